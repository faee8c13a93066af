"""Covering indexes on member_search for sorting by name and finding name prefixes without table lookups.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_member_search_sort_key", table_name="member_search")
    op.drop_index("ix_member_search_name_key", table_name="member_search")
    op.create_index("ix_member_search_sort", "member_search", ["sort_key", "member_id"], unique=False)
    op.create_index("ix_member_search_name", "member_search", ["name_key", "member_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_member_search_name", table_name="member_search")
    op.drop_index("ix_member_search_sort", table_name="member_search")
    op.create_index("ix_member_search_name_key", "member_search", ["name_key"], unique=False)
    op.create_index("ix_member_search_sort_key", "member_search", ["sort_key"], unique=False)
