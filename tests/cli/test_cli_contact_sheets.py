"""``kansli print contact-sheet`` as a user runs it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from db.branches.models import BodyKind
from db.branches.operations import BodyData, create_body
from db.core.database import open_database
from db.core.keys import DataKey
from db.members.models import ContactKind
from db.members.operations import create_member
from db.members.records import ContactData, MembershipData, PersonData
from db.privacy.export_log import ExportKind, list_exports
from tests.cli.conftest import Result
from tests.db.branch_helpers import new_branch


def _branch_with_members(path: Path, key: DataKey) -> None:
    database = open_database(path, key)
    try:
        branch = new_branch(database, "Vaasan osasto")
        with database.transaction("Add") as session:
            for first in ("Anna", "Bo"):
                create_member(
                    session,
                    PersonData(first, "Aalto"),
                    [ContactData(ContactKind.PHONE, "040 123 4567")],
                    MembershipData(branch, joined_on=date(2020, 1, 1)),
                )
    finally:
        database.close()


def test_contact_sheet_of_a_branch_is_printed_and_logged(
    kansli: Callable[..., Result], keyed_database: Path, database_key: DataKey, tmp_path: Path
) -> None:
    _branch_with_members(keyed_database, database_key)
    target = tmp_path / "sheet.pdf"
    branch = ("--branch", "vaasan OSASTO")
    result = kansli("--db", keyed_database, "print", "contact-sheet", *branch, "--for", "Puheenjohtaja", "-o", target)
    assert result.code == 0, result.err
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Anna Aalto" in text and "Bo Aalto" in text and "Puheenjohtaja" in text
    database = open_database(keyed_database, database_key)
    try:
        with database.reading() as session:
            (export,) = list_exports(session)
    finally:
        database.close()
    assert (export.kind, export.people, export.recipient, export.file_name) == (
        ExportKind.CONTACT_SHEET,
        2,
        "Puheenjohtaja",
        str(target),
    )


def test_an_unknown_name_is_refused_and_nothing_written(
    kansli: Callable[..., Result], keyed_database: Path, database_key: DataKey, tmp_path: Path
) -> None:
    _branch_with_members(keyed_database, database_key)
    target = tmp_path / "sheet.pdf"
    for option, name in (("--branch", "Oulun osasto"), ("--body", "Piirihallitus"), ("--caller", "Nobody")):
        result = kansli("--db", keyed_database, "print", "contact-sheet", option, name, "-o", target)
        assert result.code != 0 and name in result.err
    assert not target.exists()
    with pytest.raises(SystemExit) as usage:  # which sheet? argparse says what is missing
        kansli("--db", keyed_database, "print", "contact-sheet", "-o", target)
    assert usage.value.code == 2


def test_a_bilingual_body_is_found_by_either_half_of_its_name(
    kansli: Callable[..., Result], keyed_database: Path, database_key: DataKey, tmp_path: Path
) -> None:
    database = open_database(keyed_database, database_key)
    try:
        with database.transaction("Bodies") as session:
            create_body(session, BodyData("Piirihallitus – Distriktsstyrelsen", BodyKind.DISTRICT_BOARD))
            create_body(
                session, BodyData("Piirin työvaliokunta – Distriktets arbetsutskott", BodyKind.EXECUTIVE_COMMITTEE)
            )
    finally:
        database.close()
    target = tmp_path / "board.pdf"
    result = kansli("--db", keyed_database, "print", "contact-sheet", "--body", "distriktsstyrelsen", "-o", target)
    assert result.code == 0, result.err
    assert "Piirihallitus – Distriktsstyrelsen" in result.out
    # A part two bodies share is refused, naming both.
    result = kansli("--db", keyed_database, "print", "contact-sheet", "--body", "Piiri", "-o", tmp_path / "x.pdf")
    assert result.code != 0 and "Piirihallitus" in result.err and "työvaliokunta" in result.err
