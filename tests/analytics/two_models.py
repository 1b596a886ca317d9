"""A repository whose engagements are scored on two models: the mini model (three) and firm03 (two).

The content folder joins the two fixture sets (``tests/fixtures/content`` and the 0-3
``tests/fixtures/scale03``) under the mini catalogue.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from app.storage.records import ContentRef, ServiceChoice
from app.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = (ContentRef("model", "mini", "1.0"), ContentRef("questionnaire", "mini-q", "1.0"))
FIRM = (ContentRef("model", "firm03", "1.0"), ContentRef("questionnaire", "firm03-q", "1.0"))


def two_model_content(folder: Path) -> Path:
    """A content folder holding both models and their questionnaires."""
    for sub in ("maturity_models", "questionnaires"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "content" / "maturity_models" / "mini.yaml", folder / "maturity_models")
    shutil.copy(FIXTURES / "scale03" / "maturity_models" / "firm03.yaml", folder / "maturity_models")
    for name in ("mini-q.yaml", "catalogue.yaml"):
        shutil.copy(FIXTURES / "content" / "questionnaires" / name, folder / "questionnaires")
    shutil.copy(FIXTURES / "scale03" / "questionnaires" / "firm03-q.yaml", folder / "questionnaires")
    return folder


def fill_two_models(repo: Repository) -> dict[str, str]:
    """Three engagements on the mini model, two on firm03; name -> id."""
    made = {}
    for name, customer, start, content, questionnaire, values in (
            ("Harbour Bank 2025", "Harbour Bank", date(2025, 10, 6), MINI, "mini-q", {"q1": "4", "q4": "ic"}),
            ("Harbour Bank 2024", "Harbour Bank", date(2024, 10, 6), MINI, "mini-q", {"q1": "1", "q4": "nobody"}),
            ("Northwind review", "Northwind Logistics", date(2025, 11, 2), MINI, "mini-q", {"q1": "2"}),
            ("Firm review 东方", "东方制造", date(2025, 12, 1), FIRM, "firm03-q",
             {"m1": "all", "m2": "most", "b1": "all", "g1": "2"}),
            ("Firm review West", "West Foods", date(2025, 9, 1), FIRM, "firm03-q", {"m1": "some", "b1": "none"})):
        record = repo.find_customer(customer) or repo.create_customer(customer, "Banking", 40, 5)
        e = repo.create_engagement(record.id, name, services=(ServiceChoice("diagnosis-basic"),), content=content,
                                   start_date=start, consultant="Elena")
        person = repo.add_interviewee(e.id, "Ann Lee", "sre", questionnaire_id=questionnaire)
        for q, v in values.items():
            repo.save_answer(e.id, person.id, questionnaire, q, "given", v)
        made[name] = e.id
    return made
