"""Finding everything that belongs to one person, for access requests and erasure.

Like :mod:`db.members.merge`, the tables are found by looking at the schema's foreign keys to ``member.id`` rather
than by listing them, so that an area added later (calls, diplomas …) is covered without touching this module.
The derived ``member_search`` rows are not among them: they are no model of their own that syncs, and they are
rebuilt from the member (and removed with a deleted member) by :mod:`db.members.member_index`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import Mapper, Session

from db.core.base import Base, is_synced_class
from db.core.logged_rows import UNLOGGED_FIELDS
from db.core.values import JsonValue, to_json_value
from db.members.history import referenced_table
from db.members.models import Member

_BATCH = 500
# The column that makes a row *belong* to a person (rather than merely mention one, as a caller on a call would).
OWNER_COLUMN = "member_id"


@dataclass(frozen=True)
class MemberReference:
    """A column of a synced table that points at ``member.id``.

    Attributes:
        mapper: the mapped class of the table.
        table: the table's name.
        key: the attribute name of the column.
    """

    mapper: Mapper[Any]
    table: str
    key: str

    @property
    def owns(self) -> bool:
        """Whether a row pointing at a person through this column is that person's row."""
        return self.key == OWNER_COLUMN


def member_references() -> list[MemberReference]:
    """Return every column of a synced table, other than ``member`` itself, with a foreign key to ``member.id``."""
    references: list[MemberReference] = []
    for mapper in Base.registry.mappers:
        name = str(getattr(mapper.class_, "__tablename__", ""))
        table = Base.metadata.tables.get(name)
        if table is None or name == Member.__tablename__ or not is_synced_class(mapper.class_):
            continue
        for column in table.columns:
            if referenced_table(column) == Member.__tablename__:
                references.append(MemberReference(mapper, name, mapper.get_property_by_column(column).key))
    return sorted(references, key=lambda reference: (reference.table, reference.key))


def person_records(session: Session, member_id: uuid.UUID) -> list[Member]:
    """Return the member and every earlier record of the same person merged into them (directly or in a chain)."""
    member = session.get(Member, member_id)
    if member is None:
        return []
    records = [member]
    seen = {member.id}
    frontier = [member.id]
    while frontier:
        merged = [
            row
            for row in session.execute(select(Member).where(Member.merged_into_id.in_(frontier))).scalars()
            if row.id not in seen
        ]
        seen.update(row.id for row in merged)
        records.extend(merged)
        frontier = [row.id for row in merged]
    return records


def merge_root(session: Session, member_id: uuid.UUID) -> uuid.UUID:
    """Follow ``merged_into_id`` from a record to the record that remains of the person."""
    seen = {member_id}
    current = member_id
    while True:
        target = session.execute(select(Member.merged_into_id).where(Member.id == current)).scalar_one_or_none()
        if target is None or target in seen:
            return current
        seen.add(target)
        current = target


def rows_referencing(
    session: Session, member_ids: Sequence[uuid.UUID], references: Iterable[MemberReference]
) -> dict[str, list[Any]]:
    """Return the rows pointing at any of ``member_ids`` through ``references``, by table (deleted rows included)."""
    found: dict[str, dict[uuid.UUID, Any]] = {}
    for reference in references:
        model = reference.mapper.class_
        column = getattr(model, reference.key)
        rows = found.setdefault(reference.table, {})
        for start in range(0, len(member_ids), _BATCH):
            batch = list(member_ids[start : start + _BATCH])
            for row in session.execute(select(model).where(column.in_(batch))).scalars():
                rows[row.id] = row
    return {table: list(rows.values()) for table, rows in found.items() if rows}


def free_text_keys(mapper: Mapper[Any]) -> tuple[str, ...]:
    """Return the attributes of a table that hold free text a person typed (notes, a name in "recorded by" …).

    Free text may name or describe anybody, so erasure clears it. These are the nullable plain-text columns:
    not enumerations (stored as text but chosen from a list), not references, not the bookkeeping columns.
    """
    keys: list[str] = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if attr.key in UNLOGGED_FIELDS or column.foreign_keys or not column.nullable:
            continue
        column_type = column.type
        if isinstance(column_type, String) and not getattr(column_type, "enums", None):
            keys.append(attr.key)
    return tuple(keys)


def row_values(row: Any) -> dict[str, JsonValue]:
    """Return every column of a row as the change log writes values (ids and dates as text, enums as values)."""
    mapper: Mapper[Any] = row.__mapper__
    return {attr.key: to_json_value(getattr(row, attr.key)) for attr in mapper.column_attrs}
