"""Change scenarios (tests/scenarios/NN-name/): pairs of page versions written by a helper who
had not read the rules (HTML in English and Chinese, GBK pages, PDFs), run through real `run`
cycles: version 1 is served from a local HTTP server and crawled, then version 2.

Each scenario's meta.yaml says what changed: noise (no alert at all), a rewording (no
attribute or matrix alert), or attribute changes (an attribute or matrix alert for each
region and attribute named, and where the alert proposes a yes/no value, that value). The
dataset each scenario starts from is the study's, with the values its version 1 states: a
change is measured against what the page said, as it would be for a dataset built from it.

Scenarios whose attributes do not collide share a workspace, so the whole set takes a few
run cycles.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from db.models import ATTRIBUTE_KINDS, Alert
from db.monitoring import alerts_where
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.pipeline.cycle import run_cycle
from tests.pdfgen import text_to_pdf
from tests.sitesrv import SiteServer

ROOT = Path(__file__).resolve().parent / "scenarios"
BASELINE = Path(__file__).resolve().parent.parent / "monitor" / "data" / "baseline.yaml"


@dataclass(frozen=True)
class Scenario:
    name: str
    meta: dict[str, Any]

    @property
    def source_id(self) -> str:
        return "scn-" + self.name.split("-", 1)[0]

    @property
    def kind(self) -> str:
        return str(self.meta["source"].get("kind", "html"))

    @property
    def keys(self) -> set[tuple[str, str]]:
        return {(e["region"], e["attribute"]) for e in self.meta.get("expect") or []}

    def page(self, version: str) -> bytes:
        folder = ROOT / self.name
        if self.kind == "pdf":
            return text_to_pdf((folder / f"{version}.txt").read_text(encoding="utf-8"))
        html = (folder / f"{version}.html").read_text(encoding="utf-8")
        return html.encode(str(self.meta["source"].get("encoding") or "utf-8"))

    @property
    def path(self) -> str:
        return f"/{self.name}/page.{'pdf' if self.kind == 'pdf' else 'html'}"


SCENARIOS = [
    Scenario(p.name, yaml.safe_load((p / "meta.yaml").read_text(encoding="utf-8")))
    for p in sorted(ROOT.iterdir())
    if (p / "meta.yaml").is_file()
]


def as_param(scenario: Scenario) -> Any:
    """A scenario the extractor is known to get wrong says so in meta.yaml (`known_failure`:
    what goes wrong); it runs as a strict xfail, so fixing it makes the suite say so."""
    reason = scenario.meta.get("known_failure")
    marks = [pytest.mark.xfail(strict=True, reason=str(reason))] if reason else []
    return pytest.param(scenario, marks=marks, id=scenario.name)


def groups(scenarios: list[Scenario]) -> list[list[Scenario]]:
    """Scenarios packed into workspaces where no two state the same region's attribute."""
    out: list[tuple[set[tuple[str, str]], list[Scenario]]] = []
    for scenario in scenarios:
        for keys, members in out:
            if not keys & scenario.keys:
                keys |= scenario.keys
                members.append(scenario)
                break
        else:
            out.append((set(scenario.keys), [scenario]))
    return [members for _, members in out]


def write_site(root: Path) -> None:
    for scenario in SCENARIOS:
        for version in ("v1", "v2"):
            target = root / version / scenario.path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(scenario.page(version))


def baseline_for(members: list[Scenario], path: Path) -> Path:
    """The study's baseline with each scenario's version-1 values in place of the study's."""
    data = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))
    for scenario in members:
        for entry in scenario.meta.get("expect") or []:
            region = data["attributes"].setdefault(entry["region"], {})
            if entry.get("before") is None:
                region.pop(entry["attribute"], None)
            else:
                region[entry["attribute"]] = {
                    "value": entry["before"],
                    "basis": "stated",
                    "cite": [scenario.source_id],
                }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def source_entry(scenario: Scenario, site: SiteServer) -> dict[str, Any]:
    source = scenario.meta["source"]
    return {
        "id": scenario.source_id,
        "url": site.url(scenario.path),
        "class": source.get("class", "press"),
        "kind": scenario.kind,
        "language": source.get("language", "en"),
        "regions": list(source.get("regions") or []),
    }


@pytest.fixture(scope="module")
def second_run_alerts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[Alert]]]:
    """source id -> the alerts the second run (version 2) raised for it."""
    from tests.conftest import base_config

    tmp = tmp_path_factory.mktemp("scenarios")
    write_site(tmp / "site")
    site = SiteServer(tmp / "site", "v1")
    found: dict[str, list[Alert]] = {}
    try:
        configs = []
        for index, members in enumerate(groups(SCENARIOS)):
            raw = base_config()
            raw.update(
                data_dir=str(tmp / f"data-{index}"),
                baseline_file=str(baseline_for(members, tmp / f"baseline-{index}.yaml")),
                sources=[source_entry(s, site) for s in members],
                crawl={"delay_seconds": 0, "autothrottle": False, "obey_robots": False},
            )
            raw.pop("url_map", None)
            path = tmp / f"config-{index}.yaml"
            path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
            configs.append(load_config(path))
        for config in configs:
            assert run_cycle(config).status == "ok"
        site.publish("v2")
        for config in configs:
            result = run_cycle(config)
            assert result.status == "ok"
            for alert in alerts_where(open_workspace(config)):
                if alert.run_id == result.run_id and alert.source_id:
                    found.setdefault(alert.source_id, []).append(alert)
        yield found
    finally:
        site.close()


def describe(alerts: list[Alert]) -> str:
    return "; ".join(f"{a.severity} {a.region}.{a.attribute} -> {a.new}" for a in alerts) or "-"


@pytest.mark.slow
@pytest.mark.parametrize("scenario", [as_param(s) for s in SCENARIOS])
def test_scenario_raises_what_its_change_calls_for(
    scenario: Scenario, second_run_alerts: dict[str, list[Alert]]
) -> None:
    alerts = second_run_alerts.get(scenario.source_id, [])
    category = scenario.meta["category"]
    if category == "noise":
        assert alerts == [], describe(alerts)
        return
    weighty = [a for a in alerts if a.severity in ("attribute", "matrix")]
    if category == "rewording":
        assert weighty == [], describe(alerts)
        return
    if category == "content-change":  # facts changed, none an attribute reads: content only
        assert weighty == [], describe(alerts)
        assert any(a.severity == "content" for a in alerts), describe(alerts)
        return
    for entry in scenario.meta["expect"]:
        region, attribute, after = entry["region"], entry["attribute"], entry.get("after")
        mine = [a for a in weighty if (a.region, a.attribute) == (region, attribute)]
        assert mine, f"no alert for {region}.{attribute}; got: {describe(alerts)}"
        proposed = [a.new for a in mine if a.new is not None]
        if ATTRIBUTE_KINDS[attribute] == "tri" and proposed and isinstance(after, str):
            assert after in proposed, describe(mine)


def test_the_scenarios_cover_what_the_issue_asks_for() -> None:
    categories = [s.meta["category"] for s in SCENARIOS]
    assert len(SCENARIOS) >= 30
    assert categories.count("noise") >= 5
    assert categories.count("rewording") >= 5
    assert categories.count("attribute-change") >= 17
    sources = [s.meta["source"] for s in SCENARIOS]
    assert {s["language"] for s in sources} == {"en", "zh"}
    assert any(s.get("encoding") == "gbk" for s in sources)
    assert any(s.get("kind") == "pdf" for s in sources)
