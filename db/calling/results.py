"""Results typed into a spreadsheet (sheet, row, code, answers) and read in at once, all or nothing.

A volunteer may type their sheet into a spreadsheet instead of returning the paper. Every line is checked the way
the entry view checks a row; one bad line refuses the whole file with line-numbered reasons, like the member
import, and the database stays as it was.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.calling.entry import RowEntry, enter_row
from db.calling.models import CallSheet, Campaign
from db.calling.sheets import SheetNotFoundError, sheet_by_number
from db.core.database import Database
from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, Label, _, ngettext
from db.members.io.headers import header_key
from db.members.io.reader import Cell, read_table
from db.members.io.rows import parse_date

_ALIASES = {
    "sheet": ("sheet", "sheetnumber", "soittolista", "lista", "listanumero", "arkki", "ringlista", "blad"),
    "row": ("row", "rownumber", "rivi", "rad", "nr", "no"),
    "code": ("code", "outcome", "koodi", "tulos", "kod", "resultat", "utfall"),
    "call_back": ("callback", "callbackafter", "soitamyohemmin", "soitauudelleen", "ringsenare", "ringtillbaka"),
    "note": ("note", "notes", "muistiinpano", "muistiinpanot", "huom", "anteckning", "anteckningar"),
    "message": ("message", "messagetoombudsman", "viesti", "meddelande"),
    "called_on": ("date", "called", "calledon", "pvm", "paiva", "paivamaara", "soitettu", "datum", "ringd"),
}
_QUESTION = re.compile(r"^(?:q|k|f|question|kysymys|fraga)(\d{1,2})$")


@dataclass(frozen=True)
class ResultProblem:
    line: int
    reason: str


@dataclass
class ResultsReport:
    entered: int = 0
    problems: list[ResultProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


class ResultsRefusedError(KansliError):
    """Nothing was entered: lines have errors."""

    def __init__(self, report: ResultsReport) -> None:
        count = len({problem.line for problem in report.problems})
        super().__init__(
            ngettext(
                "Nothing was entered: {count} line has errors.",
                "Nothing was entered: {count} lines have errors.",
                count,
            ).format(count=count)
        )
        self.report = report


class NoOpenCampaignError(KansliError):
    pass


def _columns(headers: tuple[str, ...]) -> tuple[dict[str, int], dict[int, int], list[str]]:
    fields: dict[str, int] = {}
    questions: dict[int, int] = {}
    unknown: list[str] = []
    lookup = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
    for index, header in enumerate(headers):
        key = header_key(header)
        question = _QUESTION.match(key)
        if question:
            questions[int(question.group(1))] = index
        elif key in lookup and lookup[key] not in fields:
            fields[lookup[key]] = index
        elif header.strip():
            unknown.append(header)
    missing = [name for name in ("sheet", "row", "code") if name not in fields]
    if missing:
        raise KansliError(
            _("The file lacks the columns sheet, row and code (found: {headers}).").format(
                headers=", ".join(headers) or "–"
            )
        )
    return fields, questions, unknown


def _text(cells: tuple[Cell, ...], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return value.strftime("%d.%m.%Y") if isinstance(value, date) else str(value).strip()


def _optional_date(cells: tuple[Cell, ...], index: int | None, today: date) -> date | None:
    if index is None or index >= len(cells) or not _text(cells, index):
        return None
    return parse_date(cells[index], today)


def _number(text: str, what: str) -> int:
    cleaned = text.strip()
    if cleaned.endswith(".0"):  # a spreadsheet's number read as text
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        message = _("“{value}” is not a sheet number.") if what == "sheet" else _("“{value}” is not a row number.")
        raise ValidationError(what, message.format(value=text))
    return int(cleaned)


def choose_campaign_for_results(session: Session) -> uuid.UUID:
    """The one open campaign with sheets, when a file does not say which campaign it belongs to."""
    rows = session.execute(
        select(Campaign.id)
        .join(CallSheet, CallSheet.campaign_id == Campaign.id)
        .where(Campaign.closed_on.is_(None), Campaign.deleted_at.is_(None), CallSheet.deleted_at.is_(None))
        .distinct()
    ).all()
    if len(rows) != 1:
        raise NoOpenCampaignError(
            _("Say which campaign the results belong to (--campaign); {count} open campaigns have sheets.").format(
                count=len(rows)
            )
        )
    return uuid.UUID(str(rows[0][0]))


def import_results(database: Database, path: Path, campaign_id: uuid.UUID | None, today: date) -> ResultsReport:
    """Enter every line of ``path`` in one transaction, or none of them.

    Raises:
        ResultsRefusedError: some lines have errors (listed in its report); nothing was entered.
        KansliError: the file cannot be read, or lacks the sheet, row and code columns.
    """
    table = read_table(path)
    fields, questions, unknown = _columns(table.headers)
    report = ResultsReport(unknown_columns=unknown)
    with database.transaction(Label(N_("Enter call results from {file}"), file=path.name)) as session:
        campaign = campaign_id or choose_campaign_for_results(session)
        sheets: dict[int, CallSheet] = {}
        for source in table.rows:
            cells = source.cells
            nested = session.begin_nested()  # a bad line's partial writes go, the lines before it stay checked
            try:
                number = _number(_text(cells, fields["sheet"]), "sheet")
                if number not in sheets:
                    sheets[number] = sheet_by_number(session, campaign, number)
                row = _number(_text(cells, fields["row"]), "row")
                entry = RowEntry(
                    code=_text(cells, fields["code"]),
                    answers={number: _text(cells, index) for number, index in questions.items()},
                    call_back_after=_optional_date(cells, fields.get("call_back"), today),
                    note=_text(cells, fields.get("note")),
                    message=_text(cells, fields.get("message")),
                    called_on=_optional_date(cells, fields.get("called_on"), today),
                )
                enter_row(session, sheets[number], row, entry, today)
                nested.commit()
                report.entered += 1
            except (ValidationError, SheetNotFoundError) as error:
                nested.rollback()
                report.problems.append(ResultProblem(source.line, str(error)))
        if report.problems:
            raise ResultsRefusedError(report)
    return report
