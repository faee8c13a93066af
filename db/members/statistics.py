"""The register over time: members and supporters month by month, who joined and left, and who is new.

Everything is derived from the dates of memberships, the same way :mod:`db.members.status` derives a status:

* A person is **counted** on a day when one of their memberships has begun (``joined_on`` on or before it) and not
  yet ended (``ended_on`` after it, or none), and they have not died by then. Someone with several memberships
  counts once, as a member or a supporter by the membership current on that day (the order of
  :func:`db.members.status.current_membership_id`).
* Memberships that follow each other with a gap of at most :data:`MOVE_GAP` days (or overlap) are one stay in the
  register: a move between branches, or a supporter becoming a member. A person **joins** when a stay begins and
  **leaves** when it ends. So joined and left count people, members and supporters alike.
* A death recorded without a date cannot be placed in time; such a person is left out of every month.

:func:`monthly_counts` counts 100 000 people in one grouped query, then works out the people with more than one
membership one by one (their cost grows with their number); it never turns the whole register into Python objects.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, exists, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from db.branches.models import Branch
from db.members.models import EndReason, Member, Membership, MembershipKind, MembershipStatus
from db.members.status import current_membership_id, membership_status_sql

MOVE_GAP = timedelta(days=31)
"""A membership that begins at most this long after another one ended continues it (a move, not a new join)."""

NEW_MEMBER_DAYS = 60
"""How far back the Overview looks for new members to welcome."""


@dataclass(frozen=True)
class MonthCount:
    """One calendar month of the register.

    ``members`` and ``supporters`` are counted at the end of the month (on ``today`` for the current month, so that
    the last month agrees with the register as it is now); ``joined`` and ``left`` count the people whose stay in
    the register began or ended during the month.
    """

    month: date  # the first day of the month
    members: int
    supporters: int
    joined: int
    left: int


@dataclass(frozen=True)
class KeyFigures:
    """The figures at the top of the Overview."""

    members: int
    supporters: int
    joined_this_year: int
    left_this_year: int

    @property
    def net_change(self) -> int:
        """People who joined this year minus those who left."""
        return self.joined_this_year - self.left_this_year


@dataclass(frozen=True)
class NewMember:
    """A member who joined recently (not a move between branches)."""

    id: uuid.UUID
    name: str
    branch: str
    joined_on: date
    godparent: str | None
    welcomed: bool


# ------------------------------------------------------------------------------------------------- the months
def _month_starts(months: int, today: date) -> list[date]:
    first = today.year * 12 + today.month - 1 - (months - 1)
    return [date(index // 12, index % 12 + 1, 1) for index in range(first, first + months)]


class _Window:
    """The months shown, each counted on its last day (today for the current month).

    A date's index is the first month counted on or after it: so a membership that began on a date with index
    ``first`` and ended on one with index ``end`` is counted in the months ``first`` … ``end - 1``.
    """

    def __init__(self, months: int, today: date) -> None:
        self.today = today
        self.starts = _month_starts(months, today)
        self.size = months

    def index_sql(self, column: Any) -> ColumnElement[int]:
        """The month a date falls in (0 … size-1), -1 before the window, ``size`` after today or when empty."""
        whens: list[tuple[ColumnElement[bool], int]] = [(column.is_(None), self.size), (column < self.starts[0], -1)]
        whens += [(column < start, index) for index, start in enumerate(self.starts[1:])]
        whens.append((column <= self.today, self.size - 1))
        return case(*whens, else_=self.size)

    def index_of(self, day: date | None) -> int:
        """The Python form of :meth:`index_sql`."""
        if day is None or day > self.today:
            return self.size
        if day < self.starts[0]:
            return -1
        return (day.year - self.starts[0].year) * 12 + day.month - self.starts[0].month


@dataclass
class _Tally:
    members: list[int]
    supporters: list[int]
    joined: list[int]
    left: list[int]

    @classmethod
    def empty(cls, size: int) -> _Tally:
        return cls([0] * (size + 1), [0] * (size + 1), [0] * (size + 1), [0] * (size + 1))

    def add_stay(self, kind: str, first: int, end: int, count: int) -> None:
        """Count ``count`` people of ``kind`` from month ``first`` up to (not including) month ``end``.

        The months are indexes of :class:`_Window`: -1 before the window, ``size`` after today or never.
        """
        first = max(first, 0)
        end = max(end, 0)
        if first < end:
            series = self.members if kind == MembershipKind.MEMBER.value else self.supporters
            # A difference array: +count where the stay starts, -count where it stops; summed up at the end.
            series[first] += count
            series[end] -= count

    def add_events(self, first: int, end: int, count: int) -> None:
        """Count a stay beginning in month ``first`` and ending in month ``end`` as joined and left."""
        if 0 <= first < len(self.joined) - 1:
            self.joined[first] += count
        if 0 <= end < len(self.left) - 1:
            self.left[end] += count


def _left_out_of_counts() -> ColumnElement[bool]:
    """People not counted: those deleted (entered by mistake, merged into another record), but not the erased.

    An erased person (GDPR erasure, ``db.privacy.erasure``) was a real member: the months they were one must keep
    their counts, or a past month's figures would change whenever somebody asks to be forgotten.
    """
    return and_(Member.deleted_at.is_not(None), Member.erased_at.is_(None))


def _undated_death(end_reason: Any, ended_on: Any) -> bool:
    return bool(end_reason == EndReason.DECEASED and ended_on is None)


def _tally_memberships(session: Session, window: _Window, tally: _Tally) -> None:
    """Count every membership as if it were a person of its own: one grouped query over the whole register.

    Right for everyone with one membership; :func:`_correct_several` then fixes the few with more.
    """
    first = window.index_sql(Membership.joined_on)
    end = window.index_sql(Membership.ended_on)
    # Spelled out, because NOT (end_reason = 'deceased' AND …) is NULL, not true, when there is no end reason.
    dated_or_alive = or_(
        Membership.end_reason.is_(None),
        Membership.end_reason != EndReason.DECEASED.value,
        Membership.ended_on.is_not(None),
    )
    rows = session.execute(
        select(Membership.kind, first, end, func.count())
        .where(
            Membership.deleted_at.is_(None),
            Membership.joined_on.is_not(None),
            dated_or_alive,
            # No index on member.deleted_at: one scan for the (few) deleted people beats a lookup per membership.
            Membership.member_id.not_in(select(Member.id).where(_left_out_of_counts())),
        )
        .group_by(Membership.kind, first, end)
    ).tuples()
    for kind, first_index, end_index, count in rows:
        tally.add_stay(str(kind), first_index, end_index, count)
        tally.add_events(first_index, end_index, count)


@dataclass(frozen=True)
class _Span:
    kind: str
    joined_on: date
    ended_on: date | None

    def current_order(self) -> tuple[int, int, int]:
        # The order of db.members.status.current_membership_id among the memberships going on one day; it does
        # not depend on the day, so the current one only changes where a membership begins or ends.
        return (
            0 if self.ended_on is None else 1,
            -(self.ended_on.toordinal() if self.ended_on else 0),
            -self.joined_on.toordinal(),
        )


def _spans_of(rows: list[tuple[str, date, date | None, EndReason | None]]) -> list[_Span]:
    """One person's memberships cut at their death; empty if the death has no date."""
    deaths = [ended for _kind, _joined, ended, reason in rows if reason == EndReason.DECEASED]
    if None in deaths:
        return []
    death = min((day for day in deaths if day is not None), default=None)
    spans = []
    for kind, joined, ended, _reason in rows:
        if death is not None:
            if joined > death:
                continue
            ended = death if ended is None else min(ended, death)
        spans.append(_Span(kind, joined, ended))
    return spans


