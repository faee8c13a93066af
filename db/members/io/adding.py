"""Checking a member file row by row while the people it adds are already being written.

Each row is parsed and classified (``plan``) in file order, and a row's fate is settled when it is classified:
later rows can be refused for clashing with it, never the other way round. So the new people of accepted rows
can be written at once, a batch at a time, through a background writer (``db.core.background_writer``): SQLite
stores one batch while Python checks the next rows, instead of waiting for the whole file to be checked. Nothing is
committed before the whole file is: an import that turns out to be refused (a bad row without ``skip_invalid``,
an unknown branch without ``create_branches``) rolls back, and once that is certain nothing more is written.

A branch the file names that does not exist yet (with ``create_branches``) is inserted at driver level ahead of
the first new member in it, as ``create_branch`` would make it: the ORM is not allowed while the writer has the
connection, and the memberships must find their branch (foreign keys are checked row by row; deferring them to the
commit would make SQLite look for orphans on every insert of a member).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.branches.operations import BranchData, clean_branch_data, new_branch_values
from db.core.base import new_id
from db.core.changelog import background_inserts, insert_rows
from db.members.io.headers import ColumnPlan, Field
from db.members.io.plan import ImportPlan, NewMember, start_plan
from db.members.io.progress import Meter
from db.members.io.reader import SourceRow
from db.members.io.report import ImportOptions
from db.members.io.rows import ParsedRow, RowParser
from db.members.member_index import NewMembersIndex, prepare_new_members
from db.members.models import ContactPoint, Member, Membership, MembershipKind
from db.members.records import ContactData

INSERT_CHUNK = 5000  # rows per bulk INSERT: large enough to be fast, small enough to notice a cancel soon


def check_and_add_new_members(
    session: Session,
    rows: Sequence[SourceRow],
    parser: RowParser,
    columns: ColumnPlan,
    options: ImportOptions,
    today: date,
    meter: Meter,
) -> tuple[ImportPlan, dict[str, uuid.UUID]]:
    """Check every row and write the members the accepted ones add; return the plan and the branches made.

    The plan is complete (updates compared, duplicates reported); the caller settles it, which raises when the
    import is refused, and then writes the rest: the new branches not made yet (the ids of those made are
    returned by folded name) and the changes to members already in the register.
    """
    planner = start_plan(session, columns, options, today, meter.check)
    # Rows naming a Kansli ID are checked against every live member, read now: no query may run while writing.
    planner.know_live_members(None if Field.KANSLI_ID in columns.columns else set())
    adding = _NewMembers(session, planner.plan, options, len(rows), meter)
    with background_inserts(session):
        for row in rows:
            parsed, problems = parser.parse(row)
            meter.step()
            adding.rows_checked += 1
            new = planner.classify_row(parsed, problems)
            if new is not None:
                adding.add(new)
        adding.finish()
    planner.compare_updates()
    return planner.finish(), adding.new_branch_ids


class _NewMembers:
    """The people being added, written a batch at a time with their contacts, memberships and list rows."""

    def __init__(self, session: Session, plan: ImportPlan, options: ImportOptions, rows: int, meter: Meter) -> None:
        self._session = session
        self._plan = plan
        self._options = options
        self._rows = rows
        self._meter = meter
        self._waiting: list[NewMember] = []
        # Read before the writer opens; their rows are made from the rows inserted (db.members.member_index).
        self._index: NewMembersIndex | None = prepare_new_members(session)
        self._index_begun = False
        self.rows_checked = 0
        self.new_branch_ids: dict[str, uuid.UUID] = {}

    def add(self, new: NewMember) -> None:
        if new.branch_key not in self._plan.branch_ids and new.branch_key not in self.new_branch_ids:
            self._add_branch(new)
        if self._refused():
            self._waiting.clear()
            return
        self._waiting.append(new)
        if len(self._waiting) >= INSERT_CHUNK:
            self._write()

    def finish(self) -> None:
        if not self._refused():
            self._write()
        if self._index is not None and self._index_begun:
            self._index.end(self._session)

    def _add_branch(self, new: NewMember) -> None:
        """Insert the branch a new member names and the register lacks (once the import will not be refused for it).

        Its name is written as on this row, the first accepted row to name it: ``ImportPlan.missing_branches``
        says the same, since the rows that update members name their branches only after every row is classified.
        """
        branch_id = self.new_branch_ids[new.branch_key] = new_id()
        if self._refused():  # without create_branches, for this very branch
            return
        name = new.row.branch or self._options.default_branch
        assert name is not None  # a new member without a branch is refused
        # No live branch has this folded name (the key), which is all create_branch's check for a clash compares.
        data = clean_branch_data(BranchData(name=name))
        insert_rows(self._session, Branch, [{"id": branch_id, **new_branch_values(data)}])

    def _refused(self) -> bool:
        """Whether the import is sure to be refused already: then writing more is wasted work."""
        if self._plan.rejected and not self._options.skip_invalid:
            return True
        return bool(self.new_branch_ids) and not self._options.create_branches

    def _write(self) -> None:
        chunk, self._waiting = self._waiting, []
        if not chunk:
            return
        session = self._session
        if self._index is not None and not self._index_begun:
            # How many people the file adds, judged from the rows checked so far (all of them in a small file).
            expected = len(self._plan.creates) * self._rows // max(1, self.rows_checked)
            self._index.begin(session, expected)
            self._index_begun = True
        branch_ids = self._plan.branch_ids
        rows = [member_row(new) for new in chunk]
        contacts = [contact for new in chunk for contact in contact_rows(new.id, 0, new.row.contacts)]
        memberships = [
            membership_row(new.id, branch_ids.get(new.branch_key) or self.new_branch_ids[new.branch_key], new.row)
            for new in chunk
        ]
        insert_rows(session, Member, rows)
        insert_rows(session, ContactPoint, contacts)
        insert_rows(session, Membership, memberships)
        if self._index is not None:
            self._index.write(session, rows, contacts, memberships)
        self._meter.step(len(rows))


def member_row(new: NewMember) -> dict[str, Any]:
    row = new.row
    return {
        "id": new.id,
        "member_number": row.member_number,
        "first_name": row.first_name,
        "last_name": row.last_name,
        **row.details,
    }


def contact_rows(member_id: uuid.UUID, first_position: int, contacts: Sequence[ContactData]) -> list[dict[str, Any]]:
    # Ids given here (not left to insert_rows) so that the member list's rows can name what they were made from.
    return [
        {"id": new_id(), "member_id": member_id, "kind": contact.kind, "value": contact.value, "position": position}
        for position, contact in enumerate(contacts, start=first_position)
    ]


def membership_row(member_id: uuid.UUID, branch_id: uuid.UUID, row: ParsedRow) -> dict[str, Any]:
    return {
        "id": new_id(),
        "member_id": member_id,
        "branch_id": branch_id,
        "kind": row.kind or MembershipKind.MEMBER,
        "joined_on": row.joined_on,
    }
