"""Plain text -> a small, valid PDF (A4, wrapped lines, as many pages as needed), for tests
that need a PDF whose text they wrote. Latin-1 text is set in Helvetica; any other text (Chinese)
in a Type0 font with Identity-H codes equal to the characters' code points and a ToUnicode map,
as PDFs made from Chinese documents carry, so a reader gets the characters back (characters
beyond the Basic Multilingual Plane become '?'). Also a hostile one: a small PDF whose content
stream inflates five hundredfold (`inflating_pdf`).
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


WIDE_WRAP = 45  # characters of Chinese text per line


def hex_codes(line: str) -> str:
    """A line as a hex string of two-byte codes, each a character's code point."""
    return "".join(f"{ord(c) if ord(c) <= 0xFFFF else ord('?'):04X}" for c in line)


def page_stream(lines: list[str], wide: bool = False) -> bytes:
    body = ["BT", "/F1 10 Tf", "13 TL", "50 800 Td"]
    if wide:
        body += [f"<{hex_codes(line)}> Tj T*" for line in lines]
    else:
        body += [f"({escape(line)}) Tj T*" for line in lines]
    body.append("ET")
    return "\n".join(body).encode("latin-1")


BFRANGE_BLOCK = 100  # entries a bfrange block may hold


def to_unicode_map() -> bytes:
    """A ToUnicode CMap mapping every two-byte code to the same code point: one range per high
    byte, in blocks of at most BFRANGE_BLOCK."""
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256)]
    blocks: list[str] = []
    for i in range(0, len(ranges), BFRANGE_BLOCK):
        chunk = ranges[i : i + BFRANGE_BLOCK]
        blocks += [f"{len(chunk)} beginbfrange", *chunk, "endbfrange"]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
        *blocks,
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines).encode("ascii")


def text_to_pdf(text: str) -> bytes:
    wide = any(ord(c) > 0xFF for c in text)
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines += textwrap.wrap(paragraph, WIDE_WRAP if wide else WRAP) or [""]
    pages = [lines[i : i + PAGE_LINES] for i in range(0, len(lines), PAGE_LINES)] or [[]]
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree, filled in below
    if wide:
        objects.append(  # 3: the font; 4: its descendant; 5: its ToUnicode map
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
            b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
        )
        objects.append(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/DW 1000 >>"
        )
        cmap = to_unicode_map()
        objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    else:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")  # 3
    kids = []
    for page in pages:
        stream = page_stream(page, wide)
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
