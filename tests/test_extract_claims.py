"""extract/claims.py and its rules: values, negation, hedges, counts, lists, regions, evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from db.models import ATTRIBUTE_KINDS, TRI_STATE, Claim, RegionNames
from extract.claims import EXTRACTOR_VERSION, extract_claims, gazetteer_for, overlapped_by_longer
from extract.errors import ExtractError
from extract.numbers import parse_count
from extract.rules import compile_pattern, expand, load_rule, load_ruleset
from extract.scope import FOREIGN
from extract.structure import split_sentences
from extract.topics import mentions_term

ROOT = Path(__file__).resolve().parent.parent
REGIONS = [
    RegionNames(
        r["id"],
        (r["name_en"], r["name_zh"], *r.get("aliases", [])),
        r["admin_level"] in ("province", "autonomous-region"),
    )
    for r in yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["regions"]
]


def claims(text: str, **kwargs: object) -> list[Claim]:
    """The rules' claims: the learned reading, which guesses where no rule reads, is tested
    in tests/test_extract_learned.py and measured by `evaluate`."""
    kwargs.setdefault("learned", False)
    return extract_claims(text, regions=REGIONS, **kwargs)  # type: ignore[arg-type]


def values(text: str, **kwargs: object) -> set[tuple[str, str, object]]:
    return {(c.region, c.attribute, c.value) for c in claims(text, **kwargs)}


# --- values, negation, unavailability --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xiamen imposes no penalty for a low score.", ("xiamen", "penalties", "no")),
        ("Predictive scoring is not used in Xiamen.", ("xiamen", "predictive_scoring", "no")),
        ("厦门没有对低分市民设置任何惩罚。", ("xiamen", "penalties", "no")),
        ("厦门不采集第三方机构的数据。", ("xiamen", "private_sector_data", "no")),
        ("深圳无需本人同意即可共享违法记录。", ("shenzhen", "consent_required", "no")),
        ("Shanghai residents are not punished for low scores.", ("shanghai", "penalties", "no")),
        ("Shanghai residents are punished for low scores.", ("shanghai", "penalties", "yes")),
        (
            "Participation in Shenzhen is not voluntary.",
            ("shenzhen", "voluntary_participation", "no"),
        ),
    ],
    ids=[
        "no-penalty",
        "is-not-used",
        "meiyou",
        "bu-caiji",
        "wuxu",
        "not-punished",
        "punished",
        "not-voluntary",
    ],
)
def test_statements_and_their_negation(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("Details on rewards in Fuzhou are not available.", "rewards"),
        ("There is no information regarding consent in Xinjiang.", "consent_required"),
        ("福州的奖励措施暂无公开信息。", "rewards"),
        ("新疆的惩戒措施尚未公布。", "penalties"),
        ("深圳的异议渠道不详。", "challenge_mechanism"),
    ],
    ids=["not-available", "no-information", "zanwu", "shangwei-gongbu", "buxiang"],
)
def test_unavailable_details_are_unknown_with_their_basis(text: str, attribute: str) -> None:
    found = [c for c in claims(text) if c.attribute == attribute]
    assert [(c.value, c.basis) for c in found] == [("unknown", "stated-unavailable")]


@pytest.mark.parametrize(
    ("hedged", "stated"),
    [
        (
            "Fuzhou will someday impose penalties for low scores.",
            "Fuzhou imposes penalties for low scores.",
        ),
        (
            "Shanghai plans to offer discounts to residents with high scores.",
            "Shanghai offers discounts to residents with high scores.",
        ),
        (
            "Xiamen intends to make participation voluntary.",
            "Participation in Xiamen is voluntary.",
        ),
        ("福州拟对低分市民实施惩戒。", "福州对低分市民实施惩戒。"),
        ("厦门将推出免押金服务。", "厦门推出免押金服务。"),
        ("深圳计划采用人脸识别技术。", "深圳采用人脸识别技术。"),
        ("上海正在研究制定守信激励措施。", "上海实施守信激励措施。"),
        ("Does Xiamen penalise low scores?", "Xiamen penalises low scores."),
    ],
    ids=["someday", "plans-to", "intends", "ni", "jiang", "jihua", "yanjiu", "question"],
)
def test_plans_and_questions_make_no_claims(hedged: str, stated: str) -> None:
    assert claims(stated), "the plain statement must make a claim for the test to mean anything"
    assert claims(hedged) == []


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("A poor score in Shenzhen could bring trouble getting a loan.", "possible"),
        ("在厦门，信用差的人可能被限制贷款。", "possible"),
        ("Until 2019, Shenzhen restricted loans for frequent traffic offenders.", "past"),
        ("深圳此前对多次违章者限制贷款。", "past"),
        ("上海正在试点守信激励措施。", "asserted"),  # a pilot runs: it is no plan
        ("Xiamen does not impose penalties on people with low scores.", "negated"),
    ],
    ids=["could", "keneng", "until", "ciqian", "pilot", "no"],
)
def test_modality_is_a_field_not_a_filter(text: str, modality: str) -> None:
    found = claims(text)
    assert found, "a hedged or past statement still makes its claim"
    assert {c.modality for c in found if c.attribute in ("penalties", "rewards")} == {modality}


def test_a_view_the_author_disputes_makes_no_claim() -> None:
    assert (
        claims("Many reports wrongly claim that a low score in Xiamen bans people from flying.")
        == []
    )
    assert claims("有报道称厦门对低分者限制乘坐飞机，实际上并非如此。") == []
    rebutted = "Some outlets said Shanghai bars defaulters from trains. This claim is false."
    assert claims(rebutted) == []
    kept = claims(
        "Contrary to reports that Xiamen punishes low scorers, the city imposes no penalties."
    )
    assert [(c.attribute, c.value) for c in kept] == [("penalties", "no")]


@pytest.mark.parametrize(
    "text",
    [
        "Across the country, people with bad credit are barred from high-speed trains.",
        "Many cities reward residents with good scores with discounts.",
        "全国范围内，失信被执行人被限制乘坐高铁。",
        "多地对守信者给予免押金服务。",
    ],
)
def test_national_and_general_statements_are_not_the_pages_region(text: str) -> None:
    assert claims(text, source_regions=["xiamen"]) == []
    local = claims("Xiamen offers deposit-free bike rentals. " + text, source_regions=["xiamen"])
    assert {c.attribute for c in local} <= {"rewards", "reward_types"}
    assert all("Xiamen" in c.evidence.quote for c in local)


def test_each_claim_says_why_it_belongs_to_its_region() -> None:
    text = "# Xiamen\n\nResidents with good scores rent bikes without a deposit."
    found = claims(text)
    assert found
    assert {c.scope for c in found} == {"under a heading naming it"}
    assert {c.role for c in found} == {"outcome"}
    page = claims(
        "Residents with good scores rent bikes without a deposit.", source_regions=["xiamen"]
    )
    assert {c.scope for c in page} == {"the page's region"}


# --- counts and lists ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("3000", "3000"),
        ("2,000 to 3,000", "2000-3000"),
        ("between 2,000 and 3,000", "2000-3000"),
        ("nearly 100", "~100"),
        ("about three thousand", "~3000"),
        ("more than 40", "40+"),
        ("fifty", "50"),
        ("近百", "~100"),
        ("3000余", "3000+"),
        ("两千至三千", "2000-3000"),
        ("十六", "16"),
        ("1.2万", "12000"),
        ("several", None),
    ],
)
def test_parse_count(phrase: str, value: str | None) -> None:
    assert parse_count(phrase) == value


def test_counts_in_context() -> None:
    found = values(
        "NPR says Honest Shanghai uses 2,000 to 3,000 items from nearly 100 "
        "government entities. Fuzhou lists 50 offences from 16 ministries."
    )
    assert {
        ("shanghai", "input_item_count", "2000-3000"),
        ("shanghai", "input_entity_count", "~100"),
        ("fuzhou", "offense_count", "50"),
        ("fuzhou", "input_entity_count", "16"),
    } <= found


def test_lists_are_sorted_tuples_of_canonical_terms() -> None:
    found = claims(
        "Xiamen's score counts education, overdue loans and unpaid utility bills, "
        "and donating blood earns points."
    )
    inputs = [c.value for c in found if c.attribute == "inputs"]
    assert inputs == [("blood_donation", "education", "overdue_loans", "utility_payments")]


def test_negated_list_items_are_left_out() -> None:
    found = values("Xiamen counts employment records but does not collect social media posts.")
    assert ("xiamen", "inputs", ("employment",)) in found


def test_a_term_that_is_the_subject_of_a_negated_trigger_is_left_out() -> None:
    """厦门把逾期贷款记入评分，社交媒体言论不会纳入评分: the second item is the subject of a
    negated verb, after an earlier trigger in the same sentence."""
    found = values("厦门的扣分依据包括逾期贷款，社交媒体上的言论则不会纳入评分。")
    inputs = [v for r, a, v in found if (r, a) == ("xiamen", "inputs")]
    assert inputs, found
    assert all("social_media" not in v for v in inputs), found
    assert any("overdue_loans" in v for v in inputs), found


def test_system_names_belong_to_their_own_region() -> None:
    found = values("Xiamen and Fuzhou launched the Bailu score and the Moli score.")
    assert ("xiamen", "system_names", ("Bailu score",)) in found
    assert ("fuzhou", "system_names", ("Moli score",)) in found


# --- regions ---------------------------------------------------------------------------------


def test_region_from_the_nearest_heading() -> None:
    text = (
        "Xiamen\nThe score is voluntary.\n\nIt carries no penalty.\nFuzhou\nIt carries no penalty."
    )
    assert values(text) == {
        ("xiamen", "voluntary_participation", "yes"),
        ("xiamen", "penalties", "no"),
        ("fuzhou", "penalties", "no"),
    }


def test_region_from_the_sources_only_region() -> None:
    assert values("Participation is voluntary.", source_regions=["shanghai"]) == {
        ("shanghai", "voluntary_participation", "yes")
    }
    assert values("Participation is voluntary.", source_regions=["shanghai", "xiamen"]) == set()
    assert values("Participation is voluntary.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "In Hangzhou, participation is voluntary.",
        "北京市对失信者限制乘坐高铁。",
        "Rongcheng\nParticipation is voluntary.",
        "Sesame Credit rewards users with deposit-free rentals.",
    ],
    ids=["hangzhou", "beijing-zh", "rongcheng-heading", "sesame"],
)
def test_other_places_yield_no_claim_even_in_a_single_region_source(text: str) -> None:
    assert claims(text, source_regions=["xiamen"]) == []


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Both Xiamen and Fuzhou impose no penalty.", {"xiamen", "fuzhou"}),
        ("Fuzhou, like Xiamen, imposes no penalty.", {"xiamen", "fuzhou"}),
        ("Unlike Shenzhen, Xiamen imposes no penalty.", {"xiamen"}),
        ("Xiamen imposes no penalty, while Shenzhen restricts loans.", {"xiamen"}),
        ("与深圳不同，厦门不设任何惩戒。", {"xiamen"}),
        ("厦门和福州都不设任何惩戒。", {"xiamen", "fuzhou"}),
    ],
    ids=["both", "like", "unlike", "while", "yu-butong", "he-dou"],
)
def test_two_regions_share_a_statement_only_when_it_covers_both(
    text: str, regions: set[str]
) -> None:
    found = {c.region for c in claims(text) if (c.attribute, c.value) == ("penalties", "no")}
    assert found == regions


def test_references_and_future_work_make_no_claims() -> None:
    text = (
        "Xiamen\nParticipation is voluntary.\nFuture work\nWe want to see whether Xiamen adds "
        "penalties and facial recognition cameras.\nReferences\nLewis 2019. No penalty in "
        "Xiamen: participation is voluntary."
    )
    assert values(text) == {("xiamen", "voluntary_participation", "yes")}


def test_each_sentence_is_read_by_the_rules_of_its_own_script() -> None:
    """A language's rules read only sentences in its script, and every language's rules read
    the page: a Chinese sentence on a source configured as English is still read (it was not:
    the source's language chose the rules, and `language: en` is the default)."""
    text = "Xiamen imposes no penalty. 厦门不设任何惩戒。"
    assert {c.rule.split(".")[0] for c in claims(text)} == {"en", "zh"}
    chinese = "厦门市失信被执行人不得乘坐飞机。"
    assert {c.rule.split(".")[0] for c in claims(chinese)} == {"zh"}
    assert ("xiamen", "penalty_types", ("flight_restrictions",)) in values(chinese)


def test_a_plural_reference_is_about_every_region_named_before_it() -> None:
    text = (
        "Xiamen launched the Bailu score in April; Fuzhou followed with the Moli score in June. "
        "Both are computed from data held by the municipal governments."
    )
    data = {c.region for c in claims(text) if c.attribute == "government_data"}
    assert data == {"xiamen", "fuzhou"}
    zh = (
        "厦门推出白鹭分，福州随后推出茉莉分。"
        "两市的分数都依据市政府掌握的数据计算，高分市民可以免押金借书。"
    )
    assert {c.region for c in claims(zh) if c.attribute == "rewards"} == {"xiamen", "fuzhou"}
    single = "Xiamen launched its score; Fuzhou followed. It offers deposit-free bike hire."
    assert {c.region for c in claims(single) if c.attribute == "rewards"} == {"fuzhou"}


def test_both_cities_inside_a_sentence_and_the_sentences_after_it_cover_both() -> None:
    text = (
        "Xiamen calls its score Bailu, while Fuzhou's is named Moli.\n\n"
        "How they work\n\n"
        "Officials in both cities say that giving blood raises a score. "
        "They also hand out deposit-free library cards to high scorers.\n\n"
        "Nothing weighs more on either score than unpaid court fines."
    )
    found = values(text)
    for region in ("xiamen", "fuzhou"):
        assert (region, "inputs", ("blood_donation",)) in found
        assert (region, "rewards", "yes") in found
    single = (
        "Xiamen calls its score Bailu, while Fuzhou's is named Moli. "
        "It offers deposit-free bike hire."
    )
    assert {c.region for c in claims(single) if c.attribute == "rewards"} == {"fuzhou"}


def test_some_cities_in_a_story_about_a_province_level_region_are_its_own() -> None:
    text = (
        "# Checkpoints everywhere in Xinjiang\n\n"
        "Police across Xinjiang stop drivers at road checkpoints. "
        "In some cities, officers also read the contents of people's phones with handheld "
        "scanners."
    )
    phones = {c.region for c in claims(text) if c.attribute == "surveillance_tech"}
    assert phones == {"xinjiang"}
    city = (
        "# Honest Shanghai\n\n"
        "Shanghai's app rates residents. "
        "In some cities, officers read the contents of people's phones with handheld scanners."
    )
    assert not any(c.attribute == "surveillance_tech" for c in claims(city))


def test_a_national_paragraph_does_not_speak_for_the_next_one() -> None:
    text = (
        "# Honest Shanghai: questions\n"
        "Q: Is it compulsory?\n"
        "A: No. The national government intends to build a nationwide system by 2020.\n"
        "Q: What does a good grade bring?\n"
        "A: A good grade brings perks such as discounted flights."
    )
    assert ("shanghai", "reward_types", ("discounted_air_tickets",)) in values(text)
    same_paragraph = "Across the country, defaulters are barred from trains. They also pay more."
    assert values(same_paragraph, source_regions=("xiamen",)) == set()


def test_a_hard_wrapped_line_goes_on_when_the_next_starts_with_a_capital() -> None:
    text = (
        "Over a million flats in eight cities are linked to Alipay, and tenants whose Sesame\n"
        "Score is 650 or higher can skip the deposit, in Shanghai as elsewhere."
    )
    assert [c for c in claims(text) if c.attribute == "rewards"] == []


def test_a_police_tally_of_offences_is_no_credit_input() -> None:
    tally = "Shenzhen's traffic police recorded 123,200 jaywalking offences last year."
    assert not [c for c in claims(tally) if c.attribute == "inputs"]
    scored = (
        "In Shenzhen, jaywalking offences are recorded and count against a person's credit score."
    )
    assert ("shenzhen", "inputs", ("traffic_violations",)) in values(scored)
    assert not [
        c for c in claims("深圳交警去年共记录闯红灯违法12万宗。") if c.attribute == "inputs"
    ]
    assert ("shenzhen", "inputs", ("traffic_violations",)) in values(
        "深圳把闯红灯记录纳入个人信用评分。"
    )


def test_a_consultation_on_a_draft_is_a_fact_under_a_draft_heading() -> None:
    text = (
        "# 厦门经济特区社会信用条例（草案）征求意见稿\n"
        "市人大常委会将草案向社会公开征求意见，截止日期为11月23日。\n"
        "草案规定，对失信主体限制乘坐飞机。"
    )
    found = {(c.attribute, c.value, c.modality) for c in claims(text)}
    assert ("public_vote_on_inputs", "yes", "asserted") in found
    assert not [f for f in found if f[0] == "penalties" and f[2] != "planned"]


def test_only_the_outermost_place_mentions_are_kept() -> None:
    from extract.regions import Mention, outermost

    found = [
        Mention(0, 10, "xiamen"),  # 厦门市白鹭分 read as the system
        Mention(0, 3, "xiamen"),  # 厦门 inside it
        Mention(20, 25, "fuzhou"),
        Mention(20, 25, "*foreign*"),  # the same span named twice: both stay
        Mention(22, 24, "shenzhen"),  # inside, from further right
        Mention(30, 34, "shanghai"),
    ]
    kept = sorted(outermost(found), key=lambda m: (m.start, m.region))
    assert kept == [found[0], found[3], found[2], found[5]]


def test_caps_and_denials_are_not_penalties() -> None:
    higher = "Fuzhou residents with high scores get higher housing provident fund loan limits."
    assert values(higher) == {
        ("fuzhou", "reward_types", ("preferential_loans",)),
        ("fuzhou", "rewards", "yes"),
    }
    capped = (
        "In Xiamen, the credit line is limited to 3,000 yuan for patients with the best scores."
    )
    assert not [c for c in claims(capped) if c.attribute.startswith("penalt")]
    denied = (
        "A low Bailu score does not stop anyone from flying; those bans come from the court list."
    )
    assert not [c for c in claims(denied) if c.attribute.startswith("penalt")]
    stated = "In Shanghai, people on the list are stopped from buying plane tickets."
    assert ("shanghai", "penalty_types", ("flight_restrictions",)) in values(stated)
    reported = (
        "Foreign media often claim, wrongly, that a low score in Xiamen stops people from buying"
        " train tickets. For the Bailu score this is simply wrong: it hands out only perks."
    )
    assert not [c for c in claims(reported) if c.attribute == "penalty_types"]
    assert not [
        c
        for c in claims("厦门信用就医的授信额度最高3000元，不设其他限制。")
        if c.attribute == "penalties"
    ]
    unrelated = "深圳条例规定，不得将与信用无关的信息纳入失信惩戒的依据。"
    assert ("shenzhen", "penalties", "no") not in values(unrelated)
    assert ("fuzhou", "penalties", "no") in values("福州茉莉分不会限制市民乘坐飞机和高铁。")


def test_what_a_score_affects_is_no_input() -> None:
    brings = "In Shanghai, a poor rating affects employment, education and access to loans."
    assert not [c for c in claims(brings) if c.attribute == "inputs"]
    assert not [
        c for c in claims("深圳的信用评价会影响市民的就业和子女入学。") if c.attribute == "inputs"
    ]
    feeds = "Late loan repayments affect a Xiamen resident's Bailu score."
    assert ("xiamen", "inputs", ("overdue_loans",)) in values(feeds)
    assert ("xiamen", "inputs", ("overdue_loans",)) in values("逾期还款会影响厦门市民的白鹭分。")


def test_consent_in_other_words() -> None:
    permission = (
        "Shenzhen agencies need the person's permission before they collect sensitive data."
    )
    assert ("shenzhen", "consent_required", "yes") in values(permission)
    tap = "Before seeing a score, Fuzhou users have to tap 'I agree' on the authorisation page."
    assert ("fuzhou", "consent_required", "yes") in values(tap)
    signed = "厦门市民须签署授权书后方可查询白鹭分。"
    assert ("xiamen", "consent_required", "yes") in values(signed)
    unaware = "新疆当局在居民不知情的情况下采集其生物信息。"
    assert ("xinjiang", "consent_required", "no") in values(unaware)
    worry = (
        "有人担心白鹭分会在本人毫不知情的情况下被算出来。这种看法与实际不符，查分前须确认授权书。"
    )
    assert ("xiamen", "consent_required", "no") not in values(worry)


# --- evidence and records ----------------------------------------------------------------------


def test_evidence_quotes_the_sentence_at_its_offsets() -> None:
    text = (
        "# Report\n\n**Xiamen**: Residents receive no penalty. Data from the private sector "
        "is not collected.\n"
    )
    for claim in claims(text):
        assert claim.evidence.quote == text[claim.evidence.start : claim.evidence.end]
        assert claim.extractor_version == EXTRACTOR_VERSION
        assert claim.rule
    quotes = {c.attribute: c.evidence.quote for c in claims(text)}
    assert quotes["penalties"] == "**Xiamen**: Residents receive no penalty."


def test_urls_do_not_name_regions() -> None:
    text = "See https://example.org/shenzhen-jaywalkers for the cameras story."
    assert claims(text, source_regions=["xiamen"]) == []


# --- the rule files ----------------------------------------------------------------------------


def test_every_attribute_has_a_rule() -> None:
    ruleset = load_ruleset()
    covered = {r.attribute for r in ruleset.rules} | {t.attribute for t in ruleset.topics}
    covered |= {a for r in ruleset.rules for a, _ in r.implies}
    assert set(ATTRIBUTE_KINDS) <= covered


def test_rule_ids_are_unique_and_named_for_their_language_and_attribute() -> None:
    for rule in load_ruleset().rules:
        language, attribute, _name = rule.id.split(".")
        assert language == rule.language
        assert attribute == (rule.attribute or "unavailable")


def test_list_vocabularies_use_the_baselines_terms() -> None:
    baseline = yaml.safe_load((ROOT / "monitor" / "data" / "baseline.yaml").read_text("utf-8"))
    used = {
        str(term)
        for region in baseline["attributes"].values()
        for entry in region.values()
        if isinstance(entry["value"], list)
        for term in entry["value"]
    }
    canonical = {t.canonical for t in load_ruleset().terms}
    assert used <= canonical


def test_bad_pattern_data_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="unknown macro"):
        expand("{NOPE}", {}, "test")
    with pytest.raises(ExtractError, match="invalid regular expression"):
        compile_pattern("(unclosed", "test")
    with pytest.raises(ExtractError, match="unknown key"):
        load_rule("test.yaml", "en", {"id": "en.x.y", "patern": "x"}, {})
    with pytest.raises(ExtractError, match="unknown kind"):
        load_rule("test.yaml", "en", {"id": "en.x.y", "kind": "magic"}, {})


def test_patterns_are_compiled_case_insensitive() -> None:
    assert all(r.pattern.flags & re.IGNORECASE for r in load_ruleset().rules)


WORDS = st.sampled_from(
    [
        "Xiamen",
        "Fuzhou",
        "Hangzhou",
        "厦门",
        "福州",
        "no",
        "not",
        "penalty",
        "rewards",
        "will",
        "voluntary",
        "participation",
        "is",
        "are",
        "data",
        "collected",
        "from",
        "100",
        "government",
        "entities",
        "items",
        "不",
        "采集",
        "惩戒",
        "拟",
        "自愿",
        "，",
        "。",
        ".",
        ",",
        ";",
        "\n",
        "?",
        "unlike",
        "like",
        "and",
        "but",
        "Details",
        "on",
        "not available",
        "暂无",
        "信息",
        "#",
        "**",
    ]
)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORDS, max_size=40), source=st.sampled_from([(), ("xiamen",)]))
def test_any_text_gives_well_formed_claims(words: list[str], source: tuple[str, ...]) -> None:
    text = " ".join(words)
    for claim in claims(text, source_regions=source):
        assert claim.evidence.quote == text[claim.evidence.start : claim.evidence.end]
        assert claim.region in {r.id for r in REGIONS}
        assert claim.attribute in ATTRIBUTE_KINDS
        kind = ATTRIBUTE_KINDS[claim.attribute]
        assert isinstance(claim.value, tuple) == (kind == "list" and claim.value != "unknown")
        if kind == "tri":
            assert claim.value in TRI_STATE
        if kind == "count":
            assert re.fullmatch(r"unknown|~?\d+(?:-\d+)?\+?", str(claim.value))


def test_a_question_an_faq_answers_with_a_denial_makes_no_claim() -> None:
    faq = (
        "Q: I heard every Xiamen resident is enrolled automatically and cannot leave. Is that "
        "true?\nA: No. Using the Bailu score is voluntary."
    )
    found = {(c.attribute, c.value) for c in claims(faq)}
    assert ("voluntary_participation", "yes") in found
    assert ("voluntary_participation", "no") not in found
    assert ("opt_out", "no") not in found


def test_list_items_take_the_trigger_of_their_lead_in() -> None:
    text = (
        "# Xiamen's Bailu score\nBenefits include:\n"
        "- deposit-free bike rental\n- priority at counters\n"
    )
    found = {(c.attribute, c.value) for c in claims(text)}
    assert ("reward_types", ("deposit_free_services",)) in found
    assert ("reward_types", ("priority_services",)) in found


def test_what_feeds_the_score_is_not_what_the_score_brings() -> None:
    framed = claims("In Xiamen, the score loses points when a resident repays a loan late.")
    assert {c.attribute for c in framed} <= {"inputs"}
    records = claims("厦门白鹭分采集的信息包括纳税记录、受到的表彰和处罚。")
    assert "penalties" not in {c.attribute for c in records}


def test_what_a_draft_would_do_is_a_plan() -> None:
    text = (
        "Shanghai's legislature has begun deliberating a draft regulation on social credit. "
        "Anyone put on a blacklist could be barred from government funding."
    )
    assert {c.attribute for c in claims(text)} <= {"public_vote_on_inputs"}
    open_matter = (
        "Volunteers in Shanghai will get priority at service counters, though how the rewards "
        "will work has not yet been settled."
    )
    assert claims(open_matter) == []


def test_biometric_technology_needs_no_verb_beside_it() -> None:
    text = "Passports in Xinjiang now require fingerprints, DNA, a voiceprint and iris images."
    found = {v for c in claims(text) if c.attribute == "surveillance_tech" for v in c.value}
    assert {"dna_collection", "voice_recognition", "iris_scans"} <= found
    assert claims("See the cameras story on our website.", source_regions=["xiamen"]) == []


def test_items_under_a_planned_lead_in_are_plans_even_without_a_plan_word() -> None:
    """The lead-in's plan is read from the lead-in itself, not from the cues the item's own
    words leave standing (found in review: the items were read as facts)."""
    text = (
        "# Xiamen\nThis year the city intends to:\n"
        "- blacklist people who fail to repay loans\n- restrict train tickets for defaulters"
    )
    found = values(text, source_regions=("xiamen",))
    assert not [v for v in found if v[1] in ("penalties", "penalty_types")], found


def test_a_generic_word_that_only_heads_examples_gives_way_to_them() -> None:
    def inputs(text: str) -> set[object]:
        return {c.value for c in claims(text) if c.attribute == "inputs"}

    heads = "In Shenzhen, offences such as running a red light now count against one's credit."
    assert inputs(heads) == {("traffic_violations",)}
    zh = "深圳市民闯红灯、酒驾等违法行为将被记入个人信用档案。"
    assert inputs(zh) == {("traffic_violations",)}
    # Named side by side, both kinds feed the score; a list of offences is not an example of
    # the traffic police who supply it.
    both = "Shenzhen's credit score reads court judgments and traffic violations."
    assert inputs(both) == {("legal_violations", "traffic_violations")}
    supplied = (
        "Fuzhou's Moli score is based on a list of 50 offences supplied by 16 government "
        "departments, among them the traffic police."
    )
    assert inputs(supplied) == {("legal_violations", "traffic_violations")}


def test_a_negation_inside_a_relative_clause_leaves_the_main_verb_alone() -> None:
    text = "In Xinjiang, people who uninstall the app or never install it can be detained."
    assert ("xinjiang", "penalties", "yes") in values(text)
    assert ("xiamen", "penalties", "no") in values("Xiamen does not punish people who default.")


def test_a_rule_made_under_a_national_outline_is_still_the_citys() -> None:
    text = (
        "Article 1 The Shenzhen measures are made, on the basis of the State Council's planning "
        "outline, to establish a mechanism of credit rewards and punishments."
    )
    assert {("shenzhen", "rewards", "yes"), ("shenzhen", "penalties", "yes")} <= values(text)
    national = "The State Council set up a mechanism of credit rewards and punishments."
    assert values(national, source_regions=("shenzhen",)) == set()


def test_detention_counts_as_a_penalty_only_where_a_data_system_picks_people_out() -> None:
    flagged = "In Xinjiang, the platform picks out residents who are then sent to political camps."
    assert ("xinjiang", "penalties", "yes") in values(flagged)
    threat = "在新疆，一名店主没有理会检查，被威胁要送进教育转化营。"
    assert ("xinjiang", "penalties", "yes") not in values(threat)


def test_a_list_term_gives_way_to_a_more_specific_one_stated_elsewhere() -> None:
    text = (
        "Honest Shanghai may bring its users discounts. "
        "A good rating earns rewards such as cheaper airline tickets."
    )
    found = {c.value for c in claims(text) if c.attribute == "reward_types"}
    assert found == {("discounted_air_tickets",)}
    # about another region, the general term stands
    other = "Fuzhou's score brings discounts. In Shanghai a good rating earns cheaper air tickets."
    found = {(c.region, c.value) for c in claims(other) if c.attribute == "reward_types"}
    assert found == {("fuzhou", ("discounts",)), ("shanghai", ("discounted_air_tickets",))}


@pytest.mark.parametrize(
    "sentence",
    [
        "In China, people with low scores are banned from flights.",
        "China's courts put defaulters on a list that bars them from flights.",
        "Elsewhere in China, blacklisted people cannot fly.",
        "Social credit systems typically punish defaulters by restricting their travel.",
        "社会信用体系通过限制高消费惩戒失信者。",
    ],
)
def test_a_statement_about_china_or_such_systems_in_general_is_not_the_headings_city(
    sentence: str,
) -> None:
    text = f"# Xiamen's Bailu score\n{sentence}"
    assert {c for c in values(text) if c[1] != "system_names"} == set()


def test_a_city_that_is_first_in_china_keeps_its_claims() -> None:
    text = (
        "# Shenzhen widens its credit net\n"
        "The city was the first in China to set up a credit database. "
        "So far 56,210 residents have been blacklisted."
    )
    assert ("shenzhen", "penalty_types", ("blacklist",)) in values(text)
    assert ("xiamen", "rewards", "yes") in values("In China's Xiamen, high scorers get discounts.")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The score carries no penalties, unlike the blacklists run by the courts, which bar "
            "debtors from flights.",
            {("xiamen", "penalties", "no")},
        ),
        ("The score is separate from the blacklist, which restricts travel.", set()),
        ("Blacklists run by courts bar debtors from flights and trains.", set()),
        ("Debtors who ignore court orders can be barred from buying plane tickets.", set()),
        ("The score rewards people, which brings discounts.", {("xiamen", "rewards", "yes")}),
    ],
)
def test_what_is_set_apart_from_the_citys_score_is_not_the_city_s(
    sentence: str, expected: set[tuple[str, str, str]]
) -> None:
    text = f"Xiamen launched the Bailu score in 2018. {sentence}"
    found = {c for c in values(text) if c[1] in ("penalties", "rewards", "penalty_types")}
    assert found == expected


@pytest.mark.parametrize(
    ("sentence", "penalised"),
    [
        ("Smoking is banned in public places.", False),
        ("Access to the data is restricted to authorised staff.", False),
        ("Companies that break the law are punished under the criminal code.", False),
        ("Drivers with low scores are barred from buying flights.", True),
        # a fine for the offence itself is the law's (docs/attributes.md)
        ("Jaywalkers caught by the cameras are fined on the spot.", False),
        ("People whose credit score falls below 400 are fined.", True),
    ],
)
def test_a_ban_is_a_penalty_of_the_system_only_where_the_system_is_spoken_of(
    sentence: str, penalised: bool
) -> None:
    found = ("shenzhen", "penalties", "yes") in values(f"# Shenzhen\n{sentence}")
    assert found is penalised


def test_a_region_named_only_in_a_relative_clause_of_another_place_is_an_aside() -> None:
    text = (
        "Suzhou, which borders Shanghai, trialled a score. "
        "Its system gathers data on education and social security payments."
    )
    assert {c for c in values(text) if c[1] == "inputs"} == set()


def test_volunteer_hours_and_late_rentals_are_inputs_only_where_credit_is_spoken_of() -> None:
    def inputs(text: str) -> set[object]:
        return {c.value for c in claims(text) if c.attribute == "inputs"}

    assert inputs("In Shanghai every volunteer has a profile that logs hours worked.") == set()
    assert inputs("在福州，租借物品逾期不还，会被商家拒绝再借。") == set()
    assert inputs("In Shanghai, volunteering raises a person's credit score.") == {
        ("volunteering",)
    }
    assert inputs("在福州，信用卡逾期会影响茉莉分。") == {("overdue_loans",)}


def test_a_lead_in_heading_keeps_the_title_above_it_in_view() -> None:
    text = (
        "# Shenzhen credit rules for residents\n"
        "The city keeps a credit file on every registered resident.\n"
        "Penalties for seriously dishonest residents:\n"
        "- a fine set by the seriousness of the breach"
    )
    assert ("shenzhen", "penalty_types", ("fines",)) in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "In Shenzhen, dishonest enterprises are barred from bidding for government projects.",
        "Shenzhen's corporate credit system rewards trustworthy firms with fewer inspections.",
        "深圳对守信企业给予激励，对失信企业实施惩戒。",
        # a page about firms throughout: any firm named is one scored
        "# Shenzhen enterprise credit rating\nEach firm that defaults is blacklisted.",
    ],
)
def test_a_measure_for_companies_alone_gives_no_claim(text: str) -> None:
    assert {c for c in values(text) if c[1] != "system_names"} == set()


@pytest.mark.parametrize(
    "text",
    [
        "In Shenzhen, dishonest enterprises and their legal representatives are blacklisted.",
        "深圳对失信企业和个人实施惩戒，列入黑名单。",
        "深圳对失信主体实施惩戒，列入黑名单。",  # dishonest entities: firms and people alike
    ],
)
def test_a_measure_that_reaches_people_keeps_its_claims(text: str) -> None:
    assert ("shenzhen", "penalties", "yes") in values(text)


def test_a_page_about_firms_keeps_what_its_platform_holds() -> None:
    text = (
        "Shenzhen rates 4.4 million market entities through 63 core indicators. "
        "Behind it, the city's platform collects records from 73 government departments. "
        "Dishonest firms are barred from tenders."
    )
    found = values(text)
    assert ("shenzhen", "input_entity_count", "73") in found
    assert ("shenzhen", "government_data", "yes") in found
    assert not {c for c in found if c[1] in ("penalties", "penalty_types", "input_item_count")}


def test_traditional_chinese_is_read_as_simplified_and_quoted_as_written() -> None:
    text = (
        "烏魯木齊的客運站啟用人臉識別，旅客須通過人臉比對才能進站。"
        "這個系統由公安機關開發，他們說這樣可以節省時間。"
    )
    found = claims(text)
    faces = [c for c in found if c.attribute == "surveillance_tech"]
    assert [(c.region, c.value) for c in faces] == [("xinjiang", ("facial_recognition",))]
    assert faces[0].evidence.quote.startswith("烏魯木齊的客運站啟用人臉識別")
    assert text[faces[0].evidence.start : faces[0].evidence.end] == faces[0].evidence.quote


def test_simplified_text_is_left_as_it_is() -> None:
    from extract.han import simplified

    plain = "厦门的白鹭分效果显著，著名的例子是免押金借书。"
    assert simplified(plain) is plain
    mixed = "这是简体文本，只引用了一个詞。"  # one traditional character is no traditional text
    assert simplified(mixed) is mixed
    traditional = "這個城市的個人信用分們會為市民帶來便利。"
    assert simplified(traditional) == "这个城市的个人信用分们会为市民带来便利。"
    assert len(simplified(traditional)) == len(traditional)


