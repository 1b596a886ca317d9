"""An engagement's records scored against the exact content versions it recorded.

Pure: plain records in (``EngagementData``, read by storage in one go), ``EngagementScores``
out. The results screen, ``omm score``, the reports, planning and diagnosis all start
from this one object, so they all show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.content.loader import ContentLibrary, ContentNotFound
from app.content.schema import MaturityModel, Questionnaire
from app.errors import UserError
from app.scoring import (
    AnswerStatus,
    Confidence,
    EvidenceStrength,
    ModelScore,
    Override,
    Response,
    score_model,
)
from app.storage.records import AnswerRecord, ContentRef, EngagementData, EngagementRecord, IntervieweeRecord

_CONTENT_WORDS = {"questionnaire": ("questionnaire", "questionnaires"), "model": ("maturity model", "maturity_models")}


def missing_content_message(library: ContentLibrary, engagement: EngagementRecord, ref: ContentRef) -> str:
    """Why the engagement's content is not there, in one sentence: a broken file is named with its problem."""
    what, folder = _CONTENT_WORDS.get(ref.kind, (ref.kind, ""))
    needed = f"engagement {engagement.name!r} needs {what} {ref.content_id!r} version {ref.version}"
    # The file that should hold it may have failed to load: a syntax error hides even its id,
    # so look for problems in a file named after the id, then in files the loader tied to the id.
    problems = [p for p in library.problems if Path(p.file).stem.startswith(ref.content_id)]
    if not problems and ref.content_id in library.failed_ids:
        problems = [p for p in library.problems if p.file.startswith(folder)]
    if not problems and not any(k[0] == ref.content_id for k in _keys(library, ref.kind)):
        problems = [p for p in library.problems if p.file.startswith(folder)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return (f"{needed}, which did not load because of an error in its file: {problems[0]}{more}; "
                "fix the file ('omm validate' lists every problem)")
    installed = sorted(v for i, v in _keys(library, ref.kind) if i == ref.content_id)
    if installed:
        return (f"{needed}, but only version {', '.join(installed)} is installed; "
                "install the version the engagement was assessed with")
    return f"{needed}, which is not installed; install that content"


def _keys(library: ContentLibrary, kind: str):
    return library.questionnaires.keys() if kind == "questionnaire" else library.models.keys()


def _recorded_content(library: ContentLibrary, engagement: EngagementRecord, kind: str, lookup) -> list:
    """The exact content versions the engagement recorded; a missing one is a clear error."""
    out = []
    for ref in engagement.content:
        if ref.kind == kind:
            try:
                out.append(lookup(ref.content_id, ref.version))
            except ContentNotFound:
                raise UserError(missing_content_message(library, engagement, ref)) from None
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
            evidence_count=len(a.evidence_ids), note=a.note, kind=person.kind,
            evidence_strength=EvidenceStrength(a.evidence_strength) if a.evidence_strength else None,
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


def score_records(library: ContentLibrary, data: EngagementData, *,
                  respondents: str | None = None) -> EngagementScores:
    """Every model the engagement recorded, scored from its answers, targets and overrides.

    ``respondents`` ("interview" or "survey") scores only the answers of that kind of
    respondent, by the same rules: the Results screen's interviews/surveys filter.
    """
    engagement = data.engagement
    questionnaires = engagement_questionnaires(library, engagement)
    models = engagement_models(library, engagement)
    people = {p.id: p for p in data.interviewees if respondents is None or p.kind == respondents}
    answers = [a for a in data.answers if a.interviewee_id in people]
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
