"""Recommendation order and strengths/risks (app.diagnosis.ranking), on hand-built cases."""

from __future__ import annotations

from types import SimpleNamespace

from app.diagnosis.ranking import (
    applicable_recommendations,
    recommendation_order,
    strengths_and_risks,
)


def _model(mini_library):
    return next(iter(mini_library.models.values()))


def test_only_the_steps_between_level_and_target_apply(mini_library):
    model = _model(mini_library)  # one recommendation: change.approval from 2 to 3

    def cap(level, target, capability="change.approval"):
        gap = None if level is None or target is None else target - level
        return SimpleNamespace(capability_id=capability, level=level, target=target, gap=gap)

    assert [r.id for r in applicable_recommendations(model, cap(2.0, 4.0))] == ["rec.change.models"]
    assert [r.id for r in applicable_recommendations(model, cap(2.5, 3.0))] == ["rec.change.models"]
    assert applicable_recommendations(model, cap(3.0, 4.0)) == []  # already past the step
    assert applicable_recommendations(model, cap(1.0, 2.0)) == []  # the step starts at the target
    assert applicable_recommendations(model, cap(2.0, 2.0)) == []  # no gap
    assert applicable_recommendations(model, cap(None, 4.0)) == []  # not assessed
    assert applicable_recommendations(model, cap(2.0, 4.0, "other.capability")) == []


def test_order_is_impact_then_effort_then_horizon_then_gap(mini_library):
    base = next(iter(_model(mini_library).recommendations))

    def rec(impact, effort, horizon, from_level=2, to_level=3):
        return base.model_copy(update={"impact": type(base.impact)(impact), "effort": type(base.effort)(effort),
                                       "horizon": type(base.horizon)(horizon), "from_level": from_level,
                                       "to_level": to_level})

    items = [("low impact", rec("low", "low", "short"), 2.0),
             ("high, high effort", rec("high", "high", "short"), 2.0),
             ("high, low effort, long", rec("high", "low", "long"), 2.0),
             ("high, low effort, short, small gap", rec("high", "low", "short"), 0.5),
             ("high, low effort, short, big gap", rec("high", "low", "short"), 1.5),
             ("high, low effort, short, big gap, later step", rec("high", "low", "short", 3, 4), 1.5)]
    ordered = [name for name, r, gap in sorted(items, key=lambda x: recommendation_order(x[1], x[2]))]
    assert ordered == ["high, low effort, short, big gap", "high, low effort, short, big gap, later step",
                       "high, low effort, short, small gap", "high, low effort, long", "high, high effort",
                       "low impact"]


def test_strengths_are_the_highest_and_risks_the_furthest_below_target_not_listed_twice():
    caps = {name: SimpleNamespace(name=name, level=level, gap=gap) for name, level, gap in [
        ("a", 4.5, 0.5), ("b", 4.0, 0.0), ("c", 4.0, 1.0), ("d", 3.0, 2.0), ("e", 1.0, 3.0), ("f", 2.0, 0.0),
        ("g", 1.5, 2.0), ("h", 2.5, 1.0), ("i", 2.0, 1.0)]}
    strengths, risks = strengths_and_risks(list(caps.values()), lambda c: c.level, lambda c: c.gap)
    assert [c.name for c in strengths] == ["a", "b", "c"]  # equal levels: the smaller gap first
    assert [c.name for c in risks] == ["e", "g", "d", "i", "h"]  # "a" and "c" have gaps but are strengths
    none, only = strengths_and_risks([], lambda c: c.level, lambda c: c.gap)
    assert none == () and only == ()


def test_the_best_of_a_weak_set_is_not_called_a_strength():
    # a 0-3 model where every capability is low: only one at its target counts as a strength
    caps = [SimpleNamespace(name=n, level=lv, gap=g) for n, lv, g in
            [("monitoring", 1.0, 1.0), ("backup", 0.5, 1.5), ("policy", 1.0, 0.0), ("runbooks", 2.0, 0.5)]]
    strengths, risks = strengths_and_risks(caps, lambda c: c.level, lambda c: c.gap, floor=1.5)
    assert [c.name for c in strengths] == ["runbooks", "policy"]  # above the floor, or at its target
    assert [c.name for c in risks] == ["backup", "monitoring"]
    # without a floor the three highest are listed whatever their level
    strengths, _ = strengths_and_risks(caps, lambda c: c.level, lambda c: c.gap)
    assert [c.name for c in strengths] == ["runbooks", "policy", "monitoring"]
