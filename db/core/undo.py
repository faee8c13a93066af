"""Undo and redo, built on the change log.

Undoing an operation writes a new operation (origin ``undo``) that puts back every field the original changed; a
row the original created is marked deleted. Redo undoes that undo (origin ``redo``). The log keeps everything, so
the audit trail shows the undo as well as what it undid.

An undo is refused when the data has changed since (for example by a later sync): it never overwrites
somebody else's newer value.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Table, exists, select
from sqlalchemy.orm import Mapper, Session, aliased

from db.core.base import Base, Synced, utcnow
from db.core.changelog import (
    CAPTURE_KEY,
    CaptureContext,
    ChangeRecord,
    Operation,
    Origin,
    current_operation_id,
)
from db.core.errors import ErasedDataError, NothingToRedoError, NothingToUndoError, UndoConflictError
from db.core.i18n import N_, Label, _, label_text
from db.core.values import from_json_value, to_json_value

RevertHook = Callable[[Session, int, int], None]
"""Called in the reverting transaction with the id of the operation reverted and the id of the one reverting it."""
_REVERT_HOOKS: list[RevertHook] = []

UNDOABLE_ORIGINS = (Origin.LOCAL, Origin.IMPORT, Origin.REDO)
# A new edit or import ends the redo chain, as in every editor; a redo does not.
REDO_BREAKING_ORIGINS = (Origin.LOCAL, Origin.IMPORT)
_BATCH = 500


@dataclass(frozen=True)
class HistoryStep:
    """An operation that undo or redo would act on, as the Edit menu shows it."""

    operation_id: int
    label: str
    created_at: datetime


def on_revert(hook: RevertHook) -> RevertHook:
    """Have ``hook`` follow every undo and redo; return it (so it can be used as a decorator).

    State kept outside the synced rows (a sync conflict settled by an operation) can so be turned back with them.
    """
    if hook not in _REVERT_HOOKS:
        _REVERT_HOOKS.append(hook)
    return hook


def _after_revert(session: Session, reverted_id: int, reverting_id: int) -> None:
    for hook in _REVERT_HOOKS:
        hook(session, reverted_id, reverting_id)


def next_undo(session: Session) -> HistoryStep | None:
    """Return the operation the next undo would revert, if any."""
    operation = _undo_candidate(session)
    return _step(operation) if operation else None


def next_redo(session: Session) -> HistoryStep | None:
    """Return the undo the next redo would revert, if any (labelled with what it restores)."""
    undo = _redo_candidate(session)
    if undo is None or undo.undo_of_id is None:
        return None
    original = session.get(Operation, undo.undo_of_id)
    return HistoryStep(undo.id, label_text(original.label if original else undo.label), undo.created_at)


def undo_last(session: Session) -> HistoryStep:
    """Revert the most recent undoable operation in the transaction of ``session``.

    Raises:
        NothingToUndoError: when there is nothing left to undo.
        UndoConflictError: when a field has changed since; nothing is changed then.
    """
    operation = _undo_candidate(session)
    if operation is None:
        raise NothingToUndoError
    _label_transaction(session, Origin.UNDO, Label(N_("Undo: {label}"), label=operation.label).stored())
    new_operation_id = _revert(session, operation)
    operation.undone_by_id = new_operation_id
    undo = session.get(Operation, new_operation_id)
    assert undo is not None
    undo.undo_of_id = operation.id
    session.flush()
    _after_revert(session, operation.id, new_operation_id)
    return _step(operation)


def redo_last(session: Session) -> HistoryStep:
    """Revert the most recent undo, if nothing new was done since.

    Raises:
        NothingToRedoError: when there is nothing to redo.
        UndoConflictError: when a field has changed since; nothing is changed then.
    """
    undo = _redo_candidate(session)
    if undo is None or undo.undo_of_id is None:
        raise NothingToRedoError
    original = session.get(Operation, undo.undo_of_id)
    label = original.label if original else undo.label
    _label_transaction(session, Origin.REDO, label)
    new_operation_id = _revert(session, undo)
    undo.undone_by_id = new_operation_id
    session.flush()
    _after_revert(session, undo.id, new_operation_id)
    return HistoryStep(undo.id, label_text(label), undo.created_at)


def _undo_candidate(session: Session) -> Operation | None:
    statement = (
        select(Operation)
        .where(Operation.origin.in_(UNDOABLE_ORIGINS), Operation.undone_by_id.is_(None))
        .order_by(Operation.id.desc())
        .limit(1)
    )
    return session.execute(statement).scalar_one_or_none()


def _redo_candidate(session: Session) -> Operation | None:
    later = aliased(Operation)
    statement = (
        select(Operation)
        .where(
            Operation.origin == Origin.UNDO,
            Operation.undone_by_id.is_(None),
            ~exists().where(later.id > Operation.id, later.origin.in_(REDO_BREAKING_ORIGINS)),
        )
        .order_by(Operation.id.desc())
        .limit(1)
    )
    return session.execute(statement).scalar_one_or_none()


def _step(operation: Operation) -> HistoryStep:
    return HistoryStep(operation.id, label_text(operation.label), operation.created_at)


def _label_transaction(session: Session, origin: Origin, label: str) -> None:
    context = session.info.get(CAPTURE_KEY)
    if isinstance(context, CaptureContext):
        session.info[CAPTURE_KEY] = replace(context, origin=origin, label=label)


def _mappers_by_table() -> dict[str, Mapper[Any]]:
    return {mapper.local_table.name: mapper for mapper in Base.registry.mappers}  # type: ignore[attr-defined]


def _revert(session: Session, operation: Operation) -> int:
    records = (
        session.execute(
            select(ChangeRecord).where(ChangeRecord.operation_id == operation.id).order_by(ChangeRecord.seq.desc())
        )
        .scalars()
        .all()
    )
    rows = _load_rows(session, records)
    _refuse_erased(session, label_text(operation.label), rows.values())
    now = utcnow()
    for record in records:
        row = rows[(record.entity, record.row_id)]
        if record.field is None:
            # The operation created this row: undoing it marks the row deleted.
            if row.deleted_at is not None:
                raise UndoConflictError(label_text(operation.label))
            row.deleted_at = now
            continue
        column = row.__mapper__.columns[record.field]  # type: ignore[attr-defined]
        current = to_json_value(getattr(row, record.field))
        if current != json.loads(record.new_value or "null"):
            raise UndoConflictError(label_text(operation.label))
        setattr(row, record.field, from_json_value(column, json.loads(record.old_value or "null")))
        if column.unique:
            # A unique value that moved between rows (a member number kept by a merge) must leave its new row
            # before the old row takes it back; one flush at the end would write the rows in key order instead.
            session.flush()
    session.flush()
    operation_id = current_operation_id(session)
    assert operation_id is not None, "a revert always changes something"
    return operation_id


def _refuse_erased(session: Session, label: str, rows: Iterable[Synced]) -> None:
    """Refuse to revert changes to a person whose data was erased (GDPR Art. 17), or to the rows they owned.

    The erasure scrubbed the old values from the log, and putting anything back over an erasure would undo it in
    sync too. Found generically: a row with ``erased_at`` set, or a row whose ``member_id`` points at one.
    """
    owners: dict[Table, set[Any]] = defaultdict(set)
    for row in rows:
        if getattr(row, "erased_at", None) is not None:
            raise ErasedDataError(label)
        owner = row.__table__.columns.get("member_id")  # type: ignore[attr-defined]
        for key in owner.foreign_keys if owner is not None else ():
            if "erased_at" in key.column.table.columns:
                owners[key.column.table].add(row.member_id)  # type: ignore[attr-defined]
    for table, ids in owners.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), _BATCH):
            batch = ordered[start : start + _BATCH]
            erased = select(table.c.id).where(table.c.id.in_(batch), table.c.erased_at.is_not(None)).limit(1)
            if session.execute(erased).first() is not None:
                raise ErasedDataError(label)


def _load_rows(session: Session, records: Sequence[ChangeRecord]) -> dict[tuple[str, str], Synced]:
    """Load every row an operation touched, a batch of ids per query rather than one query per row."""
    mappers = _mappers_by_table()
    wanted: dict[str, set[str]] = defaultdict(set)
    for record in records:
        wanted[record.entity].add(record.row_id)
    rows: dict[tuple[str, str], Synced] = {}
    for entity, row_ids in wanted.items():
        model = mappers[entity].class_
        ids = sorted(row_ids)
        for start in range(0, len(ids), _BATCH):
            batch = [uuid.UUID(value) for value in ids[start : start + _BATCH]]
            for row in session.execute(select(model).where(model.id.in_(batch))).scalars():
                rows[(entity, str(row.id))] = row
    missing = {(r.entity, r.row_id) for r in records} - rows.keys()
    if missing:
        raise UndoConflictError(_("a change whose rows no longer exist"))
    return rows
