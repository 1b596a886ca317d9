"""engagement documents: versioned JSON artefacts per engagement (plans, designs, findings)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 19:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: nothing to copy, so the same statements run on SQLite and PostgreSQL.
    op.create_table(
        "engagement_documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("engagement_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_documents_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_documents")),
        sa.UniqueConstraint(
            "engagement_id", "kind", "key", name=op.f("uq_engagement_documents_engagement_id_kind_key")
        ),
    )
    with op.batch_alter_table("engagement_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_documents_engagement_id"), ["engagement_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("engagement_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_documents_engagement_id"))
    op.drop_table("engagement_documents")
