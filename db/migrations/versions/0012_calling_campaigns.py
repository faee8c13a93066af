"""Calling campaigns: campaigns, questions, callers, call sheets and their rows, calls, tasks; member.do_not_call.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "call_campaign",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "welcome",
                "member_calling",
                "contact_details",
                "other",
                name="campaign_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("purpose", sa.String(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("intro", sa.String(), nullable=False),
        sa.Column("closing", sa.String(), nullable=False),
        sa.Column("target_rule", sa.String(), nullable=False),
        sa.Column("cooldown_days", sa.Integer(), nullable=False),
        sa.Column("passes", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_campaign")),
    )
    op.create_table(
        "call_question",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "yes_no",
                "one_of",
                "several_of",
                "free_text",
                "check_email",
                "interests",
                "godparent",
                name="question_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("options", sa.String(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["call_campaign.id"], name=op.f("fk_call_question_campaign_id_call_campaign")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_question")),
    )
    with op.batch_alter_table("call_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_question_campaign_id"), ["campaign_id"], unique=False)

    op.create_table(
        "caller",
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_caller_branch_id_branch")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_caller_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caller")),
    )
    with op.batch_alter_table("caller", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caller_member_id"), ["member_id"], unique=False)

    op.create_table(
        "call_sheet",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("caller_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "assigned",
                "printed",
                "out",
                "returned",
                "entered",
                name="sheet_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("printed_at", sa.DateTime(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["caller_id"], ["caller.id"], name=op.f("fk_call_sheet_caller_id_caller")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["call_campaign.id"], name=op.f("fk_call_sheet_campaign_id_call_campaign")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_sheet")),
        sa.UniqueConstraint("campaign_id", "number", name=op.f("uq_call_sheet_campaign_id_number")),
    )
    with op.batch_alter_table("call_sheet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_sheet_caller_id"), ["caller_id"], unique=False)

    op.create_table(
        "call_sheet_row",
        sa.Column("sheet_id", sa.Uuid(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("pass_number", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_call_sheet_row_member_id_member")),
        sa.ForeignKeyConstraint(["sheet_id"], ["call_sheet.id"], name=op.f("fk_call_sheet_row_sheet_id_call_sheet")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_sheet_row")),
        sa.UniqueConstraint("sheet_id", "row", name=op.f("uq_call_sheet_row_sheet_id_row")),
    )
    with op.batch_alter_table("call_sheet_row", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_sheet_row_member_id"), ["member_id"], unique=False)

    op.create_table(
        "call",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("sheet_row_id", sa.Uuid(), nullable=True),
        sa.Column("caller_id", sa.Uuid(), nullable=True),
        sa.Column("called_on", sa.Date(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "talked",
                "call_back",
                "no_answer",
                "voicemail",
                "busy",
                "wrong_number",
                "not_in_use",
                "refused",
                "do_not_call",
                "wants_to_resign",
                "moved",
                "deceased",
                "language_barrier",
                "interrupted",
                name="call_outcome",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("answers", sa.String(), nullable=False),
        sa.Column("call_back_after", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["caller_id"], ["caller.id"], name=op.f("fk_call_caller_id_caller")),
        sa.ForeignKeyConstraint(["campaign_id"], ["call_campaign.id"], name=op.f("fk_call_campaign_id_call_campaign")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_call_member_id_member")),
        sa.ForeignKeyConstraint(
            ["sheet_row_id"], ["call_sheet_row.id"], name=op.f("fk_call_sheet_row_id_call_sheet_row")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call")),
    )
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index("ix_call_member_called", ["member_id", "called_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_sheet_row_id"), ["sheet_row_id"], unique=False)

    op.create_table(
        "call_task",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "wants_to_resign",
                "moved",
                "deceased",
                "message",
                "choose_godparent",
                name="call_task_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["call_id"], ["call.id"], name=op.f("fk_call_task_call_id_call")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_call_task_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_task")),
    )
    with op.batch_alter_table("call_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_task_member_id"), ["member_id"], unique=False)

    with op.batch_alter_table("member", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("do_not_call", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:

    with op.batch_alter_table("member", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("do_not_call")

    with op.batch_alter_table("call_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_task_member_id"))

    op.drop_table("call_task")
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_sheet_row_id"))
        batch_op.drop_index("ix_call_member_called")
        batch_op.drop_index(batch_op.f("ix_call_campaign_id"))

    op.drop_table("call")
    with op.batch_alter_table("call_sheet_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_sheet_row_member_id"))

    op.drop_table("call_sheet_row")
    with op.batch_alter_table("call_sheet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_sheet_caller_id"))

    op.drop_table("call_sheet")
    with op.batch_alter_table("caller", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caller_member_id"))

    op.drop_table("caller")
    with op.batch_alter_table("call_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_question_campaign_id"))

    op.drop_table("call_question")
    op.drop_table("call_campaign")
