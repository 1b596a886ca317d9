"""Export > Engagement package and File > Import package in the window: background work, conflicts chosen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from shell_helpers import make_engagement

from app.ui.main_window import MainWindow
from app.ui.packages import ConflictDialog, PackageExportDialog


@pytest.fixture
def window(qtbot, settings, ui_context, tmp_path, monkeypatch):
    engagement = make_engagement(ui_context, "Acme diagnosis", people=(("Ann Lee", "sre"),))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.show()
    w.list_page.select(engagement.id)
    w.engagement_id = engagement.id
    told: list[str] = []
    monkeypatch.setattr(w.packages, "tell", lambda title, text: told.append(text))
    w.told = told
    return w


def _wait(qtbot, window):
    with qtbot.waitSignal(window.packages.task.finished, timeout=20000):
        pass


def test_export_menu_entry_writes_a_package_in_the_background(qtbot, window, tmp_path, monkeypatch):
    action = window.actions_by_name["export_package"]
    assert action.isEnabled() and action in window.export_menu.actions()
    assert window.actions_by_name["import_package"] in window.file_menu.actions()
    out = tmp_path / "acme.omm"
    monkeypatch.setattr(window.packages, "ask_export", lambda name, suggested: (out, "a long password", False))
    action.trigger()
    _wait(qtbot, window)
    assert out.exists() and "Package written" in window.statusBar().currentMessage()
    assert window.told and "acme.omm" in window.told[0]


def test_import_with_a_conflict_asks_and_writes_the_choice(qtbot, window, ui_context, tmp_path, monkeypatch):
    from app.services import packages

    repo = ui_context.repo
    eid = window.engagement_id
    [ann] = repo.list_interviewees(eid)
    repo.save_answer(eid, ann.id, "mini-q", "q1", "given", "3", answered_by="Elena")
    base = tmp_path / "base.omm"
    packages.export_engagement(repo, eid, base)
    from app.storage.database import open_database
    from app.storage.repository import Repository

    (tmp_path / "other").mkdir()
    other = Repository(open_database(f"sqlite:///{tmp_path / 'other' / 'o.db'}"))
    packages.import_package(other, base)
    other.save_answer(eid, ann.id, "mini-q", "q1", "given", "1", answered_by="Li Na")
    repo.save_answer(eid, ann.id, "mini-q", "q1", "given", "4", answered_by="Elena")
    theirs = tmp_path / "theirs.omm"
    packages.export_engagement(other, eid, theirs)
    other.db.close()
    seen: list = []

    def choose(preview, local_name, incoming_name):
        seen.append((len(preview.conflicts), local_name, incoming_name))
        return {preview.conflicts[0].key: "package"}

    monkeypatch.setattr(window.packages, "ask_choices", choose)
    monkeypatch.setattr(window.packages, "ask_package_file", lambda: str(theirs))
    window.actions_by_name["import_package"].trigger()
    _wait(qtbot, window)  # the check and plan
    _wait(qtbot, window)  # the merge
    assert seen == [(1, "This database", "theirs.omm")]
    assert repo.get_answer(ann.id, "mini-q", "q1").value == "1"
    assert "1 conflict(s) settled" in window.told[-1]


def test_conflict_dialog_lists_both_sides_and_needs_every_choice(qtbot, ui_context, tmp_path):
    dialog, preview = _conflict_dialog(qtbot, ui_context, tmp_path)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.table.item(0, 0).text() == "How are changes approved?"
    assert "4" in dialog.table.item(0, 2).text() and "Elena" in dialog.table.item(0, 2).text()
    assert "1" in dialog.table.item(0, 3).text() and "Li Na" in dialog.table.item(0, 3).text()
    dialog.take_all.click()
    assert ok.isEnabled()
    assert dialog.choices() == {c.key: "package" for c in preview.conflicts}
    dialog.combos[0].setCurrentIndex(1)
    assert dialog.choices()[preview.conflicts[0].key] == "local"


def _conflict_dialog(qtbot, ui_context, tmp_path):
    from app.exchange.merge import Conflict, MergePlan

    class Preview:
        engagement_name = "Acme diagnosis 2026 — 华东数据中心运维成熟度评估"
        conflicts = [
            Conflict("answer/p1/mini-q/q1", "answer", {"status": "given", "value": "4", "confidence": "high"},
                     {"status": "given", "value": "1", "confidence": None}, "Elena", "2026-12-02T10:15:00",
                     "Li Na", "2026-12-02T16:40:00", "Ann Lee", "mini-q", "q1"),
            Conflict("answer/p2/mini-q/q4", "answer", {"status": "given", "value": "ic", "confidence": None},
                     {"status": "not_applicable", "value": None, "confidence": None}, "Elena",
                     "2026-12-01T09:00:00", "王芳", "2026-12-02T11:00:00", "张伟 (运维总监)", "mini-q", "q4"),
            Conflict("note/p1/mini-q/q1", "note", "Approved by email; the CAB meets on Tuesdays only",
                     "CAB approval is documented in the change tool", "Elena", "2026-12-02T10:15:00", "Li Na",
                     "2026-12-02T16:40:00", "Ann Lee", "mini-q", "q1"),
        ]
        plan = MergePlan(set(), [], None, 0)

    preview = Preview()
    dialog = ConflictDialog(preview, ui_context.library, "This database", "acme-from-li.omm")
    qtbot.addWidget(dialog)
    return dialog, preview


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dialog_pictures(qtbot, ui_context, tmp_path, lang):
    """The export and conflict dialogs as PNGs (for a person to look at), in both languages."""
    from app.ui.i18n import set_language

    set_language(lang)
    export = PackageExportDialog("Acme diagnosis 2026 — 华东数据中心运维成熟度评估",
                                 "/home/consultant/Documents/Acme diagnosis 2026.omm")
    qtbot.addWidget(export)
    export.password_check.setChecked(True)
    export.show()
    dialog, _preview = _conflict_dialog(qtbot, ui_context, tmp_path)
    dialog.combos[0].setCurrentIndex(2)
    dialog.show()
    qtbot.wait(50)
    folder = Path(os.environ.get("OMM_PACKAGE_SHOTS", tmp_path))
    folder.mkdir(exist_ok=True)
    assert export.grab().save(str(folder / f"export-dialog-{lang}.png"))
    assert dialog.grab().save(str(folder / f"conflict-dialog-{lang}.png"))
    from PySide6.QtCore import QSettings

    from app.ui.settings import Settings, SettingsDialog

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.team_url = "postgresql://elena@team-db.example:5432/omm"
    settings.team_password = "secret"
    dialog_settings = SettingsDialog(settings)
    qtbot.addWidget(dialog_settings)
    dialog_settings.show()
    qtbot.wait(50)
    assert "secret" not in dialog_settings.team_password_edit.displayText()
    assert dialog_settings.grab().save(str(folder / f"settings-team-{lang}.png"))
    if lang == "zh":
        assert dialog.windowTitle() == "解决冲突" and export.windowTitle() == "导出项目包"
