"""Issue 10 item 12: a printable interview guide per role, from the command line and the Interviewees tab."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


def omm(*args: str, data: Path, check_rc: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMM_DATA_DIR": str(data), "OMM_CACHE_DIR": str(data / "cache")}
    proc = subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180)
    assert proc.returncode == check_rc, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    data = tmp_path_factory.mktemp("guide")
    db = data / "demo.db"
    omm("demo", "--db", str(db), "--content", str(FIXTURE), data=data)
    return db, data


def _text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guide_holds_the_roles_questions_guidance_scale_and_room_for_notes(demo, tmp_path, lang,
                                                                              mini_library):
    db, data = demo
    out = tmp_path / f"guide-{lang}.docx"
    omm("report", "Northwind", "--kind", "guide", "--role", "executive", "--out", str(out), "--lang", lang,
        "--db", str(db), "--content", str(FIXTURE), data=data)
    text = _text(out)
    questionnaire = mini_library.questionnaire("mini-q")
    asked = [q for s in questionnaire.sections for q in s.questions if "executive" in q.roles]
    not_asked = [q for s in questionnaire.sections for q in s.questions if "executive" not in q.roles]
    assert asked and not_asked
    for question in asked:
        assert question.text.get(lang) in text
        if question.guidance is not None:
            assert question.guidance.get(lang) in text
        for follow_up in question.follow_ups:
            assert follow_up.get(lang) in text
    for question in not_asked:
        assert question.text.get(lang) not in text  # only the role's track
    model = mini_library.model("mini")
    assert model.scale.levels[-1].name.get(lang) in text  # the scale to circle
    words = {"en": ("Interview guide", "Notes"), "zh": ("访谈提纲", "记录")}[lang]
    assert all(w in text for w in words)
    assert "{{" not in text and "{%" not in text


def test_a_missing_or_unknown_role_is_one_line(demo, tmp_path):
    db, data = demo
    out = omm("report", "Northwind", "--kind", "guide", "--out", str(tmp_path / "g.docx"), "--db", str(db),
              "--content", str(FIXTURE), data=data, check_rc=1)
    assert out.stderr.startswith("omm: error: the guide report needs --role") and out.stderr.count("\n") == 1
    out = omm("report", "Northwind", "--kind", "guide", "--role", "cook", "--out", str(tmp_path / "g.docx"),
              "--db", str(db), "--content", str(FIXTURE), data=data, check_rc=1)
    assert "is meant for role 'cook'; roles: executive, sre" in out.stderr
    assert not (tmp_path / "g.docx").exists()


def test_the_interviewees_tab_prints_the_guide_of_the_selected_role(qtbot, tmp_path, mini_library, monkeypatch):
    from app.storage.database import open_database
    from app.storage.repository import Repository
    from app.ui.context import AppContext
    from app.ui.interviewees import IntervieweeRegister
    from app.ui.settings import use_settings_folder

    use_settings_folder(tmp_path / "settings")
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    from app.demo import create_demo

    repo = Repository(open_database(str(tmp_path / "demo.db")))
    create_demo(mini_library, repo)
    engagement = repo.find_engagement("Northwind")
    register = IntervieweeRegister(AppContext(mini_library, repo, "en"))
    qtbot.addWidget(register)
    register.offer_open = False
    register.show()
    register.load(engagement.id)
    row = next(i for i, p in enumerate(register.model.rows()) if p.role == "executive")
    register.table.selectRow(row)
    assert register.guide_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(register, "ask_guide_path",
                        lambda suggested: asked.append(suggested) or str(tmp_path / "out" / "exec"))
    (tmp_path / "out").mkdir()
    with qtbot.waitSignal(register.guide_written, timeout=60000) as written:
        register.guide_button.click()
    assert written.args == [str(tmp_path / "out" / "exec.docx")]
    assert Path(asked[0]).is_absolute() and asked[0].endswith("Executive - guide.docx")
    text = _text(tmp_path / "out" / "exec.docx")
    assert "Interview guide" in text and "Executive" in text
    repo.db.close()
