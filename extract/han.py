"""Chinese characters: the one definition of the character class that tells Chinese text from
other text, for every module of extract/ and for monitor's gold evaluation."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

#: The Han ideographs, as the inside of a regular-expression character class: write
#: rf"[{HAN}]", or add to it (rf"[{HAN}·*]"). The CJK Unified Ideographs (U+4E00-9FFF),
#: Extension A (U+3400-4DBF), the compatibility ideographs (U+F900-FAFF) and Extensions B to
#: H beyond the BMP (U+20000-323AF). Not the Yijing hexagram symbols (U+4DC0-4DFF) between
#: Extension A and the main block, nor radicals, punctuation or full-width forms.
#: (crawler/encoding.py's `usual` is not a copy: it scores how common a decoded character
#: is, and rare ideographs count against a guessed charset there.)
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
#: One Han ideograph, compiled once for every module that looks for Chinese text.
HAN_CHAR = re.compile(rf"[{HAN}]")

# Characters written only in traditional Chinese and common in any text: a text with enough of
# them is traditional (a Hong Kong or Taiwan outlet, a Chinese-language service abroad)
TRADITIONAL_MARKS = re.compile(
    "[們這個會為來說對與後經發時學國過還現體進種點樣開關區實條東認動問員機長產業灣臺從當]"
)
TRADITIONAL_MIN = 3  # marks a text needs, and at least one in TRADITIONAL_SHARE of its Han
TRADITIONAL_SHARE = 100  # characters, to be read as traditional


#: An ASCII comma or semicolon right after a Chinese character (or after a closing quote or
#: bracket that follows one): Chinese text typed with them means the full-width marks the
#: rules stop at.
HAN_ASCII_MARK = re.compile(
    rf"(?:(?<=[{HAN}])|(?<=[{HAN}][\u201d\u2019\u300d\u300f\uff09\u3011]))[,;]"
)
FULL_WIDTH = {",": "\uff0c", ";": "\uff1b"}


def han_punctuation(text: str) -> str:
    """`text` with each ASCII comma or semicolon that follows a Chinese character read as the
    full-width mark (，；), one character for one: the rules' fillers stop at a Chinese clause's
    end (`[^。；，]`) however the page typed it."""
    if "," not in text and ";" not in text:
        return text
    return HAN_ASCII_MARK.sub(lambda m: FULL_WIDTH[m.group()], text)


def simplified(text: str) -> str:
    """`text` with traditional characters replaced by simplified ones, one character for one
    (offsets into the result are offsets into `text`), when `text` is written in traditional
    characters; else `text` itself. The rules and place names are written in simplified
    characters: 人臉識別 is read as 人脸识别. Only characters that are never simplified ones are
    replaced (the table of OpenCC, as the opencc-python-reimplemented package ships it)."""
    marks = len(TRADITIONAL_MARKS.findall(text))
    if marks < TRADITIONAL_MIN:
        return text
    han = len(HAN_CHAR.findall(text))
    if marks * TRADITIONAL_SHARE < han:
        return text
    return text.translate(traditional_table())


@lru_cache(maxsize=1)
def traditional_table() -> dict[int, str]:
    folder = resources.files("opencc") / "dictionary"
    simple = {
        line.partition("\t")[0]
        for line in (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines()
    }
    table: dict[int, str] = {}
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        old, _, new = line.partition("\t")
        first = new.split(" ")[0]
        if len(old) == 1 and len(first) == 1 and old != first and old not in simple:
            table[ord(old)] = first
    return table
