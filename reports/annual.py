"""The annual conference report as a PDF: per section its key figures, charts (ReportLab graphics) and tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from db.annual.shape import AnnualReport, Chart, Figure, Section, shown
from db.core.i18n import format_count, format_day
from reports.common import (
    ACCENT,
    INK,
    MUTED,
    RULE,
    SANS,
    SANS_BOLD,
    build_document,
    gettext_for,
    ruled_table,
    styles,
)

WIDTH = 170 * mm  # the text width of an A4 page with the shared margins
SERIES_COLOURS = (colors.HexColor("#b3261e"), colors.HexColor("#57606a"))
MOST_BARS = 30  # a chart with more categories shows the largest ones
TABLE_SIZES = (8.5, 8.0, 7.5, 7.0, 6.5)  # a wide table's type gets smaller before a word is broken between letters
CELL_PADDING = 12  # a cell's left and right padding, in points


def _value_text(value: object, language: str, *, percent: bool = False) -> str:
    if value is None or value == "":
        return ""
    if percent and isinstance(value, int | float):
        return f"{round(100 * value)} %"
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int):
        return format_count(value, language)
    if isinstance(value, float):
        return f"{round(100 * value)} %" if 0 <= value <= 1 else format_count(round(value), language)
    if isinstance(value, date):
        return format_day(value, language)
    return str(shown(value, language))


def _figures(figures: Sequence[Figure], language: str) -> Table:
    _ = gettext_for(language)
    # The label is a paragraph: a long Finnish or Swedish label wraps instead of running under its value.
    label = styles().small.clone("annual-figure-label", fontSize=9, leading=11, textColor=MUTED)
    cells = [
        [Paragraph(escape(_(figure.label)), label), _value_text(figure.value, language, percent=figure.percent)]
        for figure in figures
    ]
    # Two figures a row, so a section's key figures take a few lines, not half a page.
    rows = []
    for start in range(0, len(cells), 2):
        pair = cells[start : start + 2]
        rows.append([*pair[0], *(pair[1] if len(pair) > 1 else ["", ""])])
    table = Table(rows, colWidths=[60 * mm, 25 * mm, 60 * mm, 25 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 9),
                ("FONT", (1, 0), (1, -1), SANS_BOLD, 10.5),
                ("FONT", (3, 0), (3, -1), SANS_BOLD, 10.5),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("RIGHTPADDING", (1, 0), (1, -1), 10),
            ]
        )
    )
    return table


def _chart(chart: Chart, language: str) -> Drawing | None:
    _ = gettext_for(language)
    categories = [str(shown(name, language)) for name in chart.categories]
    series = [(_(name), list(values)) for name, values in chart.series]
    if not categories or not any(any(values) for _name, values in series):
        return None
    if len(categories) > MOST_BARS:
        order = sorted(range(len(categories)), key=lambda index: -sum(values[index] for _n, values in series))
        keep = sorted(order[:MOST_BARS])
        categories = [categories[index] for index in keep]
        series = [(name, [values[index] for index in keep]) for name, values in series]
    horizontal = len(categories) > 8 or max(len(name) for name in categories) > 12
    height = (len(categories) * (9 if len(series) > 1 else 6) + 30) * 1.0 if horizontal else 150.0
    drawing = Drawing(WIDTH, height + 28)
    drawing.add(String(0, height + 16, _(chart.title), fontName=SANS_BOLD, fontSize=10, fillColor=INK))
    bars: HorizontalBarChart | VerticalBarChart
    if horizontal:
        bars = HorizontalBarChart()
        bars.x, bars.y, bars.width, bars.height = 150, 14, WIDTH - 170, height - 10
        bars.categoryAxis.labels.boxAnchor = "e"
        bars.categoryAxis.labels.dx = -4
        bars.categoryAxis.reverseDirection = True  # the first category at the top, as in the table
        bars.categoryAxis.labels.fontSize = 7
    else:
        bars = VerticalBarChart()
        bars.x, bars.y, bars.width, bars.height = 30, 20, WIDTH - 140, height - 20
        bars.categoryAxis.labels.fontSize = 8
    bars.data = [values for _name, values in series]
    bars.categoryAxis.categoryNames = [name if len(name) <= 34 else name[:33] + "…" for name in categories]
    bars.categoryAxis.labels.fontName = SANS
    bars.valueAxis.labels.fontName = SANS
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    bars.valueAxis.gridStrokeColor = RULE
    bars.valueAxis.visibleGrid = True
    bars.barSpacing = 0.5
    for index, colour in enumerate(SERIES_COLOURS[: len(series)]):
        bars.bars[index].fillColor = colour
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = 0, height + 18
        legend.fontName, legend.fontSize = SANS, 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = list(zip(SERIES_COLOURS, [name for name, _values in series], strict=False))
        # Its right edge on the text's: measured, since the names' lengths differ by language.
        left, _bottom, right, _top = legend.getBounds()
        legend.x = WIDTH - (right - left)
        drawing.add(legend)
    return drawing


def _longest_word(texts: Sequence[str], font: str, size: float) -> float:
    return max((pdfmetrics.stringWidth(word, font, size) for text in texts for word in text.split()), default=0.0)


@dataclass(frozen=True)
class TableLayout:
    size: float  # the type size of the cells and headings
    headings: list[str]  # as printed: an over-long word hyphenated
    widths: list[float]  # in points


def _hyphenated(heading: str, width: float, size: float) -> str:
    """``heading`` with each word wider than ``width`` broken with a hyphen where it fits (the last resort)."""
    room = width - CELL_PADDING
    words = []
    for word in heading.split():
        while pdfmetrics.stringWidth(word, SANS_BOLD, size) > room and len(word) > 4:
            cut = max(2, len(word) - 2)
            while cut > 2 and pdfmetrics.stringWidth(word[:cut] + "-", SANS_BOLD, size) > room:
                cut -= 1
            cut = min(cut, len(word) - 3)  # never two letters alone on the next line
            words.append(word[:cut] + "-")
            word = word[cut:]
        words.append(word)
    return " ".join(words)


def table_layout(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> TableLayout:
    """The type size, headings and column widths of a table, within the page's text width.

    The first column holds names (branches, bodies, campaigns), the others figures and short words. No column is
    narrower than the longest word of its heading or its cells: a wide table (the branches' six columns have long
    Finnish headings) is set in smaller type rather than broken between letters or run past the margin. When even
    the smallest type is too wide, the widest headings' longest words are hyphenated: the names stay whole.
    """
    if len(headings) == 1:
        return TableLayout(TABLE_SIZES[0], list(headings), [WIDTH])
    first = 0.40 if len(headings) > 3 else 0.5
    rest = (1 - first) / (len(headings) - 1)
    targets = [WIDTH * (first if index == 0 else rest) for index in range(len(headings))]
    columns = [[row[index] for row in rows if index < len(row)] for index in range(len(headings))]
    for size in TABLE_SIZES:
        cells = [_longest_word(column, SANS, size) + CELL_PADDING for column in columns]
        needs = [
            max(cell, _longest_word([heading], SANS_BOLD, size) + CELL_PADDING)
            for cell, heading in zip(cells, headings, strict=True)
        ]
        if sum(needs) <= WIDTH:
            # Each column as wide as its target, or its need; the room over goes to the columns under target.
            short = [max(0.0, target - need) for target, need in zip(targets, needs, strict=True)]
            extra = (WIDTH - sum(needs)) / sum(short) if sum(short) else 0.0
            widths = [need + room * extra for need, room in zip(needs, short, strict=True)]
            return TableLayout(size, list(headings), widths)
    # The widest headings give up room first: only the words that cannot fit are hyphenated.
    first_width = min(needs[0], WIDTH / 2)
    room = WIDTH - first_width
    cap = max(needs[1:])
    while cap > CELL_PADDING * 2 and sum(min(need, cap) for need in needs[1:]) > room:
        cap -= 1
    widths = [first_width, *(min(need, max(cap, cell)) for need, cell in zip(needs[1:], cells[1:], strict=True))]
    widths[0] = WIDTH - sum(widths[1:])
    fitted = [headings[0], *(_hyphenated(h, w, size) for h, w in zip(headings[1:], widths[1:], strict=True))]
    return TableLayout(size, fitted, widths)


def _section(section: Section, language: str) -> list[object]:
    _ = gettext_for(language)
    style = styles()
    story: list[object] = [CondPageBreak(60 * mm), Paragraph(escape(_(section.title)), style.heading)]
    if section.figures:
        story += [_figures(section.figures, language), Spacer(1, 4 * mm)]
    for chart in section.charts:
        drawing = _chart(chart, language)
        if drawing is not None:
            story += [drawing, Spacer(1, 3 * mm)]
    for table in section.tables:
        headings = [_(heading) for heading in table.headings]
        rows = [[_value_text(value, language) for value in row] for row in table.rows]
        total = [_value_text(value, language) for value in table.total] if table.total else None
        if total:
            rows.append(total)
        title = Paragraph(escape(_(table.title)), style.body.clone("annual-table-title", fontName=SANS_BOLD))
        if not rows:
            story.append(KeepTogether([title, Paragraph(escape(_("None in the period.")), style.small)]))
            story.append(Spacer(1, 3 * mm))
            continue
        layout = table_layout(headings, rows)
        size = layout.size
        cell = style.body.clone("annual-cell", fontSize=size, leading=size + 2)
        grid = ruled_table(layout.headings, rows, layout.widths, cell)
        if total:
            grid.setStyle(TableStyle([("FONT", (0, len(rows)), (-1, len(rows)), SANS_BOLD, size)]))
        # A table's title never ends a page on its own: a new page begins unless a few rows fit under it.
        story += [CondPageBreak(30 * mm), title, Spacer(1, 1 * mm), grid, Spacer(1, 4 * mm)]
    if section.note:
        story.append(Paragraph(escape(_(section.note)), style.small))
    return story


def build_annual_report(report: AnnualReport, language: str) -> bytes:
    """Return the report as PDF bytes in ``language``."""
    _ = gettext_for(language)
    style = styles()
    period = _("{start} – {end}").format(start=format_day(report.start, language), end=format_day(report.end, language))
    story: list[object] = [
        Paragraph(escape(report.district), style.small),
        Paragraph(escape(_("Annual conference report")), style.title),
        Paragraph(escape(period), style.heading.clone("annual-period", textColor=ACCENT, spaceBefore=0)),
        Spacer(1, 4 * mm),
    ]
    for index, section in enumerate(report.sections):
        if index == 1:
            story.append(PageBreak())  # the members' part on its own first page, the rest after it
        story += _section(section, language)
    footer = _("{district} · annual conference report {period}").format(district=report.district, period=period)
    return build_document(story, title=_("Annual conference report"), language=language, footer=footer)
