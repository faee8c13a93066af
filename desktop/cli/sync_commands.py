"""Subcommands of sync: ``kansli sync …`` on a district's database, ``kansli central …`` on the central office's store.

The central office's store is an ordinary encrypted Kansli database whose node has the central role, or a database
on a PostgreSQL server (``db.sync.store``); every central command takes it as the global ``--db`` (or ``KANSLI_DB``):
a file, with its key from the keyring or ``KANSLI_KEY``, or a URL ``postgresql+psycopg://user:password@host/name``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from db.core.database import Store, create_database
from db.core.district import DistrictSettings
from db.core.errors import KansliError
from db.core.files import write_file_atomically
from db.core.i18n import N_, Label, _, format_count, format_moment
from db.core.keys import DataKey
from db.core.opening import remember_key
from db.core.values import JsonValue
from db.sync.conflicts import ConflictView, list_conflicts, take_other
from db.sync.enrolment import (
    ENROLMENT_SUFFIX,
    Enrolment,
    EnrolmentReply,
    accept_reply,
    add_district,
    enrol_district,
    init_central,
    is_reply,
    require_node,
)
from db.sync.errors import PackageError, PackageUnreadableError
from db.sync.exchange import (
    ExportResult,
    ImportResult,
    backup_before_import,
    export_package,
    import_package,
    package_history,
    sync_status,
)
from db.sync.models import ConflictWinner, NodeRole, PackageDirection
from db.sync.package import FILE_SUFFIX
from db.sync.register import RegisterOptions, RegisterRefusedError, import_register
from db.sync.store import create_server_store, display_url, is_database_url, open_server_store
from desktop.cli.context import CommandContext
from desktop.cli.setup_commands import _print_recovery_key

EXIT_REFUSED = 1
_MAX_ENROLMENT_FILE = 64 * 1024


def register(subcommands: Any) -> None:
    """Add ``kansli sync …`` and ``kansli central …``."""
    sync = subcommands.add_parser("sync", help=_("exchange packages with the central office"))
    what = sync.add_subparsers(dest="what", metavar=_("WHAT"), required=True)

    enrol = what.add_parser("enrol", help=_("take the enrolment file from the central office; print both fingerprints"))
    enrol.add_argument("file", metavar=_("FILE"), help=_("the enrolment file"))
    enrol.add_argument("-o", "--output", metavar=_("FILE"), help=_("where to write the reply for the central office"))
    enrol.set_defaults(handler=run_enrol)

    export = what.add_parser("export", help=_("make the next package for the central office"))
    export.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the package file to write"))
    export.set_defaults(handler=run_export)

    importing = what.add_parser("import", help=_("import a package from the central office"))
    importing.add_argument("file", metavar=_("FILE"), help=_("the package file"))
    _import_options(importing)
    importing.set_defaults(handler=run_import)

    status = what.add_parser("status", help=_("this computer's enrolment, packages made and imported, what waits"))
    status.set_defaults(handler=run_status)

    conflicts = what.add_parser("conflicts", help=_("list conflicts found by sync, or take the other value of one"))
    conflicts.add_argument(
        "--take-other", type=int, metavar="ID", help=_("put the other value of this conflict in place")
    )
    conflicts.add_argument("--all", action="store_true", help=_("list resolved conflicts too"))
    conflicts.set_defaults(handler=run_conflicts)

    central = subcommands.add_parser("central", help=_("the central office's store: districts and their packages"))
    central_what = central.add_subparsers(dest="what", metavar=_("WHAT"), required=True)

    init = central_what.add_parser("init", help=_("create a new, encrypted central office store"))
    init.add_argument("--name", required=True, metavar=_("NAME"), help=_("the central office's name"))
    init.set_defaults(handler=run_central_init)

    add = central_what.add_parser("add-district", help=_("add a district and write its enrolment file"))
    add.add_argument("--code", required=True, metavar=_("CODE"), help=_("the district's code"))
    add.add_argument("--name", required=True, metavar=_("NAME"), help=_("the district's name"))
    add.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the enrolment file to write"))
    add.set_defaults(handler=run_add_district)

    central_import = central_what.add_parser("import", help=_("import districts' packages and enrolment replies"))
    central_import.add_argument("files", nargs="+", metavar=_("FILE"), help=_("package or reply files"))
    _import_options(central_import)
    central_import.set_defaults(handler=run_central_import)

    central_export = central_what.add_parser("export", help=_("make the next package for one district"))
    central_export.add_argument("--district", required=True, metavar=_("CODE"), help=_("the district's code"))
    central_export.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the package file to write"))
    central_export.set_defaults(handler=run_central_export)

    register_import = central_what.add_parser(
        "import-register", help=_("import the national member register (CSV or XLSX, with a district column)")
    )
    register_import.add_argument("file", metavar=_("FILE"), help=_("the register file"))
    register_import.add_argument(
        "--dry-run", action="store_true", help=_("check the file and report what would change, changing nothing")
    )
    register_import.add_argument(
        "--create-branches", action="store_true", help=_("create the branches the file names that do not exist yet")
    )
    register_import.set_defaults(handler=run_central_import_register)

    central_status = central_what.add_parser("status", help=_("districts, last packages in and out, what waits"))
    central_status.set_defaults(handler=run_central_status)


def _import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--accept-gap",
        action="store_true",
        help=_("import even though earlier packages are missing (a later package carries their changes again)"),
    )
    parser.add_argument(
        "--confirm-future",
        action="store_true",
        help=_("import a package dated more than a day ahead of this computer's clock"),
    )


def _read_small_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(_MAX_ENROLMENT_FILE + 1)
    except OSError as error:
        raise KansliError(
            _("The file {path} could not be read: {reason}").format(path=path, reason=error.strerror)
        ) from None
    return data


def _say_export(context: CommandContext, result: ExportResult) -> None:
    context.say(
        _("Wrote package {number} for {peer} to {path}: {rows} rows.").format(
            number=result.sequence, peer=result.peer_name, path=result.path, rows=format_count(result.rows)
        )
    )


def _import_line(result: ImportResult) -> str:
    if not result.applied:
        return result.message
    line = _("Applied package {number} from {sender}: {inserted} new rows, {updated} changed, {conflicts} conflicts.")
    line = line.format(
        number=result.sequence,
        sender=result.sender,
        inserted=format_count(result.inserted),
        updated=format_count(result.updated),
        conflicts=format_count(result.conflicts),
    )
    if result.missing:
        line += " " + _("Packages {first}–{last} were never imported; their changes came with this one.").format(
            first=result.missing.start, last=result.missing.stop - 1
        )
    return line


def _database_url(options: argparse.Namespace) -> str | None:
    """``--db`` (or ``KANSLI_DB``) when it is a database URL, a store on a server; None for a file."""
    location: str | None = getattr(options, "db", None) or os.environ.get("KANSLI_DB")
    return location if location and is_database_url(location) else None


@contextmanager
def _open_central(options: argparse.Namespace, context: CommandContext, *, read_only: bool = False) -> Iterator[Store]:
    """Open the central office's store: a file as every command opens one, or a store on a server."""
    url = _database_url(options)
    if url is None:
        with context.open(read_only=read_only) as database:
            yield database
        return
    store = open_server_store(url, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def _district_file(options: argparse.Namespace) -> None:
    """A district's database is always a file: refuse a URL (without showing its password)."""
    url = _database_url(options)
    if url is not None:
        raise KansliError(
            _(
                "{url} is a central office store on a database server; a district's database is a file (--db PATH)."
            ).format(url=display_url(url))
        )


# --- the district ------------------------------------------------------------------------------------------------


def run_enrol(options: argparse.Namespace, context: CommandContext) -> int:
    _district_file(options)
    path = Path(options.file).expanduser()
    enrolment = Enrolment.decode(_read_small_file(path))
    with context.open() as database, database.transaction(Label(N_("Enrol for sync"))) as session:
        identity, reply = enrol_district(session, database.node_id, enrolment)
    target = (
        Path(options.output).expanduser()
        if options.output
        else path.with_name(f"{enrolment.district_code}-reply{ENROLMENT_SUFFIX}")
    )
    write_file_atomically(target, reply.encode())
    context.say(
        _("Enrolled with {central} as {district}.").format(central=enrolment.central.name, district=identity.name)
    )
    context.say(
        _("Fingerprint of {name}: {fingerprint}").format(
            name=enrolment.central.name, fingerprint=enrolment.central.fingerprint()
        )
    )
    context.say(
        _("Fingerprint of {name}: {fingerprint}").format(name=identity.name, fingerprint=identity.fingerprint())
    )
    context.say(
        _(
            "Send the reply {path} to the central office, and compare both fingerprints with them by phone before "
            "exchanging packages."
        ).format(path=target)
    )
    return 0


def run_export(options: argparse.Namespace, context: CommandContext) -> int:
    _district_file(options)
    with context.open() as database:
        result = export_package(database, _package_path(options.output))
    _say_export(context, result)
    return 0


def _package_path(text: str) -> Path:
    path = Path(text).expanduser()
    return path if path.suffix else path.with_suffix(FILE_SUFFIX)


def run_import(options: argparse.Namespace, context: CommandContext) -> int:
    _district_file(options)
    path = Path(options.file).expanduser()
    with context.open() as database:
        with database.reading() as session:
            require_node(session, NodeRole.DISTRICT)
        result = import_package(database, path, accept_gap=options.accept_gap, confirm_future=options.confirm_future)
    context.say(_import_line(result))
    return 0


def _status_lines(context: CommandContext, database: Store, role: NodeRole | None = None) -> None:
    with database.reading() as session:
        require_node(session, role)
        status = sync_status(session)
        history = package_history(session)
    kind = _("central office") if status.role is NodeRole.CENTRAL else _("district")
    context.say(_("This computer: {name} ({role}), fingerprint {fingerprint}").format(
        name=status.name, role=kind, fingerprint=status.fingerprint
    ))  # fmt: skip
    for peer in status.peers:
        context.rows(
            [
                (
                    peer.district_code or "",
                    peer.name,
                    peer.fingerprint or _("awaiting the enrolment reply"),
                    _("sent {number} {when}").format(number=peer.last_sent, when=format_moment(peer.last_sent_at)),
                    _("imported {number} {when}").format(
                        number=peer.last_applied, when=format_moment(peer.last_applied_at)
                    ),
                    _("acknowledged {number}").format(number=peer.acknowledged),
                    _("{count} rows to send").format(count=format_count(peer.pending_rows)),
                )
            ]
        )
    context.say(_("Open conflicts: {count}").format(count=format_count(status.open_conflicts)))
    for package, peer_name in history:
        direction = _("out") if package.direction is PackageDirection.OUTGOING else _("in")
        context.rows(
            [
                (
                    format_moment(package.at),
                    direction,
                    peer_name,
                    package.sequence,
                    _("{count} rows").format(count=format_count(package.rows)),
                    _("{count} conflicts").format(count=format_count(package.conflicts)),
                )
            ]
        )


def run_status(options: argparse.Namespace, context: CommandContext) -> int:
    _district_file(options)
    with context.open(read_only=True) as database:
        _status_lines(context, database, NodeRole.DISTRICT)
    return 0


def _values(values: dict[str, JsonValue]) -> str:
    return ", ".join(f"{key}={'' if value is None else value}" for key, value in sorted(values.items()))


def _conflict_row(conflict: ConflictView) -> tuple[object, ...]:
    winner = _("this computer's value kept") if conflict.winner is ConflictWinner.LOCAL else _("the other value kept")
    if conflict.taken_other:
        winner = _("the other value taken")
    elif conflict.decided_elsewhere:
        # --take-other would be refused: say so in the list rather than only when tried.
        winner = _("the other value kept; the other side decides this")
    return (
        conflict.id,
        conflict.record,
        conflict.field_group,
        _values(conflict.local_value),
        _values(conflict.other_value),
        winner,
    )


def run_conflicts(options: argparse.Namespace, context: CommandContext) -> int:
    _district_file(options)
    if options.take_other is not None:
        with context.open() as database:
            conflict = take_other(database, options.take_other)
        context.say(
            _(
                "Took the other value of conflict {number} ({record}, {group}); it goes out with the next package."
            ).format(number=conflict.id, record=conflict.record, group=conflict.field_group)
        )
        return 0
    with context.open(read_only=True) as database, database.reading() as session:
        conflicts = list_conflicts(session, include_resolved=options.all)
    context.rows(_conflict_row(conflict) for conflict in conflicts)
    return 0


# --- the central office --------------------------------------------------------------------------------------------


def run_central_init(options: argparse.Namespace, context: CommandContext) -> int:
    name = options.name.strip()
    url = _database_url(options)
    if url is not None:
        store, identity = create_server_store(
            url, DistrictSettings(name=name), lambda session, node_id: init_central(session, node_id, name)
        )
        store.close()
        context.say(_("Created the central office store of {name} at {path}.").format(name=name, path=store.location))
        context.say(
            _("Fingerprint of {name}: {fingerprint}").format(name=identity.name, fingerprint=identity.fingerprint())
        )
        context.say(
            _(
                "Kansli does not encrypt or back up a store on a database server: protect it and back it up with the "
                "server's own means."
            )
        )
        return 0
    key = DataKey.generate()
    database = create_database(context.database_path, key, DistrictSettings(name=name))
    try:
        with database.transaction(Label(N_("Set up the central office"))) as session:
            identity = init_central(session, database.node_id, name)
    except BaseException:
        database.close()
        raise
    database.close()
    stored = remember_key(database.path, key, context.keystore)
    context.say(_("Created the central office store of {name} at {path}.").format(name=name, path=database.path))
    context.say(
        _("Fingerprint of {name}: {fingerprint}").format(name=identity.name, fingerprint=identity.fingerprint())
    )
    _print_recovery_key(context, key.recovery_text(), stored, context.keystore.backend_name())
    return 0


def run_add_district(options: argparse.Namespace, context: CommandContext) -> int:
    target = Path(options.output).expanduser()
    if not target.suffix:
        target = target.with_suffix(ENROLMENT_SUFFIX)
    with (
        _open_central(options, context) as database,
        database.transaction(Label(N_("Add a district for sync"))) as session,
    ):
        enrolment = add_district(session, options.code, options.name)
        write_file_atomically(target, enrolment.encode())
    context.say(
        _("Wrote the enrolment file of {district} ({code}) to {path}.").format(
            district=enrolment.district_name, code=enrolment.district_code, path=target
        )
    )
    context.say(
        _("Fingerprint of {name}: {fingerprint}").format(
            name=enrolment.central.name, fingerprint=enrolment.central.fingerprint()
        )
    )
    return 0


def _central_import_one(database: Store, path: Path, options: argparse.Namespace, backup: Any) -> str:
    if path.is_file() and path.stat().st_size <= _MAX_ENROLMENT_FILE:
        data = _read_small_file(path)
        if is_reply(data):
            reply = EnrolmentReply.decode(data)
            with database.transaction(Label(N_("Enrol a district for sync"))) as session:
                identity, new = accept_reply(session, reply)
            message = (
                _("Enrolled {district} ({code}).") if new else _("{district} ({code}) was already enrolled.")
            ).format(district=identity.name, code=reply.district_code)
            return (
                message
                + " "
                + _("Fingerprint of {name}: {fingerprint}").format(
                    name=identity.name, fingerprint=identity.fingerprint()
                )
            )
    elif not path.exists():
        raise PackageUnreadableError(path, _("no such file"))
    result = import_package(
        database, path, accept_gap=options.accept_gap, confirm_future=options.confirm_future, backup=backup
    )
    return _import_line(result)


def run_central_import(options: argparse.Namespace, context: CommandContext) -> int:
    refused = 0
    with _open_central(options, context) as database:
        with database.reading() as session:
            require_node(session, NodeRole.CENTRAL)
        backed_up: list[bool] = []

        def backup_once(target: Store) -> None:
            # One backup before the first package applied in this run is enough to go back to.
            if not backed_up:
                backup_before_import(target)
                backed_up.append(True)

        for name in options.files:
            path = Path(name).expanduser()
            try:
                line = _central_import_one(database, path, options, backup_once)
            except (PackageError, KansliError) as error:
                refused += 1
                line = _("refused: {reason}").format(reason=error)
            context.say(f"{path}: {line}")
    return EXIT_REFUSED if refused else 0


def run_central_export(options: argparse.Namespace, context: CommandContext) -> int:
    with _open_central(options, context) as database:
        result = export_package(database, _package_path(options.output), district_code=options.district)
    _say_export(context, result)
    return 0


def run_central_status(options: argparse.Namespace, context: CommandContext) -> int:
    with _open_central(options, context, read_only=True) as database:
        _status_lines(context, database, NodeRole.CENTRAL)
    return 0


def run_central_import_register(options: argparse.Namespace, context: CommandContext) -> int:
    path = Path(options.file).expanduser()
    register_options = RegisterOptions(dry_run=options.dry_run, create_branches=options.create_branches)
    with _open_central(options, context, read_only=options.dry_run) as database:
        try:
            report = import_register(database, path, register_options)
        except RegisterRefusedError as refused:
            context.problems(refused.report)
            raise
    context.problems(report)
    if report.created_branches:
        context.say(_("Created branches: {names}").format(names=", ".join(report.created_branches)))
    summary = _(
        "{created} new and {updated} updated members ({moved} moved to another district, {unchanged} unchanged) "
        "from {path}"
    ).format(
        created=format_count(report.created),
        updated=format_count(report.updated),
        moved=format_count(report.moved),
        unchanged=format_count(report.unchanged),
        path=path,
    )
    if report.dry_run:
        context.say(_("Dry run, nothing was changed. Would import: {summary}.").format(summary=summary))
    else:
        context.say(_("Imported {summary}.").format(summary=summary))
    return 0
