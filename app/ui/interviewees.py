"""The interviewee register of one engagement: who is interviewed, in which role, when.

An interviewee's *track* is the questionnaire of the engagement written for their
role; the interview screen walks that track. Roles come from the service
catalogue, so the register and the questionnaires speak of the same roles.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.content.schema import Questionnaire
from app.errors import UserError
from app.services import engagement_questionnaires, interviews, tracks_for_role
from app.services.engagements import get_engagement
from app.services.progress import IntervieweeProgress, interview_plan, interviewee_progress
from app.storage.records import IntervieweeRecord
from app.ui.context import AppContext
from app.ui.errors import is_storage_unavailable, present_error

NOT_PLANNED = QDateTime(2000, 1, 1, 0, 0, 0)


class PlannedEdit(QDateTimeEdit):
    """"Planned for": empty until a date is given, its calendar opening at today, a full date typeable.

    The empty value is the minimum date shown as "not planned yet"; a calendar would open
    at that date (January 2000) and typing over it goes section by section into year 2000,
    so the first digit typed over it starts from today instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plannedEdit")
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setMinimumDateTime(NOT_PLANNED)
        self.calendarWidget().installEventFilter(self)

    def is_empty(self) -> bool:
        return self.dateTime() == NOT_PLANNED

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.is_empty():
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())  # shown, not chosen
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.is_empty() and event.text().isdigit():
            self.setDateTime(QDateTime(QDate.currentDate(), QTime(9, 0)))
            self.selectAll()
        super().keyPressEvent(event)


def progress_text(progress: IntervieweeProgress) -> str:
    """"12/40 (30 %)": the same words in the table, the combo and the plan."""
    if progress.total == 0:
        return "–"
    return f"{progress.answered}/{progress.total} ({round(100 * progress.answered / progress.total)} %)"


def _local(moment: datetime) -> datetime:
    """Sessions are stored in UTC without a zone; people read local time."""
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
ERROR_STYLE = "color: #b3261e;"