def test_a_sentence_naming_a_companys_own_score_is_about_that_product() -> None:
    product = (
        "Students at a Shanghai university can borrow umbrellas without a deposit, "
        "a service run by Zhima Credit."
    )
    assert not any(c.attribute in ("rewards", "reward_types") for c in claims(product))
    contrast = (
        "Unlike Zhima Credit, Shanghai's own app lets good scorers rent bikes without a deposit."
    )
    assert ("shanghai", "rewards", "yes") in values(contrast)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In Shanghai, people living in Qingpu can report illegal activity and quarrels "
            "between neighbours through a mobile app.",
            ("shanghai", "informants", "yes"),
        ),
        (
            "深圳市民可以通过公众号随手拍，举报城市管理问题，按类型领取奖励：\n"
            "- 乱贴小广告：每宗50元",
            ("shenzhen", "informant_rewards", ("cash_rewards",)),
        ),
        (
            "In Xuhui, Shanghai, patients who leave without paying lose the pay-later option.",
            ("shanghai", "penalties", "yes"),
        ),
        (
            "厦门信用就医逾期不还的，暂停其全部白鹭分惠民场景。",
            ("xiamen", "penalties", "yes"),
        ),
        (
            "Honest Shanghai is an app that people use of their own accord.",
            ("shanghai", "voluntary_participation", "yes"),
        ),
        # from the blind batch d28
        (
            "In Xiamen, anyone who misses the deadline is treated as overdue: the service is "
            "stopped and the overdue record is kept.",
            ("xiamen", "penalties", "yes"),
        ),
        (
            "In Xinjiang, what the app finds on a phone can be grounds for holding a person "
            "in a camp.",
            ("xinjiang", "penalties", "yes"),
        ),
        (
            "In Xinjiang, every Uyghur must now install the Clean Net Guard app.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        (
            "Villagers in Hotan must tell the police about any guest who stays the night.",
            ("xinjiang", "informants", "yes"),
        ),
        (
            "In Fuzhou, only a few residents have chosen to join the Moli scheme.",
            ("fuzhou", "voluntary_participation", "yes"),
        ),
        ("Neither Xiamen nor Fuzhou uses its score to punish.", ("xiamen", "penalties", "no")),
        ("乌鲁木齐居民都必须安装这款软件。", ("xinjiang", "voluntary_participation", "no")),
        (
            "茉莉分依据个人能力、职业、公共信用、金融信用等六个维度计算。",
            ("fuzhou", "variables_disclosed", "partial"),
        ),
        # from the blind batches d29 and d30
        (
            "Shenzhen invited the public to send comments on the draft credit regulations.",
            ("shenzhen", "public_vote_on_inputs", "yes"),
        ),
        (
            "In Xinjiang, IJOP flags anyone who departs from an algorithmically set norm.",
            ("xinjiang", "predictive_scoring", "yes"),
        ),
        (
            "深圳交警在路口配置带人脸识别功能的电子警察。",
            ("shenzhen", "surveillance_tech", ("cameras", "facial_recognition")),
        ),
        # from the blind batch d31
        (
            "In Shanghai, such a mark could hurt a landlord's chances of a bank loan.",
            ("shanghai", "penalty_types", ("loan_restrictions",)),
        ),
        (
            "In Shanghai, anyone who feels wrongly marked can apply to have the demerit removed.",
            ("shanghai", "challenge_mechanism", "yes"),
        ),
        (
            "The Shanghai Housing Management Bureau passes on to the city's personal credit "
            "records the offences of landlords.",
            ("shanghai", "government_data", "yes"),
        ),
        (
            "In Shanghai, children who refuse to visit their parents will be given a bad credit "
            "rating that affects their work.",
            ("shanghai", "penalties", "yes"),
        ),
        (
            "In Xinjiang, the authorities jailed him and his wife when they returned.",
            ("xinjiang", "penalties", "yes"),
        ),
        # from the blind batches d32 and d33
        ("新疆警察要他解锁交出手机。", ("xinjiang", "surveillance_tech", ("phone_scanning",))),
        ("新疆平台依内置参数判定每个人的威胁等级。", ("xinjiang", "predictive_scoring", "yes")),
        (
            "In Xinjiang, police made Uyghurs download the app.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        (
            "In Xinjiang, officials ordered that every vehicle carry a tracker.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        (
            "In Shenzhen, he noticed a new camera pointed at the crossing.",
            ("shenzhen", "surveillance_tech", ("cameras",)),
        ),
        # from the blind batch d34
        (
            "In Shanghai, anyone who disagrees with an entry can come to the centre and file a "
            "dispute.",
            ("shanghai", "redress_channels", ("service_window",)),
        ),
        (
            "Under the Shanghai rule it is illegal to collect anyone's nationality, religious or "
            "political beliefs or medical reports.",
            ("shanghai", "sensitive_data_prohibited", "yes"),
        ),
        (
            "The Shanghai rule obliges officials in 37 municipal government departments to help "
            "gather the information.",
            ("shanghai", "government_data", "yes"),
        ),
        (
            "Shanghai's Honest Shanghai app, voluntary for the time being, rates residents.",
            ("shanghai", "voluntary_participation", "yes"),
        ),
        (
            "茉莉分把个人能力、职业、公共信用、金融信用等六个维度的评分项关联起来计算。",
            ("fuzhou", "variables_disclosed", "partial"),
        ),
        # from the blind batches d36 and d37
        (
            "In Xinjiang, officials told people to install it or face up to ten days' detention.",
            ("xinjiang", "penalties", "yes"),
        ),
        (
            "In Xinjiang, not installing the app can be punished with up to ten days in prison.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        (
            "In Xinjiang the app copies users' Weibo and WeChat databases and uploads them.",
            ("xinjiang", "inputs", ("social_media",)),
        ),
        (
            "In Shenzhen, the police bureau offers money for reports of terrorist plots.",
            ("shenzhen", "informant_rewards", ("cash_rewards",)),
        ),
        (
            "In Xinjiang, shops selling phones must keep sending records of their sales to the "
            "police.",
            ("xinjiang", "private_sector_data", "yes"),
        ),
        (
            "In Xinjiang, the authorities are gathering a wide range of information from people.",
            ("xinjiang", "government_data", "yes"),
        ),
        (
            "Police in Shanghai have started posting pictures of pedestrians who cross against red "
            "lights on their official social media account.",
            ("shanghai", "public_shaming", "yes"),
        ),
        (
            "In Shanghai, staff print pictures of those caught and display them at a bus stop.",
            ("shanghai", "public_shaming", "yes"),
        ),
        (
            'In Xinjiang, police rated each resident "safe", "average" or "unsafe".',
            ("xinjiang", "predictive_scoring", "yes"),
        ),
        (
            "In Xinjiang, women were held for cyber pre-crimes.",
            ("xinjiang", "predictive_scoring", "yes"),
        ),
        (
            "In Xinjiang, Uyghurs found unsafe were taken to detention centres.",
            ("xinjiang", "penalties", "yes"),
        ),
        (
            'In Shenzhen, "electronic police" capture traffic violations without an officer.',
            ("shenzhen", "surveillance_tech", ("cameras",)),
        ),
        (
            "Shanghai police are filming and photographing busy junctions.",
            ("shanghai", "surveillance_tech", ("cameras",)),
        ),
        (
            "In Shenzhen, 174 taxi drivers have been blacklisted and barred from the trade.",
            ("shenzhen", "penalty_types", ("blacklist", "employment_restrictions")),
        ),
        ("In Karakax, 311 Uyghurs were sent to camps.", ("xinjiang", "penalties", "yes")),
        (
            "In Xinjiang, the platform is sending people into detention.",
            ("xinjiang", "penalties", "yes"),
        ),
        (
            "In Xinjiang, religious observance weighs heavily in decisions to intern Uyghurs.",
            ("xinjiang", "penalties", "yes"),
        ),
        (
            "Shenzhen's traffic police have begun building data on drivers' offences.",
            ("shenzhen", "government_data", "yes"),
        ),
        # from the blind batch d38
        (
            "In Xinjiang, the program treats many everyday, perfectly legal acts as signs of "
            "suspicious behaviour.",
            ("xinjiang", "predictive_scoring", "yes"),
        ),
        (
            "In Xinjiang, the platform sorts out unwanted elements according to the level of "
            "threat officials perceive in each person.",
            ("xinjiang", "predictive_scoring", "yes"),
        ),
        (
            "In Xinjiang, people who removed the app, or never installed it, faced up to ten "
            "days in detention.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        ("上海规定，未经本人书面授权，用人单位不能查询。", ("shanghai", "consent_required", "yes")),
        (
            "In Xinjiang, the rights group's director said that informed consent and a real "
            "choice appear to play no part in the programme, and called the compulsory banking "
            "of the population's biodata a gross breach of human rights norms.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
    ],
)
def test_wordings_from_blind_batches(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("stated", "unstated", "expected"),
    [
        # places named as examples of a general statement are what it is about
        (
            "Screens with face recognition in several Chinese cities, Xiamen among them, show "
            "people who cross on red.",
            "Screens with face recognition in several Chinese cities show people who cross on red.",
            ("xiamen", "surveillance_tech", ("facial_recognition",)),
        ),
        # held for what the watch finds (a chat, a VPN), not a court's enforcement tally
        (
            "伊犁警方因微信群聊天内容抓走了几名村民。",
            "新疆某中院集中执行行动中拘留被执行人30人。",
            ("xinjiang", "penalties", "yes"),
        ),
        # taken to a police station in Xinjiang's own places; a fare dodger in Shanghai is not
        (
            "In Kashgar, a couple was taken to the township police station after failing to "
            "register a visitor.",
            "In Shanghai, a fare dodger was taken to the police station.",
            ("xinjiang", "penalties", "yes"),
        ),
        # a passport taken away is a travel restriction; applying for one is not
        (
            "In Xinjiang, residents are punished by having their passports confiscated.",
            "In Xinjiang, residents are punished when they apply for passports.",
            ("xinjiang", "penalty_types", ("travel_restrictions",)),
        ),
        # a scholar's proposal is no right in force
        (
            "在上海，信息主体可以申请行政复议。",
            "上海一位学者主张，信息主体应当可以申请行政复议。",
            ("shanghai", "challenge_mechanism", "yes"),
        ),
        # the law's fine names its ceiling
        (
            "In Shanghai, people who dodge fares are fined and their credit record suffers.",
            "In Shanghai, people who refuse to sort their rubbish can be fined up to 200 yuan, "
            "and their credit record suffers.",
            ("shanghai", "penalty_types", ("fines",)),
        ),
        # records of rewards and punishments feed the score: inputs, not outcomes
        (
            "The Xiamen score rewards and punishes residents.",
            "The Xiamen score also takes in the reward and punishment records created under "
            "the waste-sorting rules.",
            ("xiamen", "penalties", "yes"),
        ),
        # a face that opens a turnstile is a ticket, not surveillance
        (
            "In Shenzhen, facial recognition picks out jaywalkers at the metro entrances.",
            "In Shenzhen, elderly riders pass the turnstiles by facial recognition.",
            ("shenzhen", "surveillance_tech", ("facial_recognition",)),
        ),
        # China as a whole is national
        (
            "Shenzhen opened a new subway line. The article then turns to the city itself: its "
            "network has 17,000 CCTV cameras.",
            "Shenzhen opened a new subway line. The article then turns to China as a whole: its "
            "network has 170 million CCTV cameras.",
            ("shenzhen", "surveillance_tech", ("cameras",)),
        ),
        # 电动车 is no bullet train (动车)
        (
            "深圳一名乘客坐动车逃票，被列入失信名单。",
            "深圳一名快递员骑电动车闯红灯，被列入失信名单。",
            ("shenzhen", "penalty_types", ("blacklist", "train_restrictions")),
        ),
        # legal persons' information is about firms
        (
            "上海市个人信用信息共享系统归集市民的登记和监管信息，各部门按职能提供。",
            "上海市法人信息共享系统归集企业的登记、资质和监管信息，各部门按职能提供。",
            ("shanghai", "government_data", "yes"),
        ),
        # the law's fine names its ceiling, here after "face"
        (
            "In Shenzhen, residents who break the rule face fines and a credit mark.",
            "In Shenzhen, residents who break the rule face fines of up to 5,000 yuan.",
            ("shenzhen", "penalties", "yes"),
        ),
        # a threshold within a period is no count of kinds of offence
        (
            "The Shenzhen rules list 12 offences that go into the credit record.",
            "In Shenzhen, 10 violations in two years get the offences written into the credit "
            "record.",
            ("shenzhen", "offense_count", "12"),
        ),
        # a rule that starts "from ... the following year" is a plan
        (
            "In Shanghai, listed people are refused applications to go abroad.",
            "In Shanghai, from 30 June of the following year, listed people will be refused "
            "applications to go abroad.",
            ("shanghai", "penalty_types", ("travel_restrictions",)),
        ),
        # from the blind batches d32 and d33: a plan told before a semicolon goes on after it
        (
            "深圳交警参照驾驶证的管理模式，按分值分级处罚；记满12分的纳入黑名单。",
            "深圳交警表示，将参照驾驶证的管理模式，按分值分级处罚；记满12分的纳入黑名单。",
            ("shenzhen", "penalty_types", ("blacklist",)),
        ),
        # what foreign media are said to claim, in a rebuttal, is disputed
        (
            "新疆对维吾尔人进行人脸识别。",
            "针对外媒所称新疆对维吾尔人进行人脸识别的报道，县长作出回应。",
            ("xinjiang", "surveillance_tech", ("facial_recognition",)),
        ),
        # paying only the first informant says nothing of the system's penalties
        (
            "厦门白鹭分只奖励不惩罚。",
            "厦门随手拍举报违法，只奖励最先举报的人。",
            ("xiamen", "penalties", "no"),
        ),
        # what the press has exposed is no shaming by the system
        (
            "上海把闯红灯者的照片在大屏幕上曝光。",
            "上海地沟油等行为近年屡被曝光。",
            ("shanghai", "public_shaming", "yes"),
        ),
        # borrowing books is no loan
        (
            "In Fuzhou, a bad score limits borrowing.",
            "In Fuzhou, a bad score limits borrowing books.",
            ("fuzhou", "penalty_types", ("loan_restrictions",)),
        ),
        # from the blind batch d35: a list item labelled 守信信息 names information, not rewards
        (
            "厦门对守信者给予市级表彰奖励。",
            "厦门办法把公共信用信息分成三类：\n- 守信信息：市级及以上的表彰奖励，参加志愿服务；",
            ("xiamen", "rewards", "yes"),
        ),
        # blood donation written into a civility law is no credit input
        (
            "深圳无偿献血可以加分，计入个人信用记录。",
            "深圳修订文明行为条例时，无偿献血被正式写入。",
            ("shenzhen", "inputs", ("blood_donation",)),
        ),
        # who has a score (paid into social insurance for a year) is eligibility, not input
        (
            "问：茉莉分看什么？答：缴纳社保和公积金的记录计入茉莉分。",
            "问：茉莉分覆盖哪些人？答：在福州工作并已连续一年缴纳社保和公积金的市民也包括在内。",
            ("fuzhou", "inputs", ("housing_fund", "social_insurance")),
        ),
        # a heading saying something is "to be regulated" makes its section a plan
        (
            "# How Shenzhen's jaywalkers came to be regulated\nOffenders face fines and a lower "
            "credit rating.",
            "# Shenzhen's rules on uncivilised behaviour to be regulated\nOffenders face fines "
            "and a lower credit rating.",
            ("shenzhen", "penalties", "yes"),
        ),
        # from the blind batches d36 and d37
        (
            "Trains in Shenzhen refuse blacklisted people.",
            "Trains on the Guangzhou-Shenzhen-Hong Kong Express Rail Link refuse blacklisted "
            "people.",
            ("shenzhen", "penalties", "yes"),
        ),
        (
            "# Shanghai police name and shame jaywalkers\n\nThe story.",
            "# Shanghai police to name and shame jaywalkers\n\nThe story.",
            ("shanghai", "public_shaming", "yes"),
        ),
        (
            "In Shanghai, a blacklist of people barred from delivery work is in use.",
            "In Shanghai, a blacklist of people barred from delivery work is also in the pipeline.",
            ("shanghai", "penalties", "yes"),
        ),
        (
            "Shenzhen's police brought in a three-level punishment for riders' offences.",
            "Shenzhen's police will bring in a three-level punishment for riders' offences.",
            ("shenzhen", "penalties", "yes"),
        ),
        (
            "In Xinjiang, the score draws on information from the police.",
            "In Xinjiang, his information led to the arrest of a suspect wanted by police.",
            ("xinjiang", "government_data", "yes"),
        ),
        (
            "新疆公安机关提供的信息纳入个人信用记录。",
            "乌鲁木齐市民向公安机关提供案件线索的可获奖励。",
            ("xinjiang", "government_data", "yes"),
        ),
        (
            "In Shanghai, face recognition at crossings identifies jaywalkers.",
            "In Shanghai, the app matches your face to confirm who you are.",
            ("shanghai", "surveillance_tech", ("facial_recognition",)),
        ),
        (
            "In Shanghai, people with a bad credit rating are fined.",
            "In Shanghai, people who get it wrong face heavy fines, and could also see their "
            "social credit rating lowered.",
            ("shanghai", "penalty_types", ("fines",)),
        ),
        (
            "Shanghai held a public hearing on the credit rules.",
            "After a public hearing in Shanghai the court applied the order to 20 debtors.",
            ("shanghai", "public_vote_on_inputs", "yes"),
        ),
        (
            "Shanghai's score draws on education records.",
            "In Shanghai, the police and education authorities are told to collect the "
            "information.",
            ("shanghai", "inputs", ("education",)),
        ),
        (
            "In Xinjiang, people who go abroad for too long are barred from travel.",
            "Xinjiang: Summary 1 Methodology 6 Mass Surveillance 10 The Central IJOP System 16 "
            "People Treated as Suspicious 31 Going Abroad 32 Barred from Travel 33",
            ("xinjiang", "penalties", "yes"),
        ),
        (
            "In Shanghai, the app counts 13 offences.",
            "The worst offender in Shanghai, with 13 offences, is banned.",
            ("shanghai", "offense_count", "13"),
        ),
        # from the blind batch d38
        (
            "In Shanghai, a telephone line lets residents correct errors in their records.",
            "In Shanghai, telephone lines for tip-offs have been opened, a notice issued says.",
            ("shanghai", "redress_channels", ("helpline",)),
        ),
        (
            "Shanghai expands face recognition in public places.",
            "Shanghai curbs face recognition in public places.",
            ("shanghai", "surveillance_tech", ("facial_recognition",)),
        ),
        (
            "In Xinjiang, blacklisted people's ID numbers are shown on a website.",
            "In Xinjiang, researchers compared ID numbers with those on a national website of "
            "blacklisted people.",
            ("xinjiang", "public_shaming", "yes"),
        ),
        (
            "In Xinjiang, informants are not paid.",
            "In Xinjiang, an officer said there would be no reward for such information.",
            ("xinjiang", "informants", "no"),
        ),
    ],
)
def test_stated_and_unstated_wordings_from_blind_batches(
    stated: str, unstated: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(stated)
    assert expected not in values(unstated)


def test_a_citys_name_in_a_streets_name_is_no_place() -> None:
    gazetteer = gazetteer_for(tuple(REGIONS))
    street = "Cameras now watch Nanjing Road West and 福州路."
    assert gazetteer.find(street, 0, len(street)) == []
    city = "Cameras now watch Nanjing and 福州."
    assert [m.region for m in gazetteer.find(city, 0, len(city))] == [FOREIGN, "fuzhou"]
    # a route joining places by hyphens, and where a firm is based, name no place either
    for text in (
        "The Guangzhou-Shenzhen-Hong Kong Express Rail Link opened.",
        "The Beijing-Shanghai high-speed railway carries millions.",
        "A Shenzhen-based analyst said so.",
    ):
        assert [m.region for m in gazetteer.find(text, 0, len(text))] in ([], [FOREIGN]), text
    both = "Trains between Shenzhen and Hong Kong run hourly."
    assert "shenzhen" in [m.region for m in gazetteer.find(both, 0, len(both))]


def test_examples_after_a_contrast_are_not_the_general_statements() -> None:
    text = (
        "Many Chinese cities have no penalties for low scores, while a few, including Shanghai, "
        "blacklist offenders."
    )
    found = values(text)
    assert ("shanghai", "penalty_types", ("blacklist",)) in found
    assert ("shanghai", "penalties", "no") not in found


def test_a_plan_in_a_clause_of_one_segment_does_not_carry_past_a_semicolon() -> None:
    assert ("shenzhen", "penalty_types", ("blacklist",)) in values(
        "Shenzhen plans to add cameras; offenders are blacklisted."
    )


def test_not_only_but_keeps_the_plan_around_both_halves() -> None:
    card = (
        "cards with a chip holding not only name and address but work history, education, "
        "religion, police record and medical insurance status."
    )
    stated = values(f"# Shenzhen tracks residents\nResidents get residence {card}")
    assert ("shenzhen", "inputs", ("education", "employment", "social_insurance")) in stated
    planned = values(f"# Shenzhen tracks residents\nResidents are also to get residence {card}")
    assert not {c for c in planned if c[1] == "inputs"}


def test_a_regulations_purpose_clause_states_aims() -> None:
    basis = "依据守信联合激励和失信联合惩戒指导意见,结合实际,制定本办法。"
    assert ("shenzhen", "penalties", "yes") in values(f"深圳{basis}")
    purpose = values(f"深圳市公共信用信息管理办法 第一条:为推进社会信用体系建设,{basis}")
    assert not {c for c in purpose if c[1] in ("rewards", "penalties")}


@pytest.mark.parametrize(
    ("stated", "unstated"),
    [
        # an implementing opinion issued to build the mechanisms is a plan
        (
            "克拉玛依市实行守信联合激励和失信联合惩戒。",
            "克拉玛依市印发守信联合激励和失信联合惩戒实施意见。",
        ),
        # a face checked to log in to a government app is no surveillance
        (
            "深圳市路口启用人脸识别系统抓拍行人。",
            '深圳市政府App"i深圳"可查社保，一般要身份证加人脸识别，认证后能办理政务服务。',
        ),
        # a bank's card points are no reward of the credit system
        ("上海对守信者给予优惠。", "上海银行信用卡积分可以在积分商城兑换礼品、优惠券。"),
        # what an official said a system would do, before it went live, is a plan
        (
            "In Shanghai, the system combines records of illegal activity from the courts.",
            "In Shanghai, he said the system would combine records of illegal activity "
            "from the courts.",
        ),
    ],
)
def test_wordings_from_blind_batch_d26(stated: str, unstated: str) -> None:
    assert values(stated)
    assert not values(unstated)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In Aksu, Xinjiang, informers can earn between $8 and $8,000 for tip-offs about "
            "separatist activity.",
            ("xinjiang", "informant_rewards", ("cash_rewards",)),
        ),
        (
            "In Urumqi, Xinjiang, the data doors pick up MAC addresses and IMEI numbers of "
            "people walking through.",
            ("xinjiang", "surveillance_tech", ("wifi_sniffers",)),
        ),
        (
            "In Shenzhen, a person marked as untrustworthy who corrects the conduct can apply "
            "to have their credit restored.",
            ("shenzhen", "redress_channels", ("credit_repair",)),
        ),
    ],
)
def test_wordings_from_blind_batch_d27(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("stated", "unstated"),
    [
        # a foreign government's sanctions on firms are no penalty of the system
        (
            "In Xinjiang, blacklisted residents are barred from flights.",
            "Washington is weighing sanctions on Xinjiang firms; one is already barred from "
            "US government procurement.",
        ),
        # "blacklisted" as the name of a category people are sorted into
        (
            "In Xinjiang, residents who refuse are blacklisted.",
            'In Xinjiang the compound systems sort people into categories such as "blacklisted" '
            'and "persons of interest".',
        ),
        # a draft at its first reading: what it would do is planned
        (
            "In Shanghai, those put on a blacklist are shut out of certain industries.",
            "Shanghai lawmakers gave a draft social credit regulation its first reading. "
            "Those put on a blacklist could be shut out of certain industries.",
        ),
        # what proposals would bring, after residents were asked for feedback on a draft
        (
            "In Fuzhou, riders who dodge fares are put on a blacklist.",
            "Fuzhou asked residents for feedback on a set of draft metro rules.\n"
            "The rules also ban smoking on trains. Riders who dodge fares would be put on a "
            "blacklist.",
        ),
    ],
)
def test_penalties_that_are_not_the_systems(stated: str, unstated: str) -> None:
    assert {c for c in values(stated) if c[1] == "penalties"}
    assert not {c for c in values(unstated) if c[1] == "penalties"}


def test_a_habit_that_could_cost_someone_a_loan_is_a_possible_penalty() -> None:
    text = (
        "Shenzhen now writes pedestrians' traffic offences into personal credit records; "
        "a habit of crossing on red could one day cost someone a job or a loan."
    )
    stated = ("employment_restrictions", "loan_restrictions")
    assert ("shenzhen", "penalty_types", stated) in values(text)


def test_a_sentence_ending_in_a_place_is_about_that_place() -> None:
    """A last segment such as ", in Beijing and Shanghai." names where the whole sentence is,
    whatever place the paragraph spoke of before; a place named earlier in it keeps it."""
    text = (
        "At a Shenzhen junction, jaywalkers were named and shamed. Reports said authorities had "
        "begun using gait recognition, artificial intelligence that identifies people by the "
        "way they walk, in Beijing and Shanghai."
    )
    found = values(text)
    assert ("shanghai", "surveillance_tech", ("artificial_intelligence",)) in found
    assert ("shenzhen", "surveillance_tech", ("artificial_intelligence",)) not in found
    own = (
        "At a Shenzhen junction, jaywalkers were named and shamed. In Shenzhen, authorities "
        "began using gait recognition, artificial intelligence that identifies people by the "
        "way they walk, in buses and in Shanghai."
    )
    assert ("shenzhen", "surveillance_tech", ("artificial_intelligence",)) in values(own)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a factual headline with "to": only "X to do Y" with X an authority or a place is news
        # to come
        (
            "# Shanghai police use big screens to name and shame jaywalkers\n\nThe story.",
            ("shanghai", "public_shaming", "yes"),
        ),
        (
            "# Shanghai debtors lose the right to use high-speed trains\n\nThe story.",
            ("shanghai", "penalties", "yes"),
        ),
        # curbing jaywalking with face recognition is using it; verifying identity at a
        # checkpoint is watching
        (
            "Shanghai uses facial recognition to curb jaywalking.",
            ("shanghai", "surveillance_tech", ("facial_recognition",)),
        ),
        (
            "In Xinjiang, police use facial recognition to verify their identity at every "
            "checkpoint.",
            ("xinjiang", "surveillance_tech", ("checkpoints", "facial_recognition")),
        ),
        # a trial is a pilot, not a court
        (
            "In a trial run, Shanghai sought public comments on the draft credit rules.",
            ("shanghai", "public_vote_on_inputs", "yes"),
        ),
        # "X-based" is a firm's home only before a firm
        (
            "A Xinjiang-based police platform flags people as potential threats.",
            ("xinjiang", "predictive_scoring", "yes"),
        ),
        # bodies passing data to the police are still government data
        (
            "厦门市税务部门向公安机关提供纳税人的违法信息，纳入信用记录。",
            ("xiamen", "government_data", "yes"),
        ),
        # unpaid informants are informants
        (
            "In Xiamen, the informants were paid no money for their tips.",
            ("xiamen", "informants", "yes"),
        ),
        # dates in prose are no table of contents
        (
            "Holidays in Shanghai are January 1 New Year, May 1 Labour Day and October 1 "
            "National Day, and blacklisted residents cannot buy plane tickets.",
            ("shanghai", "penalties", "yes"),
        ),
    ],
)
def test_the_days_narrow_rules_leave_ordinary_wordings_alone(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("In Shanghai, restaurants that fail to comply can be fined.", "voluntary_participation"),
        (
            "In Xinjiang, the security system raised the terror threat level after the attack.",
            "predictive_scoring",
        ),
    ],
)
def test_the_days_narrow_rules_make_no_claim_from_ordinary_wordings(
    text: str, attribute: str
) -> None:
    assert attribute not in {a for _, a, _ in values(text)}


@pytest.mark.parametrize(
    ("stated", "unstated"),
    [
        # what lands people in the camps, or a grade that means detention, is a penalty where
        # the story is about the camps; a tip that leads to an arrest elsewhere is policing
        (
            "In Xinjiang, a veil or regular prayer can land a person in one of the internment "
            "camps.",
            "In Shenzhen, a tip from a resident led to the arrest of a suspect.",
        ),
        (
            "Uyghurs in Kashgar are graded for reliability: a low grade means more visits, and "
            "perhaps detention.",
            "The state in Xinjiang put its faith in the camps.",
        ),
        (
            "In Xinjiang, using a VPN is known to have sent some Uyghurs to the camps.",
            "In Shenzhen, swearing at officers could lead to detention or criminal charges.",
        ),
    ],
)
def test_what_lands_people_in_the_camps(stated: str, unstated: str) -> None:
    assert {c for c in values(stated) if c[1] == "penalties"}
    assert not {c for c in values(unstated) if c[1] == "penalties"}


def test_a_flag_for_monitoring_is_closer_surveillance() -> None:
    text = (
        "In Xinjiang, acts that led the authorities to flag a person for monitoring, or even "
        "for detention, included praying."
    )
    assert ("xinjiang", "penalty_types", ("increased_surveillance",)) in values(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        (
            "Rights groups say Xinjiang residents must pass through many security checks in the "
            "streets.",
            "checkpoints",
        ),
        ("On the eve of Eid, police in Kashgar set up a roadblock below the hotel.", "checkpoints"),
        ("In Xinjiang, cameras that read faces and number plates blanket the region.", "cameras"),
        (
            "In Xinjiang, police sometimes take Uyghurs' phones to check that monitoring software "
            "has been installed.",
            "phone_scanning",
        ),
    ],
)
def test_surveillance_told_by_what_it_does(text: str, term: str) -> None:
    found = {c for c in values(text) if c[1] == "surveillance_tech"}
    assert any(term in value for _, _, value in found)


@pytest.mark.parametrize(
    "text",
    [
        "In Shanghai, passengers who ride the metro without paying will end up on a credit "
        "blacklist.",
        "In Shanghai, anyone who ignores a court order to visit their parents will find their "
        "credit rating marked down.",
        "In Shanghai, people caught slipping through the metro gates have their details handed "
        "to the credit-rating database.",
    ],
)
def test_an_offence_that_is_recorded_is_an_input(text: str) -> None:
    assert ("shanghai", "inputs", ("legal_violations",)) in values(text)


def test_breaking_traffic_rules_is_no_legal_violation() -> None:
    text = (
        "In Shenzhen, pedestrians who break traffic rules and refuse to pay the fine lose points "
        "on their credit score."
    )
    found = {c for c in values(text) if c[1] == "inputs"}
    assert not any("legal_violations" in value for _, _, value in found)


def test_a_headline_backing_a_blacklist_is_a_proposal() -> None:
    text = "# Hearing backs credit blacklist for Shanghai fare dodgers\n\nThe story."
    assert not {c for c in values(text) if c[1] in ("inputs", "penalty_types")}


def test_places_a_ranking_is_counted_after_are_an_aside() -> None:
    """ "Fuzhou has become the third city, after Suzhou and Suqian, ...": the next sentence is
    still about Fuzhou."""
    text = (
        "Fuzhou has become the third city in China, after Suzhou and Suqian, to offer a "
        "personal credit score. The score is calculated from the public credit information "
        "gathered on the city's public credit information platform."
    )
    assert ("fuzhou", "government_data", "yes") in values(text)


def test_chinas_surveillance_network_is_national() -> None:
    text = (
        "Shenzhen subway stations now let people over 60 enter by face. China's surveillance "
        "network counts more than 170 million CCTV cameras."
    )
    assert not {c for c in values(text) if c[1] == "surveillance_tech" and "cameras" in c[2]}


def test_what_an_identity_card_holds_is_no_input() -> None:
    card = (
        "In Shenzhen, a new ID card with a chip will hold the data of the city's inhabitants: "
        "name, employer, education and medical insurance."
    )
    score = "In Shenzhen, the credit score draws on education and medical insurance records."
    assert not {c for c in values(card) if c[1] == "inputs"}
    assert {c for c in values(score) if c[1] == "inputs"}


def test_technology_for_convenience_apps_is_no_surveillance() -> None:
    text = "深圳信用平台运用云计算、大数据分析、机器学习等技术开发便民应用。"
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


def test_scores_that_deal_only_in_incentives() -> None:
    text = (
        "Xiamen's Bailu score asks people to meet basic obligations on time: utility bills, "
        "income tax and social security contributions. The score deals only in incentives for "
        "high scorers."
    )
    found = values(text)
    assert ("xiamen", "penalties", "no") in found
    inputs = {v for r, a, v in found if a == "inputs"}
    assert any("utility_payments" in v for v in inputs)


@pytest.mark.parametrize(
    "text",
    [
        "In Xinjiang, some residents were told that attending the check-ups was not optional.",
        "In Xinjiang, Muslim families have had to invite officials into their homes.",
    ],
)
def test_participation_that_is_not_optional(text: str) -> None:
    assert ("xinjiang", "voluntary_participation", "no") in values(text)


def test_not_long_ago_negates_nothing() -> None:
    text = "Not long ago, Shanghai began showing jaywalkers' photos on public screens."
    assert ("shanghai", "public_shaming", "yes") in values(text)


def test_without_reason_negates_nothing() -> None:
    text = "In Xinjiang, police regularly stop Uyghurs without reason and scan their phones."
    found = {c for c in values(text) if c[1] == "surveillance_tech"}
    assert any("phone_scanning" in value for _, _, value in found)


@pytest.mark.parametrize(
    "text",
    [
        # a volume of data a day is no count of items
        "In Shenzhen, a traffic platform processes some 700 million data points a day.",
        # bodies that provide services are no data suppliers
        "In Shenzhen, some 11,000 organisations provide volunteer services.",
    ],
)
def test_volumes_and_service_providers_are_no_counts(text: str) -> None:
    assert not {c for c in values(text) if c[1] in ("input_item_count", "input_entity_count")}


def test_a_reward_for_turning_in_a_suspect_is_an_informant_reward() -> None:
    text = (
        "A man from Shenzhen is the first to receive a cash reward for turning in a suspicious "
        "person."
    )
    found = values(text)
    assert ("shenzhen", "informants", "yes") in found
    assert ("shenzhen", "informant_rewards", ("cash_rewards",)) in found


def test_firms_named_and_shamed_are_a_measure_for_firms() -> None:
    firms = (
        "# 福州交警曝光5家违法指数偏高的外卖企业\n\n福州交警点名曝光了5家车均违法指数较高的企业。"
    )
    people = "福州交警在路口大屏上曝光闯红灯行人的照片。"
    assert not {c for c in values(firms) if c[1] == "public_shaming"}
    assert ("fuzhou", "public_shaming", "yes") in values(people)


def test_no_queue_to_pay_is_no_priority() -> None:
    later = "白鹭分650分以上，在厦门的停车场可以先离场后缴费，不用排队付款。"
    first = "白鹭分650分以上的厦门市民到行政服务中心办事不用排队，优先办理。"
    assert not {c for c in values(later) if c[1] == "reward_types" and "priority_services" in c[2]}
    assert {c for c in values(first) if c[1] == "reward_types" and "priority_services" in c[2]}


def test_big_data_for_settling_disputes_is_no_surveillance() -> None:
    text = "乌鲁木齐市借助大数据收集、梳理各类矛盾纠纷，运用人工智能技术搭建业务系统。"
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


def test_a_fine_that_went_to_a_five_star_hotel_restricts_no_consumption() -> None:
    offender = (
        "In Shanghai, people who do not sort rubbish face a lower credit score; the first "
        "ticket went to a five-star hotel."
    )
    restricted = "In Shanghai, people on the credit blacklist cannot stay in five-star hotels."
    assert not {
        c
        for c in values(offender)
        if c[1] == "penalty_types" and "consumption_restrictions" in c[2]
    }
    assert {
        c
        for c in values(restricted)
        if c[1] == "penalty_types" and "consumption_restrictions" in c[2]
    }


def test_a_question_reported_after_a_clause_of_its_own_states_the_clause() -> None:
    reported = "研究员说，新疆当局要邻居互相举报，还会问小孩：“你爸爸有没有教你古兰经？”"
    asked = "问：新疆当局要邻居互相举报吗？"
    assert ("xinjiang", "informants", "yes") in values(reported)
    assert ("xinjiang", "informants", "yes") not in values(asked)


def test_a_category_named_not_trusted_negates_nothing() -> None:
    text = "新疆当局把人分成放心户、一般户、不放心户三类：不放心户被送进教育营。"
    assert ("xinjiang", "penalties", "no") not in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "新疆的系统把换用新SIM卡的人标为可疑，推送给公安。",
        "新疆当局借助大数据分析政治可靠程度，把人分成三类。",
    ],
)
def test_people_marked_suspicious_or_rated_for_reliability_are_predicted(text: str) -> None:
    assert ("xinjiang", "predictive_scoring", "yes") in values(text)


def test_made_to_download_monitoring_software() -> None:
    text = "报道说，新疆当局强迫维吾尔人在手机里下载监控软件。"
    found = values(text)
    assert ("xinjiang", "voluntary_participation", "no") in found
    assert any(a == "surveillance_tech" and "phone_scanning" in v for _, a, v in found)
    assert not any(a == "surveillance_tech" and "cameras" in v for _, a, v in found)


def test_what_goes_into_a_database_listed_under_its_lead_in() -> None:
    text = (
        "Xinjiang police keep a database on Muslim residents. What goes in:\n"
        "- fingerprints and scans of the iris;\n"
        "- schooling and purchases made online."
    )
    found = values(text)
    inputs = {v for _, a, v in found if a == "inputs"}
    assert any("online_shopping" in v for v in inputs)
    assert any(a == "surveillance_tech" and "iris_scans" in v for _, a, v in found)


@pytest.mark.parametrize(
    "text",
    [
        "In Xinjiang, millions of Uyghurs were locked in camps or prisons for trivial offences.",
        "In Xinjiang, Uyghurs with ties overseas are flagged for immediate arrest.",
    ],
)
def test_locked_in_camps_or_flagged_for_arrest(text: str) -> None:
    assert ("xinjiang", "penalties", "yes") in values(text)


def test_curbs_on_spending_restrict_consumption() -> None:
    text = "In Shanghai, a tarnished credit record may mean curbs on spending and on loans."
    found = {c for c in values(text) if c[1] == "penalty_types"}
    assert any("consumption_restrictions" in v for _, _, v in found)


def test_a_traffic_fine_under_the_road_law_is_the_laws() -> None:
    text = (
        "# 深圳交警刷脸抓违章，今后或与个人征信挂钩\n\n"
        "交警依据深圳道路交通安全管理条例对他罚款100元。"
    )
    assert not {c for c in values(text) if c[1] == "penalty_types" and "fines" in c[2]}


def test_what_a_published_draft_says_is_planned() -> None:
    rule = (
        "按照这份办法，单车企业一旦被列入失信名单，3年内不得在深圳新增投放；"
        "市民违规骑行、停放共享单车，也可能被拉进黑名单。"
    )
    draft = (
        "3月26日，深圳市交通运输局发布《深圳市互联网租赁自行车行业信用管理实施办法（征求意见稿）》。"
        + rule
    )
    assert {c for c in values(rule) if c[1] in ("penalties", "penalty_types")}
    assert not {c for c in values(draft) if c[1] in ("penalties", "penalty_types")}


def test_a_blacklist_published_every_month_is_shaming() -> None:
    text = "列入失信名单的用户由深圳市交通运输管理部门每月公布一次。"
    assert ("shenzhen", "public_shaming", "yes") in values(text)


def test_checkpoints_all_over_a_region_are_the_regions() -> None:
    text = "平台追踪新疆每一个人。它与遍布各地的检查站一起，构成一道看不见的围栏。"
    found = {c for c in values(text) if c[1] == "surveillance_tech"}
    assert any(r == "xinjiang" and "checkpoints" in v for r, _, v in found)


def test_a_sentence_opening_on_elsewhere_is_not_about_the_region_before() -> None:
    text = (
        "Human Rights Watch found data doors at checkpoints in Xinjiang. Elsewhere, China runs "
        "the world's largest camera network and shames jaywalkers on screens."
    )
    found = values(text)
    assert not any(a == "surveillance_tech" and "cameras" in v for _, a, v in found)
    assert ("xinjiang", "public_shaming", "yes") not in found
    inside = "In Xinjiang, as elsewhere, cameras watch the streets."
    assert any(a == "surveillance_tech" and "cameras" in v for _, a, v in values(inside))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        (
            "In Xinjiang, the police gather people's online-shopping and banking records.",
            "online_shopping",
        ),
        ("当局近几个月在新疆推行买菜刀要实名登记。", "knife_purchases"),
    ],
)
def test_records_told_with_a_hyphen_or_a_registration(text: str, term: str) -> None:
    assert any(a == "inputs" and term in v for _, a, v in values(text))


def test_bodies_that_open_accounts_to_query_the_platform_supply_nothing() -> None:
    text = "上海市公共信用信息服务平台运行以来，已有43个政府部门在平台上开通了323个查询账户。"
    assert not {c for c in values(text) if c[1] == "input_entity_count"}


def test_app_operators_face_a_measure_for_firms() -> None:
    text = (
        "In Shenzhen, app operators must stop sending orders to non-local cars by 10 April or "
        "face being blacklisted as untrustworthy."
    )
    assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}


def test_benefits_of_a_residency_card_are_no_credit_rewards() -> None:
    text = (
        "Shenzhen began issuing a smart residency card to migrant workers, which would bring "
        "benefits enjoyed by permanent residents, including free schooling for their children."
    )
    found = values(text)
    assert not {c for c in found if c[1] == "rewards"}
    assert not {c for c in found if c[1] == "inputs"}


def test_jailed_for_turning_violent_is_the_criminal_laws() -> None:
    text = (
        "Shanghai police photograph jaywalkers. A young woman was jailed for ten days: she had "
        "been fined for crossing against the light and then turned violent."
    )
    assert ("shanghai", "penalties", "yes") not in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "In Xinjiang, the geneticist says he had believed the police were working within norms "
        "that require donors' informed consent.",
        "The poster doubts that face recognition will work in Shenzhen for another ten years.",
    ],
)
def test_a_belief_given_up_or_doubted_states_nothing(text: str) -> None:
    assert not {c for c in values(text) if c[1] in ("consent_required", "surveillance_tech")}


