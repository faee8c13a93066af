"""The § items of a meeting: the agenda from a template, items added, changed, moved and removed, decisions.

Adding, removing or moving an item changes § numbers: the meeting's own, and with numbering running through the
year those of the body's later meetings that year (``db.meetings.numbering.renumber``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.errors import ValidationError
from db.core.i18n import N_, _, translator
from db.meetings.attendance import attendees
from db.meetings.common import clean, clean_line, code_of, load_item, load_meeting, require_unlocked, settings_of
from db.meetings.models import MEMBERS_MEETINGS, ActionItem, AgendaItem, ItemKind, Meeting, MeetingAttendee
from db.meetings.numbering import renumber, section_label
from db.meetings.records import ItemData
from db.meetings.templates import agenda_template

MAX_ITEMS = 200
MAX_TITLE = 300
# Items that close an agenda: a new item goes before them.
_TAIL = (ItemKind.OTHER_MATTERS, ItemKind.NEXT_MEETING, ItemKind.CLOSING)


def live_items(session: Session, meeting_id: uuid.UUID) -> list[AgendaItem]:
    """A meeting's live items in agenda order."""
    return list(
        session.execute(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
            .order_by(AgendaItem.position, AgendaItem.id)
        ).scalars()
    )


def renumber_meeting(session: Session, meeting: Meeting) -> None:
    """Bring the § numbers of the meeting's body and year up to date after its items changed."""
    renumber(session, meeting.body_id, meeting.year)


def _check(session: Session, meeting: Meeting, data: ItemData) -> ItemData:
    title = clean_line(data.title)
    if title is None:
        raise ValidationError("title", _("Give the item a title."))
    if len(title) > MAX_TITLE:
        raise ValidationError("title", _("An item's title is at most 300 characters."))
    if data.recused or data.dissenters:
        listed = set(
            session.execute(
                select(MeetingAttendee.id).where(
                    MeetingAttendee.meeting_id == meeting.id, MeetingAttendee.deleted_at.is_(None)
                )
            ).scalars()
        )
        for field, people in (("recused", data.recused), ("dissenters", data.dissenters)):
            if any(person not in listed for person in people):
                raise ValidationError(field, _("Choose the people from the meeting's attendance list."))
    if set(data.recused) & set(data.dissenters):
        raise ValidationError(
            "dissenters", _("A person who stepped out for a conflict of interest cannot dissent on the item.")
        )
    return replace(
        data,
        title=title,
        background=clean(data.background),
        proposal=clean(data.proposal),
        decision=clean(data.decision),
        dissent=clean(data.dissent),
        recused=tuple(dict.fromkeys(data.recused)),
        dissenters=tuple(dict.fromkeys(data.dissenters)),
    )


def _ids_json(ids: Sequence[uuid.UUID]) -> str:
    return json.dumps([str(value) for value in ids])


def ids_from_json(text: str) -> tuple[uuid.UUID, ...]:
    """The attendee ids stored in ``recused`` or ``dissenters``."""
    return tuple(uuid.UUID(value) for value in json.loads(text or "[]"))


def _apply(item: AgendaItem, data: ItemData) -> None:
    item.kind = data.kind
    item.title = data.title
    item.background = data.background
    item.proposal = data.proposal
    item.decision = data.decision
    item.dissent = data.dissent
    for name, ids in (("recused", data.recused), ("dissenters", data.dissenters)):
        text = _ids_json(ids)
        if getattr(item, name) != text:
            setattr(item, name, text)


def _place(items: Sequence[AgendaItem]) -> int:
    """Where a new item goes: before other matters, the next meeting and the closing; else at the end."""
    for index, item in enumerate(items):
        if item.kind in _TAIL:
            return index
    return len(items)


def add_item(session: Session, meeting_id: uuid.UUID, data: ItemData, position: int | None = None) -> uuid.UUID:
    """Add an item at ``position`` (0-based; default: before other matters and the closing); return its id."""
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    data = _check(session, meeting, data)
    items = live_items(session, meeting_id)
    if len(items) >= MAX_ITEMS:
        raise ValidationError("items", _("A meeting has at most {count} items.").format(count=MAX_ITEMS))
    index = _place(items) if position is None else max(0, min(position, len(items)))
    item = AgendaItem(meeting_id=meeting_id, position=index, title=data.title)
    _apply(item, data)
    session.add(item)
    items.insert(index, item)
    _reorder(items)
    session.flush()
    renumber_meeting(session, meeting)
    return item.id


def add_items(session: Session, meeting_id: uuid.UUID, items: Sequence[ItemData]) -> list[uuid.UUID]:
    """Add several items at the end of the agenda, in order (a template, a copied agenda); return their ids."""
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    existing = live_items(session, meeting_id)
    if len(existing) + len(items) > MAX_ITEMS:
        raise ValidationError("items", _("A meeting has at most {count} items.").format(count=MAX_ITEMS))
    made = []
    for offset, data in enumerate(items):
        checked = _check(session, meeting, data)
        item = AgendaItem(meeting_id=meeting_id, position=len(existing) + offset, title=checked.title)
        _apply(item, checked)
        session.add(item)
        made.append(item)
    session.flush()
    renumber_meeting(session, meeting)
    return [item.id for item in made]


