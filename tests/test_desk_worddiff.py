"""Word-level diffs (monitor/desk/worddiff.py) and their HTML (monitor/desk/markup.py):
Chinese compared by character, English by word, never by line; text always escaped."""

from __future__ import annotations

import time

import pytest
from markupsafe import Markup

from monitor.desk.markup import inline_html, marked, quote_spans, safe_href, side_html
from monitor.desk.worddiff import DiffPiece, Hunk, diff_words, hunks, tokens

FILLER = "白鹭分是厦门市的个人信用积分，依据公共信用信息计算，用于守信激励和便民服务。"


def long_paragraph(middle: str) -> str:
    """About 2,000 characters of Chinese in one paragraph (no line breaks), `middle` inside."""
    half = (FILLER * 40)[:990]
    return half + middle + half


def test_one_word_changed_in_a_2000_character_chinese_paragraph_is_that_word() -> None:
    before = long_paragraph("市民参与白鹭分完全自愿，可以随时申请退出。")
    after = long_paragraph("市民参与白鹭分完全强制，可以随时申请退出。")
    assert len(before) == 2001
    assert "\n" not in before
    started = time.process_time()  # CPU time: the work done, however loaded the machine
    diff = diff_words(before, after)
    elapsed = time.process_time() - started
    assert (diff.deleted, diff.inserted) == (["自愿"], ["强制"])
    highlighted = sum(len(p.text) for p in diff.pieces if p.op != "equal")
    assert highlighted == 4  # two characters out, two in: nothing else of the 2,001
    assert elapsed < 1.0


def test_an_inserted_chinese_phrase_is_only_that_phrase() -> None:
    before = long_paragraph("福州市茉莉分较低的市民不会因此受到惩戒。")
    after = long_paragraph("自2021年2月起，福州市茉莉分较低的市民不会因此受到惩戒。")
    diff = diff_words(before, after)
    assert (diff.deleted, diff.inserted) == ([], ["自2021年2月起，"])


def test_english_is_compared_by_word() -> None:
    diff = diff_words(
        "The app draws on 3,000 items of information from 100 bodies.",
        "The app now draws on 5,000 items of information from 100 bodies.",
    )
    assert (diff.deleted, diff.inserted) == (["3,000"], ["now ", "5,000"])


def test_tokens_cut_chinese_into_characters_and_english_into_words() -> None:
    assert tokens("白鹭分app 3,000 items") == ["白", "鹭", "分", "app", " ", "3,000", " ", "items"]


def test_offsets_point_into_both_texts() -> None:
    diff = diff_words("甲乙丙丁戊", "甲乙X丁戊")
    for piece in diff.pieces:
        if piece.op != "insert":
            assert diff.before[piece.before_at : piece.before_at + len(piece.text)] == piece.text
        if piece.op != "delete":
            assert diff.after[piece.after_at : piece.after_at + len(piece.text)] == piece.text


def test_hunks_keep_context_and_cut_the_rest() -> None:
    before = "一" * 500 + "自愿" + "二" * 500 + "公开" + "三" * 500
    after = "一" * 500 + "强制" + "二" * 500 + "保密" + "三" * 500
    found = hunks(diff_words(before, after), context=20)
    assert len(found) == 2
    first = found[0]
    assert (first.cut_before, first.cut_after) == (True, True)
    assert [p.op for p in first.pieces] == ["equal", "delete", "insert", "equal"]
    assert first.pieces[0].text == "一" * 20
    assert first.pieces[-1].text == "二" * 20
    assert len(hunks(diff_words(before, after), context=300)) == 1  # close changes: one hunk


def test_identical_texts_have_no_hunks() -> None:
    diff = diff_words("同一段文字。", "同一段文字。")
    assert not diff.changed
    assert hunks(diff) == []


def test_markup_escapes_and_marks_words_and_quotes() -> None:
    hunk = Hunk(
        (
            DiffPiece("equal", "<b>x</b> ", 0, 0),
            DiffPiece("delete", "old<script>", 9, 9),
            DiffPiece("insert", 'new"onerror=', 20, 9),
        ),
        cut_before=False,
        cut_after=True,
    )
    html = inline_html(hunk, [], [(0, 3)])
    assert isinstance(html, Markup)
    assert str(html) == (
        '<mark class="evidence">&lt;b&gt;</mark>x&lt;/b&gt; <del>old&lt;script&gt;</del>'
        "<ins>new&#34;onerror=</ins>"
        '<span class="gap" title="unchanged text left out">…</span>'
    )
    assert "<ins>" not in str(side_html(hunk, "before", []))
    assert "<del>" not in str(side_html(hunk, "after", []))


def test_quote_spans_and_marked_text() -> None:
    text = "答：福州市现将茉莉分负面指标清单向社会公开。清单共50项"
    spans = quote_spans(text, ["福州市现将茉莉分负面指标清单向社会公开。", None, "not there"])
    assert spans == [(2, 22)]
    assert (
        str(marked(text[:6], 0, spans, "ins"))
        == '<ins>答：<mark class="evidence">福州市现</mark></ins>'
    )


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://credit.xm.gov.cn/a", "https://credit.xm.gov.cn/a"),
        ("http://example.org/", "http://example.org/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_links_are_offered(url: str | None, safe: str | None) -> None:
    assert safe_href(url) == safe