def test_bodies_listed_as_information_sources_are_counted() -> None:
    text = (
        "深圳市公共信用信息系统已把市直机关、驻深机构、公用企业及其他组织共74家单位列为信源单位，"
        "归集情况纳入全市绩效考核。"
    )
    assert ("shenzhen", "input_entity_count", "74") in values(text)


def test_a_face_matched_to_find_a_users_records_is_an_identity_check() -> None:
    text = (
        "To join Honest Shanghai, a user types in an ID number; face-recognition software then "
        "finds the personal records the government holds on them."
    )
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


def test_a_gap_left_by_face_recognition_says_nothing_of_its_use() -> None:
    text = (
        "Police in Shanghai use gait recognition, filling a gap left by facial recognition, "
        "which needs close-up images."
    )
    found = {c for c in values(text) if c[1] == "surveillance_tech"}
    assert not any("facial_recognition" in v for _, _, v in found)


def test_what_residents_most_hope_for_is_no_fact() -> None:
    text = "调研发现，上海参加志愿服务的市民最希望得到的激励，就是把志愿服务时长计入社会信用体系。"
    assert not {c for c in values(text) if c[1] == "inputs"}


def test_items_under_a_lead_in_that_frames_a_record_are_inputs() -> None:
    text = (
        "Residents in Shanghai can look up their own records. A credit profile shows:\n"
        "- taxes left unpaid;\n"
        "- fines imposed by law-enforcement departments."
    )
    assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}


def test_a_fine_beside_a_lowered_credit_rating_is_the_laws() -> None:
    text = (
        "In Shanghai, those who ignore the rubbish rules risk stiff fines and could have their "
        "social credit rating lowered."
    )
    found = {c for c in values(text) if c[1] == "penalty_types"}
    assert not any("fines" in v for _, _, v in found)


def test_a_collection_programme_is_no_plan() -> None:
    text = "新疆当局迫使民众加入一项采集计划：要求人们扫描面部、分析声纹并提供DNA。"
    found = values(text)
    terms = {t for _, a, v in found if a == "surveillance_tech" for t in v}
    assert {"dna_collection", "voice_recognition", "facial_recognition"} <= terms
    assert ("xinjiang", "voluntary_participation", "no") in found
    plan = "上海计划明年在地铁站推出人脸识别闸机。"
    assert not {c for c in values(plan) if c[1] == "surveillance_tech"}


def test_a_leaked_database_is_no_shaming() -> None:
    text = "# 乌鲁木齐警方数据库曝光：监控细节一览\n\n警察用手持设备检查居民手机。"
    assert not {c for c in values(text) if c[1] == "public_shaming"}


def test_a_record_sent_to_a_nationwide_system_by_a_city_law_is_the_citys() -> None:
    text = (
        "《深圳经济特区文明行为促进条例》规定，两年内违规超过十次的，违规记录会写进一个全国性的"
        "个人信用记录系统，后果之一是更难申请到住房贷款。"
    )
    assert ("shenzhen", "penalties", "yes") in values(text)


def test_in_future_a_possible_consequence_is_no_plan() -> None:
    text = "不常探望父母的上海居民可能被列入黑名单，今后求职、申请贷款都可能遇到困难。"
    found = {c for c in claims(text) if c.attribute == "penalty_types"}
    assert any("loan_restrictions" in c.value and c.modality != "planned" for c in found)


def test_the_city_in_an_apposition_is_the_place_named_before_it() -> None:
    text = (
        "In Shenzhen, the city facing Hong Kong, the faces of pedestrians who cross on red come "
        "up on a giant screen."
    )
    assert ("shenzhen", "public_shaming", "yes") in values(text)


def test_sensors_placed_in_compounds_record_no_visits() -> None:
    placed = "In Shanghai, sensors are installed on streets and in residential compounds."
    visits = "In Xinjiang, entries to residential compounds are logged and fed to the platform."
    assert not {c for c in values(placed) if c[1] == "inputs"}
    assert any(a == "inputs" and "residential_compound_visits" in v for _, a, v in values(visits))


def test_ticket_gates_that_match_a_face_are_an_identity_check() -> None:
    text = (
        "In Shanghai, the automatic ticket gates of railway stations now scan each traveller's "
        "face and compare it with the photo on their ID card."
    )
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


def test_apps_residents_must_install_that_spy_on_them() -> None:
    text = (
        "In Xinjiang, people are picked through phone apps that residents are required to "
        "install and that spy on them."
    )
    assert any(a == "surveillance_tech" and "phone_scanning" in v for _, a, v in values(text))


def test_people_recorded_reading_aloud_give_voice_samples() -> None:
    text = "In Xinjiang, people who could read were recorded reading a text aloud at the office."
    assert any(a == "surveillance_tech" and "voice_recognition" in v for _, a, v in values(text))


@pytest.mark.parametrize(
    "text",
    [
        "In Shanghai, children who still refuse to meet their obligations after a court has "
        "told them to will see their credit standing suffer.",
        "In Shenzhen, firms and individuals who break the rules on rental bikes will be put on "
        "an untrustworthy list.",
    ],
)
def test_offences_against_a_court_or_a_sector_rule_are_inputs(text: str) -> None:
    assert any(a == "inputs" and "legal_violations" in v for _, a, v in values(text))


def test_members_of_the_public_encouraged_to_report_are_informants() -> None:
    asked = "In Shenzhen, members of the public are encouraged to report unlicensed taxis."
    denied = "Officials in Fuzhou said residents are not asked to report on their neighbours."
    assert ("shenzhen", "informants", "yes") in values(asked)
    assert ("fuzhou", "informants", "yes") not in values(denied)


def test_details_that_will_not_be_made_public() -> None:
    text = "In Shenzhen, violators' details caught by the face-scan system will not be made public."
    assert ("shenzhen", "public_shaming", "no") in values(text)


def test_a_video_filmed_by_a_journalist_is_no_camera() -> None:
    text = "In Xinjiang, the video was filmed by a Jordanian journalist on holiday."
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


def test_a_blood_donation_law_is_no_credit_input() -> None:
    law = "Shenzhen's district governments lead blood donation work and plan donation stations."
    credit = "In Shenzhen, blood donation is written into a person's credit record."
    assert not {c for c in values(law) if c[1] == "inputs"}
    assert any(a == "inputs" and "blood_donation" in v for _, a, v in values(credit))


def test_mobile_operators_that_became_partners_supply_private_data() -> None:
    text = (
        "In Shanghai, the two mobile operators became SCIS partners on 25 May, so that phone "
        "users' credit information can now be tracked."
    )
    assert any(a == "private_sector_data" for _, a, _ in values(text))


def test_a_home_visit_to_check_who_broke_a_rule_is_no_closer_watch() -> None:
    text = "福州警方为免误判，还会通过上门走访等方式再核实，最后录入系统处罚。"
    assert not {c for c in values(text) if c[1] == "penalty_types"}


def test_ai_for_managing_traffic_is_no_surveillance_unless_it_identifies_people() -> None:
    managing = (
        "In Shenzhen, video cloud, big data and AI are combined into one platform for managing "
        "the city's traffic."
    )
    identifying = (
        "Shanghai uses AI and face recognition to manage traffic and to identify drivers who "
        "break road rules."
    )
    assert not {c for c in values(managing) if c[1] == "surveillance_tech"}
    assert any(
        a == "surveillance_tech" and "artificial_intelligence" in v
        for _, a, v in values(identifying)
    )


@pytest.mark.parametrize(
    "text",
    [
        # a quoted term closed before the end begins no reported question
        "问：如果我欠税，厦门会把我列入“黑名单”并限制乘坐飞机吗？",
        'Q: If I miss a payment, will Xiamen put me on a "blacklist" and bar me from flights?',
        'Does Xiamen, a "model city", bar debtors from flights?',
    ],
)
def test_a_question_with_a_quoted_term_is_still_a_question(text: str) -> None:
    assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}


@pytest.mark.parametrize(
    "text",
    [
        "厦门市民可以查询信用记录。被扣分的市民将受到以下惩戒：\n- 限制乘坐飞机；\n- 列入黑名单。",
        "In Xiamen, residents who lose points face the following penalties:\n"
        "- a ban on buying plane tickets;\n- a place on the blacklist.",
    ],
)
def test_a_lead_in_naming_penalties_does_not_frame_inputs(text: str) -> None:
    assert ("xiamen", "penalties", "yes") in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "Xiamen's score only rewards volunteers, following Hangzhou, which bars debtors from "
        "flights.",
        "Shenzhen only rewards volunteers, while the city's neighbour Dongguan, which bars "
        "debtors from flights, does not.",
    ],
)
def test_another_citys_measure_after_a_comparison_stays_its_own(text: str) -> None:
    assert not {c for c in values(text) if c[1] == "penalty_types"}


def test_operators_that_supply_records_are_no_measure_for_firms() -> None:
    text = (
        "Since its 2020 revision, Xiamen's Bailu score also takes in records supplied by private "
        "companies, notably ride-hailing and bike-sharing operators, which report how users pay."
    )
    assert ("xiamen", "private_sector_data", "yes") in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "In Shanghai, residents are asked to gather evidence of taxi drivers who refuse fares "
        "and to complain through the 12345 city hotline.",
        "In Fuzhou, one resident saw a car parked in a fire lane and reported it through the app.",
    ],
)
def test_complaints_about_others_are_no_challenge_to_ones_own_record(text: str) -> None:
    assert not {c for c in values(text) if c[1] in ("challenge_mechanism", "redress_channels")}


def test_residents_who_report_badly_parked_cars_are_informants() -> None:
    text = "Fuzhou has been getting residents to report badly parked cars through an app."
    assert ("fuzhou", "informants", "yes") in values(text)


def test_an_app_people_had_to_download_that_harvests_contacts() -> None:
    text = (
        "In Xinjiang, most Uyghurs have had to download a government phone app that harvests "
        "their contact lists and text messages."
    )
    found = values(text)
    assert ("xinjiang", "voluntary_participation", "no") in found
    assert any(a == "surveillance_tech" and "phone_scanning" in v for _, a, v in found)


def test_users_who_alerted_the_police_are_informants() -> None:
    text = "In Xinjiang, other internet users had alerted the police to the postings."
    assert ("xinjiang", "informants", "yes") in values(text)


@pytest.mark.parametrize(
    "text",
    [
        # the exception in English, the term in Chinese
        "Users of Honest Shanghai sign up with their ID number, "
        "然后由人脸识别软件找到本人的政府记录。",
        # the exception in Chinese, the term in English
        "Shenzhen uses big data in its 便民服务 app so that residents can book clinics.",
    ],
)
def test_a_terms_exceptions_hold_in_either_language_of_a_mixed_sentence(text: str) -> None:
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


@pytest.mark.parametrize(
    "text",
    [
        "Shenzhen Metro wants to fit its busiest station with facial recognition cameras.",
        "Shanghai is thinking of putting owners whose dogs bite on a credit blacklist.",
        "At the Futian hub in Shenzhen, face-recognition cameras are to be fitted to the gates.",
        "If the rule is passed, Shenzhen will be the first city to punish traffic offenders "
        "through their credit rating.",
    ],
)
def test_what_an_operator_wants_or_a_city_weighs_is_a_plan(text: str) -> None:
    assert {c.modality for c in claims(text)} <= {"planned"}
    assert not values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "People in Xiamen who want to travel without a deposit need a Bailu score above 600.",
            ("xiamen", "rewards", "yes"),
        ),
        (
            "In Shanghai, the credit office is weighing records from the courts in its scores.",
            ("shanghai", "government_data", "yes"),
        ),
    ],
)
def test_what_people_want_or_what_is_weighed_in_a_score_is_no_plan(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shanghai puts owners whose dogs bite on a credit blacklist.",
        "Shanghai adds people who evade taxes to its credit blacklist.",
    ],
)
def test_a_city_that_puts_people_on_a_blacklist_penalises(text: str) -> None:
    found = values(text)
    assert ("shanghai", "penalties", "yes") in found
    assert ("shanghai", "penalty_types", ("blacklist",)) in found


def test_a_foreign_trade_blacklist_is_still_none_of_the_citys() -> None:
    assert not values("The US adds Chinese firms from Shanghai to its trade blacklist.")


def test_a_fine_paid_besides_a_credit_measure_is_the_laws() -> None:
    text = (
        "Besides paying a fine, fare evaders in Shanghai had their names put on a credit blacklist."
    )
    found = values(text)
    assert ("shanghai", "penalty_types", ("blacklist",)) in found
    assert not any(a == "penalty_types" and "fines" in v for _, a, v in found)


@pytest.mark.parametrize(
    "text",
    [
        "过去一年里，当局在新疆全区安装了4万个具备人脸识别功能的摄像头。",
        "In the past two years, the authorities in Xinjiang installed 40,000 cameras with facial "
        "recognition.",
    ],
)
def test_over_the_past_year_is_recent_not_past(text: str) -> None:
    found = claims(text)
    assert found
    assert {c.modality for c in found if c.attribute == "surveillance_tech"} == {"asserted"}


def test_in_the_past_alone_is_still_past() -> None:
    found = claims(
        "In the past, Xinjiang's authorities collected blood samples for DNA from everyone."
    )
    assert {c.modality for c in found if c.attribute == "surveillance_tech"} == {"past"}


def test_an_app_that_watches_the_phone_people_were_made_to_download() -> None:
    found = values("新疆当局强迫维吾尔人下载一款监视手机使用情况的应用。")
    assert ("xinjiang", "surveillance_tech", ("phone_scanning",)) in found
    assert ("xinjiang", "voluntary_participation", "no") in found


def test_an_app_to_look_up_ones_score_on_the_phone_scans_nothing() -> None:
    assert not values("厦门市民可以下载一款查询手机信用分的应用。")


@pytest.mark.parametrize(
    "text",
    [
        "Travellers in Shanghai who make false health declarations will be warned or fined, and "
        "will also be given a black mark in the city's social credit rating system.",
        "# 上海：逃票信息将进入个人信用系统\n新条例加大了对逃票的惩处力度。冒用他人证件乘车的，"
        "由轨交企业处50元以上500元以下罚款；使用伪造证件的，移交公安部门处理。",
    ],
)
def test_a_fine_the_rule_sets_for_the_offence_is_no_credit_penalty(text: str) -> None:
    assert not any(a == "penalty_types" and "fines" in v for _, a, v in values(text))


def test_face_recognition_to_keep_listings_genuine_is_an_identity_check() -> None:
    text = (
        "Shenzhen's measures require all lease information to be genuine, and the platform will "
        "use facial recognition to that end."
    )
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


def test_residents_photos_of_what_they_report_are_no_camera_network_and_no_reward() -> None:
    found = values("福州市民出行时看到违停车辆，拍照上传到指定平台，就可能获得奖励。")
    assert not {c for c in found if c[1] in ("surveillance_tech", "rewards")}


def test_complaints_about_a_firms_charges_are_no_informants() -> None:
    text = (
        "# 福州停车场违法收费举报平台上线\n"
        "市民遇到停车乱收费，可以通过平台投诉。市场监管局表示会对举报线索严格保密。"
    )
    assert not values(text)
    assert ("fuzhou", "informants", "yes") in values("福州鼓励市民举报违法行为。")


@pytest.mark.parametrize(
    "text",
    [
        "In Xinjiang, each family had to keep an eye on ten neighbouring households and report "
        "anything suspicious by slipping a note into a box.",
        "吐鲁番警方利用眼线确保维吾尔穆斯林在斋月期间不封斋。",
    ],
)
def test_families_set_to_watch_their_neighbours_and_police_eyes_are_informants(
    text: str,
) -> None:
    assert ("xinjiang", "informants", "yes") in values(text)


@pytest.mark.parametrize(
    "text",
    ["她在新疆画了眼线。", "In Xinjiang, shoppers should report anything unusual to the store."],
)
def test_eyeliner_and_a_shops_returns_desk_are_no_informants(text: str) -> None:
    assert not values(text)


@pytest.mark.parametrize(
    ("text", "penalised"),
    [
        ("A Uyghur woman from Xinjiang says she spent two months in one of the camps.", True),
        ("He spent a year in a re-education camp in Xinjiang.", True),
        (
            "What the children let slip in Xinjiang could be enough to send a relative to what "
            "the government calls a vocational training centre.",
            True,
        ),
        ("She spent two weeks in a summer camp in Xinjiang.", False),
    ],
)
def test_time_spent_in_the_camps_is_a_penalty(text: str, penalised: bool) -> None:
    assert (("xinjiang", "penalties", "yes") in values(text)) is penalised


def test_what_the_police_put_artificial_intelligence_to_is_surveillance() -> None:
    found = values("上海警方把人工智能用到了城市管理上。")
    assert ("shanghai", "surveillance_tech", ("artificial_intelligence",)) in found


def test_firms_marked_down_in_an_integrity_review_are_no_ones_record() -> None:
    text = (
        "# 厦门出租车企业10月诚信考核通报：242起违规被扣分\n"
        "厦门市运输事业发展中心通报了各出租汽车企业的诚信考核情况。当月共查处出租汽车违规行为"
        "242起，相关企业均按规定被扣除诚信分。"
    )
    assert not values(text)


def test_a_phone_handed_to_the_internet_security_police_is_scanned() -> None:
    text = "In Urumqi, his phone was confiscated and sent to the police internet-security unit."
    assert ("xinjiang", "surveillance_tech", ("phone_scanning",)) in values(text)


def test_a_fine_with_penalty_points_under_the_law_is_the_laws() -> None:
    text = (
        "In Fuzhou, the police system fills in the offence code, the penalty points and the fine, "
        "and the police will punish the vehicle according to law."
    )
    assert not values(text)


def test_a_firms_unpaid_power_bills_in_its_credit_record_are_no_ones_input() -> None:
    text = (
        "按照约定，逾期7天仍未缴清电费的福州企业客户信息，将记入人民银行征信系统，作为企业的重要"
        "征信记录。"
    )
    assert not {c for c in values(text) if c[1] in ("inputs", "private_sector_data")}


def test_a_bylines_place_is_where_the_reporter_files_from() -> None:
    text = (
        "# Metro pickpockets beware\nBy Li Tao in Shenzhen\n"
        "A new metro line in Guangzhou has been fitted with 4K cameras.\n"
        "The pictures are clear enough for facial recognition software to identify suspects."
    )
    assert not {c for c in values(text) if c[0] == "shenzhen"}


@pytest.mark.parametrize(
    "text",
    [
        "Shenzhen has begun letting passengers into its subway by facial recognition.",
        "深圳一家地铁运营方正在测试用人脸识别软件支付车费。",
        "深圳地铁试水刷脸乘车，乘客对着闸机刷一下脸，车费就会自动扣除。",
    ],
)
def test_riding_the_metro_by_face_is_an_identity_check(text: str) -> None:
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}


def test_what_will_soon_happen_is_a_plan_but_a_fact_before_and_stays() -> None:
    assert not values("In Shenzhen, software will soon guide the cameras to recognise faces.")
    text = (
        "In Shenzhen, 20,000 police surveillance cameras are being put up along the streets and "
        "will soon be run by advanced software."
    )
    found = claims(text)
    assert [(c.value, c.modality) for c in found if c.attribute == "surveillance_tech"] == [
        (("cameras",), "asserted")
    ]


def test_a_fine_whose_range_the_rule_sets_is_the_laws() -> None:
    text = "In Shanghai, companies that ignore the rules face fines of 50,000 to 500,000 yuan."
    assert not values(text)
    assert ("shanghai", "penalties", "yes") in values(
        "In Shanghai, people on the blacklist face fines and bans."
    )


def test_venues_on_a_blacklist_and_punishment_by_law_are_no_ones_credit_penalty() -> None:
    text = (
        "上海卫生健康部门公布控烟暗访结果：排名垫底的15家场所被列入黑名单。"
        "市民可以通过微信公众号举报违法吸烟；主管部门查实后，将依法作出处罚。"
    )
    found = values(text)
    assert ("shanghai", "informants", "yes") in found
    assert not {c for c in found if c[1] in ("penalties", "penalty_types")}


def test_an_authors_affiliation_names_no_region_the_paper_is_about() -> None:
    text = (
        "# Building the cloud platform for public security\n"
        "Xin Wang and Jie Dai - The Third Research Institute of the Ministry of Public Security, "
        "Shanghai, China\nKeywords: big data, cloud platform.\n"
        "Big data and cloud computing are now used in the public security sector."
    )
    assert not values(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shenzhen's rules forbid (5) posting, smearing, scrawling or carving on outside walls, "
        "public facilities or trees without permission.",
        "In Xiamen, shooting films or wedding photos on the metro without permission costs up to "
        "3,000 yuan.",
        # the records are the police's; preaching without a permit is what they punish
        "In Xinjiang, the records show people locked up for preaching without permission.",
        "Xinjiang's files list residents held for travelling abroad without authorisation.",
    ],
)
def test_an_act_done_without_a_permit_is_an_offence_not_missing_consent(text: str) -> None:
    assert not {c for c in values(text) if c[1] == "consent_required"}
    assert ("shenzhen", "consent_required", "no") in values(
        "Shenzhen collects residents' data without their consent."
    )
    assert ("xinjiang", "consent_required", "no") in values(
        "In Xinjiang, police scan the phones of people who travel, without their permission."
    )


def test_a_headline_on_what_is_soon_to_be_punished_is_a_plan() -> None:
    text = "# Jaywalkers under surveillance in Shenzhen soon to be punished via text messages"
    assert not {c for c in values(text) if c[1] == "penalties"}


def test_a_hotline_that_takes_reports_of_others_parking_is_no_challenge() -> None:
    text = "福州市民可以打12345市民服务热线，把违停的情况告诉接线员，由工作人员核实处理。"
    assert not {c for c in values(text) if c[1] == "challenge_mechanism"}
    assert ("fuzhou", "challenge_mechanism", "yes") in values(
        "福州市民对信用信息有异议的，可拨打12345热线提出异议。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "In Xinjiang, the platform gathers personal data through searches carried out without "
        "warrants, and through facial recognition cameras.",
        "In Xinjiang, the platform gathers data without warrants through facial recognition "
        "cameras.",
    ],
)
def test_without_negates_its_own_object_not_the_next_phrase(text: str) -> None:
    found = values(text)
    assert ("xinjiang", "surveillance_tech", ("cameras", "facial_recognition")) in found


def test_without_still_negates_the_list_it_governs() -> None:
    found = values("In Xiamen, residents can rent bikes without paying a deposit or queueing.")
    assert ("xiamen", "reward_types", ("deposit_free_services",)) in found


def test_a_province_titling_its_own_list_keeps_its_items() -> None:
    text = (
        "Examples of municipal benefits for individuals with excellent social credit:\n"
        "Fuzhou\n- discounts on road tolls and public parking\n"
        "- simpler procedures at government bureaus, where a high score stands in for a "
        "background check\n"
        "Shandong\n- city shared bikes without a deposit, and two hours of free riding\n"
        "Suqian\n- a 6 percent discount on train tickets"
    )
    found = values(text)
    assert ("fuzhou", "reward_types", ("priority_services",)) in found
    assert not any(a == "reward_types" and "deposit_free_services" in v for _, a, v in found)


def test_a_row_with_one_bar_is_a_table_row_not_a_heading() -> None:
    text = (
        "# Moli score at a glance\nItem | Detail\nNamed after | Fuzhou's city flower\n"
        "Launched | June 2018 (third city in China after Suzhou and Suqian)\n"
        "Perks | hotel stays without a deposit, cheaper entry tickets"
    )
    assert ("fuzhou", "rewards", "yes") in values(text)


def test_choosing_a_delivery_or_a_hospital_is_no_voluntary_participation() -> None:
    assert not values("新疆群众也可以根据需要自愿选择邮政速递。")
    assert not values("厦门市民就医时可自主选择医疗机构、就医场景和还款方式。")
    assert ("xiamen", "voluntary_participation", "yes") in values(
        "厦门市民可自主选择是否开通白鹭分。"
    )


def test_records_put_into_the_public_credit_platform_are_government_data() -> None:
    text = "上海图书馆自2014年10月起把读者借阅方面的信用信息纳入市公共信用信息服务平台。"
    assert ("shanghai", "government_data", "yes") in values(text)


def test_grading_residents_security_risk_is_predictive_and_unemployment_feeds_it() -> None:
    assert ("xinjiang", "predictive_scoring", "yes") in values(
        "乌鲁木齐一社区按十项条件给居民“安全风险”打分。"
    )
    text = (
        "新疆某社区的文件规定，每人起始100分，符合一类条件扣10分。十类条件包括：年龄在15至55岁之间、"
        "无业、持有护照、每日礼拜等。"
    )
    assert ("xinjiang", "inputs", ("employment",)) in values(text)
    assert not values("他在新疆无业在家。")


def test_a_courts_tip_line_makes_informants() -> None:
    assert ("xinjiang", "informants", "yes") in values("乌鲁木齐米东区法院开通24小时线索举报电话。")


def test_staff_from_departments_and_fingerprints_taken_are_no_government_data() -> None:
    assert not values("厦门市行政服务中心有来自96个政府部门的1100多名工作人员。")
    assert not values("新疆受理地公安机关当场采集人像和指纹。")
    assert ("xinjiang", "government_data", "yes") in values(
        "新疆的联合工作队上门采集指纹，同时核对户口信息。"
    )


def test_an_app_for_telling_the_police_of_suspicious_things_makes_informants() -> None:
    text = "乌鲁木齐警方开发的“百姓安全”应用供市民向警方报告可疑情况。"
    assert ("xinjiang", "informants", "yes") in values(text)


def test_a_resident_reporting_through_the_police_app_supplies_no_government_data() -> None:
    text = "一名福州居民用“福州交警”APP填好车辆信息、上传照片，完成了举报。"
    assert not {c for c in values(text) if c[1] == "government_data"}


def test_departments_told_to_help_collect_and_a_list_of_sensitive_data_made_illegal() -> None:
    found = values(
        "Shanghai's regulation obliges officials in 37 local government departments to help "
        "collect it. Gathering information on a person's nationality, religious or political "
        "beliefs or medical reports is now illegal."
    )
    assert ("shanghai", "government_data", "yes") in found
    assert ("shanghai", "sensitive_data_prohibited", "yes") in found


@pytest.mark.parametrize(
    "text",
    [
        "In Xinjiang, the authorities use the data they gather both to flag people and to detain "
        "them.",
        "Xinjiang's platform crunches CCTV footage and banking records and produces lists of "
        "people for the police to investigate.",
    ],
)
def test_data_used_to_flag_people_or_list_them_for_the_police_is_predictive(text: str) -> None:
    assert ("xinjiang", "predictive_scoring", "yes") in values(text)


def test_an_officer_flagging_people_by_hand_is_not_predictive() -> None:
    assert not values("In Xinjiang, an officer used his notebook to flag people for a visit.")


SOURCES_XS = ["shanghai", "xiamen"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence naming a university and ending in ", China." is no affiliation line
        (
            "Researchers at Fudan University say Shanghai residents are punished for low scores, "
            "China.",
            ("shanghai", "penalties", "yes"),
        ),
        # an affiliation line is cut at its end; the next line is read as usual
        (
            "Institute of Sociology, Chinese Academy of Social Sciences, Beijing 100732, China\n"
            "Abstract Xiamen residents are punished for low scores.",
            ("xiamen", "penalties", "yes"),
        ),
        # a foreign place named in a sentence does not last like a heading
        (
            "## Shandong\n\nRongcheng gives residents points.\n\nXiamen uses facial recognition "
            "cameras.\n\nIn Beijing, the police use drones.\n\nResidents are punished for low "
            "scores.",
            ("xiamen", "penalties", "yes"),
        ),
        # another place's heading lasts only to the next heading
        (
            "Xiamen uses facial recognition cameras.\n\n## Shandong\n\nRongcheng gives residents "
            "points.\n\n## Penalties\n\nResidents are punished for low scores.",
            ("xiamen", "penalties", "yes"),
        ),
        # a title and one metadata line with bars are no table
        (
            "Xiamen's new credit score | China Daily\nBy Li Tao | Updated: 2019-05-01 08:00\n\n"
            "Residents are punished for low scores.",
            ("xiamen", "penalties", "yes"),
        ),
    ],
)
def test_bylines_foreign_headings_and_rows_keep_to_their_own_lines(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in values(text, source_regions=SOURCES_XS)


@pytest.mark.parametrize(
    "text",
    [
        "Xiamen computes the score without using facial recognition.",
        "Xiamen's score is computed without looking at social media.",
    ],
)
def test_without_governs_its_own_verb_and_particle(text: str) -> None:
    assert not {c for c in values(text) if c[1] in ("surveillance_tech", "inputs")}


def test_a_negation_stays_in_its_own_conjoined_clause() -> None:
    text = (
        "In Shenzhen, offenders' details are not made public and access to the system is "
        "restricted."
    )
    assert not {c for c in values(text) if c[1] == "penalties"}
    assert ("shenzhen", "penalties", "no") in values(
        "In Shenzhen, people are not punished for low scores."
    )


def test_a_fine_a_dishonesty_rule_lists_is_the_systems_but_one_with_an_amount_is_the_laws() -> None:
    found = values("对严重失信的上海市民，可以依法处以罚款、限制乘坐飞机。")
    assert ("shanghai", "penalty_types", ("fines", "flight_restrictions")) in found
    amount = values(
        "# 上海：逃票信息将进入个人信用系统\n冒用他人证件乘车的，由轨交企业处二倍罚款。"
    )
    assert not any(a == "penalty_types" and "fines" in v for _, a, v in amount)


def test_a_ban_on_conduct_aboard_trains_is_no_restriction_on_people() -> None:
    """Banning smoking or eating on trains is a rule of conduct; being banned from trains is
    what a record brings."""
    for text in (
        "Fuzhou bans smoking on trains.",
        "Under Fuzhou's metro rules, eating or drinking on trains is banned.",
        "Fuzhou bans eating or drinking on trains.",
    ):
        assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}, text
    stated = values("In Fuzhou, blacklisted people are banned from travelling on trains.")
    assert ("fuzhou", "penalty_types", ("blacklist", "train_restrictions")) in stated


def test_railway_screens_and_staff_are_no_restriction_on_travel() -> None:
    """A railway's screens, police or staff are where a measure happens, not travel denied."""
    for text in (
        "Courts in Shanghai had used television to press defaulters, but this was the first "
        "time railway screens had been used.",
        "In Shanghai, railway police check the records of defaulters.",
    ):
        found = values(text)
        assert not {c for c in found if c[1] == "penalty_types" and "train_restrictions" in c[2]}
    lines = values("In Shanghai, blacklisted people cannot use railway lines for a year.")
    assert ("shanghai", "penalty_types", ("blacklist", "train_restrictions")) in lines


def test_a_view_the_author_pushes_back_against_makes_no_claim() -> None:
    text = (
        "The author pushes back against press reports that blame a poor social credit score "
        "whenever someone in Xiamen cannot buy a plane ticket."
    )
    assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}
    blamed = "Many outlets blame a low score when a Fuzhou resident is refused a train ticket."
    assert not {c for c in values(blamed) if c[1] in ("penalties", "penalty_types")}


def test_pushing_back_against_a_programme_is_no_dispute_of_it() -> None:
    # opposing a programme says it exists; only pushing back against what others say disputes
    text = (
        "In Shanghai, residents of one housing complex pushed back against a police programme "
        "that replaced key-card locks with facial-recognition cameras."
    )
    assert any(c[:2] == ("shanghai", "surveillance_tech") for c in values(text)), values(text)
    claim = (
        "The author pushes back against the widespread notion that a low score in Xiamen bars "
        "people from flights."
    )
    assert not {c for c in values(claim) if c[1] in ("penalties", "penalty_types")}


def test_a_mark_that_hurts_the_chances_of_a_loan_or_job_is_a_possible_penalty() -> None:
    text = (
        "In Shenzhen, such a black mark could dent a person's prospects of a mortgage or a "
        "public-sector job."
    )
    found = values(text)
    assert ("shenzhen", "penalties", "yes") in found
    types = {v for c in found if c[1] == "penalty_types" for v in c[2]}
    assert {"loan_restrictions", "employment_restrictions"} <= types
    assert claims("In Shenzhen, the storm hurt the chances of a good harvest.") == []


def test_asking_for_a_mark_to_be_taken_off_is_a_challenge() -> None:
    found = values(
        "In Shenzhen, a landlord who finds the penalty unfair can ask for the demerit to be "
        "struck off."
    )
    assert ("shenzhen", "challenge_mechanism", "yes") in found


def test_a_passport_cancelled_or_kept_by_the_police_is_a_travel_restriction() -> None:
    text = "新疆一些地方的派出所通知居民上交护照，逾期不交的，将注销其护照。"
    found = values(text)
    assert ("xinjiang", "penalty_types", ("travel_restrictions",)) in {
        (r, a, v) for r, a, v in found if a == "penalty_types"
    }


@pytest.mark.parametrize(
    "text",
    [
        "In Xinjiang the police platform pools a vast amount of personal data on every resident.",
        "新疆警方使用一个海量收集、分析数据的平台，对居民逐一排查。",
    ],
)
def test_pooling_vast_amounts_of_data_is_big_data(text: str) -> None:
    found = {v for c in claims(text) if c.attribute == "surveillance_tech" for v in c.value}
    assert "big_data" in found


def test_xinjiang_prefectures_by_their_full_names_are_xinjiang() -> None:
    text = "Every lorry in the Bayingolin Mongol Autonomous Prefecture must carry a GPS tracker."
    assert ("xinjiang", "surveillance_tech", ("gps_tracking",)) in values(text)
    ili = "In the Ili Kazakh Autonomous Prefecture, passport applicants must give a DNA sample."
    assert ("xinjiang", "surveillance_tech", ("dna_collection",)) in values(ili)


def test_data_on_rewards_and_punishments_feeds_the_score() -> None:
    text = (
        "The Xiamen score folds in data on rewards and punishments handed out under the "
        "city's waste-sorting law."
    )
    assert not {c for c in values(text) if c[1] in ("rewards", "penalties")}


def test_an_artificial_intelligence_company_is_no_artificial_intelligence_in_use() -> None:
    """A supplier described as an AI firm names the firm's trade (docs/attributes.md,
    "Technology as a topic"); the cameras and face matching it installs are what watch."""
    text = (
        "In Shenzhen, cameras supplied by a local artificial-intelligence company match "
        "jaywalkers' faces."
    )
    found = {v for c in claims(text) if c.attribute == "surveillance_tech" for v in c.value}
    assert "artificial_intelligence" not in found
    assert {"cameras", "facial_recognition"} <= found
    used = "In Shenzhen, artificial intelligence picks out jaywalkers from camera footage."
    assert any(
        "artificial_intelligence" in c.value
        for c in claims(used)
        if c.attribute == "surveillance_tech"
    )


@pytest.mark.parametrize(
    "text",
    [
        "A phone-cracking kit sold by Xiamen Meiya Pico Information Co Ltd went on show at a "
        "police fair in Beijing, beside face-recognition cameras.",
        "Xiamen Airlines keeps its own list of unruly passengers and bars them from its flights.",
        "厦门美亚柏科信息股份有限公司在北京展出手机取证设备和人脸识别摄像头。",
        "At a Beijing fair, police buyers looked at phone scanners made in Xiamen and "
        "face-recognition cameras.",
    ],
)
def test_a_company_named_for_a_city_or_a_product_made_there_says_nothing_of_its_system(
    text: str,
) -> None:
    assert not {c for c in claims(text) if c.region == "xiamen"}


def test_what_a_platform_collects_on_commendations_and_penalties_is_an_input() -> None:
    text = (
        "Credit Fuzhou by the numbers\n"
        "- What is collected: information items on licences, commendations and penalties, "
        "tax payment, and the lawsuits people were party to."
    )
    found = values(text, source_regions=["fuzhou"])
    assert not {c for c in found if c[1] in ("rewards", "penalties", "reward_types")}
    inputs = {v for c in found if c[1] == "inputs" for v in c[2]}
    assert {"positive_credit", "tax_records", "legal_violations"} <= inputs


