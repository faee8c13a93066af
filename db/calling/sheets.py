"""Dealing the queue out to callers as numbered call sheets, and following each sheet from printer to entry.

A sheet holds 15–25 members of one caller, in branch and name order; its number runs through the campaign, so
"sheet 14" names one piece of paper. A sheet goes printed → out → returned → entered; entering its last row marks
it entered by itself.
"""

from __future__ import annotations

import enum
import math
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.calling.callers import CallerRef, list_callers
from db.calling.models import Call, CallSheet, SheetRow, SheetStatus
from db.calling.outcomes import outcome_info
from db.calling.queue import QueueEntry, build_queue, load_campaign
from db.core.base import new_id, utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, _

SHEET_SIZE = 20  # members per sheet aimed at
SHEET_MAX = 25  # and never more


class AssignMode(enum.StrEnum):
    BY_BRANCH = "by_branch"  # a caller's own branch first, the rest evenly
    EVENLY = "evenly"
    BY_HAND = "by_hand"  # the user chose a caller for each member


ASSIGN_MODE_LABELS = {
    AssignMode.BY_BRANCH: N_("By branch (a caller's own branch first)"),
    AssignMode.EVENLY: N_("Evenly by count"),
    AssignMode.BY_HAND: N_("By hand"),
}

# Moves a sheet may make by hand; "entered" is reached by typing in the last row.
_NEXT_STATUS = {
    SheetStatus.ASSIGNED: (SheetStatus.PRINTED, SheetStatus.OUT),
    SheetStatus.PRINTED: (SheetStatus.OUT, SheetStatus.RETURNED),
    SheetStatus.OUT: (SheetStatus.RETURNED,),
    SheetStatus.RETURNED: (SheetStatus.OUT,),
    SheetStatus.ENTERED: (),
}


class SheetNotFoundError(KansliError):
    def __init__(self, number: int | None = None) -> None:
        if number is None:
            super().__init__(_("The call sheet was not found; it may have been released."))
        else:
            super().__init__(_("This campaign has no call sheet {number}.").format(number=number))


class NothingToAssignError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The queue is empty: there is no one to assign."))


@dataclass(frozen=True)
class SheetSummary:
    id: uuid.UUID
    number: int
    caller_id: uuid.UUID
    caller: str
    status: SheetStatus
    rows: int
    entered: int
    reached: int
    printed_at: datetime | None
    returned_on: date | None


def sheet_sizes(count: int) -> list[int]:
    """Split ``count`` members into sheets of about :data:`SHEET_SIZE`, none over :data:`SHEET_MAX`, sizes even."""
    if count <= 0:
        return []
    sheets = max(1, round(count / SHEET_SIZE), math.ceil(count / SHEET_MAX))
    base, extra = divmod(count, sheets)
    return [base + 1 if index < extra else base for index in range(sheets)]


def deal(
    entries: Sequence[QueueEntry],
    callers: Sequence[CallerRef],
    mode: AssignMode,
    by_hand: Mapping[uuid.UUID, uuid.UUID] | None = None,
) -> dict[uuid.UUID, list[QueueEntry]]:
    """Decide which caller gets which members (no writing); callers keep the queue's branch and name order."""
    if not callers:
        raise ValidationError("callers", _("Choose at least one caller."))
    dealt: dict[uuid.UUID, list[QueueEntry]] = {caller.id: [] for caller in callers}
    if mode == AssignMode.BY_HAND:
        chosen = by_hand or {}
        for entry in entries:
            caller_id = chosen.get(entry.member_id)
            if caller_id in dealt:
                dealt[caller_id].append(entry)
        return dealt
    rest: list[QueueEntry] = list(entries)
    if mode == AssignMode.BY_BRANCH:
        own: dict[uuid.UUID, list[CallerRef]] = defaultdict(list)
        for caller in callers:
            if caller.branch_id is not None:
                own[caller.branch_id].append(caller)
        rest = []
        for entry in entries:
            locals_ = own.get(entry.branch_id) if entry.branch_id else None
            if locals_:
                # The branch's caller with the fewest so far; ties go to the first in name order.
                target = min(locals_, key=lambda caller: len(dealt[caller.id]))
                dealt[target.id].append(entry)
            else:
                rest.append(entry)
    # Evenly: consecutive runs, so that a caller's members stay together by branch and name.
    loads = sorted(callers, key=lambda caller: len(dealt[caller.id]))
    total = sum(len(members) for members in dealt.values()) + len(rest)
    share = math.ceil(total / len(callers))
    position = 0
    for caller in loads:
        room = max(0, share - len(dealt[caller.id]))
        dealt[caller.id].extend(rest[position : position + room])
        position += room
    if position < len(rest):  # rounding left a few: give them to the least loaded
        for entry in rest[position:]:
            target = min(callers, key=lambda caller: len(dealt[caller.id]))
            dealt[target.id].append(entry)
    for members in dealt.values():
        members.sort(key=lambda entry: (str(entry.branch_id), entry.name_key))
    return dealt


