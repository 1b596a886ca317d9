"""Findings: what the consultant tells the customer, each backed by what was heard and seen.

``draft_findings`` proposes them from the scores and the answers by a handful of
explicit rules (below); the consultant then edits, merges, adds, rejects and approves
them. Only approved findings reach a customer deliverable.

Drafting rules, in one place (levels on the model's own scale, ``span = max - min``):
- **weakness**: a capability at least ``WEAK_GAP`` below its target whose questions the
  interviewees agree on (no disagreement flagged); a **risk** when it is also in the
  bottom fifth of the scale, i.e. the practice is essentially absent;
- **strength**: a capability at or above its target, or in the top ``STRONG_SHARE`` of
  the scale, again with agreement;
- **observation on perception**: the mean levels two roles give one capability differ by
  the model's disagreement spread or more ("management sees 3.5, the engineers 1.5");
- **KPI**: the median of the values reported for a KPI question, placed by the
  question's thresholds: at the bottom of the scale a weakness, at the top a strength,
  and a KPI nobody could report an observation;
- notes on the supporting answers are attached as support; a note marked **quotable**
  becomes a supporting quote (only those are ever quoted in a deliverable).

A drafted finding has a stable id (rule, model, subject), so drafting again refreshes
the untouched drafts and never overwrites what the consultant edited or decided.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from app.content.schema import MaturityModel, NumericAnswer, Questionnaire, ScoringMethod
from app.content.sentences import sentences
from app.diagnosis.text import Bilingual, join, level, number, with_unit
from app.scoring import ModelScore
from app.scoring.answers import AnswerStatus, answer_level

WEAK_GAP = 1.0  # levels below target before a low score is a weakness
STRONG_SHARE = 0.7  # a level in the top 30 % of the scale is a strength even above an ambitious target
RISK_SHARE = 0.2  # a weakness in the bottom fifth of the scale is a risk
MAX_ANSWERS = 6  # supporting answers kept per finding (lowest first for weaknesses, highest for strengths)

AnswerKey = tuple[str, str, str]  # (questionnaire id, question id, interviewee id)


class FindingType(StrEnum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"
    RISK = "risk"
    OBSERVATION = "observation"


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class FindingStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    REJECTED = "rejected"


class SupportKind(StrEnum):
    ANSWER = "answer"
    NOTE = "note"
    QUOTE = "quote"
    KPI = "kpi"
    EVIDENCE = "evidence"


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
TYPE_ORDER = {FindingType.RISK: 0, FindingType.WEAKNESS: 1, FindingType.OBSERVATION: 2, FindingType.STRENGTH: 3}


@dataclass(frozen=True)
class Support:
    """One thing a finding rests on. People are kept as id and role: names are resolved only
    when a consultant chooses to show them at export."""

    kind: SupportKind
    text: str  # the answer as given, the note, the quote, the KPI value, the evidence title
    questionnaire_id: str = ""
    question_id: str = ""
    interviewee_id: str = ""
    role: str = ""
    level: float | None = None
    ref: str = ""  # evidence id or KPI id

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "text": self.text, "questionnaire_id": self.questionnaire_id,
                "question_id": self.question_id, "interviewee_id": self.interviewee_id, "role": self.role,
                "level": self.level, "ref": self.ref}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Support:
        return cls(kind=SupportKind(data["kind"]), text=str(data.get("text", "")),
                   questionnaire_id=str(data.get("questionnaire_id", "")),
                   question_id=str(data.get("question_id", "")),
                   interviewee_id=str(data.get("interviewee_id", "")), role=str(data.get("role", "")),
                   level=None if data.get("level") is None else float(data["level"]), ref=str(data.get("ref", "")))


@dataclass(frozen=True)
class Finding:
    id: str
    type: FindingType
    title: Bilingual
    statement: Bilingual
    model_id: str
    domain_id: str
    capability_ids: tuple[str, ...]
    severity: Severity
    support: tuple[Support, ...] = ()
    recommendation_ids: tuple[str, ...] = ()
    status: FindingStatus = FindingStatus.DRAFT
    rule: str = "manual"  # the drafting rule, "manual" for one the consultant added, "merged"
    edited: bool = False  # the consultant changed it: drafting again leaves it alone
    merged_from: tuple[str, ...] = ()

    @property
    def approved(self) -> bool:
        return self.status is FindingStatus.APPROVED

    def sort_key(self) -> tuple:
        return (TYPE_ORDER[self.type], SEVERITY_ORDER[self.severity], self.domain_id, self.id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type.value, "title": self.title.to_dict(),
            "statement": self.statement.to_dict(), "model_id": self.model_id, "domain_id": self.domain_id,
            "capability_ids": list(self.capability_ids), "severity": self.severity.value,
            "support": [s.to_dict() for s in self.support], "recommendation_ids": list(self.recommendation_ids),
            "status": self.status.value, "rule": self.rule, "edited": self.edited,
            "merged_from": list(self.merged_from),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            id=str(data["id"]), type=FindingType(data["type"]), title=Bilingual.from_dict(data.get("title")),
            statement=Bilingual.from_dict(data.get("statement")), model_id=str(data.get("model_id", "")),
            domain_id=str(data.get("domain_id", "")), capability_ids=tuple(data.get("capability_ids", ())),
            severity=Severity(data.get("severity", "medium")),
            support=tuple(Support.from_dict(s) for s in data.get("support", ())),
            recommendation_ids=tuple(data.get("recommendation_ids", ())),
            status=FindingStatus(data.get("status", "draft")), rule=str(data.get("rule", "manual")),
            edited=bool(data.get("edited", False)), merged_from=tuple(data.get("merged_from", ())),
        )


@dataclass(frozen=True)
class DraftInputs:
    """What drafting reads: one model's content and scores, and the engagement's marks."""

    model: MaturityModel
    score: ModelScore
    questionnaires: Sequence[Questionnaire] = ()
    role_names: Mapping[str, Bilingual] = field(default_factory=dict)
    quotable: frozenset[AnswerKey] = frozenset()
    evidence: Mapping[AnswerKey, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # (id, title)
    scored: bool = True  # False for a Basic diagnosis: findings speak in words, not 0-5 levels


# --- drafting -----------------------------------------------------------------------------------------


def draft_findings(inputs: DraftInputs) -> list[Finding]:
    """Findings proposed from the data, most serious first. Pure: same inputs, same findings."""
    model, score = inputs.model, inputs.score
    smin, smax = model.scale.minimum, model.scale.maximum
    span = max(1, smax - smin)
    staged = model.scoring.method == ScoringMethod.STAGED
    out: list[Finding] = []
    names = _Names(model, inputs.role_names)
    for domain, d in zip(model.domains, score.domains, strict=True):
        for cap, c in zip(domain.capabilities, d.capabilities, strict=True):
            if c.level is None:
                continue
            agreed = not any(q.disagreement for q in c.questions)
            share = (c.level - smin) / span
            if agreed and c.gap is not None and c.gap >= WEAK_GAP:
                risk = share <= RISK_SHARE
                severity = Severity.HIGH if risk or c.gap >= 2 else Severity.MEDIUM if c.gap >= 1.5 else Severity.LOW
                out.append(_capability_finding(inputs, names, domain.id, cap.id,
                                               FindingType.RISK if risk else FindingType.WEAKNESS, severity))
            elif agreed and ((c.gap is not None and c.gap <= 0) or share >= STRONG_SHARE):
                severity = Severity.HIGH if share >= STRONG_SHARE else Severity.MEDIUM
                out.append(_capability_finding(inputs, names, domain.id, cap.id, FindingType.STRENGTH, severity))
            if not staged:
                perception = _perception_finding(inputs, names, domain.id, cap.id)
                if perception is not None:
                    out.append(perception)
    out.extend(_kpi_findings(inputs, names))
    return sorted(out, key=Finding.sort_key)


class _Names:
    def __init__(self, model: MaturityModel, roles: Mapping[str, Bilingual]) -> None:
        self.model = model
        self.roles = roles
        self.caps = {c.id: (d, c) for d in model.domains for c in d.capabilities}

    def cap(self, cap_id: str) -> Bilingual:
        return Bilingual.of(self.caps[cap_id][1].name)

    def role(self, role_id: str) -> Bilingual:
        return self.roles.get(role_id) or Bilingual(role_id, role_id)

    def level_name(self, value: float, lang: str) -> str:
        floor = int(value + 1e-9)
        return next((lvl.name.get(lang) for lvl in self.model.scale.levels if lvl.level == floor), "")


def _support_for(inputs: DraftInputs, cap_id: str, *, lowest_first: bool) -> tuple[Support, ...]:
    """The answers behind a capability (the telling ones first), their notes, quotes and evidence."""
    c = inputs.score.capability(cap_id)
    answers: list[Support] = []
    notes: list[Support] = []
    evidence: list[Support] = []
    seen_evidence: set[str] = set()
    for q in c.questions:
        for r in q.responses:
            key = (q.questionnaire_id, q.question_id, r.interviewee_id)
            if r.level is not None:
                answers.append(Support(SupportKind.ANSWER, r.value or "", q.questionnaire_id, q.question_id,
                                       r.interviewee_id, r.role, r.level))
            if r.note.strip():
                kind = SupportKind.QUOTE if key in inputs.quotable else SupportKind.NOTE
                notes.append(Support(kind, " ".join(r.note.split()), q.questionnaire_id, q.question_id,
                                     r.interviewee_id, r.role, r.level))
            for eid, title in inputs.evidence.get(key, ()):
                if eid not in seen_evidence:
                    seen_evidence.add(eid)
                    evidence.append(Support(SupportKind.EVIDENCE, title, q.questionnaire_id, q.question_id,
                                            r.interviewee_id, r.role, ref=eid))
    answers.sort(key=lambda s: ((s.level or 0) if lowest_first else -(s.level or 0), s.question_id))
    notes.sort(key=lambda s: 0 if s.kind is SupportKind.QUOTE else 1)
    return tuple(answers[:MAX_ANSWERS]) + tuple(notes) + tuple(evidence)


def recommendations_for(model: MaturityModel, cap_id: str, current: float | None, target: float) -> tuple[str, ...]:
    """The model's recommendations that lead from the current level towards the target."""
    if current is None:
        return ()
    return tuple(r.id for r in model.recommendations
                 if r.capability == cap_id and r.to_level > current and r.from_level < max(target, current + 1))


