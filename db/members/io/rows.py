"""Turning the cells of one row into checked values: names, dates, years, phones, e-mail, language, kind.

A row is parsed without the database; whether it adds a member or updates one, and whether it repeats somebody
already in the register, is decided afterwards (``db.members.io.plan``). Every cell that cannot be read gives a
:class:`RowProblem` naming the column as written in the file.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from db.core.district import Country
from db.core.errors import ValidationError
from db.core.i18n import _
from db.members.io.headers import KIND_VALUES, LANGUAGE_VALUES, ColumnPlan, Field, header_key
from db.members.io.reader import Cell, SourceRow
from db.members.io.report import RowProblem
from db.members.models import ContactKind, MemberLanguage, MembershipKind
from db.members.records import ContactData
from db.members.validation import check_birth_year, clean_name, normalize_email, normalize_phone

_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_YEAR = re.compile(r"\d{4}")
_EARLIEST_YEAR = 1880
_T = TypeVar("_T")
# Keys of ParsedRow.details, as plain text (an enum's .value costs a call each time).
_BIRTH_YEAR = Field.BIRTH_YEAR.value
_LANGUAGE = Field.LANGUAGE.value
_NOTES = Field.NOTES.value

# Column widths of the register (SQLite does not enforce them; PostgreSQL at the central office does).
_MAX_LENGTH = {
    Field.MEMBER_NUMBER: 40,
    Field.STREET: 200,
    Field.CO_LINE: 200,
    Field.POSTAL_CODE: 20,
    Field.CITY: 100,
    Field.BRANCH: 200,
}

# Person fields besides the names and the member number, as ``Member`` attributes.
DETAIL_FIELDS = (
    Field.BIRTH_YEAR,
    Field.LANGUAGE,
    Field.STREET,
    Field.CO_LINE,
    Field.POSTAL_CODE,
    Field.CITY,
    Field.NOTES,
)


@dataclass(slots=True)
class ParsedRow:
    """The readable values of one row; a field is None (or absent from ``details``) when its cell is empty."""

    line: int
    kansli_id: uuid.UUID | None = None
    member_number: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    contacts: list[ContactData] = field(default_factory=list)
    branch: str | None = None
    kind: MembershipKind | None = None
    joined_on: date | None = None


def _text(value: Cell) -> str:
    return value.isoformat() if isinstance(value, date) else value


def _single_line(value: Cell, field_: Field) -> str:
    text = " ".join(_text(value).split())
    limit = _MAX_LENGTH.get(field_)
    if limit is not None and len(text) > limit:
        raise ValidationError(field_.value, _("The text is longer than {limit} characters.").format(limit=limit))
    return text


def parse_date(value: Cell, today: date) -> date:
    """Read a date written 1.3.2024, 01.03.2024 or 2024-03-01 (or a date cell of a workbook).

    Raises:
        ValidationError: when the text is not a date, or not a plausible one.
    """
    if isinstance(value, date):
        result = value
    else:
        text = value.strip()
        dotted = _DOTTED_DATE.fullmatch(text)
        iso = None if dotted else _ISO_DATE.fullmatch(text)
        try:
            if dotted:
                result = date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
            elif iso:
                result = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            else:
                raise ValueError(text)
        except ValueError:
            raise ValidationError(
                "date", _("“{value}” is not a date (write dates as 1.3.2024 or 2024-03-01).").format(value=text)
            ) from None
    # A membership may begin a little ahead (an accepted application), but not in another century.
    if result.year < _EARLIEST_YEAR or result > today + timedelta(days=366):
        raise ValidationError("date", _("The date {value} is not possible.").format(value=_text(value).strip()))
    return result


def parse_birth_year(value: Cell, today: date) -> int:
    """Read a birth year: four digits, or the year of a birth date.

    Raises:
        ValidationError: when it is neither, or the year cannot be right.
    """
    if isinstance(value, date):
        year = value.year
    else:
        text = value.strip()
        if _YEAR.fullmatch(text):
            year = int(text)
        elif _DOTTED_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text):
            year = parse_date(text, today).year
        else:
            raise ValidationError(
                "birth_year",
                _("“{value}” is not a birth year (four digits, for example 1975).").format(value=text),
            )
    checked = check_birth_year(year, today)
    assert checked is not None
    return checked


def parse_language(value: Cell) -> MemberLanguage:
    """Read a member's language: Finnish or Swedish in any of the three languages, anything else is other."""
    return LANGUAGE_VALUES.get(header_key(_text(value)), MemberLanguage.OTHER)


def parse_kind(value: Cell) -> MembershipKind:
    """Read the kind of membership (member or supporter in Finnish, Swedish or English).

    Raises:
        ValidationError: for any other word.
    """
    kind = KIND_VALUES.get(header_key(_text(value)))
    if kind is None:
        raise ValidationError(
            "kind",
            _(
                "“{value}” is not a kind of membership; write member or supporter "
                "(jäsen or kannattaja, medlem or stödmedlem)."
            ).format(value=_text(value).strip()),
        )
    return kind


