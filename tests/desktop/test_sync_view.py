"""The Sync view: enrolment, making and reading packages, the history, conflicts, and the status bar's indicator.

Real databases throughout: a central office store and a district, enrolled with each other by the same db.sync
operations the command-line tests use (tests/sync/network.py); the view runs its work in the real task runner.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.core import i18n
from db.core.changelog import ChangeRecord
from db.core.database import Database
from db.core.i18n import format_day
from db.core.keys import DataKey
from db.core.undo import next_undo
from db.sync.enrolment import EnrolmentReply, accept_reply, add_district, init_central
from db.sync.exchange import import_package
from desktop.members.card import MemberCard
from desktop.shell.context import ShellContext
from desktop.shell.events import AppEvents
from desktop.shell.status_bar import KansliStatusBar
from desktop.shell.table_model import ROW_OBJECT_ROLE
from desktop.shell.tasks import TaskRunner
from desktop.shell.ui_state import UiState
from desktop.sync import operations
from desktop.sync import window as window_module
from desktop.sync.window import SyncWindow
from tests.sync.network import (
    Network,
    add_member,
    edit_member,
    make_network,
    member,
    no_backup,
    node_database,
    snapshot,
)


@pytest.fixture
def network(tmp_path: Path, template_database: Path, database_key: DataKey) -> Iterator[Network]:
    built = make_network(tmp_path, template_database, database_key, ("U",))
    yield built
    built.close()


def _context(database: Database, folder: Path) -> ShellContext:
    settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    return ShellContext(database, AppEvents(), TaskRunner(), UiState(settings))


@pytest.fixture
def context(network: Network, tmp_path: Path) -> Iterator[ShellContext]:
    made = _context(network.districts["U"], tmp_path)
    yield made
    made.tasks.wait()


class Dialogs:
    """The message boxes the view would show, answered and remembered."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.informed: list[str] = []
        self.questions: list[str] = []
        self.answer = True

    def confirm(self, _parent: object, _title: str, text: str, _action: str) -> bool:
        self.questions.append(text)
        return self.answer


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    answered = Dialogs()
    monkeypatch.setattr(window_module, "confirm", answered.confirm)
    monkeypatch.setattr(window_module, "show_error", lambda _p, _t, error: answered.errors.append(str(error)))
    monkeypatch.setattr(window_module, "inform", lambda _p, _t, text: answered.informed.append(text))
    return answered


def _settle(qtbot: QtBot, window: SyncWindow) -> None:
    """Wait until the view's work is done and what it shows has been read again."""
    qtbot.waitUntil(lambda: not window.busy and not window.loading, timeout=10_000)


def _open(qtbot: QtBot, context: ShellContext) -> SyncWindow:
    view = SyncWindow(context)
    qtbot.addWidget(view)
    view.show()
    _settle(qtbot, view)
    return view


def _log_size(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(select(func.count()).select_from(ChangeRecord)).scalar_one())


def _texts(model: Any) -> list[list[str]]:
    columns = range(model.columnCount())
    return [[model.index(row, column).data() for column in columns] for row in range(model.rowCount())]


def test_enrolment_shows_both_fingerprints(
    qtbot: QtBot,
    database: Database,
    tmp_path: Path,
    template_database: Path,
    database_key: DataKey,
    dialogs: Dialogs,
) -> None:
    central = node_database(tmp_path, template_database, database_key, "central")
    context = _context(database, tmp_path)
    try:
        with central.transaction("Set up the central office") as session:
            central_identity = init_central(session, central.node_id, "Central office")
            enrolment = add_district(session, "TP", "Testipiiri")
        enrolment_file = tmp_path / "TP.kansli-enrol"
        enrolment_file.write_bytes(enrolment.encode())
        view = _open(qtbot, context)
        assert view.identity.current_page() is view.identity.start_page
        assert view.identity.enrol_button.isVisibleTo(view) and not view.make_button.isEnabled()
        assert view.history.stack.currentWidget() is view.history.empty

        reply_file = tmp_path / "TP-reply.kansli-enrol"
        view.enrol_with_file(enrolment_file, reply_file)
        _settle(qtbot, view)

        # The central office's fingerprint was shown before anything was written, to be compared by phone.
        assert central_identity.fingerprint() in dialogs.questions[0] and "by phone" in dialogs.questions[0]
        reply = EnrolmentReply.decode(reply_file.read_bytes())
        with central.transaction("Enrol district") as session:
            district_identity, new = accept_reply(session, reply)
        assert new
        own, other = view.identity.fingerprints()
        assert (own, other) == (district_identity.fingerprint(), central_identity.fingerprint())
        assert view.identity.current_page() is view.identity.pair_page
        assert "by phone" in view.identity.compare_note.text()
        assert own in dialogs.informed[0] and other in dialogs.informed[0] and str(reply_file) in dialogs.informed[0]
        assert view.make_button.isEnabled() and view.read_button.isEnabled()
        assert not dialogs.errors
    finally:
        context.tasks.wait()
        central.close()


