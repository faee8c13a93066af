"""Everything the Overview shows, read in one go (on a worker thread) as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select

from db.core.database import Database
from db.members.models import Member
from db.members.statistics import KeyFigures, MonthCount, key_figures, monthly_counts
from desktop.overview.attention import AttentionItem, AttentionProvider, attention_items

CHART_MONTHS = 24


@dataclass(frozen=True)
class OverviewData:
    """One snapshot of the Overview (all read in one transaction, so the figures agree with each other)."""

    today: date
    has_people: bool
    figures: KeyFigures
    months: list[MonthCount]
    items: list[AttentionItem]


def load_overview(database: Database, today: date, providers: Sequence[AttentionProvider]) -> OverviewData:
    """Read the Overview; runs on a worker thread with a session of its own."""
    with database.reading() as session:
        has_people = bool(session.execute(select(exists().where(Member.deleted_at.is_(None)))).scalar())
        if not has_people:
            return OverviewData(today, False, key_figures([], today), [], [])
        months = monthly_counts(session, CHART_MONTHS, today)
        return OverviewData(
            today=today,
            has_people=True,
            figures=key_figures(months, today),
            months=months,
            items=attention_items(session, today, providers),
        )
