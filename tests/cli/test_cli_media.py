"""``kansli media list``, ``kansli newsletters list``, ``kansli print labels|press-release`` and the media exports."""

from __future__ import annotations

import csv
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from db.core.database import Database, open_database
from db.core.i18n import label_text
from db.core.keys import DataKey
from db.media.items import MediaItemData, create_item
from db.media.models import MediaItemKind, MediaItemStatus
from db.media.outlets import OutletData, create_outlet
from db.newsletters.distribution import print_run
from db.newsletters.issues import set_issue_status
from db.newsletters.models import IssueStatus
from db.privacy.export_log import ExportKind, list_exports
from tests.cli.conftest import Result
from tests.db.branch_helpers import new_branch
from tests.db.newsletter_helpers import TODAY, household, new_issue, new_publication, reader


@dataclass
class District:
    path: Path
    issue: uuid.UUID
    item: uuid.UUID
    name: str  # the issue's name, "Paper 2/2026"


@pytest.fixture
def district(keyed_database: Path, database_key: DataKey) -> District:
    """Five readers (a couple in one household, two by e-mail), the paper's issue 2, and a press release."""
    database = open_database(keyed_database, database_key)
    try:
        branch = new_branch(database, "Vaasan osasto")
        anna = reader(database, branch, "Anna", "Virtanen", co_line="Liisa Laine")
        matti = reader(database, branch, "Matti", "Virtanen", email="matti@example.fi", news=True, post=True)
        household(database, anna, matti)
        reader(database, branch, "Åsa", "Öhman", street="Storgatan 4", postal_code="68600", city="Jakobstad")
        reader(database, branch, "Eeva", "Email", email="eeva@example.fi", news=True)
        reader(database, branch, "Kalle", "Kieltäytyi", post=False)
        paper = new_publication(database, "Paper", extra_copies=10)
        new_issue(database, paper, 1)
        issue = new_issue(database, paper, 2, theme="Kuntavaalit")
        with database.transaction("Media") as session:
            set_issue_status(session, issue, IssueStatus.COLLECTING, TODAY)
            outlet = create_outlet(session, OutletData("Vasabladet"))
            item = create_item(
                session,
                MediaItemData(
                    MediaItemKind.PRESS_RELEASE,
                    "Lähipalvelut on turvattava",
                    status=MediaItemStatus.SENT,
                    sent_on=TODAY,
                    author_id=anna,
                    outlet_ids=(outlet,),
                    body="Piiri vaatii lähipalveluita.",
                ),
                TODAY,
            )
    finally:
        database.close()
    return District(keyed_database, issue, item, f"Paper 2/{TODAY.year}")


def _open(district: District, key: DataKey) -> Database:
    return open_database(district.path, key)


def test_media_list_prints_one_item_a_line_id_first(kansli: Callable[..., Result], district: District) -> None:
    result = kansli("--db", district.path, "media", "list")
    assert result.code == 0, result.err
    (line,) = result.out.splitlines()
    fields = line.split("\t")
    assert fields[0] == district.item.hex[-8:]
    assert fields[2:] == ["Press release", "Sent", "Lähipalvelut on turvattava", "Anna Virtanen", "Vasabladet"]
    assert kansli("--db", district.path, "media", "list", "--kind", "op_ed").out == ""
    assert kansli("--db", district.path, "media", "list", "--status", "sent").out == result.out


def test_newsletters_list_names_each_issue_first(kansli: Callable[..., Result], district: District) -> None:
    result = kansli("--db", district.path, "newsletters", "list")
    assert result.code == 0, result.err
    first, second = (line.split("\t") for line in result.out.splitlines())
    assert first[0] == f"Paper 1/{TODAY.year}" and second[0] == district.name
    assert second[1:4] == ["The Paper", "Collecting texts", "Kuntavaalit"]
    assert second[6] == "0 articles, 0 placed"