def _capability_finding(inputs: DraftInputs, names: _Names, domain_id: str, cap_id: str, kind: FindingType,
                        severity: Severity) -> Finding:
    c = inputs.score.capability(cap_id)
    cap = names.cap(cap_id)
    _, content = names.caps[cap_id]
    lvl, tgt = level(c.level), level(c.target)
    respondents = len({r.interviewee_id for q in c.questions for r in q.responses if r.level is not None})
    assert c.level is not None
    floor = int(c.level + 1e-9)
    described = content.levels.get(floor)
    if not inputs.scored:
        title, statement, recs = _words_only(inputs, names, cap_id, kind, respondents)
    elif kind is FindingType.STRENGTH:
        title = Bilingual(f"{cap.en}: an established practice (level {lvl})",
                          f"{cap.zh}：实践已经成型（{lvl}级）")
        statement = Bilingual(
            f"The {respondents} interviewees who answered agree that {cap.en.lower()} works at level {lvl} "
            f"({names.level_name(c.level, 'en')}), against a target of {tgt}.",
            f"作答的{respondents}位受访者一致认为{cap.zh}处于{lvl}级（{names.level_name(c.level, 'zh')}），目标为{tgt}级。")
        recs: tuple[str, ...] = ()
    else:
        gap = level(c.gap)
        if kind is FindingType.RISK:
            title = Bilingual(f"{cap.en}: practice largely missing (level {lvl}, target {tgt})",
                              f"{cap.zh}：相关实践基本缺失（{lvl}级，目标{tgt}级）")
        else:
            title = Bilingual(f"{cap.en} is {gap} levels short of its target ({lvl} against {tgt})",
                              f"{cap.zh}距目标差{gap}级（现状{lvl}级，目标{tgt}级）")
        statement = Bilingual(
            f"The {respondents} interviewees who answered agree on a level of {lvl} "
            f"({names.level_name(c.level, 'en')}), {gap} below the target of {tgt}.",
            f"作答的{respondents}位受访者看法一致，现状为{lvl}级（{names.level_name(c.level, 'zh')}），"
            f"比目标{tgt}级低{gap}级。")
        recs = recommendations_for(inputs.model, cap_id, c.level, c.target)
    if described is not None and inputs.scored:
        statement = Bilingual(
            statement.en + f" The answers match the model's description of level {floor}: {described.en}",
            statement.zh + f"这些回答与模型对{floor}级的描述相符：{described.zh}")
    rule = {FindingType.STRENGTH: "strength", FindingType.WEAKNESS: "weakness", FindingType.RISK: "weakness"}[kind]
    return Finding(
        id=f"{rule}:{inputs.model.id}:{cap_id}", type=kind, title=title, statement=statement,
        model_id=inputs.model.id, domain_id=domain_id, capability_ids=(cap_id,), severity=severity,
        support=_support_for(inputs, cap_id, lowest_first=kind is not FindingType.STRENGTH),
        recommendation_ids=recs, rule=rule,
    )


