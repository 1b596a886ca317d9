from __future__ import annotations

from datetime import date

import pytest

from app.planning.model import Phase, PlanInitiative
from app.services import content_for_services
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository


def item(item_id: str, effort: float = 2.0, months: float = 2.0, deps: tuple[str, ...] = (),
         caps: tuple[str, ...] = ("change.approval",), **kw) -> PlanInitiative:
    return PlanInitiative(item_id, {"en": item_id.upper(), "zh": item_id}, caps, effort, months, depends_on=deps, **kw)


def phases(*spec: tuple[float, float, float]) -> list[Phase]:
    return [Phase(f"P{n + 1}", {"en": f"Phase {n + 1}"}, s, e, c) for n, (s, e, c) in enumerate(spec)]


@pytest.fixture
def mini_model(mini_library):
    return mini_library.model("mini")


WORKSHOP = {"w.obj.01": "obj.fewer_outages", "w.obj.02": "obj.compliance", "w.obj.03": "obj.faster_recovery",
            "w.con.01": "flat", "w.con.02": "frozen", "w.app.03": "y2", "w.target.change": "4"}


@pytest.fixture
def planning_db(shipped_library, new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    url = new_database()
    db = open_database(url)
    repo = Repository(db)
    customer = repo.create_customer("Kestrel Insurance", "Insurance", 42, 6)
    services = [ServiceChoice("assessment-planning", "medium")]
    engagement = repo.create_engagement(customer.id, "Kestrel - planning 2026", services=services,
                                        content=content_for_services(shipped_library, services),
                                        consultant="Elena", start_date=date(2026, 3, 2))
    cio = repo.add_interviewee(engagement.id, "Ruth Abara", "executive", questionnaire_id="planning-workshop")
    ops = repo.add_interviewee(engagement.id, "Ian Cole", "om_manager", questionnaire_id="diagnosis-professional")
    for question, value in WORKSHOP.items():
        repo.save_answer(engagement.id, cio.id, "planning-workshop", question, "given", value)
    diagnosis = shipped_library.questionnaire("diagnosis-professional")
    levels = {"change": "1", "incident": "2", "problem": "1", "observability": "2"}
    for section in diagnosis.sections:
        for q in section.questions:
            domain = q.capability.split(".")[0]
            if q.answer.type == "levels" and domain in levels and "om_manager" in q.roles:
                repo.save_answer(engagement.id, ops.id, "diagnosis-professional", q.id, "given", levels[domain])
    yield url, repo, engagement
    db.close()
