"""The members' part of the annual report: people at the start and end, who joined and left, by branch and age.

Counted as the Overview counts (``db.members.statistics``): memberships that follow each other within
:data:`~db.members.statistics.MOVE_GAP` are one **stay** in the register (a move between branches, a supporter
becoming a member), a person **joins** when a stay begins and **leaves** when it ends, and a person is counted on a
day when one of their stays has begun and not yet ended. "At the start" is the day before the period, so that
start + joined − left = end holds exactly. Erased people keep counting (their past was real); people deleted as
entered by mistake, and deaths recorded without a date, do not.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import String, and_, select, type_coerce
from sqlalchemy.orm import Session

from db.annual.shape import Chart, Figure, Msg, Section, Table
from db.branches.models import Branch
from db.calling.models import Call
from db.core.driver_rows import first_rows
from db.core.i18n import N_
from db.members.models import END_REASON_LABELS, EndReason, Member, Membership, MembershipKind
from db.members.statistics import MOVE_GAP

WELCOME_DAYS = 14
AGE_BANDS = ((0, 29, "–29"), (30, 44, "30–44"), (45, 64, "45–64"), (65, 79, "65–79"), (80, 200, "80+"))


@dataclass
class _Span:
    branch_id: str  # as stored (hex text)
    kind: str
    joined_on: date
    ended_on: date | None
    end_reason: str | None


class _Stay:
    """Memberships that follow each other: one time in the register. Call :meth:`close` once all are added."""

    __slots__ = ("begins", "ends", "last", "spans")

    def __init__(self, span: _Span) -> None:
        self.spans = [span]  # by joining date
        self.begins = span.joined_on
        self.ends: date | None = span.ended_on
        self.last = span

    def add(self, span: _Span) -> None:
        self.spans.append(span)
        if self.ends is not None:
            self.ends = None if span.ended_on is None else max(self.ends, span.ended_on)

    def close(self) -> _Stay:
        # The membership that ends the stay (its end reason is why the person left).
        if len(self.spans) > 1:
            self.last = max(self.spans, key=lambda span: (span.ended_on or date.max, span.joined_on))
        return self

    def in_force(self, day: date) -> bool:
        return self.begins <= day and (self.ends is None or self.ends > day)

    def span_on(self, day: date) -> _Span:
        """The membership that counts on ``day``: the latest begun by then (in a gap, the one before it)."""
        if len(self.spans) == 1:
            return self.spans[0]
        begun = [span for span in self.spans if span.joined_on <= day]
        return begun[-1] if begun else self.spans[0]


def _stays(spans: list[_Span]) -> list[_Stay]:
    spans.sort(key=lambda span: span.joined_on)
    stays: list[_Stay] = []
    for span in spans:
        last = stays[-1] if stays else None
        if last is not None and (last.ends is None or span.joined_on <= last.ends + MOVE_GAP):
            last.add(span)
        else:
            stays.append(_Stay(span))
    return [stay.close() for stay in stays]


def _day(value: date | str) -> date:
    """A date as the driver gives it: text on SQLite (ISO), a date elsewhere."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _people(session: Session) -> dict[str, list[_Stay]]:
    """Each counted person's stays, keyed by the member id as stored (hex text: 100 000 UUID objects cost a second)."""
    counted = and_(Member.deleted_at.is_(None)) | Member.erased_at.is_not(None)
    # At driver level: SQLAlchemy's result rows would cost more than everything below together.
    rows = first_rows(
        session,
        select(
            type_coerce(Membership.member_id, String),
            type_coerce(Membership.branch_id, String),
            Membership.kind,
            Membership.joined_on,
            Membership.ended_on,
            Membership.end_reason,
        )
        .join(Member, Member.id == Membership.member_id)
        .where(Membership.deleted_at.is_(None), Membership.joined_on.is_not(None), counted),
    )
    spans: dict[str, list[_Span]] = defaultdict(list)
    undated_deaths: set[str] = set()
    for member_id, branch_id, kind, joined_on, ended_on, end_reason in rows:
        reason = str(end_reason) if end_reason else None
        if reason == EndReason.DECEASED.value and ended_on is None:
            undated_deaths.add(member_id)
        spans[member_id].append(
            _Span(branch_id, str(kind), _day(joined_on), _day(ended_on) if ended_on else None, reason)
        )
    return {member_id: _stays(found) for member_id, found in spans.items() if member_id not in undated_deaths}


def _age_band(birth_year: int | None, day: date) -> str:
    if birth_year is None:
        return ""
    age = day.year - birth_year
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), "")


