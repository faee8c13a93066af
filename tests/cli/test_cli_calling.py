"""``kansli calling list``, ``kansli calling results`` and ``kansli print call-sheets`` as a user runs them."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.calling.campaigns import QuestionData
from db.calling.models import Call, CallSheet, QuestionKind, SheetStatus
from db.calling.outcomes import Outcome
from db.core.database import Database, open_database
from db.core.keys import DataKey
from db.members.models import ContactKind, ContactPoint
from db.members.operations import create_member
from db.members.records import ContactData, MembershipData, PersonData
from db.privacy.export_log import ExportKind, list_exports
from tests.cli.conftest import Result
from tests.db.branch_helpers import new_branch
from tests.db.calling_helpers import assign_all, quick_caller, simple_campaign

NAMES = [("Åsa", "Åhlström"), ("Łukasz", "Nowak"), ("Ayşe", "Yılmaz"), ("Thị", "Nguyễn"), ("Eero", "Aalto")]


@pytest.fixture
def campaign(keyed_database: Path, database_key: DataKey) -> tuple[Path, uuid.UUID]:
    """Five members on one caller's sheet (two sheets when split by hand), in a campaign with two questions."""
    database = open_database(keyed_database, database_key)
    try:
        branch = new_branch(database, "Vaasan osasto")
        with database.transaction("Add members") as session:
            for index, (first, last) in enumerate(NAMES):
                create_member(
                    session,
                    PersonData(first, last, member_number=str(1000 + index)),
                    [
                        ContactData(ContactKind.PHONE, f"040 700 10{index:02d}"),
                        ContactData(ContactKind.EMAIL, f"m{index}@example.fi"),
                    ],
                    MembershipData(branch, joined_on=date(2020, 1, 1)),
                )
        campaign_id = simple_campaign(
            database,
            questions=(
                QuestionData(QuestionKind.YES_NO, "Vaalit?"),
                QuestionData(QuestionKind.CHECK_EMAIL, "Sähköposti?"),
            ),
        )
        assign_all(database, campaign_id, [quick_caller(database, "Kaisa Soittaja")])
    finally:
        database.close()
    return keyed_database, campaign_id


def _database(path: Path, key: DataKey) -> Database:
    return open_database(path, key)


def test_calling_list_prints_one_campaign_a_line(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID]
) -> None:
    path, campaign_id = campaign
    result = kansli("--db", path, "calling", "list")
    assert result.code == 0
    (line,) = result.out.splitlines()
    fields = line.split("\t")
    assert fields[0] == campaign_id.hex[-8:]
    assert fields[1] == "Syyssoitot"
    assert "1 sheet, 0 called, 0 reached" in fields[3]


def test_print_call_sheets_writes_a_pdf_logs_it_and_marks_the_sheets(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID], tmp_path: Path, database_key: DataKey
) -> None:
    path, campaign_id = campaign
    target = tmp_path / "sheets.pdf"
    result = kansli("--db", path, "--lang", "sv", "print", "call-sheets", "--campaign", campaign_id.hex[-8:],
                    "--language", "sv", "-o", target)  # fmt: skip
    assert result.code == 0, result.err
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    for first, last in NAMES:
        assert f"{first} {last}" in text
    assert "+358 40 7001000" in text and "Kaisa Soittaja" in text
    database = _database(path, database_key)
    try:
        with database.reading() as session:
            sheet = session.execute(select(CallSheet)).scalar_one()
            (export,) = list_exports(session)
    finally:
        database.close()
    assert sheet.status == SheetStatus.PRINTED
    assert (export.kind, export.people, export.file_name) == (ExportKind.CALL_SHEET, 5, str(target))


def test_print_call_sheets_by_caller_and_number(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID], tmp_path: Path
) -> None:
    path, _campaign_id = campaign
    target = tmp_path / "none.pdf"
    refused = kansli(
        "--db", path, "print", "call-sheets", "--campaign", "Syyssoitot", "--caller", "Nobody", "-o", target
    )
    assert refused.code != 0 and "No call sheets of Nobody; these callers have sheets: Kaisa Soittaja." in refused.err
    assert not target.exists()
    beyond = kansli("--db", path, "print", "call-sheets", "--campaign", "Syyssoitot", "--sheets", "7-9", "-o", target)
    assert beyond.code != 0 and "numbered 1–1" in beyond.err
    bad = kansli("--db", path, "print", "call-sheets", "--campaign", "Syyssoitot", "--sheets", "x", "-o", target)
    assert bad.code != 0 and "3-7" in bad.err
    chosen = kansli(
        "--db", path, "print", "call-sheets", "--campaign", "syyssoitot", "--caller", "kaisa soittaja", "--sheets",
        "1-3", "-o", target,
    )  # fmt: skip
    assert chosen.code == 0 and target.exists()
    assert f"Printed 1 call sheet (5 people) to {target}." in chosen.out  # one sheet, not "1 call sheets"


