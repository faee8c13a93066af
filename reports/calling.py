"""Printed call sheets: a cover page with the script and the outcome codes, then one form per sheet of members.

Volunteers call from paper and the ombudsman types the results back in, so each row is a form to write on with a
pen: the member's facts on top, boxes for the outcome code and each question below, then a line for notes. A whole
campaign runs to thousands of pages, so the sheets are drawn straight on the canvas with geometry computed once per
printout; what is the same on every page (rules, boxes, captions) is drawn once as a PDF form and reused, and only
the members' own text is drawn per row. The cover is one or two pages of flowing text laid out with platypus.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm as _reportlab_mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from db.calling.outcomes import OUTCOMES, yes_no_letters
from db.calling.printout import CallSheetPrintout, PrintedQuestion, PrintedRow, PrintedSheet
from db.core.i18n import format_day, format_moment
from db.members.models import MEMBER_LANGUAGE_LABELS
from reports.common import ACCENT, INK, MONO, MUTED, RULE, SANS, SANS_BOLD, SANS_ITALIC, gettext_for, styles

mm: float = _reportlab_mm  # ReportLab is untyped: give its constant and its measure a type once, here


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points (ReportLab's measure, typed)."""
    return float(pdfmetrics.stringWidth(text, font, size))


ELLIPSIS = "…"
PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
MARGIN_X = 15 * mm
LEFT = MARGIN_X
RIGHT = PAGE_WIDTH - MARGIN_X
CONTENT_WIDTH = RIGHT - LEFT
HEADER_TOP = PAGE_HEIGHT - 12 * mm
HEADER_BOTTOM = HEADER_TOP - 21 * mm  # where the first row begins
FOOTER_TOP = 17 * mm  # where the last row must end
GUTTER = 11 * mm  # the row-number column
BODY_LEFT = LEFT + GUTTER
BODY_WIDTH = RIGHT - BODY_LEFT
PHONE_WIDTH = 44 * mm
PHONE_LEFT = RIGHT - PHONE_WIDTH
NAME_WIDTH = PHONE_LEFT - 3 * mm - BODY_LEFT  # a name is cut to this width rather than run into the phone

NAME_SIZE = 13.0
ROW_NUMBER_SIZE = 15.0
PHONE_SIZE = 12.0
SECOND_PHONE_SIZE = 10.0
FACT_SIZE = 8.5
CAPTION_SIZE = 6.5
NOTE_SIZE = 8.5
HINT_SIZE = 11.0

BOX_HEIGHT = 10 * mm
BOX_GAP = 2.5 * mm
BOX_CAPTION_RISE = 2.2  # the caption's baseline above its box
FAINT = colors.HexColor("#9aa1a8")  # the letters to circle: visible, yet a pen mark stands out against them
GUTTER_SHADE = colors.HexColor("#f3f4f6")

# The facts under the name: (field, width in mm). The widths were set for Finnish and Swedish dates and captions.
_FACT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("branch", 36),
    ("age", 11),
    ("since", 20),
    ("contact", 30),
    ("language", 22),
)

# The vertical rhythm of a row: baselines and edges measured down from the row's top edge.
NAME_BASELINE = 5.5 * mm
SECOND_PHONE_BASELINE = 10.5 * mm
CAPTION_BASELINE = 9.0 * mm
FACT_BASELINE = 12.6 * mm
NOTE_BASELINE = 16.8 * mm
FIRST_STRIP_TOP = 22.0 * mm
NOTES_LINE_GAP = 7 * mm


