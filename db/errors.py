"""Exceptions of the db package."""


class StoreError(Exception):
    """The database or snapshot archive cannot be read or written as asked."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer scs-monitor than this one."""
