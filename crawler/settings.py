"""Scrapy settings for the scs-monitor crawler (the project defaults).

monitor.pipeline.crawl.crawl_settings() derives the per-run values from config.yaml (politeness,
limits, User-Agent, configured origins) and they override these at "cmdline" priority.
Our own settings carry a SNAPSHOT_ prefix.
"""

from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "scs-monitor"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Polite by default; config.yaml's `crawl:` section overrides these.
USER_AGENT = "scs-monitor (+https://example.org/scs-monitor)"
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "scs-monitor"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# Scrapy starts this many asyncio tasks for every response's output (default 100); our
# pipelines are synchronous, so more than a few only costs time (25% of a 304 crawl's CPU).
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 2.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20_000_000
DOWNLOAD_WARNSIZE = 0
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]  # 429 is `blocked`: come back next run
SNAPSHOT_RETRY_BACKOFF = 1.0  # seconds before the first retry, doubling after

# Where fetches go (set per run by the job file).
SNAPSHOT_DB_PATH = None
SNAPSHOT_DIR = None
SNAPSHOT_RUN_ID = None
SNAPSHOT_SOURCE_IDS = None
SNAPSHOT_ALLOWED_ORIGINS: list[str] = []  # "scheme://host:port" allowed on non-public addresses
SNAPSHOT_URL_MAP: dict[str, str] = {}

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.AddressGuardMiddleware": 40,  # before robots.txt is even fetched
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtRfcMiddleware": 100,  # robots.txt 5xx: disallow
    "crawler.middlewares.ConditionalGetMiddleware": 450,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.SizeLimitMiddleware": 585,  # responses pass it after decompression
    # what a crawl never uses, left out (each costs a call per request, or an import at start):
    # no site needs HTTP auth, no cache, and the crawl's own stats come from its pipelines
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
}
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,  # no Referer header is needed
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,  # a debugging aid
}
# Extensions no crawl uses are left out of the base list itself: Scrapy imports every class
# named in EXTENSIONS to compare it with the base entries, so naming one there with None still
# imports its module (remote control imports aiohttp: 0.12 s of CPU at every crawl's start,
# 4% of a quiet cycle of 1,000 pages). Derived from the installed Scrapy's own base list, so a
# new base extension stays in.
EXTENSIONS_LEFT_OUT = frozenset(
    {
        "scrapy.extensions.remote_control.RemoteControl",
        "scrapy.extensions.telnet.TelnetConsole",
        "scrapy.extensions.memdebug.MemoryDebugger",
        "scrapy.extensions.spiderstate.SpiderState",
    }
)
EXTENSIONS_BASE = {
    name: order
    for name, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if name not in EXTENSIONS_LEFT_OUT
}
# a local crawl stores fetches itself; a worker's batch spider turns the feed exporter back on
EXTENSIONS: dict[str, int | None] = {"scrapy.extensions.feedexport.FeedExporter": None}
# Scrapy re-reads and parses the callback's source for every response to warn about a
# `return value` in a generator (its cache is keyed by the bound method, a new object each
# time): 0.3 ms of CPU per page, a quarter of a 304's cost. Our callbacks are tested instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
ITEM_PIPELINES = {
    "crawler.pipelines.ValidateFetchPipeline": 100,
    "crawler.pipelines.StoreSnapshotPipeline": 200,
    "crawler.pipelines.RecordFetchPipeline": 300,
}

COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening port in an unattended crawler
HTTPCACHE_ENABLED = False
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
