"""The questions editor of the campaign dialog: a list of questions in asking order beside an editor for the one chosen.

Each question keeps its id however it is moved or changed, so answers already typed in stay with their question;
an interests question keeps the interest codes frozen when the campaign was first saved.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.calling.campaigns import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    QuestionData,
    QuestionText,
)
from db.calling.models import QUESTION_KIND_LABELS, QuestionKind
from db.core.i18n import N_, _
from desktop.branches.forms import enum_combo, label_combo, new_form, select_data
from desktop.shell.table_model import ROW_OBJECT_ROLE

_CHOICE_KINDS = (QuestionKind.ONE_OF, QuestionKind.SEVERAL_OF)
_DAYS_LIMIT = 3660  # what TargetRule.check accepts


@dataclass(frozen=True)
class QuestionRow:
    """A question as the editor holds it: the options typed and the frozen interest codes are kept apart.

    An interests question keeps the codes it was saved with (numbers on printed sheets refer to them) even while
    its kind is changed back and forth in the editor.
    """

    kind: QuestionKind
    text: str = ""
    choices: tuple[str, ...] = ()  # one of / several of, as typed (one a line)
    codes: tuple[str, ...] = ()  # interests: the codes frozen when the campaign was saved
    id: uuid.UUID | None = None
    translations: Mapping[str, QuestionText] = field(default_factory=dict)  # the script's other languages

    @classmethod
    def from_data(cls, question: QuestionData) -> QuestionRow:
        translations = dict(question.translations)
        if question.kind == QuestionKind.INTERESTS:
            return cls(question.kind, question.text, codes=question.options, id=question.id, translations=translations)
        choices = question.options if question.kind in _CHOICE_KINDS else ()
        return cls(question.kind, question.text, choices=choices, id=question.id, translations=translations)

    def data(self) -> QuestionData:
        if self.kind == QuestionKind.INTERESTS:
            options = self.codes
        elif self.kind in _CHOICE_KINDS:
            options = self.choices
        else:
            options = ()
        return QuestionData(self.kind, self.text, options, self.id, dict(self.translations))

    def words(self, language: str | None) -> QuestionText:
        """The question in ``language`` (None: as written); empty when it has not been written in it."""
        if language is None:
            return QuestionText(self.text, self.choices)
        return self.translations.get(language, QuestionText(""))

    def with_words(self, language: str | None, text: str, choices: tuple[str, ...]) -> QuestionRow:
        if language is None:
            return replace(self, text=text, choices=choices)
        return replace(self, translations={**self.translations, language: QuestionText(text, choices)})


_QUESTION_COLUMNS = (N_("Kind"), N_("Question"), N_("Answer options"))


class QuestionsModel(QAbstractTableModel):
    """The questions of a campaign in their order; rows are numbered as on the printed sheet."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionRow] = []
        # The language whose words are shown (None: as written); a question not yet written in it shows its
        # words as written, greyed.
        self.language: str | None = None

    def set_language(self, language: str | None) -> None:
        self.language = language
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, len(_QUESTION_COLUMNS) - 1))

    def set_rows(self, rows: list[QuestionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[QuestionRow]:
        return list(self._rows)

    def row_at(self, row: int) -> QuestionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def replace_row(self, row: int, question: QuestionRow) -> None:
        self._rows[row] = question
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_QUESTION_COLUMNS) - 1))

    def append(self, question: QuestionRow) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(question)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def move(self, row: int, step: int) -> int:
        """Move ``row`` one place up (``step`` -1) or down (+1); return where it is now."""
        target = row + step
        if step not in (-1, 1) or not (0 <= row < len(self._rows)) or not (0 <= target < len(self._rows)):
            return row
        # Qt counts the destination before the move: one further when moving down.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if step > 0 else target)
        self._rows[row], self._rows[target] = self._rows[target], self._rows[row]
        self.endMoveRows()
        return target

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(_QUESTION_COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        question = self._rows[index.row()]
        if role == ROW_OBJECT_ROLE:
            return question
        untranslated = self.language is not None and not question.words(self.language).text
        shown = question if untranslated or self.language is None else _shown_in(question, self.language)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return _(QUESTION_KIND_LABELS[question.kind])
            if index.column() == 1:
                return shown.text
            if index.column() == 2:
                return _options_summary(shown)
        if role == Qt.ItemDataRole.ForegroundRole and untranslated and index.column() > 0:
            return QBrush(QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if 0 <= section < len(self._rows) else None
        return _(_QUESTION_COLUMNS[section]) if 0 <= section < len(_QUESTION_COLUMNS) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_QUESTION_COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(_QUESTION_COLUMNS) - 1))


