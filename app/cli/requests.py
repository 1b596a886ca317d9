"""``omm requests ENGAGEMENT``: the evidence request list (show, generate, edit, export).

  omm requests ENG [--json] [--lang en|zh]           the list (generated, not saved, until first saved)
  omm requests ENG --generate [--due DATE]           add what the questions in scope name; save
  omm requests ENG --add TITLE [--owner O] [--due D] a document asked for by hand
  omm requests ENG --set R3 [--status S] [--owner O] [--due D] [--note N] [--title T]
  omm requests ENG --remove R3
  omm requests ENG --out FILE.xlsx [--lang zh]       the workbook for the customer, with the interview plan
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.common import content, repository
from app.errors import UserError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("requests", parents=[common], help="the evidence request list: show, generate, edit, export")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--generate", action="store_true", help="add the documents the questions in scope name")
    action.add_argument("--add", metavar="TITLE", help="add a document asked for by hand")
    action.add_argument("--set", metavar="ID", help="change one item (R3): --status, --owner, --due, --note, --title")
    action.add_argument("--remove", metavar="ID", help="remove one item")
    p.add_argument("--status", choices=["requested", "received", "reviewed", "not_available"])
    p.add_argument("--owner", help="who at the customer provides it")
    p.add_argument("--due", metavar="DATE", help="due date, e.g. 2026-12-31 ('' clears it with --set)")
    p.add_argument("--note", help="a note on the item")
    p.add_argument("--title", help="the document's title (with --set)")
    p.add_argument("--out", metavar="FILE.xlsx", help="write the request list and interview plan workbook")
    p.add_argument("--json", action="store_true", help="the list as JSON")
    p.add_argument("--lang", choices=["en", "zh"], default=None, help="language of titles and of the workbook")

    def run(args: argparse.Namespace) -> int:
        from app.assessment.requests import parse_due
        from app.services import evidence_requests as service

        library = content(args)
        repo = repository(args)
        engagement = repo.find_engagement(args.engagement)
        lang = args.lang or (engagement.language if engagement.language in ("en", "zh") else "en")
        fields = {k: getattr(args, k) for k in ("status", "owner", "due", "note", "title")
                  if getattr(args, k) is not None}
        if fields and not (args.set or args.add or (args.generate and set(fields) == {"due"})):
            raise UserError(f"--{next(iter(fields))} goes with --set ID (or --add, or --due with --generate)")
        if args.generate:
            state = service.generate_requests(library, repo, engagement.id, due=parse_due(args.due))
        elif args.add:
            if "status" in fields or "title" in fields:
                raise UserError("--add takes the title itself, and --owner, --due and --note")
            state = service.add_request(library, repo, engagement.id, args.add, owner=args.owner or "",
                                        due=args.due, note=args.note or "")
        elif args.set:
            if not fields:
                raise UserError("--set needs something to change: --status, --owner, --due, --note or --title")
            state = service.update_request(library, repo, engagement.id, args.set, **fields)
        elif args.remove:
            state = service.remove_request(library, repo, engagement.id, args.remove)
        else:
            state = service.load_requests(library, repo, engagement.id)
        if args.out:
            out = Path(args.out)
            if out.suffix.lower() != ".xlsx":
                raise UserError(f"the request list is written as an Excel workbook (.xlsx), not {out.suffix or out.name!r}")
            written = service.export_requests(library, repo, engagement.id, out, lang)
            print(f"wrote {written}")
            return 0
        data = service.requests_as_json(state, lang)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        saved = f"version {state.version}" if state.stored else "generated from the questions, not saved yet"
        counts = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in data["counts"].items())
        print(f"{engagement.name}  ({engagement.customer.name})  evidence requests: {saved}")
        print(f"  {len(data['items'])} items: {counts}")
        for item in data["items"]:
            extra = "  ".join(x for x in (item["owner"], item["due"] or "") if x)
            print(f"{item['id']:>5}  [{item['status']}]  {item['title']}" + (f"  ({extra})" if extra else ""))
        return 0

    p.set_defaults(func=run)
