"""Gathering what a printout of call sheets shows, in a few queries however many sheets (``reports.calling`` draws it).

A sheet shows only what a volunteer needs to make the call: name, phones, branch, an age band rather than the
birth year, when the member joined, and the last contact's date and outcome code.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.calling.callers import list_callers
from db.calling.campaigns import ScriptText, question_translations, script_translations
from db.calling.entry import questions_of
from db.calling.models import Call, CallSheet, QuestionKind, SheetRow
from db.calling.outcomes import outcome_info
from db.calling.printout import CallSheetPrintout, PrintedQuestion, PrintedRow, PrintedSheet
from db.calling.queue import load_campaign
from db.core.district import District
from db.core.i18n import N_, Label, translator
from db.members.interests import list_interests
from db.members.models import ContactKind, ContactPoint, Member, MemberSearchEntry
from db.members.validation import display_phone

_CHUNK = 5000  # ids per IN list

AGE_BANDS = ((0, 29, "–29"), (30, 44, "30–44"), (45, 64, "45–64"), (65, 79, "65–79"), (80, 200, "80+"))


def age_band(birth_year: int | None, today: date) -> str:
    """A band of ages rather than the birth year: enough to greet someone well, less to lose."""
    if birth_year is None:
        return ""
    age = today.year - birth_year
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), "")


def _chunks(ids: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


@dataclass(frozen=True)
class PrintJob:
    """A printout and the people it carries (for the export log)."""

    printout: CallSheetPrintout
    member_ids: list[uuid.UUID]
    sheet_ids: list[uuid.UUID]
    description: Label


def printout_language(session: Session, sheets: Sequence[CallSheet]) -> str:
    """The callers' language when they share one, else the district's."""
    languages = {caller.id: caller.language for caller in list_callers(session, include_inactive=True)}
    chosen = {languages.get(sheet.caller_id) for sheet in sheets}
    if len(chosen) == 1 and (only := chosen.pop()) in ("fi", "sv", "en"):
        return only
    district = session.execute(select(District.language)).scalar_one_or_none()
    return district.value if district else "fi"


def choose_sheets(
    session: Session, campaign_id: uuid.UUID, numbers: Sequence[int] | None = None, caller: str | None = None
) -> list[CallSheet]:
    """The campaign's sheets, optionally only some numbers and one caller (by name, any case)."""
    statement = select(CallSheet).where(CallSheet.campaign_id == campaign_id, CallSheet.deleted_at.is_(None))
    if numbers:
        statement = statement.where(CallSheet.number.in_(list(numbers)))
    sheets = list(session.execute(statement.order_by(CallSheet.number)).scalars())
    if caller:
        wanted = caller.strip().casefold()
        ids = {ref.id for ref in list_callers(session, include_inactive=True) if ref.name.casefold() == wanted}
        sheets = [sheet for sheet in sheets if sheet.caller_id in ids]
    return sheets


def build_print_job(
    session: Session,
    campaign_id: uuid.UUID,
    sheets: Sequence[CallSheet],
    today: date,
    now: datetime,
    language: str | None = None,
) -> PrintJob:
    """Everything the printout of ``sheets`` shows, worded in ``language`` (default: :func:`printout_language`)."""
    campaign = load_campaign(session, campaign_id)
    language = language or printout_language(session, sheets)
    _t = translator(language).gettext
    sheet_ids = [sheet.id for sheet in sheets]
    rows = (
        list(
            session.execute(
                select(SheetRow)
                .where(SheetRow.sheet_id.in_(sheet_ids), SheetRow.deleted_at.is_(None))
                .order_by(SheetRow.sheet_id, SheetRow.row)
            ).scalars()
        )
        if sheet_ids
        else []
    )
    member_ids = list(dict.fromkeys(row.member_id for row in rows))
    people = _people(session, member_ids)
    phones = _phones(session, member_ids)
    last_contacts = _last_contacts(session, member_ids)
    questions = _questions(session, campaign_id, language)
    asks_email = any(question.kind == QuestionKind.CHECK_EMAIL.value for question in questions)
    emails = _emails(session, member_ids) if asks_email else {}
    branches = dict(session.execute(select(Branch.id, Branch.name)).tuples().all())
    callers = {caller.id: caller for caller in list_callers(session, include_inactive=True)}
    rows_by_sheet: dict[uuid.UUID, list[SheetRow]] = defaultdict(list)
    for row in rows:
        rows_by_sheet[row.sheet_id].append(row)
    printed_sheets = []
    for sheet in sheets:
        caller = callers.get(sheet.caller_id)
        printed_rows = []
        for row in rows_by_sheet[sheet.id]:
            first, last, birth_year, member_language, branch_id, joined = people[row.member_id]
            numbers = phones.get(row.member_id, [])
            if row.phone and row.phone in numbers:
                numbers = [row.phone] + [number for number in numbers if number != row.phone]
            contact = last_contacts.get(row.member_id)
            note = _t(N_("Pass {number}")).format(number=row.pass_number) if row.pass_number > 1 else ""
            printed_rows.append(
                PrintedRow(
                    row=row.row,
                    name=f"{first} {last}",
                    phones=[display_phone(number) for number in numbers],
                    branch=branches.get(branch_id, "") if branch_id else "",
                    age_band=age_band(birth_year, today),
                    member_since=joined,
                    last_contact=contact[0] if contact else None,
                    last_outcome_code=contact[1] if contact else "",
                    language=member_language,
                    note=note,
                    email=emails.get(row.member_id, ""),
                )
            )
        printed_sheets.append(
            PrintedSheet(sheet.number, caller.name if caller else "?", caller.phone if caller else "", printed_rows)
        )
    total = len(
        session.execute(
            select(CallSheet.id).where(CallSheet.campaign_id == campaign_id, CallSheet.deleted_at.is_(None))
        ).all()
    )
    district = session.execute(select(District.name)).scalar_one_or_none() or ""
    # The script in the printout's language when it has been written in it, else as written.
    script = script_translations(campaign).get(language, ScriptText(campaign.intro, campaign.closing))
    printout = CallSheetPrintout(
        district=district,
        campaign=campaign.name,
        language=language,
        intro=script.intro,
        questions=questions,
        closing=script.closing,
        sheets=printed_sheets,
        total_sheets=max(total, max((sheet.number for sheet in sheets), default=0)),
        printed_at=now,
        return_by=campaign.ends_on,
    )
    shown = ", ".join(str(sheet.number) for sheet in sheets[:20]) + (" …" if len(sheets) > 20 else "")
    description = Label(N_("Call sheets {numbers} of {campaign}"), numbers=shown, campaign=campaign.name)
    return PrintJob(printout, member_ids, sheet_ids, description)


