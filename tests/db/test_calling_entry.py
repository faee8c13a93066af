"""Typing a sheet back in: every outcome's effect, the answers, corrections and undo."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.calling.entry import RowEntry, enter_row, parse_outcome
from db.calling.models import Call, CallSheet, CallTask, SheetStatus, TaskKind
from db.calling.outcomes import OUTCOMES, Effect, Outcome, outcome_for_code
from db.core.changelog import Origin
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.i18n import N_, Label
from db.core.undo import undo_last
from db.members.interests import interest_ids_by_code
from db.members.models import ContactKind, ContactPoint, Member, MemberInterest
from tests.db.calling_helpers import (
    ALL_KINDS,
    TODAY,
    MakeMember,
    assign_all,
    member_caller,
    quick_caller,
    sheet,
    simple_campaign,
)


def _one_member_sheet(database: Database, make_member: MakeMember, **campaign: object) -> tuple[object, uuid.UUID]:
    member = make_member("Aino", "Aalto", phone="040 111 1111", email="aino@example.fi")
    campaign_id = simple_campaign(database, **campaign)  # type: ignore[arg-type]
    assign_all(database, campaign_id, [quick_caller(database)])
    return member, sheet(database, campaign_id, 1)


def _enter(database: Database, sheet_id: uuid.UUID, entry: RowEntry, row: int = 1):
    with database.transaction("Enter row") as session:
        return enter_row(session, session.get(CallSheet, sheet_id), row, entry, TODAY)  # type: ignore[arg-type]


def test_codes_are_unique_and_parse_in_any_case() -> None:
    codes = [info.code for info in OUTCOMES]
    assert len(codes) == len(set(codes)) == len(Outcome)
    assert outcome_for_code(" dnc ").outcome == Outcome.DO_NOT_CALL  # type: ignore[union-attr]
    assert parse_outcome("t") == Outcome.TALKED
    with pytest.raises(ValidationError, match="T, CB"):
        parse_outcome("XYZ")


@pytest.mark.parametrize("code", ["WN", "NU"])
def test_wrong_number_marks_the_printed_phone_invalid(database: Database, make_member: MakeMember, code: str) -> None:
    member, sheet_id = _one_member_sheet(database, make_member)
    _enter(database, sheet_id, RowEntry(code))
    with database.reading() as session:
        phone = session.execute(
            select(ContactPoint).where(ContactPoint.member_id == member, ContactPoint.kind == ContactKind.PHONE)
        ).scalar_one()
        email = session.execute(
            select(ContactPoint).where(ContactPoint.member_id == member, ContactPoint.kind == ContactKind.EMAIL)
        ).scalar_one()
    assert phone.valid is False and email.valid is True


def test_do_not_call_sets_the_members_flag(database: Database, make_member: MakeMember) -> None:
    member, sheet_id = _one_member_sheet(database, make_member)
    _enter(database, sheet_id, RowEntry("DNC"))
    with database.reading() as session:
        assert session.get(Member, member).do_not_call is True  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "kind"),
    [("RES", TaskKind.WANTS_TO_RESIGN), ("MOV", TaskKind.MOVED), ("DEC", TaskKind.DECEASED)],
)
def test_membership_outcomes_make_a_task_and_change_no_membership(
    database: Database, make_member: MakeMember, code: str, kind: TaskKind
) -> None:
    member, sheet_id = _one_member_sheet(database, make_member)
    result = _enter(database, sheet_id, RowEntry(code))
    with database.reading() as session:
        tasks = session.execute(select(CallTask.kind, CallTask.member_id, CallTask.done_on)).all()
        from db.members.models import Membership

        membership = session.execute(select(Membership).where(Membership.member_id == member)).scalar_one()
    assert result.tasks == 1
    assert tasks == [(kind, member, None)]
    assert membership.ended_on is None and membership.end_reason is None


def test_call_back_sets_the_date_or_a_default(database: Database, make_member: MakeMember) -> None:
    _member, sheet_id = _one_member_sheet(database, make_member)
    _enter(database, sheet_id, RowEntry("CB", call_back_after=TODAY + timedelta(days=9)))
    with database.reading() as session:
        assert session.execute(select(Call.call_back_after)).scalar_one() == TODAY + timedelta(days=9)
    _enter(database, sheet_id, RowEntry("CB"))
    with database.reading() as session:
        assert session.execute(select(Call.call_back_after)).scalar_one() == TODAY + timedelta(days=3)


def test_message_to_the_ombudsman_raises_the_flag(database: Database, make_member: MakeMember) -> None:
    _member, sheet_id = _one_member_sheet(database, make_member)
    _enter(database, sheet_id, RowEntry("T", message="Haluaa ehdolle kuntavaaleissa"))
    with database.reading() as session:
        task = session.execute(select(CallTask)).scalar_one()
    assert (task.kind, task.text) == (TaskKind.MESSAGE, "Haluaa ehdolle kuntavaaleissa")


@pytest.mark.parametrize("info", [info for info in OUTCOMES if info.effect == Effect.NONE])
def test_plain_outcomes_change_nothing_else(database: Database, make_member: MakeMember, info) -> None:
    member, sheet_id = _one_member_sheet(database, make_member)
    _enter(database, sheet_id, RowEntry(info.code))
    with database.reading() as session:
        assert session.execute(select(CallTask)).first() is None
        assert session.get(Member, member).do_not_call is False  # type: ignore[union-attr]
        assert all(session.execute(select(ContactPoint.valid)).scalars())
        assert session.execute(select(Call.outcome)).scalar_one() == info.outcome


def test_answers_update_the_member(database: Database, make_member: MakeMember) -> None:
    godparent = make_member("Kalle", "Kummi", number="K-1")
    member, sheet_id = _one_member_sheet(database, make_member, questions=ALL_KINDS)
    answers = {1: "K", 2: "2", 3: "1 3", 4: "Hyvää kuuluu", 5: "Aino.Uusi@Example.fi", 6: "1, 3", 7: "K-1"}
    _enter(database, sheet_id, RowEntry("T", answers))
    with database.reading() as session:
        call = session.execute(select(Call)).scalar_one()
        from db.calling.entry import questions_of

        by_id = json.loads(call.answers)
        stored = [by_id.get(str(question.id)) for question in questions_of(session, call.campaign_id)]
        emails = session.execute(
            select(ContactPoint.value, ContactPoint.valid)
            .where(ContactPoint.member_id == member, ContactPoint.kind == ContactKind.EMAIL)
            .order_by(ContactPoint.position)
        ).all()
        interests = set(
            session.execute(
                select(MemberInterest.interest_id).where(
                    MemberInterest.member_id == member, MemberInterest.deleted_at.is_(None)
                )
            ).scalars()
        )
        codes = {value: key for key, value in interest_ids_by_code(session).items()}
        from db.calling.campaigns import campaign_data

        frozen = campaign_data(session, call.campaign_id).questions[5].options
        godparent_of = session.get(Member, member).godparent_id  # type: ignore[union-attr]
    assert stored == [
        True,
        2,
        [1, 3],
        "Hyvää kuuluu",
        {"email": "aino.uusi@example.fi"},
        [1, 3],
        {
            "wants": True,
            "godparent_number": "K-1",
        },
    ]
    assert emails == [("aino.uusi@example.fi", True), ("aino@example.fi", False)]
    assert {codes[interest] for interest in interests} == {frozen[0], frozen[2]}
    assert godparent_of == godparent


def test_godparent_yes_names_a_member_caller_or_makes_a_task(database: Database, make_member: MakeMember) -> None:
    from db.calling.campaigns import QuestionData
    from db.calling.models import QuestionKind

    caller_member = make_member("Kaisa", "Kutsuja", phone="040 999 9999")
    new_member = make_member("Uusi", "Jäsen", phone="040 888 8888", joined_on=TODAY - timedelta(days=5))
    campaign_id = simple_campaign(database, questions=(QuestionData(QuestionKind.GODPARENT, "Kummi?"),))
    caller = member_caller(database, caller_member)
    from db.calling.sheets import AssignMode, assign_queue

    with database.transaction("Assign") as session:
        assign_queue(session, campaign_id, [caller], AssignMode.BY_HAND, TODAY, by_hand={new_member: caller})  # type: ignore[dict-item]
    _enter(database, sheet(database, campaign_id, 1), RowEntry("T", {1: "J"}))
    with database.reading() as session:
        assert session.get(Member, new_member).godparent_id == caller_member  # type: ignore[union-attr]

    other = simple_campaign(database, name="Ilman kummia", questions=(QuestionData(QuestionKind.GODPARENT, "K?"),))
    assign_all(database, other, [quick_caller(database)])
    _enter(database, sheet(database, other, 1), RowEntry("T", {1: "kyllä"}))
    with database.reading() as session:
        kinds = set(session.execute(select(CallTask.kind)).scalars())
    assert TaskKind.CHOOSE_GODPARENT in kinds


@pytest.mark.parametrize(
    ("number", "typed", "field"),
    [(1, "maybe", "q1"), (2, "4", "q2"), (2, "1 2", "q2"), (3, "x", "q3"), (5, "not-an-address", "q5"), (9, "1", "q9")],
)
def test_a_bad_answer_is_refused_and_nothing_written(
    database: Database, make_member: MakeMember, number: int, typed: str, field: str
) -> None:
    _member, sheet_id = _one_member_sheet(database, make_member, questions=ALL_KINDS)
    with pytest.raises(ValidationError) as refused:
        _enter(database, sheet_id, RowEntry("T", {number: typed}))
    assert refused.value.field == field
    assert str(number) in str(refused.value)
    with database.reading() as session:
        assert session.execute(select(Call)).first() is None


def test_unknown_row_and_code_are_refused(database: Database, make_member: MakeMember) -> None:
    _member, sheet_id = _one_member_sheet(database, make_member)
    with pytest.raises(ValidationError) as refused:
        _enter(database, sheet_id, RowEntry("T"), row=7)
    assert refused.value.field == "row"
    with pytest.raises(ValidationError) as refused:
        _enter(database, sheet_id, RowEntry("Q"))
    assert refused.value.field == "code"


def test_entering_the_last_row_marks_the_sheet_entered_and_correction_replaces(
    database: Database, make_member: MakeMember
) -> None:
    make_member("Bo", "Berg", phone="040 222 2222")
    _member, sheet_id = _one_member_sheet(database, make_member)
    assert _enter(database, sheet_id, RowEntry("NA"), row=1).sheet_entered is False
    with database.reading() as session:
        returned = session.get(CallSheet, sheet_id)
        assert returned.status == SheetStatus.RETURNED  # type: ignore[union-attr]
        assert returned.returned_on == TODAY  # type: ignore[union-attr]  # the Sheets page shows when it came back
    assert _enter(database, sheet_id, RowEntry("T"), row=2).sheet_entered is True
    _enter(database, sheet_id, RowEntry("VM", note="soita iltaisin"), row=1)
    with database.reading() as session:
        calls = session.execute(select(Call.outcome, Call.notes).order_by(Call.outcome)).all()
        assert session.get(CallSheet, sheet_id).status == SheetStatus.ENTERED  # type: ignore[union-attr]
    assert sorted(calls) == sorted([(Outcome.TALKED, None), (Outcome.VOICEMAIL, "soita iltaisin")])


def test_undo_takes_back_the_row_and_its_effects(database: Database, make_member: MakeMember) -> None:
    member, sheet_id = _one_member_sheet(database, make_member)
    _enter(database, sheet_id, RowEntry("DNC", message="Ei enää puheluita"))
    with database.transaction("Undo", Origin.UNDO) as session:
        undo_last(session)
    with database.reading() as session:
        assert session.execute(select(Call).where(Call.deleted_at.is_(None))).first() is None
        assert session.execute(select(CallTask).where(CallTask.deleted_at.is_(None))).first() is None
        assert session.get(Member, member).do_not_call is False  # type: ignore[union-attr]
        assert session.get(CallSheet, sheet_id).status != SheetStatus.ENTERED  # type: ignore[union-attr]


def test_the_members_history_shows_the_call_and_its_effects(database: Database, make_member: MakeMember) -> None:
    from db.members.history import member_history

    member, sheet_id = _one_member_sheet(database, make_member)
    with database.transaction(Label(N_("Call entered: {campaign}, sheet {sheet}, row {row}"), campaign="Syyssoitot",
                                    sheet="1", row="1")) as session:  # fmt: skip
        enter_row(session, session.get(CallSheet, sheet_id), 1, RowEntry("WN"), TODAY)  # type: ignore[arg-type]
    with database.reading() as session:
        history = member_history(session, member)  # type: ignore[arg-type]
    from_call = [entry for entry in history if entry.label == "Call entered: Syyssoitot, sheet 1, row 1"]
    summaries = {entry.summary for entry in from_call}
    assert "Call in Syyssoitot: Wrong number" in summaries
    assert any(entry.field == "valid" and entry.subject.startswith("Phone") for entry in from_call)
    assert any(entry.summary == "On call sheet 1 of Syyssoitot" for entry in history)