def fit_to_width(text: str, font: str, size: float, width: float) -> str:
    """Return ``text`` shortened with an ellipsis so that it is at most ``width`` points wide in ``font``.

    A field that runs into the next column makes both unreadable; cutting it visibly keeps the row honest.
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


def fit_size(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """Return the largest font size up to ``size`` (not below ``smallest``) at which ``text`` fits ``width``.

    Phone numbers shrink rather than lose digits: a shortened number cannot be called.
    """
    natural = text_width(text, font, size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural)


def page_row_counts(rows: int, rows_per_page: int) -> list[int]:
    """How many rows go on each page of a sheet: as few pages as fit, filled evenly (20 rows by 6: 5, 5, 5, 5).

    Even pages look deliberate and leave no lone row on a last page that is easily lost.
    """
    if rows <= 0:
        return [0]
    pages = -(-rows // rows_per_page)
    base, extra = divmod(rows, pages)
    return [base + 1 if page < extra else base for page in range(pages)]


@lru_cache(maxsize=8192)
def _day(value: date, language: str) -> str:
    # Babel formats a date in tens of microseconds; ten thousand members share far fewer dates than that.
    return format_day(value, language)


@dataclass(frozen=True)
class AnswerBox:
    """One box to write in, relative to the top left of its row."""

    caption: str
    x: float
    top: float  # below the row's top edge
    width: float
    letters: tuple[str, str] | None = None  # yes/no letters to circle
    hint: str = ""  # a faint hint in the corner (option numbers, ✓ / @)


@dataclass(frozen=True)
class SheetLayout:
    """The geometry of the rows on a sheet page, fixed for a whole printout (it depends on the questions only)."""

    boxes: tuple[AnswerBox, ...]
    row_height: float
    rows_per_page: int
    notes_lines: tuple[float, ...]  # below the row's top edge

    def row_top(self, slot: int) -> float:
        """The top edge of the row in ``slot`` (0 is the first on the page)."""
        return HEADER_BOTTOM - slot * self.row_height


def _box_width(question: PrintedQuestion) -> float:
    if question.kind in ("free_text", "check_email"):
        return 40 * mm  # room for a short answer or a new e-mail address
    if question.kind in ("several_of", "interests"):
        return 22 * mm
    return 18 * mm


def _box_hint(question: PrintedQuestion) -> str:
    if question.kind == "check_email":
        return "✓ / @"
    if question.kind in ("one_of", "several_of", "interests") and question.options:
        return f"1–{len(question.options)}"
    return ""


def sheet_layout(questions: Sequence[PrintedQuestion], language: str) -> SheetLayout:
    """Place the boxes of a row (outcome, one per question, call-back date), wrapping to a second strip if needed."""
    _ = gettext_for(language)
    letters = yes_no_letters(language)
    wanted: list[tuple[str, float, tuple[str, str] | None, str]] = [(_("Outcome code"), 24 * mm, None, "")]
    for question in questions:
        circled = letters if question.kind in ("yes_no", "godparent") else None
        wanted.append((f"Q{question.number}", _box_width(question), circled, _box_hint(question)))
    wanted.append((_("Call-back date"), 26 * mm, None, ""))
    # A strip a little too long is narrowed rather than wrapped: a second strip costs a row per page.
    gaps = BOX_GAP * (len(wanted) - 1)
    natural = sum(width for _caption, width, _circled, _hint in wanted)
    scale = (BODY_WIDTH - gaps) / natural
    if 0.75 <= scale < 1:
        wanted = [(caption, width * scale, circled, hint) for caption, width, circled, hint in wanted]
    boxes: list[AnswerBox] = []
    x, top = BODY_LEFT, FIRST_STRIP_TOP
    for caption, width, circled, hint in wanted:
        if x + width > RIGHT + 0.01:
            x, top = BODY_LEFT, top + BOX_HEIGHT + 5 * mm
        boxes.append(AnswerBox(caption, x, top, width, circled, hint))
        x += width + BOX_GAP
    boxes_bottom = top + BOX_HEIGHT
    minimum = boxes_bottom + 2 * NOTES_LINE_GAP + 2.5 * mm  # two notes lines: a pen needs the room
    usable = HEADER_BOTTOM - FOOTER_TOP
    rows_per_page = max(1, int(usable // minimum))
    row_height = usable / rows_per_page
    # Spare height becomes more lines for notes rather than empty paper.
    notes = [boxes_bottom + NOTES_LINE_GAP]
    while notes[-1] + NOTES_LINE_GAP < row_height - 3 * mm and len(notes) < 3:
        notes.append(notes[-1] + NOTES_LINE_GAP)
    return SheetLayout(tuple(boxes), row_height, rows_per_page, tuple(notes))


@dataclass(frozen=True)
class _Words:
    """Everything a sheet page says that is not a member's data, translated once per printout."""

    captions: Mapping[str, str]
    languages: Mapping[str, str]
    notes: str
    sheet: str  # "Call sheet"
    caller: str
    footer: str  # with {sheet} {total} {page} {pages}
    privacy: str
    printed: str
    empty: str


