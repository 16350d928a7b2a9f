import pandas as pd
import pytest

from analysis.normalize import normalize_answers, normalize_text, parse_amount


def test_traditional_fullwidth_and_spaces_become_plain_simplified():
    assert normalize_text("  價格太貴！ＡＢＣ１２３\n\t服務差  ") == "价格太贵!abc123 服务差"


def test_missing_values_become_empty_strings():
    answers = pd.Series(["好", None, float("nan"), pd.NA], index=[10, 11, 12, 13])
    result = normalize_answers(answers)
    assert result.tolist() == ["好", "", "", ""]
    assert list(result.index) == [10, 11, 12, 13]


def test_answers_normalized_together_match_one_by_one():
    # normalize_answers works on all answers joined as one string; nothing may leak between them
    answers = pd.Series([
        "價格太貴！ＡＢＣ", "  服務\n差  ", "Ａ\u0301", "㎏　﹏", "A\u0007\u0301", "乾淨", "乾", "淨",
        "😀ｘ", 12, "", " ", "髮廊的頭髮",
    ])
    assert normalize_answers(answers).tolist() == [normalize_text(a) for a in answers]
    with_joiner = pd.concat([answers, pd.Series(["头发\u0001干"])])  # the joining character itself
    assert normalize_answers(with_joiner).tolist() == [normalize_text(a) for a in with_joiner]


def test_control_characters_are_dropped():
    assert normalize_text("太\u200b远\x07了\ufeff") == "太远了"


@pytest.mark.parametrize(("written", "value"), [
    ("1,200元", 1200.0), ("¥3,500", 3500.0), ("￥3500.5", 3500.5), ("1.2万", 12000.0), ("２千", 2000.0),
    ("300", 300.0), ("-50元", -50.0), ("１２００元", 1200.0), (12.5, 12.5),
])
def test_parse_amount_reads_money_as_written(written, value):
    assert parse_amount(written) == value


@pytest.mark.parametrize("written", ["畅享5G 199元", "不详", "", None, "100-200元"])
def test_parse_amount_leaves_non_amounts_empty(written):
    assert parse_amount(written) != parse_amount(written)  # nan
