"""Waiting for a condition in tests that run real processes and servers: poll until it holds,
and fail naming what was awaited when the (generous) limit passes. Tests assert on outcomes;
the limit is never reached when all is well, however loaded the machine. And time limits on
work done in the test process itself (`time_limit`)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import pytest

WAIT = 300.0  # seconds


def wait_for(condition: Callable[[], object], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"waited {timeout:.0f}s for {what}")


class TimeUp(BaseException):
    """A time limit passed (raised by a timer signal in the main thread; a BaseException, so
    that no `except Exception` in the code under test swallows it)."""


@contextmanager
def time_limit(seconds: float, *, cpu: bool = False) -> Iterator[None]:
    """Raise TimeUp once `seconds` have passed inside: of wall time (a stall guard), or with
    `cpu` of this process's CPU time (ITIMER_PROF: the work done, however loaded the machine)."""
    timer, signum = (
        (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    )

    def expire(number: int, frame: FrameType | None) -> None:
        raise TimeUp(f"over {seconds} s" + (" of CPU time" if cpu else ""))

    previous = signal.signal(signum, expire)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, previous)
