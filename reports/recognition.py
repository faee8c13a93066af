"""Diplomas: one page for each recognition, in one of three designs, portrait or landscape, in the recipient's language.

A diploma says, from the top: the district, the heading (KUNNIAKIRJA / DIPLOM) and what the recognition is
("25 vuotta jäsenenä", "Årets volontär 2026"), the recipient's name large, the reason, the occasion, the place and
date, and signature lines with the signers' names and offices; the register number and the decision are printed
small at the foot. A long name shrinks, then breaks over two lines, and never runs past the margins.

Drawn straight on the canvas: the design's furniture (border and emblem) once as a PDF form, then only each page's
text, so a spring meeting's two hundred diplomas take well under a second.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from db.core.i18n import format_day
from db.recognition.models import RecognitionKind
from db.recognition.printout import Diploma
from db.recognition.records import SIGNER_ROLE_TITLES, Signer
from reports.common import SANS, SANS_BOLD, gettext_for, register_fonts
from reports.recognition_designs import DESIGNS, MUTED, Design, Layout, Type, mm

ELLIPSIS = "…"
HEADING_TRACKING = 0.16  # letter spacing of the heading, as a share of its size
DISTRICT_TRACKING = 0.18
DISTRICT_SIZE = 10.0
SUBTITLE_SIZE = 16.0
NAME_SMALLEST_ONE_LINE = 22.0  # below this a long name breaks over two lines instead
NAME_SMALLEST = 12.0
REASON_SIZE = 13.0
REASON_SMALLEST = 9.5
TEXT_SIZE = 11.5
SIGNER_SIZE = 10.5
TITLE_SIZE = 8.8
FOOTER_SIZE = 7.0
MAX_SHIFT = 8 * mm


def design_count() -> int:
    return len(DESIGNS)


def design(number: int) -> Design:
    """The design numbered ``number`` (1, 2, 3 as on the command line)."""
    if not 1 <= number <= len(DESIGNS):
        raise ValueError(f"no diploma design {number}")
    return DESIGNS[number - 1]


def text_width(text: str, font: str, size: float, tracking: float = 0.0) -> float:
    """The width of ``text`` in points, letter spacing included."""
    return float(pdfmetrics.stringWidth(text, font, size)) + tracking * max(0, len(text) - 1)


@lru_cache(maxsize=64)
def _glyphs(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def covering_font(text: str, font: str, fallback: str) -> str:
    """``font`` if it has a glyph for every letter of ``text``, else ``fallback`` (DejaVu Sans covers the most)."""
    glyphs = _glyphs(font)
    if all(ord(char) in glyphs or char.isspace() for char in text):
        return font
    return fallback


def shorten(text: str, font: str, size: float, width: float, tracking: float = 0.0) -> str:
    """``text`` cut with an ellipsis to at most ``width`` points: the last resort, after shrinking."""
    if text_width(text, font, size, tracking) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + ELLIPSIS, font, size, tracking) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def fitted_size(text: str, font: str, size: float, smallest: float, width: float, tracking: float = 0.0) -> float:
    """The largest size from ``size`` down to ``smallest`` at which ``text`` fits in ``width``."""
    natural = text_width(text, font, size, tracking * size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural * 0.999)  # a hair under: the width must not round to more


@dataclass(frozen=True)
class NameFit:
    """How a name is set: its lines, font and size."""

    lines: tuple[str, ...]
    font: str
    size: float

    def widths(self) -> list[float]:
        return [text_width(line, self.font, self.size) for line in self.lines]


def _two_lines(name: str) -> tuple[str, str] | None:
    """The name broken at the space that makes the two lines most even."""
    words = name.split()
    if len(words) < 2:
        return None
    best = min(range(1, len(words)), key=lambda cut: abs(len(" ".join(words[:cut])) - len(" ".join(words[cut:]))))
    return " ".join(words[:best]), " ".join(words[best:])


def fit_name(name: str, font: str, size: float, width: float) -> NameFit:
    """Set a name as large as it fits on one line; a very long one on two lines; never wider than ``width``."""
    font = covering_font(name, font, SANS_BOLD)
    one_line = fitted_size(name, font, size, NAME_SMALLEST_ONE_LINE, width)
    if text_width(name, font, one_line) <= width:
        return NameFit((name,), font, one_line)
    lines = _two_lines(name)
    if lines is not None:
        two = min(fitted_size(line, font, size * 0.75, NAME_SMALLEST, width) for line in lines)
        if all(text_width(line, font, two) <= width for line in lines):
            return NameFit(lines, font, two)
        return NameFit(tuple(shorten(line, font, two, width) for line in lines), font, two)
    return NameFit((shorten(name, font, NAME_SMALLEST, width),), font, NAME_SMALLEST)


@dataclass(frozen=True)
class ReasonFit:
    lines: tuple[str, ...]
    font: str
    size: float
    leading: float


def fit_reason(text: str, font: str, width: float, height: float) -> ReasonFit:
    """Wrap the reason to ``width``, shrinking it until it fits ``height``; cut the last line if even that fails."""
    font = covering_font(text, font, SANS)
    size = REASON_SIZE
    while True:
        leading = size * 1.38
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            lines.extend(simpleSplit(paragraph, font, size, width) or [""])
        room = max(1, int((height + leading - size) // leading))
        if len(lines) <= room:
            return ReasonFit(tuple(lines), font, size, leading)
        if size <= REASON_SMALLEST:
            kept = lines[:room]
            kept[-1] = shorten(kept[-1] + ELLIPSIS, font, size, width)
            return ReasonFit(tuple(kept), font, size, leading)
        size = max(REASON_SMALLEST, size - 0.5)


@dataclass(frozen=True)
class Words:
    """What a diploma says in one language, apart from the recognition's own text."""

    heading: str
    thanks: str  # under the heading of a thank-you diploma
    volunteer: str  # "Volunteer of the year {year}"
    jubilee: str  # "{years} years of membership"
    jubilee_reason: str
    honorary: str
    place_and_date: str
    number: str
    decision: str
    signer_titles: dict[str, str]


