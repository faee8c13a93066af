"""Subcommands of media work and the member paper: lists, labels, press releases, the mailing list, the media log."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from db.core import i18n
from db.core.district import get_district
from db.core.errors import KansliError
from db.core.files import atomic_path
from db.core.i18n import N_, Label, _, format_count, format_day, ngettext
from db.media.export import author_ids, export_media_items
from db.media.figures import media_figures
from db.media.items import MediaFilter, find_item, list_items
from db.media.models import MEDIA_ITEM_KIND_LABELS, MEDIA_ITEM_STATUS_LABELS, MediaItemKind, MediaItemStatus
from db.media.press_release import press_release
from db.newsletters.distribution import (
    issue_distribution,
    issue_title,
    labels_description,
    mailing_list_description,
    mark_labels_printed,
)
from db.newsletters.issues import find_issue, list_issues
from db.newsletters.labels import LAYOUTS, LabelLayout, LabelSettings, read_label_settings
from db.newsletters.mailing_list import write_mailing_list
from db.newsletters.models import ISSUE_STATUS_LABELS
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind, record_export, record_file_export
from desktop.cli.context import CommandContext
from desktop.cli.member_commands import export_targets


def register(subcommands: Any, print_targets: Any) -> None:
    """Add ``kansli media …``, ``kansli newsletters …``, ``kansli print labels|press-release`` and the exports."""
    media = subcommands.add_parser("media", help=_("media work: press releases, op-eds, posts, clippings"))
    media_what = media.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    listing = media_what.add_parser("list", help=_("list the media items: id, date, kind, status, title"))
    listing.add_argument("--year", type=int, metavar=_("YEAR"), help=_("only the items of this year"))
    listing.add_argument("--kind", choices=[kind.value for kind in MediaItemKind], help=_("only this kind"))
    listing.add_argument("--status", choices=[status.value for status in MediaItemStatus], help=_("only this status"))
    listing.set_defaults(handler=run_media_list)

    newsletters = subcommands.add_parser("newsletters", help=_("the member paper and member letters"))
    newsletters_what = newsletters.add_subparsers(dest="what", metavar=_("WHAT"), required=True)
    issues = newsletters_what.add_parser("list", help=_("list the issues: name (e.g. Paper 2/2026), status, dates"))
    issues.set_defaults(handler=run_newsletters_list)

    labels = print_targets.add_parser("labels", help=_("print an issue's address labels as PDF"))
    labels.add_argument("--issue", metavar="ID", help=_("the issue, as `kansli newsletters list` names it"))
    labels.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    labels.add_argument("--outline", action="store_true", help=_("draw the outline of every label"))
    labels.add_argument(
        "--test", action="store_true", help=_("print a test sheet of outlined sample labels (no --issue needed)")
    )
    labels.add_argument("--layout", choices=sorted(LAYOUTS), help=_("the label sheet (default: the setting)"))
    labels.add_argument(
        "--skip", type=int, default=0, metavar="N", help=_("leave the first N labels of the sheet empty")
    )
    labels.set_defaults(handler=run_print_labels)

    release = print_targets.add_parser("press-release", help=_("print a media item as a press release (PDF)"))
    release.add_argument("--item", required=True, metavar="ID", help=_("the item, as `kansli media list` shows it"))
    release.add_argument("--language", choices=i18n.LANGUAGES, help=_("language of the release (default: the item's)"))
    release.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    release.set_defaults(handler=run_print_press_release)

    export_what = export_targets(subcommands)
    mailing = export_what.add_parser(
        "mailing-list", help=_("an issue's e-mail recipients as CSV for the mailing service")
    )
    mailing.add_argument(
        "--issue", required=True, metavar="ID", help=_("the issue, as `kansli newsletters list` names it")
    )
    mailing.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the CSV file to write"))
    mailing.set_defaults(handler=run_export_mailing_list)
    items = export_what.add_parser("media-items", help=_("the media items and the year's figures as XLSX"))
    items.add_argument("--year", type=int, metavar=_("YEAR"), help=_("the year (default: this year)"))
    items.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the XLSX file to write"))
    items.set_defaults(handler=run_export_media_items)


def run_media_list(options: argparse.Namespace, context: CommandContext) -> int:
    media_filter = MediaFilter(
        year=options.year,
        kinds=(MediaItemKind(options.kind),) if options.kind else (),
        statuses=(MediaItemStatus(options.status),) if options.status else (),
    )
    with context.open(read_only=True) as database, database.reading() as session:
        rows = list_items(session, media_filter)
    context.rows(
        (
            row.short_id,
            format_day(row.day) if row.day else "",
            _(MEDIA_ITEM_KIND_LABELS[row.kind]),
            _(MEDIA_ITEM_STATUS_LABELS[row.status]),
            row.title,
            row.author,
            ", ".join(row.outlets),
        )
        for row in rows
    )
    return 0


def run_newsletters_list(options: argparse.Namespace, context: CommandContext) -> int:
    with context.open(read_only=True) as database, database.reading() as session:
        rows = list_issues(session)
    context.rows(
        (
            row.name,
            row.publication,
            _(ISSUE_STATUS_LABELS[row.status]),
            row.theme or "",
            format_day(row.copy_deadline) if row.copy_deadline else "",
            format_day(row.publication_date) if row.publication_date else "",
            ngettext("{count} article, {placed} placed", "{count} articles, {placed} placed", row.articles).format(
                count=format_count(row.articles), placed=format_count(row.articles_placed)
            ),
            ngettext(
                "{sent} of {asked} branch sent news", "{sent} of {asked} branches sent news", row.branches_asked
            ).format(sent=format_count(row.branches_sent), asked=format_count(row.branches_asked))
            if row.branches_asked
            else "",
        )
        for row in rows
    )
    return 0


def _layout(settings: LabelSettings, chosen: str | None) -> LabelLayout:
    """The sheet of the settings, or the one chosen on the command line (the printer's offset kept either way)."""
    return replace(settings, layout=chosen).chosen_layout() if chosen else settings.chosen_layout()


def run_print_labels(options: argparse.Namespace, context: CommandContext) -> int:
    from reports.newsletters import build_label_test_sheet, build_labels  # ReportLab only for the command that prints

    target = Path(options.output).expanduser()
    if options.test:
        with context.open(read_only=True) as database, database.reading() as session:
            layout = _layout(read_label_settings(session), options.layout)
        with atomic_path(target) as partial:
            partial.write_bytes(build_label_test_sheet(layout, i18n.current_language()))
        context.say(_("Printed a test sheet of {layout} labels to {path}.").format(layout=layout.title, path=target))
        return 0
    if not options.issue:
        raise KansliError(_("Name the issue with --issue (or print a test sheet with --test)."))
    today = date.today()
    with context.open() as database:
        with database.reading() as session:
            issue_id = find_issue(session, options.issue)
            name = issue_title(session, issue_id)
            distribution = issue_distribution(session, issue_id, today)
            layout = _layout(read_label_settings(session), options.layout)
            language = get_district(session).language.value
        if not distribution.labels:
            raise KansliError(_("{issue} has no postal recipients; no labels were printed.").format(issue=name))
        title = _("Address labels: {issue}").format(issue=name)
        pdf = build_labels(
            distribution.labels, layout, title=title, language=language, outline=options.outline, skip=options.skip
        )
        with atomic_path(target) as partial:
            partial.write_bytes(pdf)
        try:
            with database.transaction(Label(EXPORT_KIND_LABELS[ExportKind.MEMBER_LIST])) as session:
                mark_labels_printed(session, issue_id, len(distribution.labels))
                record_export(
                    session,
                    ExportKind.MEMBER_LIST,
                    labels_description(name),
                    distribution.postal_member_ids(),
                    file_name=str(target),
                )
        except BaseException:
            target.unlink(missing_ok=True)  # labels the export log does not know about must not stay
            raise
    context.say(
        _("Printed {labels} labels ({people} people) of {issue} to {path}.").format(
            labels=format_count(len(distribution.labels)),
            people=format_count(distribution.postal_people),
            issue=name,
            path=target,
        )
    )
    if distribution.no_address:
        context.say(
            ngettext(
                "{count} reader who gets the paper by post has no postal address.",
                "{count} readers who get the paper by post have no postal address.",
                len(distribution.no_address),
            ).format(count=format_count(len(distribution.no_address)))
        )
    return 0


def run_print_press_release(options: argparse.Namespace, context: CommandContext) -> int:
    from reports.media import build_press_release  # ReportLab only for the command that prints

    target = Path(options.output).expanduser()
    with context.open(read_only=True) as database, database.reading() as session:
        item_id = find_item(session, options.item)
        release = press_release(session, item_id, date.today(), options.language)
    with atomic_path(target) as partial:
        partial.write_bytes(build_press_release(release))
    context.say(_("Printed the press release “{title}” to {path}.").format(title=release.title, path=target))
    return 0


def run_export_mailing_list(options: argparse.Namespace, context: CommandContext) -> int:
    target = Path(options.output).expanduser()
    with context.open() as database:
        with database.reading() as session:
            issue_id = find_issue(session, options.issue)
            name = issue_title(session, issue_id)
            distribution = issue_distribution(session, issue_id, date.today())
        count = write_mailing_list(distribution.emails, target)
        record_file_export(
            database,
            target,
            ExportKind.MEMBERS_FILE,
            mailing_list_description(name),
            [recipient.member_id for recipient in distribution.emails],
            recipient=Label(N_("The mailing service")),
        )
    context.say(
        _("Wrote {count} e-mail addresses of {issue} to {path}.").format(
            count=format_count(count), issue=name, path=target
        )
    )
    return 0


def run_export_media_items(options: argparse.Namespace, context: CommandContext) -> int:
    target = Path(options.output).expanduser()
    year = options.year or date.today().year
    with context.open() as database:
        with database.reading() as session:
            rows = list_items(session, MediaFilter(year=year))
            figures = media_figures(session, year)
        count = export_media_items(rows, target, figures)
        record_file_export(
            database,
            target,
            ExportKind.OTHER,
            Label(N_("Media items of {year} (kansli export media-items)"), year=str(year)),
            author_ids(rows),
        )
    context.say(
        _("Exported {count} media items of {year} to {path}.").format(count=format_count(count), year=year, path=target)
    )
    return 0
