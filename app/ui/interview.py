"""The interview screen: one question at a time, answered by mouse or keyboard, saved at once.

Keys (when the focus is not in the note or a number field): 0-5 pick a level
(yes/no: Y or 1 for yes, 0 for no; choices: 1..n), N not applicable, U don't know,
arrows and Enter move between questions, Ctrl+Z / Ctrl+Shift+Z undo and redo.

Every answer is written in its own transaction the moment it is given. When the
database refuses (locked by another program, gone read-only), the answer stays on
screen, a banner says so, and it is retried every two seconds until it is saved.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.content.schema import ChoiceAnswer, LevelsAnswer, NumericAnswer, Question, YesNoAnswer
from app.errors import UserError
from app.scoring.answers import InvalidAnswer, normalise_value
from app.storage.repository import StorageUnavailable
from app.ui.context import AppContext
from app.ui.interview_state import AnswerCommand, AnswerState, InterviewTrack, OutlineModel

CARD_STYLE = """
QFrame#card { border: 1px solid #c9d2de; border-radius: 6px; background: #ffffff; }
QFrame#card:hover { border-color: #5b8def; }
QFrame#card[selected="true"] { border: 2px solid #1f5fbf; background: #e8f0fd; }
"""


class ChoiceCard(QFrame):
    """A large selectable card: a level or an option, with what it means."""

    clicked = Signal()

    def __init__(self, key: str, title: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("selected", False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        badge = QLabel(key)
        badge.setFixedWidth(28)
        badge.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        font = badge.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        badge.setFont(font)
        text = QVBoxLayout()
        self.title = QLabel(title)
        title_font = self.title.font()
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.body = QLabel(body)
        self.body.setWordWrap(True)
        self.body.setVisible(bool(body))
        text.addWidget(self.title)
        text.addWidget(self.body)
        layout.addWidget(badge)
        layout.addLayout(text, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def set_selected(self, selected: bool) -> None:
        if self.property("selected") != selected:
            self.setProperty("selected", selected)
            self.style().unpolish(self)
            self.style().polish(self)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class InterviewView(QWidget):
    """The interview tab of an engagement."""

    answer_saved = Signal(str)  # engagement id, after every committed change

    RETRY_MS = 2000
    TOUCH_SECONDS = 30

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.engagement_id: str | None = None
        self.track: InterviewTrack | None = None
        self.undo_stack = QUndoStack(self)
        self._cards: dict[str, ChoiceCard] = {}
        self._pending: dict[tuple[str, str, str], tuple[InterviewTrack, AnswerState]] = {}
        self._session_id: str | None = None
        self._elapsed_before = 0
        self._started_at: float | None = None
        self._last_touch = 0.0
        self._loading = False
        self._model = None
        self._people: dict = {}
        self._build()
        self.retranslate_ui()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._retry = QTimer(self)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self._retry_pending)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(800)
        self._note_timer.timeout.connect(self._save_note)

    # -- layout -------------------------------------------------------------
    def _build(self) -> None:
        self.setStyleSheet(CARD_STYLE)
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)

        bar = QHBoxLayout()
        self.person_label = QLabel()
        self.person_combo = QComboBox()
        self.person_combo.setMinimumWidth(220)
        self.person_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.person_combo.currentIndexChanged.connect(self._person_chosen)
        self.track_label = QLabel()
        self.questionnaire_combo = QComboBox()
        self.questionnaire_combo.setMinimumWidth(200)
        self.questionnaire_combo.currentIndexChanged.connect(self._questionnaire_chosen)
        self.timer_label = QLabel("00:00")
        timer_font = QFont(self.timer_label.font())
        timer_font.setPointSize(timer_font.pointSize() + 3)
        timer_font.setBold(True)
        self.timer_label.setFont(timer_font)
        self.remaining_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(True)
        for w in (self.person_label, self.person_combo, self.track_label, self.questionnaire_combo):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.remaining_label, self.progress, self.timer_label):
            bar.addWidget(w)
        root.addLayout(bar)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4ce; border:1px solid #e0b000; padding:6px;")
        self.banner.hide()
        root.addWidget(self.banner)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.outline_model = OutlineModel(self.context.language, self)
        self.outline = QListView()
        self.outline.setModel(self.outline_model)
        self.outline.setWordWrap(False)
        self.outline.setUniformItemSizes(True)
        self.outline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.outline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outline.clicked.connect(self._outline_clicked)
        self.outline.setMinimumWidth(240)
        splitter.addWidget(self.outline)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.section_label = QLabel()
        self.section_label.setStyleSheet("color:#56627a;")
        self.section_label.setWordWrap(True)
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        qfont = QFont(self.question_label.font())
        qfont.setPointSize(qfont.pointSize() + 5)
        qfont.setBold(True)
        self.question_label.setFont(qfont)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guidance_label = QLabel()
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setStyleSheet("background:#f3f6fa; padding:6px; border-radius:4px;")

        self.answer_area = QWidget()
        self.answer_layout = QVBoxLayout(self.answer_area)
        self.answer_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_layout.setSpacing(6)

        self.numeric_row = QWidget()
        numeric_layout = QHBoxLayout(self.numeric_row)
        numeric_layout.setContentsMargins(0, 0, 0, 0)
        self.numeric_edit = QLineEdit()
        self.numeric_edit.setMaximumWidth(160)
        self.numeric_edit.installEventFilter(self)
        self.numeric_unit = QLabel()
        self.numeric_save = QPushButton()
        self.numeric_save.clicked.connect(self._numeric_entered)
        self.numeric_hint = QLabel()
        self.numeric_hint.setWordWrap(True)
        self.numeric_hint.setStyleSheet("color:#56627a;")
        numeric_layout.addWidget(self.numeric_edit)
        numeric_layout.addWidget(self.numeric_unit)
        numeric_layout.addWidget(self.numeric_save)
        numeric_layout.addWidget(self.numeric_hint, 1)
        self.input_error = QLabel()
        self.input_error.setStyleSheet("color:#b00020;")
        self.input_error.hide()

        special = QHBoxLayout()
        self.na_button = QPushButton()
        self.na_button.setCheckable(True)
        self.na_button.clicked.connect(lambda: self.answer("not_applicable"))
        self.unknown_button = QPushButton()
        self.unknown_button.setCheckable(True)
        self.unknown_button.clicked.connect(lambda: self.answer("unknown"))
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(lambda: self.answer(None))
        special.addWidget(self.na_button)
        special.addWidget(self.unknown_button)
        special.addWidget(self.clear_button)
        special.addStretch(1)

        self.follow_ups_label = QLabel()
        self.follow_ups_label.setWordWrap(True)
        self.evidence_hint_label = QLabel()
        self.evidence_hint_label.setWordWrap(True)

        details = QGridLayout()
        self.note_label = QLabel()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setMaximumHeight(90)
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_edit.installEventFilter(self)
        self.confidence_label = QLabel()
        self.confidence_combo = QComboBox()
        self.confidence_combo.currentIndexChanged.connect(self._confidence_chosen)
        self.follow_up_check = QCheckBox()
        self.follow_up_check.toggled.connect(self._follow_up_toggled)
        self.evidence_label = QLabel()
        self.evidence_list = QLabel()
        self.evidence_list.setWordWrap(True)
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self._attach_file)
        self.request_combo = QComboBox()
        self.request_combo.activated.connect(self._link_requested)
        details.addWidget(self.note_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        details.addWidget(self.note_edit, 0, 1, 1, 3)
        details.addWidget(self.confidence_label, 1, 0)
        details.addWidget(self.confidence_combo, 1, 1)
        details.addWidget(self.follow_up_check, 1, 2)
        details.addWidget(self.evidence_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        details.addWidget(self.evidence_list, 2, 1, 1, 3)
        details.addWidget(self.attach_button, 3, 1)
        details.addWidget(self.request_combo, 3, 2, 1, 2)
        details.setColumnStretch(3, 1)

        nav = QHBoxLayout()
        self.prev_button = QPushButton()
        self.prev_button.clicked.connect(self.previous_question)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_question)
        self.position_label = QLabel()
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.position_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        for w in (self.section_label, self.question_label, self.guidance_label, self.follow_ups_label,
                  self.evidence_hint_label, self.answer_area, self.numeric_row, self.input_error):
            content_layout.addWidget(w)
        content_layout.addLayout(special)
        content_layout.addLayout(details)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll = scroll
        right_layout.addWidget(scroll, 1)
        right_layout.addLayout(nav)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        root.addWidget(splitter, 1)

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        root.addWidget(self.empty_label)
        self._splitter = splitter

        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def retranslate_ui(self) -> None:
        self.person_label.setText(self.tr("Interviewee:"))
        self.track_label.setText(self.tr("Questionnaire:"))
        self.na_button.setText(self.tr("Not applicable (N)"))
        self.unknown_button.setText(self.tr("Don't know (U)"))
        self.clear_button.setText(self.tr("Clear answer"))
        self.numeric_save.setText(self.tr("Save"))
        self.note_label.setText(self.tr("Note:"))
        self.note_edit.setPlaceholderText(self.tr("What was said, quotes, documents shown... (saved as you type)"))
        self.confidence_label.setText(self.tr("Confidence:"))
        self.follow_up_check.setText(self.tr("Needs follow-up"))
        self.evidence_label.setText(self.tr("Evidence:"))
        self.attach_button.setText(self.tr("Attach file..."))
        self.prev_button.setText(self.tr("< Previous"))
        self.next_button.setText(self.tr("Next >"))
        self.empty_label.setText(self.tr("Register an interviewee in the Interviewees tab, then pick them here "
                                         "to start the interview."))
        current = self.confidence_combo.currentIndex()
        self.confidence_combo.blockSignals(True)
        self.confidence_combo.clear()
        for label, value in ((self.tr("(not set)"), None), (self.tr("High"), "high"),
                             (self.tr("Medium"), "medium"), (self.tr("Low"), "low")):
            self.confidence_combo.addItem(label, value)
        self.confidence_combo.setCurrentIndex(max(0, current))
        self.confidence_combo.blockSignals(False)
        self._update_counters()
        if self.outline_model.language != self.context.language:
            # content texts follow the interface language too
            self.outline_model.language = self.context.language
            self.outline_model.set_track(self.track)
            for i in range(self.person_combo.count()):
                person = self._people.get(self.person_combo.itemData(i))
                if person is not None:
                    self.person_combo.setItemText(i, f"{person.name} - {self._role_name(person.role)}")
            if self.engagement_id is not None:
                titles = {q.id: self.context.text(q.name) for q in self._engagement_questionnaires()}
                for i in range(self.questionnaire_combo.count()):
                    self.questionnaire_combo.setItemText(i, titles.get(self.questionnaire_combo.itemData(i), ""))
        if self.track is not None:
            self._show_question()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- loading ------------------------------------------------------------
    def load(self, engagement_id: str) -> None:
        """Show an engagement: its interviewees, resuming the last one interviewed."""
        self._end_session()
        self.engagement_id = engagement_id
        self.undo_stack.clear()
        people = self.context.repo.list_interviewees(engagement_id)
        self._people = {p.id: p for p in people}
        self._loading = True
        self.person_combo.clear()
        for p in people:
            label = f"{p.name} - {self._role_name(p.role)}"
            self.person_combo.addItem(label, p.id)
        self._loading = False
        has_people = bool(people)
        self._splitter.setVisible(has_people)
        self.empty_label.setVisible(not has_people)
        if not has_people:
            self.track = None
            self.outline_model.set_track(None)
            self._update_counters()
            return
        sessions = self.context.repo.list_sessions(engagement_id)
        last_person = sessions[-1].interviewee_id if sessions else people[0].id
        index = max(0, self.person_combo.findData(last_person))
        if self.person_combo.currentIndex() == index:
            self._person_chosen(index)
        else:
            self.person_combo.setCurrentIndex(index)

    def _role_name(self, role: str) -> str:
        catalogue = self.context.library.catalogue
        if catalogue:
            for r in catalogue.roles:
                if r.id == role:
                    return self.context.text(r.name)
        return role

    def _engagement_questionnaires(self):
        from app.services import engagement_questionnaires

        return engagement_questionnaires(self.context.library, self.context.repo.get_engagement(self.engagement_id))

    def _person_chosen(self, index: int) -> None:
        if self._loading or index < 0 or self.engagement_id is None:
            return
        person_id = self.person_combo.itemData(index)
        person = next(p for p in self.context.repo.list_interviewees(self.engagement_id) if p.id == person_id)
        questionnaires = [q for q in self._engagement_questionnaires() if person.role in q.roles]
        self._loading = True
        self.questionnaire_combo.clear()
        for q in questionnaires:
            self.questionnaire_combo.addItem(self.context.text(q.name), q.id)
        self._loading = False
        preferred = person.questionnaire_id
        last = self.context.repo.last_session(person.id)
        if last is not None:
            preferred = last.questionnaire_id
        position = self.questionnaire_combo.findData(preferred)
        self.questionnaire_combo.setCurrentIndex(max(0, position))
        self._open_track(person, self.questionnaire_combo.currentData())

    def _questionnaire_chosen(self, index: int) -> None:
        if self._loading or index < 0 or self.track is None:
            return
        self._open_track(self.track.person, self.questionnaire_combo.itemData(index))

    def _open_track(self, person, questionnaire_id: str | None) -> None:
        self._end_session()
        if questionnaire_id is None:
            self.track = None
            self.outline_model.set_track(None)
            self._splitter.setVisible(False)
            self.empty_label.setText(self.tr("No questionnaire of this engagement is meant for this role."))
            self.empty_label.setVisible(True)
            self._update_counters()
            return
        self._splitter.setVisible(True)
        self.empty_label.setVisible(False)
        questionnaire = next(q for q in self._engagement_questionnaires() if q.id == questionnaire_id)
        track = InterviewTrack.build(self.context.repo, self.engagement_id, person, questionnaire)
        last = self.context.repo.last_session(person.id, questionnaire.id)
        position = track.index_of(last.last_question_id) if last and last.last_question_id else None
        track.position = position if position is not None else track.first_unanswered()
        self._elapsed_before = sum(s.elapsed_seconds for s in self.context.repo.list_sessions(self.engagement_id)
                                   if s.interviewee_id == person.id and s.questionnaire_id == questionnaire.id)
        engagement = self.context.repo.get_engagement(self.engagement_id)
        self._model = self.context.library.model(questionnaire.model,
                                                 engagement.content_version("model", questionnaire.model))
        self.track = track
        self.outline_model.set_track(track)
        session = self.context.repo.start_session(self.engagement_id, person.id, questionnaire.id)
        self._session_id = session.id
        self._started_at = time.monotonic()
        self._timer.start()
        self._tick()
        self._show_question()

    def select_person(self, interviewee_id: str, questionnaire_id: str | None = None) -> None:
        index = self.person_combo.findData(interviewee_id)
        if index < 0:
            raise UserError("that interviewee is not registered in this engagement")
        if index != self.person_combo.currentIndex():
            self.person_combo.setCurrentIndex(index)
        if questionnaire_id is not None and questionnaire_id != self.questionnaire_combo.currentData():
            self.questionnaire_combo.setCurrentIndex(self.questionnaire_combo.findData(questionnaire_id))

    # -- the timer and the session ------------------------------------------
    def elapsed_seconds(self) -> int:
        running = int(time.monotonic() - self._started_at) if self._started_at is not None else 0
        return self._elapsed_before + running

    def _session_seconds(self) -> int:
        return int(time.monotonic() - self._started_at) if self._started_at is not None else 0

    def _tick(self) -> None:
        seconds = self.elapsed_seconds()
        self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")
        if self._session_id and time.monotonic() - self._last_touch > self.TOUCH_SECONDS:
            self._touch_session()

    def _touch_session(self) -> None:
        if self._session_id is None or self.track is None or self.track.current is None:
            return
        self._last_touch = time.monotonic()
        try:
            self.context.repo.touch_session(self._session_id, self.track.current[1].id, self._session_seconds())
        except StorageUnavailable:
            pass  # the place in the interview is a convenience; answers have their own retry

    def _end_session(self) -> None:
        self._save_note()
        if self._session_id is not None:
            try:
                self._touch_session()
                self.context.repo.end_session(self._session_id, self._session_seconds())
            except StorageUnavailable:
                pass
        self._session_id = None
        self._started_at = None
        self._timer.stop()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._save_note()
        self._touch_session()
        super().hideEvent(event)

    # -- showing a question ---------------------------------------------------
    def _show_question(self) -> None:
        track = self.track
        if track is None or track.current is None:
            return
        section, question = track.current
        lang = self.context.language
        self._loading = True
        self.section_label.setText(self.context.text(section.title))
        self.question_label.setText(question.text.get(lang))
        guidance = question.guidance.get(lang) if question.guidance else ""
        self.guidance_label.setText(self.tr("Guidance: ") + guidance if guidance else "")
        self.guidance_label.setVisible(bool(guidance))
        follow = "".join(f"<li>{_escape(f.get(lang))}</li>" for f in question.follow_ups)
        follow_title = self.tr("Follow-up prompts")
        self.follow_ups_label.setText(f"<b>{follow_title}</b><ul>{follow}</ul>" if follow else "")
        self.follow_ups_label.setVisible(bool(follow))
        evidence = ", ".join(_escape(e.get(lang)) for e in question.evidence)
        evidence_title = self.tr("Evidence to ask for:")
        self.evidence_hint_label.setText(f"<b>{evidence_title}</b> {evidence}" if evidence else "")
        self.evidence_hint_label.setVisible(bool(evidence))
        self._build_answer_widgets(question)
        record = track.answers.get(question.id)
        self.note_edit.setPlainText(record.note if record else "")
        self.confidence_combo.setCurrentIndex(max(0, self.confidence_combo.findData(
            record.confidence if record else None)))
        self.follow_up_check.setChecked(bool(record and record.follow_up))
        self._show_selection()
        self._show_evidence()
        self.input_error.hide()
        self._loading = False
        self.position_label.setText(self.tr("Question %1 of %2").replace("%1", str(track.position + 1))
                                    .replace("%2", str(len(track.items))))
        self.prev_button.setEnabled(track.position > 0)
        self.next_button.setEnabled(track.position < len(track.items) - 1)
        row = self.outline_model.row_of_question(question.id)
        if row is not None:
            self.outline.setCurrentIndex(self.outline_model.index(row))
            self.outline.scrollTo(self.outline_model.index(row))
        self.scroll.verticalScrollBar().setValue(0)
        self._update_counters()

    def _build_answer_widgets(self, question: Question) -> None:
        while self.answer_layout.count():
            item = self.answer_layout.takeAt(0)
            if item.widget():
                # hidden at once: deleteLater alone leaves the old card painted under the new one
                item.widget().hide()
                item.widget().deleteLater()
        self._cards = {}
        spec = question.answer
        model = self._model_for(question)
        lang = self.context.language
        self.numeric_row.setVisible(isinstance(spec, NumericAnswer))
        if isinstance(spec, LevelsAnswer):
            capability = _capability(model, question.capability)
            descriptors = spec.descriptors or (capability.levels if capability else {})
            for level in model.scale.levels:
                body = descriptors.get(level.level)
                self._add_card(str(level.level), str(level.level), level.name.get(lang),
                               body.get(lang) if body else level.description.get(lang))
        elif isinstance(spec, YesNoAnswer):
            self._add_card("yes", "Y", self.tr("Yes"), "")
            self._add_card("no", "0", self.tr("No"), "")
        elif isinstance(spec, ChoiceAnswer):
            for i, option in enumerate(spec.options, start=1):
                self._add_card(option.id, str(i), option.text.get(lang), "")
        else:
            self.numeric_unit.setText(spec.unit)
            hints = []
            for t in spec.thresholds:
                bound = f">= {t.at_least:g}" if t.at_least is not None else f"<= {t.at_most:g}"
                hints.append(f"{bound} {spec.unit} -> {t.level}")
            self.numeric_hint.setText(self.tr("Levels: ") + "; ".join(hints) if hints else "")
            record = self.track.answers.get(question.id) if self.track else None
            self.numeric_edit.setText(record.value if record and record.status == "given" and record.value else "")

    def _add_card(self, value: str, key: str, title: str, body: str) -> None:
        card = ChoiceCard(key, title, body)
        card.clicked.connect(lambda v=value: self.answer("given", v))
        self.answer_layout.addWidget(card)
        self._cards[value] = card

    def _model_for(self, _question: Question):
        assert self._model is not None
        return self._model

    def _show_selection(self) -> None:
        if self.track is None or self.track.current is None:
            return
        question = self.track.current[1]
        state = self.track.state_of(question.id)
        for value, card in self._cards.items():
            card.set_selected(state.status == "given" and state.value == value)
        self.na_button.setChecked(state.status == "not_applicable")
        self.unknown_button.setChecked(state.status == "unknown")

    def _update_counters(self) -> None:
        track = self.track
        if track is None:
            self.remaining_label.setText("")
            self.progress.setValue(0)
            return
        total = len(track.items)
        done = track.answered_count
        self.remaining_label.setText(self.tr("%1 questions left").replace("%1", str(total - done)))
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    # -- navigation -----------------------------------------------------------
    def go_to(self, position: int) -> None:
        if self.track is None or not self.track.items:
            return
        self._save_note()
        self.track.position = max(0, min(position, len(self.track.items) - 1))
        self._show_question()
        self._touch_session()

    def next_question(self) -> None:
        if self.track is not None:
            self.go_to(self.track.position + 1)

    def previous_question(self) -> None:
        if self.track is not None:
            self.go_to(self.track.position - 1)

    def _outline_clicked(self, index: QModelIndex) -> None:
        question_id = index.data(OutlineModel.QuestionIdRole)
        if question_id and self.track is not None:
            position = self.track.index_of(question_id)
            if position is not None:
                self.go_to(position)

    # -- answering -------------------------------------------------------------
    def answer(self, status: str | None, value: str | None = None) -> None:
        """Give (or clear) the answer to the current question: one undoable, saved step."""
        if self.track is None or self.track.current is None:
            return
        question = self.track.current[1]
        if status == "given" and value is not None:
            try:
                value = normalise_value(question, self._model_for(question).scale, value)
            except InvalidAnswer as exc:
                self.input_error.setText(str(exc).split(": ", 1)[-1])
                self.input_error.show()
                return
        self.input_error.hide()
        old = self.track.state_of(question.id)
        new = AnswerState(status, value if status == "given" else None)
        if old == new:
            self._show_selection()
            return
        self.undo_stack.push(AnswerCommand(self, self.track, question.id, old, new,
                                           self.tr("answer to %1").replace("%1", question.id)))

    def apply_answer(self, track: InterviewTrack, question_id: str, state: AnswerState) -> None:
        """Write an answer state now; called by the undo commands (do, undo, redo)."""
        key = (track.person.id, track.questionnaire.id, question_id)
        try:
            self._write(track, question_id, state)
        except StorageUnavailable as exc:
            # Keep what the consultant chose on screen and in the retry queue.
            self._pending[key] = (track, state)
            self._show_banner(str(exc))
            self._retry.start()
            self._remember_locally(track, question_id, state)
        else:
            self._pending.pop(key, None)
            # What was written is known: update the cached record instead of reading it
            # back, which would double the cost of every key press.
            self._remember_locally(track, question_id, state)
        self._after_change(track, question_id)

    def _write(self, track: InterviewTrack, question_id: str, state: AnswerState) -> None:
        repo = self.context.repo
        if state.status is None:
            repo.clear_answer(track.person.id, track.questionnaire.id, question_id)
        else:
            confidence = self.confidence_combo.currentData() if track is self.track else None
            repo.save_answer(track.engagement_id, track.person.id, track.questionnaire.id, question_id,
                             state.status, state.value, confidence=confidence, answered_by=self.context.consultant)

    def _remember_locally(self, track: InterviewTrack, question_id: str, state: AnswerState) -> None:
        from dataclasses import replace

        from app.storage.records import AnswerRecord

        record = track.answers.get(question_id)
        if record is None:
            record = AnswerRecord("", track.engagement_id, track.person.id, track.questionnaire.id, question_id,
                                  None, None, "", None, False, "", _now())
        confidence = self.confidence_combo.currentData() if track is self.track else None
        track.answers[question_id] = replace(record, status=state.status, value=state.value,
                                             confidence=confidence or record.confidence)

    def _after_change(self, track: InterviewTrack, question_id: str) -> None:
        if track is self.track:
            self.outline_model.question_changed(question_id)
            current = track.current
            if current is not None and current[1].id == question_id:
                self._show_selection()
                if isinstance(current[1].answer, NumericAnswer):
                    state = track.state_of(question_id)
                    self.numeric_edit.setText(state.value or "")
            # QProgressBar repaints synchronously on setValue; after the key is handled
            # it costs the consultant nothing.
            QTimer.singleShot(0, self._update_counters)
        if not self._pending:
            self.banner.hide()
            self.answer_saved.emit(track.engagement_id)

    def _retry_pending(self) -> None:
        for key, (track, state) in list(self._pending.items()):
            try:
                self._write(track, key[2], state)
            except StorageUnavailable as exc:
                self._show_banner(str(exc))
                return
            self._pending.pop(key, None)
            track.refresh(self.context.repo, key[2])
            self._after_change(track, key[2])
        self._retry.stop()
        self.banner.hide()

    def _show_banner(self, reason: str) -> None:
        count = len(self._pending)
        self.banner.setText(self.tr("Not saved yet (%1). %2 answer(s) are kept here and retried every two "
                                    "seconds; do not close the window.").replace("%1", reason)
                            .replace("%2", str(count)))
        self.banner.show()

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def _numeric_entered(self) -> bool:
        text = self.numeric_edit.text().strip()
        if not text:
            return False
        self.answer("given", text)
        return not self.input_error.isVisibleTo(self)

    # -- note, confidence, follow-up -------------------------------------------
    def _note_typed(self) -> None:
        if not self._loading:
            self._note_timer.start()

    def _save_note(self) -> None:
        self._note_timer.stop()
        track = self.track
        if track is None or track.current is None or self._loading:
            return
        question = track.current[1]
        text = self.note_edit.toPlainText()
        record = track.answers.get(question.id)
        if (record.note if record else "") == text:
            return
        try:
            self.context.repo.set_answer_note(track.engagement_id, track.person.id, track.questionnaire.id,
                                              question.id, text)
        except StorageUnavailable as exc:
            self._show_banner(str(exc))
            self._note_timer.start(self.RETRY_MS)
            return
        track.refresh(self.context.repo, question.id)

    def _confidence_chosen(self, _index: int) -> None:
        track = self.track
        if self._loading or track is None or track.current is None:
            return
        question = track.current[1]
        self._guarded(lambda: self.context.repo.set_answer_confidence(
            track.engagement_id, track.person.id, track.questionnaire.id, question.id,
            self.confidence_combo.currentData()))
        track.refresh(self.context.repo, question.id)
        self.answer_saved.emit(track.engagement_id)

    def _follow_up_toggled(self, checked: bool) -> None:
        track = self.track
        if self._loading or track is None or track.current is None:
            return
        question = track.current[1]
        self._guarded(lambda: self.context.repo.set_follow_up(track.engagement_id, track.person.id,
                                                              track.questionnaire.id, question.id, checked))
        track.refresh(self.context.repo, question.id)

    def _guarded(self, action) -> bool:
        try:
            action()
            return True
        except UserError as exc:
            from app.ui.errors import present_error

            present_error(exc, self)
            return False

    # -- evidence ---------------------------------------------------------------
    def _show_evidence(self) -> None:
        """What is linked to the current answer, and the documents that can be linked to it.

        One read of the engagement's evidence list serves both widgets.
        """
        track = self.track
        self.request_combo.blockSignals(True)
        self.request_combo.clear()
        self.request_combo.addItem(self.tr("Link a requested document..."), None)
        if track is None or track.current is None:
            self.request_combo.blockSignals(False)
            return
        evidence = self.context.repo.list_evidence(track.engagement_id)
        record = track.answers.get(track.current[1].id)
        ids = set(record.evidence_ids) if record else set()
        linked = [e for e in evidence if e.id in ids]
        if linked:
            self.evidence_list.setText("; ".join(
                _escape(e.title) + ("" if e.received else " " + self.tr("(requested, not received)"))
                for e in linked))
        else:
            self.evidence_list.setText(self.tr("none attached"))
        for e in evidence:
            state = self.tr("received") if e.received else self.tr("requested")
            self.request_combo.addItem(f"{e.title} ({state})", ("link", e.id))
        for item in track.current[1].evidence:
            text = item.get(self.context.language)
            self.request_combo.addItem(self.tr("Request from customer: %1").replace("%1", text), ("request", text))
        self.request_combo.blockSignals(False)

    def _link_requested(self, index: int) -> None:
        data = self.request_combo.itemData(index)
        self.request_combo.setCurrentIndex(0)
        track = self.track
        if data is None or track is None or track.current is None:
            return
        kind, value = data
        question = track.current[1]
        repo = self.context.repo

        def link() -> None:
            evidence_id = value if kind == "link" else repo.request_evidence(track.engagement_id, value).id
            repo.link_evidence(track.engagement_id, track.person.id, track.questionnaire.id, question.id,
                               evidence_id)

        if self._guarded(link):
            track.refresh(repo, question.id)
            self._show_evidence()
            self.answer_saved.emit(track.engagement_id)

    def _attach_file(self) -> None:
        if self.track is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach evidence"))
        if path:
            self.attach_file(path)

    def attach_file(self, path: str) -> None:
        """Copy a file into the evidence store (in the background) and link it to the current answer."""
        track = self.track
        if track is None or track.current is None:
            return
        question = track.current[1]
        repo = self.context.repo

        def copy_and_link(*_args) -> str:
            evidence = repo.add_evidence_file(track.engagement_id, path)
            repo.link_evidence(track.engagement_id, track.person.id, track.questionnaire.id, question.id,
                               evidence.id)
            return evidence.id

        def done(_result) -> None:
            track.refresh(repo, question.id)
            self._show_evidence()
            self.answer_saved.emit(track.engagement_id)

        run_in_background(self, copy_and_link, done, self.tr("Copying evidence..."))

    # -- keyboard -----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # getattr: the filter sees events while the widgets are still being built
        if watched is getattr(self, "note_edit", None) and event.type() == QEvent.Type.FocusOut:
            self._save_note()
        if watched is getattr(self, "numeric_edit", None) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter saves the number and moves on, like a level key then Enter; a value
            # that does not fit stays in the field with the reason under it.
            if self._numeric_entered():
                self.next_question()
                self.setFocus()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.handle_key(event.key(), event.text(), event.modifiers()):
            event.accept()
            return
        super().keyPressEvent(event)

    def handle_key(self, key: int, text: str, modifiers=Qt.KeyboardModifier.NoModifier) -> bool:
        track = self.track
        if track is None or track.current is None:
            return False
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        question = track.current[1]
        spec = question.answer
        char = text.lower()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_PageDown):
            self.next_question()
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.previous_question()
            return True
        if char == "n":
            self.answer("not_applicable")
            return True
        if char == "u":
            self.answer("unknown")
            return True
        if isinstance(spec, LevelsAnswer) and char.isdigit() and char in self._cards:
            self.answer("given", char)
            return True
        if isinstance(spec, YesNoAnswer) and char in ("y", "1", "0"):
            self.answer("given", "no" if char == "0" else "yes")
            return True
        if isinstance(spec, ChoiceAnswer) and char.isdigit() and 1 <= int(char) <= len(spec.options):
            self.answer("given", spec.options[int(char) - 1].id)
            return True
        if isinstance(spec, NumericAnswer) and (char.isdigit() or char in ".-"):
            self.numeric_edit.setFocus()
            self.numeric_edit.setText(text)
            return True
        return False

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._end_session()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Flush the note and the session before the window closes."""
        self._end_session()
        if self._pending:
            self._retry_pending()


def run_in_background(parent: QWidget, fn, on_done, label: str) -> None:
    """Copying a file can take seconds: run it in a worker, result and errors back on the UI thread."""
    from app.ui.tasks import run_task

    parent.setToolTip(label)
    run_task(lambda _control: fn(), on_done, owner=parent)


def _capability(model, capability_id: str):
    for domain in model.domains:
        for cap in domain.capabilities:
            if cap.id == capability_id:
                return cap
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _now():
    from datetime import datetime

    return datetime.now()

