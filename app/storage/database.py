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
import stat
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

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


PRIVATE_FILE = 0o600  # customer interviews are confidential: the user's eyes only
PRIVATE_FOLDER = 0o700


def data_dir() -> Path:
    """Where the default database and the evidence store live (``OMM_DATA_DIR`` overrides)."""
    env = os.environ.get("OMM_DATA_DIR")
    return Path(env) if env else Path(user_data_dir(APP_NAME, appauthor=False))


def default_url() -> str:
    env = os.environ.get("OMM_DATABASE_URL")
    if env:
        return env
    return f"sqlite:///{data_dir() / 'omm.db'}"


def is_default_location(url: str | None) -> bool:
    """True when ``url`` means the data folder's own omm.db (which the window may create on first start)."""
    return not url and not os.environ.get("OMM_DATABASE_URL")


def resolve_url(url: str | None) -> str:
    """Accept a SQLAlchemy URL or a plain path to a SQLite file."""
    if not url:
        return default_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return _encode_userinfo(url)


def make_private_folder(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by the user only; tighten it if it exists."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask
    make_private(path)


def make_private(path: Path) -> None:
    """Drop group and other permissions from a file or folder the user owns (nothing else is touched)."""
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
    except (OSError, AttributeError):  # gone meanwhile, or no uids on this system
        pass


# --- URLs as people see them -------------------------------------------------------

_SECRET_KEYS = re.compile(r"(?i)^(password|passwd|pwd|sslpassword|secret|token|.*_key|api[-_]?key)$")


def _split_netloc(url: str) -> tuple[str, str, str] | None:
    """``scheme://``, the user and password (before the host's last ``@``), and the rest; None without them."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    end = min([i for i in (rest.find(c) for c in "/?#") if i != -1], default=len(rest))
    netloc = rest[:end]
    if "@" not in netloc:
        return None
    userinfo, _, hostport = netloc.rpartition("@")
    return scheme + sep, userinfo, hostport + rest[end:]


def _encode_userinfo(url: str) -> str:
    """An ``@`` or ``:`` typed unencoded in a password is part of the password, not of the host."""
    parts = _split_netloc(url)
    if parts is None or url.startswith("sqlite"):
        return url
    head, userinfo, tail = parts
    user, colon, password = userinfo.partition(":")
    if "@" not in password and "@" not in user:
        return url
    return f"{head}{quote(user, safe='%')}{colon}{quote(password, safe='%')}@{tail}"


def mask_url(url: str) -> str:
    """``url`` with every credential it holds replaced by ``***``; works on URLs that do not parse."""
    text = url
    parts = _split_netloc(text)
    if parts is not None and not text.startswith("sqlite"):
        head, userinfo, tail = parts
        user, colon, _password = userinfo.partition(":")
        text = f"{head}{user}{':***' if colon else ''}@{tail}"

    def query_value(match: re.Match) -> str:
        key = match.group(2)
        return match.group(0) if not _SECRET_KEYS.match(key) else f"{match.group(1)}{key}=***"

    return re.sub(r"([?&;])([^=&#;]+)=([^&#;]*)", query_value, text)


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
    """The URL for messages, status bars and logs: never with a password, in whatever form it came."""
    text = url if isinstance(url, str) else url.render_as_string(hide_password=True)
    return mask_url(text)


def database_name(url: str) -> str:
    """A short name for a title bar: the file name of a SQLite database, the server's database otherwise."""
    location = shown_location(url)
    if url.startswith("sqlite"):
        return Path(location).name or location
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return location
    return f"{parsed.database or ''}@{parsed.host or 'localhost'}"


def shown_location(url: str) -> str:
    """What people call the database: the file's path for SQLite, the masked URL otherwise."""
    if url.startswith("sqlite:///") and url not in ("sqlite://", "sqlite:///:memory:"):
        return url.removeprefix("sqlite:///").split("?", 1)[0]
    return shown_url(url)


def shared_evidence_dir(url: URL) -> Path:
    """This machine's cache of a shared repository's evidence: one folder per server and database."""
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:10]
    label = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{url.host or 'local'}-{url.port or ''}-{url.database or ''}")
    return data_dir() / "shared-evidence" / f"{label.strip('_-')[:80]}-{key}"


SQLITE_HEADER = b"SQLite format 3\x00"


