"""sqlite_utils imported without its optional numpy support, and only where it is used.

sqlite_utils imports numpy when it is installed (to map numpy values to column types when
they are inserted). The project never inserts numpy values, and numpy costs every process
that imports it about 16 MB of resident memory and 60 ms: the run's process, the crawl
process, the extraction helpers' server and each helper. The topic net's WordLlama needs
numpy, and still imports it where it is loaded: only the import of sqlite_utils is kept
from pulling it in.

sqlite_utils itself (with click, dateutil and pluggy, about 13 MB) is not imported by the
packages either: `guard_sqlite_utils` only sees to it that whoever imports it first does so
without numpy. The extraction helpers, which read pages and never the database, so stay
without it.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any


class _WithoutNumpy(importlib.abc.Loader):
    """sqlite_utils's own loader, run with numpy unimportable (its submodules, imported by
    its __init__, included); anything else is asked of the real loader (resource readers,
    get_data)."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        blocked = "numpy" not in sys.modules
        if blocked:
            sys.modules["numpy"] = None  # type: ignore[assignment]
        try:
            self.loader.exec_module(module)
        finally:
            if blocked and sys.modules.get("numpy", False) is None:
                del sys.modules["numpy"]


class _SqliteUtilsFinder(importlib.abc.MetaPathFinder):
    """Finds sqlite_utils and its submodules the usual way and hands them the loader above,
    as long as numpy is not loaded anyway. It stays in sys.meta_path and imports nothing
    itself: asking for a spec (importlib.util.find_spec) or a failed import does not use it
    up, and a reloaded submodule still comes without numpy."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] != "sqlite_utils" or "numpy" in sys.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _WithoutNumpy(spec.loader)
        return spec


_GUARD = _SqliteUtilsFinder()


def guard_sqlite_utils() -> None:
    """See to it that sqlite_utils, whenever this process imports it, comes without numpy
    (installs an import hook once; imports nothing). A thread importing numpy at the very
    moment sqlite_utils is being loaded would see it unimportable: the tool's processes
    import sqlite_utils before they start threads."""
    if _GUARD not in sys.meta_path:
        sys.meta_path.insert(0, _GUARD)
