"""A body's meeting settings: § numbering and its printed style, notice, quorum, target, language, ordinary items.

Kept in one synced ``meeting_settings`` row per body; a body without a row meets by :func:`default_settings`, which
depend on its kind (the district board aims at 8 meetings a period) and on the district's language.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Body, BodyKind, Branch
from db.core.district import Language, get_district
from db.core.errors import ValidationError
from db.core.i18n import N_, _, translator
from db.meetings.models import MeetingSettings, QuorumRule, SectionNumbering, SectionStyle
from db.meetings.numbering import renumber_body

MAX_NOTICE_DAYS = 120
MAX_TARGET = 200
_ABBREVIATION = re.compile(r"^[^\W\d_][^\W_]{0,11}$")

# Short codes that name a meeting ("PH 5/2026") for the district's own bodies, in the district's language.
_KIND_CODES: dict[BodyKind, dict[str, str]] = {
    BodyKind.DISTRICT_BOARD: {"fi": "PH", "sv": "DS", "en": "DB"},
    BodyKind.EXECUTIVE_COMMITTEE: {"fi": "TVK", "sv": "VU", "en": "EC"},
    BodyKind.NOMINATION_COMMITTEE: {"fi": "VTK", "sv": "VB", "en": "NC"},
    BodyKind.EDITORIAL_COMMITTEE: {"fi": "TK", "sv": "RR", "en": "ED"},
}

# The ordinary business a body handles at most meetings, placed after the follow-up on a new agenda.
_ORDINARY_ITEMS: dict[BodyKind, tuple[str, ...]] = {
    BodyKind.DISTRICT_BOARD: (
        N_("Finances"),
        N_("Membership matters"),
        N_("News from the branches"),
        N_("Campaigns and events"),
    ),
    BodyKind.EXECUTIVE_COMMITTEE: (N_("Finances"), N_("Preparing the board's meeting")),
    BodyKind.BRANCH_BOARD: (N_("Finances"), N_("Membership matters"), N_("Events")),
}


@dataclass(frozen=True)
class MeetingSettingsData:
    """How a body meets. ``None`` in ``language``/``section_style`` means the default of the language."""

    abbreviation: str | None = None
    language: Language | None = None
    numbering: SectionNumbering = SectionNumbering.PER_MEETING
    section_style: SectionStyle | None = None
    notice_days: int = 7
    quorum_rule: QuorumRule = QuorumRule.MORE_THAN_HALF
    quorum_count: int | None = None
    target_meetings: int | None = None
    period_starts_on: date | None = None  # the first day of a period; None: calendar years
    period_months: int = 12
    ordinary_items: tuple[str, ...] | None = None  # None: the usual items of the body's kind, in its language


@dataclass(frozen=True)
class BodySettings:
    """A body's settings with every default resolved: what the operations and printouts use."""

    body_id: uuid.UUID
    body_name: str
    body_kind: BodyKind
    code: str
    language: str
    numbering: SectionNumbering
    section_style: SectionStyle
    notice_days: int
    quorum_rule: QuorumRule
    quorum_count: int | None
    target_meetings: int | None
    period_starts_on: date | None
    period_months: int
    ordinary_items: tuple[str, ...]
    stored: MeetingSettingsData


def default_style(language: str) -> SectionStyle:
    """Finnish writes the number first (``1 §``); Swedish and English the symbol first (``§ 1``)."""
    return SectionStyle.NUMBER_FIRST if language == "fi" else SectionStyle.SYMBOL_FIRST


def default_settings(kind: BodyKind) -> MeetingSettingsData:
    """The settings of a body that has none stored."""
    if kind == BodyKind.DISTRICT_BOARD:
        return MeetingSettingsData(target_meetings=8)  # "at least 8 times in the period" (seed 004)
    return MeetingSettingsData()


