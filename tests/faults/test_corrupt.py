"""A damaged database file: found on open or on the first read of the damaged page, reported, and repairable.

SQLCipher checks every page's HMAC when it reads the page, so damage deep in the file shows up only when that page
is first read — on opening, in the daily backup (which reads every page) or in the middle of work. Wherever it
shows, it is the same :class:`CorruptDatabaseError`; ``kansli check`` names the damaged pages; the window offers to
restore the newest backup; and restoring over the damaged file works and keeps the damaged file aside.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from db.core.backup import MANUAL, automatic_backup, backup_dir_for, list_backups, restore_backup
from db.core.database import open_database
from db.core.errors import CorruptDatabaseError, WrongKeyError
from db.core.health import check_database_file
from db.core.keys import DataKey
from db.core.opening import open_for_work
from db.members.io import ImportOptions, import_members
from desktop.shell import backup_actions, opening
from tests.faults.conftest import CliResult, assert_healthy, member_count, write_member_csv

PAGE = 4096


def _pages(path: Path) -> int:
    return path.stat().st_size // PAGE


def _damage(path: Path, page: int) -> None:
    """Overwrite 64 bytes in the middle of ``page`` (numbered from 1, as SQLite does)."""
    with path.open("r+b") as handle:
        handle.seek((page - 1) * PAGE + PAGE // 2)
        handle.write(b"\xa5" * 64)


def _damaged_copy(source: Path, target: Path, *pages: int) -> Path:
    for sidecar in ("-wal", "-shm", ".lock"):
        target.with_name(target.name + sidecar).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    for page in pages:
        _damage(target, page)
    return target


def _opens(path: Path, key: DataKey) -> bool:
    try:
        open_for_work(path, key).close()
    except CorruptDatabaseError:
        return False
    return True


def _page_read_on_open(path: Path, key: DataKey, scratch: Path, *, read: bool) -> int:
    """Find a page in the second half of the file whose damage opening finds (``read``) or does not find."""
    low, high = _pages(path) // 2, _pages(path)
    if not read:
        for page in range(high, low, -1):
            if _opens(_damaged_copy(path, scratch, page), key):
                return page
        pytest.fail("opening reads every page of the second half")
    # Opening reads only a few pages: halve the range of damaged pages until one page is left.
    if _opens(_damaged_copy(path, scratch, *range(low, high + 1)), key):
        pytest.fail("opening reads no page of the second half")
    while low < high:
        middle = (low + high) // 2
        if _opens(_damaged_copy(path, scratch, *range(low, middle + 1)), key):
            low = middle + 1
        else:
            high = middle
    return low


@pytest.fixture
def checkpointed(database_path: Path, database_key: DataKey, tmp_path: Path) -> Path:
    """The test database with 300 members, its log folded in (so every page is in the main file)."""
    database = open_database(database_path, database_key)
    try:
        import_members(database, write_member_csv(tmp_path / "m.csv", 300), ImportOptions(create_branches=True))
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()
    return database_path


def _assert_reported(source: Path, key: DataKey, scratch: Path, pages: range) -> None:
    for page in pages:
        damaged = _damaged_copy(source, scratch, page)
        try:
            open_for_work(damaged, key).close()
        except CorruptDatabaseError as error:
            assert "damaged" in str(error)
        # Opened or not, the check reads every page: it names this one and fails, and raises nothing.
        results = {result.name: result for result in check_database_file(damaged, key)}
        assert not results["Encrypted pages"].ok, page
        assert f"({page})" in results["Encrypted pages"].detail


def test_damage_deep_in_the_file_is_reported_as_damage(
    checkpointed: Path, database_key: DataKey, tmp_path: Path
) -> None:
    pages = _pages(checkpointed)
    _assert_reported(checkpointed, database_key, tmp_path / "damaged.db", range(pages // 2, pages + 1, 13))


@pytest.mark.slow
def test_damage_on_any_page_is_reported_as_damage(checkpointed: Path, database_key: DataKey, tmp_path: Path) -> None:
    # Page 1 is the exception: its damage cannot be told from a wrong key (SQLCipher checks the key with it).
    with pytest.raises(WrongKeyError):
        open_for_work(_damaged_copy(checkpointed, tmp_path / "first.db", 1), database_key)
    _assert_reported(checkpointed, database_key, tmp_path / "damaged.db", range(2, _pages(checkpointed) + 1))


def test_kansli_check_names_the_damaged_pages(
    checkpointed: Path, database_key: DataKey, tmp_path: Path, kansli_cli: Callable[..., CliResult]
) -> None:
    for read_on_open in (False, True):
        page = _page_read_on_open(checkpointed, database_key, tmp_path / "probe.db", read=read_on_open)
        damaged = _damaged_copy(checkpointed, tmp_path / f"damaged-{read_on_open}.db", page)
        result = kansli_cli("--db", damaged, "check")
        assert result.code == 1, result.out + result.err
        assert f"FAIL\tEncrypted pages\t1 damaged pages ({page})" in result.out
        assert "has problems" in result.out
        assert "unexpected" not in result.err


def test_damage_found_in_the_middle_of_work_is_the_same_error(
    checkpointed: Path, database_key: DataKey, tmp_path: Path
) -> None:
    page = _page_read_on_open(checkpointed, database_key, tmp_path / "probe.db", read=False)
    damaged = _damaged_copy(checkpointed, tmp_path / "damaged.db", page)
    database = open_for_work(damaged, database_key)
    try:
        with pytest.raises(CorruptDatabaseError), database.reading() as session:
            connection = session.connection()
            tables = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars()
            for table in tables.all():
                connection.exec_driver_sql(f'SELECT * FROM "{table}"').all()
            connection.exec_driver_sql("PRAGMA integrity_check").all()
    finally:
        database.close()


def test_damage_found_by_a_driver_level_read_is_the_same_error(
    checkpointed: Path, database_key: DataKey, tmp_path: Path
) -> None:
    # The members list reads its ids on the driver's own cursor, which the engine's error handler does not see.
    # Pages of the second half are damaged one at a time, from the end, until one that opening does not read is
    # found by reading every table that way (a page of an index is read by neither, so a few may pass).
    from sqlalchemy import select, text

    from db.core.driver_rows import first_rows

    for page in range(_pages(checkpointed), _pages(checkpointed) // 2, -1):
        damaged = _damaged_copy(checkpointed, tmp_path / "damaged.db", page)
        if not _opens(damaged, database_key):
            continue
        database = open_for_work(damaged, database_key)
        try:
            with database.reading() as session:
                tables = session.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
                for table in tables:
                    first_rows(session, select(text("*")).select_from(text(f'"{table}"')))
        except CorruptDatabaseError:
            return  # the damage was met on the driver's cursor and reported as the same error as elsewhere
        finally:
            database.close()
    pytest.fail("no damaged page of the second half was met by reading every table")


def test_restore_over_a_damaged_database_keeps_the_damaged_file_aside(
    checkpointed: Path, database_key: DataKey, tmp_path: Path
) -> None:
    backup = automatic_backup(checkpointed, database_key, MANUAL)
    page = _page_read_on_open(checkpointed, database_key, tmp_path / "probe.db", read=True)
    _damage(checkpointed, page)
    damaged_bytes = checkpointed.read_bytes()
    kept = restore_backup(checkpointed, backup, database_key)
    assert kept is not None and "set-aside" in kept.name
    assert kept.read_bytes() == damaged_bytes  # nothing is thrown away, not even a damaged file
    assert member_count(checkpointed, database_key) == 300
    assert_healthy(checkpointed, database_key)


# ------------------------------------------------------------------------------------------------ the window


def _backups_newest_last(path: Path, key: DataKey) -> list[Path]:
    """Two backups of ``path``, the second clearly newer (by the time the restore dialog sorts by)."""
    older = automatic_backup(path, key, MANUAL)
    os.utime(older, (older.stat().st_mtime - 3600,) * 2)
    newer = automatic_backup(path, key, MANUAL)
    assert list_backups(path)[0] == newer
    return [older, newer]


def _click(monkeypatch: pytest.MonkeyPatch, label: str) -> list[str]:
    """Answer the "damaged" message box by clicking ``label``; return what it said and offered."""
    texts: list[str] = []

    def exec_box(box: QMessageBox) -> int:
        texts.append(box.text())
        texts.extend(button.text() for button in box.buttons())
        for button in box.buttons():
            if button.text() == label:
                button.click()
        return 0

    monkeypatch.setattr(opening.QMessageBox, "exec", exec_box)
    return texts


def _accept_preselected(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Accept the restore dialog with whatever it preselected; return that."""
    chosen: list[Path | None] = []

    def exec_dialog(dialog: backup_actions.RestoreDialog) -> int:
        chosen.append(dialog.chosen)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(backup_actions.RestoreDialog, "exec", exec_dialog)
    return chosen


