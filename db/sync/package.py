"""Writing and reading one ``.kansli-sync`` package file: no database, no Qt, nothing written while reading.

:func:`write_package` turns a list of changes into the bytes of a signed, encrypted package (and writes it
atomically when given a path). :func:`read_package` runs every check of DESIGN §5 in its order and returns the
changes only when all have passed, so the caller applies a package whole or not at all:

1. size of the file (before it is read);
2. framing: magic, format, truncation, header syntax;
3. sender enrolled (its keys pinned here);
4. signature, against the pinned key;
5. recipient is this node;
6. sequence: already imported (not an error), a gap, or a package that does not follow the chain;
7. decryption;
8. decompression within the size limit, part names;
9. part hashes;
10. schema version (a newer one is held, not refused).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from db.core.files import write_file_atomically
from db.core.hlc import HlcStamp
from db.core.i18n import _
from db.sync.body import CHANGES_PART, decode_changes, encode_changes, pack_body, unpack_body
from db.sync.envelope import decrypt_body, open_envelope, seal, verify_signature
from db.sync.errors import (
    DamagedPackageError,
    NewerSchemaPackageError,
    PackageForkError,
    PackageGapError,
    PackageTooLargeError,
    PackageUnreadableError,
    UnknownSenderError,
    WrongRecipientError,
)
from db.sync.header import FORMAT_VERSION, PackageHeader
from db.sync.keys import NodeIdentity, NodeKeys
from db.sync.limits import DEFAULT_LIMITS, PackageLimits

FILE_SUFFIX: Final = ".kansli-sync"


def package_hash(data: bytes) -> bytes:
    """SHA-256 of a whole package file: what the next package on the channel names as its previous one."""
    return hashlib.sha256(data).digest()


@dataclass(frozen=True)
class BuiltPackage:
    """A package just made: its bytes, its header, and the hash the next package will name."""

    data: bytes
    header: PackageHeader
    package_hash: bytes


@dataclass(frozen=True)
class AppliedPackage:
    """The last package imported from one sender: its number, and its hash when known (to check the chain)."""

    sequence: int
    package_hash: bytes | None = None


@dataclass(frozen=True)
class Package:
    """A package that passed every check: the changes may be applied.

    Attributes:
        header: what the package says about itself (all of it now authenticated).
        sender: the pinned identity of the node that made it.
        package_hash: SHA-256 of the file, to remember as the last package imported from the sender.
        changes: the changes, in the order the sender wrote them.
        parts: the other parts, by name (those the caller named as known).
        missing: the package numbers skipped over when a gap was accepted (empty otherwise).
    """

    header: PackageHeader
    sender: NodeIdentity
    package_hash: bytes
    changes: list[dict[str, Any]]
    parts: dict[str, bytes] = field(default_factory=dict)
    missing: range = range(0)


@dataclass(frozen=True)
class AlreadyApplied:
    """A genuine package that was imported before (or an older one from the same sender): nothing to do.

    Not an error: a package sent twice, or imported from two copies, is expected. ``message`` says so to the user.
    """

    header: PackageHeader
    sender: NodeIdentity
    package_hash: bytes
    message: str


def write_package(
    changes: Iterable[Mapping[str, Any]],
    *,
    sender: NodeKeys,
    recipient: NodeIdentity,
    sequence: int,
    previous_hash: bytes | None,
    schema_version: int,
    created: HlcStamp,
    acks: Mapping[uuid.UUID, int] | None = None,
    extra_parts: Mapping[str, bytes] | None = None,
    path: Path | None = None,
) -> BuiltPackage:
    """Build one package from ``sender`` to ``recipient``, and write it to ``path`` if given.

    Args:
        changes: the changes to carry, each a JSON-able mapping (the sync layer decides their fields).
        sender: this node's keys; the package is signed with them.
        recipient: the pinned identity of the node the package is for; only it can open the package.
        sequence: the package's number on this channel (1 for the first package to this recipient).
        previous_hash: :attr:`BuiltPackage.package_hash` of the previous package to this recipient (None for 1).
        schema_version: the database schema the changes belong to.
        created: this node's HLC stamp for the package.
        acks: what this node has received, node id → highest number (see :class:`PackageHeader`).
        extra_parts: further parts by name (one plain word each, not ``changes.jsonl``).
        path: where to write the file; it is written atomically (complete, or not at all).

    Raises:
        ValueError: when the arguments cannot make a valid package (sequence 1 with a previous hash, say).
        UnsafePartNameError: when an extra part's name is not one plain word, or is ``changes.jsonl``.
        KansliError: when ``path`` cannot be written; nothing is left there then.
    """
    changes_bytes, change_count = encode_changes(changes)
    parts = [(CHANGES_PART, changes_bytes), *(extra_parts or {}).items()]
    body = pack_body(parts)  # refuses a bad or repeated name, changes.jsonl among the extras included
    header = PackageHeader(
        schema_version=schema_version,
        sender=sender.node_id,
        recipient=recipient.node_id,
        sequence=sequence,
        previous_hash=previous_hash,
        acks=dict(acks or {}),
        counts={"changes": change_count, "parts": len(parts)},
        created=created,
        format_version=FORMAT_VERSION,
    )
    data = seal(header, body, sender, recipient)
    if path is not None:
        write_file_atomically(path, data)
    return BuiltPackage(data, header, package_hash(data))


def read_package(
    source: bytes | Path,
    *,
    own_keys: NodeKeys,
    known_senders: Mapping[uuid.UUID, NodeIdentity],
    last_applied: Mapping[uuid.UUID, AppliedPackage] | None = None,
    schema_version: int,
    known_parts: Collection[str] = (),
    accept_gap: bool = False,
    limits: PackageLimits = DEFAULT_LIMITS,
) -> Package | AlreadyApplied:
    """Check a package in DESIGN §5's order and return its contents; nothing is written anywhere.

    Args:
        source: the file's bytes, or its path.
        own_keys: this node's keys (the recipient's).
        known_senders: the pinned identities of the enrolled nodes, by node id.
        last_applied: the last package imported from each sender, by node id; a sender missing here has had none.
        schema_version: the database schema this program writes; a package for a newer one is held.
        known_parts: names of the parts besides ``changes.jsonl`` this program understands.
        accept_gap: read the package even when earlier ones from its sender are missing (the user agreed: every
            package carries again what the recipient has not acknowledged, so nothing is lost).
        limits: size limits.

    Returns:
        The checked :class:`Package`, or :class:`AlreadyApplied` when it (or a later one) was imported before.

    Raises:
        PackageError: a subclass for each reason a package is refused (see db.sync.errors), or
            :class:`NewerSchemaPackageError` when it is to be held until the program is updated.
    """
    data = _read_source(source, limits)
    envelope = open_envelope(data, limits)
    header = envelope.header
    sender = known_senders.get(header.sender)
    if sender is None or sender.node_id != header.sender:
        raise UnknownSenderError(header.sender)
    verify_signature(envelope, sender)
    if header.recipient != own_keys.node_id:
        raise WrongRecipientError(header.recipient)

    digest = package_hash(data)
    previous = (last_applied or {}).get(header.sender, AppliedPackage(0))
    if header.sequence <= previous.sequence:
        if header.sequence == previous.sequence and previous.package_hash not in (None, digest):
            raise PackageForkError(sender.name, header.sequence)  # same number, other contents
        message = _("Package {number} from {sender} has already been imported; nothing was changed.")
        return AlreadyApplied(header, sender, digest, message.format(number=header.sequence, sender=sender.name))
    missing = range(previous.sequence + 1, header.sequence)
    if missing and not accept_gap:
        raise PackageGapError(sender.name, missing)
    if not missing and previous.package_hash is not None and header.previous_hash != previous.package_hash:
        raise PackageForkError(sender.name, header.sequence)

    body = decrypt_body(envelope, own_keys, sender.name)
    newer_schema = header.schema_version > schema_version
    parts = unpack_body(body, limits, known_parts=known_parts, refuse_unknown=not newer_schema)
    if newer_schema:
        raise NewerSchemaPackageError(header, sender.name)
    changes = decode_changes(parts.pop(CHANGES_PART))
    if header.counts.get("changes") != len(changes) or header.counts.get("parts") != len(parts) + 1:
        raise DamagedPackageError("the header's counts differ from the body")
    return Package(header, sender, digest, changes, parts, missing)


def _read_source(source: bytes | Path, limits: PackageLimits) -> bytes:
    if isinstance(source, bytes):
        if len(source) > limits.max_file_bytes:
            raise PackageTooLargeError(limits.max_file_bytes)
        return source
    try:
        with source.open("rb") as file:
            # The size is checked before reading, and the read is bounded too: the file may grow meanwhile.
            if os.fstat(file.fileno()).st_size > limits.max_file_bytes:
                raise PackageTooLargeError(limits.max_file_bytes)
            data = file.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise PackageUnreadableError(source, error.strerror or type(error).__name__) from None
    if len(data) > limits.max_file_bytes:
        raise PackageTooLargeError(limits.max_file_bytes)
    return data
