"""Survey workbooks: export a fillable form per role track, import filled forms all or nothing.

A survey respondent is an interviewee of kind "survey": their answers count in scoring
as a respondent of their own, beside the people interviewed. What each imported form
was (its form id, when it was made, a digest of what it says) is kept as the
engagement document ``survey_form`` under the respondent's id, so importing the same
file again changes nothing and a different form from the same respondent is a
replacement the user confirms.

Import checks every file completely first (engagement, content versions, row ids,
allowed answers, respondent) and lists every problem with its sheet and cell; only
when there is none does it write, in one unit of work.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.assessment import engagement_models, engagement_questionnaires
from app.content.loader import ContentLibrary
from app.content.schema import (
    ChoiceAnswer,
    LevelsAnswer,
    MaturityModel,
    NumericAnswer,
    Question,
    Questionnaire,
    YesNoAnswer,
)
from app.errors import UserError
from app.exchange.survey_workbook import (
    FORM_VERSION,
    FORMAT,
    WORDS,
    Choice,
    FilledWorkbook,
    FormQuestion,
    NumberRule,
    Problem,
    SurveyForm,
    build_workbook,
    parse_row_id,
    read_workbook,
    row_token,
)
from app.files import check_writable_target, save_bytes
from app.scoring.answers import InvalidAnswer, normalise_value
from app.services.interviews import questions_for_role, tracks_for_role
from app.storage.records import EngagementRecord, IntervieweeRecord
from app.storage.repository import Repository

SURVEY_DOC = "survey_form"  # engagement document kind; key: the respondent's interviewee id
NOT_APPLICABLE, UNKNOWN, GIVEN = "not_applicable", "unknown", "given"
LANGS = ("en", "zh")
MAX_LISTED = 200  # problems listed in full; the rest counted


# --- role tracks and the form -------------------------------------------------------------


def _role_names(library: ContentLibrary, lang: str) -> dict[str, str]:
    catalogue = library.catalogue
    return {r.id: r.name.get(lang) for r in catalogue.roles} if catalogue else {}


def survey_roles(library: ContentLibrary, engagement: EngagementRecord) -> list[str]:
    """The role tracks the engagement's questionnaires serve, in the catalogue's order of roles."""
    order = list(_role_names(library, "en"))
    served = {r for q in engagement_questionnaires(library, engagement) for r in q.roles}
    return sorted(served, key=lambda r: (order.index(r) if r in order else len(order), r))


def role_tracks(library: ContentLibrary, repo: Repository, engagement_id: str) -> list[str]:
    return survey_roles(library, repo.get_engagement(engagement_id))


def resolve_role(library: ContentLibrary, engagement: EngagementRecord, role: str) -> str:
    """A role id of the engagement's tracks, given its id or its name in either language."""
    served = survey_roles(library, engagement)
    key = role.strip()
    if key in served:
        return key
    for lang in LANGS:
        for role_id, name in _role_names(library, lang).items():
            if name.lower() == key.lower() and role_id in served:
                return role_id
    raise UserError(f"no questionnaire of engagement {engagement.name!r} has a track for role {role!r}; "
                    f"roles: {', '.join(served) or 'none'}")


def _level_descriptors(question: Question, model: MaturityModel | None) -> dict:
    spec = question.answer
    assert isinstance(spec, LevelsAnswer)
    if spec.descriptors:
        return dict(spec.descriptors)
    if model is None:
        return {}
    capability = next((c for d in model.domains for c in d.capabilities if c.id == question.capability), None)
    return dict(capability.levels) if capability is not None else {}


