"""Writing the files import and export leave behind: CSV for Excel in Finland and Sweden, XLSX, atomically.

A half-written member list is worse than none, so every file is written to a temporary file beside its target
(created readable by the owner only: it holds personal data) and renamed over it when complete.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from db.core.errors import KansliError
from db.core.i18n import _

CSV_SEPARATOR = ";"  # what Excel expects in the Finnish and Swedish locales, where "," is the decimal mark
CSV_ENCODING = "utf-8-sig"  # the BOM tells Excel the file is UTF-8, so ä, ö and å survive

CellValue = str | int | date | None


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Give a temporary path beside ``target``; when the block ends without error, move it onto ``target``.

    Raises:
        KansliError: when the folder cannot be written to.
    """
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise KansliError(
            _("{path} could not be written: {reason}").format(path=target, reason=error.strerror)
        ) from None
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, target)
    except OSError as error:
        raise KansliError(
            _("{path} could not be written: {reason}").format(path=target, reason=error.strerror)
        ) from None
    finally:
        partial.unlink(missing_ok=True)


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
    sheet.append(list(header))
    count = 0
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
    with atomic_path(target) as partial:
        workbook.save(partial)
    return count
