"""The press release on the district's letterhead, in Finnish and in Swedish."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from db.media.press_release import PressRelease
from reports.common import gettext_for
from reports.media import build_press_release, dateline, release_line

WORDS = {
    "fi": {"title": "Lähipalvelut on turvattava", "body": "Piirihallitus käsitteli asiaa kokouksessaan."},
    "sv": {"title": "Närservicen måste tryggas", "body": "Distriktsstyrelsen behandlade frågan på sitt möte."},
}


def _release(language: str, **changes: object) -> PressRelease:
    values: dict[str, object] = {
        "language": language,
        "district": "Pohjanmaan piiri – Österbottens distrikt",
        "address": "Hovioikeudenpuistikko 13, 65100 Vaasa",
        "phone": "06 123 4567",
        "email": "toimisto@example.fi",
        "title": WORDS[language]["title"],
        "body": f"{WORDS[language]['body']}\n\n”Ei leikkauksia”, sanoo Åsa Öhman.\nToinen rivi.",
        "place": "Vaasa",
        "day": date(2026, 3, 12),
        "embargo_until": None,
        "further_information": "Anna Virtanen, puheenjohtaja\n040 123 4567",
        "author": "Anna Virtanen",
    }
    values.update(changes)
    return PressRelease(**values)  # type: ignore[arg-type]


def _text(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_release_prints_letterhead_dateline_text_and_contact_in_its_language(language: str) -> None:
    _ = gettext_for(language)
    text, reader = _text(build_press_release(_release(language)))
    for expected in (
        "Pohjanmaan piiri – Österbottens distrikt",
        "Hovioikeudenpuistikko 13, 65100 Vaasa",
        "06 123 4567",
        "toimisto@example.fi",
        "Vaasa 12.3.2026",
        WORDS[language]["title"],
        WORDS[language]["body"],
        "”Ei leikkauksia”, sanoo Åsa Öhman.",
        "Anna Virtanen, puheenjohtaja",
        _("Press release").upper(),
        _("For publication at once"),
        _("Further information"),
        {"fi": "Sivu 1", "sv": "Sida 1"}[language],  # the page footer, already in the catalogs
    ):
        assert expected in text, expected
    assert str(reader.root_object["/Lang"]) == language
    assert reader.metadata.title == f"{_('Press release')}: {WORDS[language]['title']}"


def test_an_embargo_is_printed_as_the_moment_of_release() -> None:
    moment = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
    release = _release("fi", embargo_until=moment)
    assert release_line(release) != release_line(_release("fi"))
    text, _reader = _text(build_press_release(release))
    assert "12.3.2026" in release_line(release)
    assert release_line(release) in text


def test_without_a_town_the_dateline_is_the_date_alone_and_an_empty_contact_is_left_out() -> None:
    release = _release("sv", place="", further_information="")
    assert dateline(release) == "12.3.2026"
    text, _reader = _text(build_press_release(release))
    assert gettext_for("sv")("Further information") not in text
    assert "Vaasa 12.3.2026" not in text


def test_a_long_release_runs_to_a_second_page_with_the_footer_on_both() -> None:
    body = "\n\n".join(f"Kappale {number}. " + "Pitkä lause jatkuu ja jatkuu. " * 12 for number in range(1, 16))
    text, reader = _text(build_press_release(_release("fi", body=body)))
    assert len(reader.pages) >= 2
    assert "Kappale 15." in text and "Sivu 1" in text and "Sivu 2" in text
