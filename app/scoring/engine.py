"""Answers -> scores, gaps and disagreement. Pure functions, no I/O.

Every number the engine returns carries the inputs it came from (``inputs`` on each
result), so a consultant can answer "why is this a 2.3?" in front of the customer.

Rules, in one place:
- Several interviewees answer one question: their levels are consolidated (median by
  default), the spread (max - min) is reported, and a spread of ``disagreement_spread``
  (2 levels by default) or more flags a disagreement.
- "Not applicable" from everybody excludes the question; the weights of the remaining
  questions are renormalised and shown. "Don't know" counts against coverage, never
  against the score.
- Weighted models: capability = weighted mean of its questions; staged models: the
  highest level whose criteria, and every criterion below it, are met.
- Capability -> domain -> overall by weights, over what has a level.
- A consultant override replaces the capability level in roll-ups; the computed value
  stays beside it with the mandatory rationale.
- Per role (the heatmap of "who sees it how"): the capability level computed the same
  way from that role's answers only: each question's answers from the role consolidated
  by the model's rule, then the questions' weighted mean. One figure for the Results
  screen, ``omm score --json``, Word and Excel.
- Confidence of a capability (0..1, labelled high >= 0.8, medium >= 0.6, else low) is a
  weighted sum: coverage 0.25, the interviewees' stated confidence 0.25, corroboration
  (answers per question, two is enough) 0.20, evidence 0.20, agreement 0.10. Evidence is
  the mean over the answers with a level of their evidence strength: verified 1, shown
  0.5, claimed 0; an answer whose strength was not set counts 1 with linked evidence and
  0 without (``app.scoring.answers.evidence_value``).
- Every level, target, gap, coverage and per-role value is rounded once, half-up to two
  decimals (``app.scoring.rounding``), as it is made; roll-ups use the rounded values.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.content.schema import (
    Capability,
    Domain,
    MaturityModel,
    MissingAnswers,
    Question,
    Questionnaire,
    RollUp,
    ScoringMethod,
)
from app.scoring.answers import (
    CONFIDENCE_WEIGHT,
    AnswerStatus,
    Confidence,
    EvidenceStrength,
    InvalidAnswer,
    Response,
    answer_level,
    criterion_met,
    evidence_value,
)
from app.scoring.rounding import round_optional, round_score, round_whole


@dataclass(frozen=True)
class Override:
    capability_id: str
    level: float
    rationale: str
    author: str = ""

    def __post_init__(self) -> None:
        if not self.rationale.strip():
            raise ValueError(f"an override of {self.capability_id} needs a rationale")


@dataclass(frozen=True)
class ResponseLevel:
    interviewee_id: str
    interviewee_name: str
    role: str
    status: AnswerStatus
    value: str | None
    level: float | None
    confidence: Confidence | None
    evidence_count: int
    note: str = ""
    kind: str = "interview"  # interviewed, or answered a survey workbook
    evidence_strength: EvidenceStrength | None = None


@dataclass(frozen=True)
class QuestionScore:
    questionnaire_id: str
    question_id: str
    capability_id: str
    weight: float
    responses: tuple[ResponseLevel, ...]
    # consolidated level (or 1.0/0.0 "met" for staged criteria); None when nothing usable
    level: float | None
    spread: float | None
    disagreement: bool
    not_applicable: bool
    criterion_level: int | None = None
    # weight after renormalisation within the capability (0 when excluded)
    effective_weight: float = 0.0

    @property
    def covered(self) -> bool:
        return self.level is not None

    @property
    def answered_by(self) -> int:
        return sum(1 for r in self.responses if r.status is not AnswerStatus.UNKNOWN)


@dataclass(frozen=True)
class ConfidenceScore:
    value: float  # 0..1
    label: Confidence
    components: Mapping[str, float]


@dataclass(frozen=True)
class CapabilityScore:
    capability_id: str
    domain_id: str
    weight: float
    computed_level: float | None
    level: float | None  # the override when there is one, else the computed level
    override: Override | None
    target: float
    gap: float | None
    percent_to_target: float | None
    coverage: float | None  # None when every question is not applicable
    confidence: ConfidenceScore
    questions: tuple[QuestionScore, ...]
    not_applicable: bool
    method: ScoringMethod
    # interviewee role -> the level from that role's answers alone (empty for staged models)
    by_role: Mapping[str, float] = field(default_factory=dict)

    @property
    def assessed(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class DomainScore:
    domain_id: str
    weight: float
    level: float | None
    target: float
    gap: float | None
    percent_to_target: float | None
    coverage: float | None
    capabilities: tuple[CapabilityScore, ...]
    # the capability weights renormalised over those with a level
    inputs: tuple[tuple[str, float | None, float], ...] = ()


@dataclass(frozen=True)
class Disagreement:
    questionnaire_id: str
    question_id: str
    capability_id: str
    spread: float
    responses: tuple[ResponseLevel, ...]


@dataclass(frozen=True)
class ModelScore:
    model_id: str
    model_version: str
    level: float | None
    target: float
    gap: float | None
    percent_to_target: float | None
    coverage: float | None
    domains: tuple[DomainScore, ...]
    disagreements: tuple[Disagreement, ...]
    invalid_answers: tuple[str, ...] = ()
    inputs: tuple[tuple[str, float | None, float], ...] = ()
    _by_capability: dict[str, CapabilityScore] = field(default_factory=dict, repr=False, compare=False)

    def capability(self, capability_id: str) -> CapabilityScore:
        return self._by_capability[capability_id]

    def domain(self, domain_id: str) -> DomainScore:
        return next(d for d in self.domains if d.domain_id == domain_id)

    @property
    def capabilities(self) -> list[CapabilityScore]:
        return [c for d in self.domains for c in d.capabilities]


def _consolidate(levels: list[float], method: str) -> float:
    if method == "mean":
        return statistics.fmean(levels)
    if method == "min":
        return min(levels)
    return float(statistics.median(levels))


def _weighted_mean(items: Iterable[tuple[float | None, float]]) -> tuple[float | None, float]:
    pairs = [(v, w) for v, w in items if v is not None]
    total = sum(w for _, w in pairs)
    if not pairs or total <= 0:
        return None, 0.0
    return sum(v * w for v, w in pairs) / total, total


def _combine(items: Iterable[tuple[float | None, float]], rule: RollUp) -> tuple[float | None, float]:
    """Children's (level, weight) -> the parent's level by the model's roll-up rule, and the weight used."""
    if rule == RollUp.WEIGHTED_MEAN:
        return _weighted_mean(items)
    pairs = [(v, w) for v, w in items if v is not None]
    if not pairs:
        return None, 0.0
    values = [v for v, _ in pairs]
    if rule == RollUp.SUM:
        return sum(values), float(len(values))
    return statistics.fmean(values), float(len(values))


