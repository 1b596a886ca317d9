"""Every kind of content error, on small broken copies of the fixture content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.content import load_content

FIXTURE = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_content(root).problems]


def test_fixture_is_clean(content):
    library = load_content(content)
    assert library.ok and {f.kind for f in library.files} == {"maturity_model", "questionnaire", "service_catalogue"}


def test_malformed_yaml_names_file_and_line_and_rest_still_loads(content):
    (content / "maturity_models" / "broken.yaml").write_text("kind: maturity_model\nid: [unclosed\n", "utf-8")
    library = load_content(content)
    assert library.problems[0].file.endswith("broken.yaml") and library.problems[0].line == 3
    assert "malformed YAML" in library.problems[0].message
    assert library.model("mini") and library.questionnaire("mini-q")


def test_wrong_type_names_field_and_line(content):
    q = content / "questionnaires" / "mini-q.yaml"
    edit(q, "weight: 2", "weight: heavy")
    (msg,) = problems(content)
    assert msg.startswith("questionnaires/mini-q.yaml:25: sections[0].questions[1].weight:")


def test_missing_required_field_and_unknown_field(content):
    m = content / "maturity_models" / "mini.yaml"
    edit(m, "    weight: 2\n", "    wieght: 2\n")
    edit(m, "description: {en: A small model for tests, zh: 用于测试的小模型}\n", "")
    found = problems(content)
    assert any("domains[0].wieght: unknown field" in p for p in found)
    assert any(p.endswith("description: required field is missing") for p in found)


def test_missing_chinese_text(content):
    m = content / "maturity_models" / "mini.yaml"
    edit(m, "name: {en: Rollback, zh: 回滚}", "name: {en: Rollback}")
    assert any("domains[0].capabilities[1].name.zh: required field is missing" in p for p in problems(content))


def test_unknown_capability_and_unknown_model(content):
    q = content / "questionnaires" / "mini-q.yaml"
    edit(q, "capability: change.rollback", "capability: change.rolback")
    (msg,) = [p for p in problems(content) if "rolback" in p]
    assert msg.startswith("questionnaires/mini-q.yaml:") and "unknown capability 'change.rolback'" in msg
    edit(q, "model: mini", "model: maxi")
    assert any("model: unknown maturity model 'maxi'" in p for p in problems(content))


def test_duplicate_ids(content):
    q = content / "questionnaires" / "mini-q.yaml"
    edit(q, "- id: q2", "- id: q1")
    assert any("duplicate question id 'q1'" in p for p in problems(content))
    shutil.copy(content / "maturity_models" / "mini.yaml", content / "maturity_models" / "mini-copy.yaml")
    assert any("duplicate maturity model mini version 1.0" in p for p in problems(content))


def test_level_outside_scale(content):
    q = content / "questionnaires" / "mini-q.yaml"
    edit(q, "yes_level: 3", "yes_level: 7")
    (msg,) = problems(content)
    assert "answer.yes_level: level 7 is outside the scale 0-5" in msg
    m = content / "maturity_models" / "mini.yaml"
    edit(m, "to_level: 3", "to_level: 6")
    assert any("recommendations[0].to_level: level 6 is outside the scale" in p for p in problems(content))


def test_missing_level_descriptor(content):
    m = content / "maturity_models" / "mini.yaml"
    edit(m, "          5: {en: Risk-based automatic approval, zh: 基于风险自动审批}\n", "")
    # scoring does not need a descriptor per level: a warning, and the model still loads
    library = load_content(content)
    assert library.ok and library.model("mini")
    assert any("no level descriptor for levels [5]" in str(w) for w in library.warnings)


def test_unknown_kind_and_non_mapping(content):
    (content / "questionnaires" / "odd.yaml").write_text("kind: survey\nid: x\n", "utf-8")
    (content / "questionnaires" / "list.yaml").write_text("- 1\n- 2\n", "utf-8")
    found = problems(content)
    assert any("odd.yaml:1: kind: expected one of" in p for p in found)
    assert any("list.yaml:1: expected a mapping" in p for p in found)


def test_unknown_role_and_catalogue_reference(content):
    q = content / "questionnaires" / "mini-q.yaml"
    edit(q, "roles: [executive, sre]\nsections", "roles: [executive, sre, janitor]\nsections")
    assert any("roles[2]: unknown interviewee role 'janitor'" in p for p in problems(content))


def test_part_file_problems_point_into_the_part(content):
    part = content / "maturity_models" / "part.yaml"
    part.write_text(
        "kind: maturity_model_part\nmodel: mini\ndomains:\n  - id: extra\n    name: {en: E, zh: E}\n"
        "    description: {en: E, zh: E}\n    capabilities:\n      - id: extra.one\n"
        "        name: {en: One, zh: 一}\n        description: {en: d, zh: d}\n"
        "        levels: {0: {en: a, zh: a}, 1: {en: a, zh: a}, 9: {en: a, zh: a}}\n", "utf-8")
    found = problems(content)
    assert any(p.startswith("maturity_models/part.yaml:11: domains[2].capabilities[0].levels: levels [9]")
               for p in found), found


def test_unreadable_binary_file(content):
    (content / "questionnaires" / "binary.yaml").write_bytes(b"\xff\xfe\x00bad")
    assert any("binary.yaml:1: not UTF-8" in p for p in problems(content))


def test_parts_follow_the_declared_domain_order(content):
    part = content / "maturity_models" / "a-part.yaml"  # loads before mini.yaml's own domains would
    part.write_text(
        "kind: maturity_model_part\nmodel: mini\ndomains:\n  - id: aaa\n    name: {en: A, zh: A}\n"
        "    description: {en: A, zh: A}\n    capabilities:\n      - id: aaa.one\n"
        "        name: {en: One, zh: 一}\n        description: {en: d, zh: d}\n"
        "        levels: {0: {en: a, zh: a}, 1: {en: a, zh: a}, 2: {en: a, zh: a}, 3: {en: a, zh: a},"
        " 4: {en: a, zh: a}, 5: {en: a, zh: a}}\n", "utf-8")
    m = content / "maturity_models" / "mini.yaml"
    edit(m, "domains:\n", "domain_order: [incident, aaa, change]\ndomains:\n")
    library = load_content(content)
    assert library.ok, library.problems
    assert [d.id for d in library.model("mini").domains] == ["incident", "aaa", "change"]
    edit(m, "domain_order: [incident, aaa, change]", "domain_order: [incident, zzz]")
    assert any("domain_order[1]: unknown domain 'zzz'" in p for p in problems(content))


def test_cache_serves_the_same_library_and_notices_edits(content, tmp_path):
    import os

    from app.content import load_content_cached

    first = load_content_cached(content, cache_dir=tmp_path / "cache")
    again = load_content_cached(content, cache_dir=tmp_path / "cache")
    assert again.model("mini") == first.model("mini") and len(list((tmp_path / "cache").iterdir())) == 1
    q = content / "questionnaires" / "mini-q.yaml"
    edit(q, "How are changes approved?", "Who approves changes?")
    stat = q.stat()
    os.utime(q, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    edited = load_content_cached(content, cache_dir=tmp_path / "cache")
    assert edited.questionnaire("mini-q").sections[0].questions[0].text.en == "Who approves changes?"
    (next((tmp_path / "cache").iterdir())).write_bytes(b"garbage")
    assert load_content_cached(content, cache_dir=tmp_path / "cache").ok


def test_every_file_is_listed_and_parts_join_only_their_version(content):
    from app.content.loader import content_files

    part = content / "maturity_models" / "part-v2.yaml"
    part.write_text(
        "kind: maturity_model_part\nmodel: mini\nversion: '2.0'\ndomains:\n  - id: later\n"
        "    name: {en: L, zh: L}\n    description: {en: L, zh: L}\n    capabilities:\n      - id: later.one\n"
        "        name: {en: One, zh: 一}\n        description: {en: d, zh: d}\n"
        "        levels: {0: {en: a, zh: a}, 1: {en: a, zh: a}, 2: {en: a, zh: a}, 3: {en: a, zh: a},"
        " 4: {en: a, zh: a}, 5: {en: a, zh: a}}\n", "utf-8")
    library = load_content(content)
    assert "later" not in [d.id for d in library.model("mini").domains]  # version 1.0 only here
    assert [str(p) for p in library.problems] == [
        "maturity_models/part-v2.yaml:3: version: maturity model 'mini' version 2.0 is not installed"]
    part.unlink()
    library = load_content(content)
    assert {f.path for f in library.files} == {str(p.relative_to(content)) for p in content_files(content)}


SHARED_KPIS = """kind: kpi_library
id: shared
version: "1"
name: {en: Shared, zh: 共用}
models: [mini]
kpis:
  - id: rollback_share
    name: {en: Changes with a tested rollback, zh: 有经测试回滚方案的变更占比}
    definition: {en: Share of changes with a tested rollback plan, zh: 有经测试回滚方案的变更占比}
    unit: "%"
    direction: higher_is_better
    thresholds:
      - {level: 1, at_least: 0}
      - {level: 3, at_least: 60}