@lru_cache(maxsize=8)
def words(language: str) -> Words:
    _ = gettext_for(language)
    return Words(
        heading=_("Diploma"),
        thanks=_("With thanks"),
        volunteer=_("Volunteer of the year {year}"),
        jubilee=_("{years} years of membership"),
        jubilee_reason=_("With warm thanks for {years} years of membership."),
        honorary=_("Honorary member"),
        place_and_date=_("{place}, {date}"),
        number=_("No. {number}"),
        decision=_("Decision {decision}"),
        signer_titles={role: _(title) for role, title in SIGNER_ROLE_TITLES.items()},
    )


def subtitle(diploma: Diploma) -> str:
    """What the recognition is, under the heading ("25 vuotta jäsenenä"); a thank-you diploma says "Kiitoksin"."""
    said = words(diploma.language)
    if diploma.kind == RecognitionKind.VOLUNTEER_OF_THE_YEAR:
        return said.volunteer.format(year=diploma.awarded_on.year)
    if diploma.kind == RecognitionKind.JUBILEE and diploma.jubilee_years:
        return said.jubilee.format(years=diploma.jubilee_years)
    if diploma.kind == RecognitionKind.HONORARY_MEMBER:
        return said.honorary
    if diploma.kind == RecognitionKind.OTHER:
        return diploma.title
    return said.thanks


def reason(diploma: Diploma) -> str:
    """The reason as typed; a jubilee without one thanks for the years."""
    if diploma.reason.strip():
        return diploma.reason.strip()
    if diploma.kind == RecognitionKind.JUBILEE and diploma.jubilee_years:
        return words(diploma.language).jubilee_reason.format(years=diploma.jubilee_years)
    return ""


def place_and_date(diploma: Diploma) -> str:
    day = format_day(diploma.awarded_on, diploma.language, "long")
    if not diploma.place.strip():
        return day
    return words(diploma.language).place_and_date.format(place=diploma.place.strip(), date=day)


def signer_title(signer: Signer, language: str) -> str:
    if signer.title:
        return signer.title
    return words(language).signer_titles.get(signer.role or "", "")


# ---------------------------------------------------------------------------------------------------------------
# Drawing


