"""config.yaml -> validated pydantic models, parsed once by `load_config()`."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from crawler.kinds import SOURCE_KINDS, FeedOptions, FollowOptions, PortalOptions, source_kind
from db.models import Severity
from monitor.errors import ConfigError, NotFoundError

PACKAGE_DATA = Path(__file__).parent / "data"
_EVERY = re.compile(r"^every\s+(\d+)\s*([smhd])$")
_HOST_LABEL = re.compile(r"^[^\W][\w-]*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"expected an http(s) URL with a host, got {value!r}")
    check_host(parts.hostname, value)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 0 < port <= 65535:
        raise ValueError(f"invalid port in {value!r}: expected a number from 1 to 65535")
    return value


def check_host(host: str, url: str) -> None:
    """A host name (labels of letters, digits, '-' and '_'), an IPv4 or a bracketed IPv6
    address; anything else (a space, an empty label) is a typo the crawl would trip on."""
    if ":" in host:  # urlsplit unbrackets IPv6 addresses
        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            raise ValueError(f"invalid IPv6 address in {url!r}") from None
        return
    labels = host.removesuffix(".").split(".")
    if not all(label and _HOST_LABEL.match(label) for label in labels):
        raise ValueError(
            f"invalid host name {host!r} in {url!r}: a host is made of letters, digits and "
            "hyphens separated by dots (no spaces)"
        )


def parse_schedule(value: str) -> tuple[str, int | str]:
    """'every 6h' -> ('interval', 21600); a five-field cron line -> ('cron', line)."""
    text = value.strip()
    match = _EVERY.match(text)
    if match:
        seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        if seconds <= 0:
            raise ValueError(f"interval must be positive, got {value!r}")
        return "interval", seconds
    if len(text.split()) == 5:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(text, timezone="UTC")
        except ValueError as exc:
            raise ValueError(f"invalid cron expression {value!r}: {exc}") from None
        return "cron", text
    raise ValueError(
        f"expected 'every <n><s|m|h|d>' or a five-field cron expression, got {value!r}"
    )


class Region(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name_en: str
    name_zh: str
    admin_level: Literal[
        "autonomous-region", "municipality", "province", "sub-provincial-city", "city"
    ]
    aliases: list[str] = []

    def names(self) -> list[str]:
        return [self.name_en, self.name_zh, *self.aliases]

    @property
    def contains_cities(self) -> bool:
        return self.admin_level in ("autonomous-region", "province")


class Principle(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label_en: str
    label_zh: str
    aliases: list[str] = []


class Source(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    url: str
    title: str = ""
    cite_key: str | None = None
    class_: Literal["official", "academic", "ngo", "press"] = Field(alias="class")
    kind: str = "html"  # a name in crawler.kinds.SOURCE_KINDS
    language: Literal["en", "zh"] = "en"  # shown in listings; rules follow each sentence's script
    regions: list[str] = []
    schedule: str | None = None
    portal: PortalOptions | None = None  # kind portal's settings
    feed: FeedOptions | None = None  # kind rss's settings
    keep_raw: bool = True
    lists_individuals: bool = False
    notes: str = ""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return check_url(value)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        try:
            source_kind(value)
        except LookupError as exc:  # crawler.errors.UnknownKindError, naming the kinds
            raise ValueError(str(exc)) from None
        return value

    def options(self) -> FollowOptions | None:
        """The settings of this source's kind (`portal:`, `feed:`), None when not given."""
        key = source_kind(self.kind).options_key
        return getattr(self, key) if key is not None else None

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None:
            parse_schedule(value)
        return value