def _words_only(inputs: DraftInputs, names: _Names, cap_id: str, kind: FindingType,
                respondents: int) -> tuple[Bilingual, Bilingual, tuple[str, ...]]:
    """A capability finding for a Basic diagnosis: the same rule, said without 0-5 levels."""
    c = inputs.score.capability(cap_id)
    cap = names.cap(cap_id)
    _, content = names.caps[cap_id]
    assert c.level is not None
    described = content.levels.get(int(c.level + 1e-9))
    seen_en = f" What they describe: {described.en}" if described else ""
    seen_zh = f"他们描述的情况：{described.zh}" if described else ""
    if kind is FindingType.STRENGTH:
        return (Bilingual(f"{cap.en}: an established practice", f"{cap.zh}：实践已经成型"),
                Bilingual(f"The {respondents} interviewees who answered agree that {cap.en.lower()} works as "
                          f"intended and meets the agreed target.{seen_en}",
                          f"作答的{respondents}位受访者一致认为{cap.zh}运转良好，已达到既定目标。{seen_zh}"), ())
    recs = recommendations_for(inputs.model, cap_id, c.level, c.target)
    if kind is FindingType.RISK:
        return (Bilingual(f"{cap.en}: practice largely missing", f"{cap.zh}：相关实践基本缺失"),
                Bilingual(f"The {respondents} interviewees who answered agree that little of {cap.en.lower()} is "
                          f"in place today, far from the agreed target.{seen_en}",
                          f"作答的{respondents}位受访者一致认为{cap.zh}目前基本没有落实，与既定目标差距很大。{seen_zh}"), recs)
    return (Bilingual(f"{cap.en} falls short of the target", f"{cap.zh}未达到既定目标"),
            Bilingual(f"The {respondents} interviewees who answered agree that {cap.en.lower()} is practised only in "
                      f"part, clearly short of the agreed target.{seen_en}",
                      f"作答的{respondents}位受访者一致认为{cap.zh}只在部分范围内得到执行，明显低于既定目标。{seen_zh}"), recs)