def _csv(tmp_path: Path, lines: list[str]) -> Path:
    target = tmp_path / "results.csv"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_results_file_with_a_bad_line_changes_nothing(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID], tmp_path: Path
) -> None:
    path, _campaign_id = campaign
    results = _csv(
        tmp_path,
        ["Lista;Rivi;Koodi;K1;K2;Muistiinpano", "1;1;T;K;ok;", "1;2;ZZ;;;", "1;9;NA;;;", "1;3;T;maybe;;"],
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = kansli("--db", path, "calling", "results", results)
    assert result.code != 0
    assert "line 3" in result.out and "ZZ" in result.out
    assert "line 4" in result.out and "line 5" in result.out
    assert "line 2" not in result.out
    assert "3 lines have errors" in result.err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_results_file_enters_every_line(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID], tmp_path: Path, database_key: DataKey
) -> None:
    path, _campaign_id = campaign
    results = _csv(
        tmp_path,
        [
            "sheet,row,code,q1,q2,call back,note,extra",
            "1,1,T,Y,new.address@example.fi,,Kiva puhelu,x",
            "1,2,CB,,,1.12.2026,,",
            "1,3,WN,,,,,",
        ],
    )
    result = kansli("--db", path, "calling", "results", results)
    assert result.code == 0, result.out + result.err
    assert "Entered 3 calls" in result.out
    assert "extra" in result.out  # the unknown column is reported, not silently dropped
    database = _database(path, database_key)
    try:
        with database.reading() as session:
            outcomes = sorted(session.execute(select(Call.outcome)).scalars())
            emails = set(
                session.execute(select(ContactPoint.value).where(ContactPoint.kind == ContactKind.EMAIL)).scalars()
            )
    finally:
        database.close()
    assert outcomes == sorted([Outcome.TALKED, Outcome.CALL_BACK, Outcome.WRONG_NUMBER])
    assert "new.address@example.fi" in emails


def test_results_file_without_the_needed_columns(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID], tmp_path: Path
) -> None:
    path, _campaign_id = campaign
    result = kansli("--db", path, "calling", "results", _csv(tmp_path, ["name,phone", "A,1"]))
    assert result.code != 0 and "sheet, row and code" in result.err


def test_results_of_one_call_say_so_in_the_singular(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID], tmp_path: Path
) -> None:
    path, _campaign_id = campaign
    result = kansli("--db", path, "calling", "results", _csv(tmp_path, ["sheet,row,code", "1,1,NA"]))
    assert result.code == 0, result.out + result.err
    assert "Entered 1 call from" in result.out


def test_results_workbook_with_typed_cells(
    kansli: Callable[..., Result], campaign: tuple[Path, uuid.UUID], tmp_path: Path, database_key: DataKey
) -> None:
    """An XLSX keeps numbers, dates and TRUE/FALSE as typed cells, not as the text a CSV has."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Lista", "Rivi", "Koodi", "K1", "K2", "Soita myöhemmin"])
    sheet.append([1.0, 1.0, "T", True, "ok", None])
    sheet.append([1, 2, "T", False, None, None])
    sheet.append([1, 3, "CB", None, None, datetime(2026, 12, 5)])
    target = tmp_path / "results.xlsx"
    workbook.save(target)
    path, _campaign_id = campaign
    result = kansli("--db", path, "calling", "results", target)
    assert result.code == 0, result.out + result.err
    assert "Entered 3 calls" in result.out
    database = _database(path, database_key)
    try:
        with database.reading() as session:
            calls = session.execute(select(Call.answers, Call.call_back_after).order_by(Call.outcome)).all()
    finally:
        database.close()
    yes_no = sorted(value for answers, _after in calls for value in json.loads(answers).values() if value in (0, 1))
    assert yes_no == [False, True]
    assert date(2026, 12, 5) in {after for _answers, after in calls}
