"""The one place where the interface tells the user that something went wrong.

Three kinds of failure, three messages:

- ``UserError`` (bad input, a name already taken, content not installed): the
  sentence the core wrote, in a plain warning box;
- ``StorageUnavailable`` (database locked, read-only, disk full): "the change was
  not saved", what is on screen is kept, and a Retry button when the caller can
  retry;
- anything else is a bug: a short apology, a reassurance that saved work is safe,
  and the traceback under "Show Details...".

:func:`install_excepthook` routes every exception nobody caught (slots, event
handlers, timers) here, so a bug never closes the window and loses what is typed.
Modal boxes go through :func:`exec_box`, which tests replace to read the box.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import UserError
from app.storage.errors import StorageUnavailable  # plain error types, no SQLAlchemy

_presenting = False


def is_storage_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, StorageUnavailable)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?。！？" else text + "."


def exec_box(box: QMessageBox) -> int:
    """Show a modal box; tests replace this function to inspect the box without blocking."""
    return box.exec()


def _parent(parent: QWidget | None) -> QWidget | None:
    if parent is not None:
        return parent
    app = QApplication.instance()
    return app.activeWindow() if isinstance(app, QApplication) else None


def build_box(exc: BaseException, parent: QWidget | None = None, *, details: str | None = None,
              can_retry: bool = False) -> QMessageBox:
    """The message box for ``exc`` (not shown), so its texts can be tested directly."""
    box = QMessageBox(_parent(parent))
    box.setObjectName("errorBox")
    box.setWindowTitle(QCoreApplication.translate("ErrorPresenter", "O&M Maturity Workbench"))
    if is_storage_unavailable(exc):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(QCoreApplication.translate("ErrorPresenter", "The change was not saved."))
        advice = QCoreApplication.translate(
            "ErrorPresenter", "What you entered is still on screen. Close the program that holds the database, "
            "or free some disk space, then try again.")
        box.setInformativeText(_sentence(str(exc)) + "\n\n" + advice)
        if can_retry:
            box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
            box.setDefaultButton(QMessageBox.StandardButton.Retry)
        else:
            box.setStandardButtons(QMessageBox.StandardButton.Close)
    elif isinstance(exc, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(_sentence(str(exc)))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(QCoreApplication.translate("ErrorPresenter", "Something went wrong inside the workbench."))
        box.setInformativeText(QCoreApplication.translate(
            "ErrorPresenter", "Your saved work is safe: every change is written to the database when you make it, "
            "and the screen you were using stays open. Please send the details below to the maintainers."))
        box.setDetailedText(details or "".join(traceback.format_exception(exc)))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def present_error(exc: BaseException, parent: QWidget | None = None, *, details: str | None = None,
                  retry: Callable[[], object] | None = None) -> None:
    """Tell the user about ``exc``; ``retry`` is offered (and called) for a write the database refused."""
    global _presenting
    if not isinstance(exc, UserError):
        # Bugs also go to stderr, where a log or a terminal keeps them.
        print(details or "".join(traceback.format_exception(exc)), file=sys.stderr, end="")
    if _presenting:  # an error while showing an error: do not stack boxes
        print(f"omm: further error while reporting one: {exc!r}", file=sys.stderr)
        return
    _presenting = True
    try:
        box = build_box(exc, parent, details=details, can_retry=retry is not None)
        answer = exec_box(box)
        box.deleteLater()
    finally:
        _presenting = False
    if retry is not None and answer == QMessageBox.StandardButton.Retry:
        retry()


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    try:
        present_error(exc, details=details)
    except Exception:  # the presenter itself failed: fall back to the terminal
        sys.__excepthook__(exc_type, exc, tb)


def install_excepthook() -> Callable[[], None]:
    """Route uncaught exceptions to :func:`present_error`; returns a function that restores the old hook."""
    previous = sys.excepthook
    sys.excepthook = _hook

    def restore() -> None:
        sys.excepthook = previous

    return restore
