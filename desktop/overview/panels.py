"""The pieces of the Overview: a key figure (a large number with its caption) and the "Needs attention" list."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QFrame, QLabel, QVBoxLayout, QWidget

from desktop.overview.attention import AttentionItem, AttentionLink


class KeyFigure(QFrame):
    """A large number above a short caption ("1 234" / "members")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel("–")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.number.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 2.2)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_figure(self, number: str, caption: str, explanation: str = "") -> None:
        """Show ``number`` with its ``caption``; ``explanation`` says how it is counted (the tooltip)."""
        self.number.setText(number)
        self.caption.setText(caption)
        self.setToolTip(explanation)
        self.setAccessibleName(f"{caption}: {number}")
        self.setAccessibleDescription(explanation)


class AttentionList(QWidget):
    """One link per item, each opening the list behind it; a calm sentence when there is nothing to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nothing = QLabel()
        self.nothing.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.nothing)
        self._layout.addStretch(1)
        self.buttons: list[QCommandLinkButton] = []
        self.items: list[AttentionItem] = []

    def set_items(self, items: Sequence[AttentionItem], on_open: Callable[[AttentionLink], None]) -> None:
        """Show ``items``; activating one calls ``on_open`` with its link."""
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.items = list(items)
        self.buttons = []
        for position, item in enumerate(self.items):
            button = QCommandLinkButton(item.title, item.detail)
            button.setObjectName(item.key)
            button.clicked.connect(lambda _checked=False, link=item.link: on_open(link))
            self._layout.insertWidget(position, button)
            self.buttons.append(button)
        self.nothing.setVisible(not self.items)

    def set_nothing_text(self, text: str) -> None:
        """The sentence shown when no item needs attention."""
        self.nothing.setText(text)
