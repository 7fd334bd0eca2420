"""extract/spelling.py and its use in extract/align.py: a misspelling corrected is no change."""

from __future__ import annotations

import pytest

from extract.align import align_texts, unit_key
from extract.spelling import distance, respelt


def keys(old: str, new: str) -> tuple[str, str]:
    return unit_key(old), unit_key(new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The app flags people it deems suspicous.", "The app flags people it deems suspicious."),
        ("Offenders are shwon on a screen.", "Offenders are shown on a screen."),
        (
            "Residents can apply for a loan with no deposti.",
            "Residents can apply for a loan with no deposit.",
        ),
        ("Cameras recognise faces.", "Cameras recognize faces."),  # a spelling, not a word
        ("Recieve a discount and a refund.", "Receive a discount and a refund."),
        ("Firms were fined 3 millon yuan.", "Firms were fined 3 million yuan."),
        ("Data from thirten agencies.", "Data from thirteen agencies."),
        ("The organisation keeps the list.", "The organization keeps the list."),
        ("The list is updated evrey month.", "The list is updated every month."),
    ],
)
def test_a_misspelling_corrected_is_respelt(old: str, new: str) -> None:
    assert respelt(*keys(old, new))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Offenders are now shown on a screen.", "Offenders are not shown on a screen."),
        ("The act is legal.", "The act is illegal."),
        ("Drivers were unfined.", "Drivers were fined."),  # a prefix that turns it over
        ("Data is uncrypted.", "Data is encrypted."),
        ("Residents couldnt opt out.", "Residents could opt out."),  # n't lost
        ("Residents dont opt out.", "Residents done opt out."),
        ("Firms were fined 3 millon yuan.", "Firms were fined 3 billion yuan."),  # not the nearest
        ("Data from thirten agencies.", "Data from thirty agencies."),
        ("The law was apealed.", "The law was repealed."),
        ("Firms recieve a penalty.", "Firms relieve a penalty."),  # not the likeliest
        ("Firms are penalised.", "Firms are penalizes."),
        ("Tencent runs the score.", "Tenant runs the score."),
        ("The act is ilegal.", "The act is legal."),  # illegal or legal? either
        ("The act is ilegal.", "The act is illegal."),
        ("Data is shared nlawfully.", "Data is shared lawfully."),
        ("The app flags people it deems suspicous.", "The app flags people it deems suspicious!"),
        ("The app flags people it deems suspicous.", "The app flags people it deems odd."),
        (
            "The app flags 3 people it deems suspicous.",
            "The app flags 4 people it deems suspicious.",
        ),
        ("Fined.", "Fined."),
        ("Xiamen residents", "Xiaman residents"),  # neither a word: a name, not a typo fixed
        ("A loan at a rate of fvie.", "A loan at a rate of five and more."),
        ("不诚信的人受到限制。", "不守信的人受到限制。"),
        (
            "a b c d suspicous malicous gracous dangerus",
            "a b c d suspicious malicious gracious dangerous",
        ),
    ],
)
def test_other_edits_are_not(old: str, new: str) -> None:
    assert not respelt(*keys(old, new))


def test_distance_counts_a_swap_as_one_and_stops_at_the_limit() -> None:
    assert distance("deposti", "deposit", 1) == 1
    assert distance("suspicous", "suspicious", 2) == 1
    assert distance("abcdefgh", "zyxwvuts", 2) == 3


def test_a_respelt_sentence_is_in_no_changed_block_but_the_text_changed() -> None:
    before = (
        "The app flags people it deems suspicous. Bikes are rented. A low score brings no fine."
    )
    after = "The app flags people it deems suspicious. Bikes are rented. A low score brings a fine."
    alignment = align_texts(before, after)
    assert [after[u.start : u.end] for u in alignment.after] == ["A low score brings a fine."]
    [(_, new)] = alignment.respelt
    assert after[new.start : new.end] == "The app flags people it deems suspicious."
    only = align_texts(before, before.replace("suspicous", "suspicious"))
    assert only.blocks == ()
    assert only.changed


def test_a_long_string_of_letters_is_no_word() -> None:
    assert not respelt("a " + "x" * 5000 + "q", "a " + "x" * 5000 + "z")
