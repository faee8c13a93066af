"""Shared machinery of every printout: fonts, paragraph styles, page furniture and translation.

Builders are pure: data in, PDF bytes out, no Qt and no database session. Each takes the language of the printout
explicitly (a diploma is printed in the recipient's language, whatever the user interface is in).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from db.core.i18n import format_moment, translator
from resources import resource_path

SANS = "KansliSans"
SANS_BOLD = "KansliSans-Bold"
SANS_ITALIC = "KansliSans-Italic"
MONO = "KansliMono"
SERIF = "KansliSerif"
SERIF_BOLD = "KansliSerif-Bold"
SERIF_ITALIC = "KansliSerif-Italic"

_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    "KansliSans-BoldItalic": "DejaVuSans-BoldOblique.ttf",
    MONO: "DejaVuSansMono.ttf",
    "KansliMono-Bold": "DejaVuSansMono-Bold.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    "KansliSerif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
}

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#57606a")
ACCENT = colors.HexColor("#b3261e")
RULE = colors.HexColor("#d0d7de")


@cache
def register_fonts() -> None:
    """Register the embedded DejaVu fonts once; they cover Nordic letters and most names from elsewhere."""
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic="KansliSans-BoldItalic"
    )
    pdfmetrics.registerFontFamily(
        SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic="KansliSerif-BoldItalic"
    )


ELLIPSIS = "…"


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points (ReportLab's measure, typed; the fonts are registered on first use)."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))


def fit_to_width(text: str, font: str, size: float, width: float) -> str:
    """Return ``text`` shortened with an ellipsis so that it is at most ``width`` points wide in ``font``.

    A field that runs into the next column makes both unreadable; cutting it visibly keeps the line honest.
    """
    if text_width(text, font, size) <= width:
        return text
    room = width - text_width(ELLIPSIS, font, size)
    if room <= 0:
        return ""
    low, high = 0, len(text)  # the longest prefix that fits lies in [low, high)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle], font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of ordinary documents."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    mono: ParagraphStyle


@cache
def styles() -> Styles:
    """Return the shared paragraph styles (fonts registered first)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=14, textColor=INK, alignment=TA_LEFT)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=SANS_BOLD, fontSize=18, leading=23, spaceAfter=6 * mm),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=SANS_BOLD, fontSize=12, leading=16, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        mono=ParagraphStyle("mono", parent=body, fontName=MONO, fontSize=14, leading=20),
    )


def gettext_for(language: str) -> Callable[[str], str]:
    """Return the translation function of one language, for a printout in that language."""
    return translator(language).gettext


_FOOTER_SIZE = 7.5


def footer_painter(text_left: str, language: str) -> Callable[[Any, Any], None]:
    """Return a page callback that prints ``text_left`` and the page number at the foot of every page."""
    _ = gettext_for(language)

    def paint(canvas: Any, document: Any) -> None:
        page = _("Page {number}").format(number=document.page)
        right = document.pagesize[0] - document.rightMargin
        # A long text (a district's full bilingual name, a recipient) wraps upwards instead of running into the
        # page number: its lines end a little before the number begins.
        room = right - document.leftMargin - pdfmetrics.stringWidth(page, SANS, _FOOTER_SIZE) - 4 * mm
        lines = simpleSplit(text_left, SANS, _FOOTER_SIZE, room) or [""]
        canvas.saveState()
        canvas.setFont(SANS, _FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        for index, line in enumerate(reversed(lines)):
            canvas.drawString(document.leftMargin, 10 * mm + index * _FOOTER_SIZE * 1.25, line)
        canvas.drawRightString(right, 10 * mm, page)
        canvas.restoreState()

    return paint


def watermark_painter(text: str) -> Callable[[Any, Any], None]:
    """Return a page callback writing ``text`` faintly across the page (who a list of people was printed for).

    A photocopy or a forgotten page still says whose it is; the text is light enough to read the page through.
    """

    def paint(canvas: Any, document: Any) -> None:
        width, height = document.pagesize
        canvas.saveState()
        canvas.setFont(SANS_BOLD, 20)
        canvas.setFillColor(colors.Color(0.55, 0.58, 0.62, alpha=0.16))
        canvas.translate(width / 2, height / 2)
        canvas.rotate(30 if width < height else 20)
        canvas.drawCentredString(0, 0, text)
        canvas.restoreState()

    return paint


def build_document(
    story: list[Any],
    *,
    title: str,
    language: str,
    footer: str,
    author: str = "Kansli",
    pagesize: Any = A4,
    watermark: str | None = None,
) -> bytes:
    """Lay out ``story`` on A4 pages with the shared margins and footer (and a watermark line); return the PDF."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=author,
        creator="Kansli",
        lang=language,
    )
    footer_paint = footer_painter(footer, language)
    mark = watermark_painter(watermark) if watermark else None

    def paint(canvas: Any, page_document: Any) -> None:
        if mark is not None:
            mark(canvas, page_document)
        footer_paint(canvas, page_document)

    document.build(story, onFirstPage=paint, onLaterPages=paint)
    return buffer.getvalue()


def printed_at(moment: datetime, language: str) -> str:
    """Format the moment of printing for a footer."""
    return format_moment(moment, language)


def ruled_table(
    headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], cell: ParagraphStyle
) -> LongTable:
    """A table of text cells: bold headings repeated on every page, a rule under each row, top-aligned cells.

    Widths are in points, as chosen for English; :func:`widths_for_headings` widens a column whose heading has a
    longer word in the language printed.
    """
    head = cell.clone(f"{cell.name}-head", fontName=SANS_BOLD)
    data = [[Paragraph(escape(text), head) for text in headings]]
    data.extend([Paragraph(escape(text), cell) for text in row] for row in rows)
    table = LongTable(data, colWidths=widths_for_headings(headings, widths, SANS_BOLD, head.fontSize), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, cell.fontSize),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def widths_for_headings(
    headings: Sequence[str], widths: Sequence[float], font: str, size: float, padding: float = 12
) -> list[float]:
    """Widen columns whose heading has a word longer than the column, taking the room from the others.

    A table's widths are chosen for English; a Finnish heading word ("Päättymisen", "Suostumus") may be wider,
    and ReportLab would then break it between letters. Each column gets at least its heading's longest word
    (plus ``padding``, the cell's left and right padding), and the columns with room to spare give it up in
    proportion to their spare room, so the table keeps its total width. All widths are in points.
    """
    needed = [
        max((pdfmetrics.stringWidth(word, font, size) for word in heading.split()), default=0) + padding
        for heading in headings
    ]
    fitted = [max(width, need) for width, need in zip(widths, needed, strict=True)]
    excess = sum(fitted) - sum(widths)
    spare = [max(0.0, width - need) for width, need in zip(widths, needed, strict=True)]
    total_spare = sum(spare)
    if excess <= 0 or total_spare <= 0:
        return fitted
    taken = min(1.0, excess / total_spare)
    return [width - room * taken for width, room in zip(fitted, spare, strict=True)]
