"""Organisation design: each staffing and RACI rule on hand-built organisations, firing
and not firing; bad input named with its field; templates seeded from the content."""

from __future__ import annotations

import pytest

from app.planning.organisation import (
    Organisation,
    OrganisationDesign,
    OrganisationInputError,
    Rotation,
    RotationMember,
    Team,
    validate_design,
)
from app.planning.organisation_checks import (
    DEFAULT_RULES,
    check_design,
    check_raci,
    check_staffing,
    computed_oncall_share,
)
from app.planning.organisation_seed import activities, new_design, template_for
from app.planning.organisation_transition import propose_transition

RULES = dict(DEFAULT_RULES)


def team(team_id: str, people: int = 6, role: str = "sre", **kw) -> Team:
    return Team(id=team_id, name=team_id, posts={role: people}, **kw)


def rota(members: list[tuple[str, str, int]], **kw) -> Rotation:
    return Rotation(id="rota", members=[RotationMember(t, s, n) for t, s, n in members], **kw)


def rules_fired(org: Organisation, raci: dict | None = None) -> dict[str, list]:
    fired: dict[str, list] = {}
    for f in check_staffing(org, RULES, raci or {}):
        fired.setdefault(f.rule, []).append(f)
    return fired


# --- on-call rotations --------------------------------------------------------------


def test_single_site_rotation_needs_eight():
    small = Organisation(teams=[team("ops", 9)], rotations=[rota([("ops", "HQ", 7)])])
    fired = rules_fired(small)["staffing.oncall_rotation_single_site"]
    assert fired[0].numbers["size"] == 7 and fired[0].numbers["minimum"] == 8
    assert "7 engineers" in fired[0].message() and "Add 1 engineers" in fired[0].action()
    assert "7 名工程师" in fired[0].message("zh")
    enough = Organisation(teams=[team("ops", 9)], rotations=[rota([("ops", "HQ", 8)])])
    assert "staffing.oncall_rotation_single_site" not in rules_fired(enough)


def test_business_hours_rotation_is_not_held_to_the_24x7_rule():
    org = Organisation(teams=[team("ops", 9)], rotations=[rota([("ops", "HQ", 3)], coverage="business_hours")])
    assert "staffing.oncall_rotation_single_site" not in rules_fired(org)


def test_two_site_rotation_needs_six_per_site():
    org = Organisation(teams=[team("a", 7), team("b", 7)],
                       rotations=[rota([("a", "Shanghai", 6), ("b", "Chengdu", 5)])])
    fired = rules_fired(org)["staffing.oncall_rotation_dual_site"]
    assert [f.numbers["site"] for f in fired] == ["Chengdu"]
    assert fired[0].subject == "rota@Chengdu"
    org.rotations[0].members[1].count = 6
    fired = rules_fired(org)
    assert "staffing.oncall_rotation_dual_site" not in fired
    # eleven over two sites would fail the single-site rule; it is not applied here
    assert "staffing.oncall_rotation_single_site" not in fired


def test_oncall_time_cap_measured_and_computed():
    measured = Organisation(teams=[team("ops", 9, oncall_pct=30)])
    fired = rules_fired(measured)["staffing.oncall_time_cap"]
    assert fired[0].numbers == {"subject": "ops", "share": 30, "limit": 25, "source": "measured"}
    measured.teams[0].oncall_pct = 25
    assert "staffing.oncall_time_cap" not in rules_fired(measured)
    # no measurement: 2 people on call out of 7 is 28.6 % of the weeks
    computed = Organisation(teams=[team("ops", 9)], rotations=[rota([("ops", "HQ", 7)])])
    assert computed_oncall_share(computed) == {"ops": pytest.approx(28.571, abs=0.01)}
    fired = rules_fired(computed)["staffing.oncall_time_cap"]
    assert fired[0].numbers["share"] == 28.6 and fired[0].numbers["source"] == "rotation"
    computed.rotations[0].members[0].count = 8
    assert "staffing.oncall_time_cap" not in rules_fired(computed)


def test_operational_work_cap_adds_toil_and_oncall():
    org = Organisation(teams=[team("ops", 6, toil_pct=40, oncall_pct=15)])
    fired = rules_fired(org)["staffing.toil_cap"]
    assert fired[0].numbers["share"] == 55 and fired[0].numbers["limit"] == 50
    org.teams[0].toil_pct = 35
    assert "staffing.toil_cap" not in rules_fired(org)


