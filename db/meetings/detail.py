"""Everything about one meeting in one read: attendance, the § items with quorum and actions, follow-up, warnings."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from db.meetings.actions import actions_of_items, follow_up_actions
from db.meetings.agenda import ids_from_json, live_items
from db.meetings.attendance import attendee_records, quorum_at
from db.meetings.checks import notice_deadline, notice_warning, officer_warnings, quorum_warning
from db.meetings.common import load_meeting, time_value
from db.meetings.meetings import meeting_summary
from db.meetings.models import MEMBERS_MEETINGS
from db.meetings.numbering import section_label
from db.meetings.records import ItemRecord, MeetingDetail, MeetingWarning
from db.meetings.settings import body_settings


def meeting_detail(session: Session, meeting_id: uuid.UUID, today: date) -> MeetingDetail:
    """Read a meeting whole, as its page and its printouts need it.

    Raises:
        MeetingNotFoundError: there is no such live meeting.
    """
    meeting = load_meeting(session, meeting_id)
    settings = body_settings(session, meeting.body_id)
    summary = meeting_summary(session, meeting_id)
    people = attendee_records(session, [meeting_id])[meeting_id]
    rows = live_items(session, meeting_id)
    actions = actions_of_items(session, [row.id for row in rows])
    members_meeting = meeting.kind in MEMBERS_MEETINGS
    items = []
    for row in rows:
        section = meeting.first_section + row.position
        recused = ids_from_json(row.recused)
        items.append(
            ItemRecord(
                id=row.id,
                position=row.position,
                section=section,
                section_label=section_label(section, settings.section_style),
                kind=row.kind,
                title=row.title,
                background=row.background,
                proposal=row.proposal,
                decision=row.decision,
                recused=recused,
                dissent=row.dissent,
                dissenters=ids_from_json(row.dissenters),
                quorum=quorum_at(
                    people,
                    section,
                    settings.quorum_rule,
                    settings.quorum_count,
                    recused=recused,
                    members_meeting=members_meeting,
                ),
                actions=tuple(actions.get(row.id, ())),
            )
        )
    held = meeting.held_on <= today
    warnings: list[MeetingWarning] = []
    notice = notice_warning(meeting.held_on, meeting.notice_sent_on, settings.notice_days, today)
    if notice is not None:
        warnings.append(notice)
    warnings.extend(officer_warnings(people, held=held))
    quorum = quorum_warning(items, held=held)
    if quorum is not None:
        warnings.append(quorum)
    return MeetingDetail(
        summary=summary,
        settings=settings,
        language=meeting.language.value,
        ends_at=time_value(meeting.ends_at),
        notice_sent_on=meeting.notice_sent_on,
        notice_deadline=notice_deadline(meeting.held_on, settings.notice_days),
        first_section=meeting.first_section,
        sent_to_checkers_on=meeting.sent_to_checkers_on,
        signed_on=meeting.signed_on,
        signed_place=meeting.signed_place,
        approved_on=meeting.approved_on,
        reopened_on=meeting.reopened_on,
        reopen_reason=meeting.reopen_reason,
        scan_file_name=meeting.scan_file_name,
        notes=meeting.notes,
        attendees=tuple(people),
        items=tuple(items),
        follow_up=tuple(follow_up_actions(session, meeting_id)),
        warnings=tuple(warnings),
    )


def meeting_warnings(session: Session, meeting_id: uuid.UUID, today: date) -> list[MeetingWarning]:
    """The warnings of one meeting (see ``db.meetings.checks``)."""
    return list(meeting_detail(session, meeting_id, today).warnings)
