"""What the customer deliverables add on top of the scores: findings, policies, the summary,
progress since the baseline, document control and confidentiality.

Pure view builders, called by :func:`app.reports.context.build_context`. The rules a
deliverable follows are here, in one place:
- only **approved** findings are shown; a report says how many drafts still wait;
- interviewees appear **by role** ("SRE 2") unless the consultant chose names at export;
- a note is **quoted** only when it was marked quotable;
- a **Basic** diagnosis describes each domain's position in words, without 0-5 scores.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.content.schema import MaturityModel
from app.diagnosis.baseline import BaselineComparison
from app.diagnosis.findings import Finding, FindingStatus, FindingType, SupportKind, role_means
from app.diagnosis.policies import Policy, PolicyStatus
from app.diagnosis.summary import ExecutiveSummary
from app.diagnosis.text import with_unit
from app.reports.branding import Branding
from app.scoring import ModelScore

# --- options and document control ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReportOptions:
    """Chosen at export. Confidential by default: roles, not names."""

    show_names: bool = False
    version: str = "1.0"
    status: str = "draft"  # draft | final
    author: str = ""  # default: the engagement's consultant
    reviewer: str = ""
    snapshot: str = ""  # "Snapshot S2 (2026-12-03, signed off by ...; SHA-256 ...)" for a report made from one
    branding: Branding = Branding()  # the consultancy's name and logo for the covers (from the settings)


@dataclass(frozen=True)
class DocumentControl:
    version: str
    status: str
    status_id: str
    date: str
    author: str
    reviewer: str
    confidentiality: str
    snapshot: str = ""  # which frozen snapshot the report shows ("" for today's data)


WORDS: dict[str, dict[str, str]] = {
    "en": {
        "draft": "Draft", "final": "Final", "snapshot": "Shows", "strength": "Strength", "weakness": "Weakness", "risk": "Risk",
        "observation": "Observation", "high": "High", "medium": "Medium", "low": "Low",
        "named": "Interviewees are named with the customer's agreement.",
        "anonymous": "Interviewees are referred to by role only.",
        "answers": "Answers", "quotes": "In their words", "kpi": "Measured", "evidence": "Evidence",
        "recommendations": "Leads to", "no_reviewer": "–", "gap_only": "Gap",
        "pos_missing": "Practice largely missing", "pos_emerging": "Practice emerging, not yet consistent",
        "pos_established": "Established practice", "pos_advanced": "Advanced practice",
        "vs_at": "at or above the target", "vs_close": "close to the target", "vs_below": "below the target",
        "vs_far": "well below the target", "not_assessed": "Not assessed: no usable answers",
        "start_0": "within 3 months", "start_3": "in 3-6 months", "start_6": "in 6-12 months",
        "unchanged": "unchanged", "baseline": "Baseline", "now": "Now", "theme_roles": "raised by",
        "level_delta": "{before} → {after} ({delta})", "new": "newly assessed", "gone": "no longer assessed",
        "chart_progress": "Level per domain: baseline and now",
    },
    "zh": {
        "draft": "草稿", "final": "定稿", "snapshot": "所示版本", "strength": "优势", "weakness": "不足", "risk": "风险",
        "observation": "观察", "high": "高", "medium": "中", "low": "低",
        "named": "经客户同意，文中列出受访者姓名。", "anonymous": "文中仅以角色指代受访者。",
        "answers": "回答", "quotes": "受访者原话", "kpi": "度量值", "evidence": "证据材料",
        "recommendations": "对应建议", "no_reviewer": "–", "gap_only": "差距",
        "pos_missing": "相关实践基本缺失", "pos_emerging": "实践初步形成，尚不一致",
        "pos_established": "实践已经成型", "pos_advanced": "实践较为先进",
        "vs_at": "已达到或超过目标", "vs_close": "接近目标", "vs_below": "低于目标", "vs_far": "远低于目标",
        "not_assessed": "未评估：没有有效回答",
        "start_0": "3个月内", "start_3": "3-6个月", "start_6": "6-12个月",
        "unchanged": "无变化", "baseline": "基线", "now": "本次", "theme_roles": "提出角色",
        "level_delta": "{before} → {after}（{delta}）", "new": "本次新评估", "gone": "本次未评估",
        "chart_progress": "各领域等级：基线与本次",
    },
}

# Words a report generates about the customer itself, in Chinese.
INDUSTRY_ZH = {
    "banking": "银行", "retail": "零售", "logistics": "物流", "healthcare": "医疗", "insurance": "保险",
    "manufacturing": "制造", "telecommunications": "电信", "telecom": "电信", "energy": "能源",
    "government": "政府", "public sector": "公共部门", "education": "教育", "securities": "证券",
    "internet": "互联网", "transport": "交通运输", "utilities": "公用事业", "media": "传媒",
}
SIZE_WORDS = {"en": {"medium": "Medium", "large": "Large"}, "zh": {"medium": "中型", "large": "大型"}}


def words(lang: str) -> Mapping[str, str]:
    return WORDS["zh" if lang == "zh" else "en"]


def industry(text: str, lang: str) -> str:
    if lang != "zh":
        return text
    return INDUSTRY_ZH.get(text.strip().lower(), text)


def size_word(size: str, lang: str) -> str:
    return SIZE_WORDS["zh" if lang == "zh" else "en"].get(size, size)


def document_control(options: ReportOptions, consultant: str, report_date: str, lang: str) -> DocumentControl:
    w = words(lang)
    status = options.status if options.status in ("draft", "final") else "draft"
    return DocumentControl(version=options.version or "1.0", status=w[status], status_id=status, date=report_date,
                           author=options.author or consultant, reviewer=options.reviewer or w["no_reviewer"],
                           confidentiality=w["named" if options.show_names else "anonymous"],
                           snapshot=options.snapshot)


# --- people -------------------------------------------------------------------------------------------


def people_labels(people: Sequence[Any], role_name: Mapping[str, str], show_names: bool) -> dict[str, str]:
    """How each interviewee is referred to: the name, or the role numbered within it ("SRE 2")."""
    if show_names:
        return {p.id: p.name for p in people}
    per_role = Counter(p.role for p in people)
    seen: Counter[str] = Counter()
    out = {}
    for p in people:
        seen[p.role] += 1
        label = role_name.get(p.role, p.role)
        out[p.id] = f"{label} {seen[p.role]}" if per_role[p.role] > 1 else label
    return out


# --- findings -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingView:
    number: str  # "F3": stable within one report, so policies can point to it
    id: str
    type: str
    type_text: str
    severity: str
    severity_text: str
    title: str
    statement: str
    domain: str
    capabilities: str
    answers_text: str
    quotes: tuple[tuple[str, str], ...]  # (text, who)
    kpis_text: str
    evidence: tuple[str, ...]
    recommendations: tuple[str, ...]
    colour: str


@dataclass(frozen=True)
class DomainFindings:
    id: str
    name: str
    position: str  # in words (Basic) or with the level (Professional)
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class PolicyView:
    rank: int
    title: str
    description: str
    capability: str
    domain: str
    impact: str
    effort: str
    start: str
    objectives: str
    findings: str
    quick_win: bool
    from_to: str


@dataclass(frozen=True)
class SummaryBlock:
    text: str
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiagnosisSection:
    summary: tuple[SummaryBlock, ...]
    summary_approved: bool
    scored: bool  # Professional: levels may be shown; Basic: positions in words
    domains: tuple[DomainFindings, ...]
    risks: tuple[FindingView, ...]
    strengths: tuple[FindingView, ...]
    policies: tuple[PolicyView, ...]
    quick_wins: tuple[PolicyView, ...]
    approved: int
    waiting: int  # drafted findings not yet approved (not shown)


TYPE_TINT = {"strength": "E2EFDA", "weakness": "FCE4D6", "risk": "F4CCCC", "observation": "DDEBF7"}


def _finding_view(f: Finding, number: str, model: MaturityModel, lang: str, labels: Mapping[str, str],
                  role_name: Mapping[str, str], rec_titles: Mapping[str, str], scored: bool = True) -> FindingView:
    w = words(lang)
    caps = {c.id: c.name.get(lang) for d in model.domains for c in d.capabilities}
    domains = {d.id: d.name.get(lang) for d in model.domains}
    kpi_units = _kpi_units(model)
    per_role: dict[str, list[str]] = defaultdict(list)
    quotes, kpis, evidence = [], [], []
    for s in f.support:
        who = labels.get(s.interviewee_id) or role_name.get(s.role, s.role)
        if s.kind is SupportKind.ANSWER and s.level is not None:
            per_role[role_name.get(s.role, s.role)].append(f"{s.level:g}")
        elif s.kind is SupportKind.QUOTE:
            quotes.append((s.text, who))
        elif s.kind is SupportKind.KPI:
            kpis.append(f"{with_unit(s.text, kpi_units.get(s.ref, ''), lang)} ({who})" if lang != "zh" else
                        f"{with_unit(s.text, kpi_units.get(s.ref, ''), lang)}（{who}）")
        elif s.kind is SupportKind.EVIDENCE and s.text not in evidence:
            evidence.append(s.text)
    sep = "；" if lang == "zh" else "; "
    if not scored:  # a Basic diagnosis shows no 0-5 levels, only who was heard
        counts = {role: len(levels) for role, levels in per_role.items()}
        per_role = {role: [f"{n}个回答" if lang == "zh" else f"{n} answer{'s' if n > 1 else ''}"]
                    for role, n in counts.items()}
    answers = sep.join(f"{role}: {', '.join(levels)}" if lang != "zh" else f"{role}：{'、'.join(levels)}"
                       for role, levels in per_role.items())
    return FindingView(
        number=number, id=f.id, type=f.type.value, type_text=w[f.type.value], severity=f.severity.value,
        severity_text=w[f.severity.value], title=f.title.get(lang), statement=f.statement.get(lang),
        domain=domains.get(f.domain_id, ""), capabilities=("、" if lang == "zh" else ", ").join(
            caps.get(c, c) for c in f.capability_ids),
        answers_text=answers, quotes=tuple(quotes), kpis_text=sep.join(kpis), evidence=tuple(evidence),
        recommendations=tuple(rec_titles[r] for r in f.recommendation_ids if r in rec_titles),
        colour=TYPE_TINT[f.type.value],
    )


def _kpi_units(model: MaturityModel) -> dict[str, str]:
    return {k.id: k.unit for k in model.kpis}


def position_text(level: float | None, target: float, scale_min: int, scale_max: int, lang: str,
                  scored: bool, level_text: str = "", target_text: str = "") -> str:
    """Where a domain stands, in words; a Professional report adds the numbers."""
    w = words(lang)
    if level is None:
        return w["not_assessed"]
    share = (level - scale_min) / max(1, scale_max - scale_min)
    practice = w["pos_missing" if share < 0.25 else "pos_emerging" if share < 0.5 else
                 "pos_established" if share < 0.75 else "pos_advanced"]
    gap = target - level
    versus = w["vs_at" if gap <= 0 else "vs_close" if gap < 0.5 else "vs_below" if gap < 1.5 else "vs_far"]
    if lang == "zh":
        text = f"{practice}，{versus}"
        return text + (f"（{level_text}级，目标{target_text}级）。" if scored else "。")
    text = f"{practice}; {versus}"
    return text + (f" (level {level_text} against {target_text})." if scored else ".")


def diagnosis_section(model: MaturityModel, score: ModelScore, findings: Sequence[Finding],
                      policies: Sequence[Policy], summary: ExecutiveSummary | None, lang: str, scored: bool,
                      labels: Mapping[str, str], role_name: Mapping[str, str],
                      objective_names: Mapping[str, str]) -> DiagnosisSection:
    w = words(lang)
    mine = [f for f in findings if f.model_id == model.id]
    order = {d.id: i for i, d in enumerate(model.domains)}
    shown = sorted((f for f in mine if f.status is FindingStatus.APPROVED),
                   key=lambda f: (order.get(f.domain_id, len(order)), f.sort_key()))
    rec_titles = {r.id: r.title.get(lang) for r in model.recommendations}
    numbers = {f.id: f"{'#' if lang == 'zh' else 'F'}{i + 1}" for i, f in enumerate(shown)}
    views = {f.id: _finding_view(f, numbers[f.id], model, lang, labels, role_name, rec_titles, scored)
             for f in shown}
    smin, smax = model.scale.minimum, model.scale.maximum
    domains = []
    for domain, d in zip(model.domains, score.domains, strict=True):
        domains.append(DomainFindings(
            id=domain.id, name=domain.name.get(lang),
            position=position_text(d.level, d.target, smin, smax, lang, scored,
                                   "" if d.level is None else f"{d.level:.2f}", f"{d.target:.2f}"),
            findings=tuple(views[f.id] for f in shown if f.domain_id == domain.id)))
    risks = tuple(views[f.id] for f in sorted(shown, key=Finding.sort_key)
                  if f.type in (FindingType.RISK, FindingType.WEAKNESS))[:5]
    strengths = tuple(views[f.id] for f in shown if f.type is FindingType.STRENGTH)[:3]
    caps = {c.id: c.name.get(lang) for d in model.domains for c in d.capabilities}
    dnames = {d.id: d.name.get(lang) for d in model.domains}
    sep = "、" if lang == "zh" else ", "
    pviews = []
    for p in policies:
        if p.model_id != model.id or p.status is PolicyStatus.REJECTED:
            continue
        pviews.append(PolicyView(
            rank=len(pviews) + 1, title=p.title.get(lang), description=p.description.get(lang),
            capability=caps.get(p.capability_id, p.capability_id), domain=dnames.get(p.domain_id, ""),
            impact=w[p.impact] if p.impact in w else p.impact, effort=w[p.effort] if p.effort in w else p.effort,
            start=w[f"start_{min(6, p.start_month) if p.start_month in (0, 3, 6) else 6}"],
            objectives=sep.join(objective_names.get(o, o) for o in p.objectives),
            # a policy drafted from a gap to target alone has no finding to cite: say so, not an empty cell
            findings=sep.join(numbers[f] for f in p.finding_ids if f in numbers) or w["gap_only"],
            quick_win=p.quick_win,
            from_to=f"{p.from_level} → {p.to_level}"))
    blocks: list[SummaryBlock] = []
    if summary is not None:
        for para in summary.paragraphs(lang):
            lines = para.splitlines()
            bullets = tuple(x.lstrip("-• ").strip() for x in lines[1:] if x.strip())
            if bullets and all(x.lstrip().startswith(("-", "•")) for x in lines[1:] if x.strip()):
                blocks.append(SummaryBlock(lines[0].strip(), bullets))
            else:
                blocks.append(SummaryBlock(" ".join(x.strip() for x in lines)))
    return DiagnosisSection(
        summary=tuple(blocks), summary_approved=summary is not None and summary.status == "approved",
        scored=scored, domains=tuple(domains), risks=risks, strengths=strengths, policies=tuple(pviews),
        quick_wins=tuple(p for p in pviews if p.quick_win), approved=len(shown),
        waiting=sum(1 for f in mine if f.status is FindingStatus.DRAFT))


# --- survey: how roles see things, and what the notes keep coming back to -----------------------------


@dataclass(frozen=True)
class RoleGapView:
    capability: str
    domain: str
    high: str
    low: str
    spread_text: str
    roles_text: str


@dataclass(frozen=True)
class ThemeView:
    topic: str
    domain: str
    notes: int
    roles: str


def role_gaps(model: MaturityModel, score: ModelScore, role_name: Mapping[str, str], lang: str,
              limit: int = 12) -> tuple[RoleGapView, ...]:
    """Capabilities where the roles' levels (the heatmap's) differ by the model's disagreement spread or more."""
    threshold = model.scoring.disagreement_spread
    out = []
    for domain in model.domains:
        for cap in domain.capabilities:
            means = role_means(score, cap.id)
            if len(means) < 2:
                continue
            hi = max(means, key=lambda r: (means[r], r))
            lo = min(means, key=lambda r: (means[r], r))
            spread = means[hi] - means[lo]
            if spread < threshold:
                continue
            ordered = sorted(means, key=lambda r: -means[r])
            sep = "；" if lang == "zh" else "; "
            out.append((spread, RoleGapView(
                capability=cap.name.get(lang), domain=domain.name.get(lang),
                high=f"{role_name.get(hi, hi)} {means[hi]:.2f}", low=f"{role_name.get(lo, lo)} {means[lo]:.2f}",
                spread_text=f"{spread:.2f}",
                roles_text=sep.join(f"{role_name.get(r, r)} {means[r]:.2f}" for r in ordered))))
    out.sort(key=lambda x: -x[0])
    return tuple(v for _, v in out[:limit])


