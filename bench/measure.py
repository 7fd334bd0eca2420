"""Run one command and measure its process tree: wall time, CPU time (user + system of the
process and every descendant it waited for, from wait4()), the peak of the whole tree's
summed RSS (sampled every 50 ms from /proc) and the largest single process's peak RSS (its
VmHWM, the kernel's high-water mark, read at each sample).

wait4's ru_maxrss is not used for memory: Linux carries the pre-exec image's high-water mark
across execve, so a child spawned from this (large) benchmark process would report the
benchmark's own size.

CPU time counts orphans too: this process makes itself a child subreaper (Linux
PR_SET_CHILD_SUBREAPER), so a descendant left running when the command exits (the
multiprocessing forkserver that extraction helpers are forked from, and through it every
helper) is handed to this process, which waits for it; its time then counts. Without that,
wait4 missed the extraction helpers' CPU entirely."""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.05
PR_SET_CHILD_SUBREAPER = 36
ORPHAN_WAIT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Usage:
    wall: float  # seconds
    user: float  # CPU seconds in user mode, whole tree
    system: float  # CPU seconds in the kernel, whole tree
    largest_rss_mb: float  # peak RSS (VmHWM) of the largest single process of the tree
    tree_rss_mb: float  # peak of the tree's summed RSS (sampled every 50 ms)
    returncode: int
    stdout: str
    stderr: str
    load_before: float = 0.0  # 1-minute load average when the run started (others' work)
    # the processes at the tree's peak: (name, RSS MB, PSS MB); PSS counts a page shared by
    # k processes (a forked helper's inherited rules, shared libraries) as 1/k in each
    peak_processes: tuple[tuple[str, float, float], ...] = ()

    @property
    def tree_pss_mb(self) -> float:
        """The tree's proportional set size at its RSS peak: its memory counted once."""
        return sum(pss for _, _, pss in self.peak_processes)

    @property
    def cpu(self) -> float:
        return self.user + self.system

    @property
    def cores(self) -> float:
        """Average number of cores kept busy."""
        return self.cpu / self.wall if self.wall else 0.0


def run_measured(command: Sequence[str], *, log_dir: Path, name: str,
                 env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Usage:
    """Run `command` to its end; its output goes to log_dir/name.{out,err} and is returned."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"{name}.out", log_dir / f"{name}.err"
    load = os.getloadavg()[0]
    become_subreaper()
    before, known = resource.getrusage(resource.RUSAGE_CHILDREN), children(os.getpid())
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), stdout=out, stderr=err, cwd=cwd,
                                env=dict(env) if env is not None else None)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, _ = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
    reap_orphans(known)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Usage(
        wall=wall, user=after.ru_utime - before.ru_utime,
        system=after.ru_stime - before.ru_stime,
        largest_rss_mb=sampler.largest / 2**20, tree_rss_mb=sampler.peak / 2**20,
        returncode=proc.returncode, peak_processes=sampler.at_peak,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"), load_before=load,
    )


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process (Linux; elsewhere a no-op)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        return


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def reap_orphans(known: set[int], timeout: float = ORPHAN_WAIT_SECONDS) -> None:
    """Wait for the descendants the command left behind (now this process's children), so
    their CPU time is counted; any still running after `timeout` are left alone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        orphans = children(os.getpid()) - known
        if not orphans:
            return
        for pid in orphans:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
        time.sleep(SAMPLE_SECONDS)


class TreeSampler(threading.Thread):
    """Peak summed RSS of a process and its descendants (found through /proc/*/stat), and the
    largest high-water mark of any one of them."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self.largest = 0
        self.at_peak: tuple[tuple[str, float, float], ...] = ()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            total, largest, pids = tree_rss(self.root)
            if total > self.peak:
                self.at_peak = composition(pids)
            self.peak, self.largest = max(self.peak, total), max(self.largest, largest)

    def stop(self) -> None:
        self.done.set()
        self.join()


def tree_rss(root: int) -> tuple[int, int, set[int]]:
    """Bytes resident in `root` and its descendants right now, the largest VmHWM among
    them, and their pids."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = largest = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
            largest = max(largest, high_water(pid))
        except (OSError, IndexError, ValueError):
            continue
    return total, largest, tree


def composition(pids: set[int]) -> tuple[tuple[str, float, float], ...]:
    """(name, RSS MB, PSS MB) of each process, largest RSS first."""
    out = []
    for pid in pids:
        try:
            rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
            pss = 0
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        out.append((process_name([a.decode(errors="replace") for a in argv if a]),
                    round(rss / 2**20, 1), round(pss / 2**20, 1)))
    return tuple(sorted(out, key=lambda item: -item[1]))


def process_name(argv: list[str]) -> str:
    """A short name for a process of the tree, from its command line."""
    text = " ".join(argv)
    for marker, name in (("forkserver", "helper or helpers' server"), ("-m crawler", "crawl"),
                         ("scs-monitor", "run"), ("-m monitor", "run"), ("urlwatch", "urlwatch")):
        if marker in text:
            return name
    return Path(argv[0]).name if argv else "?"


def high_water(pid: int) -> int:
    """The process's peak resident set size so far (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0
