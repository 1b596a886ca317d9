"""Start a process specification from the process model and the customer's deep-dive answers.

What comes from where:
- purpose, scope, activities (name, description, SOP steps, outputs), roles, inputs,
  outputs and the twelve skeleton sections: the process model (``om-processes``);
- RACI per activity and the process owner: the engagement's organisation design when it
  has one, else the organisation model's RACI, else a RACI drawn from the activity texts'
  order of roles (the first role Accountable, the next Responsible);
- KPIs: every KPI the process's capabilities name, with the model's definition, formula,
  unit and direction; the **baseline** is the median of the numeric deep-dive answers that
  report that KPI, the **target** the value the question's (or the KPI's) thresholds put at
  the process's target level;
- the rollout plan: the model's recommendations that close each capability's gap to target,
  in phases by horizon, between fixed steps (approve, configure, train, pilot, roll out,
  review);
- triggers, tools, records and interfaces: the defaults below, which the consultant tailors;
- Large: one variant per business line the organisation design has a RACI variant for.

Pure: plain objects in (content, scores, answers, the organisation design as data), a
``ProcessSpec`` out.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.content.schema import Domain, MaturityModel, NumericAnswer, Questionnaire, Term
from app.planning.processes import (
    PROCESS_IDS,
    Activity,
    BiText,
    Interface,
    Kpi,
    ProcessSpec,
    Record,
    RolloutStep,
    Section,
    SpecRole,
    Tool,
    Variant,
    override_key,
)
from app.scoring import ModelScore

PROCESS_MODEL = "om-processes"
T = BiText


# --- the defaults the model does not hold as structure -------------------------------------------

TRIGGERS: dict[str, list[BiText]] = {
    "change": [T("A release, configuration, infrastructure or data change is planned for production",
                 "计划对生产环境进行版本发布、配置、基础设施或数据变更"),
               T("A problem fix, incident workaround, capacity plan or security patch needs a production change",
                 "问题修复、事件临时措施、容量计划或安全补丁需要实施生产变更"),
               T("A provider announces a change to a service the organisation depends on",
                 "服务商通知将变更本组织所依赖的服务")],
    "monitoring": [T("A new service or component goes into production or changes its architecture",
                     "新服务或组件上线，或其架构发生变化"),
                   T("A metric, log pattern or synthetic check crosses an alert rule", "指标、日志模式或拨测结果触发告警规则"),
                   T("An incident was reported by users before monitoring detected it", "事件先由用户报告而非监控发现"),
                   T("The on-call period or the team's membership changes", "值班周期或团队成员发生变化")],
    "incident": [T("An alert meets the incident criteria of the alert rule", "告警满足告警规则中的事件判定条件"),
                 T("A user, customer or the service desk reports a service interruption or degradation",
                   "用户、客户或服务台报告服务中断或性能下降"),
                 T("A change, provider or security event degrades a production service",
                   "变更、服务商或安全事件导致生产服务劣化")],
    "pir": [T("A priority 1 or 2 incident is closed", "一、二级事件关闭"),
            T("An incident breached its resolution target, lost data or was found by users instead of monitoring",
              "事件超出解决时限、造成数据丢失，或由用户而非监控发现"),
            T("A near miss or a failed high-risk change that the process owner selects for review",
              "流程负责人选定需要复盘的未遂事件或失败的高风险变更")],
    "problem": [T("An incident is closed without a known root cause", "事件关闭时根因尚未查明"),
                T("Trend analysis shows recurring incidents on one service or component", "趋势分析显示同一服务或组件事件反复发生"),
                T("A post-incident review or a provider notice reveals a weakness that can cause incidents",
                  "故障复盘或服务商通知暴露出可能引发事件的隐患")],
    "capacity": [T("The quarterly forecast cycle starts", "季度容量预测周期开始"),
                 T("A business event, launch or migration is announced", "业务活动、新产品上线或系统迁移已确定"),
                 T("A service's headroom or runway falls below its threshold", "服务的容量余量或可用时长低于阈值"),
                 T("A capacity-related incident or alert occurs", "发生与容量相关的事件或告警")],
    "handover": [T("A new service or a major change to a service is approved for delivery", "新服务或服务的重大变更获批交付"),
                 T("A service is due for go-live or for its periodic readiness re-review", "服务即将上线或到期需定期复审就绪度"),
                 T("Operations responsibility moves between teams or providers", "运维责任在团队或服务商之间转移")],
}

TOOLS: dict[str, list[tuple[BiText, BiText]]] = {
    "change": [(T("Change management tool (ITSM)", "变更管理工具（ITSM）"),
                T("Change records, approvals, the change calendar and the standard change catalogue",
                  "变更记录、审批、变更日历和标准变更目录")),
               (T("CI/CD pipeline", "CI/CD流水线"), T("Executes and records changes, grayscale batches and rollback",
                                                     "执行并记录变更、灰度批次和回滚")),
               (T("CMDB", "配置管理数据库（CMDB）"), T("Services, tiers, owners and dependencies for impact assessment",
                                                 "用于影响评估的服务、等级、负责人和依赖关系"))],
    "monitoring": [(T("Monitoring and observability platform", "监控与可观测性平台"),
                    T("Metrics, logs, traces, synthetic checks and alert rules", "指标、日志、链路、拨测和告警规则")),
                   (T("Alert routing and on-call tool", "告警分派与值班工具"),
                    T("De-duplication, routing, paging, escalation and the on-call schedule", "去重、分派、呼叫、升级和值班表")),
                   (T("Runbook repository", "运行手册库"), T("One runbook per alert", "每条告警对应的运行手册"))],
    "incident": [(T("Incident management tool (ITSM)", "事件管理工具（ITSM）"),
                  T("Incident records, severities, assignment and timeline", "事件记录、级别、分派和时间线")),
                 (T("War-room channel and bridge", "作战室群组与电话会议桥"),
                  T("Coordination of a major incident, bulletins, member list", "重大故障协同、通报和成员名单")),
                 (T("Status page and notification tool", "状态页与通知工具"),
                  T("Updates to users, customers and management", "向用户、客户和管理层发布进展"))],
    "pir": [(T("Post-incident review repository", "故障复盘库"),
             T("Review reports from the standard template, searchable and shared", "按标准模板编写、可检索可共享的复盘报告")),
            (T("Action tracker", "改进项跟踪工具"), T("Owners, due dates and verification of actions", "改进项的负责人、到期日和验证"))],
    "problem": [(T("Problem management tool (ITSM)", "问题管理工具（ITSM）"),
                 T("Problem records linked to incidents and changes", "与事件和变更关联的问题记录")),
                (T("Known-error database (KEDB)", "已知错误库（KEDB）"),
                 T("Known errors and workarounds searchable from triage", "可在分诊时检索的已知错误和临时解决方案"))],
    "capacity": [(T("Capacity dashboard", "容量看板"),
                  T("Utilisation, headroom and runway per service", "各服务的利用率、余量和可用时长")),
                 (T("Capacity model and forecast workbook", "容量模型与预测表"),
                  T("Demand drivers, load-test results and forecasts", "需求驱动因素、压测结果和预测")),
                 (T("Load-testing tool", "压测工具"), T("Service capacity measured before peaks", "业务高峰前测量服务容量"))],
    "handover": [(T("Readiness checklist in the ITSM tool", "ITSM工具中的就绪检查单"),
                  T("PRR criteria, evidence and sign-off per service", "各服务的PRR标准、证据和签字确认")),
                 (T("Knowledge base", "知识库"), T("Runbooks, architecture and operational documentation", "运行手册、架构和运维文档"))],
}

DATA_SOURCES: dict[str, BiText] = {
    "change": T("Change records in the change management tool, linked incidents", "变更管理工具中的变更记录及关联事件"),
    "monitoring": T("Alert and paging history of the monitoring and on-call tools", "监控与值班工具中的告警和呼叫历史"),
    "incident": T("Incident records and war-room timelines", "事件记录和作战室时间线"),
    "pir": T("Post-incident review repository and action tracker", "故障复盘库和改进项跟踪工具"),
    "problem": T("Problem records, known-error database and linked incidents", "问题记录、已知错误库及关联事件"),
    "capacity": T("Capacity dashboard, forecasts and capacity-related incidents", "容量看板、预测记录及容量相关事件"),
    "handover": T("Readiness checklists, handover records and early-life incidents", "就绪检查单、转维记录及护航期事件"),
}

# (name, owner role, retention)
RECORDS: dict[str, list[tuple[BiText, str, BiText]]] = {
    "change": [(T("Change record", "变更记录"), "change_manager", T("3 years", "3年")),
               (T("Change calendar and freeze calendar", "变更日历和封网日历"), "change_manager", T("2 years", "2年")),
               (T("CAB minutes and approval decisions", "CAB会议纪要与审批决定"), "change_authority", T("3 years", "3年"))],
    "monitoring": [(T("Alert rule catalogue with runbook links", "含运行手册链接的告警规则目录"), "sre", T("Current + 1 year", "当前版本+1年")),
                   (T("On-call schedule and handover notes", "值班表与交接记录"), "om_manager", T("1 year", "1年")),
                   (T("Alert review minutes", "告警评审纪要"), "sre", T("1 year", "1年"))],
    "incident": [(T("Incident record", "事件记录"), "noc_operator", T("3 years", "3年")),
                 (T("War-room timeline and bulletins", "作战室时间线与通报"), "scribe", T("3 years", "3年"))],
    "pir": [(T("Post-incident review report", "故障复盘报告"), "problem_manager", T("5 years", "5年")),
            (T("Improvement action list", "改进项清单"), "problem_manager", T("3 years", "3年"))],
    "problem": [(T("Problem record", "问题记录"), "problem_manager", T("5 years", "5年")),
                (T("Known-error record", "已知错误记录"), "problem_manager", T("Until retired + 1 year", "退役后1年"))],
    "capacity": [(T("Capacity plan per service", "各服务容量规划"), "capacity_manager", T("3 years", "3年")),
                 (T("Forecast and load-test results", "预测与压测结果"), "capacity_manager", T("2 years", "2年"))],
    "handover": [(T("Handover checklist and acceptance sign-off", "转维检查单与验收签字"), "service_owner", T("Service life + 1 year", "服务生命周期+1年")),
                 (T("Production readiness review report", "上线就绪评审报告"), "sre", T("Service life + 1 year", "服务生命周期+1年"))],
}

# (from process, from activity, to process, to activity, what is handed over)
INTERFACES: tuple[tuple[str, str, str, str, BiText], ...] = (
    ("change", "change.implement", "incident", "incident.detect",
     T("A change that degrades a service is raised as an incident and linked to the change",
       "导致服务劣化的变更按事件处理，并关联到该变更")),
    ("change", "change.schedule", "capacity", "capacity.demand",
     T("Launches and migrations on the change calendar feed the demand forecast", "变更日历上的上线和迁移计划作为容量需求输入")),
    ("change", "change.review", "problem", "problem.log",
     T("Failed changes whose cause is unclear become problem records", "原因不明的失败变更转为问题记录")),
    ("monitoring", "monitoring.respond", "incident", "incident.detect",
     T("An alert that meets the incident criteria opens an incident record", "满足事件判定条件的告警生成事件记录")),
    ("monitoring", "monitoring.roster", "incident", "incident.declare",
     T("The on-call roster names who is paged and who may declare a major incident", "值班表明确谁被呼叫、谁有权宣告重大故障")),
    ("monitoring", "monitoring.define", "capacity", "capacity.baseline",
     T("Utilisation and saturation metrics feed the capacity baseline", "利用率和饱和度指标作为容量基线的数据")),
    ("incident", "incident.resolve", "change", "change.register",
     T("Emergency changes made to restore service are registered and approved by the emergency authority",
       "为恢复服务而实施的紧急变更须登记并经紧急审批人批准")),
    ("incident", "incident.close", "pir", "pir.trigger",
     T("Incidents that meet the review criteria trigger a post-incident review", "满足复盘条件的事件触发故障复盘")),
    ("incident", "incident.close", "problem", "problem.log",
     T("Incidents without a known root cause, or recurring ones, are passed to problem management",
       "根因不明或反复发生的事件转交问题管理")),
    ("incident", "incident.close", "monitoring", "monitoring.tune",
     T("Incidents that monitoring did not detect trigger a monitoring gap review", "未被监控发现的事件触发监控缺口评审")),
    ("problem", "problem.known_error", "incident", "incident.triage",
     T("Known errors and workarounds are used in triage", "分诊时使用已知错误和临时解决方案")),
    ("problem", "problem.resolve", "change", "change.register",
     T("Permanent fixes are delivered as changes", "永久修复以变更形式实施")),
    ("pir", "pir.actions", "problem", "problem.log",
     T("Review actions that need deeper root-cause work become problem records", "需要深入根因分析的复盘改进项转为问题记录")),
    ("pir", "pir.actions", "change", "change.register",
     T("Improvement actions that change production are raised as changes", "涉及生产环境的改进项以变更形式提交")),
    ("capacity", "capacity.provision", "change", "change.register",
     T("Provisioning and scaling are changes", "扩容与资源交付属于变更")),
    ("capacity", "capacity.plan", "handover", "handover.prr",
     T("The capacity plan of a new service is evidence at its readiness review", "新服务的容量规划作为就绪评审的证据")),
    ("handover", "handover.documentation", "monitoring", "monitoring.define",
     T("Monitoring and alert rules of the new service are set up before acceptance", "新服务的监控和告警规则在验收前配置到位")),
    ("handover", "handover.acceptance", "change", "change.register",
     T("The first production release of a new service is a change", "新服务首次上线属于变更")),
    ("handover", "handover.hypercare", "incident", "incident.triage",
     T("Incidents during hypercare follow the incident process with the delivery team on the escalation path",
       "护航期内的事件按事件流程处理，交付团队在升级路径上")),
)

# Fixed rollout steps: (id, phase, title, description, start month, duration months)
ROLLOUT_FRAME: tuple[tuple[str, int, BiText, BiText, int, int], ...] = (
    ("approve", 1, T("Approve the specification and appoint the process owner", "审批流程规范并任命流程负责人"),
     T("Walk the owners of every activity through the specification, resolve their comments and publish it as the "
       "standard, with the date from which it applies.",
       "与各活动的负责人逐项评审本规范，处理意见后作为标准发布，并明确生效日期。"), 0, 1),
    ("configure", 1, T("Configure the tool, records and templates", "配置工具、记录和模板"),
     T("Set up the record fields, states, templates and reports the specification requires in the tool.",
       "在工具中配置规范要求的记录字段、状态、模板和报表。"), 0, 2),
    ("train", 1, T("Train the roles", "角色培训"),
     T("Train everyone who holds a role in the RACI on their activities, with exercises on real cases.",
       "对RACI中承担角色的人员进行培训，结合真实案例演练各自负责的活动。"), 1, 1),
    ("pilot", 2, T("Pilot with one team", "选择一个团队试点"),
     T("Run the process with one team or service for a month, collect the KPIs from day one and adjust the "
       "specification.", "由一个团队或服务先行运行一个月，自第一天起采集指标，并据此调整规范。"), 2, 1),
    ("rollout", 3, T("Roll out to every team in scope", "推广到范围内所有团队"),
     T("Extend the process team by team; each team starts after its people are trained and its records migrated.",
       "逐个团队推广；每个团队完成培训和记录迁移后再启用。"), 3, 3),
    ("review", 4, T("Review KPIs against targets and improve", "对照目标回顾指标并持续改进"),
     T("After the first full quarter the process owner reviews the KPIs with the teams and revises the "
       "specification.", "首个完整季度结束后，流程负责人与各团队回顾指标并修订本规范。"), 6, 1),
)
HORIZON_PLACEMENT = {"short": (2, 1, 2), "medium": (3, 3, 6), "long": (4, 12, 6)}  # phase, start, duration


# --- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """A KPI's value as the deep dive measured it."""

    value: float
    answers: int  # how many numeric answers it is the median of
    question_id: str
    unit: str


