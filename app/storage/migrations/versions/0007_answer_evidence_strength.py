"""answers: evidence strength (claimed, shown, verified) beside the evidence

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 03:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column: no copy needed, existing answers read as "not judged".
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("evidence_strength", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("evidence_strength")
