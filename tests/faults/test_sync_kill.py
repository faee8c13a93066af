"""``kill -9`` during ``kansli sync import`` of a large package: the database is as before or fully applied.

The package comes from a central office of 1500 members (some 6000 rows: members, memberships, contacts, branches)
to a freshly enrolled district. ``kansli sync import`` runs as a child process, killed with SIGKILL — no
``finally``, no ``atexit`` — and afterwards the district's database opens, ``kansli check`` finds it healthy, and
it holds either exactly what it held before or the whole package (the members, the channel's state and the
history together), never a part. The same import then runs to its end.

One kill inside the transaction runs in ``make test``; the loop of kills at random moments is marked ``slow``.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from db.branches.models import Branch
from db.core.backup import keyed_connection
from db.core.keys import DataKey
from db.core.paths import backup_dir_for
from db.sync.enrolment import accept_reply, add_district, enrol_district, init_central
from db.sync.exchange import export_package
from db.sync.relay import assign_branch
from tests.faults.conftest import ROOT, assert_healthy
from tests.sync.network import node_database

BEFORE_IMPORT = "before-sync-import"


@dataclass(frozen=True)
class Scene:
    """A district enrolled with a central office, and the central office's first package to it."""

    district: Path  # the district's database before the import (never opened for work by a test)
    package: Path
    rows: int
    before: tuple[object, ...]
    after: tuple[object, ...]
    run_seconds: float  # how long an uninterrupted ``kansli sync import`` takes


def state(path: Path, key: DataKey) -> tuple[object, ...]:
    """What the import changes, read without opening the file for work: members, the channel, history, log."""
    connection = keyed_connection(path, key)
    try:

        def one(sql: str) -> object:
            return connection.execute(sql).fetchone()[0]

        members = frozenset(str(row[0]) for row in connection.execute("SELECT id FROM member"))
        return (
            members,
            one("SELECT count(*) FROM membership"),
            one("SELECT count(*) FROM contact_point"),
            one("SELECT last_applied_sequence FROM sync_peer"),
            one("SELECT count(*) FROM sync_package"),
            one("SELECT count(*) FROM change_log"),
            one("SELECT count(*) FROM sync_row"),
        )
    finally:
        connection.close()


def run_import(district: Path, package: Path, key: DataKey, home: Path | None = None) -> subprocess.Popen[str]:
    """``kansli --db DISTRICT sync import PACKAGE`` in a child process, with the key in ``KANSLI_KEY``."""
    command = [sys.executable, "-m", "desktop.cli.main", "--db", str(district), "sync", "import", str(package)]
    environment = {**os.environ, "KANSLI_KEY": key.recovery_text(), "QT_QPA_PLATFORM": "offscreen"}
    if home is not None:  # (a test's own home is set by the autouse fixture; the module's fixture needs one too)
        environment.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    return subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def fresh_copy(scene: Scene, folder: Path) -> Path:
    """The district as it was before the import, in a folder of its own (no backups, no lock yet)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    path = folder / "district.db"
    shutil.copyfile(scene.district, path)
    return path


@pytest.fixture(scope="module")
def scene(
    tmp_path_factory: pytest.TempPathFactory,
    populated_template: Path,
    template_database: Path,
    database_key: DataKey,
) -> Iterator[Scene]:
    folder = tmp_path_factory.mktemp("sync-kill")
    central = node_database(folder, populated_template, database_key, "central")
    district = node_database(folder, template_database, database_key, "district")
    try:
        with central.transaction("Set up the central office") as session:
            init_central(session, central.node_id, "Central office")
        with central.transaction("Add district") as session:
            enrolment = add_district(session, "U", "Uusimaa")
            # The central office relays a member to the district of their branch: all of these are Uusimaa's.
            for branch_id in session.execute(select(Branch.id)).scalars():
                assign_branch(session, branch_id, "U")
        with district.transaction("Enrol") as session:
            _identity, reply = enrol_district(session, district.node_id, enrolment)
        with central.transaction("Enrol district") as session:
            accept_reply(session, reply)
        exported = export_package(central, folder / "large.kansli-sync", district_code="U")
    finally:
        central.close()
        district.close()
    before = state(district.path, database_key)
    # The reference: the same import, uninterrupted, as the user runs it.
    reference = fresh_copy(Scene(district.path, exported.path, 0, (), (), 0), folder / "reference")
    started = time.monotonic()
    child = run_import(reference, exported.path, database_key, folder / "home")
    out, err = child.communicate(timeout=300)
    seconds = time.monotonic() - started
    assert child.returncode == 0, err
    assert "Applied package 1 from Central office" in out
    yield Scene(district.path, exported.path, exported.rows, before, state(reference, database_key), seconds)


def _kill(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()  # SIGKILL
    child.communicate(timeout=60)


def _as_before_or_after(scene: Scene, path: Path, key: DataKey) -> bool:
    """Check the file after a kill; return True when the package had been applied whole."""
    found = state(path, key)
    assert found in (scene.before, scene.after), "the import was applied in part"
    assert_healthy(path, key)  # kansli check: pages, integrity, foreign keys, schema, search index
    return found == scene.after


def _finish_and_compare(scene: Scene, path: Path, key: DataKey) -> None:
    """The import runs to its end afterwards (or says it was already imported), and the result is the reference."""
    child = run_import(path, scene.package, key)
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert "Applied package 1" in out or "already been imported" in out
    assert state(path, key) == scene.after
    assert_healthy(path, key)


def _wait_for_backup(path: Path, child: subprocess.Popen[str], timeout: float = 120) -> None:
    """Wait until the backup before the import is in place: the import's transaction begins right after it."""
    folder = backup_dir_for(path.resolve())
    deadline = time.monotonic() + timeout
    while not any(BEFORE_IMPORT in made.name and not made.name.startswith(".") for made in folder.glob("*")):
        if child.poll() is not None:
            out, err = child.communicate()
            pytest.fail(f"the import ended before its backup (exit {child.returncode}):\n{out}\n{err}")
        if time.monotonic() > deadline:
            _kill(child)
            pytest.fail("the import made no backup in time")
        time.sleep(0.002)


def test_the_package_is_large(scene: Scene) -> None:
    assert scene.rows > 5000
    assert len(scene.after[0]) - len(scene.before[0]) == 1500  # type: ignore[arg-type]


def test_kill_during_sync_import_inside_the_transaction_applies_nothing(
    scene: Scene, database_key: DataKey, tmp_path: Path
) -> None:
    path = fresh_copy(scene, tmp_path / "district")
    child = run_import(path, scene.package, database_key)
    _wait_for_backup(path, child)
    time.sleep(random.Random(7441).uniform(0.05, 0.3))  # well inside the transaction, which takes seconds
    _kill(child)
    assert not _as_before_or_after(scene, path, database_key), "the import finished before it was killed"
    _finish_and_compare(scene, path, database_key)


@pytest.mark.slow
def test_kill_during_sync_import_at_random_moments(scene: Scene, database_key: DataKey, tmp_path: Path) -> None:
    generator = random.Random(7442)
    outcomes: list[bool] = []
    for attempt in range(12):
        path = fresh_copy(scene, tmp_path / f"district-{attempt}")
        child = run_import(path, scene.package, database_key)
        # From the start of the process to a little past the end of an uninterrupted run: opening, reading and
        # checking the package, the backup, the transaction, the commit.
        time.sleep(generator.uniform(0, scene.run_seconds * 1.1))
        _kill(child)
        outcomes.append(_as_before_or_after(scene, path, database_key))
        _finish_and_compare(scene, path, database_key)
    assert outcomes  # (both outcomes usually occur; either is correct)