def _draw_line(
    canvas: Canvas, layout: Layout, y: float, text: str, font: str, size: float, tracking: float = 0
) -> None:
    """One line of text at ``y``, aligned as the layout says, letter-spaced by ``tracking`` points."""
    width = text_width(text, font, size, tracking)
    x = layout.x - width / 2 if layout.align == "center" else layout.x
    if tracking:
        line = canvas.beginText(x, y)
        line.setFont(font, size)
        line.setCharSpace(tracking)
        line.textOut(text)
        line.setCharSpace(0)  # the spacing is part of the page's text state: it would carry over to later text
        canvas.drawText(line)
    else:
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)


def _draw_spaced(
    canvas: Canvas, layout: Layout, y: float, text: str, font: str, size: float, share: float, width: float
) -> None:
    """Letter-spaced capitals, shrunk to ``width`` if a language's word is long."""
    font = covering_font(text, font, SANS_BOLD)
    size = fitted_size(text, font, size, size * 0.55, width, share)
    tracking = share * size
    _draw_line(canvas, layout, y, shorten(text, font, size, width, tracking), font, size, tracking)


def name_placement(diploma: Diploma, chosen: Design, layout: Layout) -> tuple[NameFit, list[float]]:
    """How the name is set on this design and page, and the baselines of its lines."""
    fit = fit_name(diploma.name, chosen.type.name, layout.name_size, layout.width)
    if len(fit.lines) == 1:
        return fit, [layout.name_y - fit.size * 0.35]
    leading = fit.size * 1.12
    return fit, [layout.name_y + leading * 0.5 - fit.size * 0.35, layout.name_y - leading * 0.5 - fit.size * 0.35]


def _draw_signers(canvas: Canvas, diploma: Diploma, layout: Layout, style: Type) -> None:
    signers: Sequence[Signer | None] = list(diploma.signers) or [None, None]
    count = len(signers)
    gap = 12 * mm
    slot = min(68 * mm, (layout.signature_width - gap * (count - 1)) / count)
    first = layout.x - (slot * count + gap * (count - 1)) / 2 if layout.align == "center" else layout.x
    canvas.setStrokeColor(style.accent)
    canvas.setLineWidth(0.7)
    for index, signer in enumerate(signers):
        left = first + index * (slot + gap)
        centre = left + slot / 2
        canvas.line(left, layout.signature_y, left + slot, layout.signature_y)
        if signer is None:
            continue
        canvas.setFillColor(style.name_colour)
        font = covering_font(signer.name, style.text, SANS)
        size = fitted_size(signer.name, font, SIGNER_SIZE, 7.5, slot)
        name = shorten(signer.name, font, size, slot)
        canvas.setFont(font, size)
        y = layout.signature_y - 5 * mm
        if layout.align == "center":
            canvas.drawCentredString(centre, y, name)
        else:
            canvas.drawString(left, y, name)
        title = signer_title(signer, diploma.language)
        if title:
            canvas.setFillColor(MUTED)
            font = covering_font(title, style.title, SANS)
            size = fitted_size(title, font, TITLE_SIZE, 6.5, slot)
            title = shorten(title, font, size, slot)
            canvas.setFont(font, size)
            if layout.align == "center":
                canvas.drawCentredString(centre, y - 4.3 * mm, title)
            else:
                canvas.drawString(left, y - 4.3 * mm, title)


def _draw_footer(canvas: Canvas, diploma: Diploma, layout: Layout) -> None:
    """The register number (and the decision), small: there for whoever looks for it."""
    said = words(diploma.language)
    canvas.setFillColor(MUTED)
    canvas.setFont(SANS, FOOTER_SIZE)
    number = said.number.format(number=diploma.number)
    canvas.drawRightString(layout.footer_right, layout.footer_y, number)
    if diploma.decision:
        room = layout.footer_right - layout.footer_left - text_width(number, SANS, FOOTER_SIZE) - 10 * mm
        decision = said.decision.format(decision=diploma.decision)
        canvas.drawString(layout.footer_left, layout.footer_y, shorten(decision, SANS, FOOTER_SIZE, room))


def _composed(diploma: Diploma) -> Diploma:
    """The diploma's text in composed form (NFC): a name typed as "e" plus accents prints with the font's own "é"."""
    return replace(
        diploma,
        name=unicodedata.normalize("NFC", diploma.name),
        reason=unicodedata.normalize("NFC", diploma.reason),
        title=unicodedata.normalize("NFC", diploma.title),
        signers=tuple(
            Signer(unicodedata.normalize("NFC", signer.name), unicodedata.normalize("NFC", signer.title), signer.role)
            for signer in diploma.signers
        ),
    )


