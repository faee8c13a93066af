"""The register over time (monthly_counts, key_figures) and the new members to welcome, on hand-built memberships."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from db.core.database import Database
from db.members.models import EndReason, MembershipKind, MembershipStatus
from db.members.operations import add_membership, create_member, delete_member, set_godparent
from db.members.query import MemberFilter, count_members, member_ids
from db.members.records import MembershipData, PersonData
from db.members.statistics import KeyFigures, MonthCount, key_figures, monthly_counts, new_members
from tests.db.branch_helpers import add_person, new_branch

TODAY = date(2025, 6, 15)
MEMBER = MembershipKind.MEMBER
SUPPORTER = MembershipKind.SUPPORTER
People = dict[str, uuid.UUID]


def _member(
    branch: uuid.UUID, joined: date | None, ended: date | None = None, reason: EndReason | None = None
) -> MembershipData:
    reason = reason or (EndReason.RESIGNED if ended else None)
    return MembershipData(branch, MEMBER, joined, ended_on=ended, end_reason=reason)


def _supporter(branch: uuid.UUID, joined: date, ended: date | None = None) -> MembershipData:
    return MembershipData(branch, SUPPORTER, joined, ended_on=ended, end_reason=EndReason.RESIGNED if ended else None)


@pytest.fixture
def register(database: Database) -> People:
    """Everyone whose story the numbers below tell (the window is January to June 2025, today 15 June)."""
    a = new_branch(database, "Vaasan osasto")
    b = new_branch(database, "Mustasaaren osasto")
    people = {
        # Members throughout.
        "anna": add_person(database, "Anna", "A", _member(a, date(2020, 1, 1))),
        # Joins in February.
        "bertil": add_person(database, "Bertil", "B", _member(a, date(2025, 2, 10))),
        # Resigns in March.
        "cecilia": add_person(database, "Cecilia", "C", _member(a, date(2019, 5, 1), date(2025, 3, 20))),
        # Moves from branch a to branch b in May, nine days apart: neither joined nor left.
        "david": add_person(
            database, "David", "D", _member(a, date(2018, 1, 1), date(2025, 5, 1)), _member(b, date(2025, 5, 10))
        ),
        # Dies in May.
        "eeva": add_person(database, "Eeva", "E", _member(a, date(2010, 1, 1), date(2025, 5, 5), EndReason.DECEASED)),
        # A supporter throughout.
        "frans": add_person(database, "Frans", "F", _supporter(a, date(2024, 6, 1))),
        # Accepted from 20 June: an applicant today, counted nowhere yet.
        "gun": add_person(database, "Gun", "G", _member(a, date(2025, 6, 20))),
        # Left in 2024 and rejoins in May: a join (the gap is far longer than a move).
        "hanna": add_person(
            database, "Hanna", "H", _member(a, date(2015, 1, 1), date(2024, 10, 31)), _member(a, date(2025, 5, 10))
        ),
        # A supporter who becomes a member on 1 March: counted once, moving from one line to the other.
        "ilkka": add_person(
            database, "Ilkka", "I", _supporter(a, date(2023, 1, 1), date(2025, 3, 1)), _member(a, date(2025, 3, 1))
        ),
        # Died, but nobody knows when: cannot be placed in any month.
        "kalle": add_person(
            database, "Kalle", "K", MembershipData(a, MEMBER, date(2000, 1, 1), end_reason=EndReason.DECEASED)
        ),
        # Gave notice for the end of June: still a member today.
        "mikko": add_person(database, "Mikko", "M", _member(a, date(2021, 1, 1), date(2025, 6, 30))),
        # Joins in June.
        "niina": add_person(database, "Niina", "N", _member(b, date(2025, 6, 1))),
        # A supporter who becomes a member on 5 June: a new member to welcome, though not a new person.
        "olli": add_person(
            database, "Olli", "O", _supporter(b, date(2022, 1, 1), date(2025, 6, 5)), _member(b, date(2025, 6, 5))
        ),
    }
    lauri = add_person(database, "Lauri", "L", _member(a, date(2020, 1, 1)))
    with database.transaction("Edit") as session:
        delete_member(session, lauri)  # deleted people are not in the register
        set_godparent(session, people["hanna"], people["anna"])
    return people


def test_monthly_counts_follow_every_kind_of_membership_story(database: Database, register: People) -> None:
    with database.reading() as session:
        counts = monthly_counts(session, 6, TODAY)

    assert [count.month for count in counts] == [date(2025, month, 1) for month in range(1, 7)]
    assert [count.members for count in counts] == [5, 6, 6, 6, 6, 8]
    assert [count.supporters for count in counts] == [3, 3, 2, 2, 2, 1]
    assert [count.joined for count in counts] == [0, 1, 0, 0, 1, 1]
    assert [count.left for count in counts] == [0, 0, 1, 0, 1, 0]


def test_the_last_month_agrees_with_the_members_list(database: Database, register: People) -> None:
    with database.reading() as session:
        last = monthly_counts(session, 3, TODAY)[-1]
        members = count_members(session, MemberFilter(kinds=(MEMBER,), statuses=(MembershipStatus.ACTIVE,)), TODAY)
        supporters = count_members(
            session, MemberFilter(kinds=(SUPPORTER,), statuses=(MembershipStatus.ACTIVE,)), TODAY
        )
    assert (last.members, last.supporters) == (members, supporters) == (8, 1)


def test_a_window_across_new_year_and_a_leap_day(database: Database) -> None:
    branch = new_branch(database, "Vaasan osasto")
    add_person(database, "Leap", "Day", _member(branch, date(2024, 2, 29), date(2024, 3, 1)))
    add_person(database, "New", "Year", _member(branch, date(2023, 12, 31)))
    with database.reading() as session:
        counts = monthly_counts(session, 4, date(2024, 3, 10))
    assert counts == [
        MonthCount(date(2023, 12, 1), 1, 0, 1, 0),
        MonthCount(date(2024, 1, 1), 1, 0, 0, 0),
        MonthCount(date(2024, 2, 1), 2, 0, 1, 0),  # counted on 29 February, its last day
        MonthCount(date(2024, 3, 1), 1, 0, 0, 1),
    ]


def test_an_empty_register_and_no_months(database: Database) -> None:
    with database.reading() as session:
        assert monthly_counts(session, 0, TODAY) == []
        assert [(c.members, c.supporters, c.joined, c.left) for c in monthly_counts(session, 2, TODAY)] == [
            (0, 0, 0, 0),
            (0, 0, 0, 0),
        ]


def test_overlapping_memberships_count_the_person_once_by_the_current_one(database: Database) -> None:
    a = new_branch(database, "Vaasan osasto")
    b = new_branch(database, "Mustasaaren osasto")
    # A member of one branch who also supports another since January: counted once, as the members list shows
    # them (both are open-ended, so the later one is current); before January, as the member they were.
    add_person(database, "Both", "Ways", _member(a, date(2020, 1, 1)), _supporter(b, date(2025, 1, 1)))
    with database.reading() as session:
        counts = monthly_counts(session, 7, TODAY)
        listed = count_members(session, MemberFilter(kinds=(SUPPORTER,)), TODAY)
    assert [(c.members, c.supporters, c.joined, c.left) for c in counts] == [(1, 0, 0, 0)] + [(0, 1, 0, 0)] * 6
    assert listed == 1


def test_key_figures_sum_this_year_only(database: Database, register: People) -> None:
    with database.reading() as session:
        counts = monthly_counts(session, 24, TODAY)
    figures = key_figures(counts, TODAY)
    assert figures == KeyFigures(members=8, supporters=1, joined_this_year=3, left_this_year=2)
    assert figures.net_change == 1
    assert key_figures([], TODAY) == KeyFigures(0, 0, 0, 0)


def test_new_members_leave_out_moves_applicants_and_old_members(database: Database, register: People) -> None:
    with database.reading() as session:
        recent = new_members(session, TODAY, days=60)
    assert [(member.name, member.joined_on, member.godparent, member.welcomed) for member in recent] == [
        ("Olli O", date(2025, 6, 5), None, False),
        ("Niina N", date(2025, 6, 1), None, False),
        ("Hanna H", date(2025, 5, 10), "Anna A", True),
    ]
    assert [member.branch for member in recent] == ["Mustasaaren osasto", "Mustasaaren osasto", "Vaasan osasto"]
    with database.reading() as session:
        assert [member.name for member in new_members(session, TODAY, days=14)] == ["Olli O", "Niina N"]


def test_the_members_filter_lists_the_new_members_awaiting_a_welcome(database: Database, register: People) -> None:
    member_filter = MemberFilter(awaiting_welcome_since=TODAY - timedelta(days=60))
    with database.reading() as session:
        listed = set(member_ids(session, member_filter, TODAY))
        awaiting = {member.id for member in new_members(session, TODAY) if not member.welcomed}
    assert listed == awaiting == {register["olli"], register["niina"]}
    assert MemberFilter.from_json(member_filter.to_json()) == member_filter


def test_naming_a_godparent_welcomes(database: Database, register: People) -> None:
    with database.transaction("Godparent") as session:
        set_godparent(session, register["niina"], register["anna"])
    with database.reading() as session:
        assert set(member_ids(session, MemberFilter(awaiting_welcome_since=date(2025, 4, 16)), TODAY)) == {
            register["olli"]
        }


def test_a_member_moving_back_after_a_month_is_new_again(database: Database) -> None:
    branch = new_branch(database, "Vaasan osasto")
    with database.transaction("Add") as session:
        member_id = create_member(session, PersonData("Paula", "P"))
        add_membership(session, member_id, _member(branch, date(2010, 1, 1), date(2025, 4, 30)))
        add_membership(session, member_id, _member(branch, date(2025, 6, 1)))  # 32 days later
    with database.reading() as session:
        assert [member.id for member in new_members(session, TODAY)] == [member_id]
        counts = monthly_counts(session, 3, TODAY)
    assert [(c.members, c.joined, c.left) for c in counts] == [(0, 0, 1), (0, 0, 0), (1, 1, 0)]  # ended on 30 April


def test_a_death_ends_every_membership_of_a_person_with_several(database: Database) -> None:
    a = new_branch(database, "Vaasan osasto")
    b = new_branch(database, "Mustasaaren osasto")
    # Moved on 10 January (not a join), died on 2 April.
    add_person(
        database,
        "Veera",
        "V",
        _member(a, date(2015, 1, 1), date(2024, 12, 31)),
        _member(b, date(2025, 1, 10), date(2025, 4, 2), EndReason.DECEASED),
    )
    # Died on a day nobody recorded: in no month at all, and never counted as leaving.
    add_person(
        database,
        "Wilma",
        "W",
        _member(a, date(2010, 1, 1), date(2020, 1, 1)),
        MembershipData(b, MEMBER, date(2021, 1, 1), end_reason=EndReason.DECEASED),
    )
    with database.reading() as session:
        counts = monthly_counts(session, 6, TODAY)
    assert [(c.members, c.joined, c.left) for c in counts] == [
        (1, 0, 0),
        (1, 0, 0),
        (1, 0, 0),
        (0, 0, 1),
        (0, 0, 0),
        (0, 0, 0),
    ]
