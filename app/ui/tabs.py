"""The engagement page's tabs, declared once each.

A new screen is one module (a QWidget taking ``(context, page)``, with
``load(engagement_id)``, handling ``QEvent.LanguageChange`` itself) plus one
``register(EngagementTab(...))`` line at the bottom of this file; the page builds the
tabs in this order. The title is marked with ``QT_TRANSLATE_NOOP`` in the
"EngagementPage" context, so ``make translations`` picks it up.

A view that records answers has an ``answer_saved(str)`` signal (``emits_answers``);
a view that follows them has ``schedule_refresh(engagement_id)`` (``follows_answers``):
the page connects the two, so the results follow the interview without a refresh button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from app.ui.dashboard import DashboardView
from app.ui.engagement_setup import EngagementSetupForm
from app.ui.interview import InterviewView
from app.ui.interviewees import IntervieweeRegister

if TYPE_CHECKING:
    from app.ui.context import AppContext

TITLE_CONTEXT = "EngagementPage"


@dataclass(frozen=True)
class EngagementTab:
    id: str
    title: str  # the English source; shown through QCoreApplication.translate(TITLE_CONTEXT, title)
    factory: Callable[[AppContext, QWidget], QWidget]  # (context, the engagement page)
    eager: bool = False  # loaded with the page (light forms); else when first shown
    emits_answers: bool = False
    follows_answers: bool = False
    # The report kinds of the services this tab's work is sold in (planning: "planning");
    # empty when it serves every engagement. The screenshots show such a tab on an
    # engagement that bought one of them.
    for_reports: tuple[str, ...] = ()

    def translated_title(self) -> str:
        return QCoreApplication.translate(TITLE_CONTEXT, self.title)


_TABS: dict[str, EngagementTab] = {}


def register(tab: EngagementTab) -> EngagementTab:
    """Add a tab (or replace the one with the same id, keeping its place)."""
    _TABS[tab.id] = tab
    return tab


def tabs() -> tuple[EngagementTab, ...]:
    return tuple(_TABS.values())


register(EngagementTab("setup", QT_TRANSLATE_NOOP("EngagementPage", "Setup"),
                       lambda context, page: EngagementSetupForm(context, page, consultant=page.consultant),  # type: ignore[attr-defined]
                       eager=True))
register(EngagementTab("interviewees", QT_TRANSLATE_NOOP("EngagementPage", "Interviewees"), IntervieweeRegister,
                       eager=True))
register(EngagementTab("interview", QT_TRANSLATE_NOOP("EngagementPage", "Interview"), InterviewView,
                       emits_answers=True))
register(EngagementTab("results", QT_TRANSLATE_NOOP("EngagementPage", "Results"), DashboardView,
                       follows_answers=True))


def _planning(context: AppContext, page: QWidget) -> QWidget:
    from app.ui.planning import PlanningView  # imported when first built: the tab draws charts

    return PlanningView(context, page)


register(EngagementTab("planning", QT_TRANSLATE_NOOP("EngagementPage", "Planning"), _planning,
                       for_reports=("planning",)))


def _organisation_tab(context: AppContext, page: QWidget) -> QWidget:
    from app.ui.organisation import OrganisationTab  # matplotlib's Qt canvas: loaded when the tab is built

    return OrganisationTab(context, page)


register(EngagementTab("organisation", QT_TRANSLATE_NOOP("EngagementPage", "Organisation"), _organisation_tab,
                       for_reports=("organization",)))


def _findings_tab(context: AppContext, page: QWidget) -> QWidget:
    from app.ui.findings import FindingsView

    return FindingsView(context, page)


register(EngagementTab("findings", QT_TRANSLATE_NOOP("EngagementPage", "Findings"), _findings_tab,
                       follows_answers=False))


def _processes_tab(context: AppContext, page: QWidget) -> QWidget:
    from app.ui.processes import (
        ProcessesTab,  # draws the flow diagram with matplotlib: loaded when first built
    )

    return ProcessesTab(context, page)


register(EngagementTab("processes", QT_TRANSLATE_NOOP("EngagementPage", "Processes"), _processes_tab,
                       for_reports=("processes", "process-templates")))


def _requests_tab(context: AppContext, page: QWidget) -> QWidget:
    from app.ui.requests_view import EvidenceRequestsView

    return EvidenceRequestsView(context, page)


register(EngagementTab("requests", QT_TRANSLATE_NOOP("EngagementPage", "Requests"), _requests_tab))


def _review_tab(context: AppContext, page: QWidget) -> QWidget:
    from app.ui.review_view import ReviewView

    return ReviewView(context, page)


register(EngagementTab("review", QT_TRANSLATE_NOOP("EngagementPage", "Review"), _review_tab, follows_answers=True))
