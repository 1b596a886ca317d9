"""The words reports and drafted texts use for what a model assesses, from the model itself.

A report never says "O&M" on its own account: the shipped model declares
``wording: {subject: {en: O&M, zh: 运维}}``, a firm's security model declares its own
subject or whole titles, and a model that declares nothing gets neutral wording
("Maturity assessment report", "the maturity of ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from app.content.schema import MaturityModel, ReportKind

# A title made from the subject, per report kind; "{subject}" may be empty.
TITLES: dict[str, dict[str, str]] = {
    "en": {"diagnosis": "{subject} diagnosis report", "maturity": "{subject} maturity assessment report"},
    "zh": {"diagnosis": "{subject}诊断报告", "maturity": "{subject}成熟度评估报告"},
}


@dataclass(frozen=True)
class SubjectWords:
    """Phrases ready to drop into a sentence (``meta.subject``, ``meta.maturity`` ... in a template)."""

    subject: str  # "O&M" / "运维", or ""
    maturity: str  # "O&M maturity" / "运维成熟度", or "maturity" / "成熟度"
    practice: str  # "SRE and O&M practice", "O&M practice", or "good practice"
    interviewees: str  # "from executives to on-call engineers", or "in every role"


def subject_words(model: MaturityModel | None, lang: str) -> SubjectWords:
    wording = model.wording if model is not None else None
    subject = wording.subject.get(lang).strip() if wording is not None and wording.subject else ""
    zh = lang == "zh"
    if zh:
        maturity = f"{subject}成熟度"
        practice = f"{subject}实践" if subject else "良好实践"
    else:
        maturity = f"{subject} maturity" if subject else "maturity"
        practice = f"{subject} practice" if subject else "good practice"
    if wording is not None and wording.practice:
        practice = wording.practice.get(lang).strip()
    if wording is not None and wording.interviewees:
        interviewees = wording.interviewees.get(lang).strip()
    else:
        interviewees = "各角色" if zh else "in every role"
    return SubjectWords(subject, maturity, practice, interviewees)


def with_subject(pattern: str, model: MaturityModel | None, lang: str) -> str:
    """``pattern`` with the model's subject for "{subject}" (none: the words around it close up)."""
    text = " ".join(pattern.format(subject=subject_words(model, lang).subject).split())
    return text[:1].upper() + text[1:]


def report_title(model: MaturityModel | None, kind: str, lang: str, default: str) -> str:
    """The model's own title for the kind, else one made from its subject, else ``default``."""
    if model is not None:
        try:
            declared = model.wording.titles.get(ReportKind(kind))
        except ValueError:  # a kind no model can title (the interview guide)
            declared = None
        if declared is not None:
            return declared.get(lang).strip()
    pattern = TITLES["zh" if lang == "zh" else "en"].get(kind)
    if pattern is None:
        return default
    title = pattern.format(subject=subject_words(model, lang).subject).strip()
    return title[:1].upper() + title[1:]


def model_titles(model: MaturityModel) -> dict[str, dict[str, str]]:
    """The titles the model's reports get (for ``omm validate --json``): kind -> language -> title."""
    defaults = {"survey": ("Survey report", "调研报告"), "diagnosis": ("Diagnosis report", "诊断报告"),
                "maturity": ("Maturity assessment report", "成熟度评估报告")}
    kinds = [*defaults, *(k.value for k in model.wording.titles if k.value not in defaults)]
    return {kind: {lang: report_title(model, kind, lang, dict(zip(("en", "zh"), defaults.get(kind, (kind, kind)),
                                                                 strict=True))[lang])
                   for lang in ("en", "zh")} for kind in kinds}
