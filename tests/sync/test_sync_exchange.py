"""Exchanging packages between districts and the central office: round trips, acknowledgements, the merge rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.core.base import utcnow
from db.core.changelog import ChangeRecord, Origin
from db.core.database import Database, Store
from db.core.hlc import wall_clock_ms
from db.core.keys import DataKey
from db.core.undo import redo_last, undo_last
from db.core.values import JsonValue
from db.members.models import ContactKind, ContactPoint, Member, Membership
from db.members.operations import replace_contacts
from db.members.records import ContactData
from db.privacy.erasure import ERASED_NAME, erase_member
from db.schema import metadata
from db.sync.conflicts import DecidedElsewhereError, ValueHeldElsewhereError, list_conflicts, take_other
from db.sync.errors import BadSignatureError, PackageGapError, WrongRecipientError
from db.sync.exchange import FuturePackageError, import_package, sync_status
from db.sync.models import ConflictWinner, PackageDirection, SyncPackage
from db.sync.rules import synced_entities
from tests.sync.network import Network, add_member, edit_member, make_network, member, no_backup, snapshot


@pytest.fixture
def network(
    tmp_path: Path, template_database: Path, database_key: DataKey, make_central: Callable[[], Store]
) -> Iterator[Network]:
    """Two districts and the central office, on a file and on PostgreSQL (see tests/sync/conftest.py)."""
    built = make_network(tmp_path, template_database, database_key, ("U", "L"), central=make_central())
    yield built
    built.close()


def _log_size(database: Store) -> int:
    with database.reading() as session:
        return int(session.execute(select(func.count()).select_from(ChangeRecord)).scalar_one())


def _conflicts(database: Store) -> list[tuple[str, str, ConflictWinner, dict[str, JsonValue], dict[str, JsonValue]]]:
    with database.reading() as session:
        return [(c.row_id, c.field_group, c.winner, c.local_value, c.other_value) for c in list_conflicts(session)]


def test_a_member_goes_up_and_a_central_edit_comes_back(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district, "Aino", "Aalto", number="P-U-1")
    result = network.import_to(network.central, network.up("U"))
    assert result.applied and result.inserted == 3  # the branch, the member, the membership
    assert member(network.central, member_id)["first_name"] == "Aino"

    edit_member(network.central, member_id, city="Vaasa")
    network.import_to(district, network.down("U"))
    assert member(district, member_id)["city"] == "Vaasa"
    assert snapshot(district) == snapshot(network.central)
    # The other district hears nothing of U's member: the central office relays to each district its own rows.
    network.full_exchange()
    other = snapshot(network.districts["L"], ("branch", "member", "membership"))
    assert other == {"branch": {}, "member": {}, "membership": {}}


def test_importing_twice_is_importing_once(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    package = network.up("U")
    network.import_to(network.central, package)
    before, log = snapshot(network.central), _log_size(network.central)
    again = network.import_to(network.central, package)
    assert not again.applied and "already been imported" in again.message
    assert snapshot(network.central) == before and _log_size(network.central) == log
    # A later package carrying the same rows again (nothing acknowledged yet) changes nothing either.
    again = network.import_to(network.central, network.up("U"))
    assert again.applied and again.inserted == 0 and again.updated == 0
    assert snapshot(network.central) == before and _log_size(network.central) == log
    assert member(network.central, member_id)["last_name"] == "Virtanen"


def test_a_lost_package_costs_nothing(network: Network) -> None:
    district = network.districts["U"]
    first = add_member(district, "Eka")
    network.up("U")  # lost on the way
    second = add_member(district, "Toka", branch="Oulu")
    package = network.up("U")
    with pytest.raises(PackageGapError, match="Package 1 from District U is missing"):
        network.import_to(network.central, package)
    result = network.import_to(network.central, package, accept_gap=True)
    assert result.missing == range(1, 2)
    assert member(network.central, first)["first_name"] == "Eka"
    assert member(network.central, second)["first_name"] == "Toka"


def test_acknowledged_rows_are_not_sent_again(network: Network) -> None:
    district = network.districts["U"]
    add_member(district)
    network.exchange("U")
    with district.reading() as session:
        (peer,) = sync_status(session).peers
    assert peer.acknowledged == 1 and peer.pending_rows == 0
    result = network.import_to(network.central, network.up("U"))
    assert result.rows == 0
    # Nor are the rows the central office got from the district sent back down to it.
    assert network.import_to(district, network.down("U")).rows == 0


def test_concurrent_edits_of_one_group_are_a_conflict_decided_alike(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    network.exchange("U")
    edit_member(district, member_id, street="Kauppakatu 1", city="Vaasa")
    edit_member(network.central, member_id, street="Rantatie 9", city="Vaasa")  # later: it wins
    up, down = network.up("U"), network.down("U")  # the packages cross
    network.import_to(network.central, up)
    network.import_to(district, down)
    assert member(district, member_id)["street"] == member(network.central, member_id)["street"] == "Rantatie 9"
    (on_district,) = _conflicts(district)
    (on_central,) = _conflicts(network.central)
    assert on_district[:2] == on_central[:2] == (str(member_id), "address")
    assert on_district[2] is ConflictWinner.OTHER and on_central[2] is ConflictWinner.LOCAL
    assert on_district[3]["street"] == on_central[4]["street"] == "Kauppakatu 1"
    network.full_exchange()
    assert len(_conflicts(district)) == len(_conflicts(network.central)) == 1
    assert snapshot(district) == snapshot(network.central)


def test_a_conflict_found_by_the_central_office_is_listed_on_the_district_too(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    network.exchange("U")
    edit_member(network.central, member_id, first_name="Anni", last_name="Virta")
    edit_member(district, member_id, first_name="Anja", last_name="Virtanen")  # later: it wins
    network.exchange("U")  # the central office sees both; the district hears of it only from the package
    assert member(network.central, member_id)["first_name"] == member(district, member_id)["first_name"] == "Anja"
    (on_district,) = _conflicts(district)
    (on_central,) = _conflicts(network.central)
    assert on_central[2] is ConflictWinner.OTHER and on_district[2] is ConflictWinner.LOCAL
    assert on_district[4]["first_name"] == "Anni"


def test_taking_the_other_value_is_a_new_change_that_travels(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    network.exchange("U")
    edit_member(district, member_id, street="Kauppakatu 1")
    edit_member(network.central, member_id, street="Rantatie 9")
    up, down = network.up("U"), network.down("U")
    network.import_to(network.central, up)
    network.import_to(district, down)
    with district.reading() as session:
        (conflict,) = list_conflicts(session)
    taken = take_other(district, conflict.id)
    assert taken.taken_other
    assert member(district, member_id)["street"] == "Kauppakatu 1"
    network.exchange("U")
    assert member(network.central, member_id)["street"] == "Kauppakatu 1"
    with district.reading() as session:
        assert list_conflicts(session) == []


def test_undoing_the_taken_value_from_the_edit_menu_opens_the_conflict_and_redo_settles_it(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    network.exchange("U")
    edit_member(district, member_id, street="Kauppakatu 1")
    edit_member(network.central, member_id, street="Rantatie 9")
    network.import_to(network.central, network.up("U"))
    network.import_to(district, network.down("U"))
    with district.reading() as session:
        (conflict,) = list_conflicts(session)
    take_other(district, conflict.id)
    with district.reading() as session:
        assert list_conflicts(session) == []

    with district.transaction("", Origin.UNDO) as session:  # Edit ▸ Undo, one step back
        undo_last(session)
    with district.reading() as session:
        (reopened,) = list_conflicts(session)
    assert reopened.id == conflict.id and not reopened.taken_other
    assert member(district, member_id)["street"] == "Rantatie 9"

    with district.transaction("", Origin.REDO) as session:  # Edit ▸ Redo
        redo_last(session)
    with district.reading() as session:
        assert list_conflicts(session) == []
        (settled,) = list_conflicts(session, include_resolved=True)
    assert settled.taken_other and member(district, member_id)["street"] == "Kauppakatu 1"

    with district.transaction("", Origin.UNDO) as session:  # and back once more: the redo is undone in turn
        undo_last(session)
    with district.reading() as session:
        assert [item.id for item in list_conflicts(session)] == [conflict.id]


def test_edits_of_different_groups_merge_without_conflict(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    network.exchange("U")
    edit_member(district, member_id, first_name="Anneli")
    edit_member(network.central, member_id, street="Rantatie 9", postal_code="65100")
    up, down = network.up("U"), network.down("U")
    network.import_to(network.central, up)
    network.import_to(district, down)
    for node in (district, network.central):
        values = member(node, member_id)
        assert (values["first_name"], values["street"], values["postal_code"]) == ("Anneli", "Rantatie 9", "65100")
        assert _conflicts(node) == []


def test_the_central_office_owns_member_numbers_and_membership_dates(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district, number="P-U-7")
    network.exchange("U")
    assert member(district, member_id)["member_number"] == "P-U-7"  # provisional until the central office numbers it
    edit_member(network.central, member_id, member_number="100234")
    network.exchange("U")
    assert member(district, member_id)["member_number"] == "100234"  # the central office's number flows back

    # The district changes the number and the membership's end afterwards: its clock is later, but it does not own them.
    edit_member(district, member_id, member_number="999")
    with district.transaction("End membership") as session:
        membership = session.execute(select(Membership).where(Membership.member_id == member_id)).scalar_one()
        membership.ended_on = date(2024, 12, 31)
    with network.central.transaction("Set the end") as session:
        session.execute(select(Membership).where(Membership.member_id == member_id)).scalar_one()
    network.exchange("U")
    assert member(network.central, member_id)["member_number"] == "100234"
    assert member(district, member_id)["member_number"] == "100234"  # sent back to the district
    network.exchange("U")
    assert snapshot(district) == snapshot(network.central)


def test_a_district_edit_of_a_central_field_is_listed_on_both_sides_and_only_the_central_office_can_take_it(
    network: Network,
) -> None:
    district = network.districts["U"]
    member_id = add_member(district, number="P-U-8")
    network.exchange("U")
    edit_member(network.central, member_id, member_number="100300")
    network.exchange("U")
    # Not concurrent: the district changes the number afterwards, later by its clock, but the number is not its own.
    edit_member(district, member_id, member_number="777")
    network.exchange("U")
    assert (
        member(district, member_id)["member_number"] == member(network.central, member_id)["member_number"] == "100300"
    )
    group = synced_entities()["member"].group_of["member_number"]
    (on_central,) = _conflicts(network.central)
    (on_district,) = _conflicts(district)
    assert on_central[:3] == (str(member_id), group, ConflictWinner.LOCAL)
    assert on_central[4]["member_number"] == "777"  # the district's value, listed where it can be taken
    assert on_district[:3] == (str(member_id), group, ConflictWinner.OTHER)
    assert on_district[3]["member_number"] == "777"
    with district.reading() as session:
        (listed,) = list_conflicts(session)
    assert listed.decided_elsewhere
    before = snapshot(district)
    with pytest.raises(DecidedElsewhereError, match="party office"):
        take_other(district, listed.id)
    assert snapshot(district) == before  # nothing changed, the conflict still open
    with network.central.reading() as session:
        (at_central,) = list_conflicts(session)
    assert not at_central.decided_elsewhere
    take_other(network.central, at_central.id)  # the party office accepts the district's number
    network.exchange("U")
    assert member(district, member_id)["member_number"] == member(network.central, member_id)["member_number"] == "777"
    network.full_exchange()
    assert snapshot(district) == snapshot(network.central)


def test_one_member_number_given_to_two_people_at_once_ends_the_same_on_both_sides_and_is_listed(
    network: Network,
) -> None:
    district = network.districts["U"]
    # Before either hears of the other: the party office numbers Bertil 1234, the district enters Aino as 1234.
    bertil = add_member(network.central, "Bertil", "Berg", number="1234", district="U")
    aino = add_member(district, "Aino", "Aalto", number="1234", branch="Vasa")
    network.full_exchange()
    for node in (network.central, district):  # the party office's number stays with Bertil, everywhere
        assert member(node, bertil)["member_number"] == "1234"
        assert member(node, aino)["member_number"] is None
    assert snapshot(district) == snapshot(network.central)
    group = synced_entities()["member"].group_of["member_number"]
    (on_central,) = _conflicts(network.central)
    (on_district,) = _conflicts(district)
    assert on_central[:3] == (str(aino), group, ConflictWinner.LOCAL) and on_central[4]["member_number"] == "1234"
    assert on_district[:3] == (str(aino), group, ConflictWinner.OTHER) and on_district[3]["member_number"] == "1234"
    with network.central.reading() as session:
        (listed,) = list_conflicts(session)
    with pytest.raises(ValueHeldElsewhereError, match="1234 is already in use by 1234 Bertil Berg"):
        take_other(network.central, listed.id)  # the party office must give Bertil another number first
    edit_member(network.central, bertil, member_number="1235")
    take_other(network.central, listed.id)
    network.full_exchange()
    for node in (network.central, district):
        assert (member(node, aino)["member_number"], member(node, bertil)["member_number"]) == ("1234", "1235")
    assert snapshot(district) == snapshot(network.central)


def test_renumbering_to_a_number_just_given_elsewhere_ends_the_same_on_both_sides(network: Network) -> None:
    district = network.districts["U"]
    aino = add_member(district, "Aino", "Aalto", number="P-U-5", branch="Vasa")
    bertil = add_member(network.central, "Bertil", "Berg", district="U")
    network.full_exchange()
    edit_member(network.central, bertil, member_number="2001")  # the party office numbers Bertil …
    edit_member(district, aino, member_number="2001")  # … and the district, not knowing, gives Aino the same
    network.full_exchange()
    for node in (network.central, district):  # the party office's numbering stands everywhere
        assert (member(node, bertil)["member_number"], member(node, aino)["member_number"]) == ("2001", "P-U-5")
    assert snapshot(district) == snapshot(network.central)
    assert any(
        conflict[0] == str(aino) and conflict[4]["member_number"] == "2001" for conflict in _conflicts(network.central)
    )
    assert network.export("U", to_central=True).rows == 0  # settled: nothing more to carry


def test_a_district_owns_its_notes(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    network.exchange("U")
    edit_member(district, member_id, notes="Soita iltaisin")
    edit_member(network.central, member_id, notes="Keskustoimiston huomio")  # later, but not the owner
    up, down = network.up("U"), network.down("U")
    network.import_to(network.central, up)
    network.import_to(district, down)
    network.exchange("U")
    assert member(network.central, member_id)["notes"] == member(district, member_id)["notes"] == "Soita iltaisin"


def _erase(database: Store, member_id: object) -> None:
    with database.transaction("Erase personal data") as session:
        erase_member(session, member_id, utcnow())  # type: ignore[arg-type]


def test_erasure_is_never_undone_by_an_old_package(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district, "Salla", "Salainen", number="P-U-3")
    with district.transaction("Contacts") as session:
        replace_contacts(session, member_id, [ContactData(ContactKind.PHONE, "+358401234567")])
    network.exchange("U")
    # The district goes on editing the person while the central office erases them.
    edit_member(district, member_id, first_name="Sallamari", street="Salakuja 5")
    with district.transaction("Contacts") as session:
        replace_contacts(
            session,
            member_id,
            [ContactData(ContactKind.PHONE, "+358401234567"), ContactData(ContactKind.EMAIL, "salla@example.fi")],
        )
    old = network.up("U")
    _erase(network.central, member_id)
    network.import_to(network.central, old)
    network.full_exchange()
    for node in (district, network.central):
        values = member(node, member_id)
        assert values["first_name"] == ERASED_NAME and values["street"] is None and values["erased_at"] is not None
        with node.reading() as session:
            contacts = session.execute(select(ContactPoint).where(ContactPoint.member_id == member_id)).scalars()
            assert all(contact.value == "" and contact.deleted_at is not None for contact in contacts)
    assert snapshot(district) == snapshot(network.central)
    assert member_id not in {uuid.UUID(row) for row in snapshot(network.districts["L"])["member"]}  # not L's
    text = "\n".join(str(snapshot(node)) for node in network.nodes())
    for secret in ("Salla", "Salakuja", "358401234567", "salla@example.fi"):
        assert secret not in text


def test_an_erasure_arriving_erases(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district, "Salla", "Salainen")
    network.exchange("U")
    _erase(district, member_id)
    network.exchange("U")
    with network.central.reading() as session:
        row = session.get(Member, member_id)
        assert row is not None and row.erased_at is not None and row.first_name == ERASED_NAME
        log = session.execute(select(ChangeRecord.new_value).where(ChangeRecord.row_id == str(member_id))).scalars()
        assert not any("Salla" in (value or "") for value in log)  # the central office's log is scrubbed too


def test_a_package_from_the_future_is_held_until_confirmed(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district)
    package = network.up("U")
    two_days_ago = wall_clock_ms() - 2 * 24 * 60 * 60 * 1000
    with pytest.raises(FuturePackageError, match="more than a day ahead"):
        import_package(network.central, package, backup=no_backup, now_ms=lambda: two_days_ago)
    with network.central.reading() as session:
        assert session.get(Member, member_id) is None
    import_package(network.central, package, backup=no_backup, now_ms=lambda: two_days_ago, confirm_future=True)
    assert member(network.central, member_id)["first_name"] == "Anna"


def test_a_tampered_package_is_refused_and_the_database_file_is_unchanged(network: Network) -> None:
    district = network.districts["U"]
    add_member(district)
    package = network.up("U")
    data = bytearray(package.read_bytes())
    data[-100] ^= 0x01
    for_another = network.down("U")
    central, other = network.central, network.districts["L"]
    before = [_stored(central), _stored(other)]
    with pytest.raises(BadSignatureError):
        import_package(central, bytes(data))
    with pytest.raises(WrongRecipientError):  # a package for the other district
        import_package(other, for_another)
    assert [_stored(central), _stored(other)] == before
    with central.reading() as session:
        imported = select(func.count()).where(SyncPackage.direction == PackageDirection.INCOMING)
        assert session.execute(imported).scalar_one() == 0


def _stored(store: Store) -> object:
    """Everything a store holds: a file's bytes (and its log's), or every row of every table on a server."""
    if isinstance(store, Database):
        return [path.read_bytes() for path in (store.path, store.path.with_name(store.path.name + "-wal"))]
    with store.reading() as session:
        return {
            table.name: sorted(map(repr, session.execute(select(table)).tuples())) for table in metadata.sorted_tables
        }


def test_an_import_is_backed_up_first(network: Network, tmp_path: Path) -> None:
    add_member(network.districts["U"])
    import_package(network.central, network.up("U"))
    backups = list(tmp_path.glob("**/*before-sync-import*"))
    # A file is backed up; a store on a server is backed up by the server's own means (db.sync.store).
    assert len(backups) == (1 if isinstance(network.central, Database) else 0)


def test_sequence_numbers_are_never_reused(network: Network) -> None:
    district = network.districts["U"]
    numbers = [network.export("U", to_central=True).sequence for _ in range(3)]
    assert numbers == [1, 2, 3]
    with district.reading() as session:
        history = session.execute(select(SyncPackage.sequence).order_by(SyncPackage.id)).scalars().all()
    assert history == [1, 2, 3]