def test_collecting_sensitive_data_that_is_outlawed_is_a_prohibition() -> None:
    text = (
        "Under Fuzhou's rule, recording a person's religious beliefs or medical history is "
        "outlawed."
    )
    assert ("fuzhou", "sensitive_data_prohibited", "yes") in values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "新疆警方大量收集个人资料，被收集的人往往并不知情。",
            ("xinjiang", "consent_required", "no"),
        ),
        (
            "上海一些小区门口的系统在居民毫无察觉的情况下完成信息采集。",
            ("shanghai", "consent_required", "no"),
        ),
        ("新疆居民面对盘查，没有办法提出质疑。", ("xinjiang", "challenge_mechanism", "no")),
    ],
)
def test_data_gathered_unawares_and_no_way_to_question_it(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in values(text)


def test_no_route_of_appeal_and_people_swept_into_camps() -> None:
    text = (
        'In Xinjiang, tens of thousands have been swept into "political education" camps, '
        "and there is no route of appeal."
    )
    found = values(text)
    assert ("xinjiang", "penalties", "yes") in found
    assert ("xinjiang", "challenge_mechanism", "no") in found
    held = "In Xinjiang's surveillance state, people are taken away for praying at home."
    assert ("xinjiang", "penalties", "yes") in values(held)
    assert claims("In Xinjiang, the old records were taken away for shredding.") == []


def test_another_place_naming_something_its_own_way_is_no_place_of_the_statement() -> None:
    text = (
        "The network in Xinjiang watches the Uyghurs closely. Part of what Beijing calls a "
        "counter-terrorism drive, it includes face scans that people are obliged to pass at "
        "petrol stations and Wi-Fi sniffers."
    )
    found = values(text)
    tech = {v for c in found if c[:2] == ("xinjiang", "surveillance_tech") for v in c[2]}
    assert {"facial_recognition", "wifi_sniffers"} <= tech
    assert not {c for c in found if c[1] == "inputs"}  # a scan at a petrol station records no fuel
    said = "In Xiamen, a new rule came in. Beijing says high scorers get perks."
    assert not {c for c in values(said, source_regions=["xiamen"]) if c[1] == "rewards"}
    elsewhere = "In Xinjiang, a new rule came in. In Beijing, blacklisted people cannot fly."
    assert not {c for c in values(elsewhere) if c[0] == "xinjiang" and c[1] == "penalties"}


def test_beijing_acting_as_the_government_is_no_place_and_speaks_nationally() -> None:
    # "where Beijing has built": the capital stands for the government; the next sentence is
    # still about Xinjiang (it was read as about the city of Beijing, another place)
    text = (
        "The report begins in Xinjiang, where Beijing has built a vast monitoring system. "
        "Presented as a security measure, it includes face scans at checkpoints."
    )
    tech = {v for c in values(text) if c[:2] == ("xinjiang", "surveillance_tech") for v in c[2]}
    assert {"facial_recognition", "checkpoints"} <= tech
    # as the subject of a sentence, Beijing speaks for the country, not for the page's city
    national = "Beijing has rolled out blacklists that bar debtors from flights."
    assert not {c for c in values(national, source_regions=["shanghai"]) if c[1] == "penalties"}
    # the city itself is still another place
    elsewhere = "In Xinjiang, a new rule came in. In Beijing, blacklisted people cannot fly."
    assert not {c for c in values(elsewhere) if c[0] == "xinjiang" and c[1] == "penalties"}
    police = "Police in Beijing launched blacklists that bar debtors from flights."
    assert not values(police, source_regions=["shanghai"])
    capital = "Shanghai followed the capital, where Beijing introduced blacklists for debtors."
    assert not {c for c in values(capital, source_regions=["shanghai"]) if c[1] == "penalties"}
    # after "that" as after "where", the government acts in the place the sentence names
    built = "In Xinjiang, the checkpoints that Beijing built scan every face."
    tech = ("xinjiang", "surveillance_tech", ("checkpoints", "facial_recognition"))
    assert tech in values(built)


def test_a_firms_office_in_a_city_is_no_statement_about_the_city() -> None:
    # a camera maker's sales office in Shanghai says what the firm sells, not what Shanghai does
    office = "记者联系上大华科技上海公司的一位销售经理。他说,公司的摄像头都能做人脸识别。"
    assert not {c for c in values(office) if c[0] == "shanghai"}
    branch = "该公司厦门分公司的员工说,公司的摄像头都能做人脸识别。"
    assert not {c for c in values(branch) if c[0] == "xiamen"}
    # the city's own cameras still count, and so do its firms and a government's liaison office
    city = "厦门的街头摄像头都能识别人脸。"
    assert any(c[:2] == ("xiamen", "surveillance_tech") for c in values(city))
    firms = "目前深圳公司和个人的失信信息均已纳入公共信用平台，失信者被限制乘坐飞机。"
    assert ("shenzhen", "penalties", "yes") in values(firms)
    liaison = "新疆办事处主任说，当地检查站都装有人脸识别摄像头。"
    assert any(c[:2] == ("xinjiang", "surveillance_tech") for c in values(liaison))


def test_the_uyghur_region_and_east_turkistan_are_xinjiang() -> None:
    for name in ("the Uyghur Region", "East Turkistan", "the Uighur Autonomous Region"):
        text = f"In {name}, police use face-recognition cameras at every checkpoint."
        assert any(c[:2] == ("xinjiang", "surveillance_tech") for c in values(text)), name
    # an organisation named after it is no statement about the region
    group = (
        "In Shanghai, debtors are barred from flights. The East Turkistan Islamic Movement was "
        "blamed for an attack. Debtors are also blacklisted."
    )
    found = values(group, source_regions=["shanghai"])
    assert not {c for c in found if c[0] == "xinjiang"}
    assert any(c[:2] == ("shanghai", "penalty_types") and "blacklist" in c[2] for c in found)


@pytest.mark.parametrize(
    "text",
    [
        "In Britain, police are also developing face-recognition software.",
        "Police in Tokyo and Paris use face-recognition cameras too.",
        "英国警方也在开发人脸识别软件。",
    ],
)
def test_a_statement_about_a_country_abroad_is_not_the_regions(text: str) -> None:
    found = values(f"# Shenzhen's jaywalking cameras\n{text}", source_regions=["shenzhen"])
    assert not any(c[1] == "surveillance_tech" for c in found), found


@pytest.mark.parametrize(
    "text",
    [
        "A Voice of America report says police use iris scanners at checkpoints.",
        "A report in France 24 says police use iris scanners at checkpoints.",
        "Clarke, a fellow at the Australia-China Relations Institute, says police use iris "
        "scanners at checkpoints.",
        "According to a report from Germany, police use iris scanners at checkpoints.",
        "据美国之音报道，当地警方在检查站使用虹膜扫描仪。",
        "据德国之声报道，当地警方在检查站使用虹膜扫描仪。",
        "英国《卫报》报道，当地警方在检查站使用虹膜扫描仪。",
    ],
)
def test_the_country_of_a_source_is_not_what_the_statement_is_about(text: str) -> None:
    found = values(f"# Xinjiang 新疆\n{text}", source_regions=["xinjiang"])
    assert any(c[:2] == ("xinjiang", "surveillance_tech") for c in found), found


def test_information_from_dealings_with_businesses_is_private_sector_data() -> None:
    text = (
        "Shanghai's credit bureau rules say personal credit information covers identity data "
        "and information from a person's dealings with commercial bodies."
    )
    assert ("shanghai", "private_sector_data", "yes") in values(text)


def test_a_self_service_police_kiosk_matching_faces_is_an_identity_check() -> None:
    text = "福州市长乐区的无人警亭设有身份证自助申领、自助拍照等区域，集成了人脸识别技术。"
    tech = {v for c in claims(text) if c.attribute == "surveillance_tech" for v in c.value}
    assert not {"cameras", "facial_recognition"} & tech


def test_a_family_with_no_way_of_turning_the_visitors_down_did_not_choose() -> None:
    text = (
        "In Xinjiang, cadres move into Uyghur homes and the family has no way of turning them down."
    )
    assert ("xinjiang", "voluntary_participation", "no") in values(text)
    assert claims("In Xinjiang, a visitor has no way of knowing the bus times.") == []


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("深圳市公安局与商汤科技有限公司合作，用人脸识别摄像头抓拍闯红灯行人。", "shenzhen"),
        ("上海市经信委与蚂蚁科技有限公司合作推出信用分，失信者将被列入黑名单。", "shanghai"),
        (
            "# Shenzhen Debtors Face Limited Travel\nBlacklisted people cannot buy plane tickets.",
            "shenzhen",
        ),
        ("# Shanghai\nAirlines must refuse blacklisted debtors a seat.", "shanghai"),
        (
            "Blacklisted debtors cannot take trains in Xiamen City. Airlines must refuse them too.",
            "xiamen",
        ),
        ("Xiamen Co-op members with good scores get discounts.", "xiamen"),
        ("Shenzhen Police And Tencent Holdings Roll Out Facial Recognition Cameras", "shenzhen"),
        ("Under rules made in Xiamen, blacklisted debtors cannot fly.", "xiamen"),
    ],
)
def test_a_city_beside_a_company_or_in_a_headline_is_still_the_place(
    text: str, region: str
) -> None:
    """Found in review: the company-name and 'made in' tests took ordinary mentions."""
    assert {c.region for c in claims(text)} == {region}


@pytest.mark.parametrize(
    "text",
    [
        "厦门航空公司把失信被执行人列入黑名单，禁止其乘坐航班。",
        "在深圳证券交易所上市的海康威视为新疆提供人脸识别摄像头。",
    ],
)
def test_a_chinese_company_name_right_after_the_city_names_no_place(text: str) -> None:
    assert not {c for c in claims(text) if c.region in ("xiamen", "shenzhen")}


def test_numbered_categories_of_credit_information_are_inputs() -> None:
    text = (
        "问：厦门的公共信用信息分哪几类？\n答：分三类。\n"
        "1. 基本信息：登记和资质信息；\n"
        "2. 守信信息：市级以上表彰奖励、志愿服务记录等；\n"
    )
    found = values(text, source_regions=["xiamen"])
    assert not {c for c in found if c[1] in ("rewards", "reward_types")}
    assert {v for c in found if c[1] == "inputs" for v in c[2]} >= {"positive_credit"}


def test_a_train_station_and_cameras_that_catch_offences_there() -> None:
    text = "福州火车站周边的出租车停靠点被取消后，交巡警在路口装设了4个高清视频违法自动抓拍探头。"
    found = values(text)
    assert not {c for c in found if c[1] in ("penalties", "penalty_types")}
    assert ("fuzhou", "surveillance_tech", ("cameras",)) in found


def test_machines_that_read_eyes_and_police_who_comb_through_phones() -> None:
    text = (
        "In Urumqi, police comb through smartphones for banned apps, and machines at the "
        "checks read people's ID cards, faces and their eyes."
    )
    tech = {v for c in claims(text) if c.attribute == "surveillance_tech" for v in c.value}
    assert {"phone_scanning", "iris_scans"} <= tech


def test_what_the_police_will_do_next_is_a_plan() -> None:
    text = "深圳交警表示，接下来会依托大数据平台，对闯红灯的行人发布信用报告，影响其贷款。"
    assert not {
        c for c in values(text) if c[1] in ("penalties", "penalty_types", "surveillance_tech")
    }


def test_a_pole_screen_exposing_offenders_on_the_spot_is_shaming_a_leaked_database_is_not() -> None:
    text = (
        "In Xiamen, red-light runners are photographed and their images come up on the pole's "
        "screen at once, exposing the offender there and then."
    )
    assert ("xiamen", "public_shaming", "yes") in values(text)
    leaked = "新疆警方一个数据量以百万计的数据库被曝光，显示当局对居民的监控。"
    assert not {c for c in values(leaked) if c[1] == "public_shaming"}


def test_counts_that_are_no_data_items_or_suppliers() -> None:
    news = "Credit Fuzhou's front page: the news column leads with three items on credit."
    assert not {c for c in values(news, source_regions=["fuzhou"]) if c[1] == "input_item_count"}
    joined = "厦门信用就医再添17家机构，市民凭白鹭分先看病后付费。"
    assert not {c for c in values(joined) if c[1] == "input_entity_count"}
    supplied = "厦门市公共信用信息平台已归集69个部门的信用数据。"
    assert ("xiamen", "input_entity_count", "69") in values(supplied)


def test_a_fine_beside_points_off_ones_credit_is_the_laws_fine() -> None:
    text = (
        "Under Shanghai's waste rules, anyone who does not sort faces a fine, and points taken "
        "off their personal credit."
    )
    assert not {c for c in values(text) if c[1] == "penalty_types"}


def test_police_questioning_people_is_no_checkpoint_setting_one_up_is() -> None:
    questioned = "福州民警在街头主动盘查可疑人员和车辆，配有监控系统。"
    tech = {v for c in claims(questioned) if c.attribute == "surveillance_tech" for v in c.value}
    assert "checkpoints" not in tech
    barrier = "喀什火车站出站口有几名警察设卡筛人，把少数民族旅客挑出来盘查。"
    assert ("xinjiang", "surveillance_tech", ("checkpoints",)) in values(barrier)


def test_data_processed_only_once_people_were_told_and_agreed_needs_consent() -> None:
    text = (
        "Under Shenzhen's data rules, personal data may be used only once people have been "
        "told about it and have agreed."
    )
    assert ("shenzhen", "consent_required", "yes") in values(text)


def test_a_consultation_counts_only_on_rules_about_credit_or_data() -> None:
    any_draft = "Shenzhen's district office invited local firms to comment on the draft by May."
    assert not {c for c in values(any_draft) if c[1] == "public_vote_on_inputs"}
    zh_any = "深圳市南山区公开征求意见，欢迎社会各界对停车规划提出建议。"
    assert not {c for c in values(zh_any) if c[1] == "public_vote_on_inputs"}
    credit = "Shenzhen invited residents to comment on a draft of its credit regulation."
    assert ("shenzhen", "public_vote_on_inputs", "yes") in values(credit)
    firms = "Under Shenzhen's credit rules, local businesses were invited to comment on the draft."
    assert not {c for c in values(firms) if c[1] == "public_vote_on_inputs"}
    zh_credit = "深圳市就社会信用条例草案向社会公开征求意见。"
    assert ("shenzhen", "public_vote_on_inputs", "yes") in values(zh_credit)


def test_a_service_hall_answering_questions_is_no_channel_for_redress() -> None:
    desk = "厦门市行政服务大厅设置咨询台，工作人员现场解答群众提出的问题。"
    hall = "Xiamen's credit office issued guidance on record keeping at the district service hall."
    for text in (desk, hall):
        assert not {c for c in values(text) if c[1] in ("redress_channels", "challenge_mechanism")}
    objection = "厦门市民可到行政服务大厅对信用记录提出异议。"
    assert ("xiamen", "redress_channels", ("service_window",)) in values(objection)
    counter = "Residents of Xiamen can object to their credit record at a service counter."
    assert ("xiamen", "redress_channels", ("service_window",)) in values(counter)


def test_departments_forming_a_working_group_supply_no_data() -> None:
    group = "厦门市十二个部门组成的工作专班专题调研了信用承诺制度试点。"
    team = "In Xiamen a working group of twelve departments published its report on credit files."
    for text in (group, team):
        assert not {c for c in values(text) if c[1] == "input_entity_count"}
    supplied = "厦门市信用平台归集了12个部门的信用信息。"
    assert ("xiamen", "input_entity_count", "12") in values(supplied)


def test_an_integrity_education_week_is_no_education_record() -> None:
    week = "Fuzhou's data bureau organised a training session on the integrity education week."
    assert not {c for c in values(week) if c[1] == "inputs"}
    record = "Fuzhou's credit score draws on each resident's education records."
    assert ("fuzhou", "inputs", ("education",)) in values(record)


def test_a_draft_mentioned_in_passing_makes_no_plan_of_what_follows() -> None:
    passing = (
        "Xiamen's district office held a meeting on licensing. Local firms were invited to "
        "comment on the draft by the end of the month. The street office reviewed its work.\n"
        "Circular 12 confirms that there is no penalty for a low score in Xiamen."
    )
    same_paragraph = passing.replace("\n", " ")
    for text in (passing, same_paragraph):
        assert ("xiamen", "penalties", "no") in values(text)
    # what the paragraph goes on to say would be is the draft's
    hedged = same_paragraph.replace("there is no penalty", "there would be no penalty")
    assert not {c for c in values(hedged) if c[1] == "penalties"}
    # a draft a paragraph opens with, or that a sentence is about, is what the text describes
    opening = (
        "Xiamen published a draft credit regulation for public comment.\n"
        "Anyone on the blacklist is barred from flying."
    )
    about = (
        "Xiamen held a hearing on its credit rules. Under the draft, anyone on the blacklist "
        "is barred from flying.\nAnyone on the blacklist is also barred from luxury hotels."
    )
    # a sentence about the draft after a passing mention in its paragraph widens it too
    after_passing = about.replace(
        "its credit rules. Under", "its credit rules. Firms could comment on the draft. Under"
    )
    for text in (opening, about, after_passing):
        assert not {c for c in values(text) if c[1] == "penalties"}


def test_may_now_grants_a_right_it_hedges_nothing() -> None:
    after_plan = (
        "Shenzhen's service hall set out next year's priorities for the credit files. Under "
        "notice 12, residents of Shenzhen may now opt out of the traffic credit scheme."
    )
    after_draft = after_plan.replace(
        "set out next year's priorities for the credit files",
        "held a meeting. Local firms were invited to comment on the draft by May",
    )
    for text in (after_plan, after_draft):
        found = [c for c in claims(text) if c.attribute == "opt_out"]
        assert [(c.value, c.modality) for c in found] == [("yes", "asserted")]


def test_a_bare_count_of_dimensions_discloses_nothing_named_ones_do() -> None:
    bare = "白鹭分以市民个人信用数据为依据，从五个维度建立评分模型。"
    assert not {c for c in values(bare) if c[1] == "variables_disclosed"}
    named = "白鹭分按五个维度建立评分模型——基础信息、守信正向、失信违约、信用修复、用信行为。"
    assert ("xiamen", "variables_disclosed", "partial") in values(named)


def test_a_slogan_on_a_screen_shames_no_one() -> None:
    slogan = "深圳市场开办方的LED屏上滚动播放着“文明诚信平安市场”的标语。"
    assert not {c for c in values(slogan) if c[1] == "public_shaming"}
    faces = "深圳路口的显示屏滚动播放闯红灯行人的照片。"
    assert ("shenzhen", "public_shaming", "yes") in values(faces)


def test_not_only_punished_is_no_negation() -> None:
    text = (
        "Under Jiading's credit rules, people who break them are not only punished; the "
        "violation is also recorded on official websites."
    )
    assert ("shanghai", "penalties", "no") not in values(text, source_regions=["shanghai"])


def test_an_offices_own_accounts_and_a_rail_ticket_rule_are_no_inputs() -> None:
    text = (
        "上海站对违章乘车旅客采集身份信息并报送个人征信系统，同时利用车站官方微信、微博加强宣传。"
    )
    terms = {v for c in claims(text) if c.attribute == "inputs" for v in c.value}
    assert not terms & {"social_media", "traffic_violations"}
    read = "上海市个人征信系统采集市民的交通违法记录和微博言论。"
    terms = {v for c in claims(read) if c.attribute == "inputs" for v in c.value}
    assert {"social_media", "traffic_violations"} <= terms


def test_a_fares_transfer_discount_is_no_reward() -> None:
    transfer = "厦门等城市眼下也都是刷卡才享受换乘优惠。"
    assert not {c for c in values(transfer) if c[1] == "rewards"}
    credit = "白鹭分高的厦门市民可享受乘车优惠。"
    assert ("xiamen", "rewards", "yes") in values(credit)


def test_what_may_be_affected_from_now_on_is_a_consequence_not_a_plan() -> None:
    text = "上海逃票者会留下不良记录，今后申请房贷、车贷，甚至出国，都可能受到影响。"
    found = values(text)
    assert ("shanghai", "penalties", "yes") in found
    assert ("shanghai", "penalty_types", ("loan_restrictions", "travel_restrictions")) in found
    plan = "上海今后将把逃票记录纳入征信系统。"
    assert not {c for c in values(plan) if c[1] == "inputs"}
    # a plan with its consequence after a comma is still a plan
    consequence = "上海今后要把逃票记录纳入征信系统，失信者会受到限制。"
    assert not {c for c in values(consequence) if c[1] in ("inputs", "penalties")}
    # "from now on, fare dodgers of these kinds will have their details put on record, and
    # their loans will be affected": the list of offenders is no list of consequences
    listed = (
        "上海市文明办表示，今后假冒证件、抗拒执法的逃票者，其个人信息将被纳入全市征信系统，"
        "今后贷款、就业等都会受到影响。"
    )
    assert not {c for c in values(listed) if c[1] in ("inputs", "penalties", "penalty_types")}
    # 将来 (later) and 重要 (important) in a list of consequences are no plan
    later = "深圳闯红灯者今后乘坐飞机、高铁，甚至子女将来上学，都会受到限制。"
    assert ("shenzhen", "penalties", "yes") in values(later)
    posts = "上海逃票者会留下不良记录，今后贷款、就业，以及重要岗位的录用，都会受到影响。"
    assert ("shanghai", "penalties", "yes") in values(posts)


def test_a_hedge_after_a_chinese_list_and_its_commas_governs_the_list() -> None:
    text = "上海逃票者会留下不良记录，申请房贷、车贷，甚至出国，都可能受到影响。"
    found = {(c.attribute, c.modality) for c in claims(text)}
    assert ("penalty_types", "possible") in found
    ended = "上海逃票者申请房贷受到限制；出国可能不便。"
    assert ("penalty_types", "asserted") in {(c.attribute, c.modality) for c in claims(ended)}
    # 都 opening a word (都市) sums nothing up
    city = "上海逃票者申请房贷受到限制，都市生活可能不便。"
    assert ("penalty_types", "asserted") in {(c.attribute, c.modality) for c in claims(city)}


def test_detention_on_a_page_about_xinjiang_needs_no_camp_in_every_sentence() -> None:
    page = (
        "# Leaked files on Xinjiang's policing platform\n"
        "Police in the region take their cue from a data system that uses artificial "
        "intelligence to choose entire categories of residents for detention."
    )
    assert ("xinjiang", "penalties", "yes") in values(page)
    # the same words on a page about no configured region give no claim
    elsewhere = (
        "# Leaked files on a policing platform\n"
        "Police in the region take their cue from a data system that uses artificial "
        "intelligence to choose entire categories of residents for detention."
    )
    assert not {c for c in values(elsewhere) if c[1] == "penalties"}
    # drills held in Xinjiang detain no one
    drills = "In Urumqi, anti-terror drills are held every day at the police stations."
    assert not {c for c in values(drills) if c[1] == "penalties"}
    zh = "新疆：喀什警方把一名居民带走，原因是家里来客没有报告，两人被审问了一整夜。"
    assert ("xinjiang", "penalties", "yes") in values(zh)
    court = "乌鲁木齐两级法院集中执行14次，拘传205人，拘留69人。"
    assert not {c for c in values(court) if c[1] == "penalties"}


def test_custody_and_detention_verbs_in_a_story_about_xinjiang() -> None:
    for text in (
        "Fifteen people in Xinjiang were taken into custody over online content.",
        "A Uyghur man from Karamay was picked up after audio files were found on his phone.",
        "Xinjiang authorities use the app to profile, investigate and detain Muslims.",
        "Records show Uyghurs in Xinjiang being sent to detention on flimsy grounds.",
    ):
        assert ("xinjiang", "penalties", "yes") in values(text), text
    # arrests reported by others, and relatives of detained people, are no penalty
    for text in (
        "Human Rights Watch documented mass arrests of Uyghurs in Xinjiang.",
        "In Xinjiang, the group's members were relatives of detained people.",
    ):
        assert not {c for c in values(text) if c[1] == "penalties"}, text


def test_a_fine_for_withholding_what_is_collected_is_a_penalty_type() -> None:
    text = "新疆：没有交生物特征的居民会被上报，面临罚款。"
    assert ("xinjiang", "penalty_types", ("fines",)) in values(text)
    law = "新疆：违反道路交通安全法的，处二百元罚款。"
    assert not {c for c in values(law) if c[1] == "penalty_types"}


def test_context_regions_must_be_a_list() -> None:
    raw = {"id": "en.x.y", "attribute": "penalties", "pattern": "x", "value": "yes"}
    with pytest.raises(ExtractError, match="context_regions"):
        load_rule("test.yaml", "en", {**raw, "context_regions": "xinjiang"}, {})
    with pytest.raises(ExtractError, match="context_regions"):
        load_rule("test.yaml", "en", {**raw, "context_regions": ""}, {})
    with pytest.raises(ExtractError, match="context_requires"):
        load_rule("test.yaml", "en", {**raw, "context_regions": ["xinjiang"]}, {})
    raw = {**raw, "context_requires": "camps"}
    rule = load_rule("test.yaml", "en", {**raw, "context_regions": ["xinjiang"]}, {})
    assert rule.context_regions == frozenset({"xinjiang"})


def test_the_courts_laolai_list_is_national_on_a_city_page() -> None:
    text = (
        "Shanghai is thinking of grading dog owners. A low credit score can, in extreme "
        "cases, get someone labelled a 'laolai' and barred from flights and trains."
    )
    found = {c for c in values(text) if c[0] == "shanghai" and c[1] == "penalty_types"}
    assert not found
    local = "In Shanghai, jaywalkers with a low credit score are barred from flights."
    assert ("shanghai", "penalty_types", ("flight_restrictions",)) in values(local)


def test_a_citys_national_ranking_does_not_make_what_follows_national() -> None:
    text = (
        "福州开始推行茉莉分，是全国第三个推出个人信用评分的城市。"
        "分数依托市公共信用信息平台收集的个人信息，按特定积分规则计算。"
    )
    assert ("fuzhou", "government_data", "yes") in values(text, source_regions=["fuzhou"])
    national = "全国推行信用评分。分数依托公共信用信息平台收集的个人信息计算。"
    assert not {c for c in values(national) if c[1] == "government_data"}


def test_a_score_using_government_departments_data_uses_government_data() -> None:
    text = "答：白鹭分用的是厦门市各政务部门和公共事业单位的数据，从五个方面给市民打分。"
    assert ("xiamen", "government_data", "yes") in values(text)


def test_cameras_said_to_hang_line_streets_or_number_in_the_thousands() -> None:
    for text in (
        "In Kashgar's main mosque more than a hundred cameras now hang inside the prayer hall.",
        "Police in Urumqi say the city has tens of thousands of cameras.",
        "Its feeds include CCTV cameras in every Xinjiang township.",
        "In Shanghai, infrared cameras can tell whether drivers wear seat belts.",
    ):
        found = {v for c in claims(text) if c.attribute == "surveillance_tech" for v in c.value}
        assert "cameras" in found, text
    # a camera maker is no camera network
    maker = "Shenzhen's Hikvision is one of the world's biggest makers of security cameras."
    assert not {c for c in values(maker) if c[1] == "surveillance_tech"}


def test_video_that_spots_offenders_is_a_camera() -> None:
    for text in (
        "深圳的系统先由视频发现闯红灯的行人，再识别并保存其人脸数据。",
        "深圳民警通过监控实时盯着各类交通违法。",
        "Shenzhen officers running a video patrol saw a fight outside a bar.",
    ):
        found = {v for c in claims(text) if c.attribute == "surveillance_tech" for v in c.value}
        assert "cameras" in found, text


def test_held_in_custody_or_sent_to_training_in_xinjiang_and_forced_downloads() -> None:
    text = "新疆墨玉县的名单逐一写明311人被收押的理由。"
    assert ("xinjiang", "penalties", "yes") in values(text)
    forced = "新疆：居民被迫下载这个应用，并交出身高、血型等信息。"
    assert ("xinjiang", "voluntary_participation", "no") in values(forced)
    # a visit to check a door used is not what further investigation is
    check = "新疆：不走前门而走后门出入，也可能招来警察上门核查。"
    assert not {c for c in values(check) if c[1] == "penalty_types"}
    further = "新疆：信奉伊斯兰教被视为危险信号，会招来进一步调查。"
    assert ("xinjiang", "penalty_types", ("increased_surveillance",)) in values(further)


def test_context_regions_are_tested_claim_by_claim() -> None:
    # the page's region alone (no camp, no place in the sentence) lets the rule speak ...
    text = "Police in the region choose entire categories of residents for detention."
    assert ("xinjiang", "penalties", "yes") in values(text, source_regions=["xinjiang"])
    assert not {c for c in values(text, source_regions=["shanghai"]) if c[1] == "penalties"}
    # ... for that region only: another region's claim in the same sentence still needs it
    mixed = (
        "Police in the region detain residents at will, while police in Shanghai detain "
        "people for jaywalking."
    )
    found = {c for c in values(mixed, source_regions=["xinjiang"]) if c[1] == "penalties"}
    assert found == {("xinjiang", "penalties", "yes")}


@pytest.mark.parametrize(
    "text",
    [
        "A man in Urumqi was arrested for drunk driving last week.",
        "Urumqi has held the China-Eurasia Expo every two years since 2011.",
        "In Kashgar, we were picked up after breakfast by our tour guide.",
        "Police in Xinjiang did not detain anyone.",
        "新疆：请游客离开时把垃圾带走。",
        "乌鲁木齐警方抓获一名盗窃嫌疑人，随后将其刑事拘留。",
    ],
)
def test_ordinary_events_in_xinjiang_are_no_penalty(text: str) -> None:
    assert not {c for c in values(text) if c[1] == "penalties" and c[2] == "yes"}


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("深圳：银行通过监控发现异常交易后冻结账户。", "surveillance_tech"),
        (
            "Popular majors at Shenzhen University include artificial intelligence.",
            "surveillance_tech",
        ),
        ("厦门利用政府资源推进信息化建设。", "government_data"),
        ("深圳：不参加核酸检测的，将被罚款。", "penalty_types"),
        ("上海：对不配合垃圾分类检查的单位处以罚款。", "penalty_types"),
    ],
)
def test_words_near_the_new_expressions_in_other_senses(text: str, attribute: str) -> None:
    assert not {c for c in values(text) if c[1] == attribute}


def test_a_profile_listing_residents_records_still_frames_inputs() -> None:
    text = "In Shanghai, profiles list residents' court fines and flight bans."
    assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}


def test_a_national_ministry_speaks_for_china_not_for_the_city_of_the_byline() -> None:
    text = (
        "# Credit net widens (reported from Shenzhen)\n"
        "The Ministry of Human Resources and Social Security says people who cheat to obtain "
        "benefits can be placed on a credit blacklist."
    )
    assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}
    local = (
        "# Shenzhen\nShenzhen's credit office places people who cheat to obtain benefits "
        "on a blacklist."
    )
    assert ("shenzhen", "penalty_types", ("blacklist",)) in values(local)


def test_records_of_how_people_repay_loans_are_a_loan_input() -> None:
    for text in (
        "In Shanghai the records are built up from how people repay their loans.",
        "Shanghai's credit file is built from how residents repay their bank loans.",
        "Shanghai's commercial credit records: loans and their repayment, credit-card use.",
    ):
        found = {v for c in claims(text) if c.attribute == "inputs" for v in c.value}
        assert "overdue_loans" in found, text


def test_score_points_media_exposure_and_a_payment_camera_are_no_claims() -> None:
    points = "福州：年度信用是对当年没有不良信用记录的个人给予的奖励分。"
    assert not {c for c in values(points) if c[1] == "rewards"}
    reward = "福州：茉莉分高的市民可以获得奖励和优惠。"
    assert ("fuzhou", "rewards", "yes") in values(reward)
    media = "厦门：6月8日，央视新闻曝光鼓浪屿旅游市场存在诱导消费等问题。"
    assert not {c for c in values(media) if c[1] == "public_shaming"}
    shamed = "厦门：闯红灯者的照片在路口大屏幕上曝光。"
    assert ("xiamen", "public_shaming", "yes") in values(shamed)
    pay = "At a summit in Fuzhou a reporter looked into a camera and the payment was done."
    assert not {c for c in values(pay) if c[1] == "surveillance_tech"}


@pytest.mark.parametrize(
    ("planned", "stated"),
    [
        (
            "Shanghai volunteers will get cheaper public transport, but how the rewards will "
            "work has yet to be decided.",
            "Shanghai volunteers get cheaper public transport as a reward.",
        ),
        (
            "A Shanghai police official talked of placing dog owners on a blacklist.",
            "Shanghai police place dog owners on a blacklist.",
        ),
        (
            "If the rule is passed, in Shenzhen running a red light will cost drivers points "
            "on their credit score.",
            "In Shenzhen, running a red light costs drivers points on their credit score.",
        ),
    ],
)
def test_what_is_yet_to_be_decided_talked_of_or_to_be_done_is_a_plan(
    planned: str, stated: str
) -> None:
    assert {c for c in values(stated) if c[1] != "system_names"}
    assert not {c for c in values(planned) if c[1] != "system_names"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a regulation's "are to be" is an obligation, not a plan
        (
            "Under the Shanghai regulations, dishonest persons are to be barred from buying "
            "plane tickets.",
            ("shanghai", "penalties", "yes"),
        ),
        # a matter still open after a semicolon leaves the statement before it standing
        (
            "Shanghai puts jaywalkers on a blacklist; the length of the listing has yet to be "
            "determined.",
            ("shanghai", "penalty_types", ("blacklist",)),
        ),
        # a ministry named in passing does not make a city's measure national
        (
            "Following a Ministry of Transport notice, Shanghai residents who dodge fares are "
            "put on a blacklist.",
            ("shanghai", "penalty_types", ("blacklist",)),
        ),
        # payment beside a camera network is no identity check
        (
            "In Shanghai, cameras catch drivers who evade payment of tolls.",
            ("shanghai", "surveillance_tech", ("cameras",)),
        ),
        (
            "High scorers in Shanghai get low-interest loans and their repayment can be deferred.",
            ("shanghai", "reward_types", ("preferential_loans",)),
        ),
        # a city exposing offenders through the press shames them; 奖励分两档 divides rewards
        ("厦门市通过新闻媒体曝光失信被执行人名单。", ("xiamen", "public_shaming", "yes")),
        ("厦门交警联合电视台曝光闯红灯行人的照片。", ("xiamen", "public_shaming", "yes")),
        ("福州：对守信市民给予奖励分两档实施。", ("fuzhou", "rewards", "yes")),
    ],
)
def test_the_narrowed_cues_keep_what_the_sentence_states(text: str, expected: tuple) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "上海：端午假期，本市消费者投诉热线12315共受理投诉287件。",
        "福州：12315接到投诉后调查核实，消费者不服的，还可以申诉。",
        "Under rules issued by Shanghai departments, inspectors record the owner's ID and "
        "phone number.",
    ],
)
def test_a_consumers_complaint_line_or_a_recorded_phone_number_is_no_redress(text: str) -> None:
    assert not {c for c in values(text) if c[1] in ("challenge_mechanism", "redress_channels")}


def test_a_credit_objection_line_is_still_redress() -> None:
    text = "上海市民对信用记录有异议的，可以拨打信用热线提出。"
    assert ("shanghai", "challenge_mechanism", "yes") in values(text)
    english = "Shanghai residents who find an error in their credit record can call a hotline."
    assert ("shanghai", "challenge_mechanism", "yes") in values(english)


def test_a_face_matched_to_join_an_app_is_no_surveillance() -> None:
    text = (
        "Joining Honest Shanghai is simple: a resident enters an ID number and face-matching "
        "software ties the user to the records government offices keep."
    )
    assert not {c for c in values(text) if c[1] == "surveillance_tech"}
    street = "Shanghai police use face-matching software on street cameras to find jaywalkers."
    found = {v for c in claims(street) if c.attribute == "surveillance_tech" for v in c.value}
    assert "facial_recognition" in found


def test_a_banks_service_on_the_platform_is_no_private_data() -> None:
    service = "厦门：白鹭分651分以上的，还可以选用金融机构在平台上提供的增值服务。"
    assert not {c for c in values(service) if c[1] == "private_sector_data"}
    data = "厦门：金融机构向平台报送的信用信息纳入白鹭分计算。"
    assert ("xiamen", "private_sector_data", "yes") in values(data)


def test_a_citys_other_duties_do_not_make_its_credit_system_compulsory() -> None:
    for text in (
        "Since 2011 Shanghai has required owners to have their dogs vaccinated.",
        "Since Xiamen told households to put out rubbish only at fixed times, bins overflow.",
    ):
        assert not {c for c in values(text) if c[1] == "voluntary_participation"}, text
    app = "In Shanghai, parents are obliged to install the credit app."
    assert ("shanghai", "voluntary_participation", "no") in values(app)
    # on a page about Xinjiang what people are made to do is the apparatus's
    visits = "Families have had to host officials in their homes for weeks at a time."
    assert ("xinjiang", "voluntary_participation", "no") in values(
        visits, source_regions=["xinjiang"]
    )


def test_departments_providing_services_supply_no_data() -> None:
    for text in ("厦门：相关部门提供免费停车服务。", "厦门：公安部门提供24小时服务。"):
        assert not {c for c in values(text) if c[1] == "government_data"}, text
    for text in ("厦门：各部门把逃票者信息报送征信机构。", "厦门：税务部门向平台提供纳税信息。"):
        assert ("xiamen", "government_data", "yes") in values(text), text


def test_a_correction_line_withdraws_what_it_quotes() -> None:
    text = (
        "Correction: an earlier version of this article said that each offence lowers a "
        "Shenzhen jaywalker's social credit score."
    )
    assert not {c for c in values(text) if c[1] == "inputs"}
    stated = "Each offence lowers a Shenzhen jaywalker's social credit score."
    assert ("shenzhen", "inputs", ("traffic_violations",)) in values(stated)


def test_courts_that_blacklist_defaulters_are_the_national_list() -> None:
    text = "# Courts blacklist nearly 9.6 million defaulters\nShanghai news in brief."
    found = values(text, source_regions=["shanghai"])
    assert not {c for c in found if c[1] in ("penalties", "penalty_types")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In Shanghai, every resident must register with the system by 2020.",
            ("shanghai", "voluntary_participation", "no"),
        ),
        (
            "Shanghai residents cannot refuse to join the programme.",
            ("shanghai", "voluntary_participation", "no"),
        ),
        (
            "上海：市民认为商家上报的信用记录有误的，可以提出异议。",
            ("shanghai", "challenge_mechanism", "yes"),
        ),
        (
            "上海：市民对信用记录有异议的，可拨打12345热线提出，消费纠纷请拨打12315。",
            ("shanghai", "challenge_mechanism", "yes"),
        ),
        (
            "厦门：市公安、税务等部门共享了涉及全市居民交通违法行为的数据。",
            ("xiamen", "government_data", "yes"),
        ),
        (
            "厦门：白鹭分所用数据由公安、税务、法院等部门提供。",
            ("xiamen", "government_data", "yes"),
        ),
        ("厦门：金融机构提供的个人信贷信息纳入白鹭分。", ("xiamen", "private_sector_data", "yes")),
        (
            "Shanghai residents who find an error in their credit record can call the credit "
            "hotline at phone number 12345.",
            ("shanghai", "redress_channels", ("helpline",)),
        ),
        (
            "Shanghai police use facial recognition cameras that link each resident to their "
            "police file.",
            ("shanghai", "surveillance_tech", ("cameras", "facial_recognition")),
        ),
        (
            "An earlier version of this article said the wrong year, but Shenzhen's score does "
            "draw on jaywalking records.",
            ("shenzhen", "inputs", ("traffic_violations",)),
        ),
    ],
)
def test_the_third_readings_sentences_keep_their_claims(text: str, expected: tuple) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("厦门：物业服务单位将业主的缴费信息上传至白鹭分平台。", "government_data"),
        ("厦门：公安机关提醒广大市民不要将个人信息提供给他人。", "government_data"),
        (
            "Holders of a high Bailu score in Xiamen get interest-free loans and their repayment "
            "over ten years.",
            "inputs",
        ),
        (
            "Since 2011 Shanghai police have required owners to register their dogs.",
            "voluntary_participation",
        ),
    ],
)
def test_the_third_readings_sentences_gain_no_claim(text: str, attribute: str) -> None:
    assert not {c for c in values(text) if c[1] == attribute}


def test_a_view_the_author_or_a_source_calls_inaccurate_makes_no_claim() -> None:
    """"X; the researcher calls this inaccurate" and "Scholars call such reports a myth."
    after it: X is reported in order to be rejected."""
    for text in (
        "Press reports say Xiamen residents with low scores are kept off trains; the "
        "researcher calls this inaccurate, since the bans come from court blacklists.",
        "Some outlets wrote that Fuzhou blocks people with poor scores from flights. "
        "Legal scholars call such reports a myth.",
        "Articles claimed that Shenzhen fines residents for a low score. The city's credit "
        "office dismissed the claim as groundless.",
    ):
        assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}, text
    for kept in (
        "Xiamen bars residents with low scores from trains; critics call this harsh.",
        "Xiamen bars residents with low scores from trains. Critics call this wrong.",
    ):
        assert ("xiamen", "penalties", "yes") in values(kept), kept


def test_camera_makers_and_their_market_are_no_cameras_deployed() -> None:
    """A camera maker, its share of the market or cameras sold abroad are an industry, not
    cameras a region's system watches people with."""
    for text in (
        "Hikvision, a maker of security cameras based in Hangzhou, supplies police in Xinjiang.",
        "The two largest security-camera makers in the world sell equipment to Xinjiang.",
        "Xinjiang is a big market for camera manufacturers.",
    ):
        found = values(text)
        assert not {c for c in found if c[1] == "surveillance_tech" and "cameras" in c[2]}, text
    kept = values("Police in Xinjiang have put up cameras made by Hikvision at every mosque.")
    assert any(c[1] == "surveillance_tech" and "cameras" in c[2] for c in kept)
    cheaper = "In Xinjiang, the order is far cheaper than putting up cameras."
    assert not any(c[1] == "surveillance_tech" and "cameras" in c[2] for c in values(cheaper))


def test_failing_to_pay_taxes_counts_as_tax_records() -> None:
    """"Failing to pay taxes" in what a region's credit rules count as discredited."""
    text = (
        "Under Shanghai's credit regulation, discredited behaviour includes failing to pay "
        "taxes or social insurance contributions."
    )
    found = {c for c in values(text) if c[1] == "inputs"}
    assert found
    assert all("tax_records" in c[2] for c in found), found


def test_barred_from_certain_posts_is_an_employment_restriction() -> None:
    text = "In Shanghai, people whose credit is badly damaged can be barred from certain posts."
    found = values(text)
    assert any(c[1] == "penalty_types" and "employment_restrictions" in c[2] for c in found)
    posts = "In Shenzhen, violators were punished on the strength of posts they uploaded."
    assert not any(
        c[1] == "penalty_types" and "employment_restrictions" in c[2] for c in values(posts)
    )


