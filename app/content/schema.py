"""Typed, immutable schemas for every kind of content file.

Content is data: a new maturity model or questionnaire is a new YAML file, never
new code. These pydantic models are the contract between content authors and
the engine; ``extra="forbid"`` makes a misspelt field an error rather than a
silently ignored line.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"
ContentId = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("text is empty or only spaces")
    return value


# A text an author must actually write: "" and " " are refused, not shown as blanks.
NonBlank = Annotated[str, AfterValidator(_not_blank)]


Languages = tuple[Literal["en", "zh"], ...]


class Strict(BaseModel):
    # allow_inf_nan=False: a weight of .inf or .nan would print nan and break JSON and reports.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(Strict):
    """A text in both languages the tool ships: English and Simplified Chinese.

    A file that declares ``languages: [en]`` may leave the Chinese out: it is filled with
    the English (the loader warns that Chinese screens and reports will show English).
    """

    en: NonBlank
    zh: NonBlank

    @model_validator(mode="before")
    @classmethod
    def _english_only(cls, data: object, info: ValidationInfo) -> object:
        languages = (info.context or {}).get("languages")
        if isinstance(data, dict) and "zh" not in data and languages is not None and "zh" not in languages:
            return {**data, "zh": data.get("en")}
        return data

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Level(Strict):
    level: int
    name: Text
    description: Text


class Scale(Strict):
    levels: tuple[Level, ...]
    # How an assessor picks a level when a descriptor's conditions hold only in part, so that two
    # assessors score the same customer alike; shown to the interviewer with the conditions.
    partly_met_rule: Text | None = None

    @model_validator(mode="after")
    def _contiguous(self) -> Scale:
        numbers = [lvl.level for lvl in self.levels]
        if not numbers:
            raise ValueError("a scale needs at least one level")
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            raise ValueError(f"levels must be contiguous and ascending, got {numbers}")
        return self

    @property
    def minimum(self) -> int:
        return self.levels[0].level

    @property
    def maximum(self) -> int:
        return self.levels[-1].level

    def contains(self, level: float) -> bool:
        return self.minimum <= level <= self.maximum


class ScoringMethod(StrEnum):
    WEIGHTED = "weighted"  # capability level = weighted mean of its questions
    STAGED = "staged"  # a level counts only when every criterion up to it is met


class RollUp(StrEnum):
    """How one level of the tree is made from the level below (questions -> capability -> domain -> overall)."""

    WEIGHTED_MEAN = "weighted_mean"  # by the children's weights (the default)
    MEAN = "mean"  # mean of the child means: every child counts the same, weights ignored
    SUM = "sum"  # e.g. a stream scored as the sum of its activities' values


class MissingAnswers(StrEnum):
    """What a question nobody answered (or everybody answered "don't know") counts as."""

    EXCLUDED = "excluded"  # left out; the weights of the rest renormalised (the default)
    LOWEST = "lowest"  # the scale's lowest level, as authors who score missing answers as zero do


class RollUps(Strict):
    capability: RollUp = RollUp.WEIGHTED_MEAN  # questions -> capability (weighted models)
    domain: RollUp = RollUp.WEIGHTED_MEAN  # capabilities -> domain
    overall: RollUp = RollUp.WEIGHTED_MEAN  # domains -> model


class Scoring(Strict):
    method: ScoringMethod = ScoringMethod.WEIGHTED
    consolidation: Literal["median", "mean", "min"] = "median"
    disagreement_spread: Annotated[float, Field(gt=0)] = 2.0
    default_target: float = 3
    roll_up: RollUps = RollUps()
    missing: MissingAnswers = MissingAnswers.EXCLUDED


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Threshold(Strict):
    """The level a numeric answer earns once it reaches ``at_least``/``at_most``."""

    level: int
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Threshold:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("a threshold needs exactly one of at_least or at_most")
        return self


class Kpi(Strict):
    id: ContentId
    name: Text
    definition: Text
    formula: str | None = None
    unit: str
    direction: Direction
    typical_target: Text | None = None
    references: tuple[str, ...] = ()
    # The one scoring table for this KPI: a numeric question that names the KPI and gives no
    # thresholds of its own is scored on these, so every questionnaire scores one number alike.
    thresholds: tuple[Threshold, ...] = ()


class Rating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Horizon(StrEnum):
    SHORT = "short"  # 0-3 months, quick wins
    MEDIUM = "medium"  # 3-12 months
    LONG = "long"  # 12-24 months


class Recommendation(Strict):
    id: ContentId
    capability: ContentId
    from_level: int
    to_level: int
    title: Text
    description: Text
    effort: Rating
    impact: Rating
    horizon: Horizon
    prerequisites: tuple[ContentId, ...] = ()

    @model_validator(mode="after")
    def _raises_level(self) -> Recommendation:
        if self.to_level <= self.from_level:
            raise ValueError("to_level must be above from_level")
        return self


class Capability(Strict):
    id: ContentId
    name: Text
    description: Text
    weight: Annotated[float, Field(gt=0)] = 1.0
    # Level number -> what an assessor observes at that level.
    levels: dict[int, Text]
    # Level number -> the separate conditions its descriptor bundles, listable as criteria in the
    # interview; a level is reached only when all of its conditions (and those below it) hold.
    conditions: dict[int, tuple[Text, ...]] = {}
    evidence: tuple[Text, ...] = ()
    kpis: tuple[ContentId, ...] = ()
    default_target: int | None = None


class Activity(Strict):
    id: ContentId
    name: Text
    description: Text


class SpecificationSection(Strict):
    heading: Text
    guidance: Text


class ProcessDefinition(Strict):
    """What a standard process specification hands over for one process domain."""

    purpose: Text
    scope: Text
    activities: tuple[Activity, ...]
    roles: tuple[ContentId, ...] = ()
    inputs: tuple[Text, ...] = ()
    outputs: tuple[Text, ...] = ()
    specification: tuple[SpecificationSection, ...] = ()


class Domain(Strict):
    id: ContentId
    name: Text
    description: Text
    weight: Annotated[float, Field(gt=0)] = 1.0
    capabilities: tuple[Capability, ...]
    process: ProcessDefinition | None = None


class ReportKind(StrEnum):
    """The report kinds a service may deliver (``app/reports/kinds.py`` declares each)."""

    SURVEY = "survey"
    DIAGNOSIS = "diagnosis"
    MATURITY = "maturity"
    PLANNING = "planning"
    ORGANIZATION = "organization"
    PROCESSES = "processes"
    PROCESS_TEMPLATES = "process-templates"
    REQUESTS = "requests"


class ReportWording(Strict):
    """How the reports name what a model assesses: a firm's security model is not "O&M".

    Every field is optional. Without them the reports say "Maturity assessment report",
    "the maturity of ...", "established good practice" and "interviewees in every role".
    """

    # The practice assessed, as it reads before "maturity", "diagnosis report" and "practice":
    # {en: "O&M", zh: "运维"} gives "O&M maturity assessment report" / "运维成熟度评估报告".
    subject: Text | None = None
    # What the diagnosis compares against, after "established": {en: "SRE and O&M practice", zh: "SRE与运维实践"}.
    practice: Text | None = None
    # Who was interviewed, as it reads after "Interviewees" (en) and before "的受访者" (zh):
    # {en: "from executives to on-call engineers", zh: "从管理层到一线值班工程师"}.
    interviewees: Text | None = None
    # A report's whole title, replacing the one made from the subject: {maturity: {en: ..., zh: ...}}.
    titles: dict[ReportKind, Text] = {}


class MaturityModel(Strict):
    kind: Literal["maturity_model"]
    # The languages its texts are written in; without zh, Chinese output shows the English.
    languages: Languages = ("en", "zh")
    id: ContentId
    version: NonBlank
    name: Text
    description: Text
    references: tuple[str, ...] = ()
    scale: Scale
    scoring: Scoring = Scoring()
    # The order domains are shown and reported in, when they are authored in part files
    # (which load in file-name order). Domains not listed follow in load order.
    domain_order: tuple[ContentId, ...] = ()
    domains: tuple[Domain, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    # Report titles and the words generated text uses for the practice assessed (see ReportWording).
    wording: ReportWording = ReportWording()


class KpiLibrary(Strict):
    """KPIs defined once and used by several models, so one customer number gets one definition.

    The loader adds these KPIs to every model named in ``models``; a model that also defines one
    of them itself is reported as a duplicate.
    """

    kind: Literal["kpi_library"]
    id: ContentId
    version: Annotated[str, Field(min_length=1)]
    name: Text
    models: tuple[ContentId, ...]
    kpis: tuple[Kpi, ...]


class MaturityModelPart(Strict):
    """Domains, KPIs and recommendations authored in their own file for a model."""

    kind: Literal["maturity_model_part"]
    # The languages its texts are written in; without zh, Chinese output shows the English.
    languages: Languages = ("en", "zh")
    model: ContentId
    # The model version this part belongs to; None: every installed version of the model.
    version: str | None = None
    domains: tuple[Domain, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()


# --- questionnaires -----------------------------------------------------------


class LevelsAnswer(Strict):
    """The interviewee picks the capability level descriptor that fits best."""

    type: Literal["levels"]
    # Optional per-question descriptors; otherwise the capability's are shown.
    descriptors: dict[int, Text] | None = None


class YesNoAnswer(Strict):
    type: Literal["yes_no"]
    yes_level: int | None = None
    no_level: int | None = None


class NumericAnswer(Strict):
    type: Literal["numeric"]
    unit: str
    kpi: ContentId | None = None
    minimum: float | None = None
    maximum: float | None = None
    thresholds: tuple[Threshold, ...] = ()


class ChoiceOption(Strict):
    id: ContentId
    # The option's own wording ("Yes, for most or all applications"), shown as it is.
    text: Text
    # Its value on the model's scale; fractions allowed (0, 0.25, 0.5, 1 per activity).
    level: float | None = None


class ChoiceAnswer(Strict):
    type: Literal["choice"]
    options: tuple[ChoiceOption, ...]

    @field_validator("options")
    @classmethod
    def _unique(cls, options: tuple[ChoiceOption, ...]) -> tuple[ChoiceOption, ...]:
        ids = [o.id for o in options]
        if len(ids) < 2:
            raise ValueError("a choice needs at least two options")
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique")
        return options


AnswerSpec = Annotated[
    LevelsAnswer | YesNoAnswer | NumericAnswer | ChoiceAnswer, Field(discriminator="type")
]


class Question(Strict):
    id: ContentId
    capability: ContentId
    text: Text
    answer: AnswerSpec
    roles: tuple[ContentId, ...]
    weight: Annotated[float, Field(gt=0)] = 1.0
    # False for facts that inform the report (headcount) but must not move a score.
    scored: bool = True
    # For staged models: the level this question is a criterion of.
    criterion_level: int | None = None
    guidance: Text | None = None
    follow_ups: tuple[Text, ...] = ()
    evidence: tuple[Text, ...] = ()
    # Quality criteria that must hold for an option to count ("the runbook was used in the last
    # incident"); shown under the question in the interview and in the survey report.
    criteria: tuple[Text, ...] = ()


class Section(Strict):
    id: ContentId
    title: Text
    description: Text | None = None
    questions: tuple[Question, ...]


class Questionnaire(Strict):
    kind: Literal["questionnaire"]
    # The languages its texts are written in; without zh, Chinese output shows the English.
    languages: Languages = ("en", "zh")
    id: ContentId
    version: NonBlank
    name: Text
    description: Text
    model: ContentId
    roles: tuple[ContentId, ...]
    estimated_minutes: int | None = None
    # How the questions are put: an interview or workshop with the roles (each role track must fit
    # estimated_minutes), a self-completed survey, or a desk review of records requested beforehand.
    mode: Literal["interview", "workshop", "survey", "desk_review"] = "interview"
    references: tuple[str, ...] = ()
    # As domain_order for models: the interview order of sections authored in part files.
    section_order: tuple[ContentId, ...] = ()
    sections: tuple[Section, ...] = ()


class QuestionnairePart(Strict):
    kind: Literal["questionnaire_part"]
    # The languages its texts are written in; without zh, Chinese output shows the English.
    languages: Languages = ("en", "zh")
    questionnaire: ContentId
    version: str | None = None  # as for model parts
    sections: tuple[Section, ...]


# --- service catalogue --------------------------------------------------------


class ServiceSize(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    LARGE = "large"


class InterviewRole(Strict):
    id: ContentId
    name: Text
    description: Text


class SizeRule(Strict):
    size: ServiceSize
    it_staff_min: int | None = None
    it_staff_max: int | None = None
    business_departments_min: int | None = None
    description: Text


class Service(Strict):
    id: ContentId
    name: Text
    description: Text
    sizes: tuple[ServiceSize, ...]
    questionnaires: tuple[ContentId, ...]
    models: tuple[ContentId, ...]
    reports: tuple[ReportKind, ...]
    deliverables: tuple[Text, ...] = ()
    size_differences: dict[ServiceSize, Text] = {}


class ServiceCatalogue(Strict):
    kind: Literal["service_catalogue"]
    # The languages its texts are written in; without zh, Chinese output shows the English.
    languages: Languages = ("en", "zh")
    id: ContentId
    version: NonBlank
    name: Text
    # A firm's own catalogue may hold only services, the roles coming from another file.
    roles: tuple[InterviewRole, ...] = ()
    sizing: tuple[SizeRule, ...] = ()
    services: tuple[Service, ...] = ()


# --- organisation, planning, glossary ----------------------------------------


class OrgRole(Strict):
    id: ContentId
    name: Text
    mission: Text
    responsibilities: tuple[Text, ...]
    skills: tuple[Text, ...] = ()
    career_path: Text | None = None  # where people come from and grow to; the role catalogue shows it


class TeamRoleCount(Strict):
    role: ContentId
    count: Annotated[int, Field(ge=0)]
    # A duty (a hat: on-call, incident roles, change authority, a part-time process role)
    # held by people already counted in the team's posts, not extra headcount.
    duty: bool = False


class TeamTemplate(Strict):
    id: ContentId
    name: Text
    type: Literal["stream_aligned", "platform", "enabling", "complicated_subsystem", "operations", "governance"]
    mission: Text
    roles: tuple[TeamRoleCount, ...]


class OrganisationTemplate(Strict):
    id: ContentId
    size: ServiceSize
    name: Text
    description: Text
    teams: tuple[TeamTemplate, ...]


class RaciEntry(Strict):
    process: ContentId  # a domain id of the process model
    activity: ContentId
    assignments: dict[ContentId, Literal["R", "A", "C", "I"]]

    @model_validator(mode="after")
    def _one_accountable(self) -> RaciEntry:
        accountable = [r for r, v in self.assignments.items() if v == "A"]
        if len(accountable) != 1:
            raise ValueError(
                f"activity {self.activity} needs exactly one Accountable role, has {len(accountable)}"
            )
        if "R" not in self.assignments.values():
            raise ValueError(f"activity {self.activity} has no Responsible role")
        return self


class StaffingRule(Strict):
    id: ContentId
    name: Text
    description: Text
    value: float
    unit: str


class OrganisationModel(Strict):
    kind: Literal["organisation_model"]
    id: ContentId
    version: NonBlank
    name: Text
    process_model: ContentId | None = None
    references: tuple[str, ...] = ()
    roles: tuple[OrgRole, ...]
    templates: tuple[OrganisationTemplate, ...] = ()
    raci: tuple[RaciEntry, ...] = ()
    staffing_rules: tuple[StaffingRule, ...] = ()


class Objective(Strict):
    id: ContentId
    name: Text
    description: Text
    domains: tuple[ContentId, ...]
    kpis: tuple[ContentId, ...] = ()


class Initiative(Strict):
    id: ContentId
    name: Text
    description: Text
    capabilities: tuple[ContentId, ...]
    objectives: tuple[ContentId, ...] = ()
    effort: Rating
    impact: Rating
    duration_months: Annotated[float, Field(gt=0)]
    dependencies: tuple[ContentId, ...] = ()
    deliverables: tuple[Text, ...] = ()


class PlanningLibrary(Strict):
    kind: Literal["planning_library"]
    id: ContentId
    version: NonBlank
    name: Text
    model: ContentId
    objectives: tuple[Objective, ...]
    initiatives: tuple[Initiative, ...]


class Term(Strict):
    id: ContentId
    en: NonBlank
    zh: NonBlank
    definition: Text | None = None


class Glossary(Strict):
    kind: Literal["glossary"]
    id: ContentId
    version: NonBlank
    name: Text
    terms: tuple[Term, ...]


CONTENT_KINDS: dict[str, type[Strict]] = {
    "maturity_model": MaturityModel,
    "maturity_model_part": MaturityModelPart,
    "kpi_library": KpiLibrary,
    "questionnaire": Questionnaire,
    "questionnaire_part": QuestionnairePart,
    "service_catalogue": ServiceCatalogue,
    "organisation_model": OrganisationModel,
    "planning_library": PlanningLibrary,
    "glossary": Glossary,
}
