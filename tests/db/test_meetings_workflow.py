"""The minutes' workflow: draft → with the checkers → signed → approved, the lock, reopening, undo, the scan."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from db.core.changelog import ChangeRecord
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.undo import undo_last
from db.meetings.actions import add_action, set_action_status, update_action
from db.meetings.agenda import add_item, decide_as_proposed, live_items, record_decision, update_item
from db.meetings.attendance import add_attendee, attendees, set_attendance, set_officers
from db.meetings.common import MinutesLockedError, load_meeting
from db.meetings.meetings import delete_meeting, update_meeting
from db.meetings.models import ActionStatus, AttendanceStatus, MinutesState
from db.meetings.records import ActionData, AttendeeData, ItemData, MeetingData
from db.meetings.workflow import (
    approve_minutes,
    attach_signed_scan,
    mark_signed,
    reopen_minutes,
    send_to_checkers,
    signed_scan,
)
from tests.db.meetings_helpers import Board, make_board, plan

DAY = date(2026, 3, 10)


def _officers(database: Database, meeting_id: uuid.UUID) -> None:
    with database.transaction("Officers") as session:
        people = {person.name: person.id for person in attendees(session, meeting_id)}
        set_officers(
            session,
            meeting_id,
            chair=people["Åsa Öhman"],
            secretary=people["Ayşe Yılmaz"],
            checkers=[people["Eero Aalto"], people["Thị Nguyễn"]],
        )


def _state(database: Database, meeting_id: uuid.UUID) -> MinutesState:
    with database.reading() as session:
        return load_meeting(session, meeting_id).state


def _signed(database: Database, board: Board) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    meeting_id = plan(database, board, DAY)
    _officers(database, meeting_id)
    with database.transaction("Minutes") as session:
        items = live_items(session, meeting_id)
        decide_as_proposed(session, [item.id for item in items])
        action = add_action(session, items[7].id, ActionData("Hanki tarjoukset", responsible_name="Toiminnanjohtaja"))
        send_to_checkers(session, meeting_id, date(2026, 3, 11))
        # The checkers' amendments are typed in while the minutes are with them.
        record_decision(session, items[8].id, "Hyväksyttiin muutetulla tavalla.")
    with database.transaction("Signed") as session:
        mark_signed(session, meeting_id, date(2026, 3, 15), "Vaasa")
    return meeting_id, items[8].id, action


def test_minutes_go_to_the_checkers_only_with_their_officers_named(database: Database) -> None:
    board = make_board(database)
    meeting_id = plan(database, board, DAY, agenda=False)
    with database.transaction("Too early") as session, pytest.raises(ValidationError) as early:
        send_to_checkers(session, meeting_id, date(2026, 3, 9))
    assert early.value.field == "on"
    with database.transaction("No checker") as session, pytest.raises(ValidationError) as refused:
        send_to_checkers(session, meeting_id, DAY)
    assert refused.value.field == "officers"
    _officers(database, meeting_id)
    with database.transaction("Send") as session:
        send_to_checkers(session, meeting_id, DAY)
        with pytest.raises(ValidationError) as skipped:
            approve_minutes(session, meeting_id, DAY)  # not signed yet
        assert skipped.value.field == "state"
    assert _state(database, meeting_id) == MinutesState.CHECKING


WRITES: dict[str, Callable[..., object]] = {
    "change an item": lambda s, m, item, action, board: update_item(s, item, ItemData("Muutettu")),
    "write a decision": lambda s, m, item, action, board: record_decision(s, item, "Toisin"),
    "add an item": lambda s, m, item, action, board: add_item(s, m, ItemData("Uusi")),
    "add a person": lambda s, m, item, action, board: add_attendee(s, m, AttendeeData(name="Vieras")),
    "mark someone absent": lambda s, m, item, action, board: set_attendance(
        s, attendees(s, m)[3].id, AttendanceStatus.ABSENT
    ),
    "change the officers": lambda s, m, item, action, board: set_officers(s, m, chair=None, secretary=None),
    "move the meeting": lambda s, m, item, action, board: update_meeting(s, m, MeetingData(board.body_id, DAY)),
    "delete the meeting": lambda s, m, item, action, board: delete_meeting(s, m),
    "add an action": lambda s, m, item, action, board: add_action(s, item, ActionData("Lisää")),
    "change an action": lambda s, m, item, action, board: update_action(s, action, ActionData("Muu")),
}


@pytest.mark.parametrize("state", [MinutesState.SIGNED, MinutesState.APPROVED])
def test_signed_and_approved_minutes_refuse_every_write(database: Database, state: MinutesState) -> None:
    board = make_board(database)
    meeting_id, item_id, action_id = _signed(database, board)
    if state == MinutesState.APPROVED:
        with database.transaction("Approve") as session:
            approve_minutes(session, meeting_id, date(2026, 3, 16))
    for what, write in WRITES.items():
        with pytest.raises(MinutesLockedError) as refused, database.transaction(what) as session:
            write(session, meeting_id, item_id, action_id, board)
        assert "PH 1/2026" in str(refused.value), what
        assert ("approved" in str(refused.value)) == (state == MinutesState.APPROVED), what
    with database.reading() as session:
        item = next(item for item in live_items(session, meeting_id) if item.id == item_id)
    assert item.decision == "Hyväksyttiin muutetulla tavalla."
    # An action is done months later: its status changes on locked minutes.
    with database.transaction("Done") as session:
        set_action_status(session, action_id, ActionStatus.DONE, date(2026, 4, 2))
    assert _state(database, meeting_id) == state


def test_reopening_needs_a_reason_is_logged_and_sends_the_minutes_round_again(database: Database) -> None:
    board = make_board(database)
    meeting_id, item_id, _action = _signed(database, board)
    with database.transaction("Approve") as session:
        approve_minutes(session, meeting_id, date(2026, 3, 16))
    with database.transaction("Reopen") as session, pytest.raises(ValidationError) as no_reason:
        reopen_minutes(session, meeting_id, "  ", date(2026, 4, 1))
    assert no_reason.value.field == "reason"
    with database.transaction("Reopen") as session:
        reopen_minutes(session, meeting_id, "Väärä nimi 9 §:ssä", date(2026, 4, 1))
    with database.transaction("Correct") as session:
        record_decision(session, item_id, "Korjattu päätös.")
        meeting = load_meeting(session, meeting_id)
        assert (meeting.state, meeting.reopened_on, meeting.signed_on, meeting.approved_on) == (
            MinutesState.DRAFT,
            date(2026, 4, 1),
            None,
            None,
        )
        logged = session.execute(
            select(ChangeRecord.old_value, ChangeRecord.new_value).where(
                ChangeRecord.entity == "meeting", ChangeRecord.field == "state"
            )
        ).all()
        reason = session.execute(
            select(ChangeRecord.new_value).where(ChangeRecord.field == "reopen_reason")
        ).scalar_one()
    # The change log keeps every step, the reopening and its reason.
    assert [(old, new) for old, new in logged][-1] == ('"approved"', '"draft"')
    assert "Väärä nimi" in reason
    with database.transaction("Reopen a draft") as session, pytest.raises(ValidationError):
        reopen_minutes(session, meeting_id, "Ei lukittu", date(2026, 4, 2))


def test_undoing_the_approval_is_itself_a_logged_step(database: Database) -> None:
    board = make_board(database)
    meeting_id, _item, _action = _signed(database, board)
    with database.transaction("Approve") as session:
        approve_minutes(session, meeting_id, date(2026, 3, 16))
    with database.transaction("Undo") as session:
        undo_last(session)
    assert _state(database, meeting_id) == MinutesState.SIGNED  # still locked: undo went back one step only


def test_the_signed_scan_is_kept_with_the_meeting(database: Database) -> None:
    board = make_board(database)
    meeting_id = plan(database, board, DAY, agenda=False)
    now = datetime(2026, 3, 20, 10, tzinfo=UTC)
    with database.transaction("Too early") as session, pytest.raises(ValidationError):
        attach_signed_scan(session, meeting_id, "poytakirja.pdf", b"%PDF-1.4 ...", now)
    _officers(database, meeting_id)
    with database.transaction("Sign") as session:
        send_to_checkers(session, meeting_id, DAY)
        mark_signed(session, meeting_id, DAY, None)
        with pytest.raises(ValidationError) as not_pdf:
            attach_signed_scan(session, meeting_id, "scan.jpg", b"\xff\xd8\xff", now)
        assert not_pdf.value.field == "scan"
        attach_signed_scan(session, meeting_id, "poytakirja.pdf", b"%PDF-1.4 signed", now)
    with database.reading() as session:
        scan = signed_scan(session, meeting_id)
        meeting = load_meeting(session, meeting_id)
    assert scan is not None and scan.content == b"%PDF-1.4 signed" and scan.file_name == "poytakirja.pdf"
    assert meeting.scan_sha256 == scan.sha256 and meeting.scan_attached_on == date(2026, 3, 20)
