"""What the organisation report, the Organisation tab and ``omm org check`` show: one
typed view of a design, with every id turned into its name in the chosen language
and every finding worded once.

Pure: takes the design and the content, returns plain rows. The Word and the Excel
report and the screen read the same rows, so they show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.content.schema import MaturityModel, OrganisationModel
from app.planning.organisation import Organisation, OrganisationDesign, Team
from app.planning.organisation_checks import DesignCheck, check_design, computed_oncall_share, staffing_rules
from app.planning.organisation_seed import ActivityRef, activities, template_team_name
from app.planning.organisation_text import label
from app.planning.organisation_transition import phase_name

RULE_NAMES = {
    "process_no_owner": ("Process with no owner", "流程无负责人"),
    "role_no_holder": ("Role with no holder", "角色无人担任"),
}


@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str
    type: str
    site: str
    headcount: int
    mission: str
    posts: str  # "3 SRE, 4 O&M engineer"
    duties: str
    reports_to: str
    toil_pct: float | None
    oncall_pct: float | None
    project_pct: float | None


@dataclass(frozen=True)
class RotationRow:
    name: str
    coverage: str
    sites: str  # "Shanghai 8" or "Shanghai 6, Chengdu 6"
    size: int
    oncall_share: float | None
    incidents_per_shift: float | None


@dataclass(frozen=True)
class RoleRow:
    id: str
    name: str
    mission: str
    responsibilities: tuple[str, ...]
    skills: tuple[str, ...]
    career_path: str
    current: int
    target: int


@dataclass(frozen=True)
class RaciRow:
    process: str
    activity_id: str
    activity: str
    cells: tuple[str, ...]  # one letter (or "") per RACI column


@dataclass(frozen=True)
class FindingRow:
    scope: str
    severity: str
    severity_key: str
    rule: str
    rule_id: str
    subject: str
    message: str
    action: str


@dataclass(frozen=True)
class RaciProblemRow:
    severity: str
    severity_key: str
    cell: str
    activity_id: str
    role_id: str
    problem: str
    variant: str = ""  # the business line's RACI variant, "" for the base RACI


@dataclass(frozen=True)
class StepRow:
    phase: int
    phase_name: str
    kind: str
    role: str
    count: int
    from_team: str
    to_team: str
    description: str


@dataclass
class OrganisationSide:
    title: str
    headcount: int
    teams: list[TeamRow] = field(default_factory=list)
    rotations: list[RotationRow] = field(default_factory=list)
    interactions: list[tuple[str, str, str]] = field(default_factory=list)
    process_owners: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class OrganisationView:
    lang: str
    engagement: str
    customer: str
    size: str
    names: dict[str, str]
    current: OrganisationSide
    target: OrganisationSide
    roles: list[RoleRow]
    raci_columns: list[tuple[str, str]]  # (role id, role name)
    raci_rows: list[RaciRow]
    raci_variants: list[tuple[str, list[RaciRow]]]
    findings: list[FindingRow]
    raci_problems: list[RaciProblemRow]
    transition: list[StepRow]
    check: DesignCheck
    subtitle: str = ""  # "Target O&M organisation, roles and responsibilities", from the process model's wording


def team_name(team: Team, org_model: OrganisationModel | None, lang: str) -> str:
    if team.name:
        return team.name
    if team.template and org_model is not None:
        for template in org_model.templates:
            for tt in template.teams:
                if tt.id == team.template:
                    name = template_team_name(tt.name, lang)
                    suffix = team.id[len(tt.id) + 1:] if team.id.startswith(tt.id + ".") else ""
                    return f"{name}\u00a0{suffix}" if suffix else name  # the number stays on the name's line
    return team.id


def team_mission(team: Team, org_model: OrganisationModel | None, lang: str) -> str:
    if team.mission or team.template is None or org_model is None:
        return team.mission
    for template in org_model.templates:
        for tt in template.teams:
            if tt.id == team.template:
                return tt.mission.get(lang)
    return ""


def name_map(design: OrganisationDesign, org_model: OrganisationModel | None, acts: list[ActivityRef],
             lang: str) -> dict[str, str]:
    """Display names for every id a finding may mention."""
    names: dict[str, str] = {}
    if org_model is not None:
        names.update({r.id: r.name.get(lang) for r in org_model.roles})
    names.update({r.id: r.name for r in design.roles if r.name})
    for a in acts:
        names[a.id] = a.name.get(lang)
        names[a.process] = a.process_name.get(lang)
    for org in (design.current, design.target):
        for t in org.teams:
            names[t.id] = team_name(t, org_model, lang)
        for r in org.rotations:
            names[r.id] = rotation_name(r.id, r.name, org, org_model, lang)
            for site in r.per_site():
                names[f"{r.id}@{site or '-'}"] = f"{names[r.id]} @ {site or '-'}"
    return names


def rotation_name(rot_id: str, name: str, org: Organisation, org_model: OrganisationModel | None,
                  lang: str) -> str:
    if name:
        return name
    rot = next((r for r in org.rotations if r.id == rot_id), None)
    if rot and rot.members:
        teams = [org.team(m.team) for m in rot.members]
        return " + ".join(dict.fromkeys(team_name(t, org_model, lang) for t in teams if t))
    return rot_id


def _counts_text(counts: dict[str, int], names: dict[str, str]) -> str:
    return ", ".join(f"{n} {names.get(role, role)}" for role, n in counts.items())


def _side(org: Organisation, title: str, org_model: OrganisationModel | None, names: dict[str, str],
          lang: str) -> OrganisationSide:
    shares = computed_oncall_share(org)
    side = OrganisationSide(title=title, headcount=org.headcount)
    for t in org.teams:
        side.teams.append(TeamRow(
            id=t.id, name=names.get(t.id, t.id), type=label(t.type, lang), site=t.site, headcount=t.headcount,
            mission=team_mission(t, org_model, lang), posts=_counts_text(t.posts, names),
            duties=_counts_text(t.duties, names), reports_to=names.get(t.reports_to or "", t.reports_to or ""),
            toil_pct=t.toil_pct, oncall_pct=t.oncall_pct, project_pct=t.project_pct))
    for r in org.rotations:
        per_site = r.per_site()
        share = max((shares.get(m.team, 0.0) for m in r.members), default=None)
        side.rotations.append(RotationRow(
            name=names.get(r.id, r.id), coverage=label(r.coverage, lang),
            sites=", ".join(f"{s or '-'} {n}" for s, n in per_site.items()), size=r.size,
            oncall_share=round(share, 1) if share is not None else None, incidents_per_shift=r.incidents_per_shift))
    side.interactions = [(names.get(i.source, i.source), label(i.mode, lang), names.get(i.target, i.target))
                         for i in org.interactions]
    side.process_owners = [(names.get(p, p), names.get(r, r)) for p, r in org.process_owners.items()]
    return side


def build_organisation_view(design: OrganisationDesign, org_model: OrganisationModel | None,
                            process_model: MaturityModel | None, lang: str = "en", *, engagement: str = "",
                            customer: str = "", roadmap: tuple[Any, dict[str, float]] | None = None) -> OrganisationView:
    """``roadmap``: (the engagement's plan, initiative -> start month) when it has one; the transition's
    phases are then the roadmap's, and a step later than an initiative needing its role is a finding."""
    acts = activities(org_model, process_model) if org_model is not None else []
    names = name_map(design, org_model, acts, lang)
    check = check_design(design, org_model, [a.id for a in acts])
    zh = lang == "zh"

    content_roles = {r.id: r for r in org_model.roles} if org_model is not None else {}
    roles: list[RoleRow] = []
    for entry in design.roles:
        base = content_roles.get(entry.id)
        roles.append(RoleRow(
            id=entry.id, name=names.get(entry.id, entry.id),
            mission=entry.mission or (base.mission.get(lang) if base else ""),
            responsibilities=tuple(entry.responsibilities) if entry.responsibilities else
            tuple(x.get(lang) for x in base.responsibilities) if base else (),
            skills=tuple(entry.skills) if entry.skills else tuple(x.get(lang) for x in base.skills) if base else (),
            career_path=entry.career_path or (base.career_path.get(lang) if base and base.career_path else ""),
            current=design.current.holders(entry.id),
            target=design.target.holders(entry.id)))

    used = {role for row in design.raci.values() for role in row}
    for v in design.raci_variants:
        used |= {role for row in v.cells.values() for role in row}
    columns = [(r.id, r.name) for r in roles if r.id in used]
    columns += [(role, role) for role in sorted(used - {c for c, _ in columns})]
    order = [a.id for a in acts] + [a for a in design.raci if a not in {x.id for x in acts}]
    by_id = {a.id: a for a in acts}

    def rows(raci: dict[str, dict[str, str]], only: set[str] | None = None) -> list[RaciRow]:
        out = []
        for act in order:
            if only is not None and act not in only:
                continue
            ref = by_id.get(act)
            cells = raci.get(act, {})
            out.append(RaciRow(ref.process_name.get(lang) if ref else act.split(".")[0], act,
                               names.get(act, act), tuple(cells.get(c, "") for c, _ in columns)))
        return out

    findings = [FindingRow(
        scope=label(f.scope, lang), severity=label(f.severity, lang), severity_key=f.severity,
        rule=_rule_name(f.rule, org_model, lang), rule_id=f.rule, subject=names.get(f.subject, f.subject),
        message=f.message(lang, names), action=f.action(lang, names)) for f in check.findings]
    problems = [RaciProblemRow(
        severity=label(p.severity, lang), severity_key=p.severity,
        cell=_cell_name(p.variant, names.get(p.activity, p.activity), names.get(p.role, p.role)),
        activity_id=p.activity, role_id=p.role, problem=p.problem(lang, names), variant=p.variant)
        for p in check.raci_problems]
    if roadmap is not None:
        from app.planning.organisation_transition import (
            roadmap_phase_name,
            roadmap_phases,
            transition_conflicts,
        )

        plan, starts = roadmap
        phases = roadmap_phases(plan)

        def step_phase(n: int) -> str:
            return roadmap_phase_name(n, lang, phases)

        initiative_names = {i.id: (i.name.get(lang) or i.name.get("en") or i.id) for i in plan.initiatives}
        for conflict in transition_conflicts(design.transition, plan, starts):
            role = names.get(conflict.step.role, conflict.step.role)
            item = initiative_names.get(conflict.need.initiative, conflict.need.initiative)
            when, needed = step_phase(conflict.step.phase), step_phase(conflict.need.phase)
            kind = label(conflict.step.kind, lang)
            findings.append(FindingRow(
                scope=label("target", lang), severity=label("high", lang), severity_key="high",
                rule="与规划路线图一致" if zh else "In step with the planning roadmap",
                rule_id="transition.roadmap", subject=role,
                message=(f"{kind}（{role}）安排在{when}，但举措“{item}”在{needed}已需要该角色" if zh else
                         f"{kind} ({role}) is planned in {when}, but the initiative '{item}' needs this role "
                         f"from {needed}"),
                action=(f"将该步骤提前到{needed}，或推迟该举措" if zh else
                        f"move the step to {needed}, or start the initiative later")))
    else:
        def step_phase(n: int) -> str:
            return phase_name(n, lang)

    steps = [StepRow(phase=s.phase, phase_name=step_phase(s.phase), kind=label(s.kind, lang),
                     role=names.get(s.role, s.role), count=s.count,
                     from_team=names.get(s.from_team, s.from_team), to_team=names.get(s.to_team, s.to_team),
                     description=s.description) for s in sorted(design.transition, key=lambda s: s.phase)]
    size_names = {"medium": ("Medium", "中型"), "large": ("Large", "大型")}.get(design.size, (design.size,) * 2)
    return OrganisationView(
        lang=lang, engagement=engagement, customer=customer, size=size_names[1 if zh else 0], names=names,
        current=_side(design.current, "现状组织" if zh else "Current organisation", org_model, names, lang),
        target=_side(design.target, "目标组织" if zh else "Target organisation", org_model, names, lang),
        roles=roles, raci_columns=columns, raci_rows=rows(design.raci),
        raci_variants=[(v.name, rows(_merged(design.raci, v.cells), set(v.cells))) for v in design.raci_variants],
        findings=findings, raci_problems=problems, transition=steps, check=check)


def _merged(base: dict[str, dict[str, str]], cells: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged = dict(base)
    merged.update(cells)
    return merged


def _cell_name(variant: str, activity: str, role: str) -> str:
    where = f"{activity} × {role}" if activity and role else activity or role
    return f"{variant}: {where}" if variant else where


def _rule_name(rule: str, org_model: OrganisationModel | None, lang: str) -> str:
    if org_model is not None:
        for r in org_model.staffing_rules:
            if r.id == rule:
                return r.name.get(lang)
    pair = RULE_NAMES.get(rule, (rule, rule))
    return pair[1] if lang == "zh" else pair[0]


__all__ = ["OrganisationView", "build_organisation_view", "name_map", "staffing_rules", "team_name"]
