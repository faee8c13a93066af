"""The Newsletter issues tab: a publication and its issues through their statuses, articles, the branches' local
news and the silent branches, the readers by channel, address labels through the preview, and the mailing list.

Modal dialogs are answered by replacing their ``exec`` with a function that fills the dialog the way a user would
and presses a button; previews are caught the same way (see test_calling_tab.py).
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from db.core import i18n
from db.core.database import Database
from db.core.i18n import label_text
from db.core.undo import next_undo
from db.newsletters.articles import list_articles
from db.newsletters.contributions import ask_branches, issue_contributions, record_received
from db.newsletters.issues import issue_row
from db.newsletters.labels import LAYOUTS, read_label_settings
from db.newsletters.models import ArticleStatus, ContributionStatus, IssueStatus
from db.privacy.export_log import ExportKind, list_exports
from desktop.meetings.fields import select_value
from desktop.newsletters.article_dialogs import ReceivedDialog
from desktop.newsletters.articles_section import articles_model
from desktop.newsletters.issue_page import DISTRIBUTION_PAGE
from desktop.newsletters.labels_dialog import PRINT, TEST, LabelsDialog
from desktop.newsletters.news_section import ContributionsModel
from desktop.newsletters.publication_dialog import IssueDialog, PublicationDialog
from desktop.newsletters.tab import NewslettersTab
from desktop.shell.context import ShellContext
from desktop.shell.pdf_preview import PdfPreviewDialog
from tests.db.branch_helpers import new_branch
from tests.db.newsletter_helpers import new_issue, new_publication, reader

TODAY = date.today()  # the readers' memberships and consents are dated from today
D = TypeVar("D")


@pytest.fixture
def tab(shell_context: ShellContext, qtbot: QtBot) -> Iterator[NewslettersTab]:
    widget = NewslettersTab(shell_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    yield widget
    shell_context.tasks.wait()


def answer(monkeypatch: pytest.MonkeyPatch, dialog_class: type[D], fill: Callable[[D], None]) -> list[D]:
    """Make ``dialog_class.exec`` fill the dialog and press OK (unless ``fill`` closed it); return the dialogs."""
    opened: list[D] = []

    def exec_(dialog: Any) -> int:
        opened.append(dialog)
        fill(dialog)
        if dialog.result() == 0 and getattr(dialog, "action", None) is None:
            dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return opened


def undo_label(database: Database) -> str:
    with database.reading() as session:
        step = next_undo(session)
    assert step is not None
    return step.label


def shown_issue(tab: NewslettersTab, issue_id: uuid.UUID) -> None:
    tab.context.events.newsletters_changed.emit()
    tab._publication_chosen(issue_id)
    assert tab.page.issue is not None and tab.page.issue.id == issue_id


# ------------------------------------------------------------------------------------------------------- models
def test_list_models_pass_the_model_tester(
    qtmodeltester: Any, tab: NewslettersTab, shell_context: ShellContext, database: Database
) -> None:
    paper = new_publication(database)
    first, second = new_issue(database, paper), new_issue(database, paper, theme="Vaalit")
    branch = new_branch(database, "Vaasan osasto")
    new_branch(database, "Mustasaaren osasto")
    with database.transaction("ask") as session:
        ask_branches(session, second, TODAY)
        contribution = next(row for row in issue_contributions(session, second) if row.branch_id == branch)
        assert contribution.id is not None
        record_received(session, contribution.id, "Kevätkokous", TODAY)
    shown_issue(tab, second)
    shell_context.tasks.wait()
    qtmodeltester.check(tab.model)
    assert [tab.model.index(row, 0).data() for row in range(2)] == [f"2/{TODAY.year}", f"1/{TODAY.year}"]
    assert tab.model.row_at(1).id == first  # type: ignore[union-attr]
    qtmodeltester.check(tab.page.articles.model)
    qtmodeltester.check(tab.page.news.model)
    with database.reading() as session:
        articles = list_articles(session, second)
        contributions = issue_contributions(session, second)
    standalone = articles_model()
    standalone.set_rows(articles * 3)
    qtmodeltester.check(standalone)
    contributions_model = ContributionsModel()
    contributions_model.set_rows(contributions)
    qtmodeltester.check(contributions_model)


# ------------------------------------------------------------------------------------- publication and issues
def test_publication_and_issue_through_their_statuses(
    tab: NewslettersTab, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tab.stack.currentWidget() is tab.empty  # no publication yet: the empty state offers one

    def fill_publication(dialog: PublicationDialog) -> None:
        dialog.name.setText("Piirilehti")
        dialog.code.setText("Lehti")
        dialog.target.setValue(4)

    answer(monkeypatch, PublicationDialog, fill_publication)
    tab.new_publication()
    assert tab.stack.currentIndex() == 0
    assert tab.current_publication() is not None and tab.current_publication().code == "Lehti"  # type: ignore[union-attr]
    assert tab.detail.currentWidget() is tab.no_issue and tab.no_issue._button_widgets  # plan the first issue
    assert tab.progress.text().startswith("0 of 4 issues this period")

    def fill_issue(dialog: IssueDialog) -> None:
        dialog.theme.setText("Kuntavaalit")
        dialog.copy_deadline.set_value(TODAY)

    answer(monkeypatch, IssueDialog, fill_issue)
    tab.new_issue()
    issue = tab.current_issue()
    assert issue is not None and issue.name == f"Lehti 1/{TODAY.year}" and issue.status == IssueStatus.PLANNING
    assert tab.page.heading.text() == f"Lehti 1/{TODAY.year} – Kuntavaalit"
    assert tab.page.offered_statuses() == list(IssueStatus)[1:]

    tab.page.move_to(IssueStatus.LAYOUT)  # forward past collecting and editing
    assert undo_label(database) == f"Lehti 1/{TODAY.year}: Layout"
    # One step back, or any step forward: never back to planning or collecting from layout.
    assert tab.page.offered_statuses() == [IssueStatus.EDITING, IssueStatus.PRINTING, IssueStatus.DISTRIBUTED]
    assert IssueStatus.PLANNING not in tab.page.offered_statuses()
    tab.page.move_to(IssueStatus.DISTRIBUTED)
    with database.reading() as session:
        done = issue_row(session, issue.id)
    # Dated the day it was marked distributed, not the day this module was imported (a run may pass midnight).
    assert done.status == IssueStatus.DISTRIBUTED and done.publication_date == date.today()
    assert tab.progress.text().startswith("1 of 4 issues this period")
    assert tab.page.offered_statuses() == [IssueStatus.PRINTING]


# ------------------------------------------------------------------------------------------------- local news
def test_ctrl_n_adds_the_first_publication_then_the_next_issue(
    tab: NewslettersTab, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill_publication(dialog: PublicationDialog) -> None:
        dialog.name.setText("Piirilehti")
        dialog.code.setText("Lehti")

    publications = answer(monkeypatch, PublicationDialog, fill_publication)
    issues = answer(monkeypatch, IssueDialog, lambda dialog: dialog.theme.setText("Kuntavaalit"))
    qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(publications) == 1 and not issues
    assert tab.current_publication() is not None
    qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(publications) == 1 and len(issues) == 1
    issue = tab.current_issue()
    assert issue is not None and issue.name == f"Lehti 1/{TODAY.year}"


def test_asking_branches_and_recording_what_one_sent_names_the_silent_ones(
    tab: NewslettersTab, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Alajärven osasto", "Kokkolan osasto", "Vaasan osasto"):
        new_branch(database, name)
    paper = new_publication(database)
    earlier = new_issue(database, paper, 1)
    with database.transaction("ask") as session:
        ask_branches(session, earlier, TODAY)
    current = new_issue(database, paper, 2)
    shown_issue(tab, current)
    news = tab.page.news
    assert [row.status for row in news.model.rows()] == [None, None, None]

    news.ask_all()
    assert [row.status for row in news.model.rows()] == [ContributionStatus.ASKED] * 3
    assert undo_label(database) == f"Ask the branches for local news for Paper 2/{TODAY.year}"
    news.view.selectRow(2)  # Vaasan osasto

    def fill(dialog: ReceivedDialog) -> None:
        assert dialog.make_article.isChecked()
        dialog.what.setText("Kevätkokouksen kuulumiset")
        dialog.length.setValue(1800)

    answer(monkeypatch, ReceivedDialog, fill)
    news.received()
    vaasa = next(row for row in news.model.rows() if row.branch == "Vaasan osasto")
    assert vaasa.status == ContributionStatus.RECEIVED and vaasa.what == "Kevätkokouksen kuulumiset"
    articles = tab.page.articles.model.rows()
    assert [(row.title, row.branch, row.length, row.status) for row in articles] == [
        ("Kevätkokouksen kuulumiset", "Vaasan osasto", 1800, ArticleStatus.RECEIVED)
    ]
    # Asked for two issues, never sent anything: named under the list and marked in it.
    assert news.silent_branches() == ["Alajärven osasto", "Kokkolan osasto"]
    assert "Alajärven osasto, Kokkolan osasto" in news.silent.text()
    assert news.model.index(0, 0).data().startswith("⚠")
    assert not news.model.index(2, 0).data().startswith("⚠")
    assert "1 of 3 branches sent news" in tab.page.facts.text()


# ----------------------------------------------------------------------------------------------- distribution
@pytest.fixture
def readers(database: Database) -> dict[str, uuid.UUID]:
    branch = new_branch(database, "Vaasan osasto")
    return {
        "post": reader(database, branch, "Paavo", "Posti", postal_code="65100"),
        "both": reader(
            database, branch, "Bo", "Båda", email="bo@example.fi", news=True, post=True, postal_code="65200"
        ),
        "email": reader(database, branch, "Eeva", "Sähkö", email="eeva@example.fi", news=True),
    }


def test_labels_print_through_the_preview_and_are_logged_and_counted(
    tab: NewslettersTab,
    shell_context: ShellContext,
    database: Database,
    readers: dict[str, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paper = new_publication(database, extra_copies=10)
    issue_id = new_issue(database, paper)
    shown_issue(tab, issue_id)
    assert shell_context.tasks.wait()
    tab.page.pages.setCurrentIndex(DISTRIBUTION_PAGE)
    distribution = tab.page.distribution
    assert distribution.counts is not None
    assert (distribution.counts.readers, distribution.counts.labels, distribution.counts.emails) == (3, 2, 2)
    assert distribution.values[-1].text().startswith("2 by post + 10 extra = 12")

    shown: list[bytes] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)

    def test_sheet(dialog: LabelsDialog) -> None:
        select_value(dialog.layout_box, "3x7-63.5x38.1")
        dialog.offset_x.setValue(1.5)
        dialog.choose(TEST)

    answer(monkeypatch, LabelsDialog, test_sheet)
    distribution.print_labels()
    assert shell_context.tasks.wait()
    assert len(shown) == 1 and shown[0].startswith(b"%PDF")
    with database.reading() as session:
        assert list_exports(session) == []  # a test sheet carries nobody
        settings = read_label_settings(session)
    assert (settings.layout, settings.offset_x) == ("3x7-63.5x38.1", 1.5)  # kept for the next printing

    def print_them(dialog: LabelsDialog) -> None:
        assert dialog.layout_box.currentData() == "3x7-63.5x38.1"  # the setting kept
        assert dialog.skip.maximum() == LAYOUTS["3x7-63.5x38.1"].per_sheet - 1
        dialog.skip.setValue(3)
        dialog.choose(PRINT)

    answer(monkeypatch, LabelsDialog, print_them)
    tab.print_current()
    assert shell_context.tasks.wait()
    assert len(shown) == 2 and shown[1].startswith(b"%PDF")
    with database.reading() as session:
        exports = list_exports(session)
        row = issue_row(session, issue_id)
    assert [(entry.kind, entry.people, label_text(entry.description)) for entry in exports] == [
        (ExportKind.MEMBER_LIST, 2, f"Address labels of Paper 1/{TODAY.year}")
    ]
    assert row.postal_copies == 2  # the print run no longer follows the register
    assert tab.model.index(0, 6).data() == "12"


def test_mailing_list_is_written_as_csv_and_logged(
    tab: NewslettersTab,
    shell_context: ShellContext,
    database: Database,
    readers: dict[str, uuid.UUID],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paper = new_publication(database)
    issue_id = new_issue(database, paper)
    shown_issue(tab, issue_id)
    target = tmp_path / "jakelu"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    tab.page.distribution.export_mailing_list()
    assert shell_context.tasks.wait()
    written = target.with_suffix(".csv")
    with written.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines == [
        ["email", "first_name", "last_name", "language"],
        ["bo@example.fi", "Bo", "Båda", "fi"],
        ["eeva@example.fi", "Eeva", "Sähkö", "fi"],
    ]
    with database.reading() as session:
        exports = list_exports(session)
    assert [(entry.kind, entry.people, label_text(entry.recipient or ""), entry.file_name) for entry in exports] == [
        (ExportKind.MEMBERS_FILE, 2, "The mailing service", str(written))
    ]


def test_language_switch_sets_the_texts_again(tab: NewslettersTab, database: Database) -> None:
    paper = new_publication(database)
    issue_id = new_issue(database, paper)
    shown_issue(tab, issue_id)
    i18n.set_language("sv")
    tab.context.events.language_changed.emit("sv")
    swedish = i18n.translator("sv")
    assert tab.model.headerData(4, Qt.Orientation.Horizontal) == swedish.gettext("Status")
    assert tab.page.facts.text().split(" · ")[1] == swedish.gettext("Planning") != "Planning"
