"""Joining sentences in English and Chinese without doubled or missing full stops.

Generated text often puts a sentence from the content or from the consultant after one of
its own ("Typical target: " + the KPI's typical target): the piece may or may not end with
its own full stop, so a template that adds one wrote "。。" and "..". Every such join goes
through ``sentence``/``sentences`` instead of adding the stop itself.
"""

from __future__ import annotations

from collections.abc import Iterable

STOP = {"en": ".", "zh": "。"}
# A sentence that already ends with one of these needs no stop (also inside a closing quote
# or bracket: 'as "agreed."', '（见附录。）').
_ENDS = ".!?。！？…"
_CLOSERS = "\"'”’)）]】」』》"
# Soft punctuation a piece may end with; the full stop replaces it (" ... ;." reads as a slip).
_SOFT = ",;:，；：、"


def sentence(text: str, lang: str) -> str:
    """``text`` as a sentence of ``lang``: with exactly one full stop at its end, or "" when empty."""
    out = text.strip()
    if not out:
        return ""
    core = out.rstrip(_CLOSERS)
    if core and core[-1] in _ENDS:
        return out
    if out[-1] in _SOFT:
        out = out.rstrip(_SOFT).rstrip()
        if not out:
            return ""
    return out + STOP["zh" if lang == "zh" else "en"]


def sentences(parts: Iterable[str], lang: str) -> str:
    """The non-empty ``parts`` as sentences one after the other ("A. B." / "甲。乙。")."""
    done = [s for s in (sentence(p, lang) for p in parts) if s]
    return ("" if lang == "zh" else " ").join(done)
