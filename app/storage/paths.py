"""Ids and stored paths that become file-system paths, checked before any file operation.

An engagement id names its evidence folder and a stored evidence path names a file in
it. Both come from the database, and a database can come from elsewhere: a shared
PostgreSQL repository or a ``.db`` file received by mail. An id such as ``/home/me`` or
``../..`` would make "delete engagement" remove that folder, so nothing read from the
database is used as a path until it is shown to stay inside the evidence folder.
"""

from __future__ import annotations

import uuid
from pathlib import Path, PurePosixPath

from app.errors import UserError


class UnsafePath(UserError):
    """A value from the database that would point outside the evidence folder."""


def checked_id(value: str, what: str = "engagement") -> str:
    """``value`` when it is a UUID in its canonical form (as omm writes them); else UnsafePath."""
    try:
        parsed = uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise UnsafePath(f"the database holds an invalid {what} id {str(value)[:60]!r}; "
                         "no file was touched (was the database edited by another program?)") from None
    if str(parsed) != value:
        raise UnsafePath(f"the database holds an invalid {what} id {value[:60]!r}; no file was touched")
    return value


def engagement_folder(evidence_dir: Path, engagement_id: str) -> Path:
    """The engagement's evidence folder; its id is checked first."""
    return evidence_dir / checked_id(engagement_id)


def stored_file(evidence_dir: Path, stored_path: str, engagement_id: str | None = None) -> Path:
    """The file a stored evidence path names, proven to lie inside ``evidence_dir`` (and the engagement's folder).

    Relative, no ``..``, no drive or root, and still inside after symbolic links are resolved.
    """
    text = str(stored_path).replace("\\", "/")
    pure = PurePosixPath(text)
    if (not text or pure.is_absolute() or ":" in pure.parts[0] or any(p in ("..", "") for p in pure.parts)
            or len(pure.parts) != 2):
        raise UnsafePath(f"the database holds an unsafe evidence path {text[:80]!r}; no file was touched")
    folder, _name = pure.parts
    checked_id(folder)
    if engagement_id is not None and folder != engagement_id:
        raise UnsafePath(f"the evidence path {text[:80]!r} belongs to another engagement; no file was touched")
    path = evidence_dir.joinpath(*pure.parts)
    root = evidence_dir.resolve()
    if not path.resolve().is_relative_to(root):
        raise UnsafePath(f"the evidence path {text[:80]!r} leads outside the evidence folder; no file was touched")
    return path
