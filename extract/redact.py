"""Redaction of personal identifiers (pure: text in, text out).

The tool describes systems, not people: before any text is stored it loses
- Chinese resident identity numbers (18 characters, check digit validated; masked forms too),
- mobile and landline numbers (Chinese formats, with or without +86; masked forms too),
- e-mail addresses,
- on pages a source marks as listing individuals: names next to a name label (姓名, 当事人,
  驾驶人, Name:) and masked names such as 张某某 or 李*明.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.han import HAN
from extract.prefilter import quick

ID_MARK = "[ID redacted]"
PHONE_MARK = "[phone redacted]"
EMAIL_MARK = "[email redacted]"
NAME_MARK = "[name redacted]"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID = quick(r"(?<![0-9])([1-9]\d{16}[0-9Xx])(?![0-9])")
_MASK = r"[*＊×xX]"
_ID_MASKED = quick(
    rf"(?<![0-9A-Za-z])[1-9]\d{{3,5}}(?:{_MASK}|\d){{8,12}}[0-9Xx*＊]{{0,4}}(?![0-9A-Za-z])"
)
_MOBILE = quick(
    rf"(?<![0-9])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?(?:\d|{_MASK})){{4}}[-\s]?\d{{4}}(?![0-9])"
)
_LANDLINE = quick(
    r"(?<![0-9])(?:\+?86[-\s]?)?(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[-\s])\d{3,4}[-\s]?\d{4}(?![0-9])"
)
# an address starts where a run of its characters starts, and the run is never re-read from a
# later position: linear on a long run of letters with no "@" (was quadratic: 80k in 7 s)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_NAME_LABEL = re.compile(
    r"((?:姓名|当事人|驾驶人|违法人|被执行人|失信人|车主|Name|Driver|Offender)\s*[:：]\s*)"
    rf"([{HAN}·*＊某]{{2,5}}|"
    r"[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,3})"
)
_MASKED_CORE = rf"[{HAN}](?:某某?|[*＊×][{HAN}*＊]?)"
_MASKED_NAME = re.compile(rf"(?<![{HAN}]){_MASKED_CORE}")
_MASKED_NEXT = re.compile(_MASKED_CORE)


_BIRTH = re.compile(r"\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")


def looks_like_resident_id(number: str) -> bool:
    """A valid check digit, or the ID's shape (region code, birth date, sequence): a mistyped
    check digit still identifies a person, so both are redacted."""
    return valid_resident_id(number) or bool(_BIRTH.fullmatch(number[:17]))


def valid_resident_id(number: str) -> bool:
    """True when the 18th character is the ISO 7064 MOD 11-2 check digit of the first 17."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def _is_masked_id(match: re.Match[str]) -> bool:
    text = match.group(0)
    return any(c in "*＊×xX" for c in text[4:-1]) and 15 <= len(text) <= 18


_HEX = frozenset("0123456789abcdefABCDEF")


def in_digest(text: str, start: int, end: int) -> bool:
    """True when text[start:end] lies inside a long hexadecimal token (a sha256, a UUID without
    dashes): its digit runs only look like phone or ID numbers."""
    left, right = start, end
    while left > 0 and text[left - 1] in _HEX:
        left -= 1
    while right < len(text) and text[right] in _HEX:
        right += 1
    return right - left >= 32 and all(c in _HEX for c in text[start:end])


def _keep(mark: str, text: str) -> Callable[[re.Match[str]], str]:
    return lambda m: m.group(0) if in_digest(text, m.start(), m.end()) else mark


def redact(text: str, *, lists_individuals: bool = False) -> str:
    """Replace personal identifiers in `text`; names only on pages listing individuals."""
    text = _EMAIL.sub(EMAIL_MARK, text)
    text = _ID.sub(
        lambda m: (
            ID_MARK
            if looks_like_resident_id(m.group(1)) and not in_digest(text, m.start(), m.end())
            else m.group(0)
        ),
        text,
    )
    text = _ID_MASKED.sub(lambda m: ID_MARK if _is_masked_id(m) else m.group(0), text)
    text = _MOBILE.sub(_keep(PHONE_MARK, text), text)
    text = _LANDLINE.sub(PHONE_MARK, text)
    if lists_individuals:
        text = _NAME_LABEL.sub(lambda m: m.group(1) + NAME_MARK, text)
        text = redact_masked_names(text)
        text = redact_name_columns(text)
    return text


def redact_masked_names(text: str) -> str:
    """Masked names (张某某, 李*明): one that follows another directly (一某一某) goes too, so
    a second pass, which would see it after a mark, finds nothing new. One scan, linear."""
    parts: list[str] = []
    pos = 0
    while (found := _MASKED_NAME.search(text, pos)) is not None:
        parts += [text[pos : found.start()], NAME_MARK]
        end = found.end()
        while (following := _MASKED_NEXT.match(text, end)) is not None:
            parts.append(NAME_MARK)
            end = following.end()
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


_NAME_HEADERS = frozenset(
    {
        "姓名",
        "当事人",
        "驾驶人",
        "违法人",
        "被执行人",
        "失信人",
        "车主",
        "name",
        "driver",
        "offender",
    }
)


def redact_name_columns(text: str) -> str:
    """In tables (rows of `| a | b |` lines), the cells under a name column header."""
    lines = text.split("\n")
    column: int | None = None
    for i, line in enumerate(lines):
        if not line.startswith("|"):
            column = None
            continue
        cells = line.split("|")
        names = [j for j, cell in enumerate(cells) if cell.strip().casefold() in _NAME_HEADERS]
        if names:
            column = names[0]
        elif (
            column is not None
            and column < len(cells)
            and cells[column].strip()
            and not set(cells[column].strip()) <= set("-: ")
        ):
            cells[column] = f" {NAME_MARK} "
            lines[i] = "|".join(cells)
    return "\n".join(lines)


def find_identifiers(text: str) -> list[str]:
    """Identifiers that `redact` would remove (for `audit --privacy`): IDs, phones, e-mails."""
    found = [m.group(0) for m in _EMAIL.finditer(text)]
    found += [
        m.group(1)
        for m in _ID.finditer(text)
        if looks_like_resident_id(m.group(1)) and not in_digest(text, m.start(), m.end())
    ]
    found += [m.group(0) for m in _ID_MASKED.finditer(text) if _is_masked_id(m)]
    found += [m.group(0) for m in _MOBILE.finditer(text) if not in_digest(text, m.start(), m.end())]
    found += [m.group(0) for m in _LANDLINE.finditer(text)]
    return found


def redact_identifiers(text: str) -> str:
    """`text` without ID numbers, phone numbers and e-mail addresses (names are left)."""
    return redact(text, lists_individuals=False)
