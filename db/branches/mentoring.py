"""Mentor branches: strong branches (self-grade 8–10) support weaker ones (5–7), as seed 001 proposes.

The program suggests pairs and explains each; the ombudsman confirms the ones agreed with the branches, and only
confirmed pairs are stored.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from db.branches.common import clean_text, live_branch
from db.branches.matching import best_assignment
from db.branches.models import BRANCH_LANGUAGE_LABELS, Branch, BranchStatus
from db.branches.survey import SurveyGradeRecord, latest_grades
from db.branches.work_models import MentorPair
from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _, ngettext
from db.core.text import fold

MENTOR_GRADES = range(8, 11)
MENTEE_GRADES = range(5, 8)
MAX_MENTEES = 2
# A grade counts for pairing in its own year and the next: the survey is yearly but not always on time.
GRADE_VALID_YEARS = 2


@dataclass(frozen=True)
class MentorSuggestion:
    mentor_id: uuid.UUID
    mentor_name: str
    mentor_grade: int
    mentor_grade_year: int
    mentee_id: uuid.UUID
    mentee_name: str
    mentee_grade: int
    mentee_grade_year: int
    same_language: bool
    same_municipality: bool
    reason: str


@dataclass(frozen=True)
class MentorPairRecord:
    id: uuid.UUID
    mentor_id: uuid.UUID
    mentor_name: str
    mentee_id: uuid.UUID
    mentee_name: str
    started_on: date
    ended_on: date | None
    notes: str | None

    def is_current(self, on: date) -> bool:
        """Whether the pair works together on ``on``."""
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


def not_ended(on: date) -> ColumnElement[bool]:
    """Pairs still running on ``on`` or agreed to start later: a mentee in one needs no new mentor."""
    return MentorPair.deleted_at.is_(None) & (MentorPair.ended_on.is_(None) | (MentorPair.ended_on >= on))


def mentored_branches(session: Session, on: date) -> set[uuid.UUID]:
    """Return the branches that have a mentor on ``on`` (or one agreed to start later)."""
    return set(session.execute(select(MentorPair.mentee_branch_id).where(not_ended(on))).scalars())


@dataclass(frozen=True)
class _Candidate:
    branch: Branch
    grade: SurveyGradeRecord


def _score_weights(mentee_count: int) -> tuple[int, int, int]:
    # Weights such that the same language always outweighs any number of municipality matches, and those any
    # difference in need (the mentee's grade): the assignment then prefers them in that order, strictly.
    need = 1
    municipality = 2 * mentee_count + 1
    language = mentee_count * municipality + 2 * mentee_count + 1
    return language, municipality, need


def _same_municipality(first: Branch, second: Branch) -> bool:
    return bool(first.municipality and second.municipality and fold(first.municipality) == fold(second.municipality))


def _reason(mentor: _Candidate, mentee: _Candidate, mentees_already: int) -> str:
    parts = [
        _(
            "{mentor} graded itself {mentor_grade} in {mentor_year}; "
            "{mentee} graded itself {mentee_grade} in {mentee_year}."
        ).format(
            mentor=mentor.branch.name,
            mentor_grade=mentor.grade.grade,
            mentor_year=mentor.grade.year,
            mentee=mentee.branch.name,
            mentee_grade=mentee.grade.grade,
            mentee_year=mentee.grade.year,
        )
    ]
    language = _(BRANCH_LANGUAGE_LABELS[mentee.branch.language])
    if mentor.branch.language == mentee.branch.language:
        parts.append(_("Both work in {language}.").format(language=language))
    else:
        # True of the best assignment: a mentor of the mentee's language with room left would have been chosen.
        parts.append(_("No mentor branch working in {language} had room.").format(language=language))
    if _same_municipality(mentor.branch, mentee.branch):
        parts.append(_("Both are in {municipality}.").format(municipality=mentee.branch.municipality))
    if mentees_already:
        parts.append(
            ngettext(
                "{mentor} already mentors {count} branch.",
                "{mentor} already mentors {count} branches.",
                mentees_already,
            ).format(mentor=mentor.branch.name, count=mentees_already)
        )
    return " ".join(parts)


def suggest_mentor_pairs(session: Session, year: int, *, on: date | None = None) -> list[MentorSuggestion]:
    """Suggest mentor pairs for ``year`` among the active branches.

    Mentors are branches whose latest grade of ``year`` or the year before is 8–10 and who mentor fewer than
    two branches; mentees are those whose latest such grade is 5–7 and who have no mentor. As many mentees as the
    mentors have room for are paired; among those assignments the one with the most pairs of the same language
    is chosen, then the most pairs in the same municipality, then the neediest mentees (lowest grade).

    Args:
        session: any session.
        year: the survey year the suggestions are for.
        on: the day that decides which pairs are still running (today when not given).

    Returns:
        The suggestions, by mentor name and mentee name, each with the reason for it.
    """
    on = on or date.today()
    grades = latest_grades(session, up_to_year=year, since_year=year - GRADE_VALID_YEARS + 1)
    branches = session.execute(
        select(Branch)
        .where(Branch.deleted_at.is_(None), Branch.status == BranchStatus.ACTIVE, Branch.id.in_(list(grades)))
        .order_by(Branch.name, Branch.id)
    ).scalars()
    mentees_of: Counter[uuid.UUID] = Counter(
        session.execute(select(MentorPair.mentor_branch_id).where(not_ended(on))).scalars()
    )
    mentored = mentored_branches(session, on)
    mentors: list[_Candidate] = []
    mentees: list[_Candidate] = []
    for branch in branches:
        grade = grades[branch.id]
        if grade.grade in MENTOR_GRADES and mentees_of[branch.id] < MAX_MENTEES:
            mentors.append(_Candidate(branch, grade))
        elif grade.grade in MENTEE_GRADES and branch.id not in mentored:
            mentees.append(_Candidate(branch, grade))

    language_weight, municipality_weight, need_weight = _score_weights(len(mentees))

    def score(mentee_index: int, mentor_index: int) -> int:
        mentee, mentor = mentees[mentee_index], mentors[mentor_index]
        return (
            language_weight * (mentee.branch.language == mentor.branch.language)
            + municipality_weight * _same_municipality(mentee.branch, mentor.branch)
            + need_weight * (max(MENTEE_GRADES) - mentee.grade.grade)
        )

    room = [MAX_MENTEES - mentees_of[mentor.branch.id] for mentor in mentors]
    suggestions = []
    for mentee_index, mentor_index in best_assignment(len(mentees), room, score):
        mentee, mentor = mentees[mentee_index], mentors[mentor_index]
        suggestions.append(
            MentorSuggestion(
                mentor_id=mentor.branch.id,
                mentor_name=mentor.branch.name,
                mentor_grade=mentor.grade.grade,
                mentor_grade_year=mentor.grade.year,
                mentee_id=mentee.branch.id,
                mentee_name=mentee.branch.name,
                mentee_grade=mentee.grade.grade,
                mentee_grade_year=mentee.grade.year,
                same_language=mentor.branch.language == mentee.branch.language,
                same_municipality=_same_municipality(mentor.branch, mentee.branch),
                reason=_reason(mentor, mentee, mentees_of[mentor.branch.id]),
            )
        )
    return sorted(suggestions, key=lambda suggestion: (suggestion.mentor_name, suggestion.mentee_name))


def confirm_mentor_pair(
    session: Session, mentor_id: uuid.UUID, mentee_id: uuid.UUID, started_on: date, notes: str | None = None
) -> uuid.UUID:
    """Store a pair the branches have agreed to; return its id.

    The limit of two mentees per mentor guides the suggestions only: the ombudsman may agree otherwise.

    Raises:
        ValidationError: when the branches are the same or missing, or the mentee already has a mentor then.
    """
    if mentor_id == mentee_id:
        raise ValidationError("mentee", _("A branch cannot mentor itself."))
    mentor = live_branch(session, mentor_id)
    mentee = live_branch(session, mentee_id)
    current = session.execute(
        select(Branch.name)
        .join(MentorPair, MentorPair.mentor_branch_id == Branch.id)
        .where(MentorPair.mentee_branch_id == mentee_id, not_ended(started_on))
    ).first()
    if current is not None:
        raise ValidationError(
            "mentee",
            _("{mentee} already has a mentor branch ({mentor}); end that pair first.").format(
                mentee=mentee.name, mentor=current[0]
            ),
        )
    pair = MentorPair(
        mentor_branch_id=mentor.id, mentee_branch_id=mentee.id, started_on=started_on, notes=clean_text(notes)
    )
    session.add(pair)
    session.flush()
    return pair.id


def _live_pair(session: Session, pair_id: uuid.UUID) -> MentorPair:
    pair = session.get(MentorPair, pair_id)
    if pair is None or pair.deleted_at is not None:
        raise KansliError(_("The mentor pair was not found; it may have been deleted."))
    return pair


def end_mentor_pair(session: Session, pair_id: uuid.UUID, ended_on: date) -> None:
    """Record the day a pair stopped working together.

    Raises:
        ValidationError: when ``ended_on`` is before the pair started.
    """
    pair = _live_pair(session, pair_id)
    if ended_on < pair.started_on:
        raise ValidationError("ended_on", _("The pair cannot end before it started."))
    pair.ended_on = ended_on
    session.flush()


def delete_mentor_pair(session: Session, pair_id: uuid.UUID) -> None:
    """Mark a pair entered by mistake deleted (a pair that really ended is ended, not deleted)."""
    pair = _live_pair(session, pair_id)
    pair.deleted_at = utcnow()
    session.flush()


def mentor_pairs(
    session: Session, branch_id: uuid.UUID | None = None, on: date | None = None
) -> list[MentorPairRecord]:
    """Return the pairs (of one branch, as mentor or mentee, when given), the latest started first.

    Args:
        session: any session.
        branch_id: only the pairs this branch is in.
        on: only the pairs working together on this day.
    """
    mentor, mentee = aliased(Branch), aliased(Branch)
    statement = (
        select(MentorPair, mentor.name, mentee.name)
        .join(mentor, mentor.id == MentorPair.mentor_branch_id)
        .join(mentee, mentee.id == MentorPair.mentee_branch_id)
        .where(MentorPair.deleted_at.is_(None), mentor.deleted_at.is_(None), mentee.deleted_at.is_(None))
        .order_by(MentorPair.started_on.desc(), mentor.name, mentee.name)
    )
    if branch_id is not None:
        statement = statement.where(
            (MentorPair.mentor_branch_id == branch_id) | (MentorPair.mentee_branch_id == branch_id)
        )
    if on is not None:
        statement = statement.where(MentorPair.started_on <= on, not_ended(on))
    return [
        MentorPairRecord(
            id=pair.id,
            mentor_id=pair.mentor_branch_id,
            mentor_name=mentor_name,
            mentee_id=pair.mentee_branch_id,
            mentee_name=mentee_name,
            started_on=pair.started_on,
            ended_on=pair.ended_on,
            notes=pair.notes,
        )
        for pair, mentor_name, mentee_name in session.execute(statement).tuples()
    ]
