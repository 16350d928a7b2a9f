"""Manager views: reasons by segment with significance, per-segment Pareto, co-occurrence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.breakdown import cooccurrence, names_reason, pareto_table
from analysis.charts import cooccurrence_heatmap, segment_heatmap, segment_pareto_chart
from analysis.code import evidence_terms
from analysis.codebook import Codebook
from analysis.significance import MIN_BASE, segment_breakdown, segment_labels
from surveys import Survey
from ui.highlight import highlight_html
from ui.i18n import TEXT, t

CELL_VERBATIM_LIMIT = 50
SIDE_BY_SIDE_LIMIT = 8  # more Paretos than this side by side no longer fit a screen

BREAKDOWN_TEXT = {
    "breakdown_tab_segments": {"zh": "细分对比", "en": "Segments"},
    "breakdown_tab_trends": {"zh": "趋势", "en": "Trends"},
    "breakdown_tab_cooccurrence": {"zh": "共现", "en": "Co-occurrence"},
    "breakdown_tab_churn": {"zh": "流失率", "en": "Churn rate"},
    "breakdown_tab_actions": {"zh": "行动计划", "en": "Action plan"},
    "breakdown_by": {"zh": "按此列细分", "en": "Break down by"},
    "breakdown_no_segments": {"zh": "这份数据没有可细分的列（如区域、渠道、车型）。",
                              "en": "This data has no column to break down by (such as region, channel or model)."},
    "breakdown_summary": {"zh": "显著差异 {n} 处（共 {cells} 格，BH 校正后 p<0.05）；样本少于 {base} 的细分不做判断。",
                          "en": "Significant differences: {n} of {cells} cells (BH-adjusted p<0.05); segments under {base} respondents are not judged."},
    "breakdown_cell": {"zh": "查看某一格的原话（或点击热力图中的格子）", "en": "Answers behind one cell (or click a heatmap cell)"},
    "breakdown_cell_segment": {"zh": "细分", "en": "Segment"},
    "breakdown_cell_reason": {"zh": "原因", "en": "Reason"},
    "breakdown_cell_count": {"zh": "{segment} · {reason}：共 {n} 条，显示前 {shown} 条。",
                             "en": "{segment} · {reason}: {n} answers, showing the first {shown}."},
    "breakdown_segment_pareto": {"zh": "各细分的帕累托（按人数占比）", "en": "Pareto per segment (share of respondents)"},
    "breakdown_largest": {"zh": "显示样本最多的 {n} 个细分（共 {total} 个）。",
                          "en": "Showing the {n} largest of {total} segments."},
    "breakdown_download": {"zh": "下载表格 CSV", "en": "Download table as CSV"},
    "breakdown_col_segment": {"zh": "细分", "en": "Segment"},
    "breakdown_col_reason": {"zh": "原因", "en": "Reason"},
    "breakdown_col_count": {"zh": "人数", "en": "Count"},
    "breakdown_col_n": {"zh": "样本量", "en": "Base"},
    "breakdown_col_share": {"zh": "占比", "en": "Share"},
    "breakdown_col_ci": {"zh": "95% 置信区间", "en": "95% CI"},
    "breakdown_col_rest": {"zh": "其他细分占比", "en": "Other segments"},
    "breakdown_col_p": {"zh": "校正后 p 值", "en": "Adjusted p"},
    "breakdown_col_flag": {"zh": "判断", "en": "Verdict"},
    "breakdown_higher": {"zh": "显著偏高", "en": "significantly higher"},
    "breakdown_lower": {"zh": "显著偏低", "en": "significantly lower"},
    "breakdown_small": {"zh": "样本少", "en": "small base"},
    "breakdown_cooccurrence_none": {"zh": "没有同时提到两个原因的答卷。", "en": "No answer names two reasons together."},
    "breakdown_top_pair": {"zh": "最常一起出现：{a} + {b}（{n} 条，占“{a}”的 {share}）。",
                           "en": "Most often together: {a} + {b} ({n} answers, {share} of {a})."},
}
TEXT.update(BREAKDOWN_TEXT)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV that Excel opens with Chinese intact."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def cell_table(table: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The segment × reason table with readable columns and a verdict per cell."""
    verdict = table.apply(lambda row: t("breakdown_small", lang) if row["small_base"] else
                          t("breakdown_higher" if row["share"] > row["rest_share"] else "breakdown_lower", lang)
                          if row["significant"] else "", axis=1)
    return pd.DataFrame({
        t("breakdown_col_segment", lang): table["segment"],
        t("breakdown_col_reason", lang): table["reason"].map(lambda r: names.get(r, r)),
        t("breakdown_col_count", lang): table["count"],
        t("breakdown_col_n", lang): table["n"],
        t("breakdown_col_share", lang): table["share"].map(lambda v: f"{v:.1%}"),
        t("breakdown_col_ci", lang): [f"{lo:.1%}–{hi:.1%}" for lo, hi in zip(table["ci_low"], table["ci_high"])],
        t("breakdown_col_rest", lang): table["rest_share"].map(lambda v: "" if pd.isna(v) else f"{v:.1%}"),
        t("breakdown_col_p", lang): table["p_adjusted"].map(lambda v: "" if pd.isna(v) else f"{v:.3g}"),
        t("breakdown_col_flag", lang): verdict,
    })


