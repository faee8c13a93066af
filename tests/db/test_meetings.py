"""Planning meetings: numbers n/yyyy, the attendance list from the positions, agendas from templates, § numbering."""

from __future__ import annotations

from datetime import date

import pytest

from db.branches.models import BodyKind
from db.core.database import Database
from db.core.district import Language
from db.core.errors import ValidationError
from db.core.i18n import translator
from db.meetings.agenda import add_item, live_items, remove_item
from db.meetings.attendance import attendees, set_officers
from db.meetings.detail import meeting_detail
from db.meetings.meetings import NoSuchMeetingError, find_meeting, list_meetings, update_meeting
from db.meetings.models import (
    AttendeeRole,
    ItemKind,
    MeetingKind,
    QuorumRule,
    SectionNumbering,
    SectionStyle,
)
from db.meetings.numbering import section_label, section_range
from db.meetings.records import ItemData, MeetingData
from db.meetings.settings import MeetingSettingsData, body_codes, body_settings, save_body_settings
from db.meetings.targets import meeting_targets
from db.meetings.workflow import approve_minutes, mark_signed, send_to_checkers
from tests.db.meetings_helpers import Board, make_board, plan


def _sections(database: Database, meeting_id: object) -> list[str]:
    with database.reading() as session:
        return [item.section_label for item in meeting_detail(session, meeting_id, date(2026, 12, 31)).items]  # type: ignore[arg-type]


def test_a_planned_meeting_is_numbered_invites_the_board_and_has_the_customary_agenda(database: Database) -> None:
    board = make_board(database)
    first = plan(database, board, date(2026, 2, 10))
    second = plan(database, board, date(2026, 3, 10))
    with database.reading() as session:
        meetings = list_meetings(session, body_id=board.body_id)
        assert [(meeting.code, meeting.number) for meeting in meetings] == [("PH 1/2026", 1), ("PH 2/2026", 2)]
        people = attendees(session, first)
        items = live_items(session, second)
    # The positions on the day, in the customary order; the board's chair chairs and its secretary keeps the minutes.
    assert [person.role for person in people[:3]] == [AttendeeRole.CHAIR, AttendeeRole.VICE_CHAIR, AttendeeRole.MEMBER]
    assert [person.name for person in people if person.chairs] == ["Åsa Öhman"]
    assert [person.name for person in people if person.keeps_minutes] == ["Ayşe Yılmaz"]
    assert people[-1].role == AttendeeRole.ADJUNCT and people[-1].note == "Nuorisojärjestön edustaja"
    assert sum(1 for person in people if person.role == AttendeeRole.DEPUTY) == 1
    kinds = [item.kind for item in items]
    assert kinds[:7] == [
        ItemKind.OPENING,
        ItemKind.LAWFULNESS,
        ItemKind.OFFICERS,
        ItemKind.AGENDA,
        ItemKind.PREVIOUS_MINUTES,
        ItemKind.FOLLOW_UP,
        ItemKind.ANNOUNCEMENTS,
    ]
    assert kinds[-3:] == [ItemKind.OTHER_MATTERS, ItemKind.NEXT_MEETING, ItemKind.CLOSING]
    fi = translator("fi").gettext
    # In the district's language (Finnish), and the district board's ordinary business in between.
    assert items[1].title == fi("Lawfulness and quorum of the meeting")
    assert items[1].proposal == fi("The meeting is declared lawfully convened and quorate.")
    assert fi("Finances") in [item.title for item in items if item.kind == ItemKind.ORDINARY]


def test_statutory_agendas_of_spring_autumn_annual_and_constituent_meetings(database: Database) -> None:
    board = make_board(database)
    spring = plan(database, board, date(2026, 4, 20), kind=MeetingKind.SPRING)
    annual = plan(database, board, date(2026, 5, 9), kind=MeetingKind.ANNUAL, language=Language.SV)
    constituent = plan(database, board, date(2026, 5, 9), kind=MeetingKind.CONSTITUENT, language=Language.SV)
    with database.reading() as session:
        spring_titles = [item.title for item in live_items(session, spring)]
        annual_items = live_items(session, annual)
        constituent_titles = [item.title for item in live_items(session, constituent)]
    fi, sv = translator("fi").gettext, translator("sv").gettext
    # A spring meeting looks back at the year before: the report and accounts of 2025, and discharge from liability.
    assert fi("Annual report for {year}").format(year=2025) in spring_titles
    assert fi("Discharge from liability for the board and others accountable") in spring_titles
    assert fi("Election of the meeting's chair, secretary, two minute checkers and two vote counters") in spring_titles
    assert fi("Minutes of the previous meeting") not in spring_titles
    # The Swedish annual meeting: the voting register right after the officers, and the nomination committee.
    annual_kinds = [item.kind for item in annual_items]
    assert annual_kinds[:5] == [
        ItemKind.OPENING,
        ItemKind.OFFICERS,
        ItemKind.VOTING_REGISTER,
        ItemKind.LAWFULNESS,
        ItemKind.AGENDA,
    ]
    assert sv("Election of the nomination committee") in [item.title for item in annual_items]
    assert sv("Membership fee for {next}").format(next=2027) in [item.title for item in annual_items]
    # The constituent board meeting assigns roles and signatories; a district board also elects its VU.
    assert sv("Authorised signatories") in constituent_titles
    assert sv("Election of the executive committee") in constituent_titles


