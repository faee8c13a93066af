"""The members table: every member and supporter, filtered and sorted in SQL, fetched a page at a time."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from db.core.database import Database
from db.core.i18n import N_, _, format_day
from db.members.listing import summaries_by_id
from db.members.models import MEMBERSHIP_KIND_LABELS, MEMBERSHIP_STATUS_LABELS, MembershipStatus
from db.members.query import MemberFilter, SortKey, count_members, member_hex_ids
from db.members.records import MemberSummary
from db.members.validation import display_phone
from desktop.shell.table_model import ColumnSpec, LazyTableModel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

COLUMNS = [
    ColumnSpec("number", N_("Number"), _RIGHT),
    ColumnSpec("name", N_("Name")),
    ColumnSpec("branch", N_("Branch")),
    ColumnSpec("kind", N_("Kind")),
    ColumnSpec("status", N_("Status")),
    ColumnSpec("phone", N_("Phone")),
    ColumnSpec("email", N_("E-mail")),
    ColumnSpec("city", N_("City")),
    ColumnSpec("joined", N_("Joined"), _RIGHT),
]
_SORT_KEYS = [SortKey(column.key) for column in COLUMNS]
_ENDED = QColor("#8c959f")


class MembersTableModel(LazyTableModel[str, MemberSummary]):
    """Members matching :attr:`member_filter`, in the order of the clicked column.

    Rows are keyed by the stored form of the member id (32 hex digits): a list of 100 000 ids then needs no
    objects. :meth:`key_at` and :meth:`row_of` speak ``uuid.UUID`` like the rest of the program.
    """

    def __init__(self, database: Database, today: date, parent: object = None) -> None:
        super().__init__(COLUMNS, parent)
        self._database = database
        self.today = today
        self.member_filter = MemberFilter()
        self._total: int | None = None
        self.sort_column = 1

    def set_filter(self, member_filter: MemberFilter) -> None:
        """Show the members ``member_filter`` lets through."""
        self.member_filter = member_filter
        self.reload()

    def load_keys(self) -> list[str]:
        with self._database.reading() as session:
            keys = member_hex_ids(
                session,
                self.member_filter,
                self.today,
                _SORT_KEYS[self.sort_column],
                descending=self.sort_order == Qt.SortOrder.DescendingOrder,
            )
        if self.member_filter.is_empty():
            self._total = len(keys)  # the whole list is everyone: no need to count them again for "N of M"
        return keys

    def load_rows(self, keys: list[str]) -> dict[str, MemberSummary]:
        with self._database.reading() as session:
            summaries = summaries_by_id(session, [uuid.UUID(hex=key) for key in keys], self.today)
        return {member_id.hex: summary for member_id, summary in summaries.items()}

    def key_at(self, row: int) -> uuid.UUID | None:  # type: ignore[override]
        """The id of the member on ``row``, or None outside the table."""
        key = super().key_at(row)
        return uuid.UUID(hex=key) if key is not None else None

    def row_of(self, key: uuid.UUID | str) -> int | None:
        """The row of a member (by id), or None when the list does not show them."""
        return super().row_of(key.hex if isinstance(key, uuid.UUID) else key)

    def forget_members(self, member_ids: list[uuid.UUID]) -> None:
        """Read these members' rows again when they are next shown."""
        self.forget_rows([member_id.hex for member_id in member_ids])

    def total(self) -> int:
        """How many members there are without any filter (counted once per change, not per keystroke)."""
        if self._total is None:
            with self._database.reading() as session:
                self._total = count_members(session, MemberFilter(), self.today)
        return self._total

    def forget_total(self) -> None:
        """Count again next time: members were added or removed."""
        self._total = None

    def display(self, row: MemberSummary, column: str) -> str:
        if column == "number":
            return row.member_number or ""
        if column == "name":
            return f"{row.last_name}, {row.first_name}"
        if column == "branch":
            return row.branch_name or ""
        if column == "kind":
            return _(MEMBERSHIP_KIND_LABELS[row.kind]) if row.kind else ""
        if column == "status":
            return _(MEMBERSHIP_STATUS_LABELS[row.status]) if row.status else ""
        if column == "phone":
            return display_phone(row.phone) if row.phone else ""
        if column == "email":
            return row.email or ""
        if column == "city":
            return row.city or ""
        if column == "joined":
            return format_day(row.joined_on)
        return ""

    def tooltip(self, row: MemberSummary, column: str) -> str | None:
        if column == "status" and row.status == MembershipStatus.APPLICANT:
            return _("Not yet accepted as a member by the party office")
        return None

    def foreground(self, row: MemberSummary, column: str) -> QColor | None:
        if row.status in (MembershipStatus.ENDED, MembershipStatus.DECEASED):
            return _ENDED
        return None
