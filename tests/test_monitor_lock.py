"""One run at a time per data dir, enforced by an OS file lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from monitor.cli.app import cli
from monitor.config import load_config
from monitor.datadir.lock import holder_pid, run_lock
from monitor.errors import DataDirLockedError


def test_second_run_is_refused_without_touching_the_database(runner, make_config) -> None:
    path = make_config()
    config = load_config(path)
    with run_lock(config.data_dir):
        assert holder_pid(config.data_dir) == os.getpid()
        result = runner.invoke(cli, ["--config", str(path), "run"])
        assert result.exit_code == 3
        assert f"another run holds the lock (pid {os.getpid()})" in result.output
        assert not config.db_path.exists()
    assert holder_pid(config.data_dir) is None


def test_lock_is_released_when_its_holder_is_killed(make_config) -> None:
    config = load_config(make_config())
    config.data_dir.mkdir(parents=True)
    code = (
        "import sys, time; from pathlib import Path; from monitor.datadir.lock import run_lock\n"
        f"with run_lock(Path({str(config.data_dir)!r})):\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"held"
    assert holder_pid(config.data_dir) == child.pid
    with pytest.raises(DataDirLockedError) as info, run_lock(config.data_dir):
        pass
    assert info.value.pid == child.pid
    child.kill()
    child.wait()
    child.stdout.close()
    deadline = time.monotonic() + 5
    while holder_pid(config.data_dir) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    with run_lock(config.data_dir):
        assert holder_pid(config.data_dir) == os.getpid()


def test_a_run_is_not_refused_by_a_probe_of_the_free_lock(make_config, monkeypatch) -> None:
    """holder_pid() (the scheduler's launcher, `status`) takes the free lock for a moment to
    see that it is free; a run starting in that moment waits for the probe instead of
    failing with 'another run holds the lock (pid unknown)'."""
    import fcntl

    from monitor.datadir import lock

    config = load_config(make_config())
    config.data_dir.mkdir(parents=True)
    probe = (config.data_dir / lock.LOCK_NAME).open("a+")
    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what holder_pid() does, caught midway
    tries = []

    def probe_done(seconds: float) -> None:  # the run's first try was refused: the probe ends
        tries.append(seconds)
        fcntl.flock(probe, fcntl.LOCK_UN)

    monkeypatch.setattr(lock, "sleep", probe_done)
    with run_lock(config.data_dir):
        assert holder_pid(config.data_dir) == os.getpid()
    assert len(tries) == 1
    probe.close()
