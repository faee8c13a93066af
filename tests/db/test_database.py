"""Creating and opening the encrypted file, and every way opening can go wrong."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from keyring.backends import fail
from sqlalchemy import create_engine, event, select, text

from db.core import migrate
from db.core.changelog import CaptureMissingError
from db.core.database import Database, create_database, open_database
from db.core.district import DistrictSettings, get_district
from db.core.errors import (
    CorruptDatabaseError,
    DatabaseExistsError,
    DatabaseInUseError,
    DatabaseMissingError,
    NewerSchemaError,
    NoKeyError,
    NotKansliDatabaseError,
    WrongKeyError,
)
from db.core.keys import DataKey, KeyringStore
from db.core.lock import lock_path_for
from db.core.migrate import include_in_autogenerate
from db.core.opening import open_for_work, resolve_key
from db.core.paths import backup_dir_for
from db.members.models import Member
from db.members.search import find_members
from db.schema import metadata
from db.setup import create_district


def test_file_is_encrypted_on_disk(database: Database, make_member) -> None:
    make_member("Ulla", "Unikoinen", email="ulla.unikoinen@example.fi")
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    content = database.path.read_bytes()
    assert not content.startswith(b"SQLite format 3")
    assert b"Unikoinen" not in content
    assert "Unikoinen".encode("utf-16-le") not in content
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(database.path).execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_pragmas_are_set(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY


def test_district_settings_and_node_id_are_stored(database: Database, database_key: DataKey) -> None:
    with database.reading() as session:
        district = get_district(session)
    assert district.name == "Testipiiri" and district.code == "TP"
    node_id = database.node_id
    database.close()
    again = open_database(database.path, database_key)
    try:
        assert again.node_id == node_id
        assert isinstance(node_id, uuid.UUID)
    finally:
        again.close()


def test_wrong_key_gives_a_clear_error_and_no_lock_is_left(database_path: Path) -> None:
    with pytest.raises(WrongKeyError, match="does not open the database"):
        open_database(database_path, DataKey.generate())
    assert lock_path_for(database_path.resolve()).read_text() == ""


def test_second_instance_is_refused_with_who_holds_it(database: Database, database_key: DataKey) -> None:
    with pytest.raises(DatabaseInUseError) as error:
        open_database(database.path, database_key)
    assert "process" in str(error.value)
    # Reading while the window has the file open is allowed.
    reader = open_database(database.path, database_key, read_only=True)
    try:
        with reader.reading() as session:
            assert get_district(session).name == "Testipiiri"
    finally:
        reader.close()


def test_stale_lock_from_a_crash_is_taken_over(database_path: Path, database_key: DataKey) -> None:
    lock_path_for(database_path.resolve()).write_text('{"pid": 999999, "host": "old", "since": "2026-01-01T10:00"}')
    opened = open_database(database_path, database_key)
    try:
        assert opened.recovered_from_crash
    finally:
        opened.close()


def test_missing_file(tmp_path: Path, database_key: DataKey) -> None:
    with pytest.raises(DatabaseMissingError):
        open_database(tmp_path / "nothing.db", database_key)


def test_plain_sqlite_file_is_not_a_kansli_database(tmp_path: Path, database_key: DataKey) -> None:
    path = tmp_path / "plain.db"
    sqlite3.connect(path).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(NotKansliDatabaseError):
        open_database(path, database_key)


def test_encrypted_file_of_another_program_is_not_a_kansli_database(tmp_path: Path, database_key: DataKey) -> None:
    path = tmp_path / "other.db"
    connection = sqlcipher3.connect(str(path))
    connection.execute(f"PRAGMA key = {database_key.sqlcipher_pragma_value()}")
    connection.execute("CREATE TABLE t(x)")
    connection.commit()
    connection.close()
    with pytest.raises(NotKansliDatabaseError):
        open_database(path, database_key)


def test_truncated_file_is_reported_as_damaged(database_path: Path, database_key: DataKey) -> None:
    data = database_path.read_bytes()
    database_path.write_bytes(data[: len(data) // 2 + 100])
    with pytest.raises(CorruptDatabaseError):
        open_database(database_path, database_key)


def test_newer_schema_is_refused_and_the_file_is_unchanged(database_path: Path, database_key: DataKey) -> None:
    opened = open_database(database_path, database_key)
    with opened.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    opened.close()
    before = database_path.read_bytes()
    with pytest.raises(NewerSchemaError):
        open_database(database_path, database_key)
    assert database_path.read_bytes() == before


def test_create_refuses_to_overwrite(database_path: Path) -> None:
    with pytest.raises(DatabaseExistsError):
        create_database(database_path, DataKey.generate(), DistrictSettings("X"))


def _old_database(path: Path, key: DataKey) -> None:
    """Write a database at schema 0001 with one member, as an older Kansli would have left it."""
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher3)

    @event.listens_for(engine, "connect")
    def _key(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")

    member_id = uuid.uuid4().hex
    with engine.begin() as connection:
        migrate.upgrade(connection, target="0001")
        connection.execute(
            text("INSERT INTO kansli_meta(key, value) VALUES ('app', 'kansli'), ('node_id', :node)"),
            {"node": str(uuid.uuid4())},
        )
        connection.execute(
            text(
                "INSERT INTO member(id, first_name, last_name, language, created_at, updated_at) "
                "VALUES (:id, 'Östen', 'Åkerlund', 'sv', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            ),
            {"id": member_id},
        )
        connection.execute(
            text("INSERT INTO member_search(member_id, name_key, text) VALUES (:id, :key, :key)"),
            {"id": member_id, "key": "osten akerlund"},
        )
        # Rows that point at member and branch, so that an upgrade rebuilding either table must keep them valid.
        branch_id, body_id = uuid.uuid4().hex, uuid.uuid4().hex
        stamps = {"at": "2025-01-01 00:00:00"}
        connection.execute(
            text(
                "INSERT INTO branch(id, name, kind, status, created_at, updated_at) "
                "VALUES (:b, 'Vasa', 'local', 'active', :at, :at)"
            ),
            {"b": branch_id, **stamps},
        )
        connection.execute(
            text(
                "INSERT INTO membership(id, member_id, branch_id, kind, joined_on, created_at, updated_at) "
                "VALUES (:id, :m, :b, 'member', '2020-01-01', :at, :at)"
            ),
            {"id": uuid.uuid4().hex, "m": member_id, "b": branch_id, **stamps},
        )
        connection.execute(
            text(
                "INSERT INTO body(id, name, kind, branch_id, created_at, updated_at) "
                "VALUES (:id, 'Styrelse', 'branch_board', :b, :at, :at)"
            ),
            {"id": body_id, "b": branch_id, **stamps},
        )
        connection.execute(
            text(
                "INSERT INTO position(id, member_id, body_id, role, starts_on, created_at, updated_at) "
                "VALUES (:id, :m, :body, 'chair', '2024-01-01', :at, :at)"
            ),
            {"id": uuid.uuid4().hex, "m": member_id, "body": body_id, **stamps},
        )
    engine.dispose()


def test_older_database_is_upgraded_on_open_after_a_backup(tmp_path: Path, database_key: DataKey) -> None:
    path = tmp_path / "old.db"
    _old_database(path, database_key)
    steps: list[str] = []
    opened = open_for_work(path, database_key, on_migration_step=steps.append)
    try:
        with opened.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
        with opened.reading() as session:
            found = find_members(session, "akerlund", today=date.today())
        assert [member.last_name for member in found] == ["Åkerlund"]
        assert found[0].branch_name == "Vasa"
        with opened.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert steps and "search index" in steps[0].lower()
    finally:
        opened.close()
    backups = list(backup_dir_for(path.resolve()).glob("*before-upgrade*"))
    assert len(backups) == 1
    # The backup is the database as it was: still at the old revision.
    connection = sqlcipher3.connect(str(backups[0]))
    connection.execute(f"PRAGMA key = {database_key.sqlcipher_pragma_value()}")
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    connection.close()


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_in_autogenerate, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_create_district_stores_key_in_a_safe_keyring(tmp_path: Path, memory_keyring) -> None:
    database, key, stored = create_district(tmp_path / "new.db", DistrictSettings("Uusi piiri"), KeyringStore())
    database.close()
    assert stored
    assert resolve_key(tmp_path / "new.db", KeyringStore()) == key


def test_without_keyring_the_key_must_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        database, key, stored = create_district(tmp_path / "new.db", DistrictSettings("Uusi"), KeyringStore())
        database.close()
        assert not stored
        with pytest.raises(NoKeyError):
            resolve_key(tmp_path / "new.db", KeyringStore())
        monkeypatch.setenv("KANSLI_KEY", key.recovery_text())
        assert resolve_key(tmp_path / "new.db", KeyringStore()) == key
    finally:
        keyring.set_keyring(previous)


def test_reading_session_refuses_writes(database: Database, make_member) -> None:
    member_id = make_member()
    with pytest.raises(CaptureMissingError), database.reading() as session:
        member = session.execute(select(Member).where(Member.id == member_id)).scalar_one()
        member.first_name = "Changed"
        session.flush()


def test_revision_numbers_read_from_file_names_agree_with_alembic() -> None:
    # Opening a current file reads the revisions from the migration files' names, without importing Alembic.
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.known_revisions() == {script.revision for script in scripts.walk_revisions()}
    assert migrate.head_revision() == scripts.get_current_head()
    for script in scripts.walk_revisions():
        assert script.path is not None and Path(script.path).name.startswith(f"{script.revision}_")
        assert script.down_revision == (None if script.revision == "0001" else f"{int(script.revision) - 1:04d}")


def test_opening_a_current_file_does_not_import_alembic(database_path: Path, database_key: DataKey) -> None:
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from db.core.keys import DataKey\n"
        "from db.core.database import open_database\n"
        f"open_database(Path({str(database_path)!r}), DataKey.from_recovery_text({database_key.recovery_text()!r}))"
        ".close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