def check_settings(data: MeetingSettingsData) -> MeetingSettingsData:
    """Return the settings tidied, or raise :class:`ValidationError` naming the first problem."""
    abbreviation = "".join((data.abbreviation or "").split()) or None
    if abbreviation is not None and not _ABBREVIATION.match(abbreviation):
        raise ValidationError(
            "abbreviation", _("The short name is 1 to 12 letters or digits and begins with a letter, e.g. DS.")
        )
    if not 0 <= data.notice_days <= MAX_NOTICE_DAYS:
        raise ValidationError(
            "notice_days", _("The notice period is between 0 and {days} days.").format(days=MAX_NOTICE_DAYS)
        )
    quorum_count = data.quorum_count
    if data.quorum_rule == QuorumRule.FIXED:
        if quorum_count is None or quorum_count < 1:
            raise ValidationError("quorum_count", _("Give the number of members that makes a quorum."))
    else:
        quorum_count = None
    if data.target_meetings is not None and not 0 <= data.target_meetings <= MAX_TARGET:
        raise ValidationError(
            "target_meetings", _("The target is between 0 and {count} meetings.").format(count=MAX_TARGET)
        )
    if not 1 <= data.period_months <= 60:
        raise ValidationError("period_months", _("A period is between 1 and 60 months long."))
    items = None
    if data.ordinary_items is not None:
        items = tuple(" ".join(title.split()) for title in data.ordinary_items if title.strip())
        if any(len(title) > 300 for title in items):
            raise ValidationError("ordinary_items", _("An item's title is at most 300 characters."))
    return replace(
        data,
        abbreviation=abbreviation.upper() if abbreviation else None,
        quorum_count=quorum_count,
        ordinary_items=items,
    )


def _stored_data(row: MeetingSettings) -> MeetingSettingsData:
    items = json.loads(row.ordinary_items) if row.ordinary_items is not None else None
    return MeetingSettingsData(
        abbreviation=row.abbreviation,
        language=row.language,
        numbering=row.numbering,
        section_style=row.section_style,
        notice_days=row.notice_days,
        quorum_rule=row.quorum_rule,
        quorum_count=row.quorum_count,
        target_meetings=row.target_meetings,
        period_starts_on=row.period_starts_on,
        period_months=row.period_months,
        ordinary_items=tuple(items) if items is not None else None,
    )


def _live_body(session: Session, body_id: uuid.UUID) -> Body:
    body = session.get(Body, body_id)
    if body is None or body.deleted_at is not None:
        raise ValidationError("body", _("The body was not found; it may have been deleted."))
    return body


def _settings_row(session: Session, body_id: uuid.UUID) -> MeetingSettings | None:
    return session.execute(select(MeetingSettings).where(MeetingSettings.body_id == body_id)).scalar_one_or_none()


def save_body_settings(session: Session, body_id: uuid.UUID, data: MeetingSettingsData) -> None:
    """Store a body's meeting settings (one row per body, brought back if it was deleted).

    Raises:
        ValidationError: a value is refused, or the short name is another body's.
    """
    _live_body(session, body_id)
    data = check_settings(data)
    if data.abbreviation is not None:
        codes = body_codes(session)
        clash = [other for other, code in codes.items() if other != body_id and code == data.abbreviation]
        if clash:
            raise ValidationError(
                "abbreviation",
                _("The short name {code} is already another body's.").format(code=data.abbreviation),
            )
    row = _settings_row(session, body_id)
    if row is None:
        row = MeetingSettings(body_id=body_id)
        session.add(row)
    renumbered = row.numbering != data.numbering or row.deleted_at is not None
    row.deleted_at = None
    row.abbreviation = data.abbreviation
    row.language = data.language
    row.numbering = data.numbering
    row.section_style = data.section_style
    row.notice_days = data.notice_days
    row.quorum_rule = data.quorum_rule
    row.quorum_count = data.quorum_count
    row.target_meetings = data.target_meetings
    row.period_starts_on = data.period_starts_on
    row.period_months = data.period_months
    items = json.dumps(list(data.ordinary_items), ensure_ascii=False) if data.ordinary_items is not None else None
    if row.ordinary_items != items:
        row.ordinary_items = items
    session.flush()
    if renumbered:
        renumber_body(session, body_id)  # open meetings take the new numbering; signed minutes keep theirs


