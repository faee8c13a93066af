"""Merging two records of one person: everything moves, the removed one is a tombstone, undo brings it all back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from db.branches.models import BodyKind, Position, PositionRole
from db.branches.operations import BodyData, PositionData, add_position, create_body
from db.core.changelog import Origin
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.undo import undo_last
from db.members.interests import add_interest
from db.members.merge import merge_members, merge_side
from db.members.models import ConsentMethod, ConsentPurpose, ContactKind, Member
from db.members.operations import (
    delete_member,
    get_member,
    join_household,
    record_consent,
    replace_contacts,
    set_godparent,
    set_interests,
    update_person,
)
from db.members.records import ContactData, PersonData
from db.members.search import find_members

TODAY = date(2026, 6, 1)


def _merge(database: Database, keep: uuid.UUID, remove: uuid.UUID) -> None:
    with database.transaction("Merge members") as session:
        merge_members(session, keep, remove)


def _undo(database: Database) -> str:
    with database.transaction("x", Origin.UNDO) as session:
        return undo_last(session).label


def _ids(make_member: Callable[..., object], *args: object, **kwargs: object) -> uuid.UUID:
    member_id = make_member(*args, **kwargs)
    assert isinstance(member_id, uuid.UUID)
    return member_id


def test_contacts_and_memberships_move_and_the_removed_record_is_a_tombstone(
    database: Database, make_member: Callable[..., object]
) -> None:
    keep = _ids(make_member, "Anna", "Virtanen", phone="040 1234567", email="anna@example.fi")
    remove = _ids(
        make_member, "Anna", "Virtanen", phone="040 1234567", email="anna.v@example.fi", branch="Oulun osasto"
    )
    _merge(database, keep, remove)
    with database.reading() as session:
        kept = get_member(session, keep, TODAY)
        removed = session.get(Member, remove)
        assert removed is not None
        assert removed.deleted_at is not None and removed.merged_into_id == keep
        assert sorted(contact.value for contact in kept.contacts) == [
            "+358401234567",
            "anna.v@example.fi",
            "anna@example.fi",
        ]
        assert sorted(record.branch_name for record in kept.memberships) == ["Oulun osasto", "Vaasan osasto"]
        # The removed record is no longer found, the kept one is found by the moved address.
        assert [summary.id for summary in find_members(session, "anna.v@example", TODAY)] == [keep]


def test_consents_interests_positions_and_godchildren_move(
    database: Database, make_member: Callable[..., object]
) -> None:
    keep = _ids(make_member, "Anna", "Virtanen")
    remove = _ids(make_member, "Anna", "Virtanen")
    godchild = _ids(make_member, "Eero", "Nieminen")
    with database.transaction("Setup") as session:
        photos = add_interest(session, "Valokuvaus", "Fotografering", "Photography")
        events = add_interest(session, "Tapahtumat", "Evenemang", "Events")
        set_interests(session, keep, [events])
        set_interests(session, remove, [photos, events])
        record_consent(session, remove, ConsentPurpose.PHOTOS, True, date(2020, 1, 1), ConsentMethod.PAPER_FORM)
        record_consent(session, remove, ConsentPurpose.PHOTOS, False, date(2021, 1, 1), ConsentMethod.EMAIL)
        body = create_body(session, BodyData("Piirihallitus", BodyKind.DISTRICT_BOARD))
        add_position(session, PositionData(remove, body, PositionRole.CHAIR, date(2024, 1, 1)))
        set_godparent(session, godchild, remove)
    _merge(database, keep, remove)
    with database.reading() as session:
        kept = get_member(session, keep, TODAY)
        assert len(kept.consents) == 2  # the whole history, not only the latest event
        assert sorted(kept.interest_ids) == sorted([photos, events])
        positions = session.execute(select(Position).where(Position.member_id == keep)).scalars().all()
        assert [position.role for position in positions] == [PositionRole.CHAIR]
        assert get_member(session, godchild, TODAY).godparent is not None
        assert get_member(session, godchild, TODAY).godparent.id == keep  # type: ignore[union-attr]


def test_empty_fields_of_the_kept_record_are_filled(database: Database, make_member: Callable[..., object]) -> None:
    keep = _ids(make_member, "Anna", "Virtanen", city="Vaasa")
    remove = _ids(make_member, "Anna", "Virtanen", number="12345", birth_year=1980)
    household_member = _ids(make_member, "Pekka", "Virtanen")
    with database.transaction("Setup") as session:
        update_person(
            session,
            remove,
            PersonData("Anna", "Virtanen", member_number="12345", birth_year=1980, street="Kauppatie 1", city="Oulu"),
        )
        join_household(session, [household_member, remove])
    _merge(database, keep, remove)
    with database.reading() as session:
        kept = get_member(session, keep, TODAY)
        assert kept.person.member_number == "12345"
        assert kept.person.birth_year == 1980
        # The address is one unit: the kept record had a city, so the other record's street is not mixed in.
        assert (kept.person.street, kept.person.city) == (None, "Vaasa")
        assert {ref.id for ref in kept.household} == {keep, household_member}


def test_a_do_not_use_flag_on_a_duplicate_number_is_kept(
    database: Database, make_member: Callable[..., object]
) -> None:
    keep = _ids(make_member, "Anna", "Virtanen", phone="040 1234567")
    remove = _ids(make_member, "Anna", "Virtanen")
    with database.transaction("Setup") as session:
        replace_contacts(session, remove, [ContactData(ContactKind.PHONE, "040 1234567", do_not_use=True)])
    _merge(database, keep, remove)
    with database.reading() as session:
        contacts = get_member(session, keep, TODAY).contacts
    assert [(contact.value, contact.do_not_use) for contact in contacts] == [("+358401234567", True)]


def test_undo_restores_both_records(database: Database, make_member: Callable[..., object]) -> None:
    keep = _ids(make_member, "Anna", "Virtanen", email="anna@example.fi")
    remove = _ids(make_member, "Anna", "Virtanen", number="777", phone="040 7654321", branch="Oulun osasto")
    _merge(database, keep, remove)
    assert _undo(database) == "Merge members"
    with database.reading() as session:
        kept = get_member(session, keep, TODAY)
        removed = get_member(session, remove, TODAY)
        assert removed.deleted_at is None
        assert removed.person.member_number == "777" and kept.person.member_number is None
        assert [contact.value for contact in removed.contacts] == ["+358407654321"]
        assert [record.branch_name for record in kept.memberships] == ["Vaasan osasto"]
        assert [summary.id for summary in find_members(session, "0407654321", TODAY)] == [remove]


@pytest.mark.parametrize("removed_first", [True, False])
def test_undo_of_a_moved_member_number_works_whichever_record_is_older(
    database: Database, make_member: Callable[..., object], removed_first: bool
) -> None:
    # The number moves between two rows of a unique column; undo must put it back in a safe order either way.
    if removed_first:
        remove = _ids(make_member, "Anna", "Virtanen", number="900")
        keep = _ids(make_member, "Anna", "Virtanen")
    else:
        keep = _ids(make_member, "Anna", "Virtanen")
        remove = _ids(make_member, "Anna", "Virtanen", number="900")
    _merge(database, keep, remove)
    _undo(database)
    with database.reading() as session:
        assert get_member(session, remove, TODAY).person.member_number == "900"
        assert get_member(session, keep, TODAY).person.member_number is None


def test_merging_with_itself_or_a_deleted_member_is_refused(
    database: Database, make_member: Callable[..., object]
) -> None:
    keep = _ids(make_member, "Anna", "Virtanen")
    gone = _ids(make_member, "Anna", "Virtanen")
    with database.transaction("Delete") as session:
        delete_member(session, gone)
    with pytest.raises(ValidationError, match="themselves"), database.transaction("Merge members") as session:
        merge_members(session, keep, keep)
    with pytest.raises(ValidationError, match="deleted") as caught, database.transaction("Merge") as session:
        merge_members(session, keep, gone)
    assert caught.value.field == "member"


def test_merge_side_counts(database: Database, make_member: Callable[..., object]) -> None:
    member = _ids(make_member, "Anna", "Virtanen", number="1", phone="040 1234567")
    with database.reading() as session:
        side = merge_side(session, member, TODAY)
    assert (side.name, side.member_number, side.branch_name) == ("Anna Virtanen", "1", "Vaasan osasto")
    assert side.contacts == ("+358 40 1234567",)
    assert (side.memberships, side.positions, side.consents) == (1, 0, 0)
