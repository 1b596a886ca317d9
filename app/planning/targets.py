"""Target levels: proposed from the objectives and the workshop, then edited by the consultant.

The proposal rule, per domain (first that applies):

1. The executive workshop answered "which level should we reach" for the domain: that level.
2. One or more of the agreed objectives serve the domain: the highest level they need
   (an objective needs the model's default target, 3 on the shipped scale, unless the
   consultant set another level for it); the reason names the highest-ranked objective
   that needs it ("proposed 3 because objective 'Fewer major incidents' needs change at 3").
3. Assessed, but no objective needs it: hold the level already reached.
4. Not assessed and nothing else: the model's default target.

A target is never proposed below the level already reached. *Reached* is the current
level rounded down: a domain at 2.6 has fully reached 2, so a target of 2 holds it and a
target of 1 is "below current", which ``check_targets`` refuses with the minimum to set.
A capability takes its domain's target (raised to what it already reached).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from app.content.schema import MaturityModel
from app.planning.model import Message, PlanObjective, PlanTarget


def reached(current: float | None) -> int | None:
    """The whole level a current score has fully reached (2.6 -> 2); a hair under a level counts as it."""
    return None if current is None else int(math.floor(current + 1e-9))


def _clamp(level: int, model: MaturityModel) -> int:
    return max(model.scale.minimum, min(model.scale.maximum, level))


def propose_domain_target(domain_id: str, model: MaturityModel, objectives: Iterable[PlanObjective],
                          current: float | None, workshop_level: int | None) -> tuple[int, Message]:
    default = model.scoring.default_target
    if workshop_level is not None:
        level, reason = _clamp(int(workshop_level), model), Message("target_workshop", {})
    else:
        serving = sorted((o for o in objectives if domain_id in o.domains), key=lambda o: (o.rank, o.id))
        if serving:
            needed = [(o.target_level if o.target_level is not None else default, o) for o in serving]
            top = max(level for level, _ in needed)
            first = next(o for level, o in needed if level == top)
            level, reason = _clamp(top, model), Message("target_objective", {"objective": first.id})
        elif current is not None:
            level, reason = _clamp(reached(current) or 0, model), Message("target_hold", {})
        else:
            level, reason = _clamp(default, model), Message("target_default", {})
    floor = reached(current)
    if floor is not None and level < floor:
        reason = Message("target_raised_to_current", {"rule": level, "current": round(current or 0, 2)})
        level = floor
    return level, Message(reason.code, {**reason.params, "level": level})


def propose_targets(model: MaturityModel, objectives: Iterable[PlanObjective],
                    current: Mapping[str, float | None], workshop: Mapping[str, int] | None = None,
                    keep: Iterable[PlanTarget] = ()) -> list[PlanTarget]:
    """A target for every domain and capability; ``keep`` holds levels the consultant already edited.

    ``current`` maps domain and capability ids to their current level (None when not assessed).
    An edited level is kept as it is (``check_targets`` reports it if it is now below current);
    its proposal and reason are refreshed so the screen can show both.
    """
    objectives = list(objectives)
    workshop = workshop or {}
    edited = {t.subject_id: t.level for t in keep if t.edited}
    out: list[PlanTarget] = []
    for domain in model.domains:
        level, reason = propose_domain_target(domain.id, model, objectives, current.get(domain.id),
                                              workshop.get(domain.id))
        out.append(PlanTarget(domain.id, "domain", edited.get(domain.id, level), level, reason))
        domain_level = edited.get(domain.id, level)
        for cap in domain.capabilities:
            cap_level, cap_reason = domain_level, Message("target_from_domain", {"level": domain_level})
            floor = reached(current.get(cap.id))
            if floor is not None and cap_level < floor:
                cap_level = floor
                cap_reason = Message("target_raised_to_current", {"rule": domain_level, "level": floor,
                                                                  "current": round(current.get(cap.id) or 0, 2)})
            out.append(PlanTarget(cap.id, "capability", edited.get(cap.id, cap_level), cap_level, cap_reason))
    return out


def check_targets(model: MaturityModel, targets: Iterable[PlanTarget],
                  current: Mapping[str, float | None]) -> list[Message]:
    """Targets below the level already reached, or off the scale: each named with the minimum to set."""
    problems: list[Message] = []
    for t in targets:
        if not model.scale.contains(t.level):
            problems.append(Message("target_outside_scale", {"domain": t.subject_id, "level": t.level,
                                                             "low": model.scale.minimum, "high": model.scale.maximum}))
            continue
        floor = reached(current.get(t.subject_id))
        if floor is not None and t.level < floor:
            problems.append(Message("target_below_current", {"domain": t.subject_id, "level": t.level,
                                                             "current": round(current[t.subject_id] or 0, 2),
                                                             "minimum": floor}))
    return problems