def themes(model: MaturityModel, score: ModelScore, role_name: Mapping[str, str], lang: str,
           limit: int = 10) -> tuple[ThemeView, ...]:
    """The capabilities the interview notes keep coming back to, and which roles raised them."""
    counts: Counter[str] = Counter()
    roles: dict[str, set[str]] = defaultdict(set)
    for c in score.capabilities:
        for q in c.questions:
            for r in q.responses:
                if r.note.strip():
                    counts[c.capability_id] += 1
                    roles[c.capability_id].add(r.role)
    names = {c.id: (c.name.get(lang), d.name.get(lang)) for d in model.domains for c in d.capabilities}
    sep = "、" if lang == "zh" else ", "
    out = []
    for cap_id, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        if n < 2:
            continue
        topic, domain = names.get(cap_id, (cap_id, ""))
        out.append(ThemeView(topic, domain, n, sep.join(sorted(role_name.get(r, r) for r in roles[cap_id]))))
    return tuple(out[:limit])


# --- progress since the baseline ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeltaRow:
    name: str
    domain: str
    before: str
    after: str
    delta: str


@dataclass(frozen=True)
class ProgressSection:
    baseline: str
    overall: DeltaRow
    domains: tuple[DeltaRow, ...]
    improved: tuple[DeltaRow, ...]
    fallen: tuple[DeltaRow, ...]
    chart_labels: tuple[str, ...] = ()
    chart_before: tuple[float | None, ...] = ()
    chart_after: tuple[float | None, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


def _row(d, lang: str, domain: str = "") -> DeltaRow:
    w = words(lang)
    before = "–" if d.before is None else f"{d.before:.2f}"
    after = "–" if d.after is None else f"{d.after:.2f}"
    if d.delta is None:
        delta = w["new"] if d.before is None and d.after is not None else w["gone"] if d.after is None and \
            d.before is not None else "–"
    else:
        delta = f"{d.delta:+.2f}".replace("-", "\u2212") if abs(d.delta) >= 0.005 else w["unchanged"]
    return DeltaRow(d.name(lang), domain, before, after, delta)


def progress_section(cmp: BaselineComparison, model: MaturityModel, lang: str) -> ProgressSection:
    dnames = {d.id: d.name.get(lang) for d in model.domains}
    return ProgressSection(
        baseline=cmp.baseline_engagement, overall=_row(cmp.overall, lang),
        domains=tuple(_row(d, lang) for d in cmp.domains),
        improved=tuple(_row(d, lang, dnames.get(d.domain_id, "")) for d in cmp.most_improved),
        fallen=tuple(_row(d, lang, dnames.get(d.domain_id, "")) for d in cmp.fallen_back),
        chart_labels=tuple(d.name(lang) for d in cmp.domains), chart_before=tuple(d.before for d in cmp.domains),
        chart_after=tuple(d.after for d in cmp.domains),
    )
