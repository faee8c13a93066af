"""Fixtures of the fault tests: child processes to kill, files to fill, and the checks every fault ends with.

Every fault test ends the same way: the database opens, ``kansli check`` (``check_database_file``) finds it
healthy, and it holds either the state before the interrupted work or the state after it, never a mix.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from db.core.backup import keyed_connection
from db.core.database import open_database
from db.core.health import check_database_file
from db.core.keys import DataKey, KeyringStore
from db.members.io import ImportOptions, import_members

ROOT = Path(__file__).resolve().parents[2]
SIGNALS = "{signals}"  # stands for the child's signal folder in its arguments
CHILD_START_TIMEOUT = 60


@dataclass
class Child:
    """A child process running one scenario of ``tests.faults.child``."""

    process: subprocess.Popen[str]
    signals: Path
    output: tuple[str, str] | None = field(default=None)

    def wait_for(self, point: str, timeout: float = CHILD_START_TIMEOUT) -> None:
        """Wait until the child reports ``point`` (fail with its output if it ends first)."""
        deadline = time.monotonic() + timeout
        while not (self.signals / point).exists():
            if self.process.poll() is not None:
                out, err = self.communicate()
                pytest.fail(f"the child ended before {point!r} (exit {self.process.returncode}):\n{out}\n{err}")
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"the child did not reach {point!r} in {timeout} s")
            time.sleep(0.01)

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind runs in the child."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.communicate()
        assert self.process.returncode in (-signal.SIGKILL, 0, 1)

    def communicate(self, timeout: float = CHILD_START_TIMEOUT) -> tuple[str, str]:
        if self.output is None:
            self.output = self.process.communicate(timeout=timeout)
        return self.output

    def finish(self, timeout: float = CHILD_START_TIMEOUT) -> str:
        """Let the child run to its end; return its standard output (fail if it failed)."""
        out, err = self.communicate(timeout)
        assert self.process.returncode == 0, f"exit {self.process.returncode}:\n{out}\n{err}"
        return out


@pytest.fixture
def start_child(tmp_path: Path, database_key: DataKey) -> Iterator[Callable[..., Child]]:
    """Start ``python -m tests.faults.child SCENARIO ARGS…`` with the test database's key in ``KANSLI_KEY``."""
    counter = itertools.count(1)
    started: list[Child] = []

    def start(scenario: str, *arguments: str | Path) -> Child:
        signals = tmp_path / f"signals-{next(counter)}"
        signals.mkdir()
        environment = {**os.environ, "KANSLI_KEY": database_key.recovery_text(), "QT_QPA_PLATFORM": "offscreen"}
        command = [sys.executable, "-m", "tests.faults.child", scenario]
        command += [str(signals) if argument == SIGNALS else str(argument) for argument in arguments]
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        child = Child(process, signals)
        started.append(child)
        return child

    yield start
    for child in started:
        if child.process.poll() is None:
            child.kill()


def write_member_csv(path: Path, rows: int, *, first: int = 0, prefix: str = "Henkilö", branches: int = 5) -> Path:
    """Write a member file of ``rows`` new members (numbered from ``first``) spread over ``branches`` branches."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Etunimi;Sukunimi;Osasto;Sähköposti;Puhelin\n")
        for number in range(first, first + rows):
            handle.write(
                f"{prefix}{number};Testinen{number};Osasto {number % branches};"
                f"{prefix.lower()}{number}@example.org;+35840{number:07d}\n"
            )
    return path


def member_count(path: Path, key: DataKey) -> int:
    """Count the live members in a database file, without opening it for work (no lock, no upgrade)."""
    connection = keyed_connection(path, key)
    try:
        return int(connection.execute("SELECT count(*) FROM member WHERE deleted_at IS NULL").fetchone()[0])
    finally:
        connection.close()


def assert_healthy(path: Path, key: DataKey) -> None:
    """The database opens for work, and every check of ``kansli check`` passes."""
    open_database(path, key).close()  # takes the writer lock (a stale one included) and refreshes derived data
    results = check_database_file(path, key)
    assert all(result.ok for result in results), [(r.name, r.detail) for r in results if not r.ok]


def leftovers(folder: Path) -> list[Path]:
    """Temporary files the program writes before renaming them into place, anywhere under ``folder``."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and (
            path.name.endswith((".partial", ".part", ".sheet")) or ".restoring" in path.name or ".partial-" in path.name
        )
    )


@pytest.fixture(scope="session")
def populated_template(
    tmp_path_factory: pytest.TempPathFactory, template_database: Path, database_key: DataKey
) -> Path:
    """A database with 1500 members, made once per session (for exports and backups that must be large)."""
    folder = tmp_path_factory.mktemp("populated")
    path = folder / "populated.db"
    shutil.copyfile(template_database, path)
    opened = open_database(path, database_key)
    try:
        import_members(opened, write_member_csv(folder / "members.csv", 1500), ImportOptions(create_branches=True))
        with opened.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        opened.close()
    return path


@pytest.fixture
def populated_path(tmp_path: Path, populated_template: Path) -> Path:
    """This test's own copy of the 1500-member database (not opened)."""
    path = tmp_path / "data" / "kansli.db"
    path.parent.mkdir()
    shutil.copyfile(populated_template, path)
    return path


@pytest.fixture
def launcher(qapp: QApplication, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The program's launcher with UI state in a file of the test's own."""
    from desktop.app import Launcher
    from desktop.shell.ui_state import UiState

    ui_state = UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    created = Launcher(qapp, "test", KeyringStore(), ui_state)
    yield created
    if created.window is not None:
        created.window.context.tasks.wait()
        created.window.close()
        created.window.context.database.close()
    if created.welcome is not None:
        created.welcome.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def kansli_cli(
    capsys: pytest.CaptureFixture[str], database_key: DataKey, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run ``kansli ARGS…`` in this process with the test database's key in ``KANSLI_KEY``."""
    from desktop.cli.main import main

    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())

    def run(*arguments: str | Path) -> CliResult:
        code = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
