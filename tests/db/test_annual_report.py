"""The annual conference report against figures worked out by hand on a small fixed district.

The people of 2026 (the period is the calendar year; "at the start" is 31.12.2025):

=====  ==========================================================  =================================
who    memberships                                                 counts as
=====  ==========================================================  =================================
Aino   member of A since 2020                                      member at start and end (born 1950)
Bea    member of A from 1.3.2026, called 10.3.2026                 joined, new, welcomed (born 2000)
Cai    member of B 2019 – 30.6.2026, resigned                      member at start, left (resigned)
Dan    supporter of B 2018 – 20.3.2026, member of A from 1.4.2026  supporter at start, member at end;
                                                                   a move: neither joined nor left
Eila   member of B 1.2.2026 – 1.8.2026, deceased                   joined, new, left (deceased)
Frans  member of A since 2010, deceased without a date             not counted at all
Gun    member of A from 31.12.2026                                 joined on the last day (born 1980)
Hugo   applicant (no joining date)                                 not counted
=====  ==========================================================  =================================
"""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest

from db.annual.report import annual_report
from db.annual.shape import AnnualReport, Msg, figure_value
from db.annual.workbook import write_annual_workbook
from db.branches.models import Body, BodyKind
from db.calling.models import Call, Campaign
from db.calling.outcomes import Outcome
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.i18n import translator
from db.meetings.models import ActionItem, ActionStatus, AgendaItem, AttendanceStatus, Meeting, MeetingAttendee
from db.meetings.settings import MeetingSettingsData, default_settings, save_body_settings
from db.members.models import EndReason, MembershipKind
from db.members.operations import add_membership, create_member
from db.members.records import MembershipData, PersonData
from tests.db.branch_helpers import new_branch

START, END = date(2026, 1, 1), date(2026, 12, 31)
MEMBER, SUPPORTER = MembershipKind.MEMBER, MembershipKind.SUPPORTER


def _person(database: Database, first: str, born: int | None, *memberships: MembershipData) -> uuid.UUID:
    with database.transaction("Add") as session:
        member_id = create_member(session, PersonData(first, "Testinen", birth_year=born))
        for membership in memberships:
            add_membership(session, member_id, membership)
        return member_id


@pytest.fixture
def report(database: Database) -> AnnualReport:
    a, b = new_branch(database, "A-osasto"), new_branch(database, "B-osasto")
    aino = _person(database, "Aino", 1950, MembershipData(a, MEMBER, date(2020, 1, 1)))
    bea = _person(database, "Bea", 2000, MembershipData(a, MEMBER, date(2026, 3, 1)))
    _person(
        database, "Cai", None, MembershipData(b, MEMBER, date(2019, 1, 1), None, date(2026, 6, 30), EndReason.RESIGNED)
    )
    _person(
        database,
        "Dan",
        None,
        MembershipData(b, SUPPORTER, date(2018, 1, 1), None, date(2026, 3, 20), EndReason.MOVED),
        MembershipData(a, MEMBER, date(2026, 4, 1)),
    )
    _person(
        database, "Eila", None, MembershipData(b, MEMBER, date(2026, 2, 1), None, date(2026, 8, 1), EndReason.DECEASED)
    )
    _person(database, "Frans", None, MembershipData(a, MEMBER, date(2010, 1, 1), None, None, EndReason.DECEASED))
    _person(database, "Gun", 1980, MembershipData(a, MEMBER, date(2026, 12, 31)))
    _person(database, "Hugo", None, MembershipData(a, MEMBER, None))
    with database.transaction("Calls and meetings") as session:
        campaign = Campaign(name="Syyssoitot")
        board = Body(name="Piirihallitus", kind=BodyKind.DISTRICT_BOARD)
        session.add_all([campaign, board])
        session.flush()
        for member_id, day, outcome, answers in (
            (bea, date(2026, 3, 10), Outcome.TALKED, {}),
            (aino, date(2026, 5, 5), Outcome.TALKED, {"q": {"email": "aino@example.fi"}}),
            (aino, date(2025, 12, 1), Outcome.NO_ANSWER, {}),  # before the period
        ):
            session.add(
                Call(
                    campaign_id=campaign.id,
                    member_id=member_id,
                    called_on=day,
                    outcome=outcome,
                    answers=json.dumps(answers),
                )
            )
        settings = default_settings(BodyKind.DISTRICT_BOARD)
        save_body_settings(
            session, board.id, MeetingSettingsData(**{**settings.__dict__, "target_meetings": 8, "period_months": 12})
        )
        for number, held_on, present, absent, decided, action in (
            (1, date(2026, 2, 1), 2, 1, 2, None),
            (2, date(2026, 9, 1), 2, 0, 1, ActionStatus.OPEN),
            (9, date(2025, 11, 1), 3, 0, 4, None),  # before the period
        ):
            meeting = Meeting(body_id=board.id, year=held_on.year, number=number, held_on=held_on)
            session.add(meeting)
            session.flush()
            for index in range(present + absent):
                status = AttendanceStatus.PRESENT if index < present else AttendanceStatus.ABSENT
                session.add(MeetingAttendee(meeting_id=meeting.id, name=f"H{index}", status=status, position=index))
            for position in range(decided + 1):  # one item each without a decision
                item = AgendaItem(
                    meeting_id=meeting.id,
                    position=position,
                    title=f"Asia {position}",
                    decision="Päätettiin" if position < decided else None,
                )
                session.add(item)
                session.flush()
                if action is not None and position == 0:
                    session.add(ActionItem(item_id=item.id, text="Tee", status=action))
    with database.reading() as session:
        return annual_report(session, START, END)


