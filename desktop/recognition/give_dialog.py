"""Giving a recognition, or changing one: who, what, why, when, at which occasion, by which decision, who signs."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, Label, _
from db.recognition.models import JUBILEE_YEARS, RECOGNITION_KIND_LABELS, RecognitionKind
from db.recognition.records import RecognitionData, RecognitionRecord, Signer
from db.recognition.register import (
    DuplicateRecognitionError,
    default_place,
    default_signers,
    give_recognition,
    update_recognition,
)
from desktop.branches.forms import FormDialog, date_edit, date_of, enum_combo, label_combo, select_data
from desktop.recognition.common import save_recognition_change
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import MemberPicker
from desktop.shell.messages import confirm
from desktop.shell.widgets import qdate


class SignersEditor(QWidget):
    """The people who sign the diploma: a name and a title each (chair, secretary …)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(120)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add("", ""))
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Name"), _("Title")])
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))

    def add(self, name: str, title: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(title))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_signers(self, signers: tuple[Signer, ...]) -> None:
        self.table.setRowCount(0)
        for signer in signers:
            self.add(signer.name, signer.title)
        self._roles = {signer.name: signer.role for signer in signers}

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def signers(self) -> tuple[Signer, ...]:
        found = []
        roles = getattr(self, "_roles", {})
        for row in range(self.table.rowCount()):
            name, title = (self._text(row, column) for column in (0, 1))
            if name:
                found.append(Signer(name, title, roles.get(name)))
        return tuple(found)


class RecognitionDialog(FormDialog):
    """A new recognition (``record`` None) or the details of one in the register; :attr:`record` is set on save."""

    def __init__(
        self,
        context: ShellContext,
        record: RecognitionRecord | None = None,
        parent: QWidget | None = None,
        *,
        member: tuple[uuid.UUID, str] | None = None,
        kind: RecognitionKind = RecognitionKind.THANK_YOU,
        jubilee_years: int | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(context, parent)
        self.editing = record
        self.record: RecognitionRecord | None = None
        self.member = MemberPicker(context.database, context.today())
        self.kind = enum_combo(RecognitionKind)
        self.kind.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self.years = QComboBox()
        for years in JUBILEE_YEARS:
            self.years.addItem(str(years), years)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(80)
        self.awarded = date_edit(context.today())
        self.occasion = QLineEdit()
        self.occasion.setMaxLength(200)
        self.decision = QLineEdit()
        self.decision.setMaxLength(200)
        self.place = QLineEdit()
        self.place.setMaxLength(100)
        self.signers = SignersEditor()
        for key, field in (
            ("member", self.member),
            ("kind", self.kind),
            ("jubilee_years", self.years),
            ("title", self.title_edit),
            ("reason", self.reason),
            ("awarded_on", self.awarded),
            ("occasion", self.occasion),
            ("decision", self.decision),
            ("place", self.place),
            ("signers", self.signers),
        ):
            self.add_row(key, field)
        with context.database.reading() as session:
            signers = default_signers(session, context.today())
            place = default_place(session)
        if record is not None:
            self.member.set_member(record.member_id, record.member_name)
            data = record.data()
            select_data(self.kind, data.kind)
            if data.jubilee_years:
                select_data(self.years, data.jubilee_years)
            self.title_edit.setText(data.title)
            self.reason.setPlainText(data.reason)
            self.awarded.setDate(qdate(data.awarded_on))
            self.occasion.setText(data.occasion)
            self.decision.setText(data.decision)
            self.place.setText(record.place)
            self.signers.set_signers(record.signers)
        else:
            if member is not None:
                self.member.set_member(*member)
            select_data(self.kind, kind)
            if jubilee_years:
                select_data(self.years, jubilee_years)
            self.reason.setPlainText(reason)
            self.place.setText(place or "")
            self.signers.set_signers(tuple(signers))
        self.retranslate()
        self._kind_changed()
        self.setMinimumWidth(560)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit recognition") if self.editing else _("Give a recognition"))
        label_combo(self.kind, RECOGNITION_KIND_LABELS)
        for key, text in (
            ("member", _("Member")),
            ("kind", _("Recognition")),
            ("jubilee_years", _("Years of membership")),
            ("title", _("Title")),
            ("reason", _("Reason")),
            ("awarded_on", _("Date")),
            ("occasion", _("Occasion")),
            ("decision", _("Decision")),
            ("place", _("Place")),
            ("signers", _("Signed by")),
        ):
            self.labels[key].setText(text)
        self.title_edit.setPlaceholderText(_("The heading of the diploma, e.g. Honorary chair"))
        self.occasion.setPlaceholderText(_("e.g. the spring meeting 2026"))
        self.decision.setPlaceholderText(_("e.g. DS 5/2026 § 7"))
        self.decision.setToolTip(_("The meeting and § that decided it, when there was a decision"))
        self.signers.retranslate()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        for key, shown in (
            ("jubilee_years", kind == RecognitionKind.JUBILEE),
            ("title", kind == RecognitionKind.OTHER),
        ):
            self.labels[key].setVisible(shown)
            field = self.years if key == "jubilee_years" else self.title_edit
            field.setVisible(shown)

    def data(self) -> RecognitionData:
        kind = RecognitionKind(self.kind.currentData())
        return RecognitionData(
            member_id=self.member.chosen_id,  # type: ignore[arg-type]
            kind=kind,
            awarded_on=date_of(self.awarded),
            reason=self.reason.toPlainText(),
            jubilee_years=int(self.years.currentData()) if kind == RecognitionKind.JUBILEE else None,
            title=self.title_edit.text() if kind == RecognitionKind.OTHER else "",
            occasion=self.occasion.text(),
            decision=self.decision.text(),
            place=self.place.text(),
            signers=self.signers.signers(),
        )

    def save(self) -> None:
        if self.member.chosen_id is None:
            raise ValidationError("member", _("Choose the member from the list."))
        data = self.data()
        editing = self.editing
        label = Label(N_("Edit recognition")) if editing else Label(N_("Give a recognition"))

        def write(allow_duplicate: bool) -> RecognitionRecord | None:
            def work(session: Session) -> RecognitionRecord | None:
                if editing is not None:
                    update_recognition(session, editing.id, data, allow_duplicate=allow_duplicate)
                    return None
                return give_recognition(session, data, allow_duplicate=allow_duplicate)

            return save_recognition_change(self.context, label, work)

        try:
            self.record = write(False)
        except DuplicateRecognitionError as duplicate:
            earlier = ", ".join(record.number for record in duplicate.earlier)
            if not confirm(
                self,
                self.windowTitle(),
                _("{name} has already been given this recognition ({numbers}). Give it again?").format(
                    name=self.member.text(), numbers=earlier
                ),
                _("Give it again"),
            ):
                raise KansliError(_("Nothing was saved.")) from None  # the dialog stays open with what was typed
            self.record = write(True)
