"""Key press -> answer committed, through the real interview screen (offscreen).

Each sample sends a level key to the InterviewView. Two clocks: when the handler
returns (the screen shows the choice: cards, outline, counters; what the consultant
waits for), and when the writer thread's acknowledgement arrives (the answer is
committed to SQLite). Target: p99 < 30 ms for both.
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

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.content import load_content  # noqa: E402
from app.services import content_for_services  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.records import ServiceChoice  # noqa: E402
from app.storage.repository import Repository  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.interview import InterviewView  # noqa: E402


def main() -> None:
    app = QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="omm-keypress-"))
    os.environ["OMM_DATA_DIR"] = str(tmp)
    library = load_content()
    questionnaire_id = "diagnosis-professional"
    try:
        library.questionnaire(questionnaire_id)
        service = "diagnosis-professional"
    except LookupError:
        library = load_content(Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "content")
        service, questionnaire_id = "diagnosis-basic", "mini-q"
    repo = Repository(open_database(f"sqlite:///{tmp / 'omm.db'}"))
    customer = repo.create_customer("Bench Co")
    services = [ServiceChoice(service)]
    e = repo.create_engagement(customer.id, "Bench", services=services,
                               content=content_for_services(library, services))
    person = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id=questionnaire_id)
    view = InterviewView(AppContext(library, repo, "en"))
    view.resize(1366, 700)
    view.show()
    view.load(e.id)
    view.select_person(person.id, questionnaire_id)
    app.processEvents()
    levels_positions = [i for i, (_, q) in enumerate(view.track.items) if q.answer.type == "levels"]
    samples: list[float] = []
    acknowledged: list[float] = []
    acked_at: list[float] = []
    cpu: list[float] = []  # process CPU time (all threads) per key press until acknowledged
    view.writer.saved.connect(lambda _key: acked_at.append(time.perf_counter()))
    for round_ in range(3):
        for position in levels_positions:
            view.go_to(position)
            app.processEvents()
            level = str((position + round_) % 6)
            event = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_0 + int(level), Qt.KeyboardModifier.NoModifier,
                              level)
            t0 = time.perf_counter()
            c0 = time.process_time()
            view.keyPressEvent(event)
            samples.append((time.perf_counter() - t0) * 1000)
            acked_at.clear()
            if not view.wait_saved(5000) or not acked_at:
                raise SystemExit("an answer was not acknowledged")
            acknowledged.append((acked_at[0] - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            app.processEvents()
    answered = repo.list_answers(e.id)
    assert len([a for a in answered if a.status == "given"]) == len(levels_positions)
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * (len(ordered) - 1)))]
    print(f"key press -> answer shown ({len(samples)} presses, {questionnaire_id}, SQLite)")
    print(f"  median {statistics.median(samples):.2f} ms   p99 {p99:.2f} ms   max {max(samples):.2f} ms"
          f"   (target p99 < 30 ms)")
    ordered_ack = sorted(acknowledged)
    p99_ack = ordered_ack[min(len(ordered_ack) - 1, int(0.99 * (len(ordered_ack) - 1)))]
    print("key press -> answer committed by the writer thread and acknowledged on the UI thread "
          "(after the repaint the key press queued)")
    print(f"  median {statistics.median(acknowledged):.2f} ms   p99 {p99_ack:.2f} ms   max {max(acknowledged):.2f} ms"
          f"   (target p99 < 30 ms)")
    # On a shared, loaded machine wall time mostly measures the wait for a CPU; the CPU time the
    # process spends per key is what the code controls.
    print(f"  CPU time per key press until acknowledged (all threads): median {statistics.median(cpu):.2f} ms"
          f"   p90 {sorted(cpu)[int(0.9 * (len(cpu) - 1))]:.2f} ms   (load average {os.getloadavg()[0]:.1f})")
    slow = sorted(range(len(samples)), key=lambda i: -samples[i])[:6]
    print("  slowest presses (index: ms):", ", ".join(f"{i}: {samples[i]:.1f}" for i in slow))
    view.shutdown()
    view.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
