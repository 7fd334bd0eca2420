"""Work a comparison leaves out changes no answer: scopes walked only up to the last sentence
asked for (`sentence_scopes(..., until=)`), page terms searched behind the prefilter."""

from __future__ import annotations

from extract.claims import sentence_scopes
from monitor.gold.evaluate import GOLD_DIR, load_gold


def test_a_walk_cut_short_gives_the_same_scopes_to_the_sentences_it_reaches() -> None:
    regions, passages = load_gold(GOLD_DIR, "dev")
    checked = 0
    for passage in passages[::7]:
        whole = sentence_scopes(
            passage.text, regions=regions, source_regions=passage.source_regions
        )
        if len(whole) < 3:
            continue
        for cut in (whole[1].start, whole[len(whole) // 2].end, whole[-1].start):
            short = sentence_scopes(
                passage.text, regions=regions, source_regions=passage.source_regions, until=cut
            )
            assert short == [s for s in whole if s.start < cut], passage.id
            checked += 1
    assert checked > 100


def test_page_terms_finds_every_term_a_search_of_all_of_them_finds() -> None:
    """extract/topics.py `page_terms` searches only the terms whose strings a page holds."""
    from extract.prefilter import fold
    from extract.rules import load_ruleset
    from extract.structure import analysis_text
    from extract.topics import page_terms

    terms = load_ruleset().terms
    _, passages = load_gold(GOLD_DIR)
    for passage in passages[::5]:
        folded = fold(analysis_text(passage.text))
        every = {(t.vocabulary, t.canonical) for t in terms if t.pattern.search(folded)}
        assert page_terms(passage.text) == every, passage.id
