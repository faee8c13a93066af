"""``kansli sync …`` and ``kansli central …`` as the district office and the central office run them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.core.database import Store, open_database
from db.core.keys import KeyringStore
from db.core.opening import resolve_key
from db.members.models import Member
from db.sync.store import is_database_url, open_server_store
from tests.cli.conftest import Result
from tests.conftest import MemoryKeyring
from tests.sync.conftest import CENTRAL_KINDS
from tests.sync.network import add_member, edit_member
from tests.sync.postgres import PostgresServer, postgres_server

__all__ = ["postgres_server"]

FINGERPRINT = re.compile(r"Fingerprint of (.+): ((?:[0-9A-Z]{4} ){7}[0-9A-Z]{4})")

Kansli = Callable[..., Result]


@pytest.fixture(params=CENTRAL_KINDS)
def central_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where the central office keeps its store: a file, or a database on PostgreSQL (given with its password)."""
    if request.param == "sqlite":
        yield str(tmp_path / "central.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.empty_database().set(password="not-shown")  # trust authentication: any password will do
    yield url.render_as_string(hide_password=False)
    server.drop(url)


@pytest.fixture
def offices(
    kansli: Kansli, tmp_path: Path, memory_keyring: MemoryKeyring, central_location: str
) -> tuple[str, Path, Path]:
    """A central office store and a district database, enrolled with each other; the district's first member."""
    central, district, enrolment = central_location, tmp_path / "uusimaa.db", tmp_path / "uusimaa.kansli-enrol"
    made = kansli("--db", central, "central", "init", "--name", "Central office")
    assert made.code == 0, made.err
    if is_database_url(central):
        assert "Recovery key" not in made.out and "not-shown" not in made.out and "***" in made.out
    else:
        assert "Recovery key: " in made.out
    added = kansli("--db", central, "central", "add-district", "--code", "U", "--name", "Uusimaa", "-o", enrolment)
    assert added.code == 0, added.err
    assert kansli("--db", district, "init", "--district", "Uusimaa", "--code", "U").code == 0
    enrolled = kansli("--db", district, "sync", "enrol", enrolment)
    assert enrolled.code == 0, enrolled.err
    fingerprints = dict(FINGERPRINT.findall(enrolled.out))
    assert set(fingerprints) == {"Central office", "Uusimaa"}
    assert fingerprints["Central office"] in added.out  # the same central fingerprint on both sides
    reply = tmp_path / "U-reply.kansli-enrol"
    accepted = kansli("--db", central, "central", "import", reply)
    assert accepted.code == 0, accepted.err
    assert fingerprints["Uusimaa"] in accepted.out and "Enrolled Uusimaa (U)" in accepted.out
    database = open_database(district, resolve_key(district, KeyringStore()))
    try:
        add_member(database, "Aino", "Aalto", number="P-U-1")
    finally:
        database.close()
    return central, district, tmp_path


def test_enrolment_and_a_round_trip(kansli: Kansli, offices: tuple[str, Path, Path]) -> None:
    central, district, folder = offices
    up = folder / "up-1.kansli-sync"
    exported = kansli("--db", district, "sync", "export", "-o", up)
    assert exported.code == 0, exported.err
    assert "Wrote package 1 for Central office" in exported.out

    imported = kansli("--db", central, "central", "import", up)
    assert imported.code == 0, imported.err
    # The member, the membership, the branch and the district's vocabulary of interests (new to the central office).
    assert "Applied package 1 from Uusimaa: 20 new rows" in imported.out and "0 conflicts" in imported.out
    again = kansli("--db", central, "central", "import", up)
    assert again.code == 0 and "already been imported" in again.out

    down = folder / "down-1.kansli-sync"
    assert kansli("--db", central, "central", "export", "--district", "U", "-o", down).code == 0
    applied = kansli("--db", district, "sync", "import", down)
    assert applied.code == 0, applied.err
    assert "Applied package 1 from Central office" in applied.out

    status = kansli("--db", district, "sync", "status")
    assert status.code == 0, status.err
    assert "Uusimaa (district)" in status.out and "Central office" in status.out
    central_status = kansli("--db", central, "central", "status")
    assert central_status.code == 0 and "Uusimaa" in central_status.out and "sent 1" in central_status.out
    conflicts = kansli("--db", district, "sync", "conflicts")
    assert conflicts.code == 0 and conflicts.out == ""


def test_a_tampered_package_is_one_line_and_a_failure(kansli: Kansli, offices: tuple[str, Path, Path]) -> None:
    central, district, folder = offices
    up = folder / "up.kansli-sync"
    assert kansli("--db", district, "sync", "export", "-o", up).code == 0
    data = bytearray(up.read_bytes())
    data[len(data) // 2] ^= 0x40
    up.write_bytes(bytes(data))
    refused = kansli("--db", central, "central", "import", up)
    assert refused.code != 0
    assert refused.out.count("\n") == 1 and "refused: " in refused.out
    status = kansli("--db", central, "central", "status")
    assert "imported 0" in status.out

    on_district = kansli("--db", district, "sync", "import", up)
    assert on_district.code != 0
    assert on_district.err.count("\n") == 1 and on_district.err.startswith("kansli: ")


def test_commands_on_the_wrong_kind_of_database_say_so(kansli: Kansli, offices: tuple[str, Path, Path]) -> None:
    central, district, folder = offices
    wrong = kansli("--db", district, "central", "export", "--district", "U", "-o", folder / "x")
    assert wrong.code != 0 and "not a central office store" in wrong.err
    wrong = kansli("--db", central, "sync", "export", "-o", folder / "x")
    assert wrong.code != 0 and "central office store" in wrong.err
    wrong = kansli("--db", district, "central", "import", folder / "x")
    assert wrong.code != 0 and "not a central office store" in wrong.err
    unknown = kansli("--db", central, "central", "export", "--district", "X", "-o", folder / "x")
    assert unknown.code != 0 and "No district with the code X" in unknown.err
    not_enrolment = folder / "not.kansli-enrol"
    not_enrolment.write_text("{}", encoding="utf-8")
    refused = kansli("--db", district, "sync", "enrol", not_enrolment)
    assert refused.code != 0 and "not a Kansli enrolment file" in refused.err


def _open(location: str | Path) -> Store:
    if is_database_url(str(location)):
        return open_server_store(str(location))
    path = Path(location)
    return open_database(path, resolve_key(path, KeyringStore()))


def _edit(location: str | Path, **values: object) -> None:
    database = _open(location)
    try:
        with database.reading() as session:
            member_id = session.execute(select(Member.id)).scalar_one()
        edit_member(database, member_id, **values)
    finally:
        database.close()


def test_conflicts_are_listed_and_the_other_value_taken(kansli: Kansli, offices: tuple[str, Path, Path]) -> None:
    central, district, folder = offices
    assert kansli("--db", district, "sync", "export", "-o", folder / "1").code == 0
    assert kansli("--db", central, "central", "import", folder / "1.kansli-sync").code == 0
    _edit(district, street="Kauppakatu 1")
    _edit(central, street="Rantatie 9")
    assert kansli("--db", district, "sync", "export", "-o", folder / "2").code == 0
    assert kansli("--db", central, "central", "export", "--district", "U", "-o", folder / "3").code == 0
    on_central = kansli("--db", central, "central", "import", folder / "2.kansli-sync")
    assert "1 conflicts" in on_central.out
    assert kansli("--db", district, "sync", "import", folder / "3.kansli-sync").code == 0

    listed = kansli("--db", district, "sync", "conflicts")
    (line,) = listed.out.splitlines()
    number, record, group, ours, theirs, winner = line.split("\t")
    assert (record, group, winner) == ("P-U-1 Aino Aalto", "address", "the other value kept")
    assert "street=Kauppakatu 1" in ours and "street=Rantatie 9" in theirs
    taken = kansli("--db", district, "sync", "conflicts", "--take-other", number)
    assert taken.code == 0, taken.err
    assert "Took the other value of conflict" in taken.out
    assert kansli("--db", district, "sync", "conflicts").out == ""
    assert "the other value taken" in kansli("--db", district, "sync", "conflicts", "--all").out
    missing = kansli("--db", district, "sync", "conflicts", "--take-other", "77")
    assert missing.code != 0 and "no open conflict number 77" in missing.err


def test_a_conflict_the_other_side_decides_is_marked_so_in_the_list(
    kansli: Kansli, offices: tuple[str, Path, Path]
) -> None:
    central, district, folder = offices

    def district_to_central(name: str) -> None:
        assert kansli("--db", district, "sync", "export", "-o", folder / name).code == 0
        assert kansli("--db", central, "central", "import", folder / f"{name}.kansli-sync").code == 0

    def central_to_district(name: str) -> None:
        assert kansli("--db", central, "central", "export", "--district", "U", "-o", folder / name).code == 0
        assert kansli("--db", district, "sync", "import", folder / f"{name}.kansli-sync").code == 0

    district_to_central("1")
    _edit(central, member_number="100300")
    central_to_district("2")
    _edit(district, member_number="777")  # the party office's field: its value stays
    district_to_central("3")
    central_to_district("4")

    (line,) = kansli("--db", district, "sync", "conflicts").out.splitlines()
    number, record, _group, ours, theirs, winner = line.split("\t")
    assert record.endswith("Aino Aalto") and "777" in ours and "100300" in theirs
    assert winner == "the other value kept; the other side decides this"
    refused = kansli("--db", district, "sync", "conflicts", "--take-other", number)
    assert refused.code != 0 and "party office" in refused.err
