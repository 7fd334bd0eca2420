"""Text -> blocks (headings, table rows, paragraphs), sentences, clauses and segments, all as
character offsets into the text, so that every quote is text[start:end].

Matching runs on an analysis copy of the text of the same length, in which URLs, e-mail
addresses and markdown markers are blanked: a city named in a link address or a pair of
asterisks must not change what a sentence says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from extract.han import HAN_CHAR, han_punctuation
from extract.prefilter import fold, quick

BlockKind = Literal["text", "heading", "table"]
# the e-mail branch starts only where a run of its characters starts and never re-reads the
# run (possessive): linear on a long unbroken token (was quadratic: 80k characters in 17 s)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'）)\]]+|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.-]+|doi:\S+", re.I
)
LINK_MARKS = ("://", "www.", "doi:")  # what a URL match needs besides "@"
MARKERS = quick(r"\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|^[ \t]*#{1,6}(?=\s)", re.M)
TERMINAL = re.compile(r"[.!?。！？;；,，、]['\"”’)）\]」』*]*$")
WRAPPED_END = re.compile(r"[.!?:;。！？：；]['\"”’)）\]」』*]*$")
INNER_BREAK = re.compile(r"[.!?。！？]['\"”’)）*]*\s+\S")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•·▪◦]|\d{1,3}[.)、]|[（(]\d{1,3}[)）])\s+")
# a list item's marker, Chinese forms included ("（一）", "一、", "1、" need no space)
ITEM_MARK = re.compile(
    r"[ \t]*(?:[-*+•·▪◦][ \t]+|\d{1,3}[.)][ \t]+|\d{1,3}、"
    r"|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]|[一二三四五六七八九十]{1,3}、)"
)
LEAD_END = re.compile(r"[:：]\W*$")
CJK = HAN_CHAR
LATIN_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
# a regulation's article number after a space starts a new statement where a PDF's text runs
# the table of contents and the articles together ("... 第四节 信用修复 第一条 为规范……"),
# not where a sentence cites an article ("根据 第十条 规定", "依照本条例 第十条")
SENTENCE_BREAK = re.compile(
    r"[。！？]+|[.!?]+(?=[\"'”’)\]）]*(?:\s|$))"
    r"|(?<=[^\s照据依按反用见及和与或、，,；;例法》定款项])[ \t　]{1,8}"
    r"(?=第[一二三四五六七八九十百零〇\d]{1,5}条[ \t　])"
)
CLOSERS = "\"'”’)]）」』*"
ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "vs",
        "cf",
        "al",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "co",
        "inc",
        "ltd",
        "jr",
        "sr",
        "fig",
        "approx",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
        "ed",
        "eds",
        "vol",
        "pp",
        "p",
        "art",
        "sec",
        "ch",
    }
)
NUMBER_SIGNS = frozenset({"no", "nos"})  # abbreviations only before a number
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12
HEADING_MAX_CJK = 30
# a line this long that ends mid-sentence was wrapped: the next line goes on with it, even
# when it starts with a capital ("whose Sesame / Score ...") or a Chinese character
WRAP_MIN = 60
WRAP_MIN_CJK = 25
LIST_TITLE_MAX = 40  # characters of a list's title line
ROWS_MIN = 3  # lines with a bar in a row that make a table
TITLE_REPEAT_MIN = 8  # characters of a headline that a page title may open with
TITLE_SEPARATORS = frozenset("_|-–—·:：｜")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    block: int
    kind: BlockKind = "text"


def analysis_text(text: str) -> str:
    """`text` with URLs, e-mail addresses and markdown markers replaced by spaces, and ASCII
    commas and semicolons in Chinese text read as full-width ones (offsets kept)."""
    blank = URL.sub(lambda m: " " * len(m.group()), text) if may_hold_links(text) else text
    return han_punctuation(MARKERS.sub(lambda m: " " * len(m.group()), blank))


def may_hold_links(text: str) -> bool:
    """`text` holds what every URL, address or DOI needs ("@" or one of LINK_MARKS, read
    folded as IGNORECASE reads it: "DOİ:" and "doı:" are DOIs too); most pages' main text
    holds none, and URL is not run over it."""
    if "@" in text:
        return True
    folded = fold(text)
    return any(mark in folded for mark in LINK_MARKS)


def split_sentences(text: str, masked: str) -> list[Sentence]:
    """Sentences in reading order; headings and table rows are one sentence each."""
    out: list[Sentence] = []
    for index, (start, end, kind) in enumerate(split_blocks(text)):
        if kind != "text":
            out.append(Sentence(start, end, index, kind))
            continue
        out += [
            Sentence(*widen(text, masked, s, e), index)
            for s, e in sentence_spans(masked, start, end)
        ]
    return out


def widen(text: str, masked: str, start: int, end: int) -> tuple[int, int]:
    """Give back the markdown markers blanked at a sentence's edges ("**Xinjiang**: ...")."""
    while start > 0 and masked[start - 1] == " " and text[start - 1] in "*_`":
        start -= 1
    while end < len(text) and masked[end] == " " and text[end] in "*_`":
        end += 1
    return start, end


