"""Typing a returned sheet back in: one row at a time, each outcome with its effect on the register.

An entered row becomes a :class:`~db.calling.models.Call`. What the call tells is applied in the same transaction,
so the member's history shows the call as the origin of the change (the operation is labelled with the campaign,
sheet and row) and Undo takes back the row and its effects together:

* wrong number / not in use mark the printed phone invalid; do not call sets the member's do-not-call flag;
* wants to resign, moved and deceased become a task for the ombudsman: nothing changes a membership until the
  ombudsman has confirmed it;
* the answers to "check e-mail" and "interests" update the member; "wants a godparent" names one;
* call back sets call-back-after; a message to the ombudsman raises the organiser-action flag (an open task).

Typing a row in again corrects it: the call's outcome, answers and notes are replaced and the new outcome's effects
applied; the effects of the outcome it replaces stay (a phone marked invalid is not marked valid again), since the
register may have changed since. Edit ▸ Undo is the way to take a row back with its effects.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.calling.models import Call, Caller, CallSheet, CallTask, Question, QuestionKind, SheetRow, SheetStatus, TaskKind
from db.calling.outcomes import OUTCOMES, YES_NO_LETTERS, Effect, Outcome, outcome_for_code, outcome_info
from db.core.errors import ValidationError
from db.core.i18n import _
from db.members.interests import interest_ids_by_code
from db.members.models import ContactKind, ContactPoint, Member, MemberInterest
from db.members.validation import normalize_email

# The sheets' letters in every language (K/E, J/N, Y/N), the words written out, and marks people use.
# "true" and "false" are a spreadsheet's TRUE/FALSE cells (LibreOffice makes them of "tosi" and "sant").
YES_WORDS = frozenset(
    {yes.lower() for yes, _no in YES_NO_LETTERS.values()} | {"yes", "kyllä", "kylla", "ja", "1", "+", "x", "true"}
)
NO_WORDS = frozenset({no.lower() for _yes, no in YES_NO_LETTERS.values()} | {"no", "ei", "nej", "0", "-", "false"})
# "Check e-mail": a tick, or yes in any language, confirms the address on file.
CONFIRM_WORDS = YES_WORDS | {"ok", "✓", "v", "√"}
DEFAULT_CALL_BACK_DAYS = 3

_TASK_FOR_OUTCOME = {
    Outcome.WANTS_TO_RESIGN: TaskKind.WANTS_TO_RESIGN,
    Outcome.MOVED: TaskKind.MOVED,
    Outcome.DECEASED: TaskKind.DECEASED,
}
_NUMBERS = re.compile(r"\d+")


@dataclass(frozen=True)
class RowEntry:
    """What was written on one row of a sheet, as typed."""

    code: str
    answers: Mapping[int, str] = field(default_factory=dict)  # question number (1…) → text typed
    call_back_after: date | None = None
    note: str = ""
    message: str = ""  # to the ombudsman: raises the organiser-action flag
    called_on: date | None = None  # default: the day of entry


@dataclass(frozen=True)
class EnteredRow:
    call_id: uuid.UUID
    outcome: Outcome
    sheet_entered: bool  # this was the sheet's last row
    tasks: int  # tasks for the ombudsman created


def valid_codes_text() -> str:
    return ", ".join(info.code for info in OUTCOMES)


def parse_outcome(code: str) -> Outcome:
    info = outcome_for_code(code)
    if info is None:
        raise ValidationError(
            "code",
            _("{code} is not an outcome code; the codes are {codes}.").format(
                code=code.strip() or "–", codes=valid_codes_text()
            ),
        )
    return info.outcome


def _yes_no(text: str, number: int) -> bool:
    word = text.strip().casefold()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValidationError(
        f"q{number}", _("Question {number}: write yes or no (Y/N, K/E or J/N).").format(number=number)
    )


def _choices(text: str, count: int, number: int, *, several: bool) -> list[int]:
    picked = [int(found) for found in _NUMBERS.findall(text)]
    leftover = _NUMBERS.sub("", text).replace(",", "").replace(";", "").strip()
    if leftover or not picked or any(not 1 <= choice <= count for choice in picked):
        raise ValidationError(
            f"q{number}",
            _("Question {number}: write option numbers from 1 to {count}.").format(number=number, count=count),
        )
    if not several and len(picked) > 1:
        raise ValidationError(f"q{number}", _("Question {number}: choose only one option.").format(number=number))
    return sorted(set(picked))


def parse_answer(question: Question, number: int, text: str) -> Any:
    """Turn what was typed for one question into the value stored with the call (None: left empty)."""
    typed = text.strip()
    if not typed:
        return None
    options = json.loads(question.options or "[]")
    kind = question.kind
    if kind in (QuestionKind.YES_NO,):
        return _yes_no(typed, number)
    if kind == QuestionKind.ONE_OF:
        return _choices(typed, len(options), number, several=False)[0]
    if kind in (QuestionKind.SEVERAL_OF, QuestionKind.INTERESTS):
        return _choices(typed, len(options), number, several=True)
    if kind == QuestionKind.CHECK_EMAIL:
        if typed.casefold() in CONFIRM_WORDS:
            return {"confirmed": True}
        if typed.casefold() in NO_WORDS:
            return {"confirmed": False}
        try:
            return {"email": normalize_email(typed)}
        except ValidationError as error:
            raise ValidationError(
                f"q{number}", _("Question {number}: {reason}").format(number=number, reason=error)
            ) from None
    if kind == QuestionKind.GODPARENT:
        word = typed.casefold()
        if word in YES_WORDS or word in NO_WORDS:
            return {"wants": word in YES_WORDS}
        return {"wants": True, "godparent_number": typed}
    return typed  # free text


def parse_answers(questions: Sequence[Question], typed: Mapping[int, str]) -> dict[str, Any]:
    """Parse every answer; the stored form maps question ids to values."""
    answers: dict[str, Any] = {}
    for number, question in enumerate(questions, 1):
        value = parse_answer(question, number, typed.get(number, ""))
        if value is not None:
            answers[str(question.id)] = value
    extra = sorted(number for number in typed if not 1 <= number <= len(questions) and typed[number].strip())
    if extra:
        raise ValidationError(f"q{extra[0]}", _("This campaign has no question {number}.").format(number=extra[0]))
    return answers


def questions_of(session: Session, campaign_id: uuid.UUID) -> list[Question]:
    return list(
        session.execute(
            select(Question)
            .where(Question.campaign_id == campaign_id, Question.deleted_at.is_(None))
            .order_by(Question.position, Question.created_at)
        ).scalars()
    )


def row_call(session: Session, row_id: uuid.UUID) -> Call | None:
    return session.execute(
        select(Call).where(Call.sheet_row_id == row_id, Call.deleted_at.is_(None))
    ).scalar_one_or_none()


def enter_row(session: Session, sheet: CallSheet, row_number: int, entry: RowEntry, today: date) -> EnteredRow:
    """Record one row of a returned sheet and apply what the call tells; re-entering a row corrects it.

    Raises:
        ValidationError: naming the field ("code", "q2", "row") and saying what is wrong; nothing is written.
    """
    row = session.execute(
        select(SheetRow).where(SheetRow.sheet_id == sheet.id, SheetRow.row == row_number, SheetRow.deleted_at.is_(None))
    ).scalar_one_or_none()
    if row is None:
        raise ValidationError("row", _("Sheet {sheet} has no row {row}.").format(sheet=sheet.number, row=row_number))
    outcome = parse_outcome(entry.code)
    questions = questions_of(session, sheet.campaign_id)
    answers = parse_answers(questions, entry.answers)
    info = outcome_info(outcome)
    call_back = entry.call_back_after
    if info.effect == Effect.CALL_BACK and call_back is None:
        call_back = today + timedelta(days=DEFAULT_CALL_BACK_DAYS)
    call = row_call(session, row.id)
    if call is None:
        call = Call(
            campaign_id=sheet.campaign_id,
            member_id=row.member_id,
            sheet_row_id=row.id,
            called_on=entry.called_on or today,
            outcome=outcome,
        )
        session.add(call)
    call.caller_id = sheet.caller_id
    call.called_on = entry.called_on or call.called_on or today
    call.outcome = outcome
    encoded = json.dumps(answers, ensure_ascii=False, sort_keys=True)
    if call.answers != encoded:
        call.answers = encoded
    call.call_back_after = call_back if info.effect == Effect.CALL_BACK else None
    call.notes = entry.note.strip() or None
    session.flush()
    tasks = _apply_effects(session, call, row, info.effect, outcome, entry, today)
    tasks += _apply_answers(session, call, sheet, questions, answers, today)
    entered = _update_sheet_status(session, sheet, today)
    return EnteredRow(call.id, outcome, entered, tasks)


def _add_task(session: Session, call: Call, kind: TaskKind, today: date, text: str | None = None) -> int:
    existing = session.execute(
        select(CallTask).where(CallTask.call_id == call.id, CallTask.kind == kind, CallTask.deleted_at.is_(None))
    ).scalar_one_or_none()
    if existing is not None:
        if text is not None and existing.text != text:
            existing.text = text
        return 0
    session.add(CallTask(member_id=call.member_id, call_id=call.id, kind=kind, text=text, created_on=today))
    return 1


def _apply_effects(
    session: Session, call: Call, row: SheetRow, effect: Effect, outcome: Outcome, entry: RowEntry, today: date
) -> int:
    tasks = 0
    member = session.get(Member, row.member_id)
    if member is None:
        return 0
    if effect == Effect.PHONE_INVALID and row.phone:
        for contact in session.execute(
            select(ContactPoint).where(
                ContactPoint.member_id == member.id,
                ContactPoint.kind == ContactKind.PHONE,
                ContactPoint.value == row.phone,
                ContactPoint.deleted_at.is_(None),
            )
        ).scalars():
            contact.valid = False
    elif effect == Effect.DO_NOT_CALL:
        member.do_not_call = True
    elif effect == Effect.TASK:
        tasks += _add_task(session, call, _TASK_FOR_OUTCOME[outcome], today)
    if entry.message.strip():
        tasks += _add_task(session, call, TaskKind.MESSAGE, today, entry.message.strip())
    return tasks


def _apply_answers(
    session: Session,
    call: Call,
    sheet: CallSheet,
    questions: Sequence[Question],
    answers: Mapping[str, Any],
    today: date,
) -> int:
    tasks = 0
    for question in questions:
        value = answers.get(str(question.id))
        if value is None:
            continue
        if question.kind == QuestionKind.CHECK_EMAIL and isinstance(value, dict) and value.get("email"):
            _replace_email(session, call.member_id, value["email"])
        elif question.kind == QuestionKind.INTERESTS and isinstance(value, list):
            codes = json.loads(question.options or "[]")
            _add_interests(session, call.member_id, [codes[number - 1] for number in value])
        elif question.kind == QuestionKind.GODPARENT and isinstance(value, dict) and value.get("wants"):
            tasks += _name_godparent(session, call, sheet, value.get("godparent_number"), today)
    return tasks


def _replace_email(session: Session, member_id: uuid.UUID, email: str) -> None:
    """Make ``email`` the member's first e-mail address; the old first one is kept, marked invalid."""
    contacts = list(
        session.execute(
            select(ContactPoint)
            .where(
                ContactPoint.member_id == member_id,
                ContactPoint.kind == ContactKind.EMAIL,
                ContactPoint.deleted_at.is_(None),
            )
            .order_by(ContactPoint.position)
        ).scalars()
    )
    same = next((contact for contact in contacts if contact.value == email), None)
    if same is not None:
        same.valid = True
        if contacts[0] is not same:
            same.position, contacts[0].position = contacts[0].position, same.position
        return
    for contact in contacts:
        contact.position += 1
        if contact is contacts[0]:
            contact.valid = False
    lowest = min((contact.position for contact in contacts), default=1) - 1
    session.add(
        ContactPoint(member_id=member_id, kind=ContactKind.EMAIL, value=email, valid=True, position=max(0, lowest))
    )


