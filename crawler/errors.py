"""Exceptions of the crawler package; only cli.py turns them into exit codes."""

from __future__ import annotations

from pathlib import Path

from scrapy.exceptions import IgnoreRequest, StopDownload


class CrawlerError(Exception):
    """Base class for the crawler's own failures."""


class JobError(CrawlerError):
    """The job file handed to `python -m crawler` is missing or invalid: `path` is the
    file, `key` the job key at fault (None when the file as a whole is)."""

    def __init__(self, path: Path, key: str | None, problem: str) -> None:
        self.path, self.key, self.problem = path, key, problem
        where = f"{path}: {key}" if key else str(path)
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.key, self.problem))


class AddressRefusedError(IgnoreRequest):
    """A request would reach a private, loopback or link-local address of an unconfigured
    origin (scheme, host and port)."""


class BadURLError(IgnoreRequest):
    """A request's URL cannot be fetched at all (no host, a port out of range...)."""


class TooLargeError(StopDownload):
    """A response is (or announces itself as) larger than the configured maximum size."""

    def __init__(self, message: str) -> None:
        super().__init__(fail=True)
        self.message = message

    def __str__(self) -> str:
        return self.message


class HeaderTooLargeError(CrawlerError):
    """A response header line is longer than the HTTP client accepts."""


class FeedError(CrawlerError):
    """A feed cannot be read: not well-formed XML, not RSS or Atom, or hostile (entities
    declared, elements nested too deep)."""


class UnknownKindError(CrawlerError, LookupError):
    """A kind name no registry holds: `family` says which registry ("source kind"),
    `valid` the names it does hold. A LookupError, so that code which must not import
    Scrapy (the config) can catch it."""

    def __init__(self, family: str, name: str, valid: tuple[str, ...]) -> None:
        self.family, self.name, self.valid = family, name, valid
        super().__init__(f"unknown {family} {name!r} (expected one of: {', '.join(valid)})")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.family, self.name, self.valid))
