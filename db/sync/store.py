"""The central office's store on a database server (PostgreSQL), beside the encrypted file every district has.

The same models, the same change log and the same package code run over it (``db.core.database.Store``). What is
different from a file:

* **Where it is**: a database URL, ``postgresql+psycopg://user:password@host:5432/name`` (``postgresql://`` means
  the same). The password is never shown: every message names the store by :func:`display_url`.
* **No SQLCipher**: the server's own access control, disk encryption and backups (``pg_dump``) protect it; the
  node's private keys are in it like in a district's file. Kansli makes no backup files of a server store.
* **One writer at a time**: a session-level advisory lock on the database instead of a lock file. A second
  ``kansli central`` that writes is told the store is in use; a killed process's lock goes with its connection.
  (This also keeps the change log's sequence numbers in commit order, which export relies on.)
* **The schema** is made and upgraded by the same Alembic migrations, in one transaction. Foreign keys are made
  deferrable, so that a package's rows may refer to each other in any order (SQLite defers them per transaction
  with ``PRAGMA defer_foreign_keys``).
* The member list's derived rows (``member_search``) belong to the desktop window and are not kept on a server.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from typing import Final, TypeVar

from sqlalchemy import Connection, Engine, create_engine, func, insert, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.core import migrate
from db.core.base import utcnow
from db.core.changelog import CAPTURE_KEY, CaptureContext, ChangeRecord, Origin, install_change_capture
from db.core.database import APP_MARKER, Store
from db.core.district import District, DistrictSettings, MetaEntry
from db.core.errors import KansliError
from db.core.hlc import HlcStamp, HybridLogicalClock
from db.core.i18n import N_, Label, _, stored_label

SERVER_DRIVER: Final = "postgresql+psycopg"
_ACCEPTED_SCHEMES: Final = frozenset({"postgresql", "postgres", SERVER_DRIVER})
# pg_advisory_lock's key for "the writer of this store": the bytes of "KANSLI" (advisory locks are per database).
_WRITER_LOCK: Final = int.from_bytes(b"KANSLI", "big")

T = TypeVar("T")


class ServerStoreError(KansliError):
    """A server store cannot be used: unreachable, refused, not a Kansli store, in use, or newer."""


class UnsupportedUrlError(ServerStoreError):
    def __init__(self, shown: str) -> None:
        super().__init__(
            _(
                "Kansli cannot use the database {url}: give a file or a PostgreSQL address (postgresql+psycopg://…)."
            ).format(url=shown)
        )


class ServerUnreachableError(ServerStoreError):
    def __init__(self, shown: str, reason: str) -> None:
        super().__init__(
            _("The central office store {url} could not be reached: {reason}").format(url=shown, reason=reason)
        )


class NotAServerStoreError(ServerStoreError):
    def __init__(self, shown: str) -> None:
        super().__init__(
            _("The database {url} holds no central office store; create one with kansli central init.").format(
                url=shown
            )
        )


class ServerStoreNotEmptyError(ServerStoreError):
    def __init__(self, shown: str) -> None:
        super().__init__(
            _(
                "The database {url} is not empty; a central office store needs an empty database of its own. "
                "Nothing was changed."
            ).format(url=shown)
        )


class ServerStoreInUseError(ServerStoreError):
    def __init__(self, shown: str) -> None:
        message = _("The central office store {url} is in use by another Kansli command. Try again when it is done.")
        super().__init__(message.format(url=shown))


class NewerServerStoreError(ServerStoreError):
    def __init__(self, shown: str) -> None:
        super().__init__(
            _(
                "The central office store {url} was written by a newer version of Kansli. Update Kansli to use it; "
                "nothing was changed."
            ).format(url=shown)
        )


def is_database_url(location: str) -> bool:
    """Whether ``--db`` (or ``KANSLI_DB``) names a database by URL rather than a file."""
    head, separator, _rest = location.partition("://")
    return bool(separator) and head.replace("+", "").isalnum() and not os.path.exists(location)


def server_url(location: str | URL) -> URL:
    """The URL of a server store, with the driver Kansli uses (``postgresql://`` becomes ``postgresql+psycopg://``).

    Raises:
        UnsupportedUrlError: for another kind of database or driver.
    """
    try:
        url = make_url(location)
    except ArgumentError:
        raise UnsupportedUrlError(_hide_password_in_text(str(location))) from None
    if url.drivername not in _ACCEPTED_SCHEMES:
        raise UnsupportedUrlError(display_url(url))
    return url.set(drivername=SERVER_DRIVER)


def display_url(url: str | URL) -> str:
    """The store's address as it may be shown or logged: the password replaced by ``***``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _hide_password_in_text(str(url))
    if "password" in parsed.query:  # psycopg also takes it as ?password=…
        parsed = parsed.update_query_dict({"password": "***"})
    return parsed.render_as_string(hide_password=True)


def _hide_password_in_text(location: str) -> str:
    scheme, separator, rest = location.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not separator or not at or ":" not in credentials:
        return location
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"


def _reason(error: DBAPIError) -> str:
    """The first line of the driver's message: what went wrong, without the statement or its values."""
    original = error.orig if error.orig is not None else error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__


def make_server_engine(url: URL) -> Engine:
    """An engine on the server: a few connections (one command works at a time), named in the server's activity."""
    return create_engine(
        url,
        pool_size=3,
        max_overflow=2,
        connect_args={"application_name": "kansli", "connect_timeout": 10},
    )


class ServerStore(Store):
    """The central office's store on a PostgreSQL server."""

    def __init__(
        self,
        url: URL,
        engine: Engine,
        node_id: uuid.UUID,
        clock: HybridLogicalClock,
        lock: Connection | None,
    ) -> None:
        # The change log only: the member list's derived rows are the window's (see the module's docstring).
        super().__init__(engine, node_id, clock, hooks=install_change_capture)
        self.url = url
        self._lock = lock

    @property
    def read_only(self) -> bool:
        return self._lock is None

    @property
    def location(self) -> str:
        return display_url(self.url)

    def close(self) -> None:
        if self._lock is not None:
            _release_writer_lock(self._lock)
            self._lock = None
        self.engine.dispose()

    def __enter__(self) -> ServerStore:
        return self


def _connect(engine: Engine, shown: str) -> Connection:
    try:
        return engine.connect()
    except DBAPIError as error:
        raise ServerUnreachableError(shown, _reason(error)) from None


def _release_writer_lock(lock: Connection) -> None:
    """Give the writer lock up now, then close its connection.

    Closing alone would leave the lock to the server's backend process, which lets it go when it has exited: a
    moment later, long enough for the next command to find the store "in use".
    """
    with contextlib.suppress(DBAPIError):  # the lock goes with the connection anyway
        lock.execute(select(func.pg_advisory_unlock(_WRITER_LOCK)))
    lock.close()


def _take_writer_lock(engine: Engine, shown: str) -> Connection:
    """Hold the store's writer lock on a connection of its own (outside any transaction) until the store closes."""
    connection = _connect(engine, shown).execution_options(isolation_level="AUTOCOMMIT")
    try:
        taken = connection.execute(select(func.pg_try_advisory_lock(_WRITER_LOCK))).scalar()
    except BaseException:
        connection.close()
        raise
    if not taken:
        connection.close()
        raise ServerStoreInUseError(shown)
    return connection


def _tables(connection: Connection) -> list[str]:
    return list(inspect(connection).get_table_names())


def _read_identity(connection: Connection, shown: str) -> uuid.UUID:
    if "kansli_meta" not in _tables(connection):
        raise NotAServerStoreError(shown)
    rows = dict(connection.execute(text("SELECT key, value FROM kansli_meta")).tuples().all())
    if rows.get("app") != APP_MARKER or "node_id" not in rows:
        raise NotAServerStoreError(shown)
    return uuid.UUID(rows["node_id"])


def make_foreign_keys_deferrable(connection: Connection) -> int:
    """Let every foreign key be checked at commit when a transaction asks (``SET CONSTRAINTS ALL DEFERRED``).

    Migrations make foreign keys as SQLite has them; on PostgreSQL they are made deferrable after every upgrade
    (initially immediate, so nothing changes for any other transaction). Returns how many were altered.
    """
    found = connection.execute(
        text(
            "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE c.contype = 'f' AND NOT c.condeferrable AND n.nspname = current_schema()"
        )
    ).all()
    preparer = connection.dialect.identifier_preparer
    for table, name in found:
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ALTER CONSTRAINT {preparer.quote(name)} DEFERRABLE INITIALLY IMMEDIATE"
        )
    return len(found)


