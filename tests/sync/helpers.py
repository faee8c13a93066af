"""Nodes, packages and the test-only builders that make packages the real writer never would.

The hostile cases need packages that are genuine in every way but one (signed by the sender, encrypted for the
recipient, yet with a manifest that lies, or a part named ``../x``). Those are built here from the envelope's own
``seal``, with a body put together by hand, so the writer itself never learns how to make them.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.core.hlc import HlcStamp
from db.sync.canonical import canonical_json
from db.sync.envelope import MAGIC, NONCE_BYTES, SIGNATURE_BYTES, WRAPPED_KEY_BYTES, seal
from db.sync.header import PackageHeader
from db.sync.keys import NodeKeys
from db.sync.package import AppliedPackage, Package, read_package, write_package

SCHEMA = 7
CREATED = HlcStamp(1_764_165_600_000, 3)


@dataclass(frozen=True)
class Nodes:
    central: NodeKeys
    district: NodeKeys
    other_district: NodeKeys


def make_nodes() -> Nodes:
    return Nodes(
        NodeKeys.generate(uuid.uuid4(), "Central office"),
        NodeKeys.generate(uuid.uuid4(), "Uusimaa district"),
        NodeKeys.generate(uuid.uuid4(), "Lapland district"),
    )


def sample_changes(count: int) -> list[dict[str, Any]]:
    """Change-log-like records (the sync layer will fix their real fields)."""
    return [
        {
            "origin": "018f3a2e-0000-7000-8000-000000000001",
            "origin_seq": index + 1,
            "hlc": f"{1_764_165_600_000 + index:016d}-0000",
            "entity": "member",
            "row_id": f"018f3a2e-{index:04x}-7000-8000-00000000000{index % 10}",
            "field": "street",
            "old_value": "Mannerheimintie 1",
            "new_value": f"Hämeentie {index} A 4",
            "group": "address",
            "kind": "set",
        }
        for index in range(count)
    ]


def package_from(
    nodes: Nodes,
    changes: list[dict[str, Any]] | None = None,
    *,
    sequence: int = 1,
    previous_hash: bytes | None = None,
    schema_version: int = SCHEMA,
    sender: NodeKeys | None = None,
    extra_parts: dict[str, bytes] | None = None,
) -> bytes:
    """A genuine package from the central office to the district (unless told otherwise)."""
    return write_package(
        sample_changes(3) if changes is None else changes,
        sender=sender or nodes.central,
        recipient=nodes.district.identity,
        sequence=sequence,
        previous_hash=previous_hash,
        schema_version=schema_version,
        created=CREATED,
        acks={nodes.district.node_id: 4},
        extra_parts=extra_parts,
    ).data


def read_as_district(
    nodes: Nodes, data: bytes | Path, *, last: AppliedPackage | None = None, **options: Any
) -> Package:
    """Read ``data`` as the district, with the central office enrolled; the result must be a package."""
    result = read_package(
        data,
        own_keys=nodes.district,
        known_senders={nodes.central.node_id: nodes.central.identity},
        last_applied={nodes.central.node_id: last} if last else None,
        schema_version=SCHEMA,
        **options,
    )
    assert isinstance(result, Package)
    return result


def body_bytes(entries: list[dict[str, Any]], payload: bytes) -> bytes:
    """An uncompressed body with the manifest ``entries`` given as they are (true or not) and ``payload`` after it."""
    manifest = canonical_json({"parts": entries})
    return struct.pack(">I", len(manifest)) + manifest + payload


def sealed(
    nodes: Nodes,
    compressed_body: bytes,
    *,
    counts: dict[str, int] | None = None,
    schema_version: int = SCHEMA,
) -> bytes:
    """Seal a hand-made body as a genuine package from the central office to the district."""
    header = PackageHeader(
        schema_version=schema_version,
        sender=nodes.central.node_id,
        recipient=nodes.district.node_id,
        sequence=1,
        previous_hash=None,
        acks={},
        counts=counts if counts is not None else {"changes": 0, "parts": 1},
        created=CREATED,
    )
    return seal(header, compressed_body, nodes.central, nodes.district.identity)


def sections(data: bytes) -> dict[str, range]:
    """Where each field of a package file lies (docs/SYNC.md, "The file")."""
    position = 0
    found: dict[str, range] = {}

    def field(name: str, size: int) -> None:
        nonlocal position
        found[name] = range(position, position + size)
        position += size

    field("magic", len(MAGIC))
    field("format", 2)
    field("header size", 4)
    field("header", struct.unpack(">I", data[found["header size"].start : found["header size"].stop])[0])
    field("wrapped key", WRAPPED_KEY_BYTES)
    field("nonce", NONCE_BYTES)
    field("body size", 8)
    field("body", struct.unpack(">Q", data[found["body size"].start : found["body size"].stop])[0])
    field("signature", SIGNATURE_BYTES)
    assert position == len(data)
    return found


def flip_bit(data: bytes, bit: int) -> bytes:
    changed = bytearray(data)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


def zero_bomb(prefix: bytes, inflated_mib: int) -> bytes:
    """A zlib stream of ``prefix`` and then ``inflated_mib`` MiB of zeros, built without ever holding the zeros.

    Each MiB of zeros is compressed once after a full flush, which makes its compressed bytes independent of what
    came before, so they can simply be repeated. (The stream's final checksum is wrong: a reader that refuses the
    bomb never gets that far.)
    """
    compressor = zlib.compressobj(9)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    segment = compressor.compress(bytes(1024 * 1024)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return head + segment * inflated_mib + compressor.flush()
