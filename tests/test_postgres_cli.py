"""The team repository on a real PostgreSQL server (collected only when OMM_TEST_POSTGRES_URL is set).

The command line against it as a subprocess, compared with the same commands on a
SQLite file; and what only a server does to a repository: several omm processes
starting at once, connections dropped under it, a colleague holding a lock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url

from app.storage.database import head_revision, open_database
from app.storage.repository import Repository, StorageUnavailable

FIXTURE = Path(__file__).parent / "fixtures" / "content"
SERVER = os.environ.get("OMM_TEST_POSTGRES_URL", "").strip()
__test__ = bool(SERVER)  # named on the command line without a server: nothing to run, nothing skipped


@pytest.fixture(scope="module")
def admin():
    engine = create_engine(SERVER)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def schemas(admin):
    """A factory of fresh, empty schemas (as URLs selecting them), dropped after the module."""
    made: list[str] = []

    def new() -> str:
        name = f"omm_cli_{uuid.uuid4().hex[:16]}"
        with admin.begin() as connection:
            connection.exec_driver_sql(f'create schema "{name}"')
        made.append(name)
        return make_url(SERVER).update_query_dict({"options": f"-csearch_path={name}"}) \
            .render_as_string(hide_password=False)

    yield new
    with admin.begin() as connection:
        connection.exec_driver_sql("set lock_timeout = '20s'")
        for name in made:
            connection.exec_driver_sql(f'drop schema "{name}" cascade')


def omm(*args: str, data_dir: Path, check_rc: int | None = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMM_DATA_DIR": str(data_dir), "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180)
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo(schemas, tmp_path_factory):
    """`omm demo` into a PostgreSQL schema and into a SQLite file, from the same content."""
    data = tmp_path_factory.mktemp("pg-cli")
    pg = schemas()
    out = omm("demo", "--db", pg, "--content", str(FIXTURE), data_dir=data)
    assert out.stdout.count("created ") >= 3
    sqlite = f"sqlite:///{data / 'demo.db'}"
    omm("demo", "--db", sqlite, "--content", str(FIXTURE), data_dir=data)
    return pg, sqlite, data, out


def test_demo_list_and_score_on_postgres_match_sqlite(demo):
    pg, sqlite, data, first = demo
    password = make_url(SERVER).password
    assert "database: postgresql+psycopg://" in first.stdout
    assert ":***@" in first.stdout or not password
    assert not password or f":{password}@" not in first.stdout + first.stderr  # the password is never shown

    def listing(url: str) -> list[dict]:
        rows = json.loads(omm("list", "--db", url, "--json", data_dir=data).stdout)
        return sorted(({k: v for k, v in r.items() if k not in ("id", "updated_at")} for r in rows),
                      key=lambda r: r["name"])

    on_pg = listing(pg)
    assert len(on_pg) >= 3 and any(r["answers"] > 0 for r in on_pg)
    assert {r["customer"] for r in on_pg} >= {"Northwind Logistics & Freight Forwarding International", "翠湖零售集团"}
    assert on_pg == listing(sqlite)

    def score(url: str) -> dict:
        result = json.loads(omm("score", "Northwind", "--db", url, "--content", str(FIXTURE), "--json",
                                data_dir=data).stdout)
        result["engagement"].pop("id")
        return result

    scores = score(pg)
    assert scores["models"][0]["id"] == "mini" and scores["models"][0]["level"] is not None
    assert scores == score(sqlite)  # the same engagement scores the same on either backend
    again = omm("demo", "--db", pg, "--content", str(FIXTURE), data_dir=data)
    assert "already exist" in again.stdout


def test_score_and_errors_by_name_on_postgres(demo):
    pg, _, data, _ = demo
    text = omm("score", "翠湖", "--db", pg, "--content", str(FIXTURE), data_dir=data).stdout
    assert "翠湖零售" in text
    out = omm("score", "Nonexistent Co", "--db", pg, "--content", str(FIXTURE), data_dir=data, check_rc=1)
    assert out.stderr.strip() == "omm: error: no engagement matches 'Nonexistent Co' (try 'omm list')"
    wrong = make_url(SERVER).set(password="not-the-password").render_as_string(hide_password=False)
    out = omm("list", "--db", wrong, data_dir=data, check_rc=1)
    assert out.stderr.startswith("omm: error: cannot use database") and out.stderr.count("\n") == 1
    assert "not-the-password" not in out.stderr


def test_several_omm_starting_at_once_on_a_new_repository(schemas, tmp_path):
    url = schemas()
    with ThreadPoolExecutor(3) as pool:
        runs = list(pool.map(lambda i: omm("list", "--db", url, data_dir=tmp_path / str(i), check_rc=None),
                             range(3)))
    assert [r.returncode for r in runs] == [0] * 3, [r.stderr for r in runs]
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("select version_num from alembic_version").scalars().all() == [
            head_revision()]
    engine.dispose()


def test_dropped_connections_are_replaced_and_locks_time_out(schemas, admin, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    db = open_database(schemas())
    repo = Repository(db)
    try:
        c = repo.create_customer("Acme")
        e = repo.create_engagement(c.id, "Acme - diagnosis")
        p = repo.add_interviewee(e.id, "Ann", "sre")
        repo.save_answer(e.id, p.id, "q", "q1", "given", "2")
        # the server restarts, or a VPN drops: every pooled connection is gone
        with admin.begin() as connection:
            killed = connection.exec_driver_sql(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                "where application_name = 'omm' and datname = current_database() and pid <> pg_backend_pid()"
            ).scalar()
        assert killed >= 1
        repo.save_answer(e.id, p.id, "q", "q1", "given", "3")  # no error for the interviewer
        assert repo.get_answer(p.id, "q", "q1").value == "3"

        # the connection dies between the pool's check and the save: a clear, retryable error
        def kill(dbapi_connection, _record, _proxy):
            with admin.begin() as connection:
                connection.exec_driver_sql(f"select pg_terminate_backend({dbapi_connection.info.backend_pid})")

        event.listen(db.engine.pool, "checkout", kill)
        with pytest.raises(StorageUnavailable, match="the answer was not saved"):
            repo.save_answer(e.id, p.id, "q", "q1", "given", "5")
        event.remove(db.engine.pool, "checkout", kill)
        repo.save_answer(e.id, p.id, "q", "q1", "given", "5")
        assert repo.get_answer(p.id, "q", "q1").value == "5"

        # a colleague holds a lock: the save gives up after the lock timeout and says why
        db.engine.dispose()
        event.listen(db.engine, "connect", _short_lock_timeout)
        schema = make_url(db.engine.url).query["options"].split("search_path=")[1].split()[0]
        blocker = admin.connect()
        try:
            blocker.exec_driver_sql(f'lock table "{schema}".answers in access exclusive mode')
            with pytest.raises(StorageUnavailable, match="locked"):
                repo.save_answer(e.id, p.id, "q", "q1", "given", "4")
        finally:
            blocker.rollback()
            blocker.close()
        repo.save_answer(e.id, p.id, "q", "q1", "given", "4")  # the retry succeeds
        assert repo.get_answer(p.id, "q", "q1").value == "4"
    finally:
        db.close()


def _short_lock_timeout(dbapi_connection, _record) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("set lock_timeout = '300ms'")
    dbapi_connection.commit()
