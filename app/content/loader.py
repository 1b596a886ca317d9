"""Load a content directory into a :class:`ContentLibrary`, collecting every problem.

A broken file never takes the application down: it is reported and skipped and the
rest loads. Every problem names the file, the line where YAML can tell it, the field
path and what was expected, so an author can fix all of them in one pass.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.content.schema import (
    CONTENT_KINDS,
    Glossary,
    KpiLibrary,
    MaturityModel,
    MaturityModelPart,
    NumericAnswer,
    OrganisationModel,
    PlanningLibrary,
    Questionnaire,
    QuestionnairePart,
    ServiceCatalogue,
)

CONTENT_SUBDIRS = ("maturity_models", "questionnaires")

try:  # the C loader is several times faster on the large questionnaires
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YamlLoader = yaml.SafeLoader


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

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


@dataclass
class ContentLibrary:
    root: Path
    models: dict[tuple[str, str], MaturityModel] = field(default_factory=dict)
    questionnaires: dict[tuple[str, str], Questionnaire] = field(default_factory=dict)
    catalogues: list[ServiceCatalogue] = field(default_factory=list)
    organisation_models: list[OrganisationModel] = field(default_factory=list)
    planning_libraries: list[PlanningLibrary] = field(default_factory=list)
    glossaries: list[Glossary] = field(default_factory=list)
    files: list[ContentFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
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
        return self.catalogues[0] if self.catalogues else None

    @property
    def ok(self) -> bool:
        return not self.problems


class ContentNotFound(LookupError):
    """Raised when an engagement names content that is not in the library."""


def _version_key(version: str) -> tuple:
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
    return items[(item_id, max(versions, key=_version_key))]


def default_content_root() -> Path:
    """The content shipped beside the package, unless ``OMM_CONTENT_DIR`` says otherwise."""
    env = os.environ.get("OMM_CONTENT_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent


def content_files(root: Path) -> list[Path]:
    dirs = [root / d for d in CONTENT_SUBDIRS if (root / d).is_dir()] or [root]
    files: list[Path] = []
    for d in dirs:
        files.extend(sorted(p for p in d.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
    return files


# --- YAML with line numbers ----------------------------------------------------


def _node_line(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node = value
                    line = key.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _field_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # discriminated unions add the tag name to the path; it helps nobody
            if part in ("levels", "yes_no", "numeric", "choice") and out.endswith("answer"):
                continue
            out += f".{part}" if out else str(part)
    return out


class _Parsed:
    """A parsed file; its node tree (for line numbers) is built only when a problem needs one."""

    def __init__(self, path: Path, rel: str, text: str, obj: Any) -> None:
        self.path = path
        self.rel = rel
        self.text = text
        self.obj = obj
        self._node: yaml.Node | None = None

    @property
    def node(self) -> yaml.Node | None:
        # Composing the node tree costs as much as parsing the file again, and is only
        # needed to say on which line a problem is: most loads never ask.
        if self._node is None:
            self._node = yaml.compose(self.text, Loader=_YamlLoader)
        return self._node


def _read(path: Path, rel: str, problems: list[Problem]) -> _Parsed | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    except OSError as exc:
        problems.append(Problem(rel, None, "", f"cannot be read: {exc.strerror}"))
        return None
    try:
        obj = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(rel, line, "", f"malformed YAML: {problem}"))
        return None
    if not isinstance(obj, dict):
        problems.append(Problem(rel, 1, "", "expected a mapping with a 'kind' field at the top"))
        return None
    return _Parsed(path, rel, text, obj)


def _validate(parsed: _Parsed, problems: list[Problem]) -> Any | None:
    kind = parsed.obj.get("kind")
    schema = CONTENT_KINDS.get(kind) if isinstance(kind, str) else None
    if schema is None:
        problems.append(
            Problem(
                parsed.rel,
                _node_line(parsed.node, ["kind"]),
                "kind",
                f"expected one of {', '.join(sorted(CONTENT_KINDS))}, got {kind!r}",
            )
        )
        return None
    try:
        return schema.model_validate(parsed.obj)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            problems.append(
                Problem(parsed.rel, _node_line(parsed.node, loc), _field_path(loc), _message(err))
            )
        return None


def _message(err: dict[str, Any]) -> str:
    msg = err["msg"]
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "extra_forbidden":
        return "unknown field (check the spelling)"
    if err["type"] == "string_pattern_mismatch":
        return f"expected an id of lower-case letters, digits, '.', '_' or '-', got {err.get('input')!r}"
    return msg.removeprefix("Value error, ")


# --- load --------------------------------------------------------------------


CACHE_FORMAT = 3  # bump when ContentLibrary or the schemas change shape


def _fingerprint(root: Path) -> str:
    """Changes whenever a content file, or the code that validates it, changes."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{root.resolve()}".encode())
    code = Path(__file__).parent
    for path in [*content_files(root), *sorted(code.glob("*.py"))]:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:32]


