"""``omm report``: the command-line face of :func:`app.reports.api.build_report`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import content, repository
from app.errors import UserError
from app.reports.context import ALL_KINDS


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="write a Word or Excel report for an engagement",
                       description="Write a report; the suffix of FILE picks Word (.docx) or Excel (.xlsx).")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--kind", required=True, choices=ALL_KINDS, metavar="KIND",
                   help=f"one of: {', '.join(ALL_KINDS)}")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.docx or FILE.xlsx")
    p.add_argument("--lang", choices=["en", "zh"], default=None,
                   help="report language (default: the engagement's language)")
    p.add_argument("--templates", metavar="DIR", default=None,
                   help="folder with your own <kind>.<lang>.docx templates (default: report_templates/)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from app.reports.api import build_report

    library = content(args)
    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    lang = args.lang or (engagement.language if engagement.language in ("en", "zh") else "en")
    templates = Path(args.templates) if args.templates else None
    if templates is not None and not templates.is_dir():
        raise UserError(f"template folder {templates} does not exist")

    def progress(percent: int, message: str) -> None:
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{percent:3d}%  {message:<40}", end="", file=sys.stderr, flush=True)

    try:
        path = build_report(library, repo, engagement.id, args.kind, Path(args.out), lang, progress,
                            templates=templates)
    finally:
        if not args.quiet and sys.stderr.isatty():
            print("\r" + " " * 50 + "\r", end="", file=sys.stderr, flush=True)
    print(f"wrote {path}")
    return 0
