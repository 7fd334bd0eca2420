"""The bundled pattern files (extract/patterns/*.yaml) -> compiled rules, term vocabularies,
unavailability topics, cue words and the list of places that are not configured regions.

A rule is data: an id, the attribute it sets, a regular expression and the value it yields.
Kinds (see extract/patterns/en.yaml for annotated examples):
- `pattern`: the expression states the attribute; `value` is fixed, or for count attributes
  parsed from the `num` group; an optional `neg` group (or a negation cue just before the
  match) gives `negated` (default: yes <-> no, anything else dropped).
- `terms`: a `trigger` in the clause lets the `vocabulary`'s terms found there become a list
  (`term_requires`: terms that count only where their sentence, lead-in or heading also
  matches an expression; `term_requires_here`: only where their own sentence or list lead-in
  does; `term_unless`: terms that do not count where their sentence does; `heading_triggers`:
  the trigger may stand in the heading above).
A `pattern` rule may carry `unless_around`: an expression whose match covering one of its
matches makes that match alone no claim (where `unless` silences the rule in the clause).
Any rule may carry `context_requires`: an expression its sentence, lead-in or heading must
match ("is banned" is a penalty of the system only where credit or a score is spoken of),
and `context_regions`: regions whose statements need no such match, a statement at a time
(a page about Xinjiang need not name the camps in every sentence; a claim it yields for
another region still needs the match).
- `unavailable`: the expression says something is not known; the `topic` group names what,
  through the `topics` table, and the value is `unknown` (basis stated-unavailable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from db.models import ATTRIBUTE_KINDS
from extract import regexcache
from extract.errors import ExtractError
from extract.han import HAN_CHAR
from extract.prefilter import quick_source

PATTERN_FILES = ("common.yaml", "en.yaml", "zh.yaml")
KINDS = ("pattern", "terms", "unavailable")
RULE_KEYS = frozenset(
    {
        "id",
        "attribute",
        "kind",
        "pattern",
        "trigger",
        "vocabulary",
        "value",
        "negated",
        "negatable",
        "hedged",
        "priority",
        "unless",
        "unless_around",
        "requires",
        "negation",
        "implies",
        "standalone",
        "term_requires",
        "term_requires_here",
        "heading_triggers",
        "term_unless",
        "context_requires",
        "context_regions",
        "note",
    }
)
CUE_NAMES = (
    "negation",
    "negation_exceptions",
    "negation_after",
    "subordinators",
    "planned",
    "possible",
    "past",
    "national",
    "general",
    "local",
    "foreign",
    "dispute",
    "dispute_next",
    "assertion",
    "input_frame",
    "outcome_frame",
    "predicate",
    "undecided",
    "draft_context",
    "draft_adopted",
    "contrast_segment",
    "contrast_object",
    "contrast_before",
    "contrast_after",
    "inclusive_before",
    "inclusive_after",
    "link_before",
    "clause_break",
    "segment_break",
    "hedge_heading",
    "headline_plan",
    "stop_heading",
    "company_scored",
    "company_word",
    "people",
    "public_credit",
    "informant",
    "credit_talk",
)
CJK = HAN_CHAR
# the script a language's rules read: a Chinese rule never looks at a sentence written only in
# Latin letters (its standalone terms would take "facial recognition" in an English text past
# the English rule's exceptions), nor an English rule at one without a Latin letter
SCRIPTS = {"zh": HAN_CHAR, "en": re.compile(r"[A-Za-z]")}
MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
FLAGS = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    language: str
    attribute: str | None
    pattern: re.Pattern[str]  # the statement, or for `terms` the trigger
    vocabulary: str | None = None
    value: str | None = None
    negated: str | None = None
    negatable: bool = True
    hedged: bool = True
    priority: int = 0
    unless: re.Pattern[str] | None = None
    # pattern rules: a match that a match of this expression in its clause covers makes no
    # claim, where the rule's other matches in the clause still do (三项指标 counts the
    # dimensions named before it, 750多项数据要素 after it in the same sentence is a count)
    unless_around: re.Pattern[str] | None = None
    requires: re.Pattern[str] | None = None
    negation: str = "term"  # terms: at each `term` or at the `trigger`; pattern: `both` also after
    implies: tuple[tuple[str, str], ...] = ()  # for terms rules: (attribute, value) also stated
    standalone: frozenset[str] = frozenset()  # terms rules: terms that need no trigger
    # terms rules: terms that count only where their sentence also says this ("jaywalking"
    # is an input only where the sentence speaks of credit, not in a police tally)
    term_requires: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # terms rules: terms that count only where their own sentence or list lead-in says this (a
    # fine is the system's only where the sentence ties it to credit, not under a credit heading)
    term_requires_here: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # terms rules: the trigger may also stand in the heading the sentence sits under (the items
    # of a page titled "rewards for reporting terror clues" name what informants are paid)
    heading_triggers: bool = False
    # terms rules: terms that do not count where their sentence says this (a face matched to
    # log in to an app is no surveillance)
    term_unless: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # what the sentence, its list lead-in or its heading must say ("is banned" is a penalty of
    # the system only where credit, a score or the people it catches are spoken of)
    context_requires: re.Pattern[str] | None = None
    # regions whose claims need no `context_requires` match: "police in the region detain
    # people" on a page about Xinjiang is about Xinjiang's camps though it names none (each
    # claim's own region is tested, not the clause's)
    context_regions: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Term:
    vocabulary: str
    canonical: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Topic:
    attribute: str
    pattern: re.Pattern[str]
    value: str = "unknown"


@dataclass(frozen=True, slots=True)
class Cues:
    negation: re.Pattern[str]
    negation_exceptions: re.Pattern[str]
    negation_after: re.Pattern[str]
    subordinators: re.Pattern[str]
    planned: re.Pattern[str]  # a plan, proposal or draft: the statement makes no value
    possible: re.Pattern[str]  # may, could: a value, with modality `possible`
    past: re.Pattern[str]  # used to, until 2019, 曾: a value, with modality `past`
    national: re.Pattern[str]  # the statement is about China as a whole
    general: re.Pattern[str]  # about cities or systems in general
    local: re.Pattern[str]  # "the city", 本市: about the page's own region
    foreign: re.Pattern[str]  # "in the West", 西方国家: about places abroad, named as a group
    dispute: re.Pattern[str]  # the author reports a view to reject it
    dispute_next: re.Pattern[str]  # a sentence rejecting the one before it
    assertion: re.Pattern[str]  # "in fact": what follows is the author's own statement
    input_frame: re.Pattern[str]  # "counts towards the score", 评分项: what follows feeds it
    outcome_frame: re.Pattern[str]  # "a poor rating affects", 评价会影响: what follows it brings
    predicate: re.Pattern[str]  # an auxiliary or modal: a segment that states something new
    undecided: re.Pattern[str]  # "has yet to be decided", 尚在研究: the whole sentence is a plan
    draft_context: re.Pattern[str]  # "deliberating a draft", 草案规定: what follows is a draft
    draft_adopted: re.Pattern[str]  # "the regulation was adopted", 表决通过: the draft is law now
    contrast_segment: re.Pattern[str]  # "Unlike the blacklists, ...": that segment is elsewhere
    contrast_object: re.Pattern[str]  # "separate from the blacklist, which ...": so is the which
    contrast_before: re.Pattern[str]
    contrast_after: re.Pattern[str]
    inclusive_before: re.Pattern[str]
    inclusive_after: re.Pattern[str]
    link_before: re.Pattern[str]
    clause_break: re.Pattern[str]
    segment_break: re.Pattern[str]
    hedge_heading: re.Pattern[str]
    headline_plan: re.Pattern[str]  # a headline's "X to do Y": what it announces is to come
    stop_heading: re.Pattern[str]
    company_scored: re.Pattern[str]  # firms are what is scored ("dishonest enterprises", 企业信用)
    company_word: re.Pattern[str]  # a firm named at all (firms, 企业), on a page about firms
    people: re.Pattern[str]  # people named as covered (individuals, residents, 自然人)
    public_credit: re.Pattern[str]  # public credit information (公共信用): records on everyone
    informant: re.Pattern[str]  # tip-offs, informants, 举报: people paid to report others
    credit_talk: re.Pattern[str]  # credit, a score, its lists, 信用: what a credit system speaks of


@dataclass(frozen=True, slots=True)
class Prototype:
    """A sentence that is about an attribute, for the topic net."""

    attribute: str
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class TopicNetSettings:
    languages: tuple[str, ...] = ()  # where the topic net is used (where it helps on dev)
    threshold: float = 0.5  # cosine to an attribute's prototypes that makes it a topic
    margin: float = 0.1  # by which the best attribute must lead the next one


@dataclass(frozen=True, slots=True)
class LearnedSettings:
    languages: tuple[str, ...] = ()  # where the learned reading is used (extract/learned.py)
    threshold: float = 0.8  # probability an (attribute, value) needs to make a claim


@dataclass(frozen=True, slots=True)
class Generic:
    """A list term that, matched only by its generic words, gives way to a specific term found
    beside it ("offences such as running a red light" are traffic offences, no legal violation
    besides)."""

    term: str
    words: re.Pattern[str]  # the generic words, matched against the whole matched text
    beside: frozenset[str]
    via: re.Pattern[str]  # what joins the generic word to its examples (such as, 等)
    # text just before a bare generic word, its lead-in, heading or title that speaks of the
    # specific kind makes the word that kind ("# Shenzhen traffic police push offence data ..."
    # over "Offences by pedestrians are to go in as well")
    page: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    terms: tuple[Term, ...]
    topics: tuple[Topic, ...]
    cues: Cues
    foreign_places: tuple[str, ...]
    prototypes: tuple[Prototype, ...] = ()
    topic_net: TopicNetSettings = TopicNetSettings()
    learned: LearnedSettings = LearnedSettings()
    subsumes: tuple[tuple[str, frozenset[str]], ...] = ()  # term -> terms it makes redundant
    generic: tuple[Generic, ...] = ()
    private_systems: tuple[str, ...] = ()  # companies' own scores (patterns/places.yaml)

    def for_language(self, language: str | None) -> tuple[Rule, ...]:
        if language is None:
            return self.rules
        return tuple(r for r in self.rules if r.language in (language, "any"))


@lru_cache(maxsize=1)
def load_ruleset() -> RuleSet:
    """Every bundled pattern file, validated and compiled once per process."""
    rules: list[Rule] = []
    terms: list[Term] = []
    topics: list[Topic] = []
    prototypes: list[Prototype] = []
    net = TopicNetSettings()
    learned = LearnedSettings()
    subsumes: dict[str, frozenset[str]] = {}
    generic: list[Generic] = []
    cue_parts: dict[str, list[str]] = {name: [] for name in CUE_NAMES}
    for name in PATTERN_FILES:
        data = read_pattern_file(name)
        macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
        language = str(data.get("language", "any"))
        for cue, text in (data.get("cues") or {}).items():
            if cue not in cue_parts:
                expected = ", ".join(CUE_NAMES)
                raise ExtractError(f"{name}: cues.{cue}: unknown cue (expected {expected})")
            cue_parts[cue].append(expand(str(text), macros, f"{name}: cues.{cue}"))
        terms += load_terms(name, data.get("vocabularies") or {}, macros)
        prototypes += load_prototypes(name, language, data.get("prototypes") or {})
        if "topic_net" in data:
            net = load_topic_net(name, data["topic_net"])
        if "learned" in data:
            learned = load_learned(name, data["learned"])
        for term, lesser in (data.get("subsumes") or {}).items():
            subsumes[str(term)] = frozenset(str(t) for t in lesser or ())
        generic += load_generic(name, data.get("generic") or {})
        topics += load_topics(name, data.get("topics") or [], macros)
        rules += [load_rule(name, language, raw, macros) for raw in data.get("rules") or []]
    check_rules(rules, {t.vocabulary for t in terms})
    rules = share_exceptions(rules)
    place_file = read_pattern_file("places.yaml")
    places = place_file.get("foreign") or []
    private = place_file.get("private_systems") or []
    return RuleSet(
        tuple(rules),
        tuple(terms),
        tuple(topics),
        build_cues(cue_parts),
        tuple(str(p) for p in places),
        tuple(prototypes),
        net,
        learned,
        tuple(sorted(subsumes.items())),
        tuple(generic),
        tuple(str(p) for p in private),
    )


def share_exceptions(rules: list[Rule]) -> list[Rule]:
    """A `terms` rule also takes the term exceptions (`term_unless`) of the other languages'
    rules over its vocabulary: a sentence written half in English, half in Chinese ("Users sign
    up with their ID, 然后由人脸识别软件...") states its exception in either language."""
    by_vocabulary: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.kind == "terms" and rule.vocabulary:
            by_vocabulary.setdefault(rule.vocabulary, []).append(rule)
    out = []
    for rule in rules:
        others = [
            r for r in by_vocabulary.get(rule.vocabulary or "", []) if r.language != rule.language
        ]
        if rule.kind == "terms" and others:
            shared = tuple(pair for r in others for pair in r.term_unless)
            rule = replace(rule, term_unless=rule.term_unless + shared)
        out.append(rule)
    return out


def load_generic(name: str, entries: Any) -> list[Generic]:
    if not isinstance(entries, dict):
        raise ExtractError(f"{name}: generic: expected a mapping of term -> {{words, beside}}")
    out = []
    for term, raw in entries.items():
        where = f"{name}: generic.{term}"
        if not isinstance(raw, dict) or not all(raw.get(k) for k in ("words", "beside", "via")):
            raise ExtractError(f"{where}: expected 'words', 'via' (expressions), 'beside' (terms)")
        try:
            words, via = (re.compile(str(raw[k]), re.IGNORECASE) for k in ("words", "via"))
            page = re.compile(str(raw["page"]), re.IGNORECASE) if raw.get("page") else None
        except re.error as exc:
            raise ExtractError(f"{where}: invalid expression: {exc}") from exc
        beside = frozenset(str(t) for t in raw["beside"])
        out.append(Generic(str(term), words, beside, via, page))
    return out


def load_prototypes(name: str, language: str, entries: Any) -> list[Prototype]:
    if not isinstance(entries, dict):
        raise ExtractError(f"{name}: prototypes: expected a mapping of attribute -> sentences")
    out = []
    for attribute, sentences in entries.items():
        if attribute not in ATTRIBUTE_KINDS:
            raise ExtractError(f"{name}: prototypes.{attribute}: unknown attribute")
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise ExtractError(f"{name}: prototypes.{attribute}: expected a list of sentences")
        out += [Prototype(str(attribute), language, s) for s in sentences]
    return out


def load_topic_net(name: str, raw: Any) -> TopicNetSettings:
    where = f"{name}: topic_net"
    if not isinstance(raw, dict) or set(raw) - {"languages", "threshold", "margin"}:
        raise ExtractError(f"{where}: expected {{languages, threshold, margin}}")
    try:
        return TopicNetSettings(
            tuple(str(x) for x in raw.get("languages") or ()),
            float(raw.get("threshold", 0.5)),
            float(raw.get("margin", 0.1)),
        )
    except (TypeError, ValueError) as exc:
        raise ExtractError(f"{where}: {exc}") from None


def load_learned(name: str, raw: Any) -> LearnedSettings:
    where = f"{name}: learned"
    if not isinstance(raw, dict) or set(raw) - {"languages", "threshold"}:
        raise ExtractError(f"{where}: expected {{languages, threshold}}")
    languages = raw.get("languages") or []
    if not isinstance(languages, list) or set(map(str, languages)) - {"en", "zh"}:
        raise ExtractError(f"{where}.languages: expected a list of en, zh")
    try:
        threshold = float(raw.get("threshold", 0.8))
    except (TypeError, ValueError) as exc:
        raise ExtractError(f"{where}.threshold: {exc}") from None
    if not 0.5 <= threshold < 1.0:
        raise ExtractError(f"{where}.threshold: expected 0.5 <= threshold < 1, got {threshold}")
    return LearnedSettings(tuple(str(x) for x in languages), threshold)


def read_pattern_file(name: str) -> dict[str, Any]:
    try:
        text = resources.files("extract").joinpath("patterns", name).read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader where built
        data = yaml.load(text, Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(f"pattern file {name}: {exc}") from None
    if not isinstance(data, dict):
        raise ExtractError(f"pattern file {name}: expected a mapping at the top level")
    return data


def expand(text: str, macros: dict[str, str], where: str) -> str:
    for _ in range(5):
        new = MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), text)
        if new == text:
            break
        text = new
    if missing := MACRO.findall(text):
        raise ExtractError(f"{where}: unknown macro {{{missing[0]}}}")
    return text


