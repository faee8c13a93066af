"""The work of the period in the annual report: branches, calling, meetings, media, the paper, recognitions, offices.

Each function reads one area's records for the period ``start``–``end`` (both days included) with a few grouped
queries and returns a :class:`~db.annual.shape.Section`. A target given per period (meetings a year, issues a
year) is scaled to the report's length in whole months.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.annual.members import emails_updated
from db.annual.shape import Chart, Figure, Msg, Section, Table
from db.branches.models import BODY_KIND_LABELS, POSITION_ROLE_LABELS, Body, Branch, BranchStatus, Position
from db.branches.work_models import (
    ChairsMeeting,
    ChairsMeetingAttendance,
    MentorPair,
    OfficerNotification,
    RecruitmentAction,
    RecruitmentStatus,
    SurveyGrade,
)
from db.calling.models import Call, Campaign
from db.calling.outcomes import OUTCOMES
from db.core.i18n import N_
from db.media.models import MEDIA_ITEM_KIND_LABELS, MediaItem, MediaItemKind, MediaItemStatus
from db.meetings.models import ActionItem, ActionStatus, AgendaItem, AttendanceStatus, Meeting, MeetingAttendee
from db.meetings.settings import body_settings
from db.newsletters.models import Issue, IssueStatus, Publication
from db.recognition.models import RECOGNITION_KIND_LABELS, Recognition, RecognitionKind

RECRUITMENT_TARGET = 3  # actions a branch is challenged to each year (seed 001)
_REACHED = [info.outcome.value for info in OUTCOMES if info.reached]


def months_between(start: date, end: date) -> int:
    """The report's length in whole months (at least one)."""
    return max(1, (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day - 1 else 0))


def scaled(target: int, period_months: int, start: date, end: date) -> int:
    """A target given per ``period_months`` for a report of this length, rounded."""
    return round(target * months_between(start, end) / max(1, period_months))


