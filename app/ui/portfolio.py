"""The portfolio: engagements across customers, side by side, over time and against the rest.

A top-level page beside the engagement list (View > Portfolio, Ctrl+Shift+P). The table
lists every engagement with its industry, size, services, date, overall and per-domain
levels and coverage, filtered by industry, size, service and year. Below it:

- Compare: the selected engagements (two or more) as a table, an overlaid radar and
  per-domain bars, with the like-with-like statement; export to Word or Excel.
- Trend: the current row's customer, its re-assessments in date order, what improved
  most and what fell back.
- Benchmark: the current row against the rest of its industry and size (median and
  quartiles per domain, with n, nothing below the minimum group), and the capabilities
  commonly weak across the portfolio.

Loading scores the engagements whose cached summary is stale in a background task, with
progress and cancel; the numbers all come from ``app.services.portfolio``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics import ModelLevels, Names, PortfolioFilter, PortfolioRow, filter_rows
from app.analytics.portfolio import DomainShape, domain_columns, years
from app.content.classification import classification, industry_name, size_name
from app.ui.context import AppContext
from app.ui.dashboard import ChartPanel
from app.ui.engagement_list import service_namer
from app.ui.tasks import Cancelled, TaskControl, run_task

POSITION_WORDS = {
    "top_quartile": QT_TRANSLATE_NOOP("Portfolio", "top quartile"),
    "above_median": QT_TRANSLATE_NOOP("Portfolio", "above the median"),
    "below_median": QT_TRANSLATE_NOOP("Portfolio", "below the median"),
    "bottom_quartile": QT_TRANSLATE_NOOP("Portfolio", "bottom quartile"),
}


def _level(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"


class PortfolioTableModel(QAbstractTableModel):
    """Portfolio rows over plain ``PortfolioRow``s, with the levels of one model (``model_id``).

    The domain columns are that model's; a row's figures are its levels on that model
    (the Model column names it). With no model chosen (all models), each row shows its own
    primary model's overall level and no domain columns: domains of different models do not
    line up.
    """

    COL_CUSTOMER, COL_ENGAGEMENT, COL_INDUSTRY, COL_SIZE, COL_SERVICES, COL_DATE, COL_OVERALL, COL_COVERAGE, \
        COL_MODEL = range(9)
    FIXED = 9
    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PortfolioRow] = []
        self._domains: list[DomainShape] = []
        self._names = Names([], anonymise=False)
        self.lang = "en"
        self.service_name: Callable[[str], str] = str
        self.model_name: Callable[[ModelLevels], str] = lambda m: f"{m.model_id} {m.model_version}"
        self.model_id: str | None = None

    def set_rows(self, rows: Sequence[PortfolioRow], domains: Sequence[DomainShape], names: Names,
                 model_id: str | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._domains = list(domains)
        self._names = names
        self.model_id = model_id
        self.endResetModel()

    def levels(self, row: PortfolioRow) -> ModelLevels | None:
        return row.levels_for(self.model_id) if self.model_id else row.primary

    def rows(self) -> list[PortfolioRow]:
        return list(self._rows)

    def row(self, index: int) -> PortfolioRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.FIXED + len(self._domains)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section >= self.FIXED and section - self.FIXED < len(self._domains):
            domain = self._domains[section - self.FIXED]
            if role == Qt.ItemDataRole.DisplayRole:
                name = domain.name(self.lang)
                return name if len(name) <= 14 else name[:13] + "…"
            if role == Qt.ItemDataRole.ToolTipRole:
                return domain.name(self.lang)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.COL_CUSTOMER: self.tr("Customer"), self.COL_ENGAGEMENT: self.tr("Engagement"),
            self.COL_INDUSTRY: self.tr("Industry"), self.COL_SIZE: self.tr("Size"),
            self.COL_SERVICES: self.tr("Services"), self.COL_DATE: self.tr("Date"),
            self.COL_OVERALL: self.tr("Overall"), self.COL_COVERAGE: self.tr("Coverage"),
            self.COL_MODEL: self.tr("Model"),
        }.get(section)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == self.SortRole:
            value = self._value(row, column)
            return value if value is not None else -1.0 if column >= self.COL_OVERALL and column != self.COL_MODEL \
                else self._display(row, column)
        if role == self.IdRole:
            return row.engagement_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.COL_OVERALL and column != self.COL_MODEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.problem:
                return row.problem
            if column == self.COL_INDUSTRY and row.industry_text and not self._names.anonymise:
                label = self.tr("The customer's words:")
                return f"{label} {row.industry_text}"
            if column == self.COL_SERVICES:
                return "\n".join(self.service_name(s) for s in row.service_ids)
        return None

    def _value(self, row: PortfolioRow, column: int) -> float | None:
        m = self.levels(row)
        if m is None:
            return None
        if column == self.COL_OVERALL:
            return m.level
        if column == self.COL_COVERAGE:
            return m.coverage
        if column >= self.FIXED:
            return m.domains.get(self._domains[column - self.FIXED].id)
        return None

    def _display(self, row: PortfolioRow, column: int) -> str:
        if column == self.COL_CUSTOMER:
            return self._names.customer(row)
        if column == self.COL_ENGAGEMENT:
            return self._names.engagement(row)
        if column == self.COL_INDUSTRY:
            return industry_name(row.industry_code, self.lang) or self.tr("unmapped")
        if column == self.COL_SIZE:
            name = size_name(row.size_code, self.lang)
            return name.split("(")[0].split("(")[0].strip() if name else self.tr("unmapped")
        if column == self.COL_SERVICES:
            return self.tr(", ", "list separator").join(self.service_name(s) for s in row.service_ids)
        if column == self.COL_DATE:
            return row.assessed_on.isoformat() if row.assessed_on else ""
        if column == self.COL_COVERAGE:
            m = self.levels(row)
            return _pct(m.coverage if m else None)
        if column == self.COL_MODEL:
            m = self.levels(row)
            return self.model_name(m) if m else ""
        return _level(self._value(row, column))


def _grid(table: QTableWidget, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table.clear()
    table.setColumnCount(len(header))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(list(header))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    if header:  # the first column (names) gets what it needs up to a third of the table, values theirs
        table.setColumnWidth(0, min(table.columnWidth(0), max(160, table.width() // 3)))
        for c in range(1, len(header)):
            table.setColumnWidth(c, min(table.columnWidth(c), 150))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalScrollBar().setValue(0)
    QTimer.singleShot(0, lambda: shiboken6.isValid(table) and table.horizontalScrollBar().setValue(0))


def _table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


class PortfolioPage(QWidget):
    """The portfolio screen. ``back_requested`` returns to the engagement list."""

    back_requested = Signal()
    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portfolioPage")
        self.context = context
        self.portfolio = None  # app.services.portfolio.Portfolio, once loaded
        self._task = None
        self._shown: list[PortfolioRow] = []

        self.back_button = QPushButton(objectName="portfolioBack")
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel(objectName="portfolioTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.anonymise_check = QCheckBox(objectName="anonymiseCheck")
        self.anonymise_check.toggled.connect(self._show_all)
        self.refresh_button = QPushButton(objectName="portfolioRefresh")
        self.refresh_button.clicked.connect(self.load)
        self.progress = QProgressBar(objectName="portfolioProgress")
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.cancel_button = QPushButton(objectName="portfolioCancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.progress)
        header.addWidget(self.cancel_button)
        header.addWidget(self.anonymise_check)
        header.addWidget(self.refresh_button)

        self.model_combo = QComboBox(objectName="portfolioModel")
        self.model_label = QLabel()
        self._model_chosen = False  # the consultant picked a model (else: the most used, as the portfolio changes)
        self.industry_combo = QComboBox(objectName="portfolioIndustry")
        self.size_combo = QComboBox(objectName="portfolioSize")
        self.service_combo = QComboBox(objectName="portfolioService")
        self.year_combo = QComboBox(objectName="portfolioYear")
        self.industry_label, self.size_label, self.service_label, self.year_label = (QLabel() for _ in range(4))
        filters = QHBoxLayout()
        for label, combo in ((self.model_label, self.model_combo),
                             (self.industry_label, self.industry_combo), (self.size_label, self.size_combo),
                             (self.service_label, self.service_combo), (self.year_label, self.year_combo)):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self._filter_changed)
            filters.addWidget(label)
            filters.addWidget(combo)
        self.model_combo.currentIndexChanged.connect(self._model_picked)
        filters.addStretch(1)
        self.count_label = QLabel(objectName="portfolioCount")
        filters.addWidget(self.count_label)
        # which engagements the model filter leaves out, and how to see them
        self.model_note = QLabel(objectName="portfolioModelNote")
        self.model_note.setWordWrap(True)
        self.model_note.setStyleSheet("color: #8a5300")
        self.model_note.hide()

        self.model = PortfolioTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(PortfolioTableModel.SortRole)
        self.table = QTableView(objectName="portfolioTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.sortByColumn(PortfolioTableModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.hint = QLabel(objectName="portfolioHint")
        self.hint.setWordWrap(True)

        # -- compare tab
        self.compare_tab = QWidget(objectName="compareTab")
        self.overlap_label = QLabel(objectName="overlapLabel")
        self.overlap_label.setWordWrap(True)
        self.compare_table = _table()
        self.compare_table.setObjectName("compareTable")
        self.radar = ChartPanel()
        self.bars = ChartPanel()
        self.chart_tabs = QTabWidget(objectName="compareCharts")
        self.chart_tabs.addTab(self.radar, "")
        self.chart_tabs.addTab(self.bars, "")
        self.export_word = QPushButton(objectName="exportComparisonWord")
        self.export_excel = QPushButton(objectName="exportComparisonExcel")
        self.export_word.clicked.connect(lambda: self.export(".docx"))
        self.export_excel.clicked.connect(lambda: self.export(".xlsx"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.overlap_label, 1)
        buttons.addWidget(self.export_word)
        buttons.addWidget(self.export_excel)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.compare_table)
        charts.addWidget(self.chart_tabs)
        charts.setSizes([560, 780])
        compare_layout = QVBoxLayout(self.compare_tab)
        compare_layout.addLayout(buttons)
        compare_layout.addWidget(charts, 1)

        # -- trend tab
        self.trend_tab = QWidget(objectName="trendTab")
        self.trend_label = QLabel(objectName="trendLabel")
        self.trend_label.setWordWrap(True)
        self.trend_table = _table()
        self.improved_table = _table()
        self.fell_back_table = _table()
        self.trend_chart = ChartPanel()
        self.improved_title, self.fell_back_title = QLabel(), QLabel()
        lists = QVBoxLayout()
        lists.addWidget(self.improved_title)
        lists.addWidget(self.improved_table, 1)
        lists.addWidget(self.fell_back_title)
        lists.addWidget(self.fell_back_table, 1)
        lists_widget = QWidget()
        lists_widget.setLayout(lists)
        trend_split = QSplitter(Qt.Orientation.Horizontal)
        trend_split.addWidget(self.trend_table)
        trend_split.addWidget(self.trend_chart)
        trend_split.addWidget(lists_widget)
        trend_split.setSizes([360, 380, 400])
        trend_layout = QVBoxLayout(self.trend_tab)
        trend_layout.addWidget(self.trend_label)
        trend_layout.addWidget(trend_split, 1)

        # -- benchmark tab
        self.benchmark_tab = QWidget(objectName="benchmarkTab")
        self.benchmark_label = QLabel(objectName="benchmarkLabel")
        self.benchmark_label.setWordWrap(True)
        self.benchmark_table = _table()
        self.benchmark_table.setObjectName("benchmarkTable")
        self.weak_title = QLabel()
        self.weak_table = _table()
        self.weak_table.setObjectName("weakTable")
        weak = QVBoxLayout()
        weak.addWidget(self.weak_title)
        weak.addWidget(self.weak_table, 1)
        weak_widget = QWidget()
        weak_widget.setLayout(weak)
        bench_split = QSplitter(Qt.Orientation.Horizontal)
        bench_split.addWidget(self.benchmark_table)
        bench_split.addWidget(weak_widget)
        bench_split.setSizes([640, 500])
        bench_layout = QVBoxLayout(self.benchmark_tab)
        bench_layout.addWidget(self.benchmark_label)
        bench_layout.addWidget(bench_split, 1)

        self.tabs = QTabWidget(objectName="portfolioTabs")
        self.tabs.addTab(self.compare_tab, "")
        self.tabs.addTab(self.trend_tab, "")
        self.tabs.addTab(self.benchmark_tab, "")
        self.tabs.currentChanged.connect(lambda _i: self._show_details())

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.model_note)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.hint)
        split = QSplitter(Qt.Orientation.Vertical, objectName="portfolioSplit")
        split.addWidget(top)
        split.addWidget(self.tabs)
        split.setSizes([250, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(split, 1)
        self.retranslate_ui()

    # -- language ------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return "zh" if self.context.language == "zh" else "en"

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Portfolio"))
        self.back_button.setText(self.tr("← Engagements"))
        self.anonymise_check.setText(self.tr("&Anonymise customers"))
        self.anonymise_check.setToolTip(self.tr("Show customers as letters (Customer A, B ...) on the screen "
                                                "and in exports"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.model_label.setText(self.tr("&Model:"))
        self.model_combo.setToolTip(self.tr("Levels and domain columns are those of one model; engagements "
                                            "scored on another model are listed under it"))
        self.industry_label.setText(self.tr("&Industry:"))
        self.size_label.setText(self.tr("Si&ze:"))
        self.service_label.setText(self.tr("Ser&vice:"))
        self.year_label.setText(self.tr("&Year:"))
        self.tabs.setTabText(0, self.tr("Compare"))
        self.tabs.setTabText(1, self.tr("Trend"))
        self.tabs.setTabText(2, self.tr("Benchmark"))
        self.chart_tabs.setTabText(0, self.tr("Radar"))
        self.chart_tabs.setTabText(1, self.tr("Bars per domain"))
        self.export_word.setText(self.tr("Export &Word..."))
        self.export_excel.setText(self.tr("Export E&xcel..."))
        self.improved_title.setText(self.tr("Improved most"))
        self.fell_back_title.setText(self.tr("Fell back"))
        self.weak_title.setText(self.tr("Capabilities commonly weak (in the lowest two levels of the scale)"))
        self.model.lang = self.lang
        self.model.service_name = service_namer(self.context)
        self._fill_filters()
        self._show_all()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the portfolio in the background; stale engagements are scored with progress shown."""
        if self._task is not None:
            return
        from app.services.portfolio import PortfolioCancelled, load_portfolio

        library, repo = self.context.library, self.context.repo

        def work(control: TaskControl):
            try:
                return load_portfolio(library, repo, progress=lambda d, t: control.progress(d, t),
                                      cancelled=lambda: control.cancelled)
            except PortfolioCancelled:
                raise Cancelled() from None

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.refresh_button.setEnabled(False)
        self._task = run_task(work, self._loaded, self._failed, on_progress=self._progress,
                              on_cancelled=self._cancelled, owner=self)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)

    def _progress(self, done: int, total: int, _message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self.tr("Scoring %v of %m engagements"))

    def _finish_task(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.refresh_button.setEnabled(True)

    def _loaded(self, portfolio) -> None:
        self._finish_task()
        self.portfolio = portfolio
        self._fill_filters()
        self._show_all()
        self.loaded.emit()

    def _failed(self, exc: BaseException, details: str) -> None:
        self._finish_task()
        from app.ui.errors import present_error

        present_error(exc, self, details=details)

    def _cancelled(self) -> None:
        self._finish_task()
        self.hint.setText(self.tr("Loading was cancelled; the engagements scored so far are kept for next time. "
                                  "Press Refresh to continue."))

    # -- filters -------------------------------------------------------------------------------
    def _fill_models(self) -> None:
        """One entry per model in use (with its count), most used first, and "All models"."""
        from app.services.portfolio import portfolio_models

        models = portfolio_models(self.portfolio, self.lang) if self.portfolio else []
        current = self.model_combo.currentData() if self._model_chosen else None
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for choice in models:
            self.model_combo.addItem(self.tr("%1 (%2)").replace("%1", choice.name)
                                     .replace("%2", str(choice.engagements)), choice.model_id)
        self.model_combo.addItem(self.tr("All models (overall level only)"), "")
        index = self.model_combo.findData(current) if current is not None else 0
        self.model_combo.setCurrentIndex(max(0, index))
        self.model_combo.blockSignals(False)

    def _model_picked(self, _index: int) -> None:
        self._model_chosen = True
        self._show_all()

    @property
    def model_id(self) -> str | None:
        """The model whose levels the table shows; None: every engagement on its own primary model."""
        return self.model_combo.currentData() or None

    def show_model(self, model_id: str | None) -> None:
        """Switch the table to ``model_id`` (None: all models)."""
        index = self.model_combo.findData(model_id or "")
        if index >= 0:
            self.model_combo.setCurrentIndex(index)

    def _fill_filters(self) -> None:
        self._fill_models()
        rows = self.portfolio.rows if self.portfolio else ()
        lang = self.lang
        choices = (
            (self.industry_combo, self.tr("All industries"),
             [(i.name.get(lang), i.id) for i in classification().industries] + [(self.tr("Unmapped"), "")]),
            (self.size_combo, self.tr("All sizes"),
             [(s.name.get(lang), s.id) for s in classification().sizes] + [(self.tr("Unmapped"), "")]),
            (self.service_combo, self.tr("All services"),
             [(service_namer(self.context)(s), s) for s in sorted({s for r in rows for s in r.service_ids})]),
            (self.year_combo, self.tr("All years"), [(str(y), y) for y in years(rows)]),
        )
        for combo, everything, items in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, value in items:
                combo.addItem(text, value)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def current_filter(self) -> PortfolioFilter:
        return PortfolioFilter(industry=self.industry_combo.currentData(), size=self.size_combo.currentData(),
                               service_id=self.service_combo.currentData(), year=self.year_combo.currentData(),
                               model_id=self.model_id)

    def _filter_changed(self, _index: int) -> None:
        self._show_all()

    # -- showing -------------------------------------------------------------------------------
    def names(self) -> Names:
        rows = self.portfolio.rows if self.portfolio else ()
        return Names(rows, anonymise=self.anonymise_check.isChecked(), lang=self.lang)

    def _show_all(self) -> None:
        if self.portfolio is None:
            self.count_label.setText("")
            self.hint.setText(self.tr("Loading the portfolio..."))
            return
        from dataclasses import replace

        from app.analytics.portfolio import newest_shape

        selected = self.selected_ids()
        flt = self.current_filter()
        self._shown = filter_rows(self.portfolio.rows, flt)
        model_id = self.model_id
        domains = domain_columns(self._shown or self.portfolio.rows, self.portfolio.shapes, model_id) \
            if model_id else []
        shapes = self.portfolio.shapes

        def model_name(m: ModelLevels) -> str:
            shape = shapes.get((m.model_id, m.model_version)) or newest_shape(shapes, m.model_id)
            return f"{shape.name(self.lang)} {m.model_version}" if shape else f"{m.model_id} {m.model_version}"

        self.model.model_name = model_name
        self.model.set_rows(self._shown, domains, self.names(), model_id)
        self._show_model_note(filter_rows(self.portfolio.rows, replace(flt, model_id=None)), model_id)
        self.table.resizeColumnsToContents()
        for column in (PortfolioTableModel.COL_CUSTOMER, PortfolioTableModel.COL_ENGAGEMENT):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 240))
        total = len(self.portfolio.rows)
        self.count_label.setText(self.tr("%1 of %2 engagements").replace("%1", str(len(self._shown)))
                                 .replace("%2", str(total)))
        self.select(selected)
        self._show_details()

    def _show_model_note(self, rows: Sequence[PortfolioRow], model_id: str | None) -> None:
        """Say how many engagements (under the other filters) another model scores, and that Model shows them."""
        from app.analytics.portfolio import newest_shape, other_models

        hidden = other_models(rows, model_id)
        if model_id is None:
            mixed = len({r.models[0].model_id for r in rows if r.models}) > 1
            self.model_note.setText(self.tr("Engagements scored on different models: each shows its own model's "
                                            "overall level; choose a model to see domain levels.") if mixed else "")
        elif hidden:
            shapes = self.portfolio.shapes
            listed = self.tr(", ", "list separator").join(
                self.tr("%1 (%2)").replace("%1", newest_shape(shapes, m).name(self.lang)
                                           if newest_shape(shapes, m) else m).replace("%2", str(n))
                for m, n in hidden.items())
            self.model_note.setText(self.tr("%1 engagement(s) scored on other models are not listed: %2. "
                                            "Choose them under Model.").replace("%1", str(sum(hidden.values())))
                                    .replace("%2", listed))
        else:
            self.model_note.setText("")
        self.model_note.setVisible(bool(self.model_note.text()))

    def select(self, engagement_ids: Sequence[str]) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(PortfolioTableModel.IdRole) in engagement_ids:
                selection.select(index, self.proxy.index(row, self.proxy.columnCount() - 1))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(PortfolioTableModel.IdRole) for r in rows]

    def _selection_changed(self, *_args) -> None:
        self._show_details()

    def _show_details(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            self.hint.setText(self.tr("Select two or more engagements (Ctrl+click or Shift+click) to compare "
                                      "them; the trend and the benchmark follow the first one selected."))
        else:
            self.hint.setText(self.tr("%1 engagements selected.").replace("%1", str(len(ids))))
        if self.portfolio is None:
            return
        tab = self.tabs.currentWidget()
        if tab is self.compare_tab:
            self._show_comparison(ids)
        elif tab is self.trend_tab:
            self._show_trend(ids[0] if ids else None)
        else:
            self._show_benchmark(ids[0] if ids else None)

    def _show_comparison(self, ids: list[str]) -> None:
        from app.reports.comparison import chart_data, overlay_bar_chart, overlay_radar_chart
        from app.services.portfolio import compare_rows

        enough = len(ids) >= 2
        self.export_word.setEnabled(enough)
        self.export_excel.setEnabled(enough)
        if not enough:
            self.overlap_label.setText(self.tr("Select at least two engagements in the table to compare them."))
            _grid(self.compare_table, [], [])
            self.chart_tabs.hide()
            return
        comparison = compare_rows(self.portfolio, ids, anonymise=self.anonymise_check.isChecked(), lang=self.lang)
        text = comparison.overlap.statement(self.lang)
        if comparison.left_out:
            left = self.tr("Not compared (no scores for the same model): %1").replace(
                "%1", ", ".join(self.names().engagement(r) for r, _ in comparison.left_out))
            text = f"{text}\n{left}"
        self.overlap_label.setText(text)
        header = [self.tr("Level"), *comparison.labels]
        rows = []
        if comparison.overall is not None:
            rows.append([self.tr("Overall"), *(_level(v) for v in comparison.overall)])
        rows += [[d.name(self.lang), *(_level(v) for v in values)] for d, values in comparison.domains]
        rows += [[c.name(self.lang), *(_level(v) for v in c.levels)] for c in comparison.capabilities
                 if not comparison.domains]
        _grid(self.compare_table, header, rows)
        data = chart_data(comparison, self.lang)
        if data.labels and data.series:
            lo, hi = comparison.scale
            self.chart_tabs.show()
            self.radar.show_figure(overlay_radar_chart(data.labels, data.series, scale_min=lo, scale_max=hi,
                                                       lang=self.lang))
            self.bars.show_figure(overlay_bar_chart(list(data.labels), data.series, scale_min=lo, scale_max=hi,
                                                    lang=self.lang))
        else:
            self.chart_tabs.hide()

    def _show_trend(self, engagement_id: str | None) -> None:
        from app.reports.comparison import overlay_radar_chart
        from app.services.portfolio import customer_trend

        if engagement_id is None:
            self.trend_label.setText(self.tr("Select an engagement: its customer's assessments are shown in date "
                                             "order."))
            for table in (self.trend_table, self.improved_table, self.fell_back_table):
                _grid(table, [], [])
            self.trend_chart.hide()
            return
        row = self.portfolio.row(engagement_id)
        t = customer_trend(self.portfolio, row.customer_id, anonymise=self.anonymise_check.isChecked(),
                           lang=self.lang)
        c = t.comparison
        count = len(c.engagements)
        if count < 2:
            self.trend_label.setText(self.tr("%1 has one scored assessment so far: a trend needs a re-assessment "
                                             "(Engagement > Duplicate as re-assessment).").replace("%1", t.customer))
        else:
            self.trend_label.setText(self.tr("%1: %2 assessments in date order.").replace("%1", t.customer)
                                     .replace("%2", str(count)) + "  " + c.overlap.statement(self.lang))
        header = [self.tr("Level"), *(e.row.assessed_on.isoformat() if e.row.assessed_on else e.label
                                      for e in c.engagements)]
        rows = []
        if c.overall is not None:
            rows.append([self.tr("Overall"), *(_level(v) for v in c.overall)])
        rows += [[d.name(self.lang), *(_level(v) for v in values)] for d, values in c.domains]
        _grid(self.trend_table, header, rows)
        change_header = [self.tr("Capability"), self.tr("From"), self.tr("To"), self.tr("Change")]
        for table, changes in ((self.improved_table, t.improved), (self.fell_back_table, t.fell_back)):
            _grid(table, change_header, [[x.name(self.lang), _level(x.before), _level(x.after), f"{x.delta:+.2f}"]
                                         for x in changes])
        if count >= 2 and c.domains:
            lo, hi = c.scale
            series = {(e.row.assessed_on.isoformat() if e.row.assessed_on else e.label):
                      tuple(values[i] for _, values in c.domains) for i, e in enumerate(c.engagements)}
            self.trend_chart.show()
            self.trend_chart.show_figure(overlay_radar_chart([d.name(self.lang) for d, _ in c.domains], series,
                                                             scale_min=lo, scale_max=hi, lang=self.lang))
        else:
            self.trend_chart.hide()

    def _show_benchmark(self, engagement_id: str | None) -> None:
        from app.services.portfolio import portfolio_benchmark

        flt = self.current_filter()
        b = portfolio_benchmark(self.portfolio, subject_id=engagement_id, industry=flt.industry, size=flt.size)
        if b is None:
            self.benchmark_label.setText(self.tr("No scored engagement to benchmark yet."))
            _grid(self.benchmark_table, [], [])
            _grid(self.weak_table, [], [])
            return
        group = ", ".join(x for x in (
            industry_name(flt.industry, self.lang) if flt.industry else self.tr("every industry"),
            size_name(flt.size, self.lang) if flt.size else self.tr("every size")) if x)
        names = self.names()
        subject = names.engagement(b.subject) if b.subject else self.tr("no engagement selected")
        text = self.tr("%1 against %2 other engagements (%3) scored with %4. Figures are shown for groups of at "
                       "least %5 engagements.").replace("%1", subject).replace("%2", str(b.group)) \
            .replace("%3", group).replace("%4", b.model.label(self.lang)).replace("%5", str(b.min_group))
        self.benchmark_label.setText(text)
        header = [self.tr("Domain"), self.tr("n"), self.tr("Lower quartile"), self.tr("Median"),
                  self.tr("Upper quartile"), self.tr("Selected"), self.tr("Position")]
        hidden = self.tr("fewer than %1").replace("%1", str(b.min_group))

        def figures(spread, level, position) -> list[str]:
            if not spread.shown:
                return [str(spread.n), hidden, hidden, hidden, _level(level), ""]
            words = QCoreApplication.translate("Portfolio", POSITION_WORDS[position]) if position else ""
            return [str(spread.n), _level(spread.q1), _level(spread.median), _level(spread.q3), _level(level), words]

        rows = [[self.tr("Overall"), *figures(b.overall, b.subject_overall, b.overall_position)]]
        rows += [[d.domain.name(self.lang), *figures(d.figures, d.subject, d.position)] for d in b.domains]
        _grid(self.benchmark_table, header, rows)
        self.weak_title.setText(self.tr("Capabilities commonly weak (in the lowest two levels of the scale)")
                                if b.weak or b.group >= b.min_group else
                                self.tr("Capabilities commonly weak: shown from %1 assessed engagements on")
                                .replace("%1", str(b.min_group)))
        _grid(self.weak_table, [self.tr("Capability"), self.tr("Weak in"), self.tr("Median")],
              [[w.name(self.lang), f"{w.weak}/{w.n} ({round(100 * w.share)} %)", _level(w.median)] for w in b.weak])

    # -- export --------------------------------------------------------------------------------
    def export(self, suffix: str) -> None:
        ids = self.selected_ids()
        if self.portfolio is None or len(ids) < 2:
            return
        name = self.tr("comparison") + ("-anonymised" if self.anonymise_check.isChecked() else "") + suffix
        start = str(Path.home() / "Documents" / name) if (Path.home() / "Documents").is_dir() else \
            str(Path.home() / name)
        filter_text = self.tr("Word document (*.docx)") if suffix == ".docx" else self.tr("Excel workbook (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison"), start, filter_text)
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != suffix:
            out = out.with_suffix(suffix)
        self.save_to(out, ids)

    def save_to(self, out: Path, ids: list[str] | None = None):
        """Write the comparison of ``ids`` (the selection) to ``out`` in the background."""
        from app.services.portfolio import save_comparison

        portfolio, anonymise, lang = self.portfolio, self.anonymise_check.isChecked(), self.lang
        ids = list(ids if ids is not None else self.selected_ids())
        from app.errors import UserError
        from app.ui.errors import present_error
        from app.ui.settings import Settings

        try:  # the consultancy's name and logo (Settings > Report covers), checked before anything is drawn
            branding = Settings().report_branding()
        except UserError as exc:
            present_error(exc, self)
            return None

        def work(_control: TaskControl) -> Path:
            return save_comparison(portfolio, ids, out, anonymise=anonymise, lang=lang, branding=branding)

        def written(path: Path) -> None:
            window = self.window()
            if hasattr(window, "offer_open"):
                window.offer_open(path)
            else:
                self.hint.setText(self.tr("Written %1").replace("%1", str(path)))

        return run_task(work, written, owner=self)
