"""How far an import has come: counted, reported to the caller now and then, and stopped when the user cancels."""

from __future__ import annotations

import threading
from collections.abc import Callable

from db.members.io.report import ImportCancelledError

ProgressCallback = Callable[[int, int], None]
_CANCEL_EVERY = 256  # rows between looks at the cancel flag while checking


class Meter:
    """Counts work done, tells the caller now and then, and stops the work when the user cancels.

    An import has three parts of about equal weight: checking every row, writing the rows, and the commit (which
    brings the search index up to date); so ``total`` is three times the number of rows.
    """

    def __init__(self, total: int, progress: ProgressCallback | None, cancel: threading.Event | None) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancel = cancel
        self._interval = max(500, total // 100)
        self._reported = -self._interval
        self._checks = 0

    def check(self) -> None:
        """Raise :class:`ImportCancelledError` if the user has cancelled (looked at every so many calls)."""
        self._checks += 1
        if self._checks >= _CANCEL_EVERY:
            self._checks = 0
            self.check_now()

    def check_now(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ImportCancelledError

    def step(self, count: int = 1) -> None:
        """Count ``count`` units of work done."""
        self.done = min(self.total, self.done + count)
        if self.done - self._reported >= self._interval or self.done == self.total:
            self._reported = self.done
            if self._progress is not None:
                self._progress(self.done, self.total)
            self.check_now()

    def finish(self) -> None:
        """Report all work done without looking at the cancel flag: once committed, the import cannot stop."""
        self.done = self._reported = self.total
        if self._progress is not None:
            self._progress(self.done, self.total)
