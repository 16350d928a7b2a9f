"""Step 5b: where reasons differ — shares by segment with Wilson intervals, tests and BH correction."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.breakdown import reason_matrix

Z95 = 1.959963984540054
MIN_BASE = 30
ALPHA = 0.05
# Below this expected count per cell the chi-square approximation is poor (Cochran's rule).
MIN_EXPECTED = 5
BLANK_SEGMENT = "—"
COLUMNS = ["segment", "reason", "count", "n", "share", "ci_low", "ci_high", "rest_share",
           "p_value", "test", "small_base", "significant"]


def wilson_interval(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for count successes out of n (95% by default); (nan, nan) when n is 0."""
    if n <= 0:
        return float("nan"), float("nan")
    share = count / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def two_by_two_test(count_a: int, n_a: int, count_b: int, n_b: int) -> tuple[float, str]:
    """P-value and test name for 'the share differs between group a and group b'.

    Chi-square (with Yates' correction) when every expected count is at least 5,
    else Fisher's exact test; nan when one group is empty.
    """
    # scipy.stats takes half a second to import: only paid by a run that tests something, not by `tag`
    from scipy.stats import chi2_contingency, fisher_exact

    if n_a <= 0 or n_b <= 0:
        return float("nan"), ""
    table = np.array([[count_a, n_a - count_a], [count_b, n_b - count_b]])
    if table[:, 0].sum() == 0 or table[:, 1].sum() == 0:
        return 1.0, "none"  # the reason is everywhere or nowhere: no difference to test
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    if expected.min() < MIN_EXPECTED:
        return float(fisher_exact(table).pvalue), "fisher"
    return float(chi2_contingency(table, correction=True).pvalue), "chi2"


def benjamini_hochberg(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values) in the input order; nan stays nan."""
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    if present.size == 0:
        return adjusted
    order = present[np.argsort(p[present], kind="stable")]
    ranked = p[order] * present.size / np.arange(1, present.size + 1)
    adjusted[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return adjusted


def segment_labels(segments: pd.Series) -> pd.Series:
    """Segment values as text, blanks shown as a dash so they stay a segment of their own."""
    labels = segments.astype("object").where(segments.notna(), BLANK_SEGMENT).astype(str).str.strip()
    return labels.replace("", BLANK_SEGMENT)


def segment_breakdown(
    tags: pd.Series,
    segments: pd.Series,
    reasons: Sequence[str] = (),
    min_base: int = MIN_BASE,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Every segment × reason: count, n, share with Wilson 95% CI, p against all other segments, BH significance.

    A cell's base `n` is the respondents in its segment; a segment with n < `min_base`
    is flagged `small_base` and never called significant (its test is left out of the
    Benjamini–Hochberg family). `significant` means the BH-adjusted p (`p_adjusted`) is below
    `alpha`; `test` names the test behind `p_value` ("chi2", "fisher", or "none" when the reason
    is everywhere or nowhere); `rest_share` is the share in all other segments together.
    """
    if len(tags) == 0:
        return pd.DataFrame(columns=COLUMNS)
    hits = reason_matrix(tags, reasons)
    labels = segment_labels(segments.reindex(tags.index))
    sizes = labels.value_counts()
    counts = hits.groupby(labels).sum()
    totals = hits.sum()
    rows = []
    for segment in sizes.sort_values(ascending=False).index:
        n = int(sizes[segment])
        for reason in hits.columns:
            count = int(counts.at[segment, reason])
            rest_n, rest_count = len(tags) - n, int(totals[reason]) - count
            low, high = wilson_interval(count, n)
            p_value, test = two_by_two_test(count, n, rest_count, rest_n)
            rows.append({
                "segment": segment, "reason": reason, "count": count, "n": n, "share": count / n,
                "ci_low": low, "ci_high": high, "rest_share": rest_count / rest_n if rest_n else float("nan"),
                "p_value": p_value, "test": test, "small_base": n < min_base,
            })
    table = pd.DataFrame(rows, columns=COLUMNS[:-1])
    family = table["p_value"].where(~table["small_base"])
    table["p_adjusted"] = benjamini_hochberg(family.to_numpy())
    table["significant"] = (table["p_adjusted"] < alpha) & ~table["small_base"]
    return table[[*COLUMNS[:-1], "p_adjusted", "significant"]]
