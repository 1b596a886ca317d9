"""The Organisation tab: current against target organisation, role catalogue, RACI grid,
findings of the checks and the transition plan of one engagement.

Every edit is an undoable command that carries the whole design before and after it
(a design is a few kilobytes), so undo never depends on what the screen shows later.
An edit is checked before it is applied: one that cannot be right (a rotation larger
than its team, a headcount that is not a whole number) is refused with the field it
names and changes nothing. Each applied edit, undo or redo is saved at once as the
next version of the engagement's design document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPixmap, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.planning.organisation import (
    COVERAGES,
    INTERACTION_MODES,
    TEAM_TYPES,
    Interaction,
    OrganisationDesign,
    RaciVariant,
    Rotation,
    RotationMember,
    Team,
    validate_design,
)
from app.planning.organisation_text import label
from app.services import organisation as service
from app.ui.context import AppContext
from app.ui.editable_table import ChoiceDelegate, Column, RowsTable
from app.ui.errors import present_error

ERROR_FILL = QColor("#F4CCCC")
WARNING_FILL = QColor("#FCE5CD")
A_FILL = QColor("#FBE5D6")
R_FILL = QColor("#E2EFDA")


# --- undo -----------------------------------------------------------------------------


class DesignCommand(QUndoCommand):
    """One edit: the design before and after, both complete."""

    def __init__(self, tab: OrganisationTab, before: dict, after: dict, text: str) -> None:
        super().__init__(text)
        self.tab = tab
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.tab._apply(self.after)

    def undo(self) -> None:
        self.tab._apply(self.before)


_LANG = {"value": "en"}


def _lang() -> str:
    return _LANG["value"]


def _word(value: Any) -> str:
    """A fixed choice (a team type, a coverage, an interaction mode) in the interface language."""
    return label(str(value), _lang())


class ChartLabel(QLabel):
    """A chart picture that keeps its proportions as the splitter or the window resizes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._pixmap = QPixmap()

    def set_png(self, png: bytes) -> None:
        self._pixmap.loadFromData(png, "PNG")
        self._rescale()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if not self._pixmap.isNull() and self.width() > 0 and self.height() > 0:
            self.setPixmap(self._pixmap.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))


