"""One registry of report kinds: a kind is declared once, and everything else reads it.

A ``ReportKind`` holds its id, its names in English and Chinese, how to build its
context from the engagement's inputs, the body of its built-in Word template, its
Excel writer and the charts each format shows. The export menu and dialog, the
CLI's ``--kind`` choices, the preview and the tests all read ``kinds()``.

Which services offer a kind is content, not code: the service catalogue lists each
service's report kinds (``ReportKind.offered_by(catalogue)``).

The built-in kinds are declared in ``app.reports.kinds`` (one ``register(...)`` each),
which the ``app.reports`` package imports first, so any reader of this module sees them.
This module and the declarations stay light: the heavy modules (context, Word, Excel)
are imported only when a report is built.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from app.errors import UserError

if TYPE_CHECKING:
    from app.content.schema import ServiceCatalogue


@dataclass(frozen=True)
class ReportOption:
    """A value a kind needs beyond the engagement (``omm report --NAME VALUE``), e.g. an interview guide's role."""

    name: str
    help: str
    required: bool = False


@dataclass(frozen=True)
class ReportOutline:
    """What a report will include, for the Export dialog's preview."""

    kind: str
    lang: str
    format: str
    title: str
    customer: str
    engagement: str
    sections: tuple[str, ...]
    charts: tuple[str, ...]
    models: tuple[str, ...]
    interviewees: int
    answers: int
    domains: int
    not_assessed: tuple[str, ...]
    notices: tuple[str, ...]
    template: str
    sheets: tuple[str, ...] = field(default=())


def _no_charts(context: Any, suffix: str) -> set[str]:
    return set()


@dataclass(frozen=True)
class ReportKind:
    """Everything about one kind of report.

    ``reads`` names what the kind is built from; the services layer reads it from storage,
    once, before anything is drawn (``app.services.report_inputs``): ``"scores"`` (the default:
    the scores, records, documents and diagnosis as ``ReportInputs``), ``"plan"``
    (``PlanningInputs``), ``"organisation"`` (``OrganisationInputs``) or ``"process-book"``
    (``ProcessesInputs``). ``build_context(inputs, lang)`` turns that into the context: an object
    with ``meta`` (``context.Meta``: see ``context.report_meta``), ``notices``, ``charts()``
    (ChartSpecs) and ``as_template_dict()`` (the names its Word template may use).
    ``word_template(lang, target)`` writes the built-in Word template (used when
    ``report_templates/<kind>.<lang>.docx`` is missing); ``excel_writer(context, images, out)``
    writes the workbook to ``out`` and returns the seconds spent saving. ``charts(context,
    suffix)``: the ids of the charts that format shows; ``chart_png(spec)`` draws one (default:
    ``api.chart_png`` over ``app.reports.charts``). ``outline(context, fmt, template_name)``:
    the Export dialog's preview (default: title, charts and notices).
    A kind with no ``build_context`` is declared but not available yet (menus show it disabled).
    """

    id: str
    names: Mapping[str, str]  # {"en": ..., "zh": ...}
    mnemonic: str = ""  # the menu's accelerator letter (in the English name)
    build_context: Callable[[Any, str], Any] | None = None
    word_template: Callable[[str, Path | str | io.BytesIO], None] | None = None
    excel_writer: Callable[[Any, Mapping[str, bytes], BinaryIO | Path], float] | None = None
    charts: Callable[[Any, str], set[str]] = _no_charts
    outline: Callable[[Any, str, str], ReportOutline] | None = None
    options: tuple[ReportOption, ...] = ()
    reads: str = "scores"  # what the context is built from (see above); the reading is a service's
    chart_png: Callable[[Any], bytes] | None = None  # (a context.ChartSpec) -> PNG bytes
    # A kind that composes its Word file in code (python-docx) instead of from a template:
    # ``word_writer(context, images, out)`` writes it and returns the seconds spent saving.
    word_writer: Callable[[Any, Mapping[str, bytes], BinaryIO | Path], float] | None = None
    aliases: tuple[str, ...] = ()  # other ids accepted for this kind (e.g. a spelling variant)
    # A kind written as a set of files into a folder (``--out DIR``) instead of one document:
    # ``folder_files(context, is_cancelled)`` renders every file in memory, name -> bytes; the
    # caller creates the folder and saves each file atomically.
    folder_files: Callable[[Any, Callable[[], bool] | None], Mapping[str, bytes]] | None = None

    @property
    def available(self) -> bool:
        return self.build_context is not None and (bool(self.formats) or self.writes_folder)

    @property
    def writes_folder(self) -> bool:
        return self.folder_files is not None

    @property
    def formats(self) -> tuple[str, ...]:
        word = self.word_template or self.word_writer
        return tuple(f for f, ok in ((".docx", word), (".xlsx", self.excel_writer)) if ok)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]

    def menu_text(self, lang: str) -> str:
        """"&Survey report..." / "调研报告(&S)…": the name with its accelerator, for a menu."""
        name = self.name(lang)
        if lang == "zh":
            return f"{name}(&{self.mnemonic.upper()})…" if self.mnemonic else f"{name}…"
        at = name.lower().find(self.mnemonic.lower()) if self.mnemonic else -1
        return (name[:at] + "&" + name[at:] if at >= 0 else name) + "..."

    def offered_by(self, catalogue: ServiceCatalogue | None) -> tuple[str, ...]:
        """The ids of the services whose deliverables include this kind (from the catalogue)."""
        if catalogue is None:
            return ()
        return tuple(s.id for s in catalogue.services if self.id in {str(r) for r in s.reports})


_KINDS: dict[str, ReportKind] = {}
_ALIASES: dict[str, str] = {}


def register(kind: ReportKind) -> ReportKind:
    """Declare a kind (or replace the declaration with the same id, keeping its place in the order)."""
    if not kind.id or not {"en", "zh"} <= set(kind.names):
        raise ValueError(f"report kind {kind.id!r} needs an id and names in en and zh")
    _KINDS[kind.id] = kind
    for alias in kind.aliases:
        _ALIASES[alias] = kind.id
    return kind


def kinds() -> tuple[ReportKind, ...]:
    """Every declared kind, in menu order."""
    return tuple(_KINDS.values())


def kind_ids() -> tuple[str, ...]:
    return tuple(k.id for k in kinds())


def available_ids() -> tuple[str, ...]:
    return tuple(k.id for k in kinds() if k.available)


def get(kind_id: str) -> ReportKind:
    """The kind, or one clear error naming the kinds there are."""
    kind = _KINDS.get(kind_id) or _KINDS.get(_ALIASES.get(kind_id, ""))
    if kind is None:
        raise UserError(f"unknown report kind {kind_id!r}; choose one of {', '.join(kind_ids())}")
    return kind


class KindChoices:
    """The kind ids for argparse's ``choices``, read from the registry only when needed.

    Building the ``omm`` parser for any command must not load the report machinery;
    argparse reads the choices when it checks ``--kind`` or prints the help.
    """

    def __contains__(self, value: object) -> bool:
        return value in kind_ids() or value in _ALIASES

    def __iter__(self) -> Iterator[str]:
        return iter(kind_ids())

    def __len__(self) -> int:
        return len(kind_ids())
