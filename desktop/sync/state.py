"""What the Sync view shows, read in one go as plain data (on a worker thread: sessions never cross threads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from db.core.database import Database
from db.sync.conflicts import ConflictView, list_conflicts
from db.sync.enrolment import own_node
from db.sync.exchange import PeerStatus, package_history, sync_status
from db.sync.models import NodeRole, PackageDirection, SyncPeer

# Far more packages than a district exchanges in years (one or two a week).
HISTORY_LIMIT = 2000


@dataclass(frozen=True)
class PackageRow:
    """One package made or read, as the history lists it.

    Attributes:
        at: when it was made or read (UTC).
        incoming: read here (True) or made here (False).
        sequence: its number on the channel.
        peer: the office it came from or went to.
        rows: rows it carried.
        conflicts: conflicts it brought (incoming packages).
        confirmed: an outgoing package the other side has said it read.
    """

    at: datetime
    incoming: bool
    sequence: int
    peer: str
    rows: int
    conflicts: int
    confirmed: bool


@dataclass(frozen=True)
class SyncState:
    """This computer's enrolment, its channel to the other side, the packages and the conflicts.

    ``role`` is None while this computer is not enrolled; everything else is empty then.
    """

    role: NodeRole | None = None
    name: str = ""
    district_code: str | None = None
    fingerprint: str = ""
    peers: list[PeerStatus] = field(default_factory=list)
    enrolled_at: dict[str, datetime | None] = field(default_factory=dict)
    history: list[PackageRow] = field(default_factory=list)
    conflicts: list[ConflictView] = field(default_factory=list)

    @property
    def central_peer(self) -> PeerStatus | None:
        """The party office, as a district sees it."""
        return next((peer for peer in self.peers if peer.role is NodeRole.CENTRAL), None)

    @property
    def open_conflicts(self) -> int:
        # Taking the other value is the only way a conflict is settled, so "not taken" is "still open".
        return sum(1 for conflict in self.conflicts if not conflict.taken_other)


def read_sync_state(database: Database) -> SyncState:
    """Read everything the Sync view shows (every conflict, those taken care of too: the view filters them)."""
    with database.reading() as session:
        if own_node(session) is None:
            return SyncState()
        status = sync_status(session)
        acknowledged = {peer.name: peer.acknowledged for peer in status.peers}
        history = [
            PackageRow(
                at=package.at,
                incoming=package.direction is PackageDirection.INCOMING,
                sequence=package.sequence,
                peer=peer_name,
                rows=package.rows,
                conflicts=package.conflicts,
                confirmed=package.direction is PackageDirection.OUTGOING
                and package.sequence <= acknowledged.get(peer_name, 0),
            )
            for package, peer_name in package_history(session, HISTORY_LIMIT)
        ]
        enrolled_at = dict(session.execute(select(SyncPeer.name, SyncPeer.enrolled_at)).tuples().all())
        conflicts = list_conflicts(session, include_resolved=True)
    return SyncState(
        role=status.role,
        name=status.name,
        district_code=status.district_code,
        fingerprint=status.fingerprint,
        peers=status.peers,
        enrolled_at=enrolled_at,
        history=history,
        conflicts=conflicts,
    )
