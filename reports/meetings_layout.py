"""Page furniture of the meeting papers: page numbers ``n (m)``, the running footer and the draft watermark.

Nordic minutes number their pages ``2 (5)``: page two of five, so a missing sheet is noticed. The total is known
only when the document is laid out, so the page number is drawn by a canvas that keeps each page until the end.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _reportlab_mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from reports.common import MUTED, SANS, SANS_BOLD, register_fonts

mm: float = _reportlab_mm
WATERMARK = colors.Color(0.70, 0.15, 0.12, alpha=0.13)


def numbered_canvas(footer_left: str) -> type[Canvas]:
    """A canvas class that prints ``footer_left`` and ``page (pages)`` at the foot of every page."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setFont(SANS, 7.5)
            self.setFillColor(MUTED)
            self.drawString(20 * mm, 10 * mm, footer_left)
            self.setFont(SANS_BOLD, 8)
            self.drawRightString(width - 20 * mm, 10 * mm, f"{self._pageNumber} ({total})")
            self.restoreState()

    return NumberedCanvas


def watermark_painter(text: str) -> Callable[[Any, Any], None]:
    """A page callback that writes ``text`` large and faint across the page, behind the text (drafts)."""

    def paint(canvas: Any, document: Any) -> None:
        width, height = document.pagesize
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.setFont(SANS_BOLD, 96 if len(text) <= 8 else 72)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -30, text)
        canvas.restoreState()

    return paint


def build_numbered(
    story: list[Any],
    *,
    title: str,
    subject: str,
    language: str,
    footer: str,
    watermark: str = "",
    pagesize: Any = A4,
) -> bytes:
    """Lay out ``story`` with the shared margins, page numbers ``n (m)`` and an optional watermark; return the PDF."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=title,
        subject=subject,
        author="Kansli",
        creator="Kansli",
        lang=language,
    )
    if watermark:
        paint = watermark_painter(watermark)
        document.build(story, onFirstPage=paint, onLaterPages=paint, canvasmaker=numbered_canvas(footer))
    else:
        document.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
