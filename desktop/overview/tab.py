"""The Overview tab: what needs attention, at a glance, with charts where people would rather look than read.

Key figures at the top, members and supporters over two years, joined and left by month, and the "Needs
attention" list whose every line opens the list behind it. On 100 000 members the figures take about a second to
read, so they are read on a worker thread, and only while the tab is visible: a change made elsewhere marks the
Overview stale and it updates when it is next shown.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import _, format_count, format_day
from desktop.overview.annual_dialog import make_annual_report
from desktop.overview.attention import AttentionLink, AttentionProvider, attention_providers
from desktop.overview.data import CHART_MONTHS, OverviewData, load_overview
from desktop.overview.panels import AttentionList, KeyFigure
from desktop.shell.charts import BarChart, ChartSeries, LineChart
from desktop.shell.context import ShellContext
from desktop.shell.tab_page import TabPage
from desktop.shell.widgets import EmptyState

log = logging.getLogger(__name__)


def signed_count(value: int) -> str:
    """A change with its sign: "+12", "0", "−3" (the minus as the language writes it)."""
    return f"+{format_count(value)}" if value > 0 else format_count(value)


def month_labels(months: list[date]) -> tuple[list[str], list[str]]:
    """Full names for tooltips ("March 2025") and axis labels, the month over the year ("Mar" / "2025")."""
    full = [format_day(month, style="LLLL y") for month in months]
    axis = [f"{format_day(month, style='LLL')}\n{format_day(month, style='y')}" for month in months]
    return full, axis


class OverviewTab(TabPage):
    """The district at a glance; every line of "Needs attention" opens the list behind it."""

    loaded = Signal()
    """The figures on show were read again (tests wait for this)."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.providers: list[AttentionProvider] = attention_providers()
        self.data: OverviewData | None = None
        self._loading = False
        self._reload_after = False
        self._stale = True

        self.updating = QLabel()
        self.updating.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.updating.setEnabled(False)  # greyed: a hint, not news
        self.members_figure = KeyFigure()
        self.supporters_figure = KeyFigure()
        self.joined_figure = KeyFigure()
        self.left_figure = KeyFigure()
        self.net_figure = KeyFigure()
        self.line_chart = LineChart()
        self.bar_chart = BarChart()
        self.line_box = QGroupBox()
        QVBoxLayout(self.line_box).addWidget(self.line_chart)
        self.bar_box = QGroupBox()
        QVBoxLayout(self.bar_box).addWidget(self.bar_chart)
        self.attention = AttentionList()
        self.attention_box = QGroupBox()
        QVBoxLayout(self.attention_box).addWidget(self.attention)
        self.empty = EmptyState()

        figures = QGridLayout()
        for column, figure in enumerate(self.figures()):
            figures.addWidget(figure, 0, column)
            figures.setColumnStretch(column, 1)
        charts = QHBoxLayout()
        charts.addWidget(self.line_box, 1)
        charts.addWidget(self.bar_box, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(figures)
        content_layout.addLayout(charts, 1)
        content_layout.addWidget(self.attention_box)
        self.content_area = QScrollArea()
        self.content_area.setWidgetResizable(True)
        self.content_area.setFrameShape(QFrame.Shape.NoFrame)
        self.content_area.setWidget(content)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content_area)
        self.stack.addWidget(self.empty)
        self.annual_button = QPushButton()
        self.annual_button.clicked.connect(lambda: make_annual_report(self.context, self))
        top = QHBoxLayout()
        top.addWidget(self.annual_button)
        top.addStretch(1)
        top.addWidget(self.updating)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        events = context.events
        for signal in (
            events.members_changed,
            events.branches_changed,
            events.calling_changed,
            events.meetings_changed,
            events.newsletters_changed,
            events.data_changed,
        ):
            signal.connect(self._changed)
        # The attention items are worded when they are read, so a new language means reading them again.
        events.language_changed.connect(lambda _code: self._changed())
        self.retranslate()

    def figures(self) -> list[KeyFigure]:
        """The key figures, left to right."""
        return [self.members_figure, self.supporters_figure, self.joined_figure, self.left_figure, self.net_figure]

    # ------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.updating.setText(_("Updating…"))
        self.annual_button.setText(_("Annual conference report…"))
        self.annual_button.setToolTip(
            _("The district's period in figures for the annual conference: a PDF with charts or a workbook")
        )
        self.line_box.setTitle(_("Members and supporters"))
        self.line_chart.set_title(_("Members and supporters at the end of each month"))
        self.bar_box.setTitle(_("Joined and left"))
        self.bar_chart.set_title(_("People who joined and who left, by month"))
        self.attention_box.setTitle(_("Needs attention"))
        self.attention.set_nothing_text(_("Nothing needs your attention right now."))
        self._show_data()

    # -------------------------------------------------------------------------------------------- data
    def _changed(self) -> None:
        # 100 000 members take a second to count: a hidden Overview only notes that it is out of date.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or (self.data is not None and self.data.today != self.context.today()):
            self.refresh()

    def refresh(self) -> None:
        """Read the figures again on a worker thread; a refresh asked for meanwhile runs when this one ends."""
        self._stale = False
        if self._loading:
            self._reload_after = True
            return
        self._loading = True
        self._reload_after = False
        self.updating.setText(_("Updating…"))
        self.updating.show()
        database, today, providers = self.context.database, self.context.today(), list(self.providers)
        self.context.tasks.run(
            _("Updating the overview"),
            lambda _progress: load_overview(database, today, providers),
            on_success=self._loaded,
            on_failure=self._failed,
            writes=False,
        )

    def _loaded(self, data: OverviewData) -> None:
        self._loading = False
        if self._reload_after:
            self.refresh()
            return
        self.data = data
        self.updating.hide()
        self._show_data()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        log.warning("the overview could not be read: %s", type(error).__name__)
        self.updating.setText(_("The overview could not be updated: {error}").format(error=error))
        if self._reload_after:
            self.refresh()

    def _show_data(self) -> None:
        data = self.data
        if data is None:
            return
        if not data.has_people:
            self._show_empty_state()
            return
        self.stack.setCurrentWidget(self.content_area)
        figures = data.figures
        year = data.today.year
        self.members_figure.set_figure(
            format_count(figures.members), _("members"), _("Members whose membership is in force today")
        )
        self.supporters_figure.set_figure(
            format_count(figures.supporters), _("supporters"), _("Supporters whose support is in force today")
        )
        self.joined_figure.set_figure(
            format_count(figures.joined_this_year),
            _("joined in {year}").format(year=year),
            _("People who joined this year; moves between branches are not counted"),
        )
        self.left_figure.set_figure(
            format_count(figures.left_this_year),
            _("left in {year}").format(year=year),
            _("People whose membership or support ended this year, deaths included"),
        )
        self.net_figure.set_figure(
            signed_count(figures.net_change),
            _("net change in {year}").format(year=year),
            _("Joined minus left this year"),
        )
        full, axis = month_labels([month.month for month in data.months])
        self.line_chart.set_data(
            full,
            [
                ChartSeries(_("Members"), tuple(month.members for month in data.months)),
                ChartSeries(_("Supporters"), tuple(month.supporters for month in data.months)),
            ],
            axis,
        )
        self.bar_chart.set_data(
            full,
            [
                ChartSeries(_("Joined"), tuple(month.joined for month in data.months)),
                ChartSeries(_("Left"), tuple(month.left for month in data.months)),
            ],
            axis,
        )
        self.line_box.setToolTip(_("The last {months} months; this month as of today").format(months=CHART_MONTHS))
        self.attention.set_items(data.items, self.open_link)

    # ------------------------------------------------------------------------------------- empty state
    def _show_empty_state(self) -> None:
        actions: list[tuple[str, object]] = []
        if self._import_action() is not None:
            actions.append((_("Import members…"), self._import))
        if callable(getattr(self.window(), "show_tab", None)):
            actions.append((_("Add a member"), self._add_member))
        self.empty.set_content(
            _("No members yet"),
            _("Import the member list or add members to see your district here."),
            actions,
        )
        self.stack.setCurrentWidget(self.empty)

    def _import_action(self) -> object | None:
        action = getattr(self.window(), "import_action", None)
        return action if callable(getattr(action, "trigger", None)) else None

    def _import(self) -> None:
        action = self._import_action()
        if action is not None:
            action.trigger()  # type: ignore[attr-defined]

    def _add_member(self) -> None:
        page = self._show_tab("members")
        new_member = getattr(page, "new_member", None)
        if callable(new_member):
            new_member()

    # ------------------------------------------------------------------------------------------- links
    def _show_tab(self, key: str) -> object | None:
        # The main window is found, never imported: the Overview knows other tabs only by their keys.
        show_tab = getattr(self.window(), "show_tab", None)
        return show_tab(key) if callable(show_tab) else None

    def open_link(self, link: AttentionLink) -> None:
        """Bring the tab behind an attention item to the front, showing the list behind it."""
        page = self._show_tab(link.tab)
        if page is None:
            return
        if link.member_filter is not None and callable(getattr(page, "show_filter", None)):
            page.show_filter(link.member_filter)  # type: ignore[attr-defined]
        if link.branch_ids and callable(getattr(page, "show_branches", None)):
            page.show_branches(link.branch_ids)  # type: ignore[attr-defined]
