"""How a statement holds: negated, planned, possible, past or asserted.

Negation is looked for just before a match (the last eight words or Chinese characters of its
clause), skipping cue words that only look negative (不良 "bad", "not only") and cues that sit
in a subordinate clause ("people who do not pay ... are restricted", 未还款的市民). For list
terms it is also looked for right after the term ("social media posts are not used").

A plan word (plans to, intends to, a draft, 拟, 计划) makes every statement from the start of
its comma segment to the end of its clause `planned`: no value ("Fuzhou launched e-Fuzhou,
and plans to add cameras" keeps the app, the cameras are planned). A possibility word (could,
may, 可能) or a past one (used to, until 2019, 曾) leaves the value and names the modality.
"""

from __future__ import annotations

import re

from extract.han import HAN, HAN_CHAR
from extract.rules import Cues

WINDOW_TOKENS = 8
TOKEN = re.compile(rf"[A-Za-z0-9][\w'’-]*|[{HAN}]")
CJK = HAN_CHAR


ENUMERATION = "、"  # the comma between the items of a Chinese list


def word_reach(masked: str, tokens: list[re.Match[str]], reach: int, pos: int, cues: Cues) -> int:
    """Where the last WINDOW_TOKENS words of `tokens` (which end at `pos`) start, a Chinese word
    that only looks negated (不文明, 不良, 不诚信: the negation exceptions) counting as one word,
    not one per character: in 没有设立不文明行为曝光台 the 没有 reaches the board, as in
    没有设立失信人员曝光台. `reach`: where they start counting every token, the answer unless
    a negation cue stands before it (only such a cue could be reached further back)."""
    if len(tokens) <= WINDOW_TOKENS or not CJK.match(masked, reach):
        return reach
    first_cue = cues.negation.search(masked, tokens[0].start(), pos)
    if first_cue is None or first_cue.start() >= reach:
        return reach
    spans = [
        m.span()
        for m in cues.negation_exceptions.finditer(masked, tokens[0].start(), tokens[-1].end())
    ]
    if not spans:
        return reach
    counted, first = 0, len(tokens)
    while first > 0 and counted < WINDOW_TOKENS:
        first -= 1
        at = tokens[first].start()
        inside = next((s for s in spans if s[0] <= at < s[1]), None)
        if inside is None or at == inside[0]:
            counted += 1
    return tokens[first].start()


def negated_before(masked: str, clause_start: int, pos: int, cues: Cues) -> bool:
    """True when a negation cue governs the words starting at `pos`."""
    window_start = max(clause_start, pos - 80)
    found = list(TOKEN.finditer(masked, window_start, pos))
    if not found:
        return False
    reach = found[-WINDOW_TOKENS:][0].start()
    for cue in cues.negation.finditer(masked, word_reach(masked, found, reach, pos, cues), pos):
        if is_exception(masked, cue.start(), cue.end(), cues):
            continue
        between = masked[cue.end() : pos]
        if cue.start() < reach and ENUMERATION in between:
            continue  # reached only past a word like 不良: not into the next item of a list
        if CJK.match(cue.group()) and any(mark in between for mark in ("的", "，", ",")):
            continue
        if ":" in between or "：" in between:
            continue  # "Not at present: using it is voluntary" answers, then states
        if "," in between and fronted_clause(masked, clause_start, cue.start()):
            continue  # "if the money is still not returned, every benefit is put on hold"
        if (
            cue.group().lower() == "no"
            and ANSWER_NO.match(between)
            and not masked[clause_start : cue.start()].strip(LEAD_MARKS)
        ):
            continue  # "No, joining is voluntary": the answer to a question, then a statement
        if (
            cue.group().lower() == "lacking"
            and LACKING_SUBJECT.fullmatch(between)
            and SUBJECT_VERB.match(masked, pos)
        ):
            continue  # "individuals lacking a good record are restricted": the lack is theirs
        if cue.group().lower() == "no" and own_record(masked, cue.start(), between):
            continue  # "residents with no black marks get discounts": the lack is theirs
        if cue.group().lower() == "without":
            own = OWN_VERB.match(between)  # it matches empty at worst
            if WITHOUT_ENDS.search(between, own.end() if own else 0):
                continue  # "searches without warrants, through face-recognition cameras":
                # the preposition negates its own object, not the next phrase
            joined_verb = JOINED_VERB.search(masked, cue.end(), min(len(masked), pos + 12))
            if joined_verb is not None and joined_verb.start() < pos:
                continue
        if subordinated(masked, clause_start, cue.start(), cues):
            continue
        if CANNOT_WITHOUT.match(masked, cue.start()):
            continue  # "cannot fill the tank without first showing an ID card": a condition
        if WH_COMPLEMENT.search(between):
            continue  # "did not explain how residents can appeal": the negation is the
            # explaining's; what follows "how" is presupposed, not denied
        joined = list(CONJUNCTION.finditer(between))
        if joined and (
            cues.predicate.search(between, joined[-1].end())
            or (
                TOKEN.search(between, joined[-1].end()) is not None
                and cues.predicate.match(masked, pos) is not None
            )
        ):
            continue  # "details are not made public and access to it is restricted": the
            # negation stays in its own conjoined clause
        opened = max(clause_start, cue.start() - 60)
        if relative_before(masked, opened, cue.start(), cues) and cues.predicate.search(between):
            continue  # "people who uninstall it or never install it can be detained"
        return True
    return False