def _gap(level: float | None, target: float) -> tuple[float | None, float | None]:
    """Gap and percent of target, from the level and target as printed."""
    if level is None:
        return None, None
    gap = round_score(target - level)
    percent = 100.0 if target <= 0 else min(100.0, round_whole(100.0 * level / target))
    return gap, percent


def score_question(
    question: Question,
    questionnaire_id: str,
    model: MaturityModel,
    responses: Iterable[Response],
) -> QuestionScore:
    staged = model.scoring.method == ScoringMethod.STAGED
    levels: list[ResponseLevel] = []
    # Fifteen interviewees give at most a handful of distinct values: convert each once.
    by_value: dict[str, float | None] = {}
    for r in responses:
        level: float | None = None
        if r.status is AnswerStatus.GIVEN and r.value is not None:
            if r.value in by_value:
                level = by_value[r.value]
            elif staged:
                level = by_value[r.value] = 1.0 if criterion_met(question, model.scale, r.value) else 0.0
            else:
                level = by_value[r.value] = answer_level(question, model.scale, r.value)
        levels.append(ResponseLevel(r.interviewee_id, r.interviewee_name, r.role, r.status, r.value, level,
                                    r.confidence, r.evidence_count, r.note, r.kind, r.evidence_strength))
    usable = [r.level for r in levels if r.level is not None]
    statuses = {r.status for r in levels}
    not_applicable = bool(levels) and statuses == {AnswerStatus.NOT_APPLICABLE}
    if usable:
        consolidated = round_score(_consolidate(usable, model.scoring.consolidation))
        if staged:  # a tie between met and not met is not met: the conservative reading
            consolidated = 1.0 if consolidated > 0.5 else 0.0
        spread = round_score(max(usable) - min(usable))
    else:
        consolidated, spread = None, None
    threshold = 1.0 if staged else model.scoring.disagreement_spread
    return QuestionScore(
        questionnaire_id=questionnaire_id,
        question_id=question.id,
        capability_id=question.capability,
        weight=question.weight,
        responses=tuple(levels),
        level=consolidated,
        spread=spread,
        disagreement=spread is not None and spread >= threshold and len(usable) > 1,
        not_applicable=not_applicable,
        criterion_level=question.criterion_level,
    )