class IntervieweeTableModel(QAbstractTableModel):
    COL_NAME, COL_ROLE, COL_DEPARTMENT, COL_CONTACT, COL_TRACK, COL_PLANNED, COL_PROGRESS, COL_LAST, COL_KIND = range(9)
    COLUMN_COUNT = 9
    RecordRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    ProgressRole = Qt.ItemDataRole.UserRole + 3  # the IntervieweeProgress (answered, total, last session)

    def __init__(self, role_name: Callable[[str], str] = str, track_name: Callable[[str | None], str] = str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[IntervieweeRecord] = []
        self._progress: dict[str, IntervieweeProgress] = {}
        self._role_name = role_name
        self._track_name = track_name

    def set_rows(self, rows: Sequence[IntervieweeRecord],
                 progress: dict[str, IntervieweeProgress] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._progress = dict(progress or {})
        self.endResetModel()

    def rows(self) -> list[IntervieweeRecord]:
        return list(self._rows)

    def set_namers(self, role_name: Callable[[str], str], track_name: Callable[[str | None], str]) -> None:
        self._role_name, self._track_name = role_name, track_name
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))

    def record(self, row: int) -> IntervieweeRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.COL_NAME: self.tr("Name"), self.COL_ROLE: self.tr("Role"),
            self.COL_DEPARTMENT: self.tr("Department"), self.COL_CONTACT: self.tr("Contact"),
            self.COL_TRACK: self.tr("Questionnaire"), self.COL_PLANNED: self.tr("Planned"),
            self.COL_PROGRESS: self.tr("Answered"), self.COL_LAST: self.tr("Last session"),
            self.COL_KIND: self.tr("Answered in"),
        }.get(section)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        person, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_NAME:
                return person.name
            if column == self.COL_ROLE:
                return self._role_name(person.role)
            if column == self.COL_DEPARTMENT:
                return person.department
            if column == self.COL_CONTACT:
                return person.contact
            if column == self.COL_TRACK:
                return self._track_name(person.questionnaire_id)
            if column == self.COL_PLANNED:
                return person.planned_at.strftime("%Y-%m-%d %H:%M") if person.planned_at else ""
            if column == self.COL_KIND:
                return self.tr("survey form") if person.kind == "survey" else self.tr("interview")
            progress = self._progress.get(person.id)
            if column == self.COL_PROGRESS:
                return progress_text(progress) if progress is not None else ""
            if column == self.COL_LAST:
                if person.kind == "survey":  # answered on a form, never in a session
                    return ""
                if progress is None or progress.last_session is None:
                    return self.tr("not yet") if progress is not None else ""
                return _local(progress.last_session).strftime("%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ProgressRole:
            return self._progress.get(person.id)
        if role == self.RecordRole:
            return person
        if role == self.IdRole:
            return person.id
        return None


class IntervieweeDialog(QDialog):
    """Add or edit one interviewee; checks everything before the repository is asked."""

    def __init__(self, context: AppContext, engagement_id: str, questionnaires: Sequence[Questionnaire],
                 existing: Sequence[IntervieweeRecord], person: IntervieweeRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intervieweeDialog")
        self.context = context
        self.engagement_id = engagement_id
        self.questionnaires = list(questionnaires)
        self.existing = [p for p in existing if person is None or p.id != person.id]
        self.person = person
        self.saved: IntervieweeRecord | None = None

        self.name_edit = QLineEdit(objectName="nameEdit")
        self.role_combo = QComboBox(objectName="roleCombo")
        self.department_edit = QLineEdit(objectName="departmentEdit")
        self.contact_edit = QLineEdit(objectName="contactEdit")
        self.track_combo = QComboBox(objectName="trackCombo")
        self.planned_edit = PlannedEdit()
        self.name_error = self._error("error:name")
        self.role_error = self._error("error:role")
        self.labels = [QLabel() for _ in range(6)]
        form = QFormLayout()
        for label, widget in zip(self.labels, (self._with(self.name_edit, self.name_error),
                                               self._with(self.role_combo, self.role_error), self.department_edit,
                                               self.contact_edit, self.track_combo, self.planned_edit),
                                 strict=True):
            form.addRow(label, widget)
        for label, buddy in zip(self.labels, (self.name_edit, self.role_combo, self.department_edit,
                                              self.contact_edit, self.track_combo, self.planned_edit), strict=True):
            label.setBuddy(buddy)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self._fill_roles()
        self.role_combo.currentIndexChanged.connect(self._fill_tracks)
        # a message goes as soon as what it complained about is fixed, not at the next OK
        self.name_edit.textChanged.connect(self._recheck)
        self.role_combo.currentIndexChanged.connect(self._recheck)
        if person is not None:
            self.name_edit.setText(person.name)
            index = self.role_combo.findData(person.role)
            if index < 0:  # a role the catalogue no longer lists: keep it rather than lose it
                self.role_combo.addItem(person.role, person.role)
                index = self.role_combo.count() - 1
            self.role_combo.setCurrentIndex(index)
            self.department_edit.setText(person.department)
            self.contact_edit.setText(person.contact)
            self._fill_tracks()
            self.track_combo.setCurrentIndex(max(0, self.track_combo.findData(person.questionnaire_id)))
            self.planned_edit.setDateTime(QDateTime(person.planned_at) if person.planned_at else NOT_PLANNED)
        else:
            self.role_combo.setCurrentIndex(-1 if self.role_combo.count() != 1 else 0)
            self._fill_tracks()
            self.planned_edit.setDateTime(NOT_PLANNED)
        self.retranslate_ui()

    @staticmethod
    def _error(name: str) -> QLabel:
        label = QLabel(objectName=name)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    @staticmethod
    def _with(widget: QWidget, error: QLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(error)
        return box

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Add interviewee") if self.person is None else self.tr("Edit interviewee"))
        for label, text in zip(self.labels, (self.tr("&Name:"), self.tr("&Role:"), self.tr("&Department:"),
                                             self.tr("&Contact:"), self.tr("&Questionnaire:"),
                                             self.tr("&Planned for:")), strict=True):
            label.setText(text)
        self.contact_edit.setPlaceholderText(self.tr("e-mail or phone"))
        self.planned_edit.setSpecialValueText(self.tr("not planned yet"))
        self.role_combo.setPlaceholderText(self.tr("Choose a role"))
        for i in range(self.role_combo.count()):
            self.role_combo.setItemText(i, role_namer(self.context)(self.role_combo.itemData(i)))
        if self.track_combo.count():
            self.track_combo.setItemText(0, self.tr("(no questionnaire)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _fill_roles(self) -> None:
        namer = role_namer(self.context)
        for role in engagement_roles(self.context, self.questionnaires):
            self.role_combo.addItem(namer(role), role)

    def _fill_tracks(self) -> None:
        role = self.role_combo.currentData()
        self.track_combo.clear()
        self.track_combo.addItem(self.tr("(no questionnaire)"), None)
        for questionnaire in tracks_for_role(self.questionnaires, role) if role else []:
            self.track_combo.addItem(self.context.text(questionnaire.name), questionnaire.id)
        self.track_combo.setCurrentIndex(1 if self.track_combo.count() > 1 else 0)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        name = " ".join(self.name_edit.text().split())
        if not name:
            errors["name"] = self.tr("Enter the interviewee's name.")
        elif any(p.name.lower() == name.lower() for p in self.existing):
            errors["name"] = self.tr("\u201c%1\u201d is already in this engagement's register.").replace("%1", name)
        if self.role_combo.currentData() is None:
            errors["role"] = self.tr("Choose the interviewee's role.")
        return errors

    def _recheck(self, *_args) -> None:
        shown = {key for key, label in (("name", self.name_error), ("role", self.role_error)) if label.isVisible()}
        if shown:
            errors = self.validate()
            self.show_errors({key: text for key, text in errors.items() if key in shown})

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in (("name", self.name_error), ("role", self.role_error)):
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    def save(self) -> None:
        errors = self.validate()
        self.show_errors(errors)
        if errors:
            (self.name_edit if "name" in errors else self.role_combo).setFocus()
            return
        planned = None if self.planned_edit.dateTime() == NOT_PLANNED else self.planned_edit.dateTime().toPython()
        fields = dict(department=self.department_edit.text(), contact=self.contact_edit.text(),
                      questionnaire_id=self.track_combo.currentData(), planned_at=planned)
        repo = self.context.repo
        try:
            if self.person is None:
                self.saved = interviews.add_interviewee(repo, self.engagement_id, self.name_edit.text(),
                                                  str(self.role_combo.currentData()), **fields)
            else:
                self.saved = interviews.update_interviewee(repo, self.person.id, name=self.name_edit.text(),
                                                     role=str(self.role_combo.currentData()),
                                                     department=fields["department"].strip(),
                                                     contact=fields["contact"].strip(),
                                                     questionnaire_id=fields["questionnaire_id"],
                                                     planned_at=planned)
        except UserError as exc:
            if is_storage_unavailable(exc):
                present_error(exc, self, retry=self.save)
            else:
                self.show_errors({"name": str(exc)})
            return
        self.accept()


def role_namer(context: AppContext) -> Callable[[str], str]:
    catalogue = context.library.catalogue
    roles = {r.id: r for r in catalogue.roles} if catalogue else {}

    def name(role_id: str) -> str:
        role = roles.get(role_id)
        return context.text(role.name) if role else (role_id or "")

    return name


def engagement_roles(context: AppContext, questionnaires: Sequence[Questionnaire]) -> list[str]:
    """The catalogue's roles (in its order); without a catalogue, the roles the questionnaires name."""
    catalogue = context.library.catalogue
    if catalogue is not None:
        return [r.id for r in catalogue.roles]
    seen: dict[str, None] = {}
    for q in questionnaires:
        for role in q.roles:
            seen.setdefault(role)
    return list(seen)


class IntervieweeRegister(QWidget):
    """The Interviewees tab: the table and add, edit and remove."""

    changed = Signal()
    guide_written = Signal(str)  # the path of an interview guide just written
    survey_written = Signal(str)  # the path of a survey form just written
    surveys_imported = Signal(str)  # the engagement whose survey answers just came in
    offer_open = True  # after writing a guide, offer to open it (tests turn this off)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intervieweeRegister")
        self.context = context
        self.engagement_id: str | None = None
        self.questionnaires: list[Questionnaire] = []
        self.model = IntervieweeTableModel(parent=self)
        self.table = QTableView(objectName="intervieweeTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(IntervieweeTableModel.COL_DEPARTMENT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((IntervieweeTableModel.COL_NAME, 220), (IntervieweeTableModel.COL_ROLE, 170),
                              (IntervieweeTableModel.COL_CONTACT, 170), (IntervieweeTableModel.COL_TRACK, 210),
                              (IntervieweeTableModel.COL_PLANNED, 125), (IntervieweeTableModel.COL_PROGRESS, 110),
                              (IntervieweeTableModel.COL_LAST, 125)):
            header.resizeSection(column, width)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.add_button = QPushButton(objectName="addIntervieweeButton")
        self.edit_button = QPushButton(objectName="editIntervieweeButton")
        self.remove_button = QPushButton(objectName="removeIntervieweeButton")
        self.guide_button = QPushButton(objectName="guideButton")
        self.guide_button.clicked.connect(self.print_guide)
        self.guide_task = None
        from app.ui.surveys import SurveyFlow

        self.surveys = SurveyFlow(context, self)
        self.survey_export_button = QPushButton(objectName="surveyExportButton")
        self.survey_import_button = QPushButton(objectName="surveyImportButton")
        self.survey_export_button.clicked.connect(self.export_survey)
        self.survey_import_button.clicked.connect(self.import_surveys)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.summary = QLabel(objectName="registerSummary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.guide_button)
        buttons.addWidget(self.survey_export_button)
        buttons.addWidget(self.survey_import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        # The interview plan: who is seen on which day, and which roles nobody covers yet.
        self.plan_title = QLabel(objectName="planTitle")
        self.plan_title.setStyleSheet("font-weight: 600;")
        self.plan_label = QLabel(objectName="planLabel")
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextFormat(Qt.TextFormat.RichText)
        self.plan_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.missing_label = QLabel(objectName="missingRolesLabel")
        self.missing_label.setWordWrap(True)
        plan_scroll = QScrollArea(objectName="planScroll")
        plan_scroll.setWidgetResizable(True)
        plan_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        plan_scroll.setWidget(self.plan_label)
        plan_box = QWidget()
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.plan_title)
        plan_layout.addWidget(self.missing_label)
        plan_layout.addWidget(plan_scroll, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, objectName="registerSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(plan_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self._progress: dict[str, IntervieweeProgress] = {}
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.plan_title.setText(self.tr("Interview plan"))
        self.add_button.setText(self.tr("&Add interviewee..."))
        self.edit_button.setText(self.tr("&Edit..."))
        self.remove_button.setText(self.tr("&Remove..."))
        self.guide_button.setText(self.tr("Print interview &guide..."))
        self.guide_button.setToolTip(self.tr("A Word document with the questions of the selected interviewee's "
                                             "role, their guidance, follow-ups and answer scale, and room for "
                                             "notes: for interviews without a laptop"))
        self.survey_export_button.setText(self.tr("Survey &form..."))
        self.survey_export_button.setToolTip(self.tr("An Excel form of one role's questions for the customer's "
                                                     "staff to fill in, with drop-downs of the allowed answers"))
        self.survey_import_button.setText(self.tr("&Import surveys..."))
        self.survey_import_button.setToolTip(self.tr("Read filled survey forms back: every file is checked "
                                                     "first, then all are imported or none (you can also drop the "
                                                     "files on the window)"))
        self.model.set_namers(role_namer(self.context), self._track_name)
        self._update_summary()
        self._update_plan()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # answers given in the interview tab since: the progress and the plan follow them
        super().showEvent(event)
        self.refresh()

    def _track_name(self, questionnaire_id: str | None) -> str:
        if not questionnaire_id:
            return ""
        q = next((q for q in self.questionnaires if q.id == questionnaire_id), None)
        return self.context.text(q.name) if q else questionnaire_id

    def load(self, engagement_id: str) -> None:
        self.engagement_id = engagement_id
        engagement = get_engagement(self.context.repo, engagement_id)
        try:
            self.questionnaires = engagement_questionnaires(self.context.library, engagement)
        except UserError:  # content not installed: the register still works, tracks show as ids
            self.questionnaires = []
        self.refresh()

    def refresh(self) -> None:
        if self.engagement_id is None:
            return
        selected = self.current()
        repo = self.context.repo
        people = interviews.list_interviewees(repo, self.engagement_id)
        self._progress = interviewee_progress(people, self.questionnaires,
                                              interviews.list_answers(repo, self.engagement_id),
                                              interviews.list_sessions(repo, self.engagement_id))
        self.model.set_rows(people, self._progress)
        if selected is not None:
            self.select(selected.id)
        self._update_summary()
        self._update_plan()
        self._update_buttons()

    def _update_plan(self) -> None:
        """The plan from the "Planned for" dates, each person with their progress; roles still missing."""
        people = [p for p in self.model.rows() if p.kind != "survey"]  # survey respondents are not interviewed
        catalogue = self.context.library.catalogue
        order = [r.id for r in catalogue.roles] if catalogue else []
        plan = interview_plan(people, self.questionnaires, order)
        namer = role_namer(self.context)
        lines = []
        for day in plan.days:
            heading = day.day.isoformat() if day.day else self.tr("Not planned yet")
            lines.append(f"<b>{html.escape(heading)}</b>")
            for person in day.people:
                time = person.planned_at.strftime("%H:%M") if person.planned_at else ""
                progress = self._progress.get(person.id)
                state = progress_text(progress) if progress is not None else ""
                if progress is not None and progress.done:
                    state += " ✓"
                lines.append("&nbsp;&nbsp;" + html.escape(
                    " ".join(x for x in (time, person.name, f"({namer(person.role)})", "–", state) if x)))
        self.plan_label.setText("<br>".join(lines) if lines else self.tr("Nobody is registered yet."))
        if plan.missing_roles:
            self.missing_label.setText(self.tr("Roles the questionnaires ask that nobody covers yet: %1").replace(
                "%1", ", ".join(namer(r) for r in plan.missing_roles)))
            self.missing_label.setStyleSheet(ERROR_STYLE)
        else:
            self.missing_label.setText(self.tr("Every role the questionnaires ask is covered."))
            self.missing_label.setStyleSheet("")

    def _update_summary(self) -> None:
        self.summary.setText(self.tr("%n interviewee(s)", "", self.model.rowCount()))

    def _update_buttons(self) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.guide_button.setEnabled(has)
        self.add_button.setEnabled(self.engagement_id is not None)
        self.survey_export_button.setEnabled(self.engagement_id is not None and bool(self.questionnaires))
        self.survey_import_button.setEnabled(self.engagement_id is not None and bool(self.questionnaires))

    def current(self) -> IntervieweeRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select(self, interviewee_id: str) -> None:
        for row, person in enumerate(self.model.rows()):
            if person.id == interviewee_id:
                self.table.selectRow(row)
                return

    def make_dialog(self, person: IntervieweeRecord | None = None) -> IntervieweeDialog:
        assert self.engagement_id is not None
        return IntervieweeDialog(self.context, self.engagement_id, self.questionnaires, self.model.rows(),
                                 person, self)

    def exec_dialog(self, dialog: IntervieweeDialog) -> int:
        """Run a dialog modally; tests replace this to drive the dialog without blocking."""
        return dialog.exec()

    def add(self) -> None:
        if self.engagement_id is None:
            return
        dialog = self.make_dialog()
        if self.exec_dialog(dialog) and dialog.saved is not None:
            self.refresh()
            self.select(dialog.saved.id)
            self.changed.emit()
        dialog.deleteLater()

    def edit_selected(self) -> None:
        person = self.current()
        if person is None:
            return
        dialog = self.make_dialog(person)
        if self.exec_dialog(dialog) and dialog.saved is not None:
            self.refresh()
            self.changed.emit()
        dialog.deleteLater()

    def ask_guide_path(self, suggested: str) -> str:
        """Where to save the guide; tests replace this."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save interview guide"), suggested,
                                              self.tr("Word document (*.docx)"))
        return path

    def print_guide(self) -> None:
        """The printable guide for the selected person's role, written in the background, then offered to open."""
        from pathlib import Path

        from app.ui.export_dialog import export_folder, offer_to_open
        from app.ui.settings import Settings
        from app.ui.tasks import run_task

        person = self.current()
        if person is None or self.engagement_id is None:
            return
        engagement = get_engagement(self.context.repo, self.engagement_id)
        settings = Settings()
        role = role_namer(self.context)(person.role)
        safe = "".join(ch if ch.isalnum() or ch in " -_.()" else "_" for ch in f"{engagement.name} - {role}")
        suggested = str(export_folder(settings.export_folder) / f"{safe.strip()} - guide.docx")
        path = self.ask_guide_path(suggested)
        if not path:
            return
        out = Path(path).expanduser().absolute().with_suffix(".docx")
        settings.export_folder = str(out.parent)
        from app.services.reports import ReportOptions

        try:  # the consultancy's name and logo for the cover, checked before anything is drawn
            export = ReportOptions(branding=settings.report_branding())
        except UserError as exc:
            present_error(exc, self)
            return
        library, repo, engagement_id = self.context.library, self.context.repo, self.engagement_id
        lang = engagement.language if engagement.language in ("en", "zh") else "en"

        def write(_control):
            from app.services.reports import write_report

            return write_report(library, repo, engagement_id, "guide", out, lang, options={"role": person.role},
                                export=export)

        self.guide_button.setEnabled(False)

        def done(written) -> None:
            self._update_buttons()
            self.guide_written.emit(str(written))
            if self.offer_open:
                offer_to_open(self, Path(written))

        def failed(exc: BaseException, details: str) -> None:
            self._update_buttons()
            present_error(exc, self, details=details)

        self.guide_task = run_task(write, done, failed, owner=self)

    def export_survey(self) -> None:
        """The fillable survey form of a role (the selected person's, by default), written in the background."""
        if self.engagement_id is None:
            return
        person = self.current()

        def written(path) -> None:
            self.survey_written.emit(str(path))
            if self.offer_open:
                from app.ui.export_dialog import offer_to_open

                offer_to_open(self, path)

        self.surveys.export(self.engagement_id, person.role if person is not None else None, written)

    def import_surveys(self, paths=None) -> None:
        """Filled survey forms back in (chosen in a file dialog, or ``paths`` dropped on the window)."""
        if self.engagement_id is None:
            return

        def imported() -> None:
            self.refresh()
            self.changed.emit()
            self.surveys_imported.emit(self.engagement_id)

        if paths is None:
            self.surveys.choose_and_import(self.engagement_id, imported)
        else:
            self.surveys.import_files(self.engagement_id, paths, imported)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before removing; tests replace this."""
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        person = self.current()
        if person is None:
            return
        answered = interviews.answered_count(self.context.repo, self.engagement_id, person.id)
        text = self.tr("Remove %1 from the register?").replace("%1", person.name)
        if answered:
            text += "\n\n" + self.tr("Their %n answer(s) will be deleted too.", "", answered)
        if not self.confirm(self.tr("Remove interviewee"), text):
            return
        try:
            interviews.remove_interviewee(self.context.repo, person.id)
        except UserError as exc:
            present_error(exc, self)
            return
        self.refresh()
        self.changed.emit()
