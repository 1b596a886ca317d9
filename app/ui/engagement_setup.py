"""The engagement setup form: customer, services bought, people and dates.

One form serves both a new engagement (inside :class:`NewEngagementDialog`) and the
Setup tab of an open one. Everything is checked before anything is written: a
problem shows as a sentence next to its field and nothing is saved, so a half-made
customer never appears in the list. A new engagement records the content versions
its services use (``services.content_for_services``); an edited one keeps the
versions it already recorded (``services.keep_recorded_versions``).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.content.loader import ContentNotFound
from app.content.schema import Service, ServiceSize
from app.errors import UserError
from app.services.engagements import (
    CustomerDraft,
    EngagementDraft,
    content_for_services,
    get_engagement,
    list_customers,
    list_engagements,
    save_engagement,
    suggest_size,
)
from app.storage.records import CustomerRecord, EngagementRecord, EngagementStatus, ServiceChoice
from app.ui.context import AppContext
from app.ui.engagement_list import literal, status_label
from app.ui.errors import is_storage_unavailable, present_error
from app.ui.i18n import LANGUAGES

NOT_SET = QDate(2000, 1, 1)  # the date edits' "not set" value
ERROR_STYLE = "color: #b3261e;"


def size_label(size: ServiceSize | str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {
        ServiceSize.STANDARD: QCoreApplication.translate("Size", "Standard"),
        ServiceSize.MEDIUM: QCoreApplication.translate("Size", "Medium"),
        ServiceSize.LARGE: QCoreApplication.translate("Size", "Large"),
    }[ServiceSize(size)]


def _qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else NOT_SET


def _pydate(edit: QDateEdit) -> date | None:
    return None if edit.date() == NOT_SET else edit.date().toPython()


class _ServiceRow:
    """A service checkbox and, for sized services, its Medium/Large choice."""

    def __init__(self, service_id: str, service: Service | None) -> None:
        self.service_id = service_id
        self.service = service
        self.check = QCheckBox(objectName=f"service:{service_id}")
        self.size_combo: QComboBox | None = None
        self.size_touched = False
        sizes = [s for s in (service.sizes if service else ()) if s != ServiceSize.STANDARD]
        if sizes:
            self.size_combo = QComboBox(objectName=f"size:{service_id}")
            for size in sizes:
                self.size_combo.addItem(size_label(size), size.value)
            self.size_combo.setEnabled(False)
            self.check.toggled.connect(self.size_combo.setEnabled)
            self.size_combo.activated.connect(self._touched)

    def _touched(self, _index: int) -> None:
        self.size_touched = True

    @property
    def size(self) -> str:
        return str(self.size_combo.currentData()) if self.size_combo else ServiceSize.STANDARD.value

    def set_size(self, size: str) -> None:
        if self.size_combo is not None:
            index = self.size_combo.findData(size)
            if index >= 0:
                self.size_combo.setCurrentIndex(index)


class EngagementSetupForm(QWidget):
    """Create (``engagement_id=None``) or edit an engagement's setup."""

    saved = Signal(str)  # engagement id, after a successful save
    cancelled = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, engagement_id: str | None = None,
                 consultant: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("engagementSetupForm")
        self.context = context
        self.engagement: EngagementRecord | None = None
        self._customers: list[CustomerRecord] = []
        self._default_consultant = consultant
        self._loaded_state: tuple | None = None
        self._was_dirty = False
        self._errors: dict[str, QLabel] = {}

        # -- engagement
        self.name_edit = QLineEdit(objectName="nameEdit")
        self.consultant_edit = QLineEdit(objectName="consultantEdit")
        self.start_date = self._date_edit("startDate")
        self.end_date = self._date_edit("endDate")
        self.status_combo = QComboBox(objectName="statusCombo")
        self.language_combo = QComboBox(objectName="languageCombo")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.engagement_box = QGroupBox(objectName="engagementBox")
        form = QFormLayout(self.engagement_box)
        self.name_label, self.consultant_label, self.start_label, self.end_label, self.status_label_w, \
            self.language_label = (QLabel() for _ in range(6))
        form.addRow(self.name_label, self._field(self.name_edit, "name"))
        form.addRow(self.consultant_label, self._field(self.consultant_edit, "consultant"))
        form.addRow(self.start_label, self._field(self.start_date, "start_date"))
        form.addRow(self.end_label, self._field(self.end_date, "end_date"))
        form.addRow(self.status_label_w, self.status_combo)
        form.addRow(self.language_label, self.language_combo)

        # -- customer
        self.customer_combo = QComboBox(objectName="customerCombo")
        self.customer_name_edit = QLineEdit(objectName="customerNameEdit")
        self.industry_combo = QComboBox(objectName="industryCombo")
        self.industry_combo.setEditable(True)
        self.industry_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The controlled lists benchmarks group by; suggested from the words and the headcount until chosen.
        self.industry_class_combo = QComboBox(objectName="industryClassCombo")
        self.size_class_combo = QComboBox(objectName="sizeClassCombo")
        self._class_touched = {"industry": False, "size": False}
        self.industry_class_combo.activated.connect(lambda _i: self._class_touched.__setitem__("industry", True))
        self.size_class_combo.activated.connect(lambda _i: self._class_touched.__setitem__("size", True))
        self.headcount_spin = self._count_spin("headcountSpin")
        self.departments_spin = self._count_spin("departmentsSpin")
        self.size_hint = QLabel(objectName="suggestedSize")
        self.size_hint.setWordWrap(True)
        self.customer_box = QGroupBox(objectName="customerBox")
        cform = QFormLayout(self.customer_box)
        self.customer_label, self.customer_name_label, self.industry_label, self.headcount_label, \
            self.departments_label = (QLabel() for _ in range(5))
        self.industry_class_label, self.size_class_label = QLabel(), QLabel()
        cform.addRow(self.customer_label, self.customer_combo)
        cform.addRow(self.customer_name_label, self._field(self.customer_name_edit, "customer_name"))
        cform.addRow(self.industry_class_label, self.industry_class_combo)
        cform.addRow(self.industry_label, self.industry_combo)
        cform.addRow(self.headcount_label, self.headcount_spin)
        cform.addRow(self.size_class_label, self.size_class_combo)
        cform.addRow(self.departments_label, self.departments_spin)
        cform.addRow("", self.size_hint)

        # -- services
        self.services_box = QGroupBox(objectName="servicesBox")
        self.services_grid = QGridLayout()
        self.services_grid.setColumnStretch(0, 1)
        self.no_catalogue_label = QLabel(objectName="noCatalogue")
        self.no_catalogue_label.setWordWrap(True)
        svbox = QVBoxLayout(self.services_box)
        svbox.addWidget(self.no_catalogue_label)
        svbox.addLayout(self.services_grid)
        svbox.addWidget(self._error_label("services"))
        self.service_rows: dict[str, _ServiceRow] = {}

        # -- scope
        self.scope_edit = QPlainTextEdit(objectName="scopeEdit")
        self.scope_edit.setTabChangesFocus(True)
        self.scope_edit.setMinimumHeight(90)
        self.scope_box = QGroupBox(objectName="scopeBox")
        QVBoxLayout(self.scope_box).addWidget(self.scope_edit)

        # -- buttons
        self.summary_label = QLabel(objectName="formSummary")
        self.summary_label.setStyleSheet(ERROR_STYLE)
        self.summary_label.setWordWrap(True)
        self.summary_label.hide()
        self.cancel_button = QPushButton(objectName="cancelButton")
        self.save_button = QPushButton(objectName="saveButton")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self._cancel)

        left = QVBoxLayout()
        left.addWidget(self.engagement_box)
        left.addWidget(self.customer_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.services_box)
        right.addWidget(self.scope_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        inner = QWidget(objectName="setupInner")
        inner.setLayout(columns)
        scroll = QScrollArea(objectName="setupScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.customer_combo.currentIndexChanged.connect(self._customer_chosen)
        self.industry_combo.currentTextChanged.connect(self._suggest_classes)
        self.headcount_spin.valueChanged.connect(self._suggest_classes)
        self.headcount_spin.valueChanged.connect(self._update_size_hint)
        self.departments_spin.valueChanged.connect(self._update_size_hint)
        for signal in (self.name_edit.textChanged, self.consultant_edit.textChanged,
                       self.customer_name_edit.textChanged, self.industry_combo.currentTextChanged,
                       self.headcount_spin.valueChanged, self.departments_spin.valueChanged,
                       self.start_date.dateChanged, self.end_date.dateChanged,
                       self.status_combo.currentIndexChanged, self.language_combo.currentIndexChanged,
                       self.scope_edit.textChanged, self.customer_combo.currentIndexChanged,
                       self.industry_class_combo.currentIndexChanged, self.size_class_combo.currentIndexChanged):
            signal.connect(self._changed)

        self._build_services()
        self.retranslate_ui()
        self.load(engagement_id)

    # -- construction helpers --------------------------------------------------
    def _error_label(self, key: str) -> QLabel:
        label = QLabel(objectName=f"error:{key}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self._errors[key] = label
        return label

    def _field(self, widget: QWidget, key: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self._error_label(key))
        return box

    @staticmethod
    def _date_edit(name: str) -> QDateEdit:
        edit = QDateEdit(objectName=name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NOT_SET)
        return edit

    @staticmethod
    def _count_spin(name: str) -> QSpinBox:
        spin = QSpinBox(objectName=name)
        spin.setRange(0, 1_000_000)
        spin.setGroupSeparatorShown(False)
        return spin

    def _build_services(self) -> None:
        catalogue = self.context.library.catalogue
        services = list(catalogue.services) if catalogue else []
        for row_index, service in enumerate(services):
            row = _ServiceRow(service.id, service)
            self.service_rows[service.id] = row
            self.services_grid.addWidget(row.check, row_index, 0)
            if row.size_combo is not None:
                self.services_grid.addWidget(row.size_combo, row_index, 1)
            row.check.toggled.connect(self._changed)
            if row.size_combo is not None:
                row.size_combo.currentIndexChanged.connect(self._changed)
        self._order_services_tab_chain()

    def _order_services_tab_chain(self) -> None:
        """Tab goes through the services (and their sizes) before the scope and the Cancel/Save buttons.

        The check boxes are made after the buttons, so Qt's default chain put them last.
        """
        chain: list[QWidget] = []
        for row in self.service_rows.values():
            chain.append(row.check)
            if row.size_combo is not None:
                chain.append(row.size_combo)
        chain += [self.scope_edit, self.cancel_button, self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _add_unknown_service(self, service_id: str) -> _ServiceRow:
        """A service the engagement recorded that the installed catalogue no longer lists."""
        row = _ServiceRow(service_id, None)
        self.service_rows[service_id] = row
        self.services_grid.addWidget(row.check, self.services_grid.rowCount(), 0)
        row.check.setText(literal(service_id))
        row.check.toggled.connect(self._changed)
        self._order_services_tab_chain()
        return row

    # -- texts ---------------------------------------------------------------
    def retranslate_ui(self) -> None:
        new = self.engagement is None
        self.engagement_box.setTitle(self.tr("Engagement"))
        self.customer_box.setTitle(self.tr("Customer"))
        self.services_box.setTitle(self.tr("Services bought"))
        self.scope_box.setTitle(self.tr("Scope notes"))
        self.name_label.setText(self.tr("&Name:"))
        self.consultant_label.setText(self.tr("C&onsultant:"))
        self.start_label.setText(self.tr("&Start date:"))
        self.end_label.setText(self.tr("&End date:"))
        self.status_label_w.setText(self.tr("S&tatus:"))
        self.language_label.setText(self.tr("&Language:"))
        self.language_combo.setToolTip(self.tr("The language of the interviews and reports of this engagement"))
        self.customer_label.setText(self.tr("C&ustomer:"))
        self.customer_name_label.setText(self.tr("Customer na&me:"))
        self.industry_label.setText(self.tr("In their &words:"))
        self.industry_combo.setToolTip(self.tr("The customer's own name for its industry, kept beside the list entry"))
        self.industry_class_label.setText(self.tr("&Industry:"))
        self.industry_class_combo.setToolTip(self.tr("Benchmarks compare customers of the same industry and size"))
        self.size_class_label.setText(self.tr("Si&ze band:"))
        self._fill_classes()
        self.headcount_label.setText(self.tr("IT &headcount:"))
        self.departments_label.setText(self.tr("&Business departments:"))
        for label in (self.name_label, self.consultant_label, self.start_label, self.end_label,
                      self.status_label_w, self.language_label, self.customer_label, self.customer_name_label,
                      self.industry_label, self.headcount_label, self.departments_label, self.industry_class_label,
                      self.size_class_label):
            label.setBuddy(self._buddy_of(label))
        self.name_edit.setPlaceholderText(self.tr("e.g. Harbour Bank - O&M maturity assessment 2026"))
        self.industry_combo.lineEdit().setPlaceholderText(self.tr("e.g. Banking"))
        for spin in (self.headcount_spin, self.departments_spin):
            spin.setSpecialValueText(self.tr("not known"))
        for edit in (self.start_date, self.end_date):
            edit.setSpecialValueText(self.tr("not set"))
        self.scope_edit.setPlaceholderText(self.tr("What is in and out of scope, sites, systems, constraints..."))
        self.no_catalogue_label.setText(self.tr(
            "No service catalogue is installed, so no service can be chosen. See Help > Content problems."))
        self.no_catalogue_label.setVisible(self.context.library.catalogue is None)
        self.save_button.setText(self.tr("Create engagement") if new else self.tr("Save changes"))
        self.cancel_button.setText(self.tr("Cancel") if new else self.tr("Revert"))
        current_status = self.status_combo.currentData()
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        for status in EngagementStatus:
            self.status_combo.addItem(status_label(status), status.value)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(current_status)))
        self.status_combo.blockSignals(False)
        if self.customer_combo.count():
            self.customer_combo.setItemText(0, self.tr("New customer..."))
        for row in self.service_rows.values():
            if row.service is None:
                row.check.setToolTip(self.tr("Not in the installed service catalogue"))
                continue
            row.check.setText(literal(self.context.text(row.service.name)))  # "O&M ..." is not a shortcut
            lines = [self.context.text(row.service.description)]
            lines += [f"- {self.context.text(d)}" for d in row.service.deliverables]
            lines += [f"{size_label(size)}: {self.context.text(text)}"
                      for size, text in row.service.size_differences.items()]
            row.check.setToolTip("\n".join(lines))
            if row.size_combo is not None:
                for i in range(row.size_combo.count()):
                    row.size_combo.setItemText(i, size_label(row.size_combo.itemData(i)))
                row.size_combo.setToolTip(self.tr("Size of this service for the customer"))
        self._update_size_hint()

    def _buddy_of(self, label: QLabel) -> QWidget:
        return {
            id(self.name_label): self.name_edit, id(self.consultant_label): self.consultant_edit,
            id(self.start_label): self.start_date, id(self.end_label): self.end_date,
            id(self.status_label_w): self.status_combo, id(self.language_label): self.language_combo,
            id(self.customer_label): self.customer_combo, id(self.customer_name_label): self.customer_name_edit,
            id(self.industry_label): self.industry_combo, id(self.headcount_label): self.headcount_spin,
            id(self.departments_label): self.departments_spin,
            id(self.industry_class_label): self.industry_class_combo, id(self.size_class_label): self.size_class_combo,
        }[id(label)]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- loading -------------------------------------------------------------
    def load(self, engagement_id: str | None) -> None:
        """Fill the form from the repository (or with defaults for a new engagement)."""
        self.engagement = get_engagement(self.context.repo, engagement_id) if engagement_id else None
        self._customers = list_customers(self.context.repo)
        self._loading = True
        try:
            self.customer_combo.blockSignals(True)
            self.customer_combo.clear()
            self.customer_combo.addItem(self.tr("New customer..."), None)
            for customer in self._customers:
                self.customer_combo.addItem(customer.name, customer.id)
            self.customer_combo.blockSignals(False)
            self.industry_combo.clear()
            self.industry_combo.addItems(sorted({c.industry for c in self._customers if c.industry}, key=str.lower))
            for row in self.service_rows.values():
                row.check.setChecked(False)
                row.size_touched = False
            e = self.engagement
            if e is None:
                today = date.today()
                self.name_edit.clear()
                self.consultant_edit.setText(self.context.consultant or self._default_consultant)
                self.start_date.setDate(_qdate(today))
                self.end_date.setDate(_qdate(today + timedelta(weeks=6)))
                self.status_combo.setCurrentIndex(self.status_combo.findData(EngagementStatus.PLANNED.value))
                self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.context.language)))
                self.scope_edit.clear()
                self.customer_combo.setCurrentIndex(0)
                self._customer_chosen(0)
            else:
                self.name_edit.setText(e.name)
                self.consultant_edit.setText(e.consultant)
                self.start_date.setDate(_qdate(e.start_date))
                self.end_date.setDate(_qdate(e.end_date))
                self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(e.status.value)))
                self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(e.language)))
                self.scope_edit.setPlainText(e.scope_notes)
                self.customer_combo.setCurrentIndex(max(0, self.customer_combo.findData(e.customer.id)))
                self._customer_chosen(self.customer_combo.currentIndex())
                for choice in e.services:
                    row = self.service_rows.get(choice.service_id) or self._add_unknown_service(choice.service_id)
                    row.check.setChecked(True)
                    row.set_size(choice.size)
                    row.size_touched = True
        finally:
            self._loading = False
        self.retranslate_ui()
        self.show_errors({})
        self._loaded_state = self.state()
        self._changed()

    def _fill_classes(self) -> None:
        """The controlled lists in the interface language, keeping what is chosen."""
        from app.content.classification import classification

        lang = self.context.language
        for combo, entries in ((self.industry_class_combo, classification().industries),
                               (self.size_class_combo, classification().sizes)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("Unmapped"), "")
            for entry in entries:
                combo.addItem(entry.name.get(lang), entry.id)
            combo.setCurrentIndex(max(0, combo.findData(current if current is not None else "")))
            combo.blockSignals(False)

    def _set_class(self, which: str, code: str) -> None:
        combo = self.industry_class_combo if which == "industry" else self.size_class_combo
        combo.setCurrentIndex(max(0, combo.findData(code)))

    def _suggest_classes(self, *_args: object) -> None:
        """Until the consultant picks an entry, the words and the headcount suggest one (mapped once)."""
        from app.content.classification import industry_for_text, size_for_headcount

        if getattr(self, "_loading_customer", False):
            return
        if not self._class_touched["industry"]:
            self._set_class("industry", industry_for_text(self.industry_combo.currentText()))
        if not self._class_touched["size"]:
            self._set_class("size", size_for_headcount(self.headcount_spin.value() or None))

    def _customer_chosen(self, index: int) -> None:
        customer_id = self.customer_combo.itemData(index) if index >= 0 else None
        customer = next((c for c in self._customers if c.id == customer_id), None)
        self.customer_name_edit.setText(customer.name if customer else "")
        self._loading_customer = True
        try:
            self.industry_combo.setCurrentText(customer.industry if customer else "")
            self.headcount_spin.setValue(customer.it_headcount or 0 if customer else 0)
        finally:
            self._loading_customer = False
        # An existing customer keeps the entries it has; a new one is suggested from what is typed.
        self._class_touched = {"industry": customer is not None, "size": customer is not None}
        if customer is not None:
            self._set_class("industry", customer.industry_code)
            self._set_class("size", customer.size_code)
        else:
            self._suggest_classes()
        self.departments_spin.setValue(customer.business_departments or 0 if customer else 0)
        if customer is None and not getattr(self, "_loading", False):
            self.customer_name_edit.setFocus()

    def _update_size_hint(self) -> None:
        catalogue = self.context.library.catalogue
        headcount = self.headcount_spin.value() or None
        departments = self.departments_spin.value() or None
        size = suggest_size(catalogue, headcount, departments)
        if size is None:
            self.size_hint.setText(self.tr("Enter the IT headcount to see the size the catalogue suggests."))
            return
        rule = next((r for r in catalogue.sizing if r.size == size), None) if catalogue else None
        self.size_hint.setText(self.tr("Suggested size: %1").replace("%1", size_label(size)))
        self.size_hint.setToolTip(self.context.text(rule.description) if rule is not None else "")
        for row in self.service_rows.values():
            if row.size_combo is not None and not row.size_touched:
                row.set_size(size.value)

    # -- state and validation ----------------------------------------------------
    def chosen_services(self) -> list[ServiceChoice]:
        return [ServiceChoice(sid, row.size) for sid, row in self.service_rows.items() if row.check.isChecked()]

    def state(self) -> tuple:
        return (self.name_edit.text().strip(), self.consultant_edit.text().strip(), _pydate(self.start_date),
                _pydate(self.end_date), self.status_combo.currentData(), self.language_combo.currentData(),
                self.scope_edit.toPlainText(), self.customer_combo.currentData(),
                self.customer_name_edit.text().strip(), self.industry_combo.currentText().strip(),
                self.industry_class_combo.currentData(), self.size_class_combo.currentData(),
                self.headcount_spin.value(), self.departments_spin.value(), tuple(self.chosen_services()))

    def is_dirty(self) -> bool:
        return self._loaded_state is not None and self.state() != self._loaded_state

    def _changed(self, *_args: object) -> None:
        if getattr(self, "_loading", False):
            return
        self._recheck_errors()
        dirty = self.is_dirty()
        if self.engagement is not None:
            self.save_button.setEnabled(dirty)
            self.cancel_button.setEnabled(dirty)
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)

    def validate(self) -> dict[str, str]:
        """Every problem with what the form holds, by field; empty when it can be saved."""
        errors: dict[str, str] = {}
        own_id = self.engagement.id if self.engagement else None
        name = " ".join(self.name_edit.text().split())
        if not name:
            errors["name"] = self.tr("Enter a name for the engagement.")
        else:
            from app.storage.records import EngagementFilter

            clash = next((e for e in list_engagements(self.context.repo, EngagementFilter(include_archived=True))
                          if e.name.lower() == name.lower() and e.id != own_id), None)
            if clash is not None:
                errors["name"] = self.tr("Another engagement is already called \u201c%1\u201d.").replace(
                    "%1", clash.name)
        if not self.consultant_edit.text().strip():
            errors["consultant"] = self.tr("Enter the consultant who leads the engagement.")
        customer_name = " ".join(self.customer_name_edit.text().split())
        customer_id = self.customer_combo.currentData()
        if not customer_name:
            errors["customer_name"] = self.tr("Enter the customer's name.")
        else:
            clash_c = next((c for c in list_customers(self.context.repo)
                            if c.name.lower() == customer_name.lower() and c.id != customer_id), None)
            if clash_c is not None:
                errors["customer_name"] = self.tr(
                    "A customer called \u201c%1\u201d already exists: choose it in the list above.").replace(
                    "%1", clash_c.name)
        start, end = _pydate(self.start_date), _pydate(self.end_date)
        if start and end and end < start:
            errors["end_date"] = self.tr("The end date is before the start date.")
        services = self.chosen_services()
        if not services:
            errors["services"] = self.tr("Choose at least one service.")
        elif self._services_changed(services):
            try:
                content_for_services(self.context.library, services)
            except (UserError, ContentNotFound) as exc:
                errors["services"] = self.tr("The content these services need is not installed: %1").replace(
                    "%1", str(exc))
        return errors

    def _services_changed(self, services: list[ServiceChoice]) -> bool:
        return self.engagement is None or \
            sorted(s.service_id for s in services) != sorted(s.service_id for s in self.engagement.services)

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self._errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        if errors:
            self.summary_label.setText(self.tr("Nothing was saved: %n field(s) need attention.", "", len(errors)))
        self.summary_label.setVisible(bool(errors))

    def _recheck_errors(self) -> None:
        """Messages shown after a failed save go as soon as their field is fixed (none are added while typing)."""
        shown = {key for key, label in self._errors.items() if not label.isHidden()}
        if shown:
            errors = self.validate()
            self.show_errors({key: text for key, text in errors.items() if key in shown})

    def error_text(self, key: str) -> str:
        label = self._errors[key]
        return label.text() if not label.isHidden() else ""

    # -- saving ----------------------------------------------------------------
    def save(self) -> EngagementRecord | None:
        """Validate, then write; returns the saved engagement, or None with the problems shown."""
        errors = self.validate()
        self.show_errors(errors)
        if errors:
            first = next(iter(errors))
            focus = {"name": self.name_edit, "consultant": self.consultant_edit,
                     "customer_name": self.customer_name_edit, "end_date": self.end_date}.get(first)
            if focus is not None:
                focus.setFocus()
            return None
        try:
            record = self._write()
        except UserError as exc:
            if is_storage_unavailable(exc):
                present_error(exc, self, retry=self.save)
            else:
                self.summary_label.setText(str(exc))
                self.summary_label.show()
            return None
        self.engagement = record
        self.load(record.id)
        self.saved.emit(record.id)
        return record

    def _write(self) -> EngagementRecord:
        """One unit of work: the customer and the engagement are saved together, or nothing is."""
        return save_engagement(self.context.repo, self.context.library, self.draft(), self.engagement)

    def draft(self) -> EngagementDraft:
        """What the form holds, as one value: a retry saves exactly this."""
        customer = CustomerDraft(name=self.customer_name_edit.text(),
                                 industry=self.industry_combo.currentText().strip(),
                                 it_headcount=self.headcount_spin.value() or None,
                                 business_departments=self.departments_spin.value() or None,
                                 id=self.customer_combo.currentData(),
                                 industry_code=self.industry_class_combo.currentData() or "",
                                 size_code=self.size_class_combo.currentData() or "")
        return EngagementDraft(name=self.name_edit.text(), customer=customer,
                               services=tuple(self.chosen_services()),
                               consultant=self.consultant_edit.text().strip(), start_date=_pydate(self.start_date),
                               end_date=_pydate(self.end_date),
                               status=EngagementStatus(self.status_combo.currentData()),
                               scope_notes=self.scope_edit.toPlainText(),
                               language=str(self.language_combo.currentData()))

    def _cancel(self) -> None:
        if self.engagement is None:
            self.cancelled.emit()
        else:
            self.load(self.engagement.id)


class NewEngagementDialog(QDialog):
    """The setup form for a new engagement; ``engagement_id`` is set once it is created."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, consultant: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("newEngagementDialog")
        self.engagement_id: str | None = None
        self.form = EngagementSetupForm(context, self, consultant=consultant)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.resize(1100, 680)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("New engagement"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _saved(self, engagement_id: str) -> None:
        self.engagement_id = engagement_id
        self.accept()

    def keyPressEvent(self, event) -> None:
        # Enter in a line edit must not close the dialog without validation: route it to Save.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(),
                                                                                  QPlainTextEdit):
            self.form.save()
            return
        super().keyPressEvent(event)
