"""Export > report: the file chosen, written in the background, cancel and failure reported."""

from __future__ import annotations

import threading
import time

import pytest
from shell_helpers import make_engagement

import app.reports.api
from app.errors import UserError
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, settings, ui_context, tmp_path, monkeypatch):
    engagement = make_engagement(ui_context, "Acme diagnosis", people=(("Ann Lee", "sre"),))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.show()
    w.list_page.select(engagement.id)
    asked: list[str] = []
    monkeypatch.setattr(w, "ask_save_path", lambda title, suggested, filters: asked.append(suggested)
                        or str(tmp_path / "out" / "acme-survey.docx"))
    (tmp_path / "out").mkdir()
    w.asked = asked
    return w


def test_only_the_kinds_reports_can_write_are_offered(window):
    enabled = {kind for kind, action in window.report_actions.items() if action.isEnabled()}
    assert enabled == set(app.reports.api.AVAILABLE_KINDS)
    window.list_page.table.clearSelection()
    window._update_actions()
    assert not any(a.isEnabled() for a in window.report_actions.values())


def test_export_writes_the_report_in_the_background(qtbot, window, tmp_path, monkeypatch):
    calls: list[tuple] = []

    def fake_build(library, repo, engagement_id, kind, out_path, lang, progress=None, is_cancelled=None, **kw):
        calls.append((kind, str(out_path), lang, threading.current_thread() is threading.main_thread()))
        progress(50, "half way")
        out = tmp_path / "out" / "acme-survey.docx"
        out.write_bytes(b"docx")
        return out

    monkeypatch.setattr(app.reports.api, "build_report", fake_build)
    window.report_actions["survey"].trigger()
    with qtbot.waitSignal(window.export_task.finished, timeout=10000):
        pass
    assert calls == [("survey", str(tmp_path / "out" / "acme-survey.docx"), "en", False)]
    assert window.asked == ["Acme diagnosis - survey.docx"]
    assert "Report written" in window.statusBar().currentMessage()
    assert window.settings.export_folder == str(tmp_path / "out")


def test_cancel_stops_the_export(qtbot, window, monkeypatch):
    started = threading.Event()

    def slow_build(library, repo, engagement_id, kind, out_path, lang, progress=None, is_cancelled=None, **kw):
        started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if is_cancelled():
                raise app.reports.api.ReportCancelled("report cancelled")
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(app.reports.api, "build_report", slow_build)
    window.report_actions["diagnosis"].trigger()
    assert started.wait(5)
    window.export_task.dialog.canceled.emit()  # the Cancel button
    with qtbot.waitSignal(window.export_task.finished, timeout=10000):
        pass
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."


def test_a_failed_export_is_presented(qtbot, window, boxes, monkeypatch):
    def broken(*args, **kwargs):
        raise UserError("the template for survey in en is missing")

    monkeypatch.setattr(app.reports.api, "build_report", broken)
    window.report_actions["survey"].trigger()
    with qtbot.waitSignal(window.export_task.finished, timeout=10000):
        pass
    assert [b["text"] for b in boxes.shown] == ["The template for survey in en is missing."]


def test_a_real_survey_report_is_written(qtbot, window, tmp_path):
    window.report_actions["survey"].trigger()
    with qtbot.waitSignal(window.export_task.finished, timeout=60000):
        pass
    assert window.export_task.state == "succeeded", window.export_task.details
    assert (tmp_path / "out" / "acme-survey.docx").stat().st_size > 1000
