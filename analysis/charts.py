"""Chart builders: free functions that return an altair chart and never render it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.breakdown import VITAL_FEW_CUTOFF

LABELS = {
    "zh": {
        "title": "流失原因帕累托图", "reason": "原因", "count": "人数", "weight": "金额",
        "share": "占比", "cumulative": "累计占比", "vital": "关键少数", "yes": "是", "no": "否",
        "subtitle": "柱：各原因的人数（降序，“其他”置后）；折线：已归因提及的累计占比；虚线：80%",
    },
    "en": {
        "title": "Pareto of churn reasons", "reason": "Reason", "count": "Respondents", "weight": "Value",
        "share": "Share", "cumulative": "Cumulative share", "vital": "Vital few", "yes": "yes", "no": "no",
        "subtitle": "Bars: respondents per reason (descending, Other last); line: cumulative share of named reasons; dashed: 80%",
    },
}


def pareto_chart(table: pd.DataFrame, names: dict[str, str], lang: str = "zh", weighted: bool = False,
                 title: str | None = None, selectable: bool = False) -> alt.LayerChart:
    """Bars by count with the cumulative share on a second axis, the 80% line and the vital few coloured.

    With `selectable`, clicking a bar selects its reason (parameter `pick`, field `reason`).
    """
    words = LABELS[lang]
    data = table.assign(
        name=table["reason"].map(lambda r: names.get(r, r)),
        vital=table["vital_few"].map({True: words["yes"], False: words["no"]}),
        cutoff=VITAL_FEW_CUTOFF,
    )
    order = list(data["name"])
    value_title = words["weight"] if weighted else words["count"]
    x = alt.X("name:N", sort=order, title=words["reason"], axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("name:N", title=words["reason"]),
        alt.Tooltip("count:Q", title=value_title, format=",.0f"),
        alt.Tooltip("share:Q", title=words["share"], format=".1%"),
        alt.Tooltip("cumulative_share:Q", title=words["cumulative"], format=".1%"),
    ]
    bars = alt.Chart(data).mark_bar().encode(
        x=x,
        y=alt.Y("count:Q", title=value_title),
        color=alt.Color("vital:N", title=words["vital"],
                        scale=alt.Scale(domain=[words["yes"], words["no"]], range=["#d6604d", "#92c5de"])),
        tooltip=tooltip,
    )
    if selectable:
        bars = bars.add_params(alt.selection_point(name="pick", fields=["reason"], on="click"))
    share_axis = alt.Y("cumulative_share:Q", title=words["cumulative"], scale=alt.Scale(domain=[0, 1]),
                       axis=alt.Axis(format="%", orient="right"))
    named = data[data["cumulative_share"].notna()]
    line = alt.Chart(named).mark_line(point=True, color="#333333").encode(x=x, y=share_axis, tooltip=tooltip)
    cutoff = alt.Chart(data).mark_rule(strokeDash=[6, 4], color="#b2182b").encode(
        y=alt.Y("mean(cutoff):Q", scale=alt.Scale(domain=[0, 1]), axis=None)
    )
    return (
        alt.layer(bars, line, cutoff)
        .resolve_scale(y="independent")
        .properties(title=alt.TitleParams(title or words["title"], subtitle=words["subtitle"]), height=360)
    )


BREAKDOWN_LABELS = {
    "zh": {
        "heatmap": "各细分的流失原因占比", "reason": "原因", "share": "占比", "count": "人数", "n": "样本量",
        "heatmap_sub": "▲/▼：显著高于/低于其他细分（BH 校正后 p<0.05）；浅色：样本少于 30，不做判断",
        "p": "校正后 p 值", "significant": "显著", "small": "样本少",
        "trend": "流失原因占比趋势", "trend_sub": "每期提及该原因的答卷占比", "month": "月份", "quarter": "季度",
        "before_after": "前后对比：{cut} 之前与之后", "period": "时段", "before": "之前", "after": "之后",
        "before_after_sub": "★：前后差异显著（BH 校正后 p<0.05）",
        "cooccurrence": "原因共现矩阵", "with": "同时提到", "share_of_row": "占该行原因的比例",
        "cooccurrence_sub": "格中数字：同时提到两个原因的答卷数；颜色：占行原因答卷的比例",
        "segment_pareto": "分细分帕累托图", "vital": "关键少数", "yes": "是", "no": "否",
        "churn": "各细分的客户状态", "status": "状态", "customers": "客户数",
        "active": "活跃", "at_risk": "有流失风险", "lost": "已流失", "unknown": "未知",
    },
    "en": {
        "heatmap": "Churn reasons by segment", "reason": "Reason", "share": "Share", "count": "Respondents", "n": "Base",
        "heatmap_sub": "▲/▼: significantly above/below the other segments (BH-adjusted p<0.05); faded: base under 30, not judged",
        "p": "Adjusted p", "significant": "Significant", "small": "Small base",
        "trend": "Trend of churn reasons", "trend_sub": "Share of answers naming each reason per period", "month": "Month",
        "quarter": "Quarter",
        "before_after": "Before and after {cut}", "period": "Period", "before": "Before", "after": "After",
        "before_after_sub": "★: the change is significant (BH-adjusted p<0.05)",
        "cooccurrence": "Co-occurrence of reasons", "with": "Named together with", "share_of_row": "Share of the row reason",
        "cooccurrence_sub": "Numbers: answers naming both reasons; colour: share of the row reason's answers",
        "segment_pareto": "Pareto per segment", "vital": "Vital few", "yes": "yes", "no": "no",
        "churn": "Customer status by segment", "status": "Status", "customers": "Customers",
        "active": "Active", "at_risk": "At risk", "lost": "Lost", "unknown": "Unknown",
    },
}


def segment_heatmap(table: pd.DataFrame, names: dict[str, str], lang: str = "zh", segment_title: str = "",
                    selectable: bool = False) -> alt.LayerChart:
    """Share of each reason (columns) in each segment (rows), significant cells marked ▲/▼ and small bases faded.

    With `selectable`, clicking a cell selects it (parameter `cell`, or `cell_label` when the click lands on
    its label; fields `segment` and `reason`).
    """
    words = BREAKDOWN_LABELS[lang]
    marks = (table["share"] > table["rest_share"]).map({True: "▲", False: "▼"}).where(table["significant"], "")
    data = table.assign(name=table["reason"].map(lambda r: names.get(r, r)),
                        label=table["share"].map(lambda v: f"{v:.0%}") + marks,
                        faded=table["small_base"].map({True: 0.35, False: 1.0}))
    order = list(dict.fromkeys(data["name"]))
    segments = list(dict.fromkeys(data["segment"]))
    x = alt.X("name:N", sort=order, title=words["reason"], axis=alt.Axis(labelAngle=0, orient="top"))
    y = alt.Y("segment:N", sort=segments, title=segment_title or None)
    tooltip = [alt.Tooltip("segment:N", title=segment_title or words["n"]), alt.Tooltip("name:N", title=words["reason"]),
               alt.Tooltip("share:Q", title=words["share"], format=".1%"), alt.Tooltip("count:Q", title=words["count"]),
               alt.Tooltip("n:Q", title=words["n"]), alt.Tooltip("p_adjusted:Q", title=words["p"], format=".3g")]
    cells = alt.Chart(data).mark_rect(stroke="white").encode(
        x=x, y=y, color=alt.Color("share:Q", title=words["share"], scale=alt.Scale(scheme="blues"),
                                  legend=alt.Legend(format="%")),
        opacity=alt.Opacity("faded:Q", legend=None, scale=None), tooltip=tooltip)
    text = alt.Chart(data).mark_text(fontSize=12).encode(
        x=x, y=y, text="label:N",
        color=alt.condition("datum.share > 0.3", alt.value("white"), alt.value("#222222")), tooltip=tooltip)
    if selectable:  # the label sits on top of its cell, so a click on either must select the cell
        cells = cells.add_params(alt.selection_point(name="cell", fields=["segment", "reason"], on="click"))
        text = text.add_params(alt.selection_point(name="cell_label", fields=["segment", "reason"], on="click"))
    return alt.layer(cells, text).properties(
        title=alt.TitleParams(words["heatmap"], subtitle=words["heatmap_sub"]),
        height=alt.Step(34), width=alt.Step(80))


def trend_chart(shares: pd.DataFrame, names: dict[str, str], lang: str = "zh",
                period: str = "month") -> alt.Chart:
    """One line per reason: its share of the period's answers, month by month or quarter by quarter."""
    words = BREAKDOWN_LABELS[lang]
    data = shares.assign(name=shares["reason"].map(lambda r: names.get(r, r)))
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("period:O", title=words[period], axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("share:Q", title=words["share"], axis=alt.Axis(format="%")),
        color=alt.Color("name:N", title=words["reason"], sort=list(dict.fromkeys(data["name"]))),
        tooltip=[alt.Tooltip("period:O", title=words[period]), alt.Tooltip("name:N", title=words["reason"]),
                 alt.Tooltip("share:Q", title=words["share"], format=".1%"),
                 alt.Tooltip("count:Q", title=words["count"]), alt.Tooltip("n:Q", title=words["n"])],
    ).properties(title=alt.TitleParams(words["trend"], subtitle=words["trend_sub"]), height=340,
                 width=max(360, 45 * data["period"].nunique()))


