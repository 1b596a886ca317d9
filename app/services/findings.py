"""Use cases of the diagnosis: draft, store, edit and approve findings, policies and the summary.

Stored as versioned JSON documents of the engagement (``repo.documents``, kind
``diagnosis``), keys ``findings``, ``policies``, ``summary`` and ``quotable`` (the marks on
interview notes). Each payload names the engagement it was written for: a re-assessment
duplicated from last year's engagement copies its documents, and last year's approved
findings must not turn up in this year's report, so a copied diagnosis counts as not
stored and is drafted afresh from this year's answers.

Reading never writes: with nothing stored yet, the diagnosis is drafted on the fly and
every finding is a draft (no deliverable shows it until the consultant approves).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.content.loader import ContentLibrary
from app.diagnosis.baseline import BaselineComparison, compare_to_baseline
from app.diagnosis.findings import DraftInputs, Finding, draft_findings, redraft
from app.diagnosis.policies import Policy, PolicyInputs, draft_policies, redraft_policies
from app.diagnosis.summary import ExecutiveSummary, draft_summary
from app.diagnosis.text import LANGS, Bilingual
from app.errors import UserError
from app.services.results import EngagementScores, score_engagement
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


def _get(repo: Repository, engagement_id: str, key: str) -> tuple[Any, int]:
    """The stored payload written for this engagement (not one copied from its baseline) and its version."""
    doc = repo.documents.get(engagement_id, KIND, key)
    if doc is None or not isinstance(doc.payload, dict) or doc.payload.get("engagement_id") != engagement_id:
        return None, 0 if doc is None else doc.version
    return doc.payload.get("items"), doc.version


def _payload(engagement_id: str, items: Any) -> dict[str, Any]:
    return {"engagement_id": engagement_id, "items": items}


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


def write_quotable(repo: Repository, engagement_id: str, key: AnswerKey, quotable: bool) -> frozenset[AnswerKey]:
    """Mark or unmark one note on ``repo`` (a repository, or the unit of work of a larger change)."""
    marks = set(quotable_marks(repo, engagement_id))
    (marks.add if quotable else marks.discard)(tuple(key))  # type: ignore[arg-type]
    repo.documents.put(engagement_id, KIND, KEY_QUOTABLE, _payload(engagement_id, sorted(list(m) for m in marks)))
    return frozenset(marks)  # type: ignore[arg-type]


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
    versions = {KEY_FINDINGS: f_version, KEY_POLICIES: p_version, KEY_SUMMARY: s_version}
    if stored:
        findings = [Finding.from_dict(x) for x in f_payload]
        policies = [Policy.from_dict(x) for x in (p_payload or [])]
    else:
        findings, policies = draft_all(library, repo, scores, quotable)
    summary = ExecutiveSummary.from_dict(s_payload) if s_payload is not None else \
        _draft_summary(library, repo, scores, findings, policies)
    if summary is not None and s_payload is not None and not all(summary.text(lang) for lang in LANGS):
        # A language the consultant has not written (the Chinese report of an English engagement)
        # reads the draft in that language rather than "no record" on the report's first page.
        draft = _draft_summary(library, repo, scores, findings, policies)
        if draft is not None:
            summary = replace(summary, texts={**{lang: draft.text(lang) for lang in LANGS},
                                              **{k: v for k, v in summary.texts.items() if v}})
    return Diagnosis(tuple(findings), tuple(policies), summary, quotable, stored, versions)


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


def save_diagnosis(repo: Repository, engagement_id: str, findings: Iterable[Finding], policies: Iterable[Policy],
                   summary: ExecutiveSummary | None, *, updated_by: str = "",
                   expected: dict[str, int] | None = None) -> None:
    """Findings, policies and summary in one unit of work: all three or none.

    ``expected``: the versions the caller read (``Diagnosis.versions``); if a colleague saved in
    between, nothing is written and the conflict says so.
    """
    expected = expected or {}
    with repo.unit_of_work() as uow:
        uow.documents.put(engagement_id, KIND, KEY_FINDINGS, _payload(engagement_id, [f.to_dict() for f in findings]),
                          updated_by=updated_by, expected_version=expected.get(KEY_FINDINGS))
        uow.documents.put(engagement_id, KIND, KEY_POLICIES, _payload(engagement_id, [p.to_dict() for p in policies]),
                          updated_by=updated_by, expected_version=expected.get(KEY_POLICIES))
        if summary is not None:
            uow.documents.put(engagement_id, KIND, KEY_SUMMARY, _payload(engagement_id, summary.to_dict()),
                              updated_by=updated_by, expected_version=expected.get(KEY_SUMMARY))


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
    save_diagnosis(repo, scores.engagement.id, merged, merged_policies, summary, updated_by=updated_by,
                   expected=current.versions)
    return load_diagnosis(library, repo, scores)


def update_findings(library: ContentLibrary, repo: Repository, engagement_id: str,
                    change: Any, *, updated_by: str = "") -> Diagnosis:
    """Apply ``change(findings) -> findings`` (an edit, a merge, an approval ...) and store the result.

    The change is a pure function from app.diagnosis (``edit``, ``merge``, ``set_status``) with every
    value it needs bound in: nothing is read from a screen later.
    """
    scores = score_engagement(library, repo, engagement_id)
    current = load_diagnosis(library, repo, scores)
    findings = list(change(list(current.findings)))
    save_diagnosis(repo, scores.engagement.id, findings, current.policies, current.summary, updated_by=updated_by,
                   expected=current.versions)
    return load_diagnosis(library, repo, scores)


def save_summary(library: ContentLibrary, repo: Repository, engagement_id: str, summary: ExecutiveSummary, *,
                 updated_by: str = "") -> Diagnosis:
    """The consultant's summary text (each save a new version of the document)."""
    scores = score_engagement(library, repo, engagement_id)
    current = load_diagnosis(library, repo, scores)
    save_diagnosis(repo, scores.engagement.id, current.findings, current.policies, summary, updated_by=updated_by,
                   expected=current.versions)
    return load_diagnosis(library, repo, scores)


