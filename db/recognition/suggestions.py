"""Whom to recognise: members reaching a membership jubilee this year, and a shortlist for volunteer of the year.

**Jubilees.** Membership years count from the person's earliest joining as a member (a supporter is not yet a
member; a move to another branch or a break does not start the count again). A member reaches ``N`` full years on
the anniversary of that day in the year ``joined + N`` (a 29 February joining has its anniversary on 28 February in
other years). Suggested are current members (a membership as member in force on ``today``) who reach 10, 25, 40 or
50 years in the year asked about and have no jubilee recognition for those years yet.

**Volunteer of the year.** Each kind of recorded activity in the year counts for points (:data:`ACTIVITY_KINDS`);
the score is the sum of count × weight (:func:`volunteer_score`). A year in a position of trust counts as much as ten
calls, a leading role in it as much again, and a new member welcomed or an article written as much as five calls:

==========================  ======  ===============================================================
activity                    weight  counted
==========================  ======  ===============================================================
calls made                  1       calls made as a caller (a caller who is a member), by call date
positions of trust          10      positions held on any day of the year, in any body
leading positions           10      of those, the chair, vice chair, secretary, treasurer or convenor
new members welcomed        5       new members of the year whose godparent the person is
articles written            5       articles for the year's issues of the member paper or letters, once
                                    the text has come in
==========================  ======  ===============================================================

To count something else (events staffed, say, once they are recorded), add an :class:`ActivityKind` with a
function that counts it per member over the year. People who were volunteer of the year in the last
:data:`RECENT_YEARS` years are left out, and so is anyone who is no longer a member or supporter.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db.branches.models import Body, Branch, Position, PositionRole
from db.calling.models import Call, Caller
from db.core.i18n import Label, plural_label
from db.members.models import EndReason, Member, MemberSearchEntry, Membership, MembershipKind, MembershipStatus
from db.members.status import membership_status
from db.newsletters.models import Article, ArticleStatus, Issue
from db.recognition.models import JUBILEE_YEARS, Recognition, RecognitionKind

RECENT_YEARS = 5  # a volunteer of the year is not shortlisted again within this many years (this one included)
SHORTLIST_LENGTH = 10
LEADING_ROLES = (
    PositionRole.CHAIR,
    PositionRole.VICE_CHAIR,
    PositionRole.SECRETARY,
    PositionRole.TREASURER,
    PositionRole.CONVENOR,
)
_CHUNK = 5000

Counter = Callable[[Session, date, date], dict[uuid.UUID, int]]


def _chunks(ids: Sequence[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


# ---------------------------------------------------------------------------------------------------------------
# Membership jubilees


def membership_anniversary(joined_on: date, years: int) -> date:
    """The day a membership that began on ``joined_on`` is ``years`` full years old."""
    year = joined_on.year + years
    try:
        return joined_on.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return date(year, 2, 28)


@dataclass(frozen=True)
class JubileeSuggestion:
    member_id: uuid.UUID
    name: str
    language: str  # fi, sv or other
    branch: str  # the current branch, "" when none
    joined_on: date  # the earliest joining as a member
    years: int
    anniversary: date


def jubilee_suggestions(session: Session, year: int, today: date) -> list[JubileeSuggestion]:
    """Current members who reach a membership jubilee in ``year`` and have not been recognised for it, by date."""
    earliest = func.min(Membership.joined_on)
    ranges = [earliest.between(date(year - years, 1, 1), date(year - years, 12, 31)) for years in JUBILEE_YEARS]
    found: dict[uuid.UUID, date] = {
        member_id: joined
        for member_id, joined in session.execute(
            select(Membership.member_id, earliest)
            .where(Membership.kind == MembershipKind.MEMBER, Membership.deleted_at.is_(None))
            .where(Membership.joined_on.is_not(None))
            .group_by(Membership.member_id)
            .having(or_(*ranges))
        ).tuples()
        if joined is not None
    }
    current = _current_members(session, list(found), today)
    given = {
        (member_id, years)
        for member_id, years in session.execute(
            select(Recognition.member_id, Recognition.jubilee_years).where(
                Recognition.kind == RecognitionKind.JUBILEE, Recognition.deleted_at.is_(None)
            )
        ).tuples()
    }
    people = _people(session, list(current))
    suggestions = []
    for member_id in current:
        joined = found[member_id]
        years = year - joined.year
        if (member_id, years) in given or member_id not in people:
            continue
        name, language, branch, _sort_key = people[member_id]
        suggestions.append(
            JubileeSuggestion(member_id, name, language, branch, joined, years, membership_anniversary(joined, years))
        )
    suggestions.sort(key=lambda item: (item.anniversary, people[item.member_id][3]))
    return suggestions


def _current_members(session: Session, member_ids: Sequence[uuid.UUID], today: date) -> set[uuid.UUID]:
    """Those of ``member_ids`` with a membership as member in force on ``today`` (and not recorded as deceased)."""
    current: set[uuid.UUID] = set()
    deceased: set[uuid.UUID] = set()
    for chunk in _chunks(member_ids):
        for member_id, kind, joined, ended, reason in session.execute(
            select(
                Membership.member_id, Membership.kind, Membership.joined_on, Membership.ended_on, Membership.end_reason
            ).where(Membership.member_id.in_(chunk), Membership.deleted_at.is_(None))
        ).tuples():
            if reason == EndReason.DECEASED:
                deceased.add(member_id)
            elif kind == MembershipKind.MEMBER and membership_status(joined, ended, reason, today) == (
                MembershipStatus.ACTIVE
            ):
                current.add(member_id)
    return current - deceased


def _people(session: Session, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str, str, str]]:
    """Name, language, current branch and sort key of each live member of ``member_ids``."""
    people: dict[uuid.UUID, tuple[str, str, str, str]] = {}
    for chunk in _chunks(member_ids):
        for member_id, first, last, language, branch, sort_key in session.execute(
            select(
                Member.id,
                Member.first_name,
                Member.last_name,
                Member.language,
                Branch.name,
                MemberSearchEntry.sort_key,
            )
            .outerjoin(MemberSearchEntry, MemberSearchEntry.member_id == Member.id)
            .outerjoin(Branch, Branch.id == MemberSearchEntry.branch_id)
            .where(Member.id.in_(chunk), Member.deleted_at.is_(None), Member.erased_at.is_(None))
        ).tuples():
            people[member_id] = (
                f"{first} {last}",
                language.value if language is not None else "fi",
                branch or "",
                sort_key or f"{last} {first}".casefold(),
            )
    return people


# ---------------------------------------------------------------------------------------------------------------
# Volunteer of the year


def count_calls(session: Session, start: date, end: date) -> dict[uuid.UUID, int]:
    """Calls made between ``start`` and ``end`` by each caller who is a member."""
    rows = session.execute(
        select(Caller.member_id, func.count(Call.id))
        .join(Caller, Caller.id == Call.caller_id)
        .where(Caller.member_id.is_not(None), Call.deleted_at.is_(None))
        .where(Call.called_on >= start, Call.called_on <= end)
        .group_by(Caller.member_id)
    ).tuples()
    return {member_id: int(count) for member_id, count in rows if member_id is not None}


def _count_positions(
    session: Session, start: date, end: date, roles: Sequence[PositionRole] | None
) -> dict[uuid.UUID, int]:
    statement = (
        select(Position.member_id, func.count(Position.id))
        .join(Body, Body.id == Position.body_id)
        .where(Position.deleted_at.is_(None), Body.deleted_at.is_(None))
        .where(Position.starts_on <= end, or_(Position.ends_on.is_(None), Position.ends_on >= start))
        .group_by(Position.member_id)
    )
    if roles is not None:
        statement = statement.where(Position.role.in_(list(roles)))
    return {member_id: int(count) for member_id, count in session.execute(statement).tuples()}


def count_positions(session: Session, start: date, end: date) -> dict[uuid.UUID, int]:
    """Positions of trust held on any day between ``start`` and ``end``, per member."""
    return _count_positions(session, start, end, None)


def count_leading_positions(session: Session, start: date, end: date) -> dict[uuid.UUID, int]:
    """Of those, the positions in a leading role (chair, vice chair, secretary, treasurer, convenor)."""
    return _count_positions(session, start, end, LEADING_ROLES)


def count_articles(session: Session, start: date, end: date) -> dict[uuid.UUID, int]:
    """Articles written for an issue of the member paper or a member letter of the years of ``start`` to ``end``.

    An article counts once the text has come in (received, edited or placed), not when it was only asked for.
    """
    rows = session.execute(
        select(Article.author_id, func.count(Article.id))
        .join(Issue, Issue.id == Article.issue_id)
        .where(Article.author_id.is_not(None), Article.deleted_at.is_(None), Issue.deleted_at.is_(None))
        .where(Article.status != ArticleStatus.COMMISSIONED)
        .where(Issue.year >= start.year, Issue.year <= end.year)
        .group_by(Article.author_id)
    ).tuples()
    return {member_id: int(count) for member_id, count in rows if member_id is not None}


def count_godchildren(session: Session, start: date, end: date) -> dict[uuid.UUID, int]:
    """New members (joined between ``start`` and ``end``) whose godparent each member is."""
    rows = session.execute(
        select(Member.godparent_id, func.count(Member.id))
        .join(MemberSearchEntry, MemberSearchEntry.member_id == Member.id)
        .where(Member.godparent_id.is_not(None), Member.deleted_at.is_(None))
        .where(and_(MemberSearchEntry.joined_on >= start, MemberSearchEntry.joined_on <= end))
        .group_by(Member.godparent_id)
    ).tuples()
    return {member_id: int(count) for member_id, count in rows if member_id is not None}


@dataclass(frozen=True)
class ActivityKind:
    """One kind of recorded activity that speaks for a volunteer.

    Attributes:
        key: the name the activity is counted under in :attr:`Candidate.activity`.
        weight: points for each one counted.
        count: counts it per member between two dates (both included).
        label: its words for a count, e.g. "42 calls made" (a :class:`Label`, shown in the reader's language).
    """

    key: str
    weight: float
    count: Counter
    label: Callable[[int], Label]


ACTIVITY_KINDS: tuple[ActivityKind, ...] = (
    ActivityKind("calls", 1, count_calls, lambda n: plural_label("{count} call made", "{count} calls made", n)),
    ActivityKind(
        "positions",
        10,
        count_positions,
        lambda n: plural_label("{count} position of trust", "{count} positions of trust", n),
    ),
    ActivityKind(
        "leading_positions",
        10,
        count_leading_positions,
        lambda n: plural_label("{count} of them a leading role", "{count} of them leading roles", n),
    ),
    ActivityKind(
        "godchildren",
        5,
        count_godchildren,
        lambda n: plural_label(
            "{count} new member welcomed as godparent", "{count} new members welcomed as godparent", n
        ),
    ),
    ActivityKind(
        "articles", 5, count_articles, lambda n: plural_label("{count} article written", "{count} articles written", n)
    ),
)


def volunteer_score(activity: Mapping[str, int], kinds: Sequence[ActivityKind] = ACTIVITY_KINDS) -> float:
    """The points of a year's activity: the sum of each kind's count times its weight (unknown keys count nothing)."""
    weights = {kind.key: kind.weight for kind in kinds}
    return sum(weights.get(key, 0) * count for key, count in activity.items())


@dataclass(frozen=True)
class Candidate:
    """A member on the shortlist for volunteer of the year, with what was counted for them."""

    member_id: uuid.UUID
    name: str
    language: str
    branch: str
    score: float
    activity: Mapping[str, int]  # ActivityKind.key → count, only the kinds with something counted

    def describe(self, language: str | None = None, kinds: Sequence[ActivityKind] = ACTIVITY_KINDS) -> str:
        """What was counted, in words: "42 calls made · 2 positions of trust"."""
        return " · ".join(
            kind.label(self.activity[kind.key]).text(language) for kind in kinds if self.activity.get(kind.key)
        )


def recent_volunteers(session: Session, year: int, recent_years: int = RECENT_YEARS) -> set[uuid.UUID]:
    """Members who were volunteer of the year in ``year`` or the ``recent_years - 1`` years before (or since)."""
    return set(
        session.execute(
            select(Recognition.member_id).where(
                Recognition.kind == RecognitionKind.VOLUNTEER_OF_THE_YEAR,
                Recognition.deleted_at.is_(None),
                Recognition.year > year - recent_years,
            )
        ).scalars()
    )


def volunteer_shortlist(
    session: Session,
    year: int,
    today: date,
    *,
    limit: int = SHORTLIST_LENGTH,
    recent_years: int = RECENT_YEARS,
    kinds: Sequence[ActivityKind] = ACTIVITY_KINDS,
) -> list[Candidate]:
    """The members with the most recorded activity in ``year``, best first (equal scores by name).

    Left out: anyone with nothing counted, volunteers of the year within ``recent_years``, and people who are not a
    current member or supporter on ``today`` (or who died, were deleted or erased).
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    activity: dict[uuid.UUID, dict[str, int]] = {}
    for kind in kinds:
        for member_id, count in kind.count(session, start, end).items():
            if count:
                activity.setdefault(member_id, {})[kind.key] = count
    excluded = recent_volunteers(session, year, recent_years)
    member_ids = [member_id for member_id in activity if member_id not in excluded]
    live = _live_people(session, member_ids, today)
    people = _people(session, list(live))
    candidates = [
        Candidate(
            member_id,
            people[member_id][0],
            people[member_id][1],
            people[member_id][2],
            volunteer_score(activity[member_id], kinds),
            activity[member_id],
        )
        for member_id in member_ids
        if member_id in people
    ]
    candidates.sort(key=lambda candidate: (-candidate.score, people[candidate.member_id][3]))
    return candidates[:limit]


def _live_people(session: Session, member_ids: Sequence[uuid.UUID], today: date) -> set[uuid.UUID]:
    """Those of ``member_ids`` with a membership (as member or supporter) in force on ``today``."""
    live: set[uuid.UUID] = set()
    deceased: set[uuid.UUID] = set()
    for chunk in _chunks(member_ids):
        for member_id, joined, ended, reason in session.execute(
            select(Membership.member_id, Membership.joined_on, Membership.ended_on, Membership.end_reason).where(
                Membership.member_id.in_(chunk), Membership.deleted_at.is_(None)
            )
        ).tuples():
            if reason == EndReason.DECEASED:
                deceased.add(member_id)
            elif membership_status(joined, ended, reason, today) == MembershipStatus.ACTIVE:
                live.add(member_id)
    return live - deceased
