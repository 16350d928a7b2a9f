"""Step 5: Pareto tables and other breakdowns of coded answers."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from analysis.codebook import OTHER

VITAL_FEW_CUTOFF = 0.8


def explode_tags(tags: pd.Series) -> pd.Series:
    """One row per (answer, reason), indexed by the answer's index."""
    values = tags.fillna(OTHER).astype(str).astype("object")
    # split each distinct tag string once (a few dozen), not each of 100k rows
    parts = {value: value.split("|") for value in pd.unique(values)}
    return values.map(parts).explode()


def pareto_table(
    tags: pd.Series,
    weights: pd.Series | None = None,
    base: Literal["respondents", "mentions"] = "respondents",
    order: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Reasons sorted by count (or summed weight), with share, cumulative share and the vital few.

    `share` divides by respondents (multi-label, so shares may sum past 100%) or by all
    mentions. `cumulative_share` runs over the mentions of real reasons, so it ends at 100%
    on the last of them and the 80% line picks the vital few among what customers named;
    `other` (no reason given) is listed last, has no cumulative share and is never vital.
    `order` breaks ties between equal counts.
    """
    columns = ["reason", "count", "respondents", "share", "cumulative_share", "vital_few"]
    exploded = explode_tags(tags)
    if exploded.empty:
        return pd.DataFrame(columns=columns)
    respondents = exploded.groupby(exploded).size()
    if weights is None:
        counts = respondents.astype(float)
        total_base = float(len(tags)) if base == "respondents" else float(respondents.sum())
    else:
        values = pd.to_numeric(weights, errors="coerce").fillna(0.0).reindex(exploded.index)
        counts = values.groupby(exploded.values).sum()
        total_base = float(pd.to_numeric(weights, errors="coerce").fillna(0.0).sum())
        if base == "mentions":
            total_base = float(counts.sum())
    table = pd.DataFrame({"reason": counts.index, "count": counts.values})
    table["respondents"] = table["reason"].map(respondents).fillna(0).astype(int)
    rank = {reason: i for i, reason in enumerate(order)}
    table["_other"] = table["reason"] == OTHER
    table["_rank"] = table["reason"].map(rank).fillna(len(rank))
    table = table.sort_values(["_other", "count", "_rank"], ascending=[True, False, True]).drop(columns=["_other", "_rank"])
    table = table.reset_index(drop=True)
    table["share"] = table["count"] / total_base if total_base else 0.0
    named = table["reason"] != OTHER
    named_total = table.loc[named, "count"].sum()
    table["cumulative_share"] = (table["count"].where(named).cumsum() / named_total) if named_total else float("nan")
    table.loc[~named, "cumulative_share"] = float("nan")
    before = table["cumulative_share"].shift(fill_value=0.0)
    table["vital_few"] = named & (before < VITAL_FEW_CUTOFF) & (table["count"] > 0)
    if weights is None:
        table["count"] = table["count"].astype(int)
    return table[columns]
