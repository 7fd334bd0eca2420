"""UTF-16 and UTF-32, with or without a byte-order mark, are read when declared (HTTP header
or <meta>) or detectable: the crawler records the charset with its byte order, and the
stored snapshot's text is read, not rejected as binary."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.encoding import detect_charset, media_type
from db.archive import read_blob, snapshots
from db.schema import open_database
from extract.text import extract_text
from monitor.cli.app import cli
from monitor.config import load_config
from monitor.pipeline.crawl import run_crawl
from tests.sitesrv import SITES, SiteHandler, SiteServer

ZH = "厦门白鹭分不设任何惩戒措施。"
PAGE = (
    "<html><head>{meta}<title>Xiamen credit</title></head><body>"
    f"<p>Xiamen has no penalty for a low score.</p><p>{ZH}</p></body></html>"
)
BOMS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}
FAMILY = {name: name[:6] for name in BOMS}


def page(encoding: str, *, meta: bool = False, bom: bool = False) -> bytes:
    text = PAGE.format(meta=f'<meta charset="{FAMILY[encoding]}">' if meta else "")
    return (BOMS[encoding] if bom else b"") + text.encode(encoding)


@pytest.mark.parametrize("encoding", list(BOMS))
@pytest.mark.parametrize(
    ("declared_by", "bom"),
    [("header", False), ("meta", False), ("nothing", False), ("header", True), ("nothing", True)],
)
def test_wide_unicode_is_recognised(encoding: str, declared_by: str, bom: bool) -> None:
    body = page(encoding, meta=declared_by == "meta", bom=bom)
    content_type = f"text/html; charset={FAMILY[encoding]}" if declared_by == "header" else None
    charset = detect_charset(body, content_type)
    assert charset == (FAMILY[encoding] if bom else encoding)
    assert media_type(content_type, body) == "text/html"
    text = extract_text(body, content_type=content_type, charset=charset).text
    assert ZH in text
    assert "no penalty for a low score" in text


@pytest.mark.parametrize("encoding", list(BOMS))
def test_all_cjk_text_declared_wide_is_read_in_the_right_byte_order(encoding: str) -> None:
    """No ASCII, so no NUL bytes to tell the order by: the order whose text is Chinese wins."""
    body = ("信用" + ZH * 3).encode(encoding)
    content_type = f"text/plain; charset={FAMILY[encoding]}"
    charset = detect_charset(body, content_type)
    assert charset == encoding
    assert ZH in extract_text(body, content_type=content_type, charset=charset).text


def test_a_wrong_wide_declaration_on_plain_bytes_is_not_believed() -> None:
    body = PAGE.format(meta='<meta charset="utf-16">').encode()
    assert detect_charset(body, "text/html; charset=utf-16") == "utf-8"
    assert detect_charset(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image/png") is None


# short GBK texts that charset-normalizer takes for UTF-16 (they were recorded so)
SHORT_GBK = [
    "APP公共信用信息\n",
    "APP，失信被执行人\n",
    "查询守信激励信用APP\n",
    "2019年可以上海公共信用信息APP\n",
    "公共信用信息惩戒黑名单APP\n",
]


@pytest.mark.parametrize("text", SHORT_GBK)
@pytest.mark.parametrize("content_type", ["text/plain", "text/html", None])
def test_a_short_gbk_page_is_not_taken_for_utf16(text: str, content_type: str | None) -> None:
    """UTF-16/32 needs real evidence (a BOM, a declaration, the NUL pattern); a guess is
    none: these pairs of GBK bytes were read as UTF-16 (big- or little-endian) nonsense."""
    from crawler.encoding import guess_charsets

    body = text.encode("gbk")
    assert guess_charsets(body)[0].startswith("utf-16")  # what fooled the old rule
    charset = detect_charset(body, content_type or "text/plain")
    assert charset == "gb18030"
    assert extract_text(body, content_type="text/plain", charset=charset).text == text.strip()


def test_a_few_nul_bytes_are_no_evidence_of_utf16() -> None:
    """A strong NUL pattern over enough of the body: seven ASCII characters in UTF-16 (or a
    short binary) are not enough without a BOM or a declaration; with one, they are."""
    short = "<p>厦门</p>".encode("utf-16-le")  # 7 ASCII characters, 7 NULs
    assert detect_charset(short, "text/html") != "utf-16-le"
    assert detect_charset(short, "text/html; charset=utf-16") == "utf-16-le"
    assert detect_charset(codecs.BOM_UTF16_LE + short, "text/html") == "utf-16"
    longer = "<p>厦门 Xiamen</p>".encode("utf-16-le")
    assert detect_charset(longer, "text/html") == "utf-16-le"


def test_a_snapshot_recorded_as_bare_utf16_without_a_bom_still_reads() -> None:
    """Snapshots stored before the byte order was recorded say only `utf-16`."""
    body = page("utf-16-le")
    text = extract_text(body, content_type="text/html", charset="utf-16").text
    assert ZH in text


class WideHandler(SiteHandler):
    """/_/wide?enc=utf-16-le&declare=header|meta|none[&bom=1]: the page in that encoding."""

    def route_wide(self, rest: str, query: dict[str, str]) -> None:
        encoding, declare = query["enc"], query.get("declare", "none")
        body = page(encoding, meta=declare == "meta", bom=query.get("bom") == "1")
        content_type = "text/html"
        if declare == "header":
            content_type += f"; charset={FAMILY[encoding]}"
        self.reply(200, body, {"Content-Type": content_type})


class WideServer(SiteServer):
    handler = WideHandler


def test_crawled_wide_pages_are_stored_with_their_charset_and_read(make_config) -> None:
    server = WideServer(SITES / "basic")
    cases = {
        "le-header": "enc=utf-16-le&declare=header",
        "be-meta": "enc=utf-16-be&declare=meta",
        "le32-none": "enc=utf-32-le&declare=none",
        "be32-bom": "enc=utf-32-be&declare=none&bom=1",
    }
    try:
        sources = [
            {
                "id": i,
                "url": server.url(f"/_/wide?{q}"),
                "class": "ngo",
                "kind": "html",
                "language": "en",
                "regions": [],
            }
            for i, q in cases.items()
        ]
        crawl = {"delay_seconds": 0, "autothrottle": False, "retries": 0, "obey_robots": False}
        config = load_config(make_config(sources=sources, crawl=crawl))
        summary = run_crawl(config)
    finally:
        server.close()
    assert summary.source_outcomes == dict.fromkeys(cases, "ok")
    db = open_database(config.db_path, create=False)
    recorded = {}
    for source_id in cases:
        [snapshot] = snapshots(db, source_id)
        recorded[source_id] = snapshot.charset
        body = read_blob(config.snapshot_dir, snapshot.content_sha256)
        text = extract_text(body, content_type=snapshot.content_type, charset=snapshot.charset)
        assert ZH in text.text, source_id
    assert recorded == {
        "le-header": "utf-16-le",
        "be-meta": "utf-16-be",
        "le32-none": "utf-32-le",
        "be32-bom": "utf-32",
    }


@pytest.mark.parametrize("encoding", list(BOMS))
def test_extract_a_file_detects_its_charset_like_the_crawler(
    encoding: str, make_config: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    """`scs-monitor extract FILE` has no HTTP header: the file's charset is detected from its
    bytes as the crawler detects a response's (here UTF-16/32 without a byte-order mark or
    a declaration: the NUL pattern), so it reads exactly as the same page in UTF-8 does
    (before, it was decoded as UTF-8 with NULs, and said nothing)."""
    config = str(make_config())

    def claims(file: Path, body: bytes) -> list[dict[str, object]]:
        file.write_bytes(body)
        result = runner.invoke(cli, ["--config", config, "extract", str(file), "--json"])
        assert result.exit_code == 0, result.output
        found: list[dict[str, object]] = json.loads(result.output)["claims"]
        return found

    markup = PAGE.format(meta="")
    wide = claims(tmp_path / "wide.html", markup.encode(encoding))
    assert wide == claims(tmp_path / "utf8.html", markup.encode())
    assert [c["evidence"]["quote"] for c in wide if c["attribute"] == "penalties"] == [  # type: ignore[index]
        "Xiamen has no penalty for a low score.",
        ZH,
    ]
