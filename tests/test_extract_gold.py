"""The labelled gold set (monitor/gold/data/, docs/attributes.md) scored by monitor.gold.evaluate.

Two splits: `dev` (the rules are tuned against it) and `test` (written by helpers who had not
read the rules, given only docs/attributes.md and real sources; only ever scored). Floors only
rise: when the extractor gets better, raise them to the new scores (rounded down). A test
passage that shows a bug is left as it is; the fix gets a new dev passage in our own words.
"""

from __future__ import annotations

import pytest

from db.models import ATTRIBUTES
from extract.claims import extract_claims
from monitor.gold.evaluate import GOLD_DIR, evaluate_gold, load_gold

# split -> (precision, recall, right-scope share) floors, measured on 2026-12-05, extractor
# 1.5.0 (dev, 1,035 passages with the blind batch d17: 0.940 / 0.873 / 0.950; test, 275:
# 0.848 / 0.748 / 0.885). When a split grows, its floors are set again from the new figures.
FLOORS = {
    "dev": (0.94, 0.88, 0.95),
    "test": (0.89, 0.84, 0.91),
}
# Raised again 2026-12-07 (extractor 1.171.0): test as shipped 0.902 / 0.854 / 0.921 (rules alone
# 0.915 / 0.836 / 0.926); recall keeps its floor, since the learned reading moves a few claims
# each time it is retrained.
# Raised 2026-12-07 (extractor 1.159.0): dev, 2,390 passages, rules alone 0.945 / 0.886 / 0.956;
# test as shipped 0.874 / 0.853 / 0.895 (rules alone 0.888 / 0.831 / 0.906).
# The test scope floor went from 0.85 to 0.84 once: pay-after-treatment stopped counting as a
# deposit waived (docs/attributes.md), which removed claims whose region and attribute were right.


# The learned reading (extract/learned.py) is trained on dev: dev's floors are the rules' alone
# (with it, dev is in-sample; `evaluate --learned` measures it on held-out folds), test's are
# the extractor's as it ships. Test recall went from 0.74 to 0.81 with it (2026-12-06,
# extractor 1.109.0: 0.851 / 0.813 / 0.882; the rules alone 0.866 / 0.782).


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_gold_scores_stay_above_the_floors(split: str) -> None:
    result = evaluate_gold(GOLD_DIR, split, learned=split == "test")
    precision, recall, scope = FLOORS[split]
    mistakes = "\n".join(str(m) for m in result.mistakes)  # the test split's are never listed
    assert result.overall.precision >= precision, mistakes
    assert result.overall.recall >= recall, mistakes
    assert result.scope.share >= scope, mistakes


def test_gold_set_covers_every_attribute_both_languages_and_the_traps() -> None:
    _, passages = load_gold(GOLD_DIR)
    assert len(passages) >= 400
    assert {attribute for p in passages for _, attribute, _ in p.expected} == set(ATTRIBUTES)
    assert sum(p.language == "zh" for p in passages) >= 20
    assert sum(not p.expected for p in passages) >= 8
    assert {value for p in passages for _, _, value in p.expected} >= {
        "yes",
        "no",
        "unknown",
        "partial",
    }


@pytest.mark.parametrize("split", ["dev", "test"])
def test_every_new_passage_names_a_real_source_and_a_shape(split: str) -> None:
    _, passages = load_gold(GOLD_DIR, split)
    written = [p for p in passages if not p.id.startswith(("en-", "zh-", "ho-"))]
    assert len(written) >= 100
    for passage in written:
        assert passage.source_url.startswith(("http://", "https://")), passage.id
        assert passage.shape, passage.id


def test_every_gold_claim_quotes_its_passage() -> None:
    regions, passages = load_gold(GOLD_DIR)
    for passage in passages:
        for claim in extract_claims(
            passage.text, regions=regions, source_regions=passage.source_regions
        ):
            evidence = claim.evidence
            assert evidence.quote == passage.text[evidence.start : evidence.end], passage.id
