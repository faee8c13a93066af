"""The Members tab: the lazy SQL table, search as you type, filters, saved filters, delete and undo."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from db.core.changelog import Origin
from db.core.undo import undo_last
from db.members.models import MembershipKind, MembershipStatus
from db.members.query import MemberFilter
from desktop.members import tab as members_tab
from desktop.members.tab import MembersTab
from desktop.members.table_model import MembersTableModel
from desktop.shell.context import ShellContext
from desktop.shell.table_model import KEY_ROLE, ROW_OBJECT_ROLE


@pytest.fixture
def people(make_member) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    return {
        "asa": make_member("Åsa", "Åhlström", number="1001", phone="040 123 4567", city="Närpes", branch="Närpes"),
        "matti": make_member("Matti", "Virtanen", number="1002", email="matti@example.fi", branch="Vaasa"),
        "liisa": make_member("Liisa", "Virta", kind=MembershipKind.SUPPORTER, branch="Vaasa", joined_on=None),
    }


def _names(model: MembersTableModel) -> list[str]:
    return [model.data(model.index(row, 1)) for row in range(model.rowCount())]


def test_model_passes_qtmodeltester(shell_context: ShellContext, people, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MembersTableModel(shell_context.database, date.today())
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    row = model.data(model.index(0, 0), ROW_OBJECT_ROLE)
    assert row.id.hex == model.data(model.index(0, 0), KEY_ROLE)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"


def test_sorting_happens_in_the_database(shell_context: ShellContext, people) -> None:  # type: ignore[no-untyped-def]
    model = MembersTableModel(shell_context.database, date.today())
    model.reload()
    assert _names(model) == ["Virta, Liisa", "Virtanen, Matti", "Åhlström, Åsa"]  # Å after the others
    model.sort(0, Qt.SortOrder.DescendingOrder)  # member number
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["1002", "1001", ""]
    model.sort(4, Qt.SortOrder.AscendingOrder)  # status: active before applicant
    assert model.data(model.index(2, 4)) == "Applicant"


def test_search_as_you_type_folds_diacritics(shell_context: ShellContext, people, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.keyClicks(tab.search, "ahlstr")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert _names(tab.model) == ["Åhlström, Åsa"]
    assert tab.count_label.text() == "1 of 3 people"
    tab.search.clear()
    qtbot.keyClicks(tab.search, "0401234567")
    qtbot.waitUntil(lambda: _names(tab.model) == ["Åhlström, Åsa"])


def test_filters_combine(shell_context: ShellContext, people, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    tab.search.setText("virta")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    tab.quick.status_box.setCurrentIndex(tab.quick.status_box.findData(MembershipStatus.ACTIVE))
    assert _names(tab.model) == ["Virtanen, Matti"]
    tab.show_filter(MemberFilter(has_email=False))
    assert sorted(_names(tab.model)) == ["Virta, Liisa", "Åhlström, Åsa"]
    tab.clear_filters()
    assert tab.model.rowCount() == 3


def test_no_match_shows_a_way_back(shell_context: ShellContext, people, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    tab.search.setText("zzzz")
    qtbot.waitUntil(lambda: tab.list_stack.currentWidget() is tab.empty)
    assert tab.empty.title.text() == "No one matches"
    tab.clear_filters()
    assert tab.list_stack.currentWidget() is tab.table


def test_empty_register_says_what_to_do(shell_context: ShellContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.list_stack.currentWidget() is tab.empty
    assert tab.empty.title.text() == "No members yet"
    assert [button.text() for button in tab.empty._button_widgets] == ["Import members…", "New member"]


def test_saved_filter_round_trip(shell_context: ShellContext, people, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_filter(MemberFilter(text="virta", kinds=(MembershipKind.SUPPORTER,)))
    tab.saved_filters.save_current("Supporters named Virta")
    tab.clear_filters()
    tab.saved_filters._fill()
    action = next(a for a in tab.saved_filters.menu_widget.actions() if a.text() == "Supporters named Virta")
    action.trigger()
    assert _names(tab.model) == ["Virta, Liisa"]
    assert tab.search.text() == "virta"


def test_delete_then_undo_brings_the_member_back(
    shell_context: ShellContext, people, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    monkeypatch.setattr(members_tab, "confirm", lambda *args: True)
    row = tab.model.row_of(people["matti"])
    assert row is not None
    tab.table.selectRow(row)
    tab.delete_selected()
    assert "Virtanen, Matti" not in _names(tab.model)
    with shell_context.database.transaction("undo", Origin.UNDO) as session:
        assert undo_last(session).label == "Delete member"
    shell_context.events.members_changed.emit()
    assert "Virtanen, Matti" in _names(tab.model)


def test_delete_asks_first_and_cancel_keeps_everyone(
    shell_context: ShellContext, people, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    asked: list[str] = []
    monkeypatch.setattr(members_tab, "confirm", lambda _parent, _title, text, _action: asked.append(text) or False)
    tab.table.selectAll()
    tab.delete_selected()
    assert asked and "Delete 3 people?" in asked[0]
    assert tab.model.rowCount() == 3


def test_print_list_builds_a_pdf_of_the_rows_shown(
    shell_context: ShellContext, people, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from pypdf import PdfReader

    from desktop.members import printing

    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.show()
    tab.search.setText("virta")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    monkeypatch.setattr(printing.QInputDialog, "getText", lambda *args, **kwargs: ("Vaasan osasto, hallitus", True))
    shown: list[bytes] = []
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    assert tab.print_current()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(shown[0])).pages)
    assert "Virtanen, Matti" in text and "Virta, Liisa" in text
    assert "Åhlström" not in text
    assert "Search: virta" in text
    assert "Vaasan osasto, hallitus" in text  # for whom, on every page
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)


def test_a_hidden_tab_reads_the_database_only_when_shown(shell_context: ShellContext, people, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 0  # built hidden: nothing read yet
    tab.show()
    assert tab.model.rowCount() == 3
    tab.hide()
    shell_context.events.members_changed.emit()
    assert tab._refresh_pending
    tab.show()
    assert not tab._refresh_pending
