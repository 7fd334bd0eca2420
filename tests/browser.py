"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
JSON messages ended by a NUL byte, read by Chromium on fd 3 and written on fd 4), with the
standard library only: open a page at a window size, wait for its load event, and read what
a reader sees (boxes, computed styles, visible text) with `Runtime.evaluate`. Evaluating from
the DevTools side runs no script of the page's own, whatever its Content-Security-Policy."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

#: what overflows the page at this width: the page itself wider than the window, and every
#: box whose text runs past its edge (boxes that scroll on purpose, and what is in them,
#: aside). A function body: Selenium's execute_script runs it as it is, `Page.evaluate`
#: takes `overflow_check()`.
OVERFLOW = """
const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement)
    if (scrolls(p)) return true; return false; };
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
return {
    page: document.documentElement.scrollWidth, window: innerWidth,
    boxes: [...document.body.querySelectorAll('*')]
        .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
        .filter(el => !scrolls(el) && !inScroller(el))
        .map(el => [name(el), el.scrollWidth, el.clientWidth, el.innerText.slice(0, 60)]),
    scrolled: [...document.body.querySelectorAll('*')].filter(el => scrolls(el)
        && el.scrollWidth > el.clientWidth + 1).map(name),
};
"""


def overflow_check() -> str:
    """OVERFLOW as an expression to evaluate."""
    return f"(() => {{{OVERFLOW}}})()"


TIMEOUT = 60.0  # seconds for one answer or event; a loaded machine is slow, not stuck


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium; `open(url, width, height)` gives a Page."""

    def __init__(self, chromium: str, flags: list[str], profile: Path) -> None:
        to_chromium, self._to_chromium = os.pipe()
        self._from_chromium, from_chromium = os.pipe()
        # high copies, so that placing them on fds 3 and 4 in the child overwrites neither
        child_in = fcntl.fcntl(to_chromium, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_chromium, fcntl.F_DUPFD, 10)

        def place_pipes() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [chromium, *flags, f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=place_pipes,
        )
        for fd in (to_chromium, from_chromium, child_in, child_out):
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events that come first are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_chromium, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") != self._next_id:
                self._events.append(reply)
                continue
            if "error" in reply:
                raise BrowserError(f"{method}: {reply['error']}")
            result: dict[str, Any] = reply.get("result", {})
            return result

    def wait_for(self, event: str, session: str) -> dict[str, Any]:
        while True:
            for index, seen in enumerate(self._events):
                if seen.get("method") == event and seen.get("sessionId") == session:
                    return self._events.pop(index)
            self._events.append(self._read())

    def open(self, url: str, width: int, height: int, *, mobile: bool = False) -> Page:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        self.call("Page.enable", session)
        self.call("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        return Page(self, session)

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_chromium], [], [], max(0.0, left))
            if not ready:
                raise BrowserError(f"Chromium said nothing for {TIMEOUT:.0f} s")
            chunk = os.read(self._from_chromium, 65536)
            if not chunk:
                raise BrowserError(f"Chromium closed the pipe (exit {self.process.poll()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def close(self) -> None:
        with contextlib.suppress(OSError, BrowserError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chromium)
        os.close(self._from_chromium)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page, as JSON gives it back."""
        result = self.browser.call(
            "Runtime.evaluate", self.session, expression=expression, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")
