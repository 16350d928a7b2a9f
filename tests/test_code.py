import re

import pandas as pd
import pytest

from analysis.code import AnswerCoder, code_answers, evidence_terms
from analysis.codebook import available_packs, load_codebook
from analysis.learn import TRAINING
from analysis.normalize import normalize_answers
from analysis.screen import context_free, required_strings


def coded(texts: list[str], codebook) -> list[str]:
    return code_answers(normalize_answers(pd.Series(texts)), codebook)["tags"].tolist()


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("价格太贵了", "price"),
        ("價格太貴了", "price"),  # traditional characters
        ("价格不贵", "other"),  # negation cancels
        ("价格不太便宜", "price"),  # negated praise is a complaint
        ("价格实惠", "other"),  # praise alone
        ("希望便宜点", "price"),  # a wish for praise
        ("价格还行就是服务很差", "service"),  # contrast: judged after 就是
        ("不是因为价格贵，主要是太远", "distance"),  # denial
        ("太远了也无所谓", "other"),  # waved off
        ("服务器老是出问题", "other"),  # word boundary: 服务器 is not 服务
        ("远程办公以后就不来了", "other"),  # 远程 is not 远
        ("等了两个多小时没人理", "service"),  # pattern with a slot
        ("莫名其妙扣了三十块", "price"),
        ("收费很不合理，而且离家远", "distance|price"),
        ("", "other"),
    ],
)
def test_coding_rules(text, tags, test_codebook):
    assert coded([text], test_codebook) == [tags]


def test_evidence_names_words_and_rules(test_codebook):
    result = code_answers(normalize_answers(pd.Series(["态度很差，价格不太便宜"])), test_codebook)
    evidence = result.loc[0, "evidence"]
    assert "service: 态度…很差 (aspect)" in evidence
    assert "price: 不太+便宜 (negated praise)" in evidence
    assert evidence_terms(evidence) == {"service": ["态度", "很差"], "price": ["不太", "便宜"]}


def test_repeated_answers_share_one_result_and_index_is_kept(test_codebook):
    answers = pd.Series(["太贵", "太贵", "太远"], index=[7, 8, 9])
    result = code_answers(normalize_answers(answers), test_codebook)
    assert list(result.index) == [7, 8, 9]
    assert result["tags"].tolist() == ["price", "price", "distance"]


def test_progress_reaches_one(test_codebook):
    seen: list[float] = []
    code_answers(normalize_answers(pd.Series([f"太贵{i}" for i in range(250)])), test_codebook, seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_evidence_terms_skip_model_probabilities():
    assert evidence_terms("price: 贵 (signal); competitor: p=0.81 (model)") == {"price": ["贵"]}


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("除了远都挺好", "distance"),  # contrast: the exception is the reason
        ("没什么问题", "other"),  # waved off
        ("送餐很快，价格实惠", "other"),  # praise only
        ("離地鐵近，服務也好", "other"),  # traditional praise
        ("ＷＩＦＩ信號太差", "quality"),  # full-width + traditional
        ("服务器经常宕机", "other"),  # 服务器 is not 服务
        ("网上一样的东西便宜一半", "competitor|price"),  # same item cheaper elsewhere
        ("现在都用支付宝了", "competitor"),  # switch to a named provider
        ("楼下新开了家健身房", "competitor"),  # a new rival nearby
        ("还不如去菜市场买", "competitor"),
        ("房间太脏，第二天就换了个酒店", "competitor|quality"),  # the customer moved to another hotel
        ("隔音太差，换了房间还是吵", "quality"),  # another room is no rival
        ("不满意，后来换了饭店里的标间", "other"),  # nor a room in the same hotel
        ("其他快递都能送到家", "competitor"),  # a kind of rival said to do better
        ("服务倒不是问题，主要是离得太远", "distance"),  # a denial voids the complaint after the aspect
        ("质量并不是问题", "other"),
    ],
)
def test_default_codebook_scope_praise_and_rivals(text, tags):
    from analysis.codebook import load_codebook

    assert coded([text], load_codebook()) == [tags]


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        ("等了[0-9]+分钟", {"等了"}),  # a literal run beats a digit class
        ("(修|换)(好|完)", {"修好", "修完", "换好", "换完"}),  # adjacent alternatives spell longer strings
        ("(别家|其他家)更便宜", {"别家更便宜", "其他家更便宜"}),
        ("(?<!不)(太|很)?贵", {"贵"}),  # lookbehinds and optional parts are not required
        ("(去|换)(了)?[a-z]", {"去", "换"}),
        ("(搬|调)(到|去)(了)?(外地|外省)", {"外地", "外省"}),  # same length: fewer strings win
        ("[^,。]{2,}", None),  # a negated class can match anything
        ("(?i)abc", None),  # case-insensitive text is not screened
        ("(a+|b?)c?", None),  # one branch can match nothing
    ],
)
def test_required_strings_of_a_pattern(pattern, strings):
    found = required_strings(re.compile(pattern))
    assert (found if found is None else set(found)) == strings


