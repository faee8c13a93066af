"""What every tab and dialog of an open database gets through its constructor (never a global)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from db.core.database import Database
from db.core.keys import KeyringStore
from desktop.shell.events import AppEvents
from desktop.shell.tasks import TaskRunner
from desktop.shell.ui_state import UiState


@dataclass
class ShellContext:
    """The open database and the shared machinery of the window."""

    database: Database
    events: AppEvents
    tasks: TaskRunner
    ui_state: UiState
    keystore: KeyringStore = field(default_factory=KeyringStore)

    def today(self) -> date:
        """Today's date (one place to change it in tests)."""
        return date.today()
