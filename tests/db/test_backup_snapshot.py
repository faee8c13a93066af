"""The quick backup before a sync import: the database's files copied as they are, under the write lock."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import func, select

from db.core.backup import BEFORE_SYNC_IMPORT, automatic_backup, describe_backup, restore_backup, snapshot_database
from db.core.database import Database, open_database
from db.core.errors import KansliError
from db.core.keys import DataKey
from db.members.models import Member


def _add(database: Database, *names: str) -> None:
    with database.transaction("Add") as session:
        session.add_all(Member(first_name=name, last_name="Snapshot") for name in names)


def _names(path: Path, key: DataKey) -> list[str]:
    database = open_database(path, key)
    try:
        with database.reading() as session:
            return sorted(session.execute(select(Member.first_name).where(Member.last_name == "Snapshot")).scalars())
    finally:
        database.close()


def test_the_copy_holds_what_is_still_in_the_write_ahead_log_and_is_one_file(
    database: Database, database_key: DataKey, tmp_path: Path
) -> None:
    _add(database, "Aino", "Eino")
    log = database.path.with_name(database.path.name + "-wal")
    assert log.exists() and log.stat().st_size > 0  # the newest commit is in the log, not yet in the main file
    target = automatic_backup(database.path, database_key, BEFORE_SYNC_IMPORT, quick=True)
    assert target.name.endswith("-before-sync-import.kansli-backup")
    assert sorted(path.name for path in target.parent.iterdir()) == [target.name]  # no log, no partial beside it
    assert describe_backup(target, database_key).members >= 2
    copy = tmp_path / "copy.db"
    copy.write_bytes(target.read_bytes())
    assert _names(copy, database_key) == ["Aino", "Eino"]
    # The database goes on as before, and a restore of the quick backup brings back what it held.
    _add(database, "Oiva")
    path = database.path
    database.close()
    restore_backup(path, target, database_key)
    assert _names(path, database_key) == ["Aino", "Eino"]


def test_a_commit_waiting_on_the_write_lock_is_not_half_in_the_copy(
    database: Database, database_key: DataKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While the files are copied nobody can commit: a writer that tries waits, and lands after the copy.
    import db.core.backup as backup

    copied = threading.Event()
    release = threading.Event()
    real_copy = backup.shutil.copyfile

    def slow_copy(source: object, target: object) -> object:
        result = real_copy(source, target)  # type: ignore[arg-type]
        copied.set()
        release.wait(10)
        return result

    monkeypatch.setattr(backup.shutil, "copyfile", slow_copy)
    target = tmp_path / "quick.kansli-backup"
    snapshot = threading.Thread(target=snapshot_database, args=(database.path, database_key, target))
    snapshot.start()
    assert copied.wait(10)
    writer = threading.Thread(target=_add, args=(database, "Late"))
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # held by the snapshot's write lock
    release.set()
    snapshot.join(20)
    writer.join(20)
    assert not writer.is_alive() and not snapshot.is_alive()
    assert "Late" not in _names(target, database_key)
    with database.reading() as session:
        assert session.execute(select(func.count()).where(Member.first_name == "Late")).scalar_one() == 1


def test_a_wrong_key_leaves_nothing_behind(database: Database, tmp_path: Path) -> None:
    target = tmp_path / "backups" / "quick.kansli-backup"
    with pytest.raises(KansliError):
        snapshot_database(database.path, DataKey.generate(), target)
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


def test_a_checkpoint_running_while_the_files_are_copied_leaves_the_copy_whole(
    database: Database, database_key: DataKey, tmp_path: Path
) -> None:
    # A long commit starts a background checkpoint (db.core.checkpoints), which copies pages into the main file
    # without the write lock the quick backup holds: the copied log must still make the copy whole.
    from db.core.changelog import Origin, insert_rows

    rows = [{"first_name": f"N{n:04d}", "last_name": "Snapshot", "notes": "x" * 2000} for n in range(3000)]
    with database.transaction("Import", Origin.IMPORT) as session:
        insert_rows(session, Member, rows)
    target = snapshot_database(database.path, database_key, tmp_path / "during.kansli-backup")
    database.checkpointer.wait()
    assert _names(target, database_key) == [f"N{n:04d}" for n in range(3000)]
    with contextlib.closing(sqlcipher3.connect(str(target))) as copy:
        copy.execute(f"PRAGMA key = {database_key.sqlcipher_pragma_value()}")
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
