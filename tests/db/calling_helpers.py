"""Building blocks for the calling tests: a campaign over a few members, callers and sheets."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from db.calling.callers import add_member_caller, add_quick_caller
from db.calling.campaigns import CampaignData, QuestionData, create_campaign
from db.calling.models import CallSheet, QuestionKind
from db.calling.rules import TargetRule
from db.calling.sheets import AssignMode, assign_queue
from db.core.database import Database
from db.members.interests import seed_default_interests

TODAY = date(2026, 11, 26)


def simple_campaign(
    database: Database,
    *,
    rule: TargetRule | None = None,
    questions: tuple[QuestionData, ...] = (),
    cooldown_days: int = 3,
    passes: int = 2,
    name: str = "Syyssoitot",
) -> uuid.UUID:
    with database.transaction("Add campaign") as session:
        seed_default_interests(session)
        return create_campaign(
            session,
            CampaignData(
                name=name,
                rule=rule or TargetRule(),
                cooldown_days=cooldown_days,
                passes=passes,
                questions=questions,
                starts_on=date(2026, 11, 1),
                ends_on=date(2027, 2, 28),
            ),
        )


ALL_KINDS = (
    QuestionData(QuestionKind.YES_NO, "Vaalit?"),
    QuestionData(QuestionKind.ONE_OF, "Lehti", ("Posti", "Sähköposti", "Molemmat")),
    QuestionData(QuestionKind.SEVERAL_OF, "Teemat", ("Työ", "Koulutus", "Ilmasto")),
    QuestionData(QuestionKind.FREE_TEXT, "Mitä kuuluu?"),
    QuestionData(QuestionKind.CHECK_EMAIL, "Sähköposti?"),
    QuestionData(QuestionKind.INTERESTS, "Mitä haluaisit tehdä?"),
    QuestionData(QuestionKind.GODPARENT, "Kummi?"),
)


def quick_caller(database: Database, name: str = "Soittaja", branch_id: object = None) -> uuid.UUID:
    with database.transaction("Add caller") as session:
        return add_quick_caller(session, name, "040 123 4567", branch_id)  # type: ignore[arg-type]


def member_caller(database: Database, member_id: object) -> uuid.UUID:
    with database.transaction("Add caller") as session:
        return add_member_caller(session, member_id)  # type: ignore[arg-type]


def assign_all(database: Database, campaign_id: uuid.UUID, callers: list[uuid.UUID]) -> list[int]:
    with database.transaction("Assign") as session:
        return assign_queue(session, campaign_id, callers, AssignMode.EVENLY, TODAY)


def sheet(database: Database, campaign_id: uuid.UUID, number: int) -> uuid.UUID:
    with database.reading() as session:
        return session.execute(
            select(CallSheet.id).where(CallSheet.campaign_id == campaign_id, CallSheet.number == number)
        ).scalar_one()


MakeMember = Callable[..., object]
