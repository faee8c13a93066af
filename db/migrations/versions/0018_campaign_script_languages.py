"""A calling campaign's script in more than one language: the language it was written in, and its translations.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("call_campaign", sa.Column("script_language", sa.String(5), nullable=True))
    op.add_column("call_campaign", sa.Column("translations", sa.String(), nullable=False, server_default="{}"))
    op.add_column("call_question", sa.Column("translations", sa.String(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("call_question") as batch:
        batch.drop_column("translations")
    with op.batch_alter_table("call_campaign") as batch:
        batch.drop_column("translations")
        batch.drop_column("script_language")
