"""The list and register models over plain rows, with no widget: qtmodeltester and roles."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QModelIndex, Qt

from app.storage.records import EngagementStatus, EngagementSummary, IntervieweeRecord
from app.ui.engagement_list import EngagementTableModel
from app.ui.interviewees import IntervieweeTableModel


def summary(name: str, **kw) -> EngagementSummary:
    values = dict(id=name.lower(), name=name, customer_name="Acme", industry="Banking", consultant="Elena",
                  status=EngagementStatus.IN_PROGRESS, archived=False, start_date=date(2026, 1, 5),
                  updated_at=datetime(2026, 1, 6, 10, 0), last_opened_at=None, service_ids=("diagnosis-basic",),
                  interviewee_count=3, answer_count=12)
    values.update(kw)
    return EngagementSummary(**values)


def test_engagement_model_passes_the_model_tester(qtmodeltester):
    model = EngagementTableModel(lambda s: {"diagnosis-basic": "Basic diagnosis"}.get(s, s))
    qtmodeltester.check(model)
    model.set_rows([summary("Alpha"), summary("Beta", archived=True, start_date=None, service_ids=())])
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_engagement_model_roles_and_columns():
    model = EngagementTableModel(lambda s: {"diagnosis-basic": "Basic diagnosis"}.get(s, s))
    model.set_rows([summary("Alpha"), summary("Beta", archived=True, status=EngagementStatus.PLANNED)])
    assert model.rowCount() == 2 and model.columnCount() == EngagementTableModel.COLUMN_COUNT
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    row = 0
    assert model.data(model.index(row, model.COL_SERVICES)) == "Basic diagnosis"
    assert model.data(model.index(row, model.COL_STATUS)) == "In progress"
    assert model.data(model.index(row, model.COL_START)) == "2026-01-05"
    assert model.data(model.index(row, model.COL_PEOPLE)) == 3
    assert model.data(model.index(row, 0), EngagementTableModel.IdRole) == "alpha"
    assert model.data(model.index(row, 0), EngagementTableModel.SummaryRole).name == "Alpha"
    assert "archived" in model.data(model.index(1, model.COL_NAME))
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole).italic()
    # statuses sort in workflow order, not alphabetically
    assert model.data(model.index(1, model.COL_STATUS), EngagementTableModel.SortRole) < \
        model.data(model.index(0, model.COL_STATUS), EngagementTableModel.SortRole)
    assert model.headerData(model.COL_CUSTOMER, Qt.Orientation.Horizontal) == "Customer"
    assert model.data(QModelIndex()) is None
    assert model.row_of("beta") == 1 and model.row_of("nope") == -1


def test_interviewee_model_passes_the_model_tester(qtmodeltester):
    model = IntervieweeTableModel(lambda r: r.upper(), lambda q: f"Q:{q}" if q else "")
    qtmodeltester.check(model)
    model.set_rows([
        IntervieweeRecord("1", "e", "Ann", "sre", "Ops", "ann@example.com", "mini-q", datetime(2026, 1, 5, 9, 30)),
        IntervieweeRecord("2", "e", "Bob", "executive"),
    ])
    qtmodeltester.check(model)
    assert model.data(model.index(0, model.COL_ROLE)) == "SRE"
    assert model.data(model.index(0, model.COL_TRACK)) == "Q:mini-q"
    assert model.data(model.index(0, model.COL_PLANNED)) == "2026-01-05 09:30"
    assert model.data(model.index(1, model.COL_PLANNED)) == ""
    assert model.data(model.index(1, 0), IntervieweeTableModel.RecordRole).name == "Bob"
