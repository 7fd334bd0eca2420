"""Registries of named kinds: a class registered under a name by a decorator, its one
instance kept by name in registration order (STYLE.md section 6; urlwatch's filters and
reporters).

Source kinds (crawler/kinds.py), matrix formats (monitor/matrix/formats.py) and notification
payloads (monitor/alerts/notify.py) each keep one. A registered class's docstring is its
user documentation (`scs-monitor kinds` prints it); each registry's owner looks names up and
says, its own way, what an unknown one is (a config error, a bad `--format`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
C = TypeVar("C", bound=type[Any])


class Registry(dict[str, T]):
    """Name -> the one instance of the class registered under it."""

    def register(self, name: str) -> Callable[[C], C]:
        """A class decorator: register the class under `name` (which it keeps as `name`)."""

        def add(cls: C) -> C:
            cls.name = name
            self[name] = cls()
            return cls

        return add
