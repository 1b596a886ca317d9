"""Demo engagements speak their own language: a Chinese engagement's evidence is in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.content import load_content
from app.demo import TEXTS, create_demo
from app.storage.database import open_database
from app.storage.repository import EngagementFilter, Repository

ROOT = Path(__file__).resolve().parent.parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    library = load_content(ROOT)
    if not (library.ok and library.catalogue is not None):
        library = load_content(ROOT / "tests" / "fixtures" / "content")
    repo = Repository(open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"))
    created = create_demo(library, repo)
    assert created
    yield library, repo
    repo.db.close()


def test_evidence_titles_follow_the_engagement_language(demo):
    _, repo = demo
    engagements = repo.list_engagements(EngagementFilter(include_archived=True))
    languages = set()
    for engagement in engagements:
        lang = repo.get_engagement(engagement.id).language
        evidence = repo.list_evidence(engagement.id)
        if not evidence:
            continue
        languages.add(lang)
        titles = [e.title for e in evidence]
        assert set(titles) == {TEXTS[lang]["sample_file"], *TEXTS[lang]["requested"]}, engagement.name
        assert all(bool(CJK.search(t)) == (lang == "zh") for t in titles), titles
        assert {e.title for e in evidence if e.requested} == set(TEXTS[lang]["requested"])
    assert languages == {"en", "zh"}


def test_demo_is_idempotent(demo):
    library, repo = demo

    def snapshot():
        return sorted((e.name, e.answer_count, len(repo.list_evidence(e.id)))
                      for e in repo.list_engagements(EngagementFilter(include_archived=True)))

    before = snapshot()
    assert create_demo(library, repo) == []
    assert snapshot() == before


def test_the_sample_file_keeps_its_own_name(demo):
    _, repo = demo
    for engagement in repo.list_engagements(EngagementFilter(include_archived=True)):
        lang = repo.get_engagement(engagement.id).language
        files = [e for e in repo.list_evidence(engagement.id) if not e.requested]
        assert [f.original_name for f in files] in ([], [TEXTS[lang]["sample_name"]])


def test_every_demo_answer_is_to_a_question_the_content_still_has(demo):
    """After the content revision moved question ids, the samples were re-answered: no answer points nowhere."""
    library, repo = demo
    questions = {q.id: {x.id for s in q.sections for x in s.questions} for q in library.questionnaires.values()}
    answered = 0
    for engagement in repo.list_engagements(EngagementFilter(include_archived=True)):
        for answer in repo.list_answers(engagement.id):
            assert answer.question_id in questions.get(answer.questionnaire_id, set()), \
                (engagement.name, answer.questionnaire_id, answer.question_id)
            answered += 1
    assert answered > 1000