def _shown_in(question: QuestionRow, language: str) -> QuestionRow:
    """The row with its words in ``language``; options not written in it are shown as written."""
    words = question.words(language)
    return replace(question, text=words.text, choices=words.options or question.choices)


def _options_summary(question: QuestionRow) -> str:
    if question.kind in _CHOICE_KINDS:
        return "; ".join(choice.strip() for choice in question.choices if choice.strip())
    if question.kind == QuestionKind.INTERESTS:
        if question.codes:
            return _("{count} interests, as when saved").format(count=len(question.codes))
        return _("The district's interests, taken on saving")
    return ""


# What a kind of question does, shown where the options would be (only "one of" and "several of" have options).
_KIND_HINTS = {
    QuestionKind.INTERESTS: N_(
        "The district's volunteer interests, fixed when the campaign is first saved, so that the numbers on "
        "printed sheets keep their meaning. The answers are added to the member."
    ),
    QuestionKind.CHECK_EMAIL: N_("The caller confirms the e-mail address or writes down a new one for the member."),
    QuestionKind.GODPARENT: N_("A yes asks the ombudsman to choose a godparent for the member."),
}


# Keys that work while the list of questions has the focus, in the order of the buttons.
_EDITOR_KEYS = (("Ins", "add_question"), ("Del", "remove_question"), ("Ctrl+Up", "move_up"), ("Ctrl+Down", "move_down"))


