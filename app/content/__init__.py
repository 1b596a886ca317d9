"""Content: maturity models, questionnaires and catalogues loaded from YAML into typed objects."""

from app.content.loader import (
    ContentFile,
    ContentLibrary,
    ContentNotFound,
    Problem,
    load_content,
    load_content_cached,
)

__all__ = ["ContentFile", "ContentLibrary", "ContentNotFound", "Problem", "load_content", "load_content_cached"]
