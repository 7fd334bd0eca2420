"""The rules file: principle -> attribute dependencies and mark rules.

See monitor/data/rules.yaml for the format and the shipped rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from db.models import ATTRIBUTE_KINDS, Value
from monitor.config import Config, format_errors, read_yaml
from monitor.errors import ConfigError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """One test on an attribute value: `is`, `not`, `in` (any of) or `contains` (list values)."""

    attribute: str
    is_: str | None = Field(default=None, alias="is")
    not_: str | None = Field(default=None, alias="not")
    in_: list[str] | None = Field(default=None, alias="in")
    contains: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [t for t in (self.is_, self.not_, self.in_, self.contains) if t is not None]
        if len(tests) != 1:
            raise ValueError("give exactly one of 'is', 'not', 'in' or 'contains'")
        if self.attribute not in ATTRIBUTE_KINDS:
            raise ValueError(f"unknown attribute id {self.attribute!r}")
        return self

    def holds(self, values: Mapping[str, Value]) -> bool:
        value = values.get(self.attribute, "unknown")
        if self.contains is not None:
            return isinstance(value, tuple) and self.contains in value
        if self.is_ is not None:
            return value == self.is_
        if self.not_ is not None:
            return value != self.not_
        return value in (self.in_ or [])


class AllOf(_Strict):
    all: list[Union[Condition, AllOf, AnyOf]]  # noqa: UP007 (forward refs)

    def holds(self, values: Mapping[str, Value]) -> bool:
        return all(c.holds(values) for c in self.all)


class AnyOf(_Strict):
    any: list[Union[Condition, AllOf, AnyOf]]  # noqa: UP007 (forward refs)

    def holds(self, values: Mapping[str, Value]) -> bool:
        return any(c.holds(values) for c in self.any)


When = Union[Condition, AllOf, AnyOf]  # noqa: UP007


class MarkRule(_Strict):
    id: str
    when: When
    mark: Literal["violates", "upholds", "partial", "none"]
    rationale: str
    apply: bool = False

    def attributes(self) -> set[str]:
        return condition_attributes(self.when)


class PrincipleRules(_Strict):
    gist: str
    depends_on: list[str]
    rules: list[MarkRule] = []

    @model_validator(mode="after")
    def _known(self) -> PrincipleRules:
        unknown = [a for a in self.depends_on if a not in ATTRIBUTE_KINDS]
        if unknown:
            raise ValueError(f"depends_on names unknown attribute ids: {', '.join(unknown)}")
        return self


class RulesFile(_Strict):
    principles: dict[str, PrincipleRules]


def condition_attributes(when: When) -> set[str]:
    if isinstance(when, Condition):
        return {when.attribute}
    parts = when.all if isinstance(when, AllOf) else when.any
    return set().union(*(condition_attributes(p) for p in parts))


def load_rules(config: Config) -> RulesFile:
    """Read and validate the rules file named by the config (or the bundled one)."""
    path: Path = config.rules_path
    data = read_yaml(path)
    try:
        rules = RulesFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(str(path), list(format_errors(path, exc))) from None
    problems = [
        f"{path}: principles.{p}: unknown principle id"
        for p in rules.principles
        if p not in config.principle_ids()
    ] + [
        f"{path}: principles.{p}: missing (every principle needs its dependencies)"
        for p in config.principle_ids()
        if p not in rules.principles
    ]
    for pid, principle in rules.principles.items():
        for i, rule in enumerate(principle.rules):
            missing = rule.attributes() - set(principle.depends_on)
            if missing:
                problems.append(
                    f"{path}: principles.{pid}.rules[{i}]: uses {', '.join(sorted(missing))}"
                    " which depends_on does not list"
                )
    if problems:
        raise ConfigError(str(path), problems)
    return rules
