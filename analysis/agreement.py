"""Researcher corrections: apply them, measure agreement with the automatic codes, export them."""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from analysis.codebook import OTHER


def apply_corrections(coded: pd.DataFrame, corrections: dict[object, str]) -> pd.DataFrame:
    """Coded rows with the researcher's tags in place of the automatic ones where given."""
    if not corrections:
        return coded
    out = coded.copy()
    fixed = pd.Series(corrections, dtype="object").reindex(out.index)
    has = fixed.notna()
    out.loc[has, "tags"] = fixed[has]
    out.loc[has, "evidence"] = "researcher"
    return out


def kappa_per_tag(automatic: pd.Series, human: pd.Series, labels: tuple[str, ...]) -> pd.DataFrame:
    """Cohen's kappa, agreement and counts per tag between automatic and researcher tags."""
    rows = []
    auto_sets = automatic.fillna(OTHER).astype(str).str.split("|")
    human_sets = human.fillna(OTHER).astype(str).str.split("|")
    for label in labels:
        a = auto_sets.map(lambda tags: label in tags).astype(int)
        h = human_sets.map(lambda tags: label in tags).astype(int)
        same = a.eq(h)
        # kappa is undefined when both raters use one value only; they then agree perfectly
        kappa = 1.0 if same.all() else float(cohen_kappa_score(a, h))
        rows.append({"reason": label, "kappa": round(kappa, 3), "agreement": round(float(same.mean()), 3),
                     "automatic": int(a.sum()), "researcher": int(h.sum()), "n": len(a)})
    return pd.DataFrame(rows)


def corrections_as_examples(answers: pd.Series, corrections: dict[object, str], source: str) -> pd.DataFrame:
    """Corrected answers in the training/examples format (source, row_id, text, tags)."""
    index = [i for i in corrections if i in answers.index]
    return pd.DataFrame({
        "source": source,
        "row_id": index,
        "text": [answers[i] for i in index],
        "tags": [corrections[i] for i in index],
    })
