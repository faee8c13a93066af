"""The emergency sheet and the member list, read back from the PDF as text."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from db.core.i18n import translator
from db.core.keys import DataKey
from reports.emergency import EmergencySheet, build_emergency_sheet
from reports.members import MemberList, MemberListRow, build_member_list


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_emergency_sheet_shows_the_key_and_says_what_to_do(language: str) -> None:
    key = DataKey.generate().recovery_text()
    pdf = build_emergency_sheet(
        EmergencySheet("Österbottens distrikt", key, "/home/ob/kansli.db", datetime(2026, 11, 26, tzinfo=UTC), language)
    )
    text = _text(pdf)
    for group in key.split("-"):
        assert group in text
    assert "Österbottens distrikt" in text
    assert translator(language).gettext("Kansli emergency sheet") in text
    assert translator(language).gettext("Keep it safe") in text
    assert len(PdfReader(BytesIO(pdf)).pages) == 1


def test_member_list_prints_rows_and_for_whom_on_every_page() -> None:
    rows = [
        MemberListRow(str(1000 + n), f"Virtanen, Anna {n}", "Vaasan osasto", "Active", "+358 40 123", "a@x.fi", "Vaasa")
        for n in range(120)
    ]
    rows.append(MemberListRow("9", "Łukasz Świątek, Ørjan Ægir", "Vasa", "Active", "", "", "Närpes"))
    pdf = build_member_list(
        MemberList("Member list", "Branch: Vaasan osasto", "Chair of Vaasan osasto", datetime.now(UTC), rows, "en")
    )
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "Chair of Vaasan osasto" in page.extract_text()  # the recipient line on each page
    text = _text(pdf)
    assert "Virtanen, Anna 119" in text
    assert "Łukasz Świątek, Ørjan Ægir" in text  # names from elsewhere keep their letters
    assert "121 people" in text
