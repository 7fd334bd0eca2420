"""Import layers (docs/architecture.md, "Layers").

Packages: base at the bottom (it imports nothing of the project), then db; extract
(db.models only) and crawler (db) above; monitor on top; each may import base.
Inside monitor, one subpackage ("room") per job: the root modules (config, errors, the
version) at the bottom, and each room importing only the rooms named under it in ROOMS.
Only monitor/cli imports click or rich, and nothing imports monitor/cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "base": {"base"},
    "db": {"db", "base"},
    "extract": {"extract", "db.models", "base"},
    "crawler": {"crawler", "db", "base"},
    "monitor": {"monitor", "db", "extract", "crawler", "base"},
}
#: monitor's rooms, lowest first, and the rooms each may import (besides itself and the root)
ROOMS: dict[str, set[str]] = {
    "matrix": set(),
    "datadir": {"matrix"},
    "alerts": {"matrix", "datadir"},
    "pipeline": {"matrix", "datadir", "alerts"},
    "publish": {"matrix", "datadir", "alerts"},
    "gold": set(),
    "demo": {"matrix", "datadir", "alerts", "pipeline", "publish"},
    "desk": {"matrix", "datadir", "alerts", "pipeline", "publish"},
    "cli": {"matrix", "datadir", "alerts", "pipeline", "publish", "gold", "demo", "desk"},
}
#: monitor's root modules: every room may import them; they import only each other
ROOT_MODULES = {"__init__", "config", "errors"}
ENTRY_POINT = "__main__"  # `python -m monitor`: imports the CLI, and nothing imports it
TERMINAL_LIBRARIES = {"click", "rich"}  # only monitor/cli writes to the terminal


def imports_of(path: Path) -> set[str]:
    """Every absolute import in a file; `from a import b` gives `a.b`, so that importing a
    submodule by name counts as importing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def project_imports(path: Path) -> set[str]:
    return {n for n in imports_of(path) if n.split(".")[0] in ALLOWED}


def allowed(package: str, name: str) -> bool:
    return any(name == rule or name.startswith(rule + ".") for rule in ALLOWED[package])


def python_files(folder: Path) -> list[Path]:
    """The package's modules (the demo site holds no Python: its PDF tool is in tools/)."""
    return sorted(folder.rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_respect_the_layers(package: str) -> None:
    bad = [
        f"{path.relative_to(ROOT)} imports {n}"
        for path in python_files(ROOT / package)
        for n in sorted(project_imports(path))
        if not allowed(package, n)
    ]
    assert bad == []


def room_of(module: str) -> str | None:
    """The room a dotted monitor name lives in ("root" for the root modules), or None for
    a name outside monitor."""
    parts = module.split(".")
    if parts[0] != "monitor":
        return None
    if len(parts) == 1 or parts[1] in ROOT_MODULES or parts[1] == "__version__":
        return "root"
    return parts[1]


def room_of_file(path: Path) -> str:
    parts = path.relative_to(ROOT / "monitor").parts
    return parts[0] if len(parts) > 1 else "root"


@pytest.mark.parametrize("room", ["root", *ROOMS])
def test_monitor_rooms_respect_their_layers(room: str) -> None:
    files = [p for p in python_files(ROOT / "monitor") if room_of_file(p) == room]
    if room == "root":
        files = [p for p in files if p.stem in ROOT_MODULES]
    may = {"root", room} | ROOMS.get(room, set())
    bad = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(imports_of(path))
        if room_of(name) not in (None, *may)
    ]
    assert files
    assert bad == []


def test_only_the_cli_imports_click_or_rich() -> None:
    bad = [
        f"{path.relative_to(ROOT)} imports {name}"
        for package in ALLOWED
        for path in python_files(ROOT / package)
        if not (package == "monitor" and room_of_file(path) == "cli")
        for name in sorted(imports_of(path))
        if name.split(".")[0] in TERMINAL_LIBRARIES
    ]
    assert bad == []


