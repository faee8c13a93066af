"""The media calendar beside the list: a month or a week of planned, sent and published items.

Each day shows its items as one line each, a sign before the title saying why it is there (○ planned, → sent,
● published: readable without the colours too); a month's day shows three and says how many more, the week shows
them all. A click on an item chooses it in the list, a double click opens it. The days come from
``db.media.figures`` (``month_calendar`` / ``week_calendar``), which put an idea or a draft on its planned day and
an item on the days it was sent and published.
"""

from __future__ import annotations

import html
import uuid
from datetime import date, timedelta

from babel.dates import format_date, format_skeleton
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import _, babel_locale, format_count, format_day
from db.media.figures import (
    CalendarDay,
    CalendarEntry,
    CalendarMark,
    CalendarWeek,
    month_calendar,
    week_calendar,
)
from db.media.models import MEDIA_ITEM_KIND_LABELS, MEDIA_ITEM_STATUS_LABELS
from desktop.media.common import MUTED_COLOR
from desktop.shell.context import ShellContext

MONTH, WEEK = "month", "week"
MONTH_ENTRIES = 3  # lines of items a day of the month shows before "+ N more"
MARK_SIGNS = {CalendarMark.PLANNED: "○", CalendarMark.SENT: "→", CalendarMark.PUBLISHED: "●"}
MARK_COLORS = {CalendarMark.PLANNED: "#57606a", CalendarMark.SENT: "#0969da", CalendarMark.PUBLISHED: "#1a7f37"}
_TODAY_BORDER = "#0969da"
_OUTSIDE_BACKGROUND = "#f6f8fa"
_HIGHLIGHT_BACKGROUND = "#fff8c5"


def mark_text(mark: CalendarMark) -> str:
    """Why an item is on a day, in words."""
    return {CalendarMark.PLANNED: _("Planned"), CalendarMark.SENT: _("Sent"), CalendarMark.PUBLISHED: _("Published")}[
        mark
    ]


def entry_tooltip(entry: CalendarEntry) -> str:
    """An entry's kind, status and title, and why it is on its day."""
    return "\n".join(
        (
            entry.title,
            f"{_(MEDIA_ITEM_KIND_LABELS[entry.kind])} · {_(MEDIA_ITEM_STATUS_LABELS[entry.status])}",
            f"{mark_text(entry.mark)} {format_day(entry.day)}",
        )
    )


class EntryLabel(QLabel):
    """One item on a day: a sign and the title, shortened with … to the day's width (or wrapped in a week)."""

    clicked = Signal(object)  # the item's id
    activated = Signal(object)

    def __init__(self, entry: CalendarEntry, *, wrap: bool, highlighted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.full_text = f"{MARK_SIGNS[entry.mark]} {entry.title}"
        self._wrap = wrap
        self.setWordWrap(wrap)
        self.setToolTip(entry_tooltip(entry))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        style = f"color: {MARK_COLORS[entry.mark]};"
        if highlighted:
            style += f" background: {_HIGHLIGHT_BACKGROUND}; font-weight: 600;"
        self.setStyleSheet(style)
        policy = QSizePolicy.Policy.Preferred if wrap else QSizePolicy.Policy.Ignored
        self.setSizePolicy(policy, QSizePolicy.Policy.Fixed if not wrap else QSizePolicy.Policy.Minimum)
        self.setText(self.full_text)
        self.setAccessibleName(f"{mark_text(entry.mark)}: {entry.title}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._wrap:
            elided = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(self.width(), 8))
            if elided != self.text():
                self.setText(elided)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.entry.item_id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.entry.item_id)
        super().mouseDoubleClickEvent(event)


