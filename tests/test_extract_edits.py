"""extract/edits.py: one sentence edited in place, word by word (Chinese character by
character): what it added and removed, and whether it turned a plan or a negation."""

from __future__ import annotations

from extract.edits import (
    MAX_TOKENS,
    clauses_with,
    joined,
    sentence_edit,
    text_edit,
    tokens,
    turned,
)


def edit_of(old: str, new: str):  # type: ignore[no-untyped-def]
    return sentence_edit(old, (0, len(old)), new, (0, len(new)))


def words(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_an_added_clause_is_added_and_nothing_is_removed() -> None:
    old = "Offenders are named on screens at the crossing."
    new = "Offenders are named on screens at the crossing and on the police website."
    edit = edit_of(old, new)
    assert words(new, edit.added) == ["and on the police website"]
    assert edit.removed == ()
    assert words(new, edit.added_words) == ["police", "website"]
    assert edit.small


def test_a_word_moved_within_the_sentence_is_no_change() -> None:
    old = "At the service hall residents can contest an entry."
    new = "Residents can contest an entry at the service hall."
    edit = edit_of(old, new)
    assert edit.changed == 0
    assert not edit.small  # nothing of content changed: no edit to read


def test_figures_and_dates_alone_change_no_content() -> None:
    old = "By March, 12,000 residents had rented bikes without a deposit."
    new = "By June, 15,400 residents had rented bikes without a deposit."
    assert edit_of(old, new).changed == 0
    zh = edit_of("截至3月底,已有12000名市民开通。", "截至6月中旬,已有15400名市民开通。")
    assert zh.changed == 0


def test_chinese_is_compared_character_by_character() -> None:
    old = "为市民提供自费部分不在现场结算等便利。"
    new = "为市民提供就诊免交预交金、自费部分不在现场结算等便利。"
    edit = edit_of(old, new)
    assert words(new, edit.added) == ["就诊免交预交金"]
    assert edit.changed == 6  # 金 is counted once: it is new


def test_a_rewritten_sentence_is_no_small_edit() -> None:
    old = "Residents can contest an entry at the service hall."
    new = "Anyone who thinks a record wrong may write to the bureau, which must reply in a week."
    assert not edit_of(old, new).small


def test_a_plan_come_true_turns_the_clause_that_held_the_plan() -> None:
    old = "The cameras are in place, and they will soon be linked to face-matching software."
    new = "The cameras are in place, and since May they have been linked to face-matching software."
    edit = edit_of(old, new)
    turn = turned(old, (0, len(old)), new, (0, len(new)), edit)
    assert turn
    assert words(old, turn.before) == [" and they will soon be linked to face-matching software."]


def test_a_benefit_suspended_after_its_name_turns_its_clause() -> None:
    old = "市民可以免费乘坐观光车,入住景区酒店免交押金。"
    new = "市民可以免费乘坐观光车,入住景区酒店免交押金的服务目前已暂停。"
    edit = edit_of(old, new)
    turn = turned(old, (0, len(old)), new, (0, len(new)), edit)
    assert words(new, turn.after) == ["入住景区酒店免交押金的服务目前已暂停。"]
    assert not turn.before


def test_an_edit_beside_a_plan_word_turns_nothing() -> None:
    old = "The city plans to add penalties next year."
    new = "The city plans to add penalties next year, its mayor said on Monday."
    edit = edit_of(old, new)
    assert not turned(old, (0, len(old)), new, (0, len(new)), edit)


def test_an_item_joined_to_a_list_stands_in_its_clause() -> None:
    new = "Fines apply at the airport and at railway stations; the rules took effect in May."
    edit = edit_of("Fines apply at the airport; the rules took effect in May.", new)
    at = new.index("airport")
    clause = clauses_with(new, 0, len(new), [(at, at + 7)])
    assert words(new, clause) == ["Fines apply at the airport and at railway stations;"]
    assert words(new, joined(new, edit.added, edit.added_words)) == ["railway", "stations"]
    # a clause after a comma is another matter ("..., and the list is updated monthly")
    other = "Fines apply at the airport, and the list is updated every month."
    assert words(other, clauses_with(other, 0, len(other), [(15, 22)])) == [
        "Fines apply at the airport,"
    ]


def test_restating_a_negation_or_a_plan_in_other_words_turns_nothing() -> None:
    for old, new in (
        (
            "Defaulters are barred from buying plane tickets.",
            "Defaulters may not buy plane tickets.",
        ),
        ("失信人员不得乘坐飞机。", "失信人员禁止乘坐飞机。"),
        ("违法者的姓名还会在网站上公布。", "违法者的姓名还将在网站上公布。"),
    ):
        edit = edit_of(old, new)
        assert not turned(old, (0, len(old)), new, (0, len(new)), edit), new


def test_a_sentence_split_in_two_or_a_word_typed_twice_changes_no_word() -> None:
    old = "Residents may object to an entry, and they may appeal to a court."
    first, second = "Residents may object to an entry.", " They may appeal to a court."
    new = first + second
    edit = text_edit(old, [(0, len(old))], new, [(0, len(first)), (len(first), len(new))])
    assert edit.changed == 0
    assert (
        edit_of(
            "High scorers get priority at the counter.",
            "High scorers get priority priority at the counter.",
        ).changed
        == 0
    )
    assert edit_of("高分市民享受优先办理。", "高分市民享受优先优先办理。").changed == 0


def test_a_word_swapped_joins_no_item() -> None:
    old = "Residents can contest an entry at the service hall."
    new = "Residents are able to contest an entry at the service hall."
    edit = edit_of(old, new)
    assert joined(new, edit.added, edit.added_words) == ()


def test_a_long_sentence_is_compared_on_its_first_words_only() -> None:
    long = "word " * 100_000
    assert len(tokens(long, 0, len(long))) == MAX_TOKENS
    han = "字" * 100_000
    assert len(tokens(han, 0, len(han))) == MAX_TOKENS
    edit = edit_of(long, long + "end")
    assert edit.changed == 0  # the change lies beyond what is compared


def test_hostile_sentences_are_compared_in_bounded_work() -> None:
    # numerals without a date mark, and one word of a hundred thousand letters: each pattern
    # meets them once per position at most (a slow one would take minutes here)
    for hostile in ("一" * 100_000, "7" * 100_000 + "月", "a" * 100_000, "和、" * 50_000):
        new = "未 " + hostile + " will soon"
        edit = edit_of(hostile, new)
        assert edit.content <= MAX_TOKENS
        assert turned(hostile, (0, len(hostile)), new, (0, len(new)), edit).after  # 未 added


def test_look_alikes_of_negations_joins_and_plain_wills_are_none() -> None:
    # 无锡 is a city, "No. 5" a number, 非常 "very": no negation added
    for old, new in (
        ("这一做法已推广到苏州。", "这一做法已推广到无锡。"),
        ("The rule is in Decree 5.", "The rule is in Decree No. 5."),
        ("效果明显。", "效果非常明显。"),
    ):
        assert not turned(old, (0, len(old)), new, (0, len(new)), edit_of(old, new)), new
    # 社会 (society) is no plain "will" that cancels a plan come true
    old, new = "社会信用体系计划明年推出免押金服务。", "社会信用体系已于今年推出免押金服务。"
    assert turned(old, (0, len(old)), new, (0, len(new)), edit_of(old, new))
    # 和平路 is a street, 及时 "in time": nothing joined
    old, new = "对失信人员限制乘坐飞机。", "对和平路的失信人员限制乘坐飞机。"
    edit = edit_of(old, new)
    assert joined(new, edit.added, edit.added_words) == ()


def test_a_run_across_a_line_break_counts_in_each_sentence() -> None:
    old = "Bikes for free citywide\nPriority at hospitals"
    new = "Bikes for free citywide now\nNo priority at hospitals"
    edit = text_edit(old, [(0, 23), (24, len(old))], new, [(0, 27), (28, len(new))])
    second = edit.within((24, len(old)), (28, len(new)), 3)
    assert [new[s:e] for s, e in second.added] == ["No"]


def test_words_are_compared_in_one_width_and_case() -> None:
    assert edit_of("Open the ＡＰＰ daily.", "Open the APP daily.").changed == 0


def test_look_alike_negations_and_no_need_to_queue_turn_nothing() -> None:
    from extract.edits import POLARITY

    for text in ("奖励20万元到500万元不等", "不良记录", "无偿献血", "无需排队", "无需等候"):
        assert not POLARITY.search(text), text
    for text in ("不等于", "不能退出", "无法申诉", "不再公布", "无人征求同意", "不动用人脸识别"):
        assert POLARITY.search(text), text
    assert not POLARITY.search("不用交押金")
    # "traffic" (交通) and fines are no deposit: still negations
    for text in ("不用交通违法记录", "无须缴纳罚款"):
        assert POLARITY.search(text), text
