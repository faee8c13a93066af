"""Convergence: districts and the central office edit at random, packages are lost, duplicated and reordered; after a
final full exchange every district holds the same data as the central office, of what concerns it.

A hypothesis state machine drives the real operations (members entered, edited, given numbers, contacts replaced,
memberships ended, people erased) on real encrypted databases, and the real package files between them. Its
default run is small, to keep ``tests/sync`` quick; ``-m slow`` runs a longer one with three districts.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from db.core.base import utcnow
from db.core.database import Store
from db.core.errors import ValidationError
from db.core.keys import DataKey
from db.members.models import ContactKind, Member, Membership
from db.members.operations import replace_contacts
from db.members.records import ContactData
from db.privacy.erasure import erase_member
from db.sync.errors import PackageForkError
from db.sync.relay import Relay, assign_branch
from tests.sync.network import Network, add_member, make_network, snapshot

SHARED = ("branch", "household", "member", "contact_point", "membership")
NAMES = st.sampled_from(["Aino", "Eero", "Linnea", "Matti", "Saga", "Ville"])
STREETS = st.sampled_from([None, "Kauppakatu 1", "Rantatie 9", "Storgatan 3"])


class SyncMachine(RuleBasedStateMachine):
    """Nodes ``C`` (the central office) and districts; channels are (sender, recipient) pairs of node names."""

    template: Path
    key: DataKey
    codes: tuple[str, ...] = ("U", "L")
    make_central: Callable[[], Store]

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="kansli-convergence-"))
        self.network: Network = make_network(
            self.folder, self.template, self.key, self.codes, central=type(self).make_central()
        )
        self.in_flight: dict[tuple[str, str], list[Path]] = {}
        self.numbers = 0
        # A few people every node knows, so that edits meet from the first step on.
        for index, code in enumerate(("U", "U", "L")):
            add_member(
                self.network.districts[code], "Alku", f"J{index}", number=f"P-{code}-a{index}", branch=f"Alku {index}"
            )
        self.network.full_exchange()

    def teardown(self) -> None:
        try:
            self.final_exchange_converges()
        finally:
            self.network.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers -----------------------------------------------------------------------------------------------

    def node(self, name: str) -> Store:
        return self.network.central if name == "C" else self.network.districts[name]

    def live_members(self, database: Store) -> list[uuid.UUID]:
        with database.reading() as session:
            return list(
                session.execute(select(Member.id).where(Member.erased_at.is_(None)).order_by(Member.id)).scalars()
            )

    def pick(self, database: Store, index: int) -> uuid.UUID | None:
        members = self.live_members(database)
        return members[index % len(members)] if members else None

    # --- edits -------------------------------------------------------------------------------------------------

    @rule(node=st.sampled_from(["C", "U", "L"]), first=NAMES, home=st.sampled_from(["U", "L"]))
    def enter_member(self, node: str, first: str, home: str) -> None:
        code = node if node != "C" else None
        self._enter(node, first, home, f"P-{code}-{self.numbers}" if code else None)

    def _enter(self, node: str, first: str, home: str, number: str | None) -> None:
        self.numbers += 1
        database = self.node(node)
        member_id = add_member(database, first, "Testinen", number=number, branch=f"Osasto {self.numbers}")
        if node == "C":
            # The central office's branch belongs to a district (as the register import makes them).
            with database.transaction("Assign the branch") as session:
                branch_id = session.execute(
                    select(Membership.branch_id).where(Membership.member_id == member_id)
                ).scalar_one()
                assign_branch(session, branch_id, home)

    @rule(
        node=st.sampled_from(["C", "U", "L"]), first=NAMES, home=st.sampled_from(["U", "L"]), shared=st.integers(0, 1)
    )
    def enter_member_with_a_shared_number(self, node: str, first: str, home: str, shared: int) -> None:
        """Two nodes may give one number to two new people before they hear of each other."""
        with contextlib.suppress(ValidationError):  # held by somebody here already: the form refuses it
            self._enter(node, first, home, f"77{shared}")

    @rule(node=st.sampled_from(["C", "U", "L"]), index=st.integers(0, 20), first=NAMES, last=NAMES)
    def rename(self, node: str, index: int, first: str, last: str) -> None:
        database = self.node(node)
        member_id = self.pick(database, index)
        if member_id is not None:
            with database.transaction("Edit member") as session:
                row = session.get(Member, member_id)
                assert row is not None
                row.first_name, row.last_name = first, last

    @rule(node=st.sampled_from(["C", "U", "L"]), index=st.integers(0, 20), street=STREETS, notes=STREETS)
    def move(self, node: str, index: int, street: str | None, notes: str | None) -> None:
        database = self.node(node)
        member_id = self.pick(database, index)
        if member_id is not None:
            with database.transaction("Edit member") as session:
                row = session.get(Member, member_id)
                assert row is not None
                row.street, row.city, row.notes = street, "Vaasa" if street else None, notes

    @rule(node=st.sampled_from(["C", "U", "L"]), index=st.integers(0, 20), phone=st.integers(0, 3))
    def new_phone(self, node: str, index: int, phone: int) -> None:
        database = self.node(node)
        member_id = self.pick(database, index)
        if member_id is not None:
            with database.transaction("Edit contacts") as session:
                replace_contacts(session, member_id, [ContactData(ContactKind.PHONE, f"+35840123456{phone}")])

    @rule(node=st.sampled_from(["C", "U", "L"]), index=st.integers(0, 20), year=st.integers(2021, 2025))
    def end_membership(self, node: str, index: int, year: int) -> None:
        database = self.node(node)
        member_id = self.pick(database, index)
        if member_id is not None:
            with database.transaction("End membership") as session:
                for membership in session.execute(
                    select(Membership).where(Membership.member_id == member_id)
                ).scalars():
                    membership.ended_on = date(year, 12, 31)

    @rule(index=st.integers(0, 20))
    def number_centrally(self, index: int) -> None:
        database = self.network.central
        member_id = self.pick(database, index)
        if member_id is not None:
            self.numbers += 1
            with database.transaction("Give a member number") as session:
                row = session.get(Member, member_id)
                assert row is not None
                row.member_number = f"{100000 + self.numbers}"

    @rule(node=st.sampled_from(["C", "U", "L"]), index=st.integers(0, 20), chance=st.integers(0, 3))
    def erase(self, node: str, index: int, chance: int) -> None:
        database = self.node(node)
        member_id = self.pick(database, index)
        if member_id is not None and chance == 0:
            with database.transaction("Erase personal data") as session:
                erase_member(session, member_id, utcnow())

    # --- the post --------------------------------------------------------------------------------------------

    @rule(code=st.sampled_from(["U", "L"]), up=st.booleans())
    def export(self, code: str, up: bool) -> None:
        channel = (code, "C") if up else ("C", code)
        path = self.network.export(code, to_central=up).path
        self.in_flight.setdefault(channel, []).append(path)

    @rule(code=st.sampled_from(["U", "L"]), up=st.booleans(), index=st.integers(0, 10), keep=st.booleans())
    def deliver(self, code: str, up: bool, index: int, keep: bool) -> None:
        """Import one of the packages on its way, in any order; kept ones may be imported again (duplicates)."""
        channel = (code, "C") if up else ("C", code)
        packages = self.in_flight.get(channel, [])
        if not packages:
            return
        path = packages[index % len(packages)]
        if not keep:
            packages.remove(path)
        self.network.import_to(self.node(channel[1]), path, accept_gap=True)

    @rule(code=st.sampled_from(["U", "L"]), up=st.booleans(), index=st.integers(0, 10))
    def lose(self, code: str, up: bool, index: int) -> None:
        packages = self.in_flight.get((code, "C") if up else ("C", code), [])
        if packages:
            packages.pop(index % len(packages))

    @invariant()
    def nothing_personal_of_the_erased(self) -> None:
        for database in self.network.nodes():
            with database.reading() as session:
                for row in session.execute(select(Member).where(Member.erased_at.is_not(None))).scalars():
                    assert row.street is None and row.notes is None

    # --- the end ---------------------------------------------------------------------------------------------

    def final_exchange_converges(self) -> None:
        for _round in range(6):
            carried = 0
            for code in self.network.districts:
                carried += self._send(code, up=True)
            for code in self.network.districts:
                carried += self._send(code, up=False)
            if carried == 0:
                break
        else:
            pytest.fail("the exchange did not settle")
        states = {name: snapshot(database, SHARED) for name, database in self._named_nodes()}
        central = states.pop("C")
        # Each district holds exactly the central office's rows that concern it (docs/SYNC.md, "Relay by district").
        with self.network.central.reading() as session:
            relay = Relay(session)
            relay.prepare((entity, row_id) for entity in SHARED for row_id in central[entity])
            for name, state in states.items():
                for entity in SHARED:
                    expected = {
                        row_id: values
                        for row_id, values in central[entity].items()
                        if name in relay.districts((entity, row_id))
                    }
                    assert state[entity] == expected, (name, entity)

    def _send(self, code: str, *, up: bool) -> int:
        path = self.network.export(code, to_central=up).path
        recipient = self.network.central if up else self.network.districts[code]
        try:
            result = self.network.import_to(recipient, path, accept_gap=True)
        except PackageForkError:  # a package number used twice would show here
            pytest.fail("a package number was used twice")
        return result.rows

    def _named_nodes(self) -> list[tuple[str, Store]]:
        return [("C", self.network.central), *self.network.districts.items()]


def _run(
    template: Path, key: DataKey, central: Callable[[], Store], codes: tuple[str, ...], examples: int, steps: int
) -> None:
    machine = type(
        "Machine",
        (SyncMachine,),
        {"template": template, "key": key, "codes": codes, "make_central": staticmethod(central)},
    )
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_every_node_converges(
    template_database: Path, database_key: DataKey, make_central: Callable[[], Store]
) -> None:
    """With the central office on a file, and on PostgreSQL."""
    _run(template_database, database_key, make_central, ("U", "L"), examples=8, steps=25)


@pytest.mark.slow
def test_every_node_converges_long(
    template_database: Path, database_key: DataKey, make_central: Callable[[], Store]
) -> None:
    _run(template_database, database_key, make_central, ("U", "L", "K"), examples=60, steps=50)
