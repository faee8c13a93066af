"""The shape of the annual conference report: sections of key figures, tables and a chart, as plain data.

The PDF (``reports.annual``) and the workbook (``db.annual.workbook``) are drawn from the same sections, so the two
always say the same. Texts the program words are English source messages (:class:`Msg`), translated when shown;
names the user typed (branches, bodies, campaigns) are plain strings and stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from db.core.i18n import translator


class Msg(str):
    """A cell or label that is an English source message, translated into the report's language when shown."""

    __slots__ = ()


Cell = str | int | float | date | None


@dataclass(frozen=True)
class Figure:
    label: Msg
    value: int | float | str
    percent: bool = False  # a share between 0 and 1, shown as %


@dataclass(frozen=True)
class Table:
    title: Msg
    headings: tuple[Msg, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None  # a last row in bold


@dataclass(frozen=True)
class Chart:
    """Bars by category, one series or two side by side."""

    title: Msg
    categories: tuple[str, ...]  # names (or Msg)
    series: tuple[tuple[Msg, tuple[float, ...]], ...]


@dataclass(frozen=True)
class Section:
    key: str  # "members", "branches" …: the workbook's sheet is named after the translated title
    title: Msg
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    note: Msg | None = None  # how the figures were counted


@dataclass(frozen=True)
class AnnualReport:
    district: str
    start: date
    end: date
    sections: Sequence[Section] = field(default_factory=tuple)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def shown(value: object, language: str) -> object:
    """A cell as the report shows it: messages translated, the rest as they are."""
    if isinstance(value, Msg):
        return translator(language).gettext(str(value))
    return value


def figure_value(section: Section, label: str) -> int | float | str:
    """The value of the key figure ``label`` (its English message) in ``section``."""
    return next(figure.value for figure in section.figures if figure.label == label)
