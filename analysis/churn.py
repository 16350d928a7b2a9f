"""Step 5d: who is leaving — churn status from a churn flag or a last-visit date, rates by segment."""

from __future__ import annotations

import pandas as pd

from analysis.breakdown import reason_matrix
from analysis.codebook import OTHER
from analysis.normalize import normalize_text
from analysis.significance import segment_labels
from analysis.trends import parse_dates

ACTIVE, AT_RISK, LOST, UNKNOWN = "active", "at_risk", "lost", "unknown"
ALL = "all"  # the segment label of the whole-data row
# After-sales practice: 6–12 months without a visit is at risk, more than 12 is lost.
AT_RISK_MONTHS, LOST_MONTHS = 6, 12
_LOST_WORDS = {"1", "1.0", "true", "yes", "y", "是", "流失", "已流失", "lost", "churned", "离网", "已离网", "销户", "已销户"}
_ACTIVE_WORDS = {"0", "0.0", "false", "no", "n", "否", "未流失", "在网", "留存", "active", "retained", "正常"}


def status_from_last_visit(
    last_visit: pd.Series,
    as_of: str | pd.Timestamp | None = None,
    at_risk_months: int = AT_RISK_MONTHS,
    lost_months: int = LOST_MONTHS,
) -> pd.Series:
    """active / at_risk / lost / unknown per customer from the months since the last visit.

    At risk from `at_risk_months` up to and including `lost_months` without a visit, lost
    beyond that. `as_of` defaults to the latest visit in the data (the export's snapshot
    day), so the same file gives the same answer on any day.
    """
    if at_risk_months > lost_months:
        raise ValueError("at_risk_months must not exceed lost_months")
    when = parse_dates(last_visit)
    if when.notna().sum() == 0:
        return pd.Series(UNKNOWN, index=last_visit.index)
    as_of = pd.Timestamp(as_of) if as_of is not None else when.max()
    status = pd.Series(ACTIVE, index=last_visit.index)
    status[when <= as_of - pd.DateOffset(months=at_risk_months)] = AT_RISK
    status[when < as_of - pd.DateOffset(months=lost_months)] = LOST
    status[when.isna()] = UNKNOWN
    return status


def status_from_flag(flag: pd.Series) -> pd.Series:
    """active / lost / unknown from a churn-flag column (1/0, 是/否, 流失/在网, true/false…)."""
    def status(value: object) -> str:
        text = normalize_text(value)
        return LOST if text in _LOST_WORDS else ACTIVE if text in _ACTIVE_WORDS else UNKNOWN

    values = flag.astype("object")
    return values.map({value: status(value) for value in pd.unique(values)})  # a flag has few distinct values


def churn_by_segment(status: pd.Series, segments: pd.Series | None = None, tags: pd.Series | None = None,
                     reasons: tuple[str, ...] = ()) -> pd.DataFrame:
    """Churn counts and rates per segment (first row: everyone, segment 'all'), with the top reason of those leaving.

    Rates divide by customers whose status is known. `top_reason` is the reason named most by the
    segment's lost and at-risk customers (`other` only when nothing else is named), with its share.
    """
    groups = [(ALL, status.index)] + ([] if segments is None else
                                     [(s, part.index) for s, part in _by_label(segments.reindex(status.index))])
    hits = reason_matrix(tags.reindex(status.index), reasons) if tags is not None else None
    rows = []
    for segment, index in groups:
        part = status.loc[index]
        known = int((part != UNKNOWN).sum())
        counts = {s: int((part == s).sum()) for s in (ACTIVE, AT_RISK, LOST)}
        row = {"segment": segment, "customers": len(part), **counts, "unknown": len(part) - known,
               "churn_rate": counts[LOST] / known if known else float("nan"),
               "at_risk_rate": counts[AT_RISK] / known if known else float("nan"),
               "top_reason": "", "top_reason_share": float("nan")}
        leaving = part.index[part.isin([AT_RISK, LOST])]
        if hits is not None and len(leaving):
            named = hits.loc[leaving].sum().drop(OTHER, errors="ignore")
            top = named.idxmax() if len(named) and named.max() > 0 else OTHER
            row["top_reason"] = top
            row["top_reason_share"] = float(hits.loc[leaving, top].mean()) if top in hits else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def _by_label(segments: pd.Series) -> list[tuple[str, pd.Series]]:
    """(segment, its rows) for each segment, largest first."""
    labels = segment_labels(segments)
    return [(label, labels[labels == label]) for label in labels.value_counts().index]
