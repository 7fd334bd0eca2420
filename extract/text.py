"""Bytes -> main text: HTML through trafilatura (BeautifulSoup when it finds nothing), PDF
through pypdf, a feed (RSS, Atom) as its title and items (extract/feed.py), plain text as it
is; decoded with the recorded charset, falling back sanely.

No I/O: the caller passes the stored bytes and what the crawler recorded about them. Every
failure a malformed body can cause is raised as ExtractError. Personal identifiers (resident
ID and mobile numbers) are redacted from the text before anyone stores or quotes it.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urlsplit

from db.models import TOO_COMPLEX
from extract import structure
from extract.errors import ExtractError
from extract.feed import FEED_TYPES, is_feed, read_feed
from extract.han import HAN
from extract.redact import redact_identifiers

Kind = Literal["html", "pdf", "plain", "feed"]
WEAK_CHARSETS = frozenset(
    {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
)
CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "utf8": "utf-8",
}
WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
WIDE_ORDERED = frozenset({"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"})
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_CHARSET = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
HEADING_TAG = re.compile(r"<(/?)h[1-6](?=[\s>])", re.I)
ARTICLE_TAG = re.compile(r"<(/?)article(?=[\s>])", re.I)
ANY_TAG = re.compile(r"<[^<>]*>")  # never past the next "<": linear on a page of unclosed tags
ARTICLE_SHARE = 0.5
POSTS_MIN = 3  # <article> elements, each marked as a post, message, reply or comment
POST_CLASS = re.compile(
    r"<article\b[^<>]{0,200}?\bclass\s*=\s*[\"'][^\"'<>]{0,120}?"
    r"\b(?:message|post|reply|comment|entry|topic-post)\b",
    re.IGNORECASE,
)
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "output_format": "txt",
    "favor_recall": True,
    "include_comments": False,
    "include_tables": True,
    "include_links": False,
    "include_images": False,
}
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
HTML_START = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")
BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "figcaption",
)
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CJK_CHAR = re.compile(rf"[{HAN}\u3000-\u303f\uff00-\uffef]")


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The main text of one body and how it was obtained."""

    text: str
    extractor: str  # trafilatura | beautifulsoup | flat (too deep to parse) | pypdf | feed | plain
    title: str | None = None
    encoding: str | None = None
    cut: str | None = None  # why only part of the text was read (a limit), else None


@dataclass(frozen=True, slots=True)
class PdfLimits:
    """How much of a PDF is read: its first `max_pages` pages, and text up to `max_chars`
    characters (a small file can inflate to millions of characters)."""

    max_pages: int = 500
    max_chars: int = 2_000_000


def extract_text(
    body: bytes,
    *,
    content_type: str | None,
    charset: str | None,
    url: str | None = None,
    pdf_limits: PdfLimits = PdfLimits(),
) -> ExtractedText:
    """The main text of `body` (HTML, PDF or plain text), headings and paragraphs one per line."""
    kind = sniff_kind(body, content_type, url)
    if kind == "pdf":
        result = pdf_text(body, pdf_limits)
    else:
        wide = body.startswith(WIDE_BOMS) or wide_unicode(charset, body) is not None
        if b"\x00" in body[:4096] and not wide:
            raise ExtractError("binary content: not HTML, PDF or text")
        if kind == "feed":  # the XML declaration names the encoding when no header did
            declared = XML_CHARSET.match(body.lstrip(codecs.BOM_UTF8))
            charset = charset or (declared.group(1).decode("ascii") if declared else None)
        decoded, encoding = decode_body(body, charset, html_hint=kind == "html")
        if kind == "html":
            result = html_text(decoded, url, encoding)
        elif kind == "feed":
            result = feed_text(decoded, encoding)
        else:
            result = ExtractedText(tidy_lines(decoded), "plain", None, encoding)
    return ExtractedText(
        redact_identifiers(result.text), result.extractor, result.title, result.encoding, result.cut
    )


def sniff_kind(body: bytes, content_type: str | None, url: str | None) -> Kind:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "application/pdf":
        return "pdf"
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media in FEED_TYPES or is_feed(body):  # a feed's type, or any type whose root is a feed's
        return "feed"
    if media.startswith("text/"):
        return "plain"
    lower = head.lower()
    if lower.startswith(HTML_START) or b"<body" in lower or b"<p>" in lower:
        return "html"
    path = urlsplit(url or "").path.lower()
    if path.endswith(".pdf"):
        return "pdf"
    return "html" if path.endswith((".htm", ".html", ".shtml")) else "plain"


