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

from app.cli import (
    content,
    engagements,
    findings,
    org,
    packages,
    plan,
    portfolio,
    process,
    report,
    requests,
    review,
    scores,
    screenshots,
    survey,
)
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
    process.register,  # process list|show|check|seed|approve|export|import
    packages.register,  # export, import, push, pull
    survey.register,  # survey export, survey import
    portfolio.register,  # portfolio, compare
    requests.register,  # requests
    review.register,  # signoff, snapshot
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
    common.add_argument("--create", action="store_true",
                        help="create the database named by --db if it does not exist yet")
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
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers, not at exit
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except UserError as exc:
        print(f"omm: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("omm: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:
        message = _known_failure(exc)
        if message is None:
            raise  # a bug: the full detail helps whoever fixes it
        print(f"omm: error: {message}", file=sys.stderr)
        return 1


def _reader_went_away() -> int:
    """Output piped into a program that stopped reading (``omm score X | head -1``): stop quietly.

    Python would report the closed pipe again when it flushes stdout at exit, so stdout
    is pointed at /dev/null first. Exit 1, as Python does: not everything was written.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 1


def _known_failure(exc: Exception) -> str | None:
    """One line for failures that are the environment's, not the program's: a damaged database, a full disk."""
    from app.services.workspace import failure_message

    return failure_message(exc)
