"""Use cases of the diagnosis: draft, store, edit and approve findings, policies and the summary.

(Moves to ``app/services/findings.py`` once the services package lands.)

Stored as versioned JSON documents of the engagement (``repo.documents``), one document
per kind: ``findings``, ``policies``, ``summary`` and the ``quotable`` marks on notes.
Reading never writes: with nothing stored yet, the diagnosis is drafted on the fly and
every finding is a draft (so no deliverable shows it until the consultant approves).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.content.loader import ContentLibrary
from app.diagnosis.baseline import BaselineComparison, compare_to_baseline
from app.diagnosis.findings import DraftInputs, Finding, draft_findings, redraft
from app.diagnosis.policies import Policy, PolicyInputs, draft_policies, redraft_policies
from app.diagnosis.summary import ExecutiveSummary, draft_summary
from app.diagnosis.text import Bilingual
from app.errors import UserError
from app.services import EngagementScores, score_engagement
from app.storage.repository import Repository

KIND = "diagnosis"
KEY_FINDINGS, KEY_POLICIES, KEY_SUMMARY, KEY_QUOTABLE = "findings", "policies", "summary", "quotable"

AnswerKey = tuple[str, str, str]


@dataclass(frozen=True)
class Diagnosis:
    """An engagement's diagnosis as the reports and the Findings screen see it."""

    findings: tuple[Finding, ...] = ()
    policies: tuple[Policy, ...] = ()
    summary: ExecutiveSummary | None = None
    quotable: frozenset[AnswerKey] = frozenset()
    stored: bool = False  # False: drafted on the fly, nothing saved yet
    versions: dict[str, int] = field(default_factory=dict)


def _store(repo: Repository) -> Any | None:
    return getattr(repo, "documents", None)


def _get(repo: Repository, engagement_id: str, key: str) -> tuple[Any, int]:
    store = _store(repo)
    if store is None:
        return None, 0
    doc = store.get(engagement_id, KIND, key)
    return (None, 0) if doc is None else (doc.payload, doc.version)


def role_names(library: ContentLibrary) -> dict[str, Bilingual]:
    catalogue = library.catalogue
    return {r.id: Bilingual.of(r.name) for r in catalogue.roles} if catalogue else {}


def scored(library: ContentLibrary, scores: EngagementScores) -> bool:
    """A service with a scored maturity evaluation was bought (Professional and up): findings may cite levels."""
    catalogue = library.catalogue
    if catalogue is None:
        return True
    by_id = {s.id: s for s in catalogue.services}
    return any("maturity" in {r.value for r in by_id[c.service_id].reports}
               for c in scores.engagement.services if c.service_id in by_id)


def objectives(library: ContentLibrary, model_id: str) -> list:
    return [o for lib in library.planning_libraries if lib.model == model_id for o in lib.objectives]


def objective_names(library: ContentLibrary) -> dict[str, dict[str, str]]:
    return {o.id: {"en": o.name.en, "zh": o.name.zh} for lib in library.planning_libraries for o in lib.objectives}


def evidence_by_answer(repo: Repository, scores: EngagementScores) -> dict[AnswerKey, tuple[tuple[str, str], ...]]:
    titles = {e.id: e.title for e in repo.list_evidence(scores.engagement.id)}
    return {(a.questionnaire_id, a.question_id, a.interviewee_id): tuple((i, titles[i]) for i in a.evidence_ids
                                                                         if i in titles)
            for a in scores.answers if a.evidence_ids}


def quotable_marks(repo: Repository, engagement_id: str) -> frozenset[AnswerKey]:
    payload, _ = _get(repo, engagement_id, KEY_QUOTABLE)
    return frozenset(tuple(x) for x in (payload or []))  # type: ignore[misc]


def draft_all(library: ContentLibrary, repo: Repository, scores: EngagementScores,
              quotable: frozenset[AnswerKey]) -> tuple[list[Finding], list[Policy]]:
    """Fresh drafts from the data, for every model the engagement scores."""
    evidence = evidence_by_answer(repo, scores)
    roles = role_names(library)
    findings: list[Finding] = []
    policies: list[Policy] = []
    for model_id, score in scores.models.items():
        model = scores.model_content[model_id]
        drafted = draft_findings(DraftInputs(model, score, scores.questionnaires, roles, quotable, evidence,
                                             scored=scored(library, scores)))
        findings.extend(drafted)
        policies.extend(draft_policies(PolicyInputs(model, score, drafted, objectives(library, model_id))))
    return findings, policies


