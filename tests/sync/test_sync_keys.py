"""Node keys and identities: the secret bytes round trip, the public identity travels, fingerprints are stable."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from cryptography.exceptions import InvalidSignature

from db.sync.errors import InvalidIdentityError
from db.sync.keys import NodeIdentity, NodeKeys

FIXED_NODE = uuid.UUID("018f3a2e-1c2d-7000-8000-0123456789ab")
# Secret bytes fixed once: the fingerprint below must never change for them, or enrolled offices could no longer
# compare fingerprints shown by different versions of Kansli.
FIXED_SECRET = bytes([1]) + bytes(range(32)) + bytes(range(32, 64))
FIXED_FINGERPRINT = "JHS2 FQ3B ECBM T4SM 2KWB N3W7 TEKC EFWZ"


def test_secret_bytes_round_trip_to_the_same_keys() -> None:
    keys = NodeKeys.generate(uuid.uuid4(), "Central office")
    again = NodeKeys.from_secret_bytes(keys.node_id, keys.name, keys.secret_bytes())
    assert again.identity == keys.identity
    assert len(keys.secret_bytes()) == 65
    # The reloaded signing key signs what the original identity verifies.
    keys.identity.verifier().verify(again.signing.sign(b"message"), b"message")


def test_secret_bytes_of_another_layout_are_refused() -> None:
    keys = NodeKeys.generate(uuid.uuid4(), "Central office")
    secret = keys.secret_bytes()
    with pytest.raises(ValueError, match="secret keys"):
        NodeKeys.from_secret_bytes(keys.node_id, keys.name, secret[:-1])
    with pytest.raises(ValueError, match="secret keys"):
        NodeKeys.from_secret_bytes(keys.node_id, keys.name, bytes([2]) + secret[1:])


def test_repr_hides_the_private_keys() -> None:
    keys = NodeKeys.generate(uuid.uuid4(), "Central office")
    secret = keys.secret_bytes()
    text = repr(keys)
    assert "Central office" in text
    assert secret[1:33].hex() not in text and secret[33:].hex() not in text
    assert "<hidden>" in text


def test_fingerprint_is_stable_for_the_same_keys() -> None:
    keys = NodeKeys.from_secret_bytes(FIXED_NODE, "Central office", FIXED_SECRET)
    assert keys.identity.signing_key.hex() == "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
    assert keys.identity.exchange_key.hex() == "358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254"
    assert keys.identity.fingerprint() == FIXED_FINGERPRINT
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){7}", FIXED_FINGERPRINT)


def test_fingerprint_differs_when_any_key_or_the_node_id_differs_but_not_for_the_name() -> None:
    identity = NodeKeys.generate(uuid.uuid4(), "Central office").identity
    other = NodeKeys.generate(uuid.uuid4(), "Central office").identity
    variants = [
        NodeIdentity(identity.node_id, identity.name, other.signing_key, identity.exchange_key),
        NodeIdentity(identity.node_id, identity.name, identity.signing_key, other.exchange_key),
        NodeIdentity(other.node_id, identity.name, identity.signing_key, identity.exchange_key),
    ]
    fingerprints = {identity.fingerprint(), *(variant.fingerprint() for variant in variants)}
    assert len(fingerprints) == 4
    renamed = NodeIdentity(identity.node_id, "Puoluetoimisto", identity.signing_key, identity.exchange_key)
    assert renamed.fingerprint() == identity.fingerprint()


def test_identity_round_trips_through_canonical_json() -> None:
    identity = NodeKeys.generate(uuid.uuid4(), "Ålands distrikt").identity
    data = identity.to_json()
    assert NodeIdentity.from_json(data) == identity
    assert b" " not in data.replace("Ålands distrikt".encode(), b"")  # no whitespace outside the name
    assert "Ålands distrikt".encode() in data  # UTF-8 as it is, readable in the enrolment file


@pytest.mark.parametrize(
    "mangle",
    [
        lambda text: text.replace(b'","', b'", "', 1),  # not canonical
        lambda text: text.replace(b'"format":1', b'"format":2'),
        lambda text: text.replace(b"kansli-node-identity", b"something-else"),
        lambda text: text[:-1],
        lambda text: text.replace(b'"name":', b'"nick":'),
        lambda text: b"[]",
        lambda text: b"\xff\xfe",
    ],
)
def test_a_mangled_identity_is_refused_with_a_clear_error(mangle: Callable[[bytes], bytes]) -> None:
    data = NodeKeys.generate(uuid.uuid4(), "Central office").identity.to_json()
    with pytest.raises(InvalidIdentityError, match="not hold a valid Kansli enrolment identity"):
        NodeIdentity.from_json(mangle(data))


def test_identity_keys_must_be_lower_case_hex_of_32_bytes() -> None:
    identity = NodeKeys.from_secret_bytes(FIXED_NODE, "Central office", FIXED_SECRET).identity
    text = identity.to_json()
    upper = text.replace(identity.signing_key.hex().encode(), identity.signing_key.hex().upper().encode())
    assert upper != text
    with pytest.raises(InvalidIdentityError):
        NodeIdentity.from_json(upper)
    short = text.replace(identity.exchange_key.hex().encode(), identity.exchange_key.hex()[:-2].encode())
    with pytest.raises(InvalidIdentityError):
        NodeIdentity.from_json(short)


@pytest.mark.parametrize("name", ["", " padded", "line\nbreak", "x" * 201])
def test_a_node_name_must_be_printable_and_short(name: str) -> None:
    with pytest.raises(ValueError, match="node name"):
        NodeKeys.generate(uuid.uuid4(), name)


def test_a_signature_of_another_node_does_not_verify() -> None:
    central = NodeKeys.generate(uuid.uuid4(), "Central office")
    impostor = NodeKeys.generate(central.node_id, "Central office")
    with pytest.raises(InvalidSignature):
        central.identity.verifier().verify(impostor.signing.sign(b"message"), b"message")
