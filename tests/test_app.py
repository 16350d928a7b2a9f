"""The app as a manager sees it, driven through streamlit's AppTest."""

import json

import pyarrow as pa

import pytest
from streamlit.testing.v1 import AppTest

from conftest import started_app as started


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def pareto_chart(at: AppTest):
    charts = at.get("vega_lite_chart")
    assert charts, "no chart drawn"
    return charts[0]


def pareto_spec(at: AppTest) -> dict:
    return json.loads(pareto_chart(at).proto.spec)


def table_counts(at: AppTest) -> dict[str, float]:
    """Reason name → bar height, read from the data streamlit sent with the chart (Arrow)."""
    chart = pareto_chart(at)
    frame = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    return dict(zip(frame["name"], frame["count"]))


@pytest.mark.parametrize(("source", "rows"), [("auto", "900"), ("telecom", "1,200")])
def test_demo_opens_coded_with_pareto_in_chinese(source, rows):
    at = started(source=source)
    assert at.title[0].value == "ChurnLens 流失原因分析"
    assert metrics(at)["答卷数"] == rows
    assert pareto_spec(at)["title"]["text"] == "流失原因帕累托图"
    counts = table_counts(at)
    assert set(counts) >= {"价格", "服务", "质量", "距离", "竞争对手"}
    assert list(counts.values())[:-1] == sorted(list(counts.values())[:-1], reverse=True)


def test_segment_filter_changes_the_counts():
    at = started(source="auto")
    before = table_counts(at)
    at.multiselect(key="filter:区域").set_value(["东县"]).run()
    assert not at.exception
    after = table_counts(at)
    assert sum(after.values()) < sum(before.values())
    assert int(metrics(at)["答卷数"].replace(",", "")) < 900


def test_english_switch_translates_the_page():
    at = started(source="auto")
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "ChurnLens — why customers leave"
    assert pareto_spec(at)["title"]["text"] == "Pareto of churn reasons"
    assert "Answers" in metrics(at)


def test_verbatims_highlight_evidence_and_escape_html():
    at = started(source="auto", verbatim_reason="distance")
    html = "".join(m.value for m in at.markdown if "<ul class='verbatims'>" in m.value)
    assert "<mark>" in html
    assert "<script" not in html


def test_mentions_base_and_value_weighting():
    at = started(source="auto")
    at.radio(key="base").set_value("mentions").run()
    assert not at.exception
    at.selectbox(key="weight").set_value("年消费金额").run()
    assert not at.exception
    assert max(table_counts(at).values()) > 900  # money, not heads


def test_an_unexpected_failure_shows_one_sentence_not_a_traceback(monkeypatch):
    import ui.views

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ui.views, "pareto_table", broken)
    at = started(source="auto")
    assert [e.value for e in at.error] == ["出现了意外错误，本页未能完成；请刷新重试，若仍失败请把服务器日志发给管理员。"]


def test_researcher_corrections_change_counts_and_show_kappa():
    at = started(source="auto", verbatim_reason="distance")
    before = table_counts(at)
    distance_rows = [0, 1, 2]
    at = started(source="auto", verbatim_reason="distance",
                 corrections={"demo:auto": {i: "competitor|price" for i in distance_rows}})
    after = table_counts(at)
    assert after["竞争对手"] >= before["竞争对手"] and after != before
    kappa = [d.value for d in at.dataframe if "kappa" in d.value.columns]
    assert kappa and set(kappa[0]["reason"]) == {"价格", "服务", "质量", "距离", "竞争对手"}
    assert "下载校正样本（可用于重新训练）" in [b.label for b in at.get("download_button")]
