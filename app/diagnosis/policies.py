"""Optimisation policies: the model's recommendations that close this customer's gaps, ranked.

The content rates most recommendations "high" impact (in the abstract, each one is).
For one customer the honest question is how much a step moves *them*: the levels it
closes on a capability that is short of its target, how much that capability weighs in
its domain and the domain in the model, and how many of the customer's objectives it
serves. ``draft_policies`` scores that benefit and grades impact by rank (top 30 % high,
next 40 % medium, the rest low), so the ranking says something.

Order: benefit per unit of effort, then earlier start. A quick win is a step of low or
medium effort that can start within three months and waits for no other step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from app.content.schema import MaturityModel, Objective
from app.diagnosis.findings import Finding, FindingStatus, FindingType
from app.diagnosis.text import Bilingual
from app.scoring import ModelScore

EFFORT_COST = {"low": 1.0, "medium": 2.0, "high": 3.5}
CONTENT_IMPACT = {"high": 1.0, "medium": 0.7, "low": 0.45}
START_MONTHS = {"short": 0, "medium": 3, "long": 6}  # when a step can start, by its horizon
QUICK_WIN_MONTHS = 3
HIGH_SHARE, MEDIUM_SHARE = 0.3, 0.4  # of the ranked policies, graded high / medium impact


class PolicyStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Policy:
    id: str
    title: Bilingual
    description: Bilingual
    model_id: str
    domain_id: str
    capability_id: str
    from_level: int
    to_level: int
    impact: str  # high | medium | low, graded for this customer
    benefit: float  # the score impact is graded from (levels closed x weight x objectives x content rating)
    effort: str
    horizon: str
    start_month: int  # months from now when it can start
    objectives: tuple[str, ...] = ()
    finding_ids: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    rank: int = 0
    status: PolicyStatus = PolicyStatus.DRAFT
    edited: bool = False

    @property
    def quick_win(self) -> bool:
        return self.start_month < QUICK_WIN_MONTHS and self.effort != "high" and not self.prerequisites

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title.to_dict(), "description": self.description.to_dict(),
            "model_id": self.model_id, "domain_id": self.domain_id, "capability_id": self.capability_id,
            "from_level": self.from_level, "to_level": self.to_level, "impact": self.impact,
            "benefit": self.benefit, "effort": self.effort, "horizon": self.horizon,
            "start_month": self.start_month, "objectives": list(self.objectives),
            "finding_ids": list(self.finding_ids), "prerequisites": list(self.prerequisites), "rank": self.rank,
            "status": self.status.value, "edited": self.edited,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        return cls(
            id=str(data["id"]), title=Bilingual.from_dict(data.get("title")),
            description=Bilingual.from_dict(data.get("description")), model_id=str(data.get("model_id", "")),
            domain_id=str(data.get("domain_id", "")), capability_id=str(data.get("capability_id", "")),
            from_level=int(data.get("from_level", 0)), to_level=int(data.get("to_level", 0)),
            impact=str(data.get("impact", "medium")), benefit=float(data.get("benefit", 0.0)),
            effort=str(data.get("effort", "medium")), horizon=str(data.get("horizon", "medium")),
            start_month=int(data.get("start_month", 0)), objectives=tuple(data.get("objectives", ())),
            finding_ids=tuple(data.get("finding_ids", ())), prerequisites=tuple(data.get("prerequisites", ())),
            rank=int(data.get("rank", 0)), status=PolicyStatus(data.get("status", "draft")),
            edited=bool(data.get("edited", False)),
        )


@dataclass(frozen=True)
class PolicyInputs:
    model: MaturityModel
    score: ModelScore
    findings: Sequence[Finding] = ()
    objectives: Sequence[Objective] = ()  # the customer's chosen objectives (all of the library's if none chosen)
    weights: Mapping[str, float] = field(default_factory=dict)  # optional: objective id -> importance


def draft_policies(inputs: PolicyInputs) -> list[Policy]:
    """One policy per recommendation that closes part of a gap (or that a finding points to), ranked."""
    model, score = inputs.model, inputs.score
    domain_of = {c.id: d.id for d in model.domains for c in d.capabilities}
    dom_weight = {d.domain_id: d.weight for d in score.domains}
    total_dom = sum(dom_weight.values()) or 1.0
    cap_share: dict[str, float] = {}
    for d in score.domains:
        total = sum(c.weight for c in d.capabilities) or 1.0
        for c in d.capabilities:
            cap_share[c.capability_id] = c.weight / total * dom_weight[d.domain_id] / total_dom
    by_finding: dict[str, list[str]] = {}
    for f in inputs.findings:
        if f.status is FindingStatus.REJECTED or f.type is FindingType.STRENGTH:
            continue
        for rid in f.recommendation_ids:
            by_finding.setdefault(rid, []).append(f.id)
    pending = set()
    drafts: list[Policy] = []
    for r in model.recommendations:
        try:
            c = score.capability(r.capability)
        except KeyError:
            continue
        if c.level is None:
            continue
        closes = max(0.0, min(float(r.to_level), c.target) - max(float(r.from_level), c.level))
        if closes <= 0 and r.id not in by_finding:
            continue
        pending.add(r.id)
        domain = domain_of.get(r.capability, "")
        served = tuple(o.id for o in inputs.objectives if domain in o.domains)
        objective_factor = 1.0 + sum(0.25 * inputs.weights.get(o, 1.0) for o in served)
        benefit = max(closes, 0.25) * cap_share.get(r.capability, 0.0) * objective_factor \
            * CONTENT_IMPACT[r.impact.value] * (1.2 if r.id in by_finding else 1.0)
        drafts.append(Policy(
            id=r.id, title=Bilingual.of(r.title), description=Bilingual.of(r.description), model_id=model.id,
            domain_id=domain, capability_id=r.capability, from_level=r.from_level, to_level=r.to_level,
            impact="", benefit=round(benefit * 100, 3), effort=r.effort.value, horizon=r.horizon.value,
            start_month=START_MONTHS[r.horizon.value], objectives=served,
            finding_ids=tuple(by_finding.get(r.id, ())), prerequisites=tuple(r.prerequisites),
        ))
    # a prerequisite that is itself still to do makes a step wait for it
    drafts = [replace(p, prerequisites=tuple(x for x in p.prerequisites if x in pending)) for p in drafts]
    return rank_policies(drafts)


def rank_policies(policies: Iterable[Policy]) -> list[Policy]:
    """Benefit per effort first, earlier start next; impact graded by position, ranks from 1.

    A policy the consultant edited keeps the impact they gave it.
    """
    items = list(policies)
    by_benefit = sorted(items, key=lambda p: (-p.benefit, p.id))
    n = len(by_benefit)
    grade: dict[str, str] = {}
    for i, p in enumerate(by_benefit):
        position = i / n if n else 0
        grade[p.id] = "high" if position < HIGH_SHARE else "medium" if position < HIGH_SHARE + MEDIUM_SHARE \
            else "low"
    graded = [p if p.edited and p.impact else replace(p, impact=grade[p.id]) for p in items]
    ordered = sorted(graded, key=lambda p: (p.status is PolicyStatus.REJECTED,
                                            -p.benefit / EFFORT_COST.get(p.effort, 2.0), p.start_month, p.id))
    return [replace(p, rank=i + 1) for i, p in enumerate(ordered)]


def quick_wins(policies: Iterable[Policy]) -> list[Policy]:
    """What can start within three months, at low or medium effort, waiting for nothing."""
    return [p for p in policies if p.quick_win and p.status is not PolicyStatus.REJECTED]


def redraft_policies(existing: Iterable[Policy], drafted: Iterable[Policy]) -> list[Policy]:
    """Keep what the consultant edited or decided; refresh or drop untouched drafts; add new ones."""
    kept = {p.id: p for p in existing if p.edited or p.status is not PolicyStatus.DRAFT}
    out = list(kept.values()) + [p for p in drafted if p.id not in kept]
    return rank_policies(out)