def _add_interests(session: Session, member_id: uuid.UUID, codes: Sequence[str]) -> None:
    ids = interest_ids_by_code(session)
    wanted = {ids[code] for code in codes if code in ids}
    rows = {
        row.interest_id: row
        for row in session.execute(select(MemberInterest).where(MemberInterest.member_id == member_id)).scalars()
    }
    for interest_id in wanted:
        row = rows.get(interest_id)
        if row is None:
            session.add(MemberInterest(member_id=member_id, interest_id=interest_id))
        elif row.deleted_at is not None:
            row.deleted_at = None


def _name_godparent(session: Session, call: Call, sheet: CallSheet, number: str | None, today: date) -> int:
    """A member number written on the sheet names the godparent; a plain yes makes a member caller the godparent."""
    member = session.get(Member, call.member_id)
    if member is None:
        return 0
    godparent_id: uuid.UUID | None = None
    if number:
        godparent_id = session.execute(
            select(Member.id).where(
                Member.member_number == number.strip(), Member.deleted_at.is_(None), Member.erased_at.is_(None)
            )
        ).scalar_one_or_none()
        if godparent_id is None:
            raise ValidationError(
                "godparent", _("No member has the number {number} (written as the godparent).").format(number=number)
            )
    else:
        caller = session.get(Caller, sheet.caller_id)
        godparent_id = caller.member_id if caller is not None else None
    if godparent_id is None or godparent_id == member.id:
        return _add_task(session, call, TaskKind.CHOOSE_GODPARENT, today)
    member.godparent_id = godparent_id
    return 0


def _update_sheet_status(session: Session, sheet: CallSheet, today: date) -> bool:
    session.flush()
    if sheet.returned_on is None:
        sheet.returned_on = today  # typed in before anyone pressed Returned: it came back by now
    rows = set(
        session.execute(
            select(SheetRow.id).where(SheetRow.sheet_id == sheet.id, SheetRow.deleted_at.is_(None))
        ).scalars()
    )
    entered = set(
        session.execute(
            select(Call.sheet_row_id).where(Call.sheet_row_id.in_(rows), Call.deleted_at.is_(None))
        ).scalars()
    )
    if rows and rows <= entered:
        sheet.status = SheetStatus.ENTERED
        return True
    if sheet.status != SheetStatus.RETURNED:
        sheet.status = SheetStatus.RETURNED  # typing a sheet in means it has come back
    return False
