"""The papers of a meeting: the invitation with its agenda, the minutes, and the register of decisions and actions.

Minutes follow the Nordic custom (``../shared/research/mission.md`` §6.4): a heading with the body, the meeting's
number, time and place; who was there (and for which §); the § items with proposal and decision; and the signature
block of the language — in Finnish the chair and the secretary sign, then "Pöytäkirja tarkastettu ja hyväksytty"
with place and date and the two checkers; in Swedish "Vid protokollet" (the secretary) and "Justeras" (the chair
and the checkers). Pages are numbered ``n (m)``; minutes not yet signed carry a DRAFT watermark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time
from typing import Any
from xml.sax.saxutils import escape

from babel.dates import format_date, format_time
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from db.core.i18n import babel_locale, format_day, format_moment
from db.meetings.printout import (
    DecisionRegisterPrintout,
    MeetingPrintout,
    PrintedAction,
    PrintedItem,
    PrintedPerson,
)
from reports.common import ACCENT, INK, MUTED, RULE, SANS_BOLD, SANS_ITALIC, gettext_for, styles
from reports.meetings_layout import build_numbered, mm

Gettext = Callable[[str], str]
ACCENT_HEX = "#" + str(ACCENT.hexval())[2:]  # for paragraph markup; overdue actions are marked in it
LABEL_WIDTH = 40 * mm
CONTENT_WIDTH = A4[0] - 40 * mm


def _text(text: str) -> str:
    """Escape typed text for a paragraph, keeping its line breaks."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines())


class _Styles:
    def __init__(self) -> None:
        base = styles()
        self.body = base.body
        self.small = base.small
        self.muted = base.body.clone("meeting-muted", textColor=MUTED, fontSize=9, leading=12)
        self.note = base.body.clone("meeting-note", fontName=SANS_ITALIC, textColor=MUTED, fontSize=9, leading=12)
        self.warning = base.body.clone("meeting-warning", fontName=SANS_BOLD, textColor=ACCENT, fontSize=9, leading=12)
        self.label = base.body.clone("meeting-label", fontName=SANS_BOLD)
        self.district = base.body.clone("meeting-district", fontSize=9, leading=12, textColor=MUTED)
        self.body_name = base.body.clone("meeting-body", fontName=SANS_BOLD, fontSize=13, leading=17)
        self.title = base.body.clone("meeting-title", fontName=SANS_BOLD, fontSize=14, leading=18, alignment=2)
        self.code = base.body.clone("meeting-code", fontSize=11, leading=15, alignment=2)
        self.item = base.body.clone(
            "meeting-item", fontName=SANS_BOLD, fontSize=11, leading=15, spaceBefore=5 * mm, spaceAfter=1.5 * mm
        )
        self.indented = base.body.clone("meeting-indented", leftIndent=0, spaceAfter=1.5 * mm)
        self.cell = base.body.clone("meeting-cell", fontSize=9, leading=11.5)
        self.cell_head = self.cell.clone("meeting-cell-head", fontName=SANS_BOLD)
        self.sign_name = base.body.clone("meeting-sign-name", fontSize=10, leading=13)
        self.sign_role = base.body.clone("meeting-sign-role", fontSize=8.5, leading=11, textColor=MUTED)


def _long_date(day: date, language: str) -> str:
    """The weekday and the date in full, as a heading gives it ("tiistai 10. maaliskuuta 2026")."""
    return format_date(day, format="full", locale=babel_locale(language))


def _clock(value: time, language: str) -> str:
    return format_time(value, format="short", locale=babel_locale(language))


def _when(printout: MeetingPrintout, _: Gettext) -> str:
    text = _long_date(printout.held_on, printout.language)
    if printout.starts_at is not None:
        span = _clock(printout.starts_at, printout.language)
        if printout.ends_at is not None:
            span += "–" + _clock(printout.ends_at, printout.language)
        text += " " + _("at {time}").format(time=span)
    return text


def _letterhead(printout: MeetingPrintout, title: str, style: _Styles) -> Table:
    left = [Paragraph(escape(printout.district), style.district), Paragraph(escape(printout.body), style.body_name)]
    right = [Paragraph(escape(title.upper()), style.title), Paragraph(escape(printout.code), style.code)]
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.62, CONTENT_WIDTH * 0.38])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


