"""What a sentence is about (its scope) and whether its author stands behind it (its stance).

Scope: one or more configured regions, or `national` (China as a whole: the national system,
the State Council, Credit China, 全国), `general` (cities or systems in general: "many cities",
多地), `foreign` (another place), or nothing named. The cue words live in the pattern files
(`cues.national`, `cues.general`, `cues.local`, `cues.foreign`) and are found like place
names: a scope cue is a mention of a pseudo-place, so headings, paragraphs and segments carry
it exactly as they carry a city's name (extract/regions.py). Only statements about configured
regions make claims; a national statement on a city's page does not become the city's. "The
city", 本市 (`local`) name the page's own region; "in the West", 西方国家 (`foreign`) places
abroad named as a group.

Stance: a view the author reports in order to reject it ("many reports wrongly claim that",
"it is a myth that", 有报道称……实际上并非如此, or a next sentence saying "this is false") is
`disputed` and makes no claim; what follows "in fact", 实际上 is the author's own statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extract.rules import Cues
from extract.structure import Sentence

FOREIGN = "*foreign*"
NATIONAL = "*national*"
GENERAL = "*general*"
LOCAL = "*local*"  # "the city", 本市: the page's own region
PSEUDO = frozenset({FOREIGN, NATIONAL, GENERAL, LOCAL})
SCOPE_NAMES = {FOREIGN: "foreign", NATIONAL: "national", GENERAL: "general", LOCAL: "local"}
CONTRARY = re.compile(r"contrary\s+to|与.{0,12}(?:报道|说法)相反", re.I)


def scope_patterns(cues: Cues) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The pseudo-places the gazetteer looks for beside the real ones."""
    return (
        (cues.national, NATIONAL),
        (cues.general, GENERAL),
        (cues.local, LOCAL),
        (cues.foreign, FOREIGN),
    )


def scope_name(regions: frozenset[str]) -> str:
    """The scope a set of places gives a statement that resolved to no configured region."""
    for pseudo in (NATIONAL, GENERAL, FOREIGN):
        if pseudo in regions:
            return SCOPE_NAMES[pseudo]
    return "unknown"


@dataclass(frozen=True, slots=True)
class Stance:
    """The part of a sentence the author disputes (empty when it stands behind all of it)."""

    start: int = 0
    end: int = 0
    asked: bool = False  # an indirect question: what it asks may still be said to be unknown

    def disputed(self, pos: int) -> bool:
        return self.start <= pos < self.end


def sentence_stances(
    masked: str, sentences: Sequence[Sentence], cues_for: Callable[[Sentence], Cues]
) -> list[Stance]:
    """One Stance per sentence: a dispute cue in the sentence, a next sentence that rejects
    it ("This claim is false.", 这种说法不实), or a question an FAQ answers with a denial
    ("Q: Is it true that ...? A: No. ...")."""
    out = []
    for index, sentence in enumerate(sentences):
        stance = own_dispute(masked, sentence, cues_for(sentence))
        if not stance.end and denied_question(masked, sentence.start):
            stance = Stance(sentence.start, sentence.end)
        if not stance.end:
            stance = indirect_question(masked, sentence)
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        if (
            not stance.end
            and following is not None
            and following.block == sentence.block
            and cues_for(following).dispute_next.match(masked, following.start, following.end)
        ):
            stance = Stance(sentence.start, sentence.end)
        out.append(stance)
    return out


def own_dispute(masked: str, sentence: Sentence, cues: Cues) -> Stance:
    cue = cues.dispute.search(masked, sentence.start, sentence.end)
    if cue is None:
        return Stance()
    rebuttal = cues.dispute_next.match(masked, sentence.start, sentence.end)
    if rebuttal is not None:
        saying = SAYING.match(masked, rebuttal.end(), sentence.end)
        that = THAT.match(masked, rebuttal.end(), sentence.end)
        if not saying and not (that and not MORAL.search(rebuttal.group())):
            return Stance()  # "That is a misreading: the bans come from ...": the author's
            # rebuttal; "It is wrong that people are barred ...": a judgement of what is
        colon = COLON.search(masked, rebuttal.end(), sentence.end)
        if colon is not None:  # "It is a myth to think that X: Y": the author's Y
            return Stance(sentence.start, colon.start())
    if CONTRARY.match(masked, cue.start(), cue.end()):
        # "Contrary to reports that X, Y": X is disputed, Y is the author's
        end = SEGMENT_END.search(masked, cue.end(), sentence.end)
        return Stance(cue.start(), end.start() if end else sentence.end)
    fact = cues.assertion.search(masked, cue.end(), sentence.end)
    if fact is not None:
        return Stance(sentence.start, fact.start())
    colon = COLON.search(masked, cue.end(), sentence.end)
    if colon is not None and REBUTTAL.search(cue.group()):
        # "..., but that is not how it works: the grades bring perks" (not "Myth: ...", 谣言：)
        return Stance(sentence.start, colon.start())
    fact = cues.assertion.search(masked, sentence.start, cue.start())
    if fact is not None and masked[sentence.start : fact.start()].strip(" *#-"):
        # 有报道称X，实际上并非如此: X, before the cue word
        return Stance(sentence.start, fact.start())
    if fact is not None:  # "In fact, reports that X are false": X, after the cue word
        return Stance(fact.end(), sentence.end)
    rejected = REJECTING.search(cue.group()) is not None
    added = ADDING.search(masked, cue.end(), sentence.end) if rejected else None
    if added is not None:  # "..., he called it prejudice, adding that cameras are installed
        return Stance(sentence.start, added.start())  # lawfully": what he adds is his own
    return Stance(sentence.start, sentence.end)


