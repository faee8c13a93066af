"""Running the ``kansli`` command in-process, the way a user runs it in a terminal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from db.core.keys import DataKey
from desktop.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def kansli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``kansli ARGS…`` and return its exit code and output."""

    def run(*arguments: str | Path) -> Result:
        code = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def keyed_database(database_path: Path, database_key: DataKey, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A test database whose key is given the headless way, in KANSLI_KEY."""
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    return database_path
