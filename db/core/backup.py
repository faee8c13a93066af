"""Encrypted backups and restore.

A backup is a complete copy of the database made with SQLite's online backup API into a file keyed with the same
data key, so it is as safe as the database itself. Files are written to a temporary name, checked, synced to disk
and only then renamed into place: a full disk or a crash never leaves half a backup under a real name.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from db.core import migrate
from db.core.database import APP_MARKER
from db.core.errors import (
    CorruptDatabaseError,
    DatabaseMissingError,
    KansliError,
    NewerSchemaError,
    NotKansliDatabaseError,
    WrongKeyError,
)
from db.core.i18n import _
from db.core.keys import DataKey
from db.core.lock import DatabaseLock
from db.core.paths import backup_dir_for

BACKUP_SUFFIX = ".kansli-backup"
AUTOMATIC_KEEP = 10
_NAME = re.compile(r"-(\d{8}-\d{6})-([a-z-]+)$")


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for the restore preview."""

    path: Path
    made_at: datetime
    reason: str
    size_bytes: int
    revision: str | None
    members: int
    branches: int


def _keyed_connection(path: Path, key: DataKey) -> Any:
    connection = sqlcipher3.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
    return connection


@contextlib.contextmanager
def _open_checked(path: Path, key: DataKey) -> Iterator[Any]:
    """Open a database or backup file read-only with ``key``, raising a clear error when it is not usable."""
    if not path.is_file():
        raise DatabaseMissingError(path)
    connection = _keyed_connection(path, key)
    try:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            raise WrongKeyError from None
        try:
            marker = connection.execute("SELECT value FROM kansli_meta WHERE key = 'app'").fetchone()
        except sqlcipher3.DatabaseError:
            raise NotKansliDatabaseError(path) from None
        if not marker or marker[0] != APP_MARKER:
            raise NotKansliDatabaseError(path)
        yield connection
    finally:
        connection.close()


def copy_database(source: Path, key: DataKey, target: Path) -> Path:
    """Copy an encrypted database (open elsewhere in this process or not) into ``target``, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with _open_checked(source, key) as source_connection:
            destination = _keyed_connection(partial, key)
            try:
                source_connection.backup(destination)
                check = destination.execute("PRAGMA quick_check").fetchone()
                if not check or check[0] != "ok":
                    raise CorruptDatabaseError(source, str(check[0] if check else ""))
                # The copy is a single file: no WAL beside it.
                destination.execute("PRAGMA journal_mode = DELETE")
            finally:
                destination.close()
        _fsync(partial)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise KansliError(_("The backup could not be written: {reason}").format(reason=error.strerror)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def automatic_backup(database: Path, key: DataKey, reason: str) -> Path:
    """Back up ``database`` into its backup folder, named by time and reason, and rotate old ones."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = backup_dir_for(database)
    target = folder / f"{database.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{database.stem}-{stamp}-{reason}-{counter}{BACKUP_SUFFIX}"
    copy_database(database, key, target)
    _rotate(folder, reason)
    return target


def list_backups(database: Path) -> list[Path]:
    """Return the backups in a database's backup folder, newest first."""
    folder = backup_dir_for(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{BACKUP_SUFFIX}"), key=lambda path: path.stat().st_mtime, reverse=True)


def _rotate(folder: Path, reason: str) -> None:
    same_reason = [path for path in folder.glob(f"*{BACKUP_SUFFIX}") if _reason_of(path) == reason]
    same_reason.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for old in same_reason[AUTOMATIC_KEEP:]:
        old.unlink(missing_ok=True)


def _reason_of(path: Path) -> str:
    match = _NAME.search(path.name.removesuffix(BACKUP_SUFFIX))
    return re.sub(r"-\d+$", "", match.group(2)) if match else "manual"


def describe_backup(path: Path, key: DataKey) -> BackupSummary:
    """Open a backup with ``key`` and tell what it holds."""
    with _open_checked(path, key) as connection:
        revision_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        members = connection.execute("SELECT count(*) FROM member WHERE deleted_at IS NULL").fetchone()[0]
        branches = connection.execute("SELECT count(*) FROM branch WHERE deleted_at IS NULL").fetchone()[0]
    stat = path.stat()
    return BackupSummary(
        path=path,
        made_at=datetime.fromtimestamp(stat.st_mtime).astimezone(),
        reason=_reason_of(path),
        size_bytes=stat.st_size,
        revision=revision_row[0] if revision_row else None,
        members=int(members),
        branches=int(branches),
    )


def restore_backup(database: Path, backup: Path, key: DataKey) -> Path | None:
    """Replace ``database`` with ``backup`` after backing up its current state.

    The backup is checked first (key, that it is Kansli's, a schema this program knows); the current file is kept
    as a backup of its own before it is replaced. Returns that safety backup (None when there was no database).

    Raises:
        KansliError: a subclass naming what is wrong; the database is unchanged then.
    """
    database = database.expanduser().resolve()
    summary = describe_backup(backup, key)
    if summary.revision not in migrate.known_revisions():
        raise NewerSchemaError(backup)
    lock = DatabaseLock(database)
    lock.acquire()
    try:
        safety: Path | None = None
        if database.exists():
            safety = automatic_backup(database, key, "before-restore")
            _checkpoint(database, key)
        staged = database.with_name(f".{database.name}.restoring")
        copy_database(backup, key, staged)
        for leftover in (database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(staged, database)
        _fsync_dir(database.parent)
        return safety
    finally:
        lock.release()


def _checkpoint(database: Path, key: DataKey) -> None:
    """Fold the write-ahead log into the main file, so nothing is lost when the file is replaced."""
    connection = _keyed_connection(database, key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
