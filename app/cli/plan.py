"""``omm plan ENGAGEMENT [--json]``: the roadmap of an assessment-and-planning engagement.

The stored plan (or, before the consultant saved one, the draft made from the workshop
answers and the scores): phases with their load against capacity, the items placed in
them, what could not be scheduled and why. The JSON is a contract (DESIGN.md): ``phases``
(id, start_month, end_month, capacity, load), ``items`` (id, name, phase, start_month,
end_month, effort, depends_on, critical) and ``unscheduled`` (id, reason).
"""

from __future__ import annotations

import argparse
import json

from app.cli.common import content, repository


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("plan", parents=[common], help="the roadmap: phases, items, unscheduled")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--json", action="store_true", help="phases, items and unscheduled as JSON")
    p.add_argument("--lang", choices=["en", "zh"], default=None, help="names and reasons in this language")

    def run(args: argparse.Namespace) -> int:
        from app.services.planning import load_planning, plan_as_json

        library = content(args)
        repo = repository(args)
        from app.services.engagements import find_engagement
        engagement = find_engagement(repo, args.engagement)
        lang = args.lang or (engagement.language if engagement.language in ("en", "zh") else "en")
        state = load_planning(library, repo, engagement.id)
        data = plan_as_json(state, lang)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        status = f"saved, version {state.version}" if state.saved else "draft, not saved yet"
        print(f"{engagement.name}  ({engagement.customer.name})  plan: {status}")
        for phase in data["phases"]:
            over = "  OVER CAPACITY" if phase["load"] > phase["capacity"] + 1e-6 else ""
            print(f"\n{phase['id']}  months {phase['start_month']:g}-{phase['end_month']:g}  "
                  f"load {phase['load']:g} of {phase['capacity']:g} person-months{over}  {phase['name']}")
            for item in data["items"]:
                if item["phase"] == phase["id"]:
                    mark = "*" if item["critical"] else " "
                    print(f"  {mark} {item['start_month']:>4g}-{item['end_month']:<4g} {item['effort']:>5g} pm  "
                          f"{item['name']}")
                    for flag in item["flags"]:
                        print(f"        ! {flag}")
        if data["unscheduled"]:
            print("\nnot scheduled:")
            for u in data["unscheduled"]:
                print(f"  - {u['reason']}")
        print(f"\n* critical path; the plan ends in month {data['end_month']:g}")
        return 0

    p.set_defaults(func=run)