def _choices_and_scale(question: Question, model: MaturityModel | None, lang: str
                       ) -> tuple[list[Choice], str, NumberRule | None]:
    """The drop-down entries (without N/A and don't know), the answer scale text, the number rule."""
    w = WORDS[lang]
    spec = question.answer
    lines: list[str] = []
    choices: list[Choice] = []
    rule = None
    if isinstance(spec, LevelsAnswer):
        names = {lvl.level: lvl.name.get(lang) for lvl in model.scale.levels} if model is not None else {}
        descriptors = _level_descriptors(question, model)
        levels = [lvl.level for lvl in model.scale.levels] if model is not None else sorted(descriptors)
        for level in levels:
            label = f"{level} – {names[level]}" if names.get(level) else str(level)
            choices.append(Choice(GIVEN, str(level), label))
            text = descriptors.get(level)
            lines.append(f"{label}: {text.get(lang)}" if text is not None else label)
    elif isinstance(spec, ChoiceAnswer):
        seen: set[str] = set()
        for option in spec.options:
            label = option.text.get(lang).strip()
            if label in seen:  # two options worded alike: tell them apart
                label = f"{label} ({option.id})"
            seen.add(label)
            choices.append(Choice(GIVEN, option.id, label))
            lines.append(f"• {label}" + (f" ({w['value']} {option.level:g})" if option.level is not None else ""))
    elif isinstance(spec, YesNoAnswer):
        for value, level in (("yes", spec.yes_level), ("no", spec.no_level)):
            choices.append(Choice(GIVEN, value, w[value]))
            lines.append(f"• {w[value]}" + (f" ({w['value']} {level})" if level is not None else ""))
    elif isinstance(spec, NumericAnswer):
        rule = NumberRule(spec.unit.strip(), spec.minimum, spec.maximum)
        bounds = ""
        if spec.minimum is not None and spec.maximum is not None:
            bounds = w["between"].format(lo=f"{spec.minimum:g}", hi=f"{spec.maximum:g}")
        elif spec.minimum is not None:
            bounds = w["at_least"].format(lo=f"{spec.minimum:g}")
        elif spec.maximum is not None:
            bounds = w["at_most"].format(hi=f"{spec.maximum:g}")
        unit = f" ({rule.unit})" if rule.unit else ""
        lines.append(f"{w['number']}{unit}" + (f", {bounds}" if bounds else ""))
        for t in spec.thresholds:
            key, value = ("threshold_least", t.at_least) if t.at_least is not None else ("threshold_most", t.at_most)
            lines.append("• " + w[key].format(level=t.level, value=f"{value:g}"))
    if question.criteria:
        lines.append(f"{w['criteria']}:")
        lines.extend(f"– {c.get(lang)}" for c in question.criteria)
    return choices, "\n".join(lines), rule


def _special(lang: str) -> list[Choice]:
    w = WORDS[lang]
    return [Choice(NOT_APPLICABLE, None, w["na"]), Choice(UNKNOWN, None, w["unknown"])]


def _tracks(library: ContentLibrary, engagement: EngagementRecord, role: str) -> list[Questionnaire]:
    return tracks_for_role(engagement_questionnaires(library, engagement), role)


def build_form(library: ContentLibrary, engagement: EngagementRecord, role: str, lang: str, *,
               form_id: str | None = None, now: datetime | None = None) -> SurveyForm:
    """The form for ``role`` at the content versions the engagement recorded."""
    if lang not in LANGS:
        raise UserError(f"unknown language {lang!r}; use en or zh")
    role = resolve_role(library, engagement, role)
    models = {m.id: m for m in engagement_models(library, engagement)}
    tracks = _tracks(library, engagement, role)
    questions: list[FormQuestion] = []
    several = len(tracks) > 1
    for t_index, questionnaire in enumerate(tracks, start=1):
        model = models.get(questionnaire.model)
        for n, (section, question) in enumerate(questions_for_role(questionnaire, role), start=1):
            choices, scale, rule = _choices_and_scale(question, model, lang)
            questions.append(FormQuestion(
                questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
                question_id=question.id, number=f"{t_index}.{n}" if several else str(n),
                section=section.title.get(lang), text=question.text.get(lang),
                guidance=question.guidance.get(lang) if question.guidance else "",
                scale=scale, evidence="\n".join(f"• {e.get(lang)}" for e in question.evidence),
                choices=tuple(choices + _special(lang)), number_rule=rule))
    if not questions:
        raise UserError(f"role {role!r} has no questions in engagement {engagement.name!r}")
    stamp = (now or datetime.now()).replace(microsecond=0).isoformat()
    return SurveyForm(
        form_id=form_id or str(uuid.uuid4()), engagement_id=engagement.id, engagement_name=engagement.name,
        customer_name=engagement.customer.name, role_id=role,
        role_name=_role_names(library, lang).get(role, role), lang=lang, exported_at=stamp,
        questionnaires=tuple((q.id, q.version, q.name.get(lang)) for q in tracks), questions=tuple(questions))


