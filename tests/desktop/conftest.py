"""Fixtures of the desktop tests: a shell context over the test's database, and UI state kept in a temp file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from db.core.database import Database
from desktop.shell.context import ShellContext
from desktop.shell.events import AppEvents
from desktop.shell.tasks import TaskRunner
from desktop.shell.ui_state import UiState


@pytest.fixture
def ui_state(tmp_path: Path) -> UiState:
    """Remembered window state in a file of the test's own (never the user's settings)."""
    return UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def shell_context(database: Database, ui_state: UiState) -> ShellContext:
    """What a tab gets from the main window, over the test's database."""
    return ShellContext(database, AppEvents(), TaskRunner(), ui_state)
