"""The demo district: real places, a believable register, deterministic for a seed, fully logged."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import func, select

from db.branches.models import Body, BodyKind, Branch, BranchStatus, PositionRole
from db.branches.operations import positions
from db.core.changelog import ChangeRecord, Operation, Origin
from db.core.database import Database, open_database
from db.core.errors import KansliError
from db.core.keys import DataKey
from db.core.text import fold
from db.demo import DemoSummary, generate_demo
from db.demo.organisation import district_term_start
from db.members.interests import DEFAULT_INTERESTS
from db.members.models import (
    Consent,
    ContactKind,
    ContactPoint,
    EndReason,
    Interest,
    Member,
    MemberInterest,
    MemberLanguage,
    Membership,
    MembershipKind,
)
from db.members.search import find_members

TODAY = date(2025, 10, 6)
PEOPLE = 300
# Municipalities of Ostrobothnia, South Ostrobothnia and Central Ostrobothnia, in Finnish and Swedish.
REAL_MUNICIPALITIES = {
    "Vaasa", "Vasa", "Mustasaari", "Korsholm", "Närpiö", "Närpes", "Kristiinankaupunki", "Kristinestad",
    "Pietarsaari", "Jakobstad", "Pedersören kunta", "Pedersöre", "Kokkola", "Karleby", "Seinäjoki", "Lapua",
    "Lappo", "Kauhava", "Kurikka", "Ilmajoki", "Ilmola", "Laihia", "Laihela", "Isokyrö", "Storkyro", "Vöyri",
    "Vörå", "Maalahti", "Malax", "Uusikaarlepyy", "Nykarleby", "Kruunupyy", "Kronoby", "Luoto", "Larsmo",
    "Kaskinen", "Kaskö", "Korsnäs", "Teuva", "Östermark", "Kauhajoki", "Alajärvi", "Alavus", "Alavo", "Kuortane",
    "Lappajärvi", "Evijärvi", "Vimpeli", "Soini", "Ähtäri", "Etseri", "Isojoki", "Storå", "Karijoki", "Bötom",
}  # fmt: skip
EXAMPLE_DOMAINS = {"example.fi", "esimerkki.fi", "exempel.fi", "example.com"}


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, template_database: Path, database_key: DataKey
) -> Iterator[tuple[Database, DemoSummary]]:
    """One demo database shared by the read-only tests of this module (made once: it is the slow part)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(template_database, path)
    database = open_database(path, database_key)
    summary = generate_demo(database, members=PEOPLE, seed=7, today=TODAY)
    yield database, summary
    database.close()


