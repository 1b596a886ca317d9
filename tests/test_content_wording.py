"""A model's report wording (``wording:``): validated, listed by ``omm validate --json``, warned about."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from app.cli import main
from app.content import load_content

FIXTURE = Path(__file__).parent / "fixtures" / "content"
MODEL = Path("maturity_models") / "mini.yaml"


def _with_wording(tmp_path: Path, wording: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    path = root / MODEL
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("wording: {subject: {en: O&M, zh: 运维}}\n", wording), encoding="utf-8")
    return root


def test_validate_lists_the_titles_a_model_gives_its_reports(tmp_path, capsys):
    root = _with_wording(tmp_path, "wording:\n  subject: {en: data protection, zh: 数据保护}\n"
                                   "  titles:\n    survey: {en: Privacy survey, zh: 隐私调研}\n")
    assert main(["validate", "--json", "--content", str(root)]) == 0
    listing = json.loads(capsys.readouterr().out)
    model = next(f for f in listing["files"] if f["id"] == "mini")
    assert model["titles"] == {
        "survey": {"en": "Privacy survey", "zh": "隐私调研"},
        "diagnosis": {"en": "Data protection diagnosis report", "zh": "数据保护诊断报告"},
        "maturity": {"en": "Data protection maturity assessment report", "zh": "数据保护成熟度评估报告"},
    }
    assert not listing["warnings"] or all("wording" not in w["field"] for w in listing["warnings"])


def test_a_title_for_an_unknown_report_kind_is_refused_with_its_line(tmp_path, capsys):
    root = _with_wording(tmp_path, "wording:\n  titles:\n    audit: {en: Audit, zh: 审计}\n")
    line = (root / MODEL).read_text(encoding="utf-8").splitlines().index("    audit: {en: Audit, zh: 审计}") + 1
    assert main(["validate", "--content", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"maturity_models/mini.yaml:{line}: wording.titles.audit" in err and "survey" in err, err
    assert "Traceback" not in err


def test_wording_that_would_read_badly_is_warned_about(tmp_path, capsys):
    root = _with_wording(tmp_path, "wording:\n  subject: {en: O&M maturity, zh: 运维}\n"
                                   "  titles:\n    organization: {en: Org, zh: 组织}\n")
    library = load_content(root)
    assert library.ok, library.problems
    fields = {w.field: w.message for w in library.warnings}
    assert "O&M maturity" in fields["wording.subject.en"] and "wording.subject.zh" not in fields
    assert "not used" in fields["wording.titles.organization"]


def test_a_model_without_wording_loads(tmp_path):
    root = _with_wording(tmp_path, "")
    library = load_content(root)
    assert library.ok and library.model("mini").wording.subject is None


def test_with_subject_closes_up_without_one(shipped_library):
    from app.content.wording import with_subject

    processes = shipped_library.model("om-processes")
    neutral = processes.model_copy(update={"wording": type(processes.wording)()})
    assert with_subject("Target {subject} organisation, roles", processes, "en") == "Target O&M organisation, roles"
    assert with_subject("Target {subject} organisation, roles", neutral, "en") == "Target organisation, roles"
    assert with_subject("目标{subject}组织", processes, "zh") == "目标运维组织"
    assert with_subject("目标{subject}组织", neutral, "zh") == "目标组织"
    assert with_subject("{subject} diagnosis", None, "en") == "Diagnosis"
