"""Progress of a campaign (per branch and caller, branches taking part), the welcome calls' speed, and the printout's
data gathered from the database."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from db.calling.campaigns import QuestionData
from db.calling.entry import RowEntry, enter_row
from db.calling.models import CallSheet, QuestionKind, SheetRow
from db.calling.printing import age_band, build_print_job, choose_sheets
from db.calling.progress import WelcomeSpeed, campaign_progress, export_progress, welcome_speed
from db.core.database import Database
from db.members.models import Member, Membership
from tests.db.calling_helpers import TODAY, MakeMember, assign_all, quick_caller, sheet, simple_campaign


def _enter_by_name(database: Database, sheet_id: uuid.UUID, codes: dict[str, str], day: date = TODAY) -> None:
    with database.transaction("Enter") as session:
        sheet_row = session.get(CallSheet, sheet_id)
        assert sheet_row is not None
        rows = session.execute(
            select(SheetRow.row, Member.first_name)
            .join(Member, Member.id == SheetRow.member_id)
            .where(SheetRow.sheet_id == sheet_id)
        ).all()
        for row, first in rows:
            if first in codes:
                enter_row(session, sheet_row, row, RowEntry(codes[first], called_on=day), TODAY)


def test_progress_per_branch_and_caller(database: Database, make_member: MakeMember) -> None:
    for index, first in enumerate(("Aino", "Bea", "Cilla")):
        make_member(first, "Vaasa", phone=f"040 100 000{index}", branch="Vaasa")
    make_member("Dora", "Oulu", phone="040 200 0000", branch="Oulu")
    campaign_id = simple_campaign(database)
    caller = quick_caller(database, "Soittaja")
    assign_all(database, campaign_id, [caller])
    _enter_by_name(database, sheet(database, campaign_id, 1), {"Aino": "T", "Bea": "NA"})
    with database.reading() as session:
        progress = campaign_progress(session, campaign_id, TODAY)
    assert (progress.targeted, progress.called, progress.reached) == (4, 2, 1)
    by_branch = {branch.name: branch for branch in progress.branches}
    assert (by_branch["Vaasa"].targeted, by_branch["Vaasa"].called, by_branch["Vaasa"].reached) == (3, 2, 1)
    assert round(by_branch["Vaasa"].called_share, 3) == round(2 / 3, 3)
    assert by_branch["Vaasa"].takes_part and not by_branch["Oulu"].takes_part
    assert not progress.all_branches_take_part
    (caller_row,) = progress.callers
    assert (caller_row.name, caller_row.sheets, caller_row.rows, caller_row.entered, caller_row.reached) == (
        "Soittaja",
        1,
        4,
        2,
        1,
    )
    _enter_by_name(database, sheet(database, campaign_id, 1), {"Dora": "NA"})
    with database.reading() as session:
        assert campaign_progress(session, campaign_id, TODAY).all_branches_take_part


def test_progress_exports_numbers_to_a_workbook(database: Database, make_member: MakeMember, tmp_path: Path) -> None:
    make_member("Aino", "Vaasa", phone="040 100 0000", branch="Vaasa")
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database, "Soittaja")])
    _enter_by_name(database, sheet(database, campaign_id, 1), {"Aino": "T"})
    with database.reading() as session:
        progress = campaign_progress(session, campaign_id, TODAY)
    target = tmp_path / "progress.xlsx"
    export_progress(progress, target, WelcomeSpeed(joined=8, called_in_time=5, called_later=2))
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Campaign", "Branches", "Callers"]
    assert [cell.value for cell in workbook["Campaign"][2]] == ["Syyssoitot", 1, 0, 1, 1]
    figures = [[cell.value for cell in row][:3] for row in workbook["Campaign"].iter_rows(min_row=4)]
    assert ["New members of the last year called within 14 days of joining", 5, 8] in figures
    branch = [cell.value for cell in workbook["Branches"][2]]
    assert branch[:4] == ["Vaasa", 1, 1, 1] and branch[4] == 1.0  # numbers, not text
    assert [cell.value for cell in workbook["Callers"][2]] == ["Soittaja", 1, 1, 1, 1]
    assert not list(tmp_path.glob("*.part"))


def test_welcome_speed_counts_calls_within_fourteen_days(database: Database, make_member: MakeMember) -> None:
    quick = make_member("Nopea", "Uusi", phone="040 300 0000", joined_on=TODAY - timedelta(days=30))
    slow = make_member("Hidas", "Uusi", phone="040 300 0001", joined_on=TODAY - timedelta(days=30))
    make_member("Soittamaton", "Uusi", phone="040 300 0002", joined_on=TODAY - timedelta(days=30))
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database)])
    sheet_id = sheet(database, campaign_id, 1)
    _enter_by_name(database, sheet_id, {"Nopea": "T"}, TODAY - timedelta(days=20))
    _enter_by_name(database, sheet_id, {"Hidas": "T"}, TODAY - timedelta(days=2))
    with database.reading() as session:
        speed = welcome_speed(session, TODAY - timedelta(days=60), TODAY)
    assert (speed.joined, speed.called_in_time, speed.called_later) == (3, 1, 1)
    assert quick != slow


def test_age_bands() -> None:
    assert age_band(None, TODAY) == ""
    assert age_band(TODAY.year - 25, TODAY) == "–29"
    assert age_band(TODAY.year - 30, TODAY) == "30–44"
    assert age_band(TODAY.year - 64, TODAY) == "45–64"
    assert age_band(TODAY.year - 90, TODAY) == "80+"


def test_printout_data_shows_what_the_caller_needs(database: Database, make_member: MakeMember) -> None:
    make_member("Åsa", "Åhlström", phone="040 400 0000", email="asa@example.fi", birth_year=TODAY.year - 50)
    campaign_id = simple_campaign(database, questions=(QuestionData(QuestionKind.CHECK_EMAIL, "Sähköposti?"),))
    assign_all(database, campaign_id, [quick_caller(database, "Kaisa")])
    _enter_by_name(database, sheet(database, campaign_id, 1), {"Åsa": "NA"}, TODAY - timedelta(days=4))
    assign_all(database, campaign_id, [quick_caller(database, "Pekka")])  # the second pass, on sheet 2
    with database.reading() as session:
        sheets = choose_sheets(session, campaign_id, [2])
        job = build_print_job(session, campaign_id, sheets, TODAY, datetime(2026, 11, 26, 12, 0), "sv")
        joined = session.execute(select(Membership.joined_on)).scalar_one()
    printout = job.printout
    assert printout.language == "sv" and printout.total_sheets == 2
    (printed,) = printout.sheets
    (row,) = printed.rows
    assert (printed.number, printed.caller) == (2, "Pekka")
    assert row.name == "Åsa Åhlström" and row.phones == ["+358 40 4000000"]
    assert row.age_band == "45–64" and row.member_since == joined
    assert (row.last_contact, row.last_outcome_code) == (TODAY - timedelta(days=4), "NA")
    assert row.email == "asa@example.fi"  # a question asks to confirm it
    assert row.note and "2" in row.note  # the second pass
    assert printout.questions[0].kind == "check_email"
    assert len(job.member_ids) == 1 and job.sheet_ids == [sheets[0].id]
