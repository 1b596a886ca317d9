"""Process specifications as pure objects: seeded from the process model and deep-dive answers,
checked (unknown role, no Responsible, KPI without formula, circular interface, each with where
to fix it), read back from their documents (malformed input names the field), tailored per
business line with the differences listed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.diagnosis.findings import Finding, FindingStatus, FindingType, Severity
from app.diagnosis.process_assessment import assess_processes
from app.diagnosis.text import Bilingual
from app.planning.organisation_seed import default_process_owners, seed_raci
from app.planning.process_checks import check_book, check_spec, find_cycles, handoffs
from app.planning.process_seed import (
    RaciSource,
    SeedInputs,
    kpi_baselines,
    kpi_target,
    process_ids,
    seed_book,
    seed_spec,
    split_steps,
)
from app.planning.processes import (
    PROCESS_IDS,
    BiText,
    Interface,
    ProcessInputError,
    ProcessSpec,
    SpecRole,
    Variant,
    apply_variant,
    variant_differences,
)


@dataclass(frozen=True)
class _Answer:
    questionnaire_id: str
    question_id: str
    status: str
    value: str | None


@pytest.fixture(scope="module")
def model(shipped_library):
    return shipped_library.model("om-processes")


@pytest.fixture(scope="module")
def org(shipped_library):
    return shipped_library.organisation_models[0]


@pytest.fixture(scope="module")
def deep_dives(shipped_library, model):
    return [shipped_library.questionnaire(f"process-{p}") for p in process_ids(model)]


@pytest.fixture(scope="module")
def inputs(model, org, deep_dives):
    answers = [_Answer("process-change", "proc.change.02", "given", "12"),
               _Answer("process-change", "proc.change.02", "given", "18"),
               _Answer("process-change", "proc.change.02", "given", "40"),
               _Answer("process-change", "proc.change.02", "unknown", None),  # "don't know": no value
               _Answer("process-change", "proc.change.04", "given", "not a number"),  # skipped, not a crash
               _Answer("process-incident", "proc.incident.05", "given", "45")]
    return SeedInputs(model, questionnaires=deep_dives, baselines=kpi_baselines(deep_dives, answers),
                      raci=RaciSource(seed_raci(org), "organisation_model", default_process_owners(org)),
                      role_names={r.id: BiText.of(r.name) for r in org.roles})


@pytest.fixture(scope="module")
def catalogue(org):
    return [r.id for r in org.roles]


def test_every_process_of_the_model_is_seeded_in_full(model, inputs, catalogue):
    book = seed_book(inputs)
    assert list(book) == list(PROCESS_IDS) == process_ids(model)
    for pid, spec in book.items():
        domain = next(d for d in model.domains if d.id == pid)
        assert spec.purpose.en == domain.process.purpose.en and spec.purpose.zh == domain.process.purpose.zh
        assert [a.id for a in spec.activities] == [a.id for a in domain.process.activities]
        assert all(a.steps for a in spec.activities), pid
        assert len(spec.sections) == 12 and spec.sections[0].heading.en == domain.process.specification[0].heading.en
        assert spec.sections[0].text.en.startswith(spec.purpose.en)  # drafted from the model
        assert spec.triggers and spec.tools and spec.records and spec.interfaces and spec.rollout
        assert len(spec.kpis) == 5 and all(k.formula for k in spec.kpis)
        assert spec.owner and spec.role(spec.owner) is not None
        assert all(spec.role(r) is not None for a in spec.activities for r in a.raci)
    # the organisation model's RACI and the seeded interfaces are sound: no errors at all
    assert [p.line() for p in check_book(book, catalogue) if p.is_error] == []


def test_raci_and_owner_come_from_the_organisation(inputs, org):
    spec = seed_spec(inputs, "change")
    entry = next(e for e in org.raci if e.activity == "change.assess")
    assert spec.activity("change.assess").raci == dict(entry.assignments)
    assert spec.owner == default_process_owners(org)["change"]
    assert spec.provenance["raci"] == "organisation_model"


def test_the_organisation_design_wins_over_the_model(inputs, org):
    design_raci = {"change.assess": {"sre": "A", "om_engineer": "R"}}
    spec = seed_spec(SeedInputs(inputs.model, raci=RaciSource(design_raci, "organisation_design", {"change": "sre"}),
                                role_names=inputs.role_names), "change")
    assert spec.activity("change.assess").raci == {"sre": "A", "om_engineer": "R"}
    assert spec.owner == "sre" and spec.provenance["raci"] == "organisation_design"


def test_without_any_organisation_a_raci_is_drawn_from_the_process(model):
    spec = seed_spec(SeedInputs(model), "incident")
    assert spec.provenance["raci"] == "process_model"
    for activity in spec.activities:
        assert activity.roles_with("A") and activity.roles_with("R")
    assert [p for p in check_spec(spec) if p.code in ("no_responsible", "no_accountable", "unknown_role")] == []


def test_baselines_are_the_median_of_the_numeric_answers(inputs):
    spec = seed_spec(inputs, "change")
    emergency = spec.kpi("kpi.change.emergency_share")
    assert emergency.baseline == 18.0  # median of 12, 18, 40; the "don't know" has no value
    assert emergency.baseline_note.en == "median of 3 deep-dive answers (proc.change.02)"
    assert "proc.change.02" in emergency.baseline_note.zh
    assert spec.kpi("kpi.proc.change.standard_ratio").baseline is None  # the only answer was not a number
    assert seed_spec(inputs, "incident").kpi("kpi.incident.mttd").baseline == 45.0


def test_targets_are_the_threshold_at_the_target_level(model, deep_dives, inputs):
    # proc.change.02 thresholds: level 3 at most 15 %; proc.change.04: level 3 at least 20 %
    assert kpi_target(model, deep_dives, "kpi.change.emergency_share", 3) == 15.0
    assert kpi_target(model, deep_dives, "kpi.proc.change.standard_ratio", 3) == 20.0
    assert kpi_target(model, deep_dives, "kpi.proc.change.standard_ratio", 4.5) == 35.0
    assert kpi_target(model, deep_dives, "kpi.change.emergency_share", None) is None
    spec = seed_spec(inputs, "change")
    assert spec.target_level == 3.0 and spec.kpi("kpi.change.emergency_share").target == 15.0
    assert spec.kpi("kpi.change.emergency_share").target_note.en  # the model's typical target, in words


def test_activity_descriptions_become_sop_steps_and_outputs():
    steps, outputs = split_steps(BiText("Do this. Then check that. Output: a record.",
                                        "先做这个。再检查那个。输出：一条记录。"))
    assert steps == [BiText("Do this.", "先做这个。"), BiText("Then check that.", "再检查那个。")]
    assert outputs == [BiText("a record.", "一条记录。")]
    steps, _ = split_steps(BiText("One. Two.", "一二三。"))  # the languages do not pair: one step
    assert steps == [BiText("One. Two.", "一二三。")]


def test_the_rollout_closes_the_gap_in_phases(inputs):
    spec = seed_spec(inputs, "change")
    ids = [s.id for s in spec.rollout]
    assert ids[:3] == ["approve", "configure", "train"] and "review" in ids
    recs = [s for s in spec.rollout if s.recommendation]
    assert recs and all(s.owner == spec.owner for s in spec.rollout)
    assert [s.phase for s in spec.rollout] == sorted(s.phase for s in spec.rollout)
    # not assessed: every step from level 0 up to the target, none beyond it
    assert all(inputs.model.recommendations for _ in [0])
    by_id = {r.id: r for r in inputs.model.recommendations}
    assert all(by_id[s.recommendation].from_level < spec.target_level for s in recs)


def test_a_spec_round_trips_through_its_document(inputs):
    spec = seed_spec(inputs, "incident")
    again = ProcessSpec.from_dict(spec.to_dict())
    assert again == spec and again.to_dict() == spec.to_dict()


@pytest.mark.parametrize(("mutate", "where"), [
    (lambda d: d["activities"][0]["raci"].update({"sre": "X"}), "activities[change.register].raci[sre]"),
    (lambda d: d["activities"].append(dict(d["activities"][0])), "activities[change.register]"),
    (lambda d: d["kpis"][0].update({"baseline": "twelve"}), "kpis[kpi.change.emergency_share].baseline"),
    (lambda d: d["kpis"][0].update({"direction": "up"}), "kpis[kpi.change.emergency_share].direction"),
    (lambda d: d.update({"process_id": "billing"}), "process_id"),
    (lambda d: d["interfaces"][0].update({"process": "payroll"}), "interfaces[0].process"),
    (lambda d: d["rollout"][0].update({"duration_months": 0}), "rollout[approve].duration_months"),
    (lambda d: d.update({"variants": [{"id": "retail", "name": "Retail", "overrides": {"kpi:nope:target": 3}}]}),
     "variants[retail].overrides[kpi:nope:target]"),
    (lambda d: d.update({"variants": [{"id": "retail", "name": "", "overrides": {}}]}), "variants[retail].name"),
    (lambda d: d["purpose"].update({"fr": "but"}), "purpose"),
])
def test_malformed_documents_name_the_field(inputs, mutate, where):
    data = seed_spec(inputs, "change").to_dict()
    mutate(data)
    with pytest.raises(ProcessInputError) as err:
        ProcessSpec.from_dict(data)
    assert err.value.field == where


def _codes(problems):
    return {(p.code, p.where) for p in problems}


def test_unknown_role_is_listed_where_it_is_used(inputs, catalogue):
    spec = seed_spec(inputs, "change")
    spec.activity("change.assess").raci["auditor"] = "C"
    spec.records[0].owner = "archivist"
    spec.roles.append(SpecRole("wizard"))  # declared, but not in the catalogue and not custom
    spec.roles.append(SpecRole("coach", custom=True))  # custom without a name
    problems = check_spec(spec, catalogue)
    assert {("unknown_role", "activities[change.assess].raci[auditor]"), ("unknown_role", "records[1].owner"),
            ("role_not_in_catalogue", "roles[wizard]"), ("custom_role_unnamed", "roles[coach].name")} \
        <= _codes(problems)
    line = next(p for p in problems if p.where == "activities[change.assess].raci[auditor]")
    assert line.is_error and line.section == "activities" and "auditor" in line.message("en")
    assert "auditor" in line.message("zh") and "角色" in line.message("zh")
    spec.roles.append(SpecRole("auditor", BiText("Internal auditor", "内部审计"), custom=True))
    assert ("unknown_role", "activities[change.assess].raci[auditor]") not in _codes(check_spec(spec, catalogue))


def test_an_activity_needs_one_responsible_and_one_accountable(inputs):
    spec = seed_spec(inputs, "problem")
    spec.activities[0].raci = {"problem_manager": "A"}
    spec.activities[1].raci = {"sre": "R"}
    spec.activities[2].raci = {"sre": "R", "problem_manager": "A", "service_owner": "A"}
    codes = _codes(check_spec(spec))
    assert ("no_responsible", f"activities[{spec.activities[0].id}].raci") in codes
    assert ("no_accountable", f"activities[{spec.activities[1].id}].raci") in codes
    assert ("several_accountable", f"activities[{spec.activities[2].id}].raci") in codes


def test_a_kpi_without_formula_is_an_error(inputs):
    spec = seed_spec(inputs, "capacity")
    spec.kpis[1].formula = "  "
    spec.kpis[2].target = None
    problems = check_spec(spec)
    err = next(p for p in problems if p.code == "kpi_no_formula")
    assert err.is_error and err.where == f"kpis[{spec.kpis[1].id}].formula" and err.section == "kpis"
    assert any(p.code == "kpi_no_target" and not p.is_error for p in problems)


def test_circular_interfaces_across_processes(inputs):
    book = seed_book(inputs)
    assert find_cycles(handoffs({p: s.spec if hasattr(s, "spec") else s for p, s in book.items()})) == []
    # problem hands its verified fix back to change review, which already hands failed changes to problem.log:
    # change.review -> problem.log; add problem.log -> change.review
    book["problem"].interfaces.append(Interface("change", "out", "problem.log", "change.review",
                                                BiText("loop", "循环")))
    problems = [p for p in check_book(book) if p.code == "circular_interface"]
    assert {p.process_id for p in problems} == {"change", "problem"}
    assert all(p.is_error and p.where.startswith("interfaces[") for p in problems)
    assert "change/change.review" in problems[0].message("en") and "循环接口" in problems[0].message("zh")
    # a process's interface with itself is circular too
    book["pir"].interfaces.append(Interface("pir", "out", "pir.actions", "pir.trigger", BiText("x", "x")))
    assert any(p.code == "interface_self" and p.process_id == "pir" for p in check_book(book))
    # an interface naming an activity the other process does not have
    book["capacity"].interfaces.append(Interface("change", "out", "capacity.plan", "change.teleport", BiText("y")))
    assert any(p.code == "interface_unknown_activity" and p.where.endswith("other_activity")
               for p in check_book(book))


def test_a_variant_tailors_the_spec_and_lists_its_differences(inputs):
    spec = seed_spec(inputs, "change")
    window = next(i for i, s in enumerate(spec.sections, 1) if "Scheduling" in s.heading.en)
    spec.sections[window - 1].text = BiText("Changes Tuesday and Thursday 22:00-02:00.", "每周二、四22:00-02:00变更。")
    spec.variants.append(Variant("retail", BiText("Retail banking", "零售银行"), overrides={
        f"section:{window}": {"en": "Changes only Sunday 01:00-05:00; freeze in the last 3 days of each month.",
                              "zh": "仅周日01:00-05:00变更；每月最后3天封网。"},
        "kpi:kpi.change.emergency_share:target": 5,
        "activity:change.authorize:raci": {"change_authority": "A", "change_manager": "R", "security_officer": "C"},
        "scope": spec.scope.to_dict(),  # same as the base: not a difference
    }))
    spec = ProcessSpec.from_dict(spec.to_dict())
    tailored = apply_variant(spec, "retail")
    assert tailored.sections[window - 1].text.en.startswith("Changes only Sunday")
    assert tailored.kpi("kpi.change.emergency_share").target == 5 and spec.kpi("kpi.change.emergency_share").target == 15
    assert tailored.variants == []
    diffs = variant_differences(spec, "retail", inputs.role_names)
    assert [d.key for d in diffs] == [f"section:{window}", "kpi:kpi.change.emergency_share:target",
                                      "activity:change.authorize:raci"]
    assert diffs[0].base.en.startswith("Changes Tuesday") and diffs[0].variant.zh.startswith("仅周日")
    assert diffs[1].base.en == "15 %" and diffs[1].variant.en == "5 %"
    assert "Security officer" in diffs[2].variant.en or "security" in diffs[2].variant.en.lower()
    # a variant's RACI is checked like the base's
    spec.variants[0].overrides["activity:change.authorize:raci"] = {"change_manager": "R"}
    assert any(p.code == "no_accountable" and p.section == "variants" for p in check_spec(spec))


def test_large_seeds_one_variant_per_business_line_of_the_organisation(inputs):
    rows = {"change.authorize": {"change_authority": "A", "change_manager": "R", "release_manager": "C"}}
    raci = RaciSource(inputs.raci.cells, "organisation_design", inputs.raci.owners, [("Corporate banking", rows)])
    spec = seed_spec(SeedInputs(inputs.model, raci=raci, role_names=inputs.role_names, size="large"), "change")
    assert [v.name.en for v in spec.variants] == ["Corporate banking"]
    assert variant_differences(spec, spec.variants[0].id, inputs.role_names)
    assert seed_spec(SeedInputs(inputs.model, raci=raci, role_names=inputs.role_names), "incident").variants == []


def test_assessment_per_process_uses_the_diagnosis_findings(model):
    finding = Finding("f1", FindingType.WEAKNESS, Bilingual("t"), Bilingual("s"), model.id, "change",
                      ("change.models",), Severity.HIGH)
    rejected = Finding("f2", FindingType.RISK, Bilingual("t"), Bilingual("s"), model.id, "change",
                       ("change.models",), Severity.HIGH, status=FindingStatus.REJECTED)
    other = Finding("f3", FindingType.WEAKNESS, Bilingual("t"), Bilingual("s"), "om-sre", "change", (), Severity.LOW)
    out = assess_processes(model, None, [finding, rejected, other])
    assert [a.process_id for a in out] == list(PROCESS_IDS)
    change = out[0]
    assert [f.id for f in change.findings] == ["f1"]
    assert not change.assessed and len(change.capabilities) == 5


def test_sections_are_drafted_from_the_model_each_source_once(inputs, shipped_library):
    glossary = [t for g in shipped_library.glossaries for t in g.terms]
    spec = seed_spec(SeedInputs(inputs.model, questionnaires=inputs.questionnaires, raci=inputs.raci,
                                role_names=inputs.role_names, glossary=glossary), "incident")
    by_heading = {s.heading.en: s.text for s in spec.sections}
    assert by_heading["3. Roles and responsibilities"].en.startswith("Detect and record:")
    assert "Mean time to detect (MTTD): 15 minutes" in by_heading["9. Timing targets"].en
    definitions = by_heading["2. Definitions"]
    assert "incident:" in definitions.en and "事件" in definitions.zh
    drafted = [s.text for s in spec.sections if not s.text.blank]
    assert len(drafted) >= 10
    assert len({t.en for t in drafted}) == len(drafted)  # no two sections say the same
    empty = [p.where for p in check_spec(spec) if p.code == "section_empty"]
    assert empty == [f"sections[{n}].text" for n, s in enumerate(spec.sections, 1) if s.text.blank]
