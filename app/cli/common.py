"""What every command needs: the content library, the repository, the shared options.

A command group is a module in this package with ``register(sub, common)``, listed
once in ``app.cli.COMMAND_GROUPS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.content.loader import ContentLibrary, load_content, load_content_cached
from app.errors import UserError

# ``register(subparsers, common)``: adds a group's commands; ``common`` carries --db and --content.
Register = Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]


def content(args: argparse.Namespace, *, fresh: bool = False) -> ContentLibrary:
    """The content library; ``fresh`` skips the start-up cache (``omm validate`` always checks)."""
    if args.content is not None and not Path(args.content).is_dir():
        raise UserError(f"content directory {args.content} does not exist")
    return load_content(args.content) if fresh else load_content_cached(args.content)


def repository(args: argparse.Namespace, *, create: bool = False):
    """The repository ``--db`` names; a database is only created where asked (``omm demo``, ``--create``)."""
    from app.services.workspace import open_repository

    return open_repository(args.db, create=create or bool(getattr(args, "create", False)))
