"""What a diploma shows, as plain data for ``reports.recognition``, and gathering it from the register.

A diploma is printed in its recipient's language (Finnish or Swedish; English for anybody else) unless the printout
asks for another. The report words the headings and the signers' offices in that language; the reason, place,
occasion and decision are printed as typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.district import District
from db.core.i18n import N_, Label
from db.recognition.models import RecognitionKind
from db.recognition.records import RecognitionRecord, Signer


@dataclass(frozen=True)
class Diploma:
    """One diploma: one page of a printout."""

    number: str  # "2026-014"
    language: str  # fi, sv or en
    district: str
    kind: RecognitionKind
    name: str
    awarded_on: date
    reason: str = ""
    jubilee_years: int | None = None
    title: str = ""  # the heading of a recognition of kind OTHER
    place: str = ""
    occasion: str = ""
    decision: str = ""
    signers: Sequence[Signer] = ()


@dataclass(frozen=True)
class DiplomaJob:
    """A printout of diplomas and the people in it (for the register's print count and the export log)."""

    diplomas: list[Diploma]
    recognition_ids: list[uuid.UUID]
    member_ids: list[uuid.UUID]
    description: Label


def diploma_of(record: RecognitionRecord, district: str, language: str | None = None) -> Diploma:
    """The diploma of one recognition, in ``language`` or else its recipient's."""
    return Diploma(
        number=record.number,
        language=language or record.diploma_language,
        district=district,
        kind=record.kind,
        name=record.member_name,
        awarded_on=record.awarded_on,
        reason=record.reason,
        jubilee_years=record.jubilee_years,
        title=record.title,
        place=record.place,
        occasion=record.occasion,
        decision=record.decision,
        signers=record.signers,
    )


def district_name(session: Session) -> str:
    return session.execute(select(District.name)).scalar_one_or_none() or ""


def build_diploma_job(
    session: Session, records: Sequence[RecognitionRecord], language: str | None = None
) -> DiplomaJob:
    """The diplomas of ``records`` in their order, each in its recipient's language unless ``language`` is given."""
    district = district_name(session)
    diplomas = [diploma_of(record, district, language) for record in records]
    occasions = sorted({record.occasion for record in records if record.occasion})
    numbers = ", ".join(record.number for record in records[:10]) + (" …" if len(records) > 10 else "")
    if len(occasions) == 1:
        description = Label(N_("Diplomas for {occasion}: {numbers}"), occasion=occasions[0], numbers=numbers)
    else:
        description = Label(N_("Diplomas {numbers}"), numbers=numbers)
    return DiplomaJob(
        diplomas=diplomas,
        recognition_ids=[record.id for record in records],
        member_ids=list(dict.fromkeys(record.member_id for record in records)),
        description=description,
    )