def branches_section(session: Session, start: date, end: date) -> Section:
    live = {
        branch.id: branch.name
        for branch in session.execute(select(Branch).where(Branch.deleted_at.is_(None))).scalars()
        if branch.status != BranchStatus.DISSOLVED
    }
    years = range(start.year, end.year + 1)
    grades: dict[uuid.UUID, tuple[date, int]] = {}
    for branch_id, surveyed_on, grade in session.execute(
        select(SurveyGrade.branch_id, SurveyGrade.surveyed_on, SurveyGrade.grade).where(
            SurveyGrade.deleted_at.is_(None), SurveyGrade.surveyed_on >= start, SurveyGrade.surveyed_on <= end
        )
    ).tuples():
        if branch_id not in grades or surveyed_on >= grades[branch_id][0]:
            grades[branch_id] = (surveyed_on, grade)
    pairs = session.execute(
        select(MentorPair.mentor_branch_id, MentorPair.mentee_branch_id).where(
            MentorPair.deleted_at.is_(None),
            MentorPair.started_on <= end,
            or_(MentorPair.ended_on.is_(None), MentorPair.ended_on >= start),
        )
    ).all()
    mentoring: dict[uuid.UUID, str] = {}
    for mentor, mentee in pairs:
        mentoring[mentor] = N_("Mentor")
        mentoring[mentee] = N_("Mentored")
    notified: dict[uuid.UUID, bool] = {}
    for branch_id, onboarded in session.execute(
        select(OfficerNotification.branch_id, OfficerNotification.new_officers_onboarded).where(
            OfficerNotification.deleted_at.is_(None), OfficerNotification.year.in_(list(years))
        )
    ).tuples():
        notified[branch_id] = notified.get(branch_id, False) or onboarded
    recruitment: Counter[uuid.UUID] = Counter(
        branch_id
        for (branch_id,) in session.execute(
            select(RecruitmentAction.branch_id).where(
                RecruitmentAction.deleted_at.is_(None),
                RecruitmentAction.year.in_(list(years)),
                RecruitmentAction.status == RecruitmentStatus.DONE,
            )
        )
    )
    chairs_meetings = [
        meeting_id
        for (meeting_id,) in session.execute(
            select(ChairsMeeting.id).where(
                ChairsMeeting.deleted_at.is_(None), ChairsMeeting.held_on >= start, ChairsMeeting.held_on <= end
            )
        )
    ]
    present: Counter[uuid.UUID] = Counter(
        branch_id
        for (branch_id,) in session.execute(
            select(ChairsMeetingAttendance.branch_id).where(
                ChairsMeetingAttendance.deleted_at.is_(None),
                ChairsMeetingAttendance.present.is_(True),
                ChairsMeetingAttendance.meeting_id.in_(chairs_meetings),
            )
        )
    )
    rows = []
    for branch_id, name in sorted(live.items(), key=lambda item: item[1].casefold()):
        latest = grades.get(branch_id)
        notice = notified.get(branch_id)
        rows.append(
            (
                name,
                latest[1] if latest else None,
                Msg(mentoring[branch_id]) if branch_id in mentoring else "",
                Msg(N_("Onboarded")) if notice else Msg(N_("Sent")) if notice is not None else "",
                recruitment[branch_id],
                present[branch_id],
            )
        )
    attendance_rate = sum(present.values()) / (len(chairs_meetings) * len(live)) if chairs_meetings and live else 0.0
    challenged = RECRUITMENT_TARGET * len(live) * len(years)
    figures = (
        Figure(Msg(N_("Branches")), len(live)),
        Figure(Msg(N_("Branches that graded themselves")), sum(1 for branch_id in live if branch_id in grades)),
        Figure(Msg(N_("Mentor pairs")), len(pairs)),
        Figure(Msg(N_("Officer notifications received")), sum(1 for branch_id in live if branch_id in notified)),
        Figure(Msg(N_("New officers onboarded")), sum(1 for branch_id in live if notified.get(branch_id))),
        Figure(Msg(N_("Recruitment actions done")), sum(recruitment[branch_id] for branch_id in live)),
        Figure(Msg(N_("Recruitment actions challenged")), challenged),
        Figure(Msg(N_("Chairs' meetings held")), len(chairs_meetings)),
        Figure(Msg(N_("Branches present at chairs' meetings")), attendance_rate, percent=True),
    )
    table = Table(
        Msg(N_("Branches")),
        tuple(
            Msg(text)
            for text in (
                N_("Branch"),
                N_("Survey grade"),
                N_("Mentoring"),
                N_("Officer notification"),
                N_("Recruitment actions done"),
                N_("Chairs' meetings attended"),
            )
        ),
        tuple(rows),
    )
    return Section("branches", Msg(N_("Branches")), figures, (table,))


@dataclass
class _CampaignTally:
    calls: int = 0
    called: set[uuid.UUID] = field(default_factory=set)
    reached: set[uuid.UUID] = field(default_factory=set)
    callers: set[uuid.UUID] = field(default_factory=set)


def calling_section(session: Session, start: date, end: date) -> Section:
    calls = session.execute(
        select(Call.campaign_id, Call.member_id, Call.outcome, Call.caller_id, Call.answers).where(
            Call.deleted_at.is_(None), Call.called_on >= start, Call.called_on <= end
        )
    ).tuples()
    names = dict(session.execute(select(Campaign.id, Campaign.name)).tuples().all())
    per_campaign: dict[uuid.UUID, _CampaignTally] = defaultdict(_CampaignTally)
    everyone = _CampaignTally()
    emails = 0
    for campaign_id, member_id, outcome, caller_id, answers in calls:
        for tally in (per_campaign[campaign_id], everyone):
            tally.calls += 1
            tally.called.add(member_id)
            if str(outcome) in _REACHED:
                tally.reached.add(member_id)
            if caller_id is not None:
                tally.callers.add(caller_id)
        emails += emails_updated(answers)
    rows = sorted(
        (
            (names.get(campaign_id, "?"), tally.calls, len(tally.called), len(tally.reached), len(tally.callers))
            for campaign_id, tally in per_campaign.items()
        ),
        key=lambda row: str(row[0]).casefold(),
    )
    figures = (
        Figure(Msg(N_("Campaigns with calls")), len(per_campaign)),
        Figure(Msg(N_("Calls made")), everyone.calls),
        Figure(Msg(N_("Members called")), len(everyone.called)),
        Figure(Msg(N_("Members reached")), len(everyone.reached)),
        Figure(Msg(N_("E-mail addresses updated")), emails),
        Figure(Msg(N_("Volunteers who called")), len(everyone.callers)),
    )
    table = Table(
        Msg(N_("Campaigns")),
        tuple(Msg(text) for text in (N_("Campaign"), N_("Calls made"), N_("Called"), N_("Reached"), N_("Callers"))),
        tuple(rows),
    )
    return Section("calling", Msg(N_("Calling")), figures, (table,))


