"""The district's vocabulary of volunteer interests ("what would you like to do?").

Every district starts from :data:`DEFAULT_INTERESTS` (seeded by :func:`seed_default_interests`) and may add its own.
An interest has a stable ``code`` (what imports, exports and sync refer to) and a name in each program language.
Interests are never removed: one no longer offered is made inactive, so members who chose it keep it on their card
and the change log keeps its history.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.errors import KansliError, ValidationError
from db.core.i18n import _, current_language
from db.core.text import fold, nordic_sort_key
from db.members.models import Interest

_CODE_PATTERN = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
_CODE_MAX = 60  # the width of interest.code
_NAME_MAX = 200  # the width of the name columns


@dataclass(frozen=True)
class DefaultInterest:
    """One interest every district starts with."""

    code: str
    name_fi: str
    name_sv: str
    name_en: str


# Drawn from the seeds: calling campaigns, godparents, recruitment, the member paper, election work, studies,
# union cooperation, the youth league, international work and the environment (DOMAIN.md).
DEFAULT_INTERESTS: tuple[DefaultInterest, ...] = (
    DefaultInterest("events", "Tapahtumien järjestäminen", "Ordna evenemang", "Organising events"),
    DefaultInterest("member_calling", "Jäsenille soittaminen", "Ringa medlemmar", "Calling members"),
    DefaultInterest("canvassing", "Ovelta ovelle -kampanjointi", "Dörrknackning", "Door-to-door canvassing"),
    DefaultInterest(
        "leafleting", "Esitteiden ja lehtien jakaminen", "Dela ut flygblad och tidningar", "Handing out leaflets"
    ),
    DefaultInterest("social_media", "Sosiaalinen media", "Sociala medier", "Social media"),
    DefaultInterest(
        "member_paper", "Jäsenlehteen kirjoittaminen", "Skriva i medlemstidningen", "Writing for the member paper"
    ),
    DefaultInterest("photography", "Valokuvaus", "Fotografering", "Photography"),
    DefaultInterest("election_work", "Vaalityö", "Valarbete", "Election work"),
    DefaultInterest(
        "studies", "Koulutus ja opintopiirit", "Utbildning och studiecirklar", "Training and study circles"
    ),
    DefaultInterest(
        "godparent", "Uusien jäsenten kummina toimiminen", "Fadder för nya medlemmar", "Godparent to new members"
    ),
    DefaultInterest("fundraising", "Varainhankinta", "Medelsanskaffning", "Fundraising"),
    DefaultInterest("it", "Tietotekniikka ja verkkosivut", "IT och webbplatser", "IT and websites"),
    DefaultInterest(
        "translation", "Kääntäminen (suomi–ruotsi)", "Översättning (finska–svenska)", "Translation (Finnish–Swedish)"
    ),
    DefaultInterest("youth", "Nuorisotoiminta", "Ungdomsverksamhet", "Youth work"),
    DefaultInterest("unions", "Ay-yhteistyö", "Fackligt samarbete", "Trade union cooperation"),
    DefaultInterest("international", "Kansainvälinen toiminta", "Internationellt arbete", "International work"),
    DefaultInterest("environment", "Ympäristö ja ilmasto", "Miljö och klimat", "Environment and climate"),
)


@dataclass(frozen=True)
class InterestRecord:
    """One interest of the vocabulary, as plain data."""

    id: uuid.UUID
    code: str
    name_fi: str
    name_sv: str
    name_en: str
    active: bool

    def name_in(self, language: str) -> str:
        """Return the interest's name in fi, sv or en (English for any other code)."""
        return {"fi": self.name_fi, "sv": self.name_sv}.get(language, self.name_en)


class InterestNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The volunteer interest was not found."))


def _record(row: Interest) -> InterestRecord:
    return InterestRecord(row.id, row.code, row.name_fi, row.name_sv, row.name_en, row.active)


def seed_default_interests(session: Session) -> int:
    """Add the default interests the vocabulary lacks; return how many were added.

    Idempotent. A default the district has made inactive or renamed is left as it is; one whose row was marked
    deleted (an undone seeding) is brought back, since its code is taken for good.
    """
    rows = {row.code: row for row in session.execute(select(Interest)).scalars()}
    added = 0
    for default in DEFAULT_INTERESTS:
        row = rows.get(default.code)
        if row is None:
            session.add(
                Interest(
                    code=default.code,
                    name_fi=default.name_fi,
                    name_sv=default.name_sv,
                    name_en=default.name_en,
                    active=True,
                )
            )
            added += 1
        elif row.deleted_at is not None:
            row.deleted_at = None
            added += 1
    session.flush()
    return added


