"""crawler package."""

from base.lean import import_sqlite_utils

import_sqlite_utils()  # before any module of the package imports it (base/lean.py)
