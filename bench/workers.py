"""Crawl speed with the local backend, one Scrapyd worker and two (issue 19), on this machine.

    python bench/workers.py                # 1,000 documents on 36 portal sites
    python bench/workers.py --pages 300    # quicker

Generates the benchmark corpus (bench/corpus.py, `portals` shape: 36 sites, one portal source
each, every site on its own loopback address), serves it, and crawls it cold (`scs-monitor
crawl`) three times into fresh data dirs: `crawl.backend: local`, then `scrapyd` with one
`scs-monitor worker`, then with two. Prints wall time, pages per second and the fetch
outcomes of each. The workers run on this machine, so two of them share its cores with the
coordinator and the corpus server: the figure says what the batching and the transfer of
bodies cost, not what machines in other places would gain.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus
from measure import run_measured
from run import out
from server import CorpusServer

from tools import ScsMonitor, json_part

STARTUP_SECONDS = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_worker(folder: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (folder.parent / f"{folder.name}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "worker", "--port", str(port), "--dir", str(folder)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/daemonstatus.json", timeout=5) as response:
                if json.loads(response.read()).get("status") == "ok":
                    return proc, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the worker in {folder} did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work")
    args = parser.parse_args(argv)
    corpus = make_corpus(args.pages)
    root = args.work.resolve() / f"workers-n{args.pages}"
    rows = []
    with CorpusServer(corpus) as server:
        for label, count in (("local", 0), ("1 worker", 1), ("2 workers", 2)):
            scs = ScsMonitor(root / label.replace(" ", "-"), corpus, server)
            scs.prepare()
            procs = []
            try:
                urls = []
                for n in range(count):
                    proc, url = start_worker(scs.work / f"worker-{n}", scs.env)
                    procs.append(proc)
                    urls.append(url)
                if count:
                    data = yaml.safe_load(scs.config_path.read_text(encoding="utf-8"))
                    data["crawl"].update({"backend": "scrapyd", "workers": urls})
                    scs.config_path.write_text(
                        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
                    )
                usage = run_measured(
                    scs.command("crawl", "--json"),
                    log_dir=scs.work / "logs",
                    name="crawl",
                    env=scs.env,
                )
            finally:
                for proc in procs:
                    stop(proc)
            if usage.returncode not in (0, 4):
                raise RuntimeError(
                    f"{label}: crawl failed ({usage.returncode}):\n{usage.stderr[-2000:]}"
                )
            summary = json.loads(json_part(usage.stdout))
            fetches = {k: v for k, v in summary["outcomes"].items() if v}
            pages = sum(fetches.values())
            rows.append((label, usage.wall, pages / usage.wall if usage.wall else 0.0, fetches))
    out(
        f"Cold crawl of {args.pages} documents on {len(corpus.sites)} portal sites "
        f"({os.cpu_count()} CPUs; workers on this machine)"
    )
    out("| backend | wall s | pages/s | fetches |")
    out("|---|---:|---:|---|")
    for label, wall, rate, fetches in rows:
        out(f"| {label} | {wall:.1f} | {rate:.0f} | {fetches} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
