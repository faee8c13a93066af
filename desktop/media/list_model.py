"""The list of media items: date, kind, title, status, outlets and author.

A district writes a few hundred items a year, so the list is read whole (``db.media.items.list_items``, filtered by
year, kind and status in SQL) and sorted in Python by :class:`desktop.calling.models.SortedListModel`. The date is
the one that says where the item stands: published, else sent, else planned.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from db.core.i18n import N_, _, format_day
from db.core.text import nordic_sort_key
from db.media.items import MediaItemRow
from db.media.models import MEDIA_ITEM_KIND_LABELS, MEDIA_ITEM_STATUS_LABELS, MediaItemKind, MediaItemStatus
from desktop.calling.models import Column, SortedListModel
from desktop.media.common import STATUS_COLORS

DATE, KIND, TITLE, STATUS, OUTLETS, AUTHOR = range(6)
_KIND_ORDER = {kind: index for index, kind in enumerate(MediaItemKind)}
_STATUS_ORDER = {status: index for index, status in enumerate(MediaItemStatus)}


def date_tooltip(row: MediaItemRow) -> str:
    """Which of the item's dates the list shows, and the others."""
    parts = [
        f"{text} {format_day(day)}"
        for text, day in (
            (_("Planned"), row.planned_on),
            (_("Sent"), row.sent_on),
            (_("Published"), row.published_on),
        )
        if day is not None
    ]
    return "\n".join(parts) if parts else _("No date yet")


def outlets_text(row: MediaItemRow) -> str:
    """The first outlet and how many more ("Vasabladet +3"); the tooltip names them all."""
    if len(row.outlets) <= 1:
        return "".join(row.outlets)
    return f"{row.outlets[0]} +{len(row.outlets) - 1}"


class MediaListModel(SortedListModel[MediaItemRow]):
    """Media items as the tab lists them; the status in its colour, the dates and outlets in full as tooltips."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    N_("Date"),
                    lambda row: format_day(row.day) if row.day else "",
                    key=lambda row: (row.day or date.max, nordic_sort_key(row.title)),
                ),
                Column(
                    N_("Kind"), lambda row: _(MEDIA_ITEM_KIND_LABELS[row.kind]), key=lambda row: _KIND_ORDER[row.kind]
                ),
                Column(N_("Title"), lambda row: row.title),
                Column(
                    N_("Status"),
                    lambda row: _(MEDIA_ITEM_STATUS_LABELS[row.status]),
                    key=lambda row: _STATUS_ORDER[row.status],
                ),
                Column(N_("Outlets"), outlets_text, key=lambda row: (len(row.outlets), outlets_text(row))),
                Column(N_("Author"), lambda row: row.author),
            ],
            parent,
            muted=lambda row: row.status == MediaItemStatus.REJECTED,
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            row = self.row_at(index.row())
            if row is not None:
                if role == Qt.ItemDataRole.ToolTipRole:
                    if index.column() == KIND:
                        return _(MEDIA_ITEM_KIND_LABELS[row.kind])
                    if index.column() == AUTHOR and row.author:
                        return row.author
                    if index.column() == DATE:
                        return date_tooltip(row)
                    if index.column() == OUTLETS and row.outlets:
                        return "\n".join(row.outlets)
                    if index.column() == TITLE:
                        return " · ".join(part for part in (row.title, row.topic or "", row.link or "") if part)
                if role == Qt.ItemDataRole.ForegroundRole and index.column() == STATUS:
                    return QBrush(QColor(STATUS_COLORS[row.status]))
        return super().data(index, role)

    def row_of(self, item_id: object) -> int:
        """The row showing ``item_id``, or -1."""
        return next((number for number, row in enumerate(self.rows()) if row.id == item_id), -1)
