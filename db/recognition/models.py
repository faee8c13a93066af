"""Recognitions: the district's numbered register of diplomas (who, what, why, when, by which decision).

A recognition is numbered ``2026-014``: the year of its date and a number running through that year. A number is
given once and never names another recognition, not even after a delete (rows are deleted softly and keep their
numbers), so a diploma on somebody's wall always points at one line of the register; a reprint is the same
recognition and keeps its number (the register counts the printings).

Numbers are unique within one district's database, kept so by :func:`db.recognition.register.next_number` (one
writer process at a time), and deliberately not by a unique index: the central office holds the registers of every
district, and each of them has its own ``2026-001``.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.i18n import N_


class RecognitionKind(enum.StrEnum):
    THANK_YOU = "thank_you"  # a thank-you diploma (kunniakirja / diplom)
    VOLUNTEER_OF_THE_YEAR = "volunteer_of_the_year"
    JUBILEE = "jubilee"  # a membership jubilee of 10, 25, 40 or 50 years
    HONORARY_MEMBER = "honorary_member"
    OTHER = "other"  # a recognition with a title of its own, typed in


JUBILEE_YEARS = (10, 25, 40, 50)

RECOGNITION_KIND_LABELS = {
    RecognitionKind.THANK_YOU: N_("Thank-you diploma"),
    RecognitionKind.VOLUNTEER_OF_THE_YEAR: N_("Volunteer of the year"),
    RecognitionKind.JUBILEE: N_("Membership jubilee"),
    RecognitionKind.HONORARY_MEMBER: N_("Honorary member"),
    RecognitionKind.OTHER: N_("Other recognition"),
}


class Recognition(Synced, Base):
    """One line of the register: a recognition given to a member, and how often its diploma has been printed.

    The free-text columns are nullable on purpose: erasing a person clears them (``db.privacy.erasure``), while
    the number, kind and date stay in the register.
    """

    __tablename__ = "recognition"
    __table_args__ = (
        Index("ix_recognition_year_number", "year", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("jubilee_years IS NULL OR jubilee_years > 0", name="jubilee_years_positive"),
    )

    year: Mapped[int]
    number: Mapped[int]
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"), index=True)
    kind: Mapped[RecognitionKind] = mapped_column(text_enum(RecognitionKind, "recognition_kind"))
    jubilee_years: Mapped[int | None] = mapped_column(default=None)
    awarded_on: Mapped[date]
    title: Mapped[str | None] = mapped_column(String(200), default=None)  # the heading of an "other" recognition
    reason: Mapped[str | None] = mapped_column(default=None)
    occasion: Mapped[str | None] = mapped_column(String(200), default=None)  # e.g. "Kevätkokous 2026"
    decision: Mapped[str | None] = mapped_column(String(200), default=None)  # e.g. "DS 5/2026 § 7"
    place: Mapped[str | None] = mapped_column(String(100), default=None)  # the place line of the diploma
    # The signers as JSON, one field group in sync: [{"name": …, "title": …, "role": "chair" | "secretary" | null}].
    signers: Mapped[str | None] = mapped_column(default=None)
    print_count: Mapped[int] = mapped_column(default=0)
    last_printed_at: Mapped[datetime | None] = mapped_column(default=None)