class CrawlOptions(Strict):
    obey_robots: bool = True
    concurrency_per_host: int = Field(default=1, ge=1, le=16)
    delay_seconds: float = Field(default=2.0, ge=0)
    autothrottle: bool = True
    timeout_seconds: float = Field(default=30, gt=0)
    max_bytes: int = Field(default=20_000_000, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    portal_max_depth: int = Field(default=1, ge=0, le=5)
    portal_max_pages: int = Field(default=50, ge=1)
    user_agent: str | None = None
    # crawl processes at once, each taking whole hosts (each about 55 MB more)
    processes: int | None = Field(default=None, ge=1, le=16)
    # where the crawl runs: a child process here (local), or Scrapyd workers (scrapyd) that
    # crawl batches of whole hosts and send their results back; the database stays here
    backend: Literal["local", "scrapyd"] = "local"
    workers: list[str] = []  # Scrapyd workers' addresses, http://host:6800
    # HTTP basic auth for the workers, read from these environment variables (never stored)
    worker_username_env: str | None = None
    worker_password_env: str | None = None
    # a batch not done on its worker within this long is sent to another (default: 1 hour)
    batch_timeout_seconds: float = Field(default=3600, gt=0)
    batch_attempts: int = Field(default=3, ge=1, le=10)  # workers tried before giving up

    @field_validator("workers")
    @classmethod
    def _workers(cls, value: list[str]) -> list[str]:
        for url in value:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"{url!r}: a worker is an http(s)://host:port address")
            if parts.username is not None or parts.password is not None:
                raise ValueError(
                    f"{parts.hostname}: no credentials in a worker's address (name their "
                    "environment variables in crawl.worker_username_env / worker_password_env)"
                )
            try:
                parts.port  # noqa: B018 - raises on a port out of range
            except ValueError as exc:
                raise ValueError(f"{url!r}: {exc}") from None
        return [url.rstrip("/") for url in value]

    @model_validator(mode="after")
    def _backend(self) -> CrawlOptions:
        if self.backend == "scrapyd" and not self.workers:
            raise ValueError("crawl.backend scrapyd needs crawl.workers (Scrapyd addresses)")
        return self


