"""Members and supporters: the person, contact points, memberships, consents, interests, households."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.i18n import N_


class MemberLanguage(enum.StrEnum):
    FI = "fi"
    SV = "sv"
    OTHER = "other"


class ContactKind(enum.StrEnum):
    PHONE = "phone"
    EMAIL = "email"


class MembershipKind(enum.StrEnum):
    MEMBER = "member"
    SUPPORTER = "supporter"


class EndReason(enum.StrEnum):
    RESIGNED = "resigned"
    LAPSED = "lapsed"
    EXPELLED = "expelled"
    DECEASED = "deceased"
    MOVED = "moved"


class MembershipStatus(enum.StrEnum):
    """Derived from a membership's dates and end reason, never stored."""

    APPLICANT = "applicant"
    ACTIVE = "active"
    ENDED = "ended"
    DECEASED = "deceased"


class ConsentPurpose(enum.StrEnum):
    EMAIL_NEWS = "email_news"
    POSTAL_PAPER = "postal_paper"
    PHONE_CALLS = "phone_calls"
    TEXT_MESSAGES = "text_messages"
    PHOTOS = "photos"
    ARCHIVE = "archive"


class ConsentMethod(enum.StrEnum):
    PAPER_FORM = "paper_form"
    WEB_FORM = "web_form"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    IMPORTED = "imported"


MEMBER_LANGUAGE_LABELS = {
    MemberLanguage.FI: N_("Finnish"),
    MemberLanguage.SV: N_("Swedish"),
    MemberLanguage.OTHER: N_("Other language"),
}
MEMBERSHIP_KIND_LABELS = {MembershipKind.MEMBER: N_("Member"), MembershipKind.SUPPORTER: N_("Supporter")}
END_REASON_LABELS = {
    EndReason.RESIGNED: N_("Resigned"),
    EndReason.LAPSED: N_("Lapsed (fees unpaid)"),
    EndReason.EXPELLED: N_("Expelled"),
    EndReason.DECEASED: N_("Deceased"),
    EndReason.MOVED: N_("Moved to another district"),
}
MEMBERSHIP_STATUS_LABELS = {
    MembershipStatus.APPLICANT: N_("Applicant"),
    MembershipStatus.ACTIVE: N_("Active"),
    MembershipStatus.ENDED: N_("Ended"),
    MembershipStatus.DECEASED: N_("Deceased"),
}
CONSENT_PURPOSE_LABELS = {
    ConsentPurpose.EMAIL_NEWS: N_("News by e-mail"),
    ConsentPurpose.POSTAL_PAPER: N_("Member paper by post"),
    ConsentPurpose.PHONE_CALLS: N_("Phone calls"),
    ConsentPurpose.TEXT_MESSAGES: N_("Text messages"),
    ConsentPurpose.PHOTOS: N_("Photos may be published"),
    ConsentPurpose.ARCHIVE: N_("Keep my data after membership ends"),
}
CONSENT_METHOD_LABELS = {
    ConsentMethod.PAPER_FORM: N_("Paper form"),
    ConsentMethod.WEB_FORM: N_("Web form"),
    ConsentMethod.EMAIL: N_("E-mail"),
    ConsentMethod.PHONE: N_("Phone call"),
    ConsentMethod.IN_PERSON: N_("In person"),
    ConsentMethod.IMPORTED: N_("Imported"),
}


class Household(Synced, Base):
    """People who share a postal address and get one copy of the member paper."""

    __tablename__ = "household"

    label: Mapped[str | None] = mapped_column(String(200), default=None)


class Member(Synced, Base):
    """A person in the register (member or supporter, current or former)."""

    __tablename__ = "member"
    __table_args__ = (
        Index("ix_member_name", "last_name", "first_name"),
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1880 AND 2100", name="birth_year_range"),
    )
    __field_groups__: ClassVar[dict[str, tuple[str, ...]]] = {
        "name": ("first_name", "last_name"),
        "address": ("street", "co_line", "postal_code", "city", "address_country"),
    }

    member_number: Mapped[str | None] = mapped_column(String(40), unique=True, default=None)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    birth_year: Mapped[int | None] = mapped_column(Integer, default=None)
    language: Mapped[MemberLanguage] = mapped_column(
        text_enum(MemberLanguage, "member_language"), default=MemberLanguage.FI
    )
    street: Mapped[str | None] = mapped_column(String(200), default=None)
    co_line: Mapped[str | None] = mapped_column(String(200), default=None)
    postal_code: Mapped[str | None] = mapped_column(String(20), default=None)
    city: Mapped[str | None] = mapped_column(String(100), default=None)
    address_country: Mapped[str | None] = mapped_column(String(2), default=None)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True, default=None)
    godparent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("member.id"), default=None)
    notes: Mapped[str | None] = mapped_column(default=None)
    # Set on the removed person when two records of one person are merged, so sync can follow references.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("member.id"), default=None)
    # When the person's data was erased (GDPR Art. 17): only this id and statistics remain; erasure wins in sync.
    erased_at: Mapped[datetime | None] = mapped_column(default=None)
    # Asked not to be called again (a call's "do not call" outcome sets it); calling queues leave the person out.
    do_not_call: Mapped[bool] = mapped_column(default=False, server_default="0")


