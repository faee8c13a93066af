"""The district's work with its branches: surveys, mentors, contacts, chairs' meetings, yearly duties."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.branches.chairs_meetings import (
    AttendanceData,
    ChairsMeetingData,
    branch_attendance,
    chairs_meetings,
    create_chairs_meeting,
    delete_chairs_meeting,
    meeting_attendance,
    record_attendance,
    repeatedly_absent_branches,
)
from db.branches.common import BranchNotFoundError
from db.branches.contact_log import ContactLogData, add_contact, contact_log, delete_contact, update_contact
from db.branches.mentoring import confirm_mentor_pair, end_mentor_pair
from db.branches.models import BranchLanguage, BranchStatus
from db.branches.operations import BranchData, delete_branch, list_branches, update_branch
from db.branches.survey import delete_survey_grade, record_survey_grade, survey_grades, update_survey_grade
from db.branches.work_models import (
    ContactLogEntry,
    ContactLogKind,
    RecruitmentAction,
    RecruitmentStatus,
    SurveyGrade,
)
from db.branches.yearly import (
    RecruitmentActionData,
    officer_notification,
    officer_notifications,
    record_officer_notification,
    recruitment_actions,
    set_recruitment_actions,
    set_recruitment_status,
)
from db.core.changelog import ChangeRecord
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.undo import redo_last, undo_last
from tests.db.branch_helpers import backdate_branches, new_branch

SURVEYED = date(2026, 3, 1)


# --- survey grades ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade", [0, 11, -3, True])
def test_grade_outside_1_to_10_is_refused_and_nothing_is_stored(database: Database, make_branch, grade) -> None:
    branch_id = make_branch()
    with pytest.raises(ValidationError) as error, database.transaction("Grade") as session:
        record_survey_grade(session, branch_id, 2026, grade, SURVEYED)
    assert error.value.field == "grade"
    assert "1 to 10" in str(error.value)
    with database.reading() as session:
        assert survey_grades(session, branch_id) == []


def test_grade_range_is_also_a_database_constraint(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with pytest.raises(IntegrityError, match="grade_range"), database.transaction("Grade") as session:
        session.add(SurveyGrade(branch_id=branch_id, year=2026, grade=11, surveyed_on=SURVEYED))
        session.flush()


def test_grade_of_a_missing_branch_or_impossible_year_is_refused(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with pytest.raises(BranchNotFoundError), database.transaction("Grade") as session:
        record_survey_grade(session, uuid.uuid4(), 2026, 7, SURVEYED)
    with pytest.raises(ValidationError) as error, database.transaction("Grade") as session:
        record_survey_grade(session, branch_id, 20266, 7, SURVEYED)
    assert error.value.field == "year"


def test_recording_a_year_again_updates_its_grade(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Grade") as session:
        first = record_survey_grade(session, branch_id, 2025, 6, date(2025, 2, 1), "  needs a secretary ")
        record_survey_grade(session, branch_id, 2026, 5, SURVEYED)
    with database.transaction("Grade again") as session:
        again = record_survey_grade(session, branch_id, 2025, 8, date(2025, 4, 1), "new board")
    assert again == first
    with database.reading() as session:
        grades = survey_grades(session, branch_id)
    assert [(g.year, g.grade, g.surveyed_on, g.notes) for g in grades] == [
        (2026, 5, SURVEYED, None),
        (2025, 8, date(2025, 4, 1), "new board"),
    ]


def test_a_deleted_grade_comes_back_when_the_year_is_recorded_again(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Grade") as session:
        grade_id = record_survey_grade(session, branch_id, 2026, 6, SURVEYED)
    with database.transaction("Delete grade") as session:
        delete_survey_grade(session, grade_id)
    with database.reading() as session:
        assert survey_grades(session, branch_id) == []
    with database.transaction("Grade") as session:
        assert record_survey_grade(session, branch_id, 2026, 9, SURVEYED) == grade_id
    with database.transaction("Correct grade") as session:
        update_survey_grade(session, grade_id, 7, SURVEYED, "corrected")
    with database.reading() as session:
        assert [(g.grade, g.notes) for g in survey_grades(session, branch_id)] == [(7, "corrected")]


# --- contact log -----------------------------------------------------------------------------------------------


def test_contact_log_is_newest_first_and_deletes_softly(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Log contact") as session:
        visit = add_contact(session, branch_id, ContactLogData(date(2026, 1, 10), ContactLogKind.VISIT, "OB, Matti"))
        call = add_contact(
            session,
            branch_id,
            ContactLogData(date(2026, 3, 5), ContactLogKind.PHONE_CALL, "OB", "support call", date(2026, 5, 5)),
        )
        mail = add_contact(session, branch_id, ContactLogData(date(2026, 2, 1), ContactLogKind.EMAIL))
    with database.transaction("Edit contact") as session:
        update_contact(
            session, mail, ContactLogData(date(2026, 2, 2), ContactLogKind.ONLINE_MEETING, " DS  chair ", "budget")
        )
    with database.reading() as session:
        log = contact_log(session, branch_id)
    assert [entry.id for entry in log] == [call, mail, visit]
    assert (log[1].kind, log[1].who, log[1].notes, log[1].contacted_on) == (
        ContactLogKind.ONLINE_MEETING,
        "DS chair",
        "budget",
        date(2026, 2, 2),
    )
    assert log[0].follow_up_on == date(2026, 5, 5)
    with database.transaction("Delete contact") as session:
        delete_contact(session, visit)
    with database.reading() as session:
        assert [entry.id for entry in contact_log(session, branch_id)] == [call, mail]
        row = session.get(ContactLogEntry, visit)
        assert row is not None and row.deleted_at is not None  # kept as a tombstone


def test_follow_up_before_the_contact_is_refused(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with pytest.raises(ValidationError) as error, database.transaction("Log contact") as session:
        add_contact(
            session, branch_id, ContactLogData(date(2026, 3, 5), ContactLogKind.EVENT, None, None, date(2026, 3, 1))
        )
    assert error.value.field == "follow_up_on"


# --- chairs' meetings ------------------------------------------------------------------------------------------

M1, M2, M3 = date(2026, 1, 15), date(2026, 3, 15), date(2026, 5, 15)
TODAY = date(2026, 6, 1)


def _meetings(database: Database, *days: date) -> list[uuid.UUID]:
    with database.transaction("Add meetings") as session:
        return [create_chairs_meeting(session, ChairsMeetingData(day, "Vaasa")) for day in days]


def _attend(database: Database, meeting_id: uuid.UUID, *entries: AttendanceData) -> None:
    with database.transaction("Attendance") as session:
        record_attendance(session, meeting_id, list(entries))


def test_absent_from_two_of_the_last_three_meetings_is_flagged(database: Database) -> None:
    always = new_branch(database, "Always there")
    twice_away = new_branch(database, "Twice away")
    once_away = new_branch(database, "Once away")
    dormant = new_branch(database, "Sleeping", status=BranchStatus.DORMANT)
    backdate_branches(database, date(2020, 1, 1))
    old, m1, m2, m3, later = _meetings(database, date(2025, 11, 1), M1, M2, M3, date(2026, 7, 1))
    for meeting in (m1, m2, m3):
        _attend(database, meeting, AttendanceData(always, True))
    # Twice away: an explicit "not there" at M1 and no row at M3; at the older meeting it was there.
    _attend(database, old, AttendanceData(twice_away, True), AttendanceData(once_away, False))
    _attend(database, m1, AttendanceData(twice_away, False), AttendanceData(once_away, True))
    _attend(database, m2, AttendanceData(twice_away, True, "vice chair"), AttendanceData(once_away, False))
    _attend(database, m3, AttendanceData(once_away, True))
    # A meeting after today does not count yet: everyone is away from it.
    _attend(database, later, AttendanceData(always, False))
    with database.reading() as session:
        assert repeatedly_absent_branches(session, TODAY) == {twice_away}
        # Seen from before M3, the last three are old, M1, M2: once_away missed two of them.
        assert repeatedly_absent_branches(session, date(2026, 4, 1)) == {once_away}
    assert dormant  # dormant branches are never flagged, though absent from everything


def test_a_branch_entered_after_a_meeting_is_not_counted_absent_from_it(database: Database) -> None:
    newcomer = new_branch(database, "Newcomer")
    witnessed = new_branch(database, "Late but seen")
    m1, m2, m3 = _meetings(database, M1, M2, M3)
    backdate_branches(database, date(2026, 4, 1))  # both entered between M2 and M3
    # An attendance row shows the branch existed: its recorded absences count whatever the entry date.
    _attend(database, m1, AttendanceData(witnessed, False))
    _attend(database, m2, AttendanceData(witnessed, False))
    with database.reading() as session:
        assert repeatedly_absent_branches(session, TODAY) == {witnessed}
        attendance = branch_attendance(session, newcomer, TODAY)
    assert [(a.held_on, a.present, a.counted) for a in attendance] == [
        (M3, False, True),
        (M2, False, False),
        (M1, False, False),
    ]
    assert m3


def test_deleted_meeting_no_longer_counts(database: Database) -> None:
    branch_id = new_branch(database, "Away")
    backdate_branches(database, date(2020, 1, 1))
    m1, m2 = _meetings(database, M1, M2)
    with database.reading() as session:
        assert repeatedly_absent_branches(session, TODAY) == {branch_id}
    with database.transaction("Delete meeting") as session:
        delete_chairs_meeting(session, m2)
    with database.reading() as session:
        assert repeatedly_absent_branches(session, TODAY) == set()
        assert [meeting.id for meeting in chairs_meetings(session)] == [m1]


def test_attendance_is_recorded_for_many_branches_and_updated(database: Database) -> None:
    first = new_branch(database, "Alpha")
    second = new_branch(database, "Beta")
    third = new_branch(database, "Gamma")
    (meeting,) = _meetings(database, M1)
    _attend(database, meeting, AttendanceData(first, True), AttendanceData(second, False))
    _attend(database, meeting, AttendanceData(second, True, "  Liisa  Laine "))
    with database.reading() as session:
        listed = meeting_attendance(session, meeting)
        (summary,) = chairs_meetings(session)
    assert [(a.branch_name, a.present, a.represented_by, a.recorded) for a in listed] == [
        ("Alpha", True, None, True),
        ("Beta", True, "Liisa Laine", True),
        ("Gamma", False, None, False),
    ]
    assert summary.present_count == 2 and summary.place == "Vaasa"
    assert third


def test_attendance_refuses_duplicates_and_stand_ins_for_the_absent(database: Database) -> None:
    branch_id = new_branch(database, "Alpha")
    (meeting,) = _meetings(database, M1)
    with pytest.raises(ValidationError) as twice, database.transaction("Attendance") as session:
        record_attendance(session, meeting, [AttendanceData(branch_id, True), AttendanceData(branch_id, False)])
    assert twice.value.field == "branch"
    with pytest.raises(ValidationError) as stand_in, database.transaction("Attendance") as session:
        record_attendance(session, meeting, [AttendanceData(branch_id, False, "Someone")])
    assert stand_in.value.field == "represented_by"
    with database.reading() as session:
        assert not any(a.recorded for a in meeting_attendance(session, meeting))


# --- officer notification and recruitment ---------------------------------------------------------------------


def test_officer_notification_is_one_per_branch_and_year(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Officer notification") as session:
        first = record_officer_notification(session, branch_id, 2026, date(2026, 1, 20), False)
        record_officer_notification(session, branch_id, 2025, date(2025, 1, 15), True, "late")
    with database.transaction("Officer notification") as session:
        again = record_officer_notification(session, branch_id, 2026, date(2026, 2, 3), True, "onboarding done")
    assert again == first
    with database.reading() as session:
        current = officer_notification(session, branch_id, 2026)
        assert officer_notification(session, branch_id, 2024) is None
        years = [n.year for n in officer_notifications(session, branch_id)]
    assert current is not None
    assert (current.submitted_on, current.new_officers_onboarded, current.notes) == (
        date(2026, 2, 3),
        True,
        "onboarding done",
    )
    assert years == [2026, 2025]


def test_recruitment_actions_statuses_and_resetting(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Recruitment") as session:
        ids = set_recruitment_actions(
            session,
            branch_id,
            2026,
            [
                RecruitmentActionData("Market stall 1 May", date(2026, 5, 1)),
                RecruitmentActionData("Member evening"),
                RecruitmentActionData("Door to door", date(2026, 9, 1)),
            ],
        )
    with database.transaction("Done") as session:
        set_recruitment_status(session, ids[0], RecruitmentStatus.DONE)
        set_recruitment_status(session, ids[2], RecruitmentStatus.CANCELLED)
    with database.reading() as session:
        actions = recruitment_actions(session, branch_id, 2026)
    assert [(a.number, a.title, a.status) for a in actions] == [
        (1, "Market stall 1 May", RecruitmentStatus.DONE),
        (2, "Member evening", RecruitmentStatus.PLANNED),
        (3, "Door to door", RecruitmentStatus.CANCELLED),
    ]
    # Set again with two actions: the rows of 1 and 2 are kept, the third is deleted.
    with database.transaction("Recruitment") as session:
        again = set_recruitment_actions(
            session,
            branch_id,
            2026,
            [
                RecruitmentActionData("Market stall 1 May", date(2026, 5, 1), RecruitmentStatus.DONE),
                RecruitmentActionData("New-member evening"),
            ],
        )
    assert again == ids[:2]
    with database.reading() as session:
        assert [(a.number, a.title) for a in recruitment_actions(session, branch_id)] == [
            (1, "Market stall 1 May"),
            (2, "New-member evening"),
        ]


def test_recruitment_challenge_limits(database: Database, make_branch) -> None:
    branch_id = make_branch()
    four = [RecruitmentActionData(f"Action {n}") for n in range(4)]
    with pytest.raises(ValidationError) as too_many, database.transaction("Recruitment") as session:
        set_recruitment_actions(session, branch_id, 2026, four)
    assert too_many.value.field == "actions"
    with pytest.raises(ValidationError) as untitled, database.transaction("Recruitment") as session:
        set_recruitment_actions(session, branch_id, 2026, [RecruitmentActionData("Fine"), RecruitmentActionData("  ")])
    assert untitled.value.field == "title" and "2" in str(untitled.value)
    with pytest.raises(IntegrityError, match="number_range"), database.transaction("Recruitment") as session:
        session.add(RecruitmentAction(branch_id=branch_id, year=2026, number=4, title="Fourth"))
        session.flush()


def test_work_with_a_deleted_branch_is_refused(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Delete branch") as session:
        delete_branch(session, branch_id)
    with pytest.raises(BranchNotFoundError), database.transaction("Log contact") as session:
        add_contact(session, branch_id, ContactLogData(date(2026, 1, 1), ContactLogKind.VISIT))
    with pytest.raises(BranchNotFoundError), database.transaction("Officer notification") as session:
        record_officer_notification(session, branch_id, 2026, date(2026, 1, 1), True)


# --- the change log --------------------------------------------------------------------------------------------


def test_every_write_of_the_new_tables_is_in_the_change_log(database: Database) -> None:
    mentor = new_branch(database, "Mentor", language=BranchLanguage.SV)
    mentee = new_branch(database, "Mentee")
    with database.transaction("Everything") as session:
        grade = record_survey_grade(session, mentee, 2026, 6, SURVEYED)
        pair = confirm_mentor_pair(session, mentor, mentee, date(2026, 4, 1))
        contact = add_contact(session, mentee, ContactLogData(date(2026, 4, 2), ContactLogKind.VISIT))
        meeting = create_chairs_meeting(session, ChairsMeetingData(M1))
        record_attendance(session, meeting, [AttendanceData(mentee, True)])
        notification = record_officer_notification(session, mentee, 2026, date(2026, 1, 1), True)
        (action,) = set_recruitment_actions(session, mentee, 2026, [RecruitmentActionData("Stall")])
    with database.transaction("Changes") as session:
        update_survey_grade(session, grade, 7, SURVEYED)
        end_mentor_pair(session, pair, date(2026, 12, 31))
        delete_contact(session, contact)
        set_recruitment_status(session, action, RecruitmentStatus.DONE)
    with database.reading() as session:
        records = list(session.execute(select(ChangeRecord).order_by(ChangeRecord.seq)).scalars())
    inserted = {r.entity for r in records if r.field is None}
    assert {
        "survey_grade",
        "mentor_pair",
        "contact_log_entry",
        "chairs_meeting",
        "chairs_meeting_attendance",
        "officer_notification",
        "recruitment_action",
    } <= inserted
    changed = {(r.entity, r.row_id, r.field, r.new_value) for r in records if r.field is not None}
    assert ("survey_grade", str(grade), "grade", "7") in changed
    assert ("mentor_pair", str(pair), "ended_on", '"2026-12-31"') in changed
    assert ("recruitment_action", str(action), "status", '"done"') in changed
    assert any(e == "contact_log_entry" and f == "deleted_at" and r == str(contact) for e, r, f, _ in changed)
    # The branch's language travels with the inserted row.
    branch_rows = [json.loads(r.new_value or "{}") for r in records if r.entity == "branch" and r.field is None]
    assert {row["name"]: row["language"] for row in branch_rows} == {"Mentor": "sv", "Mentee": "fi"}
    assert notification


def test_branch_language_is_kept_by_an_edit_that_does_not_name_it(database: Database) -> None:
    branch_id = new_branch(database, "Vasa svenska förening", "Vasa", BranchLanguage.SV)
    with database.transaction("Edit branch") as session:
        update_branch(session, branch_id, BranchData("Vasa svenska förening r.f.", "Vasa"))
    with database.reading() as session:
        (summary,) = list_branches(session, TODAY)
    assert (summary.name, summary.language) == ("Vasa svenska förening r.f.", BranchLanguage.SV)
    with database.transaction("Edit branch") as session:
        update_branch(session, branch_id, BranchData("Vasa svenska förening r.f.", "Vasa", language=BranchLanguage.FI))
    with database.reading() as session:
        assert list_branches(session, TODAY)[0].language == BranchLanguage.FI


def test_undo_and_redo_of_yearly_records(database: Database, make_branch) -> None:
    branch_id = make_branch()
    with database.transaction("Grade") as session:
        grade_id = record_survey_grade(session, branch_id, 2026, 6, SURVEYED)
    with database.transaction("Grade again") as session:
        record_survey_grade(session, branch_id, 2026, 9, SURVEYED)
    with database.transaction("Undo") as session:
        assert undo_last(session).label == "Grade again"
    with database.reading() as session:
        assert [g.grade for g in survey_grades(session, branch_id)] == [6]
    with database.transaction("Undo") as session:
        undo_last(session)
    with database.reading() as session:
        assert survey_grades(session, branch_id) == []
    with database.transaction("Redo") as session:
        redo_last(session)
    with database.reading() as session:
        assert [(g.id, g.grade) for g in survey_grades(session, branch_id)] == [(grade_id, 6)]
