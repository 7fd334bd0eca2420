"""`scs-monitor demo`: the whole tool, offline, on the bundled demo site.

Serves monitor/demo/site on 127.0.0.1, points a copy of the demo config at it with url_map,
runs a cycle on version 1 (the dataset reproduces Table 1), publishes version 2 (noise, a
reworded paragraph, real changes in English and in a GBK Chinese page, a page gone), runs
again, finds the alerts and at-risk cells, and writes the report and a dataset release. Each
step is a record handed to a `show` callback as it happens; the CLI words them.
"""

from __future__ import annotations

import shlex
import tempfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from db.models import Alert, MatrixCell
from monitor.alerts.alerts import alert_json
from monitor.alerts.review import list_alerts
from monitor.config import PACKAGE_DATA, Config, load_config
from monitor.datadir.workspace import open_workspace
from monitor.demo.server import DemoSite
from monitor.matrix.baseline import load_baseline
from monitor.matrix.compliance import CellView
from monitor.matrix.state import load_state
from monitor.pipeline.cycle import Progress, RunSummary, run_cycle
from monitor.publish.release import Release, build_release
from monitor.publish.report import write_report


@dataclass(frozen=True, slots=True)
class SitePublished:
    """The demo site at `base` serves this version of its pages (v1: the study's sources as
    cited; v2: noise and real changes) to this many sources; the demo keeps its data here."""

    version: str
    base: str
    sources: int
    data_dir: Path


@dataclass(frozen=True, slots=True)
class CycleRan:
    """A cycle ran on the site as it is."""

    summary: RunSummary


@dataclass(frozen=True, slots=True)
class TableChecked:
    """Whether the dataset after the first cycle reproduces the study's Table 1."""

    config: Config
    reproduced: bool
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True, slots=True)
class DemoDone:
    """What the demo leaves: open alerts, the matrix with cells at risk, a report, a release."""

    config: Config
    runs: tuple[RunSummary, RunSummary]
    reproduced: bool
    alerts: tuple[Alert, ...]  # open, most severe first
    views: tuple[CellView, ...]
    report: Path
    release: Release

    def serve_command(self, program: str = "scs-monitor") -> str:
        """The command that opens the review desk on the demo's data dir."""
        return f"{shlex.quote(program)} serve --data-dir {shlex.quote(str(self.config.data_dir))}"

    def as_json(self) -> dict[str, object]:
        return {
            "data_dir": str(self.config.data_dir),
            "config": str(self.config.path),
            "table_1_reproduced": self.reproduced,
            "runs": [run.as_json() for run in self.runs],
            "alerts": [alert_json(a) for a in self.alerts],
            "at_risk": [v.as_json() for v in self.views if v.at_risk],
            "report": str(self.report),
            "dataset": str(self.release.out),
            "serve": self.serve_command(),
        }


DemoStep = SitePublished | CycleRan | TableChecked | DemoDone
Show = Callable[[DemoStep], None]


def demo_config_path() -> Path:
    return PACKAGE_DATA / "demo-config.yaml"


def point_at(config: Config, site: DemoSite, data_dir: Path) -> Config:
    """The demo config with every source host mapped to the local site; written to data_dir."""
    hosts = sorted({urlsplit(s.url).hostname or "" for s in config.sources})
    url_map = site.url_map(hosts)
    raw = yaml.safe_load(demo_config_path().read_text(encoding="utf-8"))
    raw.update({"data_dir": str(data_dir), "url_map": url_map})
    path = data_dir / "config.yaml"
    data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by `scs-monitor demo`; the demo site is gone once the demo ends.\n"
        + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return load_config(path)


def run_demo(
    data_dir: Path | None, show: Show | None = None, progress: Progress | None = None
) -> DemoDone:
    """Run the demo, handing each step to `show` as it happens; the last step is returned."""
    step = show or (lambda step: None)
    data_dir = (data_dir or Path(tempfile.mkdtemp(prefix="scs-demo-"))).resolve()
    with DemoSite(version="v1") as site:
        config = point_at(load_config(demo_config_path()), site, data_dir)
        step(SitePublished("v1", site.base, len(config.sources), data_dir))
        first = run_cycle(config, (), progress)
        step(CycleRan(first))
        with closing(open_workspace(config)) as db:
            state = load_state(config, db)
        published = {(c.principle, c.region): c.mark for c in load_baseline(config)[1]}
        reproduced = {(v.principle, v.region): v.mark for v in state.views} == published
        step(TableChecked(config, reproduced, tuple(state.cells)))
        site.publish("v2")
        step(SitePublished("v2", site.base, len(config.sources), data_dir))
        second = run_cycle(config, (), progress)
        step(CycleRan(second))
        done = finish(config, (first, second), reproduced)
        step(done)
        return done


def finish(config: Config, runs: tuple[RunSummary, RunSummary], reproduced: bool) -> DemoDone:
    with closing(open_workspace(config)) as db:
        alerts = tuple(list_alerts(db, ["open"]))
        state = load_state(config, db)
        report = write_report(config, db)
        release = build_release(config, db)
    return DemoDone(config, runs, reproduced, alerts, tuple(state.views), report, release)
