"""The workshop answers read into objectives, constraints and domain targets (shipped content)."""

from __future__ import annotations

from app.planning.workshop import read_workshop
from app.scoring import AnswerStatus, Response


def answer(question: str, value: str, who: str = "ceo") -> Response:
    return Response(questionnaire_id="planning-workshop", question_id=question, interviewee_id=who,
                    interviewee_name=who, role="executive", status=AnswerStatus.GIVEN, value=value)


def test_objectives_constraints_and_targets_come_from_the_answers(shipped_library):
    q = shipped_library.questionnaire("planning-workshop")
    model = shipped_library.model("om-sre")
    lib = shipped_library.planning_libraries[0]
    responses = [
        answer("w.obj.01", "obj.fewer_outages"), answer("w.obj.01", "obj.fewer_outages", "cio"),
        answer("w.obj.01", "obj.lower_cost", "cfo"),
        answer("w.obj.02", "obj.fewer_outages"),  # already first: not ranked twice
        answer("w.obj.03", "obj.compliance"),
        answer("w.con.01", "flat"), answer("w.con.02", "frozen"), answer("w.app.03", "y3"),
        answer("w.target.change", "4"), answer("w.target.change", "3", "cio"),
        answer("w.target.slo", "3"),
    ]
    decisions = read_workshop(q, model, lib, responses)
    assert [(o.id, o.rank) for o in decisions.objectives] == [("obj.fewer_outages", 1), ("obj.compliance", 2)]
    assert decisions.objectives[0].name["zh"] == "减少重大故障"
    assert "change" in decisions.objectives[0].domains
    assert (decisions.constraints.budget, decisions.constraints.headcount) == ("flat", "frozen")
    assert decisions.constraints.horizon_months == 36
    assert decisions.domain_targets == {"change": 4, "slo": 3}  # median of 4 and 3 = 3.5, halves up


def test_no_workshop_no_decisions(shipped_library):
    decisions = read_workshop(None, shipped_library.model("om-sre"), None, [])
    assert decisions.objectives == () and decisions.domain_targets == {}


def test_answers_to_other_questionnaires_are_ignored(shipped_library):
    q = shipped_library.questionnaire("planning-workshop")
    other = Response(questionnaire_id="diagnosis-professional", question_id="w.obj.01", interviewee_id="x",
                     interviewee_name="x", role="executive", status=AnswerStatus.GIVEN, value="obj.compliance")
    decisions = read_workshop(q, shipped_library.model("om-sre"), shipped_library.planning_libraries[0], [other])
    assert decisions.objectives == ()
