"""Named member filters ("new members without a welcome call", "no e-mail"), kept in the database file.

They are the office's own working tools, so they stay with the database (and its backups) but do not travel in
sync: the table is not ``Synced``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.core.base import Base, utcnow
from db.core.errors import ValidationError
from db.core.i18n import _
from db.members.query import MemberFilter


class SavedFilter(Base):
    __tablename__ = "saved_filter"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    area: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    filter_json: Mapped[str]
    updated_at: Mapped[datetime]


@dataclass(frozen=True)
class NamedFilter:
    id: int
    name: str
    member_filter: MemberFilter


_AREA = "members"


def list_saved_filters(session: Session) -> list[NamedFilter]:
    """Return the saved member filters by name."""
    rows = session.execute(select(SavedFilter).where(SavedFilter.area == _AREA).order_by(SavedFilter.name)).scalars()
    return [NamedFilter(row.id, row.name, MemberFilter.from_json(row.filter_json)) for row in rows]


def save_filter(session: Session, name: str, member_filter: MemberFilter) -> int:
    """Save ``member_filter`` under ``name`` (replacing a filter of the same name); return its id."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("name", _("Give the filter a name."))
    row = session.execute(
        select(SavedFilter).where(SavedFilter.area == _AREA, SavedFilter.name == cleaned)
    ).scalar_one_or_none()
    if row is None:
        row = SavedFilter(area=_AREA, name=cleaned, filter_json="", updated_at=utcnow())
        session.add(row)
    row.filter_json = member_filter.to_json()
    row.updated_at = utcnow()
    session.flush()
    return row.id


def delete_saved_filter(session: Session, filter_id: int) -> None:
    """Forget a saved filter."""
    row = session.get(SavedFilter, filter_id)
    if row is not None:
        session.delete(row)
        session.flush()
