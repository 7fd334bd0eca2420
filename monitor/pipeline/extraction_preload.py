"""Imported by the server process that extraction and comparison helpers are forked from
(monitor.pipeline.extraction.helper_context): loads the extractor and compiles its rules once,
and what comparing pages reads besides (sentence scopes, the attributes a sentence speaks of by
the rules), so each helper starts with them ready (and shares their memory with the server
until it writes)."""

from __future__ import annotations

import json
import os

from db.models import RegionNames
from extract import regexcache
from monitor.pipeline import extraction as extraction

WARM_UP = (
    "<html><body><p>Residents of Xiamen on the blacklist cannot fly.</p></body></html>",
    "<html><body><p>厦门市失信被执行人不得乘坐飞机。</p></body></html>",
)


def warm_up() -> None:
    """The extractor loaded, and the rules of every language and the place names of the regions
    the starting job named (in the environment: monitor.pipeline.extraction.WARM_REGIONS)
    compiled, before any fork: read from the data dir's cache of compiled patterns when the job
    named one (REGEX_CACHE), which is written back when anything had to be compiled. The
    modules are imported inside the cache's capture, so the expressions they and their
    libraries compile as they load come from the cache too."""
    cache = regexcache.use(os.environ.get(extraction.REGEX_CACHE) or None)
    with regexcache.capturing():
        from extract.claims import extract_claims, sentence_scopes
        from extract.text import extract_text
        from extract.topics import sentence_topics

        regions = warm_regions()
        for markup in WARM_UP:
            text = extract_text(markup.encode(), content_type="text/html", charset="utf-8")
            extract_claims(text.text, regions=regions, source_regions=())
            sentence_scopes(text.text, regions=regions, source_regions=())
            # as comparing reads them (any language); the topic net (about 65 MB) is left to
            # the comparison helper that needs it: loaded here, every helper would count it
            sentence_topics(text.text, 0, len(text.text), net=False)
    if cache is not None:
        cache.save()
        regexcache.use(None)  # its entries (about 8 MB) are not copied into every helper


def warm_regions() -> tuple[RegionNames, ...]:
    try:
        items = json.loads(os.environ.get(extraction.WARM_REGIONS) or "[]")
        return tuple(RegionNames(str(i), tuple(map(str, n)), bool(c)) for i, n, c in items)
    except (ValueError, TypeError):  # not ours, or malformed: warm the rules alone
        return ()


warm_up()
