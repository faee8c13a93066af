"""Media work and the member paper: outlets, contacts, media items; publications, issues, articles, branch news.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media_outlet",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "newspaper",
                "radio",
                "tv",
                "web",
                "other",
                name="outlet_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("area", sa.String(length=200), nullable=True),
        sa.Column(
            "language",
            sa.Enum(
                "fi", "sv", "bilingual", "other", name="outlet_language", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_outlet")),
    )
    with op.batch_alter_table("media_outlet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_outlet_name"), ["name"], unique=False)

    op.create_table(
        "media_contact",
        sa.Column("outlet_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["media_outlet.id"], name=op.f("fk_media_contact_outlet_id_media_outlet")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_contact")),
    )
    with op.batch_alter_table("media_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_contact_outlet_id"), ["outlet_id"], unique=False)

    op.create_table(
        "media_item",
        sa.Column(
            "kind",
            sa.Enum(
                "press_release",
                "op_ed",
                "letter_to_editor",
                "website_post",
                "social_media_post",
                "interview",
                "appearance",
                "coverage",
                name="media_item_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "idea",
                "draft",
                "sent",
                "published",
                "rejected",
                name="media_item_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("topic", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column(
            "language",
            sa.Enum("fi", "sv", "en", name="media_item_language", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("embargo_until", sa.DateTime(), nullable=True),
        sa.Column("further_information", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["member.id"], name=op.f("fk_media_item_author_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_item")),
    )
    with op.batch_alter_table("media_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_item_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_media_item_dates", ["published_on", "sent_on", "planned_on"], unique=False)

    op.create_table(
        "publication",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("paper", "letter", name="publication_kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column(
            "language",
            sa.Enum("fi", "sv", "bilingual", name="publication_language", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("editorial_body_id", sa.Uuid(), nullable=True),
        sa.Column("target_issues", sa.Integer(), nullable=False),
        sa.Column("period_years", sa.Integer(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("by_post", sa.Boolean(), nullable=False),
        sa.Column("by_email", sa.Boolean(), nullable=False),
        sa.Column("include_supporters", sa.Boolean(), nullable=False),
        sa.Column("extra_copies", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("period_years BETWEEN 1 AND 4", name=op.f("ck_publication_period_years_range")),
        sa.CheckConstraint("target_issues >= 0", name=op.f("ck_publication_target_issues_not_negative")),
        sa.ForeignKeyConstraint(["editorial_body_id"], ["body.id"], name=op.f("fk_publication_editorial_body_id_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication")),
    )
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publication_editorial_body_id"), ["editorial_body_id"], unique=False)

    op.create_table(
        "media_item_outlet",
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("outlet_id", sa.Uuid(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["media_item.id"], name=op.f("fk_media_item_outlet_item_id_media_item")),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["media_outlet.id"], name=op.f("fk_media_item_outlet_outlet_id_media_outlet")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_item_outlet")),
        sa.UniqueConstraint("item_id", "outlet_id", name=op.f("uq_media_item_outlet_item_id_outlet_id")),
    )
    with op.batch_alter_table("media_item_outlet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_item_outlet_outlet_id"), ["outlet_id"], unique=False)

    op.create_table(
        "publication_issue",
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=300), nullable=True),
        sa.Column("copy_deadline", sa.Date(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planning",
                "collecting",
                "editing",
                "layout",
                "printing",
                "distributed",
                name="issue_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("extra_copies", sa.Integer(), nullable=False),
        sa.Column("postal_copies", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("extra_copies >= 0", name=op.f("ck_publication_issue_extra_copies_not_negative")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_publication_issue_number_positive")),
        sa.ForeignKeyConstraint(
            ["publication_id"], ["publication.id"], name=op.f("fk_publication_issue_publication_id_publication")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_issue")),
    )
    with op.batch_alter_table("publication_issue", schema=None) as batch_op:
        batch_op.create_index("ix_publication_issue_number", ["publication_id", "year", "number"], unique=False)

    op.create_table(
        "publication_article",
        sa.Column("issue_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=True),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("length", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "commissioned",
                "received",
                "edited",
                "placed",
                name="article_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["member.id"], name=op.f("fk_publication_article_author_id_member")),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_publication_article_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["publication_issue.id"], name=op.f("fk_publication_article_issue_id_publication_issue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_article")),
    )
    with op.batch_alter_table("publication_article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publication_article_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_publication_article_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_publication_article_issue_id"), ["issue_id"], unique=False)

    op.create_table(
        "branch_contribution",
        sa.Column("issue_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "asked", "received", "declined", name="contribution_status", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("what", sa.String(), nullable=True),
        sa.Column("article_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["publication_article.id"],
            name=op.f("fk_branch_contribution_article_id_publication_article"),
        ),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_branch_contribution_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["publication_issue.id"], name=op.f("fk_branch_contribution_issue_id_publication_issue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch_contribution")),
    )
    with op.batch_alter_table("branch_contribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branch_contribution_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index("ix_branch_contribution_issue_branch", ["issue_id", "branch_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("branch_contribution", schema=None) as batch_op:
        batch_op.drop_index("ix_branch_contribution_issue_branch")
        batch_op.drop_index(batch_op.f("ix_branch_contribution_branch_id"))

    op.drop_table("branch_contribution")
    with op.batch_alter_table("publication_article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_article_issue_id"))
        batch_op.drop_index(batch_op.f("ix_publication_article_branch_id"))
        batch_op.drop_index(batch_op.f("ix_publication_article_author_id"))

    op.drop_table("publication_article")
    with op.batch_alter_table("publication_issue", schema=None) as batch_op:
        batch_op.drop_index("ix_publication_issue_number")

    op.drop_table("publication_issue")
    with op.batch_alter_table("media_item_outlet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_item_outlet_outlet_id"))

    op.drop_table("media_item_outlet")
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_editorial_body_id"))

    op.drop_table("publication")
    with op.batch_alter_table("media_item", schema=None) as batch_op:
        batch_op.drop_index("ix_media_item_dates")
        batch_op.drop_index(batch_op.f("ix_media_item_author_id"))

    op.drop_table("media_item")
    with op.batch_alter_table("media_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_contact_outlet_id"))

    op.drop_table("media_contact")
    with op.batch_alter_table("media_outlet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_outlet_name"))

    op.drop_table("media_outlet")