def _figure(report: AnnualReport, section: str, label: str) -> object:
    return figure_value(report.section(section), label)


def test_members_at_start_and_end_joined_left_and_net(report: AnnualReport) -> None:
    assert _figure(report, "members", "Members at the start") == 2  # Aino, Cai
    assert _figure(report, "members", "Supporters at the start") == 1  # Dan
    assert _figure(report, "members", "Members at the end") == 4  # Aino, Bea, Dan, Gun
    assert _figure(report, "members", "Supporters at the end") == 0
    assert _figure(report, "members", "Joined") == 3  # Bea, Eila, Gun
    assert _figure(report, "members", "Left") == 2  # Cai, Eila
    assert _figure(report, "members", "Net change") == 1
    assert _figure(report, "members", "New members") == 3
    assert _figure(report, "members", "New members called within 14 days") == 1  # Bea
    assert _figure(report, "members", "Share of new members called within 14 days") == pytest.approx(1 / 3)


def test_left_by_reason_by_branch_and_ages(report: AnnualReport) -> None:
    reasons, branches, ages = report.section("members").tables
    assert sorted((str(reason), count) for reason, count in reasons.rows) == [("Deceased", 1), ("Resigned", 1)]
    assert all(isinstance(reason, Msg) for reason, _count in reasons.rows)
    assert branches.rows == (("A-osasto", 4, 0, 2, 0, 2), ("B-osasto", 0, 0, 1, 2, -1))
    assert branches.total == ("Total", 4, 0, 3, 2, 1)
    assert dict(ages.rows) == {"–29": 1, "30–44": 0, "45–64": 1, "65–79": 1, "80+": 0, "Birth year not known": 1}


def test_calling_figures(report: AnnualReport) -> None:
    assert _figure(report, "calling", "Calls made") == 2
    assert _figure(report, "calling", "Members called") == 2
    assert _figure(report, "calling", "Members reached") == 2
    assert _figure(report, "calling", "E-mail addresses updated") == 1
    assert _figure(report, "calling", "Volunteers who called") == 0  # the calls were typed in without a caller
    (campaigns,) = report.section("calling").tables
    assert campaigns.rows == (("Syyssoitot", 2, 2, 2, 0),)


def test_meeting_figures(report: AnnualReport) -> None:
    assert _figure(report, "meetings", "Meetings held") == 2
    assert _figure(report, "meetings", "Attendance") == pytest.approx(4 / 5)
    assert _figure(report, "meetings", "Decisions") == 3
    assert _figure(report, "meetings", "Actions open at the end") == 1
    (bodies,) = report.section("meetings").tables
    assert bodies.rows == (("Piirihallitus", 2, 8, pytest.approx(0.8), 3),)


def test_a_half_year_scales_the_target(database: Database) -> None:
    from db.annual.activity import months_between, scaled

    assert months_between(date(2026, 1, 1), date(2026, 6, 30)) == 6
    assert months_between(date(2026, 1, 1), date(2026, 12, 31)) == 12
    assert scaled(8, 12, date(2026, 1, 1), date(2026, 6, 30)) == 4


def test_a_backwards_period_is_refused(database: Database) -> None:
    with database.reading() as session, pytest.raises(ValidationError):
        annual_report(session, END, START)


def test_the_workbook_has_a_sheet_per_section_with_numbers(report: AnnualReport, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    target = tmp_path / "annual.xlsx"
    assert write_annual_workbook(report, target, "fi") == 6
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == translator("fi").gettext("Period")
    assert len(workbook.sheetnames) == 6
    members = workbook[workbook.sheetnames[1]]
    values = {row[0]: row[1] for row in members.iter_rows(values_only=True) if row and row[0]}
    assert 4 in values.values() and 3 in values.values()  # numbers, not text
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_pdf_has_every_section_and_the_figures(report: AnnualReport, language: str) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from reports.annual import build_annual_report

    pdf = build_annual_report(report, language)
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    _ = translator(language).gettext
    assert _("Annual conference report") in text and "1.1.2026" in text and "31.12.2026" in text
    for section in report.sections:
        assert _(section.title) in text
    assert "A-osasto" in text and "Piirihallitus" in text and "Syyssoitot" in text
    assert f"{_('Members at the end')}" in text
    assert _("Joined and left by branch") in text  # a chart's title
