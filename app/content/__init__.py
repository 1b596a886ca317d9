"""Content: maturity models, questionnaires and catalogues loaded from YAML into typed objects."""

from app.content.loader import ContentFile, ContentLibrary, ContentNotFound, Problem, load_content

__all__ = ["ContentFile", "ContentLibrary", "ContentNotFound", "Problem", "load_content"]
