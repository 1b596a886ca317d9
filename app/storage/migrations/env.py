"""Alembic environment: always run on the connection the application hands over."""

from __future__ import annotations

from alembic import context

from app.storage.orm import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the app runs migrations
    raise RuntimeError("migrations run through app.storage.database, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
