"""Step 5: Pareto tables and other breakdowns of coded answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from analysis.codebook import OTHER, REASON_ORDER
from analysis.normalize import parse_amounts

VITAL_FEW_CUTOFF = 0.8


def explode_tags(tags: pd.Series) -> pd.Series:
    """One row per (answer, reason), indexed by the answer's index."""
    values = tags.fillna(OTHER).astype(str).astype("object")
    # split each distinct tag string once (a few dozen), not each of 100k rows
    parts = {value: value.split("|") for value in pd.unique(values)}
    return values.map(parts).explode()


def names_reason(tags: pd.Series, reason: str) -> pd.Series:
    """Whether each answer's tags include reason (decided once per distinct tag string)."""
    values = tags.fillna(OTHER).astype(str)
    named = {value: reason in value.split("|") for value in pd.unique(values)}
    return values.map(named).astype(bool)


def reason_matrix(tags: pd.Series, reasons: Sequence[str] = ()) -> pd.DataFrame:
    """One boolean column per reason, one row per answer (same index as tags)."""
    exploded = explode_tags(tags.reset_index(drop=True))
    ordered = list(reasons)
    ordered += [r for r in sorted(set(exploded), key=_reason_rank) if r not in ordered]
    hits = np.zeros((len(tags), len(ordered)), dtype=bool)
    hits[exploded.index.to_numpy(), pd.Categorical(exploded, categories=ordered).codes] = True
    return pd.DataFrame(hits, index=tags.index, columns=ordered)


def _reason_rank(reason: str) -> tuple[int, str]:
    """Sort key: the codebook's default order, then alphabetical."""
    return (REASON_ORDER.index(reason) if reason in REASON_ORDER else len(REASON_ORDER), reason)


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
        values = parse_amounts(weights).fillna(0.0).reindex(exploded.index)
        counts = values.groupby(exploded.values).sum()
        total_base = float(parse_amounts(weights).fillna(0.0).sum())
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


def cooccurrence(tags: pd.Series, reasons: tuple[str, ...] = ()) -> pd.DataFrame:
    """Reason pairs named by the same answer: count, and the share of answers naming `reason` that also name `with_reason`.

    One row per ordered pair of named reasons (the matrix in long form); the diagonal holds each reason's own count.
    """
    hits = reason_matrix(tags, reasons).drop(columns=OTHER, errors="ignore").astype(int)  # 'other' is exclusive
    together = hits.T @ hits
    rows = []
    for reason in together.index:
        for other in together.columns:
            count = int(together.at[reason, other])
            own = int(together.at[reason, reason])
            rows.append({"reason": reason, "with_reason": other, "count": count,
                         "share_of_reason": count / own if own else 0.0})
    return pd.DataFrame(rows, columns=["reason", "with_reason", "count", "share_of_reason"])
