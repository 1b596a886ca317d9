"""Evidence strength per answer (claimed, shown, verified) feeds the confidence of each capability score."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.scoring import AnswerStatus, Confidence, EvidenceStrength, Response, score_model
from app.services.engagements import content_for_services
from app.services.interviews import save_answer_changes
from app.services.results import score_engagement
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository


def r(who: str, strength: EvidenceStrength | None, evidence: int = 1) -> Response:
    return Response("mini-q", "q4", who, who.title(), "sre", AnswerStatus.GIVEN, "ic", confidence=Confidence.MEDIUM,
                    evidence_count=evidence, evidence_strength=strength)


@pytest.mark.parametrize(("strength", "evidence", "value", "label"), [
    # coverage 1 (.25) + stated medium 2/3 (.25) + corroboration 1 (.20) + evidence e (.20) + agreement 1 (.10)
    (EvidenceStrength.VERIFIED, 1.0, 0.917, Confidence.HIGH),
    (EvidenceStrength.SHOWN, 0.5, 0.817, Confidence.HIGH),
    (EvidenceStrength.CLAIMED, 0.0, 0.717, Confidence.MEDIUM),  # a document linked, but only claimed
    (None, 1.0, 0.917, Confidence.HIGH),  # not judged: linked evidence counts fully, as before
])
def test_strength_sets_the_evidence_part_of_confidence(mini_library, strength, evidence, value, label):
    model, questionnaire = mini_library.model("mini"), mini_library.questionnaire("mini-q")
    score = score_model(model, [questionnaire], [r("ann", strength), r("bob", strength)])
    confidence = score.capability("incident.response").confidence
    assert confidence.components["evidence"] == evidence
    assert (confidence.value, confidence.label) == (value, label)


def test_mixed_strengths_average_over_the_answers(mini_library):
    model, questionnaire = mini_library.model("mini"), mini_library.questionnaire("mini-q")
    score = score_model(model, [questionnaire], [r("ann", EvidenceStrength.VERIFIED),
                                                 r("bob", None, evidence=0)])
    assert score.capability("incident.response").confidence.components["evidence"] == 0.5


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


def test_saved_with_the_answer_and_scored(repo, mini_library, database_dump):
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme", services=services,
                               content=content_for_services(mini_library, services))
    people = [repo.add_interviewee(e.id, name, "sre") for name in ("Ann", "Bob")]
    for p in people:
        save_answer_changes(repo, e.id, p.id, "mini-q", "q4", {"status": "given", "value": "ic",
                                                              "confidence": "medium", "evidence_strength": "claimed"})

    def confidence():
        return score_engagement(mini_library, repo, e.id).primary.capability("incident.response").confidence

    assert confidence().components["evidence"] == 0.0
    for p in people:
        save_answer_changes(repo, e.id, p.id, "mini-q", "q4", {"evidence_strength": "verified"})
    assert repo.get_answer(people[0].id, "mini-q", "q4").evidence_strength == "verified"
    assert confidence().components["evidence"] == 1.0 and confidence().label is Confidence.HIGH
    before = database_dump(repo)
    with pytest.raises(UserError, match="unknown evidence strength"):
        save_answer_changes(repo, e.id, people[0].id, "mini-q", "q4", {"evidence_strength": "sworn"})
    assert database_dump(repo) == before
    copy = repo.duplicate_engagement(e.id, "Acme again", with_answers=True)
    assert {a.evidence_strength for a in repo.list_answers(copy.id)} == {"verified"}


def test_evidence_strength_travels_in_an_engagement_package(mini_library, tmp_path, monkeypatch):
    from app.services import packages

    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    repos = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        repos.append(Repository(open_database(f"sqlite:///{tmp_path / name / 'omm.db'}")))
    a, b = repos
    try:
        customer = a.create_customer("Acme")
        services = [ServiceChoice("diagnosis-basic")]
        e = a.create_engagement(customer.id, "Acme", services=services,
                                content=content_for_services(mini_library, services))
        ann = a.add_interviewee(e.id, "Ann", "sre")
        save_answer_changes(a, e.id, ann.id, "mini-q", "q4", {"status": "given", "value": "ic",
                                                              "evidence_strength": "shown"})
        out = tmp_path / "acme.omm"
        packages.export_engagement(a, e.id, out)
        packages.import_package(b, out)
        assert b.get_answer(ann.id, "mini-q", "q4").evidence_strength == "shown"
        save_answer_changes(a, e.id, ann.id, "mini-q", "q4", {"evidence_strength": "verified"})
        packages.export_engagement(a, e.id, out)
        packages.import_package(b, out)  # a merge takes the change of strength like any change of the answer
        assert b.get_answer(ann.id, "mini-q", "q4").evidence_strength == "verified"
    finally:
        for repo in repos:
            repo.db.close()
