"""Merging two members from the card, and the card inside the Members tab."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.core.changelog import Origin
from db.core.database import Database
from db.core.undo import undo_last
from db.members.operations import get_member
from db.members.search import find_members
from desktop.members import merge_dialog as merge_module
from desktop.members.card import MemberCard
from desktop.members.tab import MembersTab
from desktop.shell.context import ShellContext
from tests.desktop.card_helpers import make_context, member_id


@pytest.fixture
def context(database: Database, tmp_path: Path) -> ShellContext:
    return make_context(database, tmp_path)


@pytest.fixture
def card(context: ShellContext, qtbot: QtBot) -> Iterator[MemberCard]:
    widget = MemberCard(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def test_merge_moves_contacts_and_memberships_and_undo_restores(
    card: MemberCard,
    context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keep = member_id(make_member, "Anna", "Virtanen", email="anna@example.fi")
    remove = member_id(make_member, "Anna", "Virtanen-Koski", phone="040 7654321", number="555", branch="Oulun osasto")
    card.show_member(keep)
    card.merge_with()
    dialog = card.merge_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.merge_button.isEnabled()
    qtbot.keyClicks(dialog.picker, "Koski")
    suggestions = dialog.picker.suggestions()
    assert [member for member, _line in suggestions] == [remove]
    dialog.picker.choose_suggestion(0)
    assert dialog.other_id == remove and dialog.merge_button.isEnabled()
    assert dialog.cells[("number", 1)].text() == "555"
    assert dialog.cells[("branch", 1)].text() == "Oulun osasto"
    assert dialog.cells[("memberships", 1)].text() == "1"
    assert dialog.keep_and_remove() == (keep, remove)
    asked: list[str] = []
    monkeypatch.setattr(merge_module, "confirm", lambda _parent, _title, text, _action: asked.append(text) or True)
    with qtbot.waitSignal(context.events.members_changed, timeout=2000), qtbot.waitSignal(card.saved, timeout=2000):
        dialog.merge_button.click()
    assert asked and "Anna Virtanen-Koski" in asked[0]
    assert card.member_id == keep
    assert sorted(row.edit.text() for row in card.contacts.rows) == ["+358 40 7654321", "anna@example.fi"]
    assert sorted(item.branch_name for item in card.memberships.model.rows()) == ["Oulun osasto", "Vaasan osasto"]
    assert card.person.member_number.text() == "555"
    with database.reading() as session:
        assert [summary.id for summary in find_members(session, "Koski", context.today())] == []
        assert [summary.id for summary in find_members(session, "0407654321", context.today())] == [keep]

    with database.transaction("x", Origin.UNDO) as session:
        assert undo_last(session).label == "Merge members"
    with database.reading() as session:
        removed = get_member(session, remove)
        kept = get_member(session, keep)
        assert removed.deleted_at is None and removed.person.member_number == "555"
        assert [contact.value for contact in removed.contacts] == ["+358407654321"]
        assert [contact.value for contact in kept.contacts] == ["anna@example.fi"]
        assert [summary.id for summary in find_members(session, "Koski", context.today())] == [remove]


def test_keeping_the_other_record(
    card: MemberCard, database: Database, make_member: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = member_id(make_member, "Anna", "Virtanen")
    second = member_id(make_member, "Anna", "Virtanen", number="9")
    card.show_member(first)
    card.merge_with()
    dialog = card.merge_dialog
    assert dialog is not None
    dialog.set_other(second)
    dialog.keep_buttons[1].setChecked(True)
    monkeypatch.setattr(merge_module, "confirm", lambda *_args: True)
    dialog.merge_button.click()
    assert card.member_id == second
    with database.reading() as session:
        assert get_member(session, first).deleted_at is not None


def test_declining_the_confirmation_changes_nothing(
    card: MemberCard, database: Database, make_member: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = member_id(make_member, "Anna", "Virtanen")
    second = member_id(make_member, "Anna", "Virtanen")
    card.show_member(first)
    card.merge_with()
    dialog = card.merge_dialog
    assert dialog is not None
    dialog.set_other(second)
    monkeypatch.setattr(merge_module, "confirm", lambda *_args: False)
    dialog.merge_button.click()
    assert dialog.isVisible() and dialog.kept_id is None
    with database.reading() as session:
        assert get_member(session, second).deleted_at is None


def test_the_members_tab_shows_the_selected_member_on_the_card(
    context: ShellContext, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    anna = member_id(make_member, "Anna", "Virtanen")
    tab = MembersTab(context)
    qtbot.addWidget(tab)
    tab.show()
    row = tab.model.row_of(anna)
    assert row is not None
    tab.table.selectRow(row)
    assert tab.card.member_id == anna
    assert tab.card.person.last_name.text() == "Virtanen"
