"""Media work: outlets and their contacts (deleted for good), media items and their statuses, lists and filters."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.core.base import utcnow
from db.core.changelog import ChangeRecord, Origin
from db.core.database import Database
from db.core.errors import ErasedDataError, ValidationError
from db.core.undo import undo_last
from db.media.items import (
    MediaFilter,
    MediaItemData,
    NoSuchMediaItemError,
    StatusChangeError,
    allowed_statuses,
    create_item,
    find_item,
    item_data,
    list_items,
    set_item_status,
    set_outlet_published,
    topics,
    update_item,
)
from db.media.models import MediaItemKind, MediaItemOutlet, MediaItemStatus, OutletContact, OutletKind
from db.media.outlets import (
    ERASED_CONTACT_NAME,
    ContactData,
    ContactNotFoundError,
    OutletData,
    add_contact,
    contact_access,
    create_outlet,
    delete_outlet,
    erase_contact,
    list_contacts,
    list_outlets,
    update_contact,
)
from db.privacy.erasure import erase_member
from db.privacy.events import PrivacyEventKind, list_events

TODAY = date.today()


def _outlet(database: Database, name: str = "Vasabladet", kind: OutletKind = OutletKind.NEWSPAPER) -> uuid.UUID:
    with database.transaction("Add outlet") as session:
        return create_outlet(session, OutletData(name, kind, area="Vasa"))


def _item(database: Database, **values: object) -> uuid.UUID:
    data = MediaItemData(**{"kind": MediaItemKind.PRESS_RELEASE, "title": "Tiedote", **values})  # type: ignore[arg-type]
    with database.transaction("Add media item") as session:
        return create_item(session, data, TODAY)


def test_outlets_and_contacts_are_checked_and_listed(database: Database) -> None:
    outlet = _outlet(database)
    with database.transaction("Add contact") as session:
        contact = add_contact(
            session, outlet, ContactData(" Jenni   Laaksonen ", "reporter", " Jenni@Example.FI ", "040 123 4567")
        )
        with pytest.raises(ValidationError) as refused:
            add_contact(session, outlet, ContactData("Bad", email="not an address"))
        assert refused.value.field == "email"
        with pytest.raises(ValidationError):
            create_outlet(session, OutletData("  "))
    with database.reading() as session:
        (record,) = list_contacts(session)
        (outlet_record,) = list_outlets(session)
    assert record.id == contact
    assert (record.name, record.data.email, record.data.phone, record.outlet_name) == (
        "Jenni Laaksonen",
        "jenni@example.fi",
        "+358401234567",
        "Vasabladet",
    )
    assert (outlet_record.contacts, outlet_record.items) == (1, 0)


def test_a_contact_deleted_for_good_leaves_nothing_behind(database: Database) -> None:
    outlet = _outlet(database)
    with database.transaction("Add media contact") as session:
        contact = add_contact(session, outlet, ContactData("Jenni Laaksonen", "reporter", "jenni@example.fi"))
    with database.transaction("Edit media contact") as session:
        update_contact(session, contact, ContactData("Jenni Laaksonen", "editor", "jenni@example.fi", "0401234567"))
    with database.reading() as session:
        held = contact_access(session, contact)
    assert held.values["name"] == "Jenni Laaksonen" and held.values["phone"] == "+358401234567"
    assert [change.field for change in held.history] == [None, "role", "phone"]
    with database.transaction("Erase media contact") as session:
        scrubbed = erase_contact(session, contact, utcnow())
    assert scrubbed >= 3
    with database.reading() as session:
        row = session.get(OutletContact, contact)
        assert row is not None
        assert (row.name, row.role, row.email, row.phone) == (ERASED_CONTACT_NAME, None, None, None)
        assert row.erased_at is not None and row.deleted_at is not None
        logged = " ".join(
            f"{record.old_value} {record.new_value}"
            for record in session.execute(select(ChangeRecord).where(ChangeRecord.row_id == str(contact))).scalars()
        )
        assert "Jenni" not in logged and "jenni@" not in logged and "40123" not in logged and "editor" not in logged
        assert list_contacts(session) == []
        (event,) = list_events(session, kind=PrivacyEventKind.ERASURE)
        assert "Jenni" not in event.description
        with pytest.raises(ContactNotFoundError):
            contact_access(session, uuid.uuid4())
    # Undo cannot bring an erased contact back, not even the edit before the erasure.
    with pytest.raises(ErasedDataError), database.transaction("Undo", Origin.UNDO) as session:
        undo_last(session)
    with database.transaction("Erase again") as session, pytest.raises(ContactNotFoundError):
        erase_contact(session, contact)


def test_deleting_an_outlet_erases_its_contacts(database: Database) -> None:
    outlet = _outlet(database)
    with database.transaction("Add contacts") as session:
        add_contact(session, outlet, ContactData("Jenni Laaksonen"))
        add_contact(session, outlet, ContactData("Mikael Forsström"))
    item = _item(database, outlet_ids=(outlet,))
    with database.transaction("Delete outlet") as session:
        assert delete_outlet(session, outlet, utcnow()) == 2
    with database.reading() as session:
        names = session.execute(select(OutletContact.name)).scalars().all()
        assert list_outlets(session) == []
        (row,) = list_items(session)
    assert names == [ERASED_CONTACT_NAME, ERASED_CONTACT_NAME]
    assert row.id == item and row.outlets == ("Vasabladet",)  # the item still says where it went


def test_statuses_move_forward_one_step_back_or_to_rejected() -> None:
    assert allowed_statuses(MediaItemStatus.IDEA) == (
        MediaItemStatus.DRAFT,
        MediaItemStatus.SENT,
        MediaItemStatus.PUBLISHED,
    )
    assert allowed_statuses(MediaItemStatus.SENT) == (
        MediaItemStatus.DRAFT,
        MediaItemStatus.PUBLISHED,
        MediaItemStatus.REJECTED,
    )
    assert allowed_statuses(MediaItemStatus.REJECTED) == (MediaItemStatus.DRAFT, MediaItemStatus.SENT)
    assert MediaItemStatus.IDEA not in allowed_statuses(MediaItemStatus.PUBLISHED)


def test_a_status_change_fills_in_its_date_and_refuses_a_jump_back(database: Database) -> None:
    item = _item(database, planned_on=TODAY + timedelta(days=3))
    with database.transaction("Draft") as session:
        set_item_status(session, item, MediaItemStatus.DRAFT, TODAY)
        set_item_status(session, item, MediaItemStatus.SENT, TODAY)
    with database.transaction("Back to an idea") as session, pytest.raises(StatusChangeError):
        set_item_status(session, item, MediaItemStatus.IDEA, TODAY)
    with database.transaction("Rejected") as session:
        set_item_status(session, item, MediaItemStatus.REJECTED, TODAY)
        set_item_status(session, item, MediaItemStatus.SENT, TODAY + timedelta(days=1))  # offered elsewhere
        set_item_status(session, item, MediaItemStatus.PUBLISHED, TODAY + timedelta(days=2))
    with database.reading() as session:
        data = item_data(session, item)
    assert (data.status, data.sent_on, data.published_on) == (
        MediaItemStatus.PUBLISHED,
        TODAY,  # the first sending is kept
        TODAY + timedelta(days=2),
    )
    clipping = _item(database, kind=MediaItemKind.COVERAGE, status=MediaItemStatus.PUBLISHED)
    with database.reading() as session:
        recorded = item_data(session, clipping)
    assert (recorded.status, recorded.sent_on, recorded.published_on) == (MediaItemStatus.PUBLISHED, None, TODAY)


def test_an_item_names_its_outlets_and_author_and_checks_its_dates(database: Database, make_member) -> None:
    ilkka, vbl = _outlet(database, "Ilkka-Pohjalainen"), _outlet(database, "Vasabladet")
    author = make_member("Anna", "Virtanen")
    item = _item(database, kind=MediaItemKind.OP_ED, title="Koulu on kylän sydän", author_id=author,
                 author_name="ignored", outlet_ids=(vbl, ilkka), topic=" Koulutus ")  # fmt: skip
    with database.transaction("Published in one") as session:
        set_outlet_published(session, item, vbl, TODAY)
        data = item_data(session, item)
        update_item(session, item, MediaItemData(**{**data.__dict__, "outlet_ids": (ilkka,)}), TODAY)
        update_item(session, item, MediaItemData(**{**data.__dict__, "outlet_ids": (ilkka, vbl)}), TODAY)
        with pytest.raises(ValidationError) as refused:
            update_item(
                session,
                item,
                MediaItemData(**{**data.__dict__, "sent_on": TODAY, "published_on": TODAY - timedelta(days=1)}),
                TODAY,
            )
        assert refused.value.field == "published_on"
    with database.reading() as session:
        (row,) = list_items(session)
        rows = session.execute(select(MediaItemOutlet).where(MediaItemOutlet.item_id == item)).scalars().all()
        assert topics(session) == ["Koulutus"]
    assert (row.author, row.outlets, row.topic) == ("Anna Virtanen", ("Ilkka-Pohjalainen", "Vasabladet"), "Koulutus")
    assert len(rows) == 2  # the outlet taken off and put back is the same row, alive again
    assert next(entry for entry in rows if entry.outlet_id == vbl).published_on == TODAY


def test_the_list_filters_by_year_kind_status_outlet_and_text(database: Database) -> None:
    vbl = _outlet(database)
    last_year = date(TODAY.year - 1, 6, 1)
    old = _item(database, title="Vanha tiedote", status=MediaItemStatus.SENT, sent_on=last_year)
    post = _item(database, kind=MediaItemKind.WEBSITE_POST, title="Syksyn koulutukset", published_on=TODAY,
                 status=MediaItemStatus.PUBLISHED)  # fmt: skip
    idea = _item(database, title="Vappu", outlet_ids=(vbl,), planned_on=TODAY)
    undated = _item(database, title="Joskus")
    with database.reading() as session:

        def ids(**values: object) -> set[uuid.UUID]:
            return {row.id for row in list_items(session, MediaFilter(**values))}  # type: ignore[arg-type]

        assert ids(year=TODAY.year) == {post, idea, undated}
        assert ids(year=TODAY.year - 1) == {old, undated}
        assert ids(kinds=(MediaItemKind.WEBSITE_POST,)) == {post}
        assert ids(statuses=(MediaItemStatus.IDEA,)) == {idea, undated}
        assert ids(outlet_id=vbl) == {idea}
        assert ids(text="koulutuks") == {post}
        # Undated first, then newest first (and by title on one day).
        assert [row.id for row in list_items(session)] == [undated, post, idea, old]
        assert find_item(session, old.hex[-8:]) == old
        with pytest.raises(NoSuchMediaItemError):
            find_item(session, "zzzzzzzz")


def test_an_erased_author_is_named_nowhere_but_the_work_stays(database: Database, make_member) -> None:
    author = make_member("Anna", "Virtanen")
    item = _item(database, kind=MediaItemKind.OP_ED, title="Koulu on kylän sydän", author_id=author)
    with database.transaction("Erase personal data") as session:
        erase_member(session, author, utcnow())  # type: ignore[arg-type]
    with database.reading() as session:
        (row,) = list_items(session)
    assert (row.id, row.title, row.author_id, row.author) == (item, "Koulu on kylän sydän", author, "")
