"""The body of a package: named parts behind a manifest, compressed with zlib (docs/SYNC.md has the layout).

::

    manifest size   4 bytes, unsigned, big-endian
    manifest        canonical JSON: {"parts": [{"name": …, "sha256": …, "size": …}, …]}
    parts           the bytes of each part, in the manifest's order, one after the other

The whole is one zlib stream (RFC 1950). It is not a zip archive on purpose: a zip has two directories that may
disagree, entries that may overlap and names that may be paths, each a known way to attack an unpacker. Here there
is one list, each part's place follows from the sizes before it, and a name is a single plain word.

Unpacking stops as soon as the output passes the size limit (the stream is inflated a chunk at a time), so a small
body that would inflate to gigabytes costs memory in proportion to the limit, never to what it would inflate to.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Final

from db.sync.canonical import canonical_json, load_canonical_object
from db.sync.errors import (
    BodyTooLargeError,
    DamagedPackageError,
    PartHashMismatchError,
    UnexpectedPartError,
    UnsafePartNameError,
)
from db.sync.limits import MIB, PackageLimits

CHANGES_PART: Final = "changes.jsonl"
_MANIFEST_SIZE: Final = struct.Struct(">I")
_MANIFEST_KEYS: Final = frozenset({"parts"})
_PART_KEYS: Final = frozenset({"name", "sha256", "size"})
_HEX_HASH: Final = re.compile(r"[0-9a-f]{64}")
# A part name is one plain word: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.
# No separators at all, so no name can be absolute, climb out with '..', or mean a path on another system.
_PART_NAME: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_INFLATE_CHUNK: Final = 1 * MIB
# zlib's default. On 100 000 changes level 9 took 2.4 times as long for a file 9 % smaller; level 1 was 25 % larger.
_COMPRESSION_LEVEL: Final = 6


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")  # NaN and infinities: the writer never writes them


_DECODER: Final = json.JSONDecoder(parse_constant=_refuse_constant)


def check_part_name(name: str) -> None:
    """Refuse a part name that is not one plain word.

    Raises:
        UnsafePartNameError: for an empty, absolute, ``..``, backslash, control-character or overlong name.
    """
    if not _PART_NAME.fullmatch(name) or ".." in name:
        raise UnsafePartNameError(name, "not a plain part name")


def encode_changes(changes: Iterable[Mapping[str, Any]]) -> tuple[bytes, int]:
    """Return the ``changes.jsonl`` part (one canonical JSON object a line) and the number of changes.

    Raises:
        TypeError: when a change holds a value JSON cannot (a programming error: the change log holds JSON).
    """
    lines = [canonical_json(change) for change in changes]
    if lines:
        lines.append(b"")  # so that join ends the last line too
    return b"\n".join(lines), max(0, len(lines) - 1)


def decode_changes(data: bytes) -> list[dict[str, Any]]:
    """Parse the ``changes.jsonl`` part.

    Raises:
        DamagedPackageError: when a line is not a JSON object, or the last line is not ended.
    """
    if not data:
        return []
    if not data.endswith(b"\n"):
        raise DamagedPackageError("changes: the last line is not ended")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DamagedPackageError("changes: not UTF-8") from None
    # One decoder for all lines, on text decoded once: a third faster than json.loads per line of bytes. Split on
    # "\n" only (not splitlines: U+2028 may stand unescaped inside a value).
    decode = _DECODER.decode
    changes: list[dict[str, Any]] = []
    for number, line in enumerate(text[:-1].split("\n"), start=1):
        try:
            change = decode(line)
        except (ValueError, RecursionError):
            raise DamagedPackageError(f"changes: line {number} is not JSON") from None
        if not isinstance(change, dict):
            raise DamagedPackageError(f"changes: line {number} is not an object")
        changes.append(change)
    return changes


def pack_body(parts: Sequence[tuple[str, bytes]]) -> bytes:
    """Build and compress a body of ``parts`` (name, bytes), in that order.

    Raises:
        UnsafePartNameError: when a name is not a plain part name, or two parts share one.
    """
    seen: set[str] = set()
    for name, _data in parts:
        check_part_name(name)
        if name in seen:
            raise UnsafePartNameError(name, "twice")
        seen.add(name)
    manifest = canonical_json(
        {
            "parts": [
                {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in parts
            ]
        }
    )
    compressor = zlib.compressobj(_COMPRESSION_LEVEL)
    chunks = [compressor.compress(_MANIFEST_SIZE.pack(len(manifest))), compressor.compress(manifest)]
    chunks.extend(compressor.compress(data) for _name, data in parts)
    chunks.append(compressor.flush())
    return b"".join(chunks)


def inflate(compressed: bytes, limit: int) -> bytearray:
    """Decompress a zlib stream, refusing it as soon as the output passes ``limit`` bytes.

    Raises:
        BodyTooLargeError: when the stream inflates to more than ``limit``; memory used stays near ``limit``.
        DamagedPackageError: when the stream is not a whole zlib stream, or bytes follow it.
    """
    inflater = zlib.decompressobj()
    output = bytearray()
    pending: bytes | memoryview = memoryview(compressed)
    try:
        while not inflater.eof:
            # max_length bounds each step's output; what the step did not consume waits in unconsumed_tail.
            chunk = inflater.decompress(pending, _INFLATE_CHUNK)
            if len(output) + len(chunk) > limit:
                raise BodyTooLargeError(limit)
            output += chunk
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                raise DamagedPackageError("body: the compressed stream ends early")
    except zlib.error as error:
        raise DamagedPackageError(f"body: {error}") from None
    if inflater.unused_data:
        raise DamagedPackageError("body: bytes after the compressed stream")
    return output


def unpack_body(
    compressed: bytes, limits: PackageLimits, *, known_parts: Collection[str], refuse_unknown: bool
) -> dict[str, bytes]:
    """Decompress a body and check its manifest and every part against it; return the parts by name.

    Args:
        compressed: the decrypted body.
        limits: the size limits (body, manifest, number of parts).
        known_parts: the part names the reader understands (``changes.jsonl`` is always one).
        refuse_unknown: whether a well-formed name outside ``known_parts`` is refused. A package for a newer schema
            may carry parts this version does not know yet; it is held, not refused, so its names are let pass.

    Raises:
        BodyTooLargeError: when the body inflates to more than the limit.
        UnsafePartNameError: when a part name is not one plain word, or two parts share one.
        UnexpectedPartError: when a part is not one the reader knows (and ``refuse_unknown``).
        PartHashMismatchError: when a part's bytes do not match the size or SHA-256 its manifest entry gives.
        DamagedPackageError: when the body's structure is wrong (manifest unreadable, sizes not adding up,
            no changes part).
    """
    body = inflate(compressed, limits.max_body_bytes)
    view = memoryview(body)
    if len(body) < _MANIFEST_SIZE.size:
        raise DamagedPackageError("body: shorter than its manifest size")
    (manifest_size,) = _MANIFEST_SIZE.unpack(view[: _MANIFEST_SIZE.size])
    manifest_end = _MANIFEST_SIZE.size + manifest_size
    if manifest_size > limits.max_manifest_bytes or manifest_end > len(body):
        raise DamagedPackageError(f"body: manifest of {manifest_size} bytes")
    entries = _manifest_entries(bytes(view[_MANIFEST_SIZE.size : manifest_end]), limits)

    # Names first (a path trick is refused as such, whatever else is wrong), then sizes, then hashes.
    names: set[str] = set()
    for name, _size, _digest in entries:
        check_part_name(name)
        if name in names:
            raise UnsafePartNameError(name, "twice")
        names.add(name)
        if refuse_unknown and name != CHANGES_PART and name not in known_parts:
            raise UnexpectedPartError(name)
    if CHANGES_PART not in names:
        raise DamagedPackageError("body: no changes part")
    if manifest_end + sum(size for _name, size, _digest in entries) != len(body):
        raise DamagedPackageError("body: the parts' sizes do not add up to the body")

    parts: dict[str, bytes] = {}
    position = manifest_end
    for name, size, digest in entries:
        data = view[position : position + size]
        position += size
        if hashlib.sha256(data).hexdigest() != digest:
            raise PartHashMismatchError(name)
        parts[name] = bytes(data)
    return parts


def _manifest_entries(manifest: bytes, limits: PackageLimits) -> list[tuple[str, int, str]]:
    try:
        value = load_canonical_object(manifest)
    except ValueError as error:
        raise DamagedPackageError(f"manifest: {error}") from None
    parts = value.get("parts")
    if set(value) != _MANIFEST_KEYS or not isinstance(parts, list) or len(parts) > limits.max_parts:
        raise DamagedPackageError("manifest: not a list of parts within the limit")
    entries = []
    for part in parts:
        if not isinstance(part, dict) or set(part) != _PART_KEYS:
            raise DamagedPackageError("manifest: a part entry without name, size and hash")
        name, size, digest = part["name"], part["size"], part["sha256"]
        if not isinstance(name, str) or type(size) is not int or size < 0:
            raise DamagedPackageError("manifest: a part's name or size has the wrong type")
        if not isinstance(digest, str) or not _HEX_HASH.fullmatch(digest):
            raise DamagedPackageError("manifest: a part's hash is not a hex SHA-256")
        entries.append((name, size, digest))
    return entries
