"""Churn status from a last-visit date or a churn flag, and rates by segment next to the reasons."""

import pandas as pd
import pytest

from analysis.churn import churn_by_segment, status_from_flag, status_from_last_visit


def test_last_visit_thresholds_split_active_at_risk_and_lost():
    visits = pd.Series(["2024-12-01", "2024-07-01", "2024-06-30", "2024-06-29", "2023-12-31", "2023-12-30",
                        "2022-05-01", ""])
    status = status_from_last_visit(visits, as_of="2024-12-31")
    # 1 month, just under 6, exactly 6, just over 6, exactly 12 (still at risk), just over 12, 31 months, no date
    assert list(status) == ["active", "active", "at_risk", "at_risk", "at_risk", "lost", "lost", "unknown"]


def test_thresholds_are_parameters():
    visits = pd.Series(["2024-11-15", "2024-08-15", "2024-03-15"])
    assert list(status_from_last_visit(visits, "2024-12-31", at_risk_months=2, lost_months=6)) == [
        "active", "at_risk", "lost"]
    with pytest.raises(ValueError):
        status_from_last_visit(visits, "2024-12-31", at_risk_months=12, lost_months=6)


def test_as_of_defaults_to_the_latest_visit_in_the_data():
    visits = pd.Series(["2025-06-30", "2024-06-29", "2025-02-01"])
    assert list(status_from_last_visit(visits)) == ["active", "lost", "active"]


def test_churn_flags_in_the_usual_spellings():
    flags = pd.Series(["是", "否", "1", "0", "流失", "在网", "TRUE", "no", "待定", None])
    assert list(status_from_flag(flags)) == ["lost", "active", "lost", "active", "lost", "active", "lost", "active",
                                             "unknown", "unknown"]


def test_churn_rate_and_at_risk_by_segment_with_the_top_reason_of_leavers():
    status = pd.Series(["lost", "lost", "at_risk", "active", "lost", "active", "active", "unknown"])
    region = pd.Series(["东县", "东县", "东县", "东县", "城区", "城区", "城区", "城区"])
    tags = pd.Series(["distance", "distance|price", "distance", "price", "price", "service", "other", "other"])
    table = churn_by_segment(status, region, tags, ("price", "service", "distance", "other")).set_index("segment")
    assert list(table.index) == ["all", "东县", "城区"]
    assert table.loc["all", "customers"] == 8 and table.loc["all", "lost"] == 3 and table.loc["all", "unknown"] == 1
    assert table.loc["all", "churn_rate"] == pytest.approx(3 / 7)
    assert table.loc["东县", "churn_rate"] == pytest.approx(0.5) and table.loc["东县", "at_risk"] == 1
    assert table.loc["东县", "at_risk_rate"] == pytest.approx(0.25)
    assert table.loc["东县", "top_reason"] == "distance" and table.loc["东县", "top_reason_share"] == pytest.approx(1.0)
    assert table.loc["城区", "churn_rate"] == pytest.approx(1 / 3)  # the unknown one is not in the base
    assert table.loc["城区", "top_reason"] == "price"


def test_churn_without_segments_is_one_row():
    table = churn_by_segment(pd.Series(["lost", "active"]))
    assert list(table["segment"]) == ["all"] and table["churn_rate"].iloc[0] == 0.5 and table["top_reason"].iloc[0] == ""
