"""Member lists on paper: the current list of the Members tab (and later the contact sheets of issue 7).

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
from reportlab.platypus import Paragraph, Spacer

from db.core.i18n import format_moment, translator
from reports.common import MUTED, build_document, gettext_for, ruled_table, styles


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
