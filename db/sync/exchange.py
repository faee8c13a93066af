"""Making and importing packages: the change log to a file, a file to the database (docs/SYNC.md, "Exchange").

**Export.** A package to a peer carries every synced row named by this node's change log since the last of its
records the peer has acknowledged, with the row's values as they are now and the version of each field group;
rows the peer sent an older value of are sent again too. Records the last imports *from that peer* wrote are
left out (the peer has those values already). What a package carries is re-sent until the peer acknowledges it,
so a lost package costs nothing. The package's number on the channel is never reused: the number and the
history are committed before the file gets its final name.

**Import.** Every check of the file (:func:`db.sync.package.read_package`) and of its rows comes first, then a
backup (reason ``before-sync-import``), then one transaction with origin ``sync``: the peer's acknowledgements,
the rows merged by :mod:`db.sync.merge`, the channel's state. A refused package changes nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from db.core import migrate
from db.core.backup import BEFORE_SYNC_IMPORT, automatic_backup
from db.core.base import utcnow
from db.core.changelog import ChangeRecord, Origin, current_operation_id
from db.core.collection import without_cycle_collection
from db.core.database import Database, Store
from db.core.errors import KansliError
from db.core.hlc import HlcStamp, wall_clock_ms
from db.core.i18n import N_, Label, _
from db.members.models import Member
from db.sync.enrolment import (
    central_node_id,
    district_peer,
    own_keys,
    peer_identity,
    require_node,
)
from db.sync.errors import PackageError, PackageUnreadableError
from db.sync.incoming import ChangesDoNotFitError, parse_changes
from db.sync.keys import NodeIdentity
from db.sync.merge import MergeContext, apply_changes
from db.sync.merge_conflicts import conflict_lines
from db.sync.models import (
    NodeRole,
    PackageDirection,
    PackageResult,
    SyncConflict,
    SyncNode,
    SyncPackage,
    SyncPeer,
    SyncResend,
)
from db.sync.package import AlreadyApplied, AppliedPackage, read_package, write_package
from db.sync.relay import rows_for_district
from db.sync.row_values import read_rows
from db.sync.rules import synced_entities
from db.sync.versions import VersionStore, index_change_log, max_log_seq, rows_by_entity

SCHEMA_VERSION: Final = int(migrate.head_revision())
# A package stamped further ahead of this computer's clock than this is held until the user confirms it: a laptop
# whose clock is set a year ahead would otherwise win every change for a year.
FUTURE_LIMIT_MS: Final = 24 * 60 * 60 * 1000


class FuturePackageError(PackageError):
    """The package is genuine, but stamped more than a day ahead of this computer's clock: held for confirmation."""

    def __init__(self, sender_name: str, sequence: int) -> None:
        super().__init__(
            _(
                "Package {number} from {sender} is dated more than a day ahead of this computer's clock; one of the "
                "clocks is wrong. It was not imported. Check both clocks; to import it anyway, confirm it."
            ).format(number=sequence, sender=sender_name)
        )
        self.sequence = sequence


@dataclass(frozen=True)
class ExportResult:
    """A package made: where, for whom, its number and how many rows it carries."""

    path: Path
    peer_name: str
    sequence: int
    rows: int
    size: int


@dataclass(frozen=True)
class ImportResult:
    """What importing one package did.

    Attributes:
        applied: False when the package had been imported before (nothing was done).
        sender: the sender's name.
        sequence: the package's number.
        rows: rows the package carried.
        inserted: rows new here.
        updated: rows changed here.
        conflicts: conflicts recorded.
        missing: package numbers skipped over (a gap the user accepted).
        message: for a package imported before, the sentence that says so.
    """

    applied: bool
    sender: str
    sequence: int
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    conflicts: int = 0
    missing: range = field(default_factory=lambda: range(0))
    message: str = ""


# --- export ------------------------------------------------------------------------------------------------------


def _imported_operations(peer_id: int) -> Any:
    return select(SyncPackage.operation_id).where(
        SyncPackage.peer_id == peer_id,
        SyncPackage.direction == PackageDirection.INCOMING,
        SyncPackage.operation_id.is_not(None),
    )


