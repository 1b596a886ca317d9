"""The Requests screen: the documents and records to ask the customer for, and the workbook to send.

A table of the engagement's evidence request list (over plain ``RequestItem`` rows)
beside an editor for the selected item: title, owner, due date, status, note and the
evidence register's records that answer it. Every button calls one use case of
``app.services.evidence_requests`` with every value bound in when it is pressed, and
writes against the version it read (a colleague's save in between is a clear conflict).
"Export workbook..." writes the request list with the interview plan (the ``requests``
report kind) in the background.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import evidence_requests as service
from app.services.engagements import get_engagement
from app.ui.editable_table import Index, PlainRowsModel
from app.ui.errors import present_error

if TYPE_CHECKING:
    from app.services.evidence_requests import RequestListState
    from app.ui.context import AppContext

STATUSES = ("requested", "received", "reviewed", "not_available")


class RequestsTableModel(PlainRowsModel):
    """Ref, document, owner, due date, status and what arrived, per item."""

    REF, DOCUMENT, OWNER, DUE, STATUS, RECEIVED = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__([""] * 6, parent)
        self.lang = "en"
        self.words: dict[str, str] = {}
        self.titles: dict[str, str] = {}

    def set_rows(self, rows: list, lang: str, titles: dict[str, str]) -> None:
        self.lang, self.titles = lang, dict(titles)
        self.replace_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.row_at(index)
        if item is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.REF:
                return item.id
            if col == self.DOCUMENT:
                return item.title_in(self.lang)
            if col == self.OWNER:
                return item.owner
            if col == self.DUE:
                return item.due.isoformat() if item.due else ""
            if col == self.STATUS:
                return self.words.get(item.status, item.status)
            return ", ".join(self.titles.get(e, e) for e in item.evidence_ids)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.DOCUMENT:
            return item.title_in(self.lang)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS and item.status == "requested":
            from PySide6.QtGui import QColor

            return QColor("#a65e00")
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


class EvidenceRequestsView(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsView")
        self.context = context
        self.engagement_id: str | None = None
        self.state: RequestListState | None = None
        self.export_task = None
        self.offer_open = True
        self.summary = QLabel(objectName="requestsSummary")
        self.summary.setWordWrap(True)
        self.model = RequestsTableModel(self)
        self.table = QTableView(objectName="requestsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 52), (1, 330), (2, 130), (3, 90), (4, 100)):
            header.resizeSection(column, width)
        self.table.verticalHeader().hide()
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

        self.title_edit = QLineEdit(objectName="requestTitle")
        self.owner_edit = QLineEdit(objectName="requestOwner")
        self.due_edit = QLineEdit(objectName="requestDue")
        self.due_edit.setPlaceholderText("2026-12-31")
        self.status_combo = QComboBox(objectName="requestStatus")
        self.note_edit = QLineEdit(objectName="requestNote")
        self.evidence_list = QListWidget(objectName="requestEvidence")
        self.evidence_list.setMaximumHeight(140)
        self.why_label = QLabel(objectName="requestWhy")
        self.why_label.setWordWrap(True)
        self.why_label.setStyleSheet("color:#56627a;")
        self.buttons = {name: QPushButton(objectName=f"request_{name}") for name in
                        ("save", "add", "remove", "generate", "export")}
        self.buttons["save"].clicked.connect(self.save_edit)
        self.buttons["add"].clicked.connect(self.add_item)
        self.buttons["remove"].clicked.connect(self.remove_selected)
        self.buttons["generate"].clicked.connect(self.generate)
        self.buttons["export"].clicked.connect(self.export_workbook)

        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(6)]
        for label, field in zip(self.form_labels, (self.title_edit, self.owner_edit, self.due_edit,
                                                   self.status_combo, self.note_edit, self.evidence_list),
                                strict=True):
            self.form.addRow(label, field)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.why_label)
        editor_layout.addLayout(self.form)
        row = QHBoxLayout()
        row.addWidget(self.buttons["save"])
        row.addWidget(self.buttons["remove"])
        row.addStretch(1)
        editor_layout.addLayout(row)
        editor_layout.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 420])

        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for name in ("generate", "add", "export"):
            bar.addWidget(self.buttons[name])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.retranslate_ui()
        self._show_selected()

    # -- language ---------------------------------------------------------------------------------------
    def status_words(self) -> dict[str, str]:
        return {"requested": self.tr("Requested"), "received": self.tr("Received"),
                "reviewed": self.tr("Reviewed"), "not_available": self.tr("Not available")}

    def retranslate_ui(self) -> None:
        words = self.status_words()
        self.model.words = words
        self.model.headers = [self.tr("Ref"), self.tr("Document or record"), self.tr("Owner"), self.tr("Due"),
                              self.tr("Status"), self.tr("Received files")]
        for label, text in zip(self.form_labels, (self.tr("Document:"), self.tr("Owner:"), self.tr("Due date:"),
                                                  self.tr("Status:"), self.tr("Note:"),
                                                  self.tr("Answered by:")), strict=True):
            label.setText(text)
        current = self.status_combo.currentData()
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        for status in STATUSES:
            self.status_combo.addItem(words[status], status)
        if current is not None:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(current)))
        self.status_combo.blockSignals(False)
        self.owner_edit.setPlaceholderText(self.tr("who at the customer provides it"))
        self.evidence_list.setToolTip(self.tr("Tick the documents of the evidence register that answer this "
                                              "request"))
        texts = {"save": self.tr("Save changes"), "add": self.tr("Add document..."),
                 "remove": self.tr("Remove"), "generate": self.tr("Add from the questions"),
                 "export": self.tr("Export workbook...")}
        for name, text in texts.items():
            self.buttons[name].setText(text)
        self.buttons["generate"].setToolTip(self.tr("Adds the documents the questions in scope name; keeps "
                                                    "every edit, and what you removed stays removed"))
        self.buttons["export"].setToolTip(self.tr("An Excel workbook for the customer: the request list with a "
                                                  "status drop-down, and the interview plan"))
        self._show_summary()
        self._refresh_table()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- data -------------------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.context.language if self.context.language in ("en", "zh") else "en"

    def load(self, engagement_id: str) -> None:
        self.engagement_id = engagement_id
        self._show(service.load_requests(self.context.library, self.context.repo, engagement_id))

    def refresh(self) -> None:
        if self.engagement_id is not None:
            self.load(self.engagement_id)

    def _show(self, state: RequestListState) -> None:
        selected = self.current_id()
        self.state = state
        self._refresh_table()
        if selected is not None:
            self.select(selected)
        self._show_summary()
        self._show_selected()

    def _show_summary(self) -> None:
        state = self.state
        if state is None:
            self.summary.setText("")
            return
        counts = state.requests.counts()
        words = self.status_words()
        parts = " · ".join(f"{words[s]} {counts[s]}" for s in STATUSES)
        total = self.tr("%n document(s)", "", len(state.items))
        saved = self.tr("saved") if state.stored else self.tr("generated from the questions in scope, not saved "
                                                               "yet (an edit saves it)")
        self.summary.setText(f"<b>{total}</b>: {parts} · {saved}")

    def _refresh_table(self) -> None:
        if self.state is None:
            return
        titles = {e.id: (e.original_name or e.title) for e in self.state.evidence}
        self.model.set_rows(list(self.state.items), self.lang, titles)

    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.rows):
            return None
        return self.model.rows[rows[0].row()].id

    def current(self):
        item_id = self.current_id()
        if item_id is None or self.state is None:
            return None
        return next((i for i in self.state.items if i.id == item_id), None)

    def select(self, item_id: str) -> None:
        for row, item in enumerate(self.model.rows):
            if item.id == item_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _show_selected(self, *_: Any) -> None:
        item = self.current()
        for widget in (self.title_edit, self.owner_edit, self.due_edit, self.status_combo, self.note_edit,
                       self.evidence_list, self.buttons["save"], self.buttons["remove"]):
            widget.setEnabled(item is not None)
        self.evidence_list.clear()
        if item is None:
            for edit in (self.title_edit, self.owner_edit, self.due_edit, self.note_edit):
                edit.clear()
            self.why_label.setText(self.tr("Select a document to edit it."))
            return
        self.title_edit.setText(item.title_in(self.lang))
        self.owner_edit.setText(item.owner)
        self.due_edit.setText(item.due.isoformat() if item.due else "")
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(item.status)))
        self.note_edit.setText(item.note)
        if item.questions:
            asked = ", ".join(q for _, q in item.questions[:6]) + (" …" if len(item.questions) > 6 else "")
            self.why_label.setText(self.tr("%1 — named by the questions %2").replace("%1", item.id)
                                   .replace("%2", asked))
        else:
            self.why_label.setText(self.tr("%1 — added by hand").replace("%1", item.id))
        for e in self.state.evidence if self.state else ():
            state = self.tr("received") if e.received else self.tr("requested")
            entry = QListWidgetItem(f"{e.original_name or e.title} ({state})")
            entry.setData(Qt.ItemDataRole.UserRole, e.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if e.id in item.evidence_ids else Qt.CheckState.Unchecked)
            self.evidence_list.addItem(entry)
        if not self.evidence_list.count():
            entry = QListWidgetItem(self.tr("The evidence register is empty."))
            entry.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence_list.addItem(entry)

    # -- commands (each carries every value it needs) ---------------------------------------------------
    def _run(self, call) -> bool:
        try:
            self._show(call())
        except UserError as exc:
            present_error(exc, self)
            return False
        self.changed.emit()
        return True

    def save_edit(self) -> None:
        item = self.current()
        if item is None or self.engagement_id is None or self.state is None:
            return
        linked = [self.evidence_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.evidence_list.count())
                  if self.evidence_list.item(i).checkState() == Qt.CheckState.Checked]
        fields: dict[str, Any] = {"owner": self.owner_edit.text(), "due": self.due_edit.text(),
                                  "status": self.status_combo.currentData(), "note": self.note_edit.text(),
                                  "evidence_ids": [e for e in linked if e]}
        if self.title_edit.text().strip() != item.title_in(self.lang):
            fields["title"] = self.title_edit.text()
        library, repo, engagement_id, version = (self.context.library, self.context.repo, self.engagement_id,
                                                 self.state.version)
        self._run(lambda: service.update_request(library, repo, engagement_id, item.id, updated_by=self.context.consultant,
                                                 expected_version=version, **fields))

    def ask_title(self) -> str | None:
        """The new document's title; tests replace this."""
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, self.tr("Add document"), self.tr("Document or record to ask for:"))
        return text if ok else None

    def add_item(self) -> None:
        if self.engagement_id is None or self.state is None:
            return
        title = self.ask_title()
        if title is None:
            return
        library, repo, engagement_id, version = (self.context.library, self.context.repo, self.engagement_id,
                                                 self.state.version)
        if self._run(lambda: service.add_request(library, repo, engagement_id, title,
                                                 updated_by=self.context.consultant,
                                                 expected_version=version)) and self.state is not None:
            self.select(self.state.items[-1].id)
            self.owner_edit.setFocus()

    def remove_selected(self) -> None:
        item = self.current()
        if item is None or self.engagement_id is None or self.state is None:
            return
        library, repo, engagement_id, version = (self.context.library, self.context.repo, self.engagement_id,
                                                 self.state.version)
        self._run(lambda: service.remove_request(library, repo, engagement_id, item.id,
                                                 updated_by=self.context.consultant,
                                                 expected_version=version))

    def generate(self) -> None:
        if self.engagement_id is None or self.state is None:
            return
        library, repo, engagement_id, version = (self.context.library, self.context.repo, self.engagement_id,
                                                 self.state.version)
        self._run(lambda: service.generate_requests(library, repo, engagement_id, updated_by=self.context.consultant,
                                                    expected_version=version))

    def ask_path(self, suggested: str) -> str:
        """Where to write the workbook; tests replace this."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export evidence request list"), suggested,
                                              self.tr("Excel workbook (*.xlsx)"))
        return path

    def export_workbook(self) -> None:
        from app.ui.export_dialog import export_folder, offer_to_open
        from app.ui.settings import Settings
        from app.ui.tasks import run_task

        if self.engagement_id is None:
            return
        engagement = get_engagement(self.context.repo, self.engagement_id)
        settings = Settings()
        safe = "".join(ch if ch.isalnum() or ch in " -_.()" else "_" for ch in engagement.name).strip()
        suffix = self.tr("evidence requests")
        path = self.ask_path(str(export_folder(settings.export_folder) / f"{safe} - {suffix}.xlsx"))
        if not path:
            return
        out = Path(path).expanduser().absolute().with_suffix(".xlsx")
        settings.export_folder = str(out.parent)
        library, repo, engagement_id = self.context.library, self.context.repo, self.engagement_id
        lang = engagement.language if engagement.language in ("en", "zh") else "en"
        self.buttons["export"].setEnabled(False)

        def write(_control):
            return service.export_requests(library, repo, engagement_id, out, lang)

        def done(written) -> None:
            self.buttons["export"].setEnabled(True)
            if self.offer_open:
                offer_to_open(self, Path(written))

        def failed(exc: BaseException, details: str) -> None:
            self.buttons["export"].setEnabled(True)
            present_error(exc, self, details=details)

        self.export_task = run_task(write, done, failed, owner=self)
