"""The interview as plain state, the undoable answer edits, and the outline model.

The screen (``interview.py``) only lays widgets out; what an interview *is* (the role
track, where the consultant stands, which answers exist) lives here, so tests can
drive it without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand

from app.content.schema import ChoiceAnswer, Question, Questionnaire, Section
from app.services import questions_for_role
from app.storage.records import AnswerRecord, IntervieweeRecord
from app.storage.repository import Repository


@dataclass(frozen=True)
class AnswerState:
    """What an undo step restores: the status and value of one answer."""

    status: str | None
    value: str | None


@dataclass
class InterviewTrack:
    """One interviewee going through the role track of one questionnaire."""

    engagement_id: str
    person: IntervieweeRecord
    questionnaire: Questionnaire
    items: list[tuple[Section, Question]]
    answers: dict[str, AnswerRecord] = field(default_factory=dict)
    position: int = 0

    @classmethod
    def build(cls, repo: Repository, engagement_id: str, person: IntervieweeRecord,
              questionnaire: Questionnaire) -> InterviewTrack:
        items = questions_for_role(questionnaire, person.role)
        answers = {a.question_id: a for a in repo.list_answers(engagement_id, interviewee_id=person.id,
                                                              questionnaire_id=questionnaire.id)}
        return cls(engagement_id, person, questionnaire, items, answers)

    @property
    def current(self) -> tuple[Section, Question] | None:
        return self.items[self.position] if self.items else None

    def state_of(self, question_id: str) -> AnswerState:
        a = self.answers.get(question_id)
        return AnswerState(a.status, a.value) if a else AnswerState(None, None)

    def is_answered(self, question_id: str) -> bool:
        return self.state_of(question_id).status is not None

    @property
    def answered_count(self) -> int:
        return sum(1 for _, q in self.items if self.is_answered(q.id))

    @property
    def remaining(self) -> int:
        return len(self.items) - self.answered_count

    def index_of(self, question_id: str) -> int | None:
        return next((i for i, (_, q) in enumerate(self.items) if q.id == question_id), None)

    def first_unanswered(self) -> int:
        return next((i for i, (_, q) in enumerate(self.items) if not self.is_answered(q.id)), 0)

    def section_progress(self, section_id: str) -> tuple[int, int]:
        questions = [q for s, q in self.items if s.id == section_id]
        return sum(1 for q in questions if self.is_answered(q.id)), len(questions)

    def refresh(self, repo: Repository, question_id: str) -> AnswerRecord | None:
        record = repo.get_answer(self.person.id, self.questionnaire.id, question_id)
        if record is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = record
        return record


class AnswerCommand(QUndoCommand):
    """Setting one answer; undo restores what was there before (or nothing).

    Consecutive edits of the same question merge, so picking 2, then 3, then 4 while
    thinking aloud is one undo step back to where the question started.
    """

    ID = 4242

    def __init__(self, view, track: InterviewTrack, question_id: str, old: AnswerState, new: AnswerState,
                 text: str) -> None:
        super().__init__(text)
        self.view = view
        self.track = track
        self.question_id = question_id
        self.old = old
        self.new = new

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, AnswerCommand) or other.question_id != self.question_id \
                or other.track is not self.track:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.view.apply_answer(self.track, self.question_id, self.new)

    def undo(self) -> None:
        self.view.apply_answer(self.track, self.question_id, self.old)


class OutlineModel(QAbstractListModel):
    """Sections and questions of the track as one flat list (section rows are headers)."""

    QuestionIdRole = Qt.ItemDataRole.UserRole + 1
    IsSectionRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self.language = language
        self.track: InterviewTrack | None = None
        self._rows: list[tuple[Section, Question | None]] = []

    def set_track(self, track: InterviewTrack | None) -> None:
        self.beginResetModel()
        self.track = track
        self._rows = []
        if track is not None:
            last_section = None
            for section, question in track.items:
                if section.id != last_section:
                    self._rows.append((section, None))
                    last_section = section.id
                self._rows.append((section, question))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def row_of_question(self, question_id: str) -> int | None:
        return next((i for i, (_, q) in enumerate(self._rows) if q is not None and q.id == question_id), None)

    def question_changed(self, question_id: str) -> None:
        row = self.row_of_question(question_id)
        if row is None:
            return
        section = self._rows[row][0]
        header = next(i for i, (s, q) in enumerate(self._rows) if q is None and s.id == section.id)
        self.dataChanged.emit(self.index(header), self.index(header))
        self.dataChanged.emit(self.index(row), self.index(row))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.track is None or not 0 <= index.row() < len(self._rows):
            return None
        section, question = self._rows[index.row()]
        if question is None:
            if role == Qt.ItemDataRole.DisplayRole:
                done, total = self.track.section_progress(section.id)
                return f"{section.title.get(self.language)}   {done}/{total}"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == self.IsSectionRole:
                return True
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#eef2f7"))
            return None
        state = self.track.state_of(question.id)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = {"given": "●", "not_applicable": "N/A", "unknown": "?"}.get(state.status or "", "○")
            value = f" {self._short_value(question, state.value)}" if state.status == "given" else ""
            return f"  {mark}{value}  {question.text.get(self.language)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return question.text.get(self.language)
        if role == self.QuestionIdRole:
            return question.id
        if role == self.IsSectionRole:
            return False
        if role == Qt.ItemDataRole.ForegroundRole and state.status is None:
            return QBrush(QColor("#333333"))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#2e6b3a"))
        return None

    @staticmethod
    def _short_value(question: Question, value: str | None) -> str:
        """What fits before the question text: a level, yes/no, a number, or the option's number."""
        if value is None:
            return ""
        spec = question.answer
        if isinstance(spec, ChoiceAnswer):
            ids = [o.id for o in spec.options]
            return f"#{ids.index(value) + 1}" if value in ids else ""
        return value if len(value) <= 6 else value[:5] + "…"

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        _, question = self._rows[index.row()]
        if question is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
