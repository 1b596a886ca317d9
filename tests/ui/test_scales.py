"""The Results screen on a firm's 1-10 model: colours, override editor and the service follow the scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content import load_content
from app.errors import UserError
from app.ui.dashboard import LEVEL_COLOURS, DashboardView, OverrideDialog, level_colour

SCALE10 = Path(__file__).resolve().parent.parent / "fixtures" / "scale10"


@pytest.fixture
def firm10(tmp_path):
    from app.services import content_for_services
    from app.storage.database import open_database
    from app.storage.records import ServiceChoice
    from app.storage.repository import Repository
    from app.ui.context import AppContext

    library = load_content(SCALE10)
    assert library.ok, library.problems
    db = open_database(f"sqlite:///{tmp_path / 'omm.db'}")
    repo = Repository(db)
    customer = repo.create_customer("Firm customer")
    services = [ServiceChoice("firm-assessment")]
    e = repo.create_engagement(customer.id, "Ten-step review", services=services,
                               content=content_for_services(library, services))
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="firm10-q").id
    bob = repo.add_interviewee(e.id, "Bob", "executive", questionnaire_id="firm10-q").id
    for who, q, value in ((ann, "a1", "5"), (bob, "a1", "6"), (ann, "a2", "most"), (bob, "a2", "all"),
                          (ann, "a3", "9"), (bob, "d1", "3"), (ann, "d1", "7")):
        repo.save_answer(e.id, who, "firm10-q", q, "given", value)
    yield AppContext(library, repo, "en", consultant="Elena"), e.id
    db.close()


def test_level_colours_stretch_over_the_scale():
    assert level_colour(10, 1, 10).name() == LEVEL_COLOURS[-1]
    assert level_colour(1, 1, 10).name() == LEVEL_COLOURS[0]
    assert level_colour(5.25, 0, 12).name() == LEVEL_COLOURS[2]  # not "best" on 0-12
    assert level_colour(5.25).name() == LEVEL_COLOURS[5]  # the old 0-5 reading, kept as the default


def test_results_on_a_ten_level_model(qtbot, firm10):
    context, engagement_id = firm10
    screen = DashboardView(context)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.load(engagement_id)
    qtbot.waitUntil(lambda: screen.scores is not None, timeout=10000)
    assert screen.capability_model.scale == (1, 10)
    rows = {screen.capability_model.keys[i]: screen.capability_model.rows[i]
            for i in range(screen.capability_model.rowCount())}
    assert rows["access.identity"][2] == 7.13 and rows["access.identity"][4] == 8.0  # level, target
    assert "Overall 6.54 (target 8.00)" in screen.summary.text()
    score = screen.scores.models["firm10"].capability("access.identity")
    dialog = OverrideDialog("Identity", score.computed_level, None, screen, scale=(1, 10))
    qtbot.addWidget(dialog)
    assert (dialog.level.minimum(), dialog.level.maximum()) == (1, 10)
    assert dialog.level.value() == 7.13  # not cut to 5, so saving does not lower the level


def test_an_override_outside_the_scale_is_refused_and_nothing_is_stored(firm10):
    from app.services.results import set_override

    context, engagement_id = firm10
    scale = context.library.model("firm10").scale
    with pytest.raises(UserError, match="outside the model's scale 1-10"):
        set_override(context.repo, engagement_id, "firm10", "access.identity", 10.5, "seen", scale=scale)
    with pytest.raises(UserError, match="outside"):
        set_override(context.repo, engagement_id, "firm10", "access.identity", 0, "seen", scale=scale)
    assert not context.repo.engagement_data(engagement_id).overrides
    set_override(context.repo, engagement_id, "firm10", "access.identity", 9.5, "seen in the audit", scale=scale)
    assert len(context.repo.engagement_data(engagement_id).overrides) == 1


def test_a_target_outside_the_scale_is_refused_and_nothing_is_stored(firm10, database_dump):
    from app.services.results import set_target

    context, engagement_id = firm10
    scale = context.library.model("firm10").scale
    before = database_dump(context.repo)
    for level in (11, 0, float("nan")):
        with pytest.raises(UserError, match="a target of .* is outside the model's scale 1-10"):
            set_target(context.repo, engagement_id, "firm10", "access.identity", level, scale=scale)
    assert database_dump(context.repo) == before
    set_target(context.repo, engagement_id, "firm10", "access.identity", 9.5, scale=scale)
    targets = context.repo.list_targets(engagement_id)
    assert [(t.subject_id, t.level) for t in targets if t.subject_id == "access.identity"] == [("access.identity", 9.5)]
