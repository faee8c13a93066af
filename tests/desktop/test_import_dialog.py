"""The import wizard: preview, column mapping, the check that lists every problem, the import, cancel and undo."""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.branches.models import Branch
from db.core import i18n
from db.core.database import Database
from db.core.undo import next_undo
from db.members.io import Field, ImportOptions, ImportRefusedError, ImportReport, RowProblem
from db.members.models import Member
from db.members.search import find_members
from desktop.members import import_dialog
from desktop.members.import_dialog import ImportMembersDialog, ImportState, Page
from desktop.shell.context import ShellContext
from desktop.shell.history_actions import HistoryActions
from desktop.shell.tasks import TaskHandle
from tests.desktop.card_helpers import make_context

HEADER = "Jäsennumero;Etunimi;Sukunimi;Sähköposti;Osasto;Liittymispäivä;Lempiruoka"
BRANCH = "Vaasan osasto"


def row(number: int, last: str = "Virtanen", *, branch: str = BRANCH, joined: str = "1.3.2024") -> str:
    return f"{number};Anna;{last}{number};a{number}@example.fi;{branch};{joined};puuro"


def write_file(tmp_path: Path, lines: list[str], name: str = "jasenet.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def member_count(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(select(func.count()).select_from(Member)).scalar_one())


@pytest.fixture
def context(database: Database, tmp_path: Path) -> ShellContext:
    return make_context(database, tmp_path)


@pytest.fixture
def branch(make_branch: Callable[..., object]) -> object:
    return make_branch(BRANCH)


@pytest.fixture
def dialog(context: ShellContext, qtbot: QtBot, branch: object) -> Iterator[ImportMembersDialog]:
    widget = ImportMembersDialog(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    for handle in (widget.load_task, widget.check_task, widget.import_task):
        if handle is not None:
            handle.cancel()
    context.tasks.wait()


def wait(qtbot: QtBot, handle: TaskHandle | None) -> None:
    assert handle is not None
    # handle.done is set by a connection made before the task started, so no result can slip past.
    qtbot.waitUntil(lambda: handle.done, timeout=15_000)


def load(qtbot: QtBot, dialog: ImportMembersDialog, path: Path) -> None:
    wait(qtbot, dialog.load_file(path))


def check(qtbot: QtBot, dialog: ImportMembersDialog) -> None:
    """From the file page, go through columns and options to the check, and wait for it."""
    while dialog.stack.currentIndex() < Page.CHECK:
        assert dialog.next_button.isEnabled(), dialog.stack.currentIndex()
        dialog.next_button.click()
    wait(qtbot, dialog.check_task)


def test_preview_shows_the_first_rows_and_the_detected_columns(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path, qtmodeltester: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file(tmp_path, [HEADER, *(row(n) for n in range(1, 26))])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(path), ""))
    assert not dialog.next_button.isEnabled()

    dialog.file_page.browse_button.click()
    wait(qtbot, dialog.load_task)

    model = dialog.file_page.model
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (20, 7)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Etunimi"
    assert model.headerData(0, Qt.Orientation.Vertical) == "2"  # the line in the file
    assert model.data(model.index(0, 2)) == "Virtanen1"
    assert "25 rows" in dialog.file_page.status.text() and "first 20" in dialog.file_page.status.text()
    assert dialog.columns_page.choices() == [
        Field.MEMBER_NUMBER,
        Field.FIRST_NAME,
        Field.LAST_NAME,
        Field.EMAIL,
        Field.BRANCH,
        Field.JOINED_ON,
        None,  # "Lempiruoka" is not a header Kansli knows
    ]
    assert dialog.header_map() == {}
    # Enter is Next, also from the fields of a page.
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.stack.currentIndex() == Page.COLUMNS
    qtbot.keyClick(dialog.columns_page.combos[0], Qt.Key.Key_Return)
    assert dialog.stack.currentIndex() == Page.OPTIONS
    qtbot.keyClick(dialog.options_page.create_branches, Qt.Key.Key_Return)
    assert dialog.stack.currentIndex() == Page.CHECK
    wait(qtbot, dialog.check_task)


def test_an_unreadable_file_is_explained(dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    load(qtbot, dialog, path)
    assert "old Excel format" in dialog.file_page.problem.text()
    assert dialog.preview is None and not dialog.next_button.isEnabled()


def test_changing_a_column_changes_the_options_and_survives_going_back(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file(tmp_path, [HEADER, row(1), row(2)])
    load(qtbot, dialog, path)
    dialog.go_next()
    columns = dialog.columns_page
    columns.choose(6, Field.NOTES)  # Lempiruoka → notes
    columns.choose(3, None)  # ignore the e-mail column
    assert dialog.header_map() == {"Lempiruoka": "notes", "Sähköposti": "ignore"}

    columns.choose(1, None)  # without first names nothing can be imported
    assert not dialog.next_button.isEnabled()
    assert "No columns of first names" in columns.problem.text()
    columns.choose(1, Field.FIRST_NAME)
    assert dialog.next_button.isEnabled() and not columns.problem.isVisible()

    dialog.go_next()
    dialog.options_page.create_branches.setChecked(True)
    dialog.options_page.skip_invalid.setChecked(True)
    assert dialog.options_page.rejects_edit.text() == str(tmp_path / "jasenet-rejects.csv")
    dialog.go_back()
    dialog.go_back()
    assert dialog.stack.currentIndex() == Page.FILE
    dialog.go_next()
    dialog.go_next()
    assert dialog.columns_page.choices()[3] is None and dialog.options_page.create_branches.isChecked()

    seen: list[ImportOptions] = []

    def fake_import(_database: Database, _path: Path, options: ImportOptions, *_args: object) -> ImportReport:
        seen.append(options)
        return ImportReport(path=path, rows_read=2, created=2, dry_run=options.dry_run)

    monkeypatch.setattr(import_dialog, "import_members", fake_import)
    dialog.go_next()
    wait(qtbot, dialog.check_task)
    assert len(seen) == 1
    assert seen[0].dry_run and seen[0].create_branches and seen[0].skip_invalid
    assert dict(seen[0].header_map) == {"Lempiruoka": "notes", "Sähköposti": "ignore"}
    assert seen[0].rejects_path == tmp_path / "jasenet-rejects.csv"


def test_a_file_without_branches_needs_a_default_branch(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_file(tmp_path, ["Etunimi;Sukunimi", "Anna;Aalto", "Bo;Berg"])
    load(qtbot, dialog, path)
    dialog.go_next()
    dialog.go_next()
    options = dialog.options_page
    assert not dialog.next_button.isEnabled()
    assert "no column of branches" in options.problem.text()
    options.default_branch.setCurrentIndex(options.default_branch.findData(BRANCH))
    assert dialog.next_button.isEnabled() and dialog.import_options().default_branch == BRANCH


def test_a_bad_row_in_the_middle_is_listed_and_nothing_is_imported(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path, database: Database, qtmodeltester: Any
) -> None:
    path = write_file(tmp_path, [HEADER, row(1), row(2, joined="31.2.2024"), row(3)])
    before = member_count(database)
    load(qtbot, dialog, path)
    check(qtbot, dialog)

    problems = dialog.check_page.problems_model
    qtmodeltester.check(problems)
    assert problems.rowCount() == 1
    assert [problems.data(problems.index(0, column)) for column in range(3)] == ["3", "Liittymispäivä", "31.2.2024"]
    assert "is not a date" in problems.data(problems.index(0, 3))
    assert dialog.check_page.problems_view.isVisible()
    assert "cannot be imported" in dialog.check_page.status.text()
    assert "1 row has problems" in dialog.check_page.details.text()
    assert "Lempiruoka" in dialog.check_page.details.text()
    assert not dialog.next_button.isEnabled()
    dialog.go_next()  # Enter or a click on a disabled Import does nothing
    assert dialog.stack.currentIndex() == Page.CHECK
    assert member_count(database) == before

    # Skipping the bad row lets the two others through, and the check says so before anything is written.
    dialog.go_back()
    dialog.options_page.skip_invalid.setChecked(True)
    dialog.go_next()
    wait(qtbot, dialog.check_task)
    assert "2 new members" in dialog.check_page.details.text()
    assert "1 row with problems will be set aside" in dialog.check_page.details.text()
    assert dialog.next_button.isEnabled() and member_count(database) == before


def test_unknown_branches_are_named_with_a_hint_and_can_be_created(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path, context: ShellContext, database: Database
) -> None:
    path = write_file(tmp_path, [HEADER, row(1), row(2, branch="Oulun osasto")])
    load(qtbot, dialog, path)
    check(qtbot, dialog)
    details = dialog.check_page.details.text()
    assert "“Oulun osasto” is not in Kansli" in details and "Create missing branches" in details
    assert not dialog.next_button.isEnabled()

    dialog.go_back()
    dialog.options_page.create_branches.setChecked(True)
    dialog.go_next()
    wait(qtbot, dialog.check_task)
    assert "“Oulun osasto” will be created" in dialog.check_page.details.text()
    with qtbot.waitSignal(context.events.branches_changed, timeout=15_000):
        dialog.next_button.click()
    with database.reading() as session:
        names = set(session.execute(select(Branch.name).where(Branch.deleted_at.is_(None))).scalars())
    assert names == {BRANCH, "Oulun osasto"}


def test_a_good_file_imports_with_progress_and_one_undo_step(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path, context: ShellContext, database: Database
) -> None:
    history_owner = QWidget()
    qtbot.addWidget(history_owner)
    history = HistoryActions(context, history_owner)
    path = write_file(tmp_path, [HEADER, *(row(n) for n in range(1, 31))])
    load(qtbot, dialog, path)
    check(qtbot, dialog)
    assert "30 new members" in dialog.check_page.details.text()
    assert dialog.next_button.text() == "&Import" and dialog.next_button.isEnabled()
    members_changed: list[bool] = []
    context.events.members_changed.connect(lambda: members_changed.append(True))

    with qtbot.waitSignal(context.events.history_changed, timeout=15_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    wait(qtbot, dialog.import_task)

    bar = dialog.import_page.progress
    # The import's work is three units a row (check, write, commit); the bar got there from its progress reports.
    assert (bar.maximum(), bar.value()) == (90, 90)
    assert dialog.import_state == ImportState.DONE and members_changed == [True]
    assert dialog.imported is not None and dialog.imported.created == 30
    assert "30 new members were added" in dialog.import_page.summary.text()
    with database.reading() as session:
        assert len(find_members(session, "Virtanen", context.today())) == 30
        step = next_undo(session)
    assert step is not None and step.label == "Import members from jasenet.csv"
    assert history.undo_action.text() == "&Undo Import members from jasenet.csv"
    assert not dialog.back_button.isEnabled() and dialog.cancel_button.text() == "Close"
    dialog.cancel_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_cancel_during_the_import_imports_nothing(
    dialog: ImportMembersDialog,
    qtbot: QtBot,
    tmp_path: Path,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = import_dialog.import_members
    started = threading.Event()

    def held_import(
        database: Database, path: Path, options: ImportOptions, progress: Any, cancel: threading.Event
    ) -> ImportReport:
        def reporting(done: int, total: int) -> None:
            progress(done, total)
            if not options.dry_run:
                # Hold the import at its first report until the user cancels (or a generous timeout).
                started.set()
                cancel.wait(15)

        return real_import(database, path, options, reporting, cancel)

    monkeypatch.setattr(import_dialog, "import_members", held_import)
    path = write_file(tmp_path, [HEADER, row(1), row(2), row(3)])
    before = member_count(database)
    load(qtbot, dialog, path)
    check(qtbot, dialog)
    dialog.next_button.click()
    qtbot.waitUntil(started.is_set, timeout=15_000)

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc is Cancel
    assert dialog.isVisible(), "the dialog stays until the import has stopped"
    assert dialog.import_state == ImportState.STOPPING and not dialog.cancel_button.isEnabled()
    wait(qtbot, dialog.import_task)

    assert dialog.import_state == ImportState.CANCELLED
    assert dialog.import_page.status.text() == "The import was cancelled; nothing was imported."
    assert member_count(database) == before
    assert dialog.cancel_button.text() == "Close" and dialog.back_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_escape_closes_the_dialog_before_the_import(dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path) -> None:
    load(qtbot, dialog, write_file(tmp_path, [HEADER, row(1)]))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


class MarkedTranslations(gettext.NullTranslations):
    """A stand-in catalog that marks every message it translates."""

    def gettext(self, message: str) -> str:
        return "[fi] " + message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return "[fi] " + (singular if n == 1 else plural)


def test_every_text_follows_the_language(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(qtbot, dialog, write_file(tmp_path, [HEADER, row(1), row(2, joined="31.2.2024")]))
    check(qtbot, dialog)
    monkeypatch.setattr(i18n, "translator", lambda _language: MarkedTranslations())
    i18n.set_language("fi")
    dialog.retranslate()
    texts = [
        dialog.windowTitle(),
        dialog.title.text(),
        dialog.back_button.text(),
        dialog.next_button.text(),
        dialog.cancel_button.text(),
        dialog.check_page.status.text(),
        dialog.check_page.details.text(),
        dialog.check_page.problems_title.text(),
        dialog.check_page.problems_model.headerData(3, Qt.Orientation.Horizontal),
        dialog.file_page.status.text(),
        dialog.file_page.browse_button.toolTip(),
        dialog.columns_page.combos[6].itemText(0),
        dialog.options_page.create_branches.text(),
    ]
    assert [text for text in texts if not text.startswith("[fi] ")] == []


def test_a_refusal_at_import_time_shows_its_problems_where_the_check_does(
    dialog: ImportMembersDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file(tmp_path, [HEADER, row(1), row(2)])

    def import_members(_database: Database, _path: Path, options: ImportOptions, *_args: object) -> ImportReport:
        if options.dry_run:
            return ImportReport(path=path, rows_read=2, created=2, dry_run=True)
        # Somebody added a member with the same number between the check and the import.
        problem = RowProblem(3, "Jäsennumero", "2", "Member number 2 is already in the register.")
        raise ImportRefusedError(ImportReport(path=path, rows_read=2, rejected=1, problems=[problem]))

    monkeypatch.setattr(import_dialog, "import_members", import_members)
    load(qtbot, dialog, path)
    check(qtbot, dialog)
    dialog.next_button.click()
    wait(qtbot, dialog.import_task)

    assert dialog.stack.currentIndex() == Page.CHECK and dialog.import_state == ImportState.NOT_STARTED
    first = dialog.check_page.problems_model.problem_at(0)
    assert first is not None and (first.line, first.column) == (3, "Jäsennumero")
    assert not dialog.next_button.isEnabled() and dialog.back_button.isEnabled()
    assert dialog.imported is None
