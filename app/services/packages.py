"""Engagement packages and the team repository: export, import with merge, push and pull.

Export reads the engagement in one transaction and writes one ``.omm`` file. Import
checks the whole package and unpacks its evidence to a staging folder first (a bad
package changes nothing), plans the merge item by item against the common ancestor,
and writes in ONE unit of work once every conflict has a choice. Push and pull are
the same merge between the local database and a team (PostgreSQL) repository.

Each side remembers its exchanges (a document ``omm.exchange/sync``), so that the
next package knows its base and importing the same package twice changes nothing.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.exchange.merge import (
    Conflict,
    MergePlan,
    SyncState,
    common_ancestor,
    match_interviewees,
    outgoing_sync,
    plan_merge,
    remap_ids,
    resolved,
)
from app.exchange.package import (
    EvidenceSource,
    ExchangeCancelled,
    OpenedPackage,
    PackageError,
    build_manifest,
    read_package,
    staging_folder,
    write_package,
)
from app.exchange.snapshot import SYNC_KEY, SYNC_KIND, anonymised, fingerprints, snapshot_from_records
from app.storage import transfer
from app.storage.paths import checked_id
from app.storage.repository import Repository

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

__all__ = ["Conflict", "ConflictsPending", "ExchangeCancelled", "PackageError"]


class ConflictsPending(UserError):
    """The merge found answers changed on both sides; nothing was written. ``conflicts`` lists them."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__(f"{len(conflicts)} item(s) were changed on both sides; nothing was imported. "
                         "Choose for each: --resolve KEY=local|package, --resolve all=local|package, "
                         "or --choices FILE.json (omm import FILE --conflicts lists them)")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size_bytes: int
    interviewees: int
    answers: int
    evidence_files: int
    anonymised: bool
    encrypted: bool
    missing_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    engagement_id: str
    engagement_name: str
    created: bool  # a new engagement here (else merged into the existing one)
    changed: int  # items written
    unchanged: int
    conflicts_resolved: int
    already_imported: bool = False
    upgraded_from: int | None = None


# --- reading an engagement whole ----------------------------------------------------

def _sync_state(uow, engagement_id: str) -> SyncState:
    doc = uow.documents.get(engagement_id, SYNC_KIND, SYNC_KEY)
    return SyncState.from_dict(doc.payload if doc else None)


def _snapshot(uow, engagement_id: str) -> dict[str, Any]:
    engagement = uow.get_engagement(engagement_id)
    return snapshot_from_records(
        engagement, uow.list_interviewees(engagement_id), uow.list_answers(engagement_id),
        uow.list_evidence(engagement_id), uow.list_sessions(engagement_id), uow.list_targets(engagement_id),
        uow.list_overrides(engagement_id), uow.documents.list(engagement_id),
        created_at=transfer.interviewee_created(uow, engagement_id))


def _read_outgoing(repo: Repository, engagement_id: str) -> tuple[dict[str, Any], list[EvidenceSource], SyncState,
                                                                  list[str]]:
    """The engagement, its evidence files and its exchange memory, read at one moment."""
    with repo.unit_of_work() as uow:
        data = _snapshot(uow, engagement_id)
        state = _sync_state(uow, engagement_id)
        evidence = uow.list_evidence(engagement_id)
    sources: list[EvidenceSource] = []
    missing: list[str] = []
    with_file = {x.id: x for x in evidence if x.stored_path}
    for item in data["evidence"]:
        record = with_file.get(item["id"])
        if record is None:
            continue
        path = repo.evidence_path(record)
        try:
            size = path.stat().st_size if path is not None else -1
        except OSError:
            size = -1
        if path is None or size < 0:
            item["has_file"] = False  # the register keeps the entry; the package says the file did not come
            missing.append(record.original_name or record.title)
            continue
        sources.append(EvidenceSource(record.id, path, record.sha256, size))
    return data, sources, state, missing


# --- export ---------------------------------------------------------------------------

def export_engagement(repo: Repository, engagement_id: str, target: Path | str, *, password: str | None = None,
                      anonymise: bool = False, progress: Progress | None = None,
                      cancelled: Cancelled | None = None) -> ExportResult:
    """Write the engagement as one ``.omm`` file (atomically); remember it as the next package's base."""
    target = Path(target)
    if target.suffix.lower() != ".omm":
        raise UserError(f"{target.name}: an engagement package is a .omm file")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name ending in .omm")
    check_password(password)
    data, sources, state, missing = _read_outgoing(repo, engagement_id)
    package_id = str(uuid.uuid4())
    if anonymise:
        data = anonymised(data)
        sources, missing = [], []
    else:
        data["sync"] = outgoing_sync(state, package_id)
    manifest = build_manifest(data, package_id, anonymised=anonymise)
    size = write_package(target, manifest, data, sources, password=password, progress=progress,
                         cancelled=cancelled)
    if not anonymise:
        exported = {k: v for k, v in data.items() if k != "sync"}
        with repo.unit_of_work() as uow:
            state = _sync_state(uow, engagement_id)
            uow.documents.put(engagement_id, SYNC_KIND, SYNC_KEY,
                              state.recorded(package_id, fingerprints(exported)).to_dict())
    return ExportResult(target, size, len(data["interviewees"]), sum(1 for a in data["answers"] if a["status"]),
                        len(sources), anonymise, bool(password), tuple(missing))


