r"""The outer layer of a package file: framing, encryption, key wrap and signature (docs/SYNC.md has the layout).

::

    magic        11 bytes   89 4B 41 4E 53 4C 49 0D 0A 1A 0A   ("\x89KANSLI\r\n\x1a\n")
    format        2 bytes   unsigned, big-endian: 1
    header size   4 bytes   unsigned, big-endian
    header                  canonical JSON (db.sync.header)
    wrapped key  80 bytes   HPKE base mode, X25519 / HKDF-SHA256 / AES-256-GCM: enc (32) ‖ sealed content key (48)
    nonce        12 bytes
    body size     8 bytes   unsigned, big-endian
    body                    AES-256-GCM(content key, nonce, compressed body, associated data = header bytes)
    signature    64 bytes   Ed25519 over "kansli-sync v1 signature\0" ‖ SHA-256(every byte before the signature)

The magic starts with a byte above 127 and holds CR LF, LF and Ctrl-Z, as PNG's does: a file passed through a
7-bit channel or a line-ending conversion (an e-mail program, a text-mode copy) no longer starts with it, and is
reported as "not a package" instead of failing somewhere stranger.

Each package has its own random content key, so the random nonce could never repeat under one key. The key is
wrapped to the recipient's pinned X25519 key with the header bytes in the HPKE ``info``, so a wrapped key lifted
into another package does not open it. HPKE leaves the sender anonymous; the Ed25519 signature, checked against
the sender's pinned key before anything is decrypted, is what says who made the package.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from db.sync.errors import (
    BadSignatureError,
    DamagedPackageError,
    DecryptionError,
    NotAPackageError,
    TruncatedPackageError,
    UnsupportedFormatError,
)
from db.sync.header import FORMAT_VERSION, PackageHeader
from db.sync.keys import NodeIdentity, NodeKeys
from db.sync.limits import PackageLimits

MAGIC: Final = b"\x89KANSLI\r\n\x1a\n"
_VERSION: Final = struct.Struct(">H")
_HEADER_SIZE: Final = struct.Struct(">I")
_BODY_SIZE: Final = struct.Struct(">Q")
CONTENT_KEY_BYTES: Final = 32
WRAPPED_KEY_BYTES: Final = 32 + CONTENT_KEY_BYTES + 16  # X25519 enc, the key, the AES-GCM tag
NONCE_BYTES: Final = 12
_TAG_BYTES: Final = 16
SIGNATURE_BYTES: Final = 64
# Domain separation: neither the signature nor the wrapped key can be taken for anything else signed or sealed
# with the same keys.
_SIGNATURE_DOMAIN: Final = b"kansli-sync v1 signature\x00"
_KEY_WRAP_DOMAIN: Final = b"kansli-sync v1 content key\x00"
_KEY_WRAP: Final = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


@dataclass(frozen=True)
class Envelope:
    """A package file taken apart, not yet trusted: nothing in it is checked but its framing and header syntax."""

    data: bytes
    header_bytes: bytes
    header: PackageHeader
    wrapped_key: bytes
    nonce: bytes
    body_start: int
    signed_length: int

    @property
    def signature(self) -> bytes:
        return self.data[self.signed_length :]


def signed_digest(signed: bytes | memoryview) -> bytes:
    """What the signature signs: the domain string and SHA-256 of ``signed`` (every byte before the signature).

    Signing the hash rather than the bytes keeps a 100 MB package to one pass over its bytes.
    """
    return _SIGNATURE_DOMAIN + hashlib.sha256(signed).digest()


def seal(header: PackageHeader, body: bytes, sender: NodeKeys, recipient: NodeIdentity) -> bytes:
    """Encrypt ``body`` for ``recipient``, frame it under ``header`` and sign it with ``sender``'s key.

    ``body`` is the compressed body (db.sync.body); this layer does not look inside it.

    Raises:
        ValueError: when ``recipient``'s exchange key is not a usable X25519 key.
    """
    header_bytes = header.encode()
    content_key = AESGCM.generate_key(bit_length=8 * CONTENT_KEY_BYTES)
    wrapped_key = _KEY_WRAP.encrypt(content_key, recipient.exchange_public_key(), info=_KEY_WRAP_DOMAIN + header_bytes)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(content_key).encrypt(nonce, body, header_bytes)
    signed = b"".join(
        (
            MAGIC,
            _VERSION.pack(header.format_version),
            _HEADER_SIZE.pack(len(header_bytes)),
            header_bytes,
            wrapped_key,
            nonce,
            _BODY_SIZE.pack(len(ciphertext)),
            ciphertext,
        )
    )
    return signed + sender.signing.sign(signed_digest(signed))


class _Reader:
    """Reads the file's fields in order; running out of bytes is a truncated file."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def take(self, size: int) -> bytes:
        end = self.position + size
        if end > len(self.data):
            raise TruncatedPackageError()
        field = self.data[self.position : end]
        self.position = end
        return field

    def skip(self, size: int) -> int:
        start = self.position
        if start + size > len(self.data):
            raise TruncatedPackageError()
        self.position += size
        return start


