"""Bilingual text and the few generated words the diagnosis needs in both languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LANGS = ("en", "zh")


@dataclass(frozen=True)
class Bilingual:
    """A text in English and Simplified Chinese; either may be empty while a consultant writes."""

    en: str = ""
    zh: str = ""

    def get(self, lang: str) -> str:
        """The text in ``lang``; the other language only when this one was never written."""
        own = self.zh if lang == "zh" else self.en
        return own or (self.en if lang == "zh" else self.zh)

    def with_lang(self, lang: str, text: str) -> Bilingual:
        return Bilingual(en=self.en, zh=text) if lang == "zh" else Bilingual(en=text, zh=self.zh)

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}

    @classmethod
    def from_dict(cls, data: Any) -> Bilingual:
        if isinstance(data, str):
            return cls(en=data)
        data = data or {}
        return cls(en=str(data.get("en", "")), zh=str(data.get("zh", "")))

    @classmethod
    def of(cls, text: Any) -> Bilingual:
        """From a content ``Text`` (anything with ``en`` and ``zh``)."""
        return cls(en=getattr(text, "en", ""), zh=getattr(text, "zh", ""))


def level(value: float | None) -> str:
    """A level as every screen and report prints it (rounding is the scoring layer's; this only formats)."""
    return "–" if value is None else f"{value:.2f}"


def number(value: float) -> str:
    """A measured value as a reader takes it in: no trailing zeros, whole numbers from 100, one
    decimal from 1 ("8.9 minutes", not "8.85"), two below 1 ("0.55 incidents per launch")."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.1f}".removesuffix(".0")
    return f"{value:.2f}".rstrip("0").rstrip(".")


# Units written in the content (English only there), in Chinese. A unit not listed is
# translated word by word from ``_UNIT_WORDS``; the test on Chinese reports catches a gap.
UNIT_ZH = {
    "%": "%", "% of team capacity": "%（团队产能）", "% of working time": "%（工作时间）",
    "alerts per day": "条告警/天", "areas": "个领域", "breaches per quarter": "次违约/季度",
    "changes per month": "次变更/月", "count": "个", "days": "天", "engineers per site": "名工程师/站点",
    "engineers": "名工程师", "handovers": "次移交", "hours": "小时", "incidents per 12-hour shift": "起事件/12小时班次",
    "incidents per launch": "起事件/次上线", "incidents per quarter": "起事件/季度", "incidents per service": "起事件/服务",
    "incidents": "起事件", "minutes": "分钟", "open actions": "项未关闭行动", "people per 24x7 seat": "人/7×24席位",
    "people": "人", "score (1-5)": "分（1-5）", "trained incident commanders": "名受训事件指挥官", "weeks": "周",
    "working days": "个工作日", "departments": "个部门", "interruptions per day": "次打断/天",
    "pages per 12-hour shift": "次呼叫/12小时班次", "pages per shift": "次呼叫/班次", "pages per week": "次呼叫/周",
    "roles": "个角色", "records": "条记录", "months": "个月", "per cent": "%",
}
_UNIT_WORDS = {
    "per": "/", "day": "天", "days": "天", "week": "周", "weeks": "周", "month": "月", "months": "月",
    "quarter": "季度", "year": "年", "hour": "小时", "hours": "小时", "minute": "分钟", "minutes": "分钟",
    "incidents": "起事件", "incident": "起事件", "changes": "次变更", "alerts": "条告警", "people": "人",
    "shift": "班次", "service": "服务", "site": "站点",
}


def unit(text: str, lang: str) -> str:
    """A unit from the content in the report's language."""
    if lang != "zh" or not text:
        return text
    key = text.strip()
    if key in UNIT_ZH:
        return UNIT_ZH[key]
    words = re.findall(r"[A-Za-z]+|[^A-Za-z\s]+", key)
    return "".join(_UNIT_WORDS.get(w.lower(), w) for w in words)


def with_unit(value: str, unit_text: str, lang: str) -> str:
    if unit_text.strip() == "count" and lang != "zh":  # "6", not "6 count"
        return value
    u = unit(unit_text, lang)
    if not u:
        return value
    if lang == "zh" or u.startswith("%"):
        return f"{value}{u}" if u.startswith("%") or lang == "zh" else f"{value} {u}"
    return f"{value} {u}"


def join(items: list[str], lang: str) -> str:
    """A list in a sentence: "a, b and c" / "a、b和c"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]
