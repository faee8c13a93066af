"""The annual report as a workbook: one sheet per section, its key figures first and then its tables.

Numbers stay numbers (so the office can sum and chart them), shares are fractions shown as percentages, dates are
date cells; texts the program words are in the report's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.annual.shape import AnnualReport, Section, shown
from db.core.files import atomic_path
from db.core.i18n import translator

_SHEET_NAME_LIMIT = 31  # Excel's limit
_FORBIDDEN = str.maketrans({character: " " for character in "[]:*?/\\"})


def _sheet_name(title: str, taken: set[str]) -> str:
    name = title.translate(_FORBIDDEN).strip()[:_SHEET_NAME_LIMIT] or "Sheet"
    candidate, counter = name, 2
    while candidate.lower() in taken:
        suffix = f" {counter}"
        candidate, counter = name[: _SHEET_NAME_LIMIT - len(suffix)] + suffix, counter + 1
    taken.add(candidate.lower())
    return candidate


def write_annual_workbook(report: AnnualReport, target: Path, language: str) -> int:
    """Write the report to ``target`` (.xlsx); return the number of sheets."""
    from openpyxl import Workbook  # imported here: only this export pays for loading openpyxl
    from openpyxl.styles import Font

    _ = translator(language).gettext
    workbook = Workbook()
    first = workbook.active
    first.title = _("Period")[:_SHEET_NAME_LIMIT]
    first.append([_("Annual conference report"), report.district])
    first.append([_("From"), report.start])
    first.append([_("To"), report.end])
    first["A1"].font = Font(bold=True)
    for row in (2, 3):
        first[f"B{row}"].number_format = "d.m.yyyy"
    taken = {first.title.lower()}
    for section in report.sections:
        _write_section(workbook.create_sheet(_sheet_name(_(section.title), taken)), section, language, Font)
    with atomic_path(target) as partial:
        workbook.save(partial)
    return 1 + len(report.sections)


def _write_section(sheet: Any, section: Section, language: str, font: Any) -> None:
    _ = translator(language).gettext
    sheet.append([_(section.title)])
    sheet.cell(row=sheet.max_row, column=1).font = font(bold=True, size=13)
    for figure in section.figures:
        sheet.append([_(figure.label), figure.value])
        if figure.percent:
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.0%"
    for table in section.tables:
        sheet.append([])
        sheet.append([_(table.title)])
        sheet.cell(row=sheet.max_row, column=1).font = font(bold=True)
        sheet.append([_(heading) for heading in table.headings])
        for column in range(1, len(table.headings) + 1):
            sheet.cell(row=sheet.max_row, column=column).font = font(bold=True)
        for row in (*table.rows, *((table.total,) if table.total else ())):
            sheet.append([_cell(value, language) for value in row])
            for column, value in enumerate(row, 1):
                if isinstance(value, float) and 0 <= value <= 1 and not isinstance(value, bool):
                    sheet.cell(row=sheet.max_row, column=column).number_format = "0.0%"
        if table.total:
            for column in range(1, len(table.total) + 1):
                sheet.cell(row=sheet.max_row, column=column).font = font(bold=True)
    if section.note:
        sheet.append([])
        sheet.append([_(section.note)])
    sheet.column_dimensions["A"].width = 42


def _cell(value: object, language: str) -> object:
    value = shown(value, language)
    if value is None:
        return None
    return value
