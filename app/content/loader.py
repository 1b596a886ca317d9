"""Load a content directory into a :class:`ContentLibrary`, collecting every problem.

A broken file never takes the application down: it is reported and skipped and the
rest loads. Every problem names the file, the line where YAML can tell it, the field
path and what was expected, so an author can fix all of them in one pass.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.content.checks import (
    check_catalogue,
    check_catalogue_clashes,
    check_glossary,
    check_model,
    check_organisation,
    check_planning,
    check_questionnaire,
)
from app.content.library import (
    ANSWER_TAGS,
    ContentFile,
    ContentLibrary,
    ContentNotFound,
    Problem,
    field_path,
)
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
from app.content.wording import model_titles

__all__ = ["ContentFile", "ContentLibrary", "ContentNotFound", "Problem", "load_content", "load_content_cached"]

CONTENT_SUBDIRS = ("maturity_models", "questionnaires")

try:  # the C loader is several times faster on the large questionnaires
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YamlLoader = yaml.SafeLoader

# Bounds that keep a hostile or broken file from taking the application down at start-up.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_INT_DIGITS = 30  # far above any weight or threshold, far below Python's 4,300-digit limit
# An alias repeats the anchored value wherever it is used: legitimate reuse (one list of
# answer options for several questions) multiplies a file a few times; an "alias bomb"
# multiplies a 3 KB file into billions of entries. Cap the expanded size.
MAX_EXPANSION_FACTOR = 10
MAX_EXPANSION_SLACK = 10_000


def default_content_root() -> Path:
    """The content shipped beside the package, unless ``OMM_CONTENT_DIR`` says otherwise."""
    env = os.environ.get("OMM_CONTENT_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent


def content_files(root: Path) -> list[Path]:
    """Every path named *.yaml / *.yml, files or not: a directory or a broken link named
    like content is reported, not skipped silently."""
    dirs = [root / d for d in CONTENT_SUBDIRS if (root / d).is_dir()] or [root]
    files: list[Path] = []
    for d in dirs:
        files.extend(sorted(p for p in d.rglob("*") if p.suffix in (".yaml", ".yml")))
    return files


# --- YAML with line numbers ----------------------------------------------------


def _node_at(node: yaml.Node | None, loc: Iterable[Any]) -> tuple[yaml.Node | None, int | None]:
    """Follow a pydantic error location through the YAML node tree: (deepest node, its line)."""
    if node is None:
        return None, None
    line = node.start_mark.line + 1
    for part in loc:
        if part in ANSWER_TAGS and isinstance(node, yaml.MappingNode) and part not in _keys(node):
            continue  # the tag pydantic adds for the answer type is not a key in the file
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node = value
                    line = key.start_mark.line + 1
                    break
            else:
                return None, line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return None, line
    return node, line


def _keys(node: yaml.MappingNode) -> set[str]:
    return {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _node_line(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    return _node_at(node, loc)[1]


_field_path = field_path  # the name the rest of this module (and older callers) use


class _Parsed:
    """A parsed file with its node tree, which says on which line a problem is."""

    def __init__(self, path: Path, rel: str, node: yaml.Node, obj: Any) -> None:
        self.path = path
        self.rel = rel
        self.node = node
        self.obj = obj


def _line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def _read_bytes(path: Path, rel: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or one problem saying why a path named like content is not one."""
    try:
        if path.is_symlink() and not path.exists():
            try:
                os.stat(path)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    problems.append(Problem(rel, None, "", "symbolic link that loops back on itself"))
                else:
                    problems.append(Problem(rel, None, "", f"symbolic link to a missing file "
                                                           f"({os.readlink(path)})"))
                return None
        if path.is_dir():
            problems.append(Problem(rel, None, "", "a directory named like a content file (rename it)"))
            return None
        if not path.is_file():
            problems.append(Problem(rel, None, "", "not a regular file"))
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(rel, None, "", f"file of {size:,} bytes is larger than the "
                                                   f"{MAX_FILE_BYTES // (1024 * 1024)} MB a content file may be"))
            return None
        return path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, None, "", f"cannot be read: {exc.strerror or exc}"))
        return None