class MonitorOptions(Strict):
    health_alert_after_runs: int = Field(default=2, ge=1)
    # processes extracting new snapshots at once (default: the CPUs, at most 2; ~55 MB each)
    extract_workers: int | None = Field(default=None, ge=1, le=64)
    source_weights: dict[str, float] = {"official": 4, "academic": 3, "ngo": 2, "press": 1}
    # "value unclear" alerts for sentences edited in place whose edit touches an attribute the
    # rules cannot read there (the edit reading). Off by default: on eight batches of change
    # scenarios nobody here had read, it alerted about 6 real changes the rules missed and
    # raised about 17 false alerts on copy-edits (README); off, those edits are content alerts
    edit_alerts: bool = False

    @field_validator("source_weights")
    @classmethod
    def _classes(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = set(value) - {"official", "academic", "ngo", "press"}
        if unknown:
            raise ValueError(
                f"unknown source class(es) {', '.join(sorted(unknown))} "
                "(expected official, academic, ngo, press)"
            )
        return value


class ExtractOptions(Strict):
    """Bounds on the work one document may cost (a hostile or broken page must not hold a
    run): the time one snapshot's extraction may take in its helper process, the characters
    of text handed to claim extraction, and the pages and characters read from a PDF; the
    address space (MB) of each extraction helper process; the characters of each version of
    a page compared sentence by sentence (the rest is one block)."""

    document_seconds: float = Field(default=60, gt=0, le=86400)
    max_chars: int = Field(default=2_000_000, ge=1000)
    compare_max_chars: int = Field(default=200_000, ge=1000)
    # a warm helper maps about 200 MB; the 30 KB PDF of issue 15 took about 350 MB to fail
    helper_memory_mb: int = Field(default=1024, ge=300, le=1_048_576)
    pdf_max_pages: int = Field(default=500, ge=1)
    pdf_max_chars: int = Field(default=2_000_000, ge=1000)


class ScheduleOptions(Strict):
    default: str = "every 24h"
    misfire_grace_seconds: int = Field(default=3600, ge=0)
    jitter_seconds: int = Field(default=300, ge=0)
    run_timeout_seconds: int = Field(default=3600, gt=0)

    @field_validator("default")
    @classmethod
    def _default(cls, value: str) -> str:
        parse_schedule(value)
        return value


#: the notification payloads' names (monitor/alerts/notify.py registers one class for each;
#: tests/test_monitor_notify.py checks the two agree: config.py may not import alerts/)
PAYLOAD_NAMES = ("text", "json")


class Channel(Strict):
    name: str
    url: str | None = None
    url_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    min_severity: Severity | None = None
    kinds: list[Severity] | None = None
    payload: str = "text"  # a name in PAYLOAD_NAMES: what the digest says, and how

    @field_validator("payload")
    @classmethod
    def _payload(cls, value: str) -> str:
        if value not in PAYLOAD_NAMES:
            raise ValueError(
                f"unknown payload {value!r} (expected one of: {', '.join(PAYLOAD_NAMES)}; "
                "`scs-monitor kinds` describes them)"
            )
        return value

    @model_validator(mode="after")
    def _one_url(self) -> Channel:
        if (self.url is None) == (self.url_env is None):
            raise ValueError(
                "give exactly one of 'url' or 'url_env' (an environment variable name)"
            )
        return self


class NotifyOptions(Strict):
    min_severity: Severity = "attribute"
    channels: list[Channel] = []


def check_base_url(value: str) -> str:
    """Where the review desk is reached by readers of notifications and feeds: an http(s)
    URL with a host, maybe a path, no credentials, query or fragment; kept without a
    trailing slash."""
    check_url(value)
    parts = urlsplit(value)
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"a base_url carries no user name or password, got {value!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"a base_url has no query or fragment ('?', '#'), got {value!r}")
    return value.rstrip("/")


class DeskOptions(Strict):
    """The review desk as others reach it: `base_url` (say https://desk.example.org) makes
    the links in notifications and feeds (BASE/-/desk/alerts/ID); without it they have none."""

    base_url: Annotated[str, AfterValidator(check_base_url)] | None = None


class Config(Strict):
    version: Literal[1] = 1
    data_dir: Path
    contact: str
    rules_file: Path | None = None
    baseline_file: Path | None = None
    regions: list[Region]
    principles: list[Principle]
    sources: list[Source]
    url_map: dict[str, Annotated[str, AfterValidator(check_url)]] = {}
    crawl: CrawlOptions = CrawlOptions()
    monitor: MonitorOptions = MonitorOptions()
    extract: ExtractOptions = ExtractOptions()
    schedule: ScheduleOptions = ScheduleOptions()
    notify: NotifyOptions = NotifyOptions()
    desk: DeskOptions = DeskOptions()
    path: Path = Field(default=Path("config.yaml"), exclude=True)

    @field_validator("url_map")
    @classmethod
    def _url_map(cls, value: dict[str, str]) -> dict[str, str]:
        for host in value:
            if (
                "/" in host
                or ":" in host.strip("[]")
                or not host.strip()
                or any(c.isspace() for c in host)
            ):
                raise ValueError(f"url_map key {host!r} must be a bare host name")
        return value

    def region_ids(self) -> list[str]:
        return [r.id for r in self.regions]

    def principle_ids(self) -> list[str]:
        return [p.id for p in self.principles]

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "scs.db"

    @property
    def snapshot_dir(self) -> Path:
        return self.data_dir / "snapshots"

    @property
    def cache_dir(self) -> Path:
        """What may be deleted at any time and is rebuilt (compiled pattern files)."""
        return self.data_dir / "cache"

    @property
    def rules_path(self) -> Path:
        return self.rules_file or PACKAGE_DATA / "rules.yaml"

    @property
    def baseline_path(self) -> Path:
        return self.baseline_file or PACKAGE_DATA / "baseline.yaml"


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raise ConfigError naming every problem."""
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(str(path), [f"{path}: expected a mapping of keys at the top level"])
    try:
        config = Config.model_validate({**raw, "path": path})
    except ValidationError as exc:
        raise ConfigError(str(path), list(format_errors(path, exc))) from None
    problems = list(cross_check(path, config))
    if problems:
        raise ConfigError(str(path), problems)
    return resolve_paths(config, path.resolve().parent)


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), [f"{path}: file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"{path}: cannot read: {exc}"]) from None
    try:
        # libyaml's loader where PyYAML was built with it: the pure-Python one took about
        # 1.5 s of CPU for a config of 1,000 sources, on every run
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(str(path), [f"{path}: {where}malformed YAML: {problem}"]) from None


def format_errors(path: Path, exc: ValidationError) -> Iterable[str]:
    for error in exc.errors():
        where = key_path(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            message = (
                "unknown key (check the spelling; see the annotated config.yaml in the README)"
            )
        elif kind == "missing":
            message = "required field is missing"
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
        yield f"{path}: {where}: {message}"


def key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after[_one_url()]",):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def cross_check(path: Path, config: Config) -> Iterable[str]:
    yield from duplicates(path, "regions", [r.id for r in config.regions])
    yield from duplicates(path, "principles", [p.id for p in config.principles])
    yield from duplicates(path, "sources", [s.id for s in config.sources])
    regions = set(config.region_ids())
    for i, source in enumerate(config.sources):
        yield from foreign_options(path, i, source)
        for j, region in enumerate(source.regions):
            if region not in regions:
                yield (
                    f"{path}: sources[{i}].regions[{j}]: unknown region {region!r} "
                    f"(expected one of: {', '.join(sorted(regions))})"
                )


def foreign_options(path: Path, index: int, source: Source) -> Iterable[str]:
    """A source's settings under another kind's key (`feed:` on a portal) are a mistake,
    except `portal:` on an html or pdf source, which configs have long carried harmlessly
    (config_warnings names those)."""
    own = source_kind(source.kind).options_key
    for key in option_keys():
        if key == own or getattr(source, key) is None or legacy_portal(source, key):
            continue
        owners = ", ".join(k.name for k in SOURCE_KINDS.values() if k.options_key == key)
        yield (
            f"{path}: sources[{index}].{key}: only a source of kind {owners} reads "
            f"'{key}' settings (this one is kind {source.kind})"
        )


def option_keys() -> list[str]:
    """The source keys that hold a kind's settings (portal, feed), in registry order."""
    return [k.options_key for k in SOURCE_KINDS.values() if k.options_key is not None]


def legacy_portal(source: Source, key: str) -> bool:
    return key == "portal" and source_kind(source.kind).options_key is None


def duplicates(path: Path, key: str, ids: list[str]) -> Iterable[str]:
    seen: dict[str, int] = {}
    for i, item in enumerate(ids):
        if item in seen:
            first = f"{key}[{seen[item]}]"
            yield f"{path}: {key}[{i}].id: duplicate id {item!r} (first used at {first})"
        seen.setdefault(item, i)


def resolve_paths(config: Config, base: Path) -> Config:
    def resolve(p: Path | None) -> Path | None:
        return None if p is None else (p if p.is_absolute() else (base / p).resolve())

    return config.model_copy(
        update={
            "data_dir": resolve(config.data_dir),
            "rules_file": resolve(config.rules_file),
            "baseline_file": resolve(config.baseline_file),
        }
    )


def config_warnings(config: Config) -> list[str]:
    """Things that are valid but worth a look (the study's own citation slips among them)."""
    warnings = []
    by_url: dict[str, str] = {}
    for source in config.sources:
        if source.url in by_url:
            warnings.append(
                f"sources {by_url[source.url]!r} and {source.id!r} share the address {source.url}"
            )
        by_url.setdefault(source.url, source.id)
        if source.portal is not None and legacy_portal(source, "portal"):
            warnings.append(
                f"source {source.id!r} is kind {source.kind}, which follows no links: "
                "its 'portal' settings are ignored (kind: portal follows them)"
            )
    return warnings


def effective_schedule(config: Config, source: Source) -> str:
    return source.schedule or config.schedule.default


def validate_principle(config: Config, principle: str) -> str:
    """Accept an id, a label or an alias (any case); return the principle id."""
    wanted = principle.strip().lower().replace("&", "and")
    for p in config.principles:
        names = [p.id, p.label_en, p.label_zh, *p.aliases]
        if any(wanted == n.lower().replace("&", "and") for n in names):
            return p.id
    raise KeyError(principle)


def check_source_ids(config: Config, source_ids: Iterable[str]) -> list[str]:
    """The ids named, as a list, each checked against the config's sources: NotFoundError
    names the first one it does not have."""
    known = {s.id for s in config.sources}
    ids = list(source_ids)
    for source_id in ids:
        if source_id not in known:
            raise NotFoundError(
                f"unknown source id {source_id!r}: {config.path} has no such source",
                kind="source",
                key=source_id,
            )
    return ids
