"""The interview's plain state: pending changes per answer and undo steps that carry their own values."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from app.ui.interview_state import AnswerCommand, AnswerKey, AnswerWrite, PendingWrites

ANN_Q1 = AnswerKey("e", "ann", "q", "q1")
ANN_Q2 = AnswerKey("e", "ann", "q", "q2")
BOB_Q1 = AnswerKey("e", "bob", "q", "q1")


def test_pending_changes_merge_per_answer_field_by_field():
    pending = PendingWrites()
    pending.add(AnswerWrite(ANN_Q1, {"status": "given", "value": "2"}))
    pending.add(AnswerWrite(ANN_Q1, {"note": "said so"}))
    pending.add(AnswerWrite(ANN_Q2, {"note": "other question"}))
    last = pending.add(AnswerWrite(BOB_Q1, {"status": "given", "value": "5"}))
    pending.add(AnswerWrite(ANN_Q1, {"status": "given", "value": "4"}))
    assert len(pending) == 3 and pending.change_count == 2 + 1 + 1 + 2
    assert dict(pending.get(ANN_Q1).values) == {"status": "given", "value": "4", "note": "said so"}
    assert dict(pending.get(ANN_Q2).values) == {"note": "other question"}
    assert pending.settle(BOB_Q1, last.revision) and BOB_Q1 not in pending
    revision = pending.get(ANN_Q1).revision
    pending.add(AnswerWrite(ANN_Q1, {"confidence": "low"}))  # changed while being written
    assert not pending.settle(ANN_Q1, revision) and ANN_Q1 in pending
    with pytest.raises(ValueError):
        AnswerWrite(ANN_Q1, {"colour": "red"})


def test_undo_steps_carry_their_key_and_values_and_merge_only_the_same_fields(qapp):
    applied: list[tuple[AnswerKey, dict]] = []
    stack = QUndoStack()

    def apply(key, values):
        applied.append((key, dict(values)))

    stack.push(AnswerCommand(apply, ANN_Q1, {"status": None, "value": None}, {"status": "given", "value": "2"}, "a"))
    stack.push(AnswerCommand(apply, ANN_Q1, {"status": "given", "value": "2"}, {"status": "given", "value": "4"}, "b"))
    stack.push(AnswerCommand(apply, ANN_Q1, {"confidence": None}, {"confidence": "medium"}, "c"))
    stack.push(AnswerCommand(apply, ANN_Q2, {"confidence": None}, {"confidence": "low"}, "d"))
    assert stack.count() == 3  # 2 then 4 on q1 is one step
    applied.clear()
    for _ in range(3):
        stack.undo()
    assert applied == [(ANN_Q2, {"confidence": None}), (ANN_Q1, {"confidence": None}),
                       (ANN_Q1, {"status": None, "value": None})]
    with pytest.raises(ValueError):
        AnswerCommand(apply, ANN_Q1, {"status": None}, {"note": "x"}, "mismatch")
