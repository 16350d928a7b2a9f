"""How long the manager's breakdowns take on 100,000 coded answers, against pareto_table in the same run.

Run from the repository root: python benchmarks/breakdowns.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.breakdown import cooccurrence, pareto_table  # noqa: E402
from analysis.churn import churn_by_segment, status_from_last_visit  # noqa: E402
from analysis.significance import segment_breakdown  # noqa: E402
from analysis.trends import before_after, shares_by_period  # noqa: E402

ROWS = 100_000
REASONS = ("price", "service", "quality", "distance", "competitor", "other")


def seconds(action) -> float:
    """Best wall time of three calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print each breakdown's time and its ratio to the plain Pareto table."""
    rng = np.random.default_rng(1)
    first = rng.choice(REASONS, ROWS)
    second = rng.choice(REASONS[:-1], ROWS)
    tags = pd.Series(np.where((rng.random(ROWS) < 0.2) & (first != "other") & (first != second),
                              [f"{a}|{b}" for a, b in zip(first, second)], first))
    regions = pd.Series(rng.choice([f"区域{i}" for i in range(20)], ROWS))
    dates = pd.Series(pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 900, ROWS), unit="D")).dt.strftime("%Y-%m-%d")
    base = seconds(lambda: pareto_table(tags, order=REASONS))
    print(f"{ROWS:,} answers; pareto_table (baseline): {base * 1000:.0f} ms")
    runs = {
        "segment_breakdown (20 segments × 6 reasons)": lambda: segment_breakdown(tags, regions, REASONS),
        "shares_by_period (month)": lambda: shares_by_period(tags, dates, "month", REASONS),
        "before_after": lambda: before_after(tags, dates, "2024-06-01", REASONS),
        "cooccurrence": lambda: cooccurrence(tags, REASONS),
        "churn_by_segment (from last visit)": lambda: churn_by_segment(status_from_last_visit(dates), regions, tags, REASONS),
    }
    for name, action in runs.items():
        took = seconds(action)
        print(f"{name}: {took * 1000:.0f} ms ({took / base:.1f}× pareto_table)")


if __name__ == "__main__":
    main()
