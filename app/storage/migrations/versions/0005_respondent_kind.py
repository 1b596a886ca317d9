"""respondent kind: an interviewee was interviewed or filled in a survey workbook

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 03:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every existing respondent was interviewed. A name is unique per engagement and kind:
    # the person interviewed on site may also fill in a survey, as a respondent of its own.
    with op.batch_alter_table("interviewees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), server_default="interview", nullable=False))
        batch_op.drop_constraint("uq_interviewees_engagement_id_name", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_interviewees_engagement_id_kind_name"), ["engagement_id", "kind", "name"])


def downgrade() -> None:
    with op.batch_alter_table("interviewees", schema=None) as batch_op:
        batch_op.drop_constraint("uq_interviewees_engagement_id_kind_name", type_="unique")
        batch_op.create_unique_constraint("uq_interviewees_engagement_id_name", ["engagement_id", "name"])
        batch_op.drop_column("kind")
