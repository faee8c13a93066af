"""What every meeting operation needs: finding a live meeting, its name, and the lock on signed minutes."""

from __future__ import annotations

import uuid
from datetime import time

from sqlalchemy.orm import Session

from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.meetings.models import AgendaItem, Meeting, MeetingAttendee, MinutesState
from db.meetings.numbering import meeting_code
from db.meetings.settings import BodySettings, body_codes, body_settings


class MeetingNotFoundError(ValidationError):
    def __init__(self) -> None:
        super().__init__("meeting", _("The meeting was not found; it may have been deleted."))


class MinutesLockedError(KansliError):
    """A write to signed or approved minutes: they are locked."""

    def __init__(self, code: str, state: MinutesState) -> None:
        if state == MinutesState.APPROVED:
            message = _(
                "The minutes of {meeting} are approved and locked. A correction is a decision at a later meeting; "
                "to change these minutes, reopen them first (the reopening is recorded with its reason)."
            )
        else:
            message = _(
                "The minutes of {meeting} are signed and locked. To change them, reopen them first "
                "(the reopening is recorded with its reason) and have them checked and signed again."
            )
        super().__init__(message.format(meeting=code))
        self.code = code
        self.state = state


def load_meeting(session: Session, meeting_id: uuid.UUID) -> Meeting:
    """Return the live meeting ``meeting_id``.

    Raises:
        MeetingNotFoundError: there is no such live meeting.
    """
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise MeetingNotFoundError
    return meeting


def settings_of(session: Session, meeting: Meeting) -> BodySettings:
    """The settings of the meeting's body, defaults filled in."""
    return body_settings(session, meeting.body_id)


def code_of(session: Session, meeting: Meeting) -> str:
    """The meeting's name on paper: ``PH 5/2026``."""
    codes = body_codes(session)
    return meeting_code(codes.get(meeting.body_id, "?"), meeting.number, meeting.year)


def is_locked(meeting: Meeting) -> bool:
    """Signed and approved minutes are locked."""
    return meeting.state in (MinutesState.SIGNED, MinutesState.APPROVED)


def require_unlocked(session: Session, meeting: Meeting) -> None:
    """Refuse any change to signed or approved minutes.

    Raises:
        MinutesLockedError: with a message saying how a correction is made.
    """
    if is_locked(meeting):
        raise MinutesLockedError(code_of(session, meeting), meeting.state)


def load_item(session: Session, item_id: uuid.UUID) -> tuple[AgendaItem, Meeting]:
    """Return a live agenda item and its meeting.

    Raises:
        ValidationError: no such live item.
    """
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise ValidationError("item", _("The agenda item was not found; it may have been deleted."))
    return item, load_meeting(session, item.meeting_id)


def load_attendee(session: Session, attendee_id: uuid.UUID) -> tuple[MeetingAttendee, Meeting]:
    """Return a live attendee and the meeting.

    Raises:
        ValidationError: no such live attendee.
    """
    attendee = session.get(MeetingAttendee, attendee_id)
    if attendee is None or attendee.deleted_at is not None:
        raise ValidationError("attendee", _("The person was not found on the attendance list."))
    return attendee, load_meeting(session, attendee.meeting_id)


def clean(text: str | None) -> str | None:
    """Text without surrounding space, None when empty (line breaks inside are kept)."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def clean_line(text: str | None) -> str | None:
    """A one-line value with runs of space collapsed, None when empty."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def time_text(value: time | None) -> str | None:
    """A time of day as stored ("18:00")."""
    return f"{value.hour:02d}:{value.minute:02d}" if value is not None else None


def time_value(text: str | None) -> time | None:
    """A stored time of day back as a ``time``."""
    if not text:
        return None
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
