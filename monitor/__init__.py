"""scs-monitor: monitoring, compliance matrix, alerts and the CLI."""

from base.lean import guard_sqlite_utils

guard_sqlite_utils()  # whoever imports sqlite_utils first: without numpy (base/lean.py)


__version__ = "0.1.0"