def test_sensitive_data_not_to_be_included_is_prohibited() -> None:
    """"X, Y and Z are not to be included" (a rule keeping sensitive data out of the score)."""
    for text in (
        "Shanghai's credit regulation says religious belief, genetic information, "
        "fingerprints, blood type and illnesses are not to be included.",
        "Under the Shenzhen rules, medical records and religious beliefs may not be included "
        "in credit files.",
    ):
        assert ("shanghai" if "Shanghai" in text else "shenzhen", "sensitive_data_prohibited",
                "yes") in values(text), text


def test_what_a_credit_system_was_set_up_to_stamp_out_is_an_input() -> None:
    """A credit system or blacklist introduced "to stamp out" conduct records that conduct;
    gates designed to curb fare evasion record nothing."""
    text = (
        "The credit system was introduced this year in Shanghai to stamp out fare-dodging on "
        "the subway and running red lights."
    )
    assert ("shanghai", "inputs", ("legal_violations", "traffic_violations")) in values(text)
    gates = "Shanghai's new metro gates were designed to curb fare evasion."
    assert not {c for c in values(gates) if c[1] == "inputs"}


def test_missed_repayments_and_repeated_defaults_are_overdue_loans() -> None:
    for text in (
        "In Xiamen, three or more defaults in a row will also weigh on the Bailu score.",
        "In Xiamen, anyone who misses a repayment sees the Bailu score fall.",
    ):
        found = {c for c in values(text) if c[1] == "inputs"}
        assert any("overdue_loans" in c[2] for c in found), text


def test_an_answer_opening_with_no_then_stating_is_no_negation_of_the_statement() -> None:
    """"Must I use it? No, joining is voluntary": "No" answers the question; what follows is
    stated as it stands."""
    text = "Must I use Shanghai's credit app?\nNo, joining is voluntary for now."
    found = values(text)
    assert ("shanghai", "voluntary_participation", "yes") in found
    assert ("shanghai", "voluntary_participation", "no") not in found
    flat = "In Shanghai there is no voluntary way out of the credit system."
    assert ("shanghai", "voluntary_participation", "yes") not in values(flat)


def test_the_idea_that_offenders_should_be_blacklisted_is_a_proposal() -> None:
    text = (
        "At the hearing, every representative applauded the idea that people who ride the "
        "Shanghai subway without paying should end up on a credit blacklist."
    )
    assert not {c for c in values(text) if c[1] in ("penalties", "penalty_types")}


def test_a_credit_system_set_up_to_put_an_end_to_conduct_and_chances_of_finding_work() -> None:
    text = (
        "That Shanghai credit system was set up this year, they explained, to put an end to "
        "fare dodging and to running red lights."
    )
    assert ("shanghai", "inputs", ("legal_violations", "traffic_violations")) in values(text)
    work = "In Shanghai, a place on the blacklist might hurt their chances of finding work."
    assert any(
        c[1] == "penalty_types" and "employment_restrictions" in c[2] for c in values(work)
    )


def test_a_foreign_government_blacklisting_a_firm_is_no_penalty_of_the_system() -> None:
    text = (
        "Two years earlier the US Commerce Department had blacklisted the firm over its "
        "surveillance work in Xinjiang."
    )
    assert not {c for c in values(text) if c[1] == "penalties"}
    own = "In Xinjiang, the authorities blacklisted people who prayed at home."
    assert ("xinjiang", "penalties", "yes") in values(own)


def test_a_civility_law_s_fines_are_no_credit_penalty() -> None:
    text = (
        "# Shenzhen's civility law: fines first, then the credit file\n"
        "Shenzhen has passed a law to promote civilised behaviour that punishes conduct from "
        "spitting and smoking to letting pets foul public places, with fines of 200 yuan."
    )
    found = values(text)
    assert not any(c[1] == "penalty_types" and "fines" in c[2] for c in found)


def test_these_scores_after_two_sentences_each_naming_a_city_are_about_both() -> None:
    text = (
        "Xiamen went first in April with the Bailu score. Fuzhou followed in June with the Moli "
        "score. These scores are computed from data that the local government collects."
    )
    found = values(text)
    assert ("xiamen", "government_data", "yes") in found
    assert ("fuzhou", "government_data", "yes") in found
    single = (
        "Xiamen went first in April with the Bailu score.\n\nFuzhou followed in June with the "
        "Moli score. These scores are computed from data that the local government collects."
    )
    assert ("xiamen", "government_data", "yes") not in values(single)
    next_paragraph = (
        "Xiamen went first in April with the Bailu score. Fuzhou followed in June with the Moli "
        "score.\n\nThese scores are computed from data that the local government collects."
    )
    assert ("xiamen", "government_data", "yes") in values(next_paragraph)
    assert ("fuzhou", "government_data", "yes") in values(next_paragraph)


def test_residents_who_send_tips_and_alert_the_police_are_informants() -> None:
    paid = "In Urumqi, people who send tips through the police app will be paid in cash."
    assert ("xinjiang", "informant_rewards", ("cash_rewards",)) in values(paid)
    alert = (
        "Urumqi police launched an app so that people can alert the police to anything they "
        "see as a danger to stability."
    )
    assert ("xinjiang", "informants", "yes") in values(alert)
    assert not values("Xinjiang police send tips to parents on road safety.")


def test_people_filmed_and_video_collected_are_cameras() -> None:
    for text in (
        "In Shenzhen, pedestrians filmed crossing illegally are named in public.",
        "At the Shenzhen crossing the system collects and uploads video and recognises faces.",
    ):
        assert any(c[1] == "surveillance_tech" and "cameras" in c[2] for c in values(text)), text


def test_losing_honesty_points_for_an_offence_makes_it_an_input() -> None:
    for text in (
        "福州闯红灯者可能被曝光，经济处罚和“诚信丢分”双管齐下。",
        "福州闯红灯会被扣信用分。",
    ):
        found = {c for c in values(text) if c[1] == "inputs"}
        assert any("traffic_violations" in c[2] for c in found), text
    assert not values("这场比赛福州队丢分较多。")


def test_an_employer_notified_of_an_offence_is_no_employment_input() -> None:
    text = "福州闯红灯者可能被曝光，也可以通报其工作单位，形成罚款与“诚信丢分”双管齐下。"
    found = {c for c in values(text) if c[1] == "inputs"}
    assert found
    assert not any("employment" in c[2] for c in found), found


def test_benefits_put_on_hold_or_access_to_them_suspended_is_a_penalty() -> None:
    for text in (
        "In Xiamen, if the money is still not returned, every Bailu-score benefit the "
        "resident enjoys is put on hold.",
        "In Xiamen, the platform suspends the person's access to every Bailu-score benefit.",
        "In Xiamen, it cuts off your access to all Bailu score benefit schemes.",
    ):
        assert ("xiamen", "penalties", "yes") in values(text), text


def test_institutions_going_live_with_a_service_are_no_data_suppliers() -> None:
    text = "厦门自9月1日起推行信用就医：年底前5家公立医疗机构上线，以门急诊为主。"
    assert not {c for c in values(text) if c[1] == "input_entity_count"}
    kept = "厦门市公共信用信息平台已归集45家单位报送的信用信息。"
    assert ("xiamen", "input_entity_count", "45") in values(kept)


def test_a_consultation_on_a_named_draft_or_inviting_comments_is_public_input() -> None:
    for text in (
        "# 自治区司法厅公开征求《新疆维吾尔自治区社会信用条例（征求意见稿）》意见",
        "新疆社会信用条例的征求意见稿已向社会公开，欢迎公众提出意见建议。",
    ):
        assert ("xinjiang", "public_vote_on_inputs", "yes") in values(text), text


def test_a_city_opening_a_firm_s_english_name_is_no_statement_about_the_city() -> None:
    """"Shanghai Huibi Information Technology": a firm's name; what the next line says is
    about the city the page is about. A Title Case headline is no firm's name."""
    text = (
        "The Xiamen health commission worked with Xiamen Yilianzhong Technology and Shanghai "
        "Huibi Information Technology to build a platform based on the Egret Score.\n"
        "Treatment first, payment later: residents scoring 650 or more can have their bills "
        "paid later."
    )
    found = values(text)
    assert not {c for c in found if c[0] == "shanghai"}, found
    assert ("xiamen", "rewards", "yes") in found
    university = "Shenzhen Technology University says Shenzhen bars defaulters from flights."
    assert any(c[0] == "shenzhen" and c[1] == "penalties" for c in values(university))
    headline = (
        "# Shanghai Police Use Data Technology To Catch Jaywalkers\n"
        "Offenders are fined and their names go on the credit blacklist."
    )
    assert any(c[0] == "shanghai" for c in values(headline))


def test_a_rumour_online_and_a_denial_after_it_make_no_claim() -> None:
    text = (
        "2017年7月，网上流传一条消息，称“深圳地铁民警一个个检查乘客手机”。"
        "深圳警方随后发表声明否认，该消息经核实为谣言。"
    )
    assert not {c for c in values(text) if c[0] == "shenzhen"}
    denied = "有帖子称深圳地铁民警检查乘客手机。深圳警方随后予以否认。"
    assert not {c for c in values(denied) if c[0] == "shenzhen"}
    kept = "深圳地铁民警检查乘客手机。深圳警方随后公布了检查结果。"
    assert any(c[0] == "shenzhen" for c in values(kept))


def test_an_online_rumour_and_a_denial_of_it_make_no_claim_in_english() -> None:
    for text in (
        "An online rumour claimed that Shenzhen metro police were checking every passenger's "
        "phone.",
        "Shenzhen metro police check passengers' phones, a viral post claimed. The police "
        "denied the rumour.",
    ):
        assert not {c for c in values(text) if c[0] == "shenzhen"}, text


def test_fare_dodging_entered_in_the_credit_system_with_adverse_effects_on_work() -> None:
    text = (
        "乘客在一个自然年内被查实三次逃票的，深圳地铁会把其逃票行为函告公共征信机构，录入个人信用"
        "信息系统，最终给他日后的工作和生活带来不利影响。"
    )
    found = values(text)
    assert ("shenzhen", "penalties", "yes") in found
    assert any(c[1] == "inputs" and "legal_violations" in c[2] for c in found)


def test_firms_in_arrears_are_no_personal_input_and_fine_totals_are_the_law_s() -> None:
    arrears = "福州企业拖欠电费的情况被纳入人民银行的征信系统数据库。"
    assert not {c for c in values(arrears) if c[1] == "inputs"}
    totals = (
        "上海垃圾分类违法信息推送信用平台：城管依法查处生活垃圾分类案件3401宗，罚款约164万元。"
    )
    assert not any(c[1] == "penalty_types" and "fines" in c[2] for c in values(totals))


def test_a_single_driving_offence_is_a_traffic_violation() -> None:
    text = "In Shanghai a serious driving offence may count against the offender's credit rating."
    assert any(c[1] == "inputs" and "traffic_violations" in c[2] for c in values(text))


def test_a_campaign_in_stages_is_a_plan_and_illegal_building_is_no_traffic_offence() -> None:
    staged = "上海整治逃票行动分三个阶段：8月10日至9月10日把逃票者信息录入征信系统。"
    assert not {c for c in values(staged) if c[1] == "inputs"}
    building = "上海要录入公共信用平台的信息里，群租、违章搭建都在列。"
    assert not any(c[1] == "inputs" and "traffic_violations" in c[2] for c in values(building))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # 网传 inside 互联网传播, 物联网传感器 is no rumour
        ("在深圳，通过互联网传播虚假信息的人将被列入失信名单，限制乘坐飞机。", "penalties"),
        ("新疆在检查站安装了物联网传感器和人脸识别摄像头。", "surveillance_tech"),
        # an objection clause after a rule is no denial of it
        (
            "厦门将失信被执行人纳入黑名单，限制其乘坐飞机。当事人否认失信行为的，可以提出异议。",
            "penalties",
        ),
        ("深圳对闯红灯行人进行曝光。深圳市网信办同时设立了辟谣平台。", "public_shaming"),
        # punishing a rumour's spreader is no rumour reported
        (
            "Shenzhen police fined a man for spreading online rumours claiming the metro was "
            "unsafe, and added him to the credit blacklist.",
            "penalties",
        ),
        (
            "Xiamen police fined a man whose viral video claimed the Bailu score was rigged and "
            "put him on the blacklist.",
            "penalties",
        ),
        # "called it a fabrication" rejects the video, not the detention
        (
            "Xinjiang police detained a man who posted a video of the camps and put him on a "
            "blacklist. Officials called it a fabrication.",
            "penalties",
        ),
        # a rationale is no proposal
        (
            "In Xiamen, the idea that trust should pay off is simple: volunteers with high Bailu "
            "scores get discounts on bike rentals.",
            "rewards",
        ),
        # a Title Case headline is no firm's name
        (
            "# Inside Xinjiang Police Data Systems\nUyghurs are tracked by cameras at every "
            "checkpoint.",
            "surveillance_tech",
        ),
        ("Xinjiang has become the biggest market for cameras, and police use them to track "
         "Uyghurs at every checkpoint.", "surveillance_tech"),
        # a progress report on a campaign in stages states what was done
        (
            "深圳交通违法整治行动按三个阶段推进，截至目前已将2万余条闯红灯记录纳入个人信用档案。",
            "inputs",
        ),
    ],
)
def test_what_the_review_of_1_115_to_1_120_showed_still_states_claims(
    text: str, wanted: str
) -> None:
    assert any(c[1] == wanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a denial with a list after it stays a denial
        ("That Xiamen system does not collect tax records, social media posts or utility bills.",
         "inputs"),
        ("Because the Bailu score does not use tax records, social media posts or utility "
         "bills, Xiamen residents trust it.", "inputs"),
        # government work, a data leak or the epidemic are no penalty
        ("个别单位数据报送不及时，对厦门社会信用体系建设工作造成不良影响。", "penalties"),
        ("深圳要求各单位严格保护个人信用信息，防止泄露给市民生活带来不利影响。", "penalties"),
        # how long records are kept is no ban on sensitive data
        ("Shanghai's credit regulation lets the platform collect income and social insurance "
         "records, and negative records may not be kept for more than five years.",
         "sensitive_data_prohibited"),
        # private people filming
        ("In Urumqi, passers-by filmed the arrest on their phones.", "surveillance_tech"),
        ("Shenzhen residents recorded video of the crackdown and shared it online.",
         "surveillance_tech"),
    ],
)
def test_what_the_review_of_1_115_to_1_120_showed_states_no_claim(
    text: str, unwanted: str
) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


def test_both_scores_after_three_cities_named_one_by_one_are_not_all_three() -> None:
    """With three cities named one by one, which two "both" means cannot be told: the
    paragraph's union is not guessed (the sentence keeps the last place named, as before)."""
    text = (
        "Xiamen launched the Bailu score in 2019. Fuzhou followed with the Moli score. Shenzhen "
        "has no personal score. Both scores reward volunteering with discounts."
    )
    rewarded = {c[0] for c in values(text) if c[1] == "rewards"}
    assert rewarded != {"xiamen", "fuzhou", "shenzhen"}


# --- extractor 1.122.0: the staged batches' leftovers (nineteenth session) ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an independent clause after ", and the ..." is no part of a plan before it
        (
            "Officials in Xinjiang intend to stay with each family for weeks, and the household "
            "has no way of turning them down.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        # police forcing people to install spyware (docs/attributes.md: "forced to install")
        (
            "In Xinjiang the feeds include apps that police order some Kazakhs to download.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        # a long place name between "every vehicle" and "must"
        (
            "Owners of every vehicle in the Bayingol Mongolian Autonomous Prefecture of the "
            "Xinjiang "
            "Uyghur Autonomous Region now have to fit a Beidou tracker.",
            ("xinjiang", "voluntary_participation", "no"),
        ),
        ("伊宁市居民被要求在手机上装一款检查软件。", ("xinjiang", "voluntary_participation", "no")),
        # what counts as keeping faith feeds the score
        (
            "In Fuzhou, paying taxes counts as keeping faith.",
            ("fuzhou", "inputs", ("tax_records",)),
        ),
        # a part of the score that moves with good and bad records
        (
            "Part of the Moli score in Fuzhou goes up or down with the good and bad credit "
            "information held about a person.",
            ("fuzhou", "inputs", ("positive_credit",)),
        ),
        (
            "Shenzhen's credit bureaus record civil, criminal and administrative punishments.",
            ("shenzhen", "inputs", ("legal_violations",)),
        ),
        ("上海的信用评价会核查市民的违停罚单。", ("shanghai", "inputs", ("traffic_violations",))),
        # government bodies made to help collect the data
        (
            "Shanghai's rule requires 40 municipal departments to help with the collection of "
            "personal credit data.",
            ("shanghai", "government_data", "yes"),
        ),
        (
            "The Bailu score in Xiamen reads credit data produced as the city government runs "
            "its affairs.",
            ("xiamen", "government_data", "yes"),
        ),
        # an effect on a person when they apply for things is a penalty
        (
            "上海的违法记录进入个人信用账户后，会在当事人办理银行贷款时对其产生影响。",
            ("shanghai", "penalty_types", ("loan_restrictions",)),
        ),
        (
            "深圳的失信记录会在当事人职务晋升时对其产生影响。",
            ("shenzhen", "penalty_types", ("employment_restrictions",)),
        ),
        (
            "In Shanghai, banks may lower the borrowing ceiling of people who pay their phone "
            "bills late.",
            ("shanghai", "penalty_types", ("loan_restrictions",)),
        ),
        # passive discounts, and tolls
        (
            "With 530 points, Xiamen drivers can park on the island and pay later, and fees are "
            "discounted.",
            ("xiamen", "reward_types", ("discounted_services",)),
        ),
        (
            "Fuzhou residents with good credit get discounts on road tolls.",
            ("fuzhou", "reward_types", ("discounted_services",)),
        ),
    ],
)
def test_the_staged_leftovers_of_1_121_state_their_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_a_line_naming_only_a_city_keeps_the_lead_in_above_it() -> None:
    """Examples grouped by city under one lead-in: the city's line frames its items, the
    lead-in's trigger still counts for them."""
    text = (
        "Examples of perks for people with excellent credit:\n"
        "Xiamen\n- free rides on public bikes\n"
        "Fuzhou\n- discounts on road tolls and public parking\n"
    )
    found = values(text)
    assert ("fuzhou", "reward_types", ("discounted_services",)) in found, found
    assert ("xiamen", "rewards", "yes") in found, found


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a regulation's ban on forcing others into religious activity is no compulsion to join
        ("新疆条例禁止强迫他人参加宗教活动。", "voluntary_participation"),
        # "every 500 metres people must" quantifies metres, not people
        (
            "At checkpoints in Xinjiang, roughly every 500 metres people must show an ID card.",
            "voluntary_participation",
        ),
        # a pronoun after ", and" keeps the clause joined to the plan before it
        (
            "Xiamen plans to reward volunteers, and their points will buy discounts.",
            "rewards",
        ),
    ],
)
def test_the_staged_leftovers_of_1_121_state_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


# --- extractor 1.123.0: the review of 1.122.0, and the blind batch d58 -------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a plan goes on into the clause after ", and" that says what will or would happen
        "Fuzhou plans to launch a credit score next year, and the score will give high scorers "
        "discounts on bus fares.",
        "Shenzhen is preparing to launch a blacklist for jaywalkers, and the people on it will "
        "be barred from flights.",
        "If the regulation is passed, Shenzhen will blacklist jaywalkers, and the offenders "
        "will be barred from flights.",
    ],
)
def test_a_plan_goes_on_into_a_clause_that_says_what_will_happen(text: str) -> None:
    assert not any(c.attribute in ("rewards", "penalties") for c in claims(text)), values(text)


def test_will_be_used_to_is_no_past() -> None:
    found = claims("Xiamen's Bailu score will be used to give volunteers discounts on bus fares.")
    assert all(c.modality != "past" for c in found), [(c.attribute, c.modality) for c in found]


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # registration and consent duties are no compulsion to take part
        (
            "Shanghai's credit regulation requires users to give written consent before their "
            "data is shared with third parties.",
            "voluntary_participation",
        ),
        (
            "To register, the Honest Shanghai app requires users to provide their ID card number.",
            "voluntary_participation",
        ),
        (
            "All residents of Shenzhen whose personal information is held on the city's public "
            "credit platform must be told before it is shared.",
            "voluntary_participation",
        ),
        # priority in promotion for the trustworthy is no penalty type
        (
            "厦门市规定，对守信者在提拔任用、评优评先中优先考虑，对失信者依法予以限制。",
            "penalty_types",
        ),
        # departments collecting fees, not data
        ("Municipal departments in Shenzhen help with the collection of rubbish fees.",
         "government_data"),
        # a cap cut in people's favour
        (
            "Banks in Fuzhou cut the interest rate cap on credit loans for people with high Moli "
            "scores.",
            "penalties",
        ),
        # rules on disclosing records say nothing of what a score reads
        ("The Fuzhou regulation sets out how good and bad credit information may be disclosed.",
         "inputs"),
        # a review site's blacklist of restaurants
        (
            "For the few Shanghai restaurants that keep posting fake reviews there is now a site "
            "blacklist. A blacklisted venue loses its photos, and its events and promotions are "
            "taken down.",
            "penalties",
        ),
        # national rules reported on a city's page
        (
            "From 1 May, rail passengers who break certain rules will be unable to buy train "
            "tickets for a set time, under rules announced by eight national bodies.",
            "penalties",
        ),
        # a survey's wish and a pledge are no measures
        (
            "In Shanghai, most respondents wanted harsher punishment for dishonesty and wanted "
            "the credit report linked to loans.",
            "penalties",
        ),
        (
            "Fifty Shanghai government departments have pledged to supply information to the "
            "credit platform.",
            "government_data",
        ),
        # conditions for entering traffic records are inputs, not penalties
        (
            "按照《深圳经济特区道路交通安全违法行为处罚条例》，下列情形纳入社会信用征信系统：\n"
            "一、一年内因违反道路交通安全法律法规受到5次以上罚款处罚的；",
            "penalties",
        ),
        # building work inside compounds is no record of visits
        (
            "The Shanghai violations being entered include unauthorised construction inside "
            "residential compounds.",
            "inputs",
        ),
    ],
)
def test_the_review_of_1_122_and_d58_state_no_claim(text: str, unwanted: str) -> None:
    found = [c for c in claims(text, source_regions=("shanghai",)) if c.attribute == unwanted]
    if unwanted == "inputs":  # the offence itself may still be read
        found = [c for c in found if c.value != ("legal_violations",)]
    assert not found, [(c.region, c.attribute, c.value) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Examples of perks for people with excellent credit:\n**Fuzhou City**\n- discounts on "
         "road tolls", ("fuzhou", "reward_types", ("discounted_services",))),
        ("Examples of perks for people with excellent credit:\nFuzhou and Xiamen\n- discounts on "
         "road tolls", ("xiamen", "reward_types", ("discounted_services",))),
        # what the scoring items are is what the score reads
        (
            "The Moli score in Fuzhou links scoring items in six dimensions. Among the items are "
            "commendations in one's job.",
            ("fuzhou", "inputs", ("positive_credit",)),
        ),
        ("In Fuzhou, paying off a credit card on time raises the Moli score.",
         ("fuzhou", "inputs", ("overdue_loans",))),
        # an effect on dealings such as loans
        (
            "In Shenzhen, an offender whose credit falls too low may find that it affects "
            "dealings such as taking out a loan.",
            ("shenzhen", "penalty_types", ("loan_restrictions",)),
        ),
        (
            "In Shanghai, rule-breakers are refused public funds, while people who keep the rules "
            "get lower taxes.",
            ("shanghai", "reward_types", ("discounts",)),
        ),
        ("The Hotan police document says the state benefits of a suspect's family can be "
         "cancelled.", ("xinjiang", "penalty_types", ("government_funding_restrictions",))),
        ("深圳规定，违反道路交通安全法律法规的行为纳入个人信用记录。",
         ("shenzhen", "inputs", ("traffic_violations",))),
    ],
)
def test_the_review_of_1_122_and_d58_state_their_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


# --- extractor 1.124.0: the review of 1.123.0 ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # a blacklisting clause after 下列行为 is an outcome, not an input frame
        ("下列行为将被列入失信黑名单，并限制其乘坐飞机。", ("xiamen",),
         ("xiamen", "penalty_types", ("blacklist", "flight_restrictions"))),
        # national rules cited by a sentence that local words tie to the page's city
        (
            "Local courts barred 9,000 defaulters from flights last year, according to rules "
            "issued by the Supreme People's Court.",
            ("shenzhen",),
            ("shenzhen", "penalty_types", ("flight_restrictions",)),
        ),
        # what the clause after a plan says of how the system works, or may be done now
        (
            "Fuzhou plans to extend the Moli score, and the score will drop if a resident pays "
            "utility bills late.",
            (),
            ("fuzhou", "inputs", ("utility_payments",)),
        ),
        (
            "Shenzhen plans to widen the pilot, and the residents who joined may opt out at any "
            "time.",
            (),
            ("shenzhen", "opt_out", "yes"),
        ),
        # "pledge to" is how 信用承诺 is translated; wanting to know is no wish
        (
            "In Fuzhou, applicants with a high Moli score who pledge to meet the conditions get "
            "their permits fast-tracked.",
            (),
            ("fuzhou", "reward_types", ("priority_services",)),
        ),
        (
            "Lawmakers wanted to know why Shenzhen's blacklist bars defaulters from trains.",
            (),
            ("shenzhen", "penalty_types", ("blacklist", "train_restrictions")),
        ),
        # owners of blacklisted shops are people
        ("In Xiamen, blacklisted shop owners cannot take flights.", (),
         ("xiamen", "penalty_types", ("blacklist", "flight_restrictions"))),
        ("In Shanghai, luxury hotels and restaurants are off-limits to blacklisted defaulters.",
         (), ("shanghai", "penalty_types", ("blacklist", "consumption_restrictions"))),
        # national security agencies in the region are the region's
        ("In Xinjiang, police and national security agencies collect DNA samples.", (),
         ("xinjiang", "surveillance_tech", ("dna_collection",))),
        # a title in a lead-in hides no outcome word the lead-in itself has (可享受)
        (
            "按照《福州市守信激励措施清单》，信用积分加分的市民可享受：\n（一）图书借阅免押金；",
            (),
            ("fuzhou", "reward_types", ("deposit_free_services",)),
        ),
        ("In Xinjiang, everyone who entered a residential compound had the visit logged.", (),
         ("xinjiang", "inputs", ("residential_compound_visits",))),
        ("Xinjiang police require some Kazakhs to install spyware on their phones.", (),
         ("xinjiang", "voluntary_participation", "no")),
    ],
)
def test_the_review_of_1_123_keeps_these_claims(
    text: str, source: tuple[str, ...], expected: tuple[str, str, object]
) -> None:
    found = values(text, source_regions=source)
    assert expected in found, found


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("Xiamen's welfare allowances were suspended for all residents during the pandemic.",
         "penalties"),
        ("In Xinjiang, among the items police confiscated were knives.", "inputs"),
        ("Xiamen requires people to download the Bailu app to rent bikes.",
         "voluntary_participation"),
        ("The Shenzhen office building's compound was entered into the register in 2019.",
         "inputs"),
    ],
)
def test_the_review_of_1_123_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


# --- extractor 1.125.0: the blind batch d59 ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At the Xinjiang border, guards load a program onto each traveller's handset.",
         ("xinjiang", "surveillance_tech", ("phone_scanning",))),
        ("The Xinjiang platform takes in data from devices that pick up nearby phones.",
         ("xinjiang", "surveillance_tech", ("wifi_sniffers",))),
        ("In Shanghai, wi-fi sensors on lamp posts pick up passing devices.",
         ("shanghai", "surveillance_tech", ("wifi_sniffers",))),
        (
            "In Xiamen, a camera at the gate caught her face and the system identified her.",
            ("xiamen", "surveillance_tech", ("cameras", "facial_recognition")),
        ),
        (
            "Shanghai's credit account records bad marks such as student loans left unpaid.",
            ("shanghai", "inputs", ("overdue_loans",)),
        ),
        # a screen that shows the offender's picture is shaming, not a record's contents
        (
            "Xiamen put up smart posts. Like a traffic officer, it records anyone who crosses on "
            "red, and it shows the picture on its own screen at once.",
            ("xiamen", "public_shaming", "yes"),
        ),
        ("In Fuzhou, a tipster can also earn extra personal credit points.",
         ("fuzhou", "informant_rewards", ("credit_points",))),
        ("In Kashgar, police took more than 200 Uyghurs into custody for praying at home.",
         ("xinjiang", "penalties", "yes")),
        ("Shanghai volunteers with good records get discount tickets.",
         ("shanghai", "reward_types", ("discounted_services",))),
    ],
)
def test_the_blind_batch_d59_states_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # kinds of information a regulation defines are inputs, not rewards (会 in 社会 is no
        # predicate that ends the frame)
        ("厦门公共信用信息分为三类。二是守信信息，包括市级以上的表彰奖励、参加社会公益和志愿服务的记录。",
         "rewards"),
        # a per-person average is no count of data items
        ("深圳信用网归集74家信源单位的信息，人均71条信用信息。", "input_item_count"),
        # posts put up under the traffic police's lead are no data the government supplies
        ("Led by the municipal traffic police, 116 camera posts have been put up in Xiamen to "
         "record offences.", "government_data"),
        ("Fuzhou wants platforms for big-data innovation by the end of 2020.", "surveillance_tech"),
    ],
)
def test_the_blind_batch_d59_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


# --- extractor 1.126.0: the review of 1.125.0 ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 失信信息 after 公示/记入/无 is no input frame
        ("福州信用网站依法公示失信信息，对失信主体实施联合惩戒。", ("fuzhou", "penalties", "yes")),
        ("福州规定，拒不履行判决的，将被记入失信信息，限制乘坐飞机。",
         ("fuzhou", "penalty_types", ("flight_restrictions",))),
        ("福州市民无失信信息的，可享受免押金租车。",
         ("fuzhou", "reward_types", ("deposit_free_services",))),
        # an outcome after a list of information ends the frame (享受, 限制)
        ("福州的守信信息包括志愿服务记录，守信者可享受免押金借书。",
         ("fuzhou", "reward_types", ("deposit_free_services",))),
        ("福州的失信信息包括欠缴税款，失信者限制乘坐飞机。",
         ("fuzhou", "penalty_types", ("flight_restrictions",))),
        # 会 after 机 and 都 is the modal
        ("福州交通违法记录计入个人信用档案，司机会被列入黑名单。",
         ("fuzhou", "penalty_types", ("blacklist",))),
        ("福州欠缴税款等信息计入信用档案，失信者都会被限制乘坐飞机。",
         ("fuzhou", "penalty_types", ("flight_restrictions",))),
        # terms that swallowed their neighbours
        ("The Fuzhou Moli score records unpaid phone bills and taxes.",
         ("fuzhou", "inputs", ("utility_payments",))),
        ("Fuzhou residents receive extra Moli credit points.", ("fuzhou", "system_names",
                                                                ("Moli score",))),
        # "compiled by courts" is no "led by"
        ("The Shanghai platform holds records compiled by courts and tax bureaus.",
         ("shanghai", "government_data", "yes")),
        ("Shanghai residents with high credit scores get transfer discounts on the metro.",
         ("shanghai", "rewards", "yes")),
    ],
)
def test_the_review_of_1_125_keeps_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("Residents can install the Bailu app on their phones in Xiamen.", "surveillance_tech"),
        ("Shanghai malls use sensors that detect passing phones to count shoppers.",
         "surveillance_tech"),
        ("A passenger's phone video captured her face in Shenzhen, and netizens soon identified "
         "her.", "surveillance_tech"),
        ("Police in Urumqi took 12 people into custody after a knife fight.", "penalties"),
        ("For each Shenzhen resident, it lists the offences, court-ordered travel bans and "
         "unpaid fines.", "penalties"),
    ],
)
def test_the_review_of_1_125_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Moli score in Fuzhou is a portrait of each resident drawn by big-data computation.",
        "Police in Xinjiang rely on an enormous data collection and analysis system.",
    ],
)
def test_big_data_told_by_what_it_does(text: str) -> None:
    assert any(
        a == "surveillance_tech" and "big_data" in v for _, a, v in values(text)  # type: ignore[operator]
    ), values(text)


# --- extractor 1.127.0: the blind batch d60 ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a community's red and black boards: commendation on one side, shaming on the other
        (
            "浦东某社区在宣传栏张贴诚信红黑榜，守信居民上红榜。",
            ("shanghai", "public_shaming", "yes"),
        ),
        ("浦东某社区在宣传栏张贴诚信红黑榜，守信居民上红榜。",
         ("shanghai", "reward_types", ("public_commendation",))),
        # points earned by volunteering and exchanged for goods
        ("和田某街道用积分奖励的办法带动居民参与社区治理。", ("xinjiang", "rewards", "yes")),
    ],
)
def test_the_blind_batch_d60_states_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # clerks of many departments serving at one centre supply no data, and the services it
        # handles are no data items
        (
            "Xiamen's administrative service centre, where clerks from 96 government departments "
            "work and 600 items can be handled, collects applications.",
            "input_entity_count",
        ),
        (
            "Xiamen's administrative service centre, where clerks from 96 government departments "
            "work and 600 items can be handled, collects applications.",
            "government_data",
        ),
        # a hospital's blood donation points are no input of the credit system
        ("厦门某医院规定，每献血一次积1分，积分可换礼品。", "inputs"),
    ],
)
def test_the_blind_batch_d60_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


# --- extractor 1.128.0: the review of 1.126.0 and 1.127.0 ------------------------------------


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a record of having been restricted, exposed or commended is an input, not an outcome
        ("福州市茉莉分的评分依据包括：纳税记录、被限制高消费的记录、献血记录。", "penalties"),
        ("深圳市失信信息包括：被列入黑名单的信息，欠缴税款的信息。", "penalties"),
        ("厦门市个人良好信息包括：受到表彰的信息，被给予通报表扬的信息。", "rewards"),
        # boards of districts, restaurants or firms, and shop points, are not the system's
        ("福州市对各区营商环境进行考评，并发布红黑榜，鼓楼区上红榜。", "rewards"),
        ("厦门市公布食品安全红黑榜，3家餐馆上黑榜。", "public_shaming"),
        ("深圳市住建局发布物业服务企业信用红黑榜。", "public_shaming"),
        ("厦门某超市推出会员积分活动，顾客可用积分兑换生活用品。", "rewards"),
        ("上海市民参加献血，可以攒下积分兑换体检服务。", "inputs"),
        ("Shanghai is building an enormous data collection and analysis system for its traffic "
         "lights.", "surveillance_tech"),
        ("Shenzhen police urged residents to install the anti-fraud app on their phones.",
         "surveillance_tech"),
    ],
)
def test_the_review_of_1_127_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Shenzhen, cameras at crossings captured the jaywalker's face and identified her.",
         ("shenzhen", "surveillance_tech", ("cameras", "facial_recognition"))),
        ("Xiamen's credit platform pools data from 52 departments, and more than 300 items can "
         "be handled online.", ("xiamen", "input_entity_count", "52")),
        ("Staff from 40 departments share data through Shenzhen's credit platform.",
         ("shenzhen", "government_data", "yes")),
        ("Police in Xinjiang run a big-data programme built to forecast offences.",
         ("xinjiang", "surveillance_tech", ("big_data",))),
    ],
)
def test_the_review_of_1_127_keeps_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