def rows_to_send(session: Session, peer: SyncPeer, upto: int) -> set[tuple[str, str]]:
    """The rows a package to ``peer`` carries: logged since its acknowledgement, and those to send again.

    On the central office, only those of them that concern the district ``peer`` (:mod:`db.sync.relay`).
    """
    entities = synced_entities()
    logged = session.execute(
        select(ChangeRecord.entity, ChangeRecord.row_id)
        .where(
            ChangeRecord.seq > peer.acked_seq,
            ChangeRecord.seq <= upto,
            ChangeRecord.operation_id.not_in(_imported_operations(peer.id)),
        )
        .distinct()
    ).tuples()
    rows = {(entity, row_id) for entity, row_id in logged if entity in entities}
    again = session.execute(select(SyncResend.entity, SyncResend.row_id).where(SyncResend.peer_id == peer.id))
    resend = {(entity, row_id) for entity, row_id in again.tuples() if entity in entities}
    if peer.role is NodeRole.DISTRICT and peer.district_code is not None:
        # The central office relays to each district only what concerns it (db.sync.relay).
        return rows_for_district(session, peer.district_code, rows, resend)
    return rows | resend


def _row_lines(session: Session, store: VersionStore, rows: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """The package's lines: each row's values and versions (and open conflicts), parents before children."""
    entities = synced_entities()
    grouped = rows_by_entity(rows)
    lines: list[dict[str, Any]] = []
    for name, rules in entities.items():
        row_ids = sorted(grouped.get(name, ()))
        if not row_ids:
            continue
        store.load(name, row_ids)
        conflicts = conflict_lines(session, name, row_ids)
        # Most of the table (a first package): one read of it all, not thousands of lookups by id.
        whole_table = len(row_ids) * 2 > _table_size(session, rules.table)
        for row_id, values in read_rows(session, rules, row_ids, whole_table=whole_table):
            versions = store.get_or_zero(name, row_id)
            line: dict[str, Any] = {
                "entity": name,
                "id": row_id,
                "values": values,
                "version": [versions.base.version.hlc, versions.base.version.node],
            }
            groups = {
                group: [value.version.hlc, value.version.node]
                for group, value in versions.groups.items()
                if group in rules.groups
            }
            if groups:
                line["groups"] = groups
            current = [
                conflict
                for conflict in conflicts.get(row_id, ())
                if conflict["winner"] == groups.get(conflict["group"], line["version"])
            ]
            if current:
                line["conflicts"] = current
            lines.append(line)
    return lines


def _table_size(session: Session, table: Any) -> int:
    return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def _write_partial(path: Path, data: bytes) -> Path:
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise KansliError(
            _("The sync package could not be written to {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    return partial


@without_cycle_collection
def export_package(database: Store, path: Path, *, district_code: str | None = None) -> ExportResult:
    """Make the next package for the peer (the central office, or on the central office the district ``code``).

    Raises:
        KansliError: when this node is not enrolled, the peer has not answered yet, or the file cannot be written.
    """
    partial: Path | None = None
    try:
        with database.transaction(Label(N_("Make a sync package")), Origin.SYNC) as session:
            if district_code is None:
                node = require_node(session, NodeRole.DISTRICT)
                peer = session.execute(select(SyncPeer).where(SyncPeer.role == NodeRole.CENTRAL)).scalar_one()
            else:
                node = require_node(session, NodeRole.CENTRAL)
                peer = district_peer(session, district_code)
            recipient = peer_identity(peer)
            store = VersionStore(session)
            index_change_log(session, store)
            forget_erased_conflicts(session)
            upto = max_log_seq(session)
            rows = rows_to_send(session, peer, upto)
            lines = _row_lines(session, store, rows)
            sequence = peer.last_sent_sequence + 1
            built = write_package(
                lines,
                sender=own_keys(node),
                recipient=recipient,
                sequence=sequence,
                previous_hash=peer.last_sent_hash,
                schema_version=SCHEMA_VERSION,
                created=database.clock.tick(),
                acks={recipient.node_id: peer.last_applied_sequence},
            )
            peer.last_sent_sequence = sequence
            peer.last_sent_hash = built.package_hash
            session.add(
                SyncPackage(
                    peer_id=peer.id,
                    direction=PackageDirection.OUTGOING,
                    sequence=sequence,
                    at=utcnow(),
                    rows=len(lines),
                    result=PackageResult.EXPORTED,
                    package_hash=built.package_hash,
                    log_to=upto,
                )
            )
            session.execute(update(SyncResend).where(SyncResend.peer_id == peer.id).values(sent_in=sequence))
            partial = _write_partial(path, built.data)
        os.replace(partial, path)
    except BaseException:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    return ExportResult(path, recipient.name, sequence, len(lines), len(built.data))


# --- import ------------------------------------------------------------------------------------------------------


def _known(session: Session) -> tuple[SyncNode, dict[Any, NodeIdentity], dict[Any, AppliedPackage]]:
    node = require_node(session)
    senders: dict[Any, NodeIdentity] = {}
    applied: dict[Any, AppliedPackage] = {}
    for peer in session.execute(select(SyncPeer).where(SyncPeer.signing_key.is_not(None))).scalars():
        identity = peer_identity(peer)
        senders[identity.node_id] = identity
        applied[identity.node_id] = AppliedPackage(peer.last_applied_sequence, peer.last_applied_hash)
    return node, senders, applied


def _latest_stamp(package: Any, changes: Iterable[Any]) -> HlcStamp:
    latest = package.header.created.encode()
    for change in changes:
        latest = max(latest, change.base.hlc, *(version.hlc for version in change.groups.values()))
    return HlcStamp.parse(latest)


@without_cycle_collection
def import_package(
    database: Store,
    source: Path | bytes,
    *,
    accept_gap: bool = False,
    confirm_future: bool = False,
    backup: Callable[[Store], object] | None = None,
    now_ms: Callable[[], int] = wall_clock_ms,
) -> ImportResult:
    """Check a package, back up, and apply it in one transaction (or refuse it, changing nothing).

    Args:
        database: this node's open database.
        source: the package file, or its bytes.
        accept_gap: import even though earlier packages from the sender are missing (they are carried again).
        confirm_future: import a package stamped more than a day ahead of this computer's clock.
        backup: makes the backup before anything is written; :func:`backup_before_import` by default.
        now_ms: the wall clock (for tests of the future-stamp rule).

    Returns:
        What was done; ``applied`` is False for a package imported before.

    Raises:
        PackageError: a subclass naming why the package was refused or held; nothing was changed.
    """
    with database.reading() as session:
        node, senders, applied = _known(session)
        keys = own_keys(node)
    if isinstance(source, Path) and source.is_dir():
        raise PackageUnreadableError(source, _("a folder, not a file"))
    package = read_package(
        source,
        own_keys=keys,
        known_senders=senders,
        last_applied=applied,
        schema_version=SCHEMA_VERSION,
        accept_gap=accept_gap,
    )
    if isinstance(package, AlreadyApplied):
        return ImportResult(False, package.sender.name, package.header.sequence, message=package.message)
    sender = package.sender
    changes = parse_changes(package.changes, sender.name)
    latest = _latest_stamp(package, changes)
    if not confirm_future and latest.wall_ms > now_ms() + FUTURE_LIMIT_MS:
        raise FuturePackageError(sender.name, package.header.sequence)
    (backup or backup_before_import)(database)
    try:
        with database.transaction(
            Label(
                N_("Import sync package {number} from {sender}"),
                number=str(package.header.sequence),
                sender=sender.name,
            ),
            Origin.SYNC,
        ) as session:
            node = require_node(session)
            peer = session.execute(select(SyncPeer).where(SyncPeer.node_id == sender.node_id)).scalar_one()
            _take_acknowledgement(session, peer, package.header.acks.get(node.node_id, 0))
            store = VersionStore(session)
            index_change_log(session, store)
            database.clock.observe(latest)
            context = MergeContext(
                own_node=str(node.node_id),
                central_node=central_node_id(session, node),
                peer_id=peer.id,
                peer_node=str(sender.node_id),
                peer_name=sender.name,
                acked_seq=peer.acked_seq,
            )
            outcome = apply_changes(session, store, changes, context)
            forget_erased_conflicts(session)
            peer.last_applied_sequence = package.header.sequence
            peer.last_applied_hash = package.package_hash
            session.add(
                SyncPackage(
                    peer_id=peer.id,
                    direction=PackageDirection.INCOMING,
                    sequence=package.header.sequence,
                    at=utcnow(),
                    rows=outcome.rows,
                    conflicts=outcome.conflicts,
                    result=PackageResult.APPLIED,
                    package_hash=package.package_hash,
                    operation_id=current_operation_id(session),
                )
            )
    except (IntegrityError, DataError) as error:
        # DataError: a value the server refuses that SQLite takes (text longer than its column, a NUL character).
        raise ChangesDoNotFitError(sender.name, str(error.orig)) from None
    return ImportResult(
        True,
        sender.name,
        package.header.sequence,
        rows=outcome.rows,
        inserted=outcome.inserted,
        updated=outcome.updated,
        conflicts=outcome.conflicts,
        missing=package.missing,
    )


def backup_before_import(database: Store) -> None:
    """The backup made before a package is applied (kept the newest 10 of its kind).

    Only a file is backed up: a server store (the central office on PostgreSQL) is backed up by its server's own
    means, and the import is one transaction there as well. It is the quick copy of the files as they are
    (:func:`db.core.backup.snapshot_database`): on a central office file the page-by-page copy took as long as the
    import itself.
    """
    if isinstance(database, Database):
        automatic_backup(database.path, database.key, BEFORE_SYNC_IMPORT, quick=True)


def _take_acknowledgement(session: Session, peer: SyncPeer, acknowledged: int) -> None:
    """The peer says it imported our packages up to ``acknowledged``: it holds our change log that far."""
    if acknowledged > peer.last_sent_sequence:
        # Our database went back to an older backup since: never number a package again as one already sent.
        peer.last_sent_sequence = acknowledged
    if acknowledged <= peer.acked_package:
        return
    peer.acked_package = acknowledged
    covered = session.execute(
        select(func.max(SyncPackage.log_to)).where(
            SyncPackage.peer_id == peer.id,
            SyncPackage.direction == PackageDirection.OUTGOING,
            SyncPackage.sequence <= acknowledged,
        )
    ).scalar()
    peer.acked_seq = max(peer.acked_seq, int(covered or 0))
    session.execute(
        delete(SyncResend).where(
            SyncResend.peer_id == peer.id, and_(SyncResend.sent_in.is_not(None), SyncResend.sent_in <= acknowledged)
        )
    )


def forget_erased_conflicts(session: Session) -> int:
    """Delete the conflicts recorded on erased people's rows: they hold the values the erasure removed."""
    conflicts = list(session.execute(select(SyncConflict)).scalars())
    if not conflicts:
        return 0
    entities = synced_entities()
    owners: dict[int, str] = {}
    for conflict in conflicts:
        rules = entities.get(conflict.entity)
        if conflict.entity == "member":
            owners[conflict.id] = conflict.row_id
        elif rules is not None and rules.has_member_owner:
            owner = session.execute(
                select(rules.table.c.member_id).where(rules.table.c.id == uuid.UUID(conflict.row_id))
            ).scalar()
            if owner is not None:
                owners[conflict.id] = str(owner)
    if not owners:
        return 0
    erased = {
        str(member_id)
        for (member_id,) in session.execute(
            select(Member.id).where(
                Member.erased_at.is_not(None), Member.id.in_({uuid.UUID(value) for value in owners.values()})
            )
        )
    }
    gone = [conflict_id for conflict_id, owner in owners.items() if owner in erased]
    if gone:
        session.execute(delete(SyncConflict).where(SyncConflict.id.in_(gone)))
    return len(gone)


# --- status ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerStatus:
    """One peer as ``sync status`` and ``central status`` show it."""

    name: str
    role: NodeRole
    district_code: str | None
    fingerprint: str | None
    last_sent: int
    last_sent_at: datetime | None
    last_applied: int
    last_applied_at: datetime | None
    acknowledged: int
    pending_rows: int


@dataclass(frozen=True)
class SyncStatus:
    """This node and its peers."""

    name: str
    role: NodeRole
    district_code: str | None
    fingerprint: str
    peers: list[PeerStatus]
    open_conflicts: int


def sync_status(session: Session) -> SyncStatus:
    """What ``sync status`` shows: this node, each peer's channel and what waits to be sent to it."""
    node = require_node(session)
    identity = own_keys(node).identity
    upto = max_log_seq(session)
    peers: list[PeerStatus] = []
    for peer in session.execute(select(SyncPeer).order_by(SyncPeer.name, SyncPeer.id)).scalars():
        last = {
            direction: session.execute(
                select(func.max(SyncPackage.at)).where(
                    SyncPackage.peer_id == peer.id, SyncPackage.direction == direction
                )
            ).scalar()
            for direction in PackageDirection
        }
        fingerprint = peer_identity(peer).fingerprint() if peer.signing_key is not None else None
        peers.append(
            PeerStatus(
                name=peer.name,
                role=peer.role,
                district_code=peer.district_code,
                fingerprint=fingerprint,
                last_sent=peer.last_sent_sequence,
                last_sent_at=last[PackageDirection.OUTGOING],
                last_applied=peer.last_applied_sequence,
                last_applied_at=last[PackageDirection.INCOMING],
                acknowledged=peer.acked_package,
                pending_rows=len(rows_to_send(session, peer, upto)),
            )
        )
    open_conflicts = session.execute(
        select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
    ).scalar_one()
    return SyncStatus(node.name, node.role, node.district_code, identity.fingerprint(), peers, int(open_conflicts))


def package_history(session: Session, limit: int = 20) -> list[tuple[SyncPackage, str]]:
    """The newest packages made and imported, with the peer's name."""
    rows = session.execute(
        select(SyncPackage, SyncPeer.name)
        .join(SyncPeer, SyncPeer.id == SyncPackage.peer_id)
        .order_by(SyncPackage.id.desc())
        .limit(limit)
    ).tuples()
    return list(rows)


__all__ = [
    "FUTURE_LIMIT_MS",
    "SCHEMA_VERSION",
    "ExportResult",
    "FuturePackageError",
    "ImportResult",
    "backup_before_import",
    "export_package",
    "forget_erased_conflicts",
    "import_package",
    "package_history",
    "sync_status",
]
