"""Invariants of the content we ship: the guard that keeps future content edits honest.

Each test loads the real content directory (not a fixture) and reports every offender it
finds, not just the first, so an author can fix a whole file in one pass.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.content import ContentLibrary, ContentNotFound, load_content
from app.content.schema import ChoiceAnswer, MaturityModel, Question, Questionnaire

ROOT = Path(__file__).resolve().parent.parent
CAPABILITY_DOC = ROOT / "docs" / "om-sre-capabilities.md"

SRE_MODEL = "om-sre"
PROCESS_MODEL = "om-processes"
BASIC = "diagnosis-basic"
PROFESSIONAL = "diagnosis-professional"
PROFESSIONAL_DESK = "diagnosis-professional-desk"
DIAGNOSIS_QUESTIONNAIRES = (BASIC, PROFESSIONAL)
LEVELS = range(0, 6)

# The authoring guide's mandatory Chinese terms (docs/content-authoring.md).
GUIDE_TERMS = {
    "change": "变更",
    "alert": "告警",
    "incident": "事件",
    "major-incident": "重大故障",
    "near-miss": "险情",
    "stakeholder": "干系人",
    "contingency-plan": "应急预案",
    "emergency-drill": "应急演练",
    "war-room": "作战室",
    "post-incident-review": "故障复盘",
    "problem": "问题",
    "known-error": "已知错误",
    "capacity": "容量",
    "handover": "交付转维",
    "on-call": "值班",
    "rotation": "排班",
    "runbook": "运行手册",
    "toil": "琐事(toil)",
    "error-budget": "错误预算",
    "slo": "服务等级目标(SLO)",
    "sli": "服务等级指标(SLI)",
    "grayscale-release": "灰度发布",
    "rollback": "回滚",
    "prr": "上线就绪评审(PRR)",
    "chaos-engineering": "混沌工程",
    "fault-drill": "故障演练",
    "disaster-recovery": "容灾",
    "observability": "可观测性",
    "incident-commander": "事件指挥官",
    "mttr": "平均恢复时间(MTTR)",
}


@pytest.fixture(scope="module")
def library() -> ContentLibrary:
    return load_content()


def _model(library: ContentLibrary, model_id: str) -> MaturityModel:
    try:
        return library.model(model_id)
    except ContentNotFound:
        pytest.fail(f"maturity model {model_id!r} is not loaded (see test_content_has_no_problems)")


def _questionnaire(library: ContentLibrary, questionnaire_id: str) -> Questionnaire:
    try:
        return library.questionnaire(questionnaire_id)
    except ContentNotFound:
        pytest.fail(f"questionnaire {questionnaire_id!r} is not loaded (see test_content_has_no_problems)")


def _questions(questionnaire: Questionnaire) -> Iterator[Question]:
    for section in questionnaire.sections:
        yield from section.questions


def _domain_of(model: MaturityModel) -> dict[str, str]:
    return {cap.id: d.id for d in model.domains for cap in d.capabilities}


def _fixed_ids() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(om-sre domain -> capability ids, om-processes domain -> activity ids) from the fixed-id doc."""
    sre_part, process_part = CAPABILITY_DOC.read_text(encoding="utf-8").split("# om-processes", 1)
    row = re.compile(r"^\| ([a-z_]+) \| [^|]+ \| (.+) \|$", re.MULTILINE)
    sre = {m[1]: re.findall(r"([a-z_]+\.[a-z_]+) \(", m[2]) for m in row.finditer(sre_part)}
    processes = {m[1]: re.findall(r"[a-z_]+\.[a-z_]+", m[2]) for m in row.finditer(process_part)}
    sre.pop("domain", None)
    processes.pop("domain", None)
    return sre, processes


# --- the whole content directory ---------------------------------------------------------------------


def test_content_has_no_problems(library: ContentLibrary) -> None:
    assert not library.problems, f"{len(library.problems)} problems:\n" + "\n".join(map(str, library.problems))


def test_the_shipped_models_and_catalogue_are_loaded(library: ContentLibrary) -> None:
    for model_id in (SRE_MODEL, PROCESS_MODEL):
        _model(library, model_id)
    assert library.catalogue is not None, "no service catalogue loaded"
    assert library.glossaries, "no glossary loaded"
    assert library.planning_libraries, "no planning library loaded"


