"""Export > report: the file chosen, written in the background, cancel and failure reported."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from shell_helpers import make_engagement

import app.reports.api
import app.services.reports
from app.errors import UserError
from app.ui.export_dialog import ExportChoice, ExportDialog, offer_to_open
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
    opened: list = []
    monkeypatch.setattr(w, "ask_export", lambda engagement_id, kind, suggested, lang: asked.append(suggested)
                        or ExportChoice(str(tmp_path / "out" / "acme-survey.docx"), lang))
    monkeypatch.setattr(w, "offer_open", opened.append)
    (tmp_path / "out").mkdir()
    w.asked = asked
    w.opened = opened
    return w


def test_only_the_kinds_reports_can_write_are_offered(window):
    enabled = {kind for kind, action in window.report_actions.items() if action.isEnabled()}
    # a Basic diagnosis: survey and diagnosis reports; the maturity report says why it is not offered
    assert enabled == set(app.reports.registry.available_ids()) - {"maturity"}
    assert "did not buy" in window.report_actions["maturity"].toolTip()
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

    monkeypatch.setattr(app.services.reports, "build_report", fake_build)
    window.report_actions["survey"].trigger()
    with qtbot.waitSignal(window.export_task.finished, timeout=10000):
        pass
    assert calls == [("survey", str(tmp_path / "out" / "acme-survey.docx"), "en", False)]
    from app.ui.export_dialog import export_folder

    assert window.asked == [str(export_folder("") / "Acme diagnosis - survey.docx")]  # never the working folder
    assert Path(window.asked[0]).is_absolute()
    assert "Report written" in window.statusBar().currentMessage()
    assert window.opened == [tmp_path / "out" / "acme-survey.docx"]  # offered to open it
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

    monkeypatch.setattr(app.services.reports, "build_report", slow_build)
    window.report_actions["diagnosis"].trigger()
    assert started.wait(5)
    window.export_task.dialog.canceled.emit()  # the Cancel button
    with qtbot.waitSignal(window.export_task.finished, timeout=10000):
        pass
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."


def test_a_failed_export_is_presented(qtbot, window, boxes, monkeypatch):
    def broken(*args, **kwargs):
        raise UserError("the template for survey in en is missing")

    monkeypatch.setattr(app.services.reports, "build_report", broken)
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


def test_export_dialog_previews_and_switches_language_and_format(qtbot, ui_context, tmp_path):
    engagement = make_engagement(ui_context, "Preview Co", people=(("Ann Lee", "sre"),),
                                 services=("assessment-planning",))
    dialog = ExportDialog(ui_context, engagement.id, "maturity", str(tmp_path / "Preview Co - maturity.docx"), "en")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.outline is not None, timeout=10000)
    text = dialog.preview.toPlainText()
    assert "Preview Co" in text and "Method" in text and "1 interviewees" in text
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("zh"))
    qtbot.waitUntil(lambda: dialog.outline is not None and dialog.outline.lang == "zh", timeout=10000)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".xlsx"))
    assert dialog.path_edit.text().endswith("Preview Co - maturity.xlsx")
    qtbot.waitUntil(lambda: dialog.outline is not None and dialog.outline.format == ".xlsx", timeout=10000)
    assert dialog.outline.sheets and not dialog.outline.sections
    assert dialog.choice() == ExportChoice(str(tmp_path / "Preview Co - maturity.xlsx"), "zh")
    dialog.path_edit.setText(str(tmp_path / "missing-folder" / "x.xlsx"))
    dialog._accept()
    assert dialog.result() != ExportDialog.DialogCode.Accepted and "does not exist" in dialog.preview.toPlainText()


def test_offer_to_open_opens_the_folder(qtbot, window, boxes, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))

    def click_folder(box):
        boxes.shown.append({"text": box.text()})
        next(b for b in box.buttons() if b.text() == "Show in folder").click()
        return 0

    import app.ui.errors

    monkeypatch.setattr(app.ui.errors, "exec_box", click_folder)
    offer_to_open(window, tmp_path / "out" / "r.docx")
    assert opened == [str(tmp_path / "out")] and "r.docx" in boxes.shown[0]["text"]


def test_a_registered_report_kind_gets_its_menu_entry(qtbot, settings, ui_context, monkeypatch):
    """One registration, and the Export menu offers the kind, with its name in the interface language."""
    from app.reports import registry
    from app.reports.registry import ReportKind

    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    registry.kinds()
    registry.register(ReportKind("attendance", {"en": "Attendance list", "zh": "出席名单"}, "A",
                                 build_context=lambda inputs, lang: None, excel_writer=lambda *a: 0.0))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    action = w.report_actions["attendance"]
    assert action.text() == "&Attendance list..." and action in w.export_menu.actions()
    assert w.export_menu.actions().index(action) == len(registry.kind_ids()) - 1
    assert w.report_actions["processes"].text() == "P&rocess specifications..."


def test_the_process_templates_are_exported_into_a_folder(qtbot, ui_context, tmp_path):
    engagement = make_engagement(ui_context, "Folder Co", people=(("Ann Lee", "sre"),))
    dialog = ExportDialog(ui_context, engagement.id, "process-templates", str(tmp_path / "Folder Co - templates"),
                          "en")
    qtbot.addWidget(dialog)
    assert dialog.folder_mode and dialog.format_combo.count() == 1 and dialog.fmt == "folder"
    choice = dialog.choice()
    assert (choice.path, choice.lang) == (str(tmp_path / "Folder Co - templates"), "en")  # no suffix added
    dialog.path_edit.setText(str(tmp_path / "missing" / "set"))
    dialog._accept()
    assert dialog.result() != ExportDialog.DialogCode.Accepted and "does not exist" in dialog.preview.toPlainText()
    dialog.path_edit.setText(str(tmp_path / "new set"))  # a new folder in an existing one is fine
    dialog._accept()
    assert dialog.result() == ExportDialog.DialogCode.Accepted


def test_reports_go_to_documents_or_the_last_folder_never_the_working_folder(qtbot, tmp_path, monkeypatch):
    """Issue 10 item 9: the default is Documents (or the last folder used), a stale "." is not kept."""
    from PySide6.QtCore import QStandardPaths

    from app.ui.export_dialog import export_folder

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(documents))
    monkeypatch.chdir(tmp_path)
    assert export_folder("") == documents
    assert export_folder(".") == documents  # what older versions remembered
    assert export_folder(str(tmp_path / "gone")) == documents
    (tmp_path / "reports").mkdir()
    assert export_folder(str(tmp_path / "reports")) == tmp_path / "reports"


def test_the_written_message_gives_the_full_path_with_open_and_show_in_folder(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QWidget

    import app.ui.errors
    from app.ui.export_dialog import offer_to_open

    seen = []

    def record(box):
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(app.ui.errors, "exec_box", record)
    parent = QWidget()
    qtbot.addWidget(parent)
    offer_to_open(parent, tmp_path / "out" / "report.docx")
    text, buttons = seen[0]
    assert str(tmp_path / "out" / "report.docx") in text
    assert "Open file" in buttons and "Show in folder" in buttons


def test_export_interview_guide_leads_to_the_interviewees_tab(window):
    """The guide is per role: the menu entry opens the tab where a person (and so a role) is chosen."""
    from app.ui.main_window import EngagementPage

    window.report_actions["guide"].trigger()
    page = window.engagement_page
    assert page is not None and page.tabs.currentIndex() == EngagementPage.TAB_INTERVIEWEES
    assert "Print interview guide" in window.statusBar().currentMessage()
    assert window.asked == []  # no file dialog for a guide without a role


def test_export_options_reach_the_report_names_version_status_reviewer(qtbot, ui_context, tmp_path, monkeypatch,
                                                                       settings):
    import docx

    from app.services.reports import ReportOptions

    engagement = make_engagement(ui_context, "Options Co", people=(("Ann Lee", "sre"),))
    dialog = ExportDialog(ui_context, engagement.id, "survey", str(tmp_path / "Options Co - survey.docx"), "en")
    qtbot.addWidget(dialog)
    assert dialog.choice().options == ReportOptions()  # confidential by default: roles, draft 1.0
    dialog.names_combo.setCurrentIndex(dialog.names_combo.findData(True))
    dialog.version_edit.setText("2.1")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("final"))
    qtbot.keyClicks(dialog.reviewer_edit, "Grace Reviewer")
    choice = dialog.choice()
    assert choice.options == ReportOptions(show_names=True, version="2.1", status="final", reviewer="Grace Reviewer")
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.show()
    w.list_page.select(engagement.id)
    monkeypatch.setattr(w, "ask_export", lambda *_a: choice)
    monkeypatch.setattr(w, "offer_open", lambda _p: None)
    w.report_actions["survey"].trigger()
    qtbot.waitUntil(lambda: Path(choice.path).exists(), timeout=60000)
    document = docx.Document(choice.path)
    assert document.core_properties.version == "2.1"
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Grace Reviewer" in text and "Ann Lee" in text  # named, as chosen
    anonymous = ExportChoice(str(tmp_path / "anon.docx"), "en")
    monkeypatch.setattr(w, "ask_export", lambda *_a: anonymous)
    w.report_actions["survey"].trigger()
    qtbot.waitUntil(lambda: Path(anonymous.path).exists(), timeout=60000)
    document = docx.Document(anonymous.path)
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Ann Lee" not in text


def test_the_consultancy_name_and_logo_from_settings_reach_the_export(qtbot, window, tmp_path, monkeypatch):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 80), "teal").save(buffer, format="PNG")
    logo = tmp_path / "logo.png"
    logo.write_bytes(buffer.getvalue())
    window.settings.consultancy_name = "Northwind Advisory"
    window.settings.consultancy_logo = str(logo)
    seen: list = []

    def fake_build(library, repo, engagement_id, kind, out_path, lang, progress=None, is_cancelled=None, **kw):
        seen.append(kw["export"].branding)
        out = tmp_path / "out" / "acme-survey.docx"
        out.write_bytes(b"docx")
        return out

    monkeypatch.setattr(app.services.reports, "build_report", fake_build)
    window.report_actions["survey"].trigger()
    with qtbot.waitSignal(window.export_task.finished, timeout=10000):
        pass
    assert [(b.name, b.logo) for b in seen] == [("Northwind Advisory", logo.read_bytes())]


def test_a_logo_that_broke_since_it_was_chosen_stops_the_export_with_one_message(qtbot, window, boxes, tmp_path,
                                                                                  monkeypatch):
    broken = tmp_path / "logo.png"
    broken.write_text("not a picture", encoding="utf-8")
    window.settings.consultancy_logo = str(broken)
    monkeypatch.setattr(app.services.reports, "build_report", lambda *a, **k: pytest.fail("nothing may be written"))
    window.report_actions["survey"].trigger()
    assert [b["text"] for b in boxes.shown] == [f"The logo {broken} is not a PNG or JPEG image."]
    assert not (tmp_path / "out" / "acme-survey.docx").exists()
