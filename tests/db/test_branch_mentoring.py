"""Mentor branches: suggestions from the survey grades, confirmed pairs, and the assignment behind them."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from db.branches.matching import best_assignment
from db.branches.mentoring import (
    confirm_mentor_pair,
    delete_mentor_pair,
    end_mentor_pair,
    mentor_pairs,
    suggest_mentor_pairs,
)
from db.branches.models import BranchLanguage, BranchStatus
from db.branches.survey import record_survey_grade
from db.core.database import Database
from db.core.errors import ValidationError
from tests.db.branch_helpers import new_branch

FI, SV = BranchLanguage.FI, BranchLanguage.SV
ON = date(2026, 6, 1)


def _graded(
    database: Database,
    name: str,
    grade: int,
    *,
    year: int = 2026,
    municipality: str | None = None,
    language: BranchLanguage = FI,
    status: BranchStatus = BranchStatus.ACTIVE,
) -> uuid.UUID:
    branch_id = new_branch(database, name, municipality, language, status)
    with database.transaction("Grade") as session:
        record_survey_grade(session, branch_id, year, grade, date(year, 2, 1))
    return branch_id


def _pair(database: Database, mentor: uuid.UUID, mentee: uuid.UUID, started_on: date = date(2025, 9, 1)) -> uuid.UUID:
    with database.transaction("Confirm pair") as session:
        return confirm_mentor_pair(session, mentor, mentee, started_on)


def _suggest(database: Database, year: int = 2026) -> list[tuple[str, str]]:
    with database.reading() as session:
        return [(s.mentor_name, s.mentee_name) for s in suggest_mentor_pairs(session, year, on=ON)]


def test_strong_branches_are_suggested_for_middle_grades_only(database: Database) -> None:
    _graded(database, "Strong", 9)
    _graded(database, "Six", 6, year=2025)  # last year's grade still counts
    _graded(database, "Seven", 7)
    _graded(database, "Four", 4)  # too weak for a mentor branch: the district itself helps
    _graded(database, "Old eight", 8, year=2024)  # too old a grade to make it a mentor
    _graded(database, "Old five", 5, year=2023)
    _graded(database, "Sleeping nine", 9, status=BranchStatus.DORMANT)
    with database.reading() as session:
        suggestions = suggest_mentor_pairs(session, 2026, on=ON)
    assert [(s.mentor_name, s.mentee_name) for s in suggestions] == [("Strong", "Seven"), ("Strong", "Six")]
    six = suggestions[1]
    assert (six.mentor_grade, six.mentor_grade_year, six.mentee_grade, six.mentee_grade_year) == (9, 2026, 6, 2025)
    assert "Strong graded itself 9 in 2026" in six.reason and "Six graded itself 6 in 2025" in six.reason


def test_the_latest_grade_decides(database: Database) -> None:
    improved = _graded(database, "Improved", 6, year=2025)
    with database.transaction("Grade") as session:
        record_survey_grade(session, improved, 2026, 9, date(2026, 2, 1))
    _graded(database, "Middle", 6)
    assert _suggest(database) == [("Improved", "Middle")]
    # Suggestions for 2025 do not see the 2026 grade.
    assert _suggest(database, 2025) == []


def test_same_language_is_preferred_then_municipality(database: Database) -> None:
    # Alphabetical order would pair the first mentor with the first mentee; the languages say otherwise.
    _graded(database, "A-mentor", 9, language=FI, municipality="Vaasa")
    _graded(database, "B-mentor", 10, language=SV, municipality="Helsingfors")
    _graded(database, "C-mentee", 6, language=SV, municipality="Vasa")
    _graded(database, "D-mentee", 6, language=FI, municipality="Kokkola")
    with database.reading() as session:
        suggestions = {s.mentee_name: s for s in suggest_mentor_pairs(session, 2026, on=ON)}
    assert suggestions["C-mentee"].mentor_name == "B-mentor" and suggestions["C-mentee"].same_language
    assert suggestions["D-mentee"].mentor_name == "A-mentor"
    assert "Both work in Swedish." in suggestions["C-mentee"].reason


def test_municipality_breaks_ties_across_the_whole_district(database: Database) -> None:
    # Each mentor has room for one more. Pairing the alphabetically first mentee with the Swedish-speaking mentor
    # would leave the other without a same-language or same-municipality mentor; the best assignment gives both
    # mentees a mentor sharing something.
    busy_sv = _graded(database, "Mentor sv", 9, language=SV, municipality="Helsingfors")
    busy_fi = _graded(database, "Mentor fi", 9, language=FI, municipality="Vaasa")
    _pair(database, busy_sv, new_branch(database, "Earlier mentee sv", language=SV))
    _pair(database, busy_fi, new_branch(database, "Earlier mentee fi"))
    _graded(database, "A mentee", 6, language=SV, municipality="vaasa")
    _graded(database, "B mentee", 6, language=SV, municipality="Närpes")
    with database.reading() as session:
        suggestions = {s.mentee_name: s for s in suggest_mentor_pairs(session, 2026, on=ON)}
    assert suggestions["A mentee"].mentor_name == "Mentor fi"
    assert suggestions["A mentee"].same_municipality and not suggestions["A mentee"].same_language
    assert suggestions["B mentee"].mentor_name == "Mentor sv"
    reason = suggestions["A mentee"].reason
    assert "No mentor branch working in Swedish had room." in reason
    assert "Both are in vaasa." in reason
    assert "Mentor fi already mentors 1 branch." in reason


def test_a_mentor_takes_at_most_two_mentees_the_neediest_first(database: Database) -> None:
    _graded(database, "Mentor", 8)
    _graded(database, "Five", 5)
    _graded(database, "Six", 6)
    _graded(database, "Seven", 7)
    assert _suggest(database) == [("Mentor", "Five"), ("Mentor", "Six")]


def test_branches_already_paired_are_left_out(database: Database) -> None:
    full = _graded(database, "Full mentor", 10)
    half = _graded(database, "Half mentor", 9)
    paired = _graded(database, "Paired", 5)
    _pair(database, full, paired)
    _pair(database, full, _graded(database, "Paired too", 6))
    _pair(database, half, _graded(database, "Paired three", 7))
    ended = _graded(database, "Was paired", 6)
    pair_id = _pair(database, half, ended, date(2024, 1, 1))
    with database.transaction("End pair") as session:
        end_mentor_pair(session, pair_id, date(2025, 12, 31))
    _graded(database, "Unpaired", 5)
    suggestions = _suggest(database)
    # The full mentor has no room; the half-full one has room for one: the neediest of the two free mentees.
    assert suggestions == [("Half mentor", "Unpaired")]


def test_confirming_a_pair_checks_the_branches(database: Database) -> None:
    mentor = _graded(database, "Mentor", 9)
    other = _graded(database, "Other mentor", 9)
    mentee = _graded(database, "Mentee", 6)
    with pytest.raises(ValidationError, match="cannot mentor itself"), database.transaction("Pair") as session:
        confirm_mentor_pair(session, mentor, mentor, ON)
    pair_id = _pair(database, mentor, mentee, date(2026, 1, 1))
    with pytest.raises(ValidationError) as taken, database.transaction("Pair") as session:
        confirm_mentor_pair(session, other, mentee, ON)
    assert taken.value.field == "mentee" and "Mentor" in str(taken.value)
    with pytest.raises(ValidationError) as early, database.transaction("End") as session:
        end_mentor_pair(session, pair_id, date(2025, 12, 31))
    assert early.value.field == "ended_on"
    with database.transaction("End") as session:
        end_mentor_pair(session, pair_id, date(2026, 3, 31))
    # Once the first pair has ended, a new mentor may start.
    second = _pair(database, other, mentee, date(2026, 4, 1))
    with database.reading() as session:
        everything = mentor_pairs(session, mentee)
        in_february = mentor_pairs(session, mentee, on=date(2026, 2, 1))
        in_june = mentor_pairs(session, on=ON)
    assert [p.id for p in everything] == [second, pair_id]
    assert [p.mentor_name for p in in_february] == ["Mentor"]
    assert [(p.mentor_name, p.mentee_name) for p in in_june] == [("Other mentor", "Mentee")]
    assert in_june[0].is_current(ON) and not everything[1].is_current(ON)
    with database.transaction("Delete pair") as session:
        delete_mentor_pair(session, second)
    with database.reading() as session:
        assert [p.id for p in mentor_pairs(session, mentee)] == [pair_id]


# --- the assignment itself, without a database -----------------------------------------------------------------


def test_best_assignment_beats_the_greedy_choice() -> None:
    # Mentee 0 scores 11 with mentor 0 and 10 with mentor 1; mentee 1 scores 10 with mentor 0 and 0 with mentor 1.
    # Greedy takes (0, 0) first and ends at 11; the best is (0, 1) + (1, 0) = 20.
    scores = {(0, 0): 11, (0, 1): 10, (1, 0): 10, (1, 1): 0}
    assert best_assignment(2, [1, 1], lambda i, j: scores[(i, j)]) == [(0, 1), (1, 0)]


def test_best_assignment_fills_the_room_there_is_and_respects_it() -> None:
    pairs = best_assignment(5, [2, 0, 1], lambda i, j: i)
    assert len(pairs) == 3
    assert sum(1 for _, mentor in pairs if mentor == 0) == 2
    assert all(mentor != 1 for _, mentor in pairs)
    assert {mentee for mentee, _ in pairs} == {2, 3, 4}  # the highest-scoring mentees get the room
    assert best_assignment(0, [2], lambda i, j: 0) == []
    assert best_assignment(3, [], lambda i, j: 0) == []
