"""Cross-reference checks that one file's schema cannot see on its own.

Each check returns every problem it finds (not just the first), located by the
callable ``where(loc) -> (file, line)`` that maps a field path to its source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from app.content.library import ContentLibrary, ContentNotFound, Problem, field_path
from app.content.schema import (
    ChoiceAnswer,
    Glossary,
    MaturityModel,
    NumericAnswer,
    OrganisationModel,
    PlanningLibrary,
    Questionnaire,
    ScoringMethod,
    ServiceCatalogue,
    YesNoAnswer,
)

Where = Callable[[list[Any]], tuple[str, int | None]]


class _Collector:
    def __init__(self, where: Where) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def add(self, loc: list[Any], message: str, severity: str = "error") -> None:
        file, line = self.where(loc)
        self.problems.append(Problem(file, line, field_path(loc), message, severity))

    def duplicates(self, ids: Iterable[str], loc_of: Callable[[int], list[Any]], what: str) -> None:
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen:
                self.add(loc_of(index), f"duplicate {what} id {item_id!r}")
            seen.add(item_id)


def check_model(model: MaturityModel, where: Where) -> list[Problem]:
    c = _Collector(where)
    scale = model.scale
    levels = set(range(scale.minimum, scale.maximum + 1))
    c.duplicates((d.id for d in model.domains), lambda i: ["domains", i, "id"], "domain")
    all_caps = [(di, ci, cap) for di, d in enumerate(model.domains) for ci, cap in enumerate(d.capabilities)]
    c.duplicates((cap.id for *_, cap in all_caps), lambda i: ["domains", all_caps[i][0], "capabilities",
                                                               all_caps[i][1], "id"], "capability")
    c.duplicates((k.id for k in model.kpis), lambda i: ["kpis", i, "id"], "KPI")
    c.duplicates((r.id for r in model.recommendations), lambda i: ["recommendations", i, "id"], "recommendation")
    domain_ids = {d.id for d in model.domains}
    for i, domain_id in enumerate(model.domain_order):
        if domain_id not in domain_ids:
            c.add(["domain_order", i], f"unknown domain {domain_id!r}")
    kpi_ids = {k.id for k in model.kpis}
    cap_ids = {cap.id for *_, cap in all_caps}
    rec_ids = {r.id for r in model.recommendations}
    if not scale.contains(model.scoring.default_target):
        c.add(["scoring", "default_target"], f"level {model.scoring.default_target} is outside the scale "
                                             f"{scale.minimum}-{scale.maximum}")
    for di, ci, cap in all_caps:
        loc = ["domains", di, "capabilities", ci]
        outside = sorted(set(cap.levels) - levels)
        if outside:
            c.add([*loc, "levels"], f"levels {outside} are outside the scale {scale.minimum}-{scale.maximum}")
        missing = sorted(levels - set(cap.levels))
        if missing:
            # scoring does not need them; the interview and the report lack the description
            c.add([*loc, "levels"], f"no level descriptor for levels {missing}: interviews and reports "
                                    f"show the scale's name only", "warning")
        for level, conditions in cap.conditions.items():
            if level not in levels:
                c.add([*loc, "conditions", level], f"level {level} is outside the scale {scale.minimum}-{scale.maximum}")
            elif not conditions:
                c.add([*loc, "conditions", level], "list at least one condition, or leave the level out")
        for kpi in cap.kpis:
            if kpi not in kpi_ids:
                c.add([*loc, "kpis"], f"unknown KPI {kpi!r}")
        if cap.default_target is not None and cap.default_target not in levels:
            c.add([*loc, "default_target"], f"level {cap.default_target} is outside the scale")
    _check_wording(model, c)
    for ri, rec in enumerate(model.recommendations):
        loc = ["recommendations", ri]
        if rec.capability not in cap_ids:
            c.add([*loc, "capability"], f"unknown capability {rec.capability!r}")
        for name in ("from_level", "to_level"):
            if getattr(rec, name) not in levels:
                c.add([*loc, name], f"level {getattr(rec, name)} is outside the scale {scale.minimum}-{scale.maximum}")
        for pre in rec.prerequisites:
            if pre not in rec_ids and pre not in cap_ids:
                c.add([*loc, "prerequisites"], f"unknown recommendation or capability {pre!r}")
    return c.problems


# The kinds whose title comes from the maturity model they report (app.content.wording); the
# organisation and process reports are titled from their own content.
MODEL_TITLED = ("survey", "diagnosis", "maturity", "planning", "requests")


def _check_wording(model: MaturityModel, c: _Collector) -> None:
    wording = model.wording
    if wording.subject is not None:
        for lang, ending in (("en", "maturity"), ("zh", "成熟度")):
            if wording.subject.get(lang).strip().lower().endswith(ending):
                c.add(["wording", "subject", lang], f"the subject is put before “{ending}” in titles and "
                                                    f"sentences: write “O&M”, not “O&M maturity”", "warning")
    for kind in wording.titles:
        if kind.value not in MODEL_TITLED:
            c.add(["wording", "titles", kind.value], f"the {kind.value} report is not titled from a maturity model: "
                                                     f"this title is not used (models title: {', '.join(MODEL_TITLED)})",
                  "warning")


def check_questionnaire(
    questionnaire: Questionnaire, where: Where, library: ContentLibrary, role_ids: set[str] | None
) -> list[Problem]:
    c = _Collector(where)
    try:
        model = library.model(questionnaire.model)
    except ContentNotFound:
        if questionnaire.model in library.failed_ids:
            # a consequence, not a second error: the model's own problems say what to fix
            c.add(["model"], f"skipped: maturity model {questionnaire.model!r} did not load (see its problems)",
                  "warning")
        else:
            c.add(["model"], f"unknown maturity model {questionnaire.model!r}")
        return c.problems
    caps = {cap.id for d in model.domains for cap in d.capabilities}
    kpis = {k.id for k in model.kpis}
    kpi_by_id = {k.id: k for k in model.kpis}
    staged = model.scoring.method == ScoringMethod.STAGED
    if role_ids is not None:
        for ri, role in enumerate(questionnaire.roles):
            if role not in role_ids:
                c.add(["roles", ri], f"unknown interviewee role {role!r}")
    c.duplicates((s.id for s in questionnaire.sections), lambda i: ["sections", i, "id"], "section")
    section_ids = {s.id for s in questionnaire.sections}
    for i, section_id in enumerate(questionnaire.section_order):
        if section_id not in section_ids:
            c.add(["section_order", i], f"unknown section {section_id!r}")
    all_q = [(si, qi, q) for si, s in enumerate(questionnaire.sections) for qi, q in enumerate(s.questions)]
    c.duplicates((q.id for *_, q in all_q), lambda i: ["sections", all_q[i][0], "questions", all_q[i][1], "id"],
                 "question")
    target_roles = set(questionnaire.roles)
    for si, qi, q in all_q:
        loc = ["sections", si, "questions", qi]
        if q.capability not in caps:
            c.add([*loc, "capability"], f"unknown capability {q.capability!r} in model {model.id}")
        for role in q.roles:
            if role not in target_roles:
                c.add([*loc, "roles"], f"role {role!r} is not one of the questionnaire's roles")
        answer = q.answer
        used: list[tuple[list[Any], float | None]] = [([*loc, "criterion_level"], q.criterion_level)]
        if isinstance(answer, YesNoAnswer):
            used += [([*loc, "answer", "yes_level"], answer.yes_level), ([*loc, "answer", "no_level"], answer.no_level)]
        elif isinstance(answer, NumericAnswer):
            used += [([*loc, "answer", "thresholds", i, "level"], t.level) for i, t in enumerate(answer.thresholds)]
            kpi = kpi_by_id.get(answer.kpi) if answer.kpi is not None else None
            if answer.kpi is not None and answer.kpi not in kpis:
                c.add([*loc, "answer", "kpi"], f"unknown KPI {answer.kpi!r} in model {model.id}")
            elif kpi is not None:
                # One customer number, one score: a question scores its KPI on the KPI's table.
                if answer.unit != kpi.unit:
                    c.add([*loc, "answer", "unit"], f"unit {answer.unit!r} differs from the unit {kpi.unit!r} "
                                                    f"of {kpi.id}")
                if answer.thresholds and kpi.thresholds and answer.thresholds != kpi.thresholds:
                    c.add([*loc, "answer", "thresholds"], f"thresholds differ from the scoring table of {kpi.id}; "
                                                          "leave them out to score on the KPI's")
        elif isinstance(answer, ChoiceAnswer):
            used += [([*loc, "answer", "options", i, "level"], o.level) for i, o in enumerate(answer.options)]
        elif answer.descriptors:
            used += [([*loc, "answer", "descriptors"], lvl) for lvl in answer.descriptors]
        for level_loc, level in used:
            if level is not None and not model.scale.contains(level):
                c.add(level_loc, f"level {level} is outside the scale {model.scale.minimum}-{model.scale.maximum}")
        if staged and q.scored and q.criterion_level is None:
            c.add([*loc, "criterion_level"], "a staged model needs the level each question is a criterion of")
        if staged and q.scored and not isinstance(answer, YesNoAnswer):
            c.add([*loc, "answer"], "a staged model scores criteria met or not: use a yes_no answer")
        if q.scored and not staged and isinstance(answer, YesNoAnswer) and (
            answer.yes_level is None or answer.no_level is None
        ):
            c.add([*loc, "answer"], "a scored yes/no question needs yes_level and no_level")
        if q.scored and isinstance(answer, NumericAnswer) and not answer.thresholds and not (
            answer.kpi in kpi_by_id and kpi_by_id[answer.kpi].thresholds
        ):
            c.add([*loc, "answer", "thresholds"], "a scored numeric question needs thresholds")
        if q.scored and isinstance(answer, ChoiceAnswer) and all(o.level is None for o in answer.options):
            c.add([*loc, "answer", "options"], "a scored choice question needs a level on its options")
    return c.problems


def check_catalogue(catalogue: ServiceCatalogue, where: Where, library: ContentLibrary) -> list[Problem]:
    c = _Collector(where)
    c.duplicates((r.id for r in catalogue.roles), lambda i: ["roles", i, "id"], "role")
    c.duplicates((s.id for s in catalogue.services), lambda i: ["services", i, "id"], "service")
    for si, service in enumerate(catalogue.services):
        for qi, q_id in enumerate(service.questionnaires):
            try:
                library.questionnaire(q_id)
            except ContentNotFound:
                if q_id not in library.failed_ids:
                    c.add(["services", si, "questionnaires", qi], f"unknown questionnaire {q_id!r}")
        for mi, m_id in enumerate(service.models):
            try:
                library.model(m_id)
            except ContentNotFound:
                if m_id not in library.failed_ids:
                    c.add(["services", si, "models", mi], f"unknown maturity model {m_id!r}")
    return c.problems


def check_catalogue_clashes(
    catalogue: ServiceCatalogue, where: Where, earlier: list[tuple[ServiceCatalogue, Where]]
) -> list[Problem]:
    """A service or role id that another catalogue file already defines, with both places named.

    A firm's catalogue sits beside the shipped one; two files that define the same id
    would make the choice depend on file names, so the later file is refused.
    """
    c = _Collector(where)
    for field_name, what in (("services", "service"), ("roles", "role")):
        for index, item in enumerate(getattr(catalogue, field_name)):
            for other, other_where in earlier:
                ids = [x.id for x in getattr(other, field_name)]
                if item.id in ids:
                    file, line = other_where([field_name, ids.index(item.id), "id"])
                    place = f"{file}:{line}" if line else file
                    c.add([field_name, index, "id"], f"{what} id {item.id!r} is also defined in {place} "
                                                     f"(catalogue {other.id})")
                    break
    return c.problems


def check_organisation(org: OrganisationModel, where: Where, library: ContentLibrary) -> list[Problem]:
    c = _Collector(where)
    c.duplicates((r.id for r in org.roles), lambda i: ["roles", i, "id"], "role")
    role_ids = {r.id for r in org.roles}
    for ti, template in enumerate(org.templates):
        for tj, team in enumerate(template.teams):
            for rk, rc in enumerate(team.roles):
                if rc.role not in role_ids:
                    c.add(["templates", ti, "teams", tj, "roles", rk, "role"], f"unknown role {rc.role!r}")
    activities: dict[str, set[str]] | None = None
    if org.process_model:
        try:
            pm = library.model(org.process_model)
            activities = {d.id: {a.id for a in d.process.activities} for d in pm.domains if d.process}
        except ContentNotFound:
            c.add(["process_model"], f"unknown maturity model {org.process_model!r}")
    counts = Counter((e.process, e.activity) for e in org.raci)
    for ei, entry in enumerate(org.raci):
        for role in entry.assignments:
            if role not in role_ids:
                c.add(["raci", ei, "assignments", role], f"unknown role {role!r}")
        if counts[(entry.process, entry.activity)] > 1:
            c.add(["raci", ei, "activity"], f"activity {entry.activity!r} appears more than once")
        if activities is not None:
            if entry.process not in activities:
                c.add(["raci", ei, "process"], f"unknown process {entry.process!r} in {org.process_model}")
            elif entry.activity not in activities[entry.process]:
                c.add(["raci", ei, "activity"], f"unknown activity {entry.activity!r} of {entry.process}")
    return c.problems


def check_planning(plan: PlanningLibrary, where: Where, library: ContentLibrary) -> list[Problem]:
    c = _Collector(where)
    try:
        model = library.model(plan.model)
    except ContentNotFound:
        c.add(["model"], f"unknown maturity model {plan.model!r}")
        return c.problems
    domains = {d.id for d in model.domains}
    caps = {cap.id for d in model.domains for cap in d.capabilities}
    kpis = {k.id for k in model.kpis}
    objectives = {o.id for o in plan.objectives}
    initiatives = {i.id for i in plan.initiatives}
    c.duplicates((o.id for o in plan.objectives), lambda i: ["objectives", i, "id"], "objective")
    c.duplicates((i.id for i in plan.initiatives), lambda i: ["initiatives", i, "id"], "initiative")
    for oi, obj in enumerate(plan.objectives):
        for d in obj.domains:
            if d not in domains:
                c.add(["objectives", oi, "domains"], f"unknown domain {d!r} in {model.id}")
        for k in obj.kpis:
            if k not in kpis:
                c.add(["objectives", oi, "kpis"], f"unknown KPI {k!r} in {model.id}")
    for ii, ini in enumerate(plan.initiatives):
        for cap in ini.capabilities:
            if cap not in caps:
                c.add(["initiatives", ii, "capabilities"], f"unknown capability {cap!r} in {model.id}")
        for o in ini.objectives:
            if o not in objectives:
                c.add(["initiatives", ii, "objectives"], f"unknown objective {o!r}")
        for dep in ini.dependencies:
            if dep not in initiatives:
                c.add(["initiatives", ii, "dependencies"], f"unknown initiative {dep!r}")
    cycle = dependency_cycle({i.id: i.dependencies for i in plan.initiatives})
    if cycle:
        index = next(ii for ii, ini in enumerate(plan.initiatives) if ini.id == cycle[0])
        c.add(["initiatives", index, "dependencies"],
              f"dependency cycle {' -> '.join(cycle)}: no roadmap can schedule these initiatives")
    return c.problems


def dependency_cycle(deps: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first dependency cycle found, as a path that ends where it started, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in deps:
        if state.get(start):
            continue
        path: list[str] = [start]
        iters = [iter(deps.get(start, ()))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if nxt not in deps:
                continue
            if state.get(nxt) == 1:
                return (*path[path.index(nxt):], nxt)
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(deps[nxt]))
    return None


def check_glossary(glossary: Glossary, where: Where, library: ContentLibrary) -> list[Problem]:
    c = _Collector(where)
    c.duplicates((t.id for t in glossary.terms), lambda i: ["terms", i, "id"], "term")
    return c.problems
