"""The readable answer to an access request, read back from the PDF as text in each language."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from db.core.database import Database
from db.core.i18n import format_day, translator
from db.privacy.access import access_request
from reports.privacy_access import build_access_pdf
from tests.db.privacy_helpers import CANARY, add_rich_person

TODAY = date(2026, 11, 26)
HEADINGS = (
    "Access request: the data we hold about you",
    "Personal details",
    "Contact details",
    "Memberships",
    "Consents",
    "Volunteer interests",
    "Positions of trust",
    "Household and godparent",
    "Other records",
    "History of changes",
    "Exports and printouts that included you",
)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_pdf_shows_the_person_every_section_and_the_date(database: Database, language: str) -> None:
    rich = add_rich_person(database)
    with database.reading() as session:
        report = access_request(session, rich.member_id, TODAY)
    text = _text(build_access_pdf(report, language))
    gettext = translator(language).gettext
    assert f"{CANARY} Vortigaunt" in text
    assert "Testipiiri" in text
    assert format_day(TODAY, language) in text
    for heading in HEADINGS:
        assert gettext(heading) in text, heading
    # Records from the sections: a contact, the branch, the interest in the language printed, the body.
    assert "+358 40 9876543" in text
    assert "Vaasan osasto" in text
    assert {"fi": "Vaalityö", "sv": "Valarbete", "en": "Election work"}[language] in text
    assert "Piirihallitus" in text
    assert "Oldname" in text  # the history shows the earlier name
    # Every word of every column heading is whole: a narrow column does not break a long word between letters.
    words = set(text.split())
    for heading in ("Notice received", "End reason", "Recorded by", "May be used", "Consent"):
        assert set(gettext(heading).split()) <= words, gettext(heading)


def test_a_person_with_nothing_but_a_name_gets_empty_sections_said_so(database: Database, make_member) -> None:
    member_id = make_member("Eino", "Leino", joined_on=None)
    with database.reading() as session:
        report = access_request(session, member_id, TODAY)
    text = _text(build_access_pdf(report, "en"))
    assert "Eino Leino" in text
    assert text.count("None recorded.") >= 5  # consents, interests, positions, household, other records, exports


def test_calls_are_named_in_the_readers_language(database: Database) -> None:
    from sqlalchemy import select

    from db.calling.entry import RowEntry, enter_row
    from db.calling.models import CallSheet
    from tests.db.calling_helpers import assign_all, quick_caller, simple_campaign

    rich = add_rich_person(database)
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database)])
    with database.transaction("Enter") as session:
        sheet = session.execute(select(CallSheet)).scalar_one()
        enter_row(session, sheet, 1, RowEntry("T"), date.today())
    with database.reading() as session:
        report = access_request(session, rich.member_id, date.today())
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(build_access_pdf(report, "sv"))).pages)
    assert "Samtal" in text and "Plats på en ringlista" in text
    assert "call_sheet_row" not in text and "call sheet row" not in text