def _people(people: Sequence[PrintedPerson], style: _Styles) -> Table | Paragraph:
    """Names in one column; the role (and the note, and the § range for part of the meeting) beside each."""
    if not people:
        return Paragraph("–", style.body)
    rows = []
    for person in people:
        role = person.role + (f", {person.note}" if person.note else "")
        if person.sections:
            role += f" ({person.sections})"
        rows.append([Paragraph(escape(person.name), style.body), Paragraph(escape(role), style.muted)])
    table = Table(rows, colWidths=[58 * mm, CONTENT_WIDTH - LABEL_WIDTH - 58 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _facts(rows: Sequence[tuple[str, Any]], style: _Styles) -> Table:
    """The heading facts: a bold label and its value on each row."""
    data = [[Paragraph(escape(label), style.label), value] for label, value in rows]
    table = Table(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _place(printout: MeetingPrintout, style: _Styles) -> Paragraph:
    lines = [escape(printout.place)] if printout.place else []
    if printout.online_link:
        lines.append(escape(printout.online_link))
    return Paragraph("<br/>".join(lines) or "–", style.body)


def _labelled(label: str, text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(f"<b>{escape(label)}</b> {_text(text)}", style)


def _action_line(action: PrintedAction, language: str, _: Gettext) -> str:
    parts = [_text(action.text)]
    who = [escape(action.responsible)] if action.responsible else []
    if action.due_on is not None:
        due = escape(_("by {date}").format(date=format_day(action.due_on, language)))
        who.append(f"<font color='{ACCENT_HEX}'>{due}</font>" if action.overdue else due)
    if who:
        parts.append(" · ".join(who))
    return " — ".join(parts)


def _follow_up(actions: Sequence[PrintedAction], language: str, style: _Styles, _: Gettext) -> Flowable:
    if not actions:
        return Paragraph(escape(_("No open action items from earlier meetings.")), style.note)
    headings = [_("Decided"), _("Action item"), _("Responsible"), _("Due"), _("Status")]
    data = [[Paragraph(escape(text), style.cell_head) for text in headings]]
    for action in actions:
        status = escape(action.status)
        if action.closed_on is not None:
            status = f"<b>{status}</b><br/>{format_day(action.closed_on, language)}"
        due = format_day(action.due_on, language)
        if action.overdue:
            due = f"<font color='{ACCENT_HEX}'><b>{due}</b></font>"
        data.append(
            [
                Paragraph(escape(action.reference), style.cell),
                Paragraph(_text(action.text), style.cell),
                Paragraph(escape(action.responsible), style.cell),
                Paragraph(due, style.cell),
                Paragraph(status, style.cell),
            ]
        )
    # The due date in bold (overdue) needs 25 mm on one line: "28.12.2026" wrapped as "28.12.202" + "6".
    table = LongTable(data, colWidths=[28 * mm, 57 * mm, 34 * mm, 25 * mm, 26 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _item(item: PrintedItem, printout: MeetingPrintout, style: _Styles, _: Gettext, *, minutes: bool) -> list[Any]:
    """One §: its heading kept with what follows, then the text of the agenda or the minutes."""
    heading, parts = _item_parts(item, printout, style, _, minutes=minutes)
    return [KeepTogether([heading, *parts[:1]]), *parts[1:]]


def _item_parts(
    item: PrintedItem, printout: MeetingPrintout, style: _Styles, _: Gettext, *, minutes: bool
) -> tuple[Paragraph, list[Any]]:
    """One §'s heading and the flowables of its text."""
    heading = Paragraph(f"{escape(item.section)}&nbsp;&nbsp;{escape(item.title)}", style.item)
    parts: list[Any] = []
    if item.background:
        parts.append(Paragraph(_text(item.background), style.indented))
    if item.kind == "follow_up":
        parts.append(_follow_up(item.follow_up, printout.language, style, _))
        parts.append(Spacer(1, 1.5 * mm))
    if item.proposal:
        parts.append(_labelled(_("Proposal:"), item.proposal, style.indented))
    if minutes:
        if item.recused:
            parts.append(
                Paragraph(
                    escape(
                        _("{names} stepped out for this item owing to a conflict of interest.").format(
                            names=", ".join(item.recused)
                        )
                    ),
                    style.note,
                )
            )
        if item.decision:
            parts.append(_labelled(_("Decision:"), item.decision, style.indented))
        if item.dissenters or item.dissent:
            names = ", ".join(item.dissenters)
            text = f"{names}: {item.dissent}" if names and item.dissent else names or item.dissent
            parts.append(_labelled(_("Dissent:"), text, style.indented))
        if item.actions:
            lines = "<br/>".join("• " + _action_line(action, printout.language, _) for action in item.actions)
            label = escape(_("Actions:"))
            parts.append(Paragraph(f"<b>{label}</b><br/>{lines}", style.indented))
        parts.extend(Paragraph(escape(note), style.note) for note in item.notes)
        if item.quorum:
            parts.append(Paragraph(escape(item.quorum), style.warning))
    return heading, parts


def _signature(name: str, role: str, style: _Styles, width: float) -> list[Any]:
    line = Table([[""]], colWidths=[width - 6 * mm], rowHeights=[13 * mm])
    line.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, INK), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [line, Paragraph(escape(name) or "&nbsp;", style.sign_name), Paragraph(escape(role), style.sign_role)]


def _signature_row(signers: Sequence[tuple[str, str]], style: _Styles) -> Table:
    width = CONTENT_WIDTH / 2 if len(signers) <= 2 else CONTENT_WIDTH / 3
    cells = [_signature(name, role, style, width) for name, role in signers]
    table = Table([cells], colWidths=[width] * len(cells), hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _place_and_date(printout: MeetingPrintout) -> str:
    if printout.signed_on is None:
        return "_" * 42  # written by hand on the signed copy
    day = format_day(printout.signed_on, printout.language)
    return f"{printout.signed_place}, {day}" if printout.signed_place else day


def _signature_block(printout: MeetingPrintout, style: _Styles, _: Gettext) -> list[Any]:
    """The signatures in the language's custom.

    Swedish: "Vid protokollet" (the secretary), then "Justeras" with place and date (the chair and the checkers).
    Finnish (and English): the chair and the secretary, then "checked and approved" with place and date, and the
    checkers.
    """
    checker = _("Minute checker")
    checkers = list(printout.checkers) or ["", ""]
    parts: list[Any] = [Spacer(1, 8 * mm)]
    if printout.language == "sv":
        parts.append(Paragraph(escape(_("Minutes kept by")), style.label))
        parts.append(_signature_row([(printout.secretary, _("Secretary"))], style))
        parts.append(Spacer(1, 6 * mm))
        parts.append(Paragraph(escape(_("Adjusted")), style.label))
        parts.append(Paragraph(escape(_place_and_date(printout)), style.body))
        parts.append(_signature_row([(printout.chair, _("Chair")), *((name, checker) for name in checkers)], style))
    else:
        parts.append(_signature_row([(printout.chair, _("Chair")), (printout.secretary, _("Secretary"))], style))
        parts.append(Spacer(1, 8 * mm))
        parts.append(Paragraph(escape(_("Minutes checked and approved")), style.label))
        parts.append(Paragraph(escape(_place_and_date(printout)), style.body))
        parts.append(_signature_row([(name, checker) for name in checkers], style))
    return parts


def _footer(printout: MeetingPrintout, what: str) -> str:
    return f"{printout.body} · {printout.code} · {what}"


def build_minutes(printout: MeetingPrintout) -> bytes:
    """Return the minutes of a meeting as PDF bytes (A4), in the printout's language."""
    _ = gettext_for(printout.language)
    style = _Styles()
    title = _("Minutes")
    story: list[Any] = [_letterhead(printout, title, style), Spacer(1, 4 * mm)]
    facts: list[tuple[str, Any]] = [
        (_("Meeting"), Paragraph(escape(printout.kind), style.body)),
        (_("Time"), Paragraph(escape(_when(printout, _)), style.body)),
        (_("Place"), _place(printout, style)),
        (_("Attending"), _people(printout.present, style)),
    ]
    if printout.also_present:
        facts.append((_("Also present"), _people(printout.also_present, style)))
    if printout.excused:
        facts.append((_("Sent apologies"), _people(printout.excused, style)))
    if printout.absent:
        facts.append((_("Absent"), _people(printout.absent, style)))
    officers = [
        _("Chair") + ": " + (printout.chair or "–"),
        _("Secretary") + ": " + (printout.secretary or "–"),
        _("Minute checkers") + ": " + (", ".join(printout.checkers) or "–"),
    ]
    facts.append((_("Officers"), Paragraph("<br/>".join(escape(line) for line in officers), style.body)))
    if printout.reopened_on is not None:
        reopened = _("Reopened on {date}: {reason}").format(
            date=format_day(printout.reopened_on, printout.language), reason=printout.reopen_reason
        )
        facts.append((_("Corrections"), Paragraph(escape(reopened), style.body)))
    story.append(_facts(facts, style))
    for item in printout.items[:-1]:
        story.extend(_item(item, printout, style, _, minutes=True))
    # The signatures never stand alone on a page: the last § goes with them. One KeepTogether of plain flowables:
    # a KeepTogether nested in another measures taller than any page, which always forced a page break here.
    last: list[Any] = []
    if printout.items:
        heading, parts = _item_parts(printout.items[-1], printout, style, _, minutes=True)
        last = [heading, *parts]
    story.append(KeepTogether([*last, *_signature_block(printout, style, _)]))
    return build_numbered(
        story,
        title=f"{title} {printout.code}",
        subject=printout.body,
        language=printout.language,
        footer=_footer(printout, title),
        watermark=_("DRAFT") if printout.is_draft else "",
    )


def build_agenda(printout: MeetingPrintout) -> bytes:
    """Return the invitation with its agenda as PDF bytes (A4), in the printout's language."""
    _ = gettext_for(printout.language)
    style = _Styles()
    title = _("Invitation and agenda")
    story: list[Any] = [_letterhead(printout, title, style), Spacer(1, 4 * mm)]
    facts: list[tuple[str, Any]] = [
        (_("Meeting"), Paragraph(escape(printout.kind), style.body)),
        (_("Time"), Paragraph(escape(_when(printout, _)), style.body)),
        (_("Place"), _place(printout, style)),
        (_("Invited"), _people(printout.invited, style)),
    ]
    story.append(_facts(facts, style))
    for item in printout.items:
        story.extend(_item(item, printout, style, _, minutes=False))
    story.append(Spacer(1, 8 * mm))
    closing: list[Any] = [Paragraph(escape(_("Welcome!")), style.body)]
    if printout.convener:
        closing.append(Spacer(1, 4 * mm))
        closing.append(Paragraph(escape(printout.convener), style.sign_name))
        closing.append(Paragraph(escape(_("Chair")), style.sign_role))
    story.append(KeepTogether(closing))
    return build_numbered(
        story,
        title=f"{title} {printout.code}",
        subject=printout.body,
        language=printout.language,
        footer=_footer(printout, title),
    )


def build_decision_register(printout: DecisionRegisterPrintout) -> bytes:
    """Return the register of decisions and actions of a period as PDF bytes (A4 landscape)."""
    _ = gettext_for(printout.language)
    style = _Styles()
    language = printout.language
    title = _("Decisions and actions")
    period = f"{format_day(printout.start, language)}–{format_day(printout.end, language)}"
    story: list[Any] = [
        Paragraph(escape(printout.district), style.district),
        Paragraph(escape(title), styles().title),
        Paragraph(escape(f"{period} · {printout.bodies}"), style.muted),
        Paragraph(escape(_("Printed {when}").format(when=format_moment(printout.printed_at, language))), style.small),
        Spacer(1, 4 * mm),
    ]
    if not printout.decisions:
        story.append(Paragraph(escape(_("No decisions in this period.")), style.note))
    else:
        story.append(_register_table(printout, style, _))
    return build_numbered(
        story,
        title=f"{title} {period}",
        subject=printout.district,
        language=language,
        footer=f"{printout.district} · {title} {period}",
        pagesize=landscape(A4),
    )


def _register_table(printout: DecisionRegisterPrintout, style: _Styles, _: Gettext) -> LongTable:
    language = printout.language
    headings = [_("Decided"), _("Matter"), _("Decision"), _("Actions")]
    data: list[list[Any]] = [[Paragraph(escape(text), style.cell_head) for text in headings]]
    for decision in printout.decisions:
        where = f"<b>{escape(decision.reference)}</b><br/>{format_day(decision.held_on, language)}"
        if decision.state:
            where += f"<br/><i>{escape(decision.state)}</i>"
        actions = []
        for action in decision.actions:
            status = action.status + (f" {format_day(action.closed_on, language)}" if action.closed_on else "")
            actions.append(f"• {_action_line(action, language, _)} <i>({escape(status)})</i>")
        data.append(
            [
                Paragraph(where, style.cell),
                Paragraph(
                    f"{_text(decision.title)}<br/><font color='#57606a'>{escape(decision.body)}</font>", style.cell
                ),
                Paragraph(_text(decision.decision), style.cell),
                Paragraph("<br/>".join(actions), style.cell),
            ]
        )
    table = LongTable(data, colWidths=[34 * mm, 62 * mm, 95 * mm, 66 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
