"""The annual report's PDF layout: long Finnish labels and headings stay inside their columns and the margins."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from db.annual.shape import AnnualReport, Figure, Msg, Section
from db.core.i18n import translator
from reports.annual import CELL_PADDING, WIDTH, build_annual_report, table_layout
from reports.common import SANS, SANS_BOLD, register_fonts

BRANCH_HEADINGS = (
    "Branch",
    "Survey grade",
    "Mentoring",
    "Officer notification",
    "Recruitment actions done",
    "Chairs' meetings attended",
)
NAMES = ("Jakobstads arbetarkvinnoförening", "Vaasan Sosialidemokraattiset Naiset", "Alajärven osasto")


def _words_fit(texts: list[str], font: str, size: float, width: float) -> bool:
    words = [word for text in texts for word in text.split()]
    return all(pdfmetrics.stringWidth(word, font, size) + CELL_PADDING <= width + 0.01 for word in words)


def test_the_branch_table_keeps_names_whole_and_stays_inside_the_margins() -> None:
    register_fonts()
    for language in ("fi", "sv", "en"):
        _ = translator(language).gettext
        headings = [_(heading) for heading in BRANCH_HEADINGS]
        rows = [(name, "6", _("Mentee"), _("Onboarded"), "2", "5") for name in NAMES]
        layout = table_layout(headings, rows)
        assert sum(layout.widths) <= WIDTH + 0.01, language  # before: 22 mm past the right margin in Finnish
        assert _words_fit(list(NAMES), SANS, layout.size, layout.widths[0]), language  # before: "Alajärv en"
        for index, heading in enumerate(layout.headings):
            assert _words_fit([heading], SANS_BOLD, layout.size, layout.widths[index]), (language, heading)
            assert heading.replace("- ", "") == headings[index]
        assert layout.size >= 6.5


def test_a_short_table_keeps_its_ordinary_type() -> None:
    layout = table_layout(["Kind", "Published"], [("Press release", "9")])
    assert layout.size == 8.5 and layout.headings == ["Kind", "Published"]
    assert abs(sum(layout.widths) - WIDTH) < 0.01


def test_a_long_figure_label_wraps_instead_of_running_under_its_value() -> None:
    label = "Share of new members called within 14 days of joining the party and its branch"
    section = Section("members", Msg("Members"), (Figure(Msg(label), 0.05, percent=True), Figure(Msg(label), 3)))
    pdf = build_annual_report(AnnualReport("District", date(2026, 1, 1), date(2026, 12, 31), (section,)), "en")
    pieces: list[tuple[str, float]] = []
    page = PdfReader(BytesIO(pdf)).pages[0]
    page.extract_text(
        visitor_text=lambda text, _cm, tm, _font, size: pieces.append((text, tm[4])) if text.strip() else None
    )
    value_left = next(x for text, x in pieces if text.strip() == "5 %")
    label_pieces = [(text, x) for text, x in pieces if text.strip() and text.strip() in label]
    assert len(label_pieces) >= 2  # wrapped over lines
    for text, x in label_pieces:
        if x < value_left:  # the label of the first column
            assert x + pdfmetrics.stringWidth(text.strip(), SANS, 9) < value_left, text


def test_a_chart_s_legend_ends_at_the_right_margin_in_every_language() -> None:
    from reportlab.graphics.charts.legends import Legend

    from db.annual.shape import Chart
    from reports.annual import _chart

    register_fonts()
    chart = Chart(
        "Joined and left by branch",
        ("Alajärven osasto", "Vasa svenska arbetarförening"),
        (("Joined", (3.0, 1.0)), ("Left", (1.0, 2.0))),
    )
    for language in ("fi", "sv", "en"):
        drawing = _chart(chart, language)
        assert drawing is not None
        (legend,) = [item for item in drawing.contents if isinstance(item, Legend)]
        _left, _bottom, right, _top = legend.getBounds()
        assert right <= WIDTH + 0.5, (language, right - WIDTH)
        assert right >= WIDTH - 2  # and it stays at the right, where the eye looks for it
