"""Fixtures shared by every test: offscreen Qt, a fake keyring, and a fresh encrypted database per test.

Each test gets its own copy of a template database made once per session through the real migrations, so tests
are fast and still run on the real SQLCipher file.
"""

from __future__ import annotations

import os

# Before anything imports Qt: no display on the test machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from db.branches.operations import BranchData, create_branch
from db.core import i18n, keys
from db.core.database import Database, create_database, open_database
from db.core.district import DistrictSettings
from db.core.keys import DataKey
from db.members.models import ContactKind, MembershipKind
from db.members.operations import create_member
from db.members.records import ContactData, MembershipData, PersonData


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in memory, standing in for the OS keyring in tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


MEMORY_KEYRING = f"{MemoryKeyring.__module__}.{MemoryKeyring.__qualname__}"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep every test away from the real user's data folders, keyring and language."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    for variable in ("KANSLI_DB", "KANSLI_KEY", "KANSLI_LANG"):
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Install a trusted in-memory keyring for the test."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setattr(keys, "TRUSTED_BACKENDS", keys.TRUSTED_BACKENDS | {MEMORY_KEYRING})
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def database_key() -> DataKey:
    """The key of the template database (and so of every test database)."""
    return DataKey.generate()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory, database_key: DataKey) -> Path:
    """A freshly migrated database, made once per test session."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    create_database(path, database_key, DistrictSettings(name="Testipiiri", code="TP")).close()
    # Opened once, as the program does after creating: the derived rows are then dated today.
    database = open_database(path, database_key)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def database_path(tmp_path: Path, template_database: Path) -> Path:
    """A copy of the template database for this test only (not opened)."""
    path = tmp_path / "kansli.db"
    shutil.copyfile(template_database, path)
    return path


@pytest.fixture
def database(database_path: Path, database_key: DataKey) -> Iterator[Database]:
    """This test's own open database."""
    opened = open_database(database_path, database_key)
    yield opened
    opened.close()


@pytest.fixture
def make_branch(database: Database) -> Callable[..., object]:
    """Create a branch and return its id."""

    def make(name: str = "Vaasan osasto", municipality: str | None = "Vaasa") -> object:
        with database.transaction("Add branch") as session:
            return create_branch(session, BranchData(name=name, municipality=municipality))

    return make


@pytest.fixture
def make_member(database: Database, make_branch: Callable[..., object]) -> Callable[..., object]:
    """Create a member (with a branch of their own unless one is given) and return the id."""
    branches: dict[str, object] = {}

    def make(
        first_name: str = "Anna",
        last_name: str = "Virtanen",
        *,
        number: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        city: str | None = None,
        birth_year: int | None = None,
        branch: str = "Vaasan osasto",
        kind: MembershipKind = MembershipKind.MEMBER,
        joined_on: date | None = date(2020, 1, 1),
    ) -> object:
        if branch not in branches:
            branches[branch] = make_branch(branch)
        contacts = []
        if phone:
            contacts.append(ContactData(ContactKind.PHONE, phone))
        if email:
            contacts.append(ContactData(ContactKind.EMAIL, email))
        with database.transaction("Add member") as session:
            return create_member(
                session,
                PersonData(first_name, last_name, member_number=number, city=city, birth_year=birth_year),
                contacts,
                MembershipData(branch_id=branches[branch], kind=kind, joined_on=joined_on),  # type: ignore[arg-type]
            )

    return make
