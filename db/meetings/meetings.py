"""Meetings: plan one (with the body's members invited and the agenda of its kind), change, delete, list, find.

A meeting is numbered ``n/yyyy`` within its body: the next free number of the year unless one is given. The
short name ``PH 5/2026`` (the body's code, see ``db.meetings.settings.body_codes``) is how the command line and
the printouts name it.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Body
from db.core.base import utcnow
from db.core.district import Language
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.meetings.agenda import apply_template, renumber_meeting
from db.meetings.attendance import invite_body
from db.meetings.common import (
    clean,
    clean_line,
    load_meeting,
    require_unlocked,
    time_text,
    time_value,
)
from db.meetings.models import ActionItem, AgendaItem, Meeting, MeetingAttendee
from db.meetings.numbering import item_counts, meeting_code, renumber
from db.meetings.records import MeetingData, MeetingSummary
from db.meetings.settings import body_codes, body_settings

MAX_NUMBER = 999
_CODE = re.compile(r"^\s*([^\W\d_][^\W_]*?)\s*(\d{1,3})\s*/\s*(\d{4})\s*$")


class NoSuchMeetingError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(_("No meeting matches {text}; `kansli meetings list` shows them.").format(text=text))


class AmbiguousMeetingError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(_("More than one meeting matches {text}; give more of its id.").format(text=text))


def _check(data: MeetingData) -> MeetingData:
    if not date(1900, 1, 1) <= data.held_on <= date(2100, 12, 31):
        raise ValidationError("held_on", _("The meeting's date is not a real date (1900–2100)."))
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        raise ValidationError("ends_at", _("The meeting ends before it starts."))
    if data.notice_sent_on is not None and data.notice_sent_on > data.held_on:
        raise ValidationError("notice_sent_on", _("The notice cannot be sent after the meeting."))
    if data.number is not None and not 1 <= data.number <= MAX_NUMBER:
        raise ValidationError("number", _("A meeting's number is between 1 and {last}.").format(last=MAX_NUMBER))
    place, link = clean_line(data.place), clean_line(data.online_link)
    if place is not None and len(place) > 200:
        raise ValidationError("place", _("The place is at most 200 characters."))
    if link is not None and (len(link) > 500 or " " in link):
        raise ValidationError("online_link", _("The link is one address of at most 500 characters."))
    return MeetingData(
        body_id=data.body_id,
        held_on=data.held_on,
        kind=data.kind,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=place,
        online_link=link,
        language=data.language,
        notice_sent_on=data.notice_sent_on,
        number=data.number,
        notes=clean(data.notes),
    )


def _live_body(session: Session, body_id: uuid.UUID) -> Body:
    body = session.get(Body, body_id)
    if body is None or body.deleted_at is not None:
        raise ValidationError("body", _("The body was not found; it may have been deleted."))
    return body


def _number(session: Session, body_id: uuid.UUID, year: int, wanted: int | None, meeting_id: uuid.UUID | None) -> int:
    statement = select(Meeting.number).where(
        Meeting.body_id == body_id, Meeting.year == year, Meeting.deleted_at.is_(None)
    )
    if meeting_id is not None:
        statement = statement.where(Meeting.id != meeting_id)
    taken = set(session.execute(statement).scalars())
    if wanted is None:
        return max(taken, default=0) + 1
    if wanted in taken:
        raise ValidationError(
            "number", _("The body already has a meeting {number}/{year}.").format(number=wanted, year=year)
        )
    return wanted


def _apply(meeting: Meeting, data: MeetingData) -> None:
    meeting.kind = data.kind
    meeting.held_on = data.held_on
    meeting.starts_at = time_text(data.starts_at)
    meeting.ends_at = time_text(data.ends_at)
    meeting.place = data.place
    meeting.online_link = data.online_link
    meeting.notice_sent_on = data.notice_sent_on
    meeting.notes = data.notes


def create_meeting(session: Session, data: MeetingData, *, invite: bool = True, agenda: bool = True) -> uuid.UUID:
    """Plan a meeting; return its id.

    Args:
        session: the transaction's session.
        data: the meeting.
        invite: put the body's members, deputies and adjunct members on the attendance list.
        agenda: start the agenda from the template of the meeting's kind, in the meeting's language.

    Raises:
        ValidationError: a value is refused, or the number is taken.
    """
    data = _check(data)
    body = _live_body(session, data.body_id)
    settings = body_settings(session, body.id)
    year = data.held_on.year
    meeting = Meeting(body_id=body.id, year=year, number=_number(session, body.id, year, data.number, None))
    meeting.language = data.language or Language(settings.language)
    _apply(meeting, data)
    session.add(meeting)
    session.flush()
    renumber_meeting(session, meeting)
    if invite:
        invite_body(session, meeting.id)
    if agenda:
        apply_template(session, meeting.id)
    return meeting.id


def update_meeting(session: Session, meeting_id: uuid.UUID, data: MeetingData) -> None:
    """Change a meeting's date, time, place, kind, language, notice or number (refused once the minutes are locked).

    Moving it to another year gives it the next free number of that year unless a number is given.

    Raises:
        ValidationError: a value is refused, the number is taken, or the body is changed.
    """
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    data = _check(data)
    if data.body_id != meeting.body_id:
        raise ValidationError("body", _("A meeting stays with its body; plan a new meeting for the other body."))
    old_year = meeting.year
    year = data.held_on.year
    wanted = data.number if data.number is not None else (meeting.number if year == old_year else None)
    number = _number(session, meeting.body_id, year, wanted, meeting.id)
    if (meeting.year, meeting.number) != (year, number):
        meeting.year, meeting.number = year, number
    if data.language is not None:
        meeting.language = data.language
    _apply(meeting, data)
    session.flush()
    renumber_meeting(session, meeting)
    if old_year != year:
        renumber(session, meeting.body_id, old_year)


def delete_meeting(session: Session, meeting_id: uuid.UUID) -> None:
    """Delete a planned or draft meeting with its items, attendance and actions (refused once locked)."""
    meeting = load_meeting(session, meeting_id)
    require_unlocked(session, meeting)
    now = utcnow()
    items = list(
        session.execute(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
        ).scalars()
    )
    for action in session.execute(
        select(ActionItem).where(ActionItem.item_id.in_([item.id for item in items]), ActionItem.deleted_at.is_(None))
    ).scalars():
        action.deleted_at = now
    for item in items:
        item.deleted_at = now
    for attendee in session.execute(
        select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.deleted_at.is_(None))
    ).scalars():
        attendee.deleted_at = now
    meeting.deleted_at = now
    session.flush()
    renumber(session, meeting.body_id, meeting.year)


def list_meetings(
    session: Session,
    *,
    body_id: uuid.UUID | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[MeetingSummary]:
    """Live meetings (of one body, between two dates, when given) by date, then body and number."""
    statement = (
        select(Meeting, Body.name)
        .join(Body, Body.id == Meeting.body_id)
        .where(Meeting.deleted_at.is_(None), Body.deleted_at.is_(None))
    )
    if body_id is not None:
        statement = statement.where(Meeting.body_id == body_id)
    if start is not None:
        statement = statement.where(Meeting.held_on >= start)
    if end is not None:
        statement = statement.where(Meeting.held_on <= end)
    rows = list(session.execute(statement.order_by(Meeting.held_on, Body.name, Meeting.number)).tuples())
    codes = body_codes(session)
    counts = item_counts(session, [meeting.id for meeting, _name in rows])
    return [
        MeetingSummary(
            id=meeting.id,
            body_id=meeting.body_id,
            body_name=name,
            code=meeting_code(codes.get(meeting.body_id, "?"), meeting.number, meeting.year),
            number=meeting.number,
            year=meeting.year,
            kind=meeting.kind,
            held_on=meeting.held_on,
            starts_at=time_value(meeting.starts_at),
            place=meeting.place,
            online_link=meeting.online_link,
            state=meeting.state,
            items=counts.get(meeting.id, 0),
        )
        for meeting, name in rows
    ]


def meeting_summary(session: Session, meeting_id: uuid.UUID) -> MeetingSummary:
    """One meeting as a list shows it."""
    meeting = load_meeting(session, meeting_id)
    return next(
        summary
        for summary in list_meetings(session, body_id=meeting.body_id, start=meeting.held_on, end=meeting.held_on)
        if summary.id == meeting_id
    )


def find_meeting(session: Session, text: str) -> uuid.UUID:
    """Find a meeting by its short name (``PH 5/2026``, any case and spacing) or its id (or the end of it).

    Raises:
        NoSuchMeetingError: nothing matches.
        AmbiguousMeetingError: the end of an id matches more than one meeting.
    """
    match = _CODE.match(text)
    if match:
        code, number, year = match.group(1).casefold(), int(match.group(2)), int(match.group(3))
        bodies = [body_id for body_id, body_code in body_codes(session).items() if body_code.casefold() == code]
        found = session.execute(
            select(Meeting.id).where(
                Meeting.body_id.in_(bodies),
                Meeting.number == number,
                Meeting.year == year,
                Meeting.deleted_at.is_(None),
            )
        ).scalar_one_or_none()
        if found is None:
            raise NoSuchMeetingError(text)
        return found
    wanted = text.strip().lower().replace("-", "")
    if len(wanted) < 4 or not all(char in "0123456789abcdef" for char in wanted):
        raise NoSuchMeetingError(text)
    ids = session.execute(select(Meeting.id).where(Meeting.deleted_at.is_(None))).scalars()
    matches = [meeting_id for meeting_id in ids if meeting_id.hex.endswith(wanted) or meeting_id.hex.startswith(wanted)]
    if len(matches) > 1:
        raise AmbiguousMeetingError(text)
    if not matches:
        raise NoSuchMeetingError(text)
    return matches[0]
