"""A populated data dir for the review desk's tests: `scs-monitor demo`'s, built once per
session (two real cycles on the bundled site), copied for each test that changes it."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import pytest

from monitor.alerts.review import list_alerts
from monitor.config import Config, load_config
from monitor.datadir.workspace import open_workspace
from monitor.demo.flow import run_demo


def demo_alerts(config: Config) -> dict[tuple[str, str | None], int]:
    """The demo's alerts by (source, attribute): their ids depend on the order pages were
    compared in, which varies from run to run."""
    with closing(open_workspace(config, create=False)) as db:
        return {(a.source_id or "", a.attribute): a.alert_id or 0 for a in list_alerts(db)}


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's data dir after both cycles (never changed: copy it with `desk_config`)."""
    data_dir = tmp_path_factory.mktemp("desk-demo") / "data"
    run_demo(data_dir)
    return data_dir


def copy_data(demo_data: Path, target: Path) -> Config:
    """A copy of the demo's data dir at `target`, with its config pointed at the copy."""
    shutil.copytree(demo_data, target)
    config = load_config(target / "config.yaml")
    return config.model_copy(update={"data_dir": target})


@pytest.fixture
def desk_config(demo_data: Path, tmp_path: Path) -> Config:
    return copy_data(demo_data, tmp_path / "data")
