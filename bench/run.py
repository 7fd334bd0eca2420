"""Benchmark `scs-monitor run` against urlwatch on N generated pages served on loopback.

    python bench/run.py [--pages 1000 10000] [--skip-urlwatch]

For each N: generate the corpus (bench/corpus.py), serve it (bench/server.py), and run three
cycles with every tool: `cold` (first visit), `unchanged` (nothing changed), `changed` (5% of
the documents changed: half noise only, half a real edit). Prints wall time, CPU time of the
process tree, peak memory and pages per second per cycle, the ratio of our wall time to each
urlwatch variant's, the alerts each tool raised on noise pages and on real changes, and how
the figures compare with the targets of issue 10. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, make_corpus
from server import CorpusServer
from tools import (
    CycleResult,
    ScsMonitor,
    Urlwatch,
    classify_alerts,
    urlwatch_executable,
)

CYCLES = ("cold", "unchanged", "changed")
TARGET_UNCHANGED_RATIO = 2.0  # our pages/s over urlwatch's, nothing changed, largest N
TARGET_CHANGED_SLOWDOWN = 1.5  # 5%-changed wall time over nothing-changed wall time
TARGET_COLD_PAGES_PER_SECOND = 150.0
TARGET_PEAK_MB = 200.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000],
                        help="corpus sizes to run (default: 1000 10000)")
    parser.add_argument("--skip-urlwatch", action="store_true",
                        help="measure scs-monitor only")
    parser.add_argument("--changed", type=float, default=0.05,
                        help="share of documents changed in the third cycle (default 0.05)")
    parser.add_argument("--sites", type=int, default=36, help="portals (default 36)")
    parser.add_argument("--concurrency", type=int, default=2,
                        help="scs-monitor crawl.concurrency_per_host (default 2)")
    parser.add_argument("--seed", type=int, default=20240503)
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work",
                        help="scratch dir, git-ignored (default bench/.work)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    urlwatch = None if args.skip_urlwatch else urlwatch_executable(work)
    machine = machine_info(urlwatch[1] if urlwatch else None)
    out(render_machine(machine))
    report: dict[str, Any] = {"machine": machine, "sizes": {}}
    for pages in args.pages:
        corpus = make_corpus(pages, seed=args.seed, changed=args.changed, sites=args.sites)
        results = bench_size(corpus, args, work, urlwatch[0] if urlwatch else None)
        report["sizes"][str(pages)] = summarise(corpus, results)
        out(render_size(corpus, results))
    out(render_targets(report))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (work / f"results-{stamp}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    out(f"\nFigures saved to {work / f'results-{stamp}.json'}")
    return 0


def bench_size(corpus: Corpus, args: argparse.Namespace, work: Path,
               urlwatch_exe: Path | None) -> list[CycleResult]:
    root = work / f"n{len(corpus.docs)}"
    shutil.rmtree(root, ignore_errors=True)
    out(f"\n== N = {len(corpus.docs)}: {len(corpus.sites)} sites, "
        f"{corpus.total_bytes() / 2**20:.1f} MB served, {len(corpus.by_change('noise'))} "
        f"noise-only and {len(corpus.by_change('real'))} real changes in the last cycle")
    results = []
    with CorpusServer(corpus) as server:
        scs = ScsMonitor(root / "scs", corpus, server, args.concurrency)
        tools: list[ScsMonitor | Urlwatch] = [scs]
        if urlwatch_exe is not None:
            tools += [Urlwatch(root / "urlwatch", corpus, server, urlwatch_exe, filtered=False),
                      Urlwatch(root / "urlwatch-css", corpus, server, urlwatch_exe,
                               filtered=True)]
        for tool in tools:
            tool.prepare()
        for cycle in CYCLES:
            if cycle == "changed":
                server.publish(2)
            for tool in tools:
                result = tool.run_cycle(cycle)
                results.append(result)
                out(f"   {cycle:<9} {tool.name:<13} {result.usage.wall:8.1f} s wall "
                    f"{result.usage.cpu:8.1f} s CPU {result.usage.tree_rss_mb:6.0f} MB "
                    f"{result.pages_per_second:8.1f} pages/s")
    return results


# --- figures -----------------------------------------------------------------------------------

def summarise(corpus: Corpus, results: list[CycleResult]) -> dict[str, Any]:
    rows = []
    for r in results:
        rows.append({
            "tool": r.tool, "cycle": r.cycle, "wall_s": round(r.usage.wall, 2),
            "cpu_s": round(r.usage.cpu, 2), "cores": round(r.usage.cores, 2),
            "tree_peak_mb": round(r.usage.tree_rss_mb, 1),
            "largest_process_mb": round(r.usage.largest_rss_mb, 1),
            "pages_per_s": round(r.pages_per_second, 1), "load": round(r.usage.load_before, 2),
            "details": r.details,
            "alerts": classify_alerts(corpus, r),
        })
    return {"pages": len(corpus.docs), "sites": len(corpus.sites),
            "served_mb": round(corpus.total_bytes() / 2**20, 1), "rows": rows}


def find(rows: list[dict[str, Any]], tool: str, cycle: str) -> dict[str, Any] | None:
    return next((r for r in rows if r["tool"] == tool and r["cycle"] == cycle), None)


def render_size(corpus: Corpus, results: list[CycleResult]) -> str:
    rows = summarise(corpus, results)["rows"]
    lines = [f"\n### N = {len(corpus.docs)}\n",
             "| cycle | tool | wall s | CPU s | cores | peak MB (tree) | peak MB (largest) "
             "| pages/s | scs wall ÷ this | load |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        ours = find(rows, "scs-monitor", row["cycle"])
        ratio = f"{ours['wall_s'] / row['wall_s']:.2f}" if ours and row["wall_s"] else "-"
        lines.append(f"| {row['cycle']} | {row['tool']} | {row['wall_s']:.1f} | "
                     f"{row['cpu_s']:.1f} | {row['cores']:.2f} | {row['tree_peak_mb']:.0f} | "
                     f"{row['largest_process_mb']:.0f} | {row['pages_per_s']:.1f} | {ratio} | "
                     f"{row['load']:.1f} |")
    lines += ["", "scs-monitor per cycle:"]
    for row in rows:
        if row["tool"] == "scs-monitor":
            d = row["details"]
            lines.append(f"  {row['cycle']:<9} fetches {d['fetches']}; {d['new_snapshots']} new "
                         f"snapshots, {d['extracted']} extracted; changes {d['changes']}; alerts "
                         f"{d['alerts']}; db {d['db_mb']:.1f} MB, archive "
                         f"{d['snapshots_mb']:.1f} MB" + (f"; errors {d['errors']}"
                                                          if d["errors"] else ""))
    lines += ["", "Alerts (noise-only pages must raise none; every real change must raise one):",
              "| cycle | tool | noise pages alerted | real changes alerted | untouched pages "
              "alerted | other alerts | by kind |", "|---|---|---:|---:|---:|---:|---|"]
    for row in rows:
        a = row["alerts"]
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(a["severities"].items())) or "-"
        if row["tool"].startswith("urlwatch"):
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(row["details"]["reports"].items()))
        lines.append(f"| {row['cycle']} | {row['tool']} | {a['noise_alerted']}/{a['noise_pages']}"
                     f" | {a['real_alerted']}/{a['real_pages']} | {a['untouched_alerted']} | "
                     f"{a['other_alerts']} | {kinds} |")
    for row in rows:
        if row["cycle"] == "changed" and row["alerts"]["examples"]:
            lines.append(f"  e.g. {row['tool']}: {row['alerts']['examples']}")
        if row["cycle"] == "changed" and row["alerts"]["real_missed"]:
            lines.append(f"  {row['tool']} missed: {row['alerts']['real_missed'][:10]}")
    return "\n".join(lines)


def render_targets(report: dict[str, Any]) -> str:
    sizes = sorted(report["sizes"].values(), key=lambda s: s["pages"])
    big = sizes[-1]
    rows = big["rows"]
    lines = [f"\n### Targets (issue 10), at N = {big['pages']}\n",
             "| target | measured | met |", "|---|---|---|"]

    def add(name: str, measured: str, met: bool | None) -> None:
        lines.append(f"| {name} | {measured} | {'-' if met is None else 'yes' if met else 'NO'} |")

    ours_u = find(rows, "scs-monitor", "unchanged")
    ours_c = find(rows, "scs-monitor", "changed")
    ours_cold = find(rows, "scs-monitor", "cold")
    assert ours_u is not None
    assert ours_c is not None
    assert ours_cold is not None
    for tool in ("urlwatch", "urlwatch+css"):
        theirs = find(rows, tool, "unchanged")
        if theirs:
            ratio = ours_u["pages_per_s"] / theirs["pages_per_s"]
            add(f"nothing changed: ≥ {TARGET_UNCHANGED_RATIO:g}x {tool}'s pages/s",
                f"{ours_u['pages_per_s']:.0f} vs {theirs['pages_per_s']:.0f} pages/s = "
                f"{ratio:.2f}x", ratio >= TARGET_UNCHANGED_RATIO)
    slowdown = ours_c["wall_s"] / ours_u["wall_s"]
    add(f"5% changed: wall ≤ {TARGET_CHANGED_SLOWDOWN:g}x nothing-changed",
        f"{ours_c['wall_s']:.1f} s vs {ours_u['wall_s']:.1f} s = {slowdown:.2f}x",
        slowdown <= TARGET_CHANGED_SLOWDOWN)
    add(f"cold cycle ≥ {TARGET_COLD_PAGES_PER_SECOND:g} pages/s on both cores",
        f"{ours_cold['pages_per_s']:.1f} pages/s, {ours_cold['cores']:.2f} cores busy",
        ours_cold["pages_per_s"] >= TARGET_COLD_PAGES_PER_SECOND and ours_cold["cores"] >= 1.5)
    peak = max(r["tree_peak_mb"] for r in rows if r["tool"] == "scs-monitor")
    add(f"peak memory < {TARGET_PEAK_MB:g} MB (process tree)", f"{peak:.0f} MB",
        peak < TARGET_PEAK_MB)
    if len(sizes) > 1:
        small = sizes[0]
        small_peak = max(r["tree_peak_mb"] for r in small["rows"] if r["tool"] == "scs-monitor")
        small_db = max(r["details"]["db_mb"] for r in small["rows"] if r["tool"] == "scs-monitor")
        big_db = max(r["details"]["db_mb"] for r in rows if r["tool"] == "scs-monitor")
        grew, db_grew = peak - small_peak, big_db - small_db
        add("memory does not grow with N beyond the DB size",
            f"+{grew:.0f} MB from N={small['pages']} to N={big['pages']} (DB +{db_grew:.0f} MB)",
            grew <= max(db_grew, 0.0) + 10)
    alerts = ours_c["alerts"]
    add("zero alerts on noise pages (no per-source filters)",
        f"{alerts['noise_alerted']} of {alerts['noise_pages']} noise pages alerted",
        alerts["noise_alerted"] == 0)
    add("every real change alerted",
        f"{alerts['real_alerted']} of {alerts['real_pages']}",
        alerts["real_alerted"] == alerts["real_pages"])
    return "\n".join(lines)


def machine_info(urlwatch_version: str | None) -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": model, "cores": os.cpu_count(), "memory_gb": round(memory, 1),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "scrapy": package_version("scrapy"), "trafilatura": package_version("trafilatura"),
        "urlwatch": urlwatch_version, "date": time.strftime("%Y-%m-%d"),
        "commit": git_commit(),
    }


def git_commit() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def render_machine(machine: dict[str, Any]) -> str:
    return (f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; "
            f"{machine['os']}; Python {machine['python']}; Scrapy {machine['scrapy']}, "
            f"trafilatura {machine['trafilatura']}; {machine['urlwatch'] or 'urlwatch skipped'};"
            f" commit {machine['commit']}; {machine['date']}")


def out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
