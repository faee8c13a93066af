"""The shared printout machinery: columns wide enough for their headings in every language."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from reports.common import SANS_BOLD, register_fonts, widths_for_headings


def test_a_column_gets_its_longest_heading_word_and_the_table_keeps_its_width() -> None:
    register_fonts()
    headings = ["Päivämäärä", "Käyttötarkoitus", "Suostumus", "Muistiinpanot"]
    widths = [40.0, 120.0, 40.0, 200.0]
    fitted = widths_for_headings(headings, widths, SANS_BOLD, 8.5)
    assert abs(sum(fitted) - sum(widths)) < 0.01
    for heading, width in zip(headings, fitted, strict=True):
        assert width >= pdfmetrics.stringWidth(heading, SANS_BOLD, 8.5) + 12 - 0.01, heading
    # The room came from the columns that had it to spare, the widest giving the most.
    assert fitted[3] < widths[3] and fitted[1] <= widths[1]
    assert widths[3] - fitted[3] > widths[1] - fitted[1]


def test_headings_that_fit_change_nothing() -> None:
    register_fonts()
    widths = [60.0, 60.0]
    assert widths_for_headings(["No", "Name"], widths, SANS_BOLD, 8.5) == widths


def test_a_long_footer_wraps_above_the_page_number_instead_of_running_into_it() -> None:
    from io import BytesIO

    from pypdf import PdfReader
    from reportlab.platypus import Paragraph

    from reports.common import SANS, build_document, styles

    footer = (
        "Pohjanmaan sosialidemokraattinen piirijärjestö – Österbottens socialdemokratiska distriktsorganisation: "
        "tarkastuspyyntö, Minna Heikkinen-Ojala, 26.11.2026"
    )
    pdf = build_document([Paragraph("x", styles().body)], title="t", language="fi", footer=footer)
    pieces: list[tuple[str, float, float]] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if text.strip() and 20 < tm[5] < 60:  # the foot of the page
            pieces.append((text.strip(), tm[4], tm[5]))

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    page_number = next(piece for piece in pieces if piece[0].startswith("Sivu"))
    footer_lines = [piece for piece in pieces if not piece[0].startswith("Sivu")]
    assert len(footer_lines) == 2  # wrapped, every word kept
    assert " ".join(text for text, _x, _y in sorted(footer_lines, key=lambda piece: -piece[2])) == footer
    on_the_number_line = [text for text, _x, y in footer_lines if abs(y - page_number[2]) < 1]
    (last_line,) = on_the_number_line
    width = pdfmetrics.stringWidth(last_line, SANS, 7.5)
    assert 20 * 72 / 25.4 + width < page_number[1]  # the line ends before the page number begins
