"""The typed report context: everything a report shows, built by one pure function.

``build_context(inputs, kind, lang)`` turns an engagement's scores and records into
plain, frozen view objects with the numbers already formatted the way ``omm score``
prints them. Word templates and Excel sheets only lay these out, so what a report
says can be tested without opening a document, and the same context feeds every
output format and every later report kind (planning, organisation, processes).

Charts are described here (:class:`ChartSpec`: which builder, with which plain
data) and drawn only when a document is rendered.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from app.assessment import EngagementScores
from app.content.schema import (
    ChoiceAnswer,
    LevelsAnswer,
    MaturityModel,
    NumericAnswer,
    Question,
    Questionnaire,
    ScoringMethod,
    Section,
    ServiceCatalogue,
    YesNoAnswer,
)
from app.content.wording import report_title, subject_words
from app.diagnosis.baseline import BaselineComparison
from app.diagnosis.findings import Finding
from app.diagnosis.policies import Policy
from app.diagnosis.ranking import (
    applicable_recommendations,
    recommendation_order,
    step_text,
    strengths_and_risks,
)
from app.diagnosis.summary import ExecutiveSummary
from app.diagnosis.text import number as measured_number
from app.diagnosis.text import unit as unit_in
from app.reports.deliverables import (
    DiagnosisSection,
    DocumentControl,
    ProgressSection,
    ReportOptions,
    RoleGapView,
    ThemeView,
    diagnosis_section,
    document_control,
    industry,
    people_labels,
    progress_section,
    role_gaps,
    size_word,
    themes,
)
from app.reports.i18n import terms
from app.scoring import CapabilityScore, ModelScore
from app.storage.records import AnswerRecord, DocumentRecord, EvidenceRecord, IntervieweeRecord, SessionRecord

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Light tints for table cells, red (low) to green (high); the charts use the saturated ones.
LEVEL_TINTS = ("F4CCCC", "FCE4D6", "FFF2CC", "E2EFDA", "C6E0B4", "A9D08E")
MISSING_TINT = "EDEDED"


def clean(text: object) -> str:
    """User text made safe for XML (Word and Excel refuse control characters)."""
    if text is None:
        return ""
    return _ILLEGAL_XML.sub("", str(text))


# --- inputs -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportInputs:
    """What a report is built from, read from storage once (see ``app.services.report_inputs.gather_inputs``)."""

    scores: EngagementScores
    evidence: tuple[EvidenceRecord, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    catalogue: ServiceCatalogue | None = None
    generated_on: date = field(default_factory=date.today)
    documents: tuple[DocumentRecord, ...] = ()  # the engagement's stored artefacts (plans, findings ...)
    options: Mapping[str, str] = field(default_factory=dict)  # the kind's declared options (ReportKind.options)
    # the diagnosis: stored (or freshly drafted) findings, policies and summary; only approved findings show
    findings: tuple[Finding, ...] = ()
    policies: tuple[Policy, ...] = ()
    summary: ExecutiveSummary | None = None
    baseline: Mapping[str, BaselineComparison] = field(default_factory=dict)  # per model id
    quotable: frozenset[tuple[str, str, str]] = frozenset()  # (questionnaire, question, interviewee)
    objective_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # id -> {lang: name}
    export: ReportOptions = field(default_factory=ReportOptions)  # chosen at export: names, version, status


# --- view objects -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    """A chart to draw: the name of a builder in ``app.reports.charts`` and its plain arguments."""

    id: str
    builder: str
    title: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Meta:
    title: str
    kind: str
    lang: str
    customer: str
    industry: str
    engagement: str
    engagement_id: str
    consultant: str
    period: str
    report_date: str
    status: str
    services: tuple[str, ...]
    services_text: str
    content_text: str
    scope_notes: str
    control: DocumentControl | None = None
    scored: bool = True  # a service with a scored maturity evaluation was bought (Professional and up)
    baseline: str = ""  # the engagement this one re-assesses
    # What the lead model assesses, from its ``wording`` (app.content.wording): "O&M" / "运维" or "".
    subject: str = ""
    maturity: str = "maturity"  # "O&M maturity", or "maturity" when the model names no subject
    practice: str = "good practice"  # what the diagnosis compares against
    interviewees: str = "in every role"  # after "Interviewees" (en), before "的受访者" (zh)
    # The consultancy's name and logo (PNG/JPEG bytes) from the settings, for the Excel summary
    # (Word covers get them in app.reports.branding); "" and b"" without settings.
    consultancy: str = ""
    logo: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Quote:
    text: str
    who: str
    role: str
    department: str
    topic: str
    direct: bool = False  # the interviewee's own words, not the interviewer's summary


@dataclass(frozen=True)
class IntervieweeRow:
    name: str
    role: str
    department: str
    date: str
    questionnaire: str
    answers: int
    track: int
    completion: float | None
    completion_text: str
    minutes: int
    kind: str = ""  # how they answered: in an interview or on a survey form (in the report's language)


@dataclass(frozen=True)
class RoleTrackRow:
    role: str
    interviewees: int
    track: int
    answers: int
    completion: float | None
    completion_text: str


@dataclass(frozen=True)
class DomainCoverageRow:
    model: str
    domain: str
    questions: int
    answered: int
    respondents: int
    coverage: float | None
    coverage_text: str


@dataclass(frozen=True)
class EvidenceRow:
    title: str
    file: str
    status: str
    received: bool
    size_kb: float | None
    linked: int
    description: str


@dataclass(frozen=True)
class CriteriaRow:
    """A question whose answer counts only where its quality criteria hold, and how it was answered."""

    question: str
    criteria: tuple[str, ...]
    criteria_text: str  # the criteria on one line, "; " between them
    answered: int  # answers given (not "not applicable" or "don't know")
    answers_text: str  # each answer given with its count: "Yes, for most applications × 2; No × 1"


@dataclass(frozen=True)
class ResponseStats:
    interviewees: int
    interviewed: int
    questions: int
    answers: int
    given: int
    not_applicable: int
    unknown: int
    with_note: int
    with_evidence: int
    follow_ups: int
    confidence_high: int
    confidence_medium: int
    confidence_low: int
    hours: str
    evidence_requested: int
    evidence_received: int


@dataclass(frozen=True)
class RequestedDocumentRow:
    """One item of the engagement's saved evidence request list (app.assessment.requests)."""

    ref: str
    title: str
    owner: str
    due: str
    status: str
    note: str


