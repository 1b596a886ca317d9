"""Planning use cases: read, draft, analyse and save an engagement's plan.

The plan is one versioned JSON document per engagement in the engagement documents
store (kind ``plan``, key ``main``). What is derived from it (gaps, the schedule, the
evolution path) is recomputed on every read by ``app.planning``, never stored.

Current levels come from the engagement's own scored diagnosis (the model the planning
library plans for); for a Large engagement, a department's levels come from the answers
of the interviewees who belong to it.

Saving checks the whole plan first (targets below current, cycles, unknown
prerequisites, phases without capacity, initiatives longer than the plan) and writes
nothing when anything is wrong. A save writes the plan and the targets the scoring uses
in ONE unit of work, so the maturity report and the plan never disagree on a target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from app.content.loader import ContentLibrary
from app.content.schema import MaturityModel, PlanningLibrary, Questionnaire, ServiceCatalogue
from app.errors import UserError
from app.planning.analysis import PlanAnalysis, analyse_plan, check_plan, draft_plan
from app.planning.model import Department, Message, Plan, PlanError, text
from app.planning.workshop import read_workshop
from app.scoring import ModelScore, score_model
from app.services.results import EngagementScores, score_engagement, to_responses
from app.storage.records import EngagementRecord
from app.storage.repository import Repository

PLAN_KIND = "plan"
PLAN_KEY = "main"
PLANNING_SERVICE = "assessment-planning"
WORKSHOP_ROLE_HINT = "planning-workshop"


@dataclass
class PlanningState:
    """Everything a screen, the command line or a report needs about one engagement's plan."""

    engagement: EngagementRecord
    model: MaturityModel
    library: PlanningLibrary | None
    plan: Plan
    analysis: PlanAnalysis
    current: dict[str, float | None]
    department_current: dict[str, dict[str, float | None]] = field(default_factory=dict)
    version: int = 0  # the stored document's version; 0 while the plan is a draft never saved
    scores: EngagementScores | None = None
    catalogue: ServiceCatalogue | None = None

    @property
    def saved(self) -> bool:
        return self.version > 0

    def names(self, lang: str) -> dict[str, str]:
        """Id -> name in ``lang`` for everything a message may name."""
        out = {d.id: d.name.get(lang) for d in self.model.domains}
        out.update({c.id: c.name.get(lang) for d in self.model.domains for c in d.capabilities})
        out.update({o.id: text(o.name, lang) for o in self.plan.objectives})
        out.update({i.id: text(i.name, lang) for i in self.plan.initiatives})
        out.update({d.id: d.name for d in self.plan.departments})
        return out


def planning_size(engagement: EngagementRecord) -> str | None:
    """Medium or Large when the engagement bought the planning service; None when it did not."""
    return next((s.size for s in engagement.services if s.service_id == PLANNING_SERVICE), None)


def planning_library(library: ContentLibrary, model_ids: list[str]) -> PlanningLibrary | None:
    found = [p for p in library.planning_libraries if p.model in model_ids]
    return max(found, key=lambda p: p.version) if found else None


def _planned_model(library: ContentLibrary, scores: EngagementScores) -> MaturityModel:
    libraries = {p.model for p in library.planning_libraries}
    for model_id in scores.models:
        if model_id in libraries:
            return scores.model_content[model_id]
    if scores.primary is None:
        raise UserError(f"engagement {scores.engagement.name!r} scores no maturity model, so it has nothing to plan "
                        "from; add the diagnosis questionnaire to its services")
    return scores.model_content[scores.primary.model_id]


def current_levels(score: ModelScore) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for d in score.domains:
        out[d.domain_id] = d.level
        for c in d.capabilities:
            out[c.capability_id] = c.level
    return out


def _department_levels(plan: Plan, model: MaturityModel, scores: EngagementScores,
                       current: dict[str, float | None]) -> dict[str, dict[str, float | None]]:
    """Per department: levels from its own interviewees' answers; the organisation's where it has none."""
    out: dict[str, dict[str, float | None]] = {}
    for department in plan.departments:
        people = {p.id: p for p in scores.interviewees
                  if p.department.strip().lower() in (department.name.strip().lower(), department.id.lower())}
        if not people:
            out[department.id] = dict(current)
            continue
        responses = to_responses(scores.answers, people)
        score = score_model(model, scores.questionnaires, responses)
        levels = current_levels(score)
        out[department.id] = {k: (v if v is not None else current.get(k)) for k, v in levels.items()}
    return out


def _workshop(scores: EngagementScores) -> Questionnaire | None:
    return next((q for q in scores.questionnaires if q.id == WORKSHOP_ROLE_HINT), None)


