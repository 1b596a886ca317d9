"""The printable interview guide: one role's questions, for interviews where a laptop is not welcome.

``omm report ENGAGEMENT --kind guide --role ROLE --out FILE.docx`` (and the Interviewees
tab) writes, for each questionnaire of the engagement that serves the role, the role's
track in order: the question, the interviewer's guidance, the follow-ups, the evidence to
ask for, the answer scale (each level with what it looks like) and room for notes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from app.content.schema import ChoiceAnswer, LevelsAnswer, NumericAnswer, YesNoAnswer
from app.errors import UserError

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title_guide": "Interview guide", "h_track": "Questions", "role": "Role", "questionnaire": "Questionnaire",
        "questions": "Questions", "interviewee": "Interviewee", "date": "Date", "guidance": "Guidance",
        "follow_ups": "Follow-ups", "evidence": "Evidence to ask for", "answer": "Answer",
        "c_level": "Level", "c_meaning": "What it looks like", "notes": "Notes",
        "yes": "Yes", "no": "No", "na": "Not applicable", "unknown": "Don't know",
        "numeric": "A number", "unit": "unit",
        "intro": "Print this guide for an interview without a laptop; type the answers in afterwards. "
                 "Each question shows the answer scale; circle one and write the evidence seen.",
        "blank": "____________________",
        "line": "_" * 72,
    },
    "zh": {
        "title_guide": "访谈提纲", "h_track": "访谈问题", "role": "角色", "questionnaire": "问卷",
        "questions": "问题数", "interviewee": "受访者", "date": "日期", "guidance": "提问要点",
        "follow_ups": "追问", "evidence": "需索取的证据", "answer": "回答",
        "c_level": "等级", "c_meaning": "表现特征", "notes": "记录",
        "yes": "是", "no": "否", "na": "不适用", "unknown": "不清楚",
        "numeric": "数值", "unit": "单位",
        "intro": "本提纲供不便使用电脑的访谈打印使用，访谈后再将回答录入系统。每个问题都列出了回答等级，"
                 "请圈选一项并记下所见证据。",
        "blank": "____________________",
        "line": "_" * 72,
    },
}


@dataclass(frozen=True)
class GuideLevel:
    level: str
    name: str
    description: str


@dataclass(frozen=True)
class GuideQuestion:
    number: str
    text: str
    guidance: str
    follow_ups: tuple[str, ...]
    evidence: tuple[str, ...]
    levels: tuple[GuideLevel, ...]  # the scale to circle (levels, choices, yes/no)
    answer_hint: str  # for a number: what to write down


@dataclass(frozen=True)
class GuideSection:
    title: str
    questions: tuple[GuideQuestion, ...]


@dataclass(frozen=True)
class GuideTrack:
    name: str
    sections: tuple[GuideSection, ...]
    count: int


@dataclass(frozen=True)
class GuideContext:
    meta: Any  # app.reports.context.Meta
    t: Mapping[str, str]
    role: str
    tracks: tuple[GuideTrack, ...]
    notices: tuple[str, ...] = field(default=())

    def as_template_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def charts(self) -> list:
        return []


def _text(value: Any, lang: str) -> str:
    if value is None:
        return ""
    get = getattr(value, "get", None)
    return str(get(lang) if callable(get) else value).strip()


def _answer_scale(question: Any, model: Any, lang: str, w: Mapping[str, str]) -> tuple[tuple[GuideLevel, ...], str]:
    spec = question.answer
    if isinstance(spec, LevelsAnswer):
        names = {lvl.level: _text(lvl.name, lang) for lvl in model.scale.levels} if model is not None else {}
        descriptors = spec.descriptors
        if not descriptors and model is not None:  # the capability's own descriptors
            capability = next((c for d in model.domains for c in d.capabilities if c.id == question.capability),
                              None)
            descriptors = capability.levels if capability is not None else {}
        rows = [GuideLevel(str(level), names.get(level, ""), _text(descriptors[level], lang))
                for level in sorted(descriptors or {})]
        return tuple(rows), ""
    if isinstance(spec, ChoiceAnswer):
        return tuple(GuideLevel(str(i + 1), _text(o.text, lang), "") for i, o in enumerate(spec.options)), ""
    if isinstance(spec, YesNoAnswer):
        return (GuideLevel("", w["yes"], ""), GuideLevel("", w["no"], "")), ""
    if isinstance(spec, NumericAnswer):
        unit = spec.unit.strip()
        return (), f"{w['numeric']}{f' ({unit})' if unit else ''}: {w['blank']}"
    return (), ""


def guide_context(inputs: Any, lang: str) -> GuideContext:
    """The guide for ``inputs.options['role']``: every questionnaire of the engagement that serves the role."""
    from app.reports.context import report_meta

    w = WORDS[lang]
    role = (inputs.options or {}).get("role", "").strip()
    scores = inputs.scores
    catalogue = inputs.catalogue
    role_names = {r.id: _text(r.name, lang) for r in catalogue.roles} if catalogue else {}
    served = sorted({r for q in scores.questionnaires for r in q.roles},
                    key=lambda r: (list(role_names).index(r) if r in role_names else len(role_names), r))
    if not role:  # the command line requires one; a template check or preview takes the first role
        if not served:
            raise UserError(f"no questionnaire of engagement {scores.engagement.name!r} names any role")
        role = served[0]
    if role not in served:
        by_name = {n.lower(): i for i, n in role_names.items()}
        role = by_name.get(role.lower(), role)
    if role not in served:
        raise UserError(f"no questionnaire of engagement {scores.engagement.name!r} is meant for role {role!r}; "
                        f"roles: {', '.join(served)}")
    tracks = []
    # the role's tracks as the interview screen orders them: the main diagnosis first
    fitting = sorted((q for q in scores.questionnaires if role in q.roles),
                     key=lambda q: (not q.id.startswith("diagnosis"), q.id))
    for questionnaire in fitting:
        model = scores.model_content.get(questionnaire.model)
        sections: dict[str, list[GuideQuestion]] = {}
        titles: dict[str, str] = {}
        number = 0
        asked = [(section, q) for section in questionnaire.sections for q in section.questions if role in q.roles]
        for section, question in asked:
            number += 1
            levels, hint = _answer_scale(question, model, lang, w)
            titles[section.id] = _text(section.title, lang)
            sections.setdefault(section.id, []).append(GuideQuestion(
                number=str(number), text=_text(question.text, lang), guidance=_text(question.guidance, lang),
                follow_ups=tuple(_text(f, lang) for f in (question.follow_ups or ())),
                evidence=tuple(_text(e, lang) for e in (question.evidence or ())),
                levels=levels, answer_hint=hint))
        tracks.append(GuideTrack(_text(questionnaire.name, lang),
                                 tuple(GuideSection(titles[k], tuple(v)) for k, v in sections.items()), number))
    meta = report_meta(inputs, "guide", lang)
    return GuideContext(meta=meta, t=w, role=role_names.get(role, role), tracks=tuple(tracks))


def write_guide_template(lang: str, target: Path | str | io.BytesIO) -> None:
    from app.reports.template_builder import Column, TemplateWriter, logo_png
    from app.reports.template_content import WORDS as BASE

    words = {**BASE[lang], **WORDS[lang]}
    tw = TemplateWriter(lang, lambda k: words[k])
    t = words
    tw.cover(t["title_guide"] + " · {{ role }}", logo_png())
    tw.contents()
    tw.notices()
    tw.p(t["intro"], "Small Print")
    tw.tag("{%p for track in tracks %}")
    tw.h("{{ track.name }} · {{ role }}")
    tw.runs([(t["interviewee"] + ": ", True), (t["blank"] + "    ", False), (t["date"] + ": ", True),
             (t["blank"], False)])
    tw.tag("{%p for s in track.sections %}")
    tw.h("{{ s.title }}", 2)
    tw.tag("{%p for q in s.questions %}")
    tw.p("{{ q.number }}. {{ q.text }}", "Minor Heading")
    tw.tag("{%p if q.guidance %}")
    tw.runs([(t["guidance"] + ": ", True), ("{{ q.guidance }}", False)], "Small Print")
    tw.tag("{%p endif %}")
    tw.tag("{%p if q.follow_ups %}")
    tw.p(t["follow_ups"] + ":", "Small Print", bold=True)
    tw.tag("{%p endif %}")
    tw.tag("{%p for f in q.follow_ups %}")
    tw.bullet("{{ f }}")
    tw.tag("{%p endfor %}")
    tw.tag("{%p if q.evidence %}")
    tw.runs([(t["evidence"] + ": ", True), ("{{ q.evidence|join('; ') }}", False)], "Small Print")
    tw.tag("{%p endif %}")
    tw.tag("{%p if q.levels %}")
    tw.table("q.levels", [Column(t["c_level"], "r.level", 1.4, "center"),
                          Column(t["c_meaning"], "r.name", 15.0, detail="r.description", bold=True)],
             zebra=False)
    tw.tag("{%p endif %}")
    tw.tag("{%p if q.answer_hint %}")
    tw.p("{{ q.answer_hint }}")
    tw.tag("{%p endif %}")
    tw.runs([(t["answer"] + ": ", True), (t["blank"] + "   ", False), (t["notes"] + ":", True)])
    for _ in range(3):  # room to write: three ruled lines
        tw.p(t["line"])
    tw.tag("{%p endfor %}")
    tw.tag("{%p endfor %}")
    tw.tag("{%p endfor %}")
    tw.save(target)
