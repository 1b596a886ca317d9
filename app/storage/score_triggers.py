"""Database triggers that mark an engagement's score summaries stale, whoever writes.

Answers are saved by a raw upsert (the interview's hot path), merged by package imports,
read from survey workbooks, copied by duplication: rather than trust every writer to
remember the portfolio's cache, the database bumps ``engagements.scores_stamp`` whenever
something a score is computed from changes (an answer's status or value, an override, the
recorded content versions). A summary stored at another stamp is recomputed.

The same triggers are created for a new database (``create_all``, through the metadata
event below) and by the migration that introduced them, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Connection

BUMP = "UPDATE engagements SET scores_stamp = scores_stamp + 1 WHERE id = {row}.engagement_id"

# (table, name suffix, event, condition or None)
_ANSWER_CHANGED = ("OLD.status IS NOT NEW.status OR OLD.value IS NOT NEW.value "
                   "OR OLD.interviewee_id IS NOT NEW.interviewee_id OR OLD.engagement_id IS NOT NEW.engagement_id "
                   "OR OLD.questionnaire_id IS NOT NEW.questionnaire_id OR OLD.question_id IS NOT NEW.question_id")
TRIGGERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("answers", "insert", "INSERT", "NEW.status IS NOT NULL"),
    ("answers", "update", "UPDATE", _ANSWER_CHANGED),
    ("answers", "delete", "DELETE", "OLD.status IS NOT NULL"),
    ("overrides", "insert", "INSERT", None),
    ("overrides", "update", "UPDATE", None),
    ("overrides", "delete", "DELETE", None),
    ("engagement_content", "insert", "INSERT", None),
    ("engagement_content", "update", "UPDATE", None),
    ("engagement_content", "delete", "DELETE", None),
)


def _name(table: str, suffix: str) -> str:
    return f"scores_stale_{table}_{suffix}"


def _sqlite_statements() -> list[str]:
    out = []
    for table, suffix, op, condition in TRIGGERS:
        rows = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("NEW", "OLD")}[op]
        body = "; ".join(BUMP.format(row=r) for r in rows)
        when = f" WHEN {condition}" if condition else ""
        out.append(f"CREATE TRIGGER IF NOT EXISTS {_name(table, suffix)} AFTER {op} ON {table} FOR EACH ROW"
                   f"{when} BEGIN {body}; END")
    return out


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION omm_scores_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
        UPDATE engagements SET scores_stamp = scores_stamp + 1 WHERE id = NEW.engagement_id;
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.engagement_id IS DISTINCT FROM NEW.engagement_id) THEN
        UPDATE engagements SET scores_stamp = scores_stamp + 1 WHERE id = OLD.engagement_id;
    END IF;
    RETURN NULL;
END
$$
"""


def _postgres_statements() -> list[str]:
    out = [_PG_FUNCTION]
    for table, suffix, op, condition in TRIGGERS:
        when = f" WHEN ({condition.replace(' IS NOT ', ' IS DISTINCT FROM ')})" if condition else ""
        out.append(f"DROP TRIGGER IF EXISTS {_name(table, suffix)} ON {table}")
        out.append(f"CREATE TRIGGER {_name(table, suffix)} AFTER {op} ON {table} FOR EACH ROW{when} "
                   "EXECUTE FUNCTION omm_scores_stale()")
    return out


def create_score_triggers(connection: Connection) -> None:
    dialect = connection.dialect.name
    statements = _sqlite_statements() if dialect == "sqlite" else _postgres_statements() \
        if dialect == "postgresql" else []
    for sql in statements:
        connection.exec_driver_sql(sql)


def drop_score_triggers(connection: Connection) -> None:
    dialect = connection.dialect.name
    for table, suffix, _, _ in TRIGGERS:
        if dialect == "sqlite":
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_name(table, suffix)}")
        elif dialect == "postgresql":
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_name(table, suffix)} ON {table}")
    if dialect == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS omm_scores_stale()")


def install_on(metadata) -> None:
    """A database made by ``metadata.create_all`` gets the triggers with its tables."""
    event.listen(metadata, "after_create", lambda _target, connection, **_kw: create_score_triggers(connection))
