"""The manager's tabs (细分对比, 趋势, 共现, 流失率, 行动计划) driven through streamlit's AppTest."""

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from conftest import started_app, shown_pareto
from surveys.demo import DEMO_FILES

SEGMENTS, TRENDS, COOCCURRENCE, CHURN, ACTIONS = range(5)
TAB = "manager_tab:zh"  # the open tab; only its content is computed


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def started(**session) -> AppTest:
    at = started_app(**session)
    assert not at.error, [e.value for e in at.error]
    return at


def chart(at: AppTest, tab: int, title: str):
    """The chart in a tab whose title (text) starts with `title`."""
    for element in at.tabs[tab].get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        text = spec.get("title", "")
        text = text.get("text", "") if isinstance(text, dict) else text
        if text.startswith(title):
            return element
    raise AssertionError(f"no chart titled {title!r} in tab {tab}")


def chart_data(element) -> pd.DataFrame:
    """The data streamlit sent with a chart (Arrow); the largest data set when there are several."""
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in element.proto.datasets]
    return max(frames, key=len)


def test_tabs_appear_in_chinese_and_english_and_only_the_open_one_is_drawn():
    at = started(source="auto")
    assert [tab.label for tab in at.tabs] == ["细分对比", "趋势", "共现", "流失率", "行动计划"]
    assert [len(tab.get("vega_lite_chart")) for tab in at.tabs] == [2, 0, 0, 0, 0]
    at.session_state[TAB] = "流失率"
    at.run()
    assert [len(tab.get("vega_lite_chart")) for tab in at.tabs] == [0, 0, 0, 1, 0]
    at.session_state[TAB] = "细分对比"
    at.run()
    at.radio(key="lang").set_value("en").run()
    assert [tab.label for tab in at.tabs] == ["Segments", "Trends", "Co-occurrence", "Churn rate", "Action plan"]
    chart(at, SEGMENTS, "Churn reasons by segment")


def test_segment_heatmap_marks_counties_leaving_for_distance_and_opens_a_cells_answers():
    at = started(source="auto", bd_by="区域")
    heat = chart_data(chart(at, SEGMENTS, "各细分的流失原因占比"))
    cells = heat.set_index(["segment", "name"])
    for county in ("北岭县", "西山县", "南湖县"):
        assert cells.loc[(county, "距离"), "significant"] and cells.loc[(county, "距离"), "label"].endswith("▲")
    assert cells.loc[("市区", "距离"), "label"].endswith("▼")
    table = at.tabs[SEGMENTS].dataframe[0].value.set_index(["细分", "原因"])
    assert table.loc[("北岭县", "距离"), "判断"] == "显著偏高"
    assert table.loc[("北岭县", "价格"), "判断"] == ""

    at.selectbox(key="bd_cell_segment").set_value("北岭县")
    at.selectbox(key="bd_cell_reason").set_value("distance").run()
    count = int(cells.loc[("北岭县", "距离"), "count"])
    captions = [c.value for c in at.tabs[SEGMENTS].caption]
    assert f"北岭县 · 距离：共 {count} 条，显示前 {min(count, 50)} 条。" in captions
    quotes = [m.value for m in at.tabs[SEGMENTS].markdown if "<li>" in m.value]
    assert quotes and quotes[0].count("<li>") == min(count, 50) and "<mark>" in quotes[0]

    side_by_side = json.loads(chart(at, SEGMENTS, "分细分帕累托图").proto.spec)
    assert side_by_side["facet"]["column"]["field"] == "segment"
    labels = [b.label for b in at.tabs[SEGMENTS].get("download_button")]
    assert labels == ["下载表格 CSV", "下载表格 CSV"]


def test_trends_by_quarter_and_the_labour_rate_rise_before_and_after():
    at = started(source="auto", **{TAB: "趋势"})
    at.radio(key="tr_period").set_value("quarter").run()
    lines = chart_data(chart(at, TRENDS, "流失原因占比趋势"))
    assert sorted(lines["period"].unique()) == [f"{y}Q{q}" for y in (2023, 2024) for q in range(1, 5)] + ["2025Q1", "2025Q2"]
    assert json.loads(chart(at, TRENDS, "流失原因占比趋势").proto.spec)["encoding"]["x"]["title"] == "季度"

    at.date_input(key="tr_cut:最后回厂日期").set_value(dt.date(2024, 7, 1)).run()
    chart(at, TRENDS, "前后对比：2024-07-01 之前与之后")
    table = at.tabs[TRENDS].dataframe[1].value.set_index("原因")
    assert table.loc["价格", "判断"] == "显著上升" and table.loc["价格", "变化（百分点）"] > 5
    assert table.loc["距离", "判断"] == ""