@dataclass(frozen=True)
class SurveySection:
    interviewees: tuple[IntervieweeRow, ...]
    roles: tuple[RoleTrackRow, ...]
    coverage: tuple[DomainCoverageRow, ...]
    stats: ResponseStats
    quotes: tuple[Quote, ...]
    evidence: tuple[EvidenceRow, ...]
    charts: Mapping[str, ChartSpec] = field(default_factory=dict, hash=False)
    criteria: tuple[CriteriaRow, ...] = ()  # questions with answer criteria, in questionnaire order
    # the documents asked of the customer (the saved request list; empty when none was saved)
    requests: tuple[RequestedDocumentRow, ...] = ()
    requests_open: int = 0


def _requested_documents(inputs: ReportInputs, lang: str) -> tuple[RequestedDocumentRow, ...]:
    from app.assessment.requests import DOCUMENT_KEY, DOCUMENT_KIND, RequestList
    from app.reports.request_words import status_word

    doc = next((d for d in inputs.documents if d.kind == DOCUMENT_KIND and d.key == DOCUMENT_KEY), None)
    if doc is None or not isinstance(doc.payload, dict):
        return ()
    return tuple(RequestedDocumentRow(i.id, clean(i.title_in(lang)), clean(i.owner), fmt_date(i.due, lang),
                                      status_word(i.status, lang), clean(i.note))
                 for i in RequestList.from_dict(doc.payload).items)


@dataclass(frozen=True)
class LevelRow:
    level: int
    name: str
    description: str


@dataclass(frozen=True)
class RecommendationView:
    rank: int
    id: str
    capability: str
    capability_id: str
    domain: str
    title: str
    description: str
    impact: str
    effort: str
    horizon: str
    from_to: str
    gap: float | None
    gap_text: str


@dataclass(frozen=True)
class CapabilityView:
    id: str
    name: str
    description: str
    domain: str
    domain_id: str
    weight: float
    weight_text: str
    level: float | None
    level_text: str
    computed_level: float | None
    computed_text: str
    target: float
    target_text: str
    gap: float | None
    gap_text: str
    coverage: float | None
    coverage_text: str
    confidence: str
    confidence_value: float
    assessed: bool
    overridden: bool
    level_name: str
    observed: str
    next_step: str
    evidence_expected: str
    colour: str
    notes: tuple[Quote, ...]
    recommendations: tuple[RecommendationView, ...]


@dataclass(frozen=True)
class DomainView:
    id: str
    name: str
    description: str
    weight: float
    weight_text: str
    level: float | None
    level_text: str
    target: float
    target_text: str
    gap: float | None
    gap_text: str
    coverage: float | None
    coverage_text: str
    assessed: bool
    level_name: str
    colour: str
    capabilities: tuple[CapabilityView, ...]
    not_assessed: tuple[str, ...]
    notes: tuple[Quote, ...]
    evidence: tuple[str, ...]
    recommendations: tuple[RecommendationView, ...]


@dataclass(frozen=True)
class DisagreementView:
    question: str
    question_id: str
    capability: str
    capability_id: str
    domain: str
    spread: float
    spread_text: str
    consolidated: float | None
    consolidated_text: str
    responses_text: str


@dataclass(frozen=True)
class OverrideView:
    capability: str
    domain: str
    computed: float | None
    computed_text: str
    override: float
    override_text: str
    rationale: str
    author: str


@dataclass(frozen=True)
class KpiView:
    id: str
    name: str
    definition: str
    unit: str
    direction: str
    baseline: float | None
    baseline_text: str
    answers: int
    typical_target: str
    capabilities: str


@dataclass(frozen=True)
class AnswerRow:
    model: str
    questionnaire: str
    section: str
    question_id: str
    question: str
    question_shown: str  # the question text on the first answer of a question only (Word tables)
    capability: str
    domain: str
    interviewee: str
    role: str
    department: str
    status: str
    answer: str
    level: float | None
    level_text: str
    confidence: str
    note: str
    evidence: int
    shade: str = "FFFFFF"  # alternates per question, so a question's answers read as one block
    kind: str = ""  # the respondent answered in an interview or on a survey form
    # the role under the interviewee's name in Word tables; empty when the label already is the role
    # ("SRE 2" above "SRE" read as the same word twice)
    role_under_name: str = ""


@dataclass(frozen=True)
class ScoreSummary:
    level: float | None
    level_text: str
    target: float
    target_text: str
    gap: float | None
    gap_text: str
    coverage: float | None
    coverage_text: str
    percent_text: str
    level_name: str
    assessed: bool


@dataclass(frozen=True)
class MethodInfo:
    method: str
    staged: bool
    consolidation: str
    disagreement_spread: str
    default_target: str
    scale_min: int
    scale_max: int
    domain_roll_up: str = ""
    overall_roll_up: str = ""
    missing: str = ""


@dataclass(frozen=True)
class ModelSection:
    id: str
    name: str
    version: str
    description: str
    method: MethodInfo
    scale: tuple[LevelRow, ...]
    overall: ScoreSummary
    domains: tuple[DomainView, ...]
    capabilities: tuple[CapabilityView, ...]
    strengths: tuple[CapabilityView, ...]
    risks: tuple[CapabilityView, ...]
    gaps: tuple[CapabilityView, ...]
    not_assessed: tuple[str, ...]
    assessed_domains: int
    recommendations: tuple[RecommendationView, ...]
    disagreements: tuple[DisagreementView, ...]
    overrides: tuple[OverrideView, ...]
    kpis: tuple[KpiView, ...]
    answers: tuple[AnswerRow, ...]
    invalid_answers: tuple[str, ...]
    heatmap_roles: tuple[str, ...]
    charts: Mapping[str, ChartSpec] = field(default_factory=dict, hash=False)
    diagnosis: DiagnosisSection | None = None
    progress: ProgressSection | None = None
    role_gaps: tuple[RoleGapView, ...] = ()
    themes: tuple[ThemeView, ...] = ()
    # Per capability (in ``capabilities`` order): one level per role of ``heatmap_roles`` (the
    # last two: consolidated and target), the same figures the heatmap chart draws.
    heatmap_values: tuple[tuple[float | None, ...], ...] = ()

    @property
    def has_radar(self) -> bool:
        """A radar needs three axes: with fewer domains ``charts.radar`` is drawn as the bar chart
        (``charts.radar_chart``), so a report that also shows ``charts.bars`` shows it once."""
        return len(self.domains) >= 3


