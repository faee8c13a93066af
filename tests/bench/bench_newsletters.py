"""The member paper's labels (issue 6): drawing 10 000 labels, grouping 100 000 members into households, and the
whole path from the register to the label PDF of the demo district.

The floor is a raw ReportLab canvas drawing the same lines with ``drawString`` at fixed places, nothing measured or
fitted, in the same run. The district part works on a copy of the benchmark demo database (100 000 people unless
``KANSLI_BENCH_MEMBERS`` says otherwise), with one publication added, so the shared file is never changed.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from db.core.database import open_database
from db.core.keys import DataKey
from db.newsletters.distribution import publication_distribution, readers, split
from db.newsletters.households import AddressLabel, PostalPerson, group_households
from db.newsletters.labels import A4_HEIGHT_MM, LAYOUTS
from db.newsletters.publications import PublicationData, create_publication, load_publication
from reports.common import SANS, register_fonts
from reports.newsletters import build_labels, mm
from tests.bench.common import DEMO_MEMBERS, Figure, demo_database, median, report, timer

LABELS = int(os.environ.get("KANSLI_BENCH_LABELS", "10000"))
ROUNDS = int(os.environ.get("KANSLI_BENCH_LABEL_ROUNDS", "3"))
_FIRST = ("Anna", "Matti", "Aino", "Eero", "Åsa", "Pär", "Kristiina-Maria", "Juha-Pekka", "Liisa", "Nils")
_LAST = ("Virtanen", "Korhonen", "Öhman", "Björkqvist", "Haapakoski-Vähäkangas", "Lindqvist", "Mäkinen", "Nieminen")


def synthetic_people(count: int, seed: int = 1) -> list[PostalPerson]:
    """People like a register's: a third in two-person households, some c/o lines, a few abroad."""
    rng = random.Random(seed)
    people: list[PostalPerson] = []
    while len(people) < count:
        code = f"{rng.randint(100, 99999):05d}"
        street = f"{rng.choice(('Kauppakatu', 'Storgatan', 'Pitkäkatu', 'Hovioikeudenpuistikko'))} {rng.randint(1, 99)}"
        country = "SE" if rng.random() < 0.01 else None
        home = uuid.uuid4() if rng.random() < 0.33 else None
        last = rng.choice(_LAST)
        for _member in range(2 if home else 1):
            co = f"c/o {rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.02 else None
            people.append(PostalPerson(uuid.uuid4(), rng.choice(_FIRST), last, rng.choice(("fi", "sv")), home,
                                       street, co, code, "Vaasa", country))  # fmt: skip
    return people[:count]


def raw_floor(labels: list[AddressLabel]) -> float:
    """Draw the same lines on a bare canvas at fixed places; return the seconds it took."""
    register_fonts()
    layout = LAYOUTS["3x8-70x37"]
    with timer() as elapsed:
        canvas = Canvas(io.BytesIO(), pagesize=A4, pageCompression=1)
        for index, label in enumerate(labels):
            if index and index % layout.per_sheet == 0:
                canvas.showPage()
            left, top = layout.position(index)
            y = (A4_HEIGHT_MM - top - 8) * mm
            for line in label.lines:
                canvas.setFont(SANS, 10)
                canvas.drawString(left * mm + 6 * mm, y, line)
                y -= 12
        canvas.showPage()
        canvas.save()
    return elapsed()


def _draw(labels: list[AddressLabel]) -> tuple[float, int]:
    with timer() as elapsed:
        pdf = build_labels(labels, LAYOUTS["3x8-70x37"], title="Bench", language="fi")
    return elapsed(), len(pdf)


def _district(source: Path, key: DataKey, today: date) -> dict[str, float]:
    """On a copy of the demo: the register's readers, their split and grouping, and the PDF of every label."""
    with tempfile.TemporaryDirectory(prefix="kansli-bench-") as folder:
        path = Path(folder) / "labels.db"
        shutil.copyfile(source, path)
        database = open_database(path, key)
        try:
            with database.transaction("Bench: publication") as session:
                publication_id = create_publication(session, PublicationData("Bench", "Bench", first_year=today.year))
            results: list[dict[str, float]] = []
            for _round in range(ROUNDS):
                with timer() as read_time, database.reading() as session:
                    publication = load_publication(session, publication_id)
                    people = readers(session, publication, today)
                with timer() as split_time:
                    distribution = split(people, by_post=True, by_email=True, home_country="FI",
                                         default_language="fi", day=today)  # fmt: skip
                cpu = time.process_time()
                with timer() as whole_time, database.reading() as session:
                    publication_distribution(session, publication_id, today)
                whole_cpu = time.process_time() - cpu
                draw_time, _size = _draw(distribution.labels)
                results.append(
                    {
                        "read": read_time(),
                        "split": split_time(),
                        "whole": whole_time(),
                        "whole_cpu": whole_cpu,
                        "draw": draw_time,
                        "readers": len(people),
                        "labels": len(distribution.labels),
                        "postal": distribution.postal_people,
                        "emails": len(distribution.emails),
                    }
                )
        finally:
            database.close()
    return {name: median([result[name] for result in results]) for name in results[0]}


def run() -> None:
    today = date.today()
    people = synthetic_people(int(LABELS * 1.5))  # households share labels: enough people for LABELS labels
    labels = group_households(people, "FI", "fi")[0][:LABELS]
    draws = [_draw(labels) for _round in range(ROUNDS)]
    floors = [raw_floor(labels) for _round in range(ROUNDS)]
    draw, floor = median([seconds for seconds, _size in draws]), median(floors)
    many = synthetic_people(100_000, seed=2)
    groupings, grouping_cpu = [], []
    for _round in range(ROUNDS):
        cpu = time.process_time()
        with timer() as elapsed:
            grouped = group_households(many, "FI", "fi")[0]
        groupings.append(elapsed())
        grouping_cpu.append(time.process_time() - cpu)
    report(
        f"Address labels: {len(labels):,} labels drawn on 3 × 8 sheets; 100 000 people grouped into households",
        [
            Figure(f"drawing {len(labels):,} labels, median", draw, "s", "≤ 10 s"),
            Figure("raw canvas floor (drawString, nothing fitted), median", floor, "s"),
            Figure("ratio to the floor", draw / floor, "×"),
            Figure("PDF size", draws[0][1] / 1_000_000, "MB"),
            Figure(f"grouping 100 000 people into {len(grouped):,} labels, median", median(groupings), "s", "≤ 3 s"),
            Figure("the same in CPU time, median", median(grouping_cpu), "s"),
        ],
    )
    source, key = demo_database(DEMO_MEMBERS)
    district = _district(source, key, today)
    report(
        f"The member paper of a demo district of {DEMO_MEMBERS:,} people ({district['readers']:,.0f} readers, "
        f"{district['labels']:,.0f} labels for {district['postal']:,.0f} people, {district['emails']:,.0f} e-mails)",
        [
            Figure("reading the readers and their consents, median", district["read"], "s"),
            Figure("splitting by channel and grouping households, median", district["split"], "s"),
            Figure("household grouping of the register (read + split), median", district["whole"], "s", "≤ 3 s"),
            Figure("the same in CPU time (the machine may be busy with others), median", district["whole_cpu"], "s"),
            Figure(f"drawing all {district['labels']:,.0f} labels, median", district["draw"], "s"),
        ],
    )


if __name__ == "__main__":
    run()
