"""A caller's phone list: the people on their sheets not yet called, a name and a number each, in sheet order."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.calling.callers import caller_ref
from db.calling.models import Call, CallSheet, SheetRow
from db.members.contact_sheets import ContactRow, ContactSheet, ContactSheetKind
from db.members.models import Member
from db.members.validation import display_phone


def caller_sheet_rows(session: Session, caller_id: uuid.UUID, campaign_id: uuid.UUID | None = None) -> list[ContactRow]:
    """The people on a caller's sheets who have not been called yet (of one campaign, when given)."""
    entered = select(Call.sheet_row_id).where(Call.sheet_row_id.is_not(None), Call.deleted_at.is_(None))
    statement = (
        select(SheetRow.member_id, SheetRow.phone, Member.first_name, Member.last_name, Member.language)
        .join(CallSheet, CallSheet.id == SheetRow.sheet_id)
        .join(Member, Member.id == SheetRow.member_id)
        .where(CallSheet.caller_id == caller_id, CallSheet.deleted_at.is_(None), SheetRow.deleted_at.is_(None))
        .where(SheetRow.id.not_in(entered), Member.erased_at.is_(None))
        .order_by(CallSheet.number, SheetRow.row)
    )
    if campaign_id is not None:
        statement = statement.where(CallSheet.campaign_id == campaign_id)
    listed: dict[uuid.UUID, ContactRow] = {}
    for member_id, phone, first, last, language in session.execute(statement).tuples():
        if member_id not in listed:  # a person on two sheets is listed once, as on the first
            listed[member_id] = ContactRow(
                member_id,
                f"{first} {last}",
                display_phone(phone) if phone else "",
                language=language.value if language else "",
            )
    return list(listed.values())


def caller_sheet(
    session: Session, caller_id: uuid.UUID, language: str | None = None, campaign_id: uuid.UUID | None = None
) -> ContactSheet:
    """A caller's phone list as a contact sheet, printed for the caller, in their language unless another is given."""
    caller = caller_ref(session, caller_id)
    rows = caller_sheet_rows(session, caller_id, campaign_id)
    now = datetime.now().astimezone()
    return ContactSheet(ContactSheetKind.CALLER, caller.name, caller.name, now, language or caller.language, rows)
