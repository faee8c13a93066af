"""The e-mail recipients of an issue as a CSV file for the mailing service.

Only what a mailing needs leaves the program: the address, the first and last name (for "Hei Anna") and the
language (to send the Finnish or the Swedish version). No member number, no branch, nothing of the membership.
Mailing services (Mailchimp, Brevo, MailerLite, Lyyti …) read comma-separated UTF-8 with a header line, which is
what is written; the header's names are the services' own English field names, so the columns map by themselves.
The caller logs the file in the export log (``db.privacy.export_log.record_file_export``).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from db.core.files import atomic_path
from db.newsletters.distribution import EmailRecipient

MAILING_LIST_HEADER = ("email", "first_name", "last_name", "language")


def _safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula if somebody opens the file in one (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def write_mailing_list(recipients: Sequence[EmailRecipient], target: Path) -> int:
    """Write the recipients, one a line, to ``target`` (replaced only when complete); return how many."""
    with atomic_path(target) as partial, partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(MAILING_LIST_HEADER)
        for recipient in recipients:
            writer.writerow(
                [recipient.email, _safe(recipient.first_name), _safe(recipient.last_name), recipient.language]
            )
    return len(recipients)
