"""The Review screen: what is still open before a report is final, the sign-off, and the snapshots.

Top: the checklist (``app.services.review.review_checklist``), one line per check with
its count and the first few things it found. Middle: the lead consultant's sign-off
(name, note, "accept what is still open"), which freezes a snapshot. Bottom: the
engagement's snapshots (id, date, who signed, hash) with "Take snapshot", "Report from
snapshot..." and "Start re-assessment..."; for a re-assessment, how many answers are
new, changed or carried over since the snapshot it started from.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import review
from app.ui.errors import present_error

if TYPE_CHECKING:
    from app.ui.context import AppContext


class ReviewView(QWidget):
    changed = Signal()
    reassessment_created = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.context = context
        self.engagement_id: str | None = None
        self.checklist = None
        self.snapshots: list = []
        self.report_task = None
        self.offer_open = True
        self.marks = None
        self._just_loaded = False

        self.check_box = QGroupBox()
        self.check_label = QLabel(objectName="reviewChecklist")
        self.check_label.setWordWrap(True)
        self.check_label.setTextFormat(Qt.TextFormat.RichText)
        self.refresh_button = QPushButton(objectName="reviewRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        check_layout = QVBoxLayout(self.check_box)
        check_scroll = QScrollArea()  # long question texts in Chinese fill more than a laptop's height
        check_scroll.setWidgetResizable(True)
        check_scroll.setFrameShape(QFrame.Shape.NoFrame)
        check_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.check_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        check_scroll.setWidget(self.check_label)
        check_layout.addWidget(check_scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        check_layout.addLayout(row)

        self.sign_box = QGroupBox()
        self.lead_edit = QLineEdit(objectName="signoffLead")
        self.note_edit = QLineEdit(objectName="signoffNote")
        self.label_edit = QLineEdit(objectName="signoffLabel")
        self.accept_check = QCheckBox(objectName="signoffAcceptOpen")
        self.sign_button = QPushButton(objectName="signoffButton")
        self.sign_button.clicked.connect(self.sign_off)
        self.sign_labels = [QLabel() for _ in range(3)]
        form = QFormLayout(self.sign_box)
        for label, field in zip(self.sign_labels, (self.lead_edit, self.note_edit, self.label_edit), strict=True):
            form.addRow(label, field)
        row = QHBoxLayout()
        row.addWidget(self.accept_check, 1)
        row.addWidget(self.sign_button)
        form.addRow(row)

        self.snap_box = QGroupBox()
        self.table = QTableWidget(0, 5, objectName="snapshotTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.marks_label = QLabel(objectName="reassessmentMarks")
        self.marks_label.setWordWrap(True)
        self.snap_buttons = {name: QPushButton(objectName=f"snapshot_{name}")
                             for name in ("take", "report", "reassess")}
        self.snap_buttons["take"].clicked.connect(self.take_snapshot)
        self.snap_buttons["report"].clicked.connect(self.report_from_snapshot)
        self.snap_buttons["reassess"].clicked.connect(self.start_reassessment)
        snap_layout = QVBoxLayout(self.snap_box)
        snap_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for name in ("take", "report", "reassess"):
            row.addWidget(self.snap_buttons[name])
        row.addStretch(1)
        snap_layout.addLayout(row)
        snap_layout.addWidget(self.marks_label)

        top = QHBoxLayout()
        top.addWidget(self.check_box, 3)
        top.addWidget(self.sign_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 3)
        layout.addWidget(self.snap_box, 2)
        self.retranslate_ui()
        self._update_buttons()

    # -- language ---------------------------------------------------------------------------------------
    def check_words(self) -> dict[str, str]:
        return {
            "unanswered": self.tr("questions in scope nobody answered"),
            "follow_ups": self.tr("answers flagged for follow-up"),
            "low_confidence": self.tr("capabilities scored with low confidence"),
            "disagreement": self.tr("questions whose answers disagree (no override settles them)"),
            "evidence_requested": self.tr("documents still requested from the customer"),
            "draft_findings": self.tr("findings still in draft"),
        }

    def retranslate_ui(self) -> None:
        self.check_box.setTitle(self.tr("Before the report is final"))
        self.refresh_button.setText(self.tr("Check again"))
        self.sign_box.setTitle(self.tr("Sign-off"))
        for label, text in zip(self.sign_labels, (self.tr("Lead consultant:"), self.tr("Note:"),
                                                  self.tr("Snapshot label:")), strict=True):
            label.setText(text)
        self.label_edit.setPlaceholderText(self.tr("e.g. presented to the steering committee"))
        self.accept_check.setText(self.tr("Sign off although items are still open (they are recorded)"))
        self.sign_button.setText(self.tr("Sign off"))
        self.sign_button.setToolTip(self.tr("Freezes the scores, findings and plans as presented in a snapshot "
                                            "that later edits do not change"))
        self.snap_box.setTitle(self.tr("Snapshots"))
        self.table.setHorizontalHeaderLabels([self.tr("Snapshot"), self.tr("Date"), self.tr("Signed off by"),
                                              self.tr("SHA-256"), self.tr("Label")])
        texts = {"take": self.tr("Take snapshot"), "report": self.tr("Report from snapshot..."),
                 "reassess": self.tr("Start re-assessment...")}
        for name, text in texts.items():
            self.snap_buttons[name].setText(text)
        self.snap_buttons["report"].setToolTip(self.tr("The same report whenever it is made: dated and named "
                                                       "after the snapshot"))
        self._show_checklist()
        self._show_snapshots()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- data -------------------------------------------------------------------------------------------
    def _lang(self) -> str:
        return self.context.language if self.context.language in ("en", "zh") else "en"

    def load(self, engagement_id: str) -> None:
        self.engagement_id = engagement_id
        self._just_loaded = True
        if not self.lead_edit.text():
            self.lead_edit.setText(self.context.consultant)
        self.refresh()

    def refresh(self) -> None:
        if self.engagement_id is None:
            return
        self.checklist = review.review_checklist(self.context.library, self.context.repo, self.engagement_id)
        self.snapshots = review.list_snapshots(self.context.repo, self.engagement_id)
        self.marks = review.answer_marks(self.context.repo, self.engagement_id)
        self._show_checklist()
        self._show_snapshots()
        self._update_buttons()

    def _show_checklist(self) -> None:
        if self.checklist is None:
            self.check_label.setText("")
            return
        words = self.check_words()
        lines = []
        for item in self.checklist.items:
            mark = "<span style='color:#b00020'>●</span>" if item.open else "<span style='color:#2e7d32'>✓</span>"
            examples = ""
            if item.examples:
                more = " …" if item.count > len(item.examples) else ""
                examples = (f"<br><span style='color:#56627a'>&nbsp;&nbsp;&nbsp;&nbsp;"
                            f"{html.escape('; '.join(item.example_names(self._lang())))}{more}</span>")
            lines.append(f"{mark} <b>{item.count}</b> {html.escape(words[item.key])}{examples}")
        verdict = self.tr("Nothing is open: ready to sign off.") if self.checklist.clear else \
            self.tr("Resolve these, or sign off accepting them.")
        self.check_label.setText("<br>".join(lines) + f"<p><i>{html.escape(verdict)}</i></p>")
        self.accept_check.setVisible(not self.checklist.clear)

    def _show_snapshots(self) -> None:
        self.table.setRowCount(len(self.snapshots))
        for row, s in enumerate(self.snapshots):
            signed = s.signed_off_by if s.signed_off else self.tr("(not signed off)")
            for col, text in enumerate((s.id, s.report_date.isoformat(), signed, s.content_hash[:16], s.label)):
                cell = QTableWidgetItem(text)
                if col == 3:
                    cell.setToolTip(s.content_hash)
                self.table.setItem(row, col, cell)
        marks = self.marks
        if marks is None:
            self.marks_label.setText("")
            return
        counts = marks.counts()
        self.marks_label.setText(self.tr("This re-assessment started from snapshot %1: %2 answers new, %3 changed, "
                                         "%4 carried over, %5 withdrawn.")
                                 .replace("%1", marks.snapshot).replace("%2", str(counts["new"]))
                                 .replace("%3", str(counts["changed"])).replace("%4", str(counts["carried_over"]))
                                 .replace("%5", str(marks.withdrawn)))

    def selected_snapshot(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.snapshots):
            return None
        return self.snapshots[rows[0].row()]

    def _update_buttons(self) -> None:
        has = self.selected_snapshot() is not None
        self.snap_buttons["report"].setEnabled(has)
        self.snap_buttons["reassess"].setEnabled(has)
        self.snap_buttons["take"].setEnabled(self.engagement_id is not None)
        self.sign_button.setEnabled(self.engagement_id is not None)

    def _select(self, snapshot_id: str) -> None:
        for row, s in enumerate(self.snapshots):
            if s.id == snapshot_id:
                self.table.selectRow(row)

    # -- commands ---------------------------------------------------------------------------------------
    def sign_off(self) -> None:
        if self.engagement_id is None:
            return
        library, repo, engagement_id = self.context.library, self.context.repo, self.engagement_id
        lead, note, label = self.lead_edit.text(), self.note_edit.text(), self.label_edit.text()
        accept = self.accept_check.isChecked()
        try:
            info = review.sign_off(library, repo, engagement_id, lead, note=note, label=label, accept_open=accept)
        except UserError as exc:
            present_error(exc, self)
            return
        self.note_edit.clear()
        self.label_edit.clear()
        self.accept_check.setChecked(False)
        self.refresh()
        self._select(info.id)
        self.changed.emit()

    def take_snapshot(self) -> None:
        if self.engagement_id is None:
            return
        try:
            info = review.create_snapshot(self.context.library, self.context.repo, self.engagement_id,
                                          label=self.label_edit.text(), created_by=self.context.consultant)
        except UserError as exc:
            present_error(exc, self)
            return
        self.label_edit.clear()
        self.refresh()
        self._select(info.id)

    def ask_report(self, snapshot_id: str) -> tuple[str, str] | None:
        """(kind, path) for a report of the snapshot; tests replace this."""
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        from app.services.engagements import get_engagement
        from app.services.reports import offered_kinds, report_kinds

        engagement = get_engagement(self.context.repo, self.engagement_id)
        offered = offered_kinds(self.context.library, engagement.services)
        kinds = [k for k in report_kinds() if k.available and offered.get(k.id) == "" and k.id != "guide"]
        names = [k.name(self.context.language) for k in kinds]
        name, ok = QInputDialog.getItem(self, self.tr("Report from snapshot"), self.tr("Report:"), names, 0, False)
        if not ok:
            return None
        kind = kinds[names.index(name)]
        from app.ui.export_dialog import export_folder
        from app.ui.settings import Settings

        safe = "".join(ch if ch.isalnum() or ch in " -_.()" else "_" for ch in engagement.name).strip()
        suggested = export_folder(Settings().export_folder) / f"{safe} - {kind.id} - {snapshot_id}{kind.formats[0]}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Report from snapshot"), str(suggested))
        return (kind.id, path) if path else None

    def report_from_snapshot(self) -> None:
        from app.ui.export_dialog import offer_to_open
        from app.ui.tasks import run_task

        snapshot = self.selected_snapshot()
        if snapshot is None or self.engagement_id is None:
            return
        choice = self.ask_report(snapshot.id)
        if choice is None:
            return
        from app.services.reports import ReportOptions
        from app.ui.settings import Settings

        try:  # the consultancy's name and logo for the cover, checked before anything is drawn
            export = ReportOptions(branding=Settings().report_branding())
        except UserError as exc:
            present_error(exc, self)
            return
        kind, path = choice
        out = Path(path).expanduser().absolute()
        library, repo, engagement_id = self.context.library, self.context.repo, self.engagement_id
        lang = self.context.language if self.context.language in ("en", "zh") else "en"
        snapshot_id = snapshot.id

        def write(_control: Any):
            from app.services.reports import write_report

            return write_report(library, repo, engagement_id, kind, out, lang, snapshot=snapshot_id, export=export)

        def done(written) -> None:
            if self.offer_open:
                offer_to_open(self, Path(written))

        def failed(exc: BaseException, details: str) -> None:
            present_error(exc, self, details=details)

        self.report_task = run_task(write, done, failed, owner=self)

    def ask_name(self, suggested: str) -> str | None:
        """The re-assessment's name; tests replace this."""
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, self.tr("Start re-assessment"), self.tr("Name of the new engagement:"),
                                        QLineEdit.EchoMode.Normal, suggested)
        return text if ok else None

    def start_reassessment(self) -> None:
        from datetime import date

        from app.services.engagements import get_engagement

        snapshot = self.selected_snapshot()
        if snapshot is None or self.engagement_id is None:
            return
        engagement = get_engagement(self.context.repo, self.engagement_id)
        name = self.ask_name(self.tr("%1 - re-assessment %2").replace("%1", engagement.name)
                             .replace("%2", str(date.today().year)))
        if not name:
            return
        try:
            copy = review.start_reassessment(self.context.library, self.context.repo, self.engagement_id,
                                             snapshot.id, name, created_by=self.context.consultant)
        except UserError as exc:
            present_error(exc, self)
            return
        self.reassessment_created.emit(copy.id)
        window = self.window()
        if hasattr(window, "open_engagement"):  # the main window: show the new engagement
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: window.open_engagement(copy.id))

    def schedule_refresh(self, engagement_id: str) -> None:
        """An answer was saved: checked again when the tab is next shown (it is, on every showing)."""

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's API
        # Shown again after work in another tab (answers, findings approved, documents received):
        # check again. The first showing follows load(), which has just checked.
        if self._just_loaded:
            self._just_loaded = False
        elif self.engagement_id is not None:
            self.refresh()
        super().showEvent(event)
