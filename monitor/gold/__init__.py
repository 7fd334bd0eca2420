"""The labelled gold set (data/, shipped with the package) and scoring the extractor on it."""
