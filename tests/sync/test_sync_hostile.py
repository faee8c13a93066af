"""The hostile corpus: every damaged, cut, forged or booby-trapped package is refused, each for its own reason.

Nothing here is written anywhere by the reader; the database-level "file unchanged" checks come with the import
layer. What this layer promises is that no hostile file gets past :func:`read_package` as a package.
"""

from __future__ import annotations

import hashlib
import json
import struct
import tracemalloc
import zlib
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.sync.body import CHANGES_PART
from db.sync.canonical import canonical_json
from db.sync.envelope import MAGIC
from db.sync.errors import (
    BadSignatureError,
    BodyTooLargeError,
    DamagedPackageError,
    NotAPackageError,
    PackageError,
    PartHashMismatchError,
    TruncatedPackageError,
    UnsafePartNameError,
    UnsupportedFormatError,
)
from db.sync.limits import MIB, PackageLimits
from tests.sync.helpers import (
    Nodes,
    body_bytes,
    flip_bit,
    make_nodes,
    package_from,
    read_as_district,
    sample_changes,
    sealed,
    sections,
    zero_bomb,
)


@cache
def _nodes() -> Nodes:
    return make_nodes()


@cache
def _genuine() -> bytes:
    return package_from(_nodes(), sample_changes(3))


@pytest.fixture
def nodes() -> Nodes:
    return _nodes()


@pytest.fixture
def genuine() -> bytes:
    return _genuine()


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_genuine_package_is_read(nodes: Nodes, genuine: bytes) -> None:
    # The control: everything below fails because of what it changes, not because the base package is bad.
    assert read_as_district(nodes, genuine).changes == sample_changes(3)


# --- Bit flips -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("section", ["wrapped key", "nonce", "body", "signature"])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_bit_flipped_in_the_sealed_sections_breaks_the_signature(
    nodes: Nodes, genuine: bytes, section: str, where: str
) -> None:
    span = sections(genuine)[section]
    byte = {"first": span.start, "middle": (span.start + span.stop) // 2, "last": span.stop - 1}[where]
    with pytest.raises(BadSignatureError):
        read_as_district(nodes, flip_bit(genuine, byte * 8 + 3))


def test_a_bit_flipped_in_a_header_value_breaks_the_signature(nodes: Nodes, genuine: bytes) -> None:
    # One digit of the HLC stamp becomes another digit: still a valid header, but not the one that was signed.
    position = genuine.index(b'"created":"') + len(b'"created":"') + 15
    with pytest.raises(BadSignatureError):
        read_as_district(nodes, flip_bit(genuine, position * 8))


def test_a_bit_flipped_in_the_header_syntax_is_damage(nodes: Nodes, genuine: bytes) -> None:
    position = genuine.index(b'"sequence":')  # the opening quote becomes '#'
    with pytest.raises(DamagedPackageError):
        read_as_district(nodes, flip_bit(genuine, position * 8 + 0))


def test_a_bit_flipped_in_the_magic_is_not_a_package(nodes: Nodes, genuine: bytes) -> None:
    with pytest.raises(NotAPackageError, match="not a Kansli sync package"):
        read_as_district(nodes, flip_bit(genuine, 3 * 8))


def test_a_bit_flipped_in_the_format_is_an_unsupported_format(nodes: Nodes, genuine: bytes) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"format 3\)"):
        read_as_district(nodes, flip_bit(genuine, sections(genuine)["format"].stop * 8 - 7))


def _with_size(data: bytes, section: str, change: int) -> bytes:
    span = sections(data)[section]
    size = int.from_bytes(data[span.start : span.stop], "big") + change
    return data[: span.start] + size.to_bytes(len(span), "big") + data[span.stop :]


def test_a_body_size_one_too_large_is_truncation_and_one_too_small_is_damage(nodes: Nodes, genuine: bytes) -> None:
    with pytest.raises(TruncatedPackageError):
        read_as_district(nodes, _with_size(genuine, "body size", +1))
    with pytest.raises(DamagedPackageError) as raised:
        read_as_district(nodes, _with_size(genuine, "body size", -1))
    assert "1 bytes after the signature" in raised.value.detail


