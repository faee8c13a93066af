"""Health check of an open database: integrity, foreign keys, encryption pages, schema, derived indexes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from db.core import migrate
from db.core.database import Database
from db.core.i18n import _


@dataclass(frozen=True)
class HealthCheck:
    """One check and what it found; ``ok`` is False when something is wrong."""

    name: str
    ok: bool
    detail: str


def check_database(database: Database) -> list[HealthCheck]:
    """Run every check (read-only) and return the results in order."""
    results: list[HealthCheck] = []
    with database.engine.connect() as connection:
        integrity = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
        results.append(
            HealthCheck(
                _("Integrity"), integrity == ["ok"], _("ok") if integrity == ["ok"] else "; ".join(integrity[:5])
            )
        )
        cipher = [row[0] for row in connection.execute(text("PRAGMA cipher_integrity_check"))]
        results.append(
            HealthCheck(
                _("Encrypted pages"),
                not cipher,
                _("ok") if not cipher else _("{count} damaged pages").format(count=len(cipher)),
            )
        )
        orphans = connection.execute(text("PRAGMA foreign_key_check")).all()
        tables = sorted({str(row[0]) for row in orphans})
        results.append(
            HealthCheck(
                _("Foreign keys"),
                not orphans,
                _("ok")
                if not orphans
                else _("{count} rows point to missing rows in {tables}").format(
                    count=len(orphans), tables=", ".join(tables)
                ),
            )
        )
        revision = migrate.current_revision(connection)
        head = migrate.head_revision()
        results.append(
            HealthCheck(
                _("Schema version"),
                revision == head,
                str(revision)
                if revision == head
                else _("{found}, expected {expected}").format(found=revision, expected=head),
            )
        )
        live = connection.execute(text("SELECT count(*) FROM member WHERE deleted_at IS NULL")).scalar_one()
        indexed = connection.execute(
            text("SELECT count(*) FROM member_search s JOIN member m ON m.id = s.member_id WHERE m.deleted_at IS NULL")
        ).scalar_one()
        # The FTS table reads its text from member_search; its own rows are counted in the docsize shadow table.
        in_fts = connection.execute(text("SELECT count(*) FROM member_search_fts_docsize")).scalar_one()
        rows = connection.execute(text("SELECT count(*) FROM member_search")).scalar_one()
        index_ok = live == indexed and in_fts == rows
        results.append(
            HealthCheck(
                _("Search index"),
                index_ok,
                _("ok") if index_ok else _("{indexed} of {live} members indexed").format(indexed=indexed, live=live),
            )
        )
    return results