@dataclass(frozen=True)
class RaciSource:
    """The RACI to seed from and where it came from."""

    cells: Mapping[str, Mapping[str, str]]  # activity id -> role id -> letter
    origin: str  # organisation_design | organisation_model | process_model
    owners: Mapping[str, str] = field(default_factory=dict)  # process id -> owner role
    variants: Sequence[tuple[str, Mapping[str, Mapping[str, str]]]] = ()  # business line, its RACI rows


@dataclass(frozen=True)
class SeedInputs:
    model: MaturityModel
    score: ModelScore | None = None  # the engagement's om-processes score, when it has one
    questionnaires: Sequence[Questionnaire] = ()  # the deep dives: their thresholds give KPI targets
    baselines: Mapping[str, Baseline] = field(default_factory=dict)
    raci: RaciSource | None = None
    role_names: Mapping[str, BiText] = field(default_factory=dict)  # the role catalogue, id -> name
    size: str = "medium"
    glossary: Sequence[Term] = ()  # terms a Definitions section is drafted from


def kpi_baselines(questionnaires: Iterable[Questionnaire], answers: Iterable[Any]) -> dict[str, Baseline]:
    """Median of the numeric answers given for each KPI; ``answers`` are answer records (anything
    with questionnaire_id, question_id, status and value). Values that are not numbers are skipped."""
    numeric: dict[tuple[str, str], tuple[str, NumericAnswer]] = {}
    for q in questionnaires:
        for section in q.sections:
            for question in section.questions:
                if isinstance(question.answer, NumericAnswer) and question.answer.kpi:
                    numeric[(q.id, question.id)] = (question.id, question.answer)
    values: dict[str, list[float]] = {}
    source: dict[str, tuple[str, str]] = {}
    for a in answers:
        key = (a.questionnaire_id, a.question_id)
        if key not in numeric or str(getattr(a, "status", "")) != "given":
            continue
        try:
            value = float(str(a.value).strip())
        except (TypeError, ValueError):
            continue
        question_id, spec = numeric[key]
        assert spec.kpi is not None
        values.setdefault(spec.kpi, []).append(value)
        source.setdefault(spec.kpi, (question_id, spec.unit))
    return {kpi: Baseline(round(statistics.median(v), 2), len(v), *source[kpi]) for kpi, v in values.items()}


