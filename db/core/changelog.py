"""The change log: every insert, update and soft delete of a synced row, written by one session hook.

It is at once the audit trail, the source of undo (``db.core.undo``) and what sync exports. Operations never write
it themselves: :func:`install_change_capture` hooks a session factory so that

* each flush of a synced object logs its changes (an insert as one record holding the whole row, an update as one
  record per changed field), stamps them with the node's hybrid logical clock and fills ``id``/``created_at``/
  ``updated_at``;
* an ORM bulk ``insert(Model)`` of synced rows is logged the same way (the fast path of imports), and so are
  :func:`insert_rows` and :func:`update_rows`, which write many rows at driver level (imports, sync);
* a hard delete, or a bulk UPDATE/DELETE statement, of a synced table is refused, since it would bypass the log.

All records written in one transaction belong to one :class:`Operation`, which carries the label shown in the
Edit menu ("Undo: Edit member").
"""

from __future__ import annotations

import contextlib
import enum
import json
import operator
import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Dialect,
    ForeignKey,
    Index,
    Table,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import (
    InstanceState,
    Mapped,
    Mapper,
    ORMExecuteState,
    Session,
    SessionTransaction,
    UOWTransaction,
    mapped_column,
    sessionmaker,
)
from sqlalchemy.sql.schema import ColumnDefault

from db.core.background_writer import BackgroundWriter
from db.core.base import Base, Synced, is_synced_class, new_id, text_enum, utcnow
from db.core.driver_statements import DriverStatement, driver_insert, driver_update, null_everywhere
from db.core.errors import HardDeleteError, KansliError, UnloggedWriteError
from db.core.hlc import HybridLogicalClock
from db.core.logged_rows import (
    UNLOGGED_FIELDS,
    LogEntry,
    completed_rows,
    insert_entries,
    json_converters,
    log_shape,
)
from db.core.records_in_sqlite import LoggedInsert, logged_insert
from db.core.values import dump, to_json_value

CAPTURE_KEY = "kansli.capture"
_OPERATION_KEY = "kansli.operation_id"
_TOUCHED_KEY = "kansli.touched"
_BACKGROUND_KEY = "kansli.background_writer"


class Origin(enum.StrEnum):
    """Where a change came from."""

    LOCAL = "local"
    IMPORT = "import"
    SYNC = "sync"
    UNDO = "undo"
    REDO = "redo"
    DEMO = "demo"
    SETUP = "setup"  # creating the district: not something the user can undo


class Operation(Base):
    """One transaction's worth of changes, under a label the user recognises."""

    __tablename__ = "operation"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    label: Mapped[str]
    origin: Mapped[Origin] = mapped_column(text_enum(Origin, "origin"))
    node_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime]
    undo_of_id: Mapped[int | None] = mapped_column(ForeignKey("operation.id"), default=None)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("operation.id"), default=None)


