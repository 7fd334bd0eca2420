"""The cache of compiled pattern files (extract/regexcache.py, issue 18: a run's fixed cost).
A pattern read from the cache is the pattern `re.compile` gives (CPython compares patterns by
their flags, expression and compiled code); a file of another build, or a damaged one, is
ignored, and so is one written by other code (the build names a hash of the code that
decides what an expression becomes); the helpers' server writes the data dir's cache once and
later runs read it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from extract.prefilter import analyse_alternatives
from extract.regexcache import RegexCache, build, pack
from extract.rules import FLAGS, RuleSet, load_ruleset
from tests.runs import script_json

REPO = Path(__file__).resolve().parent.parent


def test_a_ruleset_read_from_the_cache_is_the_one_compiled(tmp_path: Path) -> None:
    """Every rule, term, topic and cue of the pattern files, compiled through the cache and
    then read back from it by a fresh load, is equal to what `re.compile` gave; so are the
    prefilter's analyses of the rules."""
    from extract import regexcache
    from extract.prefilter import source_alternatives

    def expressions(ruleset: RuleSet) -> list[re.Pattern[str]]:
        cues = [getattr(ruleset.cues, name) for name in ruleset.cues.__dataclass_fields__]
        return (
            [r.pattern for r in ruleset.rules]
            + [t.pattern for t in ruleset.terms]
            + [t.pattern for t in ruleset.topics]
            + [c for c in cues if isinstance(c, re.Pattern)]
        )

    try:
        cold_cache = regexcache.use(tmp_path)
        assert cold_cache is not None
        cold = expressions(load_ruleset.__wrapped__())
        assert cold_cache.added
        cold_cache.save()
        warm_cache = regexcache.use(tmp_path)
        assert warm_cache is not None
        assert len(warm_cache.stored) >= len(load_ruleset().rules)
        warm = expressions(load_ruleset.__wrapped__())
        assert not warm_cache.added  # every expression came from the file
    finally:
        regexcache.use(None)
    assert warm == cold
    assert warm == expressions(load_ruleset())
    for rule in load_ruleset().rules:
        source, flags = rule.pattern.pattern, rule.pattern.flags
        assert source_alternatives.__wrapped__(source, flags) == analyse_alternatives(source, flags)
    sample = "Residents of Xiamen on the blacklist cannot fly; 失信被执行人不得乘坐飞机。"
    for read, compiled in zip(warm, cold, strict=True):
        assert [m.span() for m in read.finditer(sample)] == [
            m.span() for m in compiled.finditer(sample)
        ]


def test_prefilter_analyses_read_back_are_the_ones_made(tmp_path: Path) -> None:
    cache = RegexCache(tmp_path / "regex.json")
    sources = [r.pattern.pattern for r in load_ruleset().rules]
    for source in sources:
        cache.remember_analysis(source, FLAGS, analyse_alternatives(source, FLAGS))
    cache.save()
    again = RegexCache(tmp_path / "regex.json")
    for source in sources:
        assert again.analysis(source, FLAGS) == analyse_alternatives(source, FLAGS)


def test_only_what_a_process_used_is_written_back(tmp_path: Path) -> None:
    path = tmp_path / "regex.json"
    first = RegexCache(path)
    for text in ("old|former", "new|current"):
        first.remember_pattern(text, FLAGS, re.compile(text, FLAGS))
    first.save()
    second = RegexCache(path)
    assert second.pattern("new|current", FLAGS) is not None
    second.remember_pattern("newer", FLAGS, re.compile("newer", FLAGS))
    second.save()
    kept = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert sorted(kept) == sorted([f"p{int(FLAGS)}:new|current", f"p{int(FLAGS)}:newer"])
    untouched = path.stat().st_mtime_ns
    third = RegexCache(path)
    assert third.pattern("newer", FLAGS) is not None
    third.save()  # nothing compiled: nothing written
    assert path.stat().st_mtime_ns == untouched


