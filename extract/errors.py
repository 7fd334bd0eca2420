"""Exceptions of the extract package; only cli.py turns them into exit codes."""


class ExtractError(Exception):
    """A body cannot be turned into text (malformed PDF, binary data, unknown encoding),
    or a bundled pattern file is invalid."""
