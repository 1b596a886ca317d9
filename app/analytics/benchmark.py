"""Where one engagement sits against the rest of the repository, and what is weak everywhere.

Median and quartiles per domain over the engagements of the same industry and size (or
any), each figure with the number of engagements behind it, and nothing at all below a
minimum group size: a "median" of two customers would identify them. Like with like: a
domain counts an engagement only if its model version has the same capabilities in that
domain on the same scale.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.analytics.portfolio import (
    DomainShape,
    ModelLevels,
    ModelShape,
    PortfolioFilter,
    PortfolioRow,
    version_key,
)
from app.scoring.rounding import round_score

MIN_GROUP = 5


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of ``n`` levels; the figures are None when ``n`` is below the minimum group."""

    n: int
    median: float | None = None
    q1: float | None = None
    q3: float | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None


def spread(values: Sequence[float], min_group: int = MIN_GROUP) -> Spread:
    n = len(values)
    if n < max(min_group, 2):
        return Spread(n)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(n, round_score(median), round_score(q1), round_score(q3))


def position(level: float | None, figures: Spread) -> str | None:
    """top_quartile | above_median | below_median | bottom_quartile (None when not shown or not assessed)."""
    if level is None or not figures.shown:
        return None
    assert figures.q1 is not None and figures.q3 is not None and figures.median is not None
    if level >= figures.q3:
        return "top_quartile"
    if level > figures.median:
        return "above_median"
    if level >= figures.q1:
        return "below_median"
    return "bottom_quartile"


@dataclass(frozen=True)
class DomainBenchmark:
    domain: DomainShape
    figures: Spread
    subject: float | None
    position: str | None


@dataclass(frozen=True)
class WeakCapability:
    capability_id: str
    domain_id: str
    name_en: str
    name_zh: str
    n: int
    weak: int  # engagements with this capability in the lowest two levels of the scale
    median: float

    @property
    def share(self) -> float:
        return self.weak / self.n if self.n else 0.0

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Benchmark:
    model: ModelShape
    industry: str | None
    size: str | None
    min_group: int
    group: int  # assessed engagements in the group (the subject excluded)
    overall: Spread
    subject: PortfolioRow | None
    subject_overall: float | None
    overall_position: str | None
    domains: tuple[DomainBenchmark, ...]
    weak: tuple[WeakCapability, ...]


def benchmark_model(rows: Sequence[PortfolioRow], shapes: Mapping[tuple[str, str], ModelShape],
                    subject: PortfolioRow | None = None) -> ModelShape | None:
    """The model version a benchmark is drawn for: the subject's, else the newest of the most used model."""
    if subject is not None and subject.primary is not None:
        return shapes.get((subject.primary.model_id, subject.primary.model_version))
    counts: dict[str, int] = {}
    for r in rows:
        if r.primary is not None:
            counts[r.primary.model_id] = counts.get(r.primary.model_id, 0) + 1
    if not counts:
        return None
    model_id = max(counts, key=lambda m: (counts[m], m))
    used = {(r.primary.model_id, r.primary.model_version) for r in rows if r.primary}
    versions = [s for k, s in shapes.items() if k[0] == model_id and k in used]
    return max(versions, key=lambda s: version_key(s.version)) if versions else None


def benchmark(rows: Sequence[PortfolioRow], shapes: Mapping[tuple[str, str], ModelShape], *,
              subject_id: str | None = None, industry: str | None = None, size: str | None = None,
              include_archived: bool = False, min_group: int = MIN_GROUP, weak_limit: int = 10) -> Benchmark | None:
    """The benchmark of ``industry`` x ``size`` (None: any) for the subject's model (or the most used one).

    None when there is no scored engagement to draw it for.
    """
    subject = next((r for r in rows if r.engagement_id == subject_id), None) if subject_id else None
    model = benchmark_model(rows, shapes, subject)
    if model is None:
        return None
    flt = PortfolioFilter(industry=industry, size=size, include_archived=include_archived)
    group = [r for r in rows if flt.accepts(r) and r.engagement_id != subject_id]
    # Each engagement's levels for this model, with the shape of the version it was scored with.
    scored = []
    for r in group:
        levels = r.levels_for(model.model_id)
        shape = shapes.get((levels.model_id, levels.model_version)) if levels else None
        assessed = levels is not None and (levels.level is not None or any(
            v is not None for v in levels.domains.values()))
        if assessed and shape is not None and shape.scale == model.scale:
            scored.append((levels, shape))
    # Like with like is a property of the model version: decided once per version, not per engagement.
    versions = {sh.key: sh for _, sh in scored}
    structure = {key: _same_structure(sh, model) for key, sh in versions.items()}
    has_domain = {(key, d.id): _has_domain(sh, d) for key, sh in versions.items() for d in model.domains}
    same_structure = [lv for lv, sh in scored if structure[sh.key]]
    overall = spread([lv.level for lv in same_structure if lv.level is not None], min_group)
    subject_levels = subject.levels_for(model.model_id) if subject else None
    subject_overall = subject_levels.level if subject_levels else None
    # the engagements grouped by the model version they were scored with: each domain and capability
    # is asked of a version once, not of every engagement
    by_version: dict[tuple[str, str], list[ModelLevels]] = {}
    for lv, sh in scored:
        by_version.setdefault(sh.key, []).append(lv)
    domains = []
    for domain in model.domains:
        values = [lv.domains.get(domain.id) for key, group in by_version.items() if has_domain[(key, domain.id)]
                  for lv in group]
        figures = spread([v for v in values if v is not None], min_group)
        level = subject_levels.domains.get(domain.id) if subject_levels else None
        domains.append(DomainBenchmark(domain, figures, level, position(level, figures)))
    weak = _weak(by_version, versions, model, min_group)[:weak_limit]
    return Benchmark(model, industry, size, min_group, len(scored), overall, subject, subject_overall,
                     position(subject_overall, overall), tuple(domains), tuple(weak))


def _same_structure(shape: ModelShape, model: ModelShape) -> bool:
    return shape.key == model.key or (
        [d.id for d in shape.domains] == [d.id for d in model.domains]
        and all(_has_domain(shape, d) for d in model.domains))


def _has_domain(shape: ModelShape, domain: DomainShape) -> bool:
    other = shape.domain_capabilities.get(domain.id)
    return other is not None and other == frozenset(domain.capabilities)


def _weak(by_version: Mapping[tuple[str, str], Sequence[ModelLevels]], shapes: Mapping[tuple[str, str], ModelShape],
          model: ModelShape, min_group: int) -> list[WeakCapability]:
    """Capabilities most often in the lowest two levels of the scale, across the group."""
    low = model.scale_min + 2  # below this: the lowest two levels
    out = []
    for domain in model.domains:
        for cap in domain.capabilities:
            values = [lv.capabilities.get(cap) for key, group in by_version.items()
                      if cap in shapes[key].capability_set for lv in group]
            values = [v for v in values if v is not None]
            if len(values) < max(min_group, 1):
                continue
            weak = sum(1 for v in values if v < low)
            if weak == 0:
                continue
            en, zh = model.capability_names.get(cap, (cap, cap))
            out.append(WeakCapability(cap, domain.id, en, zh, len(values), weak,
                                      round_score(statistics.median(values))))
    return sorted(out, key=lambda w: (-w.share, w.median, w.capability_id))