def test_incidents_per_shift():
    org = Organisation(teams=[team("ops", 9)], rotations=[rota([("ops", "HQ", 8)], incidents_per_shift=3.5)])
    fired = rules_fired(org)["staffing.incidents_per_shift"]
    assert fired[0].numbers["incidents"] == 3.5 and "3.5 incidents" in fired[0].message()
    org.rotations[0].incidents_per_shift = 2
    assert "staffing.incidents_per_shift" not in rules_fired(org)


def test_each_engineer_on_call_at_least_once_a_quarter():
    big = Organisation(teams=[team("a", 9), team("b", 9)], rotations=[rota([("a", "HQ", 7), ("b", "HQ", 7)])])
    fired = rules_fired(big)["staffing.oncall_min_frequency"]
    assert fired[0].numbers["size"] == 14 and fired[0].numbers["shifts"] == 0.93
    big.rotations[0].members[1].count = 6  # 13 weekly shifts a quarter, 13 people: once each
    assert "staffing.oncall_min_frequency" not in rules_fired(big)


def test_team_size_bounds():
    fired = rules_fired(Organisation(teams=[team("tiny", 4), team("huge", 10)]))
    assert [f.subject for f in fired["staffing.team_size_min"]] == ["tiny"]
    assert [f.subject for f in fired["staffing.team_size_max"]] == ["huge"]
    fired = rules_fired(Organisation(teams=[team("five", 5), team("nine", 9)]))
    assert "staffing.team_size_min" not in fired and "staffing.team_size_max" not in fired


def test_incident_commander_pool():
    org = Organisation(teams=[team("ops", 6, duties={"incident_commander": 3})])
    assert rules_fired(org)["staffing.incident_commander_pool"][0].numbers["size"] == 3
    org.teams[0].duties["incident_commander"] = 4
    assert "staffing.incident_commander_pool" not in rules_fired(org)


def test_process_with_no_owner():
    raci = {"change.register": {"change_manager": "A", "om_engineer": "R"}}
    org = Organisation(teams=[team("ops", 6, role="om_engineer")])
    fired = rules_fired(org, raci)["process_no_owner"]
    assert fired[0].subject == "change" and "no owner named" in fired[0].message()
    org.process_owners["change"] = "change_manager"  # named, but nobody holds the role
    fired = rules_fired(org, raci)["process_no_owner"]
    assert "nobody holds change_manager" in fired[0].message()
    org.teams[0].duties["change_manager"] = 1
    assert "process_no_owner" not in rules_fired(org, raci)


def test_role_with_no_holder():
    raci = {"change.register": {"change_manager": "A", "developer": "R", "security_officer": "C"}}
    org = Organisation(teams=[team("ops", 6, role="om_engineer")])
    fired = {f.subject: f for f in rules_fired(org, raci)["role_no_holder"]}
    assert set(fired) == {"change_manager", "developer"}  # a Consulted role may be outside the organisation
    assert fired["change_manager"].severity == "high" and fired["developer"].severity == "medium"
    org.teams[0].posts.update(change_manager=1, developer=2)
    assert "role_no_holder" not in rules_fired(org, raci)


def test_a_healthy_organisation_has_no_staffing_findings():
    org = Organisation(
        teams=[team("ops", 9, role="sre", duties={"incident_commander": 4, "change_manager": 1},
                    toil_pct=30, oncall_pct=20)],
        rotations=[rota([("ops", "HQ", 8)], incidents_per_shift=1)],
        process_owners={"change": "change_manager"})
    raci = {"change.register": {"change_manager": "A", "sre": "R"}}
    assert check_staffing(org, RULES, raci) == []


# --- RACI ---------------------------------------------------------------------------

ROLES = ["change_manager", "om_engineer", "developer", "sre", "om_manager", "security_officer",
         "release_manager", "service_owner"]


def problems(raci, target=None, **kw):
    return check_raci(raci, list(raci), ROLES, target, **kw)


def test_raci_two_accountables_names_the_cell():
    found = problems({"change.assess": {"change_manager": "A", "service_owner": "A", "sre": "R"}})
    assert [(p.kind, p.cell, p.severity) for p in found] == [
        ("raci.several_accountable", "change.assess × service_owner", "error")]
    assert "2 Accountable roles (change_manager, service_owner)" in found[0].problem()