def _confidence(questions: list[QuestionScore], coverage: float | None) -> ConfidenceScore:
    applicable = [q for q in questions if not q.not_applicable]
    responses = [r for q in applicable for r in q.responses if r.level is not None]
    if not applicable or not responses:
        return ConfidenceScore(0.0, Confidence.LOW, {"coverage": coverage or 0.0})
    stated = statistics.fmean(CONFIDENCE_WEIGHT[r.confidence or Confidence.MEDIUM] for r in responses)
    covered = [q for q in applicable if q.covered]
    respondents = statistics.fmean(len([r for r in q.responses if r.level is not None]) for q in covered)
    corroboration = min(1.0, respondents / 2)  # two independent voices per question is enough
    evidence = statistics.fmean(evidence_value(r.evidence_strength, r.evidence_count) for r in responses)
    agreement = 1 - sum(1 for q in covered if q.disagreement) / len(covered)
    components = {
        "coverage": round(coverage or 0.0, 3),
        "stated_confidence": round(stated, 3),
        "corroboration": round(corroboration, 3),
        "evidence": round(evidence, 3),
        "agreement": round(agreement, 3),
    }
    # Evidence and a second voice weigh as much as what the interviewee claims: an
    # affirmation alone (one person, no artefact) must not read as solid.
    weights = {"coverage": 0.25, "stated_confidence": 0.25, "corroboration": 0.20, "evidence": 0.20,
               "agreement": 0.10}
    value = round(sum(components[k] * w for k, w in weights.items()), 3)
    label = Confidence.HIGH if value >= 0.8 else Confidence.MEDIUM if value >= 0.6 else Confidence.LOW
    return ConfidenceScore(value, label, components)


def _staged_level(questions: list[QuestionScore], minimum: int) -> float | None:
    by_level: dict[int, list[QuestionScore]] = defaultdict(list)
    for q in questions:
        if not q.not_applicable and q.criterion_level is not None:
            by_level[q.criterion_level].append(q)
    if not by_level or not any(q.covered for qs in by_level.values() for q in qs):
        return None
    achieved = minimum
    for level in sorted(by_level):
        if all(q.level == 1.0 for q in by_level[level]):
            achieved = level
        else:
            break
    return float(achieved)


def score_capability(
    capability: Capability,
    domain_id: str,
    model: MaturityModel,
    questions: list[QuestionScore],
    target: float,
    override: Override | None,
) -> CapabilityScore:
    method = model.scoring.method
    applicable = [q for q in questions if not q.not_applicable]
    covered = [q for q in applicable if q.covered]
    total_weight = sum(q.weight for q in covered)
    renormalised = [
        q if q.not_applicable or not q.covered or total_weight == 0
        else _with_weight(q, q.weight / total_weight)
        for q in questions
    ]
    coverage = len(covered) / len(applicable) if applicable else None
    rule = model.scoring.roll_up.capability
    if method == ScoringMethod.STAGED:
        computed = _staged_level(renormalised, model.scale.minimum)
    elif model.scoring.missing == MissingAnswers.LOWEST and covered:
        # Unanswered and "don't know" count as the lowest level (coverage still says they are missing);
        # a capability nobody said anything about stays not assessed.
        lowest = float(model.scale.minimum)
        computed, _ = _combine((((q.level if q.covered else lowest), q.weight) for q in applicable), rule)
    else:
        computed, _ = _combine(((q.level, q.weight) for q in covered), rule)
    computed = round_optional(computed)
    level = round_score(override.level) if override else computed
    target = round_score(target)
    gap, percent = _gap(level, target)
    return CapabilityScore(
        capability_id=capability.id,
        domain_id=domain_id,
        weight=capability.weight,
        computed_level=computed,
        level=level,
        override=override,
        target=target,
        gap=gap,
        percent_to_target=percent,
        coverage=round_optional(coverage),
        confidence=_confidence(renormalised, coverage),
        questions=tuple(renormalised),
        not_applicable=bool(questions) and not applicable,
        method=method,
        by_role={} if method == ScoringMethod.STAGED else _by_role(covered, model.scoring.consolidation, rule),
    )


def _by_role(covered: list[QuestionScore], consolidation: str, rule: RollUp) -> dict[str, float]:
    """Role -> the capability level from that role's answers alone, by the capability's own rule."""
    per_role: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for q in covered:
        answers: dict[str, list[float]] = defaultdict(list)
        for r in q.responses:
            if r.level is not None:
                answers[r.role].append(r.level)
        for role, levels in answers.items():
            per_role[role].append((round_score(_consolidate(levels, consolidation)), q.weight))
    out: dict[str, float] = {}
    for role, pairs in per_role.items():
        level, _ = _combine(pairs, rule)
        if level is not None:
            out[role] = round_score(level)
    return out


def _with_weight(q: QuestionScore, effective: float) -> QuestionScore:
    from dataclasses import replace

    return replace(q, effective_weight=round(effective, 6))


