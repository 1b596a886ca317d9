"""Scheduling 500 initiatives with 1,000 dependencies over 8 phases. Target: < 200 ms.

A synthetic plan (random but seeded): each initiative depends on up to a few earlier
ones, so the graph has no cycle; 8 phases of 3 months with a capacity that leaves some
work unscheduled, so the capacity search and the unscheduled reasons are timed too.
Also times the whole analysis (gaps, schedule, evolution) of a plan drafted from the
shipped content when it is installed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.planning.model import Phase, PlanInitiative  # noqa: E402
from app.planning.roadmap import schedule  # noqa: E402


def synthetic(n: int = 500, edges: int = 1000, phases: int = 8, seed: int = 3):
    rng = random.Random(seed)
    ids = [f"ini.{k:03d}" for k in range(n)]
    deps: dict[str, set[str]] = {i: set() for i in ids}
    while sum(len(d) for d in deps.values()) < edges:
        a, b = sorted(rng.sample(range(n), 2))
        deps[ids[b]].add(ids[a])
    items = [PlanInitiative(i, {"en": i}, (f"cap.{k % 48}",), effort=rng.choice([1, 2, 3, 4, 6, 9]),
                            duration_months=rng.choice([1, 2, 3]), depends_on=tuple(sorted(deps[i])))
             for k, i in enumerate(ids)]
    plan_phases = [Phase(f"P{k + 1}", {"en": f"P{k + 1}"}, 3.0 * k, 3.0 * (k + 1), 260.0) for k in range(phases)]
    priority = {i: rng.random() for i in ids}
    return items, plan_phases, priority


def main() -> int:
    items, plan_phases, priority = synthetic()
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        result = schedule(items, plan_phases, priority=priority)
        times.append((time.perf_counter() - t0) * 1000)
    dependencies = sum(len(i.depends_on) for i in items)
    print(f"schedule: {len(items)} initiatives, {dependencies} dependencies, {len(plan_phases)} phases: "
          f"median {statistics.median(times):.1f} ms, best {min(times):.1f} ms (target < 200 ms)")
    print(f"  placed {len(result.items)}, unscheduled {len(result.unscheduled)}, "
          f"critical path {len(result.critical_path)} items, ends month {result.end_month:g}")
    print("  load per phase: " + ", ".join(f"{p.id} {p.load:.0f}/{p.capacity:g}" for p in result.phases))

    try:
        from app.content import load_content
        from app.planning.analysis import analyse_plan, draft_plan
        from app.planning.model import PlanObjective
        from app.planning.workshop import WorkshopDecisions
    except ImportError:  # pragma: no cover
        return 0
    library = load_content(Path(__file__).resolve().parent.parent)
    if not library.planning_libraries:
        return 0
    model, lib = library.model("om-sre"), library.planning_libraries[0]
    rng = random.Random(5)
    current: dict[str, float | None] = {}
    for d in model.domains:
        current[d.id] = round(rng.uniform(1, 3), 2)
        for c in d.capabilities:
            current[c.id] = round(rng.uniform(1, 3), 2)
    objectives = tuple(PlanObjective(o.id, {"en": o.name.en}, n + 1, tuple(o.domains))
                       for n, o in enumerate(lib.objectives[:3]))
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        plan, _ = draft_plan(model, lib, WorkshopDecisions(objectives), current, "large")
        analysis = analyse_plan(plan, model, current)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"draft + analyse the shipped library ({len(plan.initiatives)} initiatives): "
          f"median {statistics.median(times):.1f} ms; placed {len(analysis.schedule.items)}, "
          f"unscheduled {len(analysis.schedule.unscheduled)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
