"""The Findings screen: review what was drafted, edit, merge, add, reject and approve; write the summary.

A table of the engagement's findings (over plain ``Finding`` objects) beside an editor for
the selected one in either language, and a second page with the executive summary per
language. Every button calls one use case of ``app.services.findings`` with every value it
needs bound in (the finding id, the new text), so nothing is read from the screen later.
Only approved findings reach the customer's reports; the status column says which are.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.diagnosis.findings import (
    Finding,
    FindingStatus,
    FindingType,
    Severity,
    add,
    edit,
    merge,
    set_status,
)
from app.diagnosis.text import Bilingual
from app.services.engagements import get_engagement
from app.ui.editable_table import Index, PlainRowsModel

if TYPE_CHECKING:
    from app.ui.context import AppContext


class FindingsTableModel(PlainRowsModel):
    """Status, type, severity, domain and title of each finding, in the interface language."""

    STATUS, TYPE, SEVERITY, DOMAIN, TITLE = range(5)

    def __init__(self, words: dict[str, str], parent: Any = None) -> None:
        super().__init__([""] * 5, parent)
        self.rows: list[Finding] = []
        self.lang = "en"
        self.domains: dict[str, str] = {}
        self.words = words

    def set_rows(self, rows: list[Finding], lang: str, domains: dict[str, str]) -> None:
        self.lang, self.domains = lang, dict(domains)
        self.replace_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        f = self.row_at(index)
        if f is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == self.STATUS:
                return self.words[f.status.value]
            if col == self.TYPE:
                return self.words[f.type.value]
            if col == self.SEVERITY:
                return self.words[f.severity.value]
            if col == self.DOMAIN:
                return self.domains.get(f.domain_id, f.domain_id)
            return f.title.get(self.lang)
        if role == Qt.ItemDataRole.UserRole:
            return f.id
        return None


class FindingsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsView")
        self.context = context
        self.engagement_id: str | None = None
        self.diagnosis = None  # app.services.findings.Diagnosis on screen
        self.model = FindingsTableModel({}, self)
        self.table = QTableView(objectName="findingsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FindingsTableModel.DOMAIN, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(FindingsTableModel.DOMAIN, 170)
        self.table.verticalHeader().hide()
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

        self.status = QLabel(objectName="findingsStatus")
        self.lang_combo = QComboBox(objectName="findingsLanguage")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.currentIndexChanged.connect(self._lang_changed)
        self.title_edit = QLineEdit(objectName="findingTitle")
        self.statement_edit = QPlainTextEdit(objectName="findingStatement")
        self.type_combo = QComboBox(objectName="findingType")
        self.severity_combo = QComboBox(objectName="findingSeverity")
        self.support_list = QListWidget(objectName="findingSupport")
        self.buttons = {name: QPushButton(objectName=f"finding_{name}") for name in
                        ("save", "approve", "reject", "draft", "add", "merge", "redraft")}
        self.buttons["save"].clicked.connect(self.save_edit)
        self.buttons["approve"].clicked.connect(partial(self.set_selected_status, FindingStatus.APPROVED))
        self.buttons["reject"].clicked.connect(partial(self.set_selected_status, FindingStatus.REJECTED))
        self.buttons["draft"].clicked.connect(partial(self.set_selected_status, FindingStatus.DRAFT))
        self.buttons["add"].clicked.connect(self.add_finding)
        self.buttons["merge"].clicked.connect(self.merge_selected)
        self.buttons["redraft"].clicked.connect(self.redraft)

        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(6)]
        for label, field in zip(self.form_labels, (self.lang_combo, self.title_edit, self.statement_edit,
                                                   self.type_combo, self.severity_combo, self.support_list),
                                strict=True):
            self.form.addRow(label, field)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(self.form)
        row = QHBoxLayout()
        for name in ("save", "approve", "reject", "draft"):
            row.addWidget(self.buttons[name])
        editor_layout.addLayout(row)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        row = QHBoxLayout()
        for name in ("add", "merge", "redraft"):
            row.addWidget(self.buttons[name])
        row.addStretch(1)
        left_layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(editor)
        split.setSizes([620, 460])

        self.summary_edit = QPlainTextEdit(objectName="summaryText")
        self.summary_lang = QComboBox(objectName="summaryLanguage")
        self.summary_lang.addItem("English", "en")
        self.summary_lang.addItem("中文", "zh")
        self.summary_lang.currentIndexChanged.connect(self._show_summary)
        self.summary_save = QPushButton(objectName="summarySave")
        self.summary_approve = QPushButton(objectName="summaryApprove")
        self.summary_save.clicked.connect(partial(self.save_summary, None))
        self.summary_approve.clicked.connect(partial(self.save_summary, "approved"))
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        bar = QHBoxLayout()
        bar.addWidget(self.summary_lang)
        bar.addStretch(1)
        bar.addWidget(self.summary_save)
        bar.addWidget(self.summary_approve)
        summary_layout.addLayout(bar)
        summary_layout.addWidget(self.summary_edit)

        self.pages = QTabWidget(objectName="findingsPages")
        self.pages.addTab(split, "")
        self.pages.addTab(summary_page, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.pages)
        self.retranslate_ui()

    # -- language ---------------------------------------------------------------------------------------
    def words(self) -> dict[str, str]:
        return {
            "draft": self.tr("Draft"), "approved": self.tr("Approved"), "rejected": self.tr("Rejected"),
            "strength": self.tr("Strength"), "weakness": self.tr("Weakness"), "risk": self.tr("Risk"),
            "observation": self.tr("Observation"), "high": self.tr("High"), "medium": self.tr("Medium"),
            "low": self.tr("Low"), "answer": self.tr("Answer"), "note": self.tr("Note"), "quote": self.tr("Quote"),
            "kpi": self.tr("Measured"), "evidence": self.tr("Evidence"),
        }

    def retranslate_ui(self) -> None:
        w = self.words()
        self.model.words = w
        self.model.headers = [self.tr("Status"), self.tr("Type"), self.tr("Severity"), self.tr("Domain"),
                              self.tr("Finding")]
        labels = (self.tr("Language"), self.tr("Title"), self.tr("Statement"), self.tr("Type"), self.tr("Severity"),
                  self.tr("Support"))
        for label, text in zip(self.form_labels, labels, strict=True):
            label.setText(text)
        for combo, values in ((self.type_combo, [t.value for t in FindingType]),
                              (self.severity_combo, [s.value for s in Severity])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for v in values:
                combo.addItem(w[v], v)
            if current is not None:
                combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        texts = {"save": self.tr("Save changes"), "approve": self.tr("Approve"), "reject": self.tr("Reject"),
                 "draft": self.tr("Back to draft"), "add": self.tr("Add finding"),
                 "merge": self.tr("Merge selected"), "redraft": self.tr("Draft again from the answers")}
        for name, text in texts.items():
            self.buttons[name].setText(text)
        self.buttons["redraft"].setToolTip(self.tr("Keeps every finding you edited, approved, rejected or added"))
        self.summary_save.setText(self.tr("Save summary"))
        self.summary_approve.setText(self.tr("Save and approve"))
        self.pages.setTabText(0, self.tr("Findings"))
        self.pages.setTabText(1, self.tr("Executive summary"))
        self._refresh_table()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- data -------------------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return str(self.lang_combo.currentData() or "en")

    def load(self, engagement_id: str) -> None:
        from app.services.findings import load_diagnosis
        from app.services.results import score_engagement

        self.engagement_id = engagement_id
        engagement = get_engagement(self.context.repo, engagement_id)
        if engagement.language in ("en", "zh"):
            self.lang_combo.setCurrentIndex(self.lang_combo.findData(engagement.language))
            self.summary_lang.setCurrentIndex(self.summary_lang.findData(engagement.language))
        scores = score_engagement(self.context.library, self.context.repo, engagement_id)
        self._show(load_diagnosis(self.context.library, self.context.repo, scores))

    def _show(self, diagnosis: Any) -> None:
        selected = self.selected_ids()
        self.diagnosis = diagnosis
        self._refresh_table()
        for row, f in enumerate(self.model.rows):
            if f.id in selected:
                self.table.selectRow(row)
        self._show_summary()
        approved = sum(1 for f in diagnosis.findings if f.approved)
        state = self.tr("stored") if diagnosis.stored else self.tr("drafted from the answers, not saved yet")
        self.status.setText(self.tr("%1 findings, %2 approved (only these reach the reports); %3")
                            .replace("%1", str(len(diagnosis.findings))).replace("%2", str(approved))
                            .replace("%3", state))

    def _refresh_table(self) -> None:
        if self.diagnosis is None:
            return
        domains = {d.id: self.context.text(d.name) for m in self._models() for d in m.domains}
        self.model.set_rows(list(self.diagnosis.findings), self.lang, domains)

    def _models(self) -> list:
        if self.engagement_id is None:
            return []
        engagement = get_engagement(self.context.repo, self.engagement_id)
        out = []
        for ref in engagement.content:
            if ref.kind == "model":
                try:
                    out.append(self.context.library.model(ref.content_id, ref.version))
                except LookupError:
                    continue
        return out

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows if r < len(self.model.rows)]

    def current(self) -> Finding | None:
        ids = self.selected_ids()
        if not ids or self.diagnosis is None:
            return None
        return next((f for f in self.diagnosis.findings if f.id == ids[0]), None)

    def _show_selected(self, *_: Any) -> None:
        f = self.current()
        for widget in (self.title_edit, self.statement_edit, self.type_combo, self.severity_combo):
            widget.setEnabled(f is not None)
        self.support_list.clear()
        if f is None:
            self.title_edit.clear()
            self.statement_edit.clear()
            return
        self.title_edit.setText(f.title.get(self.lang))
        self.statement_edit.setPlainText(f.statement.get(self.lang))
        self.type_combo.setCurrentIndex(self.type_combo.findData(f.type.value))
        self.severity_combo.setCurrentIndex(self.severity_combo.findData(f.severity.value))
        w = self.words()
        roles = {}
        if self.context.library.catalogue is not None:
            roles = {r.id: self.context.text(r.name) for r in self.context.library.catalogue.roles}
        for s in f.support:
            level = "" if s.level is None else f"  → {s.level:g}"
            self.support_list.addItem(f"{w[s.kind.value]} · {roles.get(s.role, s.role)}: {s.text}{level}")

    def _lang_changed(self) -> None:
        self._refresh_table()
        self._show_selected()

    # -- commands (each carries every value it needs) ---------------------------------------------------
    def _apply(self, change: Any) -> None:
        from app.services.findings import update_findings

        if self.engagement_id is None:
            return
        self._show(update_findings(self.context.library, self.context.repo, self.engagement_id, change,
                                   updated_by=self.context.consultant))

    def save_edit(self) -> None:
        f = self.current()
        if f is None:
            return
        lang = self.lang
        changes = {"title": f.title.with_lang(lang, self.title_edit.text().strip()),
                   "statement": f.statement.with_lang(lang, self.statement_edit.toPlainText().strip()),
                   "type": FindingType(self.type_combo.currentData()),
                   "severity": Severity(self.severity_combo.currentData())}
        self._apply(partial(edit, finding_id=f.id, **changes))

    def set_selected_status(self, status: FindingStatus) -> None:
        ids = self.selected_ids()
        if not ids:
            return

        def change(findings: list[Finding], ids: tuple[str, ...] = tuple(ids)) -> list[Finding]:
            for fid in ids:
                findings = set_status(findings, fid, status)
            return findings

        self._apply(change)

    def add_finding(self) -> None:
        import uuid

        models = self._models()
        domain = models[0].domains[0].id if models and models[0].domains else ""
        finding = Finding(id=f"manual:{uuid.uuid4().hex[:8]}", type=FindingType.OBSERVATION,
                          title=Bilingual(self.tr("New finding"), "新发现") if self.lang == "en" else
                          Bilingual("New finding", "新发现"),
                          statement=Bilingual(), model_id=models[0].id if models else "", domain_id=domain,
                          capability_ids=(), severity=Severity.MEDIUM)
        self._apply(partial(add, finding=finding))
        row = next(i for i, f in enumerate(self.model.rows) if f.id == finding.id)
        self.table.clearSelection()
        self.table.selectRow(row)
        self.title_edit.setFocus()

    def merge_selected(self) -> None:
        import uuid

        ids = self.selected_ids()
        if len(ids) < 2:
            self.status.setText(self.tr("Select two or more findings to merge."))
            return
        self._apply(partial(merge, ids=tuple(ids), new_id=f"merged:{uuid.uuid4().hex[:8]}"))

    def redraft(self) -> None:
        from app.services.findings import redraft_diagnosis

        if self.engagement_id is not None:
            self._show(redraft_diagnosis(self.context.library, self.context.repo, self.engagement_id,
                                         updated_by=self.context.consultant))

    # -- executive summary ------------------------------------------------------------------------------
    def _show_summary(self) -> None:
        lang = str(self.summary_lang.currentData() or "en")
        summary = self.diagnosis.summary if self.diagnosis is not None else None
        self.summary_edit.setPlainText(summary.text(lang) if summary is not None else "")

    def save_summary(self, status: str | None) -> None:
        from app.diagnosis.summary import ExecutiveSummary
        from app.services.findings import save_summary

        if self.engagement_id is None or self.diagnosis is None:
            return
        lang = str(self.summary_lang.currentData() or "en")
        current = self.diagnosis.summary or ExecutiveSummary()
        summary = current.with_text(lang, self.summary_edit.toPlainText().strip())
        if status is not None:
            summary = replace(summary, status=status)
        self._show(save_summary(self.context.library, self.context.repo, self.engagement_id, summary,
                                updated_by=self.context.consultant))