def kpi_target(model: MaturityModel, questionnaires: Iterable[Questionnaire], kpi_id: str,
               level: float | None) -> float | None:
    """The KPI value that earns ``level`` by the question's thresholds (the KPI's own when the
    question has none): the threshold of the highest level not above ``level``."""
    if level is None:
        return None
    thresholds = ()
    for q in questionnaires:
        for section in q.sections:
            for question in section.questions:
                if isinstance(question.answer, NumericAnswer) and question.answer.kpi == kpi_id \
                        and question.answer.thresholds:
                    thresholds = question.answer.thresholds
                    break
    if not thresholds:
        kpi = next((k for k in model.kpis if k.id == kpi_id), None)
        thresholds = kpi.thresholds if kpi else ()
    reachable = [t for t in thresholds if t.level <= level + 1e-9]
    if not reachable:
        return None
    best = max(reachable, key=lambda t: t.level)
    return best.at_least if best.at_least is not None else best.at_most


# --- seeding --------------------------------------------------------------------------------------


def process_domain(model: MaturityModel, process_id: str) -> Domain:
    for domain in model.domains:
        if domain.id == process_id and domain.process is not None:
            return domain
    raise LookupError(f"the model {model.id} has no process {process_id!r}")


def process_ids(model: MaturityModel) -> list[str]:
    """The processes the model describes, in its order."""
    return [d.id for d in model.domains if d.process is not None]


