"""A repository with a thousand engagements: does the engagement list stay fast?

Fills a fresh SQLite file with 1,000 engagements (200 customers, 3 interviewees and
40 answers each: 40,000 answers), then times what the window does on every visit to
the list: list all, search as you type, filter by service, find one by name, fill the
list's Qt model, and score one engagement. Prints medians; no target is asserted.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.content import load_content_cached  # noqa: E402
from app.services import content_for_services, score_engagement  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.records import EngagementStatus, ServiceChoice  # noqa: E402
from app.storage.repository import EngagementFilter, Repository  # noqa: E402

ENGAGEMENTS = 1000


def timed(fn, runs: int = 15) -> tuple[float, object]:
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="omm-bench-repo-"))
    os.environ["OMM_DATA_DIR"] = str(tmp)
    library = load_content_cached()
    repo = Repository(open_database(f"sqlite:///{tmp / 'omm.db'}"))
    services = [ServiceChoice("diagnosis-basic")]
    content = content_for_services(library, services)
    questions = [q.id for s in library.questionnaire("diagnosis-basic").sections for q in s.questions][:40]
    statuses = list(EngagementStatus)
    t0 = time.perf_counter()
    customers = [repo.create_customer(f"Customer {c:03d}", ["Banking", "Retail", "Logistics", "Energy"][c % 4],
                                      20 + c % 200, 3 + c % 15) for c in range(200)]
    for i in range(ENGAGEMENTS):
        e = repo.create_engagement(customers[i % 200].id, f"Customer {i % 200:03d} - assessment {2020 + i // 200}",
                                   services=services, content=content, status=statuses[i % len(statuses)])
        for p in range(3):
            person = repo.add_interviewee(e.id, f"Person {p}", ["sre", "om_manager", "executive"][p])
            if p == 0:
                for n, qid in enumerate(questions):
                    repo.save_answer(e.id, person.id, "diagnosis-basic", qid, "given", str(n % 6))
    fill = time.perf_counter() - t0
    print(f"repository with {ENGAGEMENTS} engagements, {ENGAGEMENTS * 3} interviewees, "
          f"{ENGAGEMENTS * len(questions)} answers (filled in {fill:.1f} s), SQLite")

    ms, rows = timed(lambda: repo.list_engagements())
    print(f"  list all engagements        {ms:7.1f} ms  ({len(rows)} rows)")
    ms, rows = timed(lambda: repo.list_engagements(EngagementFilter(text="customer 04")))
    print(f"  search 'customer 04'        {ms:7.1f} ms  ({len(rows)} rows)")
    ms, rows = timed(lambda: repo.list_engagements(EngagementFilter(service_id="diagnosis-basic",
                                                                    status=EngagementStatus.IN_PROGRESS)))
    print(f"  filter service + status     {ms:7.1f} ms  ({len(rows)} rows)")
    ms, _ = timed(lambda: repo.find_engagement("Customer 123 - assessment 2024"))
    print(f"  find one by name            {ms:7.1f} ms")
    target = repo.find_engagement("Customer 123 - assessment 2024")
    ms, _ = timed(lambda: score_engagement(library, repo, target.id))
    print(f"  score one engagement        {ms:7.1f} ms")

    from PySide6.QtWidgets import QApplication

    from app.ui.engagement_list import EngagementTableModel

    app = QApplication.instance() or QApplication([])
    model = EngagementTableModel()
    all_rows = repo.list_engagements()
    ms, _ = timed(lambda: model.set_rows(all_rows))
    print(f"  fill the list's Qt model    {ms:7.1f} ms")
    app.processEvents()
    repo.db.close()


if __name__ == "__main__":
    main()