def load_planning(library: ContentLibrary, repo: Repository, engagement_id: str) -> PlanningState:
    """The stored plan with its analysis, or a fresh draft (not saved) when there is none yet."""
    scores = score_engagement(library, repo, engagement_id)
    engagement = scores.engagement
    model = _planned_model(library, scores)
    lib = planning_library(library, [model.id])
    current = current_levels(scores.models[model.id])
    stored = repo.documents.get(engagement.id, PLAN_KIND, PLAN_KEY)
    reasons: dict[str, Message] = {}
    if stored is not None:
        plan = Plan.from_dict(stored.payload)
        version = stored.version
    else:
        responses = to_responses(scores.answers, {p.id: p for p in scores.interviewees})
        decisions = read_workshop(_workshop(scores), model, lib, responses)
        plan, reasons = draft_plan(model, lib, decisions, current, planning_size(engagement) or "medium")
        version = 0
    department_current = _department_levels(plan, model, scores, current)
    try:
        analysis = analyse_plan(plan, model, current, department_current, reasons)
    except PlanError as exc:
        raise PlanError(exc.problems) from None
    return PlanningState(engagement, model, lib, plan, analysis, current, department_current, version, scores,
                         library.catalogue)


def preview(state: PlanningState, plan: Plan) -> PlanningState:
    """The state with an edited plan analysed (not saved): what the screen shows while editing."""
    check_plan(plan, state.model, state.current)
    department_current = state.department_current
    if {d.id for d in plan.departments} != set(department_current) and state.scores is not None:
        department_current = _department_levels(plan, state.model, state.scores, state.current)
    analysis = analyse_plan(plan, state.model, state.current, department_current, state.analysis.generated_reasons)
    return PlanningState(state.engagement, state.model, state.library, plan, analysis, state.current,
                         department_current, state.version, state.scores, state.catalogue)


def save_plan(library: ContentLibrary, repo: Repository, engagement_id: str, plan: Plan, *,
              expected_version: int | None = None, updated_by: str = "") -> PlanningState:
    """Check the whole plan, then store it and its targets in one unit of work (all or nothing)."""
    state = load_planning(library, repo, engagement_id)
    return store_plan(repo, state, plan, expected_version=expected_version, updated_by=updated_by)


def store_plan(repo: Repository, state: PlanningState, plan: Plan, *, expected_version: int | None = None,
               updated_by: str = "", analysed: PlanningState | None = None) -> PlanningState:
    """Store an edited plan of an engagement already loaded, without scoring it again.

    ``state`` gives the model and the current levels the plan is checked against (the
    screen's last load); ``analysed``, when given, is ``preview(state, plan)`` already
    computed, so a save costs one check and one unit of work: the plan document and every
    target the scoring uses, all or nothing. Safe to call from a worker thread (no Qt).
    """
    check_plan(plan, state.model, state.current)
    with repo.unit_of_work() as uow:
        record = uow.documents.put(state.engagement.id, PLAN_KIND, PLAN_KEY, plan.to_dict(), updated_by=updated_by,
                                   expected_version=expected_version)
        for target in plan.targets:
            uow.set_target(state.engagement.id, state.model.id, target.subject_id, target.level,
                           scale=(state.model.scale.minimum, state.model.scale.maximum))
    result = analysed if analysed is not None and analysed.plan == plan else preview(state, plan)
    return replace(result, version=record.version)


def plan_as_json(state: PlanningState, lang: str = "en") -> dict:
    """``omm plan --json``: the schedule's contract fields, with names, plus what else was decided."""
    names = state.names(lang)
    data = state.analysis.schedule.to_dict(lang)
    plan = state.plan
    for item in data["items"]:
        item["name"] = names.get(item["id"], item["id"])
        source = plan.initiative(item["id"])
        item.update({"programme": source.programme, "scope": source.scope, "impact": source.impact,
                     "capabilities": list(source.capabilities), "objectives": list(source.objectives)})
    for u in data["unscheduled"]:
        u["name"] = names.get(u["id"], u["id"])
        u["reason"] = _render(state.analysis.schedule.unscheduled, u["id"], lang, names)
    for p in data["phases"]:
        p["name"] = text(next(x.name for x in plan.phases if x.id == p["id"]), lang)
    return {
        "engagement": {"id": state.engagement.id, "name": state.engagement.name},
        "saved": state.saved, "version": state.version, "size": plan.size, "model": state.model.id,
        "objectives": [{"id": o.id, "name": text(o.name, lang), "rank": o.rank, "domains": list(o.domains)}
                       for o in sorted(plan.objectives, key=lambda o: o.rank)],
        "targets": [{"id": t.subject_id, "kind": t.kind, "level": t.level, "proposed": t.proposed,
                     "current": state.current.get(t.subject_id),
                     "reason": t.reason.render(lang) if not t.edited else Message("edited").render(lang)}
                    for t in plan.targets if t.kind == "domain"],
        "gaps": [{"id": g.subject_id, "current": g.current, "target": g.target, "gap": g.gap,
                  "priority": g.priority, "rank": g.rank} for g in state.analysis.gaps.domains],
        **data,
        "evolution": [{"phase": s.phase or "now", "month": s.month, "domains": dict(s.domains)}
                      for s in state.analysis.evolution],
        "departments": [d.to_dict() for d in plan.departments],
    }


def _render(unscheduled, item_id: str, lang: str, names: Mapping[str, str]) -> str:
    from app.planning.messages import render

    reason = next(u.reason for u in unscheduled if u.id == item_id)
    return render(reason, lang, names)


__all__ = ["Department", "PlanningState", "load_planning", "plan_as_json", "preview", "save_plan", "store_plan"]
