"""Subcommands for the district's GDPR duties: access requests, erasure, retention purges and the privacy log."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import i18n
from db.core.base import utcnow
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, format_count, format_day, format_moment, label_text
from db.members.models import END_REASON_LABELS, Member
from db.privacy.access import access_request, record_access_request
from db.privacy.erasure import AlreadyErasedError, erase_member, is_erased
from db.privacy.events import PRIVACY_EVENT_LABELS, PrivacyEventKind, list_events
from db.privacy.export_log import EXPORT_KIND_LABELS, list_exports
from db.privacy.retention import PURGE_ACTION_LABELS, PurgeCandidate, purge, read_rules
from desktop.cli.context import CommandContext
from reports.privacy_access import write_access_request

EXIT_DECLINED = 1


def register(subcommands: Any) -> None:
    """Add the privacy subcommands to the parser."""
    privacy = subcommands.add_parser("privacy", help=_("access requests, erasure, retention purges, the privacy log"))
    what = privacy.add_subparsers(dest="what", metavar=_("WHAT"), required=True)

    export = what.add_parser("export", help=_("answer an access request: everything held about one person"))
    export.add_argument("--member", required=True, metavar=_("NUMBER"), help=_("the person's member number"))
    export.add_argument("-o", "--output", required=True, metavar=_("FOLDER"), help=_("where to write the two files"))
    export.add_argument(
        "--language",
        choices=i18n.LANGUAGES,
        help=_("language of the PDF (default: the person's language)"),
    )
    export.set_defaults(handler=run_export)

    erase = what.add_parser("erase", help=_("erase one person's personal data (cannot be undone)"))
    erase.add_argument("--member", required=True, metavar=_("NUMBER"), help=_("the person's member number"))
    erase.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    erase.set_defaults(handler=run_erase)

    purge_command = what.add_parser("purge", help=_("purge former members' data by the retention rules"))
    purge_command.add_argument("--dry-run", action="store_true", help=_("show what would happen; change nothing"))
    purge_command.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    purge_command.set_defaults(handler=run_purge)

    log = what.add_parser("log", help=_("list the export log and privacy events, newest first"))
    log.set_defaults(handler=run_log)


def _member_by_number(session: Session, number: str) -> Member:
    member = session.execute(select(Member).where(Member.member_number == number.strip())).scalar_one_or_none()
    if member is None:
        raise KansliError(_("No member has the number {number}.").format(number=number))
    return member


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal; anything but yes is no.

    Raises:
        KansliError: when there is no terminal to ask on (the caller must then be told to give --yes).
    """
    if not _stdin_is_terminal():
        raise KansliError(_("This asks for confirmation on a terminal; to go ahead without asking, add --yes."))
    try:
        # The hint is its own message so that each language can show its own letters.
        hint = _("[y/N]")
        answer = input(f"{question} {hint} ")
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes", _("y").casefold(), _("yes").casefold()}


def run_export(options: argparse.Namespace, context: CommandContext) -> int:
    directory = Path(options.output).expanduser()
    written: Sequence[Path] = ()
    with context.open() as database:
        try:
            with database.transaction(Label(N_("Answer access request"))) as session:
                member = _member_by_number(session, options.member)
                report = access_request(session, member.id, date.today())
                language = options.language or (
                    report.member_language if report.member_language in i18n.LANGUAGES else i18n.current_language()
                )
                written = write_access_request(report, directory, language)
                record_access_request(session, report, [str(path) for path in written])
        except BaseException:
            # Files of personal data the export log does not know about must not be left behind.
            for path in written:
                path.unlink(missing_ok=True)
            raise
    for path in written:
        context.say(str(path))
    return 0


def run_erase(options: argparse.Namespace, context: CommandContext) -> int:
    with context.open() as database:
        with database.reading() as session:
            member = _member_by_number(session, options.member)
            if is_erased(member):
                raise AlreadyErasedError
            member_id, name = member.id, f"{member.first_name} {member.last_name}"
        question = _("Erase all personal data of {name} (member {number})? This cannot be undone.").format(
            name=name, number=options.member
        )
        if not options.yes and not _confirm(question):
            context.say(_("Nothing was erased."))
            return EXIT_DECLINED
        with database.transaction(Label(N_("Erase personal data"))) as session:
            result = erase_member(session, member_id, utcnow())
    context.say(
        _("Erased the personal data of member {number}; {count} change-log records were scrubbed.").format(
            number=options.member, count=format_count(result.log_records_scrubbed)
        )
    )
    return 0


def _candidate_line(candidate: PurgeCandidate) -> tuple[str, str, str, str]:
    reason = _(END_REASON_LABELS[candidate.reason]) if candidate.reason else _("Ended, no reason recorded")
    return (
        candidate.member_number or str(candidate.member_id)[:8],
        reason,
        _("ended {date}").format(date=format_day(candidate.ended_on)),
        _(PURGE_ACTION_LABELS[candidate.action]),
    )


def run_purge(options: argparse.Namespace, context: CommandContext) -> int:
    today = date.today()
    with context.open(read_only=options.dry_run) as database:
        with database.reading() as session:
            preview = purge(session, read_rules(session), today, dry_run=True)
        context.rows(_candidate_line(candidate) for candidate in preview.candidates)
        kept = _("{count} kept by their consent to the archive").format(count=format_count(preview.kept_by_consent))
        if options.dry_run:
            context.say(
                _("Dry run, nothing was changed. Would purge {count} people; {kept}.").format(
                    count=format_count(len(preview.candidates)), kept=kept
                )
            )
            return 0
        if preview.candidates and not options.yes:
            question = _("Purge the personal data of {count} people? This cannot be undone.").format(
                count=format_count(len(preview.candidates))
            )
            if not _confirm(question):
                context.say(_("Nothing was purged."))
                return EXIT_DECLINED
        with database.transaction(Label(N_("Retention purge"))) as session:
            report = purge(session, read_rules(session), today, dry_run=False)
    context.say(
        _("Purged: {erased} people erased, {kept_name} kept as name and positions of trust; {kept}.").format(
            erased=format_count(report.erased), kept_name=format_count(report.kept_name), kept=kept
        )
    )
    return 0


def run_log(options: argparse.Namespace, context: CommandContext) -> int:
    with context.open(read_only=True) as database, database.reading() as session:
        exports = list_exports(session)
        events = list_events(session)
    lines: list[tuple[Any, tuple[str, ...]]] = []
    for export in exports:
        recipient = label_text(export.recipient) if export.recipient else None
        where = ", ".join(part for part in (recipient, export.file_name) if part)
        line = (f"E{export.id}", format_moment(export.at), _(EXPORT_KIND_LABELS[export.kind]))
        lines.append((export.at, (*line, str(export.people), label_text(export.description), where)))
    for event in events:
        kind = _(PRIVACY_EVENT_LABELS[event.kind]) if isinstance(event.kind, PrivacyEventKind) else event.kind
        line = (f"P{event.id}", format_moment(event.at), kind)
        lines.append((event.at, (*line, str(event.people), label_text(event.description), "")))
    # Newest first across both logs; the ids keep the order of entries written in the same instant.
    lines.sort(key=lambda item: (item[0], item[1][0][0], int(item[1][0][1:])), reverse=True)
    context.rows(line for _at, line in lines)
    return 0
