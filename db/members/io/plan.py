"""Deciding what each row of a member file does (add a member, update one, or nothing) and refusing bad rows.

A row is refused when it cannot be right: a member number twice, a possible duplicate, a new member without a
name or branch.

Everything is looked up once at the start (the duplicate index, the branches, the members the file names), so
a file of 100 000 rows costs a handful of queries, not one per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Row, String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from db.branches.operations import branch_names_by_key
from db.core.base import new_id
from db.core.i18n import _
from db.core.text import fold
from db.members.duplicates import DUPLICATE_REASON_LABELS, DuplicateCandidate, DuplicateIndex, DuplicateReason
from db.members.io.headers import ColumnPlan, Field
from db.members.io.report import ImportOptions, RowProblem
from db.members.io.rows import DETAIL_FIELDS, ParsedRow
from db.members.models import ContactPoint, Member, Membership
from db.members.records import ContactData, PersonData
from db.members.status import current_membership_id

_BATCH = 500
_BIRTH_YEAR = Field.BIRTH_YEAR.value
# The member fields an import may change, as compared with what the register holds.
_COMPARED_FIELDS = (
    "first_name",
    "last_name",
    "member_number",
    *(field_.value for field_ in DETAIL_FIELDS),
)
_T = TypeVar("_T")


@dataclass
class NewMember:
    """A row that adds a member, with the id the member will have."""

    id: uuid.UUID
    row: ParsedRow
    branch_key: str


@dataclass
class MemberUpdate:
    """A row that changes an existing member: the fields that differ, contacts to add, the membership's changes."""

    member_id: uuid.UUID
    row: ParsedRow
    person: dict[str, Any] = field(default_factory=dict)
    contacts: list[ContactData] = field(default_factory=list)
    first_position: int = 0
    # The member's current membership, if any (the one the import changes).
    membership_id: uuid.UUID | None = None
    membership_changes: dict[str, Any] = field(default_factory=dict)
    # The branch the membership moves to, or the branch of a membership to add when the member has none.
    branch_key: str | None = None

    @property
    def changes_anything(self) -> bool:
        """Whether the row differs from the register at all."""
        return bool(self.person or self.contacts or self.membership_changes or self.branch_key)


@dataclass
class ImportPlan:
    """What the import will write, what it refuses and why."""

    creates: list[NewMember] = field(default_factory=list)
    updates: list[MemberUpdate] = field(default_factory=list)
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    rejected: set[int] = field(default_factory=set)
    branch_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    # Branches the accepted rows name that do not exist, by folded name (name as first written).
    missing_branches: dict[str, str] = field(default_factory=dict)
    # The same for every row, accepted or not, so that a refused import lists them all at once.
    missing_branches_all: dict[str, str] = field(default_factory=dict)


def _batches(values: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]


