"""Privacy end to end: pages written for the tests (English, Chinese, an exposure list naming
invented people) go through two runs, a review, the report, a dataset release and a WARC
export; then every file under the data dir (the database, its WAL, decompressed snapshots)
is scanned and none of the identifiers may appear. `audit --privacy` agrees, and finds one
inserted by hand.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from extract.redact import find_identifiers, redact, valid_resident_id
from extract.text import extract_text
from monitor.cli.app import cli
from monitor.config import Config, load_config
from monitor.pipeline.cycle import RunSummary, run_cycle
from tests.hostile.server import HostileServer

RESIDENT_IDS = [
    "440305198503121231",
    "11010519491231002X",
    "350102199011024569",
    "310104197806300770",
    "440304199901093182",
    "350203196208159019",
]
IDENTIFIERS = [
    *RESIDENT_IDS,
    "11010519491231002x",
    "4403**********123X",
    "0592-5678901",
    "138 1234 5678",
    "13812345678",
    "+86 139-1234-5678",
    "13912345678",
    "(021) 62345678",
    "186****5678",
    "13712345678",
    "0755-82345678",
    "13612345678",
    "158-1234-5678",
    "15812345678",
    "0592-1234567",
    "(0592)5551234",
    "（0592）5552345",
    "xmcredit-help@example.com",
    "li.na@mail.example.org.cn",
    "chen.j@example.net",
    "bailu@example.cn",
    "xm.credit@example.gov.cn",
]
NAMES = [
    "王小明",
    "李建国",
    "陈静怡",
    "Wang Xiaoming",
    "Zhou Lihua",
    "Huang Meiling",
    "赵*强",
    "孙*伟",
    "吴志刚",
    "郑丽华",
]


@dataclass(frozen=True)
class Privacy:
    config: Config
    path: Path
    runs: tuple[RunSummary, RunSummary]
    runner: CliRunner


def privacy_sources(site: HostileServer) -> list[dict[str, Any]]:
    common = {"class": "official", "keep_raw": False}
    return [
        {
            "id": "p-en",
            "url": site.url("/privacy/en.html"),
            "language": "en",
            "regions": ["xiamen"],
            **common,
        },
        {
            "id": "p-zh",
            "url": site.url("/privacy/zh.html"),
            "language": "zh",
            "regions": ["xiamen"],
            **common,
        },
        {
            "id": "p-exposure",
            "url": site.url("/privacy/exposure/"),
            "language": "zh",
            "regions": ["shenzhen"],
            "kind": "portal",
            "lists_individuals": True,
            "portal": {"follow": "/privacy/exposure/", "max_depth": 1, "max_pages": 5},
            **common,
        },
    ]


def invoke(runner: CliRunner, path: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--config", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def privacy(make_config: Callable[..., Path]) -> Iterator[Privacy]:
    site = HostileServer()
    try:
        path = make_config(
            sources=privacy_sources(site),
            crawl={
                "concurrency_per_host": 4,
                "delay_seconds": 0,
                "autothrottle": False,
                "timeout_seconds": 5,
                "retries": 0,
            },
        )
        config = load_config(path)
        first = run_cycle(config)
        site.publish("v2")
        second = run_cycle(config)
        yield Privacy(config, path, (first, second), CliRunner())
    finally:
        site.close()


def needles(text: str) -> list[bytes]:
    """The byte forms a stored text can take: UTF-8, JSON escapes, GB18030."""
    forms = {text.encode(), json.dumps(text).strip('"').encode(), text.encode("gb18030")}
    return sorted(forms)


def files_under(folder: Path) -> Iterator[tuple[Path, bytes]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path, data


def leaks(folder: Path, secrets: list[str]) -> list[str]:
    found = []
    for path, data in files_under(folder):
        found += [f"{path}: {s}" for s in secrets if any(n in data for n in needles(s))]
    return found


def test_no_identifier_is_left_anywhere_in_the_data_dir(privacy: Privacy) -> None:
    for run in privacy.runs:
        assert (run.status, run.errors, run.failures) == ("ok", [], [])
    db = Database(privacy.config.db_path)
    try:
        accept_an_attribute_alert(privacy, db)
        checks_that_the_pages_were_read(db)
    finally:
        db.close()
    invoke(privacy.runner, privacy.path, "report")
    invoke(privacy.runner, privacy.path, "dataset", "build", "--from-sources")
    invoke(
        privacy.runner,
        privacy.path,
        "archive",
        "export",
        "--warc",
        str(privacy.config.data_dir / "export.warc.gz"),
    )
    assert all(valid_resident_id(i) for i in RESIDENT_IDS)
    data_dir = privacy.config.data_dir
    names = {p.name for p in data_dir.iterdir()}
    assert {"scs.db", "report.html", "releases", "snapshots", "export.warc.gz"} <= names
    assert leaks(data_dir, IDENTIFIERS + NAMES) == []
    assert not list(privacy.config.snapshot_dir.rglob("*.gz"))  # keep_raw: false kept no page
    output = invoke(privacy.runner, privacy.path, "audit", "--privacy")
    assert output.strip() == f"No personal identifiers found in {data_dir}."
    audit_finds_an_identifier_inserted_by_hand(privacy)


def accept_an_attribute_alert(privacy: Privacy, db: Database) -> None:
    """Accepting puts the alert's evidence (a quote next to a phone number) into the dataset."""
    quoting = [
        a
        for a in db.query(
            "select alert_id, evidence from alerts where severity in "
            "('attribute', 'matrix') order by alert_id"
        )
        if "[phone redacted]" in a["evidence"]
    ]
    assert quoting, "the v2 pages should change a claim whose quote holds a phone number"
    alert = quoting[0]
    invoke(
        privacy.runner,
        privacy.path,
        "alerts",
        "accept",
        str(alert["alert_id"]),
        "--note",
        "checked",
    )


