"""``omm findings ENGAGEMENT [--json]``: the diagnosis findings with their support, drafted and approved.

Lists what is stored for the engagement, or (before the consultant saved anything) the
draft made from the answers, marked as such. The JSON is a contract (DESIGN.md):
``findings`` (id, type, severity, status, rule, title, statement, domain, capabilities,
support, recommendations), ``policies`` (rank, id, title, impact, effort, start_month,
quick_win, objectives, findings) and ``summary`` (texts per language, status).
"""

from __future__ import annotations

import argparse
import json

from app.cli.common import content, repository


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("findings", parents=[common], help="findings with their support, drafted and approved")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--json", action="store_true", help="findings, policies and summary as JSON")
    p.add_argument("--lang", choices=["en", "zh"], default=None, help="titles and statements in this language")

    def run(args: argparse.Namespace) -> int:
        from app.services.findings import findings_as_json, load_diagnosis
        from app.services.results import score_engagement

        library = content(args)
        repo = repository(args)
        engagement = repo.find_engagement(args.engagement)
        lang = args.lang or (engagement.language if engagement.language in ("en", "zh") else "en")
        scores = score_engagement(library, repo, engagement.id)
        data = findings_as_json(load_diagnosis(library, repo, scores), scores, lang)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        state = "stored" if data["stored"] else "drafted from the answers, not saved yet"
        print(f"{engagement.name}  ({engagement.customer.name})  findings: {state}")
        counts: dict[str, int] = {}
        for f in data["findings"]:
            counts[f["status"]] = counts.get(f["status"], 0) + 1
        print("  " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) if counts else "  none")
        for f in data["findings"]:
            print(f"\n[{f['status']}] {f['type']} · {f['severity']}  {f['title']}")
            print(f"  {f['domain_name']}: {', '.join(c['name'] for c in f['capabilities'])}")
            kinds: dict[str, int] = {}
            for s in f["support"]:
                kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
            if kinds:
                print("  support: " + ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in kinds.items()))
            if f["recommendations"]:
                print("  leads to: " + ", ".join(f["recommendations"]))
        quick = [x for x in data["policies"] if x["quick_win"]]
        print(f"\n{len(data['policies'])} policies, {len(quick)} quick wins")
        return 0

    p.set_defaults(func=run)
