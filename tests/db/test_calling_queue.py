"""The queue of a campaign explains itself, and assignment deals it out in sheets."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.calling.campaigns import (
    CampaignData,
    QuestionData,
    campaign_data,
    check_campaign,
    find_campaign,
    list_campaigns,
    template,
)
from db.calling.entry import RowEntry, enter_row
from db.calling.models import Call, CallSheet, CallTask, CampaignKind, QuestionKind, SheetRow, SheetStatus, TaskKind
from db.calling.queue import Reason, build_queue
from db.calling.rules import TargetRule
from db.calling.sheets import (
    AssignMode,
    NothingToAssignError,
    assign_queue,
    deal,
    list_sheets,
    parse_sheet_numbers,
    reassign_sheet,
    release_sheet,
    set_sheet_status,
    sheet_sizes,
)
from db.core.database import Database
from db.core.errors import ValidationError
from db.members.models import ContactPoint, EndReason, Member, Membership
from tests.db.calling_helpers import TODAY, MakeMember, assign_all, quick_caller, sheet, simple_campaign


def _queue(database: Database, campaign_id: uuid.UUID, today: date = TODAY):
    with database.reading() as session:
        return build_queue(session, campaign_id, today)


def test_each_member_left_out_has_one_reason(database: Database, make_member: MakeMember) -> None:
    in_queue = make_member("Aino", "Aalto", phone="040 111 1111")
    no_phone = make_member("Bertil", "Berg")
    do_not_call = make_member("Cecilia", "Carlsson", phone="040 222 2222")
    ended = make_member("Dan", "Dahl", phone="040 333 3333")
    deceased = make_member("Eero", "Esko", phone="040 444 4444")
    waiting = make_member("Fanny", "Forsman", phone="040 555 5555")
    long_gone = make_member("Gösta", "Gran", phone="040 666 6666")
    with database.transaction("Set up") as session:
        session.get(Member, do_not_call).do_not_call = True  # type: ignore[union-attr]
        for member_id, ended_on, reason in (
            (ended, TODAY - timedelta(days=30), EndReason.RESIGNED),
            (deceased, TODAY - timedelta(days=10), EndReason.DECEASED),
            (long_gone, TODAY - timedelta(days=800), EndReason.RESIGNED),
        ):
            membership = session.execute(select(Membership).where(Membership.member_id == member_id)).scalar_one()
            membership.ended_on = ended_on
            membership.end_reason = reason
        session.add(CallTask(member_id=waiting, kind=TaskKind.MESSAGE, created_on=TODAY))
    campaign_id = simple_campaign(database)

    queue = _queue(database, campaign_id)

    assert [entry.member_id for entry in queue.entries] == [in_queue]
    assert queue.left_out == {
        no_phone: Reason.NO_PHONE,
        do_not_call: Reason.DO_NOT_CALL,
        ended: Reason.MEMBERSHIP_ENDED,
        deceased: Reason.DECEASED,
        waiting: Reason.WAITING_FOR_OMBUDSMAN,
    }
    assert long_gone not in queue.left_out  # ended long ago: not this campaign's business
    assert queue.counts()[Reason.NO_PHONE] == 1
    assert queue.targeted == 6


def test_cooldown_call_back_passes_and_done(database: Database, make_member: MakeMember) -> None:
    members = [make_member(f"N{index}", "Nieminen", phone=f"040 700 00{index:02d}") for index in range(4)]
    campaign_id = simple_campaign(database, cooldown_days=3, passes=2)
    caller = quick_caller(database)
    assign_all(database, campaign_id, [caller])
    queue = _queue(database, campaign_id)
    assert set(queue.left_out.values()) == {Reason.ON_A_SHEET}

    sheet_id = sheet(database, campaign_id, 1)
    with database.transaction("Enter") as session:
        sheet_row = session.get(CallSheet, sheet_id)
        assert sheet_row is not None
        by_member = {
            row.member_id: row.row
            for row in session.execute(select(SheetRow).where(SheetRow.sheet_id == sheet_id)).scalars()
        }
        enter_row(session, sheet_row, by_member[members[0]], RowEntry("T"), TODAY)
        enter_row(session, sheet_row, by_member[members[1]], RowEntry("NA"), TODAY)
        call_back = RowEntry("CB", call_back_after=TODAY + timedelta(10))
        enter_row(session, sheet_row, by_member[members[2]], call_back, TODAY)
        enter_row(session, sheet_row, by_member[members[3]], RowEntry("NA", called_on=TODAY - timedelta(5)), TODAY)

    queue = _queue(database, campaign_id)
    assert queue.left_out[members[0]] == Reason.DONE
    assert queue.left_out[members[1]] == Reason.COOLDOWN
    assert queue.left_out[members[2]] == Reason.CALL_BACK_LATER
    # Called five days ago, cooldown three days: back in the queue for its second pass.
    assert [(entry.member_id, entry.pass_number) for entry in queue.entries] == [(members[3], 2)]

    later = _queue(database, campaign_id, TODAY + timedelta(days=11))
    assert {entry.member_id for entry in later.entries} == {members[1], members[2], members[3]}
    assert {entry.member_id: entry.pass_number for entry in later.entries}[members[2]] == 1


def test_every_pass_used_is_done(database: Database, make_member: MakeMember) -> None:
    member = make_member("Olli", "Ojala", phone="040 800 0000")
    campaign_id = simple_campaign(database, passes=1)
    caller = quick_caller(database)
    assign_all(database, campaign_id, [caller])
    with database.transaction("Enter") as session:
        enter_row(session, session.get(CallSheet, sheet(database, campaign_id, 1)), 1, RowEntry("NA"), TODAY)  # type: ignore[arg-type]
    assert _queue(database, campaign_id, TODAY + timedelta(days=30)).left_out[member] == Reason.DONE  # type: ignore[index]


def test_reached_recently_in_another_campaign(database: Database, make_member: MakeMember) -> None:
    member = make_member("Pia", "Pelto", phone="040 900 0000")
    first = simple_campaign(database, name="First")
    caller = quick_caller(database)
    assign_all(database, first, [caller])
    with database.transaction("Enter") as session:
        enter_row(session, session.get(CallSheet, sheet(database, first, 1)), 1, RowEntry("T"), TODAY)  # type: ignore[arg-type]
    second = simple_campaign(database, name="Second", rule=TargetRule(not_reached_days=30))
    assert _queue(database, second).left_out[member] == Reason.REACHED_ELSEWHERE  # type: ignore[index]
    third = simple_campaign(database, name="Third")
    assert [entry.member_id for entry in _queue(database, third).entries] == [member]


def test_rule_selects_branch_kind_joined_and_language(
    database: Database, make_member: MakeMember, make_branch: object
) -> None:
    vaasa = make_member("Aino", "A", phone="040 100 0001", branch="Vaasa")
    make_member("Bo", "B", phone="040 100 0002", branch="Turku")
    supporter = make_member("Cia", "C", phone="040 100 0003", branch="Vaasa", kind="supporter")
    new = make_member("Dora", "D", phone="040 100 0004", branch="Vaasa", joined_on=TODAY - timedelta(days=20))
    with database.reading() as session:
        vaasa_branch = session.execute(select(Membership.branch_id).where(Membership.member_id == vaasa)).scalar_one()
    campaign_id = simple_campaign(database, rule=TargetRule(branch_ids=(vaasa_branch,), kinds=("member",)))
    assert {entry.member_id for entry in _queue(database, campaign_id).entries} == {vaasa, new}
    welcome = simple_campaign(database, rule=TargetRule(joined_within_days=90))
    assert [entry.member_id for entry in _queue(database, welcome).entries] == [new]
    supporters = simple_campaign(database, rule=TargetRule(kinds=("supporter",), languages=("fi",)))
    assert [entry.member_id for entry in _queue(database, supporters).entries] == [supporter]
    swedish = simple_campaign(database, rule=TargetRule(kinds=(), languages=("sv",)))
    assert _queue(database, swedish).entries == []


def test_rule_round_trips_and_keeps_unknown_keys() -> None:
    rule = TargetRule(
        branch_ids=(uuid.uuid4(),),
        kinds=("member", "supporter"),
        joined_from=date(2020, 1, 1),
        joined_to=date(2026, 1, 1),
        languages=("sv",),
        not_reached_days=30,
        requires_phone=False,
    )
    assert TargetRule.from_json(rule.to_json()) == rule
    newer = TargetRule.from_json('{"kinds": ["member"], "future_key": 7}')
    assert '"future_key": 7' in newer.to_json()
    assert TargetRule.from_json("not json") == TargetRule()
    with pytest.raises(ValidationError):
        TargetRule(joined_from=date(2026, 1, 2), joined_to=date(2026, 1, 1)).check()


def test_sheet_sizes_stay_between_limits() -> None:
    assert sheet_sizes(0) == []
    assert sheet_sizes(10) == [10]
    assert sheet_sizes(21) == [21]
    assert sheet_sizes(30) == [15, 15]
    assert sheet_sizes(50) == [25, 25]
    for count in range(15, 2000, 7):
        sizes = sheet_sizes(count)
        assert sum(sizes) == count
        assert max(sizes) <= 25 and max(sizes) - min(sizes) <= 1
        assert min(sizes) >= 13


def test_assignment_by_branch_gives_own_branch_first(database: Database, make_member: MakeMember) -> None:
    for index in range(6):
        make_member(f"V{index}", "Vaasa", phone=f"040 200 00{index:02d}", branch="Vaasa")
    for index in range(2):
        make_member(f"T{index}", "Turku", phone=f"040 300 00{index:02d}", branch="Turku")
    with database.reading() as session:
        branches = dict(session.execute(select(Member.last_name, Membership.branch_id).join(Membership)).tuples().all())
    vaasa_caller = quick_caller(database, "Vaasalainen", branches["Vaasa"])
    other_caller = quick_caller(database, "Muu")
    campaign_id = simple_campaign(database)
    with database.transaction("Assign") as session:
        numbers = assign_queue(session, campaign_id, [vaasa_caller, other_caller], AssignMode.BY_BRANCH, TODAY)
    with database.reading() as session:
        sheets = list_sheets(session, campaign_id)
        rows = session.execute(
            select(CallSheet.caller_id, Member.last_name)
            .join(SheetRow, SheetRow.sheet_id == CallSheet.id)
            .join(Member, Member.id == SheetRow.member_id)
        ).all()
    assert numbers == [1, 2]
    assert {sheet.caller_id for sheet in sheets} == {vaasa_caller, other_caller}
    assert {last for caller, last in rows if caller == vaasa_caller} == {"Vaasa"}
    assert sorted(last for caller, last in rows if caller == other_caller) == ["Turku", "Turku"]
    # Everyone is now on a sheet: a second assignment has nothing to deal.
    with database.transaction("Assign again") as session, pytest.raises(NothingToAssignError):
        assign_queue(session, campaign_id, [vaasa_caller], AssignMode.EVENLY, TODAY)


def test_even_and_hand_dealing() -> None:
    from db.calling.callers import CallerRef
    from db.calling.queue import QueueEntry

    entries = [QueueEntry(uuid.uuid4(), None, f"name{index:03d}", 1, "+358401") for index in range(101)]
    callers = [CallerRef(uuid.uuid4(), f"C{index}", "", None, "", "fi", None, True) for index in range(3)]
    dealt = deal(entries, callers, AssignMode.EVENLY)
    assert sorted(len(members) for members in dealt.values()) == [33, 34, 34]
    assert {entry.member_id for members in dealt.values() for entry in members} == {e.member_id for e in entries}
    chosen = {entries[0].member_id: callers[2].id, entries[1].member_id: callers[2].id}
    by_hand = deal(entries, callers, AssignMode.BY_HAND, chosen)
    assert [len(by_hand[caller.id]) for caller in callers] == [0, 0, 2]
    with pytest.raises(ValidationError):
        deal(entries, [], AssignMode.EVENLY)


def test_sheet_status_reassign_and_release(database: Database, make_member: MakeMember) -> None:
    members = [make_member(f"R{index}", "Rinne", phone=f"040 400 00{index:02d}") for index in range(3)]
    campaign_id = simple_campaign(database)
    first, second = quick_caller(database, "Eka"), quick_caller(database, "Toka")
    assign_all(database, campaign_id, [first])
    sheet_id = sheet(database, campaign_id, 1)
    with database.transaction("Status") as session:
        set_sheet_status(session, sheet_id, SheetStatus.PRINTED, TODAY)
        set_sheet_status(session, sheet_id, SheetStatus.OUT, TODAY)
        reassign_sheet(session, sheet_id, second)
    with database.transaction("Enter") as session:
        enter_row(session, session.get(CallSheet, sheet_id), 1, RowEntry("T"), TODAY)  # type: ignore[arg-type]
    with database.transaction("Release") as session:
        assert release_sheet(session, sheet_id) == 2
    with database.reading() as session:
        summary = list_sheets(session, campaign_id)[0]
        call_caller = session.execute(select(Call.caller_id)).scalar_one()
    assert summary.caller_id == second and call_caller == second
    assert (summary.rows, summary.entered, summary.status) == (1, 1, SheetStatus.ENTERED)
    queue = _queue(database, campaign_id)
    assert len(queue.entries) == 2 and set(queue.left_out.values()) == {Reason.DONE}
    with database.transaction("Back") as session, pytest.raises(ValidationError):
        set_sheet_status(session, sheet_id, SheetStatus.OUT, TODAY)
    # New sheets continue the numbering: a number once printed never names another piece of paper.
    assert assign_all(database, campaign_id, [first]) == [2]
    assert members


def test_sheet_number_ranges() -> None:
    assert parse_sheet_numbers("3-7") == [3, 4, 5, 6, 7]
    assert parse_sheet_numbers("2-4, 8,3") == [2, 3, 4, 8]
    for bad in ("7-3", "a", "0", "1-x"):
        with pytest.raises(ValidationError):
            parse_sheet_numbers(bad)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_templates_are_valid_campaigns_in_each_language(language: str) -> None:
    for kind in (CampaignKind.WELCOME, CampaignKind.MEMBER_CALLING, CampaignKind.CONTACT_DETAILS):
        data = check_campaign(template(kind, language, TODAY))
        assert data.questions and data.intro and data.closing
    welcome = template(CampaignKind.WELCOME, language, TODAY)
    assert welcome.rule.joined_within_days == 90 and welcome.ends_on is None
    assert QuestionKind.GODPARENT in {question.kind for question in welcome.questions}
    calling = template(CampaignKind.MEMBER_CALLING, language, TODAY)
    assert (calling.starts_on, calling.ends_on) == (date(2026, 11, 1), date(2027, 2, 28))
    assert len(calling.questions) == 5


def test_template_wording_differs_by_language() -> None:
    names = {template(CampaignKind.WELCOME, language, TODAY).name for language in ("fi", "sv", "en")}
    assert len(names) == 3


def test_campaign_checks_and_interest_codes_frozen(database: Database) -> None:
    with pytest.raises(ValidationError):
        check_campaign(CampaignData(name=" "))
    with pytest.raises(ValidationError):
        check_campaign(CampaignData(name="X", questions=(QuestionData(QuestionKind.ONE_OF, "Which", ("only",)),)))
    with pytest.raises(ValidationError):
        check_campaign(CampaignData(name="X", starts_on=date(2026, 2, 1), ends_on=date(2026, 1, 1)))
    campaign_id = simple_campaign(database, questions=(QuestionData(QuestionKind.INTERESTS, "Mitä?"),))
    with database.reading() as session:
        data = campaign_data(session, campaign_id)
        assert find_campaign(session, campaign_id.hex[-8:]) == campaign_id
        assert find_campaign(session, "syyssoitot") == campaign_id
        assert list_campaigns(session)[0].id == campaign_id
    codes = data.questions[0].options
    assert len(codes) >= 5 and all(code == code.lower() for code in codes)


def test_changing_a_campaign_keeps_question_ids(database: Database) -> None:
    from dataclasses import replace

    from db.calling.campaigns import update_campaign

    campaign_id = simple_campaign(
        database, questions=(QuestionData(QuestionKind.YES_NO, "A?"), QuestionData(QuestionKind.FREE_TEXT, "B?"))
    )
    with database.reading() as session:
        data = campaign_data(session, campaign_id)
    first = data.questions[0]
    with database.transaction("Edit") as session:
        update_campaign(session, campaign_id, replace(data, questions=(replace(first, text="A2?"),)))
    with database.reading() as session:
        again = campaign_data(session, campaign_id)
    assert [(question.id, question.text) for question in again.questions] == [(first.id, "A2?")]


def test_phone_invalidated_member_leaves_queue(database: Database, make_member: MakeMember) -> None:
    member = make_member("Wilma", "Wiik", phone="040 500 0000")
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database)])
    with database.transaction("Enter") as session:
        enter_row(session, session.get(CallSheet, sheet(database, campaign_id, 1)), 1, RowEntry("WN"), TODAY)  # type: ignore[arg-type]
    with database.reading() as session:
        assert session.execute(select(ContactPoint.valid).where(ContactPoint.member_id == member)).scalar_one() is False
    other = simple_campaign(database, name="Other")
    assert _queue(database, other).left_out[member] == Reason.NO_PHONE  # type: ignore[index]