def _upgrade(connection: Connection) -> None:
    with connection.begin():
        migrate.upgrade(connection)
        make_foreign_keys_deferrable(connection)


def open_server_store(location: str | URL, *, read_only: bool = False) -> ServerStore:
    """Open the central office's store on a server, upgrading its schema when it is older than the program.

    Args:
        location: the database URL.
        read_only: open without the writer lock, and refuse writes (for ``central status`` while another command
            works). A store that needs upgrading cannot be opened this way.

    Raises:
        ServerStoreError: a subclass naming what is wrong.
    """
    url = server_url(location)
    shown = display_url(url)
    engine = make_server_engine(url)
    lock: Connection | None = None
    try:
        if not read_only:
            lock = _take_writer_lock(engine, shown)
        with _connect(engine, shown) as connection:
            node_id = _read_identity(connection, shown)
            revision = migrate.current_revision(connection)
        if revision not in migrate.known_revisions():
            raise NewerServerStoreError(shown)
        if revision != migrate.head_revision():
            if read_only:
                raise ServerStoreError(_("The central office store must be upgraded first; run a central command."))
            with _connect(engine, shown) as connection:
                _upgrade(connection)
        with _connect(engine, shown) as connection:
            last = connection.execute(select(func.max(ChangeRecord.hlc))).scalar()
    except BaseException:
        if lock is not None:
            _release_writer_lock(lock)
        engine.dispose()
        raise
    clock = HybridLogicalClock(HlcStamp.parse(last) if last else None)
    return ServerStore(url, engine, node_id, clock, lock)


