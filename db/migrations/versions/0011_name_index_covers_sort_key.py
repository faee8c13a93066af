"""The first-name index covers the name order, so a one- or two-letter search never reads the table.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_member_search_name", table_name="member_search")
    op.create_index("ix_member_search_name", "member_search", ["name_key", "member_id", "sort_key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_member_search_name", table_name="member_search")
    op.create_index("ix_member_search_name", "member_search", ["name_key", "member_id"], unique=False)
