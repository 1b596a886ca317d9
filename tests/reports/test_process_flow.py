"""Process flow diagrams: the pure swim-lane layout, and the Figure for each of the seven processes."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from app.content import load_content
from app.reports import charts
from app.reports.process_flow import FlowStep, flow_layout, process_flow_chart, process_flow_figure

SEVEN = ("change", "monitoring", "incident", "pir", "problem", "capacity", "handover")


def _steps() -> list[FlowStep]:
    return [
        FlowStep("reg", "Register the change", "dev", "Developer", ("O&M engineer",)),
        FlowStep("assess", "Assess impact and risk", "cm", "Change manager"),
        FlowStep("auth", "Authorise", "cm", "Change manager", decision="Approved?", no_to="reg"),
        FlowStep("impl", "Implement and verify", "ops", "O&M engineer"),
        FlowStep("close", "Review and close", "cm", "Change manager"),
    ]


def test_lanes_follow_the_first_responsible_role_in_order_of_first_appearance():
    layout = flow_layout(_steps())
    assert [lane.id for lane in layout.lanes] == ["dev", "cm", "ops"]
    lane_of = {n.id: layout.lanes[n.lane].id for n in layout.nodes}
    assert lane_of["reg"] == "dev" and lane_of["close"] == "cm" and lane_of["impl"] == "ops"
    # start sits in the first step's lane, end in the last one's
    assert lane_of["__start__"] == "dev" and lane_of["__end__"] == "cm"


def test_activities_run_left_to_right_in_their_order():
    layout = flow_layout(_steps())
    columns = [layout.node(i).column for i in ("reg", "assess", "auth", "auth?", "impl", "close", "__end__")]
    assert columns == sorted(columns) and len(set(columns)) == len(columns)
    assert layout.columns == 1 + layout.node("__end__").column


def test_hand_offs_are_the_edges_between_different_roles():
    layout = flow_layout(_steps())
    pairs = {(e.source, e.target) for e in layout.handoffs}
    # reg (dev) -> assess (cm); the decision (cm) -> impl (ops); impl (ops) -> close (cm)
    assert pairs == {("reg", "assess"), ("auth?", "impl"), ("impl", "close")}
    assert not any(e.handoff for e in layout.edges if e.source == "__start__")


def test_a_decision_says_yes_onwards_and_no_back_to_an_earlier_step():
    layout = flow_layout(_steps())
    decision = layout.node("auth?")
    assert decision.kind == "decision" and decision.label == "Approved?"
    edges = {(e.source, e.target): e for e in layout.edges}
    assert edges[("auth", "auth?")].label == ""
    assert edges[("auth?", "impl")].label == "yes"
    back = edges[("auth?", "reg")]
    assert back.back and back.label == "no"


def test_a_decision_with_nowhere_to_go_back_ends_on_its_own():
    steps = [FlowStep("a", "Triage", "noc", "NOC operator", decision="Major?"),
             FlowStep("b", "Declare", "ic", "Incident commander")]
    layout = flow_layout(steps, "zh")
    end = layout.node("a?end")
    assert end.kind == "end" and end.label == "结束"
    assert any(e.source == "a?" and e.target == "a?end" and e.label == "否" for e in layout.edges)
    assert next(e for e in layout.edges if e.source == "a?" and e.target == "b").label == "是"


def test_an_activity_with_no_responsible_gets_a_lane_saying_so():
    layout = flow_layout([FlowStep("x", "Nobody's job", "", "")], "en")
    assert layout.lanes[0].name == "(no Responsible)"
    assert flow_layout([], "en").nodes == ()
    assert isinstance(process_flow_chart(flow_layout([])), Figure)


def _texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def test_long_activity_names_wrap_and_chinese_labels_are_drawn():
    long_name = "Coordinate the cross-team production readiness review with every platform and product owner"
    figure = process_flow_figure([FlowStep("a", long_name, "sre", "Site reliability engineer (SRE)"),
                                  FlowStep("b", "宣告重大故障并升级至事件指挥官", "ic", "事件指挥官")],
                                 title="变更管理", lang="zh")
    texts = _texts(figure)
    wrapped = next(t for t in texts if t.startswith("Coordinate"))
    assert "\n" in wrapped and len(wrapped.split("\n")) <= 4
    assert any("宣告" in t and "\n" in t for t in texts)
    assert "事件指挥官" in texts and "变更管理" in texts and "开始" in texts and "结束" in texts
    png = charts.figure_png(figure, dpi=60)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def content():
    library = load_content()
    model = library.model("om-processes")
    organisation = next(iter(library.organisation_models.values())) if isinstance(
        library.organisation_models, dict) else library.organisation_models[0]
    return model, organisation


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_flow_diagram_is_built_for_each_of_the_seven_processes(content, lang):
    model, organisation = content
    roles = {r.id: r.name.get(lang) for r in organisation.roles}
    raci = {(r.process, r.activity): r.assignments for r in organisation.raci}
    assert tuple(d.id for d in model.domains) == SEVEN
    for domain in model.domains:
        steps = []
        for activity in domain.process.activities:
            responsible = [r for r, v in raci[(domain.id, activity.id)].items() if v == "R"]
            steps.append(FlowStep(activity.id, activity.name.get(lang), responsible[0], roles[responsible[0]],
                                  tuple(roles[r] for r in responsible[1:])))
        layout = flow_layout(steps, lang)
        assert [n.id for n in layout.nodes if n.kind == "activity"] == [a.id for a in domain.process.activities]
        assert {lane.name for lane in layout.lanes} == {s.lane_name for s in steps}
        figure = process_flow_chart(layout, title=domain.name.get(lang), lang=lang)
        texts = _texts(figure)
        for step in steps:  # every activity and lane is labelled (wrapped, so compare without line breaks)
            assert any(t.replace("\n", "").replace(" ", "") == step.name.replace(" ", "") for t in texts), step.name
        assert charts.figure_png(figure, dpi=40)[:4] == b"\x89PNG"
