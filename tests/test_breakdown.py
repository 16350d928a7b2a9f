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


def test_cooccurrence_counts_pairs_named_together():
    from analysis.breakdown import cooccurrence

    tags = pd.Series(["price|competitor", "price|competitor", "price", "service|quality", "competitor", "other"])
    pairs = cooccurrence(tags, ("price", "service", "quality", "competitor", "other"))
    matrix = pairs.pivot(index="reason", columns="with_reason", values="count")
    assert "other" not in matrix.index  # 'other' never comes with anything
    assert matrix.loc["price", "competitor"] == 2 and matrix.loc["competitor", "price"] == 2
    assert matrix.loc["price", "price"] == 3 and matrix.loc["service", "quality"] == 1
    assert matrix.loc["price", "service"] == 0
    share = pairs.set_index(["reason", "with_reason"])["share_of_reason"]
    assert share[("price", "competitor")] == pytest.approx(2 / 3) and share[("competitor", "price")] == pytest.approx(2 / 3)


def test_pareto_weights_parse_money_as_written():
    table = pareto_table(pd.Series(["price", "service", "price"]), weights=pd.Series(["1,200元", "¥300", "1.5万"]))
    assert table.set_index("reason")["count"].to_dict() == {"price": 16200.0, "service": 300.0}


def test_names_reason_matches_whole_tags_only():
    from analysis.breakdown import names_reason

    tags = pd.Series(["price|service", "other", None, "service", ""], index=[5, 6, 7, 8, 9])
    assert names_reason(tags, "service").tolist() == [True, False, False, True, False]
    assert names_reason(tags, "price").index.tolist() == [5, 6, 7, 8, 9]
    assert not names_reason(tags, "serv").any()
