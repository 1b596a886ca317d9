"""What the process reports show: one chapter per process, every id turned into its name and
every text into the report's language, built once and read by Word, Excel and the templates.

Pure: :func:`build_processes_view` takes the specifications (``app.planning.processes``
``ProcessSpec`` objects, read here by their attributes only), the role names, the process
assessments and the engagement's facts, and returns plain rows. The Word report, the
workbook and the template files read the same rows, so they say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.reports.process_flow import FlowStep, flow_steps, role_name, text

W = {
    "en": {
        "title": "Process specifications", "subtitle": "{model}: assessment, specification, flow, RACI, KPIs and rollout",
        "engagement": "Engagement", "size": "Service size", "date": "Report date", "customer": "Customer",
        "summary": "Summary", "process": "Process", "owner": "Process owner", "status": "Status",
        "current": "Current level", "target": "Target level", "gap": "Gap", "activities": "Activities",
        "kpis": "KPIs", "assessment": "Assessment", "capability": "Capability", "findings": "Findings",
        "no_findings": "No gap to the target was found.", "not_assessed": "not assessed",
        "assessment_text": "Current maturity {level} against a target of {target} ({coverage}% of the deep dive "
                           "answered).",
        "gap_line": "{name}: level {level} against a target of {target}.",
        "assessment_none": "The deep dive of this process has not been answered yet; the specification below is "
                           "the standard the customer adopts.",
        "purpose_scope": "Purpose and scope", "purpose": "Purpose", "scope": "Scope", "triggers": "Triggers",
        "roles": "Roles and RACI", "raci_intro": "R responsible, A accountable, C consulted, I informed.",
        "role": "Role", "activity": "Activity", "flow": "Process flow",
        "flow_intro": "One swim lane per Responsible role; amber arrows are hand-offs between roles.",
        "activities_h": "Activities and standard operating procedures", "responsible": "Responsible",
        "accountable": "Accountable", "consulted": "Consulted", "informed": "Informed", "steps": "Steps",
        "inputs": "Inputs", "outputs": "Outputs", "io": "Inputs and outputs", "tools": "Tools",
        "tool": "Tool", "tool_purpose": "Used for", "interfaces": "Interfaces with other processes",
        "direction": "Direction", "this_activity": "This process", "other_process": "Other process",
        "other_activity": "Other activity", "description": "What is handed over", "out": "hands over to",
        "in": "receives from", "records": "Records kept", "record": "Record", "retention": "Retention",
        "sections": "Specification", "kpi_h": "KPIs", "kpi": "KPI", "definition": "Definition",
        "formula": "Formula", "unit": "Unit", "source": "Data source", "frequency": "Frequency",
        "baseline": "Baseline", "kpi_direction": "Better when", "higher_is_better": "higher",
        "lower_is_better": "lower", "weekly": "weekly", "monthly": "monthly", "quarterly": "quarterly",
        "rollout": "Rollout plan", "phase": "Phase", "step": "Step", "start": "Start (month)",
        "duration": "Months", "end": "End (month)", "variants": "Business-line variants", "variant": "Variant",
        "difference": "What differs", "base": "Standard", "tailored": "This business line",
        "draft": "draft", "approved": "approved", "none": "None recorded.", "not_written": "To be written.",
        "no_rollout": "No rollout steps planned yet.", "no_kpis": "No KPIs defined yet.",
        "month": "month {n}", "unassigned": "(not assigned)", "empty_spec": "No specification yet.",
        "sheet_kpis": "KPIs", "sheet_raci": "RACI", "sheet_activities": "Activities", "sheet_rollout": "Rollout",
        "sheet_assessment": "Assessment", "note": "Note", "level": "Level", "kpi_target": "Target",
        "step_owner": "Owner", "text": "Description", "start_short": "Start month",
        "notice_seeded": "Not edited yet, drafted from the process model: {names}.",
        "notice_drafts": "{n} of the specifications are drafts, not yet approved.",
        "notice_problems": "The specifications have {n} problems to fix (see the Processes tab).",
    },
    "zh": {
        "title": "流程规范", "subtitle": "{model}：评估、规范、流程图、RACI、KPI与推行计划",
        "engagement": "项目", "size": "服务规模", "date": "报告日期", "customer": "客户",
        "summary": "概要", "process": "流程", "owner": "流程负责人", "status": "状态", "current": "现状等级",
        "target": "目标等级", "gap": "差距", "activities": "活动数", "kpis": "指标数", "assessment": "流程评估",
        "capability": "能力项", "findings": "主要发现", "no_findings": "未发现与目标的差距。",
        "not_assessed": "未评估",
        "assessment_text": "现状成熟度{level}，目标{target}（专项诊断作答覆盖率{coverage}%）。",
        "gap_line": "{name}：现状{level}级，目标{target}级。",
        "assessment_none": "该流程的专项诊断尚未作答；以下规范即客户采用的标准。",
        "purpose_scope": "目的与范围", "purpose": "目的", "scope": "范围", "triggers": "触发条件",
        "roles": "角色与RACI", "raci_intro": "R 执行，A 负责，C 征询，I 知会。", "role": "角色",
        "activity": "活动", "flow": "流程图", "flow_intro": "每个执行角色一条泳道；橙色箭头表示角色之间的交接。",
        "activities_h": "活动与标准操作规程", "responsible": "执行(R)", "accountable": "负责(A)",
        "consulted": "征询(C)", "informed": "知会(I)", "steps": "操作步骤", "inputs": "输入", "outputs": "输出",
        "io": "输入与输出", "tools": "工具", "tool": "工具", "tool_purpose": "用途",
        "interfaces": "与其他流程的接口", "direction": "方向", "this_activity": "本流程活动",
        "other_process": "对接流程", "other_activity": "对接活动", "description": "交接内容", "out": "移交给",
        "in": "接收自", "records": "记录", "record": "记录", "retention": "保存期限", "sections": "规范正文",
        "kpi_h": "关键指标", "kpi": "指标", "definition": "定义", "formula": "计算公式", "unit": "单位",
        "source": "数据来源", "frequency": "统计频率", "baseline": "基线", "kpi_direction": "方向",
        "higher_is_better": "越高越好", "lower_is_better": "越低越好", "weekly": "每周", "monthly": "每月",
        "quarterly": "每季度", "rollout": "推行计划", "phase": "阶段", "step": "步骤", "start": "开始(月)",
        "duration": "月数", "end": "结束(月)", "variants": "业务线变体", "variant": "变体", "difference": "差异项",
        "base": "标准规范", "tailored": "本业务线", "draft": "草稿", "approved": "已批准", "none": "暂无记录。",
        "not_written": "待编写。", "no_rollout": "尚未制定推行步骤。", "no_kpis": "尚未定义指标。",
        "month": "第{n}月", "unassigned": "（未指定）", "empty_spec": "尚无流程规范。",
        "sheet_kpis": "关键指标", "sheet_raci": "RACI", "sheet_activities": "活动", "sheet_rollout": "推行计划",
        "sheet_assessment": "流程评估", "note": "说明", "level": "等级", "kpi_target": "目标值",
        "step_owner": "负责人", "text": "说明", "start_short": "开始月份",
        "notice_seeded": "以下流程规范尚未编辑，由流程模型自动起草：{names}。",
        "notice_drafts": "有{n}份流程规范仍为草稿，尚未批准。",
        "notice_problems": "流程规范有{n}个问题待修正（见“流程”页签）。",
    },
}


def words(lang: str) -> dict[str, str]:
    return W["zh"] if lang == "zh" else W["en"]


def number(value: float | None, unit: str = "", lang: str = "en") -> str:
    """``12.5 %`` / ``8 working hours``; "" for no value."""
    if value is None:
        return ""
    shown = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


# --- the view -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapabilityRow:
    name: str
    level: float | None
    target: float | None
    gap: float | None


@dataclass(frozen=True)
class AssessmentView:
    assessed: bool
    level: float | None
    target: float | None
    summary: str
    capabilities: tuple[CapabilityRow, ...]
    findings: tuple[str, ...]


@dataclass(frozen=True)
class ActivityRow:
    number: int
    id: str
    name: str
    responsible: str
    accountable: str
    consulted: str
    informed: str
    description: str
    steps: tuple[str, ...]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class RaciView:
    roles: tuple[str, ...]  # column headers: role names
    role_ids: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (activity name, one letter or "" per role)


@dataclass(frozen=True)
class KpiRow:
    id: str
    name: str
    definition: str
    formula: str
    unit: str
    direction: str
    source: str
    frequency: str
    baseline: str
    target: str
    note: str  # where the baseline came from, why the target


@dataclass(frozen=True)
class InterfaceRow:
    direction: str
    process: str
    activity: str
    other_activity: str
    description: str


@dataclass(frozen=True)
class RolloutRow:
    phase: int
    title: str
    description: str
    owner: str
    start_month: int
    duration: int

    @property
    def end_month(self) -> int:
        return self.start_month + self.duration


@dataclass(frozen=True)
class VariantView:
    name: str
    note: str
    differences: tuple[tuple[str, str, str], ...]  # (what, standard, this business line)


@dataclass(frozen=True)
class ProcessChapter:
    number: int
    id: str
    name: str
    owner: str
    status: str
    purpose: str
    scope: str
    triggers: tuple[str, ...]
    roles: tuple[str, ...]
    activities: tuple[ActivityRow, ...]
    raci: RaciView
    flow: tuple[FlowStep, ...]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    tools: tuple[tuple[str, str], ...]
    interfaces: tuple[InterfaceRow, ...]
    records: tuple[tuple[str, str, str], ...]  # (record, owner, retention)
    sections: tuple[tuple[str, str], ...]  # (heading, text)
    kpis: tuple[KpiRow, ...]
    rollout: tuple[RolloutRow, ...]
    variants: tuple[VariantView, ...]
    assessment: AssessmentView

    @property
    def flow_title(self) -> str:
        return self.name


@dataclass(frozen=True)
class ProcessesView:
    lang: str
    customer: str
    engagement: str
    size: str
    report_date: str
    chapters: tuple[ProcessChapter, ...]
    notices: tuple[str, ...] = field(default=())
    subtitle: str = ""  # "Seven standard O&M processes: assessment, ...": the process model's own name

    def chapter(self, process_id: str) -> ProcessChapter:
        return next(c for c in self.chapters if c.id == process_id)


# --- building ---------------------------------------------------------------------------------------


def _names(ids: Iterable[str], spec: Any, role_names: Mapping[str, Any], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(role_name(r, spec, role_names, lang) for r in ids)


def _raci(spec: Any, role_names: Mapping[str, Any], lang: str) -> RaciView:
    used = {r for a in spec.activities for r in a.raci}
    ordered = [r.id for r in spec.roles if r.id in used]
    ordered += sorted(used - set(ordered))
    rows = tuple((text(a.name, lang), tuple(a.raci.get(r, "") for r in ordered)) for a in spec.activities)
    return RaciView(tuple(role_name(r, spec, role_names, lang) for r in ordered), tuple(ordered), rows)


def assessment_view(assessment: Any, lang: str) -> AssessmentView:
    """A process's assessment (``app.diagnosis.process_assessment.ProcessAssessment``) in ``lang``.

    The findings shown are the approved ones (the report goes to the customer); with none
    approved yet, the largest gaps to target stand in for them.
    """
    w = words(lang)
    if assessment is None:
        return AssessmentView(False, None, None, w["assessment_none"], (), ())
    caps = tuple(CapabilityRow(text(c.name, lang), c.level, c.target,
                               None if c.gap is None else round(max(0.0, c.gap), 2))
                 for c in assessment.capabilities)
    approved = [f for f in assessment.findings if getattr(f, "approved", True)]
    findings = tuple(_finding(f, lang) for f in approved)
    if not findings and assessment.level is not None:
        open_gaps = sorted((c for c in caps if c.gap), key=lambda c: -(c.gap or 0.0))[:3]
        findings = tuple(w["gap_line"].format(name=c.name, level=number(c.level), target=number(c.target))
                         for c in open_gaps)
    if assessment.level is None:
        return AssessmentView(False, None, assessment.target, w["assessment_none"], caps, findings)
    coverage = getattr(assessment, "coverage", None)
    summary = w["assessment_text"].format(level=number(assessment.level), target=number(assessment.target),
                                          coverage="" if coverage is None else number(round(coverage * 100)))
    if coverage is None:
        summary = summary.split(" (")[0].split("（")[0] + ("。" if lang == "zh" else ".")
    return AssessmentView(True, assessment.level, assessment.target, summary, caps, findings)


def _finding(finding: Any, lang: str) -> str:
    title, statement = text(getattr(finding, "title", None), lang), text(getattr(finding, "statement", None), lang)
    if not title and not statement:
        return text(finding, lang)
    if title and statement:
        return f"{title}：{statement}" if lang == "zh" else f"{title}: {statement}"
    return title or statement


def _differences(spec: Any, role_names: Mapping[str, Any], lang: str) -> tuple[VariantView, ...]:
    if not getattr(spec, "variants", None):
        return ()
    from app.planning.processes import variant_differences  # the model's own list of what a variant changes

    names = {r: role_names.get(r) for r in role_names}
    for role in spec.roles:
        if not getattr(role.name, "blank", True):
            names[role.id] = role.name
    out = []
    for variant in spec.variants:
        rows = tuple((text(d.label, lang), text(d.base, lang), text(d.variant, lang))
                     for d in variant_differences(spec, variant.id, names))
        out.append(VariantView(text(variant.name, lang), text(variant.note, lang), rows))
    return tuple(out)


def chapter_view(number_: int, spec: Any, role_names: Mapping[str, Any], process_names: Mapping[str, Any],
                 assessment: Any, lang: str, activity_names: Mapping[str, Any] | None = None) -> ProcessChapter:
    """One process's chapter; ``activity_names``: every process's activity id -> name (for interfaces)."""
    w = words(lang)
    names = dict(activity_names or {})
    names.update({a.id: a.name for a in spec.activities})

    def activity_name(activity_id: str) -> str:
        return text(names.get(activity_id), lang) or activity_id if activity_id else ""

    activities = []
    for i, a in enumerate(spec.activities, start=1):
        activities.append(ActivityRow(
            number=i, id=a.id, name=text(a.name, lang),
            responsible=_names([r for r, v in a.raci.items() if v == "R"], spec, role_names, lang),
            accountable=_names([r for r, v in a.raci.items() if v == "A"], spec, role_names, lang),
            consulted=_names([r for r, v in a.raci.items() if v == "C"], spec, role_names, lang),
            informed=_names([r for r, v in a.raci.items() if v == "I"], spec, role_names, lang),
            description=text(a.description, lang), steps=tuple(text(s, lang) for s in a.steps),
            inputs=tuple(text(s, lang) for s in a.inputs), outputs=tuple(text(s, lang) for s in a.outputs)))
    kpis = tuple(KpiRow(
        id=k.id, name=text(k.name, lang), definition=text(k.definition, lang), formula=k.formula or "",
        unit=k.unit or "", direction=w.get(k.direction, k.direction), source=text(k.data_source, lang),
        frequency=w.get(k.frequency, k.frequency), baseline=number(k.baseline, k.unit, lang),
        target=number(k.target, k.unit, lang),
        note="\n".join(t for t in (text(k.baseline_note, lang), text(k.target_note, lang)) if t))
        for k in spec.kpis)
    interfaces = tuple(InterfaceRow(
        direction=w.get(i.direction, i.direction), process=text(process_names.get(i.process), lang) or i.process,
        activity=activity_name(i.activity), other_activity=activity_name(i.other_activity),
        description=text(i.description, lang)) for i in spec.interfaces)
    rollout = tuple(RolloutRow(s.phase, text(s.title, lang), text(s.description, lang),
                               role_name(s.owner, spec, role_names, lang) if s.owner else "", s.start_month,
                               s.duration_months)
                    for s in sorted(spec.rollout, key=lambda s: (s.phase, s.start_month)))
    return ProcessChapter(
        number=number_, id=spec.process_id,
        name=text(spec.name, lang) or text(process_names.get(spec.process_id), lang) or spec.process_id,
        owner=role_name(spec.owner, spec, role_names, lang) if spec.owner else w["unassigned"],
        status=w.get(spec.status, spec.status), purpose=text(spec.purpose, lang), scope=text(spec.scope, lang),
        triggers=tuple(text(t, lang) for t in spec.triggers),
        roles=tuple(role_name(r.id, spec, role_names, lang) for r in spec.roles),
        activities=tuple(activities), raci=_raci(spec, role_names, lang), flow=flow_steps(spec, role_names, lang),
        inputs=tuple(text(t, lang) for t in spec.inputs), outputs=tuple(text(t, lang) for t in spec.outputs),
        tools=tuple((text(t.name, lang), text(t.purpose, lang)) for t in spec.tools), interfaces=interfaces,
        records=tuple((text(r.name, lang), role_name(r.owner, spec, role_names, lang) if r.owner else "",
                       text(r.retention, lang)) for r in spec.records),
        sections=tuple((text(s.heading, lang), text(s.text, lang)) for s in spec.sections),
        kpis=kpis, rollout=rollout, variants=_differences(spec, role_names, lang),
        assessment=assessment_view(assessment, lang))


def build_processes_view(specs: Sequence[Any], role_names: Mapping[str, Any], process_names: Mapping[str, Any],
                         assessments: Mapping[str, Any], lang: str, *, customer: str = "",
                         engagement: str = "", size: str = "", today: date | None = None,
                         notices: Sequence[str] = (), subtitle: str = "") -> ProcessesView:
    """One chapter per specification, in the order given (the model's process order)."""
    activity_names = {a.id: a.name for spec in specs for a in spec.activities}
    chapters = tuple(chapter_view(i, spec, role_names, process_names, assessments.get(spec.process_id), lang,
                                  activity_names) for i, spec in enumerate(specs, start=1))
    return ProcessesView(lang, customer, engagement, size, (today or date.today()).isoformat(), chapters,
                         tuple(notices), subtitle)
