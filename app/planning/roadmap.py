"""The roadmap scheduler: initiatives into phases, by dependencies and capacity.

Rules, in one place:

- Phases are contiguous, start at month 0, and each has a capacity in person-months.
- Dependencies are finish-to-start: an initiative starts no earlier than the month its
  last prerequisite finishes.
- **A capability named as a prerequisite** (``depends_on: [observability.coverage]``)
  means *every initiative in the plan that raises that capability* (lists it among its
  capabilities), the initiative itself excepted: the capability counts as ready once all
  of them are finished. When no initiative in the plan raises it, nothing in the plan
  changes it, so it is treated as met *and the item is flagged* so the consultant sees
  it. A name that is neither an initiative of the plan nor a capability of the model is
  an unknown prerequisite: an error.
- An initiative's effort is spread evenly over its months; each phase is charged for the
  months of it the initiative spends there, and the load may not pass the capacity.
- Placement is earliest first: initiatives are taken in dependency order (the higher
  priority first among those ready, then by id) and each is placed at the first month,
  from its earliest start, where every phase it touches still has room. An initiative is
  at least as urgent as anything that waits for it (its priority is the highest among
  itself and everything downstream), so a small prerequisite of urgent work is not
  starved of capacity by less urgent work.
- What cannot be placed before the end of the last phase is reported as unscheduled
  with the reason; so is whatever depends on it.
- A pinned initiative (moved by hand) stays where the consultant put it. A pin before a
  prerequisite finishes, over a phase's capacity, past the plan's end or past a deadline
  is *flagged*, never moved.
- Bad input is refused with every problem named: a dependency cycle (named as
  ``a -> b -> a``), an unknown prerequisite, a phase with no capacity, phases with holes
  or overlaps, an initiative longer than the whole plan.
- Critical path: on the placed schedule, the latest finish of each item is the earliest
  latest-start of its successors (the plan's end for the last ones); an item with no
  slack is critical. ``critical_path`` is the chain of critical items that drives the
  end date, first to last.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.planning.model import Message, Phase, PlanError, PlanInitiative

EPS = 1e-6


@dataclass(frozen=True)
class ScheduledItem:
    id: str
    phase: str
    start_month: float
    end_month: float
    effort: float
    depends_on: tuple[str, ...]  # the resolved initiative ids
    critical: bool
    pinned: bool
    slack: float
    flags: tuple[Message, ...] = ()


@dataclass(frozen=True)
class PhaseLoad:
    id: str
    start_month: float
    end_month: float
    capacity: float
    load: float

    @property
    def over(self) -> bool:
        return self.load > self.capacity + EPS


@dataclass(frozen=True)
class UnscheduledItem:
    id: str
    reason: Message


@dataclass(frozen=True)
class Schedule:
    phases: tuple[PhaseLoad, ...]
    items: tuple[ScheduledItem, ...]
    unscheduled: tuple[UnscheduledItem, ...]
    critical_path: tuple[str, ...]
    end_month: float
    _by_id: dict[str, ScheduledItem] = field(default_factory=dict, repr=False, compare=False)

    def item(self, item_id: str) -> ScheduledItem | None:
        if not self._by_id:
            self._by_id.update({i.id: i for i in self.items})
        return self._by_id.get(item_id)

    @property
    def flags(self) -> list[tuple[str, Message]]:
        return [(i.id, f) for i in self.items for f in i.flags]

    def to_dict(self, lang: str = "en") -> dict:
        """The shape ``omm plan --json`` prints (a contract: see the command line in DESIGN.md)."""
        return {
            "phases": [{"id": p.id, "start_month": p.start_month, "end_month": p.end_month,
                        "capacity": p.capacity, "load": round(p.load, 2)} for p in self.phases],
            "items": [{"id": i.id, "phase": i.phase, "start_month": i.start_month, "end_month": i.end_month,
                       "effort": i.effort, "depends_on": list(i.depends_on), "critical": i.critical,
                       "pinned": i.pinned, "slack": round(i.slack, 2),
                       "flags": [f.render(lang) for f in i.flags]} for i in self.items],
            "unscheduled": [{"id": u.id, "reason": u.reason.render(lang), "code": u.reason.code}
                            for u in self.unscheduled],
            "critical_path": list(self.critical_path),
            "end_month": self.end_month,
        }


def resolve_dependencies(initiatives: Iterable[PlanInitiative],
                         capabilities: Iterable[str]) -> tuple[dict[str, tuple[str, ...]],
                                                               dict[str, list[Message]], list[Message]]:
    """Initiative id -> the initiative ids it waits for; flags for capabilities no one raises; errors."""
    items = list(initiatives)
    ids = {i.id for i in items}
    known_caps = set(capabilities)
    raisers: dict[str, list[str]] = {}
    for item in items:
        for cap in item.capabilities:
            raisers.setdefault(cap, []).append(item.id)
    resolved: dict[str, tuple[str, ...]] = {}
    flags: dict[str, list[Message]] = {}
    errors: list[Message] = []
    for item in items:
        deps: list[str] = []
        for name in item.depends_on:
            if name in ids:
                deps.append(name)
            elif name in known_caps:
                others = [r for r in raisers.get(name, []) if r != item.id]
                if not others:
                    flags.setdefault(item.id, []).append(Message("capability_prerequisite_unraised",
                                                                 {"item": item.id, "capability": name}))
                deps.extend(others)
            else:
                errors.append(Message("unknown_prerequisite", {"item": item.id, "prerequisite": name}))
        resolved[item.id] = tuple(dict.fromkeys(deps))
    return resolved, flags, errors


def _validate_phases(phases: list[Phase]) -> list[Message]:
    problems: list[Message] = []
    if not phases:
        return [Message("no_phases")]
    expected = 0.0
    for phase in phases:
        if phase.end_month <= phase.start_month + EPS:
            problems.append(Message("phase_empty", {"phase": phase.id, "start": phase.start_month,
                                                    "end": phase.end_month}))
        elif abs(phase.start_month - expected) > EPS:
            problems.append(Message("phase_not_contiguous", {"phase": phase.id, "start": phase.start_month,
                                                             "expected": expected}))
        if phase.capacity <= EPS:
            problems.append(Message("phase_no_capacity", {"phase": phase.id}))
        expected = max(expected, phase.end_month)
    return problems


def find_cycle(graph: Mapping[str, Iterable[str]], among: Iterable[str]) -> list[str]:
    """One dependency cycle among ``among``, as the ids in order with the first repeated at the end."""
    nodes = set(among)
    colour: dict[str, int] = {}
    for root in sorted(nodes):
        if colour.get(root):
            continue
        stack: list[tuple[str, Iterable[str]]] = [(root, iter(sorted(d for d in graph.get(root, ()) if d in nodes)))]
        path = [root]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
                path.pop()
                continue
            if colour.get(child) == 1:
                # the item waits for ``child``, which (through the path) waits for the item:
                # name it in the order "starts after" reads: a -> b means a waits for b
                return path[path.index(child):] + [child]
            if not colour.get(child):
                colour[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(d for d in graph.get(child, ()) if d in nodes))))
    return []


def _spread(start: float, end: float, effort: float, phases: list[Phase]) -> list[tuple[int, float]]:
    """(phase index, person-months) an initiative charges to each phase it overlaps."""
    duration = end - start
    out = []
    for n, phase in enumerate(phases):
        overlap = min(end, phase.end_month) - max(start, phase.start_month)
        if overlap > EPS:
            out.append((n, effort * overlap / duration))
    return out


def _phase_of(month: float, phases: list[Phase]) -> int:
    for n, phase in enumerate(phases):
        if phase.start_month - EPS <= month < phase.end_month - EPS:
            return n
    return len(phases) - 1


def schedule(initiatives: Iterable[PlanInitiative], phases: Iterable[Phase],
             capabilities: Iterable[str] = (), priority: Mapping[str, float] | None = None) -> Schedule:
    """Place every initiative as early as its prerequisites and the phases' capacity allow.

    Raises PlanError naming every structural problem (cycle, unknown prerequisite, phase
    without capacity, initiative longer than the plan); what merely does not fit is
    returned as unscheduled with its reason.
    """
    items = {i.id: i for i in initiatives}
    phase_list = list(phases)
    priority = priority or {}
    problems = _validate_phases(phase_list)
    deps, flags, dep_errors = resolve_dependencies(items.values(), capabilities)
    problems.extend(dep_errors)
    horizon = phase_list[-1].end_month if phase_list else 0.0
    for item in items.values():
        if item.duration_months <= EPS:
            problems.append(Message("duration_not_positive", {"item": item.id}))
        elif phase_list and item.duration_months > horizon + EPS:
            problems.append(Message("longer_than_plan", {"item": item.id, "duration": item.duration_months,
                                                         "horizon": horizon}))
        if item.effort < 0:
            problems.append(Message("effort_negative", {"item": item.id}))
        if item.pinned_start is not None and item.pinned_start < -EPS:
            problems.append(Message("pinned_before_start", {"item": item.id, "month": item.pinned_start}))

    # Kahn's algorithm: ready items by priority (highest first), then id.
    waiting = {i: len(d) for i, d in deps.items()}
    successors: dict[str, list[str]] = {i: [] for i in items}
    for item_id, ds in deps.items():
        for d in ds:
            successors[d].append(item_id)
    priority = _inherited_priority(items, deps, successors, priority)
    ready = [(-priority.get(i, 0.0), i) for i, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, item_id = heapq.heappop(ready)
        order.append(item_id)
        for s in successors[item_id]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, (-priority.get(s, 0.0), s))
    if len(order) < len(items):
        left = [i for i in items if i not in set(order)]
        cycle = find_cycle(deps, left)
        problems.append(Message("cycle", {"cycle": cycle}))
    if problems:
        raise PlanError(problems)

    load = [0.0] * len(phase_list)
    placed: dict[str, tuple[float, float]] = {}
    unscheduled: dict[str, Message] = {}
    # Pins first: they are the consultant's decisions and take their capacity before anyone else.
    for item_id in order:
        item = items[item_id]
        if item.pinned_start is not None:
            start = item.pinned_start
            placed[item_id] = (start, start + item.duration_months)
            for n, share in _spread(start, start + item.duration_months, item.effort, phase_list):
                load[n] += share
    for item_id in order:
        item = items[item_id]
        if item.pinned_start is not None:
            continue
        blocked = next((d for d in deps[item_id] if d in unscheduled), None)
        if blocked is not None:
            unscheduled[item_id] = Message("prerequisite_unscheduled", {"item": item_id, "prerequisite": blocked})
            continue
        earliest = max((placed[d][1] for d in deps[item_id]), default=0.0)
        spot = _first_fit(earliest, item, phase_list, load, horizon)
        if isinstance(spot, Message):
            unscheduled[item_id] = spot
            continue
        placed[item_id] = (spot, spot + item.duration_months)
        for n, share in _spread(spot, spot + item.duration_months, item.effort, phase_list):
            load[n] += share

    end_month = max((e for _, e in placed.values()), default=0.0)
    slack = _slack(order, deps, successors, placed, items, end_month)
    critical = {i for i, s in slack.items() if s <= EPS}
    over = {n for n, phase in enumerate(phase_list) if load[n] > phase.capacity + EPS}
    scheduled = []
    for item_id in order:
        if item_id not in placed:
            continue
        item = items[item_id]
        start, end = placed[item_id]
        item_flags = list(flags.get(item_id, []))
        if item.pinned_start is not None:
            for d in deps[item_id]:
                if d in placed and placed[d][1] > start + EPS:
                    item_flags.append(Message("pinned_before_prerequisite",
                                              {"item": item_id, "prerequisite": d, "start": start,
                                               "ready": placed[d][1]}))
                elif d in unscheduled:
                    item_flags.append(Message("pinned_prerequisite_unscheduled",
                                              {"item": item_id, "prerequisite": d}))
            for n, _share in _spread(start, end, item.effort, phase_list):
                if n in over:
                    item_flags.append(Message("pinned_over_capacity",
                                              {"item": item_id, "phase": phase_list[n].id,
                                               "load": round(load[n], 2), "capacity": phase_list[n].capacity}))
            if end > horizon + EPS:
                item_flags.append(Message("pinned_past_end", {"item": item_id, "end": end, "horizon": horizon}))
        if item.deadline_month is not None and end > item.deadline_month + EPS:
            item_flags.append(Message("past_deadline", {"item": item_id, "end": end,
                                                        "deadline": item.deadline_month}))
        scheduled.append(ScheduledItem(item_id, phase_list[_phase_of(start, phase_list)].id, start, end,
                                       item.effort, deps[item_id], item_id in critical,
                                       item.pinned_start is not None, slack[item_id], tuple(item_flags)))
    scheduled.sort(key=lambda s: (s.start_month, s.end_month, s.id))
    path = _critical_chain(deps, placed, critical, end_month)
    return Schedule(
        tuple(PhaseLoad(p.id, p.start_month, p.end_month, p.capacity, load[n]) for n, p in enumerate(phase_list)),
        tuple(scheduled),
        tuple(UnscheduledItem(i, unscheduled[i]) for i in order if i in unscheduled),
        tuple(path), end_month)


def _inherited_priority(items: Mapping[str, PlanInitiative], deps: Mapping[str, tuple[str, ...]],
                        successors: Mapping[str, list[str]], own: Mapping[str, float]) -> dict[str, float]:
    """Each item's priority raised to the highest priority of anything downstream of it."""
    waiting = {i: len(successors[i]) for i in items}
    ready = [i for i, n in waiting.items() if n == 0]
    out = {i: own.get(i, 0.0) for i in items}
    while ready:
        item_id = ready.pop()
        for d in deps[item_id]:
            out[d] = max(out[d], out[item_id])
            waiting[d] -= 1
            if waiting[d] == 0:
                ready.append(d)
    return out  # items on a cycle keep their own priority; the cycle is refused anyway


