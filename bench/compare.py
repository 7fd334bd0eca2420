"""The compare stage's cost for one page on hostile and long texts (issue 15): prints, for
each case, the seconds taken by the sentence alignment (extract/align.py) and by the whole
classification of the page's change with a sentence scoper (monitor/alerts/changes.py), as a
run does it, under the default limits (extract.compare_max_chars, MAX_UNITS, MAX_PAIRS).

    python bench/compare.py [--only NAME ...]

Not a test: it asserts nothing and prints figures (they vary with the machine's load).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from db.models import RegionNames
from extract.align import align_texts
from extract.claims import sentence_scopes
from extract.noise import normalised_hash
from monitor.alerts.changes import Page, classify

REGIONS = [RegionNames("xiamen", ("Xiamen", "厦门")), RegionNames("shanghai", ("Shanghai", "上海"))]
HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
SENTENCE = "Xiamen residents on the blacklist cannot fly."


def hanzi(version: str) -> str:
    """2,000,000 Chinese characters, no punctuation (a page cut at extract.max_chars)."""
    return "".join(random.Random(version).choices(HANZI, k=2_000_000))


def wordy(version: str) -> str:
    """1.9 million characters of distinct sentences, one per line."""
    line = "Under rule {i} of version {v}, Xiamen residents on the blacklist cannot fly."
    return "\n".join(line.format(i=i, v=version) for i in range(25_000))


def alternating(changed: bool) -> str:
    """Two sentences alternating 40,000 times; the second version changes every 40th."""
    one, two = "Xiamen scores points.", "Shanghai runs a blacklist."
    new = "Xiamen scores people."
    return "\n".join(
        (new if changed and i % 40 == 1 else one) if i % 2 else two for i in range(40_000)
    )


CASES: dict[str, Callable[[], tuple[str, str]]] = {
    "hanzi-2m-cut": lambda: (hanzi("v1"), hanzi("v2")),
    "token-1m": lambda: tuple(  # type: ignore[return-value]
        "".join(random.Random(v).choices("abcdefghij0123456789", k=1_000_000)) for v in "12"
    ),
    "wordy-1.9m": lambda: (wordy("v1"), wordy("v2")),
    "same-sentence-5000": lambda: (
        "\n".join([SENTENCE] * 5000),
        "\n".join([SENTENCE] * 2500 + ["Xiamen residents may now opt out."] + [SENTENCE] * 2499),
    ),
    "short-lines-200k": lambda: (
        "\n".join(["a."] * 200_000),
        "\n".join(["a."] * 100_000 + ["b."] + ["a."] * 99_999),
    ),
    "alternating-40k": lambda: (alternating(False), alternating(True)),
}


def page(snapshot_id: int, text: str) -> Page:
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    return Page(snapshot_id, "http://bench/", fetched, text, normalised_hash(text))


def scoper(text: str):  # type: ignore[no-untyped-def]
    return sentence_scopes(text, regions=REGIONS, source_regions=["xiamen"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    classify("warm", page(1, "Xiamen: a."), page(2, "Xiamen: b."), scoper)  # rules compiled
    sys.stdout.write(f"{'case':<20} {'chars':>9} {'align s':>8} {'classify s':>10}  layer, cut\n")
    for name, make in CASES.items():
        if args.only and name not in args.only:
            continue
        before, after = make()
        start = time.perf_counter()
        alignment = align_texts(before, after)
        aligned = time.perf_counter() - start
        old, new = page(1, before), page(2, after)  # hashed at extraction, not here
        start = time.perf_counter()
        change = classify("bench", old, new, scoper)
        classified = time.perf_counter() - start
        cut = "cut" if alignment.cut else "whole"
        figures = f"{len(after):>9} {aligned:>8.2f} {classified:>10.2f}"
        sys.stdout.write(f"{name:<20} {figures}  {change.layer}, {cut}\n")


if __name__ == "__main__":
    main()
