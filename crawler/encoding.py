"""What a fetched body is: its media type, and for text, the charset it is really written in.

Order of evidence, as browsers do: byte-order mark, then the HTTP header, then <meta>.
A declared charset must decode the bytes strictly to be believed (a UTF-16 or UTF-32 one
also needs the NUL bytes such text has), and a declared single-byte charset (the ISO-8859-1
many servers send by default) yields to valid UTF-8 or to a confident multi-byte guess from
charset-normalizer. GB2312 and GBK are read as GB18030, their superset, so characters
outside the older tables still decode.

UTF-16 and UTF-32 need real evidence: a byte-order mark, a declaration, or the NUL bytes
of their ASCII in a strong pattern over enough of the body. A statistical guess alone is
not believed (pairs of GBK bytes read as plausible UTF-16-BE): such a body is read as
GB18030 when it decodes so. Without a byte-order mark they are recorded with their byte
order (`utf-16-le`, `utf-32-be`...), so whoever decodes the snapshot later needs no guess.
The order (and, undeclared, the width) comes from where the NUL bytes of the markup fall;
a declared body without any (all CJK) is read in the order whose text is more plausible,
big-endian on a tie (RFC 2781). A <meta charset> written in UTF-16 is found too.
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
WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso8859-1": "cp1252", "ascii": "cp1252"}
MULTIBYTE = frozenset(
    {
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-32",
        "gb18030",
        "big5",
        "big5hkscs",
        "cp950",
        "hz",
        "shift_jis",
        "cp932",
        "euc_jp",
        "iso2022_jp",
        "euc_kr",
        "cp949",
    }
)
TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/json")
WIDE_SAMPLE = 4096  # bytes looked at for the NUL pattern of UTF-16/32
WIDE_SHARE = 0.3  # of the code units, at least this many must carry the pattern's NULs
STRAY_SHARE = 0.02  # ... and at most this many a NUL where the pattern has none
WIDE_MIN_CARRIED = 8  # ... and at least this many (ASCII characters): a few NULs are no evidence


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
    head = body[:1024]
    if body.startswith(WIDE_BOMS) or wide_charset(body) is not None:
        head = head.replace(b"\x00", b"")  # UTF-16/32 markup: its ASCII, NULs taken out
    head = head.lstrip().lower()
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
    stated = [c for c in (header_charset(content_type), meta_charset(body)) if c]
    declared = [c for c in stated if plausible(body, c)]
    wide = wide_declared(body, declared) or wide_charset(body)
    if wide is not None:
        return wide
    if body.isascii():
        return declared[0] if declared else "utf-8"
    for name in declared:
        if name in MULTIBYTE and decodes(body, name):
            return name
    if decodes(body, "utf-8"):
        return "utf-8"
    # UTF-16/32 declared on a body without NUL bytes (all CJK: nothing shows the pattern)
    # that is not UTF-8 either: the declaration is the evidence
    wide = wide_declared(body, stated)
    if wide is not None:
        return wide
    guesses = guess_charsets(body)
    guess = guesses[0] if guesses else None
    if guess is not None and wide_family(guess) is not None:
        # UTF-16/32 needs real evidence, looked for above: pairs of GBK bytes read as
        # plausible big-endian UTF-16 CJK, so such a guess only says the text is CJK. It is
        # read as GB18030 (the legacy encoding of the pages monitored) when it decodes so.
        narrow = [g for g in guesses if wide_family(g) is None]
        guess = "gb18030" if decodes(body, "gb18030") else (narrow[0] if narrow else None)
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


def wide_family(name: str) -> str | None:
    """ "utf-16" or "utf-32" for a charset of that family (any byte order), else None."""
    for family in ("utf-16", "utf-32"):
        if name.startswith(family):
            return family
    return None


def wide_declared(body: bytes, declared: list[str]) -> str | None:
    """With a UTF-16/32 charset declared: the byte order (and width) the NUL pattern shows,
    else the declared order, else the more plausible order; None if nothing decodes."""
    names = [n for n in declared if wide_family(n) is not None]
    if not names:
        return None
    found = wide_charset(body)
    if found is not None:
        return found
    for name in names:
        family = wide_family(name) or name
        if name != family:  # utf-16-le and the like: the order is declared
            if decodes(body, name):
                return name
        elif (ordered := by_plausibility(body, family)) is not None:
            return ordered
    return None


def wide_charset(body: bytes) -> str | None:
    """UTF-16/32 with its byte order, told by where the NUL bytes of ASCII markup fall
    (UTF-16LE: every second byte of `<html>`...), when the body decodes so; else None."""
    for width, orders in ((4, ((1, 2, 3), (0, 1, 2))), (2, ((1,), (0,)))):
        sample = body[: WIDE_SAMPLE - WIDE_SAMPLE % width]
        units = len(sample) // width
        if units < 2:
            continue
        nuls = [sample[i::width].count(0) for i in range(width)]
        for order, where in zip(("le", "be"), orders, strict=True):
            carried = min(nuls[i] for i in where)
            stray = sum(nuls[i] for i in range(width) if i not in where)
            strong = carried >= max(WIDE_MIN_CARRIED, WIDE_SHARE * units)
            if strong and stray <= STRAY_SHARE * units:
                name = f"utf-{8 * width}-{order}"
                if decodes(body[: len(body) - len(body) % width], name):
                    return name
    return None


def by_plausibility(body: bytes, family: str) -> str | None:
    """`family` ("utf-16", "utf-32") in the byte order that decodes `body` into more
    plausible text (letters, CJK, punctuation), big-endian on a tie; None if neither does."""
    best: tuple[int, str] | None = None
    for order in ("be", "le"):
        name = f"{family}-{order}"
        try:
            text = body.decode(name)
        except UnicodeDecodeError:
            continue
        score = sum(1 for ch in text[:2000] if usual(ch))
        if best is None or score > best[0]:
            best = (score, name)
    return best[1] if best else None


def usual(ch: str) -> bool:
    """A character pages are mostly made of: ASCII, Latin-1, CJK and its punctuation."""
    code = ord(ch)
    return (ch.isprintable() or ch.isspace()) and (
        code < 0x250
        or 0x3000 <= code < 0x3040
        or 0x4E00 <= code < 0xA000
        or 0xFF00 <= code < 0xFFF0
    )


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER.search(content_type or "")
    return normalise_charset(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    head = body[:4096]
    match = _META.search(head) or _META.search(head.replace(b"\x00", b""))
    return normalise_charset(match.group(1).decode("ascii")) if match else None


def guess_charsets(body: bytes) -> list[str]:
    """charset-normalizer's guesses, best first."""
    names = (normalise_charset(match.encoding) for match in from_bytes(body[:200_000]))
    return [name for name in dict.fromkeys(names) if name is not None]


def decodes(body: bytes, name: str) -> bool:
    try:
        body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
