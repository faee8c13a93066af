"""One covering index for the members list in place of one per sort column.

The list is read in name order with the value of every sortable column beside each id, and other orders are
sorted in the program; one wide index serves them all, and imports update one B-tree instead of seven.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_OLD = {
    "ix_member_search_sort": ["sort_key", "member_id"],
    "ix_member_search_number": ["member_number", "member_id"],
    "ix_member_search_city": ["city_key", "sort_key", "member_id"],
    "ix_member_search_kind": ["membership_kind", "sort_key", "member_id"],
    "ix_member_search_joined": ["joined_on", "sort_key", "member_id"],
    "ix_member_search_phone": ["phone", "member_id"],
    "ix_member_search_email": ["email", "member_id"],
    "ix_member_search_branch_id": ["branch_id"],
}
_LIST = [
    "sort_key",
    "member_id",
    "member_number",
    "branch_id",
    "membership_kind",
    "joined_on",
    "ended_on",
    "end_reason",
    "phone",
    "email",
    "city_key",
]


def upgrade() -> None:
    for name in _OLD:
        op.drop_index(name, table_name="member_search")
    op.create_index("ix_member_search_list", "member_search", _LIST, unique=False)
    op.create_index("ix_member_search_branch", "member_search", ["branch_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_member_search_branch", table_name="member_search")
    op.drop_index("ix_member_search_list", table_name="member_search")
    for name, columns in _OLD.items():
        op.create_index(name, "member_search", columns, unique=False)
