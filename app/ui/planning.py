"""The Planning tab: objectives, constraints and departments, targets and gaps, initiatives
with the impact/effort matrix, and the roadmap (Gantt, phases, what needs a decision).

Every edit is one undoable command that carries the whole plan before and after it
(plans are immutable values, so a command never reads what the screen shows later).
Doing or undoing a command re-analyses the plan on the spot (pure functions, no
database) and hands it to ``PlanWriter``, which saves it off the UI thread in one unit of
work (the plan document and its targets) without scoring the engagement again. Edits
made while a save runs are coalesced: the writer saves the newest plan next. A plan the
scheduler refuses (a cycle, a target below current, a phase without capacity...) stays on
screen with the problems named in the banner and is not saved until it is fixed, so
nothing is ever saved half-way. A value that cannot be right (a name left empty, a
prerequisite that names nothing) is refused with one line saying what and where, and
changes nothing.

The Gantt moves an initiative's start by drag (whole months) or by keyboard (Alt+Left /
Alt+Right in the roadmap table or on the chart): the move pins it there; the scheduler
keeps every other rule and the note under the chart says at once when the move starts it
before a prerequisite finishes or overloads a phase.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.planning.edits import PlanInputError
from app.planning.initiatives import HIGH_EFFORT_PM, QUADRANT_NAMES, quadrant
from app.planning.messages import render
from app.planning.model import Message, Plan, PlanError, text
from app.ui import editable_table
from app.ui.context import AppContext

RATINGS = ("low", "medium", "high")
Choices = Callable[[Any], Sequence[tuple[str, str]]]


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    # (row, typed value) -> the new plan, or None when the column is read-only
    edit: Callable[[Any, str], Plan] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    # (row) -> [(stored value, shown label)]: the cell is edited with a list, not typed
    choices: Choices | None = None
    # (row) -> whether this row's cell can be edited (default: every row)
    editable: Callable[[Any], bool] | None = None


class RowsModel(QAbstractTableModel):
    """A table over plain rows; an edit asks ``on_edit`` to turn it into a new plan (undoable)."""

    def __init__(self, columns: Sequence[Column], on_edit: Callable[[Plan, str], None],
                 parent: QWidget | None = None, on_refused: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.on_edit = on_edit
        self.on_refused = on_refused

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            value = column.value(self.rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        column = self.columns[index.column()]
        if column.edit is not None and (column.editable is None or column.editable(self.rows[index.row()])):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if column.edit is None or (column.editable is not None and not column.editable(row)):
            return False
        typed = str(value).strip()
        try:
            plan = column.edit(row, typed)
        except PlanInputError as exc:
            self._refuse(str(exc))
            return False
        except (ValueError, KeyError, StopIteration):
            self._refuse(f"{column.header}: '{typed}' is not a value this cell takes")
            return False
        self.on_edit(plan, column.header)
        return True

    def _refuse(self, message: str) -> None:
        if self.on_refused is not None:
            self.on_refused(message)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None


class ChoiceDelegate(editable_table.ChoiceDelegate):
    """Cells whose column has ``choices`` (per row) are edited with a drop-down list, never typed."""

    def choices(self, index: QModelIndex) -> Sequence[tuple[str, str]] | None:
        model = index.model()
        if not isinstance(model, RowsModel):
            return None
        column = model.columns[index.column()]
        return column.choices(model.rows[index.row()]) if column.choices is not None else None

    def current(self, editor: QComboBox, index: QModelIndex) -> int:  # a plan's cells hold what they show
        return editor.findText(index.data(Qt.ItemDataRole.DisplayRole))


class PlanCommand(QUndoCommand):
    """One edit of the plan: the plans before and after, nothing read from the screen later."""

    def __init__(self, view: PlanningView, engagement_id: str, before: Plan, after: Plan, label: str) -> None:
        super().__init__(label)
        self.view, self.engagement_id, self.before, self.after = view, engagement_id, before, after

    def redo(self) -> None:
        self.view.apply(self.engagement_id, self.after)

    def undo(self) -> None:
        self.view.apply(self.engagement_id, self.before)


def _number(value: str) -> float:
    number = float(value.replace(",", "."))
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(value)
    return number


class PlanWriter(QObject):
    """Saves analysed plans off the UI thread, one engagement's newest plan at a time.

    ``save`` never blocks: it records the plan as the engagement's pending one (replacing an
    older pending plan of the same engagement) and starts the serial worker if it is idle.
    The worker stores with ``app.services.planning.store_plan``: one unit of work, no
    scoring. ``versions`` is the stored version per engagement the next save expects.
    """

    saved = Signal(str, int)  # engagement id, stored version
    failed = Signal(str, object)  # engagement id, the exception (nothing was written)

    def __init__(self, repo, updated_by: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.updated_by = updated_by
        self.versions: dict[str, int] = {}
        self._pending: dict[str, Any] = {}  # engagement id -> (base PlanningState, analysed PlanningState)
        self._lock = threading.Lock()
        self._busy = False
        self._idle = threading.Event()
        self._idle.set()
        self.last_thread_id: int | None = None  # where the last save ran (tests check it is not the UI's)

    def save(self, engagement_id: str, base, analysed) -> None:
        from app.ui.tasks import run_task

        with self._lock:
            self._pending[engagement_id] = (base, analysed)
            start = not self._busy
            self._busy = True
            self._idle.clear()
        if start:
            run_task(self._drain, self._delivered, self._delivery_failed, serial=True)

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._busy

    def wait(self, seconds: float = 30.0) -> bool:
        """Block until every pending plan is stored (before a reload reads the database)."""
        return self._idle.wait(seconds)

    def loaded(self, engagement_id: str, version: int) -> None:
        """The version a freshly loaded plan has, unless a save of it is still to come."""
        with self._lock:
            if engagement_id not in self._pending:
                self.versions[engagement_id] = version

    def _drain(self, _control) -> list[tuple[str, Any]]:
        from app.services.planning import store_plan

        results: list[tuple[str, Any]] = []
        while True:
            with self._lock:
                if not self._pending:
                    self._busy = False
                    self._idle.set()
                    return results
                engagement_id = next(iter(self._pending))
                base, analysed = self._pending.pop(engagement_id)
                expected = self.versions.get(engagement_id, base.version)
            self.last_thread_id = threading.get_ident()
            try:
                stored = store_plan(self.repo, base, analysed.plan, expected_version=expected,
                                    updated_by=self.updated_by, analysed=analysed)
            except Exception as exc:  # noqa: BLE001 - reported to the screen, which keeps the edit
                results.append((engagement_id, exc))
                continue
            with self._lock:
                self.versions[engagement_id] = stored.version
            results.append((engagement_id, stored.version))

    def _delivered(self, results: list[tuple[str, Any]]) -> None:
        for engagement_id, outcome in results:
            if isinstance(outcome, BaseException):
                self.failed.emit(engagement_id, outcome)
            else:
                self.saved.emit(engagement_id, outcome)

    def _delivery_failed(self, exc: BaseException, _details: str) -> None:
        with self._lock:
            self._busy = False
            self._idle.set()
        self.failed.emit("", exc)


@dataclass(frozen=True)
class ConstraintRow:
    key: str  # a Constraints field, or "horizon" / "deadlines" / "notes"
    label: str
    shown: str


class PlanningView(QWidget):
    plan_saved = Signal(int)  # the stored version

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningView")
        self.context = context
        self.engagement_id: str | None = None
        self.state = None  # app.services.planning.PlanningState of the shown plan (last valid analysis)
        self.base = None  # the PlanningState as loaded: what every save is checked against (no re-scoring)
        self.plan: Plan | None = None  # what the consultant sees, valid or not
        self.problems: list[Message] = []
        self.note = ""  # the last refusal or move, in one line
        self.note_is_error = False
        self.saving = False  # a save handed to the writer and not yet confirmed
        self.undo_stack = QUndoStack(self)
        self.writer = PlanWriter(context.repo, context.consultant, self)
        self.writer.saved.connect(self._saved)
        self.writer.failed.connect(self._save_failed)
        self._chart_keys: dict[str, Any] = {}
        self._drag: dict[str, Any] | None = None
        self._gantt_ids: list[str] = []
        self._selected_item: str | None = None

        self.status = QLabel(objectName="planningStatus")
        self.banner = QLabel(objectName="planningProblems")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #C00000;")
        self.banner.hide()
        self.note_label = QLabel(objectName="planningNote")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        self.undo_button = QPushButton(objectName="planningUndo")
        self.redo_button = QPushButton(objectName="planningRedo")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        undo = self.undo_stack.createUndoAction(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self)
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        self.tabs = QTabWidget(objectName="planningTabs")
        self.objectives = self._table("planningObjectives")
        self.constraints = self._table("planningConstraints")
        self.departments = self._table("planningDepartments")
        self.targets = self._table("planningTargets")
        self.initiatives = self._table("planningInitiatives")
        self.phases = self._table("planningPhases")
        self.schedule = self._table("planningSchedule")
        self.issues = self._table("planningIssues")
        from app.ui.dashboard import ChartPanel

        self.matrix = ChartPanel(self)
        self.gantt = ChartPanel(self, scrollable=True)

        def button(name: str, slot: Callable[[], None]) -> QPushButton:
            b = QPushButton(objectName=name)
            b.clicked.connect(slot)
            return b

        self.add_objective_button = button("addObjective", self.add_objective)
        self.remove_objective_button = button("removeObjective", self.remove_objective)
        self.add_department_button = button("addDepartment", self.add_department)
        self.remove_department_button = button("removeDepartment", self.remove_department)
        self.add_initiative_button = button("addInitiative", self.add_initiative)
        self.remove_initiative_button = button("removeInitiative", self.remove_initiative)
        self.earlier_button = button("moveEarlier", lambda: self.move_selected(-1))
        self.later_button = button("moveLater", lambda: self.move_selected(+1))
        self.unpin_button = button("unpinInitiative", self.unpin_selected)
        self.objectives_title, self.constraints_title, self.departments_title = QLabel(), QLabel(), QLabel()
        for title in (self.objectives_title, self.constraints_title, self.departments_title):
            title.setStyleSheet("font-weight: bold;")

        def boxed(title: QLabel, table: QTableView, *buttons: QPushButton) -> QWidget:
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 4, 0, 0)
            row = QHBoxLayout()
            row.addWidget(title)
            row.addStretch(1)
            for b in buttons:
                row.addWidget(b)
            layout.addLayout(row)
            layout.addWidget(table, 1)
            return box

        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(boxed(self.objectives_title, self.objectives, self.add_objective_button,
                             self.remove_objective_button))
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(boxed(self.constraints_title, self.constraints))
        self.departments_box = boxed(self.departments_title, self.departments, self.add_department_button,
                                     self.remove_department_button)
        lower.addWidget(self.departments_box)
        lower.setSizes([820, 480])
        page.addWidget(lower)
        page.setSizes([220, 330])
        self.tabs.addTab(page, "")
        self.tabs.addTab(self.targets, "")
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_initiative_button)
        row.addWidget(self.remove_initiative_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.initiatives, 1)
        split.addWidget(left)
        split.addWidget(self.matrix)
        split.setSizes([860, 420])
        self.tabs.addTab(split, "")
        road_page = QWidget()
        road_layout = QVBoxLayout(road_page)
        road_layout.setContentsMargins(0, 4, 0, 0)
        move_row = QHBoxLayout()
        self.move_hint = QLabel(objectName="planningMoveHint")
        move_row.addWidget(self.move_hint, 1)
        move_row.addWidget(self.earlier_button)
        move_row.addWidget(self.later_button)
        move_row.addWidget(self.unpin_button)
        road_layout.addLayout(move_row)
        road = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.gantt)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.phases)
        side.addWidget(self.issues)
        top.addWidget(side)
        top.setSizes([760, 380])
        road.addWidget(top)
        road.addWidget(self.schedule)
        road.setSizes([400, 200])
        road_layout.addWidget(road, 1)
        self.tabs.addTab(road_page, "")
        for key in ("Alt+Left", "Alt+Right"):
            for widget in (self.schedule, self.gantt):
                shortcut = QShortcut(QKeySequence(key), widget)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda k=key: self.move_selected(-1 if k.endswith("Left") else 1))

        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.note_label)
        layout.addWidget(self.tabs, 1)
        self.models: dict[str, RowsModel] = {}
        self.retranslate_ui()

    def _table(self, name: str) -> QTableView:
        table = QTableView(objectName=name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        table.setItemDelegate(ChoiceDelegate(table))
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)
        return table

    # --- texts ----------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.undo_button.setText(self.tr("Undo"))
        self.redo_button.setText(self.tr("Redo"))
        for index, label in enumerate((self.tr("Objectives"), self.tr("Targets and gaps"), self.tr("Initiatives"),
                                       self.tr("Roadmap"))):
            self.tabs.setTabText(index, label)
        self.objectives_title.setText(self.tr("Executive objectives"))
        self.constraints_title.setText(self.tr("Constraints"))
        self.departments_title.setText(self.tr("Business departments"))
        self.add_objective_button.setText(self.tr("Add objective"))
        self.remove_objective_button.setText(self.tr("Remove objective"))
        self.add_department_button.setText(self.tr("Add department"))
        self.remove_department_button.setText(self.tr("Remove department"))
        self.add_initiative_button.setText(self.tr("Add initiative"))
        self.remove_initiative_button.setText(self.tr("Remove initiative"))
        self.earlier_button.setText(self.tr("◀ One month earlier"))
        self.later_button.setText(self.tr("One month later ▶"))
        self.unpin_button.setText(self.tr("Let the scheduler place it"))
        self.earlier_button.setToolTip("Alt+Left")
        self.later_button.setToolTip("Alt+Right")
        self.move_hint.setText(self.tr("Drag a bar, or select an initiative and press Alt+Left / Alt+Right, "
                                       "to move its start; a moved initiative stays where you put it."))
        self._chart_keys.clear()
        self._build_models()
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @property
    def lang(self) -> str:
        return self.context.language

    def _names(self) -> dict[str, str]:
        return self.state.names(self.lang) if self.state is not None else {}

    def _domain_names(self) -> dict[str, str]:
        if self.state is None:
            return {}
        return {d.id: d.name.get(self.lang) for d in self.state.model.domains}

    def _capability_names(self) -> dict[str, str]:
        if self.state is None:
            return {}
        return {c.id: c.name.get(self.lang) for d in self.state.model.domains for c in d.capabilities}

    def _build_models(self) -> None:
        """Column definitions in the interface language; rebuilt when the language changes."""
        from app.planning import edits

        lang = self.lang
        right = Qt.AlignmentFlag.AlignRight
        rating = {"low": self.tr("low"), "medium": self.tr("medium"), "high": self.tr("high")}
        rating_choices = [(k, v) for k, v in rating.items()]
        sep = "、" if lang == "zh" else ", "

        def level(value: str) -> int:
            return int(_number(value))

        def domain_name(domain_id: str) -> str:
            return self._domain_names().get(domain_id, domain_id)

        def fmt(value: float | None) -> str:
            return "–" if value is None else f"{value:.2f}"

        def rated(value: str) -> str:
            if value not in RATINGS:
                raise PlanInputError(f"'{value}': choose low, medium or high")
            return value

        def custom(o) -> bool:
            return o.source == "custom"

        objectives = [
            Column(self.tr("Rank"), lambda o: o.rank, lambda o, v: self._set_rank(o.id, level(v)), right),
            Column(self.tr("Objective"), lambda o: text(o.name, lang),
                   lambda o, v: edits.replace_objective(self.plan, replace(
                       o, name=edits.set_name(o.name, lang, v, self.tr("Objective"))))),
            Column(self.tr("Level needed"), lambda o: o.target_level if o.target_level is not None else
                   self.tr("default (%1)").replace("%1", f"{self.state.model.scoring.default_target:g}"
                                                   if self.state else "3"),
                   lambda o, v: edits.replace_objective(self.plan, replace(o, target_level=level(v) if v else None)),
                   right),
            Column(self.tr("From"), lambda o: self.tr("typed in the workshop") if custom(o) else self.tr("library")),
            Column(self.tr("Domains"), lambda o: sep.join(domain_name(d) for d in o.domains),
                   lambda o, v: edits.replace_objective(self.plan, replace(o, domains=edits.parse_subjects(
                       v, self._domain_names(), self.tr("Domains"), self.tr("domain"))))),
        ]
        constraints = [
            Column(self.tr("Constraint"), lambda r: r.label),
            Column(self.tr("As agreed (double-click to change)"), lambda r: r.shown, self._edit_constraint,
                   choices=self._constraint_choices),
        ]
        departments = [
            Column(self.tr("Department"), lambda d: d.name,
                   lambda d, v: edits.rename_department(self.plan, d.id, v)),
            Column(self.tr("Initiatives of its own"),
                   lambda d: sum(1 for i in self.plan.initiatives if i.scope == d.id) if self.plan else 0,
                   align=right),
        ]
        targets = [
            Column(self.tr("Rank"), lambda g: g.rank, align=right),
            Column(self.tr("Domain"), lambda g: domain_name(g.subject_id)),
            Column(self.tr("Current"), lambda g: fmt(g.current), align=right),
            Column(self.tr("Target"), lambda g: g.target,
                   lambda g, v: self.plan.with_target(g.subject_id, level(v)), right),
            Column(self.tr("Gap"), lambda g: fmt(g.gap), align=right),
            Column(self.tr("Priority"), lambda g: f"{g.priority:.2f}", align=right),
            Column(self.tr("Why this target"), lambda g: self._target_reason(g.subject_id)),
        ]

        def initiative(field: str, parse: Callable[[str], Any]) -> Callable[[Any, str], Plan]:
            return lambda i, v: self._replace(replace(i, **{field: parse(v)}))

        def scope_choices(_row) -> list[tuple[str, str]]:
            rows = [("", self.tr("Whole organisation"))]
            return rows + [(d.id, d.name) for d in (self.plan.departments if self.plan else ())]

        def scope_name(scope: str) -> str:
            if not scope:
                return self.tr("Whole organisation")
            return next((d.name for d in self.plan.departments if d.id == scope), scope) if self.plan else scope

        def numbers(i) -> str:
            index = {x.id: n + 1 for n, x in enumerate(self.plan.initiatives)} if self.plan else {}
            caps = self._capability_names()
            return ", ".join(str(index[d]) if d in index else caps.get(d, d) for d in i.depends_on)

        initiatives = [
            Column(self.tr("No."), lambda i: self._number(i.id), align=right),
            Column(self.tr("Name (English)"), lambda i: text(i.name, "en"),
                   lambda i, v: self._replace(replace(i, name=edits.set_name(i.name, "en", v,
                                                                             self.tr("Name (English)"))))),
            Column(self.tr("Name (Chinese)"), lambda i: i.name.get("zh", ""),
                   lambda i, v: self._replace(replace(i, name=edits.set_name(i.name, "zh", v,
                                                                             self.tr("Name (Chinese)"))))),
            Column(self.tr("Programme"), lambda i: domain_name(i.programme), initiative("programme", str),
                   choices=lambda _i: list(self._domain_names().items())),
            Column(self.tr("Capabilities"), lambda i: sep.join(self._capability_names().get(c, c)
                                                               for c in i.capabilities),
                   initiative("capabilities", lambda v: edits.parse_subjects(
                       v, self._capability_names(), self.tr("Capabilities"), self.tr("capability")))),
            Column(self.tr("Effort (pm)"), lambda i: f"{i.effort:g}", initiative("effort", _number), right),
            Column(self.tr("Months"), lambda i: f"{i.duration_months:g}", initiative("duration_months", _number),
                   right),
            Column(self.tr("Impact"), lambda i: rating.get(i.impact, i.impact), initiative("impact", rated),
                   right, choices=lambda _i: rating_choices),
            Column(self.tr("Build cost"), lambda i: rating.get(i.cost_build, i.cost_build),
                   initiative("cost_build", rated), right, choices=lambda _i: rating_choices),
            Column(self.tr("Yearly run cost"), lambda i: rating.get(i.cost_run, i.cost_run),
                   initiative("cost_run", rated), right, choices=lambda _i: rating_choices),
            Column(self.tr("Owner role"), lambda i: i.owner_role, initiative("owner_role", str)),
            Column(self.tr("Department"), lambda i: scope_name(i.scope), initiative("scope", str),
                   choices=scope_choices),
            Column(self.tr("Deadline (month)"), lambda i: "" if i.deadline_month is None else f"{i.deadline_month:g}",
                   initiative("deadline_month", lambda v: edits.parse_month(v, self.tr("Deadline (month)"))), right),
            Column(self.tr("Quadrant"), lambda i: QUADRANT_NAMES[quadrant(i)][lang]),
            Column(self.tr("Depends on (No.)"), numbers,
                   initiative("depends_on", lambda v: edits.parse_references(
                       v, self.plan, self._capability_names(), self.tr("Depends on")))),
        ]
        phases = [
            Column(self.tr("Phase"), lambda p: p.id),
            Column(self.tr("Start"), lambda p: f"{p.start_month:g}", align=right),
            Column(self.tr("End (month)"), lambda p: f"{p.end_month:g}",
                   lambda p, v: edits.with_phase_end(self.plan, p.id, edits.parse_month(
                       v, self.tr("End (month)"), allow_empty=False) or 0.0), right),
            Column(self.tr("Capacity (pm)"), lambda p: f"{p.capacity:g}",
                   lambda p, v: self._set_capacity(p.id, _number(v)), right),
            Column(self.tr("Load (pm)"), lambda p: f"{p.load:.1f}", align=right),
        ]
        schedule = [
            Column(self.tr("No."), lambda s: self._number(s.id), align=right),
            Column(self.tr("Initiative"), lambda s: self._names().get(s.id, s.id)),
            Column(self.tr("Phase"), lambda s: s.phase),
            Column(self.tr("Start"), lambda s: f"{s.start_month:g}",
                   lambda s, v: self._pin(s.id, _number(v) if v else None), right),
            Column(self.tr("End"), lambda s: f"{s.end_month:g}", align=right),
            Column(self.tr("Pinned"), lambda s: self.tr("yes") if s.pinned else "",
                   lambda s, v: self._pin(s.id, s.start_month if v else None)),
            Column(self.tr("Critical"), lambda s: self.tr("yes") if s.critical else ""),
        ]
        issues = [Column(self.tr("Needs a decision"), lambda m: m)]
        specs = {"objectives": (self.objectives, objectives), "constraints": (self.constraints, constraints),
                 "departments": (self.departments, departments),
                 "targets": (self.targets, targets), "initiatives": (self.initiatives, initiatives),
                 "phases": (self.phases, phases), "schedule": (self.schedule, schedule),
                 "issues": (self.issues, issues)}
        for key, (table, columns) in specs.items():
            # a right-aligned last column must not stretch off to the far edge of a wide table
            table.horizontalHeader().setStretchLastSection(columns[-1].align == Qt.AlignmentFlag.AlignLeft)
            model = RowsModel(columns, self.edit, self, on_refused=self.refuse)
            old = self.models.get(key)
            self.models[key] = model
            table.setModel(model)
            if old is not None:
                old.deleteLater()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.schedule.selectionModel().currentRowChanged.connect(self._schedule_row_changed)

    # --- constraints ------------------------------------------------------------------------------

    def _constraint_options(self) -> dict[str, list[tuple[str, str]]]:
        from app.planning.workshop import CONSTRAINT_QUESTIONS

        out: dict[str, list[tuple[str, str]]] = {}
        scores = self.state.scores if self.state is not None else None
        workshop = next((q for q in scores.questionnaires if q.id == "planning-workshop"), None) if scores else None
        if workshop is None:
            return out
        for section in workshop.sections:
            for q in section.questions:
                options = getattr(q.answer, "options", None)
                if options and q.id in CONSTRAINT_QUESTIONS:
                    out[CONSTRAINT_QUESTIONS[q.id]] = [(o.id, o.text.get(self.lang)) for o in options]
        return out

    def _constraint_rows(self) -> list[ConstraintRow]:
        from app.planning.edits import format_deadlines
        from app.reports.planning_report import WORDS as REPORT_WORDS
        from app.reports.planning_report import constraint_values

        words = REPORT_WORDS[self.lang]
        rows = [ConstraintRow(k, words[f"c_{k}"], v) for k, v in constraint_values(self.state, self.lang).items()]
        assert self.plan is not None
        rows.append(ConstraintRow("deadlines", self.tr("Deadlines (what: month; ...)"),
                                  format_deadlines(self.plan.constraints.deadlines)))
        rows.append(ConstraintRow("notes", self.tr("Other constraints (free text)"), self.plan.constraints.notes))
        return rows

    def _constraint_choices(self, row: ConstraintRow) -> Sequence[tuple[str, str]] | None:
        if row.key == "horizon":
            return [(str(m), self.tr("%1 months").replace("%1", str(m))) for m in (12, 18, 24, 36, 48)]
        options = self._constraint_options().get(row.key)
        if options is None:
            return None
        return [("", self.tr("not stated")), *options]

    def _edit_constraint(self, row: ConstraintRow, value: str) -> Plan:
        from app.planning import edits

        assert self.plan is not None
        c = self.plan.constraints
        if row.key == "horizon":
            months = _number(value.replace(self.tr("months"), "").replace("months", "").strip())
            return edits.with_horizon(self.plan, months)
        if row.key == "deadlines":
            return replace(self.plan, constraints=replace(c, deadlines=edits.parse_deadlines(value, row.label)))
        if row.key == "notes":
            return replace(self.plan, constraints=replace(c, notes=value))
        allowed = {k for k, _ in self._constraint_options().get(row.key, [])}
        if value and value not in allowed:
            labels = {label: k for k, label in self._constraint_options().get(row.key, [])}
            if value not in labels:
                raise PlanInputError(f"{row.label}: choose one of the workshop's answers from the list")
            value = labels[value]
        return replace(self.plan, constraints=replace(c, **{row.key: value}))

    # --- helpers that turn an edit into a new plan ------------------------------------------------------

    def _number(self, initiative_id: str) -> int:
        assert self.plan is not None
        return next(n + 1 for n, i in enumerate(self.plan.initiatives) if i.id == initiative_id)

    def _replace(self, initiative) -> Plan:
        assert self.plan is not None
        return self.plan.with_initiative(initiative)

    def _set_rank(self, objective_id: str, rank: int) -> Plan:
        assert self.plan is not None
        ordered = sorted(self.plan.objectives, key=lambda o: o.rank)
        moving = next(o for o in ordered if o.id == objective_id)
        ordered.remove(moving)
        ordered.insert(max(0, min(len(ordered), rank - 1)), moving)
        return replace(self.plan, objectives=tuple(replace(o, rank=n + 1) for n, o in enumerate(ordered)))

    def _set_capacity(self, phase_id: str, capacity: float) -> Plan:
        assert self.plan is not None
        return replace(self.plan, phases=tuple(replace(p, capacity=capacity) if p.id == phase_id else p
                                               for p in self.plan.phases))

    def _pin(self, initiative_id: str, month: float | None) -> Plan:
        from app.planning.analysis import move_initiative

        assert self.plan is not None
        return move_initiative(self.plan, initiative_id, month)

    def _target_reason(self, subject_id: str) -> str:
        target = self.plan.target(subject_id) if self.plan is not None else None
        if target is None:
            return ""
        return render(target.reason if not target.edited else Message("edited"), self.lang, self._names())

    def _current_row(self, table: QTableView, key: str) -> Any | None:
        index = table.currentIndex()
        rows = self.models[key].rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _select(self, table: QTableView, key: str, match: Callable[[Any], bool], column: int | None = None) -> None:
        rows = self.models[key].rows
        row = next((n for n, r in enumerate(rows) if match(r)), None)
        if row is None:
            return
        index = self.models[key].index(row, column or 0)
        table.setCurrentIndex(index)
        table.scrollTo(index)
        if column is not None:
            table.setFocus()
            table.edit(index)

    # --- edits that are not a cell ----------------------------------------------------------------------

    def add_objective(self) -> None:
        from app.planning.edits import add_objective

        if self.plan is None:
            return
        plan, new_id = add_objective(self.plan, {"en": "New objective", "zh": "新目标"})
        self.edit(plan, self.tr("Add objective"))
        self.tabs.setCurrentIndex(0)
        self._select(self.objectives, "objectives", lambda o: o.id == new_id, 1)

    def remove_objective(self) -> None:
        from app.planning.edits import remove_objective

        objective = self._current_row(self.objectives, "objectives")
        if objective is None or self.plan is None:
            self.refuse(self.tr("Select the objective to remove first."))
            return
        self.edit(remove_objective(self.plan, objective.id), self.tr("Remove objective"))

    def add_department(self) -> None:
        from app.planning.edits import add_department

        if self.plan is None:
            return
        n = len(self.plan.departments) + 1
        name = self.tr("New department %1").replace("%1", str(n))
        while any(d.name == name for d in self.plan.departments):
            n += 1
            name = self.tr("New department %1").replace("%1", str(n))
        plan, new_id = add_department(self.plan, name)
        self.edit(plan, self.tr("Add department"))
        self._select(self.departments, "departments", lambda d: d.id == new_id, 0)

    def remove_department(self) -> None:
        from app.planning.edits import remove_department

        department = self._current_row(self.departments, "departments")
        if department is None or self.plan is None:
            self.refuse(self.tr("Select the department to remove first."))
            return
        self.edit(remove_department(self.plan, department.id), self.tr("Remove department"))

    def add_initiative(self) -> None:
        from app.planning.edits import add_initiative

        if self.plan is None or self.state is None:
            return
        gap = next((g for g in self.state.analysis.gaps.domains if g.gap), None)
        domain = next((d for d in self.state.model.domains if gap and d.id == gap.subject_id),
                      self.state.model.domains[0])
        plan, new_id = add_initiative(self.plan, {"en": "New initiative", "zh": "新举措"},
                                      (domain.capabilities[0].id,), domain.id)
        self.edit(plan, self.tr("Add initiative"))
        self.tabs.setCurrentIndex(2)
        self._select(self.initiatives, "initiatives", lambda i: i.id == new_id, 1)

    def remove_initiative(self) -> None:
        from app.planning.edits import remove_initiative

        item = self._current_row(self.initiatives, "initiatives")
        if item is None or self.plan is None:
            self.refuse(self.tr("Select the initiative to remove first."))
            return
        plan, freed = remove_initiative(self.plan, item.id)
        self.edit(plan, self.tr("Remove initiative"))
        if freed:
            names = self._names()
            self.inform(self.tr("Removed '%1'; no longer waiting for it: %2").replace("%1", text(item.name, self.lang))
                        .replace("%2", ", ".join(names.get(f, f) for f in freed)))

    def _schedule_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rows = self.models["schedule"].rows
        self._selected_item = rows[current.row()].id if current.isValid() and current.row() < len(rows) else None

    def move_selected(self, months: int) -> None:
        """Alt+Left / Alt+Right: the selected initiative one month earlier or later (pinned there)."""
        if self.state is None or self._selected_item is None:
            self.refuse(self.tr("Select an initiative in the roadmap first (click its bar or its row)."))
            return
        placed = self.state.analysis.schedule.item(self._selected_item)
        if placed is None:
            return
        self.move_to(placed.id, placed.start_month + months)

    def move_to(self, initiative_id: str, month: float) -> None:
        from app.planning.edits import nudge_start

        if self.plan is None or self.state is None:
            return
        end = max((p.end_month for p in self.plan.phases), default=0.0)
        plan, placed = nudge_start(self.plan, initiative_id, month, plan_end=end)
        self._selected_item = initiative_id
        if plan == self.plan:
            self.inform(self.tr("'%1' cannot move further: it would start before month 0 or end after the plan.")
                        .replace("%1", self._names().get(initiative_id, initiative_id)), error=True)
            return
        self.edit(plan, self.tr("Move initiative"))
        self._after_move(initiative_id, placed)

    def _after_move(self, initiative_id: str, month: float) -> None:
        """The note on a move: what it breaks, in the scheduler's words, or that it fits."""
        if self.state is None or self.plan is None:
            return
        names = self._names()
        name = names.get(initiative_id, initiative_id)
        if self.problems:
            return  # the banner says why the plan cannot be saved
        placed = self.state.analysis.schedule.item(initiative_id)
        flags = list(placed.flags) if placed is not None else []
        if flags:
            self.inform(self.tr("Moved '%1' to month %2, but:").replace("%1", name).replace("%2", f"{month:g}") + " "
                        + " ".join(render(f, self.lang, names) for f in flags), error=True)
        else:
            self.inform(self.tr("Moved '%1' to month %2: its prerequisites finish in time and every phase has "
                                "room.").replace("%1", name).replace("%2", f"{month:g}"))
        self._select_schedule_row(initiative_id)

    def _select_schedule_row(self, initiative_id: str) -> None:
        rows = self.models["schedule"].rows
        row = next((n for n, s in enumerate(rows) if s.id == initiative_id), None)
        if row is not None:
            self.schedule.setCurrentIndex(self.models["schedule"].index(row, 0))
        self._selected_item = initiative_id

    def unpin_selected(self) -> None:
        if self.plan is None or self._selected_item is None:
            self.refuse(self.tr("Select an initiative in the roadmap first (click its bar or its row)."))
            return
        self.edit(self._pin(self._selected_item, None), self.tr("Let the scheduler place it"))
        self._select_schedule_row(self._selected_item)

    def refuse(self, message: str) -> None:
        self.inform(message, error=True)

    def inform(self, message: str, error: bool = False) -> None:
        self.note, self.note_is_error = message, error
        self.note_label.setText(message)
        self.note_label.setStyleSheet("color: #C00000;" if error else "color: #375623;")
        self.note_label.setVisible(bool(message))

    # --- loading, editing, saving ----------------------------------------------------------------------

    def load(self, engagement_id: str) -> None:
        from app.services.planning import load_planning

        self.writer.wait()  # a save still running would be missed by the read
        self.engagement_id = engagement_id
        self.undo_stack.clear()
        self.problems = []
        self._selected_item = None
        self._chart_keys.clear()
        self.inform("")
        try:
            self.state = load_planning(self.context.library, self.context.repo, engagement_id)
        except PlanError as exc:
            self.state, self.base, self.plan, self.problems = None, None, None, exc.problems
        except Exception as exc:  # noqa: BLE001 - shown, and the rest of the engagement stays usable
            from app.ui.errors import present_error

            self.state = self.base = self.plan = None
            present_error(exc, self)
        else:
            self.base = self.state
            self.plan = self.state.plan
            self.writer.loaded(engagement_id, self.state.version)
        self._refresh()

    def edit(self, plan: Plan, label: str) -> None:
        """An edit from any table or button: one undoable command carrying the plan before and after."""
        if self.plan is None or self.engagement_id is None or plan == self.plan:
            return
        self.inform("")
        self.undo_stack.push(PlanCommand(self, self.engagement_id, self.plan, plan, label))

    def apply(self, engagement_id: str, plan: Plan) -> None:
        """Show ``plan`` and save it (off the UI thread) when it is valid; an invalid plan stays on screen,
        unsaved, with its problems."""
        from app.services.planning import preview

        if engagement_id != self.engagement_id or self.state is None or self.base is None:
            return
        self.plan = plan
        try:
            checked = preview(self.base, plan)
        except PlanError as exc:
            self.problems = exc.problems
            self._refresh()
            return
        self.problems = []
        self.state = replace(checked, version=self.state.version)
        self.saving = True
        self.writer.save(engagement_id, self.base, checked)
        self._refresh()

    def _saved(self, engagement_id: str, version: int) -> None:
        if engagement_id != self.engagement_id or self.state is None:
            return
        self.state = replace(self.state, version=version)
        self.base = replace(self.base, version=version) if self.base is not None else None
        self.saving = self.writer.busy
        self._show_status()
        self.plan_saved.emit(version)

    def _save_failed(self, engagement_id: str, exc: BaseException) -> None:
        from app.ui.errors import present_error

        if engagement_id and engagement_id != self.engagement_id:
            present_error(exc, self)  # another engagement's edit: still say it was not saved
            return
        self.saving = self.writer.busy
        if isinstance(exc, PlanError):
            self.problems = exc.problems
            self._refresh()
            return
        self.inform(self.tr("Not saved: %1").replace("%1", str(exc)), error=True)
        present_error(exc, self)

    def _show_status(self) -> None:
        state = self.state
        if state is None:
            return
        if self.saving:
            self.status.setText(self.tr("Saving..."))
        elif state.saved:
            self.status.setText(self.tr("Plan saved (version %1); every change is saved as you make it.")
                                .replace("%1", str(state.version)))
        else:
            self.status.setText(self.tr("Draft from the workshop answers and the scores: the first change saves it."))

    def _refresh(self) -> None:
        if not self.models:
            return
        state, plan, lang = self.state, self.plan, self.lang
        if self.problems:
            names = self._names()
            self.banner.setText(self.tr("Not saved until fixed:") + " " +
                                "; ".join(render(p, lang, names) for p in self.problems))
            self.banner.show()
        else:
            self.banner.hide()
        if state is None or plan is None:
            self.status.setText(self.tr("No plan: this engagement has no scored maturity model to plan from."))
            for model in self.models.values():
                model.set_rows([])
            return
        self._show_status()
        analysis = state.analysis
        self.models["objectives"].set_rows(sorted(plan.objectives, key=lambda o: o.rank))
        self.models["constraints"].set_rows(self._constraint_rows())
        self.models["departments"].set_rows(list(plan.departments))
        self.departments_box.setVisible(plan.size == "large" or bool(plan.departments))
        self.models["targets"].set_rows(list(analysis.gaps.domains))
        self.models["initiatives"].set_rows(list(plan.initiatives))
        self.models["phases"].set_rows(list(analysis.schedule.phases))
        self.models["schedule"].set_rows(list(analysis.schedule.items))
        if self._selected_item is not None:
            rows = self.models["schedule"].rows
            row = next((n for n, s in enumerate(rows) if s.id == self._selected_item), None)
            if row is not None:
                self.schedule.setCurrentIndex(self.models["schedule"].index(row, 0))
        names = self._names()
        issues = [render(u.reason, lang, names) for u in analysis.schedule.unscheduled]
        issues += [render(f, lang, names) for _item, f in analysis.schedule.flags]
        self.models["issues"].set_rows(issues)
        for table in (self.objectives, self.constraints, self.departments, self.targets, self.initiatives,
                      self.phases, self.schedule):
            table.resizeColumnsToContents()
            header = table.horizontalHeader()
            for column in range(header.count()):
                header.resizeSection(column, min(header.sectionSize(column), 320))
        self._charts()

    def _charts(self) -> None:
        """Redraw a chart only when what it shows changed (drawing is the costly part of an edit)."""
        from app.reports.planning_charts import gantt_chart, impact_effort_chart

        state, plan = self.state, self.plan
        if state is None or plan is None:
            return
        names = self._names()
        number = {i.id: n + 1 for n, i in enumerate(plan.initiatives)}
        points = tuple((number[i.id], i.effort, i.impact) for i in plan.initiatives)
        if self._chart_keys.get("matrix") != (points, self.lang):
            self._chart_keys["matrix"] = (points, self.lang)
            self.matrix.show_figure(impact_effort_chart(points, high_effort=HIGH_EFFORT_PM, lang=self.lang))
        items = list(state.analysis.schedule.items)
        index = {s.id: k for k, s in enumerate(items)}
        rows = tuple((f"{number[s.id]}. {names.get(s.id, s.id)}", s.start_month, s.end_month, s.critical, s.pinned,
                      bool(s.flags)) for s in items)
        phases = tuple((f"{p.id} · {p.start_month:g}–{p.end_month:g}", p.start_month, p.end_month, p.capacity,
                        p.load) for p in state.analysis.schedule.phases)
        links = tuple((index[d], index[s.id]) for s in items for d in s.depends_on if d in index)
        key = (rows, phases, links, self.lang)
        if self._chart_keys.get("gantt") == key:
            return
        self._chart_keys["gantt"] = key
        self._gantt_ids = [s.id for s in items]
        self.gantt.show_figure(gantt_chart(rows, phases, links, lang=self.lang))
        self._connect_gantt()

    # --- dragging a bar on the Gantt ------------------------------------------------------------------

    def _connect_gantt(self) -> None:
        canvas = self.gantt.canvas
        if canvas is None:
            return
        canvas.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        canvas.mpl_connect("button_press_event", self._gantt_press)
        canvas.mpl_connect("motion_notify_event", self._gantt_motion)
        canvas.mpl_connect("button_release_event", self._gantt_release)

    def _bar_at(self, event) -> tuple[str, Any] | None:
        if event.inaxes is None or event.xdata is None or event.ydata is None or self.state is None:
            return None
        row = int(round(event.ydata))
        if not 0 <= row < len(self._gantt_ids) or abs(event.ydata - row) > 0.4:
            return None
        item_id = self._gantt_ids[row]
        placed = self.state.analysis.schedule.item(item_id)
        if placed is None or not placed.start_month - 0.3 <= event.xdata <= placed.end_month + 0.3:
            return None
        bars = [p for c in event.inaxes.containers for p in c.patches]  # one barh per row, in row order
        bar = bars[row] if row < len(bars) else None
        return item_id, bar

    def _gantt_press(self, event) -> None:
        hit = self._bar_at(event)
        if hit is None or event.button != 1:
            return
        item_id, bar = hit
        self._select_schedule_row(item_id)
        self._drag = {"id": item_id, "x": event.xdata, "bar": bar, "left": bar.get_x() if bar is not None else 0.0}

    def _gantt_motion(self, event) -> None:
        drag = self._drag
        if drag is None or event.xdata is None or drag["bar"] is None:
            return
        delta = round(event.xdata - drag["x"])
        drag["bar"].set_x(drag["left"] + delta)
        self.gantt.canvas.draw_idle()

    def _gantt_release(self, event) -> None:
        drag, self._drag = self._drag, None
        if drag is None or self.state is None:
            return
        x = event.xdata if event.xdata is not None else drag["x"]
        delta = round(x - drag["x"])
        if delta == 0:
            return
        placed = self.state.analysis.schedule.item(drag["id"])
        if placed is not None:
            self.move_to(drag["id"], placed.start_month + delta)
