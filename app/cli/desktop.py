"""``omm`` with no command: the desktop application (``--demo`` on a sample database)."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import content, repository
from app.errors import UserError


def demo_database_url() -> str:
    from app.services.workspace import demo_database_url

    return demo_database_url()


def open_desktop(args: argparse.Namespace) -> int:
    import importlib

    db_url = args.db
    if args.demo:
        db_url = db_url or demo_database_url()
        args.db = db_url
        try:
            repo = repository(args)
            from app.services.engagements import list_engagements
            from app.services.workspace import close_workspace

            if not list_engagements(repo):
                from app.demo import create_demo

                create_demo(content(args), repo)
            close_workspace(repo)
        except UserError as exc:
            print(f"omm: error: {exc}", file=sys.stderr)
            return 1
    # Imported by name: the command line must not load Qt unless the window opens.
    desktop = importlib.import_module("app.ui.application")
    return int(desktop.run(db_url=db_url, content_dir=args.content))