def _first_fit(earliest: float, item: PlanInitiative, phases: list[Phase], load: list[float],
               horizon: float) -> float | Message:
    """The first month from ``earliest`` where every phase the item touches has room for its share."""
    duration = item.duration_months
    if earliest + duration > horizon + EPS:
        return Message("ends_after_plan", {"item": item.id, "earliest": earliest, "duration": duration,
                                           "horizon": horizon})
    candidates = [earliest]
    month = float(int(earliest)) + 1.0
    while month + duration <= horizon + EPS:
        candidates.append(month)
        month += 1.0
    for start in candidates:
        fits = True
        for n, share in _spread(start, start + duration, item.effort, phases):
            if load[n] + share > phases[n].capacity + EPS:
                fits = False
                break
        if fits:
            return start
    free = ", ".join(f"{p.id} {max(0.0, p.capacity - load[n]):g}" for n, p in enumerate(phases)
                     if p.end_month > earliest + EPS)
    return Message("no_capacity", {"item": item.id, "need": round(item.effort, 2), "duration": duration,
                                   "earliest": earliest, "free": free})


def _slack(order: list[str], deps: Mapping[str, tuple[str, ...]], successors: Mapping[str, list[str]],
           placed: Mapping[str, tuple[float, float]], items: Mapping[str, PlanInitiative],
           end_month: float) -> dict[str, float]:
    latest_start: dict[str, float] = {}
    for item_id in reversed(order):
        if item_id not in placed:
            continue
        latest_finish = min((latest_start[s] for s in successors[item_id] if s in latest_start), default=end_month)
        latest_start[item_id] = latest_finish - items[item_id].duration_months
    return {i: max(0.0, latest_start[i] - placed[i][0]) for i in latest_start}


def _critical_chain(deps: Mapping[str, tuple[str, ...]], placed: Mapping[str, tuple[float, float]],
                    critical: set[str], end_month: float) -> list[str]:
    """Walk back from the critical item that ends the plan along the prerequisites that drive each start."""
    last = sorted((i for i in critical if abs(placed[i][1] - end_month) <= EPS), key=lambda i: (placed[i][0], i))
    if not last:
        return []
    chain = [last[0]]
    while True:
        start = placed[chain[-1]][0]
        driver = sorted(d for d in deps[chain[-1]] if d in critical and abs(placed[d][1] - start) <= EPS)
        if not driver:
            break
        chain.append(driver[0])
    return list(reversed(chain))
