"""Erasure as anonymisation: the canary leaves every table and the change log, the statistics stay, undo cannot help."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from db.branches.models import Position
from db.branches.operations import positions
from db.core.changelog import ChangeRecord, Origin
from db.core.database import Database
from db.core.errors import ErasedDataError
from db.core.undo import undo_last
from db.members.models import ContactPoint, Household, Member, MemberInterest, MemberSearchEntry, Membership
from db.members.operations import MemberNotFoundError, get_member, update_person
from db.members.search import find_members
from db.members.statistics import monthly_counts
from db.privacy.erasure import ERASED_NAME, AlreadyErasedError, erase_member
from db.privacy.events import PrivacyEventKind, list_events
from tests.db.privacy_helpers import CANARY, add_rich_person, canary_traces, person

NOW = datetime.now(UTC)
TODAY = NOW.date()


def _erase(database: Database, member_id: object, *, keep_name: bool = False) -> object:
    with database.transaction("Erase personal data") as session:
        return erase_member(session, member_id, NOW, keep_name=keep_name)  # type: ignore[arg-type]


def test_the_canary_is_gone_from_every_table_and_the_change_log(database: Database) -> None:
    rich = add_rich_person(database)
    before = canary_traces(database)
    assert any(trace.startswith("change_log") for trace in before)
    assert any(trace.startswith("member:") for trace in before)
    assert any(trace.startswith("member_search_fts_data") for trace in before)

    _erase(database, rich.member_id)

    assert canary_traces(database) == []
    with database.reading() as session:
        assert find_members(session, CANARY, TODAY) == []
        assert find_members(session, "040 9876543", TODAY) == []
        assert find_members(session, "900001", TODAY) == []
        assert (
            session.execute(select(MemberSearchEntry).where(MemberSearchEntry.member_id == rich.member_id)).first()
            is None
        )


def test_what_stays_number_birth_year_language_memberships_and_positions(database: Database) -> None:
    rich = add_rich_person(database)
    result = _erase(database, rich.member_id)
    with database.reading() as session:
        member = session.get(Member, rich.member_id)
        assert member is not None
        assert (member.first_name, member.last_name) == (ERASED_NAME, ERASED_NAME)
        assert (member.member_number, member.birth_year, member.language.value) == ("900001", 1970, "sv")
        assert member.street is member.city is member.notes is member.household_id is member.godparent_id is None
        assert member.erased_at is not None and member.deleted_at is not None
        membership = session.execute(select(Membership).where(Membership.member_id == rich.member_id)).scalar_one()
        assert membership.deleted_at is None and membership.joined_on == date(2018, 3, 1)
        # The membership was going on: somebody of whom nothing is known cannot remain a member.
        assert membership.ended_on == TODAY and membership.end_reason is not None
        position = session.get(Position, rich.position_id)
        assert position is not None and position.deleted_at is None
        assert (position.role.value, position.starts_on, position.ends_on) == (
            "treasurer",
            date(2019, 1, 1),
            date(2022, 12, 31),
        )
        assert position.notes is None
        contacts = session.execute(select(ContactPoint).where(ContactPoint.member_id == rich.member_id)).scalars()
        assert all(row.value == "" and row.deleted_at is not None for row in contacts)
        interests = session.execute(select(MemberInterest).where(MemberInterest.member_id == rich.member_id)).scalars()
        assert all(row.deleted_at is not None for row in interests)
    assert result.memberships_ended == 1  # type: ignore[attr-defined]


def test_links_are_cleared_and_other_people_keep_theirs(database: Database) -> None:
    rich = add_rich_person(database)
    _erase(database, rich.member_id)
    with database.reading() as session:
        housemate = session.get(Member, rich.housemate_id)
        godchild = session.get(Member, rich.godchild_id)
        assert housemate is not None and godchild is not None
        # The housemate still lives where they live; the household's label (it named the family) is gone.
        assert housemate.household_id is not None
        household = session.get(Household, housemate.household_id)
        assert household is not None and household.deleted_at is None and household.label is None
        # Whether the godchild was welcomed is a fact about the godchild: the link stays, to an id-only record.
        assert godchild.godparent_id == rich.member_id


def test_a_household_left_empty_loses_its_label(database: Database) -> None:
    rich = add_rich_person(database)
    with database.transaction("Leave") as session:
        housemate = session.get(Member, rich.housemate_id)
        assert housemate is not None
        household_id = housemate.household_id
        housemate.household_id = None
    _erase(database, rich.member_id)
    with database.reading() as session:
        household = session.get(Household, household_id)
        assert household is not None and household.label is None and household.deleted_at is not None
    assert canary_traces(database) == []


def test_records_merged_into_the_person_are_erased_too(database: Database) -> None:
    rich = add_rich_person(database)
    # Asking by the old record's id erases the person, whichever record holds what.
    _erase(database, rich.duplicate_id)
    with database.reading() as session:
        for member_id in (rich.member_id, rich.duplicate_id):
            member = session.get(Member, member_id)
            assert member is not None and member.erased_at is not None
            assert member.first_name == ERASED_NAME and member.city is None


def test_statistics_of_past_months_stay_the_same(database: Database) -> None:
    rich = add_rich_person(database)
    with database.reading() as session:
        before = monthly_counts(session, 36, TODAY)
        member_rows = session.execute(select(func.count()).select_from(Member)).scalar_one()
    _erase(database, rich.member_id)
    with database.reading() as session:
        after = monthly_counts(session, 36, TODAY)
        assert session.execute(select(func.count()).select_from(Member)).scalar_one() == member_rows
    assert after[:-1] == before[:-1]
    assert any(month.members for month in before[:-1])
    # This month the person has left: the membership ended today.
    assert after[-1].members == before[-1].members - 1


def test_the_change_log_still_says_that_something_changed(database: Database) -> None:
    rich = add_rich_person(database)
    with database.reading() as session:
        shape = set(
            session.execute(select(ChangeRecord.entity, ChangeRecord.row_id, ChangeRecord.field, ChangeRecord.hlc))
        )
    result = _erase(database, rich.member_id)
    with database.reading() as session:
        after = set(
            session.execute(select(ChangeRecord.entity, ChangeRecord.row_id, ChangeRecord.field, ChangeRecord.hlc))
        )
        erased_at = session.execute(
            select(ChangeRecord.new_value).where(
                ChangeRecord.row_id == str(rich.member_id), ChangeRecord.field == "erased_at"
            )
        ).scalar_one()
    assert shape <= after  # no record was removed, only values replaced
    assert erased_at is not None and erased_at != "null"
    assert result.log_records_scrubbed > 0  # type: ignore[attr-defined]


def test_erasing_twice_is_refused(database: Database) -> None:
    rich = add_rich_person(database)
    _erase(database, rich.member_id)
    with pytest.raises(AlreadyErasedError, match="already been erased"):
        _erase(database, rich.member_id)
    with pytest.raises(MemberNotFoundError):
        import uuid

        _erase(database, uuid.uuid4())


def test_undo_cannot_bring_the_data_back(database: Database, make_member) -> None:
    rich = add_rich_person(database)
    other = make_member("Pekka", "Puupää", branch="Oulun osasto")
    _erase(database, rich.member_id)
    with database.transaction("Edit member") as session:
        update_person(session, other, person("Pekka", "Puu"))

    with database.transaction("Undo", Origin.UNDO) as session:
        assert undo_last(session).label == "Edit member"  # later work is undone as usual
    with pytest.raises(ErasedDataError, match="erased"), database.transaction("Undo", Origin.UNDO) as session:
        undo_last(session)
    with database.reading() as session:
        member = session.get(Member, rich.member_id)
        assert member is not None and member.first_name == ERASED_NAME and member.erased_at is not None
    assert canary_traces(database) == []


def test_an_earlier_change_to_an_erased_person_cannot_be_undone_either(database: Database) -> None:
    rich = add_rich_person(database)
    # Mark the erasure itself as done so that undo would reach the earlier merge of the person's records.
    _erase(database, rich.member_id)
    with database.transaction("Skip") as session:
        from db.core.changelog import Operation

        erasure = session.execute(select(Operation).where(Operation.label == "Erase personal data")).scalar_one()
        erasure.undone_by_id = erasure.id
    with pytest.raises(ErasedDataError), database.transaction("Undo", Origin.UNDO) as session:
        undo_last(session)


def test_the_privacy_event_names_nobody(database: Database) -> None:
    rich = add_rich_person(database)
    _erase(database, rich.member_id)
    with database.reading() as session:
        (event,) = list_events(session, kind=PrivacyEventKind.ERASURE)
    assert event.people == 1
    assert "900001" in event.description
    assert CANARY.casefold() not in event.description.casefold()


def test_keeping_the_name_keeps_the_officer_in_the_history_of_the_body(database: Database) -> None:
    rich = add_rich_person(database)
    _erase(database, rich.member_id, keep_name=True)
    with database.reading() as session:
        member = session.get(Member, rich.member_id)
        assert member is not None and member.deleted_at is None and member.erased_at is not None
        assert (member.first_name, member.last_name) == (CANARY, "Vortigaunt")
        assert member.city is None and member.notes is None
        held = positions(session, body_id=rich.body_id)
        assert [(record.member_name, record.role.value) for record in held] == [(f"{CANARY} Vortigaunt", "treasurer")]
        detail = get_member(session, rich.member_id, TODAY)
        assert detail.contacts == [] and detail.interest_ids == []
        # The old name ("Oldname") and addresses are gone from the log; only the name kept remains.
        logged = " ".join(
            value or ""
            for value in session.execute(
                select(ChangeRecord.new_value).where(ChangeRecord.row_id == str(rich.member_id))
            ).scalars()
        )
    assert "Oldname" not in logged and "vägen" not in logged
    # A later request to be forgotten entirely is still possible.
    _erase(database, rich.member_id)
    assert canary_traces(database) == []


def test_calls_answers_notes_and_tasks_are_erased_too(database: Database) -> None:
    from db.calling.campaigns import QuestionData
    from db.calling.entry import RowEntry, enter_row
    from db.calling.models import Call, CallSheet, CallTask, QuestionKind, SheetRow
    from tests.db.calling_helpers import assign_all, quick_caller, simple_campaign

    rich = add_rich_person(database)
    campaign_id = simple_campaign(
        database,
        questions=(QuestionData(QuestionKind.FREE_TEXT, "Mitä kuuluu?"), QuestionData(QuestionKind.CHECK_EMAIL, "?")),
    )
    assign_all(database, campaign_id, [quick_caller(database)])
    with database.transaction("Enter") as session:
        sheet = session.execute(select(CallSheet)).scalar_one()
        row = session.execute(select(SheetRow.row).where(SheetRow.member_id == rich.member_id)).scalar_one()
        answers = {1: f"{CANARY} voi hyvin", 2: f"{CANARY.lower()}@example.fi"}
        entry = RowEntry("RES", answers, note=f"{CANARY} soitti", message=f"{CANARY} haluaa erota")
        enter_row(session, sheet, row, entry, TODAY)
    assert any(trace.startswith("call:") for trace in canary_traces(database))
    assert any(trace.startswith("call_task:") for trace in canary_traces(database))

    _erase(database, rich.member_id)

    assert canary_traces(database) == []
    with database.reading() as session:
        call = session.execute(select(Call)).scalar_one()
        tasks = list(session.execute(select(CallTask)).scalars())
    # The call stays for the campaign's figures (who was reached, when, with what outcome), without what was said.
    assert (call.answers, call.notes) == ("{}", None)
    assert len(tasks) == 2 and {task.text for task in tasks} == {None}
    assert call.called_on == TODAY
