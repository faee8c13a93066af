"""The year's media figures by kind and month: a table (items out, or published) and a bar chart of the months.

An item counts as out in the month it was published, or else sent; published counts what came out in the month
(``db.media.figures``). The year is the one the tab's filter shows, this year when it shows every year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from db.core.i18n import N_, _, babel_locale, format_count
from db.media.figures import MediaFigures, media_figures
from db.media.models import MEDIA_ITEM_KIND_LABELS
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.media.common import MUTED_COLOR
from desktop.shell.charts import BarChart, ChartSeries
from desktop.shell.context import ShellContext
from desktop.shell.widgets import DataTableView

OUT, PUBLISHED = "out", "published"


@dataclass(frozen=True)
class FigureRow:
    """One line of the table: a kind (English source text) or the total, with its counts per month."""

    label: str
    months: tuple[int, ...]
    is_total: bool = False

    @property
    def total(self) -> int:
        return sum(self.months)


def _month_column(month: int) -> Column[FigureRow]:
    return Column(
        "",  # the month's name comes from Babel in the language shown (see FiguresModel.headerData)
        lambda row: format_count(row.months[month]) if row.months[month] else "·",
        key=lambda row: row.months[month],
        align_right=True,
    )


class FiguresModel(SortedListModel[FigureRow]):
    """Kinds down, months across, the total last; month names in the current language."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(N_("Kind"), lambda row: _(row.label)),
                *(_month_column(month) for month in range(12)),
                Column(N_("Total"), lambda row: format_count(row.total), key=lambda row: row.total, align_right=True),
            ],
            parent,
            bold=lambda row: row.is_total,
        )

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 1 <= section <= 12:
            names = babel_locale().months["stand-alone"]
            if role == Qt.ItemDataRole.DisplayRole:
                return str(names["abbreviated"][section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return str(names["wide"][section])
            return None
        return super().headerData(section, orientation, role)


class FiguresView(QWidget):
    """The figures of one year: which count, the table, the chart."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.year = context.today().year
        self.figures: MediaFigures | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.which = QComboBox()
        self.which.addItem("", OUT)
        self.which.addItem("", PUBLISHED)
        self.which.currentIndexChanged.connect(lambda _index: self._show())
        self.which_label = QLabel()
        self.which_label.setBuddy(self.which)
        self.model = FiguresModel(self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # the kinds in their usual order, the total last
        fit_columns(self.table, stretch=0)
        self.chart = BarChart()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED_COLOR};")
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.which_label)
        bar.addWidget(self.which)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([260, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.which_label.setText(_("&Count"))
        self.which.setItemText(0, _("Items out (sent or published)"))
        self.which.setItemText(1, _("Published"))
        self.which.setToolTip(_("Count the items sent or published in a month, or only those published"))
        self.note.setText(
            _(
                "An item counts in the month it was published, else the month it was sent (a rejected one too: "
                "the work was done). Ideas and drafts count nowhere until they go out."
            )
        )
        self.model.retranslate()
        self._show()

    def set_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self) -> None:
        with self.context.database.reading() as session:
            self.figures = media_figures(session, self.year)
        self._show()

    def _show(self) -> None:
        figures = self.figures
        self.heading.setText(_("Figures {year}").format(year=self.year))
        if figures is None:
            return
        which = self.which.currentData() or OUT
        rows = [FigureRow(MEDIA_ITEM_KIND_LABELS[row.kind], getattr(row, which)) for row in figures.kinds]
        rows.append(FigureRow(N_("Total"), figures.month_totals(which), is_total=True))
        self.model.set_rows(rows)
        names = babel_locale().months["stand-alone"]
        labels = [f"{names['wide'][month]} {self.year}" for month in range(1, 13)]
        axis = [str(names["abbreviated"][month]) for month in range(1, 13)]
        self.chart.set_title(_("Media items by month, {year}").format(year=self.year))
        self.chart.set_data(
            labels,
            [
                ChartSeries(
                    _("Items out (sent or published)"), tuple(float(value) for value in figures.month_totals(OUT))
                ),
                ChartSeries(_("Published"), tuple(float(value) for value in figures.month_totals(PUBLISHED))),
            ],
            axis,
        )
