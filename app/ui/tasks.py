"""Run plain functions off the UI thread, and always hear back on the UI thread.

In the spirit of Picard's ``run_task`` and Anki's operations: the work is a plain
Python function that knows nothing about Qt; it runs in a ``QThreadPool`` worker;
exactly one of *result*, *error* or *cancelled* comes back, on the main thread.
A failing task never disappears silently: without an ``on_error`` the error goes to
the application's error presenter (:mod:`app.ui.errors`).

API
---

``run_task(func, on_result=None, on_error=None, *, on_progress=None, on_cancelled=None,
owner=None, serial=False) -> Task``

- ``func(control: TaskControl) -> T`` runs in a worker thread. Bind other
  arguments with ``functools.partial``. It must not touch widgets. It may call
  ``control.progress(done, total=0, message="")`` (cheap; throttled to a few
  updates a second) and should poll ``control.cancelled`` or call
  ``control.check_cancelled()`` (raises :class:`Cancelled`) between steps.
- ``on_result(result)``: called on the main thread when ``func`` returned and the
  user did not cancel.
- ``on_error(exc, details)``: ``details`` is the formatted traceback. Default:
  ``app.ui.errors.present_error``. A ``UserError`` raised by ``func`` comes here
  too (and the presenter shows it as a plain message).
- ``on_cancelled()``: ``func`` raised :class:`Cancelled`, or returned after the
  user cancelled. Default: nothing.
- ``on_progress(done, total, message)``: main thread; ``total == 0`` means unknown.
- ``owner``: a widget the callbacks belong to. If it has been deleted by the time
  the task ends, the result is dropped, but an error is still presented.
- ``serial=True``: run in a one-thread pool, one such task after another (for
  work that writes to the database, as Anki serialises its collection access).
- The returned :class:`Task` has ``cancel()``, ``state`` (``"running"``,
  ``"succeeded"``, ``"failed"``, ``"cancelled"``), ``result``, ``error`` and the
  signals ``progressed``, ``succeeded``, ``failed``, ``cancelled``, ``finished``
  (tests wait on them with ``qtbot.waitSignal(task.finished)``).

``run_with_progress(parent, func, on_result, on_error=None, *, title, label,
on_cancelled=None, minimum_duration_ms=400, serial=False) -> Task``

The same, with a window-modal progress dialog that appears only if the work takes
longer than ``minimum_duration_ms``, shows ``control.progress`` messages and has a
Cancel button that sets the cancel flag. Use it for anything the user waits for:
report export, imports, comparisons. Example::

    def export(control: TaskControl) -> Path:
        for i, part in enumerate(parts):
            control.check_cancelled()
            control.progress(i, len(parts), f"Writing {part.title}")
            write(part)
        return out

    run_with_progress(self, export, on_result=lambda path: self.show_done(path),
                      title=self.tr("Export"), label=self.tr("Writing the report..."))

``wait_for_tasks(ms)`` blocks until the workers are idle (shutdown, tests).
Call ``run_task`` from the main thread: the ``Task`` object must live there so that
its signals are delivered there.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

__all__ = ["Cancelled", "Task", "TaskControl", "run_task", "run_with_progress", "wait_for_tasks"]


class Cancelled(Exception):
    """Raised inside a task (by ``check_cancelled``) to stop because the user cancelled."""


class TaskControl:
    """What the function running in the worker gets: progress reporting and the cancel flag."""

    PROGRESS_INTERVAL = 0.05  # seconds; more often only floods the event loop

    def __init__(self, emit_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._emit = emit_progress
        self._last = 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int = 0, message: str = "") -> None:
        now = time.monotonic()
        if self._emit is None or (now - self._last < self.PROGRESS_INTERVAL and (total <= 0 or done < total)):
            return
        self._last = now
        try:
            self._emit(int(done), int(total), str(message))
        except RuntimeError:  # the task object is gone (shutdown): nobody is listening any more
            self._cancel.set()


class Task(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    finished = Signal()
    _done = Signal(str, object, str)  # from the worker: outcome, value, traceback

    def __init__(self) -> None:
        super().__init__()
        self.control = TaskControl(self.progressed.emit)
        self.state = "running"
        self.result: Any = None
        self.error: BaseException | None = None
        self.details = ""
        self._before_delivery: list[Callable[[], None]] = []
        # Emitted in the worker, received here: Qt queues it to this object's (the main) thread.
        self._done.connect(self._deliver)

    def cancel(self) -> None:
        self.control.cancel()

    @property
    def done(self) -> bool:
        return self.state != "running"

    def _deliver(self, outcome: str, value: object, details: str) -> None:
        self.state = outcome
        for cleanup in self._before_delivery:
            cleanup()
        try:
            if outcome == "succeeded":
                self.result = value
                self.succeeded.emit(value)
            elif outcome == "failed":
                assert isinstance(value, BaseException)
                self.error, self.details = value, details
                self.failed.emit(value, details)
            else:
                self.cancelled.emit()
        finally:
            self.finished.emit()
            _live.discard(self)


class _Worker(QRunnable):
    def __init__(self, task: Task, func: Callable[[TaskControl], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it (via the task) until the task is delivered
        self.task = task
        self.func = func

    def run(self) -> None:
        control = self.task.control
        try:
            result = self.func(control)
        except Cancelled:
            outcome, value, details = "cancelled", None, ""
        except BaseException as exc:  # every failure reaches the caller, whatever it is
            outcome, value, details = "failed", exc, traceback.format_exc()
        else:
            outcome, value, details = ("cancelled" if control.cancelled else "succeeded"), result, ""
        finally:
            self.func = None  # type: ignore[assignment]  # drop references held by the closure
        try:
            self.task._done.emit(outcome, value, details)
        except RuntimeError:  # the application is shutting down and the task object is gone
            if outcome == "failed":
                print(details, file=sys.stderr, end="")


_live: set[Task] = set()
_serial_pool: QThreadPool | None = None


def _pool(serial: bool) -> QThreadPool:
    global _serial_pool
    if not serial:
        return QThreadPool.globalInstance()
    if _serial_pool is None:
        _serial_pool = QThreadPool()
        _serial_pool.setMaxThreadCount(1)
    return _serial_pool


def _alive(widget: QWidget | None) -> bool:
    return widget is None or shiboken6.isValid(widget)


def run_task(
    func: Callable[[TaskControl], Any],
    on_result: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException, str], object] | None = None,
    *,
    on_progress: Callable[[int, int, str], object] | None = None,
    on_cancelled: Callable[[], object] | None = None,
    owner: QWidget | None = None,
    serial: bool = False,
) -> Task:
    """Run ``func(control)`` in a worker; see the module docstring for the contract."""
    task = Task()

    def result(value: object) -> None:
        if on_result is not None and _alive(owner):
            on_result(value)

    def error(exc: BaseException, details: str) -> None:
        if on_error is not None and _alive(owner):
            on_error(exc, details)
        else:
            from app.ui.errors import present_error

            present_error(exc, owner if _alive(owner) else None, details=details)

    def cancelled() -> None:
        if on_cancelled is not None and _alive(owner):
            on_cancelled()

    task.succeeded.connect(result)
    task.failed.connect(error)
    task.cancelled.connect(cancelled)
    if on_progress is not None:
        task.progressed.connect(lambda done, total, message: _alive(owner) and on_progress(done, total, message))
    worker = _Worker(task, func)
    task._worker = worker  # type: ignore[attr-defined]
    _live.add(task)
    _pool(serial).start(worker)
    return task


def run_with_progress(
    parent: QWidget | None,
    func: Callable[[TaskControl], Any],
    on_result: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException, str], object] | None = None,
    *,
    title: str,
    label: str,
    on_cancelled: Callable[[], object] | None = None,
    minimum_duration_ms: int = 400,
    serial: bool = False,
) -> Task:
    """:func:`run_task` with a progress dialog that has a Cancel button."""
    from PySide6.QtCore import Qt  # here, not at the top: start-up need not build the Qt enums

    dialog = QProgressDialog(label, QCoreApplication.translate("Tasks", "Cancel"), 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(minimum_duration_ms)
    dialog.setMinimumWidth(420)

    def progress(done: int, total: int, message: str) -> None:
        if dialog.wasCanceled():
            return
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if message:
            dialog.setLabelText(message)

    task = run_task(func, on_result, on_error, on_progress=progress, on_cancelled=on_cancelled, owner=parent,
                    serial=serial)

    def cancel() -> None:
        task.cancel()
        dialog.setLabelText(QCoreApplication.translate("Tasks", "Cancelling..."))

    def close() -> None:
        if shiboken6.isValid(dialog):
            dialog.canceled.disconnect(cancel)
            dialog.close()
            dialog.deleteLater()

    dialog.canceled.connect(cancel)
    task._before_delivery.append(close)
    task.dialog = dialog  # type: ignore[attr-defined]
    return task


def wait_for_tasks(msecs: int = 30000) -> bool:
    """Block until every worker is idle (at shutdown, so no task writes to a closing database)."""
    ok = QThreadPool.globalInstance().waitForDone(msecs)
    if _serial_pool is not None:
        ok = _serial_pool.waitForDone(msecs) and ok
    return ok