def decode_body(body: bytes, charset: str | None, *, html_hint: bool) -> tuple[str, str]:
    """(text, encoding used): BOM, then the recorded charset unless it is a weak default,
    then <meta charset>, UTF-8, GB18030, the weak charset, and UTF-8 with replacement."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):  # UTF-32 first: its little-endian BOM begins like UTF-16's
            return body.decode(name, errors="replace"), name
    if (wide := wide_unicode(charset, body)) is not None:  # recorded with its byte order
        return body.decode(wide, errors="replace"), wide
    declared = canonical_charset(charset)
    meta = None
    if html_hint and (found := META_CHARSET.search(body[:4096])):
        meta = canonical_charset(found.group(1).decode("ascii", errors="ignore"))
    strong = declared if declared not in WEAK_CHARSETS else None
    weak = declared if declared in WEAK_CHARSETS else None
    for encoding in dict.fromkeys(e for e in (strong, meta, "utf-8", "gb18030", weak) if e):
        try:
            return body.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", errors="replace"), "utf-8"


def wide_unicode(charset: str | None, body: bytes) -> str | None:
    """The codec of a recorded UTF-16/32 charset with its byte order, else None. The crawler
    records `utf-16-le` and the like for text without a byte-order mark; for a bare `utf-16`
    (older snapshots) the order is where the NULs of ASCII characters fall."""
    name = canonical_charset(charset)
    head = body[:4096]
    if name in WIDE_ORDERED or name not in ("utf-16", "utf-32") or b"\x00" not in head:
        return name if name in WIDE_ORDERED else None
    width = 2 if name == "utf-16" else 4
    little = head[width - 1 :: width].count(0) > head[::width].count(0)
    return f"{name}-{'le' if little else 'be'}"


WHITESPACE = re.compile(r"\s+")
WHITESPACE_RUN = re.compile(r"[ \t\r\f\v]+")


def canonical_charset(name: str | None) -> str | None:
    if not name:
        return None
    key = name.strip().strip("\"'").lower()
    key = CHARSET_ALIASES.get(key, key)
    try:
        return codecs.lookup(key).name if key not in WEAK_CHARSETS else key
    except (LookupError, ValueError):  # ValueError: a name holding NUL
        return None


def html_text(markup: str, url: str | None, encoding: str | None) -> ExtractedText:
    """The page title leads the text when the body does not repeat it: it often carries the
    only mention of the region a page is about."""
    title = html_title(markup)
    if markup_depth(markup) > MAX_DEPTH:  # no parser copes well: read it flat
        text, extractor = tidy_lines(flat_text(markup)), "flat"
    else:
        text, extractor = tidy_lines(trafilatura_text(markup, url)), "trafilatura"
    if not text:
        text, extractor = tidy_lines(soup_text(markup)), "beautifulsoup"
    if title and text and title not in text.split("\n", 1)[0]:
        text = f"{title}\n{text}"
    return ExtractedText(text, extractor, title, encoding)


def feed_text(markup: str, encoding: str | None) -> ExtractedText:
    """The feed's title as a heading, then each item's title as a heading and its fullest
    body as paragraphs; items sorted by title and text (a feed reordering its items says
    nothing new). HTML in titles and bodies becomes text as in fragment_text."""
    feed = read_feed(markup)
    items = sorted((fragment_text(title), fragment_text(body)) for title, body in feed.items)
    title = fragment_text(feed.title) or None
    parts = [f"# {title}"] if title else []
    for heading, text in items:
        parts += [f"## {' '.join(heading.split())}" if heading.strip() else "", text]
    return ExtractedText(tidy_lines("\n\n".join(parts)), "feed", title, encoding)


def fragment_text(markup: str) -> str:
    """Text of a piece of HTML (or of plain text) from a feed: BeautifulSoup's tree, or read
    flat when it nests too deep, as for a page trafilatura reads nothing from."""
    if "<" not in markup and "&" not in markup:
        return tidy_lines(markup)
    if markup_depth(markup) > MAX_DEPTH:
        return tidy_lines(flat_text(markup))
    return tidy_lines(soup_text(markup))


def html_title(markup: str) -> str | None:
    match = TITLE.search(markup[:20000])
    if not match:
        return None
    title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())
    return title or None


def trafilatura_text(markup: str, url: str | None) -> str:
    """Favor recall; the minimum size is lowered so short pages are not handed to trafilatura's
    baseline pass, which splits paragraphs at every inline element. Headings become paragraphs
    first: on pages without an article element trafilatura drops them, and region names live
    in headings."""
    import trafilatura

    markup = HEADING_TAG.sub(r"<\1p", markup)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config = trafilatura_config()
            text = trafilatura.extract(markup, url=url, config=config, **TRAFILATURA_OPTIONS)
            if text and most_articles_left_out(markup, text):
                # a forum thread or a page of posts: trafilatura keeps the first <article>
                # alone, so the posts are read as the page's sections instead
                whole = ARTICLE_TAG.sub(r"<\1div", markup)
                more = trafilatura.extract(whole, url=url, config=config, **TRAFILATURA_OPTIONS)
                text = max(text, more or "", key=len)
    except Exception:  # a third-party parser failing on odd markup: fall back
        return ""
    return text or ""


def most_articles_left_out(markup: str, text: str) -> bool:
    """The page holds POSTS_MIN or more <article> elements marked as posts (a forum thread, a
    blog's comments) and the text read holds less than ARTICLE_SHARE of their characters: one
    post of many was taken for the page's main text. A news story beside teasers or summaries
    of other stories keeps its own text (they stay out)."""
    if len(POST_CLASS.findall(markup)) < POSTS_MIN:
        return False  # a story beside a few summaries of others keeps to its own text
    spans, start = [], None
    for tag in ARTICLE_TAG.finditer(markup):  # not nested: each opening up to the next closing
        if not tag.group(1):
            start = tag.end() if start is None else start
        elif start is not None:
            spans.append((start, tag.start()))
            start = None
    visible = sum(len("".join(ANY_TAG.sub(" ", markup[a:b]).split())) for a, b in spans)
    return len("".join(text.split())) < ARTICLE_SHARE * visible


@lru_cache(maxsize=1)
def trafilatura_config() -> Any:
    """trafilatura's settings, read once per process (reading them took as long as a tenth of
    an extraction); trafilatura only reads them."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


