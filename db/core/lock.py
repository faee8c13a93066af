"""One writer at a time: an OS lock on a file beside the database.

The lock is an advisory ``flock``/``LockFileEx`` lock, which the operating system drops when the holding process
dies. So a lock file left behind by a crash is *stale* and simply taken over; a lock held by a running Kansli is
reported with its process id, host and start time (nothing personal).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from db.core.errors import DatabaseInUseError
from db.core.i18n import _


def lock_path_for(database: Path) -> Path:
    """Return the lock file of a database file."""
    return database.with_name(database.name + ".lock")


class DatabaseLock:
    """An exclusive lock on one database file, held until :meth:`release`."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = lock_path_for(database)
        self._handle: IO[str] | None = None
        self.was_stale = False

    def acquire(self) -> None:
        """Take the lock or raise :class:`DatabaseInUseError` naming who holds it."""
        existed = self.path.exists()
        handle = self.path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = _describe_holder(handle.read())
            handle.close()
            raise DatabaseInUseError(self.database, holder) from None
        self.was_stale = existed and os.path.getsize(self.path) > 0
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now().isoformat("T", "minutes")}
            )
        )
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Let go of the lock, leaving an empty lock file.

        The file is not removed: removing it after unlocking would let a second process lock the old file while a
        third locks a new one.
        """
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        handle.seek(0)
        handle.truncate()
        handle.flush()
        _unlock(handle)
        handle.close()

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._handle is not None


def _describe_holder(text: str) -> str:
    try:
        info = json.loads(text)
        return _("process {pid} on {host}, since {since}").format(
            pid=info["pid"], host=info["host"], since=info["since"].replace("T", " ")
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return _("another program")


if sys.platform == "win32":
    import msvcrt

    # Windows locks are mandatory: lock a byte past the holder description so that others can still read it.
    _LOCKED_OFFSET = 1 << 16

    def _lock(handle: IO[str]) -> None:
        handle.seek(_LOCKED_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(_LOCKED_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
