"""Is a response a bot challenge (a JavaScript cookie wall, a WAF page) rather than the page?

Sites behind Chinese and international WAFs answer plain clients with a small page whose
script sets a cookie and reloads, often with status 200. Storing that as a snapshot would
make the next real page look like a change, so such responses are `blocked`.
"""

from __future__ import annotations

import re

from crawler.encoding import media_type

MAX_CHALLENGE_BYTES = 64_000
MAX_VISIBLE_CHARS = 200
KNOWN_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"__jsl_clearance", "Jiasule cookie challenge"),
    (b"acw_sc__v2", "Alibaba Cloud WAF cookie challenge"),
    (b"yunsuo_session_verify", "Yunsuo cookie challenge"),
    (b"$_ts=window", "Ruishu (412) script challenge"),
    (b"cf-browser-verification", "Cloudflare browser check"),
    (b"/cdn-cgi/challenge-platform/", "Cloudflare challenge"),
    (b"captcha-delivery.com", "DataDome challenge"),
)
_SCRIPT = re.compile(rb"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(rb"<[^>]*>")
_COOKIE_SET = re.compile(rb"document\.cookie\s*=")
_RELOAD = re.compile(rb"location\.(reload|href|replace|assign)|window\.location\s*=")


def challenge_reason(body: bytes, content_type: str | None) -> str | None:
    """A short reason when `body` looks like a challenge page, else None."""
    if len(body) > MAX_CHALLENGE_BYTES or "html" not in media_type(content_type, body):
        return None
    lowered = body.lower()
    for marker, reason in KNOWN_MARKERS:
        if marker.lower() in lowered:
            return reason
    scripted = _COOKIE_SET.search(body) and _RELOAD.search(body)
    if scripted and visible_chars(body) < MAX_VISIBLE_CHARS:
        return "JavaScript cookie wall (script sets a cookie and reloads)"
    return None


def visible_chars(body: bytes) -> int:
    """Roughly how much text a reader would see (scripts, styles and tags removed)."""
    text = _TAG.sub(b" ", _SCRIPT.sub(b" ", body))
    return len(b" ".join(text.split()))
