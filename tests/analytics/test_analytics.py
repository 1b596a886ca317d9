"""Comparison, like with like, trend, benchmark and anonymisation on hand-built engagements."""

from __future__ import annotations

from datetime import date

import pytest

from app.analytics import (
    ModelLevels,
    Names,
    PortfolioFilter,
    PortfolioRow,
    benchmark,
    compare,
    filter_rows,
    like_with_like,
    spread,
    trend,
)
from app.analytics.anonymise import letters
from app.analytics.portfolio import DomainShape, ModelShape, domain_columns, sort_rows

V1 = ModelShape("sre", "1.0", "SRE", "SRE 模型", 1, 5, (
    DomainShape("change", "Change", "变更", ("change.approval", "change.rollback")),
    DomainShape("incident", "Incident", "事件", ("incident.response",)),
), {"change.approval": ("Approval", "审批"), "change.rollback": ("Rollback", "回滚"),
    "incident.response": ("Response", "响应")})
# 2.0 adds a capability to incident and drops rollback: only approval and response compare;
# the change domain no longer has the same capabilities, nor does incident.
V2 = ModelShape("sre", "2.0", "SRE", "SRE 模型", 1, 5, (
    DomainShape("change", "Change", "变更", ("change.approval",)),
    DomainShape("incident", "Incident", "事件", ("incident.response", "incident.review")),
), {"change.approval": ("Approval", "审批"), "incident.response": ("Response", "响应"),
    "incident.review": ("Review", "复盘")})
OTHER_SCALE = ModelShape("lite", "1.0", "Lite", "精简", 0, 3, V1.domains, V1.capability_names)
SHAPES = {s.key: s for s in (V1, V2, OTHER_SCALE)}


def levels(shape: ModelShape, overall, domains: dict, caps: dict) -> ModelLevels:
    return ModelLevels(shape.model_id, shape.version, overall, 1.0, domains, {k: 1.0 for k in domains}, caps)


def row(eid: str, customer: str, when: date, models=(), industry="banking", size="large", services=("basic",),
        archived=False) -> PortfolioRow:
    return PortfolioRow(eid, f"{customer} {when.year}", f"c-{customer}", customer, industry, industry.title(), size,
                        tuple(services), when, "completed", archived, None, tuple(models))


def v1(overall, change, incident, approval, rollback, response):
    return levels(V1, overall, {"change": change, "incident": incident},
                  {"change.approval": approval, "change.rollback": rollback, "incident.response": response})


def test_same_model_compares_every_capability_domain_and_overall():
    a = row("a", "Acme", date(2025, 3, 1), [v1(2.5, 2.0, 3.0, 2.0, 2.0, 3.0)])
    b = row("b", "Bolt", date(2025, 6, 1), [v1(3.5, 4.0, 3.0, 4.5, 3.5, 3.0)])
    c = compare([a, b], SHAPES)
    assert c.overlap.same_model and c.overlap.percent == 100 and len(c.overlap.common) == 3
    assert c.overall == (2.5, 3.5)
    assert [(d.id, v) for d, v in c.domains] == [("change", (2.0, 4.0)), ("incident", (3.0, 3.0))]
    assert [(r.capability_id, r.levels) for r in c.capabilities] == [
        ("change.approval", (2.0, 4.5)), ("change.rollback", (2.0, 3.5)), ("incident.response", (3.0, 3.0))]
    assert c.labels == ["Acme 2025", "Bolt 2025"] and c.scale == (1, 5)
    assert "all 3 capabilities" in c.overlap.statement("en") and "全部可比较" in c.overlap.statement("zh")


def test_model_versions_compare_only_capabilities_with_same_id_and_scale():
    a = row("a", "Acme", date(2024, 3, 1), [v1(2.5, 2.0, 3.0, 2.0, 2.0, 3.0)])
    b = row("b", "Acme", date(2025, 3, 1), [levels(V2, 3.0, {"change": 3.0, "incident": 3.0},
                                                   {"change.approval": 3.0, "incident.response": 4.0,
                                                    "incident.review": 2.0})])
    overlap = like_with_like([V1, V2])
    assert overlap.common == ("change.approval", "incident.response") and overlap.total == 4
    assert overlap.percent == 50 and overlap.domains == () and not overlap.overall
    c = compare([a, b], SHAPES)
    assert c.overall is None and c.domains == ()
    assert [(r.capability_id, r.levels) for r in c.capabilities] == [("change.approval", (2.0, 3.0)),
                                                                     ("incident.response", (3.0, 4.0))]
    text = c.overlap.statement("en")
    assert "2 of 4 (50 %)" in text and "SRE 1.0, SRE 2.0" in text and "overall level is not comparable" in text
    assert "2 / 4 项（50%）" in c.overlap.statement("zh")


