"""The numbered register of recognitions: give, change, delete, find and list them; count their printings.

Numbering: a recognition gets the number after the highest its year has ever had, deleted ones included, so a number
is never given twice (``2026-014``). The year is that of the recognition's date when it is given; correcting the
date later keeps the number, because a printed diploma may already carry it.

Duplicates: the same member with the same kind (and, for a jubilee, the same years) as a live recognition is the same
recognition given twice. It is refused with :class:`DuplicateRecognitionError`, which names the earlier ones, unless
the caller says it is meant (``allow_duplicate=True``: a second thank-you diploma years later is ordinary).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from db.branches.models import Body, BodyKind, Position, PositionRole
from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.members.models import Member, MemberLanguage
from db.privacy.register import read_register_settings
from db.recognition.models import JUBILEE_YEARS, Recognition, RecognitionKind
from db.recognition.records import (
    RecognitionData,
    RecognitionRecord,
    Signer,
    format_number,
    signers_from_json,
    signers_to_json,
)

MAX_REASON = 400  # characters: six lines of a portrait diploma at the reason's smallest size
MAX_TITLE = 80
MAX_SIGNERS = 3
_NUMBER = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{1,6})\s*$")


class RecognitionNotFoundError(KansliError):
    def __init__(self, number: str | None = None) -> None:
        if number is None:
            super().__init__(_("The recognition was not found; it may have been deleted."))
        else:
            super().__init__(
                _("There is no recognition {number}; `kansli recognition list` shows them.").format(number=number)
            )


class DuplicateRecognitionError(KansliError):
    """The member already has this recognition; ``earlier`` holds the live ones it repeats."""

    def __init__(self, earlier: Sequence[RecognitionRecord]) -> None:
        numbers = ", ".join(record.number for record in earlier)
        super().__init__(
            _("{name} already has this recognition ({numbers}). Give it again only if that is meant.").format(
                name=earlier[0].member_name, numbers=numbers
            )
        )
        self.earlier = tuple(earlier)


def parse_number(text: str) -> tuple[int, int]:
    """Read ``2026-014`` (or ``2026-14``, ``2026/14``) into the year and the running number."""
    match = _NUMBER.match(text)
    if match is None or int(match.group(2)) == 0:
        raise ValidationError("number", _("Write a recognition number like 2026-014."))
    return int(match.group(1)), int(match.group(2))


def next_number(session: Session, year: int) -> int:
    """The number the next recognition of ``year`` gets: one past the highest ever given, deleted ones included."""
    highest = session.execute(select(func.max(Recognition.number)).where(Recognition.year == year)).scalar()
    return int(highest or 0) + 1


def _clean_text(text: str | None, limit: int | None = None) -> str:
    cleaned = " ".join((text or "").split())
    return cleaned[:limit] if limit else cleaned


def check_recognition(data: RecognitionData) -> RecognitionData:
    """Return the recognition tidied, or raise :class:`ValidationError` naming the first problem."""
    reason = "\n".join(" ".join(line.split()) for line in data.reason.strip().splitlines()).strip()
    if len(reason) > MAX_REASON:
        raise ValidationError(
            "reason", _("The reason is too long for a diploma: at most {count} characters.").format(count=MAX_REASON)
        )
    title = _clean_text(data.title)
    if data.kind == RecognitionKind.OTHER and not title:
        raise ValidationError("title", _("Give the recognition a title; it is printed as the diploma's heading."))
    if len(title) > MAX_TITLE:
        raise ValidationError("title", _("The title is too long: at most {count} characters.").format(count=MAX_TITLE))
    years = data.jubilee_years
    if data.kind == RecognitionKind.JUBILEE:
        if years not in JUBILEE_YEARS:
            raise ValidationError(
                "jubilee_years",
                _("A membership jubilee is {years} years.").format(years=", ".join(str(n) for n in JUBILEE_YEARS)),
            )
    else:
        years = None
    signers = data.signers
    if signers is not None:
        signers = tuple(
            Signer(_clean_text(signer.name, 100), _clean_text(signer.title, 100), signer.role)
            for signer in signers
            if signer.name.strip()
        )
        if len(signers) > MAX_SIGNERS:
            raise ValidationError(
                "signers", _("A diploma has room for at most {count} signatures.").format(count=MAX_SIGNERS)
            )
    return replace(
        data,
        reason=reason,
        title=title if data.kind == RecognitionKind.OTHER else "",
        jubilee_years=years,
        occasion=_clean_text(data.occasion, 200),
        decision=_clean_text(data.decision, 200),
        place=None if data.place is None else _clean_text(data.place, 100),
        signers=signers,
    )


def _live_member(session: Session, member_id: uuid.UUID) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None or member.erased_at is not None:
        raise ValidationError("member", _("The member was not found; it may have been deleted."))
    return member


def duplicates_of(
    session: Session,
    member_id: uuid.UUID,
    kind: RecognitionKind,
    jubilee_years: int | None = None,
    *,
    excluding: uuid.UUID | None = None,
) -> list[RecognitionRecord]:
    """The member's live recognitions of the same kind (and jubilee years): what giving it again would repeat."""
    statement = _records().where(Recognition.member_id == member_id, Recognition.kind == kind)
    if kind == RecognitionKind.JUBILEE:
        statement = statement.where(Recognition.jubilee_years == jubilee_years)
    if excluding is not None:
        statement = statement.where(Recognition.id != excluding)
    return [_record(row) for row in session.execute(statement.where(Recognition.deleted_at.is_(None))).tuples()]


