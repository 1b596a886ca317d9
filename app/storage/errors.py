"""Storage's user errors, in a module of their own so every storage module can raise them."""

from __future__ import annotations

from app.errors import UserError


class NotFound(UserError):
    """An id or name that matches nothing in the repository."""


class StorageUnavailable(UserError):
    """The database refused a write (locked, read-only, disk full); the caller may retry."""
