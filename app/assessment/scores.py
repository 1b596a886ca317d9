"""An engagement's records scored against the exact content versions it recorded.

Pure: plain records in (``EngagementData``, read by storage in one go), ``EngagementScores``
out. The results screen, ``omm score``, the reports, planning and diagnosis all start
from this one object, so they all show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.content.loader import ContentLibrary, ContentNotFound
from app.content.schema import MaturityModel, Questionnaire
from app.errors import UserError
from app.scoring import AnswerStatus, Confidence, ModelScore, Override, Response, score_model
from app.storage.records import AnswerRecord, EngagementData, EngagementRecord, IntervieweeRecord


def _recorded_content(library: ContentLibrary, engagement: EngagementRecord, kind: str, lookup) -> list:
    """The exact content versions the engagement recorded; a missing one is a clear error."""
    out = []
    for ref in engagement.content:
        if ref.kind == kind:
            try:
                out.append(lookup(ref.content_id, ref.version))
            except ContentNotFound as exc:
                raise UserError(f"engagement {engagement.name!r} uses {exc}; install that content version") from None
    return out


def engagement_questionnaires(library: ContentLibrary, engagement: EngagementRecord) -> list[Questionnaire]:
    return _recorded_content(library, engagement, "questionnaire", library.questionnaire)


def engagement_models(library: ContentLibrary, engagement: EngagementRecord) -> list[MaturityModel]:
    return _recorded_content(library, engagement, "model", library.model)


def to_responses(answers: Iterable[AnswerRecord], people: dict[str, IntervieweeRecord]) -> list[Response]:
    out = []
    for a in answers:
        if a.status is None or a.interviewee_id not in people:
            continue
        person = people[a.interviewee_id]
        out.append(Response(
            questionnaire_id=a.questionnaire_id, question_id=a.question_id, interviewee_id=person.id,
            interviewee_name=person.name, role=person.role, status=AnswerStatus(a.status), value=a.value,
            confidence=Confidence(a.confidence) if a.confidence else None,
            evidence_count=len(a.evidence_ids), note=a.note,
        ))
    return out


@dataclass
class EngagementScores:
    engagement: EngagementRecord
    interviewees: list[IntervieweeRecord]
    answers: list[AnswerRecord]
    models: dict[str, ModelScore] = field(default_factory=dict)
    questionnaires: list[Questionnaire] = field(default_factory=list)
    model_content: dict[str, MaturityModel] = field(default_factory=dict)

    @property
    def primary(self) -> ModelScore | None:
        """The model most questions score: the one a report leads with."""
        return next(iter(self.models.values()), None)


def score_records(library: ContentLibrary, data: EngagementData) -> EngagementScores:
    """Every model the engagement recorded, scored from its answers, targets and overrides."""
    engagement = data.engagement
    questionnaires = engagement_questionnaires(library, engagement)
    models = engagement_models(library, engagement)
    people = {p.id: p for p in data.interviewees}
    answers = list(data.answers)
    responses = to_responses(answers, people)
    targets: dict[str, dict[str, float]] = {}
    for t in data.targets:
        targets.setdefault(t.model_id, {})[t.subject_id] = t.level
    overrides: dict[str, dict[str, Override]] = {}
    for o in data.overrides:
        overrides.setdefault(o.model_id, {})[o.capability_id] = Override(o.capability_id, o.level, o.rationale,
                                                                          o.author)
    result = EngagementScores(engagement, list(people.values()), answers, questionnaires=questionnaires)
    # Lead with the model that most of the engagement's questions score.
    weight = {m.id: sum(len(s.questions) for q in questionnaires if q.model == m.id for s in q.sections)
              for m in models}
    for model in sorted(models, key=lambda m: -weight[m.id]):
        result.model_content[model.id] = model
        result.models[model.id] = score_model(model, questionnaires, responses, targets.get(model.id),
                                              overrides.get(model.id))
    return result
