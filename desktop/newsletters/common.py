"""What the Newsletter issues tab's parts and dialogs share: one way to write, and a few colours.

Every write of the tab goes through :func:`save_newsletter_change`: one transaction under a label (so Edit ▸ Undo
names it), then ``newsletters_changed`` and ``history_changed``. The tab reloads the publication, its issues and
the issue's page from that signal. Writes are a row or a few (asking every branch is a row per branch), so they
run on the GUI thread; working out who receives an issue reads the whole register and runs off it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from db.core.i18n import Label
from desktop.shell.context import ShellContext
from desktop.shell.writes import save_change, try_change

T = TypeVar("T")

MUTED_COLOR = "#57606a"
WARNING_COLOR = "#9a6700"  # the amber of attention text: readable on white, not an error's red
WARNING_SIGN = "⚠ "


def save_newsletter_change(context: ShellContext, label: str | Label, work: Callable[[Session], T]) -> T:
    """Write through :func:`desktop.shell.writes.save_change`; the views hear ``newsletters_changed``."""
    return save_change(context, label, work, [context.events.newsletters_changed])


def try_newsletter_change(
    parent: QWidget, title: str, context: ShellContext, label: str | Label, work: Callable[[Session], object]
) -> bool:
    """:func:`save_newsletter_change`, with a refusal or a fault shown in a message; True when it was written."""
    return try_change(parent, title, context, label, work, [context.events.newsletters_changed])
