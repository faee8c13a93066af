"""One way for every tab to write: a transaction under a label, then the signals that make the views refresh.

Each area's ``save_…_change`` names its own signal and calls :func:`save_change`; :func:`try_change` is the same
with a refusal shown in a message. Writes from forms are a row or a few, so they run on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from db.core.errors import KansliError
from db.core.i18n import Label
from desktop.diagnostics import safe_traceback
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error

T = TypeVar("T")
log = logging.getLogger(__name__)


def save_change(
    context: ShellContext, label: str | Label, work: Callable[[Session], T], signals: Sequence[SignalInstance]
) -> T:
    """Run ``work`` in one write transaction labelled ``label``; then emit ``signals`` and ``history_changed``.

    Edit ▸ Undo names the step by ``label``.

    Raises:
        KansliError: whatever the operations refuse; nothing was written then and no signal is sent.
    """
    with context.database.transaction(label) as session:
        result = work(session)
    for signal in signals:
        signal.emit()
    context.events.history_changed.emit()
    return result


def try_change(
    parent: QWidget,
    title: str,
    context: ShellContext,
    label: str | Label,
    work: Callable[[Session], object],
    signals: Sequence[SignalInstance],
) -> bool:
    """:func:`save_change`, with a refusal or a fault shown in a message; True when it was written."""
    try:
        save_change(context, label, work, signals)
    except KansliError as error:  # refused with a reason: nothing was written
        show_error(parent, title, error)
        return False
    except Exception as error:  # a fault: logged without personal data, a general message shown
        log.error("a change failed:\n%s", safe_traceback(*sys.exc_info()))
        show_error(parent, title, error)
        return False
    return True
