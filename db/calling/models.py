"""Calling campaigns: the campaign and its questions, callers, printed call sheets, calls and the ombudsman's tasks.

The model follows Zetkin's call assignments (cooldown, call-back-after, a flag for the organiser) and adds what
Zetkin lacks: paper. A sheet is printed for one caller, goes out, comes back and is typed in; each of its rows
becomes one :class:`Call`. Who is in the queue is never stored: it is computed from the rule each time
(``db.calling.queue``), so a member who joins today enters the standing welcome campaign by itself.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.calling.outcomes import Outcome
from db.core.base import Base, Synced, text_enum
from db.core.i18n import N_


class CampaignKind(enum.StrEnum):
    WELCOME = "welcome"  # standing: every new member not yet called enters by itself
    MEMBER_CALLING = "member_calling"
    CONTACT_DETAILS = "contact_details"
    OTHER = "other"


class QuestionKind(enum.StrEnum):
    YES_NO = "yes_no"
    ONE_OF = "one_of"
    SEVERAL_OF = "several_of"
    FREE_TEXT = "free_text"
    CHECK_EMAIL = "check_email"  # confirms the e-mail or replaces it
    INTERESTS = "interests"  # volunteer interests, added to the member
    GODPARENT = "godparent"  # wants a godparent (kummi / fadder)


class SheetStatus(enum.StrEnum):
    ASSIGNED = "assigned"  # made, not yet printed
    PRINTED = "printed"
    OUT = "out"  # with the caller
    RETURNED = "returned"
    ENTERED = "entered"  # every row typed in


class TaskKind(enum.StrEnum):
    WANTS_TO_RESIGN = "wants_to_resign"
    MOVED = "moved"
    DECEASED = "deceased"
    MESSAGE = "message"  # a note to the ombudsman on the sheet
    CHOOSE_GODPARENT = "choose_godparent"


CAMPAIGN_KIND_LABELS = {
    CampaignKind.WELCOME: N_("Welcome call"),
    CampaignKind.MEMBER_CALLING: N_("Member calling campaign"),
    CampaignKind.CONTACT_DETAILS: N_("Contact details campaign"),
    CampaignKind.OTHER: N_("Other campaign"),
}
QUESTION_KIND_LABELS = {
    QuestionKind.YES_NO: N_("Yes or no"),
    QuestionKind.ONE_OF: N_("One of"),
    QuestionKind.SEVERAL_OF: N_("Several of"),
    QuestionKind.FREE_TEXT: N_("Free text"),
    QuestionKind.CHECK_EMAIL: N_("Check e-mail"),
    QuestionKind.INTERESTS: N_("Interests"),
    QuestionKind.GODPARENT: N_("Wants a godparent"),
}
SHEET_STATUS_LABELS = {
    SheetStatus.ASSIGNED: N_("Not printed"),
    SheetStatus.PRINTED: N_("Printed"),
    SheetStatus.OUT: N_("Out"),
    SheetStatus.RETURNED: N_("Returned"),
    SheetStatus.ENTERED: N_("Entered"),
}
TASK_KIND_LABELS = {
    TaskKind.WANTS_TO_RESIGN: N_("Wants to resign"),
    TaskKind.MOVED: N_("Has moved"),
    TaskKind.DECEASED: N_("Reported deceased"),
    TaskKind.MESSAGE: N_("Message from a caller"),
    TaskKind.CHOOSE_GODPARENT: N_("Choose a godparent"),
}


class Campaign(Synced, Base):
    __tablename__ = "call_campaign"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CampaignKind] = mapped_column(text_enum(CampaignKind, "campaign_kind"), default=CampaignKind.OTHER)
    purpose: Mapped[str | None] = mapped_column(default=None)
    starts_on: Mapped[date | None] = mapped_column(default=None)
    ends_on: Mapped[date | None] = mapped_column(default=None)
    intro: Mapped[str] = mapped_column(default="")
    closing: Mapped[str] = mapped_column(default="")
    # The language intro, closing and the questions are written in (None: the district's); the script in others as
    # JSON {"sv": {"intro": …, "closing": …}}, each question's in its own ``translations`` (db.calling.campaigns).
    script_language: Mapped[str | None] = mapped_column(String(5), default=None)
    translations: Mapped[str] = mapped_column(default="{}")
    # The target rule as JSON (db.calling.rules.TargetRule): one field group in sync, read and written whole.
    target_rule: Mapped[str] = mapped_column(default="{}")
    cooldown_days: Mapped[int] = mapped_column(default=3)
    passes: Mapped[int] = mapped_column(default=2)
    closed_on: Mapped[date | None] = mapped_column(default=None)


class Question(Synced, Base):
    __tablename__ = "call_question"

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_campaign.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(text_enum(QuestionKind, "question_kind"))
    text: Mapped[str]
    options: Mapped[str] = mapped_column(default="[]")  # JSON list of option texts (one of / several of)
    translations: Mapped[str] = mapped_column(default="{}")  # JSON {"sv": {"text": …, "options": […]}}


class Caller(Synced, Base):
    """A volunteer who calls: a member, or a name and phone added quickly."""

    __tablename__ = "caller"

    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("member.id"), index=True, default=None)
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)
    branch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("branch.id"), default=None)
    language: Mapped[str] = mapped_column(String(5), default="fi")
    active: Mapped[bool] = mapped_column(default=True)


class CallSheet(Synced, Base):
    __tablename__ = "call_sheet"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_campaign.id"))
    number: Mapped[int]
    caller_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("caller.id"), index=True)
    status: Mapped[SheetStatus] = mapped_column(text_enum(SheetStatus, "sheet_status"), default=SheetStatus.ASSIGNED)
    printed_at: Mapped[datetime | None] = mapped_column(default=None)
    returned_on: Mapped[date | None] = mapped_column(default=None)


class SheetRow(Synced, Base):
    """One member on a sheet, in print order; the phone printed is kept so a wrong number marks the right one."""

    __tablename__ = "call_sheet_row"
    __table_args__ = (UniqueConstraint("sheet_id", "row"),)

    sheet_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_sheet.id"))
    row: Mapped[int]
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"), index=True)
    pass_number: Mapped[int] = mapped_column(default=1)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)


class Call(Synced, Base):
    __tablename__ = "call"
    __table_args__ = (Index("ix_call_member_called", "member_id", "called_on"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("call_campaign.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"))
    sheet_row_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_sheet_row.id"), index=True, default=None)
    caller_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("caller.id"), default=None)
    called_on: Mapped[date]
    outcome: Mapped[Outcome] = mapped_column(text_enum(Outcome, "call_outcome"))
    answers: Mapped[str] = mapped_column(default="{}")  # JSON: question id → answer
    call_back_after: Mapped[date | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class CallTask(Synced, Base):
    """Something a call asks the ombudsman to do; the member waits outside the queues until it is done."""

    __tablename__ = "call_task"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id"), index=True)
    call_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call.id"), default=None)
    kind: Mapped[TaskKind] = mapped_column(text_enum(TaskKind, "call_task_kind"))
    text: Mapped[str | None] = mapped_column(default=None)
    created_on: Mapped[date]
    done_on: Mapped[date | None] = mapped_column(default=None)
