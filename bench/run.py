"""Benchmark `scs-monitor run` against urlwatch on N generated pages served on loopback.

    python bench/run.py                 # both shapes at 1,000 and 10,000 pages
    python bench/run.py --quick         # both shapes at 1,000 pages (a few minutes)

Two shapes of the same kind of corpus: `portals` (36 local systems, one portal source per
site following its document links, 5% of the documents changed in the last cycle) and
`pages` (every document on one host, one source per document, as a urlwatch job list is
written; 10% changed; both tools allowed 10 requests at once). For each shape and N: generate
the corpus (bench/corpus.py), serve it (bench/server.py), and run three cycles with every
tool: `cold` (first visit), `unchanged` (nothing changed), `changed` (half of the changed
documents with noise only, half with a real edit). Prints wall time, CPU time of the process
tree, peak memory and pages per second per cycle, the issue-18 table (urlwatch against
scs-monitor, ratios, peak memory, noise pages and real changes alerted), the cost per changed
page, and the targets. See bench/README.md.
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
from dataclasses import dataclass, replace
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
CYCLE_LABELS = {"cold": "cold (first visit)", "unchanged": "nothing changed",
                "changed": "changed"}
# issue 18's targets: our speed over urlwatch's with nothing changed, by N (smaller N: the
# first entry not above it); changed cycle over nothing-changed; cold pages/s; peak MB by N
TARGET_UNCHANGED_RATIO = ((1000, 1.2), (10**9, 4.0))
TARGET_CHANGED_SLOWDOWN = 1.3
TARGET_COLD_PAGES_PER_SECOND = 150.0
TARGET_PEAK_MB = ((1000, 120.0), (10**9, 200.0))
TARGET_CHANGED_PAGE_MS = 15.0


@dataclass(frozen=True, slots=True)
class Shape:
    """How the corpus is laid out and configured."""

    name: str
    sites: int  # hosts serving the documents
    changed: float  # share of documents changed in the last cycle
    concurrency: int  # scs-monitor crawl.concurrency_per_host (urlwatch always runs 10)
    describe: str


SHAPES = {
    "portals": Shape("portals", 36, 0.05, 2, "36 portals, one portal source per site"),
    "pages": Shape("pages", 1, 0.10, 10, "one host, one html source per page"),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=None,
                        help="corpus sizes to run (default: 1000 10000; --quick: 1000)")
    parser.add_argument("--quick", action="store_true", help="1,000 pages only")
    parser.add_argument("--shape", choices=sorted(SHAPES), nargs="+",
                        default=["portals", "pages"], help="corpus shapes (default: both)")
    parser.add_argument("--skip-urlwatch", action="store_true",
                        help="measure scs-monitor only")
    parser.add_argument("--with-css", action="store_true",
                        help="also urlwatch with a hand-written `css: article` filter per job")
    parser.add_argument("--changed", type=float, default=None,
                        help="share of documents changed in the third cycle (default: 0.05 "
                             "for portals, 0.10 for pages)")
    parser.add_argument("--sites", type=int, default=None,
                        help="portals of the portals shape (default 36)")
    parser.add_argument("--concurrency", type=int, default=None,
                        help="scs-monitor crawl.concurrency_per_host (default: 2 for portals, "
                             "10 for pages)")
    parser.add_argument("--seed", type=int, default=20240503)
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work",
                        help="scratch dir, git-ignored (default bench/.work)")
    args = parser.parse_args(argv)
    if args.pages is None:
        args.pages = [1000] if args.quick else [1000, 10000]
    return args


def shape_for(name: str, args: argparse.Namespace) -> Shape:
    """The shape named, with the command line's overrides."""
    shape = SHAPES[name]
    if args.changed is not None:
        shape = replace(shape, changed=args.changed)
    if args.concurrency is not None:
        shape = replace(shape, concurrency=args.concurrency)
    if args.sites is not None and name == "portals":
        shape = replace(shape, sites=args.sites)
    return shape


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    urlwatch = None if args.skip_urlwatch else urlwatch_executable(work)
    machine = machine_info(urlwatch[1] if urlwatch else None)
    out(render_machine(machine))
    report: dict[str, Any] = {"machine": machine, "runs": {}}
    for pages in args.pages:
        for name in args.shape:
            shape = shape_for(name, args)
            corpus = make_corpus(pages, seed=args.seed, changed=shape.changed,
                                 sites=shape.sites)
            results = bench_size(corpus, shape, args, work, urlwatch[0] if urlwatch else None)
            summary = summarise(corpus, results)
            summary["shape"] = shape.name
            report["runs"][f"{shape.name}-{pages}"] = summary
            out(render_size(corpus, results, shape))
            out(render_issue_table(summary, shape))
            out(render_targets(summary))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (work / f"results-{stamp}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    out(f"\nFigures saved to {work / f'results-{stamp}.json'}")
    return 0


def bench_size(corpus: Corpus, shape: Shape, args: argparse.Namespace, work: Path,
               urlwatch_exe: Path | None) -> list[CycleResult]:
    root = work / f"{shape.name}-n{len(corpus.docs)}"
    shutil.rmtree(root, ignore_errors=True)
    out(f"\n== {shape.describe}, N = {len(corpus.docs)}: {len(corpus.sites)} host(s), "
        f"{corpus.total_bytes() / 2**20:.1f} MB served, {len(corpus.by_change('noise'))} "
        f"noise-only and {len(corpus.by_change('real'))} real changes in the last cycle")
    results = []
    with CorpusServer(corpus) as server:
        scs = ScsMonitor(root / "scs", corpus, server, shape.concurrency, shape.name)
        tools: list[ScsMonitor | Urlwatch] = [scs]
        if urlwatch_exe is not None:
            tools.append(Urlwatch(root / "urlwatch", corpus, server, urlwatch_exe,
                                  filtered=False))
            if args.with_css:
                tools.append(Urlwatch(root / "urlwatch-css", corpus, server, urlwatch_exe,
                                      filtered=True))
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
            "tree_pss_at_peak_mb": round(r.usage.tree_pss_mb, 1),
            "peak_processes": [list(p) for p in r.usage.peak_processes],
            "pages_per_s": round(r.pages_per_second, 1), "load": round(r.usage.load_before, 2),
            "details": r.details,
            "alerts": classify_alerts(corpus, r),
        })
    return {"pages": len(corpus.docs), "sites": len(corpus.sites),
            "changed_pages": len(corpus.by_change("noise")) + len(corpus.by_change("real")),
            "served_mb": round(corpus.total_bytes() / 2**20, 1), "rows": rows}


