"""The two monitors under test, each driven through its own command line on the same corpus:
scs-monitor (`scs-monitor run`, from this checkout) and urlwatch (installed from PyPI into a
throwaway virtualenv), as plain URL jobs and as jobs with a hand-written article filter."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from corpus import Corpus, Doc
from measure import Usage, run_measured
from server import CorpusServer

REPO = Path(__file__).resolve().parent.parent
SUMMARY_LINE = re.compile(r"^\d+\. (NEW|CHANGED|ERROR|UNCHANGED): (\S+)\s*$")


@dataclass(slots=True)
class CycleResult:
    """One tool's run of one cycle: the measurements and what it reported, per page."""

    tool: str
    cycle: str
    usage: Usage
    pages: int  # documents in the corpus (listing pages and robots.txt not counted)
    alerts: dict[str, list[str]] = field(default_factory=dict)  # page name -> alert labels
    other_alerts: list[str] = field(default_factory=list)  # alerts not about one document
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.usage.wall if self.usage.wall else 0.0


class ScsMonitor:
    """scs-monitor on the corpus, in one of two shapes: `portals`, one portal source per site,
    as a user tracking local systems would configure it, or `pages`, one `html` source per
    document (every document on one host), the shape of a urlwatch job list. `url_map`
    points each public host at its loopback address."""

    name = "scs-monitor"

    def __init__(self, work: Path, corpus: Corpus, server: CorpusServer,
                 concurrency_per_host: int = 2, shape: str = "portals") -> None:
        self.work = work
        self.corpus = corpus
        self.server = server
        self.config_path = work / "config.yaml"
        self.concurrency = concurrency_per_host
        self.shape = shape
        self.by_url = {corpus.url(d, server.port): d for d in corpus.docs}
        self.by_url.update({f"http://{d.site.host}{d.path}": d for d in corpus.docs})
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}

    def prepare(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        compile_project()
        self.config_path.write_text(yaml.safe_dump(self.config(), allow_unicode=True,
                                                   sort_keys=False), encoding="utf-8")

    def config(self) -> dict[str, Any]:
        base = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
        sources = self.page_sources() if self.shape == "pages" else self.portal_sources()
        return {
            "version": 1, "data_dir": "data", "contact": "bench@example.org",
            "regions": base["regions"], "principles": base["principles"], "sources": sources,
            "url_map": {s.host: self.server.base_url(s.ip) for s in self.corpus.sites},
            "crawl": {"obey_robots": True, "concurrency_per_host": self.concurrency,
                      "delay_seconds": 0, "autothrottle": False, "timeout_seconds": 60,
                      "retries": 1},
            "monitor": {"health_alert_after_runs": 2},
            "schedule": {"run_timeout_seconds": 6 * 3600},
            "notify": {"min_severity": "attribute", "channels": []},
        }

    def page_sources(self) -> list[dict[str, Any]]:
        """One `html` source per document, at its public URL."""
        return [{
            "id": f"{doc.site.lang}-{doc.name}", "title": doc.title,
            "url": f"http://{doc.site.host}{doc.path}",
            "class": "official" if doc.site.lang == "zh" else "ngo", "kind": "html",
            "language": doc.site.lang, "regions": [doc.site.region],
        } for doc in self.corpus.docs]

    def portal_sources(self) -> list[dict[str, Any]]:
        """One `portal` source per site, following its document links."""
        sources = []
        for site in self.corpus.sites:
            follow = (r"/t\d{8}_\d+\.html$" if site.lang == "zh"
                      else r"/news/\d{4}/\d{2}/[a-z0-9-]+\.html$")
            sources.append({
                "id": site.source_id, "title": site.name, "url": f"http://{site.host}/",
                "class": "official" if site.lang == "zh" else "ngo", "kind": "portal",
                "language": site.lang, "regions": [site.region],
                "portal": {"follow": follow, "max_depth": 1, "max_pages": 10000},
            })
        return sources

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "monitor", "--config", str(self.config_path), *args]

    def run_cycle(self, cycle: str, wrapper: Sequence[str] = ()) -> CycleResult:
        """One `scs-monitor run`, measured; `wrapper` prefixes the command (a profiler)."""
        usage = run_measured([*wrapper, *self.command("run", "--json")],
                             log_dir=self.work / "logs", name=f"run-{cycle}", env=self.env)
        if usage.returncode != 0:
            raise RuntimeError(f"scs-monitor run failed ({usage.returncode}):\n"
                               f"{usage.stderr[-3000:]}")
        summary = json.loads(json_part(usage.stdout))
        result = CycleResult(self.name, cycle, usage, len(self.corpus.docs), details={
            "fetches": {k: v for k, v in summary["fetches"].items() if v},
            "new_snapshots": summary["new_snapshots"], "extracted": summary["extracted"],
            "changes": summary["changes"], "alerts": summary["alerts"],
            "errors": summary["errors"][:5],
            "db_mb": self.db_bytes() / 2**20, "snapshots_mb": self.snapshot_bytes() / 2**20,
        })
        self.collect_alerts(result, set(summary["alert_ids"]))
        return result

    def collect_alerts(self, result: CycleResult, ids: set[int]) -> None:
        if not ids:
            return
        listed = subprocess.run(self.command("alerts", "list", "--json"), env=self.env,
                                capture_output=True, text=True, check=True)
        for alert in json.loads(listed.stdout):
            if alert["id"] not in ids:
                continue
            label = alert["severity"] + (f":{alert['region']}.{alert['attribute']}"
                                         if alert.get("attribute") else "")
            after = (alert.get("evidence") or {}).get("after") or {}
            doc = self.by_url.get(str(after.get("url")))
            if doc is None:
                result.other_alerts.append(f"{label} ({alert.get('source_id')})")
            else:
                result.alerts.setdefault(doc.name, []).append(label)

    def db_bytes(self) -> int:
        data = self.work / "data"
        return sum(p.stat().st_size for p in data.glob("scs.db*") if p.is_file())

    def snapshot_bytes(self) -> int:
        root = self.work / "data" / "snapshots"
        return sum(p.stat().st_size for p in root.rglob("*.gz"))


