"""The interview screen: one question at a time, answered with the keyboard or the mouse, saved at once.

Answer keys are live whenever this screen shows and the cursor is not in a text field
(the cue in the top bar says which); :data:`KEYS` lists them, for the legend on the
screen and for Help. Esc leaves a text field and goes back to answering.

Every change (answer, note, confidence, follow-up flag, attachment) is one
:class:`~app.ui.interview_state.AnswerWrite` carrying the engagement, interviewee,
questionnaire and question it belongs to and every value it sets. The
:class:`~app.ui.interview_writer.AnswerWriter` saves it off the UI thread; when the
database refuses (locked by another program, read-only), the change stays on screen
and in the writer, the banner counts what is waiting, and it is retried until saved.

Undo: one stack per interviewee and questionnaire (the one on screen is active); an
undo step of another question first shows that question, then changes it.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QEvent,
    QModelIndex,
    QObject,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QFont, QKeyEvent, QKeySequence, QShortcut, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.content.schema import ChoiceAnswer, LevelsAnswer, NumericAnswer, Question, YesNoAnswer
from app.errors import UserError
from app.scoring.answers import InvalidAnswer, normalise_value
from app.services import engagements, interviews
from app.storage.errors import StorageUnavailable
from app.ui.context import AppContext
from app.ui.interview_state import AnswerCommand, AnswerKey, AnswerWrite, InterviewTrack, OutlineModel
from app.ui.interview_writer import AnswerWriter

CARD_STYLE = """
QFrame#card { border: 1px solid #c9d2de; border-radius: 5px; background: #ffffff; }
QFrame#card:hover { border-color: #5b8def; }
QFrame#card[selected="true"] { border: 3px solid #0b4ea2; background: #1f5fbf; }
QFrame#card[selected="true"] QLabel { color: #ffffff; }
QPushButton[chosen="true"] { background: #1f5fbf; color: #ffffff; font-weight: bold;
                             border: 2px solid #0b4ea2; border-radius: 4px; padding: 3px 10px; }
QLabel#answerChip { border-radius: 4px; padding: 2px 8px; font-weight: bold; }
QLabel#answerChip[state="none"] { background: #eef2f7; color: #56627a; }
QLabel#answerChip[state="given"] { background: #1f5fbf; color: #ffffff; }
QLabel#answerChip[state="not_applicable"] { background: #5f6b7a; color: #ffffff; }
QLabel#answerChip[state="unknown"] { background: #b26a00; color: #ffffff; }
QLabel#keysCue { border-radius: 4px; padding: 2px 8px; }
QLabel#modeChip { border-radius: 4px; padding: 2px 8px; background: #e8e1f5; color: #3d2a6b; font-weight: bold; }
QLabel#criteriaLabel { color: #3b4a5e; background: #f6f8fb; border-left: 3px solid #5b8def; padding: 2px 6px; }
QLabel#conditionsLabel { background: #f6f8fb; padding: 6px; border-radius: 4px; }
QLabel#keysCue[live="true"] { background: #dff3e4; color: #1e5b2c; }
QLabel#keysCue[live="false"] { background: #fff4ce; color: #6b4e00; }
"""

# The keys of the interview, for the legend on the screen and for Help: (keys, what they do).
# The texts are translated where they are shown (QCoreApplication.translate("InterviewView", ...)).
KEYS: tuple[tuple[str, str], ...] = (
    ("0 – 5", QT_TRANSLATE_NOOP("InterviewView", "level (level questions)")),
    ("Y / 1", QT_TRANSLATE_NOOP("InterviewView", "yes (yes/no questions)")),
    ("N / 0", QT_TRANSLATE_NOOP("InterviewView", "no (yes/no questions)")),
    ("1 – 9", QT_TRANSLATE_NOOP("InterviewView", "option (choice questions)")),
    ("0 – 9 . -", QT_TRANSLATE_NOOP("InterviewView", "type a number (number questions); leaving the field saves it")),
    ("X", QT_TRANSLATE_NOOP("InterviewView", "not applicable")),
    ("U", QT_TRANSLATE_NOOP("InterviewView", "don't know")),
    ("Del", QT_TRANSLATE_NOOP("InterviewView", "clear the answer")),
    ("F", QT_TRANSLATE_NOOP("InterviewView", "flag / unflag for follow-up")),
    ("Q", QT_TRANSLATE_NOOP("InterviewView", "the note may be quoted in reports, or not")),
    ("Enter, →, ↓", QT_TRANSLATE_NOOP("InterviewView", "next question")),
    ("←, ↑", QT_TRANSLATE_NOOP("InterviewView", "previous question")),
    ("G", QT_TRANSLATE_NOOP("InterviewView", "next unanswered question")),
    ("Shift+U", QT_TRANSLATE_NOOP("InterviewView", "next \"don't know\"")),
    ("Shift+F", QT_TRANSLATE_NOOP("InterviewView", "next flagged question")),
    ("Shift+X", QT_TRANSLATE_NOOP("InterviewView", "next \"not applicable\"")),
    ("Alt+N", QT_TRANSLATE_NOOP("InterviewView", "write a note")),
    ("Alt+Q", QT_TRANSLATE_NOOP("InterviewView", "quote: who said it and when, into the note")),
    ("Esc", QT_TRANSLATE_NOOP("InterviewView", "leave a text field, back to the answer keys")),
    ("Tab", QT_TRANSLATE_NOOP("InterviewView", "leave the note")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("InterviewView", "search the questions")),
    ("Ctrl+Z", QT_TRANSLATE_NOOP("InterviewView", "undo (shows the question it changes)")),
    ("Ctrl+Shift+Z, Ctrl+Y", QT_TRANSLATE_NOOP("InterviewView", "redo")),
)


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("InterviewView", text)


def key_legend() -> list[tuple[str, str]]:
    """(keys, what they do) in the interface language: the legend and the Help dialog show this."""
    return [(keys, _tr(what)) for keys, what in KEYS]


def _is_text_input(widget: QWidget | None) -> bool:
    return isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)) or (
        isinstance(widget, QComboBox) and widget.isEditable())


class ChoiceCard(QFrame):
    """A selectable card: a level or an option, with what it means, compact enough for six on a laptop."""

    clicked = Signal()

    def __init__(self, key: str, title: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("selected", False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 8, 3)
        layout.setSpacing(6)
        self.badge = QLabel(key)
        self.badge.setFixedWidth(30)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        font = self.badge.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.badge.setFont(font)
        self.key = key
        self.title_text = title
        self.body_text = body
        self.text = QLabel(self._html(title, body))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.badge)
        layout.addWidget(self.text, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    @staticmethod
    def _html(title: str, body: str) -> str:
        return f"<b>{_escape(title)}</b>" + (f" — {_escape(body)}" if body else "")

    def set_selected(self, selected: bool) -> None:
        if self.property("selected") != selected:
            self.setProperty("selected", selected)
            self.badge.setText(("✓" + self.key) if selected else self.key)
            for widget in (self, self.badge, self.text):
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class _WrappingScrollArea(QScrollArea):
    """Scrolls only as far as the wrapped texts need at the current width.

    A word-wrapped label's minimum size hint assumes a narrow width (900 px of height
    for one question), so the plain scroll area offered to scroll into blank space.
    """

    def fit_height(self) -> None:
        widget = self.widget()
        layout = widget.layout() if widget is not None else None
        if layout is None:
            return
        layout.activate()
        width = self.viewport().width()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
        widget.setMinimumHeight(max(0, height))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_height()


class InterviewView(QWidget):
    """The interview tab of an engagement."""

    answer_saved = Signal(str)  # engagement id, after every change the database took

    RETRY_MS = 2000
    TOUCH_SECONDS = 30
    NOTE_SAVE_MS = 800
    REFRESH_MS = 40  # the outline and counters follow a change this much later (after the save's acknowledgement)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.engagement_id: str | None = None
        self.track: InterviewTrack | None = None
        self.writer = AnswerWriter(context.repo, self.RETRY_MS, self)
        self.writer.saved.connect(self._saved)
        self.writer.attached.connect(self._attached)
        self.writer.stalled.connect(lambda _reason: self._update_banner())
        self.writer.pending_changed.connect(self._update_banner)
        self.writer.dropped.connect(self._dropped)
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[tuple[str, str], QUndoStack] = {}
        self._cards: dict[str, ChoiceCard] = {}
        self._shown_key: AnswerKey | None = None  # the answer the note and number fields belong to
        self._evidence: list = []
        self._session_id: str | None = None
        self._elapsed_before = 0
        self._started_at: float | None = None
        self._last_touch = 0.0
        self._loading = False
        self._model = None
        self._people: dict = {}
        self._progress: dict = {}  # interviewee id -> IntervieweeProgress on their own track
        self._progress_tracks: dict[str, str | None] = {}  # interviewee id -> the questionnaire it counts
        self._filtering = False
        # Where each interview stands, known here at once (the database hears it from the writer thread).
        self._places: dict[tuple[str, str], str] = {}  # (person, questionnaire) -> question id
        self._last_questionnaire: dict[str, str] = {}  # person -> questionnaire
        self._build()
        self.retranslate_ui()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(self.NOTE_SAVE_MS)
        self._note_timer.timeout.connect(self._save_note)
        self._dirty_questions: set[str] = set()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(self.REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_later)
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.setInterval(4000)
        self._hint_timer.timeout.connect(self._update_cue)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)

    # -- layout -------------------------------------------------------------
    def _build(self) -> None:
        self.setStyleSheet(CARD_STYLE)
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 4, 6, 4)
        root.setSpacing(4)

        bar = QHBoxLayout()
        self.person_label = QLabel()
        self.person_combo = QComboBox()
        self.person_combo.setMinimumWidth(200)
        self.person_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.person_combo.currentIndexChanged.connect(self._person_chosen)
        self.person_combo.activated.connect(lambda _i: self.focus_answers())
        self.track_label = QLabel()
        self.questionnaire_combo = QComboBox()
        self.questionnaire_combo.setMinimumWidth(180)
        self.questionnaire_combo.currentIndexChanged.connect(self._questionnaire_chosen)
        self.questionnaire_combo.activated.connect(lambda _i: self.focus_answers())
        self.keys_cue = QLabel(objectName="keysCue")
        self.keys_cue.setProperty("live", False)
        self.legend_button = QToolButton()
        self.legend_button.setCheckable(True)
        self.legend_button.setChecked(bool(QSettings().value("interview/legend", True, type=bool)))
        self.legend_button.toggled.connect(self._legend_toggled)
        self.timer_label = QLabel("00:00")
        timer_font = QFont(self.timer_label.font())
        timer_font.setPointSize(timer_font.pointSize() + 2)
        timer_font.setBold(True)
        self.timer_label.setFont(timer_font)
        self.remaining_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(True)
        for w in (self.person_label, self.person_combo, self.track_label, self.questionnaire_combo):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.keys_cue, self.legend_button, self.remaining_label, self.progress, self.timer_label):
            bar.addWidget(w)
        root.addLayout(bar)

        self.banner = QLabel(objectName="pendingBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4ce; border:1px solid #e0b000; padding:4px;")
        self.banner.hide()
        root.addWidget(self.banner)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        # -- left: search, filter, outline
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(3)
        self.search_edit = QLineEdit(objectName="outlineSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search_changed)
        self.filter_combo = QComboBox(objectName="outlineFilter")
        self.filter_combo.currentIndexChanged.connect(self._filter_chosen)
        self.outline_model = OutlineModel(self.context.language, self)
        self.outline = QListView()
        self.outline.setModel(self.outline_model)
        self.outline.setWordWrap(False)
        self.outline.setUniformItemSizes(True)
        self.outline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.outline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outline.clicked.connect(self._outline_clicked)
        self.outline.activated.connect(self._outline_clicked)
        self.outline_empty = QLabel()
        self.outline_empty.setWordWrap(True)
        self.outline_empty.setStyleSheet("color:#56627a;")
        self.outline_empty.hide()
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.filter_combo)
        left_layout.addWidget(self.outline, 1)
        left_layout.addWidget(self.outline_empty)
        left.setMinimumWidth(220)
        splitter.addWidget(left)

        # -- centre: the question, its answer controls and the note (fits 1366x768)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(6, 0, 6, 0)
        content_layout.setSpacing(4)
        head = QHBoxLayout()
        self.answer_chip = QLabel(objectName="answerChip")
        self.answer_chip.setProperty("state", "none")
        self.section_label = QLabel()
        self.section_label.setStyleSheet("color:#56627a;")
        self.section_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # How this questionnaire is put (a desk review is answered from records, not in conversation)
        self.mode_chip = QLabel(objectName="modeChip")
        self.mode_chip.hide()
        self.position_label = QLabel()
        self.prev_button = QPushButton()
        self.prev_button.clicked.connect(self.previous_question)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_question)
        head.addWidget(self.section_label, 1)
        head.addWidget(self.mode_chip)
        head.addWidget(self.answer_chip)
        head.addWidget(self.position_label)
        head.addWidget(self.prev_button)
        head.addWidget(self.next_button)
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        qfont = QFont(self.question_label.font())
        qfont.setPointSize(qfont.pointSize() + 2)
        qfont.setBold(True)
        self.question_label.setFont(qfont)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The question's own quality criteria (content may list them): must hold for an answer to count.
        self.criteria_label = QLabel(objectName="criteriaLabel")
        self.criteria_label.setWordWrap(True)
        self.criteria_label.setTextFormat(Qt.TextFormat.RichText)
        self.criteria_label.hide()

        self.answer_area = QWidget()
        self.answer_layout = QVBoxLayout(self.answer_area)
        self.answer_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_layout.setSpacing(3)

        self.numeric_row = QWidget()
        numeric_layout = QHBoxLayout(self.numeric_row)
        numeric_layout.setContentsMargins(0, 0, 0, 0)
        self.numeric_edit = QLineEdit(objectName="numericEdit")
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
        self.input_error.setWordWrap(True)
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
        self.confidence_label = QLabel()
        self.confidence_combo = QComboBox()
        self.confidence_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # both languages
        self.confidence_combo.currentIndexChanged.connect(self._confidence_chosen)
        self.follow_up_check = QCheckBox()
        self.follow_up_check.toggled.connect(self._follow_up_toggled)
        # Findings quote a note only when the consultant marked it so (confidentiality): right above the note.
        self.quotable_check = QCheckBox(objectName="quotableCheck")
        self.quotable_check.toggled.connect(self._quotable_toggled)
        for w in (self.na_button, self.unknown_button, self.clear_button):
            special.addWidget(w)
        special.addStretch(1)
        for w in (self.confidence_label, self.confidence_combo, self.follow_up_check, self.quotable_check):
            special.addWidget(w)

        note_head = QVBoxLayout()  # beside the note, not above it: a laptop screen has no line to spare
        self.note_label = QLabel()
        self.quote_button = QPushButton()
        self.quote_button.clicked.connect(self.quick_quote)
        note_head.addWidget(self.note_label)
        note_head.addWidget(self.quote_button)
        note_head.addStretch(1)
        self.note_edit = QPlainTextEdit(objectName="noteEdit")
        self.note_edit.setTabChangesFocus(True)  # Tab leaves the note; it never types a tab
        self.note_edit.setFixedHeight(62)
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_edit.installEventFilter(self)

        note_row = QHBoxLayout()
        note_row.addLayout(note_head)
        note_row.addWidget(self.note_edit, 1)
        content_layout.addLayout(head)
        content_layout.addWidget(self.question_label)
        for w in (self.criteria_label, self.answer_area, self.numeric_row, self.input_error):
            content_layout.addWidget(w)
        content_layout.addLayout(special)
        content_layout.addLayout(note_row)
        content_layout.addStretch(1)
        scroll = _WrappingScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.scroll = scroll
        splitter.addWidget(scroll)

        # -- right: the interviewer's guide, the evidence register and the key legend
        guide = QWidget()
        guide_layout = QVBoxLayout(guide)
        guide_layout.setContentsMargins(4, 0, 4, 0)
        guide_layout.setSpacing(6)
        self.legend = QLabel(objectName="keyLegend")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("background:#f7f7f2; border:1px solid #dcdccc; padding:4px;")
        self.legend.setVisible(self.legend_button.isChecked())
        self.guidance_label = QLabel()
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setStyleSheet("background:#f3f6fa; padding:6px; border-radius:4px;")
        self.follow_ups_label = QLabel()
        self.follow_ups_label.setWordWrap(True)
        self.evidence_hint_label = QLabel()
        self.evidence_hint_label.setWordWrap(True)
        # The capability's level conditions and the model's rule for a level met only in part
        self.conditions_label = QLabel(objectName="conditionsLabel")
        self.conditions_label.setWordWrap(True)
        self.conditions_label.setTextFormat(Qt.TextFormat.RichText)
        self.conditions_label.hide()
        self.evidence_label = QLabel()
        self.evidence_summary = QLabel()
        self.evidence_summary.setStyleSheet("color:#56627a;")
        # How far the answer was borne out (claimed, shown, verified): feeds the capability's confidence.
        self.strength_label = QLabel()
        self.strength_combo = QComboBox(objectName="evidenceStrength")
        self.strength_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.strength_combo.setMinimumContentsLength(10)  # the guide pane stays narrow in both languages
        self.strength_combo.currentIndexChanged.connect(self._strength_chosen)
        self.evidence_view = QListWidget(objectName="evidenceList")
        self.evidence_view.setMaximumHeight(110)
        self.evidence_view.currentRowChanged.connect(lambda _row: self._evidence_buttons())
        self.evidence_view.itemDoubleClicked.connect(lambda _item: self.open_evidence())
        buttons = QHBoxLayout()
        self.open_evidence_button = QPushButton()
        self.open_evidence_button.clicked.connect(self.open_evidence)
        self.rename_evidence_button = QPushButton()
        self.rename_evidence_button.clicked.connect(self.rename_evidence)
        self.received_button = QPushButton()
        self.received_button.clicked.connect(self.toggle_received)
        self.unlink_evidence_button = QPushButton()
        self.unlink_evidence_button.clicked.connect(self.unlink_evidence)
        self.remove_evidence_button = QPushButton()
        self.remove_evidence_button.clicked.connect(self.remove_evidence)
        for w in (self.open_evidence_button, self.rename_evidence_button, self.received_button):
            buttons.addWidget(w)
        buttons2 = QHBoxLayout()
        for w in (self.unlink_evidence_button, self.remove_evidence_button):
            buttons2.addWidget(w)
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self._attach_file)
        self.request_combo = QComboBox()
        self.request_combo.activated.connect(self._link_requested)
        self.request_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.request_combo.setMinimumContentsLength(12)
        for w in (self.guidance_label, self.follow_ups_label, self.conditions_label, self.evidence_hint_label):
            guide_layout.addWidget(w)
        evidence_head = QHBoxLayout()
        evidence_head.addWidget(self.evidence_label)
        evidence_head.addWidget(self.evidence_summary, 1)
        guide_layout.addLayout(evidence_head)
        strength_row = QHBoxLayout()
        strength_row.addWidget(self.strength_label)
        strength_row.addWidget(self.strength_combo, 1)
        guide_layout.addLayout(strength_row)
        guide_layout.addWidget(self.evidence_view)
        guide_layout.addLayout(buttons)
        guide_layout.addLayout(buttons2)
        guide_layout.addWidget(self.attach_button)
        guide_layout.addWidget(self.request_combo)
        guide_layout.addWidget(self.legend)
        guide_layout.addStretch(1)
        guide_scroll = QScrollArea()
        guide_scroll.setWidgetResizable(True)
        guide_scroll.setFrameShape(QFrame.Shape.NoFrame)
        guide_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        guide_scroll.setWidget(guide)
        guide_scroll.setMinimumWidth(260)
        self.guide_scroll = guide_scroll
        splitter.addWidget(guide_scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([250, 760, 320])
        root.addWidget(splitter, 1)

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        root.addWidget(self.empty_label)
        self._splitter = splitter

        # Undo and redo: plain actions over the group, so that their texts follow the
        # language and name the question (the Edit menu shows them).
        self.undo_action = self.undo_group.createUndoAction(self)
        self.redo_action = self.undo_group.createRedoAction(self)
        self.undo_action.setObjectName("action:undo_answer")
        self.redo_action.setObjectName("action:redo_answer")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_group.undoTextChanged.connect(lambda _t: self._undo_texts())
        self.undo_group.redoTextChanged.connect(lambda _t: self._undo_texts())
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        for keys, slot in (("Alt+N", self.focus_note), ("Alt+Q", self.quick_quote)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def retranslate_ui(self) -> None:
        self.track_label.setText(self.tr("Questionnaire:"))
        self.na_button.setText(self.tr("Not applicable (X)"))
        self.unknown_button.setText(self.tr("Don't know (U)"))
        self.clear_button.setText(self.tr("Clear (Del)"))
        self.numeric_save.setText(self.tr("Save"))
        self.note_label.setText(self.tr("Note (Alt+N):"))
        self.quotable_check.setText(self.tr("Quotable (Q)"))
        self.quotable_check.setToolTip(self.tr("Reports may quote this note (the speaker named by role unless "
                                               "names are chosen at export); unmarked notes are never quoted"))
        self._apply_mode()
        self.confidence_label.setText(self.tr("Confidence:"))
        self.follow_up_check.setText(self.tr("Follow up (F)"))
        self.evidence_label.setText(self.tr("<b>Evidence</b>"))
        self.attach_button.setText(self.tr("Attach file..."))
        self.open_evidence_button.setText(self.tr("Open"))
        self.rename_evidence_button.setText(self.tr("Rename..."))
        self.unlink_evidence_button.setText(self.tr("Unlink"))
        self.unlink_evidence_button.setToolTip(self.tr("Unlink from this answer; the document stays in the "
                                                       "engagement"))
        self.remove_evidence_button.setText(self.tr("Remove..."))
        self.remove_evidence_button.setToolTip(self.tr("Remove the document from the engagement"))
        self.prev_button.setText(self.tr("< Previous"))
        self.next_button.setText(self.tr("Next >"))
        self.search_edit.setPlaceholderText(self.tr("Search questions (Ctrl+F)"))
        self.legend_button.setText(self.tr("Keys"))
        self.legend_button.setToolTip(self.tr("Show or hide the key legend"))
        if getattr(self, "_blocked", None):
            self.empty_label.setText(self.tr("Answering is disabled: %1").replace("%1", self._blocked))
        else:
            self.empty_label.setText(self.tr("Register an interviewee in the Interviewees tab, then pick them here "
                                             "to start the interview."))
        self.outline_empty.setText(self.tr("No question matches the filter."))
        rows = "".join(f"<tr><td><b>{_escape(keys)}</b>&nbsp;&nbsp;</td><td>{_escape(what)}</td></tr>"
                       for keys, what in key_legend())
        self.legend.setText(f"<table>{rows}</table>")
        self._filtering = True
        current_filter = self.filter_combo.currentData() or "all"
        self.filter_combo.clear()
        for label, kind in ((self.tr("All questions"), "all"), (self.tr("Unanswered"), "unanswered"),
                            (self.tr("Don't know"), "unknown"), (self.tr("Not applicable"), "not_applicable"),
                            (self.tr("Flagged for follow-up"), "flagged"), (self.tr("With a note"), "note"),
                            (self.tr("With evidence"), "evidence")):
            self.filter_combo.addItem(label, kind)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(current_filter)))
        self._filtering = False
        current_strength = self.strength_combo.currentIndex()
        self.strength_combo.blockSignals(True)
        self.strength_combo.clear()
        for label, value in ((self.tr("(not judged)"), None), (self.tr("Claimed: only said"), "claimed"),
                             (self.tr("Shown during the interview"), "shown"),
                             (self.tr("Verified in the records"), "verified")):
            self.strength_combo.addItem(label, value)
        self.strength_combo.setCurrentIndex(max(0, current_strength))
        self.strength_combo.blockSignals(False)
        self.strength_label.setText(self.tr("Strength:"))
        self.strength_combo.setToolTip(self.tr("How far this answer was borne out; verified evidence raises the "
                                               "confidence of the capability's score, a claim alone does not"))
        current = self.confidence_combo.currentIndex()
        self.confidence_combo.blockSignals(True)
        self.confidence_combo.clear()
        for label, value in ((self.tr("(not set)"), None), (self.tr("High"), "high"),
                             (self.tr("Medium"), "medium"), (self.tr("Low"), "low")):
            self.confidence_combo.addItem(label, value)
        self.confidence_combo.setCurrentIndex(max(0, current))
        self.confidence_combo.blockSignals(False)
        self._update_counters()
        self._update_cue()
        self._undo_texts()
        self._update_banner()
        if self.outline_model.language != self.context.language:
            # content texts follow the interface language too
            self.outline_model.language = self.context.language
            self.outline_model.set_track(self.track)
            for i in range(self.person_combo.count()):
                person = self._people.get(self.person_combo.itemData(i))
                if person is not None:
                    self.person_combo.setItemText(i, self._person_text(person))
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

    @property
    def desk_review(self) -> bool:
        """The questionnaire on screen is answered from records requested beforehand, not in conversation."""
        return self.track is not None and self.track.questionnaire.mode == "desk_review"

    def _apply_mode(self) -> None:
        """The texts that depend on how the questionnaire is put: an interview, or a desk review of records."""
        mode = self.track.questionnaire.mode if self.track is not None else "interview"
        chips = {"desk_review": self.tr("Desk review"), "workshop": self.tr("Workshop"), "survey": self.tr("Survey")}
        self.mode_chip.setText(chips.get(mode, ""))
        self.mode_chip.setToolTip(
            (self.tr("Answered from the evidence pack the customer sent before the visit, not in "
                     "conversation; confirm doubtful points in the interviews.") + "\n\n" if mode == "desk_review" else "")
            + (self.context.text(self.track.questionnaire.description) if self.track is not None else ""))
        self.mode_chip.setVisible(mode in chips)
        if mode == "desk_review":
            self.person_label.setText(self.tr("Records from:"))
            self.quote_button.setText(self.tr("Seen (Alt+Q)"))
            self.quote_button.setToolTip(self.tr("Note what was seen, when and from whom"))
            self.note_edit.setPlaceholderText(self.tr("What was seen (record, sample, extract), when and from whom... "
                                                      "Saved as you type; Esc or Tab goes back to the answer keys."))
        else:
            self.person_label.setText(self.tr("Interviewee:"))
            self.quote_button.setText(self.tr("Quote (Alt+Q)"))
            self.quote_button.setToolTip(self.tr("Start a quote in the note with who said it and when"))
            self.note_edit.setPlaceholderText(self.tr("What was said, documents shown... Saved as you type; "
                                                      "Esc or Tab goes back to the answer keys."))
        # a record reviewed at a desk is not somebody's words: nothing to quote
        self.quotable_check.setVisible(mode != "desk_review")

    def _legend_toggled(self, shown: bool) -> None:
        self.legend.setVisible(shown)
        QSettings().setValue("interview/legend", shown)

    # -- loading ------------------------------------------------------------
    def load(self, engagement_id: str) -> None:
        """Show an engagement: its interviewees, resuming the last one interviewed."""
        self._end_session()
        self.engagement_id = engagement_id
        people = interviews.list_interviewees(self.context.repo, engagement_id)
        self._people = {p.id: p for p in people}
        self._progress = {}
        self._blocked = None
        try:
            questionnaires = self._engagement_questionnaires()
        except UserError as exc:
            questionnaires = None
            blocked = exc
        else:
            blocked = None
            from app.services.progress import interviewee_progress, track_of

            self._progress = interviewee_progress(people, questionnaires,
                                                  interviews.list_answers(self.context.repo, engagement_id), ())
            self._progress_tracks = {p.id: getattr(track_of(p, questionnaires), "id", None) for p in people}
        self._loading = True
        self.person_combo.clear()
        for p in people:
            self.person_combo.addItem(self._person_text(p), p.id)
        self._loading = False
        if blocked is not None:
            exc = blocked
            self._blocked = str(exc)
            # content the engagement needs did not load (a broken file): say which and why, and
            # offer nothing to answer, rather than an empty track with live answer buttons
            self.track = None
            self.outline_model.set_track(None)
            self.undo_group.setActiveStack(None)
            self._splitter.setVisible(False)
            self.empty_label.setText(self.tr("Answering is disabled: %1").replace("%1", str(exc)))
            self.empty_label.setVisible(True)
            self._update_counters()
            return
        has_people = bool(people)
        self._splitter.setVisible(has_people)
        self.empty_label.setVisible(not has_people)
        if not has_people:
            self.track = None
            self.outline_model.set_track(None)
            self.undo_group.setActiveStack(None)
            self._update_counters()
            return
        self.writer.wait(1000)  # the sessions written in the writer thread, if any are under way
        sessions = interviews.list_sessions(self.context.repo, engagement_id)
        last_person = sessions[-1].interviewee_id if sessions else people[0].id
        index = max(0, self.person_combo.findData(last_person))
        if self.person_combo.currentIndex() == index:
            self._person_chosen(index)
        else:
            self.person_combo.setCurrentIndex(index)

    def _person_text(self, person) -> str:
        """The combo's item: name, role and how far their track is ("12/40")."""
        text = f"{person.name} - {self._role_name(person.role)}"
        progress = self._progress.get(person.id)
        if progress is not None and progress.total:
            text += f"   {progress.answered}/{progress.total}"
        return text

    def _update_person_progress(self) -> None:
        """After an answer: the person on screen's answered/total, when their own track is on screen."""
        track = self.track
        progress = self._progress.get(track.person.id) if track is not None else None
        if track is None or progress is None:
            return
        if self._progress_tracks.get(track.person.id) != track.questionnaire.id:
            return  # another questionnaire than the one progress counts: its answers do not move it
        answered = track.answered_count
        if answered == progress.answered:
            return
        self._progress[track.person.id] = replace(progress, answered=answered)
        index = self.person_combo.findData(track.person.id)
        if index >= 0:
            self.person_combo.setItemText(index, self._person_text(track.person))

    def _role_name(self, role: str) -> str:
        catalogue = self.context.library.catalogue
        if catalogue:
            for r in catalogue.roles:
                if r.id == role:
                    return self.context.text(r.name)
        return role

    def _engagement_questionnaires(self):
        from app.services import engagement_questionnaires

        return engagement_questionnaires(self.context.library, engagements.get_engagement(self.context.repo, self.engagement_id))

    def _person_chosen(self, index: int) -> None:
        if self._loading or index < 0 or self.engagement_id is None:
            return
        if not self._commit_fields():
            return
        person_id = self.person_combo.itemData(index)
        person = next(p for p in interviews.list_interviewees(self.context.repo, self.engagement_id) if p.id == person_id)
        self._people[person.id] = person
        questionnaires = [q for q in self._engagement_questionnaires() if person.role in q.roles]
        self._loading = True
        self.questionnaire_combo.clear()
        for q in questionnaires:
            self.questionnaire_combo.addItem(self.context.text(q.name), q.id)
        self._loading = False
        preferred = self._last_questionnaire.get(person.id)
        if preferred is None:
            last = interviews.last_session(self.context.repo, person.id)
            preferred = last.questionnaire_id if last is not None else person.questionnaire_id
        position = self.questionnaire_combo.findData(preferred)
        self._loading = True
        self.questionnaire_combo.setCurrentIndex(max(0, position))
        self._loading = False
        self._open_track(person, self.questionnaire_combo.currentData())

    def _questionnaire_chosen(self, index: int) -> None:
        if self._loading or index < 0 or self.track is None:
            return
        if not self._commit_fields():
            return
        self._open_track(self.track.person, self.questionnaire_combo.itemData(index))

    def _open_track(self, person, questionnaire_id: str | None) -> None:
        self._end_session()
        if questionnaire_id is None:
            self.track = None
            self._shown_key = None
            self.outline_model.set_track(None)
            self.undo_group.setActiveStack(None)
            self._splitter.setVisible(False)
            self.empty_label.setText(self.tr("No questionnaire of this engagement is meant for this role."))
            self.empty_label.setVisible(True)
            self._update_counters()
            return
        self._splitter.setVisible(True)
        self.empty_label.setVisible(False)
        questionnaire = next(q for q in self._engagement_questionnaires() if q.id == questionnaire_id)
        track = InterviewTrack.build(self.context.repo, self.engagement_id, person, questionnaire)
        # What is still waiting for the database is what this person said: show it.
        for entry in self.writer.pending.entries():
            if track.owns(entry.key):
                track.apply_local(entry.key.question_id, entry.values)
        place = self._places.get((person.id, questionnaire.id))
        if place is None:
            last = interviews.last_session(self.context.repo, person.id, questionnaire.id)
            place = last.last_question_id if last is not None else None
        position = track.index_of(place) if place else None
        self._last_questionnaire[person.id] = questionnaire.id
        track.position = position if position is not None else track.first_unanswered()
        self._elapsed_before = sum(s.elapsed_seconds for s in interviews.list_sessions(self.context.repo, self.engagement_id)
                                   if s.interviewee_id == person.id and s.questionnaire_id == questionnaire.id)
        engagement = engagements.get_engagement(self.context.repo, self.engagement_id)
        self._model = self.context.library.model(questionnaire.model,
                                                 engagement.content_version("model", questionnaire.model))
        self.track = track
        stack_key = (person.id, questionnaire.id)
        stack = self._stacks.get(stack_key)
        if stack is None:
            stack = self._stacks[stack_key] = QUndoStack(self.undo_group)
        self.undo_group.setActiveStack(stack)
        self._apply_mode()
        self.outline_model.unsaved = {k.question_id for k in self.writer.pending.keys() if track.owns(k)}
        self.outline_model.set_track(track)
        self._session_id = None
        repo, engagement_id = self.context.repo, self.engagement_id

        def started(session) -> None:
            if self.track is track:  # still this person's track: the session is theirs
                self._session_id = session.id

        # off the UI thread: a locked database must not freeze the switch to another person
        self.writer.best_effort(f"start:{person.id}:{questionnaire.id}",
                                lambda: interviews.start_session(repo, engagement_id, person.id, questionnaire.id), started)
        self._started_at = time.monotonic()
        self._timer.start()
        self._tick()
        self._show_question()
        if self.isVisible():
            self.focus_answers()  # the answer keys are live as soon as a person is picked

    def select_person(self, interviewee_id: str, questionnaire_id: str | None = None) -> None:
        index = self.person_combo.findData(interviewee_id)
        if index < 0:
            raise UserError("that interviewee is not registered in this engagement")
        if index != self.person_combo.currentIndex():
            self.person_combo.setCurrentIndex(index)
        if questionnaire_id is not None and questionnaire_id != self.questionnaire_combo.currentData():
            self.questionnaire_combo.setCurrentIndex(self.questionnaire_combo.findData(questionnaire_id))

    @property
    def undo_stack(self) -> QUndoStack | None:
        """The undo steps of the interviewee and questionnaire on screen."""
        return self.undo_group.activeStack()

    # -- the timer and the session ------------------------------------------
    def elapsed_seconds(self) -> int:
        running = int(time.monotonic() - self._started_at) if self._started_at is not None else 0
        return self._elapsed_before + running

    def _session_seconds(self) -> int:
        return int(time.monotonic() - self._started_at) if self._started_at is not None else 0

    def _tick(self) -> None:
        seconds = self.elapsed_seconds()
        self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")
        if self._session_id and time.monotonic() - self._last_touch > self.TOUCH_SECONDS and not self.writer.blocked:
            self._touch_session()

    def _touch_session(self) -> None:
        """Where the interview stands and its time: written in the writer thread, values fixed now."""
        if self._session_id is None or self.track is None or self.track.current is None or self.writer.blocked:
            return
        self._last_touch = time.monotonic()
        repo, session_id = self.context.repo, self._session_id
        question_id, seconds = self.track.current[1].id, self._session_seconds()
        self.writer.best_effort(f"touch:{session_id}", lambda: interviews.touch_session(repo, session_id, question_id, seconds))

    def _end_session(self) -> None:
        self._save_note()
        if self._session_id is not None:
            self._touch_session()
            repo, session_id, seconds = self.context.repo, self._session_id, self._session_seconds()
            self.writer.best_effort(f"end:{session_id}", lambda: interviews.end_session(repo, session_id, seconds))
        self._session_id = None
        self._started_at = None
        self._timer.stop()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # The answer keys are watched on the widgets that can hold the focus here, not on the whole
        # application: an application-wide filter ran Python for every event of every widget (some
        # 900 per answer key, mostly repaints), which the consultant paid for on every key.
        for widget in self.findChildren(QWidget):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                widget.installEventFilter(self)
        super().showEvent(event)
        # once shown (the tab, then the page, become visible after this): the answer keys are live
        QTimer.singleShot(0, self._focus_if_shown)
        self._update_cue()

    def _focus_if_shown(self) -> None:
        if not shiboken6.isValid(self) or not self.isVisible() or self.track is None:
            return
        focus = QApplication.focusWidget()
        if focus is None or not (focus is self or self.isAncestorOf(focus)):
            self.focus_answers()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._commit_fields(navigating=False)
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
        self._shown_key = track.key(question.id)
        self.section_label.setText(self.context.text(section.title))
        self.section_label.setToolTip(self.context.text(section.title))
        self.question_label.setText(question.text.get(lang))
        guidance = question.guidance.get(lang) if question.guidance else ""
        guidance_title = self.tr("Guidance")
        self.guidance_label.setText(f"<b>{guidance_title}</b><br>{_escape(guidance)}" if guidance else "")
        self.guidance_label.setVisible(bool(guidance))
        follow = "".join(f"<li>{_escape(f.get(lang))}</li>" for f in question.follow_ups)
        follow_title = self.tr("Follow-up prompts")
        self.follow_ups_label.setText(f"<b>{follow_title}</b><ul style='margin-left:-20px'>{follow}</ul>"
                                      if follow else "")
        self.follow_ups_label.setVisible(bool(follow))
        evidence = ", ".join(_escape(e.get(lang)) for e in question.evidence)
        evidence_title = self.tr("Records to review:") if self.desk_review else self.tr("Evidence to ask for:")
        self.evidence_hint_label.setText(f"<b>{evidence_title}</b> {evidence}" if evidence else "")
        self.evidence_hint_label.setVisible(bool(evidence))
        self._build_answer_widgets(question)
        self._show_criteria(question)
        record = track.answers.get(question.id)
        self.note_edit.setPlainText(record.note if record else "")
        self.quotable_check.setChecked(question.id in track.quotable)
        self.confidence_combo.setCurrentIndex(max(0, self.confidence_combo.findData(
            record.confidence if record else None)))
        self.strength_combo.setCurrentIndex(max(0, self.strength_combo.findData(
            record.evidence_strength if record else None)))
        self.follow_up_check.setChecked(bool(record and record.follow_up))
        self._show_selection()
        self._show_evidence()
        self.input_error.hide()
        self._loading = False
        self.position_label.setText(self.tr("Question %1 of %2").replace("%1", str(track.position + 1))
                                    .replace("%2", str(len(track.items))))
        self.prev_button.setEnabled(track.position > 0)
        self.next_button.setEnabled(track.position < len(track.items) - 1)
        self._select_in_outline(question.id)
        self.scroll.fit_height()
        self.scroll.verticalScrollBar().setValue(0)
        self._update_counters()

    def _show_criteria(self, question: Question) -> None:
        """The question's criteria under it; the capability's level conditions and the partly-met rule beside it.

        Compact on purpose: the criteria are one line under the question (the answer
        controls and the note must still fit a laptop screen), the conditions go in the
        guide column, which scrolls on its own; each level card's tooltip lists its own.
        """
        lang = self.context.language
        if question.criteria:
            title = self.tr("Counts only if:")
            items = " · ".join(_escape(c.get(lang)) for c in question.criteria)
            self.criteria_label.setText(f"<b>{title}</b> {items}")
        self.criteria_label.setVisible(bool(question.criteria))
        model = self._model
        capability = _capability(model, question.capability) if model is not None else None
        conditions = capability.conditions if capability is not None and isinstance(
            question.answer, LevelsAnswer) else {}
        if not conditions:
            self.conditions_label.hide()
            self.conditions_label.setText("")
            return
        names = {lv.level: lv.name.get(lang) for lv in model.scale.levels}
        rows = []
        for level in sorted(conditions):
            items = "".join(f"<li>{_escape(c.get(lang))}</li>" for c in conditions[level])
            rows.append(f"<b>{level} · {_escape(names.get(level, ''))}</b><ul style='margin-left:-24px; "
                        f"margin-top:0px; margin-bottom:2px'>{items}</ul>")
            card = self._cards.get(str(level))
            if card is not None:
                card.setToolTip(self.tr("Level %1 needs all of:").replace("%1", str(level)) + "\n"
                                + "\n".join(f"• {c.get(lang)}" for c in conditions[level]))
        rule = model.scale.partly_met_rule
        title = self.tr("Level conditions")
        partly = self.tr("Partly met:")
        rule_html = (f"<p style='color:#56627a; margin-top:2px'><i>{partly}</i> "
                     f"{_escape(rule.get(lang))}</p>") if rule else ""
        self.conditions_label.setText(f"<b>{title}</b><br>{''.join(rows)}{rule_html}")
        self.conditions_label.show()

    def _select_in_outline(self, question_id: str) -> None:
        row = self.outline_model.row_of_question(question_id)
        if row is not None:
            self.outline.setCurrentIndex(self.outline_model.index(row))
            self.outline.scrollTo(self.outline_model.index(row))
        else:
            self.outline.clearSelection()

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
            self._add_card("yes", "Y", self.tr("Yes (Y or 1)"), "")
            self._add_card("no", "N", self.tr("No (N or 0)"), "")
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
        # Restyled only when their state changes: a style sheet polish costs more than all the rest.
        for button, status in ((self.na_button, "not_applicable"), (self.unknown_button, "unknown")):
            button.setChecked(state.status == status)
            if button.property("chosen") != (state.status == status):
                button.setProperty("chosen", state.status == status)
                button.style().unpolish(button)
                button.style().polish(button)
        self.answer_chip.setText(self._answer_words(question, state.status, state.value))
        if self.answer_chip.property("state") != (state.status or "none"):
            self.answer_chip.setProperty("state", state.status or "none")
            self.answer_chip.style().unpolish(self.answer_chip)
            self.answer_chip.style().polish(self.answer_chip)

    def _answer_words(self, question: Question, status: str | None, value: str | None) -> str:
        """The chosen answer in words, for the chip under the question."""
        if status is None:
            return self.tr("Not answered yet")
        if status == "not_applicable":
            return self.tr("Answer: not applicable")
        if status == "unknown":
            return self.tr("Answer: don't know")
        spec = question.answer
        shown = value or ""
        if isinstance(spec, LevelsAnswer) and self._model is not None:
            level = next((lv for lv in self._model.scale.levels if str(lv.level) == value), None)
            shown = f"{value} · {level.name.get(self.context.language)}" if level else shown
        elif isinstance(spec, YesNoAnswer):
            shown = self.tr("Yes") if value == "yes" else self.tr("No")
        elif isinstance(spec, ChoiceAnswer):
            option = next((o for o in spec.options if o.id == value), None)
            shown = _elide(option.text.get(self.context.language), 60) if option else shown
        elif isinstance(spec, NumericAnswer):
            shown = f"{value} {spec.unit}"
        return self.tr("Answer: %1").replace("%1", shown)

    def _update_counters(self) -> None:
        track = self.track
        if track is None:
            self.remaining_label.setText("")
            self.progress.setValue(0)
            return
        total = len(track.items)
        done = track.answered_count
        self._update_person_progress()
        left = total - done
        self.remaining_label.setText(self.tr("1 question left") if left == 1
                                     else self.tr("%1 questions left").replace("%1", str(left)))
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    # -- navigation -----------------------------------------------------------
    def go_to(self, position: int) -> bool:
        """Show another question; the note and a typed number are committed first (False if the number is wrong)."""
        if self.track is None or not self.track.items:
            return False
        if not self._commit_fields():
            return False
        self.track.position = max(0, min(position, len(self.track.items) - 1))
        self._places[(self.track.person.id, self.track.questionnaire.id)] = self.track.items[self.track.position][1].id
        self._show_question()
        self._touch_session()
        return True

    def next_question(self) -> None:
        if self.track is not None:
            self.go_to(self.track.position + 1)

    def previous_question(self) -> None:
        if self.track is not None:
            self.go_to(self.track.position - 1)

    def jump_to_next(self, kind: str) -> bool:
        """Go to the next question in one of the outline's filters (wrapping round); say so if none."""
        if self.track is None:
            return False
        position = self.track.next_matching(kind)
        if position is None or position == self.track.position and not self.track.matches(
                self.track.items[position][1].id, kind):
            names = {"unanswered": self.tr("No unanswered question left."),
                     "unknown": self.tr("No \"don't know\" answer."),
                     "flagged": self.tr("No question is flagged for follow-up."),
                     "not_applicable": self.tr("No \"not applicable\" answer.")}
            self.show_hint(names.get(kind, self.tr("No such question.")))
            return False
        return self.go_to(position)

    def _outline_clicked(self, index: QModelIndex) -> None:
        question_id = index.data(OutlineModel.QuestionIdRole)
        if question_id and self.track is not None:
            position = self.track.index_of(question_id)
            if position is not None:
                self.go_to(position)
        self.focus_answers()

    def _filter_chosen(self, _index: int) -> None:
        if self._filtering:
            return
        self.outline_model.set_filter(self.filter_combo.currentData() or "all")
        self._outline_filtered()

    def _search_changed(self, text: str) -> None:
        self.outline_model.set_search(text)
        self._outline_filtered()

    def _search_entered(self) -> None:
        """Enter in the search box opens the first question found and goes back to answering."""
        first = next((r for r in range(self.outline_model.rowCount())
                      if self.outline_model.index(r).data(OutlineModel.QuestionIdRole)), None)
        if first is not None:
            self._outline_clicked(self.outline_model.index(first))

    def _outline_filtered(self) -> None:
        self.outline_empty.setVisible(self.track is not None and self.outline_model.question_count == 0)
        if self.track is not None and self.track.current is not None:
            self._select_in_outline(self.track.current[1].id)

    def focus_search(self) -> None:
        """Ctrl+F during an interview: search the questionnaire."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def focus_answers(self) -> None:
        """Back to answering: the answer keys are live again."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- answering -------------------------------------------------------------
    def _label(self, key: AnswerKey) -> str:
        """The question and the person in words (undo texts, the banner, dialogs)."""
        person = self._people.get(key.interviewee_id)
        question = self.track.question(key.question_id) if self.track is not None and self.track.owns(key) else None
        text = _elide(question.text.get(self.context.language), 48) if question is not None else key.question_id
        return self.tr("“%1” (%2)").replace("%1", text).replace("%2", person.name if person else "?")

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
        new = {"status": status, "value": value if status == "given" else None}
        self._push(question.id, new, self.tr("answer to %1"))

    def _push(self, question_id: str, new: dict, what: str) -> None:
        track = self.track
        stack = self.undo_stack
        if track is None or stack is None:
            return
        old = track.values_of(question_id, new)
        if old == new:
            self._show_selection()
            return
        key = track.key(question_id)
        stack.push(AnswerCommand(self._apply, key, old, new, what.replace("%1", self._label(key))))

    def _apply(self, key: AnswerKey, values) -> None:
        """Write and show one change (called by the undo steps: do, undo and redo)."""
        track = self.track
        if track is not None and track.owns(key):
            current = track.current
            if current is not None and current[1].id != key.question_id:
                position = track.index_of(key.question_id)
                if position is not None:
                    self.go_to(position)  # an undo shows the question it changes
            track.apply_local(key.question_id, values)
        self.writer.submit(AnswerWrite(key, values, answered_by=self.context.consultant, label=self._label(key)))
        self._after_change(key)

    def _after_change(self, key: AnswerKey) -> None:
        track = self.track
        if track is None or not track.owns(key):
            return
        self.outline_model.unsaved = {k.question_id for k in self.writer.pending.keys() if track.owns(k)}
        self._later(key.question_id)
        current = track.current
        if current is not None and current[1].id == key.question_id:
            self._loading = True
            record = track.answers.get(key.question_id)
            self._show_selection()
            if isinstance(current[1].answer, NumericAnswer) and not self.numeric_edit.hasFocus():
                state = track.state_of(key.question_id)
                self.numeric_edit.setText(state.value or "" if state.status == "given" else "")
            self.confidence_combo.setCurrentIndex(max(0, self.confidence_combo.findData(
                record.confidence if record else None)))
            self.strength_combo.setCurrentIndex(max(0, self.strength_combo.findData(
                record.evidence_strength if record else None)))
            self.follow_up_check.setChecked(bool(record and record.follow_up))
            self.quotable_check.setChecked(key.question_id in track.quotable)
            self._loading = False

    def _later(self, question_id: str) -> None:
        """The outline row, the counters and the combo's progress follow a change a moment later.

        The card and the chip under the question show the answer at once; the rest (the
        outline repaints its rows, QProgressBar repaints synchronously) waits until the
        save is acknowledged, and several quick keys cost one refresh.
        """
        self._dirty_questions.add(question_id)
        self._refresh_timer.start()

    def _refresh_later(self) -> None:
        track = self.track
        dirty, self._dirty_questions = self._dirty_questions, set()
        if track is not None:
            for question_id in dirty:
                self.outline_model.question_changed(question_id)
        self._update_counters()

    def _saved(self, key: AnswerKey) -> None:
        track = self.track
        if track is not None and track.owns(key):
            self.outline_model.unsaved.discard(key.question_id)
            self._later(key.question_id)
        self.answer_saved.emit(key.engagement_id)

    def _attached(self, key: AnswerKey, evidence_ids: list) -> None:
        track = self.track
        if track is None or not track.owns(key):
            return
        for evidence_id in evidence_ids:
            track.add_evidence_local(key.question_id, evidence_id)
        self.outline_model.question_changed(key.question_id)
        if track.current is not None and track.current[1].id == key.question_id:
            self._show_evidence()

    def _dropped(self, entry, error: BaseException) -> None:
        from app.ui.errors import present_error

        track = self.track
        if track is not None and track.owns(entry.key):
            track.refresh(self.context.repo, entry.key.question_id)
            self._after_change(entry.key)
            self._show_evidence()
        present_error(error, self)

    def _update_banner(self) -> None:
        writer = self.writer
        count = writer.count
        if not count or not writer.reason:
            self.banner.hide()
            return
        labels = [e.label for e in writer.pending.entries()][:3]
        more = "" if count <= 3 else " …"
        self.banner.setText(
            self.tr("Not saved yet: %n answer(s) (%1). They are kept here and retried every two seconds; "
                    "closing the window asks what to do with them.", "", count).replace("%1", writer.reason)
            + "\n" + "; ".join(labels) + more)
        self.banner.show()

    @property
    def pending_count(self) -> int:
        """Answers (of any interviewee) with a change the database has not taken yet."""
        return self.writer.count

    def wait_saved(self, msecs: int = 5000) -> bool:
        """Wait until every pending change is saved, retries included, or ``msecs``; the window stays responsive."""
        return self.writer.wait(msecs, until_saved=True)

    def _numeric_entered(self) -> bool:
        text = self.numeric_edit.text().strip()
        if not text:
            return False
        self.answer("given", text)
        return not self.input_error.isVisibleTo(self)

    def _commit_fields(self, navigating: bool = True) -> bool:
        """Save what is typed in the note and the number field of the question on screen.

        Leaving a field commits it, like every other field. False if the number does not
        fit (the reason shows under it and the question stays).
        """
        self._save_note()
        track = self.track
        if track is None or track.current is None or self._loading:
            return True
        question = track.current[1]
        if not isinstance(question.answer, NumericAnswer) or self._shown_key != track.key(question.id):
            return True
        text = self.numeric_edit.text().strip()
        state = track.state_of(question.id)
        if not text or (state.status == "given" and text == (state.value or "")):
            return True
        ok = self._numeric_entered()
        if not ok and navigating:
            self.numeric_edit.setFocus()
        return ok

    # -- note, confidence, follow-up -------------------------------------------
    def _note_typed(self) -> None:
        if not self._loading:
            self._note_timer.start()

    def _save_note(self) -> None:
        """The note belongs to the answer it was typed on (``_shown_key``), whatever shows now."""
        self._note_timer.stop()
        key, track = self._shown_key, self.track
        if key is None or track is None or not track.owns(key) or self._loading:
            return
        text = self.note_edit.toPlainText()
        if track.values_of(key.question_id, ("note",))["note"] == text:
            return
        track.apply_local(key.question_id, {"note": text})
        self.writer.submit(AnswerWrite(key, {"note": text}, label=self._label(key)))
        self._after_change(key)

    def focus_note(self) -> None:
        self.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)

    def quick_quote(self) -> None:
        """Start a quote in the note: who said it and when, the cursor between the quotation marks."""
        if self.track is None:
            return
        self.focus_note()
        cursor = self.note_edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        prefix = "\n" if self.note_edit.toPlainText().strip() else ""
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
        if self.desk_review:
            # a desk review records what was seen, when and from whom, not somebody's words
            cursor.insertText(f"{prefix}[{stamp}] " + self.tr("seen, from %1: ").replace("%1", self.track.person.name))
        else:
            cursor.insertText(f"{prefix}[{stamp}] {self.track.person.name}: “”")
            cursor.movePosition(cursor.MoveOperation.Left)
        self.note_edit.setTextCursor(cursor)

    def _confidence_chosen(self, _index: int) -> None:
        if self._loading or self.track is None or self.track.current is None:
            return
        self._push(self.track.current[1].id, {"confidence": self.confidence_combo.currentData()},
                   self.tr("confidence of %1"))

    def _strength_chosen(self, _index: int) -> None:
        if self._loading or self.track is None or self.track.current is None:
            return
        self._push(self.track.current[1].id, {"evidence_strength": self.strength_combo.currentData()},
                   self.tr("evidence strength of %1"))

    def _follow_up_toggled(self, checked: bool) -> None:
        if self._loading or self.track is None or self.track.current is None:
            return
        self._push(self.track.current[1].id, {"follow_up": checked}, self.tr("follow-up flag of %1"))

    def _quotable_toggled(self, checked: bool) -> None:
        if self._loading or self.track is None or self.track.current is None:
            return
        self._save_note()  # the mark goes with the words as they are now
        self._push(self.track.current[1].id, {"quotable": checked}, self.tr("quotable mark of %1"))

    def _undo_texts(self) -> None:
        undo, redo = self.undo_group.undoText(), self.undo_group.redoText()
        self.undo_action.setText(self.tr("&Undo %1").replace("%1", undo) if undo else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo %1").replace("%1", redo) if redo else self.tr("&Redo"))

    # -- evidence ---------------------------------------------------------------
    def _show_evidence(self) -> None:
        """The evidence register of the current answer, and the documents that can be linked to it.

        One read of the engagement's evidence list serves both widgets.
        """
        track = self.track
        self.request_combo.blockSignals(True)
        self.request_combo.clear()
        self.request_combo.addItem(self.tr("Link or request a document..."), None)
        self.evidence_view.clear()
        self._evidence = []
        if track is None or track.current is None:
            self.request_combo.blockSignals(False)
            self._evidence_buttons()
            return
        question = track.current[1]
        try:
            evidence = interviews.list_evidence(self.context.repo, track.engagement_id)
        except StorageUnavailable:
            evidence = []
        record = track.answers.get(question.id)
        ids = set(record.evidence_ids) if record else set()
        linked = [e for e in evidence if e.id in ids]
        self._evidence = linked
        for e in linked:
            state = self.tr("received") if e.received else self.tr("requested, not received")
            item = QListWidgetItem(f"{e.title} — {state}")
            item.setToolTip(e.original_name or e.title)
            self.evidence_view.addItem(item)
        entry = self.writer.pending.get(track.key(question.id))
        for source in entry.attachments if entry else []:
            waiting = self.tr("not saved yet")
            item = QListWidgetItem(f"{Path(source).name} — {waiting}")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence_view.addItem(item)
        requested = sum(1 for e in linked if e.requested)
        received = sum(1 for e in linked if e.received)
        self.evidence_summary.setText(self.tr("%1 requested · %2 received").replace("%1", str(requested))
                                      .replace("%2", str(received)) if linked else self.tr("none yet"))
        for e in evidence:
            if e.id in ids:
                continue
            state = self.tr("received") if e.received else self.tr("requested")
            self.request_combo.addItem(self.tr("Link: %1 (%2)").replace("%1", e.title).replace("%2", state),
                                       ("link", e.id))
        for item in question.evidence:
            text = item.get(self.context.language)
            self.request_combo.addItem(self.tr("Request from customer: %1").replace("%1", text), ("request", text))
        self.request_combo.blockSignals(False)
        self._evidence_buttons()

    def _selected_evidence(self):
        row = self.evidence_view.currentRow()
        return self._evidence[row] if 0 <= row < len(self._evidence) else None

    def _evidence_buttons(self) -> None:
        e = self._selected_evidence()
        for button in (self.rename_evidence_button, self.unlink_evidence_button, self.remove_evidence_button,
                       self.received_button):
            button.setEnabled(e is not None)
        self.open_evidence_button.setEnabled(e is not None and bool(e.stored_path))
        self.received_button.setText(self.tr("Not received") if e is not None and e.received
                                     else self.tr("Received"))
        self.received_button.setToolTip(self.tr("Mark the document as received from the customer, or not"))

    def _evidence_action(self, action) -> bool:
        """Run one evidence change now (they are rare and explicit); a refusal is shown, nothing is half-done."""
        track = self.track
        if track is None:
            return False
        if not self._guarded(action):
            return False
        if track.current is not None:
            track.refresh(self.context.repo, track.current[1].id)
            self.outline_model.question_changed(track.current[1].id)
        self._show_evidence()
        self.answer_saved.emit(track.engagement_id)
        return True

    def open_evidence(self) -> None:
        e = self._selected_evidence()
        if e is None:
            return
        found: list = []
        if not self._guarded(lambda: found.append(interviews.evidence_path(self.context.repo, e))):
            return
        path = found[0]
        if path is None or not path.exists():
            self.show_hint(self.tr("No file is stored for this document (it was requested, not received)."))
            return
        self.open_url(QUrl.fromLocalFile(str(path)))

    def open_url(self, url: QUrl) -> bool:
        """The system's viewer for the file (tests replace this)."""
        return QDesktopServices.openUrl(url)

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        """One line of text from the user, None if cancelled (tests replace this)."""
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def confirm(self, title: str, text: str) -> bool:
        """Yes or no (tests replace this)."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def rename_evidence(self) -> None:
        e = self._selected_evidence()
        if e is None:
            return
        title = self.ask_text(self.tr("Rename evidence"), self.tr("Title:"), e.title)
        if title is None or title.strip() == e.title:
            return
        self._evidence_action(lambda: interviews.rename_evidence(self.context.repo, e.id, title))

    def toggle_received(self) -> None:
        e = self._selected_evidence()
        if e is not None:
            self._evidence_action(lambda: interviews.set_evidence_received(self.context.repo, e.id, not e.received))

    def unlink_evidence(self) -> None:
        e, track = self._selected_evidence(), self.track
        if e is None or track is None or track.current is None:
            return
        question_id = track.current[1].id
        self._evidence_action(lambda: interviews.unlink_evidence(
            self.context.repo, track.person.id, track.questionnaire.id, question_id, e.id))

    def remove_evidence(self) -> None:
        e = self._selected_evidence()
        if e is None:
            return
        if not self.confirm(self.tr("Remove evidence"),
                            self.tr("Remove “%1” from the engagement, with its stored copy? Every answer it "
                                    "is linked to loses the link.").replace("%1", e.title)):
            return
        self._evidence_action(lambda: interviews.remove_evidence(self.context.repo, e.id))

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
            answer = (track.engagement_id, track.person.id, track.questionnaire.id, question.id)
            if kind == "link":
                interviews.link_evidence(repo, *answer, value)
            else:
                interviews.request_evidence_for_answer(repo, *answer, value)

        self._evidence_action(link)

    def evidence_folder(self) -> str:
        """Where the file dialog starts: the folder last used, else the user's Documents, else home."""
        last = str(QSettings().value("interview/evidence_folder", "") or "")
        if last and Path(last).is_dir():
            return last
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if documents and Path(documents).is_dir():
            return documents
        return str(Path.home())

    def choose_file(self) -> str:
        """The file dialog (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach evidence"), self.evidence_folder())
        return path

    def _attach_file(self) -> None:
        if self.track is None:
            return
        path = self.choose_file()
        if path:
            QSettings().setValue("interview/evidence_folder", str(Path(path).parent))
            self.attach_file(path)

    def attach_file(self, path: str) -> None:
        """Copy a file into the evidence store and link it to the current answer, off the UI thread.

        Kept as a pending change of that answer until both are done: a locked database
        leaves no stray copy behind, and the attachment is recorded when the lock clears.
        """
        track = self.track
        if track is None or track.current is None:
            return
        key = track.key(track.current[1].id)
        self.writer.attach(key, path, self._label(key))
        self._show_evidence()

    def _guarded(self, action) -> bool:
        try:
            action()
            return True
        except UserError as exc:
            from app.ui.errors import present_error

            present_error(exc, self)
            return False

    # -- keyboard -----------------------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.keys_cue):
            return  # the application outlives this screen
        if not self._hint_timer.isActive():
            self._update_cue()

    def keys_live(self) -> bool:
        """Whether a key press now answers: the screen shows and the focus is on it, not in a text field."""
        if not self.isVisible() or self.track is None:
            return False
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus)) and not _is_text_input(focus)

    def _update_cue(self) -> None:
        live = self.keys_live()
        focus = QApplication.focusWidget()
        if live:
            text = self.tr("⌨ Answer keys on")
        elif focus is not None and self.isAncestorOf(focus) and _is_text_input(focus):
            text = self.tr("Typing — Esc: back to answer keys")
        else:
            text = self.tr("Answer keys off — click the question")
        self.keys_cue.setText(text)
        if self.keys_cue.property("live") != live:
            self.keys_cue.setProperty("live", live)
            self.keys_cue.style().unpolish(self.keys_cue)
            self.keys_cue.style().polish(self.keys_cue)

    def show_hint(self, text: str) -> None:
        """A short message where the key cue is (a key that did nothing says why)."""
        self.keys_cue.setText(text)
        self._hint_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        # getattr: the filter sees events while the widgets are still being built
        note, numeric = getattr(self, "note_edit", None), getattr(self, "numeric_edit", None)
        if watched is note and kind == QEvent.Type.FocusOut:
            self._save_note()
        if watched is numeric and kind == QEvent.Type.FocusOut and not self._loading:
            self._commit_fields(navigating=False)  # leaving the field commits the number
        if kind != QEvent.Type.KeyPress or not isinstance(watched, QWidget) or not self.isVisible():
            return super().eventFilter(watched, event)
        focus = QApplication.focusWidget()
        if focus is None or watched is not focus or not (focus is self or self.isAncestorOf(focus)):
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if watched is self.search_edit and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._search_entered()  # and the Enter goes no further (it would move on a question)
            return True
        if watched is numeric and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter saves the number and moves on, like a level key then Enter; a value
            # that does not fit stays in the field with the reason under it.
            if self._numeric_entered():
                self.next_question()
                self.focus_answers()
            return True
        if _is_text_input(focus):
            if event.key() == Qt.Key.Key_Escape:
                if focus is self.search_edit and self.search_edit.text():
                    self.search_edit.clear()
                self.focus_answers()  # focus-out saves the note and commits the number
                return True
            return False
        if focus is self:
            return False  # keyPressEvent handles it
        # In a list or a combo, arrows and Enter keep their own meaning; answer keys still answer.
        navigation = not isinstance(focus, (QAbstractItemView, QComboBox))
        if self.handle_key(event.key(), event.text(), event.modifiers(), navigation=navigation):
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.handle_key(event.key(), event.text(), event.modifiers()):
            event.accept()
            return
        super().keyPressEvent(event)

    def handle_key(self, key: int, text: str, modifiers=Qt.KeyboardModifier.NoModifier,
                   navigation: bool = True) -> bool:
        track = self.track
        if track is None or track.current is None:
            return False
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                        | Qt.KeyboardModifier.MetaModifier):
            return False
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        question = track.current[1]
        spec = question.answer
        if navigation and key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                  Qt.Key.Key_PageDown):
            self.next_question()
            return True
        if navigation and key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.previous_question()
            return True
        # Letters by key, not by text: Caps Lock must not turn "don't know" into a jump.
        if shift and key in (Qt.Key.Key_U, Qt.Key.Key_F, Qt.Key.Key_X):
            self.jump_to_next({Qt.Key.Key_U: "unknown", Qt.Key.Key_F: "flagged",
                               Qt.Key.Key_X: "not_applicable"}[Qt.Key(key)])
            return True
        if key == Qt.Key.Key_G:
            self.jump_to_next("unanswered")
            return True
        if key == Qt.Key.Key_X:
            self.answer("not_applicable")
            return True
        if key == Qt.Key.Key_U:
            self.answer("unknown")
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.answer(None)
            return True
        if key == Qt.Key.Key_F:
            self.follow_up_check.toggle()
            return True
        if key == Qt.Key.Key_Q:
            if self.desk_review:
                self.show_hint(self.tr("A desk review has no one to quote"))
            else:
                self.quotable_check.toggle()
            return True
        char = text if len(text) == 1 else ""
        if isinstance(spec, YesNoAnswer):
            if key == Qt.Key.Key_Y or char == "1":
                self.answer("given", "yes")
                return True
            if key == Qt.Key.Key_N or char == "0":
                self.answer("given", "no")
                return True
        if key == Qt.Key.Key_N:
            # N meant "not applicable" once; it is "no" on yes/no questions now. Say so, record nothing.
            self.show_hint(self.tr("N is \"no\" on yes/no questions; not applicable is X"))
            return True
        if isinstance(spec, LevelsAnswer) and char.isdigit() and char in self._cards:
            self.answer("given", char)
            return True
        if isinstance(spec, ChoiceAnswer) and char.isdigit() and 1 <= int(char) <= len(spec.options):
            self.answer("given", spec.options[int(char) - 1].id)
            return True
        if isinstance(spec, NumericAnswer) and char and (char.isdigit() or char in ".-"):
            self.numeric_edit.setFocus()
            self.numeric_edit.setText(char)
            return True
        if char.isdigit():
            self.show_hint(self.tr("%1 is not an answer to this question").replace("%1", char))
            return True
        return False

    # -- closing --------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._end_session()
        super().closeEvent(event)

    def ask_pending(self, count: int, reason: str) -> str:
        """What to do with changes the database has not taken: "retry", "wait" or "discard" (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Changes not saved"),
                          self.tr("%n change(s) of the interview are not saved yet (%1).", "", count)
                          .replace("%1", reason or self.tr("the database did not answer")), parent=self)
        box.setInformativeText(self.tr("Retry now, keep waiting (the window stays open and retries every two "
                                       "seconds), or discard them?"))
        retry = box.addButton(self.tr("Retry now"), QMessageBox.ButtonRole.AcceptRole)
        wait = box.addButton(self.tr("Keep waiting"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(self.tr("Discard %n change(s)", "", count), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(retry)
        box.setEscapeButton(wait)
        box.exec()
        clicked = box.clickedButton()
        return "retry" if clicked is retry else "discard" if clicked is discard else "wait"

    def settle_pending(self) -> bool:
        """Before the window closes or another database opens: True when nothing is left unsaved.

        With changes pending, the user chooses: retry now (the wait runs in the writer
        thread while this dialog's event loop keeps the window alive), keep waiting
        (False: stay open), or discard them (True).
        """
        self._commit_fields(navigating=False)
        self.writer.wait(1500)  # a save under way normally ends in a millisecond
        while self.writer.count:
            choice = self.ask_pending(self.writer.count, self.writer.reason)
            if choice == "discard":
                self.writer.discard()
                self._reload_track()
                return True
            if choice != "retry":
                return False
            self.writer.retry_now()
            self.writer.wait(15000)
            while self.writer.count and not self.writer.blocked and self.writer.busy:
                self.writer.wait(15000)
        return True

    def _reload_track(self) -> None:
        track = self.track
        if track is not None:
            fresh = InterviewTrack.build(self.context.repo, track.engagement_id, track.person, track.questionnaire)
            track.answers = fresh.answers
            track.quotable = fresh.quotable
            self.outline_model.unsaved = set()
            self.outline_model.set_track(track)
            self._show_question()

    def shutdown(self) -> None:
        """Flush the note and the session before the window closes (the caller settled pending changes)."""
        self._commit_fields(navigating=False)
        self._end_session()
        self.writer.wait(1500)
        self.writer.stop()


def _capability(model, capability_id: str):
    for domain in model.domains:
        for cap in domain.capabilities:
            if cap.id == capability_id:
                return cap
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
