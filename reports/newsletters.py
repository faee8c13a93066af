"""Address labels on A4 label sheets, and a test sheet that outlines the labels to check the printer against.

Ten thousand labels are four hundred pages, so the labels are drawn straight on the canvas: each label's lines are
one text object, sized once. A line too wide for its label is made smaller (down to a size still easy to read)
rather than cut, since a shortened address may not arrive; a name that does not fit is broken into two lines at a
conjunction or comma ("Anna Virtanen ja" / "Matti Korhonen"), and only what still does not fit is shortened.

Edge-to-edge sheets (3 × 8 of 70 × 37 mm) put the outer labels at the paper's edge, where most printers cannot
print: the text keeps 6 mm from a label's left edge and is centred top to bottom, which keeps it clear of the
unprintable rim on every common printer.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _reportlab_mm
from reportlab.pdfgen.canvas import Canvas

from db.newsletters.households import AddressLabel
from db.newsletters.labels import A4_HEIGHT_MM, LabelLayout
from reports.common import INK, MUTED, SANS, SANS_BOLD, fit_to_width, gettext_for, register_fonts, text_width

mm: float = _reportlab_mm

PAD_LEFT = 6 * mm
PAD_RIGHT = 3 * mm
PAD_VERTICAL = 3.5 * mm
SIZE = 10.0
SMALLEST = 7.5  # an address line is made no smaller than this; what still does not fit is shortened
LEADING = 1.2
OUTLINE = colors.HexColor("#8c959f")
_BREAK_AFTER = ("ja", "och", "and", "sekä", "samt")
MAX_NAME_LINES = 3


@dataclass(frozen=True)
class PlacedLine:
    text: str
    size: float


def _fit(text: str, width: float) -> PlacedLine:
    """A line at the normal size, or smaller down to :data:`SMALLEST`, shortened only below that."""
    natural = text_width(text, SANS, SIZE)
    if natural <= width:
        return PlacedLine(text, SIZE)
    # Rounded down to a hundredth of a point: the exact quotient can come out a hair too wide in floating point,
    # and the line would then lose its last word to the ellipsis although it fits.
    size = max(SMALLEST, math.floor(SIZE * width / natural * 100) / 100)
    return PlacedLine(fit_to_width(text, SANS, size, width), size)


def _wrap_words(text: str, width: float) -> list[str]:
    """Break text at spaces into lines that fit ``width`` at the smallest size (a single word may not)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", SANS, SMALLEST) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def split_name(name: str, width: float) -> list[str]:
    """A label's name in as few lines as fit (at most :data:`MAX_NAME_LINES`), broken where it reads best.

    The name is cut into pieces after each comma and conjunction ("Anna Virtanen ja" / "Matti Korhonen"), and the
    pieces are joined again as long as a line fits at the normal size; a piece too wide even at the smallest
    size is broken between words. Lines still too wide are made smaller when drawn.
    """
    if text_width(name, SANS, SIZE) <= width:
        return [name]
    pieces: list[str] = []
    for word in name.split(" "):
        if pieces and not (pieces[-1].endswith(",") or pieces[-1].rsplit(" ", 1)[-1] in _BREAK_AFTER):
            pieces[-1] = f"{pieces[-1]} {word}"
        else:
            pieces.append(word)
    lines: list[str] = []
    for piece in pieces:
        if lines and text_width(f"{lines[-1]} {piece}", SANS, SIZE) <= width:
            lines[-1] = f"{lines[-1]} {piece}"
        elif text_width(piece, SANS, SMALLEST) <= width:
            lines.append(piece)
        else:
            lines.extend(_wrap_words(piece, width))
    if len(lines) > MAX_NAME_LINES:
        lines[MAX_NAME_LINES - 1 :] = [" ".join(lines[MAX_NAME_LINES - 1 :])]
    return lines


def label_lines(label: AddressLabel, width: float) -> list[PlacedLine]:
    """The lines of a label as drawn: the name (in one or two lines), the c/o line, the address."""
    name_lines = split_name(label.name, width)
    rest = label.lines[1:] if label.lines and label.lines[0] == label.name else label.lines
    return [_fit(line, width) for line in (*name_lines, *rest)]


def _origin(layout: LabelLayout, index: int) -> tuple[float, float, float, float]:
    """A label's left, bottom, width and height in points on the page."""
    left, top = layout.position(index)
    return left * mm, (A4_HEIGHT_MM - top - layout.height) * mm, layout.width * mm, layout.height * mm


