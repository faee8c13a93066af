"""Subcommands over the member register: import, export and find."""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from db.core import i18n
from db.core.files import atomic_path
from db.core.i18n import N_, Label, _, format_count, ngettext
from db.members.contact_sheets import contact_sheet_for, record_contact_sheet
from db.members.io import (
    ImportOptions,
    ImportRefusedError,
    export_members,
    import_members,
    parse_header_map,
)
from db.members.models import MEMBERSHIP_STATUS_LABELS
from db.members.search import find_members
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind, record_file_export
from desktop.cli.context import CommandContext


def register(subcommands: Any) -> None:
    """Add the member subcommands to the parser."""
    import_command = subcommands.add_parser("import", help=_("import data from a file"))
    import_what = import_command.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    members = import_what.add_parser("members", help=_("import members from a CSV or XLSX file"))
    members.add_argument("file", metavar=_("FILE"), help=_("the CSV or XLSX file"))
    members.add_argument("--dry-run", action="store_true", help=_("report what would happen; change nothing"))
    members.add_argument("--skip-invalid", action="store_true", help=_("import the good rows, set the bad ones aside"))
    members.add_argument("--rejects", metavar=_("FILE"), help=_("where to write the rows set aside (CSV)"))
    members.add_argument("--create-branches", action="store_true", help=_("create branches the file names"))
    members.add_argument(
        "--default-branch", metavar=_("NAME"), help=_("the branch of rows that name none (new members only)")
    )
    members.add_argument(
        "--map",
        action="append",
        default=[],
        metavar=_("HEADER=FIELD"),
        help=_("read a column with an unusual header as a field, e.g. --map {example}").format(
            example='"Kännykkä=phone"'
        ),
    )
    members.set_defaults(handler=run_import_members)

    export_what = export_targets(subcommands)
    export = export_what.add_parser("members", help=_("export members to a CSV or XLSX file"))
    export.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("a .csv or .xlsx file"))
    export.add_argument("--branch", metavar=_("NAME"), help=_("only the members of this branch"))
    export.set_defaults(handler=run_export_members)

    members_command = subcommands.add_parser("members", help=_("look up members"))
    members_what = members_command.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    find = members_what.add_parser("find", help=_("find members by name, e-mail, phone, city or number"))
    find.add_argument("text", metavar=_("TEXT"), help=_("any part of a name, e-mail, phone, city or number"))
    find.add_argument("--limit", type=int, default=50, help=_("at most this many (default 50)"))
    find.set_defaults(handler=run_find_members)


def export_targets(subcommands: Any) -> Any:
    """The subcommands of ``kansli export`` (made on first use), so that each area adds what it exports."""
    export_command = subcommands.choices.get("export")
    if export_command is None:
        export_command = subcommands.add_parser("export", help=_("export data to a file"))
        export_command.targets = export_command.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    return export_command.targets


def run_import_members(options: argparse.Namespace, context: CommandContext) -> int:
    import_options = ImportOptions(
        dry_run=options.dry_run,
        skip_invalid=options.skip_invalid,
        rejects_path=Path(options.rejects).expanduser() if options.rejects else None,
        create_branches=options.create_branches,
        header_map=parse_header_map(options.map),
        default_branch=options.default_branch,
    )
    path = Path(options.file).expanduser()
    with context.open() as database:
        try:
            report = import_members(database, path, import_options)
        except ImportRefusedError as refused:
            context.problems(refused.report)
            raise
    context.problems(report)
    if report.created_branches:
        context.say(_("Created branches: {names}").format(names=", ".join(report.created_branches)))
    summary = _("{created} new and {updated} updated members from {path}").format(
        created=format_count(report.created), updated=format_count(report.updated), path=path
    )
    if report.dry_run:
        context.say(_("Dry run, nothing was changed. Would import: {summary}.").format(summary=summary))
    else:
        context.say(_("Imported {summary}.").format(summary=summary))
    if report.rejected:
        message = ngettext("{count} row was set aside", "{count} rows were set aside", report.rejected)
        line = message.format(count=report.rejected)
        if import_options.rejects_path is not None:
            line += " " + _("(written to {path})").format(path=import_options.rejects_path)
        context.say(line + ".")
    return 0


def run_export_members(options: argparse.Namespace, context: CommandContext) -> int:
    target = Path(options.output).expanduser()
    written: list[uuid.UUID] = []
    with context.open() as database:
        with database.reading() as session:
            count = export_members(session, target, branch=options.branch, written_ids=written)
        branch = (options.branch or "").strip()
        description = (
            Label(N_("Members of {branch} (kansli export members)"), branch=branch)
            if branch
            else Label(N_("All members (kansli export members)"))
        )
        record_file_export(database, target, ExportKind.MEMBERS_FILE, description, written)
    context.say(_("Exported {count} members to {path}.").format(count=format_count(count), path=target))
    return 0


def run_find_members(options: argparse.Namespace, context: CommandContext) -> int:
    with context.open(read_only=True) as database, database.reading() as session:
        found = find_members(session, options.text, date.today(), limit=max(1, options.limit))
    context.rows(
        (
            member.member_number or "",
            member.full_name,
            member.branch_name or "",
            _(MEMBERSHIP_STATUS_LABELS[member.status]) if member.status else "",
        )
        for member in found
    )
    return 0 if found else 1


def register_print(print_targets: Any) -> None:
    """Add ``kansli print contact-sheet``."""
    sheet = print_targets.add_parser("contact-sheet", help=_("print a contact sheet of a branch, a body or a caller"))
    which = sheet.add_mutually_exclusive_group(required=True)
    which.add_argument("--branch", metavar=_("NAME"), help=_("the members of this branch (for its chair)"))
    which.add_argument("--body", metavar=_("NAME"), help=_("the people of this board or working group"))
    which.add_argument("--caller", metavar=_("NAME"), help=_("the people this caller has yet to call"))
    sheet.add_argument("--for", dest="recipient", metavar=_("NAME"), help=_("for whom (default: the chair)"))
    sheet.add_argument("--language", choices=i18n.LANGUAGES, help=_("language of the sheet (default: the district's)"))
    sheet.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    sheet.set_defaults(handler=run_print_contact_sheet)


def run_print_contact_sheet(options: argparse.Namespace, context: CommandContext) -> int:
    from reports.members import build_contact_sheet  # ReportLab only for the command that prints

    target = Path(options.output).expanduser()
    today = date.today()
    with context.open() as database:
        with database.reading() as session:
            sheet = contact_sheet_for(
                session,
                today,
                branch=options.branch,
                body=options.body,
                caller=options.caller,
                recipient=options.recipient,
                language=options.language,
            )
        pdf = build_contact_sheet(sheet)
        with atomic_path(target) as partial:
            partial.write_bytes(pdf)
        try:
            with database.transaction(Label(EXPORT_KIND_LABELS[ExportKind.CONTACT_SHEET])) as session:
                record_contact_sheet(session, sheet, str(target))
        except BaseException:
            target.unlink(missing_ok=True)  # a printout the export log does not know about must not stay
            raise
    context.say(
        _("Printed a contact sheet of {subject} for {recipient} ({count} people) to {path}.").format(
            subject=sheet.subject, recipient=sheet.recipient, count=format_count(len(sheet.rows)), path=target
        )
    )
    return 0
