"""Realistic sample engagements, generated from whatever content is installed.

The generator knows customers and people, not questions: it walks each
interviewee's role track and answers from a maturity profile per domain, with the
optimism of managers, the scepticism of engineers and some honest "don't know"s,
so that every screen and report has something real to show.
"""

from __future__ import annotations

import math
import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.content.loader import ContentLibrary
from app.content.schema import ChoiceAnswer, LevelsAnswer, NumericAnswer, Question, YesNoAnswer
from app.errors import UserError
from app.services import content_for_services, questions_for_role
from app.storage.records import EngagementStatus, ServiceChoice
from app.storage.repository import Repository

# Role -> how rosy a picture this person paints, in levels.
ROLE_BIAS = {"executive": 0.6, "om_manager": 0.4, "process_owner": 0.3, "security": 0.0, "developer": -0.1,
             "sre": -0.3, "noc": -0.2}

NOTES_EN = [
    "Says the runbooks exist but could not find the one for the payment gateway during the interview.",
    "Showed the on-call rota in the shared calendar; two engineers cover nights alone.",
    "Change calendar is a spreadsheet on the file share, updated by hand on Fridays.",
    "Quote: \"We only hear about outages when the branch managers call us.\"",
    "Monitoring dashboards are per team; nobody sees the end-to-end customer journey.",
    "Post-incident reviews happen for P1s only and actions are tracked in e-mail.",
    "Capacity is bought once a year from the budget round, not from measured demand.",
    "Quote: \"Friday evening releases are the norm because the business wants weekend campaigns.\"",
    "Backups are verified monthly by restoring one database; DR failover has never been tested end to end.",
    "Alert volume around 4,000 a day; the NOC mutes whole groups during peaks.",
    "Has a clear improvement backlog reviewed every quarter with the CIO.",
    "Security patches wait for the quarterly maintenance window, even critical ones.",
]
NOTES_ZH = [
    "称有运行手册，但访谈中找不到支付网关的那一份。",
    "展示了共享日历中的值班排班表，夜间只有两名工程师轮流值守。",
    "变更日历是文件共享里的一张表格，每周五人工更新。",
    "原话：“我们往往是网点经理打电话来才知道出了故障。”",
    "监控大屏按团队各自建设，没有人能看到端到端的客户旅程。",
    "只有P1故障才做复盘，改进项靠邮件跟踪。",
    "容量按年度预算一次性采购，并非基于实测需求。",
]

# What the consultant writes into an engagement, in the engagement's language.
TEXTS = {
    "en": {
        "customer_notes": "Sample customer created by 'omm demo'.",
        "scope": "Interviews on site over two weeks; document review of change, incident and monitoring records "
                 "for the last six months.",
        "sample_file": "Change log extract (last 6 months)",
        "sample_name": "change-log-extract.csv",
        "requested": ("On-call rota and escalation policy", "Last three post-incident review reports",
                      "Monitoring alert statistics for one month"),
        "override": "Document review showed the procedure exists and is followed in the audited sample, which the "
                    "interviews under-reported.",
    },
    "zh": {
        "customer_notes": "由“omm demo”创建的示例客户。",
        "scope": "现场访谈两周；查阅近六个月的变更、事件和监控记录。",
        "sample_file": "变更记录摘录（近六个月）",
        "sample_name": "变更记录摘录.csv",
        "requested": ("值班排班表与升级策略", "最近三份故障复盘报告", "近一个月的监控告警统计"),
        "override": "文档审阅表明该流程已经建立，并在抽查样本中得到执行，访谈对此反映不足。",
    },
}


def _text(spec: DemoEngagement, key: str):
    return TEXTS.get(spec.language, TEXTS["en"])[key]


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    department: str


@dataclass(frozen=True)
class DemoEngagement:
    customer: str
    industry: str
    it_headcount: int
    departments: int
    name: str
    consultant: str
    services: tuple[tuple[str, str], ...]
    start: date
    status: EngagementStatus
    people: tuple[Person, ...]
    profile: dict[str, float]  # domain id -> true level; missing domains use "default"
    language: str = "en"
    answer_share: float = 1.0  # how far through the interviews the engagement is
    previous: str | None = None


BANK_PEOPLE = (
    Person("Margaret Chen", "executive", "Technology Office"),
    Person("David Okafor", "om_manager", "IT Operations"),
    Person("Priya Raman", "sre", "Site Reliability Engineering"),
    Person("Tom Lindqvist", "sre", "Payments Platform"),
    Person("Aisha Al-Harbi", "developer", "Digital Channels"),
    Person("Lucas Moreau", "noc", "Network Operations Centre"),
    Person("Hannah Weiss", "security", "Information Security & Compliance"),
    Person("Carlos Mendes", "om_manager", "Service Management Office"),
)
RETAIL_PEOPLE = (
    Person("王建国", "executive", "信息技术部"),
    Person("李娜", "om_manager", "运维中心"),
    Person("张伟", "sre", "基础架构组"),
    Person("陈静", "noc", "监控值班室"),
    Person("刘洋", "developer", "电商研发部"),
    Person("赵敏", "process_owner", "IT服务管理办公室"),
)
MANUFACTURING_PEOPLE = (
    Person("孙立华", "executive", "信息中心"),
    Person("郑海涛", "om_manager", "运维部"),
    Person("何雪梅", "sre", "基础平台组"),
    Person("吴磊", "noc", "生产监控室"),
    Person("黄思远", "developer", "MES研发组"),
    Person("钱晓光", "security", "信息安全组"),
)
LOGISTICS_PEOPLE = (
    Person("Sven Halvorsen", "executive", "CIO Office"),
    Person("Maria Gonzalez-Fitzgerald (Operations Excellence Lead, EMEA)", "om_manager", "Infrastructure & Operations"),
    Person("Kenji Watanabe", "sre", "Platform Engineering"),
    Person("Olivia Brown", "developer", "Track & Trace"),
    Person("Ahmed Yilmaz", "noc", "24x7 Command Centre"),
)


def demo_engagements() -> list[DemoEngagement]:
    bank_profile = {"default": 2.0, "governance": 2.6, "security": 3.1, "change": 2.4, "slo": 1.2,
                    "observability": 2.2, "incident": 2.5, "resilience": 2.1, "automation": 1.5,
                    "capacity": 1.8, "problem": 1.9, "readiness": 1.7, "organisation": 2.2}
    improved = {k: min(5.0, v + (0.9 if k in ("slo", "observability", "incident", "automation") else 0.4))
                for k, v in bank_profile.items()}
    return [
        DemoEngagement(
            "Harbour Bank", "Banking", 180, 14, "Harbour Bank - O&M maturity assessment 2025", "Elena Petrova",
            (("diagnosis-professional", "standard"), ("assessment-planning", "large")),
            date(2025, 10, 6), EngagementStatus.COMPLETED, BANK_PEOPLE, bank_profile,
        ),
        DemoEngagement(
            "Harbour Bank", "Banking", 195, 14, "Harbour Bank - re-assessment 2026", "Elena Petrova",
            (("diagnosis-professional", "standard"), ("assessment-planning", "large")),
            date(2026, 10, 12), EngagementStatus.REPORTING, BANK_PEOPLE, improved,
            previous="Harbour Bank - O&M maturity assessment 2025",
        ),
        DemoEngagement(
            "翠湖零售集团", "Retail", 38, 7, "翠湖零售 - 运维数字化诊断", "周子涵",
            (("diagnosis-basic", "standard"), ("process-optimisation", "medium")),
            date(2026, 9, 1), EngagementStatus.IN_PROGRESS, RETAIL_PEOPLE,
            {"default": 1.6, "change": 2.1, "incident": 1.8, "capacity": 1.2, "monitoring": 1.9, "pir": 1.0,
             "problem": 1.1, "handover": 1.4},
            language="zh", answer_share=0.8,
        ),
        DemoEngagement(
            "Northwind Logistics & Freight Forwarding International", "Logistics", 46, 9,
            "Northwind - organisation optimisation & basic diagnosis", "James O'Connor",
            (("diagnosis-basic", "standard"), ("organisation-optimisation", "medium")),
            date(2026, 11, 2), EngagementStatus.IN_PROGRESS, LOGISTICS_PEOPLE,
            {"default": 2.3, "organisation": 1.9, "automation": 2.8, "slo": 2.0, "security": 2.6},
            answer_share=0.6,
        ),
        DemoEngagement(
            "明川精密制造", "Manufacturing", 34, 8, "明川精密 - 运维评估与规划", "周子涵",
            (("diagnosis-professional", "standard"), ("assessment-planning", "medium")),
            date(2026, 8, 17), EngagementStatus.REPORTING, MANUFACTURING_PEOPLE,
            {"default": 1.9, "change": 1.6, "incident": 2.1, "observability": 1.7, "resilience": 1.4,
             "automation": 1.3, "security": 2.4, "capacity": 1.8, "governance": 2.2},
            language="zh",
        ),
        DemoEngagement(
            "Sunrise Health", "Healthcare", 25, 6, "Sunrise Health - basic diagnosis (planned)", "Elena Petrova",
            (("diagnosis-basic", "standard"),), date(2026, 12, 7), EngagementStatus.PLANNED,
            (Person("Dr. Rachel Adeyemi", "executive", "IT Directorate"),
             Person("Ben Carter", "om_manager", "Infrastructure")),
            {"default": 2.0}, answer_share=0.0,
        ),
    ]


