"""Long work off the GUI thread: import, export, printing, sync, backups.

One :class:`TaskRunner` per window. A task is a plain function that takes a :class:`TaskProgress` (to report
progress and see whether the user cancelled) and returns a result; it runs on a worker thread and opens its own
database session there — sessions never cross threads. Writes run one at a time on a single worker, the way
SQLite wants them.

Results, errors and progress reach the GUI thread by *polling*, not by signals emitted from the worker: a timer on
the GUI thread looks at each running task a few times a second and emits the task's signals there. The worker
touches no Qt object at all, so nothing depends on how the binding passes Python objects between threads (the
model of Anki's task manager, which polls progress with a timer too).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from db.core.errors import KansliError
from desktop.diagnostics import safe_traceback

log = logging.getLogger(__name__)

POLL_MILLISECONDS = 40


class TaskCancelledError(Exception):
    """Raised inside a task when the user cancelled it."""


class TaskProgress:
    """Handed to a task: report progress with :meth:`report`; check :attr:`cancel_event` or call :meth:`check`."""

    def __init__(self) -> None:
        self.cancel_event = threading.Event()
        # Written by the worker, read by the GUI thread's poll: one tuple assignment, which is atomic in Python.
        self.latest: tuple[int, int, str] | None = None

    def report(self, done: int, total: int, message: str = "") -> None:
        """Tell the GUI how far the task is (``total`` 0 means unknown)."""
        self.latest = (done, total, message)

    def check(self) -> None:
        """Raise :class:`TaskCancelledError` if the user cancelled."""
        if self.cancel_event.is_set():
            raise TaskCancelledError

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class TaskSignals(QObject):
    """The signals of one task, emitted on the GUI thread."""

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
        self.progress = progress
        self.done = False
        # Set by the worker itself when the function returns; the poll then delivers the outcome.
        self.ran = threading.Event()
        self.outcome: tuple[str, Any] | None = None
        self._reported: tuple[int, int, str] | None = None

    def cancel(self) -> None:
        """Ask the task to stop; it stops at its next check and its transaction is rolled back."""
        self.progress.cancel_event.set()

    def deliver(self) -> bool:
        """On the GUI thread: emit new progress, and the outcome once the task has run; True when done."""
        latest = self.progress.latest
        if latest is not None and latest != self._reported:
            self._reported = latest
            self.signals.progressed.emit(*latest)
        if not self.ran.is_set() or self.outcome is None:
            return False
        kind, value = self.outcome
        if kind == "success":
            self.signals.succeeded.emit(value)
        elif kind == "failure":
            self.signals.failed.emit(value)
        else:
            self.signals.cancelled.emit()
        self.done = True
        self.signals.finished.emit()
        return True


class _Runnable(QRunnable):
    def __init__(self, function: Callable[[TaskProgress], Any], handle: TaskHandle) -> None:
        super().__init__()
        self._function = function
        self._handle = handle
        self.setAutoDelete(True)

    def run(self) -> None:
        handle, progress = self._handle, self._handle.progress
        try:
            result = self._function(progress)
        except TaskCancelledError:
            handle.outcome = ("cancelled", None)
        except Exception as error:  # delivered to the GUI, which shows a message
            if progress.cancelled:
                handle.outcome = ("cancelled", None)
            else:
                if not isinstance(error, KansliError):
                    log.error("task failed:\n%s", safe_traceback(*sys.exc_info()))
                handle.outcome = ("failure", error)
        else:
            handle.outcome = ("success", result)
        finally:
            if handle.outcome is None:  # a BaseException such as SystemExit: report it as a failure
                handle.outcome = ("failure", KansliError("interrupted"))
            handle.ran.set()


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
        self._running: list[TaskHandle] = []
        self._writing: set[TaskHandle] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MILLISECONDS)
        self._timer.timeout.connect(self.poll)

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
        signals = TaskSignals(self)
        handle = TaskHandle(label, signals, TaskProgress())
        if on_success is not None:
            signals.succeeded.connect(on_success)
        if on_failure is not None:
            signals.failed.connect(on_failure)
        if on_progress is not None:
            signals.progressed.connect(on_progress)
        self._running.append(handle)
        if writes:
            self._writing.add(handle)
        self.task_started.emit(handle)
        (self._writer if writes else self._readers).start(_Runnable(function, handle))
        if not self._timer.isActive():
            self._timer.start()
        return handle

    def poll(self) -> None:
        """Deliver progress and outcomes of the running tasks (called by the timer on the GUI thread)."""
        for handle in list(self._running):
            if handle.deliver():
                self._running.remove(handle)
                self._writing.discard(handle)
                self.task_finished.emit(handle)
        if not self._running:
            self._timer.stop()

    @property
    def busy(self) -> bool:
        """Whether any task is still running."""
        return bool(self._running)

    @property
    def writing(self) -> bool:
        """Whether a task that changes data is still running (quitting would cancel it)."""
        return any(not handle.ran.is_set() for handle in self._writing)

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Wait for every task to finish (at shutdown) and deliver their outcomes; False on timeout."""
        finished = self._writer.waitForDone(milliseconds) and self._readers.waitForDone(milliseconds)
        self.poll()
        return finished

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for handle in list(self._running):
            handle.cancel()
