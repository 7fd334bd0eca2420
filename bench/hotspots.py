"""Profile `scs-monitor run` on the benchmark corpus: where each process spends its time.

    python bench/hotspots.py [--pages 1000] [--shape portals|pages] [--top 30]
                             [--claims | --claims-only]

Runs the three cycles (cold, unchanged, changed) of bench/run.py for scs-monitor only, each
under py-spy (`record --subprocesses`, so the crawl process is sampled too; py-spy is
pip-installed into the work dir on first use). For every cycle and process (monitor, crawler)
it prints the frames with the most samples, inclusive and self. `--claims` adds the cost of
one pass of each claim rule and vocabulary term over the corpus's main texts, the slowest
first (the claim extractor dominates extraction).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, make_corpus
from run import CYCLES, SHAPES, out
from server import CorpusServer

from tools import REPO, ScsMonitor

PLUMBING = ("<frozen ", "(runpy", "click/", "twisted/python/", "asyncio/events.py",
            "asyncio/base_events.py", "twisted/internet/defer.py", "threading.py")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="portals",
                        help="corpus shape, as in bench/run.py (default: portals)")
    parser.add_argument("--top", type=int, default=30, help="frames shown per list")
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    parser.add_argument("--claims", action="store_true",
                        help="also time each claim rule and term over the corpus texts")
    parser.add_argument("--claims-only", action="store_true",
                        help="only the claim pattern timings (no cycles, no py-spy)")
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.resolve()
    shape = SHAPES[args.shape]
    corpus = make_corpus(args.pages, changed=shape.changed, sites=shape.sites)
    if args.claims_only:
        out(claim_costs(corpus, args.top))
        return 0
    spy = py_spy(work)
    root = work / f"profile-{shape.name}-n{args.pages}"
    shutil.rmtree(root, ignore_errors=True)
    with CorpusServer(corpus) as server:
        scs = ScsMonitor(root / "scs", corpus, server, shape.concurrency, shape.name)
        scs.prepare()
        for cycle in CYCLES:
            if cycle == "changed":
                server.publish(2)
            folded = root / f"{cycle}.folded"
            wrapper = [str(spy), "record", "--subprocesses", "--rate", str(args.rate),
                       "--format", "raw", "--output", str(folded), "--"]
            result = scs.run_cycle(cycle, wrapper)
            out(f"\n== {cycle}: {result.usage.wall:.1f} s wall, {result.usage.cpu:.1f} s CPU "
                f"(under py-spy); {result.details['fetches']}, "
                f"{result.details['extracted']} extracted")
            out(render_profile(folded, args.top))
    if args.claims:
        out(claim_costs(corpus, args.top))
    return 0


def py_spy(work: Path) -> Path:
    target = work / "tools"
    exe = target / "bin" / "py-spy"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target",
                        str(target), "py-spy"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return exe


def render_profile(folded: Path, top: int) -> str:
    """Per process: the frames most often on the stack (inclusive) and on top of it (self)."""
    totals: Counter[str] = Counter()
    inclusive: dict[str, Counter[str]] = defaultdict(Counter)
    own: dict[str, Counter[str]] = defaultdict(Counter)
    for line in folded.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        process = "crawler" if any("-m crawler" in f for f in frames if
                                   f.startswith("process ")) else "monitor"
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        totals[process] += int(count)
        if frames:
            own[process][frames[-1]] += int(count)
        for frame in set(frames):
            if not any(p in frame for p in PLUMBING):
                inclusive[process][frame] += int(count)
    lines = []
    for process, total in totals.most_common():
        lines.append(f"-- {process}: {total} samples")
        lines += [f"   {100 * n / total:5.1f}%  {short(f)}"
                  for f, n in inclusive[process].most_common(top)]
        lines.append("   self:")
        lines += [f"   {100 * n / total:5.1f}%  {short(f)}"
                  for f, n in own[process].most_common(top // 2)]
    return "\n".join(lines)


def short(frame: str) -> str:
    return frame.replace(str(REPO) + "/", "").replace("site-packages/", "")


def claim_costs(corpus: Corpus, top: int) -> str:
    """Milliseconds per page for one pass of each pattern the claim extractor runs."""
    sys.path.insert(0, str(REPO))
    from extract.claims import analysis_text
    from extract.rules import load_ruleset
    from extract.text import extract_text

    ruleset = load_ruleset()
    lines = ["\n== claim patterns: ms per page for one pass over the main text (slowest first)"]
    for lang in ("en", "zh"):
        docs = [d for d in corpus.docs if d.site.lang == lang][:20]
        texts = [analysis_text(extract_text(corpus.served[d.site.ip][d.path],
                                            content_type="text/html; charset=utf-8",
                                            charset="utf-8").text) for d in docs]
        patterns = [(f"term {t.vocabulary}:{t.canonical}", t.pattern) for t in ruleset.terms]
        for rule in ruleset.for_language(lang):
            patterns.append((f"rule {rule.id}", rule.pattern))
            patterns += [(f"{kind} {rule.id}", p) for kind, p in
                         (("unless", rule.unless), ("unless_around", rule.unless_around),
                          ("requires", rule.requires)) if p is not None]
        patterns += [(f"topic {t.attribute}", t.pattern) for t in ruleset.topics]
        costs = []
        for name, pattern in patterns:
            started = time.perf_counter()
            for text in texts:
                for _ in pattern.finditer(text):
                    pass
            costs.append(((time.perf_counter() - started) * 1000 / len(texts), name))
        costs.sort(reverse=True)
        chars = sum(map(len, texts)) / len(texts)
        lines.append(f"-- {lang}: {len(patterns)} patterns, {chars:.0f} characters per page, "
                     f"{sum(c for c, _ in costs):.0f} ms per page for one pass of all")
        lines += [f"   {cost:7.2f} ms  {name}" for cost, name in costs[:top]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
