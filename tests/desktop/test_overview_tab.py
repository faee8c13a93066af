"""The Overview tab and its charts: figures, series, text alternatives, attention links, empty state, refreshes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from db.branches.survey import record_survey_grade
from db.core import i18n
from db.core.database import Database
from db.core.errors import KansliError
from db.members.models import EndReason, MembershipKind
from db.members.query import MemberFilter, member_ids
from db.members.records import MembershipData
from db.members.statistics import monthly_counts
from desktop.overview.attention import AttentionItem, AttentionLink, name_list
from desktop.overview.tab import OverviewTab, signed_count
from desktop.shell.charts import BarChart, ChartSeries, LineChart, nice_step, nice_ticks
from desktop.shell.context import ShellContext
from tests.db.branch_helpers import add_person, new_branch
from tests.desktop.card_helpers import make_context

TODAY = date(2025, 6, 15)
LOAD_TIMEOUT = 15_000
People = dict[str, uuid.UUID]


class FakePage:
    def __init__(self, calls: list[tuple[str, object]]) -> None:
        self.calls = calls

    def show_filter(self, member_filter: MemberFilter) -> None:
        self.calls.append(("show_filter", member_filter))

    def show_branches(self, branch_ids: tuple[uuid.UUID, ...]) -> None:
        self.calls.append(("show_branches", branch_ids))

    def new_member(self) -> None:
        self.calls.append(("new_member", None))


class FakeWindow:
    """Stands in for the main window: records which tab was asked for and what the page was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.import_action = QAction()

    def show_tab(self, key: str) -> object:
        self.calls.append(("show_tab", key))
        return FakePage(self.calls) if key != "calls" else object()


@pytest.fixture
def context(database: Database, tmp_path: Path) -> Iterator[ShellContext]:
    shell = make_context(database, tmp_path)
    shell.today = lambda: TODAY  # type: ignore[method-assign]
    yield shell
    shell.tasks.wait()  # nothing may still read the database when the test closes it


@pytest.fixture
def district(database: Database) -> People:
    """Two branches (one graded 6 this year, so flagged for a mentor), four members, a supporter, an applicant."""
    vaasa = new_branch(database, "Vaasan osasto")
    mustasaari = new_branch(database, "Mustasaaren osasto")
    with database.transaction("Survey") as session:
        record_survey_grade(session, mustasaari, 2025, 6, date(2025, 3, 1))
    member = MembershipKind.MEMBER
    return {
        "vaasa": vaasa,
        "mustasaari": mustasaari,
        "anna": add_person(database, "Anna", "Aalto", MembershipData(vaasa, member, date(2020, 1, 1))),
        "dora": add_person(database, "Dora", "Dahl", MembershipData(vaasa, member, date(2025, 2, 1))),
        "bertil": add_person(database, "Bertil", "Berg", MembershipData(mustasaari, member, date(2025, 6, 1))),
        "cecilia": add_person(
            database,
            "Cecilia",
            "Carlsson",
            MembershipData(vaasa, member, date(2019, 1, 1), ended_on=date(2025, 3, 20), end_reason=EndReason.RESIGNED),
        ),
        "frans": add_person(
            database, "Frans", "Fors", MembershipData(vaasa, MembershipKind.SUPPORTER, date(2024, 5, 1))
        ),
        "gun": add_person(database, "Gun", "Grön", MembershipData(vaasa, member, None)),
    }


def shown_tab(qtbot: Any, context: ShellContext, window: FakeWindow | None = None) -> OverviewTab:
    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    if window is not None:
        tab.window = lambda: window  # type: ignore[method-assign, assignment, return-value]
    with qtbot.waitSignal(tab.loaded, timeout=LOAD_TIMEOUT):
        tab.show()
    return tab


def item_keys(tab: OverviewTab) -> list[str]:
    return [item.key for item in tab.attention.items]


# ------------------------------------------------------------------------------------------------------ charts
def test_ticks_are_round_and_cover_the_values() -> None:
    assert nice_ticks(0, 7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0, 387) == [0, 100, 200, 300, 400]
    assert nice_ticks(1163, 1634) == [1000, 1200, 1400, 1600, 1800]
    assert nice_ticks(12_319, 74_104) == [0, 20_000, 40_000, 60_000, 80_000]
    assert nice_ticks(5, 5) == [4, 5, 6]  # a flat line in the middle
    assert nice_ticks(0, 0) == [0, 1]
    assert nice_ticks(0, 1.3, integers=False) == [0, 0.5, 1.0, 1.5]
    # Whole numbers are never split into 2.5s; a step is never below one.
    assert nice_step(2.3) == 5
    assert nice_step(23) == 25
    assert nice_step(0.3) == 1
    assert nice_step(0.3, integers=False) == 0.5