"""


def test_a_shared_kpi_joins_its_models_and_scores_questions_that_leave_out_thresholds(content):
    (content / "maturity_models" / "shared-kpis.yaml").write_text(SHARED_KPIS, "utf-8")
    q = content / "questionnaires" / "mini-q.yaml"
    edit(q, '          unit: "%"\n          minimum: 0\n          maximum: 100\n          thresholds:\n'
            '            - {level: 1, at_least: 0}\n            - {level: 2, at_least: 25}\n'
            '            - {level: 3, at_least: 50}\n            - {level: 4, at_least: 80}\n'
            '            - {level: 5, at_least: 95}\n',
         '          unit: "%"\n          kpi: rollback_share\n          minimum: 0\n          maximum: 100\n')
    library = load_content(content)
    assert library.ok, library.problems
    assert "rollback_share" in {k.id for k in library.model("mini").kpis}
    question = next(x for s in library.questionnaire("mini-q").sections for x in s.questions if x.id == "q3")
    assert [(t.level, t.at_least) for t in question.answer.thresholds] == [(1, 0), (3, 60)]
    listed = {(f.kind, f.id) for f in library.files}
    assert ("kpi_library", "shared") in listed and ("maturity_model_part", "mini") not in listed


def test_a_model_redefining_a_shared_kpi_and_a_question_with_other_thresholds_or_unit_are_reported(content):
    (content / "maturity_models" / "shared-kpis.yaml").write_text(
        SHARED_KPIS.replace("rollback_share", "change_fail_rate"), "utf-8")
    found = problems(content)
    assert any("shared-kpis.yaml" in p and "duplicate KPI id 'change_fail_rate'" in p for p in found), found

    (content / "maturity_models" / "shared-kpis.yaml").write_text(SHARED_KPIS, "utf-8")
    edit(content / "questionnaires" / "mini-q.yaml", '          unit: "%"\n          minimum: 0\n',
         '          unit: "%"\n          kpi: rollback_share\n          minimum: 0\n')
    found = problems(content)
    assert any("mini-q.yaml" in p and "thresholds differ from the scoring table of rollback_share" in p
               for p in found), found
    edit(content / "questionnaires" / "mini-q.yaml", '          unit: "%"\n          kpi: rollback_share',
         '          unit: changes\n          kpi: rollback_share')
    found = problems(content)
    assert any("unit 'changes' differs from the unit '%' of rollback_share" in p for p in found), found
