"""The campaign dialog (details, target rule, script and questions) and the callers dialog.

The dialogs are driven as a user would: keys on the questions list, clicks on buttons, text typed into fields.
The small forms the callers dialog opens are modal; their ``exec`` is replaced by a function that fills them and
presses Save (:func:`answer`), so the callers dialog's own buttons and refreshes are what is exercised.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from db.calling.callers import add_member_caller, add_quick_caller, list_callers
from db.calling.campaigns import (
    MAX_QUESTIONS,
    CampaignData,
    QuestionData,
    QuestionText,
    ScriptText,
    campaign_data,
    create_campaign,
    list_campaigns,
    template,
)
from db.calling.models import CampaignKind, QuestionKind
from db.calling.rules import TargetRule
from db.core.district import get_district
from db.core.undo import next_undo
from db.members.interests import seed_default_interests
from desktop.calling.callers_dialog import CallersDialog, MemberCallerDialog, QuickCallerDialog
from desktop.calling.campaign_dialog import CampaignDialog
from desktop.calling.questions_editor import QuestionRow, QuestionsModel
from desktop.shell.context import ShellContext

D = TypeVar("D", bound=QDialog)
TODAY = date(2025, 10, 15)


@pytest.fixture
def context(shell_context: ShellContext, monkeypatch: pytest.MonkeyPatch) -> ShellContext:
    monkeypatch.setattr(shell_context, "today", lambda: TODAY)
    return shell_context


def open_campaign(
    qtbot: QtBot, context: ShellContext, initial: CampaignData, campaign_id: uuid.UUID | None = None
) -> CampaignDialog:
    dialog = CampaignDialog(context, initial, campaign_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def answer(monkeypatch: pytest.MonkeyPatch, dialog_class: type[D], fill: Callable[[D], None]) -> list[D]:
    """Make ``dialog_class.exec`` fill the dialog and press Save; return the dialogs opened."""
    opened: list[D] = []

    def exec_(dialog: D) -> int:
        opened.append(dialog)
        fill(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return opened


def last_undo_label(context: ShellContext) -> str:
    with context.database.reading() as session:
        step = next_undo(session)
    assert step is not None
    return step.label


# ------------------------------------------------------------------------------------------------ campaigns
def test_questions_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = QuestionsModel()
    model.set_rows([QuestionRow(QuestionKind.YES_NO, "a"), QuestionRow(QuestionKind.FREE_TEXT, "b")])
    qtmodeltester.check(model)
    assert model.move(0, 1) == 1
    assert [row.text for row in model.rows()] == ["b", "a"]
    assert model.move(1, 1) == 1  # the last row goes no further
    model.append(QuestionRow(QuestionKind.ONE_OF, "c", choices=("x", "y")))
    assert model.index(2, 2).data() == "x; y"
    model.remove(0)
    qtmodeltester.check(model)


def test_a_campaign_from_the_welcome_template_is_saved_with_its_questions(qtbot: QtBot, context: ShellContext) -> None:
    with context.database.transaction("Interests") as session:
        seed_default_interests(session)
    dialog = open_campaign(qtbot, context, template(CampaignKind.WELCOME, "en", TODAY))
    with qtbot.waitSignal(context.events.calling_changed):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.campaign_id is not None
    with context.database.reading() as session:
        saved = campaign_data(session, dialog.campaign_id)
    assert saved.name == "Welcome call"
    assert saved.kind == CampaignKind.WELCOME
    assert [question.kind for question in saved.questions] == [
        QuestionKind.INTERESTS,
        QuestionKind.GODPARENT,
        QuestionKind.CHECK_EMAIL,
    ]
    assert saved.questions[0].options, "the interests offered are frozen with the question"
    assert saved.rule.joined_within_days == 90 and saved.rule.kinds == ("member",)
    assert (saved.cooldown_days, saved.passes) == (2, 3)
    assert last_undo_label(context) == "New campaign"


def test_the_script_is_written_in_another_language_beside_the_words_as_written(
    qtbot: QtBot, context: ShellContext
) -> None:
    one_of = QuestionData(QuestionKind.ONE_OF, "Miten haluat lehden?", ("Postissa", "Sähköpostilla"))
    initial = CampaignData(
        name="Lehtikysely", intro="Hei!", closing="Kiitos!", questions=(one_of,), script_language="fi"
    )
    dialog = open_campaign(qtbot, context, initial)
    dialog.tabs.setCurrentIndex(2)
    editor = dialog.questions
    assert dialog.script_language.currentData() == "fi" and editor.add_button.isEnabled()

    dialog.script_language.setCurrentIndex(dialog.script_language.findData("sv"))
    # Nothing is written in Swedish yet: the fields are empty, the Finnish shows through, the list is locked.
    assert dialog.intro.toPlainText() == "" and dialog.intro.placeholderText() == "Hei!"
    assert editor.text.text() == "" and editor.text.placeholderText() == "Miten haluat lehden?"
    assert not editor.add_button.isEnabled() and not editor.remove_button.isEnabled()
    assert not editor.kind.isEnabled()
    dialog.intro.setPlainText("Hej!")
    qtbot.keyClicks(editor.text, "Hur vill du ha tidningen?")
    editor.options.setPlainText("Per post\nPer e-post")
    assert editor.model.index(0, 1).data() == "Hur vill du ha tidningen?"

    dialog.script_language.setCurrentIndex(dialog.script_language.findData("fi"))
    assert dialog.intro.toPlainText() == "Hei!" and editor.text.text() == "Miten haluat lehden?"
    assert editor.add_button.isEnabled() and editor.kind.isEnabled()

    with qtbot.waitSignal(context.events.calling_changed):
        dialog.accept()
    assert dialog.campaign_id is not None
    with context.database.reading() as session:
        saved = campaign_data(session, dialog.campaign_id)
    assert (saved.script_language, saved.intro, saved.closing) == ("fi", "Hei!", "Kiitos!")
    assert saved.translations == {"sv": ScriptText("Hej!", "")}
    (question,) = saved.questions
    assert question.text == "Miten haluat lehden?" and question.options == ("Postissa", "Sähköpostilla")
    assert question.translations == {"sv": QuestionText("Hur vill du ha tidningen?", ("Per post", "Per e-post"))}


def test_a_campaign_made_before_scripts_had_languages_is_taken_as_written_in_the_district_s(
    qtbot: QtBot, context: ShellContext
) -> None:
    with context.database.reading() as session:
        district_language = get_district(session).language.value
    dialog = open_campaign(qtbot, context, CampaignData(name="Vanha", intro="Hei!", script_language=None))
    assert dialog.script_language.currentData() == district_language
    assert dialog.campaign_values().script_language == district_language


def test_editing_keeps_question_ids_when_questions_are_moved_and_reworded(qtbot: QtBot, context: ShellContext) -> None:
    with context.database.transaction("Campaign") as session:
        seed_default_interests(session)
        campaign_id = create_campaign(session, template(CampaignKind.MEMBER_CALLING, "en", TODAY))
        before = campaign_data(session, campaign_id)
    interests = next(question for question in before.questions if question.kind == QuestionKind.INTERESTS)
    dialog = open_campaign(qtbot, context, before, campaign_id)
    dialog.tabs.setCurrentIndex(2)
    editor = dialog.questions
    editor.table.setFocus()
    editor.select(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # first question down
    assert editor.current_row() == 1
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "Will you help us in the elections?")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with context.database.reading() as session:
        after = campaign_data(session, campaign_id)
    old_ids = [question.id for question in before.questions]
    assert [question.id for question in after.questions] == [old_ids[1], old_ids[0], *old_ids[2:]]
    assert after.questions[1].text == "Will you help us in the elections?"
    assert after.questions[0].text == before.questions[1].text
    kept = next(question for question in after.questions if question.kind == QuestionKind.INTERESTS)
    assert (kept.id, kept.options) == (interests.id, interests.options)
    assert last_undo_label(context) == "Edit campaign"


def test_the_target_rule_is_stored_as_set(
    qtbot: QtBot, context: ShellContext, make_branch: Callable[..., object]
) -> None:
    vaasa, oulu, _kokkola = make_branch("Vaasan osasto"), make_branch("Oulun osasto"), make_branch("Kokkolan osasto")
    dialog = open_campaign(qtbot, context, CampaignData(name="Syksy"))
    model = dialog.branches_model
    names = [model.item(row).text() for row in range(model.rowCount())]
    assert names == ["Kokkolan osasto", "Oulun osasto", "Vaasan osasto"]
    for name in ("Vaasan osasto", "Oulun osasto"):
        model.item(names.index(name)).setCheckState(Qt.CheckState.Checked)
    dialog.joined_within_days.setValue(30)
    dialog.language_boxes[next(iter(dialog.language_boxes))].setChecked(True)  # Finnish
    dialog.requires_phone.setChecked(False)
    dialog.accept()
    assert dialog.campaign_id is not None
    with context.database.reading() as session:
        stored = campaign_data(session, dialog.campaign_id).rule
    assert stored == TargetRule(
        branch_ids=(oulu, vaasa),  # type: ignore[arg-type]
        kinds=("member",),
        joined_within_days=30,
        languages=("fi",),
        requires_phone=False,
    )


def test_an_end_before_the_start_is_shown_beside_the_end_and_nothing_typed_is_lost(
    qtbot: QtBot, context: ShellContext
) -> None:
    dialog = open_campaign(qtbot, context, template(CampaignKind.OTHER, "en", TODAY))
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Spring calling")
    dialog.starts_on.set_value(date(2026, 3, 1))
    dialog.ends_on.set_value(date(2026, 2, 1))
    dialog.tabs.setCurrentIndex(2)  # Save pressed while looking at another page
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.tabs.currentIndex() == 0, "the page of the refused field is shown"
    assert dialog.errors["ends_on"].isVisible()
    assert "ends before it starts" in dialog.errors["ends_on"].text()
    assert not dialog.errors["name"].isVisible() and not dialog.general_error.isVisible()
    assert dialog.name.text() == "Spring calling"
    assert dialog.ends_on.value() == date(2026, 2, 1)
    with context.database.reading() as session:
        assert list_campaigns(session) == []
    # Put right, it saves, and the error line goes away.
    dialog.ends_on.set_value(date(2026, 4, 1))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.has_error()


def test_a_joining_period_that_ends_before_it_starts_is_shown_on_the_rule_page(
    qtbot: QtBot, context: ShellContext
) -> None:
    dialog = open_campaign(qtbot, context, CampaignData(name="Syksy"))
    dialog.joined_from.set_value(date(2024, 5, 1))
    dialog.joined_to.set_value(date(2024, 1, 1))
    dialog.accept()
    assert dialog.tabs.currentIndex() == 1
    assert dialog.errors["joined_to"].isVisible()
    assert dialog.campaign_id is None


def test_no_more_than_the_most_questions(qtbot: QtBot, context: ShellContext) -> None:
    dialog = open_campaign(qtbot, context, CampaignData(name="Kysely"))
    dialog.tabs.setCurrentIndex(2)
    editor = dialog.questions
    assert editor.model.rowCount() == 0 and not editor.remove_button.isEnabled()
    for _number in range(MAX_QUESTIONS):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == MAX_QUESTIONS
    assert not editor.add_button.isEnabled() and editor.limit_hint.isVisible()
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)  # the key does no more than the button
    assert editor.model.rowCount() == MAX_QUESTIONS
    # A campaign that already has too many (from an older program, say) is refused beside the questions.
    too_many = tuple(QuestionData(QuestionKind.YES_NO, f"Kysymys {n}") for n in range(MAX_QUESTIONS + 1))
    dialog = open_campaign(qtbot, context, CampaignData(name="Kysely", questions=too_many))
    dialog.accept()
    assert dialog.tabs.currentIndex() == 2
    assert dialog.errors["questions"].isVisible() and str(MAX_QUESTIONS) in dialog.errors["questions"].text()
    assert dialog.campaign_id is None


def test_choice_questions_take_one_option_a_line(qtbot: QtBot, context: ShellContext) -> None:
    dialog = open_campaign(qtbot, context, CampaignData(name="Kysely"))
    editor = dialog.questions
    editor.add_question()
    assert editor.options.isHidden(), "a yes-or-no question has no options"
    editor.kind.setCurrentIndex(editor.kind.findData(QuestionKind.ONE_OF))
    assert not editor.options.isHidden()
    qtbot.keyClicks(editor.text, "Which theme?")
    editor.options.setPlainText("Ilmasto\nTyö\n")
    dialog.accept()
    assert dialog.campaign_id is not None
    with context.database.reading() as session:
        (question,) = campaign_data(session, dialog.campaign_id).questions
    assert (question.kind, question.text, question.options) == (
        QuestionKind.ONE_OF,
        "Which theme?",
        ("Ilmasto", "Työ"),
    )


# -------------------------------------------------------------------------------------------------- callers
def open_callers(qtbot: QtBot, context: ShellContext) -> CallersDialog:
    dialog = CallersDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def listed(dialog: CallersDialog) -> list[str]:
    return [caller.name for caller in dialog.callers()]


def test_a_quick_caller_with_a_bad_phone_is_refused_beside_the_phone(
    qtbot: QtBot, context: ShellContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_callers(qtbot, context)
    assert dialog.stack.currentWidget() is dialog.empty
    assert "add a name and phone quickly" in dialog.empty.text.text()

    def fill(form: QuickCallerDialog) -> None:
        form.name.setText("Matti Meikäläinen")
        form.phone.setText("12")

    opened = answer(monkeypatch, QuickCallerDialog, fill)
    qtbot.mouseClick(dialog.add_quick_button, Qt.MouseButton.LeftButton)
    (form,) = opened
    assert form.errors["phone"].text() and form.phone.property("invalid")
    assert form.name.text() == "Matti Meikäläinen"
    assert not dialog.changed and dialog.callers() == []
    with context.database.reading() as session:
        assert list_callers(session, include_inactive=True) == []


def test_a_quick_caller_with_a_good_phone_is_listed(
    qtbot: QtBot, context: ShellContext, monkeypatch: pytest.MonkeyPatch, make_branch: Callable[..., object]
) -> None:
    make_branch("Vaasan osasto")
    dialog = open_callers(qtbot, context)

    def fill(form: QuickCallerDialog) -> None:
        form.name.setText("Matti Meikäläinen")
        form.phone.setText("040 123 4567")
        form.branch.setCurrentIndex(form.branch.findText("Vaasan osasto"))
        form.language.setCurrentIndex(form.language.findData("sv"))

    answer(monkeypatch, QuickCallerDialog, fill)
    with qtbot.waitSignal(dialog.callers_changed):
        qtbot.mouseClick(dialog.add_quick_button, Qt.MouseButton.LeftButton)
    (caller,) = dialog.callers()
    assert (caller.name, caller.phone, caller.branch_name, caller.language) == (
        "Matti Meikäläinen",
        "+358 40 1234567",
        "Vaasan osasto",
        "sv",
    )
    assert dialog.stack.currentWidget() is dialog.table and dialog.selected_caller() == caller
    assert dialog.changed and last_undo_label(context) == "Add caller"


def test_a_member_is_added_as_a_caller(
    qtbot: QtBot, context: ShellContext, monkeypatch: pytest.MonkeyPatch, make_member: Callable[..., object]
) -> None:
    member_id = make_member("Anna", "Virtanen", phone="040 765 4321", branch="Vaasan osasto")
    dialog = open_callers(qtbot, context)

    def fill(form: MemberCallerDialog) -> None:
        qtbot.keyClicks(form.member, "Virtanen")
        assert form.member.suggestions()[0][1].startswith("Anna Virtanen")
        form.member.choose_suggestion(0)

    answer(monkeypatch, MemberCallerDialog, fill)
    qtbot.mouseClick(dialog.add_member_button, Qt.MouseButton.LeftButton)
    (caller,) = dialog.callers()
    assert (caller.member_id, caller.name, caller.branch_name) == (member_id, "Anna Virtanen", "Vaasan osasto")
    assert caller.phone == "+358 40 7654321"


def test_a_member_caller_needs_a_member_chosen(qtbot: QtBot, context: ShellContext) -> None:
    form = MemberCallerDialog(context)
    qtbot.addWidget(form)
    form.show()
    form.accept()
    assert form.isVisible() and form.errors["member"].isVisible() and form.caller_id is None


def test_a_deactivated_caller_is_hidden_unless_inactive_ones_are_shown(qtbot: QtBot, context: ShellContext) -> None:
    with context.database.transaction("Callers") as session:
        add_quick_caller(session, "Aino Aalto", "040 111 2222")
        add_quick_caller(session, "Bertil Berg", "")
    dialog = open_callers(qtbot, context)
    assert listed(dialog) == ["Aino Aalto", "Bertil Berg"]
    assert not dialog.active_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.active_button.text() == "Deactivate"
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert listed(dialog) == ["Bertil Berg"]
    assert last_undo_label(context) == "Deactivate caller"
    dialog.show_inactive.setChecked(True)
    assert listed(dialog) == ["Aino Aalto", "Bertil Berg"]
    assert dialog.model.index(0, 4).data() == "Inactive"
    dialog.table.selectRow(0)
    assert dialog.active_button.text() == "Activate"
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    dialog.show_inactive.setChecked(False)
    assert listed(dialog) == ["Aino Aalto", "Bertil Berg"]
    with context.database.reading() as session:
        assert all(caller.active for caller in list_callers(session))


def test_when_every_caller_is_inactive_the_empty_state_says_how_to_see_them(
    qtbot: QtBot, context: ShellContext
) -> None:
    with context.database.transaction("Callers") as session:
        add_quick_caller(session, "Aino Aalto", "")
    dialog = open_callers(qtbot, context)
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget() is dialog.empty
    assert "Show inactive callers" in dialog.empty.text.text()


def test_a_quick_caller_is_erased_after_a_question_and_a_member_caller_cannot_be_erased_here(
    qtbot: QtBot, context: ShellContext, monkeypatch: pytest.MonkeyPatch, make_member: Callable[..., object]
) -> None:
    member_id = make_member("Anna", "Virtanen", phone="040 765 4321")
    with context.database.transaction("Callers") as session:
        add_quick_caller(session, "Aino Aalto", "040 111 2222")
        add_member_caller(session, member_id)
    asked: list[str] = []
    answers = iter([False, True])

    def confirm(_parent: object, _title: str, text: str, _action: str) -> bool:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr("desktop.calling.callers_dialog.confirm", confirm)
    dialog = open_callers(qtbot, context)
    assert listed(dialog) == ["Aino Aalto", "Anna Virtanen"]
    dialog.table.selectRow(1)
    assert not dialog.erase_button.isEnabled()  # a member is erased with the member, on the Privacy tab
    dialog.table.selectRow(0)
    assert dialog.erase_button.isEnabled()

    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)  # answered No: nothing happens
    assert listed(dialog) == ["Aino Aalto", "Anna Virtanen"] and "Aino Aalto" in asked[0]
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    with context.database.reading() as session:
        erased = next(caller for caller in list_callers(session, include_inactive=True) if caller.member_id is None)
    assert (erased.name, erased.phone, erased.active) == ("—", "", False)
    assert dialog.selected_caller() == erased and not dialog.erase_button.isEnabled()
    assert dialog.changed and last_undo_label(context) == "Erase a caller's personal data"
