"""The extraction helpers' memory cap (issue 15): each helper process runs with its address
space capped at extract.helper_memory_mb; a snapshot that needs more is recorded
`too-complex` saying so (no claims, not tried again under the same extractor version), and
the snapshots beside it are extracted as usual. Real helper processes, real limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from db.models import TOO_COMPLEX
from db.schema import open_database
from extract.errors import ExtractError
from monitor.config import load_config
from monitor.pipeline.extraction import (
    FileItem,
    FileJob,
    TextLimits,
    claims_of_file,
    extract_pending,
    in_helpers,
)
from tests.test_extract_pipeline import store

#: a plain body that needs more than the smallest cap: a warm helper maps about 200 MB, and
#: decoding these 150 MB takes 150 MB more before anything else is done
HUGE = 150_000_000
OVER = f"{TOO_COMPLEX}: extraction needed more than 300 MB (extract.helper_memory_mb)"


def test_the_default_cap_and_its_floor(make_config: Callable[..., Path]) -> None:
    assert load_config(make_config(sources=[])).extract.helper_memory_mb == 1024
    with pytest.raises(Exception, match="helper_memory_mb"):
        load_config(make_config(sources=[], extract={"helper_memory_mb": 100}))


def test_a_snapshot_over_the_cap_is_recorded_and_the_others_read(
    make_config: Callable[..., Path],
) -> None:
    config = load_config(make_config(sources=[], extract={"helper_memory_mb": 300}))
    db = open_database(config.db_path)
    config.snapshot_dir.mkdir(parents=True, exist_ok=True)
    huge = store(config, db, b"x" * HUGE, url="https://e.org/huge", content_type="text/plain")
    page = b"<html><body><p>Xiamen residents on the blacklist cannot fly.</p></body></html>"
    normal = store(config, db, page, url="https://e.org/page")
    summary = extract_pending(config, db, workers=1)
    assert summary.documents == 2
    documents = {d["snapshot_id"]: d for d in db.table("documents").rows}
    assert documents[huge]["error"].startswith(OVER)
    assert documents[huge]["text"] == ""
    assert db.table("claims").count_where("snapshot_id = ?", [huge]) == 0
    assert documents[normal]["error"] is None
    assert "blacklist" in documents[normal]["text"]
    # recorded like a page over its time budget: the next run does not take it up again
    assert extract_pending(config, db).snapshots == 0


def test_running_out_outside_the_job_is_recorded_too() -> None:
    """A file handed to the helper over its pipe (`extract PATH`) runs the helper out of
    memory as it is received: the helper says so and exits, and the file is recorded."""
    item = FileItem("huge.txt", b"x" * HUGE, "text/plain", "utf-8")
    job = FileJob((), (), TextLimits(memory_mb=300))
    [(_, error, claims)] = list(in_helpers(job, [item], 1, 600, 300))
    assert (error or "").startswith(OVER)
    assert claims == []


def test_extract_path_over_the_cap_is_an_extract_error(
    make_config: Callable[..., Path], tmp_path: Path
) -> None:
    config = load_config(make_config(sources=[], extract={"helper_memory_mb": 300}))
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * HUGE)
    with pytest.raises(ExtractError, match=r"huge\.txt: too-complex: extraction needed more"):
        claims_of_file(config, path, ())
