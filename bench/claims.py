"""CPU per page of claim extraction, and of the topic net, on the benchmark corpus.

    python bench/claims.py [--pages 200]

For every generated page (English and Chinese, as bench/run.py serves them) the main text is
extracted once, then `extract_claims` is timed with the process CPU clock (`time.process_time`),
per page and per 13 KB of page bytes (the issue's unit). The topic net is timed the way a run
uses it: the topics of every sentence of a changed page (rules, then rules and net). Prints the
median, mean and 90th percentile; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus
from run import out

from tools import REPO

PAGE_UNIT = 13 * 1024  # bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from db.models import RegionNames
    from extract.align import text_units
    from extract.claims import extract_claims
    from extract.text import extract_text
    from extract.topicnet import topic_net
    from extract.topics import rule_topics, sentence_topics

    corpus = make_corpus(args.pages)
    regions = [RegionNames(r, (r.capitalize(),)) for r in
               ("xinjiang", "shanghai", "xiamen", "fuzhou", "shenzhen")]
    pages = []
    for doc in corpus.docs:
        body = corpus.served[doc.site.ip][doc.path]
        text = extract_text(body, content_type="text/html; charset=utf-8", charset="utf-8").text
        pages.append((doc.site.lang, len(body), text))
    extract_claims(pages[0][2], regions=regions)  # rules compiled, caches warm
    topic_net()  # the model loaded once per process, as in a run
    out(f"Claim extraction on {len(pages)} pages of bench/corpus.py (CPU time per page)")
    for lang in ("en", "zh"):
        mine = [p for p in pages if p[0] == lang]
        per_page, per_unit = [], []
        for _, size, text in mine:
            started = time.process_time()
            extract_claims(text, regions=regions)
            spent = (time.process_time() - started) * 1000
            per_page.append(spent)
            per_unit.append(spent * PAGE_UNIT / size)
        out(f"  {lang}: {figures(per_page)} ms per page; {figures(per_unit)} ms per 13 KB "
            f"(pages of {statistics.mean(s for _, s, _ in mine) / 1024:.1f} KB on average)")
    rules_ms, net_ms = [], []
    for _, _, text in pages[:50]:
        units = text_units(text)
        started = time.process_time()
        for unit in units:
            rule_topics(text, unit.start, unit.end)
        rules_ms.append((time.process_time() - started) * 1000)
        started = time.process_time()
        for unit in units:
            sentence_topics(text, unit.start, unit.end)
        net_ms.append((time.process_time() - started) * 1000)
    out(f"Topics of every sentence of a changed page: rules {figures(rules_ms)} ms, "
        f"rules and topic net {figures(net_ms)} ms per page")
    return 0


def figures(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    median, mean = statistics.median(ordered), statistics.mean(ordered)
    return f"median {median:.1f}, mean {mean:.1f}, p90 {p90:.1f}"


if __name__ == "__main__":
    sys.exit(main())
