"""The ``.omm`` engagement package: one ZIP file, optionally sealed with a password.

Inside the ZIP::

    manifest.json      format and app version, the engagement, the model and questionnaire
                       ids and versions, the SHA-256 of engagement.json and of every evidence file
    engagement.json    the engagement as JSON (``app.exchange.snapshot``) and its exchange history
    evidence/<id>      each evidence file, stored as it is

Writing and reading stream: an evidence file passes once through three reused 4 MiB
buffers (read, hashed on a helper thread, written), so a package of any size needs a
few tens of MiB of memory, and costs about one copy of its files plus their SHA-256.
Files written are flushed to disk as the copy goes on and fsynced before they count.
Reading checks everything before anything is used (names, links, sizes, checksums, the
format version) and unpacks the evidence into a staging folder the caller provides; a
package that fails any check raises ``PackageError`` with one line saying what is wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import stat
import struct
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
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
PIECE = 4 << 20  # bytes per read: large enough that Python's work per piece does not count
FLUSH_STEP = 32 << 20  # bytes written between two early flushes to disk (see _Flusher)

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


class _Pump:
    """Moves bytes from a reader to a writer through a few reused buffers, hashing them on the way.

    One pass per file: each piece is read once into a buffer allocated once per package
    (no fresh memory per piece), handed to the SHA-256 on a helper thread (hashlib lets go
    of the GIL on large buffers, so on two cores the checksum runs beside the write) and
    written from the same buffer. A buffer is read into again only once its hash is done;
    pieces are hashed in order by the one helper thread.
    """

    def __init__(self, pool: ThreadPoolExecutor, piece: int = PIECE, buffers: int = 3) -> None:
        self._pool = pool
        self._buffers = [memoryview(bytearray(piece)) for _ in range(buffers)]

    def run(self, readinto: Callable[[memoryview], int], write: Callable[[memoryview], Any], *,
            on_piece: Callable[[int], None] | None = None) -> tuple[str, int]:
        """Copy until ``readinto`` gives nothing; the SHA-256 of what was copied and its size."""
        digest = hashlib.sha256()
        pending: list[Future | None] = [None] * len(self._buffers)
        count = 0
        try:
            for slot in itertools.cycle(range(len(self._buffers))):
                if pending[slot] is not None:
                    pending[slot].result()
                    pending[slot] = None
                buffer = self._buffers[slot]
                n = readinto(buffer)
                if not n:
                    break
                count += n
                piece = buffer[:n]
                pending[slot] = self._pool.submit(digest.update, piece)
                write(piece)
                if on_piece is not None:
                    on_piece(n)
        finally:
            for future in pending:  # every hash finished before a buffer is used again (or dropped)
                if future is not None:
                    future.result()
        return digest.hexdigest(), count


class _Flusher:
    """Gets written bytes onto the disk while the copy goes on, so that the closing fsync has little left.

    Every ``FLUSH_STEP`` bytes, once the previous one is done, an ``fdatasync`` of the file
    starts on a helper thread (the disk writes while this thread hashes and copies);
    ``finish`` waits for it and then fsyncs the file whole, as before. A failed write
    shows in ``finish``.
    """

    def __init__(self, pool: ThreadPoolExecutor, fd: int) -> None:
        self._pool = pool
        self._fd = fd
        self._since = 0
        self._pending: Future | None = None

    def wrote(self, n: int) -> None:
        self._since += n
        if self._since >= FLUSH_STEP and (self._pending is None or self._pending.done()):
            if self._pending is not None:
                self._pending.result()
            self._pending = self._pool.submit(_datasync, self._fd)
            self._since = 0

    def wait(self) -> None:
        """Wait for the flush under way (before the file is closed, whatever happened)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def finish(self) -> None:
        self.wait()
        os.fsync(self._fd)


def _datasync(fd: int) -> None:
    (getattr(os, "fdatasync", None) or os.fsync)(fd)


def _read_exactly(readinto: Callable[[memoryview], int]) -> Callable[[memoryview], int]:
    """``readinto`` that fills the whole buffer unless the end comes first (a raw read may return less)."""

    def fill(buffer: memoryview) -> int:
        done = 0
        while done < len(buffer):
            n = readinto(buffer[done:])
            if not n:
                break
            done += n
        return done

    return fill


