"""sqlite_utils imported without its optional numpy support.

sqlite_utils imports numpy when it is installed (to map numpy values to column types when
they are inserted). The project never inserts numpy values, and numpy costs every process
that imports it about 16 MB of resident memory and 60 ms: the run's process, the crawl
process, the extraction helpers' server and each helper. The topic net's WordLlama needs
numpy, and still imports it where it is loaded: only the import of sqlite_utils is kept
from pulling it in.
"""

from __future__ import annotations

import sys


def import_sqlite_utils() -> None:
    """Import sqlite_utils (once per process) without numpy, unless numpy is loaded already."""
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        if sys.modules.get("numpy", False) is None:
            del sys.modules["numpy"]
