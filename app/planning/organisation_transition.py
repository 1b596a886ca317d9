"""A phased plan from the current to the target organisation.

The proposal is a starting point the consultant edits: appoint and train first
(no hiring needed), then restructure teams and hire the roles the organisation lacks,
then complete the headcount. Moves come from each current team's ``becomes``.
"""

from __future__ import annotations

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
