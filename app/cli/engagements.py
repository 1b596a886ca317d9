"""``omm demo`` and ``omm list``: sample engagements and the engagement list."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

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
    repo = repository(args, create=True)
    created = create_demo(library, repo)
    for name in created:
        print(f"created  {name}")
    if not created:
        print("the demo engagements already exist")
    from app.services.workspace import database_label
    print(f"database: {database_label(repo)}")
    return 0


def _print_no_engagements(default_location: bool) -> None:
    from app.cli.desktop import demo_database_url
    from app.services.workspace import location_of

    print("no engagements yet (create one in the app, or run 'omm demo' for sample engagements)")
    demo = location_of(demo_database_url())
    if default_location and Path(demo).exists():
        print(f"the window's sample engagements (make run, omm --demo) are in {demo}: omm list --db {demo}")


def cmd_list(args: argparse.Namespace) -> int:
    from app.services.engagements import list_engagements
    from app.services.workspace import default_location as default_database
    from app.services.workspace import is_default_location, location_of
    from app.storage.records import EngagementFilter

    default_location = is_default_location(args.db)
    where, exists = default_database()
    if default_location and not args.create and not exists:
        # nothing to list, and nothing is created just by looking (the window makes this file on first start)
        if args.json:
            print("[]")
        else:
            print(f"database: {where} (not created yet)")
            _print_no_engagements(default_location)
        return 0
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
    # which database this is: the window may show another one (make run opens the demo database)
    print(f"database: {location_of(repo.db.url)}")
    if not rows:
        _print_no_engagements(default_location)
        return 0
    for r in rows:
        print(f"{r.id[:8]}  {r.status.value:<11}  {r.customer_name[:30]:<30}  {r.name}")
    return 0
