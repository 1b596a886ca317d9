"""Opening a repository: default location, SQLite pragmas, schema upgrades with a backup.

SQLite in the user's data directory is the default: it works offline with nothing to
install. Any SQLAlchemy URL works too (``--db`` or ``OMM_DATABASE_URL``), so a
consultancy can share a PostgreSQL repository.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError
from app.storage.orm import Base

MIGRATIONS = Path(__file__).parent / "migrations"
APP_NAME = "omm"


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
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    evidence_dir: Path
    backup_path: Path | None = None  # written when this open upgraded an older schema

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

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
    sqlite_path: Path | None = None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        sqlite_path = Path(parsed.database)
        _check_sqlite_file(sqlite_path)
        try:
            sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the folder for {sqlite_path}: {exc.strerror}") from None
    try:
        engine = create_engine(url, future=True)
    except Exception as exc:  # missing driver, malformed options
        raise UserError(f"cannot open database {url}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    evidence_dir = (sqlite_path.parent if sqlite_path else data_dir()) / "evidence"
    db = Database(url, engine, sessionmaker(engine, expire_on_commit=False), evidence_dir)
    try:
        db.backup_path = _prepare_schema(db, sqlite_path, upgrade)
    except UserError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise UserError(_operational_message(url, exc)) from None
    except DatabaseError as exc:
        engine.dispose()
        raise UserError(f"database {url} is damaged or not a database: {exc.orig}") from None
    return db


def _operational_message(url: str, exc: OperationalError) -> str:
    text = str(exc.orig)
    if "locked" in text:
        return f"database {url} is locked by another program; close it and try again"
    if "readonly" in text or "read-only" in text:
        return f"database {url} is read-only"
    if "unable to open" in text:
        return f"database {url} cannot be opened (check the path and permissions)"
    return f"cannot use database {url}: {text}"


def _prepare_schema(db: Database, sqlite_path: Path | None, upgrade: bool) -> Path | None:
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
