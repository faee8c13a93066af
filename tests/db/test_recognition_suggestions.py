"""Suggestions: membership jubilees against dates worked out by hand, and the volunteer shortlist's order by its score.

Each person's expected anniversary and score is written out beside them, computed by hand from the rules in
``db.recognition.suggestions`` (not by calling the code under test).
"""

from __future__ import annotations

import uuid
from datetime import date

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import BodyData, PositionData, add_position, create_body
from db.calling.models import Call
from db.calling.outcomes import Outcome
from db.core.database import Database
from db.members.models import EndReason, MembershipKind
from db.members.operations import set_godparent
from db.members.records import MembershipData
from db.newsletters.models import Article, ArticleStatus, Issue, Publication
from db.recognition.models import RecognitionKind
from db.recognition.records import RecognitionData
from db.recognition.register import give_recognition
from db.recognition.suggestions import (
    Candidate,
    jubilee_suggestions,
    membership_anniversary,
    volunteer_score,
    volunteer_shortlist,
)
from tests.db.branch_helpers import add_person, new_branch
from tests.db.calling_helpers import member_caller, simple_campaign

TODAY = date(2026, 6, 1)
MEMBER = MembershipKind.MEMBER


def _recognise(
    database: Database, member_id: uuid.UUID, kind: RecognitionKind, day: date, years: int | None = None
) -> None:
    with database.transaction("Give") as session:
        give_recognition(session, RecognitionData(member_id, kind, day, jubilee_years=years, place="", signers=()))


def test_anniversaries_by_hand() -> None:
    assert membership_anniversary(date(2016, 3, 15), 10) == date(2026, 3, 15)
    assert membership_anniversary(date(1976, 2, 29), 50) == date(2026, 2, 28)
    assert membership_anniversary(date(1976, 2, 29), 48) == date(2024, 2, 29)


def test_jubilees_of_the_year_from_the_earliest_joining(database: Database) -> None:
    north, south = new_branch(database, "Pohjoinen"), new_branch(database, "Södra")
    ten = add_person(database, "Kymmenen", "Vuotta", MembershipData(north, MEMBER, date(2016, 3, 15)))
    twenty_five = add_person(
        database, "Kaksikymmentäviisi", "Vuotta", MembershipData(north, MEMBER, date(2001, 12, 31))
    )
    fifty = add_person(database, "Viisikymmentä", "Karkausvuosi", MembershipData(south, MEMBER, date(1976, 2, 29)))
    # 1986 in one branch, moved in 2000: forty years from the first joining, not twenty-six from the second.
    moved = add_person(
        database,
        "Muuttanut",
        "Jäsen",
        MembershipData(north, MEMBER, date(1986, 5, 1), ended_on=date(2000, 6, 30), end_reason=EndReason.MOVED),
        MembershipData(south, MEMBER, date(2000, 7, 1)),
    )
    nine = add_person(database, "Yhdeksän", "Vuotta", MembershipData(north, MEMBER, date(2017, 1, 1)))
    add_person(
        database,
        "Eronnut",
        "Jäsen",
        MembershipData(north, MEMBER, date(2001, 4, 4), ended_on=date(2025, 12, 31), end_reason=EndReason.RESIGNED),
    )
    # Ten years as a supporter, a member only since 2020: no membership jubilee.
    add_person(
        database,
        "Kannattaja",
        "Ensin",
        MembershipData(
            north,
            MembershipKind.SUPPORTER,
            date(2016, 1, 10),
            ended_on=date(2019, 12, 31),
            end_reason=EndReason.RESIGNED,
        ),
        MembershipData(north, MEMBER, date(2020, 1, 1)),
    )
    honoured = add_person(database, "Jo", "Muistettu", MembershipData(north, MEMBER, date(2016, 8, 8)))
    _recognise(database, honoured, RecognitionKind.JUBILEE, date(2026, 4, 18), 10)
    _recognise(database, ten, RecognitionKind.JUBILEE, date(2024, 4, 18), 25)  # another jubilee: no matter

    with database.reading() as session:
        found = jubilee_suggestions(session, 2026, TODAY)
        next_year = jubilee_suggestions(session, 2027, TODAY)
    assert [(s.member_id, s.years, s.anniversary) for s in found] == [
        (fifty, 50, date(2026, 2, 28)),
        (ten, 10, date(2026, 3, 15)),
        (moved, 40, date(2026, 5, 1)),
        (twenty_five, 25, date(2026, 12, 31)),
    ]
    assert (found[2].joined_on, found[2].branch, found[2].name) == (date(1986, 5, 1), "Södra", "Muuttanut Jäsen")
    assert [(s.member_id, s.years, s.anniversary) for s in next_year] == [(nine, 10, date(2027, 1, 1))]


def _call(database: Database, campaign: uuid.UUID, caller: uuid.UUID, callee: uuid.UUID, day: date, n: int) -> None:
    with database.transaction("Calls") as session:
        for _index in range(n):
            session.add(
                Call(campaign_id=campaign, member_id=callee, caller_id=caller, called_on=day, outcome=Outcome.TALKED)
            )