def _stays(spans: list[_Span]) -> list[tuple[date, date | None]]:
    """Merge memberships that continue each other into stays (first day, end or None)."""
    stays: list[tuple[date, date | None]] = []
    for span in sorted(spans, key=lambda item: item.joined_on):
        if stays:
            begun, ended = stays[-1]
            if ended is None or span.joined_on <= ended + MOVE_GAP:
                later = None if ended is None or span.ended_on is None else max(ended, span.ended_on)
                stays[-1] = (begun, later)
                continue
        stays.append((span.joined_on, span.ended_on))
    return stays


def _tally_current(window: _Window, tally: _Tally, spans: list[_Span]) -> None:
    """Count one person in each month by the membership current then, piece by piece between the boundaries."""
    ranges = [(max(window.index_of(span.joined_on), 0), max(window.index_of(span.ended_on), 0), span) for span in spans]
    boundaries = sorted({0, window.size, *(first for first, _e, _s in ranges), *(end for _f, end, _s in ranges)})
    for start, stop in pairwise(boundaries):
        going = [span for first, end, span in ranges if first <= start < end]
        if going:
            tally.add_stay(min(going, key=_Span.current_order).kind, start, stop, 1)


def _correct_several(session: Session, window: _Window, tally: _Tally) -> None:
    """Count people with several memberships (moves, rejoins, a supporter who joined) once, month by month.

    What :func:`_tally_memberships` counted for each of their memberships is taken back first.
    """
    several = select(Membership.member_id).group_by(Membership.member_id).having(func.count() > 1)  # index only
    rows = session.execute(
        select(
            # The id only groups rows here; as text it skips making 20 000 UUID objects.
            type_coerce(Membership.member_id, String),
            _left_out_of_counts(),
            Membership.kind,
            Membership.joined_on,
            Membership.ended_on,
            Membership.end_reason,
        )
        .join(Member, Member.id == Membership.member_id)
        .where(Membership.deleted_at.is_(None), Membership.joined_on.is_not(None), Membership.member_id.in_(several))
    ).tuples()
    people: dict[str, list[tuple[str, date, date | None, EndReason | None]]] = defaultdict(list)
    for member_id, deleted, membership_kind, joined, ended, reason in rows:
        if not deleted and joined is not None:
            people[member_id].append((str(membership_kind), joined, ended, reason))
    for memberships in people.values():
        for kind, joined, ended, reason in memberships:
            if not _undated_death(reason, ended):
                first, end = window.index_of(joined), window.index_of(ended)
                tally.add_stay(kind, first, end, -1)
                tally.add_events(first, end, -1)
        spans = _spans_of(memberships)
        _tally_current(window, tally, spans)
        for begun, ended in _stays(spans):
            tally.add_events(window.index_of(begun), window.index_of(ended), 1)