# --- import ---------------------------------------------------------------------------

@dataclass
class ImportPreview:
    """A checked package and the merge it would make: nothing is written until ``apply_import``."""

    package: OpenedPackage
    data: dict[str, Any]  # the package's snapshot, ids matched to this repository's
    plan: MergePlan
    is_new: bool
    already_imported: bool
    local: dict[str, Any] | None
    staging: Path | None = None
    move_files: bool = True
    sync: dict[str, Any] | None = None
    on_done: list[Callable[[], None]] = field(default_factory=list)

    @property
    def engagement_id(self) -> str:
        return self.data["engagement"]["id"]

    @property
    def engagement_name(self) -> str:
        return self.data["engagement"]["name"]

    @property
    def conflicts(self) -> list[Conflict]:
        return self.plan.conflicts

    def discard(self) -> None:
        """Remove the staging folder (always call it, or use the preview as a context manager)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def __enter__(self) -> ImportPreview:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


def _plan(uow, data: dict[str, Any], sync: dict[str, Any] | None) -> tuple[dict[str, Any], MergePlan, bool, bool,
                                                                         dict[str, Any] | None]:
    """Match ids, find the common ancestor, plan the merge: (data, plan, is_new, already_imported, local)."""
    engagement_id = checked_id(str(data["engagement"]["id"]))
    is_new = not transfer.engagement_exists(uow, engagement_id)
    local = None if is_new else _snapshot(uow, engagement_id)
    if local is not None:
        customer_id = local["customer"]["id"]
    else:
        customer_id = transfer.find_customer_id(uow, str(data["customer"]["id"]), str(data["customer"]["name"]))
    people = match_interviewees(local, data)
    data = remap_ids(data, customer_id=customer_id, interviewees=people)
    state = SyncState() if is_new else _sync_state(uow, engagement_id)
    ancestor, base = common_ancestor(state, sync, data, people)
    already = bool(sync) and sync.get("package_id") in state.history
    return data, plan_merge(local, data, base, ancestor), is_new, already, local


def prepare_import(repo: Repository, path: Path | str, *, password: str | None = None,
                   progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportPreview:
    """Check the package whole, unpack its evidence to staging and plan the merge (writes nothing)."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"no package at {path}")
    staging = staging_folder(repo.db.evidence_dir.parent)
    try:
        package = read_package(path, staging, password=password, progress=progress, cancelled=cancelled)
        sync = package.data.pop("sync", None)
        if sync is not None and (not isinstance(sync, dict) or sync.get("package_id") != package.package_id):
            raise PackageError(f"{path.name}: its exchange history does not belong to it (altered?)")
        try:
            with repo.unit_of_work() as uow:
                data, plan, is_new, already, local = _plan(uow, package.data, sync)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PackageError(f"{path.name}: its engagement data is incomplete ({exc})") from None
        return ImportPreview(package, data, plan, is_new, already, local, staging, True, sync)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def apply_import(repo: Repository, preview: ImportPreview, choices: dict[str, str] | None = None) -> ImportResult:
    """Write the planned merge with the consultant's choices, in one unit of work (all or nothing).

    The plan is made again inside the transaction: if the engagement changed since the
    preview (an answer typed meanwhile), nothing is written and the import is to be redone.
    """
    choices = dict(choices or {})
    if "all" in choices:
        every = choices.pop("all")
        choices = {**{c.key: every for c in preview.conflicts}, **choices}
    unknown = set(choices) - {c.key for c in preview.conflicts}
    if unknown:
        raise UserError(f"no conflict {sorted(unknown)[0]!r} in this import (omm import FILE --conflicts lists them)")
    try:
        take = resolved(preview.plan, choices)
    except ValueError as exc:
        if not choices:
            raise ConflictsPending(preview.conflicts) from None
        raise UserError(str(exc)) from None
    package_id = preview.package.package_id
    with repo.unit_of_work() as uow:
        data, plan, is_new, already, local = _plan(uow, preview.package.data, preview.sync)
        if plan.take != preview.plan.take or [c.key for c in plan.conflicts] != [c.key for c in preview.conflicts]:
            raise UserError("the engagement changed while the import was being prepared; nothing was imported, "
                            "import the package again")
        if take:
            try:
                transfer.apply_items(uow, data, take, preview.package.files, move_files=preview.move_files)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a hand-edited package
                raise PackageError(f"the package's engagement data is invalid ({type(exc).__name__}: {exc}); "
                                   "nothing was imported") from None
        state = _sync_state(uow, data["engagement"]["id"])
        adopted = list((preview.sync or {}).get("history") or [])
        updated = state.recorded(package_id, fingerprints(data), adopted)
        # a package seen before, or one identical to what is here, teaches nothing: nothing is written
        identical = not take and local is not None and fingerprints(local) == fingerprints(data)
        if not already and not identical and updated.to_dict() != state.to_dict():
            uow.documents.put(data["engagement"]["id"], SYNC_KIND, SYNC_KEY, updated.to_dict())
    if not identical:
        for action in preview.on_done:
            action()
    return ImportResult(data["engagement"]["id"], data["engagement"]["name"], is_new, len(take),
                        plan.unchanged, len(preview.conflicts), already, preview.package.upgraded_from)


