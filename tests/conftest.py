from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def mini_library():
    from app.content import load_content

    library = load_content(FIXTURES / "content")
    assert library.ok, library.problems
    return library


@pytest.fixture(scope="session")
def shipped_library():
    from app.content import load_content

    return load_content(REPO)
