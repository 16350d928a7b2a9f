import pandas as pd
import pytest

from analysis.breakdown import pareto_table


def test_pareto_sorts_counts_and_marks_vital_few():
    tags = pd.Series(["price"] * 6 + ["service"] * 2 + ["price|distance"] + ["quality"] + ["other"] * 5)
    table = pareto_table(tags)
    assert table["reason"].tolist() == ["price", "service", "distance", "quality", "other"]
    assert table["count"].tolist() == [7, 2, 1, 1, 5]
    assert table.loc[0, "share"] == pytest.approx(7 / 15)  # respondents base
    # cumulative over named reasons only: 7/11, 9/11, 10/11, 11/11
    assert table["cumulative_share"].iloc[:4].tolist() == pytest.approx([7 / 11, 9 / 11, 10 / 11, 1.0])
    assert pd.isna(table["cumulative_share"].iloc[-1])
    assert table["vital_few"].tolist() == [True, True, False, False, False]


def test_other_is_last_and_never_vital_even_when_largest():
    table = pareto_table(pd.Series(["other"] * 10 + ["price"]))
    assert table["reason"].tolist() == ["price", "other"]
    assert table["vital_few"].tolist() == [True, False]


def test_mentions_base_shares_sum_to_one():
    tags = pd.Series(["price|service", "price", "distance"])
    table = pareto_table(tags, base="mentions")
    assert table["share"].sum() == pytest.approx(1.0)
    assert pareto_table(tags, base="respondents")["share"].sum() == pytest.approx(4 / 3)


def test_weights_rank_by_value_not_head_count():
    tags = pd.Series(["price", "price", "price", "service"])
    weights = pd.Series([100, 100, 100, 5000])
    table = pareto_table(tags, weights)
    assert table["reason"].tolist() == ["service", "price"]
    assert table["count"].tolist() == [5000, 300]
    assert table["respondents"].tolist() == [1, 3]


def test_empty_input_gives_empty_table():
    assert pareto_table(pd.Series([], dtype=object)).empty
