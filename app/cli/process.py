"""``omm process``: the seven processes of an engagement — assessment, specification, checks.

- ``omm process list ENGAGEMENT [--json]``: each process's level, target, gap, findings,
  specification status and problem counts;
- ``omm process show ENGAGEMENT PROCESS [--variant ID] [--lang en|zh] [--json]``: one specification;
- ``omm process check ENGAGEMENT [PROCESS] [--json]``: every problem with where to fix it
  (exit 1 when there is an error);
- ``omm process seed ENGAGEMENT [PROCESS...] [--replace]``: store seeded specifications
  (all in one transaction);
- ``omm process approve ENGAGEMENT PROCESS [--draft]``: mark as the customer's standard
  (refused while it has errors);
- ``omm process export ENGAGEMENT --out FILE.json`` / ``omm process import ENGAGEMENT FILE.json``:
  the specifications as one JSON file, imported all or nothing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.common import content, repository


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = sub.add_parser("process", help="process optimisation: assessments and specifications of the seven processes")
    process_sub = group.add_subparsers(dest="process_command", metavar="COMMAND", required=True)
    group.set_defaults(func=lambda args: group.print_help() or 1)

    def engagement(p: argparse.ArgumentParser) -> None:
        p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")

    p = process_sub.add_parser("list", parents=[common], help="the seven processes: assessment and specification status")
    engagement(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.set_defaults(func=cmd_list)

    p = process_sub.add_parser("show", parents=[common], help="one process's specification")
    engagement(p)
    p.add_argument("process", metavar="PROCESS", help="change, monitoring, incident, pir, problem, capacity, handover")
    p.add_argument("--variant", metavar="ID", help="the specification as this business line's variant tailors it")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.set_defaults(func=cmd_show)

    p = process_sub.add_parser("check", parents=[common], help="problems of the specifications, with where to fix them",
                               description="Unknown roles, activities with no Responsible or Accountable, KPIs "
                                           "without formula, circular interfaces ...; exit 1 when there is an error.")
    engagement(p)
    p.add_argument("process", metavar="PROCESS", nargs="?", help="only this process")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.set_defaults(func=cmd_check)

    p = process_sub.add_parser("seed", parents=[common], help="store specifications seeded from the model and answers")
    engagement(p)
    p.add_argument("processes", metavar="PROCESS", nargs="*", help="only these processes (default: all seven)")
    p.add_argument("--replace", action="store_true", help="replace specifications that are already stored")
    p.set_defaults(func=cmd_seed)

    p = process_sub.add_parser("approve", parents=[common], help="mark a specification as the customer's standard")
    engagement(p)
    p.add_argument("process", metavar="PROCESS")
    p.add_argument("--draft", action="store_true", help="set it back to draft instead")
    p.set_defaults(func=cmd_approve)

    p = process_sub.add_parser("export", parents=[common], help="every specification as one JSON file")
    engagement(p)
    p.add_argument("--out", required=True, metavar="FILE.json")
    p.set_defaults(func=cmd_export)

    p = process_sub.add_parser("import", parents=[common], help="specifications from a JSON file, all or nothing")
    engagement(p)
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_import)


def _level(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def cmd_list(args: argparse.Namespace) -> int:
    from app.services import processes

    library, repo = content(args), repository(args)
    engagement = repo.find_engagement(args.engagement)
    book = processes.load_book(library, repo, engagement.id)
    rows = []
    for pid in book.order:
        a, stored = book.assessments[pid], book.specs[pid]
        problems = book.problems_of(pid)
        rows.append({
            "process": pid, "name": a.name.get(args.lang), "level": a.level, "target": a.target, "gap": a.gap,
            "coverage": a.coverage, "findings": len(a.findings), "status": stored.spec.status,
            "saved": stored.saved, "version": stored.version,
            "errors": sum(1 for p in problems if p.is_error), "warnings": sum(1 for p in problems if not p.is_error),
            "variants": [v.name.get(args.lang) for v in stored.spec.variants]})
    if args.json:
        print(json.dumps({"engagement": {"id": engagement.id, "name": engagement.name}, "size": book.size,
                          "raci_from": book.raci_origin, "notes": book.notes, "processes": rows},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{engagement.name}: process optimisation ({book.size}); RACI from {book.raci_origin.replace('_', ' ')}")
    for note in book.notes:
        print(f"  note: {note}")
    print(f"  {'process':<11} {'level':>5} {'target':>6} {'gap':>5}  findings  specification")
    for r in rows:
        saved = f"{r['status']} v{r['version']}" if r["saved"] else "not saved (seeded)"
        variants = f", {len(r['variants'])} variant(s)" if r["variants"] else ""
        print(f"  {r['process']:<11} {_level(r['level']):>5} {r['target']:>6.2f} {_level(r['gap']):>5}  "
              f"{r['findings']:>8}  {saved}, {r['errors']} error(s), {r['warnings']} warning(s){variants}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.planning.processes import apply_variant, variant_differences
    from app.services import processes

    library, repo = content(args), repository(args)
    engagement = repo.find_engagement(args.engagement)
    book = processes.load_book(library, repo, engagement.id)
    if args.process not in book.specs:
        from app.errors import UserError

        raise UserError(f"there is no process {args.process!r}; the processes are {', '.join(book.order)}")
    stored = book.specs[args.process]
    spec = apply_variant(stored.spec, args.variant) if args.variant else stored.spec
    if args.json:
        payload = spec.to_dict()
        if args.variant:
            names = {r: book.role_names[r] for r in book.role_names}
            payload["differences"] = [
                {"key": d.key, "what": d.label.get(args.lang), "base": d.base.get(args.lang),
                 "variant": d.variant.get(args.lang)} for d in variant_differences(stored.spec, args.variant, names)]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    lang = args.lang

    def role(rid: str) -> str:
        return book.role_name(rid, lang, args.process)

    a = book.assessments[args.process]
    print(f"{spec.name.get(lang)} — {spec.status}, version {stored.version}" + (f", variant {args.variant}"
                                                                                   if args.variant else ""))
    print(f"Level {_level(a.level)} / target {a.target:.2f}; owner: {role(spec.owner) if spec.owner else '-'}")
    print(f"\nPurpose: {spec.purpose.get(lang)}\nScope: {spec.scope.get(lang)}")
    print("\nTriggers:")
    for t in spec.triggers:
        print(f"  - {t.get(lang)}")
    print("\nActivities:")
    for n, act in enumerate(spec.activities, 1):
        raci = ", ".join(f"{role(r)} {v}" for r, v in act.raci.items())
        print(f"  {n}. {act.name.get(lang)}  [{raci}]")
        for i, step in enumerate(act.steps, 1):
            print(f"     {n}.{i} {step.get(lang)}")
    print("\nKPIs:")
    for k in spec.kpis:
        base = "-" if k.baseline is None else f"{k.baseline:g}"
        target = "-" if k.target is None else f"{k.target:g}"
        print(f"  {k.name.get(lang)}: {k.formula}  baseline {base}, target {target} {k.unit}")
    print("\nInterfaces:")
    for i in spec.interfaces:
        arrow = "->" if i.direction == "out" else "<-"
        print(f"  {i.activity} {arrow} {i.process}/{i.other_activity}: {i.description.get(lang)}")
    print("\nRollout:")
    for s in spec.rollout:
        print(f"  phase {s.phase}, months {s.start_month}-{s.end_month}: {s.title.get(lang)} ({role(s.owner)})")
    if args.variant:
        print("\nDifferences from the base specification:")
        for d in variant_differences(stored.spec, args.variant, book.role_names):
            print(f"  {d.label.get(lang)}:\n    base:    {d.base.get(lang)}\n    variant: {d.variant.get(lang)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.services import processes

    library, repo = content(args), repository(args)
    engagement = repo.find_engagement(args.engagement)
    problems = processes.check(library, repo, engagement.id, args.process)
    errors = [p for p in problems if p.is_error]
    if args.json:
        print(json.dumps({"engagement": {"id": engagement.id, "name": engagement.name},
                          "errors": len(errors), "warnings": len(problems) - len(errors),
                          "problems": [p.to_dict() for p in problems]}, ensure_ascii=False, indent=2))
    else:
        print(f"{engagement.name}: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
        for p in problems:
            print(f"  [{p.severity:<7}] {p.line(args.lang)}")
    return 1 if errors else 0


def cmd_seed(args: argparse.Namespace) -> int:
    from app.services import processes

    library, repo = content(args), repository(args)
    engagement = repo.find_engagement(args.engagement)
    written = processes.seed(library, repo, engagement.id, args.processes or None, replace=args.replace)
    if not written:
        print(f"{engagement.name}: every specification is already stored (use --replace to seed again)")
    for pid, version in written.items():
        print(f"seeded {pid} (version {version})")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from app.services import processes

    library, repo = content(args), repository(args)
    engagement = repo.find_engagement(args.engagement)
    version = processes.approve(library, repo, engagement.id, args.process, approved=not args.draft)
    print(f"{args.process}: {'draft' if args.draft else 'approved'} (version {version})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.services import processes

    library, repo = content(args), repository(args)
    engagement = repo.find_engagement(args.engagement)
    print(processes.export_specs(library, repo, engagement.id, Path(args.out)))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.services import processes

    library, repo = content(args), repository(args)
    engagement = repo.find_engagement(args.engagement)
    written = processes.import_specs(library, repo, engagement.id, Path(args.file))
    for pid, version in written.items():
        print(f"imported {pid} (version {version})")
    return 0
