"""Exceptions of the db package."""


class StoreError(Exception):
    """The database or snapshot archive cannot be read or written as asked.

    `missing` is true when the database file was asked for, not to be created, and is not
    there (`path`): nothing was ever stored in that data dir.
    """

    def __init__(self, message: str, *, path: str | None = None, missing: bool = False):
        self.path = path
        self.missing = missing
        super().__init__(message)


class SchemaTooNewError(StoreError):
    """The database was written by a newer scs-monitor than this one."""
