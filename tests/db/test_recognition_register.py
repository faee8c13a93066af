"""The recognition register: numbers by year never given twice, the duplicate rule, defaults, printings, erasure."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import BodyData, PositionData, add_position, create_body
from db.core.database import Database
from db.core.errors import ValidationError
from db.members.models import MembershipKind
from db.members.records import MembershipData
from db.privacy.erasure import erase_member
from db.privacy.register import RegisterSettings, write_register_settings
from db.recognition.models import RecognitionKind
from db.recognition.records import RecognitionData, Signer, format_number
from db.recognition.register import (
    DuplicateRecognitionError,
    RecognitionNotFoundError,
    default_place,
    default_signers,
    delete_recognition,
    find_recognition,
    get_recognition,
    give_recognition,
    list_recognitions,
    occasions,
    parse_number,
    record_printing,
    update_recognition,
)
from tests.db.branch_helpers import add_person, new_branch

SPRING = date(2026, 4, 18)
NO_SIGNERS: tuple[Signer, ...] = ()


def _member(database: Database, first: str = "Aino", last: str = "Åhlström") -> uuid.UUID:
    branch = new_branch(database, f"Osasto {first} {last}")
    return add_person(database, first, last, MembershipData(branch, MembershipKind.MEMBER, date(2001, 3, 1)))


def _give(database: Database, data: RecognitionData, *, allow_duplicate: bool = False) -> str:
    with database.transaction("Give recognition") as session:
        return give_recognition(session, data, allow_duplicate=allow_duplicate).number


def _thanks(member_id: uuid.UUID, day: date = SPRING, **changes: object) -> RecognitionData:
    values: dict[str, object] = {
        "member_id": member_id,
        "kind": RecognitionKind.THANK_YOU,
        "awarded_on": day,
        "reason": "Kiitos!",
        "place": "Vaasa",
        "signers": NO_SIGNERS,
    }
    values.update(changes)
    return RecognitionData(**values)  # type: ignore[arg-type]


def test_numbers_run_through_a_year_and_start_again_at_one_the_next(database: Database) -> None:
    people = [_member(database, f"Henkilö{index}", "Testi") for index in range(4)]
    numbers = [
        _give(database, _thanks(people[0], date(2026, 1, 2))),
        _give(database, _thanks(people[1], date(2026, 12, 31))),
        _give(database, _thanks(people[2], date(2027, 1, 1))),
        _give(database, _thanks(people[3], date(2026, 6, 1))),
    ]
    assert numbers == ["2026-001", "2026-002", "2027-001", "2026-003"]
    assert format_number(2026, 1234) == "2026-1234"


def test_a_deleted_number_is_never_given_again(database: Database) -> None:
    first, second = _member(database, "Eka"), _member(database, "Toka")
    _give(database, _thanks(first))
    _give(database, _thanks(second))
    with database.transaction("Delete") as session:
        deleted = find_recognition(session, "2026-002")
        delete_recognition(session, deleted.id)
    with database.reading() as session, pytest.raises(RecognitionNotFoundError, match="2026-002"):
        find_recognition(session, "2026-002")
    assert _give(database, _thanks(second)) == "2026-003"  # not 2026-002 again
    with database.reading() as session:
        assert [record.number for record in list_recognitions(session)] == ["2026-001", "2026-003"]
        everything = list_recognitions(session, include_deleted=True)
    assert [(record.number, record.deleted) for record in everything] == [
        ("2026-001", False),
        ("2026-002", True),
        ("2026-003", False),
    ]


def test_numbers_are_read_in_several_spellings_and_nonsense_is_refused() -> None:
    assert parse_number("2026-014") == (2026, 14)
    assert parse_number(" 2026/14 ") == (2026, 14)
    for text in ("2026-", "14", "2026-000", "26-14", "2026-x"):
        with pytest.raises(ValidationError, match="2026-014"):
            parse_number(text)


def test_the_same_recognition_twice_is_refused_unless_meant(database: Database) -> None:
    member = _member(database)
    jubilee = _thanks(member, kind=RecognitionKind.JUBILEE, jubilee_years=25, reason="")
    assert _give(database, jubilee) == "2026-001"
    with pytest.raises(DuplicateRecognitionError) as refused:
        _give(database, jubilee)
    assert [record.number for record in refused.value.earlier] == ["2026-001"]
    assert "Aino Åhlström" in str(refused.value) and "2026-001" in str(refused.value)
    # Another jubilee is another recognition; the same one given on purpose is entered.
    assert _give(database, _thanks(member, kind=RecognitionKind.JUBILEE, jubilee_years=10)) == "2026-002"
    assert _give(database, jubilee, allow_duplicate=True) == "2026-003"


def test_a_deleted_recognition_is_no_duplicate_and_an_edit_into_one_is_refused(database: Database) -> None:
    member = _member(database)
    _give(database, _thanks(member, kind=RecognitionKind.HONORARY_MEMBER))
    _give(database, _thanks(member))
    with database.transaction("Edit") as session:
        honorary = find_recognition(session, "2026-001")
        thanks = find_recognition(session, "2026-002")
        with pytest.raises(DuplicateRecognitionError):
            update_recognition(session, thanks.id, _thanks(member, kind=RecognitionKind.HONORARY_MEMBER))
        delete_recognition(session, honorary.id)
        update_recognition(session, thanks.id, _thanks(member, kind=RecognitionKind.HONORARY_MEMBER, reason="Uusi"))
    with database.reading() as session:
        edited = find_recognition(session, "2026-002")
    assert (edited.kind, edited.reason, edited.number) == (RecognitionKind.HONORARY_MEMBER, "Uusi", "2026-002")


def test_an_edit_keeps_the_number_even_when_the_date_moves_to_another_year(database: Database) -> None:
    member = _member(database)
    _give(database, _thanks(member))
    with database.transaction("Edit") as session:
        record = find_recognition(session, "2026-001")
        update_recognition(session, record.id, _thanks(member, date(2027, 2, 1), occasion="Talvipäivät"))
    with database.reading() as session:
        moved = get_recognition(session, record.id)
    assert (moved.number, moved.awarded_on, moved.occasion) == ("2026-001", date(2027, 2, 1), "Talvipäivät")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": RecognitionKind.JUBILEE, "jubilee_years": 30}, "jubilee_years"),
        ({"kind": RecognitionKind.JUBILEE}, "jubilee_years"),
        ({"kind": RecognitionKind.OTHER, "title": "  "}, "title"),
        ({"reason": "x" * 401}, "reason"),
        ({"signers": tuple(Signer(f"Nimi {n}") for n in range(4))}, "signers"),
    ],
)
def test_refused_values_name_their_field(database: Database, changes: dict[str, object], field: str) -> None:
    member = _member(database)
    with pytest.raises(ValidationError) as refused:
        _give(database, _thanks(member, **changes))
    assert refused.value.field == field


def test_an_erased_or_missing_member_gets_nothing(database: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        _give(database, _thanks(uuid.uuid4()))
    assert refused.value.field == "member"


def test_signers_default_to_the_district_boards_chair_and_secretary_on_the_day(database: Database) -> None:
    chair, old_chair, secretary, member = (
        _member(database, "Puheen", "Johtaja"),
        _member(database, "Entinen", "Johtaja"),
        _member(database, "Sihteeri", "Sihteerinen"),
        _member(database, "Saaja", "Saajanen"),
    )
    with database.transaction("Board") as session:
        assert default_signers(session, SPRING) == ()
        board = create_body(session, BodyData("Piirihallitus", BodyKind.DISTRICT_BOARD))
        other = create_body(session, BodyData("Työryhmä", BodyKind.WORKING_GROUP))
        add_position(session, PositionData(old_chair, board, PositionRole.CHAIR, date(2022, 5, 1), date(2024, 5, 10)))
        add_position(session, PositionData(chair, board, PositionRole.CHAIR, date(2024, 5, 11)))
        add_position(session, PositionData(secretary, board, PositionRole.SECRETARY, date(2024, 5, 11)))
        add_position(session, PositionData(member, other, PositionRole.CHAIR, date(2024, 1, 1)))
        assert default_signers(session, date(2023, 1, 1)) == (Signer("Entinen Johtaja", "", "chair"),)
    data = _thanks(member, signers=None)
    _give(database, data)
    with database.reading() as session:
        record = find_recognition(session, "2026-001")
    assert record.signers == (Signer("Puheen Johtaja", "", "chair"), Signer("Sihteeri Sihteerinen", "", "secretary"))


def test_the_place_defaults_to_the_town_of_the_districts_address(database: Database) -> None:
    member = _member(database)
    with database.transaction("Settings") as session:
        assert default_place(session) == ""
        write_register_settings(session, RegisterSettings(address="Piiritoimisto\nKauppapuistikko 1, 65100 VAASA"))
        assert default_place(session) == "Vaasa"
        write_register_settings(session, RegisterSettings(address="Storgatan 5, 68600 Jakobstad"))
    _give(database, _thanks(member, place=None))
    with database.reading() as session:
        assert find_recognition(session, "2026-001").place == "Jakobstad"


def test_a_reprint_keeps_the_number_and_is_counted(database: Database) -> None:
    member = _member(database)
    _give(database, _thanks(member, occasion="Kevätkokous 2026"))
    first = datetime(2026, 4, 10, 9, tzinfo=UTC)
    second = datetime(2026, 4, 17, 15, tzinfo=UTC)
    for moment in (first, second):
        with database.transaction("Print") as session:
            record = find_recognition(session, "2026-001")
            record_printing(session, [record.id, record.id], moment)
    with database.reading() as session:
        printed = find_recognition(session, "2026-001")
        assert occasions(session) == ["Kevätkokous 2026"]
        assert [r.number for r in list_recognitions(session, occasion="KEVÄTKOKOUS  2026")] == ["2026-001"]
    assert (printed.number, printed.print_count, printed.last_printed_at) == ("2026-001", 2, second)


def test_erasure_clears_the_reason_and_keeps_the_register_line(database: Database) -> None:
    member = _member(database)
    _give(database, _thanks(member, reason="Kiitos Ainolle kummina olemisesta", occasion="Kevätkokous 2026"))
    with database.transaction("Erase personal data") as session:
        erase_member(session, member, datetime.now(UTC))
    with database.reading() as session:
        (record,) = list_recognitions(session, include_deleted=True)
    assert (record.number, record.kind, record.awarded_on) == ("2026-001", RecognitionKind.THANK_YOU, SPRING)
    assert record.reason == "" and "Aino" not in record.member_name
