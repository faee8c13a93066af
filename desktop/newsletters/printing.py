"""Who receives an issue, its address labels (and a test sheet) through the preview, and its mailing list as CSV.

Working out the readers reads the whole register, so it runs off the GUI thread (``context.tasks``), and so does
every printout and export. Each is logged exactly as ``kansli print labels`` and ``kansli export mailing-list``
log theirs (``desktop/cli/media_commands.py``): the labels as a printed member list of the postal readers, in
the same transaction that keeps their number as the issue's postal copies; the mailing list as a members file for
the mailing service, with the file removed if the log cannot be written. A test sheet carries nobody and is not
logged. Printouts are logged when they are made, since from the preview they can be printed or saved.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from db.core.district import get_district
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, current_language, format_count, ngettext
from db.newsletters.distribution import (
    issue_distribution,
    issue_title,
    labels_description,
    mailing_list_description,
    mark_labels_printed,
    publication_distribution,
)
from db.newsletters.labels import LabelLayout
from db.newsletters.mailing_list import write_mailing_list
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind, record_export, record_file_export
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress


@dataclass(frozen=True)
class ReaderCounts:
    """Where the copies of a publication go today, in numbers (the people themselves stay in the task)."""

    publication_id: uuid.UUID
    day: date
    readers: int
    labels: int
    postal_people: int
    emails: int
    no_address: int
    unreached: int


def load_reader_counts(
    context: ShellContext,
    publication_id: uuid.UUID,
    on_done: Callable[[ReaderCounts], None],
    on_failure: Callable[[BaseException], None],
) -> None:
    """Work out a publication's readers off the GUI thread; the callbacks run on the GUI thread."""
    database, today = context.database, context.today()

    def work(_progress: TaskProgress) -> ReaderCounts:
        with database.reading() as session:
            found = publication_distribution(session, publication_id, today)
        return ReaderCounts(
            publication_id,
            today,
            found.readers,
            len(found.labels),
            found.postal_people,
            len(found.emails),
            len(found.no_address),
            len(found.unreached),
        )

    context.tasks.run(_("Readers"), work, on_success=on_done, on_failure=on_failure, writes=False)


def print_labels(
    context: ShellContext, parent: QWidget, issue_id: uuid.UUID, layout: LabelLayout, *, skip: int, outline: bool
) -> None:
    """Print an issue's address labels through the preview; logged and counted as the issue's postal copies."""
    title = _("Address labels")
    database, today = context.database, context.today()
    summary: list[str] = []

    def work(progress: TaskProgress) -> bytes:
        from reports.newsletters import build_labels  # ReportLab loads when first printing

        with database.reading() as session:
            name = issue_title(session, issue_id)
            distribution = issue_distribution(session, issue_id, today)
            language = get_district(session).language.value
        if not distribution.labels:
            raise KansliError(_("{issue} has no postal recipients; no labels were printed.").format(issue=name))
        progress.check()
        pdf = build_labels(
            distribution.labels,
            layout,
            title=_("Address labels: {issue}").format(issue=name),
            language=language,
            outline=outline,
            skip=skip,
        )
        with database.transaction(Label(EXPORT_KIND_LABELS[ExportKind.MEMBER_LIST])) as session:
            mark_labels_printed(session, issue_id, len(distribution.labels))
            record_export(session, ExportKind.MEMBER_LIST, labels_description(name), distribution.postal_member_ids())
        summary.append(
            ngettext(
                "Printed {labels} label ({people} people) of {issue}.",
                "Printed {labels} labels ({people} people) of {issue}.",
                len(distribution.labels),
            ).format(
                labels=format_count(len(distribution.labels)),
                people=format_count(distribution.postal_people),
                issue=name,
            )
        )
        if distribution.no_address:
            summary.append(
                ngettext(
                    "{count} reader who gets the paper by post has no postal address.",
                    "{count} readers who get the paper by post have no postal address.",
                    len(distribution.no_address),
                ).format(count=format_count(len(distribution.no_address)))
            )
        return pdf

    def show(pdf: bytes) -> None:
        context.events.newsletters_changed.emit()
        context.events.history_changed.emit()
        context.events.status_message.emit(" ".join(summary))
        PdfPreviewDialog(pdf, title, "address-labels.pdf", parent).exec()

    context.tasks.run(title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error))


def print_test_sheet(context: ShellContext, parent: QWidget, layout: LabelLayout) -> None:
    """Print one sheet of outlined sample labels, to hold against a sheet of labels (nobody on it: not logged)."""
    title = _("Label test sheet")
    language = current_language()

    def work(_progress: TaskProgress) -> bytes:
        from reports.newsletters import build_label_test_sheet

        return build_label_test_sheet(layout, language)

    def show(pdf: bytes) -> None:
        PdfPreviewDialog(pdf, title, "label-test-sheet.pdf", parent).exec()

    context.tasks.run(
        title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error), writes=False
    )


def export_mailing_list(context: ShellContext, parent: QWidget, issue_id: uuid.UUID, target: Path) -> None:
    """Write the issue's e-mail recipients to ``target`` as CSV for the mailing service, and log the file."""
    title = _("Export mailing list")
    database, today = context.database, context.today()

    def work(_progress: TaskProgress) -> tuple[int, str]:
        with database.reading() as session:
            name = issue_title(session, issue_id)
            distribution = issue_distribution(session, issue_id, today)
        count = write_mailing_list(distribution.emails, target)
        record_file_export(
            database,
            target,
            ExportKind.MEMBERS_FILE,
            mailing_list_description(name),
            [recipient.member_id for recipient in distribution.emails],
            recipient=Label(N_("The mailing service")),
        )
        return count, name

    def done(result: tuple[int, str]) -> None:
        count, name = result
        context.events.history_changed.emit()
        context.events.status_message.emit(
            _("Wrote {count} e-mail addresses of {issue} to {path}.").format(
                count=format_count(count), issue=name, path=target
            )
        )

    context.tasks.run(title, work, on_success=done, on_failure=lambda error: show_error(parent, title, error))
