"""``kansli export members`` and ``import members --rejects`` leave one export-log entry each."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from db.core.database import Database, open_database
from db.core.keys import DataKey
from db.privacy.export_log import ExportKind, ExportRecord, exports_including, list_exports
from tests.cli.conftest import Result

HEADER = "Jäsennumero;Etunimi;Sukunimi;Sähköposti;Osasto\n"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "members.csv"
    path.write_text(
        HEADER
        + "1001;Anna;Virtanen;anna@example.fi;Vaasan osasto\n"
        + "1002;Bo;Berg;bo@example.fi;Närpes\n"
        + "1003;Matti;Aho;not-an-address;Närpes\n",
        encoding="utf-8",
    )
    return path


@contextmanager
def _opened(path: Path, key: DataKey) -> Iterator[Database]:
    database = open_database(path, key)
    try:
        yield database
    finally:
        database.close()


def _log(path: Path, key: DataKey) -> list[ExportRecord]:
    with _opened(path, key) as database, database.reading() as session:
        return list_exports(session)


def _ids_in(path: Path) -> set[uuid.UUID]:
    rows = list(csv.reader(path.open(encoding="utf-8-sig"), delimiter=";"))
    return {uuid.UUID(row[-1]) for row in rows[1:]}  # the Kansli ID is the last column


def test_import_rejects_and_export_are_logged(
    kansli, keyed_database: Path, database_key: DataKey, source: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rejects = tmp_path / "refused.csv"
    imported: Result = kansli(
        "--db", keyed_database, "import", "members", source, "--create-branches", "--skip-invalid", "--rejects", rejects
    )
    assert imported.code == 0, imported.err
    (refused,) = _log(keyed_database, database_key)
    assert (refused.kind, refused.people, refused.file_name) == (ExportKind.REJECTS_FILE, 1, str(rejects))

    exported = tmp_path / "narpes.csv"
    result: Result = kansli("--db", keyed_database, "export", "members", "-o", exported, "--branch", "Närpes")
    assert result.code == 0, result.err
    latest, earlier = _log(keyed_database, database_key)
    assert earlier == refused
    assert latest.kind == ExportKind.MEMBERS_FILE
    assert latest.people == 1 and latest.file_name == str(exported)
    assert "Närpes" in latest.description
    (bo,) = _ids_in(exported)
    with _opened(keyed_database, database_key) as database, database.reading() as session:
        assert exports_including(session, bo) == [latest]


def test_a_failed_export_logs_nothing(
    kansli, keyed_database: Path, database_key: DataKey, source: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert kansli("--db", keyed_database, "import", "members", source, "--create-branches").code == 1  # a bad row
    refused: Result = kansli("--db", keyed_database, "export", "members", "-o", tmp_path / "x.csv", "--branch", "No")
    assert refused.code == 1
    missing: Result = kansli("--db", keyed_database, "export", "members", "-o", tmp_path / "none" / "x.csv")
    assert missing.code == 1
    assert _log(keyed_database, database_key) == []


def test_an_export_of_everyone_counts_everyone(
    kansli, keyed_database: Path, database_key: DataKey, source: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert kansli("--db", keyed_database, "import", "members", source, "--create-branches", "--skip-invalid").code == 0
    exported = tmp_path / "all.xlsx"
    assert kansli("--db", keyed_database, "export", "members", "-o", exported).code == 0
    latest = _log(keyed_database, database_key)[0]
    assert latest.kind == ExportKind.MEMBERS_FILE and latest.people == 2
    assert "All members" in latest.description
