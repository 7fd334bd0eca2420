"""The bundled demo site and its server (monitor/demo/site, monitor/demo/server.py).

Checks what end-to-end tests rely on: every configured source answers as
monitor/demo/site/expected.yaml says, in both versions; charsets, PDFs, validators
and 304s work; every fact listed there is really on its page; v2 differs from v1
exactly where expected.yaml says; portal pages have no dead links.
"""

from __future__ import annotations

import html
import http.client
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import pypdf
import pytest
import yaml

from crawler.links import map_url
from monitor.config import Config, Source, load_config
from monitor.demo.server import DEMO_SITE, DemoSite, resolve_file

ROOT = Path(__file__).resolve().parent.parent
EXPECTED: dict[str, Any] = yaml.safe_load((DEMO_SITE / "expected.yaml").read_text("utf-8"))
VERSIONS = ["v1", "v2"]
DEMO_CONFIG: Config = load_config(ROOT / "monitor" / "data" / "demo-config.yaml")
SOURCES = {s.id: s for s in DEMO_CONFIG.sources}


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, DemoSite]]:
    servers = {v: DemoSite(version=v) for v in VERSIONS}
    yield servers
    for server in servers.values():
        server.close()


def host_of(source: Source) -> str:
    return urlsplit(source.url).hostname or ""


def url_map(site: DemoSite) -> dict[str, str]:
    return site.url_map({host_of(s) for s in DEMO_CONFIG.sources})


def page_url(site: DemoSite, source: Source, page: str) -> str:
    parts = urlsplit(source.url)
    return map_url(url_map(site), urlunsplit((parts.scheme, parts.netloc, page, "", "")))


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET with http.client: no redirect following, no exceptions on 4xx."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    try:
        conn.request("GET", parts.path or "/", headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def page_text(headers: dict[str, str], body: bytes) -> str:
    """Whitespace-collapsed text of an HTML (declared charset) or PDF body."""
    ctype = headers.get("Content-Type", "")
    if ctype == "application/pdf":
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages)
    else:
        charset = ctype.partition("charset=")[2] or "utf-8"
        text = html.unescape(re.sub(r"<[^>]+>", " ", body.decode(charset)))
    return " ".join(text.split())


def test_demo_config_tracks_config_yaml() -> None:
    real = load_config(ROOT / "config.yaml")
    assert [(s.id, s.url) for s in real.sources] == [(s.id, s.url) for s in DEMO_CONFIG.sources]
    assert DEMO_CONFIG.url_map == {}
    assert DEMO_CONFIG.crawl.delay_seconds == 0
    assert set(EXPECTED["versions"]["v1"]["http"]) == set(SOURCES)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_source_answers_as_expected(sites: dict[str, DemoSite], version: str) -> None:
    site = sites[version]
    for source_id, want in EXPECTED["versions"][version]["http"].items():
        url = map_url(url_map(site), SOURCES[source_id].url)
        assert url.startswith(site.base + "/"), url
        status, headers, _ = get(url)
        assert status == want["status"], source_id
        assert headers["Content-Type"] == want["content_type"], source_id
        if "location" in want:
            host = host_of(SOURCES[source_id])
            assert headers["Location"] == f"/{host}{want['location']}"
            final_status, final_headers, _ = get(urljoin(url, headers["Location"]))
            assert final_status == want["final_status"]
            assert final_headers["Content-Type"] == want["content_type"]


def test_robots_txt_allows_crawling(sites: dict[str, DemoSite]) -> None:
    site = sites["v1"]
    for host in site.hosts():
        status, headers, body = get(site.url(host, "/robots.txt"))
        assert status == 200, host
        assert headers["Content-Type"].startswith("text/plain")
        assert b"User-agent: *" in body
        assert b"Crawl-delay" not in body
    status, _, body = get(site.base + "/robots.txt")
    assert status == 200
    assert b"Allow: /" in body


def test_gbk_page_decodes_as_gbk(sites: dict[str, DemoSite]) -> None:
    source = SOURCES["fuzhou-credit"]
    status, headers, body = get(page_url(sites["v1"], source, "/xyzx/202011/t20201118_3851.html"))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=gbk"
    assert "茉莉分" in body.decode("gbk")
    assert "charset=gbk" in body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_pdfs_yield_text(sites: dict[str, DemoSite]) -> None:
    pdfs = [
        (
            "blomberg-2018",
            "/wp-content/uploads/2019/01/MCJ-No-2-2018-Blomberg.pdf",
            "The Social Credit System and China's Rule of Law",
        ),
        ("liu-2019", "/archive/econsoc_21-1.pdf", "Multiple Social Credit Systems in China"),
    ]
    for source_id, page, title in pdfs:
        status, headers, body = get(page_url(sites["v1"], SOURCES[source_id], page))
        assert status == 200
        assert headers["Content-Type"] == "application/pdf"
        assert title in page_text(headers, body)


