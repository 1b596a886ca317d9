"""A broken content file names itself, and the interview offers nothing to answer (issue 9)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.content import load_content
from app.errors import UserError
from app.services import content_for_services, engagement_questionnaires
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository
from app.ui.context import AppContext
from app.ui.interview import InterviewView


@pytest.fixture
def broken(tmp_path, mini_library):
    """An engagement made with the mini content, then its questionnaire file broken by a typo."""
    root = tmp_path / "content"
    shutil.copytree(mini_library.root, root)
    repo = Repository(open_database(str(tmp_path / "omm.db")))
    services = [ServiceChoice("diagnosis-basic")]
    customer = repo.create_customer("Acme")
    engagement = repo.create_engagement(customer.id, "Acme diagnosis", services=services,
                                        content=content_for_services(mini_library, services),
                                        start_date=date(2026, 1, 1))
    repo.add_interviewee(engagement.id, "Ann", "sre", questionnaire_id="mini-q")
    path = root / "questionnaires" / "mini-q.yaml"
    path.write_text(path.read_text("utf-8").replace("sections:", "sections: [", 1), "utf-8")
    library = load_content(root)
    assert not library.ok
    yield library, repo, repo.get_engagement(engagement.id)
    repo.db.close()


def test_the_message_names_the_broken_file_and_its_problem(broken):
    library, _repo, engagement = broken
    with pytest.raises(UserError) as info:
        engagement_questionnaires(library, engagement)
    message = str(info.value)
    assert message.startswith("engagement 'Acme diagnosis' needs questionnaire 'mini-q' version ")
    assert "did not load because of an error in its file: questionnaires/mini-q.yaml:" in message
    assert "malformed YAML" in message and "is not installed" not in message


def test_a_missing_version_is_said_as_such(tmp_path, mini_library):
    from app.assessment.scores import missing_content_message
    from app.storage.records import ContentRef

    repo = Repository(open_database(str(tmp_path / "omm.db")))
    customer = repo.create_customer("Acme")
    engagement = repo.create_engagement(customer.id, "Old one")
    message = missing_content_message(mini_library, engagement, ContentRef("questionnaire", "mini-q", "0.1"))
    assert message.startswith("engagement 'Old one' needs questionnaire 'mini-q' version 0.1, but only version ")
    message = missing_content_message(mini_library, engagement, ContentRef("model", "gone", "2"))
    assert message == "engagement 'Old one' needs maturity model 'gone' version 2, which is not installed; " \
                      "install that content"
    repo.db.close()


def test_the_interview_names_the_problem_and_takes_no_answer(qtbot, broken):
    library, repo, engagement = broken
    view = InterviewView(AppContext(library, repo, "en", consultant="Elena"))
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.load(engagement.id)
    assert view.track is None and not view._splitter.isVisible()
    assert view.empty_label.isVisible()
    assert "Answering is disabled" in view.empty_label.text() and "questionnaires/mini-q.yaml" in view.empty_label.text()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert repo.list_answers(engagement.id) == []
