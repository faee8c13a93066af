"""A volunteer caller who is not a member: what is held about them, and erasing it for good."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import select

from db.calling.models import Caller, CallSheet
from db.core.database import Database
from db.core.i18n import N_, Label
from db.privacy.callers import (
    CallerAlreadyErasedError,
    NotAQuickCallerError,
    caller_access,
    erase_quick_caller,
)
from db.privacy.events import PrivacyEventKind, list_events
from db.privacy.export_log import ExportKind, record_export
from tests.db.calling_helpers import assign_all, member_caller, quick_caller, simple_campaign
from tests.db.privacy_helpers import CANARY, canary_traces

NAME = f"{CANARY} Pikasoittaja"


def _caller_with_sheets(database: Database, make_member: Callable[..., object]) -> tuple[uuid.UUID, uuid.UUID]:
    for number in range(30):
        make_member(first_name=f"Jäsen{number}", last_name="Testinen", phone=f"040 765 {number:04d}")
    campaign_id = simple_campaign(database)
    caller_id = quick_caller(database, NAME)
    other_id = member_caller(database, make_member(first_name="Aino", last_name="Aalto"))
    assign_all(database, campaign_id, [caller_id, other_id])
    with database.transaction(Label(N_("Callers: {names}"), names=NAME)) as session:
        record_export(
            session, ExportKind.CALL_SHEET, "Syyssoitot", [], recipient=Label(N_("Callers: {names}"), names=NAME)
        )
    return caller_id, other_id


def test_the_access_request_of_a_quick_caller_holds_the_row_the_sheets_and_the_history(
    database: Database, make_member: Callable[..., object]
) -> None:
    caller_id, _other = _caller_with_sheets(database, make_member)
    with database.reading() as session:
        report = caller_access(session, caller_id).as_json()
        sheets = session.execute(select(CallSheet.number).where(CallSheet.caller_id == caller_id)).scalars().all()

    assert report["caller"]["name"] == NAME
    assert report["caller"]["phone"]
    assert sorted(sheet["number"] for sheet in report["call_sheets"]) == sorted(sheets)
    assert report["call_sheets"] and all(sheet["campaign"] == "Syyssoitot" for sheet in report["call_sheets"])
    assert any(change["field"] is None and change["new"]["name"] == NAME for change in report["changes"])


def test_erasing_a_quick_caller_leaves_their_name_and_phone_nowhere(
    database: Database, make_member: Callable[..., object]
) -> None:
    caller_id, _other = _caller_with_sheets(database, make_member)
    assert canary_traces(database)  # the name is in the caller row, the log, a label and the export log

    with database.transaction("Erase a caller's personal data") as session:
        scrubbed = erase_quick_caller(session, caller_id)

    assert scrubbed >= 3
    assert canary_traces(database) == []
    with database.reading() as session:
        caller = session.get(Caller, caller_id)
        assert caller is not None and caller.phone is None and not caller.active
        # The sheets stay the volunteer's (the campaign's figures per caller do not change).
        assert session.execute(select(CallSheet.id).where(CallSheet.caller_id == caller_id)).first() is not None
        events = list_events(session)
    assert any(event.kind is PrivacyEventKind.ERASURE and CANARY not in event.description for event in events)
    with database.transaction("Again") as session, pytest.raises(CallerAlreadyErasedError):
        erase_quick_caller(session, caller_id)


def test_a_caller_who_is_a_member_is_handled_with_the_member(
    database: Database, make_member: Callable[..., object]
) -> None:
    _caller, member_caller_id = _caller_with_sheets(database, make_member)
    with database.reading() as session, pytest.raises(NotAQuickCallerError):
        caller_access(session, member_caller_id)
    with database.transaction("Erase") as session, pytest.raises(NotAQuickCallerError):
        erase_quick_caller(session, member_caller_id)
