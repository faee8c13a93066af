"""What the recognition windows share: one way to write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from db.core.i18n import Label
from desktop.shell.context import ShellContext
from desktop.shell.writes import save_change

T = TypeVar("T")


def save_recognition_change(context: ShellContext, label: Label, work: Callable[[Session], T]) -> T:
    """Write through :func:`desktop.shell.writes.save_change` (only the Edit menu needs to hear of it)."""
    return save_change(context, label, work, [])
