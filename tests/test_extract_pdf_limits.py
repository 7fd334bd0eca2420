"""extract/text.py's PDF reading stays bounded on hostile files (issue 15): a stream that
inflates to hundreds of megabytes, a page count far past the page limit; and running out of
memory is left to the caller (the helper's memory cap), not called an unreadable PDF."""

from __future__ import annotations

import zlib

import pytest

from extract.errors import ExtractError
from extract.text import PdfLimits, extract_text
from tests.pdfgen import pdf_file, text_to_pdf


def zlib_bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream (FlateDecode, about 0.1% of its size on disk)
    inflates to `megabytes` MB of spaces."""
    stream = zlib.compress(b" " * (megabytes * 1_000_000), 9)
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def test_a_decompression_bomb_is_refused_or_read_within_the_limits() -> None:
    """pypdf stops inflating a stream at its own output limit (75 MB in pypdf 7, a typed
    error here); an older pypdf without it reads spaces, which the character limit bounds."""
    body = zlib_bomb_pdf(300)
    assert len(body) < 400_000
    try:
        text = extract_text(body, content_type="application/pdf", charset=None).text
    except ExtractError as exc:
        error = str(exc)
        text = ""
    else:
        error = "unreadable PDF (none: read within the limits)"
    assert error.startswith("unreadable PDF")
    assert len(text) <= PdfLimits().max_chars


def test_pages_past_the_limit_are_not_read() -> None:
    body = text_to_pdf("\n".join(f"Page line {i} about Xiamen." for i in range(60 * 40)))
    result = extract_text(
        body,
        content_type="application/pdf",
        charset=None,
        pdf_limits=PdfLimits(max_pages=3, max_chars=1_000_000),
    )
    assert result.cut == "PDF cut: 3 of 40 pages read (page limit)"
    assert "Page line 179 " in result.text
    assert "Page line 180 " not in result.text


def test_running_out_of_memory_is_not_an_unreadable_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A MemoryError (the helper's address-space cap) goes to the caller, which records the
    snapshot as over its memory cap; it is no ExtractError about the file."""
    from pypdf import PdfReader

    def out_of_memory(*args: object, **kwargs: object) -> str:
        raise MemoryError

    monkeypatch.setattr(PdfReader, "__init__", out_of_memory)
    with pytest.raises(MemoryError):
        extract_text(text_to_pdf("Xiamen."), content_type="application/pdf", charset=None)