def split_blocks(text: str) -> list[tuple[int, int, BlockKind]]:
    """(start, end, kind) of each heading, table row and paragraph. A line is a paragraph of
    its own, unless it continues a hard-wrapped one: the line before does not end a sentence
    and this one starts in lower case, or the line before is as long as a wrapped line."""
    blocks: list[tuple[int, int, BlockKind]] = []
    pos = 0
    open_text = wrapped = False
    previous = ""
    lines = text.split("\n")
    for number, raw in enumerate(lines):
        line_start, pos = pos, pos + len(raw) + 1
        line = raw.strip()
        if not line:
            open_text = False
            continue
        start = line_start + len(raw) - len(raw.lstrip())
        end = line_start + len(raw.rstrip())
        continues = open_text and (
            (line[:1].isascii() and line[:1].islower())
            or (wrapped and not line.startswith("#") and not titles_list(line, lines, number))
        )
        if continues and repeats_title(line, previous):
            continues = False  # a page's title ("Headline_Section_Site"), then its headline
        previous = line
        kind = line_kind(raw, line, continues, among_rows(lines, number))
        if kind == "text" and continues and not LIST_ITEM.match(raw):
            blocks[-1] = (blocks[-1][0], end, "text")
        else:
            blocks.append((start, end, kind))
        open_text = kind == "text" and not WRAPPED_END.search(line)
        wrapped = len(line) >= (WRAP_MIN_CJK if CJK.search(line) else WRAP_MIN)
    return blocks


def repeats_title(line: str, previous: str) -> bool:
    """The line is the start of the line before, which goes on with a separator: the page's
    title (社会信用条例草案修改二稿形成_立法动态_厦门人大网, "Headline | Site") above the
    headline the body opens with, a line of its own and not the title's wrapped end."""
    if len(line) < TITLE_REPEAT_MIN or len(previous) <= len(line) or not previous.startswith(line):
        return False
    return previous[len(line) : len(line) + 3].lstrip()[:1] in TITLE_SEPARATORS


def titles_list(line: str, lines: list[str], number: int) -> bool:
    """A short capitalised line with no sentence end, not indented, above a list item (blank
    lines aside) is the title of that list ("Shandong" above "- shared bikes without a
    deposit"), not the wrapped end of the line before it."""
    raw = lines[number]
    if len(line) > LIST_TITLE_MAX or not line[:1].isupper() or WRAPPED_END.search(line):
        return False
    if raw[:1].isspace():
        return False  # indented: the wrapped end of the item above
    following = next((lines[n] for n in range(number + 1, len(lines)) if lines[n].strip()), "")
    return LIST_ITEM.match(following) is not None


def among_rows(lines: list[str], number: int) -> bool:
    """The line is one of a run of at least ROWS_MIN lines with a bar: rows of a two-column
    table ("Launched | June 2018"), where a page title ("Title | Site") stands alone or beside
    one metadata line ("By Li Tao | Updated: ...")."""

    def barred(n: int) -> bool:
        return "|" in lines[n] and not lines[n].lstrip().startswith("#")

    if not barred(number):
        return False
    first = last = number
    while first > 0 and barred(first - 1) and number - first < ROWS_MIN:
        first -= 1
    while last + 1 < len(lines) and barred(last + 1) and last - number < ROWS_MIN:
        last += 1
    return last - first + 1 >= ROWS_MIN