def list_interests(
    session: Session, include_inactive: bool = False, language: str | None = None
) -> list[InterestRecord]:
    """Return the vocabulary in alphabetical order of the names in ``language`` (default: the current one).

    Args:
        session: an open session.
        include_inactive: also return interests no longer offered (for a member's card and the settings page).
        language: fi, sv or en; sorts by the names in that language.
    """
    statement = select(Interest).where(Interest.deleted_at.is_(None))
    if not include_inactive:
        statement = statement.where(Interest.active.is_(True))
    records = [_record(row) for row in session.execute(statement).scalars()]
    language = language or current_language()
    records.sort(key=lambda record: (nordic_sort_key(record.name_in(language)), record.code))
    return records


def interest_ids_by_code(session: Session) -> dict[str, uuid.UUID]:
    """Return the id of every live interest (active or not) by its code, for imports and the demo."""
    rows = session.execute(select(Interest.code, Interest.id).where(Interest.deleted_at.is_(None))).tuples()
    return {code: interest_id for code, interest_id in rows}


def _clean_name(text: str, field: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        message = {
            "name_fi": _("The Finnish name of the interest is missing."),
            "name_sv": _("The Swedish name of the interest is missing."),
        }.get(field, _("The English name of the interest is missing."))
        raise ValidationError(field, message)
    if len(cleaned) > _NAME_MAX:
        raise ValidationError(field, _("The name is longer than {count} characters.").format(count=_NAME_MAX))
    return cleaned


def _check_names_free(session: Session, names: dict[str, str], interest_id: uuid.UUID | None) -> None:
    """Refuse a name that another live interest already has in the same language (regardless of case, accents)."""
    for row in session.execute(select(Interest).where(Interest.deleted_at.is_(None))).scalars():
        if row.id == interest_id:
            continue
        for field, name in names.items():
            if fold(getattr(row, field)) == fold(name):
                raise ValidationError(field, _("There is already an interest called “{name}”.").format(name=name))


def code_from_name(name: str) -> str:
    """Derive a code from a name: folded, words joined by underscores ("IT & websites" → ``it_websites``)."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    code = "_".join(words)[:_CODE_MAX].strip("_")
    return code or "interest"


def _taken_codes(session: Session) -> set[str]:
    # Deleted rows keep their code (the column is unique), so they count as taken too.
    return set(session.execute(select(Interest.code)).scalars())


def _free_code(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"_{number}"
        candidate = base[: _CODE_MAX - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def add_interest(session: Session, name_fi: str, name_sv: str, name_en: str, code: str | None = None) -> uuid.UUID:
    """Add an interest to the vocabulary; return its id.

    Args:
        session: the session of an open transaction.
        name_fi: the Finnish name.
        name_sv: the Swedish name.
        name_en: the English name; the code is derived from it when ``code`` is not given.
        code: a stable code of lower-case letters, digits and underscores; it must not be in use.

    Raises:
        ValidationError: a name is empty or taken, or the code is malformed or taken.
    """
    names = {
        "name_fi": _clean_name(name_fi, "name_fi"),
        "name_sv": _clean_name(name_sv, "name_sv"),
        "name_en": _clean_name(name_en, "name_en"),
    }
    _check_names_free(session, names, None)
    taken = _taken_codes(session)
    if code is None:
        code = _free_code(code_from_name(names["name_en"]), taken)
    else:
        code = code.strip()
        if not _CODE_PATTERN.fullmatch(code) or len(code) > _CODE_MAX:
            raise ValidationError(
                "code",
                _(
                    "The code may hold only lower-case letters a–z, digits and single underscores (at most {count})."
                ).format(count=_CODE_MAX),
            )
        if code in taken:
            raise ValidationError("code", _("The code “{code}” is already in use.").format(code=code))
    interest = Interest(code=code, active=True, **names)
    session.add(interest)
    session.flush()
    return interest.id


def _live_interest(session: Session, interest_id: uuid.UUID) -> Interest:
    row = session.get(Interest, interest_id)
    if row is None or row.deleted_at is not None:
        raise InterestNotFoundError
    return row


def update_interest(session: Session, interest_id: uuid.UUID, name_fi: str, name_sv: str, name_en: str) -> None:
    """Rename an interest. Its code never changes: files and other databases refer to it.

    Raises:
        ValidationError: a name is empty or another interest has it.
        InterestNotFoundError: no such interest.
    """
    row = _live_interest(session, interest_id)
    names = {
        "name_fi": _clean_name(name_fi, "name_fi"),
        "name_sv": _clean_name(name_sv, "name_sv"),
        "name_en": _clean_name(name_en, "name_en"),
    }
    _check_names_free(session, names, interest_id)
    row.name_fi, row.name_sv, row.name_en = names["name_fi"], names["name_sv"], names["name_en"]
    session.flush()


def set_interest_active(session: Session, interest_id: uuid.UUID, active: bool) -> None:
    """Offer an interest again, or stop offering it (members who have it keep it).

    Raises:
        InterestNotFoundError: no such interest.
    """
    _live_interest(session, interest_id).active = active
    session.flush()
