"""extract/noise.py: a noise-only change keeps the normalised hash, a real change moves it.

Golden page triples live in tests/golden/noise/<case>/: base.html, noise.html (the same page
with only noise changed) and change.html (one sentence of content changed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.noise import normalise_text, normalised_hash
from extract.text import extract_text

GOLDEN = Path(__file__).resolve().parent / "golden" / "noise"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def page_text(case: Path, version: str) -> str:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    body = (case / f"{version}.html").read_bytes()
    return extract_text(body, content_type=meta["content_type"], charset=meta["charset"]).text


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_noise_only_change_hashes_the_same(case: Path) -> None:
    base, noise = page_text(case, "base"), page_text(case, "noise")
    assert base != noise, "the noise version must differ in its extracted text"
    assert normalised_hash(base) == normalised_hash(noise)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_sentence_change_moves_the_hash(case: Path) -> None:
    assert normalised_hash(page_text(case, "base")) != normalised_hash(page_text(case, "change"))


# (before, after): texts that differ only in noise, in the style of trafilatura's evaldata.
SAME = [
    (
        "Posted 2024-05-03 12:00 · 1,234 views\nXiamen rewards good credit.",
        "Posted 2024-06-01 08:30 · 98 views\nXiamen rewards good credit.",
    ),
    (
        "发布时间：2024年5月3日 浏览次数：1234\n白鹭分不设惩戒。",
        "发布时间：2024年6月1日 浏览次数：5678\n白鹭分不设惩戒。",
    ),
    (
        "Last modified: 3 May 2024\nFuzhou keeps its indicators secret.",
        "Updated: May 9, 2024\nFuzhou keeps its indicators secret.",
    ),
    ("阅读量 120\n深圳公开曝光闯红灯行人。", "阅读量 9120\n深圳公开曝光闯红灯行人。"),
    # a WeChat post's counters and an archive site's tally of what it holds
    ("正文。\n阅读 3,216　在看 41", "正文。\n阅读 10万+　在看 268"),
    ("正文。\n本站已收录公众号文章 1,283,402 篇", "正文。\n本站已收录公众号文章 1,301,977 篇"),
    # a newspaper's footer with or without its technical supplier
    (
        "正文。\n日报社主办 | 本报所有内容未经许可不得转载",
        "正文。\n日报社主办 | 本报所有内容未经许可不得转载 | 技术支持:数字报刊平台",
    ),
    ("Home | News | About\nText.", "About | Home | News\nText."),
    ("首页 信用动态 政策法规 联系我们\n正文。", "首页 政策法规 信用动态 联系我们\n正文。"),
    ("We use cookies. Accept all\nText.", "Text."),
    ("Advertisement\nText.", "Sponsored\nText."),
    ("Text.\nRelated\nStory one\nStory two", "Text.\nRelated articles\nStory three"),
    ("正文。\n相关链接\n厦门白鹭分\n福州茉莉分", "正文。\n推荐阅读\n深圳信用"),
    ("Text.\n版权所有 © 2023 闽ICP备12345678号", "Text.\n版权所有 © 2024 闽ICP备12345678号-1"),
    ("Copyright 2023 Example. All rights reserved.\nText.", "Text."),
    ("**Xiamen** rewards  good credit.", "Xiamen rewards good credit."),
    ("<p>Xiamen rewards good credit.</p>", "Xiamen rewards good credit."),
    ("Xiamen rewards good credit (3 hours ago).", "Xiamen rewards good credit (yesterday)."),
    ("上一篇：关于信用修复的通知\n正文。", "下一篇：关于双公示的通知\n正文。"),
    ("【打印本页】【关闭窗口】\n正文。", "正文。"),
    ("字号：大 中 小\n正文。", "正文。"),
    ("Text.\nPage 1 of 3", "Text.\nPage 1 of 4"),
    # a header's weather
    (
        "Monday, 12 March 2018 | Xiamen 17°C, light rain | Login\nText.",
        "Wednesday, 14 March 2018 | Xiamen 21°C, cloudy | Login\nText.",
    ),
    (
        "2018年3月12日 星期一 厦门 多云 8~15℃\n正文。",
        "2018年3月13日 星期二 厦门 小雨转阴 10~13℃\n正文。",
    ),
]
DIFFERENT = [
    ("Xiamen imposes no penalty for a low score.", "Xiamen imposes penalties for a low score."),
    ("白鹭分不设惩戒。", "白鹭分设有惩戒。"),
    ("The score was launched in 2018.", "The score was launched in 2019."),
    ("The app draws on 3000 items.", "The app draws on 2000 items."),
    ("Xiamen\nThe score is voluntary.", "Fuzhou\nThe score is voluntary."),
    # a figure the text gives about a platform is content, not the site's own tally
    ("平台已收录信用信息1.2亿条。", "平台已收录信用信息1.5亿条。"),
    ("未经本人授权，不得使用其信用信息。", "未经本人授权，可以使用其信用信息。"),
]


@pytest.mark.parametrize(("before", "after"), SAME, ids=[f"same-{i}" for i in range(len(SAME))])
def test_noise_snippets_normalise_equal(before: str, after: str) -> None:
    assert normalise_text(before) == normalise_text(after)


@pytest.mark.parametrize(
    ("before", "after"), DIFFERENT, ids=[f"different-{i}" for i in range(len(DIFFERENT))]
)
def test_content_snippets_normalise_different(before: str, after: str) -> None:
    assert normalised_hash(before) != normalised_hash(after)


def test_normalised_text_keeps_the_content() -> None:
    text = "Posted 2024-05-03 · 1,234 views\n# Xiamen\nThe Bailu score is **voluntary**."
    assert normalise_text(text) == "xiamen\nthe bailu score is voluntary."
