"""Sync conflicts remember the operation that settled them, so undoing that operation opens them again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_conflict", sa.Column("settled_by_operation_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_conflict") as batch:
        batch.drop_column("settled_by_operation_id")