class VerticalHeader(QHeaderView):
    """Column titles written bottom to top, so twenty role names fit above narrow RACI columns."""

    def __init__(self, parent=None, horizontal_from: int = 2) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.horizontal_from = horizontal_from
        self.setSectionsClickable(False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        base = super().sizeHint()
        return QSize(base.width(), 190)

    def paintSection(self, painter: QPainter, rect: QRect, index: int) -> None:  # noqa: N802
        if index < self.horizontal_from:
            super().paintSection(painter, rect, index)
            return
        painter.save()
        painter.fillRect(rect, self.palette().button())
        painter.setPen(self.palette().mid().color())
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.setPen(self.palette().buttonText().color())
        text = self.model().headerData(index, Qt.Orientation.Horizontal) if self.model() else ""
        text = self.fontMetrics().elidedText(str(text or ""), Qt.TextElideMode.ElideRight, rect.height() - 10)
        painter.translate(rect.left() + rect.width() / 2 + 5, rect.bottom() - 4)
        painter.rotate(-90)
        painter.drawText(QRect(0, -rect.width() // 2 - 6, rect.height() - 8, rect.width()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(text or ""))
        painter.restore()


# --- the tab ----------------------------------------------------------------------------------


class OrganisationTab(QWidget):
    """Current vs target, roles, RACI, findings and transition; editable, undoable, autosaved."""

    saved = Signal(int)  # the new version

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organisationTab")
        self.context = context
        _LANG["value"] = context.language
        self.engagement_id: str | None = None
        self.design = OrganisationDesign()
        self.version = 0
        self.view = None
        self.roadmap = None  # app.services.organisation.RoadmapLink of the engagement, when it has a plan
        self.undo_stack = QUndoStack(self)
        self._chart_key: tuple | None = None

        self.summary = QLabel(objectName="organisationSummary")
        self.summary.setWordWrap(True)
        self.status = QLabel(objectName="organisationStatus")
        self.undo_button = QPushButton(objectName="organisationUndo")
        self.redo_button = QPushButton(objectName="organisationRedo")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_button.setShortcut(QKeySequence.StandardKey.Redo)
        self.side = QComboBox(objectName="organisationSide")
        self.add_team_button = QPushButton(objectName="addTeam")
        self.remove_team_button = QPushButton(objectName="removeTeam")
        self.add_rotation_button = QPushButton(objectName="addRotation")
        self.propose_button = QPushButton(objectName="proposeTransition")
        self.survey_button = QPushButton(objectName="currentFromSurvey")
        self.survey_button.clicked.connect(self._fill_from_survey)
        self.add_team_button.clicked.connect(self._add_team)
        self.remove_team_button.clicked.connect(self._remove_team)
        self.add_rotation_button.clicked.connect(self._add_rotation)
        self.propose_button.clicked.connect(self._propose_transition)
        self.side.currentIndexChanged.connect(lambda _i: self._refresh())

        edit = self._edit
        team_columns = [
            Column(lambda: self.tr("Team"), lambda t: self._name(t.id), _setter("name")),
            Column(lambda: self.tr("Type"), lambda t: t.type, _setter("type"), "choice", TEAM_TYPES, show=_word),
            Column(lambda: self.tr("Site"), lambda t: t.site, _setter("site")),
            Column(lambda: self.tr("People"), lambda t: t.headcount),
            Column(lambda: self.tr("Toil %"), lambda t: t.toil_pct, _setter("toil_pct"), "pct"),
            Column(lambda: self.tr("On-call %"), lambda t: t.oncall_pct, _setter("oncall_pct"), "pct"),
            Column(lambda: self.tr("Project %"), lambda t: t.project_pct, _setter("project_pct"), "pct"),
            Column(lambda: self.tr("Reports to"), lambda t: self._name(t.reports_to or ""), self._set_reports_to),
        ]
        self.teams = RowsTable(team_columns, edit, self)
        self.team_view = _table_view(self.teams, "teamsTable")
        self.team_view.selectionModel().currentRowChanged.connect(lambda *_: self._refresh_headcount())
        self.team_view.setColumnWidth(0, 210)
        headcount_columns = [
            Column(lambda: self.tr("Role"), lambda r: self._name(r[1])),
            Column(lambda: self.tr("In post"), lambda r: r[0].posts.get(r[1], 0), _count_setter("posts"), "int"),
            Column(lambda: self.tr("Holding the duty"), lambda r: r[0].duties.get(r[1], 0), _count_setter("duties"),
                   "int"),
        ]
        self.headcount = RowsTable(headcount_columns, edit, self)
        self.headcount_view = _table_view(self.headcount, "headcountTable")
        rotation_columns = [
            Column(lambda: self.tr("Rotation"), lambda r: self._name(r.id), _setter("name")),
            Column(lambda: self.tr("Coverage"), lambda r: r.coverage, _setter("coverage"), "choice", COVERAGES,
                   show=_word),
            Column(lambda: self.tr("People per site"), lambda r: ", ".join(
                f"{self._name(m.team)} @ {m.site or '-'}: {m.count}" for m in r.members)),
            Column(lambda: self.tr("Size"), lambda r: r.size, _rotation_size_setter, "int"),
            Column(lambda: self.tr("Incidents per 12-hour shift"), lambda r: r.incidents_per_shift,
                   _setter("incidents_per_shift"), "pct"),
        ]
        self.rotations = RowsTable(rotation_columns, edit, self)
        self.rotation_view = _table_view(self.rotations, "rotationsTable")
        self.rotation_view.selectionModel().currentRowChanged.connect(lambda *_: self._refresh_members())
        member_columns = [
            Column(lambda: self.tr("Team in the rotation"), lambda m: m.team, self._set_member_team, "choice",
                   options=self._team_options, show=self._name),
            Column(lambda: self.tr("Site"), lambda m: m.site, _member_setter("site")),
            Column(lambda: self.tr("Engineers on the rotation"), lambda m: m.count, _member_setter("count"), "int"),
        ]
        self.members = RowsTable(member_columns, edit, self)
        self.member_view = _table_view(self.members, "rotationMembersTable")
        self.add_member_button = QPushButton(objectName="addRotationMember")
        self.remove_member_button = QPushButton(objectName="removeRotationMember")
        self.add_member_button.clicked.connect(self._add_member)
        self.remove_member_button.clicked.connect(self._remove_member)
        interaction_columns = [
            Column(lambda: self.tr("Team"), lambda i: i.source, _setter("source"), "choice",
                   options=self._team_options, show=self._name),
            Column(lambda: self.tr("Interaction mode"), lambda i: i.mode, _setter("mode"), "choice", INTERACTION_MODES,
                   show=_word),
            Column(lambda: self.tr("With team"), lambda i: i.target, _setter("target"), "choice",
                   options=self._team_options, show=self._name),
        ]
        self.interactions = RowsTable(interaction_columns, edit, self)
        self.interaction_view = _table_view(self.interactions, "interactionsTable")
        self.interaction_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in enumerate((260, 130)):
            self.interaction_view.setColumnWidth(column, width)
        self.add_interaction_button = QPushButton(objectName="addInteraction")
        self.remove_interaction_button = QPushButton(objectName="removeInteraction")
        self.add_interaction_button.clicked.connect(self._add_interaction)
        self.remove_interaction_button.clicked.connect(self._remove_interaction)
        owner_columns = [
            Column(lambda: self.tr("Process"), lambda o: o[1]),
            Column(lambda: self.tr("Owner (role)"), lambda o: o[2], self._set_owner, "choice",
                   options=self._role_options, show=self._name),
        ]
        self.owners = RowsTable(owner_columns, edit, self)
        self.owner_view = _table_view(self.owners, "processOwnersTable")
        self.owner_view.setColumnWidth(0, 260)
        self.variant_box = QComboBox(objectName="raciVariant")
        self.variant_box.currentIndexChanged.connect(lambda _i: self._refresh_raci())
        self.add_variant_button = QPushButton(objectName="addRaciVariant")
        self.remove_variant_button = QPushButton(objectName="removeRaciVariant")
        self.add_variant_button.clicked.connect(self._add_variant)
        self.remove_variant_button.clicked.connect(self._remove_variant)
        self.variant_name = QLineEdit(objectName="raciVariantName")
        self.variant_name.editingFinished.connect(self._rename_variant)
        self.chart = ChartLabel(objectName="organisationChart")
        self.chart.setMinimumHeight(220)

        role_columns = [
            Column(lambda: self.tr("Role"), lambda r: r.name),
            Column(lambda: self.tr("Current"), lambda r: r.current),
            Column(lambda: self.tr("Target"), lambda r: r.target),
            Column(lambda: self.tr("Mission"), lambda r: r.mission, _role_setter("mission")),
            Column(lambda: self.tr("Career path"), lambda r: r.career_path, _role_setter("career_path")),
        ]
        self.roles = RowsTable(role_columns, edit, self)
        self.role_view = _table_view(self.roles, "rolesTable")
        for column, width in enumerate((190, 60, 60, 620)):
            self.role_view.setColumnWidth(column, width)
        self.raci = RowsTable([], edit, self)
        self.raci_view = _table_view(self.raci, "raciTable", stretch_last=False)
        self.raci_view.setHorizontalHeader(VerticalHeader(self.raci_view))
        self.raci_problems_label = QLabel(objectName="raciProblems")
        self.raci_problems_label.setWordWrap(True)
        finding_columns = [
            Column(lambda: self.tr("Severity"), lambda f: f.severity),
            Column(lambda: self.tr("Organisation"), lambda f: f.scope),
            Column(lambda: self.tr("Rule"), lambda f: f.rule),
            Column(lambda: self.tr("Finding"), lambda f: f.message),
            Column(lambda: self.tr("What to do"), lambda f: f.action),
        ]
        self.findings = RowsTable(finding_columns, edit, self)
        self.findings_view = _table_view(self.findings, "findingsTable")
        for column, width in enumerate((70, 70, 190, 560)):
            self.findings_view.setColumnWidth(column, width)
        self.findings_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        step_columns = [
            Column(lambda: self.tr("Phase"), lambda s: s.phase, _step_setter("phase"), "int"),
            Column(lambda: self.tr("Step"), lambda s: s.kind, None, "choice", show=_word),
            Column(lambda: self.tr("Role"), lambda s: self._name(s.role)),
            Column(lambda: self.tr("Number"), lambda s: s.count, _step_setter("count"), "int"),
            Column(lambda: self.tr("From"), lambda s: self._name(s.from_team)),
            Column(lambda: self.tr("To"), lambda s: self._name(s.to_team)),
            Column(lambda: self.tr("Description"), lambda s: s.description, _step_setter("description")),
        ]
        self.steps = RowsTable(step_columns, edit, self)
        self.steps_view = _table_view(self.steps, "transitionTable")
        for column, width in enumerate((60, 90, 200, 60, 210, 210)):
            self.steps_view.setColumnWidth(column, width)

        self.pages = QTabWidget(objectName="organisationPages")
        self.pages.setDocumentMode(True)
        org_page = QWidget()
        org_layout = QVBoxLayout(org_page)
        bar = QHBoxLayout()
        bar.addWidget(self.side)
        bar.addWidget(self.add_team_button)
        bar.addWidget(self.remove_team_button)
        bar.addWidget(self.add_rotation_button)
        bar.addStretch(1)
        bar.addWidget(self.survey_button)
        org_layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.team_view)
        left.addWidget(self.rotation_view)
        members_box = QWidget()
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_bar = QHBoxLayout()
        self.members_title = QLabel()
        members_bar.addWidget(self.members_title, 1)
        members_bar.addWidget(self.add_member_button)
        members_bar.addWidget(self.remove_member_button)
        members_layout.addLayout(members_bar)
        members_layout.addWidget(self.member_view, 1)
        left.addWidget(members_box)
        left.setSizes([260, 110, 120])
        split.addWidget(left)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.headcount_view)
        right.addWidget(self.chart)
        split.addWidget(right)
        split.setSizes([620, 480])
        org_layout.addWidget(split, 1)
        raci_page = QWidget()
        raci_layout = QVBoxLayout(raci_page)
        variant_bar = QHBoxLayout()
        self.variant_label = QLabel()
        variant_bar.addWidget(self.variant_label)
        variant_bar.addWidget(self.variant_box)
        variant_bar.addWidget(self.variant_name, 1)
        variant_bar.addWidget(self.add_variant_button)
        variant_bar.addWidget(self.remove_variant_button)
        raci_layout.addLayout(variant_bar)
        raci_layout.addWidget(self.raci_view, 1)
        raci_layout.addWidget(self.raci_problems_label)
        transition_page = QWidget()
        transition_layout = QVBoxLayout(transition_page)
        row = QHBoxLayout()
        row.addWidget(self.propose_button)
        row.addStretch(1)
        transition_layout.addLayout(row)
        transition_layout.addWidget(self.steps_view, 1)
        links_page = QSplitter(Qt.Orientation.Horizontal)
        for title_attr, view, buttons in (("interactions_title", self.interaction_view,
                                           (self.add_interaction_button, self.remove_interaction_button)),
                                          ("owners_title", self.owner_view, ())):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            bar_row = QHBoxLayout()
            title = QLabel()
            title.setStyleSheet("font-weight: bold;")
            setattr(self, title_attr, title)
            bar_row.addWidget(title, 1)
            for b in buttons:
                bar_row.addWidget(b)
            box_layout.addLayout(bar_row)
            box_layout.addWidget(view, 1)
            links_page.addWidget(box)
        links_page.setSizes([760, 520])
        for page in (org_page, links_page, self.role_view, raci_page, self.findings_view, transition_page):
            self.pages.addTab(page, "")

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.status)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.retranslate_ui()

    # --- texts ----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.undo_button.setText(self.tr("Undo"))
        self.redo_button.setText(self.tr("Redo"))
        self.add_team_button.setText(self.tr("Add team"))
        self.remove_team_button.setText(self.tr("Remove team"))
        self.add_rotation_button.setText(self.tr("Add on-call rotation for the team"))
        self.propose_button.setText(self.tr("Propose the plan from current and target"))
        self.survey_button.setText(self.tr("Current organisation from the survey answers"))
        self.survey_button.setToolTip(self.tr("Teams, headcount, toil and on-call shares and the rotation as the "
                                              "organisation survey's answers give them; replaces the current "
                                              "organisation (Undo brings it back)"))
        index = self.side.currentIndex()
        self.side.blockSignals(True)
        self.side.clear()
        self.side.addItems([self.tr("Target organisation"), self.tr("Current organisation")])
        self.side.setCurrentIndex(max(0, index))
        self.side.blockSignals(False)
        for i, text in enumerate((self.tr("Current and target"), self.tr("Interactions and owners"),
                                  self.tr("Role catalogue"), self.tr("RACI"), self.tr("Findings"),
                                  self.tr("Transition plan"))):
            self.pages.setTabText(i, text)
        self.members_title.setText(self.tr("Teams and sites of the selected rotation"))
        self.add_member_button.setText(self.tr("Add a team to the rotation"))
        self.remove_member_button.setText(self.tr("Remove from the rotation"))
        self.interactions_title.setText(self.tr("How teams work together (interaction modes)"))
        self.owners_title.setText(self.tr("Process owners"))
        self.add_interaction_button.setText(self.tr("Add interaction"))
        self.remove_interaction_button.setText(self.tr("Remove interaction"))
        self.variant_label.setText(self.tr("RACI for:"))
        self.variant_name.setPlaceholderText(self.tr("Business line where the process differs"))
        self.add_variant_button.setText(self.tr("Add a business-line variant"))
        self.remove_variant_button.setText(self.tr("Remove variant"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- loading and saving ---------------------------------------------------------------

    def load(self, engagement_id: str) -> None:
        self.engagement_id = engagement_id
        self.undo_stack.clear()
        self.roadmap = None
        _LANG["value"] = self.context.language
        try:
            stored = service.load_design(self.context.library, self.context.repo, engagement_id)
        except UserError as exc:  # e.g. content without an organisation model: say so, in place
            self.engagement_id = None
            self.pages.setEnabled(False)
            self.summary.setText(str(exc))
            return
        self.pages.setEnabled(True)
        self.design, self.version = stored.design, stored.version
        # the planning roadmap of the same engagement (scored once here, not on every edit)
        self.roadmap = service.roadmap_link(self.context.library, self.context.repo, engagement_id)
        self._refresh()

    def _edit(self, change: Callable[[OrganisationDesign], None], what: str) -> bool:
        """Apply ``change`` to a copy; refuse it (with the field) if the result cannot be right."""
        before = self.design.to_dict()
        candidate = self.design.copy()
        try:
            change(candidate)
            validate_design(candidate)
        except UserError as exc:
            self.status.setText(str(exc))
            self.status.setStyleSheet("color: #C00000")
            return False
        after = candidate.to_dict()
        if after == before:
            return False
        self.undo_stack.push(DesignCommand(self, before, after, what))
        return True

    def _apply(self, payload: dict) -> None:
        self.design = OrganisationDesign.from_dict(payload)
        self._save()
        self._refresh()

    def _save(self) -> None:
        if self.engagement_id is None:
            return
        try:
            self.version = service.save_design(self.context.repo, self.engagement_id, self.design,
                                               expected_version=self.version, updated_by=self.context.consultant)
        except UserError as exc:
            self.status.setText(str(exc))
            self.status.setStyleSheet("color: #C00000")
            present_error(exc, self)
            return
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved (version %1)").replace("%1", str(self.version)))
        self.saved.emit(self.version)

    def _set_reports_to(self, team: Team, text: Any) -> None:
        """A team's line: typed as the other team's name (or id); empty for none. The check names a wrong one."""
        text = str(text or "").strip()
        side = getattr(self.design, self._side_name())
        match = next((t.id for t in side.teams if text in (t.id, self._name(t.id))), None)
        team.reports_to = (match or text) if text else None

    # --- edits that are not a cell --------------------------------------------------------------

    def _side_name(self) -> str:
        return "current" if self.side.currentIndex() == 1 else "target"

    def _selected_team(self) -> str | None:
        index = self.team_view.currentIndex()
        org = getattr(self.design, self._side_name())
        return org.teams[index.row()].id if index.isValid() and index.row() < len(org.teams) else None

    def _add_team(self) -> None:
        side = self._side_name()

        def change(design: OrganisationDesign) -> None:
            org = getattr(design, side)
            n = len(org.teams) + 1
            while org.team(f"team{n}") is not None:
                n += 1
            head = next((t.id for t in org.teams if t.reports_to is None), None)
            org.teams.append(Team(id=f"team{n}", name=self.tr("New team %1").replace("%1", str(n)),
                                  posts={"om_engineer": 1}, reports_to=head))

        self._edit(change, self.tr("Add team"))

    def _remove_team(self) -> None:
        side, team_id = self._side_name(), self._selected_team()
        if team_id is None:
            return

        def change(design: OrganisationDesign) -> None:
            org = getattr(design, side)
            gone = org.team(team_id)
            org.teams = [t for t in org.teams if t.id != team_id]
            for t in org.teams:
                if t.reports_to == team_id:
                    t.reports_to = gone.reports_to if gone else None
            for r in org.rotations:
                r.members = [m for m in r.members if m.team != team_id]
            org.rotations = [r for r in org.rotations if r.members]
            org.interactions = [i for i in org.interactions if team_id not in (i.source, i.target)]

        self._edit(change, self.tr("Remove team"))

    def _add_rotation(self) -> None:
        side, team_id = self._side_name(), self._selected_team()
        if team_id is None:
            return

        def change(design: OrganisationDesign) -> None:
            org = getattr(design, side)
            team = org.team(team_id)
            size = team.duties.get("oncall_primary") or team.headcount
            n = len(org.rotations) + 1
            while any(r.id == f"rota{n}" for r in org.rotations):
                n += 1
            org.rotations.append(Rotation(id=f"rota{n}", members=[RotationMember(team.id, team.site, size)]))

        self._edit(change, self.tr("Add on-call rotation"))

    def _fill_from_survey(self) -> None:
        if self.engagement_id is None:
            return
        sites = tuple(dict.fromkeys(self.design.target.sites)) or ("",)
        surveyed = service.current_from_answers(self.context.repo, self.engagement_id, sites)
        if surveyed is None:
            self._say(self.tr("The organisation survey has no answer on O&M headcount yet: nothing to fill in."))
            return
        self._edit(lambda d: setattr(d, "current", surveyed), self.tr("Current organisation from the survey"))
        self.side.setCurrentIndex(1)

    def _propose_transition(self) -> None:
        roadmap = self.roadmap
        self._edit(lambda d: setattr(d, "transition", service.propose(d, roadmap)),
                   self.tr("Propose the transition plan"))

    def _team_options(self) -> list[tuple[str, str]]:
        org = getattr(self.design, self._side_name())
        return [(t.id, self._name(t.id)) for t in org.teams]

    def _role_options(self) -> list[tuple[str, str]]:
        return [("", self.tr("(nobody)"))] + [(r.id, self._name(r.id)) for r in self.design.roles]

    def _set_member_team(self, located: tuple, value: Any) -> None:
        rotation, index = located
        member = rotation.members[index]
        member.team = str(value)

    def _selected_rotation(self) -> int | None:
        index = self.rotation_view.currentIndex()
        org = getattr(self.design, self._side_name())
        return index.row() if index.isValid() and index.row() < len(org.rotations) else None

    def _add_member(self) -> None:
        side, n = self._side_name(), self._selected_rotation()
        if n is None:
            self._say(self.tr("Select the rotation first."))
            return

        def change(design: OrganisationDesign) -> None:
            org = getattr(design, side)
            rotation = org.rotations[n]
            taken = {m.team for m in rotation.members}
            team = next((t for t in org.teams if t.id not in taken), None) or org.teams[0]
            rotation.members.append(RotationMember(team.id, team.site, 1))

        self._edit(change, self.tr("Add a team to the rotation"))

    def _remove_member(self) -> None:
        side, n = self._side_name(), self._selected_rotation()
        index = self.member_view.currentIndex()
        if n is None or not index.isValid():
            self._say(self.tr("Select the team in the rotation first."))
            return
        row = index.row()

        def change(design: OrganisationDesign) -> None:
            rotation = getattr(design, side).rotations[n]
            if len(rotation.members) <= 1:
                raise UserError(self.tr("a rotation needs at least one team; remove the rotation's last team by "
                                        "removing the team"))
            del rotation.members[row]

        self._edit(change, self.tr("Remove from the rotation"))

    def _add_interaction(self) -> None:
        side = self._side_name()
        org = getattr(self.design, side)
        if len(org.teams) < 2:
            self._say(self.tr("Two teams are needed for an interaction."))
            return
        selected = self._selected_team() or org.teams[0].id
        other = next(t.id for t in org.teams if t.id != selected)

        def change(design: OrganisationDesign) -> None:
            getattr(design, side).interactions.append(Interaction(selected, other, "collaboration"))

        self._edit(change, self.tr("Add interaction"))

    def _remove_interaction(self) -> None:
        side, index = self._side_name(), self.interaction_view.currentIndex()
        if not index.isValid():
            self._say(self.tr("Select the interaction to remove first."))
            return
        row = index.row()
        self._edit(lambda d: getattr(d, side).interactions.pop(row), self.tr("Remove interaction"))

    def _set_owner(self, located: tuple, value: Any) -> None:
        design, side, process = located
        owners = getattr(design, side).process_owners
        if value:
            owners[process] = str(value)
        else:
            owners.pop(process, None)

    def _variant_index(self) -> int | None:
        index = self.variant_box.currentIndex()
        return index - 1 if index > 0 and index - 1 < len(self.design.raci_variants) else None

    def _add_variant(self) -> None:
        name = self.variant_name.text().strip() or self.tr("Business line %1").replace(
            "%1", str(len(self.design.raci_variants) + 1))
        if any(v.name == name for v in self.design.raci_variants):
            self._say(self.tr("There is already a variant '%1'.").replace("%1", name))
            return
        if self._edit(lambda d: d.raci_variants.append(RaciVariant(name, {})), self.tr("Add a business-line variant")):
            self._show_variant(len(self.design.raci_variants))

    def _remove_variant(self) -> None:
        n = self._variant_index()
        if n is None:
            self._say(self.tr("Choose the variant to remove first."))
            return
        if self._edit(lambda d: d.raci_variants.pop(n), self.tr("Remove variant")):
            self._show_variant(0)

    def _rename_variant(self) -> None:
        n, name = self._variant_index(), self.variant_name.text().strip()
        if n is None or not name or name == self.design.raci_variants[n].name:
            return
        if any(v.name == name for v in self.design.raci_variants):
            self._say(self.tr("There is already a variant '%1'.").replace("%1", name))
            return
        self._edit(lambda d: setattr(d.raci_variants[n], "name", name), self.tr("Rename variant"))

    def _show_variant(self, index: int) -> None:
        self._fill_variants()
        self.variant_box.setCurrentIndex(min(index, self.variant_box.count() - 1))

    def _fill_variants(self) -> None:
        current = self.variant_box.currentIndex()
        self.variant_box.blockSignals(True)
        self.variant_box.clear()
        self.variant_box.addItem(self.tr("the whole organisation (base RACI)"))
        for v in self.design.raci_variants:
            self.variant_box.addItem(v.name)
        self.variant_box.setCurrentIndex(max(0, min(current, self.variant_box.count() - 1)))
        self.variant_box.blockSignals(False)
        n = self._variant_index()
        self.variant_name.setText(self.design.raci_variants[n].name if n is not None else "")
        self.remove_variant_button.setEnabled(n is not None)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #C00000")

    # --- showing ---------------------------------------------------------------------------

    def _name(self, ident: str) -> str:
        if self.view is None or not ident:
            return ident
        return self.view.names.get(ident, ident)

    def _refresh(self) -> None:
        if not hasattr(self, "steps"):
            return
        lang = self.context.language
        try:
            self.view = service.organisation_view(self.context.library, self.context.repo, self.engagement_id,
                                                  lang, self.design, self.roadmap) if self.engagement_id else None
        except UserError as exc:
            present_error(exc, self)
            self.view = None
        view = self.view
        if view is None:
            return
        side = self._side_name()
        org = getattr(self.design, side)
        self.teams.set_rows(list(org.teams), lambda d, i, s=side: getattr(d, s).teams[i])
        self.rotations.set_rows(list(org.rotations), lambda d, i, s=side: getattr(d, s).rotations[i])
        self._refresh_members()
        self.interactions.set_rows(list(org.interactions), lambda d, i, s=side: getattr(d, s).interactions[i])
        processes = self._processes()
        self.owners.set_rows([(p, name, org.process_owners.get(p, "")) for p, name in processes],
                             lambda d, i, s=side, ids=tuple(p for p, _ in processes): (d, s, ids[i]))
        self._fill_variants()
        self._refresh_headcount()
        self._draw_chart(side)
        self.roles.set_rows(list(view.roles), lambda d, i: d.roles[i])
        self._refresh_raci()
        self.findings.set_rows(list(view.findings) + [_ProblemRow(p, lang) for p in view.raci_problems])
        self.findings.cell_fills = {(i, 0): ERROR_FILL if f.severity_key in ("high", "error") else WARNING_FILL
                               for i, f in enumerate(self.findings.rows) if f.severity_key != "low"}
        self.steps.set_rows(list(self.design.transition), lambda d, i: d.transition[i])
        errors = sum(1 for p in view.raci_problems if p.severity_key == "error")
        high = sum(1 for f in view.findings if f.severity_key == "high")
        self.summary.setText(
            self.tr("%1 organisation · current %2 people in %3 teams · target %4 people in %5 teams · "
                    "%6 high findings · %7 RACI errors")
            .replace("%1", view.size).replace("%2", str(view.current.headcount))
            .replace("%3", str(len(view.current.teams))).replace("%4", str(view.target.headcount))
            .replace("%5", str(len(view.target.teams))).replace("%6", str(high)).replace("%7", str(errors)))

    def _processes(self) -> list[tuple[str, str]]:
        """(process id, name) in process order, from the activities of the RACI."""
        try:
            content = service.organisation_content(self.context.library, self.design.model_id or service.DEFAULT_MODEL,
                                                   self.design.model_version or None)
        except UserError:
            return []
        seen: dict[str, str] = {}
        for a in content.activities:
            seen.setdefault(a.process, a.process_name.get(self.context.language))
        return list(seen.items())

    def _refresh_members(self) -> None:
        side, n = self._side_name(), self._selected_rotation()
        org = getattr(self.design, side)
        if n is None and org.rotations:
            n = 0
        if n is None:
            self.members.set_rows([])
            return
        rotation = org.rotations[n]
        self.members.set_rows(list(rotation.members),
                              lambda d, i, s=side, k=n: (getattr(d, s).rotations[k], i))

    def _refresh_headcount(self) -> None:
        side, team_id = self._side_name(), self._selected_team()
        org = getattr(self.design, side)
        team = org.team(team_id) if team_id else (org.teams[0] if org.teams else None)
        if team is None:
            self.headcount.set_rows([])
            return
        catalogue = [r.id for r in self.design.roles]
        held = [r for r in catalogue if team.holders(r)] + [r for r in list(team.posts) + list(team.duties)
                                                             if r not in catalogue]
        roles = list(dict.fromkeys(held + catalogue))  # the team's roles first, then the rest to add
        t_id = team.id

        def locate(design: OrganisationDesign, i: int, s=side, ids=tuple(roles)) -> tuple[Team, str]:
            return getattr(design, s).team(t_id), ids[i]

        self.headcount.set_rows([(team, r) for r in roles], locate)

    def _draw_chart(self, side: str) -> None:
        from app.reports.charts import empty_chart, figure_png
        from app.reports.organisation_charts import chart_teams, organisation_chart

        org = getattr(self.design, side)
        view_side = getattr(self.view, side)
        boxes = chart_teams(view_side, org, self.context.language) if org.teams else []
        key = (tuple(boxes), view_side.title, self.context.language)
        if key == self._chart_key:  # an edit that changed no box: keep the picture (drawing costs ~0.3 s)
            return
        self._chart_key = key
        if org.teams:
            figure = organisation_chart(boxes, title=view_side.title, lang=self.context.language)
        else:
            figure = empty_chart(self.tr("No teams recorded yet"))
        # The same figure as the report's, as a picture scaled to the space the tab has.
        self.chart.set_png(figure_png(figure, dpi=120))

    def _raci_row(self, activity: str) -> dict[str, str]:
        """The cells shown for an activity: the variant's row where it has one, else the base RACI's."""
        n = self._variant_index()
        if n is not None and activity in self.design.raci_variants[n].cells:
            return self.design.raci_variants[n].cells[activity]
        return self.design.raci.get(activity, {})

    def _refresh_raci(self) -> None:
        view = self.view
        if view is None:
            return
        roles = [r.id for r in self.design.roles]
        columns = [Column(lambda: self.tr("Process"), lambda r: r.process),
                   Column(lambda: self.tr("Activity"), lambda r: r.activity)]
        for role_id in roles:
            name = self._name(role_id)
            columns.append(Column(lambda n=name: n, lambda r, rid=role_id: self._raci_row(r.activity_id).get(rid, ""),
                                  _raci_setter(role_id)))
        self.raci.beginResetModel()
        self.raci.columns = columns
        self.raci.endResetModel()
        rows = list(view.raci_rows)
        variant = self._variant_index()
        self.raci.set_rows(rows, lambda d, i, ids=tuple(r.activity_id for r in rows), v=variant: (d, ids[i], v))
        fills: dict[tuple[int, int], QColor] = {}
        tips: dict[tuple[int, int], str] = {}
        row_of = {r.activity_id: i for i, r in enumerate(rows)}
        col_of = {rid: i + 2 for i, rid in enumerate(roles)}
        for i, r in enumerate(rows):
            for rid, letter in self._raci_row(r.activity_id).items():
                if rid in col_of:
                    fills[(i, col_of[rid])] = A_FILL if letter == "A" else R_FILL if letter == "R" else None
        shown_variant = self.design.raci_variants[variant].name if variant is not None else ""
        for p in view.raci_problems:
            if p.activity_id not in row_of or (getattr(p, "variant", "") or "") != shown_variant:
                continue
            cell = (row_of[p.activity_id], col_of.get(p.role_id, 1))
            fills[cell] = ERROR_FILL if p.severity_key == "error" else WARNING_FILL
            tips[cell] = (tips.get(cell, "") + "\n" + p.problem).strip()
        self.raci.cell_fills = {k: v for k, v in fills.items() if v is not None}
        self.raci.tips = tips
        errors = [p for p in view.raci_problems if p.severity_key == "error"]
        warnings = len(view.raci_problems) - len(errors)
        text = self.tr("RACI: %1 errors, %2 warnings. Type R, A, C or I in a cell; empty clears it.") \
            .replace("%1", str(len(errors))).replace("%2", str(warnings))
        if errors:
            text += "\n" + "\n".join(f"• {p.cell}: {p.problem}" for p in errors[:6])
        self.raci_problems_label.setText(text)
        for c in range(2, len(columns)):
            self.raci_view.setColumnWidth(c, 30)
        self.raci_view.setColumnWidth(0, 130)
        self.raci_view.setColumnWidth(1, 220)


@dataclass
class _ProblemRow:
    """A RACI problem shown in the findings table."""

    problem: Any
    lang: str

    @property
    def severity(self) -> str:
        return self.problem.severity

    @property
    def severity_key(self) -> str:
        return self.problem.severity_key

    @property
    def scope(self) -> str:
        return "RACI"

    @property
    def rule(self) -> str:
        return self.problem.cell

    @property
    def message(self) -> str:
        return self.problem.problem

    @property
    def action(self) -> str:
        return ""


# --- setters: each changes the design copy it is handed -------------------------------------------


def _setter(attr: str) -> Callable[[Any, Any], None]:
    def set_value(obj: Any, value: Any) -> None:
        setattr(obj, attr, value)

    return set_value


def _count_setter(attr: str) -> Callable[[Any, Any], None]:
    def set_count(row: tuple[Team, str], value: Any) -> None:
        team, role = row
        counts = getattr(team, attr)
        if value in (0, None, ""):
            counts.pop(role, None)
        else:
            counts[role] = value

    return set_count


def _rotation_size_setter(rotation: Rotation, value: Any) -> None:
    if len(rotation.members) == 1:
        rotation.members[0].count = value
    else:
        raise UserError("this rotation draws on several teams; change the count per team in the document")


def _role_setter(attr: str) -> Callable[[Any, Any], None]:
    return _setter(attr)


def _step_setter(attr: str) -> Callable[[Any, Any], None]:
    return _setter(attr)


def _raci_setter(role_id: str) -> Callable[[Any, Any], None]:
    """A RACI cell; in a business-line variant the edit copies the base row into the variant first."""

    def set_letter(located: tuple, value: Any) -> None:
        design, activity, variant = located
        letter = str(value).strip().upper()
        if variant is None:
            row = design.raci.setdefault(activity, {})
        else:
            cells = design.raci_variants[variant].cells
            row = cells.setdefault(activity, dict(design.raci.get(activity, {})))
        if letter:
            row[role_id] = letter
        else:
            row.pop(role_id, None)

    return set_letter


def _member_setter(attr: str) -> Callable[[Any, Any], None]:
    def set_value(located: tuple, value: Any) -> None:
        rotation, index = located
        setattr(rotation.members[index], attr, value)

    return set_value


def _table_view(model: RowsTable, name: str, stretch_last: bool = True) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setEditTriggers(QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
                         | QTableView.EditTrigger.AnyKeyPressed)
    view.setItemDelegate(ChoiceDelegate(view))
    return view