def _roll_up(
    items: list[tuple[str, float | None, float, float, float | None]], rule: RollUp = RollUp.WEIGHTED_MEAN,
) -> tuple[float | None, float, float | None, tuple[tuple[str, float | None, float], ...]]:
    """(id, level, weight, target, coverage) -> level, target, coverage, renormalised inputs."""
    if rule != RollUp.WEIGHTED_MEAN:  # weights do not count: show each child with weight 1
        items = [(i, lvl, 1.0, t, c) for i, lvl, _, t, c in items]
    level, total = _combine(((lvl, w) for _, lvl, w, _, _ in items), rule)
    if rule == RollUp.SUM:
        target = sum(t for _, _, _, t, _ in items)
        total = total and 1.0  # a sum's inputs each count fully
    else:
        all_weight = sum(w for _, _, w, _, _ in items) or 1.0
        target = sum(t * w for _, _, w, t, _ in items) / all_weight
    with_cov = [(c, w) for _, _, w, _, c in items if c is not None]
    coverage = sum(c * w for c, w in with_cov) / sum(w for _, w in with_cov) if with_cov else None
    inputs = tuple((i, lvl, round(w / total, 6) if lvl is not None and total else 0.0) for i, lvl, w, _, _ in items)
    return round_optional(level), round_score(target), round_optional(coverage), inputs


def score_model(
    model: MaturityModel,
    questionnaires: Iterable[Questionnaire],
    responses: Iterable[Response],
    targets: Mapping[str, float] | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> ModelScore:
    """Score one model from every questionnaire of the engagement that scores it."""
    targets = targets or {}
    overrides = overrides or {}
    by_question: dict[tuple[str, str], list[Response]] = defaultdict(list)
    for r in responses:
        by_question[(r.questionnaire_id, r.question_id)].append(r)

    per_capability: dict[str, list[QuestionScore]] = defaultdict(list)
    invalid: list[str] = []
    for questionnaire in questionnaires:
        if questionnaire.model != model.id:
            continue
        for section in questionnaire.sections:
            for question in section.questions:
                if not question.scored:
                    continue
                answers = by_question.get((questionnaire.id, question.id), [])
                try:
                    qs = score_question(question, questionnaire.id, model, answers)
                except InvalidAnswer as exc:
                    # An answer stored under an older content version may no longer fit;
                    # report it rather than refuse to score the rest.
                    invalid.append(str(exc))
                    qs = score_question(question, questionnaire.id, model, [])
                per_capability[question.capability].append(qs)

    domain_scores: list[DomainScore] = []
    by_capability: dict[str, CapabilityScore] = {}
    for domain in model.domains:
        caps = [_score_cap(domain, cap, model, per_capability, targets, overrides) for cap in domain.capabilities]
        for c in caps:
            by_capability[c.capability_id] = c
        level, target, coverage, inputs = _roll_up(
            [(c.capability_id, c.level, c.weight, c.target, c.coverage) for c in caps], model.scoring.roll_up.domain
        )
        target = round_score(targets.get(domain.id, target))
        gap, percent = _gap(level, target)
        domain_scores.append(DomainScore(domain.id, domain.weight, level, target, gap, percent, coverage,
                                         tuple(caps), inputs))

    level, target, coverage, inputs = _roll_up(
        [(d.domain_id, d.level, d.weight, d.target, d.coverage) for d in domain_scores], model.scoring.roll_up.overall
    )
    gap, percent = _gap(level, target)
    disagreements = tuple(
        Disagreement(q.questionnaire_id, q.question_id, q.capability_id, q.spread or 0.0,
                     tuple(r for r in q.responses if r.level is not None))
        for c in by_capability.values() for q in c.questions if q.disagreement
    )
    return ModelScore(model.id, model.version, level, target, gap, percent, coverage, tuple(domain_scores),
                      disagreements, tuple(invalid), inputs, by_capability)


def _score_cap(
    domain: Domain,
    cap: Capability,
    model: MaturityModel,
    per_capability: Mapping[str, list[QuestionScore]],
    targets: Mapping[str, float],
    overrides: Mapping[str, Override],
) -> CapabilityScore:
    target = targets.get(cap.id)
    if target is None:
        target = cap.default_target if cap.default_target is not None else model.scoring.default_target
    return score_capability(cap, domain.id, model, per_capability.get(cap.id, []), float(target),
                            overrides.get(cap.id))


def levels_by_role(score: ModelScore) -> dict[str, dict[str, float]]:
    """Capability -> interviewee role -> the level from that role's answers alone.

    The heatmap behind "who sees it how": a CIO at 3 and the on-call engineers at 1 on
    the same capability is a finding in itself. Computed once, in ``score_capability``.
    """
    return {c.capability_id: dict(c.by_role) for c in score.capabilities}


def score_is_staged(capability: CapabilityScore) -> bool:
    # staged criteria are met/not met (1/0), not levels: they do not belong on a level heatmap
    return capability.method == ScoringMethod.STAGED