def _words(printout: CallSheetPrintout) -> _Words:
    _ = gettext_for(printout.language)
    return _Words(
        captions={
            "branch": _("Branch"),
            "age": _("Age"),
            "since": _("Member since"),
            "contact": _("Last contact"),
            "language": _("Language"),
        },
        languages={str(code): _(label) for code, label in MEMBER_LANGUAGE_LABELS.items()},
        notes=_("Notes"),
        sheet=_("Call sheet"),
        caller=_("Caller"),
        footer=_("Sheet {sheet} / {total} · page {page} / {pages}"),
        privacy=privacy_line(printout),
        printed=_("Printed {when}").format(when=format_moment(printout.printed_at, printout.language)),
        empty=_("No members on this sheet."),
    )


def privacy_line(printout: CallSheetPrintout) -> str:
    """The line on every page saying the sheets are to be returned or destroyed, with the date when known."""
    _ = gettext_for(printout.language)
    if printout.return_by is None:
        return _("Return or destroy these sheets after the campaign.")
    return _("Return or destroy these sheets after the campaign (by {date}).").format(
        date=format_day(printout.return_by, printout.language)
    )


# ---------------------------------------------------------------------------------------------------------------
# The cover


def _answer_hint(question: PrintedQuestion, language: str) -> str:
    """How to answer a question of this kind on paper, in the printout's language."""
    _ = gettext_for(language)
    yes, no = yes_no_letters(language)
    if question.kind == "yes_no":
        return _("Circle {yes} for yes or {no} for no.").format(yes=yes, no=no)
    if question.kind == "godparent":
        return _(
            "Circle {yes} if the member wants a godparent, {no} if not; or write the godparent's member number."
        ).format(yes=yes, no=no)
    if question.kind == "one_of":
        return _("Write the number of one option.")
    if question.kind == "several_of":
        return _("Write the numbers of every option that applies.")
    if question.kind == "interests":
        return _("Write the numbers of the interests the member mentions.")
    if question.kind == "check_email":
        return _("Write ✓ if the e-mail address is right, otherwise write the new address.")
    return _("Write a short answer in the box, or on the notes lines.")


def _sheet_numbers(sheets: Sequence[PrintedSheet]) -> str:
    """The sheet numbers as ranges: 3–7, 9."""
    runs: list[list[int]] = []
    for number in sorted({sheet.number for sheet in sheets}):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs) or "–"


