"""Small charts painted with QPainter (the bundle has no QtCharts): a line chart and a grouped bar chart.

Both take a label per point (a month, say) and one or more named series of numbers. They follow the palette, so
they read in light and dark themes; their colours come from the Okabe–Ito set, told apart by people with colour
blindness, and the second line is also dashed. Every chart states its numbers as text as well: :meth:`summary`,
which is also its accessible description, a tooltip on hover, and the arrow keys walk through the points.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from db.core.i18n import _, format_count

# (on a light background, on a dark one): Okabe–Ito blue, orange, bluish green and vermillion.
SERIES_COLOURS = (
    ("#0072B2", "#56B4E9"),
    ("#E69F00", "#F0C05A"),
    ("#009E73", "#3CC39A"),
    ("#D55E00", "#FF8A50"),
)
_LABEL_STEPS = (1, 2, 3, 4, 6, 12, 24)
_PAD = 8.0


@dataclass(frozen=True)
class ChartSeries:
    """One named line or set of bars; ``values`` has one number per label of the chart."""

    name: str
    values: tuple[float, ...]


def nice_step(raw: float, *, integers: bool = True) -> float:
    """Round a step up to 1, 2, 2.5 or 5 times a power of ten (2.5 skipped when only whole numbers make sense)."""
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    fraction = raw / power
    multiples = (1.0, 2.0, 5.0, 10.0) if integers and power < 10 else (1.0, 2.0, 2.5, 5.0, 10.0)
    step = next(multiple for multiple in multiples if fraction <= multiple + 1e-9) * power
    return max(step, 1.0) if integers else step


def nice_ticks(low: float, high: float, count: int = 5, *, integers: bool = True) -> list[float]:
    """Return evenly spaced round values from at or below ``low`` to at or above ``high``, about ``count`` of them."""
    low, high = min(low, high), max(low, high)
    if low == high:
        # A flat line sits in the middle of the chart rather than on its edge.
        low, high = (max(low - 1, 0), high + 1) if low >= 0 else (low - 1, high + 1)
    step = nice_step((high - low) / max(count - 1, 1), integers=integers)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    return [first + index * step for index in range(round((last - first) / step) + 1)]


def series_colour(palette: QPalette, index: int) -> QColor:
    """The colour of the ``index``-th series, lighter when the window is dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)][1 if dark else 0])


