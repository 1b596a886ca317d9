"""The Processes tab: the seven O&M processes with their assessment, specification editor,
flow diagram, KPIs and the problems of their specifications.

Every edit is an undoable command carrying the process id and the whole specification
before and after it (a few kilobytes), so undo never depends on what the screen shows
later and undoing an edit of another process brings that process back. An edit is
checked before it is applied (``validate_spec``: a malformed value is refused with the
field it names and changes nothing); applied edits are autosaved a moment later as the
next version of that process's document, with the version the screen read, so a
colleague's save in between is reported, not overwritten. The undo stack and any
pending save belong to one engagement: loading another flushes the save and clears the
stack. Texts are edited in both languages side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.planning.processes import (
    INTERFACE_DIRECTIONS,
    PROCESS_IDS,
    BiText,
    Interface,
    Kpi,
    ProcessSpec,
    Record,
    RolloutStep,
    SpecRole,
    Tool,
    Variant,
    validate_spec,
)
from app.services import processes as service
from app.ui import editable_table
from app.ui.context import AppContext
from app.ui.editable_table import Column
from app.ui.errors import present_error
from app.ui.organisation import VerticalHeader

ERROR_FILL = QColor("#F4CCCC")
WARNING_FILL = QColor("#FCE5CD")
GAP_FILL = QColor("#FCE5CD")
AUTOSAVE_MS = 700


class SpecCommand(QUndoCommand):
    """One edit of one process's specification: before and after, both complete."""

    def __init__(self, tab: ProcessesTab, process_id: str, before: dict, after: dict, text: str) -> None:
        super().__init__(text)
        self.tab, self.process_id, self.before, self.after = tab, process_id, before, after

    def redo(self) -> None:
        self.tab._apply(self.process_id, self.after)

    def undo(self) -> None:
        self.tab._apply(self.process_id, self.before)


class RowsTable(editable_table.RowsTable):
    """The shared editable table; a long text (a section, an SOP step) shows whole in its tooltip."""

    def __init__(self, columns: list[Column], on_edit: Callable[[Callable[[ProcessSpec], None], str], bool],
                 parent=None) -> None:
        super().__init__(columns, on_edit, parent, long_text_tips=True)


def _bi(attr: str, lang: str) -> Callable[[Any, Any], None]:
    """A setter of one language of a BiText attribute."""
    def set_text(obj: Any, value: Any) -> None:
        setattr(obj, attr, getattr(obj, attr).with_lang(lang, str(value)))
    return set_text


def _plain(attr: str) -> Callable[[Any, Any], None]:
    def set_value(obj: Any, value: Any) -> None:
        setattr(obj, attr, value)
    return set_value