def _parse_kansli_id(value: Cell) -> uuid.UUID:
    try:
        return uuid.UUID(_text(value).strip())
    except ValueError:
        raise ValidationError("kansli_id", _("“{value}” is not a Kansli ID.").format(value=_text(value))) from None


def _text_setter(field_: Field) -> Callable[[ParsedRow, Cell], None]:
    name = field_.value

    def set_text(parsed: ParsedRow, value: Cell) -> None:
        parsed.details[name] = _single_line(value, field_)

    return set_text


def _memoized(read: Callable[[Cell], _T]) -> Callable[[Cell], _T]:
    """Remember what ``read`` made of each value it accepted (a refused value is read, and refused, again)."""
    known: dict[Cell, _T] = {}

    def lookup(value: Cell) -> _T:
        try:
            return known[value]
        except KeyError:
            result = known[value] = read(value)
            return result

    return lookup


class RowParser:
    """Parses the rows of one file, with the file's columns and the district's phone numbering."""

    def __init__(self, columns: ColumnPlan, country: Country, today: date) -> None:
        self._columns = columns
        self._headers = columns.headers
        self._country = country
        self._today = today
        # A column of 100 000 rows holds a few languages and kinds and a few thousand dates: read each once.
        self._language = _memoized(parse_language)
        self._kind = _memoized(parse_kind)
        self._date = _memoized(lambda value: parse_date(value, today))
        self._birth_year = _memoized(lambda value: parse_birth_year(value, today))
        setters: dict[Field, Callable[[ParsedRow, Cell], None]] = {
            Field.KANSLI_ID: self._set_kansli_id,
            Field.MEMBER_NUMBER: self._set_member_number,
            Field.FIRST_NAME: self._set_first_name,
            Field.LAST_NAME: self._set_last_name,
            Field.BIRTH_YEAR: self._set_birth_year,
            Field.LANGUAGE: self._set_language,
            Field.STREET: _text_setter(Field.STREET),
            Field.CO_LINE: _text_setter(Field.CO_LINE),
            Field.POSTAL_CODE: _text_setter(Field.POSTAL_CODE),
            Field.CITY: _text_setter(Field.CITY),
            Field.NOTES: self._set_notes,
            Field.BRANCH: self._set_branch,
            Field.KIND: self._set_kind,
            Field.JOINED_ON: self._set_joined_on,
        }
        setters[Field.PHONE] = self._contact_setter(ContactKind.PHONE)
        setters[Field.EMAIL] = self._contact_setter(ContactKind.EMAIL)
        # (column index, header, setter) of every column read, in file order, so problems come in that order.
        self._readers: list[tuple[int, str, Callable[[ParsedRow, Cell], None]]] = sorted(
            (
                (index, self._headers[index], setters[field_])
                for field_, indexes in columns.columns.items()
                for index in indexes
            ),
            key=lambda entry: entry[0],
        )

    def _contact_setter(self, kind: ContactKind) -> Callable[[ParsedRow, Cell], None]:
        country = self._country

        def add_contact(parsed: ParsedRow, value: Cell) -> None:
            text = _text(value)
            normalized = normalize_phone(text, country) if kind == ContactKind.PHONE else normalize_email(text)
            contact = ContactData(kind, normalized)
            if contact not in parsed.contacts:
                parsed.contacts.append(contact)

        return add_contact

    def parse(self, row: SourceRow) -> tuple[ParsedRow, list[RowProblem]]:
        """Read one row; cells that cannot be read are left out of the result and reported as problems."""
        cells = row.cells
        width = len(cells)
        parsed = ParsedRow(row.line)
        problems: list[RowProblem] = []
        if width > len(self._headers) and any(_text(cell).strip() for cell in cells[len(self._headers) :]):
            problems.append(
                RowProblem(
                    row.line,
                    None,
                    None,
                    _("The line has {cells} cells but the header line only {columns}; is a separator missing?").format(
                        cells=width, columns=len(self._headers)
                    ),
                )
            )
        for index, header, setter in self._readers:
            value = cells[index] if index < width else ""
            if isinstance(value, str) and not value.strip():
                continue
            try:
                setter(parsed, value)
            except ValidationError as error:
                problems.append(RowProblem(row.line, header, _text(value).strip(), str(error)))
        return parsed, problems

    def _set_kansli_id(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.kansli_id = _parse_kansli_id(value)

    def _set_member_number(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.member_number = _single_line(value, Field.MEMBER_NUMBER)

    def _set_first_name(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.first_name = clean_name(_text(value), "first_name")

    def _set_last_name(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.last_name = clean_name(_text(value), "last_name")

    def _set_birth_year(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.details[_BIRTH_YEAR] = self._birth_year(value)

    def _set_language(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.details[_LANGUAGE] = self._language(value)

    def _set_notes(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.details[_NOTES] = _text(value).strip()

    def _set_branch(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.branch = _single_line(value, Field.BRANCH)

    def _set_kind(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.kind = self._kind(value)

    def _set_joined_on(self, parsed: ParsedRow, value: Cell) -> None:
        parsed.joined_on = self._date(value)
