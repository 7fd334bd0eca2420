"""`scs-monitor demo` ends by telling the reader how to open the review desk on its data dir,
in its text and in its JSON, with a command that runs from where the demo was started."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from monitor.cli.demo import installed_program, render_demo_step
from monitor.demo.flow import DemoStep, run_demo


def test_the_demo_ends_with_the_serve_command(tmp_path: Path) -> None:
    steps: list[DemoStep] = []
    data_dir = tmp_path / "demo data"  # a space: the command must quote it
    done = run_demo(data_dir, show=steps.append)
    assert steps[-1] is done
    quoted = shlex.quote(str(data_dir.resolve()))
    assert done.as_json()["serve"] == f"scs-monitor serve --data-dir {quoted}"
    command = f"{shlex.quote(installed_program())} serve --data-dir {quoted}"
    assert render_demo_step(done).splitlines()[-1] == f"Review in the browser: {command}"
    assert shlex.split(command)[-1] == str(data_dir.resolve())


def test_the_program_it_names_runs() -> None:
    ran = subprocess.run(
        [installed_program(), "serve", "--help"], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert "--data-dir" in ran.stdout
