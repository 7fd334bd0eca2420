"""Source health: a transient failure raises nothing; a persistent one raises one alert."""

from __future__ import annotations

from db.models import StreakEvidence
from db.monitoring import alerts_where
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.pipeline.cycle import run_cycle


def flaky_config(make_config, site, fail: int):
    return load_config(
        make_config(
            sources=[
                {
                    "id": "flaky",
                    "url": site.url(f"/_/flaky/k{fail}?fail={fail}"),
                    "class": "official",
                    "kind": "html",
                    "language": "en",
                    "regions": ["shanghai"],
                },
                {
                    "id": "steady",
                    "url": site.url("/index.html"),
                    "class": "press",
                    "kind": "html",
                    "language": "en",
                    "regions": ["shenzhen"],
                },
            ],
            crawl={
                "delay_seconds": 0,
                "autothrottle": False,
                "timeout_seconds": 5,
                "retries": 1,
                "obey_robots": False,
            },
        )
    )


def test_a_503_that_recovers_raises_nothing(make_config, site) -> None:
    config = flaky_config(make_config, site, fail=2)
    first = run_cycle(config)
    assert first.fetches["error"] == 1
    second = run_cycle(config)
    assert second.fetches["ok"] == 1
    third = run_cycle(config)
    assert third.status == "ok"
    assert alerts_where(open_workspace(config)) == []


def test_a_failure_that_persists_raises_one_source_alert(make_config, site) -> None:
    config = flaky_config(make_config, site, fail=100)
    run_cycle(config)
    assert alerts_where(open_workspace(config)) == []
    run_cycle(config)
    run_cycle(config)
    [alert] = alerts_where(open_workspace(config))
    assert (alert.severity, alert.source_id, alert.new) == ("source", "flaky", "failing")
    assert isinstance(alert.evidence, StreakEvidence)
    assert [r.outcome for r in alert.evidence.runs] == ["error", "error"]
