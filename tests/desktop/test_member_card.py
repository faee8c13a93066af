"""The member card: showing a member, editing with validation as you type, saving in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from db.core.database import Database
from db.core.i18n import format_day
from db.members.interests import add_interest
from db.members.models import ConsentMethod, ConsentPurpose, ContactKind
from db.members.operations import get_member
from desktop.members.card import MemberCard
from desktop.shell.context import ShellContext
from desktop.shell.table_model import ROW_OBJECT_ROLE
from tests.desktop.card_helpers import change_count, changes_since, make_context, member_id


@pytest.fixture
def context(database: Database, tmp_path: Path) -> ShellContext:
    return make_context(database, tmp_path)


@pytest.fixture
def card(context: ShellContext, qtbot: QtBot) -> Iterator[MemberCard]:
    widget = MemberCard(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """Make QMessageBox.question answer ``button``; return the list the asked titles are collected in."""
    asked: list[str] = []

    def question(_parent: object, title: str, *_args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_empty_card_says_what_to_do(card: MemberCard) -> None:
    assert card.member_id is None
    assert card.stack.currentWidget() is card.empty
    assert "New member" in card.empty.text.text()
    button = next(button for button in card.empty.findChildren(QPushButton) if button.text() == "New member")
    button.click()
    assert card.is_new and card.stack.currentWidget() is card.editor


def test_shows_a_members_fields(card: MemberCard, make_member: Callable[..., object]) -> None:
    anna = member_id(
        make_member,
        number="4711",
        phone="040 1234567",
        email="anna@example.fi",
        city="Vaasa",
        birth_year=1980,
    )
    card.show_member(anna)
    assert card.member_id == anna
    assert card.stack.currentWidget() is card.editor
    assert (card.person.first_name.text(), card.person.last_name.text()) == ("Anna", "Virtanen")
    assert (card.person.member_number.text(), card.person.birth_year.text()) == ("4711", "1980")
    assert card.person.city.text() == "Vaasa"
    assert [row.edit.text() for row in card.contacts.rows] == ["+358 40 1234567", "anna@example.fi"]
    assert [item.branch_name for item in card.memberships.model.rows()] == ["Vaasan osasto"]
    assert card.memberships.model.index(0, 2).data() == "Active"
    assert card.title.text() == "Anna Virtanen"
    assert "Vaasan osasto" in card.subtitle.text()
    assert not card.dirty and not card.save_button.isEnabled()
    assert "Member created" in card.history.summaries()


def test_invalid_phone_is_marked_kept_and_refused_then_saved_once_fixed(
    card: MemberCard, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    anna = member_id(make_member)
    card.show_member(anna)
    before = change_count(database)
    row = card.contacts.add_row(ContactKind.PHONE)
    qtbot.keyClicks(row.edit, "040 12x")
    assert row.edit.property("invalid") is True
    assert not row.error.isHidden() and "not a valid phone number" in row.error.text()
    assert card.dirty
    assert card.save() is False
    assert row.edit.text() == "040 12x"  # never cleared
    assert "Not saved" in card.message.text()
    assert change_count(database) == before
    row.edit.clear()
    qtbot.keyClicks(row.edit, "040 7654321")
    assert row.edit.property("invalid") is False and row.error.isHidden()
    with qtbot.waitSignal(card.saved, timeout=2000) as saved:
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [anna]
    added = [change for change in changes_since(database, before) if change[1] == "contact_point"]
    assert len(added) == 1
    label, _entity, field, row_value = added[0]
    assert label == "Edit member" and field is None
    assert isinstance(row_value, dict) and row_value["value"] == "+358407654321"
    assert not card.dirty


def test_a_refused_name_is_marked_and_nothing_typed_is_lost(
    card: MemberCard, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    anna = member_id(make_member)
    card.show_member(anna)
    before = change_count(database)
    card.person.first_name.clear()
    qtbot.keyClicks(card.person.city, "Oulu")
    card.person.first_name.setText("   ")
    assert card.save() is False
    assert card.person.first_name.property("invalid") is True
    assert card.person.errors["first_name"].text() == "The first name is missing."
    assert card.person.city.text() == "Oulu"
    assert change_count(database) == before


def test_a_taken_member_number_is_refused_beside_the_field(
    card: MemberCard, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    member_id(make_member, "Eero", "Nieminen", number="100")
    anna = member_id(make_member)
    card.show_member(anna)
    qtbot.keyClicks(card.person.member_number, "100")
    assert card.save() is False
    assert "already belongs to Eero Nieminen" in card.person.errors["member_number"].text()
    assert card.person.member_number.text() == "100"


def test_ctrl_s_saves(card: MemberCard, database: Database, make_member: Callable[..., object], qtbot: QtBot) -> None:
    anna = member_id(make_member)
    card.show_member(anna)
    card.activateWindow()
    qtbot.waitUntil(card.isActiveWindow, timeout=2000)
    qtbot.keyClicks(card.person.city, "Kokkola")
    with qtbot.waitSignal(card.saved, timeout=2000):
        qtbot.keyClick(card.person.city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with database.reading() as session:
        assert get_member(session, anna).person.city == "Kokkola"


def test_history_shows_an_edit_newest_first(card: MemberCard, make_member: Callable[..., object], qtbot: QtBot) -> None:
    anna = member_id(make_member, city="Vaasa")
    card.show_member(anna)
    card.person.city.clear()
    qtbot.keyClicks(card.person.city, "Oulu")
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.save()
    newest = card.history.model.index(0, 0).data(ROW_OBJECT_ROLE)
    assert newest.summary == "City: Vaasa → Oulu"
    assert card.history.model.index(0, 1).data() == "Edit member"
    assert card.history.summaries()[-1] == "Member created"


def test_consent_recorded_with_a_past_date_is_saved_and_in_the_history(
    card: MemberCard, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    anna = member_id(make_member)
    card.show_member(anna)
    card.consents.record_consent(ConsentPurpose.PHOTOS)
    dialog = card.consents.dialog
    assert dialog is not None
    dialog.date_edit.setDate(QDate(2021, 5, 3))
    dialog.method_box.setCurrentIndex(dialog.method_box.findData(ConsentMethod.PAPER_FORM))
    dialog.recorded_by.setText("Kaisa")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert card.dirty
    assert [entry.recorded_on for entry in card.consents.pending()] == [date(2021, 5, 3)]
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.save()
    with database.reading() as session:
        current = get_member(session, anna).current_consent(ConsentPurpose.PHOTOS)
    assert current is not None and current.given and current.recorded_on == date(2021, 5, 3)
    day = format_day(date(2021, 5, 3))
    assert f"Consent given: Photos may be published ({day}, Paper form)" in card.history.summaries()
    photos_row = list(ConsentPurpose).index(ConsentPurpose.PHOTOS)
    assert card.consents.current_model.index(photos_row, 1).data() == "Given"


def test_a_future_consent_date_cannot_be_picked(card: MemberCard, make_member: Callable[..., object]) -> None:
    card.show_member(member_id(make_member))
    card.consents.record_consent(None)
    dialog = card.consents.dialog
    assert dialog is not None
    dialog.date_edit.setDate(QDate.currentDate().addDays(10))
    assert dialog.date_edit.date() == QDate(card.context.today())


def test_membership_interest_and_godparent_are_saved_together(
    card: MemberCard,
    database: Database,
    make_member: Callable[..., object],
    make_branch: Callable[..., object],
    qtbot: QtBot,
) -> None:
    anna = member_id(make_member)
    godparent = member_id(make_member, "Kalle", "Kummi", branch="Oulun osasto")
    with database.transaction("Add interest") as session:
        photos = add_interest(session, "Valokuvaus", "Fotografering", "Photography")
    card.show_member(anna)
    card.memberships.add_membership()
    dialog = card.memberships.dialog
    assert dialog is not None
    dialog.branch_box.setCurrentIndex(dialog.branch_box.findText("Oulun osasto"))
    dialog.joined.set_value(date(2024, 2, 1))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    card.interests.set_checked(photos, True)
    qtbot.keyClicks(card.relations.godparent_picker, "Kummi")
    assert [member for member, _line in card.relations.godparent_picker.suggestions()] == [godparent]
    card.relations.godparent_picker.choose_suggestion(0)
    before = change_count(database)
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.save()
    with database.reading() as session:
        detail = get_member(session, anna)
    assert sorted(record.branch_name for record in detail.memberships) == ["Oulun osasto", "Vaasan osasto"]
    assert detail.interest_ids == [photos]
    assert detail.godparent is not None and detail.godparent.id == godparent
    # One Save, one operation in the change log.
    assert {label for label, *_rest in changes_since(database, before)} == {"Edit member"}


def test_a_membership_that_ends_before_it_began_is_refused_in_the_dialog(
    card: MemberCard, make_member: Callable[..., object]
) -> None:
    card.show_member(member_id(make_member))
    card.memberships.edit_membership(0)
    dialog = card.memberships.dialog
    assert dialog is not None
    dialog.ended.set_value(date(2019, 1, 1))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.error.text() == "The membership cannot end before it began."
    assert not card.dirty


def test_unsaved_changes_prompt_cancel_discard_and_save(
    card: MemberCard,
    database: Database,
    make_member: Callable[..., object],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = member_id(make_member)
    card.show_member(anna)
    assert card.confirm_leave()  # nothing changed, nothing asked
    qtbot.keyClicks(card.person.first_name, "-Maria")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert card.confirm_leave() is False
    assert asked == ["Unsaved changes"]
    assert card.dirty and card.person.first_name.text() == "Anna-Maria"
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.confirm_leave() is True
    with database.reading() as session:
        assert get_member(session, anna).person.first_name == "Anna-Maria"
    qtbot.keyClicks(card.person.first_name, "x")
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    assert card.confirm_leave() is True
    with database.reading() as session:
        assert get_member(session, anna).person.first_name == "Anna-Maria"


def test_new_member_is_added_in_one_transaction(
    card: MemberCard, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    member_id(make_member)  # the district has a branch and a member already
    card.start_new()
    assert card.member_id is None and card.title.text() == "New member"
    assert card.person.first_name.hasFocus() or not card.isActiveWindow()
    qtbot.keyClicks(card.person.first_name, "Eero")
    qtbot.keyClicks(card.person.last_name, "Nieminen")
    qtbot.keyClicks(card.contacts.add_row(ContactKind.EMAIL).edit, "eero@example.fi")
    before = change_count(database)
    with qtbot.waitSignal(card.saved, timeout=2000) as saved:
        assert card.save()
    new_id = saved.args[0]
    assert isinstance(new_id, uuid.UUID) and card.member_id == new_id and not card.is_new
    assert {label for label, *_rest in changes_since(database, before)} == {"Add member"}
    with database.reading() as session:
        assert [contact.value for contact in get_member(session, new_id).contacts] == ["eero@example.fi"]


def test_birth_year_is_checked_once_it_has_four_digits(card: MemberCard, qtbot: QtBot) -> None:
    card.start_new()
    qtbot.keyClicks(card.person.birth_year, "18")
    assert card.person.errors["birth_year"].isHidden()
    qtbot.keyClicks(card.person.birth_year, "01")
    assert "not possible" in card.person.errors["birth_year"].text()
    assert card.person.birth_year.text() == "1801"


def test_retranslate_keeps_what_was_typed(card: MemberCard, make_member: Callable[..., object], qtbot: QtBot) -> None:
    card.show_member(member_id(make_member))
    qtbot.keyClicks(card.person.city, "Pori")
    card.retranslate()
    assert card.person.city.text() == "Pori" and card.dirty
    assert card.tabs.tabText(0) == "Person"


def test_models_pass_the_model_tester(
    card: MemberCard, make_member: Callable[..., object], qtmodeltester: object
) -> None:
    card.show_member(member_id(make_member, phone="040 1234567"))
    for model in (card.memberships.model, card.consents.current_model, card.history.model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_joining_a_household_and_a_picker_left_unchosen(
    card: MemberCard, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    anna = member_id(make_member)
    pekka = member_id(make_member, "Pekka", "Koivisto")
    card.show_member(anna)
    picker = card.relations.godparent_picker
    qtbot.keyClicks(picker, "Koiv")
    picker.completer_popup().hide()  # the user leaves the field without choosing
    picker.editingFinished.emit()
    assert picker.text() == "" and picker.chosen_id is None and not card.relations.godparent_dirty
    qtbot.keyClicks(card.relations.join_picker, "Koivisto")
    card.relations.join_picker.choose_suggestion(0)
    assert "Pekka Koivisto" in card.relations.pending_label.text()
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.save()
    with database.reading() as session:
        assert get_member(session, anna).household_id == get_member(session, pekka).household_id is not None
    assert "Pekka Koivisto" in card.relations.household_members.text()
    assert card.relations.leave_button.isEnabled()


def test_do_not_call_is_shown_and_can_be_cleared(
    card: MemberCard, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    from db.members.models import Member

    anna = member_id(make_member)
    with database.transaction("A call's do-not-call") as session:
        person = session.get(Member, anna)
        assert person is not None
        person.do_not_call = True
    card.show_member(anna)
    box = card.contacts.do_not_call_box
    assert box.isChecked() and not card.dirty
    box.setChecked(False)
    assert card.dirty
    with qtbot.waitSignal(card.saved, timeout=2000):
        assert card.save()
    with database.reading() as session:
        person = session.get(Member, anna)
        assert person is not None and person.do_not_call is False
    card.show_member(anna)
    assert not card.contacts.do_not_call_box.isChecked()
