"""The member lists' columns in member_search: current membership and first usable contacts of each member.

They are derived data: the program fills them when it opens the upgraded database (the index is marked as never
dated, so it is rebuilt once).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("branch_id", sa.Uuid()),
    ("membership_kind", sa.String(length=20)),
    ("joined_on", sa.Date()),
    ("ended_on", sa.Date()),
    ("end_reason", sa.String(length=20)),
    ("phone", sa.String(length=254)),
    ("email", sa.String(length=254)),
)


def upgrade() -> None:
    with op.batch_alter_table("member_search", schema=None, recreate="never") as batch_op:
        for name, column_type in _COLUMNS:
            batch_op.add_column(sa.Column(name, column_type, nullable=True))
    op.create_index(op.f("ix_member_search_branch_id"), "member_search", ["branch_id"], unique=False)
    op.create_index(op.f("ix_member_search_joined_on"), "member_search", ["joined_on"], unique=False)
    op.execute("DELETE FROM kansli_meta WHERE key = 'member_index_as_of'")


def downgrade() -> None:
    op.drop_index(op.f("ix_member_search_joined_on"), table_name="member_search")
    op.drop_index(op.f("ix_member_search_branch_id"), table_name="member_search")
    with op.batch_alter_table("member_search", schema=None, recreate="never") as batch_op:
        for name, _type in reversed(_COLUMNS):
            batch_op.drop_column(name)