def _cover_blocks(printout: CallSheetPrintout) -> list[list[Flowable]]:
    """The cover as blocks of flowables; a block is kept on one page when it fits on one."""
    _ = gettext_for(printout.language)
    style = styles()
    body = style.body.clone("cover-body", spaceAfter=4)
    hint = style.body.clone("hint", fontName=SANS_ITALIC, fontSize=8.5, leading=11, textColor=MUTED, leftIndent=26)
    options = style.body.clone("options", leftIndent=26, fontSize=9.5, leading=13)
    question_style = style.body.clone("question", leftIndent=26, firstLineIndent=-26, spaceBefore=6)
    heading = style.heading
    when = format_moment(printout.printed_at, printout.language)
    numbers = _("Call sheets {numbers} of {total}").format(
        numbers=_sheet_numbers(printout.sheets), total=printout.total_sheets
    )
    blocks: list[list[Flowable]] = [
        [
            Paragraph(escape(printout.district), style.small),
            Paragraph(escape(printout.campaign), style.title.clone("cover-title", spaceAfter=2 * mm)),
            Paragraph(escape(numbers), style.body),
            Paragraph(escape(_("Printed {when}").format(when=when)), style.small),
        ]
    ]
    blocks.append([Paragraph(escape(_("What to say")), heading), *_paragraphs(printout.intro, body)])
    for index, question in enumerate(printout.questions):
        block: list[Flowable] = [Paragraph(escape(_("Questions")), heading)] if index == 0 else []
        block.append(Paragraph(f"<b>Q{question.number}</b>\u2002{escape(question.text)}", question_style))
        if question.options:
            numbered = ", ".join(f"{number} = {escape(text)}" for number, text in enumerate(question.options, 1))
            block.append(Paragraph(numbered, options))
        block.append(Paragraph(escape(_answer_hint(question, printout.language)), hint))
        blocks.append(block)
    if printout.closing.strip():
        blocks.append([Paragraph(escape(_("To close the call")), heading), *_paragraphs(printout.closing, body)])
    blocks.append([Paragraph(escape(_("Outcome codes")), heading), _legend(printout.language)])
    how = _(
        "Write the outcome code of every call in the first box, the answers in the boxes Q1, Q2 … as shown above, "
        "the date in the call-back box when the member asks to be called later, and anything the office should know "
        "on the notes lines."
    )
    blocks.append([Paragraph(escape(_("How to fill in a row")), heading), Paragraph(escape(how), body)])
    closing: list[Flowable] = []
    if printout.contact.strip():
        contact = _("Questions about the campaign: {contact}").format(contact=printout.contact)
        closing.append(Paragraph(escape(contact), body))
    closing.append(Spacer(1, 2 * mm))
    closing.append(Paragraph(escape(privacy_line(printout)), style.body.clone("privacy", fontName=SANS_BOLD)))
    blocks.append(closing)
    return blocks


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """One paragraph per blank-line-separated part of a script text; single line breaks are kept."""
    parts = [part.strip() for part in text.split("\n\n") if part.strip()]
    return [Paragraph(escape(part).replace("\n", "<br/>"), style) for part in parts]