def role_means(score: ModelScore, cap_id: str) -> dict[str, float]:
    """The level each interviewee role gives one capability: the scoring layer's per-role figure
    (the heatmap's), so a finding quotes the number the Results screen and the reports show."""
    return dict(score.capability(cap_id).by_role)


def _perception_finding(inputs: DraftInputs, names: _Names, domain_id: str, cap_id: str) -> Finding | None:
    means = role_means(inputs.score, cap_id)
    if len(means) < 2:
        return None
    high_role = max(means, key=lambda r: (means[r], r))
    low_role = min(means, key=lambda r: (means[r], r))
    spread = means[high_role] - means[low_role]
    if spread < inputs.model.scoring.disagreement_spread:
        return None
    cap = names.cap(cap_id)
    hi, lo = names.role(high_role), names.role(low_role)
    a, b = f"{means[high_role]:.2f}", f"{means[low_role]:.2f}"
    others = sorted((r for r in means if r not in (high_role, low_role)), key=lambda r: -means[r])
    rest_en = join([f"{names.role(r).en} {means[r]:.2f}" for r in others], "en")
    rest_zh = join([f"{names.role(r).zh}{means[r]:.2f}级" for r in others], "zh")
    statement = Bilingual(
        f"Roles see {cap.en.lower()} differently: {hi.en} rate it {a}, {lo.en} {b}"
        + (f" (others: {rest_en})" if rest_en else "")
        + ". Practice differs between teams, or is seen differently from the top and from the floor; "
          "the consolidated level hides this.",
        f"不同角色对{cap.zh}的看法差异明显：{hi.zh}给出{a}级，{lo.zh}为{b}级"
        + (f"（其他角色：{rest_zh}）" if rest_zh else "")
        + "。这说明各团队实践不一致，或管理层与一线对现状认识不同，综合等级掩盖了这一点。")
    severity = Severity.HIGH if spread >= inputs.model.scoring.disagreement_spread + 1 else Severity.MEDIUM
    support = tuple(s for s in _support_for(inputs, cap_id, lowest_first=True) if s.role in (high_role, low_role)
                    or s.kind is not SupportKind.ANSWER)
    # both ends of the spread among the answers shown
    answers = [s for s in support if s.kind is SupportKind.ANSWER]
    top = [s for s in _support_for(inputs, cap_id, lowest_first=False) if s.kind is SupportKind.ANSWER
           and s.role == high_role][:2]
    support = tuple(answers[:4]) + tuple(top) + tuple(s for s in support if s.kind is not SupportKind.ANSWER)
    title = Bilingual(f"{cap.en}: {hi.en} and {lo.en} see it differently ({a} against {b})",
                      f"{cap.zh}：{hi.zh}与{lo.zh}看法不一（{a}级对{b}级）")
    if not inputs.scored:
        title = Bilingual(f"{cap.en}: {hi.en} and {lo.en} see it differently",
                          f"{cap.zh}：{hi.zh}与{lo.zh}看法不一")
        statement = Bilingual(
            f"Roles see {cap.en.lower()} differently: {hi.en} describe a clearly more mature practice than "
            f"{lo.en}. Practice differs between teams, or is seen differently from the top and from the floor.",
            f"不同角色对{cap.zh}的看法差异明显：{hi.zh}描述的实践明显比{lo.zh}更成熟。这说明各团队实践不一致，"
            "或管理层与一线对现状认识不同。")
    return Finding(
        id=f"perception:{inputs.model.id}:{cap_id}", type=FindingType.OBSERVATION,
        title=title,
        statement=statement, model_id=inputs.model.id, domain_id=domain_id, capability_ids=(cap_id,),
        severity=severity, support=support, rule="perception",
    )


