"""Opening a repository: default location, SQLite pragmas, schema upgrades with a backup.

SQLite in the user's data directory is the default: it works offline with nothing to
install. A PostgreSQL URL works too (``--db`` or ``OMM_DATABASE_URL``), so a
consultancy can share one team repository; there the evidence files live in the
database as well, so every machine sees them (see ``Repository.add_evidence_file``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError
from app.storage.orm import Base

MIGRATIONS = Path(__file__).parent / "migrations"
APP_NAME = "omm"
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
LOCK_TIMEOUT_MS = 5000  # as SQLite's busy_timeout below


def data_dir() -> Path:
    """Where the default database and the evidence store live (``OMM_DATA_DIR`` overrides)."""
    env = os.environ.get("OMM_DATA_DIR")
    return Path(env) if env else Path(user_data_dir(APP_NAME, appauthor=False))


def default_url() -> str:
    env = os.environ.get("OMM_DATABASE_URL")
    if env:
        return env
    return f"sqlite:///{data_dir() / 'omm.db'}"


def resolve_url(url: str | None) -> str:
    """Accept a SQLAlchemy URL or a plain path to a SQLite file."""
    if not url:
        return default_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
    return heads[0]


@dataclass
class Database:
    url: str  # as shown to people: the password, if any, is masked (the engine has the real one)
    engine: Engine
    sessions: sessionmaker[Session]
    # SQLite: the evidence store next to the database file. Elsewhere: this machine's
    # cache of the evidence files the database holds (one folder per repository).
    evidence_dir: Path
    backup_path: Path | None = None  # written when this open upgraded an older schema

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def evidence_in_database(self) -> bool:
        """A shared repository keeps the evidence bytes in the database, so every machine has them."""
        return not self.is_sqlite

    def close(self) -> None:
        self.engine.dispose()


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode is durable against an application crash (the consultant's
    # risk); only a power cut can lose the last transactions.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # SQLite's own lower() folds ASCII only; names are compared case-insensitively
    # with Python's rules, as PostgreSQL does in a UTF-8 database.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def shown_url(url: str | URL) -> str:
    """The URL for messages, status bars and logs: never with the password."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.password is None:
        return str(url) if isinstance(url, str) else parsed.render_as_string(hide_password=False)
    return parsed.render_as_string(hide_password=True)


def shared_evidence_dir(url: URL) -> Path:
    """This machine's cache of a shared repository's evidence: one folder per server and database."""
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:10]
    label = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{url.host or 'local'}-{url.port or ''}-{url.database or ''}")
    return data_dir() / "shared-evidence" / f"{label.strip('_-')[:80]}-{key}"