class ChangeRecord(Base):
    """One logged change. ``field`` is None for an inserted row; ``new_value`` then holds the whole row."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_row", "entity", "row_id"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operation.id"), index=True)
    entity: Mapped[str]
    row_id: Mapped[str]
    field: Mapped[str | None]
    old_value: Mapped[str | None]
    new_value: Mapped[str | None]
    hlc: Mapped[str] = mapped_column(index=True)
    node_id: Mapped[uuid.UUID]
    origin: Mapped[Origin] = mapped_column(text_enum(Origin, "origin"))


@dataclass(frozen=True)
class CaptureContext:
    """What the hook needs to know about the transaction it logs."""

    node_id: uuid.UUID
    clock: HybridLogicalClock
    origin: Origin
    label: str


class CaptureMissingError(KansliError):
    def __init__(self) -> None:
        super().__init__("synced rows are written only in a transaction opened by Database.transaction()")


def install_change_capture(factory: sessionmaker[Session]) -> None:
    """Hook the change log into every session that ``factory`` makes."""
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _on_orm_execute)
    event.listen(factory, "after_transaction_end", _after_transaction_end)


def _refuse_while_background(session: Session) -> None:
    if session.info.get(_BACKGROUND_KEY) is not None:
        raise RuntimeError("the connection belongs to a background writer until its block ends")


def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    _refuse_while_background(session)
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise HardDeleteError(type(obj).__tablename__)  # type: ignore[attr-defined]
    now = utcnow()
    entries: list[LogEntry] = []
    for obj in session.new:
        if isinstance(obj, Synced):
            entries.append(_prepare_insert(obj, now))
    for obj in session.dirty:
        if isinstance(obj, Synced):
            changes = _field_changes(session, obj)
            if changes:
                obj.updated_at = now
                entries.extend(changes)
    if entries:
        _write_entries(session, entries)


def _state_of(obj: Synced) -> InstanceState[Any]:
    return cast("InstanceState[Any]", inspect(obj))


def _prepare_insert(obj: Synced, now: datetime) -> LogEntry:
    mapper = _state_of(obj).mapper
    if obj.__dict__.get("id") is None:
        obj.id = new_id()
    obj.created_at = now
    obj.updated_at = now
    row: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key not in obj.__dict__:
            # Materialise the column default now, so that the logged row and the stored row agree.
            column = attr.columns[0]
            default = column.default
            value = default.arg if isinstance(default, ColumnDefault) and default.is_scalar else None
            setattr(obj, attr.key, value)
        if attr.key not in UNLOGGED_FIELDS:
            row[attr.key] = to_json_value(getattr(obj, attr.key))
    return LogEntry(mapper.class_.__tablename__, str(obj.id), None, None, dump(row))


def _field_changes(session: Session, obj: Synced) -> list[LogEntry]:
    state = _state_of(obj)
    mapper = state.mapper
    entity = mapper.class_.__tablename__
    changes: list[LogEntry] = []
    for attr in mapper.column_attrs:
        if attr.key in UNLOGGED_FIELDS:
            continue
        history = state.attrs[attr.key].history
        if not history.added:
            continue
        new = history.added[0]
        if history.deleted:
            old = history.deleted[0]
        else:
            # The attribute was set without being loaded first: read the stored value.
            column = attr.columns[0]
            with session.no_autoflush:
                old = session.execute(select(column).where(mapper.primary_key[0] == obj.id)).scalar_one()
        old_json, new_json = to_json_value(old), to_json_value(new)
        if old_json != new_json:
            changes.append(LogEntry(entity, str(obj.id), attr.key, dump(old_json), dump(new_json)))
    return changes


def _on_orm_execute(state: ORMExecuteState) -> Any:
    _refuse_while_background(state.session)
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if mapper is None or not is_synced_class(mapper.class_):
        return None
    entity = mapper.class_.__tablename__
    if not state.is_insert:
        raise UnloggedWriteError(entity)
    parameters = state.parameters
    rows: list[Mapping[str, Any]] = (
        [parameters] if isinstance(parameters, Mapping) else list(cast("Sequence[Mapping[str, Any]]", parameters or []))
    )
    if not rows:
        raise UnloggedWriteError(entity)
    completed = _complete_and_log(state.session, mapper, rows)
    return state.invoke_statement(params=completed)


def insert_rows(session: Session, model: type[Synced], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many synced rows the fast way, logged exactly like any other insert.

    Imports and the demo write hundreds of thousands of rows: this completes and logs them like the ORM path, then
    hands them to the driver's ``executemany`` as plain tuples, skipping the ORM's per-row work. Rows are dicts of
    attribute names; an ``id`` may be given (to link rows inserted together), the rest of the bookkeeping is filled.
    On a background writer, SQLite makes the records itself where it can (``db.core.records_in_sqlite``).
    """
    if not rows:
        return
    mapper = _state_free_mapper(model)
    completed = completed_rows(mapper, rows)
    table: Table = mapper.local_table  # type: ignore[assignment]
    writer = driver_insert(table, session.connection().dialect, null_everywhere(table, completed))
    background = session.info.get(_BACKGROUND_KEY)
    if isinstance(background, BackgroundWriter) and _insert_logged_by_sqlite(
        session, background, mapper, writer, completed
    ):
        return
    _write_entries(session, insert_entries(mapper, completed))
    _execute_insert(session, writer, writer.parameters(completed))


