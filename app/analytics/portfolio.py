"""The portfolio: every engagement with its levels, narrowed by industry, size, service and year.

Pure: plain objects in and out. The levels come from the one scoring path
(``app.assessment.score_records``) condensed by :func:`levels_from_scores`; the services
cache them per engagement (a score summary) so that a thousand engagements load without
scoring a single answer again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

from app.content.schema import MaturityModel
from app.scoring import ModelScore

# The summary's shape: a summary stored under another format is recomputed, not misread.
SUMMARY_FORMAT = 1


@dataclass(frozen=True)
class ModelLevels:
    """One engagement's levels for one model: overall, per domain and per capability, with coverage."""

    model_id: str
    model_version: str
    level: float | None
    coverage: float | None
    domains: Mapping[str, float | None]
    domain_coverage: Mapping[str, float | None]
    capabilities: Mapping[str, float | None]

    def to_payload(self) -> dict:
        return {"domains": {k: [v, self.domain_coverage.get(k)] for k, v in self.domains.items()},
                "capabilities": dict(self.capabilities)}

    @classmethod
    def from_payload(cls, model_id: str, model_version: str, level: float | None, coverage: float | None,
                     payload: Mapping | str | bytes) -> ModelLevels:
        """From a stored summary; its payload as JSON text is decoded only when a figure of it is first read.

        A portfolio of 10,000 engagements shows the overall levels of all of them, but the
        domain and capability figures of the few on screen or compared: decoding every
        payload up front was half of its load. Once decoded, they are plain dicts.
        """
        levels = object.__new__(_StoredLevels)
        levels.__dict__.update(model_id=model_id, model_version=model_version, level=level, coverage=coverage,
                               _payload=payload)
        return levels


_FIGURES = ("domains", "domain_coverage", "capabilities")


class _StoredLevels(ModelLevels):
    """ModelLevels read back from a stored summary, whose figures are decoded when first asked for."""

    def __getattr__(self, name: str):  # only called while the attribute is not there yet
        if name not in _FIGURES:
            raise AttributeError(name)
        state = self.__dict__
        payload = state.get("_payload")
        if name in state:  # decoded meanwhile by another thread
            return state[name]
        if isinstance(payload, str | bytes):
            payload = json.loads(payload)
        payload = payload or {}
        domains = payload.get("domains") or {}
        state.update(domains={k: v[0] for k, v in domains.items()},
                     domain_coverage={k: v[1] for k, v in domains.items()},
                     capabilities=dict(payload.get("capabilities") or {}))
        state.pop("_payload", None)
        return state[name]

    def __eq__(self, other) -> bool:  # equal to the ModelLevels with the same figures, as scoring gives them
        if not isinstance(other, ModelLevels):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(ModelLevels))

    __hash__ = None  # type: ignore[assignment]


def levels_of(score: ModelScore) -> ModelLevels:
    """The figures of a model score the portfolio shows, exactly as scoring rounded them."""
    return ModelLevels(
        score.model_id, score.model_version, score.level, score.coverage,
        {d.domain_id: d.level for d in score.domains}, {d.domain_id: d.coverage for d in score.domains},
        {c.capability_id: c.level for c in score.capabilities},
    )


def levels_from_scores(models: Mapping[str, ModelScore]) -> list[ModelLevels]:
    """Every model of an engagement's scores, in the order scoring leads with (the primary first)."""
    return [levels_of(score) for score in models.values()]


@dataclass(frozen=True)
class DomainShape:
    id: str
    name_en: str
    name_zh: str
    capabilities: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class ModelShape:
    """What comparison needs to know of one model version: its scale, domains and capability names."""

    model_id: str
    version: str
    name_en: str
    name_zh: str
    scale_min: int
    scale_max: int
    domains: tuple[DomainShape, ...]
    capability_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    capability_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    capability_set: frozenset[str] = field(init=False, repr=False, compare=False)
    domain_capabilities: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.model_id, self.version

    @property
    def scale(self) -> tuple[int, int]:
        return self.scale_min, self.scale_max

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def label(self, lang: str) -> str:
        return f"{self.name(lang)} {self.version}"

    def capability_name(self, capability_id: str, lang: str) -> str:
        en, zh = self.capability_names.get(capability_id, (capability_id, capability_id))
        return zh if lang == "zh" else en

    def capability_domain(self, capability_id: str) -> str | None:
        return next((d for d, caps in self.domain_capabilities.items() if capability_id in caps), None)

    def __post_init__(self) -> None:
        # Asked for thousands of times by a benchmark: computed once per model version.
        object.__setattr__(self, "capability_ids", tuple(c for d in self.domains for c in d.capabilities))
        object.__setattr__(self, "capability_set", frozenset(self.capability_ids))
        object.__setattr__(self, "domain_capabilities", {d.id: frozenset(d.capabilities) for d in self.domains})


