"""``kansli privacy export``, ``erase``, ``purge`` and ``log`` as a user runs them."""

from __future__ import annotations

import builtins
import io
import json
from datetime import date
from pathlib import Path

import pytest

from db.core.database import open_database
from db.core.keys import DataKey
from db.members.models import EndReason, Member
from db.members.operations import create_member
from db.members.records import MembershipData, PersonData
from tests.db.branch_helpers import new_branch
from tests.db.privacy_helpers import CANARY, add_rich_person, canary_traces


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def register(keyed_database: Path, database_key: DataKey) -> Path:
    """The canary person (number 900001) and a member who resigned long ago (number 555)."""
    database = open_database(keyed_database, database_key)
    try:
        add_rich_person(database)
        branch = new_branch(database, "Oulun osasto")
        with database.transaction("Add member") as session:
            create_member(
                session,
                PersonData("Rauha", "Eronnut", member_number="555"),
                [],
                MembershipData(
                    branch, joined_on=date(2010, 1, 1), ended_on=date(2020, 1, 1), end_reason=EndReason.RESIGNED
                ),
            )
    finally:
        database.close()
    return keyed_database


def _first_name(path: Path, key: DataKey, number: str) -> str:
    from sqlalchemy import select

    database = open_database(path, key, read_only=True)
    try:
        with database.reading() as session:
            return session.execute(select(Member.first_name).where(Member.member_number == number)).scalar_one()
    finally:
        database.close()


def _answer(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[str]:
    """Make stdin a terminal on which the user types ``answer``; return the prompts shown."""
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin", _Terminal())

    def fake_input(prompt: str = "") -> str:
        asked.append(prompt)
        return answer

    monkeypatch.setattr(builtins, "input", fake_input)
    return asked


def test_export_writes_the_json_and_the_pdf_and_prints_both(kansli, register: Path, tmp_path: Path) -> None:
    result = kansli("--db", register, "privacy", "export", "--member", "900001", "-o", tmp_path / "answer")
    assert result.code == 0, result.err
    json_path, pdf_path = (Path(line) for line in result.out.splitlines())
    assert json_path.suffix == ".json" and pdf_path.suffix == ".pdf"
    content = json.loads(json_path.read_text(encoding="utf-8"))
    assert content["person"]["first_name"] == CANARY
    assert pdf_path.read_bytes().startswith(b"%PDF")
    log = kansli("--db", register, "privacy", "log")
    assert log.code == 0
    lines = [line.split("\t") for line in log.out.splitlines()]
    # Newest first, id first: the privacy event and the export log entry of this request.
    assert {lines[0][0][0], lines[1][0][0]} == {"E", "P"}
    assert all(CANARY not in line for line in log.out.splitlines())
    assert any(str(json_path) in line for line in log.out.splitlines())


def test_an_unknown_number_is_one_clear_line(kansli, register: Path, tmp_path: Path) -> None:
    for arguments in (("export", "--member", "4242", "-o", tmp_path), ("erase", "--member", "4242", "--yes")):
        result = kansli("--db", register, "privacy", *arguments)
        assert result.code == 1
        assert result.err.strip() == "kansli: No member has the number 4242."
    assert not list(tmp_path.glob("access-request-*"))


def test_erase_without_a_terminal_and_without_yes_is_refused(
    kansli, register: Path, database_key: DataKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    result = kansli("--db", register, "privacy", "erase", "--member", "900001")
    assert result.code == 1 and "--yes" in result.err
    assert _first_name(register, database_key, "900001") == CANARY


def test_erase_asks_and_no_means_no(kansli, register: Path, database_key: DataKey, monkeypatch) -> None:
    asked = _answer(monkeypatch, "n")
    result = kansli("--db", register, "privacy", "erase", "--member", "900001")
    assert result.code == 1 and "Nothing was erased" in result.out
    assert len(asked) == 1 and f"{CANARY} Vortigaunt" in asked[0] and "[y/N]" in asked[0]
    assert _first_name(register, database_key, "900001") == CANARY


def test_erase_asks_and_yes_erases_once(kansli, register: Path, database_key: DataKey, monkeypatch) -> None:
    _answer(monkeypatch, "y")
    result = kansli("--db", register, "privacy", "erase", "--member", "900001")
    assert result.code == 0, result.err
    assert "900001" in result.out and CANARY not in result.out
    assert _first_name(register, database_key, "900001") == "—"
    again = kansli("--db", register, "privacy", "erase", "--member", "900001", "--yes")
    assert again.code == 1 and "already been erased" in again.err
    database = open_database(register, database_key, read_only=True)
    try:
        assert canary_traces(database) == []
    finally:
        database.close()


def test_purge_dry_run_shows_who_and_why_and_changes_nothing(kansli, register: Path, database_key: DataKey) -> None:
    before = register.read_bytes()
    result = kansli("--db", register, "privacy", "purge", "--dry-run")
    assert result.code == 0, result.err
    number, reason, ended, action = result.out.splitlines()[0].split("\t")
    assert (number, reason, action) == ("555", "Resigned", "erase all personal data")
    assert "1.1.2020" in ended or "2020" in ended
    assert "Dry run" in result.out.splitlines()[-1] and "1 people" in result.out
    assert register.read_bytes() == before
    assert _first_name(register, database_key, "555") == "Rauha"


def test_purge_without_a_terminal_needs_yes_and_then_purges(kansli, register: Path, database_key: DataKey) -> None:
    refused = kansli("--db", register, "privacy", "purge")
    assert refused.code == 1 and "--yes" in refused.err
    assert _first_name(register, database_key, "555") == "Rauha"
    done = kansli("--db", register, "privacy", "purge", "--yes")
    assert done.code == 0, done.err
    assert "1 people erased" in done.out
    assert _first_name(register, database_key, "555") == "—"
    log = kansli("--db", register, "privacy", "log")
    assert log.out.splitlines()[0].startswith("P") and "Retention purge" in log.out.splitlines()[0]


def test_an_import_does_not_bring_an_erased_person_back(kansli, register: Path, tmp_path: Path) -> None:
    assert kansli("--db", register, "privacy", "erase", "--member", "900001", "--yes").code == 0
    source = tmp_path / "central.csv"
    source.write_text(
        "Jäsennumero;Etunimi;Sukunimi;Osasto;Liittymispäivä\n900001;Qzyxwen;Vortigaunt;Vaasan osasto;1.3.2018\n",
        encoding="utf-8",
    )
    result = kansli("--db", register, "import", "members", source)
    assert result.code == 1
    assert "line 2" in result.out and "900001 was erased" in result.out
    assert kansli("--db", register, "members", "find", CANARY).out == ""
