"""extract/topics.py and extract/topicnet.py: what a sentence is about, by rule and by the
topic net (WordLlama, loaded offline from its wheel)."""

from __future__ import annotations

import socket

import pytest

from extract.rules import load_ruleset
from extract.topicnet import TopicNet, sentence_language, topic_net
from extract.topics import mentions_term, rule_topics, sentence_topics


def topics(text: str) -> frozenset[str]:
    return sentence_topics(text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("Officials have not said what penalties apply.", "penalties"),
        ("Users may now opt out of the scheme online.", "opt_out"),
        ("失信者将被限制乘坐飞机。", "penalty_types"),
        ("居民认为信息有误的，可以提出异议。", "challenge_mechanism"),
        # topic words: what a sentence is about though no rule reads a value there
        ("Whether villagers had consented was not recorded.", "consent_required"),
        ("发现极端化言论的，应当及时向公安机关检举揭发。", "informants"),
        ("Names of offenders were later read aloud at the meeting.", "public_shaming"),
        ("路口的闯红灯行人照片将在大屏幕上曝光。", "public_shaming"),
        ("The street cameras were upgraded last month.", "surveillance_tech"),
        ("市人大常委会就条例草案公开征求社会各方面意见。", "public_vote_on_inputs"),
    ],
)
def test_rules_name_the_topic_of_a_sentence_whatever_its_value(text: str, attribute: str) -> None:
    assert attribute in rule_topics(text, 0, len(text))


def test_a_sentence_about_nothing_in_particular_has_no_topic() -> None:
    assert topics("The city lies on the coast and has a mild climate.") == frozenset()
    # a draft's name, a catalogue made public, a list of sensitive data: none of these topics
    assert topics("《厦门市社会信用条例（征求意见稿）》全文") == frozenset()
    assert "public_shaming" not in topics("目录已全文向社会公布。")
    assert "surveillance_tech" not in topics("不得采集个人的宗教信仰、基因、指纹和血型信息。")


def test_a_term_mentioned_in_a_plan_is_not_mentioned() -> None:
    planned = "Xiamen plans to let residents rent bikes without a deposit next year."
    stated = "Residents of Xiamen with good scores rent bikes without a deposit."
    assert not mentions_term(planned, "reward_types", "deposit_free_services")
    assert mentions_term(stated, "reward_types", "deposit_free_services")


def test_a_term_of_two_attributes_counts_only_beside_its_trigger() -> None:
    shop = "Residents with good scores get discounts at partner shops."
    assert mentions_term(shop, "reward_types", "discounts")
    assert not mentions_term(shop, "informant_rewards", "discounts")
    tips = "Informants who pass on tips receive discounts."
    assert mentions_term(tips, "informant_rewards", "discounts")


def test_the_topic_net_loads_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    topic_net.cache_clear()
    net = topic_net()
    assert isinstance(net, TopicNet)


def test_the_net_scores_every_attribute_with_prototypes_in_both_languages() -> None:
    net = topic_net()
    prototypes = load_ruleset().prototypes
    assert {(p.attribute, p.language) for p in prototypes} >= {
        ("penalties", "en"),
        ("penalties", "zh"),
    }
    scores = net.scores("Low scorers are barred from flights and trains.")
    assert set(scores) == {p.attribute for p in prototypes if p.language == "en"}
    assert max(scores, key=lambda a: scores[a]) == "penalty_types"


def test_the_net_names_one_clear_topic_or_none() -> None:
    net = topic_net()
    found = net.topics("Defaulters are barred from flights and high-speed trains.", always=True)
    assert found == frozenset({"penalty_types"})
    assert net.topics("The weather was mild last week.", always=True) == frozenset()


def test_sentence_language() -> None:
    assert sentence_language("Xiamen's Bailu score") == "en"
    assert sentence_language("厦门的白鹭分 (Bailu score)") == "zh"


def test_a_long_sentence_is_embedded_in_bounded_time() -> None:
    net = topic_net()
    assert isinstance(net.scores("penalty " * 200_000), dict)


def test_a_term_undone_by_what_follows_it_is_not_affirmed() -> None:
    # a benefit suspended is gone from the list, though its words stay on the page
    text = "例如，信用优秀的市民可以免费乘坐观光车；入住景区酒店免交押金的服务目前已暂停。"
    assert mentions_term(text, "reward_types", "deposit_free_services")
    assert not mentions_term(text, "reward_types", "deposit_free_services", affirmed=True)
    kept = "例如，信用优秀的市民入住景区酒店免交押金。"
    assert mentions_term(kept, "reward_types", "deposit_free_services", affirmed=True)


def test_which_opening_a_relative_clause_names_no_inputs() -> None:
    """'by which the way information subjects ...' is a relative clause, not a question about
    which data a score reads (a reworded definition raised an inputs alert in scenario 449)."""
    definition = (
        '"Social credit information" refers to the data by which the way information subjects '
        "keep the law can be judged."
    )
    assert "inputs" not in rule_topics(definition, 0, len(definition))
    question = "The city has not said which personal data the score draws on."
    assert "inputs" in rule_topics(question, 0, len(question))