@dataclass(frozen=True)
class ReportContext:
    """The root object a template sees: ``meta``, ``t``, ``survey``, ``models``, ``model``, ``notices``."""

    meta: Meta
    t: Mapping[str, str]
    survey: SurveySection
    models: tuple[ModelSection, ...]
    model: ModelSection | None  # the lead model, for templates that show one
    multiple_models: bool
    empty: bool
    notices: tuple[str, ...]

    def as_template_dict(self) -> dict[str, Any]:
        """Top-level names a template may use (checked against templates in the tests)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def charts(self) -> list[ChartSpec]:
        out = list(self.survey.charts.values())
        for m in self.models:
            out.extend(m.charts.values())
        return out


# --- formatting helpers -------------------------------------------------------------------------------


def fmt_level(value: float | None, missing: str = "–") -> str:
    return missing if value is None else f"{value:.2f}"


def fmt_pct(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def fmt_number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.2e}"


def fmt_date(value: date | datetime | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value.strftime('%b')} {value.year}"


def level_tint(level: float | None, scale_min: int, scale_max: int) -> str:
    """The tint of the level fully reached (2.74 is a 2), stretched over the scale."""
    if level is None:
        return MISSING_TINT
    span = max(1, scale_max - scale_min)
    reached = math.floor(level + 1e-9) - scale_min
    index = int(reached * (len(LEVEL_TINTS) - 1) / span)
    return LEVEL_TINTS[min(len(LEVEL_TINTS) - 1, max(0, index))]


# --- the builder --------------------------------------------------------------------------------------


@dataclass
class _Lookup:
    """Indexes over content and records shared by the section builders."""

    lang: str
    t: Mapping[str, str]
    questions: dict[tuple[str, str], tuple[Questionnaire, Section, Question]]
    people: dict[str, IntervieweeRecord]
    role_names: dict[str, str]
    evidence: dict[str, EvidenceRecord]
    answers_by_question: dict[tuple[str, str], list[AnswerRecord]]
    models: dict[str, MaturityModel]
    labels: dict[str, str] = field(default_factory=dict)  # interviewee id -> name or "Role n"
    quotable: frozenset[tuple[str, str, str]] = frozenset()

    def who(self, interviewee_id: str) -> str:
        return self.labels.get(interviewee_id, "")

    def quotable_answer(self, a: AnswerRecord) -> bool:
        return (a.questionnaire_id, a.question_id, a.interviewee_id) in self.quotable

    def role(self, role_id: str) -> str:
        return self.role_names.get(role_id, role_id)


def _role_under(label: str, role: str) -> str:
    return "" if not role or label.startswith(role) else role


def models_for_kind(inputs: ReportInputs, kind: str) -> list[str]:
    """The engagement's models that the services it bought report in ``kind`` (data, not code)."""
    scored = list(inputs.scores.models)
    if inputs.catalogue is None or kind == "survey":
        return scored
    by_id = {s.id: s for s in inputs.catalogue.services}
    wanted: list[str] = []
    for choice in inputs.scores.engagement.services:
        service = by_id.get(choice.service_id)
        if service is not None and kind in {r.value for r in service.reports}:
            wanted.extend(m for m in service.models if m in scored and m not in wanted)
    return [m for m in scored if m in wanted] or scored


def kinds_bought(catalogue: ServiceCatalogue | None, services: Iterable[Any]) -> dict[str, list[str]]:
    """Report kind -> the names (English) of the bought services that deliver it."""
    if catalogue is None:
        return {}
    by_id = {s.id: s for s in catalogue.services}
    out: dict[str, list[str]] = {}
    for choice in services:
        service = by_id.get(choice.service_id)
        if service is None:
            continue
        for r in service.reports:
            out.setdefault(r.value, []).append(service.name.en)
    return out


def scored_service(inputs: ReportInputs) -> bool:
    """A scored maturity evaluation was bought: the diagnosis may show 0-5 levels."""
    return inputs.catalogue is None or "maturity" in kinds_bought(inputs.catalogue, inputs.scores.engagement.services)


def build_context(inputs: ReportInputs, kind: str, lang: str) -> ReportContext:
    """The whole report as plain data. Pure: same inputs, same context."""
    t = terms(lang)
    scores = inputs.scores
    lookup = _lookup(inputs, lang, t)
    meta = _meta(inputs, kind, lang, t)
    model_ids = models_for_kind(inputs, kind)
    models = tuple(
        _deliverables(_model_section(scores.model_content[mid], scores.models[mid], lookup, inputs), inputs,
                      lookup, kind, meta.scored)
        for mid in model_ids
    )
    survey = _survey(inputs, lookup, models)
    notices: list[str] = []
    answered = [a for a in scores.answers if a.status is not None]
    if not answered:
        notices.append(t["no_data"])
    return ReportContext(
        meta=meta, t=dict(t), survey=survey, models=models, model=models[0] if models else None,
        multiple_models=len(models) > 1, empty=not answered, notices=tuple(notices),
    )


def _lookup(inputs: ReportInputs, lang: str, t: Mapping[str, str]) -> _Lookup:
    scores = inputs.scores
    questions: dict[tuple[str, str], tuple[Questionnaire, Section, Question]] = {}
    for q in scores.questionnaires:
        for section in q.sections:
            for question in section.questions:
                questions[(q.id, question.id)] = (q, section, question)
    role_names: dict[str, str] = {}
    if inputs.catalogue is not None:
        role_names = {r.id: r.name.get(lang) for r in inputs.catalogue.roles}
    by_question: dict[tuple[str, str], list[AnswerRecord]] = defaultdict(list)
    for a in scores.answers:
        by_question[(a.questionnaire_id, a.question_id)].append(a)
    labels = people_labels(scores.interviewees, role_names, inputs.export.show_names)
    return _Lookup(lang, t, questions, {p.id: p for p in scores.interviewees}, role_names,
                   {e.id: e for e in inputs.evidence}, by_question, dict(scores.model_content),
                   {k: clean(v) for k, v in labels.items()}, inputs.quotable)


def _deliverables(section: ModelSection, inputs: ReportInputs, lookup: _Lookup, kind: str,
                  scored: bool) -> ModelSection:
    """Findings, policies, summary, progress and the survey's role and theme views of one model."""
    model = inputs.scores.model_content[section.id]
    score = inputs.scores.models[section.id]
    lang = lookup.lang
    objectives = {k: v.get(lang) or v.get("en", k) for k, v in inputs.objective_names.items()}
    diagnosis = diagnosis_section(model, score, inputs.findings, inputs.policies, inputs.summary, lang,
                                  scored or kind == "maturity", lookup.labels, lookup.role_names, objectives)
    progress = None
    charts = dict(section.charts)
    cmp = inputs.baseline.get(section.id)
    if cmp is not None:
        progress = progress_section(cmp, model, lang)
        w_now, w_before = (("本次", "基线") if lang == "zh" else ("Now", "Baseline"))
        charts["progress"] = ChartSpec(f"{section.id}.progress", "grouped_bar_chart", lookup.t["chart_progress"], {
            "labels": list(progress.chart_labels),
            "series": {w_before: list(progress.chart_before), w_now: list(progress.chart_after)},
            "title": "", "lang": lang, "scale_min": section.method.scale_min, "scale_max": section.method.scale_max,
            "colours": ("#A5A5A5", "#1F3864")})
    return _replace(section, diagnosis=diagnosis, progress=progress, charts=charts,
                    role_gaps=role_gaps(model, score, lookup.role_names, lang),
                    themes=themes(model, score, lookup.role_names, lang))


