"""The manager's tabs under the Pareto: segments, trends, co-occurrence, churn rate, action plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.codebook import Codebook
from surveys import Survey
from ui.breakdown_view import cooccurrence_view, segments_view
from ui.i18n import t
from ui.trends_view import actions_view, churn_view, trends_view

TABS = ("segments", "trends", "cooccurrence", "churn", "actions")


def manager_tabs(coded: pd.DataFrame, survey: Survey, text_col: str, codebook: Codebook, lang: str,
                 pareto: pd.DataFrame) -> None:
    """One tab per manager view, on the rows the sidebar filters kept."""
    tabs = st.tabs([t(f"breakdown_tab_{key}", lang) for key in TABS])
    with tabs[0]:
        segments_view(coded, survey, text_col, codebook, lang)
    with tabs[1]:
        trends_view(coded, survey, codebook, lang)
    with tabs[2]:
        cooccurrence_view(coded, codebook, lang)
    with tabs[3]:
        churn_view(coded, survey, codebook, lang)
    with tabs[4]:
        actions_view(pareto, codebook, lang)