def _initials(name: str) -> str:
    words = [word for word in re.split(r"[\s–\-/]+", name) if word and word[0].isalpha()]
    initials = "".join(word[0] for word in words).upper()
    if len(initials) >= 2:
        return initials[:4]
    letters = [letter for letter in name if letter.isalpha()]
    return "".join(letters[:2]).upper() or "X"


def body_codes(session: Session) -> dict[uuid.UUID, str]:
    """The short code of every live body: its stored short name, else one made from its kind or initials.

    Made codes that would collide get a digit (``VV``, ``VV2``), in the order of the bodies' names, so the same
    database always gives the same codes.
    """
    district_language = get_district(session).language.value
    stored = {
        body_id: code
        for body_id, code in session.execute(
            select(MeetingSettings.body_id, MeetingSettings.abbreviation).where(
                MeetingSettings.deleted_at.is_(None), MeetingSettings.abbreviation.is_not(None)
            )
        ).tuples()
        if code
    }
    bodies = session.execute(
        select(Body.id, Body.name, Body.kind, Body.branch_id)
        .where(Body.deleted_at.is_(None))
        .order_by(Body.name, Body.id)
    ).tuples()
    codes: dict[uuid.UUID, str] = {}
    taken = set(stored.values())
    for body_id, name, kind, branch_id in bodies:
        if body_id in stored:
            codes[body_id] = stored[body_id]
            continue
        base = _KIND_CODES[kind][district_language] if kind in _KIND_CODES and branch_id is None else _initials(name)
        code, suffix = base, 2
        while code in taken:
            code, suffix = f"{base}{suffix}", suffix + 1
        taken.add(code)
        codes[body_id] = code
    return codes


def body_language(session: Session, body: Body, stored: Language | None) -> str:
    """The language of a body's papers: its setting, else its branch's language, else the district's."""
    if stored is not None:
        return stored.value
    if body.branch_id is not None:
        branch = session.get(Branch, body.branch_id)
        if branch is not None:
            return branch.language.value
    return get_district(session).language.value


def body_settings(session: Session, body_id: uuid.UUID, codes: dict[uuid.UUID, str] | None = None) -> BodySettings:
    """A body's settings with the defaults filled in."""
    body = _live_body(session, body_id)
    row = _settings_row(session, body_id)
    data = _stored_data(row) if row is not None and row.deleted_at is None else default_settings(body.kind)
    language = body_language(session, body, data.language)
    codes = codes if codes is not None else body_codes(session)
    _t = translator(language).gettext
    items = data.ordinary_items
    if items is None:
        items = tuple(_t(title) for title in _ORDINARY_ITEMS.get(body.kind, ()))
    return BodySettings(
        body_id=body.id,
        body_name=body.name,
        body_kind=body.kind,
        code=codes.get(body.id, _initials(body.name)),
        language=language,
        numbering=data.numbering,
        section_style=data.section_style or default_style(language),
        notice_days=data.notice_days,
        quorum_rule=data.quorum_rule,
        quorum_count=data.quorum_count,
        target_meetings=data.target_meetings,
        period_starts_on=data.period_starts_on,
        period_months=data.period_months,
        ordinary_items=items,
        stored=data,
    )


def stored_settings(session: Session, body_id: uuid.UUID) -> MeetingSettingsData:
    """What a settings form shows: the stored settings, or the defaults of the body's kind."""
    return body_settings(session, body_id).stored


def find_body(session: Session, text: str) -> uuid.UUID:
    """Find a live body by its short code (``PH``) or its name, any case; a part of the name will do when unique.

    Raises:
        ValidationError: nothing matches, or more than one body does.
    """
    wanted = " ".join(text.split()).casefold()
    codes = body_codes(session)
    by_code = [body_id for body_id, code in codes.items() if code.casefold() == wanted]
    if len(by_code) == 1:
        return by_code[0]
    names: Sequence[tuple[uuid.UUID, str]] = list(
        session.execute(select(Body.id, Body.name).where(Body.deleted_at.is_(None))).tuples()
    )
    exact = [body_id for body_id, name in names if name.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = [body_id for body_id, name in names if wanted and wanted in name.casefold()]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise ValidationError("body", _("More than one body matches {text}; give more of its name.").format(text=text))
    raise ValidationError("body", _("No body matches {text}.").format(text=text))
