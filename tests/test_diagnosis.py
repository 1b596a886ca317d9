"""Drafting rules, policies, the executive summary and baseline deltas on hand-built answers.

Fixture model ``mini`` (tests/fixtures/content): domain change = change.approval (q1 levels,
q2 yes/no 3|1) + change.rollback (q3 % with tested rollback, thresholds 0/25/50/80/95 -> 1..5);
domain incident = incident.response (q4 choice). Default target 3.
"""

from __future__ import annotations

import pytest

from app.content.schema import Objective, Questionnaire, Text
from app.diagnosis.baseline import compare_to_baseline
from app.diagnosis.findings import (
    DraftInputs,
    Finding,
    FindingStatus,
    FindingType,
    Severity,
    SupportKind,
    approved,
    draft_findings,
    edit,
    merge,
    redraft,
    set_status,
)
from app.diagnosis.policies import Policy, PolicyInputs, draft_policies, quick_wins, rank_policies
from app.diagnosis.summary import ExecutiveSummary, draft_summary
from app.diagnosis.text import Bilingual, unit
from app.scoring import AnswerStatus, Response, score_model

GIVEN = AnswerStatus.GIVEN
ROLES = {"executive": Bilingual("Executives", "管理层"), "sre": Bilingual("SREs", "SRE工程师")}


def r(q: str, who: str, value: str | None, role: str = "sre", status: AnswerStatus = GIVEN, note: str = "",
      questionnaire: str = "mini-q") -> Response:
    return Response(questionnaire, q, who, who.title(), role, status, value, note=note)


@pytest.fixture
def model(mini_library):
    return mini_library.model("mini")


@pytest.fixture
def questionnaire(mini_library):
    return mini_library.questionnaire("mini-q")


@pytest.fixture
def kpi_questionnaire(questionnaire):
    """mini-q with a KPI question: change fail rate in %, lower is better (<=5 % -> 5 ... >30 % -> 0)."""
    data = questionnaire.model_dump(mode="json")
    data["id"] = "mini-kpi"
    data["sections"] = [{"id": "s.kpi", "title": {"en": "KPIs", "zh": "指标"}, "questions": [{
        "id": "k1", "capability": "change.approval", "text": {"en": "Change fail rate?", "zh": "变更失败率？"},
        "roles": ["sre"], "answer": {"type": "numeric", "unit": "%", "kpi": "change_fail_rate", "thresholds": [
            {"level": 5, "at_most": 5}, {"level": 3, "at_most": 15}, {"level": 1, "at_most": 30}]}}]}]
    return Questionnaire.model_validate(data)


def draft(model, questionnaires, answers, **kw):
    score = score_model(model, questionnaires, answers, kw.pop("targets", None))
    return score, draft_findings(DraftInputs(model, score, questionnaires, ROLES, **kw))