def import_package(repo: Repository, path: Path | str, *, password: str | None = None,
                   choices: dict[str, str] | None = None, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> ImportResult:
    """Check, plan and write in one go; ConflictsPending (nothing written) when a conflict has no choice."""
    with prepare_import(repo, path, password=password, progress=progress, cancelled=cancelled) as preview:
        if cancelled and cancelled():
            raise ExchangeCancelled()
        return apply_import(repo, preview, choices)


# --- the team repository --------------------------------------------------------------

def _prepare_transfer(source: Repository, target: Repository, engagement_id: str) -> ImportPreview:
    data, sources, state, _missing = _read_outgoing(source, engagement_id)
    sync_id = str(uuid.uuid4())
    sync = outgoing_sync(state, sync_id)
    with target.unit_of_work() as uow:
        matched, plan, is_new, already, local = _plan(uow, data, sync)
    manifest = {"package_id": sync_id}
    package = OpenedPackage(manifest, data, {s.evidence_id: s.path for s in sources})
    preview = ImportPreview(package, matched, plan, is_new, already, local, None, False, sync)
    exported = dict(data)

    def remember_on_source() -> None:
        with source.unit_of_work() as uow:
            current = _sync_state(uow, engagement_id)
            uow.documents.put(engagement_id, SYNC_KIND, SYNC_KEY,
                              current.recorded(sync_id, fingerprints(exported)).to_dict())

    preview.on_done.append(remember_on_source)
    return preview


def prepare_push(local: Repository, team: Repository, engagement_id: str) -> ImportPreview:
    """The merge a push of the local engagement into the team repository would make (nothing written)."""
    return _prepare_transfer(local, team, engagement_id)


def prepare_pull(local: Repository, team: Repository, engagement_id: str) -> ImportPreview:
    """The merge a pull of the team repository's engagement into the local database would make."""
    return _prepare_transfer(team, local, engagement_id)


def push_engagement(local: Repository, team: Repository, engagement_id: str,
                    choices: dict[str, str] | None = None) -> ImportResult:
    return apply_import(team, prepare_push(local, team, engagement_id), choices)


def pull_engagement(local: Repository, team: Repository, engagement_id: str,
                    choices: dict[str, str] | None = None) -> ImportResult:
    return apply_import(local, prepare_pull(local, team, engagement_id), choices)


class TeamPasswordNeeded(UserError):
    """The team repository wants a password it was not given, or refused the one it was given.

    The window asks for it (and keeps it in memory until it quits); the command line
    points at PostgreSQL's own password and service files. Never says the password.
    """

    def __init__(self, shown_url: str, refused: bool, user: str = "") -> None:
        self.shown_url, self.refused, self.user = shown_url, refused, user
        who = f" for {user}" if user else ""
        if refused:
            text = f"the team repository {shown_url} refused the password{who}"
        else:
            text = (f"the team repository {shown_url} wants a password{who}: put it in a PostgreSQL password "
                    "file (~/.pgpass, or the file PGPASSFILE names) or a service file, not in the address")
        super().__init__(text)


# what libpq says when a password is missing or wrong (psycopg passes it on)
_AUTH_FAILED = ("password authentication failed", "no password supplied", "fe_sendauth",
                "authentication failed for user", "password is required")


def open_team_repository(url: str, password: str | None = None) -> Repository:
    """The team repository at ``url`` (created there if the database is empty); never a SQLite default.

    ``password``: given apart from the address (the window asks for it and keeps it in
    memory); without one, PostgreSQL's password file (``~/.pgpass``, ``PGPASSFILE``,
    ``?passfile=``) or service file (``?service=``) supplies it. A missing or refused
    password is :class:`TeamPasswordNeeded`; no message ever holds the password.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from app.services.workspace import open_repository
    from app.storage.database import mask_url

    if not url or not url.strip():
        raise UserError("no team repository is set (Settings > Team repository, or --team URL)")
    url = url.strip()
    full = team_url(url, password) if password else url
    try:
        return open_repository(full, create=True)
    except UserError as exc:
        text = str(exc)
        secrets = [x for x in (password, split_team_url(url)[1]) if x]
        if any(marker in text for marker in _AUTH_FAILED):
            try:
                parsed = make_url(full)
                refused = bool(parsed.password or parsed.query.get("password") or "password authentication"
                               in text)
                user = parsed.username or ""
            except (ArgumentError, ValueError):
                refused, user = bool(secrets), ""
            raise TeamPasswordNeeded(mask_url(url), refused, user) from None
        if any(secret in text for secret in secrets):
            for secret in secrets:
                text = text.replace(secret, "***")
            raise UserError(text) from None
        raise


def split_team_url(url: str) -> tuple[str, str]:
    """``url`` without any password in it, and that password ("" when it held none).

    The settings keep only the first: a password typed into the address is taken out
    and kept in memory instead.
    """
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError

    url = url.strip()
    if not url:
        return "", ""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return url, ""
    password = parsed.password or ""
    query = dict(parsed.query)
    in_query = query.pop("password", "")
    if isinstance(in_query, tuple):
        in_query = in_query[0] if in_query else ""
    if not password and not in_query:
        return url, ""
    clean = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, query)
    return clean.render_as_string(hide_password=False), str(password or in_query)


def team_engagements(team: Repository) -> list:
    """The engagements the team repository holds (for choosing one to pull)."""
    return team.list_engagements()


# --- conflicts in words -------------------------------------------------------------------

def _question(library, questionnaire_id: str, question_id: str):
    try:
        questionnaire = library.questionnaire(questionnaire_id)
    except LookupError:
        return None
    for section in questionnaire.sections:
        for question in section.questions:
            if question.id == question_id:
                return question
    return None


def conflict_subject(library, conflict: Conflict, lang: str = "en") -> str:
    """What the conflict is about, in words: the question's text, or the kind of item."""
    if conflict.question_id:
        question = _question(library, conflict.questionnaire_id, conflict.question_id) if library else None
        text = question.text.get(lang) if question is not None else conflict.question_id
        part = {"answer": "", "note": "note", "flag": "follow-up", "links": "evidence"}.get(conflict.kind, "")
        if lang == "zh":
            part = {"note": "备注", "follow-up": "待跟进", "evidence": "证据"}.get(part, part)
        return f"{text} ({part})" if part else text
    return conflict.key


def shown_value(library, conflict: Conflict, value: Any, lang: str = "en") -> str:
    """A side's value as the consultant reads it (an option's text, "not applicable", the note ...)."""
    if value is None:
        return "—"
    if conflict.kind == "answer" and isinstance(value, dict):
        status = value.get("status")
        if status == "not_applicable":
            return "不适用" if lang == "zh" else "not applicable"
        if status == "unknown":
            return "不知道" if lang == "zh" else "don't know"
        shown = str(value.get("value"))
        question = _question(library, conflict.questionnaire_id, conflict.question_id) if library else None
        options = getattr(getattr(question, "answer", None), "options", None) or ()
        shown = next((o.text.get(lang) for o in options if o.id == shown), shown)
        confidence = value.get("confidence")
        if confidence and lang == "zh":
            confidence = {"low": "低", "medium": "中", "high": "高"}.get(confidence, confidence) + "置信度"
        return f"{shown} ({confidence})" if confidence else shown
    if isinstance(value, str):
        return value
    if value is True:
        return "yes"
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 200 else text[:197] + "..."


def check_password(password: str | None) -> None:
    from app.exchange.crypto import MIN_PASSWORD

    if password is not None and len(password) < MIN_PASSWORD:
        raise UserError(f"a package password has at least {MIN_PASSWORD} characters")


def is_password_protected(path: Path) -> bool:
    from app.exchange.package import is_password_protected as sealed

    return sealed(path)


def team_url(url: str, password: str = "") -> str:
    """The team repository's URL with its password put in (kept apart in the settings, never shown)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from app.storage.database import mask_url

    url = url.strip()
    if not password:
        return url
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise UserError(f"not a valid database URL: {mask_url(url)}") from None
    return parsed.set(password=password).render_as_string(hide_password=False)


def shown_team_url(url: str) -> str:
    from app.storage.database import mask_url

    return mask_url(url)