def give_recognition(session: Session, data: RecognitionData, *, allow_duplicate: bool = False) -> RecognitionRecord:
    """Enter a recognition in the register with the next number of its year; return it.

    Raises:
        ValidationError: a field is refused (the member, the jubilee years, a missing title …).
        DuplicateRecognitionError: the member already has the same recognition and ``allow_duplicate`` is False.
    """
    data = check_recognition(data)
    _live_member(session, data.member_id)
    if not allow_duplicate and (earlier := duplicates_of(session, data.member_id, data.kind, data.jubilee_years)):
        raise DuplicateRecognitionError(earlier)
    place = default_place(session) if data.place is None else data.place
    signers = default_signers(session, data.awarded_on) if data.signers is None else data.signers
    year = data.awarded_on.year
    recognition = Recognition(year=year, number=next_number(session, year), member_id=data.member_id, kind=data.kind)
    _apply(recognition, replace(data, place=place, signers=signers))
    session.add(recognition)
    session.flush()
    return get_recognition(session, recognition.id)


def update_recognition(
    session: Session, recognition_id: uuid.UUID, data: RecognitionData, *, allow_duplicate: bool = False
) -> None:
    """Change a recognition; its number stays, whatever else changes. Left-out place and signers stay as they are."""
    data = check_recognition(data)
    recognition = _live_recognition(session, recognition_id)
    if data.member_id != recognition.member_id:
        _live_member(session, data.member_id)
    if not allow_duplicate and (
        earlier := duplicates_of(session, data.member_id, data.kind, data.jubilee_years, excluding=recognition_id)
    ):
        raise DuplicateRecognitionError(earlier)
    if recognition.member_id != data.member_id:
        recognition.member_id = data.member_id
    if recognition.kind != data.kind:
        recognition.kind = data.kind
    _apply(recognition, data)


def _apply(recognition: Recognition, data: RecognitionData) -> None:
    # Only changed values are set, so the change log (and the member's history) shows what was really edited.
    values: dict[str, object] = {
        "jubilee_years": data.jubilee_years,
        "awarded_on": data.awarded_on,
        "title": data.title or None,
        "reason": data.reason or None,
        "occasion": data.occasion or None,
        "decision": data.decision or None,
    }
    if data.place is not None:
        values["place"] = data.place or None
    if data.signers is not None:
        values["signers"] = signers_to_json(data.signers)
    for key, value in values.items():
        if getattr(recognition, key, None) != value:
            setattr(recognition, key, value)


def _live_recognition(session: Session, recognition_id: uuid.UUID) -> Recognition:
    recognition = session.get(Recognition, recognition_id)
    if recognition is None or recognition.deleted_at is not None:
        raise RecognitionNotFoundError
    return recognition


def delete_recognition(session: Session, recognition_id: uuid.UUID) -> None:
    """Take a recognition out of the register (softly: its number is never given again)."""
    _live_recognition(session, recognition_id).deleted_at = utcnow()
    session.flush()


def record_printing(session: Session, recognition_ids: Sequence[uuid.UUID], now: datetime) -> None:
    """Count one printing of each recognition's diploma (a reprint keeps the number; the register counts it)."""
    for recognition_id in dict.fromkeys(recognition_ids):
        recognition = _live_recognition(session, recognition_id)
        recognition.print_count += 1
        recognition.last_printed_at = now
    session.flush()


def _records() -> Select[tuple[Recognition, str, str, MemberLanguage]]:
    return select(Recognition, Member.first_name, Member.last_name, Member.language).join(
        Member, Member.id == Recognition.member_id
    )


