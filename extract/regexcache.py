"""What compiling the pattern files' expressions produced, kept on disk between processes.

Every run that extracts or compares starts a server process that compiles the pattern
files' expressions (about 460, 175,000 characters) and analyses each for the prefilter: most
of a second of CPU, paid again by every run. This cache keeps, for one Python build, what
`re` compiled each expression to (the arguments of `_sre.compile`: the expression, its
flags, its code, its groups) and the prefilter's analysis of it, in one JSON file. Loading
it skips parsing and code generation; CPython validates the code as it loads it, and an
entry is written only when the pattern rebuilt from it equals the one `re.compile` gave.
The file names the Python build and `_sre.MAGIC`: another build ignores it (and replaces
it). A missing, unreadable, oversized or mismatching file, or entry, means compiling as
before. Writing keeps only the entries this process used, so a changed pattern file does
not leave old ones behind.

Off unless `use(directory)` was called: the extraction helpers' server turns it on for the
data dir's `cache/` (monitor.pipeline.extraction.helper_context).
"""

from __future__ import annotations

import _sre
import base64
import contextlib
import hashlib
import json
import os
import re
import re._compiler as sre_compiler  # Python 3.11+: private, as re itself uses them
import re._parser as sre_parse
import sys
import tempfile
import time
from array import array
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = 2
MAX_BYTES = 64 * 2**20  # a bigger file is not ours: ignored
Requirements = tuple[frozenset[str], ...]


class RegexCache:
    """Compiled expressions and prefilter analyses of one file (see the module's doc)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[str, Any] = {}  # key -> entry, as read from the file
        self.used: dict[str, Any] = {}  # key -> entry, what this process compiled or read
        self.added = False
        self.read()

    def read(self) -> None:
        try:
            if self.path.stat().st_size > MAX_BYTES:
                return
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if (
            isinstance(data, dict)
            and data.get("build") == build()
            and isinstance(data.get("entries"), dict)
        ):
            self.stored = data["entries"]

    def pattern(self, text: str, flags: int) -> re.Pattern[str] | None:
        """The expression `text` compiled as before (by rules.compile_pattern), or None."""
        key = f"p{int(flags)}:{text}"
        entry = self.stored.get(key)
        if entry is None:
            return None
        try:
            source, final, packed, groups, groupindex, indexgroup = entry
            compiled = _sre.compile(
                source, final, unpack(packed), groups, dict(groupindex), tuple(indexgroup)
            )
        except (TypeError, ValueError, RuntimeError, OverflowError):  # not a valid entry
            return None
        if not isinstance(compiled, re.Pattern):
            return None
        self.used[key] = entry
        return compiled

    def remember_pattern(
        self, text: str, flags: int, compiled: re.Pattern[str], *, quiet: bool = False
    ) -> None:
        """Keep what `re` compiled `text` (with `flags`) to, if it can be rebuilt exactly.
        `quiet`: kept for the next write, but no reason for one (an expression a library
        builds from a set comes out in another order in every process)."""
        entry = compiled_form(compiled, flags)
        if entry is not None:
            self.used[f"p{int(flags)}:{text}"] = entry
            self.added = self.added or not quiet

    def analysis(self, source: str, flags: int) -> tuple[Requirements, ...] | None:
        """The prefilter's analysis of an expression, if stored."""
        key = f"a{int(flags)}:{source}"
        entry = self.stored.get(key)
        if not isinstance(entry, list):
            return None
        try:
            found = tuple(tuple(frozenset(map(str, part)) for part in alt) for alt in entry)
        except TypeError:
            return None
        self.used[key] = entry
        return found

    def remember_analysis(self, source: str, flags: int, found: tuple[Requirements, ...]) -> None:
        self.used[f"a{int(flags)}:{source}"] = [[sorted(part) for part in alt] for alt in found]
        self.added = True

    def save(self) -> None:
        """Write what this process used, when it compiled anything the file lacked (one
        atomic replace: a reader sees the old file or the new one)."""
        if not self.added:
            return
        data = {"build": build(), "entries": self.used}
        temp: Path | None = None
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # as the data dir
            remove_stale_temp_files(self.path.parent)
            fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=".regex-", suffix=".tmp")
            temp = Path(name)
            with os.fdopen(fd, "w", encoding="ascii") as out:
                json.dump(data, out, separators=(",", ":"))
            temp.replace(self.path)
        except (OSError, ValueError, TypeError):  # a cache: the next process compiles again
            if temp is not None:
                temp.unlink(missing_ok=True)
            return
        self.stored, self.added = dict(self.used), False


