"""URL helpers: url_map rewriting of configured hosts to a mirror.

The rule lives in crawler.links (the crawler applies it to links it follows, and sits below
monitor); the monitor uses the same function.
"""

from crawler.links import map_url

__all__ = ["map_url"]