def _insert_logged_by_sqlite(
    session: Session,
    background: BackgroundWriter,
    mapper: Mapper[Any],
    writer: DriverStatement,
    completed: list[dict[str, Any]],
) -> bool:
    """Queue completed rows for SQLite to insert and to log, both from one JSON text of logged values and stamps.

    Returns False, having queued nothing, where SQLite cannot make the records exactly (see
    ``db.core.records_in_sqlite``) or JSON cannot carry the values (a NaN): the caller logs them in Python.
    """
    statements = _logged_insert(mapper, writer, session.connection().dialect)
    if statements is None:
        return False
    context = _capture_context(session)
    operation_id = _operation_id(session)
    values_of = operator.itemgetter(*statements.keys)
    converters = json_converters(mapper)
    conversions = [(index, converters[key]) for index, key in enumerate(statements.keys) if key in converters]
    stamps = context.clock.ticks(len(completed))  # drawn and not used (when False is returned) they leave a gap
    batch: list[list[Any]] = []
    for row, stamp in zip(completed, stamps, strict=True):
        values = list(values_of(row))
        for index, convert in conversions:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        values.append(stamp)
        batch.append(values)
    try:
        payload = _batch_json(batch)
    except (TypeError, ValueError):
        return False
    _touch(session, mapper.class_.__tablename__, None, [str(row["id"]) for row in completed])
    node_id, origin = _log_shared_values(session, context)
    background.insert_payload(statements.rows_sql, payload, writer.stamps_of(completed[0]))
    background.insert_payload(statements.records_sql, payload, (operation_id, node_id, origin))
    return True


_LOGGED_INSERTS: dict[DriverStatement, LoggedInsert | None] = {}
_batch_json = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _logged_insert(mapper: Mapper[Any], writer: DriverStatement, dialect: Dialect) -> LoggedInsert | None:
    if writer not in _LOGGED_INSERTS:
        table: Table = mapper.local_table  # type: ignore[assignment]
        logged_keys, _conversions = log_shape(mapper)
        _LOGGED_INSERTS[writer] = logged_insert(table, dialect, writer.order, logged_keys)
    return _LOGGED_INSERTS[writer]


def _execute_insert(session: Session, writer: DriverStatement, rows: list[Any]) -> None:
    background = session.info.get(_BACKGROUND_KEY)
    if isinstance(background, BackgroundWriter) and writer.json_stamped_sql and writer.stamp_positions and rows:
        # Rows completed by _complete_and_log share their created_at and updated_at: those go once, as parameters.
        created, updated = writer.stamp_positions
        stamps = rows[0][created : updated + 1]
        trimmed = [row[:created] + row[updated + 1 :] for row in rows]
        if background.insert_stamped(writer.json_stamped_sql, trimmed, stamps):
            return
    write_at_driver_level(session, writer.sql, rows, json_sql=writer.json_sql)


def write_at_driver_level(
    session: Session, sql: str, rows: list[tuple[Any, ...]] | None = None, *, json_sql: str | None = None
) -> None:
    """Run a driver statement now, or queue it (in order) on the session's background writer when one is open.

    ``rows`` are driver values in the statement's order (None: a statement without parameters); ``json_sql`` is
    the same insert taking them as one JSON text (:func:`db.core.background_writer.json_insert_sql`). Only for
    tables outside the change log (derived ones), or through :func:`insert_rows`, which logs.
    """
    background = session.info.get(_BACKGROUND_KEY)
    if isinstance(background, BackgroundWriter):
        if rows is None:
            background.execute(sql)
        else:
            background.insert(json_sql or sql, sql, rows, many=json_sql is None)
    elif rows is None:
        session.connection().exec_driver_sql(sql)
    else:
        session.connection().exec_driver_sql(sql, rows)


