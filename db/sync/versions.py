"""The version of every field group of every synced row, kept in ``sync_row`` and read from the change log.

The change log stamps every local write with this node's HLC, but a change applied from a package is logged with a
local stamp too (it is a new record here); the merge needs the stamp of the write that made the value, wherever
it was made. So ``sync_row`` keeps, per row and group, the version (HLC, node) of the value it holds, the change-log
sequence number at which it was taken on, and the peer it came from.

Local writes are not followed by a hook: :func:`index_change_log` reads the change log from where it last stopped
whenever sync runs (export, import, taking the other value), in the same transaction. A record written by an
import is skipped there: the import sets those versions itself, to the versions the package carried.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, func, or_, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.core.changelog import ChangeRecord, Origin
from db.core.driver_rows import first_rows
from db.sync.models import SyncNode, SyncRow
from db.sync.rules import ZERO_VERSION, Version, synced_entities

_BATCH = 500
_NOTHING: set[str] = set()
_INDEX_BATCH = 20_000
_WHOLE_TABLE = 5000


@dataclass
class GroupVersion:
    """A group's version, with where this node got it and what it has seen before.

    Attributes:
        version: the write whose value the group holds.
        seq: this node's change-log sequence number when it took the version on.
        source: the peer it came from (None for a local write).
        seen: for each node, the latest of its writes to this group this node has held or been sent (besides
            ``version``): a write no later than that is old news here, not a concurrent change.
    """

    version: Version
    seq: int = 0
    source: str | None = None
    seen: dict[str, str] | None = None

    def has_seen(self, other: Version) -> bool:
        """Whether this node held ``other`` (or a later write of the same node) before."""
        if other.node == self.version.node and other.hlc <= self.version.hlc:
            return True
        return self.seen is not None and self.seen.get(other.node, "") >= other.hlc

    def noting(self, other: Version) -> dict[str, str] | None:
        """``seen`` with ``other`` and the current version added."""
        seen = dict(self.seen or {})
        for version in (self.version, other):
            if version != ZERO_VERSION and seen.get(version.node, "") < version.hlc:
                seen[version.node] = version.hlc
        return seen

    def having_seen(self, other: Version) -> GroupVersion:
        """This version, remembering that ``other`` (which lost to it) has been seen."""
        seen = self.noting(other)
        if seen is not None and seen.get(self.version.node) == self.version.hlc:
            del seen[self.version.node]
        return GroupVersion(self.version, self.seq, self.source, seen or None)

    def followed_by(self, version: Version, seq: int, source: str | None) -> GroupVersion:
        """The version after ``version`` replaced this one."""
        seen = self.noting(version)
        if seen is not None and seen.get(version.node) == version.hlc:
            del seen[version.node]  # implied by the version itself
        return GroupVersion(version, seq, source, seen or None)


@dataclass
class RowVersions:
    """The versions of one row's groups: a base version for every group, and those written since.

    The base never has ``seen``: it is the row's first write, and nothing came before it.
    """

    base: GroupVersion
    groups: dict[str, GroupVersion] = field(default_factory=dict)
    dirty: bool = False

    def get(self, group: str) -> GroupVersion:
        return self.groups.get(group, self.base)

    def set(self, group: str, value: GroupVersion) -> None:
        self.groups[group] = value
        self.dirty = True

    def reset(self, base: GroupVersion, groups: Mapping[str, GroupVersion] | None = None) -> None:
        self.base = base
        self.groups = dict(groups or {})
        self.dirty = True

    def encode_groups(self) -> str | None:
        if not self.groups:
            return None
        return json.dumps(
            {
                name: [value.version.hlc, value.version.node, value.seq, value.source, value.seen]
                for name, value in sorted(self.groups.items())
            },
            separators=(",", ":"),
        )


class _Stored(NamedTuple):
    row_id: str
    hlc: str
    node: str
    seq: int
    source: str | None
    groups: str | None


def _decode(row: Any) -> RowVersions:
    groups: dict[str, GroupVersion] = {}
    if row.groups:
        for name, (hlc, node, seq, source, seen) in json.loads(row.groups).items():
            groups[name] = GroupVersion(Version(hlc, node), seq, source, seen)
    return RowVersions(GroupVersion(Version(row.hlc, row.node), row.seq, row.source), groups)


class VersionStore:
    """Versions of rows read from ``sync_row`` on demand and written back together by :meth:`flush`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._rows: dict[tuple[str, str], RowVersions] = {}
        # Whether sync_row was empty when first read (a node's first exchange): every version is then in _rows.
        self._empty: bool | None = None

    def load(self, entity: str, row_ids: Iterable[str]) -> None:
        """Read the versions of many rows of one table (those not read yet)."""
        if self._empty is None:
            self._empty = self.session.execute(select(SyncRow.row_id).limit(1)).first() is None
        if self._empty:
            return  # nothing stored yet; what this store writes it also keeps
        wanted = sorted({row_id for row_id in row_ids if (entity, row_id) not in self._rows})
        if not wanted:
            return
        # Read at driver level; many rows (every member changed) in one pass over the table's versions.
        columns = select(SyncRow.row_id, SyncRow.hlc, SyncRow.node, SyncRow.seq, SyncRow.source, SyncRow.groups)
        if len(wanted) > _WHOLE_TABLE and len(wanted) * 4 > self._count(entity):
            chosen = set(wanted)
            everything = first_rows(self.session, columns.where(SyncRow.entity == entity))
            found = [row for row in everything if row[0] in chosen]
        else:
            found = []
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                found += first_rows(self.session, columns.where(SyncRow.entity == entity, SyncRow.row_id.in_(batch)))
        for row in found:
            self._rows[(entity, row[0])] = _decode(_Stored(*row))

    def _count(self, entity: str) -> int:
        counted = select(func.count()).select_from(SyncRow).where(SyncRow.entity == entity)
        return int(self.session.execute(counted).scalar_one())

    def get(self, entity: str, row_id: str) -> RowVersions | None:
        key = (entity, row_id)
        if key not in self._rows:
            self.load(entity, [row_id])
        return self._rows.get(key)

    def get_or_zero(self, entity: str, row_id: str) -> RowVersions:
        """The row's versions; a row never indexed (none should be) counts as written at time zero."""
        versions = self.get(entity, row_id)
        if versions is None:
            versions = self._rows[(entity, row_id)] = RowVersions(GroupVersion(ZERO_VERSION))
        return versions

    def put(self, entity: str, row_id: str, versions: RowVersions) -> None:
        versions.dirty = True
        self._rows[(entity, row_id)] = versions

    def flush(self) -> None:
        """Write every changed row's versions (an upsert, so it works on SQLite and on PostgreSQL)."""
        dirty = [(key, versions) for key, versions in self._rows.items() if versions.dirty]
        if not dirty:
            return
        values = [
            {
                "entity": entity,
                "row_id": row_id,
                "hlc": versions.base.version.hlc,
                "node": versions.base.version.node,
                "seq": versions.base.seq,
                "source": versions.base.source,
                "groups": versions.encode_groups(),
            }
            for (entity, row_id), versions in dirty
        ]
        upsert(self.session.connection(), SyncRow, values, ("entity", "row_id"))
        for _key, versions in dirty:
            versions.dirty = False


