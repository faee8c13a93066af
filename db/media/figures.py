"""Figures of media work by kind and month, and the calendar of planned, sent and published items.

An item counts as **out** in the month it was published, or else the month it was sent (a rejected item was sent,
so it counts too: the work was done); ideas and drafts count in no month. **Published** counts the items published
in the month. The calendar shows each item on its planned day while it is an idea or a draft, and on the days it
was sent and published.
"""

from __future__ import annotations

import calendar
import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.media.models import MediaItem, MediaItemKind, MediaItemStatus

_OPEN = (MediaItemStatus.IDEA, MediaItemStatus.DRAFT)


@dataclass(frozen=True)
class KindFigures:
    """One kind's figures for a year: counts per month (index 0 is January)."""

    kind: MediaItemKind
    out: tuple[int, ...]
    published: tuple[int, ...]

    @property
    def out_total(self) -> int:
        return sum(self.out)

    @property
    def published_total(self) -> int:
        return sum(self.published)


@dataclass(frozen=True)
class MediaFigures:
    """A year's figures: one row per kind (every kind, in the order of :class:`MediaItemKind`) and the totals."""

    year: int
    kinds: tuple[KindFigures, ...]

    def month_totals(self, which: str = "out") -> tuple[int, ...]:
        """The totals of every kind per month, of ``out`` or ``published``."""
        return tuple(sum(getattr(row, which)[month] for row in self.kinds) for month in range(12))

    def of(self, kind: MediaItemKind) -> KindFigures:
        return next(row for row in self.kinds if row.kind == kind)


def media_figures(session: Session, year: int) -> MediaFigures:
    """Count the year's items by kind and month (see the module's description)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    out: dict[MediaItemKind, list[int]] = defaultdict(lambda: [0] * 12)
    published: dict[MediaItemKind, list[int]] = defaultdict(lambda: [0] * 12)
    rows = session.execute(
        select(MediaItem.kind, MediaItem.status, MediaItem.sent_on, MediaItem.published_on)
        .where(MediaItem.deleted_at.is_(None), MediaItem.status.not_in(_OPEN))
        .where(or_(MediaItem.published_on.between(start, end), MediaItem.sent_on.between(start, end)))
    ).tuples()
    for kind, status, sent_on, published_on in rows:
        day = published_on if status == MediaItemStatus.PUBLISHED and published_on else sent_on or published_on
        if day is not None and day.year == year:
            out[kind][day.month - 1] += 1
        if status == MediaItemStatus.PUBLISHED and published_on is not None and published_on.year == year:
            published[kind][published_on.month - 1] += 1
    return MediaFigures(
        year, tuple(KindFigures(kind, tuple(out[kind]), tuple(published[kind])) for kind in MediaItemKind)
    )


class CalendarMark(enum.StrEnum):
    """Why an item is on a day."""

    PLANNED = "planned"
    SENT = "sent"
    PUBLISHED = "published"


@dataclass(frozen=True)
class CalendarEntry:
    item_id: uuid.UUID
    day: date
    mark: CalendarMark
    kind: MediaItemKind
    status: MediaItemStatus
    title: str


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool  # False for the days of the neighbouring months that fill the first and last week
    entries: tuple[CalendarEntry, ...] = ()


@dataclass(frozen=True)
class CalendarWeek:
    """A week from Monday to Sunday, with its ISO week number (as Finnish and Swedish calendars show)."""

    number: int
    days: tuple[CalendarDay, ...]


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    weeks: tuple[CalendarWeek, ...] = field(default_factory=tuple)


def calendar_entries(session: Session, start: date, end: date) -> list[CalendarEntry]:
    """The items on the calendar between ``start`` and ``end`` (both included), by day, then kind and title."""
    rows = session.execute(
        select(
            MediaItem.id,
            MediaItem.kind,
            MediaItem.status,
            MediaItem.title,
            MediaItem.planned_on,
            MediaItem.sent_on,
            MediaItem.published_on,
        )
        .where(MediaItem.deleted_at.is_(None))
        .where(
            or_(
                MediaItem.planned_on.between(start, end),
                MediaItem.sent_on.between(start, end),
                MediaItem.published_on.between(start, end),
            )
        )
    ).tuples()
    entries: list[CalendarEntry] = []
    for item_id, kind, status, title, planned_on, sent_on, published_on in rows:
        marks: list[tuple[date | None, CalendarMark]] = [(sent_on, CalendarMark.SENT)]
        if status in _OPEN:
            marks.append((planned_on, CalendarMark.PLANNED))
        if status == MediaItemStatus.PUBLISHED:
            marks.append((published_on, CalendarMark.PUBLISHED))
        for day, mark in marks:
            if day is not None and start <= day <= end:
                entries.append(CalendarEntry(item_id, day, mark, kind, status, title))
    kinds = list(MediaItemKind)
    entries.sort(key=lambda entry: (entry.day, kinds.index(entry.kind), entry.title.casefold()))
    return entries


def _weeks(session: Session, first: date, last: date, month: int | None) -> tuple[CalendarWeek, ...]:
    by_day: dict[date, list[CalendarEntry]] = defaultdict(list)
    for entry in calendar_entries(session, first, last):
        by_day[entry.day].append(entry)
    weeks: list[CalendarWeek] = []
    monday = first
    while monday <= last:
        days = tuple(
            CalendarDay(day, month is None or day.month == month, tuple(by_day.get(day, ())))
            for day in (monday + timedelta(days=offset) for offset in range(7))
        )
        weeks.append(CalendarWeek(monday.isocalendar().week, days))
        monday += timedelta(days=7)
    return tuple(weeks)


def month_calendar(session: Session, year: int, month: int) -> CalendarMonth:
    """The month as whole weeks from Monday, the neighbouring months' days marked as outside it."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    return CalendarMonth(year, month, _weeks(session, start, end, month))


def week_calendar(session: Session, day: date) -> CalendarWeek:
    """The week (Monday to Sunday) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return _weeks(session, monday, monday + timedelta(days=6), None)[0]


def upcoming(session: Session, today: date, days: int = 14) -> Sequence[CalendarEntry]:
    """Items planned from today on for the next ``days`` days (for the Overview)."""
    return [
        entry
        for entry in calendar_entries(session, today, today + timedelta(days=days))
        if entry.mark == CalendarMark.PLANNED
    ]
