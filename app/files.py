"""Saving the user's documents: checked before the slow work, written atomically, as any saved file.

Reports and exports are documents the user saves for colleagues, so they get the mode
the user's umask gives a new file (unlike the database and evidence, which stay private).
A temporary file beside the target makes the final rename atomic; one left by a killed
run is swept away by the next save to that folder.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

from app.errors import UserError

TEMP_MARK = ".omm-partial"
_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), else briefly set."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def document_mode() -> int:
    return 0o666 & ~current_umask()


def check_writable_target(out: Path, what: str = "the file") -> None:
    """Fail now, in one line, if ``out`` cannot be written: before minutes of rendering, not after."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise UserError(f"cannot write {out}: it is a folder; give a file name")
    if not folder.is_dir():
        raise UserError(f"cannot write {out}: the folder {folder} does not exist")
    # A real file, not os.access(): a read-only mount or a network share says no only when asked
    probe = folder / f".{out.name}{TEMP_MARK}-probe-{os.getpid()}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise UserError(f"cannot write {out}: the folder {folder} is not writable ({reason})") from None
    else:
        probe.unlink(missing_ok=True)
    if out.exists() and not os.access(out, os.W_OK):
        raise UserError(f"cannot write {out}: the file is read-only")


def write_error(out: Path, exc: OSError) -> UserError:
    """One sentence for a failed save, whatever the reason."""
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return UserError(f"cannot write {out}: the disk is full; nothing was written")
    if isinstance(exc, PermissionError):
        return UserError(f"cannot write {out}: permission denied (is it open in Word or Excel?); nothing was written")
    return UserError(f"cannot write {out}: {exc.strerror or exc}; nothing was written")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its file alone
    return True


def sweep_partial_files(folder: Path) -> None:
    """Remove temporary files a killed save left in ``folder`` (their writer is no longer running)."""
    try:
        leftovers = list(folder.glob(f".*{TEMP_MARK}-*"))
    except OSError:
        return
    for path in leftovers:
        try:
            pid = int(path.name.rsplit("-", 1)[1])
        except (IndexError, ValueError):
            continue
        if not _pid_alive(pid):
            path.unlink(missing_ok=True)


def save_bytes(out: Path, data: bytes) -> Path:
    """Write ``data`` to ``out`` atomically (temporary file beside it, then rename), with the document mode."""
    folder = out.parent if str(out.parent) else Path(".")
    sweep_partial_files(folder)
    tmp = folder / f".{out.name}{TEMP_MARK}-{threading.get_ident() % 100000}-{os.getpid()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, document_mode())
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_error(out, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
