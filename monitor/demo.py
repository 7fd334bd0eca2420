"""`scs-monitor demo`: the whole tool, offline, on the bundled demo site.

Serves monitor/demo_site on 127.0.0.1, points a copy of the demo config at it with url_map,
runs a cycle on version 1 (the dataset reproduces Table 1), publishes version 2 (noise, a
reworded paragraph, real changes in English and in a GBK Chinese page, a page gone), runs
again, shows the alerts and at-risk cells, and writes the report and a dataset release.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from monitor.alerts.review import list_alerts
from monitor.config import PACKAGE_DATA, Config, load_config
from monitor.datadir.workspace import open_workspace
from monitor.demo_server import DemoSite
from monitor.matrix.baseline import load_baseline
from monitor.matrix.formats import render_matrix
from monitor.matrix.state import load_state
from monitor.pipeline.cycle import Progress, RunSummary, run_cycle
from monitor.publish.release import build_release
from monitor.publish.report import write_report
from monitor.tables import render_alert_list, render_run_summary, render_views

Echo = Callable[[str], None]


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
    data_dir: Path | None, echo: Echo | None = None, progress: Progress | None = None
) -> dict[str, object]:
    say = echo or (lambda text: None)
    data_dir = (data_dir or Path(tempfile.mkdtemp(prefix="scs-demo-"))).resolve()
    with DemoSite(version="v1") as site:
        config = point_at(load_config(demo_config_path()), site, data_dir)
        say(f"Demo site on {site.base} stands in for {len(config.sources)} sources.")
        say(f"Data dir: {data_dir}\n")
        first = run_cycle(config, (), progress)
        say(render_run_summary(first.as_json()))
        state = load_state(config, open_workspace(config))
        published = {(c.principle, c.region): c.mark for c in load_baseline(config)[1]}
        reproduced = {(v.principle, v.region): v.mark for v in state.views} == published
        say(
            f"\nThe dataset after the first cycle reproduces the study's Table 1: "
            f"{'yes' if reproduced else 'NO'}"
        )
        say(render_matrix(config, state.cells, "md"))
        site.publish("v2")
        say("\nThe site changed (version 2): running again.")
        second = run_cycle(config, (), progress)
        say(render_run_summary(second.as_json()))
        return finish(config, say, first, second, reproduced)


def finish(
    config: Config, say: Echo, first: RunSummary, second: RunSummary, reproduced: bool
) -> dict[str, object]:
    db = open_workspace(config)
    alerts = list_alerts(config, ["open"])
    say(f"\nOpen alerts (review with `scs-monitor --config {config.path} alerts show ID`):")
    say(render_alert_list(alerts))
    state = load_state(config, db)
    say("\nThe matrix now: ! marks cells at risk, → a mark a rule suggests:")
    say(render_views(config, state.views, "md"))
    report = write_report(config, db)
    release = build_release(config, db)
    say(f"\nReport:  {report}")
    say(f"Dataset: {release.out}/")
    return {
        "data_dir": str(config.data_dir),
        "config": str(config.path),
        "table_1_reproduced": reproduced,
        "runs": [first.as_json(), second.as_json()],
        "alerts": alerts,
        "at_risk": [v.as_json() for v in state.views if v.at_risk],
        "report": str(report),
        "dataset": str(release.out),
    }