_TOP_ID = re.compile(rb"^id:[ \t]*['\"]?([a-z0-9][a-z0-9_.\-]*)", re.MULTILINE)


def _read(path: Path, rel: str, problems: list[Problem], failed_ids: set[str] | None = None) -> _Parsed | None:
    """Parse one file; when it cannot be, its top-level id (if one can be seen) goes to
    ``failed_ids`` so that references to it are not reported again as unknown."""
    data = _read_bytes(path, rel, problems)
    if data is None:
        return None
    before = len(problems)
    parsed = _parse(path, rel, data, problems)
    if parsed is None and failed_ids is not None and len(problems) > before:
        match = _TOP_ID.search(data)
        if match:
            failed_ids.add(match.group(1).decode("ascii"))
    return parsed


def _parse(path: Path, rel: str, data: bytes, problems: list[Problem]) -> _Parsed | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, _line_of(data, exc.start), "",
                                f"not UTF-8 text ({exc.reason}, byte 0x{data[exc.start]:02x}); "
                                f"save the file as UTF-8"))
        return None
    nul = text.find("\x00")
    if nul >= 0:
        problems.append(Problem(rel, _line_of(text, nul), "", "a NUL byte (\\0): not a text file, or damaged"))
        return None
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.append(Problem(rel, 1, "", "expected a mapping with a 'kind' field at the top"))
            return None
        found = _inspect_nodes(node, rel)
        if found:
            problems.extend(found)
            return None
        obj = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        if line is None and isinstance(getattr(exc, "position", None), int):
            line = _line_of(text, exc.position)  # reader errors: control characters
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(rel, line, "", f"malformed YAML: {problem}"))
        return None
    except (ValueError, OverflowError, RecursionError) as exc:  # pragma: no cover - _inspect_nodes guards
        problems.append(Problem(rel, None, "", f"cannot be read: {exc}"))
        return None
    finally:
        loader.dispose()
    if not isinstance(obj, dict):
        problems.append(Problem(rel, 1, "", "expected a mapping with a 'kind' field at the top"))
        return None
    return _Parsed(path, rel, node, obj)