def create_server_store(
    location: str | URL,
    district: DistrictSettings,
    setup: Callable[[Session, uuid.UUID], T],
) -> tuple[ServerStore, T]:
    """Make a new store in an empty database on a server, and open it.

    Everything is one transaction: the schema, the node's identity, the row that names the office, and what
    ``setup`` adds (the central office's keys); if anything fails, the database is left empty.

    Returns:
        The open store and what ``setup`` returned.

    Raises:
        ServerStoreNotEmptyError: when the database holds any table (nothing is changed).
    """
    url = server_url(location)
    shown = display_url(url)
    engine = make_server_engine(url)
    lock: Connection | None = None
    try:
        lock = _take_writer_lock(engine, shown)
        node_id = uuid.uuid4()
        clock = HybridLogicalClock()
        with _connect(engine, shown) as connection:
            if _tables(connection):
                raise ServerStoreNotEmptyError(shown)
            connection.rollback()
            with connection.begin():
                migrate.upgrade(connection)
                make_foreign_keys_deferrable(connection)
                connection.execute(
                    insert(MetaEntry),
                    [
                        {"key": "app", "value": APP_MARKER},
                        {"key": "node_id", "value": str(node_id)},
                        {"key": "created_at", "value": utcnow().isoformat()},
                    ],
                )
                # A session joined to this connection's transaction: its commit is the outer one's, at the end.
                factory = sessionmaker(bind=connection, expire_on_commit=False)
                install_change_capture(factory)
                with factory() as session:
                    label = stored_label(Label(N_("Set up the central office")))
                    session.info[CAPTURE_KEY] = CaptureContext(node_id, clock, Origin.SETUP, label)
                    session.add(
                        District(
                            name=district.name,
                            code=district.code,
                            country=district.country,
                            language=district.language,
                        )
                    )
                    result = setup(session, node_id)
                    session.flush()
    except BaseException:
        if lock is not None:
            _release_writer_lock(lock)
        engine.dispose()
        raise
    return ServerStore(url, engine, node_id, clock, lock), result


__all__ = [
    "SERVER_DRIVER",
    "NewerServerStoreError",
    "NotAServerStoreError",
    "ServerStore",
    "ServerStoreError",
    "ServerStoreInUseError",
    "ServerStoreNotEmptyError",
    "ServerUnreachableError",
    "UnsupportedUrlError",
    "create_server_store",
    "display_url",
    "is_database_url",
    "make_foreign_keys_deferrable",
    "open_server_store",
    "server_url",
]
