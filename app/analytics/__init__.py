"""Analytics: cross-engagement comparison, trends and benchmarks (pure: plain objects in and out, no Qt,
no SQLAlchemy sessions)."""
