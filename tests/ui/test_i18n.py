"""English and Simplified Chinese: switching at once, and a catalogue that keeps up with the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from shell_helpers import make_engagement

from app.ui import i18n
from app.ui.main_window import EngagementPage, MainWindow

TS = i18n.catalogue_source("zh")
UI = Path(i18n.__file__).parent


@pytest.fixture
def window(qtbot, settings, ui_context):
    make_engagement(ui_context, "Acme diagnosis", people=(("Ann Lee", "sre"),))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.show()
    return w


def switch_in_settings_dialog(window, monkeypatch, lang: str) -> None:
    def choose(dialog) -> int:
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(lang))
        return dialog.DialogCode.Accepted

    monkeypatch.setattr(window, "exec_dialog", choose)
    window.actions_by_name["language"].trigger()  # View > Language...


def visible_texts(window) -> dict[str, str]:
    page = window.list_page
    eng = window.engagement_page
    return {
        "file_menu": window.file_menu.title(),
        "new_action": window.actions_by_name["new"].text(),
        "header": page.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal),
        "services": page.model.data(page.model.index(0, page.model.COL_SERVICES)),
        "status": page.model.data(page.model.index(0, page.model.COL_STATUS)),
        "search": page.search_edit.placeholderText(),
        "count": page.count_label.text(),
        "tab": eng.tabs.tabText(EngagementPage.TAB_INTERVIEWEES) if eng else "",
        "setup_label": eng.setup.name_label.text() if eng else "",
        "role": eng.interviewees.model.data(eng.interviewees.model.index(0, 1)) if eng else "",
        "content_status": window.content_button.text(),
    }


def test_language_switch_changes_every_visible_text_at_once(qtbot, window, settings, ui_context, monkeypatch):
    window.open_engagement(ui_context.repo.list_engagements()[0].id)
    window.show_list()
    english = visible_texts(window)
    assert english["file_menu"] == "&File" and english["services"] == "Basic diagnosis"
    switch_in_settings_dialog(window, monkeypatch, "zh")
    chinese = visible_texts(window)
    assert chinese == {
        "file_menu": "文件(&F)", "new_action": "新建项目(&N)…", "header": "项目", "services": "基础诊断",
        "status": "计划中", "search": "搜索项目、客户、顾问或行业（Ctrl+F）", "count": "显示 1 个项目",
        "tab": "受访者", "setup_label": "名称(&N)：", "role": "SRE", "content_status": "内容：无问题",
    }
    assert settings.language == "zh" and ui_context.language == "zh"
    switch_in_settings_dialog(window, monkeypatch, "en")
    assert visible_texts(window) == english


def test_every_message_is_translated_with_its_placeholders():
    root = ET.parse(TS).getroot()
    problems = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            text = "".join(translation.itertext())
            if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text.strip():
                problems.append(f"{name}: {source!r} is not translated")
                continue
            if sorted(re.findall(r"%\d|%n", source)) != sorted(re.findall(r"%\d|%n", text)):
                problems.append(f"{name}: {source!r} -> {text!r} changes the placeholders")
    assert not problems, "\n".join(problems)


def test_catalogue_source_is_in_step_with_the_code(tmp_path):
    """A new self.tr() text must reach the .ts: run 'make translations' and translate it."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    lupdate = Path(shutil.which("pyside6-lupdate") or Path(__import__("sys").executable).parent / "pyside6-lupdate")
    command = [str(lupdate), "-no-obsolete", "-locations", "none", *sorted(str(p) for p in UI.glob("*.py")),
               "-ts", str(copy)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = re.search(r"\((\d+) new and (\d+) already existing\)", result.stdout + result.stderr)
    assert found, result.stdout
    assert found.group(1) == "0", "texts missing from the catalogue:\n" + result.stdout


def test_missing_compiled_catalogue_is_built_at_first_run(tmp_path, monkeypatch):
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy(TS, folder / TS.name)
    monkeypatch.setattr(i18n, "TRANSLATIONS", folder)
    compiled = i18n.compiled_catalogue("zh")
    assert compiled is not None and compiled.parent != folder and compiled.is_file()
    translator = QTranslator()
    assert translator.load(str(compiled))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert i18n.compiled_catalogue("zh") == compiled  # and reused afterwards


def test_no_translated_text_hides_inside_an_f_string():
    """pyside6-lupdate cannot see tr('...') inside an f-string: such a text stays English."""
    import re
    from pathlib import Path

    pattern = re.compile(r"""f["'][^"'\n]*\{[^}]*\btr\(""")
    offenders = [f"{path.name}:{n}" for path in (Path(__file__).resolve().parents[2] / "app" / "ui").glob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []
