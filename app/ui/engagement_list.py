"""The engagement list: what a consultant opens the workbench to find.

``EngagementTableModel`` is a plain ``QAbstractTableModel`` over
``EngagementSummary`` rows (column constants, custom roles, ``set_rows`` inside a
model reset), testable without any widget. ``EngagementListPage`` holds the search
box, the filters, the "recent" strip and the table; the main window owns the actions
(open, duplicate, archive, delete) and wires them to the page's selection.

Filtering happens in the repository (``EngagementFilter``), not in a proxy: the
list a consultant sees is exactly what ``omm list`` would print for the same filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import engagements
from app.storage.records import EngagementStatus, EngagementSummary
from app.ui.context import AppContext

STATUS_LABELS = {
    EngagementStatus.PLANNED: QT_TRANSLATE_NOOP("Status", "Planned"),
    EngagementStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("Status", "In progress"),
    EngagementStatus.REPORTING: QT_TRANSLATE_NOOP("Status", "Reporting"),
    EngagementStatus.COMPLETED: QT_TRANSLATE_NOOP("Status", "Completed"),
}

ANY_DATE = QDate(2000, 1, 1)  # the date edits' "no limit" value, shown as a word


def literal(text: str) -> str:
    """``text`` for a button, check box or menu, where a single "&" would mark a shortcut key."""
    return text.replace("&", "&&")


def status_label(status: EngagementStatus | str) -> str:
    return QCoreApplication.translate("Status", STATUS_LABELS[EngagementStatus(status)])


def local_time(value: datetime | None) -> str:
    """Storage keeps naive UTC; people read their own clock."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def service_namer(context: AppContext) -> Callable[[str], str]:
    """Service id -> its catalogue name in the interface language (the id if not in the catalogue)."""
    catalogue = context.library.catalogue
    services = {s.id: s for s in catalogue.services} if catalogue else {}

    def name(service_id: str) -> str:
        service = services.get(service_id)
        return context.text(service.name) if service else service_id

    return name


class EngagementTableModel(QAbstractTableModel):
    COL_NAME, COL_CUSTOMER, COL_INDUSTRY, COL_SERVICES, COL_STATUS, COL_START, COL_PEOPLE, COL_ANSWERS, \
        COL_UPDATED = range(9)
    COLUMN_COUNT = 9
    SummaryRole = Qt.ItemDataRole.UserRole + 1  # the EngagementSummary of the row
    IdRole = Qt.ItemDataRole.UserRole + 2
    SortRole = Qt.ItemDataRole.UserRole + 3  # a value that sorts right (dates, numbers)

    def __init__(self, service_name: Callable[[str], str] = str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EngagementSummary] = []
        self._service_name = service_name

    # -- feeding -------------------------------------------------------------
    def set_rows(self, rows: Sequence[EngagementSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[EngagementSummary]:
        return list(self._rows)

    def set_service_namer(self, service_name: Callable[[str], str]) -> None:
        self._service_name = service_name
        self.retranslate()

    def retranslate(self) -> None:
        """Headers and status words follow the interface language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))

    def summary(self, row: int) -> EngagementSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, engagement_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == engagement_id), -1)

    # -- QAbstractTableModel -------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.COL_NAME: self.tr("Engagement"),
            self.COL_CUSTOMER: self.tr("Customer"),
            self.COL_INDUSTRY: self.tr("Industry"),
            self.COL_SERVICES: self.tr("Services"),
            self.COL_STATUS: self.tr("Status"),
            self.COL_START: self.tr("Start"),
            self.COL_PEOPLE: self.tr("Interviewees"),
            self.COL_ANSWERS: self.tr("Answers"),
            self.COL_UPDATED: self.tr("Last change"),
        }.get(section)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == self.SortRole:
            return self._sort_key(row, column)
        if role == self.SummaryRole:
            return row
        if role == self.IdRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_SERVICES:
                return "\n".join(self._service_name(s) for s in row.service_ids)
            tip = f"{row.name}\n{row.customer_name}"
            if row.consultant:
                consultant_label = self.tr("Consultant:")
                tip += f"\n{consultant_label} {row.consultant}"
            if row.archived:
                archived_label = self.tr("Archived")
                tip += f"\n{archived_label}"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_PEOPLE, self.COL_ANSWERS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.archived:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def _display(self, row: EngagementSummary, column: int) -> str | int | None:
        if column == self.COL_NAME:
            archived_tag = self.tr("archived")
            return f"{row.name}  [{archived_tag}]" if row.archived else row.name
        if column == self.COL_CUSTOMER:
            return row.customer_name
        if column == self.COL_INDUSTRY:
            return row.industry
        if column == self.COL_SERVICES:
            return self.tr(", ", "list separator").join(self._service_name(s) for s in row.service_ids)
        if column == self.COL_STATUS:
            return status_label(row.status)
        if column == self.COL_START:
            return row.start_date.isoformat() if row.start_date else ""
        if column == self.COL_PEOPLE:
            return row.interviewee_count
        if column == self.COL_ANSWERS:
            return row.answer_count
        if column == self.COL_UPDATED:
            return local_time(row.updated_at)
        return None

    def _sort_key(self, row: EngagementSummary, column: int) -> str | int:
        if column == self.COL_STATUS:
            return list(EngagementStatus).index(row.status)
        if column == self.COL_START:
            return row.start_date.isoformat() if row.start_date else ""
        if column == self.COL_UPDATED:
            return row.updated_at.isoformat()
        value = self._display(row, column)
        return value.lower() if isinstance(value, str) else (value or 0)


class EngagementListPage(QWidget):
    """Search, filters, the recent strip and the table. The main window owns the actions."""

    open_requested = Signal(str)
    selection_changed = Signal()
    new_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("engagementListPage")
        self.context = context
        self.model = EngagementTableModel(service_namer(context), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(EngagementTableModel.SortRole)

        self.heading = QLabel(objectName="heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)

        # -- recent strip
        self.recent_label = QLabel(objectName="recentLabel")
        self.recent_box = QHBoxLayout()
        self.recent_box.setSpacing(6)
        self.recent_row = QWidget(objectName="recentRow")
        recent_layout = QHBoxLayout(self.recent_row)
        recent_layout.setContentsMargins(0, 0, 0, 0)
        recent_layout.addWidget(self.recent_label)
        recent_layout.addLayout(self.recent_box, 1)
        self._recent_buttons: list[QPushButton] = []

        # -- search and filters
        self.search_edit = QLineEdit(objectName="searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.archived_check = QCheckBox(objectName="archivedCheck")
        self.clear_button = QPushButton(objectName="clearFiltersButton")
        self.customer_combo = QComboBox(objectName="customerFilter")
        self.industry_combo = QComboBox(objectName="industryFilter")
        self.service_combo = QComboBox(objectName="serviceFilter")
        self.status_combo = QComboBox(objectName="statusFilter")
        for combo in (self.customer_combo, self.industry_combo, self.service_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.status_combo.setMinimumContentsLength(6)
        self.from_date = self._date_edit("fromDate")
        self.to_date = self._date_edit("toDate")
        self.customer_label, self.industry_label, self.service_label, self.status_label = (
            QLabel(), QLabel(), QLabel(), QLabel())
        self.dates_label, self.dates_and_label = QLabel(), QLabel()
        for label, buddy in ((self.customer_label, self.customer_combo), (self.industry_label, self.industry_combo),
                             (self.service_label, self.service_combo), (self.status_label, self.status_combo),
                             (self.dates_label, self.from_date)):
            label.setBuddy(buddy)

        # Two rows, so that the list still fits a 1024-pixel-wide window.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addSpacing(8)
        search_row.addWidget(self.dates_label)
        search_row.addWidget(self.from_date)
        search_row.addWidget(self.dates_and_label)
        search_row.addWidget(self.to_date)
        filter_row = QHBoxLayout()
        for label, widget in ((self.customer_label, self.customer_combo), (self.industry_label, self.industry_combo),
                              (self.service_label, self.service_combo), (self.status_label, self.status_combo)):
            filter_row.addWidget(label)
            filter_row.addWidget(widget, 1)
            filter_row.addSpacing(8)
        filter_row.addWidget(self.archived_check)
        filter_row.addWidget(self.clear_button)

        # -- table
        self.table = QTableView(objectName="engagementTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(EngagementTableModel.COL_UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(EngagementTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((EngagementTableModel.COL_CUSTOMER, 200), (EngagementTableModel.COL_INDUSTRY, 100),
                              (EngagementTableModel.COL_SERVICES, 220), (EngagementTableModel.COL_STATUS, 100),
                              (EngagementTableModel.COL_START, 95), (EngagementTableModel.COL_PEOPLE, 90),
                              (EngagementTableModel.COL_ANSWERS, 75), (EngagementTableModel.COL_UPDATED, 130)):
            header.resizeSection(column, width)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

        self.empty_label = QLabel(objectName="emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.new_button = QPushButton(objectName="emptyNewButton")
        self.new_button.clicked.connect(self.new_requested)
        self.count_label = QLabel(objectName="countLabel")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.recent_row)
        layout.addLayout(search_row)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        empty_row = QHBoxLayout()
        empty_row.addStretch(1)
        empty_row.addWidget(self.empty_label)
        empty_row.addWidget(self.new_button)
        empty_row.addStretch(1)
        layout.addLayout(empty_row)
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)
        self.archived_check.toggled.connect(lambda _on: self.refresh())
        for combo in (self.customer_combo, self.industry_combo, self.service_combo, self.status_combo):
            combo.activated.connect(lambda _i: self.refresh())
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.clear_button.clicked.connect(self.clear_filters)

        self._filling = False
        self.retranslate_ui()
        self.refresh()

    @staticmethod
    def _date_edit(name: str) -> QDateEdit:
        edit = QDateEdit(objectName=name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(ANY_DATE)
        edit.setDate(ANY_DATE)
        return edit

    # -- texts ---------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Engagements"))
        self.recent_label.setText(self.tr("Recent:"))
        self.search_edit.setPlaceholderText(self.tr("Search engagement, customer, consultant or industry (Ctrl+F)"))
        self.archived_check.setText(self.tr("Show archived"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.customer_label.setText(self.tr("&Customer:"))
        self.industry_label.setText(self.tr("&Industry:"))
        self.service_label.setText(self.tr("Ser&vice:"))
        self.status_label.setText(self.tr("S&tatus:"))
        self.dates_label.setText(self.tr("Started &between"))
        self.dates_and_label.setText(self.tr("and"))
        for edit in (self.from_date, self.to_date):
            edit.setSpecialValueText(self.tr("any date"))
        self.new_button.setText(self.tr("New engagement..."))
        self.model.set_service_namer(service_namer(self.context))
        self._fill_filters()
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- filters -------------------------------------------------------------
    def _fill_combo(self, combo: QComboBox, everything: str, items: Sequence[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _fill_filters(self) -> None:
        customers = engagements.list_customers(self.context.repo)
        self._fill_combo(self.customer_combo, self.tr("All customers"), [(c.name, c.name) for c in customers])
        industries = sorted({c.industry for c in customers if c.industry}, key=str.lower)
        self._fill_combo(self.industry_combo, self.tr("All industries"), [(i, i) for i in industries])
        catalogue = self.context.library.catalogue
        services = [(self.context.text(s.name), s.id) for s in catalogue.services] if catalogue else []
        self._fill_combo(self.service_combo, self.tr("All services"), services)
        self._fill_combo(self.status_combo, self.tr("Any status"), [(status_label(s), s) for s in EngagementStatus])

    def current_filter(self):
        from app.storage.records import EngagementFilter

        def date_of(edit: QDateEdit) -> date | None:
            return None if edit.date() == ANY_DATE else edit.date().toPython()

        return EngagementFilter(
            text=self.search_edit.text().strip(),
            customer=self.customer_combo.currentData(),
            industry=self.industry_combo.currentData(),
            service_id=self.service_combo.currentData(),
            status=self.status_combo.currentData(),
            include_archived=self.archived_check.isChecked(),
            started_after=date_of(self.from_date),
            started_before=date_of(self.to_date),
        )

    def filters_active(self) -> bool:
        flt = self.current_filter()
        return bool(flt.text or flt.customer or flt.industry or flt.service_id or flt.status
                    or flt.started_after or flt.started_before)

    def clear_filters(self) -> None:
        self._filling = True
        try:
            self.search_edit.clear()
            for combo in (self.customer_combo, self.industry_combo, self.service_combo, self.status_combo):
                combo.setCurrentIndex(0)
            self.from_date.setDate(ANY_DATE)
            self.to_date.setDate(ANY_DATE)
        finally:
            self._filling = False
        self.refresh()

    # -- data ----------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the list (and the filter choices) from the repository, keeping the selection."""
        if self._filling:
            return
        self._search_timer.stop()
        selected = self.current_id()
        self._fill_filters()
        self.model.set_rows(engagements.list_engagements(self.context.repo, self.current_filter()))
        self._fill_recent()
        self._update_counts()
        if selected:
            self.select(selected)

    def _fill_recent(self) -> None:
        while self.recent_box.count():
            item = self.recent_box.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # deleteLater waits for the event loop; until then it would still paint
                widget.deleteLater()
        self._recent_buttons = []
        recent = engagements.recent_engagements(self.context.repo, limit=5)
        for summary in recent:
            label = summary.name if len(summary.name) <= 42 else summary.name[:40] + "…"
            button = QPushButton(literal(label), objectName="recentButton")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(f"{summary.name}\n{summary.customer_name}")
            button.setStyleSheet("QPushButton { text-decoration: underline; padding: 2px 6px; }")
            button.clicked.connect(lambda _checked=False, eid=summary.id: self.open_requested.emit(eid))
            self.recent_box.addWidget(button)
            self._recent_buttons.append(button)
        self.recent_box.addStretch(1)
        self.recent_row.setVisible(bool(recent))

    def _update_counts(self) -> None:
        shown = self.model.rowCount()
        self.count_label.setText(self.tr("%n engagement(s) shown", "", shown))
        empty = shown == 0
        self.empty_label.setVisible(empty)
        self.new_button.setVisible(empty and not self.filters_active())
        if self.filters_active():
            self.empty_label.setText(self.tr("No engagement matches the search and filters."))
        else:
            self.empty_label.setText(self.tr("No engagements yet. Create the first one, or start the "
                                             "workbench with 'omm --demo' to explore sample engagements."))

    # -- selection -----------------------------------------------------------
    def current_summary(self) -> EngagementSummary | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.proxy.data(index, EngagementTableModel.SummaryRole)

    def current_id(self) -> str | None:
        summary = self.current_summary()
        return summary.id if summary else None

    def select(self, engagement_id: str) -> bool:
        row = self.model.row_of(engagement_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def set_item_actions(self, actions: Sequence[QAction]) -> None:
        """The actions offered on a row's context menu (owned by the main window)."""
        for action in self.table.actions():
            self.table.removeAction(action)
        self.table.addActions(list(actions))

    def _open_index(self, index: QModelIndex) -> None:
        engagement_id = self.proxy.data(index, EngagementTableModel.IdRole)
        if engagement_id:
            self.open_requested.emit(engagement_id)
