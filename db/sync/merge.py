"""Applying the rows of a package: each field group by the rules of :mod:`db.sync.rules`, in one transaction.

A package carries, for every row it names, the row's values as the sender holds them and the version of each field
group. For each group the greater version (:func:`db.sync.rules.version_key`) wins on every node alike, so applying
is idempotent (the same versions again change nothing), order-independent and convergent.

What else happens here:

* a row new to this node is inserted (a row with a natural key already here becomes an alias of that row);
* both sides having changed a group since they last exchanged is a **conflict**: it is recorded for review, and
  a conflict the sender recorded travels with the row so both sides list it (:mod:`db.sync.merge_conflicts`);
* an erasure arriving erases the person here (the same anonymisation as a local erasure); an erased person's
  personal fields take no change, and rows arriving for them are scrubbed before they are written;
* when this node's value wins over the sender's, the row is sent back to the sender with the next package.

The rows here are read as their logged (JSON) values, not as ORM objects, and written by the change log's bulk
writers: new rows by ``insert_rows`` (stored by SQLite in a second thread, ``db.core.background_writer``), changed
fields by ``update_rows``, which log them exactly as the ORM hook would (origin ``sync``), so undo, the next package
and the derived indexes follow. An ORM object is loaded only where other
code needs one (an erasure).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.changelog import (
    ChangeRecord,
    RowUpdate,
    background_inserts,
    current_operation_id,
    insert_rows,
    update_rows,
)
from db.core.values import JsonValue, to_json_value
from db.members.models import Member
from db.privacy.erasure import erase_members
from db.privacy.person_rows import free_text_keys
from db.sync.incoming import ChangesDoNotFitError, Incoming
from db.sync.json_values import from_json, typings_of
from db.sync.merge_conflicts import ConflictLog
from db.sync.models import ConflictWinner, SyncAlias, SyncConflict, SyncResend
from db.sync.row_values import read_rows
from db.sync.rules import (
    NAME_WHEN_ERASED,
    NATURAL_KEYS,
    PERSONAL_WHEN_ERASED,
    ZERO_VERSION,
    EntityRules,
    Version,
    synced_entities,
    version_key,
)
from db.sync.versions import GroupVersion, RowVersions, VersionStore, index_change_log, max_log_seq, upsert

_BATCH = 500
_INSERT_CHUNK = 5000  # new rows per batch on the background writer
_SAME_PACKAGE: Any = object()


@dataclass(frozen=True)
class MergeContext:
    """Who is applying whose package.

    Attributes:
        own_node: this node's id.
        central_node: the central office's node id (this node's own on the central office).
        peer_id: the sender's row in ``sync_peer``.
        peer_node: the sender's node id.
        peer_name: the sender's name, for messages.
        acked_seq: how far this node's change log the sender holds: a local version newer than that is news to it.
    """

    own_node: str
    central_node: str | None
    peer_id: int
    peer_node: str
    peer_name: str
    acked_seq: int


@dataclass
class MergeOutcome:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    conflicts: int = 0


@dataclass
class _Pending:
    """What the applier learned along the way, written at the end."""

    applied: dict[tuple[str, str], dict[str, GroupVersion]] = field(default_factory=lambda: defaultdict(dict))
    inserted: dict[tuple[str, str], tuple[Version, dict[str, Version]]] = field(default_factory=dict)
    resend: set[tuple[str, str]] = field(default_factory=set)
    deferred: list[tuple[Incoming, str]] = field(default_factory=list)  # (the change, the group held back)
    # Inserted rows whose unique value another row held, by field; and those still held at the end, by group.
    held: list[tuple[Incoming, str]] = field(default_factory=list)
    kept_out: dict[tuple[str, str], str] = field(default_factory=dict)  # new rows without it: the group


@dataclass
class _RowWrite:
    """The fields of one row to be written: their new values (as the columns hold them) and what they held."""

    values: dict[str, Any] = field(default_factory=dict)
    old: dict[str, JsonValue] = field(default_factory=dict)


Local = dict[str, JsonValue]  # a row here as its logged values


def apply_changes(
    session: Session, store: VersionStore, changes: Sequence[Incoming], context: MergeContext
) -> MergeOutcome:
    """Apply checked rows in the open transaction; conflicts are recorded and versions kept.

    Raises:
        ChangesDoNotFitError: when a value cannot be stored (the caller's transaction is then rolled back).
    """
    applier = _Applier(session, store, context)
    # Rows of one package refer to each other in any order (a godparent later in the list): checked at commit.
    if session.connection().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    else:
        session.connection().exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")  # made deferrable by db.sync.store
    by_entity: dict[str, list[Incoming]] = defaultdict(list)
    for change in changes:
        by_entity[change.rules.name].append(change)
    try:
        for name in synced_entities():
            if name in by_entity:
                applier.apply_entity(by_entity[name])
        applier.retry_deferred()
        session.flush()
    except (ValueError, TypeError) as error:
        raise ChangesDoNotFitError(context.peer_name, str(error)) from None
    applier.finish()
    applier.outcome.rows = len(changes)
    applier.outcome.conflicts = applier.conflicts.recorded
    return applier.outcome


class _Applier:
    def __init__(self, session: Session, store: VersionStore, context: MergeContext) -> None:
        self.session = session
        self.store = store
        self.context = context
        self.pending = _Pending()
        self.outcome = MergeOutcome()
        self.aliases: dict[str, dict[str, str]] = defaultdict(dict)
        for alias in session.execute(select(SyncAlias)).scalars():
            self.aliases[alias.entity][alias.remote_id] = alias.local_id
        self.new_aliases: list[dict[str, str]] = []
        self.conflicts = ConflictLog(session)
        self.unique_taken: dict[str, set[Any]] = {}
        self.natural: dict[str, dict[tuple[Any, ...], str]] = {}
        self.writes: dict[str, dict[str, _RowWrite]] = defaultdict(dict)
        # The change log records of those writes: every one is of a group whose version the applier sets itself.
        self.written_seqs: list[range] = []

    # --- reading what is here --------------------------------------------------------------------------------

    def _translate(self, change: Incoming) -> None:
        rules = change.rules
        change.row_id = self.aliases[rules.name].get(change.row_id, change.row_id)
        for key, target in rules.references.items():
            value = change.values.get(key)
            if isinstance(value, str) and value in self.aliases.get(target, {}):
                change.values[key] = self.aliases[target][value]

    def _load_rows(self, rules: EntityRules, row_ids: list[str]) -> dict[str, Local]:
        """The values of those of ``row_ids`` that are here."""
        # Most of the table (a first exchange, every member edited): one read of it all, not lookups by id.
        whole_table = len(row_ids) * 2 > _table_size(self.session, rules.table)
        return dict(read_rows(self.session, rules, row_ids, whole_table=whole_table))

    def _reload(self, rules: EntityRules, row_id: str) -> Local:
        self._write_updates()
        ((_row_id, local),) = read_rows(self.session, rules, [row_id], whole_table=False)
        return local

    def _write_updates(self) -> None:
        """Write the fields set so far (:meth:`_set_group`), before anything reads the rows again."""
        for name, writes in self.writes.items():
            if writes:
                model = synced_entities()[name].mapper.class_
                updates = [RowUpdate(row_id, write.values, write.old) for row_id, write in writes.items()]
                self.written_seqs.append(update_rows(self.session, model, updates).log_seqs)
        self.writes.clear()

    def _erased_members(self, member_ids: set[str]) -> dict[str, str]:
        """Which of these people are erased here: member id → erased_at as logged."""
        erased: dict[str, str] = {}
        ordered = sorted(member_ids)
        for start in range(0, len(ordered), _BATCH):
            batch = [uuid.UUID(value) for value in ordered[start : start + _BATCH]]
            found = self.session.execute(
                select(Member.id, Member.erased_at).where(Member.id.in_(batch), Member.erased_at.is_not(None))
            )
            for member_id, erased_at in found:
                erased[str(member_id)] = str(to_json_value(erased_at))
        return erased

    # --- applying --------------------------------------------------------------------------------------------

    def apply_entity(self, changes: list[Incoming]) -> None:
        rules = changes[0].rules
        for change in changes:
            self._translate(change)
        row_ids = sorted({change.row_id for change in changes})
        rows: dict[str, Local | None] = dict(self._load_rows(rules, row_ids))
        self.store.load(rules.name, row_ids)
        self.conflicts.load(rules.name, row_ids)
        erased: dict[str, str] = {}
        if rules.has_member_owner:
            owners = {str(change.values["member_id"]) for change in changes if change.values.get("member_id")}
            erased = self._erased_members(owners)
        inserts: list[dict[str, Any]] = []
        inserting: set[str] = set()
        self._held_unique_values(rules, changes)
        for change in changes:
            owner = change.values.get("member_id")
            if isinstance(owner, str) and owner in erased:
                _scrub_for_erased(rules, change.values, erased[owner])
            local = rows.get(change.row_id)
            if local is None and rules.name in NATURAL_KEYS:
                local = self._natural_match(rules, change)
                if local is _SAME_PACKAGE:
                    continue
                if local is not None:
                    rows[change.row_id] = local
            if local is None:
                if change.row_id in inserting:
                    continue  # the same new row twice in one package: the first is as good (same versions)
                inserting.add(change.row_id)
                inserts.append(self._insert_values(rules, change))
                continue
            local = self._merge_row(rules, change, local)
            rows[change.row_id] = local
            if change.conflicts:
                self.conflicts.carried(
                    rules,
                    change,
                    local,
                    self.store.get_or_zero(rules.name, change.row_id),
                    self.pending.applied.get((rules.name, change.row_id), {}),
                    self.context.own_node,
                )
        self.unique_taken.clear()
        self._write_updates()
        if inserts:
            for item in inserts:
                item.pop("id_text")
            # SQLite stores a batch in a second thread (and logs it itself) while the next one is made; the first
            # package of a district brings some 600 000 new rows.
            with background_inserts(self.session):
                for start in range(0, len(inserts), _INSERT_CHUNK):
                    insert_rows(self.session, rules.mapper.class_, inserts[start : start + _INSERT_CHUNK])
            self.outcome.inserted += len(inserts)

    def _natural_index(self, rules: EntityRules) -> dict[tuple[Any, ...], str]:
        """Every row here by its natural key (as logged values), read once per import."""
        index = self.natural.get(rules.name)
        if index is None:
            self._write_updates()
            self.session.flush()
            columns = [rules.mapper.attrs[name].columns[0] for name in NATURAL_KEYS[rules.name]]
            found = self.session.execute(select(rules.table.c.id, *columns)).all()
            index = self.natural[rules.name] = {
                tuple(to_json_value(value) for value in row[1:]): str(row[0]) for row in found
            }
        return index

    def _natural_match(self, rules: EntityRules, change: Incoming) -> Any:
        """The values of the row here with the arriving row's natural key, made the arriving id's alias (or None)."""
        values = tuple(change.values.get(name) for name in NATURAL_KEYS[rules.name])
        if any(value is None for value in values):
            return None
        index = self._natural_index(rules)
        local_id = index.get(values)
        if local_id is None:
            index[values] = change.row_id  # a second arriving row with this key becomes this one's alias
            return None
        if local_id == change.row_id:
            return None
        self.aliases[rules.name][change.row_id] = local_id
        self.new_aliases.append({"entity": rules.name, "remote_id": change.row_id, "local_id": local_id})
        change.row_id = local_id
        found = dict(read_rows(self.session, rules, [local_id], whole_table=False)).get(local_id)
        if found is None:
            return _SAME_PACKAGE  # an alias of a row inserted from this same package: nothing more to do
        self.store.load(rules.name, [local_id])
        self.conflicts.load(rules.name, [local_id])
        return found

    def _held_unique_values(self, rules: EntityRules, changes: list[Incoming]) -> None:
        """Read which of the arriving unique values (member numbers …) rows here already hold."""
        self.unique_taken.clear()
        for key in rules.fields:
            column = rules.mapper.attrs[key].columns[0]
            if not column.unique:
                continue
            wanted = sorted({change.values[key] for change in changes if change.values.get(key) is not None}, key=str)
            taken: set[Any] = self.unique_taken.setdefault(key, set())
            for start in range(0, len(wanted), _BATCH):
                typed = [from_json(column, value) for value in wanted[start : start + _BATCH]]
                taken.update(self.session.execute(select(column).where(column.in_(typed))).scalars())

    def _insert_values(self, rules: EntityRules, change: Incoming) -> dict[str, Any]:
        values: dict[str, Any] = {"id": uuid.UUID(change.row_id), "id_text": change.row_id}
        typings = typings_of(rules)
        for key, value in change.values.items():
            values[key] = typings[key](value)
        for key, taken in self.unique_taken.items():
            if values.get(key) is None:
                continue
            if values[key] in taken and rules.mapper.attrs[key].columns[0].nullable:
                # Held by another row here (a member number given twice): inserted without it, and tried again
                # once the whole package is in, which may have moved it away from that row (_settle_held).
                values[key] = None
                self.pending.held.append((change, key))
            else:
                taken.add(values[key])
        self.pending.inserted[(rules.name, change.row_id)] = (change.base, dict(change.groups))
        return values

    def _merge_row(self, rules: EntityRules, change: Incoming, local: Local) -> Local:
        """Merge an arriving row into the row here (``local``, its values); return the row's values after."""
        context = self.context
        row_id = change.row_id
        if rules.name == "member" and local["erased_at"] is None and change.values.get("erased_at") is not None:
            self._erase_here(row_id, change)
            local = self._reload(rules, row_id)
        versions = self.store.get_or_zero(rules.name, row_id)
        erased = rules.name == "member" and local["erased_at"] is not None
        personal = PERSONAL_WHEN_ERASED | (
            NAME_WHEN_ERASED if erased and local["deleted_at"] is not None else frozenset()
        )
        changed = False
        arriving = change.values.keys()
        for group, fields, field_set in _group_sets(rules):
            if not arriving >= field_set:
                continue
            incoming_version = change.version(group)
            here = versions.get(group)
            if erased and personal.intersection(fields):
                if any(change.values[key] != local[key] for key in fields):
                    self.pending.resend.add((rules.name, row_id))
                continue
            if incoming_version == here.version:
                continue  # most groups of most rows: nothing more to compare
            theirs = {key: change.values[key] for key in fields}
            ours = {key: local[key] for key in fields}
            central = context.central_node
            incoming_key = version_key(rules, group, incoming_version, theirs, central)
            here_key = version_key(rules, group, here.version, ours, central)
            incoming_wins = incoming_key > here_key
            news = not here.has_seen(incoming_version)
            # Both changed it since they last exchanged: the sender's write is new here, and ours is new to the
            # sender (not from it, and later in our log than what it acknowledged).
            if (
                news
                and theirs != ours
                and here.source != context.peer_node
                and here.seq > context.acked_seq
                and here.version != ZERO_VERSION
            ):
                winner = ConflictWinner.OTHER if incoming_wins else ConflictWinner.LOCAL
                self.conflicts.record(rules.name, row_id, group, ours, theirs, here.version, incoming_version, winner)
            elif news and theirs != ours and _lost_to_the_owner(incoming_key, here_key):
                # A later edit of a field this side owns (a district's change of a member number or a membership's
                # end): the owner's value stays, but the edit is listed here, where it can be taken, and travels
                # back to the sender with the row, so that its user sees why the value did not hold.
                self.conflicts.record(
                    rules.name, row_id, group, ours, theirs, here.version, incoming_version, ConflictWinner.LOCAL
                )
            if not incoming_wins:
                self.pending.resend.add((rules.name, row_id))
                if news:
                    versions.set(group, here.having_seen(incoming_version))
                continue
            if theirs != ours:
                if not self._set_group(rules, local, change, fields):
                    continue
                changed = True
            self.pending.applied[(rules.name, row_id)][group] = here.followed_by(incoming_version, 0, context.peer_node)
        if changed:
            self.outcome.updated += 1
        return local

    def _set_group(self, rules: EntityRules, local: Local, change: Incoming, fields: tuple[str, ...]) -> bool:
        """Set a group's incoming values; False (deferred) when a unique value is still held by another row.

        The values are written with the other rows' (:meth:`_write_updates`), and ``local`` follows them.
        """
        row_id = change.row_id
        moves_unique = False
        for key in fields:
            column = rules.mapper.attrs[key].columns[0]
            if column.unique and change.values[key] is not None and change.values[key] != local[key]:
                holder = self.session.execute(
                    select(rules.mapper.class_.id).where(
                        column == from_json(column, change.values[key]), rules.mapper.class_.id != uuid.UUID(row_id)
                    )
                ).first()
                if holder is not None:
                    self.pending.deferred.append((change, rules.group_of[key]))
                    return False
                moves_unique = True
        write = self.writes[rules.name].setdefault(row_id, _RowWrite())
        typings = typings_of(rules)
        for key in fields:
            write.old.setdefault(key, local[key])
            write.values[key] = typings[key](change.values[key])
            local[key] = change.values[key]
        if moves_unique:
            self._write_updates()  # a unique value that moved between rows must leave one before the next takes it
        return True

    def retry_deferred(self) -> None:
        """Try once more the unique values that were held by another row (moved later in the same package)."""
        deferred, self.pending.deferred = self.pending.deferred, []
        self._write_updates()
        self.session.flush()
        for change in {id(change): change for change, _group in deferred}.values():
            self._merge_row(change.rules, change, self._reload(change.rules, change.row_id))
        self._write_updates()
        still_held, self.pending.deferred = self.pending.deferred, []
        for change, group in still_held:
            # Still held: the row keeps its value here, as a change of this node's own (_keep_as_own), so that the
            # two sides end alike: the owner's choice (the central office's numbering) stands everywhere.
            local = self._reload(change.rules, change.row_id)
            self._keep_as_own(change, group, {name: local[name] for name in change.rules.groups[group]})
        held, self.pending.held = self.pending.held, []
        for change, key in held:
            self._settle_held(change, key)
        self._write_updates()

    def _settle_held(self, change: Incoming, key: str) -> None:
        """Give an inserted row the unique value another row held, if it is free now; else keep it out for good.

        Kept out, the row is the same on both sides only if this node's "without it" wins: it becomes a change of
        this node's own (:meth:`_keep_as_own`), and a conflict is listed so that somebody settles which record the
        value belongs to.
        """
        rules = change.rules
        column = rules.mapper.attrs[key].columns[0]
        holder = self.session.execute(
            select(rules.mapper.class_.id).where(
                column == from_json(column, change.values[key]), rules.mapper.class_.id != uuid.UUID(change.row_id)
            )
        ).first()
        if holder is None:
            write = self.writes[rules.name].setdefault(change.row_id, _RowWrite())
            write.old.setdefault(key, None)
            write.values[key] = typings_of(rules)[key](change.values[key])
            return
        group = rules.group_of[key]
        self.pending.kept_out[(rules.name, change.row_id)] = group
        self._keep_as_own(
            change, group, {name: None if name == key else change.values.get(name) for name in rules.groups[group]}
        )

    def _erase_here(self, row_id: str, change: Incoming) -> None:
        """An erasure arrives: erase the person here the same way, dated as at the sender."""
        erased_at = from_json(change.rules.mapper.attrs["erased_at"].columns[0], change.values["erased_at"])
        keep_name = change.values.get("deleted_at") is None
        self._write_updates()
        self.session.flush()
        moment = erased_at if isinstance(erased_at, datetime) else utcnow()
        erase_members(self.session, [(uuid.UUID(row_id), keep_name)], moment)
        self.session.flush()

    # --- the end ---------------------------------------------------------------------------------------------

    def _keep_as_own(self, change: Incoming, group: str, kept: dict[str, JsonValue]) -> None:
        """Keep ``kept`` in a group against an arriving value another row holds, as a change of this node's own.

        The change is logged (the arriving value as the old one), so it is versioned and sent on like any local edit:
        back to the sender, and to every other node the row concerns. Where the group has an owner, the owner's
        choice therefore stands everywhere. The conflict is listed once while it is open.
        """
        rules = change.rules
        theirs = {name: change.values.get(name) for name in rules.groups[group]}
        typings = typings_of(rules)
        typed = {name: typings[name](value) for name, value in kept.items()}
        logged = update_rows(self.session, rules.mapper.class_, [RowUpdate(change.row_id, typed, theirs)]).log_seqs
        self.pending.resend.add((rules.name, change.row_id))
        if not logged:
            return
        stamp = self.session.execute(select(ChangeRecord.hlc).where(ChangeRecord.seq == logged.start)).scalar_one()
        ours = Version(stamp, self.context.own_node)
        listed = select(SyncConflict.id).where(
            SyncConflict.entity == rules.name,
            SyncConflict.row_id == change.row_id,
            SyncConflict.field_group == group,
            SyncConflict.resolved_at.is_(None),
        )
        if self.session.execute(listed.limit(1)).first() is None:  # listed once, however often it comes back
            incoming = change.version(group)
            self.conflicts.record(rules.name, change.row_id, group, kept, theirs, ours, incoming, ConflictWinner.LOCAL)

    def finish(self) -> None:
        """Keep the versions taken on, index what the import wrote besides, and remember what to send back."""
        seq = max_log_seq(self.session)
        source = self.context.peer_node
        skip: dict[tuple[str, str], set[str] | None] = {}
        for (entity, row_id), (base, groups) in self.pending.inserted.items():
            versions = RowVersions(
                GroupVersion(base, seq, source),
                {name: GroupVersion(version, seq, source) for name, version in groups.items()},
            )
            self.store.put(entity, row_id, versions)
            skip[(entity, row_id)] = None
        for (entity, row_id), group in self.pending.kept_out.items():
            # A new row kept without a value: its other groups are as the sender wrote them, this one is ours.
            skip[(entity, row_id)] = set(synced_entities()[entity].groups) - {group}
        for (entity, row_id), applied in self.pending.applied.items():
            row_versions = self.store.get_or_zero(entity, row_id)
            for name, group_version in applied.items():
                group_version.seq = seq
                row_versions.set(name, group_version)
            skip.setdefault((entity, row_id), set()).update(applied)  # type: ignore[union-attr]
        operation = current_operation_id(self.session)
        own_inserts = (operation, len(self.pending.inserted)) if operation is not None else None
        side_effects = index_change_log(
            self.session, self.store, skip=skip, own_inserts=own_inserts, own_updates=self.written_seqs
        )
        self.pending.resend.update(side_effects)
        if self.new_aliases:
            upsert(self.session.connection(), SyncAlias, self.new_aliases, ("entity", "remote_id"))
        resend = [
            {"peer_id": self.context.peer_id, "entity": entity, "row_id": row_id, "sent_in": None}
            for entity, row_id in sorted(self.pending.resend)
        ]
        upsert(self.session.connection(), SyncResend, resend, ("peer_id", "entity", "row_id"))


def _table_size(session: Session, table: Any) -> int:
    return int(session.execute(select(func.count()).select_from(table)).scalar_one())


_GROUP_SETS: dict[str, list[tuple[str, tuple[str, ...], frozenset[str]]]] = {}


def _group_sets(rules: EntityRules) -> list[tuple[str, tuple[str, ...], frozenset[str]]]:
    """A table's field groups with their fields as a set, to test in one step whether a row carries them all."""
    found = _GROUP_SETS.get(rules.name)
    if found is None:
        found = _GROUP_SETS[rules.name] = [(group, fields, frozenset(fields)) for group, fields in rules.groups.items()]
    return found


def _lost_to_the_owner(incoming: tuple[int, int, str, str], here: tuple[int, int, str, str]) -> bool:
    """Whether a write (its :func:`version_key`) lost only because the other write was the owner's: it is later."""
    return incoming[0] == here[0] and incoming[1] < here[1] and incoming[2:] > here[2:]


def _scrub_for_erased(rules: EntityRules, values: dict[str, JsonValue], erased_at: str) -> None:
    """Make a row arriving for an erased person what the erasure would have left of it."""
    if rules.name == "membership":
        return  # kept for the statistics (db.privacy.erasure)
    if rules.name == "contact_point":
        if "value" in values:
            values["value"] = ""
        values["deleted_at"] = values.get("deleted_at") or erased_at
        return
    if rules.name == "member_interest":
        values["deleted_at"] = values.get("deleted_at") or erased_at
        return
    for key in free_text_keys(rules.mapper):
        if key in values:
            values[key] = None
