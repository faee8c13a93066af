"""The district this database belongs to, and the node's own identity (which never travels in sync)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.i18n import LANGUAGES, N_


class Country(enum.StrEnum):
    """The country whose phone numbering applies when a number is given without a country code."""

    FI = "FI"
    SE = "SE"


class Language(enum.StrEnum):
    """A language of the program and of printouts."""

    FI = "fi"
    SV = "sv"
    EN = "en"


assert tuple(language.value for language in Language) == LANGUAGES

LANGUAGE_NAMES = {Language.FI: N_("Finnish"), Language.SV: N_("Swedish"), Language.EN: N_("English")}


class District(Synced, Base):
    """The one district of this database."""

    __tablename__ = "district"

    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(40), default=None)
    country: Mapped[Country] = mapped_column(text_enum(Country, "country"), default=Country.FI)
    language: Mapped[Language] = mapped_column(text_enum(Language, "language"), default=Language.FI)


class MetaEntry(Base):
    """Facts about this database file: that it is Kansli's, its node id, when it was made. Never synced."""

    __tablename__ = "kansli_meta"

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


@dataclass(frozen=True)
class DistrictSettings:
    """The district's settings as plain data."""

    name: str
    code: str | None = None
    country: Country = Country.FI
    language: Language = Language.FI


def get_district(session: Session) -> DistrictSettings:
    """Return the district's settings."""
    district = session.execute(select(District).where(District.deleted_at.is_(None))).scalar_one()
    return DistrictSettings(district.name, district.code, district.country, district.language)


def update_district(session: Session, settings: DistrictSettings) -> None:
    """Change the district's name, code, country or language."""
    district = session.execute(select(District).where(District.deleted_at.is_(None))).scalar_one()
    district.name = settings.name.strip()
    district.code = settings.code.strip() if settings.code else None
    district.country = settings.country
    district.language = settings.language
