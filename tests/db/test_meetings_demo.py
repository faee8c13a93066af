"""The demo district's board meetings: a year of them, approved minutes, one draft, action items, all consistent."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from db.core.database import Database, open_database
from db.core.keys import DataKey
from db.demo import generate_demo
from db.meetings.actions import decision_register, open_actions
from db.meetings.detail import meeting_detail
from db.meetings.meetings import list_meetings
from db.meetings.models import ActionStatus, MeetingKind, MinutesState
from db.meetings.targets import meeting_targets

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, template_database: Path, database_key: DataKey
) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("meetings-demo") / "demo.db"
    shutil.copyfile(template_database, path)
    database = open_database(path, database_key)
    generate_demo(database, members=100, seed=11, today=TODAY)
    yield database
    database.close()


def test_a_year_of_board_meetings_with_approved_minutes_one_draft_and_meetings_ahead(demo: Database) -> None:
    with demo.reading() as session:
        meetings = list_meetings(session)
        details = {meeting.id: meeting_detail(session, meeting.id, TODAY) for meeting in meetings}
        (targets,) = meeting_targets(session, TODAY)
    held = [meeting for meeting in meetings if meeting.held_on <= TODAY]
    ahead = [meeting for meeting in meetings if meeting.held_on > TODAY]
    assert len(meetings) == 11 and len(held) >= 6 and ahead
    assert (meetings[-1].held_on - meetings[0].held_on).days > 300
    assert [meeting.state for meeting in held[:-1]] == [MinutesState.APPROVED] * (len(held) - 1)
    assert held[-1].state == MinutesState.DRAFT
    assert meetings[0].kind == MeetingKind.CONSTITUENT  # the term began in May: its first meeting
    assert {meeting.code.split(" ")[0] for meeting in meetings} == {"PH"}
    for meeting in held:
        detail = details[meeting.id]
        assert detail.chair is not None and detail.secretary is not None and len(detail.checkers) == 2
        assert not {checker.id for checker in detail.checkers} & {detail.chair.id, detail.secretary.id}
        assert all(item.quorum.quorate for item in detail.items), meeting.code
    # § numbers run through the year: each meeting of 2026 goes on from the one before.
    this_year = [details[meeting.id] for meeting in meetings if meeting.year == 2026]
    for before, after in pairwise(this_year):
        assert after.items[0].section == before.items[-1].section + 1
    assert targets.target == 8 and targets.held == len([m for m in held if m.year == 2026])


def test_decisions_and_actions_some_done_some_carried_to_the_draft(demo: Database) -> None:
    with demo.reading() as session:
        meetings = list_meetings(session)
        draft = next(meeting for meeting in meetings if meeting.state == MinutesState.DRAFT)
        follow_up = meeting_detail(session, draft.id, TODAY).follow_up
        register = decision_register(session, date(2026, 1, 1), date(2026, 12, 31))
        still_open = open_actions(session)
    actions = [action for record in register for action in record.actions]
    assert len(register) > 20 and len(actions) > 5
    assert {action.status for action in actions} == {ActionStatus.OPEN, ActionStatus.DONE}
    assert follow_up and all(action.held_on < draft.held_on for action in follow_up)
    assert still_open