class ContactPoint(Synced, Base):
    """A phone number (E.164) or e-mail address (lower case) of a member."""

    __tablename__ = "contact_point"
    __table_args__ = (Index("ix_contact_point_value", "kind", "value"),)

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"), index=True)
    kind: Mapped[ContactKind] = mapped_column(text_enum(ContactKind, "contact_kind"))
    value: Mapped[str] = mapped_column(String(254))
    valid: Mapped[bool] = mapped_column(default=True)
    do_not_use: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class Membership(Synced, Base):
    """Membership of one branch, as member or supporter; its status is derived (``db.members.status``)."""

    __tablename__ = "membership"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"), index=True)
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"), index=True)
    kind: Mapped[MembershipKind] = mapped_column(
        text_enum(MembershipKind, "membership_kind"), default=MembershipKind.MEMBER
    )
    joined_on: Mapped[date | None] = mapped_column(default=None)
    notice_received_on: Mapped[date | None] = mapped_column(default=None)
    ended_on: Mapped[date | None] = mapped_column(default=None)
    end_reason: Mapped[EndReason | None] = mapped_column(text_enum(EndReason, "end_reason"), default=None)


class Consent(Synced, Base):
    """One event in a consent's history: given or revoked, when, how and by whom it was recorded."""

    __tablename__ = "consent"
    __table_args__ = (Index("ix_consent_member_purpose", "member_id", "purpose"),)

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"))
    purpose: Mapped[ConsentPurpose] = mapped_column(text_enum(ConsentPurpose, "consent_purpose"))
    given: Mapped[bool]
    recorded_on: Mapped[date]
    method: Mapped[ConsentMethod] = mapped_column(text_enum(ConsentMethod, "consent_method"))
    recorded_by: Mapped[str | None] = mapped_column(String(200), default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class Interest(Synced, Base):
    """A volunteer interest in the district's vocabulary (the district can add its own)."""

    __tablename__ = "interest"

    code: Mapped[str] = mapped_column(String(60), unique=True)
    name_fi: Mapped[str] = mapped_column(String(200))
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)

    def name_in(self, language: str) -> str:
        """Return the interest's name in fi, sv or en."""
        return {"fi": self.name_fi, "sv": self.name_sv}.get(language, self.name_en)


class MemberInterest(Synced, Base):
    """A member's volunteer interest."""

    __tablename__ = "member_interest"
    __table_args__ = (UniqueConstraint("member_id", "interest_id"),)

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"))
    interest_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interest.id"), index=True)


class MemberSearchEntry(Base):
    """One member's derived row: search text, name keys, current membership, first usable contacts. Never synced.

    Kept by :mod:`db.members.member_index`. The FTS5 trigram index ``member_search_fts`` (created by migration
    0002) indexes ``text`` so that any fragment of three or more characters is found without scanning; the other
    columns let the members table filter and sort with indexes instead of working everyone out per query.
    """

    __tablename__ = "member_search"
    # Covering indexes: sorting 100 000 members by name, or finding name prefixes, reads the index alone.
    # Covering indexes: the list in name order with every column it can be sorted by (and the status columns)
    # is read from one index alone, and name prefixes are found from the other.
    __table_args__ = (
        Index(
            "ix_member_search_list",
            "sort_key",
            "member_id",
            "member_number",
            "branch_id",
            "membership_kind",
            "joined_on",
            "ended_on",
            "end_reason",
            "phone",
            "email",
            "city_key",
        ),
        # Covers the first-name range of a one- or two-letter search, in name order (sort_key) without the table.
        Index("ix_member_search_name", "name_key", "member_id", "sort_key"),
        Index("ix_member_search_branch", "branch_id"),
    )

    rowid: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"), unique=True)
    name_key: Mapped[str]
    # Last name then first name in Finnish/Swedish order (å, ä, ö after z): what name lists sort by.
    sort_key: Mapped[str] = mapped_column(default="", server_default="")
    text: Mapped[str]
    branch_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    membership_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    joined_on: Mapped[date | None] = mapped_column(default=None)
    ended_on: Mapped[date | None] = mapped_column(default=None)
    end_reason: Mapped[str | None] = mapped_column(String(20), default=None)
    phone: Mapped[str | None] = mapped_column(String(254), default=None)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    member_number: Mapped[str | None] = mapped_column(String(40), default=None)
    city_key: Mapped[str | None] = mapped_column(String(100), default=None)