def line_kind(raw: str, line: str, continues: bool, row: bool) -> BlockKind:
    if "\t" in line or line.count("|") >= 2 or row:
        return "table"
    if line.startswith("#"):
        return "heading"
    if continues or LIST_ITEM.match(raw) or TERMINAL.search(line) or INNER_BREAK.search(line):
        return "text"
    cjk = len(CJK.findall(line))
    if cjk:
        return "heading" if cjk <= HEADING_MAX_CJK and len(line) <= HEADING_MAX_CHARS else "text"
    words = len(LATIN_WORD.findall(line))
    short = len(line) <= HEADING_MAX_CHARS and words <= HEADING_MAX_WORDS
    return "heading" if short and not line[:1].islower() else "text"


def sentence_spans(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    begin = start
    for match in SENTENCE_BREAK.finditer(masked, start, end):
        stop = match.end()
        while stop < end and masked[stop] in CLOSERS:
            stop += 1
        if match.group()[0] == "." and not ends_sentence(masked, match.start(), stop, end):
            continue
        spans.append((begin, stop))
        begin = stop
    spans.append((begin, end))
    return [trimmed for s, e in spans if (trimmed := trim(masked, s, e))]


def ends_sentence(masked: str, dot: int, after: int, end: int) -> bool:
    """A period ends a sentence unless it closes an abbreviation or an initial, or the next
    word starts in lower case (as after "etc." inside a sentence)."""
    token = re.search(r"([\w.]+)$", masked[max(0, dot - 12) : dot])
    word = token.group(1).lower() if token else ""
    rest = masked[after:end].lstrip()
    if word in NUMBER_SIGNS and not rest[:1].isdigit():
        return True  # "A: No. Using the app is voluntary": an answer, not "No. 5"
    if word in ABBREVIATIONS or (re.fullmatch(r"[a-z]", word) and masked[dot - 1].isupper()):
        return False
    return not rest or not rest[0].islower()


def trim(masked: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (masked[start].isspace() or masked[start] in "-*•·▪◦>"):
        start += 1
    while end > start and masked[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_at(masked: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """[start, end) cut at every match of `pattern` (the separator itself belongs to neither)."""
    spans = []
    begin = start
    for match in pattern.finditer(masked, start, end):
        if match.end() == match.start():
            continue
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, end))
    return [(s, e) for s, e in spans if e > s] or [(start, end)]


def is_question(masked: str, start: int, end: int) -> bool:
    """The sentence asks something. One that reports a question after a clause of its own
    ("..., and they ask children: 'Did your father teach you the Koran?'") states that
    clause; a question after a short lead ("Q: ...", 问：……) is still a question."""
    body = masked[start:end].rstrip(CLOSERS + " ")
    if not body.endswith(("?", "？")):
        return False
    lead = reported_lead(body)
    return lead <= 0 or not CLAUSE_MARK.search(body, 0, lead)


def reported_lead(body: str) -> int:
    """Where the question a sentence reports begins: its last colon (not a time's, 10:30) or
    a quotation still open at the end ("... ask: 'Why?'"); -1 where there is none. A quoted
    term closed before the end ("put me on a 'blacklist' and ...?") begins nothing."""
    colon = max((m.start() for m in REPORT_COLON.finditer(body)), default=-1)
    quote = -1
    for opener, closer in (("“", "”"), ("「", "」"), ("‘", "’")):
        if body.rfind(opener) > body.rfind(closer):
            quote = max(quote, body.rfind(opener))
    if body.count('"') % 2:
        quote = max(quote, body.rfind('"'))
    return max(colon, quote)


REPORT_COLON = re.compile(r"[:：](?!\d)")
CLAUSE_MARK = re.compile(r"[,，;；]")


def is_list_item(text: str, sentence: Sentence) -> bool:
    """The sentence opens a line with a list marker (-, 1., （一）, 一、)."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    prefix = text[line_start : sentence.start]
    if prefix.strip():
        return ITEM_MARK.fullmatch(prefix.rstrip() + " ") is not None or bool(
            ITEM_MARK.fullmatch(prefix)
        )
    return ITEM_MARK.match(text, sentence.start) is not None


def is_lead_in(text: str, sentence: Sentence) -> bool:
    """A heading, or a sentence ending in a colon ("Benefits include:", 守信激励措施包括：)."""
    return sentence.kind == "heading" or bool(LEAD_END.search(text, sentence.start, sentence.end))
