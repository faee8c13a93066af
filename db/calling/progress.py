"""How a campaign is going: per branch (share called and reached), per caller, and the welcome calls' speed.

The seeds reward a district whose branches *all* take part; a branch takes part when at least one of its members has
been called in the campaign. New members should be called within 14 days of joining.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from db.branches.models import Branch, BranchStatus
from db.calling.callers import list_callers
from db.calling.models import Call, CallSheet, SheetRow
from db.calling.outcomes import OUTCOMES
from db.calling.queue import build_queue, load_campaign
from db.core.files import atomic_path
from db.core.i18n import _
from db.members.models import MemberSearchEntry, Membership, MembershipKind

WELCOME_WITHIN_DAYS = 14
_REACHED = frozenset(info.outcome for info in OUTCOMES if info.reached)


@dataclass
class BranchProgress:
    branch_id: uuid.UUID
    name: str
    targeted: int = 0
    called: int = 0
    reached: int = 0

    @property
    def takes_part(self) -> bool:
        return self.called > 0

    @property
    def called_share(self) -> float:
        return self.called / self.targeted if self.targeted else 0.0

    @property
    def reached_share(self) -> float:
        return self.reached / self.targeted if self.targeted else 0.0


@dataclass
class CallerProgress:
    caller_id: uuid.UUID
    name: str
    sheets: int = 0
    rows: int = 0
    entered: int = 0
    reached: int = 0


@dataclass
class CampaignProgress:
    campaign_id: uuid.UUID
    name: str
    targeted: int = 0
    in_queue: int = 0
    called: int = 0
    reached: int = 0
    branches: list[BranchProgress] = field(default_factory=list)
    callers: list[CallerProgress] = field(default_factory=list)

    @property
    def all_branches_take_part(self) -> bool:
        return bool(self.branches) and all(branch.takes_part for branch in self.branches)


def campaign_progress(session: Session, campaign_id: uuid.UUID, today: date) -> CampaignProgress:
    """Figures of one campaign; members count once however many times they were called."""
    campaign = load_campaign(session, campaign_id)
    queue = build_queue(session, campaign_id, today)
    progress = CampaignProgress(campaign_id, campaign.name, queue.targeted, len(queue.entries))
    calls = session.execute(
        select(Call.member_id, Call.outcome, Call.caller_id, Call.sheet_row_id).where(
            Call.campaign_id == campaign_id, Call.deleted_at.is_(None)
        )
    ).all()
    called = {member_id for member_id, _outcome, _caller, _row in calls}
    reached = {member_id for member_id, outcome, _caller, _row in calls if outcome in _REACHED}
    progress.called, progress.reached = len(called), len(reached)

    branch_of = _branch_of(session, set(queue.left_out) | {entry.member_id for entry in queue.entries} | called)
    names = {
        branch.id: branch
        for branch in session.execute(select(Branch).where(Branch.deleted_at.is_(None))).scalars()
        if branch.status != BranchStatus.DISSOLVED
    }
    rows: dict[uuid.UUID, BranchProgress] = {
        branch_id: BranchProgress(branch_id, branch.name) for branch_id, branch in names.items()
    }
    targeted = set(queue.left_out) | {entry.member_id for entry in queue.entries}
    for member_id in targeted | called:
        branch_id = branch_of.get(member_id)
        if branch_id is None or branch_id not in rows:
            continue
        row = rows[branch_id]
        row.targeted += 1
        row.called += member_id in called
        row.reached += member_id in reached
    progress.branches = sorted(rows.values(), key=lambda row: row.name.casefold())
    progress.callers = _callers(session, campaign_id, calls)
    return progress


def _branch_of(session: Session, member_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Each member's branch: the current membership, or the latest for someone who left."""
    found: dict[uuid.UUID, uuid.UUID] = {}
    ids = list(member_ids)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for member_id, branch_id in session.execute(
            select(MemberSearchEntry.member_id, MemberSearchEntry.branch_id).where(
                MemberSearchEntry.member_id.in_(chunk)
            )
        ).tuples():
            if branch_id is not None:
                found[member_id] = branch_id
    return found


def _callers(session: Session, campaign_id: uuid.UUID, calls: Sequence[Row[Any]]) -> list[CallerProgress]:
    names = {caller.id: caller.name for caller in list_callers(session, include_inactive=True)}
    rows: dict[uuid.UUID, CallerProgress] = {}

    def row_of(caller_id: uuid.UUID) -> CallerProgress:
        if caller_id not in rows:
            rows[caller_id] = CallerProgress(caller_id, names.get(caller_id, "?"))
        return rows[caller_id]

    sheet_callers = session.execute(
        select(CallSheet.id, CallSheet.caller_id).where(
            CallSheet.campaign_id == campaign_id, CallSheet.deleted_at.is_(None)
        )
    ).all()
    for _sheet_id, caller_id in sheet_callers:
        row_of(caller_id).sheets += 1
    for (caller_id,) in session.execute(
        select(CallSheet.caller_id)
        .join(SheetRow, SheetRow.sheet_id == CallSheet.id)
        .where(CallSheet.campaign_id == campaign_id, CallSheet.deleted_at.is_(None), SheetRow.deleted_at.is_(None))
    ):
        row_of(caller_id).rows += 1
    for _member_id, outcome, caller_id, _row in calls:
        if caller_id is None:
            continue
        row_of(caller_id).entered += 1
        row_of(caller_id).reached += outcome in _REACHED
    return sorted(rows.values(), key=lambda row: row.name.casefold())


