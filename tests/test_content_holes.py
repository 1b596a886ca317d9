"""Content that once passed ``omm validate`` or took it down: each is refused with one clear line.

Every case breaks a copy of the fixture content one way and runs ``omm validate``
on it: exit 1, exactly one ``file:line: field: message`` on stderr, no traceback, and
the rest of the content still loads. Time and memory of these cases are measured by
``bench/bench_validate_holes.py``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from app.content import load_content

FIXTURE = Path(__file__).parent / "fixtures" / "content"
MODEL = Path("maturity_models") / "mini.yaml"
QUESTIONNAIRE = Path("questionnaires") / "mini-q.yaml"
CATALOGUE = Path("questionnaires") / "catalogue.yaml"

ALIAS_BOMB = """kind: glossary
id: bomb
version: "1"
name: {en: Bomb, zh: 炸弹}
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
terms: [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""

PLANNING_WITH_CYCLE = """kind: planning_library
id: mini-plan
version: "1"
name: {en: Plan, zh: 计划}
model: mini
objectives:
  - {id: o1, name: {en: Faster, zh: 更快}, description: {en: Faster, zh: 更快}, domains: [change]}
initiatives:
  - id: i1
    name: {en: One, zh: 一}
    description: {en: One, zh: 一}
    capabilities: [change.approval]
    effort: low
    impact: high
    duration_months: 2
    dependencies: [i2]
  - id: i2
    name: {en: Two, zh: 二}
    description: {en: Two, zh: 二}
    capabilities: [change.rollback]
    effort: low
    impact: high
    duration_months: 2
    dependencies: [i1]
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Exit code and the error lines of ``omm validate --content ROOT`` (no traceback allowed)."""
    code = main(["validate", "--content", str(root)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, [line.removeprefix("error  ") for line in err.splitlines() if line.startswith("error  ")]


def _huge_int(root: Path) -> None:
    edit(root / MODEL, "    weight: 2\n", "    weight: " + "9" * 5000 + "\n")


def _inf_weight(root: Path) -> None:
    edit(root / MODEL, "    weight: 2\n", "    weight: .inf\n")


def _nan_threshold(root: Path) -> None:
    edit(root / QUESTIONNAIRE, "{level: 2, at_least: 25}", "{level: 2, at_least: .nan}")


def _duplicate_key(root: Path) -> None:
    edit(root / MODEL, "name: {en: Rollback, zh: 回滚}", "name: {en: Rollback, en: Roll back, zh: 回滚}")


def _blank_text(root: Path) -> None:
    edit(root / MODEL, "name: {en: Rollback, zh: 回滚}", "name: {en: ' ', zh: 回滚}")


def _boolean_text(root: Path) -> None:
    edit(root / MODEL, "name: {en: Rollback, zh: 回滚}", "name: {en: No, zh: 回滚}")


def _directory(root: Path) -> None:
    (root / "maturity_models" / "extra.yaml").mkdir()


def _self_link(root: Path) -> None:
    os.symlink("loop.yaml", root / "maturity_models" / "loop.yaml")


def _dangling_link(root: Path) -> None:
    os.symlink("gone.yaml", root / "maturity_models" / "dangling.yaml")


def _nul_byte(root: Path) -> None:
    edit(root / MODEL, "name: {en: Rollback, zh: 回滚}", "name: {en: Roll\x00back, zh: 回滚}")


def _latin1(root: Path) -> None:
    path = root / MODEL
    data = path.read_bytes().replace(b"Rollback plans", "Rollback caf\u00e9".encode("latin-1"), 1)
    path.write_bytes(data)


def _alias_bomb(root: Path) -> None:
    (root / "questionnaires" / "bomb.yaml").write_text(ALIAS_BOMB, encoding="utf-8")


def _self_alias(root: Path) -> None:
    (root / "questionnaires" / "recursive.yaml").write_text(
        'kind: glossary\nid: rec\nversion: "1"\nname: {en: R, zh: R}\nterms: &t [*t]\n', encoding="utf-8")


def _planning_cycle(root: Path) -> None:
    (root / "questionnaires" / "plan.yaml").write_text(PLANNING_WITH_CYCLE, encoding="utf-8")


# case -> (break it, the file named, the line, text the message must contain)
CASES: dict[str, tuple[Callable[[Path], None], str, int | None, str]] = {
    "huge integer": (_huge_int, "maturity_models/mini.yaml", 18, "5,000 digits is too large"),
    "infinite weight": (_inf_weight, "maturity_models/mini.yaml:18: domains[0].weight", 18, "finite number"),
    "nan threshold": (_nan_threshold, "questionnaires/mini-q.yaml", 36, "finite number"),
    "duplicate key": (_duplicate_key, "maturity_models/mini.yaml:33: en", 33, "duplicate key (also on line 33)"),
    "blank text": (_blank_text, "domains[0].capabilities[1].name.en", 33, "empty or only spaces"),
    "boolean as text": (_boolean_text, "domains[0].capabilities[1].name.en", 33,
                        "YAML reads an unquoted No as the boolean false: put it in quotes ('No')"),
    "directory": (_directory, "maturity_models/extra.yaml", None, "a directory named like a content file"),
    "self link": (_self_link, "maturity_models/loop.yaml", None, "loops back on itself"),
    "dangling link": (_dangling_link, "maturity_models/dangling.yaml", None, "missing file (gone.yaml)"),
    "NUL byte": (_nul_byte, "maturity_models/mini.yaml", 33, "NUL byte"),
    "not UTF-8": (_latin1, "maturity_models/mini.yaml", 34, "not UTF-8 text"),
    "alias bomb": (_alias_bomb, "questionnaires/bomb.yaml", 11, "aliases expand this file to"),
    "alias in itself": (_self_alias, "questionnaires/recursive.yaml", 5, "endless nesting"),
    "planning cycle": (_planning_cycle, "questionnaires/plan.yaml:16: initiatives[0].dependencies", 16,
                       "dependency cycle i1 -> i2 -> i1"),
}


@pytest.mark.parametrize("case", CASES)
def test_broken_content_is_refused_with_one_located_line(content: Path, capsys, case: str) -> None:
    breaks, where, line, message = CASES[case]
    breaks(content)
    code, errors = validate(content, capsys)
    assert code == 1
    assert len(errors) == 1, errors
    (error,) = errors
    assert where in error and message in error, error
    if line is not None:
        assert error.split(": ")[0].endswith(f":{line}"), error
    library = load_content(content)
    assert len(library.problems) == 1 and library.problems[0].line == line
    assert library.catalogue is not None  # the rest still loads


def test_huge_integer_in_a_text_field_is_refused_too(content: Path, capsys) -> None:
    edit(content / MODEL, "unit: \"%\"", "unit: " + "1" * 4400)
    code, (error,) = validate(content, capsys)
    assert code == 1 and error.startswith("maturity_models/mini.yaml:") and "too large" in error


def test_aliases_that_reuse_a_value_a_few_times_still_load(content: Path) -> None:
    # the fixture model shares one levels mapping between three capabilities
    assert "*levels" in (content / MODEL).read_text(encoding="utf-8")
    assert load_content(content).ok


def test_yaml_that_composes_to_nothing_is_refused(content: Path, capsys) -> None:
    (content / "questionnaires" / "empty.yaml").write_text("# nothing here\n", encoding="utf-8")
    code, (error,) = validate(content, capsys)
    assert code == 1 and error.startswith("questionnaires/empty.yaml:1:") and "'kind'" in error


# --- several catalogue files -------------------------------------------------

FIRM_CATALOGUE = """kind: service_catalogue
id: firm-services
version: "1.0"
name: {en: Our services, zh: 我们的服务}
services:
  - id: security-review
    name: {en: Security review, zh: 安全评审}
    description: {en: Our own service, zh: 我们自己的服务}
    sizes: [standard]
    questionnaires: [mini-q]
    models: [mini]
    reports: [maturity]
"""


def test_a_second_catalogue_adds_its_services_and_borrows_roles(content: Path, capsys) -> None:
    (content / "questionnaires" / "firm.yaml").write_text(FIRM_CATALOGUE, encoding="utf-8")
    library = load_content(content)
    assert library.ok
    catalogue = library.catalogue
    assert catalogue is not None
    assert [s.id for s in catalogue.services] == ["diagnosis-basic", "diagnosis-professional", "security-review"]
    assert [r.id for r in catalogue.roles] == ["executive", "sre"]
    assert main(["validate", "--json", "--content", str(content)]) == 0
    import json

    files = json.loads(capsys.readouterr().out)["files"]
    listed = {(f["path"], f["id"]) for f in files if f["kind"] == "service_catalogue"}
    assert listed == {("questionnaires/catalogue.yaml", "mini-services"), ("questionnaires/firm.yaml", "firm-services")}


def test_a_service_id_defined_in_two_catalogues_names_both_files(content: Path, capsys) -> None:
    (content / "questionnaires" / "firm.yaml").write_text(
        FIRM_CATALOGUE.replace("id: security-review", "id: diagnosis-basic"), encoding="utf-8")
    code, (error,) = validate(content, capsys)
    assert code == 1
    assert error.startswith("questionnaires/firm.yaml:6: services[0].id: service id 'diagnosis-basic'")
    assert "also defined in questionnaires/catalogue.yaml:12" in error
    assert [s.id for s in load_content(content).catalogue.services] == ["diagnosis-basic", "diagnosis-professional"]


def test_a_role_id_defined_in_two_catalogues_names_both_files(content: Path, capsys) -> None:
    firm = FIRM_CATALOGUE.replace(
        "services:\n", "roles:\n  - {id: sre, name: {en: SRE, zh: SRE}, description: {en: E, zh: E}}\nservices:\n")
    (content / "questionnaires" / "firm.yaml").write_text(firm, encoding="utf-8")
    code, (error,) = validate(content, capsys)
    assert code == 1
    assert "questionnaires/firm.yaml:6: roles[0].id: role id 'sre' is also defined in" in error
    assert "questionnaires/catalogue.yaml:7" in error


def test_checks_and_loader_do_not_import_each_other() -> None:
    import ast

    source = (Path(__file__).parent.parent / "app" / "content" / "checks.py").read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert "app.content.loader" not in imported