def test_raci_no_accountable_and_no_responsible():
    found = problems({"change.assess": {"sre": "C", "developer": "I"}})
    assert {(p.kind, p.cell) for p in found} == {("raci.no_accountable", "change.assess"),
                                                 ("raci.no_responsible", "change.assess")}
    assert problems({"change.assess": {"change_manager": "A", "sre": "R"}}) == []


def test_raci_activity_missing_from_the_grid_has_no_accountable():
    found = check_raci({}, ["change.review"], ROLES, None)
    assert {p.kind for p in found} == {"raci.no_accountable", "raci.no_responsible"}


def test_raci_too_many_consulted():
    row = {"change_manager": "A", "sre": "R", "developer": "C", "om_engineer": "C", "security_officer": "C",
           "release_manager": "C"}
    assert problems({"x.a": row}) == []  # four Consulted: at the limit
    row["service_owner"] = "C"
    found = problems({"x.a": row})
    assert [(p.kind, p.numbers["count"]) for p in found] == [("raci.too_many_consulted", 5)]
    assert problems({"x.a": row}, max_consulted=5) == []


def test_raci_role_accountable_for_too_many():
    raci = {f"p.a{i}": {"om_manager": "A", "sre": "R"} for i in range(12)}
    assert problems(raci) == []
    raci["p.a12"] = {"om_manager": "A", "sre": "R"}
    found = problems(raci)
    assert [(p.kind, p.cell, p.numbers["count"]) for p in found] == [("raci.accountable_overload", "om_manager", 13)]


def test_raci_roles_with_no_headcount_in_the_target():
    target = Organisation(teams=[team("ops", 6, role="sre")])
    found = problems({"p.a": {"change_manager": "A", "sre": "R", "developer": "I"}}, target)
    assert [(p.kind, p.cell) for p in found] == [("raci.no_headcount", "p.a × change_manager")]
    target.teams[0].duties["change_manager"] = 1
    assert problems({"p.a": {"change_manager": "A", "sre": "R", "developer": "I"}}, target) == []


def test_raci_unknown_role():
    found = problems({"p.a": {"change_manager": "A", "wizard": "R"}})
    assert [(p.kind, p.cell) for p in found] == [("raci.unknown_role", "p.a × wizard")]


# --- bad input ------------------------------------------------------------------------


def design_dict(**target) -> dict:
    org = {"teams": [{"id": "ops", "posts": {"sre": 6}}]}
    org.update(target)
    return {"kind": "organisation_design", "version": 1, "size": "medium", "target": org}


@pytest.mark.parametrize(("doc", "field", "words"), [
    (design_dict(teams=[{"id": "ops", "posts": {"sre": 0}}]), "target.teams[ops].posts", "at least one person"),
    (design_dict(teams=[{"id": "ops", "posts": {}}]), "target.teams[ops].posts", "at least one person"),
    (design_dict(teams=[{"id": "ops", "posts": {"sre": 2.5}}]), "target.teams[ops].posts.sre",
     "2.5 is not a whole number"),
    (design_dict(teams=[{"id": "ops", "posts": {"sre": "two"}}]), "target.teams[ops].posts.sre",
     "expected a whole number"),
    (design_dict(teams=[{"id": "ops", "posts": {"sre": -1}}]), "target.teams[ops].posts.sre", "at least 0"),
    (design_dict(rotations=[{"id": "r", "members": [{"team": "ops", "site": "HQ", "count": 8}]}]),
     "target.rotations[r].members[ops].count", "larger than the team (6 people)"),
    (design_dict(rotations=[{"id": "r", "members": [{"team": "nope", "site": "HQ", "count": 1}]}]),
     "target.rotations[r].members[0].team", "no team 'nope'"),
    (design_dict(teams=[{"id": "ops", "posts": {"sre": 6}, "duties": {"oncall_primary": 7}}]),
     "target.teams[ops].duties.oncall_primary", "only 6"),
    (design_dict(teams=[{"id": "ops", "posts": {"sre": 6}, "toil_pct": 120}]), "target.teams[ops].toil_pct",
     "cannot exceed 100"),
    (design_dict(teams=[{"id": "ops", "posts": {"sre": 6}, "toil_pct": 70, "oncall_pct": 40}]),
     "target.teams[ops].toil_pct", "110 %"),
    (design_dict(teams=[{"id": "a", "posts": {"sre": 6}, "reports_to": "b"},
                        {"id": "b", "posts": {"sre": 6}, "reports_to": "a"}]),
     "target.teams[a].reports_to", "circle"),
    (design_dict(teams=[{"id": "ops", "posts": {"sre": 6}}, {"id": "ops", "posts": {"sre": 1}}]),
     "target.teams[ops].id", "used twice"),
    (design_dict(teams=[{"id": "ops", "type": "tribe", "posts": {"sre": 6}}]), "target.teams[ops].type",
     "expected one of"),
    ({**design_dict(), "raci": {"change.assess": {"sre": "X"}}}, "raci[change.assess][sre]",
     "expected one of R, A, C, I"),
])
def test_bad_input_names_the_field(doc, field, words):
    with pytest.raises(OrganisationInputError) as err:
        OrganisationDesign.from_dict(doc)
    assert err.value.field == field
    assert words in str(err.value) and str(err.value).startswith(field)