def set_quotable(repo: Repository, engagement_id: str, key: AnswerKey, quotable: bool) -> frozenset[AnswerKey]:
    """Mark one interview note as quotable (or not). Carries the full key: no screen state is read."""
    with repo.unit_of_work() as uow:  # read and write of the marks in one transaction
        return write_quotable(uow, engagement_id, key, quotable)  # type: ignore[arg-type]


def is_quotable(repo: Repository, engagement_id: str, key: AnswerKey) -> bool:
    return tuple(key) in quotable_marks(repo, engagement_id)


# --- what `omm findings` and the screen show ----------------------------------------------------------


def findings_as_json(diagnosis: Diagnosis, scores: EngagementScores, lang: str = "en") -> dict[str, Any]:
    """The contract of ``omm findings --json``: each finding with its support, the policies, the summary."""
    people = {p.id: p for p in scores.interviewees}
    caps = {c.id: c.name.get(lang) for m in scores.model_content.values() for d in m.domains for c in d.capabilities}
    doms = {d.id: d.name.get(lang) for m in scores.model_content.values() for d in m.domains}
    return {
        "engagement": {"id": scores.engagement.id, "name": scores.engagement.name},
        "stored": diagnosis.stored,
        "findings": [{
            "id": f.id, "type": f.type.value, "severity": f.severity.value, "status": f.status.value,
            "rule": f.rule, "title": f.title.get(lang), "statement": f.statement.get(lang), "model": f.model_id,
            "domain": f.domain_id, "domain_name": doms.get(f.domain_id, ""),
            "capabilities": [{"id": c, "name": caps.get(c, c)} for c in f.capability_ids],
            "support": [{**x.to_dict(), "role": x.role, "interviewee": people[x.interviewee_id].name
                         if x.interviewee_id in people else ""} for x in f.support],
            "recommendations": list(f.recommendation_ids),
        } for f in diagnosis.findings],
        "policies": [{"rank": p.rank, "id": p.id, "title": p.title.get(lang), "capability": p.capability_id,
                      "impact": p.impact, "effort": p.effort, "start_month": p.start_month,
                      "quick_win": p.quick_win, "objectives": list(p.objectives), "findings": list(p.finding_ids),
                      "status": p.status.value} for p in diagnosis.policies],
        "summary": diagnosis.summary.to_dict() if diagnosis.summary else None,
    }
