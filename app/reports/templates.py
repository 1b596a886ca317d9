"""The built-in Word templates: each kind's declared body on a TemplateWriter, saved as .docx.

``report_templates/<kind>.<lang>.docx`` are written from here (``write_all``), and a
missing template file falls back to ``template_bytes``. Kept apart from
template_builder (the writer) and template_content (the assessment kinds' sections),
so neither imports the other back.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from app.errors import UserError
from app.reports import registry
from app.reports.template_builder import TemplateWriter


def write_template(kind: str, lang: str, target: Path | str | io.BytesIO) -> None:
    declared = registry.get(kind)
    if declared.word_template is None:
        raise UserError(f"the {kind} report has no Word template")
    declared.word_template(lang, target)


def write_assessment_template(kind: str, lang: str, target: Path | str | io.BytesIO) -> None:
    """The survey, diagnosis and maturity templates: cover, introduction and the kind's sections."""
    from app.reports.template_content import build_body

    writer = TemplateWriter(lang, _words(lang))
    build_body(writer, kind)
    writer.save(target)


def template_bytes(kind: str, lang: str) -> bytes:
    buffer = io.BytesIO()
    write_template(kind, lang, buffer)
    return buffer.getvalue()


def write_all(directory: Path) -> list[Path]:
    """Every available kind's template in both languages (to refresh ``report_templates/``)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in registry.kinds():
        if not kind.available or kind.word_template is None:
            continue
        for lang in ("en", "zh"):
            path = directory / f"{kind.id}.{lang}.docx"
            write_template(kind.id, lang, path)
            written.append(path)
    return written


def _words(lang: str) -> Callable[[str], str]:
    from app.reports.template_content import WORDS

    table = WORDS[lang]
    return lambda key: table[key]
