"""Initial schema: district, register, branches, change log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "branch",
        sa.Column("central_id", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "local",
                "municipal",
                "women",
                "youth",
                "thematic",
                "other",
                name="branch_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "dormant",
                "dissolved",
                name="branch_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch")),
        sa.UniqueConstraint("central_id", name=op.f("uq_branch_central_id")),
    )
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branch_name"), ["name"], unique=False)

    op.create_table(
        "district",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column(
            "country",
            sa.Enum("FI", "SE", name="country", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column(
            "language",
            sa.Enum("fi", "sv", "en", name="language", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district")),
    )
    op.create_table(
        "household",
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household")),
    )
    op.create_table(
        "interest",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name_fi", sa.String(length=200), nullable=False),
        sa.Column("name_sv", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interest")),
        sa.UniqueConstraint("code", name=op.f("uq_interest_code")),
    )
    op.create_table(
        "kansli_meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kansli_meta")),
    )
    op.create_table(
        "operation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum(
                "local",
                "import",
                "sync",
                "undo",
                "redo",
                "demo",
                "setup",
                name="origin",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undo_of_id", sa.Integer(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["undo_of_id"], ["operation.id"], name=op.f("fk_operation_undo_of_id_operation")),
        sa.ForeignKeyConstraint(["undone_by_id"], ["operation.id"], name=op.f("fk_operation_undone_by_id_operation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation")),
    )
    op.create_table(
        "body",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "district_board",
                "executive_committee",
                "branch_board",
                "working_group",
                "editorial_committee",
                "nomination_committee",
                name="body_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_body_branch_id_branch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body")),
    )
    with op.batch_alter_table("body", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("row_id", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=True),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("hlc", sa.String(), nullable=False),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum(
                "local",
                "import",
                "sync",
                "undo",
                "redo",
                "demo",
                "setup",
                name="origin",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["operation_id"], ["operation.id"], name=op.f("fk_change_log_operation_id_operation")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_operation_id"), ["operation_id"], unique=False)
        batch_op.create_index("ix_change_log_row", ["entity", "row_id"], unique=False)

    op.create_table(
        "member",
        sa.Column("member_number", sa.String(length=40), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column(
            "language",
            sa.Enum("fi", "sv", "other", name="member_language", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("co_line", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("address_country", sa.String(length=2), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("godparent_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1880 AND 2100", name=op.f("ck_member_birth_year_range")
        ),
        sa.ForeignKeyConstraint(["godparent_id"], ["member.id"], name=op.f("fk_member_godparent_id_member")),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"], name=op.f("fk_member_household_id_household")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("member_number", name=op.f("uq_member_member_number")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_household_id"), ["household_id"], unique=False)
        batch_op.create_index("ix_member_name", ["last_name", "first_name"], unique=False)

    op.create_table(
        "consent",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "email_news",
                "postal_paper",
                "phone_calls",
                "text_messages",
                "photos",
                "archive",
                name="consent_purpose",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "paper_form",
                "web_form",
                "email",
                "phone",
                "in_person",
                "imported",
                name="consent_method",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_consent_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index("ix_consent_member_purpose", ["member_id", "purpose"], unique=False)

    op.create_table(
        "contact_point",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("phone", "email", name="contact_kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("value", sa.String(length=254), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("do_not_use", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_contact_point_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_point")),
    )
    with op.batch_alter_table("contact_point", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_point_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_contact_point_value", ["kind", "value"], unique=False)

    op.create_table(
        "member_interest",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("interest_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["interest_id"], ["interest.id"], name=op.f("fk_member_interest_interest_id_interest")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_member_interest_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_interest")),
        sa.UniqueConstraint("member_id", "interest_id", name=op.f("uq_member_interest_member_id_interest_id")),
    )
    with op.batch_alter_table("member_interest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_interest_interest_id"), ["interest_id"], unique=False)

    op.create_table(
        "member_search",
        sa.Column("rowid", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_member_search_member_id_member")),
        sa.PrimaryKeyConstraint("rowid", name=op.f("pk_member_search")),
        sa.UniqueConstraint("member_id", name=op.f("uq_member_search_member_id")),
    )
    with op.batch_alter_table("member_search", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_search_name_key"), ["name_key"], unique=False)

    op.create_table(
        "membership",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("member", "supporter", name="membership_kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("notice_received_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "end_reason",
            sa.Enum(
                "resigned",
                "lapsed",
                "expelled",
                "deceased",
                "moved",
                name="end_reason",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_membership_branch_id_branch")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_membership_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_member_id"), ["member_id"], unique=False)

    op.create_table(
        "position",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "chair",
                "vice_chair",
                "secretary",
                "treasurer",
                "member",
                "deputy",
                "convenor",
                "adjunct",
                "events_officer",
                "recruitment_officer",
                "communications_officer",
                "volunteer_coordinator",
                name="position_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_position_body_id_body")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_position_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
    )
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.create_index("ix_position_body_role", ["body_id", "role"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_member_id"))
        batch_op.drop_index("ix_position_body_role")

    op.drop_table("position")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_member_id"))
        batch_op.drop_index(batch_op.f("ix_membership_branch_id"))

    op.drop_table("membership")
    with op.batch_alter_table("member_search", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_search_name_key"))

    op.drop_table("member_search")
    with op.batch_alter_table("member_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_interest_interest_id"))

    op.drop_table("member_interest")
    with op.batch_alter_table("contact_point", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_point_value")
        batch_op.drop_index(batch_op.f("ix_contact_point_member_id"))

    op.drop_table("contact_point")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_member_purpose")

    op.drop_table("consent")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index("ix_member_name")
        batch_op.drop_index(batch_op.f("ix_member_household_id"))

    op.drop_table("member")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_row")
        batch_op.drop_index(batch_op.f("ix_change_log_operation_id"))
        batch_op.drop_index(batch_op.f("ix_change_log_hlc"))

    op.drop_table("change_log")
    with op.batch_alter_table("body", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_branch_id"))

    op.drop_table("body")
    op.drop_table("operation")
    op.drop_table("kansli_meta")
    op.drop_table("interest")
    op.drop_table("household")
    op.drop_table("district")
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_branch_name"))

    op.drop_table("branch")