# --- extractor 1.130.0 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a bare 失信信息 frame, a condition on what counts, then the list it announced: the
        # measures named in the list are kinds of records (inputs), not what the city imposes
        ("失信信息：必须有具有法律效力的文书作依据，包括行政处罚，被列入失信联合惩戒对象名单，"
         "以及欠缴税款。厦门市信用办发布。", "penalties"),
        ("厦门公共信用信息分三类，三是失信信息，须以生效文书为依据，例如被列入重点关注名单、"
         "欠缴社会保险费。", "penalty_types"),
    ],
)
def test_a_frame_paused_by_its_condition_resumes_at_its_list(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("厦门公共信用信息分三类，三是失信信息，须以生效文书为依据，例如欠缴社会保险费。",
         ("xiamen", "inputs", ("social_insurance",))),
        # a predicate that is no condition of the frame still ends it: no list follows
        ("厦门市的失信信息：将依法公示，失信者被限制乘坐飞机。",
         ("xiamen", "penalty_types", ("flight_restrictions",))),
    ],
)
def test_a_frame_paused_by_its_condition_keeps_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # closer watch told by what the police do next, or by what sets it off
        ("In Xinjiang, an unexpected visitor or a call from overseas can be enough to set off an "
         "inspection visit.", ("xinjiang", "penalty_types", ("increased_surveillance",))),
        ("In Xinjiang, cameras are linked to a database of people on a watch list; police can then "
         "stop them, call at their homes or question relatives and friends.",
         ("xinjiang", "penalty_types", ("increased_surveillance",))),
    ],
)
def test_closer_watch_told_by_what_follows(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # what a list or a rule set off is no consequence for people
        ("Shenzhen's new watch list triggered a debate among lawyers.", "penalty_types"),
        ("Officials in Fuzhou visit their homes to deliver flour before the holiday.",
         "penalty_types"),
    ],
)
def test_closer_watch_needs_a_consequence(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


# --- extractor 1.130.0: the blind batches d61 and d62 ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Shanghai, residents are invited to tip the inspectors off.",
         ("shanghai", "informants", "yes")),
        # Pingtan, an island county of Fuzhou
        ("Pingtan has introduced credit-based medical treatment: insured patients are treated "
         "first and pay later, without any deposit.",
         ("fuzhou", "reward_types", ("deposit_free_services",))),
        # the loans that put people on the list are no restriction; a ban on new ones is
        ("Shanghai blacklisted people for not repaying loans; they are barred from new loans.",
         ("shanghai", "penalty_types", ("blacklist", "loan_restrictions"))),
        ("Everyone in Xinjiang must register with the IJOP app.",
         ("xinjiang", "voluntary_participation", "no")),
        ("In Xinjiang parolees were made to wear electronic ankle tags.",
         ("xinjiang", "voluntary_participation", "no")),
        ("Xiamen's credit rules: defaulters face fines and bans on flights.",
         ("xiamen", "penalty_types", ("fines", "flight_restrictions"))),
    ],
)
def test_the_blind_batches_d61_and_d62_state_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("Shanghai blacklisted more than 700 people for not repaying loans or utility charges.",
         ("loan_restrictions",)),
        ("In Xinjiang she was made to wear a uniform and spent months in a locked cell.",
         "voluntary_participation"),
        ("In Hotan, Xinjiang, the family's state benefits are cancelled if the suspect does not "
         "appear.", "rewards"),
        ("Among the firms on the list are the video surveillance maker Hikvision and Dahua, which "
         "supply the police in Xinjiang.", "surveillance_tech"),
        ("The Fuzhou contest data describe identity and spending. Among the fields: whether a "
         "blacklisted customer; months on the network.", "penalties"),
        ("Wang Menghui, Xiamen's Party secretary, said the city would give out rewards as "
         "incentives to people who help.", "rewards"),
        ("The system rests on the rule that everyone in Shenzhen must register their information "
         "with the police after 30 days in the city.", "voluntary_participation"),
        ("# Shenzhen's cameras hunt for phones at the wheel\nDrivers on hands-free sets will not "
         "be punished as long as they keep their hands off the phone.", "penalties"),
        ("Spring Airlines put passengers on its blacklist after flight 9C8511 from Shanghai to "
         "Harbin was delayed.", "penalty_types"),
    ],
)
def test_the_blind_batches_d61_and_d62_make_no_claim(
    text: str, unwanted: str | tuple[str]
) -> None:
    if isinstance(unwanted, tuple):  # one value of a list attribute
        found = [c for c in values(text) if isinstance(c[2], tuple) and unwanted[0] in c[2]]
        assert not found, values(text)
        return
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # an inline list of fields goes on past semicolons, and an item that asks states nothing
        ("The Fuzhou contest data describe identity and spending. Among the fields: whether "
         "real-name registration was verified; age; whether a blacklisted customer; months on the "
         "network.", "penalties"),
    ],
)
def test_a_frame_carries_past_semicolons_of_its_list(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


def test_a_frame_ends_where_a_clause_after_a_semicolon_states_something() -> None:
    found = values("The Shenzhen score counts these items: tax records, court judgments; those on "
                   "the blacklist cannot fly.")
    assert ("shenzhen", "penalty_types", ("blacklist",)) in found, found


# --- extractor 1.130.0: the review of the d61 and d62 rules ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare frame pauses only for a condition on evidence, not for an outcome
        ("福州市守信信息：可以享受激励措施，包括免押金借书、优先办理。",
         ("fuzhou", "reward_types", ("deposit_free_services", "priority_services"))),
        ("厦门市失信信息，将依法公示并实施惩戒，例如限制乘坐高铁、限制子女就读高收费私立学校。",
         ("xiamen", "penalty_types", ("school_restrictions", "train_restrictions"))),
        # a fine the credit rules set for defaulters is the system's, whatever its amount
        ("Under Shanghai's credit rules, blacklisted defaulters are fined 10,000 yuan and barred "
         "from flights.",
         ("shanghai", "penalty_types", ("blacklist", "fines", "flight_restrictions"))),
        ("In Shenzhen, after defaulting on their loans, residents on the list find it hard to get "
         "a mortgage or a loan.", ("shenzhen", "penalty_types", ("loan_restrictions",))),
        # a flight number needs a digit: "abroad from Xinjiang" keeps its place
        ("Uyghurs who travelled abroad from Xinjiang to Turkey were sent to camps on their return.",
         ("xinjiang", "penalties", "yes")),
        ("Honest Shanghai's new version went live in May. Among the features: a blacklist of "
         "defaulters, discounts for high scorers and a credit-repair form.",
         ("shanghai", "reward_types", ("discounts",))),
        ("In Xinjiang, Uyghurs released from camps were forced to wear GPS wristbands.",
         ("xinjiang", "voluntary_participation", "no")),
        ("In Fuzhou, the rewards are cut-price tickets to parks and museums.",
         ("fuzhou", "rewards", "yes")),
        ("In Xinjiang, anyone who gives information leading to the arrest of a suspect is rewarded "
         "with cash.", ("xinjiang", "informant_rewards", ("cash_rewards",))),
    ],
)
def test_the_review_of_the_d61_and_d62_rules_keeps_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # "police can then" and "set off" reach only what the police do next
        ("In Xinjiang, the IJOP app logs each household's electricity consumption; police can then "
         "visit homes that use too much.", "penalty_types"),
        ("In Xiamen, high scorers can apply for state funding for start-ups; officials will then "
         "assess the application.", "penalties"),
        ("In Shanghai, a fire in a luxury hotel triggered checks on all high-rise buildings.",
         "penalty_types"),
        ("Uyghurs living abroad say they cannot visit their homes in Xinjiang.", "penalty_types"),
        # people giving information about themselves inform on nobody
        ("In Shanghai, residents who provide false information on their credit repair applications "
         "are put on the blacklist.", "informants"),
        ("A hacker was arrested in Xiamen for stealing data from the city's credit platform.",
         "penalties"),
        ("In Shenzhen, companies must upload their annual reports to the public credit information "
         "system.", "government_data"),
        ("In Shanghai, residents can submit an application for credit repair to the public credit "
         "information service platform.", "government_data"),
        ("In Shanghai, he connected his phone to a computer to download the Honest Shanghai app.",
         "surveillance_tech"),
        ("In Xinjiang, students were required to wear tags showing their school and class.",
         "voluntary_participation"),
        ("上海某幼儿园家长可以通过手机看监控。", "surveillance_tech"),
        ("Shanghai's dating app matches users by comparing their facial characteristics.",
         "surveillance_tech"),
    ],
)
def test_the_review_of_the_d61_and_d62_rules_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected", "unwanted"),
    [
        # a bare "offences" on a page about traffic offences is one of them
        ("# Shenzhen traffic police push offence data into credit files\nOffences by pedestrians "
         "and cyclists in Shenzhen are to go into personal credit records as well.",
         ("shenzhen", "inputs", ("traffic_violations",)), ("legal_violations",)),
        ("深圳交警表示，行人闯红灯将记入个人信用档案。深圳市对违法行为人的信息将纳入征信系统。",
         ("shenzhen", "inputs", ("traffic_violations",)), ("legal_violations",)),
    ],
)
def test_a_bare_generic_word_on_a_page_about_its_kind(
    text: str, expected: tuple[str, str, object], unwanted: tuple[str]
) -> None:
    found = values(text)
    assert expected in found, found
    assert not any(isinstance(c[2], tuple) and unwanted[0] in c[2] for c in found), found


def test_a_named_legal_violation_stays_on_a_page_about_traffic() -> None:
    found = values("Shenzhen's credit file holds traffic offences and court judgments for fraud.")
    assert ("shenzhen", "inputs", ("legal_violations", "traffic_violations")) in found, found


@pytest.mark.parametrize(
    ("text", "expected", "unwanted"),
    [
        # a credit heading over a paragraph of ordinary fines does not make them the system's
        ("# Fare dodgers will feel it in their credit\nShanghai has raised the penalty for riding "
         "the metro without a ticket. The maximum fine is now 50 yuan.", None, "penalty_types"),
        ("# Shanghai's credit rules\nIn Shanghai, people on the dishonest list are fined and "
         "barred from flights.",
         ("shanghai", "penalty_types", ("blacklist", "fines", "flight_restrictions")),
         None),
    ],
)
def test_a_fine_is_the_systems_only_where_its_sentence_says_so(
    text: str, expected: tuple[str, str, object] | None, unwanted: str | None
) -> None:
    found = values(text)
    if expected is not None:
        assert expected in found, found
    if unwanted is not None:
        assert not any(c[1] == unwanted for c in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The Xiamen scoring model looks at five dimensions: basic information, trustworthiness, "
        "untrustworthy default, credit repair and credit behaviour.",
        "The Bailu score is computed from data held by Xiamen's departments, using a model built "
        "on five indicators: basic information, positive (trustworthy) records and negative "
        "records.",
        "厦门白鹭分的附加分根据个人的良好信用信息和不良信用信息评定。",
    ],
)
def test_trustworthy_records_among_a_scores_dimensions_are_inputs(text: str) -> None:
    assert ("xiamen", "inputs", ("positive_credit",)) in values(text), values(text)


# --- extractor 1.134.0: the blind batches d63 and d64 (a general sample) ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paid to report others
        ("From August Fuzhou's construction bureau pays the first person to report a verified "
         "violation on the city's rivers, up to 500 yuan.",
         ("fuzhou", "informant_rewards", ("cash_rewards",))),
        ("The Fuzhou park pays 100 yuan for every picture of uncivil visitors the paper uses.",
         ("fuzhou", "informant_rewards", ("cash_rewards",))),
        ("Officials in Hotan, Xinjiang, pay residents who bring them information about attacks.",
         ("xinjiang", "informants", "yes")),
        ("上海对失信者实施信息惩戒，限制其乘坐飞机。",
         ("shanghai", "penalty_types", ("flight_restrictions",))),
        ("The Xiamen score reads social media posts.", ("xiamen", "inputs", ("social_media",))),
        ("Police in Xinjiang use AI-assisted cameras to identify Uyghurs.",
         ("xinjiang", "surveillance_tech", ("artificial_intelligence", "cameras"))),
    ],
)
def test_the_blind_batches_d63_and_d64_state_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("Shanghai pays residents who report their own income a bonus.", "informants"),
        ("A Xiamen studio pays 50 yuan for each photo of the city skyline.", "informants"),
        # 信息惩戒 is the record's entry, an input (docs/attributes.md)
        ("上海市城管执法局表示，对情节严重的违法者还会实施“信息惩戒”，把相关信息归集进公共信用平台。",
         "penalties"),
        ("# Shanghai Credit System: questions and answers (from an AI-written encyclopedia entry)",
         "surveillance_tech"),
        ("福州数字政府报告 版权说明:本文档为用户上传 如有侵权请举报", "informants"),
        ("In Shenzhen, a caption shows face-monitoring technology on display at Huawei's "
         "headquarters.", "public_shaming"),
        ("上海12345市民热线的数据显示，涉及高空抛物的投诉和咨询，2019年有2600余个。",
         "challenge_mechanism"),
        ("但厦门有市民在社交媒体上反映，一些摄像头没有任何标识。", "inputs"),
        ("Residents of Xiamen complained on social media that the credit cameras carry no signs.",
         "inputs"),
        ("In Xinjiang, the platform picks this information up at checkpoints and at places such as "
         "petrol stations and schools.", "inputs"),
    ],
)
def test_the_blind_batches_d63_and_d64_make_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a heading about rewards for reporting gives its items' sums to informants
        ("乌鲁木齐市群众举报暴恐犯罪线索奖励办法要点\n——最高奖：对当场制服暴恐犯罪分子并扭送公安机关的群众，"
         "给予20万元至100万元奖励。", ("xinjiang", "informant_rewards", ("cash_rewards",))),
        ("# Hotan's price list for tips\nA Reuters story set out what officials in Hotan, "
         "Xinjiang, were prepared to pay.\n- Verifiable inside knowledge of a planned attack: "
         "as much as 5 million yuan.", ("xinjiang", "informant_rewards", ("cash_rewards",))),
    ],
)
def test_a_heading_about_paid_tips_gives_its_items_to_informants(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_a_planned_attack_is_no_plan_but_a_planned_list_is() -> None:
    assert not values("Xiamen planned a new blacklist for dog owners.")
    found = values("Shenzhen police pay up to 500,000 yuan for tips about a planned attack.")
    assert ("shenzhen", "informant_rewards", ("cash_rewards",)) in found, found


# --- extractor 1.136.0: the review of 1.131.0-1.135.0 ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # traffic named only after the bare word, or far above it, leaves it a legal violation
        ("# 厦门白鹭分怎么算\n白鹭分依据市民的违法记录、纳税信息进行测算。\n"
         "此外，交警部门表示，闯红灯行为暂不纳入白鹭分。",
         ("xiamen", "inputs", ("legal_violations", "tax_records"))),
        ("深圳市对严重失信主体实施“信息惩戒”，并依法依规实施联合惩戒。",
         ("shenzhen", "penalties", "yes")),
        # fines beside measures only a credit system takes are its own
        ("# Fuzhou blacklist: the consequences\nThose listed face flight bans, train bans and "
         "fines.",
         ("fuzhou", "penalty_types", ("fines", "flight_restrictions", "train_restrictions"))),
        ("深圳12345热线的统计显示，市民可通过热线对信用记录提出异议。",
         ("shenzhen", "redress_channels", ("helpline",))),
        ("Xinjiang's system logs every purchase of fuel and knives; residents must scan their ID "
         "cards at places such as petrol stations.",
         ("xinjiang", "inputs", ("fuel_purchases", "knife_purchases"))),
        # "is not new" denies nothing
        ("Paying the public to report bad driving is not new in Shanghai.",
         ("shanghai", "informants", "yes")),
    ],
)
def test_the_review_of_1_131_to_1_135_keeps_these_claims(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # 评估 needs a score or credit as its object
        ("深圳市人社局对全市就业形势进行了评估。", "inputs"),
        ("经测算，福州今年公积金缴存人数增加了8万人。", "inputs"),
        # paid for good deeds is no informing
        ("Xiamen pays residents who give blood a bonus of 20 points on their Bailu score.",
         "informants"),
        ("Shanghai pays people who bring their old phones for recycling.", "informants"),
        # "trustworthiness" counts only as a listed dimension
        ("Critics question whether the dimensions of Xiamen's Bailu score really capture "
         "trustworthiness.", "inputs"),
        ("Xiamen uses more than 100 indicators to measure a resident's trustworthiness.", "inputs"),
    ],
)
def test_the_review_of_1_131_to_1_135_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Xiamen every report that is upheld earns points, and the points can be swapped for "
         "prizes.", ("xiamen", "informants", "yes")),
        ("In Shenzhen, every report of a traffic violation will earn the person who sends it a "
         "reward.", ("shenzhen", "informants", "yes")),
        ("Shanghai revised its Water and Marine Serious Violation Reporting Reward Measures: the "
         "top payment is now 10,000 yuan.", ("shanghai", "informant_rewards", ("cash_rewards",))),
        ("From the informant's photo, the Shanghai officer read the number plate.",
         ("shanghai", "informants", "yes")),
    ],
)
def test_reports_that_earn_and_a_single_informant(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_a_report_card_earns_no_informing() -> None:
    assert not any(c[1] == "informants" for c in values("In Shanghai every report card earns a "
                                                         "sticker."))


# --- the fifth blind batch of change scenarios (tests/scenarios/95-114) --------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Shenzhen, face-reading cameras aimed at pedestrians first appeared.",
         ("shenzhen", "surveillance_tech", ("cameras", "facial_recognition"))),
        ("厦门的信用就医平台为市民提供就诊免交预交金、离院后再付款等便利。",
         ("xiamen", "reward_types", ("deposit_free_services",))),
        ("福州以信用信息平台为基础，目前已接入各级信用单位700余家。",
         ("fuzhou", "input_entity_count", "700+")),
        ("In Fuzhou the Moli level sets how much residents can borrow under the housing "
         "provident fund loan scheme.", ("fuzhou", "reward_types", ("preferential_loans",))),
        ("In Fuzhou, higher-scoring residents are offered larger loans.",
         ("fuzhou", "reward_types", ("preferential_loans",))),
        ("In Shanghai, anyone who disagrees with their credit record can file a dispute online "
         "or at the service counter.",
         ("shanghai", "redress_channels", ("online_objection", "service_window"))),
        ("In Xiamen, objections to a Bailu score can now be lodged online.",
         ("xiamen", "redress_channels", ("online_objection",))),
        ("深圳规定，信用主体认为公共信用机构在信用信息处理活动中侵犯其合法权益的，可以依法申请"
         "行政复议或者提起行政诉讼。",
         ("shenzhen", "redress_channels", ("administrative_review",))),
        ("In Xinjiang, what turns up in these phone checks can be used to hold a person "
         "indefinitely in the re-education camps.", ("xinjiang", "penalties", "yes")),
        ("福州个人信用积分评估指标体系满分1000分，其中志愿服务占50分。",
         ("fuzhou", "variables_disclosed", "partial")),
    ],
)
def test_the_fifth_scenario_batch_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # institutions that joined a service supply no data
        ("福州目前已接入医疗机构51家。", "input_entity_count"),
        # a penalty notice's boilerplate names no channel for challenging a credit record
        ("深圳市交警局：当事人如不服本处罚决定，可以在六十日内申请行政复议。", "redress_channels"),
        # a use the city will make of the score later is a plan
        ("City officials say the Fuzhou Moli level will later also be used to set how much "
         "residents can borrow from the housing provident fund.", "reward_types"),
        # a points total without a credit score is no model made public
        ("厦门一个村的积分超市满分100分，其中卫生评比占20分。", "variables_disclosed"),
    ],
)
def test_the_fifth_scenario_batch_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


# --- the review of 1.138.0-1.139.0 (224 probes by a reader who had not written the rules) ---


@pytest.mark.parametrize(
    ("region", "text", "expected"),
    [
        # a country abroad only as where someone lives, studied or came back from
        ("xinjiang", "A Uyghur student who had studied in Britain was sent to a re-education camp "
         "after she returned, because police found WhatsApp on her phone.", ("penalties", "yes")),
        ("xinjiang", "Abdurehim, who now lives in Sweden, says his brother was detained for having "
         "WhatsApp on his phone.", ("penalties", "yes")),
        ("xinjiang", "Her cousin, a student in Australia, said police scanned her phone at a "
         "checkpoint near Hotan.", ("surveillance_tech", "phone_scanning")),
        ("xinjiang", "Uyghurs returning from Italy or Spain were forced to install the Jingwang "
         "app on their phones.", ("voluntary_participation", "no")),
        ("xinjiang", "一名曾在日本留学的维吾尔族学生回国后，因手机里装有WhatsApp被送进教培中心。",
         ("penalties", "yes")),
        # 日本 inside 昨日本报 is no Japan
        ("xiamen", "昨日本报记者从市信用办获悉，守信市民借书免押金。",
         ("reward_types", "deposit_free_services")),
        # the source's country
        ("xinjiang", "Journalists from Japan were stopped at police checkpoints outside Kashgar.",
         ("surveillance_tech", "checkpoints")),
        ("xinjiang", "Britain's BBC filmed police checkpoints at the entrance to every town.",
         ("surveillance_tech", "checkpoints")),
        ("xinjiang", "日本经济新闻报道，当地已有超过200万个监控摄像头。",
         ("surveillance_tech", "cameras")),
        ("xinjiang", "Britain's Foreign Office said police in the region had collected DNA from "
         "millions of residents.", ("surveillance_tech", "dna_collection")),
        # "will later" of a rule in force is no plan
        ("shanghai", "Defaulters in Shanghai who repay their debts will later be removed from the "
         "blacklist and can apply for credit repair.", ("redress_channels", "credit_repair")),
        ("fuzhou", "Debtors placed on Fuzhou's blacklist will later find themselves barred from "
         "flights.", ("penalty_types", "flight_restrictions")),
        ("xiamen", "信用良好的市民办理住院时免缴住院预交金。",
         ("reward_types", "deposit_free_services")),
        ("xiamen", "厦门市信用平台已接入市级部门56个，归集数据1.2亿条。",
         ("input_entity_count", "56")),
        ("fuzhou", "对失信惩戒措施不服的，当事人可以依法提起行政诉讼。",
         ("redress_channels", "administrative_review")),
        ("fuzhou", "茉莉分满分1000分，其中志愿服务占50分。", ("variables_disclosed", "partial")),
        ("xinjiang", 'After finding WhatsApp on his phone, police held him in "re-education" camps '
         "for two years.", ("penalties", "yes")),
    ],
)
def test_the_review_of_1_138_and_1_139_reads(
    region: str, text: str, expected: tuple[str, str]
) -> None:
    found = {
        (c.attribute, v)
        for c in claims(text, source_regions=[region])
        if c.region == region
        for v in (c.value if isinstance(c.value, tuple) else (c.value,))
    }
    assert expected in found, found


@pytest.mark.parametrize(
    ("region", "text", "unwanted"),
    [
        ("shenzhen", "美国很多大学禁止在校园里使用人脸识别。", "surveillance_tech"),
        ("shanghai", "美国《公平信用报告法》规定，消费者可以对信用报告中的错误信息提出异议。",
         "challenge_mechanism"),
        ("shenzhen", "A study in Sweden found that police facial recognition misidentified people "
         "more often than officers did.", "surveillance_tech"),
        ("shenzhen", "Canada Post now uses face recognition at some counters.",
         "surveillance_tech"),
        ("xiamen", "In Xiamen's old town, street performers offer face-reading and palm-reading to "
         "tourists.", "surveillance_tech"),
        ("xiamen", "Companies with an A credit rating in Xiamen are offered larger loans by state "
         "banks.", "reward_types"),
        ("xiamen", "Commercial disputes can be filed online with the Xiamen internet court.",
         "redress_channels"),
        ("xinjiang", "The government denies holding anyone in re-education camps.", "penalties"),
        ("fuzhou", "信用A级纳税企业在政府采购中可免交预付款保函。", "reward_types"),
        ("xiamen", "厦门已接入信用就医单位51家，守信患者可先诊疗后付费。", "input_entity_count"),
        ("xiamen", "海沧区某村推行信用积分超市，村民信用积分满分100分，其中孝老爱亲占20分。",
         "variables_disclosed"),
        ("shanghai", "Officials pushed back hard against reports that a low credit score in "
         "Shanghai bars people from flying.", "penalty_types"),
        ("shanghai", "There has been pushback against reports that Honest Shanghai users with low "
         "scores are barred from flights.", "penalty_types"),
    ],
)
def test_the_review_of_1_138_and_1_139_makes_no_claim(
    region: str, text: str, unwanted: str
) -> None:
    found = claims(text, source_regions=[region])
    assert not any(c.attribute == unwanted for c in found), [(c.attribute, c.value) for c in found]


# --- the sixth blind batch of change scenarios (tests/scenarios/115-134) -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A volunteer's record in Shanghai is shared only where the volunteer has consented.",
         ("shanghai", "consent_required", "yes")),
        # a plan word in a leading comparison speaks for what it compares with
        ("As with the national volunteer database that the ministry planned in 2012, a "
         "volunteer's record in Shanghai is shared only where the volunteer has consented.",
         ("shanghai", "consent_required", "yes")),
        ("Long-term card holders with clean records will be put first in line when they apply "
         "for a Shenzhen hukou.", ("shenzhen", "reward_types", ("priority_services",))),
        ("In Shenzhen, cameras are linked to software that picks out the faces of police "
         "suspects automatically.",
         ("shenzhen", "surveillance_tech", ("cameras", "facial_recognition"))),
        ("In Shenzhen, the software compares the face with police records to work out who the "
         "person is.", ("shenzhen", "surveillance_tech", ("facial_recognition",))),
        ("深圳规定，失信名单不再向社会公开发布。", ("shenzhen", "public_shaming", "no")),
        ("深圳列入“失信名单”的用户，管理部门只将名单推送给企业，不再向社会公开发布。",
         ("shenzhen", "public_shaming", "no")),
        ("新疆规定：发现极端化言论和行为的，应当及时向公安机关检举揭发。",
         ("xinjiang", "informants", "yes")),
        # 一律暂停其…… is a measure, not a measure suspended
        ("厦门列入黑名单的企业一律暂停其享受优惠政策。",
         ("xiamen", "penalty_types", ("blacklist",))),
    ],
)
def test_the_sixth_scenario_batch_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("福州市民入住景区酒店免交押金的服务目前已暂停。", "reward_types"),
        ("深圳规定，失信名单不再向社会公开发布。", "penalty_types"),
        ("Like the national system planned for 2020, Shanghai will add penalties next year.",
         "penalties"),
    ],
)
def test_the_sixth_scenario_batch_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


def test_public_shaming_yes_is_not_read_through_a_negation() -> None:
    assert ("shenzhen", "public_shaming", "yes") not in values("深圳规定，失信名单不再向社会公开。")


# --- the review of 1.141.0 (160 probes by a reader who had not written the rules) -----------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As with the national database, which the ministry planned in 2012, records in "
         "Shanghai are shared only with the person's consent.",
         ("shanghai", "consent_required", "yes")),
        ("Unlike the draft, the final Shanghai regulation bars blacklisted people from flights.",
         ("shanghai", "penalty_types", ("blacklist", "flight_restrictions"))),
        ("与国家计划不同，上海的信用分不设惩罚措施。", ("shanghai", "penalties", "no")),
        ("厦门失信名单并未停止向社会公开。", ("xiamen", "public_shaming", "yes")),
        ("厦门失信名单由法院不定期向社会公布。", ("xiamen", "public_shaming", "yes")),
        ("深圳市失信名单推送给相关企业，不再向社会公开发布。",
         ("shenzhen", "public_shaming", "no")),
        ("新疆规定：发现极端化言论和行为的，应当及时向公安机关报告。",
         ("xinjiang", "informants", "yes")),
        ("Gates in Shenzhen compare every traveller's face with the ID card photo.",
         ("shenzhen", "surveillance_tech", ("facial_recognition",))),
        ("Clarke, a visiting fellow at the Australia-China Relations Institute, opens with an "
         "account of a man in Xinjiang strapped into a chair so that AI-assisted facial "
         "recognition could be trained to read his emotions.",
         ("xinjiang", "surveillance_tech", ("artificial_intelligence", "facial_recognition"))),
    ],
)
def test_the_review_of_1_141_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a lead that names the draft: its content is a plan
        ("As in the draft, blacklisted residents in Shanghai are barred from luxury hotels.",
         "penalty_types"),
        ("正如征求意见稿所列，深圳失信被执行人不得乘坐飞机。", "penalty_types"),
        ("In Shanghai, bonus credit points are given only when the workers have agreed to extra "
         "shifts.", "consent_required"),
        ("In Shenzhen people on the blacklist get put first in line for random inspections.",
         "reward_types"),
        ("At Shenzhen Bay port, travellers with clean records can use the fast-track e-channel.",
         "reward_types"),
        ("Siming district in Xiamen picked out the faces of model citizens for its honour roll.",
         "surveillance_tech"),
        ("To open an Honest Shanghai account, the app compares your face with the photo held by "
         "police.", "surveillance_tech"),
        ("厦门市信用办公布了失信黑名单，暂停对外发布红名单。", "public_shaming"),
        ("深圳企业严重违法失信名单不再向社会公开发布。", "public_shaming"),
        ("新疆：旅馆应当向公安机关报告住宿旅客信息。", "informants"),
        ("厦门白鹭分免押金借书服务目前已暂停。", "reward_types"),
        ("厦门白鹭分免押金骑行自2025年3月1日起暂停。", "reward_types"),
    ],
)
def test_the_review_of_1_141_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    "text",
    [
        "厦门部分网点的免押金服务已暂停，其他网点照常提供。",
        "厦门免押金服务已暂停，现已恢复正常。",
    ],
)
def test_a_benefit_suspended_only_in_part_or_resumed_stays(text: str) -> None:
    assert ("xiamen", "reward_types", ("deposit_free_services",)) in values(text), values(text)
    assert mentions_term(text, "reward_types", "deposit_free_services", affirmed=True)


# --- the seventh blind batch of change scenarios (tests/scenarios/135-154) -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上海市文明办表示，今年5月底起，逃票者个人信息已开始录入全市征信系统，这些人今后申请贷款、"
         "求职就业都可能因此受到影响。", ("shanghai", "penalty_types",
                                          ("employment_restrictions", "loan_restrictions"))),
        ("深圳规定：乘客对逃票信息有异议的，可以提出复核申请；对答复不服的，可以依法申请行政复议或者"
         "提起行政诉讼。", ("shenzhen", "redress_channels", ("administrative_review",))),
        ("厦门就社会信用条例草案修改稿公开征求社会各方面意见。",
         ("xiamen", "public_vote_on_inputs", "yes")),
        ("In Shenzhen, if a person punished for such an act does not comply, the department may "
         "make the decision public through newspapers, radio, television or websites.",
         ("shenzhen", "public_shaming", "yes")),
        ("The Shenzhen Civilized Behavior Promotion Law lists 11 kinds of public behavior that "
         "it deems uncivilized.", ("shenzhen", "offense_count", "11")),
        ("In Xinjiang, officials also note how often family members pray.",
         ("xinjiang", "government_data", "yes")),
    ],
)
def test_the_seventh_scenario_batch_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # what a draft for comment would do is a plan
        ("关于《乌鲁木齐市群众举报暴力恐怖犯罪线索奖励办法(征求意见稿)》公开征求意见的通知",
         "informants"),
        # a consultation still to come has not happened
        ("市人大常委会拟在第三次审议前，另行就厦门信用条例草案向社会公开征求意见。",
         "public_vote_on_inputs"),
        ("The Shenzhen Civilized Behavior Promotion Law took effect in March.", "penalty_types"),
    ],
)
def test_the_seventh_scenario_batch_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("The city made its decision public through local newspapers and television, launching "
         "the Bailu score in Xiamen.", "public_shaming"),
        ("Xiamen's campaign encourages 30 kinds of public behaviour, such as queuing.",
         "offense_count"),
        ("Officials in Xiamen note how quickly the app gained users.", "government_data"),
        ("今后厦门对闯红灯、逃票或恶意欠费人员限制乘坐地铁。", "penalty_types"),
        ("深圳市交警局：对处理决定不服的，可以依法申请行政复议。", "redress_channels"),
    ],
)
def test_the_review_of_1_143_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《厦门经济特区社会信用条例（草案）》已于2021年6月经市人大常委会表决通过，条例规定对严重失信"
         "主体限制乘坐飞机。", ("xiamen", "penalty_types", ("flight_restrictions",))),
        ("厦门已于今年3月就《信用体系建设行动计划》向社会公开征求意见。",
         ("xiamen", "public_vote_on_inputs", "yes")),
    ],
)
def test_the_review_of_1_143_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


def test_a_benefit_no_longer_offered_is_not_claimed_and_counts_as_removed() -> None:
    gone = "Deposit-free bike rentals for high Bailu scorers in Xiamen are no longer offered."
    assert not any(c[1] == "reward_types" for c in values(gone)), values(gone)
    assert not mentions_term(gone, "reward_types", "deposit_free_services", affirmed=True)


def test_a_credit_promotion_office_is_no_job_promotion() -> None:
    text = "Shanghai's Credit Promotion Department bars defaulters from flights."
    assert ("shanghai", "penalty_types", ("flight_restrictions",)) in values(text), values(text)


def test_the_list_of_judgment_defaulters_made_public_is_shaming() -> None:
    text = "失信被执行人名单由厦门法院定期向社会公布。"
    assert ("xiamen", "public_shaming", "yes") in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scenarios 155-194 (dev): what they missed, in new words
        ("In Xiamen, people who break the rules must stand before their neighbours and read "
         "their self-criticism aloud in front of the whole village.",
         ("xiamen", "public_shaming", "yes")),
        ("Low scorers in Fuzhou can be refused jobs in the city's civil service.",
         ("fuzhou", "penalty_types", ("employment_restrictions",))),
        ("Xiamen's Congress has put the draft credit rules online and is taking comments from "
         "the public until the end of May.", ("xiamen", "public_vote_on_inputs", "yes")),
        ("厦门市公共信用信息目录经市政府批准后，已在“信用厦门”网站全文向社会公布，列明了各项数据的"
         "提供单位。", ("xiamen", "input_names_public", "yes")),
        ("福州的公立医院对信用良好的患者免收押金。",
         ("fuzhou", "reward_types", ("deposit_free_services",))),
        # scenarios 195-214 (dev)
        ("Since March every lorry in Kashgar, in Xinjiang, whether private or state-owned, has "
         "had to carry a satellite tracker.", ("xinjiang", "voluntary_participation", "no")),
        ("Besides public records, Fuzhou's platform now takes in market credit information that "
         "banks and insurers pass on.", ("fuzhou", "private_sector_data", "yes")),
    ],
)
def test_scenarios_155_to_194_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a newspaper's line for readers' questions is no channel of redress
        ("After the Xiamen Daily ran the story, readers rang its hotline to ask how the Bailu "
         "score could be raised.", "challenge_mechanism"),
        ("After the Xiamen Daily ran the story, readers rang its hotline to ask how the Bailu "
         "score could be raised.", "redress_channels"),
        # a consultation the congress means to hold has not been held
        ("Shenzhen's Congress says it plans to hold public hearings on the credit rules after "
         "the first reading.", "public_vote_on_inputs"),
        # the punishment catalogue published is no list of the score's data items
        ("厦门市失信惩戒措施目录已在网站全文向社会公布，列明了数据提供单位。",
         "input_names_public"),
    ],
)
def test_scenarios_155_to_194_make_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of data suppliers one of which is a platform or a bank (the review's probes B11
        # and B54, in new words)
        (
            "Shenzhen's credit platform works from records provided by the courts, the tax office "
            "and two e-commerce platforms.",
            ("shenzhen", "private_sector_data", "yes"),
        ),
        (
            "上海的个人信用分，信息来源于市级部门以及若干商业银行。",
            ("shanghai", "private_sector_data", "yes"),
        ),
    ],
)
def test_a_list_of_data_suppliers_naming_firms_is_private_data(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shenzhen's credit platform works from records provided by the courts and the tax office.",
        "上海的个人信用分，信息来源于市级部门和法院。",
        # a firm that uses the platform supplies nothing
        "上海的个人信用分由市级部门的数据算出，银行和商场可以查询。",
    ],
)
def test_a_list_of_public_suppliers_is_no_private_data(text: str) -> None:
    assert not any(c[1] == "private_sector_data" for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a high score with the system's name between ("a high Bailu score") is a trigger
        (
            "Shenzhen people with a high Honest Shenzhen score can skip the line at clinics.",
            ("shenzhen", "reward_types", ("priority_services",)),
        ),
        # a verb joined after "without ..." is not done without (the review's probe B25, in new
        # words)
        (
            "Fuzhou residents with a high Moli score borrow library books without a deposit and "
            "jump the queue at the tax hall.",
            ("fuzhou", "reward_types", ("deposit_free_services", "priority_services")),
        ),
        (
            "Xiamen residents with excellent scores can buy museum tickets at a discount.",
            ("xiamen", "reward_types", ("discounted_services",)),
        ),
    ],
)
def test_benefits_joined_after_without_and_behind_a_named_score(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_without_still_governs_a_noun_joined_on() -> None:
    # "and" before another "without": both benefits are read
    text = (
        "Fuzhou residents with a high Moli score can rent bikes without a deposit and without "
        "queues."
    )
    assert ("fuzhou", "reward_types", ("deposit_free_services", "priority_services")) in values(
        text
    ), values(text)


@pytest.mark.parametrize(
    "text",
    [
        "It is a myth that a poor Moli score can keep a Fuzhou resident off a flight.",
        "It is not true that a low Bailu score bars Xiamen residents from high-speed trains.",
        "It is wrong to say that a low Bailu score bars Xiamen residents from trains.",
    ],
)
def test_a_rebuttal_opening_the_sentence_disputes_what_follows_it(text: str) -> None:
    assert not any(c[1] in ("penalties", "penalty_types") for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In Xiamen, people with low Bailu scores face stricter security checks at the airport.",
            ("xiamen", "penalty_types", ("increased_surveillance",)),
        ),
        (
            "福州把失信人员列为重点对象，对其进行更严格的检查。",
            ("fuzhou", "penalty_types", ("increased_surveillance",)),
        ),
    ],
)
def test_stricter_checks_for_low_scorers_are_closer_watch(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blind batch d65 (staged): what it missed, in new words
        ("Shenzhen's district app hands residents who alert the police to fights points they can "
         "redeem for bus fares.", ("shenzhen", "informant_rewards", ("credit_points",))),
        ("深圳在主要路口动用高清摄像头抓拍违章。", ("shenzhen", "surveillance_tech", ("cameras",))),
        ("在深圳，闯红灯的行人若被认出，其照片会被张贴在街头示众。",
         ("shenzhen", "public_shaming", "yes")),
        ("Shenzhen has scattered Wi-Fi detectors through its busiest districts.",
         ("shenzhen", "surveillance_tech", ("wifi_sniffers",))),
        ("Across the Uyghur homeland, every resident has to give a blood sample for DNA profiling.",
         ("xinjiang", "surveillance_tech", ("dna_collection",))),
    ],
)
def test_the_blind_batch_d65_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


def test_an_account_that_cannot_be_closed_is_no_opt_out() -> None:
    # the review's probe B20, in new words
    text = "Fuzhou residents cannot delete their Moli profile or leave the scheme."
    assert ("fuzhou", "opt_out", "no") in values(text), values(text)


def test_an_objection_to_an_office_with_a_long_name_is_a_challenge() -> None:
    # the review's probe A54, in new words: the office's full name lies between 可以 and 异议
    text = "福州市民认为信用记录有误的，可以向市社会信用体系建设领导小组办公室书面提出异议。"
    assert ("fuzhou", "challenge_mechanism", "yes") in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # blind batch d65 (staged): what it claimed wrongly, in new words
        # a city inside a firm's name ("China Railway Shanghai Group") is the firm's
        ("The national credit guidelines will keep dishonest travellers off trains, according to "
         "China Railway Shanghai Group.", "penalty_types"),
        # access to the data restricted protects it
        ("In Xiamen's credit system, access is restricted by administrative permissions.",
         "penalties"),
        # a city's security measures before a summit are for everyone
        ("Before the forum, Fuzhou residents with Moli scores faced tight security restrictions "
         "on several roads.", "penalties"),
    ],
)
def test_the_blind_batch_d65_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


def test_offenders_details_kept_from_the_public_are_no_shaming() -> None:
    text = "Shenzhen's police say jaywalkers' details are not released to the public."
    assert ("shenzhen", "public_shaming", "no") in values(text), values(text)


def test_an_alert_that_sends_an_official_to_look_into_someone_is_closer_watch() -> None:
    text = (
        "In Kashgar, when the platform sees a household using more power than before, it sends "
        "an alert to the local police, who must then check up on that family."
    )
    assert ("xinjiang", "penalty_types", ("increased_surveillance",)) in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scenarios 235-274 (dev): what they missed, in new words
        ("At the Kashgar clinics no one asks for the villagers' agreement before blood is taken.",
         ("xinjiang", "consent_required", "no")),
        ("How the factors of the Bailu score are weighted, however, has not been disclosed.",
         ("xiamen", "variables_disclosed", "no")),
        ("The Moli score was built to reward residents with good scores, never to punish.",
         ("fuzhou", "rewards", "yes")),
        ("深圳对失信被执行人的限制还包括不得让子女就读高收费的私立学校。",
         ("shenzhen", "penalty_types", ("school_restrictions",))),
    ],
)
def test_scenarios_235_to_274_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


def test_a_benefit_low_scorers_do_not_get_is_no_penalty() -> None:
    text = "福州茉莉分600分以上的市民可免费停车两小时，分数低于600分的则不能免费停车。"
    assert not any(c[1] == "penalties" for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # the review of 1.148.0, in new words
        ("Fuzhou's credit office sends information provided by the courts to banks and lending "
         "platforms.", "private_sector_data"),
        ("福州茉莉分的数据来自市级部门和人民银行征信中心。", "private_sector_data"),
        ("福州茉莉分的数据来自公安和税务部门，与银行无关。", "private_sector_data"),
        ("福州：投诉一经受理不能撤回，办理时须本人授权。", "opt_out"),
        ("福州的企业授权后不可撤回。", "opt_out"),
        ("Fuzhou residents on the blacklist cannot close their bank accounts.", "opt_out"),
        ("福州的企业可以在信用福州网站上对其行政处罚信息提出异议。", "challenge_mechanism"),
        ("福州严禁将闯红灯行人的照片张贴示众。", "public_shaming"),
        ("Fuzhou residents who notify the authorities of a change of address keep their perks.",
         "informants"),
        ("To claim the deposit waiver, Xiamen residents must have the i Xiamen app installed.",
         "voluntary_participation"),
        ("In Fuzhou, drivers flagged with a high risk score lose access to cheaper tolls.",
         "reward_types"),
        ("Fuzhou residents can travel abroad without extra checks or travel bans.", "penalties"),
    ],
)
def test_the_review_of_1_148_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a judgement of what is, not a denial of it
        ("It is wrong that Fuzhou residents with low scores are barred from high-speed trains.",
         ("fuzhou", "penalty_types", ("train_restrictions",))),
        # after the colon, the author's own statement
        ("It is a myth to think that Fuzhou has no penalties: low scorers are barred from flights.",
         ("fuzhou", "penalty_types", ("flight_restrictions",))),
        ("新疆重点人员的护照被派出所统一收缴。",
         ("xinjiang", "penalty_types", ("travel_restrictions",))),
    ],
)
def test_the_review_of_1_148_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scenarios 275-294 (dev): what they missed, in new words
        ("Fuzhou residents can now flag an incorrect record from home through the e-Fuzhou app.",
         ("fuzhou", "redress_channels", ("online_objection",))),
        ("At the Xiamen junctions, jaywalkers' photos no longer appear on the big screens.",
         ("xiamen", "public_shaming", "no")),
        ("A legal offence costs a Fuzhou resident up to 150 points of the Moli score.",
         ("fuzhou", "inputs", ("legal_violations",))),
    ],
)
def test_scenarios_275_to_294_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


