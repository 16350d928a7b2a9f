"""ChurnLens: the Streamlit app. UI only — reading and coding live in surveys/ and analysis/."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from analysis.agreement import apply_corrections
from analysis.codebook import CodebookError, available_packs
from surveys import SurveyError
from surveys.demo import DEMO_PACKS
from ui import data, report_view, upload_view
from ui.i18n import DEMOS, LANGS, t
from ui.manager_view import manager_tabs
from ui.themes_view import session_codebook, themes_section
from ui.views import corrections_section, pareto_section, verbatim_section

st.set_page_config(page_title="ChurnLens", page_icon="🔍", layout="wide")


def choose_language() -> str:
    """The UI language from the sidebar switch (default from ?lang=, else Chinese)."""
    default = st.query_params.get("lang", "zh")
    options = list(LANGS)
    lang = st.sidebar.radio(LANGS["zh"] + " / " + LANGS["en"], options, format_func=LANGS.get,
                            index=options.index(default) if default in options else 0, horizontal=True,
                            key="lang")
    st.query_params["lang"] = lang
    return lang


def choose_survey(lang: str):
    """The survey to analyse (a demo or an upload) and a cache key for its content."""
    source = st.sidebar.selectbox(t("source", lang), list(DEMOS), format_func=lambda k: DEMOS[k][lang],
                                  key="source")
    if source != "upload":
        return data.read_demo(source), f"demo:{source}", DEMO_PACKS.get(source, ())
    uploaded = st.sidebar.file_uploader(t("upload", lang), help=t("upload_help", lang), key="upload",
                                        type=["csv", "tsv", "txt", "xlsx", "xls", "jsonl", "json"])
    if uploaded is None:
        st.info(t("upload_prompt", lang))
        st.stop()
    content = uploaded.getvalue()
    content_hash = data.digest(content)
    survey = data.read_survey(content_hash, uploaded.name, None, content)
    if len(survey.sheets) > 1:
        sheet = st.sidebar.selectbox(t("sheet", lang), survey.sheets, index=survey.sheets.index(survey.sheet),
                                     key="sheet")
        if sheet != survey.sheet:
            survey = data.read_survey(content_hash, uploaded.name, sheet, content)
        content_hash = f"{content_hash}:{sheet}"
    return survey, content_hash, ()


def apply_filters(coded: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Rows that match every segment filter chosen in the sidebar (empty choice = all)."""
    st.sidebar.subheader(t("filters", lang))
    mask = pd.Series(True, index=coded.index)
    for column in columns:
        values = sorted(coded[column].dropna().astype(str).unique())
        chosen = st.sidebar.multiselect(str(column), values, placeholder=t("all", lang), key=f"filter:{column}")
        if chosen:
            mask &= coded[column].astype(str).isin(chosen)
    return coded[mask]


def main() -> None:
    """Lay out the page."""
    lang = choose_language()
    st.title(t("app_title", lang))
    st.caption(t("tagline", lang))
    if token := report_view.requested_token():  # a saved link needs no upload
        report_view.saved_report_page(token, lang)
        return
    try:
        survey, content_hash, default_packs = choose_survey(lang)
    except SurveyError as error:
        st.error(error.message(lang))
        st.stop()
    if st.session_state.get("data_shown") != content_hash:
        # Another data set: a reason picked for the last one would linger in the picker's state while
        # the page shows the new list's first entry.
        for key in ("verbatim_reason", "verbatim_clicked", "verbatim_search"):
            st.session_state.pop(key, None)
        st.session_state["data_shown"] = content_hash
    survey, choice_cols = upload_view.detection_section(survey, content_hash, lang)
    text_columns = (list(dict.fromkeys(survey.reason_text_columns + survey.text_columns))
                    or [c for c in survey.frame.columns if survey.roles[c] != "number"])
    if not text_columns:
        st.error(t("no_text_col", lang))
        st.stop()
    text_col = st.sidebar.selectbox(t("text_col", lang), text_columns, key="text_col")
    packs_known = available_packs()
    packs = st.sidebar.multiselect(t("packs", lang), list(packs_known), default=[p for p in default_packs if p in packs_known],
                                   format_func=packs_known.get, key="packs")
    try:
        book = data.codebook(tuple(packs))
    except CodebookError as error:
        st.error(str(error))
        st.stop()
    base_book, book = book, session_codebook(book)
    bar = st.empty()
    coded = data.coded_rows(content_hash, text_col, survey.frame, book,
                            lambda share: bar.progress(share, text=t("coding", lang)), tuple(choice_cols))
    bar.empty()
    corrections = st.session_state.setdefault("corrections", {}).setdefault(content_hash, {})
    automatic, coded = coded, apply_corrections(coded, corrections)
    numbers = [c for c, role in survey.roles.items() if role == "number"]
    report_view.seed_view(coded, survey.segment_columns, numbers)
    filtered = apply_filters(coded, survey.segment_columns, lang)
    base = st.sidebar.radio(t("base", lang), ["respondents", "mentions"], key="base",
                            format_func=lambda b: t(f"base_{b}", lang))
    weight_col = st.sidebar.selectbox(t("weight", lang), [None, *numbers], key="weight",
                                      format_func=lambda c: t("no_weight", lang) if c is None else str(c))
    report_view.publish_view(survey.segment_columns)
    if filtered.empty:
        st.warning(t("empty_filter", lang))
        return
    table, clicked = pareto_section(filtered, book, lang, base, weight_col)
    shown = verbatim_section(filtered, text_col, book, lang, table, clicked)
    corrections_section(shown, automatic, text_col, book, lang, corrections, survey.source)
    if choice_cols:
        upload_view.sources_section(filtered, book, lang)
    manager_tabs(filtered, survey, text_col, book, lang, table)
    themes_section(filtered, text_col, survey.roles, base_book, book, lang, content_hash)
    report_view.share_section(coded, filtered, text_col, book, survey.segment_columns, numbers, survey.source, lang)


try:
    main()
except Exception:  # the page gets one sentence; the details go to the server log
    logging.getLogger("churnlens").exception("the page failed")
    st.error(t("unexpected", st.session_state.get("lang", "zh")))
