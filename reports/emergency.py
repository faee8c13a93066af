"""The emergency sheet: the database's recovery key on paper, with what to do when the keyring is lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from db.core.i18n import format_moment
from reports.common import ACCENT, MONO, RULE, SANS_BOLD, build_document, gettext_for, styles


@dataclass(frozen=True)
class EmergencySheet:
    """What the sheet shows."""

    district: str
    recovery_key: str
    database_path: str
    created_at: datetime
    language: str


def build_emergency_sheet(sheet: EmergencySheet) -> bytes:
    """Return the emergency sheet as PDF bytes, in ``sheet.language``."""
    _ = gettext_for(sheet.language)
    style = styles()
    groups = sheet.recovery_key.split("-")
    # Two lines of groups, large and spaced, so it can be read aloud and typed without mistakes.
    half = (len(groups) + 1) // 2
    key_rows = [groups[:half], groups[half:] + [""] * (half - len(groups[half:]))]
    key_table = Table(key_rows, colWidths=[27 * mm] * half, rowHeights=12 * mm)
    key_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), MONO, 15),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
            ]
        )
    )
    facts = Table(
        [
            [_("District"), escape(sheet.district)],
            [_("Database file"), escape(sheet.database_path)],
            [_("Created"), format_moment(sheet.created_at, sheet.language)],
            [_("Kept in"), "_" * 40],
        ],
        colWidths=[40 * mm, 125 * mm],
    )
    facts.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), SANS_BOLD, 9.5),
                ("FONT", (1, 0), (1, -1), style.body.fontName, 9.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story = [
        Paragraph(escape(_("Kansli emergency sheet")), style.title),
        Paragraph(escape(_("The recovery key of the district's database")), style.heading),
        Spacer(1, 3 * mm),
        key_table,
        Spacer(1, 6 * mm),
        facts,
        Spacer(1, 4 * mm),
        Paragraph(escape(_("What this key is")), style.heading),
        Paragraph(
            escape(
                _(
                    "The member register is stored encrypted. This computer keeps the key in its keyring, so "
                    "you are not asked for it every day. When the keyring is lost (a new computer, a reinstalled "
                    "system, a restored backup on another machine), Kansli asks for this recovery key. Without it "
                    "the data cannot be opened by anyone, including you."
                )
            ),
            style.body,
        ),
        Paragraph(escape(_("Keep it safe")), style.heading),
        Paragraph(
            escape(
                _(
                    "Anyone who has this key and a copy of the database can read the member register. Keep this "
                    "sheet locked away and never with the laptop or its backups. Do not photograph it or send it "
                    "by e-mail. If the sheet may have been seen by others, ask the party office how to change the key."
                )
            ),
            style.body,
        ),
        Paragraph(escape(_("How to use it")), style.heading),
        Paragraph(
            escape(
                _(
                    "Start Kansli and open the database; when asked, type the key. Capital or small letters, spaces "
                    "and hyphens do not matter, and a typing mistake is recognised as such."
                )
            ),
            style.body,
        ),
    ]
    return build_document(
        story,
        title=_("Kansli emergency sheet"),
        language=sheet.language,
        footer=_("Confidential: keep away from the computer and its backups."),
    )
