"""``kill -9`` in the middle of work: the data is as before or fully done, the file healthy, the lock taken over.

Each test runs the work in a child process (``tests/faults/child.py``) and kills it with SIGKILL — no ``finally``,
no ``atexit``, no closing of files — either at a chosen point (the child says where it is and waits) or after a
random delay. The random loops are marked ``slow`` (``make faults``); one of each kind runs in ``make test``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from db.branches.operations import BranchData, create_branch
from db.core import migrate
from db.core.backup import (
    BACKUP_SUFFIX,
    MANUAL,
    automatic_backup,
    copy_database,
    describe_backup,
    keyed_connection,
    list_backups,
    restore_backup,
)
from db.core.database import Database, open_database
from db.core.errors import DatabaseInUseError
from db.core.keys import DataKey
from db.core.lock import lock_path_for
from db.core.opening import open_for_work
from db.core.paths import backup_dir_for
from db.members.operations import create_member
from db.members.records import MembershipData, PersonData
from tests.db.test_database import _old_database
from tests.faults.child import RESTORE_POINTS
from tests.faults.conftest import SIGNALS, Child, assert_healthy, leftovers, member_count, write_member_csv

IMPORT_ROWS = 3000


def _member_ids(path: Path, key: DataKey) -> set[str]:
    connection = keyed_connection(path, key)
    try:
        return {str(row[0]) for row in connection.execute("SELECT id FROM member WHERE deleted_at IS NULL")}
    finally:
        connection.close()


def _progress(child: Child) -> tuple[int, int]:
    try:
        done, total = json.loads((child.signals / "progress").read_text())
    except (FileNotFoundError, ValueError):
        return 0, 1
    return int(done), int(total)


def _wait_until_writing(child: Child, timeout: float = 60) -> None:
    """Wait until the import has checked every row and begun to write (a third of its progress)."""
    deadline = time.monotonic() + timeout
    while True:
        done, total = _progress(child)
        if done * 3 > total or (child.signals / "done").exists():
            return
        if child.process.poll() is not None or time.monotonic() > deadline:
            out, err = child.communicate()
            pytest.fail(f"the import ended or stalled before writing:\n{out}\n{err}")
        time.sleep(0.005)


# ----------------------------------------------------------------------------------------------- import


def test_kill_during_member_import_inside_the_transaction_imports_nothing(
    start_child: Callable[..., Child], database_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    before = _member_ids(database_path, database_key)
    source = write_member_csv(tmp_path / "new.csv", IMPORT_ROWS)
    # Killed once the new members are inserted but their contacts and memberships are not: in the transaction.
    child = start_child("import", database_path, source, SIGNALS, "0.5")
    child.wait_for("writing")
    child.kill()
    assert _member_ids(database_path, database_key) == before
    assert_healthy(database_path, database_key)
    # The file works on: the same import runs again, completely.
    finished = start_child("import", database_path, source, SIGNALS, "0")
    finished.finish()
    assert member_count(database_path, database_key) == len(before) + IMPORT_ROWS
    assert_healthy(database_path, database_key)


def _kill_import_after(
    start_child: Callable[..., Child], path: Path, key: DataKey, source: Path, delay: float, rows: int
) -> None:
    before = _member_ids(path, key)
    child = start_child("import", path, source, SIGNALS, "0")
    _wait_until_writing(child)
    time.sleep(delay)
    child.kill()
    after = _member_ids(path, key)
    assert after == before or (after > before and len(after) == len(before) + rows), (len(before), len(after))
    assert_healthy(path, key)


def test_kill_during_member_import_while_committing_leaves_none_or_all(
    start_child: Callable[..., Child], database_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    # The search index is brought up to date just before the commit: most of the import's last two thirds.
    source = write_member_csv(tmp_path / "new.csv", IMPORT_ROWS)
    _kill_import_after(start_child, database_path, database_key, source, 0.25, IMPORT_ROWS)


@pytest.mark.slow
def test_kill_during_member_import_at_random_moments(
    start_child: Callable[..., Child], database_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    generator = random.Random(7431)
    for attempt in range(10):
        # Each attempt imports other people, so "all" is told apart from an earlier attempt's rows.
        source = write_member_csv(tmp_path / f"new-{attempt}.csv", IMPORT_ROWS, first=attempt * IMPORT_ROWS)
        _kill_import_after(start_child, database_path, database_key, source, generator.uniform(0, 1.2), IMPORT_ROWS)


# -------------------------------------------------------------------------------------------- migration


def _revision(path: Path, key: DataKey) -> str:
    connection = keyed_connection(path, key)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def _steps_to_head() -> int:
    return len(migrate.known_revisions()) - 1


@pytest.mark.parametrize("step", ["backup", "first", "last"])
def test_kill_during_migration_leaves_the_old_revision_and_the_next_open_upgrades(
    step: str, start_child: Callable[..., Child], tmp_path: Path, database_key: DataKey
) -> None:
    path = tmp_path / "old.db"
    _old_database(path, database_key)
    before = _member_ids(path, database_key)
    point = {"backup": 0, "first": 1, "last": _steps_to_head()}[step]
    child = start_child("migrate", path, SIGNALS, str(point))
    child.wait_for("backup-written" if point == 0 else f"step-{point}")
    child.kill()
    # The whole upgrade is one transaction: killed anywhere in it, the file is still at the old revision.
    assert _revision(path, database_key) == "0001"
    assert _member_ids(path, database_key) == before
    # No half-written backup under a backup's name.
    assert all(describe_backup(backup, database_key).revision == "0001" for backup in list_backups(path))
    # Opening again makes a new backup and upgrades; the lock the killed process held is taken over.
    opened = open_for_work(path, database_key)
    try:
        assert opened.recovered_from_crash
        with opened.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
    finally:
        opened.close()
    assert _member_ids(path, database_key) == before
    assert_healthy(path, database_key)


# ---------------------------------------------------------------------------------------------- restore


def _add_member(database: Database, last_name: str) -> None:
    with database.transaction("Add member") as session:
        branch = create_branch(session, BranchData(name=f"Osasto {last_name}"))
        create_member(session, PersonData("Testi", last_name), [], MembershipData(branch_id=branch))


def _database_and_older_backup(path: Path, key: DataKey, folder: Path) -> tuple[Path, set[str], set[str]]:
    """Give the database one member, back it up, then add another: the backup and the database now differ."""
    database = open_database(path, key)
    try:
        _add_member(database, "Varmuuskopioitu")
        backup = copy_database(path, key, folder / f"chosen{BACKUP_SUFFIX}")
        _add_member(database, "Myöhemmin")
    finally:
        database.close()
    return backup, _member_ids(backup, key), _member_ids(path, key)


@pytest.mark.parametrize("point", list(RESTORE_POINTS))
def test_kill_during_restore_leaves_the_old_database_or_the_backup(
    point: str, start_child: Callable[..., Child], database_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    backup, in_backup, in_database = _database_and_older_backup(database_path, database_key, tmp_path)
    child = start_child("restore", database_path, backup, SIGNALS, point)
    child.wait_for(point)
    child.kill()
    expected = in_backup if point == "swapped" else in_database
    assert _member_ids(database_path, database_key) == expected
    # The lock of the killed restore is stale: the next open takes it over and says so.
    opened = open_database(database_path, database_key)
    assert opened.recovered_from_crash
    opened.close()
    assert_healthy(database_path, database_key)
    # Restoring again works and clears what the killed restore left beside the database. (A partial copy in the
    # backup folder has a hidden name; the next backups remove it when it is a day old.)
    restore_backup(database_path, backup, database_key)
    assert _member_ids(database_path, database_key) == in_backup
    assert [path for path in leftovers(database_path.parent) if path.parent == database_path.parent] == []
    for made in list_backups(database_path):
        describe_backup(made, database_key)  # every file under a backup's name is a complete backup
    assert_healthy(database_path, database_key)


@pytest.mark.slow
def test_kill_during_restore_at_random_moments(
    start_child: Callable[..., Child], populated_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    backup, in_backup, in_database = _database_and_older_backup(populated_path, database_key, tmp_path)
    pristine = shutil.copyfile(populated_path, tmp_path / "pristine.db")
    generator = random.Random(7432)
    outcomes = set()
    for _attempt in range(10):
        for sidecar in ("-wal", "-shm"):
            populated_path.with_name(populated_path.name + sidecar).unlink(missing_ok=True)
        shutil.copyfile(pristine, populated_path)
        child = start_child("restore", populated_path, backup, SIGNALS, "none")
        child.wait_for("started")
        time.sleep(generator.uniform(0, 0.25))
        child.kill()
        found = _member_ids(populated_path, database_key)
        assert found in (in_backup, in_database)
        outcomes.add(found == in_backup)
        assert_healthy(populated_path, database_key)
    assert outcomes  # (both outcomes usually occur; either one is correct)


# ----------------------------------------------------------------------------------------------- backup


def test_kill_during_backup_leaves_no_backup_under_a_real_name(
    start_child: Callable[..., Child], database_path: Path, database_key: DataKey
) -> None:
    child = start_child("backup", database_path, SIGNALS, "written")
    child.wait_for("written")
    child.kill()
    folder = backup_dir_for(database_path.resolve())
    assert list(folder.glob(f"*{BACKUP_SUFFIX}")) == []
    partials = leftovers(folder)
    assert len(partials) == 1 and partials[0].name.startswith(".")
    assert_healthy(database_path, database_key)
    # A day later the next backup clears the dead process's partial file.
    old = time.time() - 2 * 86400
    os.utime(partials[0], (old, old))
    made = automatic_backup(database_path.resolve(), database_key, MANUAL)
    assert leftovers(folder) == []
    assert describe_backup(made, database_key).members == member_count(database_path, database_key)


@pytest.mark.slow
def test_kill_during_backup_at_random_moments(
    start_child: Callable[..., Child], populated_path: Path, database_key: DataKey
) -> None:
    generator = random.Random(7433)
    folder = backup_dir_for(populated_path.resolve())
    for _attempt in range(8):
        child = start_child("backup", populated_path, SIGNALS, "run")
        child.wait_for("started")
        time.sleep(generator.uniform(0, 0.3))
        child.kill()
        for backup in folder.glob(f"*{BACKUP_SUFFIX}"):
            assert describe_backup(backup, database_key).members == 1500
    assert_healthy(populated_path, database_key)


# ------------------------------------------------------------------------------- second instance, stale lock


def test_second_instance_is_refused_and_a_stale_lock_after_a_crash_is_taken_over(
    start_child: Callable[..., Child], database_path: Path, database_key: DataKey, kansli_cli, tmp_path: Path
) -> None:
    child = start_child("hold", database_path, SIGNALS)
    child.wait_for("open")
    with pytest.raises(DatabaseInUseError) as refused:
        open_database(database_path, database_key)
    assert f"process {child.process.pid}" in str(refused.value)
    reader = open_database(database_path, database_key, read_only=True)  # reading alongside is allowed
    reader.close()
    child.kill()
    assert lock_path_for(database_path.resolve()).read_text()  # the dead holder's description is still there
    # The next command takes the lock over, says the program was not closed properly, and works.
    source = write_member_csv(tmp_path / "few.csv", 3)
    result = kansli_cli("--db", database_path, "import", "members", source, "--create-branches")
    assert result.code == 0, result.err
    assert "not closed properly" in result.err
    opened = open_database(database_path, database_key)
    try:
        assert not opened.recovered_from_crash  # the command closed it properly
        with opened.reading() as session:
            names = session.execute(text("SELECT name FROM branch")).scalars().all()
        assert "Committed before the crash" in names  # what was committed before the kill is kept
    finally:
        opened.close()
    assert_healthy(database_path, database_key)
