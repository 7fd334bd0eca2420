"""Count phrases -> count values: "3000", "2000-3000" (a range), "~100" (nearly, about, 近, 约),
"3000+" (more than, over, 逾, 余, 多). Digits, English number words and Chinese numerals."""

from __future__ import annotations

import re

APPROX = re.compile(
    r"^(?:nearly|almost|about|around|approximately|roughly|some|close\s+to|an\s+estimated|"
    r"up\s+to|近|约|大约|将近|接近|大概|上)\s*",
    re.I,
)
MORE = re.compile(
    r"^(?:more\s+than|over|upwards\s+of|at\s+least|in\s+excess\s+of|逾|超过|多达)\s*", re.I
)
MORE_SUFFIX = re.compile(r"(?:余|多|\+|-odd)$")
BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.I)
RANGE = re.compile(r"\s*(?:to|or|-|–|—|~|～|至|到)\s*", re.I)
WORDS = {
    "zero": 0,
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}


def parse_count(phrase: str) -> str | None:
    """The count value a phrase states, or None when it holds no number."""
    text = phrase.strip().rstrip("个项条家类种").strip()
    if match := BETWEEN.match(text):
        text = f"{match.group(1)} to {match.group(2)}"
    prefix = ""
    if match := APPROX.match(text):
        prefix, text = "~", text[match.end() :]
    elif match := MORE.match(text):
        prefix, text = "+", text[match.end() :]
    if MORE_SUFFIX.search(text):
        prefix, text = "+", MORE_SUFFIX.sub("", text).strip()
    parts = [p for p in RANGE.split(text) if p.strip()]
    numbers = [parse_number(p) for p in parts[:2]]
    if not numbers or any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    if len(values) == 2:
        # "two to three thousand", 两到三千: the scale after the second number is the first's too
        scale = trailing_scale(parts[1])
        if scale and trailing_scale(parts[0]) is None and values[0] * scale <= values[1]:
            values[0] *= scale
    if len(values) == 2 and values[0] < values[1]:
        return f"{values[0]}-{values[1]}"
    value = values[0]
    return f"~{value}" if prefix == "~" else f"{value}+" if prefix == "+" else str(value)


SCALE_SUFFIXES = (*SCALES.items(), *((u, v) for u, v in ZH_UNITS.items() if v > 10))
MAX_SCALE_WORDS = 3  # "hundred thousand", 百万: a number ends in a few scale words at most


def trailing_scale(text: str) -> int | None:
    """The multiplier a number's last words are ("hundred thousand", 百万), if any: read from
    the end, a few words at most (an expression anchored at the end would be quadratic)."""
    rest = text.strip().lower()
    scale, found = 1, False
    for _ in range(MAX_SCALE_WORDS):
        for word, value in SCALE_SUFFIXES:
            if rest.endswith(word):
                scale, found = scale * value, True
                rest = rest[: -len(word)].rstrip()
                break
        else:
            break
    return scale if found else None


def parse_number(text: str) -> int | None:
    text = text.strip().lower()
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    if match := re.fullmatch(r"(\d+(?:\.\d+)?)\s*([千万百])", text):
        return round(float(match.group(1)) * ZH_UNITS[match.group(2)])
    if re.fullmatch(r"[零〇一二两三四五六七八九十百千万]+", text):
        return parse_chinese(text)
    return parse_words(text)


def parse_words(text: str) -> int | None:
    total = current = 0
    found = False
    for word in re.split(r"[\s-]+", text.replace(" and ", " ")):
        if word in WORDS:
            current += WORDS[word]
            found = True
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
            found = True
        elif word:
            return None
    return total + current if found else None


def parse_chinese(text: str) -> int:
    """三千 -> 3000, 十六 -> 16, 近百 (after the prefix) -> 百 -> 100, 一万二千 -> 12000."""
    total = section = digit = 0
    for char in text:
        if char in ZH_DIGITS:
            digit = ZH_DIGITS[char]
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        else:
            section += max(digit, 1) * ZH_UNITS[char]
            digit = 0
    return total + section + digit
