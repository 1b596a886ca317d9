"""The Planning tab: objectives, targets and gaps, initiatives with the impact/effort matrix, the roadmap.

Every edit is one undoable command that carries the whole plan before and after it
(plans are immutable values, so a command never reads what the screen shows later).
Doing or undoing a command re-analyses the plan and saves it at once, like an answer;
a plan the scheduler refuses (a cycle, a target below current, a phase without
capacity...) stays on screen with the problems named in the banner and is not saved
until it is fixed, so nothing is ever saved half-way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.planning.initiatives import HIGH_EFFORT_PM, QUADRANT_NAMES, quadrant
from app.planning.messages import render
from app.planning.model import Message, Plan, PlanError, text
from app.ui.context import AppContext

RATINGS = ("low", "medium", "high")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    # (row, typed value) -> the new plan, or None when the column is read-only
    edit: Callable[[Any, str], Plan] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


class RowsModel(QAbstractTableModel):
    """A table over plain rows; an edit asks ``on_edit`` to turn it into a new plan (undoable)."""

    def __init__(self, columns: Sequence[Column], on_edit: Callable[[Plan, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.on_edit = on_edit

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
        if index.isValid() and self.columns[index.column()].edit is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.edit is None:
            return False
        try:
            plan = column.edit(self.rows[index.row()], str(value).strip())
        except (ValueError, KeyError):
            return False
        self.on_edit(plan, column.header)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None


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


class PlanningView(QWidget):
    plan_saved = Signal(int)  # the stored version

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningView")
        self.context = context
        self.engagement_id: str | None = None
        self.state = None  # app.services.planning.PlanningState of the shown plan (last valid analysis)
        self.plan: Plan | None = None  # what the consultant sees, valid or not
        self.problems: list[Message] = []
        self.undo_stack = QUndoStack(self)

        self.status = QLabel(objectName="planningStatus")
        self.banner = QLabel(objectName="planningProblems")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #C00000;")
        self.banner.hide()
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
        self.targets = self._table("planningTargets")
        self.initiatives = self._table("planningInitiatives")
        self.phases = self._table("planningPhases")
        self.schedule = self._table("planningSchedule")
        self.issues = self._table("planningIssues")
        from app.ui.dashboard import ChartPanel

        self.matrix = ChartPanel(self)
        self.gantt = ChartPanel(self, scrollable=True)

        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.objectives)
        page.addWidget(self.constraints)
        self.tabs.addTab(page, "")
        self.tabs.addTab(self.targets, "")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.initiatives)
        split.addWidget(self.matrix)
        split.setSizes([640, 420])
        self.tabs.addTab(split, "")
        road = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.gantt)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.phases)
        side.addWidget(self.issues)
        top.addWidget(side)
        top.setSizes([700, 360])
        road.addWidget(top)
        road.addWidget(self.schedule)
        road.setSizes([430, 200])
        self.tabs.addTab(road, "")

        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.models: dict[str, RowsModel] = {}
        self.retranslate_ui()

    def _table(self, name: str) -> QTableView:
        table = QTableView(objectName=name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        table.verticalHeader().setVisible(False)
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

    def _build_models(self) -> None:
        """Column definitions in the interface language; rebuilt when the language changes."""
        lang = self.lang
        right = Qt.AlignmentFlag.AlignRight
        rating = {"low": self.tr("low"), "medium": self.tr("medium"), "high": self.tr("high")}
        by_text = {v: k for k, v in rating.items()} | {k: k for k in rating}

        def level(value: str) -> int:
            return int(_number(value))

        def domain_name(domain_id: str) -> str:
            if self.state is None:
                return domain_id
            return next((d.name.get(lang) for d in self.state.model.domains if d.id == domain_id), domain_id)

        def fmt(value: float | None) -> str:
            return "–" if value is None else f"{value:.2f}"

        objectives = [
            Column(self.tr("Rank"), lambda o: o.rank, lambda o, v: self._set_rank(o.id, level(v)), right),
            Column(self.tr("Objective"), lambda o: text(o.name, lang)),
            Column(self.tr("Level needed"), lambda o: o.target_level if o.target_level is not None else
                   self.tr("default (%1)").replace("%1", str(self.state.model.scoring.default_target)
                                                   if self.state else "3"),
                   lambda o, v: self._replace_objective(replace(o, target_level=level(v) if v else None)), right),
            Column(self.tr("Domains"), lambda o: ("、" if lang == "zh" else ", ").join(domain_name(d) for d in o.domains)),
        ]
        constraints = [Column(self.tr("Constraint"), lambda r: r[0]), Column(self.tr("As agreed"), lambda r: r[1])]
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
        initiatives = [
            Column(self.tr("No."), lambda i: self._number(i.id), align=right),
            Column(self.tr("Initiative"), lambda i: text(i.name, lang),
                   lambda i, v: self._replace(replace(i, name={**i.name, lang: v}) if v else i)),
            Column(self.tr("Programme"), lambda i: domain_name(i.programme)),
            Column(self.tr("Effort (pm)"), lambda i: f"{i.effort:g}",
                   lambda i, v: self._replace(replace(i, effort=_number(v))), right),
            Column(self.tr("Months"), lambda i: f"{i.duration_months:g}",
                   lambda i, v: self._replace(replace(i, duration_months=_number(v))), right),
            Column(self.tr("Impact"), lambda i: rating.get(i.impact, i.impact),
                   lambda i, v: self._replace(replace(i, impact=by_text[v.lower()] if v.lower() in by_text
                                                      else by_text[v])), right),
            Column(self.tr("Quadrant"), lambda i: QUADRANT_NAMES[quadrant(i)][lang]),
            Column(self.tr("Depends on"), lambda i: ", ".join(i.depends_on),
                   lambda i, v: self._replace(replace(i, depends_on=tuple(x.strip() for x in v.split(",")
                                                                           if x.strip())))),
        ]
        phases = [
            Column(self.tr("Phase"), lambda p: p.id),
            Column(self.tr("Months"), lambda p: f"{p.start_month:g}–{p.end_month:g}", align=right),
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
                 "targets": (self.targets, targets), "initiatives": (self.initiatives, initiatives),
                 "phases": (self.phases, phases), "schedule": (self.schedule, schedule),
                 "issues": (self.issues, issues)}
        for key, (table, columns) in specs.items():
            # a right-aligned last column must not stretch off to the far edge of a wide table
            table.horizontalHeader().setStretchLastSection(columns[-1].align == Qt.AlignmentFlag.AlignLeft)
            model = RowsModel(columns, self.edit, self)
            old = self.models.get(key)
            self.models[key] = model
            table.setModel(model)
            if old is not None:
                old.deleteLater()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    # --- helpers that turn an edit into a new plan ------------------------------------------------------

    def _number(self, initiative_id: str) -> int:
        assert self.plan is not None
        return next(n + 1 for n, i in enumerate(self.plan.initiatives) if i.id == initiative_id)

    def _replace(self, initiative) -> Plan:
        assert self.plan is not None
        return self.plan.with_initiative(initiative)

    def _replace_objective(self, objective) -> Plan:
        assert self.plan is not None
        return replace(self.plan, objectives=tuple(objective if o.id == objective.id else o
                                                   for o in self.plan.objectives))

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

    # --- loading, editing, saving ----------------------------------------------------------------------

    def load(self, engagement_id: str) -> None:
        from app.services.planning import load_planning

        self.engagement_id = engagement_id
        self.undo_stack.clear()
        self.problems = []
        try:
            self.state = load_planning(self.context.library, self.context.repo, engagement_id)
        except PlanError as exc:
            self.state, self.plan, self.problems = None, None, exc.problems
        except Exception as exc:  # noqa: BLE001 - shown, and the rest of the engagement stays usable
            from app.ui.errors import present_error

            self.state = self.plan = None
            present_error(exc, self)
        else:
            self.plan = self.state.plan
        self._refresh()

    def edit(self, plan: Plan, label: str) -> None:
        """An edit from any table: one undoable command carrying the plan before and after."""
        if self.plan is None or self.engagement_id is None or plan == self.plan:
            return
        self.undo_stack.push(PlanCommand(self, self.engagement_id, self.plan, plan, label))

    def apply(self, engagement_id: str, plan: Plan) -> None:
        """Show ``plan`` and save it when it is valid; an invalid plan stays on screen, unsaved, with its problems."""
        from app.services.planning import preview, save_plan

        if engagement_id != self.engagement_id or self.state is None:
            return
        self.plan = plan
        try:
            checked = preview(self.state, plan)
        except PlanError as exc:
            self.problems = exc.problems
            self._refresh()
            return
        self.problems = []
        try:
            self.state = save_plan(self.context.library, self.context.repo, engagement_id, plan,
                                   expected_version=self.state.version, updated_by=self.context.consultant)
        except PlanError as exc:
            self.state, self.problems = checked, exc.problems
        except Exception as exc:  # noqa: BLE001 - the edit stays on screen; the user can retry with undo/redo
            from app.ui.errors import present_error

            self.state = checked
            present_error(exc, self)
        else:
            self.plan_saved.emit(self.state.version)
        self._refresh()

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
        if state.saved:
            self.status.setText(self.tr("Plan saved (version %1); every change is saved as you make it.")
                                .replace("%1", str(state.version)))
        else:
            self.status.setText(self.tr("Draft from the workshop answers and the scores: the first change saves it."))
        analysis = state.analysis
        self.models["objectives"].set_rows(sorted(plan.objectives, key=lambda o: o.rank))
        from app.reports.planning_report import WORDS as REPORT_WORDS
        from app.reports.planning_report import constraint_values

        words = REPORT_WORDS[lang]
        self.models["constraints"].set_rows([(words[f"c_{k}"], v) for k, v in constraint_values(state, lang).items()])
        self.models["targets"].set_rows(list(analysis.gaps.domains))
        self.models["initiatives"].set_rows(list(plan.initiatives))
        self.models["phases"].set_rows(list(analysis.schedule.phases))
        self.models["schedule"].set_rows(list(analysis.schedule.items))
        names = self._names()
        issues = [render(u.reason, lang, names) for u in analysis.schedule.unscheduled]
        issues += [render(f, lang, names) for _item, f in analysis.schedule.flags]
        self.models["issues"].set_rows(issues)
        for table in (self.objectives, self.targets, self.initiatives, self.phases, self.schedule):
            table.resizeColumnsToContents()
            header = table.horizontalHeader()
            for column in range(header.count()):
                header.resizeSection(column, min(header.sectionSize(column), 320))
        self._charts()

    def _charts(self) -> None:
        from app.reports.planning_charts import gantt_chart, impact_effort_chart

        state, plan = self.state, self.plan
        if state is None or plan is None:
            return
        names = self._names()
        number = {i.id: n + 1 for n, i in enumerate(plan.initiatives)}
        self.matrix.show_figure(impact_effort_chart([(number[i.id], i.effort, i.impact) for i in plan.initiatives],
                                                    high_effort=HIGH_EFFORT_PM, lang=self.lang))
        items = list(state.analysis.schedule.items)
        index = {s.id: k for k, s in enumerate(items)}
        rows = [(f"{number[s.id]}. {names.get(s.id, s.id)}", s.start_month, s.end_month, s.critical, s.pinned,
                 bool(s.flags)) for s in items]
        phases = [(f"{p.id} · {p.start_month:g}–{p.end_month:g}", p.start_month, p.end_month, p.capacity, p.load)
                  for p in state.analysis.schedule.phases]
        links = [(index[d], index[s.id]) for s in items for d in s.depends_on if d in index]
        self.gantt.show_figure(gantt_chart(rows, phases, links, lang=self.lang))
