import pandas as pd

from analysis.normalize import normalize_answers, normalize_text


def test_traditional_fullwidth_and_spaces_become_plain_simplified():
    assert normalize_text("  價格太貴！ＡＢＣ１２３\n\t服務差  ") == "价格太贵!abc123 服务差"


def test_missing_values_become_empty_strings():
    answers = pd.Series(["好", None, float("nan"), pd.NA], index=[10, 11, 12, 13])
    result = normalize_answers(answers)
    assert result.tolist() == ["好", "", "", ""]
    assert list(result.index) == [10, 11, 12, 13]


def test_control_characters_are_dropped():
    assert normalize_text("太\u200b远\x07了\ufeff") == "太远了"