def _value_for_level(question: Question, level: int, rng: random.Random, *, within: float = 0.5,
                     headcount: int = 0) -> str | None:
    """The answer a person at ``level`` gives; for a measured value, ``within`` (0 the worse end, 1 the
    better) places it inside the range of values that earn that level, and ``headcount`` sizes team counts."""
    spec = question.answer
    if isinstance(spec, LevelsAnswer):
        return str(level)
    if isinstance(spec, YesNoAnswer):
        if spec.yes_level is None or spec.no_level is None:
            return rng.choice(["yes", "no"])
        return "yes" if abs(level - spec.yes_level) <= abs(level - spec.no_level) else "no"
    if isinstance(spec, ChoiceAnswer):
        scored = [o for o in spec.options if o.level is not None]
        if not scored:
            return rng.choice(spec.options).id
        return min(scored, key=lambda o: (abs(o.level - level), rng.random())).id
    assert isinstance(spec, NumericAnswer)
    # one draw either way, so the answers after this one stay what they were
    within = min(0.9, max(0.1, within + rng.gauss(0, 0.1)))
    if spec.thresholds:
        low, high = measured_band(spec, level)
    else:
        low, high = unscored_band(question, level, headcount)
    return tidy_value(spec, low + within * (high - low))


# --- measured values a customer would report ------------------------------------------------------
#
# A numeric answer is a KPI someone measured: a value picked just past a threshold reads as
# "0.05 % utilisation" or "4,300 minutes to restore". The value is placed inside the band of
# values that earns the wanted level (the scoring thresholds), the band's open end closed at a
# value a customer at that level would plausibly report.


def threshold_steps(spec: NumericAnswer) -> tuple[bool, list[tuple[int, float]]]:
    """(lower is better, [(level, bound)] by rising level) from a question's thresholds.

    A table may mix both kinds ("at least 0 -> 1" beside "at most 24 hours -> 2"): the kind most
    thresholds use gives the direction, the other is a catch-all for the lowest level.
    """
    at_most = [(t.level, float(t.at_most)) for t in spec.thresholds if t.at_most is not None]
    at_least = [(t.level, float(t.at_least)) for t in spec.thresholds if t.at_least is not None]
    lower_is_better = len(at_most) > len(at_least)
    return lower_is_better, sorted(at_most if lower_is_better else at_least)


def measured_band(spec: NumericAnswer, level: int) -> tuple[float, float]:
    """(worse end, better end) of the plausible values that earn ``level`` (or the nearest level the
    thresholds give)."""
    lower_is_better, steps = threshold_steps(spec)
    table_min = min(t.level for t in spec.thresholds)
    levels = [lv for lv, _ in steps]
    bounds = [b for _, b in steps]
    floor = spec.minimum if spec.minimum is not None else 0.0
    ceiling = spec.maximum
    index = max((i for i, lv in enumerate(levels) if lv <= level), default=-1)
    if lower_is_better:
        # bounds fall as the level rises; level L holds (next bound, own bound]
        if index < 0:
            # worse than the first bound: real only when that bound is not the table's catch-all
            # ("at most 100 %" / "at most 4,320 minutes" at the lowest level)
            if levels[0] > table_min:
                worse = bounds[0] * 1.25 if bounds[0] > 0 else bounds[0] + 1
                return _clip(worse, floor, ceiling), bounds[0]
            index = 0
        if index == len(bounds) - 1:
            return bounds[-1], bounds[-1] / 2 if bounds[-1] > 0 else bounds[-1]
        worse = bounds[index]
        if index == 0 and levels[0] == table_min:
            worse = min(worse, 2 * bounds[1])  # the catch-all: twice the next bound is bad enough
        return worse, bounds[index + 1]
    # higher is better: bounds rise with the level; level L holds [own bound, next bound)
    span = bounds[-1] - floor
    if index < 0:
        if bounds[0] - floor > 0.05 * span and len(bounds) > 1:
            worse = max(floor, bounds[0] - (bounds[1] - bounds[0]), bounds[0] / 2 if bounds[0] > 0 else floor)
            return worse, bounds[0]
        index = 0
    if index == len(bounds) - 1:
        step = bounds[-1] - bounds[-2] if len(bounds) > 1 else abs(bounds[-1]) / 2
        return bounds[-1], _clip(bounds[-1] + step, floor, ceiling)
    worse = bounds[index]
    if index == 0 and worse - floor <= 0.05 * span:
        worse = max(worse, floor + 0.3 * (bounds[1] - floor))  # "at least 0": nobody measures 0.05 %
    return worse, bounds[index + 1]


def _clip(value: float, floor: float | None, ceiling: float | None) -> float:
    if floor is not None:
        value = max(value, floor)
    return min(value, ceiling) if ceiling is not None else value


# Questions whose value earns no level: (value at level 0, value at level 5), keyed by question id,
# KPI id or unit; the level places the answer between them. Team counts are shares of IT headcount.
UNSCORED_RANGES: dict[str, tuple[float, float]] = {
    "kpi.governance.objective_attainment": (35, 95), "kpi.slo.attainment": (75, 99.5),
    "kpi.slo.sla_breaches": (14, 0), "kpi.resilience.spof_open": (24, 1),
    "kpi.automation.auto_remediation_rate": (2, 55), "kpi.proc.change.approval_lead_time": (80, 4),
    "kpi.proc.change.induced_incident_share": (60, 8),
    "p.problem.14": (5, 50), "o.cult.03": (22, 4),  # known-error resolution share; staff turnover
    "alerts per day": (3000, 60), "pages per shift": (18, 1), "pages per week": (25, 1),
    "interruptions per day": (25, 4), "weeks": (20, 2), "changes per month": (60, 450), "handovers": (4, 30),
    "incidents": (45, 4), "open actions": (140, 12), "records": (8, 120),
}
TEAM_SHARES = {"o.team.01": 1.0, "o.team.02": 0.4, "o.team.03": 0.08, "o.team.04": 0.1, "o.team.05": 0.04}


def unscored_band(question: Question, level: int, headcount: int) -> tuple[float, float]:
    spec = question.answer
    assert isinstance(spec, NumericAnswer)
    if question.id in TEAM_SHARES and headcount:
        size = headcount * TEAM_SHARES[question.id]
        return size * 0.9, size * 1.1
    if question.id == "o.team.06":
        return 3, 9
    worst, best = next((UNSCORED_RANGES[k] for k in (question.id, spec.kpi or "", spec.unit)
                        if k in UNSCORED_RANGES), (None, None))
    if worst is None or best is None:  # content this table does not know: the middle of its range
        low = spec.minimum if spec.minimum is not None else 1.0
        high = spec.maximum if spec.maximum is not None else low + 9
        worst, best = low + 0.3 * (high - low), low + 0.7 * (high - low)

    def at(lv: float) -> float:
        return worst + (best - worst) * min(5.0, max(0.0, lv)) / 5

    return at(level - 0.5), at(level + 0.5)


COUNT_UNITS = {"people", "count", "records", "handovers", "incidents", "open actions", "departments", "roles",
               "areas", "engineers", "breaches per quarter"}


def tidy_value(spec: NumericAnswer, value: float) -> str:
    """The value as a person reports it ("35", "2.5", "1,200" rather than "34.87"), still earning
    the level the exact value earns."""
    value = _clip(value, spec.minimum, spec.maximum)
    size = abs(value)
    if spec.unit in COUNT_UNITS:
        tidy = float(round(value))
    elif size >= 1000:
        tidy = round(value / 50) * 50.0
    elif size >= 100:
        tidy = round(value / 5) * 5.0
    elif size >= 10:
        tidy = float(round(value))
    elif size >= 1:
        tidy = round(value, 1)
    else:
        tidy = round(value, 2)
    if spec.unit in COUNT_UNITS:  # whole things: the nearest whole number that earns the same level
        candidates: tuple[float, ...] = (tidy, float(math.floor(value)), float(math.ceil(value)))
    else:
        candidates = (tidy, round(value, 1), round(value, 2), value)
    for candidate in candidates:
        if _earned(spec, candidate) == _earned(spec, value):
            return f"{candidate:g}"
    return f"{value:g}"


def _earned(spec: NumericAnswer, value: float) -> int | None:
    reached = [t.level for t in spec.thresholds if (t.at_least is not None and value >= t.at_least)
               or (t.at_most is not None and value <= t.at_most)]
    return max(reached) if reached else None


