"""Printing a contact sheet from the window: ask for whom, build it off the GUI thread, log it, open the preview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QInputDialog, QWidget
from sqlalchemy.orm import Session

from db.core.i18n import Label, _
from db.members.contact_sheets import ContactSheet, record_contact_sheet
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress


def print_contact_sheet(
    context: ShellContext, parent: QWidget, make_sheet: Callable[[Session], ContactSheet], file_name: str
) -> None:
    """Print the sheet ``make_sheet`` reads: the user confirms for whom (shown on every page) first."""
    title = _("Contact sheet")
    try:
        with context.database.reading() as session:
            sheet = make_sheet(session)
    except Exception as error:  # shown to the user; nothing was printed
        show_error(parent, title, error)
        return
    recipient, accepted = QInputDialog.getText(
        parent, title, _("Printed for (a name, shown on every page)"), text=sheet.recipient
    )
    if not accepted:
        return
    sheet = replace(sheet, recipient=recipient.strip() or sheet.recipient)
    database = context.database

    def work(_progress: TaskProgress) -> bytes:
        from reports.members import build_contact_sheet  # ReportLab loads when first printing

        pdf = build_contact_sheet(sheet)
        # Logged when the sheet is made: from the preview it can be printed or saved.
        with database.transaction(Label(EXPORT_KIND_LABELS[ExportKind.CONTACT_SHEET])) as session:
            record_contact_sheet(session, sheet)
        return pdf

    def show(pdf: bytes) -> None:
        context.events.status_message.emit(
            _("Contact sheet of {subject} printed for {recipient}.").format(
                subject=sheet.subject, recipient=sheet.recipient
            )
        )
        PdfPreviewDialog(pdf, title, file_name, parent).exec()

    context.tasks.run(title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error))
