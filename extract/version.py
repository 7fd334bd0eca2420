"""The claim extractor's version: documents read by an older one are read again.

Kept apart from extract.claims so that a run with nothing to read (every page unchanged) can
tell which documents are current without importing the claim rules' modules."""

EXTRACTOR_VERSION = "1.175.0"