def relative_before(masked: str, window_start: int, cue_start: int, cues: Cues) -> bool:
    """A who/that/if... opens a clause somewhere between `window_start` and the cue."""
    return any(
        cues.subordinators.fullmatch(t.group())
        for t in TOKEN.finditer(masked, window_start, cue_start)
    )


def negated_after(masked: str, end: int, clause_end: int, cues: Cues) -> bool:
    return cues.negation_after.match(masked[end:clause_end]) is not None


def own_record(masked: str, cue_start: int, between: str) -> bool:
    """"no" after "with" or "who have" names what a person lacks ("with no black marks", "who
    have no record of default"), and the words after that record are not negated by it (a
    body that "has no records showing ..." denies what follows)."""
    if not HAVING_BEFORE.search(masked, max(0, cue_start - HAVING_REACH), cue_start):
        return False
    record = RECORD_AFTER_NO.match(between)
    return record is not None and not between[record.end() :].lstrip().startswith("of ")


HAVING_REACH = 60  # characters before "no" in which "with ... and" may stand
HAVING_BEFORE = re.compile(
    r"\b(?:with|(?:who|that)\s{1,3}(?:have|has|had)|having)\s{1,3}"
    r"(?:(?:[\w-]+\s{1,3}){1,5}?(?:and|or)\s{1,3})?$",
    re.I,
)
RECORD_AFTER_NO = re.compile(
    r"\s{1,3}(?:(?:black|bad|criminal|credit|prior|past|unpaid|overdue|previous|traffic|such)"
    r"\s{1,3})?"
    r"(?:records?|marks?|debts?|defaults?|violations?|offen[cs]es|convictions?|arrears|fines"
    r"|blemish\w*|history)\b(?:\s{1,3}of\s{1,3}(?:[\w-]+\s{1,3}){0,2}?[\w-]+)?",
    re.I,
)


def is_exception(masked: str, start: int, end: int, cues: Cues) -> bool:
    lo, hi = max(0, start - 16), min(len(masked), end + 10)  # "with or without", "whether or not"
    return any(
        m.start() <= start < m.end() for m in cues.negation_exceptions.finditer(masked, lo, hi)
    )


# a question word opening the complement of a negated verb of saying or knowing
WH_COMPLEMENT = re.compile(
    r"\b(?:say|says|said|explain\w*|specif\w*|disclos\w*|reveal\w*|know|knew|known|clarif\w*"
    r"|tell\s+\w+|told\s+\w+|make\s+clear|made\s+clear|clear|sure|certain|state\w*"
    r"|indicate\w*|mention\w*|describ\w*|detail\w*)\s+(?:how|whether|why|what|which)\s",
    re.I,
)  # only right after a verb of saying or knowing: "no procedure by which ..." stays denied
# "cannot X without first doing Y" (不……就不能): X needs Y; X itself is not denied
CANNOT_WITHOUT = re.compile(
    r"(?:cannot|can[’']t|can\s+not|could\s+not|couldn[’']t|may\s+not)\s+[^.;,!?]{1,60}?"
    r"\bwithout\s+(?:first\s+|also\s+)?[a-z]+ing\b",
    re.IGNORECASE,
)
# where the object of "without" ends: a comma or another preposition's phrase
WITHOUT_ENDS = re.compile(r"[,;，；]|\b(?:through|by|via|using)\b", re.IGNORECASE)
# a second verb joined on ends what "without" governs ("rent bikes without a deposit and skip
# queues": the queues are skipped, not done without); only verbs that are not also nouns ("or
# use of", "or travel bans")
JOINED_VERB = re.compile(
    r"\b(?:and|or)\s+(?:also\s+|then\s+|even\s+)?(?:get|enjoy|receive|skip|jump|borrow|rent"
    r"|earn|win|apply|can|may|will)\b",
    re.IGNORECASE,
)
# "lacking X" describing the subject, then the subject's verb: the verb is not negated
LACKING_SUBJECT = re.compile(r"\s{1,3}(?:[\w’'-]+\s{1,3}){1,5}")  # bounded: no backtracking
SUBJECT_VERB = re.compile(
    r"(?:are|is|were|was|will|would|can|could|may|might|get|gets|got|face|faces|faced|must)\b",
    re.IGNORECASE,
)
ANSWER_NO = re.compile(r"\s{0,3}[,，.!—–]")  # "No," opening a sentence answers what was asked
LEAD_MARKS = " \t\n*#-–—\"“'‘>"
# the verb "without" governs itself, with its particle ("without looking at", "without using")
OWN_VERB = re.compile(
    r"\s*(?:(?<![A-Za-z])[A-Za-z]{1,30}ing\b(?:\s+(?:at|with|from|by|through|via|on|to|into)\b)?)?"
)
CONJUNCTION = re.compile(r"\b(?:and|but)\b", re.IGNORECASE)
# a second predicate joined to the first ("... are being put up and will soon ...")
COORDINATED = re.compile(r"\b(?:and|but)\s+(?:also\s+|then\s+)?$")