def indirect_question(masked: str, sentence: Sentence) -> Stance:
    """What a sentence asks without stating it: the matter after "whether" where the author
    says it is not said or not known ("Officials did not say whether the app is compulsory",
    "reports say nothing on whether consent is sought", 未说明是否……, 是否……尚不清楚), up to
    the end of its clause. The text says nothing of the matter either way: no claim (an
    `unavailable` rule may still read it as unknown)."""
    if QUESTION_WORD.search(masked, sentence.start, sentence.end) is None:
        return Stance()  # most sentences: no question word, no search
    asked = [p.search(masked, sentence.start, sentence.end) for p in ASKED_WHETHER]
    asked.append(OPENS_ASKED.match(masked, sentence.start, sentence.end))  # "Asked whether ..., the
    # police declined to answer" (a question someone was asked that opens the sentence)
    found = min((m for m in asked if m is not None), key=lambda m: m.start(), default=None)
    if found is not None:
        end = QUESTION_END.search(masked, found.end(), sentence.end)
        return Stance(found.start("q"), end.start() if end else sentence.end, asked=True)
    found = WHETHER_UNKNOWN.search(masked, sentence.start, sentence.end)
    if found is not None:
        return Stance(found.start(), found.end(), asked=True)
    return Stance()


# what every expression below needs: "whether" or "if" after a space, or 是否
QUESTION_WORD = re.compile(r"\s(?:whether|if)\b|是否", re.I)
# a verb or phrase of not saying, not knowing or asking, then "whether" (or "if" right after it)
NOT_SAID = (
    r"(?:(?:do|does|did|have|has|had|will|would|could|can)(?:\s+not|n[’']t)|never)\s+"
    r"(?:yet\s+|publicly\s+|officially\s+|clearly\s+|even\s+)?"
    r"(?:say|said|state|stated|specify|specified|disclose|disclosed|explain|explained|reveal"
    r"|revealed|mention|mentioned|clarify|clarified|indicate|indicated|confirm|confirmed"
    r"|address|addressed|make\s+clear|made\s+clear|know|knew|known|answer|answered|respond"
    r"|responded|reply|replied|tell\s+(?:residents|people|users|them|the\s+public))"
    r"|(?:declined|refused|declines|refuses)\s+to\s+(?:say|confirm|disclose|reveal|comment\s+on)"
    r"|(?:were|was|are|is)\s+not\s+told"
    r"|(?:say|says|said|saying|reveal|reveals|revealed|disclose|discloses|disclosed|mention"
    r"|mentions|mentioned|tell|tells|told)\s+(?:us\s+|readers\s+)?(?:nothing|little)"
    r"|(?:is|are|was|were|remains?|remained|stays?|stayed|it\s+is|it\s+remains)\s+"
    r"(?:still\s+|also\s+|entirely\s+|largely\s+)?(?:silent|unclear|unknown|uncertain"
    r"|not\s+(?:clear|known|certain|specified|stated|disclosed|said))"
    r"|no\s+(?:word|information|details?|indication|data|clarity|mention|answer|explanation)"
    r"(?:\s+(?:yet|so\s+far|was\s+given|is\s+given|was\s+available|is\s+available))?"
    r"|(?:nobody|no\s+one)\s+(?:knows|knew|has\s+said|has\s+explained)"
    r"|nor|neither"
)
ASKED_WHETHER_EN = re.compile(
    rf"\b(?:{NOT_SAID})\s+(?:(?:publicly|clearly|exactly|precisely|yet|so\s+far)\s+)?"
    r"(?:(?:on|about|as\s+to|regarding|over)\s+)?(?P<q>whether|if)\b",
    re.I,
)
ASKED_WHETHER_ZH = re.compile(
    r"(?:不清楚|不明确|未说明|没有说明|并未说明|未提及|没有提到|没有提及|未明确|没有明确|未披露"
    r"|没有披露|无从得知|不得而知|未回应|没有回应|未透露|没有透露|未作说明|未予说明|不知道|没说)"
    r"[^。；！？\n]{0,12}?(?P<q>是否)"
)
ASKED_WHETHER = (ASKED_WHETHER_EN, ASKED_WHETHER_ZH)
OPENS_ASKED = re.compile(
    r"\W{0,3}(?:when\s+)?asked\s+(?:[\w’'-]+\s+){0,3}?(?P<q>whether|if)\b", re.I
)
# 是否 ... then the saying that it is not known ("是否需要本人同意，目前尚不清楚")
WHETHER_UNKNOWN = re.compile(
    r"是否[^。；！？\n]{1,60}?(?:尚不清楚|还不清楚|并不清楚|不得而知|尚无定论|未见说明|仍不明确|尚不明确"
    r"|尚未明确|未有说明|无从得知|暂不清楚|(?:并)?未(?:作出|作|予)?说明|没有(?:作出)?说明|未作规定|没有规定)"
)
# where the question ends: a clause mark, a comma (unless the next words ask on: ", nor on
# whether"), "and were told", "because"
QUESTION_END = re.compile(
    r"[;；:：—]|[,，](?!\s*(?:nor|or|and)\s+(?:on\s+|about\s+|as\s+to\s+)?(?:whether|if|how)\b)"
    r"|\s(?:and|but)\s+(?:was|were|are|is)\s+told\b|\bbecause\b",
    re.I,
)


