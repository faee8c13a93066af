"""The branch survey (osastokartoitus): the grade 1–10 each branch gives itself once a year."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.common import check_year, clean_text, live_branch
from db.branches.work_models import GRADE_MAX, GRADE_MIN, SurveyGrade
from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _


@dataclass(frozen=True)
class SurveyGradeRecord:
    id: uuid.UUID
    branch_id: uuid.UUID
    year: int
    grade: int
    surveyed_on: date
    notes: str | None


def _record(row: SurveyGrade) -> SurveyGradeRecord:
    return SurveyGradeRecord(row.id, row.branch_id, row.year, row.grade, row.surveyed_on, row.notes)


def _check_grade(grade: int) -> None:
    # bool is an int in Python; a ticked box is not a grade.
    if isinstance(grade, bool) or not isinstance(grade, int) or not GRADE_MIN <= grade <= GRADE_MAX:
        raise ValidationError(
            "grade", _("The grade must be a whole number from {low} to {high}.").format(low=GRADE_MIN, high=GRADE_MAX)
        )


def record_survey_grade(
    session: Session,
    branch_id: uuid.UUID,
    year: int,
    grade: int,
    surveyed_on: date,
    notes: str | None = None,
) -> uuid.UUID:
    """Record a branch's survey grade of ``year``; recording the same year again replaces the grade.

    A grade of the year that was deleted earlier is brought back with the new values, so there is never more than
    one row per branch and year (the table's unique constraint holds deleted rows too).

    Args:
        session: a session of a write transaction.
        branch_id: the branch that graded itself.
        year: the survey year.
        grade: the self-grade, 1–10.
        surveyed_on: the day the survey was answered.
        notes: free notes (needs for support, willingness to cooperate).

    Returns:
        The id of the grade row.

    Raises:
        ValidationError: for a grade outside 1–10, an impossible year or a missing branch.
    """
    _check_grade(grade)
    check_year(year)
    live_branch(session, branch_id)
    row = session.execute(
        select(SurveyGrade).where(SurveyGrade.branch_id == branch_id, SurveyGrade.year == year)
    ).scalar_one_or_none()
    if row is None:
        row = SurveyGrade(branch_id=branch_id, year=year)
        session.add(row)
    row.grade = grade
    row.surveyed_on = surveyed_on
    row.notes = clean_text(notes)
    row.deleted_at = None
    session.flush()
    return row.id


def _live_grade(session: Session, grade_id: uuid.UUID) -> SurveyGrade:
    row = session.get(SurveyGrade, grade_id)
    if row is None or row.deleted_at is not None:
        raise KansliError(_("The survey grade was not found; it may have been deleted."))
    return row


def update_survey_grade(
    session: Session, grade_id: uuid.UUID, grade: int, surveyed_on: date, notes: str | None = None
) -> None:
    """Correct a recorded grade, its survey day or notes (the branch and year stay).

    Raises:
        ValidationError: for a grade outside 1–10.
        KansliError: when the grade row is missing or deleted.
    """
    _check_grade(grade)
    row = _live_grade(session, grade_id)
    row.grade = grade
    row.surveyed_on = surveyed_on
    row.notes = clean_text(notes)
    session.flush()


def delete_survey_grade(session: Session, grade_id: uuid.UUID) -> None:
    """Mark a grade deleted (a tombstone; undo or recording the year again brings it back)."""
    row = _live_grade(session, grade_id)
    row.deleted_at = utcnow()
    session.flush()


def survey_grades(session: Session, branch_id: uuid.UUID) -> list[SurveyGradeRecord]:
    """Return a branch's grades, the latest year first."""
    rows = session.execute(
        select(SurveyGrade)
        .where(SurveyGrade.branch_id == branch_id, SurveyGrade.deleted_at.is_(None))
        .order_by(SurveyGrade.year.desc())
    ).scalars()
    return [_record(row) for row in rows]


def latest_grades(
    session: Session, *, up_to_year: int, since_year: int | None = None
) -> dict[uuid.UUID, SurveyGradeRecord]:
    """Return each branch's latest live grade of a year up to ``up_to_year`` (and from ``since_year``), by branch.

    One query for the whole district: the overview and the mentor suggestions call it once, not once per branch.
    """
    statement = select(SurveyGrade).where(SurveyGrade.deleted_at.is_(None), SurveyGrade.year <= up_to_year)
    if since_year is not None:
        statement = statement.where(SurveyGrade.year >= since_year)
    latest: dict[uuid.UUID, SurveyGradeRecord] = {}
    for row in session.execute(statement.order_by(SurveyGrade.year)).scalars():
        latest[row.branch_id] = _record(row)  # ordered by year, so the last one written wins
    return latest