def _kpi_findings(inputs: DraftInputs, names: _Names) -> list[Finding]:
    model, score = inputs.model, inputs.score
    smin, smax = model.scale.minimum, model.scale.maximum
    kpis = {k.id: k for k in model.kpis}
    domain_of = {c.id: d.id for d in model.domains for c in d.capabilities}
    questions = {(qn.id, q.id): q for qn in inputs.questionnaires if qn.model == model.id
                 for s in qn.sections for q in s.questions}
    out: list[Finding] = []
    for c in score.capabilities:
        for qs in c.questions:
            question = questions.get((qs.questionnaire_id, qs.question_id))
            if question is None or not isinstance(question.answer, NumericAnswer) or not question.answer.kpi:
                continue
            spec = question.answer
            kpi = kpis.get(spec.kpi or "")
            if kpi is None:
                continue
            values: list[float] = []
            support: list[Support] = []
            unknown = 0
            for r in qs.responses:
                if r.status is AnswerStatus.UNKNOWN:
                    unknown += 1
                if r.status is AnswerStatus.GIVEN and r.value is not None:
                    try:
                        values.append(float(str(r.value).replace(",", "").removesuffix("%")))
                    except ValueError:
                        continue
                    support.append(Support(SupportKind.KPI, r.value, qs.questionnaire_id, qs.question_id,
                                           r.interviewee_id, r.role, r.level, ref=kpi.id))
            name = Bilingual.of(kpi.name)
            fid = f"kpi:{model.id}:{kpi.id}:{qs.question_id}"
            if not values:
                if unknown:
                    out.append(Finding(
                        id=fid, type=FindingType.OBSERVATION,
                        title=Bilingual(f"{name.en} is not measured", f"{name.zh}未被度量"),
                        statement=Bilingual(
                            (f"The one interviewee asked could not give a value for {name.en.lower()}"
                             if unknown == 1 else
                             f"None of the {unknown} interviewees asked could give a value for {name.en.lower()}")
                            + ": what is not measured cannot be managed or improved against a target.",
                            ("被问到的受访者无法给出" if unknown == 1 else f"被问到的{unknown}位受访者均无法给出")
                            + f"{name.zh}的数值：没有度量就无法按目标管理和改进。"),
                        model_id=model.id, domain_id=domain_of.get(c.capability_id, ""),
                        capability_ids=(c.capability_id,), severity=Severity.MEDIUM, rule="kpi"))
                continue
            if not spec.thresholds:
                continue
            median = float(statistics.median(values))
            earned = answer_level(question, model.scale, f"{median:g}")
            if earned is None:
                continue
            share = (earned - smin) / max(1, smax - smin)
            if share <= RISK_SHARE + 1e-9:
                kind, severity = FindingType.WEAKNESS, Severity.HIGH if share == 0 else Severity.MEDIUM
            elif share >= 0.8 - 1e-9:
                kind, severity = FindingType.STRENGTH, Severity.MEDIUM
            else:
                continue
            en_value = with_unit(number(median), spec.unit, "en")
            zh_value = with_unit(number(median), spec.unit, "zh")
            target = kpi.typical_target
            direction = "lower is better" if kpi.direction.value == "lower_is_better" else "higher is better"
            direction_zh = "越低越好" if kpi.direction.value == "lower_is_better" else "越高越好"
            where_en = f", which earns level {earned:g} by the questionnaire's thresholds" if inputs.scored else ""
            where_zh = f"，按问卷阈值对应{earned:g}级" if inputs.scored else ""
            answers = "1 answer" if len(values) == 1 else f"{len(values)} answers"
            # the typical target is the content's own sentence, with or without its full stop
            statement = Bilingual(
                sentences([f"Median reported {name.en.lower()}: {en_value} ({answers}; {direction}){where_en}",
                           f"Typical target: {target.en}" if target else ""], "en"),
                sentences([f"受访者报告的{name.zh}中位数为{zh_value}（{len(values)}个回答；{direction_zh}）{where_zh}",
                           f"参考目标：{target.zh}" if target else ""], "zh"))
            if kind is FindingType.STRENGTH:
                title = Bilingual(f"{name.en} at {en_value}: in line with good practice",
                                  f"{name.zh}为{zh_value}：符合良好实践")
            else:
                title = Bilingual(f"{name.en} at {en_value}: far from good practice",
                                  f"{name.zh}为{zh_value}：与良好实践差距很大")
            recs = recommendations_for(model, c.capability_id, c.level, c.target) \
                if kind is FindingType.WEAKNESS else ()
            out.append(Finding(
                id=fid, type=kind, title=title, statement=statement, model_id=model.id,
                domain_id=domain_of.get(c.capability_id, ""), capability_ids=(c.capability_id,),
                severity=severity, support=tuple(support[:MAX_ANSWERS]), recommendation_ids=recs, rule="kpi"))
    return out


