"""Small widgets used by several tabs: a search field, an empty-state panel, a table view in our style."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.shell.ui_state import UiState


class SearchField(QLineEdit):
    """A line edit for searching: a clear button, Escape clears, Down moves into the list below."""

    move_down = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(280)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        super().keyPressEvent(event)


class EmptyState(QWidget):
    """What a view shows when it has nothing to show: a sentence and the actions that would change that."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addStretch(1)
        self._button_widgets: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(self.buttons)
        layout.addStretch(2)

    def set_content(self, title: str, text: str, actions: list[tuple[str, object]]) -> None:
        """Show ``title``, ``text`` and a button for each (label, callback)."""
        self.title.setText(title)
        self.text.setText(text)
        for button in self._button_widgets:
            self.buttons.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; until then the old button would still show
            button.deleteLater()
        self._button_widgets = []
        for position, (label, callback) in enumerate(actions, start=1):
            button = QPushButton(label)
            button.clicked.connect(callback)
            # Between the two stretches, so the buttons stay centred however often the content changes.
            self.buttons.insertWidget(position, button)
            self._button_widgets.append(button)


class DataTableView(QTableView):
    """A table view set up the same way everywhere: whole rows selected, sortable headers, no grid noise."""

    activated_row = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.InsertParagraphSeparator) or event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            current = self.currentIndex()
            if current.isValid():
                self.activated_row.emit(current.row())
                return
        super().keyPressEvent(event)


def qdate(value: date) -> QDate:
    """A ``QDate`` of a Python date (the binding accepts a date at run time, but its type stubs do not say so)."""
    return QDate(value.year, value.month, value.day)


def list_beside_detail(
    ui_state: UiState, name: str, tools: QLayout, body: QWidget, actions: QLayout, detail: QWidget
) -> QSplitter:
    """Lay out a tab's list (tools above, actions below) beside its detail pane; the divider is remembered.

    ``name`` keys the divider's position in the remembered window state, so each tab keeps its own.
    """
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.addLayout(tools)
    left_layout.addWidget(body, 1)
    left_layout.addLayout(actions)
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    state = ui_state.splitter_state(name)
    if state is not None:
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda *_args: ui_state.set_splitter_state(name, splitter.saveState()))
    return splitter