def before_after_chart(table: pd.DataFrame, names: dict[str, str], cut: str, lang: str = "zh") -> alt.LayerChart:
    """Each reason's share before and after the cut date side by side; significant changes starred."""
    words = BREAKDOWN_LABELS[lang]
    rows = []
    for _, line in table.iterrows():
        for side in ("before", "after"):
            rows.append({"name": names.get(line["reason"], line["reason"]), "side": words[side],
                         "share": line[f"{side}_share"], "count": line[f"{side}_count"], "n": line[f"{side}_n"],
                         "star": "★" if side == "after" and line["significant"] else ""})
    data = pd.DataFrame(rows)
    x = alt.X("name:N", sort=list(dict.fromkeys(data["name"])), title=words["reason"], axis=alt.Axis(labelAngle=0))
    offset = alt.XOffset("side:N", sort=[words["before"], words["after"]])
    y = alt.Y("share:Q", title=words["share"], axis=alt.Axis(format="%"))
    bars = alt.Chart(data).mark_bar().encode(
        x=x, xOffset=offset, y=y,
        color=alt.Color("side:N", title=words["period"], sort=[words["before"], words["after"]],
                        scale=alt.Scale(range=["#92c5de", "#d6604d"])),
        tooltip=[alt.Tooltip("name:N", title=words["reason"]), alt.Tooltip("side:N", title=words["period"]),
                 alt.Tooltip("share:Q", title=words["share"], format=".1%"),
                 alt.Tooltip("count:Q", title=words["count"]), alt.Tooltip("n:Q", title=words["n"])])
    stars = alt.Chart(data).mark_text(dy=-8, fontSize=14).encode(x=x, xOffset=offset, y=y, text="star:N")
    return alt.layer(bars, stars).properties(
        title=alt.TitleParams(words["before_after"].format(cut=cut), subtitle=words["before_after_sub"]), height=320)