def find(rows: list[dict[str, Any]], tool: str, cycle: str) -> dict[str, Any] | None:
    return next((r for r in rows if r["tool"] == tool and r["cycle"] == cycle), None)


def render_size(corpus: Corpus, results: list[CycleResult], shape: Shape) -> str:
    rows = summarise(corpus, results)["rows"]
    lines = [f"\n### {shape.describe}, N = {len(corpus.docs)}\n",
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


def changed_page_ms(summary: dict[str, Any], tool: str) -> float | None:
    """CPU milliseconds a changed page costs: (changed cycle - nothing-changed cycle) / pages
    changed."""
    changed, same = find(summary["rows"], tool, "changed"), find(summary["rows"], tool,
                                                                 "unchanged")
    if changed is None or same is None or not summary["changed_pages"]:
        return None
    return (changed["cpu_s"] - same["cpu_s"]) * 1000 / summary["changed_pages"]


def render_issue_table(summary: dict[str, Any], shape: Shape) -> str:
    """Issue 18's table: urlwatch against scs-monitor per cycle, wall and CPU, with ratios
    (urlwatch's time over ours: above 1, scs-monitor is faster)."""
    rows, n = summary["rows"], summary["pages"]
    share = round(summary["changed_pages"] * 100 / n) if n else 0
    lines = [f"\n#### {shape.describe}, N = {n}: urlwatch against scs-monitor\n",
             "| cycle | urlwatch wall | scs-monitor wall | ratio | urlwatch CPU | "
             "scs-monitor CPU | CPU ratio |", "|---|---:|---:|---:|---:|---:|---:|"]
    for cycle in CYCLES:
        ours, theirs = find(rows, "scs-monitor", cycle), find(rows, "urlwatch", cycle)
        if ours is None:
            continue
        label = CYCLE_LABELS[cycle] + (f" ({share}%)" if cycle == "changed" else "")
        per_s = f" ({ours['pages_per_s']:.0f} pages/s)" if cycle == "cold" else ""
        lines.append(f"| {label} | {cell(theirs, 'wall_s')} | {ours['wall_s']:.1f} s{per_s} | "
                     f"{ratio(theirs, ours, 'wall_s')} | {cell(theirs, 'cpu_s')} | "
                     f"{ours['cpu_s']:.1f} s | {ratio(theirs, ours, 'cpu_s')} |")
    lines.append(f"| peak memory (tree) | {peak(rows, 'urlwatch')} | "
                 f"{peak(rows, 'scs-monitor')} | | | | |")
    lines.append(f"| noise pages alerted / real changes alerted | {alerted(rows, 'urlwatch')} "
                 f"| {alerted(rows, 'scs-monitor')} | | | | |")
    costs = {tool: changed_page_ms(summary, tool) for tool in ("urlwatch", "scs-monitor")}
    lines.append("| CPU per changed page (changed - nothing changed) | "
                 + " | ".join("-" if v is None else f"{v:.1f} ms" for v in costs.values())
                 + " | | | | |")
    return "\n".join(lines)


def cell(row: dict[str, Any] | None, key: str) -> str:
    return "-" if row is None else f"{row[key]:.1f} s"


def ratio(theirs: dict[str, Any] | None, ours: dict[str, Any], key: str) -> str:
    return "-" if theirs is None or not ours[key] else f"{theirs[key] / ours[key]:.2f}x"


def peak(rows: list[dict[str, Any]], tool: str) -> str:
    peaks = [r["tree_peak_mb"] for r in rows if r["tool"] == tool]
    return f"{max(peaks):.0f} MB" if peaks else "-"


def peak_parts(row: dict[str, Any]) -> str:
    """The processes at a run's memory peak: "run 52, crawl 95, helpers 3 x 60" (RSS MB)."""
    by_name: dict[str, list[float]] = {}
    for name, rss, _ in row.get("peak_processes", []):
        by_name.setdefault(name, []).append(rss)
    return ", ".join(f"{name} {len(v)} x {sum(v) / len(v):.0f}" if len(v) > 1
                     else f"{name} {v[0]:.0f}" for name, v in by_name.items()) or "-"


def alerted(rows: list[dict[str, Any]], tool: str) -> str:
    row = find(rows, tool, "changed")
    if row is None:
        return "-"
    a = row["alerts"]
    return (f"{a['noise_alerted']}/{a['noise_pages']}, {a['real_alerted']}/{a['real_pages']}")


def by_size(table: tuple[tuple[int, float], ...], pages: int) -> float:
    return next(value for limit, value in table if pages <= limit)


def render_targets(summary: dict[str, Any]) -> str:
    """Issue 18's targets for one shape and size."""
    rows, n = summary["rows"], summary["pages"]
    lines = [f"\nTargets (issue 18), N = {n}:\n", "| target | measured | met |",
             "|---|---|---|"]

    def add(name: str, measured: str, met: bool | None) -> None:
        lines.append(f"| {name} | {measured} | {'-' if met is None else 'yes' if met else 'NO'} |")

    ours_u, ours_c = find(rows, "scs-monitor", "unchanged"), find(rows, "scs-monitor", "changed")
    ours_cold = find(rows, "scs-monitor", "cold")
    assert ours_u is not None
    assert ours_c is not None
    assert ours_cold is not None
    theirs = find(rows, "urlwatch", "unchanged")
    want = by_size(TARGET_UNCHANGED_RATIO, n)
    if theirs:
        for key, unit in (("wall_s", "wall"), ("cpu_s", "CPU")):
            r = theirs[key] / ours_u[key] if ours_u[key] else 0.0
            add(f"nothing changed: ≥ {want:g}x urlwatch ({unit})",
                f"{theirs[key]:.1f} s vs {ours_u[key]:.1f} s = {r:.2f}x", r >= want)
    add(f"cold cycle ≥ {TARGET_COLD_PAGES_PER_SECOND:g} pages/s",
        f"{ours_cold['pages_per_s']:.1f} pages/s, {ours_cold['cores']:.2f} cores busy",
        ours_cold["pages_per_s"] >= TARGET_COLD_PAGES_PER_SECOND)
    slowdown = ours_c["cpu_s"] / ours_u["cpu_s"] if ours_u["cpu_s"] else 0.0
    add(f"changed cycle ≤ {TARGET_CHANGED_SLOWDOWN:g}x nothing-changed (CPU)",
        f"{ours_c['cpu_s']:.1f} s vs {ours_u['cpu_s']:.1f} s = {slowdown:.2f}x",
        slowdown <= TARGET_CHANGED_SLOWDOWN)
    cost = changed_page_ms(summary, "scs-monitor")
    add(f"CPU per changed page ≤ {TARGET_CHANGED_PAGE_MS:g} ms beyond fetching it",
        "-" if cost is None else f"{cost:.1f} ms (fetch included)",
        None if cost is None else cost <= TARGET_CHANGED_PAGE_MS)
    limit = by_size(TARGET_PEAK_MB, n)
    highest = max((r for r in rows if r["tool"] == "scs-monitor"), key=lambda r: r["tree_peak_mb"])
    top = highest["tree_peak_mb"]
    add(f"peak memory ≤ {limit:g} MB (process tree)",
        f"{top:.0f} MB RSS in the {highest['cycle']} cycle ({peak_parts(highest)}); "
        f"{highest['tree_pss_at_peak_mb']:.0f} MB counting shared pages once (PSS)", top <= limit)
    alerts = ours_c["alerts"]
    add("no alert on a noise-only page", f"{alerts['noise_alerted']} of "
        f"{alerts['noise_pages']} alerted", alerts["noise_alerted"] == 0)
    add("every real change alerted", f"{alerts['real_alerted']} of {alerts['real_pages']}",
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
