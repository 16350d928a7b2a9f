"""Manager views over time and money: reason trends, before/after a date, churn rate by segment, the action plan."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from analysis.actions import action_plan, plan_xlsx
from analysis.charts import before_after_chart, churn_chart, trend_chart
from analysis.churn import ALL, AT_RISK_MONTHS, LOST_MONTHS, UNKNOWN, churn_by_segment, status_from_flag, status_from_last_visit
from analysis.codebook import Codebook
from analysis.trends import before_after, parse_dates, shares_by_period
from surveys import Survey
from ui.breakdown_view import csv_bytes
from ui.i18n import TEXT, t

LAST_VISIT_NAME = re.compile(r"(最后|最近|上次|末次|回厂|到店|进店|消费|last|visit)", re.IGNORECASE)
FLAG_MAX_LEVELS = 4
MONTHLY_UP_TO_DAYS = 550  # about 18 months: beyond that the trend opens by quarter

TRENDS_TEXT = {
    "trends_no_date": {"zh": "这份数据没有日期列，无法看趋势。", "en": "This data has no date column, so there is no trend to show."},
    "trends_no_parsed": {"zh": "“{col}”列中没有可识别的日期。", "en": "No readable dates in column “{col}”."},
    "trends_date_col": {"zh": "日期列", "en": "Date column"},
    "trends_period": {"zh": "按", "en": "By"},
    "trends_month": {"zh": "月", "en": "Month"},
    "trends_quarter": {"zh": "季度", "en": "Quarter"},
    "trends_before_after": {"zh": "前后对比（措施是否见效？）", "en": "Before and after (did the fix work?)"},
    "trends_cut": {"zh": "分界日期（当天计入“之后”）", "en": "Cut-off date (that day counts as after)"},
    "trends_small": {"zh": "分界日期一侧的答卷少于 {base} 条，差异不做显著性判断。",
                     "en": "One side of the cut-off has fewer than {base} answers; no change is called significant."},
    "trends_col_period": {"zh": "时段", "en": "Period"},
    "trends_col_n": {"zh": "样本量", "en": "Base"},
    "trends_col_before": {"zh": "之前占比", "en": "Before"},
    "trends_col_after": {"zh": "之后占比", "en": "After"},
    "trends_col_change": {"zh": "变化（百分点）", "en": "Change (points)"},
    "trends_col_verdict": {"zh": "判断", "en": "Verdict"},
    "trends_up": {"zh": "显著上升", "en": "significantly up"},
    "trends_down": {"zh": "显著下降", "en": "significantly down"},
    "churn_none": {"zh": "这份数据既没有流失标记列，也没有最后到店/回厂日期列。",
                   "en": "This data has neither a churn-flag column nor a last-visit date."},
    "churn_mode": {"zh": "流失判定依据", "en": "Churn from"},
    "churn_mode_visit": {"zh": "最后到店日期", "en": "Last-visit date"},
    "churn_mode_flag": {"zh": "流失标记列", "en": "Churn-flag column"},
    "churn_visit_col": {"zh": "最后到店/回厂日期列", "en": "Last-visit column"},
    "churn_check_visit": {"zh": "请确认“{col}”是客户最后一次到店/消费的日期，而不是其他日期（如受理时间）。",
                          "en": "Check that “{col}” is the customer's last visit or purchase, not another date (such as a ticket's time)."},
    "churn_flag_col": {"zh": "流失标记列（是/否、1/0…）", "en": "Churn-flag column (yes/no, 1/0…)"},
    "churn_at_risk": {"zh": "多少个月未到店算“有风险”", "en": "Months without a visit: at risk"},
    "churn_lost": {"zh": "超过多少个月算“已流失”", "en": "More months than this: lost"},
    "churn_as_of": {"zh": "统计截止日", "en": "As of"},
    "churn_bad_months": {"zh": "“有风险”的月数不能大于“已流失”的月数。",
                         "en": "The at-risk months must not exceed the lost months."},
    "churn_by": {"zh": "按此列细分", "en": "Break down by"},
    "churn_no_segment": {"zh": "（不细分）", "en": "(no breakdown)"},
    "churn_rate": {"zh": "流失率", "en": "Churn rate"},
    "churn_at_risk_count": {"zh": "有流失风险", "en": "At risk"},
    "churn_lost_count": {"zh": "已流失", "en": "Lost"},
    "churn_col_segment": {"zh": "细分", "en": "Segment"},
    "churn_col_customers": {"zh": "客户数", "en": "Customers"},
    "churn_col_active": {"zh": "活跃", "en": "Active"},
    "churn_col_unknown": {"zh": "未知", "en": "Unknown"},
    "churn_col_at_risk_rate": {"zh": "风险率", "en": "At-risk rate"},
    "churn_col_top": {"zh": "流失/风险客户首要原因", "en": "Top reason of those leaving"},
    "churn_col_top_share": {"zh": "该原因占比", "en": "Its share"},
    "plan_intro": {"zh": "关键少数原因的对策来自编码本，可直接编辑、增删行，填好负责人和期限后下载。",
                   "en": "Countermeasures for the vital few come from the codebook; edit, add or delete rows, fill in owners and due dates, then download."},
    "plan_empty": {"zh": "当前没有关键少数原因，或编码本中没有对应的对策。",
                   "en": "No vital-few reasons here, or the codebook has no countermeasures for them."},
    "plan_reason": {"zh": "原因", "en": "Reason"},
    "plan_share": {"zh": "占比", "en": "Share"},
    "plan_countermeasure": {"zh": "措施", "en": "Countermeasure"},
    "plan_owner": {"zh": "负责人", "en": "Owner"},
    "plan_due": {"zh": "期限", "en": "Due"},
    "plan_expected_effect": {"zh": "预期效果", "en": "Expected effect"},
    "plan_csv": {"zh": "下载行动计划 CSV", "en": "Download the plan as CSV"},
    "plan_xlsx": {"zh": "下载行动计划 Excel", "en": "Download the plan as Excel"},
}
TEXT.update(TRENDS_TEXT)


def percent(value: float) -> str:
    """A share as 12.3%, blank when there is no base."""
    return "" if pd.isna(value) else f"{value:.1%}"


def date_columns(survey: Survey, coded: pd.DataFrame) -> list[str]:
    """Columns the reader recognised as dates or times."""
    return [c for c, role in survey.roles.items() if role == "time" and c in coded.columns]


def trends_view(coded: pd.DataFrame, survey: Survey, codebook: Codebook, lang: str) -> None:
    """Reason shares by month or quarter as lines, and each reason before and after a chosen date."""
    dates = date_columns(survey, coded)
    if not dates:
        st.info(t("trends_no_date", lang))
        return
    left, right = st.columns(2)
    date_col = left.selectbox(t("trends_date_col", lang), dates, key="tr_date")
    when = parse_dates(coded[date_col]).dropna()
    long_span = len(when) and (when.max() - when.min()).days > MONTHLY_UP_TO_DAYS  # months would be too thin
    period = right.radio(t("trends_period", lang), ["month", "quarter"], horizontal=True, key="tr_period",
                         index=1 if long_span else 0, format_func=lambda p: t(f"trends_{p}", lang))
    names = codebook.names(lang)
    shares = shares_by_period(coded["tags"], coded[date_col], period, codebook.ids)
    if shares.empty:
        st.warning(t("trends_no_parsed", lang, col=date_col))
        return
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        st.altair_chart(trend_chart(shares, names, lang, period), width="stretch", key="tr_chart")
    with table_col:
        table = shares.pivot(index="period", columns="reason", values="share")
        table = table[[r for r in codebook.ids if r in table.columns]].rename(columns=names).map(percent)
        table.insert(0, t("trends_col_n", lang), shares.groupby("period")["n"].first())
        table = table.reset_index().rename(columns={"period": t("trends_col_period", lang)})
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(t("breakdown_download", lang), csv_bytes(table), file_name=f"trend_{period}.csv",
                           mime="text/csv", key="tr_download")
    before_after_section(coded, date_col, codebook, lang)


def before_after_section(coded: pd.DataFrame, date_col: str, codebook: Codebook, lang: str) -> None:
    """Shares before and after a cut-off date the user picks, with the significant changes marked."""
    st.markdown(f"**{t('trends_before_after', lang)}**")
    when = parse_dates(coded[date_col]).dropna()
    first, last = when.min().date(), when.max().date()
    cut = st.date_input(t("trends_cut", lang), value=when.quantile(0.5).date(), min_value=first, max_value=last,
                        key=f"tr_cut:{date_col}")
    names = codebook.names(lang)
    table = before_after(coded["tags"], coded[date_col], pd.Timestamp(cut), codebook.ids)
    if table["small_base"].any():
        st.caption(t("trends_small", lang, base=30))
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        st.altair_chart(before_after_chart(table, names, cut.isoformat(), lang), width="stretch", key="tr_before_after")
    with table_col:
        verdict = [t("trends_up" if d > 0 else "trends_down", lang) if s else ""
                   for d, s in zip(table["difference"], table["significant"])]
        shown = pd.DataFrame({
            t("plan_reason", lang): table["reason"].map(names),
            t("trends_col_before", lang): table["before_share"].map(percent),
            t("trends_col_after", lang): table["after_share"].map(percent),
            t("trends_col_change", lang): (table["difference"] * 100).round(1),
            t("breakdown_col_p", lang): table["p_adjusted"].map(lambda v: "" if pd.isna(v) else f"{v:.3g}"),
            t("trends_col_verdict", lang): verdict,
        })
        st.dataframe(shown, hide_index=True, width="stretch")
        st.download_button(t("breakdown_download", lang), csv_bytes(shown), file_name="before_after.csv",
                           mime="text/csv", key="tr_before_after_download")


def flag_columns(coded: pd.DataFrame) -> list[str]:
    """Columns that read as a churn flag: a few levels, nearly all of them yes/no words."""
    found = []
    for column in coded.columns.drop(["tags", "evidence"], errors="ignore"):
        values = coded[column].dropna()
        if 1 <= values.nunique() <= FLAG_MAX_LEVELS and (status_from_flag(values) != UNKNOWN).mean() > 0.9:
            found.append(column)
    return found


def churn_status(coded: pd.DataFrame, survey: Survey, lang: str) -> pd.Series | None:
    """Each row's churn status from the widgets the user set; None when it cannot be worked out."""
    visits = sorted(date_columns(survey, coded), key=lambda c: not LAST_VISIT_NAME.search(c))
    flags = flag_columns(coded)
    modes = (["flag"] if flags else []) + (["visit"] if visits else [])  # a recorded flag beats a rule of thumb
    if not modes:
        st.info(t("churn_none", lang))
        return None
    mode = st.radio(t("churn_mode", lang), modes, horizontal=True, key="churn_mode",
                    format_func=lambda m: t(f"churn_mode_{m}", lang))
    if mode == "flag":
        return status_from_flag(coded[st.selectbox(t("churn_flag_col", lang), flags, key="churn_flag")])
    a, b, c, d = st.columns(4)
    column = a.selectbox(t("churn_visit_col", lang), visits, key="churn_visit")
    if not LAST_VISIT_NAME.search(column):
        st.caption(t("churn_check_visit", lang, col=column))
    at_risk = b.number_input(t("churn_at_risk", lang), 1, 120, AT_RISK_MONTHS, key="churn_at_risk")
    lost = c.number_input(t("churn_lost", lang), 1, 120, LOST_MONTHS, key="churn_lost")
    when = parse_dates(coded[column]).dropna()
    if when.empty:
        st.warning(t("trends_no_parsed", lang, col=column))
        return None
    as_of = d.date_input(t("churn_as_of", lang), value=when.max().date(), key=f"churn_as_of:{column}")
    if at_risk > lost:
        st.warning(t("churn_bad_months", lang))
        return None
    return status_from_last_visit(coded[column], pd.Timestamp(as_of), int(at_risk), int(lost))