def test_make_a_package_writes_a_file_and_the_history_shows_it(
    qtbot: QtBot, network: Network, context: ShellContext, tmp_path: Path, dialogs: Dialogs
) -> None:
    district = network.districts["U"]
    member_id = add_member(district, "Aino", "Aalto", number="P-U-1")
    view = _open(qtbot, context)
    # The branch, the member and the membership.
    assert "3 changed records are not yet confirmed by the party office" in view.summary.text()
    view.make_package(tmp_path / "to-central")
    _settle(qtbot, view)

    written = tmp_path / "to-central.kansli-sync"
    assert written.is_file()
    assert "Package 1 for Central office was saved" in view.result_label.text()
    assert "3 changed records" in view.result_label.text()
    assert _texts(view.history.model) == [
        [
            view.history.model.index(0, 0).data(),
            "Outgoing",
            "1",
            "Central office",
            "3",
            "Made; not yet confirmed as read",
        ]
    ]
    assert view.history.stack.currentWidget() is view.history.table
    # The file is a real package: the central office reads it and has the member.
    assert import_package(network.central, written, backup=no_backup).applied
    assert member(network.central, member_id)["first_name"] == "Aino"
    assert not dialogs.errors


def test_a_tampered_package_shows_the_refusal_and_changes_nothing(
    qtbot: QtBot, network: Network, context: ShellContext, dialogs: Dialogs
) -> None:
    district = network.districts["U"]
    add_member(network.central, "Aino", "Aalto", number="1001", district="U")
    package = network.down("U")
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x40
    package.write_bytes(bytes(data))
    view = _open(qtbot, context)
    before, log = snapshot(district), _log_size(district)

    view.read_package(package)
    _settle(qtbot, view)

    assert len(dialogs.errors) == 1 and "It was not read" in dialogs.errors[0]
    assert dialogs.errors[0] in view.result_label.text()
    assert snapshot(district) == before and _log_size(district) == log
    assert view.history.model.rowCount() == 0


def test_a_good_package_is_applied_and_the_member_history_says_it_came_from_the_party_office(
    qtbot: QtBot, network: Network, context: ShellContext, tmp_path: Path, dialogs: Dialogs
) -> None:
    district = network.districts["U"]
    member_id = add_member(district, "Aino", "Aalto", number="P-U-1")
    view = _open(qtbot, context)
    view.make_package(tmp_path / "up")
    _settle(qtbot, view)
    import_package(network.central, tmp_path / "up.kansli-sync", backup=no_backup)
    edit_member(network.central, member_id, first_name="Aina")
    down = network.down("U")

    with qtbot.waitSignal(context.events.data_changed, timeout=10_000):
        view.read_package(down)
    _settle(qtbot, view)

    assert member(district, member_id)["first_name"] == "Aina"
    assert "Package 1 from Central office was read and applied: 0 new records, 1 changed" in view.result_label.text()
    assert [row[1] for row in _texts(view.history.model)] == ["Incoming", "Outgoing"]
    # The district's package 1 is now confirmed: the central office's package acknowledged it.
    assert view.history.model.index(1, 5).data() == "Read at Central office"
    card = MemberCard(context)
    qtbot.addWidget(card)
    card.show_member(member_id)
    newest = card.history.model.index(0, 0).data(ROW_OBJECT_ROLE)
    assert newest.summary == "First name: Aino → Aina"
    assert card.history.model.index(0, 1).data() == "Import sync package 1 from Central office"
    assert "From the party office" in card.history.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)

    # The same file again: information, not an error, and nothing changes.
    view.read_package(down)
    _settle(qtbot, view)
    assert dialogs.informed == ["Package 1 from Central office has already been imported; nothing was changed."]
    assert not dialogs.errors and view.history.model.rowCount() == 2


