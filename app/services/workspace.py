"""Opening a workspace: the repository and the content the window and the CLI work on."""

from __future__ import annotations

from app.content.loader import ContentLibrary
from app.storage.repository import Repository


def open_workspace(db_url: str | None, content_dir: str | None,
                   create: bool | None = None) -> tuple[Repository, ContentLibrary]:
    """What the window needs before it can show anything real: the repository and the content.

    The window creates its default database on first start (``create`` None means: only
    that one), or wherever the user chose "new database"; a ``--db`` path is opened, never made.
    """
    from app.content.loader import load_content_cached
    from app.storage.database import is_default_location, open_database

    library = load_content_cached(content_dir)
    repo = Repository(open_database(db_url, create=is_default_location(db_url) if create is None else create))
    return repo, library


def open_repository(db_url: str | None, *, create: bool = True) -> Repository:
    """The repository at ``db_url`` (a URL or a SQLite path; default: the user's data directory).

    ``create=False``: a missing or empty SQLite file is refused ("no omm database at PATH"), not made.
    """
    from app.storage.database import open_database

    return Repository(open_database(db_url, create=create))


def default_location() -> tuple[str, bool]:
    """The default database as people name it (its path), and whether it exists yet."""
    from pathlib import Path

    from app.storage.database import default_url, shown_location

    where = shown_location(default_url())
    return where, Path(where).exists()


def is_default_location(db_url: str | None) -> bool:
    from app.storage.database import is_default_location as default

    return default(db_url)


def location_of(url: str) -> str:
    """The database's file path (SQLite) or masked URL, for a header line."""
    from app.storage.database import shown_location

    return shown_location(url)


def close_workspace(repo: Repository) -> None:
    repo.db.close()


def database_label(repo: Repository) -> str:
    """The database for status bars and messages: never with the password of a team repository."""
    from app.storage.database import shown_url

    return shown_url(repo.db.url)


def demo_database_url() -> str:
    """Where ``omm --demo`` keeps its sample engagements."""
    from app.storage.database import data_dir

    return f"sqlite:///{data_dir() / 'demo.db'}"


def database_title(repo: Repository) -> str:
    """A short name of the open database for the window title (the file name, or database@server)."""
    from app.storage.database import database_name

    return database_name(repo.db.url)


def failure_message(exc: BaseException) -> str | None:
    """One line for a damaged database or a full disk (the environment's fault, not a bug); else None."""
    from app.storage.database import failure_message as message

    return message(exc)
