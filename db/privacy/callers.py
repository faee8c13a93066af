"""Volunteer callers who are not members: what is held about them, and erasing it.

A caller added quickly (``db.calling.callers.add_quick_caller``) is a name and a phone of somebody outside the
register. They have the same rights as a member: to see what is held (:func:`caller_access`) and to have it
erased (:func:`erase_quick_caller`). A caller who is a member is covered by the member's own access request and
erasure, so both functions refuse such a caller.

The erasure keeps the row (the sheets the volunteer called from still point at it, and the campaign's figures
per caller stay), replaces the name with :data:`ERASED`, clears the phone, turns the caller off, scrubs the
change log's values of both fields and replaces the name where other records copied it (operation labels, the
export log's "Callers: …").
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.calling.callers import CallerNotFoundError
from db.calling.models import Call, Caller, CallSheet, Campaign, SheetRow
from db.core.changelog import ChangeRecord, Operation
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, label_text
from db.core.values import JsonValue, to_json_value
from db.privacy.erasure import scrub_logged_values, secure_deletion
from db.privacy.events import PrivacyEventKind, record_event
from db.privacy.name_mentions import ERASED, scrub_name_mentions

CALLER_PERSONAL_FIELDS = ("name", "phone")


class NotAQuickCallerError(KansliError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Only a caller added by name and phone is handled here; a caller who is a member is handled with "
                "the member (Privacy ▸ Access request or Erase)."
            )
        )


class CallerAlreadyErasedError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("This caller's personal data has already been erased."))


@dataclass(frozen=True)
class CallerSheet:
    """A call sheet the volunteer had: campaign, number, and how many calls were entered from it."""

    campaign: str
    number: int
    printed_on: date | None
    calls: int


@dataclass(frozen=True)
class CallerAccess:
    """Everything held about one quick caller."""

    values: dict[str, JsonValue]
    sheets: tuple[CallerSheet, ...]
    history: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "caller": self.values,
            "call_sheets": [
                {
                    "campaign": sheet.campaign,
                    "number": sheet.number,
                    "printed_on": sheet.printed_on.isoformat() if sheet.printed_on else None,
                    "calls_entered": sheet.calls,
                }
                for sheet in self.sheets
            ],
            "changes": list(self.history),
        }


def _quick_caller(session: Session, caller_id: uuid.UUID) -> Caller:
    caller = session.get(Caller, caller_id)
    if caller is None:
        raise CallerNotFoundError
    if caller.member_id is not None:
        raise NotAQuickCallerError
    return caller


def caller_access(session: Session, caller_id: uuid.UUID) -> CallerAccess:
    """Gather what is held about one quick caller: the row, their call sheets and the change log of the row.

    Raises:
        CallerNotFoundError: when there is no such caller.
        NotAQuickCallerError: for a caller who is a member.
    """
    caller = _quick_caller(session, caller_id)
    values = {name: to_json_value(getattr(caller, name)) for name in (*CALLER_PERSONAL_FIELDS, "language", "active")}
    values["added"] = to_json_value(caller.created_at)
    calls_per_sheet: dict[uuid.UUID, int] = {
        sheet_id: int(count)
        for sheet_id, count in session.execute(
            select(SheetRow.sheet_id, func.count(Call.id))
            .join(Call, Call.sheet_row_id == SheetRow.id)
            .where(Call.caller_id == caller_id, Call.deleted_at.is_(None))
            .group_by(SheetRow.sheet_id)
        ).tuples()
    }
    sheets = tuple(
        CallerSheet(campaign, number, printed_at.date() if printed_at else None, calls_per_sheet.get(sheet_id, 0))
        for sheet_id, campaign, number, printed_at in session.execute(
            select(CallSheet.id, Campaign.name, CallSheet.number, CallSheet.printed_at)
            .join(Campaign, Campaign.id == CallSheet.campaign_id)
            .where(CallSheet.caller_id == caller_id, CallSheet.deleted_at.is_(None))
            .order_by(Campaign.name, CallSheet.number)
        ).tuples()
    )
    history = tuple(
        {
            "when": record.hlc,
            "what": label_text(label),
            "field": record.field,
            "old": json.loads(record.old_value) if record.old_value is not None else None,
            "new": json.loads(record.new_value) if record.new_value is not None else None,
        }
        for record, label in session.execute(
            select(ChangeRecord, Operation.label)
            .join(Operation, Operation.id == ChangeRecord.operation_id)
            .where(ChangeRecord.entity == Caller.__tablename__, ChangeRecord.row_id == str(caller_id))
            .order_by(ChangeRecord.seq)
        ).tuples()
    )
    return CallerAccess(values, sheets, history)


def erase_quick_caller(session: Session, caller_id: uuid.UUID) -> int:
    """Erase a quick caller's name and phone for good (see the module's description); return log records scrubbed.

    Raises:
        CallerNotFoundError: when there is no such caller.
        NotAQuickCallerError: for a caller who is a member.
        CallerAlreadyErasedError: when the caller has been erased already.
    """
    caller = _quick_caller(session, caller_id)
    if caller.name == ERASED:
        raise CallerAlreadyErasedError
    name = caller.name or ""
    with secure_deletion(session):
        caller.name = ERASED
        caller.phone = None
        caller.active = False
        session.flush()
        erased: dict[str, JsonValue] = {"name": ERASED, "phone": None}
        scrubbed = scrub_logged_values(session, Caller.__tablename__, {str(caller_id): erased})
        scrubbed += scrub_name_mentions(session, [name])
    record_event(session, PrivacyEventKind.ERASURE, Label(N_("Personal data of a volunteer caller erased")), people=1)
    return scrubbed