@contextlib.contextmanager
def background_inserts(session: Session) -> Iterator[None]:
    """Let SQLite write the :func:`insert_rows` of the block (and their change records) in a second thread.

    Inside the block only ``insert_rows`` (and :func:`write_at_driver_level`) may touch the database: the
    connection belongs to the writer until the block ends, when every row is written (or the first error raised;
    the ORM is refused meanwhile). The transaction's operation row is written first, here. Elsewhere than on SQLite
    (the central office's PostgreSQL) the rows are written as usual; inside another such block, by its writer.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite" or session.info.get(_BACKGROUND_KEY) is not None:
        yield
        return
    _operation_id(session)  # the operation row first, written here: records refer to it
    background = BackgroundWriter(connection.connection.dbapi_connection, Path(connection.engine.url.database or ""))
    session.info[_BACKGROUND_KEY] = background
    try:
        yield
    except BaseException:
        background.abandon()
        raise
    else:
        background.finish()
    finally:
        session.info.pop(_BACKGROUND_KEY, None)


@dataclass(frozen=True)
class RowUpdate:
    """New values for some fields of one stored row, with what they hold now as logged (their JSON values)."""

    row_id: str
    values: Mapping[str, Any]
    old: Mapping[str, Any]


@dataclass(frozen=True)
class UpdatedRows:
    """What :func:`update_rows` did: how many rows changed, and the sequence numbers of the records it logged."""

    rows: int
    log_seqs: range


def update_rows(session: Session, model: type[Synced], updates: Sequence[RowUpdate]) -> UpdatedRows:
    """Update many synced rows the fast way, logged exactly like an ORM update.

    A sync package of 100 000 edited members would otherwise load each row as an ORM object, compare every column
    and let the ORM work out each UPDATE. Here the caller gives the values it read (as JSON) and the new ones; each
    field whose JSON value changes is one change record, as :func:`_field_changes` writes it, and ``updated_at``
    moves; the rows are written by one driver-level ``executemany`` per set of changed fields. ORM objects of these
    rows already in the session are expired, so that nothing reads the old values afterwards.
    """
    _refuse_while_background(session)
    mapper = _state_free_mapper(model)
    entity = mapper.class_.__tablename__
    entries: list[LogEntry] = []
    by_fields: dict[tuple[str, ...], list[tuple[str, dict[str, Any]]]] = {}
    for row_update in updates:
        changed: dict[str, Any] = {}
        for key, value in row_update.values.items():
            old_json, new_json = row_update.old[key], to_json_value(value)
            if old_json != new_json:  # as _field_changes compares
                entries.append(LogEntry(entity, row_update.row_id, key, dump(old_json), dump(new_json)))
                changed[key] = value
        if changed:
            by_fields.setdefault(tuple(sorted(changed)), []).append((row_update.row_id, changed))
    if not entries:
        return UpdatedRows(0, range(0))
    session.flush()  # pending ORM writes first: the statements below must not be overtaken by them
    connection = session.connection()
    # The transaction holds the write lock: the records written next are the only ones between these two numbers.
    first = _last_seq(connection) + 1
    _write_entries(session, entries)
    log_seqs = range(first, _last_seq(connection) + 1)
    now = utcnow()
    for keys, rows in by_fields.items():
        writer = driver_update(mapper.local_table, keys, connection.dialect)  # type: ignore[arg-type]
        connection.exec_driver_sql(
            writer.sql,
            writer.parameters([{**values, "updated_at": now, "id": uuid.UUID(row_id)} for row_id, values in rows]),
        )
    _expire_stale(session, mapper, {row_id for rows in by_fields.values() for row_id, _values in rows})
    return UpdatedRows(sum(len(rows) for rows in by_fields.values()), log_seqs)


def _last_seq(connection: Any) -> int:
    return int(connection.execute(select(func.coalesce(func.max(ChangeRecord.seq), 0))).scalar_one())


def _expire_stale(session: Session, mapper: Mapper[Any], row_ids: set[str]) -> None:
    for obj in list(session.identity_map.values()):
        if isinstance(obj, mapper.class_) and str(obj.id) in row_ids:
            session.expire(obj)


def _state_free_mapper(model: type[Synced]) -> Mapper[Any]:
    mapper = inspect(model)
    assert isinstance(mapper, Mapper)
    return mapper


def _complete_and_log(session: Session, mapper: Mapper[Any], rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Fill ids, timestamps and defaults of rows about to be inserted, and log each as one record."""
    completed = completed_rows(mapper, rows)
    _write_entries(session, insert_entries(mapper, completed))
    return completed


