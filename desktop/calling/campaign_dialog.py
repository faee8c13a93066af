"""A calling campaign's details, who it calls (its target rule), its script and its questions.

Three pages keep the dialog within a small laptop screen: the campaign itself, who is called, and the script with
its questions in the order the caller reads them. The questions are edited in a list beside a small editor for the
one chosen; each keeps its id however it is moved or changed, so answers already typed in stay with their question.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from db.branches.models import Branch
from db.calling.campaigns import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    CampaignData,
    QuestionData,
    check_campaign,
    create_campaign,
    update_campaign,
)
from db.calling.models import CAMPAIGN_KIND_LABELS, QUESTION_KIND_LABELS, CampaignKind, QuestionKind
from db.calling.rules import TargetRule
from db.core.errors import ValidationError
from db.core.i18n import N_, Label, _
from db.members.models import MEMBER_LANGUAGE_LABELS, MEMBERSHIP_KIND_LABELS, MemberLanguage, MembershipKind
from desktop.branches.forms import FormDialog, enum_combo, label_combo, new_form, select_data
from desktop.calling.common import save_calling_change
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import OptionalDateEdit
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

    @classmethod
    def from_data(cls, question: QuestionData) -> QuestionRow:
        if question.kind == QuestionKind.INTERESTS:
            return cls(question.kind, question.text, codes=question.options, id=question.id)
        choices = question.options if question.kind in _CHOICE_KINDS else ()
        return cls(question.kind, question.text, choices=choices, id=question.id)

    def data(self) -> QuestionData:
        if self.kind == QuestionKind.INTERESTS:
            options = self.codes
        elif self.kind in _CHOICE_KINDS:
            options = self.choices
        else:
            options = ()
        return QuestionData(self.kind, self.text, options, self.id)


_QUESTION_COLUMNS = (N_("Kind"), N_("Question"), N_("Answer options"))


class QuestionsModel(QAbstractTableModel):
    """The questions of a campaign in their order; rows are numbered as on the printed sheet."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionRow] = []

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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return _(QUESTION_KIND_LABELS[question.kind])
            if index.column() == 1:
                return question.text
            if index.column() == 2:
                return _options_summary(question)
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
        self.limit_hint = _hint_label()
        self.kind = enum_combo(QuestionKind)
        self.text = QLineEdit()
        self.text.setMaxLength(500)
        self.options = QPlainTextEdit()
        self.options.setTabChangesFocus(True)
        self.options.setFixedHeight(72)
        self.kind_hint = _hint_label()
        self._loading = False

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
        for label, field in ((self.kind_label, self.kind), (self.text_label, self.text)):
            label.setBuddy(field)
            detail_form.addRow(label, field)
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
        kind = self.kind.currentData()
        choices = tuple(self.options.toPlainText().split("\n")) if self.options.toPlainText() else ()
        self.model.replace_row(row, replace(question, kind=kind, text=self.text.text(), choices=choices))
        self._update_detail_state(kind)

    def _show_current(self) -> None:
        question = self.model.row_at(self.current_row())
        self._loading = True
        try:
            select_data(self.kind, question.kind if question else QuestionKind.YES_NO)
            self.text.setText(question.text if question else "")
            self.options.setPlainText("\n".join(question.choices) if question else "")
        finally:
            self._loading = False
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
        self.add_button.setEnabled(count < MAX_QUESTIONS)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
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
        self.options.setPlaceholderText(
            _("One option a line, at most {count}: the caller writes its number on the sheet.").format(
                count=MAX_OPTIONS
            )
        )
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


