"""evidence file bytes in the database (shared repositories)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_chunks",
        sa.Column("evidence_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_chunks_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evidence_id", "seq", name=op.f("pk_evidence_chunks")),
    )


def downgrade() -> None:
    op.drop_table("evidence_chunks")