def cooccurrence_heatmap(pairs: pd.DataFrame, names: dict[str, str], lang: str = "zh") -> alt.LayerChart:
    """Reasons × reasons: how many answers name both; colour is the share of the row reason's answers."""
    words = BREAKDOWN_LABELS[lang]
    data = pairs.assign(name=pairs["reason"].map(lambda r: names.get(r, r)),
                        with_name=pairs["with_reason"].map(lambda r: names.get(r, r)))
    order = list(dict.fromkeys(data["name"]))
    x = alt.X("with_name:N", sort=order, title=words["with"], axis=alt.Axis(labelAngle=0, orient="top"))
    y = alt.Y("name:N", sort=order, title=words["reason"])
    tooltip = [alt.Tooltip("name:N", title=words["reason"]), alt.Tooltip("with_name:N", title=words["with"]),
               alt.Tooltip("count:Q", title=words["count"]),
               alt.Tooltip("share_of_reason:Q", title=words["share_of_row"], format=".1%")]
    off_diagonal = data[data["reason"] != data["with_reason"]]
    cells = alt.Chart(off_diagonal).mark_rect(stroke="white").encode(
        x=x, y=y, color=alt.Color("share_of_reason:Q", title=words["share_of_row"], scale=alt.Scale(scheme="oranges"),
                                  legend=alt.Legend(format="%")), tooltip=tooltip)
    text = alt.Chart(data).mark_text(fontSize=12).encode(
        x=x, y=y, text="count:Q",
        color=alt.condition("datum.reason == datum.with_reason", alt.value("#999999"), alt.value("#222222")),
        tooltip=tooltip)
    return alt.layer(cells, text).properties(
        title=alt.TitleParams(words["cooccurrence"], subtitle=words["cooccurrence_sub"]),
        height=alt.Step(40), width=alt.Step(80))