def test_screened_patterns_code_like_running_every_pattern():
    # The screen only skips patterns that cannot match: coding every clause of our labeled examples
    # with all patterns (codebook and every pack) must give the same hits.
    coder = AnswerCoder(load_codebook(packs=tuple(available_packs())))
    every = list(range(len(coder.patterns)))
    texts = pd.concat([pd.read_csv(path, dtype=str)["text"] for path in sorted(TRAINING.glob("*.csv"))])
    pattern_hits = 0
    for text in normalize_answers(texts.dropna()).unique():
        for clause in coder.clauses(coder.segmenter.tokens(text)):
            screened = coder.code_clause(clause, coder.patterns_for(text))
            assert screened == coder.code_clause(clause, every), text
            pattern_hits += sum(hit.rule == "pattern" for hit in screened)
    assert pattern_hits > 500  # the comparison covered many real pattern hits


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?<![不没])贵", "不贵"),  # a lookbehind that fails in the answer but not in a clause starting at 贵
        (r"^太远$", "就是太远了"),  # anchors
        (r"慢(?!一点)", "慢一点"),  # a lookahead
        (r"老(了|化)?($|[,。])", "设施老旧"),  # an anchor inside an alternation
        (r"(?:(?<!比)(别家|外面))+便宜", "比别家便宜"),
    ],
)
def test_a_pattern_free_of_its_context_matches_where_the_pattern_cannot(pattern, text):
    assert re.search(pattern, text) is None and context_free(re.compile(pattern)).search(text)


def test_a_pattern_with_a_back_reference_has_no_context_free_form():
    assert context_free(re.compile(r"(好)\1")) is None


def test_answer_filters_code_like_trying_every_screened_pattern_on_every_clause():
    # A slot pattern is tried on an answer's clauses only when its context-free form matches the answer:
    # coding our labeled examples (codebook and every pack) without that filter must give the same hits.
    coder = AnswerCoder(load_codebook(packs=tuple(available_packs())))
    unfiltered = AnswerCoder(coder.codebook, coder.segmenter)
    unfiltered._answer_filters = [re.compile("")] * len(coder.patterns)
    texts = pd.concat([pd.read_csv(path, dtype=str)["text"] for path in sorted(TRAINING.glob("*.csv"))])
    pattern_hits = 0
    for text in normalize_answers(texts.dropna()).unique():
        cancelled, expected = set(), set()
        hits = coder.code(text, cancelled)
        assert hits == unfiltered.code(text, expected) and cancelled == expected, text
        pattern_hits += sum(hit.rule == "pattern" for hit in hits)
    assert pattern_hits > 500


