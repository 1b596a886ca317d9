"""Is a process specification sound? Every problem, with where to fix it, in both languages.

``check_spec`` looks at one specification, ``check_book`` at all seven together (a
circular interface only shows across processes). A problem names the editor section
and the field path (``activities[change.assess].raci``) so the screen can jump to it
and the command line can print it. Errors stop a specification from being approved
(the customer's standard must not name a role nobody holds or an activity nobody
does); warnings say what a report will lack.

Rules, in one place:
- **unknown role**: a RACI cell, the process owner, a record owner, a rollout owner or a
  variant's RACI or owner names a role the specification's role list does not declare;
  or the list declares a role that is neither in the organisation's role catalogue nor
  added by the consultant as a custom role with a name;
- **no Responsible**: an activity (or a variant's RACI of it) with nobody marked R;
  **Accountable**: exactly one A per activity (none or several is an error);
- **KPI without formula**: a KPI whose formula is empty; a KPI without a target, a
  baseline or a data source is a warning;
- **circular interface**: an interface of a process with itself, or hand-offs between
  activities that lead back to the activity they started from (A hands over to B, B
  to C, C back to A): each waits for the other and nothing ever finishes; an interface
  naming an activity that does not exist is an error too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.planning.processes import PROCESS_IDS, BiText, ProcessSpec, apply_variant

ERROR, WARNING = "error", "warning"

# Editor sections a problem can point at (the Processes tab has one page per section).
SECTIONS = ("overview", "roles", "activities", "kpis", "tools", "interfaces", "records", "sections", "rollout",
            "variants")

MESSAGES: dict[str, tuple[str, str]] = {
    "unknown_role": ("names the role '{role}', which the specification's role list does not declare; "
                     "add it under Roles or pick another role",
                     "引用了角色“{role}”，但本规范的角色列表中没有该角色；请在“角色”中添加，或改选其他角色"),
    "role_not_in_catalogue": ("the role '{role}' is not in the organisation's role catalogue; "
                              "mark it as a custom role and give it a name, or remove it",
                              "角色“{role}”不在组织的角色目录中；请将其标为自定义角色并填写名称，或删除该角色"),
    "custom_role_unnamed": ("the custom role '{role}' has no name", "自定义角色“{role}”没有名称"),
    "no_responsible": ("the activity '{activity}' has no Responsible role: mark at least one role R",
                       "活动“{activity}”没有负责执行（R）的角色：请至少将一个角色标为R"),
    "no_accountable": ("the activity '{activity}' has no Accountable role: mark exactly one role A",
                       "活动“{activity}”没有最终负责（A）的角色：请将且仅将一个角色标为A"),
    "several_accountable": ("the activity '{activity}' has {count} Accountable roles ({roles}): keep exactly one A",
                            "活动“{activity}”有{count}个最终负责（A）的角色（{roles}）：只能保留一个A"),
    "no_activities": ("the process has no activities", "该流程没有任何活动"),
    "no_steps": ("the activity '{activity}' has no SOP steps", "活动“{activity}”没有操作步骤"),
    "kpi_no_formula": ("the KPI '{kpi}' has no formula: write how it is computed",
                       "指标“{kpi}”没有计算公式：请写明其计算方法"),
    "kpi_no_target": ("the KPI '{kpi}' has no target", "指标“{kpi}”没有目标值"),
    "kpi_no_baseline": ("the KPI '{kpi}' has no baseline (no deep-dive answer gave one)",
                        "指标“{kpi}”没有基线值（专项诊断中没有相应回答）"),
    "kpi_no_source": ("the KPI '{kpi}' has no data source", "指标“{kpi}”没有数据来源"),
    "kpi_target_direction": ("the KPI '{kpi}' target {target} is worse than its baseline {baseline}",
                             "指标“{kpi}”的目标值{target}比基线值{baseline}更差"),
    "no_kpis": ("the process has no KPIs", "该流程没有任何指标"),
    "no_owner": ("the process has no owner: pick the role that owns it", "该流程没有负责人：请选择负责该流程的角色"),
    "interface_self": ("the interface to '{process}' is circular: a process cannot hand over to itself",
                       "与“{process}”的接口是循环接口：流程不能与自身交接"),
    "circular_interface": ("circular interface: {cycle} leads back to where it started; remove or redirect one of "
                           "these hand-offs",
                           "循环接口：{cycle} 最终回到起点；请删除或改接其中一个交接"),
    "interface_unknown_activity": ("the interface to '{process}' names the activity '{activity}', which {owner} "
                                   "does not have",
                                   "与“{process}”的接口引用了活动“{activity}”，但{owner}中没有该活动"),
    "interface_no_description": ("the interface to '{process}' does not say what is handed over",
                                 "与“{process}”的接口没有说明交接内容"),
    "empty_text": ("{what} is empty", "{what}为空"),
    "untranslated": ("{count} texts are written in one language only", "有{count}处文字只有一种语言"),
    "rollout_empty": ("the rollout plan has no steps", "推行计划没有任何步骤"),
    "section_empty": ("section '{heading}' of the specification is not written yet", "规范章节“{heading}”尚未编写"),
    "variant_empty": ("the variant '{variant}' changes nothing", "变体“{variant}”没有任何差异"),
}

WHAT = {
    "purpose": ("the purpose", "目的"),
    "scope": ("the scope", "范围"),
    "triggers": ("the list of triggers", "触发条件列表"),
}


@dataclass(frozen=True)
class SpecProblem:
    process_id: str
    severity: str  # error | warning
    code: str
    section: str  # the editor section to open
    where: str  # the field path, as ``from_dict`` errors name it
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str = "en") -> str:
        en, zh = MESSAGES[self.code]
        params = {k: (v.get(lang) if isinstance(v, BiText) else v) for k, v in self.params.items()}
        return (zh if lang == "zh" else en).format(**params)

    def line(self, lang: str = "en") -> str:
        """One line for the command line: ``change: activities[change.assess].raci: ...``."""
        return f"{self.process_id}: {self.where}: {self.message(lang)}"

    def to_dict(self) -> dict[str, Any]:
        return {"process": self.process_id, "severity": self.severity, "code": self.code, "section": self.section,
                "where": self.where, "message": self.message("en"), "message_zh": self.message("zh")}


def check_spec(spec: ProcessSpec, catalogue: Iterable[str] | None = None) -> list[SpecProblem]:
    """The problems of one specification (interfaces only against itself: see ``check_book``).

    ``catalogue``: the role ids of the organisation's role catalogue; None skips that check.
    """
    out: list[SpecProblem] = []
    pid = spec.process_id

    def add(severity: str, code: str, section: str, where: str, **params: Any) -> None:
        out.append(SpecProblem(pid, severity, code, section, where, params))

    declared = set(spec.role_ids)
    known = None if catalogue is None else set(catalogue)
    for role in spec.roles:
        if role.custom:
            if role.name.blank:
                add(ERROR, "custom_role_unnamed", "roles", f"roles[{role.id}].name", role=role.id)
        elif known is not None and role.id not in known:
            add(ERROR, "role_not_in_catalogue", "roles", f"roles[{role.id}]", role=role.id)

    def role_ref(role: str, section: str, where: str) -> None:
        if role and role not in declared:
            add(ERROR, "unknown_role", section, where, role=role)

    if not spec.owner:
        add(WARNING, "no_owner", "overview", "owner")
    role_ref(spec.owner, "overview", "owner")
    for what in ("purpose", "scope"):
        if getattr(spec, what).blank:
            add(WARNING, "empty_text", "overview", what, what=BiText(*WHAT[what]))
    if not spec.triggers:
        add(WARNING, "empty_text", "overview", "triggers", what=BiText(*WHAT["triggers"]))

    if not spec.activities:
        add(ERROR, "no_activities", "activities", "activities")
    for activity in spec.activities:
        where = f"activities[{activity.id}].raci"
        _check_raci(add, activity.raci, activity.name, "activities", where)
        for role in activity.raci:
            role_ref(role, "activities", f"{where}[{role}]")
        if not activity.steps:
            add(WARNING, "no_steps", "activities", f"activities[{activity.id}].steps", activity=activity.name)

    if not spec.kpis:
        add(WARNING, "no_kpis", "kpis", "kpis")
    for kpi in spec.kpis:
        where = f"kpis[{kpi.id}]"
        if not kpi.formula.strip():
            add(ERROR, "kpi_no_formula", "kpis", f"{where}.formula", kpi=kpi.name)
        if kpi.target is None:
            add(WARNING, "kpi_no_target", "kpis", f"{where}.target", kpi=kpi.name)
        if kpi.baseline is None:
            add(WARNING, "kpi_no_baseline", "kpis", f"{where}.baseline", kpi=kpi.name)
        elif kpi.target is not None and kpi.meets_target(kpi.baseline) is False and _worse(kpi):
            add(WARNING, "kpi_target_direction", "kpis", f"{where}.target", kpi=kpi.name,
                target=f"{kpi.target:g}", baseline=f"{kpi.baseline:g}")
        if kpi.data_source.blank:
            add(WARNING, "kpi_no_source", "kpis", f"{where}.data_source", kpi=kpi.name)

    own_activities = {a.id for a in spec.activities}
    for i, iface in enumerate(spec.interfaces):
        where = f"interfaces[{i + 1}]"
        if iface.process == pid:
            add(ERROR, "interface_self", "interfaces", where, process=iface.process)
        if iface.activity and iface.activity not in own_activities:
            add(ERROR, "interface_unknown_activity", "interfaces", f"{where}.activity", process=iface.process,
                activity=iface.activity, owner=spec.name)
        if iface.description.blank:
            add(WARNING, "interface_no_description", "interfaces", f"{where}.description", process=iface.process)

    for i, record in enumerate(spec.records):
        role_ref(record.owner, "records", f"records[{i + 1}].owner")
    if not spec.rollout:
        add(WARNING, "rollout_empty", "rollout", "rollout")
    for step in spec.rollout:
        role_ref(step.owner, "rollout", f"rollout[{step.id}].owner")

    for variant in spec.variants:
        vwhere = f"variants[{variant.id}]"
        if not variant.overrides:
            add(WARNING, "variant_empty", "variants", vwhere, variant=variant.name)
        tailored = apply_variant(spec, variant.id)
        for key in variant.overrides:
            parts = key.split(":")
            if parts[0] == "owner":
                role_ref(tailored.owner, "variants", f"{vwhere}.overrides[{key}]")
            elif parts[0] == "activity" and parts[2] == "raci":
                activity = tailored.activity(parts[1])
                assert activity is not None
                _check_raci(add, activity.raci, activity.name, "variants", f"{vwhere}.overrides[{key}]")
                for role in activity.raci:
                    role_ref(role, "variants", f"{vwhere}.overrides[{key}][{role}]")

    for n, section in enumerate(spec.sections, 1):
        if section.text.blank:
            add(WARNING, "section_empty", "sections", f"sections[{n}].text", heading=section.heading)

    untranslated = sum(1 for t in _texts(spec) if bool(t.en.strip()) != bool(t.zh.strip()))
    if untranslated:
        add(WARNING, "untranslated", "overview", "texts", count=untranslated)
    return out


def _worse(kpi) -> bool:
    """A target that asks for less than today's baseline (a typo for the wrong direction, usually)."""
    if kpi.baseline is None or kpi.target is None:
        return False
    return kpi.target < kpi.baseline if kpi.direction == "higher_is_better" else kpi.target > kpi.baseline