def report_meta(inputs: ReportInputs, kind: str, lang: str) -> Meta:
    """The facts every kind's cover, header and document properties show (``meta`` in a template).

    A kind of another shape than the assessment reports builds its context around this:
    the built-in Word templates all use ``meta`` (title, customer, consultant ...).
    """
    from app.reports import registry

    t = terms(lang)
    return _meta(inputs, kind, lang, {f"title_{kind}": registry.get(kind).name(lang), **t})


def _meta(inputs: ReportInputs, kind: str, lang: str, t: Mapping[str, str]) -> Meta:
    e = inputs.scores.engagement
    service_names: list[str] = []
    by_id = {s.id: s for s in inputs.catalogue.services} if inputs.catalogue else {}
    for choice in e.services:
        service = by_id.get(choice.service_id)
        name = service.name.get(lang) if service else choice.service_id
        if choice.size not in ("standard", ""):
            name = f"{name}（{size_word(choice.size, lang)}）" if lang == "zh" else \
                f"{name} ({size_word(choice.size, lang)})"
        service_names.append(clean(name))
    period = fmt_date(e.start_date, lang)
    if e.end_date:
        period = f"{period} – {fmt_date(e.end_date, lang)}" if period else fmt_date(e.end_date, lang)
    lead_ids = models_for_kind(inputs, kind)
    lead = inputs.scores.model_content.get(lead_ids[0]) if lead_ids else None
    words = subject_words(lead, lang)
    names = {m.id: m.name.get(lang) for m in inputs.scores.model_content.values()}
    names.update({q.id: q.name.get(lang) for q in inputs.scores.questionnaires})
    content = ("；" if lang == "zh" else "; ").join(f"{clean(names.get(c.content_id, c.content_id))} {c.version}"
                                                   for c in e.content)
    return Meta(
        title=clean(report_title(lead, kind, lang, t.get(f"title_{kind}", kind))), kind=kind, lang=lang, customer=clean(e.customer.name),
        industry=clean(industry(e.customer.industry, lang)), engagement=clean(e.name), engagement_id=e.id,
        consultant=clean(e.consultant), period=period, report_date=fmt_date(inputs.generated_on, lang),
        status=e.status.value.replace("_", " "), services=tuple(service_names),
        services_text=", ".join(service_names) if lang != "zh" else "、".join(service_names),
        content_text=content, scope_notes=clean(e.scope_notes),
        control=document_control(inputs.export, clean(e.consultant), fmt_date(inputs.generated_on, lang), lang),
        scored=scored_service(inputs),
        baseline=clean(next((c.baseline_engagement for c in inputs.baseline.values()), "")),
        subject=clean(words.subject), maturity=clean(words.maturity), practice=clean(words.practice),
        interviewees=clean(words.interviewees),
    )


def _with_unit(value: str, unit: str, lang: str) -> str:
    from app.diagnosis.text import with_unit

    return with_unit(value, unit, lang).strip()


def display_answer(question: Question | None, model: MaturityModel | None, answer: AnswerRecord,
                   t: Mapping[str, str], lang: str) -> str:
    """The answer as a reader understands it: the level name, Yes/No, the number with its unit."""
    if answer.status == "not_applicable":
        return t["not_applicable"]
    if answer.status == "unknown":
        return t["unknown"]
    if answer.status is None or answer.value is None:
        return t["no_answer"]
    value = clean(answer.value)
    if question is None:
        return value
    spec = question.answer
    if isinstance(spec, LevelsAnswer):
        names = {lvl.level: lvl.name.get(lang) for lvl in model.scale.levels} if model else {}
        try:
            return f"{int(value)} · {names[int(value)]}" if int(value) in names else value
        except ValueError:
            return value
    if isinstance(spec, YesNoAnswer):
        lowered = value.strip().lower()
        return t["yes"] if lowered in ("yes", "y", "true", "1", "是") else t["no"] if lowered in (
            "no", "n", "false", "0", "否") else value
    if isinstance(spec, NumericAnswer):
        return _with_unit(value, spec.unit, lang)
    if isinstance(spec, ChoiceAnswer):
        option = next((o for o in spec.options if o.id == value), None)
        return option.text.get(lang) if option else value
    return value


_QUOTE_PREFIX = re.compile(r"^\s*(quote|原话)\s*[:：]\s*", re.IGNORECASE)
_QUOTE_MARKS = "\"'“”‘’「」『』"


def quote_text(note: str) -> str:
    """A note as quotable text: one line, without a "Quote:" label or its own quote marks."""
    text = " ".join(clean(note).split())
    text = _QUOTE_PREFIX.sub("", text)
    if len(text) > 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        text = text[1:-1].strip()
    return text


def _quote(a: AnswerRecord, topic: str, lookup: _Lookup) -> Quote:
    person = lookup.people.get(a.interviewee_id)
    return Quote(
        text=quote_text(a.note), who=lookup.who(a.interviewee_id) if person else "",
        role=lookup.role(person.role) if person else "", department=clean(person.department) if person else "",
        topic=topic, direct=bool(_DIRECT.search(a.note)),
    )


_DIRECT = re.compile(r"^\s*(quote|原话)|[\"“”「」]", re.IGNORECASE)


def _notable(quotes: Iterable[Quote], limit: int) -> tuple[Quote, ...]:
    """Direct quotes first, then the fuller notes; each text once."""
    seen: set[str] = set()
    unique = []
    for q in quotes:
        if q.text and q.text not in seen:
            seen.add(q.text)
            unique.append(q)
    unique.sort(key=lambda q: (0 if q.direct else 1, -len(q.text)))
    return tuple(unique[:limit])