def _operation_id(session: Session) -> int:
    """The id of the transaction's operation, written with its first change record."""
    context = session.info.get(CAPTURE_KEY)
    if not isinstance(context, CaptureContext):
        raise CaptureMissingError
    operation_id = session.info.get(_OPERATION_KEY)
    if operation_id is None:
        result = session.connection().execute(
            insert(Operation).values(
                label=context.label, origin=context.origin, node_id=context.node_id, created_at=utcnow()
            )
        )
        operation_id = result.inserted_primary_key[0]  # type: ignore[index]
        session.info[_OPERATION_KEY] = operation_id
    return int(operation_id)


def _capture_context(session: Session) -> CaptureContext:
    context = session.info.get(CAPTURE_KEY)
    if not isinstance(context, CaptureContext):
        raise CaptureMissingError
    return context


def _touch(session: Session, entity: str, field: str | None, row_ids: Collection[str]) -> None:
    # Remembered by table and field (None: inserted), so that a derived index can skip rows whose fields it does
    # not read: a package of 100 000 members whose notes changed leaves the member list as it is.
    touched: dict[str, dict[str | None, set[str]]] = session.info.setdefault(_TOUCHED_KEY, {})
    touched.setdefault(entity, {}).setdefault(field, set()).update(row_ids)


def _log_shared_values(session: Session, context: CaptureContext) -> tuple[Any, Any]:
    """The driver values of the node id and the origin, the same in every record of a transaction."""
    writer = driver_insert(ChangeRecord.__table__, session.connection().dialect)  # type: ignore[arg-type]
    prototype = {
        "operation_id": 0, "entity": "", "row_id": "", "field": None, "old_value": None, "new_value": None, "hlc": "",
        "node_id": context.node_id, "origin": context.origin,
    }  # fmt: skip
    (converted,) = writer.parameters([prototype])
    if writer.positional:
        return converted[writer.order.index("node_id")], converted[writer.order.index("origin")]
    return converted["node_id"], converted["origin"]


def _write_entries(session: Session, entries: list[LogEntry]) -> None:
    context = _capture_context(session)
    connection = session.connection()
    operation_id = _operation_id(session)
    touched: dict[str, dict[str | None, set[str]]] = session.info.setdefault(_TOUCHED_KEY, {})
    last: tuple[str, str | None] | None = None
    target: set[str] = set()
    for entry in entries:  # as _touch does, a run of records of one table and field at a time
        if (entry.entity, entry.field) != last:
            last = (entry.entity, entry.field)
            target = touched.setdefault(entry.entity, {}).setdefault(entry.field, set())
        target.add(entry.row_id)
    stamps = context.clock.ticks(len(entries))
    # The log is written at driver level: it is not a synced table, and the ORM's per-row work would double the
    # cost of an import. Of a record's values only the node id and the origin need converting for the driver, and
    # they are the same for every record: converted once, then each record is one tuple in the statement's order.
    writer = driver_insert(ChangeRecord.__table__, connection.dialect)  # type: ignore[arg-type]
    inserts = all(entry.field is None and entry.old_value is None for entry in entries)
    if writer.positional and tuple(writer.order) == _LOG_ORDER:
        node_id, origin = _log_shared_values(session, context)
        background = session.info.get(_BACKGROUND_KEY)
        if inserts and isinstance(background, BackgroundWriter) and _embeddable(entries):
            background.insert_payload(_INSERT_RECORDS_SQL, _embedded(entries, stamps), (operation_id, node_id, origin))
            return
        if inserts:
            # A record of an insert has no field and no old value: left out, not bound as NULLs (see
            # null_everywhere), they cost nothing.
            writer = driver_insert(ChangeRecord.__table__, connection.dialect, _INSERT_RECORD_OMITS)  # type: ignore[arg-type]
            rows: list[Any] = [
                (operation_id, entry.entity, entry.row_id, entry.new_value, stamp, node_id, origin)
                for entry, stamp in zip(entries, stamps, strict=True)
            ]
            assert tuple(writer.order) == _INSERT_RECORD_ORDER
        else:
            rows = [
                (operation_id, entry.entity, entry.row_id, entry.field, entry.old_value, entry.new_value, stamp,
                 node_id, origin)
                for entry, stamp in zip(entries, stamps, strict=True)
            ]  # fmt: skip
    else:
        shared = {"operation_id": operation_id, "node_id": context.node_id, "origin": context.origin}
        rows = writer.parameters(
            [{**shared, **entry._asdict(), "hlc": stamp} for entry, stamp in zip(entries, stamps, strict=True)]
        )
    _execute_insert(session, writer, rows)


