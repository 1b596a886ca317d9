"""Staffing checks and RACI validation: pure functions over an organisation design.

Every finding carries the rule it applies, the numbers it compared and what to do,
in both languages, so the screen, the command line and the reports say the same
thing. The thresholds come from the content's staffing rules (published SRE rules of
thumb); a rule missing from the content falls back to the value given here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.content.schema import OrganisationModel
from app.planning.organisation import Organisation, OrganisationDesign
from app.planning.organisation_text import message

SEVERITIES = ("high", "medium", "low")

DEFAULT_RULES = {
    "staffing.oncall_rotation_single_site": 8.0,
    "staffing.oncall_rotation_dual_site": 6.0,
    "staffing.oncall_time_cap": 25.0,
    "staffing.toil_cap": 50.0,
    "staffing.incidents_per_shift": 2.0,
    "staffing.oncall_min_frequency": 1.0,
    "staffing.team_size_min": 5.0,
    "staffing.team_size_max": 9.0,
    "staffing.incident_commander_pool": 4.0,
}
PROCESS_NO_OWNER = "process_no_owner"
ROLE_NO_HOLDER = "role_no_holder"
WEEKS_PER_QUARTER = 13
ONCALL_SLOTS = 2  # a primary and a secondary on call at any time


def staffing_rules(org_model: OrganisationModel | None) -> dict[str, float]:
    rules = dict(DEFAULT_RULES)
    if org_model is not None:
        rules.update({rule.id: rule.value for rule in org_model.staffing_rules})
    return rules


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    scope: str  # "current" or "target"
    subject: str  # a team, rotation, site, role or process id
    numbers: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en", names: dict[str, str] | None = None) -> str:
        return message(self.rule, "message", lang, self.numbers, names)

    def action(self, lang: str = "en", names: dict[str, str] | None = None) -> str:
        return message(self.rule, "action", lang, self.numbers, names)

    def to_dict(self, lang: str = "en", names: dict[str, str] | None = None) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "organisation": self.scope,
                "subject": self.subject, "message": self.message(lang, names),
                "action": self.action(lang, names),
                "numbers": dict(self.numbers)}


@dataclass(frozen=True)
class RaciProblem:
    activity: str  # "" for a problem with a whole column (a role Accountable for too much)
    role: str  # "" for a problem with a whole row
    kind: str
    severity: str  # "error" must be fixed; "warning" should be looked at
    variant: str = ""  # the business line's RACI variant, "" for the base RACI
    numbers: dict[str, Any] = field(default_factory=dict)

    @property
    def cell(self) -> str:
        where = f"{self.activity} × {self.role}" if self.activity and self.role else self.activity or self.role
        return f"{self.variant}: {where}" if self.variant else where

    def problem(self, lang: str = "en", names: dict[str, str] | None = None) -> str:
        return message(self.kind, "message", lang, self.numbers, names)

    def to_dict(self, lang: str = "en", names: dict[str, str] | None = None) -> dict[str, Any]:
        return {"activity": self.activity, "role": self.role, "variant": self.variant, "cell": self.cell,
                "severity": self.severity, "kind": self.kind, "problem": self.problem(lang, names)}


# --- RACI -------------------------------------------------------------------------


def check_raci(raci: dict[str, dict[str, str]], activity_ids: Iterable[str], known_roles: Iterable[str],
               target: Organisation | None, *, max_accountable: int = 12, max_consulted: int = 4,
               variant: str = "") -> list[RaciProblem]:
    """Problems with one RACI grid, each naming the row, the column or the cell to fix."""
    order = list(activity_ids)
    order += [a for a in raci if a not in order]
    roles = set(known_roles)
    problems: list[RaciProblem] = []
    accountable_for: dict[str, list[str]] = {}

    def add(activity: str, role: str, kind: str, severity: str, **numbers: Any) -> None:
        problems.append(RaciProblem(activity, role, kind, severity, variant,
                                    {"activity": activity, "role": role, **numbers}))

    for activity in order:
        row = raci.get(activity, {})
        accountable = [r for r, v in row.items() if v == "A"]
        responsible = [r for r, v in row.items() if v == "R"]
        consulted = [r for r, v in row.items() if v == "C"]
        if not accountable:
            add(activity, "", "raci.no_accountable", "error")
        for extra in accountable[1:]:
            add(activity, extra, "raci.several_accountable", "error", count=len(accountable),
                roles=list(accountable))
        if not responsible:
            add(activity, "", "raci.no_responsible", "error")
        if len(consulted) > max_consulted:
            add(activity, "", "raci.too_many_consulted", "warning", count=len(consulted), limit=max_consulted)
        for role, letter in row.items():
            if role not in roles:
                add(activity, role, "raci.unknown_role", "error", letter=letter)
            elif letter in ("R", "A") and target is not None and target.holders(role) == 0:
                add(activity, role, "raci.no_headcount", "warning", letter=letter)
        for role in accountable:
            accountable_for.setdefault(role, []).append(activity)
    for role, acts in accountable_for.items():
        if len(acts) > max_accountable:
            add("", role, "raci.accountable_overload", "warning", count=len(acts), limit=max_accountable)
    return problems


def effective_variant(base: dict[str, dict[str, str]], cells: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """A business line's RACI: its own rows replace the base rows they name."""
    merged = {a: dict(row) for a, row in base.items()}
    merged.update({a: dict(row) for a, row in cells.items()})
    return merged