def split_steps(description: BiText) -> tuple[list[BiText], list[BiText]]:
    """An activity description as SOP steps (one per sentence) and its outputs (the 'Output:' sentence).

    English and Chinese are paired sentence by sentence when both split into the same number;
    otherwise the description stays one step.
    """
    en = [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(])", description.en) if s.strip()]
    zh = [s.strip() for s in re.split(r"(?<=[。！？])", description.zh) if s.strip()]
    outputs: list[BiText] = []
    if en and en[-1].startswith("Output") and zh and zh[-1].startswith("输出"):
        outputs = [BiText(en.pop().split(":", 1)[1].strip(), re.split("[:：]", zh.pop(), maxsplit=1)[1].strip())]
    if len(en) != len(zh) or not en:
        body = BiText(" ".join(en), "".join(zh))
        return ([body] if not body.blank else []), outputs
    return [BiText(e, z) for e, z in zip(en, zh, strict=True)], outputs


def _derived_raci(activities: Sequence[Activity], roles: Sequence[str]) -> dict[str, dict[str, str]]:
    """No organisation at all: the process's first role Accountable, the roles an activity's text
    names first Responsible (the first role when it names none)."""
    out: dict[str, dict[str, str]] = {}
    for activity in activities:
        cells = {roles[0]: "A"} if roles else {}
        text = activity.description.en.lower()
        named = [r for r in roles[1:] if r.replace("_", " ") in text]
        for r in named[:2] or roles[1:2]:
            cells[r] = "R"
        out[activity.id] = cells
    return out


