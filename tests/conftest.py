from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real cache (content cache, compiled translations).
os.environ["OMM_CACHE_DIR"] = tempfile.mkdtemp(prefix="omm-test-cache-")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def mini_library():
    from app.content import load_content

    library = load_content(FIXTURES / "content")
    assert library.ok, library.problems
    return library


@pytest.fixture(scope="session")
def shipped_library():
    from app.content import load_content

    return load_content(REPO)


# --- storage backends: SQLite always, PostgreSQL when OMM_TEST_POSTGRES_URL names a server ---
# (.ci/run starts one; a test asking for `backend` runs once per available backend, and
# nothing is generated, so nothing is skipped, for a backend that is not there)
POSTGRES_URL = os.environ.get("OMM_TEST_POSTGRES_URL", "").strip()
BACKENDS = ("sqlite", "postgresql") if POSTGRES_URL else ("sqlite",)


def _postgres_line() -> str:
    if not POSTGRES_URL:
        return "postgresql: not tested (set OMM_TEST_POSTGRES_URL=postgresql+psycopg://USER:PASS@HOST:PORT/DB; " \
               ".ci/run does)"
    from sqlalchemy.engine import make_url

    return f"postgresql: tested on {make_url(POSTGRES_URL).render_as_string(hide_password=True)}"


def pytest_report_header(config):
    return _postgres_line()


def pytest_sessionstart(session):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and session.config.get_verbosity() < 0:  # -q hides the header, not this line
        reporter.write_line(_postgres_line())


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS)


def pytest_ignore_collect(collection_path, config):
    if collection_path.name == "test_postgres_cli.py" and not POSTGRES_URL:
        return True
    return None


@pytest.fixture
def new_database(backend, tmp_path):
    """A factory of empty databases on the backend under test, each dropped after the test.

    On PostgreSQL each is a fresh schema (selected through the URL's search_path), so
    the tests need one database and a role that owns it, not a superuser.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schemas: list[str] = []
    admin = create_engine(POSTGRES_URL) if backend == "postgresql" else None

    def new() -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'omm-{uuid.uuid4().hex[:8]}.db'}"
        schema = f"omm_test_{uuid.uuid4().hex[:16]}"
        with admin.begin() as connection:
            connection.exec_driver_sql(f'create schema "{schema}"')
        schemas.append(schema)
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    yield new
    if admin is not None:
        with admin.begin() as connection:
            connection.exec_driver_sql("set lock_timeout = '20s'")
            for schema in schemas:
                connection.exec_driver_sql(f'drop schema "{schema}" cascade')
        admin.dispose()


def dump_database(url: str) -> str:
    """Every row of every table, as text: two dumps are equal when the database holds the same bytes.

    SQLite: the file's own SQL dump (schema and rows, in storage order), read on a separate
    connection after a checkpoint. PostgreSQL: each table's rows in a fixed order.
    """
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        connection = sqlite3.connect(parsed.database)
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()
    engine = create_engine(parsed)
    try:
        with engine.connect() as connection:
            lines = []
            for table in sorted(inspect(connection).get_table_names()):
                columns = [c["name"] for c in inspect(connection).get_columns(table)]
                order = ", ".join(f'"{c}"::text' for c in columns)  # json has no ordering of its own
                rows = connection.execute(text(f'select * from "{table}" order by {order}')).all()
                lines.append(f"{table}: {rows!r}")
            return "\n".join(lines)
    finally:
        engine.dispose()


@pytest.fixture
def database_dump():
    """``database_dump(repo_or_url)``: the whole database as text, to show a failed use case changed nothing."""
    def dump(target) -> str:
        if isinstance(target, str):
            return dump_database(target)
        return dump_database(target.db.engine.url.render_as_string(hide_password=False))

    return dump
