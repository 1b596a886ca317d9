"""Scoring rules a model declares, on two firm models loaded with ``--content``, computed by hand.

``tests/fixtures/scale03``: a 0-3 scale, activities answered with fractional option values
(0 / 0.25 / 0.5 / 1, each with its own wording), answer criteria, capabilities scored as the
SUM of their activities, missing answers counted as the lowest level, a mean of the domain
means overall and a disagreement threshold of 0.5.
``tests/fixtures/scale10``: a 1-10 scale with the default rules and a 7.5 option.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.content import load_content
from app.content.schema import MissingAnswers, RollUp
from app.scoring import AnswerStatus, Response, levels_by_role, score_model

FIXTURES = Path(__file__).parent / "fixtures"
SCALE03 = FIXTURES / "scale03"
SCALE10 = FIXTURES / "scale10"
GIVEN, UNKNOWN = AnswerStatus.GIVEN, AnswerStatus.UNKNOWN


def r(questionnaire: str, q: str, who: str, value: str | None, role: str = "sre",
      status: AnswerStatus = GIVEN) -> Response:
    return Response(questionnaire, q, who, who.title(), role, status, value)


ANSWERS03 = [
    ("m1", "ann", "most", "sre"), ("m1", "bob", "all", "executive"),
    ("m2", "ann", "some", "sre"),
    ("m3", "ann", None, "sre"),  # don't know
    ("b1", "ann", "most", "sre"),  # b2 nobody answered
    ("g1", "ann", "2", "sre"), ("g1", "bob", "3", "executive"),
]


def responses03() -> list[Response]:
    return [r("firm03-q", q, who, value, role, GIVEN if value else UNKNOWN) for q, who, value, role in ANSWERS03]


@pytest.fixture(scope="module")
def lib03():
    library = load_content(SCALE03)
    assert library.ok, library.problems
    return library


@pytest.fixture(scope="module")
def lib10():
    library = load_content(SCALE10)
    assert library.ok, library.problems
    return library


def test_sum_roll_up_fractional_options_and_missing_as_lowest(lib03):
    model, questionnaire = lib03.model("firm03"), lib03.questionnaire("firm03-q")
    score = score_model(model, [questionnaire], responses03())
    monitoring = score.capability("ops.monitoring")
    # m1: median(0.5, 1) = 0.75; m2: 0.25; m3 "don't know" counts as 0: sum = 1.00
    assert [q.level for q in monitoring.questions] == [0.75, 0.25, None]
    assert monitoring.level == 1.0 and monitoring.coverage == 0.67  # 2 of 3 answered: coverage still says so
    # b1: 0.5; b2 unanswered counts as 0: 0.50
    assert score.capability("ops.backup").level == 0.5 and score.capability("ops.backup").coverage == 0.5
    # ops = weighted mean (monitoring weight 2): (1.00*2 + 0.50*1) / 3 = 0.8333 -> 0.83; target 2 -> gap 1.17
    ops = score.domain("ops")
    assert (ops.level, ops.target, ops.gap) == (0.83, 2.0, 1.17)
    # g1: median(2, 3) = 2.5, the sum of one question
    assert score.domain("gov").level == 2.5 and score.domain("gov").gap == -0.5
    # overall = mean of the domain means: (0.83 + 2.5) / 2 = 1.665 -> 1.67 half-up (round() gives 1.66)
    assert score.level == 1.67 and score.target == 2.0 and score.gap == 0.33
    # threshold 0.5 declared by the model: m1 (spread 0.5) and g1 (spread 1) disagree
    assert sorted(d.question_id for d in score.disagreements) == ["g1", "m1"]
    # per role by the capability's own rule (sum): sre 0.5 + 0.25, executive 1
    assert levels_by_role(score)["ops.monitoring"] == {"sre": 0.75, "executive": 1.0}


def test_missing_answers_excluded_or_lowest_with_a_weighted_mean(lib03):
    model, questionnaire = lib03.model("firm03"), lib03.questionnaire("firm03-q")
    weighted = model.scoring.roll_up.model_copy(update={"capability": RollUp.WEIGHTED_MEAN})
    for missing, expected in ((MissingAnswers.LOWEST, 0.33), (MissingAnswers.EXCLUDED, 0.5)):
        scoring = model.scoring.model_copy(update={"roll_up": weighted, "missing": missing})
        variant = model.model_copy(update={"scoring": scoring})
        score = score_model(variant, [questionnaire], responses03())
        # lowest: (0.75 + 0.25 + 0) / 3 = 0.333 -> 0.33; excluded: (0.75 + 0.25) / 2 = 0.5
        assert score.capability("ops.monitoring").level == expected, missing
        assert score.capability("ops.monitoring").coverage == 0.67


def test_mean_of_means_ignores_weights(lib03):
    model, questionnaire = lib03.model("firm03"), lib03.questionnaire("firm03-q")
    roll_up = model.scoring.roll_up.model_copy(update={"domain": RollUp.MEAN})
    variant = model.model_copy(update={"scoring": model.scoring.model_copy(update={"roll_up": roll_up})})
    score = score_model(variant, [questionnaire], responses03())
    # (1.00 + 0.50) / 2, the monitoring weight of 2 no longer counts
    assert score.domain("ops").level == 0.75
    assert dict((i, w) for i, _, w in score.domain("ops").inputs) == {"ops.monitoring": 0.5, "ops.backup": 0.5}


def test_a_capability_nobody_spoke_about_stays_not_assessed_under_missing_as_lowest(lib03):
    model, questionnaire = lib03.model("firm03"), lib03.questionnaire("firm03-q")
    score = score_model(model, [questionnaire], [r("firm03-q", "g1", "ann", "1")])
    assert score.capability("ops.monitoring").level is None and score.domain("ops").level is None
    assert score.level == 1.0


def test_ten_level_scale_with_a_fractional_option(lib10):
    model, questionnaire = lib10.model("firm10"), lib10.questionnaire("firm10-q")
    answers = [r("firm10-q", "a1", "ann", "5"), r("firm10-q", "a1", "bob", "6", "executive"),
               r("firm10-q", "a2", "ann", "most"), r("firm10-q", "a2", "bob", "all", "executive"),
               r("firm10-q", "a3", "ann", "9"),
               r("firm10-q", "d1", "bob", "3", "executive"), r("firm10-q", "d1", "carl", "7")]
    score = score_model(model, [questionnaire], answers)
    # a1 median(5, 6) = 5.5; a2 median(7.5, 10) = 8.75; identity (5.5 + 8.75) / 2 = 7.125 -> 7.13
    assert score.capability("access.identity").level == 7.13
    # access = (7.13 + 9) / 2 = 8.065 -> 8.07, target 8: gap -0.07
    access = score.domain("access")
    assert (access.level, access.target, access.gap) == (8.07, 8.0, -0.07)
    # d1 median(3, 7) = 5, spread 4 >= the model's 3: a disagreement; a2's 2.5 is not
    assert score.domain("detect").level == 5.0
    assert [d.question_id for d in score.disagreements] == ["d1"]
    # overall (8.07 + 5) / 2 = 6.535 -> 6.54, target 8, gap 1.46
    assert (score.level, score.target, score.gap) == (6.54, 8.0, 1.46)


def test_options_outside_the_scale_are_refused(tmp_path):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(SCALE03, root)
    path = root / "questionnaires" / "firm03-q.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: 0.25,", "level: 3.5,"), encoding="utf-8")
    (problem,) = load_content(root).problems
    assert str(problem).startswith("questionnaires/firm03-q.yaml:23: sections[0].questions[0].answer.options[1]")
    assert "level 3.5 is outside the scale 0-3" in problem.message


def _engagement(library, tmp_path: Path, answers: list[tuple[str, str, str | None, str]], questionnaire: str):
    from app.services import content_for_services
    from app.storage.database import open_database
    from app.storage.records import ServiceChoice
    from app.storage.repository import Repository

    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Firm customer")
    services = [ServiceChoice("firm-assessment")]
    engagement = repo.create_engagement(customer.id, "Firm engagement", services=services,
                                        content=content_for_services(library, services))
    people: dict[str, str] = {}
    for q, who, value, role in answers:
        if who not in people:
            people[who] = repo.add_interviewee(engagement.id, who.title(), role, questionnaire_id=questionnaire).id
        repo.save_answer(engagement.id, people[who], questionnaire, q, "given" if value else "unknown", value)
    return repo, engagement


def test_omm_score_uses_the_models_rules_and_threshold(lib03, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    repo, engagement = _engagement(lib03, tmp_path, ANSWERS03, "firm03-q")
    args = ["score", engagement.id, "--db", str(repo.db.url), "--content", str(SCALE03)]
    assert main([*args, "--json"]) == 0
    (scored,) = json.loads(capsys.readouterr().out)["models"]
    assert (scored["level"], scored["target"], scored["gap"]) == (1.67, 2.0, 0.33)
    ops = scored["domains"][0]
    assert (ops["level"], ops["capabilities"][0]["level"], ops["capabilities"][0]["coverage"]) == (0.83, 1.0, 0.67)
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "2 questions where interviewees differ by 0.5 levels or more" in text


def test_an_english_only_model_without_level_0_descriptors_or_recommendations_loads_with_warnings(tmp_path):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(SCALE03, root)
    model = root / "maturity_models" / "firm03.yaml"
    text = model.read_text(encoding="utf-8")
    text = text.replace('version: "1.0"\n', 'version: "1.0"\nlanguages: [en]\n', 1)
    text = text.replace("name: {en: Monitoring, zh: 监控}", "name: {en: Monitoring}")
    text = text.replace("          0: {en: No activity in place, zh: 无相关活动}\n", "")
    model.write_text(text, encoding="utf-8")
    library = load_content(root)
    assert library.ok, library.problems
    warnings = [str(w) for w in library.warnings]
    assert "maturity_models/firm03.yaml:6: languages: no Chinese: Chinese screens and reports show the English " \
           "text" in warnings, warnings
    assert any("no level descriptor for levels [0]" in w for w in warnings)
    assert any("no recommendations" in w for w in warnings)
    firm = library.model("firm03")
    assert firm.domains[0].capabilities[0].name.get("zh") == "Monitoring"  # Chinese output shows the English
    assert ("en",) == next(f.languages for f in library.files if f.id == "firm03" and f.kind == "maturity_model")
    # without the declaration, a missing Chinese text is still an error
    model.write_text(text.replace("languages: [en]\n", ""), encoding="utf-8")
    assert any("name.zh: required field is missing" in str(p) for p in load_content(root).problems)
