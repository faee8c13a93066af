"""Encrypted backups, their rotation, and restore.

A backup is a complete copy of the database made with SQLite's online backup API into a file keyed with the same
data key, so it is as safe as the database itself. Files are written to a temporary name, checked, synced to disk
and only then renamed into place: a full disk or a crash never leaves half a backup under a real name.

Automatic backups live in the database's backup folder, named ``STEM-YYYYMMDD-HHMMSS-REASON.kansli-backup``. The
reason decides how long one is kept (:func:`rotate_backups`): the daily backups made on opening are thinned out
grandfather-father-son style (7 days, 4 weeks, 12 months), the others (made by hand, before an upgrade, a restore
or a sync import) are kept the newest 10 of each. Only files named this way are ever deleted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
from db.core.sqlite_errors import explain_sqlite_error

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".kansli-backup"

# Why a backup was made; the last part of its file name.
MANUAL = "manual"
DAILY = "daily"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
BEFORE_SYNC_IMPORT = "before-sync-import"

_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-(?P<counter>\d+))?$")
# A partial file older than this was left by a process that died while writing it (a backup takes seconds).
_STALE_PARTIAL = timedelta(days=1)


@dataclass(frozen=True)
class Rotation:
    """How many automatic backups :func:`rotate_backups` keeps.

    Attributes:
        daily: the newest daily backup of each of this many most recent days that have one.
        weekly: the same for ISO weeks.
        monthly: the same for calendar months.
        per_reason: backups made for any other reason (by hand, before an upgrade, a restore or a sync import):
            the newest this many of each reason.
    """

    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    per_reason: int = 10


ROTATION = Rotation()


@dataclass(frozen=True)
class BackupName:
    """What an automatic backup's file name says: the database it belongs to, when and why it was made."""

    path: Path
    stem: str
    made_at: datetime
    reason: str
    counter: int = 1


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


def keyed_connection(path: Path, key: DataKey) -> Any:
    """Open a bare SQLCipher connection to ``path`` keyed with ``key`` (no check that the key is right)."""
    connection = sqlcipher3.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
    connection.execute("PRAGMA temp_store = MEMORY")
    return connection


