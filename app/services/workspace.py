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