def _survey(inputs: ReportInputs, lookup: _Lookup, models: tuple[ModelSection, ...]) -> SurveySection:
    scores, t, lang = inputs.scores, lookup.t, lookup.lang
    answers = [a for a in scores.answers if a.status is not None]
    by_person: dict[str, list[AnswerRecord]] = defaultdict(list)
    for a in answers:
        by_person[a.interviewee_id].append(a)
    sessions: dict[str, list[SessionRecord]] = defaultdict(list)
    for s in inputs.sessions:
        sessions[s.interviewee_id].append(s)
    questionnaires = {q.id: q for q in scores.questionnaires}

    def track(person: IntervieweeRecord) -> list[tuple[str, str]]:
        chosen = [questionnaires[person.questionnaire_id]] if person.questionnaire_id in questionnaires else \
            list(questionnaires.values())
        return [(q.id, question.id) for q in chosen for s in q.sections for question in s.questions
                if person.role in question.roles]

    rows = []
    for p in scores.interviewees:
        mine = by_person.get(p.id, [])
        track_keys = set(track(p))
        in_track = sum(1 for a in mine if (a.questionnaire_id, a.question_id) in track_keys)
        when: datetime | None = min((s.started_at for s in sessions.get(p.id, [])), default=None)
        when = when or min((a.answered_at for a in mine), default=None) or p.planned_at
        completion = in_track / len(track_keys) if track_keys else None
        q = questionnaires.get(p.questionnaire_id or "")
        rows.append(IntervieweeRow(
            name=lookup.who(p.id), role=lookup.role(p.role), department=clean(p.department),
            date=when.date().isoformat() if when else "",  # compact in a table column, in any language
            questionnaire=q.name.get(lang) if q else "", answers=len(mine),
            track=len(track_keys), completion=completion, completion_text=fmt_pct(completion),
            minutes=round(sum(s.elapsed_seconds for s in sessions.get(p.id, [])) / 60),
            kind=t["kind_survey"] if p.kind == "survey" else t["kind_interview"],
        ))

    role_rows = []
    roles_seen: dict[str, list[IntervieweeRecord]] = defaultdict(list)
    for p in scores.interviewees:
        roles_seen[p.role].append(p)
    for role, people in roles_seen.items():
        total = sum(len(track(p)) for p in people)
        done = 0
        for p in people:
            keys = set(track(p))
            done += sum(1 for a in by_person.get(p.id, []) if (a.questionnaire_id, a.question_id) in keys)
        completion = done / total if total else None
        role_rows.append(RoleTrackRow(lookup.role(role), len(people), total, done, completion,
                                      fmt_pct(completion)))

    coverage_rows = []
    for m in models:
        score = scores.models[m.id]
        content = scores.model_content[m.id]
        for domain, d in zip(content.domains, score.domains, strict=True):
            qs = [q for c in d.capabilities for q in c.questions]
            respondents = {r.interviewee_id for q in qs for r in q.responses}
            coverage_rows.append(DomainCoverageRow(
                model=m.name, domain=domain.name.get(lang), questions=len(qs),
                answered=sum(1 for q in qs if q.covered), respondents=len(respondents), coverage=d.coverage,
                coverage_text=fmt_pct(d.coverage)))

    statuses = Counter(a.status for a in answers)
    confidences = Counter(a.confidence for a in answers if a.status == "given")
    seconds = sum(s.elapsed_seconds for s in inputs.sessions)
    hours = f"{seconds / 3600:.1f}"
    linked: Counter[str] = Counter(e for a in answers for e in a.evidence_ids)
    evidence_rows = tuple(
        EvidenceRow(title=clean(e.title), file=clean(e.original_name), received=e.received,
                    status=t["received"] if e.received else t["requested"],
                    size_kb=None if e.size_bytes is None else round(e.size_bytes / 1024, 1),
                    linked=linked.get(e.id, 0), description=clean(e.description))
        for e in inputs.evidence
    )
    stats = ResponseStats(
        interviewees=len(scores.interviewees), interviewed=len(by_person),
        questions=len(lookup.questions), answers=len(answers), given=statuses.get("given", 0),
        not_applicable=statuses.get("not_applicable", 0), unknown=statuses.get("unknown", 0),
        with_note=sum(1 for a in scores.answers if a.note.strip()),
        with_evidence=sum(1 for a in answers if a.evidence_ids),
        follow_ups=sum(1 for a in scores.answers if a.follow_up),
        confidence_high=confidences.get("high", 0), confidence_medium=confidences.get("medium", 0),
        confidence_low=confidences.get("low", 0), hours=hours,
        evidence_requested=len(inputs.evidence), evidence_received=sum(1 for e in inputs.evidence if e.received),
    )
    quotes = []
    for a in scores.answers:
        if a.note.strip() and lookup.quotable_answer(a):
            entry = lookup.questions.get((a.questionnaire_id, a.question_id))
            topic = ""
            if entry:
                model = lookup.models.get(entry[0].model)
                cap = _capability_name(model, entry[2].capability, lang) if model else ""
                topic = cap or entry[1].title.get(lang)
            quotes.append(_quote(a, topic, lookup))
    charts: dict[str, ChartSpec] = {}
    if models:
        charts["distribution"] = _distribution_chart(models[0], scores.models[models[0].id],
                                                     scores.model_content[models[0].id], t, lang,
                                                     "survey_distribution")
    requested = _requested_documents(inputs, lang)
    open_status = status_word_requested(lang)
    return SurveySection(tuple(rows), tuple(role_rows), tuple(coverage_rows), stats, _notable(quotes, 12),
                         evidence_rows, charts, _criteria_rows(scores.questionnaires, lookup), requested,
                         sum(1 for r in requested if r.status == open_status))


def _criteria_rows(questionnaires: Iterable[Questionnaire], lookup: _Lookup) -> tuple[CriteriaRow, ...]:
    """The questions that list answer criteria: what had to hold for an answer to count, and the answers."""
    rows = []
    for questionnaire in questionnaires:
        model = lookup.models.get(questionnaire.model)
        for section in questionnaire.sections:
            for question in section.questions:
                if not question.criteria:
                    continue
                given = [a for a in lookup.answers_by_question.get((questionnaire.id, question.id), [])
                         if a.status == "given"]
                counts = Counter(display_answer(question, model, a, lookup.t, lookup.lang) for a in given)
                criteria = tuple(clean(c.get(lookup.lang)) for c in question.criteria)
                between = "；" if lookup.lang == "zh" else "; "
                rows.append(CriteriaRow(
                    question=clean(question.text.get(lookup.lang)), criteria=criteria,
                    criteria_text=between.join(criteria), answered=len(given),
                    answers_text=between.join(f"{text} × {n}" for text, n in counts.most_common())))
    return tuple(rows)


def status_word_requested(lang: str) -> str:
    from app.reports.request_words import status_word

    return status_word("requested", lang)