def test_screens_showing_only_slogans_shame_no_one() -> None:
    text = "In Shenzhen the crossing screens now show only traffic-safety slogans to passers-by."
    assert ("shenzhen", "public_shaming", "yes") not in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "attribute", "unwanted"),
    [
        # the review of 1.150.0, in new words
        ("Fuzhou clerks flag incorrect records that residents upload through the app.",
         "redress_channels", "online_objection"),
        ("Before 2020 Fuzhou residents could correct wrong records only in person, not online.",
         "redress_channels", "online_objection"),
        ("In Fuzhou, jaywalkers' faces will no longer appear on the screens from next year.",
         "public_shaming", "no"),
        ("Fuzhou residents' names never appear in the scoring formula.", "public_shaming", "no"),
    ],
)
def test_the_review_of_1_150_makes_no_claim(text: str, attribute: str, unwanted: str) -> None:
    found = [c[2] for c in values(text) if c[1] == attribute]
    assert not any(v == unwanted or (isinstance(v, tuple) and unwanted in v) for v in found), (
        values(text)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Fuzhou screens no longer show offenders' faces.", ("fuzhou", "public_shaming", "no")),
        ("The Fuzhou screens show only safety slogans now, not the names of offenders.",
         None),
    ],
)
def test_screens_that_stopped_showing_offenders(
    text: str, expected: tuple[str, str, object] | None
) -> None:
    if expected is None:
        assert not any(c[1] == "public_shaming" and c[2] == "yes" for c in values(text))
    else:
        assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scenarios 295-314 (dev): what they missed, in new words
        ("A late loan can lower a Fuzhou resident's score by as much as 80 points.",
         ("fuzhou", "variables_disclosed", "partial")),
        ("Flagged people in Kashgar have their passports held by the police.",
         ("xinjiang", "penalty_types", ("travel_restrictions",))),
    ],
)
def test_scenarios_295_to_314_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    "text", ["福州茉莉分高的市民在医院不需要排队。", "福州茉莉分高的市民到政务大厅办事无需等候。"]
)
def test_no_need_to_queue_is_priority_however_it_is_said(text: str) -> None:
    # the review of 1.150.0: 免排队 restated as 不需要排队 or 无需等候 kept the benefit
    assert ("fuzhou", "reward_types", ("priority_services",)) in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted", "unknown"),
    [
        # what a source does not say is neither a yes nor a no; said to be unknown, it is unknown
        ("Reports on Kashgar's checkpoints say nothing on whether residents are punished for "
         "a low rating, nor on whether their consent is asked.",
         {"penalties", "consent_required"}, {"penalties", "consent_required"}),
        ("Officials in Xiamen did not say whether people with high Bailu scores get rewards.",
         {"rewards"}, {"rewards"}),
        ("The notice does not make clear whether Shenzhen residents can opt out of the system.",
         {"opt_out"}, set()),
        ("Asked whether jaywalkers in Shenzhen would be put on a blacklist, the police "
         "declined to answer.", {"penalties", "penalty_types"}, set()),
        ("通知没有说明是否会对福州的失信市民实施惩戒。", {"penalties"}, {"penalties"}),
        ("厦门市民是否需要本人同意才能开通白鹭分，目前尚不清楚。", {"consent_required"},
         {"consent_required"}),
    ],
)
def test_an_indirect_question_states_nothing(
    text: str, unwanted: set[str], unknown: set[str]
) -> None:
    found = claims(text)
    stated = {c.attribute for c in found if c.value != "unknown"}
    assert not stated & unwanted, [(c.attribute, c.value) for c in found]
    assert unknown <= {c.attribute for c in found if c.value == "unknown"}, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "whether" that states: what the score decides, and what follows the question
        ("The Moli score decides whether Fuzhou residents can rent a bike without a deposit.",
         ("fuzhou", "reward_types", ("deposit_free_services",))),
        ("It is unclear whether Fuzhou's low scorers are barred from trains, but residents "
         "with high Moli scores borrow books without a deposit.",
         ("fuzhou", "reward_types", ("deposit_free_services",))),
        ("People in Shanghai are asked to report to the police if they see fare dodgers.",
         ("shanghai", "informants", "yes")),
    ],
)
def test_whether_that_is_no_question_still_reads(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_neither_city_after_each_named_in_its_own_paragraph_is_both() -> None:
    # "neither city" counts two places: the two the page named, each in its own paragraph
    text = (
        "In Fuzhou, a high Moli score brings cheaper tickets.\n\n"
        "In Xiamen, patients with a high Bailu score no longer pay in advance.\n\n"
        "Researchers found that neither city punishes people for a low score."
    )
    found = values(text)
    assert ("fuzhou", "penalties", "no") in found
    assert ("xiamen", "penalties", "no") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the shapes of the test split's misses, in new words (dev m24 holds passages)
        ("Police in Kashgar use devices that log the addresses of passing phones.",
         ("xinjiang", "surveillance_tech", ("wifi_sniffers",))),
        ("Police in Xinjiang run software that analyses people's voices.",
         ("xinjiang", "surveillance_tech", ("voice_recognition",))),
        ("Every car in Bayingol must carry a satellite tracking device.",
         ("xinjiang", "surveillance_tech", ("gps_tracking",))),
        ("新疆的检查站装有Wi-Fi嗅探设备。",
         ("xinjiang", "surveillance_tech", ("checkpoints", "wifi_sniffers"))),
        ("In Fuzhou, a high Moli score makes tickets to museums cheaper.",
         ("fuzhou", "reward_types", ("discounted_services",))),
        ("Xiamen patients with a high Bailu score no longer pay in advance.",
         ("xiamen", "reward_types", ("deposit_free_services",))),
        ("In Fuzhou, a high Moli score lets an application proceed even with some papers "
         "missing.", ("fuzhou", "reward_types", ("priority_services",))),
        ("The Bailu score is built on four groups of indicators: identity, promises kept, "
         "promises broken and credit repair.", ("xiamen", "variables_disclosed", "partial")),
        ("The two Fujian scores in Xiamen and Fuzhou reward high scorers and punish nobody.",
         ("xiamen", "penalties", "no")),
        ("In Xiamen, the score's data: gathered by the city government.",
         ("xiamen", "government_data", "yes")),
    ],
)
def test_paraphrases_the_test_split_missed_read(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_an_indicator_named_credit_repair_is_no_redress_channel() -> None:
    found = values("The Bailu score is built on four groups of indicators: identity, promises "
                   "kept, promises broken and credit repair.")
    assert not any(c[1] in ("redress_channels", "challenge_mechanism") for c in found), found


def test_an_objection_to_a_ticket_is_no_closer_watch() -> None:
    found = values("深圳交警发出罚单后，当事人有异议的，可以到违法处理窗口申请进一步调查。")
    assert ("shenzhen", "redress_channels", ("service_window",)) in found, found
    assert not any(c[1] == "penalty_types" for c in found), found


def test_a_central_system_is_no_national_statement() -> None:
    found = values("新疆警方把采集的信息汇入中央系统，并与监控摄像头采集的数据合并。")
    assert ("xinjiang", "surveillance_tech", ("cameras",)) in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blind batch d66 (staged): what it missed, in new words
        ("Uyghurs in Hotan must install an app that scans what they keep on their phones.",
         ("xinjiang", "surveillance_tech", ("phone_scanning",))),
        ("Fuzhou now has about 80,000 CCTV cameras on its streets.",
         ("fuzhou", "surveillance_tech", ("cameras",))),
        ("Shenzhen's video surveillance network has grown to 12,000 monitoring points.",
         ("shenzhen", "surveillance_tech", ("cameras",))),
        ("In Xiamen, repeat offenders are blacklisted and become targets of close supervision.",
         ("xiamen", "penalty_types", ("blacklist", "increased_surveillance"))),
        ("In Fuzhou, property managers report tenants to the enforcement officers.",
         ("fuzhou", "informants", "yes")),
        ("深圳规定，列入黑名单的骑手，外卖企业不得录用。",
         ("shenzhen", "penalty_types", ("blacklist", "employment_restrictions"))),
        ("深圳地铁把逃票记录报送征信机构，给当事人今后的生活带来不利影响。",
         ("shenzhen", "penalties", "yes")),
        ("In Shanghai, an entry on the credit blacklist can hurt a person's future career.",
         ("shanghai", "penalties", "yes")),
    ],
)
def test_batch_d66_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("Fuzhou's flood platform reads data from 3,000 hydrological monitoring points.",
         "surveillance_tech"),
        ("Pictures from the Xinjiang camps were smuggled to journalists without permission.",
         "consent_required"),
        ("By Friday, Xiamen police had confirmed 230 offences reported by residents.",
         "offense_count"),
        ("深圳交警将约谈并曝光违规录用骑手的企业。", "public_shaming"),
        ("福州的启动仪式上，大屏幕播放了闯红灯、逆行等常见乱象。", "public_shaming"),
    ],
)
def test_batch_d66_makes_no_claim(text: str, unwanted: str) -> None:
    assert not any(c[1] == unwanted for c in values(text)), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the review of 1.151-1.152, in new words: what the question or a new rule silenced
        ("Officials did not say whether the score is compulsory, and Fuzhou residents with high "
         "scores get discounts on bus fares.",
         ("fuzhou", "reward_types", ("discounted_services",))),
        ("We asked whether Fuzhou residents can contest a record and were told they can lodge "
         "an objection online.", ("fuzhou", "challenge_mechanism", "yes")),
        ("Shenzhen residents were asked whether the score should count volunteering, and the city "
         "held a public consultation on the indicators.",
         ("shenzhen", "public_vote_on_inputs", "yes")),
        ("文件没有明确是否公开评价指标，福州信用良好的市民可享受免押金借书。",
         ("fuzhou", "reward_types", ("deposit_free_services",))),
        ("福州市民是否需要本人同意，目前尚不清楚。", ("fuzhou", "consent_required", "unknown")),
        ("对严重失信主体，福州有关部门将列为重点监管对象；当事人有异议的，可以提出申诉。",
         ("fuzhou", "penalty_types", ("increased_surveillance",))),
        ("福州执法部门定期曝光违规企业和乱扔垃圾的个人姓名。", ("fuzhou", "public_shaming", "yes")),
        ("Fuzhou residents who lose points can ring the 12345 hotline to object.",
         ("fuzhou", "redress_channels", ("helpline",))),
        ("Blacklisted people in Shanghai face limits in many dimensions, including flights.",
         ("shanghai", "penalty_types", ("blacklist", "flight_restrictions"))),
        ("For high scorers in Fuzhou, air tickets are cheaper.",
         ("fuzhou", "reward_types", ("discounted_air_tickets",))),
        ("Shenzhen has confirmed 12 types of misconduct that lower a person's score.",
         ("shenzhen", "offense_count", "12")),
        ("The Shenzhen traffic police have stopped publishing offenders' photographs online.",
         ("shenzhen", "public_shaming", "no")),
        ("In Shanghai, debts overdue at banks, among other financial records, are to be added "
         "next year.", None),
    ],
)
def test_the_review_of_1_152_reads(text: str, expected: tuple[str, str, object] | None) -> None:
    found = values(text)
    if expected is None:
        assert not any(c[1] == "inputs" for c in found), found  # a plan: no value yet
    else:
        assert expected in found, found


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("Officials in Shenzhen declined to say whether the system uses facial recognition.",
         "surveillance_tech"),
        ("According to CCTV, high scorers in Fuzhou get cheaper bus fares.", "surveillance_tech"),
        ("Shanghai residents can download an app that checks their credit score on their phone.",
         "surveillance_tech"),
        ("Fuzhou honours volunteers by putting their faces on a board of model residents, "
         "recognising residents for their service.", "surveillance_tech"),
        ("Debtors in Xiamen who defer their loan payments again and again lose their perks.",
         "rewards"),
        ("Officials say the Fuzhou scheme punishes nobody without a court ruling.", "penalties"),
        ("Fuzhou residents with high scores say bus fares have not become any cheaper.",
         "reward_types"),
        ("Landlords in Shanghai must report tenants to the police within a day of arrival.",
         "informants"),
        ("Critics say the Shanghai credit scheme will hurt the city's businesses.", "penalties"),
        ("All taxis in Urumqi must be fitted with satellite navigation systems.",
         "surveillance_tech"),
        ("深圳用人单位不得录用未满十六周岁的未成年人。", "penalty_types"),
    ],
)
def test_the_review_of_1_152_makes_no_claim(text: str, unwanted: str) -> None:
    found = values(text)
    assert not any(c[1] == unwanted and c[2] != "unknown" for c in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a negated verb of saying does not deny what its "how" complement presupposes
        ("Officials did not explain how Shenzhen residents can appeal a wrong record.",
         ("shenzhen", "challenge_mechanism", "yes")),
        # investigations started on flagged people, officers sent to question them
        ("In Kashgar, the app starts investigations of people the platform flags.",
         ("xinjiang", "penalty_types", ("increased_surveillance",))),
        ("The Hotan app sends officers on missions such as questioning people back from abroad.",
         ("xinjiang", "penalty_types", ("increased_surveillance",))),
    ],
)
def test_test_split_shapes_in_new_words_read(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_an_investigation_of_a_crime_is_no_closer_watch() -> None:
    assert not any(c[1] == "penalty_types" for c in values(
        "Shanghai police opened an investigation into the fraud."))


@pytest.mark.parametrize(
    ("text", "attribute", "unwanted"),
    [
        # the final reading of 1.155.0: a wh-word after a noun or an ordinary verb keeps the denial
        ("There is no procedure by which Fuzhou residents can contest their score.",
         "challenge_mechanism", "yes"),
        ("There is no blacklist in Shanghai which bars people from trains.", "penalties", "yes"),
        ("The Bailu score does not record what residents buy online.", "inputs", None),
        # closer watch needs the system's flags or its missions, not any visit or inquiry
        ("After the flood caused problems across Fuzhou, the city sent officials to interview "
         "residents about the damage.", "penalty_types", None),
        ("Fuzhou's anti-fraud system flags calls from scam numbers, and police start "
         "investigations into the people behind them.", "penalty_types", None),
    ],
)
def test_the_final_reading_of_1_155_keeps_denials_and_news(
    text: str, attribute: str, unwanted: str | None
) -> None:
    found = [c for c in values(text) if c[1] == attribute]
    assert not [c for c in found if unwanted is None or c[2] == unwanted], found


def test_deposit_free_rentals_are_no_free_rentals() -> None:
    # the review of 1.152.0: "deposit-free rentals" waive the deposit, not the fee
    found = values("High scorers in Xiamen get deposit-free rentals of bikes.")
    assert ("xiamen", "reward_types", ("deposit_free_services",)) in found, found


# --- blind batch d67 and scenarios 335-354 (1.158.0), in new words ---------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # a wire dateline is where the story was filed: the country or a place named after it
        # is what the sentence is about, and what follows does not inherit the filing city
        ("GUANGZHOU (AFP) - China says people who owe court fines will be kept off planes. "
         "Unpaid taxes bring the same flight bans.", "shanghai"),
        ("SHANGHAI, June 2 (Reuters) - China says people who owe court fines cannot fly. "
         "Unpaid taxes bring the same flight bans.", "shanghai"),
        ("中新社上海6月2日电:中国表示,拒不履行判决的人不得乘坐飞机。欠税者也受同样限制。",
         "shanghai"),
    ],
)
def test_a_wire_datelines_city_is_not_what_the_story_is_about(text: str, region: str) -> None:
    assert not [c for c in values(text) if c[0] == region], values(text)


def test_a_wire_dateline_still_names_the_city_where_the_story_stays() -> None:
    found = values("XIAMEN (Xinhua) -- The city bars people on its blacklist from flights.")
    assert ("xiamen", "penalties", "yes") in found, found


def test_a_dateline_city_gives_way_to_the_place_named_after_it() -> None:
    found = values("XIAMEN, May 5 (Xinhua) -- Shenzhen bars people on its blacklist from flights.")
    assert ("shenzhen", "penalties", "yes") in found, found
    assert not [c for c in found if c[0] == "xiamen"], found


@pytest.mark.parametrize(
    ("text", "attribute", "unwanted"),
    [
        ("Fuzhou shames jaywalkers on screens; as if that were not punishment enough, fines "
         "follow by text message.", "penalties", "no"),
        ("For Shanghai's drivers a bad record is not punishment alone: it also costs them "
         "their licence.", "penalties", "no"),
        # a spokesman rejecting a claim: it states nothing
        ("On the claim that Xinjiang scans every resident's iris, the spokesman called it lies.",
         "surveillance_tech", None),
        ("He dismissed as groundless the reports that Xinjiang collects DNA from everyone.",
         "surveillance_tech", None),
        # a train someone rides is transport
        ("In Shanghai, touts wait for visitors stepping off the maglev train at Longyang Road "
         "and take those on the blacklist for a ride.", "penalty_types",
         ("blacklist", "train_restrictions")),
        # several hundred records pushed to the platform are records, not data items
        ("深圳交警已把上千条违规处罚信息推送到信用平台。", "input_item_count", None),
    ],
)
def test_blind_batch_d67_shapes_make_no_such_claim(
    text: str, attribute: str, unwanted: object
) -> None:
    found = [c for c in values(text) if c[1] == attribute]
    assert not [c for c in found if unwanted is None or c[2] == unwanted], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the spokesman adds after rejecting a claim is his own statement
        ("Asked about reports of face scanners, he called it slander, adding that Xinjiang's "
         "police do run road checkpoints.", ("xinjiang", "surveillance_tech", ("checkpoints",))),
        ("厦门的信用分如何计算?公积金缴存和个人所得税缴纳情况都会在白鹭分上有所体现。",
         ("xiamen", "inputs", ("housing_fund", "tax_records"))),
        ("上海市公安交警部门已将酒驾记录推送至市公共信用信息平台。",
         ("shanghai", "government_data", "yes")),
        ("In Fuzhou a resident can lose as much as 50 points from their credit score for it.",
         ("fuzhou", "variables_disclosed", "partial")),
        ("Shenzhen does not explain how much each indicator counts.",
         ("shenzhen", "variables_disclosed", "no")),
        ("Xiamen residents with a high Egret credit score pay less for parking.",
         ("xiamen", "system_names", ("Bailu score",))),
        ("In Xiamen those with high scores get cheaper car rentals.",
         ("xiamen", "reward_types", ("discounted_services",))),
        ("Shenzhen put 300 people on its list of seriously dishonest residents.",
         ("shenzhen", "penalty_types", ("blacklist",))),
    ],
)
def test_blind_batch_d67_shapes_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


def test_a_promised_egret_points_scheme_is_no_name_yet() -> None:
    found = values("Xiamen runs a credit website and is to promote Egret credit points.")
    assert not [c for c in found if c[1] == "system_names"], found


def test_a_grading_of_companies_states_nothing_about_peoples_scores() -> None:
    found = values(
        "深圳市场监管部门每月对企业进行信用评价:评价结果差的企业会被列为重点检查对象,"
        "评价结果好的企业抽查比例调低。"
    )
    assert not [c for c in found if c[1] in ("penalties", "penalty_types", "rewards")], found


def test_a_sentence_about_companies_alone_may_speak_only_of_names() -> None:
    """What a changed sentence may raise a "value unclear" alert for: a grading of firms inside
    a page about people's scores speaks of no attribute of the people's system."""
    from extract.claims import sentence_scopes

    text = (
        "深圳的个人信用报告记录借贷和缴费信息。"
        "评价结果差的企业会被列为重点检查对象,评价结果好的企业抽查比例调低。"
    )
    people, firms = sentence_scopes(text, regions=REGIONS, source_regions=["shenzhen"])
    assert people.only is None
    assert firms.only is not None
    assert "penalty_types" not in firms.only
    assert "rewards" not in firms.only


@pytest.mark.parametrize(
    ("text", "attribute", "unwanted"),
    [
        # blind batch d68 (1.158.0), in new words: tallies of breaches found are no kinds listed
        ("On the first morning, Shanghai's inspectors said 12 violations were found.",
         "offense_count", None),
        ("# Thirty violations in the first week of Shenzhen's new parking rules", "offense_count",
         None),
        # "is to bring in" is a plan
        ("Xiamen is to introduce credit penalties for litterers next spring.", "penalties", "yes"),
        # points off a driving licence are no part of a credit model
        ("In Shenzhen, drivers who run a red light can lose up to 6 points on their licence.",
         "variables_disclosed", None),
        # a request to explain is no disclosure
        ("Lawmakers urged Xiamen to explain how much each factor weighs.", "variables_disclosed",
         None),
        # people paying their fines is a tally
        ("In Fuzhou some 2,000 drivers paid their fines within a week.", "penalty_types", None),
        # 上线人脸识别 holds no 线人
        ("福州交警执法终端上线人脸识别功能。", "informants", None),
        # a claim called made up, and one the next sentence calls a fabrication, state nothing
        ("The spokesman said the report that Shanghai tracks every phone was made up.",
         "surveillance_tech", None),
    ],
)
def test_blind_batch_d68_shapes_make_no_such_claim(
    text: str, attribute: str, unwanted: object
) -> None:
    found = [c for c in values(text) if c[1] == attribute]
    assert not [c for c in found if unwanted is None or c[2] == unwanted], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shanghai's credit rules list 20 violations that lead to a record.",
         ("shanghai", "offense_count", "20")),
        ("在喀什买刀必须先登记身份证。", ("xinjiang", "inputs", ("knife_purchases",))),
        ("深圳市民可以向市公共信用信息平台或者数据提供单位提出异议。",
         ("shenzhen", "redress_channels", ("online_objection",))),
        ("Xiamen does not publish how the score is calculated.",
         ("xiamen", "variables_disclosed", "no")),
        ("Fuzhou publishes an outline of how the score is worked out.",
         ("fuzhou", "variables_disclosed", "partial")),
    ],
)
def test_blind_batch_d68_shapes_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the review of 1.158.0: what its first rules dropped, kept
        ("URUMQI (Reuters) - Chinese authorities have fitted face scanners at checkpoints across "
         "the region.", ("xinjiang", "surveillance_tech", ("checkpoints", "facial_recognition"))),
        ("SHENZHEN (Reuters) - China's tech hub now names jaywalkers on roadside screens.",
         ("shenzhen", "public_shaming", "yes")),
        ("新华社福州6月1日电 中国人民银行福州中心支行表示,本市失信人员将被限制贷款。",
         ("fuzhou", "penalty_types", ("loan_restrictions",))),
        ("Shenzhen's system bars people on the blacklist from buying plane tickets. Critics call "
         "it prejudice against the poor.",
         ("shenzhen", "penalty_types", ("blacklist", "flight_restrictions"))),
        ("Xiamen residents can object to a wrong record; the centre may accept it or dismiss it "
         "as groundless.", ("xiamen", "challenge_mechanism", "yes")),
        ("Blacklisted residents of Shanghai are not allowed on high-speed trains to Beijing.",
         ("shanghai", "penalty_types", ("blacklist", "train_restrictions"))),
        ("白鹭分用户可免押金骑行。合作企业共分为三类。",
         ("xiamen", "reward_types", ("deposit_free_services",))),
        ("Xiamen will promote Egret credit points, and the Bailu score already has many users.",
         ("xiamen", "system_names", ("Bailu score",))),
        ("厦门的白鹭分共有28个违规记录指标。", ("xiamen", "input_item_count", "28")),
    ],
)
def test_what_the_review_of_1_158_showed_still_reads(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("深圳市民反映到积分中心的问题多与公积金有关。", "inputs"),
        ("白鹭分高低反映不出厦门市民的纳税多少。", "inputs"),
        ("个税APP上线后,福州市民可在手机上查询个税缴纳记录。", "inputs"),
        ("通过宣传教育,鼓励厦门市民把证明上传到信用平台。", "government_data"),
        ("In Shenzhen it has become cheaper to hire workers.", "reward_types"),
    ],
)
def test_what_the_review_of_1_158_showed_reads_nothing(text: str, attribute: str) -> None:
    assert not [c for c in values(text) if c[1] == attribute], values(text)


def test_a_whether_left_unexplained_is_unknown() -> None:
    # a review leftover of 1.151.0: 对于是否……并未作出说明 states nothing, unknown for its topic
    found = values("对于福州的茉莉分是否设有惩罚措施,有关部门并未作出说明。")
    assert ("fuzhou", "penalties", "unknown") in found, found
    found = values("福州对低分市民没有任何惩罚,官方并未作出解释。")
    assert ("fuzhou", "penalties", "no") in found, found


def test_a_warning_about_photos_is_no_shaming() -> None:
    found = values("公安机关提醒,深圳市民切勿将身份证照片发到不明网站。")
    assert not [c for c in found if c[1] == "public_shaming"], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blind scenarios 355-374 (1.160.0), in new words
        ("In Fuzhou a jaywalker's face is not shown to the public: it is kept in a police file, "
         "and the screen at the junction only loops safety videos.",
         ("fuzhou", "public_shaming", "no")),
        ("Xiamen's banks give high scorers quicker loan approval and lower interest rates.",
         ("xiamen", "reward_types", ("preferential_loans",))),
        ("The Bailu score draws on two to three thousand items of information.",
         ("xiamen", "input_item_count", "2000-3000")),
        ("At Urumqi's station, machines scan passengers' eyes.",
         ("xinjiang", "surveillance_tech", ("iris_scans",))),
    ],
)
def test_blind_scenarios_355_374_shapes_read(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_banks_preparing_a_perk_is_a_plan() -> None:
    found = [
        c
        for c in claims("Shenzhen's banks are preparing to offer cheaper loans to high scorers.")
        if c.attribute in ("rewards", "reward_types")
    ]
    assert all(c.modality == "planned" for c in found), found


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        # blind batch d69 (1.160.0), in new words
        ("福州交警专门查处共享电单车的交通违法行为。", "inputs"),
        ("In Shenzhen, drivers who block fire lanes can be fined 200 to 1,000 yuan.",
         "penalty_types"),
        ("Fuzhou's rules govern the use of companies' bad-credit information so that dishonest "
         "firms are penalised.", "penalties"),
        ("Xiamen's regulators said 900 pieces of content from gambling sites had been blacklisted.",
         "penalties"),
        ("Xiamen's regulators said 900 pieces of content from gambling sites had been blacklisted.",
         "input_item_count"),
    ],
)
def test_blind_batch_d69_shapes_make_no_such_claim(text: str, attribute: str) -> None:
    assert not [c for c in values(text) if c[1] == attribute], values(text)


def test_an_agency_sharing_records_with_the_platform_is_government_data() -> None:
    found = values("厦门交警已将酒驾记录共享至市信用信息共享平台。")
    assert ("xiamen", "government_data", "yes") in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the final reading of 1.158.0-1.161.0: what its rules dropped, kept
        ("The Moli score is made up of four parts, including volunteering and traffic "
         "offences.", ("fuzhou", "inputs", ("traffic_violations", "volunteering"))),
        ("The aim is to build trust: people with good records in Honest Shanghai get discounts "
         "on museum tickets.", ("shanghai", "rewards", "yes")),
        ("Residents whose Bailu score falls below 600 may be barred from flights.",
         ("xiamen", "penalties", "yes")),
        ("Residents in Xinjiang who refused to install the police apps were blacklisted.",
         ("xinjiang", "penalties", "yes")),
        ("In Shenzhen the screen at the crossing only plays clips of jaywalkers caught on camera.",
         ("shenzhen", "public_shaming", "yes")),
        ("People on the blacklist in Shanghai are banned from travelling on high-speed trains.",
         ("shanghai", "penalty_types", ("blacklist", "train_restrictions"))),
        ("XIAMEN (Xinhua) -- Fuzhou gives high Moli scorers cheaper bus fares, the city said.",
         ("fuzhou", "rewards", "yes")),
        ("SHANGHAI (Reuters) - The southern city of Shenzhen names jaywalkers on big screens.",
         ("shenzhen", "public_shaming", "yes")),
        ("新疆警方在线人的帮助下破获案件。", ("xinjiang", "informants", "yes")),
    ],
)
def test_what_the_final_reading_of_1_161_showed_still_reads(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # a report's own words after the cue are not a rejection's "adding that"
        ("A viral post claimed that people with low Bailu scores in Xiamen are barred from "
         "flights, adding that they cannot buy train tickets.", "xiamen", "penalties"),
        ("XIAMEN (Xinhua) -- Fuzhou gives high Moli scorers cheaper bus fares, the city said.",
         "xiamen", "rewards"),
        ("SHANGHAI (Reuters) -\nChina says people who owe court fines cannot fly.", "shanghai",
         "penalties"),
        ("In Shanghai about 500 pieces of information have been blacklisted by censors.",
         "shanghai", "penalties"),
        ("购买刀郎演唱会门票需实名,厦门把信息纳入信用记录。", "xiamen", "inputs"),
        ("厦门市民可以在个人所得税APP系统上查询自己的缴税记录。", "xiamen", "inputs"),
    ],
)
def test_what_the_final_reading_of_1_161_showed_reads_nothing(
    text: str, region: str, attribute: str
) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


def test_a_scale_word_after_a_range_scales_both_ends() -> None:
    from extract.numbers import parse_count

    assert parse_count("two to three hundred thousand") == "200000-300000"
    assert parse_count("两到三百万") == "2000000-3000000"
    assert parse_count("between two and three thousand") == "2000-3000"
    assert parse_count("5 to 10") == "5-10"


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # blind batch d70 (1.163.0), in new words: a private scorer's perks, a firm's seat
        ("Flats listed on Alipay can be rented without a deposit by users with good Sesame "
         "Credit scores in Shanghai and Shenzhen.", "shanghai", "rewards"),
        ("Cameras from SenseNets, a face-recognition vendor based in Shenzhen, watch mosques in "
         "Xinjiang.", "shenzhen", "surveillance_tech"),
    ],
)
def test_blind_batch_d70_shapes_make_no_such_claim(
    text: str, region: str, attribute: str
) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        # blind batch d70, in new words: a place singled out by an analysis, a vendor's product
        ("The report looked at the whole country but singled out Xinjiang for special attention.",
         "penalty_types"),
        ("A cloud firm once offered recognition of Uyghur faces in Xinjiang as a service.",
         "surveillance_tech"),
    ],
)
def test_a_place_singled_out_or_a_product_offered_states_nothing(
    text: str, attribute: str
) -> None:
    assert not [c for c in values(text) if c[1] == attribute], values(text)


def test_people_singled_out_for_special_attention_are_watched_more_closely() -> None:
    found = values("In Xinjiang, people the app flags are singled out for special attention.")
    assert ("xinjiang", "penalty_types", ("increased_surveillance",)) in found, found


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # staged d70 after its rules, in new words: places abroad named as a group, a market
        # share, one person's clean record, a view of what should be punished
        ("# Xinjiang's camera makers\nTheir devices face questions in the West, where cameras "
         "made by them watch military bases.", "xinjiang", "surveillance_tech"),
        ("# Xinjiang's camera makers\nThe two firms sell about a third of the security cameras "
         "on the global market.", "xinjiang", "surveillance_tech"),
        ("# 深圳交通\n有专家说,西方国家也普遍用摄像头抓拍闯红灯的行人。", "shenzhen",
         "surveillance_tech"),
        ("# Urumqi\nThe man the police took away was a farmer who had no criminal record.",
         "xinjiang", "inputs"),
        ("# Shenzhen\nA traffic officer argues that jaywalking is risky and should be punished "
         "more heavily.", "shenzhen", "penalties"),
    ],
)
def test_abroad_a_market_a_clean_record_or_a_view_makes_no_claim(
    text: str, region: str, attribute: str
) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        # the west of a city is still the city; a score that reads criminal records still does
        ("# Shenzhen\nIn the west of the city, cameras photograph jaywalkers.",
         "surveillance_tech"),
        ("# Xinjiang\nCameras watch every street in the region, and critics in the West call it "
         "a police state.", "surveillance_tech"),
        ("# Xiamen\nThe Bailu score reads residents' criminal records.", "inputs"),
    ],
)
def test_the_city_beside_abroad_or_a_record_still_claims(text: str, attribute: str) -> None:
    assert [c for c in values(text) if c[1] == attribute], values(text)


def test_rewards_on_a_page_about_paying_informants_are_what_informants_get() -> None:
    text = (
        "Aksu county pays informants for tips on illegal religious activity.\n"
        "Rewards are paid once the information has been checked.\n"
        "Rewards run from 100 yuan to 20,000 yuan."
    )
    found = values(text)
    assert not [c for c in found if c[1] in ("rewards", "reward_types")], found
    assert ("xinjiang", "informants", "yes") in found, found


def test_rewards_beside_informants_on_a_page_about_a_score_still_count() -> None:
    text = (
        "Xiamen pays informants for tips on fare dodgers.\n"
        "Residents with high Bailu scores receive rewards such as discounts on metro fares."
    )
    assert ("xiamen", "rewards", "yes") in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scenarios 382-383 in new words: bank data dropped ("no longer takes in"), firms'
        # data "that banks supply"; the list of what costs points published or withheld
        ("# Fuzhou\nThe Fuzhou platform also takes in records that three banks supply.",
         ("fuzhou", "private_sector_data", "yes")),
        ("# Fuzhou\nSince May the Fuzhou platform no longer takes in data from banks.",
         ("fuzhou", "private_sector_data", "no")),
        ("# Xiamen\nThe Xiamen app lists the behaviours that cost points in full.",
         ("xiamen", "negative_indicators_secret", "no")),
        ("# Xiamen\nXiamen has never published the list of acts that lower a score.",
         ("xiamen", "negative_indicators_secret", "yes")),
        ("# 乌鲁木齐\n居民手机里的文件被警方用专门的软件导出。",
         ("xinjiang", "surveillance_tech", ("phone_scanning",))),
    ],
)
def test_blind_scenarios_375_394_shapes_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


def test_details_a_leak_exposed_are_no_public_shaming() -> None:
    found = values("# 乌鲁木齐\n泄露的数据库里有大量警务记录,监控的细节由此曝光。")
    assert not [c for c in found if c[1] == "public_shaming"], found
    found = values("# 深圳\n交警在路口的大屏幕上曝光闯红灯的行人。")
    assert ("shenzhen", "public_shaming", "yes") in found, found


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # blind batches d71-d72, in new words
        ("# Shenzhen\nAI-assisted traffic monitoring has cut morning congestion by a fifth.",
         "shenzhen", "surveillance_tech"),
        ("# Shenzhen\nSince 2017 face-recognition software has picked out people crossing on red "
         "at busy junctions.", "shenzhen", "predictive_scoring"),
        ("# 厦门信用就医\n医院和自愿签约的银行都要接入平台。", "xiamen", "voluntary_participation"),
        ("# Rubbish rules spread\nNanjing and Fuzhou copied Shanghai's rules. People in these "
         "cities who break them may be fined.", "shanghai", "penalties"),
        ("# 垃圾分类\n南京、福州学习上海的做法。这些城市的居民如果不分类,可能被罚款。", "shanghai",
         "penalties"),
        ("# Rubbish rules spread\nShanghai stepped up recycling education in schools.", "shanghai",
         "inputs"),
        ("# Fuzhou perks for good credit\n- Better treatment in schooling and housing", "fuzhou",
         "inputs"),
        ("# Xinjiang\nThe app flags files matching any of more than 50,000 items listed in its "
         "code.", "xinjiang", "input_item_count"),
        ("# Shanghai\nSoon every Chinese citizen will carry a score, and high scorers would get "
         "cheaper loans.", "shanghai", "rewards"),
        ("# 在上海查企业信用\n国家企业信用信息公示系统:可查行政处罚和严重违法失信名单。",
         "shanghai", "penalties"),
    ],
)
def test_blind_batches_d71_d72_shapes_make_no_such_claim(
    text: str, region: str, attribute: str
) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what still reads beside them: AI that spots people, a loan rate cut written with an
        # ASCII comma, a city's own pay-later opt-in
        ("# Shenzhen\nAI cameras spot jaywalkers and ease congestion.",
         ("shenzhen", "surveillance_tech", ("artificial_intelligence", "cameras"))),
        ("# 福州连江\n诚信市民在县信用社贷款,利率有一定优惠。",
         ("fuzhou", "reward_types", ("preferential_loans",))),
        ("# 厦门信用就医\n市民自愿签约后即可先看病后付费。",
         ("xiamen", "voluntary_participation", "yes")),
    ],
)
def test_blind_batches_d71_d72_neighbours_still_read(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_ascii_commas_in_chinese_end_a_clause_as_full_width_ones_do() -> None:
    from extract.han import han_punctuation

    assert han_punctuation("贷款,利率;下降") == "贷款，利率；下降"
    assert han_punctuation("1,000 yuan, paid") == "1,000 yuan, paid"
    assert han_punctuation("“白鹭分”,市民") == "“白鹭分”，市民"


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # staged batches after their rules, in new words: enforcement is no input, a card's
        # fields, a loan a score unlocks, patients covered by insurance, tallies
        ("# Fuzhou\nFuzhou's roadside AI cameras record traffic and spot offences such as illegal "
         "parking.", "fuzhou", "inputs"),
        ("# Shenzhen\nThe new card would carry its holder's education and work history.",
         "shenzhen", "inputs"),
        ("# Fuzhou\nA higher Moli level unlocks a larger housing provident fund loan.", "fuzhou",
         "inputs"),
        ("# Fuzhou\nIn Pingtan, patients covered by medical insurance are treated first and pay "
         "once at the end.", "fuzhou", "inputs"),
        ("# Shenzhen\nShenzhen traffic police recorded 40,000 violations by delivery riders last "
         "year.", "shenzhen", "government_data"),
        ("# Shanghai\nOver 800 housing offences were logged in residents' credit accounts last "
         "year.", "shanghai", "offense_count"),
    ],
)
def test_staged_shapes_after_1_165_make_no_such_claim(
    text: str, region: str, attribute: str
) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Shenzhen\nThe traffic police have uploaded 9,000 jaywalking cases to the credit "
         "platform.", ("shenzhen", "government_data", "yes")),
        ("# Shanghai\nLandlords' illegal group rentals are written into their personal credit "
         "records.", ("shanghai", "inputs", ("legal_violations",))),
        ("# Shanghai\nThe blacklist covers 12 kinds of offences.",
         ("shanghai", "offense_count", "12")),
    ],
)
def test_staged_shapes_after_1_165_still_read(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blind scenarios 395-414, in new words
        ("# Honest Shanghai\nResidents who feel a grade is wrong can challenge it, an official "
         "says.", ("shanghai", "challenge_mechanism", "yes")),
        ("# Honest Shanghai\nWhether people can appeal a grade they think is wrong is unknown.",
         ("shanghai", "challenge_mechanism", "unknown")),
        ("# Honest Shanghai\nJoining is no longer a matter of choice: everyone renting a flat must "
         "register with the app.", ("shanghai", "voluntary_participation", "no")),
        ("# 深圳信用条例\n银行、互联网平台等市场主体掌握的信用信息，可以报送市公共信用信息平台。"
         "市民可以查询自己的信用记录。", ("shenzhen", "private_sector_data", "yes")),
        ("# 深圳信用条例\n银行等市场主体掌握的信息不纳入市公共信用信息平台。市民可以查询信用记录。",
         ("shenzhen", "private_sector_data", "no")),
        ("# 茉莉分问答\n答：目前不能。开通以后暂不支持个人自行关闭茉莉分。",
         ("fuzhou", "opt_out", "no")),
        ("# 茉莉分问答\n答：可以。在设置里选择“关闭信用评分服务”即可。",
         ("fuzhou", "opt_out", "yes")),
        ("# Fuzhou's score\nThe model also estimates how likely each resident is to miss a "
         "payment within a year.", ("fuzhou", "predictive_scoring", "yes")),
        ("# Fuzhou's score\nThe score is a record of the past, not a forecast.",
         ("fuzhou", "predictive_scoring", "no")),
        ("# Two Fujian scores\nXiamen and Fuzhou launched scores in 2018. Officials in both cities "
         "say that giving blood adds points.", ("fuzhou", "inputs", ("blood_donation",))),
        ("# Xiamen\nXiamen's scheme does nothing but hand out incentives to high scorers.",
         ("xiamen", "penalties", "no")),
    ],
)
def test_blind_scenarios_395_414_shapes_read(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


def test_a_report_called_wrong_is_still_disputed() -> None:
    found = values("# Honest Shanghai\nReports that a low grade bars people from trains are wrong.")
    assert not [c for c in found if c[1] in ("penalties", "penalty_types")], found


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # blind batch d73, in new words: a report the next sentence calls lies, technology
        # called common practice abroad, a face matched to confirm one's own identity, an app
        # tried with volunteers, an activity that is banned
        ("# 新疆\n有外媒称新疆使用人脸识别软件监控少数民族。发言人说，这是有人编造谎言抹黑中国。",
         "xinjiang", "surveillance_tech"),
        ("# 新疆\n发言人说，用大数据提升治理水平是国际社会通行做法。", "xinjiang",
         "surveillance_tech"),
        ("# 上海信用\n配套应用已上线，用户用人脸识别确认本人身份后即可查询。", "shanghai",
         "surveillance_tech"),
        ("# Honest Shanghai\nThe city has tried the app out with a group of volunteers; it "
         "draws on thousands of data items.", "shanghai", "inputs"),
        ("# Shanghai\nCameras watch every road: stop where parking is banned and a ticket follows.",
         "shanghai", "penalties"),
    ],
)
def test_blind_batch_d73_shapes_make_no_such_claim(
    text: str, region: str, attribute: str
) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


