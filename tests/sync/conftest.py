"""The central office of the sync tests on each kind of store: an encrypted file, and a database on PostgreSQL.

A test that takes ``make_central`` runs twice, ``[sqlite]`` and ``[postgresql]``; the second is skipped, with the
reason, where no PostgreSQL server is reachable (see ``tests/sync/postgres.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from db.core.database import Store
from db.core.keys import DataKey
from tests.sync.network import node_database
from tests.sync.postgres import PostgresServer, postgres_server

__all__ = ["postgres_server"]

CENTRAL_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=CENTRAL_KINDS)
def central_kind(request: pytest.FixtureRequest) -> str:
    """Which kind of store the central office has in this run of the test."""
    return str(request.param)


@pytest.fixture
def make_central(
    central_kind: str, request: pytest.FixtureRequest, tmp_path: Path, template_database: Path, database_key: DataKey
) -> Iterator[Callable[[], Store]]:
    """Make a central office store of this run's kind (a fresh one on each call), with a node id of its own."""
    made: list[Store] = []
    server: PostgresServer | None = None
    if central_kind == "postgresql":
        server = request.getfixturevalue("postgres_server")

    def make() -> Store:
        if server is None:
            store: Store = node_database(tmp_path, template_database, database_key, f"central-{len(made)}")
        else:
            store = server.new_store()
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()
        if server is not None:
            server.drop(getattr(store, "url"))  # noqa: B009