STALE_TEMP_SECONDS = 3600.0  # a writer's temporary file older than this was left by a kill


def remove_stale_temp_files(directory: Path) -> None:
    """Temporary files of writers killed before they could rename them (a live writer's file
    is younger than STALE_TEMP_SECONDS)."""
    now = time.time()
    for leftover in directory.glob(".regex-*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()


def compiled_form(compiled: re.Pattern[str], flags: int) -> list[Any] | None:
    """The arguments `_sre.compile` needs to rebuild `compiled` (compiled from its source
    with `flags`), or None when the rebuilt pattern would differ."""
    try:
        tree = sre_parse.parse(compiled.pattern, flags)
        code = sre_compiler._code(tree, flags)
        groupindex = dict(tree.state.groupdict)
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = [
            compiled.pattern,
            flags | tree.state.flags,
            pack(code),
            tree.state.groups - 1,
            groupindex,
            indexgroup,
        ]
        rebuilt = _sre.compile(
            entry[0], entry[1], unpack(entry[2]), entry[3], groupindex, tuple(indexgroup)
        )
    except Exception:  # another Python's internals: no cache
        return None
    return entry if rebuilt == compiled else None


def pack(code: list[int]) -> str:
    """Compiled code as text: its words (CODESIZE bytes each, this machine's order) in
    base64. Kept as one string per expression, it becomes a list of integers only while the
    expression is rebuilt (a list of all of them would take about 20 MB at once)."""
    return base64.b64encode(array(CODE_TYPE, code).tobytes()).decode("ascii")


def unpack(packed: str) -> list[int]:
    if not isinstance(packed, str):
        raise TypeError("packed code is text")
    words = array(CODE_TYPE)
    words.frombytes(base64.b64decode(packed, validate=True))
    return words.tolist()


CODE_TYPE = "I" if array("I").itemsize == _sre.CODESIZE else "L"


@lru_cache(maxsize=1)
def build() -> str:
    """The Python build whose compiled code the file holds, and the code that decided what
    each expression becomes (the first-character lookahead, the prefilter's analysis, this
    cache): another release of the tool ignores an older release's file and rewrites it."""
    code = hashlib.sha256()
    for name in CODE_FILES:
        code.update((Path(__file__).parent / name).read_bytes())
    python = (
        f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|"
        f"{sys.byteorder}|{CODE_TYPE}{array(CODE_TYPE).itemsize}"
    )
    return f"{FORMAT}|{python}|{code.hexdigest()[:16]}"


CODE_FILES = ("regexcache.py", "prefilter.py", "rules.py")


_active: RegexCache | None = None


def use(directory: str | Path | None) -> RegexCache | None:
    """Turn the cache on for this process, in `directory` (None: off)."""
    global _active
    _active = None
    if directory:
        try:
            build()  # the code it hashes must be readable (not in an install without sources)
        except OSError:
            return None
        _active = RegexCache(Path(directory) / "regex.json")
    return _active


def active() -> RegexCache | None:
    return _active


@contextlib.contextmanager
def capturing() -> Iterator[None]:
    """While inside, every text expression this process compiles (the modules' own at import,
    the libraries': trafilatura alone compiles about 300) is read from the active cache, or
    compiled and kept in it (written with the pattern files' expressions when one of those
    was new). Outside, `re` works as it always does: a cache lookup on every
    `re.search(text, ...)` would cost more than `re`'s own memo of recent expressions."""
    cache = _active
    if cache is None:
        yield
        return
    original = re._compile  # type: ignore[attr-defined]

    def compile_through_cache(pattern: Any, flags: Any) -> Any:
        if isinstance(pattern, str):
            value = int(flags)
            if not value & re.DEBUG:
                found = cache.pattern(pattern, value)
                if found is not None:
                    return found
                compiled = original(pattern, flags)
                cache.remember_pattern(pattern, value, compiled, quiet=True)
                return compiled
        return original(pattern, flags)

    re._compile = compile_through_cache  # type: ignore[attr-defined]
    try:
        yield
    finally:
        re._compile = original  # type: ignore[attr-defined]
