"""What the secretary is warned about in a meeting.

Late notice, a minute checker who is also the chair or the secretary, an officer not named, an item decided without
a quorum. Warnings never refuse anything: a small working group may have nobody else to check its minutes, and a
meeting called late may still be lawful if everyone came.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, timedelta

from db.core.i18n import _, format_day, ngettext
from db.meetings.records import AttendeeRecord, ItemRecord, MeetingWarning


class WarningCode(enum.StrEnum):
    NOTICE_LATE = "notice_late"  # sent after the body's notice period had begun
    NOTICE_DUE = "notice_due"  # not sent, and the last day to send it has passed
    NOTICE_MISSING = "notice_missing"  # the meeting was held with no notice recorded
    NO_CHAIR = "no_chair"
    NO_SECRETARY = "no_secretary"
    NO_CHECKER = "no_checker"
    CHECKER_IS_CHAIR = "checker_is_chair"
    CHECKER_IS_SECRETARY = "checker_is_secretary"
    NO_QUORUM = "no_quorum"


def notice_deadline(held_on: date, notice_days: int) -> date:
    """The last day the notice may go out: ``notice_days`` before the meeting."""
    return held_on - timedelta(days=notice_days)


def notice_warning(held_on: date, notice_sent_on: date | None, notice_days: int, today: date) -> MeetingWarning | None:
    """A warning when the notice went out late, is overdue, or was never recorded for a meeting held."""
    deadline = notice_deadline(held_on, notice_days)
    if notice_sent_on is not None:
        if notice_sent_on <= deadline:
            return None
        message = ngettext(
            "The notice went out on {sent}, after {deadline}: the body's rule is {count} day before the meeting.",
            "The notice went out on {sent}, after {deadline}: the body's rule is {count} days before the meeting.",
            notice_days,
        ).format(sent=format_day(notice_sent_on), deadline=format_day(deadline), count=notice_days)
        return MeetingWarning(WarningCode.NOTICE_LATE.value, message)
    if today >= held_on:
        return MeetingWarning(WarningCode.NOTICE_MISSING.value, _("No notice of the meeting is recorded."))
    if today > deadline:
        return MeetingWarning(
            WarningCode.NOTICE_DUE.value,
            _("The notice should have gone out by {deadline}.").format(deadline=format_day(deadline)),
        )
    return None


def _same(one: AttendeeRecord, other: AttendeeRecord) -> bool:
    return one.id == other.id or (one.member_id is not None and one.member_id == other.member_id)


def officer_warnings(people: Sequence[AttendeeRecord], *, held: bool) -> list[MeetingWarning]:
    """Warnings about the meeting's officers.

    An officer not named (a checker only once the meeting has been held), or a checker who chairs or keeps the
    minutes (a checker is there to check the other two).
    """
    warnings: list[MeetingWarning] = []
    chair = next((person for person in people if person.chairs), None)
    secretary = next((person for person in people if person.keeps_minutes), None)
    checkers = [person for person in people if person.checks_minutes]
    if chair is None:
        warnings.append(MeetingWarning(WarningCode.NO_CHAIR.value, _("No one is named to chair the meeting.")))
    if secretary is None:
        warnings.append(MeetingWarning(WarningCode.NO_SECRETARY.value, _("No one is named to keep the minutes.")))
    if not checkers and held:
        warnings.append(MeetingWarning(WarningCode.NO_CHECKER.value, _("No minute checker is named.")))
    for checker in checkers:
        if chair is not None and _same(checker, chair):
            warnings.append(
                MeetingWarning(
                    WarningCode.CHECKER_IS_CHAIR.value,
                    _("{name} chairs the meeting and is also a minute checker; choose another checker.").format(
                        name=checker.name
                    ),
                )
            )
        if secretary is not None and _same(checker, secretary):
            warnings.append(
                MeetingWarning(
                    WarningCode.CHECKER_IS_SECRETARY.value,
                    _("{name} keeps the minutes and is also a minute checker; choose another checker.").format(
                        name=checker.name
                    ),
                )
            )
    return warnings


def quorum_warning(items: Sequence[ItemRecord], *, held: bool) -> MeetingWarning | None:
    """A warning naming the items the meeting could not decide (only once the meeting has been held)."""
    if not held:
        return None
    missing = [item.section_label for item in items if not item.quorum.quorate]
    if not missing:
        return None
    return MeetingWarning(
        WarningCode.NO_QUORUM.value,
        _("The meeting was not quorate at {sections}.").format(sections=", ".join(missing)),
    )