CONDITION = re.compile(r"(?:if|when|whenever|unless|once|until|although|though)", re.I)


def fronted_clause(masked: str, clause_start: int, cue_start: int) -> bool:
    """The cue sits in a conditional or temporal clause that opens its comma-separated part
    of the sentence ("If it is not repaid, ..."): it ends at a comma and negates nothing
    after. (A relative or causal clause, "Because it does not use tax records, social media
    or bills", is left to the other checks: its commas may only separate list items.)"""
    part = max(masked.rfind(",", clause_start, cue_start) + 1, clause_start)
    first = TOKEN.search(masked, part, cue_start)
    return first is not None and CONDITION.fullmatch(first.group()) is not None


def subordinated(masked: str, clause_start: int, cue_start: int, cues: Cues) -> bool:
    """A cue right after who/that/if... belongs to a relative or conditional clause."""
    before = list(TOKEN.finditer(masked, max(clause_start, cue_start - 40), cue_start))[-3:]
    return any(cues.subordinators.fullmatch(t.group()) for t in before)


def planned_start(
    masked: str, clause: tuple[int, int], segments: list[tuple[int, int]], cues: Cues
) -> int | None:
    """Where the clause stops stating facts: the start of the first planned segment. A plan
    word inside brackets speaks only for the aside ("8折（今后如有调整，以公布为准）"), one in a
    leading comparison for what it compares with (`comparison_lead`, read only when a plan word
    is found: most clauses have none)."""
    found = (
        m
        for m in cues.planned.finditer(masked, *clause)
        if not bracketed(masked, clause[0], m.start())
    )
    first = next(found, None)
    if first is not None:
        compared = comparison_lead(masked, clause, segments)
        if first.start() < compared:
            first = next((m for m in found if m.start() >= compared), None)
    if first is None:
        return None
    if subordinated(masked, clause[0], first.start(), cues):
        return first.start()  # "a platform that sends people to camps in case they may one day
        # defy": the plan word speaks for its relative or conditional clause, not what precedes
    if COORDINATED.search(masked, max(clause[0], first.start() - 12), first.start()):
        return first.start()  # "cameras are being put up and will soon be run by software":
        # the plan is the second predicate's; the first still states a fact
    for index, (start, end) in enumerate(segments):
        if start <= first.start() < end:
            if index and PREDICATE_FIRST.match(masked, start, end):
                return segments[0][0]  # "Bank debts, such as ..., are to be added": the plan's
                # subject is in the segments before its verb
            return start
    return first.start()


# a segment that opens on the verb of a subject named before it
PREDICATE_FIRST = re.compile(
    r"\W{0,3}(?:will|would|shall|(?:is|are)\s+(?:also\s+|soon\s+)?to\s+be)\s", re.I
)


