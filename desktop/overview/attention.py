"""The Overview's "Needs attention" list: a registry of small functions, each finding one kind of thing to do.

A provider takes a read session and today's date and returns the items it finds (none when all is well). Items are
plain data, made on a worker thread: a headline, the names behind it, and where the list behind it is (a tab and
a filter). Adding a kind of item (calls not made, meetings behind their target, newsletter issues behind theirs)
is one function here and one line in :func:`attention_providers`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from db.branches.mentoring import MENTEE_GRADES
from db.branches.overview import BranchOverviewRow, branch_overview
from db.calling.campaigns import list_campaigns
from db.calling.tasks import list_tasks
from db.core.i18n import _, format_count, format_day, ngettext
from db.meetings.targets import meeting_targets
from db.members.models import MembershipStatus
from db.members.query import MemberFilter, count_members
from db.members.statistics import NEW_MEMBER_DAYS, new_members
from db.newsletters.publications import issues_against_target

NAMES_SHOWN = 5


@dataclass(frozen=True)
class AttentionLink:
    """Where the list behind an item is: a tab and, for the Members tab, the filter that shows it."""

    tab: str
    member_filter: MemberFilter | None = None
    branch_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class AttentionItem:
    """One line of "Needs attention"."""

    key: str  # stable, e.g. "branches.no_recent_survey"
    count: int
    title: str
    detail: str
    link: AttentionLink


AttentionProvider = Callable[[Session, date], list[AttentionItem]]


def name_list(names: Sequence[str], shown: int = NAMES_SHOWN) -> str:
    """Names for a detail line: "A, B, C" or, when there are many, "A, B, C, D, E and 7 more"."""
    if len(names) <= shown:
        return ", ".join(names)
    rest = len(names) - shown
    return ngettext("{names} and {count} more", "{names} and {count} more", rest).format(
        names=", ".join(names[:shown]), count=format_count(rest)
    )


# -------------------------------------------------------------------------------------------------- providers
def unwelcomed_new_members(session: Session, today: date) -> list[AttentionItem]:
    """New members nobody has welcomed yet (seed 001: every new member is called and gets a godparent)."""
    waiting = [member for member in new_members(session, today, NEW_MEMBER_DAYS) if not member.welcomed]
    if not waiting:
        return []
    count = len(waiting)
    return [
        AttentionItem(
            key="members.unwelcomed",
            count=count,
            title=ngettext("{count} new member not yet welcomed", "{count} new members not yet welcomed", count).format(
                count=format_count(count)
            ),
            detail=_("Joined in the last {days} days and no godparent named yet: {names}").format(
                days=NEW_MEMBER_DAYS, names=name_list([member.name for member in waiting])
            ),
            link=AttentionLink("members", MemberFilter(awaiting_welcome_since=today - timedelta(days=NEW_MEMBER_DAYS))),
        )
    ]


def waiting_applicants(session: Session, today: date) -> list[AttentionItem]:
    """Applications not yet accepted (applicants are not counted as members until they are)."""
    member_filter = MemberFilter(statuses=(MembershipStatus.APPLICANT,))
    count = count_members(session, member_filter, today)
    if not count:
        return []
    return [
        AttentionItem(
            key="members.applicants",
            count=count,
            title=ngettext("{count} applicant waiting", "{count} applicants waiting", count).format(
                count=format_count(count)
            ),
            detail=_("Accept their membership on their cards, or note when it begins."),
            link=AttentionLink("members", member_filter),
        )
    ]


def _branch_item(key: str, rows: list[BranchOverviewRow], title: str, detail: str) -> AttentionItem:
    return AttentionItem(
        key=f"branches.{key}",
        count=len(rows),
        title=title.format(count=format_count(len(rows))),
        detail=detail,
        link=AttentionLink("branches", branch_ids=tuple(row.id for row in rows)),
    )


def flagged_branches(session: Session, today: date) -> list[AttentionItem]:
    """Branches with a raised flag, one item per kind of flag (one query for all of them)."""
    rows = branch_overview(session, today)
    items = []
    unsurveyed = [row for row in rows if row.no_recent_survey]
    if unsurveyed:
        count = len(unsurveyed)
        items.append(
            _branch_item(
                "no_recent_survey",
                unsurveyed,
                ngettext("{count} branch without a survey", "{count} branches without a survey", count),
                _("No survey grade from this year or last: {names}").format(
                    names=name_list([row.name for row in unsurveyed])
                ),
            )
        )
    absent = [row for row in rows if row.repeatedly_absent]
    if absent:
        count = len(absent)
        items.append(
            _branch_item(
                "repeatedly_absent",
                absent,
                ngettext(
                    "{count} branch repeatedly absent from chairs' meetings",
                    "{count} branches repeatedly absent from chairs' meetings",
                    count,
                ),
                _("Get in touch with: {names}").format(names=name_list([row.name for row in absent])),
            )
        )
    missing = [row for row in rows if row.missing_roles]
    if missing:
        count = len(missing)
        described = [
            ngettext("{branch} ({count} task)", "{branch} ({count} tasks)", len(row.missing_roles)).format(
                branch=row.name, count=len(row.missing_roles)
            )
            for row in missing
        ]
        items.append(
            _branch_item(
                "missing_roles",
                missing,
                ngettext(
                    "{count} branch without all responsible persons",
                    "{count} branches without all responsible persons",
                    count,
                ),
                _("No one named for events, recruitment, communication or volunteers: {names}").format(
                    names=name_list(described)
                ),
            )
        )
    unmentored = [row for row in rows if row.low_grade_without_mentor]
    if unmentored:
        count = len(unmentored)
        items.append(
            _branch_item(
                "low_grade_without_mentor",
                unmentored,
                ngettext(
                    "{count} branch with a low grade and no mentor",
                    "{count} branches with a low grade and no mentor",
                    count,
                ),
                _("Graded themselves {grade} or lower; pair them with a mentor branch: {names}").format(
                    grade=max(MENTEE_GRADES), names=name_list([row.name for row in unmentored])
                ),
            )
        )
    return items


def running_campaigns(session: Session, today: date) -> list[AttentionItem]:
    """The calling campaigns running today, with how far each has come (cheap counts: no queue is worked out)."""
    items = []
    for campaign in list_campaigns(session):
        if not campaign.is_active(today):
            continue
        until = (
            _("runs until {date}").format(date=format_day(campaign.ends_on))
            if campaign.ends_on
            else _("runs until it is closed")
        )
        items.append(
            AttentionItem(
                key=f"calling.campaign.{campaign.short_id}",
                count=campaign.members_called,
                title=_("Calling: {name}").format(name=campaign.name),
                detail=ngettext(
                    "{sheets} sheet; {called} called and {reached} reached so far; {until}.",
                    "{sheets} sheets; {called} called and {reached} reached so far; {until}.",
                    campaign.sheets,
                ).format(
                    sheets=format_count(campaign.sheets),
                    called=format_count(campaign.members_called),
                    reached=format_count(campaign.members_reached),
                    until=until,
                ),
                link=AttentionLink("calling"),
            )
        )
    return items


def calling_tasks(session: Session, today: date) -> list[AttentionItem]:
    """What calls have asked the ombudsman to do (a member wants to resign, has moved, a caller's message)."""
    tasks = list_tasks(session)
    if not tasks:
        return []
    count = len(tasks)
    return [
        AttentionItem(
            key="calling.tasks",
            count=count,
            title=ngettext(
                "{count} task from calls waits for you", "{count} tasks from calls wait for you", count
            ).format(count=format_count(count)),
            detail=_("The members wait outside the calling queues until you mark the task done: {names}").format(
                names=name_list([task.member_name for task in tasks])
            ),
            link=AttentionLink("calling"),
        )
    ]


def meetings_behind_target(session: Session, today: date) -> list[AttentionItem]:
    """Bodies whose meetings held and planned fall short of their target for the period (the board meets 8 times)."""
    short = [figures for figures in meeting_targets(session, today) if figures.short_of_target]
    if not short:
        return []
    count = len(short)
    described = [
        _("{body}: {held} held, {planned} planned of {target}").format(
            body=figures.code, held=figures.held, planned=figures.planned, target=figures.target
        )
        for figures in short
    ]
    return [
        AttentionItem(
            key="meetings.behind_target",
            count=count,
            title=ngettext(
                "{count} body meets less often than its target",
                "{count} bodies meet less often than their target",
                count,
            ).format(count=format_count(count)),
            detail=_("Plan the meetings still needed: {names}").format(names=name_list(described)),
            link=AttentionLink("meetings"),
        )
    ]


def issues_behind_target(session: Session, today: date) -> list[AttentionItem]:
    """Publications whose issues out and planned fall short of the target for the period."""
    short = [progress for progress in issues_against_target(session, today) if progress.target and progress.short]
    if not short:
        return []
    count = len(short)
    described = [
        _("{publication}: {published} out, {planned} planned of {target}").format(
            publication=progress.name, published=progress.published, planned=progress.planned, target=progress.target
        )
        for progress in short
    ]
    return [
        AttentionItem(
            key="newsletters.behind_target",
            count=count,
            title=ngettext(
                "{count} publication behind its target", "{count} publications behind their target", count
            ).format(count=format_count(count)),
            detail=_("Plan the issues still needed: {names}").format(names=name_list(described)),
            link=AttentionLink("newsletters"),
        )
    ]


def attention_providers() -> list[AttentionProvider]:
    """Every provider, in the order their items are listed."""
    return [
        unwelcomed_new_members,
        waiting_applicants,
        calling_tasks,
        flagged_branches,
        meetings_behind_target,
        issues_behind_target,
        running_campaigns,
    ]


def attention_items(session: Session, today: date, providers: Sequence[AttentionProvider]) -> list[AttentionItem]:
    """Run ``providers`` and return their items in order."""
    return [item for provider in providers for item in provider(session, today)]