def test_different_scales_compare_nothing():
    a = row("a", "Acme", date(2024, 3, 1), [v1(2.5, 2.0, 3.0, 2.0, 2.0, 3.0)])
    b = row("b", "Bolt", date(2025, 3, 1), [levels(OTHER_SCALE, 2.0, {"change": 2.0, "incident": 2.0},
                                                   {"change.approval": 2.0, "change.rollback": 2.0,
                                                    "incident.response": 2.0})])
    c = compare([a, b], SHAPES)
    assert c.capabilities == () and c.overall is None and c.overlap.percent == 0
    assert "scales differ" in c.overlap.statement("en")


def test_unscored_engagement_is_left_out_with_the_reason():
    a = row("a", "Acme", date(2024, 3, 1), [v1(2.5, 2.0, 3.0, 2.0, 2.0, 3.0)])
    b = PortfolioRow("b", "Broken", "c-b", "Broken", "", "", "", (), date(2025, 1, 1), "planned",
                     problem="engagement 'Broken' needs maturity model 'x' version 9, which is not installed")
    c = compare([a, b], SHAPES)
    assert [e.row.engagement_id for e in c.engagements] == ["a"]
    assert c.left_out[0][0].engagement_id == "b" and "not installed" in c.left_out[0][1]


def test_anonymised_names_are_letters_in_order_and_hide_engagement_names():
    rows = [row("z", "Zeta Bank", date(2025, 1, 5)), row("y", "Alpha Bank", date(2025, 2, 5)),
            row("x", "Zeta Bank", date(2025, 1, 20))]
    names = Names(rows, anonymise=True)
    assert [names.customer(r) for r in rows] == ["Customer A", "Customer B", "Customer A"]
    shown = [names.engagement(r) for r in rows]
    assert shown == ["Customer A 2025-01", "Customer B 2025-02", "Customer A 2025-01 (2)"]
    assert not any("Zeta" in s or "Alpha" in s for s in shown)
    assert Names(rows, anonymise=True, lang="zh").customer(rows[1]) == "客户B"
    assert Names(rows, anonymise=False).customer(rows[0]) == "Zeta Bank"
    assert [letters(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_anonymised_comparison_carries_no_customer_name():
    a = row("a", "Acme Secret Corp", date(2025, 3, 1), [v1(2.5, 2.0, 3.0, 2.0, 2.0, 3.0)])
    b = row("b", "Bolt Hidden Ltd", date(2025, 6, 1), [v1(3.5, 4.0, 3.0, 4.5, 3.5, 3.0)])
    c = compare([a, b], SHAPES, anonymise=True)
    shown = repr((c.labels, [e.customer for e in c.engagements]))
    assert "Acme" not in shown and "Bolt" not in shown and c.anonymised
    assert c.labels == ["Customer A 2025-03", "Customer B 2025-06"]


def test_trend_orders_by_date_and_names_improvements_and_fall_backs():
    rows = [
        row("late", "Acme", date(2026, 1, 1), [v1(3.0, 3.5, 2.0, 4.0, 3.0, 2.0)]),
        row("early", "Acme", date(2024, 1, 1), [v1(2.0, 2.0, 3.0, 1.5, 2.5, 3.0)]),
        row("mid", "Acme", date(2025, 1, 1), [v1(2.5, 2.5, 2.5, 2.0, None, 2.5)]),
        row("other", "Bolt", date(2025, 1, 1), [v1(1.0, 1.0, 1.0, 1.0, 1.0, 1.0)]),
    ]
    t = trend(rows, "c-Acme", SHAPES)
    assert [e.row.engagement_id for e in t.comparison.engagements] == ["early", "mid", "late"]
    assert [(c.capability_id, c.before, c.after, c.delta) for c in t.improved] == [
        ("change.approval", 1.5, 4.0, 2.5), ("change.rollback", 2.5, 3.0, 0.5)]
    assert [(c.capability_id, c.delta) for c in t.fell_back] == [("incident.response", -1.0)]
    assert t.comparison.overall == (2.0, 2.5, 3.0)


def _population(n: int, industry="banking", size="large", start=1.0):
    return [row(f"e{i}", f"C{i}", date(2025, 1, 1 + i % 28), [v1(start + i * 0.5, start + i * 0.5, 2.0,
                                                                    1.0 + (i % 3), 2.0, 3.0)],
                industry=industry, size=size)
            for i in range(n)]


def test_spread_is_hidden_below_the_minimum_group_and_quartiles_are_inclusive():
    assert spread([1.0, 2.0, 3.0, 4.0], 5).median is None and spread([1.0, 2.0, 3.0, 4.0], 5).n == 4
    s = spread([1.0, 2.0, 3.0, 4.0, 5.0], 5)
    assert (s.n, s.q1, s.median, s.q3) == (5, 2.0, 3.0, 4.0)
    s = spread([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 5)
    assert (s.q1, s.median, s.q3) == (2.25, 3.5, 4.75)


def test_benchmark_figures_with_n_for_the_subject_against_the_rest():
    rows = _population(6) + _population(3, industry="retail")
    subject = row("me", "Me", date(2025, 5, 1), [v1(2.0, 4.0, 1.5, 1.0, 2.0, 3.0)])
    rows.append(subject)
    b = benchmark(rows, SHAPES, subject_id="me", industry="banking", size="large", min_group=5)
    # change domain levels of the six: 1.0, 1.5, ..., 3.5 (the subject is not in its own group)
    assert b.group == 6 and b.overall.n == 6
    change = b.domains[0]
    # inclusive quartiles 1.625, 2.25, 2.875, rounded half-up once
    assert change.figures.n == 6 and (change.figures.q1, change.figures.median, change.figures.q3) == (1.63, 2.25,
                                                                                                          2.88)
    assert change.subject == 4.0 and change.position == "top_quartile"
    assert b.domains[1].subject == 1.5 and b.domains[1].position == "bottom_quartile"
    # the retail group has three engagements: nothing is shown, but its size is
    small = benchmark(rows, SHAPES, subject_id="me", industry="retail", min_group=5)
    assert small.group == 3 and small.overall.n == 3 and not small.overall.shown
    assert all(not d.figures.shown for d in small.domains) and small.overall_position is None


def test_benchmark_counts_only_like_with_like_domains():
    rows = _population(5)
    rows += [row(f"n{i}", f"N{i}", date(2025, 6, 1), [levels(V2, 3.0, {"change": 3.0, "incident": 3.0},
                                                            {"change.approval": 1.0, "incident.response": 3.0})])
             for i in range(5)]
    b = benchmark(rows, SHAPES, min_group=5)  # the newest version of the most used model: 2.0
    assert b.model.key == ("sre", "2.0")
    assert [(d.domain.id, d.figures.n) for d in b.domains] == [("change", 5), ("incident", 5)]
    assert b.overall.n == 5


def test_commonly_weak_capabilities_ranked_by_share_in_the_lowest_two_levels():
    b = benchmark(_population(6), SHAPES, min_group=5)
    # rollback is at 2 everywhere, approval at 1, 2, 3, 1, 2, 3; response at 3 is not weak on a 1-5 scale
    assert [(w.capability_id, w.n, w.weak, w.median) for w in b.weak] == [("change.rollback", 6, 6, 2.0),
                                                                         ("change.approval", 6, 4, 2.0)]
    assert b.weak[1].share == pytest.approx(4 / 6)


def test_filters_sorting_and_domain_columns():
    rows = _population(3) + [row("old", "Old", date(2023, 1, 1), [v1(1, 1, 1, 1, 1, 1)], industry="retail",
                                 size="medium", services=("planning",), archived=True)]
    assert [r.engagement_id for r in filter_rows(rows, PortfolioFilter(industry="retail"))] == []
    assert [r.engagement_id for r in filter_rows(rows, PortfolioFilter(industry="retail", include_archived=True))] \
        == ["old"]
    assert len(filter_rows(rows, PortfolioFilter(year=2025, service_id="basic"))) == 3
    assert sort_rows(rows)[-1].engagement_id == "old"
    assert [d.id for d in domain_columns(rows, SHAPES)] == ["change", "incident"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_statement_in_both_languages_names_no_customer(lang):
    assert "Acme" not in like_with_like([V1, V2]).statement(lang)


def test_anonymised_reasons_name_no_engagement():
    a = row("a", "Acme", date(2024, 3, 1), [v1(2.5, 2.0, 3.0, 2.0, 2.0, 3.0)])
    b = PortfolioRow("b", "Broken Secret 2025", "c-b", "Broken Secret", "", "", "", (), date(2025, 1, 1), "planned",
                     problem="engagement 'Broken Secret 2025' needs maturity model 'x' version 9, which is not "
                             "installed")
    c = compare([a, b], SHAPES, anonymise=True)
    assert "Secret" not in repr([why for _, why in c.left_out])


def test_levels_from_a_stored_payload_read_as_json_text_are_the_same_figures():
    """The portfolio keeps each summary's payload as its JSON text until a figure of it is read."""
    import json
    import pickle

    original = ModelLevels("m", "1.0", 2.5, 0.8, {"change": 2.0, "slo": None}, {"change": 0.9, "slo": 0.0},
                           {"change.approval": 2.0, "slo.targets": None})
    payload = original.to_payload()
    from_text = ModelLevels.from_payload("m", "1.0", 2.5, 0.8, json.dumps(payload))
    from_dict = ModelLevels.from_payload("m", "1.0", 2.5, 0.8, payload)
    for levels in (from_text, from_dict):
        assert levels == original and original == levels
        assert dict(levels.domains) == {"change": 2.0, "slo": None} and levels.domains.get("slo", 1) is None
        assert levels.domains.get("nothing", 7) == 7 and "change" in levels.domains and len(levels.domains) == 2
        assert levels.domain_coverage["change"] == 0.9 and list(levels.capabilities) == ["change.approval",
                                                                                        "slo.targets"]
        assert levels.to_payload() == payload
        assert pickle.loads(pickle.dumps(levels)) == original
    with pytest.raises(KeyError):
        from_text.capabilities["nothing"]
    empty = ModelLevels.from_payload("m", "1.0", None, None, "{}")
    assert dict(empty.domains) == {} and dict(empty.capabilities) == {}
