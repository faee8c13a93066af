"""Calling in the demo: the season's member calling campaign under way, and the standing welcome call.

Made through the calling operations themselves, after the register is committed (the queue reads the members'
derived rows, which are written at commit). A few branches have volunteers; their sheets are at every stage:
entered, returned half-typed, out with the caller, printed, not yet printed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.calling.callers import add_member_caller, add_quick_caller, list_callers
from db.calling.campaigns import create_campaign, template
from db.calling.entry import RowEntry, enter_row, questions_of
from db.calling.models import CallSheet, CampaignKind, Question, QuestionKind, SheetRow, SheetStatus
from db.calling.queue import build_queue
from db.calling.sheets import AssignMode, assign_queue, set_sheet_status
from db.core.district import get_district
from db.members.models import MemberSearchEntry

CALLING_BRANCHES = 5  # branches with volunteer callers
MEMBERS_PER_BRANCH = 60  # members dealt out per calling branch (a demo, not a whole season)
_OUTCOME_WEIGHTS = (
    ("T", 45), ("NA", 18), ("VM", 9), ("B", 4), ("CB", 7), ("WN", 3), ("NU", 1), ("R", 3), ("DNC", 2),
    ("RES", 1), ("MOV", 2), ("LANG", 1), ("INT", 2),
)  # fmt: skip
_FREE_TEXT = ("Hyvin menee, kiitos.", "Kiireinen syksy.", "Bra, tack!", "Haluaa lisää tietoa vaaleista.", "")


def build_calling_demo(session: Session, rng: random.Random, today: date) -> int:
    """Add the campaigns, callers and sheets; return the number of calls entered."""
    language = get_district(session).language.value
    season = template(CampaignKind.MEMBER_CALLING, language, today)
    campaign_id = create_campaign(session, season)
    welcome_id = create_campaign(session, template(CampaignKind.WELCOME, language, today))
    callers = _callers(session, rng, today)
    if not callers:
        return 0
    calling_day = max(season.starts_on or today, today - timedelta(days=21))
    queue = build_queue(session, campaign_id, calling_day)
    own = {caller.branch_id: caller.id for caller in list_callers(session) if caller.branch_id}
    chosen: dict[uuid.UUID, uuid.UUID] = {}
    taken: dict[uuid.UUID, int] = {}
    for entry in queue.entries:
        caller_id = own.get(entry.branch_id) if entry.branch_id else None
        if caller_id is not None and taken.get(caller_id, 0) < MEMBERS_PER_BRANCH:
            chosen[entry.member_id] = caller_id
            taken[caller_id] = taken.get(caller_id, 0) + 1
    if not chosen:
        return 0
    assign_queue(session, campaign_id, list(own.values()), AssignMode.BY_HAND, calling_day, by_hand=chosen)
    entered = _work_the_sheets(session, rng, campaign_id, today)
    welcome_queue = build_queue(session, welcome_id, today)
    if welcome_queue.entries:
        newest = [entry.member_id for entry in welcome_queue.entries[:20]]
        assign_queue(session, welcome_id, callers[:1], AssignMode.EVENLY, today, member_ids=newest)
        entered += _work_the_sheets(session, rng, welcome_id, today, entered_share=0.5)
    return entered


def _callers(session: Session, rng: random.Random, today: date) -> list[uuid.UUID]:
    """A volunteer from each of a few branches (members with a phone), and one quickly added helper."""
    rows = session.execute(
        select(MemberSearchEntry.member_id, MemberSearchEntry.branch_id)
        .where(MemberSearchEntry.phone.is_not(None), MemberSearchEntry.ended_on.is_(None))
        .where(MemberSearchEntry.branch_id.is_not(None), MemberSearchEntry.membership_kind == "member")
        # Experienced members: a caller who is a member becomes the godparent of the new members they welcome.
        .where(MemberSearchEntry.joined_on <= today - timedelta(days=3 * 365))
        .order_by(MemberSearchEntry.name_key)
    ).tuples()
    by_branch: dict[uuid.UUID, list[uuid.UUID]] = {}
    for member_id, branch_id in rows:
        if branch_id is not None:
            by_branch.setdefault(branch_id, []).append(member_id)
    largest = sorted(by_branch, key=lambda branch_id: -len(by_branch[branch_id]))[:CALLING_BRANCHES]
    callers = [add_member_caller(session, rng.choice(by_branch[branch_id])) for branch_id in largest]
    if largest:
        callers.append(add_quick_caller(session, "Maija Apulainen", "040 765 4321", largest[0]))
    return callers


def _work_the_sheets(
    session: Session, rng: random.Random, campaign_id: uuid.UUID, today: date, entered_share: float = 0.4
) -> int:
    """Put the sheets at every stage; type in the outcomes of the entered ones (and half of one returned)."""
    sheets = list(
        session.execute(
            select(CallSheet).where(CallSheet.campaign_id == campaign_id).order_by(CallSheet.number)
        ).scalars()
    )
    questions = questions_of(session, campaign_id)
    entered = 0
    for index, sheet in enumerate(sheets):
        stage = index / max(1, len(sheets))
        if stage < entered_share + 0.15:
            set_sheet_status(session, sheet.id, SheetStatus.PRINTED, today)
            set_sheet_status(session, sheet.id, SheetStatus.OUT, today)
            rows = list(
                session.execute(
                    select(SheetRow.row).where(SheetRow.sheet_id == sheet.id).order_by(SheetRow.row)
                ).scalars()
            )
            if stage >= entered_share:
                rows = rows[: len(rows) // 2]  # returned, half typed in
            for row in rows:
                called_on = today - timedelta(days=rng.randint(1, 20))
                enter_row(session, sheet, row, _random_entry(rng, questions, called_on), today)
                entered += 1
        elif stage < 0.75:
            set_sheet_status(session, sheet.id, SheetStatus.PRINTED, today)
            set_sheet_status(session, sheet.id, SheetStatus.OUT, today)
        elif stage < 0.9:
            set_sheet_status(session, sheet.id, SheetStatus.PRINTED, today)
    return entered


def _random_entry(rng: random.Random, questions: Sequence[Question], called_on: date) -> RowEntry:
    codes, weights = zip(*_OUTCOME_WEIGHTS, strict=True)
    code = rng.choices(codes, weights)[0]
    answers: dict[int, str] = {}
    if code == "T":
        for number, question in enumerate(questions, 1):
            if rng.random() < 0.2:
                continue
            if question.kind == QuestionKind.YES_NO:
                answers[number] = rng.choice("KE")
            elif question.kind == QuestionKind.FREE_TEXT:
                answers[number] = rng.choice(_FREE_TEXT)
            elif question.kind == QuestionKind.CHECK_EMAIL:
                answers[number] = "ok"
            # Interests are left unanswered: the register already has them, and the demo's figures stay its own.
            elif question.kind == QuestionKind.GODPARENT:
                answers[number] = rng.choice("KE")
    call_back = called_on + timedelta(days=rng.randint(3, 14)) if code == "CB" else None
    message = "Haluaisi tulla ehdolle kuntavaaleissa." if code == "T" and rng.random() < 0.03 else ""
    return RowEntry(code, answers, call_back, message=message, called_on=called_on)
