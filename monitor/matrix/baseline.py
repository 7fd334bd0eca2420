"""The study's baseline dataset (monitor/data/baseline.yaml) -> attribute values and Table 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.models import (
    ATTRIBUTE_KINDS,
    BASES,
    MARKS,
    TRI_STATE,
    AttributeValue,
    MatrixCell,
    normalise_value,
)
from monitor.config import Config, read_yaml
from monitor.errors import ConfigError


def load_baseline(config: Config) -> tuple[list[AttributeValue], list[MatrixCell]]:
    """Every region x attribute (silent ones as unknown/not-stated) and all matrix cells."""
    path = config.baseline_path
    data = read_yaml(path)
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{path}: expected a mapping with 'attributes' and 'matrix'"])
    attributes = parse_attributes(path, config, data.get("attributes") or {}, problems)
    cells = parse_matrix(path, config, data.get("matrix") or {}, problems)
    if problems:
        raise ConfigError(str(path), problems)
    return attributes, cells


def parse_attributes(
    path: Path, config: Config, data: dict[str, Any], problems: list[str]
) -> list[AttributeValue]:
    out = []
    for region in config.region_ids():
        given = data.get(region) or {}
        for name in sorted(set(given) - set(ATTRIBUTE_KINDS)):
            problems.append(f"{path}: attributes.{region}.{name}: unknown attribute id")
        for attribute in ATTRIBUTE_KINDS:
            entry = given.get(attribute)
            key = f"attributes.{region}.{attribute}"
            out.append(parse_entry(path, key, region, attribute, entry, problems))
    for region in sorted(set(data) - set(config.region_ids())):
        problems.append(f"{path}: attributes.{region}: unknown region id")
    return out


def parse_entry(
    path: Path, key: str, region: str, attribute: str, entry: Any, problems: list[str]
) -> AttributeValue:
    if entry is None:
        return AttributeValue(region, attribute, "unknown", "not-stated", version=1)
    value = normalise_value(attribute, entry.get("value"))
    kind = ATTRIBUTE_KINDS[attribute]
    if kind == "tri" and value not in TRI_STATE:
        problems.append(
            f"{path}: {key}.value: expected one of {'|'.join(TRI_STATE)}, got {value!r}"
        )
    if kind == "list" and not (isinstance(value, tuple) or value == "unknown"):
        problems.append(f"{path}: {key}.value: expected a list, got {value!r}")
    basis = entry.get("basis", "stated")
    if basis not in BASES:
        problems.append(f"{path}: {key}.basis: expected one of {'|'.join(BASES)}, got {basis!r}")
    cites = tuple(entry.get("cite") or ())
    return AttributeValue(region, attribute, value, basis, cites, str(entry.get("note") or ""))


def parse_matrix(
    path: Path, config: Config, data: dict[str, Any], problems: list[str]
) -> list[MatrixCell]:
    cells = []
    for principle in config.principle_ids():
        row = data.get(principle)
        if not isinstance(row, dict):
            problems.append(f"{path}: matrix.{principle}: missing row")
            continue
        for region in config.region_ids():
            mark = row.get(region)
            if mark not in MARKS:
                problems.append(
                    f"{path}: matrix.{principle}.{region}: expected one of {'|'.join(MARKS)}, "
                    f"got {mark!r}"
                )
                continue
            cells.append(MatrixCell(principle, region, mark, "published Table 1", "baseline"))
    return cells
