"""A member's history from the change log: the member row and the rows that belong to the member, for reading."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import BodyData, PositionData, add_position, create_body
from db.core.changelog import Origin
from db.core.database import Database
from db.core.i18n import format_day, language
from db.core.undo import undo_last
from db.meetings.attendance import add_attendee, set_attendance
from db.meetings.meetings import create_meeting
from db.meetings.models import AttendanceStatus
from db.meetings.records import AttendeeData, MeetingData
from db.members.history import member_history
from db.members.interests import add_interest
from db.members.models import ConsentMethod, ConsentPurpose, ContactKind, EndReason, MemberLanguage
from db.members.operations import (
    delete_member,
    get_member,
    record_consent,
    replace_contacts,
    restore_member,
    set_interests,
    update_membership,
    update_person,
)
from db.members.records import ContactData, MembershipData, PersonData
from db.recognition.models import RecognitionKind
from db.recognition.records import RecognitionData
from db.recognition.register import give_recognition


def _member(make_member: Callable[..., object], **kwargs: object) -> uuid.UUID:
    member_id = make_member(**kwargs)
    assert isinstance(member_id, uuid.UUID)
    return member_id


def test_creation_is_the_oldest_entry(database: Database, make_member: Callable[..., object]) -> None:
    member_id = _member(make_member, phone="040 1234567")
    with database.reading() as session:
        entries = member_history(session, member_id)
    summaries = [entry.summary for entry in entries]
    assert "Member created" in summaries
    assert "Added phone +358 40 1234567" in summaries
    assert "Added membership of Vaasan osasto" in summaries
    assert all(entry.label == "Add member" and entry.origin == Origin.LOCAL for entry in entries)
    assert entries[-1].summary == "Member created" and entries[-1].field is None


def test_an_edit_is_newest_first_with_readable_labels_and_values(
    database: Database, make_member: Callable[..., object]
) -> None:
    member_id = _member(make_member, city="Vaasa")
    with database.transaction("Edit member") as session:
        update_person(session, member_id, PersonData("Anna", "Virtanen", city="Oulu", language=MemberLanguage.SV))
    with database.reading() as session:
        entries = member_history(session, member_id)
    newest = {entry.field: entry for entry in entries[:2]}
    assert set(newest) == {"city", "language"}
    assert newest["city"].field_label == "City"
    assert (newest["city"].old, newest["city"].new) == ("Vaasa", "Oulu")
    assert newest["city"].summary == "City: Vaasa → Oulu"
    assert (newest["language"].old, newest["language"].new) == ("Finnish", "Swedish")
    assert newest["city"].label == "Edit member"


def test_membership_dates_branches_and_reasons_read_as_people_write_them(
    database: Database, make_member: Callable[..., object], make_branch: Callable[..., object]
) -> None:
    member_id = _member(make_member)
    other = make_branch("Oulun osasto")
    with database.reading() as session:
        membership = get_member(session, member_id).memberships[0]
    data = MembershipData(other, ended_on=date(2025, 3, 1), end_reason=EndReason.MOVED, joined_on=date(2020, 1, 1))  # type: ignore[arg-type]
    with database.transaction("Edit member") as session:
        update_membership(session, membership.id, data)
    with database.reading() as session:
        entries = {entry.field: entry for entry in member_history(session, member_id) if entry.label == "Edit member"}
    assert (entries["branch_id"].old, entries["branch_id"].new) == ("Vaasan osasto", "Oulun osasto")
    assert entries["ended_on"].new == format_day(date(2025, 3, 1))
    assert entries["end_reason"].new == "Moved to another district"
    assert entries["end_reason"].subject == "Membership of Oulun osasto"


def test_contact_flags_deletes_and_restores(database: Database, make_member: Callable[..., object]) -> None:
    member_id = _member(make_member, phone="040 1234567")
    with database.transaction("Edit member") as session:
        replace_contacts(session, member_id, [ContactData(ContactKind.PHONE, "040 1234567", valid=False)])
    with database.transaction("Edit member") as session:
        replace_contacts(session, member_id, [])
    with database.transaction("Delete member") as session:
        delete_member(session, member_id)
    with database.transaction("Restore member") as session:
        restore_member(session, member_id)
    with database.reading() as session:
        entries = member_history(session, member_id)
    assert [entry.summary for entry in entries[:4]] == [
        "Member restored",
        "Member deleted",
        "Removed: Phone +358 40 1234567",
        "Phone +358 40 1234567 – Valid: Yes → No",
    ]
    assert entries[0].new == "Restored" and entries[1].new == "Deleted"


def test_consent_interest_and_position_rows_belong_to_the_member(
    database: Database, make_member: Callable[..., object]
) -> None:
    member_id = _member(make_member)
    other_id = _member(make_member, first_name="Eero")
    with database.transaction("Setup") as session:
        photos = add_interest(session, "Valokuvaus", "Fotografering", "Photography")
        body = create_body(session, BodyData("Piirihallitus", BodyKind.DISTRICT_BOARD))
    with database.transaction("Record consent") as session:
        record_consent(session, member_id, ConsentPurpose.PHOTOS, True, date(2019, 5, 2), ConsentMethod.PAPER_FORM)
        set_interests(session, member_id, [photos])
        add_position(session, PositionData(member_id, body, PositionRole.TREASURER, date(2024, 1, 1)))
        set_interests(session, other_id, [photos])
    with database.reading() as session:
        summaries = [entry.summary for entry in member_history(session, member_id)]
        other = [entry.summary for entry in member_history(session, other_id)]
    day = format_day(date(2019, 5, 2))
    assert f"Consent given: Photos may be published ({day}, Paper form)" in summaries
    assert "Added volunteer interest Photography" in summaries
    assert "Added position of trust: Treasurer, Piirihallitus" in summaries
    # Another member's rows stay out of this member's history.
    assert "Added position of trust: Treasurer, Piirihallitus" not in other
    assert "Added volunteer interest Photography" in other


def test_undo_shows_as_its_own_entries(database: Database, make_member: Callable[..., object]) -> None:
    member_id = _member(make_member, city="Vaasa")
    with database.transaction("Edit member") as session:
        update_person(session, member_id, PersonData("Anna", "Virtanen", city="Oulu"))
    with database.transaction("x", Origin.UNDO) as session:
        undo_last(session)
    with database.reading() as session:
        newest = member_history(session, member_id)[0]
    assert newest.origin == Origin.UNDO
    assert newest.label == "Undo: Edit member"
    assert newest.summary == "City: Oulu → Vaasa"


def test_unknown_member_has_no_history(database: Database) -> None:
    with database.reading() as session:
        assert member_history(session, uuid.uuid4()) == []


def test_attendance_and_recognitions_read_in_the_reader_s_language(
    database: Database, make_member: Callable[..., object]
) -> None:
    member_id = _member(make_member, first_name="Aino", last_name="Aalto")
    with database.transaction("Board") as session:
        body_id = create_body(session, BodyData("Piirihallitus", BodyKind.DISTRICT_BOARD))
        meeting_id = create_meeting(session, MeetingData(body_id=body_id, held_on=date(2026, 3, 2)), agenda=False)
        attendee_id = add_attendee(session, meeting_id, AttendeeData(member_id=member_id))
        give_recognition(session, RecognitionData(member_id, RecognitionKind.THANK_YOU, date(2026, 3, 2)))
    with database.transaction("Excused") as session:
        set_attendance(session, attendee_id, AttendanceStatus.EXCUSED)

    with language("sv"), database.reading() as session:
        summaries = [entry.summary for entry in member_history(session, member_id)]

    assert summaries[0] == "I protokollet för Piirihallitus 1/2026 – Närvaro: Närvarande → Anmält förhinder"
    assert "Tillagt: Utmärkelse 2026-001: Diplom" in summaries
