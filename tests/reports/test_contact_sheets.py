"""Contact sheets: who is on them, what they show, and that every page says for whom and when."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import BodyData, PositionData, add_position, create_body
from db.calling.entry import RowEntry, enter_row
from db.calling.models import CallSheet
from db.calling.phone_list import caller_sheet
from db.core.database import Database
from db.core.i18n import translator
from db.members.contact_sheets import (
    ContactRow,
    ContactSheet,
    ContactSheetKind,
    body_sheet,
    branch_sheet,
    record_contact_sheet,
)
from db.members.models import EndReason, Membership
from db.privacy.export_log import ExportKind, list_exports
from reports.members import build_contact_sheet
from tests.db.calling_helpers import assign_all, quick_caller, simple_campaign

TODAY = date.today()


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def _branch_of(database: Database, member_id: object) -> uuid.UUID:
    with database.reading() as session:
        return session.execute(select(Membership.branch_id).where(Membership.member_id == member_id)).scalar_one()


def test_branch_sheet_lists_members_in_force_with_usable_contacts(
    database: Database, make_member: Callable[..., object]
) -> None:
    anna = make_member("Anna", "Aalto", phone="040 111 1111", email="anna@example.fi")
    make_member("Bertil", "Berg", email="bertil@example.fi")
    gone = make_member("Cecilia", "Carlsson", phone="040 333 3333")
    make_member("Dora", "Other", phone="040 444 4444", branch="Oulun osasto")
    with database.transaction("End") as session:
        membership = session.execute(select(Membership).where(Membership.member_id == gone)).scalar_one()
        membership.ended_on, membership.end_reason = TODAY - timedelta(days=3), EndReason.RESIGNED
    with database.reading() as session:
        sheet = branch_sheet(session, _branch_of(database, anna), TODAY)
    assert [row.name for row in sheet.rows] == ["Anna Aalto", "Bertil Berg"]
    assert (sheet.rows[0].phone, sheet.rows[0].email) == ("+358 40 1111111", "anna@example.fi")
    assert sheet.rows[1].phone == "" and sheet.rows[0].since == date(2020, 1, 1)
    assert sheet.kind == ContactSheetKind.BRANCH and sheet.subject == "Vaasan osasto"


def test_body_sheet_is_ordered_by_role_and_printed_for_the_chair(
    database: Database, make_member: Callable[..., object]
) -> None:
    chair = make_member("Ulla", "Puheenjohtaja", phone="040 500 0000")
    member = make_member("Aki", "Jäsen", email="aki@example.fi")
    former = make_member("Entinen", "Jäsen")
    with database.transaction("Board") as session:
        board = create_body(session, BodyData(name="Piirihallitus", kind=BodyKind.DISTRICT_BOARD))
        add_position(session, PositionData(member, board, PositionRole.MEMBER, date(2024, 1, 1)))  # type: ignore[arg-type]
        add_position(session, PositionData(chair, board, PositionRole.CHAIR, date(2024, 1, 1)))  # type: ignore[arg-type]
        add_position(
            session,
            PositionData(former, board, PositionRole.MEMBER, date(2020, 1, 1), date(2021, 1, 1)),  # type: ignore[arg-type]
        )
    with database.reading() as session:
        sheet = body_sheet(session, board, TODAY)
    assert [(row.name, row.role) for row in sheet.rows] == [
        ("Ulla Puheenjohtaja", "Chair"),
        ("Aki Jäsen", "Ordinary member"),
    ]
    assert sheet.recipient == "Ulla Puheenjohtaja"


def test_caller_list_holds_only_the_people_not_yet_called(
    database: Database, make_member: Callable[..., object]
) -> None:
    make_member("Eka", "Soitettava", phone="040 600 0001")
    make_member("Toka", "Soitettava", phone="040 600 0002")
    campaign_id = simple_campaign(database)
    caller = quick_caller(database, "Kaisa Soittaja")
    assign_all(database, campaign_id, [caller])
    with database.transaction("Enter") as session:
        sheet = session.execute(select(CallSheet)).scalar_one()
        enter_row(session, sheet, 1, RowEntry("T"), TODAY)
    with database.reading() as session:
        phone_list = caller_sheet(session, caller, "sv")
    assert [(row.name, row.phone) for row in phone_list.rows] == [("Toka Soitettava", "+358 40 6000002")]
    assert (phone_list.recipient, phone_list.language) == ("Kaisa Soittaja", "sv")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_page_says_for_whom_and_when(language: str) -> None:
    rows = [
        ContactRow(uuid.uuid4(), f"Jäsen Numero{index:03d}", f"+358 40 {index:07d}", f"j{index}@example.fi")
        for index in range(120)
    ]
    rows[0] = ContactRow(rows[0].member_id, "Łukasz Nguyễn-Åhlström", "+358 40 1", "", since=date(2001, 2, 3))
    sheet = ContactSheet(
        ContactSheetKind.BRANCH, "Vaasan osasto", "Ulla Puheenjohtaja", datetime(2026, 11, 26, 10), language, rows
    )
    pages = _text(build_contact_sheet(sheet))
    _ = translator(language).gettext
    assert len(pages) >= 3
    for page in pages:
        assert "Ulla Puheenjohtaja" in page and "26.11.2026" in page
    assert "Łukasz Nguyễn-Åhlström" in pages[0] and "3.2.2001" in pages[0]
    assert _("Member since") in pages[0]
    assert "Jäsen Numero119" in pages[-1]
    width, height = PdfReader(BytesIO(build_contact_sheet(sheet))).pages[0].mediabox.upper_right
    assert width > height  # a branch's five columns go on a landscape page


def test_a_body_sheet_translates_the_roles() -> None:
    rows = [ContactRow(uuid.uuid4(), "Ulla P", "+358 40 1", "u@example.fi", role="Chair")]
    sheet = ContactSheet(ContactSheetKind.BODY, "Piirihallitus", "Ulla P", datetime(2026, 11, 26), "fi", rows)
    (page,) = _text(build_contact_sheet(sheet))
    assert translator("fi").gettext("Chair") in page and "Chair" not in page


def test_printing_is_logged_with_the_people(
    database: Database, make_member: Callable[..., object], tmp_path: Path
) -> None:
    anna = make_member("Anna", "Aalto", phone="040 111 1111")
    with database.reading() as session:
        sheet = branch_sheet(session, _branch_of(database, anna), TODAY)
    with database.transaction("Log") as session:
        record_contact_sheet(session, sheet, str(tmp_path / "x.pdf"))
    with database.reading() as session:
        (export,) = list_exports(session)
    assert (export.kind, export.people, export.recipient) == (ExportKind.CONTACT_SHEET, 1, sheet.recipient)


def _footer_pieces(pdf: bytes) -> list[tuple[str, float]]:
    """The texts drawn on the footer's line (10 mm from the foot) of the first page, with their x."""
    pieces: list[tuple[str, float]] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if text.strip() and abs(tm[5] - 28.35) < 1:
            pieces.append((text.strip(), tm[4]))

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return pieces


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_portrait_sheets_footer_does_not_run_into_the_page_number(language: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    from reports.common import SANS

    _ = translator(language).gettext
    rows = [
        ContactRow(
            uuid.uuid4(), "Minna Heikkinen-Ojala", "+358 40 3715603", "m.heikkinen-ojala@example.fi", role="Vice chair"
        ),
        ContactRow(uuid.uuid4(), "Jukka-Pekka Laitinen", "+358 41 8380360", "jukka-pekka.laitinen@example.com"),
    ]
    sheet = ContactSheet(
        ContactSheetKind.BODY, "Piirihallitus", "Minna Heikkinen-Ojala", datetime(2026, 11, 26), language, rows
    )
    pdf = build_contact_sheet(sheet)
    pieces = _footer_pieces(pdf)
    page_number = next(x for text, x in pieces if text == _("Page {number}").format(number=1))
    for text, x in pieces:
        if x < page_number:
            assert x + pdfmetrics.stringWidth(text, SANS, 7.5) < page_number - 5, text  # before: "tarvSivu 1"
    text = _text(pdf)[0]
    assert _("Personal data: return or destroy this sheet when it is no longer needed.").split()[0] in text
    # A phone number and an address each on one line: before, the phone column broke "+358 40" / "3715603".
    assert "+358 40 3715603" in text and "jukka-pekka.laitinen@example.com" in text