def monthly_counts(session: Session, months: int, today: date) -> list[MonthCount]:
    """Return the last ``months`` calendar months, oldest first and the current month last.

    See the module's description for how people are counted; about three grouped queries in all.
    """
    if months <= 0:
        return []
    window = _Window(months, today)
    tally = _Tally.empty(months)
    _tally_memberships(session, window, tally)
    _correct_several(session, window, tally)
    result = []
    members = supporters = 0
    for index, start in enumerate(window.starts):
        members += tally.members[index]
        supporters += tally.supporters[index]
        result.append(MonthCount(start, members, supporters, tally.joined[index], tally.left[index]))
    return result


def key_figures(counts: list[MonthCount], today: date) -> KeyFigures:
    """The figures of the Overview from :func:`monthly_counts` (which must reach back to January)."""
    if not counts:
        return KeyFigures(0, 0, 0, 0)
    this_year = [count for count in counts if count.month.year == today.year]
    return KeyFigures(
        members=counts[-1].members,
        supporters=counts[-1].supporters,
        joined_this_year=sum(count.joined for count in this_year),
        left_this_year=sum(count.left for count in this_year),
    )


# ---------------------------------------------------------------------------------------------- new members
def welcomed_sql() -> ColumnElement[bool]:
    """Whether a new member counts as welcomed: for now, a godparent has been named.

    The one place this is decided; the calling area will add "the welcome call was made".
    """
    return Member.godparent_id.is_not(None)


def new_member_sql(member_id: Any, kind: Any, status: Any, joined_on: Any, since: date) -> ColumnElement[bool]:
    """Whether a person is a new member since ``since``.

    Their current membership is an active membership as a member that began on or after ``since``, and they were
    not a member within :data:`MOVE_GAP` days before it began (that would be a move between branches).
    A supporter who becomes a member is a new member here: they are new to the party's members and are welcomed.
    The arguments are the columns of the person's current membership in the caller's query.
    """
    earlier = aliased(Membership)
    # The district database is SQLite (SQLCipher), whose date() does the day arithmetic.
    gap_start = func.date(joined_on, f"-{MOVE_GAP.days} days")
    was_member = exists().where(
        earlier.member_id == member_id,
        earlier.deleted_at.is_(None),
        earlier.kind == MembershipKind.MEMBER.value,
        earlier.joined_on < joined_on,
        earlier.ended_on.is_(None) | (earlier.ended_on >= gap_start),
    )
    return and_(
        kind == MembershipKind.MEMBER.value,
        status == MembershipStatus.ACTIVE.value,
        joined_on >= since,
        ~was_member,
    )


def awaiting_welcome_sql(member_id: Any, kind: Any, status: Any, joined_on: Any, since: date) -> ColumnElement[bool]:
    """New members since ``since`` (see :func:`new_member_sql`) not yet welcomed (see :func:`welcomed_sql`)."""
    return and_(new_member_sql(member_id, kind, status, joined_on, since), ~welcomed_sql())


def new_members(session: Session, today: date, days: int = NEW_MEMBER_DAYS) -> list[NewMember]:
    """Return the members who joined in the last ``days`` days, newest first (see :func:`new_member_sql`)."""
    since = today - timedelta(days=days)
    current = aliased(Membership)
    godparent = aliased(Member)
    status = membership_status_sql(current, today)
    rows = session.execute(
        select(
            Member.id,
            Member.first_name,
            Member.last_name,
            Branch.name,
            current.joined_on,
            godparent.first_name,
            godparent.last_name,
            case((welcomed_sql(), literal(True)), else_=literal(False)),
        )
        # Start from the few recent memberships, so the current-membership subquery runs for them only.
        .select_from(current)
        .join(Member, Member.id == current.member_id)
        .join(Branch, Branch.id == current.branch_id)
        .outerjoin(godparent, godparent.id == Member.godparent_id)
        .where(
            current.deleted_at.is_(None),
            current.joined_on >= since,
            Member.deleted_at.is_(None),
            current.id == current_membership_id(Member.id, today),
            new_member_sql(Member.id, current.kind, status, current.joined_on, since),
        )
        .order_by(current.joined_on.desc(), Member.last_name, Member.first_name)
    ).tuples()
    return [
        NewMember(
            id=member_id,
            name=f"{first} {last}",
            branch=branch,
            joined_on=joined,
            godparent=f"{godparent_first} {godparent_last}" if godparent_first is not None else None,
            welcomed=bool(welcomed),
        )
        for member_id, first, last, branch, joined, godparent_first, godparent_last, welcomed in rows
        if joined is not None
    ]