def export_survey(library: ContentLibrary, repo: Repository, engagement_id: str, role: str, out: Path | str,
                  lang: str = "en") -> Path:
    """Write the fillable workbook for one role track (atomically); returns its path."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"a survey form is an Excel workbook: give a file name ending in .xlsx, not {out.name!r}")
    check_writable_target(out, "the survey form")
    form = build_form(library, repo.get_engagement(engagement_id), role, lang)
    return save_bytes(out, build_workbook(form))


def survey_file_name(library: ContentLibrary, engagement: EngagementRecord, role: str, lang: str) -> str:
    """A suggested file name: engagement, role and language, safe on every file system."""
    role_name = _role_names(library, lang).get(role, role)
    raw = f"{engagement.name} - survey - {role_name} ({lang}).xlsx"
    return "".join(ch if ch.isalnum() or ch in " ._-()" else "_" for ch in raw)


# --- reading and checking filled forms ---------------------------------------------------


@dataclass(frozen=True)
class SurveyAnswer:
    questionnaire_id: str
    question_id: str
    status: str | None  # None: a note without an answer
    value: str | None
    note: str


@dataclass
class FilledSurvey:
    """One checked form: who answered, what, and how it relates to what is already imported."""

    file: str
    form_id: str
    exported_at: str
    role: str
    name: str
    title: str
    department: str
    answers: list[SurveyAnswer]
    digest: str = ""
    existing: IntervieweeRecord | None = None  # the respondent's earlier survey, if any
    existing_form: Mapping | None = None  # what was imported for them then
    unchanged: bool = False  # the same form was imported before: nothing to do

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.status == GIVEN)


@dataclass
class SurveyImport:
    """The outcome of checking (and perhaps importing) a batch of filled forms."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    forms: list[FilledSurvey] = field(default_factory=list)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def replacements(self) -> list[FilledSurvey]:
        return [f for f in self.forms if f.existing is not None and not f.unchanged]

    @property
    def new(self) -> list[FilledSurvey]:
        return [f for f in self.forms if f.existing is None]

    @property
    def unchanged(self) -> list[FilledSurvey]:
        return [f for f in self.forms if f.unchanged]

    def problem_lines(self) -> list[str]:
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"... and {len(self.problems) - MAX_LISTED} more problems")
        return lines


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Expected:
    """The rows a form for (engagement, role) must have, and every label its answers may take."""

    def __init__(self, library: ContentLibrary, engagement: EngagementRecord, role: str) -> None:
        forms = {lang: build_form(library, engagement, role, lang, form_id="check") for lang in LANGS}
        self.questions: dict[tuple[str, str], FormQuestion] = {}
        self.labels: dict[tuple[str, str], dict[str, Choice]] = {}
        questionnaires = {q.id: q for q in _tracks(library, engagement, role)}
        self.content: dict[tuple[str, str], Question] = {
            (qn.id, q.id): q for qn in questionnaires.values() for _, q in questions_for_role(qn, role)}
        self.scales = {m.id: m.scale for m in engagement_models(library, engagement)}
        self.model_of = {qn.id: qn.model for qn in questionnaires.values()}
        self.order = [(q.questionnaire_id, q.question_id) for q in forms["en"].questions]
        for lang in LANGS:
            for q in forms[lang].questions:
                key = (q.questionnaire_id, q.question_id)
                self.questions.setdefault(key, q)
                labels = self.labels.setdefault(key, {})
                for choice in q.choices:
                    labels.setdefault(_normal(choice.label), choice)
                    if choice.value is not None:  # the stored value itself ("3", "yes", an option id)
                        labels.setdefault(_normal(choice.value), choice)
                for special, status in (("n/a", NOT_APPLICABLE), ("na", NOT_APPLICABLE)):
                    labels.setdefault(special, Choice(status, None, special))
        self.versions = {q.id: q.version for q in questionnaires.values()}