@pytest.mark.parametrize("change", [+1, -1, +(2**31)])
def test_a_wrong_header_size_is_refused(nodes: Nodes, genuine: bytes, change: int) -> None:
    # What follows is then read from the wrong place: the file seems to end early, or the header is cut.
    with pytest.raises((TruncatedPackageError, DamagedPackageError)):
        read_as_district(nodes, _with_size(genuine, "header size", change))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_single_bit_flip_anywhere_is_refused(data: st.DataObject) -> None:
    genuine = _genuine()
    bit = data.draw(st.integers(0, len(genuine) * 8 - 1), label="bit")
    with pytest.raises(PackageError):
        read_as_district(_nodes(), flip_bit(genuine, bit))


# --- Truncation and extra bytes --------------------------------------------------------------------------------


def test_truncated_at_every_length_is_reported_as_truncated(nodes: Nodes, genuine: bytes) -> None:
    # Every length from the empty file to one byte short: inside the magic, the format, every size, the header, the
    # wrapped key, the nonce, the body and the signature.
    for length in range(len(genuine)):
        with pytest.raises(TruncatedPackageError, match="incomplete"):
            read_as_district(nodes, genuine[:length])


def test_bytes_after_the_signature_are_damage(nodes: Nodes, genuine: bytes) -> None:
    with pytest.raises(DamagedPackageError) as raised:
        read_as_district(nodes, genuine + b"\n")
    assert "after the signature" in raised.value.detail


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_random_bytes_are_refused_with_a_package_error(data: bytes) -> None:
    with pytest.raises(PackageError):
        read_as_district(_nodes(), data)


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_random_bytes_behind_a_valid_magic_are_refused_with_a_package_error(data: bytes) -> None:
    with pytest.raises(PackageError):
        read_as_district(_nodes(), MAGIC + b"\x00\x01" + data)


def test_other_files_are_not_packages(nodes: Nodes) -> None:
    for data in (b"PK\x03\x04" + bytes(100), b"%PDF-1.7\n" + bytes(100), b"nimi;osoite\n" * 10):
        with pytest.raises(NotAPackageError):
            read_as_district(nodes, data)


def test_a_package_sent_through_a_line_ending_conversion_is_not_a_package(nodes: Nodes, genuine: bytes) -> None:
    with pytest.raises(NotAPackageError):
        read_as_district(nodes, genuine.replace(b"\r\n", b"\n"))


def test_a_header_over_the_limit_is_refused_before_it_is_parsed(nodes: Nodes, genuine: bytes) -> None:
    span = sections(genuine)["header size"]
    huge = genuine[: span.start] + struct.pack(">I", 10**9) + genuine[span.stop :]
    with pytest.raises(DamagedPackageError) as raised:
        read_as_district(nodes, huge)
    assert "header of 1000000000 bytes" in raised.value.detail


@pytest.mark.parametrize(
    "replacement",
    [
        lambda header: header.replace(b'","', b'", "', 1),  # whitespace: not canonical
        lambda header: header.replace(b'{"acks"', b'{"acks":{},"acks"', 1),  # a key twice
        lambda header: header.replace(b'"sequence":1', b'"sequence":true'),
        lambda header: header.replace(b'"sequence":1', b'"sequence":0'),
        lambda header: header.replace(b'"schema":7', b'"schema":-7'),
        lambda header: header.replace(b'"format":1', b'"format":2'),  # differs from the file's format
        lambda header: header[:-1] + b',"extra":1}',
        lambda header: header.replace(b'0000-0003"', b'0000-+003"'),  # an HLC stamp that parses, written otherwise
        lambda header: b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]",  # nesting beyond the parser's stack
    ],
)
def test_a_header_that_is_not_exactly_what_the_writer_writes_is_damage(
    nodes: Nodes, genuine: bytes, replacement: object
) -> None:
    found = sections(genuine)
    header = genuine[found["header"].start : found["header"].stop]
    changed = replacement(header)  # type: ignore[operator]
    assert changed != header
    data = (
        genuine[: found["header size"].start]
        + struct.pack(">I", len(changed))
        + changed
        + genuine[found["header"].stop :]
    )
    with pytest.raises(DamagedPackageError):
        read_as_district(nodes, data, limits=PackageLimits(max_header_bytes=1024 * 1024))


