"""Message boxes in one style, with texts from our catalogs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from db.core.errors import KansliError
from db.core.i18n import _


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    """Tell the user something went wrong; unexpected errors get a generic text (details are in the log)."""
    if isinstance(error, str):
        text = error
    elif isinstance(error, KansliError):
        text = str(error)
    else:
        text = _("Something unexpected went wrong; nothing was changed. Details were written to the log file.")
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before doing something with consequences; ``action`` labels the button that goes ahead."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def choose(parent: QWidget | None, title: str, text: str, choices: Sequence[str]) -> int | None:
    """Ask which of ``choices`` (button labels; the first is the default) to take; None when the user cancels."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole) for choice in choices]
    if buttons:
        box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return next((index for index, button in enumerate(buttons) if button is clicked), None)
