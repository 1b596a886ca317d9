"""The interview as plain state: the track, the changes waiting to be saved, undo steps, the outline.

The screen (``interview.py``) only lays widgets out; what an interview *is* (the role
track, where the consultant stands, which answers exist, what is not saved yet) lives
here, so tests can drive it without a window.

The rule this module is built around: a change belongs to one engagement, one
interviewee, one questionnaire and one question, and carries every value it writes.
Nothing here reads what the screen happens to show later (an undo once wrote the
confidence shown for another question; a retry once saved the next question's note).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand

from app.content.schema import ChoiceAnswer, Question, Questionnaire, Section
from app.services import interviews, questions_for_role
from app.services.workspace import Repository
from app.storage.records import AnswerRecord, IntervieweeRecord

ANSWER_FIELDS = ("status", "value", "confidence", "follow_up", "note", "quotable", "evidence_strength")


@dataclass(frozen=True)
class AnswerKey:
    """Which answer: one question of one questionnaire, for one interviewee of one engagement."""

    engagement_id: str
    interviewee_id: str
    questionnaire_id: str
    question_id: str


@dataclass(frozen=True)
class AnswerState:
    """The status and value of one answer (what an answer key sets)."""

    status: str | None
    value: str | None


def _frozen(values: Mapping[str, object]) -> Mapping[str, object]:
    unknown = set(values) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"not a field of an answer: {sorted(unknown)}")
    return MappingProxyType(dict(values))


@dataclass(frozen=True)
class AnswerWrite:
    """One change to one answer, with every value it sets; fields not named are left alone.

    ``label`` names the question and the person in words, for the banner and the dialogs.
    """

    key: AnswerKey
    values: Mapping[str, object]
    answered_by: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _frozen(self.values))


@dataclass
class PendingAnswer:
    """Everything not yet saved for one answer: the latest value of each changed field."""

    key: AnswerKey
    values: dict[str, object] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)  # files to copy into the evidence store and link
    answered_by: str = ""
    label: str = ""
    revision: int = 0

    @property
    def change_count(self) -> int:
        return len(self.values) + len(self.attachments)


class PendingWrites:
    """The changes waiting for the database, one entry per answer, merged field by field.

    A later change of the same field replaces the earlier value; changes of other fields
    or other answers never touch each other. An entry leaves only when the revision that
    was written is still its latest (a change made while it was being written stays).
    """

    def __init__(self) -> None:
        self._entries: dict[AnswerKey, PendingAnswer] = {}

    def add(self, write: AnswerWrite) -> PendingAnswer:
        entry = self._entries.setdefault(write.key, PendingAnswer(write.key))
        entry.values.update(write.values)
        entry.answered_by = write.answered_by or entry.answered_by
        entry.label = write.label or entry.label
        entry.revision += 1
        return entry

    def add_attachment(self, key: AnswerKey, source: str, label: str = "") -> PendingAnswer:
        entry = self._entries.setdefault(key, PendingAnswer(key))
        entry.attachments.append(source)
        entry.label = label or entry.label
        entry.revision += 1
        return entry

    def get(self, key: AnswerKey) -> PendingAnswer | None:
        return self._entries.get(key)

    def settle(self, key: AnswerKey, revision: int) -> bool:
        """Written up to ``revision``: forget the entry unless it changed since. True if gone."""
        entry = self._entries.get(key)
        if entry is not None and entry.revision == revision:
            del self._entries[key]
            return True
        return entry is None

    def drop(self, key: AnswerKey) -> PendingAnswer | None:
        return self._entries.pop(key, None)

    def clear(self) -> list[PendingAnswer]:
        dropped = list(self._entries.values())
        self._entries.clear()
        return dropped

    def keys(self) -> list[AnswerKey]:
        return list(self._entries)

    def entries(self) -> list[PendingAnswer]:
        return list(self._entries.values())

    @property
    def change_count(self) -> int:
        return sum(e.change_count for e in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries


@dataclass
class InterviewTrack:
    """One interviewee going through the role track of one questionnaire."""

    engagement_id: str
    person: IntervieweeRecord
    questionnaire: Questionnaire
    items: list[tuple[Section, Question]]
    answers: dict[str, AnswerRecord] = field(default_factory=dict)
    position: int = 0
    # Questions whose note may be quoted in a deliverable (the consultant's mark; stored with the diagnosis).
    quotable: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, repo: Repository, engagement_id: str, person: IntervieweeRecord,
              questionnaire: Questionnaire) -> InterviewTrack:
        items = questions_for_role(questionnaire, person.role)
        answers = {a.question_id: a for a in interviews.list_answers(repo, engagement_id, interviewee_id=person.id,
                                                                     questionnaire_id=questionnaire.id)}
        quotable = set(interviews.quotable_questions(repo, engagement_id, person.id, questionnaire.id))
        return cls(engagement_id, person, questionnaire, items, answers, quotable=quotable)

    def key(self, question_id: str) -> AnswerKey:
        return AnswerKey(self.engagement_id, self.person.id, self.questionnaire.id, question_id)

    def owns(self, key: AnswerKey) -> bool:
        return (key.engagement_id, key.interviewee_id, key.questionnaire_id) == \
            (self.engagement_id, self.person.id, self.questionnaire.id)

    @property
    def current(self) -> tuple[Section, Question] | None:
        return self.items[self.position] if self.items else None

    def question(self, question_id: str) -> Question | None:
        return next((q for _, q in self.items if q.id == question_id), None)

    def state_of(self, question_id: str) -> AnswerState:
        a = self.answers.get(question_id)
        return AnswerState(a.status, a.value) if a else AnswerState(None, None)

    def values_of(self, question_id: str, names: Iterable[str]) -> dict[str, object]:
        """The current values of some fields of one answer (what an undo step goes back to)."""
        record = self.answers.get(question_id)
        blank: dict[str, object] = {"status": None, "value": None, "confidence": None, "follow_up": False,
                                    "note": "", "evidence_strength": None}
        return {n: (question_id in self.quotable if n == "quotable"
                    else getattr(record, n) if record is not None else blank[n]) for n in names}

    def apply_local(self, question_id: str, values: Mapping[str, object]) -> None:
        """Show a change at once (it is saved, or kept pending, by the writer)."""
        record = self.answers.get(question_id)
        if record is None:
            record = AnswerRecord("", self.engagement_id, self.person.id, self.questionnaire.id, question_id,
                                  None, None, "", None, False, "", datetime.now())
        changes = dict(values)
        if "quotable" in changes:
            (self.quotable.add if changes.pop("quotable") else self.quotable.discard)(question_id)
        if "status" in changes and changes["status"] != "given":
            changes["value"] = None
        self.answers[question_id] = replace(record, **changes)  # type: ignore[arg-type]

    def add_evidence_local(self, question_id: str, evidence_id: str) -> None:
        self.apply_local(question_id, {})
        record = self.answers[question_id]
        if evidence_id not in record.evidence_ids:
            self.answers[question_id] = replace(record, evidence_ids=(*record.evidence_ids, evidence_id))

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

    def matches(self, question_id: str, kind: str) -> bool:
        """Whether a question is in one of the outline's filters (see ``OutlineModel.FILTERS``)."""
        record = self.answers.get(question_id)
        status = record.status if record else None
        if kind == "all":
            return True
        if kind == "unanswered":
            return status is None
        if kind == "unknown":
            return status == "unknown"
        if kind == "not_applicable":
            return status == "not_applicable"
        if kind == "flagged":
            return bool(record and record.follow_up)
        if kind == "note":
            return bool(record and record.note.strip())
        if kind == "evidence":
            return bool(record and record.evidence_ids)
        raise ValueError(f"unknown filter {kind!r}")

    def next_matching(self, kind: str, start: int | None = None) -> int | None:
        """The next question after ``start`` (wrapping round) that is in a filter, or None."""
        if not self.items:
            return None
        start = self.position if start is None else start
        count = len(self.items)
        for step in range(1, count + 1):
            i = (start + step) % count
            if self.matches(self.items[i][1].id, kind):
                return i
        return None

    def section_progress(self, section_id: str) -> tuple[int, int]:
        questions = [q for s, q in self.items if s.id == section_id]
        return sum(1 for q in questions if self.is_answered(q.id)), len(questions)

    def refresh(self, repo: Repository, question_id: str) -> AnswerRecord | None:
        record = interviews.get_answer(repo, self.person.id, self.questionnaire.id, question_id)
        marked = question_id in interviews.quotable_questions(repo, self.engagement_id, self.person.id,
                                                              self.questionnaire.id)
        (self.quotable.add if marked else self.quotable.discard)(question_id)
        if record is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = record
        return record