def load_diagnosis(library: ContentLibrary, repo: Repository, scores: EngagementScores) -> Diagnosis:
    """What is stored, or a fresh draft when nothing is."""
    eid = scores.engagement.id
    quotable = quotable_marks(repo, eid)
    f_payload, f_version = _get(repo, eid, KEY_FINDINGS)
    p_payload, p_version = _get(repo, eid, KEY_POLICIES)
    s_payload, s_version = _get(repo, eid, KEY_SUMMARY)
    stored = f_payload is not None
    if stored:
        findings = [Finding.from_dict(x) for x in f_payload]
        policies = [Policy.from_dict(x) for x in (p_payload or [])]
    else:
        findings, policies = draft_all(library, repo, scores, quotable)
    summary = ExecutiveSummary.from_dict(s_payload) if s_payload is not None else \
        _draft_summary(library, repo, scores, findings, policies)
    return Diagnosis(tuple(findings), tuple(policies), summary, quotable, stored,
                     {"findings": f_version, "policies": p_version, "summary": s_version})


def _draft_summary(library: ContentLibrary, repo: Repository, scores: EngagementScores,
                   findings: Sequence[Finding], policies: Sequence[Policy]) -> ExecutiveSummary | None:
    primary = next(iter(scores.models), None)
    if primary is None:
        return None
    model = scores.model_content[primary]
    cmp = baseline_comparisons(library, repo, scores).get(primary)
    return draft_summary(model, scores.models[primary], [f for f in findings if f.model_id == primary],
                         [p for p in policies if p.model_id == primary], scores.engagement.customer.name,
                         baseline=cmp, scored=scored(library, scores))


def baseline_comparisons(library: ContentLibrary, repo: Repository,
                         scores: EngagementScores) -> dict[str, BaselineComparison]:
    """Per model, the deltas against the engagement this one re-assesses (none for a first assessment)."""
    previous_id = scores.engagement.previous_engagement_id
    if not previous_id:
        return {}
    try:
        before = score_engagement(library, repo, previous_id)
    except (UserError, LookupError):
        return {}  # the baseline was deleted or its content is not installed: report without it
    out = {}
    for model_id, score in scores.models.items():
        if model_id in before.models:
            out[model_id] = compare_to_baseline(scores.model_content[model_id], score, before.models[model_id],
                                                before.engagement.name)
    return out


# --- writes -------------------------------------------------------------------------------------------


def _require_store(repo: Repository) -> Any:
    store = _store(repo)
    if store is None:
        raise UserError("this database cannot store findings yet (no engagement documents table)")
    return store


def save_diagnosis(repo: Repository, engagement_id: str, findings: Iterable[Finding], policies: Iterable[Policy],
                   summary: ExecutiveSummary | None, *, updated_by: str = "") -> None:
    """Findings, policies and summary in one unit of work: all three or none."""
    _require_store(repo)
    with repo.unit_of_work() as uow:  # type: ignore[attr-defined]
        uow.documents.put(engagement_id, KIND, KEY_FINDINGS, [f.to_dict() for f in findings], updated_by=updated_by)
        uow.documents.put(engagement_id, KIND, KEY_POLICIES, [p.to_dict() for p in policies], updated_by=updated_by)
        if summary is not None:
            uow.documents.put(engagement_id, KIND, KEY_SUMMARY, summary.to_dict(), updated_by=updated_by)


def redraft_diagnosis(library: ContentLibrary, repo: Repository, engagement_id: str, *,
                      updated_by: str = "") -> Diagnosis:
    """Draft again from today's answers, keeping everything the consultant touched, and store it."""
    scores = score_engagement(library, repo, engagement_id)
    current = load_diagnosis(library, repo, scores)
    findings, policies = draft_all(library, repo, scores, current.quotable)
    merged = redraft(current.findings, findings) if current.stored else findings
    merged_policies = redraft_policies(current.policies, policies) if current.stored else policies
    summary = current.summary
    if summary is None or not summary.edited:
        summary = _draft_summary(library, repo, scores, merged, merged_policies)
    save_diagnosis(repo, scores.engagement.id, merged, merged_policies, summary, updated_by=updated_by)
    return load_diagnosis(library, repo, scores)


def set_quotable(repo: Repository, engagement_id: str, key: AnswerKey, quotable: bool) -> frozenset[AnswerKey]:
    """Mark one interview note as quotable (or not). Carries the full key: no screen state is read."""
    store = _require_store(repo)
    marks = set(quotable_marks(repo, engagement_id))
    (marks.add if quotable else marks.discard)(tuple(key))  # type: ignore[arg-type]
    store.put(engagement_id, KIND, KEY_QUOTABLE, sorted(list(m) for m in marks))
    return frozenset(marks)  # type: ignore[arg-type]