def _inspect_sqlite_file(path: Path, create: bool) -> bool:
    """Look at a SQLite file without changing anything; True when it is empty and may become an omm database.

    Switching to WAL mode (which the connection hook does) writes to the file, so a
    foreign or damaged file is refused here, read-only, before SQLAlchemy touches it.
    """
    if not path.exists():
        if not create:
            raise UserError(f"no omm database at {path} (check the path; --create makes a new one)")
        return True
    if path.is_dir():
        raise UserError(f"database {path} is a directory, not a file")
    if not os.access(path, os.R_OK):
        raise UserError(f"database {path} cannot be read (permission denied)")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise UserError(f"database {path} cannot be read: {exc.strerror}") from None
    if not header:
        if not create:
            raise UserError(f"no omm database at {path} (the file is empty)")
        return True
    if header != SQLITE_HEADER:
        raise UserError(f"{path} is not an omm database (not a SQLite file)")
    try:
        # read-only, so that even a locked or foreign file is left exactly as it was
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=LOCK_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise UserError(f"database {path} cannot be opened: {exc}") from None
    try:
        tables = {name for (name,) in connection.execute("select name from sqlite_master where type = 'table'")}
        if not tables:
            if not create:
                raise UserError(f"no omm database at {path} (the SQLite file holds no tables)")
            return True
        if "alembic_version" not in tables or "engagements" not in tables:
            raise UserError(f"{path} holds tables that are not an omm repository (another program's database?)")
        problems = [row[0] for row in connection.execute("pragma quick_check(3)")]
        if problems != ["ok"]:
            lines = [x for x in "\n".join(problems).splitlines() if x.strip() and not x.startswith("***")]
            raise UserError(f"database {path} is damaged ({(lines or ['failed its check'])[0]}); "
                            "restore it from a backup "
                            f"(omm keeps one beside it, named {path.name}.<schema>.<date>.bak, after each upgrade)")
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise UserError(f"database {path} is locked by another program; close it and try again") from None
        raise UserError(f"database {path} is damaged or not a database ({text}); restore it from a backup") \
            from None
    finally:
        connection.close()
    return False


def _create_private_file(path: Path) -> None:
    """An empty file only the user can read; SQLite gives its -wal and -shm files the same mode."""
    try:
        make_private_folder(path.parent) if path.parent == data_dir() else path.parent.mkdir(
            parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    except OSError as exc:
        raise UserError(f"cannot create the database {path}: {exc.strerror}") from None


def _make_database_private(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        make_private(candidate)


def _make_evidence_private(evidence_dir: Path) -> None:
    """Evidence folders written by an older omm were world-readable (0755); now the user's only."""
    if evidence_dir.is_dir():
        make_private(evidence_dir)
        for child in evidence_dir.iterdir():
            if child.is_dir():
                make_private(child)


def _url_error(url: str, exc: Exception) -> UserError:
    shown = mask_url(url)
    text = str(exc)
    if "int()" in text:  # SQLAlchemy reads the port with int()
        return UserError(f"not a valid database URL: {shown} (the port must be a number; "
                         "an IPv6 host goes in brackets, [::1])")
    return UserError(f"not a valid database URL: {shown} ({text})")


def open_database(url: str | None = None, *, upgrade: bool = True, create: bool = True) -> Database:
    """Open (creating or upgrading as needed) the repository at ``url``.

    A new database gets the current schema and is stamped at head; an older one is
    copied to a backup next to it and upgraded; one written by a newer omm is refused.
    With ``create=False`` (a path the user typed) a missing or empty SQLite file is
    refused instead: a typo must not leave an empty database and folders behind.
    """
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise _url_error(url, exc) from None
    if parsed.drivername in ("postgresql", "postgres"):
        # the driver omm installs (the "postgres" extra), not SQLAlchemy's default psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    shown = shown_url(url)
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise UserError(f"cannot open database {shown}: omm works with SQLite and PostgreSQL databases only")
    sqlite_path: Path | None = None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        sqlite_path = Path(parsed.database)
        if _inspect_sqlite_file(sqlite_path, create):
            _create_private_file(sqlite_path)
        _make_database_private(sqlite_path)
    elif parsed.get_backend_name() == "postgresql":
        try:
            parsed.port  # noqa: B018 - parsed lazily by some versions
        except ValueError as exc:
            raise _url_error(url, exc) from None
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
    _make_evidence_private(evidence_dir)
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
    os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE))  # private like the original
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


def failure_message(exc: BaseException) -> str | None:
    """One line for failures of the environment, not of the program (a damaged database, a full disk); else None."""
    import errno

    if isinstance(exc, DatabaseError) and not isinstance(exc, OperationalError):
        reason = _first_line(getattr(exc, "orig", exc)) or "unknown error"
        if "malformed" in reason or "not a database" in reason or "corrupt" in reason:
            return f"the database is damaged ({reason}); restore it from a backup"
        return f"the database refused the request: {reason}"
    if isinstance(exc, OperationalError):
        return f"the database could not be used: {_first_line(exc.orig) or 'unknown error'}"
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EPERM):
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot write{where}: {exc.strerror}"
    return None
