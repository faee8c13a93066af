"""Edit ▸ Undo / Redo, labelled with what they will undo ("Undo Edit member") and run off the GUI thread."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from db.core.changelog import Origin
from db.core.i18n import _
from db.core.undo import HistoryStep, next_redo, next_undo, redo_last, undo_last
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.tasks import TaskProgress


class HistoryActions:
    """Owns the Undo and Redo actions of the main window."""

    def __init__(self, context: ShellContext, parent: QWidget) -> None:
        self._context = context
        self._parent = parent
        self.undo_action = QAction(parent)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction(parent)
        self.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self._busy = False
        context.events.history_changed.connect(self.update_labels)
        context.events.language_changed.connect(lambda _code: self.update_labels())
        self.update_labels()

    def update_labels(self) -> None:
        """Name the operation undo and redo would act on; disable them when there is none."""
        with self._context.database.reading() as session:
            undo_step, redo_step = next_undo(session), next_redo(session)
        self.undo_action.setText(_("&Undo {label}").format(label=undo_step.label) if undo_step else _("&Undo"))
        self.redo_action.setText(_("&Redo {label}").format(label=redo_step.label) if redo_step else _("&Redo"))
        self.undo_action.setEnabled(undo_step is not None and not self._busy)
        self.redo_action.setEnabled(redo_step is not None and not self._busy)

    def undo(self) -> None:
        """Undo the latest operation."""
        self._run(redo=False)

    def redo(self) -> None:
        """Redo the latest undone operation."""
        self._run(redo=True)

    def _run(self, *, redo: bool) -> None:
        database = self._context.database

        def work(_progress: TaskProgress) -> HistoryStep:
            origin = Origin.REDO if redo else Origin.UNDO
            with database.transaction("", origin) as session:
                return redo_last(session) if redo else undo_last(session)

        self._busy = True
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self._context.tasks.run(
            _("Redo") if redo else _("Undo"),
            work,
            on_success=lambda step: self._done(step, redo),
            on_failure=self._failed,
        )

    def _done(self, step: HistoryStep, redo: bool) -> None:
        self._busy = False
        message = _("Redone: {label}") if redo else _("Undone: {label}")
        events = self._context.events
        events.status_message.emit(message.format(label=step.label))
        events.data_changed.emit()
        events.members_changed.emit()
        events.branches_changed.emit()
        events.history_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.update_labels()
        show_error(self._parent, _("Undo"), error)
