"""Writing and reading packages: the round trip, the channel's sequence, who may send and who may open."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.core.errors import KansliError
from db.sync.envelope import MAGIC
from db.sync.errors import (
    BadSignatureError,
    DecryptionError,
    NewerSchemaPackageError,
    PackageForkError,
    PackageGapError,
    PackageTooLargeError,
    PackageUnreadableError,
    UnexpectedPartError,
    UnknownSenderError,
    UnsafePartNameError,
    WrongRecipientError,
)
from db.sync.keys import NodeKeys
from db.sync.limits import PackageLimits
from db.sync.package import AlreadyApplied, AppliedPackage, package_hash, read_package, write_package
from tests.sync.helpers import CREATED, SCHEMA, Nodes, make_nodes, package_from, read_as_district, sample_changes


@pytest.fixture(scope="module")
def nodes() -> Nodes:
    return make_nodes()


def test_round_trip_gives_back_the_changes_parts_and_header(nodes: Nodes) -> None:
    changes = [*sample_changes(50), {"nested": {"list": [1, 2.5, None, True]}, "text": "Åbo\nÖstra\u2028"}]
    built = write_package(
        changes,
        sender=nodes.central,
        recipient=nodes.district.identity,
        sequence=1,
        previous_hash=None,
        schema_version=SCHEMA,
        created=CREATED,
        acks={nodes.district.node_id: 12, nodes.other_district.node_id: 3},
        extra_parts={"resolutions.jsonl": b'{"x":1}\n', "empty": b""},
    )
    package = read_as_district(nodes, built.data, known_parts={"resolutions.jsonl", "empty"})
    assert package.changes == changes
    assert package.parts == {"resolutions.jsonl": b'{"x":1}\n', "empty": b""}
    assert package.header == built.header
    assert package.header.sender == nodes.central.node_id
    assert package.header.recipient == nodes.district.node_id
    assert package.header.acks == {nodes.district.node_id: 12, nodes.other_district.node_id: 3}
    assert package.header.counts == {"changes": 51, "parts": 3}
    assert package.header.created == CREATED
    assert package.sender == nodes.central.identity
    assert package.package_hash == built.package_hash == package_hash(built.data)
    assert package.missing == range(0)
    assert built.data.startswith(MAGIC)


def test_an_empty_package_carries_acknowledgements_only(nodes: Nodes) -> None:
    package = read_as_district(nodes, package_from(nodes, []))
    assert package.changes == []
    assert package.header.acks == {nodes.district.node_id: 4}


def test_the_header_in_clear_text_holds_nothing_from_the_changes(nodes: Nodes) -> None:
    data = package_from(nodes, [{"new_value": "Hämeentie 5 A 4 secret"}])
    assert b"secret" not in data
    assert "Hämeentie".encode() not in data


def test_written_to_a_path_atomically_and_read_back_from_it(nodes: Nodes, tmp_path: Path) -> None:
    target = tmp_path / "central-to-uusimaa-1.kansli-sync"
    built = write_package(
        sample_changes(5),
        sender=nodes.central,
        recipient=nodes.district.identity,
        sequence=1,
        previous_hash=None,
        schema_version=SCHEMA,
        created=CREATED,
        path=target,
    )
    assert target.read_bytes() == built.data
    assert [path.name for path in tmp_path.iterdir()] == [target.name]  # no partial file left beside it
    assert read_as_district(nodes, target).changes == sample_changes(5)


def test_a_path_that_cannot_be_written_raises_and_leaves_nothing(nodes: Nodes, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "package.kansli-sync"
    with pytest.raises(KansliError, match="could not be written"):
        write_package(
            [],
            sender=nodes.central,
            recipient=nodes.district.identity,
            sequence=1,
            previous_hash=None,
            schema_version=SCHEMA,
            created=CREATED,
            path=target,
        )
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_reported_with_its_path(nodes: Nodes, tmp_path: Path) -> None:
    with pytest.raises(PackageUnreadableError, match="could not be read") as raised:
        read_as_district(nodes, tmp_path / "nowhere.kansli-sync")
    assert raised.value.path == tmp_path / "nowhere.kansli-sync"


@pytest.mark.parametrize("name", ["changes.jsonl", "../x", "a/b", "Upper", ""])
def test_the_writer_refuses_extra_part_names_the_reader_would(nodes: Nodes, name: str) -> None:
    with pytest.raises(UnsafePartNameError):
        package_from(nodes, extra_parts={name: b"x"})


def test_the_writer_refuses_an_inconsistent_chain(nodes: Nodes) -> None:
    with pytest.raises(ValueError, match="previous"):
        package_from(nodes, sequence=1, previous_hash=bytes(32))
    with pytest.raises(ValueError, match="previous"):
        package_from(nodes, sequence=2, previous_hash=None)


# --- Sequence: replay, gap, fork -------------------------------------------------------------------------------


def _channel(nodes: Nodes, count: int) -> list[bytes]:
    """Packages 1…count from the central office to the district, each naming the one before."""
    packages: list[bytes] = []
    for sequence in range(1, count + 1):
        previous = package_hash(packages[-1]) if packages else None
        packages.append(package_from(nodes, sequence=sequence, previous_hash=previous))
    return packages


def _read(nodes: Nodes, data: bytes, last: AppliedPackage | None, **options: object) -> object:
    return read_package(
        data,
        own_keys=nodes.district,
        known_senders={nodes.central.node_id: nodes.central.identity},
        last_applied={nodes.central.node_id: last} if last else None,
        schema_version=SCHEMA,
        **options,  # type: ignore[arg-type]
    )


def test_packages_of_a_channel_are_read_in_turn(nodes: Nodes) -> None:
    first, second, third = _channel(nodes, 3)
    last = None
    for data in (first, second, third):
        package = read_as_district(nodes, data, last=last)
        last = AppliedPackage(package.header.sequence, package.package_hash)
    assert last == AppliedPackage(3, package_hash(third))


def test_the_same_package_again_is_already_applied_not_an_error(nodes: Nodes) -> None:
    first, second = _channel(nodes, 2)
    result = _read(nodes, second, AppliedPackage(2, package_hash(second)))
    assert isinstance(result, AlreadyApplied)
    assert result.message == "Package 2 from Central office has already been imported; nothing was changed."
    assert result.header.sequence == 2
    assert result.package_hash == package_hash(second)
    # An older one is a replay: already applied too, whatever its hash.
    older = _read(nodes, first, AppliedPackage(2, package_hash(second)))
    assert isinstance(older, AlreadyApplied) and older.header.sequence == 1


def test_already_applied_is_decided_before_the_package_is_opened(nodes: Nodes) -> None:
    # A held (newer-schema) package imported before is reported as imported, without unpacking it again.
    data = package_from(nodes, schema_version=SCHEMA + 1)
    assert isinstance(_read(nodes, data, AppliedPackage(1)), AlreadyApplied)


def test_a_gap_names_the_missing_package_and_its_sender(nodes: Nodes) -> None:
    packages = _channel(nodes, 8)
    with pytest.raises(PackageGapError, match="Package 7 from Central office is missing") as raised:
        _read(nodes, packages[7], AppliedPackage(6, package_hash(packages[5])))
    assert raised.value.missing == range(7, 8)
    with pytest.raises(PackageGapError, match="Packages 5–7 from Central office are missing") as raised:
        _read(nodes, packages[7], AppliedPackage(4, package_hash(packages[3])))
    assert raised.value.missing == range(5, 8)
    with pytest.raises(PackageGapError, match="Packages 1–7"):
        _read(nodes, packages[7], None)


def test_a_gap_the_user_accepts_is_read_and_says_what_was_skipped(nodes: Nodes) -> None:
    packages = _channel(nodes, 8)
    package = read_as_district(nodes, packages[7], last=AppliedPackage(4, package_hash(packages[3])), accept_gap=True)
    assert package.missing == range(5, 8)
    assert package.header.sequence == 8


def test_a_package_that_does_not_follow_the_chain_is_a_fork(nodes: Nodes) -> None:
    first, second = _channel(nodes, 2)
    # The sender went back to a backup and made another package 1, then a package 2 following that one.
    other_first = package_from(nodes, sequence=1, changes=sample_changes(1))
    other_second = package_from(nodes, sequence=2, previous_hash=package_hash(other_first))
    with pytest.raises(PackageForkError, match="Package 2 from Central office does not follow on"):
        _read(nodes, other_second, AppliedPackage(1, package_hash(first)))
    with pytest.raises(PackageForkError, match="Package 1 from Central office"):
        _read(nodes, other_first, AppliedPackage(1, package_hash(first)))
    # Without a remembered hash the chain cannot be checked, and the package is read.
    assert read_as_district(nodes, other_second, last=AppliedPackage(1)).header.sequence == 2
    assert read_as_district(nodes, second, last=AppliedPackage(1, package_hash(first))).header.sequence == 2


# --- Who sent it, who may open it -------------------------------------------------------------------------------


def test_an_unenrolled_sender_is_refused(nodes: Nodes) -> None:
    data = write_package(
        [],
        sender=nodes.other_district,
        recipient=nodes.district.identity,
        sequence=1,
        previous_hash=None,
        schema_version=SCHEMA,
        created=CREATED,
    ).data
    with pytest.raises(UnknownSenderError, match="not enrolled here") as raised:
        read_as_district(nodes, data)
    assert raised.value.sender == nodes.other_district.node_id


def test_a_different_key_under_the_senders_node_id_is_a_bad_signature(nodes: Nodes) -> None:
    impostor = NodeKeys.generate(nodes.central.node_id, "Central office")
    data = package_from(nodes, sender=impostor)
    with pytest.raises(BadSignatureError, match="valid signature of Central office"):
        read_as_district(nodes, data)


def test_a_package_for_another_district_is_refused_even_with_the_right_signature(nodes: Nodes) -> None:
    data = write_package(
        [],
        sender=nodes.central,
        recipient=nodes.other_district.identity,
        sequence=1,
        previous_hash=None,
        schema_version=SCHEMA,
        created=CREATED,
    ).data
    with pytest.raises(WrongRecipientError, match="made for another computer") as raised:
        read_as_district(nodes, data)
    assert raised.value.recipient == nodes.other_district.node_id


def test_a_package_wrapped_to_an_old_key_of_this_node_cannot_be_opened(nodes: Nodes) -> None:
    # The central office still holds the district's identity from an earlier enrolment (same node id, old keys).
    old_enrolment = NodeKeys.generate(nodes.district.node_id, nodes.district.name)
    data = write_package(
        [],
        sender=nodes.central,
        recipient=old_enrolment.identity,
        sequence=1,
        previous_hash=None,
        schema_version=SCHEMA,
        created=CREATED,
    ).data
    with pytest.raises(DecryptionError, match="Ask Central office for a new package"):
        read_as_district(nodes, data)


def test_a_newer_schema_is_held_with_its_header(nodes: Nodes) -> None:
    data = package_from(nodes, schema_version=SCHEMA + 1, sequence=3, previous_hash=bytes(32))
    with pytest.raises(NewerSchemaPackageError, match="Package 3 from Central office needs a newer version") as held:
        read_as_district(nodes, data, last=AppliedPackage(2))
    assert held.value.header.schema_version == SCHEMA + 1
    assert held.value.header.sequence == 3
    assert held.value.header.sender == nodes.central.node_id


def test_a_newer_schema_with_a_part_unknown_here_is_still_held_not_refused(nodes: Nodes) -> None:
    data = package_from(nodes, schema_version=SCHEMA + 1, extra_parts={"from-the-future.jsonl": b"{}\n"})
    with pytest.raises(NewerSchemaPackageError):
        read_as_district(nodes, data)


def test_an_older_schema_is_read(nodes: Nodes) -> None:
    assert read_as_district(nodes, package_from(nodes, schema_version=SCHEMA - 1)).header.schema_version == SCHEMA - 1


def test_a_part_the_reader_does_not_know_is_refused(nodes: Nodes) -> None:
    data = package_from(nodes, extra_parts={"surprise.bin": b"x"})
    with pytest.raises(UnexpectedPartError, match="does not know") as raised:
        read_as_district(nodes, data)
    assert raised.value.name == "surprise.bin"
    assert read_as_district(nodes, data, known_parts={"surprise.bin"}).parts == {"surprise.bin": b"x"}


def test_the_signature_is_checked_before_the_recipient(nodes: Nodes) -> None:
    impostor = NodeKeys.generate(nodes.central.node_id, "Central office")
    data = write_package(
        [],
        sender=impostor,
        recipient=nodes.other_district.identity,
        sequence=1,
        previous_hash=None,
        schema_version=SCHEMA,
        created=CREATED,
    ).data
    with pytest.raises(BadSignatureError):
        read_as_district(nodes, data)


def test_a_sender_pinned_under_another_node_id_is_not_trusted(nodes: Nodes) -> None:
    data = package_from(nodes)
    with pytest.raises(UnknownSenderError):
        read_package(
            data,
            own_keys=nodes.district,
            known_senders={nodes.central.node_id: nodes.other_district.identity},
            schema_version=SCHEMA,
        )


# --- Size of the file ------------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_it_is_read(nodes: Nodes, tmp_path: Path) -> None:
    limits = PackageLimits(max_file_bytes=4096)
    big = tmp_path / "big.kansli-sync"
    with big.open("wb") as file:
        file.truncate(10 * 1024 * 1024 * 1024)  # 10 GB, sparse: reading it would take long, checking is instant
    with pytest.raises(PackageTooLargeError, match="larger than 1 MB"):
        read_as_district(nodes, big, limits=limits)
    with pytest.raises(PackageTooLargeError):
        read_as_district(nodes, bytes(4097), limits=limits)