def test_every_module_lives_in_a_room() -> None:
    """monitor's top level holds only the root modules and the entry point; the rest is rooms."""
    top = {p.stem for p in (ROOT / "monitor").glob("*.py")}
    rooms = {p.name for p in (ROOT / "monitor").iterdir() if (p / "__init__.py").exists()}
    assert top == ROOT_MODULES | {ENTRY_POINT}
    assert rooms == set(ROOMS)


def test_nothing_imports_the_cli() -> None:
    bad = [
        f"{path.relative_to(ROOT)} imports {name}"
        for package in ALLOWED
        for path in python_files(ROOT / package)
        if path != ROOT / "monitor" / f"{ENTRY_POINT}.py"
        and not (package == "monitor" and room_of_file(path) == "cli")
        for name in sorted(imports_of(path))
        if room_of(name) == "cli"
    ]
    assert bad == []


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_every_room_says_what_it_owns(room: str) -> None:
    """Each room's __init__.py is one docstring line, saying what it owns, and nothing else."""
    tree = ast.parse((ROOT / "monitor" / room / "__init__.py").read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree)
    assert docstring
    assert "\n" not in docstring
    assert len(tree.body) == 1


LEAN_CHECK = """
import json, sys
import monitor.cli.app, monitor.pipeline.cycle, monitor.pipeline.extraction_preload
import crawler.spiders.sources, crawler.pipelines, scrapy.crawler
from sqlite_utils import Database
db = Database(memory=True)
db["t"].insert({"a": 1})
before = "numpy" in sys.modules
from extract.topicnet import topic_net
topic_net()
after = "numpy" in sys.modules
print(json.dumps({"numpy_before": before, "rows": db["t"].count, "numpy_after": after}))
"""


def fresh_process_report(code: str) -> dict[str, object]:
    """What `code`, run in a fresh interpreter from the checkout, prints last (JSON)."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return report


def test_the_tool_s_processes_import_sqlite_utils_without_numpy() -> None:
    """The run's, the crawl's and the helpers' code load no numpy (16 MB each, base/lean.py);
    sqlite_utils works without it, and the topic net still imports it where it is loaded."""
    got = fresh_process_report(LEAN_CHECK)
    assert got == {"numpy_before": False, "rows": 1, "numpy_after": True}


HELPER_CHECK = """
import json, sys
import monitor.pipeline.extraction_preload
from monitor.pipeline.extraction import ExtractJob, helper_main
from monitor.pipeline.compare_helper import CompareJob
loaded = [m for m in ("sqlite_utils", "pydantic", "monitor.config", "numpy") if m in sys.modules]
from sqlite_utils import Database
db = Database(memory=True)
db["t"].insert({"a": 1})
print(json.dumps({"loaded": loaded, "rows": db["t"].count, "numpy": "numpy" in sys.modules}))
"""


def test_the_helpers_load_neither_the_database_library_nor_the_config() -> None:
    """The helpers' server and the extraction and comparison helpers forked from it read
    pages, never the database or the config: sqlite_utils (about 13 MB with what it pulls
    in) and the config's models stay out of each of them; whoever imports sqlite_utils later
    still gets it without numpy."""
    got = fresh_process_report(HELPER_CHECK)
    assert got == {"loaded": [], "rows": 1, "numpy": False}


GUARD_CHECK = """
import importlib, importlib.resources, importlib.util, json, sys
import db.models
spec_first = importlib.util.find_spec("sqlite_utils") is not None
import sqlite_utils.db
importlib.reload(sqlite_utils.db)
files = len(list(importlib.resources.files("sqlite_utils").iterdir()))
print(json.dumps({"spec": spec_first, "numpy": "numpy" in sys.modules, "files": files > 0}))
"""


def test_the_sqlite_utils_guard_is_not_used_up_and_hides_nothing() -> None:
    """Asking for sqlite_utils's spec first, or reloading a submodule, still brings no numpy;
    the package's files stay readable through the guard's loader."""
    got = fresh_process_report(GUARD_CHECK)
    assert got == {"spec": True, "numpy": False, "files": True}
