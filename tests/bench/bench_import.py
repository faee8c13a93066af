"""CSV import of 100 000 members, against plain sqlcipher3 executemany of the same rows (issue 2).

The floor writes the same member, membership and contact rows with ``executemany`` into a fresh database of the
same schema, in one transaction, without validation, change log or search index; the ratio says what all of those
cost on top of the bare writes.
"""

from __future__ import annotations

import csv
import random
import statistics
import tempfile
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import sqlcipher3

from db.core.database import create_database
from db.core.district import DistrictSettings
from db.core.keys import DataKey
from db.demo.vocabulary import vocabulary
from db.members.interests import seed_default_interests
from db.members.io import ImportOptions, import_members
from tests.bench.common import DEMO_MEMBERS, Figure, report, timer

# Names combined from the demo's name books, so that name and birth year rarely repeat (as in a real register).
_BOOKS = vocabulary().names
FIRST = sorted({name for book in _BOOKS.values() for pool in (*book.female, *book.male) for name in pool.items})
LAST = sorted({name for book in _BOOKS.values() for name in book.last.items})
CITIES = ["Vaasa", "Seinäjoki", "Kokkola", "Närpes", "Jakobstad", "Lapua", "Kauhava", "Kurikka"]


def write_csv(path: Path, rows: int, seed: int = 3) -> list[dict[str, str]]:
    """Write a member list as branches send them (Finnish headers, `;`, day.month.year dates)."""
    rng = random.Random(seed)
    records = []
    for number in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        records.append(
            {
                "Jäsennumero": str(500_000 + number),
                "Etunimi": first,
                "Sukunimi": last,
                "Sähköposti": f"{first.lower()}.{last.lower()}.{number}@example.fi".replace("å", "a")
                .replace("ä", "a")
                .replace("ö", "o"),
                "Puhelin": f"040 {1_000_000 + number:07d}",
                "Lähiosoite": f"Kauppakatu {rng.randint(1, 80)}",
                "Postinumero": f"{rng.randint(60100, 68999)}",
                "Postitoimipaikka": rng.choice(CITIES),
                "Osasto": f"Osasto {number % 20 + 1}",
                "Liittymispäivä": f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(1975, 2025)}",
                "Syntymävuosi": str(rng.randint(1935, 2006)),
                "Kieli": rng.choice(["fi", "fi", "fi", "sv"]),
                "Jäsenlaji": "jäsen" if rng.random() < 0.85 else "kannattaja",
            }
        )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(records)
    return records


def _raw_floor(path: Path, key: DataKey, records: list[dict[str, str]]) -> float:
    """Insert the same rows with plain executemany; return the seconds the inserts and commit took."""
    connection = sqlcipher3.connect(str(path), isolation_level=None)
    connection.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    branches = {f"Osasto {n}": uuid.uuid4().hex for n in range(1, 21)}
    connection.executemany(
        "INSERT INTO branch(id, name, kind, status, language, created_at, updated_at) "
        "VALUES (?, ?, 'local', 'active', 'fi', ?, ?)",
        [(branch_id, name, now, now) for name, branch_id in branches.items()],
    )
    members, memberships, contacts = [], [], []
    for record in records:
        member_id = uuid.uuid4().hex
        day, month, year = (int(part) for part in record["Liittymispäivä"].split("."))
        members.append(
            (
                member_id,
                record["Jäsennumero"],
                record["Etunimi"],
                record["Sukunimi"],
                int(record["Syntymävuosi"]),
                record["Kieli"],
                record["Lähiosoite"],
                record["Postinumero"],
                record["Postitoimipaikka"],
                now,
                now,
            )
        )
        kind = "member" if record["Jäsenlaji"] == "jäsen" else "supporter"
        memberships.append(
            (
                uuid.uuid4().hex,
                member_id,
                branches[record["Osasto"]],
                kind,
                date(year, month, day).isoformat(),
                now,
                now,
            )
        )
        contacts.append(
            (uuid.uuid4().hex, member_id, "phone", "+358" + record["Puhelin"][1:].replace(" ", ""), now, now)
        )
        contacts.append((uuid.uuid4().hex, member_id, "email", record["Sähköposti"], now, now))
    with timer() as elapsed:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO member(id, member_number, first_name, last_name, birth_year, language, street, postal_code, "
            "city, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            members,
        )
        connection.executemany(
            "INSERT INTO membership(id, member_id, branch_id, kind, joined_on, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            memberships,
        )
        connection.executemany(
            "INSERT INTO contact_point(id, member_id, kind, value, valid, do_not_use, position, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, 1, 0, 0, ?, ?)",
            contacts,
        )
        connection.execute("COMMIT")
    seconds = elapsed()
    connection.close()
    return seconds


RUNS = 3  # the machine is shared and one run can differ from the next by 15 %: the median of three is reported


def _import_once(work: Path, source: Path, key: DataKey, settings: DistrictSettings, rows: int) -> float:
    database = create_database(work / "import.db", key, settings, seed=seed_default_interests)
    database.checkpointer.wait()  # the new file's own checkpoint, not the import's
    try:
        with timer() as elapsed:
            result = import_members(database, source, ImportOptions(create_branches=True))
        seconds = elapsed()
    finally:
        database.close()
    assert result.created == rows, result
    return seconds


def run(rows: int = DEMO_MEMBERS) -> None:
    imports: list[float] = []
    floors: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "members.csv"
        records = write_csv(source, rows)
        key = DataKey.generate()
        settings = DistrictSettings("Benchmark district")
        for _ in range(RUNS):
            imports.append(_import_once(work, source, key, settings, rows))
            create_database(work / "floor.db", key, settings).close()
            floors.append(_raw_floor(work / "floor.db", key, records))
            for leftover in work.glob("*.db*"):
                leftover.unlink()
    import_seconds, floor_seconds = statistics.median(imports), statistics.median(floors)
    report(
        f"CSV import of {rows:,} members (median of {RUNS} runs)",
        [
            Figure("import (read, check, write, change log, search index)", import_seconds, "s", "target ≤ 15 s"),
            Figure("  fastest and slowest import", min(imports), "s", f"… {max(imports):.3f} s"),
            Figure("plain sqlcipher3 executemany of the same rows", floor_seconds, "s"),
            Figure("ratio import / executemany", import_seconds / floor_seconds, "×", "target ≤ 4×"),
            Figure("members imported per second", rows / import_seconds, "/s"),
        ],
    )
