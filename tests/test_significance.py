"""Where reasons differ by segment: Wilson intervals, the tests, BH correction, small bases, the CLI."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.significance import benjamini_hochberg, segment_breakdown, two_by_two_test, wilson_interval
from conftest import DATA, ROOT


def planted(sizes: dict[str, dict[str, int]]) -> tuple[pd.Series, pd.Series]:
    """Tags and segments built from {segment: {reason: count}} (one reason per answer)."""
    tags, segments = [], []
    for segment, plan in sizes.items():
        for reason, count in plan.items():
            tags += [reason] * count
            segments += [segment] * count
    return pd.Series(tags), pd.Series(segments)


def cell(table: pd.DataFrame, segment: str, reason: str) -> pd.Series:
    return table[(table["segment"] == segment) & (table["reason"] == reason)].iloc[0]


@pytest.mark.parametrize(("count", "n", "low", "high"), [
    (0, 10, 0.0, 0.2775),      # upper bound z²/(n+z²)
    (5, 10, 0.2366, 0.7634),
    (81, 263, 0.2553, 0.3662),  # Newcombe (1998), Statistics in Medicine 17:857, example (a)
    (15, 148, 0.0624, 0.1605),  # Newcombe (1998), example (b)
])
def test_wilson_interval_matches_published_values(count, n, low, high):
    assert wilson_interval(count, n) == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_of_no_respondents_is_undefined():
    assert all(np.isnan(wilson_interval(0, 0)))


def test_benjamini_hochberg_adjusts_and_keeps_order():
    # m = 4: sorted 0.005, 0.01, 0.03, 0.04 → ×4/1, ×4/2, ×4/3, ×4/4 = .02, .02, .04, .04 (monotone from the top)
    adjusted = benjamini_hochberg([0.01, 0.04, 0.03, 0.005, float("nan")])
    assert adjusted[:4] == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert np.isnan(adjusted[4])
    assert benjamini_hochberg([0.5, 0.9]) == pytest.approx([0.9, 0.9])  # never below the raw p, capped at 1
    assert benjamini_hochberg([0.8, 0.9, 1.0]).max() <= 1.0


def test_small_expected_counts_use_fishers_exact_test():
    p, test = two_by_two_test(3, 10, 0, 40)
    # all 3 cases in the group of 10: C(10,3)/C(50,3), the only table as extreme as this one
    assert test == "fisher" and p == pytest.approx(120 / 19600)
    p, test = two_by_two_test(40, 100, 20, 100)
    assert test == "chi2" and p < 0.01


def test_planted_segment_difference_is_flagged_and_even_spread_is_not():
    tags, segments = planted({
        "城区": {"distance": 6, "price": 15, "service": 15, "other": 24},
        "东县": {"distance": 30, "price": 15, "service": 15, "other": 0},
    })
    table = segment_breakdown(tags, segments, ("price", "service", "distance", "other"))
    east = cell(table, "东县", "distance")
    assert east["significant"] and east["share"] == pytest.approx(0.5) and east["rest_share"] == pytest.approx(0.1)
    assert east["count"] == 30 and east["n"] == 60
    assert not table[table["reason"].isin(["price", "service"])]["significant"].any()
    assert cell(table, "城区", "price")["p_value"] == pytest.approx(1.0)
    assert list(table.columns[:7]) == ["segment", "reason", "count", "n", "share", "ci_low", "ci_high"]


def test_random_even_spread_gives_no_significant_cell():
    rng = np.random.default_rng(7)
    tags = pd.Series(rng.choice(["price", "service", "quality", "distance", "other"], 900))
    segments = pd.Series(rng.choice(["华东", "华南", "华北", "西部"], 900))
    table = segment_breakdown(tags, segments)
    assert len(table) == 20 and not table["significant"].any()


def test_small_base_is_never_significant():
    tags, segments = planted({"大区": {"price": 10, "other": 190}, "小店": {"price": 20}})
    table = segment_breakdown(tags, segments)
    small = cell(table, "小店", "price")
    assert small["small_base"] and small["share"] == 1.0 and small["p_value"] < 1e-10
    assert not small["significant"]
    assert not table[table["segment"] == "小店"]["significant"].any()
    assert np.isnan(small["p_adjusted"])  # left out of the BH family


def test_blank_segment_values_form_their_own_segment_and_reasons_keep_order():
    tags = pd.Series(["price", "service|price", "other", "price"])
    segments = pd.Series(["A", None, "A", ""])
    table = segment_breakdown(tags, segments, ("price", "service", "other"))
    assert set(table["segment"]) == {"A", "—"}
    assert list(table["reason"].unique()) == ["price", "service", "other"]
    assert cell(table, "—", "price")["count"] == 2


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"})


def test_cli_breakdown_json_flags_the_planted_region():
    result = run("breakdown", str(DATA / "stores_by_region.csv"), "--by", "区域", "--json",
                 "--codebook", str(DATA / "codebook"))
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    cells = {(r["segment"], r["reason"]): r for r in records}
    assert cells[("东县", "distance")]["significant"] is True
    assert cells[("东县", "distance")]["count"] == 30 and cells[("东县", "distance")]["n"] == 60
    assert cells[("西乡", "other")]["share"] == 0.8 and cells[("西乡", "other")]["p_value"] < 1e-6
    assert cells[("西乡", "other")]["small_base"] is True and cells[("西乡", "other")]["significant"] is False
    assert not any(r["significant"] for r in records if r["reason"] in ("price", "service") and r["segment"] != "西乡")
    assert {"segment", "reason", "count", "n", "share", "ci_low", "ci_high", "p_value", "significant"} <= set(records[0])


def test_cli_breakdown_unknown_column_exits_2_with_one_sentence():
    result = run("breakdown", str(DATA / "stores_by_region.csv"), "--by", "门店", "--codebook", str(DATA / "codebook"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == f"No column '门店' in {DATA / 'stores_by_region.csv'}."


def test_cli_pareto_weights_money_written_with_commas_and_yuan():
    frame = pd.read_csv(DATA / "stores_by_region.csv", dtype=str)
    yuan = frame["年消费金额"].str.replace(",", "").str.removesuffix("元").astype(int)
    distance_words = frame["流失原因"].str.contains("远|搬家")
    result = run("pareto", str(DATA / "stores_by_region.csv"), "--weight", "年消费金额", "--json",
                 "--codebook", str(DATA / "codebook"))
    assert result.returncode == 0, result.stderr
    records = {r["reason"]: r for r in json.loads(result.stdout)}
    assert records["distance"]["count"] == yuan[distance_words].sum()
    assert sum(r["count"] for r in records.values()) == yuan.sum()