def create_demo(library: ContentLibrary, repo: Repository, seed: int = 7) -> list[str]:
    """Create the sample engagements that are not there yet; returns the names created.

    Each engagement (its customer, people, answers, evidence, targets) is written in one
    unit of work: a run that is killed or fails leaves whole engagements or none, and
    the next run adds the missing ones. The sample file is written to a temporary folder
    that is removed again (the evidence store keeps its own copy).
    """
    rng = random.Random(seed)
    catalogue = library.catalogue
    known_services = {s.id for s in catalogue.services} if catalogue else set()
    name_to_id = {e.name: e.id for e in repo.list_engagements(_all())}
    existing = set(name_to_id)
    created: list[str] = []
    with tempfile.TemporaryDirectory(prefix="omm-demo-evidence-") as tmp:
        evidence_dir = Path(tmp)
        for spec in demo_engagements():
            if spec.name in existing:
                continue
            services = [ServiceChoice(s, size) for s, size in spec.services if s in known_services]
            if not services:
                continue
            with repo.unit_of_work() as uow:
                customer = uow.find_customer(spec.customer) or uow.create_customer(
                    spec.customer, spec.industry, spec.it_headcount, spec.departments,
                    notes=_text(spec, "customer_notes"))
                engagement = uow.create_engagement(
                    customer.id, spec.name, services=services, content=content_for_services(library, services),
                    consultant=spec.consultant, start_date=spec.start, end_date=spec.start + timedelta(days=45),
                    status=spec.status, previous_engagement_id=name_to_id.get(spec.previous or ""),
                    language=spec.language,
                    scope_notes=_text(spec, "scope"),
                )
                _fill(library, uow, engagement.id, spec, rng, evidence_dir)
                # The plan first: its workshop sets the targets that the findings and the summary quote.
                if spec.name in PLANS:
                    _plan(library, uow, engagement.id, PLANS[spec.name])
                _diagnose(library, uow, engagement.id, spec)
            name_to_id[spec.name] = engagement.id
            created.append(spec.name)
    created += create_organisation_demo(library, repo)
    created += create_process_demo(library, repo)
    return created


def _all():
    from app.storage.repository import EngagementFilter

    return EngagementFilter(include_archived=True)


