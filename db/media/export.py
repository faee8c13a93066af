"""Media items and their figures to XLSX: the items the list shows on one sheet, the year's figures on another.

The items name their authors, who are members: the caller records the export in the export log with
:func:`author_ids` (``db.privacy.export_log.record_file_export``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from db.core.files import atomic_path
from db.core.i18n import _, babel_locale
from db.media.figures import MediaFigures
from db.media.items import MediaItemRow
from db.media.models import MEDIA_ITEM_KIND_LABELS, MEDIA_ITEM_STATUS_LABELS


def author_ids(rows: Sequence[MediaItemRow]) -> list[uuid.UUID]:
    """The members named as authors in ``rows``: the people the export carries."""
    return list(dict.fromkeys(row.author_id for row in rows if row.author_id is not None))


def export_media_items(rows: Sequence[MediaItemRow], target: Path, figures: MediaFigures | None = None) -> int:
    """Write ``rows`` (and the year's ``figures``, when given) as an XLSX workbook; return the number of items.

    Dates are date cells and counts are numbers, so the office can sort, sum and chart them.
    """
    from openpyxl import Workbook  # imported here: only this export pays for loading openpyxl

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Media items")[:31]
    sheet.append(
        [
            _("Kind"),
            _("Title"),
            _("Status"),
            _("Author"),
            _("Outlets"),
            _("Planned"),
            _("Sent"),
            _("Published"),
            _("Topic"),
            _("Web link"),
        ]
    )
    for row in rows:
        sheet.append(
            [
                _(MEDIA_ITEM_KIND_LABELS[row.kind]),
                row.title,
                _(MEDIA_ITEM_STATUS_LABELS[row.status]),
                row.author,
                ", ".join(row.outlets),
                row.planned_on,
                row.sent_on,
                row.published_on,
                row.topic or "",
                row.link or "",
            ]
        )
        for column in ("F", "G", "H"):
            sheet[f"{column}{sheet.max_row}"].number_format = "d.m.yyyy"
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed by a person, never a formula for Excel to run
    widths = {"A": 22, "B": 50, "C": 12, "D": 24, "E": 30, "F": 11, "G": 11, "H": 11, "I": 20, "J": 40}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    if figures is not None:
        _figures_sheet(workbook, figures)
    with atomic_path(target) as partial:
        workbook.save(partial)
    return len(rows)


def _figures_sheet(workbook: Any, figures: MediaFigures) -> None:
    sheet = workbook.create_sheet(_("Figures {year}").format(year=figures.year)[:31])
    months = babel_locale().months["stand-alone"]["abbreviated"]
    header = [_("Kind"), *(str(months[month]) for month in range(1, 13)), _("Total")]
    sheet.append([_("Items out (sent or published)")])
    sheet.append(header)
    for row in figures.kinds:
        sheet.append([_(MEDIA_ITEM_KIND_LABELS[row.kind]), *row.out, row.out_total])
    sheet.append([_("Total"), *figures.month_totals("out"), sum(figures.month_totals("out"))])
    sheet.append([])
    sheet.append([_("Published")])
    sheet.append(header)
    for row in figures.kinds:
        sheet.append([_(MEDIA_ITEM_KIND_LABELS[row.kind]), *row.published, row.published_total])
    sheet.append([_("Total"), *figures.month_totals("published"), sum(figures.month_totals("published"))])
    sheet.column_dimensions["A"].width = 26
