"""The Qt binding itself: defects of a PySide6 release that would take the app down."""

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def test_static_qt_calls_do_not_use_up_references_to_none(qapp):
    # PySide6 6.12.0 dropped one reference to None per call of a static void function;
    # the app and pytest-qt make thousands of them, and the interpreter aborts ("none_dealloc").
    # Events left by earlier tests release references of their own while processed: drain them
    # first, and compare against the leak's size (one per call), not against zero.
    for _ in range(5):
        QApplication.processEvents()
    calls = (QApplication.processEvents, QCoreApplication.sendPostedEvents, lambda: QTest.qWait(0))
    per_call = 1000
    before = sys.getrefcount(None)
    for call in calls:
        for _ in range(per_call):
            call()
    lost = before - sys.getrefcount(None)
    assert lost < per_call, f"{lost} references to None lost in {len(calls) * per_call} calls"