class _Person(NamedTuple):
    first_name: str
    last_name: str
    birth_year: int | None
    language: str
    branch_id: uuid.UUID | None
    joined_on: date | None


def _people(session: Session, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, _Person]:
    people: dict[uuid.UUID, _Person] = {}
    for chunk in _chunks(member_ids):
        for row in session.execute(
            select(
                Member.id,
                Member.first_name,
                Member.last_name,
                Member.birth_year,
                Member.language,
                MemberSearchEntry.branch_id,
                MemberSearchEntry.joined_on,
            )
            .outerjoin(MemberSearchEntry, MemberSearchEntry.member_id == Member.id)
            .where(Member.id.in_(chunk))
        ):
            language = row[4].value if row[4] is not None else "fi"
            people[row[0]] = _Person(row[1], row[2], row[3], language, row[5], row[6])
    return people


def _phones(session: Session, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    phones: dict[uuid.UUID, list[str]] = defaultdict(list)
    for chunk in _chunks(member_ids):
        for member_id, value in session.execute(
            select(ContactPoint.member_id, ContactPoint.value)
            .where(ContactPoint.member_id.in_(chunk), ContactPoint.kind == ContactKind.PHONE)
            .where(ContactPoint.deleted_at.is_(None), ContactPoint.valid.is_(True), ContactPoint.do_not_use.is_(False))
            .order_by(ContactPoint.member_id, ContactPoint.position)
        ).tuples():
            phones[member_id].append(value)
    return phones


def _emails(session: Session, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each member's first usable e-mail address."""
    emails: dict[uuid.UUID, str] = {}
    for chunk in _chunks(member_ids):
        for member_id, value in session.execute(
            select(ContactPoint.member_id, ContactPoint.value)
            .where(ContactPoint.member_id.in_(chunk), ContactPoint.kind == ContactKind.EMAIL)
            .where(ContactPoint.deleted_at.is_(None), ContactPoint.valid.is_(True))
            .order_by(ContactPoint.member_id, ContactPoint.position.desc())
        ).tuples():
            emails[member_id] = value  # the lowest position is written last and wins
    return emails


def _last_contacts(session: Session, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[date, str]]:
    """Each member's latest call in any campaign: its date and outcome code."""
    latest: dict[uuid.UUID, tuple[date, str]] = {}
    for chunk in _chunks(member_ids):
        for member_id, called_on, outcome in session.execute(
            select(Call.member_id, Call.called_on, Call.outcome)
            .where(Call.member_id.in_(chunk), Call.deleted_at.is_(None))
            .order_by(Call.called_on)
        ).tuples():
            latest[member_id] = (called_on, outcome_info(outcome).code)
    return latest


def _questions(session: Session, campaign_id: uuid.UUID, language: str) -> list[PrintedQuestion]:
    interests = {record.code: record.name_in(language) for record in list_interests(session, include_inactive=True)}
    printed = []
    for number, question in enumerate(questions_of(session, campaign_id), 1):
        options = json.loads(question.options or "[]")
        if question.kind == QuestionKind.INTERESTS:
            options = [interests.get(code, code) for code in options]
        translated = question_translations(question).get(language)
        text = translated.text if translated else question.text
        if translated and translated.options:
            options = list(translated.options)
        printed.append(PrintedQuestion(number, text, question.kind.value, tuple(options)))
    return printed
