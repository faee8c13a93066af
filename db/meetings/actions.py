"""Action items from decisions, their follow-up at later meetings, and the register of decisions and actions.

An action belongs to the decision that asked for it, so it is written with the minutes and locked with them; its
status is not: an action is done months after the minutes were approved, so :func:`set_action_status` works on
locked minutes too. Which actions come up under follow-up at a meeting is derived from dates, so the follow-up of
approved minutes reads the same forever: those of the body's earlier meetings that were still open on its day.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.errors import ValidationError
from db.core.i18n import _
from db.meetings.common import clean, clean_line, load_item, load_meeting, require_unlocked
from db.meetings.models import ActionItem, ActionStatus, AgendaItem, ItemKind, Meeting
from db.meetings.numbering import meeting_code, section_label
from db.meetings.records import ActionData, ActionRecord, DecisionRecord
from db.meetings.settings import BodySettings, body_codes, body_settings
from db.members.models import Member


def _check(session: Session, data: ActionData) -> ActionData:
    text = clean(data.text)
    if text is None:
        raise ValidationError("text", _("Say what is to be done."))
    name = clean_line(data.responsible_name)
    if data.responsible_id is not None:
        member = session.get(Member, data.responsible_id)
        if member is None or member.deleted_at is not None:
            raise ValidationError("responsible", _("The member was not found; it may have been deleted."))
        name = None
    if name is not None and len(name) > 200:
        raise ValidationError("responsible", _("A name or note is at most 200 characters."))
    return ActionData(text, data.responsible_id, name, data.due_on, clean(data.notes))


def _load(session: Session, action_id: uuid.UUID) -> tuple[ActionItem, Meeting]:
    action = session.get(ActionItem, action_id)
    if action is None or action.deleted_at is not None:
        raise ValidationError("action", _("The action item was not found; it may have been deleted."))
    _item, meeting = load_item(session, action.item_id)
    return action, meeting


def add_action(session: Session, item_id: uuid.UUID, data: ActionData) -> uuid.UUID:
    """Add an action to an item's decision; return its id."""
    _item, meeting = load_item(session, item_id)
    require_unlocked(session, meeting)
    data = _check(session, data)
    action = ActionItem(item_id=item_id, text=data.text)
    _apply(action, data)
    session.add(action)
    session.flush()
    return action.id


def _apply(action: ActionItem, data: ActionData) -> None:
    action.text = data.text
    action.responsible_id = data.responsible_id
    action.responsible_name = data.responsible_name
    action.due_on = data.due_on
    action.notes = data.notes


def update_action(session: Session, action_id: uuid.UUID, data: ActionData) -> None:
    """Change what an action asks, of whom and by when (a part of the minutes: refused once they are locked)."""
    action, meeting = _load(session, action_id)
    require_unlocked(session, meeting)
    _apply(action, _check(session, data))
    session.flush()


def remove_action(session: Session, action_id: uuid.UUID) -> None:
    """Remove an action from a decision (refused once the minutes are locked)."""
    action, meeting = _load(session, action_id)
    require_unlocked(session, meeting)
    action.deleted_at = utcnow()
    session.flush()


def set_action_status(session: Session, action_id: uuid.UUID, status: ActionStatus, on: date) -> None:
    """Mark an action done, cancelled or open again (``on``: the day it was closed). Allowed on locked minutes."""
    action, meeting = _load(session, action_id)
    if status != ActionStatus.OPEN and on < meeting.held_on:
        raise ValidationError("closed_on", _("An action cannot be closed before the meeting that decided it."))
    action.status = status
    action.closed_on = None if status == ActionStatus.OPEN else on
    session.flush()


# The items whose decisions go into the register: the body's business, not the running of the meeting.
SUBSTANTIVE_KINDS = frozenset({ItemKind.ORDINARY, ItemKind.STATUTORY, ItemKind.OTHER_MATTERS})


