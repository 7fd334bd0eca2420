"""Source text as HTML for the desk: escaped always, with deleted and inserted words and the
evidence quotes marked; links only to http(s) addresses. Everything from a page or a
source goes through here or through Jinja's autoescaping, never into the page raw."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from monitor.desk.worddiff import DiffPiece, Hunk

Span = tuple[int, int]  # [start, end) in one text
TAGS = {"delete": "del", "insert": "ins"}


def safe_href(url: str | None) -> str | None:
    """The address if a link to it is safe to offer (http or https), else None."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def quote_spans(text: str, quotes: Iterable[str | None]) -> list[Span]:
    """Where each quote stands in the text (its first place), for quotes found there."""
    spans = []
    for quote in quotes:
        at = text.find(quote) if quote else -1
        if quote and at >= 0:
            spans.append((at, at + len(quote)))
    return spans


def marked(text: str, offset: int, spans: Sequence[Span], tag: str | None = None) -> Markup:
    """`text` (which starts at `offset` of its page) escaped, inside <del> or <ins> when
    `tag` says, with the parts inside `spans` (page offsets) in <mark>."""
    cuts = sorted({0, len(text)} | {min(max(p - offset, 0), len(text)) for s in spans for p in s})
    parts = []
    for start, end in pairwise(cuts):
        chunk = escape(text[start:end])
        middle = offset + (start + end) / 2
        if any(s <= middle < e for s, e in spans):
            chunk = Markup('<mark class="evidence">') + chunk + Markup("</mark>")
        parts.append(chunk)
    inner = Markup("").join(parts)
    return Markup(f"<{tag}>") + inner + Markup(f"</{tag}>") if tag else inner


def piece_html(
    piece: DiffPiece, before_spans: Sequence[Span], after_spans: Sequence[Span]
) -> Markup:
    """One piece of the changes-only view: deletions marked against the old text's quotes,
    the rest against the new text's."""
    if piece.op == "delete":
        return marked(piece.text, piece.before_at, before_spans, "del")
    return marked(piece.text, piece.after_at, after_spans, TAGS.get(piece.op))


def inline_html(hunk: Hunk, before_spans: Sequence[Span], after_spans: Sequence[Span]) -> Markup:
    """A hunk as one text with deletions and insertions in place."""
    body = Markup("").join(piece_html(p, before_spans, after_spans) for p in hunk.pieces)
    return with_ellipses(body, hunk)


def side_html(hunk: Hunk, side: str, spans: Sequence[Span]) -> Markup:
    """A hunk's old side (`before`: unchanged and deleted text) or new side (`after`)."""
    hidden = "insert" if side == "before" else "delete"
    parts = []
    for piece in hunk.pieces:
        if piece.op == hidden:
            continue
        at = piece.before_at if side == "before" else piece.after_at
        parts.append(marked(piece.text, at, spans, TAGS.get(piece.op)))
    return with_ellipses(Markup("").join(parts), hunk)


def with_ellipses(body: Markup, hunk: Hunk) -> Markup:
    gap = Markup('<span class="gap" title="unchanged text left out">…</span>')
    return (gap if hunk.cut_before else Markup("")) + body + (gap if hunk.cut_after else Markup(""))
