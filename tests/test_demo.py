"""The built-in demo tells its story once coded: the differences a manager should find."""

import pandas as pd
import pytest

from analysis.pipeline import tag_answers
from surveys.demo import DEMO_FILES, DEMO_PACKS, load_demo


@pytest.fixture(scope="module")
def coded():
    from analysis.codebook import load_codebook

    out = {}
    for name in DEMO_FILES:
        survey = load_demo(name)
        out[name] = tag_answers(survey.frame, survey.text_columns[0], load_codebook(packs=DEMO_PACKS[name]))
    return out


def share(frame: pd.DataFrame, reason: str) -> float:
    return frame["tags"].str.split("|").map(lambda tags: reason in tags).mean()


def test_demo_sizes_and_detected_columns():
    auto, telecom = load_demo("auto"), load_demo("telecom")
    assert len(auto.frame) >= 800 and auto.text_columns[0] == "流失原因"
    assert len(telecom.frame) >= 1000 and telecom.text_columns[0] == "投诉内容"
    assert {"区域", "销售类型", "车型"} <= set(auto.segment_columns)


def test_remote_counties_leave_for_distance(coded):
    auto = coded["auto"]
    counties = auto[auto["区域"].str.endswith("县")]
    city = auto[auto["区域"] == "市区"]
    assert share(counties, "distance") > 3 * share(city, "distance")


def test_cars_bought_elsewhere_drift_to_competitors(coded):
    auto = coded["auto"]
    assert share(auto[auto["销售类型"] == "它销"], "competitor") > 2 * share(auto[auto["销售类型"] == "自销"], "competitor")


def test_cheap_plan_draws_price_complaints(coded):
    telecom = coded["telecom"]
    cheap = telecom["套餐"].str.contains("19元")
    assert share(telecom[cheap], "price") > 1.5 * share(telecom[~cheap], "price")