def test_section_numbers_per_meeting_and_running_through_the_year(database: Database) -> None:
    assert section_label(7, SectionStyle.NUMBER_FIRST) == "7 §"
    assert section_label(7, SectionStyle.SYMBOL_FIRST) == "§ 7"
    assert section_range(5, 9, SectionStyle.NUMBER_FIRST) == "5–9 §"
    assert section_range(5, 9, SectionStyle.SYMBOL_FIRST) == "§ 5–9"
    per_meeting = make_board(database, name="Työvaliokunta", kind=BodyKind.EXECUTIVE_COMMITTEE)
    first = plan(database, per_meeting, date(2026, 2, 1), agenda=False)
    second = plan(database, per_meeting, date(2026, 3, 1), agenda=False)
    with database.transaction("Items") as session:
        for meeting_id in (first, second):
            for title in ("Avaus", "Talous", "Päättäminen"):
                add_item(session, meeting_id, ItemData(title))
    assert _sections(database, first) == _sections(database, second) == ["1 §", "2 §", "3 §"]

    running = make_board(
        database,
        name="Piirihallitus",
        settings=MeetingSettingsData(numbering=SectionNumbering.RUNNING_YEAR, section_style=SectionStyle.SYMBOL_FIRST),
    )
    january = plan(database, running, date(2026, 1, 20), agenda=False)
    march = plan(database, running, date(2026, 3, 20), agenda=False)
    next_year = plan(database, running, date(2027, 1, 20), agenda=False)
    with database.transaction("Items") as session:
        for meeting_id, count in ((january, 3), (march, 2), (next_year, 2)):
            for number in range(count):
                add_item(session, meeting_id, ItemData(f"Asia {number}"))
    assert _sections(database, january) == ["§ 1", "§ 2", "§ 3"]
    assert _sections(database, march) == ["§ 4", "§ 5"]
    assert _sections(database, next_year) == ["§ 1", "§ 2"]  # a new year starts again from 1
    # An item added to January moves March's numbers; a removed one moves them back.
    with database.transaction("One more") as session:
        extra = add_item(session, january, ItemData("Lisäasia"))
    assert _sections(database, march) == ["§ 5", "§ 6"]
    with database.transaction("Remove") as session:
        remove_item(session, extra)
    assert _sections(database, march) == ["§ 4", "§ 5"]


def test_signed_minutes_keep_their_numbers_and_an_earlier_meeting_may_not_run_into_them(database: Database) -> None:
    running = make_board(database, settings=MeetingSettingsData(numbering=SectionNumbering.RUNNING_YEAR))
    january = plan(database, running, date(2026, 1, 20), agenda=False)
    march = plan(database, running, date(2026, 3, 20), agenda=False)
    with database.transaction("Items") as session:
        for meeting_id in (january, march):
            for number in range(2):
                add_item(session, meeting_id, ItemData(f"Asia {number}"))
        people = attendees(session, march)
    with database.transaction("Sign March") as session:
        set_officers(session, march, chair=people[0].id, secretary=people[2].id, checkers=[people[3].id])
        send_to_checkers(session, march, date(2026, 3, 21))
        mark_signed(session, march, date(2026, 3, 25), "Vaasa")
        approve_minutes(session, march, date(2026, 3, 25))
    assert _sections(database, march) == ["3 §", "4 §"]
    with pytest.raises(ValidationError) as refused, database.transaction("Grow January") as session:
        add_item(session, january, ItemData("Myöhästynyt asia"))
    assert "PH 2/2026" in str(refused.value) and "PH 1/2026" in str(refused.value)
    assert _sections(database, january) == ["1 §", "2 §"]  # nothing changed
    # A meeting after the signed minutes goes on from their last §.
    may = plan(database, running, date(2026, 5, 20), agenda=False)
    with database.transaction("Items") as session:
        add_item(session, may, ItemData("Asia"))
    assert _sections(database, may) == ["5 §"]


