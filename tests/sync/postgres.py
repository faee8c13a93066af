"""A PostgreSQL server for the central office's tests: found, given a template store, and a fresh database per test.

The server is the one named by ``KANSLI_TEST_POSTGRES_URL`` (``.ci/run`` starts a throwaway cluster on loopback and
sets it), else one answering on 127.0.0.1:5432 as ``postgres``. With neither, the PostgreSQL variants of the tests
are skipped and say why; a server that is named but does not answer is an error, not a skip.

Each test gets a database of its own, copied from a template store made once per test process (``CREATE DATABASE …
TEMPLATE``, a file copy on the server), and dropped at the end.
"""

from __future__ import annotations

import itertools
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from db.core.district import DistrictSettings
from db.sync.store import ServerStore, create_server_store, open_server_store, server_url

ENVIRONMENT = "KANSLI_TEST_POSTGRES_URL"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def find_server() -> tuple[URL | None, str]:
    """The server's maintenance URL, or None and the reason the PostgreSQL tests are skipped."""
    named = os.environ.get(ENVIRONMENT)
    if named:
        return server_url(named), ""
    if not _answers("127.0.0.1", 5432):
        return None, (
            f"no PostgreSQL server: {ENVIRONMENT} is not set and nothing answers on 127.0.0.1:5432 (.ci/run starts one)"
        )
    return make_url(DEFAULT_URL), ""


@dataclass
class PostgresServer:
    """Databases made on the server for this test process."""

    admin_url: URL
    prefix: str
    template: str = ""
    made: list[str] = field(default_factory=list)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _admin: Engine | None = None

    @property
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", pool_size=1)
        return self._admin

    def url_of(self, name: str) -> URL:
        return self.admin_url.set(database=name)

    def empty_database(self) -> URL:
        """A new, empty database."""
        return self._create(f"{self.prefix}_{next(self._names)}", "")

    def _create(self, name: str, template: str) -> URL:
        with self.admin.connect() as connection:
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
        self.made.append(name)
        return self.url_of(name)

    def make_template(self) -> None:
        """The template store, as the SQLite template is: migrated, its office row made, no sync identity yet."""
        url = self._create(f"{self.prefix}_template", "")
        store, _nothing = create_server_store(url, DistrictSettings(name="Testipiiri", code="TP"), lambda *_: None)
        store.close()
        self.template = url.database or ""

    def new_store_url(self) -> URL:
        """A copy of the template store with a node id of its own (not opened)."""
        url = self._create(f"{self.prefix}_{next(self._names)}", self.template)
        engine = create_engine(url, pool_size=1)
        try:
            with engine.begin() as connection:
                connection.execute(
                    text("UPDATE kansli_meta SET value = :node WHERE key = 'node_id'"), {"node": str(uuid.uuid4())}
                )
        finally:
            engine.dispose()
        return url

    def new_store(self) -> ServerStore:
        """A copy of the template store, opened."""
        return open_server_store(self.new_store_url())

    def drop(self, url: URL | str) -> None:
        name = make_url(url).database
        if name in self.made:
            with self.admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.made.remove(name)

    def drop_all(self) -> None:
        for name in list(reversed(self.made)):
            self.drop(self.url_of(name))
        if self._admin is not None:
            self._admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The server with this test process's template store (skips the test when there is no server)."""
    url, reason = find_server()
    if url is None:
        pytest.skip(reason)
    # Unique per fixture (test modules outside tests/sync import it too) and per process (xdist, parallel runs).
    server = PostgresServer(url, f"kansli_test_{os.getpid()}_{uuid.uuid4().hex[:8]}")
    try:
        server.make_template()
        yield server
    finally:
        server.drop_all()
