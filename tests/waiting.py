"""Waiting for a condition in tests that run real processes and servers: poll until it holds,
and fail naming what was awaited when the (generous) limit passes. Tests assert on outcomes;
the limit is never reached when all is well, however loaded the machine."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

WAIT = 300.0  # seconds


def wait_for(condition: Callable[[], object], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"waited {timeout:.0f}s for {what}")
