"""The Branches table, the attention flags, one branch's detail, and migration 0003 on a file with data."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import IntegrityError

from db.branches.chairs_meetings import AttendanceData, ChairsMeetingData, create_chairs_meeting, record_attendance
from db.branches.common import BranchNotFoundError
from db.branches.contact_log import ContactLogData, add_contact
from db.branches.detail import branch_detail
from db.branches.mentoring import confirm_mentor_pair
from db.branches.models import BodyKind, BranchLanguage, BranchStatus, PositionRole
from db.branches.operations import BodyData, PositionData, add_position, create_body, delete_branch, find_branch
from db.branches.overview import BranchOverviewRow, branch_overview, missing_responsible_roles
from db.branches.survey import record_survey_grade
from db.branches.work_models import ContactLogKind, RecruitmentStatus
from db.branches.yearly import RecruitmentActionData, record_officer_notification, set_recruitment_actions
from db.core import migrate
from db.core.database import Database
from db.core.keys import DataKey
from db.members.models import EndReason, MembershipKind
from db.members.records import MembershipData
from tests.db.branch_helpers import add_person, backdate_branches, new_branch

TODAY = date(2026, 6, 1)
LONG_AGO = date(2019, 1, 1)


def _body(database: Database, branch_id: uuid.UUID | None, kind: BodyKind = BodyKind.BRANCH_BOARD) -> uuid.UUID:
    with database.transaction("Add body") as session:
        return create_body(session, BodyData("Board" if branch_id else "District board", kind, branch_id))


def _position(
    database: Database,
    member_id: object,
    body_id: uuid.UUID,
    role: PositionRole,
    starts_on: date = date(2025, 1, 1),
    ends_on: date | None = None,
) -> uuid.UUID:
    with database.transaction("Add position") as session:
        return add_position(session, PositionData(member_id, body_id, role, starts_on, ends_on))  # type: ignore[arg-type]


def test_missing_responsible_roles(database: Database, make_member) -> None:
    holder = make_member("Outi", "Osasto")
    with database.reading() as session:
        branch_id = find_branch(session, "Vaasan osasto")
    assert branch_id is not None
    board = _body(database, branch_id)
    group = _body(database, branch_id, BodyKind.WORKING_GROUP)
    district_board = _body(database, None, BodyKind.DISTRICT_BOARD)
    _position(database, holder, board, PositionRole.EVENTS_OFFICER)
    _position(database, holder, board, PositionRole.RECRUITMENT_OFFICER, date(2024, 1, 1), date(2025, 12, 31))
    _position(database, holder, board, PositionRole.COMMUNICATIONS_OFFICER, date(2026, 7, 1))  # not yet
    _position(database, holder, group, PositionRole.VOLUNTEER_COORDINATOR)  # any body of the branch counts
    _position(database, holder, district_board, PositionRole.RECRUITMENT_OFFICER)  # the district's, not the branch's
    with database.reading() as session:
        assert missing_responsible_roles(session, branch_id, TODAY) == [
            PositionRole.RECRUITMENT_OFFICER,
            PositionRole.COMMUNICATIONS_OFFICER,
        ]
        assert missing_responsible_roles(session, branch_id, date(2026, 7, 1)) == [PositionRole.RECRUITMENT_OFFICER]
        with pytest.raises(BranchNotFoundError):
            missing_responsible_roles(session, uuid.uuid4(), TODAY)


def _district(database: Database) -> dict[str, uuid.UUID]:
    """A small district: a Finnish and a Swedish branch with members, and a dormant one."""
    vaasa = new_branch(database, "Vaasan osasto", "Vaasa")
    vasa = new_branch(database, "Vasa svenska förening", "Vasa", BranchLanguage.SV)
    dormant = new_branch(database, "Uinuva osasto", "Laihia", status=BranchStatus.DORMANT)
    backdate_branches(database, LONG_AGO)

    def member(branch: uuid.UUID, joined: date | None, **more: object) -> MembershipData:
        return MembershipData(branch_id=branch, joined_on=joined, **more)  # type: ignore[arg-type]

    people = {
        "anna": add_person(database, "Anna", "Aalto", member(vaasa, date(2020, 1, 1))),
        "bertil": add_person(
            database, "Bertil", "Berg", member(vaasa, date(2020, 1, 1), kind=MembershipKind.SUPPORTER)
        ),
        "cecilia": add_person(database, "Cecilia", "Cederberg", member(vaasa, date(2026, 1, 10))),  # new
        "david": add_person(
            database,
            "David",
            "Dahl",
            member(vaasa, date(2015, 1, 1), ended_on=date(2025, 6, 30), end_reason=EndReason.RESIGNED),
        ),
        "eino": add_person(database, "Eino", "Eskola", member(vaasa, None)),  # applicant
        # Moved from Vasa to Vaasa this year: counted in Vaasa, but not a new member.
        "frida": add_person(
            database,
            "Frida",
            "Fors",
            member(vasa, date(2019, 1, 1), ended_on=date(2026, 3, 1), end_reason=EndReason.MOVED),
            member(vaasa, date(2026, 3, 1)),
        ),
        # Rejoined this year after a gap: a new member again.
        "ilona": add_person(
            database,
            "Ilona",
            "Ilola",
            member(vaasa, date(2015, 1, 1), ended_on=date(2018, 12, 31), end_reason=EndReason.LAPSED),
            member(vaasa, date(2026, 2, 1)),
        ),
        "greta": add_person(database, "Greta", "Grön", member(vasa, date(2021, 1, 1))),
        "hans": add_person(
            database,
            "Hans",
            "Holm",
            member(vasa, date(2010, 1, 1), ended_on=date(2026, 1, 5), end_reason=EndReason.DECEASED),
        ),
        "joined_later": add_person(database, "Jouni", "Juva", member(vasa, date(2026, 9, 1))),  # applicant till Sept
    }
    board = _body(database, vaasa)
    _position(database, people["anna"], board, PositionRole.CHAIR)
    _position(database, people["david"], board, PositionRole.CHAIR, date(2020, 1, 1), date(2024, 12, 31))
    _position(database, people["cecilia"], board, PositionRole.SECRETARY, date(2026, 2, 1))
    _position(database, people["bertil"], board, PositionRole.EVENTS_OFFICER)
    with database.transaction("Work") as session:
        record_survey_grade(session, vaasa, 2026, 6, date(2026, 2, 1))
        record_survey_grade(session, vasa, 2024, 9, date(2024, 2, 1))
        record_officer_notification(session, vaasa, 2026, date(2026, 1, 31), True)
        record_officer_notification(session, vasa, 2025, date(2025, 1, 31), True)
        set_recruitment_actions(
            session,
            vaasa,
            2026,
            [
                RecruitmentActionData("Stall", status=RecruitmentStatus.DONE),
                RecruitmentActionData("Evening", status=RecruitmentStatus.DONE),
                RecruitmentActionData("Calls"),
            ],
        )
        set_recruitment_actions(session, vasa, 2025, [RecruitmentActionData("Old", status=RecruitmentStatus.DONE)])
        for day in (date(2026, 2, 1), date(2026, 4, 1)):
            meeting = create_chairs_meeting(session, ChairsMeetingData(day))
            record_attendance(session, meeting, [AttendanceData(vaasa, True)])
    return {"vaasa": vaasa, "vasa": vasa, "dormant": dormant, **people}


def _rows(database: Database) -> dict[str, BranchOverviewRow]:
    with database.reading() as session:
        return {row.name: row for row in branch_overview(session, TODAY)}


def test_branch_overview_counts_members_against_a_small_district(database: Database) -> None:
    _district(database)
    rows = _rows(database)
    assert list(rows) == ["Uinuva osasto", "Vaasan osasto", "Vasa svenska förening"]
    vaasa, vasa, dormant = rows["Vaasan osasto"], rows["Vasa svenska förening"], rows["Uinuva osasto"]
    # Vaasa: Anna, Bertil (supporter), Cecilia, Eino (applicant), Frida (moved in), Ilona (rejoined); not David.
    assert (vaasa.members, vaasa.active_members, vaasa.active_supporters, vaasa.new_members_this_year) == (6, 4, 1, 2)
    # Vasa: Greta and Jouni (applicant until September); Frida has moved out and Hans has died.
    assert (vasa.members, vasa.active_members, vasa.active_supporters, vasa.new_members_this_year) == (2, 1, 0, 0)
    assert (dormant.members, dormant.active_members) == (0, 0)
    assert (vaasa.language, vasa.language, vaasa.municipality) == (BranchLanguage.FI, BranchLanguage.SV, "Vaasa")
    assert (vaasa.chair_name, vaasa.secretary_name) == ("Anna Aalto", "Cecilia Cederberg")
    assert (vasa.chair_name, vasa.secretary_name) == (None, None)
    assert (vaasa.latest_grade, vaasa.latest_grade_year) == (6, 2026)
    assert (vasa.latest_grade, vasa.latest_grade_year) == (9, 2024)
    assert (vaasa.officer_notification_submitted, vasa.officer_notification_submitted) == (True, False)
    assert (vaasa.recruitment_actions_done, vasa.recruitment_actions_done) == (2, 0)


def test_branch_overview_flags(database: Database) -> None:
    ids = _district(database)
    rows = _rows(database)
    vaasa, vasa, dormant = rows["Vaasan osasto"], rows["Vasa svenska förening"], rows["Uinuva osasto"]
    assert (vaasa.no_recent_survey, vasa.no_recent_survey) == (False, True)  # 2024 is older than last year
    assert (vaasa.repeatedly_absent, vasa.repeatedly_absent) == (False, True)
    assert vaasa.missing_roles == (
        PositionRole.RECRUITMENT_OFFICER,
        PositionRole.COMMUNICATIONS_OFFICER,
        PositionRole.VOLUNTEER_COORDINATOR,
    )
    assert len(vasa.missing_roles) == 4
    assert (vaasa.low_grade_without_mentor, vasa.low_grade_without_mentor) == (True, False)
    assert vaasa.needs_attention and vasa.needs_attention
    # A dormant branch is not nagged about.
    assert not dormant.needs_attention and dormant.missing_roles == ()
    # Once Vaasa has a mentor, its low grade is taken care of.
    with database.transaction("Pair") as session:
        confirm_mentor_pair(session, ids["vasa"], ids["vaasa"], date(2026, 5, 1))
    assert not _rows(database)["Vaasan osasto"].low_grade_without_mentor


def test_branch_overview_runs_a_fixed_number_of_queries(database: Database) -> None:
    _district(database)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        _rows(database)
        few = len(statements)
        for number in range(5):
            branch_id = new_branch(database, f"Extra {number}")
            add_person(database, "Extra", f"Member {number}", MembershipData(branch_id, joined_on=date(2026, 1, 2)))
            with database.transaction("Grade") as session:
                record_survey_grade(session, branch_id, 2026, 5 + number, date(2026, 2, 1))
        statements.clear()
        rows = _rows(database)
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert len(rows) == 8
    assert len(statements) == few
    assert few <= 15


def test_deleted_branches_are_not_in_the_overview(database: Database) -> None:
    keep = new_branch(database, "Keep")
    gone = new_branch(database, "Gone")
    with database.transaction("Delete") as session:
        delete_branch(session, gone)
    with database.reading() as session:
        assert [row.id for row in branch_overview(session, TODAY)] == [keep]


def test_branch_detail_gathers_everything_about_one_branch(database: Database) -> None:
    ids = _district(database)
    vaasa = ids["vaasa"]
    mentee = new_branch(database, "Pieni osasto")
    with database.transaction("More work") as session:
        confirm_mentor_pair(session, ids["vasa"], vaasa, date(2026, 5, 1))
        confirm_mentor_pair(session, vaasa, mentee, date(2026, 5, 2))
        add_contact(session, vaasa, ContactLogData(date(2026, 5, 20), ContactLogKind.VISIT, "OB"))
        add_contact(session, vaasa, ContactLogData(date(2026, 4, 20), ContactLogKind.PHONE_CALL, "DS"))
        add_contact(session, ids["vasa"], ContactLogData(date(2026, 5, 21), ContactLogKind.EMAIL))
        record_survey_grade(session, vaasa, 2025, 5, date(2025, 2, 1))
        set_recruitment_actions(session, vaasa, 2025, [RecruitmentActionData("Last year's")])
    with database.reading() as session:
        detail = branch_detail(session, vaasa, TODAY, meetings=1)
    assert (detail.name, detail.municipality, detail.language, detail.status) == (
        "Vaasan osasto",
        "Vaasa",
        BranchLanguage.FI,
        BranchStatus.ACTIVE,
    )
    assert [(p.member_name, p.role) for p in detail.current_positions] == [
        ("Anna Aalto", PositionRole.CHAIR),
        ("Cecilia Cederberg", PositionRole.SECRETARY),
        ("Bertil Berg", PositionRole.EVENTS_OFFICER),
    ]
    assert [(p.member_name, p.ends_on) for p in detail.past_positions] == [("David Dahl", date(2024, 12, 31))]
    assert PositionRole.EVENTS_OFFICER not in detail.missing_roles and len(detail.missing_roles) == 3
    assert [(g.year, g.grade) for g in detail.grades] == [(2026, 6), (2025, 5)]
    assert [p.mentor_name for p in detail.mentors] == ["Vasa svenska förening"]
    assert [p.mentee_name for p in detail.mentees] == ["Pieni osasto"]
    assert [c.who for c in detail.contacts] == ["OB", "DS"]
    assert [(a.held_on, a.present) for a in detail.attendance] == [(date(2026, 4, 1), True)]
    assert not detail.repeatedly_absent
    assert [n.year for n in detail.officer_notifications] == [2026]
    assert [a.title for a in detail.recruitment_actions] == ["Stall", "Evening", "Calls"]
    with database.reading() as session, pytest.raises(BranchNotFoundError):
        branch_detail(session, uuid.uuid4(), TODAY)


def test_migration_0003_keeps_branches_others_refer_to(tmp_path: Path) -> None:
    """Upgrade a file at 0002 whose branch has a body, a member and a position: the table must not be rebuilt.

    SQLite cannot drop a table other rows refer to inside the migration's transaction, so a migration that
    rebuilds ``branch`` would fail on every real file while passing on an empty one.
    """
    key = DataKey.generate()
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}", module=sqlcipher3)

    @event.listens_for(engine, "connect")
    def _key(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA key = {key.sqlcipher_pragma_value()}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    ids = {name: uuid.uuid4().hex for name in ("branch", "body", "member", "membership", "position")}
    rows = {
        "branch": "INSERT INTO branch(id, name, kind, status, created_at, updated_at) "
        "VALUES (:branch, 'Vaasan osasto', 'local', 'active', :at, :at)",
        "body": "INSERT INTO body(id, name, kind, branch_id, created_at, updated_at) "
        "VALUES (:body, 'Board', 'branch_board', :branch, :at, :at)",
        "member": "INSERT INTO member(id, first_name, last_name, language, created_at, updated_at) "
        "VALUES (:member, 'Anna', 'Aalto', 'fi', :at, :at)",
        "membership": "INSERT INTO membership(id, member_id, branch_id, kind, created_at, updated_at) "
        "VALUES (:membership, :member, :branch, 'member', :at, :at)",
        "position": "INSERT INTO position(id, member_id, body_id, role, starts_on, created_at, updated_at) "
        "VALUES (:position, :member, :body, 'chair', '2025-01-01', :at, :at)",
    }
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection, target="0002")
            for statement in rows.values():
                connection.execute(text(statement), {**ids, "at": "2025-01-01 00:00:00"})
        with engine.begin() as connection:
            migrate.upgrade(connection, target="0003")
        with engine.begin() as connection:
            assert connection.execute(text("SELECT language FROM branch")).scalar_one() == "fi"
            assert connection.execute(text("SELECT count(*) FROM membership")).scalar_one() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        with pytest.raises(IntegrityError, match="branch_language"), engine.begin() as connection:
            connection.execute(text("UPDATE branch SET language = 'en'"))
    finally:
        engine.dispose()
