"""Gathering what the invitation, the minutes and the decision register show (``reports.meetings`` draws them).

The invitation and the minutes are worded in the meeting's language; the register in the language asked for.
Names come from the register, so a member who changes their name is printed with the new one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Body
from db.core.district import District
from db.core.i18n import N_, Label, translator
from db.meetings.actions import decision_register, status_on
from db.meetings.detail import meeting_detail
from db.meetings.models import (
    ACTION_STATUS_LABELS,
    ATTENDEE_ROLE_LABELS,
    MEETING_KIND_LABELS,
    MINUTES_STATE_LABELS,
    SEAT_ROLES,
    ActionStatus,
    AttendanceStatus,
    AttendeeRole,
    ItemKind,
    MinutesState,
)
from db.meetings.numbering import section_range
from db.meetings.printout import (
    DecisionRegisterPrintout,
    MeetingPrintout,
    PrintedAction,
    PrintedDecision,
    PrintedItem,
    PrintedPerson,
)
from db.meetings.records import ActionRecord, AttendeeRecord, ItemRecord, MeetingDetail


@dataclass(frozen=True)
class MeetingPrintJob:
    """A printout and the people it names (for the export log)."""

    printout: MeetingPrintout
    member_ids: list[uuid.UUID]
    description: Label


@dataclass(frozen=True)
class RegisterPrintJob:
    printout: DecisionRegisterPrintout
    member_ids: list[uuid.UUID]
    description: Label


def _district(session: Session) -> str:
    return session.execute(select(District.name)).scalar_one_or_none() or ""


def _action(record: ActionRecord, day: date | None, _t: Callable[[str], str], today: date) -> PrintedAction:
    """An action as it stood on ``day`` (as it stands now when None); overdue judged on ``day`` or ``today``."""
    status = status_on(record, day) if day is not None else record.status
    due = record.due_on
    return PrintedAction(
        text=record.text,
        responsible=record.responsible,
        due_on=record.due_on,
        status=_t(ACTION_STATUS_LABELS[status]),
        open=status == ActionStatus.OPEN,
        reference=record.reference,
        closed_on=record.closed_on if status != ActionStatus.OPEN else None,
        overdue=status == ActionStatus.OPEN and due is not None and due < (day or today),
    )


def _person(
    person: AttendeeRecord, detail: MeetingDetail, _t: Callable[[str], str], *, sections_shown: bool = True
) -> PrintedPerson:
    sections = ""
    if (
        sections_shown
        and person.status == AttendanceStatus.PRESENT
        and (person.from_section or person.to_section)
        and detail.items
    ):
        first, last = detail.items[0].section, detail.items[-1].section
        sections = section_range(person.from_section or first, person.to_section or last, detail.settings.section_style)
    return PrintedPerson(person.name, _t(ATTENDEE_ROLE_LABELS[person.role]), person.note or "", sections)


def _notes(item: ItemRecord, detail: MeetingDetail, _t: Callable[[str], str]) -> list[str]:
    """Arrivals before this § and departures after it, as the minutes record them."""
    first, last = detail.items[0].section, detail.items[-1].section
    notes = []
    for person in detail.attendees:
        if person.status != AttendanceStatus.PRESENT:
            continue
        if person.from_section == item.section and item.section > first:
            notes.append(_t(N_("{name} arrived at the meeting before this item.")).format(name=person.name))
        if person.to_section == item.section and item.section < last:
            notes.append(_t(N_("{name} left the meeting after this item.")).format(name=person.name))
    return notes


def _item(item: ItemRecord, detail: MeetingDetail, _t: Callable[[str], str]) -> PrintedItem:
    names = {person.id: person.name for person in detail.attendees}
    quorum = ""
    if not item.quorum.quorate:
        quorum = _t(N_("Not quorate: {voters} of {seats} members with a vote present, {needed} needed.")).format(
            voters=item.quorum.voters, seats=item.quorum.seats, needed=item.quorum.needed
        )
    day = detail.summary.held_on
    return PrintedItem(
        section=item.section_label,
        title=item.title,
        kind=item.kind.value,
        background=item.background or "",
        proposal=item.proposal or "",
        decision=item.decision or "",
        recused=tuple(names.get(person, "?") for person in item.recused),
        dissenters=tuple(names.get(person, "?") for person in item.dissenters),
        dissent=item.dissent or "",
        actions=tuple(_action(action, None, _t, day) for action in item.actions),
        follow_up=(
            tuple(_action(action, day, _t, day) for action in detail.follow_up)
            if item.kind == ItemKind.FOLLOW_UP
            else ()
        ),
        notes=tuple(_notes(item, detail, _t)) if detail.items else (),
        quorum=quorum,
    )


def build_meeting_printout(
    session: Session, meeting_id: uuid.UUID, today: date, now: datetime, language: str | None = None
) -> MeetingPrintJob:
    """Everything the invitation and the minutes of a meeting show, in its language (or ``language``)."""
    detail = meeting_detail(session, meeting_id, today)
    language = language or detail.language
    _t = translator(language).gettext
    people = detail.attendees
    present = [person for person in people if person.status == AttendanceStatus.PRESENT]
    voting = [person for person in present if person.role in SEAT_ROLES or person.role == AttendeeRole.DEPUTY]
    others = [person for person in present if person not in voting]
    chair = detail.chair
    secretary = detail.secretary
    convener = next(
        (person.name for person in people if person.role == AttendeeRole.CHAIR), chair.name if chair else ""
    )
    summary = detail.summary
    printout = MeetingPrintout(
        district=_district(session),
        body=summary.body_name,
        code=summary.code,
        kind=_t(MEETING_KIND_LABELS[summary.kind]),
        kind_value=summary.kind.value,
        language=language,
        held_on=summary.held_on,
        starts_at=summary.starts_at,
        ends_at=detail.ends_at,
        place=summary.place or "",
        online_link=summary.online_link or "",
        state=summary.state.value,
        invited=tuple(_person(person, detail, _t, sections_shown=False) for person in people),
        present=tuple(_person(person, detail, _t) for person in voting),
        also_present=tuple(_person(person, detail, _t) for person in others),
        absent=tuple(_person(person, detail, _t) for person in people if person.status == AttendanceStatus.ABSENT),
        excused=tuple(_person(person, detail, _t) for person in people if person.status == AttendanceStatus.EXCUSED),
        chair=chair.name if chair else "",
        secretary=secretary.name if secretary else "",
        checkers=tuple(person.name for person in detail.checkers),
        items=tuple(_item(item, detail, _t) for item in detail.items),
        printed_at=now,
        notice_sent_on=detail.notice_sent_on,
        signed_on=detail.signed_on,
        signed_place=detail.signed_place or "",
        reopened_on=detail.reopened_on,
        reopen_reason=detail.reopen_reason or "",
        convener=convener,
    )
    member_ids = [person.member_id for person in people if person.member_id is not None]
    for item in detail.items:
        member_ids.extend(action.responsible_id for action in item.actions if action.responsible_id is not None)
    member_ids.extend(action.responsible_id for action in detail.follow_up if action.responsible_id is not None)
    description = Label(N_("Papers of the meeting {meeting}"), meeting=summary.code)
    return MeetingPrintJob(printout, list(dict.fromkeys(member_ids)), description)


def build_register_printout(
    session: Session,
    start: date,
    end: date,
    language: str,
    now: datetime,
    body_ids: Iterable[uuid.UUID] | None = None,
) -> RegisterPrintJob:
    """The decision and action register of a period (of some bodies when given), worded in ``language``."""
    _t = translator(language).gettext
    bodies = list(body_ids) if body_ids is not None else None
    records = decision_register(session, start, end, bodies)
    decisions = tuple(
        PrintedDecision(
            reference=record.reference,
            held_on=record.held_on,
            body=record.body_name,
            title=record.title,
            decision=record.decision,
            state="" if record.state == MinutesState.APPROVED else _t(MINUTES_STATE_LABELS[record.state]),
            actions=tuple(_action(action, None, _t, now.date()) for action in record.actions),
        )
        for record in records
    )
    names: Sequence[str] = (
        list(session.execute(select(Body.name).where(Body.id.in_(bodies)).order_by(Body.name)).scalars())
        if bodies
        else []
    )
    printout = DecisionRegisterPrintout(
        district=_district(session),
        language=language,
        start=start,
        end=end,
        bodies=", ".join(names) if names else _t(N_("All bodies")),
        decisions=decisions,
        printed_at=now,
    )
    member_ids = [
        action.responsible_id for record in records for action in record.actions if action.responsible_id is not None
    ]
    description = Label(N_("Decision register {start}–{end}"), start=start.isoformat(), end=end.isoformat())
    return RegisterPrintJob(printout, list(dict.fromkeys(member_ids)), description)