def _record(row: tuple[Recognition, str, str, MemberLanguage]) -> RecognitionRecord:
    recognition, first, last, language = row
    return RecognitionRecord(
        id=recognition.id,
        year=recognition.year,
        sequence=recognition.number,
        member_id=recognition.member_id,
        member_name=f"{first} {last}",
        member_language=language.value if language is not None else "fi",
        kind=recognition.kind,
        jubilee_years=recognition.jubilee_years,
        awarded_on=recognition.awarded_on,
        title=recognition.title or "",
        reason=recognition.reason or "",
        occasion=recognition.occasion or "",
        decision=recognition.decision or "",
        place=recognition.place or "",
        signers=signers_from_json(recognition.signers),
        print_count=recognition.print_count,
        last_printed_at=recognition.last_printed_at,
        deleted=recognition.deleted_at is not None,
    )


def get_recognition(session: Session, recognition_id: uuid.UUID) -> RecognitionRecord:
    row = session.execute(_records().where(Recognition.id == recognition_id)).tuples().one_or_none()
    if row is None:
        raise RecognitionNotFoundError
    return _record(row)


def find_recognition(session: Session, text: str) -> RecognitionRecord:
    """The live recognition numbered ``text`` (``2026-014``).

    Raises:
        ValidationError: the text is not a recognition number.
        RecognitionNotFoundError: no live recognition has that number.
    """
    year, number = parse_number(text)
    row = (
        session.execute(
            _records().where(Recognition.year == year, Recognition.number == number, Recognition.deleted_at.is_(None))
        )
        .tuples()
        .first()
    )
    if row is None:
        raise RecognitionNotFoundError(format_number(year, number))
    return _record(row)


def list_recognitions(
    session: Session,
    *,
    year: int | None = None,
    occasion: str | None = None,
    member_id: uuid.UUID | None = None,
    include_deleted: bool = False,
) -> list[RecognitionRecord]:
    """The register in number order; only one year's, one occasion's (any case) or one member's when asked."""
    statement = _records().order_by(Recognition.year, Recognition.number)
    if year is not None:
        statement = statement.where(Recognition.year == year)
    if member_id is not None:
        statement = statement.where(Recognition.member_id == member_id)
    if not include_deleted:
        statement = statement.where(Recognition.deleted_at.is_(None))
    records = [_record(row) for row in session.execute(statement).tuples()]
    if occasion is not None:
        wanted = _clean_text(occasion).casefold()
        records = [record for record in records if record.occasion.casefold() == wanted]
    return records


def occasions(session: Session) -> list[str]:
    """The occasions of live recognitions, the latest first (for a form's list to choose from)."""
    rows = session.execute(
        select(Recognition.occasion, func.max(Recognition.awarded_on))
        .where(Recognition.deleted_at.is_(None), Recognition.occasion.is_not(None))
        .group_by(Recognition.occasion)
        .order_by(func.max(Recognition.awarded_on).desc(), Recognition.occasion)
    ).tuples()
    return [occasion for occasion, _latest in rows if occasion]


def default_signers(session: Session, on: date) -> tuple[Signer, ...]:
    """The district board's chair and secretary on ``on``, when the district has a board with them; else none."""
    rows = session.execute(
        select(Position.role, Member.first_name, Member.last_name)
        .join(Body, Body.id == Position.body_id)
        .join(Member, Member.id == Position.member_id)
        .where(Body.kind == BodyKind.DISTRICT_BOARD, Body.branch_id.is_(None), Body.deleted_at.is_(None))
        .where(Position.deleted_at.is_(None), Member.deleted_at.is_(None))
        .where(Position.role.in_([PositionRole.CHAIR, PositionRole.SECRETARY]))
        .where(Position.starts_on <= on, (Position.ends_on.is_(None)) | (Position.ends_on >= on))
        .order_by(Position.starts_on.desc())
    ).tuples()
    chosen: dict[PositionRole, Signer] = {}
    for role, first, last in rows:
        chosen.setdefault(role, Signer(f"{first} {last}", "", role.value))
    return tuple(chosen[role] for role in (PositionRole.CHAIR, PositionRole.SECRETARY) if role in chosen)


def default_place(session: Session) -> str:
    """The town of the district's address (from the register description's facts): "…, 65100 Vaasa" gives "Vaasa"."""
    address = read_register_settings(session).address
    parts = [part.strip() for part in re.split(r"[,\n]", address) if part.strip()]
    if not parts:
        return ""
    town = re.sub(r"^(?:[A-Z]{1,2}-)?\d[\d ]*\s+", "", parts[-1]).strip()
    return town.title() if town.isupper() else town
