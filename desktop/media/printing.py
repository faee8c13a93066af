"""The Media tab's printout and export: a press release through the preview, the items to XLSX.

Both are made off the GUI thread (``context.tasks``) like ``kansli print press-release`` and ``kansli export
media-items``, and logged as they are: the press release is not an export of personal data (the CLI does not log
it either); the workbook names its authors, who are members, so it is recorded in the export log with them
(``record_file_export``: the file is removed if the log cannot be written).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from db.core.i18n import N_, Label, _, format_count
from db.media.export import author_ids, export_media_items
from db.media.figures import media_figures
from db.media.items import MediaItemRow
from db.media.press_release import press_release
from db.privacy.export_log import ExportKind, record_file_export
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress


def print_press_release(context: ShellContext, parent: QWidget, item_id: uuid.UUID, language: str) -> None:
    """Print a media item as a press release on the district's letterhead, in ``language``, through the preview."""
    title = _("Press release")
    database, today = context.database, context.today()

    def work(progress: TaskProgress) -> bytes:
        from reports.media import build_press_release  # ReportLab loads when first printing

        with database.reading() as session:
            release = press_release(session, item_id, today, language)
        progress.check()
        return build_press_release(release)

    def show(pdf: bytes) -> None:
        PdfPreviewDialog(pdf, title, f"press-release-{language}.pdf", parent).exec()

    context.tasks.run(
        title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error), writes=False
    )


def export_items(
    context: ShellContext, parent: QWidget, rows: Sequence[MediaItemRow], year: int | None, target: Path
) -> None:
    """Write ``rows`` (and the figures of ``year``, when one is chosen) to ``target`` as XLSX and log the export."""
    title = _("Export to XLSX")
    database, chosen = context.database, list(rows)

    def work(_progress: TaskProgress) -> int:
        figures = None
        if year is not None:
            with database.reading() as session:
                figures = media_figures(session, year)
        count = export_media_items(chosen, target, figures)
        description = (
            Label(N_("Media items of {year}"), year=str(year))
            if year is not None
            else Label(N_("Media items of every year"))
        )
        # Logged once the file is complete; a file the log does not know about is removed.
        record_file_export(database, target, ExportKind.OTHER, description, author_ids(chosen))
        return count

    def done(count: int) -> None:
        context.events.history_changed.emit()
        message = (
            _("Exported {count} media items of {year} to {path}.")
            if year is not None
            else _("Exported {count} media items to {path}.")
        )
        context.events.status_message.emit(message.format(count=format_count(count), year=year, path=target))

    context.tasks.run(title, work, on_success=done, on_failure=lambda error: show_error(parent, title, error))
