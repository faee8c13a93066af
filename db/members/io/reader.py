"""Reading a member file (CSV or XLSX) into a header line and rows of cells, each with its line number.

CSV files come from Excel, LibreOffice, web forms and old registers, so the reader guesses what Excel users
cannot be asked about: the encoding (UTF-8 with or without BOM, UTF-16 from Excel's "Unicode text", else
Windows-1252) and the separator (``;`` as Excel writes in Finland and Sweden, ``,`` or tab).
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from db.core.errors import KansliError
from db.core.i18n import _

log = logging.getLogger(__name__)

Cell = str | date
"""A cell as read: text, or a date from a date cell of a workbook."""

_SEPARATORS = (";", "\t", ",")  # in order of preference when a header line holds as many of two
_EXCEL_SEPARATOR_LINE = re.compile(r"\s*sep=(.)\s*", re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class SourceRow:
    """One data row: the physical line (or worksheet row) it starts on, and its cells."""

    line: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A file's header line and data rows (rows whose cells are all empty are left out)."""

    headers: tuple[str, ...]
    header_line: int
    rows: list[SourceRow]


class UnreadableFileError(KansliError):
    """The file is missing, empty, or not a CSV file or Excel workbook."""


def read_table(path: Path) -> Table:
    """Read a CSV file or XLSX workbook (the first worksheet).

    Raises:
        UnreadableFileError: saying in plain words why the file cannot be read.
    """
    if not path.exists():
        raise UnreadableFileError(_("There is no file {path}.").format(path=path))
    if not path.is_file():
        raise UnreadableFileError(_("{path} is a folder, not a file.").format(path=path))
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as error:
        raise UnreadableFileError(
            _("The file {path} could not be read: {reason}").format(path=path, reason=error.strerror)
        ) from None
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UnreadableFileError(_("The file {path} is empty.").format(path=path))
    if head.startswith(_ZIP_MAGIC) or path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_workbook(path)
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            _("{path} is in the old Excel format (.xls); save it as .xlsx or CSV and import that.").format(path=path)
        )
    return _read_csv(path, path.read_bytes())


def _not_a_member_file(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        _("{path} is neither a CSV file nor an Excel workbook (.xlsx); Kansli cannot import it.").format(path=path)
    )


def _header(cells: Iterable[str]) -> tuple[str, ...]:
    """The header line without surrounding spaces and without the empty cells after the last header."""
    headers = [cell.strip() for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    return tuple(headers)


def decode_text(data: bytes, path: Path) -> str:
    """Decode a text file: UTF-16 by its BOM, else UTF-8 (BOM optional) if it decodes strictly, else cp1252."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_member_file(path) from None
    if b"\x00" in data:
        # Text files never hold NUL bytes; images, PDFs' binary streams and executables do.
        raise _not_a_member_file(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_a_member_file(path) from None


def _count_outside_quotes(line: str, separator: str) -> int:
    count = 0
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count


def detect_separator(header_line: str) -> str:
    """Return the separator of a CSV file from its header line: the one of ``;``, tab, ``,`` used most.

    Separators inside quoted headers do not count, and a file with a single column gets ``;`` (any choice
    reads it the same way).
    """
    counts = {separator: _count_outside_quotes(header_line, separator) for separator in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else _SEPARATORS[0]


def _first_record_text(text: str) -> str:
    """Return the text of the first non-blank record, joining lines a quoted header cell spans."""
    lines = (line.rstrip("\r\n") for line in io.StringIO(text, newline=""))
    for line in lines:
        if not line.strip():
            continue
        record = line
        while record.count('"') % 2:
            following = next(lines, None)
            if following is None:
                break
            record += "\n" + following
        return record
    return ""


def _read_csv(path: Path, data: bytes) -> Table:
    text = decode_text(data, path)
    first_line_end = text.find("\n")
    first_line = text if first_line_end < 0 else text[:first_line_end]
    lines_skipped = 0
    separator_line = _EXCEL_SEPARATOR_LINE.fullmatch(first_line.rstrip("\r"))
    if separator_line:
        # Excel's own hint ("sep=;") on the first line: take it, and count the line for line numbers.
        separator = separator_line.group(1)
        text = text[first_line_end + 1 :] if first_line_end >= 0 else ""
        lines_skipped = 1
    else:
        separator = detect_separator(_first_record_text(text))
    # Strict: an unclosed quotation mark would otherwise swallow the rest of the file into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=True)
    headers: tuple[str, ...] | None = None
    header_line = 0
    rows: list[SourceRow] = []
    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1 + lines_skipped
            previous_end = reader.line_num
            if not "".join(record).strip():
                continue
            if headers is None:
                headers, header_line = _header(record), start
            else:
                rows.append(SourceRow(start, tuple(record)))
    except csv.Error:
        raise UnreadableFileError(
            _(
                'Line {line} of {path} cannot be read: a quotation mark (") is not closed, '
                "or is followed by more text in the same cell."
            ).format(line=previous_end + 1 + lines_skipped, path=path)
        ) from None
    if headers is None:
        raise UnreadableFileError(_("The file {path} is empty.").format(path=path))
    return Table(headers, header_line, rows)


def _workbook_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        # Excel keeps every number as a float: member number 1234 must not come back as "1234.0".
        return str(int(value))
    return str(value)


def _not_a_workbook(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        _("{path} could not be read as an Excel workbook (.xlsx); it may be damaged or of another kind.").format(
            path=path
        )
    )


def _read_workbook(path: Path) -> Table:
    # Imported lazily: only XLSX imports pay for loading openpyxl.
    import openpyxl

    # openpyxl reads the file with zipfile, zlib and an XML parser, and a damaged or hostile file makes them raise
    # almost anything (ParseError, zlib.error, EOFError, NotImplementedError for an unknown compression, KeyError
    # for a missing part, …). Each means the same to the user: this is not a workbook Kansli can read. Only the
    # type is logged: the message may quote the file's contents.
    try:
        # A file handle, not the path: openpyxl judges a path by its suffix and would refuse a workbook saved as .csv.
        with path.open("rb") as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise UnreadableFileError(_("The file {path} is empty.").format(path=path))
                table = _first_sheet(workbook.worksheets[0])
            finally:
                workbook.close()
    except UnreadableFileError:
        raise
    except Exception as error:
        log.info("unreadable workbook: %s", type(error).__name__)
        raise _not_a_workbook(path) from None
    if table is None:
        raise UnreadableFileError(_("The file {path} is empty.").format(path=path))
    return table


def _first_sheet(sheet: Any) -> Table | None:
    # Some programs write a wrong sheet size; without this, read-only mode would cut the rows to it.
    sheet.reset_dimensions()
    headers: tuple[str, ...] | None = None
    header_line = 0
    rows: list[SourceRow] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = tuple(_workbook_cell(value) for value in values)
        if not any(isinstance(cell, date) or cell.strip() for cell in cells):
            continue
        if headers is None:
            headers, header_line = _header(str(cell) for cell in cells), number
        else:
            rows.append(SourceRow(number, cells))
    return None if headers is None else Table(headers, header_line, rows)
