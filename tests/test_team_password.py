"""The team repository's password: never in the settings file, never in a message; PostgreSQL's own files.

The address keeps no password (``split_team_url`` takes one out); the window asks for it
and keeps it in memory; ``open_team_repository`` takes it apart from the address, or lets
libpq find it in a password file (``PGPASSFILE``, ``?passfile=``) or a service file
(``?service=``). Against a real server when OMM_TEST_POSTGRES_URL is set (.ci/run sets it).
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from app.errors import UserError
from app.services import packages
from app.services.packages import TeamPasswordNeeded, split_team_url

SERVER = os.environ.get("OMM_TEST_POSTGRES_URL", "").strip()


@pytest.mark.parametrize(("url", "clean", "password"), [
    ("postgresql+psycopg://elena:s3cr%40t@db.example:5432/omm", "postgresql+psycopg://elena@db.example:5432/omm",
     "s3cr@t"),
    ("postgresql+psycopg://elena@db.example/omm?password=s3cret&sslmode=require",
     "postgresql+psycopg://elena@db.example/omm?sslmode=require", "s3cret"),
    ("postgresql+psycopg://elena@db.example/omm", "postgresql+psycopg://elena@db.example/omm", ""),
    ("postgresql+psycopg://?service=omm_team", "postgresql+psycopg://?service=omm_team", ""),
    ("  ", "", ""),
    ("not a url", "not a url", ""),
])
def test_a_password_is_taken_out_of_the_address(url, clean, password):
    assert split_team_url(url) == (clean, password)


def test_a_connection_error_never_holds_the_password(monkeypatch):
    """Whatever the driver says, the password given apart or in the address is not repeated."""
    from app.services import workspace

    def refuse(url, create=True):
        raise UserError(f"cannot use database {url}: something mentions hunter2secret")

    monkeypatch.setattr(workspace, "open_repository", refuse)
    for url, password in (("postgresql+psycopg://elena@db.example/omm", "hunter2secret"),
                          ("postgresql+psycopg://elena:hunter2secret@db.example/omm", None)):
        with pytest.raises(UserError) as caught:
            packages.open_team_repository(url, password)
        assert "hunter2secret" not in str(caught.value)


class TestOnPostgres:
    """A real server that asks for a password (scram-sha-256 over TCP, as a team repository would)."""

    __test__ = bool(SERVER)

    @pytest.fixture
    def schema_url(self):
        """The server's URL, without its password, selecting a fresh schema (dropped afterwards)."""
        admin = create_engine(SERVER)
        name = f"omm_pw_{uuid.uuid4().hex[:16]}"
        with admin.begin() as connection:
            connection.exec_driver_sql(f'create schema "{name}"')
        url = make_url(SERVER).update_query_dict({"options": f"-csearch_path={name}"})
        yield url
        with admin.begin() as connection:
            connection.exec_driver_sql("set lock_timeout = '20s'")
            connection.exec_driver_sql(f'drop schema "{name}" cascade')
        admin.dispose()

    @staticmethod
    def _bare(url) -> str:
        return URL.create(url.drivername, url.username, None, url.host, url.port, url.database,
                          url.query).render_as_string(hide_password=False)

    def _passfile(self, url, tmp_path) -> str:
        path = tmp_path / "pgpass"
        path.write_text(f"{url.host}:{url.port or 5432}:{url.database}:{url.username}:{url.password}\n")
        path.chmod(0o600)  # libpq ignores a password file others can read
        return str(path)

    def test_no_password_is_asked_for_and_a_wrong_one_refused(self, schema_url, monkeypatch, tmp_path):
        monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))  # not the tester's own ~/.pgpass
        bare = self._bare(schema_url)
        assert schema_url.password not in bare
        with pytest.raises(TeamPasswordNeeded) as missing:
            packages.open_team_repository(bare)
        assert not missing.value.refused and missing.value.user == schema_url.username
        assert "PGPASSFILE" in str(missing.value)
        with pytest.raises(TeamPasswordNeeded) as wrong:
            packages.open_team_repository(bare, "not-the-password-42")
        assert wrong.value.refused and "not-the-password-42" not in str(wrong.value)
        team = packages.open_team_repository(bare, schema_url.password)  # given apart from the address
        try:
            assert team.list_engagements() == []
            assert schema_url.password not in team.db.url
        finally:
            team.db.close()

    def test_the_password_file_of_postgresql_supplies_it(self, schema_url, monkeypatch, tmp_path):
        passfile = self._passfile(schema_url, tmp_path)
        bare = self._bare(schema_url)
        monkeypatch.setenv("PGPASSFILE", passfile)
        team = packages.open_team_repository(bare)
        team.db.close()
        monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
        named = make_url(bare).update_query_dict({"passfile": passfile}).render_as_string(hide_password=False)
        team = packages.open_team_repository(named)  # the file named in the address
        team.db.close()

    def test_a_service_file_names_the_server(self, schema_url, monkeypatch, tmp_path):
        monkeypatch.setenv("PGPASSFILE", self._passfile(schema_url, tmp_path))
        services = tmp_path / "pg_service.conf"
        services.write_text(f"[omm_team]\nhost={schema_url.host}\nport={schema_url.port or 5432}\n"
                            f"dbname={schema_url.database}\nuser={schema_url.username}\n")
        monkeypatch.setenv("PGSERVICEFILE", str(services))
        url = f"postgresql+psycopg://?service=omm_team&options={schema_url.query['options']}"
        team = packages.open_team_repository(url)
        try:
            assert team.list_engagements() == []
        finally:
            team.db.close()

    def test_omm_push_reads_the_password_file_and_says_when_there_is_none(self, schema_url, tmp_path):
        import subprocess
        import sys
        from pathlib import Path

        from app.storage.database import open_database
        from app.storage.records import ContentRef, ServiceChoice
        from app.storage.repository import Repository

        fixture = Path(__file__).parent / "fixtures" / "content"
        local = f"sqlite:///{tmp_path / 'local.db'}"
        repo = Repository(open_database(local))
        customer = repo.create_customer("Acme", "Banking", 50)
        repo.create_engagement(customer.id, "Acme 2026", services=(ServiceChoice("diagnosis-basic"),),
                               content=(ContentRef("model", "mini", "1.0"), ContentRef("questionnaire", "mini-q", "1.0")))
        repo.db.close()
        env = {**os.environ, "OMM_DATA_DIR": str(tmp_path / "data"), "PGPASSFILE": str(tmp_path / "none")}
        env.pop("OMM_TEAM_DATABASE_URL", None)
        args = [sys.executable, "-m", "app.cli", "push", "Acme 2026", "--db", local, "--content", str(fixture),
                "--team", self._bare(schema_url)]
        refused = subprocess.run(args, capture_output=True, text=True, env=env, timeout=180)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert refused.stderr.count("\n") == 1 and "wants a password" in refused.stderr
        assert schema_url.password not in refused.stderr + refused.stdout
        env["PGPASSFILE"] = self._passfile(schema_url, tmp_path)
        pushed = subprocess.run(args, capture_output=True, text=True, env=env, timeout=180)
        assert pushed.returncode == 0, pushed.stderr
        assert schema_url.password not in pushed.stderr + pushed.stdout
