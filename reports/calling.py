"""Printed call sheets: a cover page with the script and the outcome codes, then one form per sheet of members.

Volunteers call from paper and the ombudsman types the results back in, so each row is a form to write on with a
pen: the member's facts on top, boxes for the outcome code and each question below, then a line for notes. A whole
campaign runs to thousands of pages, so the sheets are drawn straight on the canvas with geometry computed once per
printout; what is the same on every page (rules, boxes, captions) is drawn once as a PDF form and reused, and only
the members' own text is drawn per row. The cover is one or two pages of flowing text laid out with platypus.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from db.calling.printout import CallSheetPrintout, PrintedRow, PrintedSheet
from db.core.i18n import format_day
from reports.call_sheet_cover import draw_cover
from reports.call_sheet_layout import (
    BODY_LEFT,
    BODY_WIDTH,
    BOX_CAPTION_RISE,
    BOX_HEIGHT,
    CAPTION_BASELINE,
    CAPTION_SIZE,
    CONTENT_WIDTH,
    FACT_BASELINE,
    FACT_COLUMNS,
    FACT_SIZE,
    FAINT,
    FOOTER_TOP,
    GUTTER,
    GUTTER_SHADE,
    HEADER_BOTTOM,
    HEADER_TOP,
    HINT_SIZE,
    LEFT,
    NAME_BASELINE,
    NAME_SIZE,
    NAME_WIDTH,
    NOTE_BASELINE,
    NOTE_SIZE,
    PHONE_LEFT,
    PHONE_SIZE,
    PHONE_WIDTH,
    RIGHT,
    ROW_NUMBER_SIZE,
    SECOND_PHONE_BASELINE,
    SECOND_PHONE_SIZE,
    SheetLayout,
    SheetWords,
    draw_footer,
    fit_size,
    mm,
    page_row_counts,
    sheet_layout,
    sheet_words,
)
from reports.common import (
    ACCENT,
    INK,
    MONO,
    MUTED,
    RULE,
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    fit_to_width,
    gettext_for,
    styles,
    text_width,
)


@lru_cache(maxsize=8192)
def _day(value: date, language: str) -> str:
    # Babel formats a date in tens of microseconds; ten thousand members share far fewer dates than that.
    return format_day(value, language)


def _define_page_form(canvas: Canvas, name: str, layout: SheetLayout, words: SheetWords, rows: int) -> None:
    """Draw once what every sheet page with ``rows`` rows shares: rules, shaded gutter, captions, boxes, lines."""
    canvas.beginForm(name)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.line(LEFT, HEADER_BOTTOM + 1.5 * mm, RIGHT, HEADER_BOTTOM + 1.5 * mm)
    for slot in range(rows):
        _draw_row_furniture(canvas, layout, words, layout.row_top(slot))
    canvas.endForm()


def _draw_row_furniture(canvas: Canvas, layout: SheetLayout, words: SheetWords, top: float) -> None:
    bottom = top - layout.row_height
    canvas.setFillColor(GUTTER_SHADE)
    canvas.rect(LEFT, bottom + 1.5 * mm, GUTTER - 2 * mm, layout.row_height - 3 * mm, stroke=0, fill=1)
    canvas.setFillColor(MUTED)
    canvas.setFont(SANS, CAPTION_SIZE)
    x = BODY_LEFT
    for field, width in FACT_COLUMNS:
        canvas.drawString(
            x, top - CAPTION_BASELINE, fit_to_width(words.captions[field], SANS, CAPTION_SIZE, width * mm - 2)
        )
        x += width * mm
    for box in layout.boxes:
        box_top = top - box.top
        canvas.setFillColor(MUTED)
        canvas.setFont(SANS, CAPTION_SIZE)
        canvas.drawString(
            box.x + 1, box_top + BOX_CAPTION_RISE, fit_to_width(box.caption, SANS, CAPTION_SIZE, box.width)
        )
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.4 if box is layout.boxes[0] else 0.8)  # the outcome box matters most
        canvas.rect(box.x, box_top - BOX_HEIGHT, box.width, BOX_HEIGHT, stroke=1, fill=0)
        canvas.setFillColor(FAINT)
        if box.letters:
            canvas.setFont(SANS, HINT_SIZE)
            baseline = box_top - BOX_HEIGHT / 2 - HINT_SIZE * 0.35
            canvas.drawCentredString(box.x + box.width * 0.28, baseline, box.letters[0])
            canvas.drawCentredString(box.x + box.width * 0.72, baseline, box.letters[1])
        elif box.hint:
            canvas.setFont(SANS, CAPTION_SIZE)
            canvas.drawRightString(box.x + box.width - 1.5, box_top - BOX_HEIGHT + 1.8, box.hint)
    canvas.setFillColor(MUTED)
    canvas.setFont(SANS, CAPTION_SIZE)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    for index, line in enumerate(layout.notes_lines):
        if index == 0:
            canvas.drawString(BODY_LEFT, top - line + 1.5, words.notes)
        canvas.line(BODY_LEFT + (16 * mm if index == 0 else 0), top - line, RIGHT, top - line)
    if bottom > FOOTER_TOP + 1:  # the last row of a full page ends on the footer's own rule
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, bottom, RIGHT, bottom)


def _draw_header(canvas: Canvas, printout: CallSheetPrintout, sheet: PrintedSheet, words: SheetWords) -> None:
    number = str(sheet.number)
    canvas.setFillColor(INK)
    canvas.setFont(SANS_BOLD, 24)
    number_width = text_width(number, SANS_BOLD, 24)
    canvas.drawRightString(RIGHT, HEADER_TOP - 9 * mm, number)
    canvas.setFont(SANS, 8)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(RIGHT - number_width - 2 * mm, HEADER_TOP - 9 * mm, words.sheet)
    room = CONTENT_WIDTH - number_width - 40 * mm
    canvas.drawString(LEFT, HEADER_TOP - 3 * mm, fit_to_width(printout.district, SANS, 8, room))
    canvas.setFillColor(INK)
    canvas.setFont(SANS_BOLD, 13)
    canvas.drawString(LEFT, HEADER_TOP - 9 * mm, fit_to_width(printout.campaign, SANS_BOLD, 13, room))
    caller = f"{words.caller}: {sheet.caller}"
    if sheet.caller_phone:
        caller += f" · {sheet.caller_phone}"
    canvas.setFont(SANS, 10)
    canvas.drawString(LEFT, HEADER_TOP - 16 * mm, fit_to_width(caller, SANS, 10, CONTENT_WIDTH))


def _draw_row(canvas: Canvas, row: PrintedRow, top: float, words: SheetWords, language: str) -> None:
    """Draw one member's own text; the boxes and captions around it come from the page form."""
    text = canvas.beginText()
    text.setFillColor(INK)
    number = str(row.row)
    size = fit_size(number, SANS_BOLD, ROW_NUMBER_SIZE, GUTTER - 3 * mm, 7)
    text.setFont(SANS_BOLD, size)
    text.setTextOrigin(LEFT + (GUTTER - 2 * mm - text_width(number, SANS_BOLD, size)) / 2, top - NAME_BASELINE - 1 * mm)
    text.textOut(number)
    text.setFont(SANS_BOLD, NAME_SIZE)
    text.setTextOrigin(BODY_LEFT, top - NAME_BASELINE)
    text.textOut(fit_to_width(row.name, SANS_BOLD, NAME_SIZE, NAME_WIDTH))
    text.setFont(SANS, FACT_SIZE)
    x = BODY_LEFT
    contact = _day(row.last_contact, language) if row.last_contact else ""
    values = {
        "branch": row.branch,
        "age": row.age_band,
        "since": _day(row.member_since, language) if row.member_since else "",
        "contact": contact,
        "language": words.languages.get(row.language, row.language),
    }
    for field, width in FACT_COLUMNS:
        value = values[field]
        if value:
            text.setTextOrigin(x, top - FACT_BASELINE)
            text.textOut(fit_to_width(value, SANS, FACT_SIZE, width * mm - 2.5))
        if field == "contact" and row.last_outcome_code:
            # The code follows the date in bold: it tells the caller what happened last time at a glance.
            code_x = x + (text_width(contact, SANS, FACT_SIZE) + 3 if contact else 0)
            text.setFont(SANS_BOLD, FACT_SIZE)
            text.setTextOrigin(code_x, top - FACT_BASELINE)
            text.textOut(fit_to_width(row.last_outcome_code, SANS_BOLD, FACT_SIZE, x + width * mm - 2.5 - code_x))
            text.setFont(SANS, FACT_SIZE)
        x += width * mm
    note_end = BODY_LEFT
    if row.note:
        text.setFillColor(ACCENT)
        text.setFont(SANS_ITALIC, NOTE_SIZE)
        text.setTextOrigin(BODY_LEFT, top - NOTE_BASELINE)
        shown = fit_to_width("▸ " + row.note, SANS_ITALIC, NOTE_SIZE, BODY_WIDTH)
        text.textOut(shown)
        note_end += text_width(shown, SANS_ITALIC, NOTE_SIZE) + 4 * mm
    text.setFillColor(INK)
    if row.email and note_end < BODY_LEFT + BODY_WIDTH - 20 * mm:
        # The address on file, for a campaign that asks the member to confirm it.
        text.setFont(MONO, NOTE_SIZE)
        text.setTextOrigin(note_end, top - NOTE_BASELINE)
        text.textOut(fit_to_width("@ " + row.email, MONO, NOTE_SIZE, BODY_LEFT + BODY_WIDTH - note_end))
    _phones(text, row.phones, top)
    canvas.drawText(text)


