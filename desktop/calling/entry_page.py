"""The Enter results page: a returned sheet typed in by keyboard alone, in print order, saved row by row.

Type the sheet number and Enter: its rows appear as printed. In each row type the outcome code, Tab through the
answers (and a call-back date, a note, a message to the ombudsman), Enter: the row is saved and the cursor goes to
the next row's code. A sheet can be left half entered and resumed; Edit ▸ Undo takes back the last rows.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.calling.entry import RowEntry, enter_row, questions_of
from db.calling.models import Call, CallSheet, Campaign, Question, QuestionKind, SheetRow
from db.calling.outcomes import OUTCOMES, outcome_info, yes_no_letters
from db.calling.sheets import sheet_by_number
from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, Label, _, current_language, format_day
from db.members.io.rows import parse_date
from db.members.models import Member
from desktop.calling.common import save_calling_change
from desktop.shell.context import ShellContext

_SAVED = "✓"
_ERROR_COLOUR = QColor("#b3261e")


@dataclass
class _Row:
    """One printed row as the page holds it."""

    row: int
    member_id: uuid.UUID
    name: str
    entered: bool


class _EnterDelegate(QStyledItemDelegate):
    """Line editors whose Enter commits the cell and then asks the page to save the row."""

    enter_pressed = Signal()

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(editor, QWidget)
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            self.enter_pressed.emit()
            return True
        return super().eventFilter(editor, event)


class EntryTable(QTableWidget):
    """The grid: typing starts editing a cell; Enter (editing or not) finishes the row."""

    row_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = _EnterDelegate(self)
        self.delegate.enter_pressed.connect(self.row_finished)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.row_finished.emit()
            return
        super().keyPressEvent(event)


def answer_text(question: Question, value: Any, language: str) -> str:
    """What to show in a cell for an answer already saved (as it could have been typed)."""
    yes, no = yes_no_letters(language)
    if value is None:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return yes if value else no
    if isinstance(value, list):
        return " ".join(str(number) for number in value)
    if question.kind == QuestionKind.CHECK_EMAIL and isinstance(value, dict):
        return value.get("email") or ("✓" if value.get("confirmed") else no)
    if question.kind == QuestionKind.GODPARENT and isinstance(value, dict):
        return value.get("godparent_number") or (yes if value.get("wants") else no)
    return str(value)


class EntryPage(QWidget):
    """Type one sheet's outcomes back in, row by row."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.campaign_id: uuid.UUID | None = None
        self.sheet_id: uuid.UUID | None = None
        self.sheet_number = 0
        self.campaign_name = ""  # named in each entry's undo label, so a member's history says which campaign
        self.questions: list[Question] = []
        self.rows: list[_Row] = []
        self._loading = False
        self.sheet_label = QLabel()
        self.sheet_field = QSpinBox()
        self.sheet_field.setRange(1, 99999)
        self.sheet_field.setMinimumWidth(90)
        self.sheet_field.lineEdit().returnPressed.connect(self.open_typed_sheet)
        self.sheet_label.setBuddy(self.sheet_field)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_typed_sheet)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.table = EntryTable()
        self.table.row_finished.connect(self.finish_current_row)
        self.table.currentCellChanged.connect(self._cell_changed)
        self.table.itemChanged.connect(self._item_edited)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_field)
        top.addWidget(self.open_button)
        top.addWidget(self.about, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.legend)
        self.retranslate()

    # ------------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.sheet_label.setText(_("&Sheet number:"))
        self.open_button.setText(_("Open"))
        self.open_button.setToolTip(_("Show the rows of this sheet in print order (Enter)"))
        # A no-break space keeps each code on the line of its label when the legend wraps.
        codes = " · ".join(f"{info.code}\u00a0{_(info.label)}" for info in OUTCOMES)
        yes, no = yes_no_letters(current_language())
        self.legend.setText(
            _(
                "Codes: {codes}. Yes/no: {yes}/{no} (K/E and J/N are read too); options by number; "
                "dates as 3.12.2026; Enter saves the row."
            ).format(codes=codes, yes=yes, no=no)
        )
        self._set_headers()
        self._show_about()

    def _columns(self) -> list[tuple[str, str]]:
        """(key, header) of every column: row, name, code, the questions, call back, note, message, saved."""
        columns = [("row", _("Row")), ("name", _("Name")), ("code", _("Outcome"))]
        columns += [(f"q{number}", f"Q{number}") for number in range(1, len(self.questions) + 1)]
        columns += [
            ("call_back", _("Call back")),
            ("note", _("Note")),
            ("message", _("To the ombudsman")),
            ("saved", _("Saved")),
        ]
        return columns

    def _column(self, key: str) -> int:
        return [name for name, _header in self._columns()].index(key)

    def _set_headers(self) -> None:
        columns = self._columns()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([header for _key, header in columns])
        for number, question in enumerate(self.questions, 1):
            question_header = self.table.horizontalHeaderItem(self._column(f"q{number}"))
            if question_header is not None:
                question_header.setToolTip(question.text)
        code_header = self.table.horizontalHeaderItem(self._column("code"))
        if code_header is not None:
            code_header.setToolTip(", ".join(info.code for info in OUTCOMES))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {"row": 48, "name": 200, "code": 64, "call_back": 100, "note": 160, "message": 160}
        metrics = header.fontMetrics()
        for column, (key, title) in enumerate(columns):
            # Never narrower than the heading: "Soita myöhemmin" must not be cut to "oita myöhemmi".
            needed = metrics.horizontalAdvance(title) + 24
            self.table.setColumnWidth(column, max(widths.get(key, 90), needed))

    def _show_about(self) -> None:
        if self.sheet_id is None:
            self.about.setText(
                _("Type the number printed on a returned sheet and press Enter.")
                if self.campaign_id is not None
                else _("Choose a campaign first.")
            )
            return
        entered = sum(1 for row in self.rows if row.entered)
        self.about.setText(
            _("Sheet {number}: {entered} of {rows} rows entered.").format(
                number=self.sheet_number, entered=entered, rows=len(self.rows)
            )
        )

    # ----------------------------------------------------------------------------------------------- loading
    def set_campaign(self, campaign_id: uuid.UUID | None) -> None:
        if campaign_id != self.campaign_id:
            self.campaign_id = campaign_id
            self.sheet_id = None
            self.rows = []
            self.questions = []
            self.table.setRowCount(0)
            self._set_headers()
        self._show_about()

    def open_typed_sheet(self) -> None:
        self.open_sheet(self.sheet_field.value())

    def open_sheet(self, number: int) -> bool:
        """Show sheet ``number`` of the campaign and put the cursor on its first row not yet entered."""
        if self.campaign_id is None:
            return False
        self.sheet_field.setValue(number)
        try:
            with self.context.database.reading() as session:
                sheet = sheet_by_number(session, self.campaign_id, number)
                self.questions = questions_of(session, self.campaign_id)
                self._load(session, sheet)
        except KansliError as error:
            self.message.setText(str(error))
            self.sheet_field.setFocus()
            self.sheet_field.selectAll()
            return False
        self.message.setText("")
        first_open = next((index for index, row in enumerate(self.rows) if not row.entered), 0)
        self.table.setFocus()
        if self.rows:
            self.table.setCurrentCell(first_open, self._column("code"))
        return True

    def reload(self) -> None:
        """Show the open sheet again (after undo or a change elsewhere), keeping the cursor."""
        if self.campaign_id is None or self.sheet_id is None:
            self._show_about()
            return
        row, column = self.table.currentRow(), self.table.currentColumn()
        try:
            with self.context.database.reading() as session:
                sheet = session.get(CallSheet, self.sheet_id)
                if sheet is None or sheet.deleted_at is not None:
                    raise KansliError(_("The call sheet was not found; it may have been released."))
                self.questions = questions_of(session, self.campaign_id)
                self._load(session, sheet)
        except KansliError as error:
            self.message.setText(str(error))
            return
        if 0 <= row < self.table.rowCount():
            self.table.setCurrentCell(row, max(0, column))

    def _load(self, session: Session, sheet: CallSheet) -> None:
        self._loading = True
        try:
            self.sheet_id, self.sheet_number = sheet.id, sheet.number
            campaign = session.get(Campaign, sheet.campaign_id)
            self.campaign_name = campaign.name if campaign is not None else ""
            printed = session.execute(
                select(SheetRow.row, SheetRow.member_id, Member.first_name, Member.last_name, SheetRow.id)
                .join(Member, Member.id == SheetRow.member_id)
                .where(SheetRow.sheet_id == sheet.id, SheetRow.deleted_at.is_(None))
                .order_by(SheetRow.row)
            ).all()
            calls = {
                call.sheet_row_id: call
                for call in session.execute(
                    select(Call).where(
                        Call.sheet_row_id.in_([row_id for *_rest, row_id in printed]), Call.deleted_at.is_(None)
                    )
                ).scalars()
            }
            self._set_headers()
            self.rows = []
            self.table.setRowCount(len(printed))
            language = current_language()
            for index, (number, member_id, first, last, row_id) in enumerate(printed):
                call = calls.get(row_id)
                self.rows.append(_Row(number, member_id, f"{first} {last}", call is not None))
                self._fixed(index, "row", str(number))
                self._fixed(index, "name", f"{first} {last}")
                answers = json.loads(call.answers) if call else {}
                values = {
                    "code": outcome_info(call.outcome).code if call else "",
                    "call_back": format_day(call.call_back_after) if call and call.call_back_after else "",
                    "note": call.notes or "" if call else "",
                    "message": "",
                }
                for position, question in enumerate(self.questions, 1):
                    values[f"q{position}"] = answer_text(question, answers.get(str(question.id)), language)
                for key, value in values.items():
                    self.table.setItem(index, self._column(key), QTableWidgetItem(value))
                self._fixed(index, "saved", _SAVED if call else "")
        finally:
            self._loading = False
        self._show_about()

    def _fixed(self, row: int, key: str, text: str) -> None:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.table.setItem(row, self._column(key), item)

    # ------------------------------------------------------------------------------------------------ saving
    def _text(self, row: int, key: str) -> str:
        item = self.table.item(row, self._column(key))
        return item.text().strip() if item is not None else ""

    def _cell_changed(self, row: int, _column: int, previous_row: int, _previous_column: int) -> None:
        # Leaving a row with a code typed saves it too, so nothing typed is lost to a mouse click.
        if self._loading or previous_row < 0 or previous_row == row or previous_row >= len(self.rows):
            return
        if self._text(previous_row, "code") and self._row_changed(previous_row):
            self.save_row(previous_row)

    def _item_edited(self, item: QTableWidgetItem) -> None:
        # A cell typed into since the row was saved: the row is unsaved again (no ✓) until Enter or leaving it.
        if self._loading or item.column() == self._column("saved"):
            return
        self._loading = True
        try:
            self.table.setItem(item.row(), self._column("saved"), _fixed_item(""))
        finally:
            self._loading = False

    def _row_changed(self, row: int) -> bool:
        saved = self.table.item(row, self._column("saved"))
        return saved is None or saved.text() != _SAVED

    def finish_current_row(self) -> None:
        """Enter: save the current row (unless it is empty) and go to the next row's code."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        # A row saved and not typed into since is not saved again: that would only add an empty step to Undo.
        wants_saving = (bool(self._text(row, "code")) or self.rows[row].entered) and self._row_changed(row)
        if wants_saving and not self.save_row(row):
            return
        if row + 1 < len(self.rows):
            self.table.setCurrentCell(row + 1, self._column("code"))
        else:
            self.message.setText(_("That was the last row of sheet {number}.").format(number=self.sheet_number))

    def save_row(self, row: int) -> bool:
        """Save one row; on a refusal show why, put the cursor on the cell at fault and return False."""
        if self.sheet_id is None or not 0 <= row < len(self.rows):
            return False
        sheet_id, number, today = self.sheet_id, self.rows[row].row, self.context.today()
        try:
            entry = self._entry(row, today)
            result = save_calling_change(
                self.context,
                Label(
                    N_("Call entered: {campaign}, sheet {sheet}, row {row}"),
                    campaign=self.campaign_name,
                    sheet=str(self.sheet_number),
                    row=str(number),
                ),
                lambda session: enter_row(session, _sheet(session, sheet_id), number, entry, today),
                members=True,
            )
        except ValidationError as error:
            self._refuse(row, error.field, str(error))
            return False
        except KansliError as error:
            self._refuse(row, "code", str(error))
            return False
        self._loading = True
        try:
            self.rows[row].entered = True
            saved = QTableWidgetItem(_SAVED)
            saved.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, self._column("saved"), saved)
        finally:
            self._loading = False
        self.message.setText(
            _("Sheet {number} is now fully entered.").format(number=self.sheet_number) if result.sheet_entered else ""
        )
        self._show_about()
        return True

    def _entry(self, row: int, today: date) -> RowEntry:
        call_back_text = self._text(row, "call_back")
        try:
            call_back = parse_date(call_back_text, today) if call_back_text else None
        except ValidationError as error:
            raise ValidationError("call_back", str(error)) from None
        answers = {number: self._text(row, f"q{number}") for number in range(1, len(self.questions) + 1)}
        return RowEntry(
            code=self._text(row, "code"),
            answers=answers,
            call_back_after=call_back,
            note=self._text(row, "note"),
            message=self._text(row, "message"),
        )

    def _refuse(self, row: int, field: str, reason: str) -> None:
        keys = [key for key, _header in self._columns()]
        key = field if field in keys else "code"
        saved = QTableWidgetItem("!")
        saved.setForeground(QBrush(_ERROR_COLOUR))
        saved.setToolTip(reason)
        saved.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self._loading = True
        try:
            self.table.setItem(row, self._column("saved"), saved)
            self.table.setCurrentCell(row, self._column(key))
        finally:
            self._loading = False
        self.message.setText(_("Row {row} was not saved: {reason}").format(row=self.rows[row].row, reason=reason))
        self.context.events.status_message.emit(self.message.text())


def _fixed_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def _sheet(session: Session, sheet_id: uuid.UUID) -> CallSheet:
    sheet = session.get(CallSheet, sheet_id)
    if sheet is None or sheet.deleted_at is not None:
        raise KansliError(_("The call sheet was not found; it may have been released."))
    return sheet
