"""Meeting papers (issue 5): the minutes of a 40-item meeting, and the decision register of a year of 12 meetings.

Each printout is timed from the database: gathering its data through the operations, then drawing the PDF. The
floor is ReportLab laying out the same texts as plain paragraphs on A4 pages, with no tables, page numbers or
watermark, measured in the same run.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
from datetime import UTC, date, datetime, time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import BodyData, BranchData, PositionData, add_position, create_body, create_branch
from db.core.database import Database, create_database
from db.core.district import DistrictSettings
from db.core.keys import DataKey
from db.meetings.actions import add_action, open_actions, set_action_status
from db.meetings.agenda import add_item, decide_as_proposed, live_items
from db.meetings.attendance import attendees, set_attendance, set_officers
from db.meetings.common import load_meeting
from db.meetings.meetings import create_meeting
from db.meetings.models import ActionStatus, AttendanceStatus, SectionNumbering
from db.meetings.printing import build_meeting_printout, build_register_printout
from db.meetings.printout import MeetingPrintout
from db.meetings.records import ActionData, ItemData, MeetingData
from db.meetings.settings import MeetingSettingsData, save_body_settings
from db.members.operations import create_member
from db.members.records import MembershipData, PersonData
from reports.common import styles
from reports.meetings import build_decision_register, build_minutes
from tests.bench.common import Figure, median, report, timer

ROUNDS = int(os.environ.get("KANSLI_BENCH_MEETING_ROUNDS", "5"))
BIG_MEETING_ITEMS = 40
YEAR_MEETINGS = 12
ITEMS_PER_MEETING = 17  # the template's 14 and three of the day's business
NOW = datetime(2026, 12, 31, 12, tzinfo=UTC)
BACKGROUND = (
    "Piirin talous on tasapainossa, mutta kevään kampanja ja syksyn koulutuspäivät vaativat lisärahoitusta. "
    "Työvaliokunta on valmistellut asiaa kahdessa kokouksessa ja kuullut osastojen puheenjohtajia."
)


def _board(database: Database) -> tuple[uuid.UUID, list[uuid.UUID]]:
    with database.transaction("Bench: board") as session:
        branch = create_branch(session, BranchData(name="Vaasan osasto"))
        body = create_body(session, BodyData(name="Piirihallitus – Distriktsstyrelsen", kind=BodyKind.DISTRICT_BOARD))
        save_body_settings(session, body, MeetingSettingsData(numbering=SectionNumbering.RUNNING_YEAR))
        roles = [PositionRole.CHAIR, PositionRole.VICE_CHAIR, PositionRole.SECRETARY, PositionRole.TREASURER]
        roles += [PositionRole.MEMBER] * 9 + [PositionRole.DEPUTY] * 3 + [PositionRole.ADJUNCT] * 2
        members = []
        for number, role in enumerate(roles):
            member = create_member(
                session,
                PersonData(f"Jäsen{number}", f"Hallituslainen-Åström{number}"),
                membership=MembershipData(branch, joined_on=date(2010, 1, 1)),
            )
            add_position(session, PositionData(member, body, role, date(2025, 1, 1)))
            members.append(member)
    return body, members


def _meeting(database: Database, body: uuid.UUID, members: list[uuid.UUID], day: date, total: int) -> uuid.UUID:
    """A held meeting of ``total`` items: the template and the business of the day, with actions, attendance and
    officers."""
    with database.transaction("Bench: meeting") as session:
        meeting = create_meeting(
            session, MeetingData(body, day, starts_at=time(18), ends_at=time(21), place="Vaasa, Työväentalo")
        )
        for number in range(total - len(live_items(session, meeting))):
            item = add_item(
                session,
                meeting,
                ItemData(
                    f"Asia {number + 1}: toimintasuunnitelman kohta {number + 1}",
                    background=BACKGROUND,
                    proposal="Hyväksytään työvaliokunnan esitys ja varataan tarvittava määräraha.",
                    decision="Hyväksyttiin työvaliokunnan esitys.",
                ),
            )
            if number % 3 == 0:
                add_action(
                    session,
                    item,
                    ActionData("Valmistele toimeenpano", responsible_id=members[number % 9 + 4], due_on=day),
                )
        people = attendees(session, meeting)
        set_attendance(session, people[5].id, AttendanceStatus.EXCUSED)
        first = load_meeting(session, meeting).first_section
        set_attendance(session, people[6].id, AttendanceStatus.PRESENT, from_section=first + 3)
        set_officers(
            session, meeting, chair=people[0].id, secretary=people[2].id, checkers=[people[3].id, people[4].id]
        )
        decide_as_proposed(session, [item.id for item in live_items(session, meeting)])
    return meeting


def _floor(printout: MeetingPrintout) -> float:
    """ReportLab laying out the same texts as plain paragraphs."""
    style = styles().body
    texts = [f"{item.section} {item.title}" for item in printout.items]
    for item in printout.items:
        texts.extend(text for text in (item.background, item.proposal, item.decision) if text)
    with timer() as elapsed:
        document = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
        document.build([Paragraph(text, style) for text in texts])
    return elapsed()


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="kansli-bench-") as folder:
        key = DataKey.generate()
        database = create_database(Path(folder) / "meetings.db", key, DistrictSettings("Pohjanmaan piiri", "POH"))
        try:
            body, members = _board(database)
            big = _meeting(database, body, members, date(2026, 1, 13), BIG_MEETING_ITEMS)
            days = [date(2026, month, 10) for month in range(2, 13)]
            year = [big, *(_meeting(database, body, members, day, ITEMS_PER_MEETING) for day in days)]
            with database.transaction("Bench: actions done") as session:
                for action in open_actions(session)[::2]:
                    set_action_status(session, action.id, ActionStatus.DONE, date(2026, 12, 1))
            minutes_times, gather_times, floor_times, register_times = [], [], [], []
            pages = 0
            for _round in range(ROUNDS):
                with timer() as gather, database.reading() as session:
                    job = build_meeting_printout(session, big, date(2026, 12, 31), NOW)
                with timer() as whole:
                    pdf = build_minutes(job.printout)
                gather_times.append(gather())
                minutes_times.append(gather() + whole())
                floor_times.append(_floor(job.printout))
                with timer() as register_time, database.reading() as session:
                    register_job = build_register_printout(session, date(2026, 1, 1), date(2026, 12, 31), "fi", NOW)
                    register_pdf = build_decision_register(register_job.printout)
                register_times.append(register_time())
                pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
        finally:
            database.close()
    decisions = len(register_job.printout.decisions)
    report(
        f"Meeting papers: minutes of a {len(job.printout.items)}-item meeting; the register of {len(year)} meetings "
        f"({decisions} decisions)",
        [
            Figure("minutes of the 40-item meeting: gathering, median", median(gather_times), "s"),
            Figure("minutes of the 40-item meeting: gather + draw, median", median(minutes_times), "s", "≤ 1 s"),
            Figure("floor: the same texts as plain paragraphs, median", median(floor_times), "s"),
            Figure("ratio minutes / floor", median(minutes_times) / median(floor_times), "×"),
            Figure("minutes pages", pages, ""),
            Figure("decision register of the year: gather + draw, median", median(register_times), "s", "≤ 2 s"),
            Figure("register PDF size", len(register_pdf) / 1_000_000, "MB"),
        ],
    )


if __name__ == "__main__":
    run()