def test_a_missing_package_is_named_and_the_next_read_once_confirmed(
    qtbot: QtBot, network: Network, context: ShellContext, dialogs: Dialogs
) -> None:
    member_id = add_member(network.central, "Aino", "Aalto", number="1001", district="U")
    network.down("U")  # lost on its way
    later = network.down("U")
    view = _open(qtbot, context)
    dialogs.answer = False
    view.read_package(later)
    _settle(qtbot, view)
    assert dialogs.questions == [
        "Package 1 from Central office is missing: import it before this one. If it has been lost, this package can"
        " be imported anyway, since it carries the missing changes again."
    ]
    assert view.history.model.rowCount() == 0 and "nothing was changed" in view.result_label.text()
    dialogs.answer = True
    view.read_package(later)
    _settle(qtbot, view)
    assert "Package 1 never arrived; its changes came with this one." in view.result_label.text()
    assert member(network.districts["U"], member_id)["last_name"] == "Aalto"


def test_a_package_dated_ahead_of_the_clock_is_read_only_once_confirmed(
    qtbot: QtBot, network: Network, context: ShellContext, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    member_id = add_member(network.central, "Aino", "Aalto", number="1001", district="U")
    down = network.down("U")
    # This computer's clock stands at 1970: every package is more than a day ahead of it.
    monkeypatch.setattr(operations, "import_sync_package", partial(import_package, now_ms=lambda: 0))
    view = _open(qtbot, context)
    dialogs.answer = False
    view.read_package(down)
    _settle(qtbot, view)
    assert len(dialogs.questions) == 1 and "more than a day ahead" in dialogs.questions[0]
    assert view.history.model.rowCount() == 0
    dialogs.answer = True
    view.read_package(down)
    _settle(qtbot, view)
    assert len(dialogs.questions) == 2 and view.history.model.rowCount() == 1
    assert member(network.districts["U"], member_id)["first_name"] == "Aino"
    assert not dialogs.errors


def test_a_central_office_store_points_to_the_command_line(
    qtbot: QtBot, network: Network, tmp_path: Path, dialogs: Dialogs
) -> None:
    context = _context(network.central, tmp_path)
    try:
        status = KansliStatusBar(context)
        qtbot.addWidget(status)
        assert status.sync_indicator.text() == "Central office store"
        view = _open(qtbot, context)
        assert view.identity.current_page() is view.identity.central_page
        assert "kansli central" in view.identity.central_note.text()
        assert not view.make_button.isVisibleTo(view) and not view.read_button.isVisibleTo(view)
        assert not view.tabs.isTabVisible(1)
    finally:
        context.tasks.wait()


def _conflict_on_the_street(network: Network) -> tuple[uuid.UUID, Path]:
    """The district and the central office both change a member's address between two packages."""
    district = network.districts["U"]
    member_id = add_member(district, "Aino", "Aalto", number="P-U-1")
    import_package(network.central, network.up("U"), backup=no_backup)
    edit_member(district, member_id, street="Kauppakatu 1")
    edit_member(network.central, member_id, street="Rantatie 9")
    up, down = network.up("U"), network.down("U")
    import_package(network.central, up, backup=no_backup)
    return member_id, down


def test_conflicts_are_listed_and_the_other_value_taken_in_one_click_and_undone(
    qtbot: QtBot, network: Network, context: ShellContext, dialogs: Dialogs
) -> None:
    district = network.districts["U"]
    member_id, down = _conflict_on_the_street(network)
    status = KansliStatusBar(context)
    qtbot.addWidget(status)
    view = _open(qtbot, context)
    view.read_package(down)
    _settle(qtbot, view)
    assert "1 conflict to review" in view.result_label.text()
    assert view.tabs.currentWidget() is view.conflicts and view.tabs.tabText(1) == "&Conflicts (1)"
    assert status.sync_indicator.text().endswith(", 1 conflict")

    panel = view.conflicts
    ((record, what, ours, theirs, in_place, _found),) = _texts(panel.model)
    assert (record, what, in_place) == ("P-U-1 Aino Aalto", "Address", "The party office's value")
    assert ours.startswith("Kauppakatu 1") and theirs.startswith("Rantatie 9")
    assert "Kauppakatu 1" in panel.comparison.text() and "Rantatie 9" in panel.comparison.text()
    assert member(district, member_id)["street"] == "Rantatie 9"  # the later change won on both sides

    qtbot.mouseClick(panel.take_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, view)
    assert member(district, member_id)["street"] == "Kauppakatu 1"
    assert panel.model.rowCount() == 0 and panel.stack.currentWidget() is panel.empty
    assert view.tabs.tabText(1) == "&Conflicts"
    assert not status.sync_indicator.text().endswith("conflict")
    with district.reading() as session:
        step = next_undo(session)
    assert step is not None and step.label == "Take the other value of a sync conflict"  # Edit ▸ Undo offers it
    panel.filter_box.setCurrentIndex(1)  # all conflicts, those settled too
    assert panel.model.index(0, 4).data() == "This computer's value (taken by hand)"
    assert view.undo_button.isVisibleTo(view)

    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, view)
    assert member(district, member_id)["street"] == "Rantatie 9"
    assert panel.model.index(0, 4).data() == "The party office's value"
    assert panel.take_button.isEnabled() and not view.undo_button.isVisibleTo(view)
    assert status.sync_indicator.text().endswith(", 1 conflict")
    assert not dialogs.errors


