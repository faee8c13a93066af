"""Number and city in member_search, and covering indexes for each column the members table sorts by.

The derived rows are rebuilt when the program opens the upgraded database (their date is forgotten).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_member_search_number": ["member_number", "member_id"],
    "ix_member_search_city": ["city_key", "sort_key", "member_id"],
    "ix_member_search_kind": ["membership_kind", "sort_key", "member_id"],
    "ix_member_search_joined": ["joined_on", "sort_key", "member_id"],
    "ix_member_search_phone": ["phone", "member_id"],
    "ix_member_search_email": ["email", "member_id"],
}


def upgrade() -> None:
    with op.batch_alter_table("member_search", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("member_number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("city_key", sa.String(length=100), nullable=True))
    op.drop_index("ix_member_search_joined_on", table_name="member_search")
    for name, columns in _INDEXES.items():
        op.create_index(name, "member_search", columns, unique=False)
    op.execute("DELETE FROM kansli_meta WHERE key = 'member_index_as_of'")


def downgrade() -> None:
    for name in reversed(_INDEXES):
        op.drop_index(name, table_name="member_search")
    op.create_index("ix_member_search_joined_on", "member_search", ["joined_on"], unique=False)
    with op.batch_alter_table("member_search", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("city_key")
        batch_op.drop_column("member_number")
