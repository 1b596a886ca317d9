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
    settings.session_password = "secret"
    dialog_settings = SettingsDialog(settings)
    qtbot.addWidget(dialog_settings)
    dialog_settings.show()
    qtbot.wait(50)
    assert "secret" not in dialog_settings.team_password_edit.displayText()
    assert dialog_settings.grab().save(str(folder / f"settings-team-{lang}.png"))
    if lang == "zh":
        assert dialog.windowTitle() == "解决冲突" and export.windowTitle() == "导出项目包"


# --- the team repository's password: asked, kept in memory, never in the settings file -----------

def test_the_settings_page_never_writes_the_team_password(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.settings import Settings, SettingsDialog

    ini = tmp_path / "s.ini"
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.team_edit.setText("postgresql+psycopg://elena@team-db.example:5432/omm")
    dialog.team_password_edit.setText("typed-pass-123")
    dialog.apply()
    assert settings.session_password == "typed-pass-123"
    assert b"typed-pass-123" not in ini.read_bytes() and b"team-db.example" in ini.read_bytes()
    # typed into the address: taken out of it, kept in memory only
    dialog.team_edit.setText("postgresql+psycopg://elena:in-url-pass-456@team-db.example:5432/omm")
    dialog.apply()
    assert settings.session_password == "in-url-pass-456"
    assert settings.team_url == "postgresql+psycopg://elena@team-db.example:5432/omm"
    assert b"in-url-pass" not in ini.read_bytes()
    other = SettingsDialog(settings)  # another server, the password left as it was: not sent to it
    qtbot.addWidget(other)
    other.team_edit.setText("postgresql+psycopg://elena@elsewhere.example/omm")
    other.apply()
    assert settings.session_password == ""
    again = SettingsDialog(Settings(QSettings(str(ini), QSettings.Format.IniFormat)))  # the next start
    qtbot.addWidget(again)
    assert again.team_password_edit.text() == ""


def test_a_password_left_in_an_old_settings_file_is_removed_with_one_notice(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.settings import Settings

    ini = tmp_path / "old.ini"
    ini.write_text("[team]\nurl=postgresql://elena:url-secret-1@team-db.example:5432/omm\n"
                   "password=clear-secret-2\n[ui]\nlanguage=en\n")
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    text = ini.read_text()  # out of the file before anything else happens
    assert "secret" not in text and "team-db.example" in text and "language=en" in text
    assert settings.session_password == "url-secret-1"  # this session still connects
    w.show()
    qtbot.waitUntil(lambda: w.password_notice is not None, timeout=5000)
    assert "removed" in w.password_notice.text()
    w.password_notice.accept()
    # the next start: nothing to remove, no notice
    later = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    w2 = MainWindow(later)
    qtbot.addWidget(w2)
    w2.show()
    qtbot.wait(100)
    assert w2.password_notice is None and later.session_password == ""


def test_push_asks_for_the_team_password_once_a_session(qtbot, window, settings, tmp_path, monkeypatch):
    from app.services import packages
    from app.storage.database import open_database
    from app.storage.repository import Repository

    (tmp_path / "team").mkdir()
    team_url = f"sqlite:///{tmp_path / 'team' / 'team.db'}"
    opened: list = []

    def open_team(url, password=None):  # a server that wants the password "right-password-1"
        opened.append(password)
        if password != "right-password-1":
            raise packages.TeamPasswordNeeded("postgresql://elena@team-db.example/omm", bool(password), "elena")
        return Repository(open_database(team_url))

    monkeypatch.setattr(packages, "open_team_repository", open_team)
    settings.team_url = "postgresql://elena@team-db.example/omm"
    asked: list = []
    answers = iter(["wrong-password-9", "right-password-1"])

    def ask(shown_url, user, refused):
        asked.append((shown_url, user, refused))
        return next(answers)

    monkeypatch.setattr(window.packages, "ask_team_password", ask)
    window.actions_by_name["push_team"].trigger()
    for _attempt in range(3):  # none, the wrong one, the right one
        _wait(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.told), timeout=10000)
    assert opened == [None, "wrong-password-9", "right-password-1"]
    assert asked == [("postgresql://elena@team-db.example/omm", "elena", False),
                     ("postgresql://elena@team-db.example/omm", "elena", True)]
    assert "Added" in window.told[-1]
    shown = window.statusBar().currentMessage() + " ".join(window.told)
    assert "password-" not in shown
    assert b"right-password" not in (tmp_path / "omm.ini").read_bytes()
    window.actions_by_name["push_team"].trigger()  # the same session: not asked again
    _wait(qtbot, window)
    qtbot.waitUntil(lambda: len(window.told) == 2, timeout=10000)
    assert len(asked) == 2 and opened[-1] == "right-password-1"


def test_cancelling_the_team_password_changes_nothing(qtbot, window, settings, monkeypatch):
    from app.services import packages

    def open_team(url, password=None):
        raise packages.TeamPasswordNeeded("postgresql://elena@team-db.example/omm", False, "elena")

    monkeypatch.setattr(packages, "open_team_repository", open_team)
    monkeypatch.setattr(window.packages, "ask_team_password", lambda *args: None)
    settings.team_url = "postgresql://elena@team-db.example/omm"
    window.actions_by_name["pull_team"].trigger()
    _wait(qtbot, window)
    qtbot.waitUntil(lambda: "nothing was changed" in window.statusBar().currentMessage(), timeout=5000)
    assert settings.session_password == "" and not window.told
