"""The duplicate warning while a new member is typed, and what its buttons do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.core.database import Database
from db.members.duplicates import DuplicateReason
from db.members.models import ContactKind, Member
from desktop.members import card as card_module
from desktop.members.card import MemberCard
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


def _confirm_answers(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def confirm(_parent: object, title: str, _text: str, _action: str) -> bool:
        asked.append(title)
        return answer

    monkeypatch.setattr(card_module, "confirm", confirm)
    return asked


def _members(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(select(func.count()).select_from(Member)).scalar_one())


def _type_new_anna(card: MemberCard, qtbot: QtBot) -> None:
    card.start_new()
    qtbot.keyClicks(card.person.first_name, "Anne")
    qtbot.keyClicks(card.person.last_name, "Koski")
    email = card.contacts.add_row(ContactKind.EMAIL)
    with qtbot.waitSignal(card.duplicates.updated, timeout=2000):
        qtbot.keyClicks(email.edit, "Anna@Example.fi")


def test_an_existing_member_with_the_same_email_is_a_candidate(
    card: MemberCard, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    anna = member_id(make_member, email="anna@example.fi")
    _type_new_anna(card, qtbot)
    assert card.duplicates.isVisible()
    assert [candidate.member_id for candidate in card.duplicates.candidates] == [anna]
    candidate = card.duplicates.candidates[0]
    assert candidate.reasons == (DuplicateReason.EMAIL,)
    assert candidate.reason_text() == "same e-mail address"
    assert candidate.branch_name == "Vaasan osasto"


def test_it_is_a_different_person_hides_the_warning_for_this_new_member(
    card: MemberCard,
    database: Database,
    make_member: Callable[..., object],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = member_id(make_member, email="anna@example.fi", birth_year=1980)
    _type_new_anna(card, qtbot)
    buttons = card.duplicates.buttons_of(anna)
    assert buttons is not None
    buttons[1].click()
    assert not card.duplicates.isVisible() and not card.duplicates.has_candidates()
    # Typing more that matches the same person again does not bring the warning back.
    with qtbot.waitSignal(card.duplicates.updated, timeout=2000):
        qtbot.keyClicks(card.person.birth_year, "1980")
    assert not card.duplicates.isVisible()
    asked = _confirm_answers(monkeypatch, False)
    before = _members(database)
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.save()
    assert asked == []  # the user already said it is someone else
    assert _members(database) == before + 1


def test_saving_with_a_visible_warning_asks_once(
    card: MemberCard,
    database: Database,
    make_member: Callable[..., object],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member_id(make_member, email="anna@example.fi")
    _type_new_anna(card, qtbot)
    before = _members(database)
    asked = _confirm_answers(monkeypatch, False)
    assert card.save() is False
    assert asked == ["Possible duplicate"]
    assert _members(database) == before
    assert card.person.first_name.text() == "Anne"  # nothing typed is lost
    asked = _confirm_answers(monkeypatch, True)
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.save()
    assert asked == ["Possible duplicate"]
    assert _members(database) == before + 1


def test_open_shows_the_existing_member_after_discarding_the_new_one(
    card: MemberCard, make_member: Callable[..., object], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = member_id(make_member, email="anna@example.fi")
    _type_new_anna(card, qtbot)
    buttons = card.duplicates.buttons_of(anna)
    assert buttons is not None
    asked = _confirm_answers(monkeypatch, False)
    buttons[0].click()
    assert card.is_new and asked == ["Open existing member"]
    _confirm_answers(monkeypatch, True)
    buttons[0].click()
    assert card.member_id == anna and not card.is_new
    assert card.person.first_name.text() == "Anna"
    assert not card.duplicates.isVisible()


def test_no_warning_while_editing_an_existing_member(
    card: MemberCard, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    member_id(make_member, email="anna@example.fi")
    other = member_id(make_member, "Eero", "Nieminen")
    card.show_member(other)
    row = card.contacts.add_row(ContactKind.EMAIL)
    qtbot.keyClicks(row.edit, "anna@example.fi")
    card.duplicates.check_now()
    assert not card.duplicates.isVisible() and card.duplicates.candidates == []
