"""Diplomas read back from the PDF: the recipient's name, reason, signers and number in Finnish and Swedish, every
design in both orientations, long names from many alphabets within the margins, a batch a page each.

The words the diploma itself says ("Kunniakirja", "25 vuotta jäsenenä") are compared with what the catalog gives,
so these tests hold before and after the translations are merged; a diploma in the wrong language still fails,
because each language is checked against its own catalog and the Swedish place line reads "den".
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from db.recognition.models import RecognitionKind
from db.recognition.printout import Diploma
from db.recognition.records import Signer
from reports.common import SANS_BOLD, SERIF_BOLD, gettext_for, register_fonts
from reports.recognition import (
    NAME_SMALLEST,
    build_diplomas,
    covering_font,
    design,
    design_count,
    fit_name,
    fit_reason,
    name_placement,
    place_and_date,
    subtitle,
)

SIGNERS = (Signer("Marja-Leena Hämäläinen", "", "chair"), Signer("Björn Åkerlund", "", "secretary"))
LONG_NAMES = (
    "Nguyễn Thị Minh Khai Åhlström-Łukasiewicz",
    "Łukasz Świątek-Sigurðardóttir von Kjærgaard-Hämäläinen",
    "Þóra Ó Súilleabháin-Müller-Lüdenscheidt Ayşe Yılmaz",
    "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflegeundsorgfaltigkeit",
)


def _diploma(language: str = "fi", **changes: object) -> Diploma:
    values: dict[str, object] = {
        "number": "2026-014",
        "language": language,
        "district": "Pohjanmaan piiri – Österbottens distrikt",
        "kind": RecognitionKind.JUBILEE,
        "name": "Aino Åhlström",
        "awarded_on": date(2026, 5, 9),
        "reason": "Kiitos pitkäaikaisesta työstä osaston hyväksi.",
        "jubilee_years": 25,
        "place": "Vaasa",
        "occasion": "Kevätkokous 2026",
        "decision": "DS 3/2026 § 7",
        "signers": SIGNERS,
    }
    values.update(changes)
    return Diploma(**values)  # type: ignore[arg-type]


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def _spaced(text: str) -> str:
    """Letter-spaced capitals come back from the PDF with or without spaces: compare without."""
    return "".join(text.split())


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_diploma_says_who_why_who_signs_and_its_number_in_the_recipients_language(language: str) -> None:
    _ = gettext_for(language)
    reason = {"fi": "Kiitos pitkäaikaisesta työstä.", "sv": "Tack för många års arbete i föreningen."}[language]
    (page,) = _pages(build_diplomas([_diploma(language, reason=reason)]))
    assert "Aino Åhlström" in page
    assert reason in page
    assert "Marja-Leena Hämäläinen" in page and "Björn Åkerlund" in page
    assert _("Chair of the district board") in page and _("Secretary of the district board") in page
    assert _("No. {number}").format(number="2026-014") in page
    assert _("Decision {decision}").format(decision="DS 3/2026 § 7") in page
    assert _spaced(_("Diploma").upper()) in _spaced(page)
    assert _("{years} years of membership").format(years=25) in page
    assert "Kevätkokous 2026" in page
    expected_day = {"fi": "9. toukokuuta 2026", "sv": "9 maj 2026"}[language]
    assert _("{place}, {date}").format(place="Vaasa", date=expected_day) in page
    assert place_and_date(_diploma(language, place="  ")) == expected_day


def test_each_kind_says_what_it_is() -> None:
    _ = gettext_for("sv")
    assert subtitle(_diploma("sv", kind=RecognitionKind.VOLUNTEER_OF_THE_YEAR)) == _(
        "Volunteer of the year {year}"
    ).format(year=2026)
    assert subtitle(_diploma("sv", kind=RecognitionKind.HONORARY_MEMBER)) == _("Honorary member")
    assert subtitle(_diploma("sv", kind=RecognitionKind.OTHER, title="Förtjänsttecken i guld")) == (
        "Förtjänsttecken i guld"
    )
    assert subtitle(_diploma("sv", kind=RecognitionKind.THANK_YOU)) == _("With thanks")
    # A jubilee without a reason thanks for the years.
    (page,) = _pages(build_diplomas([_diploma("sv", reason="")]))
    assert _("With warm thanks for {years} years of membership.").format(years=25) in page


@pytest.mark.parametrize("number", range(1, design_count() + 1))
@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_every_design_renders_in_both_orientations_and_long_names_fit(number: int, landscape: bool) -> None:
    diplomas = [
        _diploma("fi"),
        *(_diploma("sv", name=name, number=f"2026-{n:03d}") for n, name in enumerate(LONG_NAMES, 20)),
    ]
    pdf = build_diplomas(diplomas, design_number=number, landscape=landscape)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == len(diplomas)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (width > height) == landscape
    chosen = design(number)
    layout = chosen.layout(landscape)
    assert (layout.page_width, layout.page_height) == pytest.approx((width, height))
    margin = 20 * 72 / 25.4  # no text closer than 20 mm to the paper's edge
    texts = _pages(pdf)
    for diploma, text in zip(diplomas, texts, strict=True):
        fit, baselines = name_placement(diploma, chosen, layout)
        assert len(fit.lines) == len(baselines) <= 2
        for line_width in fit.widths():
            left = layout.x - line_width / 2 if layout.align == "center" else layout.x
            assert margin <= left and left + line_width <= width - margin
        assert all(layout.footer_y < baseline < layout.district_y for baseline in baselines)
        if not fit.lines[-1].endswith("…"):
            assert _spaced(diploma.name) in _spaced(text)  # every letter printed
    assert "…" in " ".join(name_placement(diplomas[-1], chosen, layout)[0].lines)  # the 110-letter word is cut


def test_names_shrink_then_break_then_are_cut() -> None:
    register_fonts()
    short = fit_name("Aino Åhlström", SERIF_BOLD, 36, 400)
    assert short == fit_name("Aino Åhlström", SERIF_BOLD, 36, 400) and short.lines == ("Aino Åhlström",)
    assert short.size == 36
    longer = fit_name("Łukasz Świątek-Sigurðardóttir", SERIF_BOLD, 36, 400)
    assert len(longer.lines) == 1 and 22 <= longer.size < 36 and longer.widths()[0] <= 400
    two = fit_name(LONG_NAMES[1], SERIF_BOLD, 36, 400)
    assert len(two.lines) == 2 and " ".join(two.lines) == LONG_NAMES[1] and max(two.widths()) <= 400
    cut = fit_name(LONG_NAMES[-1], SERIF_BOLD, 36, 400)
    assert cut.lines[0].endswith("…") and cut.size == NAME_SMALLEST and cut.widths()[0] <= 400


def test_a_letter_the_serif_lacks_is_set_in_the_sans_that_has_it() -> None:
    register_fonts()
    assert covering_font("Nguyễn Łukasz Þóra", SERIF_BOLD, SANS_BOLD) == SERIF_BOLD
    assert covering_font("Ѡлег Åhlström", SERIF_BOLD, SANS_BOLD) == SANS_BOLD
    assert fit_name("Ѡлег Åhlström", SERIF_BOLD, 36, 400).font == SANS_BOLD


def test_a_long_reason_shrinks_to_its_box_and_is_never_cut_when_it_fits() -> None:
    register_fonts()
    text = "Kiitos pitkäaikaisesta ja uutterasta työstä osaston ja koko piirin hyväksi. " * 5
    fitted = fit_reason(text.strip(), "KansliSerif-Italic", 140 * 2.835, 40 * 2.835)
    assert fitted.size < 13 and fitted.leading * (len(fitted.lines) - 1) + fitted.size <= 40 * 2.835
    assert " ".join(fitted.lines) == text.strip()
    squeezed = fit_reason(text * 4, "KansliSerif-Italic", 140 * 2.835, 20 * 2.835)
    assert squeezed.lines[-1].endswith("…")


def test_a_batch_is_one_page_per_diploma_each_in_its_own_language() -> None:
    batch = [
        _diploma("fi", name="Aino Åhlström", number="2026-001"),
        _diploma("sv", name="Pär Öhman", number="2026-002", place="Vasa"),
        _diploma("en", name="Ayşe Yılmaz", number="2026-003", kind=RecognitionKind.THANK_YOU, signers=()),
        _diploma(
            "fi", name="Eero Aalto", number="2026-004", signers=(*SIGNERS, Signer("Pia Virta", "Toiminnanjohtaja"))
        ),
    ]
    pages = _pages(build_diplomas(batch, design_number=2))
    assert len(pages) == 4
    for diploma, page in zip(batch, pages, strict=True):
        assert diploma.name in page
        assert gettext_for(diploma.language)("No. {number}").format(number=diploma.number) in page
    assert gettext_for("sv")("{place}, {date}").format(place="Vasa", date="9 maj 2026") in pages[1]
    assert "No. 2026-003" in pages[2] and "Marja-Leena" not in pages[2]  # no signers: blank lines only
    assert "Pia Virta" in pages[3] and "Toiminnanjohtaja" in pages[3]


def test_an_unknown_design_is_refused() -> None:
    with pytest.raises(ValueError, match="design 4"):
        build_diplomas([_diploma()], design_number=design_count() + 1)