def _meta_problem(filled: FilledWorkbook, key: str, message: str) -> Problem:
    cell = filled.meta_cells.get(key, "")
    return Problem(filled.name, "omm" if cell else "", cell, message)


def _answer(filled: FilledWorkbook, expected: _Expected, key: tuple[str, str], row: int, raw: object,
            problems: list[Problem]) -> tuple[str, str | None] | None:
    """(status, value) for a cell's content, or None after adding the problem."""
    sheet, cell = filled.questions_sheet, f"H{row}"
    form_q = expected.questions[key]
    question = expected.content[key]
    scale = expected.scales.get(expected.model_of[key[0]])
    if isinstance(raw, bool):
        raw = "yes" if raw else "no"
    if isinstance(raw, int | float) and form_q.number_rule is not None:
        text = f"{raw:g}" if isinstance(raw, float) else str(raw)
    elif isinstance(raw, datetime):
        text = raw.isoformat()
    else:
        text = str(raw).strip()
    choice = expected.labels[key].get(_normal(text))
    if choice is not None:
        return choice.status, choice.value
    if form_q.number_rule is not None and scale is not None:
        try:
            return GIVEN, normalise_value(question, scale, text)
        except InvalidAnswer as exc:
            reason = str(exc).split(": ", 1)[-1]
            problems.append(Problem(filled.name, sheet, cell, f"question {form_q.number}: {reason}"))
            return None
    allowed = "; ".join(c.label for c in form_q.choices)
    if len(allowed) > 160:
        allowed = allowed[:157] + "..."
    problems.append(Problem(filled.name, sheet, cell,
                            f"question {form_q.number}: {text[:60]!r} is not an allowed answer (allowed: {allowed})"))
    return None


