"""Board meetings: a body's meeting settings, meetings, attendance, § items, action items, signed scans.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "regular",
                "extra",
                "spring",
                "autumn",
                "annual",
                "constituent",
                name="meeting_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.String(length=5), nullable=True),
        sa.Column("ends_at", sa.String(length=5), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("online_link", sa.String(length=500), nullable=True),
        sa.Column(
            "language",
            sa.Enum("fi", "sv", "en", name="minutes_language", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("notice_sent_on", sa.Date(), nullable=True),
        sa.Column("first_section", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "checking",
                "signed",
                "approved",
                name="minutes_state",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("sent_to_checkers_on", sa.Date(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signed_place", sa.String(length=200), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("reopened_on", sa.Date(), nullable=True),
        sa.Column("reopen_reason", sa.String(), nullable=True),
        sa.Column("scan_file_name", sa.String(length=255), nullable=True),
        sa.Column("scan_sha256", sa.String(length=64), nullable=True),
        sa.Column("scan_attached_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_meeting_body_id_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_body_year", ["body_id", "year", "number"], unique=False)
        batch_op.create_index("ix_meeting_held_on", ["held_on"], unique=False)

    op.create_table(
        "meeting_settings",
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("abbreviation", sa.String(length=12), nullable=True),
        sa.Column(
            "language",
            sa.Enum("fi", "sv", "en", name="minutes_language", native_enum=False, create_constraint=True),
            nullable=True,
        ),
        sa.Column(
            "numbering",
            sa.Enum("per_meeting", "running_year", name="section_numbering", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column(
            "section_style",
            sa.Enum("number_first", "symbol_first", name="section_style", native_enum=False, create_constraint=True),
            nullable=True,
        ),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column(
            "quorum_rule",
            sa.Enum(
                "more_than_half",
                "at_least_half",
                "chair_and_half",
                "fixed",
                name="quorum_rule",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("quorum_count", sa.Integer(), nullable=True),
        sa.Column("target_meetings", sa.Integer(), nullable=True),
        sa.Column("period_starts_on", sa.Date(), nullable=True),
        sa.Column("period_months", sa.Integer(), nullable=False),
        sa.Column("ordinary_items", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_meeting_settings_body_id_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_settings")),
        sa.UniqueConstraint("body_id", name=op.f("uq_meeting_settings_body_id")),
    )
    op.create_table(
        "agenda_item",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "opening",
                "lawfulness",
                "officers",
                "voting_register",
                "agenda",
                "previous_minutes",
                "follow_up",
                "announcements",
                "ordinary",
                "statutory",
                "other_matters",
                "next_meeting",
                "closing",
                name="item_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("background", sa.String(), nullable=True),
        sa.Column("proposal", sa.String(), nullable=True),
        sa.Column("decision", sa.String(), nullable=True),
        sa.Column("recused", sa.String(), nullable=False),
        sa.Column("dissent", sa.String(), nullable=True),
        sa.Column("dissenters", sa.String(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_item_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index("ix_agenda_item_meeting_position", ["meeting_id", "position"], unique=False)

    op.create_table(
        "meeting_attendee",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "chair",
                "vice_chair",
                "member",
                "deputy",
                "adjunct",
                "staff",
                "guest",
                name="attendee_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "present", "absent", "excused", name="attendance_status", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("from_section", sa.Integer(), nullable=True),
        sa.Column("to_section", sa.Integer(), nullable=True),
        sa.Column("chairs", sa.Boolean(), nullable=False),
        sa.Column("keeps_minutes", sa.Boolean(), nullable=False),
        sa.Column("checks_minutes", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_attendee_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_meeting_attendee_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendee")),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendee_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_attendee_member_id"), ["member_id"], unique=False)

    op.create_table(
        "meeting_scan",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("attached_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_scan_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_scan")),
    )
    op.create_table(
        "action_item",
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("responsible_id", sa.Uuid(), nullable=True),
        sa.Column("responsible_name", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "done", "cancelled", name="action_status", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["agenda_item.id"], name=op.f("fk_action_item_item_id_agenda_item")),
        sa.ForeignKeyConstraint(["responsible_id"], ["member.id"], name=op.f("fk_action_item_responsible_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_item_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_responsible_id"), ["responsible_id"], unique=False)
        batch_op.create_index("ix_action_item_status", ["status", "due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_index("ix_action_item_status")
        batch_op.drop_index(batch_op.f("ix_action_item_responsible_id"))
        batch_op.drop_index(batch_op.f("ix_action_item_item_id"))

    op.drop_table("action_item")
    op.drop_table("meeting_scan")
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendee_member_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_attendee_meeting_id"))

    op.drop_table("meeting_attendee")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index("ix_agenda_item_meeting_position")

    op.drop_table("agenda_item")
    op.drop_table("meeting_settings")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_held_on")
        batch_op.drop_index("ix_meeting_body_year")

    op.drop_table("meeting")