def test_clauses_in_one_pass_equal_clauses_of_the_tokens():
    coder = AnswerCoder(load_codebook())
    texts = pd.concat([pd.read_csv(path, dtype=str)["text"] for path in sorted(TRAINING.glob("*.csv"))])
    texts = [*normalize_answers(texts.dropna()).unique(), "价格还行，就是服务太差!!", "1.5g才20-23块 但是很远", "  "]
    for text in texts:
        assert coder.clauses_of(text) == coder.clauses(coder.segmenter.tokens(text)), text


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("今年到手的返利远少于去年", "distance", None),  # 远 as a degree adverb, kept whole
        ("新款的续航远低于宣传", "distance", None),
        ("实际面积远不足合同写的", "distance", None),
        ("营业厅离小区太远了", None, "distance"),  # 远 on its own still counts
        ("建议各位换一家吧", "competitor", None),  # advice to others names no rival
        ("亲们还是换一家吧", "competitor", None),
        ("你们换一家快递公司吧", "competitor", None),
        ("我已经换了一家", None, "competitor"),  # the customer's own switch
    ],
)
def test_degree_adverb_and_advice_do_not_tag(text, absent, present, default_codebook):
    tags = coded([text], default_codebook)[0].split("|")
    assert absent not in tags and (present is None or present in tags)


@pytest.mark.parametrize(
    ("text", "tags", "cancelled"),
    [
        ("这家比实体店实惠多了", "other", "competitor"),  # a rival named only to be outdone
        ("酒店位于市中心，离地铁站很近", "other", "distance"),  # the place praised
        ("倒不是因为价格，主要是搬家了", "distance", "price"),  # denied
        ("建议各位换一家吧", "other", "competitor"),  # voided advice
        ("排队久点也无所谓", "other", "service"),  # waved off
        ("太贵了", "price", ""),
        ("不比超市便宜", "competitor", ""),  # negated praise of us is no praise
    ],
)
def test_cancelled_names_reasons_praised_denied_voided_or_waved_off(text, tags, cancelled, default_codebook):
    result = code_answers(normalize_answers(pd.Series([text])), default_codebook)
    assert (result.loc[0, "tags"], result.loc[0, "cancelled"]) == (tags, cancelled)


def test_a_rival_compared_after_its_place_is_the_one_outdone(default_codebook):
    tags = coded(["这家比楼下超市实惠多了", "比隔壁超市便宜一半", "隔壁超市便宜一半"], default_codebook)
    assert tags[:2] == ["other", "other"] and "price" in tags[2].split("|")


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("早餐厅距离客房很远，要绕一大圈", "distance", None),  # far inside the building is not getting there
        ("房间离电梯太远了", "distance", None),
        ("酒店离高铁站太远了", None, "distance"),
        ("你们同品牌的另一家店离公司更近，就去那边了", "competitor", None),  # our own chain is no rival
        ("隔壁新开的那家更便宜，就去那边了", None, "competitor"),
    ],
)
def test_voided_clauses_in_the_default_codebook(text, absent, present, default_codebook):
    tags = coded([text], default_codebook)[0].split("|")
    assert absent not in tags and (present is None or present in tags)


@pytest.mark.parametrize(("text", "tags"), [
    ("网太慢了", "quality"),  # a slow network is the product, not how people treated the customer
    ("寬頻越來越慢", "quality"),
    ("营业厅态度很好,但系统老是很慢", "quality"),
    ("网点办事太慢", "service"),  # a branch (网点) working slowly is service
    ("宽带报修很慢", "service"),  # a slow repair process is service
    ("客服回复慢,网速也慢", "quality|service"),  # each clause judged on its own subject
])
def test_slowness_of_a_machine_is_quality_of_people_is_service(text, tags):
    assert coded([text], load_codebook()) == [tags]


@pytest.mark.parametrize(("text", "tags"), [
    ("配送员还埋怨地址不好找", "other"),  # the courier's excuse, rejected: no problem of place
    ("这么远还送过来，辛苦了", "other"),  # thanks for coming a long way
    ("太远了，送过来都凉了", "distance|quality"),
])
def test_distance_blamed_by_the_shop_or_praised_in_the_courier_is_no_reason(text, tags):
    assert coded([text], load_codebook()) == [tags]
