"""The Sync view: a window of its own beside the main window (File ▸ Sync with the party office…, or the status bar).

A district exchanges packages with the party office now and then (a USB stick, an e-mail attachment), so the view
is a window opened when needed rather than a tab always on show. It holds, top to bottom: who exchanges packages
(this computer and the party office, with both fingerprints; "Enrol with a file…" before the first time), Make a
package… and Read a package…, with progress while they run, what the last one did, and two lists: the packages
made and read, and the conflicts to review side by side, with "Take the other value".

Every write runs in the task runner; what the view shows is read on a worker too (:func:`read_sync_state`).
After a package is read, ``data_changed`` and the other change signals tell every view to read its data again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.core.errors import KansliError
from db.core.i18n import _, format_count, ngettext
from db.core.undo import HistoryStep
from db.sync.conflicts import ConflictView
from db.sync.enrolment import ENROLMENT_SUFFIX
from db.sync.errors import NewerSchemaPackageError, PackageGapError
from db.sync.exchange import ExportResult, FuturePackageError, ImportResult
from db.sync.keys import NodeIdentity
from db.sync.models import NodeRole
from db.sync.package import FILE_SUFFIX
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm, show_error
from desktop.shell.tasks import TaskHandle, TaskProgress
from desktop.sync import operations
from desktop.sync.identity_panel import IdentityPanel
from desktop.sync.panels import ConflictsPanel, EmptyContent, HistoryPanel
from desktop.sync.state import SyncState, read_sync_state
from desktop.sync.texts import enrolled_text, exported_text, group_label, imported_text

_ERROR_STYLE = "color: #cf222e;"


def inform(parent: QWidget, title: str, text: str) -> None:
    """Tell the user something that is not an error (a package read before, both fingerprints)."""
    QMessageBox.information(parent, title, text)


def _error_text(error: BaseException) -> str:
    """A refusal's own message; for anything unexpected the general sentence (details go to the log only)."""
    if isinstance(error, KansliError):
        return str(error)
    return _("Something unexpected went wrong; nothing was changed. Details were written to the log file.")


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix else path.with_suffix(suffix)


