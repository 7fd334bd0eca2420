"""monitor/alerts/changes.py: changes anchored on the sentences that changed, list terms added and
removed, rewordings, and attributes whose value cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime

from db.models import RegionNames
from extract.claims import extract_claims, sentence_scopes
from extract.noise import normalised_hash
from monitor.alerts.changes import Page, classify

REGIONS = [RegionNames("xiamen", ("Xiamen", "厦门")), RegionNames("fuzhou", ("Fuzhou", "福州"))]


def page(snapshot_id: int, text: str) -> Page:
    claims = tuple(extract_claims(text, regions=REGIONS, source_regions=["xiamen"]))
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    return Page(snapshot_id, "http://x/", fetched, text, normalised_hash(text), claims)


def scoper(text: str, until: int):  # type: ignore[no-untyped-def]
    return sentence_scopes(text, regions=REGIONS, source_regions=["xiamen"], until=until)


def changes(before: str, after: str) -> set[tuple[str, str, object, str]]:
    change = classify("src", page(1, before), page(2, after), scoper)
    return {(c.region, c.attribute, c.after, c.unclear) for c in change.claim_changes}


BASE = (
    "# Xiamen's Bailu score\n\n"
    "Residents with good scores rent bikes without a deposit.\n"
    "A low score brings no penalty.\n"
    "The score started in 2018."
)


def test_a_changed_sentence_changes_its_attribute_only() -> None:
    after = BASE.replace("brings no penalty", "may bring trouble getting a loan")
    found = changes(BASE, after)
    assert ("xiamen", "penalties", "yes", "") in found
    assert {a for _, a, _, _ in found} <= {"penalties", "penalty_types"}


def test_reordered_sentences_change_nothing() -> None:
    lines = BASE.split("\n")
    after = "\n".join([lines[0], lines[1], lines[4], lines[3], lines[2]])
    change = classify("src", page(1, BASE), page(2, after), scoper)
    assert change.claim_changes == ()


def test_a_list_item_added_under_a_heading_adds_its_term() -> None:
    before = "# Benefits of a high Bailu score\n\nBenefits include:\n- deposit-free bike rental\n"
    after = before + "- priority at service counters\n"
    found = changes(before, after)
    assert ("xiamen", "reward_types", ("deposit_free_services", "priority_services"), "") in found


def test_a_plan_that_comes_true_is_a_change() -> None:
    before = BASE + "\nThe city plans to add discounted bus fares next year."
    after = BASE + "\nResidents with good scores now pay 20 percent less for buses."
    found = changes(before, after)
    assert any(a == "reward_types" and "discounted_services" in v for _, a, v, _ in found)


def test_a_new_sentence_about_an_unread_attribute_is_flagged_unclear() -> None:
    after = BASE + "\nThe city has changed the rules on consent for the use of personal data."
    found = changes(BASE, after)
    unclear = {(a, why) for _, a, v, why in found if v is None}
    assert unclear, found
    assert all(why.startswith("value unclear") for _, why in unclear)


def test_a_reworded_list_term_is_no_new_topic_but_a_new_term_is() -> None:
    before = (
        "# Xiamen's Bailu score\n\nResidents with good scores rent bikes without a deposit.\n"
        "Officials are in talks with phone companies about texting a warning to jaywalkers "
        "caught on camera.\n"
    )
    after = before.replace(
        "about texting a warning to jaywalkers caught on camera.",
        "over a plan in which jaywalkers caught on camera would be sent a warning, perhaps "
        "including a fine, by text.",
    )
    # "including" now stands beside "jaywalkers", which the page named before: no inputs topic;
    # the fine is new to the page, and planned
    assert changes(before, after) == {("xiamen", "penalty_types", None, "planned, no value yet")}


def test_a_national_statement_added_beside_local_ones_changes_nothing() -> None:
    after = BASE + "\nAcross the country, people with bad credit are barred from high-speed trains."
    change = classify("src", page(1, BASE), page(2, after), scoper)
    assert change.layer == "content"
    assert change.claim_changes == ()


def test_a_value_the_page_no_longer_states_is_noted_not_alerted() -> None:
    after = BASE.replace("A low score brings no penalty.\n", "")
    change = classify("src", page(1, BASE), page(2, after), scoper)
    assert change.claim_changes == ()
    assert change.extra["no_longer_states"] == ["xiamen.penalties"]


def test_a_term_the_old_page_used_elsewhere_is_still_added_by_a_new_claim() -> None:
    before = (
        "# Xiamen's Bailu score\n\n"
        "Residents with good scores rent bikes without a deposit.\n"
        "In Fuzhou, people with high scores get discounted bus fares.\n"
        "Fuzhou also fines residents whose score falls below 400.\n"
    )
    after = before + "Xiamen now fines residents whose score falls below 500.\n"
    found = changes(before, after)
    assert any(a == "penalty_types" and "fines" in v for r, a, v, _ in found if r == "xiamen")
    reworded = before.replace(
        "Residents with good scores rent bikes without a deposit.",
        "People whose score is high can hire bikes with no deposit.",
    )
    assert changes(before, reworded) == set()


def test_a_list_item_cut_is_removed_but_a_reworded_list_loses_nothing() -> None:
    before = (
        "# Xiamen's Bailu score\n\n"
        "High scorers get deposit-free bike rental, priority at service counters and "
        "discounted bus fares.\n"
    )
    cut = before.replace(", priority at service counters and", " and")
    found = changes(before, cut)
    assert ("xiamen", "reward_types", ("deposit_free_services", "discounted_services"), "") in found
    reworded = before.replace(
        "High scorers get deposit-free bike rental, priority at service counters and "
        "discounted bus fares.",
        "Perks for the best scores: bikes with nothing to put down, and cheaper rides on buses.",
    )
    assert not any(a == "reward_types" for _, a, _, _ in changes(before, reworded))


DRAFT = (
    "关于《厦门市守信激励办法(征求意见稿)》公开征求意见的通知\n"
    "现将征求意见稿全文公布。\n"
    "第三条 信用良好的市民可以免押金借阅图书。\n"
    "第四条 白鹭分达到650分的市民乘坐地铁享受九折优惠。\n"
)


def test_a_draft_whose_title_says_it_is_in_force_now_states_its_articles() -> None:
    adopted = DRAFT.replace(
        "关于《厦门市守信激励办法(征求意见稿)》公开征求意见的通知", "厦门市守信激励办法"
    ).replace("现将征求意见稿全文公布。", "本办法自公布之日起施行。")
    found = changes(DRAFT, adopted)
    assert any(a == "reward_types" and v and "deposit_free_services" in v for _, a, v, _ in found)


def test_a_retitled_page_that_is_still_a_draft_changes_nothing_it_did_not_say() -> None:
    retitled = DRAFT.replace("公开征求意见的通知", "第二次公开征求意见的通知")
    assert not any(a == "reward_types" for _, a, _, _ in changes(DRAFT, retitled))


def test_a_draft_retitled_for_a_second_round_or_withdrawn_changes_nothing_it_did_not_say() -> None:
    for title in (
        "关于再次公开征求《厦门市守信激励办法》修改意见的通知",
        "关于撤回《厦门市守信激励办法》的公告",
        "厦门市守信激励办法（修改稿）",
    ):
        retitled = DRAFT.replace("关于《厦门市守信激励办法(征求意见稿)》公开征求意见的通知", title)
        assert not any(a == "reward_types" for _, a, _, _ in changes(DRAFT, retitled)), title


def test_an_adopted_draft_changes_only_the_regions_its_title_is_about() -> None:
    before = DRAFT + "福州的茉莉分达到650分的市民乘坐公交享受八折优惠。\n"
    adopted = before.replace(
        "关于《厦门市守信激励办法(征求意见稿)》公开征求意见的通知", "厦门市守信激励办法"
    ).replace("现将征求意见稿全文公布。", "本办法自公布之日起施行。")
    found = changes(before, adopted)
    assert any(r == "xiamen" and a == "reward_types" for r, a, _, _ in found), found
    assert not any(r == "fuzhou" for r, _, _, _ in found), found


EDITED = (
    "# Xiamen's Bailu score\n\n"
    "High scorers rent bikes without a deposit.\n"
    "The score started in 2018.\n"
    "Residents who disagree with their record can file a dispute in person at the credit centre.\n"
    "People with low scores are punished with closer checks at the airport.\n"
    "Residents on the dishonest list are shamed on screens at the metro stations.\n"
)


def unclear_of(before: str, after: str) -> set[tuple[str, str]]:
    return {(r, a) for r, a, v, why in changes(before, after) if v is None and why}


def test_an_item_joined_to_a_list_the_rules_cannot_read_is_flagged_for_that_list() -> None:
    by_post = EDITED.replace("a dispute in person", "a dispute by registered post or in person")
    assert unclear_of(EDITED, by_post) == {("xiamen", "redress_channels")}
    stations = EDITED.replace("at the airport.", "at the airport and at railway stations.")
    assert unclear_of(EDITED, stations) == {("xiamen", "penalty_types")}


def test_a_statement_turned_into_its_negation_is_flagged_for_what_its_clause_speaks_of() -> None:
    after = EDITED.replace("are shamed on screens", "are no longer shamed on screens")
    assert ("xiamen", "public_shaming") in unclear_of(EDITED, after)
    assert ("xiamen", "redress_channels") not in unclear_of(EDITED, after)


def test_edits_that_change_no_attribute_raise_nothing() -> None:
    for old, new in (
        # a clause about something else beside an attribute's words
        ("at the credit centre.", "at the credit centre, which moved to Hubin Road last year."),
        # figures and dates
        ("started in 2018.", "started in 2019."),
        # a copy-edit: words moved, one swapped
        (
            "Residents who disagree with their record can file a dispute in person at the "
            "credit centre.",
            "In person at the credit centre, residents who disagree with their record are able "
            "to file a dispute.",
        ),
        # a verb swapped for another
        ("are shamed on screens", "get shamed on screens"),
    ):
        after = EDITED.replace(old, new)
        assert after != EDITED
        assert unclear_of(EDITED, after) == set(), new


def test_a_page_rewritten_through_raises_no_edit_of_a_sentence() -> None:
    rewritten = (
        "# Xiamen's Bailu score\n\n"
        "Bikes can be rented with no deposit by people whose score is high.\n"
        "It was launched in 2018.\n"
        "Anyone who thinks their record wrong may go to the credit centre, or send a letter.\n"
        "Low scorers face closer checks at the airport and at railway stations.\n"
        "Screens at the metro stations show who is on the dishonest list.\n"
    )
    change = classify("src", page(1, EDITED), page(2, rewritten), scoper)
    assert not any(c.unclear.startswith("value unclear") for c in change.claim_changes), change


def test_an_edited_sentence_is_shown_beside_the_one_it_was_edited_from() -> None:
    after = EDITED.replace("at the airport.", "at the airport and at railway stations.")
    change = classify("src", page(1, EDITED), page(2, after), scoper)
    [edited] = [c for c in change.claim_changes if c.unclear]
    assert edited.before_quote == (
        "People with low scores are punished with closer checks at the airport."
    )
    assert edited.after_quote == (
        "People with low scores are punished with closer checks at the airport and at railway "
        "stations."
    )


def test_a_topic_word_of_another_part_of_the_system_is_the_part_the_rules_read() -> None:
    base = (
        "# Xiamen's Bailu score\n\n"
        "High scorers get rewards such as bikes without a deposit.\n"
        "The score started in 2018.\n"
        "Residents can report jaywalkers to the police through an app.\n"
    )
    # informants paid for tip-offs: their reward, not one the score brings
    tips = base + (
        "Residents who report jaywalkers to the police are paid 50 yuan as a reward for each "
        "tip-off.\n"
    )
    assert {a for _, a, _, _ in changes(base, tips)} == {"informant_rewards"}
    # records of fines fed into the score: an input, not a penalty of the score
    zh = (
        "# 厦门白鹭分\n\n白鹭分于2018年上线。\n市民可在i厦门查询分值。\n"
        "对失信市民,有关部门依法实施惩戒。\n"
    )
    fed = zh + "市民因不分类投放垃圾受到的处罚记录,也将纳入白鹭分的计算。\n"
    assert {a for _, a, _, _ in changes(zh, fed)} == {"inputs"}


def test_copy_edits_raise_nothing() -> None:
    """A review's false alerts on copy-edits, in other words: a restriction restated as a
    negation, a sentence split in two, moved, pasted twice, a word typed twice, a plain
    'will' for another, a clause about something else after a comma."""
    page_en = (
        "# Xiamen's Bailu score\n\n"
        "People on the dishonest list are barred from buying plane tickets.\n"
        "Residents may object to an entry in the app, and the credit office may correct it.\n"
        "High scorers get priority at service counters.\n"
        "The score started in 2018.\n"
    )
    page_zh = (
        "# 厦门白鹭分\n\n失信人员不得乘坐飞机。\n白鹭分于2018年上线。\n"
        "违法者的姓名还会在网站上公布。\n"
    )
    for base, old, new in (
        (page_en, "are barred from buying", "may not buy"),
        (page_zh, "不得乘坐飞机", "禁止乘坐飞机"),
        (page_zh, "还会在网站上公布", "还将在网站上公布"),
        (page_en, "in the app, and the credit office", "in the app. The credit office"),
        (page_en, "get priority at", "get priority priority at"),
        (page_en, "in the app, and", "in the app within 30 days, and"),
        (page_en, "High scorers get priority at service counters.\n", ""),  # moved, below
    ):
        after = base.replace(old, new)
        if not new:
            after += "High scorers get priority at service counters.\n"
        assert after != base
        assert unclear_of(base, after) == set(), new
    pasted = page_en + "People on the dishonest list are barred from buying plane tickets.\n"
    assert unclear_of(page_en, pasted) == set()


def test_a_correction_note_is_about_the_article() -> None:
    base = (
        "# Hotan pays for tip-offs\n\n"
        "Residents of Hotan in Xinjiang who report suspects to the police can receive 2,000 yuan.\n"
        "The notice was issued in February.\n"
        "Officials did not reply to questions.\n"
    )
    after = (
        base
        + "Correction: an earlier version of this story gave the smallest reward as 200 yuan.\n"
    )
    assert unclear_of(base, after) == set()


def test_a_suspension_in_a_clause_of_its_own_speaks_for_the_clause_before() -> None:
    base = (
        "# 厦门白鹭分\n\n白鹭分于2018年上线。\n市民可在i厦门查询分值。\n"
        "白鹭分高的市民在市图书馆可以免押金借书。\n"
    )
    after = base.replace("免押金借书。", "免押金借书，该服务目前已暂停。")
    # since 1.169.0 the suspension withdraws the perk itself (……，该服务目前已暂停 after the
    # words that follow the term): the perk is no longer among the rewards, a value to propose
    found = changes(base, after)
    assert ("xiamen", "reward_types") not in unclear_of(base, after)
    assert any(
        (r, a) == ("xiamen", "reward_types") and "deposit_free_services" not in (v or ())
        for r, a, v, _ in found
    ), found


def test_a_page_of_one_line_is_no_title() -> None:
    before = (
        "Xiamen's Bailu score started in 2018. High scorers rent bikes without a deposit. "
        "People with low scores are punished with closer checks at the airport."
    )
    after = before.replace("at the airport.", "at the airport and at railway stations.")
    assert unclear_of(before, after) == {("xiamen", "penalty_types")}


def test_news_that_begins_with_update_is_news_but_a_dated_correction_is_not() -> None:
    base = (
        "# Xiamen's Bailu score\n\n"
        "High scorers get rewards such as bikes without a deposit.\n"
        "The score started in 2018.\n"
        "Jaywalkers are shown on screens at crossings.\n"
    )
    news = base + "Updated rules say residents on the dishonest list are shown on screens too.\n"
    assert ("xiamen", "public_shaming") in unclear_of(base, news)
    note = base + "Correction (24 February 2019): an earlier version named the wrong screens.\n"
    assert unclear_of(base, note) == set()


def test_a_passage_replaced_wholesale_is_no_edit_of_a_sentence() -> None:
    old = "".join(f"Rule {i} says jaywalkers pay fine number {i}.\n" for i in range(30))
    new = "".join(f"Clause {i} lets residents object to entry number {i}.\n" for i in range(30))
    base = "# Xiamen's Bailu score\n\nHigh scorers rent bikes without a deposit.\n"
    tail = "".join(f"Note {i}: the score started in 2018.\n" for i in range(70))
    change = classify("src", page(1, base + old + tail), page(2, base + new + tail), scoper)
    assert not any(c.unclear.startswith("value unclear") for c in change.claim_changes)


def test_a_bracketed_correction_or_a_vaguer_count_raises_nothing() -> None:
    base = (
        "# 上海公共信用信息异议处理\n\n"
        "市民对信用信息有异议的，可以向市公共信用信息服务中心提出。\n"
        "中心应当在2个工作日内作出异议标注。\n"
        "本市信用平台已归集各类信息。\n"
    )
    note = (
        base.replace("2个工作日", "1个工作日")
        + "（更正：本报此前刊发的本文中，时限有误，现已更正。）\n"
    )
    assert unclear_of(base, note) == set()
    en = (
        "# Xinjiang checkpoints\n\n"
        "In Xinjiang he went through dozens and dozens of checkpoints with cameras.\n"
        "The region's police run them day and night.\n"
        "Other travellers said the same.\n"
    )
    fewer = en.replace("dozens and dozens of", "more than sixty")
    assert unclear_of(en, fewer) == set()


def test_not_restated_as_not_nor_turns_nothing() -> None:
    base = (
        "# Shanghai's credit rules\n\n"
        "Seriously dishonest people in Shanghai are barred from official posts and from "
        "luxury spending.\n"
        "The rules took effect in 2017.\n"
        "Residents can object to an entry.\n"
    )
    after = base.replace(
        "are barred from official posts and from luxury spending",
        "may not take official posts, nor spend on luxuries",
    )
    assert unclear_of(base, after) == set()


SPLIT = (
    "# Xiamen's Bailu score\n\n"
    "The Bailu score started in 2018.\n"
    "The scoring model has five dimensions, which the operator names as basic information, "
    "trustworthiness, untrustworthy default, credit repair and credit behaviour.\n"
    "Residents with good scores rent bikes without a deposit.\n"
    "The city's big-data company runs it."
)


def test_a_sentence_split_in_two_is_compared_whole() -> None:
    # the words that made the first half a statement about the model now stand in a sentence
    # of their own: nothing was added or taken away
    after = SPLIT.replace(
        "has five dimensions, which the operator names as",
        "is built on five dimensions. The operator names them as",
    )
    assert changes(SPLIT, after) == set()


def test_the_edit_reading_can_be_turned_off_and_marks_its_changes() -> None:
    by_post = EDITED.replace("a dispute in person", "a dispute by registered post or in person")
    on = classify("src", page(1, EDITED), page(2, by_post), scoper)
    read = [c for c in on.claim_changes if c.unclear]
    assert [(c.region, c.attribute) for c in read] == [("xiamen", "redress_channels")]
    assert all(c.edited for c in read)  # alerts say "edit reading" beside "value unclear"
    off = classify("src", page(1, EDITED), page(2, by_post), scoper, edits=False)
    assert off.claim_changes == ()
    assert off.layer == "content"  # the edit is still there to read, as a content alert