def test_a_member_number_changed_here_shows_why_the_party_office_value_stays_and_cannot_be_taken(
    qtbot: QtBot, network: Network, context: ShellContext, dialogs: Dialogs
) -> None:
    district = network.districts["U"]
    member_id = add_member(district, "Aino", "Aalto", number="P-U-2")
    network.exchange("U")
    edit_member(network.central, member_id, member_number="100400")
    network.exchange("U")
    edit_member(district, member_id, member_number="555")  # the party office's register decides the number
    import_package(network.central, network.up("U"), backup=no_backup)
    view = _open(qtbot, context)
    view.read_package(network.down("U"))
    _settle(qtbot, view)
    panel = view.conflicts
    ((record, _what, ours, theirs, in_place, _found),) = _texts(panel.model)
    assert (record, ours, theirs, in_place) == ("100400 Aino Aalto", "555", "100400", "The party office's value")
    assert "party office's register decides this" in panel.explanation.text()
    assert not panel.take_button.isEnabled()
    assert "Only the party office" in panel.take_button.toolTip()
    assert member(district, member_id)["member_number"] == "100400"
    assert not dialogs.errors


def test_the_status_bar_indicator_follows_the_packages_and_opens_the_view(
    qtbot: QtBot, network: Network, context: ShellContext, tmp_path: Path, dialogs: Dialogs
) -> None:
    status = KansliStatusBar(context)
    qtbot.addWidget(status)
    indicator = status.sync_indicator
    assert indicator.text() == "Last package in: never · out: never"
    indicator.click()
    view = status.findChild(SyncWindow)
    assert isinstance(view, SyncWindow) and view.isVisible()
    _settle(qtbot, view)
    indicator.click()  # the same window again, not a second one
    assert len(status.findChildren(SyncWindow)) == 1

    view.make_package(tmp_path / "up")
    _settle(qtbot, view)
    today = format_day(date.today())
    assert indicator.text() == f"Last package in: never · out: {today}"
    import_package(network.central, tmp_path / "up.kansli-sync", backup=no_backup)
    view.read_package(network.down("U"))
    _settle(qtbot, view)
    assert indicator.text() == f"Last package in: {today} · out: {today}"
    assert not dialogs.errors


def test_a_database_not_enrolled_says_so_in_the_status_bar(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    context = _context(database, tmp_path)
    status = KansliStatusBar(context)
    qtbot.addWidget(status)
    assert status.sync_indicator.text() == "Sync: not enrolled"
    assert "enrol" in status.sync_indicator.toolTip()


def test_the_view_is_translated_and_its_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, network: Network, context: ShellContext, dialogs: Dialogs
) -> None:
    _member_id, down = _conflict_on_the_street(network)
    view = _open(qtbot, context)
    view.read_package(down)
    _settle(qtbot, view)
    for model in (view.history.model, view.conflicts.model):
        qtmodeltester.check(model)
    assert view.history.model.headerData(0, Qt.Orientation.Horizontal) == "When"
    i18n.set_language("fi")
    context.events.language_changed.emit("fi")
    assert view.history.model.headerData(0, Qt.Orientation.Horizontal) == "Milloin"
    assert view.conflicts.model.index(0, 1).data() == "Osoite"
    assert view.buttons.buttons()[0].text() == "Sulje"  # not left to Qt's own catalog
