"""Privacy records (export log, privacy events), the district's settings, and member.erased_at.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=True),
        sa.Column("file_name", sa.String(length=260), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_log")),
    )
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_log_at"), ["at"], unique=False)

    op.create_table(
        "privacy_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_event")),
    )
    with op.batch_alter_table("privacy_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_event_at"), ["at"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "export_log_member",
        sa.Column("export_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["export_id"], ["export_log.id"], name=op.f("fk_export_log_member_export_id_export_log")
        ),
        sa.PrimaryKeyConstraint("export_id", "member_id", name=op.f("pk_export_log_member")),
    )
    with op.batch_alter_table("export_log_member", schema=None) as batch_op:
        batch_op.create_index("ix_export_log_member_member", ["member_id"], unique=False)

    with op.batch_alter_table("member", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("erased_at")

    with op.batch_alter_table("export_log_member", schema=None) as batch_op:
        batch_op.drop_index("ix_export_log_member_member")

    op.drop_table("export_log_member")
    op.drop_table("setting")
    with op.batch_alter_table("privacy_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_event_at"))

    op.drop_table("privacy_event")
    with op.batch_alter_table("export_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_log_at"))

    op.drop_table("export_log")
