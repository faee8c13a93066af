"""The central office's store on a PostgreSQL server (db.sync.store): its schema, its lock, its messages."""

from __future__ import annotations

import socket

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event, text

from db.core import migrate
from db.core.district import DistrictSettings
from db.schema import metadata
from db.sync.enrolment import init_central
from db.sync.store import (
    NotAServerStoreError,
    ServerStoreInUseError,
    ServerStoreNotEmptyError,
    ServerUnreachableError,
    UnsupportedUrlError,
    create_server_store,
    display_url,
    is_database_url,
    make_foreign_keys_deferrable,
    open_server_store,
    server_url,
)
from tests.sync.postgres import PostgresServer


def test_urls_are_told_from_files_and_shown_without_their_password(tmp_path: object) -> None:
    assert is_database_url("postgresql+psycopg://kansli:secret@db.example/central")
    assert is_database_url("postgresql://kansli@localhost/central")
    assert not is_database_url("/home/piiri/kansli.db")
    assert not is_database_url("C:\\Users\\piiri\\kansli.db")
    assert server_url("postgresql://u:p@h/d").drivername == "postgresql+psycopg"
    assert server_url("postgres://u@h/d").drivername == "postgresql+psycopg"
    shown = display_url("postgresql+psycopg://kansli:secret@db.example:5432/central")
    assert shown == "postgresql+psycopg://kansli:***@db.example:5432/central"
    assert "secret" not in display_url("postgresql://kansli@db.example/central?password=secret&sslmode=require")
    with pytest.raises(UnsupportedUrlError) as refused:
        server_url("mysql://kansli:secret@db.example/central")
    assert "secret" not in str(refused.value) and "***" in str(refused.value)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_server_is_one_clear_message_without_the_password() -> None:
    url = f"postgresql+psycopg://kansli:topsecret@127.0.0.1:{_closed_port()}/central"
    with pytest.raises(ServerUnreachableError) as refused:
        open_server_store(url)
    message = str(refused.value)
    assert "could not be reached" in message and "topsecret" not in message and "***" in message


@pytest.mark.postgres
def test_the_migrations_make_the_models_schema_on_postgresql(postgres_server: PostgresServer) -> None:
    url = postgres_server.empty_database()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            with connection.begin():
                migrate.upgrade(connection)
            assert migrate.current_revision(connection) == migrate.head_revision()
            context = MigrationContext.configure(
                connection, opts={"include_object": migrate.include_in_autogenerate, "compare_type": True}
            )
            assert compare_metadata(context, metadata) == []
            connection.rollback()
            # Then every foreign key may be deferred to the commit (a package's rows refer to each other in any
            # order), as the store does after every upgrade.
            with connection.begin():
                assert make_foreign_keys_deferrable(connection) > 50
            stiff = connection.execute(
                text("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT condeferrable")
            ).scalar()
            assert stiff == 0
    finally:
        engine.dispose()
        postgres_server.drop(url)


@pytest.mark.postgres
def test_one_writer_at_a_time_and_readers_beside_it(postgres_server: PostgresServer) -> None:
    url = postgres_server.new_store_url()
    writer = open_server_store(url)
    try:
        with pytest.raises(ServerStoreInUseError):
            open_server_store(url)
        reader = open_server_store(url, read_only=True)
        assert reader.read_only
        reader.close()
    finally:
        writer.close()
    open_server_store(url).close()  # the lock went with the writer
    postgres_server.drop(url)


@pytest.mark.postgres
def test_a_store_is_made_only_in_an_empty_database_and_all_at_once(postgres_server: PostgresServer) -> None:
    url = postgres_server.empty_database()
    with pytest.raises(NotAServerStoreError):
        open_server_store(url)

    def fail(*_arguments: object) -> None:
        raise RuntimeError("set-up failed")

    statements: list[str] = []

    def remember(_connection: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", remember)
    try:
        with pytest.raises(RuntimeError):
            create_server_store(url, DistrictSettings(name="Keskustoimisto"), fail)
    finally:
        event.remove(Engine, "before_cursor_execute", remember)
    assert any("pg_advisory_unlock" in statement for statement in statements)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:  # the failed set-up left nothing behind
            tables = connection.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
            # Not even its writer lock, given up at once (above): left to the server's backend to drop when it had
            # exited, it made the next create fail now and then ("in use by another Kansli command").
            locks = connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            ).scalar()
        assert tables == 0 and locks == 0
    finally:
        engine.dispose()
    store, identity = create_server_store(
        url,
        DistrictSettings(name="Keskustoimisto"),
        lambda session, node_id: init_central(session, node_id, "Keskustoimisto"),
    )
    store.close()
    assert identity.name == "Keskustoimisto"
    with pytest.raises(ServerStoreNotEmptyError):
        create_server_store(url, DistrictSettings(name="Again"), lambda *_: None)
    postgres_server.drop(url)