def check_design_raci(design: OrganisationDesign, activity_ids: Iterable[str]) -> list[RaciProblem]:
    order = list(activity_ids)
    roles = [r.id for r in design.roles]
    settings = design.raci_settings
    problems = check_raci(design.raci, order, roles, design.target, max_accountable=settings.max_accountable,
                          max_consulted=settings.max_consulted)
    for variant in design.raci_variants:
        rows = effective_variant(design.raci, variant.cells)
        # Only the rows the variant changes are reported again under its name.
        problems += [p for p in check_raci(rows, order, roles, design.target,
                                           max_accountable=settings.max_accountable,
                                           max_consulted=settings.max_consulted, variant=variant.name)
                     if p.activity in variant.cells]
    return problems


# --- staffing ---------------------------------------------------------------------


def check_staffing(org: Organisation, rules: dict[str, float], raci: dict[str, dict[str, str]],
                   scope: str = "target") -> list[Finding]:
    """Every staffing rule over one organisation; a rule with no data to judge stays silent."""
    findings: list[Finding] = []

    def add(rule: str, severity: str, subject: str, **numbers: Any) -> None:
        findings.append(Finding(rule, severity, scope, subject, {"subject": subject, **numbers}))

    single = int(rules["staffing.oncall_rotation_single_site"])
    dual = int(rules["staffing.oncall_rotation_dual_site"])
    for rot in org.rotations:
        sites = rot.per_site()
        if rot.coverage == "24x7" and rot.size:
            if len(sites) <= 1:
                if rot.size < single:
                    add("staffing.oncall_rotation_single_site", "high", rot.id, size=rot.size, minimum=single,
                        missing=single - rot.size)
            else:
                for site, n in sites.items():
                    if n < dual:
                        add("staffing.oncall_rotation_dual_site", "high", f"{rot.id}@{site or '-'}", size=n,
                            minimum=dual, missing=dual - n, site=site or "-")
        limit = rules["staffing.incidents_per_shift"]
        if rot.incidents_per_shift is not None and rot.incidents_per_shift > limit:
            add("staffing.incidents_per_shift", "high", rot.id, incidents=_num(rot.incidents_per_shift),
                limit=_num(limit))
        if rot.size:
            per_engineer = WEEKS_PER_QUARTER * 7 / rot.shift_days / rot.size
            minimum = rules["staffing.oncall_min_frequency"]
            if per_engineer < minimum:
                add("staffing.oncall_min_frequency", "low", rot.id, shifts=_num(round(per_engineer, 2)),
                    minimum=_num(minimum), size=rot.size)

    cap = rules["staffing.oncall_time_cap"]
    computed = computed_oncall_share(org)
    for team in org.teams:
        share, source = (team.oncall_pct, "measured") if team.oncall_pct is not None else \
            (computed.get(team.id), "rotation")
        if share is not None and share > cap:
            add("staffing.oncall_time_cap", "high", team.id, share=_num(round(share, 1)), limit=_num(cap),
                source=source)
        toil_cap = rules["staffing.toil_cap"]
        operational = team.operational_pct
        if operational is not None and operational > toil_cap:
            add("staffing.toil_cap", "high", team.id, share=_num(round(operational, 1)), limit=_num(toil_cap),
                toil=_num(team.toil_pct or 0), oncall=_num(team.oncall_pct or 0))
        smallest = int(rules["staffing.team_size_min"])
        largest = int(rules["staffing.team_size_max"])
        if team.headcount < smallest:
            add("staffing.team_size_min", "medium", team.id, size=team.headcount, minimum=smallest)
        elif team.headcount > largest:
            add("staffing.team_size_max", "medium", team.id, size=team.headcount, maximum=largest)

    pool = int(rules["staffing.incident_commander_pool"])
    commanders = org.holders("incident_commander")
    if org.teams and commanders < pool:
        add("staffing.incident_commander_pool", "high", "incident_commander", size=commanders, minimum=pool)

    processes: dict[str, None] = {}
    for entry in _raci_processes(raci):
        processes.setdefault(entry, None)
    for process in processes:
        owner = org.process_owners.get(process, "")
        if not owner:
            add(PROCESS_NO_OWNER, "high", process, process=process, owner="")
        elif org.holders(owner) == 0:
            add(PROCESS_NO_OWNER, "high", process, process=process, owner=owner)

    letters_by_role: dict[str, set[str]] = {}
    for row in raci.values():
        for role, letter in row.items():
            letters_by_role.setdefault(role, set()).add(letter)
    for role, letters in letters_by_role.items():
        if letters & {"A", "R"} and org.holders(role) == 0:
            add(ROLE_NO_HOLDER, "high" if "A" in letters else "medium", role, role=role,
                letter="A" if "A" in letters else "R")
    return findings