def test_validate_design_catches_an_edit_that_breaks_a_rotation():
    design = OrganisationDesign.from_dict(design_dict(
        rotations=[{"id": "r", "members": [{"team": "ops", "site": "HQ", "count": 6}]}]))
    design.target.teams[0].posts["sre"] = 5
    with pytest.raises(OrganisationInputError, match=r"members\[ops\]\.count"):
        validate_design(design)


# --- content templates, the whole design ---------------------------------------------------


@pytest.fixture(scope="module")
def org_model(shipped_library):
    return shipped_library.organisation_models[0]


@pytest.fixture(scope="module")
def activity_ids(shipped_library, org_model):
    return [a.id for a in activities(org_model, shipped_library.model("om-processes"))]


@pytest.mark.parametrize("size", ["medium", "large"])
def test_templates_seed_a_valid_target(org_model, activity_ids, size):
    design = new_design(org_model, size, sites=("Shanghai", "Chengdu"))
    again = OrganisationDesign.from_dict(design.to_dict())
    assert again.to_dict() == design.to_dict()
    template = template_for(org_model, size)
    assert {t.template for t in design.target.teams} == {t.id for t in template.teams}
    check = check_design(design, org_model, activity_ids)
    assert check.raci_errors == []
    staffing = [f for f in check.findings if f.rule.startswith("staffing.oncall")]
    assert staffing == [], [f.message() for f in staffing]
    assert design.target.holders("incident_commander") >= 4


def test_medium_template_is_the_described_19_person_department(org_model):
    design = new_design(org_model, "medium", lines=())
    assert design.target.headcount == 19  # "One O&M department of about 19 people"
    assert design.target.rotations[0].size == 9  # "one on-call rotation of nine"


def test_large_template_has_several_sites_and_interaction_modes(org_model):
    design = new_design(org_model, "large", lines=("retail", "corporate"), sites=("Shanghai", "Chengdu"))
    assert set(design.target.sites) == {"Shanghai", "Chengdu"}
    modes = {i.mode for i in design.target.interactions}
    assert modes == {"collaboration", "x_as_a_service", "facilitating"}
    assert design.target.team("lg.sre_product_line.corporate").site == "Chengdu"


def test_raci_of_44_activities_each_named_from_the_process_model(shipped_library, org_model):
    acts = activities(org_model, shipped_library.model("om-processes"))
    assert len(acts) == len(org_model.raci) == 44
    assert all(a.name.en != a.id for a in acts)


def test_raci_variant_reports_only_its_own_rows(org_model, activity_ids):
    from app.planning.organisation import RaciVariant

    design = new_design(org_model, "large")
    design.raci_variants.append(RaciVariant("Retail", {"change.authorize": {"change_manager": "R"}}))
    check = check_design(design, org_model, activity_ids)
    errors = [(p.kind, p.cell) for p in check.raci_errors]
    assert errors == [("raci.no_accountable", "Retail: change.authorize")]


# --- transition -------------------------------------------------------------------------------


def test_transition_appoints_trains_moves_and_hires():
    current = Organisation(teams=[
        Team(id="infra", posts={"om_engineer": 8, "platform_engineer": 2}, duties={"oncall_primary": 6},
             becomes="ops"),
    ])
    target = Organisation(teams=[
        Team(id="ops", posts={"om_engineer": 4, "sre": 3}, duties={"oncall_primary": 7, "incident_commander": 3}),
        Team(id="platform", posts={"platform_engineer": 5}),
    ])
    steps = [(s.phase, s.kind, s.role, s.count, s.from_team, s.to_team)
             for s in propose_transition(current, target)]
    assert steps == [
        (1, "new_role", "incident_commander", 3, "", ""),
        (1, "new_role", "sre", 3, "", ""),
        (1, "training", "incident_commander", 3, "", ""),
        (1, "training", "oncall_primary", 1, "", ""),
        (2, "move", "om_engineer", 4, "infra", "ops"),
        (2, "hire", "sre", 3, "", ""),
        (3, "hire", "platform_engineer", 3, "", ""),
        (3, "reduce", "om_engineer", 4, "", ""),
    ]


