"""Health check of a database: integrity, foreign keys, encryption pages, schema, derived indexes.

A damaged file must be reported, not crash the check: SQLite raises on the first read of a damaged page, so every
check runs on its own and a check that cannot read the file fails with that reason. The encrypted-pages check
comes first and names the damaged pages, because it reads every page without stopping at the first bad one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from db.core import migrate
from db.core.database import Database, open_database
from db.core.errors import CorruptDatabaseError, KansliError
from db.core.i18n import _
from db.core.keys import DataKey

_PAGE_NUMBER = re.compile(r"page (\d+)")
_PAGES_LISTED = 10


@dataclass(frozen=True)
class HealthCheck:
    """One check and what it found; ``ok`` is False when something is wrong."""

    name: str
    ok: bool
    detail: str


def check_database_file(path: Path, key: DataKey) -> list[HealthCheck]:
    """Open ``path`` for reading only and check it; a file too damaged to open still gets its pages checked.

    Raises:
        KansliError: when the file cannot be checked at all (missing, wrong key, not Kansli's, too new).
    """
    try:
        database = open_database(path, key, read_only=True)
    except CorruptDatabaseError as error:
        return [HealthCheck(_("Integrity"), False, str(error)), _check_pages_of_file(path, key)]
    try:
        return check_database(database)
    finally:
        database.close()


def check_database(database: Database) -> list[HealthCheck]:
    """Run every check (read-only) and return the results in order."""
    with database.engine.connect() as connection:
        return [
            _run(_("Encrypted pages"), lambda: _pages(connection)),
            _run(_("Integrity"), lambda: _integrity(connection)),
            _run(_("Foreign keys"), lambda: _foreign_keys(connection)),
            _run(_("Schema version"), lambda: _schema(connection)),
            _run(_("Search index"), lambda: _search_index(connection)),
        ]


def _run(name: str, check: Callable[[], tuple[bool, str]]) -> HealthCheck:
    try:
        ok, detail = check()
    except KansliError as error:  # a damaged page or an unreadable disk, explained by the engine
        return HealthCheck(name, False, str(error))
    except DBAPIError as error:
        return HealthCheck(name, False, str(error.orig))
    return HealthCheck(name, ok, detail)


def _damaged_pages(messages: list[str]) -> tuple[bool, str]:
    if not messages:
        return True, _("ok")
    pages = [match.group(1) for message in messages if (match := _PAGE_NUMBER.search(message))]
    detail = _("{count} damaged pages").format(count=len(messages))
    if pages:
        listed = ", ".join(pages[:_PAGES_LISTED]) + (", …" if len(pages) > _PAGES_LISTED else "")
        detail += f" ({listed})"
    return False, detail


def _pages(connection: Connection) -> tuple[bool, str]:
    return _damaged_pages([str(row[0]) for row in connection.execute(text("PRAGMA cipher_integrity_check"))])


def _check_pages_of_file(path: Path, key: DataKey) -> HealthCheck:
    """Check the encrypted pages of a file that cannot be opened as a database, with a bare connection."""
    # Imported here: backup imports this module's neighbours, and only a damaged file needs it.
    from db.core.backup import keyed_connection

    connection = keyed_connection(path.expanduser().resolve(), key)
    try:
        ok, detail = _damaged_pages([str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")])
    finally:
        connection.close()
    return HealthCheck(_("Encrypted pages"), ok, detail)


def _integrity(connection: Connection) -> tuple[bool, str]:
    integrity = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
    return integrity == ["ok"], _("ok") if integrity == ["ok"] else "; ".join(integrity[:5])


def _foreign_keys(connection: Connection) -> tuple[bool, str]:
    orphans = connection.execute(text("PRAGMA foreign_key_check")).all()
    if not orphans:
        return True, _("ok")
    tables = sorted({str(row[0]) for row in orphans})
    return False, _("{count} rows point to missing rows in {tables}").format(
        count=len(orphans), tables=", ".join(tables)
    )


def _schema(connection: Connection) -> tuple[bool, str]:
    revision = migrate.current_revision(connection)
    head = migrate.head_revision()
    if revision == head:
        return True, str(revision)
    return False, _("{found}, expected {expected}").format(found=revision, expected=head)


def _search_index(connection: Connection) -> tuple[bool, str]:
    live = connection.execute(text("SELECT count(*) FROM member WHERE deleted_at IS NULL")).scalar_one()
    indexed = connection.execute(
        text("SELECT count(*) FROM member_search s JOIN member m ON m.id = s.member_id WHERE m.deleted_at IS NULL")
    ).scalar_one()
    # The FTS table reads its text from member_search; its own rows are counted in the docsize shadow table.
    in_fts = connection.execute(text("SELECT count(*) FROM member_search_fts_docsize")).scalar_one()
    rows = connection.execute(text("SELECT count(*) FROM member_search")).scalar_one()
    if live == indexed and in_fts == rows:
        return True, _("ok")
    return False, _("{indexed} of {live} members indexed").format(indexed=indexed, live=live)