def test_a_chart_states_its_numbers_as_text(qtbot: Any) -> None:
    chart = LineChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.set_title("Members")
    chart.set_data(
        ["Jan 2025", "Feb 2025", "Mar 2025"],
        [ChartSeries("Members", (1200, 1250, 1234)), ChartSeries("Supporters", (50, 52, 56))],
        ["Jan\n2025", "Feb\n2025", "Mar\n2025"],
    )
    assert chart.summary() == (
        "Members\n"
        "Jan 2025: Members 1,200, Supporters 50\n"
        "Feb 2025: Members 1,250, Supporters 52\n"
        "Mar 2025: Members 1,234, Supporters 56"
    )
    assert chart.accessibleDescription() == chart.summary()
    assert chart.accessibleName() == "Members"
    assert chart.ticks() == [0, 500, 1000, 1500]
    with pytest.raises(ValueError, match="one value per label"):
        chart.set_data(["Jan"], [ChartSeries("Members", (1, 2))])


def test_hover_and_arrow_keys_pick_a_point(qtbot: Any) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.set_data(["A", "B", "C", "D"], [ChartSeries("Joined", (3, 0, 1, 2)), ChartSeries("Left", (1, 1, 0, 0))])
    assert chart.ticks()[0] == 0  # bars always start from zero
    plot = chart._plot_rect()
    assert chart.index_at(plot.left() + 1) == 0
    assert chart.index_at(plot.right() - 1) == 3
    assert chart.index_at(plot.left() - 5) is None
    chart.mouseMoveEvent(_move_to(QPointF(chart.x_of(plot, 2), plot.center().y())))
    assert chart.hovered == 2
    chart.hovered = None
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.hovered == 3  # the first press picks the latest point
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.hovered == 2
    assert chart.point_text(2) == "C: Joined 1, Left 0"
    chart.grab()  # painting with hover, bars and labels does not fail


def _move_to(position: QPointF) -> Any:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QMouseEvent

    return QMouseEvent(
        QEvent.Type.MouseMove,
        position,
        position,
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )


# --------------------------------------------------------------------------------------------------------- tab
def test_key_figures_and_charts_show_the_register(qtbot: Any, context: ShellContext, district: People) -> None:
    tab = shown_tab(qtbot, context)

    assert [figure.number.text() for figure in tab.figures()] == ["3", "1", "2", "1", "+1"]
    assert tab.joined_figure.caption.text() == "joined in 2025"
    with context.database.reading() as session:
        counts = monthly_counts(session, 24, TODAY)
    members, supporters = tab.line_chart.series
    assert members.values == tuple(count.members for count in counts)
    assert supporters.values == tuple(count.supporters for count in counts)
    assert [item.values for item in tab.bar_chart.series] == [
        tuple(count.joined for count in counts),
        tuple(count.left for count in counts),
    ]
    assert tab.line_chart.labels[0] == "July 2023"
    assert tab.line_chart.summary().splitlines()[-1] == "June 2025: Members 3, Supporters 1"
    assert tab.bar_chart.summary().splitlines()[-3:] == [
        "April 2025: Joined 0, Left 0",
        "May 2025: Joined 0, Left 0",
        "June 2025: Joined 1, Left 0",
    ]
    assert tab.updating.isHidden()


def test_needs_attention_lists_new_members_applicants_and_flagged_branches(
    qtbot: Any, context: ShellContext, district: People
) -> None:
    tab = shown_tab(qtbot, context)

    assert item_keys(tab) == [
        "members.unwelcomed",
        "members.applicants",
        "branches.no_recent_survey",
        "branches.missing_roles",
        "branches.low_grade_without_mentor",
    ]
    titles = {item.key: item.title for item in tab.attention.items}
    # Bertil joined on 1 June; Dora in February, too long ago to be new.
    assert titles["members.unwelcomed"] == "1 new member not yet welcomed"
    assert tab.attention.items[0].detail.endswith("no godparent named yet: Bertil Berg")
    assert titles["members.applicants"] == "1 applicant waiting"
    assert titles["branches.low_grade_without_mentor"] == "1 branch with a low grade and no mentor"
    assert tab.attention.items[2].detail == "No survey grade from this year or last: Vaasan osasto"
    assert [button.text() for button in tab.attention.buttons] == [item.title for item in tab.attention.items]


