"""The shared table models: plain rows, edits on a copy (checked, undoable), fills, tips and choice editing."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem, QTableView

from app.errors import UserError
from app.ui.editable_table import ChoiceDelegate, Column, PlainRowsModel, RowsTable, cell_text, parse_cell

RED = QColor("#F4CCCC")


@dataclass
class Team:
    name: str
    size: int
    toil: float | None = None
    kind: str = "stream"
    level: float = 2.5


@dataclass
class Design:
    teams: list[Team] = field(default_factory=list)


def check(design: Design) -> None:
    for team in design.teams:
        if not isinstance(team.size, int) or team.size < 0:
            raise UserError(f"team {team.name!r}: size must be a whole number of people, not {team.size!r}")


class Edit(QUndoCommand):
    def __init__(self, screen: Screen, before: Design, after: Design, text: str) -> None:
        super().__init__(text)
        self.screen, self.before, self.after = screen, before, after

    def redo(self) -> None:
        self.screen.show(self.after)

    def undo(self) -> None:
        self.screen.show(self.before)


class Screen:
    """What a tab does with the model: check the edited copy, refuse it with a message or push an undo command."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.message = ""
        self.stack = QUndoStack()
        self.model = RowsTable([
            Column(lambda: "Name", lambda t: t.name, lambda t, v: setattr(t, "name", v)),
            Column(lambda: "Size", lambda t: t.size, lambda t, v: setattr(t, "size", v), "int"),
            Column(lambda: "Toil %", lambda t: t.toil, lambda t, v: setattr(t, "toil", v), "pct"),
            Column(lambda: "Type", lambda t: t.kind, lambda t, v: setattr(t, "kind", v), "choice",
                   ("stream", "platform"), show=lambda v: {"stream": "Stream-aligned", "platform": "Platform"}[v]),
            Column(lambda: "Level", lambda t: t.level, kind="level"),
        ], self.edit)
        self.show(design)

    def show(self, design: Design) -> None:
        self.design = design
        self.model.set_rows(list(design.teams), lambda d, i: d.teams[i])

    def edit(self, change, what: str) -> bool:
        after = copy.deepcopy(self.design)
        change(after)
        try:
            check(after)
        except UserError as exc:
            self.message = f"{what}: {exc}"
            return False
        self.message = ""
        self.stack.push(Edit(self, self.design, after, what))
        return True


@pytest.fixture
def screen(qtbot):
    return Screen(Design([Team("Ops & SRE", 6, 20.0), Team("网络团队 with a long name", 3)]))


def test_cells_show_each_kind_and_edit_by_value(screen, qtmodeltester):
    model = screen.model
    qtmodeltester.check(model)
    shown = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert shown == [["Ops & SRE", "6", "20", "Stream-aligned", "2.50"], ["网络团队 with a long name", "3", "", "Stream-aligned", "2.50"]]
    assert model.index(0, 3).data(Qt.ItemDataRole.EditRole) == "stream"  # a choice is edited by its value
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Toil %"
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignRight
                                                                          | Qt.AlignmentFlag.AlignVCenter)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable  # no setter: read-only
    model.set_rows(list(screen.design.teams))  # no way to find a row in a copy: read-only too
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 0), "x", Qt.ItemDataRole.EditRole)


def test_an_edit_changes_a_copy_and_undo_brings_the_old_one_back(screen):
    model, shown = screen.model, screen.design
    assert model.setData(model.index(0, 1), " 7 ", Qt.ItemDataRole.EditRole)
    assert shown.teams[0].size == 6  # the design on screen was never changed in place
    assert screen.design.teams[0].size == 7 and model.index(0, 1).data() == "7"
    assert model.setData(model.index(1, 2), "12,5%", Qt.ItemDataRole.EditRole)
    assert screen.design.teams[1].toil == 12.5
    screen.stack.undo()
    screen.stack.undo()
    assert (screen.design.teams[0].size, screen.design.teams[1].toil) == (6, None)
    screen.stack.redo()
    assert screen.design.teams[0].size == 7 and model.index(0, 1).data() == "7"


def test_a_bad_value_is_refused_with_the_field_named_and_nothing_changes(screen):
    model, before = screen.model, copy.deepcopy(screen.design)
    assert not model.setData(model.index(0, 1), "six", Qt.ItemDataRole.EditRole)
    assert screen.message == "Size: team 'Ops & SRE': size must be a whole number of people, not 'six'"
    assert screen.design == before and screen.stack.count() == 0 and model.index(0, 1).data() == "6"


def test_an_edit_carries_its_row_and_value_not_what_the_screen_shows_later(screen):
    model = screen.model
    index = model.index(1, 0)
    edits = []
    model.on_edit = lambda change, what: edits.append(change) or True
    assert model.setData(index, "Network", Qt.ItemDataRole.EditRole)
    model.set_rows([Team("someone else", 1)], lambda d, i: d.teams[i])  # the screen moved on
    later = copy.deepcopy(screen.design)
    edits[0](later)
    assert [t.name for t in later.teams] == ["Ops & SRE", "Network"]


def test_fills_and_tips(screen):
    model = screen.model
    model.cell_fills = {(0, 1): RED}
    model.tips = {(0, 1): "more people than posts"}
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole).color() == RED
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "more people than posts"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    model.set_rows(list(screen.design.teams), row_fills={1: RED})
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole).color() == RED
    long_name = "a team whose name is much longer than forty characters"
    model.set_rows([Team(long_name, 1)])
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None  # only where the model asks for it
    model.long_text_tips = True
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == long_name


@pytest.mark.parametrize(("typed", "kind", "value"), [
    ("5", "int", 5), ("5.5", "int", 5.5), ("", "int", 0), ("", "number", None), ("", "pct", None),
    ("1,5", "number", 1.5), ("30 %", "pct", 30.0), ("30%", "int", "30%"), ("many", "number", "many"),
    ("  free text ", "text", "free text"),
])
def test_typed_values_are_numbers_where_they_read_as_one(typed, kind, value):
    assert parse_cell(typed, kind) == value


def test_cell_text_without_trailing_zeros():
    assert cell_text(2.0, Column(lambda: "", lambda r: r, kind="number")) == "2"
    assert cell_text(None, Column(lambda: "", lambda r: r)) == ""


def test_a_choice_is_edited_with_a_drop_down_of_its_values(screen, qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(screen.model)
    delegate = ChoiceDelegate(view)
    index = screen.model.index(1, 3)
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == ["Stream-aligned", "Platform"]
    delegate.setEditorData(editor, index)
    assert editor.currentData() == "stream"
    editor.setCurrentIndex(1)
    delegate.setModelData(editor, screen.model, index)
    assert screen.design.teams[1].kind == "platform" and screen.model.index(1, 3).data() == "Platform"
    assert not isinstance(delegate.createEditor(view.viewport(), QStyleOptionViewItem(), screen.model.index(1, 0)),
                          QComboBox)


def test_plain_rows_are_replaced_in_one_reset_and_read_safely(qtbot, qtmodeltester):
    model = PlainRowsModel(["Ref", "Title"])
    with qtbot.waitSignal(model.modelReset):
        model.replace_rows(("R1", "R2"))
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount(), model.headerData(1, Qt.Orientation.Horizontal)) == (2, 2, "Title")
    assert model.row_at(model.index(1, 0)) == "R2"
    assert model.row_at(QModelIndex()) is None and model.row_at(model.index(5, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
