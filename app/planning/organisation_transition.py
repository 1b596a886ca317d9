"""A phased plan from the current to the target organisation.

The proposal is a starting point the consultant edits: appoint and train first
(no hiring needed), then restructure teams and hire the roles the organisation lacks,
then complete the headcount. Moves come from each current team's ``becomes``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.planning.model import Plan
from app.planning.organisation import Organisation, TransitionStep

PHASES = {
    1: (("Appoint and train", "任命与培训"), ("0-3 months", "0-3个月")),
    2: (("Restructure and hire key roles", "调整团队并招聘关键岗位"), ("3-9 months", "3-9个月")),
    3: (("Complete the staffing", "补齐人员编制"), ("9-18 months", "9-18个月")),
}


def phase_name(phase: int, lang: str) -> str:
    names, months = PHASES.get(phase, ((f"Phase {phase}", f"阶段{phase}"), ("", "")))
    i = 1 if lang == "zh" else 0
    return f"{names[i]} ({months[i]})" if months[i] else names[i]


def _duties(org: Organisation) -> dict[str, int]:
    totals: dict[str, int] = {}
    for team in org.teams:
        for role, n in team.duties.items():
            totals[role] = totals.get(role, 0) + n
    return totals


def propose_transition(current: Organisation, target: Organisation) -> list[TransitionStep]:
    steps: list[TransitionStep] = []
    now_posts, goal_posts = current.posts(), target.posts()
    now_duties, goal_duties = _duties(current), _duties(target)

    for role in goal_duties:
        have = current.holders(role)
        more = goal_duties[role] - now_duties.get(role, 0)
        if have == 0:
            steps.append(TransitionStep(1, "new_role", role, goal_duties[role]))
        if more > 0:
            steps.append(TransitionStep(1, "training", role, more))

    moved: dict[str, int] = {}
    for team in current.teams:
        dest = target.team(team.becomes) if team.becomes else None
        if dest is None:
            continue
        for role, n in team.posts.items():
            count = min(n, dest.posts.get(role, 0))
            if count:
                steps.append(TransitionStep(2, "move", role, count, from_team=team.id, to_team=dest.id))
                moved[role] = moved.get(role, 0) + count

    for role, goal in goal_posts.items():
        have = now_posts.get(role, 0)
        if have == 0 and current.holders(role) == 0:
            steps.append(TransitionStep(1, "new_role", role, goal))
        if goal > have:
            steps.append(TransitionStep(2 if have == 0 else 3, "hire", role, goal - have))
    for role, have in now_posts.items():
        goal = goal_posts.get(role, 0)
        if have > goal:
            steps.append(TransitionStep(3, "reduce", role, have - goal))
    steps.sort(key=lambda s: (s.phase, ("new_role", "training", "move", "hire", "reduce").index(s.kind), s.role))
    return steps


# --- the planning roadmap, when the engagement has one -------------------------------------------------
#
# An engagement that bought both services has one timeline. The transition then uses the
# roadmap's phases (phase n of the transition is phase n of the plan, with its name and
# months) and a role an initiative needs is in place by the phase that initiative starts:
# a step that appoints, trains or hires for the owner role of an initiative moves forward
# to that phase at the latest; one that still comes later (edited by hand) is a finding.

ROADMAP_STEP_KINDS = ("new_role", "training", "hire")
# the default phases' first months (0-3, 3-9, 9-18): where a step lands on another timeline
_DEFAULT_START = {1: 0.0, 2: 3.0, 3: 9.0}


@dataclass(frozen=True)
class RoadmapPhase:
    number: int  # 1-based, the transition step's ``phase``
    id: str  # the plan's phase id (P1...)
    name: dict[str, str]
    start_month: float
    end_month: float


@dataclass(frozen=True)
class RoadmapNeed:
    """The earliest roadmap phase in which an initiative needs a role, and that initiative."""

    role: str
    phase: int
    initiative: str
    start_month: float


@dataclass(frozen=True)
class TransitionConflict:
    step: TransitionStep
    need: RoadmapNeed


def roadmap_phases(plan: Plan) -> list[RoadmapPhase]:
    ordered = sorted(plan.phases, key=lambda p: p.start_month)
    return [RoadmapPhase(n + 1, p.id, dict(p.name), p.start_month, p.end_month) for n, p in enumerate(ordered)]


def _phase_at(phases: list[RoadmapPhase], month: float) -> int:
    for p in phases:
        if p.start_month <= month < p.end_month:
            return p.number
    return phases[-1].number if phases else 1


def roadmap_needs(plan: Plan, starts: dict[str, float]) -> dict[str, RoadmapNeed]:
    """Role -> the first phase an initiative it owns starts in (``starts``: initiative -> start month)."""
    phases = roadmap_phases(plan)
    needs: dict[str, RoadmapNeed] = {}
    for item in plan.initiatives:
        if not item.owner_role or item.id not in starts:
            continue
        need = RoadmapNeed(item.owner_role, _phase_at(phases, starts[item.id]), item.id, starts[item.id])
        if item.owner_role not in needs or need.start_month < needs[item.owner_role].start_month:
            needs[item.owner_role] = need
    return needs


def align_to_roadmap(steps: list[TransitionStep], plan: Plan, starts: dict[str, float]) -> list[TransitionStep]:
    """The proposal on the roadmap's phases, each role in place by the phase its first initiative starts."""
    phases = roadmap_phases(plan)
    if not phases:
        return steps
    needs = roadmap_needs(plan, starts)
    out = []
    for s in steps:
        phase = _phase_at(phases, _DEFAULT_START.get(s.phase, phases[-1].start_month))
        need = needs.get(s.role)
        if need is not None and s.kind in ROADMAP_STEP_KINDS:
            phase = min(phase, need.phase)
        out.append(TransitionStep(phase, s.kind, s.role, s.count, s.from_team, s.to_team, s.description))
    out.sort(key=lambda s: (s.phase, ("new_role", "training", "move", "hire", "reduce").index(s.kind), s.role))
    return out


def transition_conflicts(steps: list[TransitionStep], plan: Plan,
                         starts: dict[str, float]) -> list[TransitionConflict]:
    """Steps that put a role in place after the roadmap phase where an initiative already needs it."""
    needs = roadmap_needs(plan, starts)
    return [TransitionConflict(s, needs[s.role]) for s in steps
            if s.kind in ROADMAP_STEP_KINDS and s.role in needs and s.phase > needs[s.role].phase]


def roadmap_phase_name(phase: int, lang: str, phases: list[RoadmapPhase]) -> str:
    found = next((p for p in phases if p.number == phase), None)
    if found is None:
        return phase_name(phase, lang)
    name = found.name.get(lang) or found.name.get("en") or found.id
    return f"{found.id} · {name}"
