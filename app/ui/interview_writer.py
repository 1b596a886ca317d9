"""Saving interview changes off the UI thread, one answer at a time, kept until the database takes them.

Every change goes into :class:`~app.ui.interview_state.PendingWrites` (one entry per
answer) and to one writer thread, which saves it in its own short transactions. A
database that is locked makes a save wait (SQLite's busy timeout, PostgreSQL's lock
timeout); that wait happens in the writer thread, so the window never freezes. When the
database refuses, the entry stays pending, the screen is told why, and the writer tries
again every ``retry_ms`` with one entry first (so a still-locked database costs one wait,
not one per pending answer).

``saved(key)`` says that everything changed on that answer so far is in the database:
it is the screen's acknowledgement, nothing earlier is.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from app.services.interviews import save_answer_changes
from app.services.workspace import Repository
from app.storage.errors import StorageUnavailable
from app.ui.interview_state import AnswerKey, AnswerWrite, PendingAnswer, PendingWrites


@dataclass
class _Job:
    key: AnswerKey
    revision: int
    values: dict
    answered_by: str
    attachments: list
    error: BaseException | None = None
    thread_id: int | None = None
    call: Callable[[], object] | None = None  # a best-effort side write (the session's place and time)
    on_done: Callable[[object], object] | None = None
    result: object = None


class AnswerWriter(QObject):
    saved = Signal(object)  # AnswerKey
    attached = Signal(object, list)  # AnswerKey, evidence ids now recorded and linked to it
    stalled = Signal(str)  # why the database refuses; the changes are kept
    dropped = Signal(object, object)  # PendingAnswer, exception: can never be saved (e.g. the person was deleted)
    pending_changed = Signal()
    _finished = Signal(object)  # from the writer thread: a _Job with or without error
    _finished_on_ui = Signal()  # after a finished job was handled (and any follow-up sent)

    def __init__(self, repo: Repository, retry_ms: int = 2000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.pending = PendingWrites()
        self.reason = ""  # why the last save failed, while something is pending
        self.blocked = False
        self.last_thread_id: int | None = None  # where the last save ran (tests check it is not the UI's)
        self._in_flight: dict[AnswerKey, int] = {}
        self._side = 0  # best-effort writes under way
        # One thread writes; answers go first, best-effort writes (coalesced by purpose) after.
        self._cond = threading.Condition()
        self._answer_jobs: deque[_Job] = deque()
        self._side_jobs: dict[str, _Job] = {}
        self._stopped = False
        self._finished.connect(self._on_finished)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.retry_now)
        cond = self._cond

        def end_thread(*_args) -> None:  # the thread ends with its writer
            with cond:
                self._stopped = True
                cond.notify_all()

        self._end_thread = end_thread
        self.destroyed.connect(end_thread)
        self._thread = threading.Thread(target=self._run, name="omm-answer-writer", daemon=True)
        self._thread.start()

    # -- what the screen calls ---------------------------------------------------
    def submit(self, write: AnswerWrite) -> None:
        self.pending.add(write)
        self.pending_changed.emit()
        if not self.blocked:
            self._send(write.key)

    def attach(self, key: AnswerKey, source: str, label: str = "") -> None:
        self.pending.add_attachment(key, source, label)
        self.pending_changed.emit()
        if not self.blocked:
            self._send(key)

    def is_pending(self, key: AnswerKey) -> bool:
        return key in self.pending

    @property
    def count(self) -> int:
        """Answers with something not saved yet."""
        return len(self.pending)

    @property
    def busy(self) -> bool:
        return bool(self._in_flight)

    def retry_now(self) -> None:
        """Try again: one answer first; the others follow once it is saved."""
        self._retry.stop()
        if not self.pending or self._in_flight:
            return
        self._send(self.pending.keys()[0])

    def discard(self) -> list[PendingAnswer]:
        """Give up the pending changes (the user chose to); returns what was dropped."""
        self._retry.stop()
        dropped = self.pending.clear()
        self.blocked = False
        self.reason = ""
        self.pending_changed.emit()
        return dropped

    def wait(self, msecs: int, *, until_saved: bool = False) -> bool:
        """Let the event loop run (the window stays alive) until nothing is being written, or ``msecs``.

        With ``until_saved`` it also waits for the changes still pending: a save the database
        refused is tried again by the retry timer, which runs in this loop. True when
        nothing is being written (and, with ``until_saved``, nothing is left unsaved).
        """
        deadline = time.monotonic() + msecs / 1000

        def busy() -> bool:
            if self._in_flight or self._side:
                return True
            if until_saved and self.pending:
                if not self._retry.isActive():  # a refused save always leaves the timer running
                    self._retry.start()
                return True
            return False

        while busy() and time.monotonic() < deadline:
            loop = QEventLoop()
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            self._finished_on_ui.connect(loop.quit)
            timer.start(max(1, int((deadline - time.monotonic()) * 1000)))
            loop.exec()
            self._finished_on_ui.disconnect(loop.quit)
        return not self._in_flight and not (until_saved and self.pending)

    def best_effort(self, purpose: str, call: Callable[[], object],
                    on_done: Callable[[object], object] | None = None) -> None:
        """Run a write that is a convenience (where the interview stands, its time) in the writer thread.

        Skipped while the database refuses; a failure is dropped: answers have their own retry.
        A newer write of the same ``purpose`` replaces one not started yet.
        """
        if self.blocked:
            return
        job = _Job(None, 0, {}, "", [], call=call, on_done=on_done)  # type: ignore[arg-type]
        with self._cond:
            if self._side_jobs.pop(purpose, None) is None:
                self._side += 1
            self._side_jobs[purpose] = job
            self._cond.notify()

    def stop(self) -> None:
        """End the writer thread (it finishes the save it is in, if any, on its own)."""
        self._retry.stop()
        self._end_thread()

    # -- plumbing ------------------------------------------------------------------
    def _send(self, key: AnswerKey) -> None:
        entry = self.pending.get(key)
        if entry is None or key in self._in_flight:
            return
        self._in_flight[key] = entry.revision
        # The worker gets its own copies: the screen may change the entry while it writes.
        job = _Job(key, entry.revision, dict(entry.values), entry.answered_by, list(entry.attachments))
        with self._cond:
            self._answer_jobs.append(job)
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._stopped or self._answer_jobs or self._side_jobs):
                    self._cond.wait()
                if self._stopped:
                    return
                if self._answer_jobs:
                    job = self._answer_jobs.popleft()
                else:
                    job = self._side_jobs.pop(next(iter(self._side_jobs)))
            job.thread_id = threading.get_ident()
            try:
                if job.call is not None:
                    job.result = job.call()
                else:
                    k = job.key
                    job.result = save_answer_changes(self.repo, k.engagement_id, k.interviewee_id,
                                                     k.questionnaire_id, k.question_id, job.values,
                                                     answered_by=job.answered_by, attach=job.attachments)
            except BaseException as exc:  # every outcome goes back to the UI thread
                job.error = exc
            try:
                self._finished.emit(job)
            except RuntimeError:  # the writer object is gone (the window closed)
                return

    def _on_finished(self, job: _Job) -> None:
        try:
            self._handle(job)
        finally:
            self._finished_on_ui.emit()

    def _handle(self, job: _Job) -> None:
        if job.call is not None:
            self._side -= 1
            if job.error is None and job.on_done is not None:
                job.on_done(job.result)
            return
        self._in_flight.pop(job.key, None)
        self.last_thread_id = job.thread_id
        entry = self.pending.get(job.key)
        if job.error is None:
            self.blocked = False
            if job.result:
                self.attached.emit(job.key, list(job.result))
            if entry is not None and not self.pending.settle(job.key, job.revision):
                # Changed while it was written: what was written is saved, the rest goes next.
                entry.attachments = entry.attachments[len(job.attachments):]  # new files are appended
                for group in (("status", "value"), ("confidence",), ("follow_up",), ("note",), ("quotable",),
                              ("evidence_strength",)):
                    # status and value are one answer: they leave together or not at all
                    if all(n in job.values and n in entry.values and entry.values[n] == job.values[n]
                           for n in group if n in job.values or n in entry.values) \
                            and any(n in entry.values for n in group):
                        for n in group:
                            entry.values.pop(n, None)
                if not entry.values and not entry.attachments:
                    self.pending.drop(job.key)
            if job.key not in self.pending:
                self.saved.emit(job.key)
            if not self.pending:
                self.reason = ""
            self.pending_changed.emit()
            for key in self.pending.keys():
                self._send(key)
            return
        if isinstance(job.error, StorageUnavailable):
            self.blocked = True
            self.reason = str(job.error)
            self._retry.start()
            self.stalled.emit(self.reason)
            self.pending_changed.emit()
            return
        # Not a passing problem: the interviewee or engagement is gone, or a bug. Retrying
        # cannot help; the screen says what was lost.
        dropped = self.pending.drop(job.key)
        self.pending_changed.emit()
        if dropped is not None:
            self.dropped.emit(dropped, job.error)
        for key in self.pending.keys():
            self._send(key)
