"""The portfolio across engagements: loading it fast, comparing, trends, benchmarks.

Scores come from the one scoring path (``score_records``), condensed into a summary per
engagement and model that the database keeps (``repo.portfolio``). A summary is fresh
while the engagement's ``scores_stamp`` (moved by database triggers on every answer,
override or content change, whoever writes) and the recorded model versions are the ones
it was computed at; anything else is scored again here, in batches, with progress, and
stored for the next load. A thousand engagements therefore load from one read of the
cache, and only what changed since is scored.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from app.analytics import (
    SUMMARY_FORMAT,
    Benchmark,
    Comparison,
    ModelLevels,
    ModelShape,
    Names,
    PortfolioRow,
    Trend,
    benchmark,
    compare,
    levels_from_scores,
    shape_of,
    sort_rows,
    trend,
)
from app.assessment import score_records
from app.content.loader import ContentLibrary, ContentNotFound
from app.errors import UserError
from app.storage.records import PortfolioEngagement, ScoreSummaryRecord
from app.storage.repository import Repository

BATCH = 25  # engagements scored per read and per stored batch (progress moves this often)

Progress = Callable[[int, int], None]  # (done, total) of the engagements being scored
Cancelled = Callable[[], bool]


class PortfolioCancelled(Exception):
    """The caller asked to stop; what was scored so far is stored, nothing else changed."""


@dataclass(frozen=True)
class Portfolio:
    rows: tuple[PortfolioRow, ...]  # newest assessment first
    shapes: dict[tuple[str, str], ModelShape] = field(default_factory=dict)
    scored: int = 0  # engagements scored in this load (the rest came from the cache)

    def row(self, engagement_id: str) -> PortfolioRow:
        found = next((r for r in self.rows if r.engagement_id == engagement_id), None)
        if found is None:
            raise UserError(f"engagement {engagement_id} is not in the portfolio")
        return found


def _fresh(record: PortfolioEngagement) -> bool:
    recorded = {(c.content_id, c.version) for c in record.content if c.kind == "model"}
    cached = {(s.model_id, s.model_version) for s in record.summaries}
    return recorded == cached and all(s.stamp == record.scores_stamp and s.format == SUMMARY_FORMAT
                                      for s in record.summaries)


def _row(record: PortfolioEngagement, models: Sequence[ModelLevels], problem: str | None = None) -> PortfolioRow:
    return PortfolioRow(
        engagement_id=record.id, engagement_name=record.name, customer_id=record.customer_id,
        customer_name=record.customer_name, industry_code=record.industry_code, industry_text=record.industry,
        size_code=record.size_code, service_ids=tuple(s.service_id for s in record.services),
        assessed_on=record.start_date or record.created_at.date(), status=record.status.value,
        archived=record.archived, previous_engagement_id=record.previous_engagement_id, models=tuple(models),
        problem=problem,
    )


def _cached_levels(record: PortfolioEngagement) -> list[ModelLevels]:
    return [ModelLevels.from_payload(s.model_id, s.model_version, s.level, s.coverage, s.payload or {})
            for s in record.summaries]


def _score_batch(library: ContentLibrary, repo: Repository, records: Sequence[PortfolioEngagement],
                 ) -> tuple[dict[str, list[ModelLevels]], dict[str, str]]:
    """Score these engagements from one read each (stamp first, then the data), store what is still current."""
    inputs = []
    with repo.unit_of_work() as uow:
        for record in records:
            stamp = uow.portfolio.stamp(record.id)
            if stamp is None:  # deleted since the list was read
                continue
            inputs.append((record, stamp, uow.engagement_data(record.id)))
    levels: dict[str, list[ModelLevels]] = {}
    problems: dict[str, str] = {}
    summaries: list[ScoreSummaryRecord] = []
    for record, stamp, data in inputs:
        try:
            scores = score_records(library, data)
        except UserError as exc:
            problems[record.id] = str(exc)
            continue
        models = levels_from_scores(scores.models)
        levels[record.id] = models
        summaries.extend(ScoreSummaryRecord(record.id, m.model_id, m.model_version, rank, stamp, SUMMARY_FORMAT,
                                            m.level, m.coverage, m.to_payload()) for rank, m in enumerate(models))
    if summaries:
        repo.portfolio.put(summaries)
    return levels, problems


def _shapes(library: ContentLibrary, rows: Sequence[PortfolioRow]) -> dict[tuple[str, str], ModelShape]:
    shapes: dict[tuple[str, str], ModelShape] = {}
    for row in rows:
        for m in row.models:
            key = (m.model_id, m.model_version)
            if key in shapes:
                continue
            try:
                shapes[key] = shape_of(library.model(*key))
            except ContentNotFound:
                continue  # its engagements are left out of comparisons, with the reason
    return shapes


@contextmanager
def _bulk_objects():
    """No cyclic garbage collection while 10,000 engagements' rows are built (they hold no cycles).

    Each of the collector's passes walks every object alive, and building the rows set off
    dozens of them: a third of the load of 10,000 engagements. It runs again afterwards
    (scoring stale engagements, between the two reads, runs with it).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_portfolio(library: ContentLibrary, repo: Repository, *, ids: Sequence[str] | None = None,
                   customer_id: str | None = None, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> Portfolio:
    """Every engagement (or these, or one customer's) with its levels; stale summaries are scored again.

    ``progress(done, total)`` follows the scoring of stale engagements; ``cancelled()`` stops
    between batches (``PortfolioCancelled``; the batches already scored stay stored).
    """
    with _bulk_objects():
        records = repo.portfolio.engagements(ids=ids, customer_id=customer_id)
        stale = [r for r in records if not _fresh(r)]
    levels: dict[str, list[ModelLevels]] = {}
    problems: dict[str, str] = {}
    if progress and stale:
        progress(0, len(stale))
    for start in range(0, len(stale), BATCH):
        if cancelled and cancelled():
            raise PortfolioCancelled()
        batch_levels, batch_problems = _score_batch(library, repo, stale[start:start + BATCH])
        levels.update(batch_levels)
        problems.update(batch_problems)
        if progress:
            progress(min(start + BATCH, len(stale)), len(stale))
    stale_ids = {r.id for r in stale}
    with _bulk_objects():
        rows = [_row(r, levels.get(r.id, []), problems.get(r.id)) if r.id in stale_ids
                else _row(r, _cached_levels(r)) for r in records]
        rows = sort_rows(rows)
        return Portfolio(tuple(rows), _shapes(library, rows), len(stale))


def _ordered(portfolio: Portfolio, ids: Sequence[str]) -> list[PortfolioRow]:
    return [portfolio.row(i) for i in ids]


def compare_engagements(library: ContentLibrary, repo: Repository, engagement_ids: Sequence[str], *,
                        anonymise: bool = False, lang: str = "en") -> Comparison:
    """The engagements side by side, in the order given (two at least)."""
    ids = list(dict.fromkeys(engagement_ids))
    if len(ids) < 2:
        raise UserError("choose at least two engagements to compare")
    portfolio = load_portfolio(library, repo, ids=ids)
    return compare(_ordered(portfolio, ids), portfolio.shapes, anonymise=anonymise, lang=lang)


def compare_rows(portfolio: Portfolio, engagement_ids: Sequence[str], *, anonymise: bool = False,
                 lang: str = "en") -> Comparison:
    """The same comparison from a portfolio already loaded (the screen's selection)."""
    rows = _ordered(portfolio, engagement_ids)
    return compare(rows, portfolio.shapes, names=_names(portfolio, rows, anonymise, lang))


def _names(portfolio: Portfolio, rows: Sequence[PortfolioRow], anonymise: bool, lang: str) -> Names:
    # On the screen, a customer keeps the same letter whatever is selected: aliases follow the table.
    return Names(portfolio.rows if anonymise else rows, anonymise=anonymise, lang=lang)


def customer_trend(portfolio: Portfolio, customer_id: str, *, anonymise: bool = False, lang: str = "en") -> Trend:
    return trend(portfolio.rows, customer_id, portfolio.shapes, anonymise=anonymise, lang=lang,
                 names=_names(portfolio, portfolio.rows, anonymise, lang))


def portfolio_benchmark(portfolio: Portfolio, *, subject_id: str | None = None, industry: str | None = None,
                        size: str | None = None, min_group: int | None = None) -> Benchmark | None:
    from app.analytics import MIN_GROUP

    return benchmark(portfolio.rows, portfolio.shapes, subject_id=subject_id, industry=industry, size=size,
                     min_group=MIN_GROUP if min_group is None else min_group)


def comparison_trend(portfolio: Portfolio, comparison: Comparison, *, lang: str = "en") -> Trend | None:
    """The customer's trend when every compared engagement is one customer's re-assessment, else None."""
    customers = {e.row.customer_id for e in comparison.engagements}
    if len(customers) != 1 or len(comparison.engagements) < 2:
        return None
    rows = [e.row for e in comparison.engagements]
    return trend(rows, customers.pop(), portfolio.shapes, anonymise=comparison.anonymised, lang=lang,
                 names=Names(portfolio.rows if comparison.anonymised else rows, anonymise=comparison.anonymised,
                             lang=lang))


def export_comparison(library: ContentLibrary, repo: Repository, engagement_ids: Sequence[str], out, *,
                      anonymise: bool = False, lang: str = "en", branding=None):
    """``omm compare``: the engagements side by side in Word (.docx) or Excel (.xlsx), written atomically."""
    from pathlib import Path

    from app.reports.comparison import write_comparison

    out = Path(out)
    if out.suffix.lower() not in (".docx", ".xlsx"):
        raise UserError(f"{out.name}: the comparison is written as .docx (Word) or .xlsx (Excel)")
    ids = list(dict.fromkeys(engagement_ids))
    if len(ids) < 2:
        raise UserError("choose at least two engagements to compare")
    portfolio = load_portfolio(library, repo, ids=ids)
    comparison = compare(_ordered(portfolio, ids), portfolio.shapes, anonymise=anonymise, lang=lang)
    if not comparison.engagements:
        raise UserError("none of these engagements has scores to compare: "
                        + "; ".join(why for _, why in comparison.left_out))
    return write_comparison(comparison, out, lang, trend=comparison_trend(portfolio, comparison, lang=lang),
                            branding=branding)


def save_comparison(portfolio: Portfolio, engagement_ids: Sequence[str], out, *, anonymise: bool = False,
                    lang: str = "en", branding=None):
    """The screen's export: the selection of a portfolio already loaded."""
    from pathlib import Path

    from app.reports.comparison import write_comparison

    comparison = compare_rows(portfolio, engagement_ids, anonymise=anonymise, lang=lang)
    return write_comparison(comparison, Path(out), lang, trend=comparison_trend(portfolio, comparison, lang=lang),
                            branding=branding)


ALL_MODELS = "all"


@dataclass(frozen=True)
class ModelChoice:
    """A model the portfolio's engagements are scored on, and how many are."""

    model_id: str
    name: str
    engagements: int


def portfolio_models(portfolio: Portfolio, lang: str = "en") -> list[ModelChoice]:
    """The models in use, most used first (the default of the model filter)."""
    from app.analytics.portfolio import model_counts, newest_shape

    out = []
    for model_id, count in model_counts(portfolio.rows).items():
        shape = newest_shape(portfolio.shapes, model_id)
        out.append(ModelChoice(model_id, shape.name(lang) if shape else model_id, count))
    return out


def chosen_model(portfolio: Portfolio, model_id: str | None) -> str | None:
    """``model_id`` checked against the models in use; None (the default) is the most used, "all" is None."""
    from app.analytics.portfolio import default_model

    if model_id == ALL_MODELS:
        return None
    if model_id is None:
        return default_model(portfolio.rows)
    known = [m.model_id for m in portfolio_models(portfolio)]
    if model_id not in known:
        raise UserError(f"no engagement is scored on model {model_id!r}; models in use: "
                        + (", ".join(known) if known else "none") + f" (or {ALL_MODELS})")
    return model_id


def hidden_by_model(portfolio: Portfolio, model_id: str | None, lang: str = "en") -> list[ModelChoice]:
    """The engagements a model filter leaves out, by the model they lead with (what the screen and CLI say)."""
    from app.analytics.portfolio import newest_shape, other_models

    out = []
    for other, count in other_models(portfolio.rows, model_id).items():
        shape = newest_shape(portfolio.shapes, other)
        out.append(ModelChoice(other, shape.name(lang) if shape else other, count))
    return out


def _levels_json(m: ModelLevels) -> dict:
    return {"id": m.model_id, "version": m.model_version, "overall": m.level, "coverage": m.coverage,
            "domains": dict(m.domains)}


def portfolio_as_json(portfolio: Portfolio, *, anonymise: bool = False, lang: str = "en",
                      model_id: str | None = None) -> list[dict]:
    """``omm portfolio --json``: one object per engagement scored on the model (default: the most used).

    ``model``, ``overall``, ``coverage`` and ``domains`` are that model's levels (with
    ``model_id="all"``: each engagement's primary model's); ``models`` lists every model
    the engagement is scored on, so no figure is read against the wrong model.
    """
    from app.analytics import PortfolioFilter, filter_rows
    from app.content.classification import industry_name, size_name

    model = chosen_model(portfolio, model_id)
    rows = filter_rows(portfolio.rows, PortfolioFilter(model_id=model, include_archived=True))
    names = Names(portfolio.rows, anonymise=anonymise, lang=lang)
    out = []
    for r in rows:
        m = r.levels_for(model) if model else r.primary
        item = {
            "id": r.engagement_id, "engagement": names.engagement(r), "customer": names.customer(r),
            "industry": r.industry_code or None, "industry_name": industry_name(r.industry_code, lang),
            "industry_text": None if anonymise else r.industry_text,
            "size": r.size_code or None, "size_name": size_name(r.size_code, lang),
            "services": list(r.service_ids), "date": r.assessed_on.isoformat() if r.assessed_on else None,
            "year": r.year, "status": r.status, "archived": r.archived,
            "model": {"id": m.model_id, "version": m.model_version} if m else None,
            "overall": m.level if m else None, "coverage": m.coverage if m else None,
            "domains": dict(m.domains) if m else {},
            "models": [_levels_json(x) for x in r.models],
            "problem": ("its model or questionnaire is not installed here" if anonymise else r.problem)
            if r.problem else None,
        }
        if anonymise:
            item.pop("id")
        out.append(item)
    return out
