"""The Qt binding itself: defects of a PySide6 release that would take the app down."""

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def test_static_qt_calls_do_not_use_up_references_to_none(qapp):
    # PySide6 6.12.0 dropped one reference to None per call of a static void function;
    # the app and pytest-qt make thousands of them, and the interpreter aborts ("none_dealloc").
    calls = (QApplication.processEvents, QCoreApplication.sendPostedEvents, lambda: QTest.qWait(0))
    before = sys.getrefcount(None)
    for call in calls:
        for _ in range(200):
            call()
    assert abs(sys.getrefcount(None) - before) < 50
