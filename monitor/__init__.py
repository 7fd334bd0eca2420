"""scs-monitor: monitoring, compliance matrix, alerts and the CLI."""

__version__ = "0.1.0"