def by_id(findings: list[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


# --- drafting rules -----------------------------------------------------------------------------------


def test_low_scores_with_agreement_are_a_weakness(model, questionnaire):
    answers = [r("q1", "ann", "1"), r("q1", "bob", "2", role="executive"), r("q2", "ann", "no")]
    _, findings = draft(model, [questionnaire], answers)
    f = by_id(findings)["weakness:mini:change.approval"]
    # approval: q1 median 1.5 (w1), q2 no -> 1 (w2): (1.5 + 2) / 3 = 1.17; target 3, gap 1.83
    assert f.type is FindingType.WEAKNESS and f.severity is Severity.MEDIUM
    assert "1.17" in f.title.en and "3.00" in f.title.en and "1.17" in f.title.zh
    assert f.capability_ids == ("change.approval",) and f.domain_id == "change"
    assert f.recommendation_ids == ("rec.change.models",)
    answers_shown = [s for s in f.support if s.kind is SupportKind.ANSWER]
    assert [s.level for s in answers_shown] == [1, 1, 2]  # lowest first
    assert f.status is FindingStatus.DRAFT


def test_low_scores_with_disagreement_are_not_a_weakness_but_an_observation(model, questionnaire):
    answers = [r("q1", "ann", "0"), r("q1", "bob", "3", role="executive")]
    _, findings = draft(model, [questionnaire], answers)
    ids = by_id(findings)
    assert "weakness:mini:change.approval" not in ids
    f = ids["perception:mini:change.approval"]
    assert f.type is FindingType.OBSERVATION
    assert "Executives" in f.title.en and "SREs" in f.title.en and "3.0" in f.title.en and "0.0" in f.title.en
    assert "管理层" in f.title.zh and "SRE工程师" in f.title.zh


def test_a_practice_near_the_bottom_of_the_scale_is_a_risk(model, questionnaire):
    _, findings = draft(model, [questionnaire], [r("q3", "ann", "10"), r("q3", "bob", "5")])
    f = by_id(findings)["weakness:mini:change.rollback"]  # 10 % -> level 1, 1/5 of the scale
    assert f.type is FindingType.RISK and f.severity is Severity.HIGH
    assert findings[0].id == f.id  # the most serious leads


def test_high_scores_with_agreement_are_a_strength(model, questionnaire):
    answers = [r("q4", "ann", "ic"), r("q4", "bob", "ic", role="executive")]
    _, findings = draft(model, [questionnaire], answers)
    f = by_id(findings)["strength:mini:incident.response"]
    assert f.type is FindingType.STRENGTH and f.recommendation_ids == ()
    assert "4.00" in f.title.en


def test_middle_scores_draft_nothing(model, questionnaire):
    # level 2 against target 3 is a weakness (a gap of 1.0 is one) ...
    _, findings = draft(model, [questionnaire], [r("q4", "ann", "manager"), r("q4", "bob", "manager")])
    assert [f.id for f in findings] == ["weakness:mini:incident.response"]
    # ... against 2.9 it is not, and level 2 is too low on the scale to be a strength
    _, findings = draft(model, [questionnaire], [r("q4", "ann", "manager")], targets={"incident.response": 2.9})
    assert findings == []


def test_role_spread_is_an_observation_on_perception(model, questionnaire):
    # the roles' levels are the heatmap's (the capability rule on one role's answers):
    # executive q1 = 4; sre q1 = 2 (weight 1), q2 no = 1 (weight 2): (2 + 2) / 3 = 1.33
    answers = [r("q1", "exec", "4", role="executive"), r("q1", "ann", "2"), r("q2", "ann", "no")]
    _, findings = draft(model, [questionnaire], answers)
    f = by_id(findings)["perception:mini:change.approval"]
    assert "4.00" in f.statement.en and "1.33" in f.statement.en
    assert {s.role for s in f.support if s.kind is SupportKind.ANSWER} == {"executive", "sre"}


def test_kpi_values_against_thresholds(model, kpi_questionnaire):
    bad = [r("k1", "ann", "35", questionnaire="mini-kpi"), r("k1", "bob", "40", questionnaire="mini-kpi")]
    _, findings = draft(model, [kpi_questionnaire], bad)
    f = by_id(findings)["kpi:mini:change_fail_rate:k1"]
    assert f.type is FindingType.WEAKNESS and f.severity is Severity.HIGH  # 37.5 % earns level 0
    assert "37.5%" in f.title.en and "变更失败率" in f.title.zh
    assert [s.text for s in f.support] == ["35", "40"] and all(s.kind is SupportKind.KPI for s in f.support)
    good = [r("k1", "ann", "3", questionnaire="mini-kpi")]
    _, findings = draft(model, [kpi_questionnaire], good)
    assert by_id(findings)["kpi:mini:change_fail_rate:k1"].type is FindingType.STRENGTH
    middling = [r("k1", "ann", "12", questionnaire="mini-kpi")]
    _, findings = draft(model, [kpi_questionnaire], middling)
    assert not any(f.rule == "kpi" for f in findings)
    unknown = [r("k1", "ann", None, status=AnswerStatus.UNKNOWN, questionnaire="mini-kpi")]
    _, findings = draft(model, [kpi_questionnaire], unknown)
    f = by_id(findings)["kpi:mini:change_fail_rate:k1"]
    assert f.type is FindingType.OBSERVATION and "not measured" in f.title.en


def test_only_notes_marked_quotable_become_quotes(model, questionnaire):
    answers = [r("q3", "ann", "10", note="We roll back by restoring last night's backup."),
               r("q3", "bob", "5", note="Nobody has tried a rollback this year.")]
    _, findings = draft(model, [questionnaire], answers, quotable=frozenset({("mini-q", "q3", "bob")}),
                        evidence={("mini-q", "q3", "ann"): (("ev1", "Change log"),)})
    f = by_id(findings)["weakness:mini:change.rollback"]
    kinds = {s.text: s.kind for s in f.support if s.kind in (SupportKind.NOTE, SupportKind.QUOTE)}
    assert kinds == {"Nobody has tried a rollback this year.": SupportKind.QUOTE,
                     "We roll back by restoring last night's backup.": SupportKind.NOTE}
    assert [(s.text, s.ref) for s in f.support if s.kind is SupportKind.EVIDENCE] == [("Change log", "ev1")]


def test_findings_round_trip_through_dicts(model, questionnaire):
    answers = [r("q3", "ann", "10", note="n"), r("q1", "ann", "0"), r("q1", "bob", "3", role="executive")]
    _, findings = draft(model, [questionnaire], answers)
    assert findings and [Finding.from_dict(f.to_dict()) for f in findings] == findings


# --- the consultant's edits ---------------------------------------------------------------------------


def test_redraft_keeps_what_the_consultant_touched(model, questionnaire):
    _, first = draft(model, [questionnaire], [r("q3", "ann", "10"), r("q4", "ann", "ic"), r("q4", "b", "ic")])
    risk, strength = "weakness:mini:change.rollback", "strength:mini:incident.response"
    mine = edit(first, risk, title=Bilingual("Rollback is untested", "回滚未经验证"))
    mine = set_status(mine, strength, FindingStatus.APPROVED)
    # the data changes: rollback now fine, incident response now weak
    _, second = draft(model, [questionnaire], [r("q3", "ann", "96"), r("q4", "ann", "nobody")])
    merged = by_id(redraft(mine, second))
    assert merged[risk].title.en == "Rollback is untested" and merged[risk].edited
    assert merged[strength].status is FindingStatus.APPROVED  # decided: kept although no longer drafted
    assert "strength:mini:change.rollback" in merged  # new draft added
    assert approved(merged.values()) == [merged[strength]]


def test_merge_pools_support_and_redraft_does_not_resurrect(model, questionnaire):
    answers = [r("q3", "ann", "10"), r("q1", "ann", "1"), r("q2", "ann", "no")]
    _, findings = draft(model, [questionnaire], answers)
    ids = ["weakness:mini:change.rollback", "weakness:mini:change.approval"]
    merged = merge(findings, ids, "m1")
    m = by_id(merged)["m1"]
    assert m.type is FindingType.RISK and set(m.capability_ids) == {"change.rollback", "change.approval"}
    assert set(m.merged_from) == set(ids) and not any(f.id in ids for f in merged)
    assert len(m.support) == sum(len(by_id(findings)[i].support) for i in ids)
    again = redraft(merged, findings)
    assert not any(f.id in ids for f in again)
    with pytest.raises(ValueError):
        merge(findings, ids[:1], "m2")
    with pytest.raises(ValueError):
        edit(findings, ids[0], status=FindingStatus.APPROVED)


# --- policies -----------------------------------------------------------------------------------------


def _policy(pid: str, benefit: float, effort: str = "medium", horizon: str = "short", **kw) -> Policy:
    return Policy(id=pid, title=Bilingual(pid, pid), description=Bilingual(), model_id="m", domain_id="d",
                  capability_id="c", from_level=1, to_level=2, impact="", benefit=benefit, effort=effort,
                  horizon=horizon, start_month={"short": 0, "medium": 3, "long": 6}[horizon], **kw)


def test_impact_is_graded_by_rank_not_high_everywhere():
    ranked = rank_policies(_policy(f"p{i}", benefit=10 - i) for i in range(10))
    grades = {p.id: p.impact for p in ranked}
    assert [grades[f"p{i}"] for i in range(10)] == ["high"] * 3 + ["medium"] * 4 + ["low"] * 3


def test_ranking_weighs_benefit_against_effort_and_start():
    ranked = rank_policies([_policy("big-heavy", 6, "high"), _policy("small-light", 3, "low"),
                            _policy("same-later", 3, "low", "medium")])
    assert [p.id for p in ranked] == ["small-light", "same-later", "big-heavy"]  # 3/1 = 3/1 > 6/3.5
    assert [p.rank for p in ranked] == [1, 2, 3]


def test_quick_wins_start_within_three_months_and_wait_for_nothing():
    ps = [_policy("a", 1, "low"), _policy("b", 1, "high"), _policy("c", 1, "low", "medium"),
          _policy("d", 1, "medium", prerequisites=("a",))]
    assert [p.id for p in quick_wins(ps)] == ["a"]


def test_policies_drafted_from_gaps_and_findings_serve_objectives(model, questionnaire):
    score, findings = draft(model, [questionnaire], [r("q1", "ann", "2"), r("q2", "ann", "no")])
    objective = Objective(id="obj.safe", name=Text(en="Safer changes", zh="变更更安全"),
                          description=Text(en="x", zh="x"), domains=("change",))
    policies = draft_policies(PolicyInputs(model, score, findings, [objective]))
    (p,) = policies
    assert p.id == "rec.change.models" and p.objectives == ("obj.safe",) and p.rank == 1
    assert p.finding_ids == ("weakness:mini:change.approval",) and p.quick_win
    assert Policy.from_dict(p.to_dict()) == p
    at_target = score_model(model, [questionnaire], [r("q1", "ann", "4"), r("q2", "ann", "yes")])
    assert draft_policies(PolicyInputs(model, at_target)) == []


# --- executive summary --------------------------------------------------------------------------------


def test_summary_names_position_strengths_risks_and_first_steps(model, questionnaire):
    answers = [r("q3", "ann", "10"), r("q4", "ann", "ic"), r("q4", "bob", "ic", role="executive"),
               r("q1", "ann", "2"), r("q2", "ann", "no")]
    score, findings = draft(model, [questionnaire], answers)
    policies = draft_policies(PolicyInputs(model, score, findings))
    summary = draft_summary(model, score, findings, policies, "Acme")
    en, zh = summary.text("en"), summary.text("zh")
    assert en.startswith("Acme operates at an overall O&M maturity of")
    assert "Strengths to build on:" in en and "Response: an established practice" in en
    assert "Risks that matter most:" in en and "Rollback: practice largely missing" in en
    assert "First recommendations:" in en and "Define change models" in en
    assert "quick win" in en and en.rstrip().endswith("roadmap on them.")
    assert zh.startswith("Acme的整体运维成熟度为") and "定义变更模型" in zh and "可以依托的优势" in zh
    assert ExecutiveSummary.from_dict(summary.to_dict()) == summary
    # with approved findings, only those are summarised
    only = set_status(findings, "strength:mini:incident.response", FindingStatus.APPROVED)
    text = draft_summary(model, score, only, policies, "Acme").text("en")
    assert "Response: an established practice" in text and "Rollback" not in text.split("First")[0]


# --- baseline -----------------------------------------------------------------------------------------


def test_baseline_deltas_on_a_hand_built_pair(model, questionnaire):
    before = score_model(model, [questionnaire], [r("q1", "ann", "1"), r("q2", "ann", "no"), r("q3", "ann", "60"),
                                                  r("q4", "ann", "ic")])
    after = score_model(model, [questionnaire], [r("q1", "ann", "3"), r("q2", "ann", "yes"), r("q3", "ann", "85")])
    cmp = compare_to_baseline(model, after, before, "Acme 2025")
    caps = {d.id: d for d in cmp.capabilities}
    # approval 1.00 -> 3.00 ; rollback 3 -> 4 ; response 4 -> not assessed
    assert caps["change.approval"].delta == 2.0 and caps["change.rollback"].delta == 1.0
    assert caps["incident.response"].delta is None
    assert [d.id for d in cmp.most_improved] == ["change.approval", "change.rollback"]
    assert cmp.fallen_back == () and [d.id for d in cmp.no_longer_assessed] == ["incident.response"]
    doms = {d.id: d for d in cmp.domains}
    # change: (1*1 + 3*3)/4 = 2.5 -> (3*1 + 4*3)/4 = 3.75
    assert doms["change"].before == pytest.approx(2.5) and doms["change"].delta == 1.25
    worse = compare_to_baseline(model, before, after)
    assert [d.id for d in worse.fallen_back] == ["change.approval", "change.rollback"]


def test_units_in_chinese():
    assert unit("alerts per day", "zh") == "条告警/天" and unit("hours", "zh") == "小时"
    assert unit("changes per week", "zh") == "次变更/周"
    assert unit("hours", "en") == "hours"