def test_conditional_get_answers_304() -> None:
    with DemoSite() as site:
        url = map_url(url_map(site), SOURCES["npr-2017"].url)
        same = site.url("www.hrw.org", EXPECTED["versions"]["v1"]["http"]["hrw-2018"]["location"])
        _, headers, _ = get(url)
        _, same_headers, _ = get(same)
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert get(url, {"If-None-Match": etag})[0] == 304
        assert get(url, {"If-None-Match": '"other", ' + etag})[0] == 304
        assert get(url, {"If-None-Match": '"other"'})[0] == 200
        assert get(url, {"If-Modified-Since": modified})[0] == 304
        assert get(url, {"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"})[0] == 200
        site.publish("v2")
        assert site.version == "v2"
        assert get(url, {"If-None-Match": etag})[0] == 200  # the NPR page changed in v2
        assert get(same, {"If-None-Match": same_headers["ETag"]})[0] == 200  # noise changed it
        unchanged = map_url(url_map(site), SOURCES["clt-2018-inputs-outputs"].url)
        site.publish("v1")
        old_etag = get(unchanged)[1]["ETag"]
        site.publish("v2")
        status, v2_headers, body = get(unchanged, {"If-None-Match": old_etag})
        assert (status, body) == (304, b"")
        assert v2_headers["Last-Modified"] != modified


@pytest.mark.parametrize("version", VERSIONS)
def test_every_listed_fact_is_on_its_page(sites: dict[str, DemoSite], version: str) -> None:
    texts: dict[str, str] = {}
    for source_id, facts in EXPECTED["versions"][version]["facts"].items():
        for fact in facts:
            url = page_url(sites[version], SOURCES[source_id], fact["page"])
            if url not in texts:
                status, headers, body = get(url)
                assert status == 200, url
                texts[url] = page_text(headers, body)
            for quote in fact["quotes"]:
                assert quote in texts[url], (version, source_id, fact["attribute"], quote)
            assert fact["region"] in SOURCES[source_id].regions or not SOURCES[source_id].regions


def override_files(root: Path) -> set[Path]:
    """Files v2 holds itself (every other file is served from v1, its base)."""
    return {p.relative_to(root / "v2") for p in (root / "v2").rglob("*") if p.is_file()} - {
        Path("_routes.yaml")
    }


def test_v2_differs_from_v1_exactly_where_expected(sites: dict[str, DemoSite]) -> None:
    expected_files = set()
    for change in EXPECTED["versions"]["v2"]["changes"]:
        host = host_of(SOURCES[change["source"]])
        file = resolve_file(DEMO_SITE / "v1" / host, change["page"])
        assert file is not None, change
        if change["kind"] == "gone":
            status, _, _ = get(page_url(sites["v2"], SOURCES[change["source"]], change["page"]))
            assert status == change["status"]
        else:
            expected_files.add(file.relative_to(DEMO_SITE / "v1"))
    overrides = override_files(DEMO_SITE)
    assert overrides == expected_files
    for path in overrides:  # an override that changes nothing would be a silent copy
        assert (DEMO_SITE / "v1" / path).read_bytes() != (DEMO_SITE / "v2" / path).read_bytes()
    kinds = {c["kind"] for c in EXPECTED["versions"]["v2"]["changes"]}
    assert kinds == {"noise", "reworded", "attribute", "unclear", "gone"}


def test_v2_attribute_changes_match_the_facts() -> None:
    versions = EXPECTED["versions"]
    for change in versions["v2"]["changes"]:
        if change["kind"] != "attribute":
            continue
        key = (change["region"], change["attribute"])
        before = [
            f["value"]
            for f in versions["v1"]["facts"][change["source"]]
            if (f["region"], f["attribute"]) == key
        ]
        after = [
            f["value"]
            for f in versions["v2"]["facts"][change["source"]]
            if (f["region"], f["attribute"]) == key
        ]
        assert before == ([] if change["old"] is None else [change["old"]])
        assert after == [change["new"]]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("javascript:", "mailto:")):
            self.hrefs.append(href)


