"""Exporting members to a CSV file (for Excel in Finland and Sweden) or an Excel workbook.

The columns carry the headers of the import vocabulary in the chosen language, and the values (kind, language,
dates) are written as the importer reads them, so an exported file, edited or not, imports again and updates the
same members: the Kansli ID column finds members even when they have no member number yet.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select
from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.branches.operations import branch_names_by_key
from db.core.errors import KansliError
from db.core.i18n import LANGUAGES, _, current_language
from db.core.text import fold
from db.members.io.files import CellValue, dotted_date, write_csv, write_xlsx
from db.members.io.headers import EXPORT_FIELDS, EXPORT_HEADERS, EXPORT_KIND_VALUES, EXPORT_LANGUAGE_VALUES, Field
from db.members.listing import summary_select
from db.members.models import Member, MemberLanguage, MembershipKind

log = logging.getLogger(__name__)

_FORMATS = (".csv", ".xlsx")
_ID_BATCH = 500  # ids per query when exporting chosen members: well under SQLite's limit of bound parameters


def export_members(
    session: Session,
    path: Path,
    *,
    branch: str | None = None,
    language: str | None = None,
    today: date | None = None,
    member_ids: Sequence[uuid.UUID] | None = None,
    written_ids: list[uuid.UUID] | None = None,
) -> int:
    """Write the members of the register (not deleted ones) to a CSV or XLSX file, by the file's suffix.

    Each line holds a member's current membership and first usable phone number (E.164) and e-mail address.
    The file is written to a temporary file and renamed, so a failed export leaves no half-written file.

    Args:
        session: a session to read with.
        path: the file to write; ``.csv`` (UTF-8 with BOM, ``;``) or ``.xlsx``.
        branch: only members whose current membership is in this branch (matched regardless of case, spaces
            and diacritics).
        language: the language of headers and values (fi, sv or en); by default the program's language.
        today: the day the current membership is chosen by (today by default).
        member_ids: only these members, in this order (the order of the list the user sees); ids of deleted or
            unknown members are skipped, and an id given twice is written once. With ``branch`` too, only those
            of them in that branch.
        written_ids: when given, the id of each member written is appended to it, so the caller can log who the
            file carries (the export log of :mod:`db.privacy.export_log`).

    Returns:
        The number of members written.

    Raises:
        KansliError: for an unknown branch, a suffix other than .csv or .xlsx, or a file that cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise KansliError(
            _("Members can be exported to .csv and .xlsx files; “{name}” is neither.").format(name=path.name)
        )
    if not path.parent.is_dir():
        raise KansliError(_("There is no folder {path}.").format(path=path.parent))
    language = language or current_language()
    if language not in LANGUAGES:
        raise KansliError(_("“{language}” is not a language of Kansli (fi, sv, en).").format(language=language))
    statement = _export_select(session, today or date.today(), branch)
    header = [EXPORT_HEADERS[language][field] for field in EXPORT_FIELDS]
    rows = _rows(session, statement, language, member_ids, written_ids)
    if suffix == ".xlsx":
        count = write_xlsx(path, header, rows, sheet_title=_("Members"))
    else:
        count = write_csv(path, header, rows, date_text=date.isoformat if language == "en" else dotted_date)
    log.info("member export: %d rows written (%s)", count, suffix)
    return count


def _export_select(session: Session, today: date, branch: str | None) -> Select[Any]:
    statement = summary_select(today).add_columns(
        Member.street,
        Member.co_line,
        Member.postal_code,
        Member.birth_year,
        Member.language.label("member_language"),
        Member.notes,
    )
    if branch is not None and branch.strip():
        branch_id = branch_names_by_key(session).get(fold(branch))
        if branch_id is None:
            raise KansliError(_("There is no branch called {name}.").format(name=branch.strip()))
        statement = statement.where(Branch.id == branch_id)
    return statement.order_by(Member.last_name, Member.first_name, Member.id)


def _chosen_rows(session: Session, statement: Select[Any], member_ids: Sequence[uuid.UUID]) -> Iterator[Row[Any]]:
    """Yield the rows of ``member_ids`` in their order, a batch of ids per query."""
    wanted = list(dict.fromkeys(member_ids))
    for start in range(0, len(wanted), _ID_BATCH):
        batch = wanted[start : start + _ID_BATCH]
        found = {row.id: row for row in session.execute(statement.where(Member.id.in_(batch)))}
        yield from (found[member_id] for member_id in batch if member_id in found)


def _rows(
    session: Session,
    statement: Select[Any],
    language: str,
    member_ids: Sequence[uuid.UUID] | None = None,
    written_ids: list[uuid.UUID] | None = None,
) -> Iterator[list[CellValue]]:
    kinds = EXPORT_KIND_VALUES[language]
    languages = EXPORT_LANGUAGE_VALUES[language]
    selected: Iterable[Row[Any]]
    if member_ids is None:
        # Streamed in batches, so 100 000 members do not sit in memory at once.
        selected = session.execute(statement.execution_options(yield_per=2000))
    else:
        selected = _chosen_rows(session, statement, member_ids)
    for row in selected:
        values: dict[Field, CellValue] = {
            Field.MEMBER_NUMBER: row.member_number,
            Field.FIRST_NAME: row.first_name,
            Field.LAST_NAME: row.last_name,
            Field.EMAIL: row.email,
            Field.PHONE: row.phone,
            Field.STREET: row.street,
            Field.CO_LINE: row.co_line,
            Field.POSTAL_CODE: row.postal_code,
            Field.CITY: row.city,
            Field.BRANCH: row.branch_name,
            Field.KIND: kinds[MembershipKind(row.kind)] if row.kind else None,
            Field.JOINED_ON: row.joined_on,
            Field.BIRTH_YEAR: row.birth_year,
            Field.LANGUAGE: languages[MemberLanguage(row.member_language)],
            Field.NOTES: row.notes,
            Field.KANSLI_ID: str(row.id),
        }
        if written_ids is not None:
            written_ids.append(row.id)
        yield [values[field] for field in EXPORT_FIELDS]