class DayCell(QFrame):
    """One day: its number (or weekday and date in a week), then its items."""

    def __init__(
        self,
        day: CalendarDay,
        *,
        today: date,
        week: bool,
        highlighted: uuid.UUID | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.day = day
        self.setObjectName("day")
        border = f"2px solid {_TODAY_BORDER}" if day.day == today else "1px solid #d0d7de"
        background = _OUTSIDE_BACKGROUND if not day.in_month else "palette(base)"
        self.setStyleSheet(f"QFrame#day {{ border: {border}; border-radius: 3px; background: {background}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(1)
        locale = babel_locale()
        if week:
            weekday = locale.days["format"]["abbreviated"][day.day.weekday()]
            head_text = f"{weekday} {format_skeleton('Md', day.day, locale=locale)}"  # "ti 15.12.", "tis 15/12"
        else:
            head_text = str(day.day.day)
        self.head = QLabel(head_text)
        self.head.setToolTip(format_day(day.day, style="full"))
        # The days share the pane's width; a heading must not widen the pane (and squeeze the list beside it).
        self.head.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = QFont(self.head.font())
        font.setBold(day.day == today)
        self.head.setFont(font)
        self.head.setAlignment(Qt.AlignmentFlag.AlignLeft if week else Qt.AlignmentFlag.AlignRight)
        if not day.in_month:
            self.head.setStyleSheet(f"color: {MUTED_COLOR};")
        layout.addWidget(self.head)
        self.entries: list[EntryLabel] = []
        shown = day.entries if week else day.entries[:MONTH_ENTRIES]
        for entry in shown:
            label = EntryLabel(entry, wrap=week, highlighted=entry.item_id == highlighted)
            self.entries.append(label)
            layout.addWidget(label)
        hidden = len(day.entries) - len(shown)
        self.more = QLabel(_("+ {count} more").format(count=format_count(hidden)) if hidden else "")
        self.more.setStyleSheet(f"color: {MUTED_COLOR};")
        self.more.setVisible(hidden > 0)
        if hidden:
            self.more.setToolTip("\n".join(f"{MARK_SIGNS[e.mark]} {e.title}" for e in day.entries[len(shown) :]))
        layout.addWidget(self.more)
        layout.addStretch(1)
        self.setMinimumHeight(60)


class CalendarView(QWidget):
    """A month or a week of media items with Previous, Today and Next."""

    item_clicked = Signal(object)  # uuid.UUID
    item_activated = Signal(object)

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.mode = MONTH
        self.anchor = context.today()
        self.highlighted: uuid.UUID | None = None
        self.cells: list[DayCell] = []
        self._weeks: tuple[CalendarWeek, ...] | None = None  # as last read; None until the tab is first shown
        self.month_button = QPushButton()
        self.week_button = QPushButton()
        self.modes = QButtonGroup(self)
        for button in (self.month_button, self.week_button):
            button.setCheckable(True)
            self.modes.addButton(button)
        self.month_button.setChecked(True)
        self.month_button.clicked.connect(lambda: self.set_mode(MONTH))
        self.week_button.clicked.connect(lambda: self.set_mode(WEEK))
        self.previous_button = QPushButton("◀")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QPushButton()
        self.today_button.clicked.connect(self.go_to_today)
        self.next_button = QPushButton("▶")
        self.next_button.clicked.connect(lambda: self.step(1))
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(36)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        bar = QHBoxLayout()
        bar.addWidget(self.month_button)
        bar.addWidget(self.week_button)
        bar.addSpacing(12)
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(3)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.grid_host)
        self.legend = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.legend)
        self.retranslate()

    def retranslate(self) -> None:
        self.month_button.setText(_("Mont&h"))
        self.month_button.setToolTip(_("Show the whole month"))
        self.week_button.setText(_("W&eek"))
        self.week_button.setToolTip(_("Show one week with every item's whole title"))
        self.today_button.setText(_("To&day"))
        self.today_button.setToolTip(_("Go back to the period of today"))
        self.previous_button.setToolTip(_("The previous month or week"))
        self.next_button.setToolTip(_("The next month or week"))
        self.previous_button.setAccessibleName(_("Previous"))
        self.next_button.setAccessibleName(_("Next"))
        self.legend.setText(
            "  ".join(
                f'<span style="color: {MARK_COLORS[mark]};">{MARK_SIGNS[mark]} {html.escape(mark_text(mark))}</span>'
                for mark in CalendarMark
            )
        )
        if self._weeks is not None:
            self._draw(self._weeks)  # the names of days and months in the language, without reading again

    # ------------------------------------------------------------------------------------------------ moving
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        (self.month_button if mode == MONTH else self.week_button).setChecked(True)
        self.reload()

    def step(self, direction: int) -> None:
        """Move a month or a week back (-1) or on (1)."""
        if self.mode == WEEK:
            self.anchor += timedelta(days=7 * direction)
        else:
            month = self.anchor.month - 1 + direction
            self.anchor = date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.reload()

    def go_to_today(self) -> None:
        self.anchor = self.context.today()
        self.reload()

    def show_day(self, day: date | None, highlighted: uuid.UUID | None = None) -> None:
        """Highlight an item's entries and bring its day into view (when it has one)."""
        self.highlighted = highlighted
        if day is not None and not self.shows(day):
            self.anchor = day
        self.reload()

    def shows(self, day: date) -> bool:
        """Whether ``day`` is in the month or week shown."""
        if self.mode == WEEK:
            monday = self.anchor - timedelta(days=self.anchor.weekday())
            return monday <= day <= monday + timedelta(days=6)
        return (day.year, day.month) == (self.anchor.year, self.anchor.month)

    # ------------------------------------------------------------------------------------------------ drawing
    def reload(self) -> None:
        with self.context.database.reading() as session:
            weeks: tuple[CalendarWeek, ...]
            if self.mode == WEEK:
                weeks = (week_calendar(session, self.anchor),)
            else:
                weeks = month_calendar(session, self.anchor.year, self.anchor.month).weeks
        self._draw(weeks)

    def _draw(self, weeks: tuple[CalendarWeek, ...]) -> None:
        self._weeks = weeks
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.cells = []
        locale = babel_locale()
        today = self.context.today()
        week_mode = self.mode == WEEK
        names = locale.days["stand-alone"]["abbreviated"]
        if not week_mode:
            for column in range(7):
                head = QLabel(str(names[column]))
                head.setAlignment(Qt.AlignmentFlag.AlignCenter)
                head.setStyleSheet(f"color: {MUTED_COLOR};")
                self.grid.addWidget(head, 0, column + 1)
        for row, week in enumerate(weeks, start=1):
            number = QLabel(str(week.number))
            number.setStyleSheet(f"color: {MUTED_COLOR};")
            number.setToolTip(_("Week {number}").format(number=week.number))
            number.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            self.grid.addWidget(number, row, 0)
            for column, day in enumerate(week.days):
                cell = DayCell(day, today=today, week=week_mode, highlighted=self.highlighted)
                for label in cell.entries:
                    label.clicked.connect(self.item_clicked.emit)
                    label.activated.connect(self.item_activated.emit)
                self.cells.append(cell)
                self.grid.addWidget(cell, row, column + 1)
        for column in range(1, 8):
            self.grid.setColumnStretch(column, 1)
        for row in range(self.grid.rowCount()):  # a month's six rows share the height, a week's one takes it all
            self.grid.setRowStretch(row, 1 if 1 <= row <= len(weeks) else 0)
        self.heading.setText(self._heading(weeks))

    def _heading(self, weeks: tuple[CalendarWeek, ...]) -> str:
        if self.mode == WEEK:
            days = weeks[0].days
            return _("Week {number}: {first} – {last}").format(
                number=weeks[0].number,
                first=format_skeleton("Md", days[0].day, locale=babel_locale()),
                last=format_skeleton("yMd", days[-1].day, locale=babel_locale()),
            )
        text = format_date(self.anchor, "LLLL y", locale=babel_locale())
        return text[:1].upper() + text[1:]

    def entries_on(self, day: date) -> list[CalendarEntry]:
        """The entries the calendar shows on ``day`` (for tests and the accessible summary)."""
        return [label.entry for cell in self.cells if cell.day.day == day for label in cell.entries]
