"""Writing a file the user asked for so that it is either complete or not there at all.

A half-written member list or printout is worse than none, so every file is written to a temporary file beside
its target (created readable by the owner only: it may hold personal data), synced to disk, and renamed over the
target only when complete. A full disk, a refused write or a crash leaves the target as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db.core.errors import KansliError
from db.core.i18n import _


def cannot_write(target: Path, error: OSError) -> KansliError:
    """Return the user's error for a file that could not be written (a full disk says so in ``reason``)."""
    return KansliError(_("{path} could not be written: {reason}").format(path=target, reason=error.strerror or error))


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Give a temporary path beside ``target``; when the block ends without error, move it onto ``target``.

    The temporary file is removed whatever happens, so an error (or a cancel) leaves nothing behind.

    Raises:
        KansliError: when the folder cannot be written to, or the disk refuses the data (full, too large).
    """
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise cannot_write(target, error) from None
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        # Synced before the rename: otherwise a power cut soon after could leave an empty file under the name.
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except OSError as error:
        raise cannot_write(target, error) from None
    finally:
        partial.unlink(missing_ok=True)


def write_file_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through :func:`atomic_path` (a PDF the user saves, for one).

    Raises:
        KansliError: when the file cannot be written; ``target`` is then as it was.
    """
    with atomic_path(target) as partial:
        partial.write_bytes(data)
