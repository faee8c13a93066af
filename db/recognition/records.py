"""Plain data going into and out of the recognition operations (no sessions, no ORM rows)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from db.core.i18n import N_, _
from db.recognition.models import RECOGNITION_KIND_LABELS, RecognitionKind

# A signer chosen from the district board's positions carries the role; the diploma then names the office in its
# own language ("Piirihallituksen puheenjohtaja", "Distriktsstyrelsens ordförande") unless a title is typed in.
SIGNER_ROLE_TITLES = {
    "chair": N_("Chair of the district board"),
    "vice_chair": N_("Vice chair of the district board"),
    "secretary": N_("Secretary of the district board"),
}


@dataclass(frozen=True)
class Signer:
    """Who signs a diploma: a name, and a title as typed or a role whose title is printed in the diploma's language."""

    name: str
    title: str = ""
    role: str | None = None  # a key of SIGNER_ROLE_TITLES


def signers_to_json(signers: Sequence[Signer]) -> str | None:
    if not signers:
        return None
    return json.dumps(
        [{"name": signer.name, "title": signer.title, "role": signer.role} for signer in signers], ensure_ascii=False
    )


def signers_from_json(text: str | None) -> tuple[Signer, ...]:
    """Read the stored signers back; damaged or missing text gives none rather than an error."""
    if not text:
        return ()
    try:
        data = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(data, list):
        return ()
    signers = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            role = item.get("role")
            signers.append(
                Signer(
                    item["name"],
                    str(item.get("title") or ""),
                    role if isinstance(role, str) and role in SIGNER_ROLE_TITLES else None,
                )
            )
    return tuple(signers)


@dataclass(frozen=True)
class RecognitionData:
    """A recognition as typed in a form (or made from a suggestion).

    ``place`` and ``signers`` left as None are filled in when the recognition is given: the place from the
    district's address (:func:`db.recognition.register.default_place`), the signers from the district board's chair
    and secretary on the day (:func:`db.recognition.register.default_signers`).
    """

    member_id: uuid.UUID
    kind: RecognitionKind
    awarded_on: date
    reason: str = ""
    jubilee_years: int | None = None
    title: str = ""  # the heading of a recognition of kind OTHER
    occasion: str = ""
    decision: str = ""  # a reference to the decision, e.g. "DS 5/2026 § 7"
    place: str | None = None
    signers: tuple[Signer, ...] | None = None


def format_number(year: int, number: int) -> str:
    """The printed number of a recognition: ``2026-014``."""
    return f"{year}-{number:03d}"


@dataclass(frozen=True)
class RecognitionRecord:
    """One line of the register as the GUI and the printouts read it."""

    id: uuid.UUID
    year: int
    sequence: int  # the running number within the year
    member_id: uuid.UUID
    member_name: str
    member_language: str  # fi, sv or other: the diploma's language follows it
    kind: RecognitionKind
    jubilee_years: int | None
    awarded_on: date
    title: str
    reason: str
    occasion: str
    decision: str
    place: str
    signers: tuple[Signer, ...]
    print_count: int
    last_printed_at: datetime | None
    deleted: bool = False

    @property
    def number(self) -> str:
        return format_number(self.year, self.sequence)

    @property
    def diploma_language(self) -> str:
        """The recipient's language: Finnish or Swedish, English for anybody else."""
        return self.member_language if self.member_language in ("fi", "sv") else "en"

    def data(self) -> RecognitionData:
        """The record as form data, for editing."""
        return RecognitionData(
            member_id=self.member_id,
            kind=self.kind,
            awarded_on=self.awarded_on,
            reason=self.reason,
            jubilee_years=self.jubilee_years,
            title=self.title,
            occasion=self.occasion,
            decision=self.decision,
            place=self.place,
            signers=self.signers,
        )


def kind_text(record: RecognitionRecord) -> str:
    """The kind in the current language, with the years of a jubilee ("Membership jubilee 25")."""
    text = _(RECOGNITION_KIND_LABELS[record.kind])
    if record.kind == RecognitionKind.JUBILEE and record.jubilee_years:
        return f"{text} {record.jubilee_years}"
    if record.kind == RecognitionKind.OTHER and record.title:
        return f"{text}: {record.title}"
    return text
