import pandas as pd
import pytest

from analysis.agreement import apply_corrections, corrections_as_examples, kappa_per_tag


def test_corrections_replace_tags_and_mark_evidence():
    coded = pd.DataFrame({"tags": ["price", "other", "service"], "evidence": ["price: 贵 (signal)", "", "x"]},
                         index=[10, 11, 12])
    fixed = apply_corrections(coded, {11: "distance"})
    assert fixed["tags"].tolist() == ["price", "distance", "service"]
    assert fixed.loc[11, "evidence"] == "researcher"
    assert coded.loc[11, "tags"] == "other"  # the input is not changed


def test_kappa_per_tag():
    auto = pd.Series(["price", "price", "other", "service", "price|service", "other"])
    human = pd.Series(["price", "other", "other", "service", "price|service", "price"])
    table = kappa_per_tag(auto, human, ("price", "service")).set_index("reason")
    assert table.loc["service", "kappa"] == 1.0
    # price: auto 1,1,0,0,1,0 vs human 1,0,0,0,1,1 -> po=4/6, pe=0.5 -> kappa 1/3
    assert table.loc["price", "kappa"] == pytest.approx(1 / 3, abs=1e-3)
    assert table.loc["price", "agreement"] == pytest.approx(4 / 6, abs=1e-3)


def test_corrections_export_in_training_format():
    answers = pd.Series(["太远了", "挺好"], index=[3, 4])
    examples = corrections_as_examples(answers, {4: "other", 3: "distance"}, "my_survey.csv")
    assert examples.to_dict("records") == [
        {"source": "my_survey.csv", "row_id": 4, "text": "挺好", "tags": "other"},
        {"source": "my_survey.csv", "row_id": 3, "text": "太远了", "tags": "distance"},
    ]