_LOG_ORDER = ("operation_id", "entity", "row_id", "field", "old_value", "new_value", "hlc", "node_id", "origin")
# Insert records for a background writer: each record is [entity, row id, new value, stamp] with the new value, a
# JSON object already, written into the text as it is: SQLite's "->" gives back exactly that text (a property test
# checks it), so it is neither escaped here nor unescaped there. The rest is the same for every record.
_INSERT_RECORDS_SQL = (
    "INSERT INTO change_log (operation_id, entity, row_id, new_value, hlc, node_id, origin) "
    "SELECT ?1, value ->> 0, value ->> 1, value -> 2, value ->> 3, ?2, ?3 FROM json_each(?4)"
)
_ID_CHARACTERS = "0123456789abcdefABCDEF-"


def _embeddable(entries: list[LogEntry]) -> bool:
    """Whether every record can be written into a JSON text without escaping.

    That is: ids of hex digits and hyphens (as str(UUID) makes them), names of tables, new values that are objects.
    """
    return all(
        not entry.row_id.strip(_ID_CHARACTERS)
        and entry.entity.isidentifier()
        and entry.new_value is not None
        and entry.new_value.startswith("{")
        for entry in entries
    )


def _embedded(entries: list[LogEntry], stamps: list[str]) -> str:
    # HLC stamps are digits and hyphens.
    records = ",".join(
        f'["{entry.entity}","{entry.row_id}",{entry.new_value},"{stamp}"]'
        for entry, stamp in zip(entries, stamps, strict=True)
    )
    return f"[{records}]"


_INSERT_RECORD_OMITS = frozenset({"field", "old_value"})
_INSERT_RECORD_ORDER = tuple(key for key in _LOG_ORDER if key not in _INSERT_RECORD_OMITS)


def current_operation_id(session: Session) -> int | None:
    """Return the id of the operation the open transaction is writing, if it has written anything."""
    value = session.info.get(_OPERATION_KEY)
    return int(value) if value is not None else None


def touched_rows(
    session: Session, entity: str, fields: Collection[str] | None = None, *, known_inserts: Collection[str] = ()
) -> set[str]:
    """The ids of the rows of ``entity`` the open transaction has logged so far (for derived indexes).

    With ``fields``, only the rows inserted or with one of those fields changed. Rows in ``known_inserts`` count
    only if a field of theirs changed after the insert (a derived index that saw them inserted skips them).
    """
    by_field: dict[str | None, set[str]] = session.info.get(_TOUCHED_KEY, {}).get(entity, {})
    found: set[str] = set()
    for field, row_ids in by_field.items():
        if field is None:
            found |= row_ids.difference(known_inserts) if known_inserts else row_ids
        elif fields is None or field in fields:
            found |= row_ids
    return found


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_OPERATION_KEY, None)
        session.info.pop(_TOUCHED_KEY, None)
