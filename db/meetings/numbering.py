"""§ numbers: how they are printed (``1 §`` or ``§ 1``) and how they run (from 1 at every meeting, or through the year).

An item's § is its meeting's ``first_section`` plus its place in the agenda. With numbering per meeting the first §
is always 1. With numbering running through the year, the year's first meeting of the body starts at 1 § and each
later one goes on from where the one before ended; adding an item to a meeting therefore moves the numbers of the
body's later meetings that year. Signed and approved minutes never move: an earlier meeting may not grow into their
numbers (it is refused with a clear message), and the meetings after them go on from their last §.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core.errors import ValidationError
from db.core.i18n import _
from db.meetings.models import LOCKED_STATES, AgendaItem, Meeting, MeetingSettings, SectionNumbering, SectionStyle

SECTION_SIGN = "§"


def section_label(number: int, style: SectionStyle) -> str:
    """``5 §`` (number first, Finnish) or ``§ 5`` (symbol first, Swedish)."""
    return f"{number} {SECTION_SIGN}" if style == SectionStyle.NUMBER_FIRST else f"{SECTION_SIGN} {number}"


def section_range(first: int, last: int, style: SectionStyle) -> str:
    """A range of §: ``5–9 §`` or ``§ 5–9`` (one § when ``first == last``)."""
    if first == last:
        return section_label(first, style)
    span = f"{first}–{last}"
    return f"{span} {SECTION_SIGN}" if style == SectionStyle.NUMBER_FIRST else f"{SECTION_SIGN} {span}"


def meeting_code(code: str, number: int, year: int) -> str:
    """How a meeting is named on paper and on the command line: ``PH 5/2026``."""
    return f"{code} {number}/{year}"


def item_counts(session: Session, meeting_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The number of live items of each meeting."""
    if not meeting_ids:
        return {}
    rows = session.execute(
        select(AgendaItem.meeting_id, func.count())
        .where(AgendaItem.meeting_id.in_(meeting_ids), AgendaItem.deleted_at.is_(None))
        .group_by(AgendaItem.meeting_id)
    ).tuples()
    return {meeting_id: int(count) for meeting_id, count in rows}


def year_meetings(session: Session, body_id: uuid.UUID, year: int) -> list[Meeting]:
    """A body's live meetings of one year in the order they are numbered: by date, then number."""
    return list(
        session.execute(
            select(Meeting)
            .where(Meeting.body_id == body_id, Meeting.year == year, Meeting.deleted_at.is_(None))
            .order_by(Meeting.held_on, Meeting.number, Meeting.id)
        ).scalars()
    )


def body_numbering(session: Session, body_id: uuid.UUID) -> SectionNumbering:
    """How the body numbers its § (per meeting unless its settings say otherwise)."""
    stored = session.execute(
        select(MeetingSettings.numbering).where(
            MeetingSettings.body_id == body_id, MeetingSettings.deleted_at.is_(None)
        )
    ).scalar_one_or_none()
    return stored or SectionNumbering.PER_MEETING


def renumber_body(session: Session, body_id: uuid.UUID) -> None:
    """Renumber every year of the body's meetings (after its numbering changed)."""
    years = session.execute(
        select(Meeting.year).where(Meeting.body_id == body_id, Meeting.deleted_at.is_(None)).distinct()
    ).scalars()
    for year in sorted(years):
        renumber(session, body_id, year)


def renumber(session: Session, body_id: uuid.UUID, year: int) -> None:
    """Set the first § of the body's open meetings of ``year``; signed and approved minutes keep theirs.

    Raises:
        ValidationError: an open meeting's items would run into the numbers of signed or approved minutes.
    """
    session.flush()
    meetings = year_meetings(session, body_id, year)
    if body_numbering(session, body_id) == SectionNumbering.PER_MEETING:
        for meeting in meetings:
            if meeting.state not in LOCKED_STATES and meeting.first_section != 1:
                meeting.first_section = 1
        session.flush()
        return
    counts = item_counts(session, [meeting.id for meeting in meetings])
    running = 1
    previous: Meeting | None = None
    for meeting in meetings:
        count = counts.get(meeting.id, 0)
        if meeting.state in LOCKED_STATES:
            if meeting.first_section < running and previous is not None:
                from db.meetings.settings import body_codes  # the settings renumber on a change: no cycle at import

                code = body_codes(session).get(body_id, "?")
                raise ValidationError(
                    "items",
                    _(
                        "The § numbers of {meeting} would run into those of the signed minutes of {locked}; "
                        "the numbers of signed minutes do not change."
                    ).format(
                        meeting=meeting_code(code, previous.number, previous.year),
                        locked=meeting_code(code, meeting.number, meeting.year),
                    ),
                )
            running = meeting.first_section + count
        else:
            if meeting.first_section != running:
                meeting.first_section = running
            running += count
        previous = meeting
    session.flush()
