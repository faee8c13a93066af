"""Member lists on paper: the current list of the Members tab, and contact sheets for a branch, a body or a caller.

Only the columns the task needs are printed, and every page says for whom and when it was printed: a list of
members reveals political opinion, so a forgotten printout must say where it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Spacer

from db.core.i18n import format_day, format_moment, translator
from db.members.contact_sheets import ContactSheet, ContactSheetKind
from reports.common import MUTED, SANS, build_document, gettext_for, ruled_table, styles

FOOTER_SIZE = 7.5  # reports.common.footer_painter's type
FOOTER_ROOM = 40 * mm + 25 * mm  # the margins, and room for the page number beside the footer


@dataclass(frozen=True)
class MemberListRow:
    number: str
    name: str
    branch: str
    status: str
    phone: str
    email: str
    city: str


@dataclass(frozen=True)
class MemberList:
    """A printed list: what it shows, for whom, and the rows."""

    title: str
    description: str
    printed_for: str
    printed_at: datetime
    rows: Sequence[MemberListRow]
    language: str


def build_member_list(sheet: MemberList) -> bytes:
    """Return the list as PDF bytes (A4 landscape), in ``sheet.language``."""
    _ = gettext_for(sheet.language)
    ngettext = translator(sheet.language).ngettext
    style = styles()
    cell = style.body.clone("cell", fontSize=8.5, leading=10.5)
    headings = [_("Number"), _("Name"), _("Branch"), _("Status"), _("Phone"), _("E-mail"), _("City")]
    rows = [(row.number, row.name, row.branch, row.status, row.phone, row.email, row.city) for row in sheet.rows]
    widths = [20 * mm, 50 * mm, 48 * mm, 22 * mm, 34 * mm, 62 * mm, 30 * mm]
    table = ruled_table(headings, rows, widths, cell)
    when = format_moment(sheet.printed_at, sheet.language)
    count = len(sheet.rows)
    meta = ngettext("{count} person", "{count} people", count).format(count=count)
    meta += " · " + _("printed {when} for {who}").format(when=when, who=sheet.printed_for)
    story = [
        Paragraph(escape(sheet.title), style.title),
        Paragraph(escape(sheet.description), style.body),
        Paragraph(
            escape(
                _("{count} people · printed {when} for {who}").format(count=count, when=when, who=sheet.printed_for)
            ),
            style.small.clone("meta", textColor=MUTED),
        ),
        Spacer(1, 4 * mm),
        table,
    ]
    footer = _("Confidential member data, printed {when} for {who}. Destroy when no longer needed.").format(
        when=when, who=sheet.printed_for
    )
    return build_document(story, title=sheet.title, language=sheet.language, footer=footer, pagesize=landscape(A4))


def build_contact_sheet(sheet: ContactSheet) -> bytes:
    """Return a contact sheet as PDF bytes (A4 portrait), in ``sheet.language``.

    The columns follow the kind of sheet: a branch's members with member-since, a body's people with their roles,
    a caller's list with a name and a number. Who it is for and when it was printed are on every page, written
    across it faintly and in the footer.
    """
    _ = gettext_for(sheet.language)
    style = styles()
    cell = style.body.clone("contact-cell", fontSize=9, leading=11.5)
    languages = {"fi": _("Finnish"), "sv": _("Swedish"), "other": _("Other")}
    rows: list[tuple[str, ...]]
    if sheet.kind == ContactSheetKind.BODY:
        title = _("Contact sheet: {subject}").format(subject=sheet.subject)
        headings = [_("Role"), _("Name"), _("Phone"), _("E-mail")]
        rows = [(_(row.role) if row.role else "", row.name, row.phone, row.email) for row in sheet.rows]
        # A role ("Varapuheenjohtaja") and an address ("helena.koivisto55@example.com") on one line; a name has room.
        widths = [35 * mm, 40 * mm, 34 * mm, 61 * mm]
    elif sheet.kind == ContactSheetKind.CALLER:
        title = _("Phone list of {subject}").format(subject=sheet.subject)
        headings = [_("Name"), _("Phone"), _("Language"), _("Notes")]
        rows = [(row.name, row.phone, languages.get(row.language, ""), "") for row in sheet.rows]
        widths = [58 * mm, 40 * mm, 22 * mm, 50 * mm]
    else:
        title = _("Members of {subject}").format(subject=sheet.subject)
        headings = [_("Name"), _("Phone"), _("E-mail"), _("Member since"), _("Language")]
        rows = [
            (
                row.name,
                row.phone,
                row.email,
                format_day(row.since, sheet.language) if row.since else "",
                languages.get(row.language, ""),
            )
            for row in sheet.rows
        ]
        # Landscape: five columns, and neither a phone number nor an address should break over two lines.
        widths = [72 * mm, 42 * mm, 95 * mm, 34 * mm, 30 * mm]
    when = format_day(sheet.printed_at.date(), sheet.language)
    for_whom = _("For {who}, printed {when}").format(who=sheet.recipient, when=when)
    count = len(sheet.rows)
    people = translator(sheet.language).ngettext("{count} person", "{count} people", count).format(count=count)
    pagesize = landscape(A4) if sheet.kind == ContactSheetKind.BRANCH else A4
    footer = _("{for_whom}. Personal data: return or destroy this sheet when it is no longer needed.").format(
        for_whom=for_whom
    )
    meta = f"{for_whom} · {people}"
    if pdfmetrics.stringWidth(footer, SANS, FOOTER_SIZE) > pagesize[0] - FOOTER_ROOM:
        # Too long beside the page number on a portrait page: the reminder goes under the title instead.
        footer = for_whom
        meta += " · " + _("Personal data: return or destroy this sheet when it is no longer needed.")
    story = [
        Paragraph(escape(title), style.title),
        Paragraph(escape(meta), style.small.clone("contact-meta", textColor=MUTED)),
        Spacer(1, 4 * mm),
        ruled_table(headings, rows, widths, cell) if rows else Paragraph(escape(_("Nobody to list.")), style.body),
    ]
    return build_document(
        story, title=title, language=sheet.language, footer=footer, watermark=for_whom, pagesize=pagesize
    )
