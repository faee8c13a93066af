"""No plaintext at rest: after a day's work on a member with a canary name, only the files the user saved hold it.

The work runs in a child process with its own temporary folder (``TMPDIR``, ``SQLITE_TMPDIR``), data, settings and
log folders: the test database, its write-ahead log while open, the backups, the log, every temporary file. Then
every byte of every file there is searched for the canary, as UTF-8 and UTF-16, as typed and as folded for the
search index. The exports the user asked for are written outside and must hold it (so the search is shown to
work).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from db.core.backup import BACKUP_SUFFIX
from db.core.database import Database
from db.members.io import export_members
from tests.faults.child import CANARY_FIRST
from tests.faults.conftest import Child

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def _needles() -> list[bytes]:
    return [text.encode(encoding) for text in (CANARY_FIRST, CANARY_FIRST.casefold()) for encoding in ENCODINGS]


def _files(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        yield from (path for path in folder.rglob("*") if path.is_file())


def _holding_canary(files: list[Path]) -> list[Path]:
    needles = _needles()
    return [path for path in files if any(needle in path.read_bytes() for needle in needles)]


def test_no_file_left_behind_holds_the_canary_in_plaintext(
    start_child: Callable[..., Child], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temporary))
    exports = tmp_path / "exports"
    exports.mkdir()
    report = tmp_path / "report.json"
    start_child("workflow", exports, report).finish(timeout=180)
    facts = json.loads(report.read_text())
    assert facts["temp_store"] == 2  # MEMORY: SQLite's temporary tables and sorts never touch the disk
    assert facts["open_during_sort"] == []
    assert facts["open_at_end"] == []
    home = Path(os.environ["HOME"])  # the test's own: data, settings, state (logs) and cache folders
    files = list(_files(home, temporary))
    names = {path.name for path in files}
    # What was searched: the database, its log while open, the backups, the log file.
    assert {"kansli.db", "kansli.db-wal", "kansli.log"} <= names, names
    assert any(name.endswith(BACKUP_SUFFIX) for name in names)
    assert _holding_canary(files) == []
    # The member list the user exported holds the canary, as it should: the search finds plaintext.
    assert _holding_canary([exports / "members.csv"]) == [exports / "members.csv"]


def test_xlsx_export_writes_nothing_to_the_temporary_folder(
    database: Database, make_member, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.worksheet import _writer

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("openpyxl wrote the sheet to the temporary folder")

    # openpyxl's write-only sheets stream their rows into a NamedTemporaryFile unless given a file of our own.
    monkeypatch.setattr(_writer, "create_temporary_file", refuse)
    make_member(CANARY_FIRST, "Canary-7431")
    exports = tmp_path / "exports"
    exports.mkdir()
    with database.reading() as session:
        assert export_members(session, exports / "members.xlsx") == 1
    assert [path.name for path in exports.iterdir()] == ["members.xlsx"]


def test_interrupted_xlsx_export_leaves_nothing_behind(tmp_path: Path) -> None:
    from db.members.io.files import write_xlsx

    def rows() -> Iterator[list[str | None]]:
        yield [CANARY_FIRST, "Canary-7431"]
        raise KeyboardInterrupt  # the user quits in the middle of a long export

    with pytest.raises(KeyboardInterrupt):
        write_xlsx(tmp_path / "members.xlsx", ["First", "Last"], rows(), sheet_title="Members")
    assert list(tmp_path.iterdir()) == []
