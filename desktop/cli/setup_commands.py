"""Subcommands that make, check, back up and restore the database file."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from db.core.backup import MANUAL, automatic_backup, copy_database, describe_backup, restore_backup
from db.core.district import Country, DistrictSettings, Language
from db.core.errors import DatabaseExistsError, NoKeyError
from db.core.health import check_database_file
from db.core.i18n import _, format_count
from db.core.keys import key_from_environment
from db.core.opening import remember_key, resolve_key
from db.setup import create_district
from desktop.cli.context import CommandContext


def register(subcommands: Any) -> None:
    """Add the setup subcommands to the parser."""
    init = subcommands.add_parser("init", help=_("create a new, encrypted district database"))
    init.add_argument("--district", required=True, metavar=_("NAME"), help=_("the district's name"))
    init.add_argument("--code", help=_("the district's short code"))
    init.add_argument("--country", choices=[c.value for c in Country], default="FI", help=_("country (phone numbers)"))
    init.add_argument(
        "--lang",
        dest="district_lang",
        choices=[lang.value for lang in Language],
        default="fi",
        help=_("the district's language for printouts"),
    )
    init.set_defaults(handler=run_init)

    demo = subcommands.add_parser("demo", help=_("create a demo district database to try Kansli with"))
    demo.add_argument("--members", type=_count, default=2000, help=_("how many people (default 2000)"))
    demo.add_argument("--seed", type=int, default=1, help=_("random seed, for the same demo every time"))
    demo.add_argument("--force", action="store_true", help=_("put an existing file aside and create the demo"))
    demo.set_defaults(handler=run_demo)

    check = subcommands.add_parser("check", help=_("check the database's integrity; exit 0 only when healthy"))
    check.set_defaults(handler=run_check)

    backup = subcommands.add_parser("backup", help=_("write an encrypted backup of the database"))
    backup.add_argument("-o", "--output", metavar=_("FILE"), help=_("where to write it (default: the backup folder)"))
    backup.set_defaults(handler=run_backup)

    restore = subcommands.add_parser("restore", help=_("replace the database with a backup (the current one is kept)"))
    restore.add_argument("file", metavar=_("FILE"), help=_("the backup file"))
    restore.set_defaults(handler=run_restore)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_("give a whole number, 0 or more"))
    return value


def _print_recovery_key(context: CommandContext, key_text: str, stored: bool, backend: str) -> None:
    context.say(f"Recovery key: {key_text}")
    if stored:
        context.say(_("The key is kept in this computer's keyring ({backend}).").format(backend=backend))
    else:
        context.say(
            _(
                "There is no safe keyring on this computer: keep the recovery key, and give it in the KANSLI_KEY "
                "environment variable to open the database."
            )
        )
    context.say(_("Write the recovery key down and keep it safe: without it a lost keyring means lost data."))


def run_init(options: argparse.Namespace, context: CommandContext) -> int:
    settings = DistrictSettings(
        name=options.district.strip(),
        code=options.code,
        country=Country(options.country),
        language=Language(options.district_lang),
    )
    database, key, stored = create_district(context.database_path, settings, context.keystore)
    database.close()
    context.say(_("Created the database of {district} at {path}.").format(district=settings.name, path=database.path))
    _print_recovery_key(context, key.recovery_text(), stored, context.keystore.backend_name())
    return 0


def run_demo(options: argparse.Namespace, context: CommandContext) -> int:
    from db.demo import DEMO_DISTRICT, generate_demo

    path = context.database_path
    if path.exists():
        if not options.force:
            raise DatabaseExistsError(path)
        aside = path.with_name(f"{path.name}.replaced-{datetime.now():%Y%m%d-%H%M%S}")
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                sidecar.rename(aside.with_name(aside.name + suffix))
        context.say(_("The existing file was put aside as {path}.").format(path=aside))
    database, key, stored = create_district(path, DEMO_DISTRICT, context.keystore)
    try:
        summary = generate_demo(database, members=options.members, seed=options.seed)
    except BaseException:
        database.close()
        path.unlink(missing_ok=True)
        raise
    database.close()
    context.say(
        _(
            "Created the demo district at {path}: {branches} branches, {members} members and {supporters} supporters."
        ).format(
            path=database.path,
            branches=summary.branches,
            members=format_count(summary.members),
            supporters=format_count(summary.supporters),
        )
    )
    _print_recovery_key(context, key.recovery_text(), stored, context.keystore.backend_name())
    return 0


def run_check(options: argparse.Namespace, context: CommandContext) -> int:
    # Not context.open(): a file too damaged to open still gets its pages checked and listed.
    results = check_database_file(context.database_path, resolve_key(context.database_path, context.keystore))
    context.rows((("ok" if result.ok else "FAIL"), result.name, result.detail) for result in results)
    healthy = all(result.ok for result in results)
    context.say(_("The database is healthy.") if healthy else _("The database has problems (see above)."))
    return 0 if healthy else 1


def run_backup(options: argparse.Namespace, context: CommandContext) -> int:
    key = resolve_key(context.database_path, context.keystore)
    if options.output:
        target = copy_database(context.database_path.resolve(), key, Path(options.output).expanduser())
    else:
        target = automatic_backup(context.database_path.resolve(), key, MANUAL)
    context.say(_("Wrote an encrypted backup to {path}.").format(path=target))
    return 0


def run_restore(options: argparse.Namespace, context: CommandContext) -> int:
    backup = Path(options.file).expanduser()
    path = context.database_path
    if path.exists():
        key = resolve_key(path, context.keystore)
    else:
        # Restoring onto a new computer: the backup's recovery key is the only way to open it.
        given = key_from_environment()
        if given is None:
            raise NoKeyError
        key = given
    summary = describe_backup(backup, key)
    safety = restore_backup(path, backup, key)
    remember_key(path.resolve(), key, context.keystore)
    context.say(
        _("Restored {path}: {members} members, {branches} branches.").format(
            path=backup, members=format_count(summary.members), branches=summary.branches
        )
    )
    if safety is not None:
        context.say(_("The database as it was before is kept in {path}.").format(path=safety))
    return 0