def assign_queue(
    session: Session,
    campaign_id: uuid.UUID,
    caller_ids: Sequence[uuid.UUID],
    mode: AssignMode,
    today: date,
    *,
    by_hand: Mapping[uuid.UUID, uuid.UUID] | None = None,
    member_ids: Sequence[uuid.UUID] | None = None,
) -> list[int]:
    """Deal the campaign's queue (or the members of it given) to callers as new sheets; return the sheet numbers."""
    load_campaign(session, campaign_id)
    queue = build_queue(session, campaign_id, today)
    entries = queue.entries
    if member_ids is not None:
        wanted = set(member_ids)
        entries = [entry for entry in entries if entry.member_id in wanted]
    if not entries:
        raise NothingToAssignError
    known = {caller.id: caller for caller in list_callers(session)}
    callers = [known[caller_id] for caller_id in caller_ids if caller_id in known]
    dealt = deal(entries, callers, mode, by_hand)
    number = _last_sheet_number(session, campaign_id)
    numbers: list[int] = []
    sheets: list[dict[str, object]] = []
    rows: list[dict[str, object]] = []
    for caller in callers:
        members = dealt[caller.id]
        start = 0
        for size in sheet_sizes(len(members)):
            number += 1
            sheet_id = new_id()
            sheets.append(
                {"id": sheet_id, "campaign_id": campaign_id, "number": number, "caller_id": caller.id}
                | {"status": SheetStatus.ASSIGNED}
            )
            for row, entry in enumerate(members[start : start + size], 1):
                rows.append(
                    {
                        "id": new_id(),
                        "sheet_id": sheet_id,
                        "row": row,
                        "member_id": entry.member_id,
                        "pass_number": entry.pass_number,
                        "phone": entry.phone,
                    }
                )
            start += size
            numbers.append(number)
    # Bulk inserts go through the change log's fast path: thousands of rows in a few statements.
    session.execute(insert(CallSheet), sheets)
    session.execute(insert(SheetRow), rows)
    return numbers


def _last_sheet_number(session: Session, campaign_id: uuid.UUID) -> int:
    # Released sheets keep their numbers: a number once printed never names another piece of paper.
    return session.execute(select(func.max(CallSheet.number)).where(CallSheet.campaign_id == campaign_id)).scalar() or 0


def sheet_by_number(session: Session, campaign_id: uuid.UUID, number: int) -> CallSheet:
    sheet = session.execute(
        select(CallSheet).where(
            CallSheet.campaign_id == campaign_id, CallSheet.number == number, CallSheet.deleted_at.is_(None)
        )
    ).scalar_one_or_none()
    if sheet is None:
        raise SheetNotFoundError(number)
    return sheet


def _live_sheet(session: Session, sheet_id: uuid.UUID) -> CallSheet:
    sheet = session.get(CallSheet, sheet_id)
    if sheet is None or sheet.deleted_at is not None:
        raise SheetNotFoundError
    return sheet


def set_sheet_status(session: Session, sheet_id: uuid.UUID, status: SheetStatus, today: date) -> None:
    """Move a sheet on (printed → out → returned); refuse a move that makes no sense."""
    sheet = _live_sheet(session, sheet_id)
    if status == sheet.status:
        return
    if status not in _NEXT_STATUS[sheet.status]:
        raise ValidationError("status", _("A sheet that is entered cannot be moved back; undo the entry instead."))
    if status == SheetStatus.PRINTED and sheet.printed_at is None:
        sheet.printed_at = utcnow()
    if status == SheetStatus.RETURNED:
        sheet.returned_on = today
    sheet.status = status


