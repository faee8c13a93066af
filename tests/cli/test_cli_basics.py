"""The ``kansli`` command: init, check, backup/restore, find, and its errors (one clear line, no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.core.database import open_database
from db.core.district import get_district
from db.core.i18n import translator
from db.core.keys import DataKey
from db.members.models import ContactKind
from db.members.operations import create_member
from db.members.records import ContactData, PersonData

ROOT = Path(__file__).resolve().parents[2]


def test_version(kansli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        kansli("--version")
    assert exit_info.value.code == 0


def test_init_prints_the_recovery_key_and_the_key_opens_the_file(kansli, tmp_path: Path) -> None:
    path = tmp_path / "piiri.db"
    result = kansli("--db", path, "init", "--district", "Pohjanmaan piiri", "--code", "POH", "--lang", "sv")
    assert result.code == 0, result.err
    key_lines = [line for line in result.out.splitlines() if line.startswith("Recovery key: ")]
    assert len(key_lines) == 1
    key = DataKey.from_recovery_text(key_lines[0].removeprefix("Recovery key: "))
    assert "no safe keyring" in result.out  # the test machine has none
    database = open_database(path, key)
    database.close()


def test_init_refuses_to_overwrite(kansli, keyed_database: Path) -> None:
    before = keyed_database.read_bytes()
    result = kansli("--db", keyed_database, "init", "--district", "X")
    assert result.code == 1
    assert "already exists" in result.err
    assert keyed_database.read_bytes() == before


def test_init_in_finnish(kansli, tmp_path: Path) -> None:
    result = kansli("--lang", "fi", "--db", tmp_path / "a.db", "init", "--district", "Piiri")
    assert result.code == 0
    assert "Recovery key: " in result.out  # the marker line stays the same in every language
    finnish = translator("fi").gettext("Created the database of {district} at {path}.")
    assert finnish != "Created the database of {district} at {path}."
    assert finnish.format(district="Piiri", path=(tmp_path / "a.db").resolve()) in result.out


def test_check_healthy_database(kansli, keyed_database: Path) -> None:
    result = kansli("--db", keyed_database, "check")
    assert result.code == 0, result.out + result.err
    assert "healthy" in result.out
    assert all(line.split("\t")[0] == "ok" for line in result.out.splitlines()[:-1])


def test_check_finds_a_broken_search_index(kansli, keyed_database: Path, database_key: DataKey) -> None:
    database = open_database(keyed_database, database_key)
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO member(id, first_name, last_name, language, created_at, updated_at) "
            "VALUES ('00000000000000000000000000000001', 'A', 'B', 'fi', '2025-01-01', '2025-01-01')"
        )
    database.close()
    result = kansli("--db", keyed_database, "check")
    assert result.code == 1
    assert "FAIL\tSearch index" in result.out


def _add_member(path: Path, key: DataKey, first: str, last: str, number: str, phone: str) -> None:
    database = open_database(path, key)
    try:
        with database.transaction("Add member") as session:
            create_member(
                session,
                PersonData(first, last, member_number=number, city="Vaasa"),
                [ContactData(ContactKind.PHONE, phone)],
            )
    finally:
        database.close()


def test_members_find_prints_tab_separated_lines(kansli, keyed_database: Path, database_key: DataKey) -> None:
    _add_member(keyed_database, database_key, "Åsa", "Åhlström", "1001", "040 123 4567")
    _add_member(keyed_database, database_key, "Matti", "Virtanen", "1002", "050 765 4321")
    result = kansli("--db", keyed_database, "members", "find", "ahlstrom")
    assert result.code == 0
    assert result.out.splitlines() == ["1001\tÅsa Åhlström\t\t"]
    by_phone = kansli("--db", keyed_database, "members", "find", "0507654321")
    assert by_phone.out.startswith("1002\tMatti Virtanen")
    nothing = kansli("--db", keyed_database, "members", "find", "zzzz")
    assert nothing.code == 1 and nothing.out == ""


def test_backup_and_restore(kansli, keyed_database: Path, database_key: DataKey, tmp_path: Path) -> None:
    backup = tmp_path / "copy.kansli-backup"
    result = kansli("--db", keyed_database, "backup", "-o", backup)
    assert result.code == 0 and backup.exists()
    assert b"Testipiiri" not in backup.read_bytes()
    _add_member(keyed_database, database_key, "Later", "Added", "2001", "040 111 2222")
    restored = kansli("--db", keyed_database, "restore", backup)
    assert restored.code == 0, restored.err
    assert "kept in" in restored.out
    assert kansli("--db", keyed_database, "members", "find", "Later").out == ""


def test_restore_of_a_backup_made_with_another_key_changes_nothing(
    kansli, keyed_database: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    from db.core.database import create_database
    from db.core.district import DistrictSettings

    create_database(other, DataKey.generate(), DistrictSettings("Muu")).close()
    before = keyed_database.read_bytes()
    result = kansli("--db", keyed_database, "restore", other)
    assert result.code == 1
    assert result.err.strip() == "kansli: This key does not open the database."
    assert keyed_database.read_bytes() == before


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "There is no database at"),
        ("wrong-key", "This key does not open the database."),
        ("not-kansli", "is not a Kansli database"),
        ("bad-key-text", "not a valid recovery key"),
    ],
)
def test_errors_are_one_clear_line_without_traceback(
    setup: str, message: str, keyed_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = keyed_database
    if setup == "missing":
        path = tmp_path / "nothing.db"
    elif setup == "wrong-key":
        monkeypatch.setenv("KANSLI_KEY", DataKey.generate().recovery_text())
    elif setup == "not-kansli":
        path = tmp_path / "notes.txt"
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4080)
    elif setup == "bad-key-text":
        monkeypatch.setenv("KANSLI_KEY", "1234-5678")
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(path), "members", "find", "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_second_instance_is_refused(kansli, keyed_database: Path, database_key: DataKey) -> None:
    holder = open_database(keyed_database, database_key)
    try:
        result = kansli("--db", keyed_database, "backup")
        assert result.code == 0  # a backup reads; it does not need the writer lock
        result = kansli("--db", keyed_database, "restore", keyed_database)
        assert result.code == 1
        assert "in use by another Kansli" in result.err
    finally:
        holder.close()


def test_usage_error_exit_code(kansli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        kansli("no-such-command")
    assert exit_info.value.code == 2


def test_init_lang_is_the_districts_language_not_the_messages(kansli, tmp_path: Path) -> None:
    path = tmp_path / "sv.db"
    result = kansli("--db", path, "init", "--district", "Österbottens distrikt", "--lang", "sv")
    assert result.out.startswith("Created the database of Österbottens distrikt")  # messages stay in English
    key = next(line for line in result.out.splitlines() if line.startswith("Recovery key: "))
    database = open_database(path, DataKey.from_recovery_text(key.removeprefix("Recovery key: ")))
    try:
        with database.reading() as session:
            assert get_district(session).language == "sv"
    finally:
        database.close()


@pytest.mark.parametrize("through_environment", [False, True])
def test_a_district_command_given_a_server_url_refuses_without_showing_the_password(
    kansli, monkeypatch: pytest.MonkeyPatch, through_environment: bool
) -> None:
    url = "postgresql+psycopg://office:Sekr3tWord@127.0.0.1:1/central"
    if through_environment:
        monkeypatch.setenv("KANSLI_DB", url)
        result = kansli("members", "find", "Anna")
    else:
        result = kansli("--db", url, "members", "find", "Anna")

    assert result.code != 0
    assert "database server" in result.err
    assert "127.0.0.1" in result.err  # the user sees which address was refused…
    assert "Sekr3tWord" not in result.out + result.err  # …but never its password


def test_a_reader_that_stops_reading_is_no_error(keyed_database: Path) -> None:
    with open_database(keyed_database, DataKey.from_recovery_text(os.environ["KANSLI_KEY"])) as database:
        for number in range(300):
            with database.transaction("Add") as session:
                create_member(session, PersonData(f"Anna{number}", "Virtanen"), [])
    # As `kansli members find virtanen | head -1` does: the pipe is closed before the command has written.
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", str(keyed_database), "members", "find", "virtanen", "--limit", "300"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert errors == ""  # neither "an unexpected error occurred" nor Python's "Exception ignored"
