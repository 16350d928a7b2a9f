import pandas as pd
import pytest

from analysis.evaluate import score_tags

LABELS = ("price", "service", "other")


def test_perfect_prediction_scores_one():
    gold = pd.Series(["price", "service|price", "other"])
    report = score_tags(gold, gold, LABELS)
    assert report["macro_f1"] == 1.0 and report["exact_match"] == 1.0 and report["confusions"] == []


def test_per_tag_counts_and_confusions():
    gold = pd.Series(["price", "service", "other", "price|service"])
    predicted = pd.Series(["price", "price", "other", "price"])
    report = score_tags(gold, predicted, LABELS)
    assert report["per_tag"]["price"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["per_tag"]["service"]["recall"] == 0.0
    assert report["exact_match"] == 0.5
    assert {"gold": "service", "predicted": "price", "count": 1} in report["confusions"]
