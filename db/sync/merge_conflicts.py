"""The conflicts a package's rows meet: recorded once each, and carried to the other side with the row.

Both sides having changed one field group since they last exchanged is a conflict. The rule of :mod:`db.sync.rules`
decides it alike on both sides; the node that sees both writes records it (``sync_conflict``: both values, both
versions, which was kept) for somebody to review, and the package carries it with the row, so that the other side
lists it too (:func:`conflict_lines` out, :meth:`ConflictLog.carried` in). A conflict is keyed by its two versions
and recorded once however often it is learned.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.values import JsonValue, dump
from db.sync.incoming import Incoming
from db.sync.models import ConflictWinner, SyncConflict
from db.sync.rules import EntityRules, Version
from db.sync.versions import GroupVersion, RowVersions

_BATCH = 500


class ConflictLog:
    """The conflicts of one merge: those already recorded on the rows it touches, and those it records."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: set[tuple[str, str, str, frozenset[str]]] = set()
        self.recorded = 0

    def load(self, entity: str, row_ids: list[str]) -> None:
        """Remember the conflicts recorded here on these rows, so that none is recorded twice."""
        for start in range(0, len(row_ids), _BATCH):
            batch = row_ids[start : start + _BATCH]
            found = self.session.execute(
                select(
                    SyncConflict.row_id,
                    SyncConflict.field_group,
                    SyncConflict.local_version,
                    SyncConflict.other_version,
                ).where(SyncConflict.entity == entity, SyncConflict.row_id.in_(batch))
            )
            for row_id, group, local_version, other_version in found:
                self.known.add((entity, row_id, group, frozenset({local_version, other_version})))

    def record(
        self,
        entity: str,
        row_id: str,
        group: str,
        ours: dict[str, JsonValue],
        theirs: dict[str, JsonValue],
        local_version: Version,
        other_version: Version,
        winner: ConflictWinner,
    ) -> None:
        """Record a conflict on a row's group, unless it is recorded already (by its two versions)."""
        key = (entity, row_id, group, frozenset({local_version.text(), other_version.text()}))
        if key in self.known:
            return
        self.known.add(key)
        self.session.add(
            SyncConflict(
                entity=entity,
                row_id=row_id,
                field_group=group,
                local_value=dump(ours),
                other_value=dump(theirs),
                local_version=local_version.text(),
                other_version=other_version.text(),
                winner=winner,
                detected_at=utcnow(),
            )
        )
        self.recorded += 1

    def carried(
        self,
        rules: EntityRules,
        change: Incoming,
        local: Mapping[str, JsonValue],
        versions: RowVersions,
        applied: Mapping[str, GroupVersion],
        own_node: str,
    ) -> None:
        """Record the conflicts the sender recorded on this row, when this node now holds the same winner.

        ``versions`` are the row's versions here, ``applied`` the groups this merge has just taken on.
        """
        if rules.name == "member" and local["erased_at"] is not None:
            return
        for conflict in change.conflicts:
            current = applied.get(conflict.group, versions.get(conflict.group)).version
            if current != conflict.winner:
                continue
            fields = rules.groups[conflict.group]
            values = {key: local[key] for key in fields}
            if values == conflict.loser_values:
                continue
            if conflict.loser.node == own_node:
                self.record(
                    rules.name, change.row_id, conflict.group, conflict.loser_values, values,
                    conflict.loser, conflict.winner, ConflictWinner.OTHER,
                )  # fmt: skip
            else:
                self.record(
                    rules.name, change.row_id, conflict.group, values, conflict.loser_values,
                    conflict.winner, conflict.loser, ConflictWinner.LOCAL,
                )  # fmt: skip


def conflict_lines(session: Session, entity: str, row_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The open conflicts recorded here on these rows, as a package carries them (winner, loser, loser's values)."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if session.execute(select(SyncConflict.id).where(SyncConflict.entity == entity).limit(1)).first() is None:
        return found  # none on this table (the common case): no lookups by id
    for start in range(0, len(row_ids), _BATCH):
        batch = list(row_ids[start : start + _BATCH])
        conflicts = session.execute(
            select(SyncConflict).where(
                SyncConflict.entity == entity, SyncConflict.row_id.in_(batch), SyncConflict.resolved_at.is_(None)
            )
        ).scalars()
        for conflict in conflicts:
            if conflict.winner is ConflictWinner.LOCAL:
                winner, loser, loser_values = conflict.local_version, conflict.other_version, conflict.other_value
            else:
                winner, loser, loser_values = conflict.other_version, conflict.local_version, conflict.local_value
            found[conflict.row_id].append(
                {
                    "group": conflict.field_group,
                    "winner": winner.split("@"),
                    "loser": loser.split("@"),
                    "loser_values": json.loads(loser_values),
                }
            )
    return found
