"""``kansli central import-register`` and the relay by district: two districts, each gets only its own members."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from db.branches.models import Branch
from db.members.models import ContactKind, ContactPoint, EndReason, Member, Membership
from db.members.operations import replace_contacts
from db.members.records import ContactData
from tests.cli.conftest import Result
from tests.cli.test_cli_sync import _open, central_location
from tests.conftest import MemoryKeyring
from tests.sync.network import add_member
from tests.sync.postgres import postgres_server

__all__ = ["central_location", "postgres_server"]

Kansli = Callable[..., Result]


def _ok(result: Result) -> Result:
    assert result.code == 0, result.err + result.out
    return result


@pytest.fixture
def offices(
    kansli: Kansli, tmp_path: Path, memory_keyring: MemoryKeyring, central_location: str
) -> tuple[str, dict[str, Path]]:
    """A central office with two districts enrolled (U and L); each has entered one member and sent a package."""
    central = central_location
    _ok(kansli("--db", central, "central", "init", "--name", "Central office"))
    districts: dict[str, Path] = {}
    for code, name, first, branch, number in (
        ("U", "Uusimaa", "Aino", "Helsinki", "1001"),
        ("L", "Lappi", "Lauri", "Rovaniemi", "2001"),
    ):
        enrolment, database = tmp_path / f"{code}.kansli-enrol", tmp_path / f"{code}.db"
        _ok(kansli("--db", central, "central", "add-district", "--code", code, "--name", name, "-o", enrolment))
        _ok(kansli("--db", database, "init", "--district", name, "--code", code))
        _ok(kansli("--db", database, "sync", "enrol", enrolment, "-o", tmp_path / f"{code}-reply.kansli-enrol"))
        _ok(kansli("--db", central, "central", "import", tmp_path / f"{code}-reply.kansli-enrol"))
        store = _open(database)
        try:
            member_id = add_member(store, first, "Aalto", number=number, branch=branch)
            with store.transaction("Contacts") as session:
                replace_contacts(session, member_id, [ContactData(ContactKind.PHONE, f"+35840{number}00")])
        finally:
            store.close()
        _ok(kansli("--db", database, "sync", "export", "-o", tmp_path / f"{code}-up-1"))
        _ok(kansli("--db", central, "central", "import", tmp_path / f"{code}-up-1.kansli-sync"))
        districts[code] = database
    return central, districts


def _people(location: str | Path) -> dict[str, str]:
    """Every member's first name → the name of the branch of their current (unended) membership, or ''."""
    store = _open(location)
    try:
        with store.reading() as session:
            people: dict[str, str] = {}
            for member in session.execute(select(Member)).scalars():
                branch = session.execute(
                    select(Branch.name)
                    .join(Membership, Membership.branch_id == Branch.id)
                    .where(Membership.member_id == member.id, Membership.ended_on.is_(None))
                ).scalar()
                people[member.first_name] = branch or ""
            return people
    finally:
        store.close()


def _down(kansli: Kansli, central: str, code: str, database: Path, folder: Path, name: str) -> None:
    package = folder / f"{code}-{name}.kansli-sync"
    _ok(kansli("--db", central, "central", "export", "--district", code, "-o", package))
    _ok(kansli("--db", database, "sync", "import", package))


REGISTER = """\
Jäsennumero;Etunimi;Sukunimi;Osasto;Piiri;Liittymispäivä;Puhelin
1001;Aino;Aalto;Helsinki;U;1.3.2015;
3001;Ulla;Uusi;Espoo;U;2.4.2024;040 123 4567
3002;Leena;Lappalainen;Rovaniemi;L;3.5.2024;
"""


