"""The keys of a sync node: one pair to sign packages, one pair to receive the packages' content keys.

Every node (the central office, each district's database) has an Ed25519 key pair, with which it signs the packages
it sends, and an X25519 key pair, to which senders wrap the content key of each package meant for it. The private
halves (:class:`NodeKeys`) live inside the node's encrypted database, as the bytes :meth:`NodeKeys.secret_bytes`
gives. The public halves with the node's id and name (:class:`NodeIdentity`) travel once, at enrolment, and are
pinned by the other side: a package is checked against the pinned keys of the sender it names, never against keys
found in the package.

Two people confirm an enrolment by reading the :meth:`NodeIdentity.fingerprint` to each other over the phone.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any, Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from db.sync.canonical import canonical_json, load_canonical_object
from db.sync.errors import InvalidIdentityError

PUBLIC_KEY_BYTES: Final = 32
_PRIVATE_KEY_BYTES: Final = 32
# Secret bytes: a version byte, the Ed25519 seed, the X25519 private key. The version byte lets a later layout (a
# post-quantum key added, say) be told from this one in a database that holds the old form.
_SECRET_VERSION: Final = 1
_SECRET_BYTES: Final = 1 + 2 * _PRIVATE_KEY_BYTES

_IDENTITY_KIND: Final = "kansli-node-identity"
_IDENTITY_FORMAT: Final = 1
_IDENTITY_KEYS: Final = frozenset({"kind", "format", "node", "name", "signing_key", "exchange_key"})
_MAX_NAME_LENGTH: Final = 200

# Fingerprints use the recovery key's alphabet (Crockford base32: no I, L, O or U, so nothing sounds or looks like
# something else when read out), 32 characters = 160 bits of SHA-256, in 8 groups of 4 to read by phone.
_FINGERPRINT_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FINGERPRINT_GROUPS: Final = 8
_FINGERPRINT_GROUP: Final = 4
# Domain separation: this hash means "fingerprint of a Kansli node", and cannot be confused with any other hash of
# the same bytes.
_FINGERPRINT_DOMAIN: Final = b"kansli node fingerprint v1\x00"


def _raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _check_name(name: str) -> None:
    if not name or len(name) > _MAX_NAME_LENGTH or not name.isprintable() or name != name.strip():
        raise ValueError("a node name is 1 to 200 printable characters without surrounding spaces")


@dataclass(frozen=True)
class NodeIdentity:
    """The public side of a node: what the other side pins at enrolment.

    Attributes:
        node_id: the node's id, named as sender or recipient in every package.
        name: what people call the node ("Central office", "Uusimaa district"), used in messages.
        signing_key: the raw 32-byte Ed25519 public key its packages are signed with.
        exchange_key: the raw 32-byte X25519 public key content keys are wrapped to.
    """

    node_id: uuid.UUID
    name: str
    signing_key: bytes
    exchange_key: bytes

    def __post_init__(self) -> None:
        _check_name(self.name)
        if len(self.signing_key) != PUBLIC_KEY_BYTES or len(self.exchange_key) != PUBLIC_KEY_BYTES:
            raise ValueError("a public key has 32 bytes")

    def verifier(self) -> Ed25519PublicKey:
        """The key that checks this node's signatures."""
        return Ed25519PublicKey.from_public_bytes(self.signing_key)

    def exchange_public_key(self) -> X25519PublicKey:
        """The key a sender wraps a package's content key to."""
        return X25519PublicKey.from_public_bytes(self.exchange_key)

    def fingerprint(self) -> str:
        """Return the identity's fingerprint, e.g. ``7K3M 9QXA …`` (8 groups of 4), to compare by phone.

        It covers the node id and both public keys (not the name, which may be changed without harm). Two people
        who read the same fingerprint hold the same keys; a key swapped on the way gives another fingerprint.
        """
        digest = hashlib.sha256(_FINGERPRINT_DOMAIN + self.node_id.bytes + self.signing_key + self.exchange_key)
        characters = _FINGERPRINT_GROUPS * _FINGERPRINT_GROUP
        number = int.from_bytes(digest.digest()[: characters * 5 // 8], "big")
        text = "".join(_FINGERPRINT_ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(characters)))
        return " ".join(text[i : i + _FINGERPRINT_GROUP] for i in range(0, characters, _FINGERPRINT_GROUP))

    def to_json(self) -> bytes:
        """The identity as canonical JSON, for an enrolment file."""
        return canonical_json(
            {
                "kind": _IDENTITY_KIND,
                "format": _IDENTITY_FORMAT,
                "node": str(self.node_id),
                "name": self.name,
                "signing_key": self.signing_key.hex(),
                "exchange_key": self.exchange_key.hex(),
            }
        )

    @classmethod
    def from_json(cls, data: bytes) -> NodeIdentity:
        """Read an identity written by :meth:`to_json`.

        Raises:
            InvalidIdentityError: when ``data`` is anything else, or the keys are not valid keys.
        """
        try:
            value = load_canonical_object(data)
            return cls._from_object(value)
        except (ValueError, TypeError) as error:
            raise InvalidIdentityError(str(error)) from None

    @classmethod
    def _from_object(cls, value: dict[str, Any]) -> NodeIdentity:
        if set(value) != _IDENTITY_KEYS:
            raise ValueError("unexpected or missing fields")
        if value["kind"] != _IDENTITY_KIND or value["format"] != _IDENTITY_FORMAT:
            raise ValueError("not a node identity of format 1")
        node_text, name = value["node"], value["name"]
        if not isinstance(node_text, str) or not isinstance(name, str):
            raise TypeError("node and name are text")
        node_id = uuid.UUID(node_text)
        if str(node_id) != node_text:
            raise ValueError("node id not in canonical form")
        # The keys are not checked to be points on the curve (cryptography does not on loading); a key that is not
        # is harmless: no signature verifies against it, and wrapping a content key to it fails (ValueError).
        return cls(node_id, name, _hex_key(value["signing_key"]), _hex_key(value["exchange_key"]))


def _hex_key(text: object) -> bytes:
    if not isinstance(text, str) or len(text) != 2 * PUBLIC_KEY_BYTES or text != text.lower():
        raise ValueError("a public key is 64 lower-case hex digits")
    return bytes.fromhex(text)


@dataclass(frozen=True, repr=False, eq=False)
class NodeKeys:
    """A node's private keys, with its id and name. Its ``repr`` hides the keys, so they never reach a log."""

    node_id: uuid.UUID
    name: str
    signing: Ed25519PrivateKey
    exchange: X25519PrivateKey
    identity: NodeIdentity = field(init=False)

    def __post_init__(self) -> None:
        identity = NodeIdentity(
            self.node_id, self.name, _raw_public(self.signing.public_key()), _raw_public(self.exchange.public_key())
        )
        object.__setattr__(self, "identity", identity)  # derived once; the dataclass is frozen

    def __repr__(self) -> str:
        return f"NodeKeys({self.node_id}, {self.name!r}, <hidden>)"

    @classmethod
    def generate(cls, node_id: uuid.UUID, name: str) -> NodeKeys:
        """Make new random keys for a node."""
        return cls(node_id, name, Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    def secret_bytes(self) -> bytes:
        """The private keys as 65 bytes, to keep inside the encrypted database (and nowhere else)."""
        seed = self.signing.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        exchange = self.exchange.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return bytes([_SECRET_VERSION]) + seed + exchange

    @classmethod
    def from_secret_bytes(cls, node_id: uuid.UUID, name: str, data: bytes) -> NodeKeys:
        """Load the keys :meth:`secret_bytes` gave.

        Raises:
            ValueError: when ``data`` is not what :meth:`secret_bytes` writes (the database is damaged).
        """
        if len(data) != _SECRET_BYTES or data[0] != _SECRET_VERSION:
            raise ValueError("not the secret keys of a Kansli node")
        seed, exchange = data[1 : 1 + _PRIVATE_KEY_BYTES], data[1 + _PRIVATE_KEY_BYTES :]
        return cls(
            node_id, name, Ed25519PrivateKey.from_private_bytes(seed), X25519PrivateKey.from_private_bytes(exchange)
        )
