"""Writing the files import and export leave behind: CSV for Excel in Finland and Sweden, XLSX, atomically.

A half-written member list is worse than none, so every file is written to a temporary file beside its target
(created readable by the owner only: it holds personal data) and renamed over it when complete
(:func:`db.core.files.atomic_path`). Nothing is written to the system's temporary folder: a member list left there
by a crash would be personal data in plaintext in a place nobody looks.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from db.core.files import atomic_path

__all__ = ["CSV_ENCODING", "CSV_SEPARATOR", "CellValue", "atomic_path", "dotted_date", "write_csv", "write_xlsx"]

CSV_SEPARATOR = ";"  # what Excel expects in the Finnish and Swedish locales, where "," is the decimal mark
CSV_ENCODING = "utf-8-sig"  # the BOM tells Excel the file is UTF-8, so ä, ö and å survive

CellValue = str | int | date | None


def dotted_date(value: date) -> str:
    """Write a date as Finns and Finland-Swedes do: 1.3.2024."""
    return f"{value.day}.{value.month}.{value.year}"


def write_csv(
    target: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    date_text: Callable[[date], str] = dotted_date,
) -> int:
    """Write a CSV file for Excel (UTF-8 with BOM, ``;``); return the number of rows written.

    Args:
        target: the file to write (replaced only when complete).
        header: the header line.
        rows: the rows; None is an empty cell.
        date_text: how dates are written (1.3.2024 unless told otherwise).
    """
    count = 0
    with atomic_path(target) as partial, partial.open("w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                ["" if value is None else date_text(value) if isinstance(value, date) else value for value in row]
            )
            count += 1
    return count


def write_xlsx(target: Path, header: Sequence[str], rows: Iterable[Sequence[CellValue]], sheet_title: str) -> int:
    """Write a one-sheet workbook, dates as date cells and everything else as text; return the number of rows."""
    # Imported lazily: only XLSX exports pay for loading openpyxl.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    count = 0
    with atomic_path(target) as partial, _sheet_rows_beside(sheet, partial):
        sheet.append(list(header))
        for row in rows:
            cells: list[object] = []
            for value in row:
                if isinstance(value, date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "d.m.yyyy"
                    cells.append(cell)
                elif value is None:
                    cells.append(None)
                else:
                    # Everything stays text: a member number or phone must not lose its leading zero or "+".
                    text = str(value)
                    if text.startswith("="):
                        # openpyxl would store it as a formula, which Excel would run.
                        cell = WriteOnlyCell(sheet, value=text)
                        cell.data_type = "s"
                        cells.append(cell)
                    else:
                        cells.append(text)
            sheet.append(cells)
            count += 1
        workbook.save(partial)
    return count


@contextlib.contextmanager
def _sheet_rows_beside(sheet: Any, partial: Path) -> Iterator[None]:
    """Make a write-only sheet keep its rows in a file beside the export instead of in the temporary folder.

    openpyxl streams the rows of a write-only sheet into a NamedTemporaryFile in the system's temporary folder
    and deletes it only when the workbook is saved or the program exits normally: a crash or a kill would leave
    the member list there in plaintext. Handing the sheet a writer of our own (what ``_get_writer`` would make,
    with a file we chose: owner-only, beside the export, removed whatever happens) keeps it out of there.
    """
    from openpyxl.worksheet import _writer as sheet_writer

    scratch = partial.with_name(partial.name + ".sheet")
    os.close(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    # openpyxl's own cleanup after saving removes the file and its entry in this list.
    sheet_writer.ALL_TEMP_FILES.append(str(scratch))
    try:
        sheet._writer = sheet_writer.WorksheetWriter(sheet, out=str(scratch))
        sheet._writer.write_top()
        yield
    finally:
        if not sheet.closed:
            # Close the streams (and the file handle) of a sheet an error left unfinished, rows first.
            for stream in (sheet._rows, sheet._writer.xf):
                if stream is not None:
                    with contextlib.suppress(Exception):
                        stream.close()
        scratch.unlink(missing_ok=True)
        with contextlib.suppress(ValueError):
            sheet_writer.ALL_TEMP_FILES.remove(str(scratch))