def seed_spec(inputs: SeedInputs, process_id: str) -> ProcessSpec:
    """A full first draft of one process's specification."""
    model = inputs.model
    domain = process_domain(model, process_id)
    process = domain.process
    assert process is not None
    names = dict(inputs.role_names)
    baselines = inputs.baselines

    activities: list[Activity] = []
    for act in process.activities:
        steps, outputs = split_steps(BiText.of(act.description))
        activities.append(Activity(id=act.id, name=BiText.of(act.name), description=BiText.of(act.description),
                                   steps=steps, outputs=outputs))
    source = inputs.raci
    cells: Mapping[str, Mapping[str, str]] = source.cells if source else {}
    origin = source.origin if source else "process_model"
    if not any(a.id in cells for a in activities):
        cells, origin = _derived_raci(activities, list(process.roles)), "process_model"
    for activity in activities:
        activity.raci = dict(cells.get(activity.id, {}))

    role_order = list(process.roles)
    for activity in activities:
        role_order.extend(r for r in activity.raci if r not in role_order)
    owner = (source.owners.get(process_id) if source else None) or _most_accountable(activities)
    if owner and owner not in role_order:
        role_order.append(owner)
    roles = [SpecRole(r) if r in names or not names else SpecRole(r, BiText(_titled(r), _titled(r)), custom=True)
             for r in role_order]

    target = None
    if inputs.score is not None:
        try:
            target = inputs.score.domain(process_id).target
        except StopIteration:
            target = None
    if target is None:
        target = float(model.scoring.default_target)

    kpis = _seed_kpis(inputs, domain, target, baselines)
    spec = ProcessSpec(
        process_id=process_id, name=BiText.of(domain.name), owner=owner or "", target_level=target,
        purpose=BiText.of(process.purpose), scope=BiText.of(process.scope),
        triggers=list(TRIGGERS.get(process_id, [])), roles=roles, activities=activities,
        inputs=[BiText.of(t) for t in process.inputs], outputs=[BiText.of(t) for t in process.outputs],
        kpis=kpis,
        tools=[Tool(n, p) for n, p in TOOLS.get(process_id, [])],
        interfaces=_seed_interfaces(process_id, {a.id for a in activities}),
        records=[Record(n, o if o in role_order else (owner or ""), r) for n, o, r in RECORDS.get(process_id, [])],
        sections=[Section(BiText.of(s.heading), BiText.of(s.guidance)) for s in process.specification],
        model_id=model.id, model_version=model.version,
        provenance={"raci": origin, "baselines": ", ".join(
            f"{k.id}={baselines[k.id].question_id}" for k in kpis if k.id in baselines)},
    )
    spec.rollout = _seed_rollout(inputs, domain, spec.owner, target)
    _draft_sections(spec, names)
    _draft_definitions(spec, inputs.glossary)
    _draft_from_model(spec, domain, target)
    if inputs.size == "large" and source is not None:
        spec.variants = _seed_variants(spec, source)
    return spec


