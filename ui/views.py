"""Page sections: KPIs, the Pareto with its table, the verbatim answers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.agreement import corrections_as_examples, kappa_per_tag
from analysis.breakdown import names_reason, pareto_table
from analysis.charts import pareto_chart
from analysis.code import evidence_terms
from analysis.codebook import OTHER, Codebook
from ui.highlight import highlight_html
from ui.i18n import t

VERBATIM_LIMIT = 100


def kpis(coded: pd.DataFrame, table: pd.DataFrame, names: dict[str, str], lang: str) -> None:
    """Three headline numbers: answers, share with a reason, top reason."""
    answers = len(coded)
    with_reason = (coded["tags"] != OTHER).mean() if answers else 0.0
    top = table[table["reason"] != OTHER]
    a, b, c = st.columns(3)
    a.metric(t("kpi_answers", lang), f"{answers:,}")
    b.metric(t("kpi_coded", lang), f"{with_reason:.0%}")
    c.metric(t("kpi_top", lang), names.get(top.iloc[0]["reason"], "—") if len(top) else "—")


def display_table(table: pd.DataFrame, names: dict[str, str], lang: str, weighted: bool) -> pd.DataFrame:
    """The Pareto table with readable column names and reason names."""
    return pd.DataFrame({
        t("col_reason", lang): table["reason"].map(lambda r: names.get(r, r)),
        t("col_value" if weighted else "col_count", lang): table["count"].round(0 if weighted else 2),
        **({t("col_respondents", lang): table["respondents"]} if weighted else {}),
        t("col_share", lang): table["share"].map(lambda v: f"{v:.1%}"),
        t("col_cumulative", lang): table["cumulative_share"].map(lambda v: "" if pd.isna(v) else f"{v:.1%}"),
        t("col_vital", lang): table["vital_few"].map({True: "✔", False: ""}),
    })


def pareto_section(coded: pd.DataFrame, codebook: Codebook, lang: str, base: str,
                   weight_col: str | None) -> tuple[pd.DataFrame, str | None]:
    """The Pareto chart beside its table and downloads; returns the table and a clicked reason."""
    names = codebook.names(lang)
    weights = coded[weight_col] if weight_col else None
    table = pareto_table(coded["tags"], weights, base=base, order=codebook.ids)
    kpis(coded, table, names, lang)
    st.subheader(t("pareto", lang))
    vital = table[table["vital_few"]]
    if len(vital):
        st.caption(t("vital_summary", lang, names=("、" if lang == "zh" else ", ").join(names.get(r, r) for r in vital["reason"]),
                     share=f"{vital['cumulative_share'].iloc[-1]:.0%}"))
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        chart = pareto_chart(table, names, lang, weighted=weight_col is not None, selectable=True)
        event = st.altair_chart(chart, width="stretch", on_select="rerun", key="pareto_chart")
    with table_col:
        shown = display_table(table, names, lang, weight_col is not None)
        st.dataframe(shown, hide_index=True, width="stretch")
        st.download_button(t("download_csv", lang), shown.to_csv(index=False).encode("utf-8-sig"),
                           file_name="pareto.csv", mime="text/csv")
        # built on click: writing 100k coded rows on every re-run cost more than the rest of the page
        st.download_button(t("download_coded", lang), lambda: coded.to_csv(index=False).encode("utf-8-sig"),
                           file_name="coded.csv", mime="text/csv", key="download_coded")
    picked = None
    selection = getattr(event, "selection", None) or {}
    for point in selection.get("pick", []) or []:
        picked = point.get("reason", picked)
    return table, picked


def verbatim_section(coded: pd.DataFrame, text_col: str, codebook: Codebook, lang: str,
                     table: pd.DataFrame, clicked: str | None) -> pd.DataFrame:
    """The answers behind one reason, with the triggering words highlighted; returns the rows shown."""
    st.subheader(t("verbatims", lang))
    names = codebook.names(lang)
    reasons = [r for r in table["reason"] if r in names] or list(codebook.ids)
    # A bar's selection persists across reruns: apply it once, when it changes, so a reason picked
    # in the box afterwards is not overridden by the older click.
    if clicked in reasons and clicked != st.session_state.get("verbatim_clicked"):
        st.session_state["verbatim_reason"] = clicked
    st.session_state["verbatim_clicked"] = clicked
    left, right = st.columns([1, 2])
    reason = left.selectbox(t("pick_reason", lang), reasons, format_func=lambda r: names.get(r, r),
                            key="verbatim_reason")
    query = right.text_input(t("search", lang), key="verbatim_search").strip()
    mine = coded[names_reason(coded["tags"], reason)]
    if query:
        mine = mine[mine[text_col].astype(str).str.contains(query, regex=False, na=False)]
    st.caption(t("verbatim_count", lang, n=len(mine), shown=min(len(mine), VERBATIM_LIMIT)))
    rows = []
    for _, row in mine.head(VERBATIM_LIMIT).iterrows():
        terms = evidence_terms(row["evidence"]).get(reason, [])
        rows.append(f"<li>{highlight_html(row[text_col], terms)}</li>")
    if rows:
        st.markdown(f"<ul class='verbatims'>{''.join(rows)}</ul>", unsafe_allow_html=True)
    return mine.head(VERBATIM_LIMIT)


def corrections_section(shown: pd.DataFrame, automatic: pd.DataFrame, text_col: str, codebook: Codebook,
                        lang: str, corrections: dict, source: str) -> None:
    """Let a researcher fix the tags of the answers shown; report agreement and export the fixes."""
    names = codebook.names(lang)
    reasons = [r for r in codebook.ids if r != OTHER]
    with st.expander(t("corrections", lang)):
        st.caption(t("corrections_help", lang))
        grid = pd.DataFrame({t("col_answer", lang): shown[text_col].astype(str)}, index=shown.index)
        for reason in reasons:
            grid[names[reason]] = names_reason(shown["tags"], reason)
        version = st.session_state.setdefault("corrections_version", 0)
        with st.form(f"corrections_form_{version}"):
            edited = st.data_editor(grid, disabled=[t("col_answer", lang)], width="stretch",
                                    key=f"corrections_editor_{version}")
            saved = st.form_submit_button(t("corrections_save", lang))
        if saved:
            for index, row in edited.iterrows():
                tags = "|".join(sorted(r for r in reasons if row[names[r]])) or OTHER
                if tags != shown.at[index, "tags"]:
                    corrections[index] = tags
            st.session_state["corrections_version"] = version + 1
            st.rerun()
        if corrections:
            index = [i for i in corrections if i in automatic.index]
            human = pd.Series({i: corrections[i] for i in index})
            table = kappa_per_tag(automatic.loc[index, "tags"], human, tuple(reasons))
            table["reason"] = table["reason"].map(names)
            st.markdown(t("corrections_kappa", lang, n=len(index)))
            st.dataframe(table, hide_index=True)
            examples = corrections_as_examples(automatic[text_col], corrections, source)
            st.download_button(t("corrections_download", lang), examples.to_csv(index=False).encode("utf-8"),
                               file_name="corrections.csv", mime="text/csv", key="download_corrections")
