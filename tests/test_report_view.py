"""Saved reports in the app (AppTest): save a link, open it read-only, the view in the address."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import DATA, new_app, shown_pareto
from reports.snapshots import Snapshot, SnapshotStore
from surveys import load_survey


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


@pytest.fixture(autouse=True)
def report_database(tmp_path, monkeypatch):
    monkeypatch.setenv("CHURNLENS_DB", f"sqlite:///{tmp_path / 'reports.sqlite'}")


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def opened(**params) -> AppTest:
    at = new_app()
    for key, value in params.items():
        at.query_params[key] = value
    return run(at)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def param(at: AppTest, key: str) -> list[str]:
    """All values of one query parameter (AppTest gives a lone value as a string)."""
    value = at.query_params.get(key, [])
    return value if isinstance(value, list) else [value]


def pareto_rows(at: AppTest) -> list[tuple]:
    """The Pareto table beside the chart, as the user reads it."""
    table = shown_pareto(at)
    return [tuple(row) for row in table.itertuples(index=False)]


@pytest.fixture()
def saved_token(test_codebook):
    from analysis.pipeline import tag_answers

    survey = load_survey(DATA / "survey_utf8.csv")
    coded = tag_answers(survey.frame, "流失原因", test_codebook, learned=False)
    snapshot = Snapshot("门店流失 Q3", coded, test_codebook, "流失原因", survey.segment_columns, ["年消费金额"],
                        {"filters": {"区域": ["城区"]}, "base": "mentions", "weight": None}, survey.source)
    return SnapshotStore().save(snapshot).token


def test_view_round_trips_through_query_params():
    at = opened(**{"f.区域": "市区", "base": "mentions"})
    assert at.multiselect(key="filter:区域").value == ["市区"]
    assert at.radio(key="base").value == "mentions"
    filtered = int(metrics(at)["答卷数"])
    assert 0 < filtered < 900
    assert param(at, "f.区域") == ["市区"] and param(at, "base") == ["mentions"]

    at.multiselect(key="filter:车型").set_value(["ID.4"])
    at.radio(key="base").set_value("respondents")
    run(at)
    assert param(at, "f.车型") == ["ID.4"] and param(at, "base") == ["respondents"]
    reopened = opened(**{k: v for k, v in at.query_params.items() if k != "lang"})
    assert metrics(reopened) == metrics(at)
    assert pareto_rows(reopened) == pareto_rows(at)


def test_saved_report_opens_read_only_with_the_saved_view_and_the_same_numbers(saved_token):
    at = opened(report=saved_token)
    assert at.header[0].value == "门店流失 Q3"
    assert not at.get("file_uploader") and not [s for s in at.selectbox if s.key == "source"]
    assert at.multiselect(key="filter:区域").value == ["城区"] and at.radio(key="base").value == "mentions"
    saved_metrics, saved_rows = metrics(at), pareto_rows(at)
    assert saved_metrics["答卷数"] == "6"  # the 城区 rows of 12
    assert param(at, "f.区域") == ["城区"]

    at.multiselect(key="filter:区域").set_value([])
    run(at)
    assert metrics(at)["答卷数"] == "12"
    at.button(key="report_reset").click()
    run(at)
    assert metrics(at) == saved_metrics and pareto_rows(at) == saved_rows


def test_link_to_a_filtered_view_of_a_saved_report_reproduces_that_view(saved_token):
    at = opened(report=saved_token, **{"f.区域": "东县", "base": "respondents"})
    assert at.multiselect(key="filter:区域").value == ["东县"]
    assert metrics(at)["答卷数"] == "3"


def test_unknown_token_shows_one_sentence():
    at = opened(report="no-such-report")
    assert [e.value for e in at.error] == ["找不到这份报告：链接有误、已被撤销或已过期。"]
    assert not at.metric


def test_save_and_share_from_the_app_then_open_the_link_and_revoke_it():
    at = opened()
    demo_metrics, demo_rows = metrics(at), pareto_rows(at)
    at.text_input(key="report_title").input("汽车售后 <回访>")
    at.number_input(key="report_expiry").set_value(30)
    next(b for b in at.button if b.label == "保存并生成链接").click()
    run(at)
    link, secret = [c.value for c in at.code]
    token = re.fullmatch(r"http://localhost:8501/\?report=([\w-]{32,})", link).group(1)

    shared = opened(report=token)
    assert shared.header[0].value == "汽车售后 <回访>"
    assert metrics(shared) == demo_metrics and pareto_rows(shared) == demo_rows
    assert any("只读报告" in c.value and "过期" in c.value for c in shared.caption)

    shared.text_input(key="report_revoke_secret").input("wrong")
    next(b for b in shared.button if b.label == "撤销").click()
    run(shared)
    assert [e.value for e in shared.error] == ["删除密钥不对，链接未撤销。"]
    shared.text_input(key="report_revoke_secret").input(secret)
    next(b for b in shared.button if b.label == "撤销").click()
    run(shared)
    assert [s.value for s in shared.success] == ["已撤销：这个链接从此打不开了。"]
    assert [e.value for e in opened(report=token).error] == ["找不到这份报告：链接有误、已被撤销或已过期。"]


def test_unreachable_database_shows_one_sentence(monkeypatch):
    monkeypatch.setenv("CHURNLENS_DB", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    at = opened(report="whatever")
    assert [e.value for e in at.error] == ["报告数据库暂时无法使用，报告未保存；请稍后再试或联系管理员。"]