def test_branches_are_real_municipalities_of_a_bilingual_region(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.reading() as session:
        branches = list(session.execute(select(Branch)).scalars())
    assert 15 <= len(branches) == summary.branches <= 25
    assert {branch.municipality for branch in branches} <= REAL_MUNICIPALITIES
    assert len({branch.name for branch in branches}) == len(branches)
    assert len({branch.central_id for branch in branches}) == len(branches)
    languages = Counter(branch.language.value for branch in branches)
    assert languages["fi"] >= 5 and languages["sv"] >= 5
    assert any(branch.status == BranchStatus.DORMANT for branch in branches)
    assert {branch.kind.value for branch in branches} >= {"local", "women", "youth"}


def test_members_speak_the_language_of_their_branch(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    with database.reading() as session:
        rows = session.execute(
            select(Member.language, Branch.language)
            .join(Membership, Membership.member_id == Member.id)
            .join(Branch, Branch.id == Membership.branch_id)
        ).all()
    overall = Counter(member_language for member_language, _branch_language in rows)
    assert 0.45 < overall[MemberLanguage.FI] / len(rows) < 0.85
    assert 0.15 < overall[MemberLanguage.SV] / len(rows) < 0.5
    for branch_language in ("fi", "sv"):
        own = [member for member, branch in rows if branch.value == branch_language]
        assert sum(1 for member in own if member.value == branch_language) / len(own) > 0.7


def test_member_supporter_ratio_endings_and_applicants(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.reading() as session:
        memberships = list(session.execute(select(Membership)).scalars())
    assert len(memberships) == PEOPLE == summary.members + summary.supporters
    kinds = Counter(row.kind for row in memberships)
    assert 0.78 < kinds[MembershipKind.MEMBER] / PEOPLE < 0.92
    ended = [row for row in memberships if row.ended_on is not None and row.ended_on <= TODAY]
    assert 0.05 < len(ended) / PEOPLE < 0.2
    assert len(ended) == summary.ended
    assert all(row.end_reason is not None and row.joined_on and row.ended_on > row.joined_on for row in ended)
    assert len({row.end_reason for row in ended}) >= 3
    assert any(row.end_reason == EndReason.DECEASED for row in ended)
    assert sum(1 for row in memberships if row.joined_on is None) == summary.applicants > 0
    notice_pending = [row for row in memberships if row.notice_received_on and (row.ended_on or TODAY) > TODAY]
    assert notice_pending, "someone has given notice that takes effect later"
    joined = sorted(row.joined_on for row in memberships if row.joined_on)
    assert joined[0].year < 1990 and joined[-1] <= TODAY
    assert sum(1 for day in joined if day.year >= TODAY.year - 10) > len(joined) / 4, "recent joiners dominate"


def test_contacts_are_valid_and_never_real(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    with database.reading() as session:
        contacts = list(session.execute(select(ContactPoint)).scalars())
        addresses = session.execute(select(Member.street, Member.postal_code, Member.city, Member.co_line)).all()
    phones = [row for row in contacts if row.kind == ContactKind.PHONE]
    emails = [row for row in contacts if row.kind == ContactKind.EMAIL]
    assert len(phones) > PEOPLE / 2 and len(emails) > PEOPLE / 3
    for row in phones:
        parsed = phonenumbers.parse(row.value, None)
        assert phonenumbers.is_valid_number(parsed), row.value
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == row.value
    assert len({row.value for row in phones}) == len(phones)
    assert {row.value.rsplit("@", 1)[1] for row in emails} <= EXAMPLE_DOMAINS
    assert all(row.value == row.value.lower() and row.value.isascii() for row in emails)
    assert any(not row.valid for row in contacts) and any(row.do_not_use for row in phones)
    with_address = [row for row in addresses if row.street]
    assert len(with_address) > PEOPLE * 0.9
    assert all(row.postal_code and row.city for row in with_address)
    assert all(row.postal_code.isdigit() and len(row.postal_code) == 5 for row in with_address if row.city != "Umeå")


def test_same_seed_same_people(database: Database, demo: tuple[Database, DemoSummary]) -> None:
    shared, _summary = demo
    generate_demo(database, members=PEOPLE, seed=7, today=TODAY)

    def people(db: Database) -> list[tuple[str, str, int | None]]:
        with db.reading() as session:
            rows = session.execute(select(Member.first_name, Member.last_name, Member.birth_year)).tuples()
            return sorted(rows, key=lambda row: (row[0], row[1], row[2] or 0))

    assert people(database) == people(shared)


def test_another_seed_other_people(database: Database, demo: tuple[Database, DemoSummary]) -> None:
    shared, _summary = demo
    generate_demo(database, members=50, seed=8, today=TODAY)
    with database.reading() as session:
        other = set(session.execute(select(Member.first_name, Member.last_name, Member.birth_year)).tuples())
    with shared.reading() as session:
        first = set(session.execute(select(Member.first_name, Member.last_name, Member.birth_year)).tuples())
    assert other - first


def test_district_bodies_and_positions(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.reading() as session:
        bodies = list(session.execute(select(Body)).scalars())
        board = next(body for body in bodies if body.kind == BodyKind.DISTRICT_BOARD)
        current = positions(session, body_id=board.id, on=TODAY)
        history = positions(session, body_id=board.id)
        committee = next(body for body in bodies if body.kind == BodyKind.EXECUTIVE_COMMITTEE)
        committee_people = positions(session, body_id=committee.id, on=TODAY)
        all_positions = positions(session)
        active_branches = session.execute(
            select(func.count()).select_from(Branch).where(Branch.status == BranchStatus.ACTIVE)
        ).scalar_one()
    assert summary.bodies == len(bodies) and summary.positions == len(all_positions)
    roles = Counter(position.role for position in current)
    assert roles[PositionRole.CHAIR] == 1
    assert roles[PositionRole.VICE_CHAIR] == roles[PositionRole.SECRETARY] == roles[PositionRole.TREASURER] == 1
    assert roles[PositionRole.MEMBER] == 9
    assert len({position.member_id for position in current}) == len(current)
    assert any(position.ends_on is not None and position.ends_on < TODAY for position in history)
    assert all(position.starts_on >= district_term_start(TODAY) for position in current)
    assert 3 <= len(committee_people) <= 4
    kinds = Counter(body.kind for body in bodies)
    assert kinds[BodyKind.NOMINATION_COMMITTEE] == kinds[BodyKind.EDITORIAL_COMMITTEE] == 1
    assert kinds[BodyKind.WORKING_GROUP] == 2
    assert kinds[BodyKind.BRANCH_BOARD] == active_branches
    assert any(position.role == PositionRole.EVENTS_OFFICER for position in all_positions)
    assert all(position.starts_on <= TODAY for position in all_positions)


def test_search_finds_a_swedish_name_folded(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    with database.reading() as session:
        nordic = session.execute(
            select(Member.id, Member.first_name, Member.last_name)
            .where(Member.last_name.like("%ö%") | Member.last_name.like("%å%") | Member.last_name.like("%ä%"))
            .limit(1)
        ).one()
        query = f"{fold(nordic.first_name)} {fold(nordic.last_name)}"
        assert query.isascii()
        found = find_members(session, query, TODAY, limit=PEOPLE)
    assert nordic.id in {summary.id for summary in found}


def test_interests_households_godparents_consents(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.reading() as session:
        assert session.execute(select(func.count()).select_from(Interest)).scalar_one() == len(DEFAULT_INTERESTS)
        chosen = session.execute(select(MemberInterest.member_id, MemberInterest.interest_id)).all()
        members = {row.id: row for row in session.execute(select(Member)).scalars()}
        joined = dict(session.execute(select(Membership.member_id, Membership.joined_on)).tuples().all())
        consents = list(session.execute(select(Consent)).scalars())
    assert len(chosen) == summary.interests > PEOPLE / 4
    per_member = Counter(member_id for member_id, _interest in chosen)
    assert max(per_member.values()) <= 3 and len(set(chosen)) == len(chosen)
    households = Counter(member.household_id for member in members.values() if member.household_id)
    assert len(households) == summary.households > 0 and set(households.values()) == {2}
    for household_id in households:
        couple = [member for member in members.values() if member.household_id == household_id]
        assert couple[0].street == couple[1].street
    with_godparent = [member for member in members.values() if member.godparent_id]
    assert with_godparent
    for member in with_godparent:
        assert joined[member.godparent_id] < joined[member.id]
        assert joined[member.id] >= TODAY - timedelta(days=730)
    assert {consent.given for consent in consents} == {True, False}
    assert all(consent.recorded_on <= TODAY for consent in consents)
    assert len({consent.purpose for consent in consents}) >= 4


def test_everything_is_logged_as_demo_operations(demo: tuple[Database, DemoSummary]) -> None:
    # Two operations: the register, then calling (the queue reads the members' derived rows, written at commit).
    database, _summary = demo
    with database.reading() as session:
        operations = list(
            session.execute(select(Operation).where(Operation.origin == Origin.DEMO).order_by(Operation.id)).scalars()
        )
        logged = [
            Counter(
                session.execute(select(ChangeRecord.entity).where(ChangeRecord.operation_id == operation.id)).scalars()
            )
            for operation in operations
        ]
        every_operation = session.execute(select(func.count()).select_from(Operation)).scalar_one()
    assert len(operations) == 2 == every_operation - 1  # and the district's own setup
    register, calling = logged
    assert register["member"] == PEOPLE and register["membership"] == PEOPLE
    assert register["branch"] and register["position"] and register["consent"] and register["interest"]
    assert calling["call_campaign"] == 2 and calling["caller"] and calling["call_sheet"] and calling["call"]
    assert calling["member"] <= calling["call"]  # calling changes a member only through a call's effect


def test_refuses_a_database_that_has_data(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    with pytest.raises(KansliError):
        generate_demo(database, members=10, today=TODAY)


def test_progress_is_reported_up_to_the_total(database: Database) -> None:
    reports: list[tuple[int, int]] = []
    generate_demo(database, members=40, seed=2, today=TODAY, progress=lambda done, total: reports.append((done, total)))
    assert reports[-1][0] == reports[-1][1]
    assert [done for done, _total in reports] == sorted(done for done, _total in reports)
    assert len({total for _done, total in reports}) == 1
