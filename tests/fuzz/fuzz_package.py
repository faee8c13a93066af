"""Coverage-guided fuzzing of the sync package reader with atheris (``make fuzz``; not part of ``make test``).

Every input is read with :func:`db.sync.package.read_package` as a package from an enrolled sender: it must return
a package (or "already applied") or raise a :class:`~db.core.errors.KansliError` with a message; anything else (an
IndexError from a half-parsed header, a zlib error, a MemoryError from a bomb) is a finding, saved by atheris under
``fuzz-findings/``. Half of the inputs start from a real package with bytes flipped, so the fuzzer gets past the
signature into the decryption and body checks as far as a forger could (it cannot: the signature covers them).

    python -m tests.fuzz.fuzz_package [libFuzzer options, e.g. -max_total_time=300 fuzz-corpus-sync/]
"""

from __future__ import annotations

import sys

import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

with atheris.instrument_imports():
    from db.core.errors import KansliError
    from db.sync.package import read_package, write_package
    from tests.sync.helpers import CREATED, make_nodes, sample_changes

NODES = make_nodes()
KNOWN = {NODES.central.node_id: NODES.central.identity}
GENUINE = write_package(
    sample_changes(5),
    sender=NODES.central,
    recipient=NODES.district.identity,
    sequence=1,
    previous_hash=None,
    schema_version=1,
    created=CREATED,
).data


def read(data: bytes) -> None:
    """Read ``data``; only a clean refusal or a package may come out."""
    try:
        read_package(data, own_keys=NODES.district, known_senders=KNOWN, schema_version=1)
    except KansliError as error:
        assert str(error), "a refusal must say why"


def test_one_input(data: bytes) -> None:
    read(data)
    if data:
        # The genuine package with the input's bytes laid over it at a place the input chooses.
        mutated = bytearray(GENUINE)
        start = data[0] * len(mutated) // 256
        mutated[start : start + len(data) - 1] = data[1:]
        read(bytes(mutated))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