def test_another_build_a_damaged_file_or_entry_means_compiling(tmp_path: Path) -> None:
    path = tmp_path / "regex.json"
    cache = RegexCache(path)
    cache.remember_pattern("a+b", FLAGS, re.compile("a+b", FLAGS))
    cache.save()
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "build": build() + "-other"}), encoding="utf-8")
    assert RegexCache(path).pattern("a+b", FLAGS) is None
    path.write_text('{"build": "', encoding="utf-8")
    assert RegexCache(path).pattern("a+b", FLAGS) is None
    key = f"p{int(FLAGS)}:a+b"
    entry = data["entries"][key]
    invalid_code = [*entry[:2], pack([99999, 1, 2]), *entry[3:]]  # CPython refuses it
    not_base64 = [*entry[:2], "*not base64*", *entry[3:]]
    for damaged in (invalid_code, not_base64, [*entry[:2], [1, 2], *entry[3:]], entry[:3], "x"):
        data["entries"][key] = damaged
        path.write_text(json.dumps(data), encoding="utf-8")
        assert RegexCache(path).pattern("a+b", FLAGS) is None
    (tmp_path / "nowhere").mkdir()
    assert RegexCache(tmp_path / "nowhere" / "none.json").pattern("a+b", FLAGS) is None


SCRIPT = """
import json, sys
from pathlib import Path
from monitor.config import load_config
from monitor.pipeline.extraction import claims_of_file

def main():
    config = load_config(sys.argv[1])
    claims = claims_of_file(config, Path(sys.argv[2]), ["xiamen"])
    print(json.dumps(sorted([c.attribute, str(c.value)] for c in claims)))

if __name__ == "__main__":
    main()
"""


def test_the_helpers_server_writes_the_data_dir_s_cache_and_later_runs_read_it(
    make_config, tmp_path: Path
) -> None:
    config = make_config()
    page = tmp_path / "page.txt"
    page.write_text("Xiamen residents on the blacklist cannot buy plane tickets.", "utf-8")

    def run() -> list[list[str]]:
        found: list[list[str]] = script_json(
            tmp_path / "extract_once.py", SCRIPT, str(config), str(page)
        )
        return found

    nothing = run()  # `extract PATH` with no data dir yet makes none
    assert not (tmp_path / "data").exists()
    (tmp_path / "data").mkdir()
    cold = run()
    assert cold == nothing
    cache = tmp_path / "data" / "cache" / "regex.json"
    written = json.loads(cache.read_text(encoding="utf-8"))
    assert written["build"] == build()
    assert len(written["entries"]) > 400
    stamp = cache.stat().st_mtime_ns
    assert run() == cold
    assert ["penalties", "yes"] in cold
    assert cache.stat().st_mtime_ns == stamp  # read, nothing compiled, not written again


def test_what_modules_compile_while_captured_is_cached_and_re_is_left_as_it_was(
    tmp_path: Path,
) -> None:
    """Inside `capturing()` every text expression goes through the active cache (kept for the
    next write, read back by the next process); outside, re.compile is re's own again."""
    from extract import regexcache

    original = re._compile  # type: ignore[attr-defined]
    cache = regexcache.use(tmp_path)
    assert cache is not None
    try:
        with regexcache.capturing():
            first = re.compile(r"captured\s+(?:once|twice)", re.I)
        assert re._compile is original  # type: ignore[attr-defined]
        cache.remember_pattern("rules|file", FLAGS, re.compile("rules|file", FLAGS))
        cache.save()  # a pattern file's expression was new: written, with the captured one
        again = regexcache.use(tmp_path)
        assert again is not None
        read = again.pattern(r"captured\s+(?:once|twice)", int(re.I))
        assert read == first
        assert read is not None
        assert read.search("Captured  Twice")
        with regexcache.capturing():
            assert re.compile(r"captured\s+(?:once|twice)", re.I) == first
            re.compile(r"only\s+captured")  # new, but captured: no reason to write the file
        assert not again.added
    finally:
        regexcache.use(None)
    with regexcache.capturing():  # no cache on: nothing to do
        assert re._compile is original  # type: ignore[attr-defined]
