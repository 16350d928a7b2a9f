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