_UPSERTS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], tuple[str, list[str], bool] | None] = {}


def upsert(connection: Connection, model: Any, values: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """Insert rows, replacing those with the same key (an upsert, so it works on SQLite and on PostgreSQL).

    The statement is compiled once and the rows handed to the driver's ``executemany`` as they are, when every
    column is plain text or numbers (sync's own tables): a first exchange writes a version for every row.
    """
    if not values:
        return
    table = model.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    columns = [name for name in values[0] if name not in keys]
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in columns}
    )
    names = tuple(values[0])
    cache_key = (table.name, connection.dialect.name, names, keys)
    if cache_key not in _UPSERTS:
        plain = all(
            table.c[name].type.dialect_impl(connection.dialect).bind_processor(connection.dialect) is None
            for name in names
        )
        compiled = statement.compile(dialect=connection.dialect, column_keys=list(names))
        order = list(compiled.positiontup or names)
        _UPSERTS[cache_key] = (str(compiled), order, bool(compiled.positional)) if plain else None
    driver = _UPSERTS[cache_key]
    if driver is None:
        for start in range(0, len(values), 5000):
            connection.execute(statement, values[start : start + 5000])
        return
    sql, order, positional = driver
    rows: list[Any] = [tuple(row[name] for name in order) for row in values] if positional else values
    connection.exec_driver_sql(sql, rows)


def max_log_seq(session: Session) -> int:
    """The last sequence number of this node's change log (0 when it is empty)."""
    return int(session.execute(select(func.max(ChangeRecord.seq))).scalar() or 0)


class _Record(NamedTuple):
    seq: int
    entity: str
    row_id: str
    field: str | None
    hlc: str
    origin: str
    node_id: str


_NODE_TEXT: dict[Any, str] = {}


def _node_text(stored: Any) -> str:
    """A node id as read at driver level (32 hex digits on SQLite, a UUID on PostgreSQL) in its written form."""
    text = _NODE_TEXT.get(stored)
    if text is None:
        text = _NODE_TEXT[stored] = str(stored if isinstance(stored, uuid.UUID) else uuid.UUID(str(stored)))
    return text


