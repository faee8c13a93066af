"""A campaign over the 10 000 members of a demo district (issue 4): the queue with its reasons, dealing it to
callers as sheets, and printing every sheet from the database (gathering the rows and drawing the PDF).

Each round works on a fresh copy of the demo file, so every round deals the same queue.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from db.calling.callers import add_member_caller
from db.calling.campaigns import CampaignData, create_campaign
from db.calling.printing import build_print_job, choose_sheets
from db.calling.queue import build_queue
from db.calling.rules import TargetRule
from db.calling.sheets import AssignMode, assign_queue
from db.core.database import open_database
from db.members.models import MemberSearchEntry
from tests.bench.common import Figure, demo_database, median, report, timer

MEMBERS = int(os.environ.get("KANSLI_BENCH_CALL_MEMBERS", "10000"))
ROUNDS = int(os.environ.get("KANSLI_BENCH_CALL_ROUNDS", "3"))
CALLERS = 25


def _one_round(source: Path, key: object, today: date) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kansli-bench-") as folder:
        path = Path(folder) / "calling.db"
        shutil.copyfile(source, path)
        database = open_database(path, key)  # type: ignore[arg-type]
        try:
            with database.transaction("Bench: campaign and callers") as session:
                # Everyone the district has, members and supporters, whether or not they were called in the demo.
                campaign_id = create_campaign(
                    session, CampaignData(name="Bench", rule=TargetRule(kinds=()), cooldown_days=0, passes=9)
                )
                volunteers = session.execute(
                    select(MemberSearchEntry.member_id)
                    .where(MemberSearchEntry.phone.is_not(None), MemberSearchEntry.ended_on.is_(None))
                    .limit(CALLERS)
                ).scalars()
                callers = [add_member_caller(session, member_id) for member_id in volunteers]
            with timer() as queue_time, database.reading() as session:
                queue = build_queue(session, campaign_id, today)
            # Dealing works the queue out again itself (in its own transaction), as the program does.
            with timer() as both_time, database.transaction("Bench: assign") as session:
                numbers = assign_queue(session, campaign_id, callers, AssignMode.BY_BRANCH, today)
            from reports.calling import build_call_sheets

            with timer() as gather_time, database.reading() as session:
                sheets = choose_sheets(session, campaign_id)
                job = build_print_job(session, campaign_id, sheets, today, datetime.now().astimezone())
            with timer() as draw_time:
                pdf = build_call_sheets(job.printout)
        finally:
            database.close()
    return {
        "queue": queue_time(),
        "queue_and_assign": both_time(),
        "gather": gather_time(),
        "draw": draw_time(),
        "people": len(queue.entries),
        "left_out": len(queue.left_out),
        "sheets": len(numbers),
        "rows": len(job.member_ids),
        "pdf": len(pdf) / 1_000_000,
    }


def run() -> None:
    source, key = demo_database(MEMBERS)
    today = date.today()
    rounds = [_one_round(source, key, today) for _round in range(ROUNDS)]

    def middle(name: str) -> float:
        return median([result[name] for result in rounds])

    first = rounds[0]
    report(
        f"Calling campaign over a demo district of {MEMBERS:,} people ({first['people']:,.0f} in the queue, "
        f"{first['left_out']:,.0f} left out with a reason)",
        [
            Figure("queue with the reason for each one left out, median", middle("queue"), "s"),
            Figure("queue and dealing it to 25 callers by branch, median", middle("queue_and_assign"), "s", "≤ 2 s"),
            Figure("sheets made", first["sheets"], ""),
            Figure("gathering every sheet's rows for printing, median", middle("gather"), "s"),
            Figure("drawing the PDF of every sheet, median", middle("draw"), "s"),
            Figure("printing from the database, gather + draw", middle("gather") + middle("draw"), "s", "≤ 15 s"),
            Figure("PDF size", first["pdf"], "MB"),
        ],
    )


if __name__ == "__main__":
    run()