def _hint_label() -> QLabel:
    """A quiet line under a field saying what leaving it empty means or what it does."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def _days_spin(minimum: int, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setAccelerated(True)
    spin.setMinimumWidth(150)  # room for "no limit" in Finnish and Swedish
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return spin


def _date_field() -> OptionalDateEdit:
    field = OptionalDateEdit()
    field.setMaximumWidth(190)
    return field


class _FieldRow(QWidget):
    """Fields side by side as one form field (its own class, so a red frame set on it stays on it)."""

    def __init__(self, *widgets: QWidget, focus: QWidget | None = None) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(focus or widgets[0])


class CampaignDialog(FormDialog):
    """A new campaign (``campaign_id`` None, ``initial`` usually a template) or an existing one changed.

    :attr:`campaign_id` is set once the campaign is saved. Nothing is written until Save, and a refused value is
    shown beside its field, on its page, with everything else as typed.
    """

    def __init__(
        self,
        context: ShellContext,
        initial: CampaignData,
        campaign_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.initial = initial
        self.campaign_id = campaign_id
        self._editing = campaign_id is not None
        self.tabs = QTabWidget()
        self.form.addRow(self.tabs)
        self.hints: dict[str, QLabel] = {}

        # The campaign
        form = self._page()
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.kind = enum_combo(CampaignKind)
        self.purpose = QPlainTextEdit()
        self.purpose.setTabChangesFocus(True)
        self.purpose.setFixedHeight(60)
        self.starts_on = _date_field()
        self.ends_on = _date_field()
        self.cooldown_days = _days_spin(0, 365)
        self.passes = _days_spin(1, 10)
        self._add(form, "name", self.name)
        self._add(form, "kind", self.kind)
        self._add(form, "purpose", self.purpose)
        self._add(form, "starts_on", self.starts_on)
        self._add(form, "ends_on", self.ends_on)
        self._add(form, "cooldown_days", self.cooldown_days)
        self._add(form, "passes", self.passes)

        # Who is called
        form = self._page()
        self.branches_model = QStandardItemModel(self)
        self.branches = QListView()
        self.branches.setModel(self.branches_model)
        self.branches.setMinimumHeight(110)
        self.branches.setMaximumHeight(170)
        self.kind_boxes = {kind: QCheckBox() for kind in MembershipKind}
        self.include_applicants = QCheckBox()
        self.joined_from = _date_field()
        self.joined_to = _date_field()
        self.joined_dash = QLabel("–")
        self.joined_within_days = _days_spin(0, _DAYS_LIMIT)
        self.language_boxes = {language: QCheckBox() for language in MemberLanguage}
        self.requires_phone = QCheckBox()
        self.not_reached_days = _days_spin(0, _DAYS_LIMIT)
        self._add(form, "branches", _with_hint(self.branches, self._hint("branches")))
        self._add(form, "kinds", _FieldRow(*self.kind_boxes.values(), self.include_applicants), "include_applicants")
        joined = _FieldRow(self.joined_from, self.joined_dash, self.joined_to, focus=self.joined_to)
        self._add(form, "joined_from", joined, "joined_to")
        self._add(form, "joined_within_days", self.joined_within_days)
        self._add(form, "languages", _with_hint(_FieldRow(*self.language_boxes.values()), self._hint("languages")))
        self._add(form, "requires_phone", self.requires_phone)
        self._add(form, "not_reached_days", self.not_reached_days)

        # Script and questions, in the order the caller reads them
        form = self._page()
        self.intro = QPlainTextEdit()
        self.intro.setTabChangesFocus(True)
        self.intro.setFixedHeight(64)
        self.questions = QuestionsEditor()
        self.closing = QPlainTextEdit()
        self.closing.setTabChangesFocus(True)
        self.closing.setFixedHeight(52)
        self._add(form, "intro", self.intro)
        self._add(form, "questions", self.questions)
        self._add(form, "closing", self.closing)

        self._load_branches(initial.rule.branch_ids)
        self._show(initial)
        self.retranslate()
        # Room for the script page's list and editor, within a 1366×768 screen less its task bar.
        available = self.screen().availableGeometry()
        self.resize(min(860, available.width()), min(640, available.height() - 60))
        self.name.setFocus()

    # --- building ----------------------------------------------------------------------------------------------

    def _page(self) -> QFormLayout:
        """Add a page to the tabs and return its form; the page scrolls rather than clip on a small screen."""
        page = QWidget()
        form = new_form()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)  # rows keep their height; the room left over goes under the last one
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs.addTab(scroll, "")
        return form

    def _add(self, form: QFormLayout, key: str, field: QWidget, *aliases: str) -> None:
        # FormDialog.add_row puts its rows on self.form; each page has its own form.
        main, self.form = self.form, form
        try:
            self.add_row(key, field, *aliases)
        finally:
            self.form = main

    def _hint(self, key: str) -> QLabel:
        self.hints[key] = _hint_label()
        return self.hints[key]

    def _load_branches(self, chosen: tuple[uuid.UUID, ...]) -> None:
        """List the district's branches to tick; a branch the rule names that is gone is listed too, ticked."""
        with self.context.database.reading() as session:
            live = list(
                session.execute(
                    select(Branch.id, Branch.name).where(Branch.deleted_at.is_(None)).order_by(Branch.name)
                ).tuples()
            )
            known = {branch_id for branch_id, _name in live}
            missing = [branch_id for branch_id in chosen if branch_id not in known]
            gone = dict(session.execute(select(Branch.id, Branch.name).where(Branch.id.in_(missing))).tuples().all())
        self._removed_branches: dict[uuid.UUID, str] = {branch_id: gone.get(branch_id, "?") for branch_id in missing}
        for branch_id, name in [*live, *self._removed_branches.items()]:
            item = QStandardItem(name)
            item.setData(branch_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if branch_id in chosen else Qt.CheckState.Unchecked)
            self.branches_model.appendRow(item)

    def _show(self, data: CampaignData) -> None:
        self.name.setText(data.name)
        select_data(self.kind, data.kind)
        self.purpose.setPlainText(data.purpose or "")
        self.starts_on.set_value(data.starts_on)
        self.ends_on.set_value(data.ends_on)
        self.cooldown_days.setValue(data.cooldown_days)
        self.passes.setValue(data.passes)
        rule = data.rule
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind.value in rule.kinds)
        self.include_applicants.setChecked(rule.include_applicants)
        self.joined_from.set_value(rule.joined_from)
        self.joined_to.set_value(rule.joined_to)
        self.joined_within_days.setValue(rule.joined_within_days or 0)
        for language, box in self.language_boxes.items():
            box.setChecked(language.value in rule.languages)
        self.requires_phone.setChecked(rule.requires_phone)
        self.not_reached_days.setValue(rule.not_reached_days or 0)
        self.intro.setPlainText(data.intro)
        self.closing.setPlainText(data.closing)
        self.questions.set_questions(data.questions)

    # --- reading what is typed ---------------------------------------------------------------------------------

    def checked_branches(self) -> tuple[uuid.UUID, ...]:
        """The branches ticked, in list order."""
        return tuple(
            self.branches_model.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.branches_model.rowCount())
            if self.branches_model.item(row).checkState() == Qt.CheckState.Checked
        )

    def rule(self) -> TargetRule:
        """The target rule as set (keys a newer program wrote are kept as they were)."""
        return replace(
            self.initial.rule,
            branch_ids=self.checked_branches(),
            kinds=tuple(kind.value for kind, box in self.kind_boxes.items() if box.isChecked()),
            include_applicants=self.include_applicants.isChecked(),
            joined_from=self.joined_from.value(),
            joined_to=self.joined_to.value(),
            joined_within_days=self.joined_within_days.value() or None,
            languages=tuple(language.value for language, box in self.language_boxes.items() if box.isChecked()),
            requires_phone=self.requires_phone.isChecked(),
            not_reached_days=self.not_reached_days.value() or None,
        )

    def campaign_values(self) -> CampaignData:
        """What is typed, not yet checked."""
        return CampaignData(
            name=self.name.text(),
            kind=self.kind.currentData(),
            purpose=self.purpose.toPlainText() or None,
            starts_on=self.starts_on.value(),
            ends_on=self.ends_on.value(),
            intro=self.intro.toPlainText(),
            closing=self.closing.toPlainText(),
            rule=self.rule(),
            cooldown_days=self.cooldown_days.value(),
            passes=self.passes.value(),
            questions=self.questions.questions(),
        )

    def save(self) -> None:
        data = check_campaign(self.campaign_values())
        existing = self.campaign_id
        if existing is None:
            self.campaign_id = save_calling_change(
                self.context, Label(N_("New campaign")), lambda session: create_campaign(session, data)
            )
        else:
            save_calling_change(
                self.context, Label(N_("Edit campaign")), lambda session: update_campaign(session, existing, data)
            )

    def show_validation(self, error: ValidationError) -> None:
        """Turn to the page of the refused field, then show the reason beside it."""
        target = self.errors.get(error.field)
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and target is not None and page.isAncestorOf(target):
                self.tabs.setCurrentIndex(index)
                if isinstance(page, QScrollArea):
                    page.ensureWidgetVisible(target)
        super().show_validation(error)

    # --- texts ---------------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit campaign") if self._editing else _("New campaign"))
        self.tabs.setTabText(0, _("Campaign"))
        self.tabs.setTabText(1, _("Who is called"))
        self.tabs.setTabText(2, _("Script and questions"))
        for key, text in (
            ("name", _("Name")),
            ("kind", _("Kind")),
            ("purpose", _("Purpose")),
            ("starts_on", _("Starts")),
            ("ends_on", _("Ends")),
            ("cooldown_days", _("Days before calling again")),
            ("passes", _("Calls to a member at most")),
            ("branches", _("Branches")),
            ("kinds", _("Membership")),
            ("joined_from", _("Joined between")),
            ("joined_within_days", _("Joined within (days)")),
            ("languages", _("Language")),
            ("requires_phone", _("Phone")),
            ("not_reached_days", _("Leave out if reached elsewhere within (days)")),
            ("intro", _("Introduction")),
            ("questions", _("Questions")),
            ("closing", _("Closing")),
        ):
            self.labels[key].setText(text)
        label_combo(self.kind, CAMPAIGN_KIND_LABELS)
        self.kind.setToolTip(
            _(
                "A welcome call is a standing campaign: every new member who has not been called enters it by "
                "themselves."
            )
        )
        self.purpose.setToolTip(_("Why the campaign calls, in a sentence; the cover page of the sheets shows it"))
        self.starts_on.retranslate()
        self.ends_on.retranslate()
        self.cooldown_days.setToolTip(
            _(
                "After a call that did not reach the member (no answer, busy), this many days pass before "
                "they are put on a sheet again."
            )
        )
        self.passes.setToolTip(
            _("How many times a member who is not reached is called in this campaign before they are left out.")
        )
        kind_texts = {MembershipKind.MEMBER: _("Members"), MembershipKind.SUPPORTER: _("Supporters")}
        for kind, box in self.kind_boxes.items():
            box.setText(kind_texts.get(kind, _(MEMBERSHIP_KIND_LABELS[kind])))
        self.include_applicants.setText(_("Applicants"))
        self.include_applicants.setToolTip(_("Also call people whose application has not yet been accepted"))
        for box in self.kind_boxes.values():
            box.setToolTip(_("None ticked: members and supporters alike"))
        self.hints["branches"].setText(_("None ticked: the members of every branch."))
        self.branches.setToolTip(_("Tick the branches whose members are called (Space ticks)"))
        for row in range(self.branches_model.rowCount()):
            item = self.branches_model.item(row)
            branch_id = item.data(Qt.ItemDataRole.UserRole)
            if branch_id in self._removed_branches:
                item.setText(_("{name} (removed)").format(name=self._removed_branches[branch_id]))
        self.joined_from.retranslate()
        self.joined_to.retranslate()
        self.joined_within_days.setSpecialValueText(_("no limit"))
        self.joined_within_days.setToolTip(
            _(
                "Only members who joined this many days ago or less. A standing campaign such as the welcome "
                "call uses it: new members enter by themselves."
            )
        )
        for language, box in self.language_boxes.items():
            box.setText(_(MEMBER_LANGUAGE_LABELS[language]))
        self.hints["languages"].setText(_("None ticked: every language."))
        self.requires_phone.setText(_("Only members with a usable phone"))
        self.requires_phone.setToolTip(
            _("Members without a valid phone number are left out of the queue, and counted as such")
        )
        self.not_reached_days.setSpecialValueText(_("not used"))
        self.not_reached_days.setToolTip(
            _(
                "Leave out members reached in another campaign within this many days, so nobody is called "
                "twice in a short time."
            )
        )
        self.intro.setToolTip(_("What the caller says first; printed on the cover page"))
        self.closing.setToolTip(_("What the caller says before hanging up"))
        self.questions.retranslate()


def _with_hint(field: QWidget, hint: QLabel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(hint)
    return box