# --- the consultant's edits ---------------------------------------------------------------------------


def redraft(existing: Iterable[Finding], drafted: Iterable[Finding]) -> list[Finding]:
    """Merge a new draft into the stored findings.

    A finding the consultant edited, approved, rejected, added or merged stays as it is;
    an untouched draft is refreshed from the data, or dropped when the data no longer
    supports it; new drafts are added. Findings absorbed into a merge stay absorbed.
    """
    kept: dict[str, Finding] = {}
    absorbed: set[str] = set()
    for f in existing:
        absorbed.update(f.merged_from)
        if f.edited or f.status is not FindingStatus.DRAFT or f.rule in ("manual", "merged"):
            kept[f.id] = f
    out = list(kept.values())
    for f in drafted:
        if f.id not in kept and f.id not in absorbed:
            out.append(f)
    return sorted(out, key=Finding.sort_key)


def set_status(findings: Sequence[Finding], finding_id: str, status: FindingStatus) -> list[Finding]:
    return [replace(f, status=status) if f.id == finding_id else f for f in findings]


def edit(findings: Sequence[Finding], finding_id: str, **changes: Any) -> list[Finding]:
    """Change fields of one finding; it is then the consultant's and drafting leaves it alone."""
    allowed = {"title", "statement", "type", "severity", "recommendation_ids", "support", "capability_ids",
               "domain_id"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"a finding has no editable field {sorted(unknown)}")
    return [replace(f, edited=True, **changes) if f.id == finding_id else f for f in findings]


