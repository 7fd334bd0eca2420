"""One run at a time per data dir: an OS file lock (fcntl) that also covers runs started by hand."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db.errors import StoreError
from monitor.errors import DataDirLockedError

LOCK_NAME = "run.lock"
#: holder_pid() (the scheduler, `status`) takes the free lock for a moment to see that it is
#: free: a run starting in that moment tries again for this long before it is refused
PROBE_GRACE_SECONDS = 0.5
_HELD: dict[Path, int] = {}  # lock file -> descriptor, while this process holds it


def held_lock_fd(data_dir: Path) -> int | None:
    """The descriptor of the data dir's lock while this process holds it (else None). A
    child process that inherits it (monitor.pipeline.crawl's crawl) keeps the lock held until it is
    gone, even if this process dies first."""
    return _HELD.get(lock_path(data_dir).absolute())


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


def holder_pid(data_dir: Path) -> int | None:
    """The pid written by the process holding the lock, or None when nobody holds it."""
    path = lock_path(data_dir)
    if not path.exists():
        return None
    with path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            text = fh.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fh, fcntl.LOCK_UN)
    return None


def take_lock(fd: int) -> bool:
    """Take the lock on `fd` without waiting for a run that holds it; a lock held by no pid
    (a holder_pid() probe, or a run between taking it and writing its pid) is tried again
    for PROBE_GRACE_SECONDS."""
    deadline = time.monotonic() + PROBE_GRACE_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if os.pread(fd, 32, 0).strip() or time.monotonic() >= deadline:
                return False
        sleep(0.005)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


@contextmanager
def run_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data dir's lock for the duration of a run; raise DataDirLockedError if taken."""
    path = lock_path(data_dir)
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(
            f"{exc.filename or path}: cannot take the run lock: {exc.strerror or exc}"
        ) from None
    if not take_lock(fd):
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        pid = int(text) if text.isdigit() else None
        raise DataDirLockedError(
            f"{data_dir}: another run holds the lock (pid {pid if pid else 'unknown'}); "
            "try again when it finishes",
            pid,
        )
    try:
        os.ftruncate(fd, 0)
        try:
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        except OSError as exc:  # a full disk: say so here, not halfway through a run
            raise StoreError(f"{path}: cannot take the run lock: {exc.strerror or exc}") from None
        _HELD[path.absolute()] = fd
        yield
    finally:
        _HELD.pop(path.absolute(), None)
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
