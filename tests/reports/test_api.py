"""The build_report contract: templates, bad input, progress, cancel, no half-written files."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate

from app.errors import UserError
from app.reports import registry
from app.reports.api import SHIPPED_TEMPLATES, ReportCancelled
from app.reports.docx_render import jinja_environment
from app.reports.templates import template_bytes
from app.services.reports import build_report, describe_report, gather_for

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.mark.parametrize("kind", [k.id for k in registry.kinds() if k.available and k.word_template])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_uses_only_what_the_context_provides(kind, lang, library, repo, engagements):
    context = registry.get(kind).build_context(gather_for(kind, library, repo, engagements["tricky"], None, None),
                                               lang)
    provided = set(context.as_template_dict())
    committed = SHIPPED_TEMPLATES / f"{kind}.{lang}.docx"
    if kind in ("survey", "diagnosis", "maturity"):  # shipped as files a consultancy edits in Word
        assert committed.is_file(), "run report_templates/build_templates.py and commit the result"
    for source in ([committed] if committed.is_file() else []) + [io.BytesIO(template_bytes(kind, lang))]:
        used = DocxTemplate(source).get_undeclared_template_variables(jinja_environment())
        assert used, "a template with no tags is not a template"
        assert used <= provided, f"{kind}.{lang} uses {used - provided}"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _template_dir_with(tmp_path: Path, kind: str, lang: str, data: bytes) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / f"{kind}.{lang}.docx").write_bytes(data)
    return folder


def _broken_jinja(kind: str, lang: str) -> bytes:
    document = docx.Document(io.BytesIO(template_bytes(kind, lang)))
    document.add_paragraph("{{ meta.customer ")  # an unclosed tag, as a slip in Word would leave
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _unknown_name(kind: str, lang: str) -> bytes:
    document = docx.Document(io.BytesIO(template_bytes(kind, lang)))
    document.add_paragraph("{{ meta.no_such_field }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("make, message", [
    (lambda k, lang: b"not a zip file at all", "not a readable Word file"),
    (_broken_jinja, "broken tag"),
    (_unknown_name, "no_such_field"),
])
def test_broken_template_fails_in_one_line_and_writes_nothing(make, message, tmp_path, library, repo,
                                                               engagements):
    templates = _template_dir_with(tmp_path, "diagnosis", "en", make("diagnosis", "en"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(UserError) as err:
        build_report(library, repo, engagements["tricky"], "diagnosis", out_dir / "r.docx", "en",
                     templates=templates)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert _leftovers(out_dir) == []


def test_missing_template_falls_back_to_the_built_in_one(tmp_path, library, repo, engagements):
    empty = tmp_path / "no-templates"
    empty.mkdir()
    path = build_report(library, repo, engagements["tricky"], "survey", tmp_path / "s.docx", "zh",
                        templates=empty)
    assert any(p.style.name == "Title" and p.text == "调研报告" for p in docx.Document(path).paragraphs)


def test_a_consultancy_edit_to_the_template_shows_in_the_report(tmp_path, library, repo, engagements):
    document = docx.Document(io.BytesIO(template_bytes("survey", "en")))
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    title.runs[0].text = "Interview findings by Example Consulting"
    buffer = io.BytesIO()
    document.save(buffer)
    templates = _template_dir_with(tmp_path, "survey", "en", buffer.getvalue())
    path = build_report(library, repo, engagements["tricky"], "survey", tmp_path / "s.docx", "en",
                        templates=templates)
    assert "Interview findings by Example Consulting" in [p.text for p in docx.Document(path).paragraphs]


def test_bad_arguments_are_user_errors(tmp_path, library, repo, engagements):
    eid = engagements["tricky"]
    for kind, out, lang, text in [
        ("nonsense", "r.docx", "en", "unknown report kind"),
        ("processes", "r.docx", "en", "process model 'om-processes' is not installed"),  # this content has none
        ("process-templates", "r.docx", "en", "give a folder for --out"),
        ("survey", "r.pdf", "en", ".docx (Word) or .xlsx"),
        ("survey", "r.docx", "fr", "unknown language"),
        ("survey", "missing/r.docx", "en", "does not exist"),
    ]:
        with pytest.raises(UserError, match=text.replace("(", r"\(").replace(")", r"\)")):
            build_report(library, repo, eid, kind, tmp_path / out, lang)
    assert _leftovers(tmp_path) == []


def test_progress_and_cancel(tmp_path, library, repo, engagements):
    seen: list[tuple[int, str]] = []
    build_report(library, repo, engagements["tricky"], "maturity", tmp_path / "m.docx", "en",
                 progress=lambda p, m: seen.append((p, m)), is_cancelled=lambda: False)
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100 and any("chart" in m for _, m in seen)

    calls = {"n": 0}

    def cancel_during_charts() -> bool:
        calls["n"] += 1
        return calls["n"] > 4

    out = tmp_path / "cancelled"
    out.mkdir()
    with pytest.raises(ReportCancelled):
        build_report(library, repo, engagements["tricky"], "maturity", out / "m.docx", "en",
                     is_cancelled=cancel_during_charts)
    assert _leftovers(out) == []


def test_an_existing_report_is_replaced_whole(tmp_path, library, repo, engagements):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    build_report(library, repo, engagements["tricky"], "diagnosis", target, "en")
    assert target.read_bytes()[:2] == b"PK" and _leftovers(tmp_path) == ["r.xlsx"]


def test_describe_report_for_a_preview(library, repo, engagements):
    outline = describe_report(library, repo, engagements["tricky"], "maturity", "en", ".docx")
    assert outline.sections[0] == "Introduction" and "Appendix A: Method" in outline.sections
    assert outline.charts and outline.not_assessed == ("Rollback",)
    assert outline.interviewees == 3 and outline.template.endswith("maturity.en.docx")
    sheets = describe_report(library, repo, engagements["tricky"], "survey", "zh", "xlsx").sheets
    assert sheets[0] == "概要" and "受访者" in sheets


def _omm(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMM_DATA_DIR": str(tmp), "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180)


def test_command_line(tmp_path, repo, engagements):
    url = str(repo.db.url)
    common = ("--db", url, "--content", str(FIXTURE))
    out = tmp_path / "report.docx"
    proc = _omm("report", engagements["tricky"], "--kind", "diagnosis", "--out", str(out), "--lang", "zh",
                *common, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and "wrote" in proc.stdout
    # the engagement's own language is the default: the empty engagement is in Chinese
    out = tmp_path / "empty.xlsx"
    proc = _omm("report", "Empty engagement", "--kind", "survey", "--out", str(out), *common, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for args, text in [
        (("--kind", "maturity", "--out", str(tmp_path / "x.pdf")), ".docx (Word) or .xlsx"),
        (("--kind", "processes", "--out", str(tmp_path / "x.docx")), "process model 'om-processes' is not installed"),
        # the organisation report exists; this content has no organisation model to draw it from
        (("--kind", "organization", "--out", str(tmp_path / "x.docx")), "organisation model 'om-organisation' is not installed"),
        (("--kind", "survey", "--out", str(tmp_path / "x.docx"), "--templates", str(tmp_path / "nope")),
         "does not exist"),
    ]:
        proc = _omm("report", engagements["tricky"], *args, *common, tmp=tmp_path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and text in lines[0], proc.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.docx").exists()
