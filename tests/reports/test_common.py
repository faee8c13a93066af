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