def links_of(url: str) -> list[str]:
    """Absolute, fragment-less targets of the <a href> links on a page ([] unless HTML 200)."""
    status, headers, body = get(url)
    ctype = headers.get("Content-Type", "")
    if status != 200 or not ctype.startswith("text/html"):
        return []
    parser = Links()
    parser.feed(body.decode(ctype.partition("charset=")[2]))
    return [urldefrag(urljoin(url, href)).url for href in parser.hrefs]


def crawl_portal(site: DemoSite, source: Source) -> tuple[set[str], list[str]]:
    """Follow links like the crawler: (documents reached via the follow pattern, dead links).

    Every link on every page reached is checked, followed or not.
    """
    start = map_url(url_map(site), source.url)
    prefix = f"{site.base}/{host_of(source)}"
    follow = re.compile(source.portal.follow if source.portal else ".*")
    depth_limit = source.portal.max_depth if source.portal else 1
    status: dict[str, int] = {start: get(start)[0]}
    documents: set[str] = set()
    frontier = [start]
    for depth in range(depth_limit + 1):
        next_frontier = []
        for url in frontier:
            for target in links_of(url):
                assert target.startswith(prefix), (url, target)  # portals link within the host
                if target not in status:
                    status[target] = get(target)[0]
                    if depth < depth_limit and follow.search(target):
                        documents.add(target[len(prefix) :])
                        next_frontier.append(target)
        frontier = next_frontier
    return documents, [url for url, code in status.items() if code != 200]


@pytest.mark.parametrize("version", VERSIONS)
def test_portals_reach_their_documents_without_dead_links(
    sites: dict[str, DemoSite], version: str
) -> None:
    http_expected = EXPECTED["versions"][version]["http"]
    for source_id, documents in EXPECTED["versions"][version]["documents"].items():
        if http_expected[source_id]["status"] != 200:
            continue
        reached, dead = crawl_portal(sites[version], SOURCES[source_id])
        assert dead == [], source_id
        assert reached == set(documents), source_id


def html_pages(version: str) -> Iterator[tuple[str, Path]]:
    for path in sorted((DEMO_SITE / version).rglob("*.html")):
        host = path.relative_to(DEMO_SITE / version).parts[0]
        if host != "www.creditchina.gov.cn":  # a challenge page, not a portal page
            yield host, path


@pytest.mark.parametrize("version", VERSIONS)
def test_pages_carry_realistic_boilerplate(version: str) -> None:
    for host, path in html_pages(version):
        raw = path.read_bytes()
        text = raw.decode("gbk" if host == "credit.fuzhou.gov.cn" else "utf-8")
        if re.search(r"\.(gov|org)\.cn$", host):
            for marker in ("首页", "版权所有", "ICP备", "时间"):
                assert marker in text, (path, marker)
            assert re.search(r"(浏览次数|访问量)：?[\d,]+", text), path
        else:
            for marker in ("<nav", "<footer", "&copy;"):
                assert marker in text, (path, marker)
            assert re.search(
                r"(?i)[\d,]+ (views|reads|visits|downloads|times)|views: [\d,]+", text
            ), path
        assert "scs-monitor" in text, path  # every page says it is a demo page


def test_exposure_page_is_fictional() -> None:
    text = (DEMO_SITE / "v1" / "szjj.sz.gov.cn" / "index.html").read_text("utf-8")
    assert "均为虚构" in text
    assert re.findall(r"\d{6}\*{8}\d{3}[\dX]", text)
    assert re.findall(r"1\d{2}\*{4}\d{4}", text)


def test_server_refuses_paths_outside_the_site(sites: dict[str, DemoSite]) -> None:
    site = sites["v1"]
    for path in (
        "/perma.cc/%2e%2e/_routes.yaml",
        "/_routes.yaml",
        "/../v2/",
        "/no.such.host/",
        "/",
        "/perma.cc/missing",
    ):
        assert get(site.base + path)[0] == 404, path


def test_api_and_routes_validation(tmp_path: Path) -> None:
    with DemoSite() as site:
        assert site.root == DEMO_SITE
        assert site.versions() == VERSIONS
        assert site.url_map(["perma.cc"]) == {"perma.cc": f"{site.base}/perma.cc"}
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", site.base)
        with pytest.raises(ValueError, match="no demo site version"):
            site.publish("v9")
    (tmp_path / "v1" / "example.org").mkdir(parents=True)
    (tmp_path / "v1" / "_routes.yaml").write_text(
        "routes:\n  example.org:\n    /old: {location: 'https://example.org/new'}\n", "utf-8"
    )
    with pytest.raises(ValueError, match="same host"):
        DemoSite(root=tmp_path)