MAX_DEPTH = 1_000  # deeper markup is not a document; parse it flat instead
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
VOID_TAGS = frozenset(
    {
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
        "param",
    }
)
SCRIPTS = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.I | re.S)


def markup_depth(markup: str) -> int:
    """How deep the elements nest (an estimate from the tags alone, in one pass)."""
    depth = deepest = 0
    for match in TAG.finditer(markup):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name.lower() not in VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def flat_text(markup: str) -> str:
    """Text of markup too deep for a tree: tags become line breaks (blocks) or spaces."""

    def replace(match: re.Match[str]) -> str:
        return "\n" if match.group(2).lower() in (*BLOCK_TAGS, "br") else " "

    text = TAG.sub(replace, SCRIPTS.sub(" ", markup))
    return html.unescape(WHITESPACE_RUN.sub(" ", text))


def soup_text(markup: str) -> str:
    from bs4 import BeautifulSoup

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(markup, "html.parser")
    except Exception as exc:  # html.parser rejects some malformed input
        raise ExtractError(f"unparsable HTML: {exc}") from None
    return tree_text(soup.body or soup)


def tree_text(root: Any) -> str:
    """Text of a parsed tree, a line break around every block element.

    An explicit stack, not tree edits: editing the tree (insert_before and the like) costs
    time in proportion to its depth, so deeply nested markup would take quadratic time.
    """
    from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

    skipped = (Comment, Doctype, Declaration, ProcessingInstruction)
    out: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            out.append("\n")
        elif isinstance(node, NavigableString):
            if not isinstance(node, skipped):
                in_pre = node.parent is not None and node.parent.name == "pre"
                out.append(str(node) if in_pre else WHITESPACE.sub(" ", str(node)))
        elif node.name == "br":
            out.append("\n")
        elif node.name not in DROP_TAGS:
            if node.name in BLOCK_TAGS:
                out.append("\n")
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
    return "".join(out)


