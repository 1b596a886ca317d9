"""The assessment of each of the seven O&M processes, from its deep dive.

A process is a domain of the process model (``om-processes``); its deep-dive
questionnaire scores the domain's capabilities. The assessment shows, per process,
the level of each capability against its target, the gap, how much of the deep dive
was answered, and the diagnosis findings about that process (the same ``Finding``
objects the Findings screen drafts and the consultant approves, so the process
report and the diagnosis never tell two stories). Rejected findings are left out;
the rest are ordered as the diagnosis orders them (risks first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.content.schema import MaturityModel
from app.diagnosis.findings import Finding, FindingStatus, recommendations_for
from app.diagnosis.text import Bilingual
from app.scoring import ModelScore


@dataclass(frozen=True)
class CapabilityAssessment:
    capability_id: str
    name: Bilingual
    level: float | None  # None: not assessed (nothing answered)
    target: float
    gap: float | None
    coverage: float | None
    confidence: str  # low | medium | high
    recommendation_ids: tuple[str, ...] = ()  # the model's steps from this level towards the target


@dataclass(frozen=True)
class ProcessAssessment:
    process_id: str
    name: Bilingual
    level: float | None
    target: float
    gap: float | None
    coverage: float | None
    capabilities: tuple[CapabilityAssessment, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def assessed(self) -> bool:
        return self.level is not None

    @property
    def approved_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.approved)

    def largest_gaps(self, n: int = 3) -> list[CapabilityAssessment]:
        """The capabilities furthest below target, largest gap first (ties in model order)."""
        open_gaps = [c for c in self.capabilities if c.gap is not None and c.gap > 0]
        return sorted(open_gaps, key=lambda c: -(c.gap or 0.0))[:n]


def assess_processes(model: MaturityModel, score: ModelScore | None, findings: Iterable[Finding] = ()
                     ) -> list[ProcessAssessment]:
    """One assessment per process of the model, in the model's order.

    ``score``: the engagement's score of the process model (None: nothing answered yet, every
    level is None and the targets are the model's defaults).
    """
    by_domain: dict[str, list[Finding]] = {}
    for f in findings:
        if f.model_id == model.id and f.status is not FindingStatus.REJECTED:
            by_domain.setdefault(f.domain_id, []).append(f)
    default = float(model.scoring.default_target)
    out: list[ProcessAssessment] = []
    for domain in model.domains:
        if domain.process is None:
            continue
        caps: list[CapabilityAssessment] = []
        d_score = None
        if score is not None:
            d_score = next((d for d in score.domains if d.domain_id == domain.id), None)
        for cap in domain.capabilities:
            cs = None
            if d_score is not None:
                cs = next((c for c in d_score.capabilities if c.capability_id == cap.id), None)
            target = cs.target if cs is not None else float(cap.default_target or default)
            level = cs.level if cs is not None else None
            caps.append(CapabilityAssessment(
                capability_id=cap.id, name=Bilingual.of(cap.name), level=level, target=target,
                gap=cs.gap if cs is not None else None, coverage=cs.coverage if cs is not None else None,
                confidence=cs.confidence.label.value if cs is not None else "low",
                recommendation_ids=recommendations_for(model, cap.id, level, target)))
        out.append(ProcessAssessment(
            process_id=domain.id, name=Bilingual.of(domain.name),
            level=d_score.level if d_score is not None else None,
            target=d_score.target if d_score is not None else default,
            gap=d_score.gap if d_score is not None else None,
            coverage=d_score.coverage if d_score is not None else None,
            capabilities=tuple(caps),
            findings=tuple(sorted(by_domain.get(domain.id, []), key=Finding.sort_key))))
    return out
