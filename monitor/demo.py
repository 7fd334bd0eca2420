"""`scs-monitor demo`: the bundled offline demo in a throwaway data dir."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from db.queries import latest_version, matrix_cells
from monitor.config import PACKAGE_DATA, load_config
from monitor.tables import matrix_json, render_matrix
from monitor.workspace import open_workspace

Echo = Callable[[str], None] | None


def demo_config_path() -> Path:
    return PACKAGE_DATA / "demo-config.yaml"


def run_demo(data_dir: Path | None, echo: Echo) -> dict[str, object]:
    data_dir = Path(tempfile.mkdtemp(prefix="scs-demo-")) if data_dir is None else data_dir
    config = load_config(demo_config_path())
    config = config.model_copy(update={"data_dir": data_dir.resolve()})
    db = open_workspace(config)
    cells = matrix_cells(db)
    if echo:
        echo(f"Demo data dir: {data_dir}")
        echo(f"Dataset version {latest_version(db)}: the study's baseline. Table 1:")
        echo(render_matrix(config, cells, "md"))
    return {"data_dir": str(data_dir), "dataset_version": latest_version(db),
            "matrix": matrix_json(config, cells)}
