"""``omm validate``: check every content file."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.common import content


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("validate", parents=[common], help="check every content file")
    p.add_argument("--json", action="store_true", help="machine-readable listing")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    library = content(args, fresh=True)
    if args.json:
        print(json.dumps({
            "root": str(library.root),
            "ok": library.ok,
            "files": [
                {"path": f.path, "kind": f.kind, "id": f.id, "version": f.version,
                 "counts": f.counts, "languages": list(f.languages),
                 **({"titles": f.titles} if f.titles else {})}
                for f in library.files
            ],
            "problems": [
                {"file": p.file, "line": p.line, "field": p.field, "message": p.message, "text": str(p)}
                for p in library.problems
            ],
            "warnings": [
                {"file": p.file, "line": p.line, "field": p.field, "message": p.message, "text": str(p)}
                for p in library.warnings
            ],
        }, ensure_ascii=False, indent=2))
    else:
        for f in library.files:
            counts = ", ".join(f"{v} {k}" for k, v in f.counts.items())
            print(f"ok     {f.path}  ({f.kind} {f.id} {f.version}: {counts})")
        for p in library.problems:
            print(f"error  {p}", file=sys.stderr)
        for p in library.warnings:
            print(f"warning  {p}", file=sys.stderr)
        print(f"{len(library.files)} files valid, {len(library.problems)} problems")
    return 0 if library.ok else 1