def test_the_shipped_raci_keeps_its_own_rules_and_every_role_has_a_career_path(shipped_library):
    """The content's RACI is the demo's and every new design's start: it must not trip its own warnings."""
    org_model = shipped_library.organisation_models[0]
    raci = {e.activity: dict(e.assignments) for e in org_model.raci}
    assert check_raci(raci, list(raci), [r.id for r in org_model.roles], None) == []
    assert all(r.career_path and r.career_path.en and r.career_path.zh for r in org_model.roles)


def test_the_transition_follows_the_planning_roadmap_and_a_late_step_is_named():
    from app.planning.model import Plan, PlanInitiative, default_phases
    from app.planning.organisation import TransitionStep
    from app.planning.organisation_transition import (
        align_to_roadmap,
        roadmap_phase_name,
        roadmap_phases,
        transition_conflicts,
    )

    plan = Plan("om-sre", initiatives=(
        PlanInitiative("ini.pm", {"en": "Problem management"}, ("problem.rca",), 4, 3, owner_role="problem_manager"),
        PlanInitiative("ini.cap", {"en": "Capacity plan"}, ("capacity.plan",), 4, 3, owner_role="capacity_manager")),
        phases=tuple(default_phases("medium", 24)))
    starts = {"ini.pm": 1.0, "ini.cap": 14.0}
    steps = [TransitionStep(2, "hire", "problem_manager", 1), TransitionStep(3, "hire", "capacity_manager", 1),
             TransitionStep(2, "move", "sre", 2, "ops", "sre_team")]
    aligned = {(s.kind, s.role): s.phase for s in align_to_roadmap(steps, plan, starts)}
    # the problem manager is needed in P1 (month 1): hired then, not in the default 3-9 months
    assert aligned[("hire", "problem_manager")] == 1
    # the capacity manager is first needed in P3 (month 14): the default (month 9, P2) is early enough
    assert aligned[("hire", "capacity_manager")] == 2
    assert aligned[("move", "sre")] == 2  # the default second phase starts at month 3: P2 (3-12)
    assert roadmap_phase_name(1, "en", roadmap_phases(plan)) == "P1 · Quick wins (0-3 months)"
    late = transition_conflicts(steps, plan, starts)
    assert [(c.step.role, c.need.phase, c.need.initiative) for c in late] == [("problem_manager", 1, "ini.pm")]
    assert transition_conflicts(list(align_to_roadmap(steps, plan, starts)), plan, starts) == []


def test_the_current_organisation_from_the_survey_answers():
    from app.planning.organisation import validate_design
    from app.planning.organisation_survey import current_from_survey

    assert current_from_survey({}) is None
    answers = {"o.team.02": ["14", "16"], "o.team.03": ["3"], "o.team.04": ["4"], "o.team.07": ["platform"],
               "o.work.01": ["70"], "o.call.03": ["40"], "o.call.01": ["single_3_7", "single_3_7", "lt3"],
               "o.call.02": ["4"]}
    org = current_from_survey(answers)
    heads = {t.id: t.posts for t in org.teams}
    assert heads == {"cur.management": {"om_manager": 1}, "cur.operations": {"om_engineer": 7},
                     "cur.platform": {"sre": 3}, "cur.noc": {"noc_operator": 4}}
    assert org.headcount == 15  # the median of 14 and 16
    ops = org.team("cur.operations")
    assert (ops.toil_pct, ops.oncall_pct) == (70, 30)  # the two shares of one week cannot pass 100 %
    assert [(m.team, m.count) for m in org.rotations[0].members] == [("cur.operations", 5)]
    assert org.rotations[0].incidents_per_shift == 4
    validate_design(OrganisationDesign(current=org))  # a draft the design check accepts
    central = current_from_survey({"o.team.02": ["5"], "o.team.03": ["2"], "o.team.07": ["central"],
                                   "o.call.01": ["dual_6"]}, sites=("Shanghai", "Chengdu"))
    assert central.team("cur.operations").posts == {"om_engineer": 2, "sre": 2}
    assert [(m.site, m.count) for m in central.rotations[0].members] == [("Shanghai", 4)]  # the team has 4
