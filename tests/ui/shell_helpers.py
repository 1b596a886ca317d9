"""Helpers for the shell's screen tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from datetime import date


def make_engagement(context, name: str, customer: str = "Acme Bank", *, industry: str = "Banking",
                    services: tuple[str, ...] = ("diagnosis-basic",), start: date | None = date(2026, 3, 2),
                    people: tuple[tuple[str, str], ...] = (), **fields):
    """An engagement made straight through the repository, for tests that start from data."""
    from app.services import content_for_services
    from app.storage.records import ServiceChoice

    repo = context.repo
    record = repo.find_customer(customer) or repo.create_customer(customer, industry, 40, 5)
    choices = [ServiceChoice(s, "medium" if s == "assessment-planning" else "standard") for s in services]
    engagement = repo.create_engagement(record.id, name, services=choices,
                                        content=content_for_services(context.library, choices),
                                        consultant=fields.pop("consultant", "Elena"), start_date=start, **fields)
    for person, role in people:
        repo.add_interviewee(engagement.id, person, role, questionnaire_id="mini-q")
    return engagement


class Boxes:
    """Message boxes the error presenter would have shown (the presenter's exec_box, replaced)."""

    def __init__(self) -> None:
        self.shown: list[dict[str, str]] = []
        self.answer: int | None = None

    def __call__(self, box) -> int:
        from PySide6.QtWidgets import QMessageBox

        self.shown.append({"text": box.text(), "informative": box.informativeText(),
                           "details": box.detailedText(), "title": box.windowTitle(),
                           "buttons": [box.standardButton(b) for b in box.buttons()]})
        return self.answer if self.answer is not None else int(QMessageBox.StandardButton.Close)
