"""Step 5c: reasons over time — shares by month or quarter, and before/after a chosen date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from analysis.breakdown import reason_matrix
from analysis.significance import ALPHA, MIN_BASE, benjamini_hochberg, two_by_two_test, wilson_interval

PERIODS = {"month": "M", "quarter": "Q"}


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates and date-times as written in exports ("2024-03-08", "2024/3/8 16:46"); NaT where unreadable."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    text = values.astype("object").where(values.notna(), None)
    return pd.to_datetime(text, errors="coerce", format="mixed")


def shares_by_period(
    tags: pd.Series,
    dates: pd.Series,
    period: Literal["month", "quarter"] = "month",
    reasons: Sequence[str] = (),
) -> pd.DataFrame:
    """Share of respondents naming each reason per month or quarter (rows without a readable date left out).

    Columns: period ("2024-03" or "2024Q1"), reason, count, n, share, ci_low, ci_high.
    Every period between the first and the last appears, with n = 0 where nobody answered.
    """
    columns = ["period", "reason", "count", "n", "share", "ci_low", "ci_high"]
    when = parse_dates(dates.reindex(tags.index))
    known = when.notna()
    if not known.any():
        return pd.DataFrame(columns=columns)
    hits = reason_matrix(tags[known], reasons)
    periods = when[known].dt.to_period(PERIODS[period])
    span = pd.period_range(periods.min(), periods.max(), freq=PERIODS[period])
    counts = hits.groupby(periods).sum().reindex(span, fill_value=0)
    sizes = periods.value_counts().reindex(span, fill_value=0)
    rows = []
    for label in span:
        n = int(sizes[label])
        for reason in hits.columns:
            count = int(counts.at[label, reason])
            low, high = wilson_interval(count, n)
            rows.append({"period": str(label), "reason": reason, "count": count, "n": n,
                         "share": count / n if n else float("nan"), "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=columns)


def before_after(
    tags: pd.Series,
    dates: pd.Series,
    cut: str | pd.Timestamp,
    reasons: Sequence[str] = (),
    min_base: int = MIN_BASE,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Each reason's share before `cut` and from `cut` on, the difference, its p-value and BH significance.

    Answers dated on the cut day count as "after" (the fix was in place). Either side with
    fewer than `min_base` answers is flagged `small_base` and nothing is called significant.
    """
    columns = ["reason", "before_count", "before_n", "before_share", "after_count", "after_n", "after_share",
               "difference", "p_value", "test", "small_base", "p_adjusted", "significant"]
    when = parse_dates(dates.reindex(tags.index))
    known = when.notna()
    hits = reason_matrix(tags[known], reasons)
    after = when[known] >= pd.Timestamp(cut)
    before_n, after_n = int((~after).sum()), int(after.sum())
    small = min(before_n, after_n) < min_base
    rows = []
    for reason in hits.columns:
        before_count, after_count = int(hits.loc[~after, reason].sum()), int(hits.loc[after, reason].sum())
        p_value, test = two_by_two_test(after_count, after_n, before_count, before_n)
        before_share = before_count / before_n if before_n else float("nan")
        after_share = after_count / after_n if after_n else float("nan")
        rows.append({"reason": reason, "before_count": before_count, "before_n": before_n,
                     "before_share": before_share, "after_count": after_count, "after_n": after_n,
                     "after_share": after_share, "difference": after_share - before_share,
                     "p_value": p_value, "test": test, "small_base": small})
    table = pd.DataFrame(rows, columns=columns[:-2])
    table["p_adjusted"] = benjamini_hochberg(table["p_value"].where(~table["small_base"]).to_numpy())
    table["significant"] = (table["p_adjusted"] < alpha) & ~table["small_base"]
    return table[columns]
