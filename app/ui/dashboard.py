"""The results dashboard: where the engagement stands, refreshed as answers come in.

Scoring runs in a worker (it reads every answer of the engagement); the charts come
from the same ``app.reports.charts`` builders the Word reports use, so what the
consultant sees on screen is what the customer reads.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.scoring import levels_by_role
from app.services.results import EngagementScores, score_engagement, set_override
from app.ui.context import AppContext

# Below this share of questions answered, the scores are headlined as provisional.
PROVISIONAL_BELOW = 0.5

LEVEL_COLOURS = ["#d9534f", "#ee8c4a", "#f2c94c", "#a8d26b", "#5cb85c", "#2e8b57"]


def level_colour(level: float | None, scale_min: float = 0, scale_max: float = 5) -> QColor | None:
    """The colour of a level stretched over the model's scale (a 5.25 on 0-12 is not the best colour)."""
    if level is None:
        return None
    share = (level - scale_min) / ((scale_max - scale_min) or 1)
    return QColor(LEVEL_COLOURS[max(0, min(5, int(round(share * 5))))])


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


class RowsModel(QAbstractTableModel):
    """A read-only table over plain rows: a tuple of display values per row.

    ``colour_columns`` names the columns whose number is a level and gets a level tint.
    """

    def __init__(self, headers: list[str], colour_columns: tuple[int, ...] = (), parent=None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.colour_columns = colour_columns
        self.scale: tuple[float, float] = (0, 5)  # the model's, for the level tint
        self.rows: list[tuple] = []
        self.keys: list[str] = []

    def set_rows(self, rows: list[tuple], keys: list[str] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.keys = keys or [""] * len(rows)
        self.endResetModel()

    def set_headers(self, headers: list[str]) -> None:
        self.headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(headers) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if isinstance(value, float):
                return _fmt(value)
            return "–" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() in self.colour_columns:
            colour = level_colour(value if isinstance(value, float) else None, *self.scale)
            return QBrush(colour.lighter(140)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, float | int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None


class ChartPanel(QWidget):
    """A matplotlib Figure in a canvas; the backend is imported on first use to keep start-up fast.

    ``scrollable`` keeps a tall figure (a heatmap of 48 capabilities) at its natural
    height inside a scroll area instead of squeezing every row into the window.
    """

    def __init__(self, parent: QWidget | None = None, *, scrollable: bool = False) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = None
        if scrollable:
            from PySide6.QtWidgets import QScrollArea

            self.scroll = QScrollArea()
            self.scroll.setWidgetResizable(True)
            self._layout.addWidget(self.scroll)
        self.canvas = None
        self.figure = None

    def show_figure(self, figure) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from app.reports.charts import draw_quietly

        if self.canvas is not None and self.scroll is None:
            self._layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.figure = figure
        self.canvas = FigureCanvasQTAgg(figure)
        if self.scroll is not None:
            # natural height in screen pixels; the width follows the panel
            self.canvas.setMinimumHeight(int(figure.get_figheight() * self.logicalDpiY()))
            self.scroll.setWidget(self.canvas)  # takes ownership and deletes the previous canvas
        else:
            self._layout.addWidget(self.canvas)
        draw_quietly(figure)


class OverrideDialog(QDialog):
    """Set a capability level by judgement: the rationale is mandatory and shown in reports."""

    def __init__(self, capability_name: str, computed: float | None, current_override, parent=None,
                 scale: tuple[float, float] = (0, 5)) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Override capability level"))
        form = QFormLayout(self)
        form.addRow(self.tr("Capability:"), QLabel(capability_name))
        form.addRow(self.tr("Computed from answers:"), QLabel(_fmt(computed)))
        self.level = QDoubleSpinBox()
        self.level.setRange(*scale)  # the model's scale: a computed 5.25 on 0-12 is not cut to 5
        self.level.setDecimals(2)
        self.level.setSingleStep(0.25)
        self.level.setValue(current_override.level if current_override else (computed or 0))
        form.addRow(self.tr("Level:"), self.level)
        self.rationale = QPlainTextEdit(current_override.rationale if current_override else "")
        self.rationale.setPlaceholderText(self.tr("What did you see that the answers do not show? (required)"))
        form.addRow(self.tr("Rationale:"), self.rationale)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020;")
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = buttons.addButton(self.tr("Remove override"), QDialogButtonBox.ButtonRole.ResetRole)
        self.remove_button.setVisible(current_override is not None)
        self.removed = False
        self.remove_button.clicked.connect(self._remove)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 320)

    def _remove(self) -> None:
        self.removed = True
        self.accept()

    def _accept(self) -> None:
        if not self.rationale.toPlainText().strip():
            self.error.setText(self.tr("An override needs a rationale."))
            self.error.show()
            return
        self.accept()


class DashboardView(QWidget):
    """Results of one engagement: radar, heatmap, coverage and confidence, disagreements, overrides."""

    refreshed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.engagement_id: str | None = None
        self.scores: EngagementScores | None = None
        self.model_id: str | None = None
        # whose answers are scored: None (everybody), "interview" or "survey"; back to everybody per engagement
        self.respondents: str | None = None
        self._task = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.refresh)
        self._build()
        self.retranslate_ui()

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        header = QHBoxLayout()
        self.model_label = QLabel()
        self.model_combo = QComboBox()
        self.model_combo.currentIndexChanged.connect(self._model_chosen)
        self.respondents_label = QLabel(objectName="respondentsLabel")
        self.respondents_combo = QComboBox(objectName="respondentsCombo")
        for kind in (None, "interview", "survey"):
            self.respondents_combo.addItem("", kind)
        self.respondents_combo.currentIndexChanged.connect(self._respondents_chosen)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSize(font.pointSize() + 2)
        self.summary.setFont(font)
        self.busy = QProgressBar(objectName="scoringBusy")  # the page is scored off the UI thread
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy_label = QLabel(objectName="scoringLabel")
        self.busy.hide()
        self.busy_label.hide()
        header.addWidget(self.model_label)
        header.addWidget(self.model_combo)
        header.addWidget(self.respondents_label)
        header.addWidget(self.respondents_combo)
        header.addWidget(self.summary, 1)
        header.addWidget(self.busy_label)
        header.addWidget(self.busy)
        root.addLayout(header)
        # A low coverage makes every figure provisional: said above them, not in a footnote.
        self.caveat = QLabel(objectName="provisionalCaveat")
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet("color: #8a5a00; background: #fff4d6; padding: 4px;")
        self.caveat.hide()
        root.addWidget(self.caveat)

        self.tabs = QTabWidget()
        # Overview: radar + domain table
        overview = QSplitter(Qt.Orientation.Horizontal)
        self.radar = ChartPanel()
        self.domain_model = RowsModel([], colour_columns=(1,))
        self.domain_table = self._table(self.domain_model)
        overview.addWidget(self.radar)
        overview.addWidget(self.domain_table)
        overview.setSizes([520, 600])
        self.tabs.addTab(overview, "")
        # Capabilities: heatmap + capability table
        caps = QSplitter(Qt.Orientation.Vertical)
        self.heatmap = ChartPanel(scrollable=True)
        self.capability_model = RowsModel([], colour_columns=(2,))
        self.capability_table = self._table(self.capability_model)
        caps_bottom = QWidget()
        caps_layout = QVBoxLayout(caps_bottom)
        caps_layout.setContentsMargins(0, 0, 0, 0)
        caps_layout.addWidget(self.capability_table)
        self.override_button = QPushButton()
        self.override_button.clicked.connect(self.edit_override)
        caps_layout.addWidget(self.override_button, 0, Qt.AlignmentFlag.AlignRight)
        # what grey and each colour mean, from the model's own level scale
        self.legend = QLabel(objectName="heatmapLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        heat_box = QWidget()
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        # the chart's own title collided with the slanted column labels: the screen puts it above
        self.heatmap_title = QLabel(objectName="heatmapTitle")
        self.heatmap_title.setStyleSheet("font-weight: 600;")
        heat_layout.addWidget(self.heatmap_title)
        heat_layout.addWidget(self.legend)
        heat_layout.addWidget(self.heatmap, 1)
        caps.addWidget(heat_box)
        caps.addWidget(caps_bottom)
        caps.setSizes([460, 220])
        self.tabs.addTab(caps, "")
        # Disagreements
        self.disagreement_model = RowsModel([])
        self.disagreement_table = self._table(self.disagreement_model)
        self.tabs.addTab(self.disagreement_table, "")
        # Overrides
        self.override_model = RowsModel([], colour_columns=(1, 2))
        self.override_table = self._table(self.override_model)
        self.tabs.addTab(self.override_table, "")
        root.addWidget(self.tabs, 1)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        root.addWidget(self.empty)

    @staticmethod
    def _fit(table: QTableView, widest: int = 380) -> None:
        """Columns fit their contents but no text column pushes the others off screen."""
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        for column in range(header.count() - 1):
            if header.sectionSize(column) > widest:
                header.resizeSection(column, widest)
        table.resizeRowsToContents()

    @staticmethod
    def _table(model: RowsModel) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setAlternatingRowColors(True)
        # Row heights depend on the final column widths, known only once the tab is laid
        # out: recompute them (once per burst) whenever a column changes width.
        timer = QTimer(table)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(table.resizeRowsToContents)
        table.horizontalHeader().sectionResized.connect(lambda *_: timer.start())
        return table

    def retranslate_ui(self) -> None:
        self.model_label.setText(self.tr("Model:"))
        self.respondents_label.setText(self.tr("Answers from:"))
        for index, text in enumerate((self.tr("All respondents"), self.tr("Interviews"), self.tr("Surveys"))):
            self.respondents_combo.setItemText(index, text)
        self.respondents_combo.setToolTip(self.tr("Score the answers given in interviews, those of the survey "
                                                  "workbooks, or all of them (by the same rules)"))
        for i, text in enumerate((self.tr("Overview"), self.tr("Capabilities"), self.tr("Disagreements"),
                                  self.tr("Overrides"))):
            self.tabs.setTabText(i, text)
        self.override_button.setText(self.tr("Override selected capability..."))
        self.domain_model.set_headers([self.tr("Domain"), self.tr("Level"), self.tr("Target"), self.tr("Gap"),
                                       self.tr("Coverage"), self.tr("% of target")])
        self.capability_model.set_headers([self.tr("Domain"), self.tr("Capability"), self.tr("Level"),
                                           self.tr("Computed"), self.tr("Target"), self.tr("Gap"),
                                           self.tr("Coverage"), self.tr("Confidence")])
        self.disagreement_model.set_headers([self.tr("Question"), self.tr("Capability"), self.tr("Spread"),
                                             self.tr("Who said what")])
        self.override_model.set_headers([self.tr("Capability"), self.tr("Computed"), self.tr("Override"),
                                         self.tr("Rationale"), self.tr("By")])
        self.empty.setText(self.tr("No answers yet: the results appear here as the interviews progress."))
        if self.scores is not None:
            self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- data ---------------------------------------------------------------------
    def load(self, engagement_id: str) -> None:
        if engagement_id != self.engagement_id:  # another engagement starts from all its respondents
            self.respondents = None
            self.respondents_combo.blockSignals(True)
            self.respondents_combo.setCurrentIndex(0)
            self.respondents_combo.blockSignals(False)
        self.engagement_id = engagement_id
        self.model_id = None
        self.refresh()

    def _respondents_chosen(self, index: int) -> None:
        self.respondents = self.respondents_combo.itemData(index)
        self.refresh()

    def schedule_refresh(self, engagement_id: str | None = None) -> None:
        """Called on every saved answer; bursts of answers cost one re-score."""
        if engagement_id is None or engagement_id == self.engagement_id:
            self._debounce.start()

    def refresh(self) -> None:
        if self.engagement_id is None:
            return
        from app.ui.tasks import run_task

        library, repo, engagement_id = self.context.library, self.context.repo, self.engagement_id
        respondents = self.respondents  # the task carries the filter it was asked with
        if self._task is not None:
            self._task.cancel()
        self._set_busy(True)
        self._task = run_task(
            lambda _control: (respondents, score_engagement(library, repo, engagement_id, respondents=respondents)),
            self._scored, self._failed, owner=self, serial=True)

    def _set_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Scoring..."))
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)

    def _failed(self, exc: BaseException, details: str) -> None:
        from app.ui.errors import present_error

        self._set_busy(False)
        present_error(exc, self, details=details)

    def refresh_now(self) -> None:
        """Score on the calling thread (tests, screenshots)."""
        if self.engagement_id is not None:
            self._scored((self.respondents, score_engagement(self.context.library, self.context.repo,
                                                             self.engagement_id, respondents=self.respondents)))

    def _scored(self, result: tuple[str | None, EngagementScores]) -> None:
        respondents, scores = result
        if self.engagement_id != scores.engagement.id or respondents != self.respondents:
            return  # scored for another engagement or another filter: a newer result follows
        self._set_busy(False)
        self.scores = scores
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for model_id, model in scores.model_content.items():
            self.model_combo.addItem(self.context.text(model.name), model_id)
        if self.model_id not in scores.models:
            self.model_id = next(iter(scores.models), None)
        self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(self.model_id)))
        self.model_combo.blockSignals(False)
        self.model_combo.setVisible(len(scores.models) > 1)
        self.model_label.setVisible(len(scores.models) > 1)
        self._show()
        self.refreshed.emit()

    def _model_chosen(self, index: int) -> None:
        if index >= 0 and self.scores is not None:
            self.model_id = self.model_combo.itemData(index)
            self._show()

    def _show(self) -> None:
        from app.reports.charts import heatmap_chart, radar_chart

        scores = self.scores
        if scores is None or self.model_id is None:
            return
        score = scores.models[self.model_id]
        model = scores.model_content[self.model_id]
        text = self.context.text
        lang = self.context.language
        answered = sum(1 for a in scores.answers if a.status)
        self.empty.setText({
            "survey": self.tr("No survey answers yet: export survey forms from the Interviewees tab, then import "
                              "them when they come back (or drop the files on the window)."),
            "interview": self.tr("No interview answers yet: the results appear here as the interviews progress."),
        }.get(self.respondents or "", self.tr("No answers yet: the results appear here as the interviews progress.")))
        self.empty.setVisible(answered == 0)
        people, n_disagreements = len(scores.interviewees), len(score.disagreements)
        counts = "  ·  ".join((
            self.tr("1 interviewee") if people == 1 else self.tr("%1 interviewees").replace("%1", str(people)),
            self.tr("1 answer") if answered == 1 else self.tr("%1 answers").replace("%1", str(answered)),
            self.tr("1 disagreement") if n_disagreements == 1
            else self.tr("%1 disagreements").replace("%1", str(n_disagreements))))
        provisional = score.coverage is not None and score.coverage < PROVISIONAL_BELOW
        overall = (self.tr("Overall %1 (provisional)") if provisional else self.tr("Overall %1")).replace(
            "%1", _fmt(score.level))
        self.summary.setText(
            self.tr("%1 (target %2)  ·  coverage %3  ·  %4").replace("%1", overall).replace("%2", _fmt(score.target))
            .replace("%3", _pct(score.coverage)).replace("%4", counts))
        self.caveat.setText(self.tr("Provisional: only %1 of the questions are answered, so these levels may still "
                                    "move a lot. Interview more people before quoting them.")
                            .replace("%1", _pct(score.coverage)))
        self.caveat.setVisible(provisional)
        self._show_legend(model)
        self.heatmap_title.setText(self.tr("Capability levels by interviewee role"))
        domain_names = [text(d.name) for d in model.domains]
        smin, smax = model.scale.minimum, model.scale.maximum
        for rows_model in (self.domain_model, self.capability_model, self.override_model):
            rows_model.scale = (smin, smax)
        self.radar.show_figure(radar_chart(domain_names, [d.level for d in score.domains],
                                           [d.target for d in score.domains],
                                           title=self.tr("Maturity by domain: current vs target"), lang=lang,
                                           scale_min=smin, scale_max=smax))
        self.domain_model.set_rows([(name, d.level, d.target, d.gap, _pct(d.coverage),
                                     "–" if d.percent_to_target is None else f"{d.percent_to_target:.0f}%")
                                    for name, d in zip(domain_names, score.domains, strict=True)],
                                   [d.domain_id for d in score.domains])
        self._fit(self.domain_table)

        cap_names = {c.id: text(c.name) for d in model.domains for c in d.capabilities}
        domain_of = {c.id: text(d.name) for d in model.domains for c in d.capabilities}
        by_role = levels_by_role(score)
        roles = sorted({r for per in by_role.values() for r in per})
        role_names = [self._role_name(r) for r in roles]
        caps = score.capabilities
        values = [[by_role[c.capability_id].get(r) for r in roles] + [c.level] for c in caps]
        self.heatmap.show_figure(heatmap_chart(
            [cap_names[c.capability_id] for c in caps], [*role_names, self.tr("Consolidated")], values,
            title="", lang=lang,
            row_groups=[domain_of[c.capability_id] for c in caps], scale_min=smin, scale_max=smax))
        conf_names = {"high": self.tr("high"), "medium": self.tr("medium"), "low": self.tr("low")}
        self.capability_model.set_rows([
            (domain_of[c.capability_id], cap_names[c.capability_id], c.level, c.computed_level, c.target, c.gap,
             _pct(c.coverage), f"{conf_names[c.confidence.label.value]} ({c.confidence.value:.2f})")
            for c in caps], [c.capability_id for c in caps])
        self._fit(self.capability_table)

        questions = {(q.id): q for qn in scores.questionnaires for s in qn.sections for q in s.questions}
        self.disagreement_model.set_rows([
            (questions[x.question_id].text.get(lang) if x.question_id in questions else x.question_id,
             cap_names.get(x.capability_id, x.capability_id), float(x.spread),
             # one line per person: readable, and the row height is exact
             "\n".join(f"{r.level:g}  {r.interviewee_name} ({self._role_name(r.role)})"
                       for r in sorted(x.responses, key=lambda r: r.level)))
            for x in sorted(score.disagreements, key=lambda d: -d.spread)])
        self._fit(self.disagreement_table)
        self.override_model.set_rows([
            (cap_names[c.capability_id], c.computed_level, c.override.level, c.override.rationale,
             c.override.author) for c in caps if c.override is not None])
        self._fit(self.override_table)

    def _show_legend(self, model) -> None:
        from app.reports.charts import level_legend, missing_colour

        text = self.context.text
        names = {lvl.level: text(lvl.name) for lvl in model.scale.levels}
        swatch = "<span style='background:{};'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{}"
        items = [swatch.format(colour, html.escape(f"{level} {names.get(level, '')}".strip()))
                 for level, colour in level_legend(model.scale.minimum, model.scale.maximum)]
        items.append(swatch.format(missing_colour(), html.escape(self.tr("not assessed (no answer)"))))
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(items))

    def _role_name(self, role: str) -> str:
        catalogue = self.context.library.catalogue
        for r in catalogue.roles if catalogue else ():
            if r.id == role:
                return self.context.text(r.name)
        return role

    # -- overrides ------------------------------------------------------------------
    def edit_override(self) -> None:
        if self.scores is None or self.model_id is None:
            return
        rows = self.capability_table.selectionModel().selectedRows()
        if not rows:
            self.tabs.setCurrentIndex(1)
            return
        capability_id = self.capability_model.keys[rows[0].row()]
        score = self.scores.models[self.model_id].capability(capability_id)
        name = self.capability_model.rows[rows[0].row()][1]
        scale = self.scores.model_content[self.model_id].scale
        dialog = OverrideDialog(name, score.computed_level, score.override, self,
                                scale=(scale.minimum, scale.maximum))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_override(capability_id, None if dialog.removed else dialog.level.value(),
                            dialog.rationale.toPlainText())

    def apply_override(self, capability_id: str, level: float | None, rationale: str) -> None:
        from app.errors import UserError
        from app.ui.errors import present_error

        try:
            set_override(self.context.repo, self.engagement_id, self.model_id, capability_id, level, rationale,
                         self.context.consultant, scale=self.scores.model_content[self.model_id].scale
                         if self.scores is not None else None)
        except UserError as exc:
            present_error(exc, self)
            return
        self.refresh_now()
