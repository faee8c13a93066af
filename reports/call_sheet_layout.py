"""The geometry and the words of printed call sheets, shared by their cover and their pages.

``call_sheet_cover`` draws the cover and ``calling`` the sheets; both take from here the page measures, the boxes of
a row (fixed per printout by its questions), text fitted to a width, the words translated once per printout, and the
footer every page carries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _reportlab_mm
from reportlab.pdfgen.canvas import Canvas

from db.calling.outcomes import yes_no_letters
from db.calling.printout import CallSheetPrintout, PrintedQuestion
from db.core.i18n import format_day, format_moment
from db.members.models import MEMBER_LANGUAGE_LABELS
from reports.common import INK, MUTED, RULE, SANS, SANS_BOLD, fit_to_width, gettext_for, text_width

mm: float = _reportlab_mm  # ReportLab is untyped: give its constant and its measure a type once, here


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
FACT_COLUMNS: tuple[tuple[str, float], ...] = (
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
class SheetWords:
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


def sheet_words(printout: CallSheetPrintout) -> SheetWords:
    _ = gettext_for(printout.language)
    return SheetWords(
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


def draw_footer(canvas: Canvas, words: SheetWords, left: str) -> None:
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
