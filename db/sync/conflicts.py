"""Conflicts for review: both sides changed one field group of a row since they last exchanged.

The rule has already decided each one, the same way on every node (:mod:`db.sync.rules`); the list lets a person
check the decision and, with :func:`take_other`, put the value the rule set aside in place as a new local change,
which then travels to the other side like any edit.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.changelog import current_operation_id
from db.core.database import Store
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _
from db.core.values import JsonValue
from db.sync.exchange import forget_erased_conflicts
from db.sync.json_values import from_json
from db.sync.models import ConflictWinner, NodeRole, SyncConflict, SyncNode
from db.sync.rules import synced_entities


class ConflictNotFoundError(KansliError):
    def __init__(self, conflict_id: int) -> None:
        super().__init__(_("There is no open conflict number {number}.").format(number=conflict_id))


class ValueHeldElsewhereError(KansliError):
    def __init__(self, value: str, record: str) -> None:
        super().__init__(
            _("{value} is already in use by {record}. Change that record first, then take the other value.").format(
                value=value, record=record
            )
        )


class DecidedElsewhereError(KansliError):
    """The other side owns what the conflict is about: a value taken here would lose to theirs again."""

    def __init__(self, owner: NodeRole) -> None:
        if owner is NodeRole.CENTRAL:
            message = _(
                "The party office's register decides this, so its value stays. Your value is listed at the party "
                "office, where they can take it."
            )
        else:
            message = _(
                "The district decides this, so its value stays. This office's value is listed at the district, "
                "where they can take it."
            )
        super().__init__(message)


@dataclass(frozen=True)
class ConflictView:
    """A conflict as the list shows it.

    Attributes:
        id: its number, given to ``--take-other``.
        entity: the table.
        row_id: the row.
        field_group: the group both sides changed.
        record: what the row is to a person (a member's number or name), when it can be said.
        local_value: this node's value of the group, field by field.
        other_value: the other side's value.
        winner: which of the two the rule kept.
        detected_at: when it was found here.
        taken_other: whether someone took the value the rule set aside.
        decided_elsewhere: the other side owns the field group (the central office member numbers and membership
            dates, a district its notes …): the other value cannot be taken here, only there.
    """

    id: int
    entity: str
    row_id: str
    field_group: str
    record: str
    local_value: dict[str, JsonValue]
    other_value: dict[str, JsonValue]
    winner: ConflictWinner
    detected_at: datetime
    taken_other: bool
    decided_elsewhere: bool = False


def _record_label(session: Session, entity: str, row_id: str) -> str:
    rules = synced_entities().get(entity)
    if rules is None:
        return row_id
    row = session.get(rules.mapper.class_, uuid.UUID(row_id))
    if row is None:
        return row_id
    if entity == "member":
        number = row.member_number
        name = f"{row.first_name} {row.last_name}"
        return f"{number} {name}" if number else name
    member_id = getattr(row, "member_id", None)
    if member_id is not None:
        return _record_label(session, "member", str(member_id))
    return str(getattr(row, "name", None) or row_id)


def _owner_elsewhere(session: Session, conflict: SyncConflict) -> NodeRole | None:
    """The side that owns the conflict's group, when it is not this node."""
    rules = synced_entities().get(conflict.entity)
    owner = rules.owner(conflict.field_group) if rules is not None else None
    role = session.execute(select(SyncNode.role)).scalar_one_or_none()
    return owner if owner is not None and role is not None and role is not owner else None


def _view(session: Session, conflict: SyncConflict) -> ConflictView:
    return ConflictView(
        id=conflict.id,
        entity=conflict.entity,
        row_id=conflict.row_id,
        field_group=conflict.field_group,
        record=_record_label(session, conflict.entity, conflict.row_id),
        local_value=json.loads(conflict.local_value),
        other_value=json.loads(conflict.other_value),
        winner=conflict.winner,
        detected_at=conflict.detected_at,
        taken_other=conflict.taken_other,
        decided_elsewhere=_owner_elsewhere(session, conflict) is not None,
    )


def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[ConflictView]:
    """The conflicts recorded here, oldest first (only those still open unless asked)."""
    statement = select(SyncConflict).order_by(SyncConflict.id)
    if not include_resolved:
        statement = statement.where(SyncConflict.resolved_at.is_(None))
    return [_view(session, conflict) for conflict in session.execute(statement).scalars()]


def _refuse_values_held_elsewhere(session: Session, model: Any, row_id: uuid.UUID, values: dict[str, Any]) -> None:
    """A unique value (a member number) that another record holds cannot be taken: say which record."""
    for key, value in values.items():
        column = model.__table__.c[key]
        if not column.unique or value is None:
            continue
        holder = session.execute(select(model.id).where(column == value, model.id != row_id)).scalar()
        if holder is not None:
            raise ValueHeldElsewhereError(str(value), _record_label(session, model.__tablename__, str(holder)))


def take_other(database: Store, conflict_id: int) -> ConflictView:
    """Put in place the value the rule set aside, as a new local change (undoable, and sent in the next package).

    Raises:
        ConflictNotFoundError: when no open conflict has that number (those of erased people are forgotten).
        DecidedElsewhereError: when the other side owns the group; nothing is changed.
        ValueHeldElsewhereError: when another record here holds the value (a member number); nothing is changed.
    """
    with database.transaction(Label(N_("Take the other value of a sync conflict"))) as session:
        forget_erased_conflicts(session)
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            raise ConflictNotFoundError(conflict_id)
        owner = _owner_elsewhere(session, conflict)
        if owner is not None:
            raise DecidedElsewhereError(owner)
        rules = synced_entities()[conflict.entity]
        row = session.get(rules.mapper.class_, uuid.UUID(conflict.row_id))
        if row is None or getattr(row, "erased_at", None) is not None:
            raise ConflictNotFoundError(conflict_id)
        wanted: dict[str, Any] = json.loads(
            conflict.other_value if conflict.winner is ConflictWinner.LOCAL else conflict.local_value
        )
        typed = {key: from_json(rules.mapper.attrs[key].columns[0], value) for key, value in wanted.items()}
        _refuse_values_held_elsewhere(session, rules.mapper.class_, row.id, typed)
        for key, value in typed.items():
            setattr(row, key, value)
        conflict.resolved_at = utcnow()
        conflict.taken_other = True
        session.flush()  # the row's change opens the operation, so there is an id to remember
        conflict.settled_by_operation_id = current_operation_id(session)
        return _view(session, conflict)
