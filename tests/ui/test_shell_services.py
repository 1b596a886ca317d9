"""The small plain helpers the shell added to app.services (no Qt)."""

from __future__ import annotations

from app.services import keep_recorded_versions, suggest_copy_name, tracks_for_role
from app.storage.records import ContentRef


def test_copy_name_takes_this_year_or_says_reassessment():
    assert suggest_copy_name("Harbour Bank - assessment 2025", [], 2026) == "Harbour Bank - assessment 2026"
    assert suggest_copy_name("Harbour Bank - assessment 2026", [], 2026) == \
        "Harbour Bank - assessment 2026 (re-assessment)"
    assert suggest_copy_name("Acme", ["acme (re-assessment)"], 2026) == "Acme (re-assessment) (2)"
    assert suggest_copy_name("FY2024 audit 2025", [], 2026) == "FY2024 audit 2026"  # the last year changes


def test_edited_engagement_keeps_the_versions_it_recorded():
    recorded = [ContentRef("questionnaire", "q", "1.0"), ContentRef("model", "m", "1.0")]
    required = [ContentRef("questionnaire", "q", "2.0"), ContentRef("model", "m", "2.0"),
                ContentRef("questionnaire", "new", "1.1")]
    assert keep_recorded_versions(recorded, required) == [
        ContentRef("questionnaire", "q", "1.0"), ContentRef("model", "m", "1.0"),
        ContentRef("questionnaire", "new", "1.1")]


def test_tracks_for_role_put_the_diagnosis_first(mini_library):
    q = mini_library.questionnaire("mini-q")
    diag = q.model_copy(update={"id": "diagnosis-x"})
    other = q.model_copy(update={"id": "another", "roles": ("sre",)})
    assert [t.id for t in tracks_for_role([other, q, diag], "sre")] == ["diagnosis-x", "another", "mini-q"]
    assert [t.id for t in tracks_for_role([other, q, diag], "executive")] == ["diagnosis-x", "mini-q"]
