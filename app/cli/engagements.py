"""``omm demo`` and ``omm list``: sample engagements and the engagement list."""

from __future__ import annotations

import argparse
import json

from app.cli.common import content, repository
from app.errors import UserError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="create realistic sample engagements")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("list", parents=[common], help="list engagements")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include archived engagements")
    p.set_defaults(func=cmd_list)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import create_demo

    library = content(args)
    if not library.models:
        raise UserError(f"no maturity models in {library.root}; run 'omm validate' to see why")
    repo = repository(args)
    created = create_demo(library, repo)
    for name in created:
        print(f"created  {name}")
    if not created:
        print("the demo engagements already exist")
    from app.services.workspace import database_label
    print(f"database: {database_label(repo)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.services.engagements import list_engagements
    from app.storage.records import EngagementFilter

    repo = repository(args)
    rows = list_engagements(repo, EngagementFilter(include_archived=args.all))
    if args.json:
        print(json.dumps([
            {"id": r.id, "name": r.name, "customer": r.customer_name, "industry": r.industry,
             "consultant": r.consultant, "status": r.status.value, "archived": r.archived,
             "start_date": r.start_date.isoformat() if r.start_date else None,
             "updated_at": r.updated_at.isoformat(), "services": list(r.service_ids),
             "interviewees": r.interviewee_count, "answers": r.answer_count}
            for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no engagements yet (create one in the app, or run 'omm demo')")
        return 0
    for r in rows:
        print(f"{r.id[:8]}  {r.status.value:<11}  {r.customer_name[:30]:<30}  {r.name}")
    return 0