def members_section(session: Session, start: date, end: date) -> Section:
    """Members and supporters over the period ``start``–``end`` (both days included)."""
    before = start - timedelta(days=1)
    people = _people(session)
    branches = dict(session.execute(select(type_coerce(Branch.id, String), Branch.name)).tuples().all())
    at_start: Counter[str] = Counter()
    at_end: Counter[str] = Counter()
    joined: Counter[str] = Counter()
    left_by_reason: Counter[str] = Counter()
    by_branch: dict[str, Counter[str]] = defaultdict(Counter)
    new_members: dict[str, date] = {}
    counted_at_end: list[str] = []
    for member_id, stays in people.items():
        for stay in stays:
            if stay.in_force(before):
                at_start[stay.span_on(before).kind] += 1
            if stay.in_force(end):
                span = stay.span_on(end)
                at_end[span.kind] += 1
                by_branch[span.branch_id][f"end_{span.kind}"] += 1
                counted_at_end.append(member_id)
            if start <= stay.begins <= end:
                first = stay.spans[0]
                joined[first.kind] += 1
                by_branch[first.branch_id]["joined"] += 1
                if first.kind == MembershipKind.MEMBER.value:
                    new_members[member_id] = stay.begins
            if stay.ends is not None and start <= stay.ends <= end:
                last = stay.last
                left_by_reason[last.end_reason or ""] += 1
                by_branch[last.branch_id]["left"] += 1
    welcomed = _welcomed(session, new_members)
    ages = _ages(session, counted_at_end, end)
    member, supporter = MembershipKind.MEMBER.value, MembershipKind.SUPPORTER.value
    joined_total, left_total = sum(joined.values()), sum(left_by_reason.values())
    figures = (
        Figure(Msg(N_("Members at the start")), at_start[member]),
        Figure(Msg(N_("Supporters at the start")), at_start[supporter]),
        Figure(Msg(N_("Members at the end")), at_end[member]),
        Figure(Msg(N_("Supporters at the end")), at_end[supporter]),
        Figure(Msg(N_("Joined")), joined_total),
        Figure(Msg(N_("Left")), left_total),
        Figure(Msg(N_("Net change")), joined_total - left_total),
        Figure(Msg(N_("New members")), len(new_members)),
        Figure(Msg(N_("New members called within 14 days")), welcomed),
        Figure(
            Msg(N_("Share of new members called within 14 days")),
            welcomed / len(new_members) if new_members else 0.0,
            percent=True,
        ),
    )
    reasons = [
        (Msg(END_REASON_LABELS[EndReason(reason)]) if reason else Msg(N_("No reason recorded")), count)
        for reason, count in sorted(left_by_reason.items(), key=lambda item: -item[1])
    ]
    branch_rows = sorted(
        (
            (
                branches.get(branch_id, "?"),
                counts["end_member"],
                counts["end_supporter"],
                counts["joined"],
                counts["left"],
                counts["joined"] - counts["left"],
            )
            for branch_id, counts in by_branch.items()
        ),
        key=lambda row: str(row[0]).casefold(),
    )
    band_rows = [(label, ages[label]) for _low, _high, label in AGE_BANDS]
    band_rows.append((Msg(N_("Birth year not known")), ages[""]))
    tables = (
        Table(Msg(N_("Left by reason")), (Msg(N_("Reason")), Msg(N_("People"))), tuple(reasons), None),
        Table(
            Msg(N_("By branch")),
            tuple(
                Msg(text)
                for text in (
                    N_("Branch"),
                    N_("Members at the end"),
                    N_("Supporters at the end"),
                    N_("Joined"),
                    N_("Left"),
                    N_("Net change"),
                )
            ),
            tuple(branch_rows),
            (
                Msg(N_("Total")),
                at_end[member],
                at_end[supporter],
                joined_total,
                left_total,
                joined_total - left_total,
            ),
        ),
        Table(Msg(N_("Age at the end of the period")), (Msg(N_("Age")), Msg(N_("People"))), tuple(band_rows)),
    )
    charts = (
        Chart(
            Msg(N_("Joined and left by branch")),
            tuple(str(row[0]) for row in branch_rows),
            (
                (Msg(N_("Joined")), tuple(float(row[3]) for row in branch_rows)),
                (Msg(N_("Left")), tuple(float(row[4]) for row in branch_rows)),
            ),
        ),
        Chart(
            Msg(N_("Age at the end of the period")),
            tuple(label for _low, _high, label in AGE_BANDS),
            ((Msg(N_("People")), tuple(float(ages[label]) for _low, _high, label in AGE_BANDS)),),
        ),
    )
    return Section(
        "members",
        Msg(N_("Members and supporters")),
        figures,
        tables,
        charts,
        Msg(
            N_(
                "A move between branches, or a supporter becoming a member, is not counted as leaving and joining. "
                "The start is the day before the period."
            )
        ),
    )


def _welcomed(session: Session, new_members: dict[str, date]) -> int:
    """New members with a call (any outcome, any campaign) within 14 days of joining."""
    first_call: dict[str, date] = {}
    ids = list(new_members)
    member = type_coerce(Call.member_id, String)
    for begin in range(0, len(ids), 5000):
        for member_id, called_on in session.execute(
            select(member, Call.called_on).where(member.in_(ids[begin : begin + 5000]), Call.deleted_at.is_(None))
        ).tuples():
            joined_on = new_members[member_id]
            if joined_on <= called_on <= joined_on + timedelta(days=WELCOME_DAYS):
                first_call[member_id] = called_on
    return len(first_call)


def _ages(session: Session, member_ids: list[str], day: date) -> Counter[str]:
    years = dict(session.execute(select(type_coerce(Member.id, String), Member.birth_year)).tuples().all())
    return Counter(_age_band(years.get(member_id), day) for member_id in member_ids)


def emails_updated(answers: str) -> bool:
    """Whether a call's answers replaced the member's e-mail address."""
    try:
        values = json.loads(answers or "{}")
    except ValueError:
        return False
    return any(isinstance(value, dict) and value.get("email") for value in values.values())