def churn_view(coded: pd.DataFrame, survey: Survey, codebook: Codebook, lang: str) -> None:
    """Churn rate and at-risk counts by segment, next to the top reason of the customers leaving."""
    status = churn_status(coded, survey, lang)
    if status is None:
        return
    segments = [c for c in survey.segment_columns if c in coded.columns]
    by = st.selectbox(t("churn_by", lang), [None, *segments], key="churn_by", index=1 if segments else 0,
                      format_func=lambda c: t("churn_no_segment", lang) if c is None else str(c))
    table = churn_by_segment(status, coded[by] if by else None, coded["tags"], codebook.ids)
    overall = table.iloc[0]
    a, b, c = st.columns(3)
    a.metric(t("churn_rate", lang), percent(overall["churn_rate"]) or "—")
    b.metric(t("churn_at_risk_count", lang), f"{int(overall['at_risk']):,}")
    c.metric(t("churn_lost_count", lang), f"{int(overall['lost']):,}")
    names = codebook.names(lang)
    table = table.assign(segment=table["segment"].where(table["segment"] != ALL, t("all", lang)))
    chart_col, table_col = st.columns([2, 3])
    with chart_col:
        st.altair_chart(churn_chart(table, lang, str(by or "")), width="stretch", key="churn_chart")
    with table_col:
        shown = pd.DataFrame({
            t("churn_col_segment", lang): table["segment"],
            t("churn_col_customers", lang): table["customers"],
            t("churn_col_active", lang): table["active"],
            t("churn_at_risk_count", lang): table["at_risk"],
            t("churn_lost_count", lang): table["lost"],
            t("churn_col_unknown", lang): table["unknown"],
            t("churn_rate", lang): table["churn_rate"].map(percent),
            t("churn_col_at_risk_rate", lang): table["at_risk_rate"].map(percent),
            t("churn_col_top", lang): table["top_reason"].map(lambda r: names.get(r, r)),
            t("churn_col_top_share", lang): table["top_reason_share"].map(lambda v: "" if pd.isna(v) else f"{v:.0%}"),
        })
        st.dataframe(shown, hide_index=True, width="stretch")
        st.download_button(t("breakdown_download", lang), csv_bytes(shown), file_name="churn_rate.csv",
                           mime="text/csv", key="churn_download")


