"""Coding quality against a gold-labelled set: per-tag precision, recall, F1 and confusions."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis.codebook import OTHER


def tag_sets(tags: pd.Series) -> list[frozenset[str]]:
    """Each `|`-joined tag string as a set; blanks count as `other`."""
    return [frozenset(t for t in str(v).split("|") if t.strip()) or frozenset({OTHER}) for v in tags.fillna(OTHER)]


def score_tags(gold: pd.Series, predicted: pd.Series, labels: tuple[str, ...]) -> dict:
    """Precision, recall and F1 per tag, micro and macro F1, exact match and costly confusions."""
    gold_sets, pred_sets = tag_sets(gold), tag_sets(predicted)
    per_tag: dict[str, dict[str, float]] = {}
    totals = Counter()
    for label in labels:
        tp = sum(label in g and label in p for g, p in zip(gold_sets, pred_sets))
        fp = sum(label not in g and label in p for g, p in zip(gold_sets, pred_sets))
        fn = sum(label in g and label not in p for g, p in zip(gold_sets, pred_sets))
        totals.update(tp=tp, fp=fp, fn=fn)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_tag[label] = {
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": tp + fn, "predicted": tp + fp,
        }
    micro_p = totals["tp"] / (totals["tp"] + totals["fp"]) if totals["tp"] + totals["fp"] else 0.0
    micro_r = totals["tp"] / (totals["tp"] + totals["fn"]) if totals["tp"] + totals["fn"] else 0.0
    micro_f1 = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    confusions = Counter()
    for g, p in zip(gold_sets, pred_sets):
        if g != p:
            for missed in (g - p) or {"(none)"}:
                for extra in (p - g) or {"(none)"}:
                    confusions[(missed, extra)] += 1
    return {
        "n": len(gold_sets),
        "per_tag": per_tag,
        "micro_f1": round(micro_f1, 4),
        "macro_f1": round(sum(v["f1"] for v in per_tag.values()) / len(labels), 4),
        "exact_match": round(sum(g == p for g, p in zip(gold_sets, pred_sets)) / max(1, len(gold_sets)), 4),
        "confusions": [
            {"gold": gold, "predicted": extra, "count": count} for (gold, extra), count in confusions.most_common(10)
        ],
    }
