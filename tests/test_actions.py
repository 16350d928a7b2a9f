"""The action plan: the codebook's countermeasures for the vital few, ready to edit and download."""

import io

import openpyxl
import pandas as pd

from analysis.actions import action_plan, plan_xlsx
from analysis.breakdown import pareto_table


def test_plan_lists_countermeasures_of_the_vital_few_in_pareto_order(default_codebook):
    tags = pd.Series(["price"] * 50 + ["service"] * 30 + ["distance"] * 10 + ["quality"] * 5 + ["other"] * 40)
    pareto = pareto_table(tags, order=default_codebook.ids)
    assert list(pareto.loc[pareto["vital_few"], "reason"]) == ["price", "service"]
    plan = action_plan(pareto, default_codebook)
    price = default_codebook.reason("price").countermeasures
    service = default_codebook.reason("service").countermeasures
    assert list(plan["countermeasure"]) == [*price, *service]
    assert set(plan["reason"]) == {"价格", "服务"}
    assert (plan["owner"] == "").all() and (plan["due"] == "").all()
    assert plan["expected_effect"].iloc[0] == "降低因“价格”流失的占比（当前 37%）"  # 50 of 135
    assert service[0] == "服务礼仪培训与服务KPI考核（首问负责、微笑服务、话术规范）"  # read as written, case kept


def test_plan_in_english_and_empty_without_vital_few(default_codebook):
    pareto = pareto_table(pd.Series(["distance", "other"]), order=default_codebook.ids)
    plan = action_plan(pareto, default_codebook, lang="en")
    assert set(plan["reason"]) == {"Distance"}
    assert plan["expected_effect"].iloc[0] == "Lower the share leaving for Distance (now 50%)"
    assert action_plan(pareto_table(pd.Series(["other"] * 3)), default_codebook).empty


def test_plan_downloads_as_a_workbook():
    plan = pd.DataFrame({"措施": ["报价透明"], "负责人": ["王经理"], "期限": ["2025-03-31"], "预期效果": ["价格投诉减半"]})
    sheet = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan))).active
    assert [c.value for c in sheet[1]] == ["措施", "负责人", "期限", "预期效果"]
    assert [c.value for c in sheet[2]] == ["报价透明", "王经理", "2025-03-31", "价格投诉减半"]
