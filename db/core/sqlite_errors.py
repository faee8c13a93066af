"""What an SQLite error means for the user: a damaged file, a full disk, or a failing one.

SQLite reports these by result code wherever they happen: a damaged page (SQLCipher's HMAC check fails) is
found on the first read of that page, which may be long after the file was opened, and a full disk on the write
that needed the room. Every layer that talks to SQLite turns them into the same :class:`KansliError` so that
the user gets one clear message and the GUI can offer to restore a backup.
"""

from __future__ import annotations

from pathlib import Path

from db.core.errors import CorruptDatabaseError, KansliError, StorageError
from db.core.i18n import _

# Primary result codes (the low byte of an extended code): https://sqlite.org/rescode.html
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26


def sqlite_result_code(error: BaseException) -> int | None:
    """Return the primary SQLite result code of a driver error (or of the one an SQLAlchemy error wraps)."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def explain_sqlite_error(error: BaseException, path: Path) -> KansliError | None:
    """Return the user's error for a damaged file or a disk that refuses writes; None for any other error.

    ``SQLITE_NOTADB`` on the very first read means a wrong key; callers that make that read handle it before
    asking here (after it, the key is known to be right and the same code means a damaged page).
    """
    code = sqlite_result_code(error)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return CorruptDatabaseError(path, _("a damaged part was found while reading it"))
    if code == SQLITE_FULL:
        return StorageError(path, full=True)
    if code == SQLITE_IOERR:
        return StorageError(path, full=False)
    return None