class Urlwatch:
    """urlwatch with one job per document; `filtered` adds a hand-written filter chain
    (`css: article`, then `html2text`), what a careful urlwatch user writes per site."""

    def __init__(self, work: Path, corpus: Corpus, server: CorpusServer, executable: Path,
                 *, filtered: bool) -> None:
        self.name = "urlwatch+css" if filtered else "urlwatch"
        self.work = work
        self.corpus = corpus
        self.server = server
        self.executable = executable
        self.filtered = filtered
        self.env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work / "xdg"),
                    "XDG_CACHE_HOME": str(work / "xdg-cache")}

    def prepare(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        jobs = []
        for doc in self.corpus.docs:
            job: dict[str, Any] = {"name": doc.name, "url": self.corpus.url(doc, self.server.port)}
            if self.filtered:
                job["filter"] = [{"css": "article"}, "html2text"]
            jobs.append(job)
        with (self.work / "urls.yaml").open("w", encoding="utf-8") as fh:
            yaml.safe_dump_all(jobs, fh, allow_unicode=True, sort_keys=False)
        config = {
            "display": {"new": True, "error": True, "unchanged": False, "empty-diff": False},
            "report": {"text": {"line_length": 75, "details": True, "footer": False,
                                "minimal": False, "separate": False},
                       "stdout": {"enabled": True, "color": False}},
        }
        (self.work / "urlwatch.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    def run_cycle(self, cycle: str) -> CycleResult:
        command = [str(self.executable), "--urls", str(self.work / "urls.yaml"),
                   "--config", str(self.work / "urlwatch.yaml"),
                   "--hooks", str(self.work / "hooks.py"), "--cache", str(self.work / "cache.db")]
        usage = run_measured(command, log_dir=self.work / "logs", name=f"run-{cycle}",
                             env=self.env)
        if usage.returncode not in (0, 1):
            raise RuntimeError(f"urlwatch failed ({usage.returncode}):\n{usage.stderr[-3000:]}")
        verbs: Counter[str] = Counter()
        result = CycleResult(self.name, cycle, usage, len(self.corpus.docs))
        for line in usage.stdout.splitlines():
            match = SUMMARY_LINE.match(line)
            if not match:
                continue
            verb, name = match.groups()
            verbs[verb.lower()] += 1
            if verb == "CHANGED":
                result.alerts.setdefault(name, []).append("changed")
            elif verb == "ERROR":
                result.other_alerts.append(f"error: {name}")
        result.details = {"reports": dict(verbs),
                          "cache_mb": (self.work / "cache.db").stat().st_size / 2**20
                          if (self.work / "cache.db").exists() else 0.0}
        return result


def urlwatch_executable(work: Path) -> tuple[Path, str]:
    """urlwatch in a virtualenv of its own under `work` (created and filled from PyPI on
    first use), and its version."""
    env_dir = work / "venv-urlwatch"
    exe = env_dir / "bin" / "urlwatch"
    if not exe.exists():
        venv.create(env_dir, with_pip=True, clear=True)
        log = work / "pip-urlwatch.log"
        with log.open("w") as fh:
            done = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install",
                                   "--disable-pip-version-check", "urlwatch"],
                                  stdout=fh, stderr=subprocess.STDOUT, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"pip install urlwatch failed; see {log}")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    return exe, version


def classify_alerts(corpus: Corpus, result: CycleResult) -> dict[str, Any]:
    """Alerts on noise-only pages, real changes alerted, and alerts on untouched pages."""
    by_name: dict[str, Doc] = {d.name: d for d in corpus.docs}
    noise = [d for d in corpus.docs if d.change == "noise"]
    real = [d for d in corpus.docs if d.change == "real"]
    untouched = [n for n in result.alerts if by_name.get(n) is None or
                 by_name[n].change == "none"]
    severities: Counter[str] = Counter(label.split(":")[0] for labels in result.alerts.values()
                                       for label in labels)
    return {
        "noise_pages": len(noise),
        "noise_alerted": sum(1 for d in noise if d.name in result.alerts),
        "noise_alerts": sum(len(result.alerts.get(d.name, [])) for d in noise),
        "real_pages": len(real),
        "real_alerted": sum(1 for d in real if d.name in result.alerts),
        "real_missed": [d.name for d in real if d.name not in result.alerts],
        "untouched_alerted": len(untouched),
        "other_alerts": len(result.other_alerts),
        "severities": dict(severities),
        "examples": {d.name: result.alerts[d.name] for d in real[:3] if d.name in result.alerts},
    }


def json_part(stdout: str) -> str:
    """The JSON object in `stdout` (a profiler wrapping the run prints lines around it)."""
    start, end = stdout.find("{"), stdout.rfind("}")
    return stdout[start : end + 1] if start >= 0 and end > start else stdout


PACKAGES = ("base", "crawler", "db", "extract", "monitor")


def compile_project() -> None:
    """The project's modules compiled to bytecode once, as pip compiles an installed package
    (urlwatch's were at its install, and `make` compiles ours): a Python told not to write
    bytecode (PYTHONDONTWRITEBYTECODE, set on some machines) would otherwise compile them
    again in every process of every run, about 0.25 s of CPU per process."""
    import compileall

    for name in PACKAGES:
        compileall.compile_dir(REPO / name, quiet=1)
