"""Long work off the GUI thread: import, export, printing, sync, backups.

One :class:`TaskRunner` per window. A task is a plain function that takes a :class:`TaskProgress` (to report
progress and see whether the user cancelled) and returns a result; it runs on a worker thread and opens its own
database session there — sessions never cross threads. Results, errors and progress arrive on the GUI thread as
Qt signals. Writes run one at a time on a single worker, the way SQLite wants them.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from db.core.errors import KansliError
from desktop.diagnostics import safe_traceback

log = logging.getLogger(__name__)


class TaskCancelledError(Exception):
    """Raised inside a task when the user cancelled it."""


class TaskProgress:
    """Handed to a task: report progress with :meth:`report`; check :attr:`cancel_event` or call :meth:`check`."""

    def __init__(self, signals: TaskSignals) -> None:
        self._signals = signals
        self.cancel_event = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        """Tell the GUI how far the task is (``total`` 0 means unknown)."""
        self._signals.progressed.emit(done, total, message)

    def check(self) -> None:
        """Raise :class:`TaskCancelledError` if the user cancelled."""
        if self.cancel_event.is_set():
            raise TaskCancelledError

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class TaskSignals(QObject):
    """The signals of one task; created on the GUI thread so that they are delivered there."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()


class TaskHandle(QObject):
    """What the caller keeps of a running task: its signals and a way to cancel it."""

    def __init__(self, label: str, signals: TaskSignals, progress: TaskProgress) -> None:
        super().__init__()
        self.label = label
        self.signals = signals
        self._progress = progress
        self.done = False
        # Set by the worker itself when the function returns, before the queued signals reach the GUI thread.
        self.ran = threading.Event()
        signals.finished.connect(self._mark_done)

    def cancel(self) -> None:
        """Ask the task to stop; it stops at its next check and its transaction is rolled back."""
        self._progress.cancel_event.set()

    def _mark_done(self) -> None:
        self.done = True


class _Runnable(QRunnable):
    def __init__(
        self,
        function: Callable[[TaskProgress], Any],
        signals: TaskSignals,
        progress: TaskProgress,
        ran: threading.Event,
    ) -> None:
        super().__init__()
        self._function = function
        self._signals = signals
        self._progress = progress
        self._ran = ran
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._function(self._progress)
        except TaskCancelledError:
            self._signals.cancelled.emit()
        except Exception as error:  # delivered to the GUI, which shows a message
            if self._progress.cancelled:
                self._signals.cancelled.emit()
            else:
                if not isinstance(error, KansliError):
                    log.error("task failed:\n%s", safe_traceback(*sys.exc_info()))
                self._signals.failed.emit(error)
        else:
            self._signals.succeeded.emit(result)
        finally:
            self._ran.set()
            self._signals.finished.emit()


class TaskRunner(QObject):
    """Runs tasks on worker threads: writes one at a time, reads alongside."""

    task_started = Signal(object)
    task_finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._running: set[TaskHandle] = set()
        self._writing: set[TaskHandle] = set()

    def run(
        self,
        label: str,
        function: Callable[[TaskProgress], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        writes: bool = True,
    ) -> TaskHandle:
        """Start ``function`` on a worker; the callbacks run on the GUI thread."""
        signals = TaskSignals()
        progress = TaskProgress(signals)
        handle = TaskHandle(label, signals, progress)
        if on_success is not None:
            signals.succeeded.connect(on_success)
        if on_failure is not None:
            signals.failed.connect(on_failure)
        if on_progress is not None:
            signals.progressed.connect(on_progress)
        self._running.add(handle)
        if writes:
            self._writing.add(handle)
        signals.finished.connect(lambda: self._finish(handle))
        self.task_started.emit(handle)
        (self._writer if writes else self._readers).start(_Runnable(function, signals, progress, handle.ran))
        return handle

    def _finish(self, handle: TaskHandle) -> None:
        self._running.discard(handle)
        self._writing.discard(handle)
        self.task_finished.emit(handle)

    @property
    def busy(self) -> bool:
        """Whether any task is still running."""
        return bool(self._running)

    @property
    def writing(self) -> bool:
        """Whether a task that changes data is still running (quitting would cancel it)."""
        return any(not handle.ran.is_set() for handle in self._writing)

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Wait for every task to finish (at shutdown); return False on timeout."""
        return self._writer.waitForDone(milliseconds) and self._readers.waitForDone(milliseconds)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for handle in list(self._running):
            handle.cancel()