def compile_pattern(text: str, where: str) -> re.Pattern[str]:
    cache = regexcache.active()
    if cache is not None and (found := cache.pattern(text, FLAGS)) is not None:
        return found
    try:
        compiled = re.compile(quick_source(text, FLAGS), FLAGS)
    except re.error as exc:
        raise ExtractError(f"{where}: invalid regular expression: {exc}") from None
    if cache is not None:
        cache.remember_pattern(text, FLAGS, compiled)
    return compiled


def load_terms(name: str, vocabularies: dict[str, Any], macros: dict[str, str]) -> list[Term]:
    out = []
    for vocabulary, entries in vocabularies.items():
        for canonical, patterns in (entries or {}).items():
            where = f"{name}: vocabularies.{vocabulary}.{canonical}"
            alternation = "|".join(bounded(expand(str(p), macros, where)) for p in patterns)
            out.append(Term(str(vocabulary), str(canonical), compile_pattern(alternation, where)))
    return out


def bounded(pattern: str) -> str:
    """A term matches whole words; Chinese terms need no word boundary."""
    if CJK.search(pattern):
        return f"(?:{pattern})"
    return f"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])"


def load_topics(name: str, entries: list[Any], macros: dict[str, str]) -> list[Topic]:
    out = []
    for i, entry in enumerate(entries):
        where = f"{name}: topics[{i}]"
        attribute = str(entry.get("attribute"))
        if attribute not in ATTRIBUTE_KINDS:
            raise ExtractError(f"{where}: unknown attribute {attribute!r}")
        pattern = compile_pattern(expand(str(entry["pattern"]), macros, where), where)
        out.append(Topic(attribute, pattern, str(entry.get("value", "unknown"))))
    return out


