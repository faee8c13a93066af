"""``kansli report annual``: the annual conference report of a period, as PDF or XLSX.

The report holds figures only (no person's name or contact), so it is not an export of personal data.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from db.annual.report import annual_report
from db.annual.workbook import write_annual_workbook
from db.core import i18n
from db.core.district import get_district
from db.core.errors import KansliError, ValidationError
from db.core.files import atomic_path
from db.core.i18n import _
from db.members.io.rows import parse_date
from desktop.cli.context import CommandContext


def register(subcommands: Any) -> None:
    """Add ``kansli report annual``."""
    report = subcommands.add_parser("report", help=_("reports of the district's work"))
    what = report.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    annual = what.add_parser("annual", help=_("the annual conference report of a period, as PDF or XLSX"))
    annual.add_argument(
        "--from", dest="start", required=True, metavar=_("DATE"), help=_("the first day, e.g. 1.1.2026")
    )
    annual.add_argument("--to", dest="end", required=True, metavar=_("DATE"), help=_("the last day, e.g. 31.12.2026"))
    annual.add_argument(
        "--language", choices=i18n.LANGUAGES, help=_("language of the report (default: the district's)")
    )
    annual.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("a .pdf or .xlsx file"))
    annual.set_defaults(handler=run_annual)


def _day(text: str, today: date) -> date:
    try:
        return parse_date(text, today)
    except ValidationError as error:
        raise KansliError(str(error)) from None


def run_annual(options: argparse.Namespace, context: CommandContext) -> int:
    target = Path(options.output).expanduser()
    suffix = target.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise KansliError(_("Write the report to a .pdf or an .xlsx file."))
    today = date.today()
    start, end = _day(options.start, today), _day(options.end, today)
    with context.open(read_only=True) as database, database.reading() as session:
        report = annual_report(session, start, end)
        language = options.language or get_district(session).language.value
    if suffix == ".xlsx":
        write_annual_workbook(report, target, language)
    else:
        from reports.annual import build_annual_report  # ReportLab only for the command that prints

        pdf = build_annual_report(report, language)
        with atomic_path(target) as partial:
            partial.write_bytes(pdf)
    context.say(_("Wrote the annual conference report to {path}.").format(path=target))
    return 0
