"""The background-task helper: result, error, cancel and progress, always back on the main thread."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from app.errors import UserError
from app.ui.tasks import Cancelled, TaskControl, run_task, run_with_progress, wait_for_tasks


def on_main_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_result_arrives_on_the_main_thread(qtbot):
    seen: dict[str, object] = {}

    def work(control: TaskControl) -> int:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return 6 * 7

    def done(value: int) -> None:
        seen["value"] = value
        seen["main"] = on_main_thread()

    task = run_task(work, done, lambda exc, details: pytest.fail(f"unexpected error {exc}"))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == {"worker": True, "value": 42, "main": True}
    assert task.state == "succeeded" and task.result == 42


def test_error_arrives_with_its_traceback(qtbot):
    errors: list[tuple[BaseException, str, bool]] = []

    def work(control: TaskControl) -> None:
        raise ValueError("the spreadsheet has no sheet 'Answers'")

    task = run_task(work, lambda _v: pytest.fail("no result expected"),
                    lambda exc, details: errors.append((exc, details, on_main_thread())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    [(exc, details, main)] = errors
    assert isinstance(exc, ValueError) and main
    assert "Traceback" in details and "in work" in details
    assert task.state == "failed" and task.error is exc


def test_an_error_without_handler_reaches_the_presenter(qtbot, boxes):
    def work(control: TaskControl) -> None:
        raise UserError("the file is not a survey form")

    task = run_task(work)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert [b["text"] for b in boxes.shown] == ["The file is not a survey form."]


def test_cancel_flag_stops_the_work(qtbot):
    started = threading.Event()
    steps: list[int] = []
    outcome: list[str] = []

    def work(control: TaskControl) -> str:
        started.set()
        for i in range(1000):
            control.check_cancelled()
            steps.append(i)
            time.sleep(0.005)
        return "finished"

    task = run_task(work, lambda _v: outcome.append("result"), lambda e, d: outcome.append("error"),
                    on_cancelled=lambda: outcome.append("cancelled"))
    assert started.wait(5)
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert outcome == ["cancelled"] and task.state == "cancelled"
    assert len(steps) < 1000


def test_returning_after_cancel_counts_as_cancelled(qtbot):
    outcome: list[str] = []
    release = threading.Event()

    def work(control: TaskControl) -> str:
        release.wait(5)
        return "late"  # did not poll, but the user cancelled: the result is not delivered

    task = run_task(work, lambda _v: outcome.append("result"), on_cancelled=lambda: outcome.append("cancelled"))
    task.cancel()
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert outcome == ["cancelled"]


def test_progress_is_reported_on_the_main_thread(qtbot):
    progress: list[tuple[int, int, str, bool]] = []

    def work(control: TaskControl) -> None:
        for i in range(1, 4):
            control.progress(i, 3, f"step {i}")
            time.sleep(0.06)  # longer than the throttle interval

    task = run_task(work, on_progress=lambda d, t, m: progress.append((d, t, m, on_main_thread())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert [p[:3] for p in progress] == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]
    assert all(p[3] for p in progress)


def test_progress_dialog_cancel_button_cancels(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    started = threading.Event()
    outcome: list[str] = []

    def work(control: TaskControl) -> None:
        started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            control.check_cancelled()
            control.progress(1, 10, "Writing the report")
            time.sleep(0.01)

    task = run_with_progress(parent, work, lambda _v: outcome.append("result"), title="Export",
                             label="Writing...", on_cancelled=lambda: outcome.append("cancelled"),
                             minimum_duration_ms=0)
    dialog = task.dialog
    assert started.wait(5)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.labelText() == "Writing the report", timeout=5000)
    [cancel] = dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert outcome == ["cancelled"]
    assert not dialog.isVisible()


def test_result_for_a_closed_screen_is_dropped_but_errors_are_not(qtbot, boxes):
    owner = QWidget()
    results: list[object] = []
    gate = threading.Event()

    def fail(control: TaskControl) -> None:
        gate.wait(5)
        raise RuntimeError("disk vanished")

    ok = run_task(lambda c: gate.wait(5) and "value", results.append, owner=owner)
    bad = run_task(fail, results.append, lambda e, d: results.append(e), owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner), timeout=2000)
    gate.set()
    for task in (ok, bad):
        if not task.done:
            with qtbot.waitSignal(task.finished, timeout=5000):
                pass
    assert results == []
    assert [b["text"] for b in boxes.shown] == ["Something went wrong inside the workbench."]
    assert "disk vanished" in boxes.shown[0]["details"]


def test_serial_tasks_run_one_after_another(qtbot):
    active, overlaps = [0], []
    lock = threading.Lock()

    def work(control: TaskControl) -> None:
        with lock:
            active[0] += 1
            overlaps.append(active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1

    tasks = [run_task(work, serial=True) for _ in range(4)]
    qtbot.waitUntil(lambda: all(t.done for t in tasks), timeout=5000)
    assert max(overlaps) == 1
    assert wait_for_tasks(1000)


def test_cancelled_raised_directly_is_a_cancel(qtbot):
    outcome: list[str] = []

    def work(control: TaskControl) -> None:
        raise Cancelled()

    task = run_task(work, lambda _v: outcome.append("result"), lambda e, d: outcome.append("error"),
                    on_cancelled=lambda: outcome.append("cancelled"))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert outcome == ["cancelled"]