class _Chart(QWidget):
    """What both charts share: data, axes, legend, hover, keyboard and the text alternative."""

    first_colour = 0  # where in SERIES_COLOURS this kind of chart starts, so two charts side by side differ

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 180)
        self.format_value: Callable[[float], str] = format_count
        self._title = ""
        self._labels: list[str] = []
        self._axis_labels: list[str] = []
        self._series: list[ChartSeries] = []
        self.hovered: int | None = None

    # ---------------------------------------------------------------------------------------------- data
    def set_title(self, title: str) -> None:
        """Name the chart (its accessible name and the first line of :meth:`summary`)."""
        self._title = title
        self.setAccessibleName(title)
        self._data_changed()

    def set_data(
        self, labels: Sequence[str], series: Sequence[ChartSeries], axis_labels: Sequence[str] | None = None
    ) -> None:
        """Show ``series`` over ``labels``.

        Args:
            labels: the full name of each point, used in tooltips and the summary ("March 2025").
            series: the lines or bar groups, each with a value per label.
            axis_labels: shorter names under the axis; a second line (after a newline) is drawn only where it
                changes, so "Mar" over "2025" shows the year once per year.
        """
        if any(len(item.values) != len(labels) for item in series):
            raise ValueError("every series needs one value per label")
        self._labels = list(labels)
        self._axis_labels = list(axis_labels) if axis_labels is not None else list(labels)
        self._series = list(series)
        self.hovered = None
        self._data_changed()

    @property
    def series(self) -> list[ChartSeries]:
        return list(self._series)

    @property
    def labels(self) -> list[str]:
        return list(self._labels)

    def _data_changed(self) -> None:
        self.setAccessibleDescription(self.summary())
        self.update()

    def point_text(self, index: int) -> str:
        """One point's numbers: "March 2025: Members 1 234, Supporters 56"."""
        values = ", ".join(
            _("{name} {value}").format(name=item.name, value=self.format_value(item.values[index]))
            for item in self._series
        )
        return _("{label}: {values}").format(label=self._labels[index], values=values)

    def summary(self) -> str:
        """The chart as text, one line per point after the title (the accessible description)."""
        lines = [self._title] if self._title else []
        lines += [self.point_text(index) for index in range(len(self._labels))]
        return "\n".join(lines)

    def ticks(self) -> list[float]:
        """The values marked on the vertical axis."""
        values = [value for item in self._series for value in item.values]
        if not values:
            return [0.0, 1.0]
        return nice_ticks(min(values), max(values))

    # ------------------------------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        return QSize(480, 260)

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def _legend_height(self) -> float:
        return self._metrics().height() + _PAD

    def _plot_rect(self) -> QRectF:
        metrics = self._metrics()
        tick_width = max((metrics.horizontalAdvance(self.format_value(tick)) for tick in self.ticks()), default=0.0)
        left = tick_width + 2 * _PAD
        top = self._legend_height() + _PAD
        bottom = 2 * metrics.height() + _PAD  # two lines of axis labels
        return QRectF(left, top, max(self.width() - left - _PAD, 1.0), max(self.height() - top - bottom, 1.0))

    def slot_width(self, plot: QRectF) -> float:
        return plot.width() / max(len(self._labels), 1)

    def x_of(self, plot: QRectF, index: int) -> float:
        """The horizontal centre of point ``index``."""
        return plot.left() + (index + 0.5) * self.slot_width(plot)

    def y_of(self, plot: QRectF, value: float) -> float:
        ticks = self.ticks()
        low, high = ticks[0], ticks[-1]
        share = (value - low) / (high - low) if high > low else 0.0
        return plot.bottom() - share * plot.height()

    def index_at(self, x: float) -> int | None:
        """The point under a horizontal position, or None outside the plot."""
        plot = self._plot_rect()
        if not self._labels or not plot.left() <= x <= plot.right():
            return None
        return min(int((x - plot.left()) / self.slot_width(plot)), len(self._labels) - 1)

    def label_step(self, plot: QRectF) -> int:
        """Every how many points an axis label fits without overlapping its neighbours."""
        metrics = self._metrics()
        widest = max(
            (metrics.horizontalAdvance(line) for label in self._axis_labels for line in label.split("\n")),
            default=0.0,
        )
        slot = self.slot_width(plot)
        return next((step for step in _LABEL_STEPS if step * slot >= widest + _PAD), _LABEL_STEPS[-1])

    # ---------------------------------------------------------------------------------------------- paint
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._labels or not self._series:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot_rect()
        self._paint_axes(painter, plot)
        if self.hovered is not None:
            band = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            band.setAlpha(40)
            slot = self.slot_width(plot)
            painter.fillRect(QRectF(plot.left() + self.hovered * slot, plot.top(), slot, plot.height()), band)
        self._paint_data(painter, plot)
        self._paint_legend(painter)
        painter.end()

    def _paint_axes(self, painter: QPainter, plot: QRectF) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(110)
        metrics = self._metrics()
        for tick in self.ticks():
            y = self.y_of(plot, tick)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = self.format_value(tick)
            box = QRectF(0, y - metrics.height() / 2, plot.left() - _PAD, metrics.height())
            painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        step = self.label_step(plot)
        last = len(self._labels) - 1
        previous_second = ""
        for index, label in enumerate(self._axis_labels):
            # Counted from the end, so the latest point (this month) always has its label.
            if (last - index) % step:
                continue
            first, _newline, second = label.partition("\n")
            width = step * self.slot_width(plot)
            box = QRectF(self.x_of(plot, index) - width / 2, plot.bottom() + _PAD / 2, width, metrics.height())
            # Keep the first and last labels inside the widget rather than cut at its edge.
            box.moveLeft(max(0.0, min(box.left(), self.width() - box.width())))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), first)
            if second and second != previous_second:
                painter.drawText(
                    box.translated(0, metrics.height()),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                    second,
                )
            previous_second = second

    def _paint_legend(self, painter: QPainter) -> None:
        metrics = self._metrics()
        x = _PAD
        y = _PAD / 2
        for index, item in enumerate(self._series):
            swatch = QRectF(x, y + metrics.height() / 2 - 5, 10, 10)
            painter.fillRect(swatch, self.colour(index))
            x += 10 + _PAD / 2
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(QPointF(x, y + metrics.ascent()), item.name)
            x += metrics.horizontalAdvance(item.name) + 2 * _PAD

    def colour(self, index: int) -> QColor:
        """The colour of the ``index``-th series in the current palette."""
        return series_colour(self.palette(), self.first_colour + index)

    def _paint_data(self, painter: QPainter, plot: QRectF) -> None:
        raise NotImplementedError

    # ---------------------------------------------------------------------------------------------- hover
    def _hover(self, index: int | None, at: QPointF | None = None) -> None:
        if index == self.hovered:
            return
        self.hovered = index
        self.update()
        if index is None:
            QToolTip.hideText()
            return
        plot = self._plot_rect()
        where = at if at is not None else QPointF(self.x_of(plot, index), plot.top())
        QToolTip.showText(self.mapToGlobal(where.toPoint()), self.point_text(index).replace(": ", ":\n", 1), self)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover(self.index_at(event.position().x()), event.position())

    def leaveEvent(self, event: QEvent) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._hover(None)
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._labels or event.key() not in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            super().keyPressEvent(event)
            return
        last = len(self._labels) - 1
        if self.hovered is None:
            self._hover(last)
        else:
            self._hover(max(0, min(last, self.hovered + (1 if event.key() == Qt.Key.Key_Right else -1))))


