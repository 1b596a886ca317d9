"""The ``omm`` command line: the same services as the desktop app, with no Qt.

The options and exit codes are a contract (see DESIGN.md): exit 0 on success, 1 on
a user error with one clear line on stderr, never a traceback for bad input.

One module per command group, each with ``register(sub, common)``; a new group is a
new module plus one line in ``COMMAND_GROUPS`` (the order is the order of ``omm --help``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli import content, engagements, findings, org, plan, report, scores, screenshots
from app.cli.common import Register
from app.cli.common import content as _content  # noqa: F401  (the names app/cli.py had)
from app.cli.common import repository as _repository  # noqa: F401
from app.cli.desktop import demo_database_url, open_desktop
from app.cli.scores import scores_as_json
from app.errors import UserError

COMMAND_GROUPS: tuple[Register, ...] = (
    content.register,  # validate
    engagements.register,  # demo, list
    scores.register,  # score
    screenshots.register,  # screenshots
    report.register,  # report
    plan.register,  # plan
    org.register,  # org check
    findings.register,  # findings
)

__all__ = ["COMMAND_GROUPS", "build_parser", "demo_database_url", "main", "scores_as_json"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="omm", description="O&M Maturity Workbench")
    parser.add_argument("--db", metavar="URL", help="database URL for the desktop app")
    parser.add_argument("--content", metavar="DIR", help="content directory for the desktop app")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on the demo database (created with sample engagements on first start)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="database URL (default: SQLite file in the user data directory)")
    common.add_argument("--content", metavar="DIR", help="content directory (maturity_models/, questionnaires/)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in COMMAND_GROUPS:
        register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed one line of usage error
        return int(exc.code or 0) and 1
    if args.command is None:
        return open_desktop(args)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"omm: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("omm: interrupted", file=sys.stderr)
        return 1
