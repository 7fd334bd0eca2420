"""Errors a person can cause: each prints one line saying what and where, exits non-zero, and
changes nothing stored. A read-only data dir and a full disk are real (tmpfs) file systems,
mounted when the tests run as root; elsewhere those tests are skipped.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli.app import cli
from monitor.config import Config, load_config
from monitor.datadir.lock import run_lock
from monitor.datadir.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent


def invoke(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(path), *args])


def one_line_error(result: Result, code: int, *names: str) -> str:
    """The single line of a failed command, which must name each of `names`."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    for name in names:
        assert name in lines[0]
    return lines[0]


def dump(config: Config) -> list[str]:
    """Everything the database holds, read without writing anything."""
    conn = sqlite3.connect(f"file:{config.db_path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def workspace(make_config: Callable[..., Path]) -> tuple[Path, Config]:
    path = make_config()
    config = load_config(path)
    open_workspace(config).close()
    return path, config


def test_a_bad_config(make_config: Callable[..., Path]) -> None:
    path = make_config(sources=[{"id": "x", "url": "ftp://example.org/", "class": "ngo"}])
    line = one_line_error(invoke(path, "run"), 1, str(path), "sources[0].url", "ftp://")
    assert line.startswith("Error: invalid configuration: ")
    assert not (path.parent / "data").exists()
    two = make_config(crawl={"retries": "many", "delay_seconds": -1})
    lines = invoke(two, "run").output.strip().splitlines()
    assert lines[0] == "Error: invalid configuration (2 problems):"
    assert len(lines) == 3
    assert all(line.startswith(f"{two}: crawl.") for line in lines[1:])


def test_an_unknown_source_id(workspace: tuple[Path, Config]) -> None:
    path, config = workspace
    before = dump(config)
    one_line_error(invoke(path, "run", "nope"), 1, "'nope'", str(path))
    one_line_error(invoke(path, "crawl", "nope"), 1, "'nope'", str(path))
    assert dump(config) == before


@pytest.mark.parametrize(
    "args",
    [
        ["alerts", "show", "999"],
        ["alerts", "accept", "999", "--note", "x"],
        ["alerts", "snooze", "999", "--until", "2030-01-01"],
    ],
)
def test_an_unknown_alert_id(workspace: tuple[Path, Config], args: list[str]) -> None:
    path, config = workspace
    before = dump(config)
    one_line_error(invoke(path, *args), 1, "999", str(config.db_path))
    assert dump(config) == before


def test_a_locked_data_dir(workspace: tuple[Path, Config]) -> None:
    path, config = workspace
    before = dump(config)
    with run_lock(config.data_dir):
        one_line_error(invoke(path, "run"), 3, str(config.data_dir), f"pid {os.getpid()}")
    assert dump(config) == before


def test_a_database_from_a_newer_version(workspace: tuple[Path, Config]) -> None:
    path, config = workspace
    with sqlite3.connect(config.db_path) as conn:
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) "
            "values ('scs-monitor', 'm999_from_the_future', '2030-01-01')"
        )
    conn.close()
    before = dump(config)
    for args in (["run"], ["status"], ["alerts", "list"]):
        one_line_error(
            invoke(path, *args), 1, str(config.db_path), "m999_from_the_future", "newer scs-monitor"
        )
    assert dump(config) == before


# --- real file systems: read-only, full ----------------------------------------------------------


def mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def tiny_fs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs of our own (root only: skipped where mounting is not permitted)."""
    point = tmp_path / "fs"
    point.mkdir()
    if (
        os.geteuid() != 0
        or mount("-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(point)).returncode != 0
    ):
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN)")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def config_on(make_config: Callable[..., Path], folder: Path) -> tuple[Path, Config]:
    path = make_config(data_dir=str(folder / "data"))
    config = load_config(path)
    open_workspace(config).close()
    return path, config


def test_a_read_only_data_dir(make_config: Callable[..., Path], tiny_fs: Path) -> None:
    path, config = config_on(make_config, tiny_fs)
    before = dump(config)
    assert mount("-o", "remount,ro", str(tiny_fs)).returncode == 0
    one_line_error(invoke(path, "run"), 1, str(config.data_dir), "Read-only file system")
    line = one_line_error(
        invoke(path, "matrix", "set", "respect_privacy", "shanghai", "upholds", "--note", "x"),
        1,
        str(config.db_path),
    )
    assert "read-only" in line
    assert dump(config) == before


def fill(folder: Path) -> None:
    """Write until the file system is full, to the last block."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)


def test_a_full_disk(make_config: Callable[..., Path], tiny_fs: Path) -> None:
    path, config = config_on(make_config, tiny_fs)
    before = dump(config)
    fill(tiny_fs)
    one_line_error(
        invoke(path, "run"), 1, str(config.data_dir / "run.lock"), "No space left on device"
    )
    line = one_line_error(
        invoke(path, "matrix", "set", "respect_privacy", "shanghai", "upholds", "--note", "x"),
        1,
        str(config.db_path),
    )
    assert "disk is full" in line
    (tiny_fs / "filler").unlink()
    assert dump(config) == before
    result = invoke(path, "matrix", "set", "respect_privacy", "shanghai", "upholds", "--note", "x")
    assert result.exit_code == 0, result.output  # with space again, the same command works