def load_rule(name: str, language: str, raw: dict[str, Any], macros: dict[str, str]) -> Rule:
    rule_id = str(raw.get("id", "?"))
    where = f"{name}: rule {rule_id}"
    if unknown := set(raw) - RULE_KEYS:
        raise ExtractError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    kind = str(raw.get("kind", "pattern"))
    if kind not in KINDS:
        raise ExtractError(f"{where}: unknown kind {kind!r} (expected {', '.join(KINDS)})")
    source = raw.get("trigger") if kind == "terms" else raw.get("pattern")

    def optional(key: str) -> re.Pattern[str] | None:
        text = raw.get(key)
        return None if text is None else compile_pattern(expand(str(text), macros, where), where)

    def per_term(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """term_requires(_here) / term_unless: {canonical term: expression}."""
        return tuple(
            (str(term), compile_pattern(expand(str(text), macros, f"{where}: {key}"), where))
            for term, text in (raw.get(key) or {}).items()
        )

    if raw.get("unless_around") is not None and kind != "pattern":
        raise ExtractError(f"{where}: unless_around is for pattern rules (this one is {kind})")
    context_regions = raw.get("context_regions", [])
    if not isinstance(context_regions, list) or not all(
        isinstance(r, str) and r for r in context_regions
    ):
        raise ExtractError(f"{where}: context_regions must be a list of region ids")
    if context_regions and raw.get("context_requires") is None:
        raise ExtractError(f"{where}: context_regions only widens a context_requires")

    return Rule(
        id=rule_id,
        kind=kind,
        language=language,
        attribute=raw.get("attribute"),
        pattern=compile_pattern(expand(str(source or "(?:)"), macros, where), where),
        vocabulary=raw.get("vocabulary"),
        value=raw.get("value"),
        negated=raw.get("negated"),
        negatable=bool(raw.get("negatable", True)),
        hedged=bool(raw.get("hedged", True)),
        priority=int(raw.get("priority", 20 if kind == "unavailable" else 0)),
        unless=optional("unless"),
        unless_around=optional("unless_around"),
        requires=optional("requires"),
        context_requires=optional("context_requires"),
        context_regions=frozenset(context_regions),
        negation=str(raw.get("negation", "term")),
        implies=tuple((str(k), str(v)) for k, v in (raw.get("implies") or {}).items()),
        standalone=frozenset(str(t) for t in raw.get("standalone") or ()),
        term_requires=per_term("term_requires"),
        term_requires_here=per_term("term_requires_here"),
        heading_triggers=bool(raw.get("heading_triggers", False)),
        term_unless=per_term("term_unless"),
    )


def check_rules(rules: list[Rule], vocabularies: set[str]) -> None:
    seen: set[str] = set()
    for rule in rules:
        where = f"rule {rule.id}"
        if rule.id in seen:
            raise ExtractError(f"{where}: duplicate rule id")
        seen.add(rule.id)
        if rule.kind != "unavailable" and rule.attribute not in ATTRIBUTE_KINDS:
            raise ExtractError(f"{where}: unknown attribute {rule.attribute!r}")
        if rule.kind == "terms" and rule.vocabulary not in vocabularies:
            raise ExtractError(f"{where}: unknown vocabulary {rule.vocabulary!r}")
        for attribute, _ in rule.implies:
            if ATTRIBUTE_KINDS.get(attribute) != "tri":
                raise ExtractError(f"{where}: implies {attribute!r}, not a yes/no attribute")
        if rule.kind == "unavailable" and "topic" not in rule.pattern.groupindex:
            raise ExtractError(f"{where}: an unavailable rule needs a (?P<topic>...) group")
        is_count = rule.attribute is not None and ATTRIBUTE_KINDS.get(rule.attribute) == "count"
        if rule.kind == "pattern" and rule.value is None and not is_count:
            raise ExtractError(f"{where}: a pattern rule needs a value")
        if is_count and rule.kind == "pattern" and "num" not in rule.pattern.groupindex:
            raise ExtractError(f"{where}: a count rule needs a (?P<num>...) group")


def build_cues(parts: dict[str, list[str]]) -> Cues:
    def join(name: str) -> re.Pattern[str]:
        items = parts[name] or ["(?!x)x"]
        return compile_pattern("|".join(f"(?:{p})" for p in items), f"cues.{name}")

    return Cues(**{name: join(name) for name in CUE_NAMES})
