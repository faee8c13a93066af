"""Branch work: branch language, survey grades, mentor pairs, contact log, chairs' meetings, yearly duties.

The new ``branch.language`` column is added with a server default, so the branches already in the file become
Finnish-speaking without rebuilding the table (which other tables refer to); the ombudsman corrects the
Swedish-speaking ones.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Written out rather than through batch_alter_table: Alembic adds the CHECK constraint of an Enum in batch mode
    # by rebuilding the table, and SQLite cannot drop ``branch`` inside a transaction while bodies, memberships and
    # positions refer to it (foreign_keys is on). ADD COLUMN keeps the rows in place and may carry a column CHECK.
    op.execute(
        "ALTER TABLE branch ADD COLUMN language VARCHAR(2) DEFAULT 'fi' NOT NULL "
        "CONSTRAINT ck_branch_branch_language CHECK (language IN ('fi', 'sv'))"
    )
    op.create_table(
        "chairs_meeting",
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chairs_meeting")),
    )
    with op.batch_alter_table("chairs_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chairs_meeting_held_on"), ["held_on"], unique=False)

    op.create_table(
        "chairs_meeting_attendance",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("represented_by", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_chairs_meeting_attendance_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["chairs_meeting.id"], name=op.f("fk_chairs_meeting_attendance_meeting_id_chairs_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chairs_meeting_attendance")),
        sa.UniqueConstraint("meeting_id", "branch_id", name=op.f("uq_chairs_meeting_attendance_meeting_id_branch_id")),
    )
    with op.batch_alter_table("chairs_meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chairs_meeting_attendance_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "contact_log_entry",
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "visit",
                "phone_call",
                "online_meeting",
                "email",
                "event",
                name="contact_log_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("who", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_contact_log_entry_branch_id_branch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_log_entry")),
    )
    with op.batch_alter_table("contact_log_entry", schema=None) as batch_op:
        batch_op.create_index("ix_contact_log_entry_branch_date", ["branch_id", "contacted_on"], unique=False)

    op.create_table(
        "mentor_pair",
        sa.Column("mentor_branch_id", sa.Uuid(), nullable=False),
        sa.Column("mentee_branch_id", sa.Uuid(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name=op.f("ck_mentor_pair_end_after_start")),
        sa.CheckConstraint("mentor_branch_id <> mentee_branch_id", name=op.f("ck_mentor_pair_distinct_branches")),
        sa.ForeignKeyConstraint(
            ["mentee_branch_id"], ["branch.id"], name=op.f("fk_mentor_pair_mentee_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_branch_id"], ["branch.id"], name=op.f("fk_mentor_pair_mentor_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_pair")),
    )
    with op.batch_alter_table("mentor_pair", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentor_pair_mentee_branch_id"), ["mentee_branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentor_pair_mentor_branch_id"), ["mentor_branch_id"], unique=False)

    op.create_table(
        "officer_notification",
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("new_officers_onboarded", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_officer_notification_branch_id_branch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_notification")),
        sa.UniqueConstraint("branch_id", "year", name=op.f("uq_officer_notification_branch_id_year")),
    )
    op.create_table(
        "recruitment_action",
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "done", "cancelled", name="recruitment_status", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("number BETWEEN 1 AND 3", name=op.f("ck_recruitment_action_number_range")),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_recruitment_action_branch_id_branch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruitment_action")),
        sa.UniqueConstraint("branch_id", "year", "number", name=op.f("uq_recruitment_action_branch_id_year_number")),
    )
    op.create_table(
        "survey_grade",
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("surveyed_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("grade BETWEEN 1 AND 10", name=op.f("ck_survey_grade_grade_range")),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_survey_grade_branch_id_branch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_grade")),
        sa.UniqueConstraint("branch_id", "year", name=op.f("uq_survey_grade_branch_id_year")),
    )


def downgrade() -> None:
    # DROP COLUMN (SQLite 3.35+) for the same reason as above: no rebuild of a table others refer to.
    op.execute("ALTER TABLE branch DROP COLUMN language")

    op.drop_table("survey_grade")
    op.drop_table("recruitment_action")
    op.drop_table("officer_notification")
    with op.batch_alter_table("mentor_pair", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_pair_mentor_branch_id"))
        batch_op.drop_index(batch_op.f("ix_mentor_pair_mentee_branch_id"))

    op.drop_table("mentor_pair")
    with op.batch_alter_table("contact_log_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_log_entry_branch_date")

    op.drop_table("contact_log_entry")
    with op.batch_alter_table("chairs_meeting_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chairs_meeting_attendance_branch_id"))

    op.drop_table("chairs_meeting_attendance")
    with op.batch_alter_table("chairs_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chairs_meeting_held_on"))

    op.drop_table("chairs_meeting")