def checks_that_the_pages_were_read(db: Database) -> None:
    texts = {
        r["url"].split("/privacy/")[1]: r["text"]
        for r in db.query(
            "select s.url, d.text from documents d join snapshots s using (snapshot_id) "
            "where d.error is null order by s.snapshot_id"
        )
    }
    assert "[ID redacted]" in texts["en.html"]
    assert "[email redacted]" in texts["zh.html"]
    # the exposure list changed behind an unchanged listing: it was fetched again all the same
    week = [
        r
        for r in db.query(
            "select d.text from documents d join snapshots s using "
            "(snapshot_id) where s.url like '%/exposure/week.html'"
        )
    ]
    assert len(week) == 2
    assert "[name redacted]" in week[1]["text"]
    assert "路口大屏幕" in week[1]["text"]
    purged = db.execute("select count(*) from snapshots where purged_at is null").fetchone()[0]
    assert purged == 0


def audit_finds_an_identifier_inserted_by_hand(privacy: Privacy) -> None:
    db = Database(privacy.config.db_path)
    [row] = db.query(
        "select snapshot_id, text from documents where url like '%/zh.html' "
        "order by snapshot_id limit 1"
    )
    db.table("documents").update(row["snapshot_id"], {"text": row["text"] + " 13987654321"})
    db.close()
    result = privacy.runner.invoke(cli, ["--config", str(privacy.path), "audit", "--privacy"])
    assert result.exit_code == 1
    assert f"documents.text (snapshot_id {row['snapshot_id']})" in result.output
    assert "phone" in result.output
    assert "13987654321" not in result.output  # the audit never prints it whole
    assert result.output.strip().splitlines()[-1] == (
        f"Error: 1 personal identifier(s) found in {privacy.config.data_dir}"
    )


def test_the_scan_sees_identifiers_in_pages_and_snapshots(tmp_path: Path) -> None:
    pages = Path(__file__).parent / "hostile" / "site"
    raw = b"".join(p.read_bytes() for p in sorted(pages.rglob("*.html")))
    (tmp_path / "blob.gz").write_bytes(gzip.compress(raw))
    (tmp_path / "escaped.json").write_text(json.dumps(NAMES))  # \\uXXXX escapes
    found = leaks(tmp_path, RESIDENT_IDS + NAMES)
    assert {line.split(": ", 1)[1] for line in found if "blob.gz" in line} == set(
        RESIDENT_IDS + NAMES
    )
    assert {line.split(": ", 1)[1] for line in found if "escaped.json" in line} == set(NAMES)


# --- forms of identifiers and names that redaction handles --------------------------------------


def test_english_names_in_a_row_are_all_redacted() -> None:
    clean = redact(
        "Name: Wang Xiaoming. Offender: Zhou Lihua. Offence: jaywalking.", lists_individuals=True
    )
    assert clean == "Name: [name redacted]. Offender: [name redacted]. Offence: jaywalking."


def test_names_with_rarer_characters_are_redacted() -> None:
    """Extension A (㛃) and beyond the BMP (𠮷) are Chinese characters too."""
    clean = redact(
        "姓名：王㛃 违法行为：闯红灯；当事人：𠮷田某。违法人：李*㛃", lists_individuals=True
    )
    assert clean == (
        "姓名：[name redacted] 违法行为：闯红灯；当事人：[name redacted]。违法人：[name redacted]"
    )


@pytest.mark.parametrize(
    "number", ["(0755)82345678", "（0755）82345678", "0591 8765 4321", "021-6234 5678"]
)
def test_landline_forms_are_redacted(number: str) -> None:
    assert redact(f"咨询电话：{number}。") == "咨询电话：[phone redacted]。"


def test_resident_id_glued_to_a_label_is_redacted() -> None:
    assert redact(f"ID{RESIDENT_IDS[0]}") == "ID[ID redacted]"


def test_names_in_an_exposure_table_are_redacted() -> None:
    page = (
        "<html><body><p>深圳对闯红灯的行人予以公开曝光。</p><table><tr><th>姓名</th>"
        "<th>违法行为</th></tr><tr><td>王小明</td><td>闯红灯</td></tr><tr><td>陈静怡</td>"
        "<td>闯红灯</td></tr></table></body></html>"
    ).encode()
    text = extract_text(page, content_type="text/html", charset="utf-8").text
    assert redact(text, lists_individuals=True).splitlines() == [
        "深圳对闯红灯的行人予以公开曝光。",
        "| 姓名 | 违法行为 |",
        "|---|---|",
        "| [name redacted] | 闯红灯 |",
        "| [name redacted] | 闯红灯 |",
    ]


@pytest.mark.parametrize("identifier", IDENTIFIERS)
def test_the_audit_recognises_every_form_on_the_test_pages(identifier: str) -> None:
    assert find_identifiers(f"见 {identifier} 。") != []


def test_digit_runs_inside_hashes_are_not_personal_identifiers() -> None:
    digest = "a0b1c2d3e4f5165123456781" + "9a" * 20  # a sha256 whose digits look like a mobile
    assert find_identifiers(f'"config_sha256": "{digest}"') == []
    assert redact(digest) == digest
    assert redact("call 16512345678 now") == "call [phone redacted] now"
