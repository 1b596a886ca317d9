"""The ``.omm`` engagement package: one ZIP file, optionally sealed with a password.

Inside the ZIP::

    manifest.json      format and app version, the engagement, the model and questionnaire
                       ids and versions, the SHA-256 of engagement.json and of every evidence file
    engagement.json    the engagement as JSON (``app.exchange.snapshot``) and its exchange history
    evidence/<id>      each evidence file, stored as it is

Writing and reading stream: an evidence file passes through in 1 MiB pieces, so a
package of any size needs a few MiB of memory. Reading checks everything before
anything is used (names, links, sizes, checksums, the format version) and unpacks the
evidence into a staging folder the caller provides; a package that fails any check
raises ``PackageError`` with one line saying what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from app.errors import UserError
from app.exchange import crypto
from app.exchange.snapshot import canonical_json
from app.exchange.upgrade import FORMAT_VERSION, upgrade

MANIFEST = "manifest.json"
DATA = "engagement.json"
EVIDENCE_PREFIX = "evidence/"
FORMAT_NAME = "omm-engagement-package"
PIECE = 1 << 20

# What a package may hold; more is refused before anything is unpacked.
MAX_MANIFEST_BYTES = 4 << 20
MAX_DATA_BYTES = 256 << 20
MAX_EVIDENCE_FILE_BYTES = 4 << 30
MAX_TOTAL_BYTES = 64 << 30
MAX_ENTRIES = 20_000

Progress = Callable[[int, int], None]  # bytes done, bytes in all
Cancelled = Callable[[], bool]


class PackageError(UserError):
    """A package that cannot be used: truncated, altered, unsafe, too large, from a newer omm ..."""


class ExchangeCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("cancelled; nothing was changed")


@dataclass(frozen=True)
class EvidenceSource:
    """An evidence file to pack: its id, where it is now, and the checksum recorded for it."""

    evidence_id: str
    path: Path
    sha256: str | None
    size: int


@dataclass
class OpenedPackage:
    """A package that passed every check: its manifest, its data, its evidence files unpacked to staging."""

    manifest: dict[str, Any]
    data: dict[str, Any]
    files: dict[str, Path] = field(default_factory=dict)  # evidence id -> staged file
    upgraded_from: int | None = None

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]


class _Digest:
    """SHA-256 computed on a helper thread while the caller writes (and zipfile checksums) the same piece.

    hashlib lets go of the GIL on large buffers, so on two cores the checksum costs
    almost nothing next to the copy. Pieces are hashed in order: one at a time.
    """

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self._pool = pool
        self._digest = hashlib.sha256()
        self._pending: Future | None = None

    def update(self, piece: bytes) -> None:
        if self._pending is not None:
            self._pending.result()
        self._pending = self._pool.submit(self._digest.update, piece)

    def hexdigest(self) -> str:
        if self._pending is not None:
            self._pending.result()
            self._pending = None
        return self._digest.hexdigest()


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("omm")
    except PackageNotFoundError:
        return "0+unknown"


def _entry_name(evidence_id: str) -> str:
    return f"{EVIDENCE_PREFIX}{evidence_id}"


def build_manifest(data: dict[str, Any], package_id: str, *, anonymised: bool) -> dict[str, Any]:
    e = data["engagement"]
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "app_version": app_version(),
        "package_id": package_id, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engagement_id": e["id"], "engagement_name": e["name"], "anonymised": anonymised,
        "content": [{"kind": c["kind"], "id": c["content_id"], "version": c["version"]} for c in e["content"]],
        "data_sha256": hashlib.sha256(canonical_json(data)).hexdigest(),
        "evidence": [],
    }


def write_package(target: Path, manifest: dict[str, Any], data: dict[str, Any],
                  evidence: list[EvidenceSource], *, password: str | None = None,
                  progress: Progress | None = None, cancelled: Cancelled | None = None) -> int:
    """Write the package to ``target`` atomically (temp file + rename); its size in bytes.

    An evidence file whose bytes no longer match the recorded checksum is refused: the
    package would carry a damaged copy.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"folder {folder} does not exist")
    total = sum(x.size for x in evidence) or 1
    done = 0
    manifest = {**manifest, "evidence": []}
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as raw, ThreadPoolExecutor(1, thread_name_prefix="omm-sha256") as pool:
            sink: BinaryIO = crypto.EncryptingWriter(raw, password) if password else raw  # type: ignore[assignment]
            with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:  # type: ignore[arg-type]
                archive.writestr(_info(DATA, zipfile.ZIP_DEFLATED), canonical_json(data))
                for item in evidence:
                    digest = _Digest(pool)
                    written = 0
                    info = _info(_entry_name(item.evidence_id), zipfile.ZIP_STORED)
                    info.file_size = item.size
                    try:
                        source = item.path.open("rb")
                    except OSError as exc:
                        raise UserError(f"cannot read evidence file {item.path}: {exc.strerror}") from None
                    with source, archive.open(info, "w", force_zip64=item.size > 1 << 31) as out:
                        for piece in iter(lambda: source.read(PIECE), b""):  # noqa: B023 - used at once
                            if cancelled and cancelled():
                                raise ExchangeCancelled()
                            digest.update(piece)
                            out.write(piece)
                            written += len(piece)
                            done += len(piece)
                            if progress:
                                progress(done, total)
                    sha = digest.hexdigest()
                    if item.sha256 and sha != item.sha256:
                        raise UserError(f"evidence file {item.path.name} no longer matches its recorded checksum "
                                        "(changed or damaged on disk); the package was not written")
                    manifest["evidence"].append({"id": item.evidence_id, "entry": info.filename, "sha256": sha,
                                                 "size": written})
                archive.writestr(_info(MANIFEST, zipfile.ZIP_DEFLATED),
                                 json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
            if password:
                sink.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    if progress:
        progress(total, total)
    return target.stat().st_size


def _info(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
    info.compress_type = compression
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


# --- reading -----------------------------------------------------------------------

def is_password_protected(path: Path) -> bool:
    try:
        with Path(path).open("rb") as fh:
            return crypto.is_encrypted(fh.read(len(crypto.MAGIC)))
    except OSError:
        return False


def read_package(path: Path, staging: Path, *, password: str | None = None,
                 progress: Progress | None = None, cancelled: Cancelled | None = None) -> OpenedPackage:
    """Check the package whole and unpack its evidence into ``staging`` (a folder the caller removes)."""
    path = Path(path)
    name = path.name
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise PackageError(f"cannot read {path}: {exc.strerror}") from None
    with raw:
        head = raw.read(8)
        raw.seek(0)
        source: BinaryIO
        if crypto.is_encrypted(head):
            if not password:
                raise PackageError(f"{name} is password-protected; give its password (--password-file FILE)")
            try:
                source = crypto.DecryptingReader(raw, password)  # type: ignore[assignment]
            except crypto.PackageCryptoError as exc:
                raise PackageError(f"{name}: {exc}") from None
        elif head.startswith(b"PK"):
            source = raw
        else:
            raise PackageError(f"{name} is not an omm engagement package")
        try:
            return _read_zip(source, name, staging, progress, cancelled)
        except crypto.PackageCryptoError as exc:
            raise PackageError(f"{name}: {exc}") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib_error()) as exc:
            raise PackageError(f"{name} is damaged or truncated ({exc})") from None


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def _check_entries(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageError(f"{name} holds {len(infos)} files; a package holds at most {MAX_ENTRIES}")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        entry = info.filename
        parts = PurePosixPath(entry).parts
        if (not entry or entry.startswith(("/", "\\")) or "\\" in entry or ":" in entry or ".." in parts
                or "\x00" in entry):
            raise PackageError(f"{name} holds a file named {entry!r} that would land outside its folder; refused")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(f"{name} holds a symbolic link ({entry}); refused")
        if info.is_dir() or (stat.S_IFMT(mode) and not stat.S_ISREG(mode)):
            raise PackageError(f"{name} holds {entry!r}, which is not a plain file; refused")
        if entry in entries:
            raise PackageError(f"{name} holds {entry} twice; refused")
        if entry not in (MANIFEST, DATA) and not (entry.startswith(EVIDENCE_PREFIX) and len(parts) == 2):
            raise PackageError(f"{name} holds an unexpected file {entry!r}; refused")
        limit = {MANIFEST: MAX_MANIFEST_BYTES, DATA: MAX_DATA_BYTES}.get(entry, MAX_EVIDENCE_FILE_BYTES)
        if info.file_size > limit:
            raise PackageError(f"{name}: {entry} is {info.file_size / 1e6:.0f} MB, over the limit of "
                               f"{limit / 1e6:.0f} MB; refused")
        total += info.file_size
        entries[entry] = info
    if total > MAX_TOTAL_BYTES:
        raise PackageError(f"{name} would unpack to {total / 1e9:.1f} GB, over the limit of "
                           f"{MAX_TOTAL_BYTES / 1e9:.0f} GB; refused")
    for required in (MANIFEST, DATA):
        if required not in entries:
            raise PackageError(f"{name} has no {required}: not an omm engagement package, or damaged")
    return entries


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with archive.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise PackageError(f"{info.filename} is larger than its header says; refused")
    return data


def _read_zip(source: BinaryIO, name: str, staging: Path, progress: Progress | None,
              cancelled: Cancelled | None) -> OpenedPackage:
    with zipfile.ZipFile(source) as archive:
        entries = _check_entries(archive, name)
        try:
            manifest = json.loads(_read_small(archive, entries[MANIFEST], MAX_MANIFEST_BYTES))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PackageError(f"{name}: its manifest is not valid JSON ({exc})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise PackageError(f"{name} is not an omm engagement package (no omm manifest)")
        version = manifest.get("format_version")
        if not isinstance(version, int) or version < 0:
            raise PackageError(f"{name}: its manifest names no format version")
        if version > FORMAT_VERSION:
            raise PackageError(f"{name} was written by a newer omm (package format {version}; this omm reads "
                               f"up to {FORMAT_VERSION}); update omm to import it")
        raw_data = _read_small(archive, entries[DATA], MAX_DATA_BYTES)
        expected = manifest.get("data_sha256")
        if version >= 1 and hashlib.sha256(raw_data).hexdigest() != expected:
            raise PackageError(f"{name}: {DATA} does not match the checksum in its manifest (altered or damaged)")
        try:
            data = json.loads(raw_data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PackageError(f"{name}: {DATA} is not valid JSON ({exc})") from None
        listed = manifest.get("evidence") or []
        if not isinstance(listed, list):
            raise PackageError(f"{name}: its manifest's evidence list is damaged")
        listed_entries = {str(x.get("entry")) for x in listed if isinstance(x, dict)}
        stray = sorted(e for e in entries if e.startswith(EVIDENCE_PREFIX) and e not in listed_entries)
        if stray:
            raise PackageError(f"{name} holds {stray[0]}, which its manifest does not list (altered?); refused")
        files: dict[str, Path] = {}
        pool = ThreadPoolExecutor(1, thread_name_prefix="omm-sha256")
        try:
            for evidence_id, target in _unpack(archive, name, listed, entries, staging, pool, progress, cancelled):
                files[evidence_id] = target
        finally:
            pool.shutdown()
        upgraded_from = None
        if version < FORMAT_VERSION:
            try:
                manifest, data = upgrade(version, manifest, data)
            except (KeyError, TypeError, ValueError) as exc:
                raise PackageError(f"{name}: cannot read its format {version} data ({exc})") from None
            upgraded_from = version
        _check_data(data, name, files)
        return OpenedPackage(manifest, data, files, upgraded_from)


def _unpack(archive: zipfile.ZipFile, name: str, listed: list, entries: dict[str, zipfile.ZipInfo], staging: Path,
            pool: ThreadPoolExecutor, progress: Progress | None, cancelled: Cancelled | None):
    """Each listed evidence file, streamed to staging and checked against its size and checksum."""
    total = sum(int(x.get("size") or 0) for x in listed if isinstance(x, dict)) or 1
    done = 0
    seen: set[str] = set()
    for item in listed:
        try:
            evidence_id, entry, sha, size = str(item["id"]), str(item["entry"]), str(item["sha256"]), \
                int(item["size"])
        except (KeyError, TypeError, ValueError):
            raise PackageError(f"{name}: its manifest's evidence list is damaged") from None
        info = entries.get(entry)
        if info is None:
            raise PackageError(f"{name}: evidence file {entry} is missing (truncated or altered)")
        if info.file_size != size or entry != _entry_name(evidence_id) or evidence_id in seen:
            raise PackageError(f"{name}: evidence file {entry} does not match its manifest (altered?)")
        target = staging / f"{len(seen):05d}"
        seen.add(evidence_id)
        digest = _Digest(pool)
        written = 0
        with archive.open(info) as src, target.open("xb") as out:
            for piece in iter(lambda: src.read(PIECE), b""):  # noqa: B023 - used at once
                if cancelled and cancelled():
                    raise ExchangeCancelled()
                written += len(piece)
                if written > size:
                    raise PackageError(f"{name}: evidence file {entry} is larger than its manifest says")
                digest.update(piece)
                out.write(piece)
                done += len(piece)
                if progress:
                    progress(done, total)
        if digest.hexdigest() != sha or written != size:
            raise PackageError(f"{name}: evidence file {entry} does not match its checksum (altered or damaged)")
        yield evidence_id, target


def _check_data(data: Any, name: str, files: dict[str, Path]) -> None:
    """The shape merge and storage rely on; a hand-edited package fails here, with what is wrong."""
    if not isinstance(data, dict):
        raise PackageError(f"{name}: {DATA} is not an engagement")
    wanted = {"customer": dict, "engagement": dict, "interviewees": list, "sessions": list, "answers": list,
              "evidence": list, "targets": list, "overrides": list, "documents": list}
    for key, kind in wanted.items():
        if not isinstance(data.get(key), kind):
            raise PackageError(f"{name}: {DATA} has no valid {key!r}")
    people = {p.get("id") for p in data["interviewees"] if isinstance(p, dict)}
    for a in data["answers"]:
        if not isinstance(a, dict) or a.get("interviewee_id") not in people:
            raise PackageError(f"{name}: an answer names an interviewee the package does not hold")
    known = {x.get("id") for x in data["evidence"] if isinstance(x, dict)}
    unknown = set(files) - known
    if unknown:
        raise PackageError(f"{name}: evidence file {sorted(unknown)[0]} has no entry in the evidence register")


def read_manifest_only(path: Path, password: str | None = None) -> dict[str, Any]:
    """The manifest of a package (what the window shows before importing); checks nothing else."""
    with Path(path).open("rb") as raw:
        head = raw.read(8)
        raw.seek(0)
        source: BinaryIO = raw
        if crypto.is_encrypted(head):
            if not password:
                raise PackageError(f"{Path(path).name} is password-protected")
            source = crypto.DecryptingReader(raw, password)  # type: ignore[assignment]
        with zipfile.ZipFile(source) as archive:
            return json.loads(archive.read(MANIFEST))


def staging_folder(near: Path) -> Path:
    """A private temporary folder beside ``near`` (the same disk: staged files move by a rename)."""
    near.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".omm-import-", dir=near))