def computed_oncall_share(org: Organisation) -> dict[str, float]:
    """Share of working time a team's rota members are on call, from the rotations' sizes.

    A primary and a secondary are on call at any time; with n people at one site each
    is on call 2/n of the weeks. Across two sites each covers half the day.
    """
    shares: dict[str, float] = {}
    for rot in org.rotations:
        sites = rot.per_site()
        for m in rot.members:
            n = sites.get(m.site, 0)
            if not n:
                continue
            share = 100 * ONCALL_SLOTS / n / max(1, len(sites))
            if rot.coverage != "24x7":
                share /= 2
            shares[m.team] = max(shares.get(m.team, 0.0), share)
    return shares


def _raci_processes(raci: dict[str, dict[str, str]]) -> list[str]:
    return [activity.split(".")[0] for activity in raci]


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass
class DesignCheck:
    findings: list[Finding]
    raci_problems: list[RaciProblem]

    @property
    def raci_errors(self) -> list[RaciProblem]:
        return [p for p in self.raci_problems if p.severity == "error"]

    def to_dict(self, lang: str = "en", names: dict[str, str] | None = None) -> dict[str, Any]:
        return {"findings": [f.to_dict(lang, names) for f in self.findings],
                "raci_problems": [p.to_dict(lang, names) for p in self.raci_problems]}


def check_design(design: OrganisationDesign, org_model: OrganisationModel | None,
                 activity_ids: Iterable[str]) -> DesignCheck:
    """Staffing findings on the target, then the current organisation, and the RACI problems."""
    rules = staffing_rules(org_model)
    order = list(activity_ids)
    findings = check_staffing(design.target, rules, design.raci, "target")
    if design.current.teams:
        findings += check_staffing(design.current, rules, design.raci, "current")
    return DesignCheck(findings, check_design_raci(design, order))
