"""Creating and opening the encrypted database file.

One :class:`Database` is one open file: an SQLAlchemy engine keyed with the data key in a connect event (the key
never appears in a URL), the writer lock, the node id and its hybrid logical clock. Work happens in sessions it
hands out: :meth:`Database.transaction` for changes (logged in the change log under a label), and
:meth:`Database.reading` for queries. Sessions are not shared between threads; each thread asks for its own.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DatabaseError as SqlAlchemyDatabaseError
from sqlalchemy.orm import Session, sessionmaker

from db.core import migrate
from db.core.base import utcnow
from db.core.changelog import CAPTURE_KEY, CaptureContext, ChangeRecord, Origin
from db.core.checkpoints import Checkpointer
from db.core.district import District, DistrictSettings, MetaEntry
from db.core.errors import (
    CorruptDatabaseError,
    DatabaseExistsError,
    DatabaseMissingError,
    KansliError,
    NewerSchemaError,
    NotKansliDatabaseError,
    WrongKeyError,
)
from db.core.hlc import HlcStamp, HybridLogicalClock
from db.core.i18n import N_, Label, _, stored_label
from db.core.keys import DataKey
from db.core.lock import DatabaseLock
from db.core.sqlite_errors import explain_sqlite_error
from db.schema import install_session_hooks, refresh_derived_data

log = logging.getLogger(__name__)

APP_MARKER = "kansli"
_PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
_PAGE_SIZE = 4096


class Store:
    """An open Kansli store: sessions over an engine, the node id and its hybrid logical clock.

    A district's store is always a :class:`Database` (an encrypted file). The central office's may also live on a
    database server (``db.sync.store.ServerStore``, PostgreSQL); sync works on either through this interface.
    """

    def __init__(
        self,
        engine: Engine,
        node_id: uuid.UUID,
        clock: HybridLogicalClock,
        hooks: Callable[[sessionmaker[Session]], None] = install_session_hooks,
    ) -> None:
        self.engine = engine
        self.node_id = node_id
        self.clock = clock
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
        hooks(self._sessions)
        # Write transactions take SQLite's write lock at BEGIN, so two threads never deadlock upgrading a read.
        self._write_engine = engine.execution_options(kansli_begin="IMMEDIATE")

    @property
    def read_only(self) -> bool:
        """Whether this handle was opened for reading only."""
        return False

    @property
    def location(self) -> str:
        """Where the store is, as it may be shown (a file's path; a server's address without its password)."""
        raise NotImplementedError

    @contextmanager
    def transaction(self, label: str | Label, origin: Origin = Origin.LOCAL) -> Iterator[Session]:
        """Open a session whose changes are committed together at the end of the block, or not at all.

        Args:
            label: what the user did ("Edit member"), shown by undo and in the history; a :class:`Label`, so that
                it is shown in the language of whoever reads it.
            origin: where the changes come from (a local edit, an import, sync).
        """
        if self.read_only:
            raise KansliError(_("The database was opened for reading only."))
        with self._sessions(bind=self._write_engine) as session:
            session.info[CAPTURE_KEY] = CaptureContext(self.node_id, self.clock, origin, stored_label(label))
            with session.begin():
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """Open a session for queries; writing to a synced table in it is refused."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Close every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class Database(Store):
    """An open Kansli database file."""

    def __init__(
        self,
        path: Path,
        key: DataKey,
        engine: Engine,
        lock: DatabaseLock | None,
        node_id: uuid.UUID,
        clock: HybridLogicalClock,
    ) -> None:
        self.path = path
        self.key = key
        self._lock = lock
        super().__init__(engine, node_id, clock)
        self.recovered_from_crash = bool(lock and lock.was_stale)
        self.checkpointer = Checkpointer(engine, path)

    @property
    def read_only(self) -> bool:
        """Whether this handle was opened for reading only (without the writer lock)."""
        return self._lock is None

    @property
    def location(self) -> str:
        return str(self.path)

    @contextmanager
    def transaction(self, label: str | Label, origin: Origin = Origin.LOCAL) -> Iterator[Session]:
        with super().transaction(label, origin) as session:
            yield session
        self.checkpointer.after_commit()

    def close(self) -> None:
        """Close every connection and release the writer lock."""
        self.checkpointer.wait()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self


