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
