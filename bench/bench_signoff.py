"""Review and sign-off on the largest demo engagement: checklist, snapshot, a report from it twice.

Creates the demo engagements in a temporary database, picks the engagement with the most
answers and times: generating and saving its evidence request list, writing the request
workbook, the review checklist, a snapshot (every record, document and score frozen and
hashed), and the maturity report made twice from the snapshot (the two files must be the
same bytes). Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.content import load_content  # noqa: E402
from app.demo import create_demo  # noqa: E402
from app.services import evidence_requests, review  # noqa: E402
from app.services.reports import offered_kinds, write_report  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import EngagementFilter, Repository  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, call):
    started = time.perf_counter()
    result = call()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main() -> None:
    library = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(open_database(f"sqlite:///{Path(tmp) / 'bench.db'}"))
        create_demo(library, repo)
        largest = max(repo.list_engagements(EngagementFilter(include_archived=True)), key=lambda e: e.answer_count)
        eid = largest.id
        print(f"engagement: {largest.name} ({largest.interviewee_count} interviewees, {largest.answer_count} answers)")
        state = timed("request list generated and saved", lambda: evidence_requests.generate_requests(library, repo,
                                                                                                        eid))
        print(f"request list: {len(state.items)} documents")
        timed("request workbook (.xlsx)", lambda: evidence_requests.export_requests(library, repo, eid,
                                                                                    Path(tmp) / "requests.xlsx"))
        checklist = timed("review checklist", lambda: review.review_checklist(library, repo, eid))
        print("open: " + ", ".join(f"{i.count} {i.key}" for i in checklist.items))
        info = timed("snapshot (frozen and hashed)", lambda: review.create_snapshot(library, repo, eid))
        size = len(repr(repo.documents.get(eid, "snapshot", info.id).payload))
        print(f"snapshot {info.id}: about {size / 1e6:.1f} MB of JSON, SHA-256 {info.content_hash[:16]}")
        kind = "maturity" if offered_kinds(library, repo.get_engagement(eid).services).get("maturity") == "" \
            else "survey"
        first = timed(f"{kind} report from the snapshot (.docx)",
                      lambda: write_report(library, repo, eid, kind, Path(tmp) / "a.docx", "en", snapshot=info.id))
        second = timed(f"{kind} report from the snapshot again",
                       lambda: write_report(library, repo, eid, kind, Path(tmp) / "b.docx", "en", snapshot=info.id))
        print(f"same bytes both times: {first.read_bytes() == second.read_bytes()}")
        repo.db.close()


if __name__ == "__main__":
    main()