def shape_of(model: MaturityModel) -> ModelShape:
    return ModelShape(
        model.id, model.version, model.name.en, model.name.zh, model.scale.minimum, model.scale.maximum,
        tuple(DomainShape(d.id, d.name.en, d.name.zh, tuple(c.id for c in d.capabilities)) for d in model.domains),
        {c.id: (c.name.en, c.name.zh) for d in model.domains for c in d.capabilities},
    )


@dataclass(frozen=True)
class PortfolioRow:
    """One engagement of the portfolio. ``models`` is in scoring's order: the primary model first."""

    engagement_id: str
    engagement_name: str
    customer_id: str
    customer_name: str
    industry_code: str  # "" = unmapped
    industry_text: str  # the customer's own words
    size_code: str  # "" = unmapped
    service_ids: tuple[str, ...]
    assessed_on: date | None  # the start date, else the day it was set up
    status: str
    archived: bool = False
    previous_engagement_id: str | None = None
    models: tuple[ModelLevels, ...] = ()
    problem: str | None = None  # why there are no levels (its content is not installed ...)

    @property
    def year(self) -> int | None:
        return self.assessed_on.year if self.assessed_on else None

    @property
    def primary(self) -> ModelLevels | None:
        return self.models[0] if self.models else None

    def levels_for(self, model_id: str) -> ModelLevels | None:
        return next((m for m in self.models if m.model_id == model_id), None)


@dataclass(frozen=True)
class PortfolioFilter:
    """What the portfolio is narrowed to; None means any. ``industry``/``size`` "" selects the unmapped.

    ``model_id``: only engagements scored on that model (an engagement without any levels,
    whose content is missing, stays: it is listed with the reason).
    """

    industry: str | None = None
    size: str | None = None
    service_id: str | None = None
    year: int | None = None
    include_archived: bool = False
    model_id: str | None = None

    def accepts(self, row: PortfolioRow) -> bool:
        return ((self.industry is None or row.industry_code == self.industry)
                and (self.size is None or row.size_code == self.size)
                and (self.service_id is None or self.service_id in row.service_ids)
                and (self.year is None or row.year == self.year)
                and (self.include_archived or not row.archived)
                and (self.model_id is None or not row.models or row.levels_for(self.model_id) is not None))


def filter_rows(rows: Iterable[PortfolioRow], flt: PortfolioFilter) -> list[PortfolioRow]:
    return [r for r in rows if flt.accepts(r)]


def sort_rows(rows: Iterable[PortfolioRow]) -> list[PortfolioRow]:
    """Newest assessment first, then by customer and engagement name: the order every view starts from."""
    return sorted(rows, key=lambda r: (-(r.assessed_on.toordinal() if r.assessed_on else 0), r.customer_name.lower(),
                                       r.engagement_name.lower()))


def years(rows: Iterable[PortfolioRow]) -> list[int]:
    return sorted({r.year for r in rows if r.year is not None}, reverse=True)


def model_counts(rows: Iterable[PortfolioRow]) -> dict[str, int]:
    """How many engagements are scored on each model, most first (one scored on two counts for both)."""
    counts: dict[str, int] = {}
    leads: dict[str, int] = {}
    for r in rows:
        for m in r.models:
            counts[m.model_id] = counts.get(m.model_id, 0) + 1
        if r.primary:
            leads[r.primary.model_id] = leads.get(r.primary.model_id, 0) + 1
    order = sorted(counts, key=lambda m: (-counts[m], -leads.get(m, 0), m))
    return {m: counts[m] for m in order}


def default_model(rows: Iterable[PortfolioRow]) -> str | None:
    """The model most engagements are scored on (a tie: the one more of them lead with, then by id)."""
    return next(iter(model_counts(rows)), None)


def other_models(rows: Sequence[PortfolioRow], model_id: str | None) -> dict[str, int]:
    """Engagements not scored on ``model_id``, counted by the model they lead with: what a model filter hides."""
    if model_id is None:
        return {}
    out: dict[str, int] = {}
    for r in rows:
        if r.models and r.levels_for(model_id) is None:
            out[r.models[0].model_id] = out.get(r.models[0].model_id, 0) + 1
    return dict(sorted(out.items(), key=lambda x: (-x[1], x[0])))


def newest_shape(shapes: Mapping[tuple[str, str], ModelShape], model_id: str) -> ModelShape | None:
    versions = sorted((s for s in shapes.values() if s.model_id == model_id), key=lambda s: version_key(s.version))
    return versions[-1] if versions else None


def domain_columns(rows: Sequence[PortfolioRow], shapes: Mapping[tuple[str, str], ModelShape],
                   model_id: str | None = None) -> list[DomainShape]:
    """The domains the portfolio table shows: those of ``model_id`` (default: the most used; newest version)."""
    model_id = model_id or default_model(rows)
    shape = newest_shape(shapes, model_id) if model_id else None
    return list(shape.domains) if shape else []


def version_key(version: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.replace("-", ".").split("."))