# a first segment that only compares ("As with the national database the ministry planned in
# 2012, a record in Shanghai is shared only with consent", 与国家规划的一样，): its plan word
# speaks for what it compares with, not for the statement after it
COMPARISON_LEAD = re.compile(
    r"\s{0,3}(?:(?:as\s+with|as\s+in|like|unlike|just\s+as|similar\s+to|much\s+as|in\s+line"
    r"\s+with)\b|与|和|同|跟|如同|正如|参照)",
    re.I,
)
COMPARED_END = re.compile(r"(?:一样|相同|类似|一致|不同|相比|有别|不一样)\W{0,3}$")
# a lead that names a draft or a proposal says where the content comes from: it compares
# nothing, and its plan word makes the statement after it a plan ("As in the draft, ...",
# 正如征求意见稿所列，)
DRAFT_LEAD = re.compile(
    r"\b(?:drafts?|proposals?|proposed|consultation\s+(?:paper|draft)|bills?|plan\s+says)\b"
    r"|草案|征求意见稿|意见稿|送审稿|规划(?:所说|所列|所写|提出)",
    re.I,
)
# ... unless the lead sets the statement against the draft ("Unlike the draft, the final
# regulation bars ...", 与草案不同), compares with another body's plan ("Like the national
# blacklist proposed in 2014"), or the statement says it is in force (正式施行, "the final")
CONTRAST_LEAD = re.compile(r"\s{0,3}unlike\b", re.I)
COMPARED_APART = re.compile(r"(?:不同|有别|不一样)\W{0,3}$")
OTHER_BODY = re.compile(
    r"\b(?:national|central|state|ministry|ministries|Beijing|the\s+country)\b|国家|中央|国务院|部委|北京",
    re.I,
)
IN_FORCE = re.compile(
    r"\b(?:final|in\s+force|took\s+effect|takes\s+effect|adopted|enacted|passed)\b|正式|施行|生效|出台",
    re.I,
)
# a relative clause set off by commas goes on with the lead it belongs to ("As with the
# national database, which the ministry planned in 2012, ...")
RELATIVE_GOES_ON = re.compile(r"\s{0,3}(?:which|who|whose|that|where)\b", re.I)


def comparison_lead(
    masked: str, clause: tuple[int, int], segments: list[tuple[int, int]]
) -> int:
    """Where the clause's leading comparison segment ends (its start: there is none)."""
    if len(segments) < 2 or segments[0][0] != clause[0]:
        return clause[0]
    start, end = segments[0]
    if not COMPARISON_LEAD.match(masked, start, end):
        return clause[0]
    following = 1
    while following < len(segments) - 1 and RELATIVE_GOES_ON.match(
        masked, segments[following][0], segments[following][1]
    ):
        end = segments[following][1]
        following += 1
    if masked[start:end].lstrip()[:1] in "与和同跟" and not COMPARED_END.search(masked, start, end):
        return clause[0]  # 与 compares only with 一样/类似/不同 closing the segment
    if DRAFT_LEAD.search(masked, start, end) and not (
        CONTRAST_LEAD.match(masked, start, end)
        or COMPARED_APART.search(masked, start, end)
        or OTHER_BODY.search(masked, start, end)
        or IN_FORCE.search(masked, end, clause[1])
    ):
        return clause[0]  # "As in the draft, ...": the draft's content, a plan
    return end


def bracketed(masked: str, start: int, pos: int) -> bool:
    """`pos` sits inside brackets opened after `start`."""
    before = masked[start:pos]
    opened = before.count("(") + before.count("（")
    return opened > before.count(")") + before.count("）")


def modality_at(masked: str, clause: tuple[int, int], pos: int, cues: Cues) -> str:
    """`possible` or `past` where such a cue sits in the clause before `pos` (or anywhere in
    its comma segment); else `asserted`. Plans are found by `planned_start`."""
    start, end = clause
    for name, cue in (("possible", cues.possible), ("past", cues.past)):
        for match in cue.finditer(masked, start, end):
            if match.start() < pos or governs_back(masked, pos, match.start(), cues):
                return name
    return "asserted"


def governs_back(masked: str, pos: int, cue: int, cues: Cues) -> bool:
    """A cue just after a statement's words, in its own segment and not in a relative clause
    ("Loans could be denied"; not "no rule that limits what the police may collect")."""
    between = masked[pos:cue]
    if cue - pos > AFTER_REACH:
        return False
    if SEGMENT_END.search(between) and not list_goes_on(between):
        return False
    return not any(cues.subordinators.fullmatch(t.group()) for t in TOKEN.finditer(between))


SEGMENT_END = re.compile(r"[,，;；:：]")
# a Chinese list whose consequence follows after commas: the segments between go on with the
# list (甚至, 乃至, 以及), and the cue's own segment opens with what all of it comes to (都, 均):
# "申请房贷、车贷，甚至出国，都可能受到影响"
LIST_GOES_ON = re.compile(r"甚至|乃至|以及")
SUMS_UP = re.compile(r"也都|全都|都|均")  # all that stands before the cue (stripped)
STATEMENT_END = re.compile(r"[;；:：]")
COMMA = re.compile(r"[,，]")


def list_goes_on(between: str) -> bool:
    """The commas between a term and a later cue only carry the term's list on: each middle
    segment continues it and the last is 都 or 均 alone ("都可能", not "都市生活可能"). A
    semicolon or colon ends the statement."""
    if STATEMENT_END.search(between):
        return False
    *middle, last = COMMA.split(between)[1:]
    return SUMS_UP.fullmatch(last.strip()) is not None and all(
        LIST_GOES_ON.match(piece.lstrip()) for piece in middle
    )


AFTER_REACH = 60  # characters
