"""Member operations: create and change with validation, derived status, search folding, duplicates."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select

from db.branches.operations import BranchData, create_branch
from db.core.changelog import Origin, insert_rows
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.health import check_database
from db.members.duplicates import DuplicateIndex, DuplicateReason, duplicate_candidates
from db.members.models import ContactKind, EndReason, Member, Membership, MembershipKind, MembershipStatus
from db.members.operations import (
    add_membership,
    create_member,
    delete_member,
    get_member,
    join_household,
    replace_contacts,
    restore_member,
    set_godparent,
    update_person,
)
from db.members.query import MemberFilter, SortKey, member_ids
from db.members.records import ContactData, MembershipData, PersonData
from db.members.search import find_members
from db.members.status import current_membership_id, current_of, membership_status, membership_status_sql

TODAY = date(2026, 11, 26)


def test_create_member_normalises_contacts_and_names(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Add member") as session:
        member_id = create_member(
            session,
            PersonData("  Anna-Liisa ", "  Virtanen  ", city=" Vaasa "),
            [ContactData(ContactKind.PHONE, "040 123 4567"), ContactData(ContactKind.EMAIL, " Anna@Example.FI ")],
            MembershipData(branch_id=branch_id, joined_on=date(2020, 5, 1)),
        )
    with database.reading() as session:
        card = get_member(session, member_id, TODAY)
    assert card.person.first_name == "Anna-Liisa" and card.person.last_name == "Virtanen"
    assert card.person.city == "Vaasa"
    assert [(c.kind, c.value) for c in card.contacts] == [
        (ContactKind.PHONE, "+358401234567"),
        (ContactKind.EMAIL, "anna@example.fi"),
    ]
    assert card.status == MembershipStatus.ACTIVE
    assert card.current is not None and card.current.branch_name == "Vaasan osasto"


@pytest.mark.parametrize(
    ("person", "contacts", "field"),
    [
        (PersonData("", "Virtanen"), [], "first_name"),
        (PersonData("Anna", " "), [], "last_name"),
        (PersonData("Anna", "Virtanen", birth_year=1850), [], "birth_year"),
        (PersonData("Anna", "Virtanen"), [ContactData(ContactKind.PHONE, "12")], "phone"),
        (PersonData("Anna", "Virtanen"), [ContactData(ContactKind.EMAIL, "anna@@example")], "email"),
    ],
)
def test_invalid_input_is_refused_with_the_field_and_nothing_is_written(
    database: Database, person: PersonData, contacts: list[ContactData], field: str
) -> None:
    with pytest.raises(ValidationError) as error, database.transaction("Add member") as session:
        create_member(session, person, contacts)
    assert error.value.field == field
    with database.reading() as session:
        assert session.execute(select(Member)).first() is None


def test_member_number_must_be_unique(database: Database, make_member) -> None:
    make_member("Anna", "Virtanen", number="1001")
    with pytest.raises(ValidationError, match="already belongs to Anna Virtanen"), database.transaction("x") as s:
        create_member(s, PersonData("Eero", "Aho", member_number="1001"))


def test_replace_contacts_keeps_unchanged_rows_and_tombstones_removed(database: Database, make_member) -> None:
    member_id = make_member(phone="040 123 4567", email="a@example.fi")
    with database.reading() as session:
        before = {c.value: c.id for c in get_member(session, member_id).contacts}
    with database.transaction("Edit") as session:
        replace_contacts(
            session,
            member_id,
            [
                ContactData(ContactKind.PHONE, "+358 40 1234567", do_not_use=True),
                ContactData(ContactKind.EMAIL, "b@x.fi"),
            ],
        )
    with database.reading() as session:
        after = get_member(session, member_id).contacts
    assert [c.value for c in after] == ["+358401234567", "b@x.fi"]
    assert after[0].id == before["+358401234567"] and after[0].do_not_use
    with database.reading() as session:
        assert find_members(session, "a@example", TODAY) == []
        assert [m.id for m in find_members(session, "b@x.fi", TODAY)] == [member_id]


def test_soft_delete_and_restore(database: Database, make_member) -> None:
    member_id = make_member("Aino", "Ahlberg")
    with database.transaction("Delete") as session:
        delete_member(session, member_id)
    with database.reading() as session:
        assert find_members(session, "ahlberg", TODAY) == []
        assert session.get(Member, member_id) is not None  # a tombstone, not gone
    with database.transaction("Restore") as session:
        restore_member(session, member_id)
    with database.reading() as session:
        assert [m.id for m in find_members(session, "ahlberg", TODAY)] == [member_id]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ahlstrom", "Åsa Åhlström"),
        ("ÅHLSTRÖM", "Åsa Åhlström"),
        ("asa ahl", "Åsa Åhlström"),
        ("0401234567", "Åsa Åhlström"),
        ("+358 40 123 4567", "Åsa Åhlström"),
        ("040-123", "Åsa Åhlström"),
        ("narpes", "Åsa Åhlström"),
        ("1001", "Åsa Åhlström"),
        ("asa@", "Åsa Åhlström"),
        ("soderback", "Jöns Söderbäck"),
        ("jons", "Jöns Söderbäck"),
    ],
)
def test_search_is_insensitive_to_case_and_diacritics(database: Database, make_member, query, expected) -> None:
    make_member("Åsa", "Åhlström", number="1001", phone="040 123 4567", email="asa@example.fi", city="Närpes")
    make_member("Jöns", "Söderbäck", phone="050 765 4321", city="Vasa")
    with database.reading() as session:
        found = [m.full_name for m in find_members(session, query, TODAY)]
    assert found == [expected]


def test_search_ranks_names_beginning_with_the_text_first(database: Database, make_member) -> None:
    make_member("Matti", "Aho", city="Virrat")
    make_member("Liisa", "Virtanen")
    with database.reading() as session:
        found = [m.last_name for m in find_members(session, "vir", TODAY)]
    assert found == ["Virtanen", "Aho"]


def test_search_text_with_quotes_and_wildcards_is_harmless(database: Database, make_member) -> None:
    make_member("Anna", "Virtanen")
    with database.reading() as session:
        for query in ['"', "%", "_", 'a"b', "vir%", "' OR 1=1 --"]:
            find_members(session, query, TODAY)  # must not raise
        assert find_members(session, "%", TODAY) == []


# ----------------------------------------------------------------------------------------------- status
def test_status_rules() -> None:
    assert membership_status(None, None, None, TODAY) == MembershipStatus.APPLICANT
    assert membership_status(TODAY + timedelta(days=1), None, None, TODAY) == MembershipStatus.APPLICANT
    assert membership_status(date(2020, 1, 1), None, None, TODAY) == MembershipStatus.ACTIVE
    assert membership_status(date(2020, 1, 1), TODAY + timedelta(days=30), EndReason.RESIGNED, TODAY) == (
        MembershipStatus.ACTIVE
    )  # notice given, still a member until the end date
    assert membership_status(date(2020, 1, 1), TODAY, EndReason.LAPSED, TODAY) == MembershipStatus.ENDED
    assert membership_status(date(2020, 1, 1), None, EndReason.DECEASED, TODAY) == MembershipStatus.DECEASED


_dates = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
_reasons = st.one_of(st.none(), st.sampled_from(EndReason))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    memberships=st.lists(st.tuples(_dates, _dates, _reasons), min_size=1, max_size=4),
)
def test_python_and_sql_status_and_current_membership_agree(
    database: Database, make_member, memberships: list[tuple[date | None, date | None, EndReason | None]]
) -> None:
    with database.transaction("Setup") as session:
        branch_id = create_branch(session, BranchData(name=f"Osasto {uuid.uuid4().hex[:8]}"))
        member_id = create_member(session, PersonData("Test", "Person"))
        for joined, ended, reason in memberships:
            session.add(
                Membership(
                    member_id=member_id, branch_id=branch_id, joined_on=joined, ended_on=ended, end_reason=reason
                )
            )
    with database.reading() as session:
        rows = list(session.execute(select(Membership).where(Membership.member_id == member_id)).scalars())
        current_sql = session.execute(select(current_membership_id(Member.id, TODAY)).where(Member.id == member_id))
        current_sql_id = current_sql.scalar_one()
        statuses_sql = dict(
            session.execute(
                select(Membership.id, membership_status_sql(Membership, TODAY)).where(Membership.member_id == member_id)
            )
            .tuples()
            .all()
        )
    chosen = current_of(rows, TODAY)
    assert chosen is not None and chosen.id == current_sql_id
    for row in rows:
        assert statuses_sql[row.id] == membership_status(row.joined_on, row.ended_on, row.end_reason, TODAY).value


def test_a_person_who_moved_branch_shows_in_the_new_one(database: Database, make_member) -> None:
    member_id = make_member(branch="Vanha osasto", joined_on=date(2015, 1, 1))
    with database.transaction("Move") as session:
        new_branch = create_branch(session, BranchData(name="Uusi osasto"))
        old = session.execute(select(Membership).where(Membership.member_id == member_id)).scalar_one()
        old.ended_on, old.end_reason = date(2024, 1, 1), EndReason.MOVED
        add_membership(session, member_id, MembershipData(new_branch, MembershipKind.MEMBER, date(2024, 1, 1)))
    with database.reading() as session:
        summary = find_members(session, "Virtanen", TODAY)[0]
    assert summary.branch_name == "Uusi osasto" and summary.status == MembershipStatus.ACTIVE


def test_membership_end_needs_a_reason_and_cannot_precede_joining(database: Database, make_member) -> None:
    member_id = make_member()
    with database.reading() as session:
        branch_id = get_member(session, member_id).memberships[0].branch_id
    with pytest.raises(ValidationError) as error, database.transaction("x") as session:
        add_membership(session, member_id, MembershipData(branch_id, ended_on=date(2024, 1, 1)))
    assert error.value.field == "end_reason"
    with pytest.raises(ValidationError) as error, database.transaction("x") as session:
        add_membership(
            session,
            member_id,
            MembershipData(
                branch_id, joined_on=date(2024, 1, 1), ended_on=date(2023, 1, 1), end_reason=EndReason.MOVED
            ),
        )
    assert error.value.field == "ended_on"


# ------------------------------------------------------------------------------------------- duplicates
def test_duplicate_candidates_by_each_reason(database: Database, make_member) -> None:
    existing = make_member(
        "Åsa", "Åhlström-Berg", number="1001", phone="040 123 4567", email="asa@example.fi", birth_year=1980
    )
    other = make_member("Eero", "Aho", birth_year=1980)
    with database.reading() as session:
        cases = {
            DuplicateReason.MEMBER_NUMBER: (PersonData("X", "Y", member_number="1001"), []),
            DuplicateReason.EMAIL: (PersonData("X", "Y"), [ContactData(ContactKind.EMAIL, "asa@example.fi")]),
            DuplicateReason.PHONE: (PersonData("X", "Y"), [ContactData(ContactKind.PHONE, "+358401234567")]),
            DuplicateReason.NAME_AND_BIRTH_YEAR: (PersonData("asa", "Ahlstrom Berg", birth_year=1980), []),
        }
        index = DuplicateIndex.load(session)
        for reason, (person, contacts) in cases.items():
            found = duplicate_candidates(session, person, contacts)
            assert [(c.member_id, c.reasons) for c in found] == [(existing, frozenset({reason}))], reason
            assert [(c.member_id, c.reasons) for c in index.candidates(person, contacts)] == [
                (existing, frozenset({reason}))
            ]
        # Same name, other birth year: a different person.
        assert duplicate_candidates(session, PersonData("Åsa", "Åhlström-Berg", birth_year=1981)) == []
        assert duplicate_candidates(session, PersonData("Eero", "Aho", birth_year=1980), exclude=other) == []


def test_godparent_and_household(database: Database, make_member) -> None:
    anna = make_member("Anna", "Virtanen")
    matti = make_member("Matti", "Virtanen")
    with pytest.raises(ValidationError), database.transaction("x") as session:
        set_godparent(session, anna, anna)
    with database.transaction("Godparent") as session:
        set_godparent(session, anna, matti)
        household = join_household(session, [anna, matti])
    with database.reading() as session:
        card = get_member(session, anna)
    assert card.godparent is not None and card.godparent.name == "Matti Virtanen"
    assert card.household_id == household
    assert {ref.name for ref in card.household} == {"Anna Virtanen", "Matti Virtanen"}


def test_update_person_changes_search_text(database: Database, make_member) -> None:
    member_id = make_member("Anna", "Virtanen")
    with database.transaction("Edit") as session:
        update_person(session, member_id, PersonData("Anna", "Lindqvist", city="Jakobstad"))
    with database.reading() as session:
        assert find_members(session, "virtanen", TODAY) == []
        assert [m.id for m in find_members(session, "lindq jakob", TODAY)] == [member_id]


def test_names_sort_in_finnish_and_swedish_order(database: Database, make_member) -> None:
    for last in ("Öberg", "Åberg", "Äng", "Zetterberg", "aho", "Ahlqvist"):
        make_member("Anna", last)
    with database.reading() as session:
        ids = member_ids(session, MemberFilter(), TODAY, SortKey.NAME)
        names = [get_member(session, member_id).person.last_name for member_id in ids]
        found = [m.last_name for m in find_members(session, "anna", TODAY)]
    assert names == ["Ahlqvist", "aho", "Zetterberg", "Åberg", "Äng", "Öberg"]
    assert found == names


def test_one_or_two_letters_find_names_that_begin_with_them(database: Database, make_member) -> None:
    make_member("Anna", "Virtanen", city="Vasa")
    make_member("Jöns", "Äng")
    make_member("Pentti", "Ovaskainen")
    with database.reading() as session:
        assert [m.last_name for m in find_members(session, "vi", TODAY)] == ["Virtanen"]  # a last name
        assert [m.last_name for m in find_members(session, "AN", TODAY)] == ["Virtanen"]  # a first name
        assert [m.last_name for m in find_members(session, "ä", TODAY)] == ["Äng"]
        assert find_members(session, "va", TODAY) == []  # inside a name or the city: needs three letters
        assert [m.last_name for m in find_members(session, "vas", TODAY)] == ["Ovaskainen", "Virtanen"]


def test_member_ids_bind_dates_ids_and_enums_correctly(database: Database, make_member) -> None:
    """The id list is read at driver level; every kind of bound value must still select the right rows."""
    early = make_member("Anna", "Aho", branch="Vaasa", joined_on=date(2001, 5, 1))
    late = make_member("Eero", "Berg", branch="Vaasa", joined_on=date(2024, 5, 1))
    make_member("Olli", "Cederberg", branch="Kokkola", joined_on=date(2024, 6, 1), kind=MembershipKind.SUPPORTER)
    with database.reading() as session:
        vaasa = get_member(session, early).current
        assert vaasa is not None
        cases = {
            MemberFilter(joined_from=date(2024, 1, 1), branch_ids=(vaasa.branch_id,)): [late],
            MemberFilter(kinds=(MembershipKind.MEMBER,), statuses=(MembershipStatus.ACTIVE,)): [early, late],
            MemberFilter(text="berg", joined_to=date(2024, 5, 31)): [late],
        }
        for member_filter, expected in cases.items():
            assert member_ids(session, member_filter, TODAY) == expected, member_filter
        assert member_ids(session, MemberFilter(), TODAY, SortKey.JOINED, descending=True)[0] != early


def test_a_bulk_refresh_puts_triggers_and_indexes_back_exactly(database: Database) -> None:
    def schema() -> list[tuple[str, str]]:
        with database.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'member_search' AND sql IS NOT NULL ORDER BY name"
            )
            return [(name, sql) for name, sql in rows]

    before = schema()
    assert any(name == "member_search_ai" for name, _sql in before)
    rows = [{"first_name": f"Bulk{n:04d}", "last_name": "Åkerman"} for n in range(2100)]
    with database.transaction("Import", Origin.IMPORT) as session:
        insert_rows(session, Member, rows)
    assert schema() == before
    with database.reading() as session:
        assert [m.first_name for m in find_members(session, "bulk0042", TODAY)] == ["Bulk0042"]
        assert len(find_members(session, "akerman", TODAY, limit=5000)) == 2100
    assert all(check.ok for check in check_database(database))
    # After the bulk write, single changes go through the triggers again.
    with database.reading() as session:
        member_id = find_members(session, "bulk0001", TODAY)[0].id
    with database.transaction("Edit") as session:
        update_person(session, member_id, PersonData("Renamed", "Åkerman"))
    with database.reading() as session:
        assert [m.first_name for m in find_members(session, "renamed", TODAY)] == ["Renamed"]


def test_every_column_sorts_with_empty_values_first_and_ties_in_name_order(database: Database, make_member) -> None:
    people = {
        "Eino": make_member("Eino", "Aalto", number="100", phone="+358401111111", city="Vasa"),
        "Anna": make_member("Anna", "Berg", number="99", phone=None, city="Åbo"),
        "Bo": make_member("Bo", "Berg", number="X-7", phone="+358402222222", city="Vasa"),
        "Cecilia": make_member("Cecilia", "Cedergren", number="0098", phone="+358401111111", city=None),
    }
    by_id = {member_id: name for name, member_id in people.items()}

    def order(sort: SortKey, descending: bool = False) -> list[str]:
        with database.reading() as session:
            return [by_id[member_id] for member_id in member_ids(session, MemberFilter(), TODAY, sort, descending)]

    # Name order is last name, then first name: Eino Aalto, Anna Berg, Bo Berg, Cecilia Cedergren.
    assert order(SortKey.NAME) == ["Eino", "Anna", "Bo", "Cecilia"]
    # Numbers as numbers ("0098" < "99" < "100"), others after them.
    assert order(SortKey.NUMBER) == ["Cecilia", "Anna", "Eino", "Bo"]
    assert order(SortKey.NUMBER, descending=True) == ["Bo", "Eino", "Anna", "Cecilia"]
    # An empty phone first; the same phone keeps name order, also when descending.
    assert order(SortKey.PHONE) == ["Anna", "Eino", "Cecilia", "Bo"]
    assert order(SortKey.PHONE, descending=True) == ["Bo", "Eino", "Cecilia", "Anna"]
    # Cities in Nordic order (Å after V), the empty one first.
    assert order(SortKey.CITY) == ["Cecilia", "Eino", "Bo", "Anna"]


def test_a_short_word_alone_finds_the_same_members_in_the_same_order_as_with_other_filters(
    database: Database, make_member
) -> None:
    # One or two letters alone take a faster path (two index ranges merged in Python); with any other filter they
    # are part of the one SQL query. Both must agree, in every sort order.
    names = [
        ("Anna", "Virtanen"), ("Vilho", "Aalto"), ("Åke", "Andersson"), ("Ari", "Åberg"), ("Eva", "Virta"),
        ("Väinö", "Lind"), ("Viljami", "Virtanen"), ("Bo", "Vikström"), ("Anna-Liisa", "Mattila-Virtanen"),
    ]  # fmt: skip
    people = {f"{first} {last}": make_member(first, last, number=str(100 - index), city="Vasa")
              for index, (first, last) in enumerate(names)}  # fmt: skip
    by_id = {member_id: name for name, member_id in people.items()}
    with database.reading() as session:
        branch_id = session.execute(select(Membership.branch_id)).scalars().first()
        for word in ("v", "vi", "a", "å", "ä", "an", "vä", "x"):
            for sort in (SortKey.NAME, SortKey.NUMBER):
                alone = member_ids(session, MemberFilter(text=word), TODAY, sort)
                combined = member_ids(session, MemberFilter(text=word, branch_ids=(branch_id,)), TODAY, sort)
                assert [by_id[i] for i in alone] == [by_id[i] for i in combined], (word, sort)
        found = [by_id[i] for i in member_ids(session, MemberFilter(text="vi"), TODAY)]
        descending = [by_id[i] for i in member_ids(session, MemberFilter(text="vi"), TODAY, descending=True)]
    # First or last name beginning with "vi", in name order (last name first).
    assert found == ["Vilho Aalto", "Bo Vikström", "Eva Virta", "Anna Virtanen", "Viljami Virtanen"]
    assert descending == found[::-1]


def test_a_phone_fragment_alone_finds_the_same_members_in_the_same_order_as_with_other_filters(
    database: Database, make_member
) -> None:
    # A phone fragment alone walks the list index in name order; with another filter it is part of the one query.
    people = {
        "Eva Virta": make_member("Eva", "Virta", number="7", phone="+358 40 123 4567"),
        "Bo Aalto": make_member("Bo", "Aalto", number="30", phone="040 765 4321"),
        "Anna Berg": make_member("Anna", "Berg", number="12", phone="+358 50 123 4000"),
        "Ari Öst": make_member("Ari", "Öst", number="5", phone="+358 40 555 0123"),
    }
    by_id = {member_id: name for name, member_id in people.items()}
    with database.reading() as session:
        branch_id = session.execute(select(Membership.branch_id)).scalars().first()
        for fragment in ("040", "0401", "123", "+358 40", "4567", "999"):
            for sort, descending in ((SortKey.NAME, False), (SortKey.NAME, True), (SortKey.NUMBER, False)):
                alone = member_ids(session, MemberFilter(text=fragment), TODAY, sort, descending)
                combined = member_ids(
                    session, MemberFilter(text=fragment, branch_ids=(branch_id,)), TODAY, sort, descending
                )
                assert [by_id[i] for i in alone] == [by_id[i] for i in combined], (fragment, sort, descending)
        found = [by_id[i] for i in member_ids(session, MemberFilter(text="040"), TODAY)]
        by_number = [by_id[i] for i in member_ids(session, MemberFilter(text="040"), TODAY, SortKey.NUMBER)]
    assert found == ["Bo Aalto", "Eva Virta", "Ari Öst"]  # national and international forms, in name order
    assert by_number == ["Ari Öst", "Eva Virta", "Bo Aalto"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "Aina"),
        ("last_name", "Lindqvist"),
        ("member_number", "7007"),
        ("city", "Jakobstad"),
        ("deleted_at", datetime(2026, 11, 1, tzinfo=UTC)),
        ("notes", "Soitettu"),  # not in the list: its row stays as it was, and must still be right
        ("birth_year", 1977),
    ],
)
def test_the_member_list_row_follows_every_change_of_a_member(
    database: Database, make_member, field: str, value: object
) -> None:
    from db.members.member_index import INDEXED_MEMBER_FIELDS, refresh_member_index
    from db.members.models import MemberSearchEntry

    member_id = make_member("Anna", "Virtanen", number="1001", city="Vasa", phone="+358401234567")

    def list_row() -> tuple[object, ...] | None:
        with database.reading() as session:
            found = select(MemberSearchEntry).where(MemberSearchEntry.member_id == member_id)
            entry = session.execute(found).scalar_one_or_none()
            keys = [attr.key for attr in inspect(MemberSearchEntry).column_attrs if attr.key != "rowid"]
            return None if entry is None else tuple(getattr(entry, key) for key in keys)

    untouched = list_row()
    with database.transaction("Edit") as session:
        member = session.get(Member, member_id)
        assert member is not None
        setattr(member, field, value)
    refreshed_by_the_hook = list_row()
    with database.transaction("Rebuild") as session:
        refresh_member_index(session, [member_id])  # what the row must be, made from scratch
    assert refreshed_by_the_hook == list_row()
    # The hook skips a change of a field the row is not made of; a field it is made of changes the row.
    assert (refreshed_by_the_hook == untouched) == (field not in INDEXED_MEMBER_FIELDS)
