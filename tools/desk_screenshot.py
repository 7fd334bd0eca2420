"""Take the README's screenshot of the review desk: an alert page with a Chinese word-level diff
(run by hand; needs the test extras' selenium, Debian's chromium and chromium-driver, and a
Chinese font, such as Debian's fonts-wqy-microhei or fonts-noto-cjk; Debian's pngquant keeps
the image small).

    .venv/bin/python tools/desk_screenshot.py [docs/desk-alert.png]

Builds the demo's data dir in a temporary folder (`scs-monitor demo`, offline), starts
`scs-monitor serve` on it on a free loopback port, opens the first open alert whose diff
changes Chinese text in headless chromium 1400 px wide, and saves the page from its top to
the end of the side-by-side diff as a PNG of at most 64 colours. Snapshot times and alert
ids differ from run to run, so running it again changes the image's bytes but not what it
shows.

This script lives outside the package, so the wheel does not ship it.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By

from monitor.alerts.review import list_alerts
from monitor.datadir.workspace import open_workspace
from monitor.demo.flow import run_demo

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1400
CHINESE = re.compile(r"[\u4e00-\u9fff]")
MAX_BYTES = 300_000  # the README's images stay small in the repository


def chinese_alert(data_dir: Path) -> int:
    """The first open alert (most severe first) whose diff changes Chinese text."""
    done = run_demo(data_dir)
    with closing(open_workspace(done.config, create=False)) as db:
        for alert in list_alerts(db, ["open"]):
            changed = [line for line in (alert.diff or "").splitlines() if line[:1] in "+-"]
            if alert.alert_id and any(CHINESE.search(line) for line in changed):
                return alert.alert_id
    raise SystemExit("the demo raised no alert on a Chinese page")


@contextmanager
def serving(data_dir: Path) -> Iterator[str]:
    """`scs-monitor serve` on the data dir, on a free loopback port; its URL."""
    command = [sys.executable, "-m", "monitor", "serve", "--data-dir", str(data_dir)]
    process = subprocess.Popen([*command, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline() if process.stdout else ""
        if not first.startswith("Review desk: "):
            raise SystemExit(f"serve did not start: {first!r}")
        yield first.split(": ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=30)


def chromium() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={WIDTH},1000")
    service = webdriver.ChromeService(shutil.which("chromedriver") or "chromedriver")
    return webdriver.Chrome(service=service, options=options)


def screenshot(url: str, out: Path) -> None:
    """The page at `url`, from its top to the end of the side-by-side diff, `WIDTH` wide."""
    driver = chromium()
    try:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
        )
        driver.get(url)
        end = driver.find_element(By.CSS_SELECTOR, "section.side-by-side")
        bottom = driver.execute_script(
            "const box = arguments[0].getBoundingClientRect(); return box.bottom + scrollY + 16",
            end,
        )
        clip = {"x": 0, "y": 0, "width": WIDTH, "height": bottom, "scale": 1}
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
        )
    finally:
        driver.quit()
    out.write_bytes(base64.b64decode(shot["data"]))


def check_chinese_font() -> None:
    """Without a Chinese font, chromium draws every character as an empty box."""
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    if not fonts.stdout.strip():
        raise SystemExit("no Chinese font: apt-get install fonts-wqy-microhei (or fonts-noto-cjk)")


def shrink(png: Path) -> None:
    """Down to 64 colours with pngquant (text on flat colours loses nothing you can see)."""
    pngquant = shutil.which("pngquant")
    if pngquant:
        quantize = [pngquant, "--force", "--speed", "1", "--strip", "64", "--output"]
        subprocess.run([*quantize, str(png), str(png)], check=True)
    if png.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{png} is over {MAX_BYTES // 1000} KB: apt-get install pngquant")


def main(out: Path) -> None:
    check_chinese_font()
    with tempfile.TemporaryDirectory(prefix="scs-desk-shot-") as tmp:
        data_dir = Path(tmp) / "data"
        alert_id = chinese_alert(data_dir)
        with serving(data_dir) as url:
            screenshot(f"{url}-/desk/alerts/{alert_id}", out)
    shrink(out)
    print(f"{out}: alert #{alert_id}, {out.stat().st_size // 1024} KB")  # noqa: T201


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "desk-alert.png")