def test_each_district_gets_only_its_own_members(
    kansli: Kansli, offices: tuple[str, dict[str, Path]], tmp_path: Path
) -> None:
    central, districts = offices
    for code, database in districts.items():
        _down(kansli, central, code, database, tmp_path, "1")
    assert _people(districts["U"]) == {"Aino": "Helsinki"}
    assert _people(districts["L"]) == {"Lauri": "Rovaniemi"}

    register = tmp_path / "rekisteri.csv"
    register.write_text(REGISTER, encoding="utf-8")
    # Espoo is not a branch of U yet: refused, naming it, until --create-branches.
    refused = kansli("--db", central, "central", "import-register", register)
    assert refused.code != 0 and "U: Espoo" in refused.err and "--create-branches" in refused.err
    dry = _ok(kansli("--db", central, "central", "import-register", register, "--dry-run", "--create-branches"))
    assert "Dry run" in dry.out and "2 new and 1 updated" in dry.out
    assert set(_people(central)) == {"Aino", "Lauri"}  # the dry run changed nothing
    done = _ok(kansli("--db", central, "central", "import-register", register, "--create-branches"))
    assert "Created branches: U: Espoo" in done.out and "2 new and 1 updated" in done.out
    assert _people(central) == {"Aino": "Helsinki", "Lauri": "Rovaniemi", "Ulla": "Espoo", "Leena": "Rovaniemi"}

    for code, database in districts.items():
        _down(kansli, central, code, database, tmp_path, "2")
    assert _people(districts["U"]) == {"Aino": "Helsinki", "Ulla": "Espoo"}
    assert _people(districts["L"]) == {"Lauri": "Rovaniemi", "Leena": "Rovaniemi"}
    store = _open(districts["U"])
    try:
        with store.reading() as session:
            joined = session.execute(
                select(Membership.joined_on).join(Member).where(Member.member_number == "1001")
            ).scalar_one()
            assert joined.isoformat() == "2015-03-01"  # the register's date, the central office's field
            phones = set(session.execute(select(ContactPoint.value)).scalars())
            assert "+358401234567" in phones and "+35840200100" not in phones  # nothing of Lapland's
    finally:
        store.close()

    # Aino moves to Lapland: L gets her, with what is hers; U learns her membership ended.
    moved = tmp_path / "muutto.csv"
    moved.write_text("Jäsennumero;Etunimi;Sukunimi;Osasto;Piiri\n1001;Aino;Aalto;Rovaniemi;L\n", encoding="utf-8")
    result = _ok(kansli("--db", central, "central", "import-register", moved))
    assert "1 moved to another district" in result.out
    for code, database in districts.items():
        _down(kansli, central, code, database, tmp_path, "3")
    assert _people(districts["L"]) == {"Lauri": "Rovaniemi", "Leena": "Rovaniemi", "Aino": "Rovaniemi"}
    assert _people(districts["U"]) == {"Aino": "", "Ulla": "Espoo"}
    store = _open(districts["L"])
    try:
        with store.reading() as session:
            aino = session.execute(select(Member.id).where(Member.member_number == "1001")).scalar_one()
            phones = session.execute(select(ContactPoint.value).where(ContactPoint.member_id == aino)).scalars()
            assert list(phones) == ["+35840100100"]
    finally:
        store.close()
    store = _open(districts["U"])
    try:
        with store.reading() as session:
            ended = session.execute(
                select(Membership.end_reason).join(Member).where(Member.member_number == "1001")
            ).scalar_one()
            assert ended is EndReason.MOVED
    finally:
        store.close()


def test_bad_rows_are_all_listed_and_nothing_is_written(
    kansli: Kansli, offices: tuple[str, dict[str, Path]], tmp_path: Path
) -> None:
    central, _districts = offices
    register = tmp_path / "rekisteri.csv"
    register.write_text(
        "Jäsennumero;Etunimi;Sukunimi;Osasto;Piirikoodi;Liittymispäivä\n"
        "4001;Olli;Oksanen;Helsinki;X;1.1.2024\n"
        ";Pia;Puro;Helsinki;U;1.1.2024\n"
        "4002;Raili;Rinne;Helsinki;U;31.2.2024\n"
        "4003;Sami;Saari;Helsinki;U;1.1.2024\n"
        "4003;Sami;Saari;Helsinki;U;1.1.2024\n",
        encoding="utf-8",
    )
    refused = kansli("--db", central, "central", "import-register", register)
    assert refused.code != 0 and "4 rows have errors" in refused.err
    lines = refused.out.splitlines()
    assert any("line 2, column Piirikoodi" in line and "X" in line for line in lines)
    assert any("line 3, column Jäsennumero" in line for line in lines)
    assert any("line 4, column Liittymispäivä" in line for line in lines)
    assert any("line 6, column Jäsennumero" in line and "line 5" in line for line in lines)
    assert set(_people(central)) == {"Aino", "Lauri"}

    no_district = tmp_path / "ilman.csv"
    no_district.write_text("Jäsennumero;Etunimi;Sukunimi;Osasto\n1;A;B;Helsinki\n", encoding="utf-8")
    missing = kansli("--db", central, "central", "import-register", no_district)
    assert missing.code != 0 and "no column of district codes" in missing.err
