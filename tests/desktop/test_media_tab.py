"""The Media tab: items with their outlets and statuses, the calendar, the figures, XLSX export, press releases,
and outlets with their contacts.

Modal dialogs are answered by replacing their ``exec`` with a function that fills the dialog the way a user would
and presses OK; previews are caught the same way (see test_calling_tab.py).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from db.core import i18n
from db.core.changelog import Origin
from db.core.database import Database
from db.core.undo import next_undo, undo_last
from db.media.figures import CalendarMark
from db.media.items import MediaItemData, create_item, item_data, list_items
from db.media.models import MediaItemKind, MediaItemStatus
from db.media.outlets import ContactData, OutletData, add_contact, create_outlet, list_contacts
from db.privacy.export_log import ExportKind, list_exports
from desktop.media import outlets_dialog
from desktop.media import tab as media_tab
from desktop.media.calendar_view import WEEK
from desktop.media.figures_view import FigureRow, FiguresModel
from desktop.media.item_dialog import MediaItemDialog
from desktop.media.list_model import MediaListModel
from desktop.media.outlets_dialog import ContactDialog, OutletsDialog
from desktop.media.tab import MediaTab
from desktop.meetings.fields import select_value
from desktop.shell.context import ShellContext
from desktop.shell.pdf_preview import PdfPreviewDialog

TODAY = date(2026, 6, 15)  # a Monday
D = TypeVar("D")


@pytest.fixture
def context(shell_context: ShellContext) -> ShellContext:
    shell_context.today = lambda: TODAY  # type: ignore[method-assign]
    return shell_context


@pytest.fixture
def tab(context: ShellContext, qtbot: QtBot) -> Iterator[MediaTab]:
    widget = MediaTab(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    yield widget
    context.tasks.wait()


def answer(monkeypatch: pytest.MonkeyPatch, dialog_class: type[D], fill: Callable[[D], None]) -> list[D]:
    """Make ``dialog_class.exec`` fill the dialog and press OK; return the dialogs opened."""
    opened: list[D] = []

    def exec_(dialog: Any) -> int:
        opened.append(dialog)
        fill(dialog)
        if dialog.result() == 0:
            dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return opened


def outlet(database: Database, name: str) -> uuid.UUID:
    with database.transaction("Add outlet") as session:
        return create_outlet(session, OutletData(name=name))


def item(database: Database, title: str, **changes: Any) -> uuid.UUID:
    values: dict[str, Any] = {"kind": MediaItemKind.PRESS_RELEASE, "title": title, **changes}
    with database.transaction("Add item") as session:
        return create_item(session, MediaItemData(**values), TODAY)


def undo_label(database: Database) -> str:
    with database.reading() as session:
        step = next_undo(session)
    assert step is not None
    return step.label


def combo_values(box: Any) -> list[Any]:
    return [box.itemData(index) for index in range(box.count())]


# ------------------------------------------------------------------------------------------------------- models
def test_list_and_figures_models_pass_the_model_tester(qtmodeltester: Any, database: Database) -> None:
    vasabladet = outlet(database, "Vasabladet")
    item(database, "Pressmeddelande", outlet_ids=(vasabladet,), planned_on=date(2026, 6, 1))
    item(database, "Utan datum", kind=MediaItemKind.OP_ED)
    with database.reading() as session:
        rows = list_items(session)
    model = MediaListModel()
    model.set_rows(rows + rows)
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 2).data() == "Pressmeddelande"  # undated items sort last going up, first going down
    figures = FiguresModel()
    figures.set_rows([FigureRow("Op-ed", (1,) * 12), FigureRow("Total", (2,) * 12, is_total=True)])
    qtmodeltester.check(figures)
    assert figures.headerData(13, Qt.Orientation.Horizontal) == "Total"
    assert figures.index(1, 13).data() == "24"


# ------------------------------------------------------------------------------------------- items and statuses
def test_new_item_with_outlets_then_only_allowed_status_moves(
    tab: MediaTab, context: ShellContext, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tab.stack.currentWidget() is tab.empty  # nothing yet: the empty state says what to do
    ilkka, vasabladet = outlet(database, "Ilkka-Pohjalainen"), outlet(database, "Vasabladet")

    def fill_new(dialog: MediaItemDialog) -> None:
        select_value(dialog.kind, MediaItemKind.OP_ED)
        dialog.title_field.setText("Bussturerna behövs")
        select_value(dialog.status, MediaItemStatus.DRAFT)
        dialog.author_name.setText("Kim Kirjoittaja")
        dialog.planned_on.set_value(date(2026, 6, 20))
        dialog.outlets.set_ticked(ilkka, True)
        dialog.outlets.set_ticked(vasabladet, True)

    answer(monkeypatch, MediaItemDialog, fill_new)
    tab.new_item()
    chosen = tab.current_item()
    assert chosen is not None and chosen.title == "Bussturerna behövs"
    assert chosen.outlets == ("Ilkka-Pohjalainen", "Vasabladet") and chosen.author == "Kim Kirjoittaja"
    assert tab.model.index(tab.model.row_of(chosen.id), 4).data() == "Ilkka-Pohjalainen +1"
    assert undo_label(database) == "Add media item “Bussturerna behövs”"

    # A draft may go back to an idea, or on to sent, published or rejected.
    assert tab.offered_statuses() == [
        MediaItemStatus.IDEA,
        MediaItemStatus.SENT,
        MediaItemStatus.PUBLISHED,
        MediaItemStatus.REJECTED,
    ]
    tab.move_to(MediaItemStatus.SENT)
    with database.reading() as session:
        sent = item_data(session, chosen.id)
    assert sent.status == MediaItemStatus.SENT and sent.sent_on == TODAY
    assert undo_label(database) == "Move media item “Bussturerna behövs” to Sent"
    # Sent: back to draft, or published or rejected — never straight back to an idea.
    assert MediaItemStatus.IDEA not in tab.offered_statuses()
    assert tab.offered_statuses() == [MediaItemStatus.DRAFT, MediaItemStatus.PUBLISHED, MediaItemStatus.REJECTED]

    def fill_edit(dialog: MediaItemDialog) -> None:
        assert combo_values(dialog.status) == [
            MediaItemStatus.SENT,
            MediaItemStatus.DRAFT,
            MediaItemStatus.PUBLISHED,
            MediaItemStatus.REJECTED,
        ]
        assert set(dialog.outlets.ticked()) == {ilkka, vasabladet}
        dialog.outlets.set_ticked(ilkka, False)
        select_value(dialog.status, MediaItemStatus.PUBLISHED)

    answer(monkeypatch, MediaItemDialog, fill_edit)
    tab.edit_item()
    with database.reading() as session:
        edited = item_data(session, chosen.id)
    assert edited.outlet_ids == (vasabladet,)
    assert edited.status == MediaItemStatus.PUBLISHED and edited.published_on == TODAY
    assert tab.current_item() is not None and tab.current_item().outlets == ("Vasabladet",)  # type: ignore[union-attr]
    assert tab.offered_statuses() == [MediaItemStatus.SENT]


def test_a_refused_item_keeps_the_dialog_open_with_the_reason(
    tab: MediaTab, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = answer(monkeypatch, MediaItemDialog, lambda dialog: dialog.title_field.setText("   "))
    tab.new_item()
    assert opened[0].errors["title"].isVisible() or opened[0].errors["title"].text()
    with database.reading() as session:
        assert list_items(session) == []


def test_delete_is_undone_by_undo(
    tab: MediaTab, context: ShellContext, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = item(database, "Poistettava", planned_on=TODAY)
    context.events.media_changed.emit()
    tab.choose_item(item_id)
    monkeypatch.setattr(media_tab, "confirm", lambda *args: True)
    tab.delete_item()
    assert tab.model.row_of(item_id) < 0
    assert undo_label(database) == "Delete media item “Poistettava”"
    with database.transaction("", Origin.UNDO) as session:
        undo_last(session)
    context.events.data_changed.emit()
    assert tab.model.row_of(item_id) >= 0


def test_ctrl_n_adds_an_item_and_del_in_the_list_deletes_the_chosen_one(
    tab: MediaTab, context: ShellContext, database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = item(database, "Poistettava", planned_on=TODAY)
    context.events.media_changed.emit()
    tab.choose_item(item_id)
    opened = answer(monkeypatch, MediaItemDialog, lambda dialog: dialog.title_field.setText("Pikanäppäin"))
    qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and opened[0].item_id is not None
    tab.choose_item(item_id)
    asked: list[str] = []
    monkeypatch.setattr(media_tab, "confirm", lambda parent, title, text, action: asked.append(text) or True)
    tab.search.setFocus()
    qtbot.keyClick(tab.search, Qt.Key.Key_Delete)  # in the search field Del deletes text, never an item
    assert asked == [] and tab.model.row_of(item_id) >= 0
    tab.list_view.setFocus()
    qtbot.keyClick(tab.list_view, Qt.Key.Key_Delete)
    assert len(asked) == 1 and tab.model.row_of(item_id) < 0


# ------------------------------------------------------------------------------------------------- the calendar
def test_the_calendar_shows_an_item_on_its_day_and_a_click_chooses_it(
    tab: MediaTab, context: ShellContext, database: Database, qtbot: QtBot
) -> None:
    planned = item(database, "Vappujuhla torilla", planned_on=date(2026, 6, 20))
    published = item(
        database,
        "Piirin kannanotto",
        kind=MediaItemKind.COVERAGE,
        status=MediaItemStatus.PUBLISHED,
        published_on=date(2026, 6, 3),
    )
    context.events.media_changed.emit()
    calendar = tab.calendar
    calendar.go_to_today()
    assert calendar.heading.text() == "June 2026"
    on_day = calendar.entries_on(date(2026, 6, 20))
    assert [(entry.item_id, entry.mark) for entry in on_day] == [(planned, CalendarMark.PLANNED)]
    assert [entry.mark for entry in calendar.entries_on(date(2026, 6, 3))] == [CalendarMark.PUBLISHED]
    assert calendar.entries_on(date(2026, 6, 19)) == []

    calendar.step(1)
    assert calendar.heading.text() == "July 2026"
    assert calendar.entries_on(date(2026, 6, 20)) == []  # the grid starts on Monday 29 June
    calendar.set_mode(WEEK)
    calendar.go_to_today()
    assert calendar.heading.text().startswith("Week 25")
    label = next(label for cell in calendar.cells for label in cell.entries if label.entry.item_id == planned)
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    chosen = tab.current_item()
    assert chosen is not None and chosen.id == planned
    assert any(label.entry.item_id == published for cell in calendar.cells for label in cell.entries) is False


def test_figures_count_the_year_by_kind_and_month(tab: MediaTab, context: ShellContext, database: Database) -> None:
    item(database, "Julkaistu", status=MediaItemStatus.PUBLISHED, published_on=date(2026, 3, 4))
    item(database, "Lähetetty", kind=MediaItemKind.OP_ED, status=MediaItemStatus.SENT, sent_on=date(2026, 3, 9))
    item(database, "Idea", planned_on=date(2026, 3, 1))
    context.events.media_changed.emit()
    rows = tab.figures.model.rows()
    total = rows[-1]
    assert total.is_total and total.months[2] == 2 and total.total == 2
    tab.figures.which.setCurrentIndex(1)  # published only
    assert tab.figures.model.rows()[-1].months[2] == 1
    assert tab.figures.chart.series[0].values[2] == 2.0


# --------------------------------------------------------------------------------------- export and printouts
def test_export_writes_the_workbook_and_logs_it_with_the_authors(
    tab: MediaTab,
    context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    author = make_member("Aino", "Kirjoittaja")
    assert isinstance(author, uuid.UUID)
    item(database, "Jäsenen kirjoitus", kind=MediaItemKind.OP_ED, author_id=author, planned_on=date(2026, 5, 2))
    item(database, "Tiedote", status=MediaItemStatus.PUBLISHED, published_on=date(2026, 5, 5))
    context.events.media_changed.emit()
    target = tmp_path / "media"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    tab.export()
    assert context.tasks.wait()
    written = target.with_suffix(".xlsx")
    workbook = load_workbook(written)
    items = workbook.worksheets[0]
    assert items.max_row == 3 and {items.cell(row, 2).value for row in (2, 3)} == {"Jäsenen kirjoitus", "Tiedote"}
    assert workbook.worksheets[1].title == "Figures 2026"
    with database.reading() as session:
        exports = list_exports(session)
    assert [(entry.kind, entry.people, entry.file_name) for entry in exports] == [(ExportKind.OTHER, 1, str(written))]


def test_press_release_in_swedish_through_the_preview(
    tab: MediaTab, context: ShellContext, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = item(
        database,
        "Distriktet kräver trygg närservice",
        body="Första stycket.\n\nAndra stycket.",
        further_information="Kim Kontakt 040 123 4567",
        planned_on=TODAY,
    )
    context.events.media_changed.emit()
    tab.choose_item(item_id)
    shown: list[bytes] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    tab.print_press_release("sv")
    assert context.tasks.wait()
    assert len(shown) == 1
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(shown[0])).pages)
    swedish = i18n.translator("sv").gettext("Press release").upper()
    assert swedish != "PRESS RELEASE" and swedish in text
    assert "Distriktet kräver trygg närservice" in text and "Kim Kontakt" in text


# ---------------------------------------------------------------------------------------- outlets and contacts
def test_contacts_are_added_and_erased_for_good_after_a_confirmation(
    context: ShellContext, database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    yle = outlet(database, "Yle Pohjanmaa")
    with database.transaction("Add contact") as session:
        add_contact(session, yle, ContactData(name="Jenni Laaksonen", role="toimittaja"))
    dialog = OutletsDialog(context)
    qtbot.addWidget(dialog)
    assert [row.name for row in dialog.outlets.rows()] == ["Yle Pohjanmaa"]
    assert [row.name for row in dialog.contacts.rows()] == ["Jenni Laaksonen"]

    def fill(contact: ContactDialog) -> None:
        contact.name.setText("Tero Hautamäki")
        contact.email.setText("Tero.Hautamaki@example.fi")

    answer(monkeypatch, ContactDialog, fill)
    dialog.add_contact()
    assert undo_label(database) == "Add media contact"  # never the contact's name: labels are kept for good
    assert {row.name: row.data.email for row in dialog.contacts.rows()}["Tero Hautamäki"] == "tero.hautamaki@example.fi"

    asked: list[str] = []
    monkeypatch.setattr(outlets_dialog, "confirm", lambda parent, title, text, action: asked.append(text) or False)
    dialog.contact_view.selectRow(0)
    dialog.erase_contact()
    assert len(dialog.contacts.rows()) == 2  # cancelled: nothing erased
    monkeypatch.setattr(outlets_dialog, "confirm", lambda parent, title, text, action: asked.append(text) or True)
    dialog.erase_contact()
    assert "cannot be undone" in asked[-1]
    with database.reading() as session:
        assert [row.name for row in list_contacts(session, yle)] == ["Tero Hautamäki"]
    assert [row.name for row in dialog.contacts.rows()] == ["Tero Hautamäki"]


def test_language_switch_sets_the_texts_again(tab: MediaTab, context: ShellContext, database: Database) -> None:
    item(database, "Vappujuhla", planned_on=date(2026, 6, 20))
    context.events.media_changed.emit()
    assert tab.calendar.heading.text() == "June 2026"
    i18n.set_language("fi")
    context.events.language_changed.emit("fi")
    finnish = i18n.translator("fi")
    assert tab.year_label.text() == finnish.gettext("&Year") != "&Year"
    assert tab.kind_filter.itemText(1) == finnish.gettext("Press release") != "Press release"
    assert tab.model.headerData(2, Qt.Orientation.Horizontal) == finnish.gettext("Title") != "Title"
    assert tab.calendar.heading.text() == "Kesäkuu 2026"  # the month's name from Babel, capitalised


def test_the_outlets_names_are_shown_in_full(context: ShellContext, database: Database, qtbot: QtBot) -> None:
    # The name column once took only what the others left, and "Österbottens Tidning" read "Österb…".
    for name, area in (
        ("Österbottens Tidning", "Jakobstadsregionen"),
        ("Ilkka-Pohjalainen", "Etelä-Pohjanmaa ja Vaasa"),
        ("Keskipohjanmaa", "Keski-Pohjanmaa"),
    ):
        with database.transaction("Add outlet") as session:
            create_outlet(session, OutletData(name=name, area=area))
    dialog = OutletsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.outlet_view
    assert view.columnWidth(0) >= view.sizeHintForColumn(0)
    assert view.horizontalHeader().length() <= view.viewport().width() + 1  # no column pushed out of sight
