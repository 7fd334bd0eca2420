"""Crawler decisions as pure functions: address guard, charsets, challenges, outcomes, links,
the config -> Scrapy settings mapping and the job file. No network, no reactor."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest

from crawler.challenge import challenge_reason
from crawler.encoding import detect_charset, media_type
from crawler.errors import AddressRefusedError, JobError, TooLargeError
from crawler.guard import refusal_reason, url_origin
from crawler.job import CrawlJob, job_settings, load_job
from crawler.links import document_links, map_url
from crawler.outcomes import outcome_for_exception, outcome_for_status
from monitor.config import load_config
from monitor.pipeline.crawl import crawl_jobs, crawl_settings, summarise, write_job

SITE = Path(__file__).resolve().parent / "sites" / "basic" / "v1"
CONFIGURED = frozenset(
    {"http://127.0.0.1:8000", "https://www.hrw.org:443", "http://intranet.example:80"}
)


@pytest.mark.parametrize(
    ("url", "addresses", "refused"),
    [
        ("http://127.0.0.1:8000/a", ["127.0.0.1"], False),  # configured (a local mirror)
        ("http://intranet.example/x", ["10.1.2.3"], False),  # configured, private: allowed
        ("http://127.0.0.1:8001/a", ["127.0.0.1"], True),  # another port of the mirror
        ("https://127.0.0.1:8000/a", ["127.0.0.1"], True),  # another scheme of the mirror
        ("http://127.0.0.1/a", ["127.0.0.1"], True),  # the mirror's address, default port
        ("http://intranet.example:8080/x", ["10.1.2.3"], True),  # another port, private
        ("https://www.hrw.org:8443/x", ["10.0.0.1"], True),
        ("http://127.0.0.2:8000/", ["127.0.0.2"], True),  # loopback, not configured
        ("http://evil.example/", ["127.0.0.1"], True),  # a name pointing at loopback
        ("http://evil.example/", ["93.184.216.34", "10.0.0.5"], True),  # one private is enough
        ("http://metadata.example/", ["169.254.169.254"], True),  # link-local (cloud metadata)
        ("http://lan.example/", ["192.168.1.10"], True),
        ("http://v6.example/", ["::1"], True),
        ("http://v6.example/", ["fe80::1%eth0"], True),
        ("http://mapped.example/", ["::ffff:127.0.0.1"], True),
        ("http://zero.example/", ["0.0.0.0"], True),
        ("http://public.example/", ["93.184.216.34"], False),
        ("http://public.example:8080/", ["93.184.216.34"], False),  # public: any port
        ("http://public.example/", ["2606:2800:220:1:248:1893:25c8:1946"], False),
        ("https://WWW.HRW.ORG/news", ["10.0.0.1"], False),  # host names compare without case
        ("https://www.hrw.org:443/news", ["10.0.0.1"], False),  # the default port written
    ],
)
def test_address_guard_decides_by_origin(url: str, addresses: list[str], refused: bool) -> None:
    origin = url_origin(url)
    assert origin is not None
    reason = refusal_reason(origin, addresses, CONFIGURED)
    assert (reason is not None) == refused
    if refused:
        assert origin in str(reason)
        assert "not a configured origin" in str(reason)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000/x?q=1", "http://127.0.0.1:8000"),
        ("HTTP://Example.ORG/x", "http://example.org:80"),
        ("https://example.org", "https://example.org:443"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("http://[0:0:0:0:0:0:0:1]:8080/", "http://[::1]:8080"),
        ("http://127.0.0.1:99999/", None),  # port out of range
        ("http://127.0.0.1:abc/", None),
        ("ftp://example.org/", None),
        ("http:///path", None),
    ],
)
def test_url_origin(url: str, expected: str | None) -> None:
    assert url_origin(url) == expected


def test_guard_names_the_kind_of_address() -> None:
    assert "link-local" in str(refusal_reason("http://x.example:80", ["169.254.1.1"], CONFIGURED))
    assert "loopback" in str(refusal_reason("http://127.0.0.2:80", ["127.0.0.2"], CONFIGURED))


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"<p>plain</p>", "text/html", "utf-8"),
        ("<p>信用</p>".encode(), "text/html; charset=utf-8", "utf-8"),
        ("<p>信用</p>".encode("gbk"), "text/html; charset=GBK", "gb18030"),
        ("<p>信用</p>".encode("gbk"), "text/html; charset=gb2312", "gb18030"),
        (b'<meta charset="gb2312"><p>' + "信用".encode("gbk"), "text/html", "gb18030"),
        ("\ufeff<p>信用</p>".encode(), "text/html; charset=iso-8859-1", "utf-8-sig"),  # BOM wins
        ("<p>信用中国</p>".encode(), "text/html; charset=iso-8859-1", "utf-8"),  # valid UTF-8 wins
        ("<p>café crème</p>".encode("latin-1"), "text/html; charset=iso-8859-1", "cp1252"),
        (b"%PDF-1.4 binary", "application/pdf", None),
        (b"%PDF-1.4 binary", None, None),
    ],
)
def test_detect_charset(body: bytes, content_type: str | None, expected: str | None) -> None:
    assert detect_charset(body, content_type) == expected


def test_wrongly_declared_gbk_page_is_detected_and_reads_right() -> None:
    body = (SITE / "zh" / "declared-utf8.html").read_bytes()
    charset = detect_charset(body, "text/html; charset=utf-8")
    assert charset == "gb18030"
    assert "茉莉分" in body.decode(charset)


def test_gbk_page_with_meta_charset_decodes() -> None:
    body = (SITE / "zh" / "gbk.html").read_bytes()
    charset = detect_charset(body, "text/html")
    assert charset == "gb18030"
    assert "福州市民" in body.decode(str(charset))


def test_media_type_sniffs_when_the_header_is_missing_or_generic() -> None:
    assert media_type(None, b"%PDF-1.7\n...") == "application/pdf"
    assert media_type("application/octet-stream", b"%PDF-1.7") == "application/pdf"
    assert media_type(None, b"<!DOCTYPE html><html>") == "text/html"
    assert media_type("Text/HTML; charset=UTF-8", b"") == "text/html"


@pytest.mark.parametrize("name", ["challenge.html"])
def test_cookie_wall_page_is_a_challenge(name: str) -> None:
    assert challenge_reason((SITE / name).read_bytes(), "text/html") is not None


def test_generic_script_cookie_wall_is_a_challenge() -> None:
    body = (
        b"<html><head><script>document.cookie='k=v';window.location='/x';</script>"
        b"</head><body>Loading...</body></html>"
    )
    assert challenge_reason(body, "text/html; charset=utf-8") == (
        "JavaScript cookie wall (script sets a cookie and reloads)"
    )


@pytest.mark.parametrize("name", ["page.html", "portal/index.html", "zh/gbk.html"])
def test_ordinary_pages_are_not_challenges(name: str) -> None:
    assert challenge_reason((SITE / name).read_bytes(), "text/html") is None


def test_a_long_page_with_a_cookie_script_is_not_a_challenge() -> None:
    body = (
        b"<html><script>document.cookie='a=1';location.href='#top'</script><body><p>"
        + b"The regulations say a great deal. " * 20
        + b"</p></body></html>"
    )
    assert challenge_reason(body, "text/html") is None


@pytest.mark.parametrize(
    ("status", "reasons", "outcome"),
    [
        (200, [], "ok"),
        (203, [], "ok"),
        (200, [302, 302], "ok"),
        (200, [302, 301], "moved"),
        (200, [308], "moved"),
        (304, [], "not-modified"),
        (404, [], "gone"),
        (410, [], "gone"),
        (401, [], "blocked"),
        (403, [], "blocked"),
        (412, [], "blocked"),
        (429, [], "blocked"),
        (451, [], "blocked"),
        (500, [], "error"),
        (503, [], "error"),
        (400, [], "error"),
    ],
)
def test_outcome_for_status(status: int, reasons: list[int], outcome: str) -> None:
    assert outcome_for_status(status, reasons) == outcome


@pytest.mark.parametrize(
    ("exc", "outcome", "text"),
    [
        (AddressRefusedError("refused: 127.0.0.2 ..."), "refused", "127.0.0.2"),
        (IgnoreRequest("Forbidden by robots.txt"), "refused", "robots.txt"),
        (TooLargeError("announced 9 bytes"), "too-large", "announced"),
        (
            IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (10 B) during decompression."),
            "too-large",
            "decompression",
        ),
        (DownloadTimeoutError("took longer than 2 seconds"), "error", "timeout"),
        (ConnectionRefusedError("refused"), "error", "ConnectionRefusedError"),
    ],
)
def test_outcome_for_exception(exc: BaseException, outcome: str, text: str) -> None:
    got, error = outcome_for_exception(exc)
    assert got == outcome
    assert text in error


def test_portal_links_are_absolute_deduplicated_and_filtered() -> None:
    html = (SITE / "portal" / "index.html").read_text(encoding="utf-8")
    links = document_links(html, "http://127.0.0.1:9/portal/", "/docs/")
    assert links == [
        "http://127.0.0.1:9/docs/a.html",
        "http://127.0.0.1:9/docs/b.html",
        "http://127.0.0.1:9/docs/report.pdf",
    ]


def test_portal_links_skip_script_mail_data_assets_and_other_hosts() -> None:
    html = """<a href="javascript:go()">x</a><a href="mailto:a@b.org">m</a>
    <a href="data:text/html,hi">d</a><a href="tel:123">t</a><a href="/style.css">c</a>
    <a href="https://elsewhere.example/doc">e</a><a href="/doc#frag">ok</a>
    <a href=" /doc ">same</a>"""
    assert document_links(html, "http://127.0.0.1:9/", ".*") == ["http://127.0.0.1:9/doc"]


def test_explicit_follow_pattern_may_leave_the_host_and_links_are_url_mapped() -> None:
    html = '<a href="https://econsoc.mpifg.de/archive/econsoc_21-1.pdf">issue</a>'
    url_map = {"econsoc.mpifg.de": "http://127.0.0.1:9/econsoc.mpifg.de"}
    links = document_links(
        html, "http://127.0.0.1:9/econsoc.mpifg.de/", r"econsoc.*\.pdf$", url_map
    )
    assert links == ["http://127.0.0.1:9/econsoc.mpifg.de/archive/econsoc_21-1.pdf"]


def test_map_url_rewrites_only_configured_hosts() -> None:
    url_map = {"www.hrw.org": "http://127.0.0.1:8000/www.hrw.org/"}
    url = "https://www.hrw.org/news/2018/02/26/x?q=1"
    assert map_url(url_map, url) == "http://127.0.0.1:8000/www.hrw.org/news/2018/02/26/x?q=1"
    assert map_url(url_map, "https://www.hrw.org") == "http://127.0.0.1:8000/www.hrw.org/"
    assert map_url(url_map, "https://hrw.org/a") == "https://hrw.org/a"


def test_crawl_settings_follow_the_config(make_config) -> None:
    path = make_config(
        crawl={
            "obey_robots": True,
            "concurrency_per_host": 2,
            "delay_seconds": 3.5,
            "autothrottle": True,
            "timeout_seconds": 12,
            "max_bytes": 5000,
            "retries": 4,
        },
        url_map={"www.hrw.org": "http://127.0.0.1:8000/www.hrw.org"},
    )
    settings = crawl_settings(load_config(path))
    assert settings["ROBOTSTXT_OBEY"] is True
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 2
    assert settings["DOWNLOAD_DELAY"] == 3.5
    assert settings["AUTOTHROTTLE_ENABLED"] is True
    assert settings["AUTOTHROTTLE_START_DELAY"] == 3.5  # AutoThrottle never goes below it
    assert settings["DOWNLOAD_TIMEOUT"] == 12
    assert settings["DOWNLOAD_MAXSIZE"] == 5000
    assert settings["RETRY_TIMES"] == 4
    assert settings["USER_AGENT"] == ("scs-monitor/0.1.0 (+scs-monitor-maintainers@example.org)")
    origins = settings["SNAPSHOT_ALLOWED_ORIGINS"]
    assert "http://127.0.0.1:8000" in origins  # the url_map target
    assert "https://www.hrw.org:443" in origins  # as written
    assert "https://www.creditchina.gov.cn:443" in origins
    assert not any(
        o.startswith("http://127.0.0.1:") and o != "http://127.0.0.1:8000" for o in origins
    )


def test_job_file_round_trip_and_settings_priority(tmp_path: Path) -> None:
    job_path = tmp_path / "job.json"
    job_path.write_text(
        json.dumps(
            {
                "db_path": str(tmp_path / "scs.db"),
                "snapshot_dir": str(tmp_path / "snaps"),
                "run_id": 7,
                "source_ids": ["a", "b"],
                "settings": {"DOWNLOAD_DELAY": 0.25},
            }
        ),
        encoding="utf-8",
    )
    job = load_job(job_path)
    assert (job.run_id, job.source_ids) == (7, ("a", "b"))
    settings = job_settings(job)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.25
    assert settings.getbool("ROBOTSTXT_OBEY") is True  # from crawler/settings.py
    assert settings.getlist("SNAPSHOT_SOURCE_IDS") == ["a", "b"]
    assert settings.getdict("ITEM_PIPELINES")["crawler.pipelines.RecordFetchPipeline"] == 300


def test_the_job_the_monitor_writes_is_the_job_the_crawler_reads(
    make_config: Callable[..., Path], tmp_path: Path
) -> None:
    """One definition owns the job format: the jobs monitor/pipeline/crawl.py builds from a
    config, written to a real file by CrawlJob.to_json, come back equal through load_job (the
    parser `python -m crawler` uses), settings and all."""
    config = load_config(
        make_config(
            crawl={"delay_seconds": 3.5, "retries": 4, "max_bytes": 5000},
            url_map={"www.hrw.org": "http://127.0.0.1:8000/www.hrw.org"},
        )
    )
    db_file = tmp_path / "scs.db"
    jobs = crawl_jobs(config, db_file, [["hrw-2018", "npr-2017"], ["credit-china"]], 12)
    assert [job.source_ids for job in jobs] == [("hrw-2018", "npr-2017"), ("credit-china",)]
    for job in jobs:
        path = write_job(job, tmp_path)
        assert path.parent == tmp_path
        assert path.stat().st_mode & 0o777 == 0o600
        loaded = load_job(path)
        assert loaded == job
        assert (loaded.db_path, loaded.snapshot_dir) == (db_file, config.snapshot_dir)
        assert loaded.run_id == 12
        assert loaded.settings == crawl_settings(config)
        settings = job_settings(loaded)
        assert settings.getfloat("DOWNLOAD_DELAY") == 3.5
        assert settings.getint("RETRY_TIMES") == 4
        assert settings.getdict("SNAPSHOT_URL_MAP") == dict(config.url_map)
        assert settings.getlist("SNAPSHOT_SOURCE_IDS") == list(job.source_ids)
        assert settings["SNAPSHOT_DB_PATH"] == str(db_file)


def test_a_job_without_a_snapshot_dir_keeps_its_snapshots_beside_the_database(
    tmp_path: Path,
) -> None:
    job_path = tmp_path / "job.json"
    job_path.write_text('{"db_path": "/data/scs.db"}', encoding="utf-8")
    assert load_job(job_path) == CrawlJob(Path("/data/scs.db"), Path("/data/snapshots"))


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("not json", None, "not JSON: Expecting value: line 1 column 1 (char 0)"),
        ("[]", None, "a job is a JSON object with at least 'db_path'"),
        ('{"run_id": 7}', "db_path", "required: the database file, a string"),
        ('{"db_path": 3}', "db_path", "required: the database file, a string"),
        ('{"db_path": "x", "snapshot_dir": []}', "snapshot_dir", "must be a string or null"),
        ('{"db_path": "x", "run_id": "7"}', "run_id", "must be an integer or null"),
        ('{"db_path": "x", "run_id": true}', "run_id", "must be an integer or null"),
        ('{"db_path": "x", "source_ids": [1]}', "source_ids", "must be a list of strings"),
        ('{"db_path": "x", "source_ids": "a"}', "source_ids", "must be a list of strings"),
        ('{"db_path": "x", "settings": [1]}', "settings", "must be a mapping"),
        (
            '{"db_path": "x", "source_id": ["a"]}',
            "source_id",
            "unknown key; a job has db_path, snapshot_dir, run_id, source_ids, settings",
        ),
    ],
)
def test_bad_job_files_name_the_file_and_the_key(
    tmp_path: Path, text: str, key: str | None, problem: str
) -> None:
    job_path = tmp_path / "job.json"
    job_path.write_text(text, encoding="utf-8")
    with pytest.raises(JobError) as caught:
        load_job(job_path)
    error = caught.value
    assert (error.path, error.key, error.problem) == (job_path, key, problem)
    where = f"{job_path}: {key}" if key else str(job_path)
    assert str(error) == f"{where}: {problem}"


def test_a_missing_job_file_is_named(tmp_path: Path) -> None:
    job_path = tmp_path / "absent.json"
    with pytest.raises(JobError) as caught:
        load_job(job_path)
    assert (caught.value.path, caught.value.key) == (job_path, None)
    assert str(caught.value).startswith(f"{job_path}: cannot read the job file: ")


def test_summary_counts_outcomes_and_notes_missing_sources() -> None:
    events = [
        {
            "event": "fetch",
            "source_id": "a",
            "url": "u1",
            "role": "source",
            "outcome": "ok",
            "snapshot_id": 1,
            "new_snapshot": True,
        },
        {
            "event": "fetch",
            "source_id": "a",
            "url": "u2",
            "role": "document",
            "outcome": "gone",
            "snapshot_id": None,
            "new_snapshot": False,
            "error": "HTTP 404",
        },
        {"event": "error", "source_id": "a", "url": "u3", "error": "disk full"},
    ]
    summary = summarise(events, ["a", "b"], 0, None, None)
    assert summary.outcomes["ok"] == 1
    assert summary.outcomes["gone"] == 1
    assert summary.new_snapshot_ids == (1,)
    assert summary.source_outcomes == {"a": "ok"}
    assert summary.failures == ("a: gone: u2: HTTP 404",)
    assert "a: u3: disk full" in summary.errors
    assert "b: no fetch recorded" in summary.errors
    assert summary.complete is False


def test_crawl_process_refuses_an_unusable_job_file(tmp_path: Path, capsys) -> None:
    from crawler.__main__ import main

    job_path = tmp_path / "job.json"
    job_path.write_text('{"source_ids": []}', encoding="utf-8")
    assert main(["--job", str(job_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"crawler: {job_path}: db_path: required: the database file, a string\n"


def test_a_crawl_loads_only_the_extensions_it_uses() -> None:
    """Extensions left out of the crawl are left out of Scrapy's base list, so their modules
    are not even imported (remote control would import aiohttp at every crawl's start)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from scrapy.utils.reactor import install_reactor\n"
        "install_reactor('twisted.internet.asyncioreactor.AsyncioSelectorReactor')\n"
        "import scrapy\n"
        "from scrapy.crawler import Crawler\n"
        "from scrapy.settings import Settings\n"
        "import crawler.settings as project\n"
        "settings = Settings()\n"
        "settings.setmodule(project)\n"
        "class Probe(scrapy.Spider):\n"
        "    name = 'probe'\n"
        "crawler = Crawler(Probe, settings)\n"
        "crawler._apply_settings()\n"
        "print(sorted(type(m).__name__ for m in crawler.extensions.middlewares))\n"
        "print(sorted(m for m in ('aiohttp', 'scrapy.extensions.remote_control',\n"
        "    'scrapy.extensions.telnet') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    loaded, imported = done.stdout.strip().splitlines()
    assert "CoreStats" in loaded
    assert "AutoThrottle" in loaded
    assert "LogStats" in loaded
    assert "RemoteControl" not in loaded
    assert "FeedExporter" not in loaded  # a worker's batch spider turns it on
    assert imported == "[]"