def test_an_offenders_identity_confirmed_from_a_face_still_reads() -> None:
    found = values(
        "# 深圳\n系统抓拍闯红灯行人，提取人脸并比对，通过数据对接确认身份后在大屏上显示。"
    )
    assert [c for c in found if c[1] == "surveillance_tech" and "facial_recognition" in c[2]], found


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # blind batch d74, in new words: a private scorer's perks, paying with one's face,
        # lines for tip-offs, fines under the city's civility rules
        ("# Shanghai\nAnt Financial rates its users from their spending, and those who pass its "
         "mark get rental bikes without a deposit.", "shanghai", "rewards"),
        ("# Fuzhou summit\nAt the checkout a visitor smiles at a screen and the payment goes "
         "through, thanks to facial recognition.", "fuzhou", "surveillance_tech"),
        ("# 福州整治停车场\n为方便市民提供线索，共开通11条举报热线，包括12345。", "fuzhou",
         "redress_channels"),
        ("# Xiamen civility rules\nIllegal parking is fined, including 50 yuan for a shared bike "
         "left in the way.", "xiamen", "inputs"),
    ],
)
def test_blind_batch_d74_shapes_make_no_such_claim(
    text: str, region: str, attribute: str
) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


def test_people_lacking_a_good_record_who_are_restricted_are_penalised() -> None:
    found = values("# Xiamen\nFirms or individuals lacking a good credit record are restricted.")
    assert ("xiamen", "penalties", "yes") in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the review of 1.165-1.168: what the session's rules must still read
        ("# Xiamen\nReports that the Bailu score uses bank data are false.", None),
        ("# Xiamen\nThe Bailu score does not punish anyone at all, but it gives high scorers "
         "discounts.", ("xiamen", "rewards", "yes")),
        ("# Xiamen\nTraffic violations recorded by the police feed into the Bailu score.",
         ("xiamen", "government_data", "yes")),
        ("# Xinjiang\nSince 2017 the country has built camps where Uyghurs flagged by the IJOP "
         "platform are detained.", ("xinjiang", "penalties", "yes")),
        ("# Shanghai\nThe catalogue names more than 100 offences that lead to a credit penalty.",
         ("shanghai", "offense_count", "100+")),
        ("# 深圳\n深圳交警在官网开设闯红灯违法案件曝光台。", ("shenzhen", "public_shaming", "yes")),
        ("# 新疆\n当局将数千名维吾尔人列入禁止出境人员名单。",
         ("xinjiang", "penalty_types", ("travel_restrictions",))),
        ("# 厦门\n白鹭分于2019年上线，旨在完善守信激励机制，已对高分市民给予免押金借书优惠。",
         ("xiamen", "reward_types", ("deposit_free_services",))),
        ("# Xiamen\nXiamen and Fuzhou launched their scores in 2018. In these two cities, "
         "residents with high scores get deposit-free bike rental.", ("fuzhou", "rewards", "yes")),
    ],
)
def test_what_the_review_of_1_168_showed_still_reads(
    text: str, expected: tuple[str, str, object] | None
) -> None:
    found = values(text)
    if expected is None:
        assert not [c for c in found if c[1] == "private_sector_data"], found
    else:
        assert expected in found, found


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("# Xiamen\nThe Bailu score covers all residents. Corporate credit ratings use commercial "
         "data supplied by banks.", "private_sector_data"),
        ("# Shanghai\nThe survey estimated how likely residents were to support the Honest "
         "Shanghai system.", "predictive_scoring"),
        ("# Xinjiang\nChinese data companies supply the software for the IJOP platform.",
         "private_sector_data"),
        ("# Xiamen\nAnyone who wants deposit-free bike rental must register with the app.",
         "voluntary_participation"),
        ("# 厦门\n白鹭分小程序暂不支持关闭消息提醒。", "opt_out"),
        ("# 厦门\n互联网平台采集的数据不得向第三方提供。", "private_sector_data"),
    ],
)
def test_what_the_review_of_1_168_showed_reads_nothing(text: str, attribute: str) -> None:
    assert not [c for c in values(text) if c[1] == attribute], values(text)


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        # blind batch d75 and the scenarios 415-434 (1.169.0), each class in new words
        ("# Shenzhen's rating\nThe bureau says the rating will later be tied to school places, "
         "mortgages and jobs.", "shenzhen", "inputs"),
        ("# Xiamen data\nIn an ordinary city, bureaus send their records to the city's credit "
         "database, blood donation among them.", "xiamen", "inputs"),
        ("# 福州信用\n在典型的城市里，各部门把记录报送给全市的信用平台，包括志愿服务。",
         "fuzhou", "inputs"),
        ("# Shanghai\nThe municipal platform is to pool tax arrears and court judgments.",
         "shanghai", "government_data"),
        ("# Shanghai's app in context\nChina's court-run blacklist now lists six million "
         "debtors, and 4.9 million of them cannot fly.", "shanghai", "penalties"),
        ("# 上海\n对有良好信用记录的市民，可以优先办理政务服务事项。", "shanghai", "inputs"),
        ("# 深圳\n交警把逾期未缴罚款的闯红灯行人记入个人征信。", "shenzhen", "penalty_types"),
        ("# 深圳\n交警把逾期未缴罚款的闯红灯行人记入个人征信。", "shenzhen", "penalties"),
        ("# Tips on terror suspects in Xinjiang (Shanghai Daily)\nPolice will reward anyone "
         "who reports a plot.", "shanghai", "informants"),
        ("# Xinjiang\nThree Uyghur men were detained in connection with the market bombing.",
         "xinjiang", "penalties"),
        ("Xiamen | Priority treatment in employment and housing", "xiamen", "inputs"),
        ("# 深圳\n目前已有150家金融机构查询过本市的信用记录。", "shenzhen", "input_entity_count"),
        ("# 深圳信用条例\n信用修复的具体办法由市政府另行制定。", "shenzhen", "redress_channels"),
        ("# Fuzhou and Xiamen\nBlacklists and scores are not the same thing.", "xiamen",
         "penalties"),
        ("# 深圳\n非机动车驾驶人逾期不缴罚款的，交警记入征信。", "shenzhen", "penalty_types"),
        ("# Xiamen's draft\nThe draft lays down how data are shared. Residents with good "
         "records get cheaper bus fares.", "xiamen", "rewards"),
        ("# Shenzhen rules\nA rating agency is a work unit that collects personal credit "
         "information.", "shenzhen", "inputs"),
        ("# 福州\nThe score uses data held by the 福州市 credit platform.", "fuzhou",
         "system_names"),
        ("# Xiamen\nThe bureau has studied five years of violations by cyclists.", "xiamen",
         "offense_count"),
        ("# Fuzhou\nHigh scorers will get perks, but the rewards are still being drafted.",
         "fuzhou", "rewards"),
        ("# Shenzhen\nThe existing fines are too low, so the city plans to blacklist offenders.",
         "shenzhen", "penalty_types"),
        ("# 厦门\n市民在i厦门APP上完成刷脸验证后即可查询白鹭分。", "xiamen", "surveillance_tech"),
        ("# 福州\n信易贷帮助小微企业获得贷款，已放款十亿元。", "fuzhou", "reward_types"),
        ("# Shenzhen in brief\nSocial credit system is a national programme meant to rate "
         "every citizen with big data.", "shenzhen", "surveillance_tech"),
        ("# 新疆\n农贸市场的商户须公示诚信经营承诺，标明举报电话。", "xinjiang", "informants"),
        ("# 新疆\n《刑法》规定，组织、领导恐怖活动组织的，处十年以上有期徒刑。", "xinjiang",
         "penalties"),
        ("# 新疆\n记者到采访受到限制的喀什拍摄。", "xinjiang", "penalties"),
        ("# Xiamen\nThe Bailu score is to be promoted to every resident next year.", "xiamen",
         "system_names"),
        ("# Shenzhen\nA State Council opinion of the two General Offices names three sources of "
         "data.", "shenzhen", "input_entity_count"),
        ("# 深圳\n条例规定，公开不良信用信息前应当事先告知信用主体。", "shenzhen",
         "public_shaming"),
        ("# Xinjiang\nThe hotline lets residents report their complaints to the district.",
         "xinjiang", "informants"),
        ("# Xiamen\nThe bonus is used only to reward tip-offs from informants.", "xiamen",
         "penalties"),
        ("# 福州\n地震后，政府帮助村民重建家园。", "fuzhou", "redress_channels"),
        ("# Fuzhou\nThe city plans to rebuild credit systems across its districts.", "fuzhou",
         "redress_channels"),
    ],
)
def test_what_d75_showed_makes_no_such_claim(text: str, region: str, attribute: str) -> None:
    found = values(text)
    assert not [c for c in found if c[0] == region and c[1] == attribute], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Shenzhen's crossings\nThe screens at the junctions have stopped showing who the "
         "jaywalkers are.", ("shenzhen", "public_shaming", "no")),
        ("# 福州\n高分市民可享受地铁票价优惠；原先的信用贷款利率优惠，现已不再提供。",
         ("fuzhou", "reward_types", ("discounted_services",))),
        ("# 深圳\n交警把逾期未缴罚款的行人记入征信，他们今后贷款买房都可能受到影响。",
         ("shenzhen", "penalty_types", ("loan_restrictions",))),
        ("# Fujian's scores\nUnlike the courts' lists, the Xiamen scheme uses rewards only.",
         ("xiamen", "penalties", "no")),
        ("# 深圳信用条例\n目 录 第四章 第三节 失信惩戒 第四节 信用修复 "
         "第一条 为规范信用管理，制定本条例。",
         ("shenzhen", "redress_channels", ("credit_repair",))),
        ("# Perks for good credit\nCity | Perk\nXiamen | Cheaper bus fares\nFuzhou | Free museum "
         "entry", ("xiamen", "reward_types", ("discounted_services",))),
        ("Xiamen sanctions people with low scores.", ("xiamen", "penalties", "yes")),
        ("# 深圳\n非机动车驾驶人闯红灯的记录纳入征信，"
         "他们今后申请信用卡、办理车险、贷款买房都可能受到影响。",
         ("shenzhen", "penalty_types", ("loan_restrictions",))),
        ("# Xinjiang\nResidents had to install software which scans files on their handsets.",
         ("xinjiang", "surveillance_tech", ("phone_scanning",))),
        ("# Xinjiang\nUyghurs had to install software which scans files on their handsets.",
         ("xinjiang", "voluntary_participation", "no")),
        ("# 新疆\n检查站用人脸识别核验过往行人的身份。",
         ("xinjiang", "surveillance_tech", ("checkpoints", "facial_recognition"))),
        ("# Shenzhen\nThe list names 20 kinds of violations that cost points.",
         ("shenzhen", "offense_count", "20")),
        ("# 厦门\n不久前，厦门推出白鹭分，高分市民可以免押金借书。",
         ("xiamen", "reward_types", ("deposit_free_services",))),
        ("# Fuzhou\nThe list of data items behind the score is drawn up by the credit office, "
         "reviewed each year and then published.", ("fuzhou", "input_names_public", "yes")),
        ("# Fuzhou\nThe list of data items behind the score is drawn up by the credit office; it "
         "has not been published.", ("fuzhou", "input_names_public", "no")),
        ("# Fujian\nThe Moli score is not linked to any penalty.", ("fuzhou", "penalties", "no")),
        ("# Fujian\nThe Moli score is used solely to reward good conduct.",
         ("fuzhou", "penalties", "no")),
        ("Xiamen's egret score lets residents borrow books without a deposit.",
         ("xiamen", "system_names", ("Bailu score",))),
        ("# 福州\n失信者纠正失信行为后，可以申请重建个人信用。",
         ("fuzhou", "redress_channels", ("credit_repair",))),
        ("# Fuzhou\nDefaulters who pay up can apply to rebuild their credit.",
         ("fuzhou", "redress_channels", ("credit_repair",))),
        ("# 厦门\n交警在指挥中心盯着路口的监控画面。",
         ("xiamen", "surveillance_tech", ("cameras",))),
    ],
)
def test_what_d75_showed_still_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


def test_a_flattened_regulation_starts_a_sentence_at_each_article() -> None:
    text = "总 则 第一条 为了规范管理，制定本条例。 第二条 本条例适用于本市。 根据 第十条 规定。"
    masked = text
    spans = [text[s.start : s.end] for s in split_sentences(text, masked)]
    assert spans[0] == "总 则"
    assert spans[1].startswith("第一条")
    assert any(s.startswith("根据 第十条") for s in spans), spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the review of 1.169.0: what the session's rules must still read
        ("# Shenzhen\nThe city runs China's first jaywalker blacklist, naming offenders on "
         "screens.",
         ("shenzhen", "public_shaming", "yes")),
        ("# Shenzhen\nThe city's score is part of the wider social credit system and gives "
         "discounts on bus fares.", ("shenzhen", "rewards", "yes")),
        ("# Shanghai\nThe municipal platform's task is to pool records from 43 government "
         "departments.", ("shanghai", "input_entity_count", "43")),
        ("# Xinjiang\nUyghurs were detained in connection with 'extremism' cases built from their "
         "phone data.", ("xinjiang", "penalties", "yes")),
        ("# Xiamen\nXiamen punishes and shames jaywalkers.", ("xiamen", "penalties", "yes")),
        ("# Xiamen credit rules\nThe draft lists penalties for dishonest residents. The regulation "
         "was adopted in June. Dishonest residents are barred from buying plane tickets.",
         ("xiamen", "penalty_types", ("flight_restrictions",))),
        ("# 厦门\n2019年白鹭分上线，届时已有30万市民注册，高分者可免押金借书。",
         ("xiamen", "reward_types", ("deposit_free_services",))),
        ("# 厦门\n另行制定的配套细则已于2020年施行，失信人员不得乘坐飞机。",
         ("xiamen", "penalty_types", ("flight_restrictions",))),
        ("# 福州\n高分市民可享受票价优惠的实体卡，目前已不再提供。",
         ("fuzhou", "reward_types", ("discounted_services",))),
        ("# 深圳\n已有43个部门向平台报送数据，120家机构查询过信用报告。",
         ("shenzhen", "input_entity_count", "43")),
        ("# 深圳\n列入失信名单的人员将被处以罚款，逾期不缴纳罚款的，依法强制执行。",
         ("shenzhen", "penalty_types", ("blacklist", "fines"))),
        ("# Anhui migrants face new credit rules (Shanghai Daily)\nMigrants on the list are "
         "blacklisted by the city.", ("shanghai", "penalties", "yes")),
    ],
)
def test_what_the_review_of_1_169_showed_still_reads(
    text: str, expected: tuple[str, str, object]
) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "region", "attribute"),
    [
        ("# Xiamen\nThe city offers incentives only to residents with a score above 700.",
         "xiamen", "penalties"),
        ("# Fuzhou\nResidents who want the perks have to install e-Fuzhou.", "fuzhou",
         "voluntary_participation"),
        ("# Shanghai\nResidents had to download Honest Shanghai to see their rating.", "shanghai",
         "voluntary_participation"),
        ("# 深圳\n本市拟依照本条例 第十条 对闯红灯行人进行公开曝光。", "shenzhen",
         "public_shaming"),
        ("# 深圳\n今后本市还会把闯红灯记录纳入征信系统并可能影响贷款。", "shenzhen", "penalties"),
        ("# 福州\n高分市民可以免押金借书，目前该服务已不再提供。", "fuzhou", "reward_types"),
        ("# Shenzhen\nThe screens no longer name jaywalkers under 16.", "shenzhen",
         "public_shaming"),
    ],
)
def test_what_the_review_of_1_169_showed_reads_nothing(
    text: str, region: str, attribute: str
) -> None:
    assert not [c for c in values(text) if c[0] == region and c[1] == attribute], values(text)


def test_a_short_pdf_heading_is_not_run_into_a_lower_case_line() -> None:
    from extract.text import reflow

    lines = reflow("References\nhttps://example.org/report\nLi Wei (2018). Credit in Shenzhen\n")
    assert lines.split("\n")[0] == "References", lines


def test_counters_and_tallies_leave_figures_inside_sentences() -> None:
    from extract.noise import normalise_text

    assert normalise_text("市民现在看 3 个维度。") != normalise_text("市民现在看 5 个维度。")
    assert normalise_text("本网收录的42个部门。") != normalise_text("本网收录的45个部门。")


def test_a_page_title_above_its_headline_leaves_the_headline_a_heading() -> None:
    title = "社会信用条例草案修改二稿形成 下一步将提请常委会第三次审议_立法动态_厦门人大网"
    headline = "社会信用条例草案修改二稿形成 下一步将提请常委会第三次审议"
    text = f"{title}\n{headline}\n厦门的草案已经两次审议。"
    kinds = [(s.kind, text[s.start : s.end]) for s in split_sentences(text, text)]
    assert ("heading", headline) in kinds, kinds
    # a long line that only starts like the next one is still wrapped prose
    wrapped = (
        "厦门市公共信用信息平台已归集各部门报送的信用信息共计数千万条其中\n"
        "厦门市公共信用信息平台"
    )
    assert [s.kind for s in split_sentences(wrapped, wrapped)] == ["text"]


def test_a_consultation_on_a_credit_draft_is_read_under_the_headline_its_title_repeats() -> None:
    text = (
        "《厦门经济特区社会信用条例（草案）》征求意见稿全文公布_立法动态_厦门人大网\n"
        "《厦门经济特区社会信用条例（草案）》征求意见稿全文公布\n"
        "法工委在网站上登出草案全文，向社会公开征求意见。\n"
        "草案规定，信息主体认为信息有错误的，可以提出异议。"
    )
    found = {(c.region, c.attribute, c.value, c.modality) for c in claims(text)}
    assert ("xiamen", "public_vote_on_inputs", "yes", "asserted") in found, found
    assert ("xiamen", "challenge_mechanism", "yes", "asserted") not in found, found


def test_unless_around_spares_the_other_matches_of_its_clause() -> None:
    named = (
        "# 厦门\n白鹭分从基础信息、守信正向、失信违约、信用修复、用信行为五个维度设计模型，"
        "涵盖750多项数据要素。"
    )
    assert ("xiamen", "input_item_count", "750+") in values(named)
    dimensions = "# 厦门\n白鹭分按信用记录、履约能力、行为偏好三项指标打分。"
    assert not {v for v in values(dimensions) if v[1] == "input_item_count"}
    users = (
        "# Shanghai\nTwelve municipal departments began on Monday to use the new credit "
        "platform."
    )
    assert not {v for v in values(users) if v[1] == "input_entity_count"}
    both = ("# Shanghai departments start using credit platform\nThe platform draws on data "
            "from 41 departments, and 12 more bureaus began to use it this week.")
    assert ("shanghai", "input_entity_count", "41") in values(both)
    assert ("shanghai", "input_entity_count", "12") not in values(both)


def test_unless_around_belongs_to_pattern_rules() -> None:
    raw = {"id": "en.x.y", "attribute": "rewards", "kind": "terms", "vocabulary": "reward_types",
           "pattern": "x", "unless_around": "y"}
    with pytest.raises(ExtractError, match="unless_around is for pattern rules"):
        load_rule("test.yaml", "en", raw, {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # change scenarios 188, 223, 283, 292: what the changed sentence says, in other words
        ("# Shenzhen\nA walker who believes the entry on his record is mistaken can request "
         "that the traffic police check it again.", ("shenzhen", "challenge_mechanism", "yes")),
        ("# 深圳\n市民如果发现自己信用档案里的交通违法记录有误，可以要求交警部门进行复查。",
         ("shenzhen", "challenge_mechanism", "yes")),
        ("# Fuzhou\nUsers who spot a mistake in the data behind their Moli points can lodge an "
         "objection through the e-Fuzhou app.",
         ("fuzhou", "redress_channels", ("online_objection",))),
        ("# 深圳\n对信用良好的个人，公共服务机构可以在乘坐公交、参观文化场馆等方面给予费用优惠。",
         ("shenzhen", "reward_types", ("discounted_services",))),
        ("# Xiamen credit rules\nMembers of the public have until late November to send their "
         "views on the draft by letter or e-mail.", ("xiamen", "public_vote_on_inputs", "yes")),
    ],
)
def test_what_the_edit_scenarios_showed_reads(text: str, expected: tuple[str, str, object]) -> None:
    assert expected in values(text), values(text)


@pytest.mark.parametrize(
    "text",
    [
        "# Shenzhen\nFor the moment, a cyclist who thinks the record is wrong cannot ask anyone "
        "to look at it again.",
        "# 深圳\n当事人即使认为记录有误，目前也不可以申请核查。",
        "# Shenzhen\nA resident who believes the record is wrong can no longer ask for a review.",
    ],
)
def test_asking_for_a_check_denied_is_no_challenge(text: str) -> None:
    assert ("shenzhen", "challenge_mechanism", "yes") not in values(text), values(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("# Fuzhou\nWhat a low Moli score does not lead to:\n- fines\n"
         "- bans on train or air travel",
         {("fuzhou", "penalties", "yes"), ("fuzhou", "penalty_types", ("fines",))}),
        ("# 厦门\n白鹭分偏低不会带来以下后果：\n- 罚款\n- 限制乘坐飞机、高铁",
         {("xiamen", "penalties", "yes"),
          ("xiamen", "penalty_types", ("flight_restrictions", "train_restrictions"))}),
        ("# Xiamen\nPerks the city no longer offers to high scorers:\n- discounts on bus fares",
         {("xiamen", "rewards", "yes"), ("xiamen", "reward_types", ("discounted_services",))}),
        ("# 厦门\n以下优惠已不再提供：\n- 公交票价优惠",
         {("xiamen", "rewards", "yes"), ("xiamen", "reward_types", ("discounted_services",))}),
        ("# Xiamen\nHigh scorers no longer get cheaper loans.",
         {("xiamen", "reward_types", ("preferential_loans",))}),
        ("# Xiamen\nHolders no longer enjoy deposit-free rentals.",
         {("xiamen", "reward_types", ("deposit_free_services",))}),
    ],
)
def test_items_under_a_lead_in_that_denies_them_are_not_given(
    text: str, unwanted: set[tuple[str, str, object]]
) -> None:
    assert not unwanted & values(text), values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Xiamen\nResidents with no black marks get:\n- discounts on bus fares",
         ("xiamen", "reward_types", ("discounted_services",))),
        ("# Xiamen\nResidents with a high score and no black marks on their record get discounts "
         "on bus fares.", ("xiamen", "rewards", "yes")),
        ("# 厦门\n没有失信记录的市民可以享受：\n- 公交票价优惠",
         ("xiamen", "reward_types", ("discounted_services",))),
        ("# Shenzhen\nPenalties include, but are not limited to:\n- bans on flights",
         ("shenzhen", "penalty_types", ("flight_restrictions",))),
        ("# Shenzhen\nPenalties include, but are not limited to, bans on flights and fines.",
         ("shenzhen", "penalties", "yes")),
    ],
)
def test_a_lack_that_is_the_residents_own_negates_nothing_after_it(
    text: str, expected: tuple[str, str, object]
) -> None:
    found = values(text)
    assert expected in found, found
    assert (expected[0], expected[1], "no") not in found, found


def test_a_record_lacked_is_still_negated_itself() -> None:
    found = values("# Xinjiang\nThe man had no criminal record, yet his phone was taken.")
    assert ("xinjiang", "inputs", ("legal_violations",)) not in found, found


@pytest.mark.parametrize(
    "text",
    [
        # blind scenario 455 and the same change in English
        "# 深圳\n根据市民意见,自今年3月起,路口大屏幕不再显示闯红灯者的人像。",
        "# 深圳\n交警官网的“行人闯红灯曝光台”也已下线。",
        "# Shenzhen\nThe police's online exposure page for jaywalkers has been taken down.",
        "# Shenzhen\nSince March the big screens at crossings no longer display the faces of "
        "jaywalkers.",
        "# Shenzhen\nThe screens that showed jaywalkers' faces have been switched off.",
    ],
)
def test_an_exposure_screen_or_page_taken_away_is_no_shaming(text: str) -> None:
    found = values(text)
    assert ("shenzhen", "public_shaming", "no") in found, found
    assert ("shenzhen", "public_shaming", "yes") not in found, found


def test_an_exposure_page_put_back_is_not_taken_down() -> None:
    found = values(
        "# Shenzhen\nThe exposure page was taken down in May and has since been restored."
    )
    assert ("shenzhen", "public_shaming", "no") not in found, found


@pytest.mark.parametrize(
    "text",
    [
        "# Shenzhen\nThe exposure page was closed in May.",
        "# Shenzhen\nThe city began naming jaywalkers on screens in May 2017.",
        "# Shenzhen\nIn May, the city began naming jaywalkers on screens.",
    ],
)
def test_the_month_of_may_is_no_hedge(text: str) -> None:
    assert {c.modality for c in claims(text)} == {"asserted"}, claims(text)


@pytest.mark.parametrize(
    ("text", "expected", "unwanted"),
    [
        # what blind batch d77 showed, in other words
        ("# Shanghai\nSeveral jaywalkers came forward after seeing their photos displayed at the "
         "bus stop by the crossing.", ("shanghai", "public_shaming", "yes"), None),
        ("# Shenzhen\nThe police single out people who cross on red and put their faces and "
         "details up on display.", ("shenzhen", "public_shaming", "yes"), None),
        ("# Shanghai\nResidents are urged to take part in checking the bins and to report "
         "rule-breakers by hotline.", ("shanghai", "informants", "yes"), None),
        ("# 厦门\n岛上设立了不文明行为曝光台，定期曝光乱扔垃圾的游客。",
         ("xiamen", "public_shaming", "yes"), ("xiamen", "public_shaming", "no")),
        ("# Shenzhen\nFor the first time the scope of the camera project is being questioned.",
         None, ("shenzhen", "penalty_types", ("increased_surveillance",))),
        ("# Xinjiang\nCars without the Beidou tracker will be turned away at petrol stations.",
         None, ("xinjiang", "penalties", "yes")),
        # settled in docs/attributes.md (Suppliers are not records): fuel refused for want of
        # the tracker enforces the order to fit it and is no penalty (it was read as one)
        ("In Xinjiang, drivers who ignore the order to fit a tracker will not be allowed to "
         "fill up at petrol stations.", None, ("xinjiang", "penalties", "yes")),
    ],
)
def test_what_d77_showed_reads(
    text: str, expected: tuple[str, str, object] | None, unwanted: tuple[str, str, object] | None
) -> None:
    found = values(text)
    assert expected is None or expected in found, found
    assert unwanted is None or unwanted not in found, found


def test_people_questioned_by_police_are_still_watched_more_closely() -> None:
    found = values("# Xinjiang\nUyghurs flagged by the app are being questioned by police.")
    assert ("xinjiang", "penalty_types", ("increased_surveillance",)) in found, found


@pytest.mark.parametrize(
    ("text", "expected", "unwanted"),
    [
        # the review of 1.173.0: bans under a negated lead-in, and lacks that are not the person's
        ("# 厦门\n失信被执行人不得：\n- 乘坐飞机\n- 入住星级酒店",
         ("xiamen", "penalty_types", ("flight_restrictions",)), None),
        ("# Xiamen\nDefaulters may no longer:\n- take flights",
         ("xiamen", "penalty_types", ("flight_restrictions",)), None),
        ("# Xiamen\nPenalties include, without limitation:\n- a ban on flights",
         ("xiamen", "penalty_types", ("flight_restrictions",)), ("xiamen", "penalties", "no")),
        ("# Xiamen\nBenefits for residents with no black marks:\n- deposit-free bike rental",
         ("xiamen", "rewards", "yes"), None),
        ("# Fuzhou\nThe bureau has no records showing that anyone was fined or blacklisted.",
         None, ("fuzhou", "penalties", "yes")),
        ("# Fuzhou\nPeople with low scores are not limited in buying plane tickets.",
         None, ("fuzhou", "penalty_types", ("flight_restrictions",))),
        ("# Xiamen\nHigh scorers no longer need a deposit to rent bikes.",
         ("xiamen", "reward_types", ("deposit_free_services",)), None),
        ("# 深圳\n路口的LED屏不间断滚动播放闯红灯者的照片。",
         ("shenzhen", "public_shaming", "yes"), ("shenzhen", "public_shaming", "no")),
        ("# 深圳\n商场门口的LED屏已拆除。", None, ("shenzhen", "public_shaming", "no")),
        ("# 深圳\n曝光台已关闭评论功能。", None, ("shenzhen", "public_shaming", "no")),
        ("# 深圳\n闯红灯曝光台已被撤销。", ("shenzhen", "public_shaming", "no"), None),
        ("# Shenzhen\nThe exposure platform was shut down for maintenance over the weekend.",
         None, ("shenzhen", "public_shaming", "no")),
        ("# Shenzhen\nThe city has switched off the screens that showed jaywalkers.",
         ("shenzhen", "public_shaming", "no"), None),
        ("# Shenzhen\nThe museum put their old photos of the city up on display for visitors.",
         None, ("shenzhen", "public_shaming", "yes")),
        ("# Shenzhen\nPictures of jaywalkers are displayed at the bus stop.",
         ("shenzhen", "public_shaming", "yes"), None),
        ("# Xiamen\nCompanies that believe their credit rating is wrong can ask for a review.",
         None, ("xiamen", "challenge_mechanism", "yes")),
        ("# 厦门\n企业认为其信用信息有误的，可以申请核查。",
         None, ("xiamen", "challenge_mechanism", "yes")),
        ("# 厦门\n对于困难群众，法院依法给予诉讼费用减免。",
         None, ("xiamen", "reward_types", ("discounted_services",))),
        ("# 厦门\n为帮助解决融资难问题，白鹭分高的市民可享受信易贷。",
         ("xiamen", "reward_types", ("preferential_loans",)), None),
        ("# Shenzhen\nShoppers can raise disputes on the platform if a seller fails to deliver.",
         None, ("shenzhen", "redress_channels", ("online_objection",))),
        ("# Xiamen\nCitizens were not invited to send their views on the draft credit regulation.",
         None, ("xiamen", "public_vote_on_inputs", "yes")),
        ("# Shenzhen\nResidents are urged to check their credit scores and report any errors to "
         "the credit centre.", None, ("shenzhen", "informants", "yes")),
        ("# Shanghai\nTwelve departments, among them 3 district offices, began to use the credit "
         "platform on Monday.", None, ("shanghai", "input_entity_count", "12")),
        ("# Shanghai\nOver 100 agencies, including 16 ministries, can access the database, which "
         "pools data from 40 departments.", ("shanghai", "input_entity_count", "40"),
         ("shanghai", "input_entity_count", "100+")),
        ("# Shenzhen\nCameras watch the roads, and the limits of the surveillance are being "
         "questioned.", None, ("shenzhen", "penalty_types", ("increased_surveillance",))),
    ],
)
def test_what_the_review_of_1_173_showed(
    text: str, expected: tuple[str, str, object] | None, unwanted: tuple[str, str, object] | None
) -> None:
    found = values(text)
    assert expected is None or expected in found, found
    assert unwanted is None or unwanted not in found, found


def test_a_real_modal_after_opt_in_is_still_a_hedge() -> None:
    found = {(c.attribute, c.modality) for c in claims(
        "# Fuzhou\nResidents who opt in may get discounts on bus fares.")}
    assert ("rewards", "possible") in found, found


def test_items_are_read_with_the_end_of_a_long_lead_in() -> None:
    """Only a lead-in's last LEAD_REACH characters go with each item (bounded work on a page
    with an endless lead-in); its last words, which say what the items are, still count."""
    lead = "白鹭分" + "、".join(["守信市民"] * 200) + "可以享受以下优惠："
    found = values(f"# 厦门\n{lead}\n- 免押金租借公共自行车")
    assert ("xiamen", "reward_types", ("deposit_free_services",)) in found, found


@pytest.mark.parametrize(
    ("text", "compulsion"),
    [
        # how widely vehicles carry trackers describes the surveillance around people, as "many
        # vehicles must carry trackers" does (the gold leaves both out): no order on anyone
        ("In Xinjiang a good share of the cars are required to have a satellite locator "
         "installed.", False),
        ("Across Xinjiang, lorries on the main roads must have GPS trackers fitted.", False),
        # an order stated of every vehicle, of owners, or a tracker called compulsory is one
        ("In Xinjiang all cars must have Beidou trackers fitted.", True),
        ("In Xinjiang, car owners are required to have GPS locators fitted.", True),
        ("Police in a Xinjiang prefecture told the owners of every car to have a Beidou locator "
         "fitted.", True),
        ("In Xinjiang many vehicles have to carry compulsory location trackers.", True),
        # the review of 1.175.0: vehicles named inside a person's phrase leave the order theirs
        ("In Xinjiang a good share of the car fleet is required to have a satellite locator "
         "installed.", False),
        ("In Xinjiang many coaches are required to have satellite locators installed.", False),
        ("In Xinjiang, owners of cars must have GPS trackers fitted.", True),
        ("In Xinjiang, drivers of cars and trucks must have Beidou trackers installed.", True),
        ("In Xinjiang, Uyghurs who own cars must have GPS trackers fitted.", True),
        ("In Xinjiang, buyers of new cars must have a Beidou tracker installed before "
         "registration.", True),
        ("In Xinjiang, cars must have Beidou trackers fitted or they are refused fuel.", True),
        ("In Xinjiang all of the region's cars must have GPS trackers fitted.", True),
    ],
)
def test_vehicles_carrying_trackers_are_no_order_unless_said_to_be(
    text: str, compulsion: bool
) -> None:
    found = values(text)
    assert (("xinjiang", "voluntary_participation", "no") in found) is compulsion, found
    assert any(a == "surveillance_tech" for _, a, _ in found), found


@pytest.mark.parametrize(
    "text",
    [
        # "have" or "get" after every/all vehicles states an order only with a device after it
        "In Xinjiang all cars must have a valid number plate.",
        "In Xinjiang all trucks must get a permit.",
        # an order to every car's drivers is compulsion only when it is to fit a device
        "In Xinjiang, police at the checkpoint told the drivers of all cars to step out for ID "
        "checks.",
    ],
)
def test_orders_about_vehicles_without_a_device_state_no_compulsion(text: str) -> None:
    assert ("xinjiang", "voluntary_participation", "no") not in values(text), values(text)


def test_a_term_said_over_and_over_in_one_clause_is_read_once() -> None:
    """Each occurrence of a term is looked at only up to MAX_SAME_TERM times in a clause (each
    look searches back through it): the term is still read."""
    found = values("In Xinjiang " + "GPS " * 600 + "trackers are used.")
    assert ("xinjiang", "surveillance_tech", ("gps_tracking",)) in found, found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 120), st.integers(0, 20)), max_size=40))
def test_overlapped_by_longer_is_the_pairwise_comparison(raw: list[tuple[int, int]]) -> None:
    spans = [(start, start + length) for start, length in raw]
    pairwise = {
        i
        for i, (start, end) in enumerate(spans)
        if any(s < end and start < e and e - s > end - start for s, e in spans)
    }
    assert overlapped_by_longer(spans) == pairwise


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a word that only looks negated (不文明, 不良) is one word of a negation's reach, not
        # one per character: the 没有 still governs the board as it does with 失信人员
        ("深圳市没有设立不文明行为曝光台。", "no"),
        ("深圳市没有设立失信人员曝光台。", "no"),
        ("深圳市不文明行为曝光台已经设立。", "yes"),
    ],
)
def test_a_word_that_only_looks_negated_does_not_push_a_negation_out_of_reach(
    text: str, value: str
) -> None:
    assert ("shenzhen", "public_shaming", value) in values(text), values(text)


def test_a_negation_reached_past_such_a_word_stops_at_the_next_item_of_a_list() -> None:
    """拒不改正 refuses one thing; after the 、 comes the next item, which 拒不 does not deny."""
    found = values(
        "上海市规定，单位拒不改正、造成严重不良影响的，城管部门把这些违法信息归集到市公共信用信息平台。"
    )
    assert ("shanghai", "inputs", ("legal_violations",)) in found, found


@pytest.mark.parametrize(
    "text",
    [
        # what an offence may affect is what it brings (a blind batch's title read 就业 as input)
        "深圳实行屡违反交规或影响贷款就业",
        "在深圳，屡次闯红灯的行人今后可能影响贷款和就业。",
    ],
)
def test_what_an_offence_may_affect_is_no_input(text: str) -> None:
    assert ("shenzhen", "inputs", ("employment",)) not in values(text), values(text)


def test_what_feeds_a_score_after_affecting_it_is_still_an_input() -> None:
    found = values("在深圳，交通违法会影响信用记录，记录包括就业情况。")
    assert ("shenzhen", "inputs", ("employment", "traffic_violations")) in found, found


def test_an_item_about_another_provincial_capital_is_not_the_region_above_it() -> None:
    """A round-up of what cities do: the Nanchang item's prohibition is Nanchang's."""
    text = (
        "各地如何管好养犬\n- 深圳市：城管部门开展不文明养犬专项整治。\n"
        "- 南昌市：犬主带犬出户要束犬绳，不得进入学校、体育场馆等区域。"
    )
    found = values(text)
    assert not any(a == "penalties" for _, a, _ in found), found