def meetings_section(session: Session, start: date, end: date) -> Section:
    meetings = session.execute(
        select(Meeting.id, Meeting.body_id).where(
            Meeting.deleted_at.is_(None), Meeting.held_on >= start, Meeting.held_on <= end
        )
    ).all()
    meeting_ids = [meeting_id for meeting_id, _body in meetings]
    held: Counter[uuid.UUID] = Counter(body_id for _meeting, body_id in meetings)
    attendance: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    body_of: dict[uuid.UUID, uuid.UUID] = {meeting_id: body_id for meeting_id, body_id in meetings}
    for meeting_id, status in session.execute(
        select(MeetingAttendee.meeting_id, MeetingAttendee.status).where(
            MeetingAttendee.deleted_at.is_(None), MeetingAttendee.meeting_id.in_(meeting_ids)
        )
    ).tuples():
        counts = attendance[body_of[meeting_id]]
        counts["listed"] += 1
        counts["present"] += status == AttendanceStatus.PRESENT
    decisions: Counter[uuid.UUID] = Counter(
        body_of[meeting_id]
        for (meeting_id,) in session.execute(
            select(AgendaItem.meeting_id).where(
                AgendaItem.deleted_at.is_(None),
                AgendaItem.meeting_id.in_(meeting_ids),
                AgendaItem.decision.is_not(None),
                AgendaItem.decision != "",
            )
        )
    )
    open_actions = int(
        session.execute(
            select(func.count())
            .select_from(ActionItem)
            .join(AgendaItem, AgendaItem.id == ActionItem.item_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(ActionItem.deleted_at.is_(None), Meeting.deleted_at.is_(None), Meeting.held_on <= end)
            .where(or_(ActionItem.status == ActionStatus.OPEN, ActionItem.closed_on > end))
        ).scalar_one()
    )
    bodies = {
        body.id: body
        for body in session.execute(select(Body).where(Body.deleted_at.is_(None))).scalars()
        if body.id in held or body.branch_id is None
    }
    rows = []
    for body_id, body in sorted(bodies.items(), key=lambda item: item[1].name.casefold()):
        settings = body_settings(session, body_id)
        target = (
            scaled(settings.target_meetings, settings.period_months, start, end) if settings.target_meetings else None
        )
        if not held[body_id] and target is None:
            continue
        counts = attendance[body_id]
        rows.append(
            (
                body.name,
                held[body_id],
                target,
                counts["present"] / counts["listed"] if counts["listed"] else None,
                decisions[body_id],
            )
        )
    listed = sum(counts["listed"] for counts in attendance.values())
    present = sum(counts["present"] for counts in attendance.values())
    figures = (
        Figure(Msg(N_("Meetings held")), len(meetings)),
        Figure(Msg(N_("Attendance")), present / listed if listed else 0.0, percent=True),
        Figure(Msg(N_("Decisions")), sum(decisions.values())),
        Figure(Msg(N_("Actions open at the end")), open_actions),
    )
    table = Table(
        Msg(N_("Meetings by body")),
        tuple(Msg(text) for text in (N_("Body"), N_("Held"), N_("Target"), N_("Attendance"), N_("Decisions"))),
        tuple(rows),
    )
    chart = Chart(
        Msg(N_("Meetings held against the target")),
        tuple(str(row[0]) for row in rows),
        (
            (Msg(N_("Held")), tuple(float(row[1]) for row in rows)),
            (Msg(N_("Target")), tuple(float(row[2] or 0) for row in rows)),
        ),
    )
    return Section("meetings", Msg(N_("Meetings")), figures, (table,), (chart,))


def communication_section(session: Session, start: date, end: date) -> Section:
    """Media work, the member paper, recognitions given, and the positions of trust held at the end."""
    published = Counter(
        kind
        for (kind,) in session.execute(
            select(MediaItem.kind).where(
                MediaItem.deleted_at.is_(None),
                MediaItem.status == MediaItemStatus.PUBLISHED,
                MediaItem.published_on >= start,
                MediaItem.published_on <= end,
            )
        )
    )
    media_rows = tuple(
        (Msg(MEDIA_ITEM_KIND_LABELS[kind]), published[kind]) for kind in MediaItemKind if published[kind]
    )
    issue_rows = []
    for publication in session.execute(select(Publication).where(Publication.deleted_at.is_(None))).scalars():
        out = session.execute(
            select(func.count()).where(
                Issue.publication_id == publication.id,
                Issue.deleted_at.is_(None),
                Issue.status == IssueStatus.DISTRIBUTED,
                Issue.publication_date >= start,
                Issue.publication_date <= end,
            )
        ).scalar_one()
        target = scaled(publication.target_issues, 12 * publication.period_years, start, end)
        issue_rows.append((publication.name, int(out), target))
    given = Counter(
        (kind, years)
        for kind, years in session.execute(
            select(Recognition.kind, Recognition.jubilee_years).where(
                Recognition.deleted_at.is_(None), Recognition.awarded_on >= start, Recognition.awarded_on <= end
            )
        ).tuples()
    )
    recognition_rows = tuple(
        (Msg(RECOGNITION_KIND_LABELS[RecognitionKind(kind)]), years or "", count)
        for (kind, years), count in sorted(given.items(), key=lambda item: (str(item[0][0]), item[0][1] or 0))
    )
    held = session.execute(
        select(Body.kind, Position.role, func.count())
        .join(Body, Body.id == Position.body_id)
        .where(Position.deleted_at.is_(None), Body.deleted_at.is_(None), Position.starts_on <= end)
        .where(or_(Position.ends_on.is_(None), Position.ends_on >= end))
        .group_by(Body.kind, Position.role)
    ).tuples()
    position_rows = tuple(
        (Msg(BODY_KIND_LABELS[body_kind]), Msg(POSITION_ROLE_LABELS[role]), count)
        for body_kind, role, count in sorted(held, key=lambda row: (str(row[0]), str(row[1])))
    )
    figures = (
        Figure(Msg(N_("Media items published")), sum(published.values())),
        Figure(Msg(N_("Issues of the member paper out")), sum(int(row[1]) for row in issue_rows)),
        Figure(Msg(N_("Recognitions given")), sum(given.values())),
        Figure(Msg(N_("Positions of trust held at the end")), sum(int(row[2]) for row in position_rows)),
    )
    tables = (
        Table(Msg(N_("Media items published by kind")), (Msg(N_("Kind")), Msg(N_("Published"))), media_rows),
        Table(
            Msg(N_("Publications")),
            (Msg(N_("Publication")), Msg(N_("Issues out")), Msg(N_("Target"))),
            tuple(issue_rows),
        ),
        Table(
            Msg(N_("Recognitions given")),
            (Msg(N_("Recognition")), Msg(N_("Years")), Msg(N_("Given"))),
            recognition_rows,
        ),
        Table(
            Msg(N_("Positions of trust at the end")),
            (Msg(N_("Body")), Msg(N_("Role")), Msg(N_("People"))),
            position_rows,
        ),
    )
    return Section("communication", Msg(N_("Media, the paper and recognitions")), figures, tables)