def _check_raci(add, raci: Mapping[str, str], name: BiText, section: str, where: str) -> None:
    accountable = [r for r, v in raci.items() if v == "A"]
    if "R" not in raci.values():
        add(ERROR, "no_responsible", section, where, activity=name)
    if not accountable:
        add(ERROR, "no_accountable", section, where, activity=name)
    elif len(accountable) > 1:
        add(ERROR, "several_accountable", section, where, activity=name, count=len(accountable),
            roles=", ".join(accountable))


def _texts(spec: ProcessSpec) -> Iterable[BiText]:
    yield spec.purpose
    yield spec.scope
    yield from spec.triggers
    for a in spec.activities:
        yield a.name
        yield from a.steps
    for k in spec.kpis:
        yield k.name
        yield k.definition
    for s in spec.sections:
        yield s.text


def check_book(specs: Mapping[str, ProcessSpec], catalogue: Iterable[str] | None = None) -> list[SpecProblem]:
    """Every problem of every specification, and the circular interfaces between them."""
    catalogue = None if catalogue is None else list(catalogue)
    out: list[SpecProblem] = []
    for pid in _ordered(specs):
        out.extend(check_spec(specs[pid], catalogue))
    out.extend(_cross_process(specs))
    order = {pid: i for i, pid in enumerate(_ordered(specs))}
    return sorted(out, key=lambda p: (order.get(p.process_id, 99), p.severity != ERROR))