@contextlib.contextmanager
def _open_checked(path: Path, key: DataKey) -> Iterator[Any]:
    """Open a database or backup file read-only with ``key``, raising a clear error when it is not usable."""
    if not path.is_file():
        raise DatabaseMissingError(path)
    connection = keyed_connection(path, key)
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
    """Copy an encrypted database (open elsewhere in this process or not) into ``target``, atomically.

    Raises:
        KansliError: the copy could not be made (a damaged source is a :class:`CorruptDatabaseError`, a full
            disk a :class:`StorageError`); no file is left at ``target`` or beside it then.
    """
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        with _open_checked(source, key) as source_connection:
            destination = keyed_connection(partial, key)
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
    except sqlcipher3.Error as error:
        # The backup API reports the first failure on either side: a damaged page of the source, or a write to
        # the copy that the disk refused.
        partial.unlink(missing_ok=True)
        explained = explain_sqlite_error(error, target)
        if isinstance(explained, CorruptDatabaseError):
            explained = CorruptDatabaseError(source, _("a damaged part was found while reading it"))
        raise explained or KansliError(_("The backup could not be written: {reason}").format(reason=error)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def snapshot_database(source: Path, key: DataKey, target: Path) -> Path:
    """Copy an encrypted database's files as they are into ``target``, atomically: the quick backup.

    :func:`copy_database` reads, decrypts and re-encrypts every page and then checks the copy: 8 seconds for a
    central office file of 600 MB. Before a sync import that would be most of the import's own time, so this copy
    takes the files' bytes instead (half a second): under SQLite's write lock, which no other connection can commit
    (and so move pages into the main file) through, the main file and its write-ahead log are one consistent
    state. (A checkpoint needs no write lock and may copy pages into the main file meanwhile (db.core.checkpoints),
    but only pages whose newest versions are in the log, which is copied whole and replayed over them.) The copied
    log is then folded into the copy, so that the backup is a single file like any other.
    Nothing is decrypted, so a damaged page would be copied as it is: the daily backup, which reads every page,
    is the one that finds damage.

    Raises:
        KansliError: as :func:`copy_database`; no file is left at ``target`` or beside it then.
    """
    partial = target.with_name(f".{target.name}.partial")
    partial_log, partial_index = _sidecars(partial)
    source_log, _source_index = _sidecars(source)
    leftovers = (partial, partial_log, partial_index)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for path in leftovers:
            path.unlink(missing_ok=True)
        with _open_checked(source, key) as source_connection:
            source_connection.execute("PRAGMA busy_timeout = 30000")
            source_connection.execute("BEGIN IMMEDIATE")
            try:
                shutil.copyfile(source, partial)
                if source_log.exists():
                    shutil.copyfile(source_log, partial_log)
            finally:
                source_connection.execute("ROLLBACK")
        with _open_checked(partial, key) as copy:
            mode = copy.execute("PRAGMA journal_mode = DELETE").fetchone()
            if not mode or str(mode[0]).lower() != "delete":
                raise KansliError(_("The backup could not be written: {reason}").format(reason=mode))
        _fsync(partial)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except OSError as error:
        _unlink_all(leftovers)
        raise KansliError(_("The backup could not be written: {reason}").format(reason=error.strerror)) from None
    except sqlcipher3.Error as error:
        _unlink_all(leftovers)
        raise explain_sqlite_error(error, target) or KansliError(
            _("The backup could not be written: {reason}").format(reason=error)
        ) from None
    except BaseException:
        _unlink_all(leftovers)
        raise
    return target


def _unlink_all(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def automatic_backup(
    database: Path, key: DataKey, reason: str, *, now: datetime | None = None, quick: bool = False
) -> Path:
    """Back up ``database`` into its backup folder, named by time and reason, and rotate old ones.

    Args:
        database: the database file.
        key: its data key.
        reason: why (:data:`MANUAL`, :data:`DAILY`, :data:`BEFORE_UPGRADE`, :data:`BEFORE_RESTORE`,
            :data:`BEFORE_SYNC_IMPORT`); decides how long the backup is kept.
        now: the moment the name is stamped with (the clock by default).
        quick: copy the files as they are (:func:`snapshot_database`) instead of page by page with a check.
    """
    stamp = (now or datetime.now()).strftime(_STAMP_FORMAT)
    folder = backup_dir_for(database)
    target = folder / f"{database.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{database.stem}-{stamp}-{reason}-{counter}{BACKUP_SUFFIX}"
    (snapshot_database if quick else copy_database)(database, key, target)
    rotate_backups(database)
    return target


def daily_backup_if_due(database: Path, key: DataKey, today: date | None = None) -> Path | None:
    """Make the day's backup of ``database`` unless it has one dated ``today``; return it, or None.

    The window runs this (in the background) each time a database is opened, and so does each command that
    writes; so a district that works on a day has a backup from the start of that day.

    Args:
        database: the database file (it may be open).
        key: its data key.
        today: the day to back up for (the clock's date by default).
    """
    now = datetime.now()
    if today is not None and today != now.date():
        now = datetime.combine(today, now.time())
    today = now.date()
    if any(backup.reason == DAILY and backup.made_at.date() == today for backup in _named_backups(database)):
        return None
    return automatic_backup(database, key, DAILY, now=now)


def list_backups(database: Path) -> list[Path]:
    """Return the backups in a database's backup folder, newest first."""
    folder = backup_dir_for(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{BACKUP_SUFFIX}"), key=lambda path: path.stat().st_mtime, reverse=True)


def parse_backup_name(path: Path) -> BackupName | None:
    """Read the database stem, time and reason from an automatic backup's name; None for any other name."""
    if not path.name.endswith(BACKUP_SUFFIX):
        return None
    match = _NAME.match(path.name.removesuffix(BACKUP_SUFFIX))
    if match is None:
        return None
    try:
        made_at = datetime.strptime(match["stamp"], _STAMP_FORMAT)
    except ValueError:
        return None
    return BackupName(path, match["stem"], made_at, match["reason"], int(match["counter"] or 1))


def _named_backups(database: Path) -> list[BackupName]:
    folder = backup_dir_for(database)
    if not folder.is_dir():
        return []
    named = (parse_backup_name(path) for path in folder.glob(f"*{BACKUP_SUFFIX}"))
    return [backup for backup in named if backup is not None and backup.stem == database.stem]


def _newest_per_period(
    newest_first: Sequence[BackupName], period: Callable[[datetime], Hashable], count: int
) -> Iterator[Path]:
    seen: set[Hashable] = set()
    for backup in newest_first:
        if len(seen) >= count:
            return
        key = period(backup.made_at)
        if key not in seen:
            seen.add(key)
            yield backup.path


def backups_to_keep(backups: Iterable[BackupName], rotation: Rotation = ROTATION) -> set[Path]:
    """Decide which backups stay; the rule of :func:`rotate_backups`, by the times in the names alone.

    Daily backups: the newest of each of the ``rotation.daily`` most recent days that have one, of each of the
    ``weekly`` most recent ISO weeks, and of each of the ``monthly`` most recent months (one file may count for
    all three). Every other reason: the newest ``per_reason``.
    """
    newest_first = sorted(backups, key=lambda backup: (backup.made_at, backup.counter), reverse=True)
    keep: set[Path] = set()
    daily = [backup for backup in newest_first if backup.reason == DAILY]
    periods: tuple[tuple[Callable[[datetime], Hashable], int], ...] = (
        (lambda moment: moment.date(), rotation.daily),
        (lambda moment: moment.isocalendar()[:2], rotation.weekly),
        (lambda moment: (moment.year, moment.month), rotation.monthly),
    )
    for period, count in periods:
        keep.update(_newest_per_period(daily, period, count))
    by_reason: dict[str, list[BackupName]] = {}
    for backup in newest_first:
        if backup.reason != DAILY:
            by_reason.setdefault(backup.reason, []).append(backup)
    for same_reason in by_reason.values():
        keep.update(backup.path for backup in same_reason[: rotation.per_reason])
    return keep


def rotate_backups(database: Path, rotation: Rotation = ROTATION) -> list[Path]:
    """Delete the automatic backups of ``database`` that :func:`backups_to_keep` lets go; return them.

    Files whose names were not made by :func:`automatic_backup` (copied in or renamed by the user) are never
    deleted. Partial files left by a backup that was killed while writing are removed once they are a day old.
    """
    backups = _named_backups(database)
    keep = backups_to_keep(backups, rotation)
    removed: list[Path] = []
    for backup in backups:
        if backup.path in keep:
            continue
        try:
            backup.path.unlink(missing_ok=True)
        except OSError as error:
            # A backup that cannot be deleted costs space, not data: the new backup stands.
            log.warning("an old backup could not be deleted: %s", error.strerror)
            continue
        removed.append(backup.path)
    _remove_stale_partials(backup_dir_for(database))
    return removed


def _remove_stale_partials(folder: Path) -> None:
    if not folder.is_dir():
        return
    limit = (datetime.now() - _STALE_PARTIAL).timestamp()
    for partial in (*folder.glob(".*.partial"), *folder.glob(".*.partial-wal"), *folder.glob(".*.partial-shm")):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < limit:
                partial.unlink()


def describe_backup(path: Path, key: DataKey) -> BackupSummary:
    """Open a backup with ``key`` and tell what it holds."""
    with _open_checked(path, key) as connection:
        try:
            revision_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            members = connection.execute("SELECT count(*) FROM member WHERE deleted_at IS NULL").fetchone()[0]
            branches = connection.execute("SELECT count(*) FROM branch WHERE deleted_at IS NULL").fetchone()[0]
        except sqlcipher3.Error as error:
            raise explain_sqlite_error(error, path) or NotKansliDatabaseError(path) from None
    stat = path.stat()
    parsed = parse_backup_name(path)
    return BackupSummary(
        path=path,
        made_at=datetime.fromtimestamp(stat.st_mtime).astimezone(),
        reason=parsed.reason if parsed else MANUAL,
        size_bytes=stat.st_size,
        revision=revision_row[0] if revision_row else None,
        members=int(members),
        branches=int(branches),
    )


def restore_backup(database: Path, backup: Path, key: DataKey) -> Path | None:
    """Replace ``database`` with ``backup`` after backing up its current state.

    The backup is checked first (key, that it is Kansli's, a schema this program knows); the current file is kept
    as a backup of its own before it is replaced — or, when it cannot be read as one (damaged, or keyed with
    another key), copied aside as it is. Returns that copy (None when there was no database).

    The swap is one rename of a complete, checked file, so a crash at any moment leaves either the old database or
    the backup, never a mix; the write-ahead log of the old file is folded in (or copied aside) and removed
    before the rename, so it can never be applied to the restored file.

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
        safety = _keep_current_state(database, key) if database.exists() else None
        staged = database.with_name(f".{database.name}.restoring")
        copy_database(backup, key, staged)
        try:
            for leftover in _sidecars(database):
                leftover.unlink(missing_ok=True)
            os.replace(staged, database)
            _fsync_dir(database.parent)
        except OSError as error:
            staged.unlink(missing_ok=True)
            raise KansliError(_("The backup could not be restored: {reason}").format(reason=error.strerror)) from None
        return safety
    finally:
        lock.release()


def _keep_current_state(database: Path, key: DataKey) -> Path:
    """Back up the database about to be replaced; copy it aside as it is when it cannot be backed up."""
    try:
        safety = automatic_backup(database, key, BEFORE_RESTORE)
        _checkpoint(database, key)
        return safety
    except (CorruptDatabaseError, WrongKeyError, NotKansliDatabaseError):
        # Restoring is how a damaged file is repaired, so its damage must not stop the restore; nothing is
        # thrown away either: the file and its log go to the backup folder byte for byte.
        return _set_aside(database)


def _set_aside(database: Path) -> Path:
    folder = backup_dir_for(database)
    stamp = datetime.now().strftime(_STAMP_FORMAT)
    target = folder / f"{database.stem}-{stamp}-set-aside{database.suffix}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The shared-memory index is rebuilt from the log by whoever opens the copy; it is not copied.
        for source in (database, _sidecars(database)[0]):
            if not source.exists():
                continue
            copy = target.with_name(target.name + source.name.removeprefix(database.name))
            partial = copy.with_name(f".{copy.name}.partial")
            shutil.copyfile(source, partial)
            _fsync(partial)
            os.replace(partial, copy)
        _fsync_dir(folder)
    except OSError as error:
        raise KansliError(_("The backup could not be restored: {reason}").format(reason=error.strerror)) from None
    return target


def _sidecars(database: Path) -> tuple[Path, Path]:
    return database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")


def _checkpoint(database: Path, key: DataKey) -> None:
    """Fold the write-ahead log into the main file, so nothing is lost when the file is replaced."""
    connection = keyed_connection(database, key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlcipher3.Error as error:
        raise explain_sqlite_error(error, database) or KansliError(
            _("The backup could not be restored: {reason}").format(reason=error)
        ) from None
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
