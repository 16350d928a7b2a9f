"""Reasons over time: shares by month and quarter, before/after a cut-off date."""

import pandas as pd
import pytest

from analysis.trends import before_after, parse_dates, shares_by_period


def share(table: pd.DataFrame, period: str, reason: str) -> float:
    return table[(table["period"] == period) & (table["reason"] == reason)]["share"].iloc[0]


def test_parse_dates_reads_export_styles_and_leaves_junk_empty():
    dates = parse_dates(pd.Series(["2024-03-08", "2024/3/9 16:46", "不详", None]))
    assert list(dates[:2].dt.strftime("%Y-%m-%d")) == ["2024-03-08", "2024-03-09"]
    assert dates[2:].isna().all()


def test_shares_by_month_fill_gaps_and_skip_undated_rows():
    tags = pd.Series(["price", "price|service", "service", "other", "price", "price"])
    dates = pd.Series(["2024-01-05", "2024-01-20", "2024-01-31", "2024-03-02", "2024-03-30", "没有日期"])
    table = shares_by_period(tags, dates, "month", ("price", "service", "other"))
    assert list(table["period"].unique()) == ["2024-01", "2024-02", "2024-03"]
    assert share(table, "2024-01", "price") == pytest.approx(2 / 3)
    assert share(table, "2024-01", "service") == pytest.approx(2 / 3)
    assert share(table, "2024-03", "price") == pytest.approx(1 / 2)
    february = table[table["period"] == "2024-02"]
    assert (february["n"] == 0).all() and february["share"].isna().all()
    assert table.groupby("period")["n"].first().sum() == 5


def test_shares_by_quarter():
    tags = pd.Series(["price"] * 3 + ["service"] + ["price"] + ["other"] * 3)
    dates = pd.Series(["2024-01-10", "2024-02-10", "2024-03-10", "2024-03-11", "2024-04-01", "2024-05-01",
                       "2024-06-30", "2024-06-01"])
    table = shares_by_period(tags, dates, "quarter")
    assert list(table["period"].unique()) == ["2024Q1", "2024Q2"]
    assert share(table, "2024Q1", "price") == pytest.approx(0.75)
    assert share(table, "2024Q2", "price") == pytest.approx(0.25)
    assert share(table, "2024Q2", "other") == pytest.approx(0.75)


def test_no_readable_date_gives_an_empty_table():
    assert shares_by_period(pd.Series(["price"]), pd.Series(["?"])).empty


def test_before_after_finds_a_price_rise_after_the_cut_and_nothing_else():
    # 100 answers before 2024-07-01 with 15% price, 100 from that day on with 40% price; service flat at 20%.
    before = ["price"] * 15 + ["service"] * 20 + ["other"] * 65
    after = ["price"] * 40 + ["service"] * 20 + ["other"] * 40
    tags = pd.Series(before + after)
    dates = pd.Series([f"2024-0{1 + i % 6}-15" for i in range(100)] + ["2024-07-01"] * 50 + ["2024-09-30"] * 50)
    table = before_after(tags, dates, "2024-07-01", ("price", "service", "other")).set_index("reason")
    assert table.loc["price", "before_n"] == 100 and table.loc["price", "after_n"] == 100  # the cut day counts as after
    assert table.loc["price", "before_share"] == pytest.approx(0.15)
    assert table.loc["price", "after_share"] == pytest.approx(0.40)
    assert table.loc["price", "difference"] == pytest.approx(0.25)
    assert table.loc["price", "significant"] and table.loc["price", "p_value"] < 0.001
    assert not table.loc["service", "significant"] and table.loc["service", "difference"] == pytest.approx(0.0)


def test_before_after_with_a_thin_side_calls_nothing_significant():
    tags = pd.Series(["other"] * 100 + ["price"] * 10)
    dates = pd.Series(["2024-01-01"] * 100 + ["2024-12-01"] * 10)
    table = before_after(tags, dates, "2024-06-01")
    assert table["small_base"].all() and not table["significant"].any()