class TextDelegate(QStyledItemDelegate):
    """Text cells are edited in a multi-line editor: a section or an SOP step keeps its line breaks
    (a one-line editor would flatten the lists the drafts and consultants write). The edit is
    committed when the editor loses focus or on Ctrl+Enter; Escape cancels it."""

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        model = index.model()
        column = model.columns[index.column()] if isinstance(model, RowsTable) else None
        if column is None or column.kind != "text":
            return super().createEditor(parent, option, index)
        editor = QPlainTextEdit(parent)
        editor.setObjectName("cellEditor")
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(90)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = rect.adjusted(0, 0, 0, max(0, 120 - rect.height()))
        editor.setGeometry(rect)

    def eventFilter(self, editor, event) -> bool:  # noqa: N802
        if (isinstance(editor, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


def _table(model: RowsTable, name: str) -> QTableView:
    view = QTableView(objectName=name)
    view.setItemDelegate(TextDelegate(view))
    view.setModel(model)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
                         | QTableView.EditTrigger.AnyKeyPressed)
    return view


class ListEditor(QWidget):
    """A table with Add / Remove / Up / Down buttons below it: one list of the specification."""

    def __init__(self, model: RowsTable, name: str, on_add: Callable[[], None] | None,
                 on_remove: Callable[[int], None] | None, on_move: Callable[[int, int], None] | None) -> None:
        super().__init__()
        self.view = _table(model, name)
        self.add_button = QPushButton(objectName=f"{name}Add")
        self.remove_button = QPushButton(objectName=f"{name}Remove")
        self.up_button = QPushButton("↑", objectName=f"{name}Up")
        self.down_button = QPushButton("↓", objectName=f"{name}Down")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        for button, action in ((self.add_button, on_add), (self.remove_button, on_remove),
                               (self.up_button, on_move), (self.down_button, on_move)):
            if action is None:
                button.hide()
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        if on_add:
            self.add_button.clicked.connect(on_add)
        if on_remove:
            self.remove_button.clicked.connect(lambda: self._row() >= 0 and on_remove(self._row()))
        if on_move:
            self.up_button.clicked.connect(lambda: self._row() > 0 and on_move(self._row(), -1))
            self.down_button.clicked.connect(lambda: self._row() >= 0 and on_move(self._row(), 1))

    def _row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def retranslate(self, add: str, remove: str) -> None:
        self.add_button.setText(add)
        self.remove_button.setText(remove)


# --- the tab -------------------------------------------------------------------------------------------

EDITOR_PAGES = ("overview", "roles", "activities", "tools", "interfaces", "records", "sections", "rollout",
                "variants")


class ProcessesTab(QWidget):
    """Seven processes: assessment, specification (both languages, undoable, autosaved), flow, KPIs, problems."""

    saved = Signal(str, int)  # process id, new version
    loaded = Signal(str)  # engagement id: its book is on screen

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("processesTab")
        self.context = context
        self.engagement_id: str | None = None
        self.book: service.ProcessBook | None = None
        self.specs: dict[str, ProcessSpec] = {}
        self.versions: dict[str, int] = {}
        self.process_id = "change"
        self.dirty: set[str] = set()
        self.undo_stack = QUndoStack(self)
        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave.timeout.connect(self.flush)
        self._flow_key: tuple | None = None

        self.summary = QLabel(objectName="processesSummary")
        self.summary.setWordWrap(True)
        self.status = QLabel(objectName="processesStatus")
        self.status.setWordWrap(True)
        self.undo_button = QPushButton(objectName="processesUndo")
        self.redo_button = QPushButton(objectName="processesRedo")
        self.approve_button = QPushButton(objectName="processesApprove")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.approve_button.clicked.connect(self._toggle_approval)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_button.setShortcut(QKeySequence.StandardKey.Redo)

        # left: the seven processes
        self.process_model = RowsTable([
            Column(lambda: self.tr("Process"), lambda r: r["name"]),
            Column(lambda: self.tr("Level"), lambda r: r["level"], kind="level"),
            Column(lambda: self.tr("Target"), lambda r: r["target"], kind="level"),
            Column(lambda: self.tr("Status"), lambda r: r["status"]),
        ], self._edit, self)
        self.process_view = _table(self.process_model, "processList")
        self.process_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.process_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.process_view.selectionModel().currentRowChanged.connect(self._process_chosen)
        self.process_view.setMinimumWidth(300)
        self.process_view.horizontalHeader().setStretchLastSection(True)

        # assessment page
        self.capabilities = RowsTable([
            Column(lambda: self.tr("Capability"), lambda c: c.name.get(self._lang())),
            Column(lambda: self.tr("Level"), lambda c: c.level, kind="level"),
            Column(lambda: self.tr("Target"), lambda c: c.target, kind="level"),
            Column(lambda: self.tr("Gap"), lambda c: c.gap, kind="level"),
            Column(lambda: self.tr("Coverage"), lambda c: None if c.coverage is None else f"{c.coverage:.0%}"),
            Column(lambda: self.tr("Confidence"), lambda c: self._word(c.confidence)),
        ], self._edit, self)
        self.capability_view = _table(self.capabilities, "capabilityTable")
        self.capability_view.setColumnWidth(0, 300)
        self.findings = RowsTable([
            Column(lambda: self.tr("Type"), lambda f: self._word(f.type.value)),
            Column(lambda: self.tr("Severity"), lambda f: self._word(f.severity.value)),
            Column(lambda: self.tr("Status"), lambda f: self._word(f.status.value)),
            Column(lambda: self.tr("Finding"), lambda f: f.title.get(self._lang())),
        ], self._edit, self)
        self.findings_view = _table(self.findings, "processFindings")
        self.assessment_note = QLabel(objectName="assessmentNote")
        self.assessment_note.setWordWrap(True)
        assessment = QWidget()
        al = QVBoxLayout(assessment)
        al.addWidget(self.assessment_note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.capability_view)
        split.addWidget(self.findings_view)
        al.addWidget(split, 1)

        # specification editor: a page list and a stack
        self.editor_nav = QListWidget(objectName="specSections")
        self.editor_nav.setMaximumWidth(170)
        self.editor_stack = QStackedWidget(objectName="specStack")
        self.editor_nav.currentRowChanged.connect(self.editor_stack.setCurrentIndex)
        self._build_editor()
        editor = QWidget()
        el = QHBoxLayout(editor)
        el.setContentsMargins(0, 0, 0, 0)
        el.addWidget(self.editor_nav)
        el.addWidget(self.editor_stack, 1)

        # flow diagram
        self.flow = _FlowArea()

        # KPIs
        self.kpis = RowsTable(self._kpi_columns(), self._edit, self)
        self.kpi_editor = ListEditor(self.kpis, "kpiTable", self._add_kpi, self._remove_kpi, None)
        kpi_page = self._build_kpi_page()

        # problems
        self.problems = RowsTable([
            Column(lambda: self.tr("Severity"), lambda p: self._word(p.severity)),
            Column(lambda: self.tr("Where"), lambda p: p.where),
            Column(lambda: self.tr("Problem"), lambda p: p.message(self._lang())),
        ], self._edit, self)
        self.problem_view = _table(self.problems, "problemTable")
        self.problem_view.setColumnWidth(0, 70)
        self.problem_view.setColumnWidth(1, 260)
        self.problem_view.doubleClicked.connect(self._go_to_problem)

        self.pages = QTabWidget(objectName="processPages")
        self.pages.setDocumentMode(True)
        for page in (assessment, editor, self.flow, kpi_page, self.problem_view):
            self.pages.addTab(page, "")
        self.pages.currentChanged.connect(lambda _i: self._refresh_flow())

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.process_view)
        body.addWidget(self.pages)
        body.setStretchFactor(1, 1)
        body.setSizes([330, 1000])
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.status, 1)
        top.addWidget(self.approve_button)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)

        # while an engagement's book is read in the background: this panel instead of the book
        self._load_task = None  # app.ui.tasks.Task reading the book, while it runs
        self._load_serial = 0  # which load() a finished read answers; older answers are dropped
        self.loading_label = QLabel(objectName="processesLoading")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_bar = QProgressBar(objectName="processesLoadingBar")
        self.loading_bar.setRange(0, 0)  # reading the book reports no steps: a busy bar
        self.loading_bar.setFixedWidth(320)
        self.cancel_load_button = QPushButton(objectName="processesCancelLoad")
        self.cancel_load_button.clicked.connect(self.cancel_load)
        self.reload_button = QPushButton(objectName="processesReload")
        self.reload_button.clicked.connect(self._reload)
        loading = QWidget(objectName="processesLoadingPage")
        ll = QVBoxLayout(loading)
        ll.addStretch(1)
        ll.addWidget(self.loading_label)
        for widget in (self.loading_bar, self.cancel_load_button, self.reload_button):
            ll.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        ll.addStretch(2)
        self.body_stack = QStackedWidget(objectName="processesBody")
        self.body_stack.addWidget(body)
        self.body_stack.addWidget(loading)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body_stack, 1)
        self.retranslate_ui()

    # --- the editor pages ----------------------------------------------------------------------------

    def _lang(self) -> str:
        return self.context.language

    def _word(self, value: str) -> str:
        """A stored value (severity, finding type, status ...) in the interface language."""
        words = {"high": self.tr("high"), "medium": self.tr("medium"), "low": self.tr("low"),
                 "strength": self.tr("strength"), "weakness": self.tr("weakness"), "risk": self.tr("risk"),
                 "observation": self.tr("observation"), "draft": self.tr("draft"), "approved": self.tr("approved"),
                 "rejected": self.tr("rejected"), "error": self.tr("error"), "warning": self.tr("warning"),
                 "weekly": self.tr("weekly"), "monthly": self.tr("monthly"), "quarterly": self.tr("quarterly"),
                 "out": self.tr("hands over"), "in": self.tr("receives")}
        return words.get(value, value)

    def _choice(self, attr: str) -> Callable[[Any, Any], None]:
        """A setter that takes a choice as shown (in either language) or as stored."""
        def set_value(obj: Any, value: Any) -> None:
            text = str(value).strip()
            stored = next((k for k in ("weekly", "monthly", "quarterly", "out", "in")
                           if text.lower() in (k, self._word(k).lower())), text)
            setattr(obj, attr, stored)
        return set_value

    def _bicolumns(self, title: Callable[[], str], attr: str) -> list[Column]:
        return [Column(lambda: f"{title()} (English)", lambda o: getattr(o, attr).en, _bi(attr, "en")),
                Column(lambda: f"{title()} (中文)", lambda o: getattr(o, attr).zh, _bi(attr, "zh"))]

    def _text_list(self, name: str, attr: str, title: Callable[[], str]) -> tuple[RowsTable, ListEditor]:
        """A list of BiTexts (triggers, inputs, outputs, SOP steps of the chosen activity)."""
        model = RowsTable([Column(lambda: "English", lambda t: t.en, None), Column(lambda: "中文", lambda t: t.zh)],
                          self._edit, self)

        def owner(spec: ProcessSpec) -> list[BiText]:
            return _owner_list(self, spec, attr)

        def set_lang(lang: str) -> Callable[[Any, Any], None]:
            def setter(located: tuple[list[BiText], int], value: Any) -> None:
                items, i = located
                items[i] = items[i].with_lang(lang, str(value))
            return setter

        model.columns = [Column(lambda: f"{title()} (English)", lambda t: t.en, set_lang("en")),
                         Column(lambda: f"{title()} (中文)", lambda t: t.zh, set_lang("zh"))]
        model._owner = owner  # type: ignore[attr-defined]

        def add() -> None:
            self._edit(lambda s: owner(s).append(BiText(self.tr("New item"), "新条目")), self.tr("Add"))

        def remove(row: int) -> None:
            self._edit(lambda s: owner(s).pop(row), self.tr("Remove"))

        def move(row: int, step: int) -> None:
            def change(s: ProcessSpec) -> None:
                items = owner(s)
                j = row + step
                if 0 <= j < len(items):
                    items[row], items[j] = items[j], items[row]
            self._edit(change, self.tr("Move"))

        editor = ListEditor(model, name, add, remove, move)
        editor.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return model, editor

    def _build_editor(self) -> None:
        edit = self._edit
        # overview: one-row tables for purpose and scope, the owner, and the triggers / inputs / outputs lists
        self.overview = RowsTable(
            [Column(lambda: self.tr("Field"), lambda r: r[0]()),
             Column(lambda: "English", lambda r: getattr(r[1], r[2]).en, lambda r, v: _bi(r[2], "en")(r[1], v)),
             Column(lambda: "中文", lambda r: getattr(r[1], r[2]).zh, lambda r, v: _bi(r[2], "zh")(r[1], v))],
            edit, self)
        self.overview_view = _table(self.overview, "overviewTable")
        header = self.overview_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.overview_view.setColumnWidth(0, 90)
        self.owner_box = QComboBox(objectName="ownerBox")
        self.owner_box.activated.connect(self._owner_chosen)
        self.owner_label = QLabel()
        self.triggers, self.triggers_editor = self._text_list("triggerTable", "triggers", lambda: self.tr("Trigger"))
        overview = QWidget()
        ol = QVBoxLayout(overview)
        row = QHBoxLayout()
        row.addWidget(self.owner_label)
        row.addWidget(self.owner_box, 1)
        ol.addLayout(row)
        ol.addWidget(self.overview_view, 2)
        ol.addWidget(self.triggers_editor, 1)

        # roles
        self.roles = RowsTable([
            Column(lambda: self.tr("Role id"), lambda r: r.id),
            Column(lambda: self.tr("Name (English)"), lambda r: r.name.en or self._catalogue_name(r.id, "en"),
                   _bi("name", "en")),
            Column(lambda: self.tr("Name (中文)"), lambda r: r.name.zh or self._catalogue_name(r.id, "zh"),
                   _bi("name", "zh")),
            Column(lambda: self.tr("Custom"), lambda r: self.tr("yes") if r.custom else ""),
        ], edit, self)
        self.roles_editor = ListEditor(self.roles, "rolesTable", self._add_role, self._remove_role, None)

        # activities: the RACI matrix above, the chosen activity's name and SOP steps below
        self.raci = RowsTable([], edit, self)
        self.raci_view = _table(self.raci, "raciTable")
        self.raci_view.setHorizontalHeader(VerticalHeader(self.raci_view, horizontal_from=1))
        self.raci_view.horizontalHeader().setStretchLastSection(False)
        self.raci_view.selectionModel().currentRowChanged.connect(lambda *_: self._refresh_steps())
        self.steps, self.steps_editor = self._text_list("stepsTable", "steps", lambda: self.tr("SOP step"))
        self.activity_caption = QLabel(objectName="activityCaption")
        activities = QSplitter(Qt.Orientation.Vertical)
        activities.addWidget(self.raci_view)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.activity_caption)
        ll.addWidget(self.steps_editor, 1)
        activities.addWidget(lower)

        self.tools = RowsTable(self._bicolumns(lambda: self.tr("Tool"), "name")
                               + self._bicolumns(lambda: self.tr("Purpose"), "purpose"), edit, self)
        self.tools_editor = ListEditor(self.tools, "toolsTable",
                                       lambda: self._append("tools", Tool(BiText(self.tr("New tool"), "新工具"))),
                                       lambda row: self._pop("tools", row), None)
        self.interfaces = RowsTable([
            Column(lambda: self.tr("Other process"), lambda i: i.process, _plain("process")),
            Column(lambda: self.tr("Direction"), lambda i: self._word(i.direction), self._choice("direction")),
            Column(lambda: self.tr("This activity"), lambda i: i.activity, _plain("activity")),
            Column(lambda: self.tr("Other activity"), lambda i: i.other_activity, _plain("other_activity")),
            *self._bicolumns(lambda: self.tr("Hand-off"), "description"),
        ], edit, self)
        self.interfaces_editor = ListEditor(self.interfaces, "interfacesTable", self._add_interface,
                                            lambda row: self._pop("interfaces", row), None)
        self.records = RowsTable([
            *self._bicolumns(lambda: self.tr("Record"), "name"),
            Column(lambda: self.tr("Owner"), lambda r: r.owner, _plain("owner")),
            *self._bicolumns(lambda: self.tr("Kept for"), "retention"),
        ], edit, self)
        self.records_editor = ListEditor(self.records, "recordsTable",
                                         lambda: self._append("records", Record(BiText(self.tr("New record"), "新记录"),
                                                                                self.specs[self.process_id].owner)),
                                         lambda row: self._pop("records", row), None)
        self.sections = RowsTable([
            Column(lambda: self.tr("Section"), lambda s: s.heading.get(self._lang())),
            Column(lambda: self.tr("Text (English)"), lambda s: s.text.en, _bi("text", "en")),
            Column(lambda: self.tr("Text (中文)"), lambda s: s.text.zh, _bi("text", "zh")),
        ], edit, self)
        self.sections_view = _table(self.sections, "sectionsTable")
        header = self.sections_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.sections_view.setColumnWidth(0, 170)
        self.sections_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_guidance())
        self.guidance = QLabel(objectName="sectionGuidance")
        self.guidance.setWordWrap(True)
        self.guidance.setFrameShape(QFrame.Shape.StyledPanel)
        sections = QWidget()
        sl = QVBoxLayout(sections)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.sections_view, 1)
        sl.addWidget(self.guidance)
        self.rollout = RowsTable([
            Column(lambda: self.tr("Phase"), lambda s: s.phase, _plain("phase"), "int"),
            *self._bicolumns(lambda: self.tr("Step"), "title"),
            Column(lambda: self.tr("Owner"), lambda s: s.owner, _plain("owner")),
            Column(lambda: self.tr("From month"), lambda s: s.start_month, _plain("start_month"), "int"),
            Column(lambda: self.tr("Months"), lambda s: s.duration_months, _plain("duration_months"), "int"),
        ], edit, self)
        self.rollout_editor = ListEditor(self.rollout, "rolloutTable", self._add_step,
                                         lambda row: self._pop("rollout", row), None)
        # variants: choose a business line; tailor any text or KPI target; the differences listed below
        self.variant_box = QComboBox(objectName="variantBox")
        self.variant_box.currentIndexChanged.connect(lambda _i: self._refresh_variant())
        self.variant_add = QPushButton(objectName="variantAdd")
        self.variant_remove = QPushButton(objectName="variantRemove")
        self.variant_add.clicked.connect(self._add_variant)
        self.variant_remove.clicked.connect(self._remove_variant)
        self.variant_fields = RowsTable([
            Column(lambda: self.tr("What"), lambda f: f.label.get(self._lang())),
            Column(lambda: self.tr("Base"), lambda f: f.base.get(self._lang())),
            Column(lambda: self.tr("Business line (English)"), lambda f: f.own("en"), lambda f, v: f.set("en", v)),
            Column(lambda: self.tr("Business line (中文)"), lambda f: f.own("zh"), lambda f, v: f.set("zh", v)),
        ], edit, self)
        self.variant_fields_view = _table(self.variant_fields, "variantFields")
        header = self.variant_fields_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.variant_fields_view.setColumnWidth(0, 170)
        self.variants = RowsTable([
            Column(lambda: self.tr("Business line"), lambda d: d[0]),
            Column(lambda: self.tr("What differs"), lambda d: d[1].label.get(self._lang())),
            Column(lambda: self.tr("Base"), lambda d: d[1].base.get(self._lang())),
            Column(lambda: self.tr("Business line's own"), lambda d: d[1].variant.get(self._lang())),
        ], edit, self)
        self.variants_view = _table(self.variants, "variantsTable")
        self.variants_note = QLabel(objectName="variantsNote")
        self.variants_note.setWordWrap(True)
        variants = QWidget()
        vl = QVBoxLayout(variants)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.addWidget(self.variants_note)
        bar = QHBoxLayout()
        bar.addWidget(self.variant_box, 1)
        bar.addWidget(self.variant_add)
        bar.addWidget(self.variant_remove)
        vl.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.variant_fields_view)
        split.addWidget(self.variants_view)
        vl.addWidget(split, 1)
        for page in (overview, self.roles_editor, activities, self.tools_editor, self.interfaces_editor,
                     self.records_editor, sections, self.rollout_editor, variants):
            self.editor_stack.addWidget(page)
            self.editor_nav.addItem("")

    def _kpi_columns(self) -> list[Column]:
        return [*self._bicolumns(lambda: self.tr("KPI"), "name"),
                Column(lambda: self.tr("Formula"), lambda k: k.formula, _plain("formula")),
                Column(lambda: self.tr("Unit"), lambda k: k.unit, _plain("unit")),
                Column(lambda: self.tr("Better when"), lambda k: self.tr("higher") if k.direction ==
                       "higher_is_better" else self.tr("lower")),
                Column(lambda: self.tr("Baseline"), lambda k: k.baseline, _plain("baseline"), "number"),
                Column(lambda: self.tr("Target"), lambda k: k.target, _plain("target"), "number"),
                Column(lambda: self.tr("Reported"), lambda k: self._word(k.frequency), self._choice("frequency"))]

    def _build_kpi_page(self) -> QWidget:
        """KPIs above; the chosen KPI's definition, data source and where its numbers came from below."""
        self.kpi_view = self.kpi_editor.view
        for column, width in enumerate((170, 120, 230, 70, 80, 70, 70)):
            self.kpi_view.setColumnWidth(column, width)
        self.kpi_view.selectionModel().currentRowChanged.connect(lambda *_: self._refresh_kpi_detail())
        self.kpi_detail = RowsTable(
            [Column(lambda: self.tr("Field"), lambda r: r[0]()),
             Column(lambda: "English", lambda r: getattr(r[1], r[2]).en, lambda r, v: _bi(r[2], "en")(r[1], v)),
             Column(lambda: "中文", lambda r: getattr(r[1], r[2]).zh, lambda r, v: _bi(r[2], "zh")(r[1], v))],
            self._edit, self)
        self.kpi_detail_view = _table(self.kpi_detail, "kpiDetail")
        header = self.kpi_detail_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.kpi_detail_view.setColumnWidth(0, 120)
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.kpi_editor)
        page.addWidget(self.kpi_detail_view)
        page.setSizes([330, 300])
        return page

    def _refresh_kpi_detail(self) -> None:
        spec = self.specs.get(self.process_id)
        if spec is None or not spec.kpis:
            self.kpi_detail.set_rows([])
            return
        row = min(max(0, self.kpi_view.currentIndex().row()), len(spec.kpis) - 1)
        kpi = spec.kpis[row]
        fields = (("definition", lambda: self.tr("Definition")), ("data_source", lambda: self.tr("Data source")),
                  ("baseline_note", lambda: self.tr("Baseline from")), ("target_note", lambda: self.tr("Target note")))
        self.kpi_detail.set_rows([(label, kpi, attr) for attr, label in fields],
                                 lambda s, i, r=row: (None, s.kpis[r], fields[i][0]))

    # --- texts ----------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.cancel_load_button.setText(self.tr("Cancel"))
        self.reload_button.setText(self.tr("Load again"))
        if self._load_task is not None:
            self.loading_label.setText(self.tr("Reading the processes of this engagement..."))
        elif self.reload_button.isVisibleTo(self):
            self.loading_label.setText(self.tr("Loading was cancelled."))
        self.undo_button.setText(self.tr("Undo"))
        self.redo_button.setText(self.tr("Redo"))
        for i, text in enumerate((self.tr("Assessment"), self.tr("Specification"), self.tr("Flow diagram"),
                                  self.tr("KPIs"), self.tr("Problems"))):
            self.pages.setTabText(i, text)
        for i, text in enumerate((self.tr("Overview"), self.tr("Roles"), self.tr("Activities and RACI"),
                                  self.tr("Tools"), self.tr("Interfaces"), self.tr("Records"),
                                  self.tr("Specification text"), self.tr("Rollout plan"),
                                  self.tr("Business-line variants"))):
            self.editor_nav.item(i).setText(text)
        if self.editor_nav.currentRow() < 0:
            self.editor_nav.setCurrentRow(0)
        self.owner_label.setText(self.tr("Process owner"))
        for editor in (self.triggers_editor, self.steps_editor, self.roles_editor, self.kpi_editor, self.tools_editor,
                       self.interfaces_editor, self.records_editor, self.rollout_editor):
            editor.retranslate(self.tr("Add"), self.tr("Remove"))
        self.roles_editor.add_button.setText(self.tr("Add custom role"))
        self.variant_add.setText(self.tr("Add business line"))
        self.variant_remove.setText(self.tr("Remove business line"))
        self.variants_note.setText(self.tr(
            "A Large engagement tailors a process per business line (change windows, incident severities ...). Type only what differs; an empty cell keeps the base. The differences are listed below."))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- loading and saving ---------------------------------------------------------------------------

    def load(self, engagement_id: str) -> None:
        """Show the engagement's processes: the book is read in the background (it scores the engagement).

        Everything of the previous engagement goes first: its pending save is written to it, its
        undo stack and tables are emptied, and a read still running for it is dropped, so what
        arrives later is only ever this engagement's book.
        """
        self.flush()  # the previous engagement's pending save goes to the previous engagement
        self.undo_stack.clear()
        self.engagement_id = engagement_id
        self.dirty.clear()
        self._flow_key = None
        self.book, self.specs, self.versions = None, {}, {}
        for model in self.findChildren(RowsTable):
            model.set_rows([])
        self.summary.setText("")
        self.status.setText("")
        self._start_load(engagement_id)

    def _start_load(self, engagement_id: str) -> None:
        from app.ui.tasks import run_task

        if self._load_task is not None:
            self._load_task.cancel()
        self._load_serial += 1
        serial = self._load_serial
        library, repo = self.context.library, self.context.repo  # the task carries what it reads with
        self._show_loading(True)
        self._load_task = run_task(
            lambda _control: service.load_book(library, repo, engagement_id),
            lambda book: self._book_read(serial, engagement_id, book),
            lambda exc, details: self._book_failed(serial, exc, details),
            on_cancelled=lambda: self._load_cancelled(serial), owner=self, serial=True)

    def _current(self, serial: int) -> bool:
        """Whether a finished read answers the latest load (an older one's answer is dropped)."""
        if serial != self._load_serial:
            return False
        self._load_task = None
        return True

    def _show_loading(self, loading: bool, *, cancelled: bool = False) -> None:
        self.loading_label.setText(self.tr("Loading was cancelled.") if cancelled
                                   else self.tr("Reading the processes of this engagement..."))
        self.loading_bar.setVisible(loading)
        self.cancel_load_button.setVisible(loading)
        self.reload_button.setVisible(cancelled)
        self.approve_button.setVisible(not (loading or cancelled))  # nothing to approve until the book is read
        self.body_stack.setCurrentIndex(1 if loading or cancelled else 0)

    def cancel_load(self) -> None:
        """Stop waiting for the book (the read finishes in the background and is dropped)."""
        if self._load_task is not None:
            self._load_task.cancel()

    def _reload(self) -> None:
        if self.engagement_id is not None:
            self._start_load(self.engagement_id)

    def _load_cancelled(self, serial: int) -> None:
        if self._current(serial):
            self._show_loading(False, cancelled=True)

    def _book_failed(self, serial: int, exc: BaseException, details: str) -> None:
        if not self._current(serial):
            return
        self._show_loading(False)
        self.engagement_id, self.book = None, None
        self.pages.setEnabled(False)
        self.summary.setText(str(exc))
        if not isinstance(exc, UserError):  # content without the process model is said in place; a bug is shown
            present_error(exc, self, details=details)

    def _book_read(self, serial: int, engagement_id: str, book: service.ProcessBook) -> None:
        if not self._current(serial) or engagement_id != self.engagement_id:
            return
        self.book = book
        self._show_loading(False)
        self.pages.setEnabled(True)
        self.specs = {pid: s.spec for pid, s in book.specs.items()}
        self.versions = {pid: s.version for pid, s in book.specs.items()}
        if self.process_id not in self.specs:
            self.process_id = book.order[0]
        self.status.setText("")
        self._refresh()
        self.loaded.emit(engagement_id)

    def _edit(self, change: Callable[[ProcessSpec], None], what: str) -> bool:
        """Apply ``change`` to a copy of the shown process's specification; refuse a malformed result."""
        if self.engagement_id is None or self.process_id not in self.specs:
            return False
        current = self.specs[self.process_id]
        before = current.to_dict()
        candidate = current.copy()
        try:
            change(candidate)
            if candidate.status == "approved":
                candidate.status = "draft"  # the approved standard changed: it needs approving again
            validate_spec(candidate)
        except (UserError, IndexError, ValueError, TypeError, AttributeError) as exc:
            self._say(str(exc), error=True)
            return False
        after = candidate.to_dict()
        if after == before:
            return False
        self.undo_stack.push(SpecCommand(self, self.process_id, before, after, what))
        return True

    def _apply(self, process_id: str, payload: dict) -> None:
        self.specs[process_id] = ProcessSpec.from_dict(payload)
        self.dirty.add(process_id)
        self.autosave.start()
        if process_id != self.process_id:
            self._select_process(process_id)
        self._recheck()
        self._refresh()

    def flush(self) -> None:
        """Save every edited process now (autosave's timer, switching engagement, closing)."""
        self.autosave.stop()
        if self.engagement_id is None or not self.dirty:
            return
        for pid in [p for p in PROCESS_IDS if p in self.dirty] + sorted(self.dirty - set(PROCESS_IDS)):
            try:
                self.versions[pid] = service.save_spec(
                    self.context.library, self.context.repo, self.engagement_id, self.specs[pid],
                    expected_version=self.versions.get(pid, 0), updated_by=self.context.consultant)
            except UserError as exc:
                self._say(str(exc), error=True)
                present_error(exc, self)
                return
            self.dirty.discard(pid)
            self.saved.emit(pid, self.versions[pid])
        self._say(self.tr("Saved (version %1)").replace("%1", str(self.versions.get(self.process_id, 0))))
        self._refresh_processes()

    def _toggle_approval(self) -> None:
        if self.engagement_id is None or self.process_id not in self.specs:
            return
        self.flush()
        spec = self.specs[self.process_id]
        try:
            version = service.approve(self.context.library, self.context.repo, self.engagement_id, self.process_id,
                                      approved=spec.status != "approved",
                                      expected_version=self.versions.get(self.process_id, 0),
                                      updated_by=self.context.consultant)
        except UserError as exc:
            self._say(str(exc), error=True)
            self.pages.setCurrentIndex(4)
            return
        self.versions[self.process_id] = version
        spec.status = "draft" if spec.status == "approved" else "approved"
        self._say(self.tr("Saved (version %1)").replace("%1", str(version)))
        self._refresh()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #C00000" if error else "")

    def _recheck(self) -> None:
        if self.book is None:
            return
        from app.planning.process_checks import check_book

        self.book.problems = check_book(self.specs, self.book.catalogue)

    # --- edits that are not a cell ------------------------------------------------------------------

    def _append(self, attr: str, item: Any) -> None:
        self._edit(lambda s: getattr(s, attr).append(item), self.tr("Add"))

    def _pop(self, attr: str, row: int) -> None:
        self._edit(lambda s: getattr(s, attr).pop(row), self.tr("Remove"))

    def _owner_chosen(self, index: int) -> None:
        role = self.owner_box.itemData(index)
        if role is not None:
            self._edit(lambda s: setattr(s, "owner", role), self.tr("Process owner"))

    def _add_role(self) -> None:
        spec = self.specs[self.process_id]
        n = 1 + sum(1 for r in spec.roles if r.custom)
        role_id = f"custom_role_{n}"
        while spec.role(role_id) is not None:
            n += 1
            role_id = f"custom_role_{n}"
        self._edit(lambda s: s.roles.append(SpecRole(role_id, BiText(self.tr("New role"), "新角色"), custom=True)),
                   self.tr("Add custom role"))

    def _remove_role(self, row: int) -> None:
        self._edit(lambda s: s.roles.pop(row), self.tr("Remove"))  # any use left is listed as an unknown role

    def _add_kpi(self) -> None:
        spec = self.specs[self.process_id]
        n = len(spec.kpis) + 1
        while spec.kpi(f"kpi.custom.{spec.process_id}.{n}") is not None:
            n += 1
        self._append("kpis", Kpi(f"kpi.custom.{spec.process_id}.{n}", BiText(self.tr("New KPI"), "新指标")))

    def _remove_kpi(self, row: int) -> None:
        self._pop("kpis", row)

    def _add_interface(self) -> None:
        spec = self.specs[self.process_id]
        other = next(p for p in PROCESS_IDS if p != spec.process_id)
        first = spec.activities[0].id if spec.activities else ""
        self._append("interfaces", Interface(other, INTERFACE_DIRECTIONS[0], first, ""))

    def _add_variant(self) -> None:
        spec = self.specs[self.process_id]
        n = len(spec.variants) + 1
        while spec.variant(f"line{n}") is not None:
            n += 1
        name = BiText(self.tr("Business line %1").replace("%1", str(n)), f"业务线{n}")
        if self._edit(lambda s: s.variants.append(Variant(f"line{n}", name)), self.tr("Add business line")):
            self.variant_box.setCurrentIndex(self.variant_box.findData(f"line{n}"))

    def _remove_variant(self) -> None:
        variant_id = self.variant_box.currentData()
        if variant_id is not None:
            self._edit(lambda s: s.variants.remove(s.variant(variant_id)), self.tr("Remove business line"))

    def _refresh_variant(self) -> None:
        spec = self.specs.get(self.process_id)
        variant_id = self.variant_box.currentData()
        if spec is None or variant_id is None or spec.variant(variant_id) is None:
            self.variant_fields.set_rows([])
            self.variant_remove.setEnabled(False)
            return
        self.variant_remove.setEnabled(True)
        fields = [VariantField(spec, variant_id, "name", BiText("Business line", "业务线"))]
        fields += [VariantField(spec, variant_id, key, label) for key, label in _tailorable(spec)]
        self.variant_fields.set_rows(fields, lambda s, i, f=fields: f[i].on(s))

    def _add_step(self) -> None:
        spec = self.specs[self.process_id]
        n = len(spec.rollout) + 1
        while any(s.id == f"step{n}" for s in spec.rollout):
            n += 1
        self._append("rollout", RolloutStep(f"step{n}", max((s.phase for s in spec.rollout), default=1),
                                            BiText(self.tr("New step"), "新步骤"), owner=spec.owner))

    # --- showing ----------------------------------------------------------------------------------------

    def _catalogue_name(self, role_id: str, lang: str) -> str:
        return self.book.role_name(role_id, lang) if self.book else role_id

    def _role(self, role_id: str) -> str:
        return self.book.role_name(role_id, self._lang(), self.process_id) if self.book else role_id

    def _select_process(self, process_id: str) -> None:
        self.process_id = process_id
        row = self.book.order.index(process_id) if self.book and process_id in self.book.order else 0
        self.process_view.selectRow(row)

    def _process_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.book is None or not current.isValid():
            return
        pid = self.book.order[current.row()]
        if pid != self.process_id:
            self.process_id = pid
            self._refresh_process()

    def _refresh(self) -> None:
        if self.book is None:
            return
        size = self.tr("Large") if self.book.size == "large" else self.tr("Medium")
        origin = {"organisation_design": self.tr("the organisation design"),
                  "organisation_model": self.tr("the organisation model"),
                  "process_model": self.tr("the process model")}.get(self.book.raci_origin, "")
        self.summary.setText(self.tr("%1 — process optimisation (%2); RACI from %3").replace(
            "%1", self.book.engagement.name).replace("%2", size).replace("%3", origin))
        self._refresh_processes()
        self._refresh_process()

    def _refresh_processes(self) -> None:
        if self.book is None:
            return
        rows, fills = [], {}
        for i, pid in enumerate(self.book.order):
            a = self.book.assessments[pid]
            spec = self.specs[pid]
            errors = sum(1 for p in self.book.problems_of(pid) if p.is_error)
            if pid in self.dirty:
                status = self.tr("editing")
            elif not self.versions.get(pid):
                status = self.tr("not saved")
            else:
                status = self.tr("approved") if spec.status == "approved" else self.tr("draft")
            if errors:
                status += " · " + self.tr("%1 error(s)").replace("%1", str(errors))
                fills[i] = ERROR_FILL
            rows.append({"name": spec.name.get(self._lang()), "level": a.level, "target": a.target,
                         "status": status})
        self.process_model.set_rows(rows, None, fills)
        for column, width in enumerate((150, 44, 48)):
            self.process_view.setColumnWidth(column, width)
        self.process_view.selectionModel().blockSignals(True)
        self.process_view.selectRow(self.book.order.index(self.process_id))
        self.process_view.selectionModel().blockSignals(False)

    def _refresh_process(self) -> None:
        if self.book is None:
            return
        pid = self.process_id
        spec = self.specs[pid]
        a = self.book.assessments[pid]
        lang = self._lang()
        self.approve_button.setText(self.tr("Back to draft") if spec.status == "approved" else self.tr("Approve"))
        # assessment
        if a.assessed:
            self.assessment_note.setText(self.tr("%1: level %2 against target %3; %4 finding(s) from the diagnosis.")
                                         .replace("%1", a.name.get(lang)).replace("%2", f"{a.level:.2f}")
                                         .replace("%3", f"{a.target:.2f}").replace("%4", str(len(a.findings))))
        else:
            self.assessment_note.setText(self.tr(
                "%1 is not assessed yet: answer its deep-dive questionnaire in the Interview tab.").replace("%1", a.name.get(lang)))
        gaps = {i: GAP_FILL for i, c in enumerate(a.capabilities) if c.gap is not None and c.gap >= 1}
        self.capabilities.set_rows(list(a.capabilities), None, gaps)
        self.findings.set_rows(list(a.findings))
        # specification
        self.overview.set_rows([(lambda: self.tr("Purpose"), spec, "purpose"), (lambda: self.tr("Scope"), spec, "scope")],
                               lambda s, i: [(None, s, "purpose"), (None, s, "scope")][i])
        self.owner_box.blockSignals(True)
        self.owner_box.clear()
        for role in spec.roles:
            self.owner_box.addItem(self._role(role.id), role.id)
        self.owner_box.setCurrentIndex(max(0, self.owner_box.findData(spec.owner)))
        self.owner_box.blockSignals(False)
        self.triggers.set_rows(list(spec.triggers), lambda s, i: (s.triggers, i))
        self.roles.set_rows(list(spec.roles), lambda s, i: s.roles[i])
        self._refresh_raci()
        self.tools.set_rows(list(spec.tools), lambda s, i: s.tools[i])
        self.interfaces.set_rows(list(spec.interfaces), lambda s, i: s.interfaces[i])
        self.records.set_rows(list(spec.records), lambda s, i: s.records[i])
        self.sections.set_rows(list(spec.sections), lambda s, i: s.sections[i])
        self._show_guidance()
        self.rollout.set_rows(list(spec.rollout), lambda s, i: s.rollout[i])
        from app.planning.processes import variant_differences

        diffs = [(v.name.get(lang), d) for v in spec.variants
                 for d in variant_differences(spec, v.id, self.book.role_names)]
        self.variants.set_rows(diffs)
        chosen = self.variant_box.currentData()
        self.variant_box.blockSignals(True)
        self.variant_box.clear()
        for v in spec.variants:
            self.variant_box.addItem(v.name.get(lang), v.id)
        self.variant_box.setCurrentIndex(max(0, self.variant_box.findData(chosen)))
        self.variant_box.blockSignals(False)
        self._refresh_variant()
        self.kpis.set_rows(list(spec.kpis), lambda s, i: s.kpis[i])
        self._refresh_kpi_detail()
        problems = self.book.problems_of(pid)
        self.problems.set_rows(problems, None, {i: ERROR_FILL if p.is_error else WARNING_FILL
                                                for i, p in enumerate(problems)})
        errors = sum(1 for p in problems if p.is_error)
        self.pages.setTabText(4, self.tr("Problems (%1)").replace("%1", str(len(problems))) if not errors else
                              self.tr("Problems (%1, %2 errors)").replace("%1", str(len(problems)))
                              .replace("%2", str(errors)))
        self._refresh_flow()

    def _refresh_raci(self) -> None:
        spec = self.specs[self.process_id]
        roles = spec.role_ids

        def setter(role_id: str) -> Callable[[Any, Any], None]:
            def set_letter(activity: Any, value: Any) -> None:
                letter = str(value).strip().upper()
                if letter:
                    activity.raci[role_id] = letter  # a wrong letter is refused by the spec check
                else:
                    activity.raci.pop(role_id, None)
            return set_letter

        columns = [Column(lambda: self.tr("Activity"), lambda a: a.name.get(self._lang()))]
        for role in roles:
            columns.append(Column(lambda r=role: self._role(r), lambda a, r=role: a.raci.get(r, ""), setter(role)))
        current = self.raci_view.currentIndex()
        self.raci.set_columns(columns)
        fills = {i: ERROR_FILL for i, a in enumerate(spec.activities)
                 if "R" not in a.raci.values() or list(a.raci.values()).count("A") != 1}
        self.raci.set_rows(list(spec.activities), lambda s, i: s.activities[i], fills)
        self.raci_view.setColumnWidth(0, 200)
        for c in range(1, len(columns)):
            self.raci_view.setColumnWidth(c, 34)
        if current.isValid() and current.row() < len(spec.activities):
            self.raci_view.setCurrentIndex(self.raci.index(current.row(), min(current.column(), len(columns) - 1)))
        self._refresh_steps()

    def _refresh_steps(self) -> None:
        spec = self.specs.get(self.process_id)
        if spec is None or not spec.activities:
            self.steps.set_rows([])
            return
        row = max(0, self.raci_view.currentIndex().row())
        row = min(row, len(spec.activities) - 1)
        self._steps_row = row
        activity = spec.activities[row]
        self.activity_caption.setText(self.tr("SOP steps of “%1” (choose an activity above)")
                                      .replace("%1", activity.name.get(self._lang())))
        self.steps.set_rows(list(activity.steps), lambda s, i, r=row: (s.activities[r].steps, i))

    def _show_guidance(self) -> None:
        spec = self.specs.get(self.process_id)
        if spec is None or not spec.sections:
            self.guidance.setText("")
            return
        row = max(0, self.sections_view.currentIndex().row())
        section = spec.sections[min(row, len(spec.sections) - 1)]
        self.guidance.setText(self.tr("What this section must say: %1").replace(
            "%1", section.guidance.get(self._lang())))

    def _refresh_flow(self) -> None:
        if self.book is None or self.pages.currentWidget() is not self.flow:
            return
        spec = self.specs[self.process_id]
        key = (self.process_id, self._lang(), repr([(a.id, a.name, sorted(a.raci.items())) for a in spec.activities]),
               repr([(r.id, r.name) for r in spec.roles]))
        if key == self._flow_key:
            return
        self._flow_key = key
        self.flow.show_spec(spec, self._role, self._lang())

    def _go_to_problem(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        problem = self.problems.rows[index.row()]
        if problem.section == "kpis":
            self.pages.setCurrentIndex(3)
            return
        page = {"overview": 0, "roles": 1, "activities": 2, "tools": 3, "interfaces": 4, "records": 5,
                "sections": 6, "rollout": 7, "variants": 8}.get(problem.section, 0)
        self.pages.setCurrentIndex(1)
        self.editor_nav.setCurrentRow(page)
        if problem.section == "activities":
            spec = self.specs[self.process_id]
            act = problem.where.split("[", 1)[1].split("]", 1)[0] if "[" in problem.where else ""
            row = next((i for i, a in enumerate(spec.activities) if a.id == act), 0)
            self.raci_view.selectRow(row)


def _tailorable(spec: ProcessSpec) -> list[tuple[str, BiText]]:
    """What a business line may tailor from this screen: texts and KPI targets (RACI and steps by file)."""
    out = [("purpose", BiText("Purpose", "目的")), ("scope", BiText("Scope", "范围"))]
    out += [(f"section:{n}", s.heading) for n, s in enumerate(spec.sections, 1)]
    out += [(f"kpi:{k.id}:target", BiText(f"{k.name.en}: target", f"{k.name.zh}：目标值")) for k in spec.kpis]
    return out


@dataclass
class VariantField:
    """One tailorable field of one variant, as a row: the base value and the business line's own."""

    spec: ProcessSpec
    variant_id: str
    key: str  # an override key, or "name" for the business line's name
    label: BiText

    def on(self, spec: ProcessSpec) -> VariantField:
        return VariantField(spec, self.variant_id, self.key, self.label)

    @property
    def number(self) -> bool:
        return self.key.startswith("kpi:")

    @property
    def base(self) -> BiText:
        if self.key == "name":
            return BiText()
        if self.number:
            kpi = self.spec.kpi(self.key.split(":")[1])
            value = "" if kpi is None or kpi.target is None else f"{kpi.target:g}"
            return BiText(value, value)
        if self.key.startswith("section:"):
            return self.spec.sections[int(self.key.split(":")[1]) - 1].text
        return getattr(self.spec, self.key)

    def own(self, lang: str) -> str:
        variant = self.spec.variant(self.variant_id)
        if variant is None:
            return ""
        if self.key == "name":
            return variant.name.own(lang)
        value = variant.overrides.get(self.key)
        if value is None:
            return ""
        if self.number:
            return f"{value:g}" if isinstance(value, int | float) else str(value)
        return str(value.get(lang, "")) if isinstance(value, dict) else ""

    def set(self, lang: str, text: Any) -> None:
        variant = self.spec.variant(self.variant_id)
        assert variant is not None
        text = str(text).strip()
        if self.key == "name":
            variant.name = variant.name.with_lang(lang, text)
            return
        if self.number:
            if not text:
                variant.overrides.pop(self.key, None)
                return
            try:
                variant.overrides[self.key] = float(text.replace(",", "."))
            except ValueError:
                variant.overrides[self.key] = text  # the spec check names the field
            return
        current = variant.overrides.get(self.key)
        value = dict(current) if isinstance(current, dict) else {"en": "", "zh": ""}
        value[lang] = text
        if not value.get("en") and not value.get("zh"):
            variant.overrides.pop(self.key, None)  # nothing of its own: the base applies
        else:
            variant.overrides[self.key] = value


def _owner_list(tab: ProcessesTab, spec: ProcessSpec, attr: str) -> list[BiText]:
    if attr == "steps":
        return spec.activities[getattr(tab, "_steps_row", 0)].steps
    return getattr(spec, attr)


class _FlowArea(QWidget):
    """The process's swim-lane diagram, drawn by the report's flow chart (``app.reports.process_flow``)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("processFlow")
        self.layout_ = QVBoxLayout(self)
        self.canvas: QWidget | None = None
        self.placeholder = QLabel(objectName="flowPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setFrameShape(QFrame.Shape.StyledPanel)
        self.layout_.addWidget(self.placeholder, 1)

    def show_spec(self, spec: ProcessSpec, role_name: Callable[[str], str], lang: str) -> None:
        try:
            from app.reports.process_flow import FlowStep, process_flow_figure
        except ImportError:  # PLACEHOLDER until the report's flow chart lands (procout's app.reports.process_flow)
            lanes = " | ".join(role_name(r) for r in spec.lanes())
            steps = " → ".join(a.name.get(lang) for a in spec.activities)
            self.placeholder.setText(f"[flow diagram placeholder]\n\n{lanes}\n\n{steps}")
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        steps = []
        for a in spec.activities:
            responsible = a.roles_with("R")
            lane = responsible[0] if responsible else ""
            steps.append(FlowStep(a.id, a.name.get(lang), lane, role_name(lane) if lane else "",
                                  tuple(role_name(r) for r in responsible[1:])))
        figure = process_flow_figure(steps, title=spec.name.get(lang), lang=lang, width=9.5)
        if self.canvas is not None:
            self.layout_.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.placeholder.hide()
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setObjectName("flowCanvas")
        self.layout_.addWidget(self.canvas, 1)