def _live_members(session: Session, ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for batch in _batches(sorted(ids)):
        found.update(
            session.execute(select(Member.id).where(Member.id.in_(batch), Member.deleted_at.is_(None))).scalars()
        )
    return found


def _closed_number(number: str, erased: bool) -> str:
    if erased:
        return _("The member number {number} was erased, with the person's data; they are not added again.").format(
            number=number
        )
    return _("The member number {number} belongs to a deleted member; restore the member instead.").format(
        number=number
    )


class _Planner:
    def __init__(
        self,
        session: Session,
        columns: ColumnPlan,
        options: ImportOptions,
        today: date,
        check: Callable[[], None],
    ) -> None:
        self.session = session
        self.options = options
        self.today = today
        self.check = check
        self.headers = {field_: columns.headers[index] for field_, index in _first_columns(columns)}
        self.plan = ImportPlan(branch_ids=branch_names_by_key(session))
        self.index = DuplicateIndex.load(session)
        # A member who has a member number is a different person from a new row with another number.
        self.numbered: set[str] = set(
            session.execute(
                select(type_coerce(Member.id, String)).where(
                    Member.member_number.is_not(None), Member.deleted_at.is_(None)
                )
            ).scalars()
        )
        # Numbers of deleted or erased records stay taken (the column is unique): such a row is refused with a
        # reason instead of failing on insert. An erased person's number is kept precisely so that an import of the
        # central register's list does not bring them back (db.privacy.erasure).
        closed = select(Member.member_number, Member.erased_at.is_not(None)).where(
            Member.member_number.is_not(None), Member.deleted_at.is_not(None) | Member.erased_at.is_not(None)
        )
        self.closed_numbers: dict[str, bool] = {
            number: erased for number, erased in session.execute(closed).tuples() if number is not None
        }
        self.live: set[uuid.UUID] = set()  # see know_live_members
        self.seen_numbers: dict[str, int] = {}
        self.seen_targets: dict[uuid.UUID, int] = {}
        self.new_lines: dict[uuid.UUID, int] = {}
        self.duplicates: list[tuple[int, DuplicateCandidate]] = []
        self.branch_uses: list[tuple[str, str, int]] = []
        self.targets: list[tuple[ParsedRow, uuid.UUID]] = []
        # The columns of the row being classified that already have a problem (one reason per cell is enough).
        self.row_columns: set[str | None] = set()
        self.branch_keys: dict[str, str] = {}

    def problem(self, line: int, field_: Field | None, value: str | None, reason: str) -> None:
        column = self.headers.get(field_) if field_ is not None else None
        self.plan.problems.append(RowProblem(line, column, value, reason))
        self.plan.rejected.add(line)
        self.row_columns.add(column)

    def know_live_members(self, kansli_ids: Collection[uuid.UUID] | None) -> None:
        """Read which of ``kansli_ids`` name live members (None: read every live member, ids not known yet).

        Rows naming a Kansli ID update that member; the lookup happens before any row is classified, so that
        classifying needs no query (an import writes new people while later rows are still being classified).
        """
        if kansli_ids is None:
            statement = select(Member.id).where(Member.deleted_at.is_(None))
            self.live = set(self.session.execute(statement).scalars())
        else:
            self.live = _live_members(self.session, kansli_ids)

    def classify(self, rows: Sequence[tuple[ParsedRow, list[RowProblem]]]) -> None:
        self.know_live_members({row.kansli_id for row, _ in rows if row.kansli_id})
        for row, row_problems in rows:
            self.classify_row(row, row_problems)

    def classify_row(self, row: ParsedRow, row_problems: list[RowProblem]) -> NewMember | None:
        """Decide what one row does, after the rows before it; return the member it adds, if it is accepted.

        A row's fate is settled here: later rows can be refused for clashing with it, never the other way round.
        """
        self.check()
        line = row.line
        self.row_columns = {problem.column for problem in row_problems}
        if row_problems:
            self.plan.problems.extend(row_problems)
            self.plan.rejected.add(line)
        target: uuid.UUID | None = None
        if row.kansli_id is not None:
            if row.kansli_id in self.live:
                target = row.kansli_id
            else:
                self.problem(
                    line,
                    Field.KANSLI_ID,
                    str(row.kansli_id),
                    _("No member in this register has this Kansli ID; the member may have been deleted."),
                )
        number = row.member_number
        if number is not None:
            earlier = self.seen_numbers.setdefault(number, line)
            holder = self.index.member_with_number(number)
            if earlier != line:
                self.problem(
                    line,
                    Field.MEMBER_NUMBER,
                    number,
                    _("The member number {number} is also on line {line}.").format(number=number, line=earlier),
                )
            elif number in self.closed_numbers:
                self.problem(line, Field.MEMBER_NUMBER, number, _closed_number(number, self.closed_numbers[number]))
            elif target is None:
                target = holder
            elif holder is not None and holder != target:
                self.problem(
                    line,
                    Field.MEMBER_NUMBER,
                    number,
                    _("The member number {number} belongs to another member.").format(number=number),
                )
        if target is not None:
            earlier = self.seen_targets.setdefault(target, line)
            if earlier != line:
                self.problem(line, None, None, _("This member is also on line {line}.").format(line=earlier))
        if target is None:
            return self._classify_new(row)
        if line not in self.plan.rejected:
            self._classify_update(row, target)
        elif row.branch is not None:
            self._use_branch(row.branch, line)
        return None

    def _classify_new(self, row: ParsedRow) -> NewMember | None:
        line = row.line
        if row.first_name is None and not self._has_problem(Field.FIRST_NAME):
            self.problem(line, Field.FIRST_NAME, "", _("The first name is missing."))
        if row.last_name is None and not self._has_problem(Field.LAST_NAME):
            self.problem(line, Field.LAST_NAME, "", _("The last name is missing."))
        branch = row.branch or self.options.default_branch
        if branch is None:
            if not self._has_problem(Field.BRANCH):
                self.problem(line, Field.BRANCH, "", _("The branch is missing."))
            return None
        key = self._use_branch(branch, line)
        if line in self.plan.rejected:
            return None
        assert row.first_name is not None and row.last_name is not None
        person = PersonData(
            row.first_name,
            row.last_name,
            member_number=row.member_number,
            birth_year=row.details.get(_BIRTH_YEAR),
        )
        candidates = self.index.candidates(person, row.contacts)
        if row.member_number is not None:
            candidates = [candidate for candidate in candidates if candidate.member_id.hex not in self.numbered]
        if candidates:
            self.duplicates.append((line, candidates[0]))
            self.plan.rejected.add(line)
            return None
        member_id = new_id()
        self.index.add(member_id, person, row.contacts)
        self.new_lines[member_id] = line
        if row.member_number is not None:
            self.numbered.add(member_id.hex)
        new = NewMember(member_id, row, key)
        self.plan.creates.append(new)
        return new

    def _classify_update(self, row: ParsedRow, target: uuid.UUID) -> None:
        # Later rows of the file are compared with what this row makes of the member.
        named = row.first_name is not None and row.last_name is not None
        person = PersonData(
            row.first_name or "",
            row.last_name or "",
            birth_year=row.details.get(_BIRTH_YEAR) if named else None,
        )
        self.index.add(target, person, row.contacts)
        self.targets.append((row, target))

    def _has_problem(self, field_: Field) -> bool:
        return self.headers.get(field_) in self.row_columns

    def _branch_key(self, name: str) -> str:
        key = self.branch_keys.get(name)
        if key is None:
            key = self.branch_keys[name] = fold(name)
        return key

    def _use_branch(self, name: str, line: int) -> str:
        key = self._branch_key(name)
        if key not in self.plan.branch_ids:
            self.branch_uses.append((key, name, line))
        return key

    def compare_updates(self) -> None:
        ids = [target for _, target in self.targets]
        members, contacts = _load_targets(self.session, ids, self.today)
        for row, target in self.targets:
            self.check()
            update = self._compare(row, target, members[target.hex], contacts.get(target.hex, {}))
            if update.changes_anything:
                self.plan.updates.append(update)
            else:
                self.plan.unchanged += 1

    def _compare(
        self, row: ParsedRow, member_id: uuid.UUID, member: Row[Any], contacts: dict[tuple[str, str], int]
    ) -> MemberUpdate:
        update = MemberUpdate(member_id, row, first_position=max(contacts.values(), default=-1) + 1)
        wanted = {"first_name": row.first_name, "last_name": row.last_name, "member_number": row.member_number}
        wanted.update(row.details)
        update.person = {
            name: value for name, value in wanted.items() if value is not None and getattr(member, name) != value
        }
        update.contacts = [contact for contact in row.contacts if (contact.kind, contact.value) not in contacts]
        if member.membership_id is not None:
            update.membership_id = uuid.UUID(hex=member.membership_id)
        # The default branch is for members who have none; it never moves anybody.
        branch = row.branch or (self.options.default_branch if member.membership_id is None else None)
        if member.membership_id is None:
            if branch is not None:
                update.branch_key = self._use_branch(branch, row.line)
            return update
        if branch is not None:
            branch_id = self.plan.branch_ids.get(self._branch_key(branch))
            if branch_id is None or branch_id.hex != member.branch_id:
                update.branch_key = self._use_branch(branch, row.line)
        if row.kind is not None and row.kind != member.membership_kind:
            update.membership_changes["kind"] = row.kind
        if row.joined_on is not None and row.joined_on != member.joined_on:
            update.membership_changes["joined_on"] = row.joined_on
        return update

    def finish(self) -> ImportPlan:
        self._report_duplicates()
        for key, name, line in self.branch_uses:
            self.plan.missing_branches_all.setdefault(key, name)
            if line not in self.plan.rejected:
                self.plan.missing_branches.setdefault(key, name)
        self.plan.problems.sort(key=lambda problem: problem.line)
        return self.plan

    def _report_duplicates(self) -> None:
        existing = [
            candidate.member_id for _, candidate in self.duplicates if candidate.member_id not in self.new_lines
        ]
        names: dict[uuid.UUID, str] = {}
        for batch in _batches(sorted(set(existing))):
            for member_id, first, last, number in self.session.execute(
                select(Member.id, Member.first_name, Member.last_name, Member.member_number).where(Member.id.in_(batch))
            ).tuples():
                names[member_id] = (
                    _("{name}, member number {number}").format(name=f"{first} {last}", number=number)
                    if number
                    else f"{first} {last}"
                )
        for line, candidate in self.duplicates:
            reasons = ", ".join(
                _(DUPLICATE_REASON_LABELS[reason]) for reason in DuplicateReason if reason in candidate.reasons
            )
            earlier = self.new_lines.get(candidate.member_id)
            if earlier is not None:
                reason = _("Possibly the same person as on line {line} ({reasons}).").format(
                    line=earlier, reasons=reasons
                )
            else:
                reason = _("Possibly already in the register as {name} ({reasons}).").format(
                    name=names.get(candidate.member_id, "?"), reasons=reasons
                )
            self.plan.problems.append(RowProblem(line, None, None, reason))


def _first_columns(columns: ColumnPlan) -> Iterable[tuple[Field, int]]:
    return ((field_, indexes[0]) for field_, indexes in columns.columns.items())


def _load_targets(
    session: Session, ids: Sequence[uuid.UUID], today: date
) -> tuple[dict[str, Row[Any]], dict[str, dict[tuple[str, str], int]]]:
    """Read the members a file updates, each with its current membership, and their contacts, by hex id.

    Plain rows, not ORM objects: most rows of a file that comes back change nothing, and building 100 000 objects
    to find that out would cost more than the rest of the check. Only members that change are loaded as objects,
    when they are written.
    """
    current = aliased(Membership)
    members: dict[str, Row[Any]] = {}
    contacts: dict[str, dict[tuple[str, str], int]] = {}
    for batch in _batches(sorted(set(ids))):
        statement = (
            select(
                type_coerce(Member.id, String).label("id"),
                *(getattr(Member, name) for name in _COMPARED_FIELDS),
                # Ids as hex text: most are only compared, and building a UUID for each costs more than the query.
                type_coerce(current.id, String).label("membership_id"),
                type_coerce(current.branch_id, String).label("branch_id"),
                current.kind.label("membership_kind"),
                current.joined_on,
            )
            .select_from(Member)
            .outerjoin(current, current.id == current_membership_id(Member.id, today))
            .where(Member.id.in_(batch))
        )
        members.update((row.id, row) for row in session.execute(statement))
        for member_id, kind, value, position in session.execute(
            select(
                type_coerce(ContactPoint.member_id, String),
                type_coerce(ContactPoint.kind, String),
                ContactPoint.value,
                ContactPoint.position,
            ).where(ContactPoint.member_id.in_(batch), ContactPoint.deleted_at.is_(None))
        ).tuples():
            contacts.setdefault(member_id, {})[(kind, value)] = position
    return members, contacts


def start_plan(
    session: Session, columns: ColumnPlan, options: ImportOptions, today: date, check: Callable[[], None]
) -> _Planner:
    """A planner that has read what it needs from the register, to classify rows one by one (``classify_row``).

    Call ``know_live_members`` before the first row, and ``compare_updates`` and ``finish`` after the last: they read
    the register again, classifying does not.
    """
    return _Planner(session, columns, options, today, check)


def make_plan(
    session: Session,
    rows: Sequence[tuple[ParsedRow, list[RowProblem]]],
    columns: ColumnPlan,
    options: ImportOptions,
    today: date,
    check: Callable[[], None],
) -> ImportPlan:
    """Decide what every parsed row does, reading the register through ``session`` (nothing is written).

    Args:
        session: the session the import will write in (or a reading session for a dry run).
        rows: every row of the file with the problems found while parsing it.
        columns: the file's columns.
        options: the import options.
        today: the day the current membership of each member is chosen by.
        check: called for every row; raises to stop (a cancel).
    """
    planner = _Planner(session, columns, options, today, check)
    planner.classify(rows)
    planner.compare_updates()
    return planner.finish()
