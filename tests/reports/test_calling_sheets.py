"""The printed call sheets, read back from the PDF as text: names from many alphabets, codes, footers per sheet.

Messages new with the sheets are compared with what the catalog gives, so these tests hold before and after the
translations are merged; words the catalogs already had ("Osasto", "Avliden") are checked literally, so a sheet
printed in the wrong language fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from db.calling.outcomes import OUTCOMES, YES_NO_LETTERS, yes_no_letters
from db.calling.printout import CallSheetPrintout, PrintedQuestion, PrintedRow, PrintedSheet
from db.core.i18n import format_day
from reports.call_sheet_layout import (
    BODY_LEFT,
    NAME_SIZE,
    NAME_WIDTH,
    RIGHT,
    fit_size,
    page_row_counts,
    privacy_line,
    sheet_layout,
)
from reports.calling import build_call_sheets
from reports.common import MONO, SANS, SANS_BOLD, fit_to_width, gettext_for, register_fonts

NAMES = (
    "Åhlström, Märta",
    "Łukasz Świątek",
    "Ayşe Yılmaz",
    "Nguyễn Thị Minh Khai",
    "Øyvind Kjærgaard",
    "Þóra Sigurðardóttir",
)
QUESTIONS = (
    PrintedQuestion(1, "Will you vote?", "yes_no"),
    PrintedQuestion(2, "Which topic matters most?", "one_of", ("Work", "Health", "Schools")),
    PrintedQuestion(3, "Is your e-mail still right?", "check_email"),
    PrintedQuestion(4, "Would you like a godparent?", "godparent"),
)
WORDS_ALREADY_TRANSLATED = {"fi": ("Osasto", "Kieli", "Muistiinpanot"), "sv": ("Förening", "Språk", "Anteckningar")}
DECEASED = {"fi": "Kuollut", "sv": "Avliden"}


def _row(number: int, name: str, **changes: object) -> PrintedRow:
    values: dict[str, object] = {
        "row": number,
        "name": name,
        "phones": (f"+358 40 555 {1000 + number}", f"06 312 {2000 + number}")
        if number % 2
        else (f"+358 50 1{number}",),
        "branch": "Vasa svenska arbetarförening",
        "age_band": "30–44",
        "member_since": date(2012, 5, 3),
        "last_contact": date(2025, 11, 12),
        "last_outcome_code": "NA",
        "language": "sv",
        "note": "",
    }
    values.update(changes)
    return PrintedRow(**values)  # type: ignore[arg-type]


def _printout(language: str, sheets: Sequence[PrintedSheet], **changes: object) -> CallSheetPrintout:
    values: dict[str, object] = {
        "district": "Pohjanmaan piiri",
        "campaign": "Jäsensoitot syksy 2026",
        "language": language,
        "intro": "Hei, täällä soittaja osastosta.",
        "questions": QUESTIONS,
        "closing": "Kiitos!",
        "sheets": sheets,
        "total_sheets": 3,
        "printed_at": datetime(2026, 11, 26, 12, 0, tzinfo=UTC),
        "return_by": date(2027, 2, 28),
        "contact": "Anna Ombud, 040 555 1234",
    }
    values.update(changes)
    return CallSheetPrintout(**values)  # type: ignore[arg-type]


def _two_sheets(rows_on_second: int) -> list[PrintedSheet]:
    first = PrintedSheet(1, "Kaisa Kähkönen", "+358 50 987 6543", [_row(n, NAMES[n - 1]) for n in (1, 2, 3)])
    second_rows = [_row(n, NAMES[(n - 1) % len(NAMES)] + f" {n}") for n in range(1, rows_on_second + 1)]
    return [first, PrintedSheet(2, "Pär Öhman", "", second_rows)]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def rows_per_page() -> int:
    return sheet_layout(QUESTIONS, "fi").rows_per_page


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_sheets_read_back_in_the_language_of_the_printout(language: str, rows_per_page: int) -> None:
    _ = gettext_for(language)
    pdf = build_call_sheets(_printout(language, _two_sheets(rows_per_page + 1)))
    pages = _pages(pdf)
    cover, sheet_pages = pages[0], pages[1:]
    assert len(sheet_pages) == 1 + 2  # sheet 1 on one page, sheet 2 on two
    text = "\n".join(sheet_pages)
    for name in NAMES:
        assert name in text  # every letter survived: the embedded font covers them and maps back to Unicode
    for phone in ("+358 40 555 1001", "06 312 2001", "+358 50 12"):
        assert phone in text
    for word in WORDS_ALREADY_TRANSLATED[language]:
        assert word in sheet_pages[0]
    # The cover: every outcome code with its label in the printout's language, and the script's questions.
    for info in OUTCOMES:
        assert info.code in cover
        assert _(info.label) in cover
    assert DECEASED[language] in cover
    assert "Q2 Which topic matters most?" in cover and "1 = Work, 2 = Health, 3 = Schools" in cover
    yes, no = yes_no_letters(language)
    assert _("Circle {yes} for yes or {no} for no.").format(yes=yes, no=no) in cover
    assert "Anna Ombud, 040 555 1234" in cover
    # Every page ends with its place in the campaign, the privacy line with the date, and when it was printed.
    footer = _("Sheet {sheet} / {total} · page {page} / {pages}")
    expected = [(1, 1, 1), (2, 1, 2), (2, 2, 2)]
    for page_text, (sheet, page, of) in zip(sheet_pages, expected, strict=True):
        assert footer.format(sheet=sheet, total=3, page=page, pages=of) in page_text
    privacy = _("Return or destroy these sheets after the campaign (by {date}).").format(
        date=format_day(date(2027, 2, 28), language)
    )
    assert privacy == privacy_line(_printout(language, []))
    assert all(privacy in page_text for page_text in pages)


def test_the_footer_counts_pages_within_each_sheet(rows_per_page: int) -> None:
    rows = 2 * rows_per_page + 1  # three pages
    sheets = [
        PrintedSheet(7, "A", "", [_row(n, f"Member {n:02}") for n in range(1, rows + 1)]),
        PrintedSheet(8, "B", "", [_row(1, "Alone on a sheet")]),
    ]
    pages = _pages(build_call_sheets(_printout("en", sheets, total_sheets=12)))[1:]
    assert [next(line for line in text.splitlines() if line.startswith("Sheet ")) for text in pages] == [
        "Sheet 7 / 12 · page 1 / 3",
        "Sheet 7 / 12 · page 2 / 3",
        "Sheet 7 / 12 · page 3 / 3",
        "Sheet 8 / 12 · page 1 / 1",
    ]
    # Rows stay in print order and each lands on one page only.
    for number in range(1, rows + 1):
        holding = [index for index, text in enumerate(pages) if f"Member {number:02}" in text]
        assert holding == [_page_of(number, rows, rows_per_page)]


def _page_of(number: int, rows: int, rows_per_page: int) -> int:
    counts = page_row_counts(rows, rows_per_page)
    seen = 0
    for page, count in enumerate(counts):
        seen += count
        if number <= seen:
            return page
    raise AssertionError(number)


def test_pages_of_a_sheet_are_filled_evenly() -> None:
    assert page_row_counts(20, 5) == [5, 5, 5, 5]
    assert page_row_counts(21, 5) == [5, 4, 4, 4, 4]
    assert page_row_counts(6, 5) == [3, 3]
    assert page_row_counts(3, 5) == [3]
    assert page_row_counts(0, 5) == [0]  # an empty sheet still gets its page


def test_a_long_name_is_cut_to_its_column_with_an_ellipsis() -> None:
    register_fonts()
    long_name = "Åhlström-Fredriksson-Kjærgaard, Ann-Charlotte Margareta Elisabeth Þórunn Nguyễn"
    pdf = build_call_sheets(_printout("fi", [PrintedSheet(1, "A", "", [_row(1, long_name)])]))
    text = _pages(pdf)[1]
    assert long_name not in text
    drawn = next(line for line in text.splitlines() if "Åhlström-Fredriksson" in line)
    drawn = drawn[drawn.index("Åhlström") : drawn.index("…") + 1]
    assert long_name.startswith(drawn[:-1].rstrip())
    width = pdfmetrics.stringWidth(drawn, SANS_BOLD, NAME_SIZE)
    assert NAME_WIDTH * 0.8 < width <= NAME_WIDTH  # cut near the column's edge, never beyond it


@pytest.mark.parametrize(("font", "size", "width"), [(SANS, 8.5, 60.0), (SANS_BOLD, 13, 150.0), (MONO, 12, 3.0)])
def test_fit_to_width_never_exceeds_the_width(font: str, size: float, width: float) -> None:
    register_fonts()
    for text in ("", "Ng", "Vaasan Sosialidemokraattinen Työväenyhdistys ry", "Łukasz Świątek-Øyvindsdóttir" * 3):
        fitted = fit_to_width(text, font, size, width)
        assert pdfmetrics.stringWidth(fitted, font, size) <= width
        if pdfmetrics.stringWidth(text, font, size) <= width:
            assert fitted == text
        elif fitted:
            assert fitted.endswith("…") and text.startswith(fitted[:-1])


def test_a_long_phone_number_shrinks_instead_of_losing_digits() -> None:
    register_fonts()
    assert fit_size("+358 40 1", MONO, 12, 100, 7) == 12
    size = fit_size("+358 40 123 4567 890 12", MONO, 12, 100, 7)
    assert 7 <= size < 12 and pdfmetrics.stringWidth("+358 40 123 4567 890 12", MONO, size) <= 100.01


def test_empty_optional_fields_print() -> None:
    bare = PrintedRow(1, "Ng", (), "", "", None, None, "", "other")
    coded = PrintedRow(2, "Öhman, Pär", ("040 1",), "", "", None, None, "VM", "fi", note="call back after 3.12.")
    printout = _printout(
        "sv",
        [PrintedSheet(1, "", "", [bare, coded]), PrintedSheet(2, "Pär", "", [])],
        intro="",
        closing="",
        contact="",
        questions=(),
        return_by=None,
    )
    pages = _pages(build_call_sheets(printout))
    _ = gettext_for("sv")
    assert "Ng" in pages[1] and "Annat språk" in pages[1]
    assert "VM" in pages[1] and "call back after 3.12." in pages[1]
    assert _("No members on this sheet.") in pages[2]
    assert all(_("Return or destroy these sheets after the campaign.") in text for text in pages)


def test_a_printout_without_sheets_is_its_cover() -> None:
    pdf = build_call_sheets(_printout("fi", []))
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    cover = reader.pages[0].extract_text()
    assert "Jäsensoitot syksy 2026" in cover and "DNC" in cover
    assert reader.metadata is not None and reader.metadata.author == "Kansli"
    assert reader.metadata.title == gettext_for("fi")("Call sheets: {campaign}").format(
        campaign="Jäsensoitot syksy 2026"
    )
    assert str(reader.root_object["/Lang"]) == "fi"


def test_a_long_script_flows_onto_a_second_cover_page() -> None:
    intro = "\n\n".join(f"Paragraph {n}: " + "what to say to the member, slowly and clearly. " * 6 for n in range(40))
    pages = _pages(build_call_sheets(_printout("en", [PrintedSheet(1, "A", "", [_row(1, "Þóra")])], intro=intro)))
    assert len(pages) >= 3
    cover = "\n".join(pages[:-1])
    assert "Paragraph 0:" in cover and "Paragraph 39:" in cover and "DNC" in cover
    assert "Sheet 1 / 3 · page 1 / 1" in pages[-1] and "Þóra" in pages[-1]


def test_yes_no_letters_by_language() -> None:
    assert YES_NO_LETTERS["fi"] == ("K", "E")
    assert yes_no_letters("sv") == ("J", "N")
    assert yes_no_letters("en") == ("Y", "N")
    layout = sheet_layout(QUESTIONS, "sv")
    circled = [box.letters for box in layout.boxes if box.letters]
    assert circled == [("J", "N"), ("J", "N")]  # the yes/no question and the godparent question


@pytest.mark.parametrize("count", [0, 3, 5, 8, 12])
def test_boxes_stay_on_the_page_and_apart(count: int) -> None:
    kinds = ("yes_no", "free_text", "several_of", "check_email", "one_of", "godparent", "interests")
    questions = [PrintedQuestion(n + 1, "?", kinds[n % len(kinds)], ("a", "b")) for n in range(count)]
    layout = sheet_layout(questions, "fi")
    assert len(layout.boxes) == count + 2
    for box in layout.boxes:
        assert box.x >= BODY_LEFT - 0.01 and box.x + box.width <= RIGHT + 0.01
    for one, other in zip(layout.boxes, layout.boxes[1:], strict=False):
        if one.top == other.top:
            assert one.x + one.width < other.x
    assert layout.rows_per_page >= 1
    assert layout.notes_lines[-1] < layout.row_height
    assert layout.boxes[-1].top < layout.notes_lines[0]
