"""How much a package may hold: checked before a byte is trusted, so a hostile file costs bounded time and memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

KIB: Final = 1024
MIB: Final = 1024 * KIB


@dataclass(frozen=True)
class PackageLimits:
    """The limits a reader holds a package to.

    The defaults leave room for a district's full snapshot (tens of MB once unpacked) many times over. A reader
    holds at most about twice ``max_file_bytes`` (the file, and the body decrypted) and twice ``max_body_bytes``
    (the body unpacked, and its parts) in memory, plus the parsed changes.

    Attributes:
        max_file_bytes: the package file as stored (checked before it is read).
        max_header_bytes: the clear-text header, parsed before the signature is checked.
        max_body_bytes: the body once decompressed; decompression stops as soon as it is passed.
        max_manifest_bytes: the manifest inside the body.
        max_parts: the number of parts the manifest may list.
    """

    max_file_bytes: int = 256 * MIB
    max_header_bytes: int = 64 * KIB
    max_body_bytes: int = 1024 * MIB
    max_manifest_bytes: int = 64 * KIB
    max_parts: int = 64


DEFAULT_LIMITS: Final = PackageLimits()