def _phones(text: Any, phones: Sequence[str], top: float) -> None:
    if not phones:
        return
    size = fit_size(phones[0], "KansliMono-Bold", PHONE_SIZE, PHONE_WIDTH, 8)
    text.setFont("KansliMono-Bold", size)
    text.setTextOrigin(PHONE_LEFT, top - NAME_BASELINE)
    text.textOut(fit_to_width(phones[0], "KansliMono-Bold", size, PHONE_WIDTH))
    if len(phones) > 1:
        rest = " · ".join(phones[1:])
        size = fit_size(rest, MONO, SECOND_PHONE_SIZE, PHONE_WIDTH, 7)
        text.setFont(MONO, size)
        text.setTextOrigin(PHONE_LEFT, top - SECOND_PHONE_BASELINE)
        text.textOut(fit_to_width(rest, MONO, size, PHONE_WIDTH))


def _draw_sheet(
    canvas: Canvas, printout: CallSheetPrintout, sheet: PrintedSheet, layout: SheetLayout, words: SheetWords
) -> None:
    counts = page_row_counts(len(sheet.rows), layout.rows_per_page)
    first = 0
    for page, count in enumerate(counts, 1):
        canvas.doForm(f"rows{count}")
        _draw_header(canvas, printout, sheet, words)
        for slot, row in enumerate(sheet.rows[first : first + count]):
            _draw_row(canvas, row, layout.row_top(slot), words, printout.language)
        if not sheet.rows:
            canvas.setFont(SANS_ITALIC, 10)
            canvas.setFillColor(MUTED)
            canvas.drawString(BODY_LEFT, HEADER_BOTTOM - 10 * mm, words.empty)
        footer = words.footer.format(sheet=sheet.number, total=printout.total_sheets, page=page, pages=len(counts))
        draw_footer(canvas, words, footer)
        canvas.showPage()
        first += count


def build_call_sheets(printout: CallSheetPrintout, *, compress: bool = True) -> bytes:
    """Return the cover and the call sheets of ``printout`` as PDF bytes (A4 portrait), in its language.

    Args:
        printout: What to print, already in the words of the printout's language.
        compress: Compress the page contents (less than half the size, for about a third more time).
    """
    styles()  # registers the fonts
    _ = gettext_for(printout.language)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1 if compress else 0, lang=printout.language)
    canvas.setTitle(_("Call sheets: {campaign}").format(campaign=printout.campaign))
    canvas.setAuthor("Kansli")
    canvas.setCreator("Kansli")
    canvas.setSubject(printout.district)
    words = sheet_words(printout)
    layout = sheet_layout(printout.questions, printout.language)
    draw_cover(canvas, printout, words)
    used = {count for sheet in printout.sheets for count in page_row_counts(len(sheet.rows), layout.rows_per_page)}
    for count in sorted(used):
        _define_page_form(canvas, f"rows{count}", layout, words, count)
    for sheet in printout.sheets:
        _draw_sheet(canvas, printout, sheet, layout, words)
    canvas.save()
    return buffer.getvalue()
