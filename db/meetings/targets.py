"""Meetings held and planned in the current period against a body's target ("at least 8 times in the period")."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.branches.models import Body
from db.meetings.models import Meeting
from db.meetings.settings import BodySettings, body_codes, body_settings

_DEFAULT_ANCHOR = date(2000, 1, 1)  # periods without a first day of their own run in calendar years (or months)


@dataclass(frozen=True)
class TargetFigures:
    body_id: uuid.UUID
    body_name: str
    code: str
    period_start: date
    period_end: date
    target: int | None
    held: int  # meetings on or before today in the period
    planned: int  # meetings after today in the period

    @property
    def short_of_target(self) -> int:
        """How many more meetings than held and planned the target asks for (0 when none)."""
        if self.target is None:
            return 0
        return max(0, self.target - self.held - self.planned)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of the month kept where the month has it (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_of(settings: BodySettings, today: date) -> tuple[date, date]:
    """The first and last day of the body's period that holds ``today``."""
    anchor = settings.period_starts_on or _DEFAULT_ANCHOR
    months = settings.period_months
    elapsed = (today.year - anchor.year) * 12 + today.month - anchor.month
    steps = elapsed // months
    start = add_months(anchor, steps * months)
    if start > today:
        start = add_months(anchor, (steps - 1) * months)
    while add_months(start, months) <= today:
        start = add_months(start, months)
    return start, add_months(start, months) - timedelta(days=1)


def meeting_targets(session: Session, today: date, body_id: uuid.UUID | None = None) -> list[TargetFigures]:
    """The figures of every body that has a target (or of one body, target or not), by body name."""
    codes = body_codes(session)
    if body_id is not None:
        bodies = [body_id]
    else:
        bodies = list(session.execute(select(Body.id).where(Body.deleted_at.is_(None)).order_by(Body.name)).scalars())
    figures = []
    for each in bodies:
        settings = body_settings(session, each, codes)
        if body_id is None and settings.target_meetings is None:
            continue
        start, end = period_of(settings, today)
        counts: dict[bool, int] = dict(
            list(
                session.execute(
                    select(Meeting.held_on <= today, func.count())
                    .where(Meeting.body_id == each, Meeting.deleted_at.is_(None))
                    .where(Meeting.held_on >= start, Meeting.held_on <= end)
                    .group_by(Meeting.held_on <= today)
                ).tuples()
            )
        )
        figures.append(
            TargetFigures(
                body_id=each,
                body_name=settings.body_name,
                code=settings.code,
                period_start=start,
                period_end=end,
                target=settings.target_meetings,
                held=int(counts.get(True, 0)),
                planned=int(counts.get(False, 0)),
            )
        )
    return figures
