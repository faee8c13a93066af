"""Attendance and quorum by §, the meeting's officers and the warnings about them, the notice rule."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from db.core.database import Database
from db.core.errors import ValidationError
from db.core.i18n import format_day
from db.meetings.agenda import add_item, update_item
from db.meetings.attendance import (
    add_attendee,
    attendees,
    quorum_at,
    remove_attendee,
    set_attendance,
    set_officers,
)
from db.meetings.checks import WarningCode, notice_warning
from db.meetings.detail import meeting_detail
from db.meetings.models import AttendanceStatus, AttendeeRole, QuorumRule
from db.meetings.records import AttendeeData, AttendeeRecord, ItemData
from tests.db.meetings_helpers import make_board, plan

DAY = date(2026, 3, 10)


def _by_name(database: Database, meeting_id: uuid.UUID) -> dict[str, uuid.UUID]:
    with database.reading() as session:
        return {person.name: person.id for person in attendees(session, meeting_id)}


def test_quorum_follows_arrivals_departures_deputies_and_conflicts_of_interest(database: Database) -> None:
    board = make_board(database)  # 8 seats: more than half is 5
    meeting_id = plan(database, board, DAY, agenda=False)
    people = _by_name(database, meeting_id)
    with database.transaction("Attendance") as session:
        item_ids = [add_item(session, meeting_id, ItemData(f"Asia {number}")) for number in range(1, 11)]
        set_attendance(session, people["Łukasz Świątek"], AttendanceStatus.EXCUSED)
        set_attendance(session, people["Þóra Sigurðardóttir"], AttendanceStatus.ABSENT)
        set_attendance(session, people["Märta Källström"], AttendanceStatus.EXCUSED)
        set_attendance(session, people["Eero Aalto"], AttendanceStatus.PRESENT, to_section=4)  # left after 4 §
        set_attendance(session, people["Pär Lindqvist"], AttendanceStatus.PRESENT, from_section=3)  # came at 3 §
        set_attendance(session, people["Øyvind Kjærgaard"], AttendanceStatus.PRESENT, from_section=6)  # a deputy
        # Lindqvist steps out for 8 § (a conflict of interest): he does not count there.
        update_item(session, item_ids[7], ItemData("Asia 8", recused=(people["Pär Lindqvist"],)))
    with database.reading() as session:
        detail = meeting_detail(session, meeting_id, DAY)
    voters = {item.section: (item.quorum.voters, item.quorum.quorate) for item in detail.items}
    assert voters[1] == (4, False)  # chair, secretary, Nguyễn, Aalto; the adjunct member has no vote
    assert voters[3] == (5, True)  # Lindqvist arrived
    assert voters[5] == (4, False)  # Aalto left
    assert voters[6] == (5, True)  # the deputy stands in for an absent member
    assert voters[8] == (4, False)  # Lindqvist stepped out
    assert voters[10] == (5, True)
    assert all(item.quorum.seats == 8 and item.quorum.needed == 5 for item in detail.items)
    (warning,) = [warning for warning in detail.warnings if warning.code == WarningCode.NO_QUORUM]
    assert "1 §, 2 §, 5 §, 8 §" in warning.message


def _person(role: AttendeeRole, present: bool = True, from_section: int | None = None) -> AttendeeRecord:
    status = AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT
    return AttendeeRecord(uuid.uuid4(), 0, None, "x", role, status, from_section, None, False, False, False, None)


def test_each_quorum_rule() -> None:
    six_members = [_person(AttendeeRole.MEMBER, present=number < 3) for number in range(6)]
    chair_absent = [_person(AttendeeRole.CHAIR, present=False), *six_members]  # 7 seats, 3 present
    assert quorum_at(chair_absent, 1, QuorumRule.MORE_THAN_HALF, None).quorate is False  # 3 of 7 (4 needed)
    assert quorum_at(six_members, 1, QuorumRule.AT_LEAST_HALF, None).quorate is True  # 3 of 6
    assert quorum_at(six_members, 1, QuorumRule.MORE_THAN_HALF, None).quorate is False
    assert quorum_at(chair_absent, 1, QuorumRule.FIXED, 3).quorate is True
    assert quorum_at(chair_absent, 1, QuorumRule.FIXED, 4).quorate is False
    # The chair or vice chair and at least half of the others: with the chair away, nobody can decide.
    with_vice = [_person(AttendeeRole.VICE_CHAIR), *chair_absent]  # 8 seats, vice chair + 3 present
    result = quorum_at(with_vice, 1, QuorumRule.CHAIR_AND_HALF, None)
    assert (result.needed, result.voters, result.quorate) == (5, 4, False)
    assert quorum_at(chair_absent, 1, QuorumRule.CHAIR_AND_HALF, None).quorate is False
    # A members' meeting decides with whoever came.
    assert quorum_at(chair_absent, 1, QuorumRule.MORE_THAN_HALF, None, members_meeting=True).quorate is True
    # Deputies stand in only for seats left empty.
    full = [_person(AttendeeRole.MEMBER) for _ in range(3)] + [_person(AttendeeRole.DEPUTY) for _ in range(2)]
    assert quorum_at(full, 1, QuorumRule.MORE_THAN_HALF, None).voters == 3


def test_checker_who_chairs_or_keeps_the_minutes_is_warned_and_more_than_two_are_refused(database: Database) -> None:
    board = make_board(database)
    meeting_id = plan(database, board, DAY, agenda=False, notice_sent_on=date(2026, 3, 1))
    people = _by_name(database, meeting_id)
    chair, secretary = people["Åsa Öhman"], people["Ayşe Yılmaz"]
    with database.transaction("Officers") as session:
        set_officers(session, meeting_id, chair=chair, secretary=secretary, checkers=[chair, secretary])
    with database.reading() as session:
        codes = [warning.code for warning in meeting_detail(session, meeting_id, DAY).warnings]
    assert codes == [WarningCode.CHECKER_IS_CHAIR, WarningCode.CHECKER_IS_SECRETARY]
    with database.transaction("Officers") as session:
        set_officers(
            session, meeting_id, chair=chair, secretary=secretary, checkers=[people["Eero Aalto"], people["Thị Nguyễn"]]
        )
        with pytest.raises(ValidationError) as too_many:
            set_officers(
                session,
                meeting_id,
                chair=chair,
                secretary=secretary,
                checkers=[people["Eero Aalto"], people["Thị Nguyễn"], people["Pär Lindqvist"]],
            )
        assert too_many.value.field == "checkers"
        set_attendance(session, people["Pär Lindqvist"], AttendanceStatus.ABSENT)
        with pytest.raises(ValidationError) as absent:
            set_officers(session, meeting_id, chair=chair, secretary=secretary, checkers=[people["Pär Lindqvist"]])
        assert absent.value.field == "checkers"
    with database.reading() as session:
        detail = meeting_detail(session, meeting_id, DAY)
    assert detail.warnings == ()
    assert [person.name for person in detail.checkers] == ["Eero Aalto", "Thị Nguyễn"]  # in list order


def test_a_held_meeting_without_checkers_is_warned_but_a_planned_one_is_not(database: Database) -> None:
    board = make_board(database)
    meeting_id = plan(database, board, DAY, agenda=False, notice_sent_on=date(2026, 3, 1))
    with database.reading() as session:
        before = [warning.code for warning in meeting_detail(session, meeting_id, date(2026, 3, 9)).warnings]
        after = [warning.code for warning in meeting_detail(session, meeting_id, DAY).warnings]
    assert before == [] and after == [WarningCode.NO_CHECKER]


def test_notice_against_the_bodys_rule() -> None:
    # The rule: 7 days before the meeting of 10 March, so by 3 March.
    assert notice_warning(DAY, date(2026, 3, 3), 7, DAY) is None
    late = notice_warning(DAY, date(2026, 3, 5), 7, DAY)
    assert late is not None and late.code == WarningCode.NOTICE_LATE
    assert format_day(date(2026, 3, 5)) in late.message and format_day(date(2026, 3, 3)) in late.message
    due = notice_warning(DAY, None, 7, date(2026, 3, 5))
    assert due is not None and due.code == WarningCode.NOTICE_DUE
    missing = notice_warning(DAY, None, 7, date(2026, 3, 11))
    assert missing is not None and missing.code == WarningCode.NOTICE_MISSING
    assert notice_warning(DAY, None, 7, date(2026, 2, 20)) is None


def test_people_outside_the_register_and_refused_attendance(database: Database) -> None:
    board = make_board(database)
    meeting_id = plan(database, board, DAY, agenda=False)
    with database.transaction("Attendance") as session:
        staff = add_attendee(session, meeting_id, AttendeeData(name="Anna Ombud", role=AttendeeRole.STAFF))
        set_officers(session, meeting_id, chair=_by_name(database, meeting_id)["Åsa Öhman"], secretary=staff)
        for wrong, field in (
            (AttendeeData(), "name"),
            (AttendeeData(member_id=board.people["Åsa Öhman"]), "member"),
            (AttendeeData(name="X", from_section=5, to_section=3), "to_section"),
            (AttendeeData(name="X", status=AttendanceStatus.ABSENT, from_section=2), "status"),
        ):
            with pytest.raises(ValidationError) as refused:
                add_attendee(session, meeting_id, wrong)
            assert refused.value.field == field
    with database.reading() as session:
        people = attendees(session, meeting_id)
    assert people[-1].name == "Anna Ombud" and people[-1].keeps_minutes
    assert sum(1 for person in people if person.keeps_minutes) == 1  # the board's secretary no longer keeps them


def test_a_person_taken_off_the_list_leaves_no_trace_on_the_items(database: Database) -> None:
    board = make_board(database)
    meeting_id = plan(database, board, DAY, agenda=False)
    people = _by_name(database, meeting_id)
    with database.transaction("Items") as session:
        item_id = add_item(session, meeting_id, ItemData("Avustus", recused=(people["Pär Lindqvist"],)))
        remove_attendee(session, people["Pär Lindqvist"])
    with database.reading() as session:
        (item,) = meeting_detail(session, meeting_id, DAY).items
    assert item.id == item_id and item.recused == ()
