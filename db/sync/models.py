"""What a node remembers about sync: its own keys, its peers and their channels, packages, versions and conflicts.

None of these tables travels in sync (they are not :class:`~db.core.base.Synced`): each describes this node's side
of the exchange. The private keys live here, inside the encrypted database, and nowhere else.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.core.base import Base, text_enum, utcnow
from db.core.undo import on_revert


class NodeRole(enum.StrEnum):
    """Which side of the exchange a node is on."""

    CENTRAL = "central"
    DISTRICT = "district"


class PackageDirection(enum.StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


class PackageResult(enum.StrEnum):
    """What became of a package (refused packages leave no trace: the database is unchanged by them)."""

    EXPORTED = "exported"
    APPLIED = "applied"


class ConflictWinner(enum.StrEnum):
    """Which value the rule kept, seen from this node."""

    LOCAL = "local"
    OTHER = "other"


class SyncNode(Base):
    """This node: its identity and private keys (one row, made at enrolment or ``central init``)."""

    __tablename__ = "sync_node"

    node_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[NodeRole] = mapped_column(text_enum(NodeRole, "node_role"))
    district_code: Mapped[str | None] = mapped_column(String(40), default=None)
    # NodeKeys.secret_bytes(): the Ed25519 seed and the X25519 private key.
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    # The change log has been read into sync_row up to this sequence number.
    indexed_seq: Mapped[int] = mapped_column(default=0)


class SyncPeer(Base):
    """A node this one exchanges packages with: its pinned identity and the state of the channel both ways.

    A district has one peer, the central office; the central office has one per district. A district added at the
    central office waits for its reply (``signing_key`` and ``exchange_key`` are empty until then).
    """

    __tablename__ = "sync_peer"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    node_id: Mapped[uuid.UUID | None] = mapped_column(unique=True, default=None)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[NodeRole] = mapped_column(text_enum(NodeRole, "node_role"))
    district_code: Mapped[str | None] = mapped_column(String(40), unique=True, default=None)
    signing_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    exchange_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    added_at: Mapped[datetime]
    enrolled_at: Mapped[datetime | None] = mapped_column(default=None)
    # Packages this node sent to the peer: the last number used (never reused) and the hash of that package.
    last_sent_sequence: Mapped[int] = mapped_column(default=0)
    last_sent_hash: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # Packages imported from the peer: the last number and its hash (to check the chain).
    last_applied_sequence: Mapped[int] = mapped_column(default=0)
    last_applied_hash: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # The peer's acknowledgements: the last of our packages it imported, and so how far our change log it holds.
    acked_package: Mapped[int] = mapped_column(default=0)
    acked_seq: Mapped[int] = mapped_column(default=0)


class SyncPackage(Base):
    """One package made or imported: the history shown by ``sync status``."""

    __tablename__ = "sync_package"
    __table_args__ = (Index("ix_sync_package_peer", "peer_id", "direction", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("sync_peer.id"))
    direction: Mapped[PackageDirection] = mapped_column(text_enum(PackageDirection, "package_direction"))
    sequence: Mapped[int]
    at: Mapped[datetime]
    rows: Mapped[int] = mapped_column(default=0)
    conflicts: Mapped[int] = mapped_column(default=0)
    result: Mapped[PackageResult] = mapped_column(text_enum(PackageResult, "package_result"))
    package_hash: Mapped[bytes] = mapped_column(LargeBinary)
    # Outgoing: the change log up to this sequence number went into the package (its acknowledgement covers it).
    log_to: Mapped[int] = mapped_column(default=0)
    # Incoming: the operation the import wrote, whose change-log records need not go back to the same peer.
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operation.id"), default=None)


class SyncRow(Base):
    """The versions of one synced row: who last wrote each field group, and when.

    ``hlc``/``node`` is the version of every group not listed in ``groups`` (the row's insert, usually); ``groups``
    is JSON ``{group: [hlc, node, seq, source, seen]}`` for groups written since (``seen``: node → the latest
    of its writes this node held before, see :class:`db.sync.versions.GroupVersion`). ``seq`` is this node's change-log
    sequence number when the version was taken on; ``source`` the peer it came from (empty for a local write).
    """

    __tablename__ = "sync_row"

    entity: Mapped[str] = mapped_column(String(60), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hlc: Mapped[str] = mapped_column(String(21))
    node: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(default=0)
    source: Mapped[str | None] = mapped_column(String(36), default=None)
    groups: Mapped[str | None] = mapped_column(default=None)


class SyncResend(Base):
    """A row to send to a peer in its next package although the change log does not name it.

    The peer sent an older or losing state of the row (say a district's edit of a member number, which the central
    office owns), so it needs this node's value back. The entry goes once the peer acknowledges a package holding it.
    """

    __tablename__ = "sync_resend"

    peer_id: Mapped[int] = mapped_column(ForeignKey("sync_peer.id"), primary_key=True)
    entity: Mapped[str] = mapped_column(String(60), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sent_in: Mapped[int | None] = mapped_column(default=None)


class SyncConflict(Base):
    """Both sides changed one field group of a row since they last exchanged: what each had, and which the rule kept.

    ``local_value`` and ``other_value`` are the group's fields as JSON objects. ``local_version`` and
    ``other_version`` identify the two writes (``hlc@node``), so a conflict learned twice is recorded once.
    """

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_row", "entity", "row_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36))
    field_group: Mapped[str] = mapped_column(String(60))
    local_value: Mapped[str]
    other_value: Mapped[str]
    local_version: Mapped[str] = mapped_column(String(60))
    other_version: Mapped[str] = mapped_column(String(60))
    winner: Mapped[ConflictWinner] = mapped_column(text_enum(ConflictWinner, "conflict_winner"))
    detected_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    taken_other: Mapped[bool] = mapped_column(default=False)
    # The operation that last took the other value, or undid or redid that: undoing it flips the conflict back
    # (db.sync.conflicts follows Edit ▸ Undo and Redo through db.core.undo.on_revert).
    settled_by_operation_id: Mapped[int | None] = mapped_column(default=None)


class SyncAlias(Base):
    """A row another node made that is the same thing as a row here (an interest with the same code).

    Rows with a natural key (see :data:`db.sync.rules.NATURAL_KEYS`) made on two nodes are one row: the other
    node's id is read as this node's id from then on.
    """

    __tablename__ = "sync_alias"

    entity: Mapped[str] = mapped_column(String(60), primary_key=True)
    remote_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    local_id: Mapped[str] = mapped_column(String(36))


@on_revert
def _follow_taken_values(session: Session, reverted_id: int, reverting_id: int) -> None:
    """Undoing "take the other value" opens its conflict again; redoing it settles the conflict again.

    Registered here, beside the table, so that it is in place wherever the schema is loaded (Edit ▸ Undo in the
    window, the Sync window's own Undo) without importing the sync machinery.
    """
    settled = select(SyncConflict).where(SyncConflict.settled_by_operation_id == reverted_id)
    for conflict in session.execute(settled).scalars():
        conflict.taken_other = not conflict.taken_other
        conflict.resolved_at = utcnow() if conflict.taken_other else None
        conflict.settled_by_operation_id = reverting_id
    session.flush()
