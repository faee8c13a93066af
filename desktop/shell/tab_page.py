"""The shape every tab has, and how a tab is registered with the main window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from desktop.shell.context import ShellContext


class TabPage(QWidget):
    """Base of the tabs: the main window calls these; a tab overrides what it supports."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._refresh_pending = False
        context.events.language_changed.connect(lambda _code: self.retranslate())

    def request_refresh(self) -> None:
        """Refresh now if the tab is shown, else when it is next shown.

        Tabs hidden behind another do no work at start-up or after every change elsewhere: on 100 000 members,
        each reload costs a noticeable part of a second.
        """
        if self.isVisible():
            self._refresh_pending = False
            self.refresh()
        else:
            self._refresh_pending = True

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up on a refresh asked for while the tab was hidden."""
        super().showEvent(event)
        if self._refresh_pending:
            self._refresh_pending = False
            self.refresh()

    def retranslate(self) -> None:
        """Set every text again in the current language."""

    def refresh(self) -> None:
        """Reload what is shown from the database."""

    def focus_search(self) -> bool:
        """Put the cursor in the tab's search field; False when the tab has none."""
        return False

    def print_current(self) -> bool:
        """Print what the tab shows (through the preview); False when the tab has nothing to print."""
        return False


@dataclass(frozen=True)
class TabSpec:
    """One tab of the main window: a stable key (remembered as the last tab), its title and how to build it."""

    key: str
    title: str  # English source text, translated when shown
    factory: Callable[[ShellContext], TabPage]
