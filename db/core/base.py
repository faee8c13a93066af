"""The declarative base, column types and the mixin of every row that travels in sync."""

from __future__ import annotations

import enum
import os
import random
import time
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, Dialect, Enum, MetaData, TypeDecorator, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so that migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Ids must be unique, not secret: a generator seeded from the OS is as good as a system call per id, and an import
# makes hundreds of thousands of them.
_entropy = random.Random(os.urandom(32))
_CLEAR_VERSION_AND_VARIANT = ~((0xF << 76) | (0x3 << 62))
_VERSION_7_AND_VARIANT = (0x7 << 76) | (0x2 << 62)


class _NewId(uuid.UUID):
    """A UUID that carries its two written forms, made once.

    An import of 100 000 members writes each new id two or three times as text (``str`` in the change log,
    ``hex`` in the row, in the member list's rows): with the forms made when the id is, that is a second less.
    It equals, hashes and pickles as the UUID it is.
    """

    __slots__ = ("_hex", "_text")
    _hex: str
    _text: str

    @property
    def hex(self) -> str:
        return self._hex

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"UUID('{self._text}')"

    def __reduce__(self) -> tuple[type[uuid.UUID], tuple[str]]:
        return (uuid.UUID, (self._text,))


_new_object = object.__new__
_set_attribute = object.__setattr__  # UUIDs are immutable: uuid.UUID sets its own fields the same way


def new_id() -> uuid.UUID:
    """Return a new UUIDv7: time-ordered (good for B-tree inserts and for reading logs) and globally unique."""
    unix_ms = (time.time_ns() // 1_000_000) & ((1 << 48) - 1)
    value = (((unix_ms << 80) | _entropy.getrandbits(80)) & _CLEAR_VERSION_AND_VARIANT) | _VERSION_7_AND_VARIANT
    made = _new_object(_NewId)
    _set_attribute(made, "int", value)
    _set_attribute(made, "is_safe", uuid.SafeUUID.unknown)
    digits = f"{value:032x}"
    _set_attribute(made, "_hex", digits)
    _set_attribute(made, "_text", f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}")
    return made


def utcnow() -> datetime:
    """Return the current moment in UTC."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored as naive UTC and read back as an aware UTC ``datetime``."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("moments must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def text_enum(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """Store a ``StrEnum`` as its text value, guarded by a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        uuid.UUID: Uuid(as_uuid=True),
        datetime: UtcDateTime(),
    }


class Synced:
    """Mixin of every row that travels in sync: a UUID key, timestamps and a soft-delete tombstone.

    The change-capture hook (``db.core.changelog``) fills ``id``, ``created_at`` and ``updated_at`` and writes the
    change log; operations never set them. ``__field_groups__`` names fields that merge as one unit in sync (an
    address is one group); a field not named in a group is a group of its own.
    """

    __field_groups__: ClassVar[dict[str, tuple[str, ...]]] = {}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_deleted(self) -> bool:
        """Whether the row carries a tombstone."""
        return self.deleted_at is not None


def is_synced_class(cls: type) -> bool:
    """Tell whether rows of a mapped class travel in sync (and so go through the change log)."""
    return isinstance(cls, type) and issubclass(cls, Synced)
