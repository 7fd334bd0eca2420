"""Stored snapshots -> documents and claims (db/documents.py, monitor/pipeline/extraction.py),
and the `extract` and `evaluate` commands. Everything runs on a real workspace; nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from db.archive import insert_snapshot, store_blob
from db.documents import (
    insert_document,
    save_extraction,
    snapshots_without_document,
)
from db.models import Claim, Snapshot, utcnow
from extract.claims import EXTRACTOR_VERSION
from extract.noise import normalised_hash
from monitor.cli.app import cli
from monitor.config import Config, load_config
from monitor.datadir.workspace import open_workspace
from monitor.pipeline.extraction import extract_pending
from tests.stored import claims_for_snapshot, document_for, extractor_versions

XIAMEN_HTML = """<html><head><title>All carrots</title></head><body><article>
<h2>Xiamen</h2><p>Citizens in Xiamen receive no penalty for a low score. Data from the private
sector is not collected.</p><h2>Fuzhou</h2><p>Fuzhou keeps the negative indicators secret.</p>
</article></body></html>"""
XIAMEN_GBK = (
    "<html><head><meta charset='gbk'><title>信用厦门</title></head><body>"
    "<p>白鹭分不设任何惩戒措施，市民自愿开通。</p></body></html>"
)
URL = "https://www.digitalasiahub.org/carrots"


@pytest.fixture
def workspace(make_config: Callable[..., Path]) -> tuple[Config, Database]:
    config = load_config(make_config())
    return config, open_workspace(config)


def store(
    config: Config,
    db: Database,
    body: bytes,
    *,
    source_id: str = "lewis-2019",
    url: str = URL,
    content_type: str = "text/html",
    charset: str | None = "utf-8",
) -> int:
    digest, path = store_blob(config.snapshot_dir, body)
    return insert_snapshot(
        db,
        Snapshot(
            source_id=source_id,
            url=url,
            content_sha256=digest,
            fetched_at=utcnow(),
            size=len(body),
            content_type=content_type,
            charset=charset,
            path=str(path),
        ),
    )


def test_extract_pending_writes_documents_and_claims(workspace: tuple[Config, Database]) -> None:
    config, db = workspace
    first = store(config, db, XIAMEN_HTML.encode())
    second = store(
        config,
        db,
        XIAMEN_GBK.encode("gbk"),
        source_id="xiamen-credit",
        url="https://credit.xm.gov.cn/a.html",
        charset="gbk",
    )
    calls: list[tuple[int, int]] = []
    summary = extract_pending(config, db, progress=lambda done, total: calls.append((done, total)))
    assert (summary.snapshots, summary.documents, summary.errors) == (2, 2, ())
    assert calls == [(1, 2), (2, 2)]
    document = document_for(db, first)
    assert document is not None
    assert document.error is None
    assert document.extractor == "trafilatura"
    assert document.extractor_version == EXTRACTOR_VERSION
    assert document.norm_sha256 == normalised_hash(document.text)
    found = {(c.region, c.attribute, c.value) for c in claims_for_snapshot(db, first)}
    assert found == {
        ("xiamen", "penalties", "no"),
        ("xiamen", "private_sector_data", "no"),
        ("fuzhou", "negative_indicators_secret", "yes"),
    }
    gbk = {(c.region, c.attribute, c.value) for c in claims_for_snapshot(db, second)}
    assert ("xiamen", "voluntary_participation", "yes") in gbk
    assert summary.claims == len(found) + len(gbk)


def test_a_chinese_page_of_a_source_configured_as_english_is_read_as_chinese(
    workspace: tuple[Config, Database],
) -> None:
    """The source's configured language (`en` by default) does not choose the rules: each
    sentence is read by the rules of its own script."""
    config, db = workspace
    assert next(s for s in config.sources if s.id == "lewis-2019").language == "en"
    snapshot = store(config, db, XIAMEN_GBK.encode("gbk"), charset="gbk")
    extract_pending(config, db)
    found = {(c.region, c.attribute, c.value) for c in claims_for_snapshot(db, snapshot)}
    assert {("xiamen", "voluntary_participation", "yes"), ("xiamen", "penalties", "no")} <= found


def test_claims_carry_their_evidence(workspace: tuple[Config, Database]) -> None:
    config, db = workspace
    snapshot_id = store(config, db, XIAMEN_HTML.encode())
    extract_pending(config, db)
    document = document_for(db, snapshot_id)
    assert document is not None
    for claim in claims_for_snapshot(db, snapshot_id):
        evidence = claim.evidence
        assert evidence.quote == document.text[evidence.start : evidence.end]
        assert (evidence.url, evidence.snapshot_id, evidence.source_id) == (
            URL,
            snapshot_id,
            "lewis-2019",
        )
        assert evidence.fetched_at is not None
        assert claim.source_id == "lewis-2019"


def test_a_bad_snapshot_is_recorded_and_the_run_goes_on(workspace: tuple[Config, Database]) -> None:
    config, db = workspace
    broken = store(
        config,
        db,
        b"%PDF-1.4\nbroken",
        content_type="application/pdf",
        url="https://example.org/broken.pdf",
    )
    missing = insert_snapshot(
        db,
        Snapshot(
            source_id="lewis-2019",
            url="https://example.org/gone",
            content_sha256="0" * 64,
            fetched_at=utcnow(),
            size=1,
        ),
    )
    good = store(config, db, XIAMEN_HTML.encode())
    summary = extract_pending(config, db)
    assert summary.documents == 3
    assert len(summary.errors) == 2
    broken_doc, missing_doc = document_for(db, broken), document_for(db, missing)
    assert broken_doc is not None
    assert "unreadable PDF" in str(broken_doc.error)
    assert missing_doc is not None
    assert "cannot read snapshot" in str(missing_doc.error)
    assert claims_for_snapshot(db, good)


def test_names_are_redacted_on_sources_that_list_individuals(
    workspace: tuple[Config, Database],
) -> None:
    config, db = workspace
    page = (
        "<html><body><p>深圳交警对闯红灯行人予以公开曝光。姓名：张三，罚款20元。</p></body></html>"
    )
    listing = store(
        config,
        db,
        page.encode(),
        source_id="shenzhen-traffic-police",
        url="https://szjj.sz.gov.cn/bgt.html",
    )
    article = store(config, db, page.encode(), url="https://example.org/copy.html")
    extract_pending(config, db)
    redacted, kept = document_for(db, listing), document_for(db, article)
    assert redacted is not None
    assert kept is not None
    assert "张三" not in redacted.text
    assert "[name redacted]" in redacted.text
    assert "张三" in kept.text
    assert ("shenzhen", "public_shaming", "yes") in {
        (c.region, c.attribute, c.value) for c in claims_for_snapshot(db, listing)
    }


def test_extraction_runs_once_unless_rerun(workspace: tuple[Config, Database]) -> None:
    config, db = workspace
    snapshot_id = store(config, db, XIAMEN_HTML.encode())
    extract_pending(config, db)
    before = len(claims_for_snapshot(db, snapshot_id))
    assert extract_pending(config, db).snapshots == 0
    assert snapshots_without_document(db) == []
    db["documents"].update(snapshot_id, {"extractor_version": "0.0.1"})  # type: ignore[union-attr]
    assert extractor_versions(db) == {"0.0.1": 1}
    rerun = extract_pending(config, db, rerun=True)
    assert rerun.snapshots == 1
    assert len(claims_for_snapshot(db, snapshot_id)) == before
    assert extractor_versions(db) == {EXTRACTOR_VERSION: 1}


def test_document_and_claims_are_written_together(workspace: tuple[Config, Database]) -> None:
    config, db = workspace
    snapshot_id = store(config, db, XIAMEN_HTML.encode())
    extract_pending(config, db)
    document = document_for(db, snapshot_id)
    claims = claims_for_snapshot(db, snapshot_id)
    assert document is not None
    assert claims
    orphan = replace(claims[0], snapshot_id=None)
    with pytest.raises(ValueError, match="snapshot_id"):
        save_extraction(db, replace(document, text="changed"), [orphan])
    kept = document_for(db, snapshot_id)
    assert kept is not None
    assert kept.text == document.text
    assert len(claims_for_snapshot(db, snapshot_id)) == len(claims)
    insert_document(db, replace(document, error="later failure"))
    again = document_for(db, snapshot_id)
    assert again is not None
    assert again.error == "later failure"


# --- the commands --------------------------------------------------------------------------


def test_extract_a_file_as_json(
    runner: CliRunner, make_config: Callable[..., Path], tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(XIAMEN_HTML, encoding="utf-8")
    result = runner.invoke(cli, ["--config", str(make_config()), "extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"claims"}
    first = data["claims"][0]
    assert set(first) == {
        "region",
        "attribute",
        "value",
        "evidence",
        "rule",
        "basis",
        "modality",
        "scope",
        "role",
    }
    assert {c["basis"] for c in data["claims"]} <= {"extracted", "learned"}
    assert set(first["evidence"]) == {"quote", "start", "end"}
    assert set(first["scope"]) == {"regions", "why"}
    by_attribute = {c["attribute"]: c for c in data["claims"]}
    assert by_attribute["penalties"]["role"] == "outcome"
    assert by_attribute["private_sector_data"]["role"] == "input"
    assert by_attribute["penalties"]["scope"]["why"]
    assert {(c["region"], c["attribute"], c["value"]) for c in data["claims"]} == {
        ("xiamen", "penalties", "no"),
        ("xiamen", "private_sector_data", "no"),
        ("fuzhou", "negative_indicators_secret", "yes"),
    }


def test_extract_a_text_file_for_one_region(
    runner: CliRunner, make_config: Callable[..., Path], tmp_path: Path
) -> None:
    page = tmp_path / "notes.txt"
    page.write_text("Participation is voluntary. Residents can opt out.", encoding="utf-8")
    args = ["--config", str(make_config()), "extract", str(page), "--region", "shanghai"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "shanghai  voluntary_participation = yes" in result.output
    assert "“Participation is voluntary.”" in result.output


def test_extract_a_stored_url_and_everything_pending(
    runner: CliRunner, make_config: Callable[..., Path]
) -> None:
    path = make_config()
    config = load_config(path)
    store(config, open_workspace(config), XIAMEN_HTML.encode())
    by_url = runner.invoke(cli, ["--config", str(path), "extract", URL, "--json"])
    assert by_url.exit_code == 0, by_url.output
    assert len(json.loads(by_url.output)["claims"]) == 3
    pending = runner.invoke(cli, ["--config", str(path), "extract", "--json"])
    assert pending.exit_code == 0, pending.output
    assert json.loads(pending.output)["documents"] == 1
    text = runner.invoke(cli, ["--config", str(path), "extract", "--rerun"])
    assert "Extracted 1 snapshot(s): 3 claim(s), 0 unreadable" in text.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "https://nowhere.example/x"], "no stored snapshot"),
        (["extract", "missing-file.html"], "cannot read"),
        (["extract", "missing-file.html", "--region", "atlantis"], "unknown region 'atlantis'"),
        (["evaluate", "--gold", "no-gold.yaml"], "no gold set here"),
    ],
    ids=["unknown-url", "missing-file", "unknown-region", "missing-gold"],
)
def test_expected_failures_are_one_line_errors(
    runner: CliRunner, make_config: Callable[..., Path], args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["--config", str(make_config()), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_malformed_pdf_file_is_a_one_line_error(
    runner: CliRunner, tmp_path: Path, make_config: Callable[..., Path]
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nbroken")
    result = runner.invoke(cli, ["--config", str(make_config()), "extract", str(bad)])
    assert result.exit_code == 1
    assert "unreadable PDF" in result.output


def test_evaluate_prints_precision_and_recall(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["evaluate", "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["passages"] >= 60
    assert data["split"] == "dev"
    assert set(data["overall"]) == {"tp", "fp", "fn", "precision", "recall"}
    assert set(data["attributes"]) >= {"inputs", "penalties", "surveillance_tech"}
    assert set(data["languages"]) >= {"en", "zh"}
    assert set(data["scope"]) == {"right", "total", "share"}
    table = runner.invoke(cli, ["evaluate", "--split", "dev"])
    lines = table.output.splitlines()
    assert "precision" in lines[0]
    assert any(line.startswith("overall") for line in lines)
    assert lines[-1].startswith(f"{data['passages']} passages (dev)")


def test_the_old_command_name_still_scores_every_split(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["eval-extract", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["split"] == "all"


def test_helper_processes_extract_the_same_as_one_process(
    workspace: tuple[Config, Database],
) -> None:
    """Forty distinct pages through one helper process and through two (forked from a fresh
    server, not from this process): the same documents and claims, each snapshot written
    once."""
    config, db = workspace
    ids = [
        store(
            config,
            db,
            XIAMEN_HTML.replace("</body>", f"<p>Page {i}.</p></body>").encode(),
            url=f"https://example.org/xiamen-{i}.html",
        )
        for i in range(40)
    ]
    alone = extract_pending(config, db, workers=1)

    def stored() -> dict[int, tuple[str, list[tuple[str, str, object]]]]:
        out = {}
        for snapshot_id in ids:
            document = document_for(db, snapshot_id)
            assert document is not None
            assert document.error is None
            claims = sorted(
                (c.region, c.attribute, str(c.value)) for c in claims_for_snapshot(db, snapshot_id)
            )
            out[snapshot_id] = (document.norm_sha256, claims)
        return out

    before = stored()
    calls: list[int] = []
    pooled = extract_pending(
        config, db, rerun=True, workers=2, progress=lambda done, total: calls.append(done)
    )
    assert (pooled.snapshots, pooled.documents, pooled.claims) == (40, 40, alone.claims)
    assert calls == list(range(1, 41))
    assert stored() == before
    assert db.execute("select count(*) from documents").fetchone()[0] == 40


def test_extraction_workers_default_to_the_cpus_at_most_two(
    workspace: tuple[Config, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from monitor.pipeline.extraction import extract_workers

    config, _ = workspace
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert extract_workers(config) == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert extract_workers(config) == 1
    explicit = config.model_copy(
        update={"monitor": config.monitor.model_copy(update={"extract_workers": 6})}
    )
    assert extract_workers(explicit) == 6


NOISY = """<html><head><title>Bailu score</title></head><body><article>
<h2>Xiamen</h2><p>Updated {date}. Read {views} times.</p>
<p>Citizens in Xiamen receive no penalty for a low score.  Residents with good scores rent
bikes without a deposit.</p><p>The score started in 2018.</p>
</article></body></html>"""


def test_a_page_whose_change_is_noise_keeps_its_claims_without_reading_them_again(
    workspace: tuple[Config, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract.claims import extract_claims
    from monitor.pipeline import extraction

    config, db = workspace
    first = store(config, db, NOISY.format(date="3 May 2024", views=120).encode())
    extract_pending(config, db, workers=0)

    def no_rules(*args: object, **kwargs: object) -> object:
        raise AssertionError("the claim rules ran on a page whose change was noise")

    import extract.claims

    # extraction imports the rules where a page is read: patch them at their home
    monkeypatch.setattr(extract.claims, "extract_claims", no_rules)
    second = store(config, db, NOISY.format(date="19 June 2025", views=98765).encode())
    extract_pending(config, db, workers=0)
    document = document_for(db, second)
    assert document is not None
    assert document.text != document_for(db, first).text  # type: ignore[union-attr]
    carried = claims_for_snapshot(db, second)
    fresh = extract_claims(document.text, regions=extraction.region_names(config))

    def key(c: Claim) -> tuple[object, ...]:
        e = c.evidence
        return (c.region, c.attribute, c.value, c.rule, c.modality, e.quote, e.start, e.end)

    assert sorted(map(key, carried)) == sorted(map(key, fresh))
    assert len(carried) == len(claims_for_snapshot(db, first)) > 0
    for claim in carried:
        assert claim.evidence.quote == document.text[claim.evidence.start : claim.evidence.end]

    monkeypatch.undo()  # a real edit is read again
    edited = NOISY.replace("no penalty", "a fine").format(date="1 July 2025", views=5)
    third = store(config, db, edited.encode())
    extract_pending(config, db, workers=0)
    values = {(c.attribute, c.value) for c in claims_for_snapshot(db, third)}
    assert ("penalties", "yes") in values


ALIASED = """<html><head><title>Haven score</title></head><body><article>
<p>Updated {date}.</p><p>Residents of Ludao Haven with good scores rent bikes without a
deposit.</p></article></body></html>"""


def test_claims_are_read_again_after_a_noise_change_when_the_config_changed(
    workspace: tuple[Config, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new region alias in the config is applied to the page's next version even when that
    version changed only in noise: its claims are not carried over from the old reading."""


    config, db = workspace
    store(config, db, ALIASED.format(date="3 May 2024").encode(), source_id="npr-2017")
    extract_pending(config, db, workers=0)
    reads: list[str] = []
    import extract.claims

    real = extract.claims.extract_claims

    def counted(text: str, **kwargs: object) -> list[Claim]:
        reads.append(text)
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract.claims, "extract_claims", counted)
    second = store(config, db, ALIASED.format(date="4 May 2024").encode(), source_id="npr-2017")
    extract_pending(config, db, workers=0)
    assert reads == []  # same inputs: carried
    assert not any(c.region == "xiamen" for c in claims_for_snapshot(db, second))

    regions = [
        r.model_copy(update={"aliases": [*r.aliases, "Ludao Haven"]}) if r.id == "xiamen" else r
        for r in config.regions
    ]
    aliased = config.model_copy(update={"regions": regions})
    third = store(aliased, db, ALIASED.format(date="5 May 2024").encode(), source_id="npr-2017")
    extract_pending(aliased, db, workers=0)
    assert len(reads) == 1  # the alias is new: read again
    values = {(c.region, c.attribute) for c in claims_for_snapshot(db, third)}
    assert ("xiamen", "rewards") in values

    fourth = store(aliased, db, ALIASED.format(date="6 May 2024").encode(), source_id="npr-2017")
    extract_pending(aliased, db, workers=0)
    assert len(reads) == 1  # and carried again once the config stays the same
    assert {(c.region, c.attribute) for c in claims_for_snapshot(db, fourth)} == values


def test_the_helpers_server_warms_up_with_the_jobs_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The regions reach the helpers' server through its environment, which is left as it was."""
    import os

    from db.models import RegionNames
    from monitor.pipeline import extraction, extraction_preload

    regions = (
        RegionNames("xiamen", ("Xiamen", "厦门")),
        RegionNames("xinjiang", ("Xinjiang",), True),
    )
    monkeypatch.setenv(
        extraction.WARM_REGIONS,
        json.dumps([["xiamen", ["Xiamen", "厦门"], False], ["xinjiang", ["Xinjiang"], True]]),
    )
    assert extraction_preload.warm_regions() == regions
    monkeypatch.setenv(extraction.WARM_REGIONS, "{not json")
    assert extraction_preload.warm_regions() == ()
    monkeypatch.delenv(extraction.WARM_REGIONS)
    extraction.helper_context(regions)
    assert extraction.WARM_REGIONS not in os.environ