def pdf_text(body: bytes, limits: PdfLimits = PdfLimits()) -> ExtractedText:
    """The text of a PDF's pages, read in order until `limits` stop it (the reason is
    recorded in `cut`)."""
    from pypdf import PdfReader

    pages: list[str] = []
    cut = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(body))
            if reader.is_encrypted:
                reader.decrypt("")
            count = len(reader.pages)
            chars = 0
            for number, page in enumerate(reader.pages, 1):
                if number > limits.max_pages:
                    cut = f"PDF cut: {limits.max_pages} of {count} pages read (page limit)"
                    break
                text = page.extract_text() or ""
                if chars + len(text) > limits.max_chars:
                    pages.append(text[: limits.max_chars - chars])
                    cut = (
                        f"PDF cut: text cut at {limits.max_chars} characters on page {number} "
                        f"of {count} (character limit)"
                    )
                    break
                chars += len(text)
                pages.append(text)
            title = reader.metadata.title if reader.metadata else None
    except MemoryError:  # the process's memory cap, not the file's fault alone: the caller's
        raise
    except Exception as exc:  # pypdf raises many exception types on malformed files
        if type(exc).__name__ == "LimitReachedError":  # pypdf 6+: a bomb it refuses to expand
            raise ExtractError(
                f"{TOO_COMPLEX}: the PDF is more than its reader may expand ({exc})"
            ) from None
        raise ExtractError(f"unreadable PDF: {type(exc).__name__}: {exc}") from None
    text = "\n\n".join(reflow(page) for page in pages)
    return ExtractedText(tidy_lines(text), "pypdf", str(title) if title else None, None, cut)


def reflow(page: str) -> str:
    """Join the hard-wrapped lines of a PDF page into paragraphs, dehyphenating words. A
    paragraph is built from pieces and only its end is looked at, so the work stays linear
    however many lines it joins."""
    lines = [line.rstrip() for line in page.replace("\r\n", "\n").split("\n")]
    widths = sorted(len(line) for line in lines if line.strip())
    wide = widths[int(len(widths) * 0.6)] * 0.6 if widths else 0
    out: list[str] = []
    pieces: list[str] = []  # the paragraph being joined
    size = 0  # its length
    tail = ""  # its last WRAP_TAIL characters
    for line in lines:
        if not line.strip():
            if pieces:
                out.append("".join(pieces))
                pieces, size, tail = [], 0, ""
            out.append("")
            continue
        text = line.strip()
        if (
            pieces
            and not structure.LIST_ITEM.match(line)
            # a short line runs on where the next one opens in lower case and it ends in a
            # lower-case word after two or more others ("In fact the national" / "blacklist
            # and redlist regime, ..."), not a heading ("References", "Outlook")
            and (size >= wide or (text[:1].islower() and runs_on("".join(pieces))))
            and not structure.WRAPPED_END.search(tail)
        ):
            joint = join_wrapped(tail, text)
            if joint == "-":  # a word hyphenated at the line's end
                pieces[-1] = pieces[-1][:-1]
                size, tail = size - 1, tail[:-1]
            pieces.append(text if joint != " " else " " + text)
            size += len(pieces[-1])
            tail = (tail + pieces[-1])[-WRAP_TAIL:]
        else:
            if pieces:
                out.append("".join(pieces))
            pieces, size, tail = [text], len(text), text[-WRAP_TAIL:]
    if pieces:
        out.append("".join(pieces))
    return "\n".join(out)


WRAP_TAIL = 40  # characters of a paragraph's end that say whether a sentence ends there


def runs_on(prev: str) -> bool:
    """A short PDF line that a sentence goes on from: three or more words, the last in lower
    case."""
    return prev[-1:].islower() and len(prev.split()) >= 3


def join_wrapped(prev_end: str, line: str) -> str:
    """What joins a wrapped line to the end of the line before: "-" (drop the hyphen, no
    space), "" (Chinese on both sides) or " "."""
    if re.search(r"[A-Za-z]-$", prev_end) and line[:1].islower():
        return "-"
    if CJK_CHAR.match(prev_end[-1:]) and CJK_CHAR.match(line[:1]):
        return ""
    return " "


SPACE_RUN = re.compile(r"[ \t\u3000]+")


def one_space(run: re.Match[str]) -> str:
    """A run of spaces as one space, or one tab where it held a tab (table cells)."""
    return "\t" if "\t" in run.group() else " "


def tidy_lines(text: str) -> str:
    """Unify newlines, drop control characters and trailing spaces, collapse blank runs."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " "))
    # one pass over the text (a run of spaces never crosses a line), not one per line
    lines = [line.strip() for line in SPACE_RUN.sub(one_space, text).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
