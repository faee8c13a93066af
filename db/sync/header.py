"""The clear-text header of a package: who sent it to whom, which one it is, and what the sender has received.

The header is canonical JSON, readable without any key (so a package can be routed and checked before it is
opened), and bound to everything else: it is the associated data of the body's encryption, part of what the
content key is wrapped with, and covered by the signature. Nothing personal is ever in it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from db.core.hlc import HlcStamp
from db.sync.canonical import canonical_json, load_canonical_object
from db.sync.errors import DamagedPackageError

FORMAT_VERSION: Final = 1
HASH_BYTES: Final = 32
_KEYS: Final = frozenset(
    {"format", "schema", "sender", "recipient", "sequence", "previous", "acks", "counts", "created"}
)
_HEX_HASH: Final = re.compile(r"[0-9a-f]{64}")
_COUNT_NAME: Final = re.compile(r"[a-z][a-z_]{0,31}")
_MAX_ACKS: Final = 10_000  # a central office with more nodes than that is not one we were built for


@dataclass(frozen=True)
class PackageHeader:
    """What a package says about itself.

    Attributes:
        schema_version: the database schema the changes were written for; a newer one than the reader's is held.
        sender: node id of the node that made and signed the package.
        recipient: node id of the only node that can open it.
        sequence: this package's number among those from ``sender`` to ``recipient``, from 1 without gaps.
        previous_hash: SHA-256 of the whole previous package file on this channel; None for package 1.
        acks: what the sender has received, per node id: the highest package number it imported from the
            recipient, and per origin node how far the changes it holds go. The sync layer decides the meaning;
            this layer only carries node id → non-negative integer.
        counts: how many of each thing the body holds ("changes", "parts"), checked when it is opened.
        created: the sender's HLC stamp when it made the package.
        format_version: the file layout (:data:`FORMAT_VERSION`).
    """

    schema_version: int
    sender: uuid.UUID
    recipient: uuid.UUID
    sequence: int
    previous_hash: bytes | None
    acks: Mapping[uuid.UUID, int]
    counts: Mapping[str, int]
    created: HlcStamp
    format_version: int = field(default=FORMAT_VERSION)

    def __post_init__(self) -> None:
        _check_int(self.format_version, 1, "format")
        _check_int(self.schema_version, 0, "schema")
        _check_int(self.sequence, 1, "sequence")
        if (self.sequence == 1) != (self.previous_hash is None):
            raise ValueError("package 1 has no previous package, and every later one names its previous one")
        if self.previous_hash is not None and len(self.previous_hash) != HASH_BYTES:
            raise ValueError("previous is a SHA-256 hash")
        if len(self.acks) > _MAX_ACKS:
            raise ValueError("too many acknowledgements")
        for node, value in self.acks.items():
            if not isinstance(node, uuid.UUID):
                raise ValueError("acknowledgements are keyed by node id")
            _check_int(value, 0, "acknowledgement")
        for name, value in self.counts.items():
            if not isinstance(name, str) or not _COUNT_NAME.fullmatch(name):
                raise ValueError("count names are short lower-case words")
            _check_int(value, 0, "count")

    def encode(self) -> bytes:
        """The header's bytes as they stand in the file (canonical JSON)."""
        return canonical_json(
            {
                "format": self.format_version,
                "schema": self.schema_version,
                "sender": str(self.sender),
                "recipient": str(self.recipient),
                "sequence": self.sequence,
                "previous": self.previous_hash.hex() if self.previous_hash is not None else None,
                "acks": {str(node): value for node, value in self.acks.items()},
                "counts": dict(self.counts),
                "created": self.created.encode(),
            }
        )

    @classmethod
    def decode(cls, data: bytes) -> PackageHeader:
        """Read a header from its bytes, insisting on every field and on canonical form.

        Raises:
            DamagedPackageError: when the bytes are not a header :meth:`encode` could have written.
        """
        try:
            header = cls._from_object(load_canonical_object(data))
        except (ValueError, TypeError) as error:
            raise DamagedPackageError(f"header: {error}") from None
        # Every field also in its one written form (an HLC stamp "…-+fff" parses, but is not how it is written).
        if header.encode() != data:
            raise DamagedPackageError("header: a field not in canonical form")
        return header

    @classmethod
    def _from_object(cls, value: dict[str, Any]) -> PackageHeader:
        if set(value) != _KEYS:
            raise ValueError("unexpected or missing fields")
        previous = value["previous"]
        if previous is not None and not (isinstance(previous, str) and _HEX_HASH.fullmatch(previous)):
            raise ValueError("previous is a hex SHA-256 hash or null")
        acks, counts, created = value["acks"], value["counts"], value["created"]
        if not isinstance(acks, dict) or not isinstance(counts, dict) or not isinstance(created, str):
            raise TypeError("acks and counts are objects, created is text")
        return cls(
            format_version=value["format"],
            schema_version=value["schema"],
            sender=_node_id(value["sender"]),
            recipient=_node_id(value["recipient"]),
            sequence=value["sequence"],
            previous_hash=bytes.fromhex(previous) if previous is not None else None,
            acks={_node_id(node): count for node, count in acks.items()},
            counts=counts,
            created=HlcStamp.parse(created),
        )


def _check_int(value: object, minimum: int, what: str) -> None:
    # bool is an int to Python, and true is not a package number.
    if type(value) is not int or value < minimum or value >= 2**63:
        raise ValueError(f"{what} is a whole number from {minimum}")


def _node_id(text: object) -> uuid.UUID:
    if not isinstance(text, str):
        raise TypeError("a node id is text")
    node = uuid.UUID(text)
    if str(node) != text:
        raise ValueError("a node id is a UUID in canonical form")
    return node
