"""The district's work with its branches in the demo: surveys, mentoring, meetings, contacts, yearly duties.

Survey grades, mentor pairs, chairs' meetings, contacts, officer notifications and recruitment challenges are
made through the branch operations themselves (a few hundred rows), so the demo exercises the same code as the
ombudsman does. Some branches are left without a survey or absent from meetings on purpose, so the Overview and the
Branches tab have something to point at.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from db.branches.chairs_meetings import AttendanceData, ChairsMeetingData, create_chairs_meeting, record_attendance
from db.branches.contact_log import ContactLogData, add_contact
from db.branches.mentoring import confirm_mentor_pair, suggest_mentor_pairs
from db.branches.models import BranchStatus
from db.branches.survey import record_survey_grade
from db.branches.work_models import ContactLogKind, RecruitmentStatus
from db.branches.yearly import RecruitmentActionData, record_officer_notification, set_recruitment_actions
from db.demo.vocabulary import BranchPlan

Active = list[tuple[BranchPlan, uuid.UUID]]

# Where chairs' meetings are held, in the municipality's language (the district alternates).
_MEETING_PLACES = ("Vaasa, Työväentalo", "Seinäjoki, Kansalaisopisto", "Jakobstad, Folkets hus", "Teams")
_RECRUITMENT_IDEAS = (
    ("Jäsenilta uusille jäsenille", "Medlemskväll för nya medlemmar"),
    ("Kojupäivä torilla", "Torgdag med stånd"),
    ("Soittokierros kannattajille", "Ringrunda till sympatisörer"),
    ("Vappumarssi ja kahvitarjoilu", "Första maj-marsch med kaffe"),
    ("Opintopiiri ajankohtaisista aiheista", "Studiecirkel om aktuella frågor"),
    ("Perhetapahtuma puistossa", "Familjedag i parken"),
)
_CONTACT_NOTES = (
    ("Käytiin läpi syksyn tapahtumat.", "Gick igenom höstens evenemang."),
    ("Osasto tarvitsee apua some-viestintään.", "Föreningen behöver hjälp med sociala medier."),
    ("Uusi puheenjohtaja perehdytetty.", "Den nya ordföranden har introducerats."),
    ("Sovittiin soittokampanjan aikataulusta.", "Vi kom överens om ringkampanjens tidtabell."),
)


@dataclass(frozen=True)
class BranchWorkCounts:
    grades: int
    meetings: int
    contacts: int
    pairs: int


def build_branch_work(
    session: Session, rng: random.Random, today: date, plans: list[BranchPlan], branch_ids: list[uuid.UUID]
) -> BranchWorkCounts:
    """Record two years of the district's work with its active branches."""
    active = [(plan, branch_id) for plan, branch_id in zip(plans, branch_ids, strict=True)]
    active = [(plan, branch_id) for plan, branch_id in active if plan.status == BranchStatus.ACTIVE]
    grades = _survey_grades(session, rng, today, active)
    meetings = _chairs_meetings(session, rng, today, active)
    contacts = _contacts(session, rng, today, active)
    _yearly_duties(session, rng, today, active)
    pairs = 0
    # Confirm some of the pairs the program suggests, as a district would after talking to the branches.
    for suggestion in suggest_mentor_pairs(session, today.year, on=today)[:4]:
        confirm_mentor_pair(
            session, suggestion.mentor_id, suggestion.mentee_id, today - timedelta(days=rng.randint(20, 200))
        )
        pairs += 1
    return BranchWorkCounts(grades, meetings, contacts, pairs)


def _survey_grades(session: Session, rng: random.Random, today: date, active: Active) -> int:
    count = 0
    for plan, branch_id in active:
        # A branch's self-assessment drifts from year to year around its own level.
        level = rng.choice((3, 5, 6, 6, 7, 7, 8, 8, 9, 10))
        for year in (today.year - 1, today.year):
            if year == today.year and rng.random() < 0.3:
                continue  # this year's survey not done yet: the Overview flags the oldest gaps
            if rng.random() < 0.1:
                continue
            surveyed = date(
                year, rng.randint(2, min(10, today.month if year == today.year else 10)), rng.randint(1, 28)
            )
            if surveyed > today:
                continue
            grade = max(1, min(10, level + rng.choice((-1, 0, 0, 1))))
            record_survey_grade(session, branch_id, year, grade, surveyed, _note(plan, rng) if grade <= 5 else None)
            count += 1
    return count


def _note(plan: BranchPlan, rng: random.Random) -> str:
    if plan.language == "sv":
        return rng.choice(("Få aktiva, styrelsen behöver stöd.", "Svårt att hitta en ny ordförande."))
    return rng.choice(("Vähän aktiiveja, hallitus tarvitsee tukea.", "Uutta puheenjohtajaa on vaikea löytää."))


def _chairs_meetings(session: Session, rng: random.Random, today: date, active: Active) -> int:
    # Six a year, every other month, over the last year; a few branches stay away often.
    often_absent = {branch_id for _plan, branch_id in rng.sample(active, k=min(3, len(active)))}
    count = 0
    for months_ago in range(11, -1, -2):
        month_start = date(today.year, today.month, 1) - timedelta(days=30 * months_ago)
        held_on = month_start + timedelta(days=rng.randint(5, 20))
        if held_on > today:
            continue
        meeting_id = create_chairs_meeting(session, ChairsMeetingData(held_on, rng.choice(_MEETING_PLACES)))
        attendance = [
            AttendanceData(branch_id, present=rng.random() > (0.7 if branch_id in often_absent else 0.15))
            for _plan, branch_id in active
        ]
        record_attendance(session, meeting_id, attendance)
        count += 1
    return count


def _contacts(session: Session, rng: random.Random, today: date, active: Active) -> int:
    count = 0
    for plan, branch_id in active:
        for _ in range(rng.randint(0, 3)):
            fi_note, sv_note = rng.choice(_CONTACT_NOTES)
            contacted = today - timedelta(days=rng.randint(3, 300))
            add_contact(
                session,
                branch_id,
                ContactLogData(
                    contacted_on=contacted,
                    kind=rng.choice(list(ContactLogKind)),
                    who="Toiminnanjohtaja" if plan.language == "fi" else "Ombudsmannen",
                    notes=sv_note if plan.language == "sv" else fi_note,
                    follow_up_on=contacted + timedelta(days=60) if rng.random() < 0.3 else None,
                ),
            )
            count += 1
    return count


def _yearly_duties(session: Session, rng: random.Random, today: date, active: Active) -> None:
    for plan, branch_id in active:
        if rng.random() < 0.8:
            submitted = date(today.year, min(today.month, rng.randint(1, 3)), rng.randint(1, 28))
            if submitted <= today:
                record_officer_notification(session, branch_id, today.year, submitted, rng.random() < 0.6)
        if rng.random() < 0.7:
            ideas = rng.sample(_RECRUITMENT_IDEAS, 3)
            actions = []
            for fi_title, sv_title in ideas:
                planned = date(today.year, rng.randint(1, 12), rng.randint(1, 28))
                status = RecruitmentStatus.DONE if planned < today and rng.random() < 0.7 else RecruitmentStatus.PLANNED
                actions.append(RecruitmentActionData(sv_title if plan.language == "sv" else fi_title, planned, status))
            set_recruitment_actions(session, branch_id, today.year, actions)