class LineChart(_Chart):
    """Lines over the points, for counts that change over time (members and supporters by month)."""

    def _paint_data(self, painter: QPainter, plot: QRectF) -> None:
        for index, item in enumerate(self._series):
            colour = self.colour(index)
            pen = QPen(colour, 2.2)
            if index % 2:
                pen.setStyle(Qt.PenStyle.DashLine)
            path = QPainterPath()
            for point, value in enumerate(item.values):
                position = QPointF(self.x_of(plot, point), self.y_of(plot, value))
                if point == 0:
                    path.moveTo(position)
                else:
                    path.lineTo(position)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            if self.hovered is not None:
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1.5))
                painter.setBrush(colour)
                centre = QPointF(self.x_of(plot, self.hovered), self.y_of(plot, item.values[self.hovered]))
                painter.drawEllipse(centre, 4.0, 4.0)


class BarChart(_Chart):
    """Bars side by side for each point, all upwards from zero (joined and left by month)."""

    first_colour = 2

    def ticks(self) -> list[float]:
        # Bars must start from zero, or their lengths would lie.
        values = [value for item in self._series for value in item.values]
        return nice_ticks(0, max(max(values, default=0), 1))

    def _paint_data(self, painter: QPainter, plot: QRectF) -> None:
        slot = self.slot_width(plot)
        group = slot * 0.75
        width = group / max(len(self._series), 1)
        painter.setPen(Qt.PenStyle.NoPen)
        for index, item in enumerate(self._series):
            painter.setBrush(self.colour(index))
            for point, value in enumerate(item.values):
                if value <= 0:
                    continue
                left = plot.left() + point * slot + (slot - group) / 2 + index * width
                top = self.y_of(plot, value)
                painter.drawRect(QRectF(left, top, max(width - 1, 1.0), plot.bottom() - top))
