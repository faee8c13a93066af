"""Printing the Members tab's current list: the rows the filter shows, through the PDF preview."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QWidget

from db.core.database import Database
from db.core.district import get_district
from db.core.i18n import Label, _, current_language, format_day
from db.members.listing import summaries_by_id
from db.members.models import MEMBERSHIP_KIND_LABELS, MEMBERSHIP_STATUS_LABELS
from db.members.query import MemberFilter
from db.members.validation import display_phone
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind, record_export
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm, show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress

if TYPE_CHECKING:
    from reports.members import MemberListRow

LARGE_LIST = 500
_PAGE = 500


def describe_filter(member_filter: MemberFilter, branch_names: dict[uuid.UUID, str]) -> str:
    """Say in words which members a filter shows ("Branch: Vaasan osasto · Status: Active")."""
    parts = []
    if member_filter.text.strip():
        parts.append(_("Search: {text}").format(text=member_filter.text.strip()))
    if member_filter.branch_ids:
        names = ", ".join(branch_names.get(branch_id, "?") for branch_id in member_filter.branch_ids)
        parts.append(_("Branch: {names}").format(names=names))
    if member_filter.kinds:
        parts.append(", ".join(_(MEMBERSHIP_KIND_LABELS[kind]) for kind in member_filter.kinds))
    if member_filter.statuses:
        labels = ", ".join(_(MEMBERSHIP_STATUS_LABELS[status]) for status in member_filter.statuses)
        parts.append(_("Status: {labels}").format(labels=labels))
    if member_filter.joined_from or member_filter.joined_to:
        parts.append(
            _("Joined {start}–{end}").format(
                start=format_day(member_filter.joined_from), end=format_day(member_filter.joined_to)
            )
        )
    return " · ".join(parts) if parts else _("All members and supporters")


def _rows(
    database: Database, ids: list[uuid.UUID], today: date, progress: TaskProgress, printed: list[uuid.UUID]
) -> list[MemberListRow]:
    """Read the rows of ``ids``; the ids of the people actually on the list are appended to ``printed``."""
    from reports.members import MemberListRow  # ReportLab loads when first printing, not when the program starts

    rows: list[MemberListRow] = []
    with database.reading() as session:
        for start in range(0, len(ids), _PAGE):
            progress.check()
            page = ids[start : start + _PAGE]
            summaries = summaries_by_id(session, page, today)
            for member_id in page:
                summary = summaries.get(member_id)
                if summary is None:
                    continue
                printed.append(member_id)
                rows.append(
                    MemberListRow(
                        number=summary.member_number or "",
                        name=f"{summary.last_name}, {summary.first_name}",
                        branch=summary.branch_name or "",
                        status=_(MEMBERSHIP_STATUS_LABELS[summary.status]) if summary.status else "",
                        phone=display_phone(summary.phone) if summary.phone else "",
                        email=summary.email or "",
                        city=summary.city or "",
                    )
                )
            progress.report(min(start + _PAGE, len(ids)), len(ids))
    return rows


def print_member_list(context: ShellContext, parent: QWidget, ids: list[uuid.UUID], description: str) -> None:
    """Ask for whom the list is, build it off the GUI thread and open the preview."""
    if not ids:
        return
    if len(ids) > LARGE_LIST and not confirm(
        parent,
        _("Print"),
        _("The list has {count} people. Print them all?").format(count=len(ids)),
        _("Print"),
    ):
        return
    with context.database.reading() as session:
        district = get_district(session).name
    printed_for, accepted = QInputDialog.getText(
        parent, _("Print"), _("Printed for (a name or purpose, shown on every page)"), text=district
    )
    if not accepted:
        return
    language = current_language()
    today = context.today()
    recipient = printed_for.strip() or district

    def work(progress: TaskProgress) -> bytes:
        from reports.members import MemberList, build_member_list

        printed: list[uuid.UUID] = []
        rows = _rows(context.database, ids, today, progress, printed)
        pdf = build_member_list(
            MemberList(
                title=_("Member list"),
                description=description,
                printed_for=recipient,
                printed_at=datetime.now().astimezone(),
                rows=rows,
                language=language,
            )
        )
        # Logged when the list is made, before the preview shows it: from there it can be printed or saved.
        with context.database.transaction(Label(EXPORT_KIND_LABELS[ExportKind.MEMBER_LIST])) as session:
            record_export(session, ExportKind.MEMBER_LIST, description, printed, recipient=recipient)
        return pdf

    def show(pdf: bytes) -> None:
        PdfPreviewDialog(pdf, _("Member list"), "member-list.pdf", parent).exec()

    context.tasks.run(
        _("Print"),
        work,
        on_success=show,
        on_failure=lambda error: show_error(parent, _("Print"), error),
    )
