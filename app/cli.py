"""The ``omm`` command line: the same services as the desktop app, with no Qt.

The options and exit codes are a contract (see DESIGN.md): exit 0 on success, 1 on
a user error with one clear line on stderr, never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.content.loader import ContentLibrary, load_content
from app.errors import UserError


def _content(args: argparse.Namespace) -> ContentLibrary:
    library = load_content(args.content)
    if args.content is not None and not Path(args.content).is_dir():
        raise UserError(f"content directory {args.content} does not exist")
    return library


def cmd_validate(args: argparse.Namespace) -> int:
    library = _content(args)
    if args.json:
        print(json.dumps({
            "root": str(library.root),
            "ok": library.ok,
            "files": [
                {"path": f.path, "kind": f.kind, "id": f.id, "version": f.version,
                 "counts": f.counts, "languages": list(f.languages)}
                for f in library.files
            ],
            "problems": [
                {"file": p.file, "line": p.line, "field": p.field, "message": p.message, "text": str(p)}
                for p in library.problems
            ],
        }, ensure_ascii=False, indent=2))
    else:
        for f in library.files:
            counts = ", ".join(f"{v} {k}" for k, v in f.counts.items())
            print(f"ok     {f.path}  ({f.kind} {f.id} {f.version}: {counts})")
        for p in library.problems:
            print(f"error  {p}", file=sys.stderr)
        print(f"{len(library.files)} files valid, {len(library.problems)} problems")
    return 0 if library.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="omm", description="O&M Maturity Workbench")
    parser.add_argument("--db", metavar="URL", help="database URL for the desktop app")
    parser.add_argument("--content", metavar="DIR", help="content directory for the desktop app")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="database URL (default: SQLite file in the user data directory)")
    common.add_argument("--content", metavar="DIR", help="content directory (maturity_models/, questionnaires/)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", parents=[common], help="check every content file")
    p.add_argument("--json", action="store_true", help="machine-readable listing")
    p.set_defaults(func=cmd_validate)

    for register in _EXTRA_COMMANDS:
        register(sub, common)
    return parser


# Other modules add their commands here so this file stays a thin dispatcher.
_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed one line of usage error
        return int(exc.code or 0) and 1
    if args.command is None:
        return _open_desktop(args)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"omm: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("omm: interrupted", file=sys.stderr)
        return 1


def _open_desktop(args: argparse.Namespace) -> int:
    import importlib

    # Imported by name: the command line must not load Qt unless the window opens.
    desktop = importlib.import_module("app.ui.application")
    return int(desktop.run(db_url=getattr(args, "db", None), content_dir=getattr(args, "content", None)))


if __name__ == "__main__":
    sys.exit(main())
