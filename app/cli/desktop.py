"""``omm`` with no command: the desktop application (``--demo`` on a sample database)."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import content, repository
from app.errors import UserError


def demo_database_url() -> str:
    from app.services.workspace import demo_database_url

    return demo_database_url()


def missing_display() -> str | None:
    """Why no window can open here (Linux without X11 or Wayland), in one line; None when one can."""
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display: the window needs a graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "the commands work without one (omm --help)")


def open_desktop(args: argparse.Namespace) -> int:
    import importlib

    problem = missing_display()
    if problem is not None:
        print(f"omm: error: {problem}", file=sys.stderr)
        return 1
    db_url = args.db
    if args.demo:
        db_url = db_url or demo_database_url()
        args.db = db_url
        try:
            from app.demo import create_demo
            from app.services.workspace import close_workspace

            repo = repository(args, create=True)
            # every start: adds whatever sample engagement is missing (a killed 'omm demo', say);
            # the ones already there are left as they are
            create_demo(content(args), repo)
            close_workspace(repo)
        except UserError as exc:
            print(f"omm: error: {exc}", file=sys.stderr)
            return 1
    # Imported by name: the command line must not load Qt unless the window opens.
    desktop = importlib.import_module("app.ui.application")
    return int(desktop.run(db_url=db_url, content_dir=args.content))
