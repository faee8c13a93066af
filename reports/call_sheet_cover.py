"""The cover of printed call sheets, one or two pages of flowing text laid out with platypus.

It holds the campaign, the script, the questions with how to answer each on paper, the outcome codes and the
privacy line.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from db.calling.outcomes import OUTCOMES, yes_no_letters
from db.calling.printout import CallSheetPrintout, PrintedQuestion, PrintedSheet
from db.core.i18n import format_moment
from reports.call_sheet_layout import (
    CONTENT_WIDTH,
    FOOTER_TOP,
    HEADER_TOP,
    LEFT,
    SheetWords,
    draw_footer,
    mm,
    privacy_line,
)
from reports.common import MUTED, RULE, SANS_BOLD, SANS_ITALIC, gettext_for, styles


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

    def __init__(self, canvas: Canvas, words: SheetWords) -> None:
        self.canvas = canvas
        self.words = words
        self.y = HEADER_TOP

    def room(self) -> float:
        return self.y - FOOTER_TOP

    def new_page(self) -> None:
        draw_footer(self.canvas, self.words, self.words.privacy)
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


def draw_cover(canvas: Canvas, printout: CallSheetPrintout, words: SheetWords) -> None:
    """Lay the cover out on as many pages as its script needs (usually one)."""
    flow = _CoverFlow(canvas, words)
    for block in _cover_blocks(printout):
        flow.add_block(block)
    flow.finish()
