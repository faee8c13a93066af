"""The Privacy tab: the district's GDPR duties in one place.

Four pages: the two logs (exports and printouts; privacy actions taken), the retention rules with "Purge now…",
and the district's facts for the register description with its printout. Above them the actions for one person:
an access request and an erasure. Work that writes runs in a task and emits ``members_changed``/``history_changed``.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.core.base import utcnow
from db.core.district import get_district
from db.core.errors import KansliError
from db.core.i18n import LANGUAGES, N_, Label, _, current_language, ngettext
from db.privacy.access import access_request, record_access_request
from db.privacy.erasure import ErasureResult, erase_member
from db.privacy.register import RegisterSettings, read_register_settings, write_register_settings
from db.privacy.retention import PurgeReport, RetentionRules, purge, read_rules, write_rules
from desktop.privacy.dialogs import AccessRequestDialog, EraseDialog, PurgeDialog
from desktop.privacy.log_panels import ExportLogPanel, PrivacyEventsPanel
from desktop.privacy.settings_forms import RegisterForm, RetentionForm
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm, show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tab_page import TabPage
from desktop.shell.tasks import TaskProgress


def _scrolling(form: QWidget) -> QScrollArea:
    """A settings form on a page of its own: scrolls when the window is low, never wider than it reads well."""
    form.setMaximumWidth(860)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    scroll.setWidget(form)
    return scroll


class PrivacyTab(TabPage):
    """Export log, privacy actions, retention rules and purge, access requests, erasure, register description."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._saved_rules = RetentionRules()
        self._saved_register = RegisterSettings()
        self._settings_stale = True
        self.access_button = QPushButton()
        self.access_button.clicked.connect(self.answer_access_request)
        self.erase_button = QPushButton()
        self.erase_button.clicked.connect(self.erase_person)
        self.actions_label = QLabel()
        self.exports = ExportLogPanel(context.database)
        self.events = PrivacyEventsPanel(context.database)
        self.retention = RetentionForm()
        self.retention.save_requested.connect(self.save_rules)
        self.retention.purge_button.clicked.connect(self.purge_now)
        self.register_form = RegisterForm()
        self.register_form.save_requested.connect(self.save_register_settings)
        self.register_form.print_requested.connect(self.print_register_description)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for page in (self.exports, self.events, _scrolling(self.retention), _scrolling(self.register_form)):
            self.pages.addTab(page, "")

        top = QHBoxLayout()
        top.addWidget(self.actions_label)
        top.addWidget(self.access_button)
        top.addWidget(self.erase_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        context.events.members_changed.connect(self.request_refresh)
        context.events.data_changed.connect(self._data_changed)
        self.retranslate()
        self.request_refresh()

    # ------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.actions_label.setText(_("For one person:"))
        self.access_button.setText(_("Access request…"))
        self.access_button.setToolTip(
            _("Write everything Kansli holds about one person as a PDF and a JSON file for them (GDPR Art. 15)")
        )
        self.erase_button.setText(_("Erase…"))
        self.erase_button.setToolTip(_("Erase one person's personal data for good (GDPR Art. 17)"))
        self.pages.setTabText(0, _("Exports and printouts"))
        self.pages.setTabToolTip(0, _("Every export or printout that carried personal data: when, what, for whom"))
        self.pages.setTabText(1, _("Privacy actions"))
        self.pages.setTabToolTip(1, _("Access requests answered, erasures, purges and changes of the retention rules"))
        self.pages.setTabText(2, _("Retention rules"))
        self.pages.setTabToolTip(2, _("How long former members' data is kept, and the purge that applies it"))
        self.pages.setTabText(3, _("Register description"))
        self.pages.setTabToolTip(3, _("The district's facts for the register description, and its printout"))
        self.exports.retranslate()
        self.events.retranslate()
        self.retention.retranslate()
        self.register_form.retranslate()

    # ------------------------------------------------------------------------------------------ loading
    def _data_changed(self) -> None:
        # Undo, a restore or sync may have changed the settings too; the forms are read again.
        self._settings_stale = True
        self.request_refresh()

    def refresh(self) -> None:
        self.exports.reload()
        self.events.reload()
        if self._settings_stale:
            self._load_settings()

    def _load_settings(self) -> None:
        with self.context.database.reading() as session:
            self._saved_rules = read_rules(session)
            self._saved_register = read_register_settings(session)
            district_language = str(get_district(session).language)
        self.retention.set_rules(self._saved_rules)
        self.register_form.set_settings(self._saved_register)
        self.register_form.set_language(district_language)
        self._settings_stale = False

    def _reload_logs(self) -> None:
        self.exports.reload()
        self.events.reload()

    def focus_search(self) -> bool:
        self.pages.setCurrentWidget(self.exports)
        self.exports.search.setFocus()
        self.exports.search.selectAll()
        return True

    def print_current(self) -> bool:
        """File ▸ Print on this tab prints the register description."""
        self.print_register_description(self.register_form.settings(), self.register_form.language())
        return True

    # ------------------------------------------------------------------------------------------ settings
    def save_rules(self, rules: RetentionRules) -> None:
        """Save the retention rules (the change is logged among the privacy actions)."""
        try:
            with self.context.database.transaction(Label(N_("Retention rules"))) as session:
                write_rules(session, rules)
        except KansliError as error:
            show_error(self, _("Retention rules"), error)
            return
        self._saved_rules = rules
        self.events.reload()
        self.context.events.status_message.emit(_("Retention rules saved."))

    def save_register_settings(self, settings: RegisterSettings) -> bool:
        """Save the district's facts for the register description; False when they could not be saved."""
        try:
            with self.context.database.transaction(Label(N_("Register description"))) as session:
                write_register_settings(session, settings)
        except Exception as error:  # shown to the user; nothing was saved
            show_error(self, _("Register description"), error)
            return False
        self._saved_register = settings
        self.context.events.status_message.emit(_("Register description saved."))
        return True

    def print_register_description(self, settings: RegisterSettings, language: str) -> None:
        """Save the facts if they changed, and open the register description in the preview."""
        title = _("Register description")
        if settings != self._saved_register and not self.save_register_settings(settings):
            return
        if settings.missing() and not confirm(
            self,
            title,
            _(
                "The address, contact person or e-mail is not filled in yet; the register description shows an "
                "empty line to write on instead. Print anyway?"
            ),
            _("Print"),
        ):
            return
        with self.context.database.reading() as session:
            district = get_district(session)
            rules = read_rules(session)
        today = self.context.today()
        # ReportLab loads when first printing, not when the program starts.
        from reports.register_description import RegisterDescription, build_register_description

        description = RegisterDescription(district.name, district.country, settings, rules, today, language)

        def show(pdf: bytes) -> None:
            PdfPreviewDialog(pdf, title, "register-description.pdf", self).exec()

        self.context.tasks.run(
            title,
            lambda _progress: build_register_description(description),
            writes=False,
            on_success=show,
            on_failure=lambda error: show_error(self, title, error),
        )

    # ------------------------------------------------------------------------------------- person actions
    def answer_access_request(self) -> None:
        """Pick a person and a folder; write their access request there and show the PDF."""
        title = _("Access request")
        dialog = AccessRequestDialog(self.context, self)
        if not dialog.exec() or dialog.member_id is None:
            return
        folder = QFileDialog.getExistingDirectory(self, _("Where to write the access request"), str(Path.home()))
        if not folder:
            return
        member_id, chosen, directory = dialog.member_id, dialog.language(), Path(folder)
        database, today, interface_language = self.context.database, self.context.today(), current_language()

        def work(_progress: TaskProgress) -> tuple[Path, bytes]:
            from reports.privacy_access import write_access_request  # ReportLab loads when first printing

            written: tuple[Path, ...] = ()
            try:
                # One transaction: the files are logged as written, or (on any failure) neither exists.
                with database.transaction(Label(N_("Access request"))) as session:
                    report = access_request(session, member_id, today)
                    own = report.member_language if report.member_language in LANGUAGES else interface_language
                    written = write_access_request(report, directory, chosen or own)
                    record_access_request(session, report, [str(path) for path in written])
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                raise
            pdf_path = written[1]
            return pdf_path, pdf_path.read_bytes()

        def done(result: tuple[Path, bytes]) -> None:
            pdf_path, pdf = result
            self._reload_logs()
            self.context.events.status_message.emit(
                _("The access request was written to {folder}.").format(folder=pdf_path.parent)
            )
            PdfPreviewDialog(pdf, title, pdf_path.name, self).exec()

        self.context.tasks.run(title, work, on_success=done, on_failure=lambda error: show_error(self, title, error))

    def erase_person(self) -> None:
        """Pick a person, confirm by typing the name, and erase their personal data."""
        title = _("Erase personal data")
        dialog = EraseDialog(self.context, self)
        if not dialog.exec() or dialog.member_id is None:
            return
        member_id, database = dialog.member_id, self.context.database

        def work(_progress: TaskProgress) -> ErasureResult:
            with database.transaction(Label(N_("Erase personal data"))) as session:
                return erase_member(session, member_id, utcnow())

        def done(_result: ErasureResult) -> None:
            self._after_erasure([member_id])
            self.context.events.status_message.emit(_("The person's personal data was erased."))

        self.context.tasks.run(title, work, on_success=done, on_failure=lambda error: show_error(self, title, error))

    def _after_erasure(self, member_ids: list[uuid.UUID]) -> None:
        self._reload_logs()
        for member_id in member_ids:
            self.context.events.member_changed.emit(member_id)
        self.context.events.members_changed.emit()
        self.context.events.history_changed.emit()

    # -------------------------------------------------------------------------------------------- purge
    def purge_now(self) -> None:
        """Show whose retention period has passed (a dry run); purge them once the user confirms."""
        title = _("Purge now")
        if self.retention.rules() != self._saved_rules:
            show_error(self, title, _("Save the retention rules first: a purge applies the saved rules."))
            return
        rules, today, database = self._saved_rules, self.context.today(), self.context.database

        def dry_run(_progress: TaskProgress) -> PurgeReport:
            with database.reading() as session:
                return purge(session, rules, today, dry_run=True)

        self.context.tasks.run(
            title,
            dry_run,
            writes=False,
            on_success=lambda report: self._confirm_purge(report, rules, today),
            on_failure=lambda error: show_error(self, title, error),
        )

    def _confirm_purge(self, report: PurgeReport, rules: RetentionRules, today: date) -> None:
        title = _("Purge now")
        if not report.candidates:
            QMessageBox.information(self, title, _("Nobody's retention period has passed: there is nothing to purge."))
            return
        if not PurgeDialog(report, self).exec():
            return
        shown = {candidate.member_id for candidate in report.candidates}
        database = self.context.database

        def work(_progress: TaskProgress) -> PurgeReport:
            with database.transaction(Label(N_("Retention purge"))) as session:
                done = purge(session, rules, today, dry_run=False)
                if {candidate.member_id for candidate in done.candidates} != shown:
                    # Rolled back: the user agreed to the list they saw, not to another one.
                    raise KansliError(_("The register changed after the list was made; nothing was purged. Try again."))
                return done

        def done(result: PurgeReport) -> None:
            # members_changed alone: every list and card reloads, without one signal per person purged.
            self._after_erasure([])
            message = ngettext("{count} person purged.", "{count} people purged.", len(result.candidates))
            self.context.events.status_message.emit(message.format(count=len(result.candidates)))

        self.context.tasks.run(title, work, on_success=done, on_failure=lambda error: show_error(self, title, error))
