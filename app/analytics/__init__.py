"""Analytics: cross-engagement comparison, trends and benchmarks (pure: plain objects in and out, no Qt,
no SQLAlchemy sessions)."""

from app.analytics.anonymise import Names, customer_aliases
from app.analytics.benchmark import MIN_GROUP, Benchmark, Spread, benchmark, spread
from app.analytics.compare import Comparison, Overlap, compare, like_with_like
from app.analytics.portfolio import (
    SUMMARY_FORMAT,
    ModelLevels,
    ModelShape,
    PortfolioFilter,
    PortfolioRow,
    filter_rows,
    levels_from_scores,
    shape_of,
    sort_rows,
)
from app.analytics.trend import Trend, trend

__all__ = ["MIN_GROUP", "SUMMARY_FORMAT", "Benchmark", "Comparison", "ModelLevels", "ModelShape", "Names",
           "Overlap", "PortfolioFilter", "PortfolioRow", "Spread", "Trend", "benchmark", "compare",
           "customer_aliases", "filter_rows", "levels_from_scores", "like_with_like", "shape_of", "sort_rows",
           "spread", "trend"]
