"""Import layers: db at the bottom; extract (db.models only) and crawler (db) above; monitor
on top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "db": {"db"},
    "extract": {"extract", "db.models"},
    "crawler": {"crawler", "db"},
    "monitor": {"monitor", "db", "extract", "crawler"},
}


def project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n.split(".")[0] in ALLOWED}


def allowed(package: str, name: str) -> bool:
    return any(name == rule or name.startswith(rule + ".") for rule in ALLOWED[package])


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_respect_the_layers(package: str) -> None:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "demo_site" in path.parts:
            continue
        bad += [
            f"{path.relative_to(ROOT)} imports {n}"
            for n in project_imports(path)
            if not allowed(package, n)
        ]
    assert bad == []
