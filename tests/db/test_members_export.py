"""Exporting members to CSV and XLSX, and importing the export again (db.members.io)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from db.core import i18n
from db.core.changelog import ChangeRecord
from db.core.database import Database
from db.core.errors import KansliError
from db.members.io import ImportOptions, export_members, exporter, import_members
from db.members.io.headers import EXPORT_FIELDS, EXPORT_HEADERS, HEADER_ALIASES, header_key
from db.members.models import MemberLanguage, MembershipKind
from db.members.operations import delete_member, get_member, update_person
from db.members.records import PersonData

TODAY = date(2025, 6, 1)
FI_HEADER = [
    "Jäsennumero", "Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Lähiosoite", "C/o", "Postinumero",
    "Postitoimipaikka", "Osasto", "Jäsenlaji", "Liittymispäivä", "Syntymävuosi", "Kieli", "Lisätiedot", "Kansli ID",
]  # fmt: skip


@pytest.fixture
def register(database: Database, make_member: Callable[..., object]) -> dict[str, uuid.UUID]:
    """Three members in two branches, one with a full address, one without a member number; and a deleted one."""
    made = {
        "anna": make_member(
            "Anna", "Aalto", number="0012", phone="040 123 4567", email="anna@example.fi", city="Vaasa", birth_year=1980
        ),
        "bo": make_member(
            "Bo", "Berg", email="bo@example.fi", branch="Mustasaaren osasto", kind=MembershipKind.SUPPORTER
        ),
        "cay": make_member("Cay", "Carlsson", number="0014", joined_on=date(2019, 12, 31)),
        "gone": make_member("Gustav", "Gone", number="0099"),
    }
    ids = {name: member_id for name, member_id in made.items() if isinstance(member_id, uuid.UUID)}
    assert len(ids) == 4
    with database.transaction("Edit") as session:
        update_person(
            session,
            ids["bo"],
            PersonData(
                "Bo",
                "Berg",
                street="Storgatan 1 B 5",
                co_line="Hansson",
                postal_code="65610",
                city="Korsholm",
                language=MemberLanguage.SV,
                notes="Talar finska också.\nRing efter 17.",
            ),
        )
        delete_member(session, ids["gone"])
    return ids


def read_csv(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def change_count(database: Database) -> int:
    with database.reading() as session:
        return session.execute(select(func.count()).select_from(ChangeRecord)).scalar_one()


def test_csv_export_for_excel(database: Database, register: dict[str, uuid.UUID], tmp_path: Path) -> None:
    path = tmp_path / "jäsenet.csv"
    with database.reading() as session:
        count = export_members(session, path, language="fi", today=TODAY)

    rows = read_csv(path)
    assert count == 3 and len(rows) == 4
    assert rows[0] == FI_HEADER
    assert rows[1] == [
        "0012", "Anna", "Aalto", "anna@example.fi", "+358401234567", "", "", "", "Vaasa", "Vaasan osasto", "jäsen",
        "1.1.2020", "1980", "suomi", "", str(register["anna"]),
    ]  # fmt: skip
    assert rows[2] == [
        "", "Bo", "Berg", "bo@example.fi", "", "Storgatan 1 B 5", "Hansson", "65610", "Korsholm",
        "Mustasaaren osasto", "kannattaja", "1.1.2020", "", "ruotsi", "Talar finska också.\nRing efter 17.",
        str(register["bo"]),
    ]  # fmt: skip
    assert rows[3][:3] == ["0014", "Cay", "Carlsson"] and rows[3][11] == "31.12.2019"
    assert b"\r\n" in path.read_bytes()


def test_export_of_one_branch(database: Database, register: dict[str, uuid.UUID], tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    with database.reading() as session:
        assert export_members(session, path, branch="  mustasaaren OSASTO", language="en") == 1
    assert [row[1] for row in read_csv(path)[1:]] == ["Bo"]


def test_export_of_an_unknown_branch_is_refused(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    path = tmp_path / "members.csv"
    with database.reading() as session, pytest.raises(KansliError, match="There is no branch called Oulun osasto"):
        export_members(session, path, branch="Oulun osasto")
    assert not path.exists()


@pytest.mark.parametrize(
    ("code", "first_header", "kind", "joined"),
    [("fi", "Jäsennumero", "jäsen", "1.1.2020"), ("sv", "Medlemsnummer", "medlem", "1.1.2020"),
     ("en", "Member number", "member", "2020-01-01")],
)  # fmt: skip
def test_headers_and_values_follow_the_language(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path, code: str, first_header: str, kind: str,
    joined: str,
) -> None:  # fmt: skip
    path = tmp_path / "members.csv"
    i18n.set_language(code)
    with database.reading() as session:
        export_members(session, path, today=TODAY)  # the program's language by default
    rows = read_csv(path)
    assert rows[0][0] == first_header
    assert (rows[1][10], rows[1][11]) == (kind, joined)


def test_every_export_header_is_read_back_as_its_field() -> None:
    for code, headers in EXPORT_HEADERS.items():
        assert [HEADER_ALIASES[header_key(headers[field])] for field in EXPORT_FIELDS] == list(EXPORT_FIELDS), code


def test_xlsx_export(database: Database, register: dict[str, uuid.UUID], tmp_path: Path) -> None:
    with database.transaction("Edit") as session:
        person = get_member(session, register["anna"]).person
        update_person(session, register["anna"], PersonData(person.first_name, person.last_name,
                      member_number="0012", notes="=HYPERLINK(\"http://example.com\")"))  # fmt: skip
    path = tmp_path / "members.xlsx"
    with database.reading() as session:
        assert export_members(session, path, language="sv", today=TODAY) == 3

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Medlemsnummer", "Förnamn", "Efternamn")
    assert rows[1][0] == "0012"  # text: the leading zeros stay
    assert rows[1][4] == "+358401234567"
    assert rows[1][11] == datetime(2020, 1, 1)  # a real date cell
    # A note that looks like a formula stays text, so Excel never runs it.
    notes = sheet.cell(row=2, column=15)
    assert (notes.value, notes.data_type) == ('=HYPERLINK("http://example.com")', "s")


@pytest.mark.parametrize(("suffix", "code"), [(".csv", "fi"), (".csv", "sv"), (".csv", "en"), (".xlsx", "fi")])
def test_round_trip_updates_the_same_members(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path, suffix: str, code: str
) -> None:
    path = tmp_path / f"members{suffix}"
    with database.reading() as session:
        export_members(session, path, language=code)
    before = change_count(database)

    report = import_members(database, path)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 3, 0)
    assert report.unknown_columns == []
    assert change_count(database) == before


def test_round_trip_with_edits(database: Database, register: dict[str, uuid.UUID], tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    with database.reading() as session:
        export_members(session, path, language="fi")
    rows = read_csv(path)
    rows[2][8] = "Mustasaari"  # Bo moves; he has no member number, so the Kansli ID finds him
    rows[1][4] = "050 765 4321"  # Anna gives another phone
    rows.append(["0020", "Dora", "Dahl", "", "", "", "", "", "", "Vaasan osasto", "jäsen", "1.5.2025", "", "", "", ""])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")

    report = import_members(database, path)

    assert (report.created, report.updated, report.unchanged) == (1, 2, 1)
    with database.reading() as session:
        bo = get_member(session, register["bo"])
        anna = get_member(session, register["anna"])
    assert bo.person.city == "Mustasaari" and bo.person.street == "Storgatan 1 B 5"
    assert [contact.value for contact in anna.contacts] == ["+358401234567", "anna@example.fi", "+358507654321"]


def test_export_replaces_a_file_whole_and_leaves_no_temporary_files(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "members.csv"
    path.write_text("old content that is much longer than nothing " * 1000, encoding="utf-8")
    with database.reading() as session:
        export_members(session, path, language="en")
    assert read_csv(path)[0][0] == "Member number"
    assert [p.name for p in folder.iterdir()] == ["members.csv"]


def test_a_failed_export_leaves_the_old_file(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "members.csv"
    path.write_text("the previous export", encoding="utf-8")

    def failing_rows(*_args: object) -> Iterator[list[object]]:
        yield ["0012", "Anna"]
        raise KansliError("the disk is full")

    monkeypatch.setattr(exporter, "_rows", failing_rows)
    with database.reading() as session, pytest.raises(KansliError, match="the disk is full"):
        export_members(session, path)
    assert path.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in folder.iterdir()] == ["members.csv"]


@pytest.mark.parametrize("name", ["members.pdf", "members", "members.xls"])
def test_export_refuses_other_formats(database: Database, tmp_path: Path, name: str) -> None:
    with database.reading() as session, pytest.raises(KansliError, match=r"\.csv and \.xlsx"):
        export_members(session, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_export_to_a_missing_folder(database: Database, tmp_path: Path) -> None:
    with database.reading() as session, pytest.raises(KansliError, match="There is no folder"):
        export_members(session, tmp_path / "nowhere" / "members.csv")


def test_export_with_a_branch_that_is_also_imported_with_default_branch(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    # A file without a branch column (other columns only) updates by Kansli ID and moves nobody.
    path = tmp_path / "members.csv"
    with database.reading() as session:
        export_members(session, path, language="en")
    rows = [[row[1], row[2], row[8], row[15]] for row in read_csv(path)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=",").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    report = import_members(database, path, ImportOptions(default_branch="Vaasan osasto"))
    assert (report.updated, report.unchanged) == (0, 3)
    with database.reading() as session:
        current = get_member(session, register["bo"]).current
    assert current is not None and current.branch_name == "Mustasaaren osasto"


def test_export_of_chosen_members_in_their_order(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    path = tmp_path / "members.csv"
    chosen = [register["cay"], register["anna"], register["gone"], uuid.uuid4(), register["cay"]]
    with database.reading() as session:
        count = export_members(session, path, language="en", today=TODAY, member_ids=chosen)
    rows = read_csv(path)[1:]
    # The deleted and the unknown member are skipped, Cay given twice is written once, and the order is kept.
    assert count == 2
    assert [(row[1], row[15]) for row in rows] == [("Cay", str(register["cay"])), ("Anna", str(register["anna"]))]


def test_export_of_chosen_members_in_batches_and_with_a_branch(
    database: Database, register: dict[str, uuid.UUID], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporter, "_ID_BATCH", 1)
    path = tmp_path / "members.xlsx"
    chosen = [register["bo"], register["cay"], register["anna"]]
    with database.reading() as session:
        assert export_members(session, path, language="en", member_ids=chosen) == 3
        assert [row[1] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)][1:] == [
            "Bo",
            "Cay",
            "Anna",
        ]
        assert export_members(session, path, branch="Vaasan osasto", member_ids=chosen) == 2
        assert export_members(session, path, member_ids=[]) == 0
    assert len(list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))) == 1
