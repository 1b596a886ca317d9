"""The planning report: Word (a docxtpl template like the other kinds) and Excel.

Word: executive summary, objectives and constraints, targets and gap analysis,
initiatives with the impact/effort matrix, the roadmap with its Gantt chart, the
evolution path by phase, risks and dependencies, and for Large engagements the
programme view (one roadmap per business department and the dependencies between them).

Excel: objectives, gaps, initiatives, a Gantt-style sheet with one column per month,
dependencies, the evolution path and risks; customer text never runs as a formula.

The context is a plain object built by ``planning_context`` from a
``PlanningState``; the template is written by ``write_planning_template`` (a consultancy
may keep its own ``planning.<lang>.docx`` in the templates folder). Every number comes
from ``app.planning``: the screen, ``omm plan`` and both files show the same figures.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from app.assessment import EngagementScores
from app.content.schema import MaturityModel, ServiceCatalogue
from app.errors import UserError
from app.planning.analysis import PlanAnalysis
from app.planning.initiatives import HIGH_EFFORT_PM, QUADRANT_NAMES, quadrant
from app.planning.messages import render
from app.planning.model import Message, Plan, text
from app.planning.scopes import department_items
from app.reports.context import ChartSpec, Meta, ReportInputs, _meta, clean
from app.reports.i18n import terms


class PlanningState(Protocol):
    """What the report reads of an engagement's plan (``app.services.planning.PlanningState`` has it)."""

    model: MaturityModel
    plan: Plan
    analysis: PlanAnalysis
    scores: EngagementScores | None
    catalogue: ServiceCatalogue | None

    @property
    def saved(self) -> bool: ...

    def names(self, lang: str) -> dict[str, str]: ...


@dataclass(frozen=True)
class PlanningInputs:
    """What the planning report is built from, read once by the reports service."""

    state: PlanningState
    today: date | None = None

GANTT_ROWS = 24  # initiatives per Gantt figure: one figure fits a portrait page

