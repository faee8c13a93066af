"""Undo and redo on the change log."""

from __future__ import annotations

import uuid

import pytest

from db.core.changelog import Origin
from db.core.database import Database
from db.core.errors import NothingToRedoError, NothingToUndoError, UndoConflictError
from db.core.undo import next_redo, next_undo, redo_last, undo_last
from db.members.models import Member


def _undo(database: Database) -> str:
    with database.transaction("undo", Origin.UNDO) as session:
        return undo_last(session).label


def _redo(database: Database) -> str:
    with database.transaction("redo", Origin.REDO) as session:
        return redo_last(session).label


def _add(database: Database, name: str) -> uuid.UUID:
    with database.transaction(f"Add {name}") as session:
        member = Member(first_name=name, last_name="Test")
        session.add(member)
    return member.id


def _rename(database: Database, member_id: uuid.UUID, name: str, origin: Origin = Origin.LOCAL) -> None:
    with database.transaction(f"Rename to {name}", origin) as session:
        member = session.get(Member, member_id)
        assert member is not None
        member.first_name = name


def _state(database: Database, member_id: uuid.UUID) -> tuple[str, bool]:
    with database.reading() as session:
        member = session.get(Member, member_id)
        assert member is not None
        return member.first_name, member.deleted_at is not None


def test_nothing_to_undo_in_a_new_database(database: Database) -> None:
    with database.reading() as session:
        # Creating the district is not a step the user can undo.
        assert next_undo(session) is None
    with pytest.raises(NothingToRedoError), database.transaction("redo", Origin.REDO) as session:
        redo_last(session)


def test_undo_edit_then_create_then_redo_both(database: Database) -> None:
    member_id = _add(database, "Aino")
    _rename(database, member_id, "Eeva")
    assert _undo(database) == "Rename to Eeva"
    assert _state(database, member_id) == ("Aino", False)
    assert _undo(database) == "Add Aino"
    assert _state(database, member_id) == ("Aino", True)
    with database.reading() as session:
        assert (step := next_redo(session)) is not None and step.label == "Add Aino"
    assert _redo(database) == "Add Aino"
    assert _state(database, member_id) == ("Aino", False)
    assert _redo(database) == "Rename to Eeva"
    assert _state(database, member_id) == ("Eeva", False)
    with pytest.raises(NothingToRedoError):
        _redo(database)


def test_a_new_edit_ends_the_redo_chain(database: Database) -> None:
    member_id = _add(database, "Aino")
    _rename(database, member_id, "Eeva")
    _undo(database)
    _rename(database, member_id, "Liisa")
    with database.reading() as session:
        assert next_redo(session) is None
    assert _state(database, member_id) == ("Liisa", False)


def test_undo_is_refused_when_the_data_changed_since(database: Database) -> None:
    member_id = _add(database, "Aino")
    _rename(database, member_id, "Eeva")
    _rename(database, member_id, "Sync value", Origin.SYNC)  # not undoable, newer than the edit
    with pytest.raises(UndoConflictError):
        _undo(database)
    assert _state(database, member_id) == ("Sync value", False)


def test_undo_of_undo_of_everything_stops(database: Database) -> None:
    _add(database, "Aino")
    _undo(database)
    with database.reading() as session:
        assert next_undo(session) is None
    with pytest.raises(NothingToUndoError):
        _undo(database)
