"""The compare stage's bounded work per page (issue 15): each version of a page is compared
sentence by sentence up to extract.compare_max_chars characters (and MAX_UNITS sentences), the
rest as one block, and the change says so; repeated sentences do not make the alignment
quadratic. The tests assert outcomes, never timings (bench/compare.py prints those)."""

from __future__ import annotations

from datetime import UTC, datetime

from db.models import RegionNames
from extract.align import CompareLimits, align_texts, text_units
from extract.claims import extract_claims, sentence_scopes
from extract.noise import normalised_hash
from monitor.alerts.changes import MAX_DIFF_CHARS, Page, classify

REGIONS = [RegionNames("xiamen", ("Xiamen", "厦门"))]
SMALL = CompareLimits(max_chars=2_000, max_units=50)


def page(snapshot_id: int, text: str) -> Page:
    claims = tuple(extract_claims(text, regions=REGIONS, source_regions=["xiamen"]))
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    return Page(snapshot_id, "http://x/", fetched, text, normalised_hash(text), claims)


def scoper(text: str, until: int):  # type: ignore[no-untyped-def]
    return sentence_scopes(text, regions=REGIONS, source_regions=["xiamen"], until=until)


def filler(count: int, word: str = "plain") -> str:
    return "\n".join(f"Line {i} of the {word} report says nothing new." for i in range(count))


def test_a_text_within_the_limits_is_compared_whole() -> None:
    text = filler(10)
    after = text.replace("Line 3 ", "Row 3 ")
    alignment = align_texts(text, after, SMALL)
    assert (alignment.cut, alignment.compared) == (None, (len(text), len(after)))
    assert len(alignment.blocks) == 1


def test_past_the_character_limit_the_rest_is_one_unit() -> None:
    text = filler(200)  # about 9,000 characters
    units = text_units(text, CompareLimits(max_chars=2_000))
    head, rest = units[:-1], units[-1]
    assert all(u.end <= 2_000 for u in head)
    assert (rest.start, rest.end) == (head[-1].end, len(text))
    assert text[head[-1].end : head[-1].end + 1] == "\n"  # cut at a line break


def test_past_the_sentence_limit_the_rest_is_one_unit() -> None:
    units = text_units(filler(120), CompareLimits(max_chars=100_000, max_units=50))
    assert len(units) == 50
    assert units[-1].end == len(filler(120))


def test_a_change_past_the_limit_is_one_block_and_the_cut_is_told() -> None:
    before = filler(200)
    after = before.replace("Line 150 of", "Line 150, revised, of")
    alignment = align_texts(before, after, SMALL)
    [block] = alignment.blocks
    assert [u.end for u in block.before] == [len(before)]
    assert [u.end for u in block.after] == [len(after)]
    assert alignment.cut is not None
    assert "extract.compare_max_chars 2000" in alignment.cut
    assert alignment.compared[0] <= 2_000


def test_a_noise_change_within_the_limit_and_equal_rests_are_no_change() -> None:
    before = "Updated 3 May 2024\n" + filler(200)
    after = before.replace("3 May 2024", "9 June 2025")
    assert align_texts(before, after, SMALL).blocks == ()


def test_repeated_sentences_are_aligned_one_by_one_when_few_change() -> None:
    one, two = "Xiamen scores points.", "Shanghai runs a blacklist."
    before = "\n".join(one if i % 2 else two for i in range(1_500))
    after = before.replace(one, "Xiamen scores people.", 30)
    alignment = align_texts(before, after)
    assert alignment.cut is None
    assert [after[u.start : u.end] for u in alignment.after] == ["Xiamen scores people."] * 30
    assert [before[u.start : u.end] for u in alignment.before] == [one] * 30


def test_repeated_sentences_changed_throughout_are_one_block_and_told() -> None:
    """Two sentences alternating thousands of times, changed all along (difflib's matcher
    took four minutes on 5,000 of them): the stretch between the first and the last change is one
    block, and the alignment says why."""
    one, two = "Xiamen scores points.", "Shanghai runs a blacklist."
    before = "\n".join(one if i % 2 else two for i in range(1_500))
    after = "\n".join(
        ("Xiamen scores people." if i % 40 == 1 else one) if i % 2 else two for i in range(1_500)
    )
    [block] = align_texts(before, after).blocks
    assert after[block.after[0].start : block.after[0].end] == "Xiamen scores people."
    assert after[block.after[-1].start : block.after[-1].end] == "Xiamen scores people."
    assert len(block.before) == len(block.after) == 1_481
    assert "repeat each other too often" in (align_texts(before, after).cut or "")


def test_classify_records_the_cut_in_its_diff_and_extra() -> None:
    """A claim past the limit still counts (its sentence is in the changed rest), the diff
    covers the compared part and ends saying where comparison stopped."""
    before = filler(200) + "\nXiamen residents may opt out of the Bailu score."
    after = filler(200, "revised") + "\nXiamen residents may not opt out of the Bailu score."
    change = classify("src", page(1, before), page(2, after), scoper, SMALL)
    assert change.extra["compared"] == align_texts(before, after, SMALL).cut
    assert change.diff.splitlines()[-1].startswith("... (compared sentence by sentence up to")
    assert len(change.diff) <= MAX_DIFF_CHARS
    assert ("xiamen", "opt_out") in {(c.region, c.attribute) for c in change.claim_changes}