def draw_diploma(canvas: Canvas, diploma: Diploma, chosen: Design, layout: Layout) -> None:
    """Draw one diploma's text (the furniture comes from the page's form)."""
    diploma = _composed(diploma)
    style = chosen.type
    said = words(diploma.language)
    canvas.setFillColor(style.district_colour)
    _draw_spaced(
        canvas, layout, layout.district_y, diploma.district.upper(), style.district, DISTRICT_SIZE,
        DISTRICT_TRACKING, layout.width - (60 * mm if layout.on_band else 0),
    )  # fmt: skip
    canvas.setFillColor(style.heading_colour)
    heading_room = layout.width - (50 * mm if layout.on_band else 0)
    _draw_spaced(
        canvas, layout, layout.heading_y, said.heading.upper(), style.heading, layout.heading_size,
        HEADING_TRACKING, heading_room,
    )  # fmt: skip
    what = subtitle(diploma)
    if what:
        canvas.setFillColor(style.subtitle_colour)
        font = covering_font(what, style.subtitle, SANS)
        size = fitted_size(what, font, SUBTITLE_SIZE, 10, layout.width)
        _draw_line(canvas, layout, layout.subtitle_y, shorten(what, font, size, layout.width), font, size)
    text = reason(diploma)
    fitted = fit_reason(text, style.reason, layout.reason_width, layout.reason_top - layout.reason_bottom)
    # A short reason leaves the lower half empty: the name and reason move down a little towards the middle.
    used = fitted.size + (len(fitted.lines) - 1) * fitted.leading if text else 0.0
    shift = min(MAX_SHIFT, (layout.reason_top - used - layout.reason_bottom) * 0.35)
    fit, baselines = name_placement(diploma, chosen, layout)
    canvas.setFillColor(style.name_colour)
    for line, baseline in zip(fit.lines, baselines, strict=True):
        _draw_line(canvas, layout, baseline - shift, line, fit.font, fit.size)
    if text:
        y = layout.reason_top - shift - fitted.size
        for line in fitted.lines:
            _draw_line(canvas, layout, y, line, fitted.font, fitted.size)
            y -= fitted.leading
    if diploma.occasion:
        canvas.setFillColor(MUTED)
        font = covering_font(diploma.occasion, style.title, SANS)
        size = fitted_size(diploma.occasion, font, TEXT_SIZE - 1, 8, layout.width)
        _draw_line(canvas, layout, layout.occasion_y, shorten(diploma.occasion, font, size, layout.width), font, size)
    canvas.setFillColor(style.name_colour)
    when = place_and_date(diploma)
    font = covering_font(when, style.text, SANS)
    size = fitted_size(when, font, TEXT_SIZE, 8, layout.width)
    _draw_line(canvas, layout, layout.place_y, shorten(when, font, size, layout.width), font, size)
    _draw_signers(canvas, diploma, layout, style)
    _draw_footer(canvas, diploma, layout)


def build_diplomas(
    diplomas: Sequence[Diploma], *, design_number: int = 1, landscape: bool = False, compress: bool = True
) -> bytes:
    """Return the diplomas as one PDF, a page each, in ``design_number`` (1–3) and the orientation asked for.

    Raises:
        ValueError: there is no design of that number.
    """
    chosen = design(design_number)
    register_fonts()
    layout = chosen.layout(landscape)
    language = diplomas[0].language if diplomas else "en"
    _ = gettext_for(language)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.page_width, layout.page_height),
        pageCompression=1 if compress else 0,
        lang=language,
    )
    canvas.setTitle(_("Diplomas"))
    canvas.setAuthor("Kansli")
    canvas.setCreator("Kansli")
    if diplomas:
        canvas.setSubject(diplomas[0].district)
    form = f"diploma-{chosen.key}"
    canvas.beginForm(form)
    chosen.furniture(canvas, layout)
    canvas.endForm()
    for diploma in diplomas:
        canvas.doForm(form)
        draw_diploma(canvas, diploma, chosen, layout)
        canvas.showPage()
    if not diplomas:
        canvas.doForm(form)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