# --- Inside the body: bombs, path tricks, lies -----------------------------------------------------------------


def test_a_decompression_bomb_is_refused_while_it_inflates_with_bounded_memory(nodes: Nodes) -> None:
    inflated_mib = 1024
    prefix = body_bytes([{"name": CHANGES_PART, "sha256": "0" * 64, "size": inflated_mib * MIB}], b"")
    bomb = zero_bomb(prefix, inflated_mib)
    assert len(bomb) < 2 * MIB  # about 1 MB that would unpack to 1 GB
    data = sealed(nodes, bomb)
    limits = PackageLimits(max_body_bytes=4 * MIB)
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLargeError, match="unpacks to more than 4 MB"):
            read_as_district(nodes, data, limits=limits)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The output up to the limit (twice, while the buffer grows), a chunk, the file and its decrypted copy: a few
    # MB, not the gigabyte it would unpack to.
    assert peak < 16 * MIB


def test_a_body_just_within_the_limit_is_read(nodes: Nodes) -> None:
    changes = sample_changes(200)
    data = package_from(nodes, changes)
    inflated = len(body_bytes([], b"")) + 2000 + sum(len(canonical_json(change)) + 1 for change in changes)
    assert read_as_district(nodes, data, limits=PackageLimits(max_body_bytes=inflated)).changes == changes
    with pytest.raises(BodyTooLargeError):
        read_as_district(nodes, data, limits=PackageLimits(max_body_bytes=inflated - 2200))


@pytest.mark.parametrize(
    "name",
    [
        "../changes.jsonl",
        "..",
        "/etc/passwd",
        "C:\\Windows\\system.ini",
        "parts\\changes.jsonl",
        "snapshot/../../x",
        "a/b",
        ".hidden",
        "",
        "name\x00.jsonl",
        "CHANGES.JSONL",
        "x" * 65,
        "a..b",
    ],
)
def test_a_part_name_that_is_a_path_trick_is_refused(nodes: Nodes, name: str) -> None:
    changes = b""
    trick = b"payload"
    entries = [
        {"name": CHANGES_PART, "sha256": _hash(changes), "size": 0},
        {"name": name, "sha256": _hash(trick), "size": len(trick)},
    ]
    data = sealed(nodes, zlib.compress(body_bytes(entries, changes + trick)), counts={"changes": 0, "parts": 2})
    with pytest.raises(UnsafePartNameError, match="name that is not allowed") as raised:
        read_as_district(nodes, data, known_parts={name})
    assert raised.value.name == name


def test_a_part_listed_twice_is_refused(nodes: Nodes) -> None:
    first, second = b'{"a":1}\n', b'{"b":2}\n'
    entries = [
        {"name": CHANGES_PART, "sha256": _hash(first), "size": len(first)},
        {"name": CHANGES_PART, "sha256": _hash(second), "size": len(second)},
    ]
    data = sealed(nodes, zlib.compress(body_bytes(entries, first + second)), counts={"changes": 1, "parts": 1})
    with pytest.raises(UnsafePartNameError) as raised:
        read_as_district(nodes, data)
    assert raised.value.reason == "twice"


def test_a_manifest_that_lies_about_a_hash_is_refused(nodes: Nodes) -> None:
    real = b'{"entity":"member","field":"street","new_value":"Hameentie 1"}\n'
    claimed = b'{"entity":"member","field":"street","new_value":"Hameentie 2"}\n'
    entries = [{"name": CHANGES_PART, "sha256": _hash(claimed), "size": len(real)}]
    data = sealed(nodes, zlib.compress(body_bytes(entries, real)), counts={"changes": 1, "parts": 1})
    with pytest.raises(PartHashMismatchError, match="does not match its checksum") as raised:
        read_as_district(nodes, data)
    assert raised.value.name == CHANGES_PART
    # The same body with a true manifest is read: the lie alone is what was refused.
    honest = [{"name": CHANGES_PART, "sha256": _hash(real), "size": len(real)}]
    good = sealed(nodes, zlib.compress(body_bytes(honest, real)), counts={"changes": 1, "parts": 1})
    assert read_as_district(nodes, good).changes == [json.loads(real)]