class SyncWindow(QDialog):
    """Packages to and from the party office, their history and the conflicts they brought."""

    state_changed = Signal()
    """Something the status bar shows may have changed (a package made or read, a conflict settled)."""

    refreshed = Signal()
    """The view has read the database again."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setModal(False)
        self.state = SyncState()
        self._folder = Path.home()
        self._generation = 0
        self._stale = True
        self.loading = False
        self.busy = False
        self._handle: TaskHandle | None = None
        self._result: Callable[[], str] = str
        self._result_is_error = False
        self._undo: tuple[int, int] | None = None  # (conflict, operation) the Undo button would take back

        self.identity = IdentityPanel()
        self.identity.enrol_requested.connect(lambda: self.enrol_with_file())
        self.make_button = QPushButton()
        self.make_button.clicked.connect(lambda: self.make_package())
        self.read_button = QPushButton()
        self.read_button.clicked.connect(lambda: self.read_package())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self._cancel)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_taken_value)
        self.undo_button.hide()
        self.history = HistoryPanel()
        self.conflicts = ConflictsPanel()
        self.conflicts.take_other_requested.connect(self.take_other_value)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(self.conflicts, "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)

        actions = QHBoxLayout()
        actions.addWidget(self.make_button)
        actions.addWidget(self.read_button)
        actions.addSpacing(12)
        actions.addWidget(self.summary, 1)
        self.progress_row = QWidget()
        progress = QHBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.progress_label)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        self.progress_row.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addLayout(actions)
        layout.addWidget(self.progress_row)
        result = QHBoxLayout()
        result.addWidget(self.result_label, 1)
        result.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(result)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 680)

        events = context.events
        events.language_changed.connect(lambda _code: self.retranslate())
        events.data_changed.connect(self._data_changed_elsewhere)
        self.retranslate()
        self._show_state(self.state)
        self.refresh()

    # --------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        """Set every text again in the current language."""
        self.setWindowTitle(_("Sync with the party office"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.make_button.setText(_("&Make a package…"))
        self.make_button.setToolTip(
            _("Save this computer's changes for the party office in a file, to take on a USB stick or send by e-mail")
        )
        self.read_button.setText(_("&Read a package…"))
        self.read_button.setToolTip(
            _("Read a package file from the party office: its changes are checked, then applied after a backup")
        )
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop before anything is changed"))
        self.undo_button.setText(_("&Undo"))
        self.undo_button.setToolTip(_("Put back the value that was in place before"))
        self.identity.retranslate()
        self.history.retranslate()
        self.conflicts.retranslate()
        self._set_texts()
        self._set_result(self._result, error=self._result_is_error)

    def _set_texts(self) -> None:
        """The texts that depend on what was read: the summary, the tab titles, the empty history."""
        state = self.state
        self.tabs.setTabText(0, _("&Packages"))
        self.tabs.setTabToolTip(0, _("The packages made on this computer and read here, newest first"))
        count = state.open_conflicts
        conflicts = _("&Conflicts")
        self.tabs.setTabText(1, f"{conflicts} ({format_count(count)})" if count else conflicts)
        self.tabs.setTabToolTip(1, _("Where this computer and the party office changed the same thing"))
        summary = self._summary()
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))
        empty: EmptyContent
        if state.role is None:
            empty = (
                _("No packages yet"),
                _("Enrol with the party office first: packages are exchanged once both sides know each other."),
                [],
            )
        else:
            empty = (
                _("No packages yet"),
                _(
                    "Make a package to send this computer's changes to the party office, or read a package they"
                    " sent you. Every package made or read is listed here."
                ),
                [
                    (_("Make a package…"), lambda: self.make_package()),
                    (_("Read a package…"), lambda: self.read_package()),
                ]
                if state.role is NodeRole.DISTRICT
                else [],
            )
        self.history.set_rows(state.history, empty)

    def _summary(self) -> str:
        central = self.state.central_peer
        if self.state.role is not NodeRole.DISTRICT or central is None:
            return ""
        if central.pending_rows:
            # Every package carries again what the party office has not confirmed, so a lost one costs nothing.
            waiting = ngettext(
                "{count} changed record is not yet confirmed by the party office; each new package carries it.",
                "{count} changed records are not yet confirmed by the party office; each new package carries them.",
                central.pending_rows,
            ).format(count=format_count(central.pending_rows))
        else:
            waiting = _("The party office has confirmed every change made here.")
        if central.acknowledged:
            confirmed = _("The party office has confirmed reading the packages up to number {number}.").format(
                number=central.acknowledged
            )
        else:
            confirmed = _("The party office has not yet confirmed reading a package from here.")
        return f"{waiting}\n{confirmed}"

    def _set_result(self, text: Callable[[], str], *, error: bool = False) -> None:
        """Say what the last action did (kept, and said again in another language after a switch)."""
        self._result, self._result_is_error = text, error
        self.result_label.setText(text())
        self.result_label.setStyleSheet(_ERROR_STYLE if error else "")
        self.result_label.setVisible(bool(text()))

    # ------------------------------------------------------------------------------------------- reading
    def refresh(self) -> None:
        """Read the enrolment, the packages and the conflicts again (on a worker)."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        self._stale = False
        database = self.context.database

        def show(state: SyncState) -> None:
            if generation != self._generation:
                return  # a later refresh is on its way
            self.loading = False
            self._show_state(state)
            self.refreshed.emit()

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                show_error(self, _("Sync with the party office"), error)

        self.context.tasks.run(
            _("Sync with the party office"), lambda _progress: read_sync_state(database), writes=False,
            on_success=show, on_failure=failed,
        )  # fmt: skip

    def _show_state(self, state: SyncState) -> None:
        self.state = state
        district = state.role is NodeRole.DISTRICT
        self.identity.show_state(state)
        for button in (self.make_button, self.read_button):
            button.setVisible(district)
            button.setEnabled(district and not self.busy)
        self.tabs.setTabVisible(1, state.role is not NodeRole.CENTRAL)
        self.conflicts.set_conflicts(state.conflicts)
        self.conflicts.take_button.setEnabled(self.conflicts.take_button.isEnabled() and not self.busy)
        self._set_texts()

    def _data_changed_elsewhere(self) -> None:
        # An undo or a restore may have changed the conflicts: the Undo offered here no longer applies.
        self._undo = None
        self.undo_button.hide()
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up on changes made while the window was closed."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # ------------------------------------------------------------------------------------------ running
    def _start(
        self,
        title: str,
        work: Callable[[TaskProgress], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        *,
        cancellable: bool = False,
    ) -> None:
        self.busy = True
        for button in (self.make_button, self.read_button, self.identity.enrol_button, self.conflicts.take_button):
            button.setEnabled(False)
        self.undo_button.hide()
        self.progress_label.setText(title)
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(cancellable)
        self.progress_row.show()

        def succeeded(result: Any) -> None:
            self._idle()
            done(result)

        def went_wrong(error: BaseException) -> None:
            self._idle()
            if failed is not None:
                failed(error)
            else:
                self._set_result(lambda: _error_text(error), error=True)
                show_error(self, title, error)

        def cancelled() -> None:
            self._idle()
            self._set_result(lambda: _("Stopped; nothing was changed."))

        self._handle = self.context.tasks.run(
            title, work, on_success=succeeded, on_failure=went_wrong, on_progress=self._progressed
        )
        self._handle.signals.cancelled.connect(cancelled)

    def _progressed(self, done: int, total: int, message: str) -> None:
        if total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        if message:
            self.progress_label.setText(message)
        if done >= operations.APPLYING:
            # Applying is all or nothing in one transaction, and is not stopped half-way.
            self.cancel_button.setEnabled(False)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.cancel_button.setEnabled(False)

    def _idle(self) -> None:
        self.busy = False
        self._handle = None
        self.progress_row.hide()
        self._show_state(self.state)
        self.identity.enrol_button.setEnabled(True)

    def _changed(self) -> None:
        """After a write: read the view again and let the status bar know."""
        self.refresh()
        self.state_changed.emit()

    # ---------------------------------------------------------------------------------------- enrolment
    def enrol_with_file(self, path: Path | None = None, reply: Path | None = None) -> None:
        """Take the party office's enrolment file, save the reply for them, and show both fingerprints."""
        if self.busy:
            return  # one thing at a time: the buttons are disabled meanwhile, an empty state's are not
        title = _("Enrol with the party office")
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, title, str(self._folder), _("Kansli enrolment files (*{suffix});;All files (*)").format(
                    suffix=ENROLMENT_SUFFIX
                )
            )  # fmt: skip
            if not name:
                return
            path = Path(name)
        self._folder = path.parent
        try:
            enrolment = operations.read_enrolment(path)
        except KansliError as error:
            show_error(self, title, error)
            return
        central = enrolment.central
        question = "\n\n".join(
            (
                _("Enrol this computer with {central} as the district {district} ({code})?").format(
                    central=central.name, district=enrolment.district_name, code=enrolment.district_code
                ),
                _("Fingerprint of {name}: {fingerprint}").format(name=central.name, fingerprint=central.fingerprint()),
                _(
                    "Compare this fingerprint with the party office by phone. If it differs, the file was changed on"
                    " its way: do not enrol with it."
                ),
            )
        )
        if not confirm(self, title, question, _("Enrol")):
            return
        if reply is None:
            suggested = path.with_name(f"{enrolment.district_code}-reply{ENROLMENT_SUFFIX}")
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save the reply for the party office"), str(suggested),
                _("Kansli enrolment files (*{suffix});;All files (*)").format(suffix=ENROLMENT_SUFFIX),
            )  # fmt: skip
            if not name:
                return
            reply = _with_suffix(Path(name), ENROLMENT_SUFFIX)
        target, database = reply, self.context.database

        def done(identity: NodeIdentity) -> None:
            self._set_result(lambda: enrolled_text(central, identity, target))
            self._changed()
            inform(self, title, enrolled_text(central, identity, target))

        self._start(_("Enrolling…"), lambda _progress: operations.enrol(database, enrolment, target), done)

    # ----------------------------------------------------------------------------------------- packages
    def make_package(self, path: Path | None = None) -> None:
        """Save the next package for the party office (asking where, unless ``path`` is given)."""
        if self.busy:
            return  # one thing at a time: the buttons are disabled meanwhile, an empty state's are not
        if path is None:
            central = self.state.central_peer
            number = central.last_sent + 1 if central is not None else 1
            suggested = self._folder / f"{self.state.district_code or 'kansli'}-{number}{FILE_SUFFIX}"
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save the package for the party office"), str(suggested),
                _("Kansli sync packages (*{suffix});;All files (*)").format(suffix=FILE_SUFFIX),
            )  # fmt: skip
            if not name:
                return
            path = Path(name)
        target, database = _with_suffix(path, FILE_SUFFIX), self.context.database
        self._folder = target.parent

        def done(result: ExportResult) -> None:
            self._set_result(lambda: exported_text(result))
            self.context.events.status_message.emit(
                _("Package {number} for {office} was saved as {path}.").format(
                    number=result.sequence, office=result.peer_name, path=result.path.name
                )
            )
            self._changed()

        self._start(
            _("Making the package…"), lambda progress: operations.make_package(database, target, progress), done
        )

    def read_package(self, path: Path | None = None, *, accept_gap: bool = False, confirm_future: bool = False) -> None:
        """Check a package from the party office and apply it, or say why it was refused (nothing changed then)."""
        if self.busy:
            return  # one thing at a time: the buttons are disabled meanwhile, an empty state's are not
        title = _("Read a package")
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, title, str(self._folder),
                _("Kansli sync packages (*{suffix});;All files (*)").format(suffix=FILE_SUFFIX),
            )  # fmt: skip
            if not name:
                return
            path = Path(name)
        source, database = path, self.context.database
        self._folder = source.parent

        def work(progress: TaskProgress) -> ImportResult:
            return operations.read_package(
                database, source, progress, accept_gap=accept_gap, confirm_future=confirm_future
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, PackageGapError) and confirm(self, title, str(error), _("Read it anyway")):
                self.read_package(source, accept_gap=True, confirm_future=confirm_future)
            elif isinstance(error, FuturePackageError) and confirm(self, title, str(error), _("Read it anyway")):
                self.read_package(source, accept_gap=accept_gap, confirm_future=True)
            elif isinstance(error, PackageGapError | FuturePackageError):
                self._set_result(lambda: _("The package was not read; nothing was changed."))
            elif isinstance(error, NewerSchemaPackageError):
                self._set_result(lambda: str(error))
                inform(self, title, str(error))
            else:
                self._set_result(lambda: _error_text(error), error=True)
                show_error(self, title, error)

        self._start(_("Reading the package…"), work, self._package_read, failed, cancellable=True)

    def _package_read(self, result: ImportResult) -> None:
        self._set_result(lambda: imported_text(result))
        if not result.applied:
            inform(self, _("Read a package"), result.message)
            return
        events = self.context.events
        events.status_message.emit(
            _("Package {number} from {sender} was read and applied.").format(
                number=result.sequence, sender=result.sender
            )
        )
        for signal in (
            events.data_changed,
            events.members_changed,
            events.branches_changed,
            events.calling_changed,
            events.history_changed,
        ):
            signal.emit()
        self._changed()
        if result.conflicts:
            self.tabs.setCurrentWidget(self.conflicts)

    # ---------------------------------------------------------------------------------------- conflicts
    def take_other_value(self, conflict: ConflictView) -> None:
        """Put in place the value the sync rules set aside (a change of this computer's, undoable)."""
        if self.busy:
            return  # one thing at a time: the buttons are disabled meanwhile, an empty state's are not
        database, conflict_id = self.context.database, conflict.id

        def done(operation_id: int | None) -> None:
            self._set_result(
                lambda: _(
                    "Took the other value for {record} ({what}); it goes to the party office with the next package."
                ).format(record=conflict.record, what=group_label(conflict.entity, conflict.field_group))
            )
            self._announce_member_change(conflict)
            self._changed()
            if operation_id is not None:
                self._undo = (conflict_id, operation_id)
                self.undo_button.show()

        self._start(
            _("Taking the other value…"), lambda _progress: operations.take_other_value(database, conflict_id), done
        )

    def undo_taken_value(self) -> None:
        """Put back the value that was in place before the other one was taken, and open the conflict again."""
        if self._undo is None or self.busy:
            return
        (conflict_id, operation_id), database = self._undo, self.context.database
        self._undo = None

        def done(step: HistoryStep) -> None:
            self._set_result(lambda: _("Undone: {label}").format(label=step.label))
            conflict = next((item for item in self.state.conflicts if item.id == conflict_id), None)
            if conflict is not None:
                self._announce_member_change(conflict)
            self._changed()

        self._start(_("Undo"), lambda _progress: operations.undo_taken_value(database, operation_id), done)

    def _announce_member_change(self, conflict: ConflictView) -> None:
        events = self.context.events
        if conflict.entity == "member":
            events.member_changed.emit(uuid.UUID(conflict.row_id))
        # A contact point or a membership may be what changed: the open card and the lists read theirs again.
        events.members_changed.emit()
        events.data_changed.emit()
        events.history_changed.emit()