def actions_view(pareto: pd.DataFrame, codebook: Codebook, lang: str) -> None:
    """The codebook's countermeasures for the vital few as an editable plan, downloadable as CSV or Excel."""
    plan = action_plan(pareto, codebook, lang)
    if plan.empty:
        st.info(t("plan_empty", lang))
        return
    st.caption(t("plan_intro", lang))
    labels = {c: t(f"plan_{c}", lang) for c in plan.columns}
    plan = plan.assign(share=plan["share"].map(lambda v: f"{v:.1%}"), due=pd.Series(pd.NaT, index=plan.index,
                                                                                       dtype="datetime64[ns]"))
    edited = st.data_editor(
        plan.rename(columns=labels), num_rows="dynamic", hide_index=True, width="stretch", key=f"plan_editor:{lang}",
        column_config={labels["due"]: st.column_config.DateColumn(labels["due"], format="YYYY-MM-DD"),
                       labels["countermeasure"]: st.column_config.TextColumn(labels["countermeasure"], width="large"),
                       labels["expected_effect"]: st.column_config.TextColumn(labels["expected_effect"], width="medium")},
    )
    export = edited.assign(**{labels["due"]: pd.to_datetime(edited[labels["due"]]).dt.strftime("%Y-%m-%d").fillna("")})
    left, right = st.columns(2)
    left.download_button(t("plan_csv", lang), csv_bytes(export), file_name="action_plan.csv", mime="text/csv",
                         key="plan_csv")
    right.download_button(t("plan_xlsx", lang), plan_xlsx(export), file_name="action_plan.xlsx", key="plan_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