def load_content_cached(root: Path | str | None = None, cache_dir: Path | None = None) -> ContentLibrary:
    """``load_content`` behind a cache of the validated result, for a fast start-up.

    Parsing and validating ~1.3 MB of YAML takes over a second; the cache is keyed
    by every file's size and modification time (and the loader's own code), so an
    edited file is always validated again. A damaged cache is ignored.
    """
    root = Path(root) if root is not None else default_content_root()
    if cache_dir is None:
        from platformdirs import user_cache_dir

        cache_dir = Path(os.environ.get("OMM_CACHE_DIR") or user_cache_dir("omm", appauthor=False))
    cache = cache_dir / f"content-{_fingerprint(root)}.pickle"
    try:
        with cache.open("rb") as fh:
            library = pickle.load(fh)
        if isinstance(library, ContentLibrary):
            return library
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    library = load_content(root)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("content-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".content-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(library, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return library


def load_content(root: Path | str | None = None) -> ContentLibrary:
    root = Path(root) if root is not None else default_content_root()
    library = ContentLibrary(root=root)
    problems = library.problems
    if not root.is_dir():
        problems.append(Problem(str(root), None, "", "content directory does not exist"))
        return library

    models: list[tuple[_Parsed, MaturityModel]] = []
    model_parts: list[tuple[_Parsed, MaturityModelPart]] = []
    questionnaires: list[tuple[_Parsed, Questionnaire]] = []
    questionnaire_parts: list[tuple[_Parsed, QuestionnairePart]] = []
    kpi_libraries: list[tuple[_Parsed, KpiLibrary]] = []
    others: list[tuple[_Parsed, Any]] = []

    for path in content_files(root):
        rel = os.path.relpath(path, root)
        parsed = _read(path, rel, problems)
        if parsed is None:
            continue
        item = _validate(parsed, problems)
        if item is None:
            if isinstance(parsed.obj.get("id"), str):
                library.failed_ids.add(parsed.obj["id"])
            continue
        if isinstance(item, MaturityModel):
            models.append((parsed, item))
        elif isinstance(item, MaturityModelPart):
            model_parts.append((parsed, item))
        elif isinstance(item, Questionnaire):
            questionnaires.append((parsed, item))
        elif isinstance(item, QuestionnairePart):
            questionnaire_parts.append((parsed, item))
        elif isinstance(item, KpiLibrary):
            # A shared KPI file is a part of every model it names: the KPIs merge (and are
            # checked for duplicates) exactly like a part's, and problems point into this file.
            kpi_libraries.append((parsed, item))
            for model_id in item.models:
                model_parts.append((parsed, MaturityModelPart(kind="maturity_model_part", model=model_id,
                                                              kpis=item.kpis)))
        else:
            others.append((parsed, item))

    from app.content.checks import (  # local: checks import loader's Problem
        check_catalogue,
        check_glossary,
        check_model,
        check_organisation,
        check_planning,
        check_questionnaire,
    )

    # Merge parts into their models: the parts of one model are authored separately
    # so several people can work on one model at once.
    origins: dict[tuple[str, str], _Origins] = {}
    for parsed, model in _merge_parts(models, model_parts, problems, origins, owner_field="model",
                                      what="maturity model", fields=("domains", "kpis", "recommendations"),
                                      ordered="domains", order_field="domain_order"):
        key = (model.id, model.version)
        if key in library.models:
            problems.append(Problem(parsed.rel, _node_line(parsed.node, ["id"]), "id",
                                    f"duplicate maturity model {model.id} version {model.version}"))
            continue
        model_problems = check_model(model, origins[(model.id, model.version)])
        if model_problems:
            problems.extend(model_problems)
            library.failed_ids.add(model.id)
            continue
        library.models[key] = model
        library.files.append(ContentFile(parsed.rel, "maturity_model", model.id, model.version,
                                         _model_counts(model)))
        for part_parsed, part in model_parts:
            if any(part_parsed is lp for lp, _ in kpi_libraries):
                continue
            if part.model == model.id and part.version in (None, model.version):
                library.files.append(ContentFile(part_parsed.rel, "maturity_model_part", model.id, model.version,
                                                 _model_counts(part)))

    for parsed, kpi_library in kpi_libraries:
        library.files.append(ContentFile(parsed.rel, "kpi_library", kpi_library.id, kpi_library.version,
                                         {"kpis": len(kpi_library.kpis), "models": len(kpi_library.models)}))

    catalogues = [(p, i) for p, i in others if isinstance(i, ServiceCatalogue)]
    role_ids: set[str] | None = None
    if catalogues:
        role_ids = {r.id for _, c in catalogues for r in c.roles}

    q_origins: dict[tuple[str, str], _Origins] = {}
    for parsed, questionnaire in _merge_parts(questionnaires, questionnaire_parts, problems, q_origins,
                                              owner_field="questionnaire", what="questionnaire",
                                              fields=("sections",), ordered="sections",
                                              order_field="section_order"):
        key = (questionnaire.id, questionnaire.version)
        if key in library.questionnaires:
            problems.append(Problem(parsed.rel, _node_line(parsed.node, ["id"]), "id",
                                    f"duplicate questionnaire {questionnaire.id} version {questionnaire.version}"))
            continue
        q_problems = check_questionnaire(questionnaire, q_origins[key], library, role_ids)
        if q_problems:
            problems.extend(q_problems)
            library.failed_ids.add(questionnaire.id)
            continue
        library.questionnaires[key] = _with_kpi_thresholds(questionnaire, library.model(questionnaire.model))
        library.files.append(ContentFile(parsed.rel, "questionnaire", questionnaire.id, questionnaire.version,
                                         _questionnaire_counts(questionnaire)))
        for part_parsed, part in questionnaire_parts:
            if part.questionnaire == questionnaire.id and part.version in (None, questionnaire.version):
                library.files.append(ContentFile(part_parsed.rel, "questionnaire_part", questionnaire.id,
                                                 questionnaire.version, _questionnaire_counts(part)))

    checkers = {
        ServiceCatalogue: (check_catalogue, library.catalogues),
        OrganisationModel: (check_organisation, library.organisation_models),
        PlanningLibrary: (check_planning, library.planning_libraries),
        Glossary: (check_glossary, library.glossaries),
    }
    for parsed, item in sorted(others, key=lambda pi: not isinstance(pi[1], ServiceCatalogue)):
        check, target = checkers[type(item)]
        item_problems = check(item, _Origins(parsed, ()), library)
        if item_problems:
            problems.extend(item_problems)
            continue
        if any(existing.id == item.id for existing in target):
            problems.append(Problem(parsed.rel, _node_line(parsed.node, ["id"]), "id",
                                    f"duplicate {item.kind} id {item.id}"))
            continue
        target.append(item)
        library.files.append(ContentFile(parsed.rel, item.kind, item.id, item.version, _counts(item)))

    library.files.sort(key=lambda f: f.path)
    return library


def _with_kpi_thresholds(questionnaire: Questionnaire, model: MaturityModel) -> Questionnaire:
    """Numeric questions that name a KPI and give no thresholds are scored on the KPI's table."""
    tables = {k.id: k.thresholds for k in model.kpis if k.thresholds}

    def fill(question: Any) -> Any:
        answer = question.answer
        if isinstance(answer, NumericAnswer) and answer.kpi in tables and not answer.thresholds:
            return question.model_copy(update={"answer": answer.model_copy(update={"thresholds": tables[answer.kpi]})})
        return question

    if not tables:
        return questionnaire
    sections = tuple(s.model_copy(update={"questions": tuple(fill(q) for q in s.questions)})
                     for s in questionnaire.sections)
    return questionnaire.model_copy(update={"sections": sections})


def _model_counts(item: MaturityModel | MaturityModelPart) -> dict[str, int]:
    return {
        "domains": len(item.domains),
        "capabilities": sum(len(d.capabilities) for d in item.domains),
        "kpis": len(item.kpis),
        "recommendations": len(item.recommendations),
    }


def _questionnaire_counts(item: Questionnaire | QuestionnairePart) -> dict[str, int]:
    return {"sections": len(item.sections), "questions": sum(len(s.questions) for s in item.sections)}


def _counts(item: Any) -> dict[str, int]:
    if isinstance(item, ServiceCatalogue):
        return {"services": len(item.services), "roles": len(item.roles)}
    if isinstance(item, OrganisationModel):
        return {"roles": len(item.roles), "templates": len(item.templates), "raci": len(item.raci)}
    if isinstance(item, PlanningLibrary):
        return {"objectives": len(item.objectives), "initiatives": len(item.initiatives)}
    if isinstance(item, Glossary):
        return {"terms": len(item.terms)}
    return {}


class _Origins:
    """Maps a location in a merged model back to the file and line it came from."""

    def __init__(self, main: _Parsed, names: tuple[str, ...]) -> None:
        self.main = main
        self.lists: dict[str, list[tuple[_Parsed, int]]] = {name: [] for name in names}

    def add(self, parsed: _Parsed, field_name: str, count: int) -> None:
        self.lists[field_name].extend((parsed, i) for i in range(count))

    def __call__(self, loc: list[Any]) -> tuple[str, int | None]:
        if len(loc) >= 2 and loc[0] in self.lists and isinstance(loc[1], int) and loc[1] < len(self.lists[loc[0]]):
            parsed, local = self.lists[loc[0]][loc[1]]
            return parsed.rel, _node_line(parsed.node, [loc[0], local, *loc[2:]])
        return self.main.rel, _node_line(self.main.node, loc)


def _merge_parts(
    wholes: list[tuple[_Parsed, Any]],
    parts: list[tuple[_Parsed, Any]],
    problems: list[Problem],
    origins: dict[tuple[str, str], _Origins],
    *,
    owner_field: str,
    what: str,
    fields: tuple[str, ...],
    ordered: str,
    order_field: str,
) -> Iterator[tuple[_Parsed, Any]]:
    """Append each part's lists (domains, sections...) to the model or questionnaire it names.

    Parts let several authors work on one model at once. ``order_field`` (e.g.
    ``domain_order``) puts the ``ordered`` list back in the intended order, since parts
    load in file-name order; ``origins`` remembers where every item came from so that
    problems still point into the right file and line.
    """
    by_id: dict[str, list[tuple[_Parsed, Any]]] = {}
    for parsed, part in parts:
        by_id.setdefault(getattr(part, owner_field), []).append((parsed, part))
    known = {w.id for _, w in wholes}
    versions = {(w.id, w.version) for _, w in wholes}
    for owner_id, items in by_id.items():
        for parsed, part in items:
            if owner_id not in known:
                problems.append(Problem(parsed.rel, _node_line(parsed.node, [owner_field]), owner_field,
                                        f"part of unknown {what} {owner_id!r}"))
            elif part.version is not None and (owner_id, part.version) not in versions:
                problems.append(Problem(parsed.rel, _node_line(parsed.node, ["version"]), "version",
                                        f"{what} {owner_id!r} version {part.version} is not installed"))
    for parsed, whole in wholes:
        extra = [(p, part) for p, part in by_id.get(whole.id, []) if part.version in (None, whole.version)]
        origin = _Origins(parsed, fields)
        for source, item in [(parsed, whole), *extra]:
            for name in fields:
                origin.add(source, name, len(getattr(item, name)))
        origins[(whole.id, whole.version)] = origin
        if extra:
            merged = {name: getattr(whole, name) + tuple(x for _, p in extra for x in getattr(p, name))
                      for name in fields}
            declared = getattr(whole, order_field)
            if declared:
                rank = {item_id: i for i, item_id in enumerate(declared)}
                items = merged[ordered]
                order = sorted(range(len(items)), key=lambda i: (rank.get(items[i].id, len(rank)), i))
                origin.lists[ordered] = [origin.lists[ordered][i] for i in order]
                merged[ordered] = tuple(items[i] for i in order)
            whole = whole.model_copy(update=merged)
        yield parsed, whole
