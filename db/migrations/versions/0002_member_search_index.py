"""Member search index: an FTS5 trigram index over member_search.text, kept in step by triggers.

A fragment of three or more characters is then found without scanning the table. Existing search rows are
indexed by the final ``rebuild``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TRIGGERS = ("member_search_ai", "member_search_ad", "member_search_au")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's: a server store (the central office on PostgreSQL) has no member search window
    op.execute(
        "CREATE VIRTUAL TABLE member_search_fts USING fts5("
        "text, content='member_search', content_rowid='rowid', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER member_search_ai AFTER INSERT ON member_search BEGIN "
        "INSERT INTO member_search_fts(rowid, text) VALUES (new.rowid, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER member_search_ad AFTER DELETE ON member_search BEGIN "
        "INSERT INTO member_search_fts(member_search_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER member_search_au AFTER UPDATE ON member_search BEGIN "
        "INSERT INTO member_search_fts(member_search_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
        "INSERT INTO member_search_fts(rowid, text) VALUES (new.rowid, new.text); END"
    )
    op.execute("INSERT INTO member_search_fts(member_search_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS member_search_fts")
