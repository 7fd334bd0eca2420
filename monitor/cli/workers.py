"""`scs-monitor worker` (a Scrapyd crawl worker for this project) and `workers check`."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from monitor.cli.app import State, cli, emit_json, handle_errors, json_option
from monitor.errors import InvalidValueError


@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), default=6800, show_default=True)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The worker's folder: its Scrapyd configuration, logs, job records and queues.",
)
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--username-env",
    default=None,
    metavar="NAME",
    help="Environment variable holding the user name the coordinator must send (with "
    "--password-env): needed when --bind is not a loopback address.",
)
@click.option("--password-env", default=None, metavar="NAME")
@click.option(
    "--max-jobs", type=click.IntRange(0), default=0, help="Batches crawled at once (0: 4 per CPU)."
)
@handle_errors
def worker(
    port: int,
    folder: Path,
    bind: str,
    username_env: str | None,
    password_env: str | None,
    max_jobs: int,
) -> None:
    """Run a crawl worker in the foreground: a Scrapyd daemon that crawls batches for a
    coordinator whose config has `crawl.backend: scrapyd` and this worker's address in
    `crawl.workers`. It runs this project as installed and writes no database. Stop it with
    Ctrl-C or SIGTERM.

    Example:

        scs-monitor worker --port 6800 --dir /var/lib/scs-worker
    """
    from monitor.pipeline.remote import worker_files

    credentials = None
    if username_env or password_env:
        user = os.environ.get(username_env or "", "")
        password = os.environ.get(password_env or "", "")
        if not user or not password:
            raise InvalidValueError(
                f"--username-env {username_env} / --password-env {password_env}: both "
                "environment variables must be set"
            )
        credentials = (user, password)
    elif bind not in ("127.0.0.1", "localhost", "::1"):
        raise InvalidValueError(
            f"--bind {bind}: a worker reachable from other machines needs --username-env "
            "and --password-env"
        )
    folder = worker_files(folder.resolve(), port, bind, credentials, max_jobs)
    os.chdir(folder)  # Scrapyd reads the scrapy.cfg of its working folder
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "scrapyd"])


@cli.group()
def workers() -> None:
    """The Scrapyd crawl workers of `crawl.workers`.

    Example:

        scs-monitor workers check --json
    """


@workers.command("check")
@json_option
@handle_errors
def workers_check(as_json: bool) -> None:
    """Say which configured workers answer, how busy they are and which versions they run.
    Exits 1 when one does not answer.

    JSON: [{"url", "answers", "running", "pending", "finished", "versions", "error"}].

    Example:

        scs-monitor workers check
    """
    from monitor.pipeline.remote import check_workers

    state = click.get_current_context().find_object(State)
    assert state is not None
    statuses = check_workers(state.config)
    if as_json:
        emit_json([asdict(s) for s in statuses])
    else:
        if not statuses:
            click.echo("No workers configured (crawl.workers).")
        for s in statuses:
            if s.answers:
                versions = ", ".join(f"{k} {v}" for k, v in s.versions.items())
                click.echo(
                    f"{s.url}: answers; {s.running} running, {s.pending} pending, "
                    f"{s.finished} finished; {versions}"
                )
            else:
                click.echo(f"{s.url}: does not answer: {s.error}")
    if any(not s.answers for s in statuses):
        raise SystemExit(1)