def mark_printed(session: Session, sheet_ids: Sequence[uuid.UUID]) -> None:
    """Record that sheets were printed (a reprint keeps the first printing time and a later status)."""
    now = utcnow()
    for sheet_id in sheet_ids:
        sheet = _live_sheet(session, sheet_id)
        if sheet.printed_at is None:
            sheet.printed_at = now
        if sheet.status == SheetStatus.ASSIGNED:
            sheet.status = SheetStatus.PRINTED


def reassign_sheet(session: Session, sheet_id: uuid.UUID, caller_id: uuid.UUID) -> None:
    """Give a sheet to another caller (its rows not yet entered go with it)."""
    sheet = _live_sheet(session, sheet_id)
    if sheet.status == SheetStatus.ENTERED:
        raise ValidationError("caller", _("This sheet has been entered; there is nothing left to reassign."))
    if caller_id not in {caller.id for caller in list_callers(session)}:
        raise ValidationError("caller", _("The caller was not found; they may have been removed."))
    sheet.caller_id = caller_id


def release_sheet(session: Session, sheet_id: uuid.UUID) -> int:
    """Take back a sheet's rows not yet entered, so those members return to the queue; return how many."""
    sheet = _live_sheet(session, sheet_id)
    entered = _entered_row_ids(session, [sheet.id])
    now = utcnow()
    released = 0
    rows = session.execute(select(SheetRow).where(SheetRow.sheet_id == sheet.id, SheetRow.deleted_at.is_(None)))
    for row in rows.scalars():
        if row.id not in entered:
            row.deleted_at = now
            released += 1
    if not entered:
        sheet.deleted_at = now
    else:
        sheet.status = SheetStatus.ENTERED
    return released


def _entered_row_ids(session: Session, sheet_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    rows = session.execute(
        select(SheetRow.id)
        .join(Call, Call.sheet_row_id == SheetRow.id)
        .where(SheetRow.sheet_id.in_(sheet_ids), Call.deleted_at.is_(None))
    )
    return set(rows.scalars())


def list_sheets(session: Session, campaign_id: uuid.UUID) -> list[SheetSummary]:
    """The campaign's sheets by number, with how far each has been entered."""
    callers = {caller.id: caller.name for caller in list_callers(session, include_inactive=True)}
    sheets = list(
        session.execute(
            select(CallSheet)
            .where(CallSheet.campaign_id == campaign_id, CallSheet.deleted_at.is_(None))
            .order_by(CallSheet.number)
        ).scalars()
    )
    row_counts: dict[uuid.UUID, int] = defaultdict(int)
    for sheet_id, count in session.execute(
        select(SheetRow.sheet_id, func.count())
        .join(CallSheet, CallSheet.id == SheetRow.sheet_id)
        .where(CallSheet.campaign_id == campaign_id, SheetRow.deleted_at.is_(None))
        .group_by(SheetRow.sheet_id)
    ).tuples():
        row_counts[sheet_id] = count
    entered: dict[uuid.UUID, int] = defaultdict(int)
    reached: dict[uuid.UUID, int] = defaultdict(int)
    for sheet_id, outcome in session.execute(
        select(SheetRow.sheet_id, Call.outcome)
        .join(Call, Call.sheet_row_id == SheetRow.id)
        .where(Call.campaign_id == campaign_id, Call.deleted_at.is_(None), SheetRow.deleted_at.is_(None))
    ).tuples():
        entered[sheet_id] += 1
        if outcome_info(outcome).reached:
            reached[sheet_id] += 1
    return [
        SheetSummary(
            sheet.id,
            sheet.number,
            sheet.caller_id,
            callers.get(sheet.caller_id, "?"),
            sheet.status,
            row_counts[sheet.id],
            entered[sheet.id],
            reached[sheet.id],
            sheet.printed_at,
            sheet.returned_on,
        )
        for sheet in sheets
    ]


def parse_sheet_numbers(text: str) -> list[int]:
    """Read "3-7", "3,5,9" or "2-4, 8" into sheet numbers, or raise :class:`ValidationError`."""
    numbers: list[int] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        first, dash, last = part.partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise ValidationError("sheets", _("Write sheet numbers like 3-7 or 3,5,9.")) from None
        if low < 1 or high < low or high - low > 10_000:
            raise ValidationError("sheets", _("Write sheet numbers like 3-7 or 3,5,9."))
        numbers.extend(range(low, high + 1))
    return sorted(set(numbers))