def apply_template(session: Session, meeting_id: uuid.UUID) -> list[uuid.UUID]:
    """Fill an empty agenda with the template of the meeting's kind, in the meeting's language.

    Raises:
        ValidationError: the agenda already has items.
    """
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    if live_items(session, meeting_id):
        raise ValidationError("items", _("The agenda already has items; the template fills an empty agenda only."))
    settings = settings_of(session, meeting)
    template = agenda_template(
        meeting.kind, settings.body_kind, meeting.language.value, settings.ordinary_items, meeting.year
    )
    return add_items(session, meeting_id, template)


def update_item(session: Session, item_id: uuid.UUID, data: ItemData) -> None:
    """Change an item: title, background, proposal, decision, who stepped out, dissent."""
    item, meeting = load_item(session, item_id)
    require_unlocked(session, meeting)
    _apply(item, _check(session, meeting, data))
    session.flush()


def record_decision(session: Session, item_id: uuid.UUID, decision: str | None) -> None:
    """Write (or clear) an item's decision, leaving the rest of the item as it is."""
    item, meeting = load_item(session, item_id)
    require_unlocked(session, meeting)
    text = clean(decision)
    if item.decision != text:
        item.decision = text
    session.flush()


def move_item(session: Session, item_id: uuid.UUID, position: int) -> None:
    """Move an item to ``position`` (0-based) in the agenda; the § numbers follow."""
    item, meeting = load_item(session, item_id)
    require_unlocked(session, meeting)
    items = [other for other in live_items(session, meeting.id) if other.id != item_id]
    items.insert(max(0, min(position, len(items))), item)
    _reorder(items)
    session.flush()


def remove_item(session: Session, item_id: uuid.UUID) -> None:
    """Remove an item (and the actions it asked for); the items after it move up one §."""
    item, meeting = load_item(session, item_id)
    require_unlocked(session, meeting)
    now = utcnow()
    item.deleted_at = now
    for action in session.execute(
        select(ActionItem).where(ActionItem.item_id == item_id, ActionItem.deleted_at.is_(None))
    ).scalars():
        action.deleted_at = now
    _reorder([other for other in live_items(session, meeting.id) if other.id != item_id])
    session.flush()
    renumber_meeting(session, meeting)


def _reorder(items: Sequence[AgendaItem]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position


def standard_decision(session: Session, item: AgendaItem, meeting: Meeting) -> str | None:
    """The customary decision of an item taken as proposed, in the meeting's language.

    Opening and closing record the time; the election of officers names them; a Swedish *att*-proposal becomes
    the decision as it stands ("Beslut: att godkänna dagordningen"); any other proposal is "approved as proposed".
    """
    language = meeting.language.value
    _t = translator(language).gettext
    if item.kind == ItemKind.OPENING and meeting.starts_at:
        return _t(N_("The chair opened the meeting at {time}.")).format(time=meeting.starts_at.replace(":", "."))
    if item.kind == ItemKind.CLOSING and meeting.ends_at:
        return _t(N_("The chair closed the meeting at {time}.")).format(time=meeting.ends_at.replace(":", "."))
    if item.kind == ItemKind.OFFICERS:
        people = attendees(session, meeting.id)
        checkers = [person.name for person in people if person.checks_minutes]
        if checkers:
            names = (
                _t(N_("{first} and {second}")).format(first=checkers[0], second=checkers[1])
                if len(checkers) > 1
                else checkers[0]
            )
            chair = next((person.name for person in people if person.chairs), "")
            secretary = next((person.name for person in people if person.keeps_minutes), "")
            if meeting.kind in MEMBERS_MEETINGS and chair and secretary:
                return _t(
                    N_(
                        "{chair} was elected chair of the meeting, {secretary} secretary, and {checkers} "
                        "minute checkers and vote counters."
                    )
                ).format(chair=chair, secretary=secretary, checkers=names)
            return _t(N_("{checkers} were elected to check the minutes and count the votes if needed.")).format(
                checkers=names
            )
    if item.proposal:
        if language == "sv" and item.proposal.startswith("att "):
            return item.proposal
        return _t(N_("Approved as proposed."))
    return None


def decide_as_proposed(session: Session, item_ids: Sequence[uuid.UUID]) -> int:
    """Give each item without a decision its customary decision (:func:`standard_decision`); return how many."""
    decided = 0
    for item_id in item_ids:
        item, meeting = load_item(session, item_id)
        require_unlocked(session, meeting)
        if item.decision:
            continue
        decision = standard_decision(session, item, meeting)
        if decision:
            item.decision = decision
            decided += 1
    session.flush()
    return decided


def item_reference(session: Session, item: AgendaItem, meeting: Meeting) -> str:
    """How a decision is cited: ``PH 5/2026 7 §``."""
    settings = settings_of(session, meeting)
    return f"{code_of(session, meeting)} {section_label(meeting.first_section + item.position, settings.section_style)}"