def open_envelope(data: bytes, limits: PackageLimits) -> Envelope:
    """Take a package file apart into its fields and parse its header.

    Raises:
        NotAPackageError: when ``data`` does not start with the magic bytes.
        TruncatedPackageError: when the file ends before its last field does (a cut-short copy).
        UnsupportedFormatError: when the format is not one this version reads.
        DamagedPackageError: when a size is impossible, bytes follow the signature, or the header is not valid.
    """
    if len(data) < len(MAGIC):
        # A few bytes of the right magic are a copy cut short; anything else is some other file.
        raise TruncatedPackageError() if MAGIC.startswith(data) else NotAPackageError()
    reader = _Reader(data)
    if reader.take(len(MAGIC)) != MAGIC:
        raise NotAPackageError()
    (format_version,) = _VERSION.unpack(reader.take(_VERSION.size))
    if format_version != FORMAT_VERSION:
        raise UnsupportedFormatError(format_version)
    (header_size,) = _HEADER_SIZE.unpack(reader.take(_HEADER_SIZE.size))
    if header_size > limits.max_header_bytes:
        raise DamagedPackageError(f"header of {header_size} bytes")
    header_bytes = reader.take(header_size)
    wrapped_key = reader.take(WRAPPED_KEY_BYTES)
    nonce = reader.take(NONCE_BYTES)
    (body_size,) = _BODY_SIZE.unpack(reader.take(_BODY_SIZE.size))
    if body_size < _TAG_BYTES:
        raise DamagedPackageError(f"body of {body_size} bytes")
    body_start = reader.skip(body_size)
    signed_length = reader.skip(SIGNATURE_BYTES)
    if reader.position != len(data):
        raise DamagedPackageError(f"{len(data) - reader.position} bytes after the signature")
    header = PackageHeader.decode(header_bytes)
    if header.format_version != format_version:
        raise DamagedPackageError("the header's format differs from the file's")
    return Envelope(data, header_bytes, header, wrapped_key, nonce, body_start, signed_length)


def verify_signature(envelope: Envelope, signer: NodeIdentity) -> None:
    """Check the signature against the sender's pinned key.

    Raises:
        BadSignatureError: when any byte of the file differs from what ``signer`` signed, or someone else signed.
    """
    signed = memoryview(envelope.data)[: envelope.signed_length]
    try:
        signer.verifier().verify(envelope.signature, signed_digest(signed))
    except InvalidSignature:
        raise BadSignatureError(signer.name) from None


def decrypt_body(envelope: Envelope, own: NodeKeys, sender_name: str) -> bytes:
    """Unwrap the content key with this node's key and decrypt the body (still compressed).

    Raises:
        DecryptionError: when the content key was not wrapped to this node's key, or the body does not decrypt.
    """
    ciphertext = memoryview(envelope.data)[envelope.body_start : envelope.signed_length]
    try:
        content_key = _KEY_WRAP.decrypt(
            envelope.wrapped_key, own.exchange, info=_KEY_WRAP_DOMAIN + envelope.header_bytes
        )
        if len(content_key) != CONTENT_KEY_BYTES:
            raise DecryptionError(sender_name)
        return AESGCM(content_key).decrypt(envelope.nonce, ciphertext, envelope.header_bytes)
    except (InvalidTag, ValueError):  # HPKE reports a key that does not open as either, depending on the step
        raise DecryptionError(sender_name) from None
