"""What a fetched body is: its media type, and for text, the charset it is really written in.

Order of evidence, as browsers do: byte-order mark, then the HTTP header, then <meta>.
A declared charset must decode the bytes strictly to be believed (a UTF-16 or UTF-32 one
also needs the NUL bytes such text has), and a declared single-byte charset (the ISO-8859-1
many servers send by default) yields to valid UTF-8 or to a confident multi-byte guess from
charset-normalizer. GB2312 and GBK are read as GB18030, their superset, so characters
outside the older tables still decode.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso8859-1": "cp1252", "ascii": "cp1252"}
MULTIBYTE = frozenset({
    "utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "big5", "big5hkscs", "cp950", "hz",
    "shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949",
})
TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/json")


def normalise_charset(name: str) -> str | None:
    """Python's canonical codec name (supersets preferred), or None if unknown."""
    try:
        canonical = codecs.lookup(name.strip().strip("'\"")).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return None
    return _SUPERSETS.get(canonical, canonical)


def media_type(content_type: str | None, body: bytes) -> str:
    """The media type from the header, sniffed from the body when missing or generic."""
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "text/html"
    return declared or "application/octet-stream"


def is_text(mime: str) -> bool:
    return mime.startswith(TEXT_TYPES) or mime.endswith("+xml")


def detect_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset that decodes `body` (None for non-text such as PDF)."""
    if not is_text(media_type(content_type, body)):
        return None
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    declared = [c for c in (header_charset(content_type), meta_charset(body))
                if c and plausible(body, c)]
    if body.isascii():
        return declared[0] if declared else "utf-8"
    for name in declared:
        if name in MULTIBYTE and decodes(body, name):
            return name
    if decodes(body, "utf-8"):
        return "utf-8"
    guess = guess_charset(body)
    if guess in MULTIBYTE:
        return guess
    for name in declared:
        if decodes(body, name):
            return name
    return guess


def plausible(body: bytes, name: str) -> bool:
    """Can `body` be written in `name` at all? A charset that does not keep ASCII as ASCII
    (UTF-16, UTF-32) leaves NUL bytes in markup; declared on a body without any, it is wrong,
    even though such bodies often decode in it without an error, into nonsense."""
    keeps_ascii = decodes(b"<html>", name) and b"<html>".decode(name) == "<html>"
    return keeps_ascii or b"\x00" in body[:4096]


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER.search(content_type or "")
    return normalise_charset(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META.search(body[:4096])
    return normalise_charset(match.group(1).decode("ascii")) if match else None


def guess_charset(body: bytes) -> str | None:
    best = from_bytes(body[:200_000]).best()
    return normalise_charset(best.encoding) if best is not None else None


def decodes(body: bytes, name: str) -> bool:
    try:
        body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
