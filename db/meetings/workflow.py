"""The minutes' workflow: draft → with the minute checkers → signed → approved, and the lock that follows.

* **Draft** and **with the checkers**: everything can be changed (the checkers' amendments are typed in).
* **Signed**: the checkers and the chair have signed; the minutes are locked, since the paper no longer matches
  anything typed after it. **Approved** is the last state; the scanned signed PDF can be attached.
* Every write to signed or approved minutes is refused (``db.meetings.common.MinutesLockedError``). A correction
  is, by custom, a new decision at a later meeting. If the minutes themselves must change (a wrong name, a missed
  §), :func:`reopen_minutes` takes them back to draft: it asks for a reason and records it with the day on the
  meeting, and the change log keeps the states and dates it replaced. Reopened minutes go through the checkers
  and the signatures again; the printed draft says when and why they were reopened.
* Undo follows the change log, newest first: undoing the approval is possible only while it is the latest change,
  and then it is itself logged.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.errors import ValidationError
from db.core.i18n import N_, _
from db.meetings.common import clean, clean_line, code_of, load_meeting
from db.meetings.models import MINUTES_STATE_LABELS, Meeting, MeetingAttendee, MeetingScan, MinutesState

MAX_SCAN_BYTES = 50 * 1024 * 1024

# Labels of the workflow's transactions, for Database.transaction(Label(…, meeting=code)).
SEND_TO_CHECKERS_LABEL = N_("Minutes of {meeting} sent to the checkers")
SIGNED_LABEL = N_("Minutes of {meeting} signed")
APPROVED_LABEL = N_("Minutes of {meeting} approved")
REOPENED_LABEL = N_("Minutes of {meeting} reopened")
SCAN_LABEL = N_("Signed minutes of {meeting} attached")


def _state_error(session: Session, meeting: Meeting, needed: MinutesState) -> ValidationError:
    return ValidationError(
        "state",
        _("The minutes of {meeting} are not at the step “{step}”.").format(
            meeting=code_of(session, meeting), step=_(MINUTES_STATE_LABELS[needed])
        ),
    )


def send_to_checkers(session: Session, meeting_id: uuid.UUID, on: date) -> None:
    """Send the draft minutes to the minute checkers.

    Raises:
        ValidationError: not a draft, the meeting has not been held, or its chair, secretary or checker is not named.
    """
    meeting = load_meeting(session, meeting_id)
    if meeting.state != MinutesState.DRAFT:
        raise _state_error(session, meeting, MinutesState.DRAFT)
    if on < meeting.held_on:
        raise ValidationError("on", _("Minutes are sent to the checkers after the meeting."))
    officers = session.execute(
        select(MeetingAttendee.chairs, MeetingAttendee.keeps_minutes, MeetingAttendee.checks_minutes).where(
            MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.deleted_at.is_(None)
        )
    ).tuples()
    chairs = keeps = checks = False
    for chair, secretary, checker in officers:
        chairs, keeps, checks = chairs or chair, keeps or secretary, checks or checker
    if not (chairs and keeps and checks):
        raise ValidationError(
            "officers", _("Name the meeting's chair, secretary and minute checkers before sending the minutes.")
        )
    meeting.state = MinutesState.CHECKING
    meeting.sent_to_checkers_on = on
    session.flush()


def mark_signed(session: Session, meeting_id: uuid.UUID, on: date, place: str | None = None) -> None:
    """Record that the checkers and the chair have signed (on ``on``, at ``place``); the minutes are locked now.

    Raises:
        ValidationError: the minutes are not with the checkers, or the day is before the meeting.
    """
    meeting = load_meeting(session, meeting_id)
    if meeting.state != MinutesState.CHECKING:
        raise _state_error(session, meeting, MinutesState.CHECKING)
    if on < meeting.held_on:
        raise ValidationError("on", _("Minutes are signed after the meeting."))
    meeting.state = MinutesState.SIGNED
    meeting.signed_on = on
    meeting.signed_place = clean_line(place)
    session.flush()


def approve_minutes(session: Session, meeting_id: uuid.UUID, on: date) -> None:
    """Approve signed minutes. They stay locked.

    Raises:
        ValidationError: the minutes have not been signed, or the day is before the signing.
    """
    meeting = load_meeting(session, meeting_id)
    if meeting.state != MinutesState.SIGNED:
        raise _state_error(session, meeting, MinutesState.SIGNED)
    if meeting.signed_on is not None and on < meeting.signed_on:
        raise ValidationError("on", _("Minutes are approved after they are signed."))
    meeting.state = MinutesState.APPROVED
    meeting.approved_on = on
    session.flush()


def reopen_minutes(session: Session, meeting_id: uuid.UUID, reason: str, on: date) -> None:
    """Take signed or approved minutes back to draft to correct them, recording when and why.

    Raises:
        ValidationError: the minutes are not locked, or no reason is given.
    """
    meeting = load_meeting(session, meeting_id)
    if meeting.state not in (MinutesState.SIGNED, MinutesState.APPROVED):
        raise ValidationError(
            "state", _("Only signed or approved minutes are reopened; these can be changed as they are.")
        )
    text = clean(reason)
    if text is None or len(text) < 5:
        raise ValidationError("reason", _("Say why the minutes are reopened; the reason is kept with them."))
    meeting.state = MinutesState.DRAFT
    meeting.reopened_on = on
    meeting.reopen_reason = text
    meeting.sent_to_checkers_on = None
    meeting.signed_on = None
    meeting.signed_place = None
    meeting.approved_on = None
    session.flush()


@dataclass(frozen=True)
class ScanFile:
    file_name: str
    content: bytes
    sha256: str
    attached_at: datetime


def attach_signed_scan(session: Session, meeting_id: uuid.UUID, file_name: str, content: bytes, now: datetime) -> None:
    """Keep the scanned, signed minutes (a PDF) with the meeting, replacing any earlier scan.

    Raises:
        ValidationError: the minutes are not signed yet, or the file is not a PDF or is too large.
    """
    meeting = load_meeting(session, meeting_id)
    if meeting.state not in (MinutesState.SIGNED, MinutesState.APPROVED):
        raise ValidationError("scan", _("The signed scan is attached once the minutes have been signed."))
    if not content.startswith(b"%PDF-"):
        raise ValidationError("scan", _("The scan must be a PDF file."))
    if len(content) > MAX_SCAN_BYTES:
        raise ValidationError("scan", _("The scan is larger than 50 MB; scan it at a lower resolution."))
    name = clean_line(file_name) or "minutes.pdf"
    digest = hashlib.sha256(content).hexdigest()
    scan = session.get(MeetingScan, meeting_id)
    if scan is None:
        scan = MeetingScan(meeting_id=meeting_id, file_name=name, content=content, sha256=digest, attached_at=now)
        session.add(scan)
    else:
        scan.file_name, scan.content, scan.sha256, scan.attached_at = name, content, digest, now
    meeting.scan_file_name = name[:255]
    meeting.scan_sha256 = digest
    meeting.scan_attached_on = now.date()
    session.flush()


def signed_scan(session: Session, meeting_id: uuid.UUID) -> ScanFile | None:
    """The scanned signed minutes kept with the meeting, if any."""
    load_meeting(session, meeting_id)
    scan = session.get(MeetingScan, meeting_id)
    if scan is None:
        return None
    return ScanFile(scan.file_name, scan.content, scan.sha256, scan.attached_at)