_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _inspect_nodes(root: yaml.Node, rel: str) -> list[Problem]:
    """What the YAML reader would accept but content must not hold, before anything is built.

    Duplicate keys (YAML keeps the last silently), integers too long to convert, aliases
    that refer to themselves or expand the file beyond reason. One walk over the distinct
    nodes: an alias is the same node object reached twice, so the walk stays linear even
    for a file whose aliases expand to billions of entries.
    """
    problems: list[Problem] = []
    size: dict[int, int] = {}  # id(node) -> number of entries it expands to; -1 while on the path
    reused: dict[int, yaml.Node] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            children = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in children)
            continue
        if key in size:
            if size[key] < 0:
                problems.append(Problem(rel, node.start_mark.line + 1, "",
                                        "an alias refers to the value that contains it (endless nesting)"))
                return problems
            reused[key] = node
            continue
        if isinstance(node, yaml.ScalarNode):
            size[key] = 1
            if node.tag == _INT_TAG and len(node.value) > MAX_INT_DIGITS:
                problems.append(Problem(rel, node.start_mark.line + 1, "",
                                        f"a number of {len(node.value):,} digits is too large "
                                        f"(at most {MAX_INT_DIGITS})"))
            continue
        size[key] = -1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag != _MERGE_TAG:
                    if k.value in seen:
                        problems.append(Problem(rel, k.start_mark.line + 1, k.value,
                                                f"duplicate key (also on line {seen[k.value]}); "
                                                f"YAML would keep only the last one"))
                    else:
                        seen[k.value] = k.start_mark.line + 1
        stack.append((node, True))
        for child in reversed(_children(node)):
            stack.append((child, False))
    total = size[id(root)]
    allowed = MAX_EXPANSION_FACTOR * len(size) + MAX_EXPANSION_SLACK
    if total > allowed and not problems:
        anchor = max(reused.values(), key=lambda n: size[id(n)])
        problems.append(Problem(rel, anchor.start_mark.line + 1, "",
                                f"aliases expand this file to {total:,} entries (at most {allowed:,}); "
                                f"the value anchored here is repeated too often"))
    return problems


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


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
    languages = parsed.obj.get("languages")
    context = {"languages": tuple(languages) if isinstance(languages, list) else None}
    try:
        return schema.model_validate(parsed.obj, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            node, line = _node_at(parsed.node, loc)
            problems.append(Problem(parsed.rel, line, _field_path(loc), _message(err, node)))
        return None


def _message(err: Any, node: yaml.Node | None = None) -> str:
    msg = err["msg"]
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind == "string_pattern_mismatch":
        return f"expected an id of lower-case letters, digits, '.', '_' or '-', got {err.get('input')!r}"
    raw = node.value if isinstance(node, yaml.ScalarNode) else None
    if kind == "string_type" and isinstance(err.get("input"), bool) and raw is not None:
        return (f"expected text, but YAML reads an unquoted {raw} as the boolean {str(err['input']).lower()}: "
                f"put it in quotes ('{raw}')")
    if kind == "string_type" and isinstance(err.get("input"), int | float) and raw is not None:
        return f"expected text, but YAML reads {raw} as a number: put it in quotes ('{raw}')"
    if kind == "finite_number":
        return f"expected a finite number, got {raw if raw is not None else err.get('input')!r}"
    return msg.removeprefix("Value error, ")


# --- load --------------------------------------------------------------------


CACHE_FORMAT = 6  # bump when ContentLibrary or the schemas change shape

# The cache is JSON, validated again by the schemas on the way in: unlike a pickle, a
# file someone else planted in the cache folder cannot run code, only fail validation.
_CACHED_KEYED: dict[str, type] = {"models": MaturityModel, "questionnaires": Questionnaire}
_CACHED_LISTS: dict[str, type] = {
    "catalogues": ServiceCatalogue, "organisation_models": OrganisationModel,
    "planning_libraries": PlanningLibrary, "glossaries": Glossary,
}
_CACHED_RECORDS: dict[str, type] = {"files": ContentFile, "problems": Problem, "warnings": Problem}
_CACHED = {"root", "failed_ids", *_CACHED_KEYED, *_CACHED_LISTS, *_CACHED_RECORDS}


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


def library_to_json(library: ContentLibrary) -> str:
    """The library as JSON text: every content item as its schema dumps it, problems and files as fields."""
    data: dict[str, Any] = {"format": CACHE_FORMAT, "root": str(library.root),
                            "failed_ids": sorted(library.failed_ids)}
    for name in _CACHED_KEYED:
        data[name] = [item.model_dump(mode="json") for item in getattr(library, name).values()]
    for name in _CACHED_LISTS:
        data[name] = [item.model_dump(mode="json") for item in getattr(library, name)]
    for name in _CACHED_RECORDS:
        data[name] = [dataclasses.asdict(item) for item in getattr(library, name)]
    return json.dumps(data, ensure_ascii=False)


def library_from_json(text: str) -> ContentLibrary:
    """The library a cache file holds, every item validated by its schema (ValueError if anything is off)."""
    unknown = {f.name for f in dataclasses.fields(ContentLibrary)} - _CACHED
    if unknown:  # a field added to ContentLibrary that the cache does not know: never serve half a library
        raise ValueError(f"the content cache does not cover {sorted(unknown)}")
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError("not a content cache of this version")
    library = ContentLibrary(root=Path(data["root"]), failed_ids=set(data["failed_ids"]))
    for name, schema in _CACHED_KEYED.items():
        items = [schema.model_validate(x) for x in data[name]]
        setattr(library, name, {(x.id, x.version): x for x in items})
    for name, schema in _CACHED_LISTS.items():
        setattr(library, name, [schema.model_validate(x) for x in data[name]])
    for name, record in _CACHED_RECORDS.items():
        tuples = {f.name for f in dataclasses.fields(record) if str(f.type).startswith("tuple")}
        setattr(library, name, [record(**{k: tuple(v) if k in tuples else v for k, v in x.items()})
                                for x in data[name]])
    return library


def load_content_cached(root: Path | str | None = None, cache_dir: Path | None = None) -> ContentLibrary:
    """``load_content`` behind a cache of the validated result, for a fast start-up.

    Parsing and validating ~1.3 MB of YAML takes over a second; the cache is keyed
    by every file's size and modification time (and the loader's own code), so an
    edited file is always validated again. A damaged cache is ignored. The cache is
    JSON read back through the schemas, never a pickle: a file planted in the cache
    folder cannot run code.
    """
    root = Path(root) if root is not None else default_content_root()
    if cache_dir is None:
        from platformdirs import user_cache_dir

        cache_dir = Path(os.environ.get("OMM_CACHE_DIR") or user_cache_dir("omm", appauthor=False))
    cache = cache_dir / f"content-{_fingerprint(root)}.json"
    try:
        return library_from_json(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        pass
    library = load_content(root)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in [*cache_dir.glob("content-*.json"), *cache_dir.glob("content-*.pickle")]:
            old.unlink(missing_ok=True)  # older caches, and pickles from before (never loaded)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".content-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(library_to_json(library))
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
        parsed = _read(path, rel, problems, library.failed_ids)
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
        library.warnings.extend(p for p in model_problems if p.severity != "error")
        model_problems = [p for p in model_problems if p.severity == "error"]
        if model_problems:
            problems.extend(model_problems)
            library.failed_ids.add(model.id)
            continue
        library.models[key] = model
        library.files.append(ContentFile(parsed.rel, "maturity_model", model.id, model.version,
                                         _model_counts(model), tuple(model.languages), model_titles(model)))
        _warn_languages(library, parsed, model)
        if not model.recommendations:
            library.warnings.append(Problem(parsed.rel, None, "recommendations",
                                            "no recommendations: reports will list none"))
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
        # one problem in a value shared through an alias is reported once, not once per use
        unique: dict[tuple[str, int | None, str], Problem] = {}
        for found in check_questionnaire(questionnaire, q_origins[key], library, role_ids):
            unique.setdefault((found.file, found.line, found.message), found)
        q_problems = list(unique.values())
        if q_problems:
            problems.extend(p for p in q_problems if p.severity == "error")
            library.warnings.extend(p for p in q_problems if p.severity != "error")
            library.failed_ids.add(questionnaire.id)
            continue
        library.questionnaires[key] = _with_kpi_thresholds(questionnaire, library.model(questionnaire.model))
        library.files.append(ContentFile(parsed.rel, "questionnaire", questionnaire.id, questionnaire.version,
                                         _questionnaire_counts(questionnaire), tuple(questionnaire.languages)))
        _warn_languages(library, parsed, questionnaire)
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
    catalogue_origins: list[tuple[ServiceCatalogue, _Origins]] = []
    for parsed, item in sorted(others, key=lambda pi: not isinstance(pi[1], ServiceCatalogue)):
        check, target = checkers[type(item)]
        origin = _Origins(parsed, ())
        item_problems = check(item, origin, library)
        if isinstance(item, ServiceCatalogue) and not item_problems:
            item_problems = check_catalogue_clashes(item, origin, catalogue_origins)
        if item_problems:
            problems.extend(item_problems)
            continue
        if isinstance(item, ServiceCatalogue):
            catalogue_origins.append((item, origin))
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


def _warn_languages(library: ContentLibrary, parsed: _Parsed, item: Any) -> None:
    if "zh" not in item.languages:
        library.warnings.append(Problem(parsed.rel, _node_line(parsed.node, ["languages"]), "languages",
                                        "no Chinese: Chinese screens and reports show the English text"))


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