def _legend(language: str) -> Table:
    """The outcome codes in two columns of code and label, read down the first column then the second."""
    _ = gettext_for(language)
    style = styles()
    code_style = style.body.clone("code", fontName="KansliMono-Bold", fontSize=10)
    entries = [
        (Paragraph(escape(info.code), code_style), Paragraph(escape(_(info.label)), style.body)) for info in OUTCOMES
    ]
    half = (len(entries) + 1) // 2
    blank = (Paragraph("", style.body), Paragraph("", style.body))
    rows = [
        [*entries[index], *(entries[index + half] if index + half < len(entries) else blank)] for index in range(half)
    ]
    table = Table(rows, colWidths=[16 * mm, 72 * mm, 16 * mm, 72 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


class _CoverFlow:
    """Places the cover's blocks down the page, starting a new page when a block does not fit.

    The cover is at most a page or two; a tiny flow of our own is simpler than joining a platypus document to the
    canvas the sheets are drawn on.
    """

    def __init__(self, canvas: Canvas, words: _Words) -> None:
        self.canvas = canvas
        self.words = words
        self.y = HEADER_TOP

    def room(self) -> float:
        return self.y - FOOTER_TOP

    def new_page(self) -> None:
        _draw_footer(self.canvas, self.words, self.words.privacy)
        self.canvas.showPage()
        self.y = HEADER_TOP

    def add_block(self, block: Sequence[Flowable]) -> None:
        height = sum(item.wrapOn(self.canvas, CONTENT_WIDTH, self.room())[1] + item.getSpaceBefore() for item in block)
        if height > self.room() and self.y < HEADER_TOP:
            self.new_page()
        for item in block:
            self.add(item)

    def add(self, item: Flowable) -> None:
        space = item.getSpaceBefore() if self.y < HEADER_TOP else 0
        height = item.wrapOn(self.canvas, CONTENT_WIDTH, self.room())[1]
        if space + height <= self.room():
            item.drawOn(self.canvas, LEFT, self.y - space - height)
            self.y -= space + height + item.getSpaceAfter()
            return
        parts = item.splitOn(self.canvas, CONTENT_WIDTH, self.room() - space)
        if len(parts) >= 2:
            for part in parts:
                self.add(part)
        elif self.y < HEADER_TOP:
            self.new_page()
            self.add(item)
        else:  # taller than a page and unsplittable: print what fits rather than loop
            item.drawOn(self.canvas, LEFT, self.y - height)
            self.y = FOOTER_TOP

    def finish(self) -> None:
        self.new_page()


def _draw_cover(canvas: Canvas, printout: CallSheetPrintout, words: _Words) -> None:
    """Lay the cover out on as many pages as its script needs (usually one)."""
    flow = _CoverFlow(canvas, words)
    for block in _cover_blocks(printout):
        flow.add_block(block)
    flow.finish()


# ---------------------------------------------------------------------------------------------------------------
# The sheets


def _draw_footer(canvas: Canvas, words: _Words, left: str) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(LEFT, FOOTER_TOP - 3 * mm, RIGHT, FOOTER_TOP - 3 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(SANS_BOLD, 8.5)
    room = CONTENT_WIDTH - text_width(words.printed, SANS, 7.5) - 6 * mm
    canvas.drawString(LEFT, FOOTER_TOP - 7.5 * mm, fit_to_width(left, SANS_BOLD, 8.5, room))
    canvas.setFillColor(MUTED)
    canvas.setFont(SANS, 7.5)
    canvas.drawRightString(RIGHT, FOOTER_TOP - 7.5 * mm, words.printed)
    if left != words.privacy:
        canvas.drawString(LEFT, FOOTER_TOP - 11.5 * mm, words.privacy)


def _define_page_form(canvas: Canvas, name: str, layout: SheetLayout, words: _Words, rows: int) -> None:
    """Draw once what every sheet page with ``rows`` rows shares: rules, shaded gutter, captions, boxes, lines."""
    canvas.beginForm(name)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.line(LEFT, HEADER_BOTTOM + 1.5 * mm, RIGHT, HEADER_BOTTOM + 1.5 * mm)
    for slot in range(rows):
        _draw_row_furniture(canvas, layout, words, layout.row_top(slot))
    canvas.endForm()


def _draw_row_furniture(canvas: Canvas, layout: SheetLayout, words: _Words, top: float) -> None:
    bottom = top - layout.row_height
    canvas.setFillColor(GUTTER_SHADE)
    canvas.rect(LEFT, bottom + 1.5 * mm, GUTTER - 2 * mm, layout.row_height - 3 * mm, stroke=0, fill=1)
    canvas.setFillColor(MUTED)
    canvas.setFont(SANS, CAPTION_SIZE)
    x = BODY_LEFT
    for field, width in _FACT_COLUMNS:
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


def _draw_header(canvas: Canvas, printout: CallSheetPrintout, sheet: PrintedSheet, words: _Words) -> None:
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


def _draw_row(canvas: Canvas, row: PrintedRow, top: float, words: _Words, language: str) -> None:
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
    for field, width in _FACT_COLUMNS:
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
    canvas: Canvas, printout: CallSheetPrintout, sheet: PrintedSheet, layout: SheetLayout, words: _Words
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
        _draw_footer(canvas, words, footer)
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
    words = _words(printout)
    layout = sheet_layout(printout.questions, printout.language)
    _draw_cover(canvas, printout, words)
    used = {count for sheet in printout.sheets for count in page_row_counts(len(sheet.rows), layout.rows_per_page)}
    for count in sorted(used):
        _define_page_form(canvas, f"rows{count}", layout, words, count)
    for sheet in printout.sheets:
        _draw_sheet(canvas, printout, sheet, layout, words)
    canvas.save()
    return buffer.getvalue()
