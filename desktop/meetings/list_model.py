"""The list of meetings beside the meeting's page: code, date, kind, state and the number of items.

A district has tens of meetings a year, so the list is read whole (``db.meetings.meetings.list_meetings``) and
sorted in Python by :class:`desktop.calling.models.SortedListModel`: the code sorts by body and number, the date
as a date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from db.core.i18n import N_, _, format_count, format_day
from db.core.text import nordic_sort_key
from db.meetings.models import MEETING_KIND_LABELS, MinutesState
from db.meetings.records import MeetingSummary
from desktop.calling.models import Column, SortedListModel
from desktop.meetings.common import state_text

CODE, DATE, KIND, STATE, ITEMS = range(5)
_STATE_ORDER = {state: index for index, state in enumerate(MinutesState)}


class MeetingListModel(SortedListModel[MeetingSummary]):
    """Meetings as the tab lists them; meetings still ahead are shown muted, with the body's name as tooltip."""

    def __init__(self, today: Callable[[], date], parent: Any = None) -> None:
        self._today = today
        super().__init__(
            [
                Column(
                    N_("Meeting"),
                    lambda row: row.code,
                    key=lambda row: (nordic_sort_key(row.body_name), row.year, row.number),
                ),
                Column(N_("Date"), lambda row: format_day(row.held_on), key=lambda row: (row.held_on, row.number)),
                Column(N_("Kind"), lambda row: _(MEETING_KIND_LABELS[row.kind])),
                Column(
                    N_("State"),
                    lambda row: state_text(row, self._today()),
                    key=lambda row: (row.is_held(self._today()), _STATE_ORDER[row.state]),
                ),
                Column(
                    N_("Items"),
                    lambda row: format_count(row.items),
                    key=lambda row: row.items,
                    align_right=True,
                    tooltip=N_("The number of items (§) on the agenda"),
                ),
            ],
            parent,
            muted=lambda row: not row.is_held(self._today()),
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None:
                where = row.place or row.online_link or ""
                # The kind too: a narrow list cuts a long one ("Järjestäytymiskok…").
                kind = _(MEETING_KIND_LABELS[row.kind])
                return " · ".join(part for part in (row.body_name, kind, format_day(row.held_on), where) if part)
        return super().data(index, role)

    def row_of(self, meeting_id: object) -> int:
        """The row showing ``meeting_id``, or -1."""
        return next((number for number, row in enumerate(self.rows()) if row.id == meeting_id), -1)
