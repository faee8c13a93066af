"""Typed settings of the district kept in the database (window state lives in QSettings instead).

Each setting is stored as JSON under a key; :class:`SettingsStore`-style accessors in the areas turn them into
dataclasses with defaults, so a database that never saved a setting reads the default.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.core.base import Base, utcnow


class Setting(Base):
    """One setting: a key and its JSON value. Local to this database (not synced)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str]
    updated_at: Mapped[datetime]


def read_setting(session: Session, key: str, default: Any) -> Any:
    """Return the value stored under ``key``, or ``default`` when there is none."""
    text = session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return default if text is None else json.loads(text)


def write_setting(session: Session, key: str, value: Any) -> None:
    """Store ``value`` (anything JSON can hold) under ``key``."""
    session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False, sort_keys=True), updated_at=utcnow()))
    session.flush()