_W = [
    ("h_summary", "Executive summary", "执行摘要"),
    ("h_objectives", "Objectives and constraints", "业务目标与约束条件"),
    ("h_gaps", "Targets and gap analysis", "目标等级与差距分析"),
    ("h_initiatives", "Improvement initiatives", "改进举措"),
    ("h_roadmap", "Roadmap", "实施路线图"),
    ("h_evolution", "Maturity evolution path", "成熟度演进路径"),
    ("h_risks", "Risks and dependencies", "风险与依赖"),
    ("h_programme", "Programme view by business department", "按业务部门的项目群视图"),
    ("h_constraints", "Constraints", "约束条件"),
    ("h_matrix", "Impact and effort", "收益与投入"),
    ("h_schedule", "Schedule", "排期明细"),
    ("h_unscheduled", "Not scheduled", "未能排期的举措"),
    ("h_flags", "Warnings on the schedule", "排期警示"),
    ("h_critical", "Critical path", "关键路径"),
    ("h_cross", "Dependencies between departments", "跨部门依赖"),
    ("c_rank", "Rank", "排序"), ("c_objective", "Objective", "目标"), ("c_domains", "Domains", "涉及领域"),
    ("c_domain", "Domain", "领域"), ("c_capability", "Capability", "能力项"), ("c_current", "Current", "现状"),
    ("c_target", "Target", "目标"), ("c_gap", "Gap", "差距"), ("c_priority", "Priority", "优先级"),
    ("c_reason", "Why this target", "目标依据"), ("c_serves", "Objectives served", "服务的目标"),
    ("c_no", "No.", "序号"), ("c_initiative", "Initiative", "举措"), ("c_programme", "Programme", "项目群"),
    ("c_effort", "Effort (pm)", "工作量（人月）"), ("c_months", "Months", "工期（月）"),
    ("c_impact", "Impact", "收益"), ("c_quadrant", "Quadrant", "象限"), ("c_cost", "Cost build / run", "建设/运行成本"),
    ("c_phase", "Phase", "阶段"), ("c_period", "Months", "月份"), ("c_capacity", "Capacity (pm)", "产能（人月）"),
    ("c_load", "Load (pm)", "负荷（人月）"), ("c_count", "Initiatives", "举措数"), ("c_start", "Start", "开始"),
    ("c_end", "End", "结束"), ("c_depends", "Depends on", "前置举措"), ("c_critical", "Critical", "关键"),
    ("c_path", "Expected level after each phase", "各阶段结束后的预期等级"), ("c_now", "Now", "现状"),
    ("c_issue", "Issue", "问题"), ("c_what", "What to do", "处理建议"), ("c_department", "Department", "部门"),
    ("c_prerequisite", "Prerequisite", "前提举措"), ("c_slack", "Slack (months)", "浮动时间（月）"),
    ("c_owner", "Owner", "负责角色"), ("c_scope", "Scope", "范围"), ("c_month", "M", "月"),
    ("c_description", "Description", "说明"), ("c_capabilities", "Capabilities", "能力项"),
    ("c_value", "Value", "内容"), ("c_name", "Name", "名称"), ("c_item", "Item", "项目"), ("c_level", "Level", "等级"),
    ("yes", "yes", "是"), ("no", "", ""), ("org_wide", "Whole IT organisation", "全IT组织"),
    ("f_matrix", "Initiatives by impact and effort (numbers as in the initiatives table)",
     "举措的收益与投入分布（编号同举措表）"),
    ("f_gantt", "Roadmap (Gantt chart, part {n} of {total})", "路线图甘特图（第{n}部分，共{total}部分）"),
    ("f_evolution", "Expected level per domain after each phase", "各阶段结束后各领域的预期等级"),
    ("t_objectives", "Executive objectives, in the order agreed", "高管确定的业务目标（按优先顺序）"),
    ("t_constraints", "Constraints stated in the executive workshop", "高管研讨会确定的约束条件"),
    ("t_domain_gaps", "Current level, target and gap per domain, ranked", "各领域现状、目标与差距（按优先级排序）"),
    ("t_capability_gaps", "The largest capability gaps, ranked", "差距最大的能力项（按优先级排序）"),
    ("t_initiatives", "Initiatives", "改进举措"), ("t_phases", "Phases and their capacity", "各阶段及产能"),
    ("t_schedule", "Schedule of initiatives", "举措排期"), ("t_evolution", "Evolution path per domain",
                                                             "各领域演进路径"),
    ("t_unscheduled", "Initiatives that could not be scheduled", "未能排期的举措"),
    ("t_flags", "Warnings the consultant must resolve", "需顾问处理的排期警示"),
    ("t_cross", "Dependencies between departments", "跨部门依赖关系"),
    ("t_department", "Roadmap of {name}", "{name}路线图"),
    ("none_unscheduled", "Every initiative fits within the plan's phases and capacity.",
     "所有举措均可在规划阶段和产能范围内完成排期。"),
    ("none_flags", "No warnings: no pinned item conflicts with a prerequisite, a capacity or a deadline.",
     "无警示：没有手工固定的举措与前提、产能或截止时间冲突。"),
    ("none_cross", "No initiative waits for another department's work.", "没有举措依赖其他部门的工作。"),
    ("critical_intro", "These initiatives have no slack: a month's delay on any of them delays the end of the plan "
                       "by a month.", "以下举措没有浮动时间：任何一项延误一个月，整个规划的完成时间随之推迟一个月。"),
    ("programme_intro", "The programme is scheduled once for the whole IT organisation, because the departments "
                        "share its improvement capacity; each department's roadmap below is its own initiatives "
                        "and the organisation-wide ones they wait for.",
     "整个项目群按全IT组织统一排期，因为各部门共享改进产能；以下各部门路线图包含本部门举措及其依赖的全组织举措。"),
    ("gap_method", "Gaps are ranked by size times (1 + the weight of the objectives they serve); the first of three "
                   "objectives weighs 3/6, the second 2/6, the third 1/6.",
     "差距按“差距大小 ×（1 + 所服务目标的权重）”排序；三个目标中第一位权重为3/6，第二位2/6，第三位1/6。"),
    ("matrix_method", "High impact is an initiative rated high; high effort is more than {pm:g} person-months.",
     "收益为“高”的举措视为高收益；工作量超过{pm:g}人月视为高投入。"),
    ("schedule_method", "Each initiative starts as early as its prerequisites (finish-to-start) and the capacity "
                        "of the phases allow; its effort is spread evenly over its months.",
     "每项举措在前置举措完成（完成-开始）且阶段产能允许时尽早开始；工作量按月平均分摊。"),
    ("evolution_method", "A capability moves towards its target in proportion to the effort of its initiatives "
                         "finished by the end of each phase.",
     "能力项按各阶段末已完成举措的工作量占比，向目标等级推进。"),
    ("summary_objectives", "The executives put {objectives} first.", "高管将{objectives}列为首要目标。"),
    ("summary_gaps", "The widest gaps are in {domains}; {count} capabilities are below their target.",
     "差距最大的领域是{domains}；共有{count}个能力项低于目标。"),
    ("summary_plan", "The plan holds {count} initiatives ({effort:g} person-months) over {phases} phases; the "
                     "last scheduled work ends in month {end:g}.",
     "规划共包含{count}项举措（{effort:g}人月），分{phases}个阶段实施；最后一项已排期工作在第{end:g}个月结束。"),
    ("summary_quick", "{count} quick wins start in the first phase: {names}.", "第一阶段启动{count}项速赢举措：{names}。"),
    ("summary_unscheduled", "{count} initiatives do not fit the capacity or the time available and need a decision "
                            "(see Risks and dependencies).",
     "{count}项举措超出可用产能或时间，需要决策（见“风险与依赖”）。"),
    ("summary_all_fit", "Every initiative fits within the phases and their capacity.",
     "所有举措均可在各阶段产能范围内完成。"),
    ("summary_evolution", "If the roadmap is delivered, the average level moves from {start} to {end} "
                          "(target {target}).", "若路线图如期完成，平均等级将从{start}提升至{end}（目标{target}）。"),
    ("summary_departments", "The programme covers {count} business departments with {links} dependencies between "
                            "them.", "项目群覆盖{count}个业务部门，部门间存在{links}项依赖。"),
    ("risk_unscheduled", "Not scheduled", "未排期"), ("risk_flag", "Warning", "警示"),
    ("risk_cross", "Cross-department dependency without slack", "无浮动时间的跨部门依赖"),
    ("cross_at_risk", "starts the month its prerequisite ends: any slip moves it",
     "前提完成当月即开始：前提任何延误都会推迟该举措"),
    ("c_budget", "Budget", "预算"), ("c_headcount", "Headcount", "人员编制"), ("c_regulation", "Regulation", "监管要求"),
    ("c_tooling", "Tooling", "工具约束"), ("c_appetite", "Appetite for change", "变革意愿"),
    ("c_first_results", "First visible results", "首批成果时限"), ("c_horizon", "Plan length", "规划周期"),
    ("horizon_value", "{months} months", "{months}个月"), ("not_stated", "not stated", "未明确"),
    ("rating_low", "low", "低"), ("rating_medium", "medium", "中"), ("rating_high", "high", "高"),
]
_W += [("s_summary", "Summary", "摘要"), ("s_objectives", "Objectives", "业务目标"), ("s_gaps", "Gaps", "差距分析"),
       ("s_initiatives", "Initiatives", "改进举措"), ("s_gantt", "Gantt", "甘特图"),
       ("s_dependencies", "Dependencies", "依赖关系"), ("s_evolution", "Evolution path", "演进路径"),
       ("s_risks", "Risks", "风险"), ("s_cross", "Cross-department", "跨部门依赖")]
