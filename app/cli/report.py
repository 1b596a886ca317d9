"""``omm report``: the command-line face of :func:`app.services.reports.write_report`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import content, repository
from app.errors import UserError
from app.reports import registry


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="write a Word or Excel report for an engagement",
                       description="Write a report; the suffix of FILE picks Word (.docx) or Excel (.xlsx). "
                                   "The process templates are a set of files: --out names the folder they go into.")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--kind", required=True, choices=registry.KindChoices(), metavar="KIND",
                   help="one of: %(choices)s")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.docx or FILE.xlsx (a folder for process-templates)")
    p.add_argument("--lang", choices=["en", "zh"], default=None,
                   help="report language (default: the engagement's language)")
    p.add_argument("--templates", metavar="DIR", default=None,
                   help="folder with your own <kind>.<lang>.docx templates (default: report_templates/)")
    p.add_argument("--snapshot", metavar="ID", default=None,
                   help="show a frozen snapshot (S2) instead of today's data: the same file whenever made")
    p.add_argument("--consultancy-name", metavar="NAME", default=None,
                   help="your consultancy's name on the cover (default: none)")
    p.add_argument("--logo", metavar="FILE", default=None,
                   help="your consultancy's logo on the cover: PNG or JPEG, at most 2 MB (default: the template's mark)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    for name, help_text in _declared_options().items():  # what some kinds need, e.g. a role
        p.add_argument(f"--{name}", metavar=name.upper(), default=None, help=help_text)
    p.set_defaults(func=cmd_report)


def _declared_options() -> dict[str, str]:
    options: dict[str, str] = {}
    for kind in registry.kinds():
        for option in kind.options:
            options.setdefault(option.name, f"{option.help} (the {kind.id} report)")
    return options


def cmd_report(args: argparse.Namespace) -> int:
    from app.services.reports import ReportOptions, load_branding, write_report

    library = content(args)
    repo = repository(args)
    from app.services.engagements import find_engagement
    engagement = find_engagement(repo, args.engagement)
    lang = args.lang or (engagement.language if engagement.language in ("en", "zh") else "en")
    templates = Path(args.templates) if args.templates else None
    if templates is not None and not templates.is_dir():
        raise UserError(f"template folder {templates} does not exist")
    export = ReportOptions(branding=load_branding(args.consultancy_name or "", args.logo))  # checked before writing

    def progress(percent: int, message: str) -> None:
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{percent:3d}%  {message:<40}", end="", file=sys.stderr, flush=True)

    try:
        options = {name: getattr(args, name.replace("-", "_")) for name in _declared_options()}
        path = write_report(library, repo, engagement.id, args.kind, Path(args.out), lang, progress,
                            templates=templates, options={k: v for k, v in options.items() if v is not None},
                            export=export, snapshot=args.snapshot)
    finally:
        if not args.quiet and sys.stderr.isatty():
            print("\r" + " " * 50 + "\r", end="", file=sys.stderr, flush=True)
    print(f"wrote {path}")
    return 0
