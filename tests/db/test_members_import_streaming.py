"""The member import writes the people a file adds while later rows are still checked (db.members.io.adding).

What is written early must vanish when the import turns out to be refused or is cancelled, and what it writes must
be what writing after the check would have written.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.branches.models import Branch, BranchKind, BranchLanguage, BranchStatus
from db.core import changelog
from db.core.changelog import ChangeRecord, Operation
from db.core.database import Database
from db.members.io import ImportCancelled, ImportOptions, ImportRefusedError, adding, import_members
from db.members.models import ContactPoint, Member, MemberSearchEntry, Membership
from tests.db.test_members_import import BRANCH, FI_HEADER, fi_row, write

_TABLES = (Member, ContactPoint, Membership, MemberSearchEntry, Branch, ChangeRecord, Operation)


@pytest.fixture
def branch(make_branch: Callable[..., object]) -> uuid.UUID:
    branch_id = make_branch(BRANCH)
    assert isinstance(branch_id, uuid.UUID)
    return branch_id


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Write new people 3 at a time, and count the members of every batch written (even if rolled back later)."""
    written: list[int] = []

    def counted(session: Any, model: Any, rows: Any) -> None:
        if model is Member:
            written.append(len(rows))
        changelog.insert_rows(session, model, rows)

    monkeypatch.setattr(adding, "INSERT_CHUNK", 3)
    monkeypatch.setattr(adding, "insert_rows", counted)
    yield written


def table_counts(database: Database) -> dict[str, int]:
    with database.reading() as session:
        return {
            model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in _TABLES
        }


def people(count: int, branch: str = BRANCH, first: int = 0) -> list[str]:
    numbers = range(first, first + count)
    return [fi_row(str(100 + n), f"Person{n}", "Streamed", f"p{n}@example.fi", branch=branch) for n in numbers]


def test_people_written_before_a_bad_row_is_found_are_rolled_back(
    database: Database, branch: uuid.UUID, tmp_path: Path, batches: list[int]
) -> None:
    before = table_counts(database)
    path = write(tmp_path, [FI_HEADER, *people(10), fi_row("999", "No", "", branch=BRANCH)])
    with pytest.raises(ImportRefusedError) as caught:
        import_members(database, path)
    assert [problem.line for problem in caught.value.report.problems] == [12]
    assert batches == [3, 3, 3]  # written while the first nine rows were checked, before line 12 was
    assert table_counts(database) == before


def test_an_unknown_branch_refuses_the_import_after_people_were_written(
    database: Database, branch: uuid.UUID, tmp_path: Path, batches: list[int]
) -> None:
    before = table_counts(database)
    path = write(tmp_path, [FI_HEADER, *people(7), *people(1, branch="Kemin osasto", first=7)])
    with pytest.raises(ImportRefusedError) as caught:
        import_members(database, path)
    assert caught.value.report.unknown_branches == ["Kemin osasto"]
    assert batches == [3, 3]
    assert table_counts(database) == before


def test_a_cancel_while_people_are_written_leaves_nothing(
    database: Database, branch: uuid.UUID, tmp_path: Path, batches: list[int]
) -> None:
    before = table_counts(database)
    cancel = threading.Event()
    path = write(tmp_path, [FI_HEADER, *people(1200)])

    def progress(done: int, _total: int) -> None:
        if done >= 900:
            cancel.set()

    with pytest.raises(ImportCancelled):
        import_members(database, path, progress=progress, cancel=cancel)
    assert sum(batches) > 300
    assert table_counts(database) == before


def test_a_branch_made_while_people_are_written_is_made_as_create_branch_makes_it(
    database: Database, branch: uuid.UUID, tmp_path: Path, batches: list[int]
) -> None:
    lines = [
        FI_HEADER,
        *people(4),
        fi_row("1", "Anna", "Uusi", branch="  Oulun   osasto "),
        *people(2, "OULUN osasto", first=4),
    ]
    report = import_members(database, write(tmp_path, lines), ImportOptions(create_branches=True))
    assert report.created == 7 and report.created_branches == ["Oulun osasto"]
    assert sum(batches) == 7
    with database.reading() as session:
        made = session.execute(select(Branch).where(Branch.name == "Oulun osasto")).scalar_one()
        assert (made.language, made.kind, made.status, made.municipality) == (
            BranchLanguage.FI, BranchKind.LOCAL, BranchStatus.ACTIVE, None,
        )  # fmt: skip
        in_it = session.execute(select(func.count()).where(Membership.branch_id == made.id)).scalar_one()
        assert in_it == 3
        # Logged with the import, as an inserted row: sync carries it, undo removes it with the people.
        record = session.execute(select(ChangeRecord).where(ChangeRecord.row_id == str(made.id))).scalar_one()
        operation = session.execute(select(func.max(Operation.id))).scalar_one()
        assert record.field is None and record.operation_id == operation
        assert session.connection().exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_many_batches_make_the_member_list_a_rebuild_makes(
    database: Database, branch: uuid.UUID, tmp_path: Path, batches: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With small batches the list is set aside and rebuilt whole from the first batch on (a bulk of the size the
    # first rows foretell), as for 100 000 people.
    from db.members import member_index

    monkeypatch.setattr(member_index, "_BULK_MINIMUM", 5)
    import_members(database, write(tmp_path, [FI_HEADER, *people(20)]))
    assert len(batches) == 7

    def list_rows() -> list[tuple[object, ...]]:
        with database.reading() as session:
            return [
                tuple(row)
                for row in session.execute(
                    select(MemberSearchEntry.member_id, MemberSearchEntry.text, MemberSearchEntry.branch_id).order_by(
                        MemberSearchEntry.member_id
                    )
                )
            ]

    imported = list_rows()
    with database.transaction("Rebuild") as session:
        member_index.rebuild_member_index(session)
    assert imported == list_rows() and len(imported) == 20
    with database.reading() as session:
        found = session.connection().exec_driver_sql(
            "SELECT count(*) FROM member_search_fts WHERE member_search_fts MATCH 'person1'"
        )
        assert found.scalar_one() == 11  # person1 and person10 … person19, through the rebuilt trigram index
