"""Spiders: `sources.py` is the generic spider driven by the configured sources."""
