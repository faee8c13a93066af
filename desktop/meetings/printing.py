"""Printing a meeting's invitation with its agenda, its minutes, and the decision register, through the preview.

The printout is built off the GUI thread (``context.tasks``), then written to the export log in the same way as
``kansli print``: a paper naming people is recorded when it is made, since from the preview it can be printed or
saved. The preview opens when it is ready.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtWidgets import QWidget

from db.core.i18n import N_, Label, _
from db.meetings.printing import build_meeting_printout, build_register_printout
from db.meetings.printout import MeetingPrintout
from db.privacy.export_log import ExportKind, record_export
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress

AGENDA, MINUTES = "agenda", "minutes"
PRINTED_LABEL = N_("Meeting papers printed")  # the label `kansli print` gives the same log entry


def _builder(paper: str) -> Callable[[MeetingPrintout], bytes]:
    from reports.meetings import build_agenda, build_minutes  # ReportLab loads when first printing

    return build_agenda if paper == AGENDA else build_minutes


def print_meeting(context: ShellContext, parent: QWidget, meeting_id: uuid.UUID, paper: str) -> None:
    """Print a meeting's invitation with its agenda (``AGENDA``) or its minutes (``MINUTES``) in its language."""
    title = _("Agenda") if paper == AGENDA else _("Minutes")
    database, today = context.database, context.today()
    code: list[str] = []

    def work(progress: TaskProgress) -> bytes:
        with database.reading() as session:
            job = build_meeting_printout(session, meeting_id, today, datetime.now().astimezone())
        progress.check()
        pdf = _builder(paper)(job.printout)
        with database.transaction(Label(PRINTED_LABEL)) as session:
            record_export(session, ExportKind.OTHER, job.description, job.member_ids)
        code.append(job.printout.code)
        return pdf

    def show(pdf: bytes) -> None:
        context.events.history_changed.emit()
        name = code[0] if code else ""
        ready = (
            _("The agenda of {meeting} is ready to print.")
            if paper == AGENDA
            else _("The minutes of {meeting} are ready to print.")
        )
        context.events.status_message.emit(ready.format(meeting=name))
        file_name = f"{paper}-{name.replace(' ', '-').replace('/', '-')}.pdf" if name else f"{paper}.pdf"
        PdfPreviewDialog(pdf, f"{title} {name}".strip(), file_name, parent).exec()

    context.tasks.run(title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error))


def print_register(
    context: ShellContext,
    parent: QWidget,
    start: date,
    end: date,
    language: str,
    body_ids: Sequence[uuid.UUID] | None,
) -> None:
    """Print the register of decisions and their actions from ``start`` to ``end`` (of some bodies when given)."""
    title = _("Decision register")
    database = context.database
    bodies = list(body_ids) if body_ids is not None else None

    def work(progress: TaskProgress) -> bytes:
        from reports.meetings import build_decision_register

        with database.reading() as session:
            job = build_register_printout(session, start, end, language, datetime.now().astimezone(), bodies)
        progress.check()
        pdf = build_decision_register(job.printout)
        with database.transaction(Label(PRINTED_LABEL)) as session:
            record_export(session, ExportKind.OTHER, job.description, job.member_ids)
        return pdf

    def show(pdf: bytes) -> None:
        context.events.history_changed.emit()
        PdfPreviewDialog(pdf, title, f"decisions-{start.isoformat()}-{end.isoformat()}.pdf", parent).exec()

    context.tasks.run(title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error))
