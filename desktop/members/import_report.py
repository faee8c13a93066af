"""The sentences the import dialog says about a check or an import, made from the importer's report.

Kept apart from the widgets so each sentence is easy to find for translators and to test.
"""

from __future__ import annotations

from db.core.errors import KansliError
from db.core.i18n import _, format_count, ngettext
from db.members.io import ImportOptions, ImportReport


def _names(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


def check_status(report: ImportReport, *, refused: bool) -> str:
    """The headline of a check: can the file be imported as it is."""
    if refused:
        return _("The file cannot be imported as it is. Nothing has been written.")
    if report.created + report.updated == 0:
        return _("There is nothing to import: everyone in the file is already in Kansli just as the file has them.")
    return _("The file was checked and can be imported. Nothing has been written yet.")


def check_details(report: ImportReport, options: ImportOptions, *, refused: bool) -> str:
    """What the import would do, and what stands in its way, one sentence a line."""
    lines: list[str] = []
    if not refused:
        lines.append(_counts(report))
    if report.rejected and options.skip_invalid:
        lines.append(
            ngettext(
                "{count} row with problems will be set aside in {path}.",
                "{count} rows with problems will be set aside in {path}.",
                report.rejected,
            ).format(count=format_count(report.rejected), path=options.rejects_path or "")
        )
    elif report.rejected:
        lines.append(
            ngettext(
                "{count} row has problems, listed below. Correct it in the file and check again, or tick "
                "“Skip rows with problems” in the previous step to import the other rows.",
                "{count} rows have problems, listed below. Correct them in the file and check again, or tick "
                "“Skip rows with problems” in the previous step to import the other rows.",
                report.rejected,
            ).format(count=format_count(report.rejected))
        )
    if report.unknown_branches:
        lines.append(
            ngettext(
                "The branch {names} is not in Kansli. Tick “Create missing branches” in the previous step to "
                "create it, or add it first on the Branches tab.",
                "The branches {names} are not in Kansli. Tick “Create missing branches” in the previous step to "
                "create them, or add them first on the Branches tab.",
                len(report.unknown_branches),
            ).format(names=_names(report.unknown_branches))
        )
    if report.created_branches and not refused:
        lines.append(
            ngettext(
                "The branch {names} will be created.",
                "The branches {names} will be created.",
                len(report.created_branches),
            ).format(names=_names(report.created_branches))
        )
    if report.unknown_columns:
        lines.append(
            _("Columns that are not imported: {columns}. If one of them should be, choose its field in step 2.").format(
                columns=_names(report.unknown_columns)
            )
        )
    return "\n".join(lines)


def _counts(report: ImportReport) -> str:
    # Each part has its own plural form, so each is formatted with its own number.
    return "; ".join(
        (
            ngettext("{count} new member", "{count} new members", report.created).format(
                count=format_count(report.created)
            ),
            ngettext("{count} member to update", "{count} members to update", report.updated).format(
                count=format_count(report.updated)
            ),
            ngettext("{count} already up to date", "{count} already up to date", report.unchanged).format(
                count=format_count(report.unchanged)
            ),
        )
    )


def import_summary(report: ImportReport) -> str:
    """What an import did, one sentence a line."""
    lines = [
        ngettext("{count} new member was added.", "{count} new members were added.", report.created).format(
            count=format_count(report.created)
        ),
        ngettext("{count} member was updated.", "{count} members were updated.", report.updated).format(
            count=format_count(report.updated)
        ),
    ]
    if report.unchanged:
        lines.append(
            ngettext(
                "{count} member was already up to date.", "{count} members were already up to date.", report.unchanged
            ).format(count=format_count(report.unchanged))
        )
    if report.rejected:
        lines.append(
            ngettext(
                "{count} row with problems was set aside in {path}.",
                "{count} rows with problems were set aside in {path}.",
                report.rejected,
            ).format(count=format_count(report.rejected), path=report.rejects_path or "")
        )
    if report.created_branches:
        lines.append(
            ngettext("New branch: {names}.", "New branches: {names}.", len(report.created_branches)).format(
                names=_names(report.created_branches)
            )
        )
    lines.append(_("Edit ▸ Undo takes the whole import back."))
    return "\n".join(lines)


def error_text(error: BaseException) -> str:
    """What to tell the user about an error (unexpected ones are in the log file, not on the screen)."""
    if isinstance(error, KansliError):
        return str(error)
    return _("Something unexpected went wrong; nothing was changed. Details were written to the log file.")
