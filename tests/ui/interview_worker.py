"""Run by test_crash.py in a subprocess: answers questions through the interview screen.

It prints ``QUESTION LEVEL`` when the screen acknowledges an answer (the writer says it
is in the database), and ``stalled`` when the database refused a save (another program
holds the lock), so the parent knows what was acknowledged before it kills this process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.content import load_content  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import Repository  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.interview import InterviewView  # noqa: E402


def main() -> None:
    url, content, engagement_id, person_id = sys.argv[1:5]
    app = QApplication([])
    context = AppContext(load_content(content), Repository(open_database(url)), "en")
    view = InterviewView(context)
    view.load(engagement_id)
    view.select_person(person_id)
    view.show()

    def acknowledged(key) -> None:
        state = view.track.state_of(key.question_id)
        print(f"{key.question_id} {state.value}", flush=True)

    view.writer.saved.connect(acknowledged)
    view.writer.stalled.connect(lambda _reason: print("stalled", flush=True))
    app.processEvents()
    round_ = 0
    while True:  # keep answering until killed
        for position in range(len(view.track.items)):
            view.go_to(position)
            level = str((position + round_) % 6)
            question = view.track.current[1]
            if question.answer.type != "levels":
                continue
            view.keyPressEvent(QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_0 + int(level),
                                         Qt.KeyboardModifier.NoModifier, level))
            for _ in range(5):
                app.processEvents()
        round_ += 1


if __name__ == "__main__":
    main()
