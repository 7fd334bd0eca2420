"""A crawl process never outlives the run that started it.

Three watches, each enough on its own:
- the parent-death signal (Linux `prctl(PR_SET_PDEATHSIG, SIGKILL)`, through ctypes): the
  kernel kills the crawl the moment its parent dies, SIGKILL included. It is set after the
  interpreter started, so the parent is checked once more right after (it may have died in
  between);
- a pipe watch, for every platform: the parent holds the write end of the crawl's stdin and
  never writes; when the parent dies, the read end sees end-of-file and the crawl exits;
- a closed stdout (the parent's progress reader gone) ends the crawl at its next line
  instead of filling the log with BrokenPipe tracebacks (see crawler.__main__.emit).

Ending at once is safe: rows are written in transactions, blobs before the rows pointing
to them, and the next run fetches again what the last unwritten batch held. The run lock,
inherited by the crawl (monitor.pipeline.crawl), stays held until this process is gone.

`SCS_CRAWL_PARENT_WATCH` in the environment chooses the first two watches (default
`signal,pipe`; `pipe` where the signal misbehaves; `none` only for tests that need an
orphan to outlive its parent, to see that the run lock still holds and that the closed
stdout ends it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
import threading

logger = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1
PARENT_GONE_EXIT = 1
WATCH_ENV = "SCS_CRAWL_PARENT_WATCH"


def watches() -> set[str]:
    """The watches turned on: "signal", "pipe" (both unless SCS_CRAWL_PARENT_WATCH says)."""
    text = os.environ.get(WATCH_ENV, "signal,pipe")
    return {w.strip() for w in text.split(",")} & {"signal", "pipe"}


def exit_now(reason: str) -> None:
    """End this process at once, with one line in the log (no traceback, no cleanup that
    could write to a closed pipe)."""
    try:
        sys.stderr.write(f"crawler: {reason}; stopping now\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(PARENT_GONE_EXIT)


def set_death_signal() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; False where that is not
    available (not Linux, no libc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        result = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        return False
    if result != 0:
        logger.warning("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(ctypes.get_errno()))
        return False
    return True


def watch_parent(parent_pid: int, pipe_fd: int | None) -> None:
    """Exit when the process `parent_pid` is no longer this one's parent; from then on, by
    the parent-death signal and (when `pipe_fd` is the parent's pipe) the pipe watch."""
    chosen = watches()
    if "signal" in chosen:
        set_death_signal()
    if chosen and os.getppid() != parent_pid:  # died before the watches were set up
        exit_now(f"the parent process {parent_pid} is gone")
    if "pipe" in chosen and pipe_fd is not None:
        thread = threading.Thread(
            target=watch_pipe, args=(pipe_fd, parent_pid), name="parent-watch", daemon=True
        )
        thread.start()


def watch_pipe(pipe_fd: int, parent_pid: int) -> None:
    """Read `pipe_fd` until end-of-file (the parent never writes to it), then exit. Raw
    reads: a daemon thread blocked in a buffered reader would stop the interpreter's
    shutdown when the crawl ends normally."""
    try:
        while os.read(pipe_fd, 4096):
            pass
    except (OSError, ValueError):
        pass
    exit_now(f"the parent process {parent_pid} is gone (its pipe closed)")
