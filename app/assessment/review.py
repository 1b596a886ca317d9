"""Review before sign-off: what is still open before a report is final.

Five checks, each a count with the first few things it found, in a fixed order:

- ``unanswered``: questions in scope that nobody answered. A question is in scope when it
  is on the track (questionnaire and role) of someone registered; with nobody registered,
  every question of the engagement's questionnaires is.
- ``follow_ups``: answers flagged for follow-up.
- ``low_confidence``: assessed capabilities whose confidence (``app.scoring``) is low.
- ``disagreement``: questions whose answers disagree (the model's spread rule) on a
  capability without a consultant override; an override with its rationale is how the
  consultant settles a disagreement.
- ``evidence_requested``: items of the saved evidence request list still requested.
- ``draft_findings``: findings not yet approved or rejected.

Pure: plain records and scores in, a ``Checklist`` out. The Review tab, ``omm signoff``
and the snapshot (which records what was open when it was signed off) read the same one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.assessment.interview_plan import questions_for_role, track_of
from app.assessment.requests import RequestList
from app.assessment.scores import EngagementScores
from app.scoring import Confidence

CHECKS = ("unanswered", "follow_ups", "low_confidence", "disagreement", "evidence_requested", "draft_findings")
EXAMPLES = 5


@dataclass(frozen=True)
class CheckItem:
    key: str  # one of CHECKS
    count: int
    examples: tuple[str, ...] = ()  # ids of the first few things found (question, capability, request, finding)
    names: tuple[Mapping[str, str], ...] = ()  # what each example is called, {"en": ..., "zh": ...}

    def example_names(self, lang: str) -> list[str]:
        return [(n.get(lang) or n.get("en") or e) if n else e
                for e, n in zip(self.examples, self.names or ({},) * len(self.examples), strict=False)]

    @property
    def open(self) -> bool:
        return self.count > 0

    def to_dict(self) -> dict:
        return {"key": self.key, "count": self.count, "examples": list(self.examples)}


@dataclass(frozen=True)
class Checklist:
    items: tuple[CheckItem, ...]

    @property
    def open_items(self) -> tuple[CheckItem, ...]:
        return tuple(i for i in self.items if i.open)

    @property
    def clear(self) -> bool:
        return not self.open_items

    def item(self, key: str) -> CheckItem:
        return next(i for i in self.items if i.key == key)

    def to_dict(self) -> list[dict]:
        return [i.to_dict() for i in self.items]


@dataclass(frozen=True)
class FindingState:
    """What the checklist needs of a finding: its id, title and status (draft | approved | rejected)."""

    id: str
    title: Mapping[str, str]  # {"en": ..., "zh": ...}
    status: str


def _item(key: str, found: Sequence[str], names: Mapping[str, Mapping[str, str]] | None = None) -> CheckItem:
    shown = tuple(found[:EXAMPLES])
    return CheckItem(key, len(found), shown, tuple(dict((names or {}).get(x, {})) for x in shown))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def unanswered_questions(scores: EngagementScores) -> list[str]:
    """``questionnaire/question`` of each question in scope that nobody answered, in questionnaire order."""
    answered = {(a.questionnaire_id, a.question_id) for a in scores.answers if a.status is not None}
    in_scope: dict[tuple[str, str], None] = {}
    if scores.interviewees:
        for person in scores.interviewees:
            track = track_of(person, scores.questionnaires)
            if track is not None:
                for _, q in questions_for_role(track, person.role):
                    in_scope[(track.id, q.id)] = None
    else:
        for questionnaire in scores.questionnaires:
            for _, q in questions_for_role(questionnaire, None):
                in_scope[(questionnaire.id, q.id)] = None
    return [f"{qn}/{q}" for (qn, q) in in_scope if (qn, q) not in answered]


def checklist(scores: EngagementScores, requests: RequestList | None,
              findings: Iterable[FindingState]) -> Checklist:
    follow_ups = [f"{a.questionnaire_id}/{a.question_id}" for a in scores.answers if a.follow_up]
    low: list[str] = []
    disagreeing: list[str] = []
    for score in scores.models.values():
        for cap in score.capabilities:
            if cap.assessed and cap.override is None and cap.confidence.label is Confidence.LOW:
                low.append(cap.capability_id)
        for d in score.disagreements:
            if score.capability(d.capability_id).override is None:
                disagreeing.append(f"{d.questionnaire_id}/{d.question_id}")
    requested = [i.id for i in requests.items if i.open] if requests is not None else []
    findings = list(findings)
    drafts = [f.id for f in findings if f.status == "draft"]
    names: dict[str, Mapping[str, str]] = {}
    for questionnaire in scores.questionnaires:
        for _, q in questions_for_role(questionnaire, None):
            names[f"{questionnaire.id}/{q.id}"] = {lang: _short(q.text.get(lang)) for lang in ("en", "zh")}
    for model in scores.model_content.values():
        for domain in model.domains:
            for cap in domain.capabilities:
                names[cap.id] = {"en": cap.name.en, "zh": cap.name.zh}
    for item in requests.items if requests is not None else ():
        names[item.id] = {lang: f"{item.id} {_short(item.title_in(lang), 50)}" for lang in ("en", "zh")}
    for f in findings:
        names[f.id] = {lang: _short(f.title.get(lang) or f.title.get("en", f.id), 60) for lang in ("en", "zh")}
    return Checklist((
        _item("unanswered", unanswered_questions(scores), names),
        _item("follow_ups", list(dict.fromkeys(follow_ups)), names),
        _item("low_confidence", low, names),
        _item("disagreement", list(dict.fromkeys(disagreeing)), names),
        _item("evidence_requested", requested, names),
        _item("draft_findings", drafts, names),
    ))
