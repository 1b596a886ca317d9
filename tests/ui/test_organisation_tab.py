"""The Organisation tab: edits are checked, undoable and saved at once, each as a new version."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.planning.organisation import TEAM_TYPES
from app.services import organisation as service
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository
from app.ui.context import AppContext
from app.ui.organisation import OrganisationTab


@pytest.fixture
def tab(qtbot, shipped_library, tmp_path):
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Harbour Bank")
    engagement = repo.create_engagement(customer.id, "HB organisation",
                                        services=(ServiceChoice("organisation-optimisation", "medium"),))
    widget = OrganisationTab(AppContext(shipped_library, repo, "en"))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.load(engagement.id)
    yield widget, repo, engagement.id
    repo.db.close()


def _cell(model, row_where, column_header):
    col = next(i for i, c in enumerate(model.columns) if c.header() == column_header)
    row = next(i for i, r in enumerate(model.rows) if row_where(r))
    return model.index(row, col)


def test_a_raci_edit_shows_the_problem_and_undo_restores_it(tab):
    widget, repo, engagement_id = tab
    raci = widget.raci
    index = _cell(raci, lambda r: r.activity_id == "change.assess", "Service owner")
    assert raci.setData(index, "a", Qt.ItemDataRole.EditRole)
    assert widget.design.raci["change.assess"]["service_owner"] == "A"
    assert widget.version == 1
    stored = service.load_design(widget.context.library, repo, engagement_id)
    assert stored.version == 1 and stored.design.raci["change.assess"]["service_owner"] == "A"
    assert "1 errors" in widget.raci_problems_label.text()
    assert "Assess impact and risk" in widget.raci_problems_label.text()
    assert raci.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    widget.undo_stack.undo()
    assert widget.design.raci["change.assess"]["service_owner"] == "R"
    assert service.load_design(widget.context.library, repo, engagement_id).version == 2  # undo is saved too
    assert "0 errors" in widget.raci_problems_label.text()
    widget.undo_stack.redo()
    assert widget.design.raci["change.assess"]["service_owner"] == "A"


def test_a_bad_headcount_is_refused_and_nothing_changes(tab):
    widget, repo, engagement_id = tab
    widget.team_view.setCurrentIndex(widget.teams.index(1, 0))  # the operations and SRE team
    before = widget.design.to_dict()
    index = _cell(widget.headcount, lambda r: r[1] == "sre", "In post")
    assert not widget.headcount.setData(index, "2.5", Qt.ItemDataRole.EditRole)
    assert "target.teams[med.ops_sre].posts.sre" in widget.status.text()
    assert "not a whole number" in widget.status.text()
    # a rotation larger than its team
    rotation = _cell(widget.rotations, lambda r: r.id == "production", "Size")
    assert not widget.rotations.setData(rotation, "40", Qt.ItemDataRole.EditRole)
    assert widget.design.to_dict() == before and widget.undo_stack.count() == 0
    assert repo.documents.get(engagement_id, service.DOCUMENT_KIND, "main") is None


def test_team_edits_and_findings(tab):
    widget, repo, engagement_id = tab
    widget.side.setCurrentIndex(1)  # current organisation
    widget._add_team()
    assert [t.name for t in widget.design.current.teams] == ["New team 1"]
    toil = _cell(widget.teams, lambda t: True, "Toil %")
    assert widget.teams.setData(toil, "70", Qt.ItemDataRole.EditRole)
    rules = {(f.rule_id, f.scope) for f in widget.findings.rows if hasattr(f, "rule_id")}
    assert ("staffing.toil_cap", "Current") in rules and ("staffing.team_size_min", "Current") in rules
    widget._propose_transition()
    assert widget.steps.rows and widget.undo_stack.count() == 3
    assert service.load_design(widget.context.library, repo, engagement_id).version == 3


def test_content_without_an_organisation_model_says_so(qtbot, mini_library, tmp_path):
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Acme")
    engagement = repo.create_engagement(customer.id, "Acme")
    widget = OrganisationTab(AppContext(mini_library, repo, "en"))
    qtbot.addWidget(widget)
    widget.load(engagement.id)
    assert "not installed" in widget.summary.text() and not widget.pages.isEnabled()
    repo.db.close()


def test_reporting_lines_are_edited_by_team_name_and_a_circle_is_refused(tab):
    widget, repo, engagement_id = tab
    teams = widget.teams
    platform = _cell(teams, lambda t: t.id == "med.platform", "Reports to")
    assert teams.setData(platform, "Operations and SRE team", Qt.ItemDataRole.EditRole)
    assert widget.design.target.team("med.platform").reports_to == "med.ops_sre"
    ops = _cell(teams, lambda t: t.id == "med.ops_sre", "Reports to")
    assert not teams.setData(ops, "Platform and infrastructure team", Qt.ItemDataRole.EditRole)
    assert "target.teams[med.ops_sre].reports_to" in widget.status.text()
    assert "circle" in widget.status.text()
    assert widget.design.target.team("med.ops_sre").reports_to == "med.management"
    assert not teams.setData(ops, "Nowhere", Qt.ItemDataRole.EditRole)
    assert "no team 'Nowhere'" in widget.status.text()
    assert service.load_design(widget.context.library, repo, engagement_id).version == 1


def test_a_team_type_is_chosen_from_a_list(tab):
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    widget, _repo, _engagement_id = tab
    index = _cell(widget.teams, lambda t: t.id == "med.platform", "Type")
    delegate = widget.team_view.itemDelegate()
    editor = delegate.createEditor(widget.team_view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemData(i) for i in range(editor.count())] == list(TEAM_TYPES)
    assert editor.itemText(editor.findData("stream_aligned")) == "Stream-aligned"
    editor.setCurrentIndex(editor.findData("enabling"))
    delegate.setModelData(editor, widget.teams, index)
    assert widget.design.target.team("med.platform").type == "enabling"
    assert widget.teams.data(index) == "Enabling"


def test_interactions_owners_and_rotation_teams_are_edited_and_saved(tab):
    widget, repo, engagement_id = tab
    widget.team_view.setCurrentIndex(widget.teams.index(1, 0))
    widget._add_interaction()
    assert len(widget.design.target.interactions) == 1
    mode = widget.interactions.index(0, 1)
    assert widget.interactions.setData(mode, "facilitating", Qt.ItemDataRole.EditRole)
    assert widget.interactions.data(mode) == "Facilitating"
    owner = _cell(widget.owners, lambda o: o[0] == "change", "Owner (role)")
    assert widget.owners.setData(owner, "om_manager", Qt.ItemDataRole.EditRole)
    assert widget.design.target.process_owners["change"] == "om_manager"
    assert widget.owners.data(owner) == "O&M manager"
    widget.rotation_view.setCurrentIndex(widget.rotations.index(0, 0))
    before = len(widget.design.target.rotations[0].members)
    widget._add_member()
    assert len(widget.design.target.rotations[0].members) == before + 1
    for row in range(widget.members.rowCount()):  # every cell reads (the view asks for them when shown)
        for column in range(widget.members.columnCount()):
            assert widget.members.data(widget.members.index(row, column)) is not None
    for model in (widget.interactions, widget.owners):
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                assert model.data(model.index(row, column)) is not None
    count = widget.members.index(before, 2)
    assert not widget.members.setData(count, "99", Qt.ItemDataRole.EditRole)  # larger than the team
    assert "larger than the team" in widget.status.text()
    assert widget.members.setData(count, "2", Qt.ItemDataRole.EditRole)
    stored = service.load_design(widget.context.library, repo, engagement_id).design
    assert stored.target.interactions[0].mode == "facilitating"
    assert stored.target.rotations[0].members[before].count == 2


def test_a_business_line_variant_copies_the_base_row_before_its_own_edit(tab):
    widget, repo, engagement_id = tab
    widget.variant_name.setText("Corporate banking")
    widget._add_variant()
    assert [v.name for v in widget.design.raci_variants] == ["Corporate banking"]
    assert widget.variant_box.currentIndex() == 1
    cell = _cell(widget.raci, lambda r: r.activity_id == "change.assess", "Service owner")
    assert widget.raci.setData(cell, "I", Qt.ItemDataRole.EditRole)
    variant = widget.design.raci_variants[0].cells["change.assess"]
    assert variant["service_owner"] == "I" and variant["change_manager"] == widget.design.raci["change.assess"][
        "change_manager"]
    assert widget.design.raci["change.assess"]["service_owner"] == "R"  # the base RACI is untouched
    widget.variant_box.setCurrentIndex(0)
    assert widget.raci.data(cell) == "R"
    stored = service.load_design(widget.context.library, repo, engagement_id).design
    assert stored.raci_variants[0].cells["change.assess"]["service_owner"] == "I"
