"""The Privacy tab: the export log and its filters, retention rules and purge, access requests, erasure, the
register description."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from db.branches.operations import BranchData, create_branch
from db.core import i18n
from db.core.database import Database
from db.members.models import EndReason, Member
from db.members.operations import create_member
from db.members.records import MembershipData, PersonData
from db.privacy.events import PrivacyEventKind, list_events
from db.privacy.export_log import ExportKind, exports_including, record_export
from db.privacy.models import ExportLogEntry
from db.privacy.register import RegisterSettings, read_register_settings
from db.privacy.retention import RetentionRules, read_rules
from desktop.privacy import tab as tab_module
from desktop.privacy.dialogs import AccessRequestDialog, EraseDialog, PurgeDialog, same_name
from desktop.privacy.log_panels import local_midnight
from desktop.privacy.tab import PrivacyTab
from desktop.shell.context import ShellContext
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.table_model import KEY_ROLE, ROW_OBJECT_ROLE, SORT_ROLE

TODAY = date.today()


@pytest.fixture
def tab(shell_context: ShellContext, qtbot: QtBot) -> Iterator[PrivacyTab]:
    widget = PrivacyTab(shell_context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    shell_context.tasks.wait()


def _person(database: Database, first: str, last: str, *, ended_on: date | None = None, number: str | None = None):  # type: ignore[no-untyped-def]
    with database.transaction("Add member") as session:
        branch = create_branch(session, BranchData(name=f"Osasto {first}"))
        return create_member(
            session,
            PersonData(first, last, member_number=number),
            [],
            MembershipData(
                branch,
                joined_on=date(2015, 1, 1),
                ended_on=ended_on,
                end_reason=EndReason.RESIGNED if ended_on else None,
            ),
        )


def _log_export(database: Database, kind: ExportKind, description: str, at: datetime, **kwargs: Any) -> int:
    with database.transaction("Log") as session:
        entry = record_export(session, kind, description, [], **kwargs)
        session.execute(update(ExportLogEntry).where(ExportLogEntry.id == entry).values(at=at))
        return entry


def _shown_ids(tab: PrivacyTab) -> list[int]:
    model = tab.exports.model
    return [model.data(model.index(row, 0), KEY_ROLE) for row in range(model.rowCount())]


@pytest.fixture
def logged(database: Database) -> dict[str, int]:
    now = datetime.now(UTC)
    return {
        "old_file": _log_export(
            database, ExportKind.MEMBERS_FILE, "All members", now - timedelta(days=40), file_name="/tmp/kaikki.csv"
        ),
        "list": _log_export(
            database, ExportKind.MEMBER_LIST, "Branch: Vaasan osasto", now - timedelta(days=3), recipient="Hallitus"
        ),
        "new_file": _log_export(database, ExportKind.MEMBERS_FILE, "Search: Åhlström", now, file_name="/tmp/a.xlsx"),
    }


# ----------------------------------------------------------------------------------------------- the export log
def test_the_export_log_is_newest_first_and_the_model_is_sound(
    tab: PrivacyTab, logged: dict[str, int], qtmodeltester: Any
) -> None:
    tab.refresh()
    assert _shown_ids(tab) == [logged["new_file"], logged["list"], logged["old_file"]]
    model = tab.exports.model
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "When"
    row = model.data(model.index(1, 0), ROW_OBJECT_ROLE)
    assert row.recipient == "Hallitus"
    assert model.data(model.index(1, 1)) == "Member list printed"
    assert model.data(model.index(1, 3), SORT_ROLE) == 0  # people sort as numbers
    model.sort(2, Qt.SortOrder.AscendingOrder)  # by description
    assert _shown_ids(tab)[0] == logged["old_file"]  # "All members" before "Branch…" and "Search…"
    qtmodeltester.check(tab.events.model)


def test_the_export_log_filters_by_kind_dates_and_words(tab: PrivacyTab, logged: dict[str, int]) -> None:
    tab.refresh()
    panel = tab.exports
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(str(ExportKind.MEMBERS_FILE)))
    assert _shown_ids(tab) == [logged["new_file"], logged["old_file"]]
    panel.kind_box.setCurrentIndex(0)
    panel.from_date.set_value(TODAY - timedelta(days=10))
    assert _shown_ids(tab) == [logged["new_file"], logged["list"]]
    panel.to_date.set_value(TODAY - timedelta(days=1))
    assert _shown_ids(tab) == [logged["list"]]
    panel.from_date.set_value(None)
    panel.to_date.set_value(None)
    panel.search.setText("hallitus")  # the recipient, regardless of case
    assert _shown_ids(tab) == [logged["list"]]
    panel.search.setText("ahlstrom")  # the description, regardless of accents
    assert _shown_ids(tab) == [logged["new_file"]]
    panel.search.setText("kaikki.csv")  # the file
    assert _shown_ids(tab) == [logged["old_file"]]
    assert panel.count_label.text() == "1 export, 0 people in all"


def test_local_midnight_is_the_start_of_the_local_day() -> None:
    moment = local_midnight(date(2026, 3, 1))
    assert moment.tzinfo is not None
    assert moment.astimezone().date() == date(2026, 3, 1) and moment.astimezone().hour == 0


def test_a_new_export_shows_after_members_changed(
    tab: PrivacyTab, shell_context: ShellContext, database: Database
) -> None:
    assert tab.exports.model.rowCount() == 0
    _log_export(database, ExportKind.CALL_SHEET, "Calling", datetime.now(UTC))
    shell_context.events.members_changed.emit()
    assert tab.exports.model.rowCount() == 1


# ---------------------------------------------------------------------------------------- retention and purge
def test_retention_rules_are_saved_restored_and_logged(tab: PrivacyTab, database: Database) -> None:
    assert tab.retention.rules() == RetentionRules()  # the authorities' defaults
    assert "default: 6 months" in tab.retention.hints["lapsed_months"].text()
    tab.retention.spins["lapsed_months"].setValue(9)
    tab.retention.save_button.click()
    with database.reading() as session:
        assert read_rules(session).lapsed_months == 9
        assert [event.kind for event in list_events(session)] == [PrivacyEventKind.RETENTION_RULES]
    assert tab.events.model.rowCount() == 1
    tab.retention.defaults_button.click()
    assert tab.retention.rules() == RetentionRules()


def test_purge_shows_who_first_and_cancelling_changes_nothing(
    tab: PrivacyTab, database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = _person(database, "Greta", "Gone", ended_on=TODAY - timedelta(days=200), number="501")
    _person(database, "Rita", "Recent", ended_on=TODAY - timedelta(days=10))
    _person(database, "Anna", "Active")
    seen: list[list[str]] = []

    def review(dialog: PurgeDialog) -> int:
        seen.append([f"{row.name} {row.member_number}" for row in dialog.model.rows()])
        return 0

    monkeypatch.setattr(PurgeDialog, "exec", review)
    tab.retention.purge_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [["Greta Gone 501"]]
    tab.context.tasks.wait()
    with database.reading() as session:
        assert session.get(Member, gone).erased_at is None  # type: ignore[union-attr]
        assert list_events(session) == []


def test_purge_after_confirming_erases_and_tells_the_other_tabs(
    tab: PrivacyTab, shell_context: ShellContext, database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = _person(database, "Greta", "Gone", ended_on=TODAY - timedelta(days=200))
    kept = _person(database, "Anna", "Active")
    monkeypatch.setattr(PurgeDialog, "exec", lambda _dialog: 1)
    with qtbot.waitSignals(
        [shell_context.events.members_changed, shell_context.events.history_changed], timeout=10_000
    ):
        tab.purge_now()
    with database.reading() as session:
        assert session.get(Member, gone).erased_at is not None  # type: ignore[union-attr]
        assert session.get(Member, kept).erased_at is None  # type: ignore[union-attr]
        assert [event.kind for event in list_events(session)] == [PrivacyEventKind.PURGE]
    assert tab.events.model.rowCount() == 1


def test_purge_with_nobody_due_says_so(tab: PrivacyTab, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    monkeypatch.setattr(PurgeDialog, "exec", lambda _dialog: pytest.fail("nothing to review"))
    tab.purge_now()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert "nothing to purge" in told[0]


def test_purge_refuses_rules_that_were_not_saved(tab: PrivacyTab, monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(tab_module, "show_error", lambda _parent, _title, error: errors.append(str(error)))
    tab.retention.spins["resigned_months"].setValue(1)
    tab.purge_now()
    assert errors and "Save the retention rules first" in errors[0]
    assert not tab.context.tasks.busy


# --------------------------------------------------------------------------------------------- access request
def test_an_access_request_writes_both_files_logs_them_and_shows_the_pdf(
    tab: PrivacyTab, database: Database, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = _person(database, "Ulla", "Utter", number="777")

    def pick(dialog: AccessRequestDialog) -> int:
        qtbot.keyClicks(dialog.picker, "Utter")
        dialog.picker.choose_suggestion(0)
        assert dialog.ok_button.isEnabled()
        dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
        return 1

    monkeypatch.setattr(AccessRequestDialog, "exec", pick)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(tmp_path / "answers"))
    shown: list[bytes] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    tab.access_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    written = sorted(path.suffix for path in (tmp_path / "answers").iterdir())
    assert written == [".json", ".pdf"]
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(shown[0])).pages)
    assert "Ulla Utter" in text
    with database.reading() as session:
        (entry,) = exports_including(session, member)
    assert entry.kind == ExportKind.ACCESS_REQUEST and str(tmp_path / "answers") in (entry.file_name or "")
    assert _shown_ids(tab) == [entry.id]


def test_an_access_request_that_cannot_be_written_leaves_nothing(
    tab: PrivacyTab, database: Database, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _person(database, "Ulla", "Utter")

    def pick(dialog: AccessRequestDialog) -> int:
        qtbot.keyClicks(dialog.picker, "Utter")
        dialog.picker.choose_suggestion(0)
        return 1

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(AccessRequestDialog, "exec", pick)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(blocker / "sub"))
    errors: list[str] = []
    monkeypatch.setattr(tab_module, "show_error", lambda _parent, _title, error: errors.append(str(error)))
    tab.answer_access_request()
    qtbot.waitUntil(lambda: bool(errors), timeout=15_000)
    with database.reading() as session:
        assert list_events(session) == []
    assert tab.exports.model.rowCount() == 0


# ---------------------------------------------------------------------------------------------------- erasure
def test_same_name_ignores_case_and_spacing_but_not_letters() -> None:
    assert same_name("  ulla   UTTER ", "Ulla Utter")
    assert not same_name("Ulla Uter", "Ulla Utter")
    assert not same_name("", "")


def test_erase_needs_the_name_typed_and_then_erases(
    tab: PrivacyTab, shell_context: ShellContext, database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = _person(database, "Ulla", "Utter", number="777")
    states: list[bool] = []

    def confirm(dialog: EraseDialog) -> int:
        assert not dialog.erase_button.isEnabled()
        qtbot.keyClicks(dialog.picker, "Utter")
        dialog.picker.choose_suggestion(0)
        assert "Ulla Utter" in dialog.confirm_label.text()
        assert "cannot be undone" in dialog.warning.text()
        qtbot.keyClicks(dialog.confirm_edit, "Ulla Uter")
        states.append(dialog.erase_button.isEnabled())
        dialog.confirm_edit.setText("ulla utter")
        states.append(dialog.erase_button.isEnabled())
        return 1

    monkeypatch.setattr(EraseDialog, "exec", confirm)
    changed: list[object] = []
    shell_context.events.member_changed.connect(changed.append)
    with qtbot.waitSignals(
        [shell_context.events.members_changed, shell_context.events.history_changed], timeout=10_000
    ):
        tab.erase_button.click()
    assert states == [False, True]
    assert changed == [member]
    with database.reading() as session:
        erased = session.get(Member, member)
        assert erased is not None and erased.erased_at is not None
        assert "Ulla" not in erased.first_name
    assert [row.kind for row in tab.events.model.rows()] == [PrivacyEventKind.ERASURE]
    assert "Ulla" not in tab.events.model.rows()[0].description


def test_erase_cancelled_changes_nothing(tab: PrivacyTab, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    member = _person(database, "Ulla", "Utter")
    monkeypatch.setattr(EraseDialog, "exec", lambda _dialog: 0)
    tab.erase_person()
    assert not tab.context.tasks.busy
    with database.reading() as session:
        kept = session.get(Member, member)
        assert kept is not None and kept.first_name == "Ulla" and kept.erased_at is None


# ------------------------------------------------------------------------------------- register description
def test_register_facts_are_saved_and_printed_in_the_chosen_language(
    tab: PrivacyTab, database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = tab.register_form
    assert form.language() == "fi"  # the district's language
    form.edits["address"].setText("Kauppakatu 1, Vaasa")
    form.edits["contact_person"].setText("Maija Meikäläinen")
    form.edits["email"].setText("toimisto@example.fi")
    form.set_language("sv")
    shown: list[bytes] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    form.print_button.click()  # saves the changed facts first
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    with database.reading() as session:
        assert read_register_settings(session).contact_person == "Maija Meikäläinen"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(shown[0])).pages)
    assert "Testipiiri" in text and "Maija Meikäläinen" in text
    assert PdfReader(BytesIO(shown[0])).metadata is not None


def test_printing_without_the_facts_asks_first(tab: PrivacyTab, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(tab_module, "confirm", lambda _parent, _title, text, _action: asked.append(text) or False)
    assert tab.print_current()
    assert asked and "not filled in" in asked[0]
    assert not tab.context.tasks.busy


def test_register_settings_saved_from_the_form(tab: PrivacyTab, database: Database) -> None:
    tab.register_form.edits["phone"].setText(" +358 40 1234567 ")
    tab.register_form.additional.setPlainText("Paper forms are shredded.")
    tab.register_form.save_button.click()
    with database.reading() as session:
        assert read_register_settings(session) == RegisterSettings(
            phone="+358 40 1234567", additional_information="Paper forms are shredded."
        )


# ----------------------------------------------------------------------------------------------- languages
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_text_is_set_again_in_another_language(
    tab: PrivacyTab, shell_context: ShellContext, logged: dict[str, int], language: str
) -> None:
    tab.refresh()
    i18n.set_language(language)
    shell_context.events.language_changed.emit(language)
    assert tab.pages.tabText(2) == i18n._("Retention rules")
    assert tab.exports.model.headerData(0, Qt.Orientation.Horizontal) == i18n._("When")
    assert tab.exports.kind_box.itemText(0) == i18n._("All kinds")
    assert tab.access_button.text() == i18n._("Access request…")