def _make_engine(path: Path, key: DataKey, *, read_only: bool) -> Engine:
    # Last in, first out: the window's next query gets the connection it just used, whose page cache holds the
    # pages it just decrypted (first in, first out would hand it a different, cold connection each time).
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher3, pool_size=4, max_overflow=4, pool_use_lifo=True)

    @event.listens_for(engine, "connect", insert=True)
    def _key_connection(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy emits BEGIN itself (below), so the driver must not open transactions on its own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # SQLCipher would otherwise print decryption failures (a wrong key) to stderr.
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
            cursor.execute("PRAGMA cipher_memory_security = OFF")
            # The first read checks the key: SQLCipher reports a wrong key as "file is not a database".
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA temp_store = MEMORY")
            # Up to 64 MB of decrypted pages per connection (the default is 2 MB; memory is taken only as pages are
            # read): a search on 100 000 members looks up thousands of search rows scattered over some 40 MB, and
            # with a smaller cache it decrypts the same pages again on every keystroke (54 ms instead of 12 ms).
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute("PRAGMA busy_timeout = 5000")
            if read_only:
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
                # Checkpoints run in a thread of their own after the commit (db.core.checkpoints).
                cursor.execute("PRAGMA wal_autocheckpoint = 0")
        finally:
            cursor.close()

    @event.listens_for(engine, "handle_error")
    def _explain_error(context: ExceptionContext) -> BaseException | None:
        # A damaged page is only found when it is first read, and a full disk when a write needs room: both can
        # happen in any statement, so they are turned into the user's errors here, once for every caller. While
        # connecting (no connection yet) "not a database" means a wrong key; _first_connection says so.
        if context.connection is None:
            return None
        return explain_sqlite_error(context.original_exception, path)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("kansli_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _check_file_looks_encrypted(path: Path) -> None:
    if not path.exists():
        raise DatabaseMissingError(path)
    if not path.is_file():
        raise NotKansliDatabaseError(path)
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(16)
    if header == _PLAIN_SQLITE_HEADER:
        raise NotKansliDatabaseError(path)
    if size == 0 or size % _PAGE_SIZE != 0:
        raise CorruptDatabaseError(path, _("the file has been cut short"))


def _first_connection(engine: Engine, path: Path) -> Connection:
    try:
        return engine.connect()
    except SqlAlchemyDatabaseError as error:
        message = str(error.orig) if error.orig is not None else str(error)
        if "file is not a database" in message or "not an error" in message:
            raise WrongKeyError from None
        raise CorruptDatabaseError(path, message) from None


def open_database(
    path: Path,
    key: DataKey,
    *,
    read_only: bool = False,
    backup_before_migration: Callable[[Path, DataKey], Path] | None = None,
    on_migration_step: Callable[[str], None] | None = None,
) -> Database:
    """Open an existing database, upgrading its schema when it is older than the program.

    Args:
        path: the database file.
        key: its data key.
        read_only: open without the writer lock and refuse writes (for listing and checking while the window
            has the file open). A file that needs upgrading cannot be opened this way.
        backup_before_migration: makes a backup of the file before its schema is upgraded; it is called only
            when an upgrade is needed. Without it, an older file is upgraded without a backup.
        on_migration_step: called with a description of each upgrade step, for a progress display.

    Raises:
        KansliError: a subclass naming what is wrong, in words the user understands.
    """
    path = path.expanduser().resolve()
    _check_file_looks_encrypted(path)
    lock = None if read_only else DatabaseLock(path)
    if lock is not None:
        lock.acquire()
    engine = _make_engine(path, key, read_only=read_only)
    try:
        with _first_connection(engine, path) as connection:
            node_id = _read_identity(connection, path)
            revision = migrate.current_revision(connection)
        if revision not in migrate.known_revisions():
            raise NewerSchemaError(path)
        if revision != migrate.head_revision():
            if read_only:
                raise KansliError(_("The database must be upgraded first; open it in Kansli once."))
            if backup_before_migration is not None:
                backup_before_migration(path, key)
            _run_migrations(engine, path, on_migration_step)
            log.info("database schema upgraded from %s", revision)
        with engine.connect() as connection:
            last = connection.execute(select(func.max(ChangeRecord.hlc))).scalar()
    except BaseException:
        engine.dispose()
        if lock is not None:
            lock.release()
        raise
    clock = HybridLogicalClock(HlcStamp.parse(last) if last else None)
    database = Database(path, key, engine, lock, node_id, clock)
    if not read_only:
        try:
            with database.transaction(Label(N_("Update derived data")), Origin.SETUP) as session:
                refresh_derived_data(session)
        except BaseException:
            database.close()
            raise
    return database


def _run_migrations(engine: Engine, path: Path, on_step: Callable[[str], None] | None) -> None:
    """Upgrade the schema in one transaction, with foreign keys checked at the end rather than per statement.

    SQLite changes a table by copying it; with foreign keys enforced, dropping the old copy would fail. The
    pragma only takes effect outside a transaction, so it is set on the driver connection before BEGIN.
    """
    with engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                migrate.upgrade(connection, on_step)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise CorruptDatabaseError(path, _("the upgrade would leave broken references"))
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


def _read_identity(connection: Connection, path: Path) -> uuid.UUID:
    try:
        rows = dict(connection.execute(text("SELECT key, value FROM kansli_meta")).tuples().all())
    except SqlAlchemyDatabaseError as error:
        if isinstance(error.orig, sqlite3.Error | sqlcipher3.Error) and "no such table" in str(error.orig):
            raise NotKansliDatabaseError(path) from None
        raise
    if rows.get("app") != APP_MARKER or "node_id" not in rows:
        raise NotKansliDatabaseError(path)
    return uuid.UUID(rows["node_id"])


def create_database(
    path: Path, key: DataKey, district: DistrictSettings, seed: Callable[[Session], object] | None = None
) -> Database:
    """Create a new encrypted database for ``district`` at ``path`` and open it.

    ``seed`` may add starting data (vocabularies) in the same transaction that records the district. If anything
    fails, no file is left behind.

    Raises:
        DatabaseExistsError: when a file is already there (it is never overwritten).
    """
    path = path.expanduser().resolve()
    if path.exists():
        raise DatabaseExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = DatabaseLock(path)
    lock.acquire()
    engine = _make_engine(path, key, read_only=False)
    node_id = uuid.uuid4()
    try:
        _run_migrations(engine, path, None)
        with engine.connect() as connection, connection.begin():
            connection.execute(
                insert(MetaEntry),
                [
                    {"key": "app", "value": APP_MARKER},
                    {"key": "node_id", "value": str(node_id)},
                    {"key": "created_at", "value": utcnow().isoformat()},
                ],
            )
        database = Database(path, key, engine, lock, node_id, HybridLogicalClock())
        with database.transaction(Label(N_("Create district")), Origin.SETUP) as session:
            session.add(
                District(name=district.name, code=district.code, country=district.country, language=district.language)
            )
            if seed is not None:
                seed(session)
    except BaseException:
        engine.dispose()
        lock.release()
        _remove_database_files(path)
        raise
    return database


def _remove_database_files(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
