"""The portfolio screen: loading in the background, filters, comparison, trend, benchmark, anonymise, export."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from PySide6.QtCore import QItemSelectionModel, Qt
from shell_helpers import make_engagement

from app.ui.main_window import MainWindow
from app.ui.portfolio import PortfolioPage, PortfolioTableModel


@pytest.fixture
def data(ui_context):
    repo = ui_context.repo
    made = []
    for name, customer, industry, start, values in (
            ("Harbour Bank 2024", "Harbour Bank", "Banking", date(2024, 10, 6), {"q1": "1", "q4": "nobody"}),
            ("Harbour Bank 2025", "Harbour Bank", "Banking", date(2025, 10, 6), {"q1": "4", "q4": "ic"}),
            ("Northwind review", "Northwind Logistics", "Logistics", date(2025, 11, 2), {"q1": "2", "q4": "manager"}),
            ("Sunrise planned", "Sunrise Health", "Healthcare", date(2026, 1, 7), {})):
        e = make_engagement(ui_context, name, customer, industry=industry, start=start,
                            people=(("Ann Lee", "sre"),))
        person = repo.list_interviewees(e.id)[0]
        for q, v in values.items():
            repo.save_answer(e.id, person.id, "mini-q", q, "given", v)
        made.append(e)
    return made


@pytest.fixture
def page(qtbot, ui_context, data):
    view = PortfolioPage(ui_context)
    qtbot.addWidget(view)
    view.resize(1366, 740)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.load()
    return view


def _select(page: PortfolioPage, *names: str) -> None:
    model = page.table.selectionModel()
    model.clearSelection()
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, PortfolioTableModel.COL_ENGAGEMENT).data() in names:
            model.select(page.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def _cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_table_lists_every_engagement_newest_first_with_levels(page, qtmodeltester):
    qtmodeltester.check(page.model)
    shown = [page.proxy.index(r, PortfolioTableModel.COL_ENGAGEMENT).data() for r in range(page.proxy.rowCount())]
    assert shown == ["Sunrise planned", "Northwind review", "Harbour Bank 2025", "Harbour Bank 2024"]
    harbour = next(r for r in range(page.proxy.rowCount())
                   if page.proxy.index(r, PortfolioTableModel.COL_ENGAGEMENT).data() == "Harbour Bank 2025")
    assert page.proxy.index(harbour, PortfolioTableModel.COL_INDUSTRY).data() == "Banking"
    assert page.proxy.index(harbour, PortfolioTableModel.COL_OVERALL).data() == "4.00"
    assert page.proxy.headerData(PortfolioTableModel.FIXED, Qt.Orientation.Horizontal) == "Change"
    assert page.count_label.text() == "4 of 4 engagements"


def test_filters_narrow_the_table(page):
    page.industry_combo.setCurrentIndex(page.industry_combo.findData("banking"))
    assert page.proxy.rowCount() == 2 and page.count_label.text() == "2 of 4 engagements"
    page.year_combo.setCurrentIndex(page.year_combo.findData(2024))
    assert page.proxy.rowCount() == 1
    page.industry_combo.setCurrentIndex(0)
    page.year_combo.setCurrentIndex(0)
    page.size_combo.setCurrentIndex(page.size_combo.findData("medium"))  # 40 IT staff each
    assert page.proxy.rowCount() == 4


def test_comparison_of_the_selection_with_overlap_and_charts(page):
    _select(page, "Harbour Bank 2024", "Northwind review")
    assert page.export_word.isEnabled()
    assert "all 3 capabilities compare" in page.overlap_label.text()
    cells = _cells(page.compare_table)
    assert cells[0] == ["Overall", "1.00", "2.00"] or cells[0] == ["Overall", "2.00", "1.00"]
    assert page.radar.figure is not None and page.bars.figure is not None


def test_anonymise_hides_names_everywhere_on_screen(page):
    page.anonymise_check.setChecked(True)
    _select(page, "Customer A 2026-01", "Customer B 2025-11")
    customers = {page.proxy.index(r, PortfolioTableModel.COL_CUSTOMER).data() for r in range(page.proxy.rowCount())}
    assert customers == {"Customer A", "Customer B", "Customer C"}
    headers = [page.compare_table.horizontalHeaderItem(c).text() for c in range(page.compare_table.columnCount())]
    assert not any("Harbour" in h or "Northwind" in h or "Sunrise" in h for h in headers)


def test_trend_of_the_first_selected_customer(page):
    _select(page, "Harbour Bank 2025")
    page.tabs.setCurrentIndex(1)
    assert "Harbour Bank: 2 assessments in date order." in page.trend_label.text()
    assert _cells(page.improved_table)[0] == ["Change approval", "1.00", "4.00", "+3.00"]
    assert _cells(page.trend_table)[0] == ["Overall", "1.00", "4.00"]


def test_benchmark_hides_figures_below_the_minimum_group(page):
    _select(page, "Harbour Bank 2025")
    page.tabs.setCurrentIndex(2)
    assert "against 2 other engagements" in page.benchmark_label.text()
    assert _cells(page.benchmark_table)[0] == ["Overall", "2", "fewer than 5", "fewer than 5", "fewer than 5",
                                               "4.00", ""]


def test_export_writes_the_selection(page, qtbot, tmp_path, monkeypatch):
    _select(page, "Harbour Bank 2024", "Harbour Bank 2025")
    opened = []
    monkeypatch.setattr(page, "window", lambda: type("W", (), {"offer_open": opened.append})())
    out = tmp_path / "cmp.docx"
    task = page.save_to(out)
    qtbot.waitUntil(lambda: task.state != "running", timeout=30000)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened == [out] and "Harbour Bank 2024" in "\n".join(c.text for c in Document(str(out)).tables[0]._cells)


def test_chinese_interface(page, qtbot):
    from app.ui.i18n import set_language

    page.context.language = "zh"
    set_language("zh")
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "对比", timeout=5000)
    shown = {page.proxy.index(r, PortfolioTableModel.COL_INDUSTRY).data() for r in range(page.proxy.rowCount())}
    assert shown == {"银行", "物流与交通运输", "医疗健康"}


def test_window_opens_the_portfolio_and_comes_back(qtbot, settings, ui_context, data):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_context(ui_context)
    window.show()
    window.actions_by_name["portfolio"].trigger()
    assert window.stack.currentWidget() is window.portfolio_page
    qtbot.waitUntil(lambda: window.portfolio_page.portfolio is not None, timeout=20000)
    assert window.actions_by_name["back"].isEnabled()
    window.portfolio_page.back_button.click()
    assert window.stack.currentWidget() is window.list_page


def test_setup_form_suggests_the_list_entries_and_keeps_the_customers_words(qtbot, ui_context):
    from app.ui.engagement_setup import NewEngagementDialog

    dialog = NewEngagementDialog(ui_context, consultant="Elena")
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    form.name_edit.setText("Cuihu - diagnosis")
    form.customer_name_edit.setText("Cuihu Retail")
    form.industry_combo.setCurrentText("零售")
    form.headcount_spin.setValue(30)
    assert (form.industry_class_combo.currentData(), form.size_class_combo.currentData()) == ("retail", "medium")
    form.industry_combo.setCurrentText("Shops and malls")  # words the list does not know: unmapped ...
    assert form.industry_class_combo.currentData() == ""
    form.industry_class_combo.setCurrentIndex(form.industry_class_combo.findData("retail"))
    form.industry_class_combo.activated.emit(form.industry_class_combo.currentIndex())  # ... until chosen
    form.industry_combo.setCurrentText("Shops, malls and more")
    assert form.industry_class_combo.currentData() == "retail"
    form.service_rows["diagnosis-basic"].check.setChecked(True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    customer = ui_context.repo.get_engagement(dialog.engagement_id).customer
    assert (customer.industry, customer.industry_code, customer.size_code) == ("Shops, malls and more", "retail",
                                                                               "medium")


# --- engagements on two models ------------------------------------------------------------------

@pytest.fixture
def two_model_page(qtbot, tmp_path):
    from app.content import load_content
    from app.storage.database import open_database
    from app.storage.repository import Repository
    from app.ui.context import AppContext
    from tests.analytics.two_models import fill_two_models, two_model_content

    library = load_content(two_model_content(tmp_path / "content"))
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'two.db'}"))
    ids = fill_two_models(repo)
    view = PortfolioPage(AppContext(library, repo))
    qtbot.addWidget(view)
    view.resize(1366, 740)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.load()
    yield view, ids
    repo.db.close()


def _column(page, column: int) -> list[str]:
    return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]


def _headers(page) -> list[str]:
    return [page.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(page.proxy.columnCount())]


def test_the_table_shows_one_model_at_a_time_and_says_what_it_leaves_out(qtbot, two_model_page, qtmodeltester):
    page, _ids = two_model_page
    qtmodeltester.check(page.model)
    assert page.model_combo.currentText() == "Mini model (3)" and page.model_id == "mini"
    assert [page.model_combo.itemText(i) for i in range(page.model_combo.count())] == [
        "Mini model (3)", "Firm operations model (2)", "All models (overall level only)"]
    assert set(_column(page, PortfolioTableModel.COL_MODEL)) == {"Mini model 1.0"}
    assert _headers(page)[PortfolioTableModel.FIXED:] == ["Change", "Incident"]
    assert page.model_note.isVisible()
    assert page.model_note.text() == ("2 engagement(s) scored on other models are not listed: "
                                      "Firm operations model (2). Choose them under Model.")
    page.show_model("firm03")  # the way to switch: the firm03 engagements with their own domains, no blanks
    assert sorted(_column(page, PortfolioTableModel.COL_ENGAGEMENT)) == ["Firm review West", "Firm review 东方"]
    assert _headers(page)[PortfolioTableModel.FIXED:] == ["Operations", "Governance"]
    ops = _column(page, PortfolioTableModel.FIXED)
    assert "–" not in ops and all(float(x) >= 0 for x in ops)
    assert "3 engagement(s)" in page.model_note.text() and "Mini model (3)" in page.model_note.text()
    page.industry_combo.setCurrentIndex(page.industry_combo.findData("banking"))  # the other filters still apply
    assert page.proxy.rowCount() == 2
    page.industry_combo.setCurrentIndex(0)
    page.show_model(None)
    assert page.proxy.rowCount() == 5 and page.proxy.columnCount() == PortfolioTableModel.FIXED
    assert set(_column(page, PortfolioTableModel.COL_MODEL)) == {"Mini model 1.0", "Firm operations model 1.0"}
    assert "different models" in page.model_note.text()
    page.show_model("firm03")
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.load()  # a refresh keeps the model the consultant chose
    assert page.model_id == "firm03" and page.proxy.rowCount() == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_model_pictures(qtbot, two_model_page, lang):
    """The portfolio on two models as PNGs, in both languages (for a person to look at)."""
    import os
    from pathlib import Path

    from app.ui.i18n import set_language

    page, _ids = two_model_page
    set_language(lang)
    page.context.language = lang
    page.retranslate_ui()
    folder = Path(os.environ.get("OMM_PORTFOLIO_SHOTS", "")) if os.environ.get("OMM_PORTFOLIO_SHOTS") else None
    for name, model in (("default", "mini"), ("firm03", "firm03"), ("all", None)):
        page.show_model(model)
        qtbot.wait(50)
        image = page.grab()
        assert not image.isNull()
        if folder is not None:
            image.save(str(folder / f"portfolio-models-{name}-{lang}.png"))
    if lang == "zh":
        assert page.model_label.text() == "模型(&M)："
