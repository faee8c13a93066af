"""Sort key of member names in Finnish/Swedish order (member_search.sort_key), filled for existing members.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# A copy of db.core.text.name_sort_key as it was when this migration was written: a migration must give the same
# result whatever the code later becomes.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"})
_NORDIC = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def _fold(text: str) -> str:
    lowered = text.casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _key(first: str, last: str) -> str:
    return f"{_fold(last.casefold().translate(_NORDIC))}\x00{_fold(first.casefold().translate(_NORDIC))}"


_TRIGGERS = {
    "member_search_au": (
        "CREATE TRIGGER member_search_au AFTER UPDATE ON member_search BEGIN "
        "INSERT INTO member_search_fts(member_search_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
        "INSERT INTO member_search_fts(rowid, text) VALUES (new.rowid, new.text); END"
    ),
}


def upgrade() -> None:
    with op.batch_alter_table("member_search", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("sort_key", sa.String(), nullable=False, server_default=""))
    op.create_index(op.f("ix_member_search_sort_key"), "member_search", ["sort_key"], unique=False)
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return  # a server store is made empty at the head revision: there are no rows to fill
    rows = connection.exec_driver_sql(
        "SELECT s.rowid, m.first_name, m.last_name FROM member_search s JOIN member m ON m.id = s.member_id"
    ).all()
    if not rows:
        return
    # The search text does not change, so the full-text index need not hear about these updates.
    op.execute("DROP TRIGGER member_search_au")
    connection.exec_driver_sql(
        "UPDATE member_search SET sort_key = ? WHERE rowid = ?",
        [(_key(first, last), rowid) for rowid, first, last in rows],
    )
    op.execute(_TRIGGERS["member_search_au"])


def downgrade() -> None:
    op.drop_index(op.f("ix_member_search_sort_key"), table_name="member_search")
    with op.batch_alter_table("member_search", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("sort_key")
