"""What every screen is handed: content, the repository (for the services) and the user's language.

Screens get this small object rather than reaching for globals, so a test can
build one over a temporary database and drive any screen on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.content.loader import ContentLibrary

if TYPE_CHECKING:
    from app.services.workspace import Repository


@dataclass
class AppContext:
    library: ContentLibrary
    repo: Repository
    language: str = "en"  # "en" | "zh": interface and content language
    consultant: str = ""  # recorded as answered_by on every answer

    def text(self, bilingual) -> str:
        """A content text (``schema.Text``) in the interface language."""
        return bilingual.get(self.language) if bilingual is not None else ""
