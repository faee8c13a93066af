"""The sync package reader on arbitrary bytes: a package or a clean refusal, never a crash (hypothesis).

``make fuzz`` runs the same property with atheris for minutes; here a few hundred examples, more with
KANSLI_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.core.errors import KansliError
from db.sync.package import read_package, write_package
from tests.sync.helpers import CREATED, make_nodes, sample_changes

EXAMPLES = int(os.environ.get("KANSLI_FUZZ_EXAMPLES", "150"))
NODES = make_nodes()
KNOWN = {NODES.central.node_id: NODES.central.identity}
GENUINE = write_package(
    sample_changes(3),
    sender=NODES.central,
    recipient=NODES.district.identity,
    sequence=1,
    previous_hash=None,
    schema_version=1,
    created=CREATED,
).data


def _read(data: bytes) -> None:
    try:
        read_package(data, own_keys=NODES.district, known_senders=KNOWN, schema_version=1)
    except KansliError as error:
        assert str(error)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_any_bytes_are_refused_cleanly(data: bytes) -> None:
    _read(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(GENUINE) - 1), st.binary(min_size=1, max_size=64))
def test_a_genuine_package_overwritten_anywhere_is_refused_cleanly(start: int, patch: bytes) -> None:
    mutated = bytearray(GENUINE)
    mutated[start : start + len(patch)] = patch
    if bytes(mutated) == GENUINE:
        return
    try:
        read_package(bytes(mutated), own_keys=NODES.district, known_senders=KNOWN, schema_version=1)
    except KansliError as error:
        assert str(error)
    else:
        raise AssertionError("a changed package was read as genuine")


def test_the_genuine_package_reads() -> None:
    package = read_package(GENUINE, own_keys=NODES.district, known_senders=KNOWN, schema_version=1)
    assert len(package.changes) == 3  # type: ignore[union-attr]
