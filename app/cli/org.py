"""``omm org check``: the staffing findings and RACI problems of an engagement's organisation design."""

from __future__ import annotations

import argparse
import json

from app.cli.common import content, repository


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    org = sub.add_parser("org", help="organisation optimisation: check the organisation design")
    org_sub = org.add_subparsers(dest="org_command", metavar="COMMAND", required=True)
    org.set_defaults(func=lambda args: org.print_help() or 1)  # replaced by the subcommand's
    p = org_sub.add_parser("check", parents=[common], help="staffing findings and RACI problems",
                           description="Check the engagement's current and target organisation against the "
                                       "staffing rules, and its RACI (one A and at least one R per activity).")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--json", action="store_true",
                   help="findings[rule, severity, subject, message] and raci_problems[activity, problem]")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from app.services import organisation

    library = content(args)
    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    stored = organisation.load_design(library, repo, engagement.id)
    view = organisation.organisation_view(library, repo, engagement.id, args.lang, stored.design)
    if args.json:
        payload = {
            "engagement": {"id": engagement.id, "name": engagement.name},
            "size": stored.design.size,
            "saved": stored.version > 0,
            "headcount": {"current": view.current.headcount, "target": view.target.headcount},
            **view.check.to_dict(args.lang, view.names),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    note = "" if stored.version else "  (not saved yet: the template as target)"
    print(f"{engagement.name}: {view.size}, current {view.current.headcount} people, "
          f"target {view.target.headcount} people{note}")
    print(f"\nStaffing findings ({len(view.findings)})")
    for f in view.findings:
        print(f"  [{f.severity_key:<6}] {f.scope:<7} {f.message}\n{'':19}-> {f.action}")
    print(f"\nRACI problems ({len(view.raci_problems)})")
    for p in view.raci_problems:
        print(f"  [{p.severity_key:<7}] {p.cell}: {p.problem}")
    return 0