def test_activating_an_item_opens_the_list_behind_it(qtbot: Any, context: ShellContext, district: People) -> None:
    window = FakeWindow()
    tab = shown_tab(qtbot, context, window)
    buttons = {button.objectName(): button for button in tab.attention.buttons}

    qtbot.mouseClick(buttons["members.unwelcomed"], Qt.MouseButton.LeftButton)
    assert window.calls[0] == ("show_tab", "members")
    kind, member_filter = window.calls[1]
    assert kind == "show_filter"
    assert isinstance(member_filter, MemberFilter)
    with context.database.reading() as session:
        assert member_ids(session, member_filter, TODAY) == [district["bertil"]]

    window.calls.clear()
    buttons["branches.low_grade_without_mentor"].click()
    assert window.calls == [("show_tab", "branches"), ("show_branches", (district["mustasaari"],))]

    window.calls.clear()
    buttons["members.applicants"].click()
    applicants = window.calls[1][1]
    with context.database.reading() as session:
        assert member_ids(session, applicants, TODAY) == [district["gun"]]  # type: ignore[arg-type]

    # A tab that cannot filter is still brought to the front.
    window.calls.clear()
    tab.open_link(AttentionLink("calls", MemberFilter()))
    assert window.calls == [("show_tab", "calls")]


def test_a_new_provider_is_one_function(qtbot: Any, context: ShellContext, district: People) -> None:
    def calls_behind(session: Session, today: date) -> list[AttentionItem]:
        return [AttentionItem("calls.behind", 4, f"4 calls behind on {today}", "", AttentionLink("calls"))]

    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    tab.providers.append(calls_behind)
    with qtbot.waitSignal(tab.loaded, timeout=LOAD_TIMEOUT):
        tab.show()
    assert item_keys(tab)[-1] == "calls.behind"
    assert tab.attention.buttons[-1].text() == "4 calls behind on 2025-06-15"


def test_a_failing_provider_is_reported_not_fatal(qtbot: Any, context: ShellContext, district: People) -> None:
    def broken(session: Session, today: date) -> list[AttentionItem]:
        raise KansliError("the calls table is locked")

    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    tab.providers = [broken]
    tab.show()
    qtbot.waitUntil(lambda: "could not be updated" in tab.updating.text(), timeout=LOAD_TIMEOUT)
    assert "the calls table is locked" in tab.updating.text()
    assert not tab.updating.isHidden()
    tab.providers = []
    with qtbot.waitSignal(tab.loaded, timeout=LOAD_TIMEOUT):
        tab.refresh()
        assert tab.updating.text() == "Updating…"
    assert tab.updating.isHidden()
    assert tab.members_figure.number.text() == "3"


def test_nothing_to_attend_says_so(qtbot: Any, context: ShellContext, district: People) -> None:
    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    tab.providers = []
    with qtbot.waitSignal(tab.loaded, timeout=LOAD_TIMEOUT):
        tab.show()
    assert tab.attention.buttons == []
    assert not tab.attention.nothing.isHidden()
    assert tab.attention.nothing.text() == "Nothing needs your attention right now."


def test_an_empty_district_invites_an_import(qtbot: Any, context: ShellContext) -> None:
    window = FakeWindow()
    tab = shown_tab(qtbot, context, window)

    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.text.text() == "Import the member list or add members to see your district here."
    buttons = {button.text(): button for button in tab.empty.findChildren(QPushButton)}
    assert set(buttons) == {"Import members…", "Add a member"}
    with qtbot.waitSignal(window.import_action.triggered, timeout=1000):
        buttons["Import members…"].click()
    buttons["Add a member"].click()
    assert window.calls == [("show_tab", "members"), ("new_member", None)]


def test_the_empty_state_offers_nothing_it_cannot_do(qtbot: Any, context: ShellContext) -> None:
    tab = shown_tab(qtbot, context)  # not in a main window
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.findChildren(QPushButton) == []


def test_members_changed_refreshes_a_visible_overview(
    qtbot: Any, context: ShellContext, database: Database, district: People
) -> None:
    tab = shown_tab(qtbot, context)
    assert tab.members_figure.number.text() == "3"
    add_person(database, "Erik", "Ek", MembershipData(district["vaasa"], MembershipKind.MEMBER, date(2025, 6, 10)))

    with qtbot.waitSignal(tab.loaded, timeout=LOAD_TIMEOUT):
        context.events.members_changed.emit()
        assert not tab.updating.isHidden()  # "Updating…" while it reads
    assert tab.members_figure.number.text() == "4"
    assert tab.joined_figure.number.text() == "3"
    assert tab.updating.isHidden()


