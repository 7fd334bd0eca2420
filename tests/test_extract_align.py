"""extract/align.py: which sentences changed between two versions of a text."""

from __future__ import annotations

from extract.align import align_texts, text_units, unit_key

BEFORE = (
    "# Xiamen\n\n"
    "The Bailu score started in 2018. Residents with high scores rent bikes without a deposit.\n"
    "Updated 3 May 2024\n"
    "A low score brings no penalty."
)


def changed(before: str, after: str) -> tuple[list[str], list[str]]:
    alignment = align_texts(before, after)
    return (
        [before[u.start : u.end] for u in alignment.before],
        [after[u.start : u.end] for u in alignment.after],
    )


def test_identical_texts_have_no_changed_block() -> None:
    assert align_texts(BEFORE, BEFORE).blocks == ()


def test_noise_and_spacing_changes_are_not_changes() -> None:
    after = BEFORE.replace("3 May 2024", "9 June 2025").replace("bikes  ", "bikes ")
    after = after.replace("The Bailu", "The  Bailu")
    assert align_texts(BEFORE, after).blocks == ()


def test_one_changed_sentence_is_the_only_change() -> None:
    after = BEFORE.replace("brings no penalty", "may bring trouble getting a loan")
    assert changed(BEFORE, after) == (
        ["A low score brings no penalty."],
        ["A low score may bring trouble getting a loan."],
    )


def test_an_inserted_sentence_is_a_block_of_its_own() -> None:
    after = BEFORE.replace("in 2018.", "in 2018. It is voluntary.")
    assert changed(BEFORE, after) == ([], ["It is voluntary."])


def test_a_moved_sentence_shows_as_deleted_and_inserted() -> None:
    after = "A low score brings no penalty.\n" + BEFORE.replace(
        "A low score brings no penalty.", ""
    )
    old, new = changed(BEFORE, after)
    assert "A low score brings no penalty." in old
    assert "A low score brings no penalty." in new


def test_chinese_sentences_align_by_content() -> None:
    before = "厦门推出白鹭分。高分市民借书免押金。低分市民不会受到惩戒。"
    after = "厦门推出白鹭分。高分市民借书免押金。低分市民可能被限制贷款。"
    assert changed(before, after) == (["低分市民不会受到惩戒。"], ["低分市民可能被限制贷款。"])


def test_units_carry_offsets_into_the_text() -> None:
    for unit in text_units(BEFORE):
        assert unit.key == unit_key(BEFORE[unit.start : unit.end])


def test_a_huge_text_is_bounded() -> None:
    text = " ".join(f"Sentence number {i} says something." for i in range(12_000))
    units = text_units(text)
    assert len(units) <= 5_000
    assert units[-1].end == len(text)


def test_a_sentence_edited_in_place_is_cut_but_one_recast_is_not() -> None:
    before = (
        "Benefits include free bike hire, priority service and cheaper bus fares. It began in 2018."
    )
    edited = before.replace(", priority service and", " and")
    recast = (
        "Those who score well ride buses for less and borrow bikes at no cost. It began in 2018."
    )
    deleted = "It began in 2018."
    start = 0  # the benefits sentence
    assert align_texts(before, edited).cut_before(start)
    assert align_texts(before, deleted).cut_before(start)
    assert not align_texts(before, recast).cut_before(start)
    assert not align_texts(before, edited).cut_before(before.index("It began"))
    zh = "高分市民可以免押金借书、优先办理业务。"
    assert align_texts(zh, "高分市民可以免押金借书。").cut_before(0)


def test_claims_move_with_their_sentences_when_only_noise_changed() -> None:
    from db.models import RegionNames
    from extract.align import carried_claims
    from extract.claims import extract_claims

    regions = [RegionNames("xiamen", ("Xiamen", "厦门"))]
    old = BEFORE
    new = BEFORE.replace("3 May 2024", "19 June 2025").replace("The Bailu", "The  Bailu")
    claims = extract_claims(old, regions=regions)
    assert claims
    moved = carried_claims(old, new, claims)
    assert moved is not None
    fresh = extract_claims(new, regions=regions)
    assert [(c.attribute, c.evidence.quote, c.evidence.start) for c in moved] == [
        (c.attribute, c.evidence.quote, c.evidence.start) for c in fresh
    ]
    edited = BEFORE.replace("brings no penalty", "may bring trouble getting a loan")
    assert carried_claims(old, edited, claims) is None
