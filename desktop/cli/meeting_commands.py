"""Board meetings on the command line: list them; print an invitation with its agenda, minutes, the register."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from db.core import i18n
from db.core.base import utcnow
from db.core.database import Database
from db.core.district import get_district
from db.core.errors import KansliError
from db.core.files import atomic_path
from db.core.i18n import N_, Label, _, format_count, format_day, ngettext
from db.meetings.meetings import find_meeting, list_meetings
from db.meetings.models import MEETING_KIND_LABELS, MINUTES_STATE_LABELS
from db.meetings.records import MeetingSummary
from db.meetings.settings import find_body
from db.privacy.export_log import ExportKind, record_export
from desktop.cli.context import CommandContext

_FINNISH_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_date(text: str) -> date:
    """A date written as 2026-03-31 or 31.3.2026.

    Raises:
        KansliError: anything else.
    """
    try:
        match = _FINNISH_DATE.match(text)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KansliError(_("{text} is not a date; write it as 2026-03-31 or 31.3.2026.").format(text=text)) from None


def register(subcommands: Any, print_targets: Any) -> None:
    """Add ``kansli meetings list`` and ``kansli print agenda / minutes / decisions``."""
    meetings = subcommands.add_parser("meetings", help=_("board meetings: list them"))
    what = meetings.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    listing = what.add_parser("list", help=_("list the meetings: id, date, state, body, kind and place"))
    listing.add_argument("--body", metavar=_("NAME"), help=_("only this body's meetings (its short name or name)"))
    listing.add_argument("--year", type=int, metavar="YYYY", help=_("only the meetings of this year"))
    listing.set_defaults(handler=run_list)

    for name, help_text, handler in (
        ("agenda", _("print a meeting's invitation with its agenda as PDF"), run_print_agenda),
        ("minutes", _("print a meeting's minutes as PDF"), run_print_minutes),
    ):
        target = print_targets.add_parser(name, help=help_text)
        target.add_argument(
            "--meeting",
            required=True,
            metavar="ID",
            help=_("the meeting as `kansli meetings list` shows it, e.g. PH 5/2026"),
        )
        target.add_argument(
            "--language", choices=i18n.LANGUAGES, help=_("language of the paper (default: the meeting's)")
        )
        target.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
        target.set_defaults(handler=handler)

    decisions = print_targets.add_parser("decisions", help=_("print the register of decisions and actions as PDF"))
    decisions.add_argument("--from", dest="start", required=True, metavar=_("DATE"), help=_("the first day"))
    decisions.add_argument("--to", dest="end", required=True, metavar=_("DATE"), help=_("the last day"))
    decisions.add_argument("--body", metavar=_("NAME"), help=_("only this body's decisions"))
    decisions.add_argument("--language", choices=i18n.LANGUAGES, help=_("language of the register"))
    decisions.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    decisions.set_defaults(handler=run_print_decisions)


def _state(meeting: MeetingSummary, today: date) -> str:
    if not meeting.is_held(today):
        return _("planned")
    return _(MINUTES_STATE_LABELS[meeting.state]).lower()


def run_list(options: argparse.Namespace, context: CommandContext) -> int:
    today = date.today()
    with context.open(read_only=True) as database, database.reading() as session:
        body_id = find_body(session, options.body) if options.body else None
        start = date(options.year, 1, 1) if options.year else None
        end = date(options.year, 12, 31) if options.year else None
        meetings = list_meetings(session, body_id=body_id, start=start, end=end)
    context.rows(
        (
            meeting.code,
            format_day(meeting.held_on),
            _state(meeting, today),
            meeting.body_name,
            _(MEETING_KIND_LABELS[meeting.kind]),
            meeting.place or meeting.online_link or "",
        )
        for meeting in meetings
    )
    return 0


def _write_and_log(database: Database, target: Path, pdf: bytes, description: Label, member_ids: list[Any]) -> None:
    """Write the PDF atomically and record it in the export log; a PDF the log does not know about is removed."""
    with atomic_path(target) as partial:
        partial.write_bytes(pdf)
    try:
        with database.transaction(Label(N_("Meeting papers printed"))) as session:
            record_export(session, ExportKind.OTHER, description, member_ids, file_name=str(target))
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _print_meeting(options: argparse.Namespace, context: CommandContext, build: Callable[[Any], bytes]) -> int:
    from db.meetings.printing import build_meeting_printout

    target = Path(options.output).expanduser()
    with context.open() as database:
        with database.reading() as session:
            meeting_id = find_meeting(session, options.meeting)
            job = build_meeting_printout(session, meeting_id, date.today(), utcnow(), options.language)
        pdf = build(job.printout)
        _write_and_log(database, target, pdf, job.description, job.member_ids)
    context.say(_("Printed {meeting} to {path}.").format(meeting=job.printout.code, path=target))
    return 0


def run_print_agenda(options: argparse.Namespace, context: CommandContext) -> int:
    from reports.meetings import build_agenda  # ReportLab only for the command that prints

    return _print_meeting(options, context, build_agenda)


def run_print_minutes(options: argparse.Namespace, context: CommandContext) -> int:
    from reports.meetings import build_minutes

    return _print_meeting(options, context, build_minutes)


def run_print_decisions(options: argparse.Namespace, context: CommandContext) -> int:
    from db.meetings.printing import build_register_printout
    from reports.meetings import build_decision_register

    start, end = parse_date(options.start), parse_date(options.end)
    target = Path(options.output).expanduser()
    with context.open() as database:
        with database.reading() as session:
            bodies = [find_body(session, options.body)] if options.body else None
            language = options.language or get_district(session).language.value
            job = build_register_printout(session, start, end, language, utcnow(), bodies)
        pdf = build_decision_register(job.printout)
        _write_and_log(database, target, pdf, job.description, job.member_ids)
    count = len(job.printout.decisions)
    context.say(
        ngettext("Printed {count} decision to {path}.", "Printed {count} decisions to {path}.", count).format(
            count=format_count(count), path=target
        )
    )
    return 0
