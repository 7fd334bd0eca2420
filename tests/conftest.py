"""Shared fixtures: `make_config`, `runner`, `db`, (from tests/sitesrv.py) `site`, and (from
tests/deskdata.py) `demo_data` and `desk_config`, the demo's data dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from sqlite_utils import Database

from db.schema import migrations

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.sitesrv", "tests.deskdata"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def db() -> Database:
    database = Database(memory=True)
    migrations.apply(database)
    return database


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def base_config() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a config file under tmp_path: the real config.yaml with keys replaced.

    make_config(sources=[...], url_map={...}, crawl={...}) -> path of the written file.
    `data_dir` defaults to tmp_path / "data".
    """

    def make(name: str = "config.yaml", **overrides: Any) -> Path:
        data = base_config()
        data["data_dir"] = str(tmp_path / "data")
        data.update(overrides)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return make
