"""A central office and districts, each its own encrypted database, enrolled with each other for the sync tests."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.branches.operations import BranchData, create_branch
from db.core.backup import keyed_connection
from db.core.database import Database, Store, open_database
from db.core.keys import DataKey
from db.core.values import to_json_value
from db.members.models import Member
from db.members.operations import create_member
from db.members.records import MembershipData, PersonData
from db.sync.enrolment import accept_reply, add_district, enrol_district, init_central
from db.sync.exchange import ExportResult, ImportResult, export_package, import_package
from db.sync.relay import assign_branch
from db.sync.rules import synced_entities


def no_backup(_database: Store) -> None:
    """Tests of the merge skip the backup before each import (tested on its own)."""


def node_database(folder: Path, template: Path, key: DataKey, name: str) -> Database:
    """A copy of the template database with a node id of its own."""
    path = folder / f"{name}.db"
    shutil.copyfile(template, path)
    connection = keyed_connection(path, key)
    try:
        connection.execute("UPDATE kansli_meta SET value = ? WHERE key = 'node_id'", (str(uuid.uuid4()),))
    finally:
        connection.close()
    return open_database(path, key)


@dataclass
class Network:
    """The central office and its districts, by code; packages are written to ``folder``."""

    folder: Path
    central: Store
    districts: dict[str, Database]
    counter: int = 0
    branches: dict[str, uuid.UUID] = field(default_factory=dict)

    def nodes(self) -> Iterator[Store]:
        yield self.central
        yield from self.districts.values()

    def close(self) -> None:
        for node in self.nodes():
            node.close()

    def _path(self, name: str) -> Path:
        self.counter += 1
        return self.folder / f"{self.counter:04d}-{name}.kansli-sync"

    def up(self, code: str) -> Path:
        """The district's next package for the central office."""
        return self.export(code, to_central=True).path

    def down(self, code: str) -> Path:
        """The central office's next package for the district."""
        return self.export(code, to_central=False).path

    def export(self, code: str, *, to_central: bool) -> ExportResult:
        if to_central:
            return export_package(self.districts[code], self._path(f"{code}-up"))
        return export_package(self.central, self._path(f"{code}-down"), district_code=code)

    def import_to(self, database: Store, path: Path, **options: Any) -> ImportResult:
        return import_package(database, path, backup=no_backup, **options)

    def exchange(self, code: str) -> None:
        """The district sends, the central office imports and answers, the district imports."""
        self.import_to(self.central, self.up(code))
        self.import_to(self.districts[code], self.down(code))

    def full_exchange(self) -> None:
        """Two rounds with every district: afterwards every node has heard everything."""
        for _round in range(2):
            for code in self.districts:
                self.import_to(self.central, self.up(code), accept_gap=True)
            for code in self.districts:
                self.import_to(self.districts[code], self.down(code), accept_gap=True)


def make_network(
    folder: Path, template: Path, key: DataKey, codes: tuple[str, ...] = ("U",), central: Store | None = None
) -> Network:
    """A central office (a copy of the template file unless ``central`` is given) and enrolled districts."""
    if central is None:
        central = node_database(folder, template, key, "central")
    with central.transaction("Set up the central office") as session:
        init_central(session, central.node_id, "Central office")
    districts: dict[str, Database] = {}
    for code in codes:
        district = node_database(folder, template, key, f"district-{code}")
        with central.transaction("Add district") as session:
            enrolment = add_district(session, code, f"District {code}")
        with district.transaction("Enrol") as session:
            _identity, reply = enrol_district(session, district.node_id, enrolment)
        with central.transaction("Enrol district") as session:
            accept_reply(session, reply)
        districts[code] = district
    return Network(folder, central, districts)


def add_member(
    database: Store,
    first: str = "Anna",
    last: str = "Virtanen",
    *,
    number: str | None = None,
    branch: str = "Vaasa",
    district: str | None = None,
) -> uuid.UUID:
    """A member with a membership of a (new) branch, entered on ``database``.

    On the central office, ``district`` names the district the new branch belongs to: the central office relays a
    member only to the district of their branch.
    """
    with database.transaction("Add member") as session:
        branch_id = create_branch(session, BranchData(name=branch))
        if district is not None:
            assign_branch(session, branch_id, district)
        return create_member(
            session,
            PersonData(first, last, member_number=number),
            [],
            MembershipData(branch_id=branch_id, joined_on=date(2020, 1, 1)),
        )


def edit_member(database: Store, member_id: uuid.UUID, **values: Any) -> None:
    """Change member fields directly, in one transaction (logged like any edit)."""
    with database.transaction("Edit member") as session:
        member = session.get(Member, member_id)
        assert member is not None
        for key, value in values.items():
            setattr(member, key, value)


def member(database: Store, member_id: uuid.UUID) -> dict[str, Any]:
    """A member's fields as JSON values."""
    with database.reading() as session:
        row = session.get(Member, member_id)
        assert row is not None
        return {key: to_json_value(getattr(row, key)) for key in synced_entities()["member"].fields}


def snapshot(database: Store, entities: tuple[str, ...] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Every synced row's values (the district's seeded vocabulary left out), by table and id."""
    rules = synced_entities()
    names = entities or tuple(name for name in rules if name != "interest")
    state: dict[str, dict[str, dict[str, Any]]] = {}
    with database.reading() as session:
        for name in names:
            table = rules[name].table
            columns = [rules[name].mapper.attrs[key].columns[0] for key in rules[name].fields]
            rows = session.execute(select(table.c.id, *columns)).all()
            state[name] = {
                str(row[0]): {key: to_json_value(value) for key, value in zip(rules[name].fields, row[1:], strict=True)}
                for row in rows
            }
    return state
