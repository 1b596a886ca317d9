"""Opening a workspace: the repository and the content the window and the CLI work on."""

from __future__ import annotations

from app.content.loader import ContentLibrary
from app.storage.repository import Repository


def open_workspace(db_url: str | None, content_dir: str | None) -> tuple[Repository, ContentLibrary]:
    """What the window needs before it can show anything real: the repository and the content."""
    from app.content.loader import load_content_cached
    from app.storage.database import open_database

    library = load_content_cached(content_dir)
    repo = Repository(open_database(db_url))
    return repo, library


def open_repository(db_url: str | None) -> Repository:
    """The repository at ``db_url`` (a URL or a SQLite path; default: the user's data directory)."""
    from app.storage.database import open_database

    return Repository(open_database(db_url))


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