def _titled(role_id: str) -> str:
    return role_id.replace("_", " ").capitalize()


def _most_accountable(activities: Sequence[Activity]) -> str:
    tally: dict[str, int] = {}
    for a in activities:
        for r in a.roles_with("A"):
            tally[r] = tally.get(r, 0) + 1
    return max(tally, key=lambda r: tally[r]) if tally else ""


def _seed_kpis(inputs: SeedInputs, domain: Domain, target: float, baselines: Mapping[str, Baseline]) -> list[Kpi]:
    model = inputs.model
    by_id = {k.id: k for k in model.kpis}
    ids: list[str] = []
    for cap in domain.capabilities:
        ids.extend(k for k in cap.kpis if k not in ids)
    ids.extend(k.id for k in model.kpis if k.id.startswith(f"kpi.proc.{domain.id}.") and k.id not in ids)
    out: list[Kpi] = []
    for kpi_id in ids:
        content = by_id.get(kpi_id)
        if content is None:
            continue
        base = baselines.get(kpi_id)
        out.append(Kpi(
            id=kpi_id, name=BiText.of(content.name), definition=BiText.of(content.definition),
            formula=content.formula or "", unit=content.unit, direction=content.direction.value,
            data_source=DATA_SOURCES.get(domain.id, BiText()),
            baseline=base.value if base else None,
            baseline_note=BiText(
                f"median of {base.answers} deep-dive answer{'s' if base.answers != 1 else ''} ({base.question_id})",
                f"专项诊断{base.answers}个回答的中位数（{base.question_id}）") if base else BiText(),
            target=kpi_target(model, inputs.questionnaires, kpi_id, target),
            target_note=BiText.of(content.typical_target) if content.typical_target else BiText()))
    return out


