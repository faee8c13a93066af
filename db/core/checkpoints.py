"""Copying the write-ahead log into the database file in a background thread, never in the committing one.

SQLite appends every commit to the ``-wal`` file and, by default, the commit that makes it longer than 1 000 pages
copies it all back into the database (a *checkpoint*). After an import of 100 000 members that is 400 MB, and the
user would wait a second and a half longer for an import that is already safely committed. Writer connections
therefore turn automatic checkpoints off (``PRAGMA wal_autocheckpoint = 0``, see ``db.core.database``) and
:class:`Checkpointer` runs them on a connection of its own after any transaction that left the log long: SQLite
does the copying with Python's lock released, so the program goes on meanwhile. Readers and writers are not
blocked by a checkpoint in WAL mode. Closing the database waits for a running one; the last connection to close
then checkpoints what is left, as SQLite always does.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import Engine

log = logging.getLogger(__name__)

# About SQLite's own threshold (1 000 pages of 4 KB): a log this long is copied back.
CHECKPOINT_BYTES = 4 * 1024 * 1024


class Checkpointer:
    """Runs a checkpoint of ``path``'s log in a thread when asked and the log is long enough."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self._engine = engine
        self._wal = path.with_name(path.name + "-wal")
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False

    def after_commit(self) -> None:
        """Start a checkpoint if the log has grown long (one runs at a time; a request meanwhile runs one more)."""
        try:
            if self._wal.stat().st_size < CHECKPOINT_BYTES:
                return
        except FileNotFoundError:
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, name="kansli-checkpoint", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Wait until no checkpoint runs (before closing the database, or in tests)."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None or not thread.is_alive():
                return
            thread.join()

    def _run(self) -> None:
        while True:
            try:
                connection = self._engine.raw_connection()
                try:
                    # PASSIVE: copies what it can without waiting for readers or writers; a later one does the rest.
                    connection.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # type: ignore[union-attr]
                finally:
                    connection.close()
            except Exception as error:  # the log stays and is copied later: nothing is lost, so it is only logged
                log.warning("background checkpoint failed: %s", type(error).__name__)
            with self._lock:
                if not self._again:
                    return
                self._again = False