def test_cooccurrence_matrix_is_symmetric_and_names_the_top_pair():
    at = started(source="auto", **{TAB: "共现"})
    chart(at, COOCCURRENCE, "原因共现矩阵")
    matrix = at.tabs[COOCCURRENCE].dataframe[0].value
    assert list(matrix.columns) == ["价格", "服务", "质量", "距离", "竞争对手"]
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["价格", "竞争对手"] > matrix.loc["价格", "服务"]  # cheaper independent garages
    assert any(c.value.startswith("最常一起出现：") for c in at.tabs[COOCCURRENCE].caption)


def test_churn_rate_from_last_visit_follows_the_thresholds():
    at = started(source="auto", churn_by="区域", **{TAB: "流失率"})
    metrics = {m.label: m.value for m in at.tabs[CHURN].metric}
    lost, at_risk = int(metrics["已流失"].replace(",", "")), int(metrics["有流失风险"].replace(",", ""))
    table = at.tabs[CHURN].dataframe[0].value
    assert table["细分"].iloc[0] == "全部" and table["客户数"].iloc[0] == 900
    assert table["已流失"].iloc[1:].sum() == lost
    assert set(table.loc[table["细分"].str.endswith("县"), "流失/风险客户首要原因"]) == {"距离"}

    at.number_input(key="churn_lost").set_value(24).run()
    metrics = {m.label: m.value for m in at.tabs[CHURN].metric}
    assert int(metrics["已流失"].replace(",", "")) < lost
    assert int(metrics["有流失风险"].replace(",", "")) > at_risk

    at.number_input(key="churn_at_risk").set_value(30).run()
    assert "“有风险”的月数不能大于“已流失”的月数。" in [w.value for w in at.tabs[CHURN].warning]


def test_churn_rate_from_the_telecom_flag_column():
    flags = pd.read_csv(DEMO_FILES["telecom"], dtype=str)["是否离网"]
    at = started(source="telecom", **{TAB: "流失率"})
    assert at.radio(key="churn_mode").options == ["流失标记列", "最后到店日期"]  # a recorded flag comes first
    assert at.selectbox(key="churn_flag").value == "是否离网"
    metrics = {m.label: m.value for m in at.tabs[CHURN].metric}
    assert metrics["流失率"] == f"{(flags == '是').mean():.1%}"
    assert metrics["已流失"] == str((flags == "是").sum())


def test_action_plan_lists_the_codebooks_countermeasures_for_the_vital_few():
    from analysis.codebook import load_codebook

    at = started(source="auto", **{TAB: "行动计划"})
    book = load_codebook(packs=("auto",))
    vital = [name for name in shown_pareto(at).query("关键少数 == '✔'")["原因"]]
    plan = at.tabs[ACTIONS].dataframe[0].value
    assert list(plan.columns) == ["原因", "占比", "措施", "负责人", "期限", "预期效果"]
    assert list(dict.fromkeys(plan["原因"])) == vital
    names = {r.name_zh: r for r in book.reasons}
    assert list(plan["措施"]) == [m for name in vital for m in names[name].countermeasures]
    labels = [b.label for b in at.tabs[ACTIONS].get("download_button")]
    assert labels == ["下载行动计划 CSV", "下载行动计划 Excel"]


def test_value_weighted_pareto_ranks_by_money_written_with_yuan():
    spend = pd.read_csv(DEMO_FILES["telecom"], dtype=str)["近12月消费"]
    total = spend.str.replace(",", "").str.removesuffix("元").astype(int).sum()
    at = started(source="telecom")
    assert "近12月消费" in at.selectbox(key="weight").options
    at.selectbox(key="weight").set_value("近12月消费").run()
    pareto = at.get("vega_lite_chart")[0]
    assert json.loads(pareto.proto.spec)["layer"][0]["encoding"]["y"]["title"] == "金额"
    bars = chart_data(pareto)
    assert bars["count"].tolist()[:-1] == sorted(bars["count"].tolist()[:-1], reverse=True)
    # shares divide by the money of all tickets: every "1,548元" was read as 1548
    assert (bars["count"] / bars["share"]).round().eq(total).all()


def test_ticket_time_as_last_visit_asks_for_a_check():
    at = started(source="telecom", **{TAB: "流失率"})
    at.radio(key="churn_mode").set_value("visit").run()
    assert at.selectbox(key="churn_visit").value == "受理时间"
    assert "请确认“受理时间”是客户最后一次到店/消费的日期，而不是其他日期（如受理时间）。" in [
        c.value for c in at.tabs[CHURN].caption]
