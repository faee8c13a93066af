"""Recognitions: the numbered register of diplomas (table recognition).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recognition",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "thank_you",
                "volunteer_of_the_year",
                "jubilee",
                "honorary_member",
                "other",
                name="recognition_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("jubilee_years", sa.Integer(), nullable=True),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("occasion", sa.String(length=200), nullable=True),
        sa.Column("decision", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("signers", sa.String(), nullable=True),
        sa.Column("print_count", sa.Integer(), nullable=False),
        sa.Column("last_printed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "jubilee_years IS NULL OR jubilee_years > 0", name=op.f("ck_recognition_jubilee_years_positive")
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_recognition_number_positive")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_recognition_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition")),
    )
    with op.batch_alter_table("recognition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recognition_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_recognition_year_number", ["year", "number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recognition", schema=None) as batch_op:
        batch_op.drop_index("ix_recognition_year_number")
        batch_op.drop_index(batch_op.f("ix_recognition_member_id"))

    op.drop_table("recognition")