def _check_sqlite_file(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise UserError(f"database {path} is a directory, not a file")
    if not os.access(path, os.R_OK):
        raise UserError(f"database {path} cannot be read (permission denied)")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise UserError(f"database {path} cannot be read: {exc.strerror}") from None
    if header and header != b"SQLite format 3\x00":
        raise UserError(f"{path} is not an omm database (not a SQLite file)")


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open (creating or upgrading as needed) the repository at ``url``.

    A new database gets the current schema and is stamped at head; an older one is
    copied to a backup next to it and upgraded; one written by a newer omm is refused.
    """
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(f"not a database URL: {url!r}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        # the driver omm installs (the "postgres" extra), not SQLAlchemy's default psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    shown = shown_url(url)
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise UserError(f"cannot open database {shown}: omm works with SQLite and PostgreSQL databases only")
    sqlite_path: Path | None = None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        sqlite_path = Path(parsed.database)
        _check_sqlite_file(sqlite_path)
        try:
            sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the folder for {sqlite_path}: {exc.strerror}") from None
    options: dict = {}
    if parsed.get_backend_name() == "postgresql":
        # a server can restart or a VPN drop between two answers: test pooled connections
        # before use, and give up connecting after a while rather than hang the window
        options["pool_pre_ping"] = True
        connect = {k: v for k, v in (("connect_timeout", 10), ("application_name", APP_NAME)) if k not in parsed.query}
        # like SQLite's busy timeout: a save waits this long for a colleague's lock, then says so
        # (the URL's own options come last, so they win)
        connect["options"] = f"-c lock_timeout={LOCK_TIMEOUT_MS} {parsed.query.get('options', '')}".strip()
        options["connect_args"] = connect
    try:
        engine = create_engine(parsed, future=True, **options)
    except ModuleNotFoundError as exc:
        raise UserError(f"cannot open database {shown}: the {exc.name} driver is not installed "
                        "(pip install \"psycopg[binary]\", or omm's \"postgres\" extra)") from None
    except Exception as exc:  # malformed options
        raise UserError(f"cannot open database {shown}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        evidence_dir = (sqlite_path.parent if sqlite_path else data_dir()) / "evidence"
    else:
        evidence_dir = shared_evidence_dir(parsed)
    db = Database(shown, engine, sessionmaker(engine, expire_on_commit=False), evidence_dir)
    # a caller that never closes it (a short command) still hangs up properly on a server
    weakref.finalize(db, engine.dispose)
    try:
        db.backup_path = _prepare_schema(db, sqlite_path, upgrade)
    except UserError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise UserError(_operational_message(shown, exc)) from None
    except DatabaseError as exc:
        engine.dispose()
        if engine.dialect.name != "sqlite":
            raise UserError(f"cannot use database {shown}: {_first_line(exc.orig)}") from None
        raise UserError(f"database {shown} is damaged or not a database: {exc.orig}") from None
    return db


def _first_line(error: object) -> str:
    return (str(error).strip().splitlines() or [""])[0]


def _operational_message(url: str, exc: OperationalError) -> str:
    text = str(exc.orig)
    if "locked" in text:
        return f"database {url} is locked by another program; close it and try again"
    if "readonly" in text or "read-only" in text:
        return f"database {url} is read-only"
    if "unable to open" in text:
        return f"database {url} cannot be opened (check the path and permissions)"
    return f"cannot use database {url}: {_first_line(text)}"


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """One omm at a time creates or upgrades a shared repository's schema.

    Two consultants starting a new omm on the same team database would otherwise both
    run the migrations, and one of them would fail half-way.
    """
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        key = connection.exec_driver_sql("select hashtext('omm schema ' || coalesce(current_schema(), ''))").scalar()
        connection.exec_driver_sql("set local lock_timeout = '2min'")  # a colleague's upgrade may take a while
        connection.exec_driver_sql(f"select pg_advisory_lock({int(key)})")
        connection.commit()
        try:
            yield
        finally:
            connection.exec_driver_sql(f"select pg_advisory_unlock({int(key)})")
            connection.commit()


def _prepare_schema(db: Database, sqlite_path: Path | None, upgrade: bool) -> Path | None:
    with _schema_lock(db.engine):
        return _prepare_schema_locked(db, sqlite_path, upgrade)


def _prepare_schema_locked(db: Database, sqlite_path: Path | None, upgrade: bool) -> Path | None:
    head = head_revision()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    known = {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
    if current is None:
        if tables - {"alembic_version"}:
            raise UserError(f"database {db.url} holds tables that are not an omm repository")
        with db.engine.begin() as connection:
            Base.metadata.create_all(connection)
            command.stamp(_alembic_config(connection), "head")
        return None
    if current == head:
        return None
    if current not in known:
        raise UserError(
            f"database {db.url} was written by a newer version of omm (schema {current}); "
            "update omm to open it"
        )
    if not upgrade:
        raise UserError(f"database {db.url} needs an upgrade from schema {current}")
    backup = None
    if sqlite_path is not None:
        backup = sqlite_path.with_name(f"{sqlite_path.name}.{current}.{datetime.now():%Y%m%d-%H%M%S}.bak")
        _backup_sqlite(sqlite_path, backup)
    with db.engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    return backup


def _backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (a plain copy can miss the WAL)."""
    tmp = target.with_name(target.name + ".tmp")
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    shutil.move(tmp, target)