def _fill(library: ContentLibrary, repo: Repository, engagement_id: str, spec: DemoEngagement,
          rng: random.Random, evidence_dir: Path) -> None:
    engagement = repo.get_engagement(engagement_id)
    questionnaires = [library.questionnaire(r.content_id, r.version) for r in engagement.content
                      if r.kind == "questionnaire"]
    domain_of: dict[tuple[str, str], str] = {}
    for ref in engagement.content:
        if ref.kind == "model":
            model = library.model(ref.content_id, ref.version)
            for d in model.domains:
                for c in d.capabilities:
                    domain_of[(model.id, c.id)] = d.id
    # Main diagnosis questionnaire for everyone; the deep dives go to the people who own them.
    main = [q for q in questionnaires if q.id.startswith("diagnosis")]
    others = [q for q in questionnaires if not q.id.startswith("diagnosis")]
    notes = NOTES_ZH if spec.language == "zh" else NOTES_EN
    folder = evidence_dir / engagement_id  # one folder each: the report shows the file's own name
    folder.mkdir(parents=True, exist_ok=True)
    sample = folder / _text(spec, "sample_name")
    sample.write_text("change_id,date,type,result\nCHG-1042,2026-08-03,normal,success\n"
                      "CHG-1043,2026-08-04,emergency,failed\n", encoding="utf-8")
    evidence = repo.add_evidence_file(engagement_id, sample, title=_text(spec, "sample_file"))
    for title in _text(spec, "requested"):
        requested = repo.request_evidence(engagement_id, title)
        if rng.random() < 0.5:
            repo.set_evidence_received(requested.id, True)
    start = datetime.combine(spec.start, datetime.min.time()) + timedelta(hours=9)
    for index, person in enumerate(spec.people):
        tracks = [q for q in main if person.role in q.roles] or [
            q for q in others if person.role in q.roles][:1]
        extra = [q for q in others if person.role in q.roles and q not in tracks][:2]
        record = repo.add_interviewee(engagement_id, person.name, person.role, department=person.department,
                                      contact=f"{person.name.split()[0].lower()}@example.com",
                                      questionnaire_id=tracks[0].id if tracks else None,
                                      planned_at=start + timedelta(days=index // 3, hours=2 * (index % 3)))
        if spec.answer_share <= 0 or (spec.answer_share < 1 and index >= len(spec.people) * spec.answer_share + 1):
            continue
        bias = ROLE_BIAS.get(person.role, 0.0)
        for questionnaire in tracks + extra:
            track = questions_for_role(questionnaire, person.role)
            cutoff = len(track) if spec.answer_share >= 1 or index < len(spec.people) - 2 else \
                int(len(track) * spec.answer_share)
            # held when planned (not when the demo ran): the same pictures and numbers on every run
            held = (record.planned_at or start).astimezone(UTC).replace(tzinfo=None)
            session = repo.start_session(engagement_id, record.id, questionnaire.id, started_at=held)
            last = None
            for _section, question in track[:cutoff]:
                domain = domain_of.get((questionnaire.model, question.capability), "default")
                truth = spec.profile.get(domain, spec.profile["default"])
                roll = rng.random()
                if roll < 0.04:
                    repo.save_answer(engagement_id, record.id, questionnaire.id, question.id, "unknown")
                elif roll < 0.06:
                    repo.save_answer(engagement_id, record.id, questionnaire.id, question.id, "not_applicable")
                else:
                    drawn = min(5.0, max(0.0, rng.gauss(truth + bias, 0.7)))
                    level = int(round(drawn))
                    value = _value_for_level(question, level, rng, within=drawn - level + 0.5,
                                             headcount=spec.it_headcount)
                    confidence = rng.choices(["high", "medium", "low"], [0.4, 0.45, 0.15])[0]
                    repo.save_answer(engagement_id, record.id, questionnaire.id, question.id, "given", value,
                                     confidence=confidence, answered_by=spec.consultant)
                if rng.random() < 0.12:
                    repo.set_answer_note(engagement_id, record.id, questionnaire.id, question.id,
                                         rng.choice(notes))
                if rng.random() < 0.04:
                    repo.set_follow_up(engagement_id, record.id, questionnaire.id, question.id, True)
                if rng.random() < 0.05:
                    repo.link_evidence(engagement_id, record.id, questionnaire.id, question.id, evidence.id)
                last = question.id
            repo.touch_session(session.id, last, rng.randint(45, 95) * 60)
            repo.end_session(session.id, rng.randint(45, 95) * 60)
    # Targets the executive workshop agreed, and one override the consultant defended.
    for ref in engagement.content:
        if ref.kind != "model":
            continue
        model = library.model(ref.content_id, ref.version)
        bounds = (model.scale.minimum, model.scale.maximum)
        for d in model.domains[:4]:
            repo.set_target(engagement_id, model.id, d.capabilities[0].id, 4, scale=bounds)
        if spec.answer_share > 0 and model.domains:
            cap = model.domains[-1].capabilities[0]
            repo.set_override(engagement_id, model.id, cap.id, 2, _text(spec, "override"), spec.consultant,
                              scale=bounds)


# --- organisation optimisation: a worked Medium and a worked Large design -------------------------

ORG_SERVICE = "organisation-optimisation"
LARGE_ORG_ENGAGEMENT = "Harbour Bank - organisation optimisation 2026"


def create_organisation_demo(library: ContentLibrary, repo: Repository) -> list[str]:
    """Organisation designs for Northwind (Medium) and a Harbour Bank Large engagement.

    Each engagement and its design are written in one unit of work; an engagement that
    already has a design is left alone, so running the demo twice changes nothing.
    """
    from app.services import organisation as org_service

    catalogue = library.catalogue
    if catalogue is None or ORG_SERVICE not in {s.id for s in catalogue.services} \
            or not library.organisation_models:
        return []
    content = org_service.organisation_content(library)
    by_name = {e.name: e.id for e in repo.list_engagements(_all())}
    created: list[str] = []
    medium_id = by_name.get("Northwind - organisation optimisation & basic diagnosis")
    if medium_id and repo.documents.get(medium_id, org_service.DOCUMENT_KIND, "main") is None:
        org_service.save_design(repo, medium_id, medium_organisation_design(content.model),
                                expected_version=0, updated_by="James O'Connor")
    if LARGE_ORG_ENGAGEMENT not in by_name:
        customer = repo.find_customer("Harbour Bank") or repo.create_customer(
            "Harbour Bank", "Banking", 195, 14, notes=TEXTS["en"]["customer_notes"])
        services = [ServiceChoice(ORG_SERVICE, "large")]
        with repo.unit_of_work() as uow:
            engagement = uow.create_engagement(
                customer.id, LARGE_ORG_ENGAGEMENT, services=services,
                content=content_for_services(library, services), consultant="Elena Petrova",
                start_date=date(2026, 11, 9), end_date=date(2027, 1, 29), status=EngagementStatus.REPORTING,
                language="en", scope_notes="Organisation survey of all O&M teams at the Shanghai head office and "
                "the Chengdu operations centre; workshops with the CIO and the two business-line heads.")
            org_service.save_design(uow, engagement.id, large_organisation_design(content.model),
                                    expected_version=0, updated_by="Elena Petrova")
        created.append(LARGE_ORG_ENGAGEMENT)
    return created


def medium_organisation_design(org_model):
    """Northwind Logistics: one overloaded infrastructure team carrying a small night pager."""
    from app.planning.organisation import Organisation, Rotation, RotationMember, Team
    from app.planning.organisation_seed import new_design
    from app.planning.organisation_transition import propose_transition

    design = new_design(org_model, "medium", lines=("tracking", "fleet"), sites=("Hamburg",))
    design.current = Organisation(
        teams=[
            Team(id="it_mgmt", name="IT management", type="governance", site="Hamburg",
                 posts={"om_manager": 1, "release_manager": 1},
                 mission="Runs IT operations and the release calendar; no process owners are named."),
            Team(id="infra", name="Infrastructure & Operations", type="operations", site="Hamburg",
                 posts={"om_engineer": 9, "platform_engineer": 2}, duties={"oncall_primary": 5},
                 reports_to="it_mgmt", toil_pct=62, oncall_pct=18, project_pct=20, becomes="med.ops_sre",
                 mission="Servers, network, databases and the warehouse systems; carries the night pager."),
            Team(id="desk", name="Service desk & monitoring", type="operations", site="Hamburg",
                 posts={"noc_operator": 3}, reports_to="it_mgmt", toil_pct=80, becomes="med.ops_sre",
                 mission="Takes calls from depots and drivers, watches the monitoring console in office hours."),
            Team(id="tracking_dev", name="Track & Trace development", type="stream_aligned", site="Hamburg",
                 posts={"developer": 10, "service_owner": 1}, reports_to="it_mgmt", project_pct=85,
                 becomes="med.product.tracking",
                 mission="Builds the shipment tracking platform and the customer portal."),
            Team(id="fleet_dev", name="Fleet apps development", type="stream_aligned", site="Hamburg",
                 posts={"developer": 6}, reports_to="it_mgmt", project_pct=90, becomes="med.product.fleet",
                 mission="Driver and fleet management apps."),
        ],
        rotations=[Rotation(id="night_pager", name="Night and weekend pager", coverage="24x7",
                            members=[RotationMember("infra", "Hamburg", 5)], incidents_per_shift=2.6)],
        process_owners={"incident": "om_manager"},
        notes="From the organisation survey (12 interviews) and the HR headcount report of October 2026.",
    )
    design.target.rotations[0].name = "Production on-call"
    names = {"med.product.tracking": "Track & Trace product team", "med.product.fleet": "Fleet apps product team"}
    design.target.rotations[0].incidents_per_shift = 1.2
    for team in design.target.teams:
        team.site = "Hamburg"
        team.name = names.get(team.id, team.name)
        if team.template == "med.ops_sre":
            team.toil_pct, team.oncall_pct, team.project_pct = 30, 15, 55
    _career_paths(design)
    design.transition = propose_transition(design.current, design.target)
    _describe_steps(design, {
        "new_role": "Appoint from the current staff and publish the role description.",
        "training": "Incident command and on-call training with a fault drill before the person joins the rota.",
        "move": "Move with the team's services and runbooks; keep the old escalation path for one month.",
        "hire": "Recruit; the first SRE hire leads SLOs and toil reduction.",
        "reduce": "Retrain as SREs or platform engineers through the automation programme.",
    })
    return design


def large_organisation_design(org_model):
    """Harbour Bank: two sites, technology towers today, product-line SRE teams tomorrow."""
    from app.planning.organisation import Organisation, RaciVariant, Rotation, RotationMember, Team
    from app.planning.organisation_seed import new_design
    from app.planning.organisation_transition import propose_transition

    design = new_design(org_model, "large", lines=("retail", "corporate"), sites=("Shanghai", "Chengdu"))
    design.current = Organisation(
        teams=[
            Team(id="itod", name="IT Operations Department", type="governance", site="Shanghai",
                 posts={"om_manager": 1, "change_manager": 1}),
            Team(id="dc_ops", name="Data centre operations", type="operations", site="Shanghai", reports_to="itod",
                 posts={"om_engineer": 20, "platform_engineer": 2}, duties={"oncall_primary": 10,
                                                                             "incident_commander": 2},
                 toil_pct=70, oncall_pct=15, project_pct=15, becomes="lg.platform.retail"),
            Team(id="net_sec", name="Network & security", type="operations", site="Shanghai", reports_to="itod",
                 posts={"om_engineer": 6, "security_officer": 2}, toil_pct=55, project_pct=30,
                 becomes="lg.security"),
            Team(id="noc", name="Monitoring centre", type="operations", site="Shanghai", reports_to="itod",
                 posts={"noc_operator": 6}, toil_pct=85, becomes="lg.noc"),
            Team(id="app_support", name="Application support", type="operations", site="Chengdu",
                 reports_to="itod", posts={"om_engineer": 8, "developer": 2}, duties={"oncall_primary": 5},
                 toil_pct=45, oncall_pct=30, project_pct=25, becomes="lg.sre_product_line.corporate"),
            Team(id="cloud_pilot", name="Cloud platform pilot", type="platform", site="Shanghai", reports_to="itod",
                 posts={"platform_engineer": 4, "sre": 2}, toil_pct=25, project_pct=75, becomes="lg.tooling"),
            Team(id="retail_dev", name="Retail banking applications", type="stream_aligned", site="Shanghai",
                 posts={"developer": 24, "service_owner": 2}, project_pct=90, becomes="lg.product.retail"),
            Team(id="corp_dev", name="Corporate banking applications", type="stream_aligned", site="Chengdu",
                 posts={"developer": 17, "service_owner": 1}, project_pct=90, becomes="lg.product.corporate"),
        ],
        rotations=[
            Rotation(id="dc_pager", name="Data centre pager", coverage="24x7",
                     members=[RotationMember("dc_ops", "Shanghai", 10)], incidents_per_shift=3.1),
            Rotation(id="app_pager", name="Application support pager", coverage="24x7",
                     members=[RotationMember("app_support", "Chengdu", 5)], incidents_per_shift=1.4),
        ],
        process_owners={"change": "change_manager", "incident": "om_manager"},
        notes="Survey of 9 teams at both sites; headcount from HR, on-call load from the paging tool (Q3 2026).",
    )
    names = {"lg.sre_product_line.retail": "Retail banking SRE team",
             "lg.sre_product_line.corporate": "Corporate banking SRE team",
             "lg.platform.retail": "Compute and container platform team",
             "lg.platform.corporate": "Network and storage platform team",
             "lg.product.retail": "Retail banking product teams", "lg.product.corporate": "Corporate banking product teams"}
    for team in design.target.teams:
        team.name = names.get(team.id, team.name)
    for rotation in design.target.rotations:
        rotation.incidents_per_shift = 1.0
    # Corporate banking keeps its own change board for payment-system changes.
    design.raci_variants.append(RaciVariant("Corporate banking", {
        "change.authorize": {"change_manager": "R", "change_authority": "A", "service_owner": "R",
                             "security_officer": "C", "om_engineer": "I"},
    }))
    _career_paths(design)
    design.transition = propose_transition(design.current, design.target)
    _describe_steps(design, {
        "new_role": "Create the post and appoint from the internal candidates first.",
        "training": "Training and two shadow shifts before joining the rota or the incident commander pool.",
        "move": "Move with the services; the old team's pager stays as secondary for one month.",
        "hire": "Recruit through the bank's technology hiring programme.",
        "reduce": "Retrain into SRE and platform roles; no redundancies planned.",
    })
    return design


def _career_paths(design) -> None:
    paths = {
        "om_engineer": "O&M engineer -> senior O&M engineer -> SRE or platform engineer -> team lead",
        "sre": "SRE -> senior SRE (incident commander, capacity owner) -> staff SRE or SRE team lead",
        "noc_operator": "NOC operator -> senior operator (communications lead) -> O&M engineer",
        "platform_engineer": "Platform engineer -> senior platform engineer -> platform product owner",
    }
    for role in design.roles:
        role.career_path = paths.get(role.id, role.career_path)


def _describe_steps(design, texts: dict[str, str]) -> None:
    for step in design.transition:
        step.description = texts.get(step.kind, "")


# --- the consultant's diagnosis: approved findings, policies and an executive summary ------------------
# Written the way the lead consultant would put it to the CIO, in the engagement's language. Numbers
# come from the scores ({level}, {target}, {baseline}); a Basic diagnosis speaks without 0-5 levels.

SUMMARIES = {
    "Harbour Bank - O&M maturity assessment 2025": {"en": (
        "Harbour Bank runs a controlled, compliance-led operation: at an overall maturity of {level} against an "
        "agreed target of {target}, security and change control are its strongest domains and audits pass. What "
        "the bank now depends on most, its digital channels, is served least well: nobody can say how reliable "
        "a service should be, because service level objectives barely exist; most operational work is still "
        "done by hand; and capacity is bought once a year rather than planned from demand.\n\n"
        "Strengths to build on:\n- Access control and security patching are disciplined and evidenced.\n"
        "- Changes are recorded and approved; the change calendar is respected.\n"
        "- Major incidents are led by named people and the business is kept informed.\n\n"
        "Risks that matter most:\n- No agreed reliability targets: investment and release decisions are made "
        "without knowing what \"good enough\" is.\n- Manual operations and scarce runbooks make recovery depend "
        "on a few experienced engineers, two of whom cover nights alone.\n- Disaster recovery has never been "
        "tested end to end.\n\n"
        "First recommendations:\n- Agree SLOs for the ten most important customer journeys with the business.\n"
        "- Put the runbooks of the payment platform in one place and automate the five most frequent manual "
        "tasks.\n- Run a full DR failover test of one tier-1 service before the year end.\n\n"
        "Next steps: we propose to confirm these conclusions with the executive committee in the week of 17 "
        "November and to build the improvement roadmap on them, with the quick wins starting in January."), },
    "Harbour Bank - re-assessment 2026": {"en": (
        "One year on, Harbour Bank has moved from {baseline} to {level} against a target of {target}. The "
        "programme agreed in 2025 shows where it was applied: service level objectives now exist for the main "
        "customer journeys, monitoring sees most tier-1 services end to end, incidents are led by trained "
        "incident commanders and the most frequent manual tasks are automated.\n\n"
        "Strengths to build on:\n- Incident response is now a practised routine with a war room and clear "
        "roles.\n- Security and change control remain solid and evidenced.\n- The SLO reports are read in the "
        "monthly service review.\n\n"
        "Risks that matter most:\n- Error budgets are published but do not yet change release decisions.\n"
        "- Disaster recovery and fault drills still lag: the DR test of 2026 covered one service only.\n"
        "- Onboarding of new services to production has no firm readiness gate.\n\n"
        "First recommendations:\n- Give the error budget policy teeth: a spent budget pauses feature releases.\n"
        "- Extend DR testing to every tier-1 service on a yearly calendar.\n- Introduce a production readiness "
        "review for every new service.\n\n"
        "Next steps: review the 2027 roadmap with the CIO in December and keep the quarterly progress review."), },
    "翠湖零售 - 运维数字化诊断": {"zh": (
        "总体来看，翠湖零售的运维工作依靠少数骨干的经验维持，流程尚未成型：变更和事件处理有基本做法，但没有统一标准；"
        "复盘、问题管理和容量规划基本空白。电商大促期间的稳定性因此主要取决于值班人员的个人能力。\n\n"
        "可以依托的优势：\n- 变更已有审批和周五集中发布的习惯，为建立变更日历打下了基础。\n"
        "- 监控值班室能够及时发现大部分基础设施告警。\n\n"
        "最需要关注的风险：\n- 故障发生后很少复盘，同类问题反复出现。\n"
        "- 容量按年度预算采购，促销高峰前没有压测和扩容预案。\n"
        "- 运行手册缺失，夜间故障恢复依赖个别工程师。\n\n"
        "首先建议：\n- 对所有P1、P2故障开展无责复盘，并跟踪改进项直至关闭。\n"
        "- 在“双十一”前完成一次核心交易链路的压测，制定扩容预案。\n"
        "- 建立统一的变更日历和紧急变更流程。\n\n"
        "下一步：建议于九月底与信息技术部确认上述结论，并据此制定流程优化方案，三个月内启动快速见效举措。"), },
    "明川精密 - 运维评估与规划": {"zh": (
        "明川精密制造的运维已有基本秩序，但尚未形成体系：整体成熟度{level}级，与双方商定的目标{target}级尚有差距。"
        "安全合规和运维治理相对成熟，等保三级的准备工作正在推进；而直接决定产线能否连续运行的能力——发布与回滚、"
        "自动化和故障恢复——仍是短板。MES一旦停止，产线随之停线，目前的恢复主要依靠少数骨干的经验。\n\n"
        "可以依托的优势：\n- 持续改进已有固定节奏，改进项在月度运维例会上跟踪至关闭。\n"
        "- 供应商与外包服务有合同约定的响应时限，并按季度考核。\n"
        "- 生产系统的账号和权限管理较为规范，为等保三级测评打下了基础。\n\n"
        "最需要关注的风险：\n- 发布没有灰度和回滚方案，一次失败的MES变更可能导致整个车间停线。\n"
        "- 部署和日常操作以手工为主；编制冻结之下，运维人员难以腾出时间推进改进。\n"
        "- 没有故障模式库和恢复预案，夜班发生故障时，恢复时间取决于能否联系到个别工程师。\n\n"
        "首先建议：\n- MES及车间系统的变更只在计划停线或换班窗口实施，每次发布都编写并验证回滚方案。\n"
        "- 为核心系统建立统一的发布流水线，先将最常见的五类手工操作自动化，为改进工作腾出人力。\n"
        "- 梳理近一年的重大故障，建立故障模式库和恢复预案，并在年底前完成一次MES恢复演练。\n\n"
        "下一步：建议于十月上旬与信息中心和生产部共同确认上述结论和目标，并据此细化改进路线图；快速见效举措在三个月内"
        "启动，等保三级相关工作按第十个月的测评节点倒排。"), },
    "Northwind - organisation optimisation & basic diagnosis": {"en": (
        "On the whole, Northwind's operations are established but uneven: automation and security are ahead of "
        "most logistics firms of its size, while the organisation has not kept up with the platform. Operations, "
        "platform engineering and the 24x7 command centre each run their own way of working, and nobody owns a "
        "service from end to end.\n\n"
        "Strengths to build on:\n- Infrastructure is largely defined as code and deployed through pipelines.\n"
        "- Access to production is personal, reviewed and logged.\n\n"
        "Risks that matter most:\n- Unclear ownership between the command centre and platform engineering slows "
        "recovery from incidents that cross both.\n- Reliability targets for track and trace are informal.\n\n"
        "First recommendations:\n- Name a service owner for each customer-facing service.\n"
        "- Agree an on-call and escalation model shared by the command centre and platform engineering.\n\n"
        "Next steps: the organisation design workshop in December will turn these findings into the target "
        "structure and roles."), },
}


def _diagnose(library: ContentLibrary, repo: Repository, engagement_id: str, spec: DemoEngagement) -> None:
    """Findings reviewed by the consultant (serious ones approved), the ranked policies and the summary."""
    from dataclasses import replace

    from app.diagnosis.findings import FindingStatus, Severity
    from app.diagnosis.summary import ExecutiveSummary
    from app.services.findings import baseline_comparisons, draft_all, save_diagnosis, set_quotable
    from app.services.results import score_engagement

    if spec.answer_share <= 0:
        return
    scores = score_engagement(library, repo, engagement_id)
    # The interviewees' own words, noted as quotes, may be quoted (by role) in the deliverables.
    quotable = frozenset((a.questionnaire_id, a.question_id, a.interviewee_id) for a in scores.answers
                         if a.note.lstrip().lower().startswith(("quote", "原话")))
    for key in sorted(quotable):
        set_quotable(repo, engagement_id, key, True)
    findings, policies = draft_all(library, repo, scores, quotable)
    # The consultant approved what the evidence carries; minor drafts wait for the next review.
    findings = [replace(f, status=FindingStatus.APPROVED) if f.severity is not Severity.LOW else f for f in findings]
    texts = SUMMARIES.get(spec.name, {})
    summary = None
    primary = scores.primary
    if texts and primary is not None:
        cmp = baseline_comparisons(library, repo, scores).get(primary.model_id)
        values = {"level": f"{primary.level or 0:.2f}", "target": f"{primary.target:.2f}",
                  "baseline": f"{cmp.overall.before:.2f}" if cmp and cmp.overall.before is not None else ""}
        summary = ExecutiveSummary({lang: text.format(**values) for lang, text in texts.items()}, "approved",
                                   edited=True)
    save_diagnosis(repo, engagement_id, findings, policies, summary, updated_by=spec.consultant)

# --- planning: the workshop as it was agreed, and the plan the consultant built from it -----------------
# (the answer generator above rolls dice; a plan is written on purpose, so the workshop answers
# are set here and the drafted plan is tailored the way a senior consultant would)


@dataclass(frozen=True)
class DemoPlan:
    workshop: dict[str, str]  # question id -> the answer the executives agreed
    tailor: object  # (drafted plan, PlanningState) -> the plan as delivered


def _owner(programme: str) -> str:
    """Who runs an initiative in these demo customers: the usual split of an IT organisation."""
    return {"governance": "executive", "organisation": "executive", "security": "security",
            "change": "developer", "readiness": "developer", "observability": "sre", "automation": "sre",
            "capacity": "sre", "resilience": "sre", "slo": "sre", "incident": "om_manager",
            "problem": "process_owner"}.get(programme, "om_manager")


def _common_tailoring(plan, state, capacity: dict[str, float]):
    """Owners and run costs by programme; phase capacities as agreed; only the work the team can staff."""
    from dataclasses import replace

    from app.planning.initiatives import initiative_priority, select_within

    phases = tuple(replace(p, capacity=capacity.get(p.id, p.capacity)) for p in plan.phases)
    budget = 0.85 * sum(p.capacity for p in phases)  # dependencies leave some capacity idle
    kept = select_within(plan.initiatives, initiative_priority(plan.initiatives, state.analysis.gaps), budget)
    plan = replace(plan, initiatives=tuple(kept), phases=phases)
    platform = {"observability", "automation", "capacity"}
    items = []
    for item in plan.initiatives:
        items.append(replace(item, owner_role=_owner(item.programme),
                             cost_run="medium" if item.programme in platform and item.effort >= 8 else item.cost_run))
    return replace(plan, initiatives=tuple(items))


def _large_bank_plan(plan, state):
    """Harbour Bank: three business scopes, a regulator's deadline, one pin the CIO asked for."""
    from dataclasses import replace

    from app.planning.model import Deadline, Department, PlanInitiative

    plan = _common_tailoring(plan, state, {"P1": 30.0, "P2": 99.0, "P3": 132.0, "P4": 120.0})
    departments = (Department("digital", "Digital Channels"), Department("payments", "Payments Platform"),
                   Department("branches", "Retail Branch Network"))
    scopes = {"ini.change.grayscale": "digital", "ini.slo.define": "digital", "ini.capacity.performance": "payments",
              "ini.capacity.scaling": "payments", "ini.resilience.dr": "payments"}
    ids = {i.id for i in plan.initiatives}
    items = [replace(i, scope=scopes.get(i.id, ""), deadline_month=9.0 if i.id == "ini.resilience.dr_baseline" else
                     i.deadline_month) for i in plan.initiatives]
    extra = [
        PlanInitiative(
            "ini.harbour.payments_peak", {"en": "Payments peak readiness for the year-end and salary-day peaks"},
            ("capacity.performance",), effort=6, duration_months=3, impact="high", cost_build="medium",
            description={"en": "Agree the peak volumes with the Payments business, run the load test on the "
                               "production-like environment, freeze non-urgent changes for the peak week and staff "
                               "a war room with the card processor on the line."},
            objectives=tuple(o.id for o in plan.objectives[:1]), owner_role="sre", programme="capacity",
            scope="payments", source="custom",
            depends_on=tuple(d for d in ("ini.capacity.performance",) if d in ids) or ("capacity.performance",)),
        PlanInitiative(
            "ini.harbour.branch_monitoring", {"en": "Branch network monitoring from the teller's point of view"},
            ("observability.coverage",), effort=4, duration_months=2, impact="medium", cost_build="low",
            description={"en": "Synthetic teller transactions from six pilot branches every five minutes, alarms "
                               "routed to the branch support desk, and a weekly review with the Retail Branch "
                               "Network's operations manager."},
            owner_role="noc", programme="observability", scope="branches", source="custom",
            depends_on=tuple(d for d in ("ini.observability.service_monitoring",) if d in ids)
            or ("observability.coverage",)),
    ]
    items = [i if i.id != "ini.incident.process" else replace(i, pinned_start=0.0) for i in items]
    constraints = replace(plan.constraints, deadlines=(Deadline("Regulator's business-continuity inspection", 9.0),),
                          notes="Open audit finding on DR testing must be closed before the inspection in month 9; "
                                "the monitoring contract runs until month 14, so the platform change waits for it.")
    return replace(plan, initiatives=tuple(items) + tuple(extra), departments=departments,
                   constraints=constraints, size="large")


def _medium_factory_plan(plan, state):
    """明川精密: production lines stop when MES stops; a frozen headcount; MLPS level 3 by year end."""
    from dataclasses import replace

    from app.planning.model import Deadline, PlanInitiative

    plan = _common_tailoring(plan, state, {"P1": 12.0, "P2": 40.0, "P3": 52.0})
    ids = {i.id for i in plan.initiatives}
    extra = PlanInitiative(
        "ini.mingchuan.mes_change_window", {"zh": "MES变更窗口与产线停线联动机制", "en": "MES change windows tied to line stops"},
        ("change.control",), effort=3, duration_months=2, impact="high", cost_build="low",
        description={"zh": "与生产部约定MES及车间系统的变更只在计划停线或换班窗口实施，变更前通知班组长，"
                           "变更后由产线确认首件合格再关闭变更单。",
                     "en": "Changes to MES and shop-floor systems only in planned line stops or shift changes, "
                           "announced to the shift leaders, closed after the line confirms the first good part."},
        objectives=tuple(o.id for o in plan.objectives[:1]), owner_role="om_manager", programme="change",
        source="custom", depends_on=tuple(d for d in ("ini.change.control",) if d in ids) or ("change.control",))
    items = [i if i.id != "ini.security.audit" else replace(i, deadline_month=10.0) for i in plan.initiatives]
    constraints = replace(plan.constraints, deadlines=(Deadline("等保三级测评", 10.0),),
                          notes="编制冻结：改进工作由现有运维人员兼任，约四名全职当量；信创替换与监控平台选型需同步考虑。")
    return replace(plan, initiatives=tuple(items) + (extra,), constraints=constraints, size="medium")


PLANS: dict[str, DemoPlan] = {
    "Harbour Bank - O&M maturity assessment 2025": DemoPlan(
        {"w.obj.01": "obj.fewer_outages", "w.obj.02": "obj.compliance", "w.obj.03": "obj.faster_recovery",
         "w.obj.04": "a9995", "w.con.01": "up_small", "w.con.02": "frozen", "w.con.03": "financial",
         "w.con.04": "contracts", "w.app.01": "significant", "w.app.02": "m3", "w.app.03": "y3",
         "w.target.governance": "3", "w.target.organisation": "3", "w.target.slo": "3", "w.target.observability": "3",
         "w.target.incident": "4", "w.target.change": "3", "w.target.problem": "3", "w.target.capacity": "3",
         "w.target.resilience": "4", "w.target.automation": "3", "w.target.readiness": "3",
         "w.target.security": "3"},
        _large_bank_plan),
    "明川精密 - 运维评估与规划": DemoPlan(
        {"w.obj.01": "obj.fewer_outages", "w.obj.02": "obj.scale_without_headcount",
         "w.obj.03": "obj.business_continuity", "w.obj.04": "a999", "w.con.01": "flat", "w.con.02": "frozen",
         "w.con.03": "cybersecurity", "w.con.04": "domestic", "w.app.01": "moderate", "w.app.02": "m3",
         "w.app.03": "y2", "w.target.change": "3", "w.target.incident": "3", "w.target.observability": "3",
         "w.target.resilience": "3", "w.target.automation": "3", "w.target.security": "3", "w.target.capacity": "2",
         "w.target.slo": "2", "w.target.problem": "2", "w.target.governance": "3", "w.target.organisation": "2",
         "w.target.readiness": "2"},
        _medium_factory_plan),
}


def _plan(library: ContentLibrary, repo: Repository, engagement_id: str, spec: DemoPlan) -> None:
    """Record the workshop as agreed (by everyone who attended it), then save the tailored plan."""
    from app.services.planning import load_planning, save_plan

    engagement = repo.get_engagement(engagement_id)
    if engagement.content_version("questionnaire", "planning-workshop") is None:
        return
    workshop = library.questionnaire("planning-workshop", engagement.content_version("questionnaire",
                                                                                     "planning-workshop"))
    known = {q.id for s in workshop.sections for q in s.questions}
    attendees = [p for p in repo.list_interviewees(engagement_id) if p.role in workshop.roles]
    for person in attendees:
        for question, value in spec.workshop.items():
            if question in known:
                repo.save_answer(engagement_id, person.id, "planning-workshop", question, "given", value,
                                 answered_by=engagement.consultant)
    state = load_planning(library, repo, engagement_id)
    plan = spec.tailor(state.plan, state)  # type: ignore[operator]
    save_plan(library, repo, engagement_id, plan, expected_version=0, updated_by=engagement.consultant)


# --- process optimisation: a worked Large engagement, all seven processes assessed and specified ----------

PROCESS_SERVICE = "process-optimisation"
PROCESS_ENGAGEMENT = "Harbour Bank - process optimisation 2026"
PROCESS_PEOPLE = (
    Person("Carlos Mendes", "process_owner", "Service Management Office"),
    Person("David Okafor", "om_manager", "IT Operations"),
    Person("Priya Raman", "sre", "Site Reliability Engineering"),
    Person("Aisha Al-Harbi", "developer", "Digital Channels"),
    Person("Lucas Moreau", "noc", "Network Operations Centre"),
)
# Process -> the level the deep dives find (the bank changes carefully but learns little from incidents).
PROCESS_PROFILE = {"change": 2.7, "monitoring": 2.2, "incident": 2.5, "pir": 1.6, "problem": 1.8, "capacity": 2.0,
                   "handover": 1.5}
# What the consultant wrote into the specifications: process -> section number -> (English, Chinese).
PROCESS_TEXTS: dict[str, dict[int, tuple[str, str]]] = {
    "change": {
        6: ("Low-risk normal changes are approved by the service owner, high-risk ones by the CAB (change manager, "
            "SRE lead, security officer, the owners of the affected services) every Tuesday and Thursday at 15:00, "
            "quorum three. The duty emergency authority is reached through the on-call tool 24x7. A normal change "
            "becomes standard after five consecutive successful, scripted executions with a tested rollback; the "
            "change manager keeps the catalogue and reviews it every quarter.",
            "低风险常规变更由服务负责人审批，高风险变更由CAB（变更经理、SRE负责人、信息安全专员及受影响服务的负责人）于每周二、四15:00审批，"
            "法定人数三人。当班紧急审批人可通过值班工具7×24小时联系。常规变更连续五次成功执行、已脚本化且回滚已验证后可转为标准变更；"
            "标准变更目录由变更经理维护，每季度复审。"),
        12: ("Every Monday the SMO compares deployment logs and configuration drift with the change records; an "
             "unrecorded production change is logged as a non-compliance, reviewed with the team lead and "
             "reported to the CIO monthly. Exceptions to this specification are granted by the CIO for at most "
             "three months. Internal audit reviews the process every year.",
             "服务管理办公室每周一将部署日志和配置漂移与变更记录比对；未登记的生产变更记为违规，与团队负责人复核，并每月报告CIO。"
             "对本规范的例外由CIO批准，有效期最长三个月。内部审计每年审查一次本流程。"),
        2: ("Standard change: pre-authorised and scripted, e.g. adding a node to the card-authorisation cluster, "
            "certificate renewal, firewall rule from the approved catalogue. Normal change: assessed and approved "
            "by risk level, e.g. a mobile-banking release or a database index. Emergency change: restores or "
            "protects service now, approved by the duty emergency authority and recorded within one working day; "
            "an emergency change is never an unrecorded change.",
            "标准变更：已预授权并脚本化，例如为卡授权集群扩容节点、证书续期、按已批准目录新增防火墙规则。常规变更：按风险等级评估和审批，"
            "例如手机银行发版或新增数据库索引。紧急变更：为立即恢复或保护服务而实施，由当班紧急审批人批准，一个工作日内补录；"
            "紧急变更绝不等于不登记的变更。"),
        7: ("Standard windows: Tuesday and Thursday 22:00-02:00 for tier-1 services, any working day 20:00-06:00 "
            "for tier 2-3. Lead time: low-risk normal changes two working days, high-risk five. Freeze: the last "
            "three working days of each quarter, 11-12 November and 20 December to 3 January; exceptions approved "
            "by the CIO. A service whose error budget is exhausted takes fixes only.",
            "标准窗口：一级服务每周二、四22:00-02:00，二、三级服务任一工作日20:00-06:00。提前申请：低风险常规变更提前两个工作日，"
            "高风险提前五个工作日。封网期：每季度最后三个工作日、11月11日至12日、12月20日至次年1月3日；例外由CIO批准。"
            "错误预算耗尽的服务只允许修复类变更。"),
    },
    "monitoring": {
        4: ("Tier-1 services: synthetic checks of every customer journey every minute, the four golden signals per "
            "component, SLO burn-rate alerts. Tier 2: golden signals and resource alerts. Tier 3: availability "
            "and resource alerts only.",
            "一级服务：每分钟对每条客户旅程进行拨测，各组件采集四个黄金信号，配置SLO消耗速率告警。二级服务：黄金信号和资源告警。"
            "三级服务：仅可用性和资源告警。"),
        8: ("One 24x7 rotation per product-line SRE team, primary and secondary, weekly shifts handed over on "
            "Monday 10:00 with a written note; at least eight people per single-site rotation. Pages outside "
            "working hours are compensated with time off. An engineer is on call at most one week in four.",
            "每个产品线SRE团队设一个7×24小时轮值，主备双岗，每周一10:00书面交接；单站点轮值不少于八人。"
            "非工作时间被呼叫给予调休补偿。每名工程师每四周最多值班一周。"),
    },
    "incident": {
        7: ("The incident commander opens the bridge and the #war-room channel, names the operations lead, "
            "communications lead and scribe, and keeps the live incident document; nobody debugs on the bridge "
            "without the commander's go-ahead. Status every 30 minutes for P1, 60 minutes for P2.",
            "事件指挥官开启电话桥和作战室群组，指定运维负责人、沟通负责人和记录员，并维护实时事件文档；未经指挥官同意，"
            "任何人不在电话桥上自行排障。P1每30分钟、P2每60分钟同步一次进展。"),
        5: ("P1: a tier-1 service (payments, card authorisation, mobile banking) unavailable or degraded for "
            "customers of more than one branch region, or any data loss; P2: a tier-1 service degraded for some "
            "customers or a tier-2 service unavailable; P3: a single function or internal users affected; "
            "P4: no customer impact. P1 and P2 open the war room within 15 minutes.",
            "P1：一级服务（支付、卡授权、手机银行）对一个以上分行区域的客户不可用或性能下降，或发生任何数据丢失；"
            "P2：一级服务对部分客户性能下降，或二级服务不可用；P3：单一功能或仅内部用户受影响；P4：对客户无影响。"
            "P1、P2须在15分钟内开启作战室。"),
    },
    "pir": {
        6: ("The review report has one page per section: summary, impact, timeline, detection, root cause and "
            "contributing factors, what went well, where we were lucky, actions with owners and dates. It names "
            "systems and decisions, never people.",
            "复盘报告各部分各占一页：概述、影响、时间线、发现过程、根因与促成因素、做得好的地方、侥幸之处、改进项（含负责人和完成日期）。"
            "报告只指向系统和决策，不点名个人。"),
        4: ("A review is held for every P1 and P2, every incident found by customers before monitoring, any data "
            "loss and any failed high-risk change; the full format within five working days for P1, a short "
            "format within ten for the others.",
            "所有P1、P2事件、先于监控被客户发现的事件、任何数据丢失及失败的高风险变更均须复盘；P1在五个工作日内按完整格式完成，"
            "其他在十个工作日内按简要格式完成。"),
    },
    "problem": {
        8: ("A permanent fix is raised as a change linked to the problem. When the fix costs more than the risk, "
            "the service owner may accept the risk in writing for at most one year; the problem stays open as a "
            "known error with its workaround.",
            "永久修复以关联该问题的变更形式提交。若修复成本高于风险，服务负责人可书面接受风险，期限最长一年；该问题以已知错误及其临时方案的形式保持开放。"),
        4: ("A problem is opened for every P1, for incidents without a root cause after closure, for any incident "
            "that recurs three times in a quarter, and from the monthly trend review of incident categories.",
            "以下情况须建立问题：每个P1事件；关闭时根因仍不明的事件；一个季度内重复发生三次的事件；以及月度事件分类趋势评审发现的隐患。"),
        5: ("Priority follows the incidents a problem causes: P1 problems (recurring P1/P2 incidents or a risk to "
            "payments) get an analyst the same day and a root cause within ten working days; P2 within thirty.",
            "问题优先级取决于其引发的事件：P1问题（反复出现的P1/P2事件或危及支付的问题）当天指派分析人，十个工作日内查明根因；"
            "P2问题三十个工作日内查明。"),
    },
    "capacity": {
        4: ("Tier-1 services keep 40% headroom at the forecast peak and six months of runway; tier 2 keeps 25% and "
            "three months; tier 3 is reviewed quarterly without a headroom target.",
            "一级服务在预测峰值时保持40%的余量和六个月的可用时长；二级服务保持25%的余量和三个月的可用时长；三级服务每季度评审，不设余量目标。"),
        8: ("Forecasts are made each quarter from twelve months of peak data plus the business-event calendar, "
            "and checked against the actual peak afterwards; errors over 25% are explained at the capacity review.",
            "每季度基于十二个月的峰值数据和业务活动日历进行预测，并在事后与实际峰值比对；误差超过25%须在容量评审会上说明原因。"),
        10: ("Provisioning is a standard change where it is scripted; tier-1 services scale automatically within "
             "approved limits and shed load gracefully beyond them (rate limits, queueing, degraded features).",
             "已脚本化的扩容按标准变更处理；一级服务在批准的上限内自动伸缩，超出上限时有序降级（限流、排队、关闭非核心功能）。"),
        5: ("The business-event calendar lists the Singles' Day and year-end peaks, salary days and every "
            "marketing campaign with expected volumes; product owners add events six weeks ahead.",
            "业务活动日历列出双十一和年终高峰、发薪日及每次营销活动的预计业务量；产品负责人须提前六周登记活动。"),
    },
    "handover": {
        6: ("The handover pack: architecture and dependencies, runbooks for every alert, SLOs, the capacity plan, "
            "CMDB entries with certificate expiry, backup and DR procedures, known issues and contacts in the "
            "delivery team for the hypercare period.",
            "转维交接包包括：架构与依赖关系、每条告警的运行手册、SLO、容量规划、含证书到期日的CMDB条目、备份与容灾操作规程、"
            "已知问题，以及护航期内交付团队的联系人。"),
        8: ("Operations accepts a service when every tier criterion is met or waived in writing; the O&M manager "
            "and the service owner sign the acceptance, and open items get owners and dates.",
            "服务满足其等级的全部就绪标准（或以书面形式豁免）后方可由运维接收；运维经理与服务负责人共同签署验收，遗留事项须明确负责人和日期。"),
        5: ("Tier-1 services pass every readiness criterion before go-live: monitoring and alerts with runbooks, "
            "SLOs agreed, capacity tested at twice the forecast peak, backups restored once, DR failover "
            "rehearsed, on-call trained. Tier 2 may defer DR rehearsal by one quarter with the service owner's "
            "signature.",
            "一级服务上线前须满足全部就绪标准：监控告警及运行手册到位、SLO已约定、容量按预测峰值两倍压测、备份已恢复验证、"
            "容灾切换已演练、值班人员已培训。二级服务经服务负责人签字可将容灾演练推迟一个季度。"),
    },
}
APPROVED_PROCESSES = ("change", "incident", "monitoring", "pir")
# Targets the process owners agreed for KPIs that no deep-dive threshold fixes.
PROCESS_KPI_TARGETS = {"kpi.proc.change.approval_lead_time": 8, "kpi.proc.change.induced_incident_share": 30,
                       "kpi.proc.pir.verification_rate": 80, "kpi.proc.capacity.headroom_compliance": 90,
                       "kpi.proc.capacity.runway_coverage": 90}


def create_process_demo(library: ContentLibrary, repo: Repository, seed: int = 11) -> list[str]:
    """A Large process optimisation engagement at Harbour Bank: every deep dive answered, the findings
    reviewed, all seven specifications stored (the key sections written, two business-line variants,
    four approved). One unit of work; an engagement that is already there is left alone."""
    from app.services import processes as process_service

    catalogue = library.catalogue
    if catalogue is None or PROCESS_SERVICE not in {s.id for s in catalogue.services}:
        return []
    try:
        process_service.process_model(library)
    except UserError:
        return []
    if PROCESS_ENGAGEMENT in {e.name for e in repo.list_engagements(_all())}:
        return []
    rng = random.Random(seed)
    services = [ServiceChoice(PROCESS_SERVICE, "large")]
    with repo.unit_of_work() as uow:
        customer = uow.find_customer("Harbour Bank") or uow.create_customer(
            "Harbour Bank", "Banking", 195, 14, notes=TEXTS["en"]["customer_notes"])
        engagement = uow.create_engagement(
            customer.id, PROCESS_ENGAGEMENT, services=services, content=content_for_services(library, services),
            consultant="Elena Petrova", start_date=date(2026, 11, 16), end_date=date(2027, 2, 12),
            status=EngagementStatus.REPORTING, language="en",
            scope_notes="Deep-dive workshops on the seven processes with the Service Management Office, IT "
                        "Operations, SRE, Digital Channels and the NOC; records sampled from retail and corporate "
                        "banking.")
        _answer_deep_dives(library, uow, engagement.id, rng)
        for cap in ("incident.restoration", "incident.triage_grading", "change.safe_implementation"):
            uow.set_target(engagement.id, "om-processes", cap, 4)
        _diagnose(library, uow, engagement.id, DemoEngagement(
            "Harbour Bank", "Banking", 195, 14, PROCESS_ENGAGEMENT, "Elena Petrova", (), date(2026, 11, 16),
            EngagementStatus.REPORTING, PROCESS_PEOPLE, {}))
        _specify_processes(library, uow, engagement.id)
    return [PROCESS_ENGAGEMENT]


def _answer_deep_dives(library: ContentLibrary, repo: Repository, engagement_id: str, rng: random.Random) -> None:
    engagement = repo.get_engagement(engagement_id)
    deep_dives = [library.questionnaire(r.content_id, r.version) for r in engagement.content
                  if r.kind == "questionnaire"]
    start = datetime(2026, 11, 17, 9)
    for index, person in enumerate(PROCESS_PEOPLE):
        tracks = [q for q in deep_dives if person.role in q.roles]
        record = repo.add_interviewee(engagement_id, person.name, person.role, department=person.department,
                                      contact=f"{person.name.split()[0].lower()}@example.com",
                                      questionnaire_id=tracks[0].id if tracks else None,
                                      planned_at=start + timedelta(days=index))
        bias = ROLE_BIAS.get(person.role, 0.0) / 2
        for n, questionnaire in enumerate(tracks):
            process = questionnaire.id.removeprefix("process-")
            truth = PROCESS_PROFILE.get(process, 2.0)
            held = start + timedelta(days=index, hours=n)
            session = repo.start_session(engagement_id, record.id, questionnaire.id, started_at=held)
            last = None
            for _section, question in questions_for_role(questionnaire, person.role):
                drawn = min(5.0, max(0.0, rng.gauss(truth + bias, 0.5)))
                level = int(round(drawn))
                value = _value_for_level(question, level, rng, within=drawn - level + 0.5, headcount=195)
                repo.save_answer(engagement_id, record.id, questionnaire.id, question.id, "given",
                                 value, confidence="high" if n % 2 else "medium",
                                 answered_by="Elena Petrova")
                last = question.id
            repo.touch_session(session.id, last, 50 * 60)
            repo.end_session(session.id, 50 * 60)


def _specify_processes(library: ContentLibrary, repo: Repository, engagement_id: str) -> None:
    from app.planning.processes import BiText, Variant
    from app.services import processes as process_service

    process_service.seed(library, repo, engagement_id, updated_by="Elena Petrova")
    book = process_service.load_book(library, repo, engagement_id)
    specs = {}
    for pid in book.order:
        spec = book.specs[pid].spec.copy()
        for number, (en, zh) in PROCESS_TEXTS.get(pid, {}).items():
            if 0 < number <= len(spec.sections):  # a revised skeleton may have fewer sections
                spec.sections[number - 1].text = BiText(en, zh)
        for kpi in spec.kpis:
            if kpi.target is None and kpi.id in PROCESS_KPI_TARGETS:
                kpi.target = float(PROCESS_KPI_TARGETS[kpi.id])
                kpi.target_note = BiText("agreed with the process owner", "与流程负责人商定")
        specs[pid] = spec
    change = specs["change"]
    change.variants.append(Variant(
        "corporate", BiText("Corporate banking", "公司银行"),
        BiText("Payment-system changes keep their own change board and the clearing calendar.",
               "支付系统变更保留独立的变更委员会，并遵循清算日历。"),
        {"section:7": {"en": "Corporate banking changes only on Saturday 23:00-05:00 outside the clearing "
                             "calendar's settlement days; freeze from the 25th to the last day of each month.",
                       "zh": "公司银行仅在清算日历结算日以外的周六23:00-05:00实施变更；每月25日至月末封网。"},
         "activity:change.authorize:raci": {"change_manager": "R", "change_authority": "A", "service_owner": "R",
                                            "security_officer": "C", "om_engineer": "I"},
         "kpi:kpi.change.emergency_share:target": 3}))
    incident = specs["incident"]
    incident.variants.append(Variant(
        "retail", BiText("Retail banking", "零售银行"),
        BiText("Branch and mobile channels: customers notice within minutes.", "网点和手机渠道：客户几分钟内就会察觉。"),
        {"section:5": {"en": "As the base, and additionally P1 when more than 20 branches or 5% of mobile-banking "
                             "log-ins fail for 5 minutes; the war room opens within 10 minutes.",
                       "zh": "在基础规范之上，超过20个网点或5%的手机银行登录连续5分钟失败即定为P1；作战室须在10分钟内开启。"},
         "kpi:kpi.incident.mttr_restore:target": 60}))
    versions = process_service.save_specs(library, repo, engagement_id, specs,
                                          expected={pid: book.specs[pid].version for pid in specs},
                                          updated_by="Elena Petrova")
    for pid in APPROVED_PROCESSES:
        process_service.approve(library, repo, engagement_id, pid, expected_version=versions[pid],
                                updated_by="Elena Petrova")
