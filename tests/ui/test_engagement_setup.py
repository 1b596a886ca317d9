"""The engagement setup form driven with the keyboard: creation, validation, editing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from shell_helpers import make_engagement

from app.errors import UserError
from app.services import content_for_services
from app.storage.records import EngagementStatus, ServiceChoice
from app.storage.repository import EngagementFilter, StorageUnavailable, UnitOfWork
from app.ui.engagement_setup import EngagementSetupForm, NewEngagementDialog


@pytest.fixture
def dialog(qtbot, ui_context):
    d = NewEngagementDialog(ui_context, consultant="Elena Petrova")
    qtbot.addWidget(d)
    d.show()
    return d


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    (widget.lineEdit() if hasattr(widget, "lineEdit") and widget.lineEdit() else widget).selectAll()
    qtbot.keyClicks(widget, text)


def all_engagements(repo):
    return repo.list_engagements(EngagementFilter(include_archived=True))


def test_new_engagement_through_the_form(qtbot, dialog, ui_context):
    form = dialog.form
    assert form.consultant_edit.text() == "Tester"  # the context's consultant comes first
    type_into(qtbot, form.name_edit, "Harbour Bank - assessment 2026")
    type_into(qtbot, form.customer_name_edit, "Harbour Bank")
    type_into(qtbot, form.industry_combo, "Banking")
    type_into(qtbot, form.headcount_spin, "180")
    type_into(qtbot, form.departments_spin, "14")
    assert "Large" in form.size_hint.text()
    planning = form.service_rows["assessment-planning"]
    planning.check.setFocus()
    qtbot.keyClick(planning.check, Qt.Key.Key_Space)
    assert planning.check.isChecked() and planning.size == "large"  # the suggestion is preselected
    qtbot.keyClick(form.service_rows["diagnosis-basic"].check, Qt.Key.Key_Space)
    form.language_combo.setCurrentIndex(form.language_combo.findData("zh"))
    form.status_combo.setCurrentIndex(form.status_combo.findData("in_progress"))
    type_into(qtbot, form.scope_edit, "Two data centres; payments and core banking.")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == dialog.DialogCode.Accepted and dialog.engagement_id
    record = ui_context.repo.get_engagement(dialog.engagement_id)
    assert record.name == "Harbour Bank - assessment 2026"
    assert record.customer.name == "Harbour Bank" and record.customer.industry == "Banking"
    assert (record.customer.it_headcount, record.customer.business_departments) == (180, 14)
    assert sorted(record.services, key=lambda s: s.service_id) == [
        ServiceChoice("assessment-planning", "large"), ServiceChoice("diagnosis-basic", "standard")]
    assert record.status == EngagementStatus.IN_PROGRESS and record.language == "zh"
    assert record.scope_notes == "Two data centres; payments and core banking."
    assert record.start_date == date.today()
    expected = content_for_services(ui_context.library, record.services)
    assert sorted(record.content, key=str) == sorted(expected, key=str)  # content versions recorded


def test_empty_form_shows_every_problem_and_saves_nothing(qtbot, dialog, ui_context):
    form = dialog.form
    form.consultant_edit.clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.engagement_id is None
    assert form.error_text("name") == "Enter a name for the engagement."
    assert form.error_text("consultant") == "Enter the consultant who leads the engagement."
    assert form.error_text("customer_name") == "Enter the customer's name."
    assert form.error_text("services") == "Choose at least one service."
    assert form.error_text("end_date") == ""
    assert "4 field(s)" in form.summary_label.text()
    assert form.name_edit.hasFocus()
    assert ui_context.repo.list_customers() == [] and all_engagements(ui_context.repo) == []


def test_end_before_start_is_refused(qtbot, dialog, ui_context):
    form = dialog.form
    type_into(qtbot, form.name_edit, "Dates")
    type_into(qtbot, form.customer_name_edit, "Acme")
    form.service_rows["diagnosis-basic"].check.setChecked(True)
    form.start_date.setDate(QDate(2026, 5, 10))
    form.end_date.setDate(QDate(2026, 5, 1))
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)  # Enter saves (and validates) too
    assert form.error_text("end_date") == "The end date is before the start date."
    assert all_engagements(ui_context.repo) == [] and ui_context.repo.list_customers() == []
    form.end_date.setDate(QDate(2026, 6, 1))
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    assert dialog.engagement_id is not None
    assert ui_context.repo.get_engagement(dialog.engagement_id).end_date == date(2026, 6, 1)


def test_duplicate_names_are_refused(qtbot, dialog, ui_context):
    make_engagement(ui_context, "Acme diagnosis", "Acme Bank")
    form = dialog.form
    form.load(None)  # pick up the customer made after the form opened
    type_into(qtbot, form.name_edit, "ACME diagnosis")
    type_into(qtbot, form.customer_name_edit, "acme bank")
    form.service_rows["diagnosis-basic"].check.setChecked(True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("name") == "Another engagement is already called \u201cAcme diagnosis\u201d."
    assert "already exists: choose it in the list above" in form.error_text("customer_name")
    assert len(all_engagements(ui_context.repo)) == 1 and len(ui_context.repo.list_customers()) == 1
    # choosing the existing customer resolves it
    form.customer_combo.setCurrentIndex(form.customer_combo.findText("Acme Bank"))
    assert form.headcount_spin.value() == 40
    type_into(qtbot, form.name_edit, "Acme diagnosis 2027")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert dialog.engagement_id is not None and len(ui_context.repo.list_customers()) == 1


def test_unknown_headcount_suggests_nothing(qtbot, ui_context):
    form = EngagementSetupForm(ui_context)
    qtbot.addWidget(form)
    assert "Enter the IT headcount" in form.size_hint.text()
    form.headcount_spin.setValue(30)
    assert "Medium" in form.size_hint.text()
    form.departments_spin.setValue(12)  # many business departments make it large
    assert "Large" in form.size_hint.text()


def test_edit_mode_saves_changes_and_keeps_content_versions(qtbot, ui_context):
    engagement = make_engagement(ui_context, "Acme diagnosis")
    form = EngagementSetupForm(ui_context, engagement_id=engagement.id)
    qtbot.addWidget(form)
    form.show()
    assert not form.save_button.isEnabled() and not form.is_dirty()
    with qtbot.waitSignal(form.dirty_changed):
        type_into(qtbot, form.name_edit, "Acme diagnosis (phase 1)")
    assert form.save_button.isEnabled()
    form.service_rows["assessment-planning"].check.setChecked(True)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    record = ui_context.repo.get_engagement(engagement.id)
    assert record.name == "Acme diagnosis (phase 1)"
    assert {s.service_id for s in record.services} == {"diagnosis-basic", "assessment-planning"}
    assert set(record.content) == set(engagement.content)  # same questionnaire and model, same versions
    assert not form.is_dirty()


def test_revert_restores_what_is_saved(qtbot, ui_context):
    engagement = make_engagement(ui_context, "Acme diagnosis")
    form = EngagementSetupForm(ui_context, engagement_id=engagement.id)
    qtbot.addWidget(form)
    type_into(qtbot, form.name_edit, "Something else")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert form.name_edit.text() == "Acme diagnosis" and not form.is_dirty()


def test_locked_database_keeps_the_form_and_offers_retry(qtbot, dialog, ui_context, boxes, monkeypatch):
    form = dialog.form
    type_into(qtbot, form.name_edit, "Locked")
    type_into(qtbot, form.customer_name_edit, "Acme")
    form.service_rows["diagnosis-basic"].check.setChecked(True)
    real_create = UnitOfWork.create_customer  # the form saves through one unit of work
    monkeypatch.setattr(UnitOfWork, "create_customer", lambda *a, **k: (_ for _ in ()).throw(
        StorageUnavailable("the database is locked by another program; the change was not saved")))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert boxes.shown[0]["text"] == "The change was not saved."
    assert dialog.isVisible() and form.name_edit.text() == "Locked"
    monkeypatch.setattr(UnitOfWork, "create_customer", real_create)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # retry once the lock is gone
    assert dialog.engagement_id is not None


def test_an_ampersand_in_a_service_name_is_text_not_a_shortcut(qtbot, ui_context):
    from dataclasses import replace

    catalogue = ui_context.library.catalogue
    basic = catalogue.services[0]
    renamed = basic.model_copy(update={"name": basic.name.model_copy(update={"en": "O&M digital diagnosis"})})
    library = replace(ui_context.library, catalogues=[catalogue.model_copy(update={"services": (renamed,)})])
    form = EngagementSetupForm(replace(ui_context, library=library))
    qtbot.addWidget(form)
    assert form.service_rows["diagnosis-basic"].check.text() == "O&&M digital diagnosis"


def test_a_failure_after_the_new_customer_was_written_saves_nothing_and_the_retry_works(
        qtbot, dialog, ui_context, monkeypatch, database_dump):
    """The customer is the first write, the engagement the second: when that fails, both are gone."""
    form = dialog.form
    type_into(qtbot, form.name_edit, "Harbour Bank - assessment 2026")
    type_into(qtbot, form.customer_name_edit, "Harbour Bank")
    type_into(qtbot, form.industry_combo, "Banking")
    type_into(qtbot, form.headcount_spin, "180")
    form.service_rows["diagnosis-basic"].check.setChecked(True)
    before = database_dump(ui_context.repo)
    real_create = UnitOfWork.create_engagement
    written = []

    def create_then_fail(self, *args, **kwargs):
        written.append(real_create(self, *args, **kwargs))  # the engagement row is written, then the save fails
        raise UserError("the disk is full; the change was not saved")

    monkeypatch.setattr(UnitOfWork, "create_engagement", create_then_fail)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert written and dialog.isVisible() and dialog.engagement_id is None
    assert form.summary_label.text() == "the disk is full; the change was not saved"
    assert database_dump(ui_context.repo) == before  # no customer left behind
    # what was typed is still there, the customer still a new one
    assert form.name_edit.text() == "Harbour Bank - assessment 2026"
    assert form.customer_name_edit.text() == "Harbour Bank" and form.customer_combo.currentData() is None
    assert form.headcount_spin.value() == 180 and form.service_rows["diagnosis-basic"].check.isChecked()
    monkeypatch.setattr(UnitOfWork, "create_engagement", real_create)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # the retry is not refused
    assert dialog.engagement_id is not None
    assert [c.name for c in ui_context.repo.list_customers()] == ["Harbour Bank"]
    assert ui_context.repo.get_engagement(dialog.engagement_id).customer.it_headcount == 180


def test_error_messages_go_when_their_field_is_fixed(qtbot, dialog):
    """Issue 10 item 10: a message does not outlive its problem."""
    form = dialog.form
    form.consultant_edit.clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("name") and form.error_text("services")
    type_into(qtbot, form.name_edit, "Acme diagnosis")
    assert form.error_text("name") == "" and form.error_text("consultant") != ""
    assert "3 field(s)" in form.summary_label.text()
    next(iter(form.service_rows.values())).check.setChecked(True)
    assert form.error_text("services") == ""
    type_into(qtbot, form.consultant_edit, "Elena")
    type_into(qtbot, form.customer_name_edit, "Acme")
    assert not form.summary_label.isVisible()


def test_tab_reaches_the_services_before_cancel_and_save(qtbot, dialog):
    form = dialog.form
    chain, widget = [], form.name_edit
    for _ in range(200):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is form.name_edit:
            break
    checks = [row.check for row in form.service_rows.values()]
    assert checks and all(c in chain for c in checks)
    last_service = max(chain.index(c) for c in checks)
    assert last_service < chain.index(form.scope_edit) < chain.index(form.cancel_button) \
        < chain.index(form.save_button)
