"""The central office's import of the national member register (``kansli central import-register``).

The register is a CSV file or Excel workbook in the vocabulary of a district's member import
(:mod:`db.members.io`: the same headers, dates, phone numbers, kinds and languages), with one more column: the
district's code (:data:`DISTRICT_HEADERS`). The central register is master for membership and member numbers, so
its rows are written as the central office's own edits, through the change capture, and travel in the next packages
to the districts they concern (:mod:`db.sync.relay`):

* every row names its member by **member number**: a number already in the store updates that member, another one
  adds a member;
* the **branch** is found by name among the branches of the row's district; an unknown one is an error unless
  ``create_branches`` (then it is made, and assigned to the district);
* a member whose branch is in **another district** than their ongoing membership's is moved: that membership ends
  today (reason *moved*) and a new one begins in the new branch; within one district the membership changes branch;
* the joining date and the kind go to the member's current membership; names, address, birth year, language and
  contacts (added, never removed) to the member. Notes are the district's and are not read.

Nothing is written unless every row is right (every bad row is listed with its line, column and reason); a dry run
checks everything and writes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.core.changelog import Origin
from db.core.database import Store
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, ngettext
from db.core.text import fold
from db.members.io.headers import Field, header_key, resolve_columns
from db.members.io.reader import read_table
from db.members.io.report import RowProblem
from db.members.io.rows import ParsedRow, RowParser
from db.members.models import ContactPoint, EndReason, Member, Membership, MembershipKind
from db.members.operations import district_country
from db.members.records import ContactData
from db.members.status import current_of
from db.sync.enrolment import require_node
from db.sync.models import NodeRole, SyncPeer
from db.sync.relay import assign_branch, branch_districts

# Headers of the district column (compared as member file headers are: case, accents and punctuation ignored).
DISTRICT_HEADERS: Final = (
    "piiri", "piirikoodi", "piirin koodi", "piirin tunnus", "distrikt", "distriktskod", "distriktets kod",
    "district", "district code", "district id",
)  # fmt: skip
_DISTRICT_KEYS: Final = frozenset(header_key(header) for header in DISTRICT_HEADERS)
# The member's own fields the register writes (notes are the district's).
_PERSON_FIELDS: Final = (
    "first_name",
    "last_name",
    "birth_year",
    "language",
    "street",
    "co_line",
    "postal_code",
    "city",
)


@dataclass(frozen=True)
class RegisterOptions:
    """``dry_run``: check and report, write nothing; ``create_branches``: make branches the file names."""

    dry_run: bool = False
    create_branches: bool = False


@dataclass
class RegisterReport:
    """What a register import did, or (``dry_run``) would do."""

    path: Path
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    unknown_branches: list[str] = field(default_factory=list)
    created_branches: list[str] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False


class RegisterRefusedError(KansliError):
    """Nothing was imported: rows have errors, or branches are unknown; ``report`` lists every problem."""

    def __init__(self, report: RegisterReport) -> None:
        parts: list[str] = []
        rows = len({problem.line for problem in report.problems})
        if rows:
            parts.append(
                ngettext(
                    "Nothing was imported: {count} row has errors.",
                    "Nothing was imported: {count} rows have errors.",
                    rows,
                ).format(count=rows)
            )
        if report.unknown_branches:
            parts.append(
                _(
                    "Nothing was imported: these branches do not exist: {names}. Add them first, or import again "
                    "with --create-branches to create them."
                ).format(names=", ".join(report.unknown_branches))
            )
        super().__init__(" ".join(parts))
        self.report = report


@dataclass
class _Change:
    """What one row does to the store."""

    row: ParsedRow
    code: str
    branch: tuple[str, str] | None  # (district code, folded name), or None: the row names no branch
    member_id: uuid.UUID | None = None  # None: a new member
    person: dict[str, Any] = field(default_factory=dict)
    contacts: list[ContactData] = field(default_factory=list)
    first_position: int = 0
    membership_id: uuid.UUID | None = None  # the current membership it changes
    membership_changes: dict[str, Any] = field(default_factory=dict)
    change_branch: bool = False  # the current membership moves to the branch (within its district)
    end_current: bool = False  # the current membership ends: moved to another district
    new_membership: bool = False

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.member_id is None
            or self.person
            or self.contacts
            or self.membership_changes
            or self.change_branch
            or self.end_current
            or self.new_membership
        )


def _district_column(headers: tuple[str, ...], file_name: str) -> int:
    found = [index for index, header in enumerate(headers) if header_key(header) in _DISTRICT_KEYS]
    if not found:
        raise KansliError(
            _("{file} has no column of district codes (Piiri, Distrikt, District); the register needs one.").format(
                file=file_name
            )
        )
    if len(found) > 1:
        raise KansliError(
            _("The columns “{first}” and “{second}” both hold district codes; keep one of them.").format(
                first=headers[found[0]], second=headers[found[1]]
            )
        )
    return found[0]


def import_register(database: Store, path: Path, options: RegisterOptions = RegisterOptions()) -> RegisterReport:
    """Import the national member register into the central office's store (see the module's docstring).

    Raises:
        RegisterRefusedError: rows have errors or branches are unknown; nothing was written.
        KansliError: the file cannot be read, lacks a needed column, or the store is not the central office's.
    """
    path = Path(path)
    table = read_table(path)
    district_index = _district_column(table.headers, path.name)
    district_header = table.headers[district_index]
    columns = resolve_columns(table.headers, {district_header: "ignore"}, path.name)
    for needed, names in ((Field.MEMBER_NUMBER, "Jäsennumero, Medlemsnummer, Member number"),):
        if needed not in columns.columns:
            raise KansliError(
                _("{file} has no column of member numbers ({names}); the register needs one.").format(
                    file=path.name, names=names
                )
            )
    report = RegisterReport(
        path=path, rows_read=len(table.rows), unknown_columns=list(columns.unknown), dry_run=options.dry_run
    )
    today = date.today()
    with database.reading() as session:
        require_node(session, NodeRole.CENTRAL)
        country = district_country(session)
    parser = RowParser(columns, country, today)
    rows: list[tuple[ParsedRow, list[RowProblem], str]] = []
    for source in table.rows:
        parsed, problems = parser.parse(source)
        cell = source.cells[district_index] if district_index < len(source.cells) else ""
        rows.append((parsed, problems, cell.isoformat() if isinstance(cell, date) else cell.strip()))
    headers = {field_: table.headers[indexes[0]] for field_, indexes in columns.columns.items()}
    headers_of = _Headers(headers, district_header)
    if options.dry_run:
        with database.reading() as session:
            _settle(report, _plan(session, rows, headers_of, today), options)
        return report
    label = Label(N_("Import the member register from {file}"), file=path.name)
    with database.transaction(label, origin=Origin.IMPORT) as session:
        plan = _plan(session, rows, headers_of, today)
        _settle(report, plan, options)
        _write(session, plan, today)
    report.committed = True
    return report


@dataclass(frozen=True)
class _Headers:
    fields: dict[Field, str]
    district: str

    def of(self, field_: Field) -> str | None:
        return self.fields.get(field_)


@dataclass
class _Plan:
    changes: list[_Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    branches: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)
    missing: dict[tuple[str, str], str] = field(default_factory=dict)


def _settle(report: RegisterReport, plan: _Plan, options: RegisterOptions) -> None:
    report.problems = sorted(plan.problems, key=lambda problem: problem.line)
    missing = sorted(f"{code}: {name}" for (code, _key), name in plan.missing.items())
    if report.problems or (missing and not options.create_branches):
        if not options.create_branches:
            report.unknown_branches = missing
        raise RegisterRefusedError(report)
    report.created_branches = missing
    report.created = sum(1 for change in plan.changes if change.member_id is None)
    report.updated = sum(1 for change in plan.changes if change.member_id is not None)
    report.moved = sum(1 for change in plan.changes if change.end_current)
    report.unchanged = plan.unchanged


def _plan(
    session: Session, rows: list[tuple[ParsedRow, list[RowProblem], str]], headers: _Headers, today: date
) -> _Plan:
    plan = _Plan()
    codes = {
        fold(code): code
        for (code,) in session.execute(
            select(SyncPeer.district_code).where(SyncPeer.role == NodeRole.DISTRICT)
        ).tuples()
        if code
    }
    homes = branch_districts(session)
    for branch_id, name in session.execute(select(Branch.id, Branch.name).where(Branch.deleted_at.is_(None))).tuples():
        home = homes.get(str(branch_id))
        if home is not None:
            plan.branches[(home, fold(name))] = branch_id
    numbers = [row.member_number for row, _problems, _code in rows if row.member_number]
    members: dict[str, Member] = {}
    for start in range(0, len(numbers), 500):
        batch = numbers[start : start + 500]
        members.update(
            (member.member_number or "", member)
            for member in session.execute(select(Member).where(Member.member_number.in_(batch))).scalars()
        )
    seen: dict[str, int] = {}
    for row, row_problems, code_text in rows:
        line = row.line
        problems = list(row_problems)

        def problem(field_: Field | None, value: str | None, reason: str, column: str | None = None) -> None:
            problems.append(RowProblem(line, column or (headers.of(field_) if field_ else None), value, reason))  # noqa: B023

        code = codes.get(fold(code_text)) if code_text else None
        if not code_text:
            problem(None, "", _("The district code is missing."), headers.district)
        elif code is None:
            problem(
                None,
                code_text,
                _("No district has the code {code}; add it with kansli central add-district first.").format(
                    code=code_text
                ),
                headers.district,
            )
        number = row.member_number
        member: Member | None = None
        if number is None:
            if headers.of(Field.MEMBER_NUMBER) not in {item.column for item in problems}:
                problem(Field.MEMBER_NUMBER, "", _("The member number is missing."))
        else:
            earlier = seen.setdefault(number, line)
            member = members.get(number)
            if earlier != line:
                problem(
                    Field.MEMBER_NUMBER,
                    number,
                    _("The member number {number} is also on line {line}.").format(number=number, line=earlier),
                )
            elif member is not None and (member.deleted_at is not None or member.erased_at is not None):
                problem(
                    Field.MEMBER_NUMBER,
                    number,
                    _("The member number {number} belongs to a deleted or erased member; it is not used again.").format(
                        number=number
                    ),
                )
        branch: tuple[str, str] | None = None
        if row.branch is not None and code is not None:
            branch = (code, fold(row.branch))
            if branch not in plan.branches and not problems:
                plan.missing.setdefault(branch, row.branch)
        if member is None:
            if row.first_name is None and headers.of(Field.FIRST_NAME) not in {item.column for item in problems}:
                problem(Field.FIRST_NAME, "", _("The first name is missing."))
            if row.last_name is None and headers.of(Field.LAST_NAME) not in {item.column for item in problems}:
                problem(Field.LAST_NAME, "", _("The last name is missing."))
            if row.branch is None and headers.of(Field.BRANCH) not in {item.column for item in problems}:
                problem(Field.BRANCH, "", _("The branch is missing."))
        if problems:
            plan.problems.extend(problems)
            continue
        assert code is not None
        change = _Change(row, code, branch)
        if member is not None:
            _compare(session, change, member, plan, homes, today)
        if change.changes_anything:
            plan.changes.append(change)
        else:
            plan.unchanged += 1
    return plan


def _compare(
    session: Session, change: _Change, member: Member, plan: _Plan, homes: dict[str, str], today: date
) -> None:
    row = change.row
    change.member_id = member.id
    wanted: dict[str, Any] = {"first_name": row.first_name, "last_name": row.last_name, **row.details}
    change.person = {
        name: value
        for name, value in wanted.items()
        if name in _PERSON_FIELDS and value is not None and getattr(member, name) != value
    }
    held = session.execute(
        select(ContactPoint.kind, ContactPoint.value, ContactPoint.position).where(
            ContactPoint.member_id == member.id, ContactPoint.deleted_at.is_(None)
        )
    ).all()
    known = {(kind, value) for kind, value, _position in held}
    change.contacts = [contact for contact in row.contacts if (contact.kind, contact.value) not in known]
    change.first_position = max((position for _kind, _value, position in held), default=-1) + 1
    memberships = list(session.execute(select(Membership).where(Membership.member_id == member.id)).scalars())
    current = current_of(memberships, today)
    target = plan.branches.get(change.branch) if change.branch is not None else None
    if current is None:
        change.new_membership = change.branch is not None
        return
    change.membership_id = current.id
    ongoing = current.ended_on is None or current.ended_on > today
    if change.branch is not None and (target is None or target != current.branch_id):
        if homes.get(str(current.branch_id)) == change.code:
            change.change_branch = True
        elif ongoing:
            change.end_current = True
            change.new_membership = True
            return
        else:
            change.new_membership = True
            return
    if row.kind is not None and row.kind != current.kind:
        change.membership_changes["kind"] = row.kind
    if row.joined_on is not None and row.joined_on != current.joined_on:
        change.membership_changes["joined_on"] = row.joined_on


def _write(session: Session, plan: _Plan, today: date) -> None:
    branches = dict(plan.branches)
    for (code, key), name in plan.missing.items():
        made = Branch(name=" ".join(name.split()))
        session.add(made)
        session.flush()
        assign_branch(session, made.id, code)
        branches[(code, key)] = made.id
    for change in plan.changes:
        row = change.row
        branch_id = branches[change.branch] if change.branch is not None else None
        if change.member_id is None:
            assert row.first_name is not None and row.last_name is not None
            member = Member(
                first_name=row.first_name,
                last_name=row.last_name,
                member_number=row.member_number,
                **{name: value for name, value in row.details.items() if name in _PERSON_FIELDS},
            )
            session.add(member)
            session.flush()
            member_id = member.id
            change.new_membership = True
        else:
            member_id = change.member_id
            loaded = session.get(Member, member_id)
            assert loaded is not None
            for name, value in change.person.items():
                setattr(loaded, name, value)
        for position, contact in enumerate(change.contacts if change.member_id else row.contacts):
            session.add(
                ContactPoint(
                    member_id=member_id,
                    kind=contact.kind,
                    value=contact.value,
                    position=change.first_position + position,
                )
            )
        current = session.get(Membership, change.membership_id) if change.membership_id is not None else None
        if current is not None:
            if change.end_current:
                current.ended_on = max(today, current.joined_on) if current.joined_on else today
                current.end_reason = EndReason.MOVED
            else:
                if change.change_branch and branch_id is not None:
                    current.branch_id = branch_id
                for name, value in change.membership_changes.items():
                    setattr(current, name, value)
        if change.new_membership and branch_id is not None:
            session.add(
                Membership(
                    member_id=member_id,
                    branch_id=branch_id,
                    kind=row.kind or (current.kind if current is not None else MembershipKind.MEMBER),
                    joined_on=row.joined_on or today,
                )
            )
    session.flush()


__all__ = [
    "DISTRICT_HEADERS",
    "RegisterOptions",
    "RegisterRefusedError",
    "RegisterReport",
    "import_register",
]
