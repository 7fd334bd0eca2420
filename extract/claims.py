"""Text -> evidence-backed claims about the configured regions, by the rules in extract/patterns/.

Each claim carries its region, attribute, value, the rule that produced it and the sentence
it comes from as a quote with character offsets into the text (quote == text[start:end]).
Values: `yes | no | partial | unknown` (unknown with basis `stated-unavailable` where the text
says a detail is not available), counts as strings ("3000", "2000-3000", "~100", "3000+"),
and lists as sorted tuples of canonical terms (the terms of monitor/data/baseline.yaml).
Each claim also carries its modality (asserted, possible, past, negated: extract/modality.py),
why it belongs to its region (extract/scope.py, extract/regions.py) and its role (what part
of the system it describes). Questions, plans, disputed views, statements about China as a
whole or about other places, and reference lists make no claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from typing import cast

from db.models import ATTRIBUTE_KINDS, ROLE_OF, Claim, Evidence, RegionNames, Value
from extract.han import simplified
from extract.learned import Model, learned_model, unplaced
from extract.modality import modality_at, negated_after, negated_before, planned_start
from extract.numbers import parse_count
from extract.prefilter import PageFilter, Prefilter, fold
from extract.regions import NAMED, PAGE, Attributor, Gazetteer, Segment, opens_relative
from extract.rules import (
    SCRIPTS,
    Cues,
    Generic,
    LearnedSettings,
    Rule,
    RuleSet,
    Term,
    load_ruleset,
)
from extract.scope import (
    FOREIGN,
    GENERAL,
    LOCAL,
    NATIONAL,
    PSEUDO,
    Stance,
    scope_name,
    scope_patterns,
    sentence_stances,
)
from extract.structure import (
    Sentence,
    analysis_text,
    is_lead_in,
    is_list_item,
    is_question,
    split_at,
    split_sentences,
)
from extract.topicnet import sentence_language
from extract.version import EXTRACTOR_VERSION as EXTRACTOR_VERSION  # re-exported

QUOTE_MAX = 600
FLIP = {"yes": "no", "no": "yes"}
NEGATION_GROUPS = ("neg", "neg2", "negp", "negp2")  # a pattern's own negation words


@dataclass(frozen=True, slots=True)
class Hit:
    region: str
    attribute: str
    value: Value
    rule: str
    priority: int
    basis: str
    position: int
    modality: str = "asserted"
    scope: str = ""


@dataclass(slots=True)
class Clause:
    """One clause of one sentence, with what its rules need to know."""

    masked: str
    start: int
    end: int
    sentence: Sentence
    segments: list[Segment]
    attributor: Attributor
    ruleset: RuleSet
    planned_from: int | None = None
    stance: Stance = field(default_factory=Stance)
    lead: tuple[int, int] | None = None  # a list item's lead-in ("Benefits include:", a heading)
    # or the question an answer replies to
    heading: tuple[int, int] | None = None  # the heading the sentence sits under
    frames: tuple[tuple[int, int], ...] = ()  # segments saying what feeds the score
    outcome_from: int | None = None  # after "a poor rating affects": what the score brings
    cues: Cues | None = None  # the ruleset's cues, those that cannot occur here screened out
    plan_section: bool = False  # under a plan's heading: only facts about the plan itself count
    title: tuple[int, int] | None = None  # the heading above a lead-in heading ("Penalties:")
    lead_denied: bool = False  # under a lead-in that denies giving its items (`lead_denies`)

    def context(self) -> list[tuple[int, int]]:
        """The clause, and the lead-in and heading it sits under."""
        return [(self.start, self.end), *(s for s in (self.lead, self.heading) if s)]

    def says(self, pattern: re.Pattern[str]) -> bool:
        """The sentence, its lead-in or its heading matches `pattern`."""
        around = [(self.sentence.start, self.sentence.end), *self.context()[1:]]
        around += [self.title] if self.title else []
        return any(pattern.search(self.masked, start, end) for start, end in around)

    @property
    def text(self) -> str:
        return self.masked[self.start : self.end]

    def contrasted(self, pos: int) -> bool:
        """The position sits in a segment that opens by setting something else apart
        ("Unlike the blacklists, ...", 与全国的黑名单不同): that segment is about the other."""
        cues = self.cues or self.ruleset.cues
        masked = self.masked
        for index, segment in enumerate(self.segments):
            if segment.start <= pos < segment.end:
                if cues.contrast_segment.match(masked, segment.start, segment.end):
                    return True
                if cues.contrast_object.search(masked, segment.start, pos):
                    return True  # "the score is separate from the blacklist"
                named = segment.reason == NAMED  # "unlike Shanghai, where ...": about Shanghai
                if named or not index or not opens_relative(masked, segment.start, segment.end):
                    return False
                # "..., unlike the court blacklists, which bar debtors from flights"
                before = self.segments[index - 1]
                return bool(
                    cues.contrast_segment.match(masked, before.start, before.end)
                    or cues.contrast_object.search(masked, before.start, before.end)
                )
        return False

    def silent(self, pos: int, rule: Rule) -> bool:
        """No claim here: a view the author disputes, a plan (for rules that heed plans), or
        what a score brings named where the clause says what feeds it ("loses points when
        a loan is repaid late": the loan is an input, not a penalty)."""
        planned = self.planned_from is not None and pos >= self.planned_from
        framed = any(start <= pos < end for start, end in self.frames)
        role = ROLE_OF.get(str(rule.attribute))
        outcome = role == "outcome"
        brought = self.outcome_from is not None and pos >= self.outcome_from
        if brought and role == "input":
            return True  # "a poor rating affects employment": employment is no input
        # a system is named even in a view the author disputes ("reports say the Bailu score ...")
        disputed = self.stance.disputed(pos) and rule.attribute != "system_names"
        # "indicators: basic information, ..., credit repair": a dimension's name, no channel
        redress = rule.attribute == "redress_channels" and bool(
            framed and INDICATOR_LIST.search(self.masked, self.start, pos)
        )
        if disputed or (rule.hedged and planned) or (framed and (outcome or redress)):
            return True
        return self.contrasted(pos)

    def modality(
        self, pos: int, attribute: str, negated: bool = False, heeds_plans: bool = True
    ) -> str:
        """`heeds_plans` False: the statement is a fact about the plan itself (a draft put out
        for comment), so a plan around it does not make it planned."""
        if heeds_plans and self.planned_from is not None and pos >= self.planned_from:
            return "planned"
        cues = self.cues or self.ruleset.cues
        found = modality_at(self.masked, (self.start, self.end), pos, cues)
        if found == "possible" and ROLE_OF.get(attribute) == "rights":
            found = "asserted"  # "users may withdraw": a permission, not a possibility
        return "negated" if negated and found == "asserted" else found

    def regions_at(self, pos: int) -> tuple[str, ...]:
        return self.scope_at(pos)[0]

    def scope_over(self, start: int, end: int) -> tuple[tuple[str, ...], str]:
        """The scope of a statement spanning several segments: its first segment's, else that
        of a later segment it reaches into that names a region ("Every vehicle in Bayingol,
        in Xinjiang, must be fitted ...")."""
        found = self.scope_at(start)
        if found[0]:
            return found
        for segment in self.segments:
            if start < segment.start < end and segment.regions - PSEUDO:
                return self.scope_at(segment.start)
        return found

    def scope_at(self, pos: int) -> tuple[tuple[str, ...], str]:
        """The configured regions a statement at `pos` is about, and why."""
        segment = next((s for s in self.segments if s.start <= pos < s.end), None)
        segment = segment or (self.segments[-1] if self.segments else None)
        if segment is None:
            return (), ""
        regions = self.attributor.resolve(segment.regions)
        if not regions or segment.regions - PSEUDO:
            return regions, segment.reason
        if LOCAL in segment.regions:
            return regions, "'the city' on a page about it"
        return regions, PAGE

    def negated(self, pos: int) -> bool:
        return negated_before(self.masked, self.start, pos, self.ruleset.cues)

    def negated_within(self, start: int, end: int) -> bool:
        """A negation cue inside [start, end) reaches its end ("without paying a deposit")."""
        return negated_before(self.masked, start, end, self.ruleset.cues)


def extract_claims(
    text: str,
    *,
    regions: Sequence[RegionNames],
    source_regions: Sequence[str] = (),
    learned: Model | bool = True,
) -> list[Claim]:
    """Every claim `text` makes about the configured `regions`.

    `learned`: the learned reading (extract/learned.py) with the packaged model where the
    pattern files turn it on (True), not at all (False), or with this model (to measure one).

    `source_regions` are the regions the source speaks about: where it names exactly one,
    sentences that name no region and follow no region heading are attributed to it.
    Every language's rules read the text, each only the sentences written in its script
    (`RulePlan.candidates`): a page's Chinese sentences are read as Chinese whatever language
    its source is configured with, and its English ones as English.
    """
    ruleset = load_ruleset()
    plan = ruleset_plan(ruleset)
    reading = Reading.of(text, regions, source_regions)
    folded = fold(reading.masked)
    rule_filter, term_filter = plan.rule_filter.page(folded), plan.term_filter.page(folded)
    firms_page = reading.firms_page()
    # on a page about firms throughout, the model (which knows no firms) reads nothing
    learner = None if firms_page else Learner.of(ruleset, learned)
    jobs: list[LearnedJob] = []
    claims: list[Claim] = []
    for sentence, clauses in reading.statements():
        part = folded[sentence.start : sentence.end]
        lead = clauses[0].lead if clauses else None
        if lead is not None:  # a list item: its lead-in's trigger words count
            part = f"{part}\n{folded[lead[0] : lead[1]]}"
        heading = clauses[0].heading if clauses and plan.heading_triggered else None
        above = folded[heading[0] : heading[1]] if heading is not None else None
        title = clauses[0].title if heading is not None else None
        if above is not None and title is not None:  # a lead-in heading under the page's title:
            above = f"{above}\n{folded[title[0] : title[1]]}"  # a rule reads both (context())
        rules, terms = plan.candidates(part, rule_filter, term_filter, above)
        found: list[Claim] = []
        for clause in clauses if rules else ():  # none: no rule's fixed words occur in it
            hits = clause_hits(clause, rules, terms)
            kept = firm_filter(clause, firms_page) if hits else None
            if kept is not None:
                hits = [hit for hit in hits if hit.attribute in kept]
            found += [make_claim(text, clause, hit) for hit in merge_hits(hits)]
        claims += partial_values(found)
        job = learner.job(reading, sentence, clauses, found) if learner else None
        if job is not None:
            jobs.append(job)
    if learner is not None and jobs:
        claims += learner.claims(text, jobs, {(c.region, c.attribute) for c in claims})
    if any(c.attribute in SYSTEM_REWARDS for c in claims) and reading.informants_page():
        claims = [c for c in claims if c.attribute not in SYSTEM_REWARDS]
    return subsumed_across(deduplicate(claims), ruleset.subsumes)


SYSTEM_REWARDS = frozenset({"rewards", "reward_types"})  # what a system gives, not informants


@dataclass(frozen=True, slots=True)
class Learner:
    """The learned reading (extract/learned.py) where the ruleset turns it on."""

    model: Model
    settings: LearnedSettings

    @classmethod
    def of(cls, ruleset: RuleSet, learned: Model | bool = True) -> Learner | None:
        if learned is False or not ruleset.learned.languages:
            return None
        model = learned_model() if learned is True else learned
        return None if model is None else cls(model, ruleset.learned)

    def job(
        self, reading: Reading, sentence: Sentence, clauses: list[Clause], found: list[Claim]
    ) -> LearnedJob | None:
        """A sentence for the model to read: one about exactly one region that is no plan, no
        question and no disputed view (None: none of these)."""
        if sentence.kind != "text" or not clauses:
            return None
        if any(c.planned_from is not None or c.stance.end > c.stance.start for c in clauses):
            return None
        regions = reading.regions_of(clauses)
        if len(regions) != 1:
            return None
        region = next(iter(regions))
        body = reading.text[sentence.start : sentence.end]
        both = len(self.settings.languages) > 1
        if not both and sentence_language(body) not in self.settings.languages:
            return None
        lead = clauses[0].lead
        if lead is not None:  # a list item's lead-in, or the question an answer replies to
            body = f"{body}\n{reading.text[lead[0] : lead[1]]}"  # ("No, ...": negated below)
        said = frozenset(c.attribute for c in found if c.region == region)
        negated = negated_span(reading.masked, sentence.start, sentence.end, reading.ruleset.cues)
        return LearnedJob(region, unplaced(body, reading.names), said, clauses[0], negated)

    def claims(self, text: str, jobs: list[LearnedJob], ruled: set[tuple[str, str]]) -> list[Claim]:
        """What the model reads in each job's sentence, for attributes the rules made no
        claim of for its region there; a yes/no attribute only where the rules state it
        nowhere on the page for that region (`ruled`): their reading outranks the model's."""
        out: list[Claim] = []
        for job in jobs:
            likely = self.model.likely(job.body, self.settings.threshold)
            best: dict[str, tuple[float, str]] = {}
            listed: dict[str, list[str]] = {}
            for (attribute, value), p in likely:
                if attribute in job.said or (value == "no") != job.negated:
                    continue  # a model that reads words cannot tell what a negation undoes
                if ATTRIBUTE_KINDS.get(attribute) == "list":
                    listed.setdefault(attribute, []).append(value)
                elif (job.region, attribute) in ruled:
                    continue
                elif p > best.get(attribute, (0.0, ""))[0]:
                    best[attribute] = (p, value)  # one value of a yes/no attribute: the likelier
            values: dict[str, Value] = {a: v for a, (_, v) in best.items()}
            values.update({a: tuple(sorted(v)) for a, v in listed.items()})
            if values:
                out += job.claims(text, values)
        return consistent(out)


def consistent(claims: list[Claim]) -> list[Claim]:
    """The learned claims but those of a yes/no attribute read with two values on one page
    (the model cannot say which holds)."""
    values: dict[tuple[str, str], set[Value]] = {}
    for claim in claims:
        if ATTRIBUTE_KINDS.get(claim.attribute) != "list":
            values.setdefault((claim.region, claim.attribute), set()).add(claim.value)
    return [c for c in claims if len(values.get((c.region, c.attribute), ())) < 2]


@dataclass(frozen=True, slots=True)
class LearnedJob:
    """One sentence for the learned reading: its region, its text (with a list item's
    lead-in), the attributes the rules read there, and its first clause."""

    region: str
    body: str
    said: frozenset[str]
    clause: Clause
    negated: bool  # a negation cue in the sentence: only a value "no" may be read

    def claims(self, text: str, values: dict[str, Value]) -> list[Claim]:
        first = self.clause
        why = first.scope_at(first.start)[1]
        return [
            make_claim(
                text,
                first,
                Hit(
                    self.region,
                    attribute,
                    value,
                    LEARNED_RULE,
                    0,
                    "learned",
                    first.start,
                    first.modality(first.start, attribute),
                    why,
                ),
            )
            for attribute, value in sorted(values.items())
        ]


LEARNED_RULE = "learned"  # the rule id of a claim from the learned reading


def negated_span(masked: str, start: int, end: int, cues: Cues) -> bool:
    """A negation cue in [start, end) that no exception covers ("without a deposit", 不良)."""
    spared = [m.span() for m in cues.negation_exceptions.finditer(masked, start, end)]
    return any(
        not any(a <= m.start() < b for a, b in spared)
        for m in cues.negation.finditer(masked, start, end)
    )


NAMES = frozenset({"system_names"})
# a clause about firms as the holders of data (banks, platforms) that the platform takes in
# states where the data comes from: what firms hold is private-sector data, whoever is scored
FIRMS_AS_SOURCES = NAMES | {"private_sector_data"}
# words that grade or list firms: a clause with one is about firms as the ones scored
GRADED = re.compile(
    r"评价|评级|评定|等级|分级|失信|守信|红名单|黑名单|\b(?:rat(?:ed|ing|ings)|grad(?:ed|ing|es)|"
    r"dishonest|trustworthy|untrustworthy|blacklist\w*|identified|credit\s+system\s+for)\b",
    re.IGNORECASE,
)
# on a page about firms throughout, what a sentence naming no firm says of the platform itself
PLATFORM = NAMES | {"government_data", "input_item_count", "input_entity_count"}


NOT_ONLY = re.compile(r"\bnot\s+(?:only|just|merely|simply)\b", re.I)
BUT = re.compile(r"but\b", re.I)  # a clause break ends where its "but" starts
SEMICOLON = re.compile(r"[;；]")  # the clause break a plan carries over (plan_carries)


def correlated(masked: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses with a "not only ... but ..." joined again: the second half goes on the
    first's statement ("a card holding not only name and address but work history")."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and BUT.match(masked, start) and NOT_ONLY.search(masked, *out[-1]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def firm_filter(clause: Clause, firms_page: bool) -> frozenset[str] | None:
    """The attributes a clause may still state where what it says is a measure for companies
    alone (docs/attributes.md, "Companies are not people"); None: it says more than that.
    A clause (or its lead-in or heading) about firms as the ones scored ("dishonest enterprises
    are barred from tenders", 对失信企业实施惩戒) whose sentence names no people it reaches
    states only a system's name; one naming firms only as the holders of data the platform
    takes in (银行……掌握的信用信息报送平台), with no grading word and no firm in its heading,
    still states where the data comes from (private_sector_data); under a heading about firms,
    a clause on the public credit platform (公共信用) may still say what that platform holds
    and where from. On a page about
    firms throughout, any firm named is one scored, and a sentence naming none states only
    what the platform holds."""
    cues = clause.ruleset.cues
    sentence = [
        (clause.sentence.start, clause.sentence.end),
        *([clause.lead] if clause.lead else []),
    ]
    if any(cues.people.search(clause.masked, start, end) for start, end in sentence):
        return None  # people named beside the firms (a heading about people names no one here)
    own, *around = [*clause.context(), *([clause.title] if clause.title else [])]
    firms = (cues.company_scored, cues.company_word) if firms_page else (cues.company_scored,)
    if any(cue.search(clause.masked, *own) for cue in firms):
        # firms named as the holders of data, on a page and under a heading that are not
        # about grading firms: where the platform's data comes from is still said
        scored = (
            firms_page
            or GRADED.search(clause.masked, *own) is not None
            or any(
                cue.search(clause.masked, start, end)
                for cue in (cues.company_scored, cues.company_word)
                for start, end in around
            )
        )
        return NAMES if scored else FIRMS_AS_SOURCES
    if any(cue.search(clause.masked, start, end) for cue in firms for start, end in around):
        # under a heading about firms: the public credit platform holds records on everyone
        return PLATFORM if cues.public_credit.search(clause.masked, *own) else NAMES
    return PLATFORM if firms_page else None


def subsumed_across(
    claims: list[Claim], subsumes: tuple[tuple[str, frozenset[str]], ...]
) -> list[Claim]:
    """A list term that says less than one the text states elsewhere about the same region
    gives way to it, as within a clause ("scores that bring discounts" in a headline, "10% off
    parking" below: the parking discount, not a discount besides)."""
    named: dict[tuple[str, str], set[str]] = {}
    for claim in claims:
        if isinstance(claim.value, tuple):
            named.setdefault((claim.region, claim.attribute), set()).update(claim.value)
    redundant = {
        key: {t for term, lesser in subsumes if term in values for t in lesser}
        for key, values in named.items()
    }
    out = []
    for claim in claims:
        if isinstance(claim.value, tuple):
            given_way = redundant[(claim.region, claim.attribute)]
            kept = tuple(v for v in claim.value if v not in given_way)
            if not kept:
                continue
            claim = replace(claim, value=kept)
        out.append(claim)
    return out


PARTIAL = frozenset({"variables_disclosed", "input_names_public"})


def partial_values(claims: list[Claim]) -> list[Claim]:
    """One sentence saying that some of it is published and some is not ("the framework is
    public, but the weights are not") states `partial`."""
    values: dict[tuple[str, str], set[object]] = {}
    for claim in claims:
        values.setdefault((claim.region, claim.attribute), set()).add(claim.value)
    split = {k for k, v in values.items() if k[1] in PARTIAL and {"yes", "no"} <= v}
    out = []
    for claim in claims:
        key = (claim.region, claim.attribute)
        if key not in split:
            out.append(claim)
        elif claim.value == "yes":
            out.append(replace(claim, value="partial"))
    return out


@dataclass(frozen=True, slots=True)
class SentenceScope:
    """One sentence of a text and the configured regions its statements are about."""

    start: int
    end: int
    regions: tuple[str, ...]
    scope: str  # "region", "national", "general", "foreign", "unknown", or "none" (not prose)
    beside: bool = False  # about its regions and also China as a whole, places in general or
    # abroad ("That national list is separate from the Bailu score")
    only: frozenset[str] | None = None  # the attributes it may speak of, where that is fewer
    # than all (firm_filter): a measure for companies alone states at most a system's name (and
    # where data comes from, when firms are only its holders), or on a page about firms
    # throughout, what the public credit platform holds


def sentence_scopes(
    text: str,
    *,
    regions: Sequence[RegionNames],
    source_regions: Sequence[str] = (),
    until: int | None = None,
) -> list[SentenceScope]:
    """The scope of every sentence that states something (not questions, plans sections,
    references): what a changed sentence with no readable value is about. `until`: only the
    sentences that start before it are wanted (the text is walked no further; the scopes of
    those are what the whole walk gives them, which reads the text in order)."""
    reading = Reading.of(text, regions, source_regions)
    firms_page = reading.firms_page()
    out = []
    for sentence, clauses in reading.statements():
        if until is not None and sentence.start >= until:
            break
        found = sorted(reading.regions_of(clauses))
        places = frozenset(r for clause in clauses for s in clause.segments for r in s.regions)
        scope = "region" if found else scope_name(places)
        beside = bool(found) and any(p in (NATIONAL, GENERAL, FOREIGN) for p in places)
        kept = [firm_filter(clause, firms_page) for clause in clauses]
        only = (
            frozenset().union(*(k for k in kept if k is not None))
            if kept and None not in kept
            else None
        )
        out.append(
            SentenceScope(sentence.start, sentence.end, tuple(found), scope, beside, only)
        )
    return out


PLACE_LABEL_MAX = 40  # characters: a longer line is more than a place's name
# what a line naming places may hold besides their names: markup, brackets, "and", "city"
LABEL_FILLER = re.compile(
    r"(?:[\s*_#,，、()（）/&]|\b(?:and|city|province|municipality|region)\b|市|省|和|与){0,40}",
    re.I,
)


@dataclass(slots=True)
class Reading:
    """A text walked sentence by sentence, with its region context and stances."""

    text: str
    masked: str
    attributor: Attributor
    ruleset: RuleSet
    names: tuple[str, ...] = ()  # every name of the configured regions

    @classmethod
    def of(
        cls, text: str, regions: Sequence[RegionNames], source_regions: Sequence[str]
    ) -> Reading:
        ruleset = load_ruleset()
        names = tuple(RegionNames(r.id, tuple(r.names), r.contains_cities) for r in regions)
        attributor = Attributor(gazetteer_for(names), ruleset.cues, tuple(source_regions))
        text = simplified(text)  # traditional characters read as simplified, offsets kept
        every = tuple(name for r in names for name in r.names)
        return cls(text, analysis_text(text), attributor, ruleset, every)

    def firms_page(self) -> bool:
        """A page about firms throughout: the firms it names are the ones scored."""
        cues = self.ruleset.cues
        return bool(cues.company_scored.search(self.masked)) and not cues.people.search(
            self.masked
        )

    def informants_page(self) -> bool:
        """A page about paying informants that never speaks of credit, a score or its lists:
        the rewards it names are what informants are paid (informant_rewards), none of a
        credit system's ("Rewards range from 50 yuan to 50,000 yuan" under a tip-off notice)."""
        cues = self.ruleset.cues
        return bool(cues.informant.search(self.masked)) and not cues.credit_talk.search(
            self.masked
        )

    def place_label(self, sentence: Sentence) -> bool:
        """The sentence is a short line of its own that only names a place (a city's name
        above the items that are its examples, under a lead-in that frames them all)."""
        body = self.text[sentence.start : sentence.end].strip().rstrip(":：")
        if not body or len(body) > PLACE_LABEL_MAX or "\n" in body:
            return False
        line_start = self.text.rfind("\n", 0, sentence.start) + 1
        line_end = self.text.find("\n", sentence.end)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        if line.strip().rstrip(":：") != body:
            return False
        start = sentence.start + self.text[sentence.start : sentence.end].index(body[0])
        mentions = self.attributor.find(self.text, start, start + len(body))
        if not mentions:
            return False
        rest, at = [], start
        for mention in mentions:  # what the line holds besides the names
            rest.append(self.text[at : mention.start])
            at = max(at, mention.end)
        rest.append(self.text[at : start + len(body)])
        return LABEL_FILLER.fullmatch(" ".join(rest)) is not None

    def regions_of(self, clauses: list[Clause]) -> set[str]:
        """The configured regions the clauses' segments are about."""
        return {r for c in clauses for s in c.segments for r in self.attributor.resolve(s.regions)}

    def statements(self) -> Iterator[tuple[Sentence, list[Clause]]]:
        """Each sentence that states something, with its clauses; the region context is kept
        for the sentences skipped (questions, a plans section), and a references heading ends
        the walk."""
        masked, ruleset = self.masked, self.ruleset
        plans = plan_document = drafting = False
        # a draft that a heading or a paragraph opens with is what the section goes on to
        # describe; one mentioned in passing within a paragraph holds for that paragraph only
        draft_block: int | None = None  # the paragraph drafting ends with (None: the section)
        last_block: int | None = None  # the paragraph of the sentence before
        planned_block: int | None = None  # the paragraph whose last sentence set out a plan
        lead: Sentence | None = None
        question: Sentence | None = None  # an FAQ's question leads into its answer
        heading: tuple[int, int] | None = None
        title: tuple[int, int] | None = None  # the last heading that is not a lead-in ("X:")
        sentences = split_sentences(self.text, masked)
        screen = CueScreen(ruleset.cues, fold(masked))
        stances = sentence_stances(masked, sentences, screen.for_sentence)
        for sentence, stance in zip(sentences, stances, strict=True):
            if sentence.end - sentence.start > LONG_SENTENCE or contents_line(masked, sentence):
                continue  # not prose (a dump, a table or contents flattened into one line)
            body = masked[sentence.start : sentence.end].strip()
            if sentence.kind == "heading":
                if ruleset.cues.stop_heading.match(body):
                    break
                planning = ruleset.cues.hedge_heading.match(body) is not None
                if heading is None and planning and PLAN_TITLE.search(body):
                    plan_document = True  # "… implementation plan", 实施方案: all of it
                plans = planning or plan_document
            # a table's rows under a heading are its items ("Rewards" above "Fuzhou | Cheaper
            # road tolls"), as a list's are
            item = is_list_item(self.text, sentence) or sentence.kind == "table"
            # a lead-in's last LEAD_REACH characters: what its items are read with (bounded, so a
            # hostile page's endless lead-in over thousands of items costs no more than a real one)
            own_lead = (max(lead.start, lead.end - LEAD_REACH), lead.end) if item and lead else None
            answer = question is not None and sentence.block - question.block <= 1
            if own_lead is None and answer and question is not None and sentence.kind == "text":
                own_lead = (question.start, question.end)
            cues = screen.for_sentence(sentence)
            clauses = sentence_clauses(
                masked, sentence, self.attributor, ruleset, stance, own_lead, heading, cues
            )
            for clause in clauses:
                clause.title = title if title != heading else None
            if sentence.kind == "heading" and ruleset.cues.headline_plan.match(body):
                for clause in clauses:  # "Police to name and shame jaywalkers": news to come
                    clause.planned_from = clause.start
            if sentence.kind == "heading":
                heading = (sentence.start, sentence.end)
                if not body.endswith((":", "：")):
                    title = heading
                drafting, draft_block = False, None
            if drafting and draft_block is not None and sentence.block != draft_block:
                drafting, draft_block = False, None
            if drafting and ruleset.cues.draft_adopted.search(masked, sentence.start, sentence.end):
                drafting, draft_block = False, None  # "The regulation was adopted in June"
            opened_draft = False
            # searched again while a passing mention holds: a later sentence about the draft
            # ("Under the draft, ...") makes the rest of the section its contents
            widen = not drafting or draft_block is not None
            draft = (
                cues.draft_context.search(masked, sentence.start, sentence.end) if widen else None
            )
            if draft is not None:
                subject = not masked[sentence.start : draft.start()].strip()  # "The draft would"
                passing = sentence.kind != "heading" and sentence.block == last_block
                passing = passing and not subject
                if not drafting or not passing:
                    draft_block = sentence.block if passing else None
                drafting = opened_draft = True
            last_block = sentence.block
            undecided = cues.undecided.search(masked, sentence.start, sentence.end)
            # "It plans a rating ... A poor rating might then ...": what the plan would bring
            follows_plan = planned_block == sentence.block and sentence.kind == "text"
            hedged = cues.possible.search(masked, sentence.start, sentence.end) is not None
            # after a draft mentioned in passing, what its paragraph goes on to state as fact
            # is no content of the draft ("Comments on the draft close in May. Under rule 12
            # there is no appeal"); what it says would or will be is
            of_draft = drafting and (
                draft_block is None
                or opened_draft
                or hedged
                or cues.planned.search(masked, sentence.start, sentence.end) is not None
            )
            if of_draft or undecided or (follows_plan and hedged):
                for clause in clauses:  # what a draft would do, or a matter still open
                    if not of_draft and undecided and settled_before(masked, clause, undecided):
                        continue  # "X is blacklisted; how long has yet to be decided"
                    clause.planned_from = clause.start
            planned = any(c.planned_from is not None for c in clauses)
            planned_block = sentence.block if planned else None
            if lead is not None and self.place_label(sentence):
                pass  # a line naming only a place ("Fuzhou" above its items) keeps the lead-in
            elif is_lead_in(masked, sentence):
                lead = sentence
            elif not item:
                lead = None
            if sentence.kind == "heading":
                question = None
            if is_question(masked, sentence.start, sentence.end):
                question = sentence  # a question states nothing, though it may name a system
                for clause in clauses:
                    clause.stance = Stance(sentence.start, sentence.end)
                if not plans:
                    yield sentence, clauses
                continue
            if plans:  # a plan's contents make no value; facts about the plan itself still do
                for clause in clauses:
                    clause.planned_from, clause.plan_section = clause.start, True
            yield sentence, clauses


def settled_before(masked: str, clause: Clause, undecided: re.Match[str]) -> bool:
    """The clause ends before a semicolon that comes before what is still undecided: a
    statement of its own, which the open matter after it does not make a plan."""
    return clause.end <= undecided.start() and bool(
        SEMICOLON.search(masked, clause.end, undecided.start())
    )


@dataclass(frozen=True, slots=True)
class RulePlan:
    """Every language's rules and the vocabulary terms they read, with their prefilters."""

    rules: tuple[Rule, ...]
    terms: tuple[Term, ...]
    rule_filter: Prefilter  # over each rule's expression (a `terms` rule's trigger)
    term_filter: Prefilter
    # the rules with standalone terms: (index, vocabulary, terms), looked at in every sentence
    standalone: tuple[tuple[int, str | None, frozenset[str]], ...]
    heading_triggered: frozenset[int] = frozenset()  # rules a heading's trigger can give

    def candidates(
        self,
        folded: str,
        rule_filter: PageFilter,
        term_filter: PageFilter,
        heading: str | None = None,
    ) -> tuple[list[Rule], tuple[Term, ...]]:
        """The rules that could yield in a sentence (`folded`, case-folded), and the terms
        that could occur in it: a `terms` rule needs its trigger and one of its terms, or
        one of its standalone terms; a rule whose trigger a heading can give may find it in
        the `heading` above."""
        terms = tuple(self.terms[i] for i in term_filter.candidates(folded))
        vocabularies = {t.vocabulary for t in terms}
        present = {(t.vocabulary, t.canonical) for t in terms}
        chosen = set(rule_filter.candidates(folded))
        if heading is not None and self.heading_triggered:
            chosen |= self.heading_triggered & set(rule_filter.candidates(heading))
        chosen |= {
            i
            for i, vocabulary, standalone in self.standalone
            if any((vocabulary, t) in present for t in standalone)
        }
        absent = {language for language, script in SCRIPTS.items() if not script.search(folded)}
        rules = [
            rule
            for rule in (self.rules[i] for i in sorted(chosen))
            if (rule.kind != "terms" or rule.vocabulary in vocabularies)
            and rule.language not in absent
        ]
        return rules, terms


def rule_plan(rules: tuple[Rule, ...], terms: tuple[Term, ...]) -> RulePlan:
    """`rules` with the terms they read and their prefilters (the ruleset's is kept by
    `ruleset_plan`)."""
    used = {r.vocabulary for r in rules if r.kind == "terms"}
    mine = tuple(t for t in terms if t.vocabulary in used)
    return RulePlan(
        rules,
        mine,
        Prefilter(r.pattern for r in rules),
        Prefilter(t.pattern for t in mine),
        standalone_rules(rules),
        frozenset(i for i, r in enumerate(rules) if r.heading_triggers),
    )


def standalone_rules(rules: tuple[Rule, ...]) -> tuple[tuple[int, str | None, frozenset[str]], ...]:
    """The rules that have standalone terms, with their index, vocabulary and those terms."""
    return tuple((i, r.vocabulary, r.standalone) for i, r in enumerate(rules) if r.standalone)


_KEPT: tuple[RuleSet, RulePlan] | None = None  # the last ruleset's plan


def ruleset_plan(ruleset: RuleSet) -> RulePlan:
    """`rule_plan` of all the ruleset's rules, kept while the ruleset is the same object: the
    rules tuple is not hashed again (a few hundred rules) for every text."""
    global _KEPT
    if _KEPT is None or _KEPT[0] is not ruleset:
        _KEPT = (ruleset, rule_plan(ruleset.rules, ruleset.terms))
    return _KEPT[1]


PLAN_TITLE = re.compile(
    r"实施方案|行动方案|工作要点|规划|草案|征求意见稿|\bplan\b|\boutline\b|\bdraft\b", re.I
)
LONG_SENTENCE = 3_000  # characters; real statements are a few hundred at most
LEAD_REACH = 400  # characters of a list's lead-in its items are read with
# a flattened table of contents: titles each followed by a page number ("Internal Migrants 31
# Going Abroad 32"), or dotted leaders ("总则……1")
CONTENTS_ENTRY = re.compile(
    r"\b(?!(?:Section|Chapter|Article|Part|Item|Step|Phase|Level|Grade|Class|Type|Tier|Line|"
    r"Route|Stage|Annex|Appendix|Schedule|Figure|Table|Box|Rule|Clause|Paragraph|Volume|Vol|No|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)"
    r"[A-Z][a-z]+[”\"’']?\s{1,3}\d{1,3}\s{1,3}(?:[IVX]{1,4}\.\s{1,3})?[A-Z“\"]"
    r"|(?<![.…·])(?:\.{4,}|…{2,}|·{4,})\s{0,3}\d{1,3}\b"
)
CONTENTS_ENTRIES = 3
ANY_DIGIT = re.compile(r"\d")


def contents_line(masked: str, sentence: Sentence) -> bool:
    """The sentence is a table of contents flattened into running text."""
    if not ANY_DIGIT.search(masked, sentence.start, sentence.end):
        return False  # every entry ends in a page number
    found = CONTENTS_ENTRY.finditer(masked, sentence.start, sentence.end)
    return sum(1 for _ in islice(found, CONTENTS_ENTRIES)) >= CONTENTS_ENTRIES


SCREENED = (
    "planned",
    "possible",
    "past",
    "input_frame",
    "outcome_frame",
    "undecided",
    "draft_context",
    "dispute",
    "dispute_next",
)


class NeverPattern:
    """Stands in for a cue that cannot occur in a sentence: every search finds nothing."""

    def search(self, *args: object) -> None:
        return None

    def match(self, *args: object) -> None:
        return None

    def finditer(self, *args: object) -> Iterator[re.Match[str]]:
        return iter(())


NEVER = cast(re.Pattern[str], NeverPattern())


@lru_cache(maxsize=4)
def cue_prefilter(cues: Cues) -> Prefilter:
    return Prefilter(getattr(cues, name) for name in SCREENED)


class CueScreen:
    """The cues a page's sentences are searched with, each sentence's copy without the cues
    whose fixed words it lacks (the rules' prefilter, applied to the cue words)."""

    def __init__(self, cues: Cues, folded: str) -> None:
        self.cues = cues
        self.folded = folded
        self.page = cue_prefilter(cues).page(folded)
        self.cache: dict[int, Cues] = {}
        self.copies: dict[tuple[int, ...], Cues] = {}  # one copy per set of cues present

    def for_sentence(self, sentence: Sentence) -> Cues:
        found = self.cache.get(sentence.start)
        if found is None:
            possible = tuple(self.page.candidates(self.folded[sentence.start : sentence.end]))
            found = self.copies.get(possible)
            if found is None:
                absent = {n: NEVER for i, n in enumerate(SCREENED) if i not in possible}
                found = self.copies[possible] = replace(self.cues, **absent)
            self.cache[sentence.start] = found
        return found


@lru_cache(maxsize=16)
def gazetteer_for(regions: tuple[RegionNames, ...]) -> Gazetteer:
    """Place names from the config and patterns/places.yaml; a system's name (白鹭分, Moli
    score, e福州) counts as naming its region when the config lists it as an alias."""
    ruleset = load_ruleset()
    systems = [(t.canonical, t.pattern) for t in ruleset.terms if t.vocabulary == "system_names"]
    return Gazetteer(
        regions,
        ruleset.foreign_places,
        systems,
        scope_patterns(ruleset.cues),
        ruleset.private_systems,
    )


def sentence_clauses(
    masked: str,
    sentence: Sentence,
    attributor: Attributor,
    ruleset: RuleSet,
    stance: Stance,
    lead: tuple[int, int] | None = None,
    heading: tuple[int, int] | None = None,
    screened: Cues | None = None,
) -> list[Clause]:
    """The clauses of a sentence, each with its segments' places, where plans start, where an
    input frame starts, and the lead-in and heading above it. Items of a list whose lead-in
    is a plan ("This year we intend to:") are plans."""
    cues = screened or ruleset.cues
    spans = correlated(masked, split_at(masked, sentence.start, sentence.end, cues.clause_break))
    pieces = [split_at(masked, s, e, cues.segment_break) for s, e in spans]
    segments = attributor.segments(
        masked, [p for piece in pieces for p in piece], block=sentence.block, kind=sentence.kind
    )
    # the lead-in's own words: the screened cues know only the item's
    lead_planned = lead is not None and ruleset.cues.planned.search(masked, *lead) is not None
    # items under a lead-in that frames what a record holds ("A profile shows:") are inputs
    lead_frames = lead is not None and frames_items(masked, lead, ruleset.cues)
    # items under "What a low score does not lead to:" are what is not given
    lead_denied = (
        lead is not None and lead[0] < sentence.start and lead_denies(masked, *lead, ruleset.cues)
    )
    clauses: list[Clause] = []
    for (start, end), piece in zip(spans, pieces, strict=True):
        own = [seg for seg in segments if start <= seg.start < end]
        clause = Clause(
            masked,
            start,
            end,
            sentence,
            own,
            attributor,
            ruleset,
            stance=stance,
            lead=lead,
            heading=heading,
            cues=cues,
            lead_denied=lead_denied,
        )
        carried = bool(clauses) and (
            plan_carries(masked, clauses[-1], start, cues)
            or future_carries(masked, clauses[-1], start, end, cues)
        )
        clause.planned_from = (
            start if lead_planned or carried else planned_start(masked, (start, end), piece, cues)
        )
        # "Among the fields: age; whether a blacklisted customer; ...": a frame that ran to the
        # end of the clause before goes on past a semicolon until something is stated
        framing = bool(clauses) and frame_carries(masked, clauses[-1], start)
        clause.frames = (
            ((start, end),) if lead_frames else input_frames(masked, piece, cues, framing)
        )
        brought = cues.outcome_frame.search(masked, start, end)
        clause.outcome_from = brought.end() if brought else None
        clauses.append(clause)
    return clauses


# what a list of outcomes is led in by ("face the following penalties:", 将受到以下惩戒：)
LEAD_OUTCOME = re.compile(
    r"惩戒|处罚|惩罚|奖励|激励|限制|优惠|便利|享受|享有|可享|\b(?:penalt|punish|sanction|reward|benefit|perk|restrict"
    r"|privilege|consequence)\w*|\bfaces?\b",
    re.I,
)
FRAME_REACH = 24  # characters: how close to the colon the frame must end
BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")


def frames_items(masked: str, lead: tuple[int, int], cues: Cues) -> bool:
    """The lead-in ends in a colon right after words that frame what a record holds ("A credit
    profile shows:", 信用记录包括：), and names no outcome (a title it cites, 《……处罚条例》,
    is no outcome): its list items are inputs."""
    text = masked[lead[0] : lead[1]].rstrip()
    if not text.endswith((":", "：")) or LEAD_OUTCOME.search(BOOK_TITLE.sub("", text)):
        return False
    colon = lead[0] + len(text) - 1
    return any(m.end() >= colon - FRAME_REACH for m in cues.input_frame.finditer(masked, *lead))


# what the clause after a plan says will or would happen goes on with the plan ("Fuzhou plans
# a score, and the score will give discounts"); one that states what is ("..., and the family
# has no way of turning them down") does not
FUTURE = re.compile(r"\b(?:will|would|shall|(?:is|are)\s{1,3}to|going\s{1,3}to)\b", re.I)
# a clause that says what happens on a condition states how the system works ("..., and the
# score will fall if a bill is paid late"), not what a plan will bring
CONDITIONAL = re.compile(r"\b(?:if|when|whenever|once|unless)\b", re.I)
AND_BREAK = re.compile(r"\s{0,3},\s{1,3}and\s{1,3}", re.I)


def future_carries(masked: str, previous: Clause, start: int, end: int, cues: Cues) -> bool:
    """A plan stated by a plan word of the previous clause's own goes on into this one, which
    follows it after ", and" and says what will or would happen."""
    if previous.planned_from is None or not AND_BREAK.fullmatch(masked, previous.end, start):
        return False
    if not plans_itself(masked, previous, cues):
        return False
    return FUTURE.search(masked, start, end) is not None and not CONDITIONAL.search(
        masked, start, end
    )


def plans_itself(masked: str, clause: Clause, cues: Cues) -> bool:
    """The clause holds a plan word of its own (its plan was not itself carried from the
    clause before: a plan carries once)."""
    return cues.planned.search(masked, clause.start, clause.end) is not None


def plan_carries(masked: str, previous: Clause, start: int, cues: Cues) -> bool:
    """A plan stated in a clause of several segments, governing it from before its last
    segment, goes on past a semicolon into the next part of the same statement
    (交警表示，将参照驾驶证的管理模式，按分值分级处罚；记满12分的纳入黑名单). It carries
    once: the next clause must hold a plan word of its own to pass it further."""
    planned = previous.planned_from
    if planned is None or len(previous.segments) < 2 or planned >= previous.segments[-1].start:
        return False
    if not plans_itself(masked, previous, cues):
        return False
    if NOW_STATED.match(masked, start):
        return False  # "...; for now the cameras put faces on screens": what is, after the plan
    return bool(SEMICOLON.search(masked, previous.end, start))


# a list of what a score is built from ("five groups of indicators:", "five dimensions (")
INDICATOR_LIST = re.compile(
    r"\b(?:groups|sets|kinds|types|categories|classes|families)\s+of\s+(?:indicators|factors"
    r"|criteria|variables)\b|\b(?:dimensions|pillars)\s*[:(]|维度|指标体系",
    re.I,
)


# a clause that opens on what holds now ends a plan stated before it
NOW_STATED = re.compile(
    r"\W{0,3}(?:for\s+now|for\s+the\s+time\s+being|at\s+present|currently|so\s+far|already"
    r"|today|as\s+of\s+now|as\s+things\s+stand|目前|现在|眼下|现阶段|当前|已经)(?![A-Za-z])",
    re.I,
)


def frame_carries(masked: str, previous: Clause, start: int) -> bool:
    """The clause before ends inside an input frame and only a semicolon parts them."""
    if not previous.frames or previous.frames[-1][1] < previous.segments[-1].end:
        return False
    return bool(SEMICOLON.search(masked, previous.end, start))


def input_frames(
    masked: str, segments: list[tuple[int, int]], cues: Cues, framing: bool = False
) -> tuple[tuple[int, int], ...]:
    """The segments an input frame covers: its own, and the list items after it that state
    nothing of their own ("A profile can show unpaid taxes, fines imposed by courts, ..."),
    up to a segment with an auxiliary or modal ("..., a low score brings no penalty").
    `framing`: a frame of the clause before carries into this one."""
    out: list[tuple[int, int]] = []
    paused: list[tuple[int, int]] = []  # a condition right after a bare frame (失信信息：必须……)
    for index, (start, end) in enumerate(segments):
        if cues.input_frame.search(masked, start, end):
            framing, paused = True, []
        elif paused and LIST_OPENER.match(masked, start, end):
            framing, paused = True, []  # ……，包括行政处罚……: the list the frame announced
        elif (
            framing
            and not ASKED.match(masked, start, end)
            and cues.predicate.search(masked, start, end)
        ):
            framing = False
            paused = [(start, end)] if conditions(masked, segments, index, out) else []
        else:
            paused = []
        if framing:
            out.append((start, end))
    return tuple(out)


def conditions(
    masked: str, segments: list[tuple[int, int]], index: int, out: list[tuple[int, int]]
) -> bool:
    """The segment only says what a record needs to count, right after a frame that is a bare
    topic (失信信息：必须有具有法律效力的文书作依据，……), and names no outcome."""
    if index == 0 or not out or out[-1] != segments[index - 1]:
        return False
    before_start, before_end = segments[index - 1]
    if not masked[before_start:before_end].rstrip().endswith("信息"):
        return False
    if masked[before_end : segments[index][0]].strip() not in FRAME_ENDS:
        return False
    start, end = segments[index]
    return bool(EVIDENCE.search(masked, start, end)) and not LEAD_OUTCOME.search(masked, start, end)


EVIDENCE = re.compile(r"依据|为准|生效文书|法律文书|认定")  # what a record must rest on
ASKED = re.compile(r"\s{0,3}(?:whether|是否)", re.I)  # an item that asks states nothing
LIST_OPENER = re.compile(r"\s{0,3}(?:包括|例如|比如|诸如)")
FRAME_ENDS = frozenset({":", "：", ",", "，"})  # what ends a bare frame: 失信信息：, 三是失信信息，


def clause_hits(clause: Clause, rules: Iterable[Rule], terms: Sequence[Term]) -> list[Hit]:
    found: dict[str, list[tuple[int, int, str]]] | None = None
    hits: list[Hit] = []
    for rule in rules:
        if rule.requires is not None and not rule.requires.search(clause.text):
            continue  # most requirements are cheap tests of a number or a word
        if rule.kind == "pattern":
            mine = pattern_hits(clause, rule)
        elif rule.kind == "unavailable":
            mine = [] if clause.plan_section else unavailable_hits(clause, rule)
        else:
            found = found if found is not None else find_terms(clause, terms)
            mine = term_hits(clause, rule, found.get(rule.vocabulary or "", []))
        # its other conditions, tested only where it matched (most rules match nowhere)
        if mine and not unless_applies(clause, rule):
            if rule.context_requires is None or clause.says(rule.context_requires):
                hits += mine
            elif rule.context_regions:  # each hit's own region must be one of them
                hits += [hit for hit in mine if hit.region in rule.context_regions]
    return hits


def unless_applies(clause: Clause, rule: Rule) -> bool:
    """The rule's `unless` matches the clause, its lead-in or heading."""
    return rule.unless is not None and any(
        rule.unless.search(clause.masked, *span) for span in clause.context()
    )


def pattern_hits(clause: Clause, rule: Rule) -> list[Hit]:
    out = []
    attribute = str(rule.attribute)
    exceptions: list[tuple[int, int]] | None = None
    for match in rule.pattern.finditer(clause.masked, clause.start, clause.end):
        if clause.silent(match.start(), rule):
            continue
        if rule.unless_around is not None:
            if exceptions is None:
                found = rule.unless_around.finditer(clause.masked, clause.start, clause.end)
                exceptions = [(e.start(), e.end()) for e in found]
            if any(start <= match.start() < end for start, end in exceptions):
                continue  # "从……、信用修复五个维度": this count names the dimensions before it
        negated = any(match.groupdict().get(g) for g in NEGATION_GROUPS)
        after = rule.negation == "both" and negated_after(
            clause.masked, match.end(), clause.end, clause.ruleset.cues
        )
        negated = negated or (
            rule.negatable and (clause.negated(match.start()) or after or clause.lead_denied)
        )
        value = pattern_value(rule, attribute, match.groupdict().get("num"), negated)
        if value is None:
            continue
        regions, why = clause.scope_over(match.start(), match.end())
        modality = clause.modality(match.start(), attribute, negated, rule.hedged)
        out += [
            Hit(
                region,
                attribute,
                value,
                rule.id,
                rule.priority,
                "extracted",
                match.start(),
                modality,
                why,
            )
            for region in regions
        ]
    return out


def pattern_value(rule: Rule, attribute: str, number: str | None, negated: bool) -> str | None:
    if ATTRIBUTE_KINDS[attribute] == "count":
        return None if negated or number is None else parse_count(number)
    value = str(rule.value)
    if not negated:
        return value
    return rule.negated if rule.negated is not None else FLIP.get(value)


def unavailable_hits(clause: Clause, rule: Rule) -> list[Hit]:
    out = []
    for match in rule.pattern.finditer(clause.masked, clause.start, clause.end):
        if clause.stance.disputed(match.start()) and not clause.stance.asked:
            continue  # an indirect question's matter may still be said to be unknown
        topic = match.group("topic") or ""
        regions, why = clause.scope_over(match.start(), match.end())
        for item in clause.ruleset.topics:
            if not item.pattern.search(topic):
                continue
            basis = "stated-unavailable" if item.value == "unknown" else "extracted"
            out += [
                Hit(
                    region,
                    item.attribute,
                    item.value,
                    rule.id,
                    rule.priority,
                    basis,
                    match.start(),
                    "asserted",
                    why,
                )
                for region in regions
            ]
    return out


def find_terms(clause: Clause, terms: Sequence[Term]) -> dict[str, list[tuple[int, int, str]]]:
    """Matches of `terms` (every term that could occur) in the clause; where two overlap, the
    longer wins (so "overdue loans" is an input, not a loan restriction)."""
    found: list[tuple[int, int, Term]] = []
    for term in terms:
        found += [
            (m.start(), m.end(), term)
            for m in term.pattern.finditer(clause.masked, clause.start, clause.end)
        ]
    beaten = overlapped_by_longer([(start, end) for start, end, _ in found])
    out: dict[str, list[tuple[int, int, str]]] = {}
    for index, (start, end, term) in enumerate(found):
        if index not in beaten:
            out.setdefault(term.vocabulary, []).append((start, end, term.canonical))
    return out


def overlapped_by_longer(spans: Sequence[tuple[int, int]]) -> set[int]:
    """Indexes of the spans that overlap a longer one. Only spans starting less than the
    longest span's length before a span can overlap it, so each looks at those alone (sorted
    by start): linear in the spans for terms of bounded length, where comparing every pair
    took seconds on a sentence of a few thousand short matches ("GPS GPS GPS ...")."""
    if len(spans) < 2:
        return set()
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    starts = [spans[i][0] for i in order]
    reach = max(end - start for start, end in spans)
    beaten: set[int] = set()
    for index, (start, end) in enumerate(spans):
        for k in range(bisect_right(starts, start - reach), bisect_left(starts, end)):
            s, e = spans[order[k]]
            if s < end and start < e and e - s > end - start:
                beaten.add(index)
                break
    return beaten


# a clause's first occurrences of one term that are looked at (a real sentence names a term a
# few times at most; "GPS GPS GPS ..." over a few thousand characters took seconds per sentence)
MAX_SAME_TERM = 16


def term_hits(clause: Clause, rule: Rule, terms: list[tuple[int, int, str]]) -> list[Hit]:
    """A vocabulary's terms in the clause, when the rule's trigger is in the sentence (a list
    split by semicolons keeps the trigger its first part had)."""
    if terms and not triggered(clause, rule):
        terms = [t for t in terms if t[2] in rule.standalone]  # "iris scans" needs no verb
    for term, needs in rule.term_requires:
        if any(t[2] == term for t in terms) and not clause.says(needs):
            terms = [t for t in terms if t[2] != term]
    sentence = clause.sentence
    for term, needs in rule.term_requires_here:  # the sentence or its list's lead-in, no heading
        here = [(sentence.start, sentence.end), *([clause.lead] if clause.lead else [])]
        if any(t[2] == term for t in terms) and not any(
            needs.search(clause.masked, *span) for span in here
        ):
            terms = [t for t in terms if t[2] != term]
    for term, but in rule.term_unless:
        named = any(t[2] == term for t in terms)
        if named and but.search(clause.masked, sentence.start, sentence.end):
            terms = [t for t in terms if t[2] != term]
    if not terms:
        return []
    if rule.negatable and clause.lead_denied:
        return []  # "Perks the city no longer offers:" above the item
    triggers = [
        (m.start(), m.end()) for m in rule.pattern.finditer(clause.masked, clause.start, clause.end)
    ]
    by_region: dict[str, set[str]] = {}
    said: dict[str, list[tuple[int, int]]] = {}  # canonical term -> where it was named
    first = terms[0][0]
    # "without paying a deposit, and skip the queue": that "without" is the first term's own
    self_negated = [e for s, e, _ in terms if rule.negatable and clause.negated_within(s, e)]
    looked: dict[str, int] = {}
    for start, end, canonical in terms:
        looked[canonical] = looked.get(canonical, 0) + 1
        if looked[canonical] > MAX_SAME_TERM:
            continue  # bounded work: each look below searches back through the clause
        if clause.silent(start, rule):
            continue
        floor = max([e for e in self_negated if e <= start], default=clause.start)
        if rule.negatable and term_negated(clause, rule, triggers, start, end, floor):
            continue
        said.setdefault(canonical, []).append((start, end))
        for region in term_regions(clause, start, end):
            by_region.setdefault(region, set()).add(canonical)
    for values in by_region.values():
        for term, lesser in clause.ruleset.subsumes:
            if term in values:
                values -= lesser
        for generic in clause.ruleset.generic:
            if generic.term in values and values & generic.beside:
                specific = [span for t in values & generic.beside for span in said[t]]
                if all(
                    exemplified(clause.masked, span, specific, generic)
                    for span in said[generic.term]
                ):
                    values.discard(generic.term)
            elif generic.term in values and generic.page is not None:
                bare = all(
                    generic.words.fullmatch(clause.masked, *span) for span in said[generic.term]
                )
                at = min(span[0] for span in said[generic.term])
                if bare and speaks_of(clause, generic.page, at):
                    values.discard(generic.term)
    attribute = str(rule.attribute)
    modality = clause.modality(first, attribute)
    why = clause.scope_at(first)[1]
    hits = [
        Hit(
            region,
            attribute,
            tuple(sorted(values)),
            rule.id,
            rule.priority,
            "extracted",
            first,
            modality,
            why,
        )
        for region, values in by_region.items()
    ]
    return hits + [
        Hit(region, implied, value, rule.id, rule.priority - 1, "extracted", first, modality, why)
        for region in by_region
        for implied, value in rule.implies
    ]


WINDOW = 400  # characters before a bare generic word in which its section may name its kind


def speaks_of(clause: Clause, page: re.Pattern[str], at: int) -> bool:
    """The text just before the word (up to WINDOW characters) or the rest of its sentence,
    its list's lead-in, heading or title names the specific kind: a section about traffic
    offences calls them "offences". Mentions in a later sentence, or far above, do not count."""
    spans = [(max(0, at - WINDOW), clause.sentence.end), clause.lead, clause.heading, clause.title]
    return any(span is not None and page.search(clause.masked, *span) for span in spans)


def exemplified(
    text: str, span: tuple[int, int], specific: list[tuple[int, int]], generic: Generic
) -> bool:
    """The generic word at `span` only heads examples of a specific term: "offences such as
    running a red light", "闯红灯等违法行为"."""
    if not generic.words.fullmatch(text, span[0], span[1]):
        return False
    for start, end in specific:
        if start >= span[1]:  # the generic word, then its examples: "offences such as ..."
            between = text[span[1] : start]
            joined = generic.via.match(between.lstrip(" ,，:：(（")) is not None
        else:  # the examples, then the generic word: "闯红灯、酒驾等违法行为"
            between = text[end : span[0]].rstrip()
            joined = any(m.end() == len(between) for m in generic.via.finditer(between))
        if joined and len(between) <= 60:
            return True
    return False


def triggered(clause: Clause, rule: Rule) -> bool:
    """The rule's trigger is in the sentence, or in the lead-in of the list it is an item of (or
    in the heading above, for a rule whose trigger a heading can give)."""
    sentence = clause.sentence
    if rule.pattern.search(clause.masked, sentence.start, sentence.end):
        return True
    around = [clause.lead, *((clause.heading, clause.title) if rule.heading_triggers else ())]
    return any(span is not None and rule.pattern.search(clause.masked, *span) for span in around)


def lead_denies(masked: str, start: int, end: int, cues: Cues) -> bool:
    """The list lead-in at [start, end) (a sentence ending in a colon) denies giving what it
    lists: a negation governs its last word, and its last words give or bring ("What a low
    score does not lead to:", "High scorers no longer get:", 以下优惠已不再提供：). A ban is no
    denial ("Defaulters may no longer:", 失信被执行人不得：), nor is a lack that is the
    people's own ("Residents who are not blacklisted get:", 没有失信记录的市民可以享受：).
    Only the lead-in's last LEAD_TAIL characters are read, so each item costs the same."""
    body_end = start + len(masked[start:end].rstrip())
    if body_end <= start or masked[body_end - 1] not in ":：":
        return False  # an FAQ's question above its answer, not a list's lead-in
    tail = max(start, body_end - LEAD_TAIL)
    if not GIVING.search(masked, tail, body_end):
        return False
    words = list(LAST_WORD.finditer(masked, tail, body_end - 1))
    return bool(words) and negated_before(masked, start, words[-1].start(), cues)


LAST_WORD = re.compile(r"[\u3400-\u9fff]|[^\W\d_]+")  # a Chinese character, or a word
LEAD_TAIL = 40  # characters at a lead-in's end where what it gives is named
# what a lead-in gives or brings (a perk, a consequence), which a negation can deny
GIVING = re.compile(
    r"\b(?:lead\w*\s+to|bring\w*|brought|result\w*\s+in|get|gets|got|receive\w*|enjoy\w*|"
    r"offer\w*|provid\w*|give\w*|gave|grant\w*|available|entitled\s+to|benefits?|perks?)\b"
    r"|带来|导致|引起|享受|享有|提供|给予|获得|得到|优惠|福利|后果",
    re.I,
)


def term_negated(
    clause: Clause, rule: Rule, triggers: list[tuple[int, int]], start: int, end: int, floor: int
) -> bool:
    """Negated at the term itself (looking no further back than `floor`), or (negation:
    trigger) at the trigger that governs it, looking no further back than the trigger before
    that one."""
    if rule.negation == "trigger":
        if not triggers:  # the trigger is in another clause: the term's own negation counts
            return clause.negated(start)
        index = max([i for i, t in enumerate(triggers) if t[0] <= start], default=0)
        floor = triggers[index - 1][1] if index else clause.start
        cues = clause.ruleset.cues
        if negated_before(clause.masked, floor, triggers[index][0], cues):
            return True
        # the term as the subject of a later trigger: 社交媒体上的言论不会纳入评分
        later = next((t for t in triggers if t[0] >= end), None)
        return (
            later is not None
            and cues.segment_break.search(clause.masked, end, later[0]) is None
            and negated_before(clause.masked, end, later[0], cues)
        )
    cues = clause.ruleset.cues
    return negated_before(clause.masked, floor, start, cues) or negated_after(
        clause.masked, end, clause.end, cues
    )


def term_regions(clause: Clause, start: int, end: int) -> tuple[str, ...]:
    """A term that is itself a region's name (Honest Shanghai, 白鹭分) belongs to that region."""
    own = [m.region for m in clause.attributor.find(clause.masked, start, end)]
    configured = tuple(sorted({r for r in own if r in clause.attributor.gazetteer.regions}))
    return configured or clause.regions_at(start)


def merge_hits(hits: list[Hit]) -> list[Hit]:
    """One hit per (region, attribute) in a clause: the highest priority wins; lists of equal
    priority are joined."""
    best: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        key = (hit.region, hit.attribute)
        current = best.get(key)
        if current is None or hit.priority > current.priority:
            best[key] = hit
        elif (
            hit.priority == current.priority
            and isinstance(hit.value, tuple)
            and isinstance(current.value, tuple)
        ):
            joined = tuple(sorted(set(current.value) | set(hit.value)))
            best[key] = replace(current, value=joined)
    return sorted(best.values(), key=lambda h: (h.position, h.attribute, h.region))


def make_claim(text: str, clause: Clause, hit: Hit) -> Claim:
    start, end = quote_span(text, clause, hit.position)
    evidence = Evidence(quote=text[start:end], start=start, end=end)
    return Claim(
        region=hit.region,
        attribute=hit.attribute,
        value=hit.value,
        evidence=evidence,
        rule=hit.rule,
        extractor_version=EXTRACTOR_VERSION,
        basis=hit.basis,
        modality=hit.modality,
        scope=hit.scope,
        role=ROLE_OF.get(hit.attribute, ""),
    )


def quote_span(text: str, clause: Clause, position: int) -> tuple[int, int]:
    """The sentence; its clause when the sentence is too long; a window when both are."""
    sentence = clause.sentence
    if sentence.end - sentence.start <= QUOTE_MAX:
        return sentence.start, sentence.end
    if clause.end - clause.start <= QUOTE_MAX:
        return clause.start, clause.end
    start = max(clause.start, position - QUOTE_MAX // 3)
    end = min(clause.end, start + QUOTE_MAX)
    while start > clause.start and not text[start - 1].isspace():
        start -= 1
    return start, end


def deduplicate(claims: list[Claim]) -> list[Claim]:
    """One claim per region, attribute, value and quote; list values from one quote joined."""
    out: dict[tuple[object, ...], Claim] = {}
    for claim in claims:
        span = (claim.region, claim.attribute, claim.evidence.start, claim.evidence.end)
        if isinstance(claim.value, tuple):
            previous = out.get(span)
            if previous is not None and isinstance(previous.value, tuple):
                claim = replace(previous, value=tuple(sorted({*previous.value, *claim.value})))
            out[span] = claim
        else:
            out.setdefault((*span, claim.value), claim)
    return sorted(out.values(), key=lambda c: (c.evidence.start, c.attribute, c.region))
