"""The register of recognitions: every diploma given, numbered; give, change, remove, print, and suggestions.

Opened from the Members tab (Recognitions…) as a window of its own, so the list of members stays at hand.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.i18n import N_, Label, _, format_day, ngettext
from db.privacy.export_log import ExportKind, record_export
from db.recognition.models import RecognitionKind
from db.recognition.printout import build_diploma_job
from db.recognition.records import RecognitionRecord, kind_text
from db.recognition.register import delete_recognition, list_recognitions, occasions, record_printing
from db.recognition.suggestions import Candidate, JubileeSuggestion, jubilee_suggestions, volunteer_shortlist
from desktop.calling.models import Column, SortedListModel, fit_columns, show_given_order
from desktop.recognition.common import save_recognition_change
from desktop.recognition.give_dialog import RecognitionDialog
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress
from desktop.shell.widgets import DataTableView, EmptyState

ALL = "\x00all"  # the "every occasion" entry of the filter


class RecognitionsDialog(QDialog):
    """The numbered register, with suggestions for jubilees and the volunteer of the year."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.resize(1000, 620)
        self.occasion = QComboBox()
        self.occasion.currentIndexChanged.connect(lambda _index: self.reload())
        self.model = SortedListModel[RecognitionRecord](
            [
                Column(N_("Number"), lambda row: row.number, key=lambda row: (row.year, row.sequence)),
                Column(N_("Date"), lambda row: format_day(row.awarded_on), key=lambda row: row.awarded_on),
                Column(N_("Member"), lambda row: row.member_name),
                Column(N_("Recognition"), kind_text),
                Column(N_("Occasion"), lambda row: row.occasion),
                Column(N_("Decision"), lambda row: row.decision),
                Column(
                    N_("Printed"),
                    lambda row: str(row.print_count) if row.print_count else "",
                    key=lambda row: row.print_count,
                    align_right=True,
                ),
            ],
            self,
        )
        self.view = DataTableView()
        self.view.setModel(self.model)
        fit_columns(self.view, stretch=3)
        self.view.activated_row.connect(lambda _row: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.give_button = QPushButton()
        self.give_button.clicked.connect(lambda: self.give())
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_selected)
        self.suggestions = SuggestionsPanel(context, self)
        self.pages = QTabWidget()
        register = QWidget()
        register_layout = QVBoxLayout(register)
        top = QHBoxLayout()
        self.occasion_label = QLabel()
        self.occasion_label.setBuddy(self.occasion)
        top.addWidget(self.occasion_label)
        top.addWidget(self.occasion, 1)
        register_layout.addLayout(top)
        register_layout.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        for button in (self.give_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        register_layout.addLayout(buttons)
        self.pages.addTab(register, "")
        self.pages.addTab(self.suggestions, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        context.events.language_changed.connect(lambda _code: self.retranslate())
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Recognitions"))
        self.pages.setTabText(0, _("&Register"))
        self.pages.setTabText(1, _("&Suggestions"))
        self.occasion_label.setText(_("&Occasion:"))
        self.give_button.setText(_("&Give…"))
        self.give_button.setToolTip(_("Give a member a diploma: a thank-you, a jubilee, volunteer of the year …"))
        self.edit_button.setText(_("&Edit…"))
        self.delete_button.setText(_("Remove"))
        self.delete_button.setToolTip(_("Remove from the register (Edit ▸ Undo brings it back; its number stays used)"))
        self.print_button.setText(_("&Print diplomas…"))
        self.print_button.setToolTip(_("Print the selected recognitions' diplomas, or all of the occasion shown"))
        self.model.retranslate()
        self.empty.set_content(
            _("No recognitions yet"),
            _("Give a thank-you diploma, or look at the suggestions: this year's membership jubilees and a "
              "shortlist for the volunteer of the year."),
            [],
        )  # fmt: skip
        self.suggestions.retranslate()

    # -------------------------------------------------------------------------------------------- loading
    def reload(self) -> None:
        chosen = self.occasion.currentData()
        with self.context.database.reading() as session:
            found = occasions(session)
            records = list_recognitions(session, occasion=None if chosen in (None, ALL) else chosen)
        self.occasion.blockSignals(True)
        self.occasion.clear()
        self.occasion.addItem(_("Every occasion"), ALL)
        for name in found:
            self.occasion.addItem(name, name)
        self.occasion.setCurrentIndex(max(0, self.occasion.findData(chosen)))
        self.occasion.blockSignals(False)
        self.model.set_rows(records)
        self.stack.setCurrentWidget(self.view if records else self.empty)
        self._update_buttons()

    def selected(self) -> list[RecognitionRecord]:
        rows = [self.model.row_at(index.row()) for index in self.view.selectionModel().selectedRows()]
        return [row for row in rows if row is not None]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(len(chosen) == 1)
        self.delete_button.setEnabled(bool(chosen))
        self.print_button.setEnabled(self.model.rowCount() > 0)

    # -------------------------------------------------------------------------------------------- actions
    def give(
        self,
        member: tuple[uuid.UUID, str] | None = None,
        kind: RecognitionKind = RecognitionKind.THANK_YOU,
        jubilee_years: int | None = None,
        reason: str = "",
    ) -> RecognitionRecord | None:
        dialog = RecognitionDialog(
            self.context, None, self, member=member, kind=kind, jubilee_years=jubilee_years, reason=reason
        )
        if dialog.exec():
            self.reload()
            self.suggestions.reload()
            return dialog.record
        return None

    def edit_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1 and RecognitionDialog(self.context, chosen[0], self).exec():
            self.reload()

    def delete_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return

        def work(session: Session) -> None:
            for record in chosen:
                delete_recognition(session, record.id)

        try:
            save_recognition_change(self.context, Label(N_("Remove recognition")), work)
        except Exception as error:  # shown; nothing was written
            show_error(self, _("Recognitions"), error)
        self.reload()

    def print_selected(self) -> None:
        records = self.selected() or self.model.rows()
        if not records:
            return
        choice = PrintChoice(self)
        if not choice.exec():
            return
        print_diplomas(self.context, self, records, choice.design(), choice.landscape.isChecked(), self.reload)


class PrintChoice(QDialog):
    """The design and the orientation of the diplomas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from reports.recognition_designs import DESIGNS  # ReportLab loads when first printing

        self.setWindowTitle(_("Print diplomas"))
        self.designs = QComboBox()
        for number, design in enumerate(DESIGNS, 1):
            self.designs.addItem(_(design.label), number)
        self.landscape = QCheckBox(_("Landscape"))
        form = QFormLayout()
        form.addRow(_("Design"), self.designs)
        form.addRow("", self.landscape)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Print"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def design(self) -> int:
        return int(self.designs.currentData())


def print_diplomas(
    context: ShellContext,
    parent: QWidget,
    records: list[RecognitionRecord],
    design: int,
    landscape: bool,
    after: Callable[[], None],
) -> None:
    """Draw the diplomas off the GUI thread, count the printing in the register, and open the preview.

    A batch is a list of party members' names, so it goes into the export log; a single diploma is counted in the
    register only.
    """
    title = _("Print diplomas")
    database = context.database

    def work(_progress: TaskProgress) -> bytes:
        from reports.recognition import build_diplomas

        with database.reading() as session:
            job = build_diploma_job(session, records)
        pdf = build_diplomas(job.diplomas, design_number=design, landscape=landscape)
        with database.transaction(Label(N_("Print diplomas"))) as session:
            record_printing(session, job.recognition_ids, utcnow())
            if len(job.member_ids) > 1:
                record_export(session, ExportKind.OTHER, job.description, job.member_ids)
        return pdf

    def show(pdf: bytes) -> None:
        after()
        context.events.history_changed.emit()
        context.events.status_message.emit(
            ngettext("{count} diploma printed.", "{count} diplomas printed.", len(records)).format(count=len(records))
        )
        PdfPreviewDialog(pdf, title, "diplomas.pdf", parent).exec()

    context.tasks.run(title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error))


class SuggestionsPanel(QWidget):
    """This year's membership jubilees and the volunteer-of-the-year shortlist, each with Give…."""

    def __init__(self, context: ShellContext, register: RecognitionsDialog) -> None:
        super().__init__()
        self.context = context
        self.register = register
        self.jubilees = SortedListModel[JubileeSuggestion](
            [
                Column(N_("Date"), lambda row: format_day(row.anniversary), key=lambda row: row.anniversary),
                Column(N_("Member"), lambda row: row.name),
                Column(N_("Years"), lambda row: str(row.years), key=lambda row: row.years, align_right=True),
                Column(N_("Branch"), lambda row: row.branch),
            ],
            self,
        )
        self.jubilee_view = DataTableView()
        self.jubilee_view.setModel(self.jubilees)
        self.jubilee_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.jubilee_view, stretch=1)
        self.jubilee_view.activated_row.connect(lambda _row: self.give_jubilee())
        self.candidates = SortedListModel[Candidate](
            [
                Column(N_("Member"), lambda row: row.name),
                Column(N_("Points"), lambda row: f"{row.score:g}", key=lambda row: row.score, align_right=True),
                Column(N_("Activity"), lambda row: row.describe()),
                Column(N_("Branch"), lambda row: row.branch),
            ],
            self,
        )
        self.candidate_view = DataTableView()
        self.candidate_view.setModel(self.candidates)
        self.candidate_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.candidate_view, stretch=2)
        show_given_order(self.candidate_view)  # best first, as the shortlist is made
        self.candidate_view.activated_row.connect(lambda _row: self.give_volunteer())
        self.jubilee_title = QLabel()
        self.candidate_title = QLabel()
        self.jubilee_button = QPushButton()
        self.jubilee_button.clicked.connect(self.give_jubilee)
        self.candidate_button = QPushButton()
        self.candidate_button.clicked.connect(self.give_volunteer)
        layout = QVBoxLayout(self)
        for title, view, button in (
            (self.jubilee_title, self.jubilee_view, self.jubilee_button),
            (self.candidate_title, self.candidate_view, self.candidate_button),
        ):
            row = QHBoxLayout()
            row.addWidget(title, 1)
            row.addWidget(button)
            layout.addLayout(row)
            layout.addWidget(view, 1)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        year = self.context.today().year
        self.jubilee_title.setText(_("Membership jubilees in {year}").format(year=year))
        self.candidate_title.setText(_("Shortlist for the volunteer of the year {year}").format(year=year))
        self.candidate_title.setToolTip(
            _("Scored from the year's recorded activity: calls made, positions of trust, godchildren, articles")
        )
        self.jubilee_button.setText(_("Give jubilee diploma…"))
        self.candidate_button.setText(_("Name volunteer of the year…"))
        self.jubilees.retranslate()
        self.candidates.retranslate()

    def reload(self) -> None:
        today = self.context.today()
        with self.context.database.reading() as session:
            self.jubilees.set_rows(jubilee_suggestions(session, today.year, today))
            self.candidates.set_rows(volunteer_shortlist(session, today.year, today))

    def give_jubilee(self) -> None:
        row = self.jubilees.row_at(self.jubilee_view.currentIndex().row())
        if row is not None:
            self.register.give((row.member_id, row.name), RecognitionKind.JUBILEE, row.years)

    def give_volunteer(self) -> None:
        row = self.candidates.row_at(self.candidate_view.currentIndex().row())
        if row is not None:
            self.register.give((row.member_id, row.name), RecognitionKind.VOLUNTEER_OF_THE_YEAR, reason=row.describe())