def _seed_interfaces(process_id: str, own: set[str]) -> list[Interface]:
    out: list[Interface] = []
    for src, src_act, dst, dst_act, text in INTERFACES:
        if src == process_id and src_act in own:
            out.append(Interface(dst, "out", src_act, dst_act, text))
        elif dst == process_id and dst_act in own:
            out.append(Interface(src, "in", dst_act, src_act, text))
    return out


def _capability_levels(inputs: SeedInputs, domain: Domain) -> dict[str, tuple[float | None, float]]:
    out: dict[str, tuple[float | None, float]] = {}
    for cap in domain.capabilities:
        level, target = None, float(cap.default_target or inputs.model.scoring.default_target)
        if inputs.score is not None:
            try:
                cs = inputs.score.capability(cap.id)
                level, target = cs.level, cs.target
            except KeyError:
                pass
        out[cap.id] = (level, target)
    return out


def _seed_rollout(inputs: SeedInputs, domain: Domain, owner: str, target: float) -> list[RolloutStep]:
    steps = [RolloutStep(sid, phase, title, text, owner, start, duration)
             for sid, phase, title, text, start, duration in ROLLOUT_FRAME]
    levels = _capability_levels(inputs, domain)
    caps = {c.id for c in domain.capabilities}
    for rec in inputs.model.recommendations:
        if rec.capability not in caps:
            continue
        level, cap_target = levels[rec.capability]
        current = 0.0 if level is None else level
        # the steps that lie between today's level and the target: from_level <= current < to_level .. target
        if rec.to_level <= current + 1e-9 or rec.from_level >= cap_target - 1e-9:
            continue
        phase, start, duration = HORIZON_PLACEMENT[rec.horizon.value]
        steps.append(RolloutStep(rec.id.replace("rec.proc.", ""), phase, BiText.of(rec.title),
                                 BiText.of(rec.description), owner, start, duration, rec.id))
    return sorted(steps, key=lambda s: (s.phase, s.start_month, s.id))


def _draft_sections(spec: ProcessSpec, names: Mapping[str, BiText]) -> None:
    """First drafts of the sections the structured fields already say; the rest stay for the consultant."""
    def role(rid: str) -> BiText:
        return names.get(rid) or next((r.name for r in spec.roles if r.id == rid), BiText(rid, rid))

    for section in spec.sections:
        heading = section.heading.en.lower()
        if "purpose" in heading:
            section.text = BiText(f"{spec.purpose.en}\n\n{spec.scope.en}", f"{spec.purpose.zh}\n\n{spec.scope.zh}")
        elif "roles" in heading:
            lines_en, lines_zh = [], []
            for a in spec.activities:
                acc = ", ".join(role(r).en for r in a.roles_with("A"))
                res = ", ".join(role(r).en for r in a.roles_with("R"))
                acc_zh = "、".join(role(r).zh for r in a.roles_with("A"))
                res_zh = "、".join(role(r).zh for r in a.roles_with("R"))
                lines_en.append(f"{a.name.en}: {res} (responsible), {acc} (accountable).")
                lines_zh.append(f"{a.name.zh}：{res_zh}负责执行，{acc_zh}最终负责。")
            section.text = BiText("\n".join(lines_en), "\n".join(lines_zh))
        elif "flow" in heading:
            section.text = BiText("\n".join(f"{i}. {a.name.en}" for i, a in enumerate(spec.activities, 1)),
                                  "\n".join(f"{i}. {a.name.zh}" for i, a in enumerate(spec.activities, 1)))
        elif "kpi" in heading or "metrics" in heading:
            section.text = BiText(
                "\n".join(f"{k.name.en}: {k.formula}" for k in spec.kpis),
                "\n".join(f"{k.name.zh}：{k.formula}" for k in spec.kpis))
        elif "interfaces to other" in heading:
            section.text = BiText("\n".join(i.description.en for i in spec.interfaces),
                                  "\n".join(i.description.zh for i in spec.interfaces))
        elif "tools" in heading:
            section.text = BiText(
                "\n".join([f"{t.name.en}: {t.purpose.en}" for t in spec.tools]
                          + [f"{r.name.en} (kept {r.retention.en})" for r in spec.records]),
                "\n".join([f"{t.name.zh}：{t.purpose.zh}" for t in spec.tools]
                          + [f"{r.name.zh}（保存{r.retention.zh}）" for r in spec.records]))
        elif "timing targets" in heading and "scheduling" not in heading:
            targets = [k for k in spec.kpis if k.target is not None]
            section.text = BiText("\n".join(f"{k.name.en}: {k.target:g} {k.unit}" for k in targets),
                                  "\n".join(f"{k.name.zh}：{k.target:g} {k.unit}" for k in targets))


