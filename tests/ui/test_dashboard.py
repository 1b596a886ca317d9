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


def _answer_all(repo, e, person, level="3"):
    for q in ("q1", "q2", "q3", "q4", "q5"):
        repo.save_answer(e.id, person.id, "mini-q", q, "given", level)


def test_results_headline_plural_provisional_and_legend(qtbot, context, engagement, tmp_path):
    """Issue 10 item 11: words agree with their numbers; low coverage says "provisional"; a legend for colours."""
    e, ann, bob = engagement
    repo = context.repo
    dashboard = DashboardView(context)
    qtbot.addWidget(dashboard)
    dashboard.resize(1366, 700)
    dashboard.show()
    repo.save_answer(e.id, ann.id, "mini-q", "q1", "given", "1")
    repo.save_answer(e.id, bob.id, "mini-q", "q1", "given", "4")  # one disagreement, little coverage
    dashboard.load(e.id)
    dashboard.refresh_now()
    summary = dashboard.summary.text()
    assert "2 interviewees" in summary and "2 answers" in summary and "1 disagreement" in summary
    assert "1 disagreements" not in summary
    assert "(provisional)" in summary and dashboard.caveat.isVisible()
    assert "Provisional: only" in dashboard.caveat.text()
    legend = dashboard.legend.text()
    assert "not assessed" in legend and "#d9d9d9" in legend.lower()
    model = context.library.model("mini")
    for level in model.scale.levels:
        assert f"{level.level} {level.name.en}" in legend
    _answer_all(repo, e, ann)
    _answer_all(repo, e, bob, "3")
    dashboard.refresh_now()
    assert "(provisional)" not in dashboard.summary.text() and not dashboard.caveat.isVisible()
    assert "0 disagreements" in dashboard.summary.text()


def test_a_sign_of_work_while_scoring(qtbot, context, engagement, monkeypatch):
    import threading

    import app.ui.dashboard as dashboard_module

    e, _ann, _bob = engagement
    release = threading.Event()
    real = dashboard_module.score_engagement

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_module, "score_engagement", slow)
    dashboard = DashboardView(context)
    qtbot.addWidget(dashboard)
    dashboard.show()
    dashboard.load(e.id)
    assert dashboard.busy.isVisible() and dashboard.busy_label.text() == "Scoring..."
    release.set()
    qtbot.waitUntil(lambda: dashboard.scores is not None, timeout=10000)
    assert not dashboard.busy.isVisible()
