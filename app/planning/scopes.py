"""Large engagements: business departments as scopes on top of the organisation-wide plan.

One schedule is made for the whole programme (the departments share the improvement
capacity); a department's roadmap is its own initiatives plus the organisation-wide
ones they wait for. The programme view lists every dependency that crosses a scope
boundary: those are the ones a programme office must watch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.planning.model import PlanInitiative
from app.planning.roadmap import Schedule


@dataclass(frozen=True)
class CrossLink:
    item: str
    item_scope: str
    prerequisite: str
    prerequisite_scope: str
    slack: float  # months the prerequisite could slip before it delays the item (None-safe: 0 when unscheduled)
    at_risk: bool  # the prerequisite is unscheduled or finishes exactly when the item starts


def department_items(initiatives: Iterable[PlanInitiative], schedule: Schedule, department: str) -> list[str]:
    """The department's initiatives and, transitively, the organisation-wide ones they wait for, in start order."""
    items = {i.id: i for i in initiatives}
    wanted = [i for i, ini in items.items() if ini.scope == department]
    seen: set[str] = set()
    while wanted:
        item_id = wanted.pop()
        if item_id in seen:
            continue
        seen.add(item_id)
        scheduled = schedule.item(item_id)
        deps = scheduled.depends_on if scheduled else tuple(d for d in items[item_id].depends_on if d in items)
        wanted.extend(d for d in deps if items[d].scope in ("", department))
    def key(i: str) -> tuple:
        s = schedule.item(i)
        return (s is None, s.start_month if s else 0.0, i)
    return sorted(seen, key=key)


def cross_scope_links(initiatives: Iterable[PlanInitiative], schedule: Schedule) -> list[CrossLink]:
    items = {i.id: i for i in initiatives}
    out: list[CrossLink] = []
    for ini in items.values():
        scheduled = schedule.item(ini.id)
        deps = scheduled.depends_on if scheduled else tuple(d for d in ini.depends_on if d in items)
        for dep in deps:
            if items[dep].scope == ini.scope:
                continue
            before = schedule.item(dep)
            if scheduled is None or before is None:
                out.append(CrossLink(ini.id, ini.scope, dep, items[dep].scope, 0.0, True))
                continue
            slack = round(scheduled.start_month - before.end_month, 2)
            out.append(CrossLink(ini.id, ini.scope, dep, items[dep].scope, slack, slack <= 1e-6))
    return sorted(out, key=lambda c: (c.item_scope, c.item, c.prerequisite))
