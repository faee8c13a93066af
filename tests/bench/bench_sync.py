"""Sync with the central office (issue 8): packages of the 100 000-member demo district, a small round trip, and the
central office on PostgreSQL taking 20 districts' packages.

* **Export and import of 100 000 changed members**: the demo district (every row of it changed since the central
  office last heard from it: its first package) makes its package, and a new central office store (an encrypted
  file) imports it, backup included, as ``kansli sync export`` and ``kansli central import`` do.
* **A 100-change round trip**, on that pair once they have exchanged: 100 members edited at the district, its
  package made and imported at the central office, the answer made and imported at the district.
* **Bytes per change**: the package's size over the rows it carries.
* **20 district packages of 5 000 changes each into a central office on PostgreSQL**: the server named by
  ``KANSLI_BENCH_POSTGRES_URL`` or ``KANSLI_TEST_POSTGRES_URL`` (a maintenance URL; a database is made and dropped);
  without one that figure is left out and the table says so.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from db.core.database import Database, Store, create_database, open_database
from db.core.district import DistrictSettings
from db.core.keys import DataKey
from db.members.interests import seed_default_interests
from db.members.io import ImportOptions, import_members
from db.members.models import Member
from db.sync.enrolment import accept_reply, add_district, enrol_district, init_central
from db.sync.exchange import backup_before_import, export_package, import_package
from db.sync.store import create_server_store, server_url
from tests.bench.common import DEMO_MEMBERS, Figure, demo_database, report, timer

DISTRICTS = int(os.environ.get("KANSLI_BENCH_SYNC_DISTRICTS", "20"))
DISTRICT_ROWS = 5000
ROUND_TRIP_CHANGES = 100


def _district_copy(source: Path, key: DataKey, folder: Path) -> Database:
    path = folder / "district.db"
    shutil.copyfile(source, path)
    return open_database(path, key)


def _enrol(central: Store, district: Database, code: str) -> None:
    with central.transaction("Add district") as session:
        enrolment = add_district(session, code, f"District {code}")
    with district.transaction("Enrol") as session:
        _identity, reply = enrol_district(session, district.node_id, enrolment)
    with central.transaction("Enrol district") as session:
        accept_reply(session, reply)


def _new_central(folder: Path) -> Database:
    key = DataKey.generate()
    central = create_database(folder / "central.db", key, DistrictSettings(name="Central office"))
    with central.transaction("Set up the central office") as session:
        init_central(session, central.node_id, "Central office")
    return central


def _large_exchange(figures: list[Figure]) -> None:
    source, key = demo_database(DEMO_MEMBERS)
    with tempfile.TemporaryDirectory(prefix="kansli-bench-sync-") as name:
        folder = Path(name)
        district = _district_copy(source, key, folder)
        central = _new_central(folder)
        try:
            _enrol(central, district, "D")
            with timer() as export_time:
                exported = export_package(district, folder / "up-1.kansli-sync")
            with timer() as import_time:
                imported = import_package(central, exported.path)
            figures += [
                Figure(f"first package of the whole district: export ({exported.rows:,} rows)", export_time(), "s"),
                Figure("  import at the central office (a file), backup included", import_time(), "s"),
                Figure("  package size", exported.size / 1_000_000, "MB"),
                Figure("  bytes per change (row)", exported.size / exported.rows, "B"),
                Figure("  rows new at the central office", imported.inserted, ""),
            ]
            down = export_package(central, folder / "down-1.kansli-sync", district_code="D")
            import_package(district, down.path)
            figures += _every_member_changed(central, district, folder)
            figures += _round_trip(central, district, folder)
        finally:
            central.close()
            district.close()


def _every_member_changed(central: Database, district: Database, folder: Path) -> list[Figure]:
    """Every member edited at the district since the last exchange: their package, made and imported."""
    with district.transaction("Bench: edit every member") as session:
        for member in session.execute(select(Member).where(Member.erased_at.is_(None))).scalars():
            member.notes = f"Tarkistettu {member.birth_year or ''}"
    with timer() as export_time:
        exported = export_package(district, folder / "up-changed.kansli-sync")
    with timer() as import_time:
        imported = import_package(central, exported.path)
    down = export_package(central, folder / "down-changed.kansli-sync", district_code="D")
    import_package(district, down.path)  # the acknowledgement: the district sends them no more
    return [
        Figure(f"export of {exported.rows:,} changed members", export_time(), "s", "≤ 10 s"),
        Figure("import of them at the central office (a file), backup included", import_time(), "s", "≤ 20 s"),
        Figure("  rows changed at the central office", imported.updated, ""),
        Figure("  bytes per change (row)", exported.size / exported.rows, "B"),
    ]


def _no_backup(_store: Store) -> None:
    """The round trip is timed without the backups before each import (timed on their own)."""


def _round_trip(central: Database, district: Database, folder: Path) -> list[Figure]:
    with district.reading() as session:
        ids = list(session.execute(select(Member.id).where(Member.erased_at.is_(None)).limit(ROUND_TRIP_CHANGES)))
    with district.transaction("Bench: edit members") as session:
        for (member_id,) in ids:
            member = session.get(Member, member_id)
            assert member is not None
            member.notes = f"Soitettu {uuid.uuid4().hex[:6]}"
    with timer() as elapsed:
        up = export_package(district, folder / "up-2.kansli-sync")
        import_package(central, up.path, backup=_no_backup)
        down = export_package(central, folder / "down-2.kansli-sync", district_code="D")
        import_package(district, down.path, backup=_no_backup)
    assert up.rows == ROUND_TRIP_CHANGES, up.rows
    with timer() as backups:
        backup_before_import(district)
        backup_before_import(central)
    return [
        Figure(
            f"round trip of {ROUND_TRIP_CHANGES} changes (export, import, answer, import), without the backups",
            elapsed(),
            "s",
            "≤ 1 s",
        ),
        Figure("  the two backups before the imports (district and central files)", backups(), "s"),
    ]


def _district_csv(path: Path, index: int, members: int) -> None:
    """Members of one district: a number, names, an e-mail and a phone each (member + membership + 2 contacts)."""
    rng = random.Random(index)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Jäsennumero", "Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Osasto", "Liittymispäivä"])
        for number in range(members):
            serial = index * 100_000 + number
            writer.writerow(
                [
                    str(1_000_000 + serial),
                    rng.choice(["Aino", "Eero", "Linnea", "Matti", "Saga", "Ville"]),
                    f"Testinen{serial}",
                    f"jasen{serial}@example.fi",
                    f"040 {serial:07d}",
                    f"Osasto {index}-{number % 5}",
                    f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(1975, 2025)}",
                ]
            )


def _postgres_url() -> str | None:
    return os.environ.get("KANSLI_BENCH_POSTGRES_URL") or os.environ.get("KANSLI_TEST_POSTGRES_URL")


def _central_on_postgresql(figures: list[Figure]) -> None:
    maintenance = _postgres_url()
    if not maintenance:
        figures.append(Figure("central import on PostgreSQL: no server (set KANSLI_BENCH_POSTGRES_URL)", 0, "-"))
        return
    admin = create_engine(server_url(maintenance), isolation_level="AUTOCOMMIT")
    name = f"kansli_bench_{os.getpid()}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="kansli-bench-sync-pg-") as folder_name:
            folder = Path(folder_name)
            url = make_url(server_url(maintenance)).set(database=name)
            central, _identity = create_server_store(
                url, DistrictSettings(name="Central office"), lambda s, n: init_central(s, n, "Central office")
            )
            try:
                packages = []
                rows = 0
                for index in range(1, DISTRICTS + 1):
                    key = DataKey.generate()
                    district = create_database(
                        folder / f"district-{index}.db",
                        key,
                        DistrictSettings(name=f"District {index}", code=f"D{index}"),
                        seed=seed_default_interests,
                    )
                    try:
                        source = folder / f"district-{index}.csv"
                        # Four rows a member (member, membership, e-mail, phone) and a few branches: 5 000 rows.
                        _district_csv(source, index, (DISTRICT_ROWS - 30) // 4)
                        import_members(district, source, ImportOptions(create_branches=True))
                        _enrol(central, district, f"D{index}")
                        made = export_package(district, folder / f"up-{index}.kansli-sync")
                        packages.append(made.path)
                        rows += made.rows
                    finally:
                        district.close()
                with timer() as elapsed:
                    for path in packages:
                        import_package(central, path)
            finally:
                central.close()
        figures += [
            Figure(
                f"central import on PostgreSQL: {DISTRICTS} packages, {rows:,} rows in all", elapsed(), "s", "≤ 60 s"
            ),
            Figure("  rows per second", rows / elapsed(), ""),
        ]
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def run() -> None:
    figures: list[Figure] = []
    _large_exchange(figures)
    _central_on_postgresql(figures)
    report(f"Sync: packages of the {DEMO_MEMBERS:,}-member demo district; the central office on PostgreSQL", figures)


if __name__ == "__main__":
    run()