def _write_all(fd: int) -> Callable[[memoryview], None]:
    def write(piece: memoryview) -> None:
        while piece:
            piece = piece[os.write(fd, piece):]

    return write


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

    flusher: _Flusher | None = None

    def step(n: int) -> None:
        nonlocal done
        if cancelled and cancelled():
            raise ExchangeCancelled()
        done += n
        if flusher is not None:
            flusher.wrote(n)
        if progress:
            progress(done, total)

    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:  # leaving the with: the helpers' work is done (the executors wait) before the file is closed
        with os.fdopen(fd, "wb") as raw, ThreadPoolExecutor(1, thread_name_prefix="omm-sha256") as pool, \
                ThreadPoolExecutor(1, thread_name_prefix="omm-fsync") as syncs:
            pump = _Pump(pool)
            flusher = _Flusher(syncs, raw.fileno())
            sink: BinaryIO = crypto.EncryptingWriter(raw, password) if password else raw  # type: ignore[assignment]
            with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:  # type: ignore[arg-type]
                archive.writestr(_info(DATA, zipfile.ZIP_DEFLATED), canonical_json(data))
                for item in evidence:
                    info = _info(_entry_name(item.evidence_id), zipfile.ZIP_STORED)  # scans, PDFs: compressed
                    info.file_size = item.size
                    try:
                        source = item.path.open("rb", buffering=0)
                    except OSError as exc:
                        raise UserError(f"cannot read evidence file {item.path}: {exc.strerror}") from None
                    with source, archive.open(info, "w", force_zip64=item.size > 1 << 31) as out:
                        sha, written = pump.run(_read_exactly(source.readinto), out.write, on_piece=step)
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
            flusher.finish()
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
        if info.flag_bits & 0x1:
            raise PackageError(f"{name} holds {entry} encrypted by another program (an omm package is sealed "
                               "whole, with its own password); refused")
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
        with ThreadPoolExecutor(1, thread_name_prefix="omm-sha256") as pool, \
                ThreadPoolExecutor(1, thread_name_prefix="omm-fsync") as syncs:
            for evidence_id, target in _unpack(archive, source, name, listed, entries, staging, _Pump(pool), syncs,
                                               progress, cancelled):
                files[evidence_id] = target
        upgraded_from = None
        if version < FORMAT_VERSION:
            try:
                manifest, data = upgrade(version, manifest, data)
            except (KeyError, TypeError, ValueError) as exc:
                raise PackageError(f"{name}: cannot read its format {version} data ({exc})") from None
            upgraded_from = version
        _check_data(data, name, files)
        return OpenedPackage(manifest, data, files, upgraded_from)


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a ZIP entry's local header (APPNOTE 4.3.7)
_LOCAL_SIGNATURE = b"PK\x03\x04"


def _stored_start(source: BinaryIO, info: zipfile.ZipInfo, name: str) -> int | None:
    """Where a stored (uncompressed) entry's bytes begin in ``source``; None for a compressed one.

    The local header is checked as zipfile checks it (signature, the same name as in the
    directory). Its bytes are then read straight from the file into the copy's buffers:
    one pass, checked by the SHA-256 the manifest gives (stronger than the ZIP's CRC-32).
    """
    if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size or info.flag_bits & 0x1:
        return None
    source.seek(info.header_offset)
    header = source.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise PackageError(f"{name} is damaged or truncated (no header for {info.filename})")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise PackageError(f"{name} is damaged or truncated (bad header for {info.filename})")
    flags, name_length, extra_length = fields[3], fields[10], fields[11]
    raw_name = source.read(name_length)
    if raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace") != info.orig_filename:
        raise PackageError(f"{name} is damaged or altered ({info.filename} has another name in its header)")
    return info.header_offset + _LOCAL_HEADER.size + name_length + extra_length


def _entry_reader(archive: zipfile.ZipFile, source: BinaryIO, info: zipfile.ZipInfo, name: str,
                  stack: contextlib.ExitStack) -> Callable[[memoryview], int]:
    """``readinto`` over the entry's bytes, and nothing past them."""
    start = _stored_start(source, info, name)
    if start is None:  # compressed by another tool: zipfile inflates it (and checks its CRC-32)
        return _read_exactly(stack.enter_context(archive.open(info)).readinto)
    source.seek(start)
    remaining = info.file_size
    fill = _read_exactly(source.readinto)

    def readinto(buffer: memoryview) -> int:
        nonlocal remaining
        n = fill(buffer[:min(len(buffer), remaining)]) if remaining else 0
        remaining -= n
        return n

    return readinto


def _unpack(archive: zipfile.ZipFile, source: BinaryIO, name: str, listed: list, entries: dict[str, zipfile.ZipInfo],
            staging: Path, pump: _Pump, syncs: ThreadPoolExecutor, progress: Progress | None,
            cancelled: Cancelled | None):
    """Each listed evidence file, streamed to staging and checked against its size and checksum.

    Each staged file is flushed to disk (fsync, on a helper thread while the next one is
    copied) before the import can refer to it from the database.
    """
    total = sum(int(x.get("size") or 0) for x in listed if isinstance(x, dict)) or 1
    done = 0
    seen: set[str] = set()
    synced: list[Future] = []

    def step(n: int) -> None:
        nonlocal done
        if cancelled and cancelled():
            raise ExchangeCancelled()
        done += n
        if progress:
            progress(done, total)

    try:
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
            with contextlib.ExitStack() as stack:
                readinto = _entry_reader(archive, source, info, name, stack)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
                flusher = _Flusher(syncs, fd)

                def copied(n: int, flusher: _Flusher = flusher) -> None:
                    step(n)
                    flusher.wrote(n)

                try:
                    got, written = pump.run(readinto, _write_all(fd), on_piece=copied)
                except BaseException:
                    with contextlib.suppress(OSError):
                        flusher.wait()
                    os.close(fd)
                    raise
                synced.append(syncs.submit(_sync_and_close, flusher, fd))
            if got != sha or written != size:
                raise PackageError(f"{name}: evidence file {entry} does not match its checksum (altered or damaged)")
            yield evidence_id, target
        for future in synced:
            future.result()  # a write the disk refused shows here
    finally:
        wait(synced)


def _sync_and_close(flusher: _Flusher, fd: int) -> None:
    try:
        flusher.finish()  # on the flusher's own thread: its earlier flushes are done by now
    finally:
        os.close(fd)


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