WORDS: dict[str, dict[str, str]] = {"en": {k: en for k, en, _ in _W}, "zh": {k: zh for k, _, zh in _W}}
CONSTRAINT_QUESTIONS = {"budget": "w.con.01", "headcount": "w.con.02", "regulation": "w.con.03",
                        "tooling": "w.con.04", "appetite": "w.app.01", "first_results": "w.app.02"}


@dataclass(frozen=True)
class Row:
    """One table row; templates read its fields by name."""

    cells: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.cells[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Department:
    name: str
    rows: tuple[Row, ...]
    gaps: tuple[Row, ...]


@dataclass(frozen=True)
class PlanningReportContext:
    meta: Meta
    t: Mapping[str, str]
    notices: tuple[str, ...]
    summary: tuple[str, ...]
    objectives: tuple[Row, ...]
    constraints: tuple[Row, ...]
    domain_gaps: tuple[Row, ...]
    capability_gaps: tuple[Row, ...]
    initiatives: tuple[Row, ...]
    phases: tuple[Row, ...]
    schedule: tuple[Row, ...]
    evolution: tuple[Row, ...]
    unscheduled: tuple[Row, ...]
    flags: tuple[Row, ...]
    critical: tuple[Row, ...]
    cross: tuple[Row, ...]
    departments: tuple[Department, ...]
    large: bool
    matrix_chart: ChartSpec
    gantt_charts: tuple[ChartSpec, ...]
    evolution_chart: ChartSpec
    months: tuple[int, ...] = field(default=())  # for the Excel Gantt sheet
    bars: tuple[Row, ...] = field(default=())

    def as_template_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def charts(self) -> list[ChartSpec]:
        return [self.matrix_chart, *self.gantt_charts, self.evolution_chart]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _months(value: float) -> str:
    return f"{value:g}"


def planning_context(state: PlanningState, lang: str, today: date | None = None) -> PlanningReportContext:
    t = {**terms(lang), **WORDS[lang]}
    w = WORDS[lang]
    plan, analysis, model = state.plan, state.analysis, state.model
    names = state.names(lang)
    assert state.scores is not None
    inputs = ReportInputs(scores=state.scores, evidence=(), sessions=(), catalogue=_catalogue(state),
                          generated_on=today or date.today())
    meta = _meta(inputs, "planning", lang, t)
    rating = {r: w[f"rating_{r}"] for r in ("low", "medium", "high")}
    domain_name = {d.id: d.name.get(lang) for d in model.domains}
    cap_name = {c.id: c.name.get(lang) for d in model.domains for c in d.capabilities}
    objective_name = {o.id: text(o.name, lang) for o in plan.objectives}
    number = {i.id: n + 1 for n, i in enumerate(plan.initiatives)}
    sep = "、" if lang == "zh" else ", "

    objectives = tuple(Row({"rank": o.rank, "name": clean(text(o.name, lang)),
                            "description": clean(text(o.description, lang)),
                            "domains": sep.join(domain_name.get(d, d) for d in o.domains)})
                       for o in sorted(plan.objectives, key=lambda o: o.rank))
    constraints = tuple(Row({"label": w[f"c_{key}"], "value": clean(value)}) for key, value in
                        constraint_values(state, lang).items())
    targets = {t_.subject_id: t_ for t_ in plan.targets}

    def reason(subject: str) -> str:
        target = targets.get(subject)
        if target is None:
            return ""
        return clean(render(target.reason if not target.edited else Message("edited"), lang, names))

    domain_gaps = tuple(Row({"rank": g.rank, "name": domain_name.get(g.subject_id, g.subject_id),
                             "current": _fmt(g.current), "target": g.target, "gap": _fmt(g.gap),
                             "priority": f"{g.priority:.2f}",
                             "serves": sep.join(objective_name.get(o, o) for o in g.objectives),
                             "reason": reason(g.subject_id)}) for g in analysis.gaps.domains)
    capability_gaps = tuple(Row({"rank": g.rank, "name": cap_name.get(g.subject_id, g.subject_id),
                                 "domain": domain_name.get(g.domain_id, g.domain_id), "current": _fmt(g.current),
                                 "target": g.target, "gap": _fmt(g.gap), "priority": f"{g.priority:.2f}"})
                            for g in analysis.gaps.open[:15])
    initiatives = tuple(Row({
        "no": number[i.id], "id": i.id, "name": clean(text(i.name, lang)),
        "description": clean(text(i.description, lang)),
        "programme": domain_name.get(i.programme, i.programme), "effort": f"{i.effort:g}",
        "months": _months(i.duration_months), "impact": rating.get(i.impact, i.impact),
        "quadrant": QUADRANT_NAMES[quadrant(i)][lang], "cost": f"{rating.get(i.cost_build, i.cost_build)} / "
                                                              f"{rating.get(i.cost_run, i.cost_run)}",
        "capabilities": sep.join(cap_name.get(c, c) for c in i.capabilities),
        "serves": sep.join(objective_name.get(o, o) for o in i.objectives),
        "owner": _role(state, i.owner_role, lang), "scope": _scope(plan, i.scope, w),
    }) for i in plan.initiatives)
    phase_name = {p.id: text(p.name, lang) for p in plan.phases}
    counts: dict[str, int] = {}
    for s in analysis.schedule.items:
        counts[s.phase] = counts.get(s.phase, 0) + 1
    phases = tuple(Row({"id": p.id, "name": phase_name[p.id], "period": f"{p.start_month:g}–{p.end_month:g}",
                        "capacity": f"{p.capacity:g}", "load": f"{p.load:.1f}", "count": counts.get(p.id, 0),
                        "over": p.over}) for p in analysis.schedule.phases)
    schedule_rows = tuple(Row({
        "no": number[s.id], "name": clean(names.get(s.id, s.id)), "phase": s.phase,
        "start": _months(s.start_month), "end": _months(s.end_month), "effort": f"{s.effort:g}",
        "depends": ", ".join(str(number[d]) for d in s.depends_on if d in number),
        "critical": w["yes"] if s.critical else "", "slack": f"{s.slack:g}", "scope": _scope(plan, plan.initiative(
            s.id).scope, w),
    }) for s in analysis.schedule.items)
    steps = analysis.evolution
    evolution = tuple(Row({
        "name": domain_name[d.id], "now": _fmt(steps[0].domains.get(d.id)),
        "path": " → ".join(f"{s.phase} {_fmt(s.domains.get(d.id))}" for s in steps[1:]),
        "target": targets[d.id].level if d.id in targets else "–",
    }) for d in model.domains)
    unscheduled = tuple(Row({"no": number[u.id], "name": clean(names.get(u.id, u.id)),
                             "reason": clean(render(u.reason, lang, names))}) for u in analysis.schedule.unscheduled)
    flags = tuple(Row({"no": number[item], "name": clean(names.get(item, item)),
                       "reason": clean(render(f, lang, names))}) for item, f in analysis.schedule.flags)
    critical = tuple(Row({"no": number[i], "name": clean(names.get(i, i)),
                          "start": _months(s.start_month), "end": _months(s.end_month)})
                     for i in analysis.schedule.critical_path if (s := analysis.schedule.item(i)) is not None)
    cross = tuple(Row({"item": clean(names.get(c.item, c.item)), "scope": _scope(plan, c.item_scope, w),
                       "prerequisite": clean(names.get(c.prerequisite, c.prerequisite)),
                       "prerequisite_scope": _scope(plan, c.prerequisite_scope, w),
                       "slack": f"{c.slack:g}", "risk": w["cross_at_risk"] if c.at_risk else ""})
                  for c in analysis.cross_links)
    departments = []
    for d in plan.departments:
        ids = department_items(plan.initiatives, analysis.schedule, d.id)
        rows = tuple(r for r in schedule_rows if r.no in {number[i] for i in ids})
        dgaps = analysis.department_gaps.get(d.id)
        top = tuple(Row({"name": domain_name.get(g.subject_id, g.subject_id), "current": _fmt(g.current),
                         "target": g.target, "gap": _fmt(g.gap)})
                    for g in (dgaps.domains[:5] if dgaps else ()))
        departments.append(Department(clean(d.name), rows, top))

    # charts
    gantt_items = list(analysis.schedule.items)
    chunks = [gantt_items[k:k + GANTT_ROWS] for k in range(0, len(gantt_items), GANTT_ROWS)] or [[]]
    gantt = []
    short_phase = [(f"{p.id} · {p.start_month:g}–{p.end_month:g}", p.start_month, p.end_month, p.capacity, p.load)
                   for p in analysis.schedule.phases]
    horizon = analysis.schedule.phases[-1].end_month if analysis.schedule.phases else 24
    for n, chunk in enumerate(chunks):
        index = {s.id: k for k, s in enumerate(chunk)}
        rows = [(f"{number[s.id]}. {names.get(s.id, s.id)}", s.start_month, s.end_month, s.critical, s.pinned,
                 bool(s.flags)) for s in chunk]
        links = [(index[d], index[s.id]) for s in chunk for d in s.depends_on if d in index]
        gantt.append(ChartSpec(f"planning.gantt.{n}", "gantt_chart",
                               w["f_gantt"].format(n=n + 1, total=len(chunks)),
                               {"rows": rows, "phases": short_phase, "links": links, "lang": lang,
                                "months": horizon}))
    points = [(number[i.id], i.effort, i.impact) for i in plan.initiatives]
    matrix = ChartSpec("planning.matrix", "impact_effort_chart", w["f_matrix"],
                       {"points": points, "high_effort": HIGH_EFFORT_PM, "lang": lang})
    evo = ChartSpec("planning.evolution", "evolution_chart", w["f_evolution"], {
        "labels": [domain_name[d.id] for d in model.domains],
        "steps": [(w["c_now"] if not s.phase else s.phase, [s.domains.get(d.id) for d in model.domains])
                  for s in steps],
        "targets": [targets[d.id].level if d.id in targets else None for d in model.domains], "lang": lang,
        "scale_min": model.scale.minimum, "scale_max": model.scale.maximum})

    summary = _summary(state, lang, names, domain_name, objective_name, number)
    months = tuple(range(int(horizon)))
    bars = tuple(Row({"no": number[s.id], "name": clean(names.get(s.id, s.id)), "phase": s.phase,
                      "start": s.start_month, "end": s.end_month, "critical": s.critical})
                 for s in analysis.schedule.items)
    return PlanningReportContext(
        meta=meta, t=t, notices=() if state.saved else (_draft_notice(lang),), summary=summary,
        objectives=objectives, constraints=constraints, domain_gaps=domain_gaps, capability_gaps=capability_gaps,
        initiatives=initiatives, phases=phases, schedule=schedule_rows, evolution=evolution,
        unscheduled=unscheduled, flags=flags, critical=critical, cross=cross, departments=tuple(departments),
        large=plan.size == "large" or bool(plan.departments), matrix_chart=matrix, gantt_charts=tuple(gantt),
        evolution_chart=evo, months=months, bars=bars)


def _draft_notice(lang: str) -> str:
    return ("这是根据研讨会答案和评估结果自动起草、尚未经顾问保存的规划。" if lang == "zh" else
            "This plan is the draft made from the workshop answers and the scores; the consultant has not saved "
            "it yet.")


def _catalogue(state: PlanningState):
    return state.catalogue


def _role(state: PlanningState, role: str, lang: str) -> str:
    catalogue = _catalogue(state)
    if catalogue is not None:
        for r in catalogue.roles:
            if r.id == role:
                return r.name.get(lang)
    return role


def _scope(plan, scope: str, w: Mapping[str, str]) -> str:
    if not scope:
        return w["org_wide"]
    return next((d.name for d in plan.departments if d.id == scope), scope)


def constraint_values(state: PlanningState, lang: str) -> dict[str, str]:
    c = state.plan.constraints
    w = WORDS[lang]
    options: dict[str, dict[str, str]] = {}
    assert state.scores is not None
    workshop = next((q for q in state.scores.questionnaires if q.id == "planning-workshop"), None)
    if workshop is not None:
        for section in workshop.sections:
            for q in section.questions:
                opts = getattr(q.answer, "options", None)
                if opts:
                    options[q.id] = {o.id: o.text.get(lang) for o in opts}
    out = {}
    for key, question in CONSTRAINT_QUESTIONS.items():
        value = getattr(c, key)
        out[key] = options.get(question, {}).get(value, value) if value else w["not_stated"]
    out["horizon"] = w["horizon_value"].format(months=c.horizon_months)
    return out


def _summary(state: PlanningState, lang: str, names: Mapping[str, str], domain_name: Mapping[str, str],
             objective_name: Mapping[str, str], number: Mapping[str, int]) -> tuple[str, ...]:
    w = WORDS[lang]
    plan, analysis = state.plan, state.analysis
    sep = "、" if lang == "zh" else ", "
    quote = (lambda s: f"“{s}”") if lang == "zh" else (lambda s: f"'{s}'")
    out: list[str] = []
    ranked = sorted(plan.objectives, key=lambda o: o.rank)
    if ranked:
        out.append(w["summary_objectives"].format(objectives=sep.join(quote(objective_name[o.id]) for o in ranked)))
    widest = [g for g in analysis.gaps.domains if g.gap][:3]
    if widest:
        out.append(w["summary_gaps"].format(domains=sep.join(domain_name.get(g.subject_id, g.subject_id)
                                                             for g in widest), count=len(analysis.gaps.open)))
    effort = sum(i.effort for i in plan.initiatives)
    out.append(w["summary_plan"].format(count=len(plan.initiatives), effort=round(effort, 1),
                                        phases=len(plan.phases), end=analysis.schedule.end_month))
    first = plan.phases[0].id if plan.phases else ""
    quick = [s.id for s in analysis.schedule.items if s.phase == first and quadrant(plan.initiative(s.id)) ==
             "quick_win"]
    if quick:
        out.append(w["summary_quick"].format(count=len(quick), names=sep.join(names[i] for i in quick[:4])
                                             + ("…" if len(quick) > 4 else "")))
    out.append(w["summary_unscheduled"].format(count=len(analysis.schedule.unscheduled))
               if analysis.schedule.unscheduled else w["summary_all_fit"])
    start, end = _mean(analysis.evolution[0].domains), _mean(analysis.evolution[-1].domains)
    targets = [t.level for t in plan.targets if t.kind == "domain"]
    if start is not None and end is not None and targets:
        out.append(w["summary_evolution"].format(start=f"{start:.2f}", end=f"{end:.2f}",
                                                 target=f"{sum(targets) / len(targets):.2f}"))
    if plan.departments:
        out.append(w["summary_departments"].format(count=len(plan.departments), links=len(analysis.cross_links)))
    return tuple(clean(s) for s in out)


def _mean(values: Mapping[str, float | None]) -> float | None:
    known = [v for v in values.values() if v is not None]
    return sum(known) / len(known) if known else None


# --- the Word template ------------------------------------------------------------------------------------


def write_planning_template(lang: str, target: Path | str | io.BytesIO) -> None:
    from app.reports.template_builder import Column, TemplateWriter, logo_png
    from app.reports.template_content import WORDS as BASE

    words = {**BASE[lang], **WORDS[lang]}
    tw = TemplateWriter(lang, lambda k: words[k])
    t = words
    tw.cover("{{ meta.title }}", logo_png())  # a model may title it (app.content.wording)
    tw.contents()
    tw.notices()

    tw.h(t["h_summary"])
    tw.tag("{%p for s in summary %}")
    tw.p("{{ s }}")
    tw.tag("{%p endfor %}")

    tw.h(t["h_objectives"])
    tw.table("objectives", [Column(t["c_rank"], "r.rank", 1.3, "center"),
                            Column(t["c_objective"], "r.name", 6.5, detail="r.description", bold=True),
                            Column(t["c_domains"], "r.domains", 8.6)], caption=t["t_objectives"])
    tw.h(t["h_constraints"], 2)
    tw.table("constraints", [Column(t["c_item"], "r.label", 4.5, bold=True), Column(t["c_value"], "r.value", 11.9)],
             caption=t["t_constraints"])

    tw.h(t["h_gaps"])
    tw.p(t["gap_method"], "Small Print")
    tw.table("domain_gaps", [Column(t["c_rank"], "r.rank", 1.1, "center"),
                             Column(t["c_domain"], "r.name", 4.2, detail="r.reason", bold=True),
                             Column(t["c_current"], "r.current", 1.6, "right"),
                             Column(t["c_target"], "r.target", 1.5, "right"),
                             Column(t["c_gap"], "r.gap", 1.4, "right"),
                             Column(t["c_priority"], "r.priority", 1.7, "right"),
                             Column(t["c_serves"], "r.serves", 4.9)], caption=t["t_domain_gaps"])
    tw.table("capability_gaps", [Column(t["c_rank"], "r.rank", 1.1, "center"),
                                 Column(t["c_capability"], "r.name", 5.6, bold=True),
                                 Column(t["c_domain"], "r.domain", 4.3),
                                 Column(t["c_current"], "r.current", 1.6, "right"),
                                 Column(t["c_target"], "r.target", 1.5, "right"),
                                 Column(t["c_gap"], "r.gap", 1.3, "right"),
                                 Column(t["c_priority"], "r.priority", 1.6, "right")],
             caption=t["t_capability_gaps"])

    tw.h(t["h_initiatives"])
    tw.table("initiatives", [Column(t["c_no"], "r.no", 1.0, "center"),
                             Column(t["c_initiative"], "r.name", 7.4, detail="r.description", bold=True),
                             Column(t["c_programme"], "r.programme", 2.6),
                             Column(t["c_effort"], "r.effort", 1.6, "right"),
                             Column(t["c_months"], "r.months", 1.4, "right"),
                             Column(t["c_impact"], "r.impact", 1.3),
                             Column(t["c_quadrant"], "r.quadrant", 1.9)], caption=t["t_initiatives"])
    tw.h(t["h_matrix"], 2)
    tw.p(t["matrix_method"].format(pm=HIGH_EFFORT_PM), "Small Print")
    tw.figure("matrix_chart", t["f_matrix"])

    tw.h(t["h_roadmap"])
    tw.p(t["schedule_method"], "Small Print")
    tw.table("phases", [Column(t["c_phase"], "r.id", 1.4, bold=True), Column(t["c_name"], "r.name", 6.4),
                        Column(t["c_period"], "r.period", 1.8, "center"),
                        Column(t["c_capacity"], "r.capacity", 2.2, "right"),
                        Column(t["c_load"], "r.load", 2.2, "right"),
                        Column(t["c_count"], "r.count", 2.0, "right")], caption=t["t_phases"])
    tw.tag("{%p for c in gantt_charts %}")
    tw.p("{{ c }}", "Figure")
    tw.p("{{ c.title }}", "Caption", align="center")
    tw.tag("{%p endfor %}")
    tw.h(t["h_schedule"], 2)
    tw.table("schedule", [Column(t["c_no"], "r.no", 1.0, "center"),
                          Column(t["c_initiative"], "r.name", 6.6, bold=True),
                          Column(t["c_phase"], "r.phase", 1.3, "center"),
                          Column(t["c_start"], "r.start", 1.3, "right"), Column(t["c_end"], "r.end", 1.3, "right"),
                          Column(t["c_effort"], "r.effort", 1.7, "right"),
                          Column(t["c_depends"], "r.depends", 2.0), Column(t["c_critical"], "r.critical", 1.3)],
             caption=t["t_schedule"])

    tw.h(t["h_evolution"])
    tw.p(t["evolution_method"], "Small Print")
    tw.figure("evolution_chart", t["f_evolution"])
    tw.table("evolution", [Column(t["c_domain"], "r.name", 4.8, bold=True),
                           Column(t["c_now"], "r.now", 1.5, "right"), Column(t["c_path"], "r.path", 8.6),
                           Column(t["c_target"], "r.target", 1.5, "right")], caption=t["t_evolution"])

    tw.h(t["h_risks"])
    tw.h(t["h_critical"], 2)
    tw.p(t["critical_intro"])
    tw.table("critical", [Column(t["c_no"], "r.no", 1.0, "center"), Column(t["c_initiative"], "r.name", 11.4),
                          Column(t["c_start"], "r.start", 2.0, "right"), Column(t["c_end"], "r.end", 2.0, "right")])
    tw.h(t["h_unscheduled"], 2)
    tw.tag("{%p if unscheduled %}")
    tw.table("unscheduled", [Column(t["c_no"], "r.no", 1.0, "center"),
                             Column(t["c_initiative"], "r.name", 5.2, bold=True),
                             Column(t["c_what"], "r.reason", 10.2)], caption=t["t_unscheduled"])
    tw.tag("{%p else %}")
    tw.p(t["none_unscheduled"])
    tw.tag("{%p endif %}")
    tw.h(t["h_flags"], 2)
    tw.tag("{%p if flags %}")
    tw.table("flags", [Column(t["c_no"], "r.no", 1.0, "center"), Column(t["c_initiative"], "r.name", 5.2, bold=True),
                       Column(t["c_what"], "r.reason", 10.2)], caption=t["t_flags"])
    tw.tag("{%p else %}")
    tw.p(t["none_flags"])
    tw.tag("{%p endif %}")

    tw.tag("{%p if large %}")
    tw.h(t["h_programme"])
    tw.p(t["programme_intro"])
    tw.h(t["h_cross"], 2)
    tw.tag("{%p if cross %}")
    tw.table("cross", [Column(t["c_initiative"], "r.item", 4.2, detail="r.scope", bold=True),
                       Column(t["c_prerequisite"], "r.prerequisite", 4.2, detail="r.prerequisite_scope"),
                       Column(t["c_slack"], "r.slack", 1.8, "right"), Column(t["c_issue"], "r.risk", 6.2)],
             caption=t["t_cross"])
    tw.tag("{%p else %}")
    tw.p(t["none_cross"])
    tw.tag("{%p endif %}")
    tw.tag("{%p for d in departments %}")
    tw.p("{{ d.name }}", "Heading 2")
    tw.table("d.gaps", [Column(t["c_domain"], "r.name", 7.4, bold=True),
                        Column(t["c_current"], "r.current", 3.0, "right"),
                        Column(t["c_target"], "r.target", 3.0, "right"), Column(t["c_gap"], "r.gap", 3.0, "right")])
    tw.table("d.rows", [Column(t["c_no"], "r.no", 1.0, "center"), Column(t["c_initiative"], "r.name", 6.8, bold=True),
                        Column(t["c_scope"], "r.scope", 3.2), Column(t["c_phase"], "r.phase", 1.4, "center"),
                        Column(t["c_start"], "r.start", 1.3, "right"), Column(t["c_end"], "r.end", 1.3, "right"),
                        Column(t["c_depends"], "r.depends", 1.4)])
    tw.tag("{%p endfor %}")
    tw.tag("{%p endif %}")
    tw.save(target)


@lru_cache(maxsize=2)
def planning_template_bytes(lang: str) -> bytes:
    """The built-in template, written once per language and process (bytes: nothing shared mutates)."""
    buffer = io.BytesIO()
    write_planning_template(lang, buffer)
    return buffer.getvalue()


# --- charts -----------------------------------------------------------------------------------------------


CHART_DPI = 150  # plenty for a printed A4 page; 200 doubles the drawing time of the Gantt parts


def chart_png(spec: ChartSpec, dpi: int = CHART_DPI) -> bytes:
    from app.reports import planning_charts
    from app.reports.charts import figure_png

    return figure_png(getattr(planning_charts, spec.builder)(**spec.params), dpi=dpi)


# --- Excel ------------------------------------------------------------------------------------------------


def render_planning_xlsx(ctx: PlanningReportContext, out: BinaryIO | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from app.reports.xlsx_render import put

    t = ctx.t
    wb = Workbook()
    header_fill = PatternFill("solid", fgColor="1F3864")
    header_font = Font(bold=True, color="FFFFFF")

    def sheet(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]):
        ws = wb.create_sheet(title[:31])
        for col, (h, width) in enumerate(zip(headers, widths, strict=True), start=1):
            cell = put(ws, 1, col, h)
            cell.fill, cell.font = header_fill, header_font
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(col)].width = width
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = put(ws, r, col, value)
                cell.alignment = Alignment(wrap_text=isinstance(value, str) and len(value) > 30, vertical="top")
        ws.freeze_panes = "B2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToHeight = 0
        return ws

    summary = wb.active
    summary.title = t["s_summary"]
    put(summary, 1, 1, ctx.meta.title).font = Font(bold=True, size=14, color="1F3864")
    put(summary, 2, 1, f"{ctx.meta.customer} · {ctx.meta.engagement}")
    put(summary, 3, 1, ctx.meta.report_date)
    if ctx.meta.consultancy:  # the consultancy's name and logo from the settings
        put(summary, 4, 1, ctx.meta.consultancy).font = Font(bold=True, color="1F3864")
    if ctx.meta.logo:
        from app.reports.branding import add_excel_logo

        add_excel_logo(summary, ctx.meta.logo, "A1", offset_px=430)  # column A is the page's width
    for n, line in enumerate(ctx.notices + ctx.summary, start=5):
        put(summary, n, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 120

    sheet(t["s_objectives"], [t["c_rank"], t["c_objective"], t["c_domains"], t["c_description"]],
          [(r.rank, r.name, r.domains, r.description) for r in ctx.objectives], (8, 34, 50, 80))
    sheet(t["s_gaps"],
          [t["c_rank"], t["c_domain"], t["c_current"], t["c_target"], t["c_gap"], t["c_priority"], t["c_serves"],
           t["c_reason"]],
          [(r.rank, r.name, _num(r.current), r.target, _num(r.gap), _num(r.priority), r.serves, r.reason)
           for r in ctx.domain_gaps], (8, 34, 10, 10, 10, 10, 40, 60))
    sheet(t["s_initiatives"], [t["c_no"], "ID", t["c_initiative"], t["c_programme"], t["c_capabilities"],
                               t["c_serves"], t["c_owner"], t["c_scope"], t["c_effort"], t["c_months"], t["c_impact"],
                               t["c_quadrant"], t["c_cost"], t["c_description"]],
          [(r.no, r.id, r.name, r.programme, r.capabilities, r.serves, r.owner, r.scope, _num(r.effort),
            _num(r.months), r.impact, r.quadrant, r.cost, r.description) for r in ctx.initiatives],
          (6, 26, 40, 20, 40, 34, 16, 18, 12, 10, 10, 14, 16, 90))
    _gantt_sheet(wb, ctx)
    deps = [(r.no, r.name, d) for r in ctx.schedule for d in r.depends.split(", ") if d]
    names = {r.no: r.name for r in ctx.initiatives}
    sheet(t["s_dependencies"],
          [t["c_no"], t["c_initiative"], t["c_prerequisite"] + " " + t["c_no"], t["c_prerequisite"]],
          [(no, name, int(d), names.get(int(d), "")) for no, name, d in deps], (8, 44, 14, 44))
    sheet(t["s_evolution"], [t["c_domain"], t["c_now"], t["c_path"], t["c_target"]],
          [(r.name, _num(r.now), r.path, r.target) for r in ctx.evolution], (34, 10, 70, 10))
    risks = [(t["risk_unscheduled"], r.no, r.name, r.reason) for r in ctx.unscheduled] + \
            [(t["risk_flag"], r.no, r.name, r.reason) for r in ctx.flags]
    sheet(t["s_risks"], [t["c_issue"], t["c_no"], t["c_initiative"], t["c_what"]], risks, (18, 8, 40, 100))
    if ctx.large:
        sheet(t["s_cross"], [t["c_initiative"], t["c_scope"], t["c_prerequisite"], t["c_department"], t["c_slack"],
                             t["c_issue"]],
              [(r.item, r.scope, r.prerequisite, r.prerequisite_scope, _num(r.slack), r.risk) for r in ctx.cross],
              (40, 22, 40, 22, 12, 50))
    if isinstance(out, Path):
        wb.save(out)
    else:
        wb.save(out)


def _num(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _gantt_sheet(wb, ctx: PlanningReportContext) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from app.reports.xlsx_render import put

    t = ctx.t
    ws = wb.create_sheet(t["s_gantt"])
    head = PatternFill("solid", fgColor="1F3864")
    white = Font(bold=True, color="FFFFFF")
    bar = PatternFill("solid", fgColor="2E75B6")
    critical = PatternFill("solid", fgColor="C55A11")
    phase_fill = PatternFill("solid", fgColor="D9E2F3")
    for col, h in enumerate([t["c_no"], t["c_initiative"], t["c_phase"], t["c_start"], t["c_end"]], start=1):
        cell = put(ws, 2, col, h)
        cell.fill, cell.font = head, white
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 44
    for col in "CDE":
        ws.column_dimensions[col].width = 7
    first = 6
    for m in ctx.months:
        col = first + m
        cell = put(ws, 2, col, m + 1)
        cell.fill, cell.font = head, white
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = 3.6
    for p in ctx.phases:
        start, end = (float(x) for x in p.period.split("–"))
        col = first + int(start)
        put(ws, 1, col, f"{p.id} {p.period}").font = Font(bold=True, color="1F3864")
        for m in range(int(start), int(end)):
            if m < len(ctx.months):
                ws.cell(row=1, column=first + m).fill = phase_fill
    for r, row in enumerate(ctx.bars, start=3):
        put(ws, r, 1, row.no)
        put(ws, r, 2, row.name)
        put(ws, r, 3, row.phase)
        put(ws, r, 4, row.start)
        put(ws, r, 5, row.end)
        for m in ctx.months:
            if row.start - 1e-6 <= m and m + 1 <= row.end + 1e-6 or (row.start < m + 1 and row.end > m):
                ws.cell(row=r, column=first + m).fill = critical if row.critical else bar
    ws.freeze_panes = ws.cell(row=3, column=first)
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


# --- building the file ------------------------------------------------------------------------------------


@dataclass
class PlanningTimings:
    gather: float = 0.0
    context: float = 0.0
    charts: float = 0.0
    render: float = 0.0
    chart_count: int = 0

    @property
    def total(self) -> float:
        return self.gather + self.context + self.charts + self.render


def write_planning_report(state: PlanningState, out: Path, lang: str, *, templates: Path | None = None,
                          step: Callable[[int, str], None] | None = None, today: date | None = None,
                          timings: PlanningTimings | None = None) -> Path:
    """Word or Excel by the suffix of ``out``; written to a temporary file and moved into place."""
    step = step or (lambda _p, _m: None)
    timings = timings or PlanningTimings()
    suffix = out.suffix.lower()
    started = time.perf_counter()
    step(10, "building the report content")
    ctx = planning_context(state, lang, today)
    timings.context = time.perf_counter() - started
    images: dict[str, bytes] = {}
    started = time.perf_counter()
    if suffix == ".docx":
        specs = ctx.charts()
        for n, spec in enumerate(specs):
            step(15 + int(55 * n / max(1, len(specs))), f"drawing charts ({n + 1}/{len(specs)})")
            images[spec.id] = chart_png(spec)
    timings.charts = time.perf_counter() - started
    timings.chart_count = len(images)
    step(75, "writing the document")
    started = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=suffix, dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if suffix == ".docx":
                from app.reports.docx_render import render_docx

                template, name = _template(lang, templates)
                render_docx(ctx, template, name, images, handle)  # type: ignore[arg-type]
            else:
                render_planning_xlsx(ctx, handle)
        try:
            os.replace(tmp, out)
        except PermissionError:
            raise UserError(f"cannot write {out}: is it open in Word or Excel?") from None
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    timings.render = time.perf_counter() - started
    return out


def _template(lang: str, directory: Path | None) -> tuple[bytes, str]:
    from app.reports.api import template_path

    path = template_path("planning", lang, directory)
    if path.is_file():
        try:
            return path.read_bytes(), str(path)
        except OSError as exc:
            raise UserError(f"cannot read template {path}: {exc.strerror}") from None
    return planning_template_bytes(lang), f"built-in planning.{lang}.docx"
