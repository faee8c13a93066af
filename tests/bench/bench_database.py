"""Opening the database and searching it, on the 100 000-member demo district (issue 2)."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from db.core.database import open_database
from db.core.opening import open_for_work
from db.members.models import Member
from db.members.search import find_members
from tests.bench.common import Figure, demo_database, median, percentile, report, timer


def run() -> None:
    path, key = demo_database()
    opens = []
    for _ in range(15):
        with timer() as elapsed:
            database = open_for_work(path, key)
            with database.reading() as session:
                members = session.execute(select(func.count()).select_from(Member)).scalar_one()
        opens.append(elapsed())
        database.close()

    database = open_database(path, key, read_only=True)
    try:
        with database.reading() as session:
            names = [row[0] for row in session.execute(select(Member.last_name).limit(5000))]
        rng = random.Random(7)
        fragments = []
        for name in rng.sample(names, 200):
            folded = name.lower()
            start = rng.randrange(0, max(1, len(folded) - 3))
            fragments.append(folded[start : start + rng.choice((3, 4, 5))])
        searches = []
        today = date.today()
        with database.reading() as session:
            find_members(session, "warm", today)
            for fragment in fragments:
                with timer() as elapsed:
                    find_members(session, fragment, today, limit=50)
                searches.append(elapsed())
    finally:
        database.close()
    size = path.stat().st_size
    report(
        f"Database, {members:,} people",
        [
            Figure("open (key, schema check, first query), median", median(opens) * 1000, "ms", "target ≤ 300 ms"),
            Figure("search by name fragment (200 fragments), median", median(searches) * 1000, "ms", "target ≤ 30 ms"),
            Figure("search by name fragment, 95th percentile", percentile(searches, 0.95) * 1000, "ms"),
            Figure("database file", size / 1_000_000, "MB"),
            Figure("bytes per person", size / members, "B"),
        ],
    )