class _References:
    """Names of meetings and their § in the style of each body, worked out once per body."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.codes = body_codes(session)
        self._settings: dict[uuid.UUID, BodySettings] = {}

    def settings(self, body_id: uuid.UUID) -> BodySettings:
        if body_id not in self._settings:
            self._settings[body_id] = body_settings(self.session, body_id, self.codes)
        return self._settings[body_id]

    def meeting(self, body_id: uuid.UUID, number: int, year: int) -> str:
        return meeting_code(self.codes.get(body_id, "?"), number, year)

    def item(self, body_id: uuid.UUID, number: int, year: int, section: int) -> str:
        label = section_label(section, self.settings(body_id).section_style)
        return f"{self.meeting(body_id, number, year)} {label}"


_ACTION_COLUMNS = (
    ActionItem,
    AgendaItem.position,
    Meeting.id,
    Meeting.body_id,
    Meeting.number,
    Meeting.year,
    Meeting.first_section,
    Meeting.held_on,
    Member.first_name,
    Member.last_name,
)


def _action_rows(session: Session, *conditions: Any) -> list[ActionRecord]:
    references = _References(session)
    statement = (
        select(*_ACTION_COLUMNS)
        .join(AgendaItem, AgendaItem.id == ActionItem.item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .outerjoin(Member, Member.id == ActionItem.responsible_id)
        .where(ActionItem.deleted_at.is_(None), AgendaItem.deleted_at.is_(None), Meeting.deleted_at.is_(None))
        .where(*conditions)
        .order_by(Meeting.held_on, Meeting.number, AgendaItem.position, ActionItem.created_at)
    )
    records = []
    for action, position, meeting_id, body_id, number, year, first, held_on, first_name, last_name in session.execute(
        statement
    ).tuples():
        responsible = f"{first_name} {last_name}" if action.responsible_id else (action.responsible_name or "")
        records.append(
            ActionRecord(
                id=action.id,
                item_id=action.item_id,
                meeting_id=meeting_id,
                reference=references.item(body_id, number, year, first + position),
                held_on=held_on,
                text=action.text,
                responsible_id=action.responsible_id,
                responsible=responsible,
                due_on=action.due_on,
                status=action.status,
                closed_on=action.closed_on,
                notes=action.notes,
            )
        )
    return records


def actions_of_items(session: Session, item_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[ActionRecord]]:
    """The actions of some items, by item."""
    found: dict[uuid.UUID, list[ActionRecord]] = {item_id: [] for item_id in item_ids}
    if item_ids:
        for record in _action_rows(session, ActionItem.item_id.in_(list(item_ids))):
            found[record.item_id].append(record)
    return found


def actions_of_meeting(session: Session, meeting_id: uuid.UUID) -> list[ActionRecord]:
    """The actions the meeting's decisions asked for, in § order."""
    load_meeting(session, meeting_id)
    return _action_rows(session, Meeting.id == meeting_id)


def follow_up_actions(session: Session, meeting_id: uuid.UUID) -> list[ActionRecord]:
    """The actions that come up under follow-up at a meeting.

    They were decided at the body's earlier meetings and were still open on its day (an action closed that very
    day is listed too: it is reported done at this meeting).
    """
    meeting = load_meeting(session, meeting_id)
    earlier = or_(
        Meeting.held_on < meeting.held_on,
        and_(Meeting.held_on == meeting.held_on, Meeting.year == meeting.year, Meeting.number < meeting.number),
    )
    still_open = or_(ActionItem.closed_on.is_(None), ActionItem.closed_on >= meeting.held_on)
    return _action_rows(session, Meeting.body_id == meeting.body_id, earlier, still_open)


def status_on(record: ActionRecord, day: date) -> ActionStatus:
    """An action's status as it stood on ``day`` (done on that day counts as done)."""
    if record.closed_on is not None and record.closed_on <= day:
        return record.status
    return ActionStatus.OPEN


def open_actions(session: Session, body_id: uuid.UUID | None = None) -> list[ActionRecord]:
    """Every open action (of one body when given), oldest decision first."""
    conditions = [ActionItem.status == ActionStatus.OPEN]
    if body_id is not None:
        conditions.append(Meeting.body_id == body_id)
    return _action_rows(session, *conditions)


def decision_register(
    session: Session,
    start: date,
    end: date,
    body_ids: Iterable[uuid.UUID] | None = None,
    *,
    procedural: bool = False,
) -> list[DecisionRecord]:
    """Every decision made from ``start`` to ``end`` (of some bodies when given), with the actions it asked for.

    An item with no decision written (yet) is no decision. The decisions of the procedural items (opening, quorum,
    officers, agenda, previous minutes, follow-up, announcements, next meeting, closing) are left out unless
    ``procedural`` is set: the register is for what the body decided. Ordered by date, body and §.

    Raises:
        ValidationError: the period ends before it starts.
    """
    if end < start:
        raise ValidationError("end", _("The period ends before it starts."))
    references = _References(session)
    statement = (
        select(
            AgendaItem.id,
            AgendaItem.position,
            AgendaItem.title,
            AgendaItem.decision,
            Meeting.id,
            Meeting.body_id,
            Meeting.number,
            Meeting.year,
            Meeting.first_section,
            Meeting.held_on,
            Meeting.state,
        )
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.deleted_at.is_(None), Meeting.deleted_at.is_(None))
        .where(AgendaItem.decision.is_not(None), AgendaItem.decision != "")
        .where(Meeting.held_on >= start, Meeting.held_on <= end)
    )
    if not procedural:
        statement = statement.where(AgendaItem.kind.in_([kind.value for kind in SUBSTANTIVE_KINDS]))
    bodies = list(body_ids) if body_ids is not None else None
    if bodies is not None:
        statement = statement.where(Meeting.body_id.in_(bodies))
    rows = list(session.execute(statement).tuples())
    actions = actions_of_items(session, [row[0] for row in rows])
    records = [
        DecisionRecord(
            meeting_id=meeting_id,
            item_id=item_id,
            body_name=references.settings(body_id).body_name,
            reference=references.item(body_id, number, year, first + position),
            held_on=held_on,
            section=first + position,
            title=title,
            decision=decision or "",
            state=state,
            actions=tuple(actions.get(item_id, ())),
        )
        for item_id, position, title, decision, meeting_id, body_id, number, year, first, held_on, state in rows
    ]
    records.sort(key=lambda record: (record.held_on, record.reference.split(" ")[0], record.section))
    return records
