"""Subcommands of the recognition register: list it, print diplomas.

A printout of one diploma is counted in the register (the number stays, the printings are counted); a printout for
an occasion is a list of names and so is also recorded in the export log, like any other printout of people.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db.core import i18n
from db.core.base import utcnow
from db.core.errors import KansliError
from db.core.files import atomic_path
from db.core.i18n import N_, Label, _, format_day, ngettext
from db.privacy.export_log import ExportKind, record_export
from db.recognition.printout import build_diploma_job
from db.recognition.records import kind_text
from db.recognition.register import find_recognition, list_recognitions, record_printing
from desktop.cli.context import CommandContext

DESIGNS = 3  # reports.recognition.DESIGNS, not imported here: ReportLab only for the command that prints


def register(subcommands: Any, print_targets: Any) -> None:
    """Add ``kansli recognition …`` and ``kansli print diplomas``."""
    recognition = subcommands.add_parser("recognition", help=_("the numbered register of recognitions (diplomas)"))
    what = recognition.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    listing = what.add_parser("list", help=_("list the register: number, date, name, kind, occasion, printings"))
    listing.add_argument("--year", type=int, metavar=_("YEAR"), help=_("only this year's recognitions"))
    listing.add_argument("--occasion", metavar=_("TEXT"), help=_("only the recognitions of this occasion"))
    listing.set_defaults(handler=run_list)

    diplomas = print_targets.add_parser("diplomas", help=_("print diplomas as PDF, one a page"))
    chosen = diplomas.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--recognition", metavar=_("NUMBER"), help=_("one recognition by its number, e.g. 2026-014"))
    chosen.add_argument(
        "--occasion", metavar=_("TEXT"), help=_("every recognition of an occasion, e.g. the spring meeting")
    )
    diplomas.add_argument(
        "--design", type=int, default=1, metavar="N", help=_("the design: 1 classic, 2 modern, 3 festive (default 1)")
    )
    diplomas.add_argument("--landscape", action="store_true", help=_("print in landscape (default: portrait)"))
    diplomas.add_argument(
        "--language", choices=i18n.LANGUAGES, help=_("language of the diplomas (default: each recipient's)")
    )
    diplomas.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    diplomas.set_defaults(handler=run_print_diplomas)


def run_list(options: argparse.Namespace, context: CommandContext) -> int:
    with context.open(read_only=True) as database, database.reading() as session:
        records = list_recognitions(session, year=options.year, occasion=options.occasion)
    context.rows(
        (
            record.number,
            format_day(record.awarded_on),
            record.member_name,
            kind_text(record),
            record.occasion,
            record.decision,
            ngettext("printed {count} time", "printed {count} times", record.print_count).format(
                count=record.print_count
            )
            if record.print_count
            else _("not printed"),
        )
        for record in records
    )
    return 0


def run_print_diplomas(options: argparse.Namespace, context: CommandContext) -> int:
    if not 1 <= options.design <= DESIGNS:
        raise KansliError(
            _("There is no diploma design {number}; choose 1 to {count}.").format(number=options.design, count=DESIGNS)
        )
    from reports.recognition import build_diplomas  # ReportLab only for the command that prints

    target = Path(options.output).expanduser()
    with context.open() as database:
        with database.reading() as session:
            if options.recognition:
                records = [find_recognition(session, options.recognition)]
            else:
                records = list_recognitions(session, occasion=options.occasion)
                if not records:
                    raise KansliError(
                        _("No recognitions for the occasion {occasion}; `kansli recognition list` shows them.").format(
                            occasion=options.occasion
                        )
                    )
            job = build_diploma_job(session, records, options.language)
        pdf = build_diplomas(job.diplomas, design_number=options.design, landscape=options.landscape)
        with atomic_path(target) as partial:
            partial.write_bytes(pdf)
        try:
            with database.transaction(Label(N_("Print diplomas"))) as session:
                record_printing(session, job.recognition_ids, utcnow())
                if len(job.member_ids) > 1:
                    # A batch is a list of names of party members: the export log keeps it like any other list.
                    record_export(session, ExportKind.OTHER, job.description, job.member_ids, file_name=str(target))
        except BaseException:
            target.unlink(missing_ok=True)  # a printout the register and the log do not know about must not stay
            raise
    context.say(
        ngettext("Printed {count} diploma to {path}.", "Printed {count} diplomas to {path}.", len(job.diplomas)).format(
            count=len(job.diplomas), path=target
        )
    )
    return 0