def segment_pareto_chart(tables: pd.DataFrame, names: dict[str, str], lang: str = "zh",
                         segment_title: str = "") -> alt.FacetChart:
    """One Pareto per segment side by side: bars of each reason's share in Pareto order, the vital few coloured.

    `tables` stacks pareto_table results with a `segment` column; shares keep segments of different sizes comparable.
    """
    words = BREAKDOWN_LABELS[lang]
    data = tables.assign(name=tables["reason"].map(lambda r: names.get(r, r)),
                         vital=tables["vital_few"].map({True: words["yes"], False: words["no"]}),
                         rank=tables.groupby("segment", sort=False).cumcount())
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("name:N", sort=alt.EncodingSortField("rank", order="ascending"), title=words["reason"],
                axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("share:Q", title=words["share"], axis=alt.Axis(format="%")),
        color=alt.Color("vital:N", title=words["vital"],
                        scale=alt.Scale(domain=[words["yes"], words["no"]], range=["#d6604d", "#92c5de"])),
        tooltip=[alt.Tooltip("segment:N", title=segment_title or words["n"]), alt.Tooltip("name:N", title=words["reason"]),
                 alt.Tooltip("share:Q", title=words["share"], format=".1%"),
                 alt.Tooltip("count:Q", title=words["count"], format=",.0f")],
    ).properties(width=150, height=220).facet(
        column=alt.Column("segment:N", title=segment_title or None, sort=list(dict.fromkeys(data["segment"]))),
    ).resolve_scale(x="independent").properties(title=words["segment_pareto"])


def churn_chart(table: pd.DataFrame, lang: str = "zh", segment_title: str = "") -> alt.Chart:
    """Stacked bars per segment: the shares of active, at-risk and lost customers."""
    words = BREAKDOWN_LABELS[lang]
    statuses = ["lost", "at_risk", "active"]
    rows = [{"segment": line["segment"], "status": words[s], "customers": line[s],
             "share": line[s] / max(1, line["customers"] - line["unknown"]), "order": i}
            for _, line in table.iterrows() for i, s in enumerate(statuses)]
    data = pd.DataFrame(rows)
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("segment:N", sort=list(dict.fromkeys(data["segment"])), title=segment_title or None),
        x=alt.X("share:Q", stack="normalize", title=words["share"], axis=alt.Axis(format="%")),
        color=alt.Color("status:N", title=words["status"], sort=[words[s] for s in statuses],
                        scale=alt.Scale(domain=[words[s] for s in statuses], range=["#b2182b", "#f4a582", "#92c5de"])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("segment:N", title=segment_title or words["status"]),
                 alt.Tooltip("status:N", title=words["status"]), alt.Tooltip("customers:Q", title=words["customers"]),
                 alt.Tooltip("share:Q", title=words["share"], format=".1%")],
    ).properties(title=words["churn"], height=alt.Step(26))
