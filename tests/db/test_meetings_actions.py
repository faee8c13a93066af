"""Action items from decisions: carried to the next meetings under follow-up until done, and the register."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from db.core.database import Database
from db.core.errors import ValidationError
from db.meetings.actions import (
    add_action,
    decision_register,
    follow_up_actions,
    open_actions,
    set_action_status,
    status_on,
)
from db.meetings.agenda import add_item, decide_as_proposed, live_items, record_decision
from db.meetings.models import ActionStatus, ItemKind
from db.meetings.records import ActionData, ItemData
from tests.db.meetings_helpers import Board, make_board, plan

FEBRUARY, MARCH, APRIL = date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 14)


def _decide(database: Database, meeting_id: uuid.UUID, title: str, actions: list[ActionData]) -> list[uuid.UUID]:
    with database.transaction("Decide") as session:
        item_id = add_item(session, meeting_id, ItemData(title, proposal="Esitys", decision="Päätettiin."))
        return [add_action(session, item_id, action) for action in actions]


def test_open_actions_come_up_under_follow_up_until_they_are_done(database: Database) -> None:
    board: Board = make_board(database)
    february = plan(database, board, FEBRUARY)
    poster, budget = _decide(
        database,
        february,
        "Vappujuliste",
        [
            ActionData("Tilaa julisteet", responsible_id=board.people["Pär Lindqvist"], due_on=date(2026, 3, 1)),
            ActionData("Laadi talousarvio", responsible_name="Toiminnanjohtaja", due_on=date(2026, 5, 1)),
        ],
    )
    march = plan(database, board, MARCH)
    april = plan(database, board, APRIL)
    with database.transaction("Poster done") as session:
        set_action_status(session, poster, ActionStatus.DONE, MARCH)  # reported done at the March meeting
    with database.reading() as session:
        in_march = follow_up_actions(session, march)
        in_april = follow_up_actions(session, april)
        in_february = follow_up_actions(session, february)
        still_open = open_actions(session, board.body_id)
        follow_up_item = next(item for item in live_items(session, march) if item.kind == ItemKind.FOLLOW_UP)
    assert [action.text for action in in_march] == ["Tilaa julisteet", "Laadi talousarvio"]
    assert [status_on(action, MARCH) for action in in_march] == [ActionStatus.DONE, ActionStatus.OPEN]
    assert in_march[0].responsible == "Pär Lindqvist" and in_march[1].responsible == "Toiminnanjohtaja"
    assert in_march[0].reference.startswith("PH 1/2026 ") and in_march[0].reference.endswith(" §")
    assert in_march[0].is_overdue(MARCH) is False  # done
    assert [action.text for action in in_april] == ["Laadi talousarvio"]  # done in March: no longer followed up
    assert in_february == []  # nothing from its own decisions
    assert [action.id for action in still_open] == [budget]
    assert follow_up_item.title  # the agenda has the follow-up item the actions are listed under
    with database.transaction("Too early") as session, pytest.raises(ValidationError):
        set_action_status(session, budget, ActionStatus.DONE, date(2026, 1, 1))


def test_the_register_lists_the_decisions_of_a_period_with_their_actions(database: Database) -> None:
    board = make_board(database)
    february = plan(database, board, FEBRUARY)
    march = plan(database, board, MARCH)
    _decide(database, february, "Vappujuliste", [ActionData("Tilaa julisteet", responsible_name="OB")])
    _decide(database, march, "Syyskampanja", [])
    with database.transaction("As proposed") as session:
        items = live_items(session, march)
        decide_as_proposed(session, [items[1].id])  # the lawfulness item gets its customary decision
        record_decision(session, items[0].id, "  ")  # an empty decision is none
    with database.reading() as session:
        year = decision_register(session, date(2026, 1, 1), date(2026, 12, 31))
        only_march = decision_register(session, date(2026, 3, 1), date(2026, 3, 31), [board.body_id])
    titles = [record.title for record in year]
    assert "Vappujuliste" in titles and "Syyskampanja" in titles
    assert titles.index("Vappujuliste") < titles.index("Syyskampanja")  # by date
    poster = next(record for record in year if record.title == "Vappujuliste")
    assert [action.text for action in poster.actions] == ["Tilaa julisteet"]
    assert [record.title for record in only_march] == ["Syyskampanja"]  # the running of the meeting is left out
    with database.reading() as session:
        everything = decision_register(session, date(2026, 3, 1), date(2026, 3, 31), procedural=True)
    assert len(everything) == 2  # with the lawfulness decision
    with database.reading() as session, pytest.raises(ValidationError):
        decision_register(session, date(2026, 3, 1), date(2026, 2, 1))