@dataclass(frozen=True)
class WelcomeSpeed:
    """New members who joined in a period, and how many were called within 14 days of joining."""

    joined: int
    called_in_time: int
    called_later: int

    @property
    def share_in_time(self) -> float:
        return self.called_in_time / self.joined if self.joined else 0.0


def welcome_speed(session: Session, start: date, end: date) -> WelcomeSpeed:
    """Count the members who joined between ``start`` and ``end`` and when they were first called (any campaign)."""
    joined: dict[uuid.UUID, date] = {}
    for member_id, joined_on in (
        session.execute(
            select(Membership.member_id, Membership.joined_on).where(
                Membership.joined_on.is_not(None),
                Membership.joined_on >= start,
                Membership.joined_on <= end,
                Membership.kind == MembershipKind.MEMBER,
                Membership.deleted_at.is_(None),
            )
        )
        .tuples()
        .all()
    ):
        if joined_on is not None:
            joined[member_id] = joined_on
    first_call: dict[uuid.UUID, date] = {}
    ids = list(joined)
    for begin in range(0, len(ids), 5000):
        for member_id, called_on in session.execute(
            select(Call.member_id, Call.called_on)
            .where(Call.member_id.in_(ids[begin : begin + 5000]))
            .where(Call.deleted_at.is_(None))
        ).tuples():
            if member_id not in first_call or called_on < first_call[member_id]:
                first_call[member_id] = called_on
    in_time = sum(
        1
        for member_id, joined_on in joined.items()
        if member_id in first_call and first_call[member_id] <= joined_on + timedelta(days=WELCOME_WITHIN_DAYS)
    )
    return WelcomeSpeed(len(joined), in_time, len(first_call) - in_time)


def export_progress(progress: CampaignProgress, target: Path, speed: WelcomeSpeed | None = None) -> int:
    """Write the progress as XLSX, one sheet each for the campaign, its branches and its callers; return the rows.

    Figures are numbers (not text) so that the office can sum and chart them; shares are fractions shown as %.
    ``speed``, when given, adds how many of the last year's new members were called within 14 days of joining.
    """
    from openpyxl import Workbook  # imported here: only this export pays for loading openpyxl

    workbook = Workbook()
    totals = workbook.active
    totals.title = _("Campaign")[:31]
    totals.append([_("Campaign"), _("Members in the campaign"), _("In the queue"), _("Called"), _("Reached")])
    totals.append([progress.name, progress.targeted, progress.in_queue, progress.called, progress.reached])
    taking_part, branches_total = branch_counts(progress)
    totals.append([])
    totals.append([_("Branches taking part"), taking_part, branches_total])
    if speed is not None:
        totals.append(
            [
                _("New members of the last year called within {days} days of joining").format(days=WELCOME_WITHIN_DAYS),
                speed.called_in_time,
                speed.joined,
            ]
        )
    branches = workbook.create_sheet(_("Branches")[:31])
    branches.append(
        [_("Branch"), _("Members in the campaign"), _("Called"), _("Reached"), _("Called %"), _("Reached %")]
    )
    for branch in progress.branches:
        branches.append(
            [branch.name, branch.targeted, branch.called, branch.reached, branch.called_share, branch.reached_share]
        )
        for column in ("E", "F"):
            branches[f"{column}{branches.max_row}"].number_format = "0.0%"
    callers = workbook.create_sheet(_("Callers")[:31])
    callers.append([_("Caller"), _("Sheets"), _("Rows"), _("Entered"), _("Reached")])
    for caller in progress.callers:
        callers.append([caller.name, caller.sheets, caller.rows, caller.entered, caller.reached])
    with atomic_path(target) as partial:
        workbook.save(partial)
    return 1 + len(progress.branches) + len(progress.callers)


def branch_counts(progress: CampaignProgress) -> tuple[int, int]:
    """How many branches take part, of how many."""
    taking_part = sum(1 for branch in progress.branches if branch.takes_part)
    return taking_part, len(progress.branches)


__all__ = [
    "BranchProgress",
    "CallerProgress",
    "CampaignProgress",
    "WelcomeSpeed",
    "branch_counts",
    "campaign_progress",
    "export_progress",
    "welcome_speed",
]
