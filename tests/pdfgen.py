"""Plain text -> a small, valid PDF (Helvetica, A4, wrapped lines, as many pages as needed),
for tests that need a PDF whose text they wrote. Latin-1 text only: other characters become '?'.
Also a hostile one: a small PDF whose content stream inflates five hundredfold (`inflating_pdf`).
"""

from __future__ import annotations

import textwrap
import zlib

PAGE_LINES = 60
INFLATION = 500  # zlib packs a run of one short text operator about 500 to 1
WRAP = 95


def escape(line: str) -> str:
    line = line.encode("latin-1", "replace").decode("latin-1")
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def page_stream(lines: list[str]) -> bytes:
    body = ["BT", "/F1 10 Tf", "13 TL", "50 800 Td"]
    body += [f"({escape(line)}) Tj T*" for line in lines]
    body.append("ET")
    return "\n".join(body).encode("latin-1")


def text_to_pdf(text: str) -> bytes:
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines += textwrap.wrap(paragraph, WRAP) or [""]
    pages = [lines[i : i + PAGE_LINES] for i in range(0, len(lines), PAGE_LINES)] or [[]]
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")  # 3
    kids = []
    for page in pages:
        stream = page_stream(page)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = " ".join(f"{k} 0 R" for k in kids).encode()
    objects[1] = b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % len(kids)
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """The objects (numbered from 1; 1 is the catalog) with their cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def inflating_stream(size: int, text: str) -> bytes:
    """The content stream of `inflating_pdf`, before compression: about INFLATION times
    `size` bytes of `(text) Tj` operators."""
    operator = f"({escape(text)}) Tj ".encode("latin-1")
    return b"BT /F1 10 Tf 50 800 Td " + operator * (size * INFLATION // len(operator)) + b"ET"


def inflating_pdf(size: int, text: str) -> bytes:
    """A one-page PDF of about `size` bytes whose content stream (FlateDecode) inflates to
    about INFLATION times that: a hostile document small enough to pass any download cap."""
    stream = zlib.compress(inflating_stream(size, text), 9)
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )
