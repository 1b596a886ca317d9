"""The one error presenter: user errors, storage that refused a write, and bugs with details."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from app.errors import UserError
from app.storage.repository import StorageUnavailable
from app.ui.errors import build_box, install_excepthook, present_error


def test_user_error_is_a_plain_sentence(qtbot, boxes):
    present_error(UserError("an engagement named 'X' already exists"))
    [box] = boxes.shown
    assert box["text"] == "An engagement named 'X' already exists."
    assert box["details"] == "" and box["buttons"] == [QMessageBox.StandardButton.Ok]


def test_storage_unavailable_says_not_saved_and_offers_retry(qtbot, boxes):
    calls: list[str] = []
    boxes.answer = int(QMessageBox.StandardButton.Retry)
    present_error(StorageUnavailable("the database is locked by another program; the change was not saved"),
                  retry=lambda: calls.append("retried"))
    [box] = boxes.shown
    assert box["text"] == "The change was not saved."
    assert "locked by another program" in box["informative"] and "still on screen" in box["informative"]
    assert QMessageBox.StandardButton.Retry in box["buttons"]
    assert calls == ["retried"]


def test_storage_unavailable_without_retry_only_closes(qtbot):
    box = build_box(StorageUnavailable("the disk is full; the change was not saved"))
    assert [box.standardButton(b) for b in box.buttons()] == [QMessageBox.StandardButton.Close]
    box.deleteLater()


def test_a_bug_shows_details_and_reassures(qtbot, boxes, capsys):
    try:
        {}["missing"]
    except KeyError as exc:
        present_error(exc)
    [box] = boxes.shown
    assert box["text"] == "Something went wrong inside the workbench."
    assert "saved work is safe" in box["informative"]
    assert "Traceback" in box["details"] and "KeyError: 'missing'" in box["details"]
    assert "KeyError" in capsys.readouterr().err  # and it is in the log too


def test_excepthook_routes_uncaught_errors_to_the_presenter(qtbot, boxes, capsys):
    previous = sys.excepthook
    restore = install_excepthook()
    try:
        try:
            raise RuntimeError("slot blew up")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        restore()
    assert boxes.shown[0]["text"] == "Something went wrong inside the workbench."
    assert "slot blew up" in boxes.shown[0]["details"]
    assert sys.excepthook is previous


def test_an_error_while_presenting_does_not_stack_boxes(qtbot, monkeypatch, capsys):
    import app.ui.errors

    shown: list[str] = []

    def nested(box) -> int:
        shown.append(box.text())
        present_error(UserError("second"))  # e.g. a timer firing while the first box is open
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(app.ui.errors, "exec_box", nested)
    present_error(UserError("first"))
    assert shown == ["First."]
    assert "second" in capsys.readouterr().err
