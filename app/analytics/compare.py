"""Engagements side by side, like with like.

Two engagements scored with different model versions (or models) are compared only on
the capabilities whose ids exist in both and whose level scales are the same: a 3 on a
0-3 scale is not a 3 on a 1-5 one. A domain is compared only where its capabilities are
the same in every version (otherwise its level rolls up different things), and the
overall level only where the models' whole structure is. ``Overlap`` says how much
is left, so the screen and the report can say it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.analytics.anonymise import Names
from app.analytics.portfolio import DomainShape, ModelLevels, ModelShape, PortfolioRow


@dataclass(frozen=True)
class Overlap:
    """What the compared model versions have in common."""

    models: tuple[ModelShape, ...]  # the distinct model versions involved, in order of first use
    common: tuple[str, ...]  # capability ids compared (same id, same scale in every version)
    total: int  # capability ids in any of the versions
    domains: tuple[DomainShape, ...]  # domains compared (the same capabilities in every version)
    overall: bool  # the overall level is comparable (the same structure everywhere)

    @property
    def same_model(self) -> bool:
        return len(self.models) <= 1

    @property
    def scales_match(self) -> bool:
        return len({m.scale for m in self.models}) <= 1

    @property
    def percent(self) -> int:
        return round(100 * len(self.common) / self.total) if self.total else 0

    def statement(self, lang: str = "en") -> str:
        """One sentence for the screen and the report."""
        zh = lang == "zh"
        if not self.models:
            return "没有可比较的评估结果。" if zh else "No assessed engagements to compare."
        if self.same_model:
            m = self.models[0]
            return (f"所有评估均使用 {m.label('zh')}：{self.total} 项能力全部可比较。" if zh else
                    f"Every engagement was assessed with {m.label('en')}: all {self.total} capabilities compare.")
        names = "、".join(m.label("zh") for m in self.models) if zh else \
            ", ".join(m.label("en") for m in self.models)
        if not self.scales_match:
            return (f"评估使用了不同的模型或版本（{names}），其等级量表不同：没有可直接比较的能力。" if zh else
                    f"The engagements were assessed with different models or versions ({names}) whose level "
                    "scales differ: no capability compares directly.")
        if zh:
            return (f"评估使用了不同的模型或版本（{names}）：仅比较编号和量表都相同的能力,"
                    f"共 {len(self.common)} / {self.total} 项（{self.percent}%），{len(self.domains)} 个领域"
                    + ("" if self.overall else "，总体等级不可比较") + "。")
        return (f"The engagements were assessed with different models or versions ({names}): only capabilities "
                f"with the same id and scale are compared, {len(self.common)} of {self.total} "
                f"({self.percent} %), in {len(self.domains)} domains"
                + ("" if self.overall else "; the overall level is not comparable") + ".")


def like_with_like(shapes: Sequence[ModelShape]) -> Overlap:
    distinct: list[ModelShape] = []
    for shape in shapes:
        if all(shape.key != d.key for d in distinct):
            distinct.append(shape)
    if not distinct:
        return Overlap((), (), 0, (), False)
    first = distinct[0]
    union: list[str] = []
    for shape in distinct:
        union.extend(c for c in shape.capability_ids if c not in union)
    if len({s.scale for s in distinct}) > 1:
        return Overlap(tuple(distinct), (), len(union), (), False)
    in_all = [c for c in first.capability_ids if all(c in s.capability_set for s in distinct[1:])]
    domains = tuple(d for d in first.domains
                    if all(_same_domain(d, s) for s in distinct[1:]))
    overall = all(tuple(d.id for d in s.domains) == tuple(d.id for d in first.domains) for s in distinct) \
        and len(domains) == len(first.domains)
    return Overlap(tuple(distinct), tuple(in_all), len(union), domains, overall)


def _same_domain(domain: DomainShape, shape: ModelShape) -> bool:
    other = shape.domain_capabilities.get(domain.id)
    return other is not None and other == frozenset(domain.capabilities)


@dataclass(frozen=True)
class Compared:
    """One engagement in a comparison: its row, how it is called, its levels for the compared model."""

    row: PortfolioRow
    label: str
    customer: str
    levels: ModelLevels
    shape: ModelShape


@dataclass(frozen=True)
class CapabilityRow:
    capability_id: str
    domain_id: str
    name_en: str
    name_zh: str
    levels: tuple[float | None, ...]

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Comparison:
    engagements: tuple[Compared, ...]
    overlap: Overlap
    overall: tuple[float | None, ...] | None  # None: not comparable
    domains: tuple[tuple[DomainShape, tuple[float | None, ...]], ...]
    capabilities: tuple[CapabilityRow, ...]
    left_out: tuple[tuple[PortfolioRow, str], ...]  # (engagement, why) not compared
    scale: tuple[int, int]
    anonymised: bool

    @property
    def labels(self) -> list[str]:
        return [e.label for e in self.engagements]


def compare(rows: Sequence[PortfolioRow], shapes: Mapping[tuple[str, str], ModelShape], *,
            anonymise: bool = False, lang: str = "en", names: Names | None = None) -> Comparison:
    """The engagements side by side on what they have in common, in the order given."""
    names = names or Names(rows, anonymise=anonymise, lang=lang)
    model_id = _common_model(rows)
    compared: list[Compared] = []
    left_out: list[tuple[PortfolioRow, str]] = []
    for row in rows:
        levels = row.levels_for(model_id) if model_id else row.primary
        shape = shapes.get((levels.model_id, levels.model_version)) if levels else None
        if levels is None or shape is None:
            why = row.problem or ("not scored with the same model" if row.models else "no answers scored yet")
            if names.anonymise and row.problem:  # the problem names the engagement: say what, not whose
                why = "its model or questionnaire is not installed here"
            left_out.append((row, why))
            continue
        compared.append(Compared(row, names.engagement(row), names.customer(row), levels, shape))
    overlap = like_with_like([c.shape for c in compared])
    overall = tuple(c.levels.level for c in compared) if overlap.overall else None
    domains = tuple((d, tuple(c.levels.domains.get(d.id) for c in compared)) for d in overlap.domains)
    reference = compared[0].shape if compared else None
    capabilities = tuple(
        CapabilityRow(cap, reference.capability_domain(cap) or "", reference.capability_name(cap, "en"),
                      reference.capability_name(cap, "zh"), tuple(c.levels.capabilities.get(cap) for c in compared))
        for cap in overlap.common) if reference else ()
    scale = reference.scale if reference else (0, 5)
    return Comparison(tuple(compared), overlap, overall, domains, capabilities, tuple(left_out), scale,
                      names.anonymise)


def _common_model(rows: Sequence[PortfolioRow]) -> str | None:
    """The model every engagement was scored with, preferring what the first one leads with."""
    scored = [r for r in rows if r.models]
    if not scored:
        return None
    for candidate in scored[0].models:
        if all(r.levels_for(candidate.model_id) for r in scored):
            return candidate.model_id
    return None
