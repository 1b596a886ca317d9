"""``omm screenshots``: each main screen rendered to PNG, offscreen (the only command that loads Qt)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("screenshots", parents=[common], help="render each main screen to PNG, offscreen")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for <screen>-<lang>-<w>x<h>.png")
    p.add_argument("--demo", action="store_true",
                   help="add the sample engagements (to a temporary database unless --db is given)")

    def run(args: argparse.Namespace) -> int:
        import importlib

        # Imported by name so that importing app.cli never loads Qt.
        return int(importlib.import_module("app.ui.screenshots").cmd_screenshots(args))

    p.set_defaults(func=run)
