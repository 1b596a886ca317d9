"""The results dashboard follows the answers (offscreen, real SQLite file)."""

from __future__ import annotations

import pytest

from app.services import content_for_services
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository
from app.ui.context import AppContext
from app.ui.dashboard import DashboardView, RowsModel
from app.ui.interview import InterviewView


@pytest.fixture
def context(tmp_path, mini_library, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    db = open_database(f"sqlite:///{tmp_path / 'omm.db'}")
    yield AppContext(mini_library, Repository(db), "en", consultant="Elena")
    db.close()


@pytest.fixture
def engagement(context):
    repo = context.repo
    c = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(c.id, "Acme diagnosis", services=services,
                               content=content_for_services(context.library, services))
    ann = repo.add_interviewee(e.id, "Ann", "sre")
    bob = repo.add_interviewee(e.id, "Bob", "executive")
    return e, ann, bob


def test_rows_model_passes_model_tester(qtmodeltester):
    model = RowsModel(["a", "b"], colour_columns=(1,))
    model.set_rows([("x", 2.0), ("y", None)], ["k1", "k2"])
    qtmodeltester.check(model)


def test_dashboard_changes_as_interview_answers_come_in(qtbot, context, engagement):
    e, ann, bob = engagement
    dashboard = DashboardView(context)
    interview = InterviewView(context)
    qtbot.addWidget(dashboard)
    qtbot.addWidget(interview)
    interview.answer_saved.connect(dashboard.schedule_refresh)
    dashboard.resize(1366, 700)
    dashboard.show()
    dashboard.load(e.id)
    qtbot.waitUntil(lambda: dashboard.scores is not None, timeout=5000)
    assert dashboard.empty.isVisible()
    assert dashboard.domain_model.rows[0][1] is None  # change: not assessed yet

    interview.load(e.id)
    interview.select_person(ann.id)
    with qtbot.waitSignal(dashboard.refreshed, timeout=5000):
        interview.answer("given", "4")
    assert dashboard.domain_model.rows[0][1] == pytest.approx(4.0)
    assert "Overall 4.00" in dashboard.summary.text()

    interview.select_person(bob.id)
    with qtbot.waitSignal(dashboard.refreshed, timeout=5000):
        interview.answer("given", "1")  # Bob (executive) says 1 where Ann said 4: a disagreement
    assert dashboard.disagreement_model.rowCount() == 1
    assert "Ann" in dashboard.disagreement_model.rows[0][3] and "Bob" in dashboard.disagreement_model.rows[0][3]
    assert dashboard.radar.figure is not None and dashboard.heatmap.figure is not None


def test_override_needs_rationale_and_shows_beside_computed(qtbot, context, engagement):
    e, ann, _ = engagement
    context.repo.save_answer(e.id, ann.id, "mini-q", "q1", "given", "1")
    dashboard = DashboardView(context)
    qtbot.addWidget(dashboard)
    dashboard.load(e.id)
    dashboard.refresh_now()
    dashboard.apply_override("change.approval", 3, "Saw the CAB minutes for the last quarter")
    (row,) = dashboard.override_model.rows
    assert row[1] == 1 and row[2] == 3 and "CAB" in row[3]
    cap_row = dashboard.capability_model.rows[dashboard.capability_model.keys.index("change.approval")]
    assert cap_row[2] == 3 and cap_row[3] == 1