def _log_records(
    session: Session, after: int, upto: int, own_inserts: int | None, own_updates: Sequence[range] = ()
) -> Iterator[list[_Record]]:
    """The change log's records after ``after`` up to ``upto``, read at driver level (an import writes 100 000s).

    ``own_inserts``: an operation whose inserted rows the caller has versioned itself; their records are not read.
    ``own_updates``: ranges of sequence numbers not to read either.
    """
    for first, last in _windows(after, upto, own_updates):
        yield from _log_window(session, first, last, own_inserts)


def _windows(after: int, upto: int, skipped: Sequence[range]) -> Iterator[tuple[int, int]]:
    """The spans of (after, upto] left when the ``skipped`` sequence numbers are taken out, as (after, upto) pairs."""
    start = after
    for gap in sorted((gap for gap in skipped if gap), key=lambda gap: gap.start):
        end = min(gap.start - 1, upto)
        if end > start:
            yield start, end
        start = max(start, gap.stop - 1)
    if start < upto:
        yield start, upto


def _log_window(session: Session, after: int, upto: int, own_inserts: int | None) -> Iterator[list[_Record]]:
    start = after
    while start < upto:
        end = min(upto, start + _INDEX_BATCH)
        statement = (
            select(
                ChangeRecord.seq,
                ChangeRecord.entity,
                ChangeRecord.row_id,
                ChangeRecord.field,
                ChangeRecord.hlc,
                type_coerce(ChangeRecord.origin, String),
                ChangeRecord.node_id,
            )
            .where(ChangeRecord.seq > start, ChangeRecord.seq <= end)
            .order_by(ChangeRecord.seq)
        )
        if own_inserts is not None:
            statement = statement.where(or_(ChangeRecord.operation_id != own_inserts, ChangeRecord.field.is_not(None)))
        rows = [
            _Record(seq, entity, row_id, field, hlc, origin, _node_text(node))
            for seq, entity, row_id, field, hlc, origin, node in first_rows(session, statement)
        ]
        if rows:
            yield rows
        start = end


def _inserts_of(session: Session, operation: int) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(ChangeRecord)
            .where(ChangeRecord.operation_id == operation, ChangeRecord.field.is_(None))
        ).scalar_one()
    )


def index_change_log(
    session: Session,
    store: VersionStore,
    *,
    skip: Mapping[tuple[str, str], set[str] | None] | None = None,
    own_inserts: tuple[int, int] | None = None,
    own_updates: Sequence[range] = (),
) -> list[tuple[str, str]]:
    """Take the versions of the change log's records since the last call into ``sync_row``.

    Args:
        session: the open transaction's session.
        store: where versions are kept until flushed (flushed here).
        skip: groups whose versions the caller set itself, by (entity, row id); None for every group of the row.
        own_inserts: (operation, count): the operation inserted ``count`` rows whose versions the caller set (and
            skips); when the log holds exactly that many inserts of the operation, they are not read back at all.
        own_updates: records (by sequence number) of field changes whose groups are all in ``skip``: not read back.

    Returns:
        The rows that had local writes indexed (an import's own side effects among them, such as an erasure).
    """
    node = session.execute(select(SyncNode)).scalar_one_or_none()
    upto = max_log_seq(session)
    after = node.indexed_seq if node is not None else 0
    entities = synced_entities()
    skip = skip or {}
    written: dict[tuple[str, str], None] = {}
    unread = None
    if own_inserts is not None and own_inserts[1] and _inserts_of(session, own_inserts[0]) == own_inserts[1]:
        unread = own_inserts[0]
    for records in _log_records(session, after, upto, unread, own_updates):
        by_entity: dict[str, list[str]] = {}
        for record in records:
            by_entity.setdefault(record.entity, []).append(record.row_id)
        for entity, row_ids in by_entity.items():
            if entity in entities:
                store.load(entity, row_ids)
        for record in records:
            rules = entities.get(record.entity)
            if rules is None:
                continue
            key = (record.entity, record.row_id)
            skipped = skip.get(key, _NOTHING)
            if skipped is None:
                continue
            version = Version(record.hlc, record.node_id)
            if record.field is None:
                if skipped:
                    continue
                store.put(record.entity, record.row_id, RowVersions(GroupVersion(version, record.seq)))
            else:
                group = rules.group_of.get(record.field)
                if group is None or group in skipped:
                    continue
                row_versions = store.get_or_zero(record.entity, record.row_id)
                row_versions.set(group, row_versions.get(group).followed_by(version, record.seq, None))
            if record.origin == Origin.SYNC:
                written[key] = None
    store.flush()
    if node is not None and upto > node.indexed_seq:
        node.indexed_seq = upto
    return list(written)


def rows_by_entity(keys: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Group (entity, row id) pairs by entity."""
    grouped: dict[str, list[str]] = {}
    for entity, row_id in keys:
        grouped.setdefault(entity, []).append(row_id)
    return grouped


__all__ = [
    "GroupVersion",
    "RowVersions",
    "VersionStore",
    "index_change_log",
    "max_log_seq",
    "rows_by_entity",
    "upsert",
]