def _check_one(library: ContentLibrary, engagement: EngagementRecord, filled: FilledWorkbook,
               expected_cache: dict[str, _Expected]) -> tuple[FilledSurvey | None, list[Problem], list[Problem]]:
    problems: list[Problem] = list(filled.problems)
    warnings: list[Problem] = []
    if problems:
        return None, problems, warnings
    meta = filled.meta
    if meta.get("format") != FORMAT:
        return None, [_meta_problem(filled, "format", "not a survey form made by omm")], warnings
    if meta.get("form_version") != FORM_VERSION:
        return None, [_meta_problem(filled, "form_version",
                                    f"form layout {meta.get('form_version')!r} is not one this omm reads "
                                    f"({FORM_VERSION}); export a new form")], warnings
    if meta.get("engagement_id") != engagement.id:
        return None, [_meta_problem(filled, "engagement_id",
                                    f"the form belongs to engagement {meta.get('engagement_name', '?')!r}, "
                                    f"not {engagement.name!r}")], warnings
    role = meta.get("role", "")
    if role not in survey_roles(library, engagement):
        return None, [_meta_problem(filled, "role", f"role {role!r} has no track in engagement "
                                                    f"{engagement.name!r}")], warnings
    if role not in expected_cache:
        expected_cache[role] = _Expected(library, engagement, role)
    expected = expected_cache[role]
    form_versions = {k.removeprefix("questionnaire:"): v for k, v in meta.items() if k.startswith("questionnaire:")}
    for questionnaire_id, version in sorted(form_versions.items()):
        current = expected.versions.get(questionnaire_id)
        if current != version:
            now = f"version {current}" if current else "no such questionnaire for this role"
            problems.append(_meta_problem(filled, f"questionnaire:{questionnaire_id}",
                                          f"the form was made from questionnaire {questionnaire_id} version "
                                          f"{version}; the engagement uses {now}: export a new form"))
    for questionnaire_id in sorted(set(expected.versions) - set(form_versions)):
        problems.append(Problem(filled.name, "omm", "", f"the form lacks questionnaire {questionnaire_id} of this "
                                                         "role's track: it was made from other content"))
    if problems:
        return None, problems, warnings

    sheet = filled.questions_sheet
    seen: dict[tuple[str, str], int] = {}
    answers: list[SurveyAnswer] = []
    for row in filled.rows:
        if not row.id_text:
            warnings.append(Problem(filled.name, sheet, f"A{row.row}",
                                    "a row without an id (inserted by the respondent?) was ignored"))
            continue
        parsed = parse_row_id(row.id_text)
        if parsed is None:
            problems.append(Problem(filled.name, sheet, f"A{row.row}",
                                    f"the row's hidden id {row.id_text[:60]!r} was changed"))
            continue
        key = (parsed.questionnaire_id, parsed.question_id)
        if parsed.version != expected.versions.get(parsed.questionnaire_id, parsed.version):
            problems.append(Problem(filled.name, sheet, f"A{row.row}",
                                    f"the row is from questionnaire {parsed.questionnaire_id} version "
                                    f"{parsed.version}; the engagement uses version "
                                    f"{expected.versions[parsed.questionnaire_id]}"))
            continue
        if key not in expected.questions or parsed.token != row_token(
                engagement.id, parsed.questionnaire_id, parsed.version, parsed.question_id):
            problems.append(Problem(filled.name, sheet, f"A{row.row}",
                                    f"the row's hidden id {row.id_text[:60]!r} was changed or comes from "
                                    "another form"))
            continue
        if key in seen:
            problems.append(Problem(filled.name, sheet, f"A{row.row}",
                                    f"question {expected.questions[key].number} appears twice (rows {seen[key]} "
                                    f"and {row.row})"))
            continue
        seen[key] = row.row
        if row.answer is None:
            if row.note:  # a note without an answer is kept, unanswered
                answers.append(SurveyAnswer(key[0], key[1], None, None, row.note))
            continue
        result = _answer(filled, expected, key, row.row, row.answer, problems)
        if result is not None:
            answers.append(SurveyAnswer(key[0], key[1], result[0], result[1], row.note))
    for key in expected.order:
        if key not in seen:
            q = expected.questions[key]
            problems.append(Problem(filled.name, sheet, "",
                                    f"the row of question {q.number} ({q.question_id}) is missing or its hidden id "
                                    "was changed"))
    name = " ".join(filled.respondent.get("name", "").split())
    name_sheet, name_cell = filled.respondent_cells.get("name", ("", ""))
    if not name_cell:
        problems.append(Problem(filled.name, "", "", "the respondent's name cell is gone from the cover sheet"))
    elif not name:
        problems.append(Problem(filled.name, name_sheet, name_cell, "the respondent's name is empty"))
    elif len(name) > 200:
        problems.append(Problem(filled.name, name_sheet, name_cell, "the respondent's name is longer than 200 "
                                                                    "characters"))
    if not problems and not answers:
        problems.append(Problem(filled.name, sheet, "", "the form is empty: no question is answered"))
    if problems:
        return None, problems, warnings
    survey = FilledSurvey(
        file=filled.name, form_id=meta.get("form_id", ""), exported_at=meta.get("exported_at", ""), role=role,
        name=name, title=" ".join(filled.respondent.get("title", "").split())[:200],
        department=" ".join(filled.respondent.get("department", "").split())[:200], answers=answers)
    survey.digest = _digest(survey)
    return survey, problems, warnings


def _digest(survey: FilledSurvey) -> str:
    """What the form says (respondent and answers), independent of row order and file bytes."""
    content = {"role": survey.role, "name": _normal(survey.name), "title": survey.title,
               "department": survey.department,
               "answers": sorted([a.questionnaire_id, a.question_id, a.status or "", a.value or "", a.note]
                                 for a in survey.answers)}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


Progress = Callable[[int, str], None]