SEGMENT_END = re.compile(r"[,，;；]")
# a cue that is a speaker's rejection ("called it lies", "was made up"), not a report
REJECTING = re.compile(
    r"\b(?:call\w*|dismiss\w*|label\w*|brand\w*|term(?:s|ed)?)\b"
    r"|\b(?:fabricat\w*|made\s+up|lies|slander|smear)\b",
    re.I,
)
# what a speaker who rejected a claim goes on to state in the same sentence
ADDING = re.compile(
    r"[,;]\s{0,3}(?:adding|and\s{1,3}added|but\s{1,3}(?:said|added)|while\s{1,3}(?:saying|noting))"
    r"\s{1,3}that\b",
    re.I,
)
# what a rebuttal opening the sentence goes on to dispute ("It is a myth that a low score ...",
# "It is wrong to say that ..."); "wrong" or "misleading" before a bare "that" judges a fact
# ("It is wrong that people are barred ..."), it does not deny it
SAYING = re.compile(r"\s{1,3}to\s{1,3}(?:say|think|claim|believe|suggest|assume)\b", re.I)
THAT = re.compile(r"\s{1,3}that\b", re.I)
MORAL = re.compile(r"\b(?:wrong|misleading)\b", re.I)
COLON = re.compile(r"[:：]")
REBUTTAL = re.compile(r"\bnot\b|\bwrong\b|\bfalse\b|\buntrue\b|不对|不准确|不正确|并非|有误", re.I)
QUESTION_LINE = re.compile(r"[ \t]*(?:Q\s*[:：.]|问\s*[:：]|Question\s*[:：])", re.I)
ANSWER_LINE = re.compile(r"^[ \t]*(?:A\s*[:：.]|答\s*[:：]|Answer\s*[:：])", re.I | re.M)
DENIAL = re.compile(
    r"\s*(?:No\b|Not\s+(?:true|so|at\s+all|quite)|That\s+is\s+(?:a\s+)?(?:common\s+)?"
    r"(?:myth|misreading|misunderstanding|not\s+(?:true|the\s+case)|wrong|false)|Untrue|False"
    r"|不是|不会|不对|并非|并不|否|没有|不能|这(?:个|种)?说法不对)",
    re.I,
)


def denied_question(masked: str, position: int) -> bool:
    """The position lies in an FAQ question whose answer opens with a denial."""
    line_start = masked.rfind("\n", 0, position) + 1
    if not QUESTION_LINE.match(masked, line_start):
        return False
    answer = ANSWER_LINE.search(masked, position)
    return answer is not None and DENIAL.match(masked, answer.end()) is not None
