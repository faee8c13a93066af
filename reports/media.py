"""A press release on the district's letterhead, in Finnish, Swedish or English.

The letterhead is the district's name with the office's address, phone and e-mail; under it the words "press
release" and the dateline (town and date), whether it may be published at once or not before a moment, then the
headline, the text, and whom to ask for more. A release is one or two pages laid out with platypus.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from db.core.i18n import format_day, format_moment
from db.media.press_release import PressRelease
from reports.common import ACCENT, MUTED, SANS_BOLD, SANS_ITALIC, build_document, gettext_for, styles

CONTENT_WIDTH = 170 * mm - 12  # A4 less the shared margins of build_document and its frame's padding


def _paragraphs(text: str, style: object) -> list[Flowable]:
    """One paragraph per blank-line-separated part; single line breaks are kept."""
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return [Paragraph(escape(part).replace("\n", "<br/>"), style) for part in parts]


def _letterhead(release: PressRelease) -> list[Flowable]:
    style = styles()
    name = style.title.clone("letterhead-name", fontSize=15, leading=19, spaceAfter=0)
    contact = style.small.clone("letterhead-contact", alignment=TA_RIGHT, fontSize=8.5, leading=11)
    facts = [escape(part) for part in (release.address, release.phone, release.email) if part.strip()]
    table = Table(
        [[Paragraph(escape(release.district), name), Paragraph("<br/>".join(facts), contact)]],
        colWidths=[CONTENT_WIDTH * 0.58, CONTENT_WIDTH * 0.42],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [table, HRFlowable(width="100%", thickness=1.6, color=ACCENT, spaceBefore=1 * mm, spaceAfter=5 * mm)]


def dateline(release: PressRelease) -> str:
    """The town and date of the release ("Vaasa 12.3.2026"), or the date alone."""
    day = format_day(release.day, release.language)
    return f"{release.place} {day}" if release.place else day


def release_line(release: PressRelease) -> str:
    """Whether the release may be published at once, or from when."""
    _ = gettext_for(release.language)
    if release.embargo_until is None:
        return _("For publication at once")
    return _("Not for publication before {moment}").format(
        moment=format_moment(release.embargo_until, release.language)
    )


def build_press_release(release: PressRelease) -> bytes:
    """Return the press release as PDF bytes (A4), in its language."""
    _ = gettext_for(release.language)
    style = styles()
    kind = style.body.clone("kind", fontName=SANS_BOLD, fontSize=11, leading=14, textColor=ACCENT)
    right = style.body.clone("dateline", alignment=TA_RIGHT)
    note = style.body.clone("release", fontName=SANS_ITALIC, fontSize=9, leading=12, textColor=MUTED)
    body = style.body.clone("release-body", fontSize=11, leading=15.5, spaceAfter=3 * mm)
    headline = style.title.clone("headline", fontSize=19, leading=24, spaceBefore=5 * mm, spaceAfter=5 * mm)
    top = Table(
        [[Paragraph(escape(_("Press release").upper()), kind), Paragraph(escape(dateline(release)), right)]],
        colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2],
    )
    top.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    story: list[Flowable] = [*_letterhead(release), top, Paragraph(escape(release_line(release)), note)]
    story.append(Paragraph(escape(release.title), headline))
    story.extend(_paragraphs(release.body, body))
    if release.further_information.strip():
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(escape(_("Further information")), style.heading))
        story.extend(_paragraphs(release.further_information, style.body))
    return build_document(
        story,
        title=f"{_('Press release')}: {release.title}",
        language=release.language,
        footer=release.district,
        author=release.district,
    )