def merge(findings: Sequence[Finding], ids: Sequence[str], new_id: str) -> list[Finding]:
    """Several findings become one: titles and statements joined, support and recommendations pooled.

    The merged finding is a draft of the most serious kind among them; the originals leave
    the list (and are remembered so drafting does not bring them back).
    """
    chosen = [f for f in findings if f.id in ids]
    if len(chosen) < 2:
        raise ValueError("choose at least two findings to merge")
    chosen.sort(key=Finding.sort_key)
    lead = chosen[0]
    support: list[Support] = []
    for f in chosen:
        support.extend(s for s in f.support if s not in support)
    merged = Finding(
        id=new_id, type=lead.type, title=lead.title,
        statement=Bilingual(" ".join(f.statement.en for f in chosen if f.statement.en),
                            "".join(f.statement.zh for f in chosen if f.statement.zh)),
        model_id=lead.model_id, domain_id=lead.domain_id,
        capability_ids=tuple(dict.fromkeys(c for f in chosen for c in f.capability_ids)),
        severity=min((f.severity for f in chosen), key=SEVERITY_ORDER.__getitem__), support=tuple(support),
        recommendation_ids=tuple(dict.fromkeys(r for f in chosen for r in f.recommendation_ids)),
        rule="merged", edited=True,
        merged_from=tuple(dict.fromkeys(x for f in chosen for x in (f.id, *f.merged_from))),
    )
    rest = [f for f in findings if f.id not in ids]
    return sorted([*rest, merged], key=Finding.sort_key)


def add(findings: Sequence[Finding], finding: Finding) -> list[Finding]:
    """A finding the consultant writes from scratch (rule "manual": drafting never touches it)."""
    if any(f.id == finding.id for f in findings):
        raise ValueError(f"a finding with id {finding.id!r} exists already")
    return sorted([*findings, replace(finding, rule="manual", edited=True)], key=Finding.sort_key)


def approved(findings: Iterable[Finding]) -> list[Finding]:
    """What may reach a customer deliverable."""
    return [f for f in findings if f.status is FindingStatus.APPROVED]