def test_numbers_are_unique_per_body_and_year_and_moving_a_meeting_renumbers(database: Database) -> None:
    board = make_board(database)
    first = plan(database, board, date(2026, 2, 10), agenda=False)
    second = plan(database, board, date(2026, 3, 10), agenda=False)
    with database.transaction("Clash") as session, pytest.raises(ValidationError) as refused:
        update_meeting(session, second, MeetingData(board.body_id, date(2026, 3, 10), number=1))
    assert refused.value.field == "number"
    with database.transaction("Next year") as session:
        update_meeting(session, first, MeetingData(board.body_id, date(2027, 1, 15)))
    with database.reading() as session:
        codes = {meeting.code for meeting in list_meetings(session, body_id=board.body_id)}
    assert codes == {"PH 1/2027", "PH 2/2026"}


def test_a_meeting_is_found_by_its_short_name_in_any_spelling(database: Database) -> None:
    board = make_board(database)
    meeting_id = plan(database, board, date(2026, 2, 10), agenda=False)
    with database.reading() as session:
        assert find_meeting(session, "PH 1/2026") == meeting_id
        assert find_meeting(session, "ph1/2026") == meeting_id
        assert find_meeting(session, meeting_id.hex[-8:]) == meeting_id
        for wrong in ("PH 2/2026", "XX 1/2026", "hallitus", ""):
            with pytest.raises(NoSuchMeetingError):
                find_meeting(session, wrong)


def test_settings_are_checked_and_short_names_are_unique(database: Database) -> None:
    board = make_board(database)
    other = make_board(database, name="Työvaliokunta", kind=BodyKind.EXECUTIVE_COMMITTEE)
    with database.reading() as session:
        assert body_codes(session)[other.body_id] == "TVK"
        defaults = body_settings(session, board.body_id)
    assert (defaults.code, defaults.language, defaults.section_style, defaults.target_meetings) == (
        "PH",
        "fi",
        SectionStyle.NUMBER_FIRST,
        8,
    )
    with database.transaction("Settings") as session:
        for wrong, field in (
            (MeetingSettingsData(abbreviation="TVK"), "abbreviation"),
            (MeetingSettingsData(abbreviation="1A"), "abbreviation"),
            (MeetingSettingsData(quorum_rule=QuorumRule.FIXED), "quorum_count"),
            (MeetingSettingsData(notice_days=-1), "notice_days"),
        ):
            with pytest.raises(ValidationError) as refused:
                save_body_settings(session, board.body_id, wrong)
            assert refused.value.field == field
        save_body_settings(session, board.body_id, MeetingSettingsData(abbreviation="ds", language=Language.SV))
    with database.reading() as session:
        stored = body_settings(session, board.body_id)
    assert (stored.code, stored.section_style) == ("DS", SectionStyle.SYMBOL_FIRST)


def test_targets_count_meetings_held_and_planned_in_the_period(database: Database, board_for_targets: Board) -> None:
    with database.reading() as session:
        (figures,) = meeting_targets(session, date(2026, 6, 15))
    assert (figures.code, figures.target, figures.held, figures.planned) == ("PH", 8, 3, 2)
    assert (figures.period_start, figures.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert figures.short_of_target == 3


@pytest.fixture
def board_for_targets(database: Database) -> Board:
    board = make_board(database)
    for held_on in (date(2025, 11, 1), date(2026, 1, 10), date(2026, 3, 10), date(2026, 6, 15), date(2026, 9, 1)):
        plan(database, board, held_on, agenda=False)
    plan(database, board, date(2026, 11, 1), agenda=False)
    return board


def test_changing_the_bodys_numbering_renumbers_its_open_meetings(database: Database) -> None:
    board = make_board(database)
    january = plan(database, board, date(2026, 1, 20), agenda=False)
    march = plan(database, board, date(2026, 3, 20), agenda=False)
    with database.transaction("Items") as session:
        for meeting_id in (january, march):
            add_item(session, meeting_id, ItemData("Asia"))
    assert _sections(database, march) == ["1 §"]
    with database.transaction("Running") as session:
        save_body_settings(session, board.body_id, MeetingSettingsData(numbering=SectionNumbering.RUNNING_YEAR))
    assert _sections(database, march) == ["2 §"]
