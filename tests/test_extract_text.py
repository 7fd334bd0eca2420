"""extract/text.py: bytes -> main text (HTML, PDF, plain), decoding, redaction, failures.

Golden cases live in tests/golden/text/<case>/: an input file, meta.json (content type, the
recorded charset, the extractor expected) and expected.txt. `pytest --update-golden` rewrites
expected.txt from the current extractor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import ExtractError
from extract.text import canonical_charset, decode_body, extract_text, reflow, sniff_kind

GOLDEN = Path(__file__).resolve().parent / "golden" / "text"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_text(case: Path, update_golden: bool) -> None:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    result = extract_text(
        (case / meta["input"]).read_bytes(),
        content_type=meta["content_type"],
        charset=meta["charset"],
    )
    expected = case / "expected.txt"
    if update_golden:
        expected.write_text(result.text + "\n", encoding="utf-8")
    assert result.extractor == meta["extractor"]
    assert result.text == expected.read_text(encoding="utf-8").rstrip("\n")


def test_gbk_page_decodes_to_chinese_with_or_without_a_recorded_charset() -> None:
    for name in ("zh_gbk_recorded", "zh_gbk_meta_only", "zh_gbk_weak_header"):
        meta = json.loads((GOLDEN / name / "meta.json").read_text(encoding="utf-8"))
        result = extract_text(
            (GOLDEN / name / "page.html").read_bytes(),
            content_type=meta["content_type"],
            charset=meta["charset"],
        )
        assert "白鹭分是厦门市推出的个人信用积分" in result.text, name
        assert result.encoding == "gb18030"


def test_region_headings_stay_on_lines_of_their_own() -> None:
    html = (GOLDEN / "en_headings" / "page.html").read_bytes()
    lines = extract_text(html, content_type="text/html", charset="utf-8").text.splitlines()
    assert "Xiamen" in lines
    assert "Fuzhou" in lines
    assert any(line.endswith("according to a report.") for line in lines)


def test_pdf_lines_are_reflowed_into_sentences() -> None:
    pdf = (GOLDEN / "pdf_report" / "report.pdf").read_bytes()
    text = extract_text(pdf, content_type=None, charset=None).text
    assert "restrictions on consumption and on loans" in text
    assert "No information is available on rewards." in text


def test_pdf_reflow_ends_a_paragraph_where_structure_does_and_keeps_list_items_apart() -> None:
    """A line ending in a bracket or a quote wraps on; a line starting with a list marker
    (`+` too) starts its own line: the same line shapes extract/structure.py reads."""
    page = (
        "The city scores its residents on their conduct (traffic, taxes\n"
        'and volunteering) and lists the "Honest Xiamen" residents each\n'
        "month on the portal of the municipal credit centre (Xiamen)\n"
        "and in the newspaper. Those with high scores get benefits such as\n"
        "+ cheaper parking and library deposits waived for a whole year\n"
        "+ priority at the city's service windows and public hospitals\n"
    )
    assert reflow(page).split("\n") == [
        "The city scores its residents on their conduct (traffic, taxes and volunteering) and "
        'lists the "Honest Xiamen" residents each month on the portal of the municipal credit '
        "centre (Xiamen) and in the newspaper. Those with high scores get benefits such as",
        "+ cheaper parking and library deposits waived for a whole year",
        "+ priority at the city's service windows and public hospitals",
        "",
    ]


def test_personal_identifiers_are_redacted() -> None:
    body = "拨打13812345678，身份证号35020319850101123X。".encode()
    text = extract_text(body, content_type="text/plain", charset="utf-8").text
    assert "13812345678" not in text
    assert "35020319850101123X" not in text
    assert "[phone redacted]" in text
    assert "[ID redacted]" in text


@pytest.mark.parametrize(
    ("body", "content_type", "url", "kind"),
    [
        (b"%PDF-1.4 ...", None, None, "pdf"),
        (b"anything", "application/pdf", None, "pdf"),
        (b"<p>hi</p>", "text/plain", None, "plain"),
        (b"<!DOCTYPE html><html></html>", None, None, "html"),
        (b"\xef\xbb\xbf<html><body>x</body></html>", None, None, "html"),
        (b"plain words", None, "http://x.test/a.pdf", "pdf"),
        (b"plain words", None, "http://x.test/a.shtml", "html"),
        (b"plain words", None, None, "plain"),
    ],
    ids=[
        "pdf-magic",
        "pdf-type",
        "typed-plain",
        "doctype",
        "bom-html",
        "pdf-url",
        "html-url",
        "plain",
    ],
)
def test_sniff_kind(body: bytes, content_type: str | None, url: str | None, kind: str) -> None:
    assert sniff_kind(body, content_type, url) == kind


@pytest.mark.parametrize(
    ("raw", "charset", "expected", "encoding"),
    [
        ("厦门".encode("gbk"), "GB2312", "厦门", "gb18030"),
        ("厦门".encode(), None, "厦门", "utf-8"),
        ("厦门".encode("gbk"), None, "厦门", "gb18030"),
        ("厦门".encode("gbk"), "utf-8", "厦门", "gb18030"),
        ("café".encode("latin-1"), "iso-8859-1", "café", "iso-8859-1"),
        ("\ufeff厦门".encode(), None, "厦门", "utf-8"),
        ("厦门".encode("utf-16"), None, "厦门", "utf-16"),
        ("厦门".encode(), "no-such-charset", "厦门", "utf-8"),
    ],
    ids=[
        "gbk-label",
        "utf8",
        "gbk-unlabelled",
        "mislabelled-utf8",
        "latin1",
        "bom",
        "utf16-bom",
        "unknown-label",
    ],
)
def test_decode_body(raw: bytes, charset: str | None, expected: str, encoding: str) -> None:
    assert decode_body(raw, charset, html_hint=False) == (expected, encoding)


def test_canonical_charset_names() -> None:
    assert canonical_charset("GBK") == "gb18030"
    assert canonical_charset('"UTF8"') == "utf-8"
    assert canonical_charset("bogus") is None
    assert canonical_charset(None) is None


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"%PDF-1.4\nnot really a pdf", "application/pdf", "unreadable PDF"),
        (b"\x00\x01\x02\x03binary", "application/octet-stream", "binary content"),
    ],
    ids=["broken-pdf", "binary"],
)
def test_malformed_input_raises_extract_error(body: bytes, content_type: str, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_text(body, content_type=content_type, charset=None)


def test_an_empty_page_is_empty_text_not_an_error() -> None:
    result = extract_text(b"<html><body></body></html>", content_type="text/html", charset=None)
    assert result.text == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=300),
    kind=st.sampled_from(["text/html", "application/pdf", "text/plain", None]),
)
def test_arbitrary_bytes_raise_nothing_but_extract_error(body: bytes, kind: str | None) -> None:
    try:
        result = extract_text(body, content_type=kind, charset=None)
    except ExtractError:
        return
    assert isinstance(result.text, str)


def posts_page(posts: list[str], main: str | None = None) -> bytes:
    body = "".join(
        f'<article class="message"><div class="user">member{i}</div><div class="body"><p>{p}</p>'
        "</div></article>\n"
        for i, p in enumerate(posts)
    )
    lead = f"<article><h1>Story</h1><p>{main}</p></article>" if main else ""
    return f"<html><head><title>Thread</title></head><body>{lead}{body}</body></html>".encode()


FILLER = "Harvest figures came in and prices at the cotton exchange held steady all month. "


def test_every_post_of_a_thread_is_read_not_only_the_first() -> None:
    posts = [FILLER * 3, FILLER * 2, "In Urumqi, checkpoints read ID cards at the station. " * 3]
    text = extract_text(posts_page(posts), content_type="text/html", charset="utf-8").text
    assert "checkpoints read ID cards" in text, text


def test_a_story_beside_teasers_of_other_stories_keeps_to_its_own_text() -> None:
    story = "Xiamen's Bailu score now waives deposits for residents with good records. " * 12
    teasers = ["Other story: a new metro line opens.", "Other story: rain all week."]
    page = posts_page(teasers, main=story)
    text = extract_text(page, content_type="text/html", charset="utf-8").text
    assert "waives deposits" in text, text
    assert "metro line" not in text, text


def test_many_unclosed_article_tags_are_read_quickly() -> None:
    markup = ("<article><p>" + "<b" * 20_000 + "</p>") * 3
    # the share of text the articles hold is counted in one pass; nothing is quadratic here
    page = f"<html><body>{markup}</body></html>".encode()
    text = extract_text(page, content_type="text/html", charset="utf-8")
    assert isinstance(text.text, str)


def test_pdf_reflow_joins_a_short_line_that_the_next_line_continues_in_lower_case() -> None:
    """A PDF's wrap can leave a sentence's first words on a short line ("In fact the
    national"); the next line opening in lower case carries the sentence on."""
    page = (
        "Much of what is written abroad assumes that every citizen carries\n"
        "one single number.\n"
        "In fact the national\n"
        "blacklist regime does not compute a score of any kind, and the\n"
        "city scores are separate schemes.\n"
        "Chapter 4\n"
        "City scores\n"
    )
    lines = reflow(page).split("\n")
    joined = (
        "In fact the national blacklist regime does not compute a score of any kind, and "
        "the city scores are separate schemes."
    )
    assert joined in lines, lines
    assert "Chapter 4" in lines, lines
    assert "City scores" in lines, lines