def _quiet_information(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *rest: said.append(text))
    return said


def test_damage_found_on_open_offers_the_newest_backup(
    launcher, checkpointed: Path, database_key: DataKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _older, newer = _backups_newest_last(checkpointed, database_key)
    page = _page_read_on_open(checkpointed, database_key, tmp_path / "probe.db", read=True)
    _damage(checkpointed, page)
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    texts = _click(monkeypatch, "Restore a backup…")
    chosen = _accept_preselected(monkeypatch)
    launcher.open_path(checkpointed)
    assert any("is damaged" in text for text in texts)
    assert "Restore a backup…" in texts
    assert chosen == [newer]
    # Restored and opened; the damaged file is kept in the backup folder.
    assert launcher.window is not None
    assert list(backup_dir_for(checkpointed).glob("*-set-aside.db"))
    assert_healthy_after_window(launcher, checkpointed, database_key)


def test_damage_found_by_the_daily_backup_offers_the_newest_backup(
    launcher, qtbot, checkpointed: Path, database_key: DataKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _older, newer = _backups_newest_last(checkpointed, database_key)
    page = _page_read_on_open(checkpointed, database_key, tmp_path / "probe.db", read=False)
    _damage(checkpointed, page)
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    texts = _click(monkeypatch, "Restore a backup…")
    chosen = _accept_preselected(monkeypatch)
    said = _quiet_information(monkeypatch)
    launcher.open_path(checkpointed)
    assert launcher.window is not None and texts == []  # opening did not touch the damaged page
    first_window = launcher.window
    first_window.context.tasks.wait()  # the daily backup reads every page, finds the damage, and says so
    qtbot.waitUntil(lambda: bool(texts))
    assert any("is damaged" in text for text in texts)
    assert chosen == [newer]
    assert launcher.window is not None and launcher.window is not first_window
    assert any("kept in" in text for text in said)
    assert_healthy_after_window(launcher, checkpointed, database_key)


def assert_healthy_after_window(launcher, path: Path, key: DataKey) -> None:  # type: ignore[no-untyped-def]
    window = launcher.window
    window.context.tasks.wait()
    window.close()
    window.context.database.close()
    launcher.window = None
    assert_healthy(path, key)
    assert member_count(path, key) == 300
