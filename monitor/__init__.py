"""scs-monitor: monitoring, compliance matrix, alerts and the CLI."""

from base.lean import import_sqlite_utils

import_sqlite_utils()  # before any module of the package imports it (base/lean.py)


__version__ = "0.1.0"
