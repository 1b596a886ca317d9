"""Realistic sample engagements, generated from whatever content is installed.

The generator knows customers and people, not questions: it walks each
interviewee's role track and answers from a maturity profile per domain, with the
optimism of managers, the scepticism of engineers and some honest "don't know"s,
so that every screen and report has something real to show.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.content.loader import ContentLibrary
from app.content.schema import ChoiceAnswer, LevelsAnswer, NumericAnswer, Question, YesNoAnswer
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
            "Sunrise Health", "Healthcare", 25, 6, "Sunrise Health - basic diagnosis (planned)", "Elena Petrova",
            (("diagnosis-basic", "standard"),), date(2026, 12, 7), EngagementStatus.PLANNED,
            (Person("Dr. Rachel Adeyemi", "executive", "IT Directorate"),
             Person("Ben Carter", "om_manager", "Infrastructure")),
            {"default": 2.0}, answer_share=0.0,
        ),
    ]


def _value_for_level(question: Question, level: int, rng: random.Random) -> str | None:
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
    lo = spec.minimum if spec.minimum is not None else 0.0
    hi = spec.maximum if spec.maximum is not None else max(
        [t.at_least or t.at_most or 0 for t in spec.thresholds] + [10.0]) * 1.5
    if not spec.thresholds:
        return f"{round(rng.uniform(lo, hi) if hi > lo else lo):g}"
    # pick a value that earns the wanted level where the thresholds allow it
    candidates = [t for t in spec.thresholds if t.level <= level] or list(spec.thresholds)
    best = max(candidates, key=lambda t: t.level)
    if best.at_least is not None:
        value = best.at_least + abs(rng.gauss(0, 0.05 * (abs(best.at_least) + 1)))
    else:
        value = best.at_most - abs(rng.gauss(0, 0.05 * (abs(best.at_most) + 1)))
    value = min(max(value, lo), hi) if hi > lo else value
    return f"{round(value, 1):g}"


def create_demo(library: ContentLibrary, repo: Repository, seed: int = 7) -> list[str]:
    """Create the sample engagements that are not there yet; returns the names created."""
    rng = random.Random(seed)
    catalogue = library.catalogue
    known_services = {s.id for s in catalogue.services} if catalogue else set()
    name_to_id = {e.name: e.id for e in repo.list_engagements(_all())}
    existing = set(name_to_id)
    created: list[str] = []
    evidence_dir = Path(tempfile.mkdtemp(prefix="omm-demo-evidence-"))
    for spec in demo_engagements():
        if spec.name in existing:
            continue
        services = [ServiceChoice(s, size) for s, size in spec.services if s in known_services]
        if not services:
            continue
        customer = repo.find_customer(spec.customer) or repo.create_customer(
            spec.customer, spec.industry, spec.it_headcount, spec.departments,
            notes=_text(spec, "customer_notes"))
        engagement = repo.create_engagement(
            customer.id, spec.name, services=services, content=content_for_services(library, services),
            consultant=spec.consultant, start_date=spec.start, end_date=spec.start + timedelta(days=45),
            status=spec.status, previous_engagement_id=name_to_id.get(spec.previous or ""),
            language=spec.language,
            scope_notes=_text(spec, "scope"),
        )
        name_to_id[spec.name] = engagement.id
        _fill(library, repo, engagement.id, spec, rng, evidence_dir)
        created.append(spec.name)
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
            session = repo.start_session(engagement_id, record.id, questionnaire.id)
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
                    level = int(round(min(5, max(0, rng.gauss(truth + bias, 0.7)))))
                    value = _value_for_level(question, level, rng)
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
        for d in model.domains[:4]:
            repo.set_target(engagement_id, model.id, d.capabilities[0].id, 4)
        if spec.answer_share > 0 and model.domains:
            cap = model.domains[-1].capabilities[0]
            repo.set_override(engagement_id, model.id, cap.id, 2, _text(spec, "override"), spec.consultant)
