"""The data directory: one kiosk per books, readable by the kiosk's user only.

Two kiosks on the same books would both act on the same open payments (the
second one took over the first one's live session and committed a different
amount). An exclusive flock on `<data_dir>/kiosk.lock`, held for the process's
life, prevents it; the kernel releases it when the process dies however it
dies, so a crash never leaves a stale lock. The file carries the holder's PID so
that the refusal can name it.
"""
from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

LOCK_NAME = "kiosk.lock"


class DataDirError(Exception):
    """One line for the user: the data directory cannot be used."""


class DataDirBusy(DataDirError):
    def __init__(self, path: Path, pid: int | None):
        self.pid = pid
        who = f"process {pid}" if pid else "another process"
        super().__init__(f"{path}: data directory in use by {who} (another kiosk on the "
                         "same books); stop it first or give this one its own station.data_dir")


def prepare(path: str | Path) -> Path:
    """Create the data directory if needed, owner-only (0700)."""
    path = Path(path)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as e:
        raise DataDirError(f"{path}: cannot create the data directory ({e.strerror})") from None
    if not path.is_dir():
        raise DataDirError(f"{path}: not a directory")
    try:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o700)
    except OSError as e:
        raise DataDirError(f"{path}: cannot restrict the data directory to its owner "
                           f"({e.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(f"{path}: data directory is not writable by this user")
    return path


class DataDirLock:
    """Held from acquire() until release() or the process's end."""

    def __init__(self, path: str | Path):
        self.dir = Path(path)
        self.path = self.dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> "DataDirLock":
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as e:
            raise DataDirError(f"{self.path}: cannot open the lock file ({e.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise DataDirBusy(self.dir, pid) from None
        except OSError as e:
            os.close(fd)
            raise DataDirError(f"{self.path}: cannot lock ({e.strerror})") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass   # the lock is what matters; the PID only names the holder
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)      # closing drops the flock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None