def _draw_lines(canvas: Canvas, lines: Sequence[PlacedLine], left: float, bottom: float, height: float) -> None:
    room = height - 2 * PAD_VERTICAL
    block = sum(line.size for line in lines) * LEADING
    if block > room:
        # More lines than a label holds (a long name, two c/o lines and a country): all made smaller rather
        # than running into the next label.
        lines = [PlacedLine(line.text, line.size * room / block) for line in lines]
    heights = [line.size * LEADING for line in lines]
    block = sum(heights)
    top = bottom + height - PAD_VERTICAL - max(0.0, (room - block) / 2)
    text = canvas.beginText()
    text.setFillColor(INK)
    y = top
    for line, line_height in zip(lines, heights, strict=True):
        y -= line_height
        text.setFont(SANS, line.size)
        # The baseline sits a fifth of the line's height above its bottom: room for descenders (g, j, p, y).
        text.setTextOrigin(left + PAD_LEFT, y + line_height * 0.22)
        text.textOut(line.text)
    canvas.drawText(text)


def _define_outlines(canvas: Canvas, layout: LabelLayout) -> None:
    canvas.beginForm("outlines")
    canvas.setStrokeColor(OUTLINE)
    canvas.setLineWidth(0.4)
    for index in range(layout.per_sheet):
        left, bottom, width, height = _origin(layout, index)
        canvas.roundRect(left, bottom, width, height, 1.5 * mm, stroke=1, fill=0)
    canvas.endForm()


def _canvas(title: str, language: str, buffer: io.BytesIO) -> Canvas:
    register_fonts()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, lang=language)
    canvas.setTitle(title)
    canvas.setAuthor("Kansli")
    canvas.setCreator("Kansli")
    return canvas


def build_labels(
    labels: Sequence[AddressLabel],
    layout: LabelLayout,
    *,
    title: str,
    language: str,
    outline: bool = False,
    skip: int = 0,
) -> bytes:
    """Return the labels on as many sheets as they need, filled row by row, as PDF bytes.

    Args:
        labels: the labels in print order (sorted by postal code).
        layout: the sheet, with the printer's offset applied.
        title: the document's title (shown by PDF readers, never printed).
        language: the document's language.
        outline: draw each label's outline (to check a print against a sheet).
        skip: leave this many labels of the first sheet empty (a sheet already partly used).
    """
    buffer = io.BytesIO()
    canvas = _canvas(title, language, buffer)
    if outline:
        _define_outlines(canvas, layout)
    width = layout.width * mm - PAD_LEFT - PAD_RIGHT
    per_sheet = layout.per_sheet
    skip = max(0, min(skip, per_sheet - 1))
    slot = skip
    if outline and (labels or skip):
        canvas.doForm("outlines")
    for label in labels:
        if slot == per_sheet:
            canvas.showPage()
            if outline:
                canvas.doForm("outlines")
            slot = 0
        left, bottom, _width, height = _origin(layout, slot)
        _draw_lines(canvas, label_lines(label, width), left, bottom, height)
        slot += 1
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def build_label_test_sheet(layout: LabelLayout, language: str) -> bytes:
    """One sheet with every label outlined, numbered and filled with a sample address.

    Printed on plain paper and held against a sheet of labels up to the light, it shows whether the printer
    places the text inside the labels, and by how much to move it (the offset in the label settings).
    """
    _ = gettext_for(language)
    buffer = io.BytesIO()
    canvas = _canvas(_("Label test sheet: {layout}").format(layout=layout.title), language, buffer)
    _define_outlines(canvas, layout)
    canvas.doForm("outlines")
    width = layout.width * mm - PAD_LEFT - PAD_RIGHT
    sample = [
        _("Firstname Lastname"),
        "c/o " + _("Firstname Lastname"),
        _("Street 1 A 2"),
        "00100 " + _("TOWN"),
    ]
    for index in range(layout.per_sheet):
        left, bottom, label_width, height = _origin(layout, index)
        _draw_lines(canvas, [_fit(line, width) for line in sample], left, bottom, height)
        canvas.setFillColor(MUTED)
        canvas.setFont(SANS_BOLD, 7)
        canvas.drawRightString(left + label_width - 2.5 * mm, bottom + height - 4.5 * mm, str(index + 1))
        canvas.setFont(SANS, 5.5)
        canvas.drawRightString(left + label_width - 2.5 * mm, bottom + 2.2 * mm, layout.title)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