def test_every_capability_is_asked_about_and_every_question_names_a_real_capability(
    library: ContentLibrary,
) -> None:
    models = library.latest_models()
    assert models, "no maturity model loaded"
    unknown: list[str] = []
    asked: dict[str, set[str]] = {m.id: set() for m in models}
    for questionnaire in library.latest_questionnaires():
        try:
            caps = set(_domain_of(library.model(questionnaire.model)))
        except ContentNotFound:
            unknown.append(f"{questionnaire.id}: unknown model {questionnaire.model!r}")
            continue
        for q in _questions(questionnaire):
            if q.capability not in caps:
                unknown.append(f"{questionnaire.id}/{q.id}: unknown capability {q.capability!r}")
            asked.setdefault(questionnaire.model, set()).add(q.capability)
    unasked = [
        f"{m.id}: {cap.id}"
        for m in models
        for d in m.domains
        for cap in d.capabilities
        if cap.id not in asked[m.id]
    ]
    assert not unknown, "questions naming unknown capabilities:\n" + "\n".join(unknown)
    assert not unasked, "capabilities no questionnaire asks about:\n" + "\n".join(unasked)


def test_every_capability_has_bilingual_descriptors_for_levels_0_to_5(library: ContentLibrary) -> None:
    models = library.latest_models()
    assert models, "no maturity model loaded"
    missing: list[str] = []
    for model in models:
        scale = [lvl.level for lvl in model.scale.levels]
        assert scale == list(LEVELS), f"{model.id}: scale is {scale}, expected 0-5"
        assert model.domains, f"{model.id}: has no domains"
        for domain in model.domains:
            assert domain.capabilities, f"{model.id}/{domain.id}: has no capabilities"
            for cap in domain.capabilities:
                for level in LEVELS:
                    text = cap.levels.get(level)
                    if text is None:
                        missing.append(f"{model.id}/{cap.id}: no descriptor for level {level}")
                    elif not text.en.strip() or not text.zh.strip():
                        missing.append(f"{model.id}/{cap.id}: level {level} is blank in en or zh")
    assert not missing, "\n".join(missing)


def test_the_fixed_ids_are_the_ids_in_the_models(library: ContentLibrary) -> None:
    sre_ids, process_ids = _fixed_ids()
    assert len(sre_ids) == 12 and len(process_ids) == 7, "could not read the fixed-id tables"
    sre = _model(library, SRE_MODEL)
    assert {d.id: [c.id for c in d.capabilities] for d in sre.domains} == sre_ids
    processes = _model(library, PROCESS_MODEL)
    # Domains may come from several part files in any order; activities keep their documented order.
    assert sorted(d.id for d in processes.domains) == sorted(process_ids)
    for domain in processes.domains:
        assert domain.process is not None, f"{domain.id}: no process block"
        assert [a.id for a in domain.process.activities] == process_ids[domain.id], domain.id


# --- the diagnosis questionnaires ----------------------------------------------------------------------


def test_basic_diagnosis_has_60_to_90_questions_covering_every_domain(library: ContentLibrary) -> None:
    basic = _questionnaire(library, BASIC)
    assert basic.model == SRE_MODEL
    questions = list(_questions(basic))
    assert 60 <= len(questions) <= 90, f"{BASIC} has {len(questions)} questions, expected 60-90"
    domain_of = _domain_of(_model(library, SRE_MODEL))
    covered = {domain_of.get(q.capability) for q in questions}
    missing = sorted(set(domain_of.values()) - covered)
    assert not missing, f"{BASIC} asks nothing about domains {missing}"


def test_professional_diagnosis_covers_every_capability_with_evidence(library: ContentLibrary) -> None:
    """The on-site interview asks about every capability; with its desk-review evidence pack it holds
    at least 150 questions, each with the evidence to request."""
    pro = _questionnaire(library, PROFESSIONAL)
    desk = _questionnaire(library, PROFESSIONAL_DESK)
    assert pro.model == SRE_MODEL and desk.model == SRE_MODEL and desk.mode == "desk_review"
    interview = list(_questions(pro))
    questions = interview + list(_questions(desk))
    assert len(questions) >= 150, f"{PROFESSIONAL} and its desk review have {len(questions)} questions, expected 150+"
    caps = set(_domain_of(_model(library, SRE_MODEL)))
    missing = sorted(caps - {q.capability for q in interview})
    assert not missing, f"{PROFESSIONAL} asks nothing about capabilities {missing}"
    without_evidence = [q.id for q in questions if not q.evidence]
    assert not without_evidence, f"questions without evidence: {without_evidence}"
    catalogue = library.catalogue
    assert catalogue is not None
    for service in catalogue.services:
        if PROFESSIONAL in service.questionnaires:
            assert PROFESSIONAL_DESK in service.questionnaires, f"{service.id} sells no desk review"


@pytest.mark.parametrize("questionnaire_id", DIAGNOSIS_QUESTIONNAIRES)
def test_every_role_track_of_a_diagnosis_is_non_empty(library: ContentLibrary, questionnaire_id: str) -> None:
    questionnaire = _questionnaire(library, questionnaire_id)
    assert questionnaire.roles, f"{questionnaire_id} names no interviewee roles"
    tracks = Counter(role for q in _questions(questionnaire) for role in q.roles)
    empty = [role for role in questionnaire.roles if tracks[role] == 0]
    assert not empty, f"{questionnaire_id}: no questions for roles {empty}"


