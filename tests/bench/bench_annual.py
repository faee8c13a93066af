"""The annual conference report over the 100 000-person demo district (issue 7): gathering, PDF and workbook."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from db.annual.report import annual_report
from db.annual.workbook import write_annual_workbook
from db.core.database import open_database
from tests.bench.common import DEMO_MEMBERS, Figure, demo_database, median, report, timer

ROUNDS = int(os.environ.get("KANSLI_BENCH_ANNUAL_ROUNDS", "3"))


def run() -> None:
    from reports.annual import build_annual_report

    path, key = demo_database(DEMO_MEMBERS)
    today = date.today()
    start, end = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    gather: list[float] = []
    pdf_times: list[float] = []
    xlsx_times: list[float] = []
    database = open_database(path, key, read_only=True)
    try:
        with tempfile.TemporaryDirectory(prefix="kansli-bench-") as folder:
            for _round in range(ROUNDS):
                with timer() as elapsed, database.reading() as session:
                    figures = annual_report(session, start, end)
                gather.append(elapsed())
                with timer() as elapsed:
                    pdf = build_annual_report(figures, "fi")
                pdf_times.append(elapsed())
                with timer() as elapsed:
                    write_annual_workbook(figures, Path(folder) / "annual.xlsx", "fi")
                xlsx_times.append(elapsed())
    finally:
        database.close()
    members = figures.section("members")
    report(
        f"Annual conference report of {start.year} over {DEMO_MEMBERS:,} people",
        [
            Figure("gathering every section from the database, median", median(gather), "s"),
            Figure("PDF with charts, median", median(pdf_times), "s"),
            Figure("gather + PDF", median(gather) + median(pdf_times), "s", "≤ 5 s"),
            Figure("workbook, median", median(xlsx_times), "s"),
            Figure("gather + workbook", median(gather) + median(xlsx_times), "s", "≤ 5 s"),
            Figure("PDF size", len(pdf) / 1_000_000, "MB"),
            Figure("members at the end of the year", float(str(members.figures[2].value)), ""),
        ],
    )


if __name__ == "__main__":
    run()
