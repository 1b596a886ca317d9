"""The Processes tab: the seven processes with their assessment; specification edits in both
languages are checked, undoable and autosaved as new versions; problems listed with where to fix
them; the undo stack and pending saves never cross engagements."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from app.errors import UserError
from app.services import processes as service
from app.services.engagements import content_for_services
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository
from app.ui.context import AppContext
from app.ui.processes import ProcessesTab


def _engagement(repo, library, name):
    customer = repo.find_customer("Jade Lake") or repo.create_customer("Jade Lake")
    services = (ServiceChoice("process-optimisation", "medium"),)
    engagement = repo.create_engagement(customer.id, name, services=services,
                                        content=content_for_services(library, services))
    person = repo.add_interviewee(engagement.id, "Lin Wei", "process_owner")
    repo.save_answer(engagement.id, person.id, "process-change", "proc.change.01", "given", "2")
    repo.save_answer(engagement.id, person.id, "process-change", "proc.change.02", "given", "25")
    return engagement


def _load(qtbot, widget, engagement_id):
    """Load and wait for the book, read in the background, to be on screen."""
    with qtbot.waitSignal(widget.loaded, timeout=60000):
        widget.load(engagement_id)


@pytest.fixture
def tab(qtbot, shipped_library, tmp_path):
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    engagement = _engagement(repo, shipped_library, "Jade Lake processes")
    widget = ProcessesTab(AppContext(shipped_library, repo, "en"))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    _load(qtbot, widget, engagement.id)
    yield widget, repo, engagement.id
    repo.db.close()


def _cell(model, row_where, column_header):
    col = next(i for i, c in enumerate(model.columns) if c.header() == column_header)
    row = next(i for i, r in enumerate(model.rows) if row_where(r))
    return model.index(row, col)


def test_the_seven_processes_with_their_assessment(tab):
    widget, _repo, _eid = tab
    assert [r["name"] for r in widget.process_model.rows][0] == "Change management"
    assert widget.process_model.rowCount() == 7
    assert widget.process_model.data(widget.process_model.index(0, 1)) == "2.00"  # level, as every screen shows it
    assert widget.capabilities.rowCount() == 5
    assert "Change management: level 2.00" in widget.assessment_note.text()
    kpi = next(k for k in widget.kpis.rows if k.id == "kpi.change.emergency_share")
    assert kpi.baseline == 25.0 and kpi.target == 15.0
    widget.process_view.selectRow(2)
    assert widget.process_id == "incident" and "not assessed yet" in widget.assessment_note.text()


def test_an_edit_in_each_language_is_autosaved_and_undone(tab, qtbot):
    widget, repo, eid = tab
    lib = widget.context.library
    purpose_en = _cell(widget.overview, lambda r: r[2] == "purpose", "English")
    purpose_zh = _cell(widget.overview, lambda r: r[2] == "purpose", "中文")
    assert widget.overview.setData(purpose_en, "Make every change safe.", Qt.ItemDataRole.EditRole)
    assert widget.overview.setData(purpose_zh, "让每次变更都安全。", Qt.ItemDataRole.EditRole)
    assert "change" in widget.dirty
    widget.flush()  # what the autosave timer does a moment later
    stored = service.load_spec(lib, repo, eid, "change")
    assert stored.version == 1  # both edits in one save
    assert (stored.spec.purpose.en, stored.spec.purpose.zh) == ("Make every change safe.", "让每次变更都安全。")
    widget.undo_stack.undo()
    qtbot.waitUntil(lambda: not widget.dirty, timeout=3000)  # autosaved
    stored = service.load_spec(lib, repo, eid, "change")
    assert stored.version == 2 and stored.spec.purpose.en == "Make every change safe."
    assert stored.spec.purpose.zh != "让每次变更都安全。"


def test_a_raci_edit_lists_the_problem_and_a_wrong_letter_is_refused(tab):
    widget, repo, eid = tab
    widget.editor_nav.setCurrentRow(2)
    index = _cell(widget.raci, lambda a: a.id == "change.register", "Developer")
    widget.raci.setData(_cell(widget.raci, lambda a: a.id == "change.register", "O&M engineer"), "",
                        Qt.ItemDataRole.EditRole)
    assert widget.raci.setData(index, "", Qt.ItemDataRole.EditRole)  # nobody Responsible any more
    problems = [p for p in widget.problems.rows if p.code == "no_responsible"]
    assert problems and problems[0].where == "activities[change.register].raci"
    assert "errors" in widget.pages.tabText(4)
    before = widget.specs["change"].to_dict()
    assert not widget.raci.setData(index, "Z", Qt.ItemDataRole.EditRole)
    assert "'Z' is not one of R, A, C, I" in widget.status.text()
    assert widget.specs["change"].to_dict() == before
    # the problem list leads to the place to fix it
    widget._go_to_problem(widget.problems.index(widget.problems.rows.index(problems[0]), 0))
    assert widget.pages.currentIndex() == 1 and widget.editor_nav.currentRow() == 2
    assert widget.raci_view.currentIndex().row() == 0
    widget.flush()
    with pytest.raises(Exception, match="must be fixed first"):
        service.approve(widget.context.library, repo, eid, "change")


def test_undo_of_another_process_brings_it_back(tab):
    widget, _repo, _eid = tab
    kpi = _cell(widget.kpis, lambda k: k.id == "kpi.change.emergency_share", "Target")
    assert widget.kpis.setData(kpi, "10", Qt.ItemDataRole.EditRole)
    widget.process_view.selectRow(1)
    assert widget.process_id == "monitoring"
    widget.undo_stack.undo()
    assert widget.process_id == "change" and widget.specs["change"].kpi("kpi.change.emergency_share").target == 15


def test_loading_another_engagement_saves_and_forgets_the_first(tab, qtbot):
    widget, repo, eid = tab
    lib = widget.context.library
    other = _engagement(repo, lib, "Jade Lake processes 2027")
    assert widget.kpis.setData(_cell(widget.kpis, lambda k: k.id == "kpi.change.emergency_share", "Target"), "12",
                               Qt.ItemDataRole.EditRole)
    widget.load(other.id)  # the pending save goes to the first engagement, the stack is cleared
    assert service.load_spec(lib, repo, eid, "change").spec.kpi("kpi.change.emergency_share").target == 12
    assert service.load_spec(lib, repo, other.id, "change").version == 0
    assert not widget.undo_stack.canUndo()
    qtbot.waitUntil(lambda: widget.book is not None, timeout=60000)
    assert widget.book.engagement.id == other.id
    assert widget.specs["change"].kpi("kpi.change.emergency_share").target == 15  # the other's own, untouched


def test_approve_from_the_tab(tab):
    widget, repo, eid = tab
    widget.process_view.selectRow(1)
    widget.approve_button.click()
    assert service.load_spec(widget.context.library, repo, eid, "monitoring").spec.status == "approved"
    assert widget.approve_button.text() == "Back to draft"
    # editing the approved standard makes it a draft again
    assert widget.overview.setData(_cell(widget.overview, lambda r: r[2] == "scope", "English"), "All alerts.",
                                   Qt.ItemDataRole.EditRole)
    widget.flush()
    assert service.load_spec(widget.context.library, repo, eid, "monitoring").spec.status == "draft"


def test_chinese_and_the_flow_page(qtbot, shipped_library, tmp_path):
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    engagement = _engagement(repo, shipped_library, "翠湖流程优化")
    widget = ProcessesTab(AppContext(shipped_library, repo, "zh"))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    _load(qtbot, widget, engagement.id)
    assert widget.process_model.rows[0]["name"] == "变更管理"
    widget.pages.setCurrentIndex(2)
    assert widget.flow.canvas is not None or "placeholder" in widget.flow.placeholder.text()
    repo.db.close()


def test_a_business_line_variant_is_tailored_and_its_differences_listed(tab):
    widget, repo, eid = tab
    widget.editor_nav.setCurrentRow(8)
    widget.variant_add.click()
    spec = widget.specs["change"]
    assert [v.id for v in spec.variants] == ["line1"] and widget.variant_box.currentData() == "line1"
    fields = widget.variant_fields
    name = _cell(fields, lambda f: f.key == "name", "Business line (English)")
    assert fields.setData(name, "Corporate banking", Qt.ItemDataRole.EditRole)
    window = next(f.key for f in fields.rows if f.key.startswith("section:") and "Scheduling" in f.label.en)
    assert fields.setData(_cell(fields, lambda f: f.key == window, "Business line (中文)"), "仅周六变更。",
                          Qt.ItemDataRole.EditRole)
    target = _cell(fields, lambda f: f.key == "kpi:kpi.change.emergency_share:target", "Business line (English)")
    assert fields.setData(target, "3", Qt.ItemDataRole.EditRole)
    variant = widget.specs["change"].variant("line1")
    assert variant.name.en == "Corporate banking"
    assert variant.overrides == {window: {"en": "", "zh": "仅周六变更。"}, "kpi:kpi.change.emergency_share:target": 3.0}
    differences = [d[1].key for d in widget.variants.rows]
    assert differences == [window, "kpi:kpi.change.emergency_share:target"]
    assert not fields.setData(target, "three", Qt.ItemDataRole.EditRole)  # refused, named
    assert "is not a number" in widget.status.text()
    # clearing the business line's own text gives the base back: no longer a difference
    assert fields.setData(_cell(fields, lambda f: f.key == window, "Business line (中文)"), "",
                          Qt.ItemDataRole.EditRole)
    assert [d[1].key for d in widget.variants.rows] == ["kpi:kpi.change.emergency_share:target"]
    widget.flush()
    stored = service.load_spec(widget.context.library, repo, eid, "change").spec
    assert stored.variant("line1").overrides == {"kpi:kpi.change.emergency_share:target": 3.0}


def test_text_cells_keep_their_line_breaks(tab, qtbot):
    widget, _repo, _eid = tab
    widget.pages.setCurrentIndex(1)
    widget.editor_nav.setCurrentRow(6)  # the specification text
    index = _cell(widget.sections, lambda s: s.heading.en.startswith("4."), "Text (English)")
    view = widget.sections_view
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QPlainTextEdit, "cellEditor")
    assert editor is not None and "\n" in editor.toPlainText()  # the drafted flow, one activity a line
    editor.setPlainText("1. Register\n2. Assess\n3. Authorise")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert widget.specs["change"].sections[3].text.en == "1. Register\n2. Assess\n3. Authorise"
    assert widget.undo_stack.canUndo()


# --- the book is read in the background ------------------------------------------------------------


class _Gate:
    """``service.load_book`` held until released, per engagement, to see the tab while it reads."""

    def __init__(self, monkeypatch) -> None:
        self.real = service.load_book
        self.open: dict[str, threading.Event] = {}
        self.started: list[str] = []
        monkeypatch.setattr(service, "load_book", self.load_book)

    def hold(self, engagement_id: str) -> threading.Event:
        return self.open.setdefault(engagement_id, threading.Event())

    def load_book(self, library, repo, engagement_id):
        self.started.append(engagement_id)
        assert self.hold(engagement_id).wait(60), "the test never released the read"
        return self.real(library, repo, engagement_id)


def test_the_tab_says_it_is_reading_then_shows_the_book(tab, qtbot, monkeypatch):
    widget, repo, eid = tab
    gate = _Gate(monkeypatch)
    release = gate.hold(eid)
    widget.load(eid)
    assert widget.body_stack.currentIndex() == 1 and widget.loading_bar.isVisibleTo(widget)
    assert widget.loading_label.text() == "Reading the processes of this engagement..."
    assert widget.book is None and widget.process_model.rowCount() == 0 and widget.kpis.rowCount() == 0
    assert not widget.kpis.setData(widget.kpis.index(0, 0), "x", Qt.ItemDataRole.EditRole)  # nothing to edit yet
    with qtbot.waitSignal(widget.loaded, timeout=60000) as shown:
        release.set()
    assert shown.args == [eid]
    assert widget.body_stack.currentIndex() == 0 and widget.process_model.rowCount() == 7
    assert widget.summary.text().startswith("Jade Lake processes —")


def test_switching_engagement_while_reading_never_shows_the_first_book(tab, qtbot, monkeypatch):
    widget, repo, eid = tab
    other = _engagement(repo, widget.context.library, "Jade Lake processes 2027")
    gate = _Gate(monkeypatch)
    first, second = gate.hold(eid), gate.hold(other.id)
    shown: list[str] = []
    widget.loaded.connect(shown.append)
    widget.load(eid)
    qtbot.waitUntil(lambda: gate.started == [eid])
    reading_first = widget._load_task
    widget.load(other.id)  # while the first engagement's book is still being read
    first.set()
    with qtbot.waitSignal(reading_first.finished, timeout=60000):
        pass
    assert reading_first.state == "cancelled"  # read to the end, then dropped
    assert widget.book is None and widget.body_stack.currentIndex() == 1 and widget.process_model.rowCount() == 0
    assert widget.summary.text() == ""
    with qtbot.waitSignal(widget.loaded, timeout=60000):
        second.set()
    assert shown == [other.id] and widget.book.engagement.id == other.id
    assert widget.summary.text().startswith("Jade Lake processes 2027 —")


def test_cancel_stops_waiting_and_load_again_reads_the_book(tab, qtbot, monkeypatch):
    widget, repo, eid = tab
    gate = _Gate(monkeypatch)
    release = gate.hold(eid)
    widget.load(eid)
    reading = widget._load_task
    widget.cancel_load_button.click()
    release.set()
    with qtbot.waitSignal(reading.finished, timeout=60000):
        pass
    assert widget.book is None and widget.loading_label.text() == "Loading was cancelled."
    assert widget.reload_button.isVisibleTo(widget) and not widget.cancel_load_button.isVisibleTo(widget)
    with qtbot.waitSignal(widget.loaded, timeout=60000):
        widget.reload_button.click()
    assert widget.book.engagement.id == eid and widget.body_stack.currentIndex() == 0


def test_content_without_the_process_model_is_said_in_place(tab, qtbot, monkeypatch):
    widget, repo, eid = tab

    def no_model(library, repo, engagement_id):
        raise UserError("the content has no process model (om-processes)")

    monkeypatch.setattr(service, "load_book", no_model)
    widget.load(eid)
    qtbot.waitUntil(lambda: widget._load_task is None, timeout=60000)
    assert widget.summary.text() == "the content has no process model (om-processes)"
    assert widget.body_stack.currentIndex() == 0 and not widget.pages.isEnabled() and widget.engagement_id is None