def _ordered(specs: Mapping[str, ProcessSpec]) -> list[str]:
    return [p for p in PROCESS_IDS if p in specs] + sorted(p for p in specs if p not in PROCESS_IDS)


Node = tuple[str, str]  # (process id, activity id)


def handoffs(specs: Mapping[str, ProcessSpec]) -> dict[Node, dict[Node, tuple[str, int]]]:
    """The activity-to-activity hand-offs all interfaces declare, each edge with the (process,
    interface number) that declared it first; an interface declared from both ends is one edge."""
    edges: dict[Node, dict[Node, tuple[str, int]]] = {}
    for pid in _ordered(specs):
        for i, iface in enumerate(specs[pid].interfaces):
            if not iface.activity or not iface.other_activity or iface.process == pid:
                continue
            mine, theirs = (pid, iface.activity), (iface.process, iface.other_activity)
            source, target = (mine, theirs) if iface.direction == "out" else (theirs, mine)
            edges.setdefault(source, {}).setdefault(target, (pid, i + 1))
    return edges


def find_cycles(edges: Mapping[Node, Mapping[Node, Any]]) -> list[list[Node]]:
    """Each elementary cycle once (as found from its smallest node), by depth-first search."""
    cycles: list[list[Node]] = []
    seen: set[tuple[Node, ...]] = set()
    for start in sorted(edges):
        stack: list[tuple[Node, list[Node]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, {})):
                if nxt == start:
                    key = tuple(sorted(path))
                    if key not in seen:
                        seen.add(key)
                        cycles.append(path)
                elif nxt not in path and nxt > start:
                    stack.append((nxt, [*path, nxt]))
    return cycles


def _cross_process(specs: Mapping[str, ProcessSpec]) -> list[SpecProblem]:
    out: list[SpecProblem] = []
    for pid in _ordered(specs):
        for i, iface in enumerate(specs[pid].interfaces):
            other = specs.get(iface.process)
            if other is not None and iface.other_activity and other.activity(iface.other_activity) is None:
                out.append(SpecProblem(pid, ERROR, "interface_unknown_activity", "interfaces",
                                       f"interfaces[{i + 1}].other_activity",
                                       {"process": iface.process, "activity": iface.other_activity,
                                        "owner": other.name}))
    edges = handoffs(specs)
    for cycle in find_cycles(edges):
        ring = [*cycle, cycle[0]]
        text = " → ".join(f"{p}/{a}" for p, a in ring)
        reported: set[str] = set()
        for a, b in zip(ring, ring[1:], strict=False):
            pid, number = edges[a][b]
            if pid in reported:
                continue
            reported.add(pid)
            out.append(SpecProblem(pid, ERROR, "circular_interface", "interfaces", f"interfaces[{number}]",
                                   {"cycle": text}))
    return out


def errors(problems: Iterable[SpecProblem]) -> list[SpecProblem]:
    return [p for p in problems if p.is_error]
