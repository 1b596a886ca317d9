"""Table models over plain rows, shared by the screens that list or edit them.

``PlainRowsModel`` is the common shape (Vorta's table models): a list of plain row objects
replaced inside a model reset, column titles set by the screen when its language changes,
and ``row_at(index)`` for ``data()``. The Findings and Requests lists build on it.

``RowsTable`` is the editable one the Organisation and Processes tabs use: each column is
a ``Column`` (title, getter, optional setter, kind). An edit never changes the row on
screen: ``setData`` parses the text, then hands the tab ``change(copy)``, a function that
applies the value to the same row of a *copy* of the document (a design, a specification),
found again by ``locate(copy, row)``. The tab checks the copy, refuses it with the field
named or pushes an undoable command that carries the whole document before and after,
so undo never depends on what the screen shows later.

Numbers are parsed as typed (``parse_cell``): a text that is not a number stays text, so
the document's check names the field instead of the table guessing a value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
NUMERIC_KINDS = ("int", "number", "pct", "level")
LONG_TEXT = 40  # characters; a longer text shows whole in its tooltip where the model asks for it


class PlainRowsModel(QAbstractTableModel):
    """Rows are plain objects shown as they are; a new list replaces the old inside a model reset."""

    def __init__(self, headers: Sequence[str] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.headers: list[str] = list(headers)  # the screen sets them in its language

    def replace_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Any | None:
        """The row object of ``index``, or None for an index outside the rows."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]

    def header(self, section: int) -> str:
        return self.headers[section]

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.header(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # what each screen's model shows
        return None


@dataclass
class Column:
    """One column of a ``RowsTable``.

    ``kind``: text | int | number | pct | level | choice. ``set(row, value)`` changes the row
    of a document copy (None: read-only). A choice column is edited with a drop-down of
    ``choices`` (fixed values) or ``options()`` (``[(value, shown)]``, e.g. the teams);
    ``show(value)`` is how a value is written in the cell and the drop-down.
    """

    header: Callable[[], str]
    get: Callable[[Any], Any]
    set: Callable[[Any, Any], None] | None = None
    kind: str = "text"
    choices: tuple[str, ...] = ()
    options: Callable[[], list[tuple[str, str]]] | None = None
    show: Callable[[Any], str] | None = None

    def option_list(self) -> list[tuple[str, str]]:
        if self.options is not None:
            return self.options()
        return [(c, self.show(c) if self.show is not None else c) for c in self.choices]


def parse_cell(value: Any, kind: str) -> Any:
    """The value typed into a cell of this kind: a number where it reads as one, else the text as typed.

    An empty number is 0 in an ``int`` column and None (not given) in a ``number`` or ``pct``
    column; a ``pct`` may carry its % sign; a decimal comma reads as a point.
    """
    text = str(value).strip()
    if kind not in ("int", "number", "pct"):
        return text
    if not text:
        return 0 if kind == "int" else None
    try:
        number = float((text.replace("%", "") if kind == "pct" else text).replace(",", "."))
    except ValueError:
        return text
    return int(number) if kind == "int" and number.is_integer() else number


def cell_text(value: Any, column: Column) -> str:
    """How a value is shown: blank for none, a level with two decimals, other numbers without trailing zeros."""
    if value is None:
        return ""
    if column.kind == "choice":
        return column.show(value) if column.show is not None else str(value)
    if column.kind == "level" and isinstance(value, int | float):
        return f"{value:.2f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


class RowsTable(PlainRowsModel):
    """Rows are plain objects of the shown document; an edit goes through ``on_edit`` on a copy.

    ``on_edit(change, title)`` gets ``change(copy)`` and the column's title, and returns
    whether the edit was taken. ``cell_fills``/``tips`` colour and explain single cells,
    ``row_fills`` whole rows; with ``long_text_tips`` a long text shows whole in its tooltip.
    """

    def __init__(self, columns: list[Column], on_edit: Callable[[Callable[[Any], None], str], bool],
                 parent: Any = None, *, long_text_tips: bool = False) -> None:
        super().__init__((), parent)
        self.columns = columns
        self.locate: Callable[[Any, int], Any] | None = None  # (document copy, row) -> that row's object
        self.cell_fills: dict[tuple[int, int], QColor] = {}
        self.row_fills: dict[int, QColor] = {}
        self.tips: dict[tuple[int, int], str] = {}
        self.long_text_tips = long_text_tips
        self.on_edit = on_edit

    def set_rows(self, rows: list[Any], locate: Callable[[Any, int], Any] | None = None,
                 row_fills: dict[int, QColor] | None = None) -> None:
        """New rows (``locate`` None: read-only); ``row_fills`` replace the rows' colours."""
        self.beginResetModel()
        self.rows, self.locate, self.row_fills = rows, locate, row_fills or {}
        self.endResetModel()

    def set_columns(self, columns: list[Column]) -> None:
        self.beginResetModel()
        self.columns = columns
        self.endResetModel()

    def header(self, section: int) -> str:
        return self.columns[section].header()

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():  # the root of a table: nothing to select or edit (Qt's model tester checks)
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].set is not None and self.locate is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index)
        if row is None:
            return None
        col = self.columns[index.column()]
        value = col.get(row)
        cell = (index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value, col)
        if role == Qt.ItemDataRole.EditRole:  # a choice is edited by its value, not by what is shown
            return "" if value is None else str(value) if col.kind == "choice" else cell_text(value, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            fill = self.cell_fills.get(cell) or self.row_fills.get(index.row())
            return QBrush(fill) if fill is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell in self.tips:
                return self.tips[cell]
            if self.long_text_tips and isinstance(value, str) and len(value) > LONG_TEXT:
                return value
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in NUMERIC_KINDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        if col.set is None or self.locate is None:
            return False
        row, locate, setter = index.row(), self.locate, col.set
        parsed = parse_cell(value, col.kind)

        def change(document: Any) -> None:  # carries the row and value it was made with, not the screen
            setter(locate(document, row), parsed)

        return self.on_edit(change, col.header())


class ChoiceDelegate(QStyledItemDelegate):
    """A cell with a list of what it may hold is edited with a drop-down of that list, never typed.

    ``choices(index)`` says what a cell may hold, ``[(value, shown)]``, or None for a cell
    edited as usual: here a ``RowsTable``'s choice column (a team type, a team, a role); a
    screen with its own model overrides it, and ``current(editor, index)`` if its cells
    are found in the list by what they show rather than by their value.
    """

    def choices(self, index: QModelIndex) -> Sequence[tuple[Any, str]] | None:
        model = index.model()
        if isinstance(model, RowsTable):
            col = model.columns[index.column()]
            if col.kind == "choice" and (col.choices or col.options is not None):
                return col.option_list()
        return None

    def current(self, editor: QComboBox, index: QModelIndex) -> int:
        return editor.findData(index.data(Qt.ItemDataRole.EditRole))

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802
        choices = self.choices(index)
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for value, shown in choices:
            combo.addItem(shown, value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, self.current(editor, index)))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