def test_a_manifest_whose_sizes_do_not_add_up_is_damage(nodes: Nodes) -> None:
    real = b'{"a":1}\n'
    entries = [{"name": CHANGES_PART, "sha256": _hash(real), "size": len(real) - 1}]
    data = sealed(nodes, zlib.compress(body_bytes(entries, real)), counts={"changes": 1, "parts": 1})
    with pytest.raises(DamagedPackageError) as raised:
        read_as_district(nodes, data)
    assert "do not add up" in raised.value.detail


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"not zlib at all", "body:"),
        (zlib.compress(body_bytes([], b""))[:-3], "ends early"),
        (zlib.compress(body_bytes([], b"")) + b"x", "after the compressed stream"),
        (zlib.compress(b"\x00\x00"), "shorter than its manifest"),
        (zlib.compress(struct.pack(">I", 10) + b"{}"), "manifest of 10 bytes"),
        (zlib.compress(struct.pack(">I", 2) + b"{}"), "not a list of parts"),
        (zlib.compress(body_bytes([], b"")), "no changes part"),
        (zlib.compress(body_bytes([{"name": CHANGES_PART, "size": 0}], b"")), "without name, size and hash"),
        (zlib.compress(body_bytes([{"name": CHANGES_PART, "sha256": "x", "size": 0}], b"")), "hex SHA-256"),
        (
            zlib.compress(body_bytes([{"name": CHANGES_PART, "sha256": _hash(b""), "size": -1}], b"")),
            "wrong type",
        ),
    ],
)
def test_a_malformed_body_is_damage(nodes: Nodes, body: bytes, detail: str) -> None:
    with pytest.raises(DamagedPackageError) as raised:
        read_as_district(nodes, sealed(nodes, body))
    assert detail in raised.value.detail


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        (b'{"a":1}', "not ended"),
        (b'{"a":1}\n[1,2]\n', "line 2 is not an object"),
        (b'{"a":1}\n{"a":\n', "line 2 is not JSON"),
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "line 1 is not JSON"),
        (b'{"a":NaN}\n', "line 1 is not JSON"),
        (b'{"a":"\xff"}\n', "not UTF-8"),
    ],
)
def test_changes_that_are_not_json_objects_are_damage(nodes: Nodes, changes: bytes, detail: str) -> None:
    entries = [{"name": CHANGES_PART, "sha256": _hash(changes), "size": len(changes)}]
    data = sealed(nodes, zlib.compress(body_bytes(entries, changes)), counts={"changes": 2, "parts": 1})
    with pytest.raises(DamagedPackageError) as raised:
        read_as_district(nodes, data)
    assert detail in raised.value.detail


def test_counts_that_differ_from_the_body_are_damage(nodes: Nodes) -> None:
    changes = b'{"a":1}\n'
    entries = [{"name": CHANGES_PART, "sha256": _hash(changes), "size": len(changes)}]
    data = sealed(nodes, zlib.compress(body_bytes(entries, changes)), counts={"changes": 2, "parts": 1})
    with pytest.raises(DamagedPackageError) as raised:
        read_as_district(nodes, data)
    assert "counts" in raised.value.detail


def test_every_single_bit_flip_of_a_small_package_is_refused(nodes: Nodes, genuine: bytes) -> None:
    # Exhaustive where hypothesis samples: each of the file's bits, flipped alone (a few thousand reads, ~1 s).
    accepted = []
    for bit in range(len(genuine) * 8):
        try:
            read_as_district(nodes, flip_bit(genuine, bit))
        except PackageError:
            continue
        accepted.append(bit)
    assert accepted == []