def check_surveys(library: ContentLibrary, repo: Repository, engagement_id: str, paths: Sequence[Path | str], *,
                  progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> SurveyImport:
    """Read and check every file; nothing is written. The outcome lists every problem, and which forms
    are new, unchanged or would replace a respondent's earlier form."""
    engagement = repo.get_engagement(engagement_id)
    result = SurveyImport()
    if not paths:
        result.problems.append(Problem("", "", "", "no file given"))
        return result
    expected: dict[str, _Expected] = {}
    by_name: dict[str, str] = {}
    for i, path in enumerate(paths):
        if cancelled is not None and cancelled():
            raise UserError("the import was cancelled; nothing was imported")
        if progress is not None:
            progress(int(80 * i / len(paths)), Path(path).name)
        filled = read_workbook(path)
        survey, problems, warnings = _check_one(library, engagement, filled, expected)
        result.problems.extend(problems)
        result.warnings.extend(warnings)
        if survey is None:
            continue
        earlier = by_name.get(_normal(survey.name))
        if earlier is not None:
            name_sheet, name_cell = filled.respondent_cells.get("name", ("", ""))
            result.problems.append(Problem(filled.name, name_sheet, name_cell,
                                           f"{survey.name!r} also answered {earlier}: import one form per "
                                           "respondent at a time"))
            continue
        by_name[_normal(survey.name)] = survey.file
        result.forms.append(survey)
    existing = {_normal(p.name): p for p in repo.list_interviewees(engagement_id) if p.kind == "survey"}
    docs = {d.key: d.payload for d in repo.documents.list(engagement_id, SURVEY_DOC)}
    for survey in result.forms:
        person = existing.get(_normal(survey.name))
        if person is not None:
            survey.existing = person
            survey.existing_form = docs.get(person.id)
            survey.unchanged = bool(survey.existing_form) and survey.existing_form.get("digest") == survey.digest
    return result


def import_surveys(library: ContentLibrary, repo: Repository, engagement_id: str, paths: Sequence[Path | str], *,
                   replace: bool = False, answered_by: str = "", progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> SurveyImport:
    """Check every file, then import all of them in one unit of work, or none.

    Nothing is written when any file has a problem, or when a form would replace a
    respondent's earlier one and ``replace`` is not given (the outcome's ``replacements``
    say which). A form imported before with the same content is left as it is.
    """
    result = check_surveys(library, repo, engagement_id, paths, progress=progress, cancelled=cancelled)
    if not result.ok or (result.replacements and not replace):
        return result
    todo = [f for f in result.forms if not f.unchanged]
    if progress is not None:
        progress(85, "")
    with repo.unit_of_work() as uow:
        for survey in todo:
            notes = survey.title
            if survey.existing is None:
                person = uow.add_interviewee(engagement_id, survey.name, survey.role,
                                             department=survey.department, notes=notes, kind="survey")
            else:
                person = uow.update_interviewee(survey.existing.id, name=survey.name, role=survey.role,
                                                department=survey.department, notes=notes)
            uow.replace_answers(engagement_id, person.id,
                                [(a.questionnaire_id, a.question_id, a.status, a.value, a.note)
                                 for a in survey.answers], answered_by=answered_by or survey.name)
            uow.documents.put(engagement_id, SURVEY_DOC, person.id, _form_record(survey), updated_by=answered_by)
    result.imported = True
    if progress is not None:
        progress(100, "")
    return result


def _form_record(survey: FilledSurvey) -> dict:
    return {"form_id": survey.form_id, "exported_at": survey.exported_at, "file": survey.file,
            "digest": survey.digest, "role": survey.role, "title": survey.title,
            "answered": survey.answered, "answers": len(survey.answers),
            "imported_at": datetime.now().replace(microsecond=0).isoformat()}


def survey_forms(repo: Repository, engagement_id: str) -> dict[str, Mapping]:
    """Respondent id -> what was imported for them (file, form id, when)."""
    return {d.key: d.payload for d in repo.documents.list(engagement_id, SURVEY_DOC)}


def describe_replacement(survey: FilledSurvey) -> str:
    """One line for the confirmation: whose form, which one is there, which one comes."""
    before = survey.existing_form or {}
    old = f"{before.get('file', 'an earlier form')} (imported {str(before.get('imported_at', '?'))[:16]})"
    return f"{survey.name}: {old} would be replaced by {survey.file} ({survey.answered} answers)"
