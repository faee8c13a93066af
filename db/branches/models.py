"""Branches, the bodies of the district and its branches, and positions of trust in them."""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.i18n import N_


class BranchKind(enum.StrEnum):
    LOCAL = "local"
    MUNICIPAL = "municipal"
    WOMEN = "women"
    YOUTH = "youth"
    THEMATIC = "thematic"
    OTHER = "other"


class BranchStatus(enum.StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"
    DISSOLVED = "dissolved"


class BranchLanguage(enum.StrEnum):
    """The working language of a branch (the district is bilingual; pairing and printouts follow it)."""

    FI = "fi"
    SV = "sv"


class BodyKind(enum.StrEnum):
    DISTRICT_BOARD = "district_board"
    EXECUTIVE_COMMITTEE = "executive_committee"
    BRANCH_BOARD = "branch_board"
    WORKING_GROUP = "working_group"
    EDITORIAL_COMMITTEE = "editorial_committee"
    NOMINATION_COMMITTEE = "nomination_committee"


class PositionRole(enum.StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    MEMBER = "member"
    DEPUTY = "deputy"
    CONVENOR = "convenor"
    ADJUNCT = "adjunct"
    EVENTS_OFFICER = "events_officer"
    RECRUITMENT_OFFICER = "recruitment_officer"
    COMMUNICATIONS_OFFICER = "communications_officer"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator"


BRANCH_KIND_LABELS = {
    BranchKind.LOCAL: N_("Local branch"),
    BranchKind.MUNICIPAL: N_("Municipal organisation"),
    BranchKind.WOMEN: N_("Women's branch"),
    BranchKind.YOUTH: N_("Youth branch"),
    BranchKind.THEMATIC: N_("Thematic branch"),
    BranchKind.OTHER: N_("Other branch"),
}
BRANCH_STATUS_LABELS = {
    BranchStatus.ACTIVE: N_("Active"),
    BranchStatus.DORMANT: N_("Dormant"),
    BranchStatus.DISSOLVED: N_("Dissolved"),
}
BRANCH_LANGUAGE_LABELS = {
    BranchLanguage.FI: N_("Finnish"),
    BranchLanguage.SV: N_("Swedish"),
}
BODY_KIND_LABELS = {
    BodyKind.DISTRICT_BOARD: N_("District board"),
    BodyKind.EXECUTIVE_COMMITTEE: N_("Executive committee"),
    BodyKind.BRANCH_BOARD: N_("Branch board"),
    BodyKind.WORKING_GROUP: N_("Working group"),
    BodyKind.EDITORIAL_COMMITTEE: N_("Editorial committee"),
    BodyKind.NOMINATION_COMMITTEE: N_("Nomination committee"),
}
POSITION_ROLE_LABELS = {
    PositionRole.CHAIR: N_("Chair"),
    PositionRole.VICE_CHAIR: N_("Vice chair"),
    PositionRole.SECRETARY: N_("Secretary"),
    PositionRole.TREASURER: N_("Treasurer"),
    PositionRole.MEMBER: N_("Ordinary member"),
    PositionRole.DEPUTY: N_("Deputy member"),
    PositionRole.CONVENOR: N_("Convenor"),
    PositionRole.ADJUNCT: N_("Adjunct member"),
    PositionRole.EVENTS_OFFICER: N_("Responsible for events"),
    PositionRole.RECRUITMENT_OFFICER: N_("Responsible for recruitment"),
    PositionRole.COMMUNICATIONS_OFFICER: N_("Responsible for communication"),
    PositionRole.VOLUNTEER_COORDINATOR: N_("Volunteer coordinator"),
}


class Branch(Synced, Base):
    """A branch (osasto / partiförening) of the district."""

    __tablename__ = "branch"

    central_id: Mapped[str | None] = mapped_column(String(40), unique=True, default=None)
    name: Mapped[str] = mapped_column(String(200), index=True)
    municipality: Mapped[str | None] = mapped_column(String(100), default=None)
    kind: Mapped[BranchKind] = mapped_column(text_enum(BranchKind, "branch_kind"), default=BranchKind.LOCAL)
    status: Mapped[BranchStatus] = mapped_column(text_enum(BranchStatus, "branch_status"), default=BranchStatus.ACTIVE)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    notes: Mapped[str | None] = mapped_column(default=None)
    # The server default fills the rows that existed before the column did (migration 0003); new rows get the
    # Python default like every other column, so the change log sees the value.
    language: Mapped[BranchLanguage] = mapped_column(
        text_enum(BranchLanguage, "branch_language"), default=BranchLanguage.FI, server_default=BranchLanguage.FI.value
    )


class Body(Synced, Base):
    """A board, committee or working group; ``branch_id`` is set for a branch's own bodies."""

    __tablename__ = "body"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[BodyKind] = mapped_column(text_enum(BodyKind, "body_kind"))
    branch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("branch.id"), index=True, default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class Position(Synced, Base):
    """A position of trust: a person in a role of a body, from a start date to an end date."""

    __tablename__ = "position"
    __table_args__ = (Index("ix_position_body_role", "body_id", "role"),)

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"), index=True)
    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"))
    role: Mapped[PositionRole] = mapped_column(text_enum(PositionRole, "position_role"))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(default=None)
