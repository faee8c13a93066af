"""What a printout of call sheets shows: plain data, filled by ``db.calling.printing`` and drawn by ``reports.calling``.

Everything here is already in the words of the printout's language except the dates (formatted by the report) and
the outcome legend (the report takes it from ``db.calling.outcomes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PrintedQuestion:
    """A question of the campaign, numbered as on the sheets (Q1, Q2 …)."""

    number: int
    text: str
    kind: str  # a db.calling.models.QuestionKind value
    # For "one of" / "several of": the options, numbered 1.. on the cover; for "interests": the interest names.
    options: Sequence[str] = ()


@dataclass(frozen=True)
class PrintedRow:
    """One member on a sheet."""

    row: int
    name: str
    phones: Sequence[str]  # formatted for dialling, the preferred first
    branch: str
    age_band: str  # e.g. "30–44", or "" when the birth year is unknown
    member_since: date | None
    last_contact: date | None
    last_outcome_code: str  # e.g. "NA", or ""
    language: str  # "fi", "sv" or "other": the language to greet the member in
    note: str = ""  # e.g. "call back after 3.12." for a second pass
    email: str = ""  # the address on file, printed when a question asks the member to confirm it


@dataclass(frozen=True)
class PrintedSheet:
    number: int
    caller: str
    caller_phone: str
    rows: Sequence[PrintedRow]


@dataclass(frozen=True)
class CallSheetPrintout:
    """A whole printout: one cover page (script, questions, legend) and then the sheets."""

    district: str
    campaign: str
    language: str  # the caller's language: "fi", "sv" or "en"
    intro: str
    questions: Sequence[PrintedQuestion]
    closing: str
    sheets: Sequence[PrintedSheet]
    total_sheets: int  # sheets in the whole campaign (a printout may hold only some of them)
    printed_at: datetime
    return_by: date | None  # the campaign's end: return or destroy the sheets after it
    contact: str = ""  # whom to call with questions (the ombudsman), printed on the cover
