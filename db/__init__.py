"""db package."""

from base.lean import guard_sqlite_utils

guard_sqlite_utils()  # whoever imports sqlite_utils first: without numpy (base/lean.py)