def test_print_labels_writes_one_label_per_household_and_logs_it(
    kansli: Callable[..., Result], district: District, tmp_path: Path, database_key: DataKey
) -> None:
    target = tmp_path / "labels.pdf"
    result = kansli("--db", district.path, "print", "labels", "--issue", district.name.lower(), "-o", target)
    assert result.code == 0, result.err
    assert "Printed 2 labels (3 people)" in result.out
    text = PdfReader(target).pages[0].extract_text()
    assert "Anna ja Matti Virtanen" in text and "c/o Liisa Laine" in text and "Åsa Öhman" in text
    assert text.index("65100 Vaasa") < text.index("68600 Jakobstad")  # sorted by postal code
    assert "Eeva" not in text and "Kalle" not in text
    database = _open(district, database_key)
    try:
        with database.reading() as session:
            (export,) = list_exports(session)
            run = print_run(session, district.issue, TODAY)
    finally:
        database.close()
    assert (export.kind, export.people, export.file_name) == (ExportKind.MEMBER_LIST, 3, str(target))
    assert label_text(export.description) == f"Address labels of {district.name}"
    assert (run.postal, run.extra, run.counted_from_labels) == (2, 10, True)


def test_print_labels_test_sheet_needs_no_issue_and_logs_nothing(
    kansli: Callable[..., Result], district: District, tmp_path: Path, database_key: DataKey
) -> None:
    target = tmp_path / "test.pdf"
    result = kansli("--db", district.path, "print", "labels", "--test", "--layout", "2x8-105x37", "-o", target)
    assert result.code == 0, result.err
    assert "2 × 8, 105 × 37 mm" in result.out
    text = PdfReader(target).pages[0].extract_text()
    assert all(str(number) in text.split() for number in range(1, 17))
    database = _open(district, database_key)
    try:
        with database.reading() as session:
            assert list_exports(session) == []
    finally:
        database.close()


def test_print_labels_of_an_unknown_issue_changes_nothing(
    kansli: Callable[..., Result], district: District, tmp_path: Path
) -> None:
    target = tmp_path / "labels.pdf"
    before = hashlib.sha256(district.path.read_bytes()).hexdigest()
    result = kansli("--db", district.path, "print", "labels", "--issue", "Paper 9/1999", "-o", target)
    assert result.code == 1 and "kansli newsletters list" in result.err
    missing = kansli("--db", district.path, "print", "labels", "-o", target)
    assert missing.code == 1 and "--issue" in missing.err
    assert not target.exists()
    assert hashlib.sha256(district.path.read_bytes()).hexdigest() == before


def test_export_mailing_list_writes_the_email_recipients_and_logs_them(
    kansli: Callable[..., Result], district: District, tmp_path: Path, database_key: DataKey
) -> None:
    target = tmp_path / "list.csv"
    result = kansli("--db", district.path, "export", "mailing-list", "--issue", district.name, "-o", target)
    assert result.code == 0, result.err
    assert f"Wrote 2 e-mail addresses of {district.name}" in result.out
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["email", "first_name", "last_name", "language"],
        ["eeva@example.fi", "Eeva", "Email", "fi"],
        ["matti@example.fi", "Matti", "Virtanen", "fi"],
    ]
    database = _open(district, database_key)
    try:
        with database.reading() as session:
            (export,) = list_exports(session)
    finally:
        database.close()
    assert (export.kind, export.people, export.file_name) == (ExportKind.MEMBERS_FILE, 2, str(target))
    assert label_text(export.recipient or "") == "The mailing service"


def test_print_press_release_and_export_media_items(
    kansli: Callable[..., Result], district: District, tmp_path: Path, database_key: DataKey
) -> None:
    release = tmp_path / "release.pdf"
    result = kansli("--db", district.path, "print", "press-release", "--item", district.item.hex[-8:],
                    "--language", "sv", "-o", release)  # fmt: skip
    assert result.code == 0, result.err
    text = PdfReader(release).pages[0].extract_text()
    assert "Lähipalvelut on turvattava" in text and "Piiri vaatii lähipalveluita." in text and "Testipiiri" in text
    workbook = tmp_path / "media.xlsx"
    exported = kansli("--db", district.path, "export", "media-items", "--year", str(TODAY.year), "-o", workbook)
    assert exported.code == 0, exported.err
    sheet = load_workbook(workbook).worksheets[0]
    assert sheet["B2"].value == "Lähipalvelut on turvattava" and sheet["D2"].value == "Anna Virtanen"
    database = _open(district, database_key)
    try:
        with database.reading() as session:
            (export,) = list_exports(session)
    finally:
        database.close()
    assert (export.kind, export.people) == (ExportKind.OTHER, 1)  # the author is a member
