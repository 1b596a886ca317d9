"""The types that the loader and the cross-reference checks share.

They live here, below both, so that ``checks`` and ``loader`` do not import each
other: the loader builds a :class:`ContentLibrary` and hands it to the checks, the
checks return :class:`Problem` s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.content.schema import (
    Glossary,
    MaturityModel,
    OrganisationModel,
    PlanningLibrary,
    Questionnaire,
    ServiceCatalogue,
)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    # "error" makes the file (or the whole content) refuse to load; "warning" only says
    # what a report will lack (no recommendations, no Chinese...).
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class ContentFile:
    """One file that loaded, for ``omm validate --json``."""

    path: str
    kind: str
    id: str
    version: str | None
    counts: dict[str, int]
    languages: tuple[str, ...] = ("en", "zh")
    # A maturity model's report titles, per kind and language (app.content.wording), to check them.
    titles: dict[str, dict[str, str]] = field(default_factory=dict)


class ContentNotFound(LookupError):
    """Raised when an engagement names content that is not in the library."""


@dataclass
class ContentLibrary:
    root: Path
    models: dict[tuple[str, str], MaturityModel] = field(default_factory=dict)
    questionnaires: dict[tuple[str, str], Questionnaire] = field(default_factory=dict)
    # Every catalogue file that loaded, in file-name order; ``catalogue`` is their union.
    catalogues: list[ServiceCatalogue] = field(default_factory=list)
    organisation_models: list[OrganisationModel] = field(default_factory=list)
    planning_libraries: list[PlanningLibrary] = field(default_factory=list)
    glossaries: list[Glossary] = field(default_factory=list)
    files: list[ContentFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What a report would lack; the content still loads.
    warnings: list[Problem] = field(default_factory=list)
    # Ids of files that exist but did not load: references to them are not reported
    # again as "unknown", the file's own problems already say what is wrong.
    failed_ids: set[str] = field(default_factory=set)

    # -- lookups that pick the newest version unless one is asked for ---------
    def model(self, model_id: str, version: str | None = None) -> MaturityModel:
        return _pick(self.models, model_id, version, "maturity model")

    def questionnaire(self, questionnaire_id: str, version: str | None = None) -> Questionnaire:
        return _pick(self.questionnaires, questionnaire_id, version, "questionnaire")

    def latest_models(self) -> list[MaturityModel]:
        return [self.model(i) for i in sorted({k[0] for k in self.models})]

    def latest_questionnaires(self) -> list[Questionnaire]:
        return [self.questionnaire(i) for i in sorted({k[0] for k in self.questionnaires})]

    @property
    def catalogue(self) -> ServiceCatalogue | None:
        """The services and roles of every catalogue file, as one catalogue.

        A firm adds its own services in a file of its own beside the shipped one; ids
        that clash between files are reported by the loader and the later file skipped.
        """
        return merge_catalogues(self.catalogues)

    @property
    def ok(self) -> bool:
        return not self.problems


def merge_catalogues(catalogues: list[ServiceCatalogue]) -> ServiceCatalogue | None:
    """One catalogue holding the roles, sizing rules and services of every file, in file order."""
    if len(catalogues) <= 1:
        return catalogues[0] if catalogues else None
    return catalogues[0].model_copy(update={
        "roles": tuple(r for c in catalogues for r in c.roles),
        "sizing": tuple(s for c in catalogues for s in c.sizing),
        "services": tuple(s for c in catalogues for s in c.services),
    })


def version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


def _pick(items: dict[tuple[str, str], Any], item_id: str, version: str | None, what: str) -> Any:
    if version is not None:
        try:
            return items[(item_id, version)]
        except KeyError:
            raise ContentNotFound(f"{what} {item_id!r} version {version} is not installed") from None
    versions = [v for (i, v) in items if i == item_id]
    if not versions:
        raise ContentNotFound(f"{what} {item_id!r} is not installed")
    return items[(item_id, max(versions, key=version_key))]


ANSWER_TAGS = ("levels", "yes_no", "numeric", "choice")


def field_path(loc: Iterable[Any]) -> str:
    """A pydantic error location as an author reads it: ``domains[0].capabilities[1].name``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # discriminated unions add the tag name to the path; it helps nobody
            if part in ANSWER_TAGS and out.endswith("answer"):
                continue
            out += f".{part}" if out else str(part)
    return out
