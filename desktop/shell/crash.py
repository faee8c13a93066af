"""The last line of defence: an unexpected error is logged without personal data and shown on the GUI thread."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from db.core.i18n import _
from desktop.diagnostics import safe_traceback

log = logging.getLogger("kansli.crash")


class CrashReporter(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook``; shows one dialog per error on the GUI thread."""

    _report = Signal()

    def __init__(self, app: QApplication, log_path: str) -> None:
        super().__init__(app)
        self._log_path = log_path
        self.reported = 0
        self._showing = False
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        """Put back the hooks that were there before."""
        sys.excepthook, threading.excepthook = self._previous

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        self._hook(args.exc_type, args.exc_value, args.exc_traceback)

    def _hook(
        self, exc_type: type[BaseException], exc_value: BaseException | None, exc_traceback: TracebackType | None
    ) -> None:
        log.error("unexpected error:\n%s", safe_traceback(exc_type, exc_value, exc_traceback))
        self.reported += 1
        # Emitting is safe from any thread; the dialog is shown by the GUI thread.
        self._report.emit()

    def _show(self) -> None:
        if self._showing:
            return  # one dialog at a time, however many errors follow
        self._showing = True
        try:
            QMessageBox.critical(
                None,
                _("Unexpected error"),
                _(
                    "Something unexpected went wrong. Your data is safe: changes are saved only when complete. "
                    "A description without personal data was written to {path}."
                ).format(path=self._log_path),
            )
        finally:
            self._showing = False