def test_a_hidden_overview_waits_until_it_is_shown(
    qtbot: Any, context: ShellContext, database: Database, district: People
) -> None:
    tab = shown_tab(qtbot, context)
    tab.hide()
    add_person(database, "Erik", "Ek", MembershipData(district["vaasa"], MembershipKind.MEMBER, date(2025, 6, 10)))
    context.events.branches_changed.emit()
    assert not tab._loading
    assert tab.members_figure.number.text() == "3"
    with qtbot.waitSignal(tab.loaded, timeout=LOAD_TIMEOUT):
        tab.show()
    assert tab.members_figure.number.text() == "4"


def test_a_new_language_renames_the_months(qtbot: Any, context: ShellContext, district: People) -> None:
    tab = shown_tab(qtbot, context)
    i18n.set_language("fi")
    with qtbot.waitSignal(tab.loaded, timeout=LOAD_TIMEOUT):
        context.events.language_changed.emit("fi")
    assert tab.line_chart.labels[-1] == "kesäkuu 2025"
    assert tab.members_figure.number.text() == "3"


def test_text_helpers() -> None:
    assert signed_count(12) == "+12"
    assert signed_count(0) == "0"
    assert signed_count(-3) == "-3"
    assert name_list(["A", "B"]) == "A, B"
    assert name_list([str(number) for number in range(8)], shown=3) == "0, 1, 2 and 5 more"
    assert name_list([]) == ""


def test_a_refresh_asked_for_while_reading_runs_after_it(
    qtbot: Any, context: ShellContext, database: Database, district: People
) -> None:
    tab = shown_tab(qtbot, context)
    shown: list[int] = []
    tab.loaded.connect(lambda: shown.append(tab.data.figures.members if tab.data else -1))
    tab.refresh()
    add_person(database, "Erik", "Ek", MembershipData(district["vaasa"], MembershipKind.MEMBER, date(2025, 6, 10)))
    tab.refresh()  # the first read may have missed Erik: its result is dropped, and the Overview reads again
    qtbot.waitUntil(lambda: not tab._loading, timeout=LOAD_TIMEOUT)
    assert shown == [4]
    assert tab.members_figure.number.text() == "4"


def test_the_annual_report_is_made_from_the_overview(
    shell_context: ShellContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.overview import annual_dialog
    from desktop.overview.annual_dialog import AnnualReportDialog, last_year

    assert last_year(date(2027, 3, 1)) == (date(2026, 1, 1), date(2026, 12, 31))
    shown: list[bytes] = []
    monkeypatch.setattr(AnnualReportDialog, "exec", lambda dialog: 1)
    monkeypatch.setattr(annual_dialog.PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    tab = OverviewTab(shell_context)
    qtbot.addWidget(tab)
    tab.annual_button.click()
    assert shell_context.tasks.wait()
    assert len(shown) == 1 and shown[0].startswith(b"%PDF")
    dialog = AnnualReportDialog(shell_context)
    qtbot.addWidget(dialog)
    dialog.end.setDate(dialog.start.date().addDays(-1))
    dialog.accept()
    assert dialog.result() == 0 and dialog.error.text()  # a backwards period is refused in the dialog


def test_overview_names_bodies_and_publications_behind_their_targets(database: Database) -> None:
    today = date.today()
    from db.branches.models import Body, BodyKind
    from db.meetings.settings import default_settings, save_body_settings
    from db.newsletters.models import Publication
    from desktop.overview.attention import issues_behind_target, meetings_behind_target

    with database.transaction("Set up") as session:
        board = Body(name="Piirihallitus", kind=BodyKind.DISTRICT_BOARD)
        session.add(board)
        session.flush()
        settings = default_settings(BodyKind.DISTRICT_BOARD)
        save_body_settings(session, board.id, settings)
        session.add(Publication(name="Jäsenlehti", code="JL", first_year=today.year, target_issues=4))
    with database.reading() as session:
        (meetings_item,) = meetings_behind_target(session, today)
        (issues_item,) = issues_behind_target(session, today)
    assert meetings_item.link.tab == "meetings" and "0 held, 0 planned of 8" in meetings_item.detail
    assert issues_item.link.tab == "newsletters" and "Jäsenlehti: 0 out, 0 planned of 4" in issues_item.detail