def _capability_name(model: MaturityModel | None, capability_id: str, lang: str) -> str:
    if model is None:
        return capability_id
    for d in model.domains:
        for c in d.capabilities:
            if c.id == capability_id:
                return c.name.get(lang)
    return capability_id


def _scale_name(model: MaturityModel, level: float | None, lang: str) -> str:
    if level is None:
        return ""
    floor = int(math.floor(level + 1e-9))
    for lvl in model.scale.levels:
        if lvl.level == floor:
            return lvl.name.get(lang)
    return ""


def _recommendations(model: MaturityModel, c: CapabilityScore, cap_name: str, domain_name: str,
                     t: Mapping[str, str], lang: str) -> list[RecommendationView]:
    """The steps from the current level to the target: what closes this gap."""
    out = []
    for r in applicable_recommendations(model, c):
        out.append(RecommendationView(
            rank=0, id=r.id, capability=cap_name, capability_id=c.capability_id, domain=domain_name,
            title=r.title.get(lang), description=r.description.get(lang), impact=t[r.impact.value],
            effort=t[r.effort.value],
            horizon=t["medium_horizon" if r.horizon.value == "medium" else r.horizon.value],
            from_to=step_text(r), gap=c.gap, gap_text=fmt_level(c.gap),
        ))
    return out


def _model_section(model: MaturityModel, score: ModelScore, lookup: _Lookup,
                   inputs: ReportInputs) -> ModelSection:
    t, lang = lookup.t, lookup.lang
    smin, smax = model.scale.minimum, model.scale.maximum
    staged = model.scoring.method == ScoringMethod.STAGED

    rec_by_id = {r.id: r for r in model.recommendations}
    all_recs: list[RecommendationView] = []
    domain_views: list[DomainView] = []
    cap_views: list[CapabilityView] = []
    for domain, d in zip(model.domains, score.domains, strict=True):
        dname = domain.name.get(lang)
        caps: list[CapabilityView] = []
        domain_quotes: list[Quote] = []
        domain_evidence: list[str] = []
        domain_recs: list[RecommendationView] = []
        for cap, c in zip(domain.capabilities, d.capabilities, strict=True):
            cname = cap.name.get(lang)
            notes = []
            for q in c.questions:
                for a in lookup.answers_by_question.get((q.questionnaire_id, q.question_id), []):
                    if a.note.strip() and lookup.quotable_answer(a):
                        notes.append(_quote(a, cname, lookup))
                    for eid in a.evidence_ids:
                        ev = lookup.evidence.get(eid)
                        if ev is not None and clean(ev.title) not in domain_evidence:
                            domain_evidence.append(clean(ev.title))
            recs = _recommendations(model, c, cname, dname, t, lang)
            domain_recs.extend(recs)
            floor = None if c.level is None else int(math.floor(c.level + 1e-9))
            observed = cap.levels.get(floor).get(lang) if floor is not None and floor in cap.levels else ""
            nxt = cap.levels.get(floor + 1) if floor is not None else None
            notable = _notable(notes, 4)
            domain_quotes.extend(notable)
            view = CapabilityView(
                id=cap.id, name=cname, description=cap.description.get(lang), domain=dname, domain_id=domain.id,
                weight=c.weight, weight_text=f"{c.weight:g}", level=c.level,
                level_text=fmt_level(c.level, t["not_assessed"]),
                computed_level=c.computed_level, computed_text=fmt_level(c.computed_level, t["not_assessed"]),
                target=c.target,
                target_text=fmt_level(c.target), gap=c.gap, gap_text=fmt_level(c.gap),
                coverage=c.coverage, coverage_text=fmt_pct(c.coverage), confidence=t[c.confidence.label.value],
                confidence_value=c.confidence.value, assessed=c.assessed, overridden=c.override is not None,
                level_name=_scale_name(model, c.level, lang),
                observed=observed if c.assessed else t["not_assessed"],
                next_step=nxt.get(lang) if nxt is not None else "",
                evidence_expected="; ".join(e.get(lang) for e in cap.evidence),
                colour=level_tint(c.level, smin, smax), notes=notable, recommendations=tuple(recs),
            )
            caps.append(view)
        cap_views.extend(caps)
        domain_views.append(DomainView(
            id=domain.id, name=dname, description=domain.description.get(lang), weight=d.weight,
            weight_text=f"{d.weight:g}", level=d.level, level_text=fmt_level(d.level, t["not_assessed"]),
            target=d.target, target_text=fmt_level(d.target), gap=d.gap, gap_text=fmt_level(d.gap),
            coverage=d.coverage, coverage_text=fmt_pct(d.coverage), assessed=d.level is not None,
            level_name=_scale_name(model, d.level, lang), colour=level_tint(d.level, smin, smax),
            capabilities=tuple(caps), not_assessed=tuple(c.name for c in caps if not c.assessed),
            notes=_notable(domain_quotes, 5), evidence=tuple(domain_evidence), recommendations=(),
        ))
        all_recs.extend(domain_recs)

    gap_of = {c.id: c.gap or 0.0 for c in cap_views}

    ordered = sorted(all_recs, key=lambda r: recommendation_order(rec_by_id[r.id], gap_of[r.capability_id]))
    ranked = tuple(_ranked(r, i + 1) for i, r in enumerate(ordered))
    by_domain: dict[str, list[RecommendationView]] = defaultdict(list)
    for r in ranked:
        by_domain[r.domain].append(r)
    domain_views = [_with_recs(d, tuple(by_domain.get(d.name, []))) for d in domain_views]

    assessed = [c for c in cap_views if c.assessed]
    strengths, risks = strengths_and_risks(assessed, lambda c: c.level, lambda c: c.gap, floor=(smin + smax) / 2)
    gaps = tuple(sorted(assessed, key=lambda c: (-(c.gap or 0), c.name)))

    cap_names = {c.id: c.name for c in cap_views}
    dom_of = {c.id: c.domain for c in cap_views}
    disagreements = tuple(sorted((
        DisagreementView(
            question=_question_text(lookup, x.questionnaire_id, x.question_id, lang), question_id=x.question_id,
            capability=cap_names.get(x.capability_id, x.capability_id), capability_id=x.capability_id,
            domain=dom_of.get(x.capability_id, ""),
            spread=x.spread, spread_text=f"{x.spread:g}",
            consolidated=_consolidated(score, x.capability_id, x.question_id),
            consolidated_text=fmt_level(_consolidated(score, x.capability_id, x.question_id)),
            responses_text=_responses_text(x.responses, lookup),
        ) for x in score.disagreements), key=lambda v: (-v.spread, v.capability)))

    overrides = tuple(
        OverrideView(capability=c.name, domain=c.domain, computed=c.computed_level, computed_text=c.computed_text,
                     override=c.level or 0.0, override_text=c.level_text,
                     rationale=clean(score.capability(c.id).override.rationale),  # type: ignore[union-attr]
                     author=clean(score.capability(c.id).override.author))  # type: ignore[union-attr]
        for c in cap_views if c.overridden)

    section = ModelSection(
        id=model.id, name=model.name.get(lang), version=model.version, description=model.description.get(lang),
        method=MethodInfo(method=t["staged" if staged else _CAPABILITY_RULE[model.scoring.roll_up.capability]],
                          staged=staged, domain_roll_up=t[f"rollup_{model.scoring.roll_up.domain.value}"],
                          overall_roll_up=t[f"rollup_{model.scoring.roll_up.overall.value}"],
                          missing=t[f"missing_{model.scoring.missing.value}"],
                          consolidation=t[model.scoring.consolidation],
                          disagreement_spread=f"{model.scoring.disagreement_spread:g}",
                          default_target=f"{model.scoring.default_target:g}", scale_min=smin, scale_max=smax),
        scale=tuple(LevelRow(lvl.level, lvl.name.get(lang), lvl.description.get(lang)) for lvl in model.scale.levels),
        overall=ScoreSummary(level=score.level, level_text=fmt_level(score.level, t["not_assessed"]),
                             target=score.target, target_text=fmt_level(score.target), gap=score.gap,
                             gap_text=fmt_level(score.gap), coverage=score.coverage,
                             coverage_text=fmt_pct(score.coverage),
                             percent_text="–" if score.percent_to_target is None else
                             f"{score.percent_to_target:.0f}%",
                             level_name=_scale_name(model, score.level, lang), assessed=score.level is not None),
        domains=tuple(domain_views), capabilities=tuple(cap_views), strengths=strengths, risks=risks, gaps=gaps,
        not_assessed=tuple(c.name for c in cap_views if not c.assessed),
        assessed_domains=sum(1 for d in domain_views if d.assessed), recommendations=ranked,
        disagreements=disagreements, overrides=overrides, kpis=_kpis(model, lookup, inputs, cap_views),
        answers=_answers(model, lookup, inputs), invalid_answers=tuple(clean(x) for x in score.invalid_answers),
        heatmap_roles=(),
    )
    heat_roles, heat_chart = _heatmap(section, score, lookup)
    charts = _model_charts(section, score, model, lookup, heat_chart)
    return _replace(section, heatmap_roles=heat_roles, charts=charts,
                    heatmap_values=tuple(tuple(row) for row in heat_chart.params["values"]))


