"""Sync state: this node's keys, its peers and their channels, packages made and imported, versions, conflicts.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_alias",
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("remote_id", sa.String(length=36), nullable=False),
        sa.Column("local_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("entity", "remote_id", name=op.f("pk_sync_alias")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("field_group", sa.String(length=60), nullable=False),
        sa.Column("local_value", sa.String(), nullable=False),
        sa.Column("other_value", sa.String(), nullable=False),
        sa.Column("local_version", sa.String(length=60), nullable=False),
        sa.Column("other_version", sa.String(length=60), nullable=False),
        sa.Column(
            "winner",
            sa.Enum("local", "other", name="conflict_winner", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("taken_other", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index("ix_sync_conflict_row", ["entity", "row_id"], unique=False)

    op.create_table(
        "sync_node",
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum("central", "district", name="node_role", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("district_code", sa.String(length=40), nullable=True),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("indexed_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_sync_node")),
    )
    op.create_table(
        "sync_peer",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("node_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum("central", "district", name="node_role", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("district_code", sa.String(length=40), nullable=True),
        sa.Column("signing_key", sa.LargeBinary(), nullable=True),
        sa.Column("exchange_key", sa.LargeBinary(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=True),
        sa.Column("last_sent_sequence", sa.Integer(), nullable=False),
        sa.Column("last_sent_hash", sa.LargeBinary(), nullable=True),
        sa.Column("last_applied_sequence", sa.Integer(), nullable=False),
        sa.Column("last_applied_hash", sa.LargeBinary(), nullable=True),
        sa.Column("acked_package", sa.Integer(), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_peer")),
        sa.UniqueConstraint("district_code", name=op.f("uq_sync_peer_district_code")),
        sa.UniqueConstraint("node_id", name=op.f("uq_sync_peer_node_id")),
    )
    op.create_table(
        "sync_row",
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.String(length=21), nullable=False),
        sa.Column("node", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=36), nullable=True),
        sa.Column("groups", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("entity", "row_id", name=op.f("pk_sync_row")),
    )
    op.create_table(
        "sync_package",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("in", "out", name="package_direction", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column(
            "result",
            sa.Enum("exported", "applied", name="package_result", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("package_hash", sa.LargeBinary(), nullable=False),
        sa.Column("log_to", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operation_id"], ["operation.id"], name=op.f("fk_sync_package_operation_id_operation")
        ),
        sa.ForeignKeyConstraint(["peer_id"], ["sync_peer.id"], name=op.f("fk_sync_package_peer_id_sync_peer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_package")),
    )
    with op.batch_alter_table("sync_package", schema=None) as batch_op:
        batch_op.create_index("ix_sync_package_peer", ["peer_id", "direction", "sequence"], unique=False)

    op.create_table(
        "sync_resend",
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("sent_in", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["peer_id"], ["sync_peer.id"], name=op.f("fk_sync_resend_peer_id_sync_peer")),
        sa.PrimaryKeyConstraint("peer_id", "entity", "row_id", name=op.f("pk_sync_resend")),
    )


def downgrade() -> None:
    op.drop_table("sync_resend")
    with op.batch_alter_table("sync_package", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_package_peer")

    op.drop_table("sync_package")
    op.drop_table("sync_row")
    op.drop_table("sync_peer")
    op.drop_table("sync_node")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_conflict_row")

    op.drop_table("sync_conflict")
    op.drop_table("sync_alias")