class AnswerCommand(QUndoCommand):
    """One undoable change of one answer: the key it belongs to and the old and new values it sets.

    ``apply(key, values)`` is the screen's way to write and show a change. The command
    holds everything it needs, so undoing it an hour later writes exactly what it
    replaced, on its own question, whatever the screen shows by then. Consecutive
    changes of the same fields of the same answer merge: picking 2, then 3, then 4 while
    thinking aloud is one undo step back to where the question started.
    """

    ID = 4242

    def __init__(self, apply, key: AnswerKey, old: Mapping[str, object], new: Mapping[str, object],
                 text: str) -> None:
        super().__init__(text)
        if set(old) != set(new):
            raise ValueError("an undo step restores the same fields it changes")
        self.apply = apply
        self.key = key
        self.old = _frozen(old)
        self.new = _frozen(new)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, AnswerCommand) or other.key != self.key or set(other.new) != set(self.new):
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)  # back where it started: nothing to undo
        return True

    def redo(self) -> None:
        self.apply(self.key, self.new)

    def undo(self) -> None:
        self.apply(self.key, self.old)


class OutlineModel(QAbstractListModel):
    """Sections and questions of the track as one flat list (section rows are headers).

    A filter (see ``FILTERS``) and a search text narrow the questions shown; a section
    header stays while one of its questions does. Each question row carries marks:
    the answer, ⚑ follow-up, ✎ note, ❐ evidence, and * while a change is not saved.
    """

    QuestionIdRole = Qt.ItemDataRole.UserRole + 1
    IsSectionRole = Qt.ItemDataRole.UserRole + 2
    FILTERS = ("all", "unanswered", "unknown", "not_applicable", "flagged", "note", "evidence")

    def __init__(self, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self.language = language
        self.track: InterviewTrack | None = None
        self.filter = "all"
        self.search = ""
        self.unsaved: set[str] = set()  # question ids of the track with a change not saved yet
        self._rows: list[tuple[Section, Question | None]] = []

    def set_track(self, track: InterviewTrack | None) -> None:
        self.track = track
        self._rebuild()

    def set_filter(self, kind: str, search: str | None = None) -> None:
        if kind not in self.FILTERS:
            raise ValueError(f"unknown filter {kind!r}")
        self.filter = kind
        if search is not None:
            self.search = search
        self._rebuild()

    def set_search(self, text: str) -> None:
        self.search = text
        self._rebuild()

    def _shows(self, section: Section, question: Question) -> bool:
        assert self.track is not None
        if not self.track.matches(question.id, self.filter):
            return False
        words = self.search.strip().lower()
        if not words:
            return True
        haystack = " ".join((question.id, question.text.get(self.language), question.text.get("en"),
                             section.title.get(self.language))).lower()
        record = self.track.answers.get(question.id)
        if record is not None:
            haystack += " " + record.note.lower()
        return all(word in haystack for word in words.split())

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._rows = []
        if self.track is not None:
            last_section = None
            for section, question in self.track.items:
                if not self._shows(section, question):
                    continue
                if section.id != last_section:
                    self._rows.append((section, None))
                    last_section = section.id
                self._rows.append((section, question))
        self.endResetModel()

    @property
    def question_count(self) -> int:
        return sum(1 for _, q in self._rows if q is not None)

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
            return f"  {self.marks(question)}  {question.text.get(self.language)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return question.text.get(self.language)
        if role == self.QuestionIdRole:
            return question.id
        if role == self.IsSectionRole:
            return False
        if role == Qt.ItemDataRole.ForegroundRole and question.id in self.unsaved:
            return QBrush(QColor("#9a6700"))
        if role == Qt.ItemDataRole.ForegroundRole and state.status is None:
            return QBrush(QColor("#333333"))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#2e6b3a"))
        return None

    def marks(self, question: Question) -> str:
        """The answer and the flags of a question, as the outline shows them before its text."""
        assert self.track is not None
        state = self.track.state_of(question.id)
        record = self.track.answers.get(question.id)
        mark = {"given": "●", "not_applicable": "N/A", "unknown": "?"}.get(state.status or "", "○")
        value = f" {self._short_value(question, state.value)}" if state.status == "given" else ""
        flags = ""
        if record is not None:
            flags += " ⚑" if record.follow_up else ""
            flags += " ✎" if record.note.strip() else ""
            flags += " ❐" if record.evidence_ids else ""
        unsaved = " *" if question.id in self.unsaved else ""
        return f"{mark}{value}{flags}{unsaved}"

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