def _responses_text(responses: Iterable[Any], lookup: _Lookup) -> str:
    """Who gave which level: "SRE 1: 2; Executive: 4" (names only when chosen at export)."""
    sep = "；" if lookup.lang == "zh" else "; "
    colon = "：" if lookup.lang == "zh" else ": "
    return sep.join(f"{lookup.who(r.interviewee_id) or lookup.role(r.role)}{colon}{r.level:g}"
                    for r in responses if r.level is not None)


_CAPABILITY_RULE = {"weighted_mean": "weighted", "mean": "capability_mean", "sum": "capability_sum"}


def _consolidated(score: ModelScore, capability_id: str, question_id: str) -> float | None:
    return next((q.level for q in score.capability(capability_id).questions if q.question_id == question_id), None)


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def _ranked(r: RecommendationView, rank: int) -> RecommendationView:
    return _replace(r, rank=rank)


def _with_recs(d: DomainView, recs: tuple[RecommendationView, ...]) -> DomainView:
    return _replace(d, recommendations=recs)


def _question_text(lookup: _Lookup, questionnaire_id: str, question_id: str, lang: str) -> str:
    entry = lookup.questions.get((questionnaire_id, question_id))
    return entry[2].text.get(lang) if entry else question_id


def _kpis(model: MaturityModel, lookup: _Lookup, inputs: ReportInputs,
          caps: list[CapabilityView]) -> tuple[KpiView, ...]:
    t, lang = lookup.t, lookup.lang
    values: dict[str, list[float]] = defaultdict(list)
    for (qid, _question_id), (questionnaire, _section, question) in lookup.questions.items():
        spec = question.answer
        if questionnaire.model != model.id or not isinstance(spec, NumericAnswer) or not spec.kpi:
            continue
        for a in lookup.answers_by_question.get((qid, question.id), []):
            if a.status == "given" and a.value is not None:
                try:
                    number = float(a.value.replace(",", "").removesuffix("%"))
                except ValueError:
                    continue
                if math.isfinite(number):
                    values[spec.kpi].append(number)
    used_by: dict[str, list[str]] = defaultdict(list)
    for d in model.domains:
        for c in d.capabilities:
            for k in c.kpis:
                used_by[k].append(c.name.get(lang))
    out = []
    for k in model.kpis:
        measured = values.get(k.id, [])
        baseline = float(statistics.median(measured)) if measured else None
        out.append(KpiView(
            id=k.id, name=k.name.get(lang), definition=k.definition.get(lang), unit=unit_in(k.unit, lang),
            direction=t[k.direction.value], baseline=baseline,
            baseline_text=t["not_measured"] if baseline is None else _with_unit(measured_number(baseline), k.unit, lang),
            answers=len(measured), typical_target=k.typical_target.get(lang) if k.typical_target else "",
            capabilities=", ".join(used_by.get(k.id, [])),
        ))
    return tuple(out)


