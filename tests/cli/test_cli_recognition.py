"""``kansli recognition list`` and ``kansli print diplomas`` as a user runs them."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from db.core.database import open_database
from db.core.keys import DataKey
from db.members.models import MemberLanguage
from db.members.operations import create_member
from db.members.records import MembershipData, PersonData
from db.privacy.export_log import ExportKind, list_exports
from db.recognition.models import RecognitionKind
from db.recognition.records import RecognitionData, Signer
from db.recognition.register import find_recognition, give_recognition
from tests.cli.conftest import Result
from tests.db.branch_helpers import new_branch

SPRING = date(2026, 5, 9)
OCCASION = "Kevätkokous 2026"
PEOPLE = (
    ("Aino", "Åhlström", MemberLanguage.FI, RecognitionKind.JUBILEE, 25, "Kiitos!"),
    ("Pär", "Öhman", MemberLanguage.SV, RecognitionKind.VOLUNTEER_OF_THE_YEAR, None, "Tack för allt ringande."),
    ("Łukasz", "Nowak", MemberLanguage.OTHER, RecognitionKind.THANK_YOU, None, "Thank you for the leaflets."),
)


@pytest.fixture
def register(keyed_database: Path, database_key: DataKey) -> Path:
    """Three recognitions of the spring meeting (2026-001 … 003) and one of another occasion (2026-004)."""
    database = open_database(keyed_database, database_key)
    try:
        branch = new_branch(database, "Vaasan osasto")
        with database.transaction("Add") as session:
            ids: list[uuid.UUID] = []
            for first, last, language, _kind, _years, _reason in (
                *PEOPLE,
                ("Eero", "Aalto", MemberLanguage.FI, 0, 0, ""),
            ):
                ids.append(
                    create_member(
                        session,
                        PersonData(first, last, language=language),
                        (),
                        MembershipData(branch, joined_on=date(2001, 1, 1)),
                    )
                )
            for member_id, (_first, _last, _language, kind, years, reason) in zip(ids, PEOPLE, strict=False):
                give_recognition(
                    session,
                    RecognitionData(
                        member_id, kind, SPRING, reason, jubilee_years=years, occasion=OCCASION,
                        decision="DS 3/2026 § 7", place="Vaasa", signers=(Signer("Puheen Johtaja", "", "chair"),),
                    ),
                )  # fmt: skip
            give_recognition(
                session, RecognitionData(ids[3], RecognitionKind.THANK_YOU, date(2026, 9, 1), "Syyskokous", signers=())
            )
    finally:
        database.close()
    return keyed_database


def _read(path: Path, key: DataKey, number: str) -> tuple[int, list[object]]:
    database = open_database(path, key)
    try:
        with database.reading() as session:
            return find_recognition(session, number).print_count, list(list_exports(session))
    finally:
        database.close()


def test_list_prints_one_recognition_a_line_its_number_first(kansli: Callable[..., Result], register: Path) -> None:
    result = kansli("--db", register, "recognition", "list")
    assert result.code == 0, result.err
    lines = [line.split("\t") for line in result.out.splitlines()]
    assert [fields[0] for fields in lines] == ["2026-001", "2026-002", "2026-003", "2026-004"]
    assert lines[0][2:6] == ["Aino Åhlström", "Membership jubilee 25", OCCASION, "DS 3/2026 § 7"]
    assert lines[1][3] == "Volunteer of the year" and lines[0][6] == "not printed"
    only = kansli("--db", register, "recognition", "list", "--occasion", "kevätkokous 2026")
    assert [line.split("\t")[0] for line in only.out.splitlines()] == ["2026-001", "2026-002", "2026-003"]
    assert kansli("--db", register, "recognition", "list", "--year", "2025").out == ""


def test_one_diploma_is_printed_counted_and_not_logged_as_a_list(
    kansli: Callable[..., Result], register: Path, database_key: DataKey, tmp_path: Path
) -> None:
    target = tmp_path / "aino.pdf"
    result = kansli("--db", register, "print", "diplomas", "--recognition", "2026-1", "--design", "3", "-o", target)
    assert result.code == 0, result.err
    assert "Printed 1 diploma" in result.out
    (page,) = PdfReader(target).pages
    text = page.extract_text()
    assert "Aino Åhlström" in text and "Kiitos!" in text and "Puheen Johtaja" in text and "2026-001" in text
    assert float(page.mediabox.width) < float(page.mediabox.height)
    assert kansli("--db", register, "print", "diplomas", "--recognition", "2026-001", "-o", target).code == 0
    count, exports = _read(register, database_key, "2026-001")
    assert count == 2 and exports == []  # a reprint keeps its number and is counted; one diploma is no list


def test_an_occasion_is_printed_a_page_each_in_each_language_and_logged(
    kansli: Callable[..., Result], register: Path, database_key: DataKey, tmp_path: Path
) -> None:
    target = tmp_path / "spring.pdf"
    result = kansli(
        "--db", register, "print", "diplomas", "--occasion", "KEVÄTKOKOUS 2026", "--landscape", "--design", "2",
        "-o", target,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Printed 3 diplomas" in result.out
    pages = PdfReader(target).pages
    assert len(pages) == 3 and float(pages[0].mediabox.width) > float(pages[0].mediabox.height)
    texts = [page.extract_text() for page in pages]
    for (first, last, *_rest), text in zip(PEOPLE, texts, strict=True):
        assert f"{first} {last}" in text
    assert "2026" in texts[1] and "Tack för allt ringande." in texts[1]
    count, exports = _read(register, database_key, "2026-002")
    assert count == 1
    (export,) = exports
    assert (export.kind, export.people, export.file_name) == (ExportKind.OTHER, 3, str(target))  # type: ignore[attr-defined]
    assert OCCASION in export.description  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--recognition", "2026-x"), "2026-014"),
        (("--recognition", "2026-099"), "no recognition 2026-099"),
        (("--occasion", "Joulujuhla"), "No recognitions for the occasion Joulujuhla"),
        (("--recognition", "2026-001", "--design", "4"), "no diploma design 4"),
    ],
)
def test_bad_input_prints_one_line_and_writes_nothing(
    kansli: Callable[..., Result], register: Path, tmp_path: Path, arguments: tuple[str, ...], message: str
) -> None:
    target = tmp_path / "none.pdf"
    before = hashlib.sha256(register.read_bytes()).hexdigest()
    result = kansli("--db", register, "print", "diplomas", *arguments, "-o", target)
    assert result.code == 1
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert not target.exists()
    assert hashlib.sha256(register.read_bytes()).hexdigest() == before


def test_the_recognition_or_the_occasion_must_be_named(
    kansli: Callable[..., Result], register: Path, tmp_path: Path
) -> None:
    with pytest.raises(SystemExit):
        kansli("--db", register, "print", "diplomas", "-o", tmp_path / "x.pdf")
