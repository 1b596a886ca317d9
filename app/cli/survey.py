"""``omm survey export`` and ``omm survey import``: fillable survey workbooks and their answers back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import content, repository
from app.errors import UserError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("survey", help="survey workbooks: export a fillable form per role, import filled forms",
                       description="Survey workbooks the customer's staff fill in before or after the interviews.")
    group = p.add_subparsers(dest="survey_command", metavar="SUBCOMMAND", required=True)
    p.set_defaults(func=lambda args: p.print_help() or 1)  # replaced by the subcommand's
    e = group.add_parser("export", parents=[common], help="write the fillable form of one role track",
                         description="Write the fillable survey form of one role track. Without --role, list "
                                     "the engagement's role tracks (one id a line) and exit 1.")
    e.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    e.add_argument("--role", metavar="ROLE", default=None, help="the role track (an id or a role name)")
    e.add_argument("--out", metavar="FILE", default=None, help="FILE.xlsx")
    e.add_argument("--lang", choices=["en", "zh"], default=None,
                   help="the respondents' language (default: the engagement's language)")
    e.set_defaults(func=cmd_export)
    i = group.add_parser("import", parents=[common], help="import filled forms: all of them, or none",
                         description="Import filled survey forms. Every file is checked first; if any has a "
                                     "problem, each is listed with its sheet and cell and nothing is imported.")
    i.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    i.add_argument("files", metavar="FILE.xlsx", nargs="+", help="filled survey forms")
    i.add_argument("--replace", action="store_true",
                   help="a newer form from a respondent already imported replaces their earlier one")
    i.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.engagements import find_engagement
    from app.services.surveys import export_survey, role_tracks

    library = content(args)
    repo = repository(args)
    engagement = find_engagement(repo, args.engagement)
    if not args.role:
        for role in role_tracks(library, repo, engagement.id):
            print(role)
        print("omm: error: give --role ROLE (one of the role tracks above)", file=sys.stderr)
        return 1
    if not args.out:
        raise UserError("give --out FILE.xlsx")
    lang = args.lang or (engagement.language if engagement.language in ("en", "zh") else "en")
    path = export_survey(library, repo, engagement.id, args.role, Path(args.out), lang)
    print(f"wrote {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.engagements import find_engagement
    from app.services.surveys import describe_replacement, import_surveys

    library = content(args)
    repo = repository(args)
    engagement = find_engagement(repo, args.engagement)
    result = import_surveys(library, repo, engagement.id, [Path(f) for f in args.files], replace=args.replace)
    for warning in result.warnings:
        print(f"omm: warning: {warning}", file=sys.stderr)
    if not result.ok:
        for line in result.problem_lines():
            print(f"omm: error: {line}", file=sys.stderr)
        print(f"omm: error: {len(result.problems)} problem(s); nothing was imported", file=sys.stderr)
        return 1
    if not result.imported:  # a respondent already answered: confirm with --replace
        for survey in result.replacements:
            print(f"omm: error: {describe_replacement(survey)}", file=sys.stderr)
        print("omm: error: nothing was imported; run again with --replace to replace the earlier forms",
              file=sys.stderr)
        return 1
    for survey in result.new:
        print(f"imported {survey.file}: {survey.name}, {survey.answered} answers")
    for survey in result.replacements:
        print(f"replaced {survey.name}'s earlier form with {survey.file}: {survey.answered} answers")
    for survey in result.unchanged:
        print(f"unchanged {survey.file}: {survey.name}'s form was imported before")
    return 0