def _answers(model: MaturityModel, lookup: _Lookup, inputs: ReportInputs) -> tuple[AnswerRow, ...]:
    """Every answer to a questionnaire that scores this model, in questionnaire order."""
    t, lang = lookup.t, lookup.lang
    order = {p.id: i for i, p in enumerate(inputs.scores.interviewees)}
    score = inputs.scores.models.get(model.id)
    levels: dict[tuple[str, str, str], float | None] = {}
    if score is not None:
        for c in score.capabilities:
            for q in c.questions:
                for r in q.responses:
                    levels[(q.questionnaire_id, q.question_id, r.interviewee_id)] = r.level
    cap_domain = {c.id: (c.name.get(lang), d.name.get(lang)) for d in model.domains for c in d.capabilities}
    rows: list[AnswerRow] = []
    block = 0
    for questionnaire in inputs.scores.questionnaires:
        if questionnaire.model != model.id:
            continue
        for section in questionnaire.sections:
            for question in section.questions:
                answers = sorted((a for a in lookup.answers_by_question.get((questionnaire.id, question.id), [])
                                  if a.status is not None or a.note.strip()),
                                 key=lambda a: order.get(a.interviewee_id, 1 << 30))
                cap_name, dom_name = cap_domain.get(question.capability, (question.capability, ""))
                if answers:
                    block += 1
                for i, a in enumerate(answers):
                    person = lookup.people.get(a.interviewee_id)
                    level = levels.get((questionnaire.id, question.id, a.interviewee_id))
                    rows.append(AnswerRow(
                        model=model.name.get(lang), questionnaire=questionnaire.name.get(lang),
                        section=section.title.get(lang), question_id=question.id,
                        question=question.text.get(lang), question_shown=question.text.get(lang) if i == 0 else "",
                        capability=cap_name, domain=dom_name, interviewee=lookup.who(a.interviewee_id) if person else "",
                        role=lookup.role(person.role) if person else "",
                        department=clean(person.department) if person else "", status=a.status or "",
                        answer=display_answer(question, model, a, t, lang), level=level,
                        level_text="" if level is None else f"{level:g}",
                        confidence=t[a.confidence] if a.confidence in ("high", "medium", "low") else "",
                        note=clean(" ".join(a.note.split())), evidence=len(a.evidence_ids),
                        shade="F3F6FA" if block % 2 == 0 else "FFFFFF",
                        kind=(t["kind_survey"] if person.kind == "survey" else t["kind_interview"]) if person else "",
                        role_under_name=_role_under(lookup.who(a.interviewee_id), lookup.role(person.role))
                        if person else "",
                    ))
    return tuple(rows)


# --- charts -------------------------------------------------------------------------------------------


def _heatmap(section: ModelSection, score: ModelScore,
             lookup: _Lookup) -> tuple[tuple[str, ...], ChartSpec]:
    t, lang = lookup.t, lookup.lang
    role_order = [p.role for p in lookup.people.values()]
    roles = list(dict.fromkeys(role_order))
    # The per-role levels are the scoring layer's (the Results screen and omm score --json show the same).
    by_role = {c.capability_id: c.by_role for c in score.capabilities}
    roles = [r for r in roles if any(r in v for v in by_role.values())]
    if section.method.staged:
        roles = []  # per-role shares of met criteria are not levels; show the consolidated view only
    columns = [lookup.role(r) for r in roles] + [t["consolidated"], t["target"]]
    values: list[list[float | None]] = []
    for cv in section.capabilities:
        row: list[float | None] = [by_role.get(cv.id, {}).get(r) for r in roles]
        row += [cv.level, cv.target]
        values.append(row)
    chart = ChartSpec(f"{section.id}.heatmap", "heatmap_chart", t["chart_heatmap"], {
        "row_labels": [c.name for c in section.capabilities], "column_labels": columns, "values": values,
        "row_groups": [c.domain_id for c in section.capabilities], "title": "", "lang": lang,
        "scale_min": section.method.scale_min, "scale_max": section.method.scale_max,
    })
    return tuple(columns), chart


def _distribution_chart(section: ModelSection, score: ModelScore, model: MaturityModel, t: Mapping[str, str],
                        lang: str, chart_id: str) -> ChartSpec:
    staged = model.scoring.method == ScoringMethod.STAGED
    levels = [0, 1] if staged else [lvl.level for lvl in model.scale.levels]
    categories = ([t["not_met"], t["met"]] if staged else [str(v) for v in levels]) + [
        t["not_applicable"], t["unknown"]]
    counts = []
    for d in score.domains:
        row = [0] * len(categories)
        for c in d.capabilities:
            for q in c.questions:
                for r in q.responses:
                    if r.status.value == "not_applicable":
                        row[-2] += 1
                    elif r.status.value == "unknown":
                        row[-1] += 1
                    elif r.level is not None:
                        index = min(range(len(levels)), key=lambda i: abs(levels[i] - r.level))  # noqa: B023
                        row[index] += 1
        counts.append(row)
    title = t["chart_distribution"]
    if not any(sum(r) for r in counts):
        return ChartSpec(f"{section.id}.{chart_id}", "empty_chart", title, {"message": t["no_data"]})
    return ChartSpec(f"{section.id}.{chart_id}", "answer_distribution_chart", title, {
        "labels": [d.name for d in section.domains], "categories": categories, "counts": counts,
        "title": "", "lang": lang})


def _model_charts(section: ModelSection, score: ModelScore, model: MaturityModel, lookup: _Lookup,
                  heatmap: ChartSpec) -> dict[str, ChartSpec]:
    t, lang = lookup.t, lookup.lang
    smin, smax = section.method.scale_min, section.method.scale_max
    names = [d.name for d in section.domains]
    current = [d.level for d in section.domains]
    target = [d.target for d in section.domains]
    charts: dict[str, ChartSpec] = {}
    nothing = all(v is None for v in current)
    empty = {"message": t["no_data"]}
    key = section.id
    if nothing:
        charts["radar"] = ChartSpec(f"{key}.radar", "empty_chart", t["chart_radar"], empty)
        charts["bars"] = ChartSpec(f"{key}.bars", "empty_chart", t["chart_bars"], empty)
    else:
        common = {"title": "", "lang": lang, "scale_min": smin, "scale_max": smax}
        charts["radar"] = ChartSpec(f"{key}.radar", "radar_chart", t["chart_radar"],
                                    {"labels": names, "current": current, "target": target, **common})
        charts["bars"] = ChartSpec(f"{key}.bars", "level_bar_chart", t["chart_bars"],
                                   {"labels": names, "current": current, "target": target, **common})
    charts["heatmap"] = heatmap if not nothing else ChartSpec(f"{key}.heatmap", "empty_chart",
                                                              t["chart_heatmap"], empty)
    charts["distribution"] = _distribution_chart(section, score, model, t, lang, "distribution")
    top = section.disagreements[:15]
    if top:
        levels = []
        for x in top:
            q = next(q for q in score.capability(x.capability_id).questions
                     if q.question_id == x.question_id)
            levels.append([r.level for r in q.responses if r.level is not None])
        charts["disagreement"] = ChartSpec(f"{key}.disagreement", "disagreement_chart", t["chart_disagreement"], {
            "labels": [x.question for x in top], "levels": levels,
            "consolidated": [x.consolidated for x in top],
            "title": "", "lang": lang, "scale_min": smin, "scale_max": smax})
    else:
        charts["disagreement"] = ChartSpec(f"{key}.disagreement", "empty_chart", t["chart_disagreement"],
                                           {"message": t["none"]})
    return charts