def test_the_shortlist_is_ordered_by_score_and_leaves_out_recent_winners_and_former_members(database: Database) -> None:
    branch = new_branch(database, "Vaasan osasto")
    joined = MembershipData(branch, MEMBER, date(2010, 1, 1))

    def person(first: str, last: str = "Aktiivinen", membership: MembershipData = joined) -> uuid.UUID:
        return add_person(database, first, last, membership)

    caller = person("Soittaja")  # 30 calls in 2026 (and 50 in 2025, which do not count): 30
    chair = person("Puheenjohtaja")  # chair of a branch board (10 + 10) and 3 calls: 23
    busy = person("Kaksi", "Paikkaa")  # two ordinary positions (2 × 10) and one godchild of 2026 (5): 25
    winner = person("Voittaja")  # 40 calls, but volunteer of the year 2024: left out
    former = person(
        "Entinen",
        membership=MembershipData(
            branch, MEMBER, date(2010, 1, 1), ended_on=date(2026, 3, 1), end_reason=EndReason.RESIGNED
        ),
    )  # 12 calls before resigning: left out
    last_year = person("Viime", "Vuosi")  # a position that ended on 31.12.2025: nothing this year
    tie_a, tie_b = person("Bertta", "Tasapisteet"), person("Aatu", "Tasapisteet")  # 4 calls each: by name
    writer = person("Kirjoittaja")  # two articles in 2026 issues (2 × 5); one only asked for, one in 2025: 10
    callee = person("Soitettava", "Jäsen")
    godchild = add_person(database, "Uusi", "Jäsen", MembershipData(branch, MEMBER, date(2026, 2, 14)))
    old_godchild = add_person(database, "Vanha", "Kummilapsi", MembershipData(branch, MEMBER, date(2024, 2, 14)))

    campaign = simple_campaign(database)
    callers = {who: member_caller(database, who) for who in (caller, chair, winner, former, tie_a, tie_b)}
    _call(database, campaign, callers[caller], callee, date(2026, 3, 2), 30)
    _call(database, campaign, callers[caller], callee, date(2025, 12, 31), 50)
    _call(database, campaign, callers[chair], callee, date(2026, 1, 1), 3)
    _call(database, campaign, callers[winner], callee, date(2026, 2, 2), 40)
    _call(database, campaign, callers[former], callee, date(2026, 2, 2), 12)
    _call(database, campaign, callers[tie_a], callee, date(2026, 5, 5), 4)
    _call(database, campaign, callers[tie_b], callee, date(2026, 5, 5), 4)
    with database.transaction("Positions") as session:
        board = create_body(session, BodyData("Vaasan osaston hallitus", BodyKind.BRANCH_BOARD, branch))
        group = create_body(session, BodyData("Vaalityöryhmä", BodyKind.WORKING_GROUP))
        add_position(session, PositionData(chair, board, PositionRole.CHAIR, date(2025, 1, 1)))
        add_position(session, PositionData(busy, board, PositionRole.MEMBER, date(2026, 1, 1)))
        add_position(session, PositionData(busy, group, PositionRole.MEMBER, date(2025, 6, 1), date(2026, 2, 1)))
        add_position(
            session, PositionData(last_year, board, PositionRole.SECRETARY, date(2024, 1, 1), date(2025, 12, 31))
        )
        set_godparent(session, godchild, busy)
        set_godparent(session, old_godchild, last_year)
    _recognise(database, winner, RecognitionKind.VOLUNTEER_OF_THE_YEAR, date(2024, 4, 20))
    with database.transaction("Articles") as session:
        paper = Publication(name="Jäsenlehti", code="JL", first_year=2020)
        session.add(paper)
        session.flush()
        issues = {year: Issue(publication_id=paper.id, number=1, year=year) for year in (2025, 2026)}
        session.add_all(issues.values())
        session.flush()
        for year, status in (
            (2026, ArticleStatus.RECEIVED),
            (2026, ArticleStatus.PLACED),
            (2026, ArticleStatus.COMMISSIONED),
            (2025, ArticleStatus.PLACED),
        ):
            session.add(Article(issue_id=issues[year].id, title="Juttu", author_id=writer, status=status))

    with database.reading() as session:
        shortlist = volunteer_shortlist(session, 2026, TODAY)
        top_two = volunteer_shortlist(session, 2026, TODAY, limit=2)
        ten_years_later = volunteer_shortlist(session, 2026, TODAY, recent_years=1)
    assert [(c.member_id, c.score) for c in shortlist] == [
        (caller, 30),
        (busy, 25),
        (chair, 23),
        (writer, 10),
        (tie_b, 4),  # Aatu before Bertta
        (tie_a, 4),
    ]
    assert shortlist[2].activity == {"calls": 3, "positions": 1, "leading_positions": 1}
    assert shortlist[1].activity == {"positions": 2, "godchildren": 1}
    assert [c.member_id for c in top_two] == [caller, busy]
    assert ten_years_later[0].member_id == winner  # 2024 is not within the last year


def test_the_score_is_the_weighted_sum_and_reads_as_words() -> None:
    activity = {"calls": 3, "positions": 1, "leading_positions": 1, "unknown": 99}
    assert volunteer_score(activity) == 3 + 10 + 10
    candidate = Candidate(uuid.uuid4(), "Anna", "fi", "", 23, {"calls": 3, "positions": 1, "leading_positions": 1})
    assert candidate.describe("en") == "3 calls made · 1 position of trust · 1 of them a leading role"
    assert Candidate(uuid.uuid4(), "B", "fi", "", 15, {"godchildren": 1, "articles": 2}).describe("en") == (
        "1 new member welcomed as godparent · 2 articles written"
    )