class QuestionsEditor(QWidget):
    """The list of questions with Add, Remove, Move up and Move down, and the chosen question's editor below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QuestionsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 170)
        self.table.setMinimumHeight(24 * 5 + 30)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        self.limit_hint = hint_label()
        self.kind = enum_combo(QuestionKind)
        self.text = QLineEdit()
        self.text.setMaxLength(500)
        self.options = QPlainTextEdit()
        self.options.setTabChangesFocus(True)
        self.options.setFixedHeight(72)
        self.kind_hint = hint_label()
        self._loading = False
        self.language: str | None = None  # the language whose words are edited (None: the script's own)

        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.table, 1)
        top.addLayout(buttons)
        self.detail = QFrame()
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail_form = new_form()
        self.kind_label, self.text_label, self.options_label = QLabel(), QLabel(), QLabel()
        for label, widget in ((self.kind_label, self.kind), (self.text_label, self.text)):
            label.setBuddy(widget)
            detail_form.addRow(label, widget)
        self.options_label.setBuddy(self.options)
        detail_form.addRow(self.options_label, self.options)
        detail_form.addRow(self.kind_hint)
        self._detail_form = detail_form
        self.detail.setLayout(detail_form)
        # As tall as with the options shown, so the page does not jump when another question is chosen.
        self.detail.setMinimumHeight(self.detail.sizeHint().height())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.limit_hint)
        layout.addWidget(self.detail)
        self.setFocusProxy(self.table)

        self.add_button.clicked.connect(self.add_question)
        self.remove_button.clicked.connect(self.remove_question)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        # On the list only (Del and Ctrl+arrows mean something else in the text fields), and before the list's own
        # handling, which would otherwise take Ctrl+arrows to move the cursor.
        self._keys = [(QKeySequence(keys), getattr(self, action)) for keys, action in _EDITOR_KEYS]
        self.table.installEventFilter(self)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda _selected, _deselected: self._show_current())
        self.kind.currentIndexChanged.connect(lambda _index: self._edited())
        self.text.textEdited.connect(lambda _text: self._edited())
        self.options.textChanged.connect(self._edited)
        self._show_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            for keys, action in self._keys:
                if pressed == keys:
                    action()
                    return True
        return super().eventFilter(watched, event)

    # --- reading and writing ---------------------------------------------------------------------------------

    def set_questions(self, questions: tuple[QuestionData, ...]) -> None:
        """Show ``questions`` and choose the first."""
        self.model.set_rows([QuestionRow.from_data(question) for question in questions])
        if questions:
            self.table.selectRow(0)
        self._show_current()

    def questions(self) -> tuple[QuestionData, ...]:
        """The questions in their order, as typed."""
        return tuple(row.data() for row in self.model.rows())

    def set_language(self, language: str | None) -> None:
        """Edit the questions' words in ``language`` (None: as written).

        In another language only the words change: which questions there are, their kinds and order are the
        script's, so the list's buttons and the kind are locked until the script's own language is chosen again.
        """
        self.language = language
        self.model.set_language(language)
        self._show_current()

    def current_row(self) -> int:
        """The row chosen, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 1))

    # --- actions ---------------------------------------------------------------------------------------------

    def add_question(self) -> None:
        """Add an empty yes-or-no question at the end and put the cursor in its text."""
        if self.model.rowCount() >= MAX_QUESTIONS:
            return
        self.select(self.model.append(QuestionRow(QuestionKind.YES_NO)))
        self.text.setFocus()

    def remove_question(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.model.remove(row)
        if self.model.rowCount():
            self.select(min(row, self.model.rowCount() - 1))
        self._show_current()
        self.table.setFocus()

    def move_up(self) -> None:
        self.move_question(-1)

    def move_down(self) -> None:
        self.move_question(1)

    def move_question(self, step: int) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.select(self.model.move(row, step))
        self._update_buttons()

    def _edited(self) -> None:
        row = self.current_row()
        question = self.model.row_at(row)
        if self._loading or question is None:
            return
        choices = tuple(self.options.toPlainText().split("\n")) if self.options.toPlainText() else ()
        if self.language is not None:
            self.model.replace_row(row, question.with_words(self.language, self.text.text(), choices))
            return
        kind = self.kind.currentData()
        self.model.replace_row(row, replace(question, kind=kind, text=self.text.text(), choices=choices))
        self._update_detail_state(kind)

    def _show_current(self) -> None:
        question = self.model.row_at(self.current_row())
        words = question.words(self.language) if question else QuestionText("")
        self._loading = True
        try:
            select_data(self.kind, question.kind if question else QuestionKind.YES_NO)
            self.text.setText(words.text)
            self.options.setPlainText("\n".join(words.options))
        finally:
            self._loading = False
        # In another language the words as written show through, so the translator sees what to translate.
        translating = self.language is not None and question is not None
        self.text.setPlaceholderText(question.text if translating and question else "")
        self.options.setPlaceholderText(
            "\n".join(question.choices) if translating and question else self._options_placeholder()
        )
        self.kind.setEnabled(self.language is None)
        self.detail.setEnabled(question is not None)
        self._update_detail_state(question.kind if question else None)
        self._update_buttons()

    def _update_detail_state(self, kind: QuestionKind | None) -> None:
        # The options take the room only when the kind has them; a wrapped hint squeezed under them would overlap.
        self._detail_form.setRowVisible(self.options, kind in _CHOICE_KINDS)
        hint = _KIND_HINTS.get(kind) if kind is not None else None
        self.kind_hint.setText(_(hint) if hint else "")
        self._detail_form.setRowVisible(self.kind_hint, bool(hint))

    def _update_buttons(self) -> None:
        row, count = self.current_row(), self.model.rowCount()
        own = self.language is None  # the list itself is changed in the script's own language only
        self.add_button.setEnabled(own and count < MAX_QUESTIONS)
        self.remove_button.setEnabled(own and row >= 0)
        self.up_button.setEnabled(own and row > 0)
        self.down_button.setEnabled(own and 0 <= row < count - 1)
        self.limit_hint.setVisible(count >= MAX_QUESTIONS)

    def retranslate(self) -> None:
        self.model.retranslate()
        label_combo(self.kind, QUESTION_KIND_LABELS)
        self.kind_label.setText(_("Kind"))
        self.text_label.setText(_("Question"))
        self.options_label.setText(_("Answer options"))
        # The options row comes and goes with the kind; the fields stay put if every label is as wide as its.
        widest = max(label.sizeHint().width() for label in (self.kind_label, self.text_label, self.options_label))
        for label in (self.kind_label, self.text_label, self.options_label):
            label.setMinimumWidth(widest)
        if self.language is None:
            self.options.setPlaceholderText(self._options_placeholder())
        for button, text, tip, (keys, _action) in zip(
            (self.add_button, self.remove_button, self.up_button, self.down_button),
            (_("Add"), _("Remove"), _("Move up"), _("Move down")),
            (
                _("Add a question at the end"),
                _("Remove the chosen question"),
                _("Ask the chosen question earlier"),
                _("Ask the chosen question later"),
            ),
            _EDITOR_KEYS,
            strict=True,
        ):
            button.setText(text)
            shortcut = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{tip} ({shortcut})")
        self.limit_hint.setText(
            _("A campaign has at most {count} questions: the printed sheet has room for no more.").format(
                count=MAX_QUESTIONS
            )
        )
        self.table.setToolTip(_("The questions in the order the caller asks them; the numbers are those on the sheet"))
        self._update_detail_state(self.kind.currentData() if self.detail.isEnabled() else None)

    @staticmethod
    def _options_placeholder() -> str:
        return _("One option a line, at most {count}: the caller writes its number on the sheet.").format(
            count=MAX_OPTIONS
        )


def hint_label() -> QLabel:
    """A quiet line under a field saying what leaving it empty means or what it does."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label
