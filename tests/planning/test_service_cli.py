"""The planning use cases on a real database, and ``omm plan`` checked against the scheduler's rules."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.cli import main
from app.planning.model import Phase, PlanError
from app.services import score_engagement
from app.services.planning import load_planning, plan_as_json, save_plan
from app.storage.repository import UnitOfWork


def test_a_new_engagement_gets_a_draft_from_the_workshop_and_the_scores(shipped_library, planning_db):
    _url, repo, engagement = planning_db
    state = load_planning(shipped_library, repo, engagement.id)
    assert not state.saved and state.version == 0
    assert [o.id for o in state.plan.objectives] == ["obj.fewer_outages", "obj.compliance", "obj.faster_recovery"]
    assert state.plan.constraints.budget == "flat" and state.plan.size == "medium"
    change = state.plan.target("change")
    assert change.level == 4 and change.reason.code == "target_workshop"
    problem = state.plan.target("problem")
    assert problem.reason.code == "target_objective" and problem.reason.params["objective"] == "obj.fewer_outages"
    assert state.plan.initiatives, "gaps in change, problem and incident must bring initiatives"
    placed = {i.id for i in state.analysis.schedule.items} | {u.id for u in state.analysis.schedule.unscheduled}
    assert placed == {i.id for i in state.plan.initiatives}


def test_saving_stores_the_plan_and_its_targets_together(shipped_library, planning_db):
    _url, repo, engagement = planning_db
    state = load_planning(shipped_library, repo, engagement.id)
    edited = state.plan.with_target("incident", 4)
    saved = save_plan(shipped_library, repo, engagement.id, edited, expected_version=0)
    assert saved.saved and saved.version == 1
    assert saved.plan == edited
    scores = score_engagement(shipped_library, repo, engagement.id)
    assert scores.models["om-sre"].domain("incident").target == 4  # the maturity report sees the same target
    again = load_planning(shipped_library, repo, engagement.id)
    assert again.plan == edited and again.version == 1


@pytest.mark.parametrize("breakage", ["cycle", "below_current", "no_capacity", "too_long", "unknown"])
def test_bad_plans_are_refused_whole_and_nothing_is_saved(shipped_library, planning_db, database_dump, breakage):
    url, repo, engagement = planning_db
    plan = load_planning(shipped_library, repo, engagement.id).plan
    first, second = plan.initiatives[0], plan.initiatives[1]
    if breakage == "cycle":
        plan = plan.with_initiative(replace(first, depends_on=(second.id,)))
        plan = plan.with_initiative(replace(second, depends_on=(first.id,)))
    elif breakage == "below_current":
        plan = plan.with_target("incident", 0)
    elif breakage == "no_capacity":
        plan = replace(plan, phases=(replace(plan.phases[0], capacity=0),) + plan.phases[1:])
    elif breakage == "too_long":
        plan = plan.with_initiative(replace(first, duration_months=99))
    else:
        plan = plan.with_initiative(replace(first, depends_on=("ini.does_not_exist",)))
    before = database_dump(url)
    with pytest.raises(PlanError) as err:
        save_plan(shipped_library, repo, engagement.id, plan)
    assert err.value.problems
    assert database_dump(url) == before


def test_a_save_failing_at_its_last_write_leaves_the_database_unchanged(shipped_library, planning_db,
                                                                         database_dump, monkeypatch):
    url, repo, engagement = planning_db
    plan = load_planning(shipped_library, repo, engagement.id).plan
    before = database_dump(url)
    original = UnitOfWork.set_target
    calls = {"n": 0}

    def fails_late(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == len(plan.targets):
            raise RuntimeError("disk full at the last target")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(UnitOfWork, "set_target", fails_late)
    with pytest.raises(RuntimeError):
        save_plan(shipped_library, repo, engagement.id, plan)
    assert calls["n"] == len(plan.targets)
    assert database_dump(url) == before
    assert repo.documents.get(engagement.id, "plan", "main") is None


def test_omm_plan_json_follows_the_scheduler_rules(shipped_library, planning_db, capsys):
    url, repo, engagement = planning_db
    plan = load_planning(shipped_library, repo, engagement.id).plan
    tight = tuple(replace(p, capacity=round(p.capacity / 3, 1)) for p in plan.phases)
    save_plan(shipped_library, repo, engagement.id, replace(plan, phases=tight))
    assert main(["plan", engagement.name, "--db", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    phases = {p["id"]: p for p in data["phases"]}
    items = {i["id"]: i for i in data["items"]}
    assert set(data["phases"][0]) >= {"id", "start_month", "end_month", "capacity", "load"}
    for item in items.values():
        assert set(item) >= {"id", "name", "phase", "start_month", "end_month", "effort", "depends_on", "critical"}
        phase = phases[item["phase"]]
        assert phase["start_month"] <= item["start_month"] < phase["end_month"]
        for dep in item["depends_on"]:  # finish-to-start
            assert items[dep]["end_month"] <= item["start_month"] + 1e-6
    for phase in phases.values():  # capacity: the load is each item's effort share of its months there
        share = sum(i["effort"] * max(0.0, min(i["end_month"], phase["end_month"]) -
                                      max(i["start_month"], phase["start_month"]))
                    / (i["end_month"] - i["start_month"]) for i in items.values())
        assert phase["load"] == pytest.approx(share, abs=0.01)
        assert phase["load"] <= phase["capacity"] + 1e-6
    assert data["unscheduled"], "a third of the capacity cannot hold the whole plan"
    assert all(u["reason"] for u in data["unscheduled"])
    unplaced = {u["id"] for u in data["unscheduled"]}
    assert not unplaced & set(items)
    assert any(i["critical"] for i in items.values())
    assert data["critical_path"] and all(items[i]["critical"] for i in data["critical_path"])


def test_omm_plan_text_and_bad_input(planning_db, capsys):
    url, _repo, engagement = planning_db
    assert main(["plan", engagement.name, "--db", url]) == 0
    out = capsys.readouterr().out
    assert "P1" in out and "person-months" in out and "draft" in out
    assert main(["plan", "no such engagement", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("omm: error:") and len(err.strip().splitlines()) == 1


def test_plan_json_in_chinese_names_things_in_chinese(shipped_library, planning_db):
    _url, repo, engagement = planning_db
    data = plan_as_json(load_planning(shipped_library, repo, engagement.id), "zh")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["items"][0]["name"])
    assert data["phases"][0]["name"].startswith("速赢")


def test_phases_edited_with_a_hole_are_named(shipped_library, planning_db):
    _url, repo, engagement = planning_db
    plan = load_planning(shipped_library, repo, engagement.id).plan
    holed = replace(plan, phases=(plan.phases[0], Phase("P2", {"en": "x"}, 4, 12, 10), *plan.phases[2:]))
    with pytest.raises(PlanError, match="phases must follow each other"):
        save_plan(shipped_library, repo, engagement.id, holed)


def test_the_organisation_transition_follows_the_engagement_roadmap(shipped_library, planning_db):
    from app.planning.organisation import TransitionStep
    from app.services import organisation

    _url, repo, engagement = planning_db
    link = organisation.roadmap_link(shipped_library, repo, engagement.id)
    assert link is not None and link.starts
    first = min((i for i in link.plan.initiatives if i.owner_role and i.id in link.starts),
                key=lambda i: link.starts[i.id])
    design = organisation.load_design(shipped_library, repo, engagement.id).design
    design.transition = [TransitionStep(3, "hire", first.owner_role, 1)]
    view = organisation.organisation_view(shipped_library, repo, engagement.id, "en", design, link)
    assert view.transition[0].phase_name.startswith("P3 · ")
    late = [f for f in view.findings if f.rule_id == "transition.roadmap"]
    assert len(late) == 1 and first.name["en"] in late[0].message
    design.transition = organisation.propose(design, link)
    view = organisation.organisation_view(shipped_library, repo, engagement.id, "en", design, link)
    assert not [f for f in view.findings if f.rule_id == "transition.roadmap"]
    assert all(s.phase_name.startswith("P") for s in view.transition)


def test_a_new_organisation_design_starts_from_the_survey_answers(shipped_library, new_database, tmp_path,
                                                                     monkeypatch):
    from app.services import content_for_services, organisation
    from app.storage.database import open_database
    from app.storage.records import ServiceChoice
    from app.storage.repository import Repository

    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    repo = Repository(open_database(new_database()))
    customer = repo.create_customer("Kestrel Insurance")
    services = [ServiceChoice("organisation-optimisation", "medium")]
    engagement = repo.create_engagement(customer.id, "Kestrel - organisation", services=services,
                                        content=content_for_services(shipped_library, services))
    assert not organisation.load_design(shipped_library, repo, engagement.id).design.current.teams
    head = repo.add_interviewee(engagement.id, "Ian Cole", "om_manager", questionnaire_id="organisation-survey")
    for question, value in (("o.team.02", "12"), ("o.team.03", "2"), ("o.work.01", "55")):
        repo.save_answer(engagement.id, head.id, "organisation-survey", question, "given", value)
    stored = organisation.load_design(shipped_library, repo, engagement.id)
    assert stored.version == 0 and stored.design.current.headcount == 12
    assert stored.design.current.team("cur.operations").toil_pct == 55
    view = organisation.organisation_view(shipped_library, repo, engagement.id, "zh", stored.design)
    assert "运维与SRE团队" in [t.name for t in view.current.teams]
    repo.db.close()
