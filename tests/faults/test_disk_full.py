"""A full disk while writing the database, an export, a PDF or a backup: a clear message, nothing half-written.

The child process lowers ``RLIMIT_FSIZE`` so that no file may grow past a limit; a write past it fails with EFBIG
(SIGXFSZ is ignored), which is what a full disk looks like to the program: SQLite reports it as a disk I/O error
or "database or disk is full", Python's file writes as OSError.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from db.core.backup import BACKUP_SUFFIX
from db.core.keys import DataKey
from db.core.paths import backup_dir_for
from tests.faults.conftest import Child, assert_healthy, leftovers, member_count, write_member_csv


def _cli_result(child: Child) -> tuple[int, str]:
    out, err = child.communicate()
    assert child.process.returncode == 0, err  # the child itself ran to its end
    code = int(out.strip().splitlines()[-1].removeprefix("exit="))
    return code, err


def _assert_clear_message(err: str) -> None:
    assert "unexpected" not in err, err
    assert "Traceback" not in err, err
    assert "could not be written" in err or "disk is full" in err, err


def test_import_that_fills_the_disk_imports_nothing_and_says_why(
    start_child: Callable[..., Child], database_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    before = member_count(database_path, database_key)
    source = write_member_csv(tmp_path / "many.csv", 3000)
    # The database file and its log may grow to 600 kB: room for opening and the day's backup, not for the import.
    child = start_child("cli-full", "600000", "--db", database_path, "import", "members", source, "--create-branches")
    code, err = _cli_result(child)
    assert code == 1
    _assert_clear_message(err)
    assert member_count(database_path, database_key) == before
    assert leftovers(database_path.parent) == []
    assert_healthy(database_path, database_key)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_that_fills_the_disk_leaves_no_file(
    suffix: str, start_child: Callable[..., Child], populated_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    target = exports / f"members{suffix}"
    child = start_child("cli-full", "65536", "--db", populated_path, "export", "members", "-o", target)
    code, err = _cli_result(child)
    assert code == 1
    _assert_clear_message(err)
    assert list(exports.iterdir()) == []  # neither the export nor a temporary file
    # The day's backup (made before the export) did not fit either: reported, and nothing half-written left.
    assert "daily backup failed" in err
    assert list(backup_dir_for(populated_path).glob(f"*{BACKUP_SUFFIX}")) == []
    assert leftovers(populated_path.parent) == []
    assert_healthy(populated_path, database_key)


@pytest.mark.parametrize("how", ["checked", "quick"])
def test_backup_that_fills_the_disk_leaves_no_backup(
    start_child: Callable[..., Child], database_path: Path, database_key: DataKey, how: str
) -> None:
    child = start_child("backup-full", database_path, "100000", how)
    out = child.finish()
    assert out.startswith("KansliError: "), out
    assert "could not be written" in out
    folder = backup_dir_for(database_path.resolve())
    assert list(folder.glob(f"*{BACKUP_SUFFIX}")) == []
    assert leftovers(folder) == []
    assert_healthy(database_path, database_key)


def test_pdf_save_that_fills_the_disk_shows_why_and_leaves_no_file(
    start_child: Callable[..., Child], tmp_path: Path
) -> None:
    folder = tmp_path / "printouts"
    folder.mkdir()
    target = folder / "members.pdf"
    child = start_child("pdf-full", target, "20000", "600")
    result = json.loads(child.finish().strip().splitlines()[-1])
    assert result["pdf_bytes"] > 20000
    assert result["saved_to"] == "None"
    assert len(result["shown"]) == 1 and "could not be written" in result["shown"][0]
    assert list(folder.iterdir()) == []
