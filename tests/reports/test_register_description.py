"""The register description: every section in fi, sv and en, the district's own facts and the rules in force."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from db.core.database import Database
from db.core.district import Country
from db.privacy.register import RegisterSettings, read_register_settings, write_register_settings
from db.privacy.retention import RetentionRules
from reports.common import gettext_for
from reports.register_description import SECTION_HEADINGS, RegisterDescription, build_register_description

SETTINGS = RegisterSettings(
    address="Kauppakatu 1, 65100 Vaasa",
    contact_person="Maija Meikäläinen",
    email="toimisto@example.fi",
)


def _text(pdf: bytes) -> str:
    # Lines joined with spaces: a long value may wrap, and the test looks for phrases, not layout.
    raw = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw)


def _description(language: str, **changes: object) -> RegisterDescription:
    values: dict[str, object] = {
        "district": "Pohjanmaan piiri",
        "country": Country.FI,
        "settings": SETTINGS,
        "retention": RetentionRules(),
        "made_on": date(2026, 3, 1),
        "language": language,
    }
    values.update(changes)
    return RegisterDescription(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_section_and_the_controller_are_printed(language: str) -> None:
    _ = gettext_for(language)
    text = _text(build_register_description(_description(language)))
    assert "Pohjanmaan piiri" in text
    assert "Kauppakatu 1, 65100 Vaasa" in text and "Maija Meikäläinen" in text and "toimisto@example.fi" in text
    for heading in SECTION_HEADINGS:
        assert _(heading) in text, heading
    assert _("Register description") in text


def test_the_retention_rules_in_force_are_printed() -> None:
    rules = RetentionRules(resigned_months=2, lapsed_months=7, deceased_months=13, moved_months=4)
    text = _text(build_register_description(_description("en", retention=rules)))
    assert "2 months after a resignation" in text
    assert "7 months after a membership lapsed" in text
    assert "4 months after a move" in text
    assert "13 months after the person's death" in text


def test_missing_facts_leave_a_line_to_fill_in_and_the_authority_follows_the_country() -> None:
    text = _text(build_register_description(_description("en", settings=RegisterSettings(), country=Country.SE)))
    assert "____" in text
    assert "IMY" in text and "tietosuoja.fi" not in text
    finnish = _text(build_register_description(_description("en")))
    assert "tietosuoja.fi" in finnish and "____" not in finnish


def test_optional_facts_appear_only_when_given() -> None:
    plain = _text(build_register_description(_description("en")))
    assert "Additional information" not in plain and "Data protection officer" not in plain
    full = RegisterSettings(
        address="A",
        contact_person="B",
        email="c@example.fi",
        phone="+358 40 123 4567",
        data_protection_officer="Party DPO, dpo@example.fi",
        additional_information="Paper forms are kept in a locked cabinet.",
    )
    text = _text(build_register_description(_description("en", settings=full)))
    assert "+358 40 123 4567" in text and "Party DPO, dpo@example.fi" in text
    assert "Additional information" in text and "locked cabinet" in text


def test_settings_round_trip_and_default_to_empty(database: Database) -> None:
    with database.reading() as session:
        assert read_register_settings(session) == RegisterSettings()
        assert RegisterSettings().missing() == ["address", "contact_person", "email"]
    with database.transaction("Register description") as session:
        write_register_settings(session, RegisterSettings(address="  Kauppakatu 1 ", email="a@example.fi"))
    with database.reading() as session:
        stored = read_register_settings(session)
    assert stored == RegisterSettings(address="Kauppakatu 1", email="a@example.fi")
    assert stored.missing() == ["contact_person"]


def test_a_damaged_setting_reads_as_what_can_be_used(database: Database) -> None:
    from db.core.settings import write_setting
    from db.privacy.register import SETTING_KEY

    with database.transaction("Settings") as session:
        write_setting(session, SETTING_KEY, {"address": "Kauppakatu 1", "email": 5, "from_a_newer_version": "x"})
    with database.reading() as session:
        assert read_register_settings(session) == RegisterSettings(address="Kauppakatu 1")
    with database.transaction("Settings") as session:
        write_setting(session, SETTING_KEY, ["not", "a", "mapping"])
    with database.reading() as session:
        assert read_register_settings(session) == RegisterSettings()


def test_the_data_of_every_area_and_the_other_people_are_described() -> None:
    text = " ".join(_text(build_register_description(_description("en"))).split())
    assert "calls made to them in the district's calling campaigns" in text
    assert "attendance, conflicts of interest and dissenting opinions" in text
    assert "recognitions and diplomas given to them" in text
    assert "journalists and editors of the media" in text
    assert "volunteer callers who are not members" in text
    assert "minutes of the bodies' meetings are the association's records" in text
