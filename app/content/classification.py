"""The controlled lists benchmarks group by: industries and company sizes (``classification.yaml``).

Industry was free text ("Retail", "retail banking", "零售"): two consultants never typed it
alike, so no benchmark could group like with like, and a Chinese report printed the English
word. A customer now carries one entry of each list, chosen once in the setup form (or
mapped from its free text when an older database is upgraded), and keeps its own words
beside it. Pure data and lookups: storage (the upgrade), services and screens all read it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import Field

from app.content.schema import ContentId, Strict, Text

UNMAPPED = ""  # a customer whose free text matched no entry: shown as "unmapped", grouped with none
_FILE = Path(__file__).with_name("classification.yaml")


class Industry(Strict):
    id: ContentId
    name: Text
    aliases: tuple[str, ...] = ()


class Size(Strict):
    id: ContentId
    name: Text
    max_it_staff: int | None = Field(default=None, ge=0)  # None: no upper bound (the last size)


class Classification(Strict):
    kind: str
    version: str
    industries: tuple[Industry, ...]
    sizes: tuple[Size, ...]

    def industry(self, industry_id: str) -> Industry | None:
        return next((i for i in self.industries if i.id == industry_id), None)

    def size(self, size_id: str) -> Size | None:
        return next((s for s in self.sizes if s.id == size_id), None)


@lru_cache(maxsize=1)
def classification() -> Classification:
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    return Classification.model_validate(data)


def _key(text: str) -> str:
    return " ".join(text.replace("&", " and ").split()).strip().lower()


def industry_for_text(text: str) -> str:
    """The entry a customer's own words name without doubt, else ``UNMAPPED``.

    Only exact names and listed aliases count ("Retail" yes, "Retail and banking" no): a
    guess would put a customer in the wrong benchmark group, where nobody notices it.
    """
    key = _key(text)
    if not key:
        return UNMAPPED
    for industry in classification().industries:
        names = {_key(industry.id), _key(industry.name.en), _key(industry.name.zh),
                 *(_key(a) for a in industry.aliases)}
        if key in names:
            return industry.id
    return UNMAPPED


def size_for_headcount(it_headcount: int | None) -> str:
    """The size band of an IT headcount (``UNMAPPED`` when the headcount is not known)."""
    if it_headcount is None or it_headcount < 0:
        return UNMAPPED
    for size in classification().sizes:
        if size.max_it_staff is None or it_headcount <= size.max_it_staff:
            return size.id
    return UNMAPPED


def industry_name(industry_id: str, lang: str) -> str | None:
    """The entry's name in ``lang``; None for an unmapped or unknown id (the caller says "unmapped")."""
    entry = classification().industry(industry_id) if industry_id else None
    return entry.name.get(lang) if entry else None


def size_name(size_id: str, lang: str) -> str | None:
    entry = classification().size(size_id) if size_id else None
    return entry.name.get(lang) if entry else None