def show_verbatims(rows: pd.DataFrame, text_col: str, reason: str, limit: int) -> None:
    """Answers as a list, the words that triggered `reason` highlighted."""
    items = [f"<li>{highlight_html(row[text_col], evidence_terms(row['evidence']).get(reason, []))}</li>"
             for _, row in rows.head(limit).iterrows()]
    if items:
        st.markdown(f"<ul class='verbatims'>{''.join(items)}</ul>", unsafe_allow_html=True)


def clicked_cell(event: object) -> tuple[str, str] | None:
    """(segment, reason) of the heatmap cell clicked, if any."""
    selection = getattr(event, "selection", None) or {}
    for point in [*(selection.get("cell_label") or []), *(selection.get("cell") or [])]:
        if "segment" in point and "reason" in point:
            return str(point["segment"]), str(point["reason"])
    return None


def segments_view(coded: pd.DataFrame, survey: Survey, text_col: str, codebook: Codebook, lang: str) -> None:
    """Heatmap of reason shares by segment with significant cells marked, its table, cell verbatims, per-segment Pareto."""
    columns = [c for c in survey.segment_columns if c in coded.columns]
    if not columns:
        st.info(t("breakdown_no_segments", lang))
        return
    by = st.selectbox(t("breakdown_by", lang), columns, key="bd_by")
    names = codebook.names(lang)
    labels = segment_labels(coded[by])
    table = segment_breakdown(coded["tags"], labels, codebook.ids)
    st.caption(t("breakdown_summary", lang, n=int(table["significant"].sum()), cells=len(table), base=MIN_BASE))
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        event = st.altair_chart(segment_heatmap(table, names, lang, str(by), selectable=True), width="stretch",
                                on_select="rerun", key="bd_heatmap")
    with table_col:
        shown = cell_table(table, names, lang)
        st.dataframe(shown, hide_index=True, width="stretch", height=360)
        st.download_button(t("breakdown_download", lang), csv_bytes(shown), file_name=f"breakdown_{by}.csv",
                           mime="text/csv", key="bd_download")
    segments = list(dict.fromkeys(table["segment"]))
    clicked = clicked_cell(event)
    if clicked and clicked[0] in segments and clicked[1] in names:
        st.session_state["bd_cell_segment"], st.session_state["bd_cell_reason"] = clicked
    st.markdown(f"**{t('breakdown_cell', lang)}**")
    left, right = st.columns(2)
    segment = left.selectbox(t("breakdown_cell_segment", lang), segments, key="bd_cell_segment")
    reason = right.selectbox(t("breakdown_cell_reason", lang), list(codebook.ids), format_func=names.get,
                             key="bd_cell_reason")
    rows = coded[(labels == segment) & names_reason(coded["tags"], reason)]
    st.caption(t("breakdown_cell_count", lang, segment=segment, reason=names.get(reason, reason), n=len(rows),
                 shown=min(len(rows), CELL_VERBATIM_LIMIT)))
    show_verbatims(rows, text_col, reason, CELL_VERBATIM_LIMIT)
    st.markdown(f"**{t('breakdown_segment_pareto', lang)}**")
    if len(segments) > SIDE_BY_SIDE_LIMIT:
        st.caption(t("breakdown_largest", lang, n=SIDE_BY_SIDE_LIMIT, total=len(segments)))
    paretos = pd.concat([pareto_table(coded.loc[labels == s, "tags"], order=codebook.ids).assign(segment=s)
                         for s in segments[:SIDE_BY_SIDE_LIMIT]], ignore_index=True)
    st.altair_chart(segment_pareto_chart(paretos, names, lang, str(by)), width="content", key="bd_segment_pareto")
    st.download_button(t("breakdown_download", lang), csv_bytes(paretos), file_name=f"pareto_by_{by}.csv",
                       mime="text/csv", key="bd_pareto_download")


def cooccurrence_view(coded: pd.DataFrame, codebook: Codebook, lang: str) -> None:
    """Which reasons come together: the matrix as a heatmap beside its table."""
    names = codebook.names(lang)
    pairs = cooccurrence(coded["tags"], codebook.ids)
    off = pairs[pairs["reason"] != pairs["with_reason"]]
    if off.empty or off["count"].max() == 0:
        st.info(t("breakdown_cooccurrence_none", lang))
    else:
        top = off.sort_values(["count", "share_of_reason"], ascending=False).iloc[0]
        st.caption(t("breakdown_top_pair", lang, a=names.get(top["reason"], top["reason"]),
                     b=names.get(top["with_reason"], top["with_reason"]), n=int(top["count"]),
                     share=f"{top['share_of_reason']:.0%}"))
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        st.altair_chart(cooccurrence_heatmap(pairs, names, lang), width="stretch", key="bd_cooccurrence")
    with table_col:
        matrix = pairs.pivot(index="reason", columns="with_reason", values="count")
        order = [r for r in codebook.ids if r in matrix.index]
        matrix = matrix.loc[order, order].rename(index=names, columns=names)
        matrix.index.name = t("breakdown_col_reason", lang)
        st.dataframe(matrix, width="stretch")
        st.download_button(t("breakdown_download", lang), csv_bytes(matrix.reset_index()),
                           file_name="cooccurrence.csv", mime="text/csv", key="bd_cooccurrence_download")