_STOP = {"and", "the", "for", "with", "from", "other", "process", "processes", "rules", "records", "per",
         "standard", "management", "plan", "their", "into"}


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in _STOP}


def _draft_from_model(spec: ProcessSpec, domain: Domain, target: float) -> None:
    """Sections still empty after ``_draft_sections``: drafted from what the model says about the
    same subject — the capability whose name shares most words with the heading (its descriptor at
    the target level is the standard to meet) or else the activity that does (its description)."""
    level = int(round(target))
    sources: list[tuple[str, BiText]] = [(cap.name.en, BiText.of(cap.levels[level])) for cap in domain.capabilities
                                         if level in cap.levels]
    sources += [(a.name.en, a.description) for a in spec.activities]
    # the process's own name says nothing about which section a text belongs to
    common = _words(domain.name.en) | _words(domain.id)
    pairs = []
    for n, section in enumerate(spec.sections):
        if section.text.blank:
            words = _words(section.heading.en) - common
            for i, (name, _text) in enumerate(sources):
                overlap = len(words & (_words(name) - common))
                if overlap:
                    pairs.append((-overlap, i, n))
    # best matches first; each source drafts one section at most (two sections saying the same mislead)
    used: set[int] = set()
    for _score, i, n in sorted(pairs):
        if i not in used and spec.sections[n].text.blank:
            used.add(i)
            spec.sections[n].text = sources[i][1]


def _draft_definitions(spec: ProcessSpec, glossary: Sequence[Term]) -> None:
    """The Definitions section: the glossary's terms its guidance (or the process's texts) names."""
    for section in spec.sections:
        if not section.text.blank or "definition" not in section.heading.en.lower():
            continue
        guidance = section.guidance.en.lower()
        body = " ".join([spec.purpose.en, spec.scope.en, *(a.description.en for a in spec.activities)]).lower()
        named = [t for t in glossary if t.definition is not None and t.en.lower() in guidance]
        if len(named) < 3:
            named += [t for t in glossary if t.definition is not None and t.en.lower() in body and t not in named]
        if named:
            section.text = BiText("\n".join(f"{t.en}: {t.definition.en}" for t in named[:12] if t.definition),
                                  "\n".join(f"{t.zh}：{t.definition.zh}" for t in named[:12] if t.definition))


def _seed_variants(spec: ProcessSpec, source: RaciSource) -> list[Variant]:
    out: list[Variant] = []
    own = {a.id for a in spec.activities}
    for n, (line, rows) in enumerate(source.variants, 1):
        overrides = {override_key("activity", act, "raci"): dict(cells) for act, cells in rows.items() if act in own}
        if not overrides:
            continue
        for cells in overrides.values():
            for role in cells:
                if spec.role(role) is None:
                    spec.roles.append(SpecRole(role))
        out.append(Variant(f"line{n}", BiText(line, line),
                           BiText("RACI of this business line from the organisation design",
                                  "该业务线的RACI取自组织设计"), overrides))
    return out


def seed_book(inputs: SeedInputs, processes: Iterable[str] | None = None) -> dict[str, ProcessSpec]:
    """A specification for each process (every process of the model when ``processes`` is None)."""
    wanted = list(processes) if processes is not None else process_ids(inputs.model)
    return {pid: seed_spec(inputs, pid) for pid in wanted}


__all__ = [
    "PROCESS_IDS",
    "PROCESS_MODEL",
    "Baseline",
    "RaciSource",
    "SeedInputs",
    "kpi_baselines",
    "kpi_target",
    "process_ids",
    "seed_book",
    "seed_spec",
    "split_steps",
]
