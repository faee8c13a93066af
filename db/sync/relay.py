"""Which rows the central office relays to which district (docs/SYNC.md, "Relay by district").

The central office holds every district's rows; a package to one district carries only those that concern it:

* a **branch** belongs to one district: the one it was assigned to when the central office made it (the register
  import assigns every branch it creates), else the district that made it (the node of the row's first version);
* a **member** belongs to the districts of their ongoing memberships' branches; a former member to the district of
  their last membership; a person without any membership to the district that entered them;
* a **membership** concerns the district of its branch (an ended one too);
* any **other row** concerns a district when every row it refers to (a member, a branch, a body, a campaign …)
  concerns it; a row that refers to nothing (a district-level body, an interest, a campaign, a household) concerns
  only the district that made it.

Three additions keep each district's database whole:

* rows the district sent an older or losing state of are always sent back (``sync_resend``);
* when a membership of one of the district's branches changes (a member joins it, or moves into it from another
  district), the member comes with everything of theirs that concerns the district (contact points, consents …),
  which the district may never have had;
* every row sent brings the rows it refers to (its member, branch, household, godparent …), so a district never
  receives a row whose parent it lacks. So the district a member left receives the ended membership with the
  member's row as it then is, and nothing of theirs afterwards.

Nothing here is stored per district: the choice is made afresh from the rows at every export.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.district import MetaEntry
from db.members.models import Member, Membership
from db.sync.models import NodeRole, SyncPeer, SyncRow
from db.sync.rules import synced_entities
from db.sync.versions import rows_by_entity

# kansli_meta keys naming the district of a branch the central office made: "sync.branch-district.<branch id>".
BRANCH_DISTRICT_KEY: Final = "sync.branch-district."
_BATCH = 500
_NONE: frozenset[str] = frozenset()

Key = tuple[str, str]


def assign_branch(session: Session, branch_id: uuid.UUID, code: str) -> None:
    """Record that a branch the central office made belongs to the district ``code`` (kept on this node only)."""
    session.merge(MetaEntry(key=f"{BRANCH_DISTRICT_KEY}{branch_id}", value=code))


def district_codes(session: Session) -> dict[str, str]:
    """The node id (text) of every enrolled district → its code."""
    rows = session.execute(
        select(SyncPeer.node_id, SyncPeer.district_code).where(SyncPeer.role == NodeRole.DISTRICT)
    ).tuples()
    return {str(node_id): code for node_id, code in rows if node_id is not None and code}


def branch_districts(session: Session) -> dict[str, str]:
    """Every branch's district code, by the branch's id (text); branches of no district are left out."""
    codes = district_codes(session)
    homes: dict[str, str] = {}
    for row_id, node in session.execute(select(SyncRow.row_id, SyncRow.node).where(SyncRow.entity == "branch")):
        code = codes.get(node)
        if code is not None:
            homes[row_id] = code
    assigned = session.execute(
        select(MetaEntry.key, MetaEntry.value).where(MetaEntry.key.startswith(BRANCH_DISTRICT_KEY))
    ).tuples()
    for key, code in assigned:
        homes[key.removeprefix(BRANCH_DISTRICT_KEY)] = code
    return homes


def _ids(values: Iterable[str]) -> list[uuid.UUID]:
    return [uuid.UUID(value) for value in values]


def _batches(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _BATCH):
        yield ordered[start : start + _BATCH]


class Relay:
    """Works out which districts rows concern, reading what it needs in batches and remembering it."""

    def __init__(self, session: Session, today: date | None = None) -> None:
        self.session = session
        self.today = today or date.today()
        self.entities = synced_entities()
        self.codes = district_codes(session)
        self.branches = branch_districts(session)
        self._refs: dict[Key, dict[str, Key]] = {}
        self._origin: dict[Key, str | None] = {}
        self._members: dict[str, frozenset[str]] = {}
        self._districts: dict[Key, frozenset[str]] = {}

    # --- reading ---------------------------------------------------------------------------------------------------

    def prepare(self, keys: Iterable[Key]) -> None:
        """Read the references (and their references, …) and first writers of ``keys``."""
        pending = {key for key in keys if key[0] in self.entities and key not in self._refs}
        while pending:
            found: set[Key] = set()
            for entity, row_ids in rows_by_entity(pending).items():
                found |= self._read_refs(entity, row_ids)
                self._read_origins(entity, row_ids)
                if entity == "member":
                    self._read_members(row_ids)
            pending = {key for key in found if key not in self._refs}

    def _read_refs(self, entity: str, row_ids: list[str]) -> set[Key]:
        rules = self.entities[entity]
        references = {name: target for name, target in rules.references.items() if target in self.entities}
        for row_id in row_ids:
            self._refs[(entity, row_id)] = {}
        if not references:
            return set()
        names = list(references)
        columns = [rules.mapper.attrs[name].columns[0] for name in names]
        found: set[Key] = set()
        for batch in _batches(row_ids):
            statement = select(rules.table.c.id, *columns).where(rules.table.c.id.in_(_ids(batch)))
            for record in self.session.execute(statement):
                refs = {
                    name: (references[name], str(value))
                    for name, value in zip(names, record[1:], strict=True)
                    if value is not None
                }
                self._refs[(entity, str(record[0]))] = refs
                found.update(refs.values())
        return found

    def _read_origins(self, entity: str, row_ids: list[str]) -> None:
        for batch in _batches(row_ids):
            for row_id, node in self.session.execute(
                select(SyncRow.row_id, SyncRow.node).where(SyncRow.entity == entity, SyncRow.row_id.in_(batch))
            ).tuples():
                self._origin[(entity, row_id)] = self.codes.get(node)

    def _read_members(self, member_ids: list[str]) -> None:
        found: dict[str, list[tuple[str, date | None, bool]]] = {}
        erased: set[str] = set()
        for batch in _batches(member_ids):
            for owner, branch_id, ended_on, deleted_at in self.session.execute(
                select(Membership.member_id, Membership.branch_id, Membership.ended_on, Membership.deleted_at).where(
                    Membership.member_id.in_(_ids(batch))
                )
            ).tuples():
                found.setdefault(str(owner), []).append((str(branch_id), ended_on, deleted_at is None))
            erased.update(
                str(erased_id)
                for erased_id in self.session.execute(
                    select(Member.id).where(Member.id.in_(_ids(batch)), Member.erased_at.is_not(None))
                ).scalars()
            )
        for member_id in member_ids:
            memberships = found.get(member_id, [])
            live = [(branch, ended) for branch, ended, alive in memberships if alive]
            if member_id in erased:
                # An erasure reaches every district that ever held the person.
                chosen = [branch for branch, _ended, _alive in memberships]
            elif live:
                chosen = [branch for branch, ended in live if ended is None or ended > self.today]
                if not chosen:
                    last = max((ended for _branch, ended in live if ended is not None), default=None)
                    chosen = [branch for branch, ended in live if ended == last]
            else:
                chosen = [branch for branch, _ended, _alive in memberships]
            districts = {self.branches[branch] for branch in chosen if branch in self.branches}
            origin = self._origin.get(("member", member_id))
            if origin is not None and (not memberships or member_id in erased):
                districts.add(origin)
            self._members[member_id] = frozenset(districts)

    # --- deciding ----------------------------------------------------------------------------------------------

    def refs(self, key: Key) -> Mapping[str, Key]:
        """The rows ``key`` refers to, by field (read by :meth:`prepare`)."""
        return self._refs.get(key, {})

    def districts(self, key: Key) -> frozenset[str]:
        """The codes of the districts a row concerns (read by :meth:`prepare` first)."""
        known = self._districts.get(key)
        if known is not None:
            return known
        entity, row_id = key
        if entity == "branch":
            home = self.branches.get(row_id)
            result = frozenset({home}) if home else _NONE
        elif entity == "member":
            result = self._members.get(row_id, _NONE)
        elif entity == "membership" and "branch_id" in self.refs(key):
            # A membership goes by its branch: the district a member left learns that it ended.
            result = self.districts(self.refs(key)["branch_id"])
        else:
            parents = list(self.refs(key).values())
            if not parents:
                origin = self._origin.get(key)
                result = frozenset({origin}) if origin else _NONE
            else:
                self._districts[key] = _NONE  # a cycle of references concerns nobody
                result = self.districts(parents[0])
                for parent in parents[1:]:
                    result &= self.districts(parent)
        self._districts[key] = result
        return result

    def member_rows(self, member_ids: Iterable[str]) -> set[Key]:
        """Every row of a table with a member link that belongs to one of these members."""
        wanted = sorted(set(member_ids))
        rows: set[Key] = set()
        if not wanted:
            return rows
        for name, rules in self.entities.items():
            if not rules.has_member_owner:
                continue
            column = rules.table.c.member_id
            for batch in _batches(wanted):
                for (row_id,) in self.session.execute(select(rules.table.c.id).where(column.in_(_ids(batch)))):
                    rows.add((name, str(row_id)))
        return rows

    def with_parents(self, keys: Iterable[Key]) -> set[Key]:
        """``keys`` and every row they refer to, directly or through others."""
        result = set(keys)
        stack = list(result)
        while stack:
            for parent in self.refs(stack.pop()).values():
                if parent not in result:
                    result.add(parent)
                    stack.append(parent)
        return result


def rows_for_district(
    session: Session, code: str, logged: Iterable[Key], resend: Iterable[Key], today: date | None = None
) -> set[Key]:
    """Of the rows a package to district ``code`` could carry, those it does carry (see the module's docstring).

    Args:
        session: the central office's session.
        code: the district's code.
        logged: rows named by the change log since the district's acknowledgement (its own imports left out).
        resend: rows the district sent an older or losing state of: always sent.
        today: the day memberships are judged ongoing by.
    """
    relay = Relay(session, today)
    logged, resend = set(logged), set(resend)
    relay.prepare(logged | resend)
    chosen = {key for key in logged if code in relay.districts(key)} | resend
    joined = {
        member[1]
        for key in chosen
        if key[0] == "membership" and (member := relay.refs(key).get("member_id")) is not None
    }
    belongings = relay.member_rows(joined)
    relay.prepare(belongings)
    chosen |= {("member", member_id) for member_id in joined}
    chosen |= {key for key in belongings if code in relay.districts(key)}
    relay.prepare(chosen)
    return relay.with_parents(chosen)


__all__ = [
    "BRANCH_DISTRICT_KEY",
    "Relay",
    "assign_branch",
    "branch_districts",
    "district_codes",
    "rows_for_district",
]
