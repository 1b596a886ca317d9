"""The executive summary: one page a CIO reads first, drafted per language, then the consultant's.

``draft_summary`` writes it from the findings (the approved ones when there are any),
the policies and the scores: where the customer stands against the target, the three
strengths and three risks that matter most, the first recommendations and what happens
next. The consultant edits the text; each save is a new version of the engagement's
summary document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.content.schema import MaturityModel
from app.content.wording import subject_words
from app.diagnosis.baseline import BaselineComparison
from app.diagnosis.findings import Finding, FindingStatus, FindingType, Severity
from app.diagnosis.policies import Policy, PolicyStatus
from app.diagnosis.text import LANGS, join, level
from app.scoring import ModelScore

SEVERITY_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


@dataclass(frozen=True)
class ExecutiveSummary:
    """The text per language ("en", "zh"); ``status`` draft until the consultant approves it."""

    texts: Mapping[str, str] = field(default_factory=dict)
    status: str = "draft"
    edited: bool = False

    def text(self, lang: str) -> str:
        return self.texts.get(lang, "")

    def with_text(self, lang: str, text: str) -> ExecutiveSummary:
        return replace(self, texts={**self.texts, lang: text}, edited=True)

    def paragraphs(self, lang: str) -> list[str]:
        return [p.strip() for p in self.text(lang).split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        return {"texts": dict(self.texts), "status": self.status, "edited": self.edited}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExecutiveSummary:
        return cls(texts={k: str(v) for k, v in dict(data.get("texts", {})).items()},
                   status=str(data.get("status", "draft")), edited=bool(data.get("edited", False)))


def _pick(findings: Sequence[Finding], kinds: tuple[FindingType, ...], n: int = 3) -> list[Finding]:
    chosen = [f for f in findings if f.type in kinds and f.status is not FindingStatus.REJECTED]
    return sorted(chosen, key=lambda f: (SEVERITY_RANK[f.severity], 0 if f.type is FindingType.RISK else 1,
                                         f.id))[:n]


def draft_summary(model: MaturityModel, score: ModelScore, findings: Sequence[Finding], policies: Sequence[Policy],
                  customer: str, *, baseline: BaselineComparison | None = None,
                  langs: Sequence[str] = LANGS, scored: bool = True) -> ExecutiveSummary:
    """The summary in each language, from the approved findings when there are any, else the drafts."""
    pool = [f for f in findings if f.status is FindingStatus.APPROVED] or list(findings)
    strengths = _pick(pool, (FindingType.STRENGTH,))
    risks = _pick(pool, (FindingType.RISK, FindingType.WEAKNESS))
    first = [p for p in policies if p.status is not PolicyStatus.REJECTED][:3]
    quick = [p for p in policies if p.quick_win and p.status is not PolicyStatus.REJECTED]
    texts = {lang: _write(lang, model, score, strengths, risks, first, len(quick), customer, baseline, scored)
             for lang in langs}
    return ExecutiveSummary(texts=texts)


def _in_words(lang: str, model: MaturityModel, score: ModelScore, customer: str, worst: list[str]) -> str:
    """The position for a Basic diagnosis: no 0-5 numbers, what they mean."""
    assert score.level is not None
    share = (score.level - model.scale.minimum) / max(1, model.scale.maximum - model.scale.minimum)
    gap = score.gap or 0.0
    if lang == "zh":
        practice = "基本缺失" if share < 0.25 else "初步形成但尚不一致" if share < 0.5 else "已经成型" if share < 0.75 \
            else "较为先进"
        versus = "已达到目标" if gap <= 0 else "接近目标" if gap < 0.5 else "低于目标" if gap < 1.5 else "远低于目标"
        text = f"总体来看，{customer}的{subject_words(model, 'zh').subject}实践{practice}，{versus}。"
        return text + (f"差距最大的领域是{join(worst, 'zh')}。" if worst else "")
    practice = "largely missing" if share < 0.25 else "emerging but not yet consistent" if share < 0.5 else \
        "established" if share < 0.75 else "advanced"
    versus = "at the target" if gap <= 0 else "close to the target" if gap < 0.5 else "below the target" \
        if gap < 1.5 else "well below the target"
    subject = subject_words(model, "en").subject
    text = f"On the whole, {customer}'s {subject + ' ' if subject else ''}practice is {practice} and {versus}."
    return text + (f" The largest gaps are in {join(worst, 'en')}." if worst else "")


def _write(lang: str, model: MaturityModel, score: ModelScore, strengths: list[Finding], risks: list[Finding],
           first: list[Policy], quick: int, customer: str, baseline: BaselineComparison | None,
           scored: bool = True) -> str:
    name = model.name.get(lang)
    maturity = subject_words(model, lang).maturity  # "O&M maturity" for the shipped model
    domains = {d.id: d.name.get(lang) for d in model.domains}
    paragraphs: list[str] = []
    below = [d for d in score.domains if d.gap is not None and d.gap > 0]
    worst = sorted(below, key=lambda d: -(d.gap or 0))[:2]
    if score.level is None:
        paragraphs.append(
            f"{customer}尚无可评估的回答，暂无法判断其{maturity}。" if lang == "zh" else
            f"No usable answers have been recorded for {customer} yet, so its {maturity} cannot be judged.")
    elif not scored:
        paragraphs.append(_in_words(lang, model, score, customer, [domains[d.domain_id] for d in worst]))
    elif lang == "zh":
        text = (f"{customer}的整体{maturity}为{level(score.level)}级，目标为{level(score.target)}级，"
                f"差距{level(score.gap)}级（{name}）。")
        if worst:
            text += f"差距最大的领域是{join([domains[d.domain_id] for d in worst], 'zh')}。"
        if baseline is not None and baseline.overall.delta is not None:
            text += (f"与上一次评估（{baseline.baseline_engagement}）相比，整体从{level(baseline.overall.before)}级"
                     f"变为{level(baseline.overall.after)}级（{baseline.overall.delta:+.2f}）。")
        paragraphs.append(text)
    else:
        text = (f"{customer} operates at an overall {maturity} of {level(score.level)} against a target of "
                f"{level(score.target)}, a gap of {level(score.gap)} on the {name}.")
        if worst:
            text += f" The largest gaps are in {join([domains[d.domain_id] for d in worst], 'en')}."
        if baseline is not None and baseline.overall.delta is not None:
            text += (f" Since the previous assessment ({baseline.baseline_engagement}) the overall level has moved "
                     f"from {level(baseline.overall.before)} to {level(baseline.overall.after)} "
                     f"({baseline.overall.delta:+.2f}).")
        paragraphs.append(text)
    if strengths:
        lines = [f"- {f.title.get(lang)}" for f in strengths]
        paragraphs.append(("可以依托的优势：" if lang == "zh" else "Strengths to build on:") + "\n" + "\n".join(lines))
    if risks:
        lines = [f"- {f.title.get(lang)}" for f in risks]
        paragraphs.append(("最需要关注的风险：" if lang == "zh" else "Risks that matter most:") + "\n" + "\n".join(lines))
    if first:
        lines = [f"- {p.title.get(lang)}" for p in first]
        head = "首先建议：" if lang == "zh" else "First recommendations:"
        paragraphs.append(head + "\n" + "\n".join(lines))
    if lang == "zh":
        nxt = "下一步：与管理层确认上述结论和目标"
        nxt += f"，三个月内启动{quick}项快速见效举措" if quick else ""
        nxt += "，并据此制定整体改进路线图。"
    else:
        nxt = "Next steps: confirm these conclusions and the targets with the leadership team"
        nxt += (", start the quick win within three months" if quick == 1 else
                f", start the {quick} quick wins within three months" if quick else "")
        nxt += ", and build the improvement roadmap on them."
    paragraphs.append(nxt)
    return "\n\n".join(paragraphs)