# --- catalogue, processes and organisation --------------------------------------------------------------


def test_every_questionnaire_and_model_named_by_the_catalogue_exists(library: ContentLibrary) -> None:
    catalogue = library.catalogue
    assert catalogue is not None, "no service catalogue loaded"
    missing: list[str] = []
    for service in catalogue.services:
        assert service.questionnaires, f"{service.id}: names no questionnaire"
        for q_id in service.questionnaires:
            try:
                library.questionnaire(q_id)
            except ContentNotFound:
                missing.append(f"{service.id}: questionnaire {q_id!r}")
        for m_id in service.models:
            try:
                library.model(m_id)
            except ContentNotFound:
                missing.append(f"{service.id}: model {m_id!r}")
    assert not missing, "the catalogue names content that is not loaded:\n" + "\n".join(missing)


def test_every_process_has_a_process_block_and_a_complete_raci(library: ContentLibrary) -> None:
    processes = _model(library, PROCESS_MODEL)
    assert processes.domains, f"{PROCESS_MODEL} has no domains"
    without_block = [d.id for d in processes.domains if d.process is None or not d.process.activities]
    assert not without_block, f"process domains without a process block or activities: {without_block}"
    orgs = [o for o in library.organisation_models if o.process_model == PROCESS_MODEL]
    assert orgs, f"no organisation model with a RACI for {PROCESS_MODEL}"
    problems: list[str] = []
    for org in orgs:
        entries = Counter((e.process, e.activity) for e in org.raci)
        accountable = {(e.process, e.activity): [r for r, v in e.assignments.items() if v == "A"] for e in org.raci}
        for domain in processes.domains:
            assert domain.process is not None
            for activity in domain.process.activities:
                key = (domain.id, activity.id)
                if entries[key] == 0:
                    problems.append(f"{org.id}: no RACI entry for {domain.id}/{activity.id}")
                elif entries[key] > 1:
                    problems.append(f"{org.id}: {entries[key]} RACI entries for {domain.id}/{activity.id}")
                elif len(accountable[key]) != 1:
                    problems.append(f"{org.id}: {domain.id}/{activity.id} has Accountable {accountable[key]}")
    assert not problems, "\n".join(problems)


# --- glossary and planning ------------------------------------------------------------------------------


def test_glossary_terms_are_unique(library: ContentLibrary) -> None:
    assert library.glossaries, "no glossary loaded"
    for glossary in library.glossaries:
        for field in ("id", "en", "zh"):
            counts = Counter(getattr(t, field).strip().lower() for t in glossary.terms)
            duplicates = sorted(v for v, n in counts.items() if n > 1)
            assert not duplicates, f"{glossary.id}: duplicate term {field}s {duplicates}"


def test_glossary_uses_the_authoring_guide_terms(library: ContentLibrary) -> None:
    assert library.glossaries, "no glossary loaded"
    terms = {t.id: t.zh for g in library.glossaries for t in g.terms}
    wrong = {k: terms.get(k) for k, zh in GUIDE_TERMS.items() if terms.get(k) != zh}
    assert not wrong, f"glossary terms missing or differing from the authoring guide: {wrong}"


def test_planning_workshop_objectives_are_the_planning_library_objectives(library: ContentLibrary) -> None:
    workshop = _questionnaire(library, "planning-workshop")
    assert library.planning_libraries, "no planning library loaded"
    objectives = {o.id for p in library.planning_libraries for o in p.objectives}
    options = {
        o.id
        for q in _questions(workshop)
        if q.id.startswith("w.obj.") and isinstance(q.answer, ChoiceAnswer)
        for o in q.answer.options
        if o.id.startswith("obj.")
    }
    assert options, "the workshop asks about no objectives"
    assert options == objectives


def test_planning_initiatives_cover_every_domain_without_dependency_cycles(library: ContentLibrary) -> None:
    assert library.planning_libraries, "no planning library loaded"
    for plan in library.planning_libraries:
        domain_of = _domain_of(_model(library, plan.model))
        covered = {domain_of.get(c) for i in plan.initiatives for c in i.capabilities}
        missing = sorted(set(domain_of.values()) - covered)
        assert not missing, f"{plan.id}: no initiative for domains {missing}"
        cycle = _dependency_cycle({i.id: i.dependencies for i in plan.initiatives})
        assert cycle is None, f"{plan.id}: dependency cycle {' -> '.join(cycle or ())}"


def _dependency_cycle(deps: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first dependency cycle found, as a path that ends where it started, or None."""
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if node in path:
            return (*path[path.index(node):], node)
        if node in done:
            return None
        for dep in deps.get(node, ()):
            found = visit(dep, (*path, node))
            if found:
                return found
        done.add(node)
        return None

    for node in deps:
        found = visit(node, ())
        if found:
            return found
    return None
