"""Subcommands of calling campaigns: list them, read typed-in results, print call sheets."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from db.calling.callers import list_callers
from db.calling.campaigns import find_campaign, list_campaigns
from db.calling.printing import build_print_job, choose_sheets
from db.calling.results import ResultsRefusedError, import_results
from db.calling.sheets import mark_printed, parse_sheet_numbers
from db.core import i18n
from db.core.base import utcnow
from db.core.errors import KansliError
from db.core.files import atomic_path
from db.core.i18n import N_, Label, _, format_count, format_day, ngettext
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind, record_export
from desktop.cli.context import CommandContext


def register(subcommands: Any, print_targets: Any) -> None:
    """Add ``kansli calling …`` and ``kansli print call-sheets``."""
    calling = subcommands.add_parser("calling", help=_("calling campaigns: list them, read results typed in a file"))
    what = calling.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    listing = what.add_parser("list", help=_("list the campaigns: id, name and progress"))
    listing.set_defaults(handler=run_list)
    results = what.add_parser("results", help=_("enter call results typed into a CSV or XLSX file"))
    results.add_argument("file", metavar=_("FILE"), help=_("columns: sheet, row, code, q1, q2 …, note"))
    results.add_argument("--campaign", metavar="ID", help=_("the campaign (default: the one open campaign)"))
    results.set_defaults(handler=run_results)

    sheets = print_targets.add_parser("call-sheets", help=_("print a campaign's call sheets as PDF"))
    sheets.add_argument(
        "--campaign",
        required=True,
        metavar="ID",
        help=_("the campaign: the id that `kansli calling list` shows, or the name"),
    )
    sheets.add_argument("--caller", metavar=_("NAME"), help=_("only this caller's sheets"))
    sheets.add_argument("--sheets", metavar="3-7", help=_("only these sheets, e.g. 3-7 or 2,5"))
    sheets.add_argument("--language", choices=i18n.LANGUAGES, help=_("language of the sheets (default: the caller's)"))
    sheets.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    sheets.set_defaults(handler=run_print_call_sheets)


def run_list(options: argparse.Namespace, context: CommandContext) -> int:
    today = date.today()
    with context.open(read_only=True) as database, database.reading() as session:
        campaigns = list_campaigns(session)
    context.rows(
        (
            campaign.short_id,
            campaign.name,
            _("open") if campaign.is_active(today) else _("closed") if campaign.closed_on else _("not running"),
            ngettext(
                "{sheets} sheet, {called} called, {reached} reached",
                "{sheets} sheets, {called} called, {reached} reached",
                campaign.sheets,
            ).format(
                sheets=format_count(campaign.sheets),
                called=format_count(campaign.members_called),
                reached=format_count(campaign.members_reached),
            ),
            format_day(campaign.starts_on) if campaign.starts_on else "",
            format_day(campaign.ends_on) if campaign.ends_on else "",
        )
        for campaign in campaigns
    )
    return 0


def run_results(options: argparse.Namespace, context: CommandContext) -> int:
    path = Path(options.file).expanduser()
    with context.open() as database:
        campaign_id = None
        if options.campaign:
            with database.reading() as session:
                campaign_id = find_campaign(session, options.campaign)
        try:
            report = import_results(database, path, campaign_id, date.today())
        except ResultsRefusedError as refused:
            for problem in refused.report.problems:
                context.say(f"  {_('line {line}').format(line=problem.line)}: {problem.reason}")
            raise
    if report.unknown_columns:
        context.say(_("Columns not recognised (ignored): {columns}").format(columns=", ".join(report.unknown_columns)))
    context.say(
        ngettext("Entered {count} call from {path}.", "Entered {count} calls from {path}.", report.entered).format(
            count=format_count(report.entered), path=path
        )
    )
    return 0


def run_print_call_sheets(options: argparse.Namespace, context: CommandContext) -> int:
    from reports.calling import build_call_sheets  # ReportLab only for the command that prints

    target = Path(options.output).expanduser()
    numbers = parse_sheet_numbers(options.sheets) if options.sheets else None
    with context.open() as database:
        with database.reading() as session:
            campaign_id = find_campaign(session, options.campaign)
            sheets = choose_sheets(session, campaign_id, numbers, options.caller)
            if not sheets:
                raise KansliError(_no_sheets_message(session, campaign_id, numbers, options.caller))
            job = build_print_job(session, campaign_id, sheets, date.today(), utcnow(), options.language)
        pdf = build_call_sheets(job.printout)
        with atomic_path(target) as partial:
            partial.write_bytes(pdf)
        try:
            with database.transaction(Label(EXPORT_KIND_LABELS[ExportKind.CALL_SHEET])) as session:
                mark_printed(session, job.sheet_ids)
                record_export(
                    session,
                    ExportKind.CALL_SHEET,
                    job.description,
                    job.member_ids,
                    recipient=Label(
                        N_("Callers: {names}"), names=", ".join(sorted({sheet.caller for sheet in job.printout.sheets}))
                    ),
                    file_name=str(target),
                )
        except BaseException:
            target.unlink(missing_ok=True)  # a printout the export log does not know about must not stay
            raise
    context.say(
        ngettext(
            "Printed {sheets} call sheet ({people}) to {path}.",
            "Printed {sheets} call sheets ({people}) to {path}.",
            len(job.sheet_ids),
        ).format(
            sheets=format_count(len(job.sheet_ids)),
            people=ngettext("{count} person", "{count} people", len(job.member_ids)).format(
                count=format_count(len(job.member_ids))
            ),
            path=target,
        )
    )
    return 0


def _no_sheets_message(session: Session, campaign_id: UUID, numbers: list[int] | None, caller: str | None) -> str:
    """Why nothing matched, with what would have: the callers who have sheets, or the sheet numbers there are."""
    sheets = choose_sheets(session, campaign_id, numbers)
    if caller and sheets:
        with_sheets = {sheet.caller_id for sheet in sheets}
        names = sorted(ref.name for ref in list_callers(session, include_inactive=True) if ref.id in with_sheets)
        return _("No call sheets of {caller}; these callers have sheets: {names}.").format(
            caller=caller, names=", ".join(names)
        )
    numbered = [sheet.number for sheet in choose_sheets(session, campaign_id)]
    if numbers and numbered:
        return _("No call sheets match; the campaign's sheets are numbered {first}–{last}.").format(
            first=min(numbered), last=max(numbered)
        )
    return _("No call sheets match; `kansli calling list` shows the campaigns.")
