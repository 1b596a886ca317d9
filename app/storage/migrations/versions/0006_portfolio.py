"""portfolio: controlled industry and size per customer, cached score summaries, staleness triggers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 03:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.content.classification import industry_for_text, size_for_headcount
from app.storage.score_triggers import create_score_triggers, drop_score_triggers

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("industry_code", sa.String(length=40), server_default="", nullable=False))
        batch_op.add_column(sa.Column("size_code", sa.String(length=20), server_default="", nullable=False))
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scores_stamp", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "score_summaries",
        sa.Column("engagement_id", sa.String(length=36), nullable=False),
        sa.Column("model_id", sa.String(length=80), nullable=False),
        sa.Column("model_version", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.Column("format", sa.Integer(), nullable=False),
        sa.Column("level", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["engagement_id"], ["engagements.id"],
                                name=op.f("fk_score_summaries_engagement_id_engagements"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("engagement_id", "model_id", name=op.f("pk_score_summaries")),
    )
    # The customers' free-text industries mapped once, where the words leave no doubt; the
    # rest stay unmapped (shown so) until someone picks the entry in the setup form.
    connection = op.get_bind()
    customers = sa.table("customers", sa.column("id", sa.String), sa.column("industry", sa.String),
                         sa.column("it_headcount", sa.Integer), sa.column("industry_code", sa.String),
                         sa.column("size_code", sa.String))
    rows = connection.execute(sa.select(customers.c.id, customers.c.industry, customers.c.it_headcount)).all()
    for customer_id, industry, headcount in rows:
        connection.execute(customers.update().where(customers.c.id == customer_id).values(
            industry_code=industry_for_text(industry or ""), size_code=size_for_headcount(headcount)))
    create_score_triggers(connection)


def downgrade() -> None:
    drop_score_triggers(op.get_bind())
    op.drop_table("score_summaries")
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_column("scores_stamp")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("size_code")
        batch_op.drop_column("industry_code")
